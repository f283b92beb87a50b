/*
** The regulator gateway's outbox and links (model/regulator_outbox.h).
*/
#include "model/regulator_outbox.h"

#include <string.h>

#include "core/crypto.h"
#include "core/err.h"
#include "core/log.h"
#include "core/util.h"
#include "model/app_decide.h"
#include "model/regulator_upload.h"

/* ----------------------------------------------------------------- links */

static int link_ensure(Db *db, int64_t id) {
    DbRc rc = db_exec(db, "INSERT INTO regulator_links (id) VALUES (?) ON CONFLICT (id) DO NOTHING",
                      "i", id);
    if (rc >= 0)
        rc = db_exec(db,
                     "INSERT INTO regulator_link_status (link_id) VALUES (?) "
                     "ON CONFLICT (link_id) DO NOTHING",
                     "i", id);
    return rc < 0 ? db_err(rc) : 0;
}

/* Passing a filing takes the next number: the link's row must exist, and is
** read without writing when it does (the worker writes only the status). */
static int link_exists(Db *db, int64_t id) {
    int64_t n = 0;
    DbRc rc = db_query_i64(db, &n, "SELECT count(*) FROM regulator_links WHERE id = ?", "i", id);
    if (rc < 0) return db_err(rc);
    return n ? 0 : link_ensure(db, id);
}

int regulator_links_sync(Db *db, const RegLinkConf *links, size_t n) {
    for (size_t i = 0; i < n; i++) {
        const RegLinkConf *l = &links[i];
        int rc = link_ensure(db, l->id);
        if (rc < 0) return rc;
        const char *ep = l->endpoint ? l->endpoint : "";
        DbRc d = db_exec(db,
                         "UPDATE regulator_links SET endpoint = ?, isp_id = ? WHERE id = ? AND "
                         "(endpoint <> ? OR isp_id <> ?)",
                         "tiiti", ep, l->isp_id, l->id, ep, l->isp_id);
        if (d < 0) return db_err(d);
        for (size_t p = 0; p < l->n_provinces; p++) {
            d = db_exec(db,
                        "INSERT INTO regulator_link_provinces (province, link_id) VALUES (?, ?) "
                        "ON CONFLICT (province) DO UPDATE SET link_id = excluded.link_id",
                        "ii", (int64_t)l->provinces[p], l->id);
            if (d < 0) return db_err(d);
        }
    }
    return 0;
}

int regulator_link_of(Db *db, int province, int64_t *link_id) {
    *link_id = 0;
    DbRc rc =
        db_query_i64(db, link_id, "SELECT link_id FROM regulator_link_provinces WHERE province = ?",
                     "i", (int64_t)province);
    if (rc < 0) return db_err(rc);
    if (rc == DB_DONE) *link_id = 0;
    return 0;
}

int regulator_link_claim(Db *db, int64_t link_id, const char *owner, int64_t now, int lease_s,
                         bool *claimed) {
    *claimed = false;
    int rc = link_exists(db, link_id);
    if (rc < 0) return rc;
    /* Take the lease when it is free, expired, or already ours. */
    DbRc d = db_exec(db,
                     "UPDATE regulator_link_status SET lease_owner = ?, lease_until = ? WHERE "
                     "link_id = ? AND (lease_owner IS NULL OR lease_until < ? OR lease_owner = ?)",
                     "tiiit", owner, now + lease_s, link_id, now, owner);
    if (d < 0) return db_err(d);
    int64_t mine = 0;
    d = db_query_i64(db, &mine,
                     "SELECT count(*) FROM regulator_link_status WHERE link_id = ? AND "
                     "lease_owner = ?",
                     "it", link_id, owner);
    if (d < 0) return db_err(d);
    *claimed = mine > 0;
    return 0;
}

int regulator_link_release(Db *db, int64_t link_id, const char *owner) {
    DbRc d = db_exec(db,
                     "UPDATE regulator_link_status SET lease_owner = NULL, lease_until = NULL "
                     "WHERE link_id = ? AND lease_owner = ?",
                     "it", link_id, owner);
    return d < 0 ? db_err(d) : 0;
}

