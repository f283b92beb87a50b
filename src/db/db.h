/*
** The database interface. Everything above src/db speaks to the database
** through these calls only, in portable SQL with `?` placeholders; each
** driver (SQLite now, PostgreSQL later) implements the DbDriver vtable and
** hides its dialect (placeholder syntax, error codes, busy handling).
**
** Portable SQL rules for src/model (so PostgreSQL needs no rewrite there):
**   - placeholders are `?`; the PostgreSQL driver rewrites them to $1..$n;
**   - times are INTEGER seconds since the epoch, computed in C, never now();
**   - booleans are INTEGER 0/1; ids are INTEGER (BIGINT on PostgreSQL);
**   - new ids come from `INSERT ... RETURNING id`;
**   - upserts use `INSERT ... ON CONFLICT (...) DO UPDATE/NOTHING`;
**   - no SQLite-only functions (ifnull, strftime, json_*), no AUTOINCREMENT
**     keyword in queries, no `LIMIT -1`.
**
** Return codes follow the four-valued convention of GNU Taler:
**   DB_HARD  (< 0)  hard error, logged by the driver
**   DB_RETRY (< 0)  serialisation failure / busy: retry the transaction
**   DB_DONE  (0)    statement finished, no (more) rows
**   DB_ROW   (1)    a row is available
*/
#ifndef BEIAN_DB_DB_H
#define BEIAN_DB_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/buf.h"

typedef enum DbRc { DB_HARD = -2, DB_RETRY = -1, DB_DONE = 0, DB_ROW = 1 } DbRc;

typedef struct Db Db;         /* one connection; used by one thread at a time */
typedef struct DbStmt DbStmt; /* a prepared statement of that connection */

typedef struct DbDriver {
    const char *name; /* "sqlite" | "postgres" */
    /* Open a connection from a connection string (a file path for SQLite,
    ** a libpq conninfo for PostgreSQL). On failure *err gets a static reason. */
    int (*xOpen)(const char *conn, Db **out, const char **err);
    void (*xClose)(Db *db);
    /* Prepare sql (portable, `?` placeholders) or fetch it from the
    ** connection's statement cache; the statement is reset and unbound. */
    DbRc (*xPrepare)(Db *db, const char *sql, DbStmt **out);
    void (*xBindNull)(DbStmt *st, int i); /* i is 1-based */
    void (*xBindI64)(DbStmt *st, int i, int64_t v);
    void (*xBindText)(DbStmt *st, int i, const char *s); /* NULL binds NULL */
    void (*xBindBlob)(DbStmt *st, int i, const void *p, size_t n);
    /* Text the caller keeps unchanged until xDone: bound without a copy.
    ** Optional (NULL: xBindText is used). */
    void (*xBindTextStatic)(DbStmt *st, int i, const char *s, size_t n);
    DbRc (*xStep)(DbStmt *st);
    /* Release the statement back to the cache (reset, unbind). */
    void (*xDone)(DbStmt *st);
    int (*xColumnCount)(DbStmt *st);
    bool (*xColIsNull)(DbStmt *st, int i); /* i is 0-based */
    int64_t (*xColI64)(DbStmt *st, int i);
    /* Valid until the next step/done; callers copy with db_col_text(). */
    const char *(*xColText)(DbStmt *st, int i);
    const void *(*xColBlob)(DbStmt *st, int i, size_t *n);
    DbRc (*xBegin)(Db *db, bool read_only);
    DbRc (*xCommit)(Db *db);
    void (*xRollback)(Db *db);
    /* Run a script of several statements without parameters (migrations). */
    DbRc (*xExecScript)(Db *db, const char *sql);
    /* Statements prepared so far (the cache size), for tests and metrics. */
    int (*xCacheSize)(Db *db);
    /* COPY ... FROM STDIN (db_copy_begin/put/end); NULL when the driver
    ** has no such thing (SQLite). */
    DbRc (*xCopyBegin)(Db *db, const char *table, const char *columns);
    DbRc (*xCopyPut)(Db *db, const char *data, size_t n);
    DbRc (*xCopyEnd)(Db *db, const char *error);
} DbDriver;

struct Db {
    const DbDriver *drv;
    int tx_depth; /* 0 outside a transaction */
};

/* Pick the driver from a database URL: "sqlite:PATH" or a bare path means
** SQLite; "postgres://..." or "postgresql://..." means PostgreSQL. */
const DbDriver *db_driver_for(const char *url, const char **conn);
/* Open a connection; returns NULL and logs on failure. */
Db *db_open(const char *url);
void db_close(Db *db);

/* Tests: fn(ctx, db, sql) is called with the text of every statement
** prepared from now on, by any connection and thread (NULL: stop). The plan
** test records what model operations prepare, to explain each statement. */
typedef void (*DbTraceFn)(void *ctx, Db *db, const char *sql);
void db_trace(DbTraceFn fn, void *ctx);

