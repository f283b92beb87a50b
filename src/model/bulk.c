/*
** Rows written in bulk: collected per table (texts copied once, into the
** Bulk's arena), parents before children. PostgreSQL: one COPY ... FROM
** STDIN a table and batch (db_copy_*), the rows in COPY's text format.
** SQLite: INSERTs of BULK_CHUNK rows each (one prepared statement, reused
** from the connection's cache), the texts bound from the arena without
** another copy.
*/
#include "model/bulk.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/err.h"
#include "core/log.h"
#include "core/util.h"
#include "db/db_util.h"

/* Rows per INSERT: 100 rows of the widest table bind 2,500 parameters,
** well under both databases' limits, and cost one statement execution. */
#define BULK_CHUNK 100
/* COPY data is handed to libpq in pieces of about this many bytes. */
#define BULK_COPY_PIECE (256 * 1024)

static const struct {
    const char *name, *columns;
} tables[BULK__COUNT] = {
    [BULK_ACCOUNTS] = {"accounts",
                       "id, login, email, mobile_enc, mobile_mask, account_type, display_name, "
                       "role, status, status_reason, password_hash, created_at, decided_by, "
                       "decided_at, password_changed_at"},
    [BULK_SUBJECTS] = {"subjects", "id, account_id, origin, subject_number, province, nature, "
                                   "name, cert_index, record, claim_secret, downloaded, "
                                   "verified_on_site, created_at, updated_at"},
    [BULK_SITES] = {"sites",
                    "id, subject_id, site_number, name, domain, record, created_at, updated_at"},
    [BULK_APPLICATIONS] = {"applications",
                           "id, number, subject_id, site_id, batch_id, kind, state, domain, "
                           "values_sealed, steps_done, customer_note, created_by, created_at, "
                           "updated_at, submitted_at, version, review_round, claimed_by, "
                           "claimed_at, returned_by, province, nature, commercial, "
                           "principal_name, queue"},
    [BULK_TRANSITIONS] = {"transitions", "id, application_id, at, actor_id, actor_role, event, "
                                         "from_state, to_state, note"},
    [BULK_RETURN_REASONS] = {"return_reasons",
                             "id, application_id, transition_id, field, reason, suggestion, code"},
    [BULK_FILES] = {"application_files",
                    "id, application_id, slot, side, blob, name, mime, size, width, height, "
                    "uploaded_by, uploaded_at"},
    [BULK_ONSITE] = {"onsite_verifications",
                     "id, subject_id, application_id, kind, verified_on, photo_file_id, "
                     "covered_by, rule, note, reviewer_id, created_at"},
    [BULK_AUDIT] = {"audit_log", "id, at, actor_id, actor_login, action, object_type, object_id, "
                                 "ip, request_id, detail"},
};

typedef struct BulkRows {
    BulkVal *vals; /* rows * ncols */
    size_t rows, cap;
    int64_t total; /* rows ever added */
    char *insert;  /* the INSERT of BULK_CHUNK rows */
} BulkRows;

struct Bulk {
    Arena texts; /* copies of the texts of the rows not written yet */
    BulkRows t[BULK__COUNT];
};

const char *bulk_table_name(BulkTable t) {
    return tables[t].name;
}

const char *bulk_columns(BulkTable t) {
    return tables[t].columns;
}

int bulk_ncolumns(BulkTable t) {
    int n = 1;
    for (const char *p = tables[t].columns; *p; p++)
        n += *p == ',';
    return n;
}

/* INSERT INTO t (cols) VALUES (?, ...), ... for `rows` rows. */
static char *insert_sql(BulkTable t, size_t rows) {
    Buf b;
    buf_init(&b, NULL);
    buf_printf(&b, "INSERT INTO %s (%s) VALUES ", tables[t].name, tables[t].columns);
    int ncols = bulk_ncolumns(t);
    for (size_t r = 0; r < rows; r++) {
        buf_puts(&b, r ? ", (" : "(");
        for (int c = 0; c < ncols; c++)
            buf_puts(&b, c ? ", ?" : "?");
        buf_putc(&b, ')');
    }
    return buf_take(&b);
}

