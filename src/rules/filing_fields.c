/*
** The catalog of filing fields and the steps of each application kind.
*/
#include "rules/filing_fields.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "rules/field_checks.h"
#include "rules/preapproval.h"
#include "rules/region.h"
#include "rules/validate.h"

static const FilingField fields[] = {
#define X(ID, KEY, STEP, GROUP, INPUT, FLAGS, MAX, CHOICES, CHECK, ZH, EN, HZH, HEN)               \
    {.id = F_##ID,                                                                                 \
     .key = KEY,                                                                                   \
     .step = STEP,                                                                                 \
     .group = GROUP,                                                                               \
     .input = INPUT,                                                                               \
     .flags = FLAGS,                                                                               \
     .max = MAX,                                                                                   \
     .choices = CHOICES,                                                                           \
     .check = CHECK,                                                                               \
     .label_zh = ZH,                                                                               \
     .label_en = EN,                                                                               \
     .hint_zh = HZH,                                                                               \
     .hint_en = HEN},
#include "rules/fields.def"
#undef X
};
#define NFIELDS (sizeof fields / sizeof fields[0])

const FilingField *filing_fields(size_t *n) {
    *n = NFIELDS;
    return fields;
}

const FilingField *filing_field(FieldId id) {
    return id > FIELD_NONE && id < FIELD__COUNT ? &fields[id - 1] : NULL;
}

const char *filing_field_key(FieldId id) {
    const FilingField *f = filing_field(id);
    return f ? f->key : "";
}

/* Keys sorted once, for lookups at the boundaries (forms, JSON, rows). */
static const FilingField *by_key[NFIELDS];
static pthread_once_t by_key_once = PTHREAD_ONCE_INIT;

static int key_cmp(const void *a, const void *b) {
    return strcmp((*(const FilingField *const *)a)->key, (*(const FilingField *const *)b)->key);
}

static void by_key_build(void) {
    for (size_t i = 0; i < NFIELDS; i++)
        by_key[i] = &fields[i];
    qsort(by_key, NFIELDS, sizeof by_key[0], key_cmp);
}

FieldId filing_field_id(const char *key) {
    if (!key || !*key) return FIELD_NONE;
    pthread_once(&by_key_once, by_key_build);
    size_t lo = 0, hi = NFIELDS;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(by_key[mid]->key, key);
        if (c == 0) return by_key[mid]->id;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return FIELD_NONE;
}

const char *filing_field_label(const FilingField *f, Lang lang) {
    return lang == LANG_EN ? f->label_en : f->label_zh;
}

const char *filing_field_hint(const FilingField *f, Lang lang) {
    return lang == LANG_EN ? f->hint_en : f->hint_zh;
}

static const struct {
    const char *zh, *en;
} groups[GROUP__COUNT] = {
    [GROUP_CLAIM] = {"主体备案信息", "Subject filed elsewhere"},
    [GROUP_SUBJECT] = {"主体信息", "Subject"},
    [GROUP_PRINCIPAL] = {"主体负责人", "Subject principal"},
    [GROUP_LEGAL] = {"法定代表人", "Legal representative"},
    [GROUP_SITE] = {"网站信息", "Site"},
    [GROUP_SITE_PRINCIPAL] = {"网站负责人", "Site principal"},
    [GROUP_ACCESS] = {"接入信息", "Access"},
    [GROUP_CANCEL] = {"注销信息", "Cancellation"},
};

const char *filing_group_label(FieldGroup group, Lang lang) {
    if (group <= 0 || group >= GROUP__COUNT) return "";
    return lang == LANG_EN ? groups[group].en : groups[group].zh;
}

const PersonFields PERSON_PRINCIPAL = {
    F_PRINCIPAL_NAME,   F_PRINCIPAL_ID_TYPE,  F_PRINCIPAL_ID_NUMBER, F_PRINCIPAL_ID_EXPIRY,
    F_PRINCIPAL_MOBILE, F_PRINCIPAL_LANDLINE, F_PRINCIPAL_EMERGENCY, F_PRINCIPAL_EMAIL};
const PersonFields PERSON_LEGAL = {
    .name = F_LEGAL_NAME, .id_type = F_LEGAL_ID_TYPE, .id_number = F_LEGAL_ID_NUMBER};
const PersonFields PERSON_SITE_PRINCIPAL = {.name = F_SITE_PRINCIPAL_NAME,
                                            .id_type = F_SITE_PRINCIPAL_ID_TYPE,
                                            .id_number = F_SITE_PRINCIPAL_ID_NUMBER,
                                            .id_expiry = F_SITE_PRINCIPAL_ID_EXPIRY,
                                            .mobile = F_SITE_PRINCIPAL_MOBILE,
                                            .emergency = F_SITE_PRINCIPAL_EMERGENCY,
                                            .email = F_SITE_PRINCIPAL_EMAIL};
