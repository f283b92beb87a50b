/*
** The tables `beian db copy` and `beian backup` work on (app/dbcopy.h):
** every table of the migrated schema has a copy rule and comes after the
** tables it refers to; a table without a rule stops them; the checksum
** follows every value (NULL, empty text, integers, blobs) and the row
** order is the key's, whatever order rows were written in.
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

#include "app/dbcopy.h"
#include "core/err.h"
#include "model/schema.h"

static char dir[256];

static Db *fresh(const char *name) {
    char url[400];
    snprintf(url, sizeof url, "sqlite:%s/%s.db", dir, name);
    Db *db = db_open(url);
    assert_non_null(db);
    int applied = 0;
    assert_int_equal(schema_migrate(db, &applied), 0);
    return db;
}

static int position(const DbcTable *t, int n, const char *name) {
    for (int i = 0; i < n; i++)
        if (!strcmp(t[i].name, name)) return i;
    return -1;
}

static void test_every_table_has_a_rule(void **state) {
    (void)state;
    Db *db = fresh("rules");
    Arena a;
    arena_init(&a);
    DbcTable *t;
    int n;
    char why[512] = "";
    assert_int_equal(dbc_tables(db, &a, &t, &n, why, sizeof why), 0);
    int64_t all = 0;
    assert_int_equal(db_query_i64(db, &all,
                                  "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND "
                                  "name NOT LIKE 'sqlite%'",
                                  NULL),
                     DB_ROW);
    assert_int_equal(n, all);
    assert_string_equal(t[0].name, "schema_migrations");
    /* Each table comes after every table its foreign keys name. */
    for (int i = 0; i < n; i++) {
        DbStmt *st;
        char *sql = arena_printf(&a, "PRAGMA foreign_key_list(\"%s\")", t[i].name);
        assert_int_equal(db_prepare(db, sql, &st), DB_DONE);
        while (db_step(st) == DB_ROW) {
            const char *to = db_col_text(st, &a, 2);
            if (strcmp(to, t[i].name) != 0) assert_true(position(t, n, to) < i);
        }
        db_done(st);
    }
    /* Self-references are known: they are written after their table. */
    int acc = position(t, n, "accounts");
    assert_true(acc >= 0 && t[acc].has_self_ref);
    /* Scans are copied in small batches. */
    assert_int_equal(t[position(t, n, "blob_chunks")].batch, 16);

    /* A new table without a rule stops the copy, naming it. */
    assert_true(db_exec(db, "CREATE TABLE shiny_new (id INTEGER PRIMARY KEY, x TEXT)", NULL) >= 0);
    assert_int_equal(dbc_tables(db, &a, &t, &n, why, sizeof why), -ERR_INTERNAL);
    assert_non_null(strstr(why, "shiny_new has no copy rule"));
    arena_free(&a);
    db_close(db);
}

static void sum_of(Db *db, const char *table, char hex[65]) {
    Arena a;
    arena_init(&a);
    DbcTable *t;
    int n;
    char why[512];
    assert_int_equal(dbc_tables(db, &a, &t, &n, why, sizeof why), 0);
    int i = position(t, n, table);
    assert_true(i >= 0);
    unsigned char sum[32];
    int64_t rows;
    t[i].batch = 2; /* several batches */
    assert_int_equal(dbc_checksum(db, &t[i], &rows, sum), 0);
    dbc_hex(sum, hex);
    arena_free(&a);
}

static void settings_rows(Db *db, const char *const *keys, const char *last) {
    assert_true(db_exec(db, "DELETE FROM settings", NULL) >= 0);
    for (int i = 0; keys[i]; i++)
        assert_true(db_exec(db, "INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)",
                            "tti", keys[i], keys[i + 1] ? "v" : last, (int64_t)i) >= 0);
}

static void test_checksum_follows_values_not_write_order(void **state) {
    (void)state;
    Db *db = fresh("sums");
    char a[65], b[65], c[65];
    settings_rows(db, (const char *const[]){"k1", "k2", "k3", "k4", "k5", NULL}, "");
    sum_of(db, "settings", a);
    /* The same rows written in another order (keys are text: byte order). */
    assert_true(db_exec(db, "DELETE FROM settings", NULL) >= 0);
    settings_rows(db, (const char *const[]){"k5", "k4", "k3", "k2", "k1", NULL}, "");
    assert_true(db_exec(db,
                        "UPDATE settings SET value = 'v', updated_at = "
                        "CAST(substr(key, 2) AS INTEGER) - 1",
                        NULL) >= 0);
    assert_true(db_exec(db, "UPDATE settings SET value = '' WHERE key = 'k5'", NULL) >= 0);
    sum_of(db, "settings", b);
    assert_string_equal(a, b);
    /* One value changed changes the sum. */
    assert_true(db_exec(db, "UPDATE settings SET updated_at = 99 WHERE key = 'k3'", NULL) >= 0);
    sum_of(db, "settings", c);
    assert_string_not_equal(a, c);
    db_close(db);
}

static void row_sum(const DbcTable *t, const DbcVal *v, char hex[65]) {
    DbcHash h;
    unsigned char sum[32];
    dbc_hash_begin(&h, t);
    dbc_hash_row(&h, t, v);
    dbc_hash_end(&h, sum);
    dbc_hex(sum, hex);
}

static void test_canonical_form_is_unambiguous(void **state) {
    (void)state;
    const char *cols[] = {"a", "b"};
    DbcKind kinds[] = {DBC_TEXT, DBC_TEXT};
    DbcTable t = {.name = "t", .ncols = 2, .cols = cols, .kinds = kinds};
    char x[65], y[65];
    /* NULL is not the empty text. */
    row_sum(&t, (DbcVal[]){{.null = true}, {.p = "", .n = 0}}, x);
    row_sum(&t, (DbcVal[]){{.p = "", .n = 0}, {.p = "", .n = 0}}, y);
    assert_string_not_equal(x, y);
    /* Where one value ends and the next begins is part of the text. */
    row_sum(&t, (DbcVal[]){{.p = "ab", .n = 2}, {.p = "c", .n = 1}}, x);
    row_sum(&t, (DbcVal[]){{.p = "a", .n = 1}, {.p = "bc", .n = 2}}, y);
    assert_string_not_equal(x, y);
    /* A blob and a text of the same bytes differ; so do the columns' names. */
    DbcKind blob_kinds[] = {DBC_TEXT, DBC_BLOB};
    DbcTable tb = t;
    tb.kinds = blob_kinds;
    row_sum(&tb, (DbcVal[]){{.p = "ab", .n = 2}, {.p = "c", .n = 1}}, y);
    row_sum(&t, (DbcVal[]){{.p = "ab", .n = 2}, {.p = "c", .n = 1}}, x);
    assert_string_not_equal(x, y);
    const char *other[] = {"a", "z"};
    DbcTable tz = t;
    tz.cols = other;
    row_sum(&tz, (DbcVal[]){{.p = "ab", .n = 2}, {.p = "c", .n = 1}}, y);
    assert_string_not_equal(x, y);
}

int main(void) {
    snprintf(dir, sizeof dir, "%s/beian-dbcopy-XXXXXX",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(dir)) return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_table_has_a_rule),
        cmocka_unit_test(test_checksum_follows_values_not_write_order),
        cmocka_unit_test(test_canonical_form_is_unambiguous),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) return 1;
    return rc;
}
