/*
** Unit tests for rules/province: the seeded rows (DESIGN.md §9, research §4),
** lookups, the ID helpers, and the application and individual checks.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/err.h"
#include "rules/province.h"

static const ProvinceRules *rows;
static size_t n_rows;

static const ProvinceRules *by_prefix(const char *p) {
    const ProvinceRules *r = province_find_prefix(rows, n_rows, p);
    assert_non_null(r);
    return r;
}

/* True when prefix appears in the space-separated list. */
static bool listed(const char *list, const char *prefix) {
    char buf[256];
    strcpy(buf, list);
    for (char *save, *t = strtok_r(buf, " ", &save); t; t = strtok_r(NULL, " ", &save))
        if (strcmp(t, prefix) == 0) return true;
    return false;
}

static void test_seed_shape(void **state) {
    (void)state;
    static const int codes[] = {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41,
                                42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65};
    static const char *const prefixes[] = {"京", "津", "冀", "晋", "蒙", "辽", "吉", "黑",
                                           "沪", "苏", "浙", "皖", "闽", "赣", "鲁", "豫",
                                           "鄂", "湘", "粤", "桂", "琼", "渝", "川", "黔",
                                           "滇", "藏", "陕", "甘", "青", "宁", "新"};
    assert_int_equal(n_rows, 31);
    for (size_t i = 0; i < n_rows; i++) {
        const ProvinceRules *r = &rows[i];
        assert_int_equal(r->code, codes[i]);
        assert_string_equal(r->prefix, prefixes[i]);
        assert_ptr_equal(province_find(rows, n_rows, codes[i]), r);
        assert_ptr_equal(province_find_prefix(rows, n_rows, prefixes[i]), r);
        assert_non_null(strstr(r->commercial_notice_zh, r->name_zh));
        assert_non_null(strstr(r->commercial_notice_en, r->name_en));
        assert_non_null(strstr(r->commercial_notice_zh, "通信管理局窗口"));
        assert_int_equal(r->review_days_min, 1);
        assert_int_equal(r->review_days_max, r->code == 33 ? 30 : 20);
        assert_true((r->special_notice_zh == NULL) == (r->special_notice_en == NULL));
        for (size_t j = 0; j < r->n_extras; j++)
            assert_true(r->extras[j].copies >= 1);
    }
    assert_null(province_find(rows, n_rows, 71)); /* Taiwan: no administration here */
    assert_null(province_find(rows, n_rows, 0));
    assert_string_equal(province_find(rows, n_rows, 44)->name_zh, "广东省");
}

static void test_seed_prefix_variants(void **state) {
    (void)state;
    assert_int_equal(by_prefix("蜀")->code, 51);
    assert_int_equal(by_prefix("贵")->code, 52);
    assert_int_equal(by_prefix("陇")->code, 62);
    assert_null(province_find_prefix(rows, n_rows, "云"));
    assert_null(province_find_prefix(rows, n_rows, ""));
    assert_null(province_find_prefix(rows, n_rows, NULL));
    assert_null(province_find_prefix(rows, n_rows, "京京"));
}

static void test_seed_rules(void **state) {
    (void)state;
    for (size_t i = 0; i < n_rows; i++) {
        const ProvinceRules *r = &rows[i];
        const char *p = r->prefix;
        assert_int_equal(r->auth_letter_required, listed("津 沪 皖 闽 赣 湘 鄂 渝 川 黔", p));
        assert_int_equal(r->local_id_only, listed("蒙 晋 青 新", p));
        assert_int_equal(r->residence_permit_accepted, listed("沪 浙 鲁", p));
        assert_int_equal(r->no_cross_province, listed("宁 桂", p));
        int age = listed("冀 蒙 湘", p) ? 18 : listed("鲁", p) ? 17 : 0;
        assert_int_equal(r->min_age, age);
        int domains = listed("晋", p) ? 3 : listed("豫", p) ? 5 : 0;
        assert_int_equal(r->max_domains_per_app, domains);
        assert_int_equal(r->max_sites_per_app, listed("湘 鄂", p) ? 1 : 0);
        assert_int_equal(r->n_extras > 0, listed("粤 新 赣 蒙", p));
        /* Every province with a rule says so at verify & submit. */
        bool has_rule = r->auth_letter_required || r->local_id_only ||
                        r->residence_permit_accepted || r->no_cross_province || r->min_age ||
                        r->max_domains_per_app || r->max_sites_per_app || r->n_extras;
        if (has_rule) assert_non_null(r->special_notice_zh);
        assert_int_equal(r->special_notice_zh == NULL, listed("辽 吉 黑 苏 滇 藏", p));
    }
    const ProvinceRules *gd = by_prefix("粤");
    assert_int_equal(gd->n_extras, 1);
    assert_string_equal(gd->extras[0].code, "filing_pledge");
    assert_string_equal(gd->extras[0].zh, "互联网信息服务备案承诺书");
    assert_string_equal(by_prefix("沪")->residence_doc_zh, "上海市居住证");
    assert_non_null(strstr(by_prefix("鲁")->residence_doc_zh, "学生证"));
    const ProvinceRules *jx = by_prefix("赣");
    assert_int_equal(jx->crowded_individual_sites, 7);
    assert_int_equal(jx->crowded_org_sites, 15);
    assert_int_equal(jx->crowded_max_domains, 1);
    assert_int_equal(by_prefix("琼")->individual_first_max_domains, 1);
}

