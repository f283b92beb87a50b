/*
** End to end: `beian regulator` on a free 127.0.0.1 port, driven with the
** codec as a client (sim_client.h) and its test controls as JSON. A filing
** goes through the SMS page to approval with numbers in the real format;
** SMS wrong 5 times; the sequence rules (gap, repeat); the download queue
** and its acknowledgements; querypreviousupload, querybeianstatus and
** verifybamm (right, wrong, 22); authentication codes; the faults (timeout
** after commit, bad hash, maintenance, a chosen code); AES payloads; the
** console pages. Every answer and file is held against the MIIT XSDs.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "harness.h"
#include "regulator/codes.h"
#include "rules/filing_number.h"
#include "sim_client.h"

#define MOBILE      "13800000001"
#define SITE_MOBILE "13800000002"

/* XZBA of one enterprise site of Zhejiang, our IDs from id. */
static UploadData filing(SimClient *c, int64_t id, const char *domain) {
    RegSubject s =
        fx_subject(&c->a, id, "杭州示例科技有限公司", 1,
                   arena_printf(&c->a, "91330108MA27G%05lld", (long long)id), 330000, MOBILE);
    RegSite site = fx_site(&c->a, id + 100, "示例科技官方网站", domain, SITE_MOBILE);
    return fx_xzba(&c->a, s, &site, 1, true);
}

/* The SMS code waiting for mobile, from GET /test/state. */
static const char *code_for(Client *json, const char *mobile) {
    Resp *r = http_get(json, "/test/state");
    ASSERT_STATUS(r, 200);
    json_t *sms = json_object_get(r->json, "sms");
    size_t i;
    json_t *row;
    static char code[8];
    code[0] = 0;
    json_array_foreach(sms, i, row) {
        if (!strcmp(jstr(row, "mobile"), mobile) && !strcmp(jstr(row, "state"), "pending"))
            snprintf(code, sizeof code, "%s", jstr(row, "code"));
    }
    if (!code[0]) E2E_FAIL("no SMS code waits for %s", mobile);
    return code;
}

/* The principal types code on the /sms page; the page's answer. */
static Resp *sms_page(Client *page, const char *mobile, const char *code) {
    ASSERT_STATUS(http_get(page, "/sms"), 200); /* its form's token */
    char form[128];
    snprintf(form, sizeof form, "mobile=%s&code=%s", mobile, code);
    Resp *r = http_post_form(page, "/sms", form);
    ASSERT_STATUS(r, 200);
    return r;
}

/* A number that passes for neither code. */
static const char *wrong_code(const char *right) {
    return strcmp(right, "123456") ? "123456" : "654321";
}

