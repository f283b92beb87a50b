/*
** Rules for accounts of the filing system (not of the filings themselves).
*/
#ifndef BEIAN_RULES_ACCOUNT_RULES_H
#define BEIAN_RULES_ACCOUNT_RULES_H

/* Login names: 3-32 characters of [a-z0-9_-], starting with a letter,
** compared case-insensitively (stored lower-case). 0 or -ERR_LOGIN_NAME. */
int account_login_check(const char *login);

#endif
