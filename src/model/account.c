/*
** Account rows.
*/
#include "model/account.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/crypto.h"
#include "core/err.h"
#include "core/util.h"
#include "model/notify.h"
#include "model/outbox.h"
#include "model/throttle.h"
#include "rules/mask.h"

int account_taken(Db *db, const char *login, const char *email) {
    int64_t n = 0;
    DbRc rc = db_query_i64(db, &n, "SELECT count(*) FROM accounts WHERE login = ?", "t", login);
    if (rc < 0) return db_err(rc);
    if (n) return -ERR_LOGIN_TAKEN;
    rc = db_query_i64(db, &n, "SELECT count(*) FROM accounts WHERE email = ?", "t", email);
    if (rc < 0) return db_err(rc);
    return n ? -ERR_EMAIL_TAKEN : 0;
}

int account_create(Db *db, Arena *a, const AccountNew *in, int64_t *id) {
    int taken = account_taken(db, in->login, in->email);
    if (taken < 0) return taken;
    int64_t now = time_now();
    DbRc rc = db_insert(
        db, id,
        "INSERT INTO accounts (login, email, mobile_enc, mobile_mask, account_type, "
        "display_name, role, status, password_hash, created_at, password_changed_at, "
        "lang) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        "tttttttttiit", in->login, in->email, crypto_seal_text(a, in->mobile),
        mask_phone(a, in->mobile), in->account_type, in->display_name, in->role, in->status,
        in->password_hash, now, now, in->lang && !strcmp(in->lang, "en") ? "en" : "zh");
    return rc < 0 ? db_err(rc) : 0;
}

static int auth_row(DbStmt *st, DbRc rc, Arena *a, AccountAuth *out) {
    if (rc < 0) return db_err(rc);
    if (rc == DB_DONE) {
        db_done(st);
        return -ERR_NOT_FOUND;
    }
    out->id = db_col_i64(st, 0);
    out->login = db_col_text(st, a, 1);
    out->role = db_col_text(st, a, 2);
    out->status = db_col_text(st, a, 3);
    out->status_reason = db_col_text(st, a, 4);
    out->password_hash = db_col_text(st, a, 5);
    out->display_name = db_col_text(st, a, 6);
    db_done(st);
    return 0;
}

#define AUTH_COLS "id, login, role, status, status_reason, password_hash, display_name"

int account_auth_by_login(Db *db, Arena *a, const char *login, AccountAuth *out) {
    DbStmt *st;
    DbRc rc = db_query(db, &st, "SELECT " AUTH_COLS " FROM accounts WHERE login = ?", "t", login);
    return auth_row(st, rc, a, out);
}

int account_auth_by_id(Db *db, Arena *a, int64_t id, AccountAuth *out) {
    DbStmt *st;
    DbRc rc = db_query(db, &st, "SELECT " AUTH_COLS " FROM accounts WHERE id = ?", "i", id);
    return auth_row(st, rc, a, out);
}

#define ACCOUNT_COLS                                                                               \
    "a.id, a.login, a.email, a.mobile_mask, a.account_type, a.display_name, a.role, a.status, "    \
    "a.status_reason, d.login, a.created_at, a.decided_at, a.password_changed_at"

