/*
** The audit search at 1,000,000 rows, on either database (included by
** test_model_audit_plan.c for SQLite and test_model_pg_audit_plan.c for
** PostgreSQL): every filter of the admins' audit page, alone and combined,
** must read an index, never the whole log. The driver opens a migrated,
** empty database into `db`; plan_fill() writes a million log rows (and the
** accounts, subjects, sites and applications they are about), then the
** tests ask the database for the plan of the exact statements
** model/audit.c runs (EXPLAIN QUERY PLAN on SQLite, EXPLAIN on
** PostgreSQL), before and after ANALYZE: a full scan of audit_log (SQLite:
** `SCAN l`, `SCAN x`, `SCAN audit_log`; PostgreSQL: `Seq Scan on
** audit_log`) fails. Each search is also run and timed (printed, not
** asserted), and a date range is checked against a plain query of times.
*/
#ifndef BEIAN_TESTS_AUDIT_PLAN_BODY_H
#define BEIAN_TESTS_AUDIT_PLAN_BODY_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/arena.h"
#include "core/crypto.h"
#include "core/log.h"
#include "core/util.h"
#include "db/db.h"
#include "db/db_util.h"
#include "model/audit.h"
#include "model/schema.h"

#define ROWS 1000000
#define T0   1700000000 /* the first row's time; one row every 3 seconds */
#define DAY  86400

static Db *db; /* the driver's database */

static void exec(const char *sql) {
    DbRc rc = db_exec(db, sql, NULL);
    if (rc < 0) fail_msg("failed: %.200s", sql);
}

/* 2,000 customers with a subject each, 4,000 sites, 50,000 applications,
** and the log: logins, views, prints, failures... of those, one row every 3 s. */
static void fill(void) {
    exec("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) "
         "INSERT INTO accounts (id, login, email, mobile_enc, mobile_mask, account_type, "
         "display_name, role, status, password_hash, created_at, password_changed_at) "
         "SELECT i, 'user' || i, 'user' || i || '@example.com', 'x', '138****0000', 'individual', "
         "'u', 'customer', 'active', 'h', 0, 0 FROM n");
    exec("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) "
         "INSERT INTO subjects (id, account_id, origin, subject_number, name, created_at, "
         "updated_at) SELECT i, i, 'first_filing', '京ICP备' || (10000000 + i) || '号', "
         "'示例公司' || i, 0, 0 FROM n");
    exec("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 4000) "
         "INSERT INTO sites (id, subject_id, site_number, created_at, updated_at) "
         "SELECT i, 1 + i % 2000, '京ICP备' || (10000000 + 1 + i % 2000) || '号-' || (1 + i / "
         "2000), "
         "0, 0 FROM n");
    exec("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50000) "
         "INSERT INTO applications (id, number, subject_id, kind, state, created_by, created_at, "
         "updated_at) SELECT i, 'A2026-' || (100000 + i), 1 + i % 2000, 'first_filing', "
         "'draft', 1 + i % 2000, 0, 0 FROM n");
    exec("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000000) "
         "INSERT INTO audit_log (id, at, actor_id, actor_login, action, object_type, object_id, "
         "ip, request_id, detail) SELECT i, 1700000000 + 3 * i, "
         "CASE WHEN i % 10 = 0 THEN 0 ELSE 1 + (13 * i) % 2000 END, "
         "CASE WHEN i % 10 = 0 THEN NULL ELSE 'user' || (1 + (13 * i) % 2000) END, "
         "CASE WHEN i % 100000 = 17 THEN 'staff.role' WHEN i % 10 < 3 THEN 'login' "
         "WHEN i % 10 < 5 THEN 'application.view' WHEN i % 10 < 6 THEN 'application.save' "
         "WHEN i % 10 < 8 THEN 'file.view' WHEN i % 100 < 95 THEN 'form.print' "
         "ELSE 'login.failed' END, "
         "CASE WHEN i % 5 < 3 THEN 'application' ELSE 'account' END, "
         "CASE WHEN i % 5 < 3 THEN 1 + (7 * i) % 50000 ELSE 1 + (11 * i) % 2000 END, "
         "'10.0.0.1', 'r', NULL FROM n");
}

/* Fill the database (in one transaction), timing it. */
static void plan_fill(void) {
    int64_t t = time_mono_us();
    exec("BEGIN");
    fill();
    exec("COMMIT");
    print_message("[ INFO     ] %d audit rows written in %.1f s\n", ROWS,
                  (double)(time_mono_us() - t) / 1e6);
}

/* ---- Plans ------------------------------------------------------------ */

/* Does one line of a plan read the whole log? On SQLite its aliases: l
** (the rows), x (the subject filter's parts), or the bare table name. */
static bool full_scan(const char *detail) {
    if (db_is_postgres(db)) return strstr(detail, "Seq Scan on audit_log") != NULL;
    const char *scans[] = {"SCAN l", "SCAN x", "SCAN audit_log", NULL};
    for (int i = 0; scans[i]; i++) {
        size_t n = strlen(scans[i]);
        if (!strncmp(detail, scans[i], n) && (detail[n] == 0 || detail[n] == ' ')) return true;
    }
    return false;
}

