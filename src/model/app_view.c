/*
** The one application loader, the context of its rules, its checklist and
** the whole view of it.
*/
#include "model/app_view.h"

#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/util.h"
#include "model/province_rules.h"
#include "model/settings.h"
#include "rules/filing_number.h"
#include "rules/lifecycle.h"
#include "rules/province.h"

int app_load(Db *db, Arena *a, int64_t account_id, int64_t app_id, Application *app,
             Subject *subject) {
    int rc = app_get(db, a, app_id, app);
    if (rc < 0) return rc;
    if (account_id) {
        rc = subject_by_account(db, a, account_id, subject);
        if (rc == -ERR_NOT_FOUND || (rc == 0 && subject->id != app->subject_id))
            return -ERR_NOT_FOUND;
        return rc;
    }
    return subject_get(db, a, app->subject_id, subject);
}

/* The filing province: the subject form's, the subject's, or a claimed number's. */
static int province_code(const Subject *s, const Values *v) {
    int code = atoi(values_get(v, F_SUBJECT_PROVINCE)) / 10000;
    if (!code) code = s->province;
    if (!code) code = atoi(values_get(&s->record, F_SUBJECT_PROVINCE)) / 10000;
    FilingNumber fn;
    if (!code && filing_subject_number_parse(values_get(v, F_CLAIM_SUBJECT_NUMBER), &fn) == 0)
        code = atoi(fn.province);
    return code;
}

/* The context, with the provider's settings already read (NULL: read them). */
static int context_with(Db *db, Arena *a, const Application *app, const Subject *s, const Values *v,
                        FilingContext *ctx, ProvinceRules *province,
                        const ProviderSettings *settings) {
    memset(ctx, 0, sizeof *ctx);
    ctx->kind = app->kind;
    ctx->today = time_today_cst();
    ctx->nature = subject_nature(s);
    ctx->subject = values_count(&s->record) ? &s->record : NULL;
    ctx->known_number = s->subject_number;
    int code = province_code(s, v);
    if (code && province_rules_load(db, a, code, province) == 0) ctx->province = province;
    int64_t filed = 0;
    int rc = sites_filed_count(db, s->id, &filed);
    ctx->filed_sites = (int)filed;
    /* Access IPs must be the provider's own (issue 11): its ranges. */
    ProviderSettings ps = settings_defaults(NULL);
    if (settings)
        ps = *settings;
    else if (rc == 0)
        rc = settings_load(db, a, &ps);
    ctx->provider_ranges = ps.ip_ranges;
    return rc;
}

int app_context(Db *db, Arena *a, const Application *app, const Subject *s, const Values *v,
                FilingContext *ctx, ProvinceRules *province) {
    return context_with(db, a, app, s, v, ctx, province, NULL);
}

void app_checklist_facts(const Application *app, const Subject *s, const Values *principal,
                         SubjectNature nature, ChecklistFacts *f) {
    const Values *v = &app->values;
    memset(f, 0, sizeof *f);
    f->kind = app->kind;
    f->nature = nature;
    bool site = filing_kind_has_step(app->kind, STEP_SITE) || app->site_id;
    f->n_sites = site ? 1 : 0;
    f->n_domains = app_kind_adds_site(app->kind) ? 1 : 0;
    f->verified_before = s->verified_on_site;
    const char *pid = principal ? values_get(principal, F_PRINCIPAL_ID_NUMBER) : "";
    const char *sid = values_get(v, F_SITE_PRINCIPAL_ID_NUMBER);
    if (!*sid && app->site_id) sid = pid; /* "same as the subject principal" */
    f->principals_differ =
        filing_kind_has_step(app->kind, STEP_SITE) && *sid && *pid && strcmp(sid, pid);
    const char *legal = principal ? values_get(principal, F_LEGAL_ID_NUMBER) : "";
    f->legal_rep_is_site_principal = *legal && *sid && !strcmp(legal, sid);
    f->principal_changed = app->kind == KIND_CHANGE_SUBJECT &&
                           strcmp(values_get(v, F_PRINCIPAL_ID_NUMBER),
                                  values_get(&s->record, F_PRINCIPAL_ID_NUMBER)) != 0;
    f->commercial = values_flag(v, F_SITE_COMMERCIAL);
    f->pre_approval = *values_get(v, F_SITE_PREAPPROVALS) != 0;
    f->principal_id_province = province_of_id(pid);
}

/* Seed §4.4: a new site batched with a change that passed, returned, now
** resubmitted, needs supplementary forms. */
static int batch_supplement(Db *db, Arena *a, const Application *app, bool *supplement) {
    *supplement = false;
    if (!app->batch_id || !app_kind_adds_site(app->kind) || app->state == STATE_DRAFT) return 0;
    Application *apps;
    size_t n;
    int rc = apps_of_subject(db, a, app->subject_id, false, &apps, &n);
    for (size_t i = 0; rc == 0 && i < n; i++)
        if (apps[i].batch_id == app->batch_id && apps[i].id != app->id &&
            app_kind_is_change(apps[i].kind) && apps[i].state == STATE_APPROVED)
            *supplement = true;
    return rc;
}

/* The checklist from a context already made. */
static int checklist_of(Db *db, Arena *a, const Application *app, const Subject *s,
                        const FilingContext *fc, const Values *principal, Checklist *out,
                        bool *supplement) {
    ChecklistFacts facts;
    app_checklist_facts(app, s, principal, filing_nature(fc, &app->values), &facts);
    int rc = batch_supplement(db, a, app, &facts.supplement);
    if (rc < 0) return rc;
    if (supplement) *supplement = facts.supplement;
    memset(out, 0, sizeof *out);
    if (fc->province) checklist_build(&facts, fc->province, out);
    return 0;
}

