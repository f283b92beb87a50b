/*
** argon2id password hashing.
*/
#include "core/password.h"

#include <ctype.h>
#include <pthread.h>
#include <sodium.h>
#include <string.h>
#include <strings.h>

#include "core/err.h"
#include "core/util.h"

int password_hash(const char *pw, char out[PASSWORD_HASH_MAX]) {
    _Static_assert(PASSWORD_HASH_MAX >= crypto_pwhash_STRBYTES, "hash buffer too small");
    if (crypto_pwhash_str(out, pw, strlen(pw), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        return -ERR_INTERNAL;
    return 0;
}

bool password_verify(const char *hash, const char *pw) {
    if (!hash || !pw) return false;
    return crypto_pwhash_str_verify(hash, pw, strlen(pw)) == 0;
}

int password_policy(const char *pw, const char *login) {
    size_t n = utf8_len(pw);
    if (n < 10 || n > 128) return -ERR_PASSWORD_WEAK;
    bool letter = false, digit = false;
    for (const char *p = pw; *p; p++) {
        if (isalpha((unsigned char)*p)) letter = true;
        if (isdigit((unsigned char)*p)) digit = true;
    }
    if (!letter || !digit) return -ERR_PASSWORD_WEAK;
    if (login && strcasecmp(pw, login) == 0) return -ERR_PASSWORD_WEAK;
    return 0;
}

static char dummy_hash[PASSWORD_HASH_MAX];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void dummy_init(void) {
    password_hash("not-a-real-password-1", dummy_hash);
}

void password_dummy_verify(const char *pw) {
    pthread_once(&dummy_once, dummy_init);
    (void)password_verify(dummy_hash, pw);
}
