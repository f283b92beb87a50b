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
#include "model/login.h"
#include "tmpl_all.h"
#include "web/handlers.h"
#include "web/views.h"
#include "web/web.h"

typedef struct LoginJob {
    const char *login, *password, *next;
    LoginBegin begin;
    bool ok;
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
    if (j->begin.found)
        j->ok = password_verify(j->begin.acct.password_hash, j->password);
    else
        password_dummy_verify(j->password); /* same cost: no enumeration by timing */
}

static LoginPolicy login_policy(Req *r) {
    const Config *cfg = server_config(r->srv);
    return (LoginPolicy){.window_s = cfg->login_window_min * 60,
                         .max_per_account = cfg->login_max_failures,
                         .max_per_address = cfg->login_max_failures * 4};
}

static json_t *me_json(Req *r) {
    return json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)r->who.account_id, "login",
                     r->who.login, "role",
                     r->who.role_bit == ROLE_BIT_ADMIN      ? "admin"
                     : r->who.role_bit == ROLE_BIT_REVIEWER ? "reviewer"
                                                            : "customer",
                     "display_name", r->who.display_name ? r->who.display_name : "");
}

static int login_finish(Req *r) {
    LoginJob *j = r->cont_ctx;
    const AccountAuth *acct = &j->begin.acct;
    LoginEnd end = {.a = &r->arena,
                    .login = j->login,
                    .found = j->begin.found,
                    .password_ok = j->ok,
                    .acct = acct,
                    .old_session = r->who.session_id,
                    .user_agent = req_header(r, "User-Agent"),
                    .who = http_actor(r)};
    int rc = db_tx(r->db, login_end, &end);
    if (rc < 0) return rc;
    if (end.refused) /* the status (and its reason) only after the right password */
        return login_refused(r, end.refused,
                             end.refused == -ERR_LOGIN_FAILED ? NULL : acct->status_reason);
    http_session_start(r, end.token, end.session_id, acct->id, acct->login, acct->role,
                       acct->display_name);
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
        SPEC_TEXT("login", &j->login, .flags = FF_REQUIRED, .min = 1, .max = 64),
        SPEC_TEXT("password", &j->password, .flags = FF_REQUIRED | FF_NO_TRIM, .min = 1,
                  .max = 128),
        SPEC_TEXT("next", &j->next, .max = 300),
        FIELD_END,
    };
    int rc = spec_parse(r, spec);
    if (rc < 0) return r->api ? rc : login_form(r, 400, NULL);
    char *low = arena_strdup(&r->arena, j->login);
    for (char *p = low; *p; p++)
        if (*p >= 'A' && *p <= 'Z') *p = (char)(*p - 'A' + 'a');
    j->login = low;
    j->begin =
        (LoginBegin){.a = &r->arena, .login = low, .policy = login_policy(r), .who = http_actor(r)};
    rc = db_tx(r->db, login_begin, &j->begin);
    if (rc < 0) return rc;
    if (j->begin.throttled) return login_refused(r, -ERR_THROTTLED, NULL);
    return req_suspend(r, login_verify, j, login_finish);
}

int h_logout(Req *r) {
    Logout op = {r->who.session_id, r->who.account_id, http_actor(r)};
    int rc = db_tx(r->db, logout, &op);
    if (rc < 0) return rc;
    http_session_forget(r);
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
    PasswordBegin begin;
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
    j->ok = password_verify(j->begin.acct.password_hash, j->current);
    if (j->ok) j->hash_rc = password_hash(j->next, j->hash);
}

static int password_finish(Req *r) {
    PasswordJob *j = r->cont_ctx;
    if (j->ok && j->hash_rc < 0) return j->hash_rc;
    PasswordEnd end = {r->who.account_id, j->ok, j->hash, r->who.session_id, http_actor(r)};
    int rc = db_tx(r->db, password_end, &end);
    if (rc < 0) return rc;
    if (!j->ok) {
        req_field_error(r, "current_password", ERR_PASSWORD_WRONG);
        return r->api ? -ERR_INVALID_INPUT : password_form(r, 400, NULL);
    }
    if (r->api) return resp_json(r, 200, json_pack("{s:b}", "ok", 1));
    web_flash(r, T(r->lang, "密码已修改，其他设备上的登录已退出。"));
    return resp_redirect(r, web_home_of(r->who.role_bit));
}

int h_password(Req *r) {
    PasswordJob *j = ARENA_NEW(&r->arena, PasswordJob, 1);
    const Field spec[] = {
        SPEC_TEXT("current_password", &j->current, .flags = FF_REQUIRED | FF_NO_TRIM, .min = 1,
                  .max = 128),
        SPEC_TEXT("new_password", &j->next, .flags = FF_REQUIRED | FF_NO_TRIM, .min = 1,
                  .max = 128),
        SPEC_TEXT("new_password2", &j->next2, .flags = FF_REQUIRED | FF_NO_TRIM, .min = 1,
                  .max = 128),
        FIELD_END,
    };
    int rc = spec_parse(r, spec);
    if (rc == 0 && password_policy(j->next, r->who.login) < 0)
        req_field_error(r, "new_password", ERR_PASSWORD_WEAK), rc = -ERR_INVALID_INPUT;
    if (rc == 0 && strcmp(j->next, j->next2) != 0)
        req_field_error(r, "new_password2", ERR_PASSWORD_MISMATCH), rc = -ERR_INVALID_INPUT;
    if (rc < 0) return r->api ? rc : password_form(r, 400, NULL);
    j->begin = (PasswordBegin){.a = &r->arena,
                               .account_id = r->who.account_id,
                               .policy = login_policy(r),
                               .who = http_actor(r)};
    rc = db_tx(r->db, password_begin, &j->begin);
    if (rc < 0) return rc;
    if (j->begin.throttled) return -ERR_THROTTLED;
    return req_suspend(r, password_work, j, password_finish);
}
