/*
** The PostgreSQL driver, on libpq.
**
** Statements: the portable `?` placeholders are rewritten to $1..$n, and
** each SQL text is prepared once per connection under a generated name
** (beian_N) and kept in a hash table keyed by the SQL text. Parameters go
** as text (integers as decimal text), blobs as binary parameters; results
** come back as text and bytea columns are decoded on demand.
**
** Transactions: read-write ones run SERIALIZABLE, so that a conflict shows
** up as SQLSTATE 40001 and db_tx reruns the function instead of silently
** losing an update; read-only ones run REPEATABLE READ READ ONLY, one
** consistent snapshot for the whole transaction, as SQLite gives. 40001,
** 40P01 (deadlock) and 55P03 (lock_timeout) map to DB_RETRY.
**
** Connection loss: before a transaction or a statement outside one, a lost
** connection is reset (PQreset), and statements are prepared again, so a
** node survives a database restart. A connection lost inside a transaction
** before COMMIT gives DB_RETRY (nothing was committed); lost during COMMIT
** or a statement outside a transaction, DB_HARD (the outcome is unknown).
**
** Bulk loads: db_copy_* run COPY ... FROM STDIN (PQputCopyData, then
** PQputCopyEnd and the COPY's result), the rows in text format.
**
** Logs name the SQL and the SQLSTATE, never bound values: for data and
** integrity errors (classes 22, 23), whose messages quote values, only the
** SQLSTATE and the constraint name are logged.
*/
#include <assert.h>
#include <inttypes.h>
#include <libpq-fe.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/log.h"
#include "db/db.h"
#include "db/db_util.h"

#define PG_BUCKETS   256
#define PG_CACHE_MAX 512 /* beyond this, statements run unnamed */
#define PG_OID_BOOL  16
#define PG_OID_BYTEA 17

typedef struct PgStmt {
    DbStmt base;
    char *sql;       /* portable SQL, the cache key */
    char *pgsql;     /* with $n placeholders */
    const char *key; /* the pointer it was last asked for by */
    uint64_t hash;
    char name[24]; /* server-side name; "" when not cached */
    unsigned gen;  /* connection generation it was prepared in, 0: never */
    bool cached;
    bool executed;    /* stepped since the last release */
    char **vals;      /* bound values, malloc'd; NULL means SQL NULL */
    int *lens, *fmts; /* lengths and formats (1: binary) of the values */
    PGresult *res;
    int row, nrows;
    unsigned char **unesc; /* decoded bytea per column of the current row */
    size_t *unesc_len;
    int nunesc;
    struct PgStmt *next; /* hash chain */
} PgStmt;

typedef struct PgDb {
    DbConn conn;
    PGconn *pg;
    unsigned gen; /* bumped by each (re)connection */
    unsigned next_name;
    bool in_tx;
    char *copy_sql; /* the COPY under way (db_copy_*), for logs */
    int busy_ms;
    PgStmt *bucket[PG_BUCKETS];
    int cached;
} PgDb;

static PgDb *pg_db(Db *db) {
    return (PgDb *)db;
}

static PgStmt *pg_st(DbStmt *st) {
    return (PgStmt *)st;
}

int db_pg_rewrite(const char *sql, Buf *out) {
    int n = 0;
    const char *p = sql;
    buf_append(out, "", 0); /* the output exists even for empty SQL */
    while (*p) {
        const char *q = p + 1;
        if (*p == '\'' || *p == '"') {
            /* A doubled quote ends one literal and opens the next: same text. */
            while (*q && *q != *p)
                q++;
            if (*q) q++;
        } else if (p[0] == '-' && p[1] == '-') {
            while (*q && *q != '\n')
                q++;
        } else if (p[0] == '/' && p[1] == '*') {
            int depth = 1; /* PostgreSQL's block comments nest */
            for (q = p + 2; *q && depth > 0; q++) {
                if (q[0] == '/' && q[1] == '*')
                    depth++, q++;
                else if (q[0] == '*' && q[1] == '/')
                    depth--, q++;
            }
        } else if (*p == '?') {
            buf_printf(out, "$%d", ++n);
            p = q;
            continue;
        }
        buf_append(out, p, (size_t)(q - p));
        p = q;
    }
    return n;
}

