/*
** The plans of the reviewers' queues (issue 13, item 1, for the queue's
** statements): on a database of `beian dev generate` (20,000 applications,
** statistics gathered), every statement the queue model assembles (each
** queue, every combination of its filters, each kind of search, paging by
** key) and its counts are explained, and a full scan of applications,
** subjects, sites, accounts or audit_log fails the test.
**
**   SQLite: EXPLAIN QUERY PLAN, with statistics and without them (a
**           database nobody ran ANALYZE on);
**   PostgreSQL (when BEIAN_TEST_PG_URL is set, in a schema of its own):
**           EXPLAIN, custom plans and generic plans.
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

#include "app/generate.h"
#include "db/db_util.h"
#include "model/review_queue.h"
#include "model_fixture.h"
#include "plan_ops.h"
#include "plan_writes.h"

#define APPS 20000

typedef struct PlanFix {
    ModelFix f;
    char dir[256];     /* SQLite */
    Db *admin;         /* PostgreSQL */
    char schema[64];   /* PostgreSQL */
    char number[32];   /* an application number */
    char subject[64];  /* a subject number */
    char site[64];     /* a site number */
    char domain[128];  /* a domain */
    char name[64];     /* the start of a subject's name */
    int64_t reviewer;  /* a reviewer's account */
    size_t statements; /* explained so far */
    Recorded reads;    /* the statements of the operations (plan_ops.h) */
    Recorded writes;   /* and of the writes (plan_writes.h) */
} PlanFix;

/* ---- what is searched for --------------------------------------------- */

static void pick(Db *db, const char *sql, char *out, size_t cap) {
    Arena a;
    arena_init(&a);
    DbStmt *st;
    assert_int_equal(db_query(db, &st, sql, NULL), DB_ROW);
    snprintf(out, cap, "%s", db_col_text(st, &a, 0));
    db_done(st);
    arena_free(&a);
}

static void pick_terms(PlanFix *x) {
    Db *db = x->f.db;
    pick(db, "SELECT min(number) FROM applications WHERE queue = 'new'", x->number,
         sizeof x->number);
    pick(db, "SELECT min(subject_number) FROM subjects", x->subject, sizeof x->subject);
    pick(db, "SELECT min(site_number) FROM sites", x->site, sizeof x->site);
    pick(db, "SELECT min(domain) FROM sites WHERE domain <> ''", x->domain, sizeof x->domain);
    char name[128];
    pick(db, "SELECT min(name) FROM subjects WHERE nature = 'enterprise'", name, sizeof name);
    snprintf(x->name, sizeof x->name, "%.6s", name); /* two characters */
    assert_int_equal(db_query_i64(db, &x->reviewer,
                                  "SELECT min(id) FROM accounts WHERE role = 'reviewer'", NULL),
                     DB_ROW);
}

/* The recorded statements live as long as the database (the trace points
** at them until an operation's end, or a failed assertion's teardown). */
static void recording_init(PlanFix *x) {
    pthread_mutex_init(&x->reads.lock, NULL);
    pthread_mutex_init(&x->writes.lock, NULL);
}

static void recording_free(PlanFix *x) {
    db_trace(NULL, NULL);
    recorded_free(&x->reads);
    recorded_free(&x->writes);
}

static int generate(PlanFix *x) {
    GenOptions o = {.applications = APPS, .seed = 11, .templates = 2, .password = "Plan-Pass-2026"};
    GenStats st;
    if (generate_run(x->f.db, &o, &st) != 0) return -1;
    pick_terms(x);
    return 0;
}

/* ---- explaining --------------------------------------------------------- */

/* Does a line of a plan read a whole table (or the whole of one of its
** indexes)? The queue's statements name applications a, a2, a3, subjects s,
** s2, accounts c; the rest are the results of subqueries. SQLite says SCAN
** for the in-order read of applications_waiting, the partial index of the
** waiting applications only (a few in a hundred; migration 0018), which a
** page reads until its 50 rows pass: a range, like the SEARCH of one queue
** in 0008's indexes, and accepted as such. */
static bool waiting_range(const char *line) {
    static const char *const ways[] = {"USING INDEX applications_waiting",
                                       "USING COVERING INDEX applications_waiting", NULL};
    const char *p = strchr(line + 5, ' ');
    for (int i = 0; p && ways[i]; i++) {
        size_t n = strlen(ways[i]);
        if (!strncmp(p + 1, ways[i], n) && (p[1 + n] == ' ' || p[1 + n] == 0)) return true;
    }
    return false;
}