Bulk *bulk_new(void) {
    Bulk *b = xcalloc(1, sizeof *b);
    arena_init(&b->texts);
    for (int t = 0; t < BULK__COUNT; t++)
        b->t[t].insert = insert_sql((BulkTable)t, BULK_CHUNK);
    return b;
}

void bulk_free(Bulk *b) {
    if (!b) return;
    for (int t = 0; t < BULK__COUNT; t++) {
        free(b->t[t].vals);
        free(b->t[t].insert);
    }
    arena_free(&b->texts);
    free(b);
}

void bulk_add(Bulk *b, BulkTable t, const BulkVal *row) {
    BulkRows *r = &b->t[t];
    size_t ncols = (size_t)bulk_ncolumns(t);
    if (r->rows == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 1024;
        r->vals = xrealloc(r->vals, r->cap * ncols * sizeof *r->vals);
    }
    BulkVal *out = &r->vals[r->rows * ncols];
    for (size_t c = 0; c < ncols; c++) {
        out[c] = row[c];
        if (row[c].type != 't') continue;
        size_t n = strlen(row[c].t);
        out[c].t = arena_strndup(&b->texts, row[c].t, n);
        out[c].i = (int64_t)n;
    }
    r->rows++;
    r->total++;
}

int64_t bulk_rows(const Bulk *b, BulkTable t) {
    return b->t[t].total;
}

/* One INSERT of `rows` rows starting at vals. */
static int insert_rows(Db *db, BulkTable t, const char *sql, const BulkVal *vals, size_t rows) {
    DbStmt *st;
    DbRc rc = db_prepare(db, sql, &st);
    if (rc < 0) return db_err(rc);
    size_t n = rows * (size_t)bulk_ncolumns(t);
    for (size_t i = 0; i < n; i++) {
        if (vals[i].type == 'i')
            db_bind_i64(st, (int)i + 1, vals[i].i);
        else if (vals[i].type == 't') /* the copy in b->texts outlives the statement */
            db_bind_text_static(st, (int)i + 1, vals[i].t, (size_t)vals[i].i);
        else
            db_bind_null(st, (int)i + 1);
    }
    rc = db_step(st);
    db_done(st);
    return rc < 0 ? db_err(rc) : 0;
}

/* The decimal digits of v. */
static void put_i64(Buf *out, int64_t v) {
    char tmp[24], *p = tmp + sizeof tmp;
    uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
    do
        *--p = (char)('0' + u % 10);
    while (u /= 10);
    if (v < 0) *--p = '-';
    buf_append(out, p, (size_t)(tmp + sizeof tmp - p));
}

/* The rows of a table as one COPY: text format, a line a row. */
static int copy_rows(Db *db, BulkTable t, const BulkVal *vals, size_t rows, Buf *out) {
    DbRc rc = db_copy_begin(db, tables[t].name, tables[t].columns);
    if (rc < 0) return db_err(rc);
    size_t ncols = (size_t)bulk_ncolumns(t);
    buf_reset(out);
    for (size_t r = 0; r < rows && rc >= 0; r++) {
        const BulkVal *v = &vals[r * ncols];
        for (size_t c = 0; c < ncols; c++) {
            if (c) buf_putc(out, '\t');
            if (v[c].type == 'i')
                put_i64(out, v[c].i);
            else if (v[c].type == 't')
                db_copy_escape(out, v[c].t, (size_t)v[c].i);
            else
                buf_append(out, "\\N", 2);
        }
        buf_putc(out, '\n');
        if (out->len >= BULK_COPY_PIECE || r + 1 == rows) {
            rc = db_copy_put(db, out->data, out->len);
            buf_reset(out);
        }
    }
    DbRc end = db_copy_end(db, rc < 0 ? "the rows could not be sent" : NULL);
    return db_err(rc < 0 ? rc : end);
}

