/*
** The provider's review: claims, materials received, on-site verification,
** verification calls. (Decisions: review_decide.c; the view: review_view.c.)
*/
#include "model/review.h"

#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "core/err.h"
#include "core/util.h"
#include "model/files.h"
#include "rules/lifecycle.h"
#include "rules/validate.h"

/* Is the application waiting for the provider (a queue a reviewer works)? */
static bool in_review(const Application *app) {
    return app_claimable(app->state);
}

static int load(Db *db, Arena *a, int64_t app_id, Application *app, Subject *s) {
    return app_load(db, a, 0, app_id, app, s);
}

/* ------------------------------------------------------------- claims */

static int set_claim(Db *db, int64_t app_id, int64_t who, int64_t only_if) {
    DbRc rc;
    int64_t now = time_now();
    if (only_if < 0) /* unclaimed only: two reviewers at once, one wins */
        rc = db_exec(db,
                     "UPDATE applications SET claimed_by = ?, claimed_at = ? WHERE id = ? "
                     "AND claimed_by IS NULL",
                     "iii", who, now, app_id);
    else
        rc = db_exec(db,
                     "UPDATE applications SET claimed_by = NULLIF(?, 0), claimed_at = NULLIF(?, 0) "
                     "WHERE id = ?",
                     "iii", who, who ? now : 0, app_id);
    return rc < 0 ? db_err(rc) : 0;
}

static int holder_of(Db *db, int64_t app_id, int64_t *holder) {
    *holder = 0;
    DbRc rc =
        db_query_i64(db, holder, "SELECT claimed_by FROM applications WHERE id = ?", "i", app_id);
    return rc < 0 ? db_err(rc) : 0;
}

static const char *claim_audit(ClaimAction a) {
    return a == CLAIM_TAKE      ? "review.claim"
           : a == CLAIM_RELEASE ? "review.release"
                                : "review.take_over";
}

/* Check the action against who holds the application now. */
static int claim_allowed(const ReviewClaim *op, const Application *app) {
    bool admin = op->by.role == ROLE_ADMIN;
    if (op->action == CLAIM_RELEASE)
        return app->claimed_by == op->by.who.id || admin ? 0 : -ERR_NOT_YOUR_CLAIM;
    if (!in_review(app)) return -ERR_NOT_IN_REVIEW;
    if (op->action == CLAIM_TAKE_OVER) return admin ? 0 : -ERR_FORBIDDEN;
    if (app->claimed_by && app->claimed_by != op->by.who.id) return -ERR_CLAIMED;
    return 0;
}

int review_claim(Db *db, void *ctx) {
    ReviewClaim *op = ctx;
    Arena a;
    arena_init(&a);
    Application app;
    Subject s;
    int rc = load(db, &a, op->app_id, &app, &s);
    if (rc == 0) rc = claim_allowed(op, &app);
    int64_t prev = app.claimed_by;
    if (rc == 0 && op->action == CLAIM_TAKE)
        rc = set_claim(db, app.id, op->by.who.id, app.claimed_by ? app.claimed_by : -1);
    else if (rc == 0)
        rc = set_claim(db, app.id, op->action == CLAIM_RELEASE ? 0 : op->by.who.id, 0);
    if (rc == 0) rc = holder_of(db, app.id, &op->holder);
    if (rc == 0 && op->action == CLAIM_TAKE && op->holder != op->by.who.id) rc = -ERR_CLAIMED;
    const char *detail =
        prev && prev != op->holder ? arena_printf(&a, "from account %lld", (long long)prev) : NULL;
    if (rc == 0)
        rc = audit_write(db, &op->by.who, claim_audit(op->action), "application", app.id, detail);
    arena_free(&a);
    return rc;
}

/* A reviewer works on an application only while holding it: an
** unclaimed one is claimed; an admin may work on any. */
int review_hold(Db *db, const Reviewer *by, Application *app) {
    if (app->claimed_by == by->who.id || (by->role == ROLE_ADMIN && app->claimed_by)) return 0;
    if (app->claimed_by) return -ERR_CLAIMED;
    int rc = set_claim(db, app->id, by->who.id, -1);
    int64_t holder = 0;
    if (rc == 0) rc = holder_of(db, app->id, &holder);
    if (rc == 0 && holder != by->who.id) return -ERR_CLAIMED;
    if (rc == 0) app->claimed_by = holder;
    return rc == 0 ? audit_write(db, &by->who, "review.claim", "application", app->id, NULL) : rc;
}

