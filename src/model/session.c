/*
** Session rows.
*/
#include "model/session.h"

#include <stdio.h>
#include <string.h>

#include "core/crypto.h"
#include "core/err.h"
#include "core/util.h"

static char *token_hash(Arena *a, const char *token) {
    return crypto_sha256_hex(a, token, strlen(token));
}

int session_create(Db *db, Arena *a, int64_t account_id, const char *ip, const char *user_agent,
                   char **token, int64_t *id) {
    *token = rand_token(a, 32);
    int64_t now = time_now();
    char ua[256] = "";
    utf8_copy_cut(ua, sizeof ua, user_agent); /* the column is text: never a cut character */
    DbRc rc = db_insert(db, id,
                        "INSERT INTO sessions (token_hash, account_id, created_at, last_seen, ip, "
                        "user_agent) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                        "tiiitt", token_hash(a, *token), account_id, now, now, ip, ua);
    return rc < 0 ? db_err(rc) : 0;
}

int session_lookup(Db *db, Arena *a, const char *token, SessionInfo *out) {
    DbStmt *st;
    DbRc rc = db_query(db, &st,
                       "SELECT s.id, s.account_id, s.created_at, s.last_seen, a.login, a.role, "
                       "a.status, a.display_name FROM sessions s JOIN accounts a "
                       "ON a.id = s.account_id WHERE s.token_hash = ?",
                       "t", token_hash(a, token));
    if (rc < 0) return db_err(rc);
    if (rc == DB_ROW) {
        out->id = db_col_i64(st, 0);
        out->account_id = db_col_i64(st, 1);
        out->created_at = db_col_i64(st, 2);
        out->last_seen = db_col_i64(st, 3);
        out->login = db_col_text(st, a, 4);
        out->role = db_col_text(st, a, 5);
        out->status = db_col_text(st, a, 6);
        out->display_name = db_col_text(st, a, 7);
    }
    db_done(st);
    return rc == DB_ROW ? 0 : -ERR_NOT_FOUND;
}

int session_touch(Db *db, int64_t id, int64_t now) {
    DbRc rc = db_exec(db, "UPDATE sessions SET last_seen = ? WHERE id = ?", "ii", now, id);
    return rc < 0 ? db_err(rc) : 0;
}

int session_delete(Db *db, int64_t id) {
    DbRc rc = db_exec(db, "DELETE FROM sessions WHERE id = ?", "i", id);
    return rc < 0 ? db_err(rc) : 0;
}

int session_delete_account(Db *db, int64_t account_id, int64_t keep_id) {
    DbRc rc = db_exec(db, "DELETE FROM sessions WHERE account_id = ? AND id <> ?", "ii", account_id,
                      keep_id);
    return rc < 0 ? db_err(rc) : 0;
}

int session_purge(Db *db, int64_t idle_cutoff, int64_t abs_cutoff) {
    DbRc rc = db_exec(db, "DELETE FROM sessions WHERE last_seen < ? OR created_at < ?", "ii",
                      idle_cutoff, abs_cutoff);
    return rc < 0 ? db_err(rc) : 0;
}