static bool full_scan(bool pg, const char *line) {
    static const char *const tables[] = {
        "applications", "subjects", "sites", "accounts", "audit_log", "a",
        "a2",           "a3",       "s",     "s2",       "c",         NULL};
    const char *p = line;
    if (pg) {
        p = strstr(line, "Seq Scan on ");
        if (!p) return false;
        p += strlen("Seq Scan on ");
    } else {
        if (strncmp(p, "SCAN ", 5) != 0 || waiting_range(line)) return false;
        p += 5;
    }
    for (int i = 0; tables[i]; i++) {
        size_t n = strlen(tables[i]);
        if (!strncmp(p, tables[i], n) && (p[n] == ' ' || p[n] == 0)) return true;
    }
    return false;
}

/* Explain sql with its parameters into plan (one line a step); true when
** it reads a whole table. */
static bool scans(PlanFix *x, Arena *a, const char *sql, const char *fmt, const int64_t *ints,
                  const char *const *texts, Buf *plan) {
    Db *db = x->f.db;
    bool pg = db_is_postgres(db);
    char *q = arena_printf(a, "%s%s", pg ? "EXPLAIN " : "EXPLAIN QUERY PLAN ", sql);
    DbStmt *st;
    assert_int_equal(db_prepare(db, q, &st), DB_DONE);
    for (size_t i = 0; fmt[i]; i++) {
        if (fmt[i] == 'i')
            db_bind_i64(st, (int)i + 1, ints[i]);
        else
            db_bind_text(st, (int)i + 1, texts[i]);
    }
    bool bad = false;
    DbRc rc = db_step(st);
    while (rc == DB_ROW) {
        const char *line = db_col_text(st, a, pg ? 0 : 3);
        buf_printf(plan, "    %s\n", line);
        bad = bad || full_scan(pg, line);
        rc = db_step(st);
    }
    db_done(st);
    assert_int_equal(rc, DB_DONE);
    assert_true(plan->len > 0); /* a plan was read */
    x->statements++;
    return bad;
}

/* Fail, printing the statement and its plan, on a full scan. */
static void explain(PlanFix *x, const char *label, const char *sql, const char *fmt,
                    const int64_t *ints, const char *const *texts) {
    Arena a;
    arena_init(&a);
    Buf plan;
    buf_init(&plan, &a);
    if (scans(x, &a, sql, fmt, ints, texts, &plan)) {
        print_message("%s: a full scan in\n  %s\n%s", label, sql, plan.data);
        fail();
    }
    arena_free(&a);
}

/* Does the plan sort rows? A page without a search reads its range of an
** index in the queue's order and stops at its rows; a sort there would
** read the whole queue (or province, kind...) first. PostgreSQL is not
** held to this: it sorts when its statistics say few rows pass a filter
** (one on commercial, say), and reads an index in order otherwise, so what
** it reads is bounded by its estimate of the rows that pass. */
static bool sorts(bool pg, const char *plan) {
    return !pg && strstr(plan, "USE TEMP B-TREE FOR ORDER BY") != NULL;
}

/* Does the plan read the range of principals' names of all applications
** where the queue's own partial index (applications_queue_principal) has
** it over the waiting ones only? (A name search read every application
** whose principal's name starts so: 13 ms p99 at 1,000,000.) */
static bool whole_range(const char *plan) {
    return strstr(plan, "INDEX applications_principal ") ||
           strstr(plan, "applications_principal on");
}

/* Does a page of all waiting applications without a search look its rows
** up in the table? The waiting indexes carry every column the page shows
** (migration 0019): at 1,000,000 the lookups were a fifth of the page's
** statement. SQLite's plan says COVERING when it reads none; PostgreSQL
** chooses between an index-only scan and a lookup by its visibility map, so
** it is not held to this. */
static bool uncovered(bool pg, const QueueFilter *f, const char *plan) {
    return !pg && f->queue == QUEUE_ALL && (!f->q || !*f->q) &&
           !strstr(plan, "USING COVERING INDEX applications_waiting");
}

