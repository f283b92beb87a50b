/*
** Unit tests for the filing field catalog and filing validation
** (rules/filing_fields.c, filing_values.c, filing_check.c), on complete
** realistic applications and on each bad input the source and the
** providers' rules name.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "rules/filing_check.h"

#define TODAY 20261127

static Arena arena;

static void org_subject(Values *v) {
    values_set(v, F_SUBJECT_PROVINCE, "110000");
    values_set(v, F_SUBJECT_CITY, "110100");
    values_set(v, F_SUBJECT_DISTRICT, "110105");
    values_set(v, F_SUBJECT_NATURE, "enterprise");
    values_set(v, F_SUBJECT_CERT_TYPE, "uscc");
    values_set(v, F_SUBJECT_CERT_NUMBER, "91110000802100433b");
    values_set(v, F_SUBJECT_NAME, "北京示例科技有限公司");
    values_set(v, F_SUBJECT_ADDRESS, "北京市朝阳区建国路 88 号 9 层");
    values_set(v, F_SUBJECT_INVESTOR, "北京示例科技有限公司");
    values_set(v, F_PRINCIPAL_NAME, "张三");
    values_set(v, F_PRINCIPAL_ID_TYPE, "id_card");
    values_set(v, F_PRINCIPAL_ID_NUMBER, "110105198503151230");
    values_set(v, F_PRINCIPAL_ID_EXPIRY, "2035-03-15");
    values_set(v, F_PRINCIPAL_MOBILE, "138 1234 5678");
    values_set(v, F_PRINCIPAL_LANDLINE, "(010)65001234");
    values_set(v, F_PRINCIPAL_EMERGENCY, "13900001111");
    values_set(v, F_PRINCIPAL_EMAIL, "zhangsan@example.com");
    values_set(v, F_LEGAL_SAME, "1");
}

static void site(Values *v) {
    values_set(v, F_SITE_NAME, "示例科技官方网站");
    values_set(v, F_SITE_DOMAIN, "Example-Tech.cn");
    values_set(v, F_SITE_HOME_URL, "https://www.example-tech.cn/");
    values_set(v, F_SITE_SERVICES, "portal");
    values_set(v, F_SITE_LANGUAGES, "zh_hans\nen");
    values_set(v, F_SITE_DESCRIPTION, "北京示例科技有限公司的企业门户网站，介绍公司产品与服务。");
    values_set(v, F_SITE_PRINCIPAL_SAME, "1");
    values_set(v, F_ACCESS_IPS, "203.119.10.8\n2400:3200::1");
    values_set(v, F_ACCESS_METHOD, "virtual_host");
}

static FilingContext ctx_for(AppKind k) {
    FilingContext c = {0};
    c.kind = k;
    c.today = TODAY;
    c.rows = province_seed(&c.nrows);
    return c;
}

static void test_first_filing_org_passes_and_normalises(void **state) {
    (void)state;
    Values v;
    values_init(&v, &arena);
    org_subject(&v);
    site(&v);
    FilingContext c = ctx_for(KIND_FIRST_FILING);
    FilingIssues is = {0};
    int rc = filing_check_all(&arena, &c, &v, &is);
    for (size_t i = 0; i < is.n; i++)
        print_message("%s: %d\n", filing_field_key(is.items[i].field), is.items[i].code);
    assert_int_equal(rc, 0);
    assert_string_equal(values_get(&v, F_SUBJECT_CERT_NUMBER), "91110000802100433B");
    assert_string_equal(values_get(&v, F_PRINCIPAL_MOBILE), "13812345678");
    assert_string_equal(values_get(&v, F_PRINCIPAL_LANDLINE), "010-65001234");
    assert_string_equal(values_get(&v, F_SITE_DOMAIN), "example-tech.cn");
    /* "same as" copied the principal into the legal rep and the site principal */
    assert_string_equal(values_get(&v, F_LEGAL_NAME), "张三");
    assert_string_equal(values_get(&v, F_SITE_PRINCIPAL_ID_NUMBER), "110105198503151230");
    assert_string_equal(filing_province(&c, &v)->prefix, "京");
}

