/*
** Rows written in bulk, for `beian dev generate` (src/app/generate.c): the
** rows of a batch are collected with their ids chosen by the caller, then
** written table by table as multi-row INSERTs inside the caller's
** transaction; the connection settings of a bulk load; and what follows one
** (PostgreSQL's identity sequences moved past the ids given, statistics).
**
** A row is given as values in the order of its table's columns
** (bulk_columns). Nothing is checked here that the database does not check
** itself: the caller makes rows that belong together.
*/
#ifndef BEIAN_MODEL_BULK_H
#define BEIAN_MODEL_BULK_H

#include <stdint.h>

#include "db/db.h"

typedef enum BulkTable {
    BULK_ACCOUNTS,
    BULK_SUBJECTS,
    BULK_SITES,
    BULK_APPLICATIONS,
    BULK_TRANSITIONS,
    BULK_RETURN_REASONS,
    BULK_FILES,
    BULK_ONSITE,
    BULK_AUDIT,
    BULK__COUNT
} BulkTable;

/* One value of a row: an integer, a text, or NULL. */
typedef struct BulkVal {
    char type; /* 'i', 't' or 'n' */
    int64_t i; /* an integer; a text's length once added */
    const char *t;
} BulkVal;

#define BV_I(v) ((BulkVal){.type = 'i', .i = (v)})
#define BV_T(v) ((BulkVal){.type = (v) ? 't' : 'n', .t = (v)})
#define BV_NULL ((BulkVal){.type = 'n'})
/* An id or a time that is NULL when 0 (no site, not claimed, not submitted). */
#define BV_ID(v) ((v) ? BV_I(v) : BV_NULL)

typedef struct Bulk Bulk;

Bulk *bulk_new(void);
void bulk_free(Bulk *b);

/* The table's name and its columns, comma-separated, in row order. */
const char *bulk_table_name(BulkTable t);
const char *bulk_columns(BulkTable t);
int bulk_ncolumns(BulkTable t);

/* Append a row of bulk_ncolumns(t) values; texts are copied. */
void bulk_add(Bulk *b, BulkTable t, const BulkVal *row);
/* Rows collected so far, by table (written or not). */
int64_t bulk_rows(const Bulk *b, BulkTable t);

/* Write every row collected since the last flush, in table order (parents
** first), and forget them. Run it inside a transaction (db_tx): a failure
** leaves the rows collected, so a retried transaction writes them again. */
int bulk_flush(Bulk *b, Db *db);

/* The first free id of each table (max(id) + 1). */
int bulk_next_ids(Db *db, int64_t next[BULK__COUNT]);

/* Settings of this connection for a load (outside a transaction): SQLite
** writes without a journal, holding the database alone (when no other
** connection has it open: a load that fails leaves a database to throw
** away), without waiting for the disk (synchronous=OFF), with a large page
** cache and without looking up each foreign key (the generator makes its
** rows in order, and its test runs foreign_key_check); PostgreSQL commits
** without waiting for the WAL flush. bulk_end brings the WAL back; the
** others end with the connection. */
int bulk_begin(Db *db);
/* PostgreSQL: a whole load as one transaction, run inside it (db_tx; the
** batches' db_tx are nested in it). bulk_load_begin turns off the
** row-by-row checks of foreign keys for the transaction when the role may
** (SET LOCAL session_replication_role = replica; the schema has no other
** triggers) and drops the secondary indexes (those no constraint owns or
** needs) of each bulk table that is empty. bulk_load_finish, after the
** last batch, builds those indexes again from their definitions and, if
** the checks were off, checks every foreign key of the bulk tables with
** one query each (as SQLite's foreign_key_check): a row that breaks one
** fails the load. A load that fails (or is killed) rolls back, the
** dropped indexes with it. bulk_load_free frees l in every case. */
typedef struct BulkLoad BulkLoad;
int bulk_load_begin(Db *db, BulkLoad **l);
int bulk_load_finish(Db *db, BulkLoad *l);
void bulk_load_free(BulkLoad *l);

/* After a load (also a failed one): SQLite's WAL is back; PostgreSQL's
** identity sequences continue after the ids given; the planner's
** statistics are brought up to date (ANALYZE; on PostgreSQL VACUUM
** (ANALYZE), which also builds the visibility map). */
int bulk_end(Db *db);

#endif