/* libpq's last connection-level message, on one line. */
static const char *pg_conn_msg(PgDb *d, char *buf, size_t cap) {
    const char *m = PQerrorMessage(d->pg);
    snprintf(buf, cap, "%s", *m ? m : "the server closed it");
    buf[strcspn(buf, "\r\n")] = 0;
    return buf;
}

static bool pg_retryable(const char *code) {
    return code && (!strcmp(code, "40001") || !strcmp(code, "40P01") || !strcmp(code, "55P03"));
}

/* Classify and log a failed result. lost_retry: a lost connection may be
** retried (nothing can have been committed). */
static DbRc pg_fail(PgDb *d, const PGresult *res, const char *what, const char *sql,
                    bool lost_retry) {
    const char *code = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    char msg[512];
    if (pg_retryable(code)) {
        log_debug("postgres: %s: SQLSTATE %s, retrying in: %.*s", what, code, DB_LOG_SQL, sql);
        return DB_RETRY;
    }
    if (PQstatus(d->pg) != CONNECTION_OK ||
        (code && (!strncmp(code, "08", 2) || !strncmp(code, "57P0", 4)))) {
        log_warn("postgres: connection lost during %s (%s): %s", what,
                 lost_retry ? "will retry" : "outcome unknown", pg_conn_msg(d, msg, sizeof msg));
        return lost_retry ? DB_RETRY : DB_HARD;
    }
    if (code && !strcmp(code, "25P02")) {
        log_debug("postgres: %s in an aborted transaction: %.*s", what, DB_LOG_SQL, sql);
    } else if (code && (!strncmp(code, "22", 2) || !strncmp(code, "23", 2))) {
        const char *cons = PQresultErrorField(res, PG_DIAG_CONSTRAINT_NAME);
        log_error("postgres: %s failed: SQLSTATE %s%s%s in: %.*s", what, code,
                  cons ? " on constraint " : "", cons ? cons : "", DB_LOG_SQL, sql);
    } else {
        const char *primary = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
        log_error("postgres: %s failed: %s (SQLSTATE %s) in: %.*s", what,
                  primary ? primary : pg_conn_msg(d, msg, sizeof msg), code ? code : "none",
                  DB_LOG_SQL, sql);
    }
    return DB_HARD;
}

/* Run a command without parameters; a result with rows is fine. */
static DbRc pg_exec(PgDb *d, const char *sql, const char *what, bool lost_retry) {
    PGresult *res = PQexec(d->pg, sql);
    ExecStatusType s = PQresultStatus(res);
    DbRc rc = DB_DONE;
    if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK && s != PGRES_EMPTY_QUERY)
        rc = pg_fail(d, res, what, sql, lost_retry);
    PQclear(res);
    return rc;
}

static void pg_notice(void *arg, const char *message) {
    (void)arg;
    log_debug("postgres: %.*s", (int)strcspn(message, "\r\n"), message);
}

/* Session settings, after connecting and after every reset. */
static DbRc pg_session(PgDb *d) {
    if (PQsetClientEncoding(d->pg, "UTF8") != 0) return DB_HARD;
    char sql[64];
    snprintf(sql, sizeof sql, "SET lock_timeout = %d", d->busy_ms);
    return pg_exec(d, sql, "session setup", false);
}

