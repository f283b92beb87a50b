/*
** Recovering a lost login (seed §5): the customer gives the ICP filing
** number and the subject principal's e-mail; when they match, Beian e-mails
** that address the login name and a one-hour link to set a new password.
** The answer is the same whether or not they matched, so the page cannot
** be used to learn who filed what.
*/
#include <string.h>

#include "core/i18n.h"
#include "core/password.h"
#include "core/util.h"
#include "db/db.h"
#include "model/account.h"
#include "model/audit.h"
#include "model/outbox.h"
#include "model/reset.h"
#include "model/recover.h"
#include "model/session.h"
#include "model/throttle.h"
#include "tmpl_all.h"
#include "web/handlers.h"
#include "web/views.h"
#include "web/web.h"

#define RESET_TTL_S    3600
#define RECOVER_MAX    10
#define RECOVER_WINDOW 3600

static int recover_form(Req *r, int status, bool sent) {
    FormPageView v = {r, sent ? "sent" : NULL};
    Buf body;
    buf_init(&body, &r->arena);
    Tmpl t = web_tmpl(r, &body);
    tmpl_auth_recover(&t, &v);
    return web_page(r, status, T(r->lang, "找回登录信息"), &body);
}

int h_recover_page(Req *r) {
    return recover_form(r, 200, false);
}

typedef struct RecoverTx {
    Req *r;
    const char *number, *email;
    bool matched;
} RecoverTx;

static int recover_tx(Db *db, void *ctx) {
    RecoverTx *t = ctx;
    Req *r = t->r;
    t->matched = false;
    int64_t account_id = 0;
    const char *login = NULL, *to = NULL;
    int rc = recover_lookup(db, &r->arena, t->number, t->email, &account_id, &login, &to);
    Actor who = http_actor(r);
    if (rc == -ERR_NOT_FOUND)
        return audit_write(db, &who, "account.recover_request", "account", 0, "no match");
    if (rc < 0) return rc;
    char *token;
    rc = reset_create(db, &r->arena, account_id, RESET_TTL_S, &token);
    if (rc < 0) return rc;
    const char *body = arena_printf(
        &r->arena,
        "您好：\n\n有人在 ICP备案系统 上用备案号 %s 和本邮箱申请找回登录信息。\n\n"
        "登录名：%s\n\n如需重新设置密码，请在 1 小时内打开下面的链接：\n%s/recover/%s\n\n"
        "如果这不是您本人的操作，请忽略本邮件，您的账户不会有任何变化。\n",
        t->number, login, web_origin(r), token);
    rc = outbox_queue(db, to, "ICP备案系统：您的登录信息", body);
    if (rc == 0)
        rc = audit_write(db, &who, "account.recover_request", "account", account_id, "sent");
    t->matched = rc == 0;
    return rc;
}

int h_recover(Req *r) {
    RecoverTx t = {r};
    const Field spec[] = {
        {"icp_number", FK_TEXT, FF_REQUIRED, 0, 40, NULL, NULL, &t.number},
        {"email", FK_TEXT, FF_REQUIRED, 0, 254, NULL, check_email, &t.email},
        FIELD_END,
    };
    int rc = spec_parse(r, spec);
    if (rc < 0) return r->api ? rc : recover_form(r, 400, false);
    const char *key = arena_printf(&r->arena, "recover:%s", r->ip);
    rc = throttle_check(r->db, key, RECOVER_MAX, RECOVER_WINDOW, time_now());
    if (rc == 0) rc = throttle_fail(r->db, key, RECOVER_WINDOW, time_now());
    if (rc < 0) return rc;
    rc = db_tx(r->db, recover_tx, &t);
    if (rc < 0) return rc;
    if (r->api) return resp_json(r, 202, json_pack("{s:s}", "status", "accepted"));
    return recover_form(r, 200, true);
}

/* ------------------------------------------------ a new password by link */

