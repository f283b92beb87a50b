/*
** Customer operations on applications: start, save a step, view, submit,
** withdraw. (Staff and system events: filing_decide.c.)
*/
#include "model/filing_ops.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/util.h"
#include "model/filing_internal.h"
#include "model/province_rules.h"
#include "rules/filing_number.h"
#include "rules/lifecycle.h"

int load_app_for(Db *db, Arena *a, int64_t account_id, int64_t app_id, Application *app,
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

int subject_facts(Db *db, Arena *a, const Subject *s, SubjectStatus *status, bool *in_flight) {
    Application *apps;
    size_t n;
    int rc = apps_of_subject(db, a, s->id, false, &apps, &n);
    if (rc < 0) return rc;
    AppFact *facts = ARENA_NEW(a, AppFact, n + 1);
    bool flight = false;
    for (size_t i = 0; i < n; i++) { /* oldest first */
        facts[i] = (AppFact){apps[n - 1 - i].kind, apps[n - 1 - i].state};
        if (lifecycle_in_flight(apps[i].state) && apps[i].state != STATE_DRAFT) flight = true;
    }
    SubjectFacts f = {facts, n, !strcmp(s->origin, "claimed"), s->downloaded};
    *status = subject_status_derive(&f);
    if (in_flight) *in_flight = flight;
    return 0;
}

SiteStatus site_status_in(Arena *a, const Application *apps, size_t n, int64_t site_id) {
    AppFact *facts = ARENA_NEW(a, AppFact, n + 1);
    size_t k = 0;
    for (size_t i = n; i-- > 0;) /* apps are newest first; the facts oldest first */
        if (apps[i].site_id == site_id) facts[k++] = (AppFact){apps[i].kind, apps[i].state};
    return site_status_derive(facts, k);
}

int site_status_of(Db *db, Arena *a, int64_t subject_id, int64_t site_id, SiteStatus *status) {
    Application *apps;
    size_t n;
    int rc = apps_of_subject(db, a, subject_id, false, &apps, &n);
    if (rc == 0) *status = site_status_in(a, apps, n, site_id);
    return rc;
}

/* Is a subject in the state a kind needs to start? */
static int subject_ready(Db *db, Arena *a, AppKind kind, const Subject *s) {
    SubjectStatus st;
    int rc = subject_facts(db, a, s, &st, NULL);
    if (rc < 0) return rc;
    if (kind == KIND_NEW_ACCESS)
        return st == SUBJECT_FILED || st == SUBJECT_PENDING_DOWNLOAD ? 0 : -ERR_SUBJECT_NOT_FILED;
    return st == SUBJECT_FILED ? 0 : -ERR_SUBJECT_NOT_FILED;
}

/* The site a kind about one site names: the subject's own, filed. */
static int site_ready(Db *db, Arena *a, const Subject *s, int64_t site_id, Site *site) {
    int rc = site_get(db, a, site_id, site);
    if (rc == -ERR_NOT_FOUND || (rc == 0 && site->subject_id != s->id)) return -ERR_SITE_NOT_FILED;
    if (rc < 0) return rc;
    SiteStatus st = 0;
    rc = site_status_of(db, a, s->id, site_id, &st);
    if (rc < 0) return rc;
    return st == SITE_FILED ? 0 : -ERR_SITE_NOT_FILED;
}

/* Copy the record fields of the given groups into v (prefill a change). */
void values_copy_groups(Values *v, const Values *from, const char *const *groups) {
    size_t n;
    const FilingField *f = filing_fields(&n);
    for (size_t i = 0; i < n; i++)
        if (str_in(f[i].group, groups) && values_has(from, f[i].key))
            values_set(v, f[i].key, values_get(from, f[i].key));
}

const char *const subject_groups[] = {"subject", "principal", "legal", NULL};
const char *const site_groups[] = {"site", "site_principal", "access", NULL};

/* A subject whose every application was withdrawn or closed was never
** filed: the account may start over with it. */
int subject_is_abandoned(Db *db, Arena *a, const Subject *s, bool *abandoned) {
    Application *apps;
    size_t n;
    int rc = apps_of_subject(db, a, s->id, false, &apps, &n);
    *abandoned = rc == 0;
    for (size_t i = 0; rc == 0 && i < n; i++)
        if (apps[i].state != STATE_WITHDRAWN && apps[i].state != STATE_CLOSED) *abandoned = false;
    return rc;
}

static int start_tx(Db *db, OpStart *op, Subject *s, bool *created) {
    int rc = subject_by_account(db, op->a, op->account_id, s);
    if (rc < 0 && rc != -ERR_NOT_FOUND) return rc;
    /* Kinds that bring their subject: a first filing, or a claim by number
    ** (a new site or new access for a subject filed elsewhere). */
    bool fresh = op->kind == KIND_FIRST_FILING || op->kind == KIND_NEW_SITE_EXTERNAL ||
                 (op->kind == KIND_NEW_ACCESS && rc == -ERR_NOT_FOUND);
    const char *origin = op->kind == KIND_FIRST_FILING ? "first_filing" : "claimed";
    *created = false;
    if (fresh && rc == 0) {
        bool abandoned;
        rc = subject_is_abandoned(db, op->a, s, &abandoned);
        if (rc < 0) return rc;
        if (!abandoned) return -ERR_SUBJECT_EXISTS;
        rc = subject_reset(db, s->id, origin);
        *created = true;
        return rc == 0 ? subject_get(db, op->a, s->id, s) : rc;
    }
    if (!fresh && rc == -ERR_NOT_FOUND) return -ERR_SUBJECT_MISSING;
    if (fresh) {
        int64_t id;
        rc = subject_insert(db, op->account_id, origin, &id);
        if (rc == 0) rc = subject_get(db, op->a, id, s);
        *created = true;
    }
    return rc;
}

/* New access for a subject Beian knows: the claim step starts from it. */
static void prefill_claim(Values *v, const Subject *s) {
    const Values *r = &s->record;
    values_set(v, "claim_subject_number", s->subject_number ? s->subject_number : "");
    values_set(v, "claim_nature", s->nature);
    values_set(v, "claim_subject_name", *s->name ? s->name : values_get(r, "subject_name"));
    static const char *parts[] = {"name", "id_type", "id_number", "mobile", "email"};
    char from[64], to[64];
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        snprintf(from, sizeof from, "principal_%s", parts[i]);
        snprintf(to, sizeof to, "claim_principal_%s", parts[i]);
        values_set(v, to, values_get(r, from));
    }
}

