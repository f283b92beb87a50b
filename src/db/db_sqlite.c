/*
** The SQLite driver.
**
** Settings and why:
**   journal_mode=WAL      readers never block the writer nor it them;
**   synchronous=NORMAL    durable against process crashes, and in WAL mode
**                         consistent after power loss (the last commits may
**                         be lost); far fewer fsyncs than FULL;
**   foreign_keys=ON       SQLite leaves them off by default;
**   busy_timeout          a writer waits this long for another connection's
**                         write lock before SQLITE_BUSY (then DB_RETRY);
**   BEGIN IMMEDIATE       read-write transactions take the write lock at
**                         once: upgrading a read lock later can fail with
**                         SQLITE_BUSY_SNAPSHOT, which no busy wait cures.
**
** A connection belongs to one thread at a time (opened with NOMUTEX); the
** server gives each worker thread its own Db. Prepared statements are kept
** per connection in a hash table keyed by the SQL text, prepared with
** SQLITE_PREPARE_PERSISTENT, and reset and unbound when released.
*/
#include <assert.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/log.h"
#include "db/db.h"
#include "db/db_util.h"

#define SQ_BUCKETS   256
#define SQ_CACHE_MAX 512 /* beyond this, statements are finalized after use */

typedef struct SqStmt {
    DbStmt base;
    sqlite3_stmt *h;
    char *sql;       /* our copy of the SQL text */
    const char *key; /* the pointer it was last asked for by */
    uint64_t hash;
    bool cached;
    struct SqStmt *next; /* hash chain */
} SqStmt;

/* The transaction statements, prepared once a connection: every request
** runs two of them, and sqlite3_exec would parse each every time. */
enum { SQ_BEGIN, SQ_BEGIN_IMMEDIATE, SQ_COMMIT, SQ_ROLLBACK, SQ__TX };
static const char *const sq_tx_sql[SQ__TX] = {"BEGIN", "BEGIN IMMEDIATE", "COMMIT", "ROLLBACK"};

typedef struct SqDb {
    DbConn conn;
    sqlite3 *h;
    SqStmt *bucket[SQ_BUCKETS];
    int cached;
    sqlite3_stmt *tx[SQ__TX];
} SqDb;

static SqDb *sq_db(Db *db) {
    return (SqDb *)db;
}

static SqStmt *sq_st(DbStmt *st) {
    return (SqStmt *)st;
}

/* Map a failed result code: busy and locked mean "retry the transaction". */
static DbRc sq_fail(SqDb *d, int rc, const char *what, const char *sql) {
    int primary = rc & 0xff;
    if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
        log_debug("sqlite: %s: busy (%d) in: %.*s", what, rc, DB_LOG_SQL, sql);
        return DB_RETRY;
    }
    log_error("sqlite: %s failed: %s (%d) in: %.*s", what, sqlite3_errmsg(d->h), rc, DB_LOG_SQL,
              sql);
    return DB_HARD;
}

static DbRc sq_exec(SqDb *d, const char *sql) {
    char *msg = NULL;
    int rc = sqlite3_exec(d->h, sql, NULL, NULL, &msg);
    sqlite3_free(msg); /* sqlite3_errmsg still holds the reason */
    return rc == SQLITE_OK ? DB_DONE : sq_fail(d, rc, "exec", sql);
}

static DbRc sq_tx(SqDb *d, int k) {
    int rc = SQLITE_OK;
    if (!d->tx[k]) rc = sqlite3_prepare_v2(d->h, sq_tx_sql[k], -1, &d->tx[k], NULL);
    if (rc == SQLITE_OK) {
        rc = sqlite3_step(d->tx[k]);
        sqlite3_reset(d->tx[k]);
    }
    return rc == SQLITE_DONE ? DB_DONE : sq_fail(d, rc, "exec", sq_tx_sql[k]);
}

