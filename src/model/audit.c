/*
** Audit log rows, and the search of the log.
*/
#include "model/audit.h"

#include <stdint.h>
#include <string.h>

#include "core/err.h"
#include "core/log.h"
#include "core/util.h"

int audit_write(Db *db, const Actor *who, const char *action, const char *object_type,
                int64_t object_id, const char *detail) {
    DbRc rc = db_exec(db,
                      "INSERT INTO audit_log (at, actor_id, actor_login, action, object_type, "
                      "object_id, ip, request_id, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                      "iitttittt", time_now(), who->id, who->login, action, object_type, object_id,
                      who->ip, who->request_id, detail);
    if (rc == DB_RETRY) return db_err(rc);
    /* Fail closed: no access to personal data, and no change, without its
    ** audit row (a full disk, a read-only database). The operation is
    ** rolled back and the page says why. */
    if (rc < 0) {
        log_error("audit: cannot write %s: the operation is refused", action);
        return -ERR_AUDIT_UNAVAILABLE;
    }
    return 0;
}

const char *const AUDIT_SQL_LOW_ID =
    "SELECT id FROM audit_log WHERE at < ? ORDER BY at DESC LIMIT 1";
const char *const AUDIT_SQL_HIGH_ID = "SELECT id FROM audit_log WHERE at >= ? ORDER BY at LIMIT 1";

/* The row, with the number of the application or the login of the account
** it is about. The joins are by primary key, one lookup per row read. */
static const char select_rows[] =
    "SELECT l.id, l.at, l.actor_id, l.actor_login, l.action, l.object_type, l.object_id, l.ip, "
    "l.request_id, l.detail, COALESCE(ap.number, ac.login) FROM audit_log l "
    "LEFT JOIN applications ap ON l.object_type = 'application' AND ap.id = l.object_id "
    "LEFT JOIN accounts ac ON l.object_type = 'account' AND ac.id = l.object_id";

/* The subjects a search names: by number, exact name, or a site number
** (three parameters, the same text). A union, so that each part reads its
** index (an OR with a subquery does not on PostgreSQL). */
#define AUDIT_SUBJECTS                                                                             \
    "SELECT s.id FROM subjects s WHERE s.subject_number = ? UNION SELECT s.id FROM subjects s "    \
    "WHERE s.name = ? UNION SELECT t.subject_id FROM sites t WHERE t.site_number = ?"

/* Rows about those subjects' applications, their accounts and themselves,
** each part read from the object index (nine parameters). */
static const char subject_piece[] =
    "l.id IN (SELECT x.id FROM audit_log x WHERE x.object_type = 'application' AND x.object_id "
    "IN (SELECT a.id FROM applications a WHERE a.subject_id IN (" AUDIT_SUBJECTS "))"
    " UNION ALL SELECT x.id FROM audit_log x WHERE x.object_type = 'account' AND x.object_id IN "
    "(SELECT s2.account_id FROM subjects s2 WHERE s2.id IN (" AUDIT_SUBJECTS "))"
    " UNION ALL SELECT x.id FROM audit_log x WHERE x.object_type = 'subject' AND x.object_id IN "
    "(" AUDIT_SUBJECTS "))";

static void arg_i(AuditSql *s, int64_t v) {
    s->args[s->nargs++] = (AuditArg){.type = 'i', .i = v};
}

static void arg_t(AuditSql *s, const char *v) {
    s->args[s->nargs++] = (AuditArg){.type = 't', .t = v};
}

/* Append one condition: the first after WHERE, the others after AND. */
static void cond(AuditSql *s, int *count, const char *sql) {
    buf_puts(&s->sql, (*count)++ ? " AND " : " WHERE ");
    buf_puts(&s->sql, sql);
}

