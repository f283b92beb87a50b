/*
** tmplc: reading a template, splitting it into text and {{tags}}, and
** checking its directives (the language: docs/templates.md).
*/
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "tmplc.h"

Arena arena;

_Noreturn void die(const char *path, int line, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "%s:%d: error: ", path, line);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    arena_free(&arena);
    exit(1);
}

/* ---- small string helpers ---- */

static bool is_ident_char(char c) {
    return isalnum((unsigned char)c) || c == '_';
}

static char *trim_dup(const char *s, size_t n) {
    while (n && isspace((unsigned char)*s))
        s++, n--;
    while (n && isspace((unsigned char)s[n - 1]))
        n--;
    return arena_strndup(&arena, s, n);
}

static bool is_word(const char *s, const char *word) {
    size_t n = strlen(word);
    return strncmp(s, word, n) == 0 && !is_ident_char(s[n]);
}

/* Skip the C string or character literal at s[0] (a quote); returns the
** offset after it, or 0 when it is not closed on its line. */
static size_t skip_literal(const char *s, size_t n) {
    char q = s[0];
    for (size_t i = 1; i < n; i++) {
        if (s[i] == '\\' && i + 1 < n && s[i + 1] != '\n')
            i++;
        else if (s[i] == q)
            return i + 1;
        else if (s[i] == '\n')
            return 0;
    }
    return 0;
}

/* Check that brackets balance outside literals and that there is no ';' at
** all; with split set, return the offset of the last top-level comma (or -1). */
static long check_expr(const Template *tp, int line, const char *s, bool split) {
    char stack[64];
    size_t depth = 0, n = strlen(s);
    long comma = -1;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '"' || c == '\'') {
            size_t k = skip_literal(s + i, n - i);
            if (!k) die(tp->path, line, "unterminated literal in `%s`", s);
            i += k - 1;
        } else if (c == '(' || c == '[' || c == '{') {
            if (depth == sizeof stack) die(tp->path, line, "expression nested too deeply");
            stack[depth++] = c == '(' ? ')' : c == '[' ? ']' : '}';
        } else if (c == ')' || c == ']' || c == '}') {
            if (!depth || stack[--depth] != c) die(tp->path, line, "unbalanced '%c' in `%s`", c, s);
        } else if (c == ';') {
            die(tp->path, line, "';' is not allowed in an expression: `%s`", s);
        } else if (c == ',' && depth == 0 && split) {
            comma = (long)i;
        }
    }
    if (depth) {
        char c = stack[depth - 1];
        die(tp->path, line, "unclosed '%c' in `%s`", c == ')' ? '(' : c == ']' ? '[' : '{', s);
    }
    return comma;
}

static void check_nonempty(const Template *tp, const Token *k, const char *what) {
    if (!k->arg[0]) die(tp->path, k->line, "%s needs an expression", what);
    check_expr(tp, k->line, k->arg, false);
}

/* The identifier that ends decl ("const Foo *v" -> "v"), or NULL. */
static char *trailing_ident(const char *decl) {
    size_t n = strlen(decl), i = n;
    while (i > 0 && is_ident_char(decl[i - 1]))
        i--;
    if (i == n || isdigit((unsigned char)decl[i])) return NULL;
    return arena_strndup(&arena, decl + i, n - i);
}

/* The byte of a one-letter escape (\n -> 10), or -1. */
static int simple_escape(char c) {
    switch (c) {
    case 'n':
        return '\n';
    case 't':
        return '\t';
    case 'r':
        return '\r';
    case 'a':
        return '\a';
    case 'b':
        return '\b';
    case 'f':
        return '\f';
    case 'v':
        return '\v';
    case '"':
    case '\'':
    case '?':
    case '\\':
        return c;
    default:
        return -1;
    }
}