int op_start(Db *db, void *ctx) {
    OpStart *op = ctx;
    op->app_id = 0;
    if (op->kind <= 0 || op->kind >= KIND__COUNT) return -ERR_FIELD_CHOICE;
    Subject s;
    bool created;
    int rc = start_tx(db, op, &s, &created);
    if (rc < 0) return rc;
    if (!created) {
        int64_t flying = 0;
        rc = apps_in_flight(db, s.id, 0, &flying);
        if (rc < 0) return rc;
        if (flying) return -ERR_APP_IN_FLIGHT;
    }
    Application app = {0};
    app.subject_id = s.id;
    app.kind = op->kind;
    app.state = STATE_DRAFT;
    app.created_by = op->account_id;
    values_init(&app.values, op->a);
    bool about_site = op->kind == KIND_CHANGE_SITE || op->kind == KIND_CHANGE_ACCESS ||
                      op->kind == KIND_CANCEL_SITE || op->kind == KIND_CANCEL_ACCESS;
    if (!created && op->kind != KIND_NEW_ACCESS && !about_site)
        rc = subject_ready(db, op->a, op->kind, &s);
    if (op->kind == KIND_NEW_ACCESS) rc = subject_ready(db, op->a, op->kind, &s);
    if (rc < 0) return rc;
    if (about_site) {
        Site site;
        rc = site_ready(db, op->a, &s, op->site_id, &site);
        if (rc < 0) return rc;
        app.site_id = site.id;
        values_copy_groups(&app.values, &site.record, site_groups);
    } else if (app_kind_adds_site(op->kind)) {
        rc = site_insert(db, s.id, &app.site_id);
        if (rc < 0) return rc;
    }
    if (op->kind == KIND_CHANGE_SUBJECT) values_copy_groups(&app.values, &s.record, subject_groups);
    if (op->kind == KIND_NEW_ACCESS && !created) prefill_claim(&app.values, &s);
    rc = app_insert(db, op->a, &app);
    if (rc < 0) return rc;
    op->app_id = app.id;
    return audit_write(db, &op->who, "application.create", "application", app.id,
                       app_kind_id(op->kind));
}

/* The context the rules need for an application. */
int filing_context(Db *db, Arena *a, const Application *app, const Subject *s, const Values *v,
                   FilingContext *ctx, ProvinceRules *province) {
    memset(ctx, 0, sizeof *ctx);
    ctx->kind = app->kind;
    ctx->today = time_today_cst();
    ctx->nature = nature_parse(s->nature);
    if (!ctx->nature) ctx->nature = nature_parse(values_get(&s->record, "subject_nature"));
    ctx->subject = s->record.n ? &s->record : NULL;
    ctx->known_number = s->subject_number;
    int code = atoi(values_get(v, "subject_province")) / 10000;
    if (!code) code = s->province;
    if (!code) code = atoi(values_get(&s->record, "subject_province")) / 10000;
    FilingNumber fn; /* a claim: the province of its number */
    if (!code && filing_subject_number_parse(values_get(v, "claim_subject_number"), &fn) == 0)
        code = atoi(fn.province);
    if (code && province_rules_load(db, a, code, province) == 0) ctx->province = province;
    Site *sites;
    size_t n;
    int rc = sites_of_subject(db, a, s->id, &sites, &n);
    for (size_t i = 0; rc == 0 && i < n; i++)
        if (sites[i].site_number) ctx->filed_sites++;
    return rc;
}

static bool step_done(const char *done, FilingStep step) {
    const char *id = filing_step_id(step);
    size_t n = strlen(id);
    for (const char *p = done ? strstr(done, id) : NULL; p; p = strstr(p + 1, id))
        if ((p == done || p[-1] == ',') && (p[n] == ',' || p[n] == 0)) return true;
    return false;
}