/* EXPLAIN QUERY PLAN of s: print it, and fail on a full scan of the log. */
static void check_plan(Arena *a, const char *name, const AuditSql *s) {
    DbStmt *st;
    bool pg = db_is_postgres(db);
    const char *sql = arena_printf(a, pg ? "EXPLAIN %s" : "EXPLAIN QUERY PLAN %s", s->sql.data);
    assert_true(db_prepare(db, sql, &st) >= 0);
    for (int i = 0; i < s->nargs; i++) {
        if (s->args[i].type == 'i')
            db_bind_i64(st, i + 1, s->args[i].i);
        else
            db_bind_text(st, i + 1, s->args[i].t);
    }
    bool bad = false;
    print_message("[ PLAN     ] %s\n", name);
    for (DbRc rc = db_step(st); rc == DB_ROW; rc = db_step(st)) {
        const char *detail = db_col_text(st, a, pg ? 0 : 3);
        print_message("               %s\n", detail);
        if (full_scan(detail)) bad = true;
    }
    db_done(st);
    if (bad) fail_msg("%s: a full scan of audit_log", name);
}

/* A search of the page (and the plan of the two id-bound lookups). */
typedef struct Case {
    const char *name;
    AuditQuery q;
} Case;

static const int64_t day_from = T0 + 3 * 400000; /* a day in the middle of the log */

static const Case cases[] = {
    {"newest page", {0}},
    {"older page", {.before_id = 500000}},
    {"action (common)", {.action = "login"}},
    {"action (rare)", {.action = "staff.role"}},
    {"actor", {.actor_login = "user77"}},
    {"actor + action", {.actor_login = "user77", .action = "login.failed"}},
    {"actor + action, older page",
     {.actor_login = "user77", .action = "login", .before_id = 400000}},
    {"application", {.app_number = "A2026-112345"}},
    {"subject by number", {.subject = "京ICP备10000077号"}},
    {"subject by name", {.subject = "示例公司77"}},
    {"subject by site number", {.subject = "京ICP备10000077号-2"}},
    {"subject + action", {.subject = "示例公司77", .action = "login"}},
    {"dates", {.at_from = day_from, .at_to = day_from + DAY}},
    {"dates, older page", {.at_from = day_from, .at_to = day_from + DAY, .before_id = 400500}},
    {"from date", {.at_from = day_from}},
    {"to date", {.at_to = day_from}},
    {"dates + action (rare)",
     {.at_from = day_from, .at_to = day_from + 30 * DAY, .action = "staff.role"}},
    {"dates + actor", {.at_from = day_from, .at_to = day_from + DAY, .actor_login = "user77"}},
    {"dates + application", {.at_from = T0, .at_to = day_from, .app_number = "A2026-112345"}},
    {"dates + subject", {.at_from = T0, .at_to = day_from, .subject = "京ICP备10000077号"}},
    {"everything",
     {.at_from = T0,
      .at_to = day_from + DAY,
      .actor_login = "user77",
      .action = "login",
      .subject = "示例公司77",
      .app_number = "A2026-100077",
      .before_id = 900000}},
    {"object (account 77)", {.object_type = "account", .object_id = 77}},
};

static void plans(const char *when) {
    Arena a;
    arena_init(&a);
    print_message("[ INFO     ] plans %s\n", when);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        AuditSql s;
        /* The id bounds a date range gets (their value does not change the plan). */
        int64_t lo = cases[i].q.at_from ? 1000 : 0, hi = cases[i].q.at_to ? 999000 : 0;
        audit_search_sql(&a, &cases[i].q, lo, hi, &s);
        check_plan(&a, cases[i].name, &s);
    }
    AuditSql bound = {.args = {{.type = 'i', .i = day_from}}, .nargs = 1};
    buf_init(&bound.sql, &a);
    buf_puts(&bound.sql, AUDIT_SQL_LOW_ID);
    check_plan(&a, "low id of a date range", &bound);
    buf_reset(&bound.sql);
    buf_puts(&bound.sql, AUDIT_SQL_HIGH_ID);
    check_plan(&a, "high id of a date range", &bound);
    arena_free(&a);
}

static void test_plans_use_indexes(void **state) {
    (void)state;
    plans("without statistics");
    exec("ANALYZE");
    plans("after ANALYZE");
}

/* Every search runs at this size (its time printed), and answers a page. */
static void test_searches_run(void **state) {
    (void)state;
    Arena a;
    arena_init(&a);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        AuditRow *rows;
        size_t n;
        int64_t t = time_mono_us();
        assert_int_equal(audit_list(db, &a, &cases[i].q, &rows, &n), 0);
        print_message("[ TIME     ] %-40s %5zu rows %8.2f ms\n", cases[i].name, n,
                      (double)(time_mono_us() - t) / 1000.0);
        for (size_t k = 1; k < n; k++)
            assert_true(rows[k].id < rows[k - 1].id);
    }
    arena_free(&a);
}

/* A date range as ids finds exactly the rows a plain query of times does. */
static void test_date_range_exact(void **state) {
    (void)state;
    Arena a;
    arena_init(&a);
    AuditQuery q = {.at_from = day_from + 1, .at_to = day_from + 1000, .limit = 500};
    AuditRow *rows;
    size_t n;
    assert_int_equal(audit_list(db, &a, &q, &rows, &n), 0);
    DbStmt *st;
    DbRc rc =
        db_query(db, &st, "SELECT id FROM audit_log WHERE at >= ? AND at < ? ORDER BY id DESC",
                 "ii", q.at_from, q.at_to);
    size_t k = 0;
    for (; rc == DB_ROW; rc = db_step(st), k++) {
        assert_true(k < n);
        assert_int_equal(rows[k].id, db_col_i64(st, 0));
        assert_true(rows[k].at >= q.at_from && rows[k].at < q.at_to);
    }
    db_done(st);
    assert_int_equal(k, n);
    assert_int_equal(n, 333); /* one row every 3 seconds */
    arena_free(&a);
}

#define AUDIT_PLAN_TESTS                                                                           \
    cmocka_unit_test(test_plans_use_indexes), cmocka_unit_test(test_searches_run),                 \
        cmocka_unit_test(test_date_range_exact)

#endif
