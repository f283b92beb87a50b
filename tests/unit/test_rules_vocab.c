/*
** Unit tests for rules/names.c: the stable identifiers of every enum (written
** out here, as the database and the API depend on them), parsing, the display
** names the seed gives, and the properties of each application kind.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "rules/vocab.h"

/* Check one enum: ids in order equal want[], parse inverts id, labels are
** non-empty in both languages and differ between values, bounds are safe. */
static void check_enum(int count, const char *(*id)(int), int (*parse)(const char *),
                       const char *(*label)(int, Lang), const char *const *want) {
    for (int v = 1; v < count; v++) {
        assert_non_null(want[v - 1]);
        assert_string_equal(id(v), want[v - 1]);
        assert_int_equal(parse(want[v - 1]), v);
        assert_true(strlen(label(v, LANG_ZH)) > 0);
        assert_true(strlen(label(v, LANG_EN)) > 0);
        assert_string_not_equal(label(v, LANG_ZH), label(v, LANG_EN));
        for (int w = 1; w < v; w++)
            assert_string_not_equal(label(v, LANG_ZH), label(w, LANG_ZH));
    }
    assert_null(want[count - 1]); /* the list has exactly count-1 names */
    assert_null(id(0));
    assert_null(id(count));
    assert_null(id(-1));
    assert_string_equal(label(0, LANG_ZH), "");
    assert_string_equal(label(count, LANG_EN), "");
    assert_int_equal(parse(NULL), 0);
    assert_int_equal(parse(""), 0);
    assert_int_equal(parse("Draft"), 0);
    assert_int_equal(parse("nope"), 0);
}

/* Adapters from the typed functions to int-based ones. */
#define ADAPT(prefix, Type)                                                                        \
    static const char *prefix##_id_i(int v) {                                                      \
        return prefix##_id((Type)v);                                                               \
    }                                                                                              \
    static int prefix##_parse_i(const char *s) {                                                   \
        return (int)prefix##_parse(s);                                                             \
    }                                                                                              \
    static const char *prefix##_label_i(int v, Lang l) {                                           \
        return prefix##_label((Type)v, l);                                                         \
    }
ADAPT(app_kind, AppKind)
ADAPT(app_event, AppEvent)
ADAPT(role, Role)
ADAPT(subject_status, SubjectStatus)
ADAPT(site_status, SiteStatus)
ADAPT(nature, SubjectNature)
ADAPT(cert_type, CertType)
ADAPT(access_method, AccessMethod)
static const char *app_state_id_i(int v) {
    return app_state_id((AppState)v);
}
static int app_state_parse_i(const char *s) {
    return (int)app_state_parse(s);
}
static const char *app_state_name_i(int v, Lang l) {
    return app_state_name((AppState)v, l);
}