E2E_TEST(test_filing_through_sms_to_numbers) {
    STEP("start the simulator; reviews at once");
    Regulator *g = regulator_start(NULL);
    SimClient c;
    sc_init(&c, g);
    Client *json = client_new(&g->srv), *page = client_new(&g->srv);
    ASSERT_STATUS(http_post_json_no_csrf(json, "/test/settings", "{\"review_delay_s\":0}"), 200);
    RegReturn r;
    SoapRequest prev = {.method = REG_QUERYPREVIOUSUPLOAD};
    STEP("querypreviousupload before any upload: sequence 0");
    assert_int_equal(sc_code(&c, &prev, &r), 0);
    assert_int_equal(r.file.sequence, 0);
    STEP("upload a new filing as sequence 1: accepted");
    UploadData d = filing(&c, 801, "example-e2e.cn");
    assert_int_equal(sc_upload(&c, 1, &d, &r), 0);
    STEP("download: SMS sent, the same file until acknowledged");
    DownloadData dl;
    const char *name1 = NULL, *name2 = NULL;
    int rc;
    assert_int_equal(sc_download(&c, &dl, &name1, &rc), 0);
    assert_int_equal(sc_download(&c, &dl, &name2, &rc), 0);
    assert_string_equal(name1, name2);
    assert_int_equal(dl.results[0].codes[0].code, REG_SMS_SENT);
    assert_int_equal(sc_ack(&c, name1), 0);
    STEP("the principals type their codes on /sms, one wrong first");
    const char *code = code_for(json, MOBILE);
    ASSERT_BODY_HAS(sms_page(page, MOBILE, wrong_code(code)), "验证码错误");
    ASSERT_BODY_HAS(sms_page(page, MOBILE, code), "核验通过");
    ASSERT_BODY_HAS(sms_page(page, SITE_MOBILE, code_for(json, SITE_MOBILE)), "核验通过");
    STEP("download: SMS passed, then approval with numbers in the real format");
    sc_next(&c, REG_SMS_PASSED, 1, "801");
    DownloadData ok = sc_next(&c, 1001, 1, "801");
    assert_true(ok.has_filed && ok.n_reviews == 1 && ok.reviews[0].record_id == 801);
    FilingNumber n;
    assert_int_equal(filing_subject_number_parse(ok.filed[0].subject.number, &n), 0);
    assert_string_equal(n.prefix, "浙");
    assert_int_equal(strlen(n.serial), 8);
    const char *site_number = ok.filed[0].sites[0].number;
    assert_string_equal(site_number, arena_printf(&c.a, "%s-1", ok.filed[0].subject.number));
    STEP("download again: nothing (2); acknowledgements: 21 empty, 999 unknown, 0 again");
    SoapRequest dq = {.method = REG_DOWNLOAD};
    assert_int_equal(sc_code(&c, &dq, &r), 2);
    assert_int_equal(sc_ack(&c, ""), 21);
    assert_int_equal(sc_ack(&c, "DL00000000000000_424242.xml"), 999);
    assert_int_equal(sc_ack(&c, name1), 0);
    STEP("querypreviousupload: sequence 1, the file as sent");
    assert_int_equal(sc_code(&c, &prev, &r), 0);
    assert_int_equal(r.file.sequence, 1);
    assert_string_equal(r.file.file_name, "beianinfo.xml");
    STEP("querybeianstatus of the new domain: filed with its numbers");
    SoapRequest st = {
        .method = REG_QUERYBEIANSTATUS, .query_type = 0, .query = "www.EXAMPLE-e2e.cn"};
    assert_int_equal(sc_code(&c, &st, &r), 0);
    assert_int_equal(r.status.filed, 0);
    assert_string_equal(r.status.site_number, site_number);
    assert_string_equal(r.status.site_name, "示例科技官方网站");
    client_free(json);
    client_free(page);
    sc_free(&c);
    assert_int_equal(regulator_stop(g), 0);
}

E2E_TEST(test_sequence_rules) {
    STEP("start; two uploads in order");
    Regulator *g = regulator_start(NULL);
    SimClient c;
    sc_init(&c, g);
    Client *json = client_new(&g->srv);
    RegReturn r;
    UploadData d1 = filing(&c, 811, "seq-1.cn"), d2 = filing(&c, 821, "seq-2.cn");
    assert_int_equal(sc_upload(&c, 1, &d1, &r), 0);
    STEP("a gap: sequence 4 answers 14 with 2 and 3 missing");
    assert_int_equal(sc_upload(&c, 4, &d2, &r), 14);
    assert_int_equal(r.n_missing, 2);
    assert_int_equal(r.missing[0], 2);
    assert_int_equal(r.missing[1], 3);
    STEP("a repeated number: 0, and applied once");
    assert_int_equal(sc_upload(&c, 1, &d1, &r), 0);
    Resp *s = http_get(json, "/test/state");
    assert_int_equal(jint(s->json, "last_sequence"), 1);
    assert_int_equal(json_array_size(json_object_get(s->json, "items")), 1);
    STEP("the next number is accepted");
    assert_int_equal(sc_upload(&c, 2, &d2, &r), 0);
    s = http_get(json, "/test/state");
    assert_int_equal(json_array_size(json_object_get(s->json, "items")), 2);
    STEP("the queue bound: two items in flight, a limit of 2: 15, and nothing taken");
    ASSERT_STATUS(http_post_json_no_csrf(json, "/test/settings", "{\"queue_limit\":2}"), 200);
    UploadData d3 = filing(&c, 891, "seq-3.cn");
    assert_int_equal(sc_upload(&c, 3, &d3, &r), 15);
    assert_int_equal(jint(http_get(json, "/test/state")->json, "last_sequence"), 2);
    client_free(json);
    sc_free(&c);
    assert_int_equal(regulator_stop(g), 0);
}