int app_checklist(Db *db, Arena *a, const Application *app, const Subject *s, Checklist *out,
                  bool *has, bool *supplement) {
    FilingContext fc;
    ProvinceRules *prov = ARENA_NEW(a, ProvinceRules, 1);
    int rc = app_context(db, a, app, s, &app->values, &fc, prov);
    if (rc < 0) return rc;
    *has = fc.province != NULL;
    return checklist_of(db, a, app, s, &fc, filing_principal(a, &fc, &app->values), out,
                        supplement);
}

/* Drafts that may be submitted together with this one: a change with a new
** site (seed §4.4), both complete. */
static int batchable_of(Db *db, AppView *v) {
    v->batchable = NULL;
    v->nbatchable = 0;
    const Application *app = &v->app;
    bool change = app_kind_is_change(app->kind);
    if (app->state != STATE_DRAFT || (!change && app->kind != KIND_NEW_SITE)) return 0;
    Application *apps;
    size_t n;
    int rc = apps_of_subject(db, v->a, app->subject_id, false, &apps, &n);
    if (rc < 0) return rc;
    v->batchable = ARENA_NEW(v->a, Application, n + 1);
    for (size_t i = 0; i < n; i++) {
        const Application *o = &apps[i];
        bool fits = change ? o->kind == KIND_NEW_SITE : app_kind_is_change(o->kind);
        if (o->id != app->id && o->state == STATE_DRAFT && fits && app_steps_complete(o))
            v->batchable[v->nbatchable++] = *o;
    }
    return 0;
}

/* The files the viewer may see: customers never see the on-site photo. */
static int files_of(Db *db, AppView *v) {
    int rc = app_files_list(db, v->a, v->app.id, &v->files, &v->nfiles);
    if (rc < 0 || !v->account_id) return rc;
    size_t k = 0;
    for (size_t i = 0; i < v->nfiles; i++)
        if (strcmp(v->files[i].slot, FILE_SLOT_ONSITE_PHOTO) != 0) v->files[k++] = v->files[i];
    v->nfiles = k;
    return 0;
}

static void view_reset(AppView *v) {
    memset(&v->issues, 0, sizeof v->issues);
    v->complete = v->has_province = v->supplement = false;
    v->site.id = 0;
    v->nreasons = v->ntransitions = v->nfiles = v->nbatchable = 0;
    v->onsite_address = v->onsite_hours = v->onsite_bring = NULL;
}

/* Where the on-site verification the checklist asks for takes place (the
** provider's settings, read once for the view). */
static void onsite_place(AppView *v) {
    if (!v->checklist.onsite) return;
    v->onsite_address = v->provider.onsite_address;
    v->onsite_hours = v->provider.onsite_hours;
    v->onsite_bring = v->provider.onsite_bring;
}

int app_view(Db *db, void *ctx) {
    AppView *v = ctx;
    Arena *a = v->a;
    view_reset(v);
    int rc = app_load(db, a, v->account_id, v->app_id, &v->app, &v->subject);
    if (rc == 0 && v->app.site_id) rc = site_get(db, a, v->app.site_id, &v->site);
    if (rc < 0) return rc;
    /* The settings once, for the context and the view (the ranges are
    ** the same whether the view's came in as defaults or zeros: "" when
    ** not set). */
    rc = settings_load(db, a, &v->provider);
    if (rc < 0) return rc;
    FilingContext fc;
    Values check = v->app.values; /* the check normalises a copy */
    rc = context_with(db, a, &v->app, &v->subject, &check, &fc, &v->province, &v->provider);
    if (rc < 0) return rc;
    v->nature = filing_nature(&fc, &v->app.values);
    v->principal = filing_principal(a, &fc, &v->app.values);
    v->has_province = fc.province != NULL;
    filing_check_all(a, &fc, &check, &v->issues);
    v->complete = v->issues.n == 0 && app_steps_complete(&v->app);
    rc =
        checklist_of(db, a, &v->app, &v->subject, &fc, v->principal, &v->checklist, &v->supplement);
    if (rc == 0) rc = return_reasons_latest(db, a, v->app.id, &v->reasons, &v->nreasons);
    if (rc == 0) rc = transitions_of(db, a, v->app.id, &v->transitions, &v->ntransitions);
    if (rc == 0) rc = files_of(db, v);
    if (rc == 0) rc = batchable_of(db, v);
    if (rc == 0) onsite_place(v);
    if (rc == 0 && v->audit_action)
        rc = audit_write(db, &v->who, v->audit_action, "application", v->app.id, v->audit_detail);
    return rc;
}

static bool step_done(const char *done, FilingStep step) {
    const char *id = filing_step_id(step);
    size_t n = strlen(id);
    for (const char *p = done ? strstr(done, id) : NULL; p; p = strstr(p + 1, id))
        if ((p == done || p[-1] == ',') && (p[n] == ',' || p[n] == 0)) return true;
    return false;
}

bool app_steps_complete(const Application *app) {
    size_t n;
    const FilingStep *steps = filing_steps(app->kind, &n);
    for (size_t i = 0; i < n; i++)
        if (steps[i] != STEP_VERIFY && !step_done(app->steps_done, steps[i])) return false;
    return true;
}

bool app_step_done(const Application *app, FilingStep step) {
    return step_done(app->steps_done, step);
}