static void account_row(DbStmt *st, Arena *a, Account *o) {
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

int account_get(Db *db, Arena *a, int64_t id, Account *out) {
    DbStmt *st;
    DbRc rc = db_query(db, &st,
                       "SELECT " ACCOUNT_COLS " FROM accounts a LEFT JOIN accounts d "
                       "ON d.id = a.decided_by WHERE a.id = ?",
                       "i", id);
    if (rc < 0) return db_err(rc);
    if (rc == DB_ROW) account_row(st, a, out);
    db_done(st);
    return rc == DB_ROW ? 0 : -ERR_NOT_FOUND;
}

int account_list(Db *db, Arena *a, const char *status, const char *role, int64_t before_id,
                 int limit, Account **out, size_t *n) {
    if (limit <= 0 || limit > 1000) limit = 200;
    /* Only the filters given, so that each combination reads its index
    ** ((status, role, id), (role, id), (status, id) or the key) from the
    ** key down: a page, not the table (`? = '' OR` read every account). */
    bool by_status = status && *status, by_role = role && *role;
    static const char *const where[] = {"", "a.status = ? AND ", "a.role = ? AND ",
                                        "a.status = ? AND a.role = ? AND "};
    char sql[sizeof ACCOUNT_COLS + 256];
    snprintf(sql, sizeof sql,
             "SELECT " ACCOUNT_COLS " FROM accounts a LEFT JOIN accounts d ON d.id = a.decided_by "
             "WHERE %sa.id < ? ORDER BY a.id DESC LIMIT ?",
             where[by_status + 2 * by_role]);
    int64_t before = before_id > 0 ? before_id : INT64_MAX;
    DbStmt *st;
    DbRc rc;
    if (by_status && by_role)
        rc = db_query(db, &st, sql, "ttii", status, role, before, (int64_t)limit);
    else if (by_status || by_role)
        rc = db_query(db, &st, sql, "tii", by_status ? status : role, before, (int64_t)limit);
    else
        rc = db_query(db, &st, sql, "ii", before, (int64_t)limit);
    if (rc < 0) return db_err(rc);
    Account *rows = ARENA_NEW(a, Account, (size_t)limit);
    size_t k = 0;
    while (rc == DB_ROW && k < (size_t)limit) {
        account_row(st, a, &rows[k++]);
        rc = db_step(st);
    }
    db_done(st);
    if (rc < 0) return db_err(rc);
    *out = rows;
    *n = k;
    return 0;
}

int account_count(Db *db, const char *status, int64_t *n) {
    *n = 0;
    /* The status written in the statement, not bound: PostgreSQL's generic
    ** plan of `status = $1` expects a quarter of the accounts (four
    ** statuses) and reads them all, where 'pending' is a few in a thousand. */
    static const char *const sql[][2] = {
        {"pending", "SELECT count(*) FROM accounts WHERE status = 'pending'"},
        {"active", "SELECT count(*) FROM accounts WHERE status = 'active'"},
        {"rejected", "SELECT count(*) FROM accounts WHERE status = 'rejected'"},
        {"disabled", "SELECT count(*) FROM accounts WHERE status = 'disabled'"},
    };
    for (size_t i = 0; i < sizeof sql / sizeof sql[0]; i++)
        if (status && !strcmp(status, sql[i][0])) {
            DbRc rc = db_query_i64(db, n, sql[i][1], NULL);
            return rc < 0 ? db_err(rc) : 0;
        }
    return -ERR_INVALID_INPUT;
}

int account_decide(Db *db, int64_t id, int64_t staff_id, bool approve, const char *reason) {
    AccountAuth cur;
    Arena a;
    arena_init(&a);
    int rc = account_auth_by_id(db, &a, id, &cur);
    if (rc == 0 && strcmp(cur.status, "pending") != 0) rc = -ERR_STATE;
    arena_free(&a);
    if (rc < 0) return rc;
    DbRc d = db_exec(db,
                     "UPDATE accounts SET status = ?, status_reason = ?, decided_by = ?, "
                     "decided_at = ? WHERE id = ? AND status = 'pending'",
                     "ttiii", approve ? "active" : "rejected", reason, staff_id, time_now(), id);
    if (d < 0) return db_err(d);
    arena_init(&a);
    rc = notify_account_decided(db, &a, id, approve, reason);
    arena_free(&a);
    return rc;
}

int account_set_password(Db *db, int64_t id, const char *hash) {
    DbRc rc =
        db_exec(db, "UPDATE accounts SET password_hash = ?, password_changed_at = ? WHERE id = ?",
                "tii", hash, time_now(), id);
    return rc < 0 ? db_err(rc) : 0;
}

int account_mobile(Db *db, Arena *a, int64_t id, char **mobile) {
    DbStmt *st;
    DbRc rc = db_query(db, &st, "SELECT mobile_enc FROM accounts WHERE id = ?", "i", id);
    if (rc < 0) return db_err(rc);
    char *sealed = rc == DB_ROW ? db_col_text(st, a, 0) : NULL;
    db_done(st);
    if (!sealed) return -ERR_NOT_FOUND;
    *mobile = crypto_open_text(a, sealed);
    return *mobile ? 0 : -ERR_INTERNAL;
}

int account_free(Db *db, void *ctx) {
    AccountFree *op = ctx;
    op->taken = 0;
    int rc = account_taken(db, op->login, op->email);
    if (rc == -ERR_LOGIN_TAKEN || rc == -ERR_EMAIL_TAKEN) op->taken = rc;
    return op->taken ? 0 : rc;
}

/* The mail to the owner of an address someone registered again. */
static int known_email_mail(Db *db, AccountRegister *op, int64_t owner) {
    Account acct;
    int rc = account_get(db, op->a, owner, &acct);
    if (rc < 0) return rc;
    const char *body = arena_printf(
        op->a,
        "您好：\n\n有人在 ICP备案系统 上用本邮箱注册新账户。本邮箱已经注册过账户"
        "（登录名：%s），所以没有注册新账户。\n\n如果是您本人，请直接登录；忘记密码可以在 "
        "%s/recover 找回登录信息。\n\n如果这不是您本人的操作，请忽略本邮件，您的账户不会有"
        "任何变化。\n",
        acct.login, op->origin ? op->origin : "");
    return outbox_queue(db, acct.email, "ICP备案系统：有人用您的邮箱注册", body);
}

int account_register(Db *db, void *ctx) {
    AccountRegister *op = ctx;
    op->id = 0;
    Arena a;
    arena_init(&a);
    int rc = account_create(db, &a, &op->in, &op->id);
    arena_free(&a);
    if (rc == -ERR_EMAIL_TAKEN) {
        int64_t owner = 0;
        DbRc q =
            db_query_i64(db, &owner, "SELECT id FROM accounts WHERE email = ?", "t", op->in.email);
        if (q < 0) return db_err(q);
        op->id = 0;
        rc = known_email_mail(db, op, owner);
        if (rc == 0)
            rc = audit_write(db, &op->who, "account.register_known_email", "account", owner, NULL);
        return rc;
    }
    if (rc == 0)
        rc = audit_write(db, &op->who, "account.register", "account", op->id, op->in.account_type);
    return rc;
}

int register_begin(Db *db, void *ctx) {
    RegisterBegin *op = ctx;
    op->throttled = op->login_taken = false;
    int64_t count = 0;
    const char *key = arena_printf(op->a, "register:%s", op->who.ip ? op->who.ip : "");
    int rc = throttle_hit(db, key, op->window_s, time_now(), &count);
    if (rc < 0) return rc;
    if (count > op->max) {
        op->throttled = true;
        return audit_write(db, &op->who, "account.register_throttled", "account", 0, NULL);
    }
    int64_t n = 0;
    DbRc q = db_query_i64(db, &n, "SELECT count(*) FROM accounts WHERE login = ?", "t", op->login);
    if (q < 0) return db_err(q);
    op->login_taken = n > 0;
    return 0;
}

int accounts_page(Db *db, void *ctx) {
    AccountsPage *op = ctx;
    int rc = account_count(db, "pending", &op->pending);
    if (rc == 0)
        rc = account_list(db, op->a, op->status, op->role, op->before_id, op->limit, &op->rows,
                          &op->n);
    return rc;
}

int account_decision(Db *db, void *ctx) {
    AccountDecision *op = ctx;
    int rc = account_decide(db, op->id, op->who.id, op->approve, op->reason);
    if (rc == 0)
        rc = audit_write(db, &op->who, op->approve ? "account.approve" : "account.reject",
                         "account", op->id, op->reason);
    if (rc == 0) rc = account_get(db, op->a, op->id, &op->account);
    return rc;
}
