/*
** beian db copy --to postgresql://...: move the configured SQLite
** deployment (every table's rows; the scans are rows of blobs and
** blob_chunks) into an empty PostgreSQL database, then verify it.
**
** The source is read in one read transaction (one snapshot); the target is
** written in one transaction, so a failed copy leaves the target as it
** was. Rows go table by table in foreign-key order (dbc_tables), in
** batches by primary key, as multi-row INSERTs; a column that refers to
** its own table is written NULL first and set once all the table's rows
** are in. Then the sequences are set past the copied ids, and every table
** is read back from PostgreSQL and its row count and checksum compared
** with the source's; every scan is decrypted and checked against its
** keyed name with the master key.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "app/app.h"
#include "app/dbcopy.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/log.h"
#include "db/db_util.h"
#include "docs/store.h"
#include "model/blobs.h"
#include "model/schema.h"

typedef struct Copy {
    Db *src, *dst;
    DbcTable *tables;
    int n;
    DbcProgress progress;
    /* The table being written: its pending rows and their checksum. */
    Arena sql;
    DbcVal *pending;
    int npending, per_insert;
    const char *insert_full;
    DbcHash hash;
    char why[512];
} Copy;

static bool ident_ok(const char *s) {
    if (!*s) return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_')) return false;
    return true;
}

/* Rows of t (in db), at most 1: is it empty? -1 on error. */
static int has_rows(Db *db, const char *table) {
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM (SELECT 1 FROM \"%s\" LIMIT 1) x", table);
    int64_t v = 0;
    DbRc rc = db_query_i64(db, &v, sql, NULL);
    return rc < 0 ? -1 : v > 0;
}

/* The base tables of the PostgreSQL schema, as one comma-separated list
** with commas around (",a,b,"), for lookups. */
static char *pg_tables(Db *db, Arena *a) {
    Buf b;
    buf_init(&b, a);
    buf_printf(&b, ",");
    DbStmt *st;
    DbRc rc = db_prepare(db,
                         "SELECT table_name FROM information_schema.tables WHERE table_schema = "
                         "current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name",
                         &st);
    if (rc < 0) return NULL;
    while ((rc = db_step(st)) == DB_ROW)
        buf_printf(&b, "%s,", db_col_text(st, a, 0));
    db_done(st);
    return rc < 0 ? NULL : b.data;
}

static bool in_list(const char *list, const char *name) {
    char key[200];
    snprintf(key, sizeof key, ",%s,", name);
    return strstr(list, key) != NULL;
}

/* Refuse a target that holds rows of a copied table (before anything is
** written to it, migrations included). */
static int check_empty(Copy *c, Arena *a) {
    char *have = pg_tables(c->dst, a);
    if (!have) return -ERR_DB;
    Buf full;
    buf_init(&full, a);
    for (int i = 0; i < c->n; i++) {
        const DbcTable *t = &c->tables[i];
        if (t->rule != DBC_COPY || !in_list(have, t->name)) continue;
        int r = has_rows(c->dst, t->name);
        if (r < 0) return -ERR_DB;
        if (r) buf_printf(&full, "%s%s", full.len ? ", " : "", t->name);
    }
    if (full.len) {
        snprintf(c->why, sizeof c->why,
                 "the target database already holds data (%.300s): db copy writes only into an "
                 "empty database; nothing was changed",
                 full.data);
        return -ERR_CONFLICT;
    }
    return 0;
}

