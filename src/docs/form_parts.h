/*
** Pieces the three forms share (internal to src/docs): titles, section
** headings, label/value rows, the sites table, template prose and the
** signature blocks.
*/
#ifndef BEIAN_DOCS_FORM_PARTS_H
#define BEIAN_DOCS_FORM_PARTS_H

#include <stddef.h>

#include "docs/forms.h"
#include "docs/pdf.h"

/* s, or "" for NULL. */
const char *form_str(const char *s);
/* items joined with sep into a; empty (or NULL items) gives `none`. */
const char *form_join(Arena *a, const char *const *items, size_t n, const char *sep,
                      const char *none);
/* 省 市 区 详细地址 of a subject. */
const char *form_address(Arena *a, const FormSubject *s);
/* "名称（域名、域名）、名称（域名）" for the {site_list} placeholder. */
const char *form_site_list(Arena *a, const FormSite *sites, size_t n);

/* A centred title, and below it on the right "申请编号：..." when given. */
void form_title(Pdf *p, const char *title, const char *app_number);
/* A bold section heading kept with at least `keep` points of what follows. */
void form_section(Pdf *p, const char *title, double keep);
/* Label/value rows: one pair across the page, or two pairs side by side. */
void form_kv1(Pdf *p, const char *label, const char *value);
void form_kv2(Pdf *p, const char *l1, const char *v1, const char *l2, const char *v2);
/* The table of sites an agreement or authorisation covers. */
void form_sites_table(Pdf *p, const FormSite *sites, size_t n);
/* Template text (already expanded) in the line markup of form_texts.h. */
void form_prose(Pdf *p, const char *text);

/* One signature column: an optional heading, "<sign>" with a line to sign
** on, an optional box ("单位公章：", "手印：") and a date line. */
typedef struct FormSign {
    const char *heading;
    const char *sign;
    const char *box; /* NULL: no box */
    double box_size; /* points */
} FormSign;

/* The subject's column: organisations seal, individuals fingerprint. */
FormSign form_sign_subject(SubjectNature nature, const char *heading);
double form_sign_height(const FormSign *s);
void form_sign_draw(Pdf *p, const FormSign *s, double x, double y, double w);
/* Columns side by side, kept together on one page. */
void form_sign_row(Pdf *p, const FormSign *cols, int n);

#endif
