/*
** Unit tests for src/core: arena, Buf and its escapers and number writers,
** the CST time format, the error registry, UTF-8 validation.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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

/* The escaper before its byte table, to compare with. */
static void ref_html(Buf *b, const char *s, size_t n) {
    for (size_t i = 0; i < n; i++) {
        switch (s[i]) {
        case '&':
            buf_puts(b, "&amp;");
            break;
        case '<':
            buf_puts(b, "&lt;");
            break;
        case '>':
            buf_puts(b, "&gt;");
            break;
        case '"':
            buf_puts(b, "&quot;");
            break;
        case '\'':
            buf_puts(b, "&#39;");
            break;
        default:
            buf_putc(b, s[i]);
        }
    }
}

static void check_html(Arena *a, const char *s, size_t n) {
    Buf got, want, got_n;
    buf_init(&got, a);
    buf_init(&want, a);
    buf_init(&got_n, a);
    ref_html(&want, s, n);
    buf_html_n(&got_n, s, n);
    assert_int_equal(got_n.len, want.len);
    assert_memory_equal(got_n.data, want.data ? want.data : "", want.len + 1);
    if (!memchr(s, 0, n)) {
        char *z = arena_alloc(a, n + 1); /* the same as a C string */
        memcpy(z, s, n);
        z[n] = 0;
        buf_html(&got, z);
        assert_int_equal(got.len, want.len);
        assert_string_equal(got.data, want.data ? want.data : "");
    }
}

static void test_buf_html_table(void **state) {
    (void)state;
    Arena a;
    arena_init(&a);
    static const char *const cases[] = {
        "",           "&",       "<",      ">",     "\"",    "'",        "&<>\"'",
        "&amp;",      "a&b",     "&abc",   "abc&",  "&&",    "备案<号>", "'x'",
        "plain text", "x\"y\"z", "<<<>>>", "a b c", "\t\n&", "é&é",      "%s&%%",
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        check_html(&a, cases[i], strlen(cases[i]));
    /* Every byte, alone and between clean runs; a NUL inside a counted string
    ** is written as it is. */
    for (int c = 0; c < 256; c++) {
        char one[1] = {(char)c}, mid[5] = {'a', 'b', (char)c, 'c', 'd'};
        check_html(&a, one, 1);
        check_html(&a, mid, 5);
    }
    /* Every byte at every place of a clean run longer than the eight bytes
    ** tested at once, and the bytes next to each special (= ? ; % ( ) *). */
    for (int c = 0; c < 256; c++)
        for (size_t at = 0; at < 27; at++) {
            char run[27];
            memcpy(run, "abcdefgh\xe5\xa4\x87ijklmnop=?;%()*.", 27);
            run[at] = (char)c;
            check_html(&a, run, 27);
            check_html(&a, run, at + 1);
        }
    /* Pseudo-random strings over an alphabet rich in specials. */
    static const char alpha[] = "ab&<>\"' \xe5\xa4\x87";
    unsigned x = 12345;
    for (int i = 0; i < 2000; i++) {
        char s[40];
        size_t n = (size_t)(i % 40);
        for (size_t j = 0; j < n; j++) {
            x = x * 1103515245u + 12345u;
            s[j] = alpha[(x >> 16) % (sizeof alpha - 1)];
        }
        check_html(&a, s, n);
    }
    /* NULL writes nothing; an empty string gives an empty, NUL-terminated Buf. */
    Buf b;
    buf_init(&b, &a);
    buf_html(&b, NULL);
    assert_null(b.data);
    buf_html(&b, "");
    assert_string_equal(b.data, "");
    buf_html_n(&b, "x", 0);
    assert_int_equal(b.len, 0);
    arena_free(&a);
}

/* arena_printf and buf_printf format once when the result fits their room
** and again when it does not: every length around the edges matches
** snprintf, and a Buf keeps what it had. */
static void test_printf_lengths(void **state) {
    (void)state;
    Arena a;
    arena_init(&a);
    char fill[6000];
    memset(fill, 'x', sizeof fill - 1);
    fill[sizeof fill - 1] = 0;
    static const size_t lens[] = {0, 1, 62, 63, 64, 65, 127, 128, 200, 254, 255, 256, 257, 5000};
    for (size_t i = 0; i < sizeof lens / sizeof lens[0]; i++) {
        char want[6100];
        snprintf(want, sizeof want, "%.*s|%d|%s", (int)lens[i], fill, (int)lens[i], "备案");
        assert_string_equal(
            arena_printf(&a, "%.*s|%d|%s", (int)lens[i], fill, (int)lens[i], "备案"), want);
        for (size_t pre = 0; pre < 3; pre++) {
            Buf b;
            buf_init(&b, pre == 2 ? NULL : &a);
            if (pre) buf_puts(&b, "head:");
            buf_printf(&b, "%.*s|%d|%s", (int)lens[i], fill, (int)lens[i], "备案");
            assert_int_equal(b.len, strlen(want) + (pre ? 5 : 0));
            assert_string_equal(b.data + (pre ? 5 : 0), want);
            if (pre) assert_memory_equal(b.data, "head:", 5);
            if (pre == 2) free(buf_take(&b));
        }
    }
    Buf e;
    buf_init(&e, &a);
    buf_printf(&e, "%s", "");
    assert_int_equal(e.len, 0);
    arena_free(&a);
}

static void test_buf_integers(void **state) {
    (void)state;
    Arena a;
    arena_init(&a);
    static const int64_t v[] = {
        0,      1,         -1,        9,         10,        -10,           99,           100, 12345,
        -99999, INT32_MAX, INT32_MIN, INT64_MAX, INT64_MIN, INT64_MAX - 1, INT64_MIN + 1};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        char want[32];
        Buf b;
        buf_init(&b, &a);
        buf_put_i64(&b, v[i]);
        snprintf(want, sizeof want, "%lld", (long long)v[i]);
        assert_string_equal(b.data, want);
        buf_init(&b, &a);
        buf_put_u64(&b, (uint64_t)v[i]);
        snprintf(want, sizeof want, "%llu", (unsigned long long)(uint64_t)v[i]);
        assert_string_equal(b.data, want);
    }
    for (int64_t x = -100000; x <= 100000; x += 7) {
        char want[32], got[21];
        snprintf(want, sizeof want, "%lld", (long long)x);
        size_t n = i64_to_dec(got, x);
        got[n] = 0;
        assert_string_equal(got, want);
    }
    arena_free(&a);
}

