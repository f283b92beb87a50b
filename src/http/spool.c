/*
** Request bodies spooled to a temporary file instead of memory (upload
** routes): a nameless file in the data directory's tmp/, mode 0600, written
** as the body arrives and mapped read-only for parsing. Nothing is left on
** disk: the file has no name (O_TMPFILE), or loses it as soon as it is open.
*/
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "http/internal.h"

void spool_init(Spool *s) {
    *s = (Spool){.open = false, .fd = -1};
}

int spool_open(Spool *s, const char *dir) {
    spool_init(s);
#ifdef O_TMPFILE
    s->fd = open(dir, O_TMPFILE | O_RDWR | O_EXCL | O_CLOEXEC, 0600);
    if (s->fd >= 0) {
        s->open = true;
        return 0;
    }
    /* Not every file system has O_TMPFILE: a named file, unlinked at once. */
#endif
    char path[4096];
    if (snprintf(path, sizeof path, "%s/body-XXXXXX", dir) >= (int)sizeof path) return -1;
    s->fd = mkostemp(path, O_CLOEXEC); /* mkostemp creates with mode 0600 */
    if (s->fd < 0) return -1;
    unlink(path);
    s->open = true;
    return 0;
}

int spool_write(Spool *s, const void *data, size_t n) {
    const char *p = data;
    while (n) {
        ssize_t w = write(s->fd, p, n);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return -1;
        p += w;
        n -= (size_t)w;
        s->len += (size_t)w;
    }
    return 0;
}

const char *spool_map(Spool *s) {
    if (s->map) return s->map;
    if (s->len == 0) return s->map = "";
    void *m = mmap(NULL, s->len, PROT_READ, MAP_PRIVATE, s->fd, 0);
    if (m == MAP_FAILED) return NULL;
    s->map = m;
    return s->map;
}

void spool_close(Spool *s) {
    if (s->map && s->len) munmap((void *)s->map, s->len);
    if (s->open) close(s->fd);
    spool_init(s);
}
