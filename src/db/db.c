/*
** The driver-independent half of the database layer: choosing a driver
** from a URL, the thin wrappers of db.h (which assert its invariants), the
** format-driven helpers, the transaction helper with bounded retry, and
** migrations. The drivers (db_sqlite.c, db_pg.c) only speak their dialect.
**
** A transaction in which any statement failed cannot commit: a DB_RETRY
** anywhere in it makes db_tx start over, a DB_HARD rolls it back. That is
** PostgreSQL's rule (an error aborts the transaction), applied to SQLite as
** well so that the two drivers behave alike.
*/
#include "db/db.h"

#include <assert.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/err.h"
#include "core/log.h"
#include "core/util.h"
#include "db/db_util.h"

static _Atomic uint64_t tx_retries;

static DbConn *conn_of(Db *db) {
    return (DbConn *)db;
}

const DbDriver *db_driver_for(const char *url, const char **conn) {
    const char *dummy;
    if (!conn) conn = &dummy;
    *conn = NULL;
    if (!url) return NULL;
    if (str_starts(url, "postgres://") || str_starts(url, "postgresql://")) {
        *conn = url; /* libpq takes the URL itself */
        return &db_pg_driver;
    }
    *conn = str_starts(url, "sqlite:") ? url + strlen("sqlite:") : url;
    return &db_sqlite_driver;
}

Db *db_open(const char *url) {
    const char *conn = NULL;
    const DbDriver *drv = db_driver_for(url, &conn);
    if (!drv || str_empty(conn)) {
        log_error("db: no database URL given");
        return NULL;
    }
    Db *db = NULL;
    const char *why = "unknown error";
    /* The URL is not logged: it may carry a password. */
    if (drv->xOpen(conn, &db, &why) != 0 || !db) {
        log_error("db: cannot open the %s database: %s", drv->name, why);
        return NULL;
    }
    assert(db->drv == drv && db->tx_depth == 0);
    return db;
}

void db_close(Db *db) {
    if (!db) return;
    assert(db->tx_depth == 0 && "db_close inside a transaction");
    assert(conn_of(db)->stmts_out == 0 && "a statement was not released with db_done");
    db->drv->xClose(db);
}

uint64_t db_tx_retries_total(void) {
    return atomic_load(&tx_retries);
}

bool db_is_postgres(const Db *db) {
    return db && db->drv == &db_pg_driver;
}

int db_set_busy_timeout(Db *db, int ms) {
    assert(db && ms >= 0);
    return db_is_postgres(db) ? db_pg_set_busy_timeout(db, ms) : db_sqlite_set_busy_timeout(db, ms);
}

/* FNV-1a's steps over eight bytes at a time, each folded (h ^= h >> 29)
** so that the high bytes of a word reach the low bits the buckets use,
** then the rest byte by byte: every statement a request runs is hashed to
** find its prepared copy, and the texts are hundreds of bytes. Only the
** statement caches use it (both drivers), within one process. */
uint64_t db_sql_hash(const char *sql) {
    uint64_t h = 0xcbf29ce484222325u;
    size_t n = strlen(sql), i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, sql + i, 8);
        h ^= w;
        h *= 0x100000001b3u;
        h ^= h >> 29;
    }
    for (; i < n; i++) {
        h ^= (unsigned char)sql[i];
        h *= 0x100000001b3u;
    }
    return h;
}

int db_err(DbRc rc) {
    if (rc >= 0) return 0;
    return rc == DB_RETRY ? -ERR_DB_RETRY : -ERR_DB;
}

/* Remember a failure inside a transaction so that it cannot commit. */
static DbRc note(Db *db, DbRc rc) {
    if (rc < 0 && db->tx_depth > 0) {
        if (rc == DB_RETRY)
            conn_of(db)->tx_retry = true;
        else
            conn_of(db)->tx_hard = true;
    }
    return rc;
}

/* ---- Thin wrappers ---------------------------------------------------- */

static _Atomic(DbTraceFn) trace_fn;
static void *_Atomic trace_ctx;

