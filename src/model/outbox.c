/*
** The mail outbox: messages written in the transaction of their event,
** delivered by the sender thread (src/mail).
*/
#include "model/outbox.h"

#include <string.h>

#include "core/err.h"
#include "core/util.h"

static int outbox_insert(Db *db, const char *to, const char *subject, const char *body,
                         int64_t secret) {
    int64_t now = time_now(), id;
    DbRc rc = db_insert(db, &id,
                        "INSERT INTO mail_outbox (to_addr, subject, body, created_at, "
                        "next_attempt_at, secret) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                        "tttiii", to, subject, body, now, now, secret);
    return rc < 0 ? db_err(rc) : 0;
}

int outbox_queue(Db *db, const char *to, const char *subject, const char *body) {
    return outbox_insert(db, to, subject, body, 0);
}

int outbox_queue_secret(Db *db, const char *to, const char *subject, const char *body) {
    return outbox_insert(db, to, subject, body, 1);
}

/* The oldest due message into *out (its due time in *due); -ERR_NOT_FOUND. */
static int outbox_next(Db *db, Arena *a, int64_t now, Mail *out, int64_t *due) {
    DbStmt *st;
    DbRc rc =
        db_query(db, &st,
                 "SELECT id, to_addr, subject, body, attempts, next_attempt_at FROM mail_outbox "
                 "WHERE sent_at IS NULL AND next_attempt_at <= ? ORDER BY id LIMIT 1",
                 "i", now);
    if (rc < 0) return db_err(rc);
    if (rc == DB_ROW) {
        out->id = db_col_i64(st, 0);
        out->to = db_col_text(st, a, 1);
        out->subject = db_col_text(st, a, 2);
        out->body = db_col_text(st, a, 3);
        out->attempts = (int)db_col_i64(st, 4);
        *due = db_col_i64(st, 5);
    }
    db_done(st);
    return rc == DB_ROW ? 0 : -ERR_NOT_FOUND;
}

int outbox_claim(Db *db, Arena *a, int64_t now, int lease, Mail *out) {
    /* Claim the oldest due message if nobody else did in between; the lease
    ** names this claim alone (a time would match another claim of the same
    ** second). Losing a race moves on to the next message. */
    const char *token = rand_token(a, 12);
    for (int tries = 0; tries < 16; tries++) {
        int64_t due = 0;
        int rc = outbox_next(db, a, now, out, &due);
        if (rc < 0) return rc;
        DbRc d = db_exec(db,
                         "UPDATE mail_outbox SET next_attempt_at = ?, attempts = attempts + 1, "
                         "lease = ? WHERE id = ? AND next_attempt_at = ? AND sent_at IS NULL",
                         "itii", now + lease, token, out->id, due);
        if (d < 0) return db_err(d);
        int64_t mine = 0;
        d = db_query_i64(db, &mine, "SELECT count(*) FROM mail_outbox WHERE id = ? AND lease = ?",
                         "it", out->id, token);
        if (d < 0) return db_err(d);
        if (mine) return 0;
    }
    return -ERR_NOT_FOUND;
}

int outbox_sent(Db *db, int64_t id, int64_t now) {
    /* A body holding a one-time link is not kept once delivered; the others
    ** stay for a resend (the same text is in the recipient's inbox). */
    DbRc rc = db_exec(db,
                      "UPDATE mail_outbox SET sent_at = ?, state = 'sent', last_error = NULL, "
                      "body = CASE WHEN secret = 1 THEN '' ELSE body END WHERE id = ?",
                      "ii", now, id);
    return rc < 0 ? db_err(rc) : 0;
}

int outbox_failed(Db *db, int64_t id, const char *error, int64_t retry_at) {
    /* The lease ends with the try (the admin page no longer counts it as
    ** being sent). */
    DbRc rc = db_exec(db,
                      "UPDATE mail_outbox SET state = 'failed', last_error = ?, "
                      "next_attempt_at = ?, lease = NULL WHERE id = ? AND state <> 'sent'",
                      "tii", error, retry_at, id);
    return rc < 0 ? db_err(rc) : 0;
}
