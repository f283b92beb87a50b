/*
** End to end: the customer portal as a new customer found it (issue 11).
** Each test is one item of the issue that was reproduced: a draft while
** another application is in flight, the dead end after withdrawing a claim,
** a domain conflict at the site step, Chinese and www. domains, the rules
** that were not applied (individuals, one ID one name, the provider's
** address ranges), and the small breakages.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "filing_data.h"
#include "flows.h"

static Beian *srv;
static Client *staff;

static int setup(void **state) {
    (void)state;
    STEP("the server starts; a reviewer logs in");
    srv = beian_start(true);
    staff = flow_staff(srv, "reviewer1");
    return 0;
}

static int teardown(void **state) {
    (void)state;
    client_free(staff);
    return beian_stop(srv) == 0 ? 0 : -1;
}

static Client *customer(const char *login) {
    return flow_new_customer(srv, staff, login);
}

#define CLAIM                                                                                      \
    "{\"claim_subject_number\":\"%s\",\"claim_password\":\"Pa55-word\","                           \
    "\"claim_nature\":\"enterprise\",\"claim_subject_name\":\"深圳示例网络有限公司\","   \
    "\"claim_cert_type\":\"uscc\",\"claim_cert_number\":\"91110000802100433B\",\"claim_address\":" \
    "\"广东省深圳市南山区科苑路 15 号\","                                             \
    "\"claim_principal_name\":\"赵六\",\"claim_principal_id_type\":\"id_card\","                 \
    "\"claim_principal_id_number\":\"110101198001010010\","                                        \
    "\"claim_principal_mobile\":\"13711112222\",\"claim_principal_email\":\"zhao@example.com\"}"

/* A claim by number with site and access saved, not submitted. */
static long long claim_ready(Client *c, const char *number, const char *domain) {
    long long id = api_start(c, "new_site_external", 0);
    char body[1024];
    snprintf(body, sizeof body, CLAIM, number);
    api_step_ok(c, id, "claim", body);
    api_site_ok(c, id, SITE_OTHER_PRINCIPAL, "示例外部科技网站", domain);
    api_step_ok(c, id, "access", ACCESS);
    return id;
}

/* Broken 2: the overview says drafts can be prepared meanwhile; they can,
** and only their submission waits, naming what for. */
E2E_TEST(test_draft_while_another_in_flight) {
    STEP("a filed organisation submits a new site");
    Client *c = customer("wait1");
    flow_filed(srv, c, "{" ORG_SUBJECT "}", SITE_SAME, "示例科技官方网站", "example-wait1.cn");
    long long first = api_start(c, "new_site", 0);
    api_site_ok(c, first, SITE_SAME, "示例科技招聘网站", "example-wait1-jobs.cn");
    api_step_ok(c, first, "access", ACCESS);
    ASSERT_STATUS(api_submit(c, first, "", 0), 200);
    json_t *a = api_application(c, first);
    char number[64];
    snprintf(number, sizeof number, "%s", jstr(a, "number"));
    json_decref(a);
    STEP("the overview's promise: another draft may be started and filled meanwhile");
    long long second = api_start(c, "new_site", 0);
    api_site_ok(c, second, SITE_SAME, "示例科技商城网站", "example-wait1-shop.cn");
    api_step_ok(c, second, "access", ACCESS);
    STEP("its submission waits: refused, the draft kept as it is");
    Resp *r = api_submit(c, second, "", 0);
    ASSERT_STATUS(r, 409);
    ASSERT_BODY_HAS(r, "app_in_flight");
    a = api_application(c, second);
    assert_string_equal(jstr(a, "state"), "draft");
    assert_true(json_is_true(jpath(a, "complete")));
    json_decref(a);
    STEP("the page says which application it waits for");
    char path[96];
    snprintf(path, sizeof path, "/portal/applications/%lld/submit", second);
    http_get(c, "/portal"); /* the page's CSRF token */
    r = http_post_form(c, path, "note=");
    ASSERT_STATUS(r, 303);
    snprintf(path, sizeof path, "/portal/applications/%lld", second);
    r = http_get(c, path);
    ASSERT_STATUS(r, 200);
    ASSERT_BODY_HAS(r, number);
    ASSERT_BODY_HAS(r, "正在审核，办结后即可提交本申请");
    STEP("once the first is decided, the draft is submitted");
    flow_approve_all(srv, first);
    ASSERT_STATUS(api_submit(c, second, "", 0), 200);
    client_free(c);
}

