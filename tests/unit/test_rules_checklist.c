/*
** Unit tests for rules/checklist: one test per row of DESIGN.md §4 (seed §1,
** §2, §4.4, §6), the authorisation letter's conditions, every application
** kind, counts per site and domain, and the error cases.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/err.h"
#include "rules/checklist.h"

static const ProvinceRules *prov(int code) {
    size_t n;
    const ProvinceRules *rows = province_seed(&n);
    const ProvinceRules *p = province_find(rows, n, code);
    assert_non_null(p);
    return p;
}

enum { BJ = 11, LN = 21, SH = 31, JX = 36, GD = 44, XJ = 65 };

/* The codes of the items, space-separated, in order. */
static const char *codes(const Checklist *c) {
    static char buf[1024];
    buf[0] = 0;
    for (size_t i = 0; i < c->n_items; i++) {
        if (i) strcat(buf, " ");
        strcat(buf, c->items[i].code);
    }
    return buf;
}

static const char *notices(const Checklist *c) {
    static char buf[512];
    buf[0] = 0;
    for (size_t i = 0; i < c->n_notices; i++) {
        if (i) strcat(buf, " ");
        strcat(buf, c->notices[i].code);
    }
    return buf;
}

static Checklist build(const ChecklistFacts *f, int province) {
    Checklist c;
    assert_int_equal(checklist_build(f, prov(province), &c), 0);
    return c;
}

static const ChecklistItem *item(const Checklist *c, const char *code) {
    const ChecklistItem *it = checklist_find(c, code);
    assert_non_null(it);
    return it;
}

static void expect_item(const Checklist *c, const char *code, int copies, int total, Signature sig,
                        bool printed, bool upload) {
    const ChecklistItem *it = item(c, code);
    assert_int_equal(it->copies, copies);
    assert_int_equal(it->total, total);
    assert_int_equal(it->signature, sig);
    assert_int_equal(it->printed, printed);
    assert_int_equal(it->upload, upload);
    assert_true(strlen(it->zh) > 0 && strlen(it->en) > 0);
}

/* DESIGN.md §4 row 1 / seed §1.1 A: an organisation verified on site. */
static void test_org_onsite(void **state) {
    (void)state;
    ChecklistFacts f = {.kind = KIND_FIRST_FILING, .nature = NATURE_ENTERPRISE, .n_sites = 1};
    Checklist c = build(&f, LN);
    assert_string_equal(codes(&c), "verification_form security_agreement licence_copy "
                                   "legal_rep_id_copy site_principal_id_copy domain_certificate");
    expect_item(&c, "verification_form", 2, 2, SIG_ORG, true, true);
    expect_item(&c, "security_agreement", 2, 2, SIG_ORG, true, false);
    expect_item(&c, "licence_copy", 2, 2, SIG_NONE, false, true);
    expect_item(&c, "legal_rep_id_copy", 2, 2, SIG_NONE, false, true);
    expect_item(&c, "site_principal_id_copy", 2, 2, SIG_NONE, false, true);
    expect_item(&c, "domain_certificate", 2, 2, SIG_NONE, false, true);
    assert_string_equal(item(&c, "licence_copy")->zh, "营业执照复印件");
    assert_string_equal(item(&c, "verification_form")->zh, "网站备案信息真实性核验单");
    assert_null(item(&c, "verification_form")->note_zh);
    assert_true(c.onsite);
    assert_string_equal(notices(&c), "onsite_required sms_verification");
    /* Issue 11: no "上列" (the list is not above the notice on every page). */
    for (size_t i = 0; i < c.n_notices; i++)
        assert_null(strstr(c.notices[i].zh, "上列"));
    assert_string_equal(signature_label(SIG_ORG, LANG_ZH), "负责人签字并加盖公章");
}