int bulk_flush(Bulk *b, Db *db) {
    if (db_can_copy(db)) {
        Buf out;
        buf_init(&out, NULL);
        int rc = 0;
        for (int t = 0; t < BULK__COUNT && rc == 0; t++)
            if (b->t[t].rows) rc = copy_rows(db, (BulkTable)t, b->t[t].vals, b->t[t].rows, &out);
        buf_free(&out);
        if (rc < 0) return rc;
        for (int t = 0; t < BULK__COUNT; t++)
            b->t[t].rows = 0;
        arena_reset(&b->texts);
        return 0;
    }
    for (int t = 0; t < BULK__COUNT; t++) {
        BulkRows *r = &b->t[t];
        size_t ncols = (size_t)bulk_ncolumns((BulkTable)t);
        for (size_t done = 0; done < r->rows;) {
            size_t k = r->rows - done < BULK_CHUNK ? r->rows - done : BULK_CHUNK;
            char *sql = k == BULK_CHUNK ? r->insert : insert_sql((BulkTable)t, k);
            int rc = insert_rows(db, (BulkTable)t, sql, &r->vals[done * ncols], k);
            if (sql != r->insert) free(sql);
            if (rc < 0) return rc;
            done += k;
        }
    }
    for (int t = 0; t < BULK__COUNT; t++)
        b->t[t].rows = 0;
    arena_reset(&b->texts);
    return 0;
}

int bulk_next_ids(Db *db, int64_t next[BULK__COUNT]) {
    for (int t = 0; t < BULK__COUNT; t++) {
        char sql[128];
        snprintf(sql, sizeof sql, "SELECT COALESCE(max(id), 0) + 1 FROM %s", tables[t].name);
        DbRc rc = db_query_i64(db, &next[t], sql, NULL);
        if (rc < 0) return db_err(rc);
    }
    return 0;
}

static int exec_all(Db *db, const char *const *sql) {
    for (; *sql; sql++) {
        DbRc rc = db_exec(db, *sql, NULL);
        if (rc < 0) return db_err(rc);
    }
    return 0;
}

int bulk_begin(Db *db) {
    if (db_is_postgres(db)) return db_err(db_exec(db, "SET synchronous_commit = off", NULL));
    static const char *const sqlite[] = {"PRAGMA synchronous=OFF", "PRAGMA cache_size=-262144",
                                         "PRAGMA foreign_keys=OFF", NULL};
    int rc = exec_all(db, sqlite);
    /* No journal, and the database held by this connection alone: every
    ** page is written once, not to the WAL and again at the checkpoint.
    ** Without a journal a failed batch cannot roll back: a load that fails
    ** (or is killed) leaves a database to throw away. The WAL stays when
    ** another connection has the database open. */
    if (rc == 0) rc = db_err(db_exec(db, "PRAGMA locking_mode=EXCLUSIVE", NULL));
    if (rc == 0 && db_exec(db, "PRAGMA journal_mode=OFF", NULL) < 0)
        rc = db_err(db_exec(db, "PRAGMA locking_mode=NORMAL", NULL));
    return rc;
}

