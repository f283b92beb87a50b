/*
** The database layer on SQLite: the shared driver conformance checks
** (db_conformance.h) on a fresh temporary file per test, the SQLite
** connection settings, and the driver-independent pieces (URL parsing, the
** PostgreSQL placeholder rewrite, which is pure).
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

#include "core/buf.h"
#include "db/db.h"
#include "db/db_util.h"
#include "db_conformance.h"

typedef struct SqFix {
    ConfFixture f;
    char dir[256];
} SqFix;

static int sq_setup(void **state) {
    SqFix *x = calloc(1, sizeof *x);
    snprintf(x->dir, sizeof x->dir, "%s/beian-dbtest-XXXXXX",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(x->dir)) return -1;
    snprintf(x->f.url, sizeof x->f.url, "sqlite:%s/test.db", x->dir);
    x->f.db = db_open(x->f.url);
    if (!x->f.db) return -1;
    x->f.priv = x;
    *state = &x->f;
    return 0;
}

static int sq_teardown(void **state) {
    SqFix *x = (SqFix *)*state;
    db_close(x->f.db);
    const char *files[] = {"test.db", "test.db-wal", "test.db-shm"};
    for (int i = 0; i < 3; i++) {
        char p[300];
        snprintf(p, sizeof p, "%s/%s", x->dir, files[i]);
        unlink(p);
    }
    rmdir(x->dir);
    free(x);
    return 0;
}

static void test_sqlite_settings(void **state) {
    ConfFixture *f = *state;
    Arena a;
    arena_init(&a);
    DbStmt *st;
    assert_int_equal(db_query(f->db, &st, "PRAGMA journal_mode", NULL), DB_ROW);
    assert_string_equal(db_col_text(st, &a, 0), "wal");
    db_done(st);
    int64_t v = -1;
    assert_int_equal(db_query_i64(f->db, &v, "PRAGMA foreign_keys", NULL), DB_ROW);
    assert_int_equal(v, 1);
    assert_int_equal(db_query_i64(f->db, &v, "PRAGMA synchronous", NULL), DB_ROW);
    assert_int_equal(v, 1); /* NORMAL */
    assert_int_equal(db_query_i64(f->db, &v, "PRAGMA busy_timeout", NULL), DB_ROW);
    assert_int_equal(v, DB_BUSY_TIMEOUT_MS);
    assert_false(db_is_postgres(f->db));
    assert_string_equal(f->db->drv->name, "sqlite");

    /* Foreign keys are enforced. */
    assert_int_equal(db_exec(f->db, "CREATE TABLE p (id INTEGER PRIMARY KEY)", NULL), DB_DONE);
    assert_int_equal(
        db_exec(f->db, "CREATE TABLE c (id INTEGER PRIMARY KEY, p INTEGER REFERENCES p(id))", NULL),
        DB_DONE);
    assert_int_equal(db_exec(f->db, "INSERT INTO c (p) VALUES (?)", "i", (int64_t)7), DB_HARD);
    /* One statement per prepare. */
    assert_int_equal(db_exec(f->db, "SELECT 1; SELECT 2", NULL), DB_HARD);
    assert_int_equal(db_exec(f->db, "SELECT 1;  ", NULL), DB_ROW);
    arena_free(&a);
}

static void test_driver_for(void **state) {
    (void)state;
    const char *conn = NULL;
    assert_ptr_equal(db_driver_for("sqlite:/var/lib/beian.db", &conn), &db_sqlite_driver);
    assert_string_equal(conn, "/var/lib/beian.db");
    assert_ptr_equal(db_driver_for("data/beian.db", &conn), &db_sqlite_driver);
    assert_string_equal(conn, "data/beian.db");
    assert_ptr_equal(db_driver_for("postgres://u@h/db", &conn), &db_pg_driver);
    assert_string_equal(conn, "postgres://u@h/db");
    assert_ptr_equal(db_driver_for("postgresql://u:p@h:5433/db?sslmode=disable", &conn),
                     &db_pg_driver);
    assert_string_equal(conn, "postgresql://u:p@h:5433/db?sslmode=disable");
    assert_null(db_driver_for(NULL, &conn));
    assert_null(db_open(""));
    assert_null(db_open("sqlite:/nonexistent-dir/x/y.db"));

    /* An in-memory database works (it cannot use WAL). */
    Db *db = db_open("sqlite::memory:");
    assert_non_null(db);
    int64_t v = 0;
    assert_int_equal(db_query_i64(db, &v, "SELECT ? * 2", "i", (int64_t)21), DB_ROW);
    assert_int_equal(v, 42);
    db_close(db);
}

