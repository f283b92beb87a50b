/*
** Unit tests for src/core: arena, Buf and its escapers, the error registry,
** UTF-8 validation.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/util.h"

static void test_arena_alignment_and_growth(void **state) {
    (void)state;
    Arena a;
    arena_init(&a);
    for (int i = 1; i < 2000; i++) {
        char *p = arena_alloc(&a, (size_t)i);
        assert_int_equal((uintptr_t)p % 16, 0);
        memset(p, 0xAB, (size_t)i);
    }
    char *big = arena_alloc(&a, 3u << 20);
    big[(3u << 20) - 1] = 1;
    assert_true(a.total > (3u << 20));
    arena_reset(&a);
    assert_true(a.total <= 4096 + 64);
    assert_string_equal(arena_printf(&a, "%d-%s", 7, "x"), "7-x");
    assert_null(arena_strdup(&a, NULL));
    arena_free(&a);
}

static void test_buf_escapers(void **state) {
    (void)state;
    Arena a;
    arena_init(&a);
    Buf b;
    buf_init(&b, &a);
    buf_html(&b, "<a href=\"x\">'&'</a>");
    assert_string_equal(b.data, "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
    buf_reset(&b);
    buf_url(&b, "a b/备");
    assert_string_equal(b.data, "a%20b%2F%E5%A4%87");
    buf_reset(&b);
    buf_json_str(&b, "q\"\\\n</script>\x01");
    assert_string_equal(b.data, "\"q\\\"\\\\\\n\\u003c/script>\\u0001\"");
    Buf h;
    buf_init(&h, NULL);
    for (int i = 0; i < 10000; i++)
        buf_putc(&h, 'x');
    assert_int_equal(h.len, 10000);
    assert_int_equal(strlen(h.data), 10000);
    buf_free(&h);
    arena_free(&a);
}

static void test_err_registry(void **state) {
    (void)state;
    assert_int_equal(err_status(-ERR_CSRF), 403);
    assert_int_equal(err_status(ERR_NOT_FOUND), 404);
    assert_string_equal(err_name(-ERR_FIELD_REQUIRED), "field_required");
    assert_int_equal(err_by_name("login_failed"), ERR_LOGIN_FAILED);
    assert_int_equal(err_status(99999), 500);
    assert_string_equal(err_msg(ERR_FIELD_REQUIRED, LANG_ZH), "必填项");
    assert_string_equal(err_msg(ERR_FIELD_REQUIRED, LANG_EN), "This field is required");
    /* Every row has a message in both languages and a plausible status. */
    for (int c = 1; c < ERR__COUNT; c++) {
        assert_true(strlen(err_msg(c, LANG_ZH)) > 0);
        assert_true(strlen(err_msg(c, LANG_EN)) > 0);
        assert_in_range(err_status(c), 400, 599);
    }
}

static void test_utf8(void **state) {
    (void)state;
    assert_true(utf8_valid("备案abc", strlen("备案abc")));
    assert_false(utf8_valid("\xC0\xAF", 2));         /* overlong '/' */
    assert_false(utf8_valid("\xED\xA0\x80", 3));     /* surrogate */
    assert_false(utf8_valid("\xE5\xA4", 2));         /* truncated */
    assert_false(utf8_valid("\xF4\x90\x80\x80", 4)); /* > U+10FFFF */
    assert_int_equal(utf8_len("备案ab"), 4);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_arena_alignment_and_growth),
        cmocka_unit_test(test_buf_escapers),
        cmocka_unit_test(test_err_registry),
        cmocka_unit_test(test_utf8),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
