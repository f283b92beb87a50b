/*
** libFuzzer target for the sealed form of stored files (docs/content.h),
** the bytes the file store reads back from the database. It aborts when:
**  - content_open accepts bytes the fuzzer made up (that would be a forged
**    MAC), under any name;
**  - a content sealed and opened again is not the same content, or its
**    keyed name does not check;
**  - a sealed content with one byte changed opens (the position and the
**    new bit come from the input).
*/
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/crypto.h"
#include "core/err.h"
#include "docs/content.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int ok, const char *what) {
    if (!ok) {
        fprintf(stderr, "invariant failed: %s\n", what);
        abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static int ready;
    if (!ready) {
        unsigned char key[CRYPTO_KEY_BYTES];
        for (int i = 0; i < CRYPTO_KEY_BYTES; i++)
            key[i] = (unsigned char)(i * 13 + 5);
        if (crypto_init(key) != 0) abort();
        ready = 1;
    }
    if (size > 1 << 16) return 0;
    Arena a;
    arena_init(&a);
    char name[65];
    content_name(data, size, name);
    void *out;
    size_t n;
    check(content_open(&a, NULL, data, size, &out, &n) == -ERR_STORE_TAMPERED,
          "made-up bytes open");
    check(content_open(&a, name, data, size, &out, &n) == -ERR_STORE_TAMPERED,
          "made-up bytes open under their name");
    size_t sn;
    unsigned char *sealed = content_seal(&a, data, size, &sn);
    check(sn == size + CRYPTO_SEAL_OVERHEAD, "sealed size");
    check(content_open(&a, name, sealed, sn, &out, &n) == 0, "sealed content opens");
    check(n == size && (size == 0 || memcmp(out, data, size) == 0), "round trip");
    if (size >= 2) {
        size_t at = ((size_t)data[0] << 8 | data[1]) % sn;
        sealed[at] ^= (unsigned char)(1u << (data[size - 1] % 8));
        check(content_open(&a, NULL, sealed, sn, &out, &n) == -ERR_STORE_TAMPERED,
              "a changed byte opens");
    }
    if (size > 0) {
        char other[65];
        content_name(data, size - 1, other);
        unsigned char *s2 = content_seal(&a, data, size - 1, &sn);
        check(content_open(&a, name, s2, sn, &out, &n) == -ERR_STORE_TAMPERED,
              "other content under this name opens");
        (void)other;
    }
    arena_free(&a);
    return 0;
}