static int sq_mode_cb(void *out, int n, char **vals, char **cols) {
    (void)cols;
    if (n > 0 && vals[0]) snprintf(out, 16, "%s", vals[0]);
    return 0;
}

/* Apply the connection settings described at the top of the file. */
static const char *sq_configure(SqDb *d) {
    sqlite3_extended_result_codes(d->h, 1);
    sqlite3_busy_timeout(d->h, DB_BUSY_TIMEOUT_MS);
    char mode[16] = "";
    if (sqlite3_exec(d->h, "PRAGMA journal_mode=WAL", sq_mode_cb, mode, NULL) != SQLITE_OK)
        return "cannot set journal_mode=WAL";
    /* In-memory databases cannot use WAL and report "memory". */
    if (strcmp(mode, "wal") != 0 && strcmp(mode, "memory") != 0)
        return "the database refused journal_mode=WAL";
    if (sq_exec(d, "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON") != DB_DONE)
        return "cannot apply the connection pragmas";
    return NULL;
}

static int sq_open(const char *path, Db **out, const char **err) {
    *out = NULL;
    SqDb *d = xcalloc(1, sizeof *d);
    d->conn.db.drv = &db_sqlite_driver;
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI;
    int rc = sqlite3_open_v2(path, &d->h, flags, NULL);
    const char *why = NULL;
    if (rc != SQLITE_OK) {
        log_error("sqlite: cannot open %s: %s", path, d->h ? sqlite3_errmsg(d->h) : "no memory");
        why = "cannot open the database file";
    } else {
        why = sq_configure(d);
        if (why) log_error("sqlite: %s: %s", path, sqlite3_errmsg(d->h));
    }
    if (why) {
        sqlite3_close(d->h);
        free(d);
        *err = why;
        return -1;
    }
    *out = &d->conn.db;
    return 0;
}

static void sq_free_stmt(SqStmt *s) {
    sqlite3_finalize(s->h);
    free(s->sql);
    free(s);
}

static void sq_close(Db *db) {
    SqDb *d = sq_db(db);
    for (int b = 0; b < SQ_BUCKETS; b++) {
        SqStmt *s = d->bucket[b];
        while (s) {
            SqStmt *next = s->next;
            assert(s->base.state == DB_STMT_IDLE);
            sq_free_stmt(s);
            s = next;
        }
    }
    for (int k = 0; k < SQ__TX; k++)
        sqlite3_finalize(d->tx[k]);
    if (sqlite3_close(d->h) != SQLITE_OK) log_error("sqlite: close: %s", sqlite3_errmsg(d->h));
    free(d);
}

/* True when the rest of a statement is only blanks and semicolons. */
static bool sq_tail_empty(const char *t) {
    for (; t && *t; t++)
        if (*t != ';' && *t != ' ' && *t != '\t' && *t != '\n' && *t != '\r') return false;
    return true;
}

static DbRc sq_new(SqDb *d, const char *sql, uint64_t hash, SqStmt **out) {
    sqlite3_stmt *h = NULL;
    const char *tail = NULL;
    bool cache = d->cached < SQ_CACHE_MAX;
    int rc = sqlite3_prepare_v3(d->h, sql, -1, cache ? SQLITE_PREPARE_PERSISTENT : 0, &h, &tail);
    if (rc != SQLITE_OK) return sq_fail(d, rc, "prepare", sql);
    if (!h || !sq_tail_empty(tail)) {
        sqlite3_finalize(h);
        log_error("sqlite: prepare wants exactly one statement: %.*s", DB_LOG_SQL, sql);
        return DB_HARD;
    }
    SqStmt *s = xcalloc(1, sizeof *s);
    s->h = h;
    s->sql = xstrdup(sql);
    s->hash = hash;
    s->base.db = &d->conn.db;
    s->base.sql = s->sql;
    s->base.nparam = sqlite3_bind_parameter_count(h);
    s->cached = cache;
    if (cache) {
        SqStmt **b = &d->bucket[hash % SQ_BUCKETS];
        s->next = *b;
        *b = s;
        d->cached++;
    }
    *out = s;
    return DB_DONE;
}

