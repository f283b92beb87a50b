/*
** Values: an application's data, one text per field of the catalog, and
** which fields apply to an application.
*/
#include <string.h>

#include "core/util.h"
#include "rules/filing_fields.h"
#include "rules/region.h"

void values_init(Values *v, Arena *a) {
    memset(v, 0, sizeof *v);
    v->arena = a;
}

static bool field_ok(FieldId id) {
    return id > FIELD_NONE && id < FIELD__COUNT;
}

const char *values_get(const Values *v, FieldId id) {
    return field_ok(id) && v->v[id] ? v->v[id] : "";
}

bool values_has(const Values *v, FieldId id) {
    return field_ok(id) && v->v[id] != NULL;
}

size_t values_count(const Values *v) {
    size_t n = 0;
    for (int i = 1; i < FIELD__COUNT; i++)
        n += v->v[i] != NULL;
    return n;
}

bool values_flag(const Values *v, FieldId id) {
    const char *s = values_get(v, id);
    return !strcmp(s, "1") || !strcmp(s, "true") || !strcmp(s, "on");
}

void values_set(Values *v, FieldId id, const char *val) {
    if (field_ok(id)) v->v[id] = arena_strdup(v->arena, val ? val : "");
}

const char **values_list(const Values *v, FieldId id, size_t *n) {
    const char *s = values_get(v, id);
    size_t count = 0;
    for (const char *p = s; *p; p++)
        if (*p == '\n') count++;
    const char **out = ARENA_NEW(v->arena, const char *, count + 2);
    *n = 0;
    while (*s) {
        const char *e = strchr(s, '\n');
        size_t len = e ? (size_t)(e - s) : strlen(s);
        char *item = str_trim(arena_strndup(v->arena, s, len));
        if (*item) out[(*n)++] = item;
        if (!e) break;
        s = e + 1;
    }
    return out;
}

void values_copy_groups(Values *v, const Values *from, unsigned groups) {
    size_t n;
    const FilingField *f = filing_fields(&n);
    for (size_t i = 0; i < n; i++)
        if ((groups & GROUP_BIT(f[i].group)) && from->v[f[i].id]) v->v[f[i].id] = from->v[f[i].id];
}

void values_overlay(Values *v, const Values *from) {
    for (int i = 1; i < FIELD__COUNT; i++)
        if (from->v[i]) v->v[i] = from->v[i];
}

void values_copy_person(Values *v, const PersonFields *to, const Values *from,
                        const PersonFields *src) {
    const FieldId pairs[][2] = {{to->name, src->name},           {to->id_type, src->id_type},
                                {to->id_number, src->id_number}, {to->id_expiry, src->id_expiry},
                                {to->mobile, src->mobile},       {to->landline, src->landline},
                                {to->emergency, src->emergency}, {to->email, src->email}};
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++)
        if (pairs[i][0] && pairs[i][1]) values_set(v, pairs[i][0], values_get(from, pairs[i][1]));
}

SubjectNature values_nature(const Values *v) {
    SubjectNature n = nature_parse(values_get(v, F_SUBJECT_NATURE));
    return n ? n : nature_parse(values_get(v, F_CLAIM_NATURE));
}

/* The fields of person p in PersonFields order; slot i of every person is
** the same kind of field. */
enum { PERSON_SLOTS = 8 };
static void person_slots(const PersonFields *p, FieldId out[PERSON_SLOTS]) {
    const FieldId s[PERSON_SLOTS] = {p->name,   p->id_type,  p->id_number, p->id_expiry,
                                     p->mobile, p->landline, p->emergency, p->email};
    memcpy(out, s, sizeof s);
}

/* Whom "same as the subject principal" copies the site principal from: the
** claimed principal (claim step) or the subject principal. */
static const PersonFields *site_same_source(AppKind k) {
    return filing_kind_has_step(k, STEP_CLAIM) ? &PERSON_CLAIM : &PERSON_PRINCIPAL;
}

FieldId filing_field_copied_by(const FilingField *f, AppKind k) {
    if (f->group == GROUP_LEGAL && f->id != F_LEGAL_SAME) return F_LEGAL_SAME;
    if (f->group == GROUP_SITE_PRINCIPAL && f->id != F_SITE_PRINCIPAL_SAME) {
        /* A claimed principal has no ID expiry or emergency phone to copy. */
        FieldId mine[PERSON_SLOTS], from[PERSON_SLOTS];
        person_slots(&PERSON_SITE_PRINCIPAL, mine);
        person_slots(site_same_source(k), from);
        for (int i = 0; i < PERSON_SLOTS; i++)
            if (mine[i] == f->id) return from[i] ? F_SITE_PRINCIPAL_SAME : FIELD_NONE;
        return FIELD_NONE;
    }
    /* An individual is their own principal: the ID is typed once, as the
    ** subject's certificate. */
    if ((f->id == F_PRINCIPAL_ID_TYPE || f->id == F_PRINCIPAL_ID_NUMBER) &&
        filing_kind_has_step(k, STEP_SUBJECT))
        return F_SUBJECT_NATURE;
    return FIELD_NONE;
}

bool filing_field_copied(const FilingField *f, AppKind k, SubjectNature n, const Values *v) {
    FieldId by = filing_field_copied_by(f, k);
    if (by == F_SUBJECT_NATURE) return n == NATURE_INDIVIDUAL;
    return by && values_flag(v, by);
}

bool filing_field_applies(const FilingField *f, AppKind k, SubjectNature n, const Values *v) {
    if (!filing_kind_has_step(k, f->step)) return false;
    if ((f->flags & FD_ORG_ONLY) && n == NATURE_INDIVIDUAL) return false;
    if ((f->flags & FD_PERSON_ONLY) && n != NATURE_INDIVIDUAL) return false;
    if ((f->flags & FD_KIND_NEW_ACCESS) && k != KIND_NEW_ACCESS) return false;
    if (filing_field_copied(f, k, n, v)) return false;
    switch (f->id) {
    case F_CANCEL_PASSWORD: /* the administration asks it to cancel a subject */
        return k == KIND_CANCEL_SUBJECT;
    case F_SITE_LICENCE:
        return values_flag(v, F_SITE_COMMERCIAL);
    case F_SITE_PREAPPROVAL_NUMBERS:
        return *values_get(v, F_SITE_PREAPPROVALS) != 0;
    default:
        return true;
    }
}

bool filing_field_required(const FilingField *f, AppKind k, SubjectNature n, const Values *v) {
    if (f->input == IN_BOOL || !filing_field_applies(f, k, n, v)) return false;
    switch (f->id) {
    case F_PRINCIPAL_LANDLINE: /* organisations give an office phone */
        return n && n != NATURE_INDIVIDUAL;
    case F_SUBJECT_DISTRICT: { /* cities without districts (东莞, 中山, 儋州) take none */
        const char *city = values_get(v, F_SUBJECT_CITY);
        if (!*city) return true;
        Arena a;
        arena_init(&a);
        size_t nkids = 0;
        region_children(&a, city, &nkids);
        arena_free(&a);
        return nkids > 0;
    }
    case F_SITE_LICENCE:             /* applies only to a commercial site */
    case F_SITE_PREAPPROVAL_NUMBERS: /* applies only with a pre-approval */
        return true;
    default:
        return !(f->flags & FD_OPTIONAL);
    }
}
