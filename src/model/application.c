/*
** Application rows, their transitions and return reasons.
*/
#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "core/err.h"
#include "core/util.h"
#include "model/application.h"
#include "model/notify.h"
#include "model/review_queue.h"
#include "model/sealed.h"
#include "rules/lifecycle.h"

#define APP_COLS                                                                                   \
    "id, number, subject_id, site_id, batch_id, kind, state, domain, values_sealed, steps_done, "  \
    "customer_note, created_by, created_at, updated_at, submitted_at, version, review_round, "     \
    "claimed_by, claimed_at, returned_by, queue, COALESCE(sms_deadline, 0)"

static int app_row(DbStmt *st, Arena *a, Application *o, bool with_values) {
    o->id = db_col_i64(st, 0);
    o->number = db_col_text(st, a, 1);
    o->subject_id = db_col_i64(st, 2);
    o->site_id = db_col_i64(st, 3);
    o->batch_id = db_col_i64(st, 4);
    char *kind = db_col_text(st, a, 5), *state = db_col_text(st, a, 6);
    o->kind = app_kind_parse(kind);
    o->state = app_state_parse(state);
    o->domain = db_col_text(st, a, 7);
    int rc = 0;
    if (with_values)
        rc = values_open(a, db_col_text(st, a, 8), &o->values);
    else
        values_init(&o->values, a);
    o->steps_done = db_col_text(st, a, 9);
    o->customer_note = db_col_text(st, a, 10);
    o->created_by = db_col_i64(st, 11);
    o->created_at = db_col_i64(st, 12);
    o->updated_at = db_col_i64(st, 13);
    o->submitted_at = db_col_i64(st, 14);
    o->version = (int)db_col_i64(st, 15);
    o->review_round = (int)db_col_i64(st, 16);
    o->claimed_by = db_col_null(st, 17) ? 0 : db_col_i64(st, 17);
    o->claimed_at = db_col_null(st, 18) ? 0 : db_col_i64(st, 18);
    o->returned_by = db_col_null(st, 19) ? 0 : db_col_i64(st, 19);
    o->queue = db_col_text(st, a, 20);
    o->sms_deadline = db_col_i64(st, 21);
    return rc;
}

int app_insert(Db *db, Arena *a, Application *app) {
    int64_t now = time_now();
    /* NULLIF keeps site_id NULL (no site) rather than a dangling 0. */
    DbRc rc = db_insert(db, &app->id,
                        "INSERT INTO applications (subject_id, site_id, kind, state, domain, "
                        "values_sealed, created_by, created_at, updated_at) "
                        "VALUES (?, NULLIF(?, 0), ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                        "iittttiii", app->subject_id, app->site_id, app_kind_id(app->kind),
                        app_state_id(app->state), app->domain ? app->domain : "",
                        values_seal(a, &app->values), app->created_by, now, now);
    if (rc < 0) return db_err(rc);
    /* A number staff and customers can quote: year of creation and the id. */
    char *year = time_fmt_cst(a, now);
    year[4] = 0;
    app->number = arena_printf(a, "A%s-%06lld", year, (long long)app->id);
    app->created_at = app->updated_at = now;
    app->version = 1;
    rc = db_exec(db, "UPDATE applications SET number = ? WHERE id = ?", "ti", app->number, app->id);
    return rc < 0 ? db_err(rc) : 0;
}

int app_get(Db *db, Arena *a, int64_t id, Application *out) {
    DbStmt *st;
    DbRc rc = db_query(db, &st, "SELECT " APP_COLS " FROM applications WHERE id = ?", "i", id);
    if (rc < 0) return db_err(rc);
    int ret = rc == DB_ROW ? app_row(st, a, out, true) : -ERR_NOT_FOUND;
    db_done(st);
    return ret;
}