/* ------------------------------------------------------- materials */

static int material_set(Db *db, int64_t app_id, const char *code, int copies, int64_t by) {
    DbRc rc =
        db_exec(db,
                "INSERT INTO materials_received (application_id, item_code, copies, "
                "received_by, received_at) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT (application_id, item_code) DO UPDATE SET copies = excluded.copies, "
                "received_by = excluded.received_by, received_at = excluded.received_at",
                "itiii", app_id, code, (int64_t)copies, by, time_now());
    return rc < 0 ? db_err(rc) : 0;
}

int review_materials(Db *db, void *ctx) {
    ReviewMaterials *op = ctx;
    Arena a;
    arena_init(&a);
    Application app;
    Subject s;
    Checklist c;
    bool has = false;
    int rc = load(db, &a, op->app_id, &app, &s);
    if (rc == 0) rc = in_review(&app) ? review_hold(db, &op->by, &app) : -ERR_NOT_IN_REVIEW;
    if (rc == 0) rc = app_checklist(db, &a, &app, &s, &c, &has, NULL);
    Buf detail;
    buf_init(&detail, &a);
    for (size_t i = 0; rc == 0 && i < op->n; i++) {
        const ChecklistItem *it = checklist_find(&c, op->ticks[i].code);
        if (!it)
            rc = -ERR_MATERIAL_UNKNOWN;
        else if (op->ticks[i].copies < 0 || op->ticks[i].copies > it->total)
            rc = -ERR_MATERIAL_COPIES;
        else
            rc = material_set(db, app.id, it->code, op->ticks[i].copies, op->by.who.id);
        if (rc == 0) buf_printf(&detail, "%s%s=%d", i ? ", " : "", it->code, op->ticks[i].copies);
    }
    if (rc == 0)
        rc = audit_write(db, &op->by.who, "review.materials", "application", app.id, detail.data);
    arena_free(&a);
    return rc;
}

/* ------------------------------------------------- on-site verification */

const char *onsite_kind_id(OnsiteKind k) {
    return k == ONSITE_DONE         ? "done"
           : k == ONSITE_COVERED    ? "covered"
           : k == ONSITE_NOT_NEEDED ? "not_needed"
                                    : NULL;
}

OnsiteKind onsite_kind_parse(const char *id) {
    if (!id) return 0;
    return !strcmp(id, "done")         ? ONSITE_DONE
           : !strcmp(id, "covered")    ? ONSITE_COVERED
           : !strcmp(id, "not_needed") ? ONSITE_NOT_NEEDED
                                       : 0;
}

