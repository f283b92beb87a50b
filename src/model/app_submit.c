/*
** Verify & submit (信息核实提交): submission alone or as a batch, and
** withdrawal.
*/
#include "model/app_submit.h"

#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/util.h"
#include "model/domain_check.h"
#include "model/files.h"
#include "model/overview.h"
#include "model/settings.h"
#include "rules/filing_number.h"
#include "rules/lifecycle.h"

/* What the reviewers' queues filter and search on. */
typedef struct QueueFacts {
    int province;
    SubjectNature nature;
    bool commercial;
    const char *principal;
} QueueFacts;

/* The scans still missing, counted in op->scans_missing; refused when the
** provider wants every scan first (settings missing_scans = refuse). */
static int scans_check(Db *db, AppSubmit *op, const Application *app, const Subject *s) {
    ProviderSettings ps = settings_defaults(NULL);
    int rc = settings_load(db, op->a, &ps);
    Checklist c;
    bool has = false;
    if (rc == 0) rc = app_checklist(db, op->a, app, s, &c, &has, NULL);
    AppFile *files = NULL;
    size_t n = 0;
    if (rc == 0) rc = app_files_list(db, op->a, app->id, &files, &n);
    if (rc < 0) return rc;
    size_t missing = file_scans_missing(&c, files, n);
    op->scans_missing += missing;
    return missing && !strcmp(ps.missing_scans, SETTINGS_MISSING_REFUSE) ? -ERR_SCANS_MISSING : 0;
}

/* Check one application for submission; its values are replaced by the
** normalised ones, and *facts gets what the queues need. */
static int submit_check(Db *db, AppSubmit *op, Application *app, Subject *s, QueueFacts *facts) {
    if (!lifecycle_customer_can_edit(app->state)) return -ERR_APP_NOT_EDITABLE;
    if (!app_steps_complete(app)) return -ERR_STEP_INCOMPLETE;
    FilingContext fc;
    ProvinceRules *prov = ARENA_NEW(op->a, ProvinceRules, 1);
    int rc = app_context(db, op->a, app, s, &app->values, &fc, prov);
    if (rc < 0) return rc;
    if (filing_check_all(op->a, &fc, &app->values, &op->issues) < 0) return -ERR_INVALID_INPUT;
    const ProvinceRules *p = filing_province(&fc, &app->values);
    const Values *principal = filing_principal(op->a, &fc, &app->values);
    *facts = (QueueFacts){.province = p ? p->code : 0,
                          .nature = filing_nature(&fc, &app->values),
                          .commercial = values_flag(&app->values, F_SITE_COMMERCIAL),
                          .principal = principal ? values_get(principal, F_PRINCIPAL_NAME) : ""};
    const char *site_number = values_get(&app->values, F_SITE_NUMBER);
    if (app->kind == KIND_NEW_ACCESS && *site_number) {
        rc = site_number_taken(db, site_number, app->site_id);
        if (rc == -ERR_SITE_NUMBER_TAKEN) {
            filing_issue_add(&op->issues, F_SITE_NUMBER, rc);
            return -ERR_INVALID_INPUT;
        }
        if (rc < 0) return rc;
    }
    rc = domain_check_free(db, app->domain, app->id, app->site_id);
    if (rc == -ERR_DOMAIN_TAKEN || rc == -ERR_DOMAIN_IN_FLIGHT) {
        filing_issue_add(&op->issues, F_SITE_DOMAIN, rc);
        return -ERR_INVALID_INPUT;
    }
    return rc < 0 ? rc : scans_check(db, op, app, s);
}

/* Submission is when a claim by number takes its number: the subject gets
** it (refused when another subject holds it) with the sealed password. */
static int claim_on_submit(Db *db, AppSubmit *op, const Application *app, const Subject *s) {
    if (!filing_kind_has_step(app->kind, STEP_CLAIM) || s->subject_number) return 0;
    const Values *v = &app->values;
    const char *number = values_get(v, F_CLAIM_SUBJECT_NUMBER);
    int rc = subject_set_claim(db, op->a, s->id, number, values_get(v, F_CLAIM_PASSWORD));
    FilingNumber fn;
    if (rc == 0 && filing_subject_number_parse(number, &fn) == 0)
        rc = subject_set_meta(db, s->id, values_get(v, F_CLAIM_SUBJECT_NAME),
                              values_get(v, F_CLAIM_NATURE), atoi(fn.province));
    if (rc == -ERR_CLAIM_NUMBER_TAKEN) filing_issue_add(&op->issues, F_CLAIM_SUBJECT_NUMBER, rc);
    return rc == -ERR_CLAIM_NUMBER_TAKEN ? -ERR_INVALID_INPUT : rc;
}