static const char *steps_add(Arena *a, const char *done, FilingStep step) {
    if (step_done(done, step)) return done;
    return done && *done ? arena_printf(a, "%s,%s", done, filing_step_id(step))
                         : arena_strdup(a, filing_step_id(step));
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

/* In a returned application only the fields the return names may change;
** a reason for the application as a whole ("") opens every field. */
static bool field_open(const ReturnReason *r, size_t n, bool returned, const char *key) {
    if (!returned || n == 0) return true; /* a return without reasons opens the whole */
    for (size_t i = 0; i < n; i++)
        if (!*r[i].field || !strcmp(r[i].field, key)) return true;
    /* A claim number to fix comes with its password. */
    if (!strcmp(key, "claim_password")) return field_open(r, n, returned, "claim_subject_number");
    return false;
}

static void merge_step(OpSave *op, Application *app, const ReturnReason *reasons, size_t nreasons) {
    bool returned = app->state != STATE_DRAFT;
    size_t n;
    const FilingField *f = filing_fields(&n);
    for (size_t i = 0; i < n; i++) {
        if (f[i].step != op->step) continue;
        const char *in = values_get(op->input, f[i].key);
        if (!field_open(reasons, nreasons, returned, f[i].key)) {
            /* The page sends no locked field; an API client that changes one is told. */
            if (values_has(op->input, f[i].key) && *in &&
                strcmp(in, values_get(&app->values, f[i].key)) != 0 &&
                op->issues.n < FILING_MAX_ISSUES)
                op->issues.items[op->issues.n++] = (FilingIssue){f[i].key, ERR_FIELD_LOCKED};
            continue;
        }
        /* An empty secret or personal field keeps what was saved: the forms
        ** do not send those back to the browser. */
        if ((f[i].input == IN_SECRET || (f[i].flags & FD_PERSONAL)) && !*in &&
            *values_get(&app->values, f[i].key))
            continue;
        values_set(&app->values, f[i].key, in);
    }
}

int op_save(Db *db, void *ctx) {
    OpSave *op = ctx;
    op->issues.n = 0;
    Application app;
    Subject s;
    int rc = load_app_for(db, op->a, op->account_id, op->app_id, &app, &s);
    if (rc < 0) return rc;
    if (!lifecycle_customer_can_edit(app.state)) return -ERR_APP_NOT_EDITABLE;
    if (!filing_kind_has_step(app.kind, op->step) || op->step == STEP_VERIFY) return -ERR_NOT_FOUND;
    ReturnReason *reasons = NULL;
    size_t nreasons = 0;
    if (app.state != STATE_DRAFT)
        rc = return_reasons_latest(db, op->a, app.id, &reasons, &nreasons);
    if (rc < 0) return rc;
    const char *old_number = values_get(&app.values, "claim_subject_number");
    merge_step(op, &app, reasons, nreasons);
    if (op->issues.n) return -ERR_INVALID_INPUT;
    /* A new number needs its own password: the kept one was for the old. */
    if (op->step == STEP_CLAIM &&
        strcmp(old_number, values_get(&app.values, "claim_subject_number")) &&
        !*values_get(op->input, "claim_password"))
        values_set(&app.values, "claim_password", "");
    FilingContext fc;
    ProvinceRules prov;
    rc = filing_context(db, op->a, &app, &s, &app.values, &fc, &prov);
    if (rc < 0) return rc;
    if (filing_check_step(op->a, op->step, &fc, &app.values, &op->issues) < 0)
        return -ERR_INVALID_INPUT;
    /* A subject Beian already holds keeps its number. The claim itself is
    ** only kept in the (sealed) values until submission, so a draft reserves
    ** nothing. */
    if (op->step == STEP_CLAIM && s.subject_number &&
        strcmp(s.subject_number, values_get(&app.values, "claim_subject_number")) != 0) {
        op->issues.items[op->issues.n++] =
            (FilingIssue){"claim_subject_number", ERR_CLAIM_NUMBER_LOCKED};
        return -ERR_INVALID_INPUT;
    }
    app.steps_done = steps_add(op->a, app.steps_done, op->step);
    if (op->step == STEP_SITE) app.domain = values_get(&app.values, "site_domain");
    rc = app_save(db, op->a, &app);
    if (rc == 0 && op->step == STEP_SUBJECT && app.kind == KIND_FIRST_FILING)
        rc = subject_set_meta(db, s.id, values_get(&app.values, "subject_name"),
                              values_get(&app.values, "subject_nature"),
                              atoi(values_get(&app.values, "subject_province")) / 10000);
    if (rc == 0 && op->step == STEP_SITE && app_kind_adds_site(app.kind))
        rc = site_set_meta(db, app.site_id, values_get(&app.values, "site_name"), app.domain);
    if (rc < 0) return rc;
    return audit_write(db, &op->who, "application.save", "application", app.id,
                       filing_step_id(op->step));
}

Values values_dup(Arena *a, const Values *v) {
    Values out;
    values_init(&out, a);
    for (size_t i = 0; i < v->n; i++)
        values_set(&out, v->keys[i], v->vals[i]);
    return out;
}
