/*
** End to end through the administration: `beian serve` with its gateway
** pointed at `beian regulator` (both on 127.0.0.1). A filing passed by a
** reviewer is uploaded, the SMS verification is answered on the simulator,
** the administration approves with numbers in the real format (or returns
** with its reason), and Beian applies what it downloads. The faults of the
** simulator stand for an administration that restarts mid-call: an upload
** stored whose answer is lost, a file delivered with a bad hash, a
** maintenance window; every application ends in the right state once.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "filing_data.h"
#include "gateway_flows.h"
#include "rules/filing_number.h"

static GwWorld w;

static int setup(void **state) {
    (void)state;
    gw_start(&w);
    return 0;
}

static int teardown(void **state) {
    (void)state;
    return gw_stop(&w);
}

E2E_TEST(test_first_filing_to_filed) {
    Client *c;
    long long id = gw_passed(&w, "gw1", "example-gw1.cn", &c);
    STEP("the gateway uploads it; the administration sends the SMS: 短信核验 with its deadline");
    json_t *a = gw_wait_state(c, id, "sms_verification");
    /* Sent (upload accepted) comes first; the SMS result follows by download. */
    for (int i = 0; i < 100 && !jpath(a, "sms_verification.deadline"); i++) {
        json_decref(a);
        struct timespec ts = {0, 100 * 1000 * 1000};
        nanosleep(&ts, NULL);
        a = api_application(c, id);
    }
    json_int_t deadline = json_integer_value(jpath(a, "sms_verification.deadline"));
    assert_true(deadline > time(NULL) + 23 * 3600 && deadline <= time(NULL) + 24 * 3600 + 60);
    char sms_page[160];
    snprintf(sms_page, sizeof sms_page, "%s/sms", w.reg->srv.base);
    assert_string_equal(jstr(a, "sms_verification.url"), sms_page);
    json_decref(a);
    char path[64];
    snprintf(path, sizeof path, "/portal/applications/%lld", id);
    Resp *page = http_get(c, path);
    ASSERT_BODY_HAS(page, "data-sms");
    ASSERT_BODY_HAS(page, sms_page);
    STEP("the principal answers the SMS; the administration reviews and approves");
    long long item = gw_sim_item(&w, "sms");
    gw_sim_post(&w, "/test/sms", "{\"item\":%lld}", item);
    a = gw_wait_state(c, id, "regulator_review");
    json_decref(a);
    gw_sim_post(&w, "/test/decide", "{\"item\":%lld,\"decision\":\"approve\"}", item);
    a = gw_wait_state(c, id, "approved");
    json_decref(a);
    STEP("the numbers are the administration's, in the real format");
    json_t *ov = api_overview(c);
    const char *subject = jstr(ov, "subject.subject_number");
    const char *site = jstr(ov, "sites.0.site_number");
    FilingNumber n;
    assert_int_equal(filing_subject_number_parse(subject, &n), 0);
    assert_true(strstr(subject, "沪ICP备") == subject);
    assert_int_equal(filing_site_number_parse(site, &n), 0);
    char want[96];
    snprintf(want, sizeof want, "%s-1", subject);
    assert_string_equal(site, want);
    assert_string_equal(jstr(ov, "subject.status"), "filed");
    json_decref(ov);
    STEP("the staff see what was sent, with its number, and what came back");
    json_t *app = review_get(w.rev, id);
    json_t *up = jpath(app, "review.regulator.uploads.0");
    assert_string_equal(jstr(up, "operation"), "XZBA");
    assert_string_equal(jstr(up, "state"), "accepted");
    assert_true(json_integer_value(json_object_get(up, "seq")) >= 1);
    char *results = json_dumps(jpath(app, "review.regulator.results"), 0);
    assert_non_null(strstr(results, "\"code\": 1090"));
    assert_non_null(strstr(results, "\"code\": 1091"));
    assert_non_null(strstr(results, "\"code\": 1001"));
    free(results);
    json_decref(app);
    Resp *home = http_get(w.rev, "/staff");
    ASSERT_BODY_HAS(home, "data-link");
    ASSERT_BODY_HAS(home, w.reg->srv.base);
    Resp *m = http_get(w.rev, "/metrics");
    ASSERT_BODY_HAS(m, "beian_regulator_uploads_accepted_total");
    ASSERT_BODY_HAS(m, "beian_regulator_backlog{link=\"0\"} 0");
    client_free(c);
}