/* time_fmt_cst before its own arithmetic, to compare with. */
static void ref_time(char *out, size_t cap, int64_t t) {
    time_t tt = (time_t)(t + 8 * 3600);
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(out, cap, "%Y-%m-%d %H:%M", &tm);
}

static void check_time(Arena *a, int64_t t) {
    char want[64];
    ref_time(want, sizeof want, t);
    assert_string_equal(time_fmt_cst(a, t), want);
}

static void test_time_fmt_cst(void **state) {
    (void)state;
    Arena a;
    arena_init(&a);
    assert_string_equal(time_fmt_cst(&a, 0), "1970-01-01 08:00");
    assert_string_equal(time_fmt_cst(&a, 1704038399), "2023-12-31 23:59"); /* 15:59:59 UTC */
    assert_string_equal(time_fmt_cst(&a, 1704038400), "2024-01-01 00:00"); /* 16:00 UTC */
    assert_string_equal(time_fmt_cst(&a, 1709136000), "2024-02-29 00:00"); /* leap day */
    assert_string_equal(time_fmt_cst(&a, 1709222399), "2024-02-29 23:59");
    assert_string_equal(time_fmt_cst(&a, 1709222400), "2024-03-01 00:00");
    assert_string_equal(time_fmt_cst(&a, -28800), "1970-01-01 00:00");
    assert_string_equal(time_fmt_cst(&a, -28801), "1969-12-31 23:59");
    static const int64_t edges[] = {
        0,
        -1,
        1,
        59,
        60,
        -28800,
        -28801,
        57599,
        57600,
        951782400,
        951839999,
        951840000,
        4107542400,
        4107513600,
        4102416000,
        1582934400,
        1583020799,
        -2208988800,
        -2203891200,
        253402271999,
        253402272000,
        253402300799,
        253402300800,
        -30610224000,
        -30610252800,
        -30610252801,
        -62135596800,
        -62167219200,
        -62198755200,
        946655999,
        946656000,
        978278399,
        978278400,
        2147483647,
        2147483648,
        -2147483648,
        4294967296,
        32503651200,
        1000000000000,
    };
    for (size_t i = 0; i < sizeof edges / sizeof edges[0]; i++)
        for (int64_t d = -120; d <= 120; d += 30)
            check_time(&a, edges[i] + d);
    /* Every 23:59 -> 00:00 CST rollover (15:59/16:00 UTC) over 1899..2101,
    ** leap days and year ends included, and a scatter of odd times. */
    for (int64_t day = -25567 - 366; day < 47847 + 366; day++) {
        check_time(&a, day * 86400 + 16 * 3600 - 1);
        check_time(&a, day * 86400 + 16 * 3600);
    }
    unsigned x = 7;
    for (int i = 0; i < 100000; i++) {
        x = x * 1103515245u + 12345u;
        check_time(&a, (int64_t)x * 613 - 30610252800LL);
        arena_reset(&a);
    }
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
        cmocka_unit_test(test_buf_html_table),
        cmocka_unit_test(test_printf_lengths),
        cmocka_unit_test(test_buf_integers),
        cmocka_unit_test(test_time_fmt_cst),
        cmocka_unit_test(test_err_registry),
        cmocka_unit_test(test_utf8),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
