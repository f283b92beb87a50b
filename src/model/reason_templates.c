/*
** Standard return reason rows.
*/
#include "model/reason_templates.h"

#include <string.h>

#include "core/err.h"
#include "core/util.h"
#include "model/reason_seed.h"

int reason_templates_seed(Db *db) {
    size_t n;
    const ReasonSeed *s = reason_seeds(&n);
    int64_t base = 0;
    DbRc rc =
        db_query_i64(db, &base, "SELECT COALESCE(max(sort), 0) FROM return_reason_templates", NULL);
    for (size_t i = 0; rc >= 0 && i < n; i++) {
        /* A code added by a later version goes to the end of the list. */
        rc = db_exec(db,
                     "INSERT INTO return_reason_templates (code, field, text_zh, text_en, "
                     "suggestion_zh, suggestion_en, sort, active, updated_at) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?) ON CONFLICT (code) DO NOTHING",
                     "ttttttii", s[i].code, s[i].field, s[i].text_zh, s[i].text_en,
                     s[i].suggestion_zh, s[i].suggestion_en, base + 10 * (int64_t)(i + 1),
                     time_now());
    }
    return rc < 0 ? db_err(rc) : 0;
}

#define REASON_SELECT                                                                              \
    "SELECT r.id, COALESCE(r.code, ''), r.field, r.text_zh, r.text_en, r.suggestion_zh, "          \
    "r.suggestion_en, r.sort, r.active, a.login, r.updated_at FROM return_reason_templates r "     \
    "LEFT JOIN accounts a ON a.id = r.updated_by"

static void reason_row(DbStmt *st, Arena *a, ReasonTemplate *r) {
    r->id = db_col_i64(st, 0);
    r->code = db_col_text(st, a, 1);
    r->field = db_col_text(st, a, 2);
    r->text_zh = db_col_text(st, a, 3);
    r->text_en = db_col_text(st, a, 4);
    r->suggestion_zh = db_col_text(st, a, 5);
    r->suggestion_en = db_col_text(st, a, 6);
    r->sort = (int)db_col_i64(st, 7);
    r->active = db_col_i64(st, 8) != 0;
    r->updated_by = db_col_text(st, a, 9);
    r->updated_at = db_col_i64(st, 10);
}

int reason_templates_list(Db *db, Arena *a, bool active_only, ReasonTemplate **out, size_t *n) {
    *out = NULL;
    *n = 0;
    int64_t count = 0;
    DbRc rc =
        db_query_i64(db, &count, "SELECT count(*) FROM return_reason_templates WHERE active >= ?",
                     "i", (int64_t)active_only);
    if (rc < 0) return db_err(rc);
    ReasonTemplate *rows = ARENA_NEW(a, ReasonTemplate, (size_t)count + 1);
    DbStmt *st;
    rc = db_query(db, &st, REASON_SELECT " WHERE r.active >= ? ORDER BY r.sort, r.id", "i",
                  (int64_t)active_only);
    if (rc < 0) return db_err(rc);
    size_t k = 0;
    for (; rc == DB_ROW && k < (size_t)count; rc = db_step(st))
        reason_row(st, a, &rows[k++]);
    db_done(st);
    if (rc < 0) return db_err(rc);
    *out = rows;
    *n = k;
    return 0;
}

int reason_template_get(Db *db, Arena *a, int64_t id, ReasonTemplate *out) {
    DbStmt *st;
    DbRc rc = db_query(db, &st, REASON_SELECT " WHERE r.id = ?", "i", id);
    if (rc < 0) return db_err(rc);
    if (rc == DB_ROW) reason_row(st, a, out);
    db_done(st);
    return rc == DB_ROW ? 0 : -ERR_NOT_FOUND;
}

int reasons_page(Db *db, void *ctx) {
    ReasonsPage *op = ctx;
    return reason_templates_list(db, op->a, false, &op->rows, &op->n);
}