static DbRc sq_prepare(Db *db, const char *sql, DbStmt **out) {
    SqDb *d = sq_db(db);
    uint64_t hash = db_sql_hash(sql);
    SqStmt *s = d->bucket[hash % SQ_BUCKETS];
    /* A statement still in use (a query of the same SQL inside a loop over
    ** its rows) is skipped, and a second copy prepared. */
    for (; s; s = s->next)
        if (s->hash == hash && s->base.state == DB_STMT_IDLE &&
            (s->key == sql || strcmp(s->sql, sql) == 0))
            break;
    if (!s) {
        DbRc rc = sq_new(d, sql, hash, &s);
        if (rc < 0) return rc;
    }
    s->key = sql;
    *out = &s->base;
    return DB_DONE;
}

static void sq_bind_null(DbStmt *st, int i) {
    sqlite3_bind_null(sq_st(st)->h, i);
}

static void sq_bind_i64(DbStmt *st, int i, int64_t v) {
    sqlite3_bind_int64(sq_st(st)->h, i, v);
}

/* Values are copied (SQLITE_TRANSIENT): the caller's buffer may go away
** before the statement runs. */
static void sq_bind_text(DbStmt *st, int i, const char *s) {
    if (!s)
        sqlite3_bind_null(sq_st(st)->h, i);
    else
        sqlite3_bind_text(sq_st(st)->h, i, s, -1, SQLITE_TRANSIENT);
}

static void sq_bind_text_static(DbStmt *st, int i, const char *s, size_t n) {
    sqlite3_bind_text64(sq_st(st)->h, i, s, n, SQLITE_STATIC, SQLITE_UTF8);
}

static void sq_bind_blob(DbStmt *st, int i, const void *p, size_t n) {
    /* sqlite3_bind_blob with a NULL pointer would bind NULL, not 0 bytes. */
    if (n == 0)
        sqlite3_bind_zeroblob(sq_st(st)->h, i, 0);
    else
        sqlite3_bind_blob64(sq_st(st)->h, i, p, n, SQLITE_TRANSIENT);
}

static DbRc sq_step(DbStmt *st) {
    SqStmt *s = sq_st(st);
    int rc = sqlite3_step(s->h);
    if (rc == SQLITE_ROW) return DB_ROW;
    if (rc == SQLITE_DONE) return DB_DONE;
    return sq_fail(sq_db(st->db), rc, "step", s->sql);
}

static void sq_done(DbStmt *st) {
    SqStmt *s = sq_st(st);
    sqlite3_reset(s->h); /* repeats the step's error code; already handled */
    sqlite3_clear_bindings(s->h);
    if (!s->cached) sq_free_stmt(s);
}

static int sq_column_count(DbStmt *st) {
    return sqlite3_column_count(sq_st(st)->h);
}

static bool sq_col_is_null(DbStmt *st, int i) {
    return sqlite3_column_type(sq_st(st)->h, i) == SQLITE_NULL;
}

static int64_t sq_col_i64(DbStmt *st, int i) {
    return sqlite3_column_int64(sq_st(st)->h, i);
}

static const char *sq_col_text(DbStmt *st, int i) {
    return (const char *)sqlite3_column_text(sq_st(st)->h, i);
}

static const void *sq_col_blob(DbStmt *st, int i, size_t *n) {
    const void *p = sqlite3_column_blob(sq_st(st)->h, i);
    *n = (size_t)sqlite3_column_bytes(sq_st(st)->h, i);
    return p;
}

static DbRc sq_begin(Db *db, bool read_only) {
    return sq_tx(sq_db(db), read_only ? SQ_BEGIN : SQ_BEGIN_IMMEDIATE);
}

