/*
** The runtime of compiled templates. tools/tmplc turns templates/<dir>/<name>.html
** into a C function tmpl_<dir>_<name>(Tmpl *t, view) (prototypes in the
** generated tmpl_all.h) whose body is calls to the writers below. The
** language is described in docs/templates.md.
**
** Output is escaped by default: {{expr}} picks a writer by the C type of expr
** with _Generic (TMPL_OUT), so a char * is always HTML-escaped and only the
** Html type, made by html_trusted(), is written as it is. A type with no
** writer is a compile error.
*/
#ifndef BEIAN_CORE_TMPL_H
#define BEIAN_CORE_TMPL_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"

/* A string of trusted HTML, written without escaping. */
typedef struct Html {
    const char *s;
} Html;

/* Wrap s as trusted HTML. This is the only way to make an Html: every call is
** a place a reviewer must check that s cannot hold user input. NULL writes
** nothing. */
Html html_trusted(const char *s);

/* The context every template function receives. */
typedef struct Tmpl {
    Buf *out;          /* the page being written */
    Lang lang;         /* LANG_ZH or LANG_EN */
    const char *csrf;  /* the form token for {{csrf}}; may be NULL */
    const char *nonce; /* the page's CSP nonce for {{nonce}}; may be NULL */
    Arena *arena;      /* for temporaries */
} Tmpl;

/* Set up t to write into out in language lang, with no token and no nonce. */
void tmpl_init(Tmpl *t, Buf *out, Arena *arena, Lang lang);

/* Writers called by the generated code. */
/* Template text, as it is. */
static inline void tmpl_text(Tmpl *t, const char *s, size_t n) {
    buf_append(t->out, s, n);
}
void tmpl_str(Tmpl *t, const char *s); /* HTML-escaped; NULL writes nothing */
void tmpl_i64(Tmpl *t, int64_t v);     /* decimal */
void tmpl_u64(Tmpl *t, uint64_t v);    /* decimal */
void tmpl_f64(Tmpl *t, double v);      /* %g */
void tmpl_html(Tmpl *t, Html h);       /* raw */
void tmpl_url(Tmpl *t, const char *s); /* percent-encoded; NULL writes nothing */
void tmpl_csrf(Tmpl *t); /* <input type="hidden" name="csrf" value="...">; nothing when NULL */
void tmpl_lang(Tmpl *t); /* "zh-CN" or "en" */
/* Translate msgid into t->lang, then HTML-escape it. */
void tmpl_t(Tmpl *t, const char *msgid);

/* One argument of a translated message ({{_f}}), already typed. */
typedef enum TmplArgKind {
    TMPL_ARG_STR,
    TMPL_ARG_I64,
    TMPL_ARG_U64,
    TMPL_ARG_F64,
    TMPL_ARG_HTML
} TmplArgKind;

typedef struct TmplArg {
    TmplArgKind kind;
    union {
        const char *s;
        int64_t i;
        uint64_t u;
        double d;
    } v;
} TmplArg;

TmplArg tmpl_arg_str(const char *s);
TmplArg tmpl_arg_i64(int64_t v);
TmplArg tmpl_arg_u64(uint64_t v);
TmplArg tmpl_arg_f64(double v);
TmplArg tmpl_arg_html(Html h);

/* Translate msgid into t->lang and write it with its n arguments substituted:
** %s takes the next argument, %N$s the N-th (translations may reorder), %%
** writes %. The text of the message is HTML-escaped; each argument is written
** as {{expr}} would write it (strings escaped, Html raw). A missing argument
** writes nothing; any other % sequence is written as it is. */
void tmpl_tf(Tmpl *t, const char *msgid, size_t n, const TmplArg *args);

/* The type-directed writers. The list is closed on purpose: pointers other than
** char *, structs other than Html, long double etc. have no writer. */
#define TMPL_INT_WRITERS_                                                                          \
    _Bool:                                                                                         \
    tmpl_i64, char : tmpl_i64,                                                                     \
                     signed char : tmpl_i64,                                                       \
                                   short : tmpl_i64,                                               \
                                           int : tmpl_i64,                                         \
                                                 long : tmpl_i64,                                  \
                                                        long long : tmpl_i64,                      \
                                                                    unsigned char : tmpl_u64,      \
                                                                                    unsigned short \
        : tmpl_u64,                                                                                \
          unsigned : tmpl_u64,                                                                     \
                     unsigned long : tmpl_u64,                                                     \
                                     unsigned long long : tmpl_u64

#define TMPL_OUT(t, x)                                                                             \
    _Generic((x),                                                                                  \
        char *: tmpl_str,                                                                          \
        const char *: tmpl_str,                                                                    \
        TMPL_INT_WRITERS_,                                                                         \
        float: tmpl_f64,                                                                           \
        double: tmpl_f64,                                                                          \
        Html: tmpl_html)((t), (x))

#define TMPL_URL(t, x)                                                                             \
    _Generic((x), char * : tmpl_url, const char * : tmpl_url, TMPL_INT_WRITERS_)((t), (x))

#define TMPL_ARG(x)                                                                                \
    _Generic((x),                                                                                  \
        char *: tmpl_arg_str,                                                                      \
        const char *: tmpl_arg_str,                                                                \
        _Bool: tmpl_arg_i64,                                                                       \
        char: tmpl_arg_i64,                                                                        \
        signed char: tmpl_arg_i64,                                                                 \
        short: tmpl_arg_i64,                                                                       \
        int: tmpl_arg_i64,                                                                         \
        long: tmpl_arg_i64,                                                                        \
        long long: tmpl_arg_i64,                                                                   \
        unsigned char: tmpl_arg_u64,                                                               \
        unsigned short: tmpl_arg_u64,                                                              \
        unsigned: tmpl_arg_u64,                                                                    \
        unsigned long: tmpl_arg_u64,                                                               \
        unsigned long long: tmpl_arg_u64,                                                          \
        float: tmpl_arg_f64,                                                                       \
        double: tmpl_arg_f64,                                                                      \
        Html: tmpl_arg_html)(x)

#endif
