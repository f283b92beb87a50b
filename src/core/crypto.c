/*
** libsodium secretbox (XSalsa20-Poly1305) for data at rest, and HMAC-SHA256
** for blind indexes and tokens. Sub-keys are derived per purpose.
*/
#include "core/crypto.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/err.h"
#include "core/log.h"
#include "core/util.h"

#define SEAL_VERSION 1

static unsigned char master_key[CRYPTO_KEY_BYTES];
static unsigned char seal_key[crypto_secretbox_KEYBYTES];
static bool key_set;

int crypto_init(const unsigned char key[CRYPTO_KEY_BYTES]) {
    if (sodium_init() < 0) return -ERR_INTERNAL;
    memcpy(master_key, key, CRYPTO_KEY_BYTES);
    crypto_kdf_derive_from_key(seal_key, sizeof seal_key, 1, "beiansea", master_key);
    key_set = true;
    return 0;
}

bool crypto_ready(void) {
    return key_set;
}

static int key_from_hex(const char *hex, unsigned char key[CRYPTO_KEY_BYTES]) {
    size_t len = 0;
    if (sodium_hex2bin(key, CRYPTO_KEY_BYTES, hex, strlen(hex), NULL, &len, NULL) != 0 ||
        len != CRYPTO_KEY_BYTES)
        return -1;
    return 0;
}

int crypto_load_key(const char *data_dir) {
    unsigned char key[CRYPTO_KEY_BYTES];
    if (sodium_init() < 0) return -ERR_INTERNAL;
    const char *env = getenv("BEIAN_MASTER_KEY");
    if (env && *env) {
        if (key_from_hex(env, key) != 0) {
            log_error("BEIAN_MASTER_KEY must be 64 hexadecimal digits");
            return -ERR_INTERNAL;
        }
        return crypto_init(key);
    }
    char path[4096];
    snprintf(path, sizeof path, "%s/master.key", data_dir);
    FILE *f = fopen(path, "r");
    if (f) {
        char hex[80] = {0};
        size_t n = fread(hex, 1, sizeof hex - 1, f);
        fclose(f);
        hex[n] = 0;
        str_trim(hex);
        if (key_from_hex(hex, key) != 0) {
            log_error("%s: not a 64-digit hexadecimal key", path);
            return -ERR_INTERNAL;
        }
        return crypto_init(key);
    }
    if (errno != ENOENT) {
        log_error("%s: %s", path, strerror(errno));
        return -ERR_INTERNAL;
    }
    randombytes_buf(key, sizeof key);
    char hex[CRYPTO_KEY_BYTES * 2 + 2];
    sodium_bin2hex(hex, sizeof hex, key, sizeof key);
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (fd < 0) {
        log_error("cannot create %s: %s", path, strerror(errno));
        return -ERR_INTERNAL;
    }
    strcat(hex, "\n");
    ssize_t w = write(fd, hex, strlen(hex));
    if (w != (ssize_t)strlen(hex) || fsync(fd) != 0) {
        close(fd);
        unlink(path);
        log_error("cannot write %s", path);
        return -ERR_INTERNAL;
    }
    close(fd);
    log_info("created a new master key in %s; back it up: without it no ID number, phone "
             "or scan can be read",
             path);
    return crypto_init(key);
}

void crypto_seal(unsigned char *out, const void *plain, size_t n) {
    out[0] = SEAL_VERSION;
    unsigned char *nonce = out + 1;
    randombytes_buf(nonce, crypto_secretbox_NONCEBYTES);
    crypto_secretbox_easy(out + 1 + crypto_secretbox_NONCEBYTES, plain, n, nonce, seal_key);
}

long crypto_open(unsigned char *out, const unsigned char *sealed, size_t n) {
    if (n < CRYPTO_SEAL_OVERHEAD || sealed[0] != SEAL_VERSION) return -1;
    const unsigned char *nonce = sealed + 1;
    const unsigned char *box = sealed + 1 + crypto_secretbox_NONCEBYTES;
    size_t boxlen = n - 1 - crypto_secretbox_NONCEBYTES;
    if (crypto_secretbox_open_easy(out, box, boxlen, nonce, seal_key) != 0) return -1;
    return (long)(boxlen - crypto_secretbox_MACBYTES);
}