/* The target's tables and columns are the source's. */
static int check_shape(Copy *c, Arena *a) {
    char *have = pg_tables(c->dst, a);
    if (!have) return -ERR_DB;
    for (int i = 0; i < c->n; i++) {
        const DbcTable *t = &c->tables[i];
        if (!ident_ok(t->name)) {
            snprintf(c->why, sizeof c->why, "table name %s: not a plain name", t->name);
            return -ERR_INTERNAL;
        }
        if (!in_list(have, t->name)) {
            snprintf(c->why, sizeof c->why, "the target has no table %s", t->name);
            return -ERR_INTERNAL;
        }
        DbStmt *st;
        DbRc rc = db_query(c->dst, &st,
                           "SELECT count(*) FROM information_schema.columns WHERE table_schema = "
                           "current_schema() AND table_name = ?",
                           "t", t->name);
        if (rc < 0) return db_err(rc);
        int64_t ncols = db_col_i64(st, 0);
        db_done(st);
        for (int k = 0; k < t->ncols; k++) {
            int64_t found = 0;
            if (!ident_ok(t->cols[k])) {
                snprintf(c->why, sizeof c->why, "column %s.%s: not a plain name", t->name,
                         t->cols[k]);
                return -ERR_INTERNAL;
            }
            rc = db_query_i64(c->dst, &found,
                              "SELECT count(*) FROM information_schema.columns WHERE "
                              "table_schema = current_schema() AND table_name = ? AND "
                              "column_name = ?",
                              "tt", t->name, t->cols[k]);
            if (rc < 0) return db_err(rc);
            if (!found) {
                snprintf(c->why, sizeof c->why, "the target's table %s has no column %s", t->name,
                         t->cols[k]);
                return -ERR_INTERNAL;
            }
        }
        if (ncols != t->ncols) {
            snprintf(c->why, sizeof c->why,
                     "table %s: %lld columns in the target, %d in the source", t->name,
                     (long long)ncols, t->ncols);
            return -ERR_INTERNAL;
        }
    }
    for (char *p = have + 1, *e; (e = strchr(p, ',')); p = e + 1) {
        bool known = false;
        for (int i = 0; i < c->n && !known; i++)
            known = strlen(c->tables[i].name) == (size_t)(e - p) &&
                    !strncmp(c->tables[i].name, p, (size_t)(e - p));
        if (!known) {
            snprintf(c->why, sizeof c->why, "the target has a table the source lacks: %.*s",
                     (int)(e - p), p);
            return -ERR_INTERNAL;
        }
    }
    return 0;
}

/* INSERT of rows rows into t. */
static const char *insert_sql(Copy *c, const DbcTable *t, int rows) {
    Buf b;
    buf_init(&b, &c->sql);
    buf_printf(&b, "INSERT INTO \"%s\" (", t->name);
    for (int i = 0; i < t->ncols; i++)
        buf_printf(&b, "%s\"%s\"", i ? ", " : "", t->cols[i]);
    buf_printf(&b, ") VALUES ");
    for (int r = 0; r < rows; r++) {
        buf_printf(&b, "%s(", r ? ", " : "");
        for (int i = 0; i < t->ncols; i++)
            buf_printf(&b, "%s?", i ? ", " : "");
        buf_printf(&b, ")");
    }
    return b.data;
}

static int copy_row(void *ctx, const DbcTable *t, const DbcVal *vals) {
    Copy *c = ctx;
    dbc_hash_row(&c->hash, t, vals);
    memcpy(&c->pending[c->npending * t->ncols], vals, sizeof *vals * (size_t)t->ncols);
    c->npending++;
    return 0;
}

static int flush_rows(void *ctx, const DbcTable *t) {
    Copy *c = ctx;
    if (!c->npending) return 0;
    const char *sql = c->npending == c->per_insert ? c->insert_full : insert_sql(c, t, c->npending);
    DbStmt *st;
    DbRc rc = db_prepare(c->dst, sql, &st);
    if (rc < 0) return db_err(rc);
    for (int r = 0, p = 1; r < c->npending; r++) {
        for (int i = 0; i < t->ncols; i++, p++) {
            const DbcVal *v = &c->pending[r * t->ncols + i];
            if (v->null || t->self_ref[i])
                db_bind_null(st, p);
            else if (t->kinds[i] == DBC_INT)
                db_bind_i64(st, p, v->i);
            else if (t->kinds[i] == DBC_TEXT)
                db_bind_text_static(st, p, v->p, v->n);
            else
                db_bind_blob(st, p, v->p, v->n);
        }
    }
    rc = db_step(st);
    db_done(st);
    if (rc < 0) return db_err(rc);
    dbc_progress_add(&c->progress, t->name, c->npending);
    c->npending = 0;
    return 0;
}

/* Self-references, once the whole table is in: UPDATE ... FROM (VALUES). */
typedef struct SelfRef {
    Copy *c;
    int col;
    int64_t *pairs;
    int n;
} SelfRef;

