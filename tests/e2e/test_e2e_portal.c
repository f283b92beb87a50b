/*
** End to end through the pages (HTML forms, as a browser posts them): a
** first filing from the overview through every step form to verify &
** submit, with a wrong field shown at the field and what was typed kept.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "filing_data.h"
#include "flows.h"

/* Append key=value (percent-encoded) to an urlencoded body. */
static void add(char *body, size_t cap, const char *key, const char *value) {
    static const char hex[] = "0123456789ABCDEF";
    size_t n = strlen(body);
    n += (size_t)snprintf(body + n, cap - n, "%s%s=", n ? "&" : "", key);
    for (const unsigned char *p = (const unsigned char *)value; *p && n + 4 < cap; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            *p == '-' || *p == '.' || *p == '_') {
            body[n++] = (char)*p;
        } else {
            body[n++] = '%';
            body[n++] = hex[*p >> 4];
            body[n++] = hex[*p & 15];
        }
    }
    body[n] = 0;
}

static void subject_form(char *b, size_t cap, const char *id_number) {
    b[0] = 0;
    add(b, cap, "subject_province", "440000");
    add(b, cap, "subject_city", "440300");
    add(b, cap, "subject_district", "440305");
    add(b, cap, "subject_nature", "enterprise");
    add(b, cap, "subject_cert_type", "uscc");
    add(b, cap, "subject_cert_number", "91110000802100433B");
    add(b, cap, "subject_name", "深圳示例信息技术有限公司");
    add(b, cap, "subject_address", "深圳市南山区科技园科苑路 15 号");
    add(b, cap, "subject_investor", "深圳示例信息技术有限公司");
    add(b, cap, "principal_name", "陈晨");
    add(b, cap, "principal_id_type", "id_card");
    add(b, cap, "principal_id_number", id_number);
    add(b, cap, "principal_id_expiry", "长期");
    add(b, cap, "principal_mobile", "13712345678");
    add(b, cap, "principal_landline", "0755-26001234");
    add(b, cap, "principal_emergency", "13798765432");
    add(b, cap, "principal_email", "chenchen@example.com");
    add(b, cap, "legal_same", "1");
}

