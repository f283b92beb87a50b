/*
** The staff's view of one application: everything a reviewer needs on one
** page, and which decisions are possible now.
*/
#include <string.h>

#include "core/err.h"
#include "core/util.h"
#include "model/logins.h"
#include "model/review.h"
#include "rules/lifecycle.h"

ReturnGuide return_guide_of(const ReturnReason *reasons, size_t n, bool supplement) {
    if (supplement) return GUIDE_SUPPLEMENT;
    ReturnGuide g = GUIDE_NONE;
    for (size_t i = 0; i < n; i++) {
        const char *code = reasons[i].code ? reasons[i].code : "";
        if (!strcmp(code, "no_form")) return GUIDE_NO_FORM;
        if (!strcmp(code, "commercial"))
            g = GUIDE_COMMERCIAL;
        else if (*code && g == GUIDE_NONE)
            g = GUIDE_OTHER;
    }
    return g;
}

/* Per checklist item: copies received, by whom, when; and its scans. */
static int view_materials(Db *db, ReviewView *rv) {
    const Checklist *c = &rv->v.checklist;
    rv->materials = ARENA_NEW(rv->v.a, MaterialState, c->n_items + 1);
    rv->n_materials = c->n_items;
    for (size_t i = 0; i < c->n_items; i++) {
        MaterialState *m = &rv->materials[i];
        m->item = &c->items[i];
        for (size_t f = 0; f < rv->v.nfiles; f++)
            if (!strcmp(rv->v.files[f].slot, m->item->code)) m->n_scans++;
        DbStmt *st;
        DbRc rc = db_query(db, &st,
                           "SELECT m.copies, a.login, m.received_at FROM materials_received m "
                           "LEFT JOIN accounts a ON a.id = m.received_by WHERE "
                           "m.application_id = ? AND m.item_code = ?",
                           "it", rv->v.app.id, m->item->code);
        if (rc < 0) return db_err(rc);
        if (rc == DB_ROW) {
            m->received = (int)db_col_i64(st, 0);
            m->received_by = db_col_text(st, rv->v.a, 1);
            m->received_at = db_col_i64(st, 2);
        }
        db_done(st);
    }
    return 0;
}

#define ONSITE_COLS                                                                                \
    "o.id, o.subject_id, o.application_id, COALESCE(o.photo_file_id, 0), "                         \
    "COALESCE(o.covered_by, 0), o.reviewer_id, o.created_at, o.kind, o.verified_on, o.rule, "      \
    "o.note, a.login, p.number"

static void onsite_row(DbStmt *st, Arena *a, OnsiteRecord *o) {
    o->id = db_col_i64(st, 0);
    o->subject_id = db_col_i64(st, 1);
    o->application_id = db_col_i64(st, 2);
    o->photo_file_id = db_col_i64(st, 3);
    o->covered_by = db_col_i64(st, 4);
    o->reviewer_id = db_col_i64(st, 5);
    o->created_at = db_col_i64(st, 6);
    o->kind = onsite_kind_parse(db_col_text(st, a, 7));
    o->verified_on = db_col_text(st, a, 8);
    o->rule = db_col_text(st, a, 9);
    o->note = db_col_text(st, a, 10);
    o->reviewer_login = db_col_text(st, a, 11);
    o->application_number = db_col_text(st, a, 12);
}

/* This application's latest record, and the subject's earlier "done" ones. */
static int view_onsite(Db *db, ReviewView *rv) {
    Arena *a = rv->v.a;
    DbStmt *st;
    DbRc rc = db_query(db, &st,
                       "SELECT " ONSITE_COLS " FROM onsite_verifications o LEFT JOIN accounts a ON "
                       "a.id = o.reviewer_id JOIN applications p ON p.id = o.application_id "
                       "WHERE o.subject_id = ? ORDER BY o.id DESC LIMIT 50",
                       "i", rv->v.subject.id);
    if (rc < 0) return db_err(rc);
    rv->earlier_onsite = ARENA_NEW(a, OnsiteRecord, 51);
    rv->n_earlier_onsite = 0;
    memset(&rv->onsite, 0, sizeof rv->onsite);
    while (rc == DB_ROW) {
        OnsiteRecord o;
        onsite_row(st, a, &o);
        if (o.application_id == rv->v.app.id && !rv->onsite.id)
            rv->onsite = o;
        else if (o.application_id != rv->v.app.id && o.kind == ONSITE_DONE)
            rv->earlier_onsite[rv->n_earlier_onsite++] = o;
        rc = db_step(st);
    }
    db_done(st);
    return rc < 0 ? db_err(rc) : 0;
}

static int view_calls(Db *db, ReviewView *rv) {
    Arena *a = rv->v.a;
    DbStmt *st;
    DbRc rc = db_query(db, &st,
                       "SELECT c.id, c.called_at, c.reviewer_id, c.person, c.outcome, c.note, "
                       "a.login FROM verification_calls c LEFT JOIN accounts a ON "
                       "a.id = c.reviewer_id WHERE c.application_id = ? ORDER BY c.id LIMIT 100",
                       "i", rv->v.app.id);
    if (rc < 0) return db_err(rc);
    rv->calls = ARENA_NEW(a, CallRecord, 101);
    rv->n_calls = 0;
    while (rc == DB_ROW) {
        CallRecord *c = &rv->calls[rv->n_calls++];
        c->id = db_col_i64(st, 0);
        c->called_at = db_col_i64(st, 1);
        c->reviewer_id = db_col_i64(st, 2);
        c->person = db_col_text(st, a, 3);
        c->outcome = db_col_text(st, a, 4);
        c->note = db_col_text(st, a, 5);
        c->reviewer_login = db_col_text(st, a, 6);
        rc = db_step(st);
    }
    db_done(st);
    return rc < 0 ? db_err(rc) : 0;
}