/* "done": a valid date not in the future, and the on-site photo of this
** application. */
static int onsite_done_ok(Db *db, Arena *a, const ReviewOnsite *op) {
    int y, m, d;
    char tail;
    const char *s = op->verified_on ? op->verified_on : "";
    if (strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
        return -ERR_ONSITE_DATE;
    int ymd = y * 10000 + m * 100 + d;
    if (!rules_date_valid(ymd) || ymd > time_today_cst()) return -ERR_ONSITE_DATE;
    AppFile f;
    int rc = app_file_get(db, a, op->app_id, op->photo_file_id, &f);
    if (rc == -ERR_NOT_FOUND || (rc == 0 && strcmp(f.slot, FILE_SLOT_ONSITE_PHOTO)))
        return -ERR_ONSITE_PHOTO;
    return rc;
}

/* "covered": an earlier "done" verification of the same subject. */
static int onsite_covered_ok(Db *db, const ReviewOnsite *op, int64_t subject_id) {
    int64_t n = 0;
    DbRc rc = db_query_i64(db, &n,
                           "SELECT count(*) FROM onsite_verifications WHERE id = ? AND "
                           "subject_id = ? AND kind = 'done'",
                           "ii", op->covered_by, subject_id);
    if (rc < 0) return db_err(rc);
    return n ? 0 : -ERR_ONSITE_COVERED;
}

static int onsite_check(Db *db, Arena *a, const ReviewOnsite *op, const Application *app,
                        const Subject *s, const char **rule) {
    *rule = "";
    if (op->kind == ONSITE_DONE) return onsite_done_ok(db, a, op);
    if (op->kind == ONSITE_COVERED) return onsite_covered_ok(db, op, s->id);
    if (op->kind != ONSITE_NOT_NEEDED) return -ERR_FIELD_CHOICE;
    Checklist c;
    bool has = false;
    int rc = app_checklist(db, a, app, s, &c, &has, NULL);
    if (rc < 0) return rc;
    if (c.onsite) return -ERR_ONSITE_NEEDED;
    /* The rule that says so: the checklist's notice for this kind. */
    *rule = c.n_notices ? c.notices[0].code : "checklist";
    return 0;
}

static int onsite_insert(Db *db, const ReviewOnsite *op, const Application *app, const Subject *s,
                         const char *rule) {
    int64_t id;
    bool done = op->kind == ONSITE_DONE;
    DbRc rc = db_insert(db, &id,
                        "INSERT INTO onsite_verifications (subject_id, application_id, kind, "
                        "verified_on, photo_file_id, covered_by, rule, note, reviewer_id, "
                        "created_at) VALUES (?, ?, ?, ?, NULLIF(?, 0), NULLIF(?, 0), ?, ?, ?, ?) "
                        "RETURNING id",
                        "iittiittii", s->id, app->id, onsite_kind_id(op->kind),
                        done ? op->verified_on : "", done ? op->photo_file_id : 0,
                        op->kind == ONSITE_COVERED ? op->covered_by : 0, rule,
                        op->note ? op->note : "", op->by.who.id, time_now());
    return rc < 0 ? db_err(rc) : 0;
}

int review_onsite(Db *db, void *ctx) {
    ReviewOnsite *op = ctx;
    Application app;
    Subject s;
    const char *rule = "";
    int rc = load(db, op->a, op->app_id, &app, &s);
    if (rc == 0) rc = in_review(&app) ? review_hold(db, &op->by, &app) : -ERR_NOT_IN_REVIEW;
    if (rc == 0) rc = onsite_check(db, op->a, op, &app, &s, &rule);
    if (rc == 0) rc = onsite_insert(db, op, &app, &s, rule);
    /* Only a verification done on site makes the subject verified (its next
    ** site then needs the reduced materials of seed §1.2-I). */
    if (rc == 0 && op->kind == ONSITE_DONE) rc = subject_set_verified(db, s.id);
    if (rc == 0)
        rc = audit_write(db, &op->by.who, "review.onsite", "application", app.id,
                         onsite_kind_id(op->kind));
    return rc;
}

/* ------------------------------------------------- verification calls */

static const char *const call_persons[] = {"subject_principal", "site_principal", "legal_rep",
                                           NULL};
static const char *const call_outcomes[] = {"confirmed", "no_answer", "wrong_person",
                                            "refused",   "other",     NULL};

const char *const *review_call_persons(void) {
    return call_persons;
}

const char *const *review_call_outcomes(void) {
    return call_outcomes;
}

int review_call(Db *db, void *ctx) {
    ReviewCall *op = ctx;
    if (!str_in(op->person, call_persons) || !str_in(op->outcome, call_outcomes))
        return -ERR_FIELD_CHOICE;
    Arena a;
    arena_init(&a);
    Application app;
    Subject s;
    int rc = load(db, &a, op->app_id, &app, &s);
    if (rc == 0) rc = in_review(&app) ? review_hold(db, &op->by, &app) : -ERR_NOT_IN_REVIEW;
    int64_t now = time_now(), id;
    int64_t at = op->called_at > 0 && op->called_at <= now ? op->called_at : now;
    DbRc d = DB_DONE;
    if (rc == 0)
        d = db_insert(db, &id,
                      "INSERT INTO verification_calls (application_id, person, called_at, outcome, "
                      "note, reviewer_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                      "itittii", op->app_id, op->person, at, op->outcome, op->note ? op->note : "",
                      op->by.who.id, now);
    if (d < 0) rc = db_err(d);
    if (rc == 0)
        rc = audit_write(db, &op->by.who, "review.call", "application", op->app_id,
                         arena_printf(&a, "%s: %s", op->person, op->outcome));
    arena_free(&a);
    return rc;
}
