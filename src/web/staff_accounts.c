/*
** Staff: the account approval page and its actions.
*/
#include <string.h>

#include "core/i18n.h"
#include "core/util.h"
#include "db/db.h"
#include "model/account.h"
#include "model/audit.h"
#include "tmpl_all.h"
#include "web/handlers.h"
#include "web/views.h"
#include "web/web.h"

static const char *const account_statuses[] = {"pending", "active", "rejected", "disabled", NULL};

static json_t *account_json(const Account *a) {
    return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s?, s:I, s:s?, s:I}", "id",
                     (json_int_t)a->id, "login", a->login, "email", a->email, "mobile",
                     a->mobile_mask, "account_type", a->account_type, "display_name",
                     a->display_name, "role", a->role, "status", a->status, "status_reason",
                     a->status_reason, "created_at", (json_int_t)a->created_at, "decided_by",
                     a->decided_by_login, "decided_at", (json_int_t)a->decided_at);
}

int h_accounts(Req *r) {
    const char *status = "";
    const Field spec[] = {
        {"status", FK_CHOICE, 0, 0, 20, account_statuses, NULL, &status},
        FIELD_END,
    };
    int rc = spec_parse(r, spec);
    if (rc < 0) return rc;
    if (!r->api && !spec_has(r, "status")) status = "pending";
    AccountsView v = {r, status, NULL, 0, account_count(r->db, "pending")};
    rc = account_list(r->db, &r->arena, status, "customer", 200, &v.rows, &v.n);
    if (rc < 0) return rc;
    if (r->api) {
        json_t *list = json_array();
        for (size_t i = 0; i < v.n; i++)
            json_array_append_new(list, account_json(&v.rows[i]));
        return resp_json(r, 200, json_pack("{s:o}", "accounts", list));
    }
    Buf body;
    buf_init(&body, &r->arena);
    Tmpl t = web_tmpl(r, &body);
    tmpl_staff_accounts(&t, &v);
    return web_page(r, 200, T(r->lang, "账户审核"), &body);
}

typedef struct DecideTx {
    int64_t id;
    bool approve;
    const char *reason;
    Actor who;
} DecideTx;

static int decide_tx(Db *db, void *ctx) {
    DecideTx *t = ctx;
    int rc = account_decide(db, t->id, t->who.id, t->approve, t->reason);
    if (rc == 0)
        rc = audit_write(db, &t->who, t->approve ? "account.approve" : "account.reject", "account",
                         t->id, t->reason);
    return rc;
}

static int decide(Req *r, bool approve) {
    DecideTx t = {req_param_id(r, "id"), approve, "", http_actor(r)};
    const Field spec[] = {
        {"reason", FK_TEXT, approve ? 0 : FF_REQUIRED, 2, 200, NULL, NULL, &t.reason},
        FIELD_END,
    };
    int rc = spec_parse(r, spec);
    if (rc < 0) {
        if (r->api) return rc;
        web_flash(r, T(r->lang, "拒绝时请填写原因（2–200 字）。"));
        return resp_redirect(r, "/staff/accounts");
    }
    if (!t.id) return -ERR_NOT_FOUND;
    rc = db_tx(r->db, decide_tx, &t);
    if (rc < 0) return rc;
    if (r->api) {
        Account a;
        rc = account_get(r->db, &r->arena, t.id, &a);
        if (rc < 0) return rc;
        return resp_json(r, 200, json_pack("{s:o}", "account", account_json(&a)));
    }
    web_flash(r, approve ? T(r->lang, "已通过该账户的注册申请。")
                         : T(r->lang, "已拒绝该账户的注册申请。"));
    return resp_redirect(r, "/staff/accounts");
}

int h_account_approve(Req *r) {
    return decide(r, true);
}

int h_account_reject(Req *r) {
    return decide(r, false);
}