/* Decode the C string literal at s (s[0] == '"') into out; returns its
** length in the source. Escapes as in C; an embedded NUL is refused. */
static size_t decode_literal(const Template *tp, int line, const char *s, Buf *out) {
    size_t n = strlen(s), end = skip_literal(s, n);
    if (s[0] != '"' || !end) die(tp->path, line, "expected a string literal: %s", s);
    for (size_t i = 1; i < end - 1; i++) {
        char c = s[i];
        if (c != '\\') {
            buf_putc(out, c);
            continue;
        }
        c = s[++i];
        int simple = simple_escape(c);
        if (simple >= 0) {
            buf_putc(out, (char)simple);
        } else if (c >= '0' && c <= '7') {
            unsigned v = 0;
            for (int k = 0; k < 3 && s[i] >= '0' && s[i] <= '7'; k++)
                v = v * 8 + (unsigned)(s[i++] - '0');
            i--;
            if (v == 0 || v > 255) die(tp->path, line, "bad octal escape in %s", s);
            buf_putc(out, (char)v);
        } else if (c == 'x' && isxdigit((unsigned char)s[i + 1])) {
            unsigned v = 0;
            while (isxdigit((unsigned char)s[i + 1])) {
                char h = (char)tolower((unsigned char)s[++i]);
                v = v * 16 + (unsigned)(h <= '9' ? h - '0' : h - 'a' + 10);
                if (v > 255) die(tp->path, line, "bad hex escape in %s", s);
            }
            if (v == 0) die(tp->path, line, "NUL in a string literal: %s", s);
            buf_putc(out, (char)v);
        } else {
            die(tp->path, line, "unsupported escape \\%c in %s", c, s);
        }
    }
    return end;
}

/* The number of arguments a message format takes: %s each, %% none; any
** other conversion is an error. */
static size_t count_format(const Template *tp, int line, const char *fmt) {
    size_t n = 0;
    for (const char *p = fmt; *p; p++) {
        if (*p != '%') continue;
        if (p[1] == 's')
            n++;
        else if (p[1] != '%')
            die(tp->path, line, "only %%s and %%%% may appear in a {{_f}} message: \"%s\"", fmt);
        p++;
    }
    return n;
}

/* ---- reading and lexing ---- */

char *read_all(const char *path, size_t *n) {
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "%s: %s\n", path, strerror(errno));
        arena_free(&arena);
        exit(1);
    }
    Buf b;
    buf_init(&b, &arena);
    char chunk[16384];
    size_t k;
    while ((k = fread(chunk, 1, sizeof chunk, f)) > 0)
        buf_append(&b, chunk, k);
    fclose(f);
    *n = b.len;
    return buf_take(&b);
}

static void add_token(Template *tp, Token k) {
    GROW(tp->toks, tp->ntoks);
    tp->toks[tp->ntoks++] = k;
}

static int count_lines(const char *s, size_t n) {
    int lines = 0;
    for (size_t i = 0; i < n; i++)
        lines += s[i] == '\n';
    return lines;
}

/* The offset of the "}}" that closes the tag whose body starts at i. In an
** expression, literals are skipped and braces counted, so neither
** {{"}}"}} nor {{(Html){0}}} ends early; a comment ends at the first "}}". */
static size_t find_close(const Template *tp, size_t i, int line) {
    const char *s = tp->src;
    size_t j = i;
    int braces = 0;
    while (j < tp->n && isspace((unsigned char)s[j]))
        j++;
    bool comment = j < tp->n && s[j] == '!';
    for (; j + 1 < tp->n; j++) {
        if (!comment && (s[j] == '"' || s[j] == '\'')) {
            size_t k = skip_literal(s + j, tp->n - j);
            if (!k) die(tp->path, line + count_lines(s + i, j - i), "unterminated literal");
            j += k - 1;
        } else if (s[j] == '}' && s[j + 1] == '}' && braces <= 0) {
            return j;
        } else if (!comment && s[j] == '{') {
            braces++;
        } else if (!comment && s[j] == '}') {
            braces--;
        }
    }
    die(tp->path, line, "unclosed {{");
}

