/*
** The field-spec parser. Every source is first flattened into a list of
** (name, text, origin type) entries; the spec is then applied the same way
** whatever the source was.
*/
#include "http/spec.h"

#include <errno.h>
#include <microhttpd.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "http/internal.h"

typedef enum { SRC_TEXT, SRC_NUMBER, SRC_BOOL, SRC_ARRAY_ITEM, SRC_BAD } SrcType;

typedef struct Entry {
    const char *name;
    const char *value;
    size_t len;
    SrcType type;
} Entry;

typedef struct Entries {
    Entry *e;
    size_t n, cap;
} Entries;

static void entries_add(Arena *a, Entries *l, const char *name, const char *v, size_t len,
                        SrcType t) {
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        Entry *e = ARENA_NEW(a, Entry, cap);
        if (l->n) memcpy(e, l->e, l->n * sizeof *e);
        l->e = e;
        l->cap = cap;
    }
    l->e[l->n++] = (Entry){name, v, len, t};
}

static void flatten_json(Req *r, Entries *l) {
    const char *key;
    json_t *v;
    json_object_foreach(r->json, key, v) {
        const char *k = arena_strdup(&r->arena, key);
        if (json_is_string(v)) {
            entries_add(&r->arena, l, k, json_string_value(v), json_string_length(v), SRC_TEXT);
        } else if (json_is_integer(v)) {
            entries_add(&r->arena, l, k,
                        arena_printf(&r->arena, "%lld", (long long)json_integer_value(v)), 0,
                        SRC_NUMBER);
        } else if (json_is_boolean(v)) {
            entries_add(&r->arena, l, k, json_is_true(v) ? "true" : "false", 0, SRC_BOOL);
        } else if (json_is_array(v)) {
            size_t i;
            json_t *item;
            json_array_foreach(v, i, item) {
                if (json_is_string(item))
                    entries_add(&r->arena, l, k, json_string_value(item), json_string_length(item),
                                SRC_ARRAY_ITEM);
                else
                    entries_add(&r->arena, l, k, "", 0, SRC_BAD);
            }
            if (json_array_size(v) == 0) entries_add(&r->arena, l, k, NULL, 0, SRC_ARRAY_ITEM);
        } else if (!json_is_null(v)) {
            entries_add(&r->arena, l, k, "", 0, SRC_BAD);
        }
    }
    for (size_t i = 0; i < l->n; i++)
        if (l->e[i].value && !l->e[i].len) l->e[i].len = strlen(l->e[i].value);
}

typedef struct QueryCtx {
    Req *r;
    Entries *l;
    bool too_many;
} QueryCtx;

static enum MHD_Result query_iter(void *cls, enum MHD_ValueKind kind, const char *key,
                                  const char *value) {
    (void)kind;
    QueryCtx *q = cls;
    if (q->l->n >= HTTP_MAX_FIELDS) {
        q->too_many = true;
        return MHD_NO;
    }
    const char *v = value ? value : "";
    entries_add(&q->r->arena, q->l, key, v, strlen(v), SRC_TEXT);
    return MHD_YES;
}

/* The entries of the query string (GET) or the parsed body. Returns 0, or
** -ERR_TOO_MANY_FIELDS for a query string beyond HTTP_MAX_FIELDS (bodies
** were capped by their parsers). */
static int flatten(Req *r, Entries *l) {
    memset(l, 0, sizeof *l);
    if (r->method != HTTP_POST) {
        QueryCtx q = {r, l, false};
        MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, query_iter, &q);
        return q.too_many ? -ERR_TOO_MANY_FIELDS : 0;
    }
    if (r->body_kind == BODY_JSON) {
        flatten_json(r, l);
        return 0;
    }
    for (size_t i = 0; i < r->form.n; i++)
        entries_add(&r->arena, l, r->form.items[i].name, r->form.items[i].value,
                    r->form.items[i].len, SRC_TEXT);
    return 0;
}

