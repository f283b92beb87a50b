/*
** Staff: the account approval page and its actions.
*/
#include <string.h>

#include "core/i18n.h"
#include "core/util.h"
#include "db/db.h"
#include "model/account.h"
#include "tmpl_all.h"
#include "web/handlers.h"
#include "web/views.h"
#include "web/web.h"

/* "all" (the list's own link, issue 11) is every status. */
static const char *const account_statuses[] = {"pending",  "active", "rejected",
                                               "disabled", "all",    NULL};

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
    int64_t before = 0;
    const Field spec[] = {
        SPEC_CHOICE("status", &status, account_statuses, .max = 20),
        SPEC_INT("before", &before, .min = 1),
        FIELD_END,
    };
    int rc = spec_parse(r, spec);
    if (rc < 0) return rc;
    if (!r->api && !spec_has(r, "status")) status = "pending";
    if (!strcmp(status, "all")) status = "";
    AccountsPage op = {
        .a = &r->arena, .status = status, .role = "customer", .before_id = before, .limit = 200};
    rc = db_tx_read(r->db, accounts_page, &op);
    if (rc < 0) return rc;
    AccountsView v = {.r = r, .status = status, .rows = op.rows, .n = op.n, .pending = op.pending};
    int64_t next = op.n == (size_t)op.limit ? op.rows[op.n - 1].id : 0;
    if (next)
        v.next_href = arena_printf(&r->arena, "/staff/accounts?status=%s&before=%lld", status,
                                   (long long)next);
    if (r->api) {
        json_t *list = json_array();
        for (size_t i = 0; i < v.n; i++)
            json_array_append_new(list, account_json(&v.rows[i]));
        return resp_json(r, 200,
                         json_pack("{s:o, s:o}", "accounts", list, "next_before",
                                   next ? json_integer(next) : json_null()));
    }
    Buf body;
    buf_init(&body, &r->arena);
    Tmpl t = web_tmpl(r, &body);
    tmpl_staff_accounts(&t, &v);
    return web_page(r, 200, T(r->lang, "账户审核"), &body);
}

static int decide(Req *r, bool approve) {
    AccountDecision op = {.a = &r->arena,
                          .id = req_param_id(r, "id"),
                          .approve = approve,
                          .reason = "",
                          .who = http_actor(r)};
    const Field spec[] = {
        SPEC_TEXT("reason", &op.reason, .flags = approve ? 0 : FF_REQUIRED, .min = 2, .max = 200),
        FIELD_END,
    };
    int rc = spec_parse(r, spec);
    if (rc < 0) {
        if (r->api) return rc;
        web_flash(r, T(r->lang, "拒绝时请填写原因（2–200 字）。"));
        return resp_redirect(r, "/staff/accounts");
    }
    if (!op.id) return -ERR_NOT_FOUND;
    rc = db_tx(r->db, account_decision, &op);
    if (rc < 0) return rc;
    if (r->api) return resp_json(r, 200, json_pack("{s:o}", "account", account_json(&op.account)));
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
