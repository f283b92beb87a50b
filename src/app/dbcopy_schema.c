/*
** The tables of a deployment, their copy rules and order, the keyset walk
** and the checksum (dbcopy.h).
*/
#include "app/dbcopy.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/err.h"
#include "db/db_util.h"

/* Every table of the schema, with what a copy does with it. A migration
** that adds a table must add it here: until then `beian db copy` and
** `beian backup` refuse to run (and test_app_dbcopy fails), rather than
** leave the new table behind. */
static const struct {
    const char *name;
    DbcRule rule;
} rules[] = {
    {"schema_migrations", DBC_SCHEMA},
    {"accounts", DBC_COPY},
    {"sessions", DBC_COPY},
    {"login_throttle", DBC_COPY},
    {"audit_log", DBC_COPY},
    {"subjects", DBC_COPY},
    {"sites", DBC_COPY},
    {"applications", DBC_COPY},
    {"transitions", DBC_COPY},
    {"return_reasons", DBC_COPY},
    {"province_rules", DBC_SEEDED}, /* schema_migrate seeds the defaults */
    {"application_files", DBC_COPY},
    {"form_texts", DBC_COPY},
    {"mail_outbox", DBC_COPY},
    {"password_resets", DBC_COPY},
    {"jobs", DBC_SEEDED}, /* the scheduler registers its jobs at start */
    {"materials_received", DBC_COPY},
    {"onsite_verifications", DBC_COPY},
    {"verification_calls", DBC_COPY},
    {"return_reason_templates", DBC_SEEDED}, /* seeded by schema_migrate */
    {"province_rules_history", DBC_COPY},
    {"settings", DBC_COPY},
    {"regulator_links", DBC_SEEDED}, /* written by `beian serve` at start */
    {"regulator_link_status", DBC_SEEDED},
    {"regulator_link_provinces", DBC_SEEDED},
    {"regulator_uploads", DBC_COPY},
    {"regulator_downloads", DBC_COPY},
    {"regulator_results", DBC_COPY},
    {"bureau_ids", DBC_COPY},
    {"notices", DBC_COPY},
    {"blobs", DBC_COPY},
    {"blob_chunks", DBC_COPY},
    {"recover_requests", DBC_COPY},
    {"step_drafts", DBC_COPY}, /* sealed like the values: copied as they are */
};

static int rule_of(const char *name) {
    for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++)
        if (!strcmp(rules[i].name, name)) return (int)rules[i].rule;
    return 0;
}

/* Columns, kinds and key of one table (PRAGMA table_info). */
static int read_columns(Db *db, Arena *a, DbcTable *t, char *why, size_t cap) {
    DbStmt *st;
    char *sql = arena_printf(a, "PRAGMA table_info(\"%s\")", t->name);
    DbRc rc = db_prepare(db, sql, &st);
    if (rc < 0) return db_err(rc);
    int cap_cols = 64;
    t->cols = arena_zalloc(a, sizeof *t->cols * (size_t)cap_cols);
    t->kinds = arena_zalloc(a, sizeof *t->kinds * (size_t)cap_cols);
    t->self_ref = arena_zalloc(a, sizeof *t->self_ref * (size_t)cap_cols);
    t->pk = arena_zalloc(a, sizeof *t->pk * (size_t)cap_cols);
    int bad = 0;
    while ((rc = db_step(st)) == DB_ROW && t->ncols < cap_cols) {
        int i = t->ncols++;
        t->cols[i] = db_col_text(st, a, 1);
        const char *type = db_col_text(st, a, 2);
        int64_t pk = db_col_i64(st, 5);
        if (!strcasecmp(type, "INTEGER") || !strcasecmp(type, "BIGINT"))
            t->kinds[i] = DBC_INT;
        else if (!strcasecmp(type, "TEXT"))
            t->kinds[i] = DBC_TEXT;
        else if (!strcasecmp(type, "BLOB"))
            t->kinds[i] = DBC_BLOB;
        else if (!bad++)
            snprintf(why, cap, "%s.%s: no copy rule for the type '%s'", t->name, t->cols[i], type);
        if (pk > 0 && pk <= cap_cols) {
            t->pk[pk - 1] = i;
            if (pk > t->npk) t->npk = (int)pk;
        }
        if (t->kinds[i] == DBC_BLOB) t->batch = 16;
    }
    db_done(st);
    if (rc < 0) return db_err(rc);
    if (bad) return -ERR_INTERNAL;
    if (t->ncols == 0 || t->npk == 0) {
        snprintf(why, cap, "table %s has no primary key: no copy rule orders its rows", t->name);
        return -ERR_INTERNAL;
    }
    return 0;
}

