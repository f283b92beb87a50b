/*
** The database layer on PostgreSQL: the shared driver conformance checks
** (db_conformance.h), each in a fresh schema of the database named by
** BEIAN_TEST_PG_URL, plus reconnection after the server dropped the
** connection. Without BEIAN_TEST_PG_URL the program reports a skip (77).
** tools/pg-test-cluster.sh starts a throwaway server:
**   tools/pg-test-cluster.sh run ctest -R test_db_pg
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

#include "core/err.h"
#include "core/log.h"
#include "db/db.h"
#include "db/db_util.h"
#include "db_conformance.h"

static const char *pg_base_url;
static int pg_schema_seq;

typedef struct PgFix {
    ConfFixture f;
    Db *admin;
    char schema[64];
} PgFix;

/* Each test works in its own schema, named through the connection's
** search_path so that reconnections (PQreset) keep it. */
static int pg_setup(void **state) {
    PgFix *x = calloc(1, sizeof *x);
    x->admin = db_open(pg_base_url);
    if (!x->admin) return -1;
    snprintf(x->schema, sizeof x->schema, "beian_t%d_%d", (int)getpid(), ++pg_schema_seq);
    char sql[160];
    snprintf(sql, sizeof sql, "DROP SCHEMA IF EXISTS %s CASCADE", x->schema);
    if (db_exec(x->admin, sql, NULL) < 0) return -1;
    snprintf(sql, sizeof sql, "CREATE SCHEMA %s", x->schema);
    if (db_exec(x->admin, sql, NULL) < 0) return -1;
    snprintf(x->f.url, sizeof x->f.url, "%s%coptions=-csearch_path%%3D%s", pg_base_url,
             strchr(pg_base_url, '?') ? '&' : '?', x->schema);
    x->f.db = db_open(x->f.url);
    if (!x->f.db) return -1;
    x->f.priv = x;
    *state = &x->f;
    return 0;
}

static int pg_teardown(void **state) {
    PgFix *x = (PgFix *)*state;
    db_close(x->f.db);
    char sql[160];
    snprintf(sql, sizeof sql, "DROP SCHEMA %s CASCADE", x->schema);
    db_exec(x->admin, sql, NULL);
    db_close(x->admin);
    free(x);
    return 0;
}

static void test_pg_settings(void **state) {
    ConfFixture *f = *state;
    Arena a;
    arena_init(&a);
    assert_true(db_is_postgres(f->db));
    assert_string_equal(f->db->drv->name, "postgres");
    DbStmt *st;
    assert_int_equal(db_query(f->db, &st, "SHOW lock_timeout", NULL), DB_ROW);
    assert_string_equal(db_col_text(st, &a, 0), "5s");
    db_done(st);
    assert_int_equal(db_query(f->db, &st, "SHOW client_encoding", NULL), DB_ROW);
    assert_string_equal(db_col_text(st, &a, 0), "UTF8");
    db_done(st);
    /* Booleans read as 0/1. */
    int64_t v = -1;
    assert_int_equal(db_query_i64(f->db, &v, "SELECT 2 > 1", NULL), DB_ROW);
    assert_int_equal(v, 1);
    assert_int_equal(db_query_i64(f->db, &v, "SELECT 2 < 1", NULL), DB_ROW);
    assert_int_equal(v, 0);
    arena_free(&a);
}

typedef struct IsoCtx {
    char level[32];
    char ro[8];
} IsoCtx;

static int read_isolation(Db *db, void *ctx) {
    IsoCtx *c = ctx;
    Arena a;
    arena_init(&a);
    DbStmt *st;
    DbRc rc = db_query(db, &st,
                       "SELECT current_setting('transaction_isolation'),"
                       " current_setting('transaction_read_only')",
                       NULL);
    if (rc == DB_ROW) {
        snprintf(c->level, sizeof c->level, "%s", db_col_text(st, &a, 0));
        snprintf(c->ro, sizeof c->ro, "%s", db_col_text(st, &a, 1));
    }
    if (rc >= 0) db_done(st);
    arena_free(&a);
    return rc < 0 ? db_err(rc) : 0;
}

static void test_pg_isolation(void **state) {
    ConfFixture *f = *state;
    IsoCtx c = {0};
    assert_int_equal(db_tx(f->db, read_isolation, &c), 0);
    assert_string_equal(c.level, "serializable");
    assert_string_equal(c.ro, "off");
    assert_int_equal(db_tx_read(f->db, read_isolation, &c), 0);
    assert_string_equal(c.level, "repeatable read");
    assert_string_equal(c.ro, "on");
}

static int insert_one(Db *db, void *ctx) {
    (void)ctx;
    DbRc rc = db_exec(db, "INSERT INTO r (x) VALUES (1)", NULL);
    return rc < 0 ? db_err(rc) : 0;
}

