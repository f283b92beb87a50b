/*
** Request accessors and body parsing: application/x-www-form-urlencoded,
** multipart/form-data and application/json. The parsers work on the whole
** body, in memory or mapped from its spool file (upload routes), capped by
** the route's limit and HTTP_MAX_FIELDS; they never trust lengths from the
** client and take time linear in the body.
*/
#include <arpa/inet.h>
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

const char *forwarded_client(Arena *a, const char *xff) {
    const char *last = strrchr(xff, ',');
    char *client = str_trim(arena_strdup(a, last ? last + 1 : xff));
    struct in6_addr probe;
    if (inet_pton(AF_INET, client, &probe) == 1 || inet_pton(AF_INET6, client, &probe) == 1)
        return client;
    return NULL;
}

const char *req_query(Req *r, const char *name) {
    return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
}

/* FNV-1a of a field name. */
static size_t name_hash(const char *s) {
    uint64_t h = 14695981039346656037ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return (size_t)h;
}

/* The slot of field in r's error index: the one holding it, or the empty
** one where it would go. The index is kept at most half full. */
static size_t *err_slot(Req *r, const char *field) {
    size_t mask = r->err_nslots - 1;
    for (size_t i = name_hash(field) & mask;; i = (i + 1) & mask) {
        size_t *slot = &r->err_slots[i];
        if (!*slot || !strcmp(r->errs[*slot - 1].field, field)) return slot;
    }
}

/* Make room for one more error: grow the array and rebuild the index. */
static void errs_grow(Req *r) {
    size_t cap = r->cap_errs ? r->cap_errs * 2 : 8;
    FieldError *e = ARENA_NEW(&r->arena, FieldError, cap);
    if (r->nerrs) memcpy(e, r->errs, r->nerrs * sizeof *e);
    r->errs = e;
    r->cap_errs = cap;
    r->err_nslots = cap * 2;
    r->err_slots = ARENA_NEW(&r->arena, size_t, r->err_nslots);
    for (size_t i = 0; i < r->nerrs; i++)
        *err_slot(r, r->errs[i].field) = i + 1;
}

/* Constant time per call (a hash index), so a request with thousands of bad
** fields costs time linear in their number. */
void req_field_error(Req *r, const char *field, int code) {
    if (code < 0) code = -code;
    if (r->nerrs && *err_slot(r, field)) return; /* the first reason wins */
    if (r->nerrs == r->cap_errs) errs_grow(r);
    r->errs[r->nerrs].field = arena_strdup(&r->arena, field);
    r->errs[r->nerrs].code = code;
    r->nerrs++;
    *err_slot(r, field) = r->nerrs;
}

