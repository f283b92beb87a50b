/*
** Accounts: customers who register (pending until staff approve them) and
** staff (reviewers, admins) created by admins or from the command line.
*/
#ifndef BEIAN_MODEL_ACCOUNT_H
#define BEIAN_MODEL_ACCOUNT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "db/db.h"
#include "model/audit.h"

typedef struct AccountNew {
    const char *login;        /* validated by the caller */
    const char *email;        /* lower-cased by the caller */
    const char *mobile;       /* normalised 11 digits; sealed here */
    const char *account_type; /* individual | organisation | staff */
    const char *display_name;
    const char *role;   /* customer | reviewer | admin */
    const char *status; /* pending | active */
    const char *password_hash;
    const char *lang; /* of its messages: zh | en; NULL: zh */
} AccountNew;

typedef struct Account {
    int64_t id;
    char *login, *email, *mobile_mask, *account_type, *display_name, *role, *status;
    char *status_reason;
    char *decided_by_login;
    int64_t created_at, decided_at, password_changed_at;
} Account;

/* Credentials for login: the hash and what decides whether login is allowed. */
typedef struct AccountAuth {
    int64_t id;
    char *login, *role, *status, *status_reason, *password_hash, *display_name;
} AccountAuth;

/* Insert an account. -ERR_LOGIN_TAKEN / -ERR_EMAIL_TAKEN when not unique. */
int account_create(Db *db, Arena *a, const AccountNew *in, int64_t *id);
/* By login name (case-insensitive: logins are stored lower-case). */
int account_auth_by_login(Db *db, Arena *a, const char *login, AccountAuth *out);
int account_auth_by_id(Db *db, Arena *a, int64_t id, AccountAuth *out);
int account_get(Db *db, Arena *a, int64_t id, Account *out);
/* Accounts with the given status ("" for all) and role ("" for all), newest
** first, at most limit, with ids below before_id (0: from the newest; the
** next page starts below the last id shown). */
int account_list(Db *db, Arena *a, const char *status, const char *role, int64_t before_id,
                 int limit, Account **out, size_t *n);
/* How many accounts have the status. */
int account_count(Db *db, const char *status, int64_t *n);
/* Approve or reject a pending account. -ERR_STATE if it is not pending,
** -ERR_NOT_FOUND if absent. */
int account_decide(Db *db, int64_t id, int64_t staff_id, bool approve, const char *reason);
int account_set_password(Db *db, int64_t id, const char *hash);
/* The account's mobile number in clear (an unmask: the caller audits it). */
int account_mobile(Db *db, Arena *a, int64_t id, char **mobile);
/* 0 when both are free, else -ERR_LOGIN_TAKEN or -ERR_EMAIL_TAKEN (or a
** database error). */
int account_taken(Db *db, const char *login, const char *email);

/* ---- Operations (DbTxFn) ---- */

/* Is a login and an e-mail still free? *taken: 0, -ERR_LOGIN_TAKEN or
** -ERR_EMAIL_TAKEN (read-only; checked again by account_register). */
typedef struct AccountFree {
    const char *login, *email;
    int taken; /* out */
} AccountFree;
int account_free(Db *db, void *ctx);

/* Register an account (audited). An e-mail address already registered is
** not said so (that would tell anyone whose address has an account): no
** account is made, its owner is mailed instead (with a link to origin's
** recovery), and *id is 0; the caller answers as for a new account.
** -ERR_LOGIN_TAKEN when the login name is. */
typedef struct AccountRegister {
    AccountNew in;
    Actor who;
    Arena *a;
    const char *origin;
    int64_t id; /* out; 0: the owner of the e-mail was mailed */
} AccountRegister;
int account_register(Db *db, void *ctx);

/* Before the password is hashed: registrations from who.ip are counted
** (at most max within window_s: *throttled) and the login name checked
** (*login_taken). The e-mail is not checked here: see account_register. */
typedef struct RegisterBegin {
    Arena *a;
    const char *login;
    Actor who;
    int max, window_s;
    bool throttled, login_taken; /* out */
} RegisterBegin;
int register_begin(Db *db, void *ctx);

/* A page of accounts of a status ("" all) and role, with the number pending. */
typedef struct AccountsPage {
    Arena *a;
    const char *status, *role;
    int64_t before_id; /* 0: the first page */
    int limit;
    Account *rows; /* out */
    size_t n;
    int64_t pending; /* out */
} AccountsPage;
int accounts_page(Db *db, void *ctx);

/* Approve or reject a pending account (audited); out: the account after. */
typedef struct AccountDecision {
    Arena *a;
    int64_t id;
    bool approve;
    const char *reason;
    Actor who;
    Account account; /* out */
} AccountDecision;
int account_decision(Db *db, void *ctx);

#endif