static void test_id_helpers(void **state) {
    (void)state;
    assert_int_equal(province_of_id("130102200806150010"), 13);
    assert_int_equal(province_of_id("65010219900101002X"), 65);
    assert_int_equal(province_of_id("6501021990010100"), 0); /* too short */
    assert_int_equal(province_of_id("A30102200806150010"), 0);
    assert_int_equal(province_of_id(NULL), 0);
    assert_int_equal(province_id_birth_date("130102200806150010"), 20080615);
    assert_int_equal(province_id_birth_date("110101200002290011"), 20000229); /* leap */
    assert_int_equal(province_id_birth_date("110101190002290011"), 0);        /* 1900 not leap */
    assert_int_equal(province_id_birth_date("110101199902290011"), 0);
    assert_int_equal(province_id_birth_date("110101199913010011"), 0);
    assert_int_equal(province_id_birth_date("110101199904310011"), 0);
    assert_int_equal(province_id_birth_date("110101199900100011"), 0);
    assert_int_equal(province_id_birth_date("1101011999X1010011"), 0);
    assert_int_equal(province_age(20080615, 20260614), 17);
    assert_int_equal(province_age(20080615, 20260615), 18);
    assert_int_equal(province_age(20000229, 20180228), 17);
    assert_int_equal(province_age(20000229, 20180301), 18);
    assert_int_equal(province_age(20260101, 20251231), -1);
}

static int check_app(const char *prefix, AppKind k, SubjectNature n, int sites, int domains,
                     int filed, int *limit) {
    ProvinceAppCounts c = {k, n, sites, domains, filed};
    *limit = -7;
    return province_check_application(by_prefix(prefix), &c, limit);
}

static void test_application_limits(void **state) {
    (void)state;
    int lim;
    assert_int_equal(check_app("晋", KIND_FIRST_FILING, NATURE_ENTERPRISE, 3, 3, 0, &lim), 0);
    assert_int_equal(lim, -7);
    assert_int_equal(check_app("晋", KIND_FIRST_FILING, NATURE_ENTERPRISE, 4, 4, 0, &lim),
                     -ERR_PROVINCE_TOO_MANY_DOMAINS);
    assert_int_equal(lim, 3);
    assert_int_equal(check_app("豫", KIND_NEW_SITE, NATURE_ENTERPRISE, 5, 5, 2, &lim), 0);
    assert_int_equal(check_app("豫", KIND_NEW_SITE, NATURE_ENTERPRISE, 6, 6, 2, &lim),
                     -ERR_PROVINCE_TOO_MANY_DOMAINS);
    assert_int_equal(lim, 5);
    assert_int_equal(check_app("湘", KIND_FIRST_FILING, NATURE_INDIVIDUAL, 1, 1, 0, &lim), 0);
    assert_int_equal(check_app("湘", KIND_FIRST_FILING, NATURE_ENTERPRISE, 2, 2, 0, &lim),
                     -ERR_PROVINCE_TOO_MANY_SITES);
    assert_int_equal(lim, 1);
    assert_int_equal(check_app("鄂", KIND_NEW_SITE, NATURE_ENTERPRISE, 2, 2, 0, &lim),
                     -ERR_PROVINCE_TOO_MANY_SITES);
    assert_int_equal(check_app("京", KIND_FIRST_FILING, NATURE_ENTERPRISE, 30, 30, 0, &lim), 0);
    /* Hainan: an individual's first filing has one domain; later ones are free. */
    assert_int_equal(check_app("琼", KIND_FIRST_FILING, NATURE_INDIVIDUAL, 2, 2, 0, &lim),
                     -ERR_PROVINCE_FIRST_DOMAINS);
    assert_int_equal(lim, 1);
    assert_int_equal(check_app("琼", KIND_FIRST_FILING, NATURE_ENTERPRISE, 2, 2, 0, &lim), 0);
    assert_int_equal(check_app("琼", KIND_NEW_SITE, NATURE_INDIVIDUAL, 2, 2, 1, &lim), 0);
    /* Jiangxi: more than 7 (individual) or 15 (organisation) filed sites. */
    assert_int_equal(check_app("赣", KIND_NEW_SITE, NATURE_INDIVIDUAL, 2, 2, 7, &lim), 0);
    assert_int_equal(check_app("赣", KIND_NEW_SITE, NATURE_INDIVIDUAL, 2, 2, 8, &lim),
                     -ERR_PROVINCE_CROWDED_DOMAINS);
    assert_int_equal(lim, 1);
    assert_int_equal(check_app("赣", KIND_NEW_SITE, NATURE_INDIVIDUAL, 1, 1, 8, &lim), 0);
    assert_int_equal(check_app("赣", KIND_NEW_SITE, NATURE_ENTERPRISE, 2, 2, 15, &lim), 0);
    assert_int_equal(check_app("赣", KIND_NEW_SITE, NATURE_ENTERPRISE, 2, 2, 16, &lim),
                     -ERR_PROVINCE_CROWDED_DOMAINS);
    ProvinceAppCounts c = {KIND_NEW_SITE, NATURE_ENTERPRISE, 9, 9, 0};
    assert_int_equal(province_check_application(by_prefix("晋"), &c, NULL),
                     -ERR_PROVINCE_TOO_MANY_DOMAINS);
    assert_int_equal(province_check_application(NULL, &c, NULL), -ERR_PROVINCE_UNKNOWN);
}

