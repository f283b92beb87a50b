/*
** Account rules.
*/
#include "rules/account_rules.h"

#include <ctype.h>
#include <string.h>

#include "core/err.h"

int account_login_check(const char *login) {
    size_t n = login ? strlen(login) : 0;
    if (n < 3 || n > 32 || !isalpha((unsigned char)login[0])) return -ERR_LOGIN_NAME;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)login[i];
        if (!(islower(c) || isdigit(c) || c == '_' || c == '-')) return -ERR_LOGIN_NAME;
    }
    return 0;
}
