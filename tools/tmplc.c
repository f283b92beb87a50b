/*
** tmplc: the template compiler (the language: docs/templates.md).
**
**   tmplc c <templates/dir/name.html> <out.c>
**       compile one template into the C function tmpl_dir_name.
**   tmplc index <gen-dir> <source-dir> <templates...>
**       check every template together (names, partials) and write, each only
**       when its content changes, <gen-dir>/tmpl_all.h (every prototype),
**       msgids.txt (every translatable string) and templates.pot; then touch
**       <gen-dir>/tmpl_index.stamp.
**
** Errors are printed as file:line: message and exit with status 1, so a bad
** template stops the build. The generated code carries #line directives, so
** a C error in an expression also points at the template line.
*/
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "tmplc.h"

/* ---- generating C ---- */

typedef struct Gen {
    Template *tp;
    Buf out;
    Buf text; /* template text not yet written */
    int depth;
} Gen;

static void put_cstring(Buf *out, const char *s, size_t n) {
    buf_putc(out, '"');
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\')
            buf_printf(out, "\\%c", c);
        else if (c == '\n')
            buf_puts(out, "\\n");
        else if (c == '\t')
            buf_puts(out, "\\t");
        else if (c < 0x20 || c == 0x7f || c == '?') /* '?': no trigraphs */
            buf_printf(out, "\\%03o", c);
        else
            buf_putc(out, (char)c);
    }
    buf_putc(out, '"');
}

static void indent(Gen *g) {
    for (int i = 0; i <= g->depth; i++)
        buf_puts(&g->out, "    ");
}

/* Write the pending text as tmpl_text calls: one literal piece per source
** line, each call under 4000 bytes (C's minimum limit is 4095), never
** splitting a UTF-8 sequence. */
static void flush_text(Gen *g) {
    const char *s = g->text.data;
    size_t n = g->text.len, pos = 0;
    while (pos < n) {
        size_t call = n - pos < 3000 ? n - pos : 3000;
        while (pos + call < n && ((unsigned char)s[pos + call] & 0xC0) == 0x80)
            call++;
        indent(g);
        buf_puts(&g->out, "tmpl_text(t, ");
        size_t piece = pos;
        while (piece < pos + call) {
            const char *nl = memchr(s + piece, '\n', pos + call - piece);
            size_t end = nl ? (size_t)(nl - s) + 1 : pos + call;
            if (piece > pos) {
                buf_putc(&g->out, '\n');
                indent(g);
                buf_puts(&g->out, "           ");
            }
            put_cstring(&g->out, s + piece, end - piece);
            piece = end;
        }
        buf_printf(&g->out, ", %zu);\n", call);
        pos += call;
    }
    buf_reset(&g->text);
}

/* Point the C compiler at the template line of the next statement. */
static void line_mark(Gen *g, int line) {
    buf_printf(&g->out, "#line %d ", line);
    put_cstring(&g->out, g->tp->path, strlen(g->tp->path));
    buf_putc(&g->out, '\n');
}

