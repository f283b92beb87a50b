/*
** `beian dev generate` (app/generate.c) on a fresh SQLite database: the
** rows it reports are the rows written, they hold together (foreign keys,
** the queue each application waits in, unique numbers and domains), the
** filings it seals are valid filings, and the model reads them back: the
** reviewers' queues, an application of every kind and state, a customer's
** overview, the shared scan. With BEIAN_TEST_PG_URL, the same load on
** PostgreSQL (COPY, one transaction, keys checked and indexes built at the
** end) writes the same rows, and a row that breaks a foreign key fails it.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "app/gen_data.h"
#include "app/generate.h"
#include "model/blobs.h"
#include "model/app_view.h"
#include "model/overview.h"
#include "model/review_queue.h"
#include "model_fixture.h"
#include "rules/lifecycle.h"
#include "rules/region.h"
#include "rules/validate.h"

#define APPS 2000

typedef struct GenFix {
    ModelFix f;
    char dir[256];
    GenStats st;
    GenOptions o;
} GenFix;

static int64_t count(Db *db, const char *sql) {
    int64_t n = -1;
    assert_int_equal(db_query_i64(db, &n, sql, NULL), DB_ROW);
    return n;
}

static int gen_setup(void **state) {
    GenFix *x = calloc(1, sizeof *x);
    snprintf(x->dir, sizeof x->dir, "%s/beian-gentest-XXXXXX",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(x->dir)) return -1;
    snprintf(x->f.url, sizeof x->f.url, "sqlite:%s/gen.db", x->dir);
    x->f.db = db_open(x->f.url);
    if (!x->f.db || mf_ready(&x->f) != 0) return -1;
    x->o = (GenOptions){.applications = APPS,
                        .seed = 7,
                        .templates = 3,
                        .batch = 700, /* several batches, one of them cut short */
                        .password = "Generated-Pass-2026",
                        .now = time_now()}; /* the PostgreSQL run's too */
    if (generate_run(x->f.db, &x->o, &x->st) != 0) return -1;
    *state = x;
    return 0;
}

static int gen_teardown(void **state) {
    GenFix *x = *state;
    mf_release(&x->f);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", x->dir);
    if (system(cmd) != 0) return -1;
    free(x);
    return 0;
}

/* What it says it wrote is what is there, and it holds together. */
static void test_rows(void **state) {
    GenFix *x = *state;
    Db *db = x->f.db;
    for (int t = 0; t < BULK__COUNT; t++) {
        char sql[128];
        snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", bulk_table_name((BulkTable)t));
        assert_int_equal(count(db, sql), x->st.rows[t]);
    }
    assert_int_equal(x->st.rows[BULK_APPLICATIONS], APPS);
    /* About one customer a subject, one audit row an application. */
    int64_t subjects = x->st.rows[BULK_SUBJECTS];
    assert_true(subjects > APPS / 3 && subjects < APPS * 3 / 4);
    assert_true(x->st.rows[BULK_ACCOUNTS] >= subjects + 5);
    assert_int_equal(x->st.rows[BULK_AUDIT], APPS);
    assert_true(x->st.rows[BULK_TRANSITIONS] > APPS * 3);
    assert_int_equal(count(db, "SELECT count(*) FROM pragma_foreign_key_check"), 0);
    Arena a;
    arena_init(&a);
    DbStmt *st;
    assert_int_equal(db_query(db, &st, "PRAGMA journal_mode", NULL), DB_ROW);
    assert_string_equal(db_col_text(st, &a, 0), "wal");
    db_done(st);
    arena_free(&a);
    /* Filed sites have a domain of their own. */
    assert_int_equal(count(db, "SELECT count(*) FROM (SELECT domain FROM sites WHERE site_number "
                               "IS NOT NULL GROUP BY domain HAVING count(*) > 1)"),
                     0);
    assert_true(count(db, "SELECT count(*) FROM sites WHERE site_number IS NOT NULL") >
                subjects / 2);
}

