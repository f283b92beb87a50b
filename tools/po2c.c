/*
** po2c: compile a gettext PO file into a C catalog (see src/core/i18n.h).
**
**   po2c <lang> <in.po> <out.c>
**
** writes `const I18nCatalog i18n_catalog_<lang>`: the translated entries
** sorted by key (msgid, or msgctxt "\004" msgid), plural entries with all
** their forms, and the Plural-Forms rule of the header as a C function.
** Fuzzy entries and entries with an empty msgstr are left out (the program
** then shows the Chinese msgid); obsolete entries (#~) are ignored. Errors
** are printed as file:line: message and exit with status 1.
*/
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/buf.h"

#define MAX_FORMS 6

typedef struct Entry {
    int line;
    bool fuzzy, c_format;
    bool has_ctxt, has_id, has_plural;
    Buf ctxt, id, plural;
    Buf str[MAX_FORMS];
    int nstr; /* msgstr lines seen; with plural: msgstr[0..nstr) */
} Entry;

typedef struct Out {
    char *key; /* arena */
    Buf strs;  /* the forms, NUL-separated */
    int nstr;
    int line;
} Out;

static Arena arena;
static const char *po_path;

static _Noreturn void die(int line, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static _Noreturn void die(int line, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "%s:%d: error: ", po_path, line);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(1);
}

static Out *outs;
static size_t nouts, capouts;
static char *plural_expr = "n != 1";
static int nplurals = 2;

/* Empty b, leaving it a valid "" string. */
static void buf_clear(Buf *b) {
    buf_reset(b);
    buf_append(b, "", 0);
}

static void entry_reset(Entry *e) {
    e->fuzzy = e->c_format = false;
    e->has_ctxt = e->has_id = e->has_plural = false;
    buf_clear(&e->ctxt);
    buf_clear(&e->id);
    buf_clear(&e->plural);
    for (int i = 0; i < MAX_FORMS; i++)
        buf_clear(&e->str[i]);
    e->nstr = 0;
    e->line = 0;
}

/* The byte of a one-letter escape (\n -> 10), or -1. */
static int simple_escape(char c) {
    static const char from[] = "ntrabfv\"\\'?", to[] = "\n\t\r\a\b\f\v\"\\'?";
    const char *p = c ? strchr(from, c) : NULL;
    return p ? to[p - from] : -1;
}

/* An octal (\101) or hex (\x41) escape; *s points at its first character
** after the backslash and is left on its last one. */
static char numeric_escape(int line, const char **s) {
    const char *p = *s;
    unsigned v = 0;
    if (*p >= '0' && *p <= '7') {
        for (int k = 0; k < 3 && *p >= '0' && *p <= '7'; k++)
            v = v * 8 + (unsigned)(*p++ - '0');
        p--;
    } else if (*p == 'x' && isxdigit((unsigned char)p[1])) {
        while (isxdigit((unsigned char)p[1]) && v <= 255) {
            char h = (char)tolower((unsigned char)*++p);
            v = v * 16 + (unsigned)(h <= '9' ? h - '0' : h - 'a' + 10);
        }
    } else {
        die(line, "unknown escape \\%c", *p ? *p : '0');
    }
    if (v == 0 || v > 255) die(line, "bad escape (NUL or above 255)");
    *s = p;
    return (char)v;
}

/* Decode the PO string starting at the quote s[0] into b. */
static void parse_string(int line, const char *s, Buf *b) {
    if (*s != '"') die(line, "expected a string in quotes");
    for (s++; *s != '"'; s++) {
        if (!*s) die(line, "unterminated string");
        if (*s != '\\') {
            buf_putc(b, *s);
            continue;
        }
        s++;
        int simple = simple_escape(*s);
        buf_putc(b, simple >= 0 ? (char)simple : numeric_escape(line, &s));
    }
    for (s++; *s; s++)
        if (!isspace((unsigned char)*s)) die(line, "text after the closing quote");
}

/* The value of "Name: value\n" in the header, or NULL. */
static char *header_field(const char *hdr, const char *name) {
    size_t n = strlen(name);
    for (const char *p = hdr; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
        if (strncasecmp(p, name, n) != 0 || p[n] != ':') continue;
        const char *v = p + n + 1, *end = strchr(v, '\n');
        while (*v == ' ')
            v++;
        return arena_strndup(&arena, v, end ? (size_t)(end - v) : strlen(v));
    }
    return NULL;
}

static void parse_header(int line, const char *hdr) {
    char *ct = header_field(hdr, "Content-Type");
    if (ct) {
        char *cs = strstr(ct, "charset=");
        if (cs && strncasecmp(cs + 8, "UTF-8", 5) != 0) die(line, "the charset must be UTF-8");
    }
    char *pf = header_field(hdr, "Plural-Forms");
    if (!pf) return;
    char *np = strstr(pf, "nplurals="), *pl = strstr(pf, "plural=");
    if (!np || !pl) die(line, "Plural-Forms needs nplurals= and plural=");
    nplurals = atoi(np + 9);
    if (nplurals < 1 || nplurals > MAX_FORMS) die(line, "nplurals must be 1 to %d", MAX_FORMS);
    char *expr = pl + 7, *end = strchr(expr, ';');
    plural_expr = arena_strndup(&arena, expr, end ? (size_t)(end - expr) : strlen(expr));
    for (const char *p = plural_expr; *p; p++)
        if (!strchr("n0123456789 ()?:<>=!%&|+-*/", *p))
            die(line, "unexpected character '%c' in the plural rule", *p);
}