static void check_rewrite(const char *in, const char *want, int want_n) {
    Buf b;
    buf_init(&b, NULL);
    int n = db_pg_rewrite(in, &b);
    assert_string_equal(b.data, want);
    assert_int_equal(n, want_n);
    buf_free(&b);
}

static void test_pg_rewrite(void **state) {
    (void)state;
    check_rewrite("SELECT 1", "SELECT 1", 0);
    check_rewrite("", "", 0);
    check_rewrite("UPDATE t SET a = ?, b = ? WHERE id = ?",
                  "UPDATE t SET a = $1, b = $2 WHERE id = $3", 3);
    check_rewrite("SELECT '?', ? FROM t", "SELECT '?', $1 FROM t", 1);
    check_rewrite("SELECT 'it''s ?', ?", "SELECT 'it''s ?', $1", 1);
    check_rewrite("SELECT \"we?ird\" FROM t WHERE x = ?", "SELECT \"we?ird\" FROM t WHERE x = $1",
                  1);
    check_rewrite("SELECT ? -- why?\n, ?", "SELECT $1 -- why?\n, $2", 2);
    check_rewrite("SELECT /* a /* nested? */ b? */ ?", "SELECT /* a /* nested? */ b? */ $1", 1);
    check_rewrite("VALUES (?,?,?,?,?,?,?,?,?,?,?)", "VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)",
                  11);
    /* Unterminated quotes and comments end at the end of the text. */
    check_rewrite("SELECT 'open ?", "SELECT 'open ?", 0);
    check_rewrite("SELECT ? /* open ?", "SELECT $1 /* open ?", 1);
    check_rewrite("SELECT 'x'?", "SELECT 'x'$1", 1);
}

static void check_escape(const char *in, const char *want) {
    Buf b;
    buf_init(&b, NULL);
    buf_puts(&b, "x"); /* appended to what is there */
    db_copy_escape(&b, in, strlen(in));
    assert_string_equal(b.data + 1, want);
    assert_int_equal(b.len, 1 + strlen(want));
    assert_int_equal(b.data[0], 'x');
    buf_free(&b);
}

/* COPY's text format: the four bytes that mean something are escaped, the
** rest (UTF-8 included) left alone; \N, \. and a lone backslash come out
** as texts, not as NULL or the end of the data. */
static void test_copy_escape(void **state) {
    (void)state;
    check_escape("", "");
    check_escape("plain text 123", "plain text 123");
    check_escape("a\tb", "a\\tb");
    check_escape("tab\there", "tab\\there");
    check_escape("line\nnext\r\n", "line\\nnext\\r\\n");
    check_escape("\\", "\\\\");
    check_escape("\\N", "\\\\N");
    check_escape("\\.", "\\\\.");
    check_escape("C:\\dir\\", "C:\\\\dir\\\\");
    check_escape("广东省深圳市南山区\t科技园", "广东省深圳市南山区\\t科技园");
    check_escape("\x01\x1f\x7f\v\f", "\x01\x1f\x7f\v\f");
    check_escape("dGVzdA==+/", "dGVzdA==+/");
    /* Only n bytes are read. */
    Buf b;
    buf_init(&b, NULL);
    db_copy_escape(&b, "ab\tc", 2);
    assert_string_equal(b.data, "ab");
    buf_free(&b);
    /* SQLite loads with INSERTs. */
    Db *db = db_open("sqlite::memory:");
    assert_non_null(db);
    assert_false(db_can_copy(db));
    db_close(db);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_driver_for),
        cmocka_unit_test(test_pg_rewrite),
        cmocka_unit_test(test_copy_escape),
        cmocka_unit_test_setup_teardown(test_sqlite_settings, sq_setup, sq_teardown),
        CONF_TESTS(sq_setup, sq_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
