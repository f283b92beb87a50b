/*
** Admins word the security agreement and the authorisation letter their
** own way: every save is a new version (the old ones stay readable); the
** forms print the newest, or Beian's default until an admin writes one.
*/
#include <string.h>

#include "core/i18n.h"
#include "core/util.h"
#include "db/db.h"
#include "docs/form_texts.h"
#include "model/text_versions.h"
#include "tmpl_all.h"
#include "web/handlers.h"
#include "web/views.h"
#include "web/web.h"

static const char *const text_kinds[] = {"agreement", "authorisation", NULL};

static const char *default_text(const char *kind) {
    return !strcmp(kind, "agreement") ? FORM_TEXT_AGREEMENT : FORM_TEXT_AUTHORISATION;
}

static int kind_param(Req *r, const char **kind) {
    *kind = req_param(r, "kind");
    return str_in(*kind, text_kinds) ? 0 : -ERR_NOT_FOUND;
}

static json_t *texts_json(const char *kind, const TextVersion *v, size_t n) {
    json_t *list = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(list, json_pack("{s:i, s:s, s:s?, s:I}", "version", v[i].version,
                                              "text", v[i].text, "author", v[i].author,
                                              "created_at", (json_int_t)v[i].created_at));
    return json_pack("{s:s, s:s, s:o}", "kind", kind, "current", n ? v[0].text : default_text(kind),
                     "versions", list);
}

int h_texts_page(Req *r) {
    const char *kind;
    int rc = kind_param(r, &kind);
    if (rc < 0) return rc;
    TextVersionsPage op = {.a = &r->arena, .kind = kind};
    rc = db_tx_read(r->db, text_versions_page, &op);
    if (rc < 0) return rc;
    TextsView v = {.r = r, .kind = kind, .versions = op.versions, .n = op.n};
    if (r->api) return resp_json(r, 200, texts_json(kind, v.versions, v.n));
    v.current = r->method == HTTP_POST ? spec_raw(r, "text")
                : v.n                  ? v.versions[0].text
                                       : default_text(kind);
    v.placeholders = FORM_TEXT_PLACEHOLDERS;
    while (v.placeholders[v.nplaceholders])
        v.nplaceholders++;
    Buf body;
    buf_init(&body, &r->arena);
    Tmpl t = web_tmpl(r, &body);
    tmpl_admin_texts(&t, &v);
    return web_page(r, r->nerrs ? 400 : 200, T(r->lang, "表单文本"), &body);
}

int h_texts_save(Req *r) {
    TextVersionSave op = {0};
    int rc = kind_param(r, &op.kind);
    if (rc < 0) return rc;
    const Field spec[] = {
        SPEC_TEXT("text", &op.text, .flags = FF_REQUIRED | FF_MULTILINE, .min = 20, .max = 20000),
        FIELD_END,
    };
    rc = spec_parse(r, spec);
    char *bad = NULL;
    if (rc == 0 && form_text_check(op.text, &r->arena, &bad) < 0) {
        req_field_error(r, "text", ERR_PDF_PLACEHOLDER);
        rc = -ERR_INVALID_INPUT;
    }
    if (rc < 0) return r->api ? rc : h_texts_page(r);
    op.who = http_actor(r);
    rc = db_tx(r->db, text_version_save, &op);
    if (rc < 0) return rc;
    if (r->api)
        return resp_json(r, 200, json_pack("{s:s, s:i}", "kind", op.kind, "version", op.version));
    web_flash(r, T(r->lang, "已保存为新版本，之后打印的表单将使用新文本。"));
    return resp_redirect(r, arena_printf(&r->arena, "/admin/texts/%s", op.kind));
}