static void test_bad_id_checksum_names_the_field(void **state) {
    (void)state;
    Values v;
    values_init(&v, &arena);
    org_subject(&v);
    values_set(&v, F_PRINCIPAL_ID_NUMBER, "110105198503151231");
    FilingContext c = ctx_for(KIND_FIRST_FILING);
    FilingIssues is = {0};
    assert_int_equal(filing_check_step(&arena, STEP_SUBJECT, &c, &v, &is), -ERR_INVALID_INPUT);
    assert_int_equal(filing_issue(&is, F_PRINCIPAL_ID_NUMBER), ERR_ID_CARD_CHECKSUM);
    assert_int_equal(is.n, 1);
}

static void test_bad_credit_code(void **state) {
    (void)state;
    Values v;
    values_init(&v, &arena);
    org_subject(&v);
    values_set(&v, F_SUBJECT_CERT_NUMBER, "91110000802100433C");
    FilingContext c = ctx_for(KIND_FIRST_FILING);
    FilingIssues is = {0};
    filing_check_step(&arena, STEP_SUBJECT, &c, &v, &is);
    assert_int_equal(filing_issue(&is, F_SUBJECT_CERT_NUMBER), ERR_USCC_CHECKSUM);
    /* An individual cannot file with a company certificate. */
    values_set(&v, F_SUBJECT_NATURE, "individual");
    is.n = 0;
    filing_check_step(&arena, STEP_SUBJECT, &c, &v, &is);
    assert_int_equal(filing_issue(&is, F_SUBJECT_CERT_TYPE), ERR_CERT_TYPE_NATURE);
}

static void test_company_site_name_reserved(void **state) {
    (void)state;
    Values v;
    values_init(&v, &arena);
    org_subject(&v);
    site(&v);
    values_set(&v, F_SITE_NAME, "中国示例科技网");
    FilingContext c = ctx_for(KIND_FIRST_FILING);
    FilingIssues is = {0};
    assert_int_equal(filing_check_all(&arena, &c, &v, &is), -ERR_INVALID_INPUT);
    assert_int_equal(filing_issue(&is, F_SITE_NAME), ERR_SITE_NAME_RESERVED);
}

static void test_same_phone_for_both_principals(void **state) {
    (void)state;
    Values v;
    values_init(&v, &arena);
    org_subject(&v);
    site(&v);
    values_set(&v, F_SITE_PRINCIPAL_SAME, "");
    values_set(&v, F_SITE_PRINCIPAL_NAME, "李四");
    values_set(&v, F_SITE_PRINCIPAL_ID_TYPE, "id_card");
    values_set(&v, F_SITE_PRINCIPAL_ID_NUMBER, "440305199001010026");
    values_set(&v, F_SITE_PRINCIPAL_ID_EXPIRY, "长期");
    values_set(&v, F_SITE_PRINCIPAL_MOBILE, "13812345678"); /* the subject principal's */
    values_set(&v, F_SITE_PRINCIPAL_EMERGENCY, "13700002222");
    values_set(&v, F_SITE_PRINCIPAL_EMAIL, "lisi@example.com");
    FilingContext c = ctx_for(KIND_FIRST_FILING);
    FilingIssues is = {0};
    assert_int_equal(filing_check_all(&arena, &c, &v, &is), -ERR_INVALID_INPUT);
    assert_int_equal(filing_issue(&is, F_SITE_PRINCIPAL_MOBILE), ERR_CONTACT_MOBILE_SHARED);
    /* With a phone of their own it passes. */
    values_set(&v, F_SITE_PRINCIPAL_MOBILE, "13655556666");
    is.n = 0;
    assert_int_equal(filing_check_all(&arena, &c, &v, &is), 0);
}

static void test_one_domain_per_new_site(void **state) {
    (void)state;
    Values v;
    values_init(&v, &arena);
    site(&v);
    values_set(&v, F_SITE_DOMAIN, "example-tech.cn example-tech.com");
    FilingContext c = ctx_for(KIND_NEW_SITE);
    c.nature = NATURE_ENTERPRISE;
    FilingIssues is = {0};
    filing_check_step(&arena, STEP_SITE, &c, &v, &is);
    assert_int_equal(filing_issue(&is, F_SITE_DOMAIN), ERR_DOMAIN_ONE_PER_SITE);
}

