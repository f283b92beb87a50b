/*
** Request accessors and body parsing: application/x-www-form-urlencoded,
** multipart/form-data and application/json. The parsers work on the whole
** body in memory (bodies are capped by the route's limit) and never trust
** lengths from the client.
*/
#include <ctype.h>
#include <microhttpd.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/util.h"
#include "http/internal.h"

const char *req_param(Req *r, const char *name) {
    for (int i = 0; i < r->nparams; i++)
        if (!strcmp(r->param_names[i], name)) return r->params[i];
    return NULL;
}

int64_t req_param_id(Req *r, const char *name) {
    const char *s = req_param(r, name);
    if (!s || !*s || strlen(s) > 18) return 0;
    int64_t v = 0;
    for (; *s; s++) {
        if (!isdigit((unsigned char)*s)) return 0;
        v = v * 10 + (*s - '0');
    }
    return v;
}

const char *req_header(Req *r, const char *name) {
    return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

const char *req_cookie(Req *r, const char *name) {
    return MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, name);
}

const char *req_query(Req *r, const char *name) {
    return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
}

void req_field_error(Req *r, const char *field, int code) {
    if (code < 0) code = -code;
    for (size_t i = 0; i < r->nerrs; i++)
        if (!strcmp(r->errs[i].field, field)) return; /* the first reason wins */
    if (r->nerrs == r->cap_errs) {
        size_t cap = r->cap_errs ? r->cap_errs * 2 : 8;
        FieldError *e = ARENA_NEW(&r->arena, FieldError, cap);
        if (r->nerrs) memcpy(e, r->errs, r->nerrs * sizeof *e);
        r->errs = e;
        r->cap_errs = cap;
    }
    r->errs[r->nerrs].field = arena_strdup(&r->arena, field);
    r->errs[r->nerrs].code = code;
    r->nerrs++;
}

int req_field_code(Req *r, const char *field) {
    for (size_t i = 0; i < r->nerrs; i++)
        if (!strcmp(r->errs[i].field, field)) return r->errs[i].code;
    return 0;
}

static void params_add(Arena *a, ParamList *l, const char *name, const char *value, size_t len) {
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        Param *p = ARENA_NEW(a, Param, cap);
        if (l->n) memcpy(p, l->items, l->n * sizeof *p);
        l->items = p;
        l->cap = cap;
    }
    l->items[l->n++] = (Param){name, value, len};
}

static int hexval(int c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Decode one urlencoded component into the arena; *len gets its byte length
** (values may contain NUL bytes, which validation later refuses). */
static char *url_decode(Arena *a, const char *s, size_t n, size_t *len) {
    char *out = arena_alloc(a, n + 1);
    size_t j = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '+') {
            out[j++] = ' ';
        } else if (s[i] == '%' && i + 2 < n && hexval((unsigned char)s[i + 1]) >= 0 &&
                   hexval((unsigned char)s[i + 2]) >= 0) {
            out[j++] =
                (char)(hexval((unsigned char)s[i + 1]) * 16 + hexval((unsigned char)s[i + 2]));
            i += 2;
        } else {
            out[j++] = s[i];
        }
    }
    out[j] = 0;
    *len = j;
    return out;
}

int parse_urlencoded(Arena *a, const char *s, size_t n, ParamList *out) {
    size_t i = 0;
    while (i < n) {
        size_t start = i;
        while (i < n && s[i] != '&')
            i++;
        size_t end = i++;
        if (end == start) continue;
        const char *eq = memchr(s + start, '=', end - start);
        size_t klen = eq ? (size_t)(eq - (s + start)) : end - start;
        size_t nlen, vlen = 0;
        char *name = url_decode(a, s + start, klen, &nlen);
        char *value =
            eq ? url_decode(a, eq + 1, end - start - klen - 1, &vlen) : arena_strdup(a, "");
        if (nlen != strlen(name)) return -ERR_BAD_REQUEST; /* NUL in a name */
        params_add(a, out, name, value, vlen);
    }
    return 0;
}

/* Find a parameter of a header value, e.g. boundary=... or name="...". */
static char *header_param(Arena *a, const char *h, size_t hn, const char *key) {
    size_t klen = strlen(key);
    for (size_t i = 0; i + klen < hn; i++) {
        if ((i == 0 || h[i - 1] == ';' || h[i - 1] == ' ') && strncasecmp(h + i, key, klen) == 0 &&
            h[i + klen] == '=') {
            const char *v = h + i + klen + 1, *end = h + hn;
            if (v < end && *v == '"') {
                const char *q = memchr(v + 1, '"', (size_t)(end - v - 1));
                if (!q) return NULL;
                return arena_strndup(a, v + 1, (size_t)(q - v - 1));
            }
            const char *e = v;
            while (e < end && *e != ';' && *e != ' ')
                e++;
            return arena_strndup(a, v, (size_t)(e - v));
        }
    }
    return NULL;
}

