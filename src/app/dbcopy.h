/*
** What `beian db copy`, `beian backup` and `beian restore` share: the
** tables of a SQLite deployment read from its schema (sqlite_master), each
** with its copy rule, in the order their foreign keys need; a walk over a
** table's rows in batches by primary key (keyset), the same on SQLite and
** PostgreSQL; and a checksum of a table computed from that walk.
**
** The checksum is SHA-256 over a canonical text of the table: its name and
** columns, then each row in primary-key order (text keys in byte order),
** each value as `N;` (NULL), `I<decimal>;`, `T<length>:<bytes>;` or
** `B<length>:<bytes>;`, each row ended by a newline. Values are read by the
** column's SQLite type, so both engines give the same text for the same
** rows.
*/
#ifndef BEIAN_APP_DBCOPY_H
#define BEIAN_APP_DBCOPY_H

#include <stdbool.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/config.h"
#include "db/db.h"

typedef enum DbcRule {
    DBC_COPY = 1, /* rows copied; the target's table must be empty */
    DBC_SEEDED,   /* seeded by migrations or at start: the target's rows are replaced */
    DBC_SCHEMA,   /* schema_migrations: both sides must be at the same version */
} DbcRule;

/* The table of checksums in a backup file (backup.c), no table of the
** deployment's. */
#define DBC_MANIFEST "beian_backup"

typedef enum DbcKind { DBC_INT, DBC_TEXT, DBC_BLOB } DbcKind;

typedef struct DbcTable {
    const char *name;
    DbcRule rule;
    int ncols;
    const char **cols;
    DbcKind *kinds;
    int npk;
    int *pk;        /* indexes into cols, in key order */
    bool *self_ref; /* per column: a foreign key to this same table */
    bool has_self_ref;
    int batch; /* rows per batch (fewer for tables of blobs) */
    /* Filled by the copy and the checks: */
    int64_t rows;
    unsigned char sum[32];
} DbcTable;

/* One value of a row, read by its column's kind (p is NUL-terminated). */
typedef struct DbcVal {
    bool null;
    int64_t i;
    const char *p;
    size_t n;
} DbcVal;

/* The tables of the SQLite database db in an order where each comes after
** the tables it refers to (self-references aside), schema_migrations
** first. Fails (-ERR_INTERNAL, the reason in why) on a table with no copy
** rule, a column of an unknown type, a table without a primary key, or a
** cycle of foreign keys between tables. */
int dbc_tables(Db *db, Arena *a, DbcTable **out, int *n, char *why, size_t cap);

/* Call row(ctx, vals) for each row of t in primary-key order, batch rows a
** statement (keyset: the next batch starts after the last key); after each
** batch, batch_end(ctx) when not NULL. Values live in an arena reset after
** batch_end. Works on both engines. Returns 0 or the first negative code. */
typedef int (*DbcRowFn)(void *ctx, const DbcTable *t, const DbcVal *vals);
typedef int (*DbcBatchFn)(void *ctx, const DbcTable *t);
int dbc_walk(Db *db, const DbcTable *t, DbcRowFn row, DbcBatchFn batch_end, void *ctx);

/* Move the files of a data directory from before migration 0011 into the
** database db, as `beian serve` does at start. 0 or a negative code. */
int dbc_import_legacy(Db *db, const Config *cfg);

/* The checksum of t as db holds it: *rows and sum. */
int dbc_checksum(Db *db, const DbcTable *t, int64_t *rows, unsigned char sum[32]);

/* The running checksum of a table: begin, one call a row, end. */
typedef struct DbcHash {
    unsigned char state[512]; /* crypto_hash_sha256_state */
} DbcHash;
void dbc_hash_begin(DbcHash *h, const DbcTable *t);
void dbc_hash_row(DbcHash *h, const DbcTable *t, const DbcVal *vals);
void dbc_hash_end(DbcHash *h, unsigned char sum[32]);

/* The hex text of a checksum (65 bytes with the NUL). */
void dbc_hex(const unsigned char sum[32], char out[65]);

/* Progress of a long run on stderr: a bar redrawn in place on a terminal,
** a line now and then otherwise. */
typedef struct DbcProgress {
    const char *what;
    int64_t total, done;
    bool tty;
    int64_t started_ms, last_ms;
} DbcProgress;
void dbc_progress_start(DbcProgress *p, const char *what, int64_t total);
void dbc_progress_add(DbcProgress *p, const char *table, int64_t rows);
void dbc_progress_end(DbcProgress *p);
int64_t dbc_now_ms(void);

#endif
