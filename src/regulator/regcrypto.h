/*
** The OpenSSL libcrypto calls of the regulator codec, kept in one file:
** OpenSSL's headers declare ERR_STATE, which clashes with the ErrCode
** registry, so nothing else includes them. Thread-safe.
*/
#ifndef BEIAN_REGULATOR_REGCRYPTO_H
#define BEIAN_REGULATOR_REGCRYPTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* MD5 of n bytes into md. */
void regcrypto_md5(const void *p, size_t n, uint8_t md[16]);

/* AES-128-CBC with PKCS#5 padding of n bytes into out, which has room for
** n + 16 bytes; enc true encrypts. Returns the output length, or -1 when
** decryption fails (bad length or padding) or n is over INT32_MAX - 32. */
long regcrypto_aes128cbc(bool enc, const uint8_t key[16], const uint8_t iv[16], const void *p,
                         size_t n, uint8_t *out);

/* Constant-time comparison of n bytes: true when equal. */
bool regcrypto_equal(const void *a, const void *b, size_t n);

#endif
