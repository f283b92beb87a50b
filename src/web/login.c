/*
** Login, logout and password change, for the pages and the API alike: the
** same handler answers HTML or JSON depending on the route (r->api).
**
** Password hashing and verification run on the worker pool (req_suspend):
** a burst of logins then queues there instead of stalling page requests.
*/
#include <string.h>

#include "core/i18n.h"
#include "core/password.h"
#include "core/util.h"
#include "db/db.h"
#include "model/account.h"
#include "model/audit.h"
#include "model/session.h"
#include "model/throttle.h"
#include "tmpl_all.h"
#include "web/handlers.h"
#include "web/views.h"
#include "web/web.h"

typedef struct LoginJob {
    const char *login, *password, *next;
    AccountAuth acct;
    bool found, ok;
} LoginJob;

/* Where a role lands after login. */
const char *web_home_of(unsigned role_bit) {
    if (role_bit == ROLE_BIT_CUSTOMER) return "/portal";
    if (role_bit & ROLES_STAFF) return "/staff";
    return "/login";
}

static int login_form(Req *r, int status, const char *error) {
    LoginView v = {r, error, spec_raw(r, "next")};
    if (!*v.next && r->method == HTTP_GET)
        v.next = req_query(r, "next") ? req_query(r, "next") : "";
    Buf body;
    buf_init(&body, &r->arena);
    Tmpl t = web_tmpl(r, &body);
    tmpl_auth_login(&t, &v);
    return web_page(r, status, T(r->lang, "登录"), &body);
}

int h_login_page(Req *r) {
    if (r->who.account_id) return resp_redirect(r, web_home_of(r->who.role_bit));
    return login_form(r, 200, NULL);
}

static int login_refused(Req *r, int code, const char *reason) {
    if (r->api) return code;
    const char *msg = err_msg(code, r->lang);
    if (reason && *reason)
        msg = arena_printf(&r->arena, "%s%s%s", msg, T(r->lang, "。原因："), reason);
    return login_form(r, err_status(code), msg);
}

static void login_verify(void *ctx) {
    LoginJob *j = ctx;
    if (j->found)
        j->ok = password_verify(j->acct.password_hash, j->password);
    else
        password_dummy_verify(j->password); /* same cost: no enumeration by timing */
}

typedef struct ThrottleTx {
    const char *acct_key, *ip_key;
    int window, max;
    Actor who;
    const char *action, *login;
} ThrottleTx;

static ThrottleTx throttle_keys(Req *r, const char *login, const char *action) {
    const Config *cfg = server_config(r->srv);
    Actor who = http_actor(r);
    who.login = login;
    return (ThrottleTx){arena_printf(&r->arena, "acct:%s", login),
                        arena_printf(&r->arena, "ip:%s", r->ip),
                        cfg->login_window_min * 60,
                        cfg->login_max_failures,
                        who,
                        action,
                        login};
}

static json_t *me_json(Req *r) {
    return json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)r->who.account_id, "login",
                     r->who.login, "role",
                     r->who.role_bit == ROLE_BIT_ADMIN      ? "admin"
                     : r->who.role_bit == ROLE_BIT_REVIEWER ? "reviewer"
                                                            : "customer",
                     "display_name", r->who.display_name ? r->who.display_name : "");
}

typedef struct LoginOkTx {
    ThrottleTx *keys;
    int64_t account_id;
} LoginOkTx;

static int login_ok_tx(Db *db, void *ctx) {
    LoginOkTx *t = ctx;
    int rc = throttle_clear(db, t->keys->acct_key);
    if (rc == 0) rc = throttle_forgive(db, t->keys->ip_key);
    if (rc == 0) rc = audit_write(db, &t->keys->who, "login", "account", t->account_id, NULL);
    return rc;
}

