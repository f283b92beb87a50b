/*
** The mail outbox as admins see it: list, one message, resend.
*/
#include "model/mail_admin.h"

#include <stdio.h>
#include <string.h>

#include "core/err.h"
#include "core/util.h"

const char *const MAIL_STATES[] = {"queued", "failed", "sent", NULL};

#define MAIL_COLS                                                                                  \
    "id, to_addr, subject, state, attempts, created_at, next_attempt_at, sent_at, last_error, "    \
    "secret, resend_of, lease, CASE WHEN body <> '' THEN 1 ELSE 0 END"

/* A row of MAIL_COLS (the body is read apart). */
static void mail_row(DbStmt *st, Arena *a, int64_t now, MailRow *o) {
    *o = (MailRow){0};
    o->id = db_col_i64(st, 0);
    o->to = db_col_text(st, a, 1);
    o->subject = db_col_text(st, a, 2);
    o->state = db_col_text(st, a, 3);
    o->attempts = (int)db_col_i64(st, 4);
    o->created_at = db_col_i64(st, 5);
    o->next_attempt_at = db_col_i64(st, 6);
    o->sent_at = db_col_null(st, 7) ? 0 : db_col_i64(st, 7);
    o->last_error = db_col_null(st, 8) ? NULL : db_col_text(st, a, 8);
    o->secret = db_col_i64(st, 9) != 0;
    o->resend_of = db_col_null(st, 10) ? 0 : db_col_i64(st, 10);
    /* Claimed and its lease not over: a sender has it in hand (a failed try
    ** ends the lease, model/outbox.c). */
    o->sending = strcmp(o->state, "sent") != 0 && !db_col_null(st, 11) && o->next_attempt_at > now;
    o->kept = db_col_i64(st, 12) != 0;
}

/* The recipient's keys, as the indexes of sql/<dialect>/0017_mail_lower.sql
** spell them. */
#define MAIL_TO     "lower(to_addr) = lower(?)"
#define MAIL_DOMAIN "lower(substr(to_addr, instr(to_addr, '@'))) = lower(?)"

/* One fixed statement per filter combination; each reads its index from
** the key down: the primary key, (state, id), (lower(to_addr), id) or the
** lower-case domain's (domain, id). */
const char *const MAIL_PAGE_SQL[MAIL_PAGE_SQLS] = {
    "SELECT " MAIL_COLS " FROM mail_outbox WHERE id < ? ORDER BY id DESC LIMIT ?",
    "SELECT " MAIL_COLS " FROM mail_outbox WHERE state = ? AND id < ? ORDER BY id DESC LIMIT ?",
    "SELECT " MAIL_COLS " FROM mail_outbox WHERE " MAIL_TO " AND id < ? ORDER BY id DESC LIMIT ?",
    "SELECT " MAIL_COLS " FROM mail_outbox WHERE " MAIL_TO " AND state = ? AND id < ? "
    "ORDER BY id DESC LIMIT ?",
    "SELECT " MAIL_COLS " FROM mail_outbox WHERE " MAIL_DOMAIN " AND id < ? "
    "ORDER BY id DESC LIMIT ?",
    "SELECT " MAIL_COLS " FROM mail_outbox WHERE " MAIL_DOMAIN " AND state = ? AND id < ? "
    "ORDER BY id DESC LIMIT ?",
};

