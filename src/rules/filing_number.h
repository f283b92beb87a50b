/*
** Filing numbers (DESIGN.md §2, filing-practice.md §3):
**   subject number 主体备案号   京ICP备12345678号     (8 or 10 digits)
**   site number    网站备案号   京ICP备12345678号-2   (subject number + -N)
**   public-security number     京公网安备 11010802020088号 (14 digits)
** The first character is the province's short name; 蜀 (川), 贵 (黔) and
** 陇 (甘) are accepted as the alternative prefixes seen on real numbers.
*/
#ifndef BEIAN_RULES_FILING_NUMBER_H
#define BEIAN_RULES_FILING_NUMBER_H

#include "core/arena.h"

typedef struct FilingNumber {
    char prefix[4];   /* the province character as written (UTF-8): "京", "蜀" */
    char province[3]; /* GB/T 2260 province code: "11", "51" */
    char serial[11];  /* 8 or 10 digits */
    int site;         /* 0 for a subject number, N >= 1 for a site number "-N" */
} FilingNumber;

typedef struct PsbNumber {
    char prefix[4];   /* "京" */
    char province[3]; /* "11" */
    char digits[15];  /* 14 digits; the first six are the filing bureau's area */
} PsbNumber;

/* Parse a subject or site number. Surrounding and inner ASCII spaces are
** ignored, "icp" is accepted in any case and "－" for "-".
** Returns 0, -ERR_FILING_NUMBER_FORMAT (not of the shape 省ICP备…号[-N]),
** -ERR_FILING_NUMBER_PROVINCE (unknown province character),
** -ERR_FILING_NUMBER_SERIAL (not 8 or 10 digits) or
** -ERR_FILING_NUMBER_SITE (bad -N). out may be NULL. */
int filing_number_parse(const char *s, FilingNumber *out);

/* As filing_number_parse, and the number must be a subject number (no -N);
** else -ERR_FILING_NUMBER_KIND. */
int filing_subject_number_parse(const char *s, FilingNumber *out);

/* As filing_number_parse, and the number must be a site number (with -N);
** else -ERR_FILING_NUMBER_KIND. */
int filing_site_number_parse(const char *s, FilingNumber *out);

/* Format back, with the prefix as written: "京ICP备12345678号" or
** "京ICP备12345678号-2". The string lives in the arena. */
char *filing_number_format(Arena *a, const FilingNumber *n);

/* The site number N of the subject number n (its own -N is ignored), in the
** arena. seq must be >= 1. */
char *filing_site_number(Arena *a, const FilingNumber *n, int seq);

/* Parse a public-security number; the space before the digits is optional.
** Returns 0, -ERR_PSB_NUMBER_FORMAT or -ERR_PSB_NUMBER_PROVINCE (unknown
** province character, or digits from another province). out may be NULL. */
int psb_number_parse(const char *s, PsbNumber *out);

/* "京公网安备 11010802020088号", in the arena. */
char *psb_number_format(Arena *a, const PsbNumber *n);

/* The GB/T 2260 province code ("11") of a province character ("京"; the
** alternatives 蜀 贵 陇 included), or NULL when it is none. */
const char *province_prefix_code(const char *prefix);

/* The canonical province character of a province code; code may be the two
** digits ("51") or any 6-digit code in the province ("510100"). NULL when
** unknown. */
const char *province_code_prefix(const char *code);

#endif