int req_field_code(Req *r, const char *field) {
    if (!r->nerrs) return 0;
    size_t i = *err_slot(r, field);
    return i ? r->errs[i - 1].code : 0;
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
        const char *amp = memchr(s + i, '&', n - i);
        i = amp ? (size_t)(amp - s) : n;
        size_t end = i++;
        if (end == start) continue;
        if (out->n >= HTTP_MAX_FIELDS) return -ERR_TOO_MANY_FIELDS;
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

/* The first occurrence of needle in hay (glibc's memmem: linear time, so
** a body of near-delimiters costs no more than any other). */
static const char *mem_find(const char *hay, size_t hn, const char *needle, size_t nn) {
    if (nn == 0) return NULL;
    return memmem(hay, hn, needle, nn);
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

/* Append one file part to *files (grown in the arena). */
static void files_add(Arena *a, UploadFile **files, size_t *nfiles, size_t *cap, UploadFile f) {
    if (*nfiles == *cap) {
        *cap = *cap ? *cap * 2 : 4;
        UploadFile *nf = ARENA_NEW(a, UploadFile, *cap);
        if (*nfiles) memcpy(nf, *files, *nfiles * sizeof *nf);
        *files = nf;
    }
    (*files)[(*nfiles)++] = f;
}

int parse_multipart(Arena *a, const char *content_type, const char *body, size_t n, size_t text_max,
                    ParamList *fields, UploadFile **files, size_t *nfiles) {
    char *boundary = header_param(a, content_type, strlen(content_type), "boundary");
    if (!boundary || !*boundary || strlen(boundary) > 200) return -ERR_BAD_REQUEST;
    char *next_delim = arena_printf(a, "\r\n--%s", boundary);
    const char *delim = next_delim + 2;
    size_t dlen = strlen(delim);
    const char *p = mem_find(body, n, delim, dlen), *end = body + n;
    if (!p) return -ERR_BAD_REQUEST;
    size_t cap = 0, text = 0;
    *files = NULL;
    *nfiles = 0;
    for (;;) {
        p += dlen;
        if (end - p >= 2 && p[0] == '-' && p[1] == '-') return 0; /* closing delimiter */
        if (end - p < 2 || p[0] != '\r' || p[1] != '\n') return -ERR_BAD_REQUEST;
        if (fields->n + *nfiles >= HTTP_MAX_FIELDS) return -ERR_TOO_MANY_FIELDS;
        p += 2;
        const char *hend = mem_find(p, (size_t)(end - p), "\r\n\r\n", 4);
        if (!hend) return -ERR_BAD_REQUEST;
        PartHead ph;
        if (parse_part_headers(a, p, (size_t)(hend - p), &ph)) return -ERR_BAD_REQUEST;
        const char *data = hend + 4;
        const char *next = mem_find(data, (size_t)(end - data), next_delim, dlen + 2);
        if (!next) return -ERR_BAD_REQUEST;
        size_t len = (size_t)(next - data);
        if (ph.filename) {
            files_add(
                a, files, nfiles, &cap,
                (UploadFile){ph.name, ph.filename, ph.type, (const unsigned char *)data, len});
        } else {
            if ((text += len) > text_max) return -ERR_TOO_LARGE;
            params_add(a, fields, ph.name, arena_strndup(a, data, len), len);
        }
        p = next + 2;
    }
}

bool content_type_is(const char *ct, const char *want) {
    size_t n = strlen(want);
    return ct && strncasecmp(ct, want, n) == 0 && (ct[n] == 0 || ct[n] == ';' || ct[n] == ' ');
}

/* Fields a JSON body holds as spec_parse sees them: one per member, one
** per item of an array member. */
static size_t json_entry_count(json_t *obj) {
    size_t n = 0;
    const char *key;
    json_t *v;
    json_object_foreach(obj, key, v) {
        (void)key;
        n += json_is_array(v) && json_array_size(v) ? json_array_size(v) : 1;
    }
    return n;
}

static int parse_json(Req *r, const char *data, size_t len) {
    r->body_kind = BODY_JSON;
    json_error_t e;
    r->json = json_loadb(data, len, JSON_REJECT_DUPLICATES, &e);
    if (!r->json || !json_is_object(r->json)) {
        req_field_error(r, "(body)", ERR_FIELD_JSON);
        return -ERR_INVALID_INPUT;
    }
    return json_entry_count(r->json) > HTTP_MAX_FIELDS ? -ERR_TOO_MANY_FIELDS : 0;
}

int req_parse_body(Req *r) {
    if (r->body_parsed) return 0;
    r->body_parsed = true;
    const char *ct = r->content_type;
    const char *data = r->body.data ? r->body.data : "";
    size_t len = r->body.len;
    size_t text_max = len;
    if (r->spool.open) { /* an upload: only its text parts come into memory */
        if (!(data = spool_map(&r->spool))) return -ERR_INTERNAL;
        len = r->spool.len;
        text_max = r->text_limit;
    }
    if (len == 0 && !ct) return 0;
    if (content_type_is(ct, "application/x-www-form-urlencoded")) {
        r->body_kind = BODY_FORM;
        return parse_urlencoded(&r->arena, data, len, &r->form);
    }
    if (content_type_is(ct, "multipart/form-data")) {
        r->body_kind = BODY_MULTIPART;
        return parse_multipart(&r->arena, ct, data, len, text_max, &r->form, &r->files, &r->nfiles);
    }
    if (content_type_is(ct, "application/json")) return parse_json(r, data, len);
    if (len == 0) return 0;
    return -ERR_UNSUPPORTED_TYPE;
}
