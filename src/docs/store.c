/*
** Content-addressed, encrypted file store. A file on disk is exactly the
** output of crypto_seal (version byte, nonce, MAC, ciphertext) of the
** plaintext whose SHA-256 is its name. Writes to one name are serialised by
** one of STORE_LOCKS mutexes chosen by the name, so a put and a delete of
** the same content cannot interleave; reads take no lock (rename is atomic).
*/
#include "docs/store.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/crypto.h"
#include "core/err.h"
#include "core/log.h"

#define STORE_LOCKS 64
#define PATH_CAP    4096

struct Store {
    char *dir;
    pthread_mutex_t locks[STORE_LOCKS];
};

bool store_name_valid(const char *s) {
    if (!s) return false;
    for (int i = 0; i < 64; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f'))) return false;
    return s[64] == 0;
}

static pthread_mutex_t *lock_for(Store *s, const char *hex) {
    unsigned v = (unsigned)(hex[0] <= '9' ? hex[0] - '0' : hex[0] - 'a' + 10) << 4 |
                 (unsigned)(hex[1] <= '9' ? hex[1] - '0' : hex[1] - 'a' + 10);
    return &s->locks[v % STORE_LOCKS];
}

/* <dir>/ab, <dir>/ab/cd or <dir>/ab/cd/<hex> for depth 1, 2, 3. */
static void path_of(const Store *s, const char *hex, int depth, char out[PATH_CAP]) {
    if (depth == 1)
        snprintf(out, PATH_CAP, "%s/%.2s", s->dir, hex);
    else if (depth == 2)
        snprintf(out, PATH_CAP, "%s/%.2s/%.2s", s->dir, hex, hex + 2);
    else
        snprintf(out, PATH_CAP, "%s/%.2s/%.2s/%s", s->dir, hex, hex + 2, hex);
}

static int fsync_dir(const char *path) {
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return -1;
    int rc = fsync(fd);
    close(fd);
    return rc;
}

static char *parent_of(const char *path, char out[PATH_CAP]) {
    snprintf(out, PATH_CAP, "%s", path);
    char *slash = strrchr(out, '/');
    if (slash == out)
        slash[1] = 0;
    else if (slash)
        *slash = 0;
    else
        snprintf(out, PATH_CAP, ".");
    return out;
}

/* mkdir 0700 unless present; a new directory's entry is made durable. */
static int ensure_dir(const char *path) {
    if (mkdir(path, 0700) == 0) {
        char parent[PATH_CAP];
        return fsync_dir(parent_of(path, parent));
    }
    struct stat st;
    if (errno != EEXIST) return -1;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) return 0;
    errno = ENOTDIR;
    return -1;
}

int store_open(const char *dir, Store **out) {
    *out = NULL;
    if (!crypto_ready()) return -ERR_STORE_NO_KEY;
    if (!dir || !*dir || strlen(dir) > PATH_CAP - 80) return -ERR_STORE_IO;
    if (ensure_dir(dir) != 0 || access(dir, W_OK | X_OK) != 0) {
        log_error("file store %s: %s", dir, strerror(errno));
        return -ERR_STORE_IO;
    }
    Store *s = xcalloc(1, sizeof *s);
    s->dir = xstrdup(dir);
    for (int i = 0; i < STORE_LOCKS; i++)
        pthread_mutex_init(&s->locks[i], NULL);
    *out = s;
    return 0;
}

void store_close(Store *s) {
    if (!s) return;
    for (int i = 0; i < STORE_LOCKS; i++)
        pthread_mutex_destroy(&s->locks[i]);
    free(s->dir);
    free(s);
}

