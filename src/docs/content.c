/*
** Keyed names and sealing of stored content (docs/content.h).
*/
#include "docs/content.h"

#include <stdio.h>
#include <string.h>

#include "core/crypto.h"
#include "core/err.h"
#include "core/log.h"

/* The KDF context of crypto_mac is its first 8 bytes: "beianfil". */
#define NAME_PURPOSE "beianfile-name"

void content_name(const void *data, size_t n, char hex[65]) {
    unsigned char mac[32];
    crypto_mac(mac, NAME_PURPOSE, data, n);
    for (int i = 0; i < 32; i++)
        snprintf(hex + 2 * i, 3, "%02x", mac[i]);
}

unsigned char *content_seal(Arena *a, const void *data, size_t n, size_t *sealed_n) {
    *sealed_n = n + CRYPTO_SEAL_OVERHEAD;
    unsigned char *out = arena_alloc(a, *sealed_n);
    crypto_seal(out, data, n);
    return out;
}

int content_open(Arena *a, const char *name, const void *sealed, size_t sealed_n, void **data,
                 size_t *n) {
    *data = NULL;
    *n = 0;
    if (sealed_n < CRYPTO_SEAL_OVERHEAD || sealed_n > CONTENT_MAX_BYTES + CRYPTO_SEAL_OVERHEAD)
        return -ERR_STORE_TAMPERED;
    unsigned char *plain = arena_alloc(a, sealed_n - CRYPTO_SEAL_OVERHEAD + 1);
    long m = crypto_open(plain, sealed, sealed_n);
    if (m < 0) {
        log_warn("file store: %.12s… does not decrypt (altered, or another master key)",
                 name ? name : "thumbnail");
        return -ERR_STORE_TAMPERED;
    }
    plain[m] = 0;
    if (name) {
        char hex[65];
        content_name(plain, (size_t)m, hex);
        if (strcmp(hex, name) != 0) {
            log_warn("file store: %.12s… holds other content", name);
            return -ERR_STORE_TAMPERED;
        }
    }
    *data = plain;
    *n = (size_t)m;
    return 0;
}
