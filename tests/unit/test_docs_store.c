/*
** Unit tests for src/docs/store.c: round trip, idempotence, encryption at
** rest, tamper detection, name validation, layout and modes, deletion and
** concurrent use.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <dirent.h>
#include <ftw.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/crypto.h"
#include "core/err.h"
#include "docs/store.h"

typedef struct Ctx {
    char dir[64];
    Store *s;
    Arena a;
} Ctx;

static int rm_one(const char *p, const struct stat *st, int flag, struct FTW *f) {
    (void)st, (void)flag, (void)f;
    return remove(p);
}

static int setup(void **state) {
    unsigned char key[CRYPTO_KEY_BYTES];
    for (int i = 0; i < CRYPTO_KEY_BYTES; i++)
        key[i] = (unsigned char)(i * 7 + 1);
    if (crypto_init(key) != 0) return -1;
    Ctx *c = calloc(1, sizeof *c);
    snprintf(c->dir, sizeof c->dir, "/tmp/beian-store-XXXXXX");
    if (!mkdtemp(c->dir)) return -1;
    strcat(c->dir, "/files"); /* store_open creates it */
    if (store_open(c->dir, &c->s) != 0) return -1;
    arena_init(&c->a);
    *state = c;
    return 0;
}

static int teardown(void **state) {
    Ctx *c = *state;
    store_close(c->s);
    arena_free(&c->a);
    *strrchr(c->dir, '/') = 0;
    nftw(c->dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
    free(c);
    return 0;
}

static const char ID_SCAN[] = "ID card front: 110101199003077777 张三 (pretend JPEG)";

static void file_path(const Ctx *c, const char *hex, char *out, size_t cap) {
    snprintf(out, cap, "%s/%.2s/%.2s/%s", c->dir, hex, hex + 2, hex);
}

static unsigned char *slurp(const char *path, size_t *n) {
    *n = 0;
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    *n = (size_t)ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *p = malloc(*n + 1);
    if (fread(p, 1, *n, f) != *n) *n = 0;
    fclose(f);
    return p;
}

static void test_round_trip_and_layout(void **state) {
    Ctx *c = *state;
    char hex[65];
    assert_int_equal(store_put(c->s, ID_SCAN, strlen(ID_SCAN), hex), 0);
    assert_string_equal(hex, crypto_sha256_hex(&c->a, ID_SCAN, strlen(ID_SCAN)));
    assert_true(store_exists(c->s, hex));
    void *data;
    size_t n;
    assert_int_equal(store_get(c->s, &c->a, hex, &data, &n), 0);
    assert_int_equal(n, strlen(ID_SCAN));
    assert_memory_equal(data, ID_SCAN, n);
    assert_int_equal(((char *)data)[n], 0);

    char path[256];
    file_path(c, hex, path, sizeof path);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    assert_int_equal((size_t)st.st_size, strlen(ID_SCAN) + CRYPTO_SEAL_OVERHEAD);
    *strrchr(path, '/') = 0;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0700);
    *strrchr(path, '/') = 0;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0700);
    assert_int_equal(stat(c->dir, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0700);

    /* empty content is content too */
    assert_int_equal(store_put(c->s, "", 0, hex), 0);
    assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    assert_int_equal(store_get(c->s, &c->a, hex, &data, &n), 0);
    assert_int_equal(n, 0);
}