static void lex(Template *tp) {
    size_t pos = 0;
    int line = 1;
    while (pos < tp->n) {
        const char *open = strstr(tp->src + pos, "{{");
        size_t q = open ? (size_t)(open - tp->src) : tp->n;
        if (memchr(tp->src + pos, 0, q - pos)) die(tp->path, line, "NUL byte in template");
        if (q > pos) add_token(tp, (Token){.off = pos, .len = q - pos, .line = line});
        line += count_lines(tp->src + pos, q - pos);
        if (q == tp->n) break;
        size_t close = find_close(tp, q + 2, line);
        add_token(tp, (Token){.is_tag = true, .off = q + 2, .len = close - q - 2, .line = line});
        line += count_lines(tp->src + q, close - q);
        pos = close + 2;
    }
}

/* ---- classifying tags ---- */

static void classify_block(Template *tp, Token *k, const char *body) {
    size_t w = 1;
    while (is_ident_char(body[w]))
        w++;
    char *word = arena_strndup(&arena, body + 1, w - 1);
    k->arg = trim_dup(body + w, strlen(body + w));
    static const struct {
        char sigil;
        const char *word;
        TagKind kind;
        bool has_arg;
    } blocks[] = {
        {'#', "view", TK_VIEW, true},  {'#', "include", TK_INCLUDE, true},
        {'#', "if", TK_IF, true},      {'#', "elif", TK_ELIF, true},
        {'#', "else", TK_ELSE, false}, {'#', "each", TK_EACH, true},
        {'/', "if", TK_END_IF, false}, {'/', "each", TK_END_EACH, false},
    };
    for (size_t i = 0; i < sizeof blocks / sizeof blocks[0]; i++) {
        if (blocks[i].sigil != body[0] || strcmp(blocks[i].word, word) != 0) continue;
        k->kind = blocks[i].kind;
        if (blocks[i].has_arg && !k->arg[0])
            die(tp->path, k->line, "{{%s}} needs an argument", body);
        if (!blocks[i].has_arg && k->arg[0])
            die(tp->path, k->line, "unexpected text after {{%c%s}}", body[0], word);
        return;
    }
    die(tp->path, k->line, "unknown directive {{%c%s}}", body[0], word);
}

static void classify(Template *tp, Token *k) {
    char *body = trim_dup(tp->src + k->off, k->len);
    k->arg = body;
    if (!body[0]) die(tp->path, k->line, "empty {{}}");
    if (body[0] == '!') {
        k->kind = TK_COMMENT;
    } else if (body[0] == '#' || body[0] == '/') {
        classify_block(tp, k, body);
    } else if (body[0] == '>') {
        k->kind = TK_PARTIAL;
        char *rest = trim_dup(body + 1, strlen(body + 1));
        size_t w = 0;
        while (is_ident_char(rest[w]))
            w++;
        if (!w) die(tp->path, k->line, "{{>}} needs a template name (dir_name)");
        k->name = arena_strndup(&arena, rest, w);
        k->arg = trim_dup(rest + w, strlen(rest + w));
        if (k->arg[0]) check_expr(tp, k->line, k->arg, false);
    } else if (strcmp(body, "csrf") == 0) {
        k->kind = TK_CSRF;
    } else if (strcmp(body, "csrf_token") == 0) {
        k->kind = TK_CSRF_TOKEN;
    } else if (strcmp(body, "nonce") == 0) {
        k->kind = TK_NONCE;
    } else if (strcmp(body, "lang") == 0) {
        k->kind = TK_LANG;
    } else if (is_word(body, "url")) {
        k->kind = TK_URL;
        k->arg = trim_dup(body + 3, strlen(body + 3));
        check_nonempty(tp, k, "{{url}}");
    } else if (is_word(body, "_f") || is_word(body, "_")) {
        k->kind = body[1] == 'f' ? TK_TF : TK_T;
        size_t skip = k->kind == TK_TF ? 2 : 1;
        k->arg = trim_dup(body + skip, strlen(body + skip));
    } else {
        k->kind = TK_EXPR;
        check_expr(tp, k->line, body, false);
    }
}