/* Most are filed; every queue and every state in it; the queue each one
** waits in is the one the model gives its state. */
static void test_mix(void **state) {
    GenFix *x = *state;
    Db *db = x->f.db;
    int64_t approved = x->st.states[STATE_APPROVED];
    assert_true(approved > APPS * 6 / 10 && approved < APPS * 95 / 100);
    for (int s = STATE_DRAFT; s < STATE__COUNT; s++)
        if (s != STATE_CLOSED) assert_true(x->st.states[s] > 0);
    for (int q = GEN_Q_NEW; q <= GEN_Q_TO_SEND; q++)
        assert_true(x->st.queues[q] > 0 && x->st.queues[q] < APPS / 10);
    DbStmt *st;
    Arena a;
    arena_init(&a);
    assert_int_equal(db_query(db, &st,
                              "SELECT state, review_round, queue, count(*) FROM "
                              "applications GROUP BY 1, 2, 3",
                              NULL),
                     DB_ROW);
    int groups = 0;
    do {
        AppState s = app_state_parse(db_col_text(st, &a, 0));
        assert_true(s > 0);
        assert_string_equal(db_col_text(st, &a, 2), app_queue_of(s, (int)db_col_i64(st, 1)));
        groups++;
    } while (db_step(st) == DB_ROW);
    db_done(st);
    arena_free(&a);
    assert_true(groups >= 8);
    /* Facts are set at submission: drafts have none, the others all. */
    assert_int_equal(count(db, "SELECT count(*) FROM applications WHERE submitted_at IS NULL "
                               "AND (province <> 0 OR state <> 'draft' AND state <> 'withdrawn')"),
                     0);
    assert_int_equal(count(db, "SELECT count(*) FROM applications WHERE submitted_at IS NOT NULL "
                               "AND (province = 0 OR nature = '' OR principal_name = '')"),
                     0);
}

/* The reviewers' queues read the generated rows: oldest first, counted. */
static void test_queue(void **state) {
    GenFix *x = *state;
    Db *db = x->f.db;
    QueueScreen s = {.page = {.a = &x->f.a,
                              .f = {.queue = QUEUE_ALL, .commercial = -1, .limit = 50},
                              .now = time_now()},
                     .counts = {.now = time_now(), .limit_hours = 24}};
    assert_int_equal(db_tx_read(db, queue_screen, &s), 0);
    assert_int_equal(s.page.n, 50);
    assert_true(s.page.more);
    for (size_t i = 1; i < s.page.n; i++)
        assert_true(s.page.rows[i - 1].submitted_at <= s.page.rows[i].submitted_at);
    for (size_t i = 0; i < s.page.n; i++) {
        AppState st = s.page.rows[i].state;
        assert_true(st == STATE_PROVIDER_REVIEW || st == STATE_REGULATOR_RETURNED);
        assert_true(*s.page.rows[i].subject_name && *s.page.rows[i].number);
    }
    assert_int_equal(s.counts.count[QUEUE_NEW], x->st.queues[GEN_Q_NEW]);
    assert_int_equal(s.counts.count[QUEUE_RESUBMITTED], x->st.queues[GEN_Q_RESUBMITTED]);
    assert_int_equal(s.counts.count[QUEUE_RETURNED], x->st.queues[GEN_Q_RETURNED]);
    assert_int_equal(s.counts.count[QUEUE_TO_SEND], x->st.queues[GEN_Q_TO_SEND]);
    /* The node remembers the tabs' counts; a change of a queue it is told
    ** of (app_move tells it) is counted at once. */
    queue_tabs_cache_set(60);
    assert_int_equal(db_tx_read(db, queue_screen, &s), 0);
    assert_int_equal(db_exec(db,
                             "UPDATE applications SET queue = '' WHERE id = (SELECT min(id) "
                             "FROM applications WHERE queue = 'new')",
                             NULL),
                     DB_DONE);
    assert_int_equal(db_tx_read(db, queue_screen, &s), 0);
    assert_int_equal(s.counts.count[QUEUE_NEW], x->st.queues[GEN_Q_NEW]); /* remembered */
    queue_counts_changed();
    assert_int_equal(db_tx_read(db, queue_screen, &s), 0);
    assert_int_equal(s.counts.count[QUEUE_NEW], x->st.queues[GEN_Q_NEW] - 1);
    queue_tabs_cache_set(0);
    assert_int_equal(db_exec(db,
                             "UPDATE applications SET queue = 'new' WHERE queue = '' AND id = "
                             "(SELECT min(id) FROM applications WHERE state = 'provider_review' "
                             "AND queue = '')",
                             NULL),
                     DB_DONE);
    assert_int_equal(db_tx_read(db, queue_screen, &s), 0);
    assert_int_equal(s.counts.count[QUEUE_NEW], x->st.queues[GEN_Q_NEW]);
    /* A search by the domain of a row finds that row. */
    const char *domain = NULL;
    for (size_t i = 0; i < s.page.n && !domain; i++)
        if (*s.page.rows[i].domain) domain = s.page.rows[i].domain;
    assert_non_null(domain);
    QueuePage p = {
        .a = &x->f.a, .f = {.queue = QUEUE_ALL, .commercial = -1, .q = domain}, .now = time_now()};
    assert_int_equal(db_tx_read(db, queue_page, &p), 0);
    assert_true(p.n >= 1);
    assert_string_equal(p.rows[0].domain, domain);
}

