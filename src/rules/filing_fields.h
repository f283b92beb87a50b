/*
** The catalog of filing fields: every field a customer fills in for an
** application, with its step, its form group, its input, its labels and
** whether it holds personal data. One catalog serves the step forms, the
** JSON API (the keys are the API's field names), validation
** (filing_check.c), per-field return reasons (they name these keys), the
** review pages and the printed forms.
**
** An application's data is a set of Values: key -> text, lists joined by
** '\n'. Values are stored as typed (a draft keeps even invalid input) and
** normalised by filing_check when they pass.
*/
#ifndef BEIAN_RULES_FILING_FIELDS_H
#define BEIAN_RULES_FILING_FIELDS_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/err.h"
#include "rules/vocab.h"

/* The steps of the forms, in order. */
typedef enum FilingStep {
    STEP_CLAIM = 1, /* subject number + filing password (new_site_external) */
    STEP_SUBJECT,   /* subject, its principal, legal representative */
    STEP_SITE,      /* site and its principal */
    STEP_ACCESS,    /* access: server IPs, method */
    STEP_CANCEL,    /* reason for a cancellation */
    STEP_VERIFY,    /* 信息核实提交: review, materials, submit */
    STEP__COUNT
} FilingStep;

typedef enum FieldInput {
    IN_TEXT = 1,
    IN_TEXTAREA,
    IN_SELECT, /* one of a choice list */
    IN_MULTI,  /* several of a choice list (checkboxes) */
    IN_BOOL,   /* a checkbox */
    IN_LINES,  /* a list, one item per line (IP addresses) */
    IN_SECRET, /* a password: never shown again */
} FieldInput;

enum {
    FD_PERSONAL = 1u << 0,        /* ID number or phone: encrypted, masked on display */
    FD_OPTIONAL = 1u << 1,        /* may stay empty */
    FD_ORG_ONLY = 1u << 2,        /* only for organisations */
    FD_PERSON_ONLY = 1u << 3,     /* only for individuals */
    FD_KIND_NEW_ACCESS = 1u << 4, /* only for new_access */
};

typedef struct FilingField {
    const char *key;
    FilingStep step;
    const char *
        group; /* "claim" "subject" "principal" "legal" "site" "site_principal" "access" "cancel" */
    FieldInput input;
    unsigned flags;
    int max;             /* code points (lists: items) */
    const char *choices; /* choice list name, or NULL */
    const char *label_zh, *label_en;
    const char *hint_zh, *hint_en;
} FilingField;

/* The whole catalog, in form order. */
const FilingField *filing_fields(size_t *n);
/* The field with this key, or NULL. */
const FilingField *filing_field(const char *key);
const char *filing_field_label(const FilingField *f, Lang lang);
const char *filing_field_hint(const FilingField *f, Lang lang);
const char *filing_group_label(const char *group, Lang lang);

const char *filing_step_id(FilingStep s);
FilingStep filing_step_parse(const char *id);
const char *filing_step_label(FilingStep s, Lang lang);
/* The steps of a kind's forms, ending with STEP_VERIFY; *n gets the count. */
const FilingStep *filing_steps(AppKind k, size_t *n);
/* True when step s belongs to kind k. */
bool filing_kind_has_step(AppKind k, FilingStep s);

/* A choice of a list: stable id and labels. */
typedef struct FilingChoice {
    const char *id;
    const char *zh, *en;
} FilingChoice;
/* The choices of list name ("nature", "cert_subject", "cert_person",
** "service", "language", "preapproval", "access_method", "province",
** "id_expiry"); n gets the count; NULL for an unknown list. */
const FilingChoice *filing_choices(const char *list, size_t *n);
const char *filing_choice_label(const char *list, const char *id, Lang lang);

/* Values of an application: key -> text. Keys and texts live in the arena. */
typedef struct Values {
    const char **keys;
    const char **vals;
    size_t n, cap;
    Arena *arena;
} Values;

void values_init(Values *v, Arena *a);
/* The value of key, "" when absent. */
const char *values_get(const Values *v, const char *key);
/* Set (copying) or replace; an empty value is kept (a cleared field). */
void values_set(Values *v, const char *key, const char *val);
bool values_has(const Values *v, const char *key);
/* True when the boolean field key is set ("1"). */
bool values_flag(const Values *v, const char *key);
/* The items of a list value ("" gives 0 items); the array lives in the arena. */
const char **values_list(const Values *v, const char *key, size_t *n);

/* Does field f apply to an application of kind k for a subject of nature n
** with values v? (The legal representative only for organisations; the site
** principal's fields not when "same as the subject principal"; the licence
** number only for commercial sites; ...) */
bool filing_field_applies(const FilingField *f, AppKind k, SubjectNature n, const Values *v);

#endif