static void explain_page(PlanFix *x, const char *label, const QueueFilter *f) {
    Arena a;
    arena_init(&a);
    QueueSql *s = ARENA_NEW(&a, QueueSql, 1);
    assert_int_equal(queue_page_sql(&a, f, time_now(), s), 0);
    explain(x, label, s->sql, s->fmt, s->ints, s->texts);
    Buf plan;
    buf_init(&plan, &a);
    scans(x, &a, s->sql, s->fmt, s->ints, s->texts, &plan);
    if ((!f->q || !*f->q) && sorts(db_is_postgres(x->f.db), plan.data)) {
        print_message("%s: the page sorts its queue\n  %s\n%s", label, s->sql, plan.data);
        fail();
    }
    if (whole_range(plan.data)) {
        print_message(
            "%s: the page reads a range of all applications, not of the queue's\n  %s\n%s", label,
            s->sql, plan.data);
        fail();
    }
    if (uncovered(db_is_postgres(x->f.db), f, plan.data)) {
        print_message("%s: the page looks its rows up in the table\n  %s\n%s", label, s->sql,
                      plan.data);
        fail();
    }
    arena_free(&a);
}

/* ---- the statements ----------------------------------------------------- */

/* Every combination of the filters, in every queue, without a search. */
static void all_filters(PlanFix *x, const char *label) {
    static const int commercial[] = {-1, 0, 1};
    for (ReviewQueue q = QUEUE_ALL; q < QUEUE__COUNT; q++)
        for (int bits = 0; bits < 16; bits++)
            for (int c = 0; c < 3; c++)
                for (int when = 0; when < 3; when++)
                    for (QueueClaim claim = CLAIM_ANY; claim <= CLAIM_UNCLAIMED; claim++) {
                        QueueFilter f = {.queue = q,
                                         .kind = bits & 1 ? KIND_NEW_SITE : 0,
                                         .province = bits & 2 ? 44 : 0,
                                         .nature = bits & 4 ? NATURE_GOVERNMENT : 0,
                                         .commercial = commercial[c],
                                         .min_days = when == 1 ? 3 : 0,
                                         .overdue = when == 2,
                                         .limit_hours = 24,
                                         .claim = claim,
                                         .me = x->reviewer,
                                         .q = "",
                                         .after_at = bits & 8 ? time_now() - 86400 : 0,
                                         .after_id = bits & 8 ? 1000 : 0};
                        explain_page(x, label, &f);
                    }
}

/* Each kind of search, in every queue, alone and with filters. */
static void all_searches(PlanFix *x, const char *label) {
    const char *terms[] = {x->number, x->subject, x->site, x->domain, x->name, "王", NULL};
    for (ReviewQueue q = QUEUE_ALL; q < QUEUE__COUNT; q++)
        for (int t = 0; terms[t]; t++)
            for (int bits = 0; bits < 8; bits++) {
                QueueFilter f = {.queue = q,
                                 .kind = bits & 1 ? KIND_FIRST_FILING : 0,
                                 .province = bits & 1 ? 33 : 0,
                                 .commercial = -1,
                                 .claim = bits & 2 ? CLAIM_MINE : CLAIM_ANY,
                                 .me = x->reviewer,
                                 .q = terms[t],
                                 .after_at = bits & 4 ? time_now() - 86400 : 0,
                                 .after_id = bits & 4 ? 1000 : 0};
                explain_page(x, label, &f);
            }
}

static void all_counts(PlanFix *x, const char *label) {
    for (ReviewQueue q = QUEUE_NEW; q < QUEUE__COUNT; q++) {
        const char *texts[] = {review_queue_id(q), NULL, NULL};
        const int64_t capped[] = {0, QUEUE_COUNT_CAP};
        const int64_t mine[] = {0, x->reviewer};
        const int64_t overdue[] = {0, time_now() - 86400, QUEUE_COUNT_CAP};
        explain(x, label, queue_count_sql[0], "ti", capped, texts);
        explain(x, label, queue_count_sql[1], "ti", mine, texts);
        explain(x, label, queue_count_sql[2], "tii", overdue, texts);
    }
}