static int submit_one(Db *db, AppSubmit *op, Application *app, const Subject *s,
                      const QueueFacts *facts) {
    AppEvent ev = app->state == STATE_DRAFT ? EVENT_SUBMIT : EVENT_RESUBMIT;
    AppState to;
    int rc = lifecycle_next(app->kind, app->state, ev, ROLE_CUSTOMER, &to);
    if (rc == 0) rc = claim_on_submit(db, op, app, s);
    if (rc < 0) return rc;
    app->customer_note = op->note ? op->note : "";
    rc = app_store(db, op->a, app);
    if (rc == 0) { /* refused input left in a step is not what was submitted */
        DbRc d = db_exec(db, "DELETE FROM step_drafts WHERE application_id = ?", "i", app->id);
        if (d < 0) rc = db_err(d);
    }
    if (rc == 0)
        rc = app_set_facts(db, app->id, facts->province,
                           facts->nature ? nature_id(facts->nature) : "", facts->commercial,
                           facts->principal);
    if (rc == 0) rc = app_move(db, app, to, ev, op->who.id, "customer", op->note, NULL);
    if (rc == 0)
        rc = audit_write(db, &op->who,
                         ev == EVENT_SUBMIT ? "application.submit" : "application.resubmit",
                         "application", app->id, app->number);
    return rc;
}

/* A batch is one change and one new site of the same subject (seed §4.4). */
static int batch_ok(const Application *apps, size_t n) {
    if (n == 1) return 0;
    if (n != 2 || apps[0].subject_id != apps[1].subject_id) return -ERR_BATCH_INVALID;
    bool change = app_kind_is_change(apps[0].kind) || app_kind_is_change(apps[1].kind);
    bool site = apps[0].kind == KIND_NEW_SITE || apps[1].kind == KIND_NEW_SITE;
    return change && site && apps[0].state == STATE_DRAFT && apps[1].state == STATE_DRAFT
               ? 0
               : -ERR_BATCH_INVALID;
}

/* Name the application in flight a submission waits for. */
static int waiting_for(Db *db, AppSubmit *op, int64_t subject_id, int64_t batch) {
    Application *apps;
    size_t n;
    int rc = apps_of_subject(db, op->a, subject_id, false, &apps, &n);
    if (rc < 0) return rc;
    for (size_t i = 0; i < n; i++) {
        int64_t b = apps[i].batch_id ? apps[i].batch_id : apps[i].id;
        if (apps[i].state != STATE_DRAFT && lifecycle_in_flight(apps[i].state) && b != batch)
            op->waiting_for = apps[i].number;
    }
    return -ERR_APP_IN_FLIGHT;
}

int app_submit(Db *db, void *ctx) {
    AppSubmit *op = ctx;
    op->issues.n = 0;
    op->waiting_for = NULL;
    op->scans_missing = 0;
    if (op->n < 1 || op->n > 2) return -ERR_BATCH_INVALID;
    Application apps[2];
    Subject s;
    for (size_t i = 0; i < op->n; i++) {
        int rc = app_load(db, op->a, op->account_id, op->app_ids[i], &apps[i], &s);
        if (rc < 0) return rc;
    }
    int rc = batch_ok(apps, op->n);
    if (rc < 0) return rc;
    int64_t batch = op->n == 2 ? apps[0].id : (apps[0].batch_id ? apps[0].batch_id : apps[0].id);
    QueueFacts facts[2];
    for (size_t i = 0; i < op->n; i++) {
        rc = submit_check(db, op, &apps[i], &s, &facts[i]);
        if (rc < 0) return rc;
    }
    int64_t flying = 0;
    rc = apps_in_flight(db, s.id, batch, &flying);
    if (rc < 0) return rc;
    if (flying) return waiting_for(db, op, s.id, batch);
    for (size_t i = 0; i < op->n; i++) {
        if (op->n == 2) rc = app_set_batch(db, apps[i].id, batch);
        if (rc == 0) rc = submit_one(db, op, &apps[i], &s, &facts[i]);
        if (rc < 0) return rc;
    }
    return 0;
}

/* Withdrawing removes what only this application created (issue 11): the
** site it brought, never filed, and, when no other application of the
** subject is left, the subject's placeholder (a claim releases its number,
** a first filing its name), so the account starts again from nothing. */
static int withdraw_cleanup(Db *db, Arena *a, const Application *app, const Subject *s) {
    int rc = 0;
    if (app->site_id && app_kind_adds_site(app->kind))
        rc = site_drop_unfiled(db, app->site_id, app->id);
    if (rc < 0 || s->downloaded) return rc;
    bool abandoned = false;
    rc = subject_is_abandoned(db, a, s, &abandoned);
    if (rc < 0 || !abandoned) return rc;
    Site *sites;
    size_t n;
    rc = sites_of_subject(db, a, s->id, &sites, &n);
    for (size_t i = 0; rc == 0 && i < n; i++)
        if (sites[i].site_number) return 0; /* something filed stays */
    return rc == 0 ? subject_reset(db, s->id, s->origin) : rc;
}

int app_withdraw(Db *db, void *ctx) {
    AppWithdraw *op = ctx;
    Application app;
    Subject s;
    int rc = app_load(db, op->a, op->account_id, op->app_id, &app, &s);
    if (rc < 0) return rc;
    AppState to;
    rc = lifecycle_next(app.kind, app.state, EVENT_WITHDRAW, ROLE_CUSTOMER, &to);
    if (rc < 0) return rc;
    rc = app_move(db, &app, to, EVENT_WITHDRAW, op->who.id, "customer", NULL, NULL);
    if (rc == 0)
        rc = audit_write(db, &op->who, "application.withdraw", "application", app.id, app.number);
    if (rc == 0) rc = withdraw_cleanup(db, op->a, &app, &s);
    return rc;
}
