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
#include "model/recover.h"
#include "model/reset.h"
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

int h_recover(Req *r) {
    RecoverRequest op = {.a = &r->arena,
                         .origin = web_origin(r),
                         .max = RECOVER_MAX,
                         .window_s = RECOVER_WINDOW,
                         .ttl_s = RESET_TTL_S,
                         .who = http_actor(r)};
    const Field spec[] = {
        SPEC_TEXT("icp_number", &op.number, .flags = FF_REQUIRED, .max = 40),
        SPEC_TEXT("email", &op.email, .flags = FF_REQUIRED, .max = 254, .check = check_email),
        FIELD_END,
    };
    int rc = spec_parse(r, spec);
    if (rc < 0) return r->api ? rc : recover_form(r, 400, false);
    rc = db_tx(r->db, recover_request, &op);
    if (rc < 0) return rc;
    if (op.throttled) return -ERR_THROTTLED;
    if (r->api) return resp_json(r, 202, json_pack("{s:s}", "status", "accepted"));
    return recover_form(r, 200, true);
}

/* ------------------------------------------------ a new password by link */

typedef struct ResetJob {
    const char *pw, *pw2;
    ResetOpen link;
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

static int reset_gone(Req *r) {
    if (r->api) return -ERR_NOT_FOUND;
    return reset_form(r, 404, T(r->lang, "链接无效或已过期，请重新找回。"));
}

int h_reset_page(Req *r) {
    ResetOpen link = {.a = &r->arena, .token = req_param(r, "token")};
    int rc = db_tx_read(r->db, reset_open, &link);
    if (rc == -ERR_NOT_FOUND) return reset_gone(r);
    if (rc < 0) return rc;
    return reset_form(r, 200, NULL);
}

static void reset_work(void *ctx) {
    ResetJob *j = ctx;
    j->hash_rc = password_hash(j->pw, j->hash);
}

static int reset_finish(Req *r) {
    ResetJob *j = r->cont_ctx;
    if (j->hash_rc < 0) return j->hash_rc;
    ResetUse op = {&r->arena, j->link.token, j->link.account_id, j->hash, http_actor(r)};
    int rc = db_tx(r->db, reset_use, &op);
    if (rc == -ERR_NOT_FOUND) return reset_gone(r);
    if (rc < 0) return rc;
    if (r->api) return resp_json(r, 200, json_pack("{s:b}", "ok", 1));
    web_flash(r, T(r->lang, "新密码已设置，请登录。"));
    return resp_redirect(r, "/login");
}

int h_reset(Req *r) {
    ResetJob *j = ARENA_NEW(&r->arena, ResetJob, 1);
    j->link = (ResetOpen){.a = &r->arena, .token = req_param(r, "token")};
    const Field spec[] = {
        SPEC_TEXT("new_password", &j->pw, .flags = FF_REQUIRED | FF_NO_TRIM, .min = 1, .max = 128),
        SPEC_TEXT("new_password2", &j->pw2, .flags = FF_REQUIRED | FF_NO_TRIM, .min = 1,
                  .max = 128),
        FIELD_END,
    };
    int rc = spec_parse(r, spec);
    int link = db_tx_read(r->db, reset_open, &j->link);
    if (link < 0 && link != -ERR_NOT_FOUND) return link;
    if (rc == 0 && password_policy(j->pw, j->link.login) < 0)
        req_field_error(r, "new_password", ERR_PASSWORD_WEAK), rc = -ERR_INVALID_INPUT;
    if (rc == 0 && strcmp(j->pw, j->pw2) != 0)
        req_field_error(r, "new_password2", ERR_PASSWORD_MISMATCH), rc = -ERR_INVALID_INPUT;
    if (rc < 0) return r->api ? rc : reset_form(r, 400, NULL);
    if (link == -ERR_NOT_FOUND) return reset_gone(r);
    return req_suspend(r, reset_work, j, reset_finish);
}