void db_trace(DbTraceFn fn, void *ctx) {
    trace_ctx = ctx;
    trace_fn = fn;
}

DbRc db_prepare(Db *db, const char *sql, DbStmt **out) {
    assert(db && db->drv && sql && out);
    *out = NULL;
    DbTraceFn trace = trace_fn;
    if (trace) trace(trace_ctx, db, sql);
    assert(!conn_of(db)->copying && "a statement during COPY: call db_copy_end first");
    DbStmt *st = NULL;
    DbRc rc = db->drv->xPrepare(db, sql, &st);
    if (rc < 0) return note(db, rc);
    assert(st && st->db == db && st->state == DB_STMT_IDLE);
    st->state = DB_STMT_READY;
    conn_of(db)->stmts_out++;
    *out = st;
    return DB_DONE;
}

/* Binding is allowed between prepare and the first step only. */
static void check_bind(const DbStmt *st, int i) {
    assert(st && st->db && st->state == DB_STMT_READY);
    assert(i >= 1 && i <= st->nparam && "parameter index out of range");
    (void)st;
    (void)i;
}

void db_bind_null(DbStmt *st, int i) {
    check_bind(st, i);
    st->db->drv->xBindNull(st, i);
}

void db_bind_i64(DbStmt *st, int i, int64_t v) {
    check_bind(st, i);
    st->db->drv->xBindI64(st, i, v);
}

void db_bind_text(DbStmt *st, int i, const char *s) {
    check_bind(st, i);
    st->db->drv->xBindText(st, i, s);
}

void db_bind_text_static(DbStmt *st, int i, const char *s, size_t n) {
    check_bind(st, i);
    assert(s && strlen(s) == n);
    if (st->db->drv->xBindTextStatic)
        st->db->drv->xBindTextStatic(st, i, s, n);
    else
        st->db->drv->xBindText(st, i, s);
}

void db_bind_blob(DbStmt *st, int i, const void *p, size_t n) {
    check_bind(st, i);
    assert(p || n == 0);
    st->db->drv->xBindBlob(st, i, p, n);
}

DbRc db_step(DbStmt *st) {
    assert(st && st->db);
    assert((st->state == DB_STMT_READY || st->state == DB_STMT_ROW) &&
           "db_step after DB_DONE or an error: call db_done first");
    DbRc rc = st->db->drv->xStep(st);
    st->state = rc == DB_ROW ? DB_STMT_ROW : DB_STMT_DONE;
    return note(st->db, rc);
}

void db_done(DbStmt *st) {
    if (!st) return;
    assert(st->db && st->state != DB_STMT_IDLE && "db_done twice");
    Db *db = st->db;
    assert(conn_of(db)->stmts_out > 0);
    conn_of(db)->stmts_out--;
    st->state = DB_STMT_IDLE;
    db->drv->xDone(st); /* may free st */
}

/* Columns can be read only while the statement sits on a row. */
static void check_col(DbStmt *st, int i) {
    assert(st && st->db && st->state == DB_STMT_ROW && "no current row");
    assert(i >= 0 && i < st->db->drv->xColumnCount(st) && "column index out of range");
    (void)st;
    (void)i;
}

bool db_col_null(DbStmt *st, int i) {
    check_col(st, i);
    return st->db->drv->xColIsNull(st, i);
}

/* Both drivers read SQL NULL as 0 (sqlite3_column_int64; PQgetvalue's
** "") and as a NULL text (sqlite3_column_text; PQgetisnull), so neither
** asks whether the value is NULL first (tests/unit/db_conformance.h). */
int64_t db_col_i64(DbStmt *st, int i) {
    check_col(st, i);
    return st->db->drv->xColI64(st, i);
}

char *db_col_text(DbStmt *st, Arena *a, int i) {
    check_col(st, i);
    const char *t = st->db->drv->xColText(st, i);
    return t ? arena_strdup(a, t) : NULL;
}