E2E_TEST(test_sms_wrong_five_times) {
    STEP("start; upload a filing; read the SMS sent");
    Regulator *g = regulator_start(NULL);
    SimClient c;
    sc_init(&c, g);
    Client *json = client_new(&g->srv);
    RegReturn r;
    UploadData d = filing(&c, 831, "sms-fail.cn");
    assert_int_equal(sc_upload(&c, 1, &d, &r), 0);
    sc_next(&c, REG_SMS_SENT, 1, "831");
    STEP("five wrong codes through /test/sms: wrong 4 times, then failed");
    const char *wrong = wrong_code(code_for(json, SITE_MOBILE));
    char body[128];
    snprintf(body, sizeof body, "{\"mobile\":\"%s\",\"code\":\"%s\"}", SITE_MOBILE, wrong);
    for (int i = 0; i < 4; i++)
        assert_string_equal(jstr(http_post_json_no_csrf(json, "/test/sms", body)->json, "outcome"),
                            "wrong");
    assert_string_equal(jstr(http_post_json_no_csrf(json, "/test/sms", body)->json, "outcome"),
                        "failed");
    STEP("download: SMS failed");
    sc_next(&c, REG_SMS_FAILED, 1, "831");
    client_free(json);
    sc_free(&c);
    assert_int_equal(regulator_stop(g), 0);
}

E2E_TEST(test_registry_queries) {
    STEP("start; the demo subjects filed elsewhere");
    Regulator *g = regulator_start(NULL);
    SimClient c;
    sc_init(&c, g);
    RegReturn r;
    STEP("querybeianstatus: a demo domain, a certificate, an unknown domain");
    SoapRequest q = {
        .method = REG_QUERYBEIANSTATUS, .query_type = 0, .query = "demo-enterprise.cn"};
    assert_int_equal(sc_code(&c, &q, &r), 0);
    assert_int_equal(r.status.filed, 0);
    assert_string_equal(r.status.subject_number, g->demo[0].number);
    assert_string_equal(r.status.site_number, g->demo[0].site_number);
    q.query_type = 1, q.query = "91110000802100433B";
    assert_int_equal(sc_code(&c, &q, &r), 0);
    assert_string_equal(r.status.subject_number, g->demo[0].number);
    q.query_type = 0, q.query = "nobody-filed-this.cn";
    assert_int_equal(sc_code(&c, &q, &r), 0);
    assert_int_equal(r.status.filed, 1);
    assert_null(r.status.subject_number);
    STEP("verifybamm: right 0, wrong 1, then 22 beyond 5 checks an hour");
    SoapRequest v = {
        .method = REG_VERIFYBAMM, .baxh = g->demo[1].number, .bamm = g->demo[1].password};
    assert_int_equal(sc_code(&c, &v, &r), 0);
    assert_int_equal(r.verify, 0);
    v.bamm = "not-the-password";
    for (int i = 0; i < 4; i++) {
        assert_int_equal(sc_code(&c, &v, &r), 0);
        assert_int_equal(r.verify, 1);
    }
    assert_int_equal(sc_code(&c, &v, &r), 22);
    v.baxh = g->demo[0].number, v.bamm = g->demo[0].password; /* another number: not capped */
    assert_int_equal(sc_code(&c, &v, &r), 0);
    assert_int_equal(r.verify, 0);
    sc_free(&c);
    assert_int_equal(regulator_stop(g), 0);
}

E2E_TEST(test_authentication) {
    STEP("start; calls with a wrong account");
    Regulator *g = regulator_start(NULL);
    SimClient c;
    sc_init(&c, g);
    RegReturn r;
    SoapRequest q = {.method = REG_DOWNLOAD};
    c.password = "wrong";
    assert_int_equal(sc_code(&c, &q, &r), 5);
    c.password = g->password, c.user = "someone";
    assert_int_equal(sc_code(&c, &q, &r), 4);
    c.user = "beian", c.isp = 2002;
    assert_int_equal(sc_code(&c, &q, &r), 12);
    c.isp = FX_ISP, c.randval = "short";
    assert_int_equal(sc_code(&c, &q, &r), 16);
    c.randval = NULL, c.hash_alg = 1;
    assert_int_equal(sc_code(&c, &q, &r), 10);
    c.hash_alg = 0;
    assert_int_equal(sc_code(&c, &q, &r), 2);
    sc_free(&c);
    assert_int_equal(regulator_stop(g), 0);
}

