/*
** Admins: the province rules (seed §6, DESIGN.md §4). The 31 provinces with
** their key rules, an editor per province (a form of the rules' fields and
** extra materials; the API takes the JSON document), and the earlier
** versions of each. Every save keeps the version it replaces and is
** audited (model/province_edit.h).
*/
#include <string.h>

#include "core/i18n.h"
#include "core/util.h"
#include "db/db.h"
#include "model/province_edit.h"
#include "tmpl_all.h"
#include "web/admin_province_form.h"
#include "web/admin_views.h"
#include "web/handlers.h"
#include "web/web.h"

/* A province and its rules document. */
static json_t *province_json(const ProvinceRow *p) {
    return json_pack("{s:i, s:s, s:s, s:s?, s:i, s:I, s:s?, s:o}", "code", p->rules.code, "prefix",
                     p->rules.prefix, "name_zh", p->rules.name_zh, "name_en", p->rules.name_en,
                     "version", p->version, "updated_at", (json_int_t)p->updated_at, "updated_by",
                     p->updated_by, "rules", province_rules_json(&p->rules));
}

static json_t *version_json(const ProvinceVersion *v) {
    return json_pack("{s:I, s:I, s:s?}", "id", (json_int_t)v->id, "updated_at",
                     (json_int_t)v->updated_at, "updated_by", v->updated_by);
}

/* The province code of the path; 0 when it is not a number. */
static int path_code(Req *r) {
    int64_t code = req_param_id(r, "code");
    return code > 0 && code < 100 ? (int)code : 0;
}

int h_admin_provinces(Req *r) {
    const Field spec[] = {FIELD_END};
    int rc = spec_parse(r, spec);
    if (rc < 0) return rc;
    ProvincesPage op = {.a = &r->arena};
    rc = db_tx_read(r->db, provinces_page, &op);
    if (rc < 0) return rc;
    if (r->api) {
        json_t *list = json_array();
        for (size_t i = 0; i < op.n; i++)
            json_array_append_new(list, province_json(&op.rows[i]));
        return resp_json(r, 200, json_pack("{s:o}", "provinces", list));
    }
    ProvincesView v = {.r = r, .rows = op.rows, .n = op.n};
    Buf body;
    buf_init(&body, &r->arena);
    Tmpl t = web_tmpl(r, &body);
    tmpl_admin_provinces(&t, &v);
    return web_page(r, 200, T(r->lang, "省份规则"), &body);
}

/* The editor (status 200, or 400 with what was typed: in) or the JSON of
** the province and its versions. */
static int province_show(Req *r, int status, const ProvinceIn *in) {
    ProvincePage op = {.a = &r->arena, .code = path_code(r)};
    if (!op.code) return -ERR_NOT_FOUND;
    int rc = db_tx_read(r->db, province_page, &op);
    if (rc < 0) return rc;
    if (r->api) {
        json_t *list = json_array();
        for (size_t i = 0; i < op.n; i++)
            json_array_append_new(list, version_json(&op.versions[i]));
        return resp_json(
            r, 200, json_pack("{s:o, s:o}", "province", province_json(&op.row), "versions", list));
    }
    ProvinceView v = {.r = r, .row = op.row, .versions = op.versions, .nversions = op.n};
    v.base = in ? (int)in->base : op.row.version;
    province_form_view(r, &op.row.rules, in, &v);
    Buf body;
    buf_init(&body, &r->arena);
    Tmpl t = web_tmpl(r, &body);
    tmpl_admin_province(&t, &v);
    return web_page(r, status, op.row.rules.name_zh, &body);
}

int h_admin_province(Req *r) {
    const Field spec[] = {FIELD_END};
    int rc = spec_parse(r, spec);
    return rc < 0 ? rc : province_show(r, 200, NULL);
}

/* The document of an API save: the body, without its "base" (the version
** edited; -1 when not given). A new reference, or NULL for no JSON object. */
static json_t *api_doc(Req *r, int *base) {
    *base = -1;
    if (!json_is_object(r->json)) return NULL;
    json_t *doc = json_deep_copy(r->json);
    json_t *b = json_object_get(doc, "base");
    if (b && !json_is_integer(b)) req_field_error(r, "base", ERR_FIELD_TYPE);
    if (json_is_integer(b)) *base = (int)json_integer_value(b);
    json_object_del(doc, "base");
    return doc;
}

