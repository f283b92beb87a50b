/*
** The router: finds the route, then enforces the policies every route
** declares in its table row, so no handler can forget them.
*/
#include "http/router.h"

#include <string.h>

#include "core/i18n.h"
#include "core/log.h"
#include "core/util.h"
#include "db/db.h"
#include "http/internal.h"

bool route_match(const char *pattern, const char *path, Req *r) {
    const char *p = pattern, *u = path;
    int n = 0;
    while (*p && *u) {
        if (p[0] == '*' && p[1] == 0) return true; /* a trailing "*" matches the rest */
        if (*p == ':') {
            const char *name = ++p;
            while (*p && *p != '/')
                p++;
            const char *start = u;
            while (*u && *u != '/')
                u++;
            if (u == start || n >= 8) return false;
            if (r) {
                r->param_names[n] = arena_strndup(&r->arena, name, (size_t)(p - name));
                r->params[n] = arena_strndup(&r->arena, start, (size_t)(u - start));
            }
            n++;
            continue;
        }
        if (*p != *u) return false;
        p++, u++;
    }
    if (p[0] == '*' && p[1] == 0) return true;
    if (*p || *u) return false;
    if (r) r->nparams = n;
    return true;
}

int route_find(const Route *routes, size_t n, HttpMethod m, const char *path, Req *r) {
    int result = -1;
    HttpMethod want = m == HTTP_HEAD ? HTTP_GET : m;
    for (size_t i = 0; i < n; i++) {
        if (!route_match(routes[i].pattern, path, NULL)) continue;
        if (!(routes[i].methods & want)) {
            result = -2;
            continue;
        }
        route_match(routes[i].pattern, path, r);
        return (int)i;
    }
    return result;
}

/* The language: the `lang` cookie set by the switcher; without it pages are
** in Simplified Chinese, and API clients get what Accept-Language asks. */
static Lang pick_lang(Req *r) {
    const char *c = req_cookie(r, "lang");
    if (c) return i18n_parse(c);
    const char *al = req_header(r, "Accept-Language");
    return (r->api && al) ? i18n_from_accept_language(al) : LANG_ZH;
}

static bool role_allowed(Req *r) {
    return (r->route->roles & r->who.role_bit) != 0;
}

/* The login-required answer: pages go to the login form and come back. */
static int need_login(Req *r) {
    if (r->api || r->method != HTTP_GET) return resp_error(r, -ERR_LOGIN_REQUIRED);
    Buf b;
    buf_init(&b, &r->arena);
    buf_puts(&b, "/login?next=");
    buf_url(&b, r->path);
    return resp_redirect(r, b.data);
}

/* Can the route take a body of the request's Content-Type? Upload routes
** take multipart only (their bodies are spooled to a file); the others any
** of the three types the field-spec parser reads. */
static bool type_acceptable(Req *r) {
    const char *ct = r->content_type;
    if (r->route->flags & RF_RAW) return true;
    if (r->route->flags & RF_JSON_ONLY) return content_type_is(ct, "application/json");
    if (r->route->flags & RF_UPLOAD) return content_type_is(ct, "multipart/form-data");
    return content_type_is(ct, "application/x-www-form-urlencoded") ||
           content_type_is(ct, "multipart/form-data") || content_type_is(ct, "application/json");
}

/* The policies decided from the headers alone: route, session and role,
** content type, declared size. Returns 0, 1 (log in first) or -ErrCode. */
static int header_policies(Req *r) {
    if (!r->method) return -ERR_METHOD;
    if (!r->route) {
        const ServerOptions *opt = server_options(r->srv);
        return route_find(opt->routes, opt->nroutes, r->method, r->path, NULL) == -2
                   ? -ERR_METHOD
                   : -ERR_NOT_FOUND;
    }
    if (!(r->route->flags & RF_NO_DB)) {
        r->db = server_db(r->srv);
        if (!r->db) return -ERR_UNAVAILABLE;
        int rc = server_options(r->srv)->no_sessions ? session_anonymous(r) : session_resolve(r);
        if (rc < 0) return rc;
    }
    if (!role_allowed(r)) return r->who.role_bit == ROLE_BIT_ANON ? 1 : -ERR_FORBIDDEN;
    if (r->has_body && r->method == HTTP_POST && !type_acceptable(r)) return -ERR_UNSUPPORTED_TYPE;
    const char *cl = req_header(r, "Content-Length");
    if (cl && strtoull(cl, NULL, 10) > r->body_limit) return -ERR_TOO_LARGE;
    return 0;
}

