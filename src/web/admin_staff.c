/*
** Admins: staff accounts (reviewers and admins). List, create (with a
** typed or a generated initial password), change the role, disable and
** enable, reset the password. A generated password is shown once, on the
** page (or in the JSON) that answers the action, and never stored in
** clear. Passwords are hashed off the HTTP threads (req_suspend).
*/
#include <string.h>

#include "core/i18n.h"
#include "core/password.h"
#include "core/util.h"
#include "db/db.h"
#include "model/staff.h"
#include "tmpl_all.h"
#include "web/admin_views.h"
#include "web/handlers.h"
#include "web/web.h"

static const char *const staff_roles[] = {"reviewer", "admin", NULL};

/* A password of 4 groups of 4 characters that are easy to read out
** (no 0/O, 1/l/I), meeting the password policy. */
static const char *password_generate(Arena *a, const char *login) {
    static const char alphabet[] = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    const size_t n = sizeof alphabet - 1;
    char *pw = arena_alloc(a, 20);
    do {
        size_t k = 0;
        while (k < 19) {
            unsigned char b;
            rand_bytes(&b, 1);
            if (b >= 256 / n * n) continue; /* no modulo bias */
            if (k % 5 == 4) pw[k++] = '-';
            pw[k++] = alphabet[b % n];
        }
        pw[19] = 0;
    } while (password_policy(pw, login) < 0);
    return pw;
}

static json_t *staff_json(const Account *a) {
    return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s?, s:I, s:s?, s:I, s:I}", "id",
                     (json_int_t)a->id, "login", a->login, "display_name", a->display_name, "email",
                     a->email, "mobile", a->mobile_mask, "role", a->role, "status", a->status,
                     "status_reason", a->status_reason, "created_at", (json_int_t)a->created_at,
                     "changed_by", a->decided_by_login, "changed_at", (json_int_t)a->decided_at,
                     "password_changed_at", (json_int_t)a->password_changed_at);
}

/* The form to add a staff account (its values typed, after a refusal). */
static void staff_form(Req *r, StaffView *v) {
    AdminForm f;
    admin_form_init(&f, r, 6);
    admin_field(&f, AF_TEXT, "login", T(r->lang, "登录名"), "")->required = true;
    admin_field(&f, AF_TEXT, "display_name", T(r->lang, "姓名"), "")->required = true;
    admin_field(&f, AF_EMAIL, "email", T(r->lang, "电子邮箱"), "")->required = true;
    admin_field(&f, AF_TEL, "mobile", T(r->lang, "手机号码"), "")->required = true;
    const char *role_labels[] = {T(r->lang, "审核员"), T(r->lang, "管理员"), NULL};
    admin_select(&f, "role", T(r->lang, "角色"), "reviewer", staff_roles, role_labels);
    admin_field(&f, AF_TEXT, "password", T(r->lang, "初始密码"), "")->hint =
        T(r->lang, "留空则自动生成一个密码，创建后只显示一次。");
    f.fields[f.n - 1].value = ""; /* a password is never shown again */
    v->fields = f.fields;
    v->nfields = f.n;
}

/* The staff page (status 200, or 400 with the form's errors), or JSON. */
static int staff_page(Req *r, int status) {
    StaffList op = {.a = &r->arena};
    int rc = db_tx_read(r->db, staff_list, &op);
    if (rc < 0) return rc;
    if (r->api) {
        json_t *list = json_array();
        for (size_t i = 0; i < op.n; i++)
            json_array_append_new(list, staff_json(&op.rows[i]));
        return resp_json(r, 200, json_pack("{s:o}", "staff", list));
    }
    StaffView v = {.r = r, .rows = op.rows, .n = op.n, .me = r->who.account_id};
    staff_form(r, &v);
    Buf body;
    buf_init(&body, &r->arena);
    Tmpl t = web_tmpl(r, &body);
    tmpl_admin_staff(&t, &v);
    return web_page(r, status, T(r->lang, "员工账户"), &body);
}

int h_admin_staff(Req *r) {
    const Field spec[] = {FIELD_END};
    int rc = spec_parse(r, spec);
    return rc < 0 ? rc : staff_page(r, 200);
}

/* The answer to an action that made a password: shown once. */
static int secret_page(Req *r, int status, const Account *a, const char *password,
                       const char *heading) {
    if (r->api) {
        json_t *o = json_pack("{s:o}", "account", staff_json(a));
        if (password) json_object_set_new(o, "password", json_string(password));
        return resp_json(r, status, o);
    }
    SecretView v = {.r = r, .heading = heading, .login = a->login, .password = password};
    Buf body;
    buf_init(&body, &r->arena);
    Tmpl t = web_tmpl(r, &body);
    tmpl_admin_secret(&t, &v);
    resp_header(r, "Cache-Control", "no-store");
    return web_page(r, status, heading, &body);
}

typedef struct StaffJob {
    StaffCreate create;
    StaffChange change;
    const char *password;
    bool generated;
    int hash_rc;
    char hash[PASSWORD_HASH_MAX];
} StaffJob;

static void staff_hash_work(void *ctx) {
    StaffJob *j = ctx;
    j->hash_rc = password_hash(j->password, j->hash);
}