static void stmt(Gen *g, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void stmt(Gen *g, int line, const char *fmt, ...) {
    if (line) line_mark(g, line);
    indent(g);
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(&g->out, fmt, ap);
    va_end(ap);
    buf_putc(&g->out, '\n');
}

static void gen_tf(Gen *g, const Token *k) {
    if (!k->nargs) {
        stmt(g, k->line, "tmpl_tf(t, %s, 0, NULL);", k->b);
        return;
    }
    Buf args;
    buf_init(&args, &arena);
    for (size_t i = 0; i < k->nargs; i++)
        buf_printf(&args, "%sTMPL_ARG((%s))", i ? ", " : "", k->args[i]);
    stmt(g, k->line, "tmpl_tf(t, %s, %zu, (const TmplArg[]){%s});", k->b, k->nargs, args.data);
}

/* The directives that open, divide or close a C block. */
static void gen_block(Gen *g, const Token *k) {
    if (k->kind != TK_IF && k->kind != TK_EACH) {
        g->depth--;
        stmt(g, 0, k->kind == TK_ELSE ? "} else {" : "}");
    }
    if (k->kind == TK_IF) stmt(g, k->line, "if (%s) {", k->arg);
    if (k->kind == TK_ELIF) stmt(g, k->line, "else if (%s) {", k->arg);
    if (k->kind == TK_EACH) {
        stmt(g, k->line, "for (size_t %s_i = 0; %s_i < (size_t)(%s); %s_i++) {", k->name, k->name,
             k->c, k->name);
        stmt(g, 0, "    %s = &(%s)[%s_i];", k->a, k->b, k->name);
        stmt(g, 0, "    (void)%s;", k->name);
    }
    if (k->kind != TK_END_IF && k->kind != TK_END_EACH) g->depth++;
}

static void gen_tag(Gen *g, const Token *k) {
    switch (k->kind) {
    case TK_COMMENT:
    case TK_VIEW:
    case TK_INCLUDE:
        break;
    case TK_EXPR:
        stmt(g, k->line, "TMPL_OUT(t, (%s));", k->arg);
        break;
    case TK_URL:
        stmt(g, k->line, "TMPL_URL(t, (%s));", k->arg);
        break;
    case TK_T:
        stmt(g, 0, "tmpl_t(t, %s);", k->b);
        break;
    case TK_TF:
        gen_tf(g, k);
        break;
    case TK_CSRF:
        stmt(g, 0, "tmpl_csrf(t);");
        break;
    case TK_CSRF_TOKEN:
        stmt(g, 0, "tmpl_str(t, t->csrf);");
        break;
    case TK_NONCE:
        stmt(g, 0, "tmpl_str(t, t->nonce);");
        break;
    case TK_LANG:
        stmt(g, 0, "tmpl_lang(t);");
        break;
    case TK_PARTIAL:
        if (k->arg[0])
            stmt(g, k->line, "tmpl_%s(t, (%s));", k->name, k->arg);
        else
            stmt(g, k->line, "tmpl_%s(t);", k->name);
        break;
    default:
        gen_block(g, k);
        break;
    }
}

static void gen_c(Template *tp, Buf *out) {
    Gen g = {.tp = tp};
    buf_init(&g.text, &arena);
    buf_printf(out, "/* Generated by tools/tmplc from the template of %s. Do not edit. */\n",
               tp->func);
    buf_puts(out, "#include \"core/tmpl.h\"\n");
    for (size_t i = 0; i < tp->nincludes; i++)
        buf_printf(out, "#include %s\n", tp->includes[i]);
    buf_puts(out, "#include \"tmpl_all.h\"\n\n");
    buf_printf(out, "void %s(Tmpl *t%s%s) {\n", tp->func, tp->view_decl ? ", " : "",
               tp->view_decl ? tp->view_decl : "");
    g.out = *out;
    for (size_t t = 0; t < tp->ntoks; t++) {
        const Token *k = &tp->toks[t];
        if (k->kind == TK_VIEW && k->name) stmt(&g, 0, "(void)%s;", k->name);
        if (!k->is_tag) {
            for (size_t i = k->off; i < k->off + k->len; i++)
                if (!tp->drop[i]) buf_putc(&g.text, tp->src[i]);
            continue;
        }
        if (k->kind != TK_COMMENT && k->kind != TK_VIEW && k->kind != TK_INCLUDE) flush_text(&g);
        gen_tag(&g, k);
    }
    flush_text(&g);
    buf_puts(&g.out, "}\n");
    *out = g.out;
}

/* ---- output files ---- */

static void write_file(const char *path, const Buf *b) {
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(b->data, 1, b->len, f) != b->len || fclose(f) != 0) {
        fprintf(stderr, "tmplc: cannot write %s: %s\n", path, strerror(errno));
        arena_free(&arena);
        exit(1);
    }
}

/* Write b to path only when the content differs, so that what depends on
** the file is rebuilt only when it really changes. */
static void write_if_changed(const char *path, const Buf *b) {
    FILE *f = fopen(path, "rb");
    if (f) {
        size_t n;
        char *old = read_all(path, &n);
        fclose(f);
        if (n == b->len && memcmp(old, b->data, n) == 0) return;
    }
    char *tmp = arena_printf(&arena, "%s.tmp", path);
    write_file(tmp, b);
    if (rename(tmp, path) != 0) {
        fprintf(stderr, "tmplc: cannot rename %s: %s\n", tmp, strerror(errno));
        exit(1);
    }
}

/* PO string escaping, also used for msgids.txt. */
static void put_po_escaped(Buf *out, const char *s) {
    for (; *s; s++) {
        switch (*s) {
        case '"':
            buf_puts(out, "\\\"");
            break;
        case '\\':
            buf_puts(out, "\\\\");
            break;
        case '\n':
            buf_puts(out, "\\n");
            break;
        case '\t':
            buf_puts(out, "\\t");
            break;
        case '\r':
            buf_puts(out, "\\r");
            break;
        default:
            buf_putc(out, *s);
        }
    }
}

/* ---- index mode ---- */

typedef struct Ref {
    const Msgid *m;
    const char *file; /* relative to the source directory */
} Ref;

static int ref_cmp(const void *a, const void *b) {
    const Ref *x = a, *y = b;
    int c = strcmp(x->m->text, y->m->text);
    if (c) return c;
    c = strcmp(x->file, y->file);
    return c ? c : x->m->line - y->m->line;
}

static int tp_cmp(const void *a, const void *b) {
    return strcmp((*(Template *const *)a)->func, (*(Template *const *)b)->func);
}

static Template *find_template(Template **all, size_t n, const char *func) {
    for (size_t i = 0; i < n; i++)
        if (strcmp(all[i]->func, func) == 0) return all[i];
    return NULL;
}

static void check_partials(Template **all, size_t n) {
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && strcmp(all[i - 1]->func, all[i]->func) == 0)
            die(all[i]->path, 1, "%s is also the name of %s", all[i]->func, all[i - 1]->path);
        for (size_t t = 0; t < all[i]->ntoks; t++) {
            const Token *k = &all[i]->toks[t];
            if (!k->is_tag || k->kind != TK_PARTIAL) continue;
            char *func = arena_printf(&arena, "tmpl_%s", k->name);
            Template *p = find_template(all, n, func);
            if (!p) die(all[i]->path, k->line, "no template %s for {{> %s}}", func, k->name);
            if (p->view_decl && !k->arg[0])
                die(all[i]->path, k->line, "{{> %s}} needs a view: %s", k->name, p->view_decl);
            if (!p->view_decl && k->arg[0])
                die(all[i]->path, k->line, "{{> %s}} takes no view ({{#view void}})", k->name);
        }
    }
}