/* Make sure the connection is up before work outside a transaction. A
** server that closed the connection while it was idle is noticed without a
** round trip: the socket turns readable and reading finds end-of-file. */
static bool pg_alive(PgDb *d) {
    struct pollfd pfd = {.fd = PQsocket(d->pg), .events = POLLIN};
    /* Readable while idle: a notice, or the server's farewell followed by
    ** end-of-file, which a second read turns into CONNECTION_BAD. */
    for (int i = 0; i < 3 && pfd.fd >= 0 && PQstatus(d->pg) == CONNECTION_OK; i++) {
        if (poll(&pfd, 1, 0) == 0) return true;
        if (!PQconsumeInput(d->pg)) break;
    }
    if (PQstatus(d->pg) == CONNECTION_OK && pfd.fd >= 0) return true;
    char msg[512];
    log_warn("postgres: connection lost (%s); reconnecting", pg_conn_msg(d, msg, sizeof msg));
    PQreset(d->pg);
    if (PQstatus(d->pg) != CONNECTION_OK) {
        log_error("postgres: reconnect failed: %s", pg_conn_msg(d, msg, sizeof msg));
        return false;
    }
    d->gen++; /* the server forgot our prepared statements */
    return pg_session(d) == DB_DONE;
}

static int pg_open(const char *conninfo, Db **out, const char **err) {
    *out = NULL;
    PgDb *d = xcalloc(1, sizeof *d);
    d->conn.db.drv = &db_pg_driver;
    d->busy_ms = DB_BUSY_TIMEOUT_MS;
    d->gen = 1;
    d->pg = PQconnectdb(conninfo);
    char msg[512];
    if (!d->pg || PQstatus(d->pg) != CONNECTION_OK) {
        log_error("postgres: cannot connect: %s",
                  d->pg ? pg_conn_msg(d, msg, sizeof msg) : "out of memory");
        *err = "cannot connect to the server";
    } else {
        PQsetNoticeProcessor(d->pg, pg_notice, NULL);
        if (pg_session(d) != DB_DONE)
            *err = "cannot set up the session";
        else {
            *out = &d->conn.db;
            return 0;
        }
    }
    PQfinish(d->pg);
    free(d);
    return -1;
}

/* Forget the result of the last execution and the decoded blobs. */
static void pg_clear_result(PgStmt *s) {
    for (int i = 0; i < s->nunesc; i++)
        PQfreemem(s->unesc[i]);
    free(s->unesc);
    free(s->unesc_len);
    s->unesc = NULL;
    s->unesc_len = NULL;
    s->nunesc = 0;
    PQclear(s->res);
    s->res = NULL;
}

static void pg_clear_params(PgStmt *s) {
    for (int i = 0; i < s->base.nparam; i++) {
        free(s->vals[i]);
        s->vals[i] = NULL;
        s->lens[i] = s->fmts[i] = 0;
    }
}

static void pg_free_stmt(PgStmt *s) {
    pg_clear_result(s);
    pg_clear_params(s);
    free(s->vals);
    free(s->lens);
    free(s->fmts);
    free(s->sql);
    free(s->pgsql);
    free(s);
}

static void pg_close(Db *db) {
    PgDb *d = pg_db(db);
    for (int b = 0; b < PG_BUCKETS; b++) {
        PgStmt *s = d->bucket[b];
        while (s) {
            PgStmt *next = s->next;
            assert(s->base.state == DB_STMT_IDLE);
            pg_free_stmt(s);
            s = next;
        }
    }
    PQfinish(d->pg);
    free(d->copy_sql);
    free(d);
}

static PgStmt *pg_new(PgDb *d, const char *sql, uint64_t hash) {
    PgStmt *s = xcalloc(1, sizeof *s);
    Buf b;
    buf_init(&b, NULL);
    int n = db_pg_rewrite(sql, &b);
    s->pgsql = buf_take(&b);
    s->sql = xstrdup(sql);
    s->hash = hash;
    s->base.db = &d->conn.db;
    s->base.sql = s->sql;
    s->base.nparam = n;
    s->vals = xcalloc((size_t)n + 1, sizeof *s->vals);
    s->lens = xcalloc((size_t)n + 1, sizeof *s->lens);
    s->fmts = xcalloc((size_t)n + 1, sizeof *s->fmts);
    s->cached = d->cached < PG_CACHE_MAX;
    if (s->cached) {
        snprintf(s->name, sizeof s->name, "beian_%u", ++d->next_name);
        PgStmt **slot = &d->bucket[hash % PG_BUCKETS];
        s->next = *slot;
        *slot = s;
        d->cached++;
    }
    return s;
}