/* DESIGN.md §4 row 2 / seed §1.1 B: an individual verified on site. */
static void test_individual_onsite(void **state) {
    (void)state;
    ChecklistFacts f = {
        .kind = KIND_NEW_SITE_EXTERNAL, .nature = NATURE_INDIVIDUAL, .principal_id_province = LN};
    Checklist c = build(&f, LN);
    assert_string_equal(codes(&c), "verification_form security_agreement principal_id_copy "
                                   "domain_certificate");
    expect_item(&c, "verification_form", 2, 2, SIG_INDIVIDUAL, true, true);
    expect_item(&c, "security_agreement", 2, 2, SIG_INDIVIDUAL, true, false);
    expect_item(&c, "principal_id_copy", 2, 2, SIG_NONE, false, true);
    assert_true(c.onsite);
    assert_string_equal(signature_label(SIG_INDIVIDUAL, LANG_ZH), "负责人签字加按手印");
    assert_string_equal(signature_label(SIG_NONE, LANG_ZH), "");
    /* Differing principals never bring a letter for an individual. */
    f.principals_differ = true;
    c = build(&f, SH);
    assert_null(checklist_find(&c, "authorization_letter"));
}

/* DESIGN.md §4 row 3 / seed §1.2 I: a new site, verified on site before. */
static void test_new_site_verified_before(void **state) {
    (void)state;
    ChecklistFacts f = {
        .kind = KIND_NEW_SITE, .nature = NATURE_ENTERPRISE, .verified_before = true};
    Checklist c = build(&f, LN);
    assert_string_equal(codes(&c), "verification_form");
    expect_item(&c, "verification_form", 2, 2, SIG_ORG, true, true);
    assert_non_null(
        strstr(item(&c, "verification_form")->note_zh, "核验单上域名栏填写新增的域名信息"));
    assert_non_null(strstr(item(&c, "verification_form")->note_zh, "之前已做过现场核验"));
    assert_false(c.onsite);
    assert_string_equal(notices(&c), "onsite_done_before sms_verification");
    /* Never verified: seed §1.2 II, the full set. */
    f.verified_before = false;
    c = build(&f, LN);
    assert_true(c.onsite);
    assert_int_equal(c.n_items, 6);
    /* An individual verified before signs with a fingerprint. */
    f = (ChecklistFacts){.kind = KIND_NEW_SITE,
                         .nature = NATURE_INDIVIDUAL,
                         .verified_before = true,
                         .principal_id_province = LN};
    c = build(&f, LN);
    expect_item(&c, "verification_form", 2, 2, SIG_INDIVIDUAL, true, true);
    /* New access for a subject we verified before: the same shortcut. */
    f.kind = KIND_NEW_ACCESS;
    c = build(&f, LN);
    assert_string_equal(codes(&c), "verification_form");
    assert_false(c.onsite);
    /* Seed §1.1 has no shortcut: a subject claimed from elsewhere is verified. */
    f.kind = KIND_NEW_SITE_EXTERNAL;
    c = build(&f, LN);
    assert_true(c.onsite);
}

/* DESIGN.md §4 row 4 / seed §4.4: change passed, the new site was returned. */
static void test_supplement(void **state) {
    (void)state;
    ChecklistFacts f = {.kind = KIND_NEW_SITE, .nature = NATURE_ENTERPRISE, .supplement = true};
    Checklist c = build(&f, GD);
    assert_string_equal(codes(&c), "verification_form"); /* no pledge again */
    expect_item(&c, "verification_form", 2, 2, SIG_ORG, true, true);
    assert_string_equal(item(&c, "verification_form")->note_zh, "变更已通过审核，新增补单");
    assert_false(c.onsite);
    assert_non_null(checklist_notice(&c, "onsite_done_before"));
    /* The flag means nothing for a change itself. */
    f.kind = KIND_CHANGE_ACCESS;
    c = build(&f, LN);
    assert_string_equal(item(&c, "verification_form")->note_zh, "核验单按变更后的信息打印");
}

/* DESIGN.md §4 row 5 / seed §2: commercial filings go to the window. */
static void test_commercial(void **state) {
    (void)state;
    ChecklistFacts f = {.kind = KIND_FIRST_FILING, .nature = NATURE_ENTERPRISE, .commercial = true};
    Checklist c = build(&f, BJ);
    const ChecklistNotice *n = checklist_notice(&c, "commercial_window");
    assert_non_null(n);
    assert_non_null(strstr(n->zh, "北京市通信管理局窗口"));
    assert_non_null(strstr(n->en, "Beijing Communications Administration"));
    assert_string_equal(notices(&c),
                        "onsite_required sms_verification commercial_window province_special");
    f.commercial = false;
    c = build(&f, BJ);
    assert_null(checklist_notice(&c, "commercial_window"));
}

