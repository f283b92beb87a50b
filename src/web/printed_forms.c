/*
** The printed forms of an application, filled from its values: the
** verification form, the security agreement, the authorisation letter.
** The forms carry personal data in full (the customer signs them), so every
** print is audited (in the same transaction that reads the application).
*/
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "db/db.h"
#include "docs/forms.h"
#include "http/server.h"
#include "model/settings.h"
#include "model/text_versions.h"
#include "rules/lifecycle.h"
#include "rules/region.h"
#include "web/app_page.h"
#include "web/filing_views.h"
#include "web/handlers.h"
#include "web/web.h"

/* The documents go to the administration: always in Chinese, whatever the
** language of the page that printed them (r is unused on purpose). */
static const char *choice(Req *r, const char *list, const Values *v, FieldId field) {
    (void)r;
    const char *id = values_get(v, field);
    return *id ? filing_choice_label(list, id, LANG_ZH) : "";
}

static const char *region_name(const char *code) {
    const Region *reg = *code ? region_find(code) : NULL;
    return reg ? reg->name : "";
}

static FormPerson person(Req *r, const Values *v, const PersonFields *p) {
    if (!v) return (FormPerson){0}; /* a subject whose record is not known yet */
    return (FormPerson){.name = values_get(v, p->name),
                        .id_type = choice(r, "cert_person", v, p->id_type),
                        .id_number = values_get(v, p->id_number),
                        .mobile = values_get(v, p->mobile),
                        .landline = values_get(v, p->landline),
                        .email = values_get(v, p->email),
                        .emergency = values_get(v, p->emergency)};
}

/* The subject as the forms print it: from the application (subject form),
** from the filed record, or as claimed by number. */
static FormSubject subject_of(Req *r, const AppView *v) {
    const Application *app = &v->app;
    bool own = filing_kind_has_step(app->kind, STEP_SUBJECT);
    const Values *s = own ? &app->values : &v->subject.record;
    FormSubject fs = {0};
    if (!own && !values_count(&v->subject.record) && filing_kind_has_step(app->kind, STEP_CLAIM)) {
        const Values *c = &app->values;
        fs.nature = v->nature;
        fs.nature_name = choice(r, "nature", c, F_CLAIM_NATURE);
        fs.name = values_get(c, F_CLAIM_SUBJECT_NAME);
        /* What the form needs of a subject claimed by number, collected at
        ** the claim step (issue 11): certificate and address. */
        fs.cert_type = choice(r, "cert_subject", c, F_CLAIM_CERT_TYPE);
        fs.cert_number = values_get(c, F_CLAIM_CERT_NUMBER);
        fs.address = values_get(c, F_CLAIM_ADDRESS);
        fs.principal = person(r, v->principal, &PERSON_PRINCIPAL);
        return fs;
    }
    fs.nature = v->nature;
    fs.nature_name = choice(r, "nature", s, F_SUBJECT_NATURE);
    fs.name = values_get(s, F_SUBJECT_NAME);
    fs.cert_type = choice(r, "cert_subject", s, F_SUBJECT_CERT_TYPE);
    fs.cert_number = values_get(s, F_SUBJECT_CERT_NUMBER);
    fs.province = region_name(values_get(s, F_SUBJECT_PROVINCE));
    fs.city = region_name(values_get(s, F_SUBJECT_CITY));
    fs.district = region_name(values_get(s, F_SUBJECT_DISTRICT));
    fs.address = values_get(s, F_SUBJECT_ADDRESS);
    fs.investor = values_get(s, F_SUBJECT_INVESTOR);
    fs.legal_rep = values_get(s, F_LEGAL_NAME);
    fs.principal = person(r, s, &PERSON_PRINCIPAL);
    return fs;
}

static const char **list(Req *r, const Values *v, FieldId field, const char *choices, size_t *n) {
    (void)r;
    const char **items = values_list(v, field, n);
    for (size_t i = 0; choices && i < *n; i++)
        items[i] = filing_choice_label(choices, items[i], LANG_ZH);
    return items;
}