/* An application of each kind and state opens; what was submitted is a
** valid filing (nothing blocks verify & submit); its history and files
** are there. */
static void test_views(void **state) {
    GenFix *x = *state;
    Db *db = x->f.db;
    DbStmt *st;
    assert_int_equal(
        db_query(db, &st, "SELECT min(id) FROM applications GROUP BY kind, state ORDER BY 1", NULL),
        DB_ROW);
    int64_t ids[128];
    size_t n = 0;
    do
        ids[n++] = db_col_i64(st, 0);
    while (n < 128 && db_step(st) == DB_ROW);
    db_done(st);
    assert_true(n >= 30);
    for (size_t i = 0; i < n; i++) {
        AppView v = {.a = &x->f.a, .app_id = ids[i]};
        assert_int_equal(db_tx_read(db, app_view, &v), 0);
        if (v.app.state != STATE_DRAFT) {
            if (v.issues.n)
                print_message("application %lld (%s, %s): %s\n", (long long)ids[i],
                              app_kind_id(v.app.kind), app_state_id(v.app.state),
                              filing_field_key(v.issues.items[0].field));
            assert_int_equal(v.issues.n, 0);
            assert_true(v.complete);
            assert_true(v.ntransitions >= 1);
        }
        if (v.app.state == STATE_PROVIDER_RETURNED) assert_true(v.nreasons >= 1);
        if (v.app.submitted_at && !app_kind_is_cancel(v.app.kind)) assert_true(v.nfiles >= 2);
    }
}

/* A customer's overview: the subject filed, its sites with their numbers. */
static void test_overview(void **state) {
    GenFix *x = *state;
    Db *db = x->f.db;
    int64_t account = 0;
    assert_int_equal(db_query_i64(db, &account,
                                  "SELECT min(account_id) FROM subjects WHERE subject_number IS "
                                  "NOT NULL AND origin = 'first_filing'",
                                  NULL),
                     DB_ROW);
    Overview o = {.a = &x->f.a, .account_id = account};
    assert_int_equal(db_tx_read(db, overview_load, &o), 0);
    assert_true(o.has_subject);
    assert_int_equal(o.status, SUBJECT_FILED);
    assert_true(o.nsites >= 1 && o.napps >= 1);
    bool filed = false;
    for (size_t i = 0; i < o.nsites; i++)
        if (o.sites[i].status == SITE_FILED) filed = o.sites[i].site.site_number != NULL;
    assert_true(filed);
}

/* Every file row names the one scan, which the store holds, counted once
** per row, with its thumbnail. */
static void test_scan(void **state) {
    GenFix *x = *state;
    Db *db = x->f.db;
    assert_int_equal(count(db, "SELECT count(DISTINCT blob) FROM application_files"), 1);
    assert_int_equal(count(db, "SELECT count(*) FROM blobs"), 1);
    assert_int_equal(count(db, "SELECT refs FROM blobs"),
                     count(db, "SELECT count(*) FROM application_files WHERE deleted_at IS NULL"));
    Arena a;
    arena_init(&a);
    DbStmt *st;
    assert_int_equal(db_query(db, &st, "SELECT blob, size FROM application_files", NULL), DB_ROW);
    char *name = db_col_text(st, &a, 0);
    int64_t size = db_col_i64(st, 1);
    db_done(st);
    void *data;
    size_t n;
    assert_int_equal(blob_read(db, &a, name, &data, &n), 0);
    assert_int_equal((int64_t)n, size);
    assert_memory_equal(data, "\x89PNG", 4);
    assert_int_equal(blob_thumb(db, &a, name, &data, &n), 0);
    assert_memory_equal(data, "\xff\xd8", 2);
    arena_free(&a);
}

