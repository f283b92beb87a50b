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
#include "model/audit.h"
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

static int register_form(Req *r, int status) {
    FormPageView v = {r, NULL};
    Buf body;
    buf_init(&body, &r->arena);
    Tmpl t = web_tmpl(r, &body);
    tmpl_auth_register(&t, &v);
    return web_page(r, status, T(r->lang, "注册账户"), &body);
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

typedef struct RegisterTx {
    RegisterJob *j;
    Actor who;
    int64_t id;
} RegisterTx;

static int register_tx(Db *db, void *ctx) {
    RegisterTx *t = ctx;
    Arena a;
    arena_init(&a);
    AccountNew in = {t->j->login, t->j->email, t->j->mobile, t->j->type,
                     t->j->name,  "customer",  "pending",    t->j->hash};
    int rc = account_create(db, &a, &in, &t->id);
    arena_free(&a);
    if (rc == 0) rc = audit_write(db, &t->who, "account.register", "account", t->id, t->j->type);
    return rc;
}

static int register_finish(Req *r) {
    RegisterJob *j = r->cont_ctx;
    if (j->hash_rc < 0) return j->hash_rc;
    RegisterTx t = {j, http_actor(r), 0};
    t.who.login = j->login;
    int rc = db_tx(r->db, register_tx, &t);
    if (rc == -ERR_LOGIN_TAKEN || rc == -ERR_EMAIL_TAKEN) {
        req_field_error(r, rc == -ERR_LOGIN_TAKEN ? "login" : "email", rc);
        return r->api ? -ERR_INVALID_INPUT : register_form(r, 409);
    }
    if (rc < 0) return rc;
    if (r->api)
        return resp_json(r, 201,
                         json_pack("{s:I, s:s, s:s}", "id", (json_int_t)t.id, "login", j->login,
                                   "status", "pending"));
    return resp_redirect(r, "/register/done");
}

int h_register(Req *r) {
    RegisterJob *j = ARENA_NEW(&r->arena, RegisterJob, 1);
    const Field spec[] = {
        {"account_type", FK_CHOICE, FF_REQUIRED, 0, 20, account_types, NULL, &j->type},
        {"login", FK_TEXT, FF_REQUIRED, 3, 32, NULL, check_login, &j->login},
        {"display_name", FK_TEXT, FF_REQUIRED, 2, 100, NULL, NULL, &j->name},
        {"email", FK_TEXT, FF_REQUIRED, 3, 254, NULL, check_email, &j->email},
        {"mobile", FK_TEXT, FF_REQUIRED, 11, 20, NULL, check_mobile, &j->mobile},
        {"password", FK_TEXT, FF_REQUIRED | FF_NO_TRIM, 1, 128, NULL, NULL, &j->password},
        {"password2", FK_TEXT, FF_REQUIRED | FF_NO_TRIM, 1, 128, NULL, NULL, &j->password2},
        {"agree", FK_BOOL, FF_REQUIRED, 0, 0, NULL, NULL, &j->agree},
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
        /* Checked again inside the transaction; checking first spares the hash. */
        int taken = account_taken(r->db, j->login, j->email);
        if (taken == -ERR_LOGIN_TAKEN || taken == -ERR_EMAIL_TAKEN) {
            req_field_error(r, taken == -ERR_LOGIN_TAKEN ? "login" : "email", taken);
            rc = -ERR_INVALID_INPUT;
        } else if (taken < 0) {
            return taken;
        }
    }
    if (rc < 0) return r->api ? rc : register_form(r, 400);
    return req_suspend(r, register_work, j, register_finish);
}