/* The server drops the connection (as in a restart) while the node idles:
** the next transaction and the next plain statement reconnect, and cached
** statements are prepared again on the new connection. */
static void test_pg_reconnect(void **state) {
    ConfFixture *f = *state;
    PgFix *x = f->priv;
    assert_int_equal(db_exec(f->db, "CREATE TABLE r (x INTEGER)", NULL), DB_DONE);
    assert_int_equal(db_tx(f->db, insert_one, NULL), 0);
    int cache = f->db->drv->xCacheSize(f->db);
    for (int round = 0; round < 2; round++) {
        int64_t pid = 0, killed = 0;
        assert_int_equal(db_query_i64(f->db, &pid, "SELECT pg_backend_pid()", NULL), DB_ROW);
        assert_int_equal(
            db_query_i64(x->admin, &killed, "SELECT pg_terminate_backend(?)", "i", pid), DB_ROW);
        assert_int_equal(killed, 1);
        conf_sleep_ms(50);
        if (round == 0) {
            assert_int_equal(db_tx(f->db, insert_one, NULL), 0);
        } else {
            int64_t n = 0;
            assert_int_equal(db_query_i64(f->db, &n, "SELECT count(*) FROM r", NULL), DB_ROW);
            assert_int_equal(n, 2);
        }
        int64_t pid2 = 0;
        assert_int_equal(db_query_i64(f->db, &pid2, "SELECT pg_backend_pid()", NULL), DB_ROW);
        assert_true(pid2 != pid);
    }
    assert_int_equal(conf_count(f->db, "r"), 2);
    assert_int_equal(f->db->drv->xCacheSize(f->db), cache + 2);
}

typedef struct SerCtx {
    Db *other;
    int calls;
    bool swallow;
} SerCtx;

/* Reads a row, lets another connection update and commit it, then updates
** it too: SERIALIZABLE reports 40001 and db_tx reruns the function. */
static int update_after_read(Db *db, void *ctx) {
    SerCtx *c = ctx;
    c->calls++;
    int64_t v = 0;
    DbRc rc = db_query_i64(db, &v, "SELECT v FROM s WHERE id = 1", NULL);
    if (rc < 0) return db_err(rc);
    if (c->calls == 1 && db_exec(c->other, "UPDATE s SET v = v + 1 WHERE id = 1", NULL) != DB_DONE)
        return -ERR_INTERNAL;
    rc = db_exec(db, "UPDATE s SET v = v + 10 WHERE id = 1", NULL);
    if (c->swallow) return 0; /* a careless fn: db_tx must still retry */
    return rc < 0 ? db_err(rc) : 0;
}

static void test_pg_serialization(void **state) {
    ConfFixture *f = *state;
    assert_int_equal(db_exec(f->db, "CREATE TABLE s (id INTEGER PRIMARY KEY, v BIGINT)", NULL),
                     DB_DONE);
    assert_int_equal(db_exec(f->db, "INSERT INTO s (id, v) VALUES (1, 0)", NULL), DB_DONE);
    SerCtx c = {.other = conf_open2(f->url)};
    uint64_t before = db_tx_retries_total();
    assert_int_equal(db_tx(f->db, update_after_read, &c), 0);
    assert_int_equal(c.calls, 2);
    assert_int_equal(db_tx_retries_total() - before, 1);
    c = (SerCtx){.other = c.other, .swallow = true};
    assert_int_equal(db_tx(f->db, update_after_read, &c), 0);
    assert_int_equal(c.calls, 2);
    int64_t v = 0;
    assert_int_equal(db_query_i64(f->db, &v, "SELECT v FROM s WHERE id = 1", NULL), DB_ROW);
    assert_int_equal(v, 22); /* each run: +1 by the other, +10 once */
    db_close(c.other);
}

/* Texts that COPY's text format must carry unchanged. */
static const char *const copy_texts[] = {
    "",
    "plain",
    "a\tb",
    "two\nlines",
    "cr\r",
    "\r\n",
    "\\",
    "\\N",
    "\\.",
    "\\t",
    "ends with a backslash\\",
    "广东省深圳市南山区科技园\t（一期）",
    "ʻOkina 😀 e\u0301",
    "dGhlIHNlYWxlZCB2YWx1ZXM=+/",
    "\x01\x1f\x7f\v\f",
    "'quote' \"double\" ,;|",
};
#define NTEXTS (sizeof copy_texts / sizeof *copy_texts)

static int copy_bad_row(Db *db, void *ctx) {
    (void)ctx;
    DbRc rc = db_copy_begin(db, "c", "id, t, n, b");
    if (rc < 0) return db_err(rc);
    static const char rows[] = "900\tok\t1\t1\n901\tbad\tnot a number\t0\n";
    rc = db_copy_put(db, rows, sizeof rows - 1);
    DbRc end = db_copy_end(db, NULL);
    return db_err(rc < 0 ? rc : end);
}