E2E_TEST(test_faults) {
    STEP("start; arm a timeout after commit for the next upload");
    Regulator *g = regulator_start(NULL);
    SimClient c;
    sc_init(&c, g);
    Client *json = client_new(&g->srv);
    RegReturn r;
    ASSERT_STATUS(
        http_post_json_no_csrf(json, "/test/fault",
                               "{\"fault\":\"timeout_after_commit\",\"method\":\"isp_upload\"}"),
        200);
    UploadData d = filing(&c, 841, "fault-1.cn");
    STEP("the upload gets no answer, yet it was accepted and stored");
    assert_int_equal(sc_upload(&c, 1, &d, &r), -1);
    SoapRequest prev = {.method = REG_QUERYPREVIOUSUPLOAD};
    assert_int_equal(sc_code(&c, &prev, &r), 0);
    assert_int_equal(r.file.sequence, 1);
    assert_int_equal(sc_upload(&c, 1, &d, &r), 0); /* sent again: not applied twice */
    assert_int_equal(json_array_size(json_object_get(http_get(json, "/test/state")->json, "items")),
                     1);
    STEP("a bad hash in the next download, then the same file with the right one");
    ASSERT_STATUS(http_post_json_no_csrf(json, "/test/fault", "{\"fault\":\"bad_hash\"}"), 200);
    DownloadData dl;
    const char *name = NULL;
    int rc;
    sc_download(&c, &dl, &name, &rc);
    assert_int_equal(rc, -ERR_REG_HASH);
    assert_int_equal(regulator_err_code(rc), 7);
    sc_next(&c, REG_SMS_SENT, 1, "841");
    STEP("maintenance for two calls: 901 on upload, 902 on download");
    ASSERT_STATUS(
        http_post_json_no_csrf(json, "/test/fault", "{\"fault\":\"maintenance\",\"count\":2}"),
        200);
    UploadData d2 = filing(&c, 851, "fault-2.cn");
    assert_int_equal(sc_upload(&c, 2, &d2, &r), 901);
    SoapRequest dq = {.method = REG_DOWNLOAD};
    assert_int_equal(sc_code(&c, &dq, &r), 902);
    assert_int_equal(sc_upload(&c, 2, &d2, &r), 0);
    STEP("a chosen msg_code: 15");
    ASSERT_STATUS(http_post_json_no_csrf(json, "/test/fault", "{\"fault\":\"code\",\"code\":15}"),
                  200);
    assert_int_equal(sc_upload(&c, 3, &d2, &r), 15);
    STEP("the test controls take JSON only, from no other origin; the SMS form needs its token");
    ASSERT_STATUS(http_post_form_no_csrf(json, "/test/clock", "advance_s=1"), 415);
    client_header(json, "Origin: http://evil.example");
    ASSERT_STATUS(http_post_json_no_csrf(json, "/test/clock", "{\"advance_s\":1}"), 403);
    client_header(json, NULL);
    ASSERT_STATUS(http_post_form_no_csrf(json, "/sms", "mobile=13800000001&code=123456"), 403);
    client_free(json);
    sc_free(&c);
    assert_int_equal(regulator_stop(g), 0);
}