int app_store(Db *db, Arena *a, Application *app) {
    int64_t now = time_now();
    DbRc rc =
        db_exec(db,
                "UPDATE applications SET values_sealed = ?, steps_done = ?, domain = ?, "
                "customer_note = ?, updated_at = ?, version = version + 1 "
                "WHERE id = ? AND version = ?",
                "ttttiii", values_seal(a, &app->values), app->steps_done ? app->steps_done : "",
                app->domain ? app->domain : "", app->customer_note ? app->customer_note : "", now,
                app->id, (int64_t)app->version);
    if (rc < 0) return db_err(rc);
    int64_t version = 0;
    rc = db_query_i64(db, &version, "SELECT version FROM applications WHERE id = ?", "i", app->id);
    if (rc < 0) return db_err(rc);
    if (version != app->version + 1) return -ERR_CONFLICT;
    app->version++;
    app->updated_at = now;
    return 0;
}

const char *app_queue_of(AppState state, int round) {
    switch (state) {
    case STATE_PROVIDER_REVIEW:
        return round > 1 ? "resubmitted" : "new";
    case STATE_REGULATOR_RETURNED:
        return "returned";
    case STATE_TO_REGULATOR:
        return "to_send";
    default:
        return "";
    }
}

bool app_claimable(AppState state) {
    return state == STATE_PROVIDER_REVIEW || state == STATE_REGULATOR_RETURNED;
}

/* Who holds the application after the event (0: nobody). */
static int64_t claim_after(const Application *app, AppEvent ev, int64_t actor_id) {
    if (ev == EVENT_RESUBMIT) return app->returned_by;
    if (ev == EVENT_REOPEN) return actor_id;
    return 0;
}

int app_move(Db *db, Application *app, AppState to, AppEvent ev, int64_t actor_id,
             const char *actor_role, const char *note, int64_t *transition_id) {
    int64_t now = time_now(), tid = 0;
    bool submitting = ev == EVENT_SUBMIT || ev == EVENT_RESUBMIT;
    int round = app->review_round + (submitting ? 1 : 0);
    const char *queue = app_queue_of(to, round);
    int64_t claimed = claim_after(app, ev, actor_id);
    int64_t returned = ev == EVENT_PROVIDER_RETURN ? actor_id : app->returned_by;
    DbRc rc =
        db_exec(db,
                "UPDATE applications SET state = ?, updated_at = ?, version = version + 1, "
                "submitted_at = CASE WHEN ? = 1 THEN ? ELSE submitted_at END, "
                "review_round = ?, queue = ?, claimed_by = NULLIF(?, 0), "
                "claimed_at = NULLIF(?, 0), returned_by = NULLIF(?, 0) WHERE id = ? AND state = ?",
                "tiiiitiiiit", app_state_id(to), now, (int64_t)submitting, now, (int64_t)round,
                queue, claimed, claimed ? now : 0, returned, app->id, app_state_id(app->state));
    if (rc < 0) return db_err(rc);
    if (strcmp(queue, app->queue ? app->queue : "") != 0) queue_counts_changed();
    rc = db_insert(db, &tid,
                   "INSERT INTO transitions (application_id, at, actor_id, actor_role, event, "
                   "from_state, to_state, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                   "iiitttt"
                   "t",
                   app->id, now, actor_id, actor_role, app_event_id(ev), app_state_id(app->state),
                   app_state_id(to), note ? note : "");
    if (rc < 0) return db_err(rc);
    /* Every event's messages, written when the operation has written the
    ** rest (reasons, numbers), in this transaction. */
    int nrc = notify_app_moved(db, app->id, ev, app->state, actor_id);
    if (nrc < 0) return nrc;
    app->state = to;
    app->version++;
    app->updated_at = now;
    app->review_round = round;
    app->queue = queue;
    app->claimed_by = claimed;
    app->claimed_at = claimed ? now : 0;
    app->returned_by = returned;
    if (submitting) app->submitted_at = now;
    if (transition_id) *transition_id = tid;
    return 0;
}

int app_set_batch(Db *db, int64_t id, int64_t batch_id) {
    DbRc rc = db_exec(db, "UPDATE applications SET batch_id = ? WHERE id = ?", "ii", batch_id, id);
    return rc < 0 ? db_err(rc) : 0;
}

