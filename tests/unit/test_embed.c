/*
** Unit tests for embedded files: the table that tools/embed makes of
** tests/unit/embed/ (included below), and the shape of the real tables of
** static/ and sql/.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"
#include "core/crypto.h"
#include "core/embed.h"

#include "embedded_test.inc"

static void test_lookup(void **state) {
    (void)state;
    assert_int_equal(embedded_test_count, 4);
    const EmbeddedFile *a = embed_find(embedded_test, embedded_test_count, "css/a.css");
    assert_non_null(a);
    assert_string_equal(a->path, "css/a.css");
    assert_int_equal(a->len, 2);
    assert_memory_equal(a->data, "a\n", 3); /* with the NUL after len */
    const EmbeddedFile *b = embed_find(embedded_test, embedded_test_count, "css/b.css");
    assert_non_null(b);
    assert_int_equal(b->len, 1);
    assert_int_equal(b->data[1], 0);
    const EmbeddedFile *e = embed_find(embedded_test, embedded_test_count, "sub/empty.txt");
    assert_non_null(e);
    assert_int_equal(e->len, 0);
    assert_int_equal(e->data[0], 0);
    assert_non_null(embed_find(embedded_test, embedded_test_count, "sub/same-as-a.txt"));
    static const char *const absent[] = {
        "", "css", "css/", "/css/a.css", "css/a.cs", "css/a.css/", "sub/empty", "zzz", "a"};
    for (size_t i = 0; i < sizeof absent / sizeof absent[0]; i++)
        assert_null(embed_find(embedded_test, embedded_test_count, absent[i]));
    assert_null(embed_find(embedded_test, embedded_test_count, NULL));
    assert_null(embed_find(embedded_test, 0, "css/a.css"));
}

/* The etag is the first 16 hex digits of the content's SHA-256 (checked
** against libsodium), so equal content gives equal tags and different
** content different ones. */
static void test_etags(void **state) {
    (void)state;
    Arena ar;
    arena_init(&ar);
    for (size_t i = 0; i < embedded_test_count; i++) {
        const EmbeddedFile *f = &embedded_test[i];
        char *hex = crypto_sha256_hex(&ar, f->data, f->len);
        assert_int_equal(strlen(f->etag), 16);
        assert_memory_equal(f->etag, hex, 16);
    }
    arena_free(&ar);
    assert_string_equal(embedded_test[0].etag, "87428fc522803d31"); /* sha256("a\n") */
    assert_string_equal(embedded_test[2].etag, "e3b0c44298fc1c14"); /* sha256("") */
    const char *a = embed_find(embedded_test, embedded_test_count, "css/a.css")->etag;
    const char *b = embed_find(embedded_test, embedded_test_count, "css/b.css")->etag;
    const char *same = embed_find(embedded_test, embedded_test_count, "sub/same-as-a.txt")->etag;
    assert_string_not_equal(a, b);
    assert_string_equal(a, same);
}

static void check_table(const EmbeddedFile *t, size_t n) {
    for (size_t i = 0; i < n; i++) {
        if (i > 0) assert_true(strcmp(t[i - 1].path, t[i].path) < 0);
        assert_int_equal(t[i].data[t[i].len], 0);
        assert_int_equal(strlen(t[i].etag), 16);
        assert_ptr_equal(embed_find(t, n, t[i].path), &t[i]);
    }
    assert_null(t[n].path); /* the closing row */
}

static void test_real_tables(void **state) {
    (void)state;
    check_table(embedded_test, embedded_test_count);
    check_table(embedded_static, embedded_static_count);
    check_table(embedded_sql, embedded_sql_count);
    for (size_t i = 0; i < embedded_sql_count; i++) {
        const char *p = embedded_sql[i].path;
        assert_true(strncmp(p, "sqlite/", 7) == 0 || strncmp(p, "pg/", 3) == 0 ||
                    strncmp(p, "simulator/", 10) == 0); /* beian regulator's own database */
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lookup),
        cmocka_unit_test(test_etags),
        cmocka_unit_test(test_real_tables),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