E2E_TEST(test_administration_returns) {
    Client *c;
    long long id = gw_passed(&w, "gw2", "example-gw2.cn", &c);
    json_decref(gw_wait_state(c, id, "sms_verification"));
    long long item = gw_sim_item(&w, "sms");
    gw_sim_post(&w, "/test/sms", "{\"item\":%lld}", item);
    json_decref(gw_wait_state(c, id, "regulator_review"));
    STEP("the administration returns it with its opinion: the customer sees reason and guidance");
    char body[256];
    snprintf(body, sizeof body,
             "{\"item\":%lld,\"decision\":\"return\",\"opinion\":\"网站名称与网站内容不符\"}",
             item);
    ASSERT_STATUS(http_post_json_no_csrf(w.sim, "/test/decide", body), 200);
    json_t *a = gw_wait_state(c, id, "regulator_returned");
    char *dump = json_dumps(a, 0);
    assert_non_null(strstr(dump, "网站名称与网站内容不符"));
    free(dump);
    json_decref(a);
    client_free(c);
}

E2E_TEST(test_sms_wrong_five_times) {
    Client *c;
    long long id = gw_passed(&w, "gw3", "example-gw3.cn", &c);
    json_decref(gw_wait_state(c, id, "sms_verification"));
    STEP("five wrong codes: the administration returns the filing");
    for (int i = 0; i < 5; i++) {
        Resp *r = http_post_json_no_csrf(w.sim, "/test/sms",
                                         "{\"mobile\":\"13611112222\",\"code\":\"000000\"}");
        ASSERT_STATUS(r, 200);
    }
    json_decref(gw_wait_state(c, id, "regulator_returned"));
    client_free(c);
}

E2E_TEST(test_lost_answer_and_bad_hash) {
    Client *c;
    STEP("the administration stores the upload and the answer is lost: asked, not sent twice");
    ASSERT_STATUS(
        http_post_json_no_csrf(w.sim, "/test/fault", "{\"fault\":\"timeout_after_commit\"}"), 200);
    long long id = gw_passed(&w, "gw4", "example-gw4.cn", &c);
    json_decref(gw_wait_state(c, id, "sms_verification"));
    Resp *r = http_get(w.sim, "/test/state");
    json_t *items = json_object_get(r->json, "items");
    size_t i;
    json_t *x;
    int sms_items = 0;
    json_array_foreach(items, i, x) {
        if (!strcmp(jstr(x, "state"), "sms")) sms_items++;
    }
    assert_int_equal(sms_items, 1);
    STEP("a file delivered with a bad hash is refused, delivered again, applied once");
    ASSERT_STATUS(http_post_json_no_csrf(w.sim, "/test/fault", "{\"fault\":\"bad_hash\"}"), 200);
    long long item = gw_sim_item(&w, "sms");
    gw_sim_post(&w, "/test/sms", "{\"item\":%lld}", item);
    json_decref(gw_wait_state(c, id, "regulator_review"));
    STEP("a maintenance window: the gateway waits and carries on");
    ASSERT_STATUS(
        http_post_json_no_csrf(w.sim, "/test/fault", "{\"fault\":\"maintenance\",\"count\":2}"),
        200);
    gw_sim_post(&w, "/test/decide", "{\"item\":%lld,\"decision\":\"approve\"}", item);
    json_decref(gw_wait_state(c, id, "approved"));
    client_free(c);
}

E2E_TEST(test_claim_subject_filed_elsewhere) {
    Client *c = flow_new_customer(w.srv, w.rev, "gw5");
    long long id = api_start(c, "new_site_external", 0);
    const char *claim_fmt =
        "{\"claim_subject_number\":\"%s\",\"claim_password\":\"%s\","
        "\"claim_nature\":\"enterprise\",\"claim_subject_name\":\"北京示例演示科技有限公司\","
        "\"claim_cert_type\":\"uscc\",\"claim_cert_number\":\"91110000802100433B\","
        "\"claim_address\":\"北京市朝阳区建国路 88 号 9 层\","
        "\"claim_principal_name\":\"赵六\",\"claim_principal_id_type\":\"id_card\","
        "\"claim_principal_id_number\":\"110101198001010010\","
        "\"claim_principal_mobile\":\"13711112222\",\"claim_principal_email\":\"zhao@example."
        "com\"}";
    char body[1024];
    STEP("a wrong filing password is refused at the field, by the administration");
    snprintf(body, sizeof body, claim_fmt, w.reg->demo[0].number, "wrong-password");
    Resp *r = api_step(c, id, "claim", body);
    ASSERT_STATUS(r, 400);
    ASSERT_BODY_HAS(r, "claim_password");
    ASSERT_BODY_HAS(r, "reg_password_wrong");
    STEP("the right one is accepted; site, access, submitted and passed");
    snprintf(body, sizeof body, claim_fmt, w.reg->demo[0].number, w.reg->demo[0].password);
    api_step_ok(c, id, "claim", body);
    api_site_ok(c, id, SITE_OTHER_PRINCIPAL, "北京示例演示第二网站", "example-gw5.cn");
    api_step_ok(c, id, "access", ACCESS);
    ASSERT_STATUS(api_submit(c, id, "", 0), 200);
    flow_review_pass(w.rev, id);
    json_decref(gw_wait_state(c, id, "sms_verification"));
    long long item = gw_sim_item(&w, "sms");
    gw_sim_post(&w, "/test/sms", "{\"item\":%lld}", item);
    json_decref(gw_wait_state(c, id, "regulator_review"));
    gw_sim_post(&w, "/test/decide", "{\"item\":%lld,\"decision\":\"approve\"}", item);
    json_decref(gw_wait_state(c, id, "approved"));
    STEP("the subject is 已备案 with its record and both sites, numbered by the administration");
    json_t *ov = api_overview(c);
    assert_string_equal(jstr(ov, "subject.status"), "filed");
    assert_string_equal(jstr(ov, "subject.subject_number"), w.reg->demo[0].number);
    char *sites = json_dumps(json_object_get(ov, "sites"), 0);
    assert_non_null(strstr(sites, w.reg->demo[0].site_number));
    assert_non_null(strstr(sites, "example-gw5.cn"));
    free(sites);
    size_t i;
    json_t *x;
    assert_int_equal(json_array_size(json_object_get(ov, "sites")), 2);
    json_array_foreach(json_object_get(ov, "sites"), i, x) {
        assert_string_equal(jstr(x, "status"), "filed");
    }
    json_decref(ov);
    client_free(c);
}

