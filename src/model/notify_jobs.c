/*
** The timers of notifications: the SMS deadline and its reminder, the
** warning and the close of returns left untouched. Each runs inside the
** scheduler's transaction (app/scheduler.c), which records the run.
*/
#include <string.h>

#include "core/err.h"
#include "core/util.h"
#include "model/app_decide.h"
#include "model/app_view.h"
#include "model/notify.h"

#define JOB_BATCH 500

/* Ids (and one integer each) from a query, at most JOB_BATCH. */
static int ids_of(DbStmt *st, DbRc rc, int64_t *ids, int64_t *vals, size_t *n) {
    *n = 0;
    if (rc < 0) return db_err(rc);
    for (; rc == DB_ROW && *n < JOB_BATCH; rc = db_step(st)) {
        ids[*n] = db_col_i64(st, 0);
        vals[*n] = db_col_i64(st, 1);
        (*n)++;
    }
    db_done(st);
    return rc < 0 ? db_err(rc) : 0;
}

/* One SMS message about application id with the given deadline. */
static int sms_message(Db *db, int64_t id, int64_t deadline, NoticeKind k) {
    Arena a;
    arena_init(&a);
    Application app;
    Subject s;
    int rc = app_load(db, &a, 0, id, &app, &s);
    if (rc == 0) {
        char *when = time_fmt_cst(&a, deadline);
        if (strlen(when) > 16) when[16] = 0; /* to the minute */
        NoticeFacts f = {.app_number = app.number,
                         .app_kind = app.kind,
                         .app_state = app.state,
                         .domain = app.domain,
                         .deadline = when};
        rc = notify_write(db, &a, s.account_id, k, id, &f,
                          arena_printf(&a, "/portal/applications/%lld", (long long)id));
    }
    arena_free(&a);
    return rc;
}

/* New deadlines (kind NOTICE_SMS_WAITING) or deadlines within the
** reminder's reach (NOTICE_SMS_REMINDER) not told yet. */
static int sms_pass(Db *db, int64_t now, NoticeKind k, int *messages) {
    bool remind = k == NOTICE_SMS_REMINDER;
    const char *col = remind ? "sms_reminded_for" : "sms_announced_for";
    Arena a;
    arena_init(&a);
    const char *sql =
        arena_printf(&a,
                     "SELECT id, sms_deadline FROM applications WHERE sms_deadline IS NOT NULL AND "
                     "sms_deadline > ? AND sms_deadline <= ? AND state = 'sms_verification' AND "
                     "(%s IS NULL OR %s <> sms_deadline) ORDER BY sms_deadline LIMIT %d",
                     col, col, JOB_BATCH);
    int64_t ids[JOB_BATCH], deadlines[JOB_BATCH];
    size_t n = 0;
    DbStmt *st;
    DbRc d = db_query(db, &st, sql, "ii", now,
                      remind ? now + NOTIFY_SMS_REMIND_S : (int64_t)INT64_MAX / 2);
    int rc = ids_of(st, d, ids, deadlines, &n);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        /* Announced late, within the reminder's reach: that was the reminder. */
        bool both = !remind && deadlines[i] - now <= NOTIFY_SMS_REMIND_S;
        rc = sms_message(db, ids[i], deadlines[i], k);
        if (rc == 0 && both)
            rc = db_err(db_exec(db,
                                "UPDATE applications SET sms_announced_for = ?, "
                                "sms_reminded_for = ? WHERE id = ?",
                                "iii", deadlines[i], deadlines[i], ids[i]));
        else if (rc == 0)
            rc = db_err(
                db_exec(db, arena_printf(&a, "UPDATE applications SET %s = ? WHERE id = ?", col),
                        "ii", deadlines[i], ids[i]));
        if (rc == 0) (*messages)++;
    }
    arena_free(&a);
    return rc;
}

int notify_sms_due(Db *db, int64_t now, int *messages) {
    *messages = 0;
    int rc = sms_pass(db, now, NOTICE_SMS_WAITING, messages);
    if (rc == 0) rc = sms_pass(db, now, NOTICE_SMS_REMINDER, messages);
    return rc;
}

/* Returns untouched since before `before` (and, for the warning, not
** warned since). The state list is the index's own (migration 0010). */
static int idle_returns(Db *db, int64_t before, bool warn, int64_t *ids, int64_t *at, size_t *n) {
    DbStmt *st;
    DbRc d = db_query(db, &st,
                      warn ? "SELECT id, updated_at FROM applications WHERE state IN "
                             "('provider_returned', 'regulator_returned') AND updated_at <= ? "
                             "AND (expiry_warned_at IS NULL OR expiry_warned_at < updated_at) "
                             "ORDER BY updated_at LIMIT 500"
                           : "SELECT id, updated_at FROM applications WHERE state IN "
                             "('provider_returned', 'regulator_returned') AND updated_at <= ? "
                             "ORDER BY updated_at LIMIT 500",
                      "i", before);
    return ids_of(st, d, ids, at, n);
}

static int warn_one(Db *db, int64_t id, int64_t updated_at, int64_t now) {
    Arena a;
    arena_init(&a);
    Application app;
    Subject s;
    int rc = app_load(db, &a, 0, id, &app, &s);
    if (rc == 0) {
        NoticeFacts f = {.app_number = app.number,
                         .app_kind = app.kind,
                         .app_state = app.state,
                         .domain = app.domain,
                         .days = (int)((now - updated_at) / 86400),
                         .close_days = NOTIFY_CLOSE_DAYS};
        rc = notify_write(db, &a, s.account_id, NOTICE_EXPIRY_WARNING, id, &f,
                          arena_printf(&a, "/portal/applications/%lld", (long long)id));
    }
    if (rc == 0)
        rc = db_err(db_exec(db, "UPDATE applications SET expiry_warned_at = ? WHERE id = ?", "ii",
                            now, id));
    arena_free(&a);
    return rc;
}

static int close_one(Db *db, int64_t id) {
    Arena a;
    arena_init(&a);
    AppDecide op = {.a = &a,
                    .app_id = id,
                    .event = EVENT_EXPIRE,
                    .role = ROLE_SYSTEM,
                    .who = {.id = 0, .login = "system"},
                    .note = "45"};
    op.note = arena_printf(&a, "%d", NOTIFY_CLOSE_DAYS);
    int rc = app_decide(db, &op);
    arena_free(&a);
    return rc;
}

int notify_expiry_due(Db *db, int64_t now, int *warned, int *closed) {
    *warned = *closed = 0;
    int64_t ids[JOB_BATCH], at[JOB_BATCH];
    size_t n = 0;
    int rc = idle_returns(db, now - (int64_t)NOTIFY_CLOSE_DAYS * 86400, false, ids, at, &n);
    for (size_t i = 0; rc == 0 && i < n; i++)
        if ((rc = close_one(db, ids[i])) == 0) (*closed)++;
    if (rc == 0) rc = idle_returns(db, now - (int64_t)NOTIFY_WARN_DAYS * 86400, true, ids, at, &n);
    for (size_t i = 0; rc == 0 && i < n; i++)
        if ((rc = warn_one(db, ids[i], at[i], now)) == 0) (*warned)++;
    return rc;
}