static const char *mem_find(const char *hay, size_t hn, const char *needle, size_t nn) {
    if (nn == 0 || hn < nn) return NULL;
    const char *end = hay + hn - nn;
    for (const char *p = hay; p <= end; p++) {
        p = memchr(p, needle[0], (size_t)(end - p) + 1);
        if (!p) return NULL;
        if (memcmp(p, needle, nn) == 0) return p;
    }
    return NULL;
}

typedef struct PartHead {
    char *name, *filename, *type;
} PartHead;

static int parse_part_headers(Arena *a, const char *h, size_t n, PartHead *ph) {
    memset(ph, 0, sizeof *ph);
    size_t i = 0;
    while (i < n) {
        const char *line = h + i;
        const char *eol = mem_find(line, n - i, "\r\n", 2);
        size_t len = eol ? (size_t)(eol - line) : n - i;
        if (len > 22 && strncasecmp(line, "Content-Disposition:", 20) == 0) {
            ph->name = header_param(a, line + 20, len - 20, "name");
            ph->filename = header_param(a, line + 20, len - 20, "filename");
        } else if (len > 13 && strncasecmp(line, "Content-Type:", 13) == 0) {
            const char *v = line + 13;
            while (*v == ' ')
                v++;
            ph->type = arena_strndup(a, v, (size_t)(line + len - v));
        }
        i += len + 2;
    }
    return ph->name ? 0 : -ERR_BAD_REQUEST;
}

int parse_multipart(Arena *a, const char *content_type, const char *body, size_t n,
                    ParamList *fields, UploadFile **files, size_t *nfiles) {
    char *boundary = header_param(a, content_type, strlen(content_type), "boundary");
    if (!boundary || !*boundary || strlen(boundary) > 200) return -ERR_BAD_REQUEST;
    char *delim = arena_printf(a, "--%s", boundary);
    size_t dlen = strlen(delim);
    const char *p = mem_find(body, n, delim, dlen), *end = body + n;
    if (!p) return -ERR_BAD_REQUEST;
    size_t cap = 0;
    *files = NULL;
    *nfiles = 0;
    for (;;) {
        p += dlen;
        if (end - p >= 2 && p[0] == '-' && p[1] == '-') return 0; /* closing delimiter */
        if (end - p < 2 || p[0] != '\r' || p[1] != '\n') return -ERR_BAD_REQUEST;
        p += 2;
        const char *hend = mem_find(p, (size_t)(end - p), "\r\n\r\n", 4);
        if (!hend) return -ERR_BAD_REQUEST;
        PartHead ph;
        if (parse_part_headers(a, p, (size_t)(hend - p), &ph)) return -ERR_BAD_REQUEST;
        const char *data = hend + 4;
        char *next_delim = arena_printf(a, "\r\n%s", delim);
        const char *next = mem_find(data, (size_t)(end - data), next_delim, dlen + 2);
        if (!next) return -ERR_BAD_REQUEST;
        size_t len = (size_t)(next - data);
        if (ph.filename) {
            if (*nfiles == cap) {
                cap = cap ? cap * 2 : 4;
                UploadFile *f = ARENA_NEW(a, UploadFile, cap);
                if (*nfiles) memcpy(f, *files, *nfiles * sizeof *f);
                *files = f;
            }
            (*files)[(*nfiles)++] =
                (UploadFile){ph.name, ph.filename, ph.type, (const unsigned char *)data, len};
        } else {
            params_add(a, fields, ph.name, arena_strndup(a, data, len), len);
        }
        p = next + 2;
    }
}

static bool type_is(const char *ct, const char *want) {
    size_t n = strlen(want);
    return ct && strncasecmp(ct, want, n) == 0 && (ct[n] == 0 || ct[n] == ';' || ct[n] == ' ');
}

int req_parse_body(Req *r) {
    if (r->body_parsed) return 0;
    r->body_parsed = true;
    const char *ct = r->content_type;
    if (r->body.len == 0 && !ct) return 0;
    if (type_is(ct, "application/x-www-form-urlencoded")) {
        r->body_kind = BODY_FORM;
        return parse_urlencoded(&r->arena, r->body.data ? r->body.data : "", r->body.len, &r->form);
    }
    if (type_is(ct, "multipart/form-data")) {
        r->body_kind = BODY_MULTIPART;
        return parse_multipart(&r->arena, ct, r->body.data ? r->body.data : "", r->body.len,
                               &r->form, &r->files, &r->nfiles);
    }
    if (type_is(ct, "application/json")) {
        r->body_kind = BODY_JSON;
        json_error_t e;
        r->json =
            json_loadb(r->body.data ? r->body.data : "", r->body.len, JSON_REJECT_DUPLICATES, &e);
        if (!r->json || !json_is_object(r->json)) {
            req_field_error(r, "(body)", ERR_FIELD_JSON);
            return -ERR_INVALID_INPUT;
        }
        return 0;
    }
    if (r->body.len == 0) return 0;
    return -ERR_UNSUPPORTED_TYPE;
}