E2E_TEST(test_domain_filed_elsewhere_refused_where_typed) {
    Client *c = flow_new_customer(w.srv, w.rev, "gw6");
    long long id = api_start(c, "first_filing", 0);
    api_step_ok(c, id, "subject", gw_person(90));
    STEP("a domain the administration has filed for another subject: refused at the field");
    char site[2048];
    snprintf(site, sizeof site, SITE_SAME, "王芳的读书笔记", "demo-enterprise.cn",
             "demo-enterprise.cn");
    Resp *r = api_step(c, id, "site", site);
    ASSERT_STATUS(r, 400);
    ASSERT_BODY_HAS(r, "site_domain");
    ASSERT_BODY_HAS(r, "reg_filed_elsewhere");
    STEP("typed with www., it is asked as the main domain it would be filed under: refused");
    snprintf(site, sizeof site, SITE_SAME, "王芳的读书笔记", "www.demo-enterprise.cn",
             "demo-enterprise.cn");
    r = api_step(c, id, "site", site);
    ASSERT_STATUS(r, 400);
    ASSERT_BODY_HAS(r, "reg_filed_elsewhere");
    STEP("a free one is saved");
    api_site_ok(c, id, SITE_SAME, "王芳的读书笔记", "example-gw6.cn");
    client_free(c);
}

E2E_TEST(test_administration_killed_and_restarted) {
    Client *c1, *c2;
    STEP("the administration dies (SIGKILL); two filings are passed meanwhile");
    regulator_kill(w.reg);
    long long a = gw_passed(&w, "gw7", "example-gw7.cn", &c1);
    long long b = gw_passed(&w, "gw8", "example-gw8.cn", &c2);
    e2e_sleep_ms(2500); /* the gateway tries, cannot connect, keeps them queued */
    json_t *x = api_application(c1, a);
    assert_string_equal(jstr(x, "state"), "to_regulator");
    json_decref(x);
    STEP("restarted on its database: both arrive, each once, in number order");
    regulator_restart(w.reg);
    json_decref(gw_wait_state(c1, a, "sms_verification"));
    json_decref(gw_wait_state(c2, b, "sms_verification"));
    Resp *r = http_get(w.sim, "/test/state");
    int sms = 0;
    size_t i;
    json_t *it;
    json_array_foreach(json_object_get(r->json, "items"), i, it) {
        if (!strcmp(jstr(it, "state"), "sms")) sms++;
    }
    assert_int_equal(sms, 2);
    STEP("killed again after the SMS is answered, before Beian downloads: applied once after");
    long long item = gw_sim_item(&w, "sms");
    regulator_kill(w.reg);
    regulator_restart(w.reg);
    gw_sim_post(&w, "/test/sms", "{\"item\":%lld}", item);
    regulator_kill(w.reg);
    e2e_sleep_ms(1500);
    regulator_restart(w.reg);
    r = http_get(w.sim, "/test/state");
    json_array_foreach(json_object_get(r->json, "items"), i, it) {
        if (!strcmp(jstr(it, "state"), "sms"))
            gw_sim_post(&w, "/test/sms", "{\"item\":%lld}",
                        json_integer_value(json_object_get(it, "id")));
    }
    json_decref(gw_wait_state(c1, a, "regulator_review"));
    json_decref(gw_wait_state(c2, b, "regulator_review"));
    client_free(c1);
    client_free(c2);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        E2E_CASE(test_first_filing_to_filed),
        E2E_CASE(test_administration_returns),
        E2E_CASE(test_sms_wrong_five_times),
        E2E_CASE(test_lost_answer_and_bad_hash),
        E2E_CASE(test_claim_subject_filed_elsewhere),
        E2E_CASE(test_domain_filed_elsewhere_refused_where_typed),
        E2E_CASE(test_administration_killed_and_restarted),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
