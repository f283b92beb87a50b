/*
** The field-spec parser: one declarative spec per form reads the same fields
** from an urlencoded form, a multipart form or a JSON object, so the portal
** and the API validate identically (Taler's GNUNET_JSON_spec, with Kore's
** default-deny: a field not in the spec is an error).
**
** spec_parse records every bad field on the request (req_field_error) and
** returns -ERR_INVALID_INPUT when there was any; the handler then re-renders
** the form with the values entered (spec_raw) and the reasons, or the router
** answers 400 with every field named.
*/
#ifndef BEIAN_HTTP_SPEC_H
#define BEIAN_HTTP_SPEC_H

#include <stdbool.h>
#include <stdint.h>

#include "core/arena.h"
#include "http/http.h"

typedef enum FieldKind {
    FK_TEXT = 1, /* out: const char ** ("" when absent) */
    FK_INT,      /* out: int64_t * (0 when absent) */
    FK_BOOL,     /* out: bool * (false when absent: checkbox semantics) */
    FK_CHOICE,   /* out: const char ** one of choices ("" when absent) */
    FK_LIST,     /* out: StrList * (repeated form field or JSON array of strings) */
    FK_FILE,     /* out: const UploadFile ** (NULL when absent); multipart only */
} FieldKind;

enum {
    FF_REQUIRED = 1u << 0,   /* absent or empty is an error */
    FF_MULTILINE = 1u << 1,  /* allows \n \r \t */
    FF_NO_TRIM = 1u << 2,    /* keep surrounding spaces (passwords) */
    FF_KEEP_EMPTY = 1u << 3, /* FK_LIST: keep empty items (parallel lists of a form's rows) */
};

typedef struct StrList {
    const char **items;
    size_t n;
} StrList;

/* A validator from src/rules: returns 0 or a negative ErrCode; may set *norm
** to a normalised copy in the arena (otherwise leaves it untouched). */
typedef int (*FieldCheck)(Arena *a, const char *in, const char **norm);

typedef struct Field {
    const char *name;
    FieldKind kind;
    unsigned flags;
    int min, max;               /* text: code points (max 0 = 1000); int: range; list: item count */
    const char *const *choices; /* FK_CHOICE: NULL-terminated */
    FieldCheck check;
    void *out;
} Field;

#define FIELD_END                                                                                  \
    { 0 }

/* Typed constructors of spec rows: the output's type is checked at compile
** time, and the optional settings are named:
**   SPEC_TEXT("note", &note, .flags = FF_MULTILINE, .max = 500) */
#define SPEC_OUT_(o, T) _Generic((o), T : (o))
#define SPEC_TEXT(n, o, ...)                                                                       \
    { .name = (n), .kind = FK_TEXT, .out = SPEC_OUT_(o, const char **), __VA_ARGS__ }
#define SPEC_INT(n, o, ...)                                                                        \
    { .name = (n), .kind = FK_INT, .out = SPEC_OUT_(o, int64_t *), __VA_ARGS__ }
#define SPEC_BOOL(n, o, ...)                                                                       \
    { .name = (n), .kind = FK_BOOL, .out = SPEC_OUT_(o, bool *), __VA_ARGS__ }
#define SPEC_CHOICE(n, o, list, ...)                                                               \
    {                                                                                              \
        .name = (n), .kind = FK_CHOICE, .choices = (list), .out = SPEC_OUT_(o, const char **),     \
        __VA_ARGS__                                                                                \
    }
#define SPEC_LIST(n, o, ...)                                                                       \
    { .name = (n), .kind = FK_LIST, .out = SPEC_OUT_(o, StrList *), __VA_ARGS__ }
#define SPEC_FILE(n, o, ...)                                                                       \
    { .name = (n), .kind = FK_FILE, .out = SPEC_OUT_(o, const UploadFile **), __VA_ARGS__ }

/* Parse the request body (POST) or the query string (GET) against spec. */
int spec_parse(Req *r, const Field *spec);
/* The value the client sent for name, as text, to show it again in the
** form ("" when absent or not valid UTF-8). Pages never echo passwords. */
const char *spec_raw(Req *r, const char *name);
/* True when the client sent the field at all. */
bool spec_has(Req *r, const char *name);

#endif
