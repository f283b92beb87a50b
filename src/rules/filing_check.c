/*
** Filing validation: per field (by key), then across fields.
*/
#include "rules/filing_check.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/util.h"
#include "rules/filing_number.h"
#include "rules/preapproval.h"
#include "rules/region.h"
#include "rules/validate.h"

void filing_issue_add(FilingIssues *out, FieldId field, int code) {
    if (code < 0) code = -code;
    for (size_t i = 0; i < out->n; i++)
        if (out->items[i].field == field) return; /* the first reason wins */
    if (out->n < FILING_MAX_ISSUES) out->items[out->n++] = (FilingIssue){field, code};
}

static void issue(FilingIssues *out, FieldId field, int code) {
    filing_issue_add(out, field, code);
}

int filing_issue(const FilingIssues *is, FieldId field) {
    for (size_t i = 0; i < is->n; i++)
        if (is->items[i].field == field) return is->items[i].code;
    return 0;
}

SubjectNature filing_nature(const FilingContext *ctx, const Values *v) {
    SubjectNature n = values_nature(v);
    return n ? n : ctx->nature;
}

const ProvinceRules *filing_province(const FilingContext *ctx, const Values *v) {
    const char *code = values_get(v, F_SUBJECT_PROVINCE);
    if (*code && ctx->rows) {
        const ProvinceRules *p = province_find(ctx->rows, ctx->nrows, atoi(code) / 10000);
        if (p) return p;
    }
    return ctx->province;
}

static bool in_choices(const char *list, const char *id) {
    size_t n;
    const FilingChoice *c = filing_choices(list, &n);
    for (size_t i = 0; i < n; i++)
        if (!strcmp(c[i].id, id)) return true;
    return false;
}

/* Generic checks from the catalog: required, UTF-8, length, choices. */
static int check_generic(const FilingField *f, const Values *v) {
    const char *s = values_get(v, f->id);
    if (!utf8_valid(s, strlen(s))) return ERR_FIELD_UTF8;
    if (!*s) return (f->flags & FD_OPTIONAL) || f->input == IN_BOOL ? 0 : ERR_FIELD_REQUIRED;
    if (f->input == IN_MULTI || f->input == IN_LINES) {
        size_t n;
        const char **items = values_list(v, f->id, &n);
        if (f->max && n > (size_t)f->max) return ERR_FIELD_RANGE;
        for (size_t i = 0; f->input == IN_MULTI && i < n; i++)
            if (!in_choices(f->choices, items[i])) return ERR_FIELD_CHOICE;
        return 0;
    }
    if (f->max && utf8_len(s) > (size_t)f->max) return ERR_FIELD_TOO_LONG;
    if (f->input == IN_SELECT && f->choices && filing_choices(f->choices, &(size_t){0}) &&
        !in_choices(f->choices, s))
        return ERR_FIELD_CHOICE;
    return 0;
}

static void check_region(const Values *v, FilingIssues *out) {
    const char *p = values_get(v, F_SUBJECT_PROVINCE), *c = values_get(v, F_SUBJECT_CITY);
    const char *d = values_get(v, F_SUBJECT_DISTRICT);
    if (!*p || !*c || filing_issue(out, F_SUBJECT_PROVINCE)) return;
    /* Cities without districts (东莞, 中山, 儋州) take none. */
    size_t nkids = 0;
    Arena a;
    arena_init(&a);
    region_children(&a, c, &nkids);
    arena_free(&a);
    if (!*d && nkids) {
        issue(out, F_SUBJECT_DISTRICT, ERR_FIELD_REQUIRED);
        return;
    }
    int rc = region_check(p, c, *d ? d : NULL);
    if (rc == -ERR_REGION_DISTRICT)
        issue(out, F_SUBJECT_DISTRICT, rc);
    else if (rc)
        issue(out, F_SUBJECT_CITY, rc);
}

static PreApprovalSet declared_preapprovals(const Values *v) {
    size_t n;
    const char **ids = values_list(v, F_SITE_PREAPPROVALS, &n);
    PreApprovalSet set = 0;
    for (size_t i = 0; i < n; i++) {
        PreApproval p = preapproval_from_id(ids[i]);
        if (p) set |= PREAPPROVAL_BIT(p);
    }
    return set;
}