static void all_statements(PlanFix *x, const char *label) {
    size_t before = x->statements;
    all_filters(x, label);
    all_searches(x, label);
    all_counts(x, label);
    print_message("%s: %zu statements explained, no full scan\n", label, x->statements - before);
}

/* ---- SQLite ------------------------------------------------------------- */

static int sq_setup(void **state) {
    PlanFix *x = calloc(1, sizeof *x);
    snprintf(x->dir, sizeof x->dir, "%s/beian-plans-XXXXXX",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(x->dir)) return -1;
    snprintf(x->f.url, sizeof x->f.url, "sqlite:%s/plans.db", x->dir);
    x->f.db = db_open(x->f.url);
    if (!x->f.db || mf_ready(&x->f) != 0 || generate(x) != 0) return -1;
    recording_init(x);
    *state = x;
    return 0;
}

static int sq_teardown(void **state) {
    PlanFix *x = *state;
    recording_free(x);
    mf_release(&x->f);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", x->dir);
    int rc = system(cmd);
    free(x);
    return rc == 0 ? 0 : -1;
}

static void test_sqlite_analyzed(void **state) {
    PlanFix *x = *state;
    int64_t stats = 0;
    assert_int_equal(db_query_i64(x->f.db, &stats, "SELECT count(*) FROM sqlite_stat1", NULL),
                     DB_ROW);
    assert_true(stats > 20);
    all_statements(x, "SQLite, with statistics");
}

/* What a database that never ran ANALYZE gets (statistics forgotten on a
** fresh connection). */
static void test_sqlite_no_statistics(void **state) {
    PlanFix *x = *state;
    assert_true(db_exec(x->f.db, "DELETE FROM sqlite_stat1", NULL) >= 0);
    db_close(x->f.db);
    x->f.db = db_open(x->f.url);
    assert_non_null(x->f.db);
    all_statements(x, "SQLite, without statistics");
}

/* The test can fail: a statement that reads the whole queue table is
** caught. */
static void test_detects_full_scan(void **state) {
    PlanFix *x = *state;
    assert_true(full_scan(false, "SCAN a"));
    assert_true(full_scan(false, "SCAN applications USING COVERING INDEX applications_state"));
    assert_false(full_scan(false, "SCAN q1"));
    assert_false(full_scan(false, "SEARCH a USING INDEX applications_queue (queue=?)"));
    assert_true(full_scan(true, "  ->  Seq Scan on subjects s  (cost=0.00..1.00 rows=1)"));
    assert_false(full_scan(true, "  ->  Index Scan using subjects_pkey on subjects s"));
    Arena a;
    arena_init(&a);
    Buf plan;
    buf_init(&plan, &a);
    assert_true(scans(x, &a, "SELECT count(*) FROM applications WHERE steps_done = ''", "", NULL,
                      NULL, &plan));
    arena_free(&a);
}

/* ---- the counts stop at their cap ---------------------------------------- */

static int64_t exact(Db *db, const char *sql, const char *queue, int64_t arg) {
    int64_t n = 0;
    assert_int_equal(db_query_i64(db, &n, sql, "ti", queue, arg), DB_ROW);
    return n;
}

