/*
** The printed forms of an application, filled from its values: the
** verification form, the security agreement, the authorisation letter.
** The forms carry personal data in full (the customer signs them), so every
** print is audited by the handler.
*/
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "db/db.h"
#include "docs/forms.h"
#include "http/server.h"
#include "model/files.h"
#include "model/text_versions.h"
#include "rules/lifecycle.h"
#include "rules/region.h"
#include "web/app_page.h"
#include "web/filing_views.h"
#include "web/web.h"

static const char *choice(Req *r, const char *list, const Values *v, const char *key) {
    const char *id = values_get(v, key);
    return *id ? filing_choice_label(list, id, r->lang) : "";
}

static const char *region_name(const char *code) {
    const Region *reg = *code ? region_find(code) : NULL;
    return reg ? reg->name : "";
}

static FormPerson person(Req *r, const Values *v, const char *prefix) {
    if (!v) return (FormPerson){0}; /* a subject whose record is not known yet */
    char k[7][64];
    static const char *parts[] = {"name",     "id_type", "id_number", "mobile",
                                  "landline", "email",   "emergency"};
    for (int i = 0; i < 7; i++)
        snprintf(k[i], sizeof k[i], "%s%s", prefix, parts[i]);
    return (FormPerson){values_get(v, k[0]),
                        *values_get(v, k[1])
                            ? filing_choice_label("cert_person", values_get(v, k[1]), r->lang)
                            : "",
                        values_get(v, k[2]),
                        values_get(v, k[3]),
                        values_get(v, k[4]),
                        values_get(v, k[5]),
                        values_get(v, k[6])};
}

/* The subject as the forms print it: from the application (subject form),
** from the filed record, or as claimed by number. */
static FormSubject subject_of(Req *r, const AppView *v) {
    const Application *app = &v->app;
    bool own = filing_kind_has_step(app->kind, STEP_SUBJECT);
    const Values *s = own ? &app->values : &v->subject.record;
    FormSubject fs = {0};
    if (!own && !v->subject.record.n && filing_kind_has_step(app->kind, STEP_CLAIM)) {
        const Values *c = &app->values;
        fs.nature = nature_parse(values_get(c, "claim_nature"));
        fs.nature_name = choice(r, "nature", c, "claim_nature");
        fs.name = values_get(c, "claim_subject_name");
        fs.principal = person(r, v->principal, "principal_");
        return fs;
    }
    fs.nature = nature_parse(values_get(s, "subject_nature"));
    fs.nature_name = choice(r, "nature", s, "subject_nature");
    fs.name = values_get(s, "subject_name");
    fs.cert_type = choice(r, "cert_subject", s, "subject_cert_type");
    fs.cert_number = values_get(s, "subject_cert_number");
    fs.province = region_name(values_get(s, "subject_province"));
    fs.city = region_name(values_get(s, "subject_city"));
    fs.district = region_name(values_get(s, "subject_district"));
    fs.address = values_get(s, "subject_address");
    fs.investor = values_get(s, "subject_investor");
    fs.legal_rep = values_get(s, "legal_name");
    fs.principal = person(r, s, "principal_");
    return fs;
}

static const char **list(Req *r, const Values *v, const char *key, const char *choices, size_t *n) {
    const char **items = values_list(v, key, n);
    for (size_t i = 0; choices && i < *n; i++)
        items[i] = filing_choice_label(choices, items[i], r->lang);
    return items;
}