static int self_row(void *ctx, const DbcTable *t, const DbcVal *vals) {
    SelfRef *s = ctx;
    if (vals[s->col].null) return 0;
    s->pairs[2 * s->n] = vals[t->pk[0]].i;
    s->pairs[2 * s->n + 1] = vals[s->col].i;
    s->n++;
    return 0;
}

static int self_flush(void *ctx, const DbcTable *t) {
    SelfRef *s = ctx;
    if (!s->n) return 0;
    Buf b;
    buf_init(&b, &s->c->sql);
    buf_printf(&b, "UPDATE \"%s\" SET \"%s\" = v.c FROM (VALUES ", t->name, t->cols[s->col]);
    for (int r = 0; r < s->n; r++)
        buf_printf(&b, "%s(CAST(? AS BIGINT), CAST(? AS BIGINT))", r ? ", " : "");
    buf_printf(&b, ") AS v(k, c) WHERE \"%s\".\"%s\" = v.k", t->name, t->cols[t->pk[0]]);
    DbStmt *st;
    DbRc rc = db_prepare(s->c->dst, b.data, &st);
    if (rc < 0) return db_err(rc);
    for (int i = 0; i < 2 * s->n; i++)
        db_bind_i64(st, i + 1, s->pairs[i]);
    rc = db_step(st);
    db_done(st);
    s->n = 0;
    return rc < 0 ? db_err(rc) : 0;
}

static int copy_self_refs(Copy *c, const DbcTable *t) {
    for (int col = 0; col < t->ncols; col++) {
        if (!t->self_ref[col]) continue;
        if (t->npk != 1 || t->kinds[t->pk[0]] != DBC_INT || t->kinds[col] != DBC_INT) {
            snprintf(c->why, sizeof c->why,
                     "%s.%s refers to its own table by a key that is not "
                     "one integer: no copy rule",
                     t->name, t->cols[col]);
            return -ERR_INTERNAL;
        }
        SelfRef s = {.c = c, .col = col};
        s.pairs = xcalloc((size_t)t->batch * 2, sizeof *s.pairs);
        int rc = dbc_walk(c->src, t, self_row, self_flush, &s);
        free(s.pairs);
        if (rc < 0) return rc;
    }
    return 0;
}

static int copy_table(Copy *c, DbcTable *t) {
    if (t->rule == DBC_SCHEMA) return 0;
    /* PostgreSQL takes at most 65535 parameters a statement. */
    c->per_insert = t->batch;
    if (c->per_insert * t->ncols > 60000) c->per_insert = 60000 / t->ncols;
    DbcTable walk = *t;
    walk.batch = c->per_insert;
    c->insert_full = insert_sql(c, t, c->per_insert);
    c->pending = xcalloc((size_t)c->per_insert * (size_t)t->ncols, sizeof *c->pending);
    c->npending = 0;
    dbc_hash_begin(&c->hash, t);
    int64_t before = c->progress.done;
    int rc = dbc_walk(c->src, &walk, copy_row, flush_rows, c);
    free(c->pending);
    c->pending = NULL;
    dbc_hash_end(&c->hash, t->sum);
    t->rows = c->progress.done - before;
    if (rc == 0 && t->has_self_ref) rc = copy_self_refs(c, t);
    return rc;
}

/* Every table whose key is one integer with a sequence (identity column)
** continues after the largest id copied. */
static int set_sequences(Copy *c) {
    for (int i = 0; i < c->n; i++) {
        const DbcTable *t = &c->tables[i];
        if (t->npk != 1 || t->kinds[t->pk[0]] != DBC_INT) continue;
        char sql[400];
        const char *k = t->cols[t->pk[0]];
        snprintf(sql, sizeof sql,
                 "SELECT setval(pg_get_serial_sequence('%s', '%s'), COALESCE(max(\"%s\"), 0) + 1, "
                 "false) FROM \"%s\"",
                 t->name, k, k, t->name);
        DbRc rc = db_exec(c->dst, sql, NULL);
        if (rc < 0) return db_err(rc);
    }
    return 0;
}

