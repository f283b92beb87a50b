/*
** MD5, AES-128-CBC and constant-time comparison through libcrypto (EVP).
*/
#include "regulator/regcrypto.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>

/* libcrypto failing to set up a digest or cipher means no memory. */
static _Noreturn void regcrypto_abort(const char *what) {
    fprintf(stderr, "libcrypto: %s failed\n", what);
    abort();
}

void regcrypto_md5(const void *p, size_t n, uint8_t md[16]) {
    unsigned int len = 0;
    if (EVP_Digest(p, n, md, &len, EVP_md5(), NULL) != 1 || len != 16) regcrypto_abort("MD5");
}

long regcrypto_aes128cbc(bool enc, const uint8_t key[16], const uint8_t iv[16], const void *p,
                         size_t n, uint8_t *out) {
    if (n > (size_t)INT32_MAX - 32) return -1;
    EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
    if (!c) regcrypto_abort("EVP_CIPHER_CTX_new");
    int l1 = 0, l2 = 0;
    if (EVP_CipherInit_ex(c, EVP_aes_128_cbc(), NULL, key, iv, enc ? 1 : 0) != 1)
        regcrypto_abort("AES-128-CBC");
    int ok =
        EVP_CipherUpdate(c, out, &l1, p, (int)n) == 1 && EVP_CipherFinal_ex(c, out + l1, &l2) == 1;
    EVP_CIPHER_CTX_free(c);
    return ok ? (long)l1 + l2 : -1;
}

bool regcrypto_equal(const void *a, const void *b, size_t n) {
    return CRYPTO_memcmp(a, b, n) == 0;
}