/* Broken 3: withdrawing a claim left a ghost site and a placeholder subject
** offering only 新增接入; the customer could never start again. */
E2E_TEST(test_withdraw_claim_then_start_again) {
    STEP("a customer claims a subject filed elsewhere and submits a new site");
    Client *c = customer("ghost1");
    long long id = claim_ready(c, "粤ICP备22345678号", "example-ghost1.cn");
    ASSERT_STATUS(api_submit(c, id, "", 0), 200);
    STEP("then withdraws it");
    ASSERT_STATUS(api_withdraw(c, id), 200);
    STEP("the overview has no ghost site, no placeholder subject; the start cards are back");
    json_t *ov = api_overview(c);
    assert_int_equal(json_array_size(jpath(ov, "sites")), 0);
    assert_true(jpath(ov, "subject") == NULL || json_is_null(jpath(ov, "subject")));
    assert_int_equal(json_array_size(jpath(ov, "applications")), 1); /* the history stays */
    json_decref(ov);
    Resp *r = http_get(c, "/portal");
    ASSERT_STATUS(r, 200);
    ASSERT_BODY_HAS(r, "value=\"first_filing\"");
    ASSERT_BODY_HAS(r, "value=\"new_site_external\"");
    ASSERT_BODY_LACKS(r, "尚未提交");
    ASSERT_BODY_LACKS(r, "（待填写）");
    STEP("the customer starts again with the same number and domain, and submits");
    id = claim_ready(c, "粤ICP备22345678号", "example-ghost1.cn");
    ASSERT_STATUS(api_submit(c, id, "", 0), 200);
    ov = api_overview(c);
    assert_int_equal(json_array_size(jpath(ov, "sites")), 1);
    assert_string_equal(jstr(ov, "subject.subject_number"), "粤ICP备22345678号");
    json_decref(ov);
    STEP("a withdrawn first filing draft leaves nothing either");
    Client *d = customer("ghost2");
    id = flow_first_filing(d, "{" ORG_SUBJECT "}", SITE_SAME, "示例科技官方网站",
                           "example-ghost2.cn");
    ASSERT_STATUS(api_withdraw(d, id), 200);
    ov = api_overview(d);
    assert_int_equal(json_array_size(jpath(ov, "sites")), 0);
    json_decref(ov);
    r = http_get(d, "/portal");
    ASSERT_BODY_HAS(r, "value=\"first_filing\"");
    client_free(d);
    client_free(c);
}

/* The site step posted from its page (read first, for its token): a portal
** in Chinese at https://www.<domain without www.>/, its principal the
** subject's. */
static Resp *site_page_post(Client *c, long long app, const char *name, const char *domain,
                            const char *description) {
    char path[96], name_enc[512], description_enc[1024], body[2048];
    snprintf(path, sizeof path, "/portal/applications/%lld/steps/site", app);
    http_get(c, path);
    const char *host = strncmp(domain, "www.", 4) ? domain : domain + 4;
    snprintf(body, sizeof body,
             "site_name=%s&site_domain=%s&site_home_url=https%%3A%%2F%%2Fwww.%s%%2F"
             "&site_services=portal&site_languages=zh_hans&site_description=%s"
             "&site_principal_same=1",
             form_encode(name, name_enc, sizeof name_enc), domain, host,
             form_encode(description, description_enc, sizeof description_enc));
    return http_post_form(c, path, body);
}

/* Broken 5: a domain under review for another subject is said at the site
** step, where it is typed, not only at submission. */
E2E_TEST(test_domain_conflict_at_site_step) {
    STEP("one customer submits example-taken.cn");
    Client *a = customer("dom1");
    long long id = flow_first_filing(a, "{" ORG_SUBJECT "}", SITE_SAME, "示例科技官方网站",
                                     "example-taken.cn");
    ASSERT_STATUS(api_submit(a, id, "", 0), 200);
    STEP("another types it at the site step: refused there, naming the field");
    Client *b = customer("dom2");
    long long other = api_start(b, "first_filing", 0);
    api_step_ok(b, other, "subject", "{" PERSON_SUBJECT "}");
    char body[2048];
    snprintf(body, sizeof body, SITE_SAME, "王芳的旅行日记", "example-taken.cn",
             "example-taken.cn");
    Resp *r = api_step(b, other, "site", body);
    ASSERT_STATUS(r, 400);
    assert_string_equal(json_field_error(r, "site_domain"), "domain_in_flight");
    STEP("on the page: the step form again, with the reason at the domain");
    r = site_page_post(b, other, "王芳的旅行日记", "example-taken.cn",
                       "本网站介绍我的旅行记录与照片，不涉及前置审批内容。");
    ASSERT_STATUS(r, 400);
    ASSERT_BODY_HAS(r, "该域名已有正在审核的备案申请");
    client_free(a);
    client_free(b);
}