E2E_TEST(test_first_filing_through_the_pages) {
    STEP("a server, a reviewer and an approved customer");
    Beian *b = beian_start(true);
    Client *staff = flow_staff(b, "reviewer1");
    Client *c = flow_new_customer(b, staff, "pagecust");
    STEP("the customer starts a first filing from the portal");
    Resp *r = http_get(c, "/portal");
    ASSERT_STATUS(r, 200);
    ASSERT_BODY_HAS(r, "开始首次备案");
    r = http_post_form(c, "/portal/applications", "kind=first_filing");
    ASSERT_STATUS(r, 303);
    char step[600];
    snprintf(step, sizeof step, "%s", r->location);
    assert_true(strstr(step, "/steps/subject") != NULL);
    r = http_get(c, step);
    ASSERT_STATUS(r, 200);
    ASSERT_BODY_HAS(r, "name=\"subject_name\"");
    ASSERT_BODY_HAS(r, "信息核实提交"); /* the last step in the navigation */

    STEP("a wrong ID checksum is shown at the field, everything typed kept");
    char form[8192];
    subject_form(form, sizeof form, "110105198503151231");
    r = http_post_form(c, step, form);
    ASSERT_STATUS(r, 400);
    ASSERT_BODY_HAS(r, "value=\"深圳示例信息技术有限公司\"");
    ASSERT_BODY_HAS(r, "value=\"110105198503151231\"");
    ASSERT_BODY_HAS(r, "has-error");
    ASSERT_BODY_HAS(r, "校验");
    ASSERT_BODY_HAS(r, "value=\"440305\" selected"); /* the district list follows the city */

    STEP("leaving the error page loses nothing: the step shows the refused input, its errors");
    r = http_get(c, "/portal");
    ASSERT_STATUS(r, 200);
    r = http_get(c, step);
    ASSERT_STATUS(r, 200);
    ASSERT_BODY_HAS(r, "id=\"draft-note\"");
    ASSERT_BODY_HAS(r, "尚未保存");
    ASSERT_BODY_HAS(r, "value=\"深圳示例信息技术有限公司\"");
    ASSERT_BODY_HAS(r, "value=\"110105198503151231\"");
    ASSERT_BODY_HAS(r, "has-error");
    ASSERT_BODY_HAS(r, "校验");
    STEP("the draft is sealed at rest, and the application itself holds nothing of it");
    if (beian_count(b, "SELECT count(*) FROM step_drafts WHERE values_sealed LIKE ?",
                    "%110105198503151231%") != 0 ||
        beian_count(b, "SELECT count(*) FROM step_drafts WHERE step = ?", "subject") != 1)
        E2E_FAIL("the draft is not kept, or not sealed");
    if (beian_count(b, "SELECT count(*) FROM applications WHERE steps_done LIKE ?", "%subject%") !=
        0)
        E2E_FAIL("the refused step counts as done");
    STEP("in English too, and the draft can be discarded");
    r = http_get(c, "/lang/en");
    r = http_get(c, step);
    ASSERT_BODY_HAS(r, "not been saved");
    r = http_get(c, "/lang/zh");
    char discard[700];
    snprintf(discard, sizeof discard, "%s/discard", step);
    r = http_post_form(c, discard, "");
    ASSERT_STATUS(r, 303);
    r = http_get(c, step);
    ASSERT_STATUS(r, 200);
    ASSERT_BODY_HAS(r, "已放弃未保存的修改");
    ASSERT_BODY_LACKS(r, "id=\"draft-note\"");
    ASSERT_BODY_LACKS(r, "深圳示例信息技术有限公司");
    ASSERT_BODY_LACKS(r, "has-error");
    STEP("refused again, then saved: the save drops the draft");
    subject_form(form, sizeof form, "110105198503151231");
    ASSERT_STATUS(http_post_form(c, step, form), 400);

    STEP("the corrected subject step is saved and leads to the site step");
    subject_form(form, sizeof form, "110105198503151230");
    r = http_post_form(c, step, form);
    ASSERT_STATUS(r, 303);
    snprintf(step, sizeof step, "%s", r->location);
    assert_true(strstr(step, "/steps/site") != NULL);

    STEP("back on the saved subject step, personal data is not sent back in clear");
    char subject_step[600];
    snprintf(subject_step, sizeof subject_step, "%.*s/subject", (int)(strstr(step, "/site") - step),
             step);
    r = http_get(c, subject_step);
    ASSERT_STATUS(r, 200);
    ASSERT_BODY_LACKS(r, "id=\"draft-note\"");
    ASSERT_BODY_LACKS(r, "110105198503151231");
    ASSERT_BODY_LACKS(r, "110105198503151230");
    ASSERT_BODY_LACKS(r, "13712345678");
    ASSERT_BODY_HAS(r, "placeholder=\"110105********1230\"");
    STEP("saving it again with those inputs empty keeps them");
    subject_form(form, sizeof form, "");
    r = http_post_form(c, subject_step, form);
    ASSERT_STATUS(r, 303);

    STEP("the site step");
    form[0] = 0;
    add(form, sizeof form, "site_name", "深圳示例信息技术官网");
    add(form, sizeof form, "site_domain", "example-page.cn");
    add(form, sizeof form, "site_home_url", "https://www.example-page.cn/");
    add(form, sizeof form, "site_services", "portal");
    add(form, sizeof form, "site_languages", "zh_hans");
    add(form, sizeof form, "site_languages", "en");
    add(form, sizeof form, "site_description",
        "深圳示例信息技术有限公司官方网站，介绍公司业务与联系方式。");
    add(form, sizeof form, "site_principal_same", "1");
    r = http_get(c, step);
    r = http_post_form(c, step, form);
    ASSERT_STATUS(r, 303);
    snprintf(step, sizeof step, "%s", r->location);
    assert_true(strstr(step, "/steps/access") != NULL);

    STEP("the access step");
    form[0] = 0;
    add(form, sizeof form, "access_ips", "203.119.10.8\r\n2400:3200::1\r\n");
    add(form, sizeof form, "access_method", "virtual_host");
    r = http_post_form(c, step, form);
    ASSERT_STATUS(r, 303);
    char page[600];
    snprintf(page, sizeof page, "%s", r->location);

    STEP("verify & submit shows the application, the materials and the button");
    r = http_get(c, page);
    ASSERT_STATUS(r, 200);
    ASSERT_BODY_HAS(r, "网站备案信息真实性核验单");
    ASSERT_BODY_HAS(r, "营业执照复印件");
    ASSERT_BODY_HAS(r, "110105********1230"); /* masked in the summary */
    ASSERT_BODY_LACKS(r, "110105198503151230");
    ASSERT_BODY_HAS(r, "中文简体、英语");
    ASSERT_BODY_HAS(r, "确认信息无误，提交");
    ASSERT_BODY_HAS(r, "广东"); /* the province's own requirement (a pledge) */
    STEP("the customer submits; the application awaits the provider");
    char submit[700];
    snprintf(submit, sizeof submit, "%s/submit", page);
    r = http_post_form(c, submit, "note=%E8%AF%B7%E5%AE%A1%E6%A0%B8");
    ASSERT_STATUS(r, 303);
    r = http_get(c, page);
    ASSERT_STATUS(r, 200);
    ASSERT_BODY_HAS(r, "待接入商核实");
    ASSERT_BODY_HAS(r, "办理记录");
    ASSERT_BODY_LACKS(r, "确认信息无误，提交");
    /* The progress list marks where it is: filled in, now with the provider. */
    ASSERT_BODY_HAS(r, "<li class=\"done\" data-stage-mark=\"done\">");
    ASSERT_BODY_HAS(r, "<li class=\"current\" aria-current=\"step\" data-stage-mark=\"now\">"
                       "<span class=\"name\">待接入商核实</span>");
    ASSERT_BODY_HAS(r, "<li class=\"pending\" data-stage-mark=\"todo\">");
    const char *road = strstr(r->body, "data-road"); /* (the form's steps mark theirs) */
    assert_non_null(road);
    const char *now = strstr(road, "aria-current=\"step\"");
    assert_non_null(now);
    assert_null(strstr(now + 1, "aria-current=\"step\"")); /* one stage only */
    r = http_get(c, "/portal");
    ASSERT_BODY_HAS(r, "报备阶段");
    STEP("the same page in English");
    http_get(c, "/lang/en?next=/portal");
    r = http_get(c, page);
    ASSERT_BODY_HAS(r, "Awaiting");
    STEP("the server stops cleanly");
    client_free(c);
    client_free(staff);
    assert_int_equal(beian_stop(b), 0);
}

