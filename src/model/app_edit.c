/*
** Starting an application and saving its steps.
*/
#include "model/app_edit.h"

#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/util.h"
#include "model/domain_check.h"
#include "model/overview.h"
#include "model/sealed.h"
#include "rules/lifecycle.h"

/* Is a subject in the state a kind needs to start? */
static int subject_ready(Db *db, Arena *a, AppKind kind, const Subject *s) {
    SubjectStatus st;
    int rc = subject_status_of(db, a, s, &st, NULL);
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

/* The subject a new application is for: the account's, or a new one for
** the kinds that bring their subject (a first filing, a claim by number). */
static int start_subject(Db *db, AppStart *op, Subject *s, bool *created) {
    int rc = subject_by_account(db, op->a, op->account_id, s);
    if (rc < 0 && rc != -ERR_NOT_FOUND) return rc;
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
    values_set(v, F_CLAIM_SUBJECT_NUMBER, s->subject_number ? s->subject_number : "");
    values_set(v, F_CLAIM_NATURE, s->nature);
    values_set(v, F_CLAIM_SUBJECT_NAME, *s->name ? s->name : values_get(r, F_SUBJECT_NAME));
    values_set(v, F_CLAIM_CERT_TYPE, values_get(r, F_SUBJECT_CERT_TYPE));
    values_set(v, F_CLAIM_CERT_NUMBER, values_get(r, F_SUBJECT_CERT_NUMBER));
    values_set(v, F_CLAIM_ADDRESS, values_get(r, F_SUBJECT_ADDRESS));
    values_copy_person(v, &PERSON_CLAIM, r, &PERSON_PRINCIPAL);
}

static bool about_site(AppKind k) {
    return k == KIND_CHANGE_SITE || k == KIND_CHANGE_ACCESS || k == KIND_CANCEL_SITE ||
           k == KIND_CANCEL_ACCESS;
}

/* Check the subject (and site) a kind needs, and fill what it starts from. */
static int start_prepare(Db *db, AppStart *op, const Subject *s, bool created, Application *app) {
    int rc = 0;
    if (op->kind == KIND_NEW_ACCESS || (!created && !about_site(op->kind)))
        rc = subject_ready(db, op->a, op->kind, s);
    if (rc < 0) return rc;
    if (about_site(op->kind)) {
        Site site;
        rc = site_ready(db, op->a, s, op->site_id, &site);
        if (rc < 0) return rc;
        app->site_id = site.id;
        values_copy_groups(&app->values, &site.record, GROUPS_SITE);
    } else if (app_kind_adds_site(op->kind)) {
        rc = site_insert(db, s->id, &app->site_id);
    }
    if (op->kind == KIND_CHANGE_SUBJECT)
        values_copy_groups(&app->values, &s->record, GROUPS_SUBJECT);
    if (op->kind == KIND_NEW_ACCESS && !created) prefill_claim(&app->values, s);
    return rc;
}

int app_start(Db *db, void *ctx) {
    AppStart *op = ctx;
    op->app_id = 0;
    op->first_step = 0;
    if (op->kind <= 0 || op->kind >= KIND__COUNT) return -ERR_FIELD_CHOICE;
    Subject s;
    bool created;
    int rc = start_subject(db, op, &s, &created);
    if (rc < 0) return rc;
    /* A draft may be prepared while another application is in flight; only
    ** its submission waits (app_submit). */
    Application app = {
        .subject_id = s.id, .kind = op->kind, .state = STATE_DRAFT, .created_by = op->account_id};
    values_init(&app.values, op->a);
    rc = start_prepare(db, op, &s, created, &app);
    if (rc == 0) rc = app_insert(db, op->a, &app);
    if (rc < 0) return rc;
    op->app_id = app.id;
    size_t n;
    op->first_step = filing_steps(op->kind, &n)[0];
    return audit_write(db, &op->who, "application.create", "application", app.id,
                       app_kind_id(op->kind));
}

static const char *steps_add(Arena *a, const Application *app, FilingStep step) {
    const char *done = app->steps_done;
    if (app_step_done(app, step)) return done;
    return done && *done ? arena_printf(a, "%s,%s", done, filing_step_id(step))
                         : arena_strdup(a, filing_step_id(step));
}

/* In a returned application only the fields the return names may change;
** a reason for the application as a whole opens every field. */
static bool field_open(const ReturnReason *r, size_t n, bool returned, FieldId id) {
    if (!returned || n == 0) return true; /* a return without reasons opens the whole */
    for (size_t i = 0; i < n; i++)
        if (!r[i].field || r[i].field == id) return true;
    /* A claim number to fix comes with its password. */
    if (id == F_CLAIM_PASSWORD) return field_open(r, n, returned, F_CLAIM_SUBJECT_NUMBER);
    return false;
}

/* Merge the step's input into app->values; a locked field changed by an
** API client is an issue. */
static void merge_step(AppSaveStep *op, Application *app) {
    bool returned = app->state != STATE_DRAFT;
    size_t n;
    const FilingField *f = filing_fields(&n);
    for (size_t i = 0; i < n; i++) {
        if (f[i].step != op->step) continue;
        const char *in = values_get(op->input, f[i].id);
        if (!field_open(op->reasons, op->nreasons, returned, f[i].id)) {
            /* The page sends no locked field; an API client that changes one is told. */
            if (values_has(op->input, f[i].id) && *in &&
                strcmp(in, values_get(&app->values, f[i].id)) != 0)
                filing_issue_add(&op->issues, f[i].id, ERR_FIELD_LOCKED);
            continue;
        }
        /* An empty secret or personal field keeps what was saved: the forms
        ** do not send those back to the browser. */
        if ((f[i].input == IN_SECRET || (f[i].flags & FD_PERSONAL)) && !*in &&
            *values_get(&app->values, f[i].id))
            continue;
        values_set(&app->values, f[i].id, in);
    }
}

/* Check the merged step; a new claim number needs its own password, and a
** subject Beian holds keeps its number. */
static int save_check(Db *db, AppSaveStep *op, Application *app, const Subject *s,
                      const char *old_number, FilingContext *fc) {
    if (op->step == STEP_CLAIM &&
        strcmp(old_number, values_get(&app->values, F_CLAIM_SUBJECT_NUMBER)) &&
        !*values_get(op->input, F_CLAIM_PASSWORD))
        values_set(&app->values, F_CLAIM_PASSWORD, "");
    ProvinceRules *prov = ARENA_NEW(op->a, ProvinceRules, 1);
    int rc = app_context(db, op->a, app, s, &app->values, fc, prov);
    if (rc < 0) return rc;
    if (filing_check_step(op->a, op->step, fc, &app->values, &op->issues) < 0)
        return -ERR_INVALID_INPUT;
    /* A domain another subject holds or has under review is said at the
    ** step where it is typed, not only at submission (issue 11). */
    if (op->step == STEP_SITE) {
        rc = domain_check_free(db, values_get(&app->values, F_SITE_DOMAIN), app->id, app->site_id);
        if (rc == -ERR_DOMAIN_TAKEN || rc == -ERR_DOMAIN_IN_FLIGHT) {
            filing_issue_add(&op->issues, F_SITE_DOMAIN, rc);
            return -ERR_INVALID_INPUT;
        }
        if (rc < 0) return rc;
    }
    /* The claim itself is only kept in the (sealed) values until
    ** submission, so a draft reserves nothing. */
    if (op->step == STEP_CLAIM && s->subject_number &&
        strcmp(s->subject_number, values_get(&app->values, F_CLAIM_SUBJECT_NUMBER)) != 0) {
        filing_issue_add(&op->issues, F_CLAIM_SUBJECT_NUMBER, ERR_CLAIM_NUMBER_LOCKED);
        return -ERR_INVALID_INPUT;
    }
    return 0;
}

/* Store the saved step and the plain columns lists show. */
static int save_store(Db *db, AppSaveStep *op, Application *app, const Subject *s) {
    app->steps_done = steps_add(op->a, app, op->step);
    if (op->step == STEP_SITE) app->domain = values_get(&app->values, F_SITE_DOMAIN);
    int rc = app_store(db, op->a, app);
    const Values *v = &app->values;
    if (rc == 0 && op->step == STEP_SUBJECT && app->kind == KIND_FIRST_FILING)
        rc = subject_set_meta(db, s->id, values_get(v, F_SUBJECT_NAME),
                              values_get(v, F_SUBJECT_NATURE),
                              atoi(values_get(v, F_SUBJECT_PROVINCE)) / 10000);
    if (rc == 0 && op->step == STEP_SITE && app_kind_adds_site(app->kind))
        rc = site_set_meta(db, app->site_id, values_get(v, F_SITE_NAME), app->domain);
    return rc;
}

/* The draft of a step (0 and *draft_at = 0 when there is none). */
static int draft_load(Db *db, Arena *a, int64_t app_id, FilingStep step, Values *out,
                      int64_t *draft_at) {
    *draft_at = 0;
    DbStmt *st;
    DbRc d = db_query(db, &st,
                      "SELECT values_sealed, saved_at FROM step_drafts WHERE application_id = ? "
                      "AND step = ?",
                      "it", app_id, filing_step_id(step));
    if (d < 0) return db_err(d);
    int rc = 0;
    if (d == DB_ROW) {
        rc = values_open(a, db_col_text(st, a, 0), out);
        *draft_at = db_col_i64(st, 1);
    }
    db_done(st);
    return rc;
}

static int draft_drop(Db *db, int64_t app_id, FilingStep step) {
    DbRc d = db_exec(db, "DELETE FROM step_drafts WHERE application_id = ? AND step = ?", "it",
                     app_id, filing_step_id(step));
    return d < 0 ? db_err(d) : 0;
}

/* Load what a step needs: the application, its latest return, its nature. */
static int step_load(Db *db, Arena *a, int64_t account_id, int64_t app_id, FilingStep step,
                     Application *app, Subject *s, ReturnReason **reasons, size_t *nreasons) {
    *reasons = NULL;
    *nreasons = 0;
    int rc = app_load(db, a, account_id, app_id, app, s);
    if (rc < 0) return rc;
    if (!filing_kind_has_step(app->kind, step) || step == STEP_VERIFY) return -ERR_NOT_FOUND;
    return app->state != STATE_DRAFT ? return_reasons_latest(db, a, app->id, reasons, nreasons) : 0;
}

int app_save_step(Db *db, void *ctx) {
    AppSaveStep *op = ctx;
    op->issues.n = 0;
    op->complete = false;
    op->next_step = 0;
    Subject s;
    int rc = step_load(db, op->a, op->account_id, op->app_id, op->step, &op->app, &s, &op->reasons,
                       &op->nreasons);
    if (rc < 0) return rc;
    FilingContext known = {.nature = subject_nature(&s)};
    op->nature = filing_nature(&known, &op->app.values);
    op->shown = op->app.values;
    if (!lifecycle_customer_can_edit(op->app.state)) return -ERR_APP_NOT_EDITABLE;
    Application app = op->app;
    const char *old_number = values_get(&app.values, F_CLAIM_SUBJECT_NUMBER);
    merge_step(op, &app);
    op->shown = app.values;
    op->nature = filing_nature(&known, &app.values);
    /* A refused input is still checked, so every error of the step is
    ** answered in one round (issue 11); nothing is stored. */
    bool refused = op->issues.n || op->refuse;
    FilingContext fc;
    rc = save_check(db, op, &app, &s, old_number, &fc);
    if (refused && (rc == 0 || rc == -ERR_INVALID_INPUT)) return -ERR_INVALID_INPUT;
    if (rc == 0) rc = save_store(db, op, &app, &s);
    if (rc == 0) rc = draft_drop(db, app.id, op->step);
    if (rc < 0) return rc;
    op->shown = app.values;
    op->next_step = filing_step_next(app.kind, op->step);
    FilingIssues all = {0};
    Values whole = app.values;
    op->complete = app_steps_complete(&app) && filing_check_all(op->a, &fc, &whole, &all) == 0;
    return audit_write(db, &op->who, "application.save", "application", app.id,
                       filing_step_id(op->step));
}

int app_step_form(Db *db, void *ctx) {
    AppStepForm *op = ctx;
    op->issues.n = 0;
    Subject s;
    int rc = step_load(db, op->a, op->account_id, op->app_id, op->step, &op->app, &s, &op->reasons,
                       &op->nreasons);
    if (rc < 0) return rc;
    FilingContext known = {.nature = subject_nature(&s)};
    op->shown = op->app.values;
    Values draft;
    values_init(&draft, op->a);
    if (lifecycle_customer_can_edit(op->app.state))
        rc = draft_load(db, op->a, op->app.id, op->step, &draft, &op->draft_at);
    if (rc == 0 && op->draft_at) {
        /* Merged and checked as a save would, so the form shows its errors
        ** again (what it depends on may have changed meanwhile). */
        AppSaveStep save = {.a = op->a,
                            .step = op->step,
                            .input = &draft,
                            .app = op->app,
                            .reasons = op->reasons,
                            .nreasons = op->nreasons};
        Application app = op->app;
        const char *old_number = values_get(&app.values, F_CLAIM_SUBJECT_NUMBER);
        merge_step(&save, &app);
        FilingContext fc;
        rc = save_check(db, &save, &app, &s, old_number, &fc);
        if (rc == -ERR_INVALID_INPUT) rc = 0;
        op->shown = app.values;
        op->issues = save.issues;
    }
    op->nature = filing_nature(&known, &op->shown);
    return rc;
}

/* The application a draft of a step belongs to, with its latest return. */
typedef struct DraftOf {
    Application app;
    ReturnReason *reasons;
    size_t nreasons;
} DraftOf;

static int draft_of(Db *db, const AppStepDraft *op, DraftOf *d) {
    Subject s;
    return step_load(db, op->a, op->account_id, op->app_id, op->step, &d->app, &s, &d->reasons,
                     &d->nreasons);
}

int app_keep_draft(Db *db, void *ctx) {
    AppStepDraft *op = ctx;
    DraftOf of;
    int rc = draft_of(db, op, &of);
    if (rc < 0) return rc;
    if (!lifecycle_customer_can_edit(of.app.state)) return -ERR_APP_NOT_EDITABLE;
    Values keep;
    values_init(&keep, op->a);
    size_t n;
    const FilingField *f = filing_fields(&n);
    for (size_t i = 0; i < n; i++)
        if (f[i].step == op->step && f[i].input != IN_SECRET && values_has(op->input, f[i].id) &&
            field_open(of.reasons, of.nreasons, of.app.state != STATE_DRAFT, f[i].id))
            values_set(&keep, f[i].id, values_get(op->input, f[i].id));
    DbRc d =
        db_exec(db,
                "INSERT INTO step_drafts (application_id, step, values_sealed, saved_at) "
                "VALUES (?, ?, ?, ?) ON CONFLICT (application_id, step) DO UPDATE SET "
                "values_sealed = excluded.values_sealed, saved_at = excluded.saved_at",
                "itti", of.app.id, filing_step_id(op->step), values_seal(op->a, &keep), time_now());
    return d < 0 ? db_err(d) : 0;
}

int app_discard_draft(Db *db, void *ctx) {
    AppStepDraft *op = ctx;
    DraftOf of;
    int rc = draft_of(db, op, &of);
    return rc < 0 ? rc : draft_drop(db, of.app.id, op->step);
}