/* Foreign keys of t: self-references are marked; the other tables it refers
** to are returned as a list of names. */
static int read_refs(Db *db, Arena *a, DbcTable *t, const char ***refs, int *nrefs) {
    DbStmt *st;
    DbRc rc = db_prepare(db, arena_printf(a, "PRAGMA foreign_key_list(\"%s\")", t->name), &st);
    if (rc < 0) return db_err(rc);
    *refs = arena_zalloc(a, sizeof **refs * 64);
    *nrefs = 0;
    while ((rc = db_step(st)) == DB_ROW) {
        const char *to = db_col_text(st, a, 2), *from = db_col_text(st, a, 3);
        if (!strcmp(to, t->name)) {
            for (int i = 0; i < t->ncols; i++)
                if (!strcmp(t->cols[i], from)) t->self_ref[i] = t->has_self_ref = true;
        } else if (*nrefs < 64) {
            (*refs)[(*nrefs)++] = to;
        }
    }
    db_done(st);
    return rc < 0 ? db_err(rc) : 0;
}

int dbc_tables(Db *db, Arena *a, DbcTable **out, int *n, char *why, size_t cap) {
    DbStmt *st;
    DbRc rc = db_prepare(db,
                         "SELECT name FROM sqlite_master WHERE type = 'table' "
                         "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name <> '" DBC_MANIFEST
                         "' ORDER BY name",
                         &st);
    if (rc < 0) return db_err(rc);
    int cnt = 0, max = 256;
    DbcTable *all = arena_zalloc(a, sizeof *all * (size_t)max);
    while ((rc = db_step(st)) == DB_ROW && cnt < max)
        all[cnt++] = (DbcTable){.name = db_col_text(st, a, 0), .batch = 1000};
    db_done(st);
    if (rc < 0) return db_err(rc);
    const char ***refs = arena_zalloc(a, sizeof *refs * (size_t)max);
    int *nrefs = arena_zalloc(a, sizeof *nrefs * (size_t)max);
    for (int i = 0; i < cnt; i++) {
        all[i].rule = (DbcRule)rule_of(all[i].name);
        if (!all[i].rule) {
            snprintf(why, cap,
                     "table %s has no copy rule: add it to the rules of src/app/dbcopy_schema.c",
                     all[i].name);
            return -ERR_INTERNAL;
        }
        int rc2 = read_columns(db, a, &all[i], why, cap);
        if (rc2 == 0) rc2 = read_refs(db, a, &all[i], &refs[i], &nrefs[i]);
        if (rc2 < 0) return rc2;
    }
    /* Order: schema_migrations first, then repeatedly every table whose
    ** references are all placed (Kahn's algorithm, alphabetical within). */
    DbcTable *sorted = arena_zalloc(a, sizeof *sorted * (size_t)max);
    bool *placed = arena_zalloc(a, sizeof *placed * (size_t)max);
    int done = 0;
    for (int i = 0; i < cnt; i++)
        if (all[i].rule == DBC_SCHEMA) sorted[done++] = all[i], placed[i] = true;
    while (done < cnt) {
        int before = done;
        for (int i = 0; i < cnt; i++) {
            if (placed[i]) continue;
            bool ready = true;
            for (int r = 0; r < nrefs[i] && ready; r++)
                for (int j = 0; j < cnt; j++)
                    if (!placed[j] && !strcmp(all[j].name, refs[i][r])) ready = false;
            if (ready) sorted[done++] = all[i], placed[i] = true;
        }
        if (done == before) {
            Buf b;
            buf_init(&b, a);
            for (int i = 0; i < cnt; i++)
                if (!placed[i]) buf_printf(&b, "%s%s", b.len ? ", " : "", all[i].name);
            snprintf(why, cap, "the foreign keys of %s make a cycle: no order to copy them in",
                     b.data);
            return -ERR_INTERNAL;
        }
    }
    *out = sorted;
    *n = cnt;
    return 0;
}