int regulator_link_contact(Db *db, int64_t link_id, int64_t now, const char *error, bool download) {
    DbRc d;
    if (error)
        d = db_exec(db, "UPDATE regulator_link_status SET last_error = ? WHERE link_id = ?", "ti",
                    error, link_id);
    else if (download)
        d = db_exec(db,
                    "UPDATE regulator_link_status SET last_contact_at = ?, last_download_at = ?, "
                    "last_error = NULL WHERE link_id = ?",
                    "iii", now, now, link_id);
    else
        d = db_exec(db,
                    "UPDATE regulator_link_status SET last_contact_at = ?, last_error = NULL "
                    "WHERE link_id = ?",
                    "ii", now, link_id);
    return d < 0 ? db_err(d) : 0;
}

/* --------------------------------------------------------------- enqueue */

static const char *op_name(UploadOp op) {
    static const char *const names[] = {[UPLOAD_XZBA] = "XZBA",
                                        [UPLOAD_XZWZ] = "XZWZ",
                                        [UPLOAD_XZJR] = "XZJR",
                                        [UPLOAD_BGBA] = "BGBA",
                                        [UPLOAD_ZXBA] = "ZXBA"};
    return op >= UPLOAD_XZBA && op <= UPLOAD_ZXBA ? names[op] : "";
}

int regulator_enqueue(Db *db, Arena *a, int64_t app_id, const Actor *who, int64_t *upload_id) {
    int64_t province = 0;
    DbRc d =
        db_query_i64(db, &province, "SELECT province FROM applications WHERE id = ?", "i", app_id);
    if (d < 0) return db_err(d);
    if (d == DB_DONE) return -ERR_NOT_FOUND;
    int64_t link = 0;
    int rc = regulator_link_of(db, (int)(province / 10000 ? province / 10000 : province), &link);
    if (rc == 0) rc = link_exists(db, link);
    if (rc < 0) return rc;
    int64_t isp_id = 0;
    d = db_query_i64(db, &isp_id, "SELECT isp_id FROM regulator_links WHERE id = ?", "i", link);
    if (d < 0) return db_err(d);
    RegUpload up;
    rc = regulator_upload_build(db, a, app_id, isp_id, &up);
    if (rc == -ERR_REG_XSD)
        log_msg(LOG_WARN, "application %lld: its upload would be refused: %s", (long long)app_id,
                up.why ? up.why : "?");
    if (rc < 0) return rc;
    /* The next number of the link: the row lock serialises enqueuers. */
    int64_t seq = 0;
    d = db_query_i64(db, &seq,
                     "UPDATE regulator_links SET last_seq = last_seq + 1 WHERE id = ? "
                     "RETURNING last_seq",
                     "i", link);
    if (d < 0) return db_err(d);
    int64_t now = time_now(), id = 0;
    const char *file = arena_printf(a, "BA%lld_%010lld.xml", (long long)isp_id, (long long)seq);
    d = db_insert(
        db, &id,
        "INSERT INTO regulator_uploads (link_id, seq, application_id, operation, payload, "
        "file_name, result_key, review_key, state, next_attempt_at, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?) RETURNING id",
        "iiitttttii", link, seq, app_id, op_name(up.op), crypto_seal_text(a, up.xml), file,
        up.result_key, up.review_key, now, now);
    if (d < 0) return db_err(d);
    if (upload_id) *upload_id = id;
    return audit_write(db, who, "regulator.enqueue", "application", app_id,
                       arena_printf(a, "{\"seq\":%lld,\"op\":\"%s\",\"link\":%lld}", (long long)seq,
                                    op_name(up.op), (long long)link));
}

