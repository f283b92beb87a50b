/*
** Customer registration and the staff's approval of new accounts.
** A registered account is pending until a reviewer or admin approves it;
** until then it cannot log in, and is told why.
*/
#include <string.h>

#include "core/i18n.h"
#include "core/password.h"
#include "core/util.h"
#include "db/db.h"
#include "model/account.h"
#include "tmpl_all.h"
#include "web/handlers.h"
#include "web/views.h"
#include "web/web.h"

static const char *const account_types[] = {"individual", "organisation", NULL};

typedef struct RegisterJob {
    const char *type, *login, *name, *email, *mobile, *password, *password2;
    bool agree;
    int hash_rc;
    char hash[PASSWORD_HASH_MAX];
} RegisterJob;

static int register_form_error(Req *r, int status, const char *error) {
    FormPageView v = {r, error};
    Buf body;
    buf_init(&body, &r->arena);
    Tmpl t = web_tmpl(r, &body);
    tmpl_auth_register(&t, &v);
    return web_page(r, status, T(r->lang, "注册账户"), &body);
}

static int register_form(Req *r, int status) {
    return register_form_error(r, status, NULL);
}

/* Too many registrations from this address: the form again, saying so. */
static int register_refused(Req *r) {
    return register_form_error(r, 429, err_msg(ERR_THROTTLED, r->lang));
}

int h_register_page(Req *r) {
    if (r->who.account_id) return resp_redirect(r, web_home_of(r->who.role_bit));
    return register_form(r, 200);
}

int h_register_done(Req *r) {
    FormPageView v = {r, NULL};
    Buf body;
    buf_init(&body, &r->arena);
    Tmpl t = web_tmpl(r, &body);
    tmpl_auth_register_done(&t, &v);
    return web_page(r, 200, T(r->lang, "注册成功"), &body);
}

static void register_work(void *ctx) {
    RegisterJob *j = ctx;
    j->hash_rc = password_hash(j->password, j->hash);
}

static int register_finish(Req *r) {
    RegisterJob *j = r->cont_ctx;
    if (j->hash_rc < 0) return j->hash_rc;
    AccountRegister op = {.a = &r->arena,
                          .origin = web_origin(r),
                          .in = {.login = j->login,
                                 .email = j->email,
                                 .mobile = j->mobile,
                                 .account_type = j->type,
                                 .display_name = j->name,
                                 .role = "customer",
                                 .status = "pending",
                                 .password_hash = j->hash,
                                 .lang = r->lang == LANG_EN ? "en" : "zh"},
                          .who = http_actor(r)};
    op.who.login = j->login;
    int rc = db_tx(r->db, account_register, &op);
    if (rc == -ERR_LOGIN_TAKEN) {
        req_field_error(r, "login", rc);
        return r->api ? -ERR_INVALID_INPUT : register_form(r, 409);
    }
    if (rc < 0) return rc;
    /* The same answer whether the e-mail was new or its owner was mailed. */
    if (r->api)
        return resp_json(r, 201, json_pack("{s:s, s:s}", "login", j->login, "status", "pending"));
    return resp_redirect(r, "/register/done");
}

int h_register(Req *r) {
    RegisterJob *j = ARENA_NEW(&r->arena, RegisterJob, 1);
    const Field spec[] = {
        SPEC_CHOICE("account_type", &j->type, account_types, .flags = FF_REQUIRED, .max = 20),
        SPEC_TEXT("login", &j->login, .flags = FF_REQUIRED, .min = 3, .max = 32,
                  .check = check_login),
        SPEC_TEXT("display_name", &j->name, .flags = FF_REQUIRED, .min = 2, .max = 100),
        SPEC_TEXT("email", &j->email, .flags = FF_REQUIRED, .min = 3, .max = 254,
                  .check = check_email),
        SPEC_TEXT("mobile", &j->mobile, .flags = FF_REQUIRED, .max = 20, .check = check_mobile),
        SPEC_TEXT("password", &j->password, .flags = FF_REQUIRED | FF_NO_TRIM, .min = 1,
                  .max = 128),
        SPEC_TEXT("password2", &j->password2, .flags = FF_REQUIRED | FF_NO_TRIM, .min = 1,
                  .max = 128),
        SPEC_BOOL("agree", &j->agree, .flags = FF_REQUIRED),
        FIELD_END,
    };
    int rc = spec_parse(r, spec);
    if (!req_field_code(r, "password") && password_policy(j->password, j->login) < 0)
        req_field_error(r, "password", ERR_PASSWORD_WEAK), rc = -ERR_INVALID_INPUT;
    if (!req_field_code(r, "password2") && strcmp(j->password, j->password2) != 0)
        req_field_error(r, "password2", ERR_PASSWORD_MISMATCH), rc = -ERR_INVALID_INPUT;
    if (!req_field_code(r, "agree") && !j->agree)
        req_field_error(r, "agree", ERR_FIELD_REQUIRED), rc = -ERR_INVALID_INPUT;
    if (rc == 0) {
        /* Counted per address; the login checked again inside the
        ** transaction (checking first spares the hash). */
        const Config *cfg = server_config(r->srv);
        RegisterBegin b = {.a = &r->arena,
                           .login = j->login,
                           .who = http_actor(r),
                           .max = cfg->register_per_address,
                           .window_s = cfg->register_window_min * 60};
        int brc = db_tx(r->db, register_begin, &b);
        if (brc < 0) return brc;
        if (b.throttled) return r->api ? -ERR_THROTTLED : register_refused(r);
        if (b.login_taken) {
            req_field_error(r, "login", ERR_LOGIN_TAKEN);
            rc = -ERR_INVALID_INPUT;
        }
    }
    if (rc < 0) return r->api ? rc : register_form(r, 400);
    /* Behind logins of existing accounts in the hashing queue. */
    return req_suspend_later(r, register_work, j, register_finish);
}
