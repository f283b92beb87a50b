/*
** Validation of an application's values, step by step and as a whole.
** Pure: the caller passes what the rules need to know (today, the subject's
** nature and record when the kind has no subject form, the province rules).
**
** Every bad field is reported with the registry code saying why; values that
** pass are replaced by their normalised form (an upper-case X in an ID
** number, a domain in A-label form, "010-12345678"), so the checked Values
** are what gets filed.
*/
#ifndef BEIAN_RULES_FILING_CHECK_H
#define BEIAN_RULES_FILING_CHECK_H

#include <stddef.h>

#include "core/arena.h"
#include "rules/filing_fields.h"
#include "rules/province.h"

#define FILING_MAX_ISSUES 96

typedef struct FilingIssue {
    FieldId field; /* FIELD_NONE: the application as a whole */
    int code;      /* positive ErrCode */
} FilingIssue;

typedef struct FilingIssues {
    FilingIssue items[FILING_MAX_ISSUES];
    size_t n;
} FilingIssues;

typedef struct FilingContext {
    AppKind kind;
    int today;                     /* YYYYMMDD, China Standard Time */
    SubjectNature nature;          /* the subject's, when the kind has no subject form */
    const Values *subject;         /* the subject's record (its principal), or NULL */
    const ProvinceRules *province; /* the filing province; NULL: from subject_province */
    const ProvinceRules *rows;     /* all province rows, to look subject_province up */
    size_t nrows;
    int filed_sites;          /* sites the subject already has filed */
    const char *known_number; /* the subject number Beian already holds, or NULL */
    /* The provider's own address ranges (settings: CIDR, one a line); access
    ** IPs must lie within them. NULL or empty: not configured, any public IP. */
    const char *provider_ranges;
} FilingContext;

/* What a field's own rule (FilingField.check) gets: the values being
** checked (it may normalise its own field), the context and the nature. */
struct FieldCheckArgs {
    Arena *a;
    const FilingContext *ctx;
    Values *v;
    SubjectNature nature;
    FilingIssues *out; /* a rule that blames another field reports it here */
};

/* Record an issue (code positive or negative); the first reason of a field wins. */
void filing_issue_add(FilingIssues *out, FieldId field, int code);

/* Check the fields of one step. Returns 0, or -ERR_INVALID_INPUT with the
** issues appended to out. */
int filing_check_step(Arena *a, FilingStep step, const FilingContext *ctx, Values *v,
                      FilingIssues *out);
/* Check every step of the kind and the rules across fields (contacts,
** province limits and individual rules, pre-approvals). For verify & submit. */
int filing_check_all(Arena *a, const FilingContext *ctx, Values *v, FilingIssues *out);
/* The subject's nature: the one the values describe (values_nature), else
** the context's (the subject's record). Every layer asks this function. */
SubjectNature filing_nature(const FilingContext *ctx, const Values *v);
/* The province rules that apply (the context's, or subject_province's). */
const ProvinceRules *filing_province(const FilingContext *ctx, const Values *v);
/* The subject principal of an application: its own values (subject form),
** the claimed principal (principal_* keys made from claim_principal_*), or
** the filed subject's record; NULL when unknown. */
const Values *filing_principal(Arena *a, const FilingContext *ctx, const Values *v);
/* The issue for field, or 0. */
int filing_issue(const FilingIssues *is, FieldId field);

#endif
