/*
** Responses: bodies, headers, cookies, redirects and the error responses
** built from the error registry.
*/
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "core/log.h"
#include "core/util.h"
#include "http/internal.h"

void resp_header(Req *r, const char *name, const char *value) {
    Header *h = ARENA_NEW(&r->arena, Header, 1);
    h->name = arena_strdup(&r->arena, name);
    h->value = arena_strdup(&r->arena, value);
    h->next = r->headers;
    r->headers = h;
}

void resp_set_cookie(Req *r, const char *name, const char *value, int max_age, bool http_only) {
    bool secure = server_config(r->srv)->secure_cookies;
    char *v = arena_printf(&r->arena, "%s=%s; Path=/; SameSite=Lax%s%s", name, value,
                           http_only ? "; HttpOnly" : "", secure ? "; Secure" : "");
    if (max_age >= 0) v = arena_printf(&r->arena, "%s; Max-Age=%d", v, max_age);
    resp_header(r, "Set-Cookie", v);
}

static bool has_header(Req *r, const char *name) {
    for (Header *h = r->headers; h; h = h->next)
        if (!strcasecmp(h->name, name)) return true;
    return false;
}

/* Add name: value unless the handler set that header itself. */
static void default_header(Req *r, const char *name, const char *value) {
    if (!has_header(r, name)) resp_header(r, name, value);
}

void resp_security_headers(Req *r) {
    default_header(r, "X-Content-Type-Options", "nosniff");
    default_header(r, "Referrer-Policy", "same-origin");
    default_header(r, "X-Frame-Options", "DENY");
    const char *type = r->resp_type ? r->resp_type : "";
    bool html = !strncmp(type, "text/html", 9);
    if (html || !strncmp(type, "application/json", 16))
        default_header(r, "Cache-Control", "no-store");
    if (!html) return;
    Buf csp;
    buf_init(&csp, &r->arena);
    buf_reserve(&csp, 256);
    buf_puts(&csp, "default-src 'self'; script-src 'self' 'nonce-");
    buf_puts(&csp, r->nonce ? r->nonce : "none");
    buf_puts(&csp, "'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; "
                   "form-action 'self'; base-uri 'none'; object-src 'none'");
    default_header(r, "Content-Security-Policy", csp.data);
}

/* The security headers are added when the response is queued (once,
** whatever rendered the page): see resp_security_headers. */
int resp_html(Req *r, int status) {
    r->status = status;
    r->resp_type = "text/html; charset=utf-8";
    return 0;
}

static int json_to_buf(const char *s, size_t n, void *ctx) {
    buf_append(ctx, s, n);
    return 0;
}

/* UTF-8 as it is (the body says charset=utf-8), written straight into the
** response: escaping every CJK character as \uXXXX went through snprintf
** and made a Chinese answer six bytes a character (issue 13: 15 % of an
** application read). */
int resp_json(Req *r, int status, json_t *v) {
    buf_reset(&r->out);
    json_dump_callback(v, json_to_buf, &r->out, JSON_COMPACT);
    json_decref(v);
    buf_putc(&r->out, '\n');
    r->status = status;
    r->resp_type = "application/json; charset=utf-8";
    return 0;
}

int resp_text(Req *r, int status, const char *type, const char *body, size_t len) {
    buf_reset(&r->out);
    buf_append(&r->out, body, len);
    r->status = status;
    r->resp_type = arena_strdup(&r->arena, type);
    return 0;
}

int resp_static(Req *r, int status, const char *type, const void *data, size_t len) {
    r->static_data = data;
    r->static_len = len;
    r->status = status;
    r->resp_type = type;
    return 0;
}

int resp_redirect(Req *r, const char *location) {
    /* Only local paths: an open redirect would help phishing. Browsers drop
    ** tabs and newlines and read a backslash as a slash, so none may pass. */
    bool local = location && location[0] == '/' && location[1] != '/';
    for (const char *p = location; local && *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f || *p == '\\') local = false;
    if (!local) location = "/";
    buf_reset(&r->out);
    r->status = 303;
    r->resp_type = "text/plain; charset=utf-8";
    resp_header(r, "Location", location);
    return 0;
}

static json_t *error_json(Req *r, int code) {
    json_t *fields = json_array();
    for (size_t i = 0; i < r->nerrs; i++)
        json_array_append_new(fields, json_pack("{s:s, s:s, s:s}", "field", r->errs[i].field,
                                                "code", err_name(r->errs[i].code), "message",
                                                err_msg(r->errs[i].code, r->lang)));
    json_t *e = json_pack("{s:s, s:i, s:s}", "code", err_name(code), "status", err_status(code),
                          "message", err_msg(code, r->lang));
    if (json_array_size(fields))
        json_object_set_new(e, "fields", fields);
    else
        json_decref(fields);
    return json_pack("{s:o, s:s}", "error", e, "request_id", r->request_id);
}

int resp_error(Req *r, int code) {
    if (code < 0) code = -code;
    int status = err_status(code);
    if (code == ERR_THROTTLED) resp_header(r, "Retry-After", "60");
    if (code == ERR_BUSY) resp_header(r, "Retry-After", "5");
    if (r->api) return resp_json(r, status, error_json(r, code));
    const ServerOptions *opt = server_options(r->srv);
    if (opt->render_error && r->method != 0) {
        buf_reset(&r->out);
        opt->render_error(r, code);
        return resp_html(r, status);
    }
    const char *msg = err_msg(code, r->lang);
    resp_text(r, status, "text/plain; charset=utf-8", msg, strlen(msg));
    return 0;
}

int resp_file(Req *r, int status, const char *type, int fd, size_t len) {
    if (r->file_fd >= 0 && r->file_fd != fd) close(r->file_fd);
    r->file_fd = fd;
    r->file_len = len;
    buf_reset(&r->out);
    r->status = status;
    r->resp_type = arena_strdup(&r->arena, type);
    return 0;
}

const char *req_tmp_dir(Req *r) {
    return server_tmp_dir(r->srv);
}
