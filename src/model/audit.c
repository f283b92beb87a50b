/*
** Audit log rows.
*/
#include "model/audit.h"

#include "core/err.h"
#include "core/util.h"

int audit_write(Db *db, const Actor *who, const char *action, const char *object_type,
                int64_t object_id, const char *detail) {
    DbRc rc = db_exec(db,
                      "INSERT INTO audit_log (at, actor_id, actor_login, action, object_type, "
                      "object_id, ip, request_id, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                      "iitttittt", time_now(), who->id, who->login, action, object_type, object_id,
                      who->ip, who->request_id, detail);
    return rc < 0 ? db_err(rc) : 0;
}

int audit_list(Db *db, Arena *a, const AuditQuery *q, AuditRow **rows, size_t *n) {
    *rows = NULL;
    *n = 0;
    int limit = q->limit > 0 && q->limit <= 500 ? q->limit : 100;
    DbStmt *st;
    /* One statement with optional filters: (? IS NULL OR col = ?) keeps the
    ** SQL portable and the plan cache small. */
    DbRc rc = db_query(db, &st,
                       "SELECT id, at, actor_id, actor_login, action, object_type, object_id, "
                       "ip, request_id, detail FROM audit_log "
                       "WHERE (? = '' OR action = ?) AND (? = '' OR (object_type = ? AND "
                       "object_id = ?)) AND (? = 0 OR actor_id = ?) AND (? = 0 OR id < ?) "
                       "ORDER BY id DESC LIMIT ?",
                       "ttttiiiiii", q->action ? q->action : "", q->action ? q->action : "",
                       q->object_type ? q->object_type : "", q->object_type ? q->object_type : "",
                       q->object_id, q->actor_id, q->actor_id, q->before_id, q->before_id,
                       (int64_t)limit);
    if (rc < 0) return db_err(rc);
    AuditRow *out = ARENA_NEW(a, AuditRow, (size_t)limit);
    size_t k = 0;
    while (rc == DB_ROW && k < (size_t)limit) {
        AuditRow *row = &out[k++];
        row->id = db_col_i64(st, 0);
        row->at = db_col_i64(st, 1);
        row->actor_id = db_col_i64(st, 2);
        row->actor_login = db_col_text(st, a, 3);
        row->action = db_col_text(st, a, 4);
        row->object_type = db_col_text(st, a, 5);
        row->object_id = db_col_i64(st, 6);
        row->ip = db_col_text(st, a, 7);
        row->request_id = db_col_text(st, a, 8);
        row->detail = db_col_text(st, a, 9);
        rc = db_step(st);
    }
    db_done(st);
    if (rc < 0) return db_err(rc);
    *rows = out;
    *n = k;
    return 0;
}

int audit_page(Db *db, void *ctx) {
    AuditPage *op = ctx;
    return audit_list(db, op->a, &op->q, &op->rows, &op->n);
}
