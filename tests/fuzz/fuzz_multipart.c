/*
** libFuzzer target: multipart/form-data, parsed from memory and from the
** spool file that upload routes use, which must agree part for part.
** Input: the Content-Type header value up to the first newline (so the
** boundary parameter is fuzzed too), then the body.
*/
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "http/internal.h"

typedef struct Parsed {
    int rc;
    ParamList fields;
    UploadFile *files;
    size_t nfiles;
} Parsed;

/* Both parses must give the same result, byte for byte. */
static void compare(const Parsed *a, const Parsed *b) {
    if (a->rc != b->rc) __builtin_trap();
    if (a->rc) return;
    if (a->fields.n != b->fields.n || a->nfiles != b->nfiles) __builtin_trap();
    for (size_t i = 0; i < a->fields.n; i++) {
        const Param *x = &a->fields.items[i], *y = &b->fields.items[i];
        if (strcmp(x->name, y->name) || x->len != y->len || memcmp(x->value, y->value, x->len))
            __builtin_trap();
    }
    for (size_t i = 0; i < a->nfiles; i++) {
        const UploadFile *x = &a->files[i], *y = &b->files[i];
        if (strcmp(x->field, y->field) || strcmp(x->filename, y->filename) || x->len != y->len ||
            memcmp(x->data, y->data, x->len))
            __builtin_trap();
    }
}

/* Invariants of one parse of a body of n bytes. */
static void check(const Parsed *p, const char *body, size_t n) {
    if (p->rc) return;
    if (p->fields.n + p->nfiles > HTTP_MAX_FIELDS) __builtin_trap();
    for (size_t i = 0; i < p->nfiles; i++) {
        const char *d = (const char *)p->files[i].data;
        if (d < body || d + p->files[i].len > body + n) __builtin_trap(); /* inside the body */
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const char *nl = memchr(data, '\n', size < 256 ? size : 256);
    if (!nl) return 0;
    Arena a;
    arena_init(&a);
    char *ct = arena_strndup(&a, (const char *)data, (size_t)(nl - (const char *)data));
    const char *body = nl + 1;
    size_t n = size - (size_t)(body - (const char *)data);
    /* From memory, as on ordinary routes (an exact-size copy, so ASan sees
    ** any read past the end). */
    char *copy = malloc(n ? n : 1);
    memcpy(copy, body, n);
    Parsed mem = {0}, file = {0};
    mem.rc = parse_multipart(&a, ct, copy, n, n, &mem.fields, &mem.files, &mem.nfiles);
    check(&mem, copy, n);
    /* From the spool file, as on upload routes. */
    Spool s;
    if (spool_open(&s, "/tmp") == 0) {
        if (spool_write(&s, body, n) < 0) __builtin_trap();
        const char *m = spool_map(&s);
        if (!m) __builtin_trap();
        file.rc = parse_multipart(&a, ct, m, n, n, &file.fields, &file.files, &file.nfiles);
        check(&file, m, n);
        compare(&mem, &file);
        spool_close(&s);
    }
    free(copy);
    arena_free(&a);
    return 0;
}