/* Broken 6: a Chinese domain under a Chinese TLD is one domain; a www. is
** taken off with a note. */
E2E_TEST(test_chinese_and_www_domains) {
    STEP("a domain in Chinese characters under .中国 is accepted");
    Client *c = customer("idn1");
    long long id = api_start(c, "first_filing", 0);
    api_step_ok(c, id, "subject", "{" ORG_SUBJECT "}");
    char body[2048];
    snprintf(body, sizeof body,
             "{\"site_name\":\"示例科技官方网站\",\"site_domain\":\"示例科技网站.中国\","
             "\"site_home_url\":\"https://示例科技网站.中国/\",\"site_services\":[\"portal\"],"
             "\"site_languages\":[\"zh_hans\"],\"site_description\":\"本网站介绍我们的产品、"
             "服务与联系方式，不涉及前置审批内容。\",\"site_principal_same\":true}");
    Resp *r = api_step(c, id, "site", body);
    ASSERT_STATUS(r, 200);
    STEP("www.example-www1.com.cn is filed as example-www1.com.cn, and the answer says so");
    snprintf(body, sizeof body, SITE_SAME, "示例科技官方网站", "www.example-www1.com.cn",
             "example-www1.com.cn");
    r = api_step(c, id, "site", body);
    ASSERT_STATUS(r, 200);
    ASSERT_BODY_HAS(r, "example-www1.com.cn");
    ASSERT_BODY_HAS(r, "www.");
    json_t *a = api_application(c, id);
    assert_string_equal(jstr(a, "values.site_domain"), "example-www1.com.cn");
    json_decref(a);
    STEP("on the page too: the next page says the www. was taken off");
    r = site_page_post(c, id, "示例科技官方网站", "www.example-www2.com.cn",
                       "本网站介绍我们的产品与联系方式，不涉及前置审批内容。");
    ASSERT_STATUS(r, 303);
    char next[600];
    snprintf(next, sizeof next, "%s", r->location);
    r = http_get(c, next);
    ASSERT_STATUS(r, 200);
    ASSERT_BODY_HAS(r, "已去掉 www.，按主域名 example-www2.com.cn 备案。");
    client_free(c);
}

/* Broken 7: the rules that were not applied. */
E2E_TEST(test_rules_applied) {
    STEP("an individual's site with another person as site principal is refused");
    Client *c = customer("rule1");
    long long id = api_start(c, "first_filing", 0);
    api_step_ok(c, id, "subject", "{" PERSON_SUBJECT "}");
    char body[2048];
    snprintf(body, sizeof body, SITE_OTHER_PRINCIPAL, "王芳的旅行日记", "wangfang-rule1.cn",
             "wangfang-rule1.cn");
    Resp *r = api_step(c, id, "site", body);
    ASSERT_STATUS(r, 400);
    assert_string_equal(json_field_error(r, "site_principal_id_number"),
                        "individual_site_principal");
    STEP("an individual cannot tick 经营性网站");
    snprintf(body, sizeof body,
             "{\"site_name\":\"王芳的旅行日记\",\"site_domain\":\"wangfang-rule1.cn\","
             "\"site_home_url\":\"https://www.wangfang-rule1.cn/\",\"site_services\":[\"portal\"],"
             "\"site_languages\":[\"zh_hans\"],\"site_description\":\"记录我的旅行见闻与照片，"
             "不涉及前置审批内容。\",\"site_principal_same\":true,\"site_commercial\":true,"
             "\"site_licence\":\"沪B2-20201234\"}");
    r = api_step(c, id, "site", body);
    ASSERT_STATUS(r, 400);
    assert_string_equal(json_field_error(r, "site_commercial"), "commercial_individual");
    client_free(c);
    STEP("two principals with different names and one ID number and mobile are refused");
    Client *d = customer("rule2");
    id = api_start(d, "first_filing", 0);
    api_step_ok(d, id, "subject", "{" ORG_SUBJECT "}");
    snprintf(body, sizeof body,
             "{\"site_name\":\"示例科技官方网站\",\"site_domain\":\"example-rule2.cn\","
             "\"site_home_url\":\"https://www.example-rule2.cn/\",\"site_services\":[\"portal\"],"
             "\"site_languages\":[\"zh_hans\"],\"site_description\":\"本网站介绍我们的产品、服务"
             "与联系方式，不涉及前置审批内容。\",\"site_principal_name\":\"李四\","
             "\"site_principal_id_type\":\"id_card\",\"site_principal_id_number\":"
             "\"110105198503151230\",\"site_principal_id_expiry\":\"长期\","
             "\"site_principal_mobile\":\"13812345678\",\"site_principal_emergency\":"
             "\"13544445555\",\"site_principal_email\":\"lisi@example.com\"}");
    r = api_step(d, id, "site", body);
    ASSERT_STATUS(r, 400);
    assert_string_equal(json_field_error(r, "site_principal_id_number"), "same_id_other_name");
    client_free(d);
}