void *db_col_blob(DbStmt *st, Arena *a, int i, size_t *n) {
    check_col(st, i);
    *n = 0;
    if (st->db->drv->xColIsNull(st, i)) return NULL;
    size_t len = 0;
    const void *p = st->db->drv->xColBlob(st, i, &len);
    /* An empty blob is not NULL: hand out a valid pointer to 0 bytes. */
    void *copy = arena_alloc(a, len ? len : 1);
    if (len) memcpy(copy, p, len);
    *n = len;
    return copy;
}

/* ---- COPY --------------------------------------------------------------- */

bool db_can_copy(const Db *db) {
    return db && db->drv->xCopyBegin;
}

DbRc db_copy_begin(Db *db, const char *table, const char *columns) {
    assert(db_can_copy(db) && table && columns);
    assert(!conn_of(db)->copying && conn_of(db)->stmts_out == 0);
    DbRc rc = db->drv->xCopyBegin(db, table, columns);
    conn_of(db)->copying = rc >= 0;
    return note(db, rc);
}

DbRc db_copy_put(Db *db, const char *data, size_t n) {
    assert(conn_of(db)->copying && (data || n == 0));
    return note(db, db->drv->xCopyPut(db, data, n));
}

DbRc db_copy_end(Db *db, const char *error) {
    assert(conn_of(db)->copying);
    conn_of(db)->copying = false;
    return note(db, db->drv->xCopyEnd(db, error));
}

void db_copy_escape(Buf *out, const char *s, size_t n) {
    buf_reserve(out, 2 * n);
    char *o = out->data + out->len;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        switch (c) {
        case '\\':
            *o++ = '\\', *o++ = '\\';
            break;
        case '\t':
            *o++ = '\\', *o++ = 't';
            break;
        case '\n':
            *o++ = '\\', *o++ = 'n';
            break;
        case '\r':
            *o++ = '\\', *o++ = 'r';
            break;
        default:
            *o++ = c;
        }
    }
    *o = 0; /* a Buf stays NUL-terminated */
    out->len = (size_t)(o - out->data);
}

/* ---- Format-driven helpers -------------------------------------------- */

static bool bind_fmt(DbStmt *st, const char *sql, const char *fmt, va_list ap) {
    int i = 0;
    for (const char *f = fmt ? fmt : ""; *f; f++) {
        i++;
        switch (*f) {
        case 'i':
            db_bind_i64(st, i, va_arg(ap, int64_t));
            break;
        case 't':
            db_bind_text(st, i, va_arg(ap, const char *));
            break;
        case 'n':
            db_bind_null(st, i);
            break;
        case 'b': {
            const void *p = va_arg(ap, const void *);
            size_t n = va_arg(ap, size_t);
            db_bind_blob(st, i, p, n);
            break;
        }
        default:
            log_error("db: unknown format letter '%c' for: %.*s", *f, DB_LOG_SQL, sql);
            assert(!"unknown db format letter");
            return false;
        }
    }
    if (i != st->nparam) {
        log_error("db: %d arguments for %d placeholders in: %.*s", i, st->nparam, DB_LOG_SQL, sql);
        assert(!"argument count differs from placeholder count");
        return false;
    }
    return true;
}

/* Prepare, bind by format and step once. On a negative return nothing is
** left to release; otherwise *out holds the statement. */
static DbRc run_v(Db *db, DbStmt **out, const char *sql, const char *fmt, va_list ap) {
    DbStmt *st = NULL;
    *out = NULL;
    DbRc rc = db_prepare(db, sql, &st);
    if (rc < 0) return rc;
    if (!bind_fmt(st, sql, fmt, ap)) {
        db_done(st);
        return note(db, DB_HARD);
    }
    rc = db_step(st);
    if (rc < 0) {
        db_done(st);
        return rc;
    }
    *out = st;
    return rc;
}

DbRc db_exec(Db *db, const char *sql, const char *fmt, ...) {
    DbStmt *st;
    va_list ap;
    va_start(ap, fmt);
    DbRc rc = run_v(db, &st, sql, fmt, ap);
    va_end(ap);
    if (rc >= 0) db_done(st);
    return rc;
}

DbRc db_query(Db *db, DbStmt **out, const char *sql, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    DbRc rc = run_v(db, out, sql, fmt, ap);
    va_end(ap);
    return rc;
}