/* The subject's other sites and applications. */
static int view_subject(Db *db, ReviewView *rv) {
    Arena *a = rv->v.a;
    Site *sites;
    size_t n;
    int rc = sites_of_subject(db, a, rv->v.subject.id, &sites, &n);
    if (rc < 0) return rc;
    rv->other_sites = ARENA_NEW(a, Site, n + 1);
    rv->n_other_sites = 0;
    for (size_t i = 0; i < n; i++)
        if (sites[i].id != rv->v.app.site_id && (sites[i].site_number || *sites[i].domain))
            rv->other_sites[rv->n_other_sites++] = sites[i];
    Application *apps;
    rc = apps_of_subject(db, a, rv->v.subject.id, false, &apps, &n);
    if (rc < 0) return rc;
    rv->history = ARENA_NEW(a, Application, n + 1);
    rv->n_history = 0;
    for (size_t i = 0; i < n; i++)
        if (apps[i].id != rv->v.app.id) rv->history[rv->n_history++] = apps[i];
    return 0;
}

/* A change: the fields whose value differs from the filed record. */
static void view_changes(ReviewView *rv) {
    const Application *app = &rv->v.app;
    rv->changes = NULL;
    rv->n_changes = 0;
    if (!app_kind_is_change(app->kind)) return;
    const Values *before =
        app->kind == KIND_CHANGE_SUBJECT ? &rv->v.subject.record : &rv->v.site.record;
    size_t n;
    const FilingField *f = filing_fields(&n);
    rv->changes = ARENA_NEW(rv->v.a, FieldChange, n);
    for (size_t i = 0; i < n; i++) {
        if (!filing_kind_has_step(app->kind, f[i].step) || f[i].input == IN_SECRET) continue;
        const char *was = values_get(before, f[i].id), *now = values_get(&app->values, f[i].id);
        if (strcmp(was, now) != 0) rv->changes[rv->n_changes++] = (FieldChange){f[i].id, was, now};
    }
}

/* What this staff member may do now. */
static unsigned view_actions(const ReviewView *rv) {
    const Application *app = &rv->v.app;
    int64_t me = rv->v.who.id;
    unsigned ev = lifecycle_events(app->kind, app->state, rv->role);
    bool waiting = app_claimable(app->state);
    bool holds = app->claimed_by == me || (rv->role == ROLE_ADMIN && app->claimed_by);
    bool free_ = !app->claimed_by;
    unsigned can = 0;
    if (waiting && free_) can |= CAN_CLAIM;
    if (app->claimed_by && (app->claimed_by == me || rv->role == ROLE_ADMIN)) can |= CAN_RELEASE;
    if (waiting && app->claimed_by && app->claimed_by != me && rv->role == ROLE_ADMIN)
        can |= CAN_TAKE_OVER;
    if (waiting && (holds || free_)) {
        can |= CAN_RECORD;
        if (ev & (1u << EVENT_PROVIDER_APPROVE)) can |= CAN_PASS;
        if (ev & (1u << EVENT_PROVIDER_RETURN)) can |= CAN_RETURN;
    }
    if (ev & (1u << EVENT_REOPEN) && (!app->claimed_by || holds)) can |= CAN_REOPEN;
    return can;
}

int review_view(Db *db, void *ctx) {
    ReviewView *rv = ctx;
    rv->v.account_id = 0;
    if (!rv->v.audit_action) rv->v.audit_action = "application.view";
    int rc = app_view(db, &rv->v);
    if (rc == 0) rc = view_materials(db, rv);
    if (rc == 0) rc = view_onsite(db, rv);
    if (rc == 0) rc = view_calls(db, rv);
    if (rc == 0) rc = view_subject(db, rv);
    if (rc == 0) rc = login_of(db, rv->v.a, rv->v.app.claimed_by, &rv->claimed_login);
    if (rc == 0) rc = login_of(db, rv->v.a, rv->v.app.returned_by, &rv->returned_login);
    if (rc == 0) rc = review_pass_check(db, rv->v.a, &rv->v.app, &rv->v.subject, &rv->check);
    if (rc == 0) rc = regulator_uploads_of(db, rv->v.a, rv->v.app.id, &rv->uploads, &rv->n_uploads);
    if (rc == 0) rc = regulator_results_of(db, rv->v.a, rv->v.app.id, &rv->results, &rv->n_results);
    if (rc < 0) return rc;
    view_changes(rv);
    rv->can = view_actions(rv);
    rv->guide = rv->v.app.state == STATE_REGULATOR_RETURNED
                    ? return_guide_of(rv->v.reasons, rv->v.nreasons, rv->v.supplement)
                    : GUIDE_NONE;
    rv->std_reasons = NULL, rv->n_std_reasons = 0;
    if (rv->can & CAN_RETURN)
        rc = reason_templates_list(db, rv->v.a, true, &rv->std_reasons, &rv->n_std_reasons);
    return rc;
}