static int check_person(const char *prefix, const char *id, bool permit, int today) {
    ProvinceIndividual f = {CERT_ID_CARD, id, 0, permit, today};
    return province_check_individual(by_prefix(prefix), &f);
}

static void test_individuals(void **state) {
    (void)state;
    const char *hebei_2008 = "130102200806150010"; /* born 2008-06-15 in Hebei */
    /* Hebei: 18+ only. */
    assert_int_equal(check_person("冀", hebei_2008, false, 20260614), -ERR_PROVINCE_MIN_AGE);
    assert_int_equal(check_person("冀", hebei_2008, false, 20260615), 0);
    /* No age rule in Beijing; a non-local individual is accepted there. */
    assert_int_equal(check_person("京", hebei_2008, false, 20200101), 0);
    /* Shandong: under 17 refused. */
    assert_int_equal(check_person("鲁", "370102201006150089", false, 20270614),
                     -ERR_PROVINCE_MIN_AGE);
    assert_int_equal(check_person("鲁", "370102201006150089", false, 20270615), 0);
    /* Xinjiang: local ID only. */
    assert_int_equal(check_person("新", "650102199001010025", false, 20260101), 0);
    assert_int_equal(check_person("新", "110101199003070038", false, 20260101),
                     -ERR_PROVINCE_LOCAL_ID_ONLY);
    assert_int_equal(check_person("新", "110101199003070038", true, 20260101),
                     -ERR_PROVINCE_LOCAL_ID_ONLY);
    ProvinceIndividual passport = {CERT_PASSPORT, NULL, 19900101, false, 20260101};
    assert_int_equal(province_check_individual(by_prefix("新"), &passport),
                     -ERR_PROVINCE_LOCAL_ID_ONLY);
    /* Ningxia and Guangxi: no cross-province individuals. */
    assert_int_equal(check_person("宁", "640104199001010050", false, 20260101), 0);
    assert_int_equal(check_person("宁", "110101199003070038", false, 20260101),
                     -ERR_PROVINCE_NO_CROSS);
    assert_int_equal(check_person("桂", "110101199003070038", true, 20260101),
                     -ERR_PROVINCE_NO_CROSS);
    /* Shanghai: non-locals need the residence permit. */
    assert_int_equal(check_person("沪", "310115199505050040", false, 20260101), 0);
    assert_int_equal(check_person("沪", "110101199003070038", false, 20260101),
                     -ERR_PROVINCE_PERMIT_REQUIRED);
    assert_int_equal(check_person("沪", "110101199003070038", true, 20260101), 0);
    /* Unreadable ID numbers. */
    assert_int_equal(check_person("京", "11010119990230001X", false, 20260101),
                     -ERR_PROVINCE_ID_INVALID);
    assert_int_equal(check_person("京", "1101011990", false, 20260101), -ERR_PROVINCE_ID_INVALID);
    /* Other certificates: the age comes from the birth date given, if any. */
    ProvinceIndividual young = {CERT_HK_MACAO_PERMIT, NULL, 20100101, true, 20260101};
    assert_int_equal(province_check_individual(by_prefix("冀"), &young), -ERR_PROVINCE_MIN_AGE);
    young.birth_date = 0;
    assert_int_equal(province_check_individual(by_prefix("冀"), &young), 0);
    assert_true(province_individual_nonlocal(by_prefix("冀"), &young));
    assert_int_equal(province_check_individual(NULL, &young), -ERR_PROVINCE_UNKNOWN);
}

int main(void) {
    rows = province_seed(&n_rows);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_seed_shape),         cmocka_unit_test(test_seed_prefix_variants),
        cmocka_unit_test(test_seed_rules),         cmocka_unit_test(test_id_helpers),
        cmocka_unit_test(test_application_limits), cmocka_unit_test(test_individuals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