/* db_copy_*: every text comes back byte for byte, NULL stays NULL and ''
** stays '', integers and booleans as bound ones would; a row may be split
** across puts; a bad value or an abandoned COPY keeps no row of it and
** fails the transaction it is in; the connection goes on. */
static void test_pg_copy(void **state) {
    ConfFixture *f = *state;
    assert_true(db_can_copy(f->db));
    assert_int_equal(db_exec(f->db,
                             "CREATE TABLE c (id INTEGER PRIMARY KEY, t TEXT, n BIGINT, b BOOLEAN)",
                             NULL),
                     DB_DONE);
    Buf rows;
    buf_init(&rows, NULL);
    for (size_t i = 0; i < NTEXTS; i++) {
        buf_printf(&rows, "%zu\t", i + 1);
        db_copy_escape(&rows, copy_texts[i], strlen(copy_texts[i]));
        buf_printf(&rows, "\t%lld\t%d\n", (long long)(i * 1000003) - 5, (int)(i % 2));
    }
    buf_puts(&rows, "100\t\\N\t\\N\t\\N\n");
    buf_puts(&rows, "101\t\t-9223372036854775807\t0\n");
    assert_int_equal(db_copy_begin(f->db, "c", "id, t, n, b"), DB_DONE);
    /* In pieces of 7 bytes: rows and escapes cut anywhere. */
    for (size_t at = 0; at < rows.len; at += 7)
        assert_int_equal(db_copy_put(f->db, rows.data + at, rows.len - at < 7 ? rows.len - at : 7),
                         DB_DONE);
    assert_int_equal(db_copy_end(f->db, NULL), DB_DONE);
    buf_free(&rows);

    Arena a;
    arena_init(&a);
    DbStmt *st;
    assert_int_equal(db_query(f->db, &st, "SELECT id, t, n, b FROM c ORDER BY id", NULL), DB_ROW);
    for (size_t i = 0; i < NTEXTS; i++) {
        assert_int_equal(db_col_i64(st, 0), (int64_t)i + 1);
        assert_string_equal(db_col_text(st, &a, 1), copy_texts[i]);
        assert_int_equal(db_col_i64(st, 2), (int64_t)(i * 1000003) - 5);
        assert_int_equal(db_col_i64(st, 3), (int64_t)(i % 2));
        assert_int_equal(db_step(st), DB_ROW);
    }
    assert_int_equal(db_col_i64(st, 0), 100);
    assert_true(db_col_null(st, 1) && db_col_null(st, 2) && db_col_null(st, 3));
    assert_int_equal(db_step(st), DB_ROW);
    assert_string_equal(db_col_text(st, &a, 1), "");
    assert_int_equal(db_col_i64(st, 2), -INT64_MAX);
    assert_int_equal(db_step(st), DB_DONE);
    db_done(st);
    /* The same texts bound as parameters compare equal to the copied ones. */
    for (size_t i = 0; i < NTEXTS; i++) {
        int64_t id = 0;
        assert_int_equal(
            db_query_i64(f->db, &id, "SELECT id FROM c WHERE t = ?", "t", copy_texts[i]), DB_ROW);
        assert_int_equal(id, (int64_t)i + 1);
    }
    arena_free(&a);
    int64_t before = conf_count(f->db, "c");

    /* A bad value: no row of that COPY, and the transaction fails. */
    log_set_level((LogLevel)(LOG_ERROR + 1)); /* the refusals below are expected */
    assert_int_equal(db_tx(f->db, copy_bad_row, NULL), -ERR_DB);
    assert_int_equal(db_copy_begin(f->db, "c", "id, t, n, b"), DB_DONE);
    assert_int_equal(db_copy_put(f->db, "902\tx\t1\t1\n", 11), DB_DONE);
    assert_int_equal(db_copy_end(f->db, "given up"), DB_HARD);
    assert_int_equal(db_copy_begin(f->db, "no_such_table", "id"), DB_HARD);
    log_set_level(LOG_WARN);
    assert_int_equal(conf_count(f->db, "c"), before);
    int64_t v = 0;
    assert_int_equal(db_query_i64(f->db, &v, "SELECT 41 + 1", NULL), DB_ROW);
    assert_int_equal(v, 42);
}

int main(void) {
    pg_base_url = getenv("BEIAN_TEST_PG_URL");
    if (!pg_base_url || !*pg_base_url) {
        printf("skipped: BEIAN_TEST_PG_URL not set\n");
        return 77;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_pg_settings, pg_setup, pg_teardown),
        cmocka_unit_test_setup_teardown(test_pg_isolation, pg_setup, pg_teardown),
        cmocka_unit_test_setup_teardown(test_pg_reconnect, pg_setup, pg_teardown),
        cmocka_unit_test_setup_teardown(test_pg_serialization, pg_setup, pg_teardown),
        cmocka_unit_test_setup_teardown(test_pg_copy, pg_setup, pg_teardown),
        CONF_TESTS(pg_setup, pg_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