/* Insert a new reason at the end of the list; *id gets its id. */
static int reason_insert(Db *db, const ReasonSave *op, int64_t *id) {
    int64_t last = 0;
    DbRc rc =
        db_query_i64(db, &last, "SELECT COALESCE(max(sort), 0) FROM return_reason_templates", NULL);
    if (rc >= 0)
        rc = db_insert(db, id,
                       "INSERT INTO return_reason_templates (field, text_zh, text_en, "
                       "suggestion_zh, suggestion_en, sort, active, updated_by, updated_at) "
                       "VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?) RETURNING id",
                       "tttttiii", op->field, op->text_zh, op->text_en, op->suggestion_zh,
                       op->suggestion_en, last + 10, op->who.id, time_now());
    return rc < 0 ? db_err(rc) : 0;
}

int reason_save(Db *db, void *ctx) {
    ReasonSave *op = ctx;
    int64_t id = op->id;
    int rc;
    if (id == 0) {
        rc = reason_insert(db, op, &id);
    } else {
        rc = reason_template_get(db, op->a, id, &op->out);
        DbRc d = rc < 0 ? DB_DONE
                        : db_exec(db,
                                  "UPDATE return_reason_templates SET field = ?, text_zh = ?, "
                                  "text_en = ?, suggestion_zh = ?, suggestion_en = ?, "
                                  "updated_by = ?, updated_at = ? WHERE id = ?",
                                  "tttttiii", op->field, op->text_zh, op->text_en,
                                  op->suggestion_zh, op->suggestion_en, op->who.id, time_now(), id);
        if (d < 0) rc = db_err(d);
    }
    if (rc == 0)
        rc = audit_write(db, &op->who, op->id ? "return_reason.update" : "return_reason.create",
                         "return_reason", id, op->text_zh);
    if (rc == 0) rc = reason_template_get(db, op->a, id, &op->out);
    return rc;
}

/* Number the list 10, 20, 30... in the order given, writing the rows whose
** place changed. */
static int renumber(Db *db, ReasonTemplate *rows, size_t n, int64_t admin_id) {
    for (size_t i = 0; i < n; i++) {
        int sort = 10 * (int)(i + 1);
        if (rows[i].sort == sort) continue;
        DbRc rc = db_exec(db,
                          "UPDATE return_reason_templates SET sort = ?, updated_by = ?, "
                          "updated_at = ? WHERE id = ?",
                          "iiii", (int64_t)sort, admin_id, time_now(), rows[i].id);
        if (rc < 0) return db_err(rc);
        rows[i].sort = sort;
    }
    return 0;
}

int reason_move(Db *db, void *ctx) {
    ReasonChange *op = ctx;
    ReasonTemplate *rows;
    size_t n;
    int rc = reason_templates_list(db, op->a, false, &rows, &n);
    if (rc < 0) return rc;
    size_t i = 0;
    while (i < n && rows[i].id != op->id)
        i++;
    if (i == n) return -ERR_NOT_FOUND;
    size_t j = op->move < 0 ? i - 1 : i + 1; /* i - 1 wraps past n at the top */
    if (j < n && op->move != 0) {
        ReasonTemplate t = rows[i];
        rows[i] = rows[j];
        rows[j] = t;
        rc = renumber(db, rows, n, op->who.id);
        if (rc == 0)
            rc = audit_write(db, &op->who, "return_reason.move", "return_reason", op->id,
                             op->move < 0 ? "up" : "down");
    }
    if (rc == 0) rc = reason_template_get(db, op->a, op->id, &op->out);
    return rc;
}

int reason_set_active(Db *db, void *ctx) {
    ReasonChange *op = ctx;
    int rc = reason_template_get(db, op->a, op->id, &op->out);
    if (rc < 0) return rc;
    if (op->out.active == (op->active == 1)) return 0; /* already so: nothing to write */
    DbRc d = db_exec(db,
                     "UPDATE return_reason_templates SET active = ?, updated_by = ?, "
                     "updated_at = ? WHERE id = ?",
                     "iiii", (int64_t)(op->active == 1), op->who.id, time_now(), op->id);
    if (d < 0) return db_err(d);
    rc = audit_write(db, &op->who,
                     op->active == 1 ? "return_reason.activate" : "return_reason.deactivate",
                     "return_reason", op->id, op->out.text_zh);
    if (rc == 0) rc = reason_template_get(db, op->a, op->id, &op->out);
    return rc;
}