/* Drop a statement that never worked, cached or not. */
static void pg_discard(PgDb *d, PgStmt *s) {
    if (s->cached) {
        PgStmt **p = &d->bucket[s->hash % PG_BUCKETS];
        while (*p != s)
            p = &(*p)->next;
        *p = s->next;
        d->cached--;
    }
    pg_free_stmt(s);
}

/* Prepare s on the server unless this connection already has it. */
static DbRc pg_server_prepare(PgDb *d, PgStmt *s) {
    if (!s->cached || s->gen == d->gen) return DB_DONE;
    PGresult *res = PQprepare(d->pg, s->name, s->pgsql, 0, NULL);
    if (PQresultStatus(res) != PGRES_COMMAND_OK && !d->in_tx && PQstatus(d->pg) != CONNECTION_OK) {
        /* Lost while idle, unnoticed; preparing changes nothing, so
        ** reconnect and try once more. */
        PQclear(res);
        if (!pg_alive(d)) return DB_HARD;
        res = PQprepare(d->pg, s->name, s->pgsql, 0, NULL);
    }
    DbRc rc = DB_DONE;
    if (PQresultStatus(res) == PGRES_COMMAND_OK)
        s->gen = d->gen;
    else
        rc = pg_fail(d, res, "prepare", s->sql, d->in_tx);
    PQclear(res);
    return rc;
}

static DbRc pg_prepare(Db *db, const char *sql, DbStmt **out) {
    PgDb *d = pg_db(db);
    uint64_t hash = db_sql_hash(sql);
    PgStmt *s = d->bucket[hash % PG_BUCKETS];
    for (; s; s = s->next)
        if (s->hash == hash && s->base.state == DB_STMT_IDLE &&
            (s->key == sql || strcmp(s->sql, sql) == 0))
            break;
    if (!d->in_tx && !pg_alive(d)) return DB_HARD;
    if (!s) s = pg_new(d, sql, hash);
    DbRc rc = pg_server_prepare(d, s);
    if (rc < 0) {
        if (s->gen == 0) pg_discard(d, s); /* bad SQL stays out of the cache */
        return rc;
    }
    s->key = sql;
    *out = &s->base;
    return DB_DONE;
}

static void pg_set(PgStmt *s, int i, char *v, int len, int fmt) {
    free(s->vals[i - 1]);
    s->vals[i - 1] = v;
    s->lens[i - 1] = len;
    s->fmts[i - 1] = fmt;
}

static void pg_bind_null(DbStmt *st, int i) {
    pg_set(pg_st(st), i, NULL, 0, 0);
}

static void pg_bind_i64(DbStmt *st, int i, int64_t v) {
    char *t = xmalloc(24);
    snprintf(t, 24, "%" PRId64, v);
    pg_set(pg_st(st), i, t, 0, 0);
}

static void pg_bind_text(DbStmt *st, int i, const char *s) {
    pg_set(pg_st(st), i, s ? xstrdup(s) : NULL, 0, 0);
}

static void pg_bind_blob(DbStmt *st, int i, const void *p, size_t n) {
    assert(n <= INT32_MAX);
    char *copy = xmalloc(n ? n : 1); /* non-NULL even when empty: not SQL NULL */
    if (n) memcpy(copy, p, n);
    pg_set(pg_st(st), i, copy, (int)n, 1);
}

/* The first step runs the statement and fetches all its rows. */
static DbRc pg_execute(PgDb *d, PgStmt *s) {
    const char *const *vals = (const char *const *)s->vals;
    int n = s->base.nparam;
    s->res = s->cached ? PQexecPrepared(d->pg, s->name, n, vals, s->lens, s->fmts, 0)
                       : PQexecParams(d->pg, s->pgsql, n, NULL, vals, s->lens, s->fmts, 0);
    s->executed = true;
    s->row = 0;
    s->nrows = 0;
    switch (PQresultStatus(s->res)) {
    case PGRES_TUPLES_OK:
        s->nrows = PQntuples(s->res);
        break;
    case PGRES_COMMAND_OK:
    case PGRES_EMPTY_QUERY:
        break;
    default: {
        DbRc rc = pg_fail(d, s->res, "step", s->sql, d->in_tx);
        pg_clear_result(s);
        return rc;
    }
    }
    if (s->nrows == 0) return DB_DONE;
    s->nunesc = PQnfields(s->res);
    s->unesc = xcalloc((size_t)s->nunesc + 1, sizeof *s->unesc);
    s->unesc_len = xcalloc((size_t)s->nunesc + 1, sizeof *s->unesc_len);
    return DB_ROW;
}