/* Count the attempt before the password is checked (a burst of parallel
** guesses then meets the limit too); a login that succeeds is forgiven. */
static int attempt_tx(Db *db, void *ctx) {
    ThrottleTx *t = ctx;
    int64_t now = time_now(), acct = 0, ip = 0;
    int rc = throttle_hit(db, t->acct_key, t->window, now, &acct);
    if (rc == 0) rc = throttle_hit(db, t->ip_key, t->window, now, &ip);
    if (rc < 0) return rc;
    return acct > t->max || ip > (int64_t)t->max * 4 ? -ERR_THROTTLED : 0;
}

static int login_finish(Req *r) {
    LoginJob *j = r->cont_ctx;
    ThrottleTx keys = throttle_keys(r, j->login, "login.failed");
    if (!j->ok) { /* the attempt was counted before the check */
        Actor who = keys.who;
        audit_write(r->db, &who, "login.failed", "login", 0, j->login);
        return login_refused(r, -ERR_LOGIN_FAILED, NULL);
    }
    /* The password was right: now (only now) the account's state may be told. */
    const char *st = j->acct.status;
    if (strcmp(st, "active") != 0) {
        keys.action = "login.refused";
        Actor who = keys.who;
        audit_write(r->db, &who, "login.refused", "account", j->acct.id, st);
        int code = !strcmp(st, "pending")    ? -ERR_ACCOUNT_PENDING
                   : !strcmp(st, "rejected") ? -ERR_ACCOUNT_REJECTED
                                             : -ERR_ACCOUNT_DISABLED;
        return login_refused(r, code, j->acct.status_reason);
    }
    int rc = http_session_begin(r, j->acct.id, j->acct.login, j->acct.role, j->acct.display_name);
    if (rc < 0) return rc;
    keys.who = http_actor(r);
    LoginOkTx ok = {&keys, j->acct.id};
    rc = db_tx(r->db, login_ok_tx, &ok);
    if (rc < 0) return rc;
    if (r->api) {
        json_t *me = me_json(r);
        return resp_json(r, 200,
                         json_pack("{s:o, s:s}", "account", me, "csrf_token", r->csrf_token));
    }
    const char *next = j->next;
    if (!next || next[0] != '/' || next[1] == '/' || str_starts(next, "/login"))
        next = web_home_of(r->who.role_bit);
    return resp_redirect(r, next);
}

int h_login(Req *r) {
    LoginJob *j = ARENA_NEW(&r->arena, LoginJob, 1);
    const Field spec[] = {
        {"login", FK_TEXT, FF_REQUIRED, 1, 64, NULL, NULL, &j->login},
        {"password", FK_TEXT, FF_REQUIRED | FF_NO_TRIM, 1, 128, NULL, NULL, &j->password},
        {"next", FK_TEXT, 0, 0, 300, NULL, NULL, &j->next},
        FIELD_END,
    };
    int rc = spec_parse(r, spec);
    if (rc < 0) return r->api ? rc : login_form(r, 400, NULL);
    char *low = arena_strdup(&r->arena, j->login);
    for (char *p = low; *p; p++)
        if (*p >= 'A' && *p <= 'Z') *p = (char)(*p - 'A' + 'a');
    j->login = low;
    ThrottleTx keys = throttle_keys(r, low, "login.throttled");
    rc = db_tx(r->db, attempt_tx, &keys);
    if (rc == -ERR_THROTTLED) {
        audit_write(r->db, &keys.who, "login.throttled", "login", 0, low);
        return login_refused(r, rc, NULL);
    }
    if (rc < 0) return rc;
    rc = account_auth_by_login(r->db, &r->arena, low, &j->acct);
    if (rc < 0 && rc != -ERR_NOT_FOUND) return rc;
    j->found = rc == 0;
    return req_suspend(r, login_verify, j, login_finish);
}

int h_logout(Req *r) {
    Actor who = http_actor(r);
    int64_t id = r->who.account_id;
    int rc = http_session_end(r);
    if (rc < 0) return rc;
    audit_write(r->db, &who, "logout", "account", id, NULL);
    if (r->api) return resp_json(r, 200, json_pack("{s:b}", "ok", 1));
    web_flash(r, T(r->lang, "您已安全退出。"));
    return resp_redirect(r, "/login");
}