int regulator_unqueue(Db *db, int64_t app_id) {
    DbStmt *st;
    DbRc d = db_query(
        db, &st,
        "SELECT u.id, u.attempts, CASE WHEN u.seq = l.last_seq THEN 1 ELSE 0 END, u.link_id FROM "
        "regulator_uploads u JOIN regulator_links l ON l.id = u.link_id "
        "WHERE u.application_id = ? AND u.state <> 'failed' ORDER BY u.id DESC "
        "LIMIT 1",
        "i", app_id);
    if (d < 0) return db_err(d);
    if (d != DB_ROW) {
        db_done(st);
        return 0;
    }
    int64_t id = db_col_i64(st, 0), tries = db_col_i64(st, 1), last = db_col_i64(st, 2),
            link = db_col_i64(st, 3);
    db_done(st);
    if (tries || !last) return -ERR_REG_QUEUED;
    d = db_exec(db, "DELETE FROM regulator_uploads WHERE id = ? AND state = 'queued'", "i", id);
    if (d >= 0)
        d = db_exec(db, "UPDATE regulator_links SET last_seq = last_seq - 1 WHERE id = ?", "i",
                    link);
    return d < 0 ? db_err(d) : 0;
}

/* --------------------------------------------------------------- sending */

#define UPLOAD_COLS                                                                                \
    "id, link_id, seq, application_id, next_attempt_at, COALESCE(sent_at, 0), "                    \
    "COALESCE(accepted_at, 0), created_at, attempts, operation, state, file_name, "                \
    "COALESCE(last_code, 0), last_message"

static void upload_row(DbStmt *st, Arena *a, RegUploadRow *r) {
    *r = (RegUploadRow){.id = db_col_i64(st, 0),
                        .link_id = db_col_i64(st, 1),
                        .seq = db_col_i64(st, 2),
                        .application_id = db_col_i64(st, 3),
                        .next_attempt_at = db_col_i64(st, 4),
                        .sent_at = db_col_i64(st, 5),
                        .accepted_at = db_col_i64(st, 6),
                        .created_at = db_col_i64(st, 7),
                        .attempts = (int)db_col_i64(st, 8),
                        .operation = db_col_text(st, a, 9),
                        .state = db_col_text(st, a, 10),
                        .file_name = db_col_text(st, a, 11),
                        .last_code = db_col_i64(st, 12),
                        .last_message = db_col_text(st, a, 13)};
}

int regulator_upload_next(Db *db, Arena *a, int64_t link_id, RegUploadRow *out) {
    DbStmt *st;
    DbRc rc = db_query(db, &st,
                       "SELECT " UPLOAD_COLS ", payload FROM regulator_uploads WHERE link_id = ? "
                       "AND state IN ('queued', 'sending') ORDER BY seq LIMIT 1",
                       "i", link_id);
    if (rc < 0) return db_err(rc);
    if (rc != DB_ROW) {
        db_done(st);
        return -ERR_NOT_FOUND;
    }
    upload_row(st, a, out);
    char *sealed = db_col_text(st, a, 14);
    db_done(st);
    out->xml = crypto_open_text(a, sealed);
    return out->xml ? 0 : -ERR_INTERNAL;
}

int regulator_upload_sending(Db *db, int64_t id, const char *owner, int64_t now, int lease_s) {
    int64_t got = 0;
    DbRc d =
        db_query_i64(db, &got,
                     "UPDATE regulator_link_status SET lease_until = ? WHERE link_id = "
                     "(SELECT link_id FROM regulator_uploads WHERE id = ?) AND lease_owner = ? "
                     "AND lease_until >= ? RETURNING link_id",
                     "iiti", now + lease_s, id, owner, now);
    if (d < 0) return db_err(d);
    if (d != DB_ROW) return -ERR_REG_LEASE_LOST;
    d = db_query_i64(db, &got,
                     "UPDATE regulator_uploads SET state = 'sending', attempts = attempts + 1, "
                     "sent_at = ? WHERE id = ? AND state = 'queued' RETURNING id",
                     "ii", now, id);
    if (d < 0) return db_err(d);
    return d == DB_ROW ? 0 : -ERR_REG_LEASE_LOST;
}

int regulator_upload_retry(Db *db, int64_t id, int64_t code, const char *message,
                           int64_t retry_at) {
    DbRc d = db_exec(db,
                     "UPDATE regulator_uploads SET state = 'queued', last_code = ?, "
                     "last_message = ?, next_attempt_at = ? WHERE id = ? AND state <> 'accepted'",
                     "itii", code, message ? message : "", retry_at, id);
    return d < 0 ? db_err(d) : 0;
}

