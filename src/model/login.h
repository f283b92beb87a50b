/*
** Logging in and out, and changing a password: the policy around the
** password check (which itself runs on the hashing pool, outside any
** transaction). Every attempt is counted before the password is checked, per
** account and per address, so a burst of parallel guesses meets the limit
** too; a login that succeeds clears its account's count and gives its
** address one attempt back. Every outcome is audited; a failed login's row
** names the account when one matched and never keeps what was typed.
** Each operation is a DbTxFn.
*/
#ifndef BEIAN_MODEL_LOGIN_H
#define BEIAN_MODEL_LOGIN_H

#include <stdbool.h>
#include <stdint.h>

#include "model/account.h"
#include "model/audit.h"

typedef struct LoginPolicy {
    int window_s;        /* the counting window */
    int max_per_account; /* attempts per account (and per password change) */
    int max_per_address; /* attempts per client address */
} LoginPolicy;

/* Count the attempt and find the account. A throttled attempt is counted
** and audited, and answers 0 with *throttled (so the count is kept). */
typedef struct LoginBegin {
    Arena *a;
    const char *login; /* lower-cased */
    LoginPolicy policy;
    Actor who;        /* ip and request id; no account yet */
    bool throttled;   /* out */
    bool found;       /* out: the login names an account */
    AccountAuth acct; /* out, when found */
} LoginBegin;
int login_begin(Db *db, void *ctx);

/* The outcome of the password check: a wrong password (or unknown login)
** is audited; a right one for an account that may not log in yet is told
** why (its status); otherwise a new session replaces the old one. */
typedef struct LoginEnd {
    Arena *a;
    const char *login;
    bool found, password_ok;
    const AccountAuth *acct;
    int64_t old_session; /* the session of the request (a fixed session dies), or 0 */
    const char *user_agent;
    Actor who;
    int refused;        /* out: 0, -ERR_LOGIN_FAILED, -ERR_ACCOUNT_PENDING/_REJECTED/_DISABLED */
    char *token;        /* out: the new session's cookie value */
    int64_t session_id; /* out */
} LoginEnd;
int login_end(Db *db, void *ctx);

/* Log out: the session ends, audited. */
typedef struct Logout {
    int64_t session_id, account_id;
    Actor who;
} Logout;
int logout(Db *db, void *ctx);

/* Before checking the current password of a password change: count the
** attempt (per account, throttled like logins) and load the credentials. */
typedef struct PasswordBegin {
    Arena *a;
    int64_t account_id;
    LoginPolicy policy;
    Actor who;
    bool throttled;   /* out */
    AccountAuth acct; /* out */
} PasswordBegin;
int password_begin(Db *db, void *ctx);

/* After the check: a wrong current password is audited; a right one sets
** the new hash, ends the account's other sessions, revokes its reset links
** and clears the count. */
typedef struct PasswordEnd {
    int64_t account_id;
    bool current_ok;
    const char *new_hash;
    int64_t keep_session;
    Actor who;
} PasswordEnd;
int password_end(Db *db, void *ctx);

#endif
