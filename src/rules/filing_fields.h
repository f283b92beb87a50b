/*
** The catalog of filing fields: every field a customer fills in for an
** application, with its step, its form group, its input, its labels, whether
** it holds personal data, and its own rule. One catalog serves the step
** forms, the JSON API (the keys are the API's field names), validation
** (filing_check.c), per-field return reasons, the review pages and the
** printed forms. The rows are in rules/fields.def; code names a field by its
** FieldId (F_SITE_DOMAIN), so a misspelt field does not compile. Key strings
** appear only where data crosses a boundary (forms, JSON, the database).
**
** An application's data is a Values: one text per field, lists joined by
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

/* The fieldsets of the forms; a record (the subject's, a site's) is the
** fields of some groups. */
typedef enum FieldGroup {
    GROUP_CLAIM = 1,
    GROUP_SUBJECT,
    GROUP_PRINCIPAL,
    GROUP_LEGAL,
    GROUP_SITE,
    GROUP_SITE_PRINCIPAL,
    GROUP_ACCESS,
    GROUP_CANCEL,
    GROUP__COUNT
} FieldGroup;

#define GROUP_BIT(g) (1u << (g))
/* The subject's record, and a site's record (with its principal and access). */
#define GROUPS_SUBJECT                                                                             \
    (GROUP_BIT(GROUP_SUBJECT) | GROUP_BIT(GROUP_PRINCIPAL) | GROUP_BIT(GROUP_LEGAL))
#define GROUPS_SITE                                                                                \
    (GROUP_BIT(GROUP_SITE) | GROUP_BIT(GROUP_SITE_PRINCIPAL) | GROUP_BIT(GROUP_ACCESS))

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

/* F_CLAIM_SUBJECT_NUMBER, F_SUBJECT_PROVINCE, ... in form order. */
typedef enum FieldId {
    FIELD_NONE = 0, /* no field: the application as a whole */
#define X(id, ...) F_##id,
#include "rules/fields.def"
#undef X
    FIELD__COUNT
} FieldId;

/* What a field's own rule gets (rules/filing_check.h defines it). */
typedef struct FieldCheckArgs FieldCheckArgs;
/* A field's own rule: 0, or a negative ErrCode; may normalise the value. */
typedef int (*FieldChecker)(const FieldCheckArgs *c, FieldId id);

typedef struct FilingField {
    FieldId id;
    const char *key;
    FilingStep step;
    FieldGroup group;
    FieldInput input;
    unsigned flags;
    int max;             /* code points (lists: items) */
    const char *choices; /* choice list name, or NULL */
    FieldChecker check;  /* NULL: the generic checks only */
    const char *label_zh, *label_en;
    const char *hint_zh, *hint_en;
} FilingField;

/* The whole catalog, in form order (row i holds the field of id i + 1). */
const FilingField *filing_fields(size_t *n);
/* The row of a field; NULL for FIELD_NONE or an id out of range. */
const FilingField *filing_field(FieldId id);
/* The field of an API/form/database key; FIELD_NONE when there is none. */
FieldId filing_field_id(const char *key);
/* The key of a field; "" for FIELD_NONE. */
const char *filing_field_key(FieldId id);
const char *filing_field_label(const FilingField *f, Lang lang);
const char *filing_field_hint(const FilingField *f, Lang lang);
const char *filing_group_label(FieldGroup group, Lang lang);

/* The fields describing one person. FIELD_NONE where the person has no
** such field (the legal representative has no phone). */
typedef struct PersonFields {
    FieldId name, id_type, id_number, id_expiry, mobile, landline, emergency, email;
} PersonFields;
extern const PersonFields PERSON_PRINCIPAL;      /* 主体负责人 */
extern const PersonFields PERSON_LEGAL;          /* 法定代表人 */
extern const PersonFields PERSON_SITE_PRINCIPAL; /* 网站负责人 */
extern const PersonFields PERSON_CLAIM;          /* the principal of a subject claimed by number */
/* The person whose field id is, or NULL. */
const PersonFields *person_of_field(FieldId id);