/* Each foreign key of the bulk tables, as a query that counts the rows
** breaking it (MATCH SIMPLE: a row with a NULL in the key passes; the
** schema has no MATCH FULL key, and one would be refused here). */
static const char pg_fk_checks[] =
    "SELECT c.conname, c.conrelid::regclass::text, c.confmatchtype, "
    "format('SELECT count(*) FROM %s c WHERE %s AND NOT EXISTS (SELECT 1 FROM %s p WHERE %s)', "
    "c.conrelid::regclass, "
    "(SELECT string_agg(format('c.%I IS NOT NULL', a.attname), ' AND ') "
    "FROM unnest(c.conkey) k(n) JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = "
    "k.n), "
    "c.confrelid::regclass, "
    "(SELECT string_agg(format('p.%I = c.%I', pa.attname, ca.attname), ' AND ') "
    "FROM unnest(c.conkey, c.confkey) k(cn, pn) "
    "JOIN pg_attribute ca ON ca.attrelid = c.conrelid AND ca.attnum = k.cn "
    "JOIN pg_attribute pa ON pa.attrelid = c.confrelid AND pa.attnum = k.pn)) "
    "FROM pg_constraint c WHERE c.contype = 'f' AND c.conrelid IN ("; /* the tables */

/* After a load without row-by-row checks: every foreign key of the bulk
** tables holds for every row (as SQLite's foreign_key_check). */
static int pg_check_foreign_keys(Db *db) {
    Buf sql;
    buf_init(&sql, NULL);
    buf_puts(&sql, pg_fk_checks);
    for (int t = 0; t < BULK__COUNT; t++)
        buf_printf(&sql, "%s'%s'::regclass", t ? ", " : "", tables[t].name);
    buf_puts(&sql, ") ORDER BY 1");
    Arena a;
    arena_init(&a);
    char **name = NULL, **table = NULL, **check = NULL;
    size_t n = 0;
    bool full = false;
    DbStmt *st;
    DbRc rc = db_query(db, &st, sql.data, NULL);
    for (; rc == DB_ROW; rc = db_step(st), n++) {
        name = xrealloc(name, (n + 1) * sizeof *name);
        table = xrealloc(table, (n + 1) * sizeof *table);
        check = xrealloc(check, (n + 1) * sizeof *check);
        name[n] = db_col_text(st, &a, 0);
        table[n] = db_col_text(st, &a, 1);
        full |= strcmp(db_col_text(st, &a, 2), "s") != 0;
        check[n] = db_col_text(st, &a, 3);
    }
    if (rc >= 0) db_done(st);
    int err = rc < 0 ? db_err(rc) : 0;
    if (err == 0 && (n == 0 || full)) {
        log_error("bulk: the foreign keys could not be checked (%s)",
                  n ? "a key is not MATCH SIMPLE" : "none found");
        err = -ERR_INTERNAL;
    }
    for (size_t i = 0; i < n && err == 0; i++) {
        int64_t bad = 0;
        rc = db_query_i64(db, &bad, check[i], NULL);
        if (rc < 0)
            err = db_err(rc);
        else if (bad) {
            log_error("bulk: %lld rows of %s break the foreign key %s", (long long)bad, table[i],
                      name[i]);
            err = -ERR_INTERNAL;
        }
    }
    free(name);
    free(table);
    free(check);
    arena_free(&a);
    buf_free(&sql);
    return err;
}

/* ---- A load in one transaction (PostgreSQL) ------------------------------ */

struct BulkLoad {
    bool unchecked; /* foreign keys not checked row by row */
    char **indexes; /* CREATE INDEX of each index dropped */
    size_t nindexes;
};

/* The indexes of a table that no constraint owns or needs (not a primary
** key, not a unique constraint, not the key a foreign key refers to). */
static const char pg_secondary[] =
    "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
    "WHERE i.indrelid = ?::regclass AND NOT EXISTS "
    "(SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid) ORDER BY 1";