#define CHECK(prefix, count, ...)                                                                  \
    do {                                                                                           \
        static const char *const want[] = {__VA_ARGS__, NULL};                                     \
        assert_int_equal(sizeof want / sizeof want[0], count);                                     \
        check_enum(count, prefix##_id_i, prefix##_parse_i, prefix##_label_i, want);                \
    } while (0)

static void test_identifiers(void **state) {
    (void)state;
    CHECK(app_kind, KIND__COUNT, "first_filing", "new_site_external", "new_site", "new_access",
          "change_subject", "change_site", "change_access", "cancel_subject", "cancel_site",
          "cancel_access");
    static const char *const states[] = {"draft",
                                         "provider_review",
                                         "provider_returned",
                                         "to_regulator",
                                         "sms_verification",
                                         "regulator_review",
                                         "regulator_returned",
                                         "approved",
                                         "withdrawn",
                                         "closed",
                                         NULL};
    check_enum(STATE__COUNT, app_state_id_i, app_state_parse_i, app_state_name_i, states);
    CHECK(app_event, EVENT__COUNT, "submit", "withdraw", "provider_approve", "provider_return",
          "sms_passed", "sms_failed", "regulator_approve", "regulator_return", "resubmit", "reopen",
          "expire", "send");
    CHECK(role, ROLE__COUNT, "customer", "reviewer", "admin", "system");
    CHECK(subject_status, SUBJECT__COUNT, "unfiled", "pending_download", "filed", "cancelled");
    CHECK(site_status, SITE__COUNT, "not_submitted", "in_filing", "filed", "cancelled",
          "access_cancelled");
    CHECK(nature, NATURE__COUNT, "enterprise", "institution", "government", "social_org",
          "military", "individual");
    CHECK(cert_type, CERT__COUNT, "uscc", "org_code", "military_code", "id_card", "passport",
          "hk_macao_permit", "taiwan_permit", "foreign_residence");
    CHECK(access_method, ACCESS__COUNT, "leased_line", "colocation", "virtual_host", "other");
}

static void test_seed_display_names(void **state) {
    (void)state;
    /* Seed §3, change stages. */
    for (AppKind k = KIND_CHANGE_SUBJECT; k <= KIND_CHANGE_ACCESS; k++) {
        assert_string_equal(app_state_label(k, STATE_DRAFT, LANG_ZH), "变更阶段未提交");
        assert_string_equal(app_state_label(k, STATE_PROVIDER_REVIEW, LANG_ZH),
                            "变更阶段待接入商核实");
        assert_string_equal(app_state_label(k, STATE_REGULATOR_REVIEW, LANG_ZH),
                            "变更阶段待管局核实");
        assert_string_equal(app_state_label(k, STATE_TO_REGULATOR, LANG_ZH), "变更阶段待报送管局");
        assert_string_equal(app_state_label(k, STATE_DRAFT, LANG_EN), "Change not submitted");
    }
    /* Other kinds. */
    assert_string_equal(app_state_label(KIND_NEW_SITE, STATE_DRAFT, LANG_ZH), "尚未提交");
    assert_string_equal(app_state_label(KIND_NEW_SITE_EXTERNAL, STATE_PROVIDER_REVIEW, LANG_ZH),
                        "待接入商核实");
    assert_string_equal(app_state_label(KIND_FIRST_FILING, STATE_REGULATOR_REVIEW, LANG_ZH),
                        "待管局核实");
    assert_string_equal(app_state_label(KIND_FIRST_FILING, STATE_APPROVED, LANG_ZH), "已备案");
    assert_string_equal(app_state_label(KIND_CANCEL_SITE, STATE_APPROVED, LANG_ZH), "已注销");
    assert_string_equal(app_state_label(KIND_CANCEL_SUBJECT, STATE_APPROVED, LANG_EN), "Cancelled");
    assert_string_equal(app_state_label(KIND_CANCEL_ACCESS, STATE_APPROVED, LANG_ZH), "已取消接入");
    assert_string_equal(app_state_label(KIND_CANCEL_ACCESS, STATE_DRAFT, LANG_ZH), "尚未提交");
    assert_string_equal(app_state_label(0, STATE_PROVIDER_REVIEW, LANG_EN),
                        "Awaiting provider verification");
    assert_string_equal(app_state_label(KIND_NEW_SITE, 0, LANG_ZH), "");
    assert_string_equal(app_state_label(KIND_CHANGE_SITE, STATE__COUNT, LANG_ZH), "");
    /* Every state of every kind has a label in both languages. */
    for (int k = 1; k < KIND__COUNT; k++)
        for (int s = 1; s < STATE__COUNT; s++) {
            assert_true(strlen(app_state_label(k, s, LANG_ZH)) > 0);
            assert_true(strlen(app_state_label(k, s, LANG_EN)) > 0);
        }
    /* Statuses of seed §3 and kind names of DESIGN.md §3. */
    assert_string_equal(subject_status_label(SUBJECT_PENDING_DOWNLOAD, LANG_ZH), "待下载更新");
    assert_string_equal(site_status_label(SITE_NOT_SUBMITTED, LANG_ZH), "尚未提交");
    assert_string_equal(site_status_label(SITE_IN_FILING, LANG_ZH), "报备阶段");
    assert_string_equal(site_status_label(SITE_ACCESS_CANCELLED, LANG_ZH), "已取消接入");
    assert_string_equal(subject_status_label(SUBJECT_CANCELLED, LANG_ZH), "已注销");
    assert_string_equal(app_kind_label(KIND_FIRST_FILING, LANG_ZH), "首次备案");
    assert_string_equal(app_kind_label(KIND_NEW_SITE_EXTERNAL, LANG_ZH),
                        "新增网站（主体在其他接入商备案）");
    assert_string_equal(app_kind_label(KIND_NEW_SITE, LANG_ZH), "新增网站（主体已在本系统备案）");
    assert_string_equal(app_kind_label(KIND_NEW_ACCESS, LANG_ZH), "新增接入");
    assert_string_equal(app_kind_label(KIND_CHANGE_SUBJECT, LANG_ZH), "变更主体");
    assert_string_equal(app_kind_label(KIND_CANCEL_ACCESS, LANG_ZH), "取消接入");
    assert_string_equal(nature_label(NATURE_INDIVIDUAL, LANG_ZH), "个人");
    assert_string_equal(access_method_label(ACCESS_VIRTUAL_HOST, LANG_ZH), "虚拟主机");
}

static void test_kind_properties(void **state) {
    (void)state;
    static const struct {
        AppKind k;
        bool sms, change, cancel, adds;
    } rows[] = {
        {KIND_FIRST_FILING, true, false, false, true},
        {KIND_NEW_SITE_EXTERNAL, true, false, false, true},
        {KIND_NEW_SITE, true, false, false, true},
        {KIND_NEW_ACCESS, true, false, false, true},
        {KIND_CHANGE_SUBJECT, true, true, false, false},
        {KIND_CHANGE_SITE, true, true, false, false},
        {KIND_CHANGE_ACCESS, true, true, false, false},
        {KIND_CANCEL_SUBJECT, true, false, true, false},
        {KIND_CANCEL_SITE, true, false, true, false},
        {KIND_CANCEL_ACCESS, false, false, true, false},
    };
    assert_int_equal(sizeof rows / sizeof rows[0], KIND__COUNT - 1);
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        assert_int_equal(app_kind_needs_sms(rows[i].k), rows[i].sms);
        assert_int_equal(app_kind_is_change(rows[i].k), rows[i].change);
        assert_int_equal(app_kind_is_cancel(rows[i].k), rows[i].cancel);
        assert_int_equal(app_kind_adds_site(rows[i].k), rows[i].adds);
    }
    assert_false(app_kind_needs_sms(0));
    assert_false(app_kind_needs_sms(KIND__COUNT));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_identifiers),
        cmocka_unit_test(test_seed_display_names),
        cmocka_unit_test(test_kind_properties),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