/* The site of the application (values over the filed record). */
static size_t site_of(Req *r, const AppView *v, FormSite *site) {
    const Application *app = &v->app;
    if (!app->site_id) return 0;
    Values m = v->site.record;
    Values merged;
    values_init(&merged, &r->arena);
    for (size_t i = 0; i < m.n; i++)
        values_set(&merged, m.keys[i], m.vals[i]);
    for (size_t i = 0; i < app->values.n; i++)
        values_set(&merged, app->values.keys[i], app->values.vals[i]);
    const Values *s = &merged;
    memset(site, 0, sizeof *site);
    site->name = values_get(s, "site_name");
    site->domains = list(r, s, "site_domain", NULL, &site->n_domains);
    site->home_url = values_get(s, "site_home_url");
    site->services = list(r, s, "site_services", "service", &site->n_services);
    size_t n;
    const char **pre = list(r, s, "site_preapprovals", "preapproval", &n);
    const char *numbers = values_get(s, "site_preapproval_numbers");
    for (size_t i = 0; i < n; i++)
        pre[i] = arena_printf(&r->arena, "%s：%s", pre[i], numbers);
    site->preapprovals = pre;
    site->n_preapprovals = n;
    size_t nl;
    const char **langs = list(r, s, "site_languages", "language", &nl);
    Buf b;
    buf_init(&b, &r->arena);
    for (size_t i = 0; i < nl; i++)
        buf_printf(&b, "%s%s", i ? "、" : "", langs[i]);
    site->language = b.data ? b.data : "";
    site->is_new = app_kind_adds_site(app->kind);
    site->principal = values_flag(s, "site_principal_same") ? person(r, v->principal, "principal_")
                                                            : person(r, s, "site_principal_");
    site->access.provider = server_config(r->srv)->provider_name;
    site->access.method = choice(r, "access_method", s, "access_method");
    site->access.ips = list(r, s, "access_ips", NULL, &site->access.n_ips);
    return 1;
}

static const char *staff_url(Req *r, int64_t id) {
    return arena_printf(&r->arena, "%s/staff/applications/%lld", web_origin(r), (long long)id);
}

static bool prints(const Checklist *c, const char *code) {
    const ChecklistItem *it = checklist_find(c, code);
    return it && it->printed;
}

static const char *form_text(Req *r, const char *kind) {
    TextVersion t;
    return text_version_latest(r->db, &r->arena, kind, &t) == 0 ? t.text : NULL;
}

int documents_form_pdf(Req *r, const AppView *v, const char *form, Buf *out) {
    const Checklist *c = &v->checklist;
    const char *code = !strcmp(form, "verification")    ? "verification_form"
                       : !strcmp(form, "agreement")     ? "security_agreement"
                       : !strcmp(form, "authorisation") ? "authorization_letter"
                                                        : NULL;
    if (!code || !prints(c, code)) return -ERR_NOT_FOUND;
    FormSite *site = ARENA_NEW(&r->arena, FormSite, 1);
    size_t nsites = site_of(r, v, site);
    FormSubject subject = subject_of(r, v);
    const char *date = time_fmt_cst(&r->arena, time_now());
    date = arena_strndup(&r->arena, date, 10);
    if (!strcmp(form, "verification")) {
        FormMaterial *m = ARENA_NEW(&r->arena, FormMaterial, c->n_items + 1);
        for (size_t i = 0; i < c->n_items; i++)
            m[i] = (FormMaterial){c->items[i].zh, c->items[i].total,
                                  signature_label(c->items[i].signature, LANG_ZH),
                                  c->items[i].note_zh};
        FormVerification f = {v->app.number,
                              staff_url(r, v->app.id),
                              app_kind_label(v->app.kind, LANG_ZH),
                              date,
                              server_config(r->srv)->provider_name,
                              subject,
                              site,
                              nsites,
                              m,
                              c->n_items};
        f.verified_before = checklist_notice(c, "onsite_done_before") != NULL;
        f.verified_before_ref = v->subject.subject_number;
        f.batch_supplement = v->supplement;
        f.batch_ref = f.batch_supplement ? v->app.number : NULL;
        return form_verification_pdf(&f, out);
    }
    if (!strcmp(form, "agreement")) {
        FormAgreement f = {v->app.number, date,  subject, {server_config(r->srv)->provider_name},
                           site,          nsites};
        return form_agreement_pdf(&f, form_text(r, "agreement"), out);
    }
    FormAuthorisation f = {
        v->app.number, date,  server_config(r->srv)->provider_name, subject, site->principal,
        site,          nsites};
    return form_authorisation_pdf(&f, form_text(r, "authorisation"), out);
}