static bool is_block(TagKind kind) {
    switch (kind) {
    case TK_COMMENT:
    case TK_VIEW:
    case TK_INCLUDE:
    case TK_IF:
    case TK_ELIF:
    case TK_ELSE:
    case TK_END_IF:
    case TK_EACH:
    case TK_END_EACH:
        return true;
    default:
        return false;
    }
}

/* A line holding only block directives and white space produces no output:
** mark its text (the white space and the newline) as dropped. */
static void mark_standalone(Template *tp) {
    tp->drop = arena_zalloc(&arena, tp->n + 1);
    size_t line_start = 0;
    bool has_tag = false, ok = true;
    for (size_t t = 0; t < tp->ntoks; t++) {
        const Token *k = &tp->toks[t];
        if (k->is_tag) {
            has_tag = true;
            ok = ok && is_block(k->kind);
            continue;
        }
        for (size_t i = k->off; i < k->off + k->len; i++) {
            char c = tp->src[i];
            if (c == '\n') {
                if (has_tag && ok) memset(tp->drop + line_start, 1, i + 1 - line_start);
                line_start = i + 1;
                has_tag = false;
                ok = true;
            } else if (c != ' ' && c != '\t' && c != '\r') {
                ok = false;
            }
        }
    }
    if (has_tag && ok) memset(tp->drop + line_start, 1, tp->n - line_start);
}

/* ---- checking a template ---- */

static void parse_view(Template *tp, Token *k) {
    if (strcmp(k->arg, "void") == 0) return;
    check_expr(tp, k->line, k->arg, false);
    char *name = trailing_ident(k->arg);
    if (!name || strlen(name) == strlen(k->arg))
        die(tp->path, k->line, "{{#view}} needs a parameter such as `const FooView *v`, or void");
    if (strcmp(name, "t") == 0) die(tp->path, k->line, "the view may not be called t");
    tp->view_decl = k->arg;
    k->name = name;
}

static void parse_include(Template *tp, Token *k) {
    const char *a = k->arg;
    size_t n = strlen(a);
    bool quoted = n > 2 && a[0] == '"' && a[n - 1] == '"';
    bool angled = n > 2 && a[0] == '<' && a[n - 1] == '>';
    if ((!quoted && !angled) || strpbrk(a + 1, "\"<>\n") != a + n - 1)
        die(tp->path, k->line, "{{#include}} takes \"file.h\" or <file.h>");
    /* "./x.h" names a header beside the template. */
    if (quoted && strncmp(a, "\"./", 3) == 0) {
        const char *slash = strrchr(tp->path, '/');
        int dir = slash ? (int)(slash - tp->path + 1) : 0;
        a = arena_printf(&arena, "\"%.*s%s", dir, tp->path, a + 3);
    }
    GROW(tp->includes, tp->nincludes);
    tp->includes[tp->nincludes++] = (char *)a;
}

static void parse_each(Template *tp, Token *k) {
    const char *s = k->arg;
    const char *in = NULL;
    for (const char *p = s + 1; (p = strstr(p, "in")) != NULL; p++) {
        if (isspace((unsigned char)p[-1]) && isspace((unsigned char)p[2])) {
            in = p;
            break;
        }
    }
    if (!in) die(tp->path, k->line, "{{#each}} is `TYPE *x in ARRAY, COUNT`");
    k->a = trim_dup(s, (size_t)(in - s));
    k->name = trailing_ident(k->a);
    size_t dn = strlen(k->a), nn = k->name ? strlen(k->name) : 0;
    size_t star = dn - nn;
    while (star > 0 && isspace((unsigned char)k->a[star - 1]))
        star--;
    if (!k->name || star == 0 || k->a[star - 1] != '*')
        die(tp->path, k->line, "{{#each}} needs a pointer declaration: `TYPE *x in ARRAY, COUNT`");
    if (strcmp(k->name, "t") == 0) die(tp->path, k->line, "a loop variable may not be called t");
    char *rest = trim_dup(in + 2, strlen(in + 2));
    long comma = check_expr(tp, k->line, rest, true);
    if (comma < 0) die(tp->path, k->line, "{{#each}} needs `ARRAY, COUNT` after `in`");
    k->b = trim_dup(rest, (size_t)comma);
    k->c = trim_dup(rest + comma + 1, strlen(rest + comma + 1));
    if (!k->b[0] || !k->c[0]) die(tp->path, k->line, "{{#each}} needs `ARRAY, COUNT` after `in`");
    check_expr(tp, k->line, k->a, false);
}