/* Thin wrappers over the vtable; assert()s check the invariants. */
DbRc db_prepare(Db *db, const char *sql, DbStmt **out);
void db_bind_null(DbStmt *st, int i);
void db_bind_i64(DbStmt *st, int i, int64_t v);
void db_bind_text(DbStmt *st, int i, const char *s);
void db_bind_blob(DbStmt *st, int i, const void *p, size_t n);
/* Bind the n bytes of the NUL-terminated text s (n == strlen(s)) without
** copying them: s must stay unchanged until db_done(st). For bulk writes,
** where copying every value costs a tenth of the time. */
void db_bind_text_static(DbStmt *st, int i, const char *s, size_t n);
DbRc db_step(DbStmt *st);
void db_done(DbStmt *st);
bool db_col_null(DbStmt *st, int i);
int64_t db_col_i64(DbStmt *st, int i);
/* Copy a text column into the arena; NULL stays NULL. */
char *db_col_text(DbStmt *st, Arena *a, int i);
/* Copy a blob column into the arena; *n gets its size. */
void *db_col_blob(DbStmt *st, Arena *a, int i, size_t *n);

/* Prepare + bind by a format of one letter per parameter, then step once:
**   i int64_t   t const char* (NULL binds NULL)   n NULL (no argument)
**   b const void*, size_t (blob)
** db_exec: for statements without rows; returns DB_DONE, DB_ROW (ignored
** rows are fine) or a negative DbRc.
** db_query: leaves the statement positioned on the first row (DB_ROW) for
** reading with db_col_*(); the caller calls db_done(*out) in every case
** except a negative return. */
DbRc db_exec(Db *db, const char *sql, const char *fmt, ...);
DbRc db_query(Db *db, DbStmt **out, const char *sql, const char *fmt, ...);
/* INSERT ... RETURNING id: *id gets the new id. */
DbRc db_insert(Db *db, int64_t *id, const char *sql, const char *fmt, ...);
/* SELECT of one integer (count(*), an id): *v gets it; DB_DONE if no row. */
DbRc db_query_i64(Db *db, int64_t *v, const char *sql, const char *fmt, ...);

/* The transaction helper: run fn(db, ctx) inside BEGIN/COMMIT. fn returns 0,
** or a negative ErrCode (rolled back and returned). When fn or COMMIT
** reports -ERR_DB_RETRY (a DB_RETRY from the driver), the whole transaction
** is retried up to DB_TX_RETRIES times with a short randomised backoff, so
** fn must be safe to rerun (keep its effects in the database or in ctx
** fields it resets). Nested calls run fn inside the outer transaction. */
#define DB_TX_RETRIES 8
typedef int (*DbTxFn)(Db *db, void *ctx);
int db_tx(Db *db, DbTxFn fn, void *ctx);
int db_tx_read(Db *db, DbTxFn fn, void *ctx); /* read-only transaction */
/* Run fn(db, copy) once the current transaction's function has returned 0,
** just before COMMIT, inside the same transaction (an error rolls it all
** back); copy is a copy of the len bytes at ctx, freed afterwards. Deferred
** work runs in the order given, and may defer more. What an operation
** writes after the call (return reasons after the move that returned an
** application) is seen by fn. A retried transaction forgets what its failed
** attempt deferred. Outside a transaction fn runs at once. */
int db_tx_defer(Db *db, DbTxFn fn, const void *ctx, size_t len);

/* Map a negative DbRc to an ErrCode: DB_RETRY -> -ERR_DB_RETRY, else -ERR_DB. */
int db_err(DbRc rc);

/* Bulk loading with PostgreSQL's COPY (src/model/bulk.c), for drivers
** that have it (db_can_copy; SQLite has not: write multi-row INSERTs).
**
** db_copy_begin starts `COPY table (columns) FROM STDIN` in text format
** (the table name and columns are SQL, never user input). Then rows are
** sent with db_copy_put, in pieces of any size (a row may be split
** across calls): one line a row, ending in '\n', fields separated by
** '\t'; NULL is written \N; an integer in decimal; a text escaped by
** db_copy_escape. The values reach the columns' input functions as the
** same texts a bound parameter would. Nothing else (no statement) may run
** on the connection until db_copy_end, which is called after every
** db_copy_begin that returned DB_DONE, also after a failed put: with
** error NULL it finishes the COPY and reports whether the server took
** every row (a bad value, a violated constraint: DB_HARD); with an error
** text it abandons the COPY (no row of it is kept) and returns DB_HARD.
** Inside a transaction a failure fails the transaction, as a statement's
** does. */
bool db_can_copy(const Db *db);
DbRc db_copy_begin(Db *db, const char *table, const char *columns);
DbRc db_copy_put(Db *db, const char *data, size_t n);
DbRc db_copy_end(Db *db, const char *error);
/* Append the n bytes of the text s to out as one field of COPY's text
** format: backslash, tab, newline and carriage return become \\, \t, \n
** and \r; every other byte (UTF-8 included) is copied as it is. */
void db_copy_escape(Buf *out, const char *s, size_t n);

/* Migrations: numbered scripts NNNN_name.sql per driver (sql/sqlite/,
** sql/pg/), embedded at build time and handed over as a list sorted by
** version. db_migrate applies the missing ones in order, each in its own
** transaction, recording them in schema_migrations(version, name,
** applied_at). Concurrent migrators on PostgreSQL serialise on an advisory
** lock. Returns 0 or a negative ErrCode; *applied gets how many ran. */
typedef struct DbMigration {
    int version;
    const char *name;
    const char *sql;
} DbMigration;
int db_migrate(Db *db, const DbMigration *list, size_t n, int *applied);
/* The highest applied version, or 0 for an empty database. */
int db_schema_version(Db *db);

#endif
