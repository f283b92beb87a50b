/*
** Sessions and CSRF protection, applied by the router to every request.
**
** The session cookie `sid` holds a random token (HttpOnly, SameSite=Lax,
** Secure when configured). A visitor without a session gets a `pre` cookie
** instead, so that the login and registration forms are CSRF-protected too.
** The CSRF token is an HMAC of whichever of the two the request carries: it
** needs no storage, and a new session at login means a new token.
*/
#include <sodium.h>
#include <string.h>
#include <strings.h>

#include "core/crypto.h"
#include "core/log.h"
#include "core/util.h"
#include "http/internal.h"
#include "http/auth.h"
#include "model/session.h"

#define SESSION_TOUCH_S 60

unsigned role_bit_of(const char *role) {
    if (!role) return ROLE_BIT_ANON;
    if (!strcmp(role, "customer")) return ROLE_BIT_CUSTOMER;
    if (!strcmp(role, "reviewer")) return ROLE_BIT_REVIEWER;
    if (!strcmp(role, "admin")) return ROLE_BIT_ADMIN;
    return ROLE_BIT_ANON;
}

static void set_csrf_token(Req *r, const char *base) {
    unsigned char mac[32];
    crypto_mac(mac, "csrf", base, strlen(base));
    r->csrf_token = b64url_encode(&r->arena, mac, 24);
}

static void ensure_pre_cookie(Req *r) {
    const char *pre = req_cookie(r, "pre");
    if (!pre || strlen(pre) < 16 || strlen(pre) > 64) {
        pre = rand_token(&r->arena, 16);
        resp_set_cookie(r, "pre", pre, -1, true);
    }
    set_csrf_token(r, pre);
}

static bool session_expired(const Config *cfg, const SessionInfo *s, int64_t now) {
    return now - s->last_seen > (int64_t)cfg->session_idle_min * 60 ||
           now - s->created_at > (int64_t)cfg->session_max_hours * 3600;
}

int session_resolve(Req *r) {
    r->who = (Principal){0};
    r->who.role_bit = ROLE_BIT_ANON;
    const char *sid = req_cookie(r, "sid");
    if (sid && strlen(sid) >= 32 && strlen(sid) <= 64) {
        SessionInfo s;
        int rc = session_lookup(r->db, &r->arena, sid, &s);
        if (rc < 0 && rc != -ERR_NOT_FOUND) return rc;
        int64_t now = time_now();
        const Config *cfg = server_config(r->srv);
        if (rc == 0 && (session_expired(cfg, &s, now) || strcmp(s.status, "active") != 0)) {
            session_delete(r->db, s.id);
            rc = -ERR_NOT_FOUND;
        }
        if (rc == 0) {
            r->sid = sid;
            r->who = (Principal){s.account_id, role_bit_of(s.role), s.login, s.display_name, s.id};
            if (now - s.last_seen >= SESSION_TOUCH_S) session_touch(r->db, s.id, now);
            set_csrf_token(r, sid);
            return 0;
        }
        resp_set_cookie(r, "sid", "", 0, true); /* forget the stale cookie */
    }
    ensure_pre_cookie(r);
    return 0;
}

/* scheme://host[:port] of this server as the browser sees it. */
static const char *own_origin(Req *r) {
    const char *cfg_origin = server_config(r->srv)->public_origin;
    if (cfg_origin && *cfg_origin) return cfg_origin;
    const char *host = req_header(r, "Host");
    if (!host) return NULL;
    return arena_printf(&r->arena, "%s://%s",
                        server_config(r->srv)->secure_cookies ? "https" : "http", host);
}

int session_anonymous(Req *r) {
    r->who = (Principal){0};
    r->who.role_bit = ROLE_BIT_ANON;
    ensure_pre_cookie(r);
    return 0;
}

static bool origin_ok(Req *r) {
    const char *origin = req_header(r, "Origin");
    const char *own = own_origin(r);
    if (origin && strcmp(origin, "null") != 0) return own && strcasecmp(origin, own) == 0;
    const char *referer = req_header(r, "Referer");
    if (referer) {
        size_t n = own ? strlen(own) : 0;
        return own && strncasecmp(referer, own, n) == 0 && (referer[n] == '/' || referer[n] == 0);
    }
    return origin == NULL; /* "null" origins are refused; no header at all: token decides */
}

static const char *submitted_token(Req *r) {
    const char *h = req_header(r, "X-CSRF-Token");
    if (h) return h;
    for (size_t i = 0; i < r->form.n; i++)
        if (!strcmp(r->form.items[i].name, "csrf")) return r->form.items[i].value;
    return NULL;
}

bool origin_allowed(Req *r) {
    if (origin_ok(r)) return true;
    log_warn("%s: cross-origin POST refused (Origin %s)", r->request_id,
             req_header(r, "Origin") ? req_header(r, "Origin") : "-");
    return false;
}

bool csrf_check(Req *r) {
    if (!origin_allowed(r)) return false;
    const char *got = submitted_token(r);
    const char *want = r->csrf_token;
    if (!got || !want || strlen(got) != strlen(want)) return false;
    return sodium_memcmp(got, want, strlen(want)) == 0;
}

void http_session_start(Req *r, const char *token, int64_t session_id, int64_t account_id,
                        const char *login, const char *role, const char *display_name) {
    const Config *cfg = server_config(r->srv);
    resp_set_cookie(r, "sid", token, cfg->session_max_hours * 3600, true);
    r->sid = token;
    r->who = (Principal){account_id, role_bit_of(role), arena_strdup(&r->arena, login),
                         arena_strdup(&r->arena, display_name), session_id};
    set_csrf_token(r, token);
}

void http_session_forget(Req *r) {
    resp_set_cookie(r, "sid", "", 0, true);
    r->who = (Principal){0};
    r->who.role_bit = ROLE_BIT_ANON;
    r->sid = NULL;
    ensure_pre_cookie(r);
}

Actor http_actor(Req *r) {
    return (Actor){r->who.account_id, r->who.login, r->ip, r->request_id};
}
