/*
** `beian dev generate` (app/generate.c) on a fresh SQLite database: the
** rows it reports are the rows written, they hold together (foreign keys,
** the queue each application waits in, unique numbers and domains), the
** filings it seals are valid filings, and the model reads them back: the
** reviewers' queues, an application of every kind and state, a customer's
** overview, the shared scan.
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
    GenOptions o = {.applications = APPS,
                    .seed = 7,
                    .templates = 3,
                    .batch = 700, /* several batches, one of them cut short */
                    .password = "Generated-Pass-2026"};
    if (generate_run(x->f.db, &o, &x->st) != 0) return -1;
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

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rows),  cmocka_unit_test(test_mix),      cmocka_unit_test(test_queue),
        cmocka_unit_test(test_views), cmocka_unit_test(test_overview), cmocka_unit_test(test_scan),
        cmocka_unit_test(test_data),
    };
    return cmocka_run_group_tests(tests, gen_setup, gen_teardown);
}