/* Text rules shared by every text-like kind: UTF-8, control characters,
** length in code points. Returns 0 or a positive ErrCode. */
static int check_text(const Field *f, const char *v, size_t len) {
    if (strlen(v) != len || !utf8_valid(v, len)) return ERR_FIELD_UTF8;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)v[i];
        bool ws = c == '\n' || c == '\r' || c == '\t';
        if ((c < 0x20 && !(ws && (f->flags & FF_MULTILINE))) || c == 0x7f) return ERR_FIELD_CONTROL;
    }
    size_t cps = utf8_len(v);
    size_t max = f->max > 0 ? (size_t)f->max : 1000;
    if (cps > max) return ERR_FIELD_TOO_LONG;
    if (f->min > 0 && cps > 0 && cps < (size_t)f->min) return ERR_FIELD_TOO_SHORT;
    return 0;
}

static int apply_text(Req *r, const Field *f, const Entry *e, const char **out) {
    if (e && e->type != SRC_TEXT) return ERR_FIELD_TYPE;
    const char *v = e ? e->value : "";
    size_t len = e ? e->len : 0;
    int code = check_text(f, v, len);
    if (code) return code;
    char *s = arena_strndup(&r->arena, v, len);
    if (!(f->flags & FF_NO_TRIM)) str_trim(s);
    *out = s;
    if (!*s) return (f->flags & FF_REQUIRED) ? ERR_FIELD_REQUIRED : 0;
    if (f->kind == FK_CHOICE && !str_in(s, f->choices)) return ERR_FIELD_CHOICE;
    if (f->check) {
        int rc = f->check(&r->arena, s, out);
        if (rc) return rc < 0 ? -rc : rc;
    }
    return 0;
}

static int apply_int(Req *r, const Field *f, const Entry *e, int64_t *out) {
    (void)r;
    *out = 0;
    if (!e || (e->type == SRC_TEXT && e->len == 0))
        return (f->flags & FF_REQUIRED) ? ERR_FIELD_REQUIRED : 0;
    if (e->type != SRC_TEXT && e->type != SRC_NUMBER) return ERR_FIELD_TYPE;
    char *end;
    errno = 0;
    long long v = strtoll(e->value, &end, 10);
    if (errno || end == e->value || *end || strlen(e->value) != e->len) return ERR_FIELD_NOT_INT;
    if ((f->min || f->max) && (v < f->min || v > f->max)) return ERR_FIELD_RANGE;
    *out = v;
    return 0;
}

static int apply_bool(const Field *f, const Entry *e, bool *out) {
    *out = false;
    if (!e) return (f->flags & FF_REQUIRED) ? ERR_FIELD_REQUIRED : 0;
    if (e->type != SRC_TEXT && e->type != SRC_BOOL) return ERR_FIELD_TYPE;
    const char *v = e->value;
    if (!strcmp(v, "1") || !strcmp(v, "on") || !strcmp(v, "true") || !strcmp(v, "yes"))
        *out = true;
    else if (!(!strcmp(v, "0") || !strcmp(v, "off") || !strcmp(v, "false") || !strcmp(v, "no") ||
               !*v))
        return ERR_FIELD_TYPE;
    return 0;
}

static int apply_list(Req *r, const Field *f, Entries *l, StrList *out) {
    size_t n = 0;
    for (size_t i = 0; i < l->n; i++)
        if (!strcmp(l->e[i].name, f->name) && l->e[i].value) n++;
    out->items = ARENA_NEW(&r->arena, const char *, n + 1);
    out->n = 0;
    for (size_t i = 0; i < l->n; i++) {
        Entry *e = &l->e[i];
        if (strcmp(e->name, f->name) || !e->value) continue;
        if (e->type != SRC_TEXT && e->type != SRC_ARRAY_ITEM) return ERR_FIELD_TYPE;
        Entry copy = *e;
        copy.type = SRC_TEXT;
        const char *v;
        Field item = *f;
        item.flags &= ~FF_REQUIRED;
        item.min = 0;
        item.max = 0;
        int code = apply_text(r, &item, &copy, &v);
        if (code) return code;
        if (*v || (f->flags & FF_KEEP_EMPTY)) out->items[out->n++] = v;
    }
    if (out->n == 0 && (f->flags & FF_REQUIRED)) return ERR_FIELD_REQUIRED;
    if (f->max && out->n > (size_t)f->max) return ERR_FIELD_RANGE;
    if (f->min && out->n < (size_t)f->min) return ERR_FIELD_TOO_SHORT;
    return 0;
}