/* The application of an accepted upload is sent (when it still waits). */
static int app_sent(Db *db, Arena *a, int64_t app_id) {
    DbStmt *st;
    DbRc d = db_query(db, &st, "SELECT state FROM applications WHERE id = ?", "i", app_id);
    if (d < 0) return db_err(d);
    bool waiting = d == DB_ROW && !strcmp(db_col_text(st, a, 0), "to_regulator");
    db_done(st);
    if (!waiting) return 0;
    AppDecide op = {.a = a,
                    .app_id = app_id,
                    .event = EVENT_SEND,
                    .role = ROLE_SYSTEM,
                    .who = {0, "system", "", "gateway"},
                    .note = "已报送管局"};
    return app_decide(db, &op);
}

static int accept_one(Db *db, Arena *a, int64_t id, int64_t link, int64_t seq, int64_t app,
                      int64_t now) {
    DbRc d = db_exec(db,
                     "UPDATE regulator_uploads SET state = 'accepted', accepted_at = ?, "
                     "last_code = 0, last_message = '' WHERE id = ? AND state <> 'accepted'",
                     "ii", now, id);
    if (d < 0) return db_err(d);
    d = db_exec(db,
                "UPDATE regulator_link_status SET accepted_seq = ? WHERE link_id = ? AND "
                "accepted_seq < ?",
                "iii", seq, link, seq);
    if (d < 0) return db_err(d);
    return app_sent(db, a, app);
}

int regulator_upload_accepted(Db *db, Arena *a, int64_t id, int64_t now) {
    DbStmt *st;
    DbRc d = db_query(db, &st,
                      "SELECT link_id, seq, application_id, state FROM regulator_uploads "
                      "WHERE id = ?",
                      "i", id);
    if (d < 0) return db_err(d);
    if (d != DB_ROW) {
        db_done(st);
        return -ERR_NOT_FOUND;
    }
    int64_t link = db_col_i64(st, 0), seq = db_col_i64(st, 1), app = db_col_i64(st, 2);
    bool done = !strcmp(db_col_text(st, a, 3), "accepted");
    db_done(st);
    return done ? 0 : accept_one(db, a, id, link, seq, app, now);
}

int regulator_uploads_accepted_through(Db *db, Arena *a, int64_t link_id, int64_t seq,
                                       int64_t now) {
    for (;;) {
        DbStmt *st;
        DbRc d = db_query(db, &st,
                          "SELECT id, seq, application_id FROM regulator_uploads WHERE "
                          "link_id = ? AND state IN ('queued', 'sending') AND seq <= ? "
                          "ORDER BY seq LIMIT 1",
                          "ii", link_id, seq);
        if (d < 0) return db_err(d);
        if (d != DB_ROW) {
            db_done(st);
            return 0;
        }
        int64_t id = db_col_i64(st, 0), s = db_col_i64(st, 1), app = db_col_i64(st, 2);
        db_done(st);
        int rc = accept_one(db, a, id, link_id, s, app, now);
        if (rc < 0) return rc;
    }
}

int regulator_uploads_resend(Db *db, int64_t link_id, const int64_t *seqs, size_t n) {
    for (size_t i = 0; i < n; i++) {
        DbRc d = db_exec(db,
                         "UPDATE regulator_uploads SET state = 'queued', next_attempt_at = 0 "
                         "WHERE link_id = ? AND seq = ?",
                         "ii", link_id, seqs[i]);
        if (d < 0) return db_err(d);
    }
    return 0;
}

/* ----------------------------------------------------------------- reads */

int regulator_uploads_of(Db *db, Arena *a, int64_t app_id, RegUploadRow **out, size_t *n) {
    size_t cap = 8;
    *out = ARENA_NEW(a, RegUploadRow, cap);
    *n = 0;
    DbStmt *st;
    DbRc rc = db_query(db, &st,
                       "SELECT " UPLOAD_COLS " FROM regulator_uploads WHERE application_id = ? "
                       "ORDER BY id LIMIT 100",
                       "i", app_id);
    if (rc < 0) return db_err(rc);
    for (; rc == DB_ROW; rc = db_step(st)) {
        if (*n == cap) {
            RegUploadRow *more = ARENA_NEW(a, RegUploadRow, cap * 2);
            memcpy(more, *out, cap * sizeof *more);
            *out = more, cap *= 2;
        }
        upload_row(st, a, &(*out)[(*n)++]);
    }
    db_done(st);
    if (rc < 0) return db_err(rc);
    return 0;
}

