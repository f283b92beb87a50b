/*
** Scheduled job rows and their leases.
*/
#include "model/schedule.h"

#include <string.h>

#include "core/err.h"

int schedule_ensure(Db *db, const char *name, int64_t first_run) {
    DbRc rc = db_exec(db,
                      "INSERT INTO jobs (name, next_run_at) VALUES (?, ?) "
                      "ON CONFLICT (name) DO NOTHING",
                      "ti", name, first_run);
    return rc < 0 ? db_err(rc) : 0;
}

int schedule_claim(Db *db, const char *name, const char *owner, int64_t now, int lease_s,
                   bool *claimed) {
    *claimed = false;
    /* Concurrent claims serialise on the row; the loser's WHERE no longer holds. */
    DbRc rc = db_exec(db,
                      "UPDATE jobs SET lease_owner = ?, lease_until = ? WHERE name = ? "
                      "AND next_run_at <= ? AND (lease_until IS NULL OR lease_until < ?)",
                      "titii", owner, now + lease_s, name, now, now);
    if (rc < 0) return db_err(rc);
    int64_t mine = 0;
    rc = db_query_i64(db, &mine,
                      "SELECT count(*) FROM jobs WHERE name = ? AND lease_owner = ? "
                      "AND lease_until = ?",
                      "tti", name, owner, now + lease_s);
    if (rc < 0) return db_err(rc);
    *claimed = mine == 1;
    return 0;
}

int schedule_done(Db *db, const char *name, const char *owner, int64_t now, int64_t next_run,
                  const char *error) {
    DbRc rc = db_exec(db,
                      "UPDATE jobs SET next_run_at = ?, lease_owner = NULL, lease_until = NULL, "
                      "last_run_at = ?, last_error = ?, runs = runs + 1 "
                      "WHERE name = ? AND lease_owner = ?",
                      "iitt"
                      "t",
                      next_run, now, error, name, owner);
    return rc < 0 ? db_err(rc) : 0;
}

int schedule_state(Db *db, Arena *a, const char *name, JobState *out) {
    DbStmt *st;
    DbRc rc = db_query(db, &st,
                       "SELECT next_run_at, last_run_at, runs, last_error FROM jobs WHERE name = ?",
                       "t", name);
    if (rc < 0) return db_err(rc);
    if (rc == DB_ROW) {
        out->next_run_at = db_col_i64(st, 0);
        out->last_run_at = db_col_null(st, 1) ? 0 : db_col_i64(st, 1);
        out->runs = db_col_i64(st, 2);
        out->last_error = db_col_text(st, a, 3);
    }
    db_done(st);
    return rc == DB_ROW ? 0 : -ERR_NOT_FOUND;
}