static DbRc sq_commit(Db *db) {
    return sq_tx(sq_db(db), SQ_COMMIT);
}

static void sq_rollback(Db *db) {
    SqDb *d = sq_db(db);
    /* Some errors (disk full, I/O) already rolled the transaction back. */
    if (!sqlite3_get_autocommit(d->h)) sq_tx(d, SQ_ROLLBACK);
}

static DbRc sq_exec_script(Db *db, const char *sql) {
    return sq_exec(sq_db(db), sql);
}

static int sq_cache_size(Db *db) {
    return sq_db(db)->cached;
}

int db_sqlite_set_busy_timeout(Db *db, int ms) {
    assert(db->drv == &db_sqlite_driver);
    return sqlite3_busy_timeout(sq_db(db)->h, ms) == SQLITE_OK ? 0 : db_err(DB_HARD);
}

const DbDriver db_sqlite_driver = {
    .name = "sqlite",
    .xOpen = sq_open,
    .xClose = sq_close,
    .xPrepare = sq_prepare,
    .xBindNull = sq_bind_null,
    .xBindI64 = sq_bind_i64,
    .xBindText = sq_bind_text,
    .xBindBlob = sq_bind_blob,
    .xBindTextStatic = sq_bind_text_static,
    .xStep = sq_step,
    .xDone = sq_done,
    .xColumnCount = sq_column_count,
    .xColIsNull = sq_col_is_null,
    .xColI64 = sq_col_i64,
    .xColText = sq_col_text,
    .xColBlob = sq_col_blob,
    .xBegin = sq_begin,
    .xCommit = sq_commit,
    .xRollback = sq_rollback,
    .xExecScript = sq_exec_script,
    .xCacheSize = sq_cache_size,
};

/* ---- Whole-file operations (backup, restore) ------------------------- */

int db_sqlite_backup(const char *from, const char *to, char *why, size_t cap) {
    sqlite3 *src = NULL, *dst = NULL;
    int rc = sqlite3_open_v2(from, &src, SQLITE_OPEN_READONLY, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_open_v2(to, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
    if (rc == SQLITE_OK) sqlite3_busy_timeout(src, DB_BUSY_TIMEOUT_MS);
    if (rc == SQLITE_OK) sqlite3_busy_timeout(dst, DB_BUSY_TIMEOUT_MS);
    sqlite3_backup *b = rc == SQLITE_OK ? sqlite3_backup_init(dst, "main", src, "main") : NULL;
    if (b) {
        /* One step: a read snapshot of the source (WAL lets writers go on)
        ** instead of restarting whenever another connection writes. */
        do
            rc = sqlite3_backup_step(b, -1);
        while (rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
        sqlite3_backup_finish(b);
        if (rc == SQLITE_DONE)
            rc = SQLITE_OK;
        else
            snprintf(why, cap, "%s", sqlite3_errstr(rc));
    } else {
        sqlite3 *bad = dst ? dst : src;
        snprintf(why, cap, "%s", bad ? sqlite3_errmsg(bad) : sqlite3_errstr(rc));
        if (rc == SQLITE_OK) rc = SQLITE_ERROR;
    }
    sqlite3_close(src);
    sqlite3_close(dst);
    return rc == SQLITE_OK ? 0 : -1;
}

int db_sqlite_in_use(const char *path) {
    sqlite3 *h = NULL;
    if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
        sqlite3_close(h);
        return -1;
    }
    /* An open connection in WAL mode keeps a shared lock on the file for
    ** its whole life, so an exclusive lock fails while any is open. */
    int rc =
        sqlite3_exec(h, "PRAGMA locking_mode=EXCLUSIVE; BEGIN EXCLUSIVE; COMMIT", NULL, NULL, NULL);
    sqlite3_close(h);
    return (rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED ? 1
           : rc == SQLITE_OK                                          ? 0
                                                                      : -1;
}
