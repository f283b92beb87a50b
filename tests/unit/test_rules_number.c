/*
** Unit tests for src/rules/filing_number.c: subject, site and public-security
** numbers, and the province prefixes.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/err.h"
#include "rules/filing_number.h"

static Arena arena;

static int setup(void **state) {
    (void)state;
    arena_init(&arena);
    return 0;
}

static int teardown(void **state) {
    (void)state;
    arena_free(&arena);
    return 0;
}

static void test_subject_numbers(void **state) {
    (void)state;
    FilingNumber n;
    assert_int_equal(filing_number_parse("京ICP备12345678号", &n), 0);
    assert_string_equal(n.prefix, "京");
    assert_string_equal(n.province, "11");
    assert_string_equal(n.serial, "12345678");
    assert_int_equal(n.site, 0);
    assert_string_equal(filing_number_format(&arena, &n), "京ICP备12345678号");
    /* Real numbers from the research notes: 8 and 10 digits. */
    assert_int_equal(filing_subject_number_parse("京ICP备10046444号", &n), 0);
    assert_int_equal(filing_subject_number_parse("桂ICP备2025078677号", &n), 0);
    assert_string_equal(n.province, "45");
    assert_string_equal(n.serial, "2025078677");
    assert_string_equal(filing_number_format(&arena, &n), "桂ICP备2025078677号");
    /* Spaces and case are forgiven; the output is canonical. */
    assert_int_equal(filing_number_parse(" 粤icp备 12345678 号 ", &n), 0);
    assert_string_equal(filing_number_format(&arena, &n), "粤ICP备12345678号");
    /* Alternative prefixes: kept as written, mapped to the province. */
    assert_int_equal(filing_number_parse("蜀ICP备2026007879号", &n), 0);
    assert_string_equal(n.prefix, "蜀");
    assert_string_equal(n.province, "51");
    assert_string_equal(filing_number_format(&arena, &n), "蜀ICP备2026007879号");
    assert_int_equal(filing_number_parse("川ICP备2026007879号", &n), 0);
    assert_string_equal(n.province, "51");
    assert_int_equal(filing_number_parse("贵ICP备2021004806号", &n), 0);
    assert_string_equal(n.province, "52");
    assert_int_equal(filing_number_parse("陇ICP备2021003158号", &n), 0);
    assert_string_equal(n.province, "62");
}

static void test_site_numbers(void **state) {
    (void)state;
    FilingNumber n;
    assert_int_equal(filing_site_number_parse("京ICP备10046444号-9", &n), 0);
    assert_int_equal(n.site, 9);
    assert_string_equal(filing_number_format(&arena, &n), "京ICP备10046444号-9");
    assert_int_equal(filing_site_number_parse("贵ICP备2021004806号-1", &n), 0);
    assert_int_equal(n.site, 1);
    assert_int_equal(filing_site_number_parse("沪ICP备12345678号－30", &n), 0); /* full-width */
    assert_int_equal(n.site, 30);
    assert_string_equal(filing_number_format(&arena, &n), "沪ICP备12345678号-30");
    /* Make a site number from a subject number. */
    assert_int_equal(filing_subject_number_parse("浙ICP备2022012345号", &n), 0);
    assert_string_equal(filing_site_number(&arena, &n, 2), "浙ICP备2022012345号-2");
    /* Kinds. */
    assert_int_equal(filing_site_number_parse("京ICP备12345678号", &n), -ERR_FILING_NUMBER_KIND);
    assert_int_equal(filing_subject_number_parse("京ICP备12345678号-1", &n),
                     -ERR_FILING_NUMBER_KIND);
    /* Bad -N. */
    assert_int_equal(filing_number_parse("京ICP备12345678号-0", &n), -ERR_FILING_NUMBER_SITE);
    assert_int_equal(filing_number_parse("京ICP备12345678号-01", &n), -ERR_FILING_NUMBER_SITE);
    assert_int_equal(filing_number_parse("京ICP备12345678号-", &n), -ERR_FILING_NUMBER_SITE);
    assert_int_equal(filing_number_parse("京ICP备12345678号-1A", &n), -ERR_FILING_NUMBER_SITE);
    assert_int_equal(filing_number_parse("京ICP备12345678号-12345", &n), -ERR_FILING_NUMBER_SITE);
    assert_int_equal(filing_number_parse("京ICP备12345678号_1", &n), -ERR_FILING_NUMBER_FORMAT);
}