/* The site of the application (values over the filed record); provider:
** the name of our side, as the settings give it. */
static size_t site_of(Req *r, const AppView *v, const char *provider, FormSite *site) {
    const Application *app = &v->app;
    if (!app->site_id) return 0;
    Values merged = v->site.record;
    values_overlay(&merged, &app->values);
    const Values *s = &merged;
    memset(site, 0, sizeof *site);
    site->name = values_get(s, F_SITE_NAME);
    site->domains = list(r, s, F_SITE_DOMAIN, NULL, &site->n_domains);
    site->home_url = values_get(s, F_SITE_HOME_URL);
    site->services = list(r, s, F_SITE_SERVICES, "service", &site->n_services);
    size_t n;
    const char **pre = list(r, s, F_SITE_PREAPPROVALS, "preapproval", &n);
    const char *numbers = values_get(s, F_SITE_PREAPPROVAL_NUMBERS);
    for (size_t i = 0; i < n; i++)
        pre[i] = arena_printf(&r->arena, "%s：%s", pre[i], numbers);
    site->preapprovals = pre;
    site->n_preapprovals = n;
    size_t nl;
    const char **langs = list(r, s, F_SITE_LANGUAGES, "language", &nl);
    Buf b;
    buf_init(&b, &r->arena);
    for (size_t i = 0; i < nl; i++)
        buf_printf(&b, "%s%s", i ? "、" : "", langs[i]);
    site->language = b.data ? b.data : "";
    site->is_new = app_kind_adds_site(app->kind);
    /* A claimed principal has no ID expiry or emergency phone: in a claim,
    ** "same as the subject principal" was copied into the site principal's
    ** own fields, with those two typed (filing_check's fill_same). */
    bool copied = filing_kind_has_step(app->kind, STEP_CLAIM);
    site->principal = values_flag(s, F_SITE_PRINCIPAL_SAME) && !copied
                          ? person(r, v->principal, &PERSON_PRINCIPAL)
                          : person(r, s, &PERSON_SITE_PRINCIPAL);
    site->access.provider = provider;
    site->access.method = choice(r, "access_method", s, F_ACCESS_METHOD);
    site->access.ips = list(r, s, F_ACCESS_IPS, NULL, &site->access.n_ips);
    return 1;
}

static const char *staff_url(Req *r, int64_t id) {
    return arena_printf(&r->arena, "%s/staff/applications/%lld", web_origin(r), (long long)id);
}

static bool prints(const Checklist *c, const char *code) {
    const ChecklistItem *it = checklist_find(c, code);
    return it && it->printed;
}