int mail_admin_page(Db *db, void *ctx) {
    MailPage *op = ctx;
    int limit = op->limit >= 1 && op->limit <= 200 ? op->limit : MAIL_PAGE;
    int64_t before = op->before > 0 ? op->before : INT64_MAX;
    bool by_state = op->state && *op->state, by_to = op->to && *op->to;
    op->rows = ARENA_NEW(op->a, MailRow, (size_t)limit);
    op->n = 0;
    op->next_before = 0;
    DbStmt *st;
    DbRc rc;
    int to = !by_to ? 0 : op->to[0] == '@' ? 4 : 2; /* the first statement of the recipient's */
    if (by_to && by_state)
        rc = db_query(db, &st, MAIL_PAGE_SQL[to + 1], "ttii", op->to, op->state, before,
                      (int64_t)limit);
    else if (by_to)
        rc = db_query(db, &st, MAIL_PAGE_SQL[to], "tii", op->to, before, (int64_t)limit);
    else if (by_state)
        rc = db_query(db, &st, MAIL_PAGE_SQL[1], "tii", op->state, before, (int64_t)limit);
    else
        rc = db_query(db, &st, MAIL_PAGE_SQL[0], "ii", before, (int64_t)limit);
    if (rc < 0) return db_err(rc);
    for (; rc == DB_ROW && op->n < (size_t)limit; rc = db_step(st))
        mail_row(st, op->a, op->now, &op->rows[op->n++]);
    db_done(st);
    if (rc < 0) return db_err(rc);
    if (op->n == (size_t)limit) op->next_before = op->rows[op->n - 1].id;
    return 0;
}

/* Message id into *out, with its body when it may be shown. */
static int mail_get(Db *db, Arena *a, int64_t id, int64_t now, MailRow *out) {
    DbStmt *st;
    DbRc rc =
        db_query(db, &st, "SELECT " MAIL_COLS ", body FROM mail_outbox WHERE id = ?", "i", id);
    if (rc < 0) return db_err(rc);
    if (rc == DB_ROW) {
        mail_row(st, a, now, out);
        if (!out->secret && out->kept) out->body = db_col_text(st, a, 13);
    }
    db_done(st);
    return rc == DB_ROW ? 0 : -ERR_NOT_FOUND;
}

int mail_admin_show(Db *db, void *ctx) {
    MailShow *op = ctx;
    int rc = mail_get(db, op->a, op->id, op->now, &op->row);
    if (rc < 0) return rc;
    return audit_write(db, &op->who, "mail.view", "mail", op->id, NULL);
}

/* A copy of a sent message, queued now; its id in *copy. */
static int mail_copy(Db *db, int64_t id, int64_t now, int64_t *copy) {
    DbRc rc = db_insert(db, copy,
                        "INSERT INTO mail_outbox (to_addr, subject, body, created_at, "
                        "next_attempt_at, resend_of) SELECT to_addr, subject, body, ?, ?, id "
                        "FROM mail_outbox WHERE id = ? RETURNING id",
                        "iii", now, now, id);
    return rc < 0 ? db_err(rc) : 0;
}

int mail_admin_resend(Db *db, void *ctx) {
    MailResend *op = ctx;
    MailRow m;
    int rc = mail_get(db, op->a, op->id, op->now, &m);
    if (rc < 0) return rc;
    op->copy_id = 0;
    const char *detail;
    if (!strcmp(m.state, "sent")) {
        if (m.secret || !m.kept) return -ERR_MAIL_NOT_KEPT;
        rc = mail_copy(db, op->id, op->now, &op->copy_id);
        if (rc < 0) return rc;
        detail = arena_printf(op->a, "{\"copy\":%lld}", (long long)op->copy_id);
    } else {
        if (m.sending) return -ERR_MAIL_SENDING;
        /* Due now; the claim's test of next_attempt_at keeps a sender that
        ** read the old time from taking it twice. */
        DbRc d = db_exec(db,
                         "UPDATE mail_outbox SET next_attempt_at = ? WHERE id = ? AND state <> "
                         "'sent'",
                         "ii", op->now, op->id);
        if (d < 0) return db_err(d);
        detail = arena_printf(op->a, "{\"due_now\":true,\"attempts\":%d}", m.attempts);
    }
    rc = audit_write(db, &op->who, "mail.resend", "mail", op->id, detail);
    if (rc < 0) return rc;
    return mail_get(db, op->a, op->id, op->now, &op->row);
}