/* The arguments a format takes (%s each, or the highest %N$s); -1 when it
** holds a conversion other than %s, %N$s and %%, or mixes the two styles. */
static int format_args(const char *s) {
    int seq = 0, pos = 0;
    for (const char *p = s; *p; p++) {
        if (*p != '%') continue;
        if (p[1] == '%' || p[1] == 's') {
            seq += p[1] == 's';
            p++;
            continue;
        }
        int n = 0;
        const char *q = p + 1;
        while (isdigit((unsigned char)*q) && n < 100)
            n = n * 10 + (*q++ - '0');
        if (n == 0 || q[0] != '$' || q[1] != 's') return -1;
        if (n > pos) pos = n;
        p = q + 1;
    }
    if (seq && pos) return -1;
    return seq ? seq : pos;
}

static void check_format(const Entry *e) {
    if (!e->c_format && !strstr(e->id.data, "%s")) return;
    int want = format_args(e->id.data);
    if (want < 0) die(e->line, "the msgid may use only %%s and %%%%");
    for (int i = 0; i < e->nstr; i++) {
        int got = format_args(e->str[i].data);
        /* A plural form may leave out the count ("One record"), never add one. */
        bool ok = got == want || (e->has_plural && got >= 0 && got < want);
        if (!ok) die(e->line, "the translation must use %d %%s like the msgid", want);
    }
}

static void add_out(const Entry *e) {
    if (nouts == capouts) {
        capouts = capouts ? capouts * 2 : 64;
        outs = xrealloc(outs, capouts * sizeof *outs);
    }
    Out *o = &outs[nouts++];
    o->key = e->has_ctxt ? arena_printf(&arena, "%s\004%s", e->ctxt.data, e->id.data)
                         : arena_strdup(&arena, e->id.data);
    buf_init(&o->strs, &arena);
    for (int i = 0; i < e->nstr; i++)
        buf_append(&o->strs, e->str[i].data, e->str[i].len + 1);
    o->nstr = e->nstr;
    o->line = e->line;
}

static void entry_finish(Entry *e) {
    if (!e->has_id) {
        if (e->has_ctxt || e->nstr) die(e->line, "an entry without msgid");
        entry_reset(e);
        return;
    }
    if (!e->nstr) die(e->line, "msgid without msgstr");
    if (e->has_plural && e->nstr != nplurals)
        die(e->line, "a plural entry needs %d msgstr[n] (nplurals)", nplurals);
    bool translated = true;
    for (int i = 0; i < e->nstr; i++)
        translated = translated && e->str[i].len > 0;
    if (e->id.len == 0 && !e->has_ctxt)
        parse_header(e->line, e->str[0].data);
    else if (translated && !e->fuzzy) {
        check_format(e);
        add_out(e);
    }
    entry_reset(e);
}

static void parse_flags(Entry *e, const char *s) {
    while (*s) {
        while (*s == ' ' || *s == ',')
            s++;
        size_t n = strcspn(s, ", \t\r\n");
        if (n == 5 && strncmp(s, "fuzzy", 5) == 0) e->fuzzy = true;
        if (n == 8 && strncmp(s, "c-format", 8) == 0) e->c_format = true;
        s += n;
        while (*s && (*s == '\t' || *s == '\r' || *s == '\n'))
            s++;
    }
}

/* One keyword line: "msgid "..."", "msgstr[1] "..."", ...; returns the Buf
** that continuation lines append to. */
static Buf *parse_keyword(Entry *e, int line, char *s) {
    size_t w = strcspn(s, " \t[");
    Buf *field = NULL;
    if (w == 7 && strncmp(s, "msgctxt", 7) == 0) {
        if (e->nstr) entry_finish(e);
        if (e->has_ctxt || e->has_id) die(line, "msgctxt in the middle of an entry");
        e->has_ctxt = true;
        field = &e->ctxt;
    } else if (w == 5 && strncmp(s, "msgid", 5) == 0) {
        if (e->nstr) entry_finish(e);
        if (e->has_id) die(line, "msgid without msgstr before it");
        e->has_id = true;
        field = &e->id;
    } else if (w == 12 && strncmp(s, "msgid_plural", 12) == 0) {
        if (!e->has_id || e->has_plural || e->nstr) die(line, "misplaced msgid_plural");
        e->has_plural = true;
        field = &e->plural;
    } else if (w == 6 && strncmp(s, "msgstr", 6) == 0) {
        if (!e->has_id) die(line, "msgstr without msgid");
        if (s[6] == '[') {
            char *end;
            long i = strtol(s + 7, &end, 10);
            if (!e->has_plural || *end != ']' || i != e->nstr)
                die(line, "unexpected msgstr[%ld]", i);
            if (i >= MAX_FORMS) die(line, "too many plural forms");
            w = (size_t)(end + 1 - s);
        } else if (e->has_plural || e->nstr) {
            die(line, "a plural entry takes msgstr[n]");
        }
        field = &e->str[e->nstr++];
    } else {
        die(line, "unknown keyword");
    }
    if (e->line == 0) e->line = line;
    s += w;
    while (*s == ' ' || *s == '\t')
        s++;
    parse_string(line, s, field);
    return field;
}