/* Issue 11, broken 6: a domain in Chinese characters under a Chinese TLD is
** one domain (the separators are whole characters, not bytes), and a "www."
** typed before the domain is taken off. */
static void test_domain_chinese_and_www(void **state) {
    (void)state;
    FilingContext c = ctx_for(KIND_NEW_SITE);
    c.nature = NATURE_ENTERPRISE;
    const char *ok[][2] = {{"中文网站.中国", "xn--fiq228c37oz8d.xn--fiqs8s"},
                           {"示例科技。公司", NULL},
                           {"www.example.com.cn", "example.com.cn"},
                           {"WWW.Example-Tech.cn", "example-tech.cn"}};
    for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
        Values v;
        values_init(&v, &arena);
        site(&v);
        values_set(&v, F_SITE_DOMAIN, ok[i][0]);
        FilingIssues is = {0};
        filing_check_step(&arena, STEP_SITE, &c, &v, &is);
        print_message("%s -> %d %s\n", ok[i][0], filing_issue(&is, F_SITE_DOMAIN),
                      values_get(&v, F_SITE_DOMAIN));
        assert_int_equal(filing_issue(&is, F_SITE_DOMAIN), 0);
        if (ok[i][1]) assert_string_equal(values_get(&v, F_SITE_DOMAIN), ok[i][1]);
    }
    const char *bad[][2] = {{"中文网站.中国，示例.中国", "one"}, {"shop.example.com.cn", "sub"}};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        Values v;
        values_init(&v, &arena);
        site(&v);
        values_set(&v, F_SITE_DOMAIN, bad[i][0]);
        FilingIssues is = {0};
        filing_check_step(&arena, STEP_SITE, &c, &v, &is);
        assert_int_equal(filing_issue(&is, F_SITE_DOMAIN),
                         bad[i][1][0] == 'o' ? ERR_DOMAIN_ONE_PER_SITE : ERR_DOMAIN_SUBDOMAIN);
    }
}

static void test_individual_rules(void **state) {
    (void)state;
    Values v;
    values_init(&v, &arena);
    values_set(&v, F_SUBJECT_PROVINCE, "130000"); /* 冀: 18+ */
    values_set(&v, F_SUBJECT_CITY, "130100");
    values_set(&v, F_SUBJECT_DISTRICT, "130102");
    values_set(&v, F_SUBJECT_NATURE, "individual");
    values_set(&v, F_SUBJECT_CERT_TYPE, "id_card");
    values_set(&v, F_SUBJECT_CERT_NUMBER, "130102199905050079");
    values_set(&v, F_SUBJECT_NAME, "王五");
    values_set(&v, F_SUBJECT_ADDRESS, "河北省石家庄市长安区中山东路 1 号");
    values_set(&v, F_PRINCIPAL_NAME, "王五");
    values_set(&v, F_PRINCIPAL_ID_TYPE, "id_card");
    values_set(&v, F_PRINCIPAL_ID_NUMBER, "130102199905050079");
    values_set(&v, F_PRINCIPAL_ID_EXPIRY, "2030-01-01");
    values_set(&v, F_PRINCIPAL_MOBILE, "13312345678");
    values_set(&v, F_PRINCIPAL_EMERGENCY, "13312345678"); /* own mobile */
    values_set(&v, F_PRINCIPAL_EMAIL, "wangwu@example.com");
    site(&v);
    values_set(&v, F_SITE_NAME, "王五的读书笔记");
    values_set(&v, F_SITE_SERVICES, "blog");
    values_set(&v, F_SITE_DESCRIPTION,
               "个人读书笔记与生活随笔，记录阅读心得，不涉及任何经营活动。");
    FilingContext c = ctx_for(KIND_FIRST_FILING);
    FilingIssues is = {0};
    assert_int_equal(filing_check_all(&arena, &c, &v, &is), -ERR_INVALID_INPUT);
    assert_int_equal(filing_issue(&is, F_PRINCIPAL_EMERGENCY), ERR_CONTACT_EMERGENCY_SAME);
    values_set(&v, F_PRINCIPAL_EMERGENCY, "13312340000");
    is.n = 0;
    assert_int_equal(filing_check_all(&arena, &c, &v, &is), 0);
    /* A company-like name for an individual site; a name that is not the principal's. */
    values_set(&v, F_SITE_NAME, "王五科技有限公司");
    values_set(&v, F_SUBJECT_NAME, "王六");
    is.n = 0;
    filing_check_all(&arena, &c, &v, &is);
    assert_int_equal(filing_issue(&is, F_SITE_NAME), ERR_SITE_NAME_PERSONAL);
    assert_int_equal(filing_issue(&is, F_SUBJECT_NAME), ERR_SUBJECT_NAME_PRINCIPAL);
}

