/*
** The rules of single filing fields (see field_checks.h). Each rule reads
** its own value from c->v, and writes back the normalised form on success.
*/
#include "rules/field_checks.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/buf.h"
#include "core/util.h"
#include "rules/filing_number.h"
#include "rules/validate.h"

static const char *value(const FieldCheckArgs *c, FieldId id) {
    return values_get(c->v, id);
}

/* Run a normalising validator and store its output on success. */
typedef int (*NormFn)(Arena *a, const char *s, char **out);

static int normalise(const FieldCheckArgs *c, FieldId id, NormFn fn) {
    char *out = NULL;
    int rc = fn(c->a, value(c, id), &out);
    if (rc == 0 && out) values_set(c->v, id, out);
    return rc;
}

static int filing_number(const FieldCheckArgs *c, FieldId id, bool site) {
    FilingNumber fn;
    int rc = site ? filing_site_number_parse(value(c, id), &fn)
                  : filing_subject_number_parse(value(c, id), &fn);
    if (rc == 0) values_set(c->v, id, filing_number_format(c->a, &fn));
    return rc;
}

int field_check_subject_number(const FieldCheckArgs *c, FieldId id) {
    return filing_number(c, id, false);
}

int field_check_site_number(const FieldCheckArgs *c, FieldId id) {
    return filing_number(c, id, true);
}

int field_check_subject_cert_type(const FieldCheckArgs *c, FieldId id) {
    return cert_type_allowed(c->nature, cert_type_parse(value(c, id))) ? 0 : -ERR_CERT_TYPE_NATURE;
}

int field_check_subject_cert_number(const FieldCheckArgs *c, FieldId id) {
    FieldId type = id == F_CLAIM_CERT_NUMBER ? F_CLAIM_CERT_TYPE : F_SUBJECT_CERT_TYPE;
    CertType t = cert_type_parse(values_get(c->v, type));
    char *norm = NULL;
    int rc = t ? cert_number_normalize(c->a, t, value(c, id), c->ctx->today, &norm) : 0;
    if (rc == 0 && norm) values_set(c->v, id, norm);
    return rc;
}

int field_check_subject_name(const FieldCheckArgs *c, FieldId id) {
    return c->nature == NATURE_INDIVIDUAL ? person_name_check(value(c, id)) : 0;
}

int field_check_address(const FieldCheckArgs *c, FieldId id) {
    return address_check(value(c, id));
}

int field_check_person_name(const FieldCheckArgs *c, FieldId id) {
    return person_name_check(value(c, id));
}

/* A person's ID: its type must be personal (an issue of the type field),
** and the number valid for it. */
int field_check_person_id(const FieldCheckArgs *c, FieldId id) {
    const PersonFields *p = person_of_field(id);
    CertType t = p ? cert_type_parse(values_get(c->v, p->id_type)) : 0;
    if (!t) return 0; /* the select's own check reports it */
    if (!cert_type_personal(t)) {
        filing_issue_add(c->out, p->id_type, ERR_PERSON_CERT_TYPE);
        return 0;
    }
    char *norm = NULL;
    int rc = cert_number_normalize(c->a, t, value(c, id), c->ctx->today, &norm);
    if (rc == 0) values_set(c->v, id, norm);
    return rc;
}

/* The site principal's ID: a valid personal ID; the same number as the
** subject principal's is the same person (so the same name); for an
** individual the site principal is the individual (issue 11, broken 7). */
int field_check_site_principal_id(const FieldCheckArgs *c, FieldId id) {
    int rc = field_check_person_id(c, id);
    if (rc) return rc;
    const Values *p = filing_principal(c->a, c->ctx, c->v);
    const char *mine = value(c, id), *theirs = p ? values_get(p, F_PRINCIPAL_ID_NUMBER) : "";
    if (!*theirs) return 0; /* the subject principal is not known here */
    bool same = strcasecmp(mine, theirs) == 0;
    if (same && strcmp(values_get(c->v, F_SITE_PRINCIPAL_NAME), values_get(p, F_PRINCIPAL_NAME)))
        return -ERR_SAME_ID_OTHER_NAME;
    return !same && c->nature == NATURE_INDIVIDUAL ? -ERR_INDIVIDUAL_SITE_PRINCIPAL : 0;
}

/* Individuals cannot hold an ICP licence, so cannot file commercially. */
int field_check_commercial(const FieldCheckArgs *c, FieldId id) {
    return values_flag(c->v, id) && c->nature == NATURE_INDIVIDUAL ? -ERR_COMMERCIAL_INDIVIDUAL : 0;
}

