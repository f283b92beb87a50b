/*
** The login and password-change policy.
*/
#include "model/login.h"

#include <string.h>

#include "core/crypto.h"
#include "core/err.h"
#include "core/util.h"
#include "model/reset.h"
#include "model/session.h"
#include "model/throttle.h"

/* The throttle's key of a typed login: a keyed hash, so that the
** throttles table never holds what was typed (an ID number, a phone, a
** password typed into the wrong field). */
static const char *account_key(Arena *a, const char *login) {
    return arena_printf(a, "acct:%s", crypto_blind_index(a, "beianthr-login", login));
}

static const char *address_key(Arena *a, const char *ip) {
    return arena_printf(a, "ip:%s", ip ? ip : "");
}

int login_begin(Db *db, void *ctx) {
    LoginBegin *op = ctx;
    op->throttled = op->found = false;
    int64_t now = time_now(), per_acct = 0, per_ip = 0;
    const LoginPolicy *p = &op->policy;
    int rc = throttle_hit(db, account_key(op->a, op->login), p->window_s, now, &per_acct);
    if (rc == 0) rc = throttle_hit(db, address_key(op->a, op->who.ip), p->window_s, now, &per_ip);
    if (rc == 0) rc = account_auth_by_login(db, op->a, op->login, &op->acct);
    if (rc < 0 && rc != -ERR_NOT_FOUND) return rc;
    op->found = rc == 0;
    if (per_acct <= p->max_per_account && per_ip <= p->max_per_address) return 0;
    op->throttled = true;
    return audit_write(db, &op->who, "login.throttled", "account", op->found ? op->acct.id : 0,
                       op->found ? NULL : "unknown login");
}

static int login_status(const char *status) {
    return !strcmp(status, "active")     ? 0
           : !strcmp(status, "pending")  ? -ERR_ACCOUNT_PENDING
           : !strcmp(status, "rejected") ? -ERR_ACCOUNT_REJECTED
                                         : -ERR_ACCOUNT_DISABLED;
}

int login_end(Db *db, void *ctx) {
    LoginEnd *op = ctx;
    op->token = NULL;
    op->session_id = 0;
    op->refused = 0;
    if (!op->found || !op->password_ok) { /* the attempt was counted before the check */
        op->refused = -ERR_LOGIN_FAILED;
        return audit_write(db, &op->who, "login.failed", "account", op->found ? op->acct->id : 0,
                           op->found ? NULL : "unknown login");
    }
    /* The password was right: now (only now) the account's state may be told. */
    op->refused = login_status(op->acct->status);
    if (op->refused)
        return audit_write(db, &op->who, "login.refused", "account", op->acct->id,
                           op->acct->status);
    int rc = op->old_session ? session_delete(db, op->old_session) : 0;
    if (rc == 0)
        rc = session_create(db, op->a, op->acct->id, op->who.ip, op->user_agent, &op->token,
                            &op->session_id);
    if (rc == 0) rc = throttle_clear(db, account_key(op->a, op->login));
    if (rc == 0) rc = throttle_forgive(db, address_key(op->a, op->who.ip));
    Actor who = op->who;
    who.id = op->acct->id;
    who.login = op->acct->login;
    if (rc == 0) rc = audit_write(db, &who, "login", "account", op->acct->id, NULL);
    return rc;
}

int logout(Db *db, void *ctx) {
    Logout *op = ctx;
    int rc = op->session_id ? session_delete(db, op->session_id) : 0;
    if (rc == 0) rc = audit_write(db, &op->who, "logout", "account", op->account_id, NULL);
    return rc;
}

static const char *password_key(Arena *a, int64_t account_id) {
    return arena_printf(a, "pw:%lld", (long long)account_id);
}

int password_begin(Db *db, void *ctx) {
    PasswordBegin *op = ctx;
    op->throttled = false;
    int64_t count = 0;
    int rc = throttle_hit(db, password_key(op->a, op->account_id), op->policy.window_s, time_now(),
                          &count);
    if (rc == 0) rc = account_auth_by_id(db, op->a, op->account_id, &op->acct);
    if (rc < 0) return rc;
    if (count <= op->policy.max_per_account) return 0;
    op->throttled = true;
    return audit_write(db, &op->who, "account.password_change_throttled", "account", op->account_id,
                       NULL);
}

int password_end(Db *db, void *ctx) {
    PasswordEnd *op = ctx;
    if (!op->current_ok)
        return audit_write(db, &op->who, "account.password_change_failed", "account",
                           op->account_id, NULL);
    Arena a;
    arena_init(&a);
    int rc = account_set_password(db, op->account_id, op->new_hash);
    if (rc == 0) rc = session_delete_account(db, op->account_id, op->keep_session);
    if (rc == 0) rc = reset_revoke_account(db, op->account_id);
    if (rc == 0) rc = throttle_clear(db, password_key(&a, op->account_id));
    arena_free(&a);
    if (rc == 0)
        rc = audit_write(db, &op->who, "account.password_change", "account", op->account_id, NULL);
    return rc;
}