static int copy_tx(Db *dst, void *ctx) {
    Copy *c = ctx;
    (void)dst;
    int64_t total = 0;
    for (int i = 0; i < c->n; i++)
        total += c->tables[i].rows;
    dbc_progress_start(&c->progress, "copy", total);
    /* Seeded tables are emptied in reverse order (nothing copied refers to
    ** them yet), then every table is filled in order. */
    for (int i = c->n - 1; i >= 0; i--) {
        if (c->tables[i].rule != DBC_SEEDED) continue;
        char sql[200];
        snprintf(sql, sizeof sql, "DELETE FROM \"%s\"", c->tables[i].name);
        DbRc rc = db_exec(c->dst, sql, NULL);
        if (rc < 0) return db_err(rc);
    }
    for (int i = 0; i < c->n; i++) {
        int rc = copy_table(c, &c->tables[i]);
        if (rc < 0) return rc;
    }
    dbc_progress_end(&c->progress);
    return set_sequences(c);
}

/* Inside the source's read transaction: count, then copy. */
static int copy_all(Db *src, void *ctx) {
    Copy *c = ctx;
    for (int i = 0; i < c->n; i++) {
        DbcTable *t = &c->tables[i];
        if (t->rule == DBC_SCHEMA) continue;
        char sql[200];
        snprintf(sql, sizeof sql, "SELECT count(*) FROM \"%s\"", t->name);
        DbRc rc = db_query_i64(src, &t->rows, sql, NULL);
        if (rc < 0) return db_err(rc);
    }
    return db_tx(c->dst, copy_tx, c);
}

typedef struct Verify {
    Copy *c;
    int bad;
    int64_t scans;
    int name_col;
    Arena a;
} Verify;

static int verify_scan(void *ctx, const DbcTable *t, const DbcVal *vals) {
    (void)t;
    Verify *v = ctx;
    void *data;
    size_t n;
    arena_reset(&v->a);
    int rc = blob_read(v->c->dst, &v->a, vals[v->name_col].p, &data, &n);
    if (rc == -ERR_STORE_TAMPERED || rc == -ERR_STORE_NOT_FOUND) {
        fprintf(stderr, "scan %.16s...: %s\n", vals[v->name_col].p, err_name(rc));
        v->bad++;
        return 0;
    }
    if (rc == 0) v->scans++;
    return rc;
}

static int verify_tx(Db *dst, void *ctx) {
    Verify *v = ctx;
    Copy *c = v->c;
    v->bad = 0;
    v->scans = 0;
    for (int i = 0; i < c->n; i++) {
        const DbcTable *t = &c->tables[i];
        if (t->rule == DBC_SCHEMA) continue;
        int64_t rows;
        unsigned char sum[32];
        int rc = dbc_checksum(dst, t, &rows, sum);
        if (rc < 0) return rc;
        char hex[65];
        dbc_hex(sum, hex);
        bool ok = rows == t->rows && !memcmp(sum, t->sum, 32);
        printf("  %-26s %9lld rows  %.16s  %s\n", t->name, (long long)rows, hex,
               ok ? "ok" : "DIFFERS");
        if (!ok) v->bad++;
        if (!strcmp(t->name, "blobs")) {
            v->name_col = -1;
            for (int k = 0; k < t->ncols; k++)
                if (!strcmp(t->cols[k], "name")) v->name_col = k;
            if (v->name_col < 0) return -ERR_INTERNAL;
            rc = dbc_walk(dst, t, verify_scan, NULL, v);
            if (rc < 0) return rc;
        }
    }
    return 0;
}

/* Files of a data directory from before migration 0011 move into the
** source database first, as `beian serve` would move them. */
int dbc_import_legacy(Db *src, const Config *cfg) {
    char dir[4096];
    struct stat sb;
    snprintf(dir, sizeof dir, "%s/store", cfg->data_dir);
    if (stat(dir, &sb) != 0) return 0;
    Store *s = NULL;
    if (store_open(dir, &s) < 0) return -ERR_INTERNAL;
    int64_t moved = 0;
    int rc = blob_import_legacy(src, s, &moved);
    store_close(s);
    if (moved) log_info("moved %lld files of %s into the database first", (long long)moved, dir);
    return rc;
}

