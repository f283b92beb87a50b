/*
** Unit tests for src/rules/region.c: the GB/T 2260 table, lookups, children
** for the form's dropdowns, nesting checks and telephone area codes.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/err.h"
#include "rules/region.h"

static void test_find(void **state) {
    (void)state;
    const Region *r = region_find("110101");
    assert_non_null(r);
    assert_string_equal(r->name, "东城区");
    assert_int_equal(region_level(r), REGION_DISTRICT);
    const Region *c = region_parent(r);
    assert_non_null(c);
    assert_string_equal(c->code, "110100");
    assert_string_equal(c->name, "市辖区");
    assert_int_equal(region_level(c), REGION_CITY);
    const Region *p = region_parent(c);
    assert_string_equal(p->code, "110000");
    assert_string_equal(p->name, "北京市");
    assert_int_equal(region_level(p), REGION_PROVINCE);
    assert_null(region_parent(p));

    r = region_find("440305");
    assert_string_equal(r->name, "南山区");
    assert_string_equal(region_parent(r)->name, "深圳市");
    assert_string_equal(region_parent(r)->code, "440300");
    assert_string_equal(region_parent(region_parent(r))->name, "广东省");
    assert_string_equal(region_province("440305")->name, "广东省");
    assert_string_equal(region_province("44")->code, "440000");
    assert_null(region_province("99"));
    assert_null(region_province("x"));

    assert_string_equal(region_find("650000")->name, "新疆维吾尔自治区");
    assert_string_equal(region_find("429004")->name, "仙桃市");
    assert_string_equal(region_find("441900")->name, "东莞市");
    assert_null(region_find("999999"));
    assert_null(region_find("11010"));
    assert_null(region_find("1101011"));
    assert_null(region_find("11010a"));
    assert_null(region_find(NULL));
    /* Hong Kong, Macao and Taiwan are not in the mainland table. */
    assert_null(region_find("810000"));
    assert_null(region_find("710000"));
    assert_true(region_count() > 3000 && region_count() < 4000);
}

static void test_find_name(void **state) {
    (void)state;
    const Region *r = region_find_name(NULL, "广东省");
    assert_non_null(r);
    assert_string_equal(r->code, "440000");
    r = region_find_name("440000", "深圳市");
    assert_string_equal(r->code, "440300");
    r = region_find_name("440300", "南山区");
    assert_string_equal(r->code, "440305");
    /* 朝阳区 exists in Beijing and in Changchun: the parent decides. */
    assert_string_equal(region_find_name("110100", "朝阳区")->code, "110105");
    assert_string_equal(region_find_name("220100", "朝阳区")->code, "220104");
    assert_null(region_find_name("440000", "南山区")); /* not a direct child */
    assert_null(region_find_name(NULL, "深圳市"));
    assert_null(region_find_name(NULL, "不存在省"));
}

static void test_children(void **state) {
    (void)state;
    Arena a;
    arena_init(&a);
    size_t n;
    const Region **list = region_children(&a, NULL, &n);
    assert_int_equal(n, 31);
    assert_string_equal(list[0]->code, "110000");
    assert_string_equal(list[30]->code, "650000");
    list = region_children(&a, "440000", &n);
    assert_int_equal(n, 21); /* Guangdong's 21 prefecture-level cities */
    assert_string_equal(list[0]->name, "广州市");
    bool shenzhen = false;
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(region_level(list[i]), REGION_CITY);
        shenzhen |= strcmp(list[i]->name, "深圳市") == 0;
    }
    assert_true(shenzhen);
    list = region_children(&a, "440300", &n);
    assert_true(n >= 9);
    for (size_t i = 0; i < n; i++)
        assert_memory_equal(list[i]->code, "4403", 4);
    list = region_children(&a, "110000", &n);
    assert_int_equal(n, 1);
    assert_string_equal(list[0]->code, "110100");
    list = region_children(&a, "110100", &n);
    assert_int_equal(n, 16);                  /* Beijing's 16 districts */
    list = region_children(&a, "441900", &n); /* Dongguan: no districts */
    assert_null(list);
    assert_int_equal(n, 0);
    list = region_children(&a, "999999", &n);
    assert_null(list);
    assert_int_equal(n, 0);
    list = region_children(&a, "110101", &n);
    assert_int_equal(n, 0);
    /* Every province has cities, every district a city and a province. */
    list = region_children(&a, NULL, &n);
    for (size_t i = 0; i < n; i++) {
        size_t m;
        assert_non_null(region_children(&a, list[i]->code, &m));
        assert_true(m > 0);
    }
    arena_free(&a);
}

static void test_check(void **state) {
    (void)state;
    assert_int_equal(region_check("110000", "110100", "110101"), 0);
    assert_int_equal(region_check("440000", "440300", "440305"), 0);
    assert_int_equal(region_check("420000", "429000", "429004"), 0);
    assert_int_equal(region_check("500000", "500200", "500229"), 0);
    /* A city without districts stands for its own district. */
    assert_int_equal(region_check("440000", "441900", NULL), 0);
    assert_int_equal(region_check("440000", "441900", ""), 0);
    assert_int_equal(region_check("440000", "441900", "441900"), 0);
    /* Nesting errors. */
    assert_int_equal(region_check("440000", "440300", NULL), -ERR_REGION_DISTRICT);
    assert_int_equal(region_check("440000", "440300", "440300"), -ERR_REGION_DISTRICT);
    assert_int_equal(region_check("440000", "440300", "110101"), -ERR_REGION_DISTRICT);
    assert_int_equal(region_check("440000", "440300", "440101"), -ERR_REGION_DISTRICT);
    assert_int_equal(region_check("440000", "440300", "440399"), -ERR_REGION_DISTRICT);
    assert_int_equal(region_check("110000", "440300", "440305"), -ERR_REGION_CITY);
    assert_int_equal(region_check("440000", "440305", "440305"), -ERR_REGION_CITY);
    assert_int_equal(region_check("440000", "440000", "440305"), -ERR_REGION_CITY);
    assert_int_equal(region_check("440000", "449900", "440305"), -ERR_REGION_CITY);
    assert_int_equal(region_check("440300", "440300", "440305"), -ERR_REGION_PROVINCE);
    assert_int_equal(region_check("990000", "440300", "440305"), -ERR_REGION_PROVINCE);
    assert_int_equal(region_check(NULL, NULL, NULL), -ERR_REGION_PROVINCE);
}

