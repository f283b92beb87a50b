/*
** Passwords: argon2id through libsodium (crypto_pwhash_str), and the policy
** a new password must meet. Hashing costs ~75 ms and 64 MiB on purpose; call
** it on the worker pool, never on an HTTP thread.
*/
#ifndef BEIAN_CORE_PASSWORD_H
#define BEIAN_CORE_PASSWORD_H

#include <stdbool.h>

#define PASSWORD_HASH_MAX 128

/* Hash pw into out (NUL-terminated). Returns 0 or -ERR_INTERNAL. */
int password_hash(const char *pw, char out[PASSWORD_HASH_MAX]);
/* True when pw matches the stored hash. */
bool password_verify(const char *hash, const char *pw);
/* 0 when pw meets the policy (10-128 characters, a letter and a digit, not
** the login name), else -ERR_PASSWORD_WEAK. */
int password_policy(const char *pw, const char *login);
/* A verification against a fixed hash, to spend the same time when the
** account does not exist (no user enumeration by timing). */
void password_dummy_verify(const char *pw);

#endif