DbRc db_insert(Db *db, int64_t *id, const char *sql, const char *fmt, ...) {
    DbStmt *st;
    va_list ap;
    va_start(ap, fmt);
    DbRc rc = run_v(db, &st, sql, fmt, ap);
    va_end(ap);
    *id = 0;
    if (rc < 0) return rc;
    if (rc == DB_ROW) *id = db_col_i64(st, 0);
    db_done(st);
    return rc;
}

DbRc db_query_i64(Db *db, int64_t *v, const char *sql, const char *fmt, ...) {
    DbStmt *st;
    va_list ap;
    va_start(ap, fmt);
    DbRc rc = run_v(db, &st, sql, fmt, ap);
    va_end(ap);
    *v = 0;
    if (rc < 0) return rc;
    if (rc == DB_ROW) *v = db_col_i64(st, 0);
    db_done(st);
    return rc;
}

/* ---- Transactions ----------------------------------------------------- */

/* Sleep before attempt+2: a random time in [cap/2, cap] with cap doubling
** from 2 ms to 128 ms, so that colliding transactions drift apart. */
static void tx_backoff(int attempt) {
    uint32_t cap_us = 2000u << (attempt < 6 ? attempt : 6);
    uint32_t r;
    rand_bytes(&r, sizeof r);
    uint32_t us = cap_us / 2 + r % (cap_us / 2 + 1);
    struct timespec ts = {.tv_sec = us / 1000000, .tv_nsec = (long)(us % 1000000) * 1000};
    while (nanosleep(&ts, &ts) != 0) {
    }
}

/* One attempt of an outermost transaction. */
typedef struct DbDeferred {
    struct DbDeferred *next;
    DbTxFn fn;
    size_t len;
    max_align_t data[]; /* the copy of ctx */
} DbDeferred;

static void deferred_clear(DbConn *c) {
    while (c->deferred) {
        DbDeferred *d = c->deferred;
        c->deferred = d->next;
        free(d);
    }
    c->deferred_tail = &c->deferred;
}

int db_tx_defer(Db *db, DbTxFn fn, const void *ctx, size_t len) {
    assert(db && fn);
    if (db->tx_depth == 0) {
        void *copy = xmalloc(len ? len : 1);
        memcpy(copy, ctx, len);
        int rc = fn(db, copy);
        free(copy);
        return rc;
    }
    DbConn *c = conn_of(db);
    DbDeferred *d = xmalloc(sizeof *d + len);
    d->next = NULL;
    d->fn = fn;
    d->len = len;
    memcpy(d->data, ctx, len);
    if (!c->deferred_tail) c->deferred_tail = &c->deferred;
    *c->deferred_tail = d;
    c->deferred_tail = &d->next;
    return 0;
}

/* The deferred work of the transaction, first in first out. */
static int deferred_run(Db *db) {
    DbConn *c = conn_of(db);
    int rc = 0;
    while (rc == 0 && c->deferred) {
        DbDeferred *d = c->deferred;
        c->deferred = d->next;
        if (!c->deferred) c->deferred_tail = &c->deferred;
        rc = d->fn(db, d->data);
        free(d);
    }
    return rc;
}

static int tx_once(Db *db, DbTxFn fn, void *ctx, bool read_only) {
    DbConn *c = conn_of(db);
    DbRc b = db->drv->xBegin(db, read_only);
    if (b < 0) return db_err(b);
    db->tx_depth = 1;
    c->tx_read_only = read_only;
    c->tx_retry = c->tx_hard = false;
    int out_before = c->stmts_out;
    deferred_clear(c);
    int rc = fn(db, ctx);
    if (rc == 0 && !c->tx_retry && !c->tx_hard) rc = deferred_run(db);
    deferred_clear(c);
    assert(c->stmts_out == out_before && "transaction function leaked a statement");
    (void)out_before;
    if (c->tx_retry) {
        rc = -ERR_DB_RETRY; /* whatever fn concluded rests on a failed read */
    } else if (rc == 0 && c->tx_hard) {
        log_error("db: a statement failed inside a transaction that tried to commit");
        rc = -ERR_DB;
    }
    if (rc == 0) {
        DbRc cm = db->drv->xCommit(db);
        if (cm >= 0) {
            db->tx_depth = 0;
            return 0;
        }
        rc = db_err(cm);
    }
    db->drv->xRollback(db);
    db->tx_depth = 0;
    return rc;
}

