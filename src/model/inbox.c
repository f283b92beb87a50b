/*
** The inbox (站内信): an account's messages, newest first, and their read
** marks. The unread count is a range of the partial index notices_unread.
*/
#include "core/err.h"
#include "core/i18n.h"
#include "core/util.h"
#include "model/notify.h"

int inbox_unread(Db *db, int64_t account_id, int64_t *n) {
    DbRc rc = db_query_i64(db, n,
                           "SELECT count(*) FROM (SELECT 1 FROM notices WHERE account_id = ? AND "
                           "read_at IS NULL LIMIT ?) u",
                           "ii", account_id, (int64_t)NOTICE_UNREAD_CAP);
    return rc < 0 ? db_err(rc) : 0;
}

#define NOTICE_COLS "id, application_id, created_at, read_at, kind, title, body, link"

int inbox_page(Db *db, void *ctx) {
    InboxPage *op = ctx;
    int limit = op->limit >= 1 && op->limit <= 100 ? op->limit : 20;
    op->n = 0;
    op->next_before = 0;
    op->rows = ARENA_NEW(op->a, Notice, (size_t)limit + 1);
    int64_t before = op->before > 0 ? op->before : INT64_MAX;
    DbStmt *st;
    DbRc rc = db_query(db, &st,
                       op->unread_only
                           ? "SELECT " NOTICE_COLS " FROM notices WHERE account_id = ? AND id < ? "
                             "AND read_at IS NULL ORDER BY id DESC LIMIT ?"
                           : "SELECT " NOTICE_COLS " FROM notices WHERE account_id = ? AND id < ? "
                             "ORDER BY id DESC LIMIT ?",
                       "iii", op->account_id, before, (int64_t)limit + 1);
    if (rc < 0) return db_err(rc);
    size_t got = 0;
    for (; rc == DB_ROW && got <= (size_t)limit; rc = db_step(st), got++) {
        Notice *x = &op->rows[got];
        x->id = db_col_i64(st, 0);
        x->application_id = db_col_null(st, 1) ? 0 : db_col_i64(st, 1);
        x->created_at = db_col_i64(st, 2);
        x->read_at = db_col_null(st, 3) ? 0 : db_col_i64(st, 3);
        x->kind = db_col_text(st, op->a, 4);
        x->title = db_col_text(st, op->a, 5);
        x->body = db_col_text(st, op->a, 6);
        x->link = db_col_text(st, op->a, 7);
    }
    db_done(st);
    if (rc < 0) return db_err(rc);
    op->n = got > (size_t)limit ? (size_t)limit : got;
    if (got > (size_t)limit) op->next_before = op->rows[limit - 1].id;
    return inbox_unread(db, op->account_id, &op->unread);
}

int inbox_read(Db *db, void *ctx) {
    InboxRead *op = ctx;
    int64_t now = time_now();
    op->link = "";
    if (op->id) {
        DbStmt *st;
        DbRc rc = db_query(db, &st, "SELECT link FROM notices WHERE id = ? AND account_id = ?",
                           "ii", op->id, op->account_id);
        if (rc < 0) return db_err(rc);
        if (rc == DB_ROW && op->a) op->link = db_col_text(st, op->a, 0);
        db_done(st);
        if (rc != DB_ROW) return -ERR_NOT_FOUND;
        rc = db_exec(db,
                     "UPDATE notices SET read_at = ? WHERE id = ? AND account_id = ? AND "
                     "read_at IS NULL",
                     "iii", now, op->id, op->account_id);
        if (rc < 0) return db_err(rc);
    } else {
        DbRc rc =
            db_exec(db, "UPDATE notices SET read_at = ? WHERE account_id = ? AND read_at IS NULL",
                    "ii", now, op->account_id);
        if (rc < 0) return db_err(rc);
    }
    int rc = audit_write(db, &op->who, "notice.read", "notice", op->id, op->id ? NULL : "all");
    if (rc == 0) rc = inbox_unread(db, op->account_id, &op->unread);
    return rc;
}

int account_set_lang(Db *db, int64_t account_id, Lang lang) {
    DbRc rc = db_exec(db, "UPDATE accounts SET lang = ? WHERE id = ? AND lang <> ?", "tit",
                      lang == LANG_EN ? "en" : "zh", account_id, lang == LANG_EN ? "en" : "zh");
    return rc < 0 ? db_err(rc) : 0;
}

int account_lang(Db *db, void *ctx) {
    AccountLang *op = ctx;
    int64_t same = 0;
    DbRc d = db_query_i64(db, &same, "SELECT count(*) FROM accounts WHERE id = ? AND lang = ?",
                          "it", op->account_id, op->lang == LANG_EN ? "en" : "zh");
    if (d < 0) return db_err(d);
    if (same) return 0;
    int rc = account_set_lang(db, op->account_id, op->lang);
    if (rc == 0)
        rc = audit_write(db, &op->who, "account.language", "account", op->account_id,
                         op->lang == LANG_EN ? "en" : "zh");
    return rc;
}
