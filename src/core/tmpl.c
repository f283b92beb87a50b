/*
** The writers that compiled templates call (see tmpl.h, docs/templates.md).
*/
#include "core/tmpl.h"

#include <string.h>

#include "core/i18n.h"

Html html_trusted(const char *s) {
    Html h = {s};
    return h;
}

void tmpl_init(Tmpl *t, Buf *out, Arena *arena, Lang lang) {
    t->out = out;
    t->lang = lang;
    t->csrf = NULL;
    t->nonce = NULL;
    t->arena = arena;
}

void tmpl_str(Tmpl *t, const char *s) {
    buf_html(t->out, s);
}

void tmpl_i64(Tmpl *t, int64_t v) {
    buf_put_i64(t->out, v);
}

void tmpl_u64(Tmpl *t, uint64_t v) {
    buf_put_u64(t->out, v);
}

void tmpl_f64(Tmpl *t, double v) {
    buf_printf(t->out, "%g", v);
}

void tmpl_html(Tmpl *t, Html h) {
    buf_puts(t->out, h.s);
}

void tmpl_url(Tmpl *t, const char *s) {
    buf_url(t->out, s);
}

void tmpl_csrf(Tmpl *t) {
    if (!t->csrf) return;
    buf_puts(t->out, "<input type=\"hidden\" name=\"csrf\" value=\"");
    buf_html(t->out, t->csrf);
    buf_puts(t->out, "\">");
}

void tmpl_lang(Tmpl *t) {
    buf_puts(t->out, i18n_tag(t->lang));
}

void tmpl_t(Tmpl *t, const char *msgid) {
    buf_html(t->out, i18n_get(t->lang, msgid));
}

TmplArg tmpl_arg_str(const char *s) {
    TmplArg a = {.kind = TMPL_ARG_STR, .v.s = s};
    return a;
}

TmplArg tmpl_arg_i64(int64_t v) {
    TmplArg a = {.kind = TMPL_ARG_I64, .v.i = v};
    return a;
}

TmplArg tmpl_arg_u64(uint64_t v) {
    TmplArg a = {.kind = TMPL_ARG_U64, .v.u = v};
    return a;
}

TmplArg tmpl_arg_f64(double v) {
    TmplArg a = {.kind = TMPL_ARG_F64, .v.d = v};
    return a;
}

TmplArg tmpl_arg_html(Html h) {
    TmplArg a = {.kind = TMPL_ARG_HTML, .v.s = h.s};
    return a;
}

static void tmpl_put_arg(Tmpl *t, const TmplArg *a) {
    switch (a->kind) {
    case TMPL_ARG_STR:
        tmpl_str(t, a->v.s);
        break;
    case TMPL_ARG_I64:
        tmpl_i64(t, a->v.i);
        break;
    case TMPL_ARG_U64:
        tmpl_u64(t, a->v.u);
        break;
    case TMPL_ARG_F64:
        tmpl_f64(t, a->v.d);
        break;
    case TMPL_ARG_HTML:
        buf_puts(t->out, a->v.s);
        break;
    }
}

/* Length of a positional conversion "%N$s" at p (p[0] == '%'), with *index
** set to N - 1; 0 when p does not start one. */
static size_t tf_positional(const char *p, size_t *index) {
    size_t i = 1, n = 0;
    while (p[i] >= '0' && p[i] <= '9' && i < 6)
        n = n * 10 + (size_t)(p[i++] - '0');
    if (i == 1 || n == 0 || p[i] != '$' || p[i + 1] != 's') return 0;
    *index = n - 1;
    return i + 2;
}

void tmpl_tf(Tmpl *t, const char *msgid, size_t n, const TmplArg *args) {
    const char *fmt = i18n_get(t->lang, msgid);
    size_t next = 0;
    const char *run = fmt;
    for (const char *p = fmt; *p;) {
        if (*p != '%') {
            p++;
            continue;
        }
        buf_html_n(t->out, run, (size_t)(p - run));
        size_t index = 0, len = 0;
        if (p[1] == '%') {
            buf_putc(t->out, '%');
            len = 2;
        } else if (p[1] == 's') {
            if (next < n) tmpl_put_arg(t, &args[next]);
            next++;
            len = 2;
        } else if ((len = tf_positional(p, &index)) > 0) {
            if (index < n) tmpl_put_arg(t, &args[index]);
        } else {
            buf_putc(t->out, '%');
            len = 1;
        }
        p += len;
        run = p;
    }
    buf_html(t->out, run);
}