int app_set_facts(Db *db, int64_t id, int province, const char *nature, bool commercial,
                  const char *principal_name) {
    DbRc rc = db_exec(db,
                      "UPDATE applications SET province = ?, nature = ?, commercial = ?, "
                      "principal_name = ? WHERE id = ?",
                      "ititi", (int64_t)province, nature, (int64_t)commercial, principal_name, id);
    return rc < 0 ? db_err(rc) : 0;
}

static int app_list(Db *db, Arena *a, DbStmt *st, DbRc rc, size_t cap, bool with_values,
                    Application **out, size_t *n) {
    if (rc < 0) return db_err(rc);
    *out = ARENA_NEW(a, Application, cap + 1);
    *n = 0;
    int ret = 0;
    while (rc == DB_ROW && *n < cap && ret == 0) {
        ret = app_row(st, a, &(*out)[(*n)++], with_values);
        rc = db_step(st);
    }
    db_done(st);
    (void)db;
    return rc < 0 ? db_err(rc) : ret;
}

int apps_of_subject(Db *db, Arena *a, int64_t subject_id, bool with_values, Application **out,
                    size_t *n) {
    int64_t count = 0;
    DbRc rc = db_query_i64(db, &count, "SELECT count(*) FROM applications WHERE subject_id = ?",
                           "i", subject_id);
    if (rc < 0) return db_err(rc);
    DbStmt *st;
    rc = db_query(db, &st,
                  "SELECT " APP_COLS " FROM applications WHERE subject_id = ? ORDER BY id DESC",
                  "i", subject_id);
    return app_list(db, a, st, rc, (size_t)count, with_values, out, n);
}

int apps_in_state(Db *db, Arena *a, AppState state, int limit, Application **out, size_t *n) {
    if (limit <= 0 || limit > 1000) limit = 200;
    DbStmt *st;
    DbRc rc = db_query(db, &st,
                       "SELECT " APP_COLS " FROM applications WHERE state = ? "
                       "ORDER BY submitted_at, id LIMIT ?",
                       "ti", app_state_id(state), (int64_t)limit);
    return app_list(db, a, st, rc, (size_t)limit, false, out, n);
}

/* The states of a submitted application still to be decided, as an SQL
** list, from the lifecycle (one truth). Drafts are the customer's own and
** do not count: a change and a new site are prepared side by side. */
static const char *in_flight_sql(Arena *a) {
    Buf b;
    buf_init(&b, a);
    for (int s = 1; s < STATE__COUNT; s++) {
        if (!lifecycle_in_flight((AppState)s) || s == STATE_DRAFT) continue;
        buf_printf(&b, "%s'%s'", b.len ? ", " : "", app_state_id((AppState)s));
    }
    return b.data;
}

int apps_in_flight(Db *db, int64_t subject_id, int64_t except_batch, int64_t *count) {
    Arena a;
    arena_init(&a);
    /* The list comes from the lifecycle's enum ids, never from input. */
    char *sql = arena_printf(&a,
                             "SELECT count(*) FROM applications WHERE subject_id = ? AND state IN "
                             "(%s) AND COALESCE(batch_id, id) <> ?",
                             in_flight_sql(&a));
    DbRc rc = db_query_i64(db, count, sql, "ii", subject_id, except_batch);
    arena_free(&a);
    return rc < 0 ? db_err(rc) : 0;
}

int app_domain_conflict(Db *db, const char *domain, int64_t app_id, int64_t site_id) {
    if (!domain || !*domain) return 0;
    int64_t n = 0;
    DbRc rc =
        db_query_i64(db, &n,
                     "SELECT count(*) FROM sites WHERE domain = ? AND site_number IS NOT NULL "
                     "AND id <> ?",
                     "ti", domain, site_id);
    if (rc < 0) return db_err(rc);
    if (n) return -ERR_DOMAIN_TAKEN;
    Arena a;
    arena_init(&a);
    char *sql = arena_printf(&a,
                             "SELECT count(*) FROM applications WHERE domain = ? AND id <> ? "
                             "AND state IN (%s)",
                             in_flight_sql(&a));
    rc = db_query_i64(db, &n, sql, "ti", domain, app_id);
    arena_free(&a);
    if (rc < 0) return db_err(rc);
    return n ? -ERR_DOMAIN_IN_FLIGHT : 0;
}

