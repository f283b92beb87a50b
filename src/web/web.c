/*
** What every page shares: the template context, the layout, flash messages,
** form-value helpers for templates, error pages.
*/
#include "web/web.h"

#include <string.h>

#include "core/i18n.h"
#include "core/util.h"
#include "rules/account_rules.h"
#include "rules/validate.h"
#include "tmpl_all.h"
#include "web/views.h"

Tmpl web_tmpl(Req *r, Buf *out) {
    Tmpl t;
    tmpl_init(&t, out, &r->arena, r->lang);
    t.csrf = r->csrf_token;
    t.nonce = r->nonce;
    return t;
}

const char *web_err(Req *r, int code) {
    return err_msg(code, r->lang);
}

const char *fv(Req *r, const char *name) {
    return spec_raw(r, name);
}

const char *fe(Req *r, const char *name) {
    int code = req_field_code(r, name);
    return code ? err_msg(code, r->lang) : NULL;
}

const char *fcls(Req *r, const char *name) {
    return req_field_code(r, name) ? " has-error" : "";
}

const char *fchecked(Req *r, const char *name, const char *value) {
    return strcmp(spec_raw(r, name), value) == 0 ? " checked" : "";
}

const char *fselected(Req *r, const char *name, const char *value) {
    return strcmp(spec_raw(r, name), value) == 0 ? " selected" : "";
}

const char *fmt_time(Req *r, int64_t t) {
    return t ? time_fmt_cst(&r->arena, t) : "";
}

const char *web_origin(Req *r) {
    const Config *cfg = server_config(r->srv);
    if (cfg->public_origin && *cfg->public_origin) return cfg->public_origin;
    const char *host = cfg->listen;
    if (!strcmp(host, "0.0.0.0") || !strcmp(host, "::")) host = "localhost";
    return arena_printf(&r->arena, strchr(host, ':') ? "http://[%s]:%d" : "http://%s:%d", host,
                        server_port(r->srv));
}

void web_flash(Req *r, const char *msg) {
    resp_set_cookie(r, "flash", b64url_encode(&r->arena, msg, strlen(msg)), 60, true);
}

static const char *take_flash(Req *r) {
    const char *c = req_cookie(r, "flash");
    if (!c || !*c || strlen(c) > 2000) return NULL;
    char *msg = arena_alloc(&r->arena, strlen(c) + 1);
    int n = b64url_decode(c, msg, strlen(c));
    resp_set_cookie(r, "flash", "", 0, true);
    if (n <= 0 || !utf8_valid(msg, (size_t)n)) return NULL;
    msg[n] = 0;
    return msg;
}

int web_page(Req *r, int status, const char *title, Buf *body) {
    LayoutView v = {0};
    v.r = r;
    v.title = title;
    v.body = html_trusted(body->data ? body->data : ""); /* rendered by our templates */
    v.flash = take_flash(r);
    v.section = r->route ? r->route->name : "";
    v.customer = r->who.role_bit == ROLE_BIT_CUSTOMER;
    v.staff = (r->who.role_bit & ROLES_STAFF) != 0;
    v.admin = r->who.role_bit == ROLE_BIT_ADMIN;
    /* The top bar's unread count: a range of the unread index, read by
    ** web_tx_read or here; a page still renders when it cannot be read. */
    if (r->unread_known)
        v.unread = r->unread;
    else if (r->who.account_id && r->db && r->db->tx_depth == 0)
        inbox_unread(r->db, r->who.account_id, &v.unread);
    buf_reset(&r->out);
    buf_reserve(&r->out, body->len + 8192); /* the layout is about 4 KB */
    Tmpl t = web_tmpl(r, &r->out);
    tmpl_layout_page(&t, &v);
    return resp_html(r, status);
}

typedef struct PageTx {
    Req *r;
    DbTxFn fn;
    void *ctx;
} PageTx;

static int page_tx(Db *db, void *ctx) {
    PageTx *p = ctx;
    Req *r = p->r;
    int rc = p->fn(db, p->ctx);
    if (rc == 0 && !r->api && r->who.account_id)
        r->unread_known = inbox_unread(db, r->who.account_id, &r->unread) == 0;
    return rc;
}

int web_tx_read(Req *r, DbTxFn fn, void *ctx) {
    r->unread_known = false;
    return db_tx_read(r->db, page_tx, &(PageTx){r, fn, ctx});
}

void web_render_error(Req *r, int code) {
    ErrorView v = {r, err_status(code), err_msg(code, r->lang)};
    Buf body;
    buf_init(&body, &r->arena);
    Tmpl t = web_tmpl(r, &body);
    tmpl_layout_error(&t, &v);
    web_page(r, err_status(code), T(r->lang, "出错了"), &body);
}

int check_email(Arena *a, const char *in, const char **norm) {
    char *out = NULL;
    int rc = email_normalize(a, in, &out);
    if (rc == 0) *norm = out;
    return rc;
}

int check_mobile(Arena *a, const char *in, const char **norm) {
    char *out = NULL;
    int rc = mobile_normalize(a, in, &out);
    if (rc == 0) *norm = out;
    return rc;
}

int check_login(Arena *a, const char *in, const char **norm) {
    char *low = arena_strdup(a, in);
    for (char *p = low; *p; p++)
        if (*p >= 'A' && *p <= 'Z') *p = (char)(*p - 'A' + 'a');
    int rc = account_login_check(low);
    if (rc == 0) *norm = low;
    return rc;
}
