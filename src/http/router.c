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

void router_prepare(Req *r) {
    const ServerOptions *opt = server_options(r->srv);
    r->api = str_starts(r->path, "/api/");
    if (!r->method) return; /* answered with 405 in dispatch */
    int i = route_find(opt->routes, opt->nroutes, r->method, r->path, r);
    if (i >= 0) {
        r->route_index = i;
        r->route = &opt->routes[i];
        if (r->route->flags & RF_API) r->api = true;
        if (r->route->flags & RF_UPLOAD)
            r->body_limit = (size_t)server_config(r->srv)->max_upload_kb * 1024;
    }
    const char *cl = req_header(r, "Content-Length");
    if (cl && strtoull(cl, NULL, 10) > r->body_limit) {
        r->lang = pick_lang(r);
        r->body_too_large = true;
        resp_header(r, "Connection", "close");
        resp_error(r, -ERR_TOO_LARGE);
        r->responded = true;
    }
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

static int run_policies(Req *r) {
    if (!r->method) return -ERR_METHOD;
    if (!r->route) {
        const ServerOptions *opt = server_options(r->srv);
        return route_find(opt->routes, opt->nroutes, r->method, r->path, NULL) == -2
                   ? -ERR_METHOD
                   : -ERR_NOT_FOUND;
    }
    if (r->body_too_large) return -ERR_TOO_LARGE;
    if (!(r->route->flags & RF_NO_DB)) {
        r->db = server_db(r->srv);
        if (!r->db) return -ERR_UNAVAILABLE;
        int rc = session_resolve(r);
        if (rc < 0) return rc;
    } else {
        r->who.role_bit = ROLE_BIT_ANON;
    }
    if (!role_allowed(r)) {
        if (r->who.role_bit == ROLE_BIT_ANON) {
            need_login(r);
            return 1;
        }
        return -ERR_FORBIDDEN;
    }
    if (r->method == HTTP_POST) {
        int rc = req_parse_body(r);
        if (rc < 0) return rc;
        if (!(r->route->flags & RF_NO_CSRF) && !csrf_check(r)) return -ERR_CSRF;
    }
    return 0;
}

static void finish(Req *r, int rc) {
    if (rc == HANDLER_SUSPENDED) {
        r->suspended = true;
        return;
    }
    if (rc < 0) {
        if (rc != -ERR_INVALID_INPUT && err_status(rc) >= 500)
            log_error("%s %s: %s (%s)", r->path, r->request_id, err_name(rc),
                      r->route ? r->route->name : "-");
        resp_error(r, rc);
    } else if (!r->status) {
        log_error("%s: handler set no response", r->path);
        resp_error(r, -ERR_INTERNAL);
    }
}

void router_dispatch(Req *r) {
    r->lang = pick_lang(r);
    r->who.role_bit = ROLE_BIT_ANON;
    if (!r->api) {
        unsigned char raw[12];
        rand_bytes(raw, sizeof raw);
        r->nonce = b64url_encode(&r->arena, raw, sizeof raw);
    }
    int rc = run_policies(r);
    if (rc == 1) return; /* already answered (login redirect) */
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