int h_me(Req *r) {
    return resp_json(r, 200,
                     json_pack("{s:o, s:s}", "account", me_json(r), "csrf_token", r->csrf_token));
}

int h_csrf(Req *r) {
    return resp_json(r, 200, json_pack("{s:s}", "csrf_token", r->csrf_token));
}

/* Password change: verify the current one and hash the new one off-thread. */
typedef struct PasswordJob {
    const char *current, *next, *next2;
    AccountAuth acct;
    bool ok;
    int hash_rc;
    char hash[PASSWORD_HASH_MAX];
} PasswordJob;

static int password_form(Req *r, int status, const char *error) {
    FormPageView v = {r, error};
    Buf body;
    buf_init(&body, &r->arena);
    Tmpl t = web_tmpl(r, &body);
    tmpl_auth_password(&t, &v);
    return web_page(r, status, T(r->lang, "修改密码"), &body);
}

int h_password_page(Req *r) {
    return password_form(r, 200, NULL);
}

static void password_work(void *ctx) {
    PasswordJob *j = ctx;
    j->ok = password_verify(j->acct.password_hash, j->current);
    if (j->ok) j->hash_rc = password_hash(j->next, j->hash);
}

typedef struct PasswordTx {
    PasswordJob *j;
    Actor who;
    int64_t keep_session;
} PasswordTx;

static int password_tx(Db *db, void *ctx) {
    PasswordTx *t = ctx;
    int rc = account_set_password(db, t->j->acct.id, t->j->hash);
    if (rc == 0) rc = session_delete_account(db, t->j->acct.id, t->keep_session);
    if (rc == 0)
        rc = audit_write(db, &t->who, "account.password_change", "account", t->j->acct.id, NULL);
    return rc;
}

static int password_finish(Req *r) {
    PasswordJob *j = r->cont_ctx;
    if (!j->ok) {
        req_field_error(r, "current_password", ERR_PASSWORD_WRONG);
        audit_write(r->db, &(Actor){r->who.account_id, r->who.login, r->ip, r->request_id},
                    "account.password_change_failed", "account", r->who.account_id, NULL);
        return r->api ? -ERR_INVALID_INPUT : password_form(r, 400, NULL);
    }
    if (j->hash_rc < 0) return j->hash_rc;
    PasswordTx t = {j, http_actor(r), r->who.session_id};
    int rc = db_tx(r->db, password_tx, &t);
    if (rc < 0) return rc;
    if (r->api) return resp_json(r, 200, json_pack("{s:b}", "ok", 1));
    web_flash(r, T(r->lang, "密码已修改，其他设备上的登录已退出。"));
    return resp_redirect(r, web_home_of(r->who.role_bit));
}

int h_password(Req *r) {
    PasswordJob *j = ARENA_NEW(&r->arena, PasswordJob, 1);
    const Field spec[] = {
        {"current_password", FK_TEXT, FF_REQUIRED | FF_NO_TRIM, 1, 128, NULL, NULL, &j->current},
        {"new_password", FK_TEXT, FF_REQUIRED | FF_NO_TRIM, 1, 128, NULL, NULL, &j->next},
        {"new_password2", FK_TEXT, FF_REQUIRED | FF_NO_TRIM, 1, 128, NULL, NULL, &j->next2},
        FIELD_END,
    };
    int rc = spec_parse(r, spec);
    if (rc == 0 && password_policy(j->next, r->who.login) < 0)
        req_field_error(r, "new_password", ERR_PASSWORD_WEAK), rc = -ERR_INVALID_INPUT;
    if (rc == 0 && strcmp(j->next, j->next2) != 0)
        req_field_error(r, "new_password2", ERR_PASSWORD_MISMATCH), rc = -ERR_INVALID_INPUT;
    if (rc < 0) return r->api ? rc : password_form(r, 400, NULL);
    rc = account_auth_by_id(r->db, &r->arena, r->who.account_id, &j->acct);
    if (rc < 0) return rc;
    return req_suspend(r, password_work, j, password_finish);
}