static DbRc pg_step(DbStmt *st) {
    PgStmt *s = pg_st(st);
    if (!s->executed) return pg_execute(pg_db(st->db), s);
    if (!s->res) return DB_DONE;
    for (int i = 0; i < s->nunesc; i++) {
        PQfreemem(s->unesc[i]);
        s->unesc[i] = NULL;
    }
    return ++s->row < s->nrows ? DB_ROW : DB_DONE;
}

static void pg_done(DbStmt *st) {
    PgStmt *s = pg_st(st);
    pg_clear_result(s);
    pg_clear_params(s);
    s->executed = false;
    if (!s->cached) pg_free_stmt(s);
}

static int pg_column_count(DbStmt *st) {
    PgStmt *s = pg_st(st);
    return s->res ? PQnfields(s->res) : 0;
}

static bool pg_col_is_null(DbStmt *st, int i) {
    PgStmt *s = pg_st(st);
    return PQgetisnull(s->res, s->row, i);
}

static int64_t pg_col_i64(DbStmt *st, int i) {
    PgStmt *s = pg_st(st);
    const char *v = PQgetvalue(s->res, s->row, i);
    if (PQftype(s->res, i) == PG_OID_BOOL) return v[0] == 't';
    return strtoll(v, NULL, 10);
}

static const char *pg_col_text(DbStmt *st, int i) {
    PgStmt *s = pg_st(st);
    return PQgetisnull(s->res, s->row, i) ? NULL : PQgetvalue(s->res, s->row, i);
}

static const void *pg_col_blob(DbStmt *st, int i, size_t *n) {
    PgStmt *s = pg_st(st);
    const char *v = PQgetvalue(s->res, s->row, i);
    if (PQftype(s->res, i) != PG_OID_BYTEA) {
        *n = (size_t)PQgetlength(s->res, s->row, i);
        return v;
    }
    if (!s->unesc[i]) {
        s->unesc[i] = PQunescapeBytea((const unsigned char *)v, &s->unesc_len[i]);
        if (!s->unesc[i]) core_oom(strlen(v));
    }
    *n = s->unesc_len[i];
    return s->unesc[i];
}

static DbRc pg_begin(Db *db, bool read_only) {
    PgDb *d = pg_db(db);
    assert(!d->in_tx);
    if (!pg_alive(d)) return DB_HARD;
    DbRc rc = pg_exec(d,
                      read_only ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"
                                : "BEGIN ISOLATION LEVEL SERIALIZABLE",
                      "begin", true);
    d->in_tx = rc == DB_DONE;
    return rc;
}

static DbRc pg_commit(Db *db) {
    PgDb *d = pg_db(db);
    PGresult *res = PQexec(d->pg, "COMMIT");
    DbRc rc = DB_DONE;
    if (PQresultStatus(res) != PGRES_COMMAND_OK) {
        rc = pg_fail(d, res, "commit", "COMMIT", false);
    } else if (strcmp(PQcmdStatus(res), "ROLLBACK") == 0) {
        /* The transaction had failed; PostgreSQL rolled it back. */
        log_error("postgres: commit of a failed transaction was rolled back");
        rc = DB_HARD;
    }
    PQclear(res);
    d->in_tx = false;
    return rc;
}

static void pg_rollback(Db *db) {
    PgDb *d = pg_db(db);
    d->in_tx = false;
    if (PQstatus(d->pg) == CONNECTION_OK && PQtransactionStatus(d->pg) != PQTRANS_IDLE)
        pg_exec(d, "ROLLBACK", "rollback", false);
}