E2E_TEST(test_chinese_domain_shown_as_typed) {
    STEP("a site step saved with a domain in Chinese characters");
    Beian *b = beian_start(true);
    Client *staff = flow_staff(b, "reviewer1");
    Client *c = flow_new_customer(b, staff, "idncust");
    long long app = api_start(c, "first_filing", 0);
    api_step_ok(c, app, "subject", "{" ORG_SUBJECT "}");
    api_site_ok(c, app, SITE_SAME, "中文域名测试网站", "示例中文网.中国");
    STEP("stored as its A-label, shown on the step as typed");
    if (beian_count(b, "SELECT count(*) FROM applications WHERE domain = ?", "xn--fiqs8s") != 0 ||
        beian_count(b, "SELECT count(*) FROM applications WHERE domain LIKE ?",
                    "xn--%.xn--fiqs8s") != 1)
        E2E_FAIL("the domain is not stored as its A-label");
    char path[128];
    snprintf(path, sizeof path, "/portal/applications/%lld/steps/site", app);
    Resp *r = http_get(c, path);
    ASSERT_STATUS(r, 200);
    ASSERT_BODY_HAS(r, "value=\"示例中文网.中国\"");
    ASSERT_BODY_LACKS(r, "value=\"xn--");
    client_free(c);
    client_free(staff);
    assert_int_equal(beian_stop(b), 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        E2E_CASE(test_first_filing_through_the_pages),
        E2E_CASE(test_chinese_domain_shown_as_typed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