static int write_all(int fd, const unsigned char *p, size_t n) {
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* Write sealed bytes to final through a temporary file in its directory. */
static int write_atomic(const char *dirpath, const char *final, const unsigned char *p, size_t n) {
    char tmp[PATH_CAP];
    if (snprintf(tmp, sizeof tmp, "%s/.tmp-XXXXXX", dirpath) >= (int)sizeof tmp) return -1;
    int fd = mkostemp(tmp, O_CLOEXEC);
    if (fd < 0) return -1;
    if (fchmod(fd, 0600) != 0 || write_all(fd, p, n) != 0 || fsync(fd) != 0) {
        close(fd);
        unlink(tmp);
        return -1;
    }
    if (close(fd) != 0 || rename(tmp, final) != 0) {
        unlink(tmp);
        return -1;
    }
    return fsync_dir(dirpath);
}

static void hash_hex(const void *data, size_t n, char hex[65]) {
    Arena a;
    arena_init(&a);
    memcpy(hex, crypto_sha256_hex(&a, data, n), 65);
    arena_free(&a);
}

int store_put(Store *s, const void *data, size_t n, char hex_out[65]) {
    hex_out[0] = 0;
    if (n > STORE_MAX_BYTES) return -ERR_STORE_TOO_LARGE;
    char hex[65], shard1[PATH_CAP], shard2[PATH_CAP], final[PATH_CAP];
    hash_hex(data, n, hex);
    path_of(s, hex, 1, shard1);
    path_of(s, hex, 2, shard2);
    path_of(s, hex, 3, final);
    size_t sealed_n = n + CRYPTO_SEAL_OVERHEAD;
    int rc = 0;
    pthread_mutex_t *lock = lock_for(s, hex);
    pthread_mutex_lock(lock);
    /* Present with the right size: done. A file of another size is damaged
    ** and is replaced by this good copy. */
    struct stat st;
    if (lstat(final, &st) != 0 || !S_ISREG(st.st_mode) || (size_t)st.st_size != sealed_n) {
        unsigned char *sealed = xmalloc(sealed_n);
        crypto_seal(sealed, data, n);
        if (ensure_dir(shard1) != 0 || ensure_dir(shard2) != 0 ||
            write_atomic(shard2, final, sealed, sealed_n) != 0) {
            log_error("file store: cannot write %s: %s", final, strerror(errno));
            rc = -ERR_STORE_IO;
        }
        free(sealed);
    }
    pthread_mutex_unlock(lock);
    if (rc == 0) memcpy(hex_out, hex, 65);
    return rc;
}

/* Read the whole regular file at path into a heap buffer. */
static int read_file(const char *path, unsigned char **out, size_t *n) {
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) return errno == ENOENT ? -ERR_STORE_NOT_FOUND : -ERR_STORE_IO;
    struct stat st;
    int rc = 0;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
        rc = -ERR_STORE_IO;
    else if ((size_t)st.st_size < CRYPTO_SEAL_OVERHEAD ||
             (size_t)st.st_size > STORE_MAX_BYTES + CRYPTO_SEAL_OVERHEAD)
        rc = -ERR_STORE_TAMPERED;
    size_t want = rc == 0 ? (size_t)st.st_size : 0, got = 0;
    unsigned char *buf = rc == 0 ? xmalloc(want) : NULL;
    while (rc == 0 && got < want) {
        ssize_t r = read(fd, buf + got, want - got);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0)
            rc = -ERR_STORE_IO;
        else
            got += (size_t)r;
    }
    close(fd);
    if (rc < 0) {
        free(buf);
        return rc;
    }
    *out = buf;
    *n = want;
    return 0;
}

int store_get(Store *s, Arena *a, const char *sha256_hex, void **data, size_t *n) {
    *data = NULL;
    *n = 0;
    if (!store_name_valid(sha256_hex)) return -ERR_STORE_BAD_NAME;
    char path[PATH_CAP];
    path_of(s, sha256_hex, 3, path);
    unsigned char *sealed;
    size_t sealed_n;
    int rc = read_file(path, &sealed, &sealed_n);
    if (rc < 0) return rc;
    unsigned char *plain = arena_alloc(a, sealed_n - CRYPTO_SEAL_OVERHEAD + 1);
    long m = crypto_open(plain, sealed, sealed_n);
    free(sealed);
    if (m < 0) {
        log_warn("file store: %s does not decrypt (altered, or another master key)", sha256_hex);
        return -ERR_STORE_TAMPERED;
    }
    plain[m] = 0;
    char hex[65];
    hash_hex(plain, (size_t)m, hex);
    if (strcmp(hex, sha256_hex) != 0) {
        log_warn("file store: %s holds content hashing to %s", sha256_hex, hex);
        return -ERR_STORE_TAMPERED;
    }
    *data = plain;
    *n = (size_t)m;
    return 0;
}

bool store_exists(Store *s, const char *sha256_hex) {
    if (!store_name_valid(sha256_hex)) return false;
    char path[PATH_CAP];
    path_of(s, sha256_hex, 3, path);
    struct stat st;
    return lstat(path, &st) == 0 && S_ISREG(st.st_mode);
}

int store_delete(Store *s, const char *sha256_hex) {
    if (!store_name_valid(sha256_hex)) return -ERR_STORE_BAD_NAME;
    char path[PATH_CAP], dir[PATH_CAP];
    path_of(s, sha256_hex, 3, path);
    path_of(s, sha256_hex, 2, dir);
    pthread_mutex_t *lock = lock_for(s, sha256_hex);
    pthread_mutex_lock(lock);
    int rc = 0;
    if (unlink(path) != 0)
        rc = errno == ENOENT ? -ERR_STORE_NOT_FOUND : -ERR_STORE_IO;
    else if (fsync_dir(dir) != 0)
        rc = -ERR_STORE_IO;
    pthread_mutex_unlock(lock);
    return rc;
}