static int tx_run(Db *db, DbTxFn fn, void *ctx, bool read_only) {
    assert(db && fn);
    if (db->tx_depth > 0) {
        /* Nested: join the outer transaction; the outer one retries. */
        bool bad = conn_of(db)->tx_read_only && !read_only;
        assert(!bad && "read-write db_tx nested inside db_tx_read");
        if (bad) return -ERR_INTERNAL;
        db->tx_depth++;
        int rc = fn(db, ctx);
        db->tx_depth--;
        return rc;
    }
    for (int attempt = 0;; attempt++) {
        int rc = tx_once(db, fn, ctx, read_only);
        if (rc != -ERR_DB_RETRY) return rc;
        if (attempt >= DB_TX_RETRIES) {
            log_warn("db: transaction still conflicting after %d retries; giving up", attempt);
            return rc;
        }
        atomic_fetch_add(&tx_retries, 1);
        tx_backoff(attempt);
    }
}

int db_tx(Db *db, DbTxFn fn, void *ctx) {
    return tx_run(db, fn, ctx, false);
}

int db_tx_read(Db *db, DbTxFn fn, void *ctx) {
    return tx_run(db, fn, ctx, true);
}

/* ---- Migrations ------------------------------------------------------- */

/* Key of PostgreSQL's session advisory lock held while migrating ("beian"). */
#define MIG_LOCK_KEY "422762603886"
/* Wait up to ten minutes for another node's migration to finish. */
#define MIG_LOCK_WAIT_MS (10 * 60 * 1000)

typedef struct MigScan {
    const DbMigration *list;
    size_t n;
    int max_applied;   /* highest version recorded */
    int first_missing; /* lowest listed version not recorded, 0 if none */
} MigScan;

typedef struct MigOne {
    const DbMigration *m;
    bool ran;
} MigOne;

static bool mig_list_ok(const DbMigration *list, size_t n) {
    for (size_t i = 0; i < n; i++) {
        if (list[i].version <= 0 || !list[i].name || !list[i].sql) {
            log_error("db: migration #%zu has no version, name or SQL", i);
            return false;
        }
        if (i > 0 && list[i].version <= list[i - 1].version) {
            log_error("db: migration %d follows %d: versions must be unique and ascending",
                      list[i].version, list[i - 1].version);
            return false;
        }
    }
    return true;
}

static bool mig_listed(const MigScan *s, int v) {
    for (size_t i = 0; i < s->n; i++)
        if (s->list[i].version == v) return true;
    return false;
}

/* Create schema_migrations if absent and compare its rows with the list. */
static int mig_scan(Db *db, void *ctx) {
    MigScan *s = ctx;
    s->max_applied = 0;
    s->first_missing = 0;
    DbRc rc = db_exec(db,
                      "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY,"
                      " name TEXT NOT NULL, applied_at BIGINT NOT NULL)",
                      NULL);
    if (rc < 0) return db_err(rc);
    DbStmt *st;
    rc = db_query(db, &st, "SELECT version FROM schema_migrations ORDER BY version", NULL);
    size_t next = 0; /* list entries before next are recorded or reported */
    for (; rc == DB_ROW; rc = db_step(st)) {
        int v = (int)db_col_i64(st, 0);
        for (; next < s->n && s->list[next].version < v; next++)
            if (!s->first_missing) s->first_missing = s->list[next].version;
        if (!mig_listed(s, v)) log_warn("db: schema version %d is not known to this program", v);
        if (next < s->n && s->list[next].version == v) next++;
        s->max_applied = v;
    }
    db_done(st); /* NULL when the query itself failed */
    return rc < 0 ? db_err(rc) : 0;
}