/* ---- COPY ... FROM STDIN ------------------------------------------------ */

static DbRc pg_copy_begin(Db *db, const char *table, const char *columns) {
    PgDb *d = pg_db(db);
    assert(!d->copy_sql);
    if (!d->in_tx && !pg_alive(d)) return DB_HARD;
    Buf b;
    buf_init(&b, NULL);
    buf_printf(&b, "COPY %s (%s) FROM STDIN", table, columns);
    char *sql = buf_take(&b);
    PGresult *res = PQexec(d->pg, sql);
    DbRc rc = DB_DONE;
    if (PQresultStatus(res) == PGRES_COPY_IN) {
        d->copy_sql = sql;
    } else {
        rc = pg_fail(d, res, "copy", sql, d->in_tx);
        free(sql);
    }
    PQclear(res);
    return rc;
}

static DbRc pg_copy_put(Db *db, const char *data, size_t n) {
    PgDb *d = pg_db(db);
    assert(d->copy_sql);
    while (n > 0) {
        int k = n > (1u << 30) ? 1 << 30 : (int)n;
        /* Blocking: 1 once libpq has the data (sent or buffered). An error
        ** of the server about rows sent earlier shows at the end. */
        if (PQputCopyData(d->pg, data, k) != 1)
            return pg_fail(d, NULL, "copy", d->copy_sql, d->in_tx);
        data += k, n -= (size_t)k;
    }
    return DB_DONE;
}

static DbRc pg_copy_end(Db *db, const char *error) {
    PgDb *d = pg_db(db);
    assert(d->copy_sql);
    DbRc rc = DB_DONE;
    if (PQputCopyEnd(d->pg, error) != 1) rc = pg_fail(d, NULL, "copy", d->copy_sql, d->in_tx);
    /* The COPY's own result, then NULL. */
    PGresult *res;
    while ((res = PQgetResult(d->pg))) {
        ExecStatusType s = PQresultStatus(res);
        if (s == PGRES_COPY_IN) {
            /* The end could not be sent: the connection is gone. */
            PQclear(res);
            rc = DB_HARD;
            break;
        }
        if (s != PGRES_COMMAND_OK && rc == DB_DONE) {
            if (error) {
                log_debug("postgres: copy abandoned: %s", error);
                rc = DB_HARD;
            } else {
                rc = pg_fail(d, res, "copy", d->copy_sql, d->in_tx);
            }
        }
        PQclear(res);
    }
    if (error) rc = DB_HARD;
    free(d->copy_sql);
    d->copy_sql = NULL;
    return rc;
}

static DbRc pg_exec_script(Db *db, const char *sql) {
    PgDb *d = pg_db(db);
    if (!d->in_tx && !pg_alive(d)) return DB_HARD;
    return pg_exec(d, sql, "script", d->in_tx);
}

static int pg_cache_size(Db *db) {
    return pg_db(db)->cached;
}

int db_pg_set_busy_timeout(Db *db, int ms) {
    assert(db->drv == &db_pg_driver);
    PgDb *d = pg_db(db);
    d->busy_ms = ms;
    return db_err(pg_session(d));
}

const DbDriver db_pg_driver = {
    .name = "postgres",
    .xOpen = pg_open,
    .xClose = pg_close,
    .xPrepare = pg_prepare,
    .xBindNull = pg_bind_null,
    .xBindI64 = pg_bind_i64,
    .xBindText = pg_bind_text,
    .xBindBlob = pg_bind_blob,
    .xStep = pg_step,
    .xDone = pg_done,
    .xColumnCount = pg_column_count,
    .xColIsNull = pg_col_is_null,
    .xColI64 = pg_col_i64,
    .xColText = pg_col_text,
    .xColBlob = pg_col_blob,
    .xBegin = pg_begin,
    .xCommit = pg_commit,
    .xRollback = pg_rollback,
    .xExecScript = pg_exec_script,
    .xCacheSize = pg_cache_size,
    .xCopyBegin = pg_copy_begin,
    .xCopyPut = pg_copy_put,
    .xCopyEnd = pg_copy_end,
};