static void test_generic_rules(void **state) {
    (void)state;
    Values v;
    values_init(&v, &arena);
    site(&v);
    values_set(&v, F_SITE_SERVICES, "portal\nnot-a-service");
    values_set(&v, F_ACCESS_IPS, "10.0.0.1");
    values_set(&v, F_ACCESS_METHOD, "carrier-pigeon");
    values_set(&v, F_SITE_COMMERCIAL, "1");
    values_set(&v, F_SITE_DESCRIPTION, "太短");
    FilingContext c = ctx_for(KIND_NEW_SITE);
    c.nature = NATURE_ENTERPRISE;
    FilingIssues is = {0};
    filing_check_step(&arena, STEP_SITE, &c, &v, &is);
    filing_check_step(&arena, STEP_ACCESS, &c, &v, &is);
    assert_int_equal(filing_issue(&is, F_SITE_SERVICES), ERR_FIELD_CHOICE);
    assert_int_equal(filing_issue(&is, F_SITE_LICENCE), ERR_LICENCE_REQUIRED);
    assert_int_equal(filing_issue(&is, F_SITE_DESCRIPTION), ERR_DESCRIPTION_LENGTH);
    assert_int_equal(filing_issue(&is, F_ACCESS_IPS), ERR_IP_PRIVATE);
    assert_int_equal(filing_issue(&is, F_ACCESS_METHOD), ERR_FIELD_CHOICE);
    /* Required fields name themselves. */
    Values empty;
    values_init(&empty, &arena);
    is.n = 0;
    filing_check_step(&arena, STEP_CLAIM, &c, &empty, &is);
    c.kind = KIND_NEW_SITE_EXTERNAL;
    filing_check_step(&arena, STEP_CLAIM, &c, &empty, &is);
    assert_int_equal(filing_issue(&is, F_CLAIM_SUBJECT_NUMBER), ERR_FIELD_REQUIRED);
    assert_int_equal(filing_issue(&is, F_CLAIM_PASSWORD), ERR_FIELD_REQUIRED);
    /* The claimed subject's principal is checked like any other person. */
    Values claim;
    values_init(&claim, &arena);
    values_set(&claim, F_CLAIM_SUBJECT_NUMBER, "粤ICP备12345678号");
    values_set(&claim, F_CLAIM_PASSWORD, "pw");
    values_set(&claim, F_CLAIM_NATURE, "enterprise");
    values_set(&claim, F_CLAIM_SUBJECT_NAME, "深圳示例网络有限公司");
    values_set(&claim, F_CLAIM_PRINCIPAL_NAME, "赵六");
    values_set(&claim, F_CLAIM_PRINCIPAL_ID_TYPE, "id_card");
    values_set(&claim, F_CLAIM_PRINCIPAL_ID_NUMBER, "110101198001010011");
    values_set(&claim, F_CLAIM_PRINCIPAL_MOBILE, "12");
    values_set(&claim, F_CLAIM_PRINCIPAL_EMAIL, "not an email");
    is.n = 0;
    filing_check_step(&arena, STEP_CLAIM, &c, &claim, &is);
    assert_int_equal(filing_issue(&is, F_CLAIM_PRINCIPAL_ID_NUMBER), ERR_ID_CARD_CHECKSUM);
    assert_int_equal(filing_issue(&is, F_CLAIM_PRINCIPAL_MOBILE), ERR_MOBILE);
    assert_int_equal(filing_issue(&is, F_CLAIM_PRINCIPAL_EMAIL), ERR_EMAIL);
    assert_string_equal(values_get(&claim, F_CLAIM_SUBJECT_NUMBER), "粤ICP备12345678号");
}