/* Broken 7: access IPs outside the provider's own ranges (a setting). */
E2E_TEST(test_provider_ranges) {
    Client *admin = flow_staff(srv, "admin1");
    STEP("a range that is not CIDR is refused, naming the field; nothing changes");
    Resp *r = http_get(admin, "/api/v1/admin/settings");
    ASSERT_STATUS(r, 200);
    r = http_post_json(admin, "/api/v1/admin/settings",
                       "{\"provider_name\":\"示例云计算有限公司\",\"review_hours\":24,"
                       "\"provider_ip_ranges\":\"203.119.10.8/16\"}");
    ASSERT_STATUS(r, 400);
    assert_string_equal(json_field_error(r, "provider_ip_ranges"), "cidr_format");
    STEP("the admin sets an IPv4 and an IPv6 range");
    r = http_post_json(admin, "/api/v1/admin/settings",
                       "{\"provider_name\":\"示例云计算有限公司\",\"review_hours\":24,"
                       "\"provider_ip_ranges\":\"203.119.0.0/16\\n2400:3200::/32\"}");
    ASSERT_STATUS(r, 200);
    STEP("an access IP outside them is refused at the access step, naming the field");
    Client *c = customer("range1");
    long long id = api_start(c, "first_filing", 0);
    api_step_ok(c, id, "subject", "{" ORG_SUBJECT "}");
    api_site_ok(c, id, SITE_SAME, "示例科技官方网站", "example-range1.cn");
    r = api_step(c, id, "access",
                 "{\"access_ips\":[\"8.8.8.8\"],\"access_method\":\"virtual_host\"}");
    ASSERT_STATUS(r, 400);
    assert_string_equal(json_field_error(r, "access_ips"), "ip_not_provider");
    STEP("inside them (IPv4 and IPv6) it is taken");
    api_step_ok(c, id, "access",
                "{\"access_ips\":[\"203.119.10.8\",\"2400:3200::1\"],"
                "\"access_method\":\"virtual_host\"}");
    STEP("the ranges cleared: any public address again");
    r = http_post_json(admin, "/api/v1/admin/settings",
                       "{\"provider_name\":\"示例云计算有限公司\",\"review_hours\":24,"
                       "\"provider_ip_ranges\":\"\"}");
    ASSERT_STATUS(r, 200);
    client_free(c);
    client_free(admin);
}

/* Broken 9: /staff/accounts?status=all answered 400; GET on the upload URL
** answered 405 (a refresh after a refused upload). */
E2E_TEST(test_small_breakages) {
    STEP("the accounts list takes status=all");
    Resp *r = http_get(staff, "/staff/accounts?status=all");
    ASSERT_STATUS(r, 200);
    ASSERT_BODY_HAS(r, "status=all");
    STEP("GET on the upload URL is the application page, for its owner only");
    Client *c = customer("small1");
    long long id = api_start(c, "first_filing", 0);
    char path[96];
    snprintf(path, sizeof path, "/portal/applications/%lld/files", id);
    r = http_get(c, path);
    ASSERT_STATUS(r, 303);
    STEP("a refused upload and a refused submission redirect (a refresh posts nothing)");
    const char *fields[] = {"slot", "licence_copy", NULL};
    static const char html[] = "<!doctype html><html><body>x</body></html>\n";
    http_get(c, "/portal");
    r = http_post_file(c, path, "file", "fake.png", html, sizeof html - 1, fields);
    ASSERT_STATUS(r, 303);
    snprintf(path, sizeof path, "/portal/applications/%lld", id);
    r = http_get(c, path);
    ASSERT_BODY_HAS(r, "未能上传");
    snprintf(path, sizeof path, "/portal/applications/%lld/submit", id);
    r = http_post_form(c, path, "note=");
    ASSERT_STATUS(r, 303);
    snprintf(path, sizeof path, "/portal/applications/%lld/files", id);
    Client *d = customer("small2");
    r = http_get(d, path);
    ASSERT_STATUS(r, 404);
    client_free(d);
    client_free(c);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        E2E_CASE(test_draft_while_another_in_flight),
        E2E_CASE(test_withdraw_claim_then_start_again),
        E2E_CASE(test_domain_conflict_at_site_step),
        E2E_CASE(test_chinese_and_www_domains),
        E2E_CASE(test_rules_applied),
        E2E_CASE(test_provider_ranges),
        E2E_CASE(test_small_breakages),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