/* ---- The keyset walk --------------------------------------------------- */

static const char *collate(Db *db, const DbcTable *t, int col) {
    return db_is_postgres(db) && t->kinds[col] == DBC_TEXT ? " COLLATE \"C\"" : "";
}

/* SELECT of one batch; with after, only rows past the key given. */
static char *walk_sql(Db *db, Arena *a, const DbcTable *t, bool after) {
    Buf b;
    buf_init(&b, a);
    buf_printf(&b, "SELECT ");
    for (int i = 0; i < t->ncols; i++)
        buf_printf(&b, "%s\"%s\"", i ? ", " : "", t->cols[i]);
    buf_printf(&b, " FROM \"%s\"", t->name);
    if (after) {
        buf_printf(&b, " WHERE (");
        for (int k = 0; k < t->npk; k++)
            buf_printf(&b, "%s\"%s\"%s", k ? ", " : "", t->cols[t->pk[k]],
                       collate(db, t, t->pk[k]));
        buf_printf(&b, ") > (");
        for (int k = 0; k < t->npk; k++)
            buf_printf(&b, "%s?", k ? ", " : "");
        buf_printf(&b, ")");
    }
    buf_printf(&b, " ORDER BY ");
    for (int k = 0; k < t->npk; k++)
        buf_printf(&b, "%s\"%s\"%s", k ? ", " : "", t->cols[t->pk[k]], collate(db, t, t->pk[k]));
    buf_printf(&b, " LIMIT %d", t->batch);
    return b.data;
}

static void read_val(DbStmt *st, Arena *a, DbcKind kind, int i, DbcVal *v) {
    *v = (DbcVal){.null = db_col_null(st, i)};
    if (v->null) return;
    if (kind == DBC_INT) {
        v->i = db_col_i64(st, i);
    } else if (kind == DBC_TEXT) {
        v->p = db_col_text(st, a, i);
        v->n = strlen(v->p);
    } else {
        v->p = db_col_blob(st, a, i, &v->n);
    }
}

int dbc_walk(Db *db, const DbcTable *t, DbcRowFn row, DbcBatchFn batch_end, void *ctx) {
    Arena sqla, rows, keys;
    arena_init(&sqla);
    arena_init(&rows);
    arena_init(&keys);
    const char *first = walk_sql(db, &sqla, t, false), *next = walk_sql(db, &sqla, t, true);
    DbcVal *vals = arena_zalloc(&sqla, sizeof *vals * (size_t)t->ncols);
    DbcVal *key = arena_zalloc(&sqla, sizeof *key * (size_t)t->npk);
    int rc = 0;
    for (bool more = true, started = false; more && rc == 0; started = true) {
        DbStmt *st;
        DbRc r = db_prepare(db, started ? next : first, &st);
        if (r < 0) {
            rc = db_err(r);
            break;
        }
        for (int k = 0; started && k < t->npk; k++) {
            if (t->kinds[t->pk[k]] == DBC_INT)
                db_bind_i64(st, k + 1, key[k].i);
            else
                db_bind_text(st, k + 1, key[k].p);
        }
        int got = 0;
        while (rc == 0 && (r = db_step(st)) == DB_ROW) {
            got++;
            for (int i = 0; i < t->ncols; i++)
                read_val(st, &rows, t->kinds[i], i, &vals[i]);
            rc = row(ctx, t, vals);
            if (got == t->batch) {
                arena_reset(&keys);
                for (int k = 0; k < t->npk; k++) {
                    key[k] = vals[t->pk[k]];
                    if (key[k].p) key[k].p = arena_strndup(&keys, key[k].p, key[k].n);
                }
            }
        }
        db_done(st);
        if (rc == 0 && r < 0) rc = db_err(r);
        if (rc == 0 && batch_end && got) rc = batch_end(ctx, t);
        arena_reset(&rows);
        more = got == t->batch;
    }
    arena_free(&keys);
    arena_free(&rows);
    arena_free(&sqla);
    return rc;
}