static void test_steps_and_catalog(void **state) {
    (void)state;
    size_t n;
    const FilingStep *s = filing_steps(KIND_NEW_SITE_EXTERNAL, &n);
    assert_int_equal(n, 4);
    assert_int_equal(s[0], STEP_CLAIM);
    assert_int_equal(s[3], STEP_VERIFY);
    assert_false(filing_kind_has_step(KIND_NEW_SITE, STEP_SUBJECT));
    assert_true(filing_kind_has_step(KIND_CHANGE_ACCESS, STEP_ACCESS));
    const FilingField *f = filing_field(F_PRINCIPAL_ID_NUMBER);
    assert_non_null(f);
    assert_true(f->flags & FD_PERSONAL);
    assert_null(filing_field(FIELD_NONE));
    assert_null(filing_field(FIELD__COUNT));
    assert_int_equal(filing_field_id("principal_id_number"), F_PRINCIPAL_ID_NUMBER);
    assert_int_equal(filing_field_id("nope"), FIELD_NONE);
    assert_int_equal(filing_field_id(""), FIELD_NONE);
    const FilingChoice *c = filing_choices("province", &n);
    assert_int_equal(n, 31);
    assert_string_equal(c[0].id, "110000");
    assert_string_equal(filing_choice_label("nature", "individual", LANG_ZH), "个人");
    /* Every field's choice list exists; rows are in id order; each key is its
    ** id in lower case and is found again by filing_field_id. */
    const FilingField *all = filing_fields(&n);
    assert_int_equal(n, FIELD__COUNT - 1);
    for (size_t i = 0; i < n; i++) {
        size_t m;
        assert_int_equal(all[i].id, (int)i + 1);
        assert_int_equal(filing_field_id(all[i].key), all[i].id);
        assert_ptr_equal(filing_field(all[i].id), &all[i]);
        if (all[i].choices && strcmp(all[i].choices, "city") && strcmp(all[i].choices, "district"))
            assert_non_null(filing_choices(all[i].choices, &m));
        assert_non_null(all[i].label_zh);
        assert_non_null(all[i].label_en);
    }
    static const char *const names[] = {
#define X(ID, ...) #ID,
#include "rules/fields.def"
#undef X
    };
    for (size_t i = 0; i < n; i++) {
        char lower[64];
        size_t k = 0;
        for (; names[i][k] && k < sizeof lower - 1; k++)
            lower[k] =
                (char)(names[i][k] >= 'A' && names[i][k] <= 'Z' ? names[i][k] + 32 : names[i][k]);
        lower[k] = 0;
        assert_string_equal(all[i].key, lower);
    }
}

/* A person's fields are found from any of them; "same as" copies them. */
static void test_person_fields(void **state) {
    (void)state;
    assert_ptr_equal(person_of_field(F_SITE_PRINCIPAL_EMAIL), &PERSON_SITE_PRINCIPAL);
    assert_ptr_equal(person_of_field(F_LEGAL_ID_NUMBER), &PERSON_LEGAL);
    assert_null(person_of_field(F_SITE_DOMAIN));
    assert_null(person_of_field(FIELD_NONE));
    Values v;
    values_init(&v, &arena);
    values_set(&v, F_CLAIM_PRINCIPAL_NAME, "李四");
    values_set(&v, F_CLAIM_PRINCIPAL_MOBILE, "13900001111");
    Values p;
    values_init(&p, &arena);
    values_copy_person(&p, &PERSON_PRINCIPAL, &v, &PERSON_CLAIM);
    assert_string_equal(values_get(&p, F_PRINCIPAL_NAME), "李四");
    assert_string_equal(values_get(&p, F_PRINCIPAL_MOBILE), "13900001111");
    assert_false(values_has(&p, F_PRINCIPAL_LANDLINE)); /* the claim has none */
    assert_int_equal(values_count(&p), 5);
}