E2E_TEST(test_decide_and_clock) {
    STEP("start with a review delay of an hour; a filing whose SMS passes");
    Regulator *g = regulator_start(NULL);
    SimClient c;
    sc_init(&c, g);
    Client *json = client_new(&g->srv);
    RegReturn r;
    ASSERT_STATUS(http_post_json_no_csrf(json, "/test/settings", "{\"review_delay_s\":3600}"), 200);
    UploadData d = filing(&c, 861, "decide.cn");
    assert_int_equal(sc_upload(&c, 1, &d, &r), 0);
    sc_next(&c, REG_SMS_SENT, 1, "861");
    Resp *s = http_post_json_no_csrf(json, "/test/sms", "{\"item\":1}");
    ASSERT_STATUS(s, 200);
    sc_next(&c, REG_SMS_PASSED, 1, "861");
    STEP("return it now with a reason; a second decision is refused");
    s = http_post_json_no_csrf(json, "/test/decide",
                               "{\"bs\":\"861\",\"decision\":\"return\",\"code\":1002,"
                               "\"opinion\":\"未收到真实性核验单\"}");
    ASSERT_STATUS(s, 200);
    assert_string_equal(jstr(s->json, "state"), "returned");
    DownloadData ret = sc_next(&c, 1002, 1, "861");
    assert_int_equal(ret.reviews[0].approved, 0);
    assert_string_equal(ret.reviews[0].opinion, "未收到真实性核验单");
    ASSERT_STATUS(
        http_post_json_no_csrf(json, "/test/decide", "{\"item\":1,\"decision\":\"approve\"}"), 409);
    STEP("another filing is decided by the clock moved past its delay");
    UploadData d2 = filing(&c, 871, "decide-2.cn");
    assert_int_equal(sc_upload(&c, 2, &d2, &r), 0);
    sc_next(&c, REG_SMS_SENT, 1, "871");
    ASSERT_STATUS(http_post_json_no_csrf(json, "/test/sms", "{\"item\":2}"), 200);
    sc_next(&c, REG_SMS_PASSED, 1, "871");
    ASSERT_STATUS(http_post_json_no_csrf(json, "/test/clock", "{\"advance_s\":3601}"), 200);
    sc_next(&c, 1001, 1, "871");
    client_free(json);
    sc_free(&c);
    assert_int_equal(regulator_stop(g), 0);
}

E2E_TEST(test_aes_and_console) {
    STEP("start with an AES key and IV; an encrypted upload and download");
    const char *env[] = {"BEIAN_REGULATOR_AES_KEY=0123456789abcdef",
                         "BEIAN_REGULATOR_AES_IV=0102030405060708", NULL};
    Regulator *g = regulator_start(env);
    SimClient c;
    sc_init(&c, g);
    assert_int_equal(payload_key_set(&c.key, "0123456789abcdef", "0102030405060708"), 0);
    c.aes = true;
    RegReturn r;
    UploadData d = filing(&c, 881, "aes.cn");
    assert_int_equal(sc_upload(&c, 1, &d, &r), 0);
    DownloadData dl;
    const char *name = NULL;
    int rc;
    assert_int_equal(sc_download(&c, &dl, &name, &rc), 0);
    assert_int_equal(rc, 0);
    assert_int_equal(dl.results[0].codes[0].code, REG_SMS_SENT);
    STEP("the console lists the upload, the file, the codes and the registry");
    Client *page = client_new(&g->srv);
    ASSERT_BODY_HAS(http_get(page, "/console"), "isp_upload");
    ASSERT_BODY_HAS(http_get(page, "/console/uploads"), "beianinfo.xml");
    ASSERT_BODY_HAS(http_get(page, "/console/downloads"), name);
    ASSERT_BODY_HAS(http_get(page, "/console/sms"), SITE_MOBILE);
    Resp *reg = http_get(page, "/console/registry?q=demo-enterprise");
    ASSERT_BODY_HAS(reg, g->demo[0].number);
    ASSERT_BODY_LACKS(reg, g->demo[1].number);
    ASSERT_STATUS(http_get(page, "/console/test"), 200);
    client_free(page);
    sc_free(&c);
    assert_int_equal(regulator_stop(g), 0);
}

int main(void) {
    curl_global_init(CURL_GLOBAL_DEFAULT);
    const struct CMUnitTest tests[] = {
        E2E_CASE(test_filing_through_sms_to_numbers),
        E2E_CASE(test_sequence_rules),
        E2E_CASE(test_sms_wrong_five_times),
        E2E_CASE(test_registry_queries),
        E2E_CASE(test_authentication),
        E2E_CASE(test_faults),
        E2E_CASE(test_decide_and_clock),
        E2E_CASE(test_aes_and_console),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    curl_global_cleanup();
    return rc;
}
