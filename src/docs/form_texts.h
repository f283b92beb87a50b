/*
** The texts of the security agreement and the authorisation letter, as
** templates. Admins may edit and version them; the renderers take the text
** as input and these defaults are the starting point.
**
** Template syntax:
**   {name}   a placeholder, replaced at render time (see FORM_TEXT_PLACEHOLDERS);
**   {{ }}    a literal brace;
**   one line = one paragraph, printed with a two-character first-line indent;
**   "## "    at the start of a line: a heading (bold, not indented);
**   ">> "    at the start of a line: a paragraph without indent (salutations);
**   blank lines are ignored (paragraph spacing is the renderer's).
*/
#ifndef BEIAN_DOCS_FORM_TEXTS_H
#define BEIAN_DOCS_FORM_TEXTS_H

#include <stddef.h>

#include "core/arena.h"

/* 信息安全协议: clauses between the subject (甲方) and the provider (乙方). */
extern const char FORM_TEXT_AGREEMENT[];
/* 网站备案授权书: the subject authorises the site principal. */
extern const char FORM_TEXT_AUTHORISATION[];

/* Every placeholder a text may use, NULL-terminated:
**   subject_name, subject_address, subject_principal, legal_rep,
**   provider_name, provider_address, site_list, site_principal,
**   site_principal_id_type, site_principal_id, date, app_number */
extern const char *const FORM_TEXT_PLACEHOLDERS[];

typedef struct FormTextVar {
    const char *name;
    const char *value; /* NULL expands to "" */
} FormTextVar;

/* Check a template an admin typed: valid UTF-8, every {name} known, every
** brace closed or doubled. Returns 0; -ERR_FIELD_UTF8; or
** -ERR_PDF_PLACEHOLDER with *bad (if bad is not NULL) set to the offending
** piece of text, copied into a. */
int form_text_check(const char *text, Arena *a, char **bad);

/* Substitute the placeholders of text from vars. Unknown or malformed
** placeholders are kept literally, so an unchecked text still renders.
** Returns a new string in a. */
char *form_text_expand(Arena *a, const char *text, const FormTextVar *vars, size_t n);

#endif
