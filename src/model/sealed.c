/*
** Values sealed as JSON.
*/
#include "model/sealed.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/crypto.h"
#include "core/err.h"
#include "core/util.h"

char *values_seal(Arena *a, const Values *v) {
    json_t *o = json_object();
    for (int id = 1; id < FIELD__COUNT; id++)
        if (v->v[id]) json_object_set_new(o, filing_field_key(id), json_string(v->v[id]));
    char *s = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(o);
    char *sealed = crypto_seal_text(a, s ? s : "{}");
    free(s);
    return sealed;
}

/* One JSON string, its opening quote already read: unescaped in place (the
** text only shrinks) and ended with a NUL. False for what the flat reader
** leaves to jansson: \u escapes, control characters, invalid UTF-8. */
static bool flat_string(char **pp, char **out) {
    char *p = *pp, *w = p;
    *out = w;
    for (;;) {
        unsigned char c = (unsigned char)*p;
        if (c == '"') break;
        if (c < 0x20) return false; /* also the end of the text */
        if (c == '\\') {
            static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
            const char *e = p[1] ? strchr(from, p[1]) : NULL;
            if (!e) return false;
            *w++ = to[e - from];
            p += 2;
        } else if (c < 0x80) {
            *w++ = *p++;
        } else {
            const char *q = p;
            if (utf8_next(&q, q + strnlen(q, 4)) < 0) return false;
            while (p < q)
                *w++ = *p++;
        }
    }
    *w = 0;
    *pp = p + 1;
    return true;
}

static char *skip_ws(char *p) {
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
        p++;
    return p;
}

/* The sealed values as values_seal writes them, one flat object of strings,
** read without building jansson's tree (it was most of a read's cost of
** opening them); the strings stay in the text (in the arena). False, with
** the text possibly changed, for anything else: jansson decides then. */
static bool flat_open(char *p, Values *out) {
    p = skip_ws(p);
    if (*p++ != '{') return false;
    p = skip_ws(p);
    if (*p == '}') return *skip_ws(p + 1) == 0;
    for (;;) {
        char *k, *val;
        if (*p++ != '"' || !flat_string(&p, &k)) return false;
        p = skip_ws(p);
        if (*p++ != ':') return false;
        p = skip_ws(p);
        if (*p++ != '"' || !flat_string(&p, &val)) return false;
        FieldId id = filing_field_id(k);
        if (id) out->v[id] = val;
        p = skip_ws(p);
        if (*p == '}') return *skip_ws(p + 1) == 0;
        if (*p++ != ',') return false;
        p = skip_ws(p);
    }
}

int values_parse_tree(const char *text, Values *out) {
    json_t *o = json_loads(text, 0, NULL);
    if (!json_is_object(o)) {
        json_decref(o);
        return -ERR_INTERNAL;
    }
    const char *k;
    json_t *val;
    json_object_foreach(o, k, val) {
        FieldId id = filing_field_id(k);
        if (id && json_is_string(val)) values_set(out, id, json_string_value(val));
    }
    json_decref(o);
    return 0;
}

int values_open(Arena *a, const char *sealed, Values *out) {
    values_init(out, a);
    if (!sealed || !*sealed) return 0;
    char *text = crypto_open_text(a, sealed);
    if (!text) return -ERR_INTERNAL;
    if (flat_open(text, out)) return 0;
    /* Not the flat form (or not valid): the text again, for jansson. */
    values_init(out, a);
    text = crypto_open_text(a, sealed);
    return text ? values_parse_tree(text, out) : -ERR_INTERNAL;
}