/* Answer a refusal now, before the body: the connection closes after it,
** since the unread body cannot be skipped. */
static void refuse_early(Req *r, int verdict) {
    resp_header(r, "Connection", "close");
    if (verdict == 1)
        need_login(r);
    else
        resp_error(r, verdict);
    r->responded = true;
}

void router_prepare(Req *r) {
    const ServerOptions *opt = server_options(r->srv);
    r->api = str_starts(r->path, "/api/");
    r->who.role_bit = ROLE_BIT_ANON;
    if (r->method) {
        int i = route_find(opt->routes, opt->nroutes, r->method, r->path, r);
        if (i >= 0) {
            r->route_index = i;
            r->route = &opt->routes[i];
            if (r->route->flags & RF_API) r->api = true;
            if (r->route->flags & (RF_UPLOAD | RF_RAW))
                r->body_limit = (size_t)server_config(r->srv)->max_upload_kb * 1024;
        }
    }
    r->lang = pick_lang(r);
    if (!r->api) {
        unsigned char raw[12];
        rand_bytes(raw, sizeof raw);
        r->nonce = b64url_encode(&r->arena, raw, sizeof raw);
    }
    r->verdict = header_policies(r);
    if (!r->verdict && r->has_body && (r->route->flags & RF_UPLOAD) &&
        spool_open(&r->spool, server_tmp_dir(r->srv)) < 0) {
        log_error("%s: cannot open a temporary file in %s", r->request_id, server_tmp_dir(r->srv));
        r->verdict = -ERR_UNAVAILABLE;
    }
    /* Without a body the answer waits for the second callback, which keeps
    ** the connection alive (DESIGN.md §7). So does a body from a trusted
    ** proxy, read and dropped: the proxy has taken it whole from the client
    ** already and sends it at once, and it would answer 502 instead of the
    ** refusal if the connection closed while it was still sending. */
    if (r->verdict && r->has_body && !r->via_proxy) refuse_early(r, r->verdict);
}

/* The policies that need the body: parsing and the CSRF token. */
static int body_policies(Req *r) {
    if (r->verdict) return r->verdict;
    if (r->body_too_large) return -ERR_TOO_LARGE;
    unsigned flags = r->route->flags;
    if (r->method == HTTP_POST && !(flags & RF_RAW)) {
        int rc = req_parse_body(r);
        if (rc < 0) return rc;
        if (flags & RF_JSON_ONLY) return origin_allowed(r) ? 0 : -ERR_CSRF;
        if (!(flags & RF_NO_CSRF) && !csrf_check(r)) return -ERR_CSRF;
    }
    return 0;
}

static void finish(Req *r, int rc) {
    if (rc == HANDLER_SUSPENDED) {
        r->suspended = true;
        return;
    }
    if (r->drop && rc >= 0) return; /* no answer at all: the glue closes the connection */
    if (rc < 0) {
        if (rc != -ERR_INVALID_INPUT && rc != -ERR_BUSY && err_status(rc) >= 500)
            log_error("%s %s: %s (%s)", r->path, r->request_id, err_name(rc),
                      r->route ? r->route->name : "-");
        resp_error(r, rc);
    } else if (!r->status) {
        log_error("%s: handler set no response", r->path);
        resp_error(r, -ERR_INTERNAL);
    }
}

void router_dispatch(Req *r) {
    int rc = body_policies(r);
    if (rc == 1) {
        need_login(r);
        return;
    }
    if (rc < 0) {
        finish(r, rc);
        return;
    }
    finish(r, r->route->fn(r));
}

void router_resume(Req *r) {
    Handler cont = r->cont;
    r->cont = NULL;
    finish(r, cont ? cont(r) : -ERR_INTERNAL);
}