static void test_malformed_numbers(void **state) {
    (void)state;
    FilingNumber n;
    assert_int_equal(filing_number_parse("", &n), -ERR_FIELD_REQUIRED);
    assert_int_equal(filing_number_parse("京ICP备1234567号", &n), -ERR_FILING_NUMBER_SERIAL);
    assert_int_equal(filing_number_parse("京ICP备123456789号", &n), -ERR_FILING_NUMBER_SERIAL);
    assert_int_equal(filing_number_parse("京ICP备12345678901号", &n), -ERR_FILING_NUMBER_SERIAL);
    assert_int_equal(filing_number_parse("京ICP备12345678", &n), -ERR_FILING_NUMBER_FORMAT);
    assert_int_equal(filing_number_parse("京ICP12345678号", &n), -ERR_FILING_NUMBER_FORMAT);
    assert_int_equal(filing_number_parse("京ICP证030173号", &n), -ERR_FILING_NUMBER_FORMAT);
    assert_int_equal(filing_number_parse("ICP备12345678号", &n), -ERR_FILING_NUMBER_FORMAT);
    assert_int_equal(filing_number_parse("京ICP备1234a678号", &n), -ERR_FILING_NUMBER_FORMAT);
    /* Unknown province characters: 云 is fake (Yunnan is 滇), 港 no province. */
    assert_int_equal(filing_number_parse("云ICP备12345678号", &n), -ERR_FILING_NUMBER_PROVINCE);
    assert_int_equal(filing_number_parse("港ICP备12345678号", &n), -ERR_FILING_NUMBER_PROVINCE);
    assert_int_equal(filing_number_parse("滇ICP备12345678号", NULL), 0);
}

static void test_psb_numbers(void **state) {
    (void)state;
    PsbNumber p;
    assert_int_equal(psb_number_parse("京公网安备 11010802020088号", &p), 0);
    assert_string_equal(p.prefix, "京");
    assert_string_equal(p.province, "11");
    assert_string_equal(p.digits, "11010802020088");
    assert_string_equal(psb_number_format(&arena, &p), "京公网安备 11010802020088号");
    assert_int_equal(psb_number_parse("京公网安备11010802020088号", &p), 0);
    assert_string_equal(psb_number_format(&arena, &p), "京公网安备 11010802020088号");
    assert_int_equal(psb_number_parse("粤公网安备 44030502008569号", &p), 0);
    assert_int_equal(psb_number_parse("蜀公网安备 51010702001234号", &p), 0);
    /* The digits' province must be the prefix's. */
    assert_int_equal(psb_number_parse("京公网安备 44030502008569号", &p), -ERR_PSB_NUMBER_PROVINCE);
    assert_int_equal(psb_number_parse("云公网安备 53010202001234号", &p), -ERR_PSB_NUMBER_PROVINCE);
    assert_int_equal(psb_number_parse("京公网安备 1101080202008号", &p), -ERR_PSB_NUMBER_FORMAT);
    assert_int_equal(psb_number_parse("京公网安备 110108020200889号", &p), -ERR_PSB_NUMBER_FORMAT);
    assert_int_equal(psb_number_parse("京公网安备 11010802020088", &p), -ERR_PSB_NUMBER_FORMAT);
    assert_int_equal(psb_number_parse("京ICP备12345678号", &p), -ERR_PSB_NUMBER_FORMAT);
    assert_int_equal(psb_number_parse("", &p), -ERR_FIELD_REQUIRED);
}

static void test_prefixes(void **state) {
    (void)state;
    assert_string_equal(province_prefix_code("京"), "11");
    assert_string_equal(province_prefix_code("粤"), "44");
    assert_string_equal(province_prefix_code("新"), "65");
    assert_string_equal(province_prefix_code("蜀"), "51");
    assert_string_equal(province_prefix_code("贵"), "52");
    assert_string_equal(province_prefix_code("陇"), "62");
    assert_null(province_prefix_code("云"));
    assert_null(province_prefix_code("京京"));
    assert_null(province_prefix_code(NULL));
    assert_string_equal(province_code_prefix("11"), "京");
    assert_string_equal(province_code_prefix("110000"), "京");
    assert_string_equal(province_code_prefix("440305"), "粤");
    assert_string_equal(province_code_prefix("51"), "川"); /* canonical, not 蜀 */
    assert_string_equal(province_code_prefix("52"), "黔");
    assert_string_equal(province_code_prefix("62"), "甘");
    assert_null(province_code_prefix("71"));
    assert_null(province_code_prefix("1"));
    assert_null(province_code_prefix("1101"));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_subject_numbers),   cmocka_unit_test(test_site_numbers),
        cmocka_unit_test(test_malformed_numbers), cmocka_unit_test(test_psb_numbers),
        cmocka_unit_test(test_prefixes),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