static const Entry *find_single(Entries *l, const char *name, int *count) {
    const Entry *found = NULL;
    *count = 0;
    for (size_t i = 0; i < l->n; i++)
        if (!strcmp(l->e[i].name, name)) {
            if (!found) found = &l->e[i];
            (*count)++;
        }
    return found;
}

static int apply_file(Req *r, const Field *f, const UploadFile **out) {
    *out = NULL;
    for (size_t i = 0; i < r->nfiles; i++)
        if (!strcmp(r->files[i].field, f->name)) {
            if (*out) return ERR_FIELD_DUPLICATE;
            *out = &r->files[i];
        }
    if (!*out || (*out)->len == 0) {
        *out = NULL;
        return (f->flags & FF_REQUIRED) ? ERR_FIELD_REQUIRED : 0;
    }
    return 0;
}

static int apply_field(Req *r, const Field *f, Entries *l) {
    int count;
    const Entry *e = f->kind == FK_LIST ? NULL : find_single(l, f->name, &count);
    if (f->kind != FK_LIST && f->kind != FK_FILE && count > 1) return ERR_FIELD_DUPLICATE;
    switch (f->kind) {
    case FK_TEXT:
    case FK_CHOICE:
        return apply_text(r, f, e, (const char **)f->out);
    case FK_INT:
        return apply_int(r, f, e, (int64_t *)f->out);
    case FK_BOOL:
        return apply_bool(f, e, (bool *)f->out);
    case FK_LIST:
        return apply_list(r, f, l, (StrList *)f->out);
    case FK_FILE:
        return apply_file(r, f, (const UploadFile **)f->out);
    }
    return ERR_INTERNAL;
}

static bool in_spec(const Field *spec, const char *name) {
    for (const Field *f = spec; f->name; f++)
        if (!strcmp(f->name, name)) return true;
    return false;
}

int spec_parse(Req *r, const Field *spec) {
    Entries l;
    int rc = flatten(r, &l);
    if (rc < 0) {
        req_field_error(r, "(query)", rc);
        return rc;
    }
    size_t before = r->nerrs;
    for (const Field *f = spec; f->name; f++) {
        int code = apply_field(r, f, &l);
        if (code) req_field_error(r, f->name, code);
    }
    for (size_t i = 0; i < l.n; i++) {
        const char *name = l.e[i].name;
        if (!strcmp(name, "csrf") && r->body_kind != BODY_JSON) continue;
        if (r->method != HTTP_POST && !strcmp(name, "lang")) continue;
        if (!in_spec(spec, name)) req_field_error(r, name, ERR_FIELD_UNKNOWN);
    }
    for (size_t i = 0; i < r->nfiles; i++)
        if (!in_spec(spec, r->files[i].field))
            req_field_error(r, r->files[i].field, ERR_FIELD_UNKNOWN);
    return r->nerrs > before ? -ERR_INVALID_INPUT : 0;
}

static const char *form_raw_any(Req *r, const char *name) {
    if (r->method == HTTP_POST && r->body_kind == BODY_JSON) {
        json_t *v = r->json ? json_object_get(r->json, name) : NULL;
        if (json_is_string(v)) return json_string_value(v);
        if (json_is_integer(v))
            return arena_printf(&r->arena, "%lld", (long long)json_integer_value(v));
        return "";
    }
    if (r->method != HTTP_POST) {
        const char *v = req_query(r, name);
        return v ? v : "";
    }
    for (size_t i = 0; i < r->form.n; i++)
        if (!strcmp(r->form.items[i].name, name)) return r->form.items[i].value;
    return "";
}

const char *spec_raw(Req *r, const char *name) {
    const char *v = form_raw_any(r, name);
    return utf8_valid(v, strlen(v)) ? v : "";
}

bool spec_has(Req *r, const char *name) {
    if (r->method == HTTP_POST && r->body_kind == BODY_JSON)
        return r->json && json_object_get(r->json, name) != NULL;
    if (r->method != HTTP_POST) return req_query(r, name) != NULL;
    for (size_t i = 0; i < r->form.n; i++)
        if (!strcmp(r->form.items[i].name, name)) return true;
    return false;
}
