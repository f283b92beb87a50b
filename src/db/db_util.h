/*
** Extras around the database interface of db.h, in two parts.
**
** Public helpers: a few calls that db.h does not carry (lock wait, retry
** counter, dialect test) for tests, metrics and start-up code.
**
** Driver internals: the common head of every connection (DbConn) and of
** every statement (struct DbStmt) that db.c reads to assert the invariants
** of db.h, and the two driver objects. Only src/db includes these parts.
*/
#ifndef BEIAN_DB_DB_UTIL_H
#define BEIAN_DB_DB_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "db/db.h"

/* ---- Public helpers --------------------------------------------------- */

/* Set how long one statement waits for a lock held by another connection
** before it reports DB_RETRY: SQLite's busy_timeout, PostgreSQL's
** lock_timeout. Both drivers start at DB_BUSY_TIMEOUT_MS. Returns 0 or
** -ERR_DB. */
#define DB_BUSY_TIMEOUT_MS 5000
int db_set_busy_timeout(Db *db, int ms);

/* How many times db_tx/db_tx_read restarted a transaction, process-wide
** (all threads), for metrics and tests. */
uint64_t db_tx_retries_total(void);

/* True when db speaks PostgreSQL's dialect (for the rare DDL or catalogue
** query that cannot be portable; src/model should not need it). */
bool db_is_postgres(const Db *db);

/* Rewrite the portable `?` placeholders of sql to PostgreSQL's $1..$n into
** out (appended), leaving `?` inside '...' strings, "..." identifiers and
** comments alone. Returns the number of placeholders. Pure; exposed for
** tests. */
int db_pg_rewrite(const char *sql, Buf *out);

/* Copy the SQLite database file from into to (created or overwritten)
** with SQLite's online backup API: a consistent snapshot, while other
** connections go on writing to from. Returns 0, or -1 with the reason in
** why. */
int db_sqlite_backup(const char *from, const char *to, char *why, size_t cap);
/* Is the SQLite database file at path open in another connection (a
** running server)? 1 yes, 0 no, -1 it cannot be opened. */
int db_sqlite_in_use(const char *path);

/* ---- Driver internals (src/db only) ----------------------------------- */

/* Life of a statement handed out by a driver's xPrepare. IDLE is zero so a
** zeroed statement is idle; drivers hand out only IDLE statements, and
** db.c moves them along READY -> ROW... -> DONE -> (db_done) IDLE. */
enum { DB_STMT_IDLE = 0, DB_STMT_READY, DB_STMT_ROW, DB_STMT_DONE };

/* The common head of every driver's statement (first member). */
struct DbStmt {
    Db *db;          /* the connection that prepared it */
    const char *sql; /* the portable SQL as given, owned by the driver */
    int nparam;      /* number of `?` placeholders */
    int state;       /* DB_STMT_* */
};

/* The common head of every driver's connection (first member; it begins
** with the Db of db.h, so a Db* from a driver is a DbConn*). */
typedef struct DbConn {
    Db db;
    bool tx_read_only; /* the outermost transaction is read-only */
    bool tx_retry;     /* a statement of this transaction reported DB_RETRY */
    bool tx_hard;      /* a statement of this transaction reported DB_HARD */
    int stmts_out;     /* statements prepared and not yet released */
    bool copying;      /* between db_copy_begin and db_copy_end */
    struct DbDeferred *deferred, **deferred_tail; /* db_tx_defer, in order */
} DbConn;

extern const DbDriver db_sqlite_driver;
extern const DbDriver db_pg_driver;

/* The driver sides of db_set_busy_timeout. */
int db_sqlite_set_busy_timeout(Db *db, int ms);
int db_pg_set_busy_timeout(Db *db, int ms);

/* A statement cache key: FNV-1a of the SQL text. */
uint64_t db_sql_hash(const char *sql);

/* Longest SQL prefix written to logs. */
#define DB_LOG_SQL 200

#endif
