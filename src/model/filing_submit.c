/*
** Verify & submit (信息核实提交): the view of an application with its check
** and materials checklist, submission (alone or as a batch), withdrawal.
*/
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/util.h"
#include "model/filing_internal.h"
#include "rules/filing_number.h"
#include "rules/lifecycle.h"
#include "rules/province.h"

void filing_checklist_facts(const Application *app, const Subject *s, const Values *principal,
                            ChecklistFacts *f) {
    const Values *v = &app->values;
    memset(f, 0, sizeof *f);
    f->kind = app->kind;
    f->nature = nature_parse(values_get(v, "subject_nature"));
    if (!f->nature) f->nature = nature_parse(values_get(v, "claim_nature"));
    if (!f->nature) f->nature = nature_parse(s->nature);
    if (!f->nature) f->nature = nature_parse(values_get(&s->record, "subject_nature"));
    bool site = filing_kind_has_step(app->kind, STEP_SITE) || app->site_id;
    f->n_sites = site ? 1 : 0;
    f->n_domains = app_kind_adds_site(app->kind) ? 1 : 0;
    f->verified_before = s->verified_on_site;
    const char *pid = principal ? values_get(principal, "principal_id_number") : "";
    const char *sid = values_get(v, "site_principal_id_number");
    if (!*sid && app->site_id) sid = pid; /* "same as the subject principal" */
    f->principals_differ =
        filing_kind_has_step(app->kind, STEP_SITE) && *sid && *pid && strcmp(sid, pid);
    const char *legal = principal ? values_get(principal, "legal_id_number") : "";
    f->legal_rep_is_site_principal = *legal && *sid && !strcmp(legal, sid);
    f->principal_changed = app->kind == KIND_CHANGE_SUBJECT &&
                           strcmp(values_get(v, "principal_id_number"),
                                  values_get(&s->record, "principal_id_number")) != 0;
    f->commercial = values_flag(v, "site_commercial");
    f->pre_approval = *values_get(v, "site_preapprovals") != 0;
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

int op_view(Db *db, void *ctx) {
    AppView *v = ctx;
    Arena *a = v->a;
    memset(&v->issues, 0, sizeof v->issues);
    v->complete = false;
    v->has_province = false;
    v->site.id = 0;
    int rc = load_app_for(db, a, v->account_id, v->app_id, &v->app, &v->subject);
    if (rc < 0) return rc;
    if (v->app.site_id) {
        rc = site_get(db, a, v->app.site_id, &v->site);
        if (rc < 0) return rc;
    }
    FilingContext fc;
    Values check = values_dup(a, &v->app.values);
    rc = filing_context(db, a, &v->app, &v->subject, &check, &fc, &v->province);
    if (rc < 0) return rc;
    v->principal = filing_principal(a, &fc, &v->app.values);
    v->has_province = fc.province != NULL;
    filing_check_all(a, &fc, &check, &v->issues);
    v->complete = v->issues.n == 0 && app_steps_complete(&v->app);
    ChecklistFacts facts;
    filing_checklist_facts(&v->app, &v->subject, v->principal, &facts);
    rc = batch_supplement(db, a, &v->app, &facts.supplement);
    if (rc < 0) return rc;
    v->supplement = facts.supplement;
    memset(&v->checklist, 0, sizeof v->checklist);
    if (v->has_province) checklist_build(&facts, &v->province, &v->checklist);
    rc = return_reasons_latest(db, a, v->app.id, &v->reasons, &v->nreasons);
    if (rc == 0) rc = transitions_of(db, a, v->app.id, &v->transitions, &v->ntransitions);
    return rc;
}

/* Check one application for submission; its values are replaced by the
** normalised ones. */
static int submit_check(Db *db, OpSubmit *op, Application *app, Subject *s) {
    if (!lifecycle_customer_can_edit(app->state)) return -ERR_APP_NOT_EDITABLE;
    if (!app_steps_complete(app)) return -ERR_STEP_INCOMPLETE;
    FilingContext fc;
    ProvinceRules prov;
    int rc = filing_context(db, op->a, app, s, &app->values, &fc, &prov);
    if (rc < 0) return rc;
    if (filing_check_all(op->a, &fc, &app->values, &op->issues) < 0) return -ERR_INVALID_INPUT;
    const char *site_number = values_get(&app->values, "site_number");
    if (app->kind == KIND_NEW_ACCESS && *site_number) {
        rc = site_number_taken(db, site_number, app->site_id);
        if (rc == -ERR_SITE_NUMBER_TAKEN && op->issues.n < FILING_MAX_ISSUES) {
            op->issues.items[op->issues.n++] = (FilingIssue){"site_number", -rc};
            return -ERR_INVALID_INPUT;
        }
        if (rc < 0) return rc;
    }
    rc = app_domain_conflict(db, app->domain, app->id, app->site_id);
    if (rc == -ERR_DOMAIN_TAKEN || rc == -ERR_DOMAIN_IN_FLIGHT) {
        if (op->issues.n < FILING_MAX_ISSUES)
            op->issues.items[op->issues.n++] = (FilingIssue){"site_domain", -rc};
        return -ERR_INVALID_INPUT;
    }
    return rc;
}

/* Submission is when a claim by number takes its number: the subject gets
** it (refused when another subject holds it) with the sealed password. */
static int claim_on_submit(Db *db, OpSubmit *op, const Application *app, const Subject *s) {
    if (!filing_kind_has_step(app->kind, STEP_CLAIM) || s->subject_number) return 0;
    const char *number = values_get(&app->values, "claim_subject_number");
    int rc =
        subject_set_claim(db, op->a, s->id, number, values_get(&app->values, "claim_password"));
    FilingNumber fn;
    if (rc == 0 && filing_subject_number_parse(number, &fn) == 0)
        rc = subject_set_meta(db, s->id, values_get(&app->values, "claim_subject_name"),
                              values_get(&app->values, "claim_nature"), atoi(fn.province));
    if (rc == -ERR_CLAIM_NUMBER_TAKEN && op->issues.n < FILING_MAX_ISSUES)
        op->issues.items[op->issues.n++] = (FilingIssue){"claim_subject_number", -rc};
    return rc == -ERR_CLAIM_NUMBER_TAKEN ? -ERR_INVALID_INPUT : rc;
}

static int submit_one(Db *db, OpSubmit *op, Application *app, const Subject *s) {
    AppEvent ev = app->state == STATE_DRAFT ? EVENT_SUBMIT : EVENT_RESUBMIT;
    AppState to;
    int rc = lifecycle_next(app->kind, app->state, ev, ROLE_CUSTOMER, &to);
    if (rc == 0) rc = claim_on_submit(db, op, app, s);
    if (rc < 0) return rc;
    app->customer_note = op->note ? op->note : "";
    rc = app_save(db, op->a, app);
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

int op_submit(Db *db, void *ctx) {
    OpSubmit *op = ctx;
    op->issues.n = 0;
    if (op->n < 1 || op->n > 2) return -ERR_BATCH_INVALID;
    Application apps[2];
    Subject s;
    for (size_t i = 0; i < op->n; i++) {
        int rc = load_app_for(db, op->a, op->account_id, op->app_ids[i], &apps[i], &s);
        if (rc < 0) return rc;
    }
    int rc = batch_ok(apps, op->n);
    if (rc < 0) return rc;
    int64_t batch = op->n == 2 ? apps[0].id : (apps[0].batch_id ? apps[0].batch_id : apps[0].id);
    for (size_t i = 0; i < op->n; i++) {
        rc = submit_check(db, op, &apps[i], &s);
        if (rc < 0) return rc;
    }
    int64_t flying = 0;
    rc = apps_in_flight(db, s.id, batch, &flying);
    if (rc < 0) return rc;
    if (flying) return -ERR_APP_IN_FLIGHT;
    for (size_t i = 0; i < op->n; i++) {
        if (op->n == 2) rc = app_set_batch(db, apps[i].id, batch);
        if (rc == 0) rc = submit_one(db, op, &apps[i], &s);
        if (rc < 0) return rc;
    }
    return 0;
}

int op_withdraw(Db *db, void *ctx) {
    OpWithdraw *op = ctx;
    Application app;
    Subject s;
    int rc = load_app_for(db, op->a, op->account_id, op->app_id, &app, &s);
    if (rc < 0) return rc;
    AppState to;
    rc = lifecycle_next(app.kind, app.state, EVENT_WITHDRAW, ROLE_CUSTOMER, &to);
    if (rc < 0) return rc;
    rc = app_move(db, &app, to, EVENT_WITHDRAW, op->who.id, "customer", NULL, NULL);
    if (rc == 0)
        rc = audit_write(db, &op->who, "application.withdraw", "application", app.id, app.number);
    /* A claim withdrawn before anything was filed releases the number. */
    if (rc == 0 && !strcmp(s.origin, "claimed") && !s.downloaded) {
        bool abandoned = false;
        rc = subject_is_abandoned(db, op->a, &s, &abandoned);
        if (rc == 0 && abandoned) rc = subject_reset(db, s.id, "claimed");
    }
    return rc;
}