/* Issue 11: a field's own error and a rule across fields come back in one
** round, not the second only once the first is fixed. */
static void test_errors_in_one_round(void **state) {
    (void)state;
    Values v;
    values_init(&v, &arena);
    org_subject(&v);
    values_set(&v, F_PRINCIPAL_EMAIL, "not an e-mail");
    values_set(&v, F_PRINCIPAL_EMERGENCY, "13812345678"); /* the principal's own mobile */
    FilingContext c = ctx_for(KIND_FIRST_FILING);
    FilingIssues is = {0};
    assert_int_equal(filing_check_step(&arena, STEP_SUBJECT, &c, &v, &is), -ERR_INVALID_INPUT);
    assert_int_equal(filing_issue(&is, F_PRINCIPAL_EMAIL), ERR_EMAIL);
    assert_int_equal(filing_issue(&is, F_PRINCIPAL_EMERGENCY), ERR_CONTACT_EMERGENCY_SAME);
    /* The whole application: a bad site field and a shared mobile at once. */
    values_init(&v, &arena);
    org_subject(&v);
    site(&v);
    values_set(&v, F_SITE_DESCRIPTION, "太短");
    values_set(&v, F_SITE_PRINCIPAL_SAME, "");
    values_set(&v, F_SITE_PRINCIPAL_NAME, "李四");
    values_set(&v, F_SITE_PRINCIPAL_ID_TYPE, "id_card");
    values_set(&v, F_SITE_PRINCIPAL_ID_NUMBER, "440305199001010026");
    values_set(&v, F_SITE_PRINCIPAL_ID_EXPIRY, "长期");
    values_set(&v, F_SITE_PRINCIPAL_MOBILE, "13812345678");
    values_set(&v, F_SITE_PRINCIPAL_EMERGENCY, "13700002222");
    values_set(&v, F_SITE_PRINCIPAL_EMAIL, "lisi@example.com");
    is.n = 0;
    assert_int_equal(filing_check_all(&arena, &c, &v, &is), -ERR_INVALID_INPUT);
    assert_int_equal(filing_issue(&is, F_SITE_DESCRIPTION), ERR_DESCRIPTION_LENGTH);
    assert_int_equal(filing_issue(&is, F_SITE_PRINCIPAL_MOBILE), ERR_CONTACT_MOBILE_SHARED);
    /* An ID in error cannot say who is who: no "shared mobile" guessed. */
    values_set(&v, F_SITE_PRINCIPAL_ID_NUMBER, "440305199001010027");
    is.n = 0;
    filing_check_all(&arena, &c, &v, &is);
    assert_int_equal(filing_issue(&is, F_SITE_PRINCIPAL_ID_NUMBER), ERR_ID_CARD_CHECKSUM);
    assert_int_equal(filing_issue(&is, F_SITE_PRINCIPAL_MOBILE), 0);
}

/* The forms' required mark (filing_field_required) is the checker's rule:
** for each nature, every empty field the checker refuses is marked, and
** every marked field is refused when empty. */
static void check_marks(AppKind kind, FilingStep step, const char *nature, const Values *extra) {
    Values v;
    values_init(&v, &arena);
    if (extra) values_overlay(&v, extra);
    values_set(&v, step == STEP_CLAIM ? F_CLAIM_NATURE : F_SUBJECT_NATURE, nature);
    FilingContext c = ctx_for(kind);
    c.nature = nature_parse(nature);
    FilingIssues is = {0};
    filing_check_step(&arena, step, &c, &v, &is);
    size_t n;
    const FilingField *f = filing_fields(&n);
    for (size_t i = 0; i < n; i++) {
        if (f[i].step != step || f[i].input == IN_BOOL || *values_get(&v, f[i].id)) continue;
        bool marked = filing_field_required(&f[i], kind, c.nature, &v);
        bool refused = filing_issue(&is, f[i].id) != 0;
        if (marked != refused)
            print_message("%s (%s): marked %d, refused %d\n", f[i].key, nature, marked, refused);
        assert_int_equal(marked, refused);
    }
}