/* Render one of the printed forms of an application ("verification",
** "agreement", "authorisation") into out, with the admins' text for the
** agreement and the letter (NULL: the default) and the provider's details
** of the settings (ps). -ERR_NOT_FOUND when the application's checklist
** does not print it. */
static int form_pdf(Req *r, const AppView *v, const char *form, const char *text,
                    const ProviderSettings *ps, Buf *out) {
    const Checklist *c = &v->checklist;
    FormSite *site = ARENA_NEW(&r->arena, FormSite, 1);
    size_t nsites = site_of(r, v, ps->name, site);
    FormSubject subject = subject_of(r, v);
    const char *date = time_fmt_cst(&r->arena, time_now());
    date = arena_strndup(&r->arena, date, 10);
    if (!strcmp(form, "verification")) {
        bool onsite = checklist_notice(c, "onsite_required") != NULL;
        FormMaterial *m = ARENA_NEW(&r->arena, FormMaterial, c->n_items + 1);
        for (size_t i = 0; i < c->n_items; i++)
            m[i] = (FormMaterial){c->items[i].zh, c->items[i].total,
                                  signature_label(c->items[i].signature, LANG_ZH),
                                  c->items[i].note_zh};
        FormVerification f = {.app_number = v->app.number,
                              .staff_url = staff_url(r, v->app.id),
                              .kind_name = app_kind_label(v->app.kind, LANG_ZH),
                              .date = date,
                              .provider_name = ps->name,
                              .onsite_address = onsite ? ps->onsite_address : NULL,
                              .onsite_hours = onsite ? ps->onsite_hours : NULL,
                              .subject = subject,
                              .sites = site,
                              .n_sites = nsites,
                              .materials = m,
                              .n_materials = c->n_items,
                              .verified_before = checklist_notice(c, "onsite_done_before") != NULL,
                              .verified_before_ref = v->subject.subject_number,
                              .batch_supplement = v->supplement,
                              .batch_ref = v->supplement ? v->app.number : NULL};
        return form_verification_pdf(&f, out);
    }
    if (!strcmp(form, "agreement")) {
        FormAgreement f = {.app_number = v->app.number,
                           .date = date,
                           .subject = subject,
                           .provider = {.name = ps->name,
                                        .address = ps->address,
                                        .contact = ps->contact,
                                        .phone = ps->phone,
                                        .email = ps->email},
                           .sites = site,
                           .n_sites = nsites};
        return form_agreement_pdf(&f, text, out);
    }
    FormAuthorisation f = {.app_number = v->app.number,
                           .date = date,
                           .provider_name = ps->name,
                           .subject = subject,
                           .grantee = site->principal,
                           .sites = site,
                           .n_sites = nsites};
    return form_authorisation_pdf(&f, text, out);
}

/* The application, the text of its form and the provider's details, the
** print audited. */
typedef struct FormPrint {
    AppView view;
    const char *form;
    const char *text;          /* out: the newest admin text, or NULL */
    ProviderSettings provider; /* in: the defaults; out: the settings */
} FormPrint;

/* The checklist item of a form name of the URL, or NULL. */
static const char *form_item(const char *form) {
    return !strcmp(form, "verification")    ? "verification_form"
           : !strcmp(form, "agreement")     ? "security_agreement"
           : !strcmp(form, "authorisation") ? "authorization_letter"
                                            : NULL;
}

static int form_print(Db *db, void *ctx) {
    FormPrint *p = ctx;
    p->text = NULL;
    const char *item = form_item(p->form);
    if (!item) return -ERR_NOT_FOUND;
    int rc = app_view(db, &p->view);
    if (rc < 0) return rc;
    if (!prints(&p->view.checklist, item)) return -ERR_NOT_FOUND; /* nothing printed: no audit */
    rc = settings_load(db, p->view.a, &p->provider);
    if (rc < 0 || !strcmp(p->form, "verification")) return rc;
    TextVersion t;
    rc = text_version_latest(db, p->view.a, p->form, &t);
    if (rc == 0) p->text = t.text;
    return rc == -ERR_NOT_FOUND ? 0 : rc;
}

int h_app_form(Req *r) {
    const char *form = req_param(r, "form");
    size_t n = strlen(form);
    if (n > 4 && !strcmp(form + n - 4, ".pdf")) form = arena_strndup(&r->arena, form, n - 4);
    FormPrint p = {.view = {.a = &r->arena,
                            .account_id = req_is_staff(r) ? 0 : r->who.account_id,
                            .app_id = req_param_id(r, "id"),
                            .audit_action = "form.print",
                            .audit_detail = form,
                            .who = http_actor(r)},
                   .form = form,
                   .provider = settings_defaults(server_config(r->srv))};
    int rc = db_tx(r->db, form_print, &p);
    if (rc < 0) return rc;
    Buf pdf;
    buf_init(&pdf, &r->arena);
    rc = form_pdf(r, &p.view, form, p.text, &p.provider, &pdf);
    if (rc < 0) return rc;
    resp_text(r, 200, "application/pdf", pdf.data, pdf.len);
    resp_header(r, "Content-Disposition",
                arena_printf(&r->arena, "inline; filename=\"%s-%s.pdf\"", p.view.app.number, form));
    resp_header(r, "Cache-Control", "no-store");
    return 0;
}
