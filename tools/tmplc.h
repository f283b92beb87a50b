/*
** tmplc's shared declarations: the parsed form of a template, made by
** tmplc_parse.c and turned into C by tmplc.c.
*/
#ifndef BEIAN_TOOLS_TMPLC_H
#define BEIAN_TOOLS_TMPLC_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "core/buf.h"

typedef enum TagKind {
    TK_COMMENT,
    TK_VIEW,
    TK_INCLUDE,
    TK_IF,
    TK_ELIF,
    TK_ELSE,
    TK_END_IF,
    TK_EACH,
    TK_END_EACH,
    TK_EXPR,
    TK_URL,
    TK_T,
    TK_TF,
    TK_PARTIAL,
    TK_CSRF,
    TK_CSRF_TOKEN,
    TK_NONCE,
    TK_LANG
} TagKind;

typedef struct Token {
    bool is_tag;
    size_t off, len; /* text: the source bytes; tag: its body between {{ and }} */
    int line;
    TagKind kind;
    char *arg;   /* the body after its keyword, trimmed */
    char *name;  /* each: the variable; partial: the template */
    char *a, *b; /* each: the declaration and the array; tf: the format literal */
    char *c;     /* each: the count */
    char **args; /* tf: the arguments */
    size_t nargs;
} Token;

typedef struct Msgid {
    char *text; /* decoded */
    int line;
    bool format;
} Msgid;

typedef struct Template {
    const char *path;
    char *src;
    size_t n;
    char *func;      /* tmpl_dir_name */
    char *view_decl; /* NULL for void */
    Token *toks;
    size_t ntoks;
    char *drop; /* per source byte: text removed by the standalone-line rule */
    char **includes;
    size_t nincludes;
    Msgid *msgids;
    size_t nmsgids;
} Template;

/* Everything the tool allocates; freed at exit. */
extern Arena arena;

/* Print "path:line: error: ..." and exit with status 1. */
_Noreturn void die(const char *path, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Append room to an arena array whose length n grows one at a time. */
#define GROW(p, n)                                                                                 \
    do {                                                                                           \
        if (((n) & ((n)-1)) == 0) {                                                                \
            void *grown_ = arena_alloc(&arena, sizeof *(p) * ((n) ? (n)*2 : 1));                   \
            if (n) memcpy(grown_, (p), sizeof *(p) * (n));                                         \
            (p) = grown_;                                                                          \
        }                                                                                          \
    } while (0)

/* The whole content of path, NUL-terminated, in the arena; exits on error. */
char *read_all(const char *path, size_t *n);

/* Read, parse and check one template; exits with file:line on any error. */
Template *template_load(const char *path);

#endif