/* The site name's rules need the checked domain and the declared
** pre-approvals; the name and description may call for pre-approvals. */
static void check_site_name(const Values *v, SubjectNature nature, FilingIssues *out) {
    const char *name = values_get(v, F_SITE_NAME);
    if (!*name || filing_issue(out, F_SITE_NAME)) return;
    PreApprovalSet declared = declared_preapprovals(v);
    const char *domain = filing_issue(out, F_SITE_DOMAIN) ? NULL : values_get(v, F_SITE_DOMAIN);
    int rc = site_name_check(name, nature, domain, declared);
    if (rc) {
        issue(out, F_SITE_NAME, rc);
        return;
    }
    PreApprovalSet needed =
        site_name_preapprovals(name) | preapproval_suggest(values_get(v, F_SITE_DESCRIPTION));
    if (preapproval_check(needed, declared, NULL))
        issue(out, F_SITE_PREAPPROVALS, ERR_PREAPPROVAL_MISSING);
}

static void check_contacts(const FilingContext *ctx, const Values *v, FilingIssues *out);
static void fill_same(const FilingContext *ctx, Values *v);

/* The generic checks and the field's own rule, for each field of the step. */
static void check_fields(Arena *a, FilingStep step, const FilingContext *ctx, Values *v,
                         FilingIssues *out) {
    size_t n;
    const FilingField *fields = filing_fields(&n);
    FieldCheckArgs args = {a, ctx, v, filing_nature(ctx, v), out};
    for (size_t i = 0; i < n; i++) {
        const FilingField *f = &fields[i];
        if (f->step != step || !filing_field_applies(f, ctx->kind, args.nature, v)) continue;
        /* A number Beian already holds needs no password to be claimed again. */
        if (f->id == F_CLAIM_PASSWORD && !*values_get(v, f->id) && ctx->known_number &&
            !strcmp(values_get(v, F_CLAIM_SUBJECT_NUMBER), ctx->known_number))
            continue;
        int code = check_generic(f, v);
        if (code) {
            issue(out, f->id, code);
            continue;
        }
        int rc = f->check && *values_get(v, f->id) ? f->check(&args, f->id) : 0;
        if (rc) issue(out, f->id, rc);
    }
}

/* The subject form's rules across fields. */
static void check_subject(const FilingContext *ctx, const Values *v, SubjectNature nature,
                          FilingIssues *out) {
    check_region(v, out);
    if (filing_field_required(filing_field(F_PRINCIPAL_LANDLINE), ctx->kind, nature, v) &&
        !*values_get(v, F_PRINCIPAL_LANDLINE))
        issue(out, F_PRINCIPAL_LANDLINE, ERR_LANDLINE_REQUIRED);
    if (nature == NATURE_INDIVIDUAL && *values_get(v, F_SUBJECT_NAME) &&
        strcmp(values_get(v, F_SUBJECT_NAME), values_get(v, F_PRINCIPAL_NAME)) != 0)
        issue(out, F_SUBJECT_NAME, ERR_SUBJECT_NAME_PRINCIPAL);
    const char *landline = values_get(v, F_PRINCIPAL_LANDLINE);
    if (*landline && !filing_issue(out, F_PRINCIPAL_LANDLINE) &&
        !filing_issue(out, F_SUBJECT_CITY)) {
        int rc = landline_matches_city(landline, values_get(v, F_SUBJECT_CITY));
        if (rc) issue(out, F_PRINCIPAL_LANDLINE, rc);
    }
}

/* The site form's rules across fields. */
static void check_site(const FilingContext *ctx, const Values *v, SubjectNature nature,
                       FilingIssues *out) {
    if (ctx->kind == KIND_NEW_ACCESS && !filing_issue(out, F_SITE_NUMBER)) {
        /* The site number must be one of the claimed subject's. */
        FilingNumber site, subj;
        if (filing_site_number_parse(values_get(v, F_SITE_NUMBER), &site) == 0 &&
            filing_subject_number_parse(values_get(v, F_CLAIM_SUBJECT_NUMBER), &subj) == 0 &&
            (strcmp(site.province, subj.province) || strcmp(site.serial, subj.serial)))
            issue(out, F_SITE_NUMBER, ERR_SITE_NUMBER_SUBJECT);
    }
    check_site_name(v, nature, out);
    if (values_flag(v, F_SITE_COMMERCIAL) && !*values_get(v, F_SITE_LICENCE))
        issue(out, F_SITE_LICENCE, ERR_LICENCE_REQUIRED);
    if (*values_get(v, F_SITE_PREAPPROVALS) && !*values_get(v, F_SITE_PREAPPROVAL_NUMBERS))
        issue(out, F_SITE_PREAPPROVAL_NUMBERS, ERR_PREAPPROVAL_NUMBER);
}

