/*
** Admins: the audit log, newest first, paged by id.
*/
#include "core/i18n.h"
#include "db/db.h"
#include "model/audit.h"
#include "tmpl_all.h"
#include "web/handlers.h"
#include "web/views.h"
#include "web/web.h"

static json_t *audit_json(const AuditRow *a) {
    return json_pack("{s:I, s:I, s:I, s:s?, s:s, s:s?, s:I, s:s?, s:s?, s:s?}", "id",
                     (json_int_t)a->id, "at", (json_int_t)a->at, "actor_id",
                     (json_int_t)a->actor_id, "actor_login", a->actor_login, "action", a->action,
                     "object_type", a->object_type, "object_id", (json_int_t)a->object_id, "ip",
                     a->ip, "request_id", a->request_id, "detail", a->detail);
}

int h_audit(Req *r) {
    AuditQuery q = {0};
    int64_t before = 0;
    const char *action = "";
    const Field spec[] = {
        SPEC_TEXT("action", &action, .max = 64),
        SPEC_INT("before", &before),
        FIELD_END,
    };
    int rc = spec_parse(r, spec);
    if (rc < 0) return rc;
    q.action = *action ? action : NULL;
    q.before_id = before;
    q.limit = 100;
    AuditPage op = {.a = &r->arena, .q = q};
    rc = db_tx_read(r->db, audit_page, &op);
    if (rc < 0) return rc;
    AuditView v = {.r = r, .rows = op.rows, .n = op.n, .action = action};
    v.next_before = v.n == 100 ? v.rows[v.n - 1].id : 0;
    if (r->api) {
        json_t *list = json_array();
        for (size_t i = 0; i < v.n; i++)
            json_array_append_new(list, audit_json(&v.rows[i]));
        return resp_json(
            r, 200,
            json_pack("{s:o, s:I}", "entries", list, "next_before", (json_int_t)v.next_before));
    }
    Buf body;
    buf_init(&body, &r->arena);
    Tmpl t = web_tmpl(r, &body);
    tmpl_admin_audit(&t, &v);
    return web_page(r, 200, T(r->lang, "审计日志"), &body);
}