char *crypto_seal_text(Arena *a, const char *plain) {
    if (!plain || !*plain) return arena_strdup(a, plain ? plain : NULL);
    size_t n = strlen(plain);
    unsigned char *sealed = arena_alloc(a, n + CRYPTO_SEAL_OVERHEAD);
    crypto_seal(sealed, plain, n);
    return b64url_encode(a, sealed, n + CRYPTO_SEAL_OVERHEAD);
}

/* Base64url without padding, as sodium_base642bin reads it (the same
** alphabet, a lone last character and non-zero spare bits refused), by
** table: what it decodes is the ciphertext, nothing secret, so the
** constant-time decoder's cost (issue 13: 5 % of an application read) buys
** nothing here. -1 when not base64url or longer than cap. */
static int b64url_decode_public(const char *s, unsigned char *out, size_t cap) {
    /* Each character's value plus one; 0: not in the alphabet. */
    static const unsigned char val[256] = {
        ['A'] = 1,  ['B'] = 2,  ['C'] = 3,  ['D'] = 4,  ['E'] = 5,  ['F'] = 6,  ['G'] = 7,
        ['H'] = 8,  ['I'] = 9,  ['J'] = 10, ['K'] = 11, ['L'] = 12, ['M'] = 13, ['N'] = 14,
        ['O'] = 15, ['P'] = 16, ['Q'] = 17, ['R'] = 18, ['S'] = 19, ['T'] = 20, ['U'] = 21,
        ['V'] = 22, ['W'] = 23, ['X'] = 24, ['Y'] = 25, ['Z'] = 26, ['a'] = 27, ['b'] = 28,
        ['c'] = 29, ['d'] = 30, ['e'] = 31, ['f'] = 32, ['g'] = 33, ['h'] = 34, ['i'] = 35,
        ['j'] = 36, ['k'] = 37, ['l'] = 38, ['m'] = 39, ['n'] = 40, ['o'] = 41, ['p'] = 42,
        ['q'] = 43, ['r'] = 44, ['s'] = 45, ['t'] = 46, ['u'] = 47, ['v'] = 48, ['w'] = 49,
        ['x'] = 50, ['y'] = 51, ['z'] = 52, ['0'] = 53, ['1'] = 54, ['2'] = 55, ['3'] = 56,
        ['4'] = 57, ['5'] = 58, ['6'] = 59, ['7'] = 60, ['8'] = 61, ['9'] = 62, ['-'] = 63,
        ['_'] = 64};
    unsigned acc = 0, bits = 0;
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        unsigned v = val[*p];
        if (!v) return -1;
        acc = (acc << 6) | (v - 1);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            if (n >= cap) return -1;
            out[n++] = (unsigned char)(acc >> bits);
            acc &= (1u << bits) - 1;
        }
    }
    if (bits > 4 || acc != 0) return -1;
    return n > (size_t)0x7fffffff ? -1 : (int)n;
}

char *crypto_open_text(Arena *a, const char *sealed_b64) {
    if (!sealed_b64 || !*sealed_b64) return arena_strdup(a, sealed_b64 ? "" : NULL);
    size_t cap = strlen(sealed_b64);
    unsigned char *sealed = arena_alloc(a, cap);
    int n = b64url_decode_public(sealed_b64, sealed, cap);
    if (n < (int)CRYPTO_SEAL_OVERHEAD) return NULL;
    char *out = arena_alloc(a, (size_t)n);
    long m = crypto_open((unsigned char *)out, sealed, (size_t)n);
    if (m < 0) return NULL;
    out[m] = 0;
    return out;
}

void crypto_mac(unsigned char out[32], const char *purpose, const void *p, size_t n) {
    unsigned char sub[crypto_auth_hmacsha256_KEYBYTES];
    char ctx[crypto_kdf_CONTEXTBYTES] = {0};
    /* The KDF context is 8 bytes: purposes are told apart by their first 8. */
    size_t plen = strlen(purpose);
    memcpy(ctx, purpose, plen < sizeof ctx ? plen : sizeof ctx);
    crypto_kdf_derive_from_key(sub, sizeof sub, 2, ctx, master_key);
    crypto_auth_hmacsha256(out, p, n, sub);
    sodium_memzero(sub, sizeof sub);
}

char *crypto_blind_index(Arena *a, const char *purpose, const char *value) {
    unsigned char mac[32];
    crypto_mac(mac, purpose, value, strlen(value));
    return hex_encode(a, mac, 16);
}

char *crypto_sha256_hex(Arena *a, const void *p, size_t n) {
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, p, n);
    return hex_encode(a, h, sizeof h);
}