static void test_required_marks_follow_rules(void **state) {
    (void)state;
    Values extra;
    values_init(&extra, &arena);
    values_set(&extra, F_SUBJECT_PROVINCE, "110000");
    values_set(&extra, F_SUBJECT_CITY, "110100");
    check_marks(KIND_FIRST_FILING, STEP_SUBJECT, "enterprise", &extra);
    check_marks(KIND_FIRST_FILING, STEP_SUBJECT, "individual", &extra);
    values_set(&extra, F_LEGAL_SAME, "1");
    check_marks(KIND_FIRST_FILING, STEP_SUBJECT, "government", &extra);
    values_set(&extra, F_SUBJECT_CITY, "441900"); /* 东莞: no districts */
    check_marks(KIND_FIRST_FILING, STEP_SUBJECT, "enterprise", &extra);
    Values site_extra;
    values_init(&site_extra, &arena);
    values_set(&site_extra, F_SITE_COMMERCIAL, "1");
    values_set(&site_extra, F_SITE_PREAPPROVALS, "news");
    check_marks(KIND_FIRST_FILING, STEP_SITE, "enterprise", &site_extra);
    check_marks(KIND_NEW_SITE_EXTERNAL, STEP_CLAIM, "enterprise", NULL);
    values_set(&site_extra, F_SITE_PRINCIPAL_SAME, "1");
    check_marks(KIND_NEW_SITE_EXTERNAL, STEP_SITE, "enterprise", &site_extra);
    /* The office phone: organisations only. */
    const FilingField *landline = filing_field(F_PRINCIPAL_LANDLINE);
    assert_true(filing_field_required(landline, KIND_FIRST_FILING, NATURE_ENTERPRISE, &extra));
    assert_false(filing_field_required(landline, KIND_FIRST_FILING, NATURE_INDIVIDUAL, &extra));
}

/* An individual is their own principal: the ID is typed once. */
static void test_individual_types_id_once(void **state) {
    (void)state;
    Values v;
    values_init(&v, &arena);
    values_set(&v, F_SUBJECT_PROVINCE, "110000");
    values_set(&v, F_SUBJECT_CITY, "110100");
    values_set(&v, F_SUBJECT_DISTRICT, "110105");
    values_set(&v, F_SUBJECT_NATURE, "individual");
    values_set(&v, F_SUBJECT_CERT_TYPE, "id_card");
    values_set(&v, F_SUBJECT_CERT_NUMBER, "110105198503151230");
    values_set(&v, F_SUBJECT_NAME, "王五");
    values_set(&v, F_SUBJECT_ADDRESS, "北京市朝阳区建国路 1 号");
    values_set(&v, F_PRINCIPAL_NAME, "王五");
    values_set(&v, F_PRINCIPAL_ID_EXPIRY, "长期");
    values_set(&v, F_PRINCIPAL_MOBILE, "13312345678");
    values_set(&v, F_PRINCIPAL_EMERGENCY, "13312340000");
    values_set(&v, F_PRINCIPAL_EMAIL, "wangwu@example.com");
    FilingContext c = ctx_for(KIND_FIRST_FILING);
    FilingIssues is = {0};
    int rc = filing_check_step(&arena, STEP_SUBJECT, &c, &v, &is);
    for (size_t i = 0; i < is.n; i++)
        print_message("%s: %d\n", filing_field_key(is.items[i].field), is.items[i].code);
    assert_int_equal(rc, 0);
    assert_string_equal(values_get(&v, F_PRINCIPAL_ID_TYPE), "id_card");
    assert_string_equal(values_get(&v, F_PRINCIPAL_ID_NUMBER), "110105198503151230");
    assert_false(filing_field_applies(filing_field(F_PRINCIPAL_ID_NUMBER), KIND_FIRST_FILING,
                                      NATURE_INDIVIDUAL, &v));
    assert_true(filing_field_applies(filing_field(F_PRINCIPAL_ID_NUMBER), KIND_FIRST_FILING,
                                     NATURE_ENTERPRISE, &v));
}

