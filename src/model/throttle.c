/*
** Throttle rows.
*/
#include "model/throttle.h"

#include "core/err.h"

int throttle_check(Db *db, const char *key, int max, int window_s, int64_t now) {
    int64_t failures = 0;
    DbRc rc = db_query_i64(db, &failures,
                           "SELECT failures FROM login_throttle WHERE key = ? AND window_start > ?",
                           "ti", key, now - window_s);
    if (rc < 0) return db_err(rc);
    return failures >= max ? -ERR_THROTTLED : 0;
}

int throttle_fail(Db *db, const char *key, int window_s, int64_t now) {
    DbRc rc = db_exec(db,
                      "INSERT INTO login_throttle (key, failures, window_start) VALUES (?, 1, ?) "
                      "ON CONFLICT (key) DO UPDATE SET "
                      "failures = CASE WHEN login_throttle.window_start > ? "
                      "THEN login_throttle.failures + 1 ELSE 1 END, "
                      "window_start = CASE WHEN login_throttle.window_start > ? "
                      "THEN login_throttle.window_start ELSE ? END",
                      "tiiii", key, now, now - window_s, now - window_s, now);
    return rc < 0 ? db_err(rc) : 0;
}

int throttle_hit(Db *db, const char *key, int window_s, int64_t now, int64_t *count) {
    int rc = throttle_fail(db, key, window_s, now);
    if (rc < 0) return rc;
    DbRc d = db_query_i64(db, count, "SELECT failures FROM login_throttle WHERE key = ?", "t", key);
    return d < 0 ? db_err(d) : 0;
}

int throttle_forgive(Db *db, const char *key) {
    DbRc rc = db_exec(
        db, "UPDATE login_throttle SET failures = failures - 1 WHERE key = ? AND failures > 0", "t",
        key);
    return rc < 0 ? db_err(rc) : 0;
}

int throttle_clear(Db *db, const char *key) {
    DbRc rc = db_exec(db, "DELETE FROM login_throttle WHERE key = ?", "t", key);
    return rc < 0 ? db_err(rc) : 0;
}