/* Apply one migration unless another node did meanwhile. */
static int mig_apply(Db *db, void *ctx) {
    MigOne *one = ctx;
    one->ran = false;
    int64_t have = 0;
    DbRc rc = db_query_i64(db, &have, "SELECT count(*) FROM schema_migrations WHERE version = ?",
                           "i", (int64_t)one->m->version);
    if (rc < 0) return db_err(rc);
    if (have) return 0;
    rc = note(db, db->drv->xExecScript(db, one->m->sql));
    if (rc < 0) return db_err(rc);
    rc = db_exec(db, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                 "iti", (int64_t)one->m->version, one->m->name, time_now());
    if (rc < 0) return db_err(rc);
    one->ran = true;
    return 0;
}

/* PostgreSQL: serialise migrating nodes on a session advisory lock taken
** outside any transaction (a transaction-level lock would be taken after
** the SERIALIZABLE snapshot, which would then miss the other node's work).
** SQLite needs nothing: BEGIN IMMEDIATE already serialises writers. */
static int mig_lock(Db *db, bool take) {
    if (!db_is_postgres(db)) return 0;
    if (!take) return db_err(db_exec(db, "SELECT pg_advisory_unlock(" MIG_LOCK_KEY ")", NULL));
    for (int waited = 0; waited < MIG_LOCK_WAIT_MS; waited += 50) {
        int64_t got = 0;
        DbRc rc = db_query_i64(db, &got, "SELECT pg_try_advisory_lock(" MIG_LOCK_KEY ")", NULL);
        if (rc < 0) return db_err(rc);
        if (got) return 0;
        if (waited % 10000 == 0) log_info("db: waiting for another node's migration");
        struct timespec ts = {.tv_sec = 0, .tv_nsec = 50 * 1000000L};
        nanosleep(&ts, NULL);
    }
    log_error("db: gave up waiting for another node's migration");
    return -ERR_UNAVAILABLE;
}

static int mig_run(Db *db, const DbMigration *list, size_t n, int *applied) {
    MigScan scan = {.list = list, .n = n};
    int rc = db_tx(db, mig_scan, &scan);
    if (rc != 0) return rc;
    if (scan.first_missing && scan.first_missing < scan.max_applied) {
        log_error("db: migration %d is not applied but %d is; refusing to apply out of order",
                  scan.first_missing, scan.max_applied);
        return -ERR_INTERNAL;
    }
    for (size_t i = 0; i < n; i++) {
        if (list[i].version <= scan.max_applied) continue;
        MigOne one = {.m = &list[i]};
        rc = db_tx(db, mig_apply, &one);
        if (rc != 0) {
            log_error("db: migration %04d_%s failed", list[i].version, list[i].name);
            return rc;
        }
        if (one.ran) {
            (*applied)++;
            log_info("db: applied migration %s", list[i].name);
        }
    }
    return 0;
}

int db_migrate(Db *db, const DbMigration *list, size_t n, int *applied) {
    int dummy;
    if (!applied) applied = &dummy;
    *applied = 0;
    assert(db && (list || n == 0));
    assert(db->tx_depth == 0 && "db_migrate inside a transaction");
    if (db->tx_depth != 0 || !mig_list_ok(list, n)) return -ERR_INTERNAL;
    int rc = mig_lock(db, true);
    if (rc != 0) return rc;
    rc = mig_run(db, list, n, applied);
    int unlock = mig_lock(db, false);
    return rc != 0 ? rc : unlock;
}

int db_schema_version(Db *db) {
    int64_t exists = 0, v = 0;
    const char *probe =
        db_is_postgres(db)
            ? "SELECT CASE WHEN to_regclass('schema_migrations') IS NULL THEN 0 ELSE 1 END"
            : "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
              " AND name = 'schema_migrations'";
    DbRc rc = db_query_i64(db, &exists, probe, NULL);
    if (rc < 0) return db_err(rc);
    if (!exists) return 0;
    rc = db_query_i64(db, &v, "SELECT COALESCE(max(version), 0) FROM schema_migrations", NULL);
    if (rc < 0) return db_err(rc);
    return (int)v;
}
