/*
** Staff accounts managed by admins.
*/
#include "model/staff.h"

#include <string.h>

#include "core/err.h"
#include "core/util.h"
#include "model/reset.h"
#include "model/session.h"

#define STAFF_COLS                                                                                 \
    "a.id, a.login, a.email, a.mobile_mask, a.account_type, a.display_name, a.role, a.status, "    \
    "a.status_reason, d.login, a.created_at, a.decided_at, a.password_changed_at"

static void staff_row(DbStmt *st, Arena *a, Account *o) {
    o->id = db_col_i64(st, 0);
    o->login = db_col_text(st, a, 1);
    o->email = db_col_text(st, a, 2);
    o->mobile_mask = db_col_text(st, a, 3);
    o->account_type = db_col_text(st, a, 4);
    o->display_name = db_col_text(st, a, 5);
    o->role = db_col_text(st, a, 6);
    o->status = db_col_text(st, a, 7);
    o->status_reason = db_col_text(st, a, 8);
    o->decided_by_login = db_col_text(st, a, 9);
    o->created_at = db_col_i64(st, 10);
    o->decided_at = db_col_i64(st, 11);
    o->password_changed_at = db_col_i64(st, 12);
}

int staff_list(Db *db, void *ctx) {
    StaffList *op = ctx;
    op->rows = NULL;
    op->n = 0;
    int64_t count = 0;
    DbRc rc = db_query_i64(
        db, &count, "SELECT count(*) FROM accounts WHERE role IN ('reviewer', 'admin')", NULL);
    if (rc < 0) return db_err(rc);
    op->rows = ARENA_NEW(op->a, Account, (size_t)count + 1);
    DbStmt *st;
    rc = db_query(db, &st,
                  "SELECT " STAFF_COLS
                  " FROM accounts a LEFT JOIN accounts d ON d.id = a.decided_by "
                  "WHERE a.role IN ('reviewer', 'admin') "
                  "ORDER BY CASE a.role WHEN 'admin' THEN 0 ELSE 1 END, a.login",
                  NULL);
    if (rc < 0) return db_err(rc);
    for (; rc == DB_ROW && op->n < (size_t)count; rc = db_step(st))
        staff_row(st, op->a, &op->rows[op->n++]);
    db_done(st);
    return rc < 0 ? db_err(rc) : 0;
}

/* A staff account by id; -ERR_NOT_FOUND for none or a customer. */
static int staff_get(Db *db, Arena *a, int64_t id, Account *out) {
    DbStmt *st;
    DbRc rc = db_query(db, &st,
                       "SELECT " STAFF_COLS " FROM accounts a LEFT JOIN accounts d "
                       "ON d.id = a.decided_by WHERE a.id = ? AND a.role IN ('reviewer', 'admin')",
                       "i", id);
    if (rc < 0) return db_err(rc);
    if (rc == DB_ROW) staff_row(st, a, out);
    db_done(st);
    return rc == DB_ROW ? 0 : -ERR_NOT_FOUND;
}

/* The admin acting must still be an active admin (the route checked the
** session's role when the request began; another admin may have changed
** it since). */
static int check_actor(Db *db, const Actor *who) {
    int64_t n = 0;
    DbRc rc = db_query_i64(db, &n,
                           "SELECT count(*) FROM accounts WHERE id = ? AND role = 'admin' "
                           "AND status = 'active'",
                           "i", who->id);
    if (rc < 0) return db_err(rc);
    return n ? 0 : -ERR_FORBIDDEN;
}

int staff_create(Db *db, void *ctx) {
    StaffCreate *op = ctx;
    int rc = check_actor(db, &op->who);
    if (rc < 0) return rc;
    if (strcmp(op->in.role, "reviewer") != 0 && strcmp(op->in.role, "admin") != 0)
        return -ERR_FIELD_CHOICE;
    op->in.account_type = "staff";
    op->in.status = "active";
    int64_t id = 0;
    rc = account_create(db, op->a, &op->in, &id);
    if (rc == 0) rc = audit_write(db, &op->who, "staff.create", "account", id, op->in.role);
    if (rc == 0) rc = staff_get(db, op->a, id, &op->out);
    return rc;
}

/* The account a change is about, and the checks every change makes. */
static int change_begin(Db *db, StaffChange *op) {
    int rc = check_actor(db, &op->who);
    if (rc == 0) rc = staff_get(db, op->a, op->id, &op->out);
    return rc;
}

/* The end of every change: the audit row, the account after. */
static int change_end(Db *db, StaffChange *op, const char *action, const char *detail) {
    int rc = audit_write(db, &op->who, action, "account", op->id, detail);
    if (rc == 0) rc = staff_get(db, op->a, op->id, &op->out);
    return rc;
}

int staff_set_role(Db *db, void *ctx) {
    StaffChange *op = ctx;
    int rc = change_begin(db, op);
    if (rc < 0) return rc;
    if (strcmp(op->role, "reviewer") != 0 && strcmp(op->role, "admin") != 0)
        return -ERR_FIELD_CHOICE;
    if (!strcmp(op->out.role, op->role)) return -ERR_STATE;
    if (op->id == op->who.id) return -ERR_STAFF_SELF; /* only ever a demotion */
    const char *detail = arena_printf(op->a, "%s -> %s", op->out.role, op->role);
    DbRc d = db_exec(db, "UPDATE accounts SET role = ? WHERE id = ?", "ti", op->role, op->id);
    if (d < 0) return db_err(d);
    session_cache_forget_account(op->id);
    return change_end(db, op, "staff.role", detail);
}

int staff_set_enabled(Db *db, void *ctx) {
    StaffChange *op = ctx;
    int rc = change_begin(db, op);
    if (rc < 0) return rc;
    if (strcmp(op->out.status, op->enable ? "disabled" : "active") != 0) return -ERR_STATE;
    if (!op->enable && op->id == op->who.id) return -ERR_STAFF_SELF;
    const char *reason = op->enable || str_empty(op->reason) ? NULL : op->reason;
    DbRc d = db_exec(db,
                     "UPDATE accounts SET status = ?, status_reason = ?, decided_by = ?, "
                     "decided_at = ? WHERE id = ?",
                     "ttiii", op->enable ? "active" : "disabled", reason, op->who.id, time_now(),
                     op->id);
    if (d < 0) return db_err(d);
    if (!op->enable) rc = session_delete_account(db, op->id, 0);
    if (rc == 0 && !op->enable) rc = reset_revoke_account(db, op->id);
    if (rc < 0) return rc;
    return change_end(db, op, op->enable ? "staff.enable" : "staff.disable", reason);
}

int staff_set_password(Db *db, void *ctx) {
    StaffChange *op = ctx;
    int rc = change_begin(db, op);
    if (rc == 0) rc = account_set_password(db, op->id, op->password_hash);
    if (rc == 0)
        rc = session_delete_account(db, op->id, op->id == op->who.id ? op->keep_session : 0);
    if (rc == 0) rc = reset_revoke_account(db, op->id);
    if (rc < 0) return rc;
    return change_end(db, op, "staff.password_reset", NULL);
}