/* DESIGN.md §4 row 6 / seed §6: the province overlay. */
static void test_province_overlay(void **state) {
    (void)state;
    ChecklistFacts f = {.kind = KIND_FIRST_FILING, .nature = NATURE_ENTERPRISE};
    Checklist c = build(&f, GD);
    expect_item(&c, "filing_pledge", 1, 1, SIG_NONE, false, true);
    assert_string_equal(item(&c, "filing_pledge")->zh, "互联网信息服务备案承诺书");
    assert_string_equal(c.items[c.n_items - 1].code, "filing_pledge");
    assert_non_null(strstr(checklist_notice(&c, "province_special")->zh, "承诺书"));
    f.kind = KIND_CHANGE_SITE;
    c = build(&f, GD);
    assert_null(checklist_find(&c, "filing_pledge"));

    /* Shanghai: a non-local individual brings the residence permit. */
    f = (ChecklistFacts){
        .kind = KIND_FIRST_FILING, .nature = NATURE_INDIVIDUAL, .principal_id_province = 11};
    c = build(&f, SH);
    assert_string_equal(codes(&c), "verification_form security_agreement principal_id_copy "
                                   "residence_permit domain_certificate");
    expect_item(&c, "residence_permit", 2, 2, SIG_NONE, false, true);
    assert_string_equal(item(&c, "residence_permit")->zh, "上海市居住证");
    f.principal_id_province = SH;
    c = build(&f, SH);
    assert_null(checklist_find(&c, "residence_permit"));
    f.principal_id_province = 0; /* a passport or permit: non-local */
    c = build(&f, SH);
    assert_non_null(checklist_find(&c, "residence_permit"));
    f.principal_id_province = 11;
    c = build(&f, LN); /* Liaoning takes non-locals without a permit */
    assert_null(checklist_find(&c, "residence_permit"));

    /* Xinjiang organisations: Party-building proof; individuals not. */
    f = (ChecklistFacts){.kind = KIND_NEW_SITE, .nature = NATURE_ENTERPRISE};
    c = build(&f, XJ);
    assert_non_null(checklist_find(&c, "party_building_proof"));
    f.nature = NATURE_INDIVIDUAL;
    f.principal_id_province = XJ;
    c = build(&f, XJ);
    assert_null(checklist_find(&c, "party_building_proof"));
    /* Jiangxi: the staffing office's approval for government bodies only. */
    f = (ChecklistFacts){.kind = KIND_FIRST_FILING, .nature = NATURE_GOVERNMENT};
    c = build(&f, JX);
    assert_non_null(checklist_find(&c, "staffing_approval"));
    f.nature = NATURE_ENTERPRISE;
    c = build(&f, JX);
    assert_null(checklist_find(&c, "staffing_approval"));
}

/* Seed §1.1 A5: the letter only when the principals differ — or always,
** where the province requires it. */
static void test_authorization_letter(void **state) {
    (void)state;
    ChecklistFacts f = {.kind = KIND_FIRST_FILING, .nature = NATURE_ENTERPRISE};
    Checklist c = build(&f, BJ);
    assert_null(checklist_find(&c, "authorization_letter"));
    f.principals_differ = true;
    c = build(&f, BJ);
    assert_string_equal(codes(&c), "verification_form security_agreement licence_copy "
                                   "legal_rep_id_copy site_principal_id_copy "
                                   "authorization_letter domain_certificate");
    expect_item(&c, "authorization_letter", 2, 2, SIG_ORG, true, true);
    f.principals_differ = false;
    static const int always[] = {12, 31, 34, 35, 36, 42, 43, 50, 51, 52};
    for (size_t i = 0; i < sizeof always / sizeof always[0]; i++) {
        c = build(&f, always[i]);
        assert_non_null(checklist_find(&c, "authorization_letter"));
    }
    /* A new site verified before keeps the letter where it is due. */
    f = (ChecklistFacts){.kind = KIND_NEW_SITE,
                         .nature = NATURE_ENTERPRISE,
                         .verified_before = true,
                         .principals_differ = true};
    c = build(&f, LN);
    assert_string_equal(codes(&c), "verification_form authorization_letter");
}