/* Below the cap the counts are exact; at it they stop and say so (at
** 20,000 applications the new queue holds more than the cap of 500). */
static void test_counts_capped(void **state) {
    PlanFix *x = *state;
    Db *db = x->f.db;
    int64_t now = time_now(), limit = now - 24 * 3600;
    QueueCounts c = {.me = x->reviewer, .now = now, .limit_hours = 24};
    assert_int_equal(db_tx_read(db, queue_counts, &c), 0);
    int64_t all = 0, overdue = 0;
    for (ReviewQueue q = QUEUE_NEW; q < QUEUE__COUNT; q++) {
        const char *id = review_queue_id(q);
        int64_t n = exact(db, "SELECT count(*) FROM applications WHERE queue = ? AND ? = 0", id, 0);
        int64_t late = exact(db,
                             "SELECT count(*) FROM applications WHERE queue = ? "
                             "AND submitted_at <= ?",
                             id, limit);
        int64_t cap = QUEUE_COUNT_CAP;
        assert_true(n > 20);
        assert_int_equal(c.count[q], n < cap ? n : cap);
        assert_int_equal(c.more[q], n >= cap);
        if (q != QUEUE_TO_SEND) all += n < cap ? n : cap, overdue += late < cap ? late : cap;
    }
    assert_int_equal(c.count[QUEUE_ALL], all);
    assert_int_equal(c.overdue, overdue);
    assert_true(overdue > 20);
    QueueCounts small = {.me = x->reviewer, .now = now, .limit_hours = 24, .cap = 20};
    assert_int_equal(db_tx_read(db, queue_counts, &small), 0);
    for (ReviewQueue q = QUEUE_NEW; q < QUEUE__COUNT; q++) {
        assert_int_equal(small.count[q], 20);
        assert_true(small.more[q]);
    }
    assert_int_equal(small.count[QUEUE_ALL], 60);
    assert_true(small.more[QUEUE_ALL]);
    assert_true(small.overdue_more);
    assert_true(small.overdue <= 60);
    assert_int_equal(small.mine, c.mine); /* the reviewer's own claims: exact */
    QueueCounts tabs = {.me = x->reviewer, .now = now, .limit_hours = 24, .tabs_only = true};
    assert_int_equal(db_tx_read(db, queue_counts, &tabs), 0);
    assert_int_equal(tabs.count[QUEUE_ALL], all);
    assert_int_equal(tabs.overdue, 0);
}

/* ---- the model's operations (plan_ops.h, plan_writes.h) ----------------- */

/* The reads run on every call; the writes once on a database (they change
** it), followed by the reads again (what the writes made: a link's queue,
** new accounts, applications and messages). Every distinct statement
** recorded on the database so far is explained. */
static void all_operations(PlanFix *x, const char *label) {
    run_operations(x->f.db, &x->reads);
    if (!x->writes.n) {
        run_writes(x->f.db, &x->writes);
        run_operations(x->f.db, &x->reads);
    }
    size_t reads = 0, writes = 0;
    bool ok = explain_recorded(x->f.db, &x->reads, NULL, label, &reads);
    bool writes_ok = explain_recorded(x->f.db, &x->writes, &x->reads, label, &writes);
    print_message("%s: %zu statements of the operations explained, %zu more of the writes%s\n",
                  label, reads, writes, ok && writes_ok ? ", no full scan" : "");
    assert_true(reads > 60);
    assert_true(writes > 100);
    assert_true(ok && writes_ok);
}

static void test_sqlite_operations(void **state) {
    all_operations(*state, "SQLite operations, with statistics");
}

static void test_sqlite_operations_no_statistics(void **state) {
    all_operations(*state, "SQLite operations, without statistics");
}

/* The check of the operations can fail: a scan named by an alias is a scan
** of its table; a scan of a small table or of a subquery is not. */
static void test_operations_detect_full_scan(void **state) {
    PlanFix *x = *state;
    const char *sql = "SELECT x FROM accounts a LEFT JOIN accounts AS d ON d.id = a.decided_by";
    assert_true(op_full_scan(false, sql, "SCAN a"));
    assert_true(op_full_scan(false, sql, "SCAN d USING INDEX accounts_role_id"));
    assert_false(op_full_scan(false, sql, "SEARCH a USING INDEX accounts_role_id (role=?)"));
    assert_false(op_full_scan(false, "SELECT x FROM province_rules p", "SCAN p"));
    assert_false(op_full_scan(false, sql, "SCAN (subquery-1)"));
    assert_true(
        op_full_scan(false, "SELECT 1 FROM transitions WHERE note = ?", "SCAN transitions"));
    assert_true(op_full_scan(true, sql, "  ->  Seq Scan on accounts a  (cost=0.00..1.00 rows=1)"));
    assert_false(op_full_scan(true, sql, "  ->  Index Scan using accounts_pkey on accounts a"));
    /* Only the foreign-key check of an INSERT ... VALUES RETURNING into a
    ** table the scanned one refers to is not a scan of the data. */
    Arena a;
    arena_init(&a);
    const char *ins = "INSERT INTO accounts (login) VALUES (?) RETURNING id";
    assert_true(fk_child_scan(x->f.db, &a, ins, "SCAN applications"));
    assert_false(
        fk_child_scan(x->f.db, &a, ins, "SCAN applications USING INDEX applications_state"));
    assert_false(fk_child_scan(x->f.db, &a, ins, "SCAN sites"));
    assert_false(
        fk_child_scan(x->f.db, &a, "INSERT INTO accounts (login) VALUES (?)", "SCAN applications"));
    assert_false(fk_child_scan(x->f.db, &a,
                               "INSERT INTO accounts (login) SELECT login FROM accounts "
                               "RETURNING id",
                               "SCAN applications"));
    assert_false(
        fk_child_scan(x->f.db, &a, "DELETE FROM accounts WHERE id = ?", "SCAN applications"));
    arena_free(&a);
}

