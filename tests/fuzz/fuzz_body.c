/*
** libFuzzer target: the request body parsers (urlencoded and multipart).
** The first byte picks the parser; the rest is the body. For multipart the
** boundary is fixed, so the fuzzer explores the part structure.
*/
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/arena.h"
#include "http/internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 1) return 0;
    Arena a;
    arena_init(&a);
    const char *body = (const char *)data + 1;
    size_t n = size - 1;
    if (data[0] & 1) {
        ParamList fields = {0};
        UploadFile *files = NULL;
        size_t nfiles = 0;
        parse_multipart(&a, "multipart/form-data; boundary=XyZ", body, n, n, &fields, &files,
                        &nfiles);
        if (fields.n + nfiles > HTTP_MAX_FIELDS) __builtin_trap();
        for (size_t i = 0; i < nfiles; i++)
            if (files[i].len > n) __builtin_trap(); /* a part can't outgrow the body */
    } else {
        ParamList l = {0};
        parse_urlencoded(&a, body, n, &l);
        if (l.n > HTTP_MAX_FIELDS) __builtin_trap(); /* the cap holds */
        for (size_t i = 0; i < l.n; i++)
            if (strlen(l.items[i].name) > n) __builtin_trap();
    }
    arena_free(&a);
    return 0;
}
