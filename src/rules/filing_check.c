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

static void issue(FilingIssues *out, const char *field, int code) {
    if (code < 0) code = -code;
    for (size_t i = 0; i < out->n; i++)
        if (!strcmp(out->items[i].field, field)) return; /* the first reason wins */
    if (out->n < FILING_MAX_ISSUES) out->items[out->n++] = (FilingIssue){field, code};
}

int filing_issue(const FilingIssues *is, const char *field) {
    for (size_t i = 0; i < is->n; i++)
        if (!strcmp(is->items[i].field, field)) return is->items[i].code;
    return 0;
}

SubjectNature filing_nature(const FilingContext *ctx, const Values *v) {
    SubjectNature n = nature_parse(values_get(v, "subject_nature"));
    if (!n) n = nature_parse(values_get(v, "claim_nature"));
    return n ? n : ctx->nature;
}

const ProvinceRules *filing_province(const FilingContext *ctx, const Values *v) {
    const char *code = values_get(v, "subject_province");
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

/* Run a normalising validator and store its output on success. */
typedef int (*NormFn)(Arena *a, const char *s, char **out);

static int normalise(Arena *a, Values *v, const char *key, NormFn fn) {
    char *out = NULL;
    int rc = fn(a, values_get(v, key), &out);
    if (rc == 0 && out) values_set(v, key, out);
    return rc;
}

static int check_expiry(const char *s, int today) {
    if (!strcmp(s, "长期")) return 0;
    int y, m, d;
    char tail;
    if (strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
        return -ERR_ID_EXPIRY_FORMAT;
    int ymd = y * 10000 + m * 100 + d;
    if (!rules_date_valid(ymd)) return -ERR_ID_EXPIRY_FORMAT;
    return ymd < today ? -ERR_ID_EXPIRED : 0;
}

/* A person's ID: its type must be personal, and the number valid for it. */
static int check_person_id(Arena *a, Values *v, const char *type_key, const char *num_key,
                           int today, FilingIssues *out) {
    CertType t = cert_type_parse(values_get(v, type_key));
    if (!t) return 0; /* the select's own check reports it */
    if (!cert_type_personal(t)) {
        issue(out, type_key, ERR_PERSON_CERT_TYPE);
        return 0;
    }
    char *norm = NULL;
    int rc = cert_number_normalize(a, t, values_get(v, num_key), today, &norm);
    if (rc)
        issue(out, num_key, rc);
    else
        values_set(v, num_key, norm);
    return 0;
}

static int check_licence(const char *s) {
    /* 京B2-20201234 / 京ICP证030173号 */
    const char *dash = strstr(s, "B2-");
    if (dash && strlen(dash + 3) == 8) {
        for (const char *p = dash + 3; *p; p++)
            if (!isdigit((unsigned char)*p)) return -ERR_LICENCE_FORMAT;
        return 0;
    }
    return strstr(s, "ICP证") ? 0 : -ERR_LICENCE_FORMAT;
}

static int check_ips(Arena *a, Values *v) {
    size_t n;
    const char **ips = values_list(v, "access_ips", &n);
    Buf b;
    buf_init(&b, a);
    for (size_t i = 0; i < n; i++) {
        char *norm;
        int rc = ip_check_public(a, ips[i], &norm);
        if (rc) return rc;
        ips[i] = norm;
        for (size_t j = 0; j < i; j++)
            if (!strcmp(ips[j], norm)) return -ERR_IP_DUPLICATE;
        if (i) buf_putc(&b, '\n');
        buf_puts(&b, norm);
    }
    values_set(v, "access_ips", b.data ? b.data : "");
    return 0;
}

/* The rules of one field whose generic checks (required, length, choices)
** passed. Returns 0 or a negative code. */
static int check_field(Arena *a, const FilingField *f, const FilingContext *ctx, Values *v,
                       FilingIssues *out) {
    const char *k = f->key, *s = values_get(v, k);
    SubjectNature nature = filing_nature(ctx, v);
    if (!*s) return 0;
    if (!strcmp(k, "claim_subject_number") || !strcmp(k, "site_number")) {
        FilingNumber fn;
        int rc = !strcmp(k, "site_number") ? filing_site_number_parse(s, &fn)
                                           : filing_subject_number_parse(s, &fn);
        if (rc == 0) values_set(v, k, filing_number_format(a, &fn));
        return rc;
    }
    if (!strcmp(k, "subject_cert_type"))
        return cert_type_allowed(nature, cert_type_parse(s)) ? 0 : -ERR_CERT_TYPE_NATURE;
    if (!strcmp(k, "subject_cert_number")) {
        CertType t = cert_type_parse(values_get(v, "subject_cert_type"));
        char *norm = NULL;
        int rc = t ? cert_number_normalize(a, t, s, ctx->today, &norm) : 0;
        if (rc == 0 && norm) values_set(v, k, norm);
        return rc;
    }
    if (!strcmp(k, "subject_name")) return nature == NATURE_INDIVIDUAL ? person_name_check(s) : 0;
    if (!strcmp(k, "subject_address")) return address_check(s);
    if (!strcmp(k, "principal_name") || !strcmp(k, "legal_name") ||
        !strcmp(k, "site_principal_name") || !strcmp(k, "claim_principal_name"))
        return person_name_check(s);
    if (!strcmp(k, "claim_principal_id_number"))
        return check_person_id(a, v, "claim_principal_id_type", k, ctx->today, out);
    if (!strcmp(k, "claim_principal_mobile")) return normalise(a, v, k, mobile_normalize);
    if (!strcmp(k, "claim_principal_email")) return normalise(a, v, k, email_normalize);
    if (!strcmp(k, "principal_id_number"))
        return check_person_id(a, v, "principal_id_type", k, ctx->today, out);
    if (!strcmp(k, "legal_id_number"))
        return check_person_id(a, v, "legal_id_type", k, ctx->today, out);
    if (!strcmp(k, "site_principal_id_number"))
        return check_person_id(a, v, "site_principal_id_type", k, ctx->today, out);
    if (!strcmp(k, "principal_id_expiry") || !strcmp(k, "site_principal_id_expiry"))
        return check_expiry(s, ctx->today);
    if (!strcmp(k, "principal_mobile") || !strcmp(k, "site_principal_mobile"))
        return normalise(a, v, k, mobile_normalize);
    if (!strcmp(k, "principal_landline")) return normalise(a, v, k, landline_normalize);
    if (!strcmp(k, "principal_emergency") || !strcmp(k, "site_principal_emergency"))
        return normalise(a, v, k, phone_normalize);
    if (!strcmp(k, "principal_email") || !strcmp(k, "site_principal_email"))
        return normalise(a, v, k, email_normalize);
    if (!strcmp(k, "site_domain")) {
        if (strpbrk(s, " ,;，；、\t\n")) return -ERR_DOMAIN_ONE_PER_SITE;
        Domain d;
        int rc = domain_check_filing(a, s, nature, &d);
        if (rc == 0) values_set(v, k, d.ascii);
        return rc;
    }
    if (!strcmp(k, "site_home_url")) {
        char *norm = NULL;
        int rc = home_url_check(a, s, values_get(v, "site_domain"), &norm);
        if (rc == 0 && norm) values_set(v, k, norm);
        return rc;
    }
    if (!strcmp(k, "site_description")) return site_description_check(s);
    if (!strcmp(k, "site_licence")) return check_licence(s);
    if (!strcmp(k, "access_ips")) return check_ips(a, v);
    if (!strcmp(k, "cancel_reason")) {
        size_t n = utf8_len(s);
        return n < 5 || n > 200 ? -ERR_REASON_LENGTH : 0;
    }
    return 0;
}

/* Generic checks from the catalog: required, UTF-8, length, choices. */
static int check_generic(const FilingField *f, const Values *v) {
    const char *s = values_get(v, f->key);
    if (!utf8_valid(s, strlen(s))) return ERR_FIELD_UTF8;
    if (!*s) return (f->flags & FD_OPTIONAL) || f->input == IN_BOOL ? 0 : ERR_FIELD_REQUIRED;
    if (f->input == IN_MULTI || f->input == IN_LINES) {
        size_t n;
        const char **items = values_list(v, f->key, &n);
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
    const char *p = values_get(v, "subject_province"), *c = values_get(v, "subject_city");
    const char *d = values_get(v, "subject_district");
    if (!*p || !*c || filing_issue(out, "subject_province")) return;
    /* Cities without districts (东莞, 中山, 儋州) take none. */
    size_t nkids = 0;
    Arena a;
    arena_init(&a);
    region_children(&a, c, &nkids);
    arena_free(&a);
    if (!*d && nkids) {
        issue(out, "subject_district", ERR_FIELD_REQUIRED);
        return;
    }
    int rc = region_check(p, c, *d ? d : NULL);
    if (rc == -ERR_REGION_DISTRICT)
        issue(out, "subject_district", rc);
    else if (rc)
        issue(out, "subject_city", rc);
}

static PreApprovalSet declared_preapprovals(const Values *v) {
    size_t n;
    const char **ids = values_list(v, "site_preapprovals", &n);
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
    const char *name = values_get(v, "site_name");
    if (!*name || filing_issue(out, "site_name")) return;
    PreApprovalSet declared = declared_preapprovals(v);
    const char *domain = filing_issue(out, "site_domain") ? NULL : values_get(v, "site_domain");
    int rc = site_name_check(name, nature, domain, declared);
    if (rc) {
        issue(out, "site_name", rc);
        return;
    }
    PreApprovalSet needed =
        site_name_preapprovals(name) | preapproval_suggest(values_get(v, "site_description"));
    if (preapproval_check(needed, declared, NULL))
        issue(out, "site_preapprovals", ERR_PREAPPROVAL_MISSING);
}

static void check_contacts(const FilingContext *ctx, const Values *v, FilingIssues *out);
static void fill_same(const FilingContext *ctx, Values *v);

int filing_check_step(Arena *a, FilingStep step, const FilingContext *ctx, Values *v,
                      FilingIssues *out) {
    size_t before = out->n, n;
    const FilingField *fields = filing_fields(&n);
    SubjectNature nature = filing_nature(ctx, v);
    for (size_t i = 0; i < n; i++) {
        const FilingField *f = &fields[i];
        if (f->step != step || !filing_field_applies(f, ctx->kind, nature, v)) continue;
        /* A number Beian already holds needs no password to be claimed again. */
        if (!strcmp(f->key, "claim_password") && !*values_get(v, f->key) && ctx->known_number &&
            !strcmp(values_get(v, "claim_subject_number"), ctx->known_number))
            continue;
        int code = check_generic(f, v);
        if (code) {
            issue(out, f->key, code);
            continue;
        }
        int rc = check_field(a, f, ctx, v, out);
        if (rc) issue(out, f->key, rc);
    }
    if (step == STEP_SUBJECT) {
        check_region(v, out);
        if (nature && nature != NATURE_INDIVIDUAL && !*values_get(v, "principal_landline"))
            issue(out, "principal_landline", ERR_LANDLINE_REQUIRED);
        if (nature == NATURE_INDIVIDUAL && *values_get(v, "subject_name") &&
            strcmp(values_get(v, "subject_name"), values_get(v, "principal_name")) != 0)
            issue(out, "subject_name", ERR_SUBJECT_NAME_PRINCIPAL);
        const char *landline = values_get(v, "principal_landline");
        if (*landline && !filing_issue(out, "principal_landline") &&
            !filing_issue(out, "subject_city")) {
            int rc = landline_matches_city(landline, values_get(v, "subject_city"));
            if (rc) issue(out, "principal_landline", rc);
        }
    }
    /* The contact rules as soon as both persons are known: a shared phone is
    ** answered at the step that introduces it. */
    if ((step == STEP_SUBJECT || step == STEP_SITE) && out->n == before) {
        fill_same(ctx, v);
        check_contacts(ctx, v, out);
    }
    if (step == STEP_SITE && ctx->kind == KIND_NEW_ACCESS && !filing_issue(out, "site_number")) {
        /* The site number must be one of the claimed subject's. */
        FilingNumber site, subj;
        if (filing_site_number_parse(values_get(v, "site_number"), &site) == 0 &&
            filing_subject_number_parse(values_get(v, "claim_subject_number"), &subj) == 0 &&
            (strcmp(site.province, subj.province) || strcmp(site.serial, subj.serial)))
            issue(out, "site_number", ERR_SITE_NUMBER_SUBJECT);
    }
    if (step == STEP_SITE) {
        check_site_name(v, nature, out);
        if (values_flag(v, "site_commercial") && !*values_get(v, "site_licence"))
            issue(out, "site_licence", ERR_LICENCE_REQUIRED);
        if (*values_get(v, "site_preapprovals") && !*values_get(v, "site_preapproval_numbers"))
            issue(out, "site_preapproval_numbers", ERR_PREAPPROVAL_NUMBER);
    }
    return out->n > before ? -ERR_INVALID_INPUT : 0;
}

/* "Same as the subject principal": copy the principal's fields. */
static void copy_person(Values *v, const Values *from, const char *to_prefix) {
    static const char *parts[] = {"name",   "id_type",   "id_number", "id_expiry",
                                  "mobile", "emergency", "email"};
    char key[64], src[64];
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        if (!strcmp(to_prefix, "legal_") && i > 2) break; /* the legal rep has name and ID only */
        snprintf(key, sizeof key, "%s%s", to_prefix, parts[i]);
        snprintf(src, sizeof src, "principal_%s", parts[i]);
        values_set(v, key, values_get(from, src));
    }
}

const Values *filing_principal(Arena *a, const FilingContext *ctx, const Values *v) {
    if (filing_kind_has_step(ctx->kind, STEP_SUBJECT)) return v;
    if (!filing_kind_has_step(ctx->kind, STEP_CLAIM)) return ctx->subject;
    /* A subject claimed by number: its principal as the customer gave it. */
    static const char *parts[] = {"name", "id_type", "id_number", "mobile", "email"};
    Values *p = ARENA_NEW(a, Values, 1);
    values_init(p, a);
    char from[64], to[64];
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        snprintf(from, sizeof from, "claim_principal_%s", parts[i]);
        snprintf(to, sizeof to, "principal_%s", parts[i]);
        values_set(p, to, values_get(v, from));
    }
    return p;
}

static const Values *principal_source(const FilingContext *ctx, const Values *v) {
    return filing_principal(v->arena, ctx, v);
}

static void fill_same(const FilingContext *ctx, Values *v) {
    SubjectNature nature = filing_nature(ctx, v);
    if (nature != NATURE_INDIVIDUAL && values_flag(v, "legal_same") &&
        filing_kind_has_step(ctx->kind, STEP_SUBJECT))
        copy_person(v, v, "legal_");
    const Values *from = principal_source(ctx, v);
    if (from && values_flag(v, "site_principal_same") &&
        filing_kind_has_step(ctx->kind, STEP_SITE) && !filing_kind_has_step(ctx->kind, STEP_CLAIM))
        copy_person(v, from, "site_principal_");
}

static void check_contacts(const FilingContext *ctx, const Values *v, FilingIssues *out) {
    const Values *subj = principal_source(ctx, v);
    ContactPerson people[2];
    size_t n = 0;
    if (subj)
        people[n++] = (ContactPerson){
            values_get(subj, "principal_id_number"), values_get(subj, "principal_mobile"),
            values_get(subj, "principal_email"), values_get(subj, "principal_emergency")};
    bool site = filing_kind_has_step(ctx->kind, STEP_SITE);
    if (site)
        people[n++] = (ContactPerson){
            values_get(v, "site_principal_id_number"), values_get(v, "site_principal_mobile"),
            values_get(v, "site_principal_email"), values_get(v, "site_principal_emergency")};
    if (n == 0) return;
    size_t bad = 0;
    int rc = contacts_check_distinct(people, n, &bad);
    if (!rc) return;
    /* A shared mobile or e-mail is the later person's fault (the site
    ** principal's when there is one); an emergency phone, its owner's. */
    if (rc != -ERR_CONTACT_EMERGENCY_SAME) bad = n - 1;
    const char *who = (site && bad == n - 1) ? "site_principal_" : "principal_";
    const char *what = rc == -ERR_CONTACT_EMAIL_SHARED     ? "email"
                       : rc == -ERR_CONTACT_EMERGENCY_SAME ? "emergency"
                                                           : "mobile";
    char key[64];
    snprintf(key, sizeof key, "%s%s", who, what);
    const FilingField *f = filing_field(key);
    issue(out, f ? f->key : "site_principal_mobile", rc);
}

static void check_province(const FilingContext *ctx, const Values *v, FilingIssues *out) {
    const ProvinceRules *p = filing_province(ctx, v);
    if (!p) return;
    SubjectNature nature = filing_nature(ctx, v);
    bool adds = app_kind_adds_site(ctx->kind);
    ProvinceAppCounts c = {ctx->kind, nature, adds ? 1 : 0, adds ? 1 : 0, ctx->filed_sites};
    int rc = province_check_application(p, &c, NULL);
    if (rc) issue(out, "site_domain", rc);
    if (nature != NATURE_INDIVIDUAL || !filing_kind_has_step(ctx->kind, STEP_SUBJECT)) return;
    ProvinceIndividual person = {cert_type_parse(values_get(v, "principal_id_type")),
                                 values_get(v, "principal_id_number"), 0,
                                 values_flag(v, "principal_residence_permit"), ctx->today};
    if (person.cert_type != CERT_ID_CARD) return;
    rc = province_check_individual(p, &person);
    if (rc)
        issue(out,
              rc == -ERR_PROVINCE_PERMIT_REQUIRED ? "principal_residence_permit"
                                                  : "principal_id_number",
              rc);
}

int filing_check_all(Arena *a, const FilingContext *ctx, Values *v, FilingIssues *out) {
    size_t before = out->n, n;
    fill_same(ctx, v);
    const FilingStep *steps = filing_steps(ctx->kind, &n);
    for (size_t i = 0; i < n; i++)
        if (steps[i] != STEP_VERIFY) filing_check_step(a, steps[i], ctx, v, out);
    if (out->n == before) check_province(ctx, v, out);
    return out->n > before ? -ERR_INVALID_INPUT : 0;
}