/* The conditions on ids and times: paging, and a date range as ids. The
** first page is paged too (before the largest id), so that every search is
** a range of ids read newest first. */
static void id_conds(AuditSql *s, int *k, const AuditQuery *q, int64_t lo_id, int64_t hi_id) {
    int64_t upper = q->before_id > 0 ? q->before_id : INT64_MAX; /* rows with id < upper */
    if (hi_id > 0 && hi_id < upper) upper = hi_id;
    cond(s, k, "l.id < ?"), arg_i(s, upper);
    if (lo_id > 0) cond(s, k, "l.id > ?"), arg_i(s, lo_id);
    if (q->at_from > 0) cond(s, k, "l.at >= ?"), arg_i(s, q->at_from);
    if (q->at_to > 0) cond(s, k, "l.at < ?"), arg_i(s, q->at_to);
}

void audit_search_sql(Arena *a, const AuditQuery *q, int64_t lo_id, int64_t hi_id, AuditSql *s) {
    buf_init(&s->sql, a);
    s->nargs = 0;
    buf_puts(&s->sql, select_rows);
    int k = 0;
    id_conds(s, &k, q, lo_id, hi_id);
    if (!str_empty(q->action)) cond(s, &k, "l.action = ?"), arg_t(s, q->action);
    if (!str_empty(q->actor_login)) cond(s, &k, "l.actor_login = ?"), arg_t(s, q->actor_login);
    if (q->actor_id > 0) cond(s, &k, "l.actor_id = ?"), arg_i(s, q->actor_id);
    if (!str_empty(q->object_type)) {
        cond(s, &k, "l.object_type = ? AND l.object_id = ?");
        arg_t(s, q->object_type);
        arg_i(s, q->object_id);
    }
    if (!str_empty(q->app_number)) {
        cond(s, &k,
             "l.object_type = 'application' AND l.object_id = "
             "(SELECT id FROM applications WHERE number = ?)");
        arg_t(s, q->app_number);
    }
    if (!str_empty(q->subject)) {
        cond(s, &k, subject_piece);
        for (int i = 0; i < 9; i++)
            arg_t(s, q->subject);
    }
    int limit = q->limit > 0 && q->limit <= 500 ? q->limit : 100;
    buf_puts(&s->sql, " ORDER BY l.id DESC LIMIT ?");
    arg_i(s, limit);
}

/* The id bounds of q's date range (0: open), as AUDIT_CLOCK_SLACK explains. */
static int date_bounds(Db *db, const AuditQuery *q, int64_t *lo, int64_t *hi) {
    *lo = *hi = 0;
    DbRc rc = DB_DONE;
    if (q->at_from > 0)
        rc = db_query_i64(db, lo, AUDIT_SQL_LOW_ID, "i", q->at_from - AUDIT_CLOCK_SLACK);
    if (rc >= 0 && q->at_to > 0)
        rc = db_query_i64(db, hi, AUDIT_SQL_HIGH_ID, "i", q->at_to + AUDIT_CLOCK_SLACK);
    return rc < 0 ? db_err(rc) : 0;
}

static void audit_row(DbStmt *st, Arena *a, AuditRow *row) {
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
    row->object_label = db_col_text(st, a, 10);
}

/* Prepare s, bind its parameters and step once (as db_query does). */
static DbRc search_start(Db *db, const AuditSql *s, DbStmt **st) {
    DbRc rc = db_prepare(db, s->sql.data, st);
    if (rc < 0) return rc;
    for (int i = 0; i < s->nargs; i++) {
        if (s->args[i].type == 'i')
            db_bind_i64(*st, i + 1, s->args[i].i);
        else
            db_bind_text(*st, i + 1, s->args[i].t);
    }
    rc = db_step(*st);
    if (rc < 0) db_done(*st);
    return rc;
}

int audit_list(Db *db, Arena *a, const AuditQuery *q, AuditRow **rows, size_t *n) {
    *rows = NULL;
    *n = 0;
    int64_t lo, hi;
    int err = date_bounds(db, q, &lo, &hi);
    if (err < 0) return err;
    AuditSql s;
    audit_search_sql(a, q, lo, hi, &s);
    int64_t limit = s.args[s.nargs - 1].i;
    DbStmt *st;
    DbRc rc = search_start(db, &s, &st);
    if (rc < 0) return db_err(rc);
    AuditRow *out = ARENA_NEW(a, AuditRow, (size_t)limit);
    size_t k = 0;
    while (rc == DB_ROW && k < (size_t)limit) {
        audit_row(st, a, &out[k++]);
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
