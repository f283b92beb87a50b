/*
** Encryption of personal data at rest (ID numbers, phones, scans) and keyed
** hashes for lookups on encrypted values. One 32-byte master key, kept in
** <data_dir>/master.key (created with mode 0600 on first start) or given by
** BEIAN_MASTER_KEY (64 hex digits); sub-keys for each purpose are derived
** from it with libsodium's KDF, so the master key itself never encrypts.
*/
#ifndef BEIAN_CORE_CRYPTO_H
#define BEIAN_CORE_CRYPTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"

#define CRYPTO_KEY_BYTES 32
/* Overhead that crypto_seal adds to a plaintext: a version byte, nonce, MAC. */
#define CRYPTO_SEAL_OVERHEAD (1 + 24 + 16)

/* Initialise libsodium and set the master key. Returns 0 or -ERR_INTERNAL. */
int crypto_init(const unsigned char key[CRYPTO_KEY_BYTES]);
/* Load the key from hex (env) or from the key file, creating the file when
** absent. Returns 0 or -ERR_INTERNAL with a log line saying why. */
int crypto_load_key(const char *data_dir);
bool crypto_ready(void);

/* Encrypt n bytes; the sealed bytes (n + CRYPTO_SEAL_OVERHEAD) go to out. */
void crypto_seal(unsigned char *out, const void *plain, size_t n);
/* Decrypt; returns the plaintext length, or -1 when the data was altered. */
long crypto_open(unsigned char *out, const unsigned char *sealed, size_t n);

/* Text helpers: sealed text as base64url, for TEXT columns. NULL/"" pass through. */
char *crypto_seal_text(Arena *a, const char *plain);
/* Returns NULL when the value cannot be opened. */
char *crypto_open_text(Arena *a, const char *sealed_b64);

/* A keyed hash for equality lookups on an encrypted value (blind index):
** the same input always gives the same 32 hex digits; the input is never
** recoverable from it. */
char *crypto_blind_index(Arena *a, const char *purpose, const char *value);

/* HMAC-SHA256 keyed by a sub-key of the master key; out receives 32 bytes. */
void crypto_mac(unsigned char out[32], const char *purpose, const void *p, size_t n);

/* SHA-256 of n bytes as 64 lower-case hex digits. */
char *crypto_sha256_hex(Arena *a, const void *p, size_t n);

#endif