static void add_msgid(Template *tp, int line, const char *text, bool format) {
    GROW(tp->msgids, tp->nmsgids);
    tp->msgids[tp->nmsgids++] = (Msgid){arena_strdup(&arena, text), line, format};
}

/* {{_ "text"}} and {{_f "format %s" a, b}}: the literal in k->b, the
** arguments in k->args. */
static void parse_translation(Template *tp, Token *k) {
    if (k->arg[0] != '"') die(tp->path, k->line, "{{_}} and {{_f}} take a string literal first");
    Buf text;
    buf_init(&text, &arena);
    size_t end = decode_literal(tp, k->line, k->arg, &text);
    if (!text.len) die(tp->path, k->line, "empty message");
    k->b = arena_strndup(&arena, k->arg, end);
    char *rest = trim_dup(k->arg + end, strlen(k->arg + end));
    if (k->kind == TK_T) {
        if (rest[0])
            die(tp->path, k->line, "{{_}} takes one string literal; use {{_f}} for arguments");
        add_msgid(tp, k->line, text.data, false);
        return;
    }
    if (rest[0] == ',') rest = trim_dup(rest + 1, strlen(rest + 1));
    while (rest[0]) {
        long comma = check_expr(tp, k->line, rest, true);
        char *last = trim_dup(rest + comma + 1, strlen(rest + comma + 1));
        if (!last[0]) die(tp->path, k->line, "empty argument in {{_f}}");
        GROW(k->args, k->nargs);
        k->args[k->nargs++] = last;
        rest = comma < 0 ? "" : trim_dup(rest, (size_t)comma);
    }
    for (size_t i = 0; i < k->nargs / 2; i++) { /* collected last first */
        char *x = k->args[i];
        k->args[i] = k->args[k->nargs - 1 - i];
        k->args[k->nargs - 1 - i] = x;
    }
    size_t want = count_format(tp, k->line, text.data);
    if (want != k->nargs)
        die(tp->path, k->line, "the message has %zu %%s but %zu argument(s) are given", want,
            k->nargs);
    add_msgid(tp, k->line, text.data, true);
}

/* The open {{#if}} and {{#each}} blocks while a template is checked. */
typedef struct Blocks {
    struct {
        TagKind kind;
        int line;
        bool seen_else;
    } open[64];
    size_t depth;
} Blocks;

static const char *block_word(TagKind kind) {
    return kind == TK_IF || kind == TK_END_IF ? "if" : "each";
}

static void block_open(Template *tp, Blocks *b, const Token *k) {
    if (b->depth == sizeof b->open / sizeof b->open[0]) die(tp->path, k->line, "nested too deeply");
    b->open[b->depth].kind = k->kind;
    b->open[b->depth].line = k->line;
    b->open[b->depth++].seen_else = false;
}

static void block_branch(Template *tp, Blocks *b, const Token *k) {
    const char *word = k->kind == TK_ELIF ? "elif" : "else";
    if (!b->depth || b->open[b->depth - 1].kind != TK_IF)
        die(tp->path, k->line, "{{#%s}} outside {{#if}}", word);
    if (b->open[b->depth - 1].seen_else) die(tp->path, k->line, "{{#%s}} after {{#else}}", word);
    if (k->kind == TK_ELIF) check_expr(tp, k->line, k->arg, false);
    b->open[b->depth - 1].seen_else = k->kind == TK_ELSE;
}