int h_admin_province_save(Req *r) {
    ProvinceSave op = {.a = &r->arena, .code = path_code(r), .who = http_actor(r)};
    if (!op.code) return -ERR_NOT_FOUND;
    ProvinceIn *in = ARENA_NEW(&r->arena, ProvinceIn, 1);
    int rc = 0;
    if (r->api) {
        op.doc = api_doc(r, &op.base);
    } else {
        rc = province_form_parse(r, in);
        op.doc = rc == 0 ? province_form_doc(r, in) : NULL;
        op.base = (int)in->base;
    }
    if (rc == 0 && r->nerrs == 0) {
        rc = db_tx(r->db, province_save, &op);
        if (rc == -ERR_INVALID_INPUT) province_form_errors(r, r->api ? NULL : in, &op.errs);
    } else {
        rc = -ERR_INVALID_INPUT;
    }
    json_decref(op.doc);
    if (rc == -ERR_INVALID_INPUT && !r->api) return province_show(r, 400, in);
    if (rc < 0) return rc;
    if (r->api) return resp_json(r, 200, json_pack("{s:o}", "province", province_json(&op.out)));
    web_flash(r, T(r->lang, "已保存省份规则，原版本已存入历史。"));
    return resp_redirect(r, arena_printf(&r->arena, "/admin/provinces/%d", op.code));
}

/* A value of a rules document in words. */
static const char *value_text(Req *r, json_t *doc, const ProvinceKey *k) {
    json_t *v = json_object_get(doc, k->key);
    if (k->kind == PK_BOOL) return json_is_true(v) ? T(r->lang, "是") : T(r->lang, "否");
    if (k->kind == PK_INT) return arena_printf(&r->arena, "%lld", (long long)json_integer_value(v));
    return json_is_string(v) ? arena_strdup(&r->arena, json_string_value(v)) : "";
}

/* The extra materials of rules in words: "名称 ×份数；...". */
static const char *extras_text(Req *r, const ProvinceRules *p) {
    Buf b;
    buf_init(&b, &r->arena);
    buf_puts(&b, "");
    for (size_t i = 0; i < p->n_extras; i++)
        buf_printf(&b, "%s%s（%s）×%d", i ? "；" : "",
                   r->lang == LANG_EN && p->extras[i].en ? p->extras[i].en : p->extras[i].zh,
                   p->extras[i].code, p->extras[i].copies);
    return b.data;
}

/* Every key of a version beside today's, marking what changed since. */
static void version_lines(Req *r, ProvinceVersionView *v) {
    json_t *then = province_rules_json(&v->version.rules),
           *now = province_rules_json(&v->row.rules);
    v->lines = ARENA_NEW(&r->arena, VersionLine, PROVINCE_NKEYS + 1);
    for (size_t i = 0; i < PROVINCE_NKEYS; i++) {
        VersionLine *l = &v->lines[i];
        l->label = province_key_label(r, i);
        l->then = value_text(r, then, &province_keys[i]);
        l->now = value_text(r, now, &province_keys[i]);
        l->changed = strcmp(l->then, l->now) != 0;
    }
    VersionLine *x = &v->lines[PROVINCE_NKEYS];
    x->label = T(r->lang, "附加材料");
    x->then = extras_text(r, &v->version.rules);
    x->now = extras_text(r, &v->row.rules);
    x->changed = !json_equal(json_object_get(then, "extras"), json_object_get(now, "extras"));
    v->nlines = PROVINCE_NKEYS + 1;
    json_decref(then);
    json_decref(now);
}

int h_admin_province_version(Req *r) {
    const Field spec[] = {FIELD_END};
    int rc = spec_parse(r, spec);
    if (rc < 0) return rc;
    ProvinceVersionGet op = {.a = &r->arena, .code = path_code(r), .id = req_param_id(r, "vid")};
    if (!op.code || !op.id) return -ERR_NOT_FOUND;
    rc = db_tx_read(r->db, province_version, &op);
    if (rc < 0) return rc;
    if (r->api) {
        json_t *o = version_json(&op.out);
        json_object_set_new(o, "code", json_integer(op.code));
        json_object_set_new(o, "rules", province_rules_json(&op.out.rules));
        return resp_json(r, 200, o);
    }
    ProvinceVersionView v = {.r = r, .row = op.now, .version = op.out};
    version_lines(r, &v);
    Buf body;
    buf_init(&body, &r->arena);
    Tmpl t = web_tmpl(r, &body);
    tmpl_admin_province_version(&t, &v);
    return web_page(r, 200, T(r->lang, "省份规则历史版本"), &body);
}