static void test_known_hash(void **state) {
    Ctx *c = *state;
    char hex[65];
    assert_int_equal(store_put(c->s, "abc", 3, hex), 0);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

static void test_encrypted_at_rest(void **state) {
    Ctx *c = *state;
    char hex[65], path[256];
    assert_int_equal(store_put(c->s, ID_SCAN, strlen(ID_SCAN), hex), 0);
    file_path(c, hex, path, sizeof path);
    size_t n = 0;
    unsigned char *raw = slurp(path, &n);
    assert_non_null(raw);
    assert_null(memmem(raw, n, "110101199003077777", 18));
    assert_null(memmem(raw, n, "ID card", 7));
    assert_null(memmem(raw, n, "张三", strlen("张三")));
    free(raw);
}

static void test_idempotent(void **state) {
    Ctx *c = *state;
    char h1[65], h2[65], path[256];
    assert_int_equal(store_put(c->s, ID_SCAN, strlen(ID_SCAN), h1), 0);
    file_path(c, h1, path, sizeof path);
    size_t n1 = 0, n2 = 0;
    unsigned char *first = slurp(path, &n1);
    struct stat st1, st2;
    assert_int_equal(stat(path, &st1), 0);
    assert_int_equal(store_put(c->s, ID_SCAN, strlen(ID_SCAN), h2), 0);
    assert_string_equal(h1, h2);
    assert_int_equal(stat(path, &st2), 0);
    assert_int_equal(st1.st_ino, st2.st_ino); /* not rewritten */
    unsigned char *second = slurp(path, &n2);
    assert_int_equal(n1, n2);
    assert_memory_equal(first, second, n1); /* same nonce: the very same file */
    free(first);
    free(second);
    /* only the file itself in its directory: no duplicate, no temp file left */
    *strrchr(path, '/') = 0;
    DIR *d = opendir(path);
    int entries = 0;
    for (struct dirent *e; (e = readdir(d));)
        if (e->d_name[0] != '.' || strncmp(e->d_name, ".tmp", 4) == 0) entries++;
    closedir(d);
    assert_int_equal(entries, 1);
}

static void test_tamper_detected(void **state) {
    Ctx *c = *state;
    char hex[65], other[65], path[256], opath[256];
    assert_int_equal(store_put(c->s, ID_SCAN, strlen(ID_SCAN), hex), 0);
    file_path(c, hex, path, sizeof path);
    size_t n = 0;
    unsigned char *raw = slurp(path, &n);
    void *data;
    size_t dn;
    for (size_t i = 0; i < n; i += 13) { /* any flipped byte: version, nonce, MAC, text */
        raw[i] ^= 0x20;
        FILE *f = fopen(path, "wb");
        fwrite(raw, 1, n, f);
        fclose(f);
        assert_int_equal(store_get(c->s, &c->a, hex, &data, &dn), -ERR_STORE_TAMPERED);
        raw[i] ^= 0x20;
    }
    FILE *f = fopen(path, "wb");
    fwrite(raw, 1, n - 1, f); /* truncated */
    fclose(f);
    assert_int_equal(store_get(c->s, &c->a, hex, &data, &dn), -ERR_STORE_TAMPERED);
    free(raw);

    /* a valid file of other content under this name: decrypts, but its hash
    ** is not the name */
    assert_int_equal(store_put(c->s, "other content", 13, other), 0);
    file_path(c, other, opath, sizeof opath);
    assert_int_equal(rename(opath, path), 0);
    assert_int_equal(store_get(c->s, &c->a, hex, &data, &dn), -ERR_STORE_TAMPERED);
    /* a damaged file is replaced by the next put of the same content */
    f = fopen(path, "wb");
    fclose(f);
    assert_int_equal(store_put(c->s, ID_SCAN, strlen(ID_SCAN), hex), 0);
    assert_int_equal(store_get(c->s, &c->a, hex, &data, &dn), 0);
}

static void test_wrong_key_is_tamper(void **state) {
    Ctx *c = *state;
    char hex[65];
    assert_int_equal(store_put(c->s, ID_SCAN, strlen(ID_SCAN), hex), 0);
    unsigned char other[CRYPTO_KEY_BYTES] = {9};
    crypto_init(other);
    void *data;
    size_t n;
    assert_int_equal(store_get(c->s, &c->a, hex, &data, &n), -ERR_STORE_TAMPERED);
    unsigned char key[CRYPTO_KEY_BYTES];
    for (int i = 0; i < CRYPTO_KEY_BYTES; i++)
        key[i] = (unsigned char)(i * 7 + 1);
    crypto_init(key);
    assert_int_equal(store_get(c->s, &c->a, hex, &data, &n), 0);
}

static void test_malformed_names(void **state) {
    Ctx *c = *state;
    const char *bad[] = {
        "../../../../etc/passwd",
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015a",   /* 63 */
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad0", /* 65 */
        "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD",  /* upper case */
        "ba/816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f2001.ad",
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015gd",
        "",
        NULL,
    };
    void *data;
    size_t n;
    for (int i = 0; i < 9; i++) {
        assert_int_equal(store_get(c->s, &c->a, bad[i], &data, &n), -ERR_STORE_BAD_NAME);
        assert_false(store_exists(c->s, bad[i]));
        assert_int_equal(store_delete(c->s, bad[i]), -ERR_STORE_BAD_NAME);
    }
    assert_true(
        store_name_valid("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
    assert_int_equal(store_get(c->s, &c->a,
                               "0000000000000000000000000000000000000000000000000000000000000000",
                               &data, &n),
                     -ERR_STORE_NOT_FOUND);
}

static void test_delete(void **state) {
    Ctx *c = *state;
    char hex[65];
    assert_int_equal(store_put(c->s, ID_SCAN, strlen(ID_SCAN), hex), 0);
    assert_int_equal(store_delete(c->s, hex), 0);
    assert_false(store_exists(c->s, hex));
    void *data;
    size_t n;
    assert_int_equal(store_get(c->s, &c->a, hex, &data, &n), -ERR_STORE_NOT_FOUND);
    assert_int_equal(store_delete(c->s, hex), -ERR_STORE_NOT_FOUND);
}

typedef struct Worker {
    Ctx *c;
    int id, failures;
} Worker;

static void *worker(void *arg) {
    Worker *w = arg;
    Arena a;
    arena_init(&a);
    for (int i = 0; i < 40; i++) {
        /* half the content is shared by all threads, half is this thread's */
        char *body = arena_printf(&a, "document %d of %d", i, i % 2 ? w->id : -1);
        char hex[65];
        void *data;
        size_t n;
        if (store_put(w->c->s, body, strlen(body), hex) != 0 ||
            store_get(w->c->s, &a, hex, &data, &n) != 0 || n != strlen(body) ||
            memcmp(data, body, n) != 0)
            w->failures++;
    }
    arena_free(&a);
    return NULL;
}

static void test_concurrent(void **state) {
    Ctx *c = *state;
    pthread_t t[8];
    Worker w[8];
    for (int i = 0; i < 8; i++) {
        w[i] = (Worker){c, i, 0};
        pthread_create(&t[i], NULL, worker, &w[i]);
    }
    for (int i = 0; i < 8; i++) {
        pthread_join(t[i], NULL);
        assert_int_equal(w[i].failures, 0);
    }
}

/* Runs first, before any setup has set the master key. */
static void test_open_without_key(void **state) {
    (void)state;
    Store *s;
    assert_false(crypto_ready());
    assert_int_equal(store_open("/tmp", &s), -ERR_STORE_NO_KEY);
    assert_null(s);
}

static void test_open_needs_key_and_dir(void **state) {
    (void)state;
    Store *s;
    assert_int_equal(store_open("/nonexistent-beian-dir/a/b", &s), -ERR_STORE_IO);
    assert_null(s);
    assert_int_equal(store_open("/etc/passwd", &s), -ERR_STORE_IO);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_open_without_key),
        cmocka_unit_test_setup_teardown(test_round_trip_and_layout, setup, teardown),
        cmocka_unit_test_setup_teardown(test_known_hash, setup, teardown),
        cmocka_unit_test_setup_teardown(test_encrypted_at_rest, setup, teardown),
        cmocka_unit_test_setup_teardown(test_idempotent, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tamper_detected, setup, teardown),
        cmocka_unit_test_setup_teardown(test_wrong_key_is_tamper, setup, teardown),
        cmocka_unit_test_setup_teardown(test_malformed_names, setup, teardown),
        cmocka_unit_test_setup_teardown(test_delete, setup, teardown),
        cmocka_unit_test_setup_teardown(test_concurrent, setup, teardown),
        cmocka_unit_test_setup_teardown(test_open_needs_key_and_dir, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