/* The data: valid ID card numbers, credit codes and mobiles; the same seed
** and index give the same subject. */
static void test_data(void **state) {
    (void)state;
    for (int64_t i = 1; i < 400; i++) {
        GenRng r = gen_rng(3, (uint64_t)i);
        SubjectNature nature = gen_nature(&r);
        GenSubject s, again;
        gen_subject(3, i, nature, gen_province(&r), &s);
        gen_subject(3, i, nature, s.province, &again);
        assert_memory_equal(&s, &again, sizeof s);
        assert_int_equal(id_card_check(s.principal.id_number, 0), 0);
        assert_int_equal(mobile_check(s.principal.mobile), 0);
        if (nature != NATURE_INDIVIDUAL) assert_int_equal(uscc_check(s.cert_number), 0);
        assert_int_equal(region_check(s.province_code, s.city, s.district[0] ? s.district : NULL),
                         0);
    }
}

/* ---- PostgreSQL ---------------------------------------------------------- */

static const char *pg_base_url;

typedef struct PgGen {
    ModelFix f;
    Db *admin;
    char schema[64];
} PgGen;

static void pg_open_schema(PgGen *p, const char *name) {
    p->admin = db_open(pg_base_url);
    assert_non_null(p->admin);
    snprintf(p->schema, sizeof p->schema, "beian_%s%d", name, (int)getpid());
    char sql[160];
    snprintf(sql, sizeof sql, "DROP SCHEMA IF EXISTS %s CASCADE", p->schema);
    assert_true(db_exec(p->admin, sql, NULL) >= 0);
    snprintf(sql, sizeof sql, "CREATE SCHEMA %s", p->schema);
    assert_true(db_exec(p->admin, sql, NULL) >= 0);
    snprintf(p->f.url, sizeof p->f.url, "%s%coptions=-csearch_path%%3D%s", pg_base_url,
             strchr(pg_base_url, '?') ? '&' : '?', p->schema);
    p->f.db = db_open(p->f.url);
    assert_non_null(p->f.db);
    assert_int_equal(mf_ready(&p->f), 0);
}

static void pg_close_schema(PgGen *p) {
    mf_release(&p->f);
    char sql[160];
    snprintf(sql, sizeof sql, "DROP SCHEMA %s CASCADE", p->schema);
    db_exec(p->admin, sql, NULL);
    db_close(p->admin);
}

/* Columns whose values are sealed with a fresh nonce or salted: they differ
** from run to run (the sealed ones are read through the model above). */
static bool random_column(const char *col) {
    static const char *const cols[] = {"mobile_enc", "password_hash", "record", "claim_secret",
                                       "values_sealed"};
    for (size_t i = 0; i < sizeof cols / sizeof *cols; i++)
        if (!strcmp(col, cols[i])) return true;
    return false;
}