static void parse_po(char *text) {
    Entry e;
    buf_init(&e.ctxt, &arena);
    buf_init(&e.id, &arena);
    buf_init(&e.plural, &arena);
    for (int i = 0; i < MAX_FORMS; i++)
        buf_init(&e.str[i], &arena);
    entry_reset(&e);
    Buf *field = NULL;
    int line = 0;
    for (char *s = text; s && *s;) {
        char *nl = strchr(s, '\n');
        if (nl) *nl = 0;
        line++;
        while (*s == ' ' || *s == '\t')
            s++;
        size_t len = strlen(s);
        while (len && (s[len - 1] == '\r' || s[len - 1] == ' '))
            s[--len] = 0;
        if (!*s) {
            field = NULL;
        } else if (*s == '#') {
            field = NULL;
            if (s[1] != '~' && e.nstr) entry_finish(&e);
            if (s[1] == ',') parse_flags(&e, s + 2);
        } else if (*s == '"') {
            if (!field) die(line, "a string outside an entry");
            parse_string(line, s, field);
        } else {
            field = parse_keyword(&e, line, s);
        }
        s = nl ? nl + 1 : NULL;
    }
    if (e.has_id || e.has_ctxt) entry_finish(&e);
}

static int out_cmp(const void *a, const void *b) {
    return strcmp(((const Out *)a)->key, ((const Out *)b)->key);
}

static void put_cstring(Buf *out, const char *s, size_t n) {
    buf_putc(out, '"');
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\')
            buf_printf(out, "\\%c", c);
        else if (c == '\n')
            buf_puts(out, "\\n");
        else if (c < 0x20 || c == 0x7f || c == '?')
            buf_printf(out, "\\%03o", c);
        else
            buf_putc(out, (char)c);
    }
    buf_putc(out, '"');
}

static void gen(Buf *out, const char *lang) {
    buf_printf(out, "/* Generated by tools/po2c from %s. Do not edit. */\n", po_path);
    buf_puts(out, "#include \"core/i18n.h\"\n\n#pragma GCC diagnostic ignored \"-Wparentheses\"\n"
                  "#pragma GCC diagnostic ignored \"-Wtype-limits\"\n\n");
    buf_puts(out, "static const I18nEntry entries[] = {\n");
    for (size_t i = 0; i < nouts; i++) {
        buf_puts(out, "    {");
        put_cstring(out, outs[i].key, strlen(outs[i].key));
        buf_puts(out, ",\n     ");
        put_cstring(out, outs[i].strs.data, outs[i].strs.len - 1);
        buf_printf(out, ", %d},\n", outs[i].nstr);
    }
    buf_puts(out, "    {0, 0, 0}};\n\n");
    buf_printf(out,
               "static unsigned long plural(unsigned long n) {\n"
               "    return (unsigned long)(%s);\n}\n\n",
               plural_expr);
    buf_puts(out, "const I18nCatalog i18n_catalog_");
    for (const char *p = lang; *p; p++)
        buf_putc(out, isalnum((unsigned char)*p) ? *p : '_');
    buf_printf(out, " = {\"%s\", entries, %zu, plural};\n", lang, nouts);
}

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: po2c <lang> <in.po> <out.c>\n");
        return 2;
    }
    arena_init(&arena);
    po_path = argv[2];
    FILE *f = fopen(po_path, "rb");
    if (!f) {
        fprintf(stderr, "po2c: %s: %s\n", po_path, strerror(errno));
        return 1;
    }
    Buf text;
    buf_init(&text, &arena);
    char chunk[16384];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        buf_append(&text, chunk, n);
    fclose(f);
    if (text.len && memchr(text.data, 0, text.len)) die(1, "NUL byte in the file");
    if (text.len) parse_po(text.data);
    if (nouts) qsort(outs, nouts, sizeof *outs, out_cmp);
    for (size_t i = 1; i < nouts; i++)
        if (strcmp(outs[i - 1].key, outs[i].key) == 0)
            die(outs[i].line, "duplicate entry (also on line %d)", outs[i - 1].line);
    Buf out;
    buf_init(&out, &arena);
    gen(&out, argv[1]);
    FILE *o = fopen(argv[3], "wb");
    if (!o || fwrite(out.data, 1, out.len, o) != out.len || fclose(o) != 0) {
        fprintf(stderr, "po2c: cannot write %s\n", argv[3]);
        return 1;
    }
    free(outs);
    arena_free(&arena);
    return 0;
}