static void block_close(Template *tp, Blocks *b, const Token *k) {
    TagKind want = k->kind == TK_END_IF ? TK_IF : TK_EACH;
    const char *word = block_word(k->kind);
    if (!b->depth) die(tp->path, k->line, "{{/%s}} without {{#%s}}", word, word);
    if (b->open[b->depth - 1].kind != want)
        die(tp->path, k->line, "{{/%s}} closes the {{#%s}} of line %d", word,
            block_word(b->open[b->depth - 1].kind), b->open[b->depth - 1].line);
    b->depth--;
}

/* Text before {{#view}} may only be white space (or dropped lines). */
static void check_no_text(const Template *tp, const Token *k) {
    for (size_t i = k->off; i < k->off + k->len; i++)
        if (!tp->drop[i] && !isspace((unsigned char)tp->src[i]))
            die(tp->path, k->line + count_lines(tp->src + k->off, i - k->off),
                "text before {{#view ...}}");
}

/* Check the block structure and the order of directives, and parse the
** arguments of view, include, each and the translations. */
static void check_structure(Template *tp) {
    Blocks b = {.depth = 0};
    bool seen_view = false;
    for (size_t t = 0; t < tp->ntoks; t++) {
        Token *k = &tp->toks[t];
        if (!seen_view && !k->is_tag) check_no_text(tp, k);
        if (!k->is_tag || k->kind == TK_COMMENT) continue;
        if (!seen_view && k->kind != TK_VIEW)
            die(tp->path, k->line, "the first directive must be {{#view ...}}");
        switch (k->kind) {
        case TK_VIEW:
            if (seen_view) die(tp->path, k->line, "{{#view}} given twice");
            seen_view = true;
            parse_view(tp, k);
            break;
        case TK_INCLUDE:
            parse_include(tp, k);
            break;
        case TK_IF:
            check_expr(tp, k->line, k->arg, false);
            block_open(tp, &b, k);
            break;
        case TK_EACH:
            parse_each(tp, k);
            block_open(tp, &b, k);
            break;
        case TK_ELIF:
        case TK_ELSE:
            block_branch(tp, &b, k);
            break;
        case TK_END_IF:
        case TK_END_EACH:
            block_close(tp, &b, k);
            break;
        case TK_T:
        case TK_TF:
            parse_translation(tp, k);
            break;
        default:
            break;
        }
    }
    if (b.depth)
        die(tp->path, b.open[b.depth - 1].line, "{{#%s}} is not closed",
            block_word(b.open[b.depth - 1].kind));
    if (!seen_view) die(tp->path, 1, "missing {{#view ...}} (write {{#view void}} for none)");
}

/* tmpl_<dir>_<name> from ".../<dir>/<name>.html". */
static char *func_name(const char *path) {
    const char *end = path + strlen(path);
    const char *slash = strrchr(path, '/');
    if (end - path < 5 || strcmp(end - 5, ".html") != 0 || !slash || slash == path)
        die(path, 1, "a template must be named templates/<dir>/<name>.html");
    const char *dir = slash - 1;
    while (dir > path && dir[-1] != '/')
        dir--;
    char *f = arena_printf(&arena, "tmpl_%.*s_%.*s", (int)(slash - dir), dir,
                           (int)(end - 5 - slash - 1), slash + 1);
    for (const char *p = f; *p; p++)
        if (!is_ident_char(*p))
            die(path, 1,
                "the directory and file name of a template may hold only letters, "
                "digits and _");
    return f;
}

Template *template_load(const char *path) {
    Template *tp = ARENA_NEW(&arena, Template, 1);
    tp->path = path;
    tp->func = func_name(path);
    tp->src = read_all(path, &tp->n);
    lex(tp);
    for (size_t t = 0; t < tp->ntoks; t++)
        if (tp->toks[t].is_tag) classify(tp, &tp->toks[t]);
    mark_standalone(tp);
    check_structure(tp);
    return tp;
}
