/*
** Authentication of the MIIT provider interface (V3.0 §3-3): every call
** carries userName, a fresh 20-character randVal and
** pwdHash = base64(MD5(GBK(password + randVal))) with hashAlgorithm 0 (MD5).
** The client side makes randVal and pwdHash; the server side (the
** simulator) checks them in constant time. Thread-safe.
*/
#ifndef BEIAN_REGULATOR_AUTH_H
#define BEIAN_REGULATOR_AUTH_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"

/* randVal is 20 characters; a server accepts up to AUTH_RANDVAL_MAX. */
#define AUTH_RANDVAL_LEN 20
#define AUTH_RANDVAL_MAX 64

/* Fill out with AUTH_RANDVAL_LEN random digits and letters from the CSPRNG,
** NUL-terminated. Uniform: bytes are drawn by rejection. */
void auth_randval(char out[AUTH_RANDVAL_LEN + 1]);

/* pwdHash for password and randVal into *out (arena). -ERR_REG_CHARSET
** when the text has no GBK form. */
int auth_pwdhash(Arena *a, const char *password, const char *randval, char **out);

/* The server's check of one call against the account (user, password):
** 0, or -ERR_REG_AUTH_USER (code 4), -ERR_REG_HASH_TYPE (10),
** -ERR_REG_RANDVAL (16: not 20..64 letters and digits), or
** -ERR_REG_AUTH_PASSWORD (5). The hash comparison is constant-time. */
int auth_check(const char *user, const char *password, const char *got_user,
               const char *got_randval, const char *got_pwdhash, int64_t hash_alg);

/* ICPmm: the lower-case hex MD5 of a filing password's GBK bytes, into *out
** (33 bytes in the arena). -ERR_REG_CHARSET as above. */
int auth_icpmm(Arena *a, const char *filing_password, char **out);

#endif