/* ---- The checksum ------------------------------------------------------ */

_Static_assert(sizeof(crypto_hash_sha256_state) <= sizeof(((DbcHash *)0)->state),
               "DbcHash holds a SHA-256 state");

static void hash_text(DbcHash *h, const char *s) {
    crypto_hash_sha256_update((crypto_hash_sha256_state *)h->state, (const unsigned char *)s,
                              strlen(s));
}

void dbc_hash_begin(DbcHash *h, const DbcTable *t) {
    crypto_hash_sha256_init((crypto_hash_sha256_state *)h->state);
    hash_text(h, t->name);
    for (int i = 0; i < t->ncols; i++) {
        hash_text(h, i ? "," : "\n");
        hash_text(h, t->cols[i]);
    }
    hash_text(h, "\n");
}

void dbc_hash_row(DbcHash *h, const DbcTable *t, const DbcVal *vals) {
    char head[48];
    for (int i = 0; i < t->ncols; i++) {
        const DbcVal *v = &vals[i];
        if (v->null) {
            hash_text(h, "N;");
        } else if (t->kinds[i] == DBC_INT) {
            snprintf(head, sizeof head, "I%lld;", (long long)v->i);
            hash_text(h, head);
        } else {
            snprintf(head, sizeof head, "%c%zu:", t->kinds[i] == DBC_TEXT ? 'T' : 'B', v->n);
            hash_text(h, head);
            crypto_hash_sha256_update((crypto_hash_sha256_state *)h->state,
                                      (const unsigned char *)v->p, v->n);
            hash_text(h, ";");
        }
    }
    hash_text(h, "\n");
}

void dbc_hash_end(DbcHash *h, unsigned char sum[32]) {
    crypto_hash_sha256_final((crypto_hash_sha256_state *)h->state, sum);
}

void dbc_hex(const unsigned char sum[32], char out[65]) {
    sodium_bin2hex(out, 65, sum, 32);
}

typedef struct SumCtx {
    DbcHash h;
    int64_t rows;
} SumCtx;

static int sum_row(void *ctx, const DbcTable *t, const DbcVal *vals) {
    SumCtx *s = ctx;
    dbc_hash_row(&s->h, t, vals);
    s->rows++;
    return 0;
}

int dbc_checksum(Db *db, const DbcTable *t, int64_t *rows, unsigned char sum[32]) {
    SumCtx s = {.rows = 0};
    dbc_hash_begin(&s.h, t);
    int rc = dbc_walk(db, t, sum_row, NULL, &s);
    dbc_hash_end(&s.h, sum);
    *rows = s.rows;
    return rc;
}

/* ---- Progress ---------------------------------------------------------- */

int64_t dbc_now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void dbc_progress_start(DbcProgress *p, const char *what, int64_t total) {
    *p = (DbcProgress){.what = what, .total = total, .tty = isatty(2)};
    p->started_ms = p->last_ms = dbc_now_ms();
}

void dbc_progress_add(DbcProgress *p, const char *table, int64_t rows) {
    p->done += rows;
    int64_t now = dbc_now_ms();
    int pct = p->total ? (int)(p->done * 100 / p->total) : 100;
    if (p->tty) {
        if (now - p->last_ms < 100 && p->done < p->total) return;
        char bar[31];
        int fill = pct * 30 / 100;
        for (int i = 0; i < 30; i++)
            bar[i] = i < fill ? '#' : '.';
        bar[30] = 0;
        fprintf(stderr, "\r%s [%s] %3d%% %lld/%lld rows  %-26.26s", p->what, bar, pct,
                (long long)p->done, (long long)p->total, table);
    } else {
        if (now - p->last_ms < 2000 && p->done < p->total) return;
        fprintf(stderr, "%s: %d%% (%lld/%lld rows), at %s\n", p->what, pct, (long long)p->done,
                (long long)p->total, table);
    }
    p->last_ms = now;
}

void dbc_progress_end(DbcProgress *p) {
    if (p->tty) fprintf(stderr, "\n");
}