static void gen_header(Template **all, size_t n, Buf *h) {
    buf_puts(h, "/* Generated by tools/tmplc: every template function. Do not edit. */\n"
                "#ifndef BEIAN_GEN_TMPL_ALL_H\n#define BEIAN_GEN_TMPL_ALL_H\n\n"
                "#include \"core/tmpl.h\"\n");
    Buf seen;
    buf_init(&seen, &arena);
    buf_putc(&seen, '\n');
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < all[i]->nincludes; j++) {
            char *key = arena_printf(&arena, "\n%s\n", all[i]->includes[j]);
            if (strstr(seen.data, key)) continue;
            buf_puts(&seen, key + 1);
            buf_printf(h, "#include %s\n", all[i]->includes[j]);
        }
    }
    buf_putc(h, '\n');
    for (size_t i = 0; i < n; i++)
        buf_printf(h, "void %s(Tmpl *t%s%s);\n", all[i]->func, all[i]->view_decl ? ", " : "",
                   all[i]->view_decl ? all[i]->view_decl : "");
    buf_puts(h, "\n#endif\n");
}

static void gen_messages(Template **all, size_t n, const char *srcdir, Buf *ids, Buf *pot) {
    size_t nrefs = 0;
    Ref *refs = NULL;
    size_t sl = strlen(srcdir);
    for (size_t i = 0; i < n; i++) {
        const char *file = all[i]->path;
        if (strncmp(file, srcdir, sl) == 0 && file[sl] == '/') file += sl + 1;
        for (size_t j = 0; j < all[i]->nmsgids; j++) {
            GROW(refs, nrefs);
            refs[nrefs++] = (Ref){&all[i]->msgids[j], file};
        }
    }
    if (nrefs) qsort(refs, nrefs, sizeof *refs, ref_cmp);
    buf_puts(pot, "# The translatable strings of the templates (tools/tmplc). Do not edit.\n"
                  "msgid \"\"\nmsgstr \"\"\n\"Content-Type: text/plain; charset=UTF-8\\n\"\n");
    for (size_t i = 0; i < nrefs;) {
        size_t j = i;
        bool format = false;
        buf_puts(pot, "\n#:");
        for (; j < nrefs && strcmp(refs[j].m->text, refs[i].m->text) == 0; j++) {
            buf_printf(pot, " %s:%d", refs[j].file, refs[j].m->line);
            format = format || refs[j].m->format;
        }
        if (format) buf_puts(pot, "\n#, c-format");
        buf_puts(pot, "\nmsgid \"");
        put_po_escaped(pot, refs[i].m->text);
        buf_puts(pot, "\"\nmsgstr \"\"\n");
        put_po_escaped(ids, refs[i].m->text);
        buf_putc(ids, '\n');
        i = j;
    }
}

static int run_index(const char *gendir, const char *srcdir, char **files, size_t n) {
    Template **all = ARENA_NEW(&arena, Template *, n + 1);
    for (size_t i = 0; i < n; i++)
        all[i] = template_load(files[i]);
    if (n) qsort(all, n, sizeof *all, tp_cmp);
    check_partials(all, n);
    Buf h, ids, pot, stamp;
    buf_init(&h, &arena);
    buf_init(&ids, &arena);
    buf_init(&pot, &arena);
    buf_init(&stamp, &arena);
    gen_header(all, n, &h);
    gen_messages(all, n, srcdir, &ids, &pot);
    write_if_changed(arena_printf(&arena, "%s/tmpl_all.h", gendir), &h);
    write_if_changed(arena_printf(&arena, "%s/msgids.txt", gendir), &ids);
    write_if_changed(arena_printf(&arena, "%s/templates.pot", gendir), &pot);
    buf_printf(&stamp, "%zu templates\n", n);
    write_file(arena_printf(&arena, "%s/tmpl_index.stamp", gendir), &stamp);
    return 0;
}

static int run_compile(const char *path, const char *out_path) {
    Template *tp = template_load(path);
    Buf out;
    buf_init(&out, &arena);
    gen_c(tp, &out);
    write_file(out_path, &out);
    return 0;
}

int main(int argc, char **argv) {
    arena_init(&arena);
    int rc = 2;
    if (argc == 4 && strcmp(argv[1], "c") == 0)
        rc = run_compile(argv[2], argv[3]);
    else if (argc >= 4 && strcmp(argv[1], "index") == 0)
        rc = run_index(argv[2], argv[3], argv + 4, (size_t)(argc - 4));
    else
        fprintf(stderr, "usage: tmplc c <template.html> <out.c>\n"
                        "       tmplc index <gen-dir> <source-dir> <templates...>\n");
    arena_free(&arena);
    return rc;
}
