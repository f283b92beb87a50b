/*
** Admins: the standard return reasons reviewers choose from (model/
** reason_templates.h). The list, a form to add one, a page to edit one,
** and buttons to move one up or down and to (de)activate it.
*/
#include <string.h>

#include "core/i18n.h"
#include "core/util.h"
#include "db/db.h"
#include "model/reason_templates.h"
#include "rules/filing_fields.h"
#include "tmpl_all.h"
#include "web/admin_views.h"
#include "web/handlers.h"
#include "web/web.h"

static const char *const directions[] = {"up", "down", NULL};

/* A field key of the catalog, or "" for any field. */
static int check_field_key(Arena *a, const char *in, const char **norm) {
    (void)a;
    (void)norm;
    return filing_field_id(in) != FIELD_NONE ? 0 : -ERR_REASON_FIELD;
}

static json_t *reason_json(const ReasonTemplate *t) {
    return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:i, s:b, s:s?, s:I}", "id",
                     (json_int_t)t->id, "code", t->code, "field", t->field, "text_zh", t->text_zh,
                     "text_en", t->text_en, "suggestion_zh", t->suggestion_zh, "suggestion_en",
                     t->suggestion_en, "sort", t->sort, "active", t->active, "updated_by",
                     t->updated_by, "updated_at", (json_int_t)t->updated_at);
}

/* The name of the field a reason names, or "any field". */
static const char *field_label(Req *r, const char *key) {
    const FilingField *f = *key ? filing_field(filing_field_id(key)) : NULL;
    return f ? filing_field_label(f, r->lang) : T(r->lang, "任意字段");
}

/* The select of fields: any, then the catalog in form order. */
static AdminField *field_select(AdminForm *f, const char *value) {
    Req *r = f->r;
    size_t n;
    const FilingField *all = filing_fields(&n);
    const char **ids = ARENA_NEW(&r->arena, const char *, n + 2);
    const char **labels = ARENA_NEW(&r->arena, const char *, n + 2);
    ids[0] = "";
    labels[0] = T(r->lang, "任意字段");
    for (size_t i = 0; i < n; i++) {
        ids[i + 1] = all[i].key;
        labels[i + 1] = filing_field_label(&all[i], r->lang);
    }
    return admin_select(f, "field", T(r->lang, "通常针对的字段"), value, ids, labels);
}

/* The form: the reason t (NULL: a new one). */
static void reason_form(Req *r, const ReasonTemplate *t, ReasonsView *v) {
    AdminForm f;
    admin_form_init(&f, r, 5);
    field_select(&f, t ? t->field : "");
    AdminField *x =
        admin_field(&f, AF_TEXT, "text_zh", T(r->lang, "原因（中文）"), t ? t->text_zh : "");
    x->required = true;
    x->max = 100;
    x = admin_field(&f, AF_TEXT, "text_en", T(r->lang, "原因（英文）"), t ? t->text_en : "");
    x->required = true;
    x->max = 200;
    admin_field(&f, AF_AREA, "suggestion_zh", T(r->lang, "修改建议（中文）"),
                t ? t->suggestion_zh : "")
        ->max = 300;
    admin_field(&f, AF_AREA, "suggestion_en", T(r->lang, "修改建议（英文）"),
                t ? t->suggestion_en : "")
        ->max = 600;
    v->fields = f.fields;
    v->nfields = f.n;
}

/* The list with the form to add one, or to edit reason id; or JSON. */
static int reasons_show(Req *r, int status, int64_t id) {
    ReasonsPage op = {.a = &r->arena};
    int rc = db_tx_read(r->db, reasons_page, &op);
    if (rc < 0) return rc;
    const ReasonTemplate *edit = NULL;
    for (size_t i = 0; i < op.n; i++)
        if (op.rows[i].id == id) edit = &op.rows[i];
    if (id && !edit) return -ERR_NOT_FOUND;
    if (r->api && edit) return resp_json(r, 200, json_pack("{s:o}", "reason", reason_json(edit)));
    if (r->api) {
        json_t *list = json_array();
        for (size_t i = 0; i < op.n; i++)
            json_array_append_new(list, reason_json(&op.rows[i]));
        return resp_json(r, 200, json_pack("{s:o}", "reasons", list));
    }
    ReasonsView v = {.r = r, .n = op.n, .id = id};
    v.rows = ARENA_NEW(&r->arena, ReasonLine, op.n + 1);
    for (size_t i = 0; i < op.n; i++)
        v.rows[i] =
            (ReasonLine){&op.rows[i], field_label(r, op.rows[i].field), i == 0, i + 1 == op.n};
    reason_form(r, edit, &v);
    Buf body;
    buf_init(&body, &r->arena);
    Tmpl t = web_tmpl(r, &body);
    tmpl_admin_reasons(&t, &v);
    return web_page(r, status, T(r->lang, "标准退回原因"), &body);
}