/* A new site for a subject filed elsewhere: "the site principal is the
** subject principal" copies the claimed principal; what the claim has not
** (ID expiry, emergency phone) is typed. */
static void test_claim_site_principal_same(void **state) {
    (void)state;
    Values v;
    values_init(&v, &arena);
    values_set(&v, F_CLAIM_SUBJECT_NUMBER, "京ICP备18008888号");
    values_set(&v, F_CLAIM_NATURE, "enterprise");
    values_set(&v, F_CLAIM_PRINCIPAL_NAME, "赵六");
    values_set(&v, F_CLAIM_PRINCIPAL_ID_TYPE, "id_card");
    values_set(&v, F_CLAIM_PRINCIPAL_ID_NUMBER, "110105198503151230");
    values_set(&v, F_CLAIM_PRINCIPAL_MOBILE, "13912345678");
    values_set(&v, F_CLAIM_PRINCIPAL_EMAIL, "zhao@example.com");
    site(&v);
    values_set(&v, F_SITE_PRINCIPAL_SAME, "1");
    values_set(&v, F_SITE_PRINCIPAL_ID_EXPIRY, "长期");
    values_set(&v, F_SITE_PRINCIPAL_EMERGENCY, "13700002222");
    FilingContext c = ctx_for(KIND_NEW_SITE_EXTERNAL);
    FilingIssues is = {0};
    int rc = filing_check_step(&arena, STEP_SITE, &c, &v, &is);
    for (size_t i = 0; i < is.n; i++)
        print_message("%s: %d\n", filing_field_key(is.items[i].field), is.items[i].code);
    assert_int_equal(rc, 0);
    assert_string_equal(values_get(&v, F_SITE_PRINCIPAL_NAME), "赵六");
    assert_string_equal(values_get(&v, F_SITE_PRINCIPAL_MOBILE), "13912345678");
    assert_string_equal(values_get(&v, F_SITE_PRINCIPAL_ID_EXPIRY), "长期");
    assert_int_equal(
        filing_field_copied_by(filing_field(F_SITE_PRINCIPAL_NAME), KIND_NEW_SITE_EXTERNAL),
        F_SITE_PRINCIPAL_SAME);
    assert_int_equal(
        filing_field_copied_by(filing_field(F_SITE_PRINCIPAL_EMERGENCY), KIND_NEW_SITE_EXTERNAL),
        FIELD_NONE);
}

/* A permanent ID's expiry: 长期, or in English "permanent" / "long-term"
** in any case, all stored as 长期; anything else is a format error. */
static void test_id_expiry_permanent_in_english(void **state) {
    (void)state;
    static const char *const same[] = {"长期", "permanent", "Permanent", "LONG-TERM", "long-term"};
    for (size_t i = 0; i < sizeof same / sizeof *same; i++) {
        Values v;
        values_init(&v, &arena);
        org_subject(&v);
        values_set(&v, F_PRINCIPAL_ID_EXPIRY, same[i]);
        FilingContext c = ctx_for(KIND_FIRST_FILING);
        FilingIssues is = {0};
        assert_int_equal(filing_check_step(&arena, STEP_SUBJECT, &c, &v, &is), 0);
        assert_string_equal(values_get(&v, F_PRINCIPAL_ID_EXPIRY), "长期");
    }
    Values v;
    values_init(&v, &arena);
    org_subject(&v);
    values_set(&v, F_PRINCIPAL_ID_EXPIRY, "forever");
    FilingContext c = ctx_for(KIND_FIRST_FILING);
    FilingIssues is = {0};
    assert_int_not_equal(filing_check_step(&arena, STEP_SUBJECT, &c, &v, &is), 0);
    assert_int_equal(is.n, 1);
    assert_int_equal(is.items[0].field, F_PRINCIPAL_ID_EXPIRY);
    assert_int_equal(is.items[0].code, ERR_ID_EXPIRY_FORMAT);
}

static int teardown(void **state) {
    (void)state;
    arena_free(&arena);
    return 0;
}

int main(void) {
    arena_init(&arena);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_first_filing_org_passes_and_normalises),
        cmocka_unit_test(test_bad_id_checksum_names_the_field),
        cmocka_unit_test(test_bad_credit_code),
        cmocka_unit_test(test_company_site_name_reserved),
        cmocka_unit_test(test_same_phone_for_both_principals),
        cmocka_unit_test(test_one_domain_per_new_site),
        cmocka_unit_test(test_domain_chinese_and_www),
        cmocka_unit_test(test_individual_rules),
        cmocka_unit_test(test_generic_rules),
        cmocka_unit_test(test_steps_and_catalog),
        cmocka_unit_test(test_person_fields),
        cmocka_unit_test(test_errors_in_one_round),
        cmocka_unit_test(test_required_marks_follow_rules),
        cmocka_unit_test(test_individual_types_id_once),
        cmocka_unit_test(test_claim_site_principal_same),
        cmocka_unit_test(test_id_expiry_permanent_in_english),
    };
    return cmocka_run_group_tests(tests, NULL, teardown);
}