const char *filing_step_id(FilingStep s);
FilingStep filing_step_parse(const char *id);
const char *filing_step_label(FilingStep s, Lang lang);
/* The steps of a kind's forms, ending with STEP_VERIFY; *n gets the count. */
const FilingStep *filing_steps(AppKind k, size_t *n);
/* True when step s belongs to kind k. */
bool filing_kind_has_step(AppKind k, FilingStep s);
/* The step after `step` in kind k's forms (STEP_VERIFY after the last). */
FilingStep filing_step_next(AppKind k, FilingStep step);

/* A choice of a list: stable id and labels. */
typedef struct FilingChoice {
    const char *id;
    const char *zh, *en;
} FilingChoice;
/* The choices of list name ("nature", "cert_subject", "cert_person",
** "service", "language", "preapproval", "access_method", "province",
** "kind"); n gets the count; NULL for an unknown list. */
const FilingChoice *filing_choices(const char *list, size_t *n);
/* The label of a choice; for "city"/"district" the region's name; the id
** itself when unknown. */
const char *filing_choice_label(const char *list, const char *id, Lang lang);
/* Does choice id of list fit a subject of nature n? Certificate types of
** the subject ("cert_subject") follow cert_type_allowed; everything else,
** and any choice while the nature is unknown (0), fits. */
bool filing_choice_fits(const char *list, const char *id, SubjectNature n);
/* The choice ids of a list, NULL-terminated (for a field spec's FK_CHOICE). */
const char *const *filing_choice_ids(const char *list);

/* Values of an application: one text per field (NULL: never set). Texts
** live in the arena; copying the struct copies the values. */
typedef struct Values {
    const char *v[FIELD__COUNT];
    Arena *arena;
} Values;

void values_init(Values *v, Arena *a);
/* The value of a field, "" when absent. */
const char *values_get(const Values *v, FieldId id);
/* Set (copying) or replace; an empty value is kept (a cleared field). */
void values_set(Values *v, FieldId id, const char *val);
bool values_has(const Values *v, FieldId id);
/* How many fields are set. */
size_t values_count(const Values *v);
/* True when the boolean field is set ("1"). */
bool values_flag(const Values *v, FieldId id);
/* The items of a list value ("" gives 0 items); the array lives in the arena. */
const char **values_list(const Values *v, FieldId id, size_t *n);
/* Copy the fields of `groups` (GROUP_BIT set) that `from` has into v. */
void values_copy_groups(Values *v, const Values *from, unsigned groups);
/* Copy every field `from` has into v. */
void values_overlay(Values *v, const Values *from);
/* Copy one person's fields onto another's (absent fields are skipped). */
void values_copy_person(Values *v, const PersonFields *to, const Values *from,
                        const PersonFields *src);

/* The nature a set of values describes: subject_nature, or claim_nature for
** a subject claimed by number; 0 when neither says. The one place that
** decides a subject's nature from values (filing_nature adds the context). */
SubjectNature values_nature(const Values *v);

/* Does field f apply to an application of kind k for a subject of nature n
** with values v? (The legal representative only for organisations; the site
** principal's fields not when "same as the subject principal"; the licence
** number only for commercial sites; ...) */
bool filing_field_applies(const FilingField *f, AppKind k, SubjectNature n, const Values *v);

/* The checkbox (or, for an individual's own ID, F_SUBJECT_NATURE) whose
** value copies field f from another person's field; FIELD_NONE when none.
** The forms hide the field while it is copied. */
FieldId filing_field_copied_by(const FilingField *f, AppKind k);
/* Is field f's value copied from another field now (the box ticked, the
** subject an individual)? A copied field does not apply. */
bool filing_field_copied(const FilingField *f, AppKind k, SubjectNature n, const Values *v);
/* Must field f be filled for an application of kind k, nature n, values v?
** The one rule behind the forms' required marks and filing_check's
** "required" errors (field_required, landline_required, licence_required,
** preapproval_number); test_rules_filing checks they agree. */
bool filing_field_required(const FilingField *f, AppKind k, SubjectNature n, const Values *v);

#endif
