/*
** Values: an application's data, one text per field of the catalog, and
** which fields apply to an application.
*/
#include <string.h>

#include "core/util.h"
#include "rules/filing_fields.h"

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

/* The fields a person's "same as" checkbox hides. */
static bool hidden_by_same(const FilingField *f, AppKind k, const Values *v) {
    if (f->group == GROUP_LEGAL && f->id != F_LEGAL_SAME && values_flag(v, F_LEGAL_SAME))
        return true;
    /* "Same as the subject principal" hides the site principal's fields, except
    ** for a subject claimed by number, whose principal Beian does not hold. */
    return f->group == GROUP_SITE_PRINCIPAL && f->id != F_SITE_PRINCIPAL_SAME &&
           values_flag(v, F_SITE_PRINCIPAL_SAME) && k != KIND_NEW_SITE_EXTERNAL &&
           k != KIND_NEW_ACCESS;
}

bool filing_field_applies(const FilingField *f, AppKind k, SubjectNature n, const Values *v) {
    if (!filing_kind_has_step(k, f->step)) return false;
    if ((f->flags & FD_ORG_ONLY) && n == NATURE_INDIVIDUAL) return false;
    if ((f->flags & FD_PERSON_ONLY) && n != NATURE_INDIVIDUAL) return false;
    if ((f->flags & FD_KIND_NEW_ACCESS) && k != KIND_NEW_ACCESS) return false;
    if (hidden_by_same(f, k, v)) return false;
    switch (f->id) {
    case F_SITE_PRINCIPAL_SAME: /* a claimed subject's principal is not in Beian */
        return k != KIND_NEW_SITE_EXTERNAL && k != KIND_NEW_ACCESS;
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