/* One step's checks; the contact rules too when `contacts` (a whole
** application checks them once, after every step's fields). */
static int check_step(Arena *a, FilingStep step, const FilingContext *ctx, Values *v,
                      FilingIssues *out, bool contacts) {
    size_t before = out->n;
    SubjectNature nature = filing_nature(ctx, v);
    check_fields(a, step, ctx, v, out);
    /* The rules across fields run in the same round as the fields' own
    ** (issue 11): a field already in error is left out of them. */
    fill_same(ctx, v);
    if (step == STEP_SUBJECT) check_subject(ctx, v, nature, out);
    /* The contact rules as soon as both persons are known: a shared phone is
    ** answered at the step that introduces it. */
    if (contacts && (step == STEP_SUBJECT || step == STEP_SITE)) check_contacts(ctx, v, out);
    if (step == STEP_SITE) check_site(ctx, v, nature, out);
    return out->n > before ? -ERR_INVALID_INPUT : 0;
}

int filing_check_step(Arena *a, FilingStep step, const FilingContext *ctx, Values *v,
                      FilingIssues *out) {
    return check_step(a, step, ctx, v, out, true);
}

const Values *filing_principal(Arena *a, const FilingContext *ctx, const Values *v) {
    if (filing_kind_has_step(ctx->kind, STEP_SUBJECT)) return v;
    if (!filing_kind_has_step(ctx->kind, STEP_CLAIM)) return ctx->subject;
    /* A subject claimed by number: its principal as the customer gave it. */
    Values *p = ARENA_NEW(a, Values, 1);
    values_init(p, a);
    values_copy_person(p, &PERSON_PRINCIPAL, v, &PERSON_CLAIM);
    return p;
}

/* The copies of filing_field_copied: what a form hides is filled here,
** with or without the page's script. */
static void fill_same(const FilingContext *ctx, Values *v) {
    SubjectNature nature = filing_nature(ctx, v);
    bool subject = filing_kind_has_step(ctx->kind, STEP_SUBJECT);
    if (nature == NATURE_INDIVIDUAL && subject) {
        values_set(v, F_PRINCIPAL_ID_TYPE, values_get(v, F_SUBJECT_CERT_TYPE));
        values_set(v, F_PRINCIPAL_ID_NUMBER, values_get(v, F_SUBJECT_CERT_NUMBER));
    }
    if (nature != NATURE_INDIVIDUAL && values_flag(v, F_LEGAL_SAME) && subject)
        values_copy_person(v, &PERSON_LEGAL, v, &PERSON_PRINCIPAL);
    if (!values_flag(v, F_SITE_PRINCIPAL_SAME) || !filing_kind_has_step(ctx->kind, STEP_SITE))
        return;
    /* A claimed principal is copied field by field from the claim step: it
    ** has no ID expiry or emergency phone, which stay as typed. */
    if (filing_kind_has_step(ctx->kind, STEP_CLAIM)) {
        values_copy_person(v, &PERSON_SITE_PRINCIPAL, v, &PERSON_CLAIM);
        return;
    }
    const Values *from = filing_principal(v->arena, ctx, v);
    if (from) values_copy_person(v, &PERSON_SITE_PRINCIPAL, from, &PERSON_PRINCIPAL);
}

/* A person's contacts; a field already in error (under the field `as`
** names it in the form) is left empty, so it is not compared. */
static const char *contact_field(const Values *v, FieldId id, FieldId as, const FilingIssues *out) {
    return filing_issue(out, as) ? "" : values_get(v, id);
}

static ContactPerson contact_of(const Values *v, const PersonFields *p, const PersonFields *as,
                                const FilingIssues *out) {
    return (ContactPerson){contact_field(v, p->id_number, as->id_number, out),
                           contact_field(v, p->mobile, as->mobile, out),
                           contact_field(v, p->email, as->email, out),
                           contact_field(v, p->emergency, as->emergency, out)};
}