int regulator_upload_find(Db *db, int64_t link_id, const char *key, int which, int64_t *upload_id,
                          int64_t *app_id) {
    static const char *const sql[] = {
        [FIND_RESULT] = "SELECT id, application_id FROM regulator_uploads WHERE link_id = ? AND "
                        "result_key = ? ORDER BY id DESC LIMIT 1",
        [FIND_REVIEW] = "SELECT id, application_id FROM regulator_uploads WHERE link_id = ? AND "
                        "review_key = ? ORDER BY id DESC LIMIT 1",
        [FIND_FILE] = "SELECT id, application_id FROM regulator_uploads WHERE link_id = ? AND "
                      "file_name = ? ORDER BY id DESC LIMIT 1"};
    *upload_id = *app_id = 0;
    DbStmt *st;
    DbRc rc = db_query(db, &st, sql[which], "it", link_id, key);
    if (rc < 0) return db_err(rc);
    if (rc == DB_ROW) {
        *upload_id = db_col_i64(st, 0);
        *app_id = db_col_i64(st, 1);
    }
    db_done(st);
    return 0;
}

int regulator_links_state(Db *db, Arena *a, RegLinkState **out, size_t *n) {
    size_t cap = 4;
    *out = ARENA_NEW(a, RegLinkState, cap);
    *n = 0;
    DbStmt *st;
    DbRc rc = db_query(db, &st,
                       "SELECT l.id, l.isp_id, l.last_seq, COALESCE(s.accepted_seq, 0), "
                       "COALESCE(s.last_contact_at, 0), COALESCE(s.last_download_at, 0), "
                       "l.endpoint, s.last_error FROM regulator_links l LEFT JOIN "
                       "regulator_link_status s ON s.link_id = l.id ORDER BY l.id LIMIT 64",
                       "");
    if (rc < 0) return db_err(rc);
    for (; rc == DB_ROW; rc = db_step(st)) {
        if (*n == cap) {
            RegLinkState *more = ARENA_NEW(a, RegLinkState, cap * 2);
            memcpy(more, *out, cap * sizeof *more);
            *out = more, cap *= 2;
        }
        (*out)[(*n)++] = (RegLinkState){.id = db_col_i64(st, 0),
                                        .isp_id = db_col_i64(st, 1),
                                        .last_seq = db_col_i64(st, 2),
                                        .accepted_seq = db_col_i64(st, 3),
                                        .last_contact_at = db_col_i64(st, 4),
                                        .last_download_at = db_col_i64(st, 5),
                                        .endpoint = db_col_text(st, a, 6),
                                        .last_error = db_col_text(st, a, 7)};
    }
    db_done(st);
    if (rc < 0) return db_err(rc);
    for (size_t i = 0; i < *n; i++) {
        RegLinkState *l = &(*out)[i];
        /* The backlog is what lies between the accepted number and the last
        ** one given (uploads are sent in number order). */
        rc = db_query(db, &st,
                      "SELECT count(*), COALESCE(min(created_at), 0) FROM regulator_uploads "
                      "WHERE link_id = ? AND seq > ? AND state IN ('queued', 'sending')",
                      "ii", l->id, l->accepted_seq);
        if (rc < 0) return db_err(rc);
        if (rc == DB_ROW) {
            l->queued = db_col_i64(st, 0);
            l->oldest_queued_at = db_col_i64(st, 1);
        }
        db_done(st);
        rc = db_query(db, &st,
                      "SELECT COALESCE(last_code, 0), last_message, state FROM regulator_uploads "
                      "WHERE link_id = ? AND state IN ('queued', 'sending') ORDER BY seq LIMIT 1",
                      "i", l->id);
        if (rc < 0) return db_err(rc);
        if (rc == DB_ROW) {
            l->last_code = db_col_i64(st, 0);
            l->last_message = db_col_text(st, a, 1);
            l->sending = !strcmp(db_col_text(st, a, 2), "sending");
        }
        db_done(st);
    }
    return 0;
}