static int run_copy(Copy *c, Arena *a, const Config *cfg) {
    int rc = dbc_tables(c->src, a, &c->tables, &c->n, c->why, sizeof c->why);
    if (rc == 0) rc = check_empty(c, a);
    if (rc < 0) return rc;
    int applied = 0;
    if ((rc = dbc_import_legacy(c->src, cfg)) < 0 || (rc = schema_migrate(c->dst, &applied)) < 0)
        return rc;
    int sv = db_schema_version(c->src), dv = db_schema_version(c->dst);
    if (sv != dv) {
        snprintf(c->why, sizeof c->why,
                 "the source is at schema version %d and the target at %d: run `beian migrate` "
                 "on the source first",
                 sv, dv);
        return -ERR_INTERNAL;
    }
    if ((rc = check_shape(c, a)) < 0) return rc;
    int64_t t0 = dbc_now_ms();
    if ((rc = db_tx_read(c->src, copy_all, c)) < 0) return rc;
    int64_t t1 = dbc_now_ms(), rows = 0;
    for (int i = 0; i < c->n; i++)
        rows += c->tables[i].rows;
    printf("copied %lld rows of %d tables in %.1f s (%.0f rows/s); verifying:\n", (long long)rows,
           c->n - 1, (double)(t1 - t0) / 1000, (double)rows * 1000 / (double)(t1 - t0 + 1));
    Verify v = {.c = c};
    arena_init(&v.a);
    rc = db_tx_read(c->dst, verify_tx, &v);
    arena_free(&v.a);
    if (rc < 0) return rc;
    printf("%lld scans decrypted and checked against their names; verified in %.1f s\n",
           (long long)v.scans, (double)(dbc_now_ms() - t1) / 1000);
    if (v.bad) {
        snprintf(c->why, sizeof c->why,
                 "%d check(s) failed: the copy differs from the source (see above)", v.bad);
        return -ERR_INTERNAL;
    }
    return 0;
}

int cmd_db_copy(int argc, char **argv) {
    Config cfg;
    const char *to = NULL;
    const CmdOption extra[] = {
        {"to", 1, &to, "postgresql://... : the empty PostgreSQL database to copy into (required)"},
        {0},
    };
    int rc = app_parse(argc, argv, &cfg, extra,
                       "beian db copy --to postgresql://USER@HOST/DB [options]\n\n"
                       "Copies the configured SQLite deployment (every table, the scans\n"
                       "included) into an empty PostgreSQL database, migrating it first,\n"
                       "and verifies the copy by row counts and checksums");
    if (rc) return rc > 0 ? 0 : 2;
    if (!to || (strncmp(to, "postgres://", 11) && strncmp(to, "postgresql://", 13))) {
        fprintf(stderr, "db copy: --to postgresql://... is required\n");
        return 2;
    }
    const char *conn = NULL;
    const DbDriver *drv = db_driver_for(config_database(&cfg), &conn);
    if (!drv || strcmp(drv->name, "sqlite") != 0) {
        fprintf(stderr, "db copy: the configured database must be SQLite (it is the source)\n");
        return 2;
    }
    if (db_sqlite_in_use(conn) > 0)
        fprintf(stderr,
                "db copy: warning: %s is open in another process (a running server?): "
                "what it writes after the copy's snapshot is not copied\n",
                conn);
    Copy c = {0};
    arena_init(&c.sql);
    Arena a;
    arena_init(&a);
    c.src = app_open(&cfg, false);
    c.dst = c.src ? db_open(to) : NULL;
    if (c.src && !c.dst) snprintf(c.why, sizeof c.why, "cannot connect to the target database");
    rc = c.dst ? run_copy(&c, &a, &cfg) : -ERR_DB;
    if (rc < 0)
        fprintf(stderr, "db copy: %s\n", c.why[0] ? c.why : err_msg(rc, LANG_EN));
    else
        printf("the copy is complete and verified: point `database` at the PostgreSQL URL\n");
    if (c.dst) db_close(c.dst);
    if (c.src) db_close(c.src);
    arena_free(&a);
    arena_free(&c.sql);
    config_free(&cfg);
    return rc < 0 ? 1 : 0;
}
