/*
** randVal, pwdHash and their server-side check (see auth.h).
*/
#include "regulator/auth.h"

#include <string.h>

#include "core/err.h"
#include "core/util.h"
#include "regulator/payload.h"
#include "regulator/regcrypto.h"

static const char randval_alphabet[] =
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

void auth_randval(char out[AUTH_RANDVAL_LEN + 1]) {
    size_t n = 0;
    while (n < AUTH_RANDVAL_LEN) {
        uint8_t bytes[32];
        rand_bytes(bytes, sizeof bytes);
        for (size_t i = 0; i < sizeof bytes && n < AUTH_RANDVAL_LEN; i++)
            if (bytes[i] < 248) out[n++] = randval_alphabet[bytes[i] % 62]; /* 248 = 4 * 62 */
    }
    out[n] = 0;
}

/* MD5 of GBK(a + b) into md (16 bytes). */
static int md5_gbk(Arena *a, const char *x, const char *y, uint8_t md[16]) {
    char *joined = arena_printf(a, "%s%s", x, y), *gbk;
    size_t n;
    int rc = payload_gbk_encode(a, joined, strlen(joined), &gbk, &n);
    if (rc) return rc;
    regcrypto_md5(gbk, n, md);
    return 0;
}

int auth_pwdhash(Arena *a, const char *password, const char *randval, char **out) {
    uint8_t md[16];
    int rc = md5_gbk(a, password, randval, md);
    if (rc) return rc;
    *out = payload_b64_encode(a, md, 16);
    return 0;
}

/* randVal: 20..AUTH_RANDVAL_MAX ASCII letters and digits. */
static int randval_ok(const char *r) {
    size_t n = r ? strlen(r) : 0;
    if (n < AUTH_RANDVAL_LEN || n > AUTH_RANDVAL_MAX) return 0;
    for (size_t i = 0; i < n; i++)
        if (!strchr(randval_alphabet, r[i])) return 0;
    return 1;
}

int auth_check(const char *user, const char *password, const char *got_user,
               const char *got_randval, const char *got_pwdhash, int64_t hash_alg) {
    if (!got_user || strcmp(user, got_user) != 0) return -ERR_REG_AUTH_USER;
    if (hash_alg != REG_HASH_MD5) return -ERR_REG_HASH_TYPE;
    if (!randval_ok(got_randval)) return -ERR_REG_RANDVAL;
    Arena a;
    arena_init(&a);
    uint8_t want[16];
    uint8_t *got = NULL;
    size_t gotn = 0;
    int rc = md5_gbk(&a, password, got_randval, want);
    if (rc == 0 && (!got_pwdhash ||
                    payload_b64_decode(&a, got_pwdhash, strlen(got_pwdhash), &got, &gotn) != 0 ||
                    gotn != 16 || !regcrypto_equal(want, got, 16)))
        rc = -ERR_REG_AUTH_PASSWORD;
    arena_free(&a);
    return rc == -ERR_REG_CHARSET ? -ERR_REG_AUTH_PASSWORD : rc;
}

int auth_icpmm(Arena *a, const char *filing_password, char **out) {
    uint8_t md[16];
    int rc = md5_gbk(a, filing_password, "", md);
    if (rc) return rc;
    *out = hex_encode(a, md, 16);
    return 0;
}