/* Every kind, for an enterprise in a province without extras. */
static void test_each_kind(void **state) {
    (void)state;
    static const struct {
        AppKind kind;
        bool principal_changed;
        const char *codes;
        bool onsite;
        const char *notices;
    } rows[] = {
        {KIND_FIRST_FILING, false,
         "verification_form security_agreement licence_copy legal_rep_id_copy "
         "site_principal_id_copy domain_certificate",
         true, "onsite_required sms_verification"},
        {KIND_NEW_SITE_EXTERNAL, false,
         "verification_form security_agreement licence_copy legal_rep_id_copy "
         "site_principal_id_copy domain_certificate",
         true, "onsite_required sms_verification"},
        {KIND_NEW_SITE, false,
         "verification_form security_agreement licence_copy legal_rep_id_copy "
         "site_principal_id_copy domain_certificate",
         true, "onsite_required sms_verification"},
        {KIND_NEW_ACCESS, false,
         "verification_form security_agreement licence_copy legal_rep_id_copy "
         "site_principal_id_copy domain_certificate",
         true, "onsite_required sms_verification"},
        {KIND_CHANGE_SUBJECT, false, "verification_form licence_copy legal_rep_id_copy", false,
         "sms_verification"},
        {KIND_CHANGE_SUBJECT, true, "verification_form licence_copy legal_rep_id_copy", true,
         "onsite_required sms_verification"},
        {KIND_CHANGE_SITE, false, "verification_form", false, "sms_verification"},
        {KIND_CHANGE_SITE, true, "verification_form site_principal_id_copy", true,
         "onsite_required sms_verification"},
        {KIND_CHANGE_ACCESS, false, "verification_form", false, "sms_verification"},
        {KIND_CHANGE_ACCESS, true, "verification_form", false, "sms_verification"},
        {KIND_CANCEL_SUBJECT, false, "", false, "cancel_no_paper sms_verification"},
        {KIND_CANCEL_SITE, false, "", false, "cancel_no_paper sms_verification"},
        {KIND_CANCEL_ACCESS, false, "", false, "cancel_no_paper"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        ChecklistFacts f = {.kind = rows[i].kind,
                            .nature = NATURE_ENTERPRISE,
                            .principal_changed = rows[i].principal_changed,
                            .commercial = true};
        Checklist c = build(&f, LN);
        char want_notices[256];
        snprintf(want_notices, sizeof want_notices, "%s%s", rows[i].notices,
                 app_kind_is_cancel(rows[i].kind) ? "" : " commercial_window");
        if (strcmp(codes(&c), rows[i].codes) != 0 || strcmp(notices(&c), want_notices) != 0)
            print_error("kind %s\n", app_kind_id(rows[i].kind));
        assert_string_equal(codes(&c), rows[i].codes);
        assert_string_equal(notices(&c), want_notices);
        assert_int_equal(c.onsite, rows[i].onsite);
    }
    /* Individuals changing the subject bring their ID copy. */
    ChecklistFacts f = {
        .kind = KIND_CHANGE_SUBJECT, .nature = NATURE_INDIVIDUAL, .principal_id_province = LN};
    Checklist c = build(&f, LN);
    assert_string_equal(codes(&c), "verification_form principal_id_copy");
    expect_item(&c, "verification_form", 2, 2, SIG_INDIVIDUAL, true, true);
}

static void test_counts_and_variants(void **state) {
    (void)state;
    ChecklistFacts f = {.kind = KIND_FIRST_FILING,
                        .nature = NATURE_ENTERPRISE,
                        .n_sites = 2,
                        .n_domains = 3,
                        .principals_differ = true,
                        .pre_approval = true};
    Checklist c = build(&f, LN);
    expect_item(&c, "domain_certificate", 2, 6, SIG_NONE, false, true);
    expect_item(&c, "site_principal_id_copy", 2, 4, SIG_NONE, false, true);
    expect_item(&c, "authorization_letter", 2, 4, SIG_ORG, true, true);
    expect_item(&c, "pre_approval", 2, 4, SIG_NONE, false, true);
    expect_item(&c, "verification_form", 2, 2, SIG_ORG, true, true);
    /* Domains default to one per site. */
    f.n_domains = 0;
    c = build(&f, LN);
    assert_int_equal(item(&c, "domain_certificate")->total, 4);
    /* The legal representative is the site principal: one set of copies. */
    f = (ChecklistFacts){.kind = KIND_FIRST_FILING,
                         .nature = NATURE_ENTERPRISE,
                         .legal_rep_is_site_principal = true};
    c = build(&f, LN);
    assert_null(checklist_find(&c, "site_principal_id_copy"));
    assert_non_null(item(&c, "legal_rep_id_copy")->note_zh);
    /* Certificates by nature. */
    f.nature = NATURE_INSTITUTION;
    c = build(&f, LN);
    assert_non_null(strstr(item(&c, "licence_copy")->zh, "组织机构代码证"));
    f.nature = NATURE_MILITARY;
    c = build(&f, LN);
    assert_string_equal(item(&c, "licence_copy")->zh, "军队代号证书复印件");
    /* Pre-approval on a site change. */
    f = (ChecklistFacts){
        .kind = KIND_CHANGE_SITE, .nature = NATURE_ENTERPRISE, .pre_approval = true};
    c = build(&f, LN);
    assert_string_equal(codes(&c), "verification_form pre_approval");
}

static void test_errors(void **state) {
    (void)state;
    Checklist c;
    ChecklistFacts f = {.kind = 0, .nature = NATURE_ENTERPRISE};
    assert_int_equal(checklist_build(&f, prov(LN), &c), -ERR_CHECKLIST_FACTS);
    f.kind = KIND__COUNT;
    assert_int_equal(checklist_build(&f, prov(LN), &c), -ERR_CHECKLIST_FACTS);
    f.kind = KIND_NEW_SITE;
    f.nature = 0;
    assert_int_equal(checklist_build(&f, prov(LN), &c), -ERR_CHECKLIST_FACTS);
    f.nature = NATURE_ENTERPRISE;
    f.n_sites = -1;
    assert_int_equal(checklist_build(&f, prov(LN), &c), -ERR_CHECKLIST_FACTS);
    f.n_sites = 1;
    assert_int_equal(checklist_build(&f, NULL, &c), -ERR_PROVINCE_UNKNOWN);
    assert_int_equal(checklist_build(NULL, prov(LN), &c), -ERR_CHECKLIST_FACTS);
    /* An edited province row with too many extras. */
    static ProvinceExtra many[CHECKLIST_MAX_ITEMS];
    for (size_t i = 0; i < CHECKLIST_MAX_ITEMS; i++)
        many[i] =
            (ProvinceExtra){"x", "某材料", "Something", NULL, NULL, 1, KIND_BIT(KIND_NEW_SITE), 0};
    ProvinceRules big = *prov(LN);
    big.extras = many;
    big.n_extras = CHECKLIST_MAX_ITEMS;
    assert_int_equal(checklist_build(&f, &big, &c), -ERR_CHECKLIST_FULL);
    assert_int_equal(c.n_items, 0);
    big.n_extras = CHECKLIST_MAX_ITEMS - 6;
    assert_int_equal(checklist_build(&f, &big, &c), 0);
    assert_int_equal(c.n_items, CHECKLIST_MAX_ITEMS);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_org_onsite),
        cmocka_unit_test(test_individual_onsite),
        cmocka_unit_test(test_new_site_verified_before),
        cmocka_unit_test(test_supplement),
        cmocka_unit_test(test_commercial),
        cmocka_unit_test(test_province_overlay),
        cmocka_unit_test(test_authorization_letter),
        cmocka_unit_test(test_each_kind),
        cmocka_unit_test(test_counts_and_variants),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