typedef struct ResetJob {
    const char *token, *pw, *pw2;
    int64_t account_id;
    int hash_rc;
    char hash[PASSWORD_HASH_MAX];
} ResetJob;

static int reset_form(Req *r, int status, const char *error) {
    FormPageView v = {r, error};
    Buf body;
    buf_init(&body, &r->arena);
    Tmpl t = web_tmpl(r, &body);
    tmpl_auth_reset(&t, &v);
    return web_page(r, status, T(r->lang, "设置新密码"), &body);
}

int h_reset_page(Req *r) {
    int64_t account_id;
    int rc = reset_lookup(r->db, &r->arena, req_param(r, "token"), &account_id);
    if (rc == -ERR_NOT_FOUND)
        return reset_form(r, 404, T(r->lang, "链接无效或已过期，请重新找回。"));
    if (rc < 0) return rc;
    return reset_form(r, 200, NULL);
}

static void reset_work(void *ctx) {
    ResetJob *j = ctx;
    j->hash_rc = password_hash(j->pw, j->hash);
}

static int reset_tx(Db *db, void *ctx) {
    Req *r = ctx;
    ResetJob *j = r->cont_ctx;
    int64_t account_id = 0;
    int rc = reset_consume(db, &r->arena, j->token, &account_id);
    if (rc == 0 && account_id != j->account_id) rc = -ERR_NOT_FOUND;
    if (rc == 0) rc = account_set_password(db, j->account_id, j->hash);
    if (rc == 0) rc = session_delete_account(db, j->account_id, 0);
    Actor who = http_actor(r);
    if (rc == 0)
        rc = audit_write(db, &who, "account.password_reset", "account", j->account_id, NULL);
    return rc;
}

static int reset_finish(Req *r) {
    ResetJob *j = r->cont_ctx;
    if (j->hash_rc < 0) return j->hash_rc;
    int rc = db_tx(r->db, reset_tx, r);
    if (rc == -ERR_NOT_FOUND && !r->api)
        return reset_form(r, 404, T(r->lang, "链接无效或已过期，请重新找回。"));
    if (rc < 0) return rc;
    if (r->api) return resp_json(r, 200, json_pack("{s:b}", "ok", 1));
    web_flash(r, T(r->lang, "新密码已设置，请登录。"));
    return resp_redirect(r, "/login");
}

int h_reset(Req *r) {
    ResetJob *j = ARENA_NEW(&r->arena, ResetJob, 1);
    j->token = req_param(r, "token");
    const Field spec[] = {
        {"new_password", FK_TEXT, FF_REQUIRED | FF_NO_TRIM, 1, 128, NULL, NULL, &j->pw},
        {"new_password2", FK_TEXT, FF_REQUIRED | FF_NO_TRIM, 1, 128, NULL, NULL, &j->pw2},
        FIELD_END,
    };
    int rc = spec_parse(r, spec);
    AccountAuth acct = {0};
    if (rc == 0 && reset_lookup(r->db, &r->arena, j->token, &j->account_id) == 0)
        account_auth_by_id(r->db, &r->arena, j->account_id, &acct);
    if (rc == 0 && password_policy(j->pw, acct.login) < 0)
        req_field_error(r, "new_password", ERR_PASSWORD_WEAK), rc = -ERR_INVALID_INPUT;
    if (rc == 0 && strcmp(j->pw, j->pw2) != 0)
        req_field_error(r, "new_password2", ERR_PASSWORD_MISMATCH), rc = -ERR_INVALID_INPUT;
    if (rc < 0) return r->api ? rc : reset_form(r, 400, NULL);
    rc = reset_lookup(r->db, &r->arena, j->token, &j->account_id);
    if (rc == -ERR_NOT_FOUND)
        return r->api ? rc : reset_form(r, 404, T(r->lang, "链接无效或已过期，请重新找回。"));
    if (rc < 0) return rc;
    return req_suspend(r, reset_work, j, reset_finish);
}