static void check_contacts(const FilingContext *ctx, const Values *v, FilingIssues *out) {
    const Values *subj = filing_principal(v->arena, ctx, v);
    /* The form fields the subject principal was typed in. */
    const PersonFields *subj_as = filing_kind_has_step(ctx->kind, STEP_SUBJECT) ? &PERSON_PRINCIPAL
                                  : filing_kind_has_step(ctx->kind, STEP_CLAIM) ? &PERSON_CLAIM
                                                                                : &PERSON_PRINCIPAL;
    ContactPerson people[2];
    size_t n = 0;
    if (subj) people[n++] = contact_of(subj, &PERSON_PRINCIPAL, subj_as, out);
    bool site = filing_kind_has_step(ctx->kind, STEP_SITE);
    if (site) people[n++] = contact_of(v, &PERSON_SITE_PRINCIPAL, &PERSON_SITE_PRINCIPAL, out);
    if (n == 0) return;
    /* An ID number in error cannot tell whether two people are one: then
    ** each is only checked against themselves. */
    bool unsure = false;
    for (size_t i = 0; i < n; i++)
        unsure |= !*people[i].cert_number;
    size_t bad = 0;
    int rc = 0;
    for (size_t i = 0; unsure && i < n && !rc; i++)
        if ((rc = contacts_check_distinct(&people[i], 1, &bad)) != 0) bad = i;
    if (!unsure) rc = contacts_check_distinct(people, n, &bad);
    if (!rc) return;
    /* A shared mobile or e-mail is the later person's fault (the site
    ** principal's when there is one); an emergency phone, its owner's. */
    if (rc != -ERR_CONTACT_EMERGENCY_SAME) bad = n - 1;
    const PersonFields *who = (site && bad == n - 1) ? &PERSON_SITE_PRINCIPAL : &PERSON_PRINCIPAL;
    FieldId field = rc == -ERR_CONTACT_EMAIL_SHARED     ? who->email
                    : rc == -ERR_CONTACT_EMERGENCY_SAME ? who->emergency
                                                        : who->mobile;
    issue(out, field ? field : F_SITE_PRINCIPAL_MOBILE, rc);
}

static void check_province(const FilingContext *ctx, const Values *v, FilingIssues *out) {
    const ProvinceRules *p = filing_province(ctx, v);
    if (!p) return;
    SubjectNature nature = filing_nature(ctx, v);
    bool adds = app_kind_adds_site(ctx->kind);
    ProvinceAppCounts c = {.kind = ctx->kind,
                           .nature = nature,
                           .n_sites = adds ? 1 : 0,
                           .n_domains = adds ? 1 : 0,
                           .filed_sites = ctx->filed_sites};
    int rc = province_check_application(p, &c, NULL);
    if (rc) issue(out, F_SITE_DOMAIN, rc);
    if (nature != NATURE_INDIVIDUAL || !filing_kind_has_step(ctx->kind, STEP_SUBJECT)) return;
    ProvinceIndividual person = {.cert_type = cert_type_parse(values_get(v, F_PRINCIPAL_ID_TYPE)),
                                 .id_number = values_get(v, F_PRINCIPAL_ID_NUMBER),
                                 .has_residence_permit =
                                     values_flag(v, F_PRINCIPAL_RESIDENCE_PERMIT),
                                 .today = ctx->today};
    if (person.cert_type != CERT_ID_CARD || filing_issue(out, F_SUBJECT_CERT_NUMBER) ||
        filing_issue(out, F_PRINCIPAL_ID_NUMBER))
        return;
    rc = province_check_individual(p, &person);
    if (rc)
        issue(out,
              rc == -ERR_PROVINCE_PERMIT_REQUIRED ? F_PRINCIPAL_RESIDENCE_PERMIT
                                                  : F_PRINCIPAL_ID_NUMBER,
              rc);
}

int filing_check_all(Arena *a, const FilingContext *ctx, Values *v, FilingIssues *out) {
    size_t before = out->n, n;
    fill_same(ctx, v);
    const FilingStep *steps = filing_steps(ctx->kind, &n);
    for (size_t i = 0; i < n; i++)
        if (steps[i] != STEP_VERIFY) check_step(a, steps[i], ctx, v, out, false);
    if (filing_kind_has_step(ctx->kind, STEP_SUBJECT) || filing_kind_has_step(ctx->kind, STEP_SITE))
        check_contacts(ctx, v, out);
    check_province(ctx, v, out);
    return out->n > before ? -ERR_INVALID_INPUT : 0;
}