/* An ID that does not expire: 长期, or its English words in any case; all
** are stored as 长期. */
int field_check_expiry(const FieldCheckArgs *c, FieldId id) {
    const char *s = value(c, id);
    if (!strcmp(s, "长期")) return 0;
    if (!strcasecmp(s, "permanent") || !strcasecmp(s, "long-term")) {
        values_set(c->v, id, "长期");
        return 0;
    }
    int y, m, d;
    char tail;
    if (strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
        return -ERR_ID_EXPIRY_FORMAT;
    int ymd = y * 10000 + m * 100 + d;
    if (!rules_date_valid(ymd)) return -ERR_ID_EXPIRY_FORMAT;
    return ymd < c->ctx->today ? -ERR_ID_EXPIRED : 0;
}

int field_check_mobile(const FieldCheckArgs *c, FieldId id) {
    return normalise(c, id, mobile_normalize);
}

int field_check_landline(const FieldCheckArgs *c, FieldId id) {
    return normalise(c, id, landline_normalize);
}

int field_check_phone(const FieldCheckArgs *c, FieldId id) {
    return normalise(c, id, phone_normalize);
}

int field_check_email(const FieldCheckArgs *c, FieldId id) {
    return normalise(c, id, email_normalize);
}

/* Several domains typed into one field: separators are looked for as
** whole UTF-8 sequences (a byte search would find the bytes of "，" inside
** Chinese characters, refusing 中文网站.中国). */
static bool several_domains(const char *s) {
    static const char *const seps[] = {" ", ",", ";", "\t", "\n", "，", "；", "、", "　"};
    for (size_t i = 0; i < sizeof seps / sizeof *seps; i++)
        if (strstr(s, seps[i])) return true;
    return false;
}

/* A "www." typed before the domain is taken off: the main domain is filed
** (the page says so); other subdomains are refused. */
int field_check_domain(const FieldCheckArgs *c, FieldId id) {
    const char *s = value(c, id);
    if (several_domains(s)) return -ERR_DOMAIN_ONE_PER_SITE;
    Domain d;
    int rc = domain_check_filing(c->a, s, c->nature, &d);
    const char *main = domain_drop_www(s);
    if (rc == -ERR_DOMAIN_SUBDOMAIN && strcmp(main, s + strspn(s, " ")) != 0)
        rc = domain_check_filing(c->a, main, c->nature, &d);
    if (rc == 0) values_set(c->v, id, d.ascii);
    return rc;
}

int field_check_home_url(const FieldCheckArgs *c, FieldId id) {
    char *norm = NULL;
    int rc = home_url_check(c->a, value(c, id), values_get(c->v, F_SITE_DOMAIN), &norm);
    if (rc == 0 && norm) values_set(c->v, id, norm);
    return rc;
}

int field_check_description(const FieldCheckArgs *c, FieldId id) {
    return site_description_check(value(c, id));
}

/* 京B2-20201234 / 京ICP证030173号 */
int field_check_licence(const FieldCheckArgs *c, FieldId id) {
    return licence_number_check(value(c, id));
}

int field_check_ips(const FieldCheckArgs *c, FieldId id) {
    size_t n;
    const char **ips = values_list(c->v, id, &n);
    Buf b;
    buf_init(&b, c->a);
    for (size_t i = 0; i < n; i++) {
        char *norm;
        int rc = ip_check_public(c->a, ips[i], &norm);
        if (rc) return rc;
        /* Only the provider's own addresses are its access (settings). */
        IpAddr ip;
        if (c->ctx->provider_ranges && *c->ctx->provider_ranges && ip_parse(norm, &ip) == 0 &&
            !cidr_list_contains(c->ctx->provider_ranges, &ip))
            return -ERR_IP_NOT_PROVIDER;
        ips[i] = norm;
        for (size_t j = 0; j < i; j++)
            if (!strcmp(ips[j], norm)) return -ERR_IP_DUPLICATE;
        if (i) buf_putc(&b, '\n');
        buf_puts(&b, norm);
    }
    values_set(c->v, id, b.data ? b.data : "");
    return 0;
}

int field_check_cancel_reason(const FieldCheckArgs *c, FieldId id) {
    size_t n = utf8_len(value(c, id));
    return n < 5 || n > 200 ? -ERR_REASON_LENGTH : 0;
}