/* ---- PostgreSQL --------------------------------------------------------- */

static const char *pg_base_url;

static int pg_setup(void **state) {
    PlanFix *x = calloc(1, sizeof *x);
    x->admin = db_open(pg_base_url);
    if (!x->admin) return -1;
    snprintf(x->schema, sizeof x->schema, "beian_plans%d", (int)getpid());
    char sql[160];
    snprintf(sql, sizeof sql, "DROP SCHEMA IF EXISTS %s CASCADE", x->schema);
    if (db_exec(x->admin, sql, NULL) < 0) return -1;
    snprintf(sql, sizeof sql, "CREATE SCHEMA %s", x->schema);
    if (db_exec(x->admin, sql, NULL) < 0) return -1;
    snprintf(x->f.url, sizeof x->f.url, "%s%coptions=-csearch_path%%3D%s", pg_base_url,
             strchr(pg_base_url, '?') ? '&' : '?', x->schema);
    x->f.db = db_open(x->f.url);
    if (!x->f.db || mf_ready(&x->f) != 0 || generate(x) != 0) return -1;
    recording_init(x);
    *state = x;
    return 0;
}

static int pg_teardown(void **state) {
    PlanFix *x = *state;
    recording_free(x);
    mf_release(&x->f);
    char sql[160];
    snprintf(sql, sizeof sql, "DROP SCHEMA %s CASCADE", x->schema);
    db_exec(x->admin, sql, NULL);
    db_close(x->admin);
    free(x);
    return 0;
}

static void test_pg_custom(void **state) {
    PlanFix *x = *state;
    Arena a;
    arena_init(&a);
    Buf plan;
    buf_init(&plan, &a);
    assert_true(scans(x, &a, "SELECT count(*) FROM applications WHERE steps_done = ''", "", NULL,
                      NULL, &plan));
    arena_free(&a);
    all_statements(x, "PostgreSQL, custom plans");
}

static void test_pg_operations(void **state) {
    all_operations(*state, "PostgreSQL operations, generic plans");
}

static void test_pg_generic(void **state) {
    PlanFix *x = *state;
    assert_true(db_exec(x->f.db, "SET plan_cache_mode = force_generic_plan", NULL) >= 0);
    all_statements(x, "PostgreSQL, generic plans");
    assert_true(db_exec(x->f.db, "SET plan_cache_mode = auto", NULL) >= 0);
}

int main(void) {
    log_set_level(LOG_WARN);
    const struct CMUnitTest sqlite[] = {
        cmocka_unit_test(test_detects_full_scan),
        cmocka_unit_test(test_operations_detect_full_scan),
        cmocka_unit_test(test_sqlite_analyzed),
        cmocka_unit_test(test_counts_capped),
        cmocka_unit_test(test_sqlite_operations),
        cmocka_unit_test(test_sqlite_no_statistics),
        cmocka_unit_test(test_sqlite_operations_no_statistics),
    };
    int failed = cmocka_run_group_tests_name("queue plans, SQLite", sqlite, sq_setup, sq_teardown);
    pg_base_url = getenv("BEIAN_TEST_PG_URL");
    if (!pg_base_url || !*pg_base_url) {
        printf("PostgreSQL plans skipped: BEIAN_TEST_PG_URL not set\n");
        return failed;
    }
    const struct CMUnitTest pg[] = {
        cmocka_unit_test(test_pg_custom),
        cmocka_unit_test(test_pg_generic),
        cmocka_unit_test(test_counts_capped),
        cmocka_unit_test(test_pg_operations),
    };
    return failed +
           cmocka_run_group_tests_name("queue plans, PostgreSQL", pg, pg_setup, pg_teardown);
}