const PersonFields PERSON_CLAIM = {.name = F_CLAIM_PRINCIPAL_NAME,
                                   .id_type = F_CLAIM_PRINCIPAL_ID_TYPE,
                                   .id_number = F_CLAIM_PRINCIPAL_ID_NUMBER,
                                   .mobile = F_CLAIM_PRINCIPAL_MOBILE,
                                   .email = F_CLAIM_PRINCIPAL_EMAIL};

const PersonFields *person_of_field(FieldId id) {
    static const PersonFields *const all[] = {&PERSON_PRINCIPAL, &PERSON_LEGAL,
                                              &PERSON_SITE_PRINCIPAL, &PERSON_CLAIM};
    if (!id) return NULL;
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
        const PersonFields *p = all[i];
        if (id == p->name || id == p->id_type || id == p->id_number || id == p->id_expiry ||
            id == p->mobile || id == p->landline || id == p->emergency || id == p->email)
            return p;
    }
    return NULL;
}

static const struct {
    const char *id, *zh, *en;
} step_names[STEP__COUNT] = {
    [STEP_CLAIM] = {"claim", "主体备案号", "Subject number"},
    [STEP_SUBJECT] = {"subject", "主体信息", "Subject"},
    [STEP_SITE] = {"site", "网站信息", "Site"},
    [STEP_ACCESS] = {"access", "接入信息", "Access"},
    [STEP_CANCEL] = {"cancel", "注销信息", "Cancellation"},
    [STEP_VERIFY] = {"verify", "信息核实提交", "Verify & submit"},
};

const char *filing_step_id(FilingStep s) {
    return s > 0 && s < STEP__COUNT ? step_names[s].id : NULL;
}

FilingStep filing_step_parse(const char *id) {
    for (int s = 1; id && s < STEP__COUNT; s++)
        if (!strcmp(step_names[s].id, id)) return (FilingStep)s;
    return 0;
}

const char *filing_step_label(FilingStep s, Lang lang) {
    if (s <= 0 || s >= STEP__COUNT) return "";
    return lang == LANG_EN ? step_names[s].en : step_names[s].zh;
}

static const FilingStep steps_first[] = {STEP_SUBJECT, STEP_SITE, STEP_ACCESS, STEP_VERIFY};
static const FilingStep steps_external[] = {STEP_CLAIM, STEP_SITE, STEP_ACCESS, STEP_VERIFY};
static const FilingStep steps_site[] = {STEP_SITE, STEP_ACCESS, STEP_VERIFY};
static const FilingStep steps_subject[] = {STEP_SUBJECT, STEP_VERIFY};
static const FilingStep steps_site_only[] = {STEP_SITE, STEP_VERIFY};
static const FilingStep steps_access[] = {STEP_ACCESS, STEP_VERIFY};
static const FilingStep steps_cancel[] = {STEP_CANCEL, STEP_VERIFY};

#define STEPS(a) (*n = sizeof(a) / sizeof(a)[0], (a))

const FilingStep *filing_steps(AppKind k, size_t *n) {
    switch (k) {
    case KIND_FIRST_FILING:
        return STEPS(steps_first);
    case KIND_NEW_SITE_EXTERNAL:
    case KIND_NEW_ACCESS:
        return STEPS(steps_external);
    case KIND_NEW_SITE:
        return STEPS(steps_site);
    case KIND_CHANGE_SUBJECT:
        return STEPS(steps_subject);
    case KIND_CHANGE_SITE:
        return STEPS(steps_site_only);
    case KIND_CHANGE_ACCESS:
        return STEPS(steps_access);
    case KIND_CANCEL_SUBJECT:
    case KIND_CANCEL_SITE:
    case KIND_CANCEL_ACCESS:
        return STEPS(steps_cancel);
    default:
        *n = 0;
        return NULL;
    }
}

FilingStep filing_step_next(AppKind k, FilingStep step) {
    size_t n;
    const FilingStep *steps = filing_steps(k, &n);
    for (size_t i = 0; i + 1 < n; i++)
        if (steps[i] == step) return steps[i + 1];
    return STEP_VERIFY;
}

bool filing_kind_has_step(AppKind k, FilingStep s) {
    size_t n;
    const FilingStep *steps = filing_steps(k, &n);
    for (size_t i = 0; i < n; i++)
        if (steps[i] == s) return true;
    return false;
}