/* Room for one more row in an arena array of *cap rows (n used): doubled
** when full. One statement reads a list without counting it first (a
** round trip less on PostgreSQL). */
static void *grow(Arena *a, void *rows, size_t size, size_t n, size_t *cap) {
    if (n < *cap) return rows;
    size_t more = *cap ? 2 * *cap : 8;
    void *bigger = arena_alloc(a, more * size);
    if (n) memcpy(bigger, rows, n * size);
    *cap = more;
    return bigger;
}

int transitions_of(Db *db, Arena *a, int64_t app_id, Transition **out, size_t *n) {
    *out = NULL;
    *n = 0;
    size_t cap = 0;
    DbStmt *st;
    DbRc rc = db_query(db, &st,
                       "SELECT t.id, t.at, t.actor_id, a.login, t.actor_role, t.event, "
                       "t.from_state, t.to_state, t.note FROM transitions t LEFT JOIN accounts a "
                       "ON a.id = t.actor_id WHERE t.application_id = ? ORDER BY t.id",
                       "i", app_id);
    if (rc < 0) return db_err(rc);
    while (rc == DB_ROW) {
        *out = grow(a, *out, sizeof **out, *n, &cap);
        Transition *t = &(*out)[(*n)++];
        t->application_id = app_id;
        t->id = db_col_i64(st, 0);
        t->at = db_col_i64(st, 1);
        t->actor_id = db_col_i64(st, 2);
        t->actor_login = db_col_text(st, a, 3);
        t->actor_role = db_col_text(st, a, 4);
        t->event = db_col_text(st, a, 5);
        t->from_state = db_col_text(st, a, 6);
        t->to_state = db_col_text(st, a, 7);
        t->note = db_col_text(st, a, 8);
        rc = db_step(st);
    }
    db_done(st);
    if (!*out) *out = ARENA_NEW(a, Transition, 1);
    return rc < 0 ? db_err(rc) : 0;
}

int return_reason_add(Db *db, int64_t app_id, int64_t transition_id, FieldId field,
                      const char *reason, const char *suggestion, const char *code) {
    int64_t id;
    DbRc rc = db_insert(db, &id,
                        "INSERT INTO return_reasons (application_id, transition_id, field, reason, "
                        "suggestion, code) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                        "iitttt", app_id, transition_id, filing_field_key(field), reason,
                        suggestion ? suggestion : "", code ? code : "");
    return rc < 0 ? db_err(rc) : 0;
}

int return_reasons_latest(Db *db, Arena *a, int64_t app_id, ReturnReason **out, size_t *n) {
    *n = 0;
    *out = NULL;
    size_t cap = 0;
    /* The latest return's reasons: a later return without reasons (an SMS
    ** check that failed) must not bring back those of an earlier one. One
    ** statement: the latest return is found by the transitions' index
    ** (application_id, id), its reasons by return_reasons_transition. */
    DbStmt *st;
    DbRc rc = db_query(db, &st,
                       "SELECT id, transition_id, field, reason, suggestion, code FROM "
                       "return_reasons WHERE transition_id = (SELECT max(id) FROM transitions "
                       "WHERE application_id = ? AND to_state IN (?, ?)) ORDER BY id",
                       "itt", app_id, app_state_id(STATE_PROVIDER_RETURNED),
                       app_state_id(STATE_REGULATOR_RETURNED));
    if (rc < 0) return db_err(rc);
    while (rc == DB_ROW) {
        *out = grow(a, *out, sizeof **out, *n, &cap);
        ReturnReason *x = &(*out)[(*n)++];
        x->id = db_col_i64(st, 0);
        x->transition_id = db_col_i64(st, 1);
        x->field = filing_field_id(db_col_text(st, a, 2));
        x->reason = db_col_text(st, a, 3);
        x->suggestion = db_col_text(st, a, 4);
        x->code = db_col_text(st, a, 5);
        rc = db_step(st);
    }
    db_done(st);
    return rc < 0 ? db_err(rc) : 0;
}