/* The reason id of the path: 0 for a path without one, -1 for a bad one. */
static int64_t path_id(Req *r) {
    if (!req_param(r, "id")) return 0;
    int64_t id = req_param_id(r, "id");
    return id ? id : -1;
}

int h_admin_reasons(Req *r) {
    const Field spec[] = {FIELD_END};
    int rc = spec_parse(r, spec);
    int64_t id = path_id(r);
    if (rc < 0) return rc;
    return id < 0 ? -ERR_NOT_FOUND : reasons_show(r, 200, id);
}

int h_admin_reason_save(Req *r) {
    ReasonSave op = {.a = &r->arena, .id = path_id(r)};
    if (op.id < 0) return -ERR_NOT_FOUND;
    const Field spec[] = {
        SPEC_TEXT("field", &op.field, .max = 60, .check = check_field_key),
        SPEC_TEXT("text_zh", &op.text_zh, .flags = FF_REQUIRED, .min = 2, .max = 100),
        SPEC_TEXT("text_en", &op.text_en, .flags = FF_REQUIRED, .min = 2, .max = 200),
        SPEC_TEXT("suggestion_zh", &op.suggestion_zh, .flags = FF_MULTILINE, .max = 300),
        SPEC_TEXT("suggestion_en", &op.suggestion_en, .flags = FF_MULTILINE, .max = 600),
        FIELD_END,
    };
    int rc = spec_parse(r, spec);
    if (rc < 0) return r->api ? rc : reasons_show(r, 400, op.id);
    op.who = http_actor(r);
    bool added = op.id == 0;
    rc = db_tx(r->db, reason_save, &op);
    if (rc < 0) return rc;
    if (r->api)
        return resp_json(r, added ? 201 : 200, json_pack("{s:o}", "reason", reason_json(&op.out)));
    web_flash(r, added ? T(r->lang, "已添加标准退回原因。") : T(r->lang, "已保存该退回原因。"));
    return resp_redirect(r, "/admin/reasons");
}

/* Run a move or an activation of the reason of the path, and answer it. */
static int reason_change(Req *r, ReasonChange *op, DbTxFn fn, const char *done) {
    op->a = &r->arena;
    op->id = req_param_id(r, "id");
    op->who = http_actor(r);
    if (!op->id) return -ERR_NOT_FOUND;
    int rc = db_tx(r->db, fn, op);
    if (rc < 0) return rc;
    if (r->api) return resp_json(r, 200, json_pack("{s:o}", "reason", reason_json(&op->out)));
    web_flash(r, done);
    return resp_redirect(r, "/admin/reasons");
}

int h_admin_reason_move(Req *r) {
    const char *dir = "";
    const Field spec[] = {
        SPEC_CHOICE("direction", &dir, directions, .flags = FF_REQUIRED, .max = 4),
        FIELD_END,
    };
    int rc = spec_parse(r, spec);
    if (rc < 0) return rc;
    ReasonChange op = {.move = strcmp(dir, "up") ? 1 : -1, .active = -1};
    return reason_change(r, &op, reason_move, T(r->lang, "已调整顺序。"));
}

int h_admin_reason_activate(Req *r) {
    const Field spec[] = {FIELD_END};
    int rc = spec_parse(r, spec);
    if (rc < 0) return rc;
    ReasonChange op = {.active = 1};
    return reason_change(r, &op, reason_set_active, T(r->lang, "已启用该退回原因。"));
}

int h_admin_reason_deactivate(Req *r) {
    const Field spec[] = {FIELD_END};
    int rc = spec_parse(r, spec);
    if (rc < 0) return rc;
    ReasonChange op = {.active = 0};
    return reason_change(r, &op, reason_set_active,
                         T(r->lang, "已停用该退回原因，审核员不再看到它。"));
}
