/*
** Province (管局) rules: what each provincial communications administration
** requires beyond the national rules (DESIGN.md §9, research §4). A row is
** plain data so that the model can keep the rows in a table that admins edit;
** province_seed() gives the default rows for all 31 provinces. The checks are
** pure functions over a row.
*/
#ifndef BEIAN_RULES_PROVINCE_H
#define BEIAN_RULES_PROVINCE_H

#include <stdbool.h>
#include <stddef.h>

#include "rules/vocab.h"
#include "rules/types.h"

/* Bits for ProvinceExtra.kinds and .natures. */
#define KIND_BIT(k)   (1u << (k))
#define NATURE_BIT(n) (1u << (n))

/*
** A paper material a province requires on top of the national set (seed §6),
** e.g. Guangdong's 备案承诺书. It is listed for an application whose kind is in
** kinds and whose subject nature is in natures (0: every nature). Strings are
** owned by whoever owns the row; note_* may be NULL.
*/
typedef struct ProvinceExtra {
    const char *code; /* stable checklist code, e.g. "filing_pledge" */
    const char *zh;
    const char *en;
    const char *note_zh;
    const char *note_en;
    int copies;
    unsigned kinds;   /* KIND_BIT(k) set */
    unsigned natures; /* NATURE_BIT(n) set; 0: all */
} ProvinceExtra;

/*
** One province's rules. Strings and extras are borrowed (static for the seed,
** the model's arena for rows read from the database). Limits of 0 mean "no
** limit"; a min_age of 0 means "no province rule".
*/
typedef struct ProvinceRules {
    int code;               /* GB/T 2260 two-digit code: 11 Beijing ... 65 Xinjiang */
    const char *prefix;     /* filing-number prefix: 京 */
    const char *alt_prefix; /* a variant also seen in real numbers (蜀 贵 陇), or NULL */
    const char *name_zh;    /* 北京市 */
    const char *name_en;    /* Beijing */

    /* A 网站备案授权书 for every organisation application that adds or changes
    ** a site, even when the subject principal is the site principal. */
    bool auth_letter_required;

    /* Individuals. An individual is local when the first two digits of the
    ** mainland ID card number equal code. For a non-local individual:
    ** local_id_only or no_cross_province refuse the filing; otherwise
    ** residence_permit_accepted means a local residence permit (or the document
    ** residence_doc_* names) is accepted and then required; otherwise the
    ** filing is accepted as is. */
    bool local_id_only;
    bool no_cross_province;
    bool residence_permit_accepted;
    const char *residence_doc_zh; /* NULL: 居住证 */
    const char *residence_doc_en;
    int min_age; /* the principal's age in whole years, from the ID's birth date */

    /* Limits per application (0: none). */
    int max_domains_per_app;
    int max_sites_per_app;
    int individual_first_max_domains; /* individuals' first filing (琼: 1) */
    int crowded_individual_sites;     /* an individual with more filed sites than this... */
    int crowded_org_sites;            /* ...or an organisation with more than this... */
    int crowded_max_domains;          /* ...may add at most this many domains (赣) */

    const ProvinceExtra *extras;
    size_t n_extras;

    /* Shown at verify & submit (seed §6); NULL when the province has none. */
    const char *special_notice_zh;
    const char *special_notice_en;
    /* Shown for commercial (经营性) filings (seed §2). */
    const char *commercial_notice_zh;
    const char *commercial_notice_en;

    int review_days_min; /* the administration's typical review, working days */
    int review_days_max;
} ProvinceRules;

/* The 31 default rows, ordered by code; *n receives the count. Static data. */
const ProvinceRules *province_seed(size_t *n);

/* The row with this code in rows[0..n), or NULL. */
const ProvinceRules *province_find(const ProvinceRules *rows, size_t n, int code);

/* The row whose prefix or alt_prefix equals prefix (one character, UTF-8),
** or NULL. */
const ProvinceRules *province_find_prefix(const ProvinceRules *rows, size_t n, const char *prefix);

/* The province code (11..65) of an 18-character mainland ID number, taken
** from its first two digits, or 0 when they are not digits. The check digit
** is not verified here (the validators do that). */
int province_of_id(const char *id_number);

/* The birth date of an 18-character ID number as YYYYMMDD, or 0 when digits
** 7-14 are not a real calendar date. */
int province_id_birth_date(const char *id_number);

/* Whole years from birth to today, both YYYYMMDD; -1 if today is before birth. */
int province_age(int birth, int today);

/* What the application limits are checked against. */
typedef struct ProvinceAppCounts {
    AppKind kind;
    SubjectNature nature;
    int n_sites;     /* sites this application adds */
    int n_domains;   /* domains this application adds */
    int filed_sites; /* sites the subject already has filed */
} ProvinceAppCounts;

/*
** Check an application against the province's limits. Returns 0, or the
** first limit broken, with *limit (if not NULL) set to its value:
**   -ERR_PROVINCE_TOO_MANY_SITES, -ERR_PROVINCE_TOO_MANY_DOMAINS,
**   -ERR_PROVINCE_FIRST_DOMAINS (an individual's first filing),
**   -ERR_PROVINCE_CROWDED_DOMAINS (a subject with many filed sites);
** -ERR_PROVINCE_UNKNOWN when p is NULL.
*/
int province_check_application(const ProvinceRules *p, const ProvinceAppCounts *c, int *limit);

/* An individual filer (or the individual subject's principal). */
typedef struct ProvinceIndividual {
    CertType cert_type;        /* CERT_ID_CARD for a mainland ID */
    const char *id_number;     /* the number, for CERT_ID_CARD */
    int birth_date;            /* YYYYMMDD for other certificates; 0 unknown */
    bool has_residence_permit; /* holds this province's residence_doc */
    int today;                 /* YYYYMMDD, China Standard Time (time_today_cst) */
} ProvinceIndividual;

/*
** Check an individual against the province's rules. Returns 0 or:
**   -ERR_PROVINCE_UNKNOWN       p is NULL;
**   -ERR_PROVINCE_ID_INVALID    an ID card number whose region or birth date
**                               cannot be read;
**   -ERR_PROVINCE_MIN_AGE       younger than min_age (with an unknown birth
**                               date of a non-ID certificate, not checked);
**   -ERR_PROVINCE_LOCAL_ID_ONLY, -ERR_PROVINCE_NO_CROSS,
**   -ERR_PROVINCE_PERMIT_REQUIRED  for a non-local individual, as described
**                               at ProvinceRules. Any certificate but a
**                               mainland ID card counts as non-local.
*/
int province_check_individual(const ProvinceRules *p, const ProvinceIndividual *f);

/* True when f is a non-local individual for p (see ProvinceRules). */
bool province_individual_nonlocal(const ProvinceRules *p, const ProvinceIndividual *f);

#endif