/* The same seed and present on PostgreSQL: every other column of every row
** of every table is what SQLite got (booleans compared as 0/1), and the
** indexes dropped for the load are all back. */
static void test_pg_same_rows(void **state) {
    GenFix *x = *state;
    PgGen p = {0};
    pg_open_schema(&p, "gen");
    Db *pg = p.f.db;
    static const char idx_sql[] =
        "SELECT count(*) FROM pg_indexes WHERE schemaname = current_schema()";
    int64_t indexes = count(pg, idx_sql);
    GenStats st;
    assert_int_equal(generate_run(pg, &x->o, &st), 0);
    assert_int_equal(count(pg, idx_sql), indexes);
    assert_true(st.index_seconds > 0);
    for (int t = 0; t < BULK__COUNT; t++)
        assert_int_equal(st.rows[t], x->st.rows[t]);
    Arena a;
    arena_init(&a);
    for (int t = 0; t < BULK__COUNT; t++) {
        const char *table = bulk_table_name((BulkTable)t);
        Buf sql;
        buf_init(&sql, &a);
        buf_puts(&sql, "SELECT ");
        char *cols = arena_strdup(&a, bulk_columns((BulkTable)t)), *save = NULL;
        int ncols = 0;
        for (char *c = strtok_r(cols, ", ", &save); c; c = strtok_r(NULL, ", ", &save)) {
            if (random_column(c)) continue;
            int64_t is_bool = 0;
            assert_true(db_query_i64(pg, &is_bool,
                                     "SELECT count(*) FROM information_schema.columns WHERE "
                                     "table_schema = current_schema() AND table_name = ? AND "
                                     "column_name = ? AND data_type = 'boolean'",
                                     "tt", table, c) == DB_ROW);
            buf_printf(&sql, ncols++ ? ", " : "");
            buf_printf(&sql, is_bool ? "CAST(%s AS INTEGER)" : "%s", c);
        }
        buf_printf(&sql, " FROM %s ORDER BY id", table);
        DbStmt *sq, *pq;
        DbRc rs = db_query(x->f.db, &sq, sql.data, NULL), rp = db_query(pg, &pq, sql.data, NULL);
        int64_t rows = 0;
        for (; rs == DB_ROW && rp == DB_ROW; rs = db_step(sq), rp = db_step(pq), rows++)
            for (int c = 0; c < ncols; c++) {
                const char *vs = db_col_text(sq, &a, c), *vp = db_col_text(pq, &a, c);
                if (vs && vp && !strcmp(vs, vp)) continue;
                if (!vs && !vp) continue;
                print_message("%s row %lld column %d: SQLite %s, PostgreSQL %s\n", table,
                              (long long)rows, c, vs ? vs : "NULL", vp ? vp : "NULL");
                fail();
            }
        assert_int_equal(rs, DB_DONE);
        assert_int_equal(rp, DB_DONE);
        assert_int_equal(rows, x->st.rows[t]);
        db_done(sq);
        db_done(pq);
        arena_reset(&a);
    }
    arena_free(&a);
    pg_close_schema(&p);
}

static int bad_key(Db *db, void *ctx) {
    (void)ctx;
    BulkLoad *l = NULL;
    Bulk *b = bulk_new();
    int rc = bulk_load_begin(db, &l);
    const BulkVal row[] = {
        BV_I(1),        BV_I(424242),  BV_I(1700000000),        BV_NULL, BV_T("system"),
        BV_T("submit"), BV_T("draft"), BV_T("provider_review"), BV_T("")};
    bulk_add(b, BULK_TRANSITIONS, row);
    if (rc == 0) rc = bulk_flush(b, db);
    if (rc == 0) rc = bulk_load_finish(db, l);
    bulk_load_free(l);
    bulk_free(b);
    return rc;
}

/* A row whose foreign key points nowhere fails the load at its end (the
** role of the test cluster may skip the row-by-row checks) and nothing of
** it stays. */
static void test_pg_bad_key(void **state) {
    (void)state;
    PgGen p = {0};
    pg_open_schema(&p, "genkey");
    log_set_level((LogLevel)(LOG_ERROR + 1)); /* the refusal is expected */
    assert_true(db_tx(p.f.db, bad_key, NULL) < 0);
    log_set_level(LOG_WARN);
    assert_int_equal(count(p.f.db, "SELECT count(*) FROM transitions"), 0);
    pg_close_schema(&p);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rows),  cmocka_unit_test(test_mix),      cmocka_unit_test(test_queue),
        cmocka_unit_test(test_views), cmocka_unit_test(test_overview), cmocka_unit_test(test_scan),
        cmocka_unit_test(test_data),
    };
    /* The PostgreSQL tests compare with the SQLite fixture's rows. */
    const struct CMUnitTest with_pg[] = {
        cmocka_unit_test(test_rows),       cmocka_unit_test(test_mix),
        cmocka_unit_test(test_queue),      cmocka_unit_test(test_views),
        cmocka_unit_test(test_overview),   cmocka_unit_test(test_scan),
        cmocka_unit_test(test_data),       cmocka_unit_test(test_pg_same_rows),
        cmocka_unit_test(test_pg_bad_key),
    };
    pg_base_url = getenv("BEIAN_TEST_PG_URL");
    if (!pg_base_url || !*pg_base_url) {
        printf("PostgreSQL part skipped: BEIAN_TEST_PG_URL not set\n");
        return cmocka_run_group_tests(tests, gen_setup, gen_teardown);
    }
    return cmocka_run_group_tests(with_pg, gen_setup, gen_teardown);
}