/* Drop the secondary indexes of the empty table t, keeping their
** definitions in l. */
static int drop_indexes(Db *db, BulkLoad *l, BulkTable t) {
    char sql[160];
    snprintf(sql, sizeof sql, "SELECT EXISTS (SELECT 1 FROM %s)", tables[t].name);
    int64_t rows = 1;
    DbRc rc = db_query_i64(db, &rows, sql, NULL);
    if (rc < 0 || rows) return db_err(rc);
    Arena a;
    arena_init(&a);
    char **names = NULL;
    size_t n = 0;
    DbStmt *st;
    rc = db_query(db, &st, pg_secondary, "t", tables[t].name);
    for (; rc == DB_ROW; rc = db_step(st), n++) {
        names = xrealloc(names, (n + 1) * sizeof *names);
        names[n] = db_col_text(st, &a, 0);
        l->indexes = xrealloc(l->indexes, (l->nindexes + 1) * sizeof *l->indexes);
        l->indexes[l->nindexes++] = xstrdup(db_col_text(st, &a, 1));
    }
    if (rc >= 0) db_done(st);
    for (size_t i = 0; i < n && rc >= 0; i++) {
        Buf drop;
        buf_init(&drop, &a);
        buf_printf(&drop, "DROP INDEX %s", names[i]);
        rc = db_exec(db, drop.data, NULL);
    }
    free(names);
    arena_free(&a);
    return db_err(rc);
}

static const char pg_replica[] = "DO $$BEGIN SET LOCAL session_replication_role = replica; "
                                 "EXCEPTION WHEN insufficient_privilege THEN NULL; END$$";

int bulk_load_begin(Db *db, BulkLoad **out) {
    assert(db_is_postgres(db));
    BulkLoad *l = *out = xcalloc(1, sizeof *l);
    DbRc rc = db_exec(db, pg_replica, NULL);
    DbStmt *st;
    if (rc >= 0) rc = db_query(db, &st, "SHOW session_replication_role", NULL);
    if (rc == DB_ROW) {
        Arena a;
        arena_init(&a);
        l->unchecked = strcmp(db_col_text(st, &a, 0), "replica") == 0;
        arena_free(&a);
        db_done(st);
    }
    int err = db_err(rc);
    for (int t = 0; t < BULK__COUNT && err == 0; t++)
        err = drop_indexes(db, l, (BulkTable)t);
    return err;
}

int bulk_load_finish(Db *db, BulkLoad *l) {
    /* Sorting for an index build: more memory, fewer passes. */
    DbRc rc = db_exec(db, "SET LOCAL maintenance_work_mem = '256MB'", NULL);
    for (size_t i = 0; i < l->nindexes && rc >= 0; i++)
        rc = db_exec(db, l->indexes[i], NULL);
    if (rc < 0) return db_err(rc);
    return l->unchecked ? pg_check_foreign_keys(db) : 0;
}

void bulk_load_free(BulkLoad *l) {
    if (!l) return;
    for (size_t i = 0; i < l->nindexes; i++)
        free(l->indexes[i]);
    free(l->indexes);
    free(l);
}

int bulk_end(Db *db) {
    if (!db_is_postgres(db)) {
        /* Exact statistics (a sample, analysis_limit, misjudged the queues'
        ** share of the partial indexes); 5 s at a million applications.
        ** The connection's own settings come back (db_sqlite.c): without
        ** foreign_keys=ON it would go on writing unchecked. */
        static const char *const sqlite[] = {"PRAGMA journal_mode=WAL",
                                             "PRAGMA locking_mode=NORMAL",
                                             "PRAGMA synchronous=NORMAL",
                                             "PRAGMA foreign_keys=ON",
                                             "ANALYZE",
                                             NULL};
        return exec_all(db, sqlite);
    }
    for (int t = 0; t < BULK__COUNT; t++) {
        char sql[256];
        snprintf(sql, sizeof sql,
                 "SELECT setval(pg_get_serial_sequence('%s', 'id'), GREATEST(max(id), 1), "
                 "max(id) IS NOT NULL) FROM %s",
                 tables[t].name, tables[t].name);
        DbRc rc = db_exec(db, sql, NULL);
        if (rc < 0) return db_err(rc);
    }
    /* Vacuumed as well as analysed: index-only scans need the visibility
    ** map that autovacuum would otherwise build some time later. */
    static const char *const pg[] = {"VACUUM (ANALYZE)", NULL};
    return exec_all(db, pg);
}
