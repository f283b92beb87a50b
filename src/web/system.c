/*
** System routes: home redirect, language switch, static files, health and
** metrics.
*/
#include <string.h>

#include "core/embed.h"
#include "core/i18n.h"
#include "core/util.h"
#include "db/db.h"
#include "gateway/gateway.h"
#include "model/regulator_outbox.h"
#include "tmpl_all.h"
#include "web/handlers.h"
#include "web/views.h"
#include "web/web.h"

extern const EmbeddedFile embedded_static[];
extern const size_t embedded_static_count;

int h_root(Req *r) {
    return resp_redirect(r, r->who.account_id ? web_home_of(r->who.role_bit) : "/login");
}

int h_lang(Req *r) {
    const char *code = req_param(r, "code");
    Lang l = i18n_parse(code);
    resp_set_cookie(r, "lang", l == LANG_EN ? "en" : "zh", 365 * 24 * 3600, false);
    const char *next = req_query(r, "next");
    return resp_redirect(r, next ? next : "/");
}

static const char *mime_of(const char *path) {
    const char *dot = strrchr(path, '.');
    if (!dot) return "application/octet-stream";
    if (!strcmp(dot, ".css")) return "text/css; charset=utf-8";
    if (!strcmp(dot, ".js")) return "text/javascript; charset=utf-8";
    if (!strcmp(dot, ".svg")) return "image/svg+xml";
    if (!strcmp(dot, ".png")) return "image/png";
    if (!strcmp(dot, ".ico")) return "image/x-icon";
    if (!strcmp(dot, ".txt")) return "text/plain; charset=utf-8";
    return "application/octet-stream";
}

int h_static(Req *r) {
    /* Browsers ask for /favicon.ico on their own: the SVG answers. */
    const char *path =
        !strcmp(r->path, "/favicon.ico") ? "favicon.svg" : r->path + strlen("/static/");
    const EmbeddedFile *f = embed_find(embedded_static, embedded_static_count, path);
    if (!f) return -ERR_NOT_FOUND;
    char *etag = arena_printf(&r->arena, "\"%s\"", f->etag);
    const char *inm = req_header(r, "If-None-Match");
    resp_header(r, "ETag", etag);
    /* Pages link assets with ?v=<etag>, so a long max-age is safe. */
    resp_header(r, "Cache-Control",
                req_query(r, "v") ? "public, max-age=31536000, immutable" : "public, max-age=300");
    if (inm && strcmp(inm, etag) == 0) return resp_static(r, 304, mime_of(path), "", 0);
    return resp_static(r, 200, mime_of(path), f->data, f->len);
}

/* The version query of an asset's URL (for cache busting). */
const char *web_asset_version(const char *path) {
    const EmbeddedFile *f = embed_find(embedded_static, embedded_static_count, path);
    return f ? f->etag : "0";
}

int h_healthz(Req *r) {
    Db *db = server_db(r->srv);
    int64_t one = 0;
    bool ok = db && db_query_i64(db, &one, "SELECT 1", "") >= 0 && one == 1;
    int version = ok ? db_schema_version(db) : 0;
    return resp_json(r, ok ? 200 : 503,
                     json_pack("{s:s, s:s, s:i, s:s}", "status", ok ? "ok" : "unavailable",
                               "version", BEIAN_VERSION, "schema", version, "database",
                               db ? db->drv->name : "none"));
}

typedef struct LinksCtx {
    Arena *a;
    RegLinkState **links;
    size_t *n;
} LinksCtx;

static int links_state(Db *db, void *ctx) {
    LinksCtx *c = ctx;
    return regulator_links_state(db, c->a, c->links, c->n);
}

int h_metrics(Req *r) {
    /* For the monitoring on the machine (or scraping through an SSH tunnel
    ** or the load balancer's health network): not for the world. */
    if (strcmp(r->ip, "127.0.0.1") != 0 && strcmp(r->ip, "::1") != 0) return -ERR_FORBIDDEN;
    buf_reset(&r->out);
    server_metrics(r->srv, &r->out);
    gateway_metrics(&r->out);
    /* The backlog to the administration, from the database (every node). */
    RegLinkState *links = NULL;
    size_t n = 0;
    if (db_tx_read(r->db, links_state, &(LinksCtx){&r->arena, &links, &n}) == 0) {
        buf_puts(&r->out, "# HELP beian_regulator_backlog uploads waiting to be sent\n"
                          "# TYPE beian_regulator_backlog gauge\n");
        for (size_t i = 0; i < n; i++)
            buf_printf(&r->out, "beian_regulator_backlog{link=\"%lld\"} %lld\n",
                       (long long)links[i].id, (long long)links[i].queued);
        buf_puts(&r->out, "# HELP beian_regulator_last_contact_seconds when the administration "
                          "last answered (Unix time)\n# TYPE beian_regulator_last_contact_seconds "
                          "gauge\n");
        for (size_t i = 0; i < n; i++)
            buf_printf(&r->out, "beian_regulator_last_contact_seconds{link=\"%lld\"} %lld\n",
                       (long long)links[i].id, (long long)links[i].last_contact_at);
    }
    r->status = 200;
    r->resp_type = "text/plain; version=0.0.4; charset=utf-8";
    return 0;
}