static int staff_create_finish(Req *r) {
    StaffJob *j = r->cont_ctx;
    if (j->hash_rc < 0) return j->hash_rc;
    j->create.in.password_hash = j->hash;
    int rc = db_tx(r->db, staff_create, &j->create);
    if (rc == -ERR_LOGIN_TAKEN || rc == -ERR_EMAIL_TAKEN) { /* taken meanwhile */
        req_field_error(r, rc == -ERR_LOGIN_TAKEN ? "login" : "email", rc);
        return r->api ? -ERR_INVALID_INPUT : staff_page(r, 409);
    }
    if (rc < 0) return rc;
    if (j->generated)
        return secret_page(r, 201, &j->create.out, j->password, T(r->lang, "员工账户已创建"));
    if (r->api) return secret_page(r, 201, &j->create.out, NULL, NULL);
    web_flash(r, T(r->lang, "员工账户已创建。"));
    return resp_redirect(r, "/admin/staff");
}

int h_admin_staff_create(Req *r) {
    StaffJob *j = ARENA_NEW(&r->arena, StaffJob, 1);
    AccountNew *in = &j->create.in;
    const Field spec[] = {
        SPEC_TEXT("login", &in->login, .flags = FF_REQUIRED, .min = 3, .max = 32,
                  .check = check_login),
        SPEC_TEXT("display_name", &in->display_name, .flags = FF_REQUIRED, .min = 2, .max = 100),
        SPEC_TEXT("email", &in->email, .flags = FF_REQUIRED, .min = 3, .max = 254,
                  .check = check_email),
        SPEC_TEXT("mobile", &in->mobile, .flags = FF_REQUIRED, .min = 11, .max = 20,
                  .check = check_mobile),
        SPEC_CHOICE("role", &in->role, staff_roles, .flags = FF_REQUIRED, .max = 20),
        SPEC_TEXT("password", &j->password, .flags = FF_NO_TRIM, .max = 128),
        FIELD_END,
    };
    int rc = spec_parse(r, spec);
    j->generated = rc == 0 && !*j->password;
    if (j->generated) j->password = password_generate(&r->arena, in->login);
    if (rc == 0 && password_policy(j->password, in->login) < 0)
        req_field_error(r, "password", ERR_PASSWORD_WEAK), rc = -ERR_INVALID_INPUT;
    if (rc == 0) { /* checked again when stored; checking first spares the hash */
        AccountFree free_ = {in->login, in->email, 0};
        rc = db_tx_read(r->db, account_free, &free_);
        if (rc < 0) return rc;
        if (free_.taken) {
            req_field_error(r, free_.taken == -ERR_LOGIN_TAKEN ? "login" : "email", free_.taken);
            rc = -ERR_INVALID_INPUT;
        }
    }
    if (rc < 0) return r->api ? rc : staff_page(r, 400);
    j->create.a = &r->arena;
    j->create.who = http_actor(r);
    return req_suspend(r, staff_hash_work, j, staff_create_finish);
}

/* Run a change to the account of the path and answer it: JSON, or back to
** the list with a message. */
static int staff_change(Req *r, StaffChange *op, DbTxFn fn, const char *done) {
    op->a = &r->arena;
    op->id = req_param_id(r, "id");
    op->who = http_actor(r);
    if (!op->id) return -ERR_NOT_FOUND;
    int rc = db_tx(r->db, fn, op);
    if (rc < 0) return rc;
    if (r->api) return resp_json(r, 200, json_pack("{s:o}", "account", staff_json(&op->out)));
    web_flash(r, done);
    return resp_redirect(r, "/admin/staff");
}

int h_admin_staff_role(Req *r) {
    StaffChange op = {0};
    const Field spec[] = {
        SPEC_CHOICE("role", &op.role, staff_roles, .flags = FF_REQUIRED, .max = 20),
        FIELD_END,
    };
    int rc = spec_parse(r, spec);
    if (rc < 0) return rc;
    return staff_change(r, &op, staff_set_role, T(r->lang, "已变更该员工的角色。"));
}

int h_admin_staff_disable(Req *r) {
    StaffChange op = {.enable = false};
    const Field spec[] = {
        SPEC_TEXT("reason", &op.reason, .max = 200),
        FIELD_END,
    };
    int rc = spec_parse(r, spec);
    if (rc < 0) return rc;
    return staff_change(r, &op, staff_set_enabled,
                        T(r->lang, "已停用该员工账户，其登录已全部退出。"));
}

int h_admin_staff_enable(Req *r) {
    StaffChange op = {.enable = true};
    const Field spec[] = {FIELD_END};
    int rc = spec_parse(r, spec);
    if (rc < 0) return rc;
    return staff_change(r, &op, staff_set_enabled, T(r->lang, "已启用该员工账户。"));
}

static int staff_password_finish(Req *r) {
    StaffJob *j = r->cont_ctx;
    if (j->hash_rc < 0) return j->hash_rc;
    j->change.password_hash = j->hash;
    int rc = db_tx(r->db, staff_set_password, &j->change);
    if (rc < 0) return rc;
    return secret_page(r, 200, &j->change.out, j->password, T(r->lang, "密码已重置"));
}

int h_admin_staff_password(Req *r) {
    const Field spec[] = {FIELD_END};
    int rc = spec_parse(r, spec);
    if (rc < 0) return rc;
    StaffJob *j = ARENA_NEW(&r->arena, StaffJob, 1);
    j->change = (StaffChange){.a = &r->arena,
                              .id = req_param_id(r, "id"),
                              .keep_session = r->who.session_id,
                              .who = http_actor(r)};
    if (!j->change.id) return -ERR_NOT_FOUND;
    j->password = password_generate(&r->arena, "");
    j->generated = true;
    return req_suspend(r, staff_hash_work, j, staff_password_finish);
}