static void test_area_codes(void **state) {
    (void)state;
    assert_string_equal(region_area_codes("110100"), "010");
    assert_string_equal(region_area_codes("110105"), "010"); /* from its city */
    assert_string_equal(region_area_codes("440300"), "0755");
    assert_string_equal(region_area_codes("440305"), "0755");
    assert_string_equal(region_area_codes("310100"), "021");
    assert_string_equal(region_area_codes("500200"), "023");
    assert_string_equal(region_area_codes("441900"), "0769");
    assert_string_equal(region_area_codes("460400"), "0898");
    assert_string_equal(region_area_codes("429004"), "0728"); /* its own */
    assert_string_equal(region_area_codes("999999"), "");
    assert_true(region_area_code_known("010"));
    assert_true(region_area_code_known("0755"));
    assert_true(region_area_code_known("0634"));
    assert_false(region_area_code_known("011"));
    assert_false(region_area_code_known("0755,"));
    assert_false(region_area_code_known("075"));
    assert_false(region_area_code_known(NULL));
}

/* The whole table, found code by code (not through the indexes under test). */
static const Region **all_regions(size_t *n) {
    static const Region *all[4000];
    *n = 0;
    char code[16];
    for (int i = 0; i < 1000000; i++) {
        snprintf(code, sizeof code, "%06d", i);
        const Region *r = region_find(code);
        if (r && *n < 4000) all[(*n)++] = r;
    }
    return all;
}

/* The children by range and the area codes by set give what a walk over
** the whole table gives (issue 13: those lookups were linear). */
/* Issue 11: in English, cities and districts are named in English like the
** provinces; every row has an English name in Latin letters. */
static void test_english_names(void **state) {
    (void)state;
    assert_string_equal(region_label(region_find("110000"), LANG_EN), "Beijing");
    assert_string_equal(region_label(region_find("440300"), LANG_EN), "Shenzhen");
    assert_string_equal(region_label(region_find("440305"), LANG_EN), "Nanshan District");
    assert_string_equal(region_label(region_find("610100"), LANG_EN), "Xi'an");
    assert_string_equal(region_label(region_find("222400"), LANG_EN),
                        "Yanbian Korean Autonomous Prefecture");
    assert_string_equal(region_label(region_find("440305"), LANG_ZH), "南山区");
    size_t n;
    Arena a;
    arena_init(&a);
    const Region **prov = region_children(&a, NULL, &n);
    for (size_t i = 0; i < n; i++) {
        size_t nc;
        const Region **cities = region_children(&a, prov[i]->code, &nc);
        for (size_t j = 0; j < nc; j++) {
            const char *en = region_label(cities[j], LANG_EN);
            for (const char *p = en; *p; p++)
                assert_true((unsigned char)*p < 0x80);
            size_t nd;
            const Region **ds = region_children(&a, cities[j]->code, &nd);
            for (size_t k = 0; k < nd; k++)
                for (const char *p = region_label(ds[k], LANG_EN); *p; p++)
                    assert_true((unsigned char)*p < 0x80);
        }
    }
    arena_free(&a);
}

static void test_indexes_agree_with_the_table(void **state) {
    (void)state;
    size_t n;
    const Region **all = all_regions(&n);
    assert_int_equal(n, region_count());
    Arena a;
    arena_init(&a);
    for (size_t p = 0; p <= n; p++) {
        const Region *parent = p < n ? all[p] : NULL;
        size_t k = 0;
        const Region **kids = region_children(&a, parent ? parent->code : NULL, &k);
        size_t j = 0;
        for (size_t i = 0; i < n; i++)
            if (region_parent(all[i]) == parent) {
                assert_true(j < k);
                assert_ptr_equal(kids[j++], all[i]);
            }
        assert_int_equal(j, k);
    }
    arena_free(&a);
    char code[16];
    for (int len = 2; len <= 5; len++)
        for (int v = 0; v < (len == 5 ? 100 : 10000); v++) {
            snprintf(code, sizeof code, "%0*d", len, v);
            if (strlen(code) != (size_t)len) continue;
            bool known = false;
            for (size_t i = 0; i < n && !known; i++)
                for (const char *s = all[i]->area_codes; *s && !known;) {
                    size_t m = strcspn(s, ",");
                    known = m == (size_t)len && !strncmp(s, code, m);
                    s += m + (s[m] == ',');
                }
            assert_int_equal(region_area_code_known(code), known);
        }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_find),          cmocka_unit_test(test_find_name),
        cmocka_unit_test(test_children),      cmocka_unit_test(test_check),
        cmocka_unit_test(test_area_codes),    cmocka_unit_test(test_indexes_agree_with_the_table),
        cmocka_unit_test(test_english_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
