/*
** End to end: the review console (接入商审核). Queues with their filters,
** search and pages; claims (two reviewers at once: one wins; release, take
** over); materials received; the on-site verification and what it means for
** the subject's next site; verification calls; a pass refused by its check
** and an audited override; a return with reasons per field, the customer
** fixing only those, and the application coming back to the reviewer who
** returned it; reopening; a return by the administration with its guidance.
*/
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "filing_data.h"
#include "flows.h"

static Beian *srv;
static Client *rev, *rev2, *admin;

static int setup(void **state) {
    (void)state;
    STEP("the server starts; two reviewers and an admin log in");
    srv = beian_start(true);
    rev = flow_staff(srv, "reviewer1");
    rev2 = flow_staff(srv, "reviewer2");
    admin = flow_staff(srv, "admin1");
    return 0;
}

static int teardown(void **state) {
    (void)state;
    client_free(rev);
    client_free(rev2);
    client_free(admin);
    return beian_stop(srv) == 0 ? 0 : -1;
}

/* A customer with a first filing submitted; *c gets the customer. */
static long long submitted(const char *login, const char *subject, const char *domain, Client **c) {
    *c = flow_new_customer(srv, rev, login);
    char subj[2048];
    snprintf(subj, sizeof subj, "{%s}", subject);
    const char *name = strstr(subject, "individual") ? "王芳的读书笔记" : "示例科技官方网站";
    long long id = flow_first_filing(*c, subj, SITE_SAME, name, domain);
    ASSERT_STATUS(api_submit(*c, id, "纸质材料已寄出", 0), 200);
    return id;
}

static bool has_action(json_t *app, const char *action) {
    json_t *a = jpath(app, "review.actions");
    size_t i;
    json_t *x;
    json_array_foreach(a, i, x) {
        if (!strcmp(json_string_value(x), action)) return true;
    }
    return false;
}

/* How many audit rows of an action name the application. */
static long long audited(long long app_id, const char *action) {
    char path[160];
    snprintf(path, sizeof path, "/api/v1/audit?action=%s", action);
    Resp *r = http_get(admin, path);
    ASSERT_STATUS(r, 200);
    json_t *e = jpath(r->json, "entries");
    long long n = 0;
    size_t i;
    json_t *x;
    json_array_foreach(e, i, x) {
        if (json_integer_value(json_object_get(x, "object_id")) == app_id) n++;
    }
    return n;
}

E2E_TEST(test_queue_filters_search_pages) {
    Client *c1, *c2, *c3;
    STEP("three customers submit: Beijing, Shanghai, Beijing");
    long long a1 = submitted("rq1", ORG_SUBJECT, "example-rq1.cn", &c1);
    long long a2 = submitted("rq2", PERSON_SUBJECT, "example-rq2.cn", &c2);
    long long a3 = submitted("rq3", ORG_SUBJECT, "example-rq3.cn", &c3);
    STEP("the new queue lists them oldest first");
    Resp *r = http_get(rev, "/api/v1/staff/queue?queue=new");
    ASSERT_STATUS(r, 200);
    assert_true(json_array_size(jpath(r->json, "applications")) >= 3);
    long long first = jint(r->json, "applications.0.id");
    assert_true(first <= a1);
    STEP("a province filter keeps Shanghai only");
    r = http_get(rev, "/api/v1/staff/queue?queue=new&province=310000");
    ASSERT_STATUS(r, 200);
    assert_int_equal(json_array_size(jpath(r->json, "applications")), 1);
    assert_int_equal(jint(r->json, "applications.0.id"), a2);
    assert_string_equal(jstr(r->json, "applications.0.principal_name"), "王芳");
    assert_true(json_is_null(jpath(r->json, "applications.0.returned_by"))); /* never returned */
    STEP("search by domain, by application number, by the start of a name");
    r = http_get(rev, "/api/v1/staff/queue?q=example-rq3.cn");
    assert_int_equal(json_array_size(jpath(r->json, "applications")), 1);
    assert_int_equal(jint(r->json, "applications.0.id"), a3);
    json_t *app = review_get(rev, a1);
    char path[200];
    snprintf(path, sizeof path, "/api/v1/staff/queue?q=%s", jstr(app, "number"));
    json_decref(app);
    r = http_get(rev, path);
    assert_int_equal(json_array_size(jpath(r->json, "applications")), 1);
    assert_int_equal(jint(r->json, "applications.0.id"), a1);
    r = http_get(rev, "/api/v1/staff/queue?q=%E7%8E%8B"); /* 王 */
    assert_int_equal(json_array_size(jpath(r->json, "applications")), 1);
    STEP("pages of one row follow each other by key, without repeats");
    long long seen[3] = {0};
    snprintf(path, sizeof path, "/api/v1/staff/queue?queue=new&limit=1");
    for (int i = 0; i < 3; i++) {
        r = http_get(rev, path);
        ASSERT_STATUS(r, 200);
        seen[i] = jint(r->json, "applications.0.id");
        for (int j = 0; j < i; j++)
            assert_true(seen[j] != seen[i]);
        snprintf(path, sizeof path,
                 "/api/v1/staff/queue?queue=new&limit=1&after_at=%lld&after_id=%lld",
                 jint(r->json, "next.after_at"), jint(r->json, "next.after_id"));
    }
    STEP("the page and the staff home show the queues");
    r = http_get(rev, "/staff/queue");
    ASSERT_STATUS(r, 200);
    ASSERT_BODY_HAS(r, "example-rq2.cn");
    r = http_get(rev, "/staff");
    ASSERT_STATUS(r, 200);
    ASSERT_BODY_HAS(r, "待审核申请");
    STEP("a customer cannot see the queue");
    ASSERT_STATUS(http_get(c1, "/api/v1/staff/queue"), 403);
    client_free(c1), client_free(c2), client_free(c3);
}

typedef struct Racer {
    Client *c;
    long long app;
    long status;
} Racer;

static void *claim_main(void *arg) {
    Racer *x = arg;
    x->status = review_post(x->c, x->app, "claim", "{}")->status;
    return NULL;
}

E2E_TEST(test_claims) {
    Client *c;
    long long id = submitted("rc1", ORG_SUBJECT, "example-rc1.cn", &c);
    STEP("two reviewers claim at once: one wins, the other is told");
    Racer x[2] = {{rev, id, 0}, {rev2, id, 0}};
    pthread_t t[2];
    for (int i = 0; i < 2; i++)
        pthread_create(&t[i], NULL, claim_main, &x[i]);
    for (int i = 0; i < 2; i++)
        pthread_join(t[i], NULL);
    assert_true((x[0].status == 200) != (x[1].status == 200));
    assert_true(x[0].status == 409 || x[1].status == 409);
    Client *winner = x[0].status == 200 ? rev : rev2, *loser = winner == rev ? rev2 : rev;
    STEP("the loser may not record anything or release the claim");
    ASSERT_STATUS(review_post(loser, id, "calls",
                              "{\"person\":\"subject_principal\",\"outcome\":\"confirmed\"}"),
                  409);
    ASSERT_STATUS(review_post(loser, id, "release", "{}"), 403);
    STEP("a reviewer may not take over; an admin may, audited");
    ASSERT_STATUS(review_post(loser, id, "take-over", "{}"), 403);
    Resp *r = review_post(admin, id, "take-over", "{}");
    ASSERT_STATUS(r, 200);
    assert_string_equal(jstr(r->json, "review.claimed_login"), "admin1");
    assert_true(audited(id, "review.take_over") == 1);
    STEP("released, anyone may claim it again");
    ASSERT_STATUS(review_post(admin, id, "release", "{}"), 200);
    ASSERT_STATUS(review_post(winner, id, "claim", "{}"), 200);
    client_free(c);
}

/* The page's 认领人 says claiming does not apply now, not 未认领. */
static void says_no_claim(const char *path) {
    Resp *r = http_get(rev, path);
    ASSERT_STATUS(r, 200);
    ASSERT_BODY_HAS(r, "<span class=\"muted\">此阶段无需认领</span>");
    ASSERT_BODY_LACKS(r, "<span class=\"muted\">未认领</span>");
}

E2E_TEST(test_pass_needs_its_check_or_an_override) {
    Client *c;
    long long id = submitted("rp1", ORG_SUBJECT, "example-rp1.cn", &c);
    STEP("passing at once is refused, naming what is missing");
    ASSERT_STATUS(review_post(rev, id, "claim", "{}"), 200);
    Resp *r = review_post(rev, id, "pass", "{}");
    ASSERT_STATUS(r, 409);
    ASSERT_BODY_HAS(r, "pass_blocked");
    json_t *app = review_get(rev, id);
    assert_false(json_is_true(jpath(app, "review.pass_check.ok")));
    assert_true(json_is_true(jpath(app, "review.pass_check.form_scan_missing")));
    assert_true(json_is_true(jpath(app, "review.pass_check.onsite_missing")));
    assert_true(json_is_true(jpath(app, "review.pass_check.call_missing")));
    assert_true(json_array_size(jpath(app, "review.pass_check.materials_missing")) > 0);
    json_decref(app);
    STEP("copies beyond the expected number and unknown items are refused");
    r = review_post(rev, id, "materials", "{\"item\":[\"verification_form\"],\"copies\":[\"9\"]}");
    ASSERT_STATUS(r, 400);
    ASSERT_BODY_HAS(r, "material_copies");
    r = review_post(rev, id, "materials", "{\"item\":[\"nope\"],\"copies\":[\"1\"]}");
    ASSERT_STATUS(r, 400);
    STEP("an override needs a real reason");
    ASSERT_STATUS(review_post(rev, id, "pass", "{\"override_reason\":\"ok\"}"), 400);
    STEP("with one it passes, and the override is audited with what was missing");
    r = review_post(rev, id, "pass", "{\"override_reason\":\"材料已当面核对，扫描件稍后补传\"}");
    ASSERT_STATUS(r, 200);
    assert_string_equal(jstr(r->json, "state"), "to_regulator");
    assert_true(audited(id, "review.pass_override") == 1);
    STEP("the customer sees that it waits to be sent to the administration");
    json_t *mine = api_application(c, id);
    assert_string_equal(jstr(mine, "state_label"), "接入商核实通过，待报送管局");
    json_decref(mine);
    STEP("a pass not sent yet can be taken back");
    r = review_post(rev, id, "reopen", "{}");
    ASSERT_STATUS(r, 200);
    assert_string_equal(jstr(r->json, "state"), "provider_review");
    STEP("the to_send queue is empty of it again; the full review passes without override");
    flow_review_pass(rev, id);
    r = http_get(rev, "/api/v1/staff/queue?queue=to_send");
    bool listed = false;
    size_t i;
    json_t *x;
    json_array_foreach(jpath(r->json, "applications"), i, x) {
        if (json_integer_value(json_object_get(x, "id")) == id) listed = true;
    }
    assert_true(listed);
    STEP("waiting to be sent, nobody claims it: its row and its page say so alike");
    json_t *sent = review_get(rev, id);
    char path[200];
    snprintf(path, sizeof path, "/staff/queue?queue=to_send&q=%s", jstr(sent, "number"));
    json_decref(sent);
    says_no_claim(path);
    snprintf(path, sizeof path, "/staff/applications/%lld", id);
    says_no_claim(path);
    client_free(c);
}

E2E_TEST(test_return_fix_resubmit_pass) {
    Client *c;
    long long id = submitted("rr1", ORG_SUBJECT, "example-rr1.cn", &c);
    STEP("the reviewer returns it naming the site name, with a suggestion");
    ASSERT_STATUS(review_post(rev, id, "claim", "{}"), 200);
    Resp *r = review_post(rev, id, "return", "{\"field\":[\"\"],\"reason\":[\"\"]}");
    ASSERT_STATUS(r, 400);
    ASSERT_BODY_HAS(r, "return_reasons");
    r = review_post(rev, id, "return", "{\"field\":[\"no_such_field\"],\"reason\":[\"x\"]}");
    ASSERT_STATUS(r, 400);
    ASSERT_BODY_HAS(r, "field_unknown");
    r = review_post(rev, id, "return",
                    "{\"field\":[\"site_name\",\"\"],\"reason\":[\"网站名称与内容不符\",\"\"],"
                    "\"suggestion\":[\"请改为能反映网站内容的名称\",\"\"]}");
    ASSERT_STATUS(r, 200);
    assert_string_equal(jstr(r->json, "state"), "provider_returned");
    STEP("the customer sees the reason at once and may change only that field");
    json_t *a = api_application(c, id);
    assert_string_equal(jstr(a, "return_reasons.0.field"), "site_name");
    assert_string_equal(jstr(a, "return_reasons.0.reason"), "网站名称与内容不符");
    json_decref(a);
    r = api_step(c, id, "site",
                 "{\"site_name\":\"示例科技产品网\",\"site_domain\":\"example-other.cn\"}");
    ASSERT_STATUS(r, 400);
    ASSERT_BODY_HAS(r, "field_locked");
    char body[2048];
    snprintf(body, sizeof body, SITE_SAME, "示例科技产品网", "example-rr1.cn", "example-rr1.cn");
    api_step_ok(c, id, "site", body);
    snprintf(body, sizeof body, "/staff/applications/%lld", id);
    r = http_get(rev2, body);
    ASSERT_BODY_LACKS(r, "未认领"); /* nobody can claim a return: it waits for the customer */
    ASSERT_BODY_HAS(r, "等待客户修改");
    ASSERT_BODY_HAS(r, "重新提交后回到退回它的审核员 reviewer1");
    json_t *back = review_get(rev2, id);
    assert_string_equal(jstr(back, "review.returned_by"), "reviewer1");
    json_decref(back);
    snprintf(body, sizeof body, "/portal/applications/%lld", id);
    r = http_get(c, body);
    ASSERT_BODY_HAS(r, "请逐项修改以下字段");
    STEP("resubmitted with a note, it comes back to the reviewer who returned it");
    ASSERT_STATUS(api_submit(c, id, "已按要求修改网站名称", 0), 200);
    /* The reasons are history now: the customer's page asks nothing more. */
    r = http_get(c, body);
    ASSERT_BODY_LACKS(r, "请逐项修改以下字段");
    json_t *app = review_get(rev, id);
    assert_string_equal(jstr(app, "review.claimed_login"), "reviewer1");
    assert_int_equal(jint(app, "review.review_round"), 2);
    assert_string_equal(jstr(app, "customer_note"), "已按要求修改网站名称");
    json_decref(app);
    r = http_get(rev, "/api/v1/staff/queue?queue=resubmitted&claim=mine");
    assert_int_equal(jint(r->json, "applications.0.id"), id);
    assert_string_equal(jstr(r->json, "applications.0.returned_by"), "reviewer1");
    r = http_get(rev, "/staff/applications/0");
    ASSERT_STATUS(r, 404);
    snprintf(body, sizeof body, "/staff/applications/%lld", id);
    r = http_get(rev, body);
    ASSERT_BODY_HAS(r, "已按要求修改网站名称");
    STEP("another reviewer cannot decide it");
    ASSERT_STATUS(review_post(rev2, id, "pass", "{}"), 409);
    STEP("released, its row is nobody's and still names the reviewer who returned it");
    ASSERT_STATUS(review_post(rev, id, "release", "{}"), 200);
    app = review_get(rev, id);
    snprintf(body, sizeof body, "/api/v1/staff/queue?queue=resubmitted&q=%s", jstr(app, "number"));
    json_decref(app);
    r = http_get(rev, body);
    assert_int_equal(jint(r->json, "applications.0.id"), id);
    assert_true(json_is_null(jpath(r->json, "applications.0.claimed_by")));
    assert_string_equal(jstr(r->json, "applications.0.returned_by"), "reviewer1");
    STEP("its reviewer passes it");
    flow_review_pass(rev, id);
    client_free(c);
}

/* The id of the standard return reason of a field in the review JSON (0: none). */
static long long std_reason(json_t *app, const char *field, const char **text) {
    size_t i;
    json_t *x;
    json_array_foreach(jpath(app, "review.return_reasons"), i, x) {
        if (!strcmp(json_string_value(json_object_get(x, "field")), field)) {
            *text = json_string_value(json_object_get(x, "reason"));
            return json_integer_value(json_object_get(x, "id"));
        }
    }
    return 0;
}

E2E_TEST(test_return_with_standard_reasons) {
    Client *c;
    long long id = submitted("rs1", ORG_SUBJECT, "example-rs1.cn", &c);
    ASSERT_STATUS(review_post(rev, id, "claim", "{}"), 200);
    STEP("the review offers the active standard reasons, with their fields");
    json_t *app = review_get(rev, id);
    const char *name_text = NULL, *domain_text = NULL;
    long long name_id = std_reason(app, "site_name", &name_text);
    long long domain_id = std_reason(app, "site_domain", &domain_text);
    assert_true(name_id > 0 && domain_id > 0);
    char want[512];
    snprintf(want, sizeof want, "%s", name_text);
    STEP("a reason an admin deactivated is refused, and nothing changes");
    char path[160], body[512];
    snprintf(path, sizeof path, "/api/v1/admin/reasons/%lld/deactivate", domain_id);
    ASSERT_STATUS(http_post_json(admin, path, "{}"), 200);
    snprintf(body, sizeof body, "{\"reason_id\":[\"%lld\"]}", domain_id);
    Resp *r = review_post(rev, id, "return", body);
    ASSERT_STATUS(r, 400);
    ASSERT_BODY_HAS(r, "reason_inactive");
    snprintf(path, sizeof path, "/api/v1/admin/reasons/%lld/activate", domain_id);
    ASSERT_STATUS(http_post_json(admin, path, "{}"), 200);
    snprintf(body, sizeof body, "{\"reason_id\":[\"999999\"]}");
    ASSERT_STATUS(review_post(rev, id, "return", body), 400);
    json_t *still = review_get(rev, id);
    assert_string_equal(jstr(still, "state"), "provider_review");
    json_decref(still);
    STEP("picked alone, a standard reason names its field with its text and suggestion;"
         " beside it, an edited one keeps the reviewer's words");
    snprintf(body, sizeof body,
             "{\"field\":[\"\",\"site_domain\"],\"reason_id\":[\"%lld\",\"%lld\"],"
             "\"reason\":[\"\",\"域名持有者为个人，与主体不一致\"]}",
             name_id, domain_id);
    r = review_post(rev, id, "return", body);
    ASSERT_STATUS(r, 200);
    assert_string_equal(jstr(r->json, "state"), "provider_returned");
    json_decref(app);
    json_t *a = api_application(c, id);
    assert_string_equal(jstr(a, "return_reasons.0.field"), "site_name");
    assert_string_equal(jstr(a, "return_reasons.0.reason"), want);
    assert_true(strlen(jstr(a, "return_reasons.0.suggestion")) > 0);
    assert_string_equal(jstr(a, "return_reasons.1.field"), "site_domain");
    assert_string_equal(jstr(a, "return_reasons.1.reason"), "域名持有者为个人，与主体不一致");
    assert_true(strlen(jstr(a, "return_reasons.1.suggestion")) > 0);
    json_decref(a);
    client_free(c);
}

E2E_TEST(test_reopen_a_return_made_in_error) {
    Client *c;
    long long id = submitted("ro1", ORG_SUBJECT, "example-ro1.cn", &c);
    ASSERT_STATUS(review_post(rev, id, "claim", "{}"), 200);
    ASSERT_STATUS(review_post(rev, id, "return", "{\"field\":[\"\"],\"reason\":[\"误操作\"]}"),
                  200);
    STEP("reopened, it is under review again, held by whoever reopened it");
    Resp *r = review_post(rev2, id, "reopen", "{\"note\":\"退回有误\"}");
    ASSERT_STATUS(r, 200);
    assert_string_equal(jstr(r->json, "state"), "provider_review");
    assert_string_equal(jstr(r->json, "review.claimed_login"), "reviewer2");
    client_free(c);
}

/* Seed §1.2: only a verification done on site makes the subject's next site
** need the reduced materials. */
E2E_TEST(test_onsite_decides_the_next_site) {
    Client *c;
    long long id = submitted("rv1", ORG_SUBJECT, "example-rv1.cn", &c);
    STEP("not needed is refused when the checklist needs one; a date in the future too");
    ASSERT_STATUS(review_post(rev, id, "claim", "{}"), 200);
    Resp *r = review_post(rev, id, "onsite", "{\"kind\":\"not_needed\"}");
    ASSERT_STATUS(r, 400);
    ASSERT_BODY_HAS(r, "onsite_needed");
    long long photo = review_upload(rev, id, "onsite_photo", 1024, 768);
    char body[256];
    snprintf(body, sizeof body,
             "{\"kind\":\"done\",\"verified_on\":\"2999-01-01\",\"photo_file_id\":%lld}", photo);
    ASSERT_STATUS(review_post(rev, id, "onsite", body), 400);
    ASSERT_STATUS(
        review_post(rev, id, "onsite", "{\"kind\":\"done\",\"verified_on\":\"2026-01-01\"}"),
        400); /* no photo */
    STEP("passed with an override and no on-site verification, approved");
    ASSERT_STATUS(review_post(rev, id, "pass", "{\"override_reason\":\"测试：不做现场核验\"}"),
                  200);
    flow_decide(srv, id, "send", "system");
    flow_decide(srv, id, "sms_passed", "system");
    flow_decide(srv, id, "regulator_approve", "system");
    STEP("its next site still needs the full materials: never verified on site");
    long long site = api_start(c, "new_site", 0);
    api_site_ok(c, site, SITE_SAME, "示例科技第二网站", "example-rv1b.cn");
    api_step_ok(c, site, "access", ACCESS);
    json_t *a = api_application(c, site);
    char *required = json_dumps(jpath(a, "checklist.notices"), 0);
    assert_true(strstr(required, "onsite_required") != NULL);
    free(required);
    json_decref(a);
    ASSERT_STATUS(api_submit(c, site, "", 0), 200);
    STEP("this time verified on site: the subject's later sites need only the form");
    flow_review_pass(rev, site);
    json_t *app = review_get(rev, site);
    assert_string_equal(jstr(app, "review.onsite.kind"), "done");
    json_decref(app);
    flow_decide(srv, site, "send", "system");
    flow_decide(srv, site, "sms_passed", "system");
    flow_decide(srv, site, "regulator_approve", "system");
    long long third = api_start(c, "new_site", 0);
    api_site_ok(c, third, SITE_SAME, "示例科技第三网站", "example-rv1c.cn");
    api_step_ok(c, third, "access", ACCESS);
    a = api_application(c, third);
    required = json_dumps(jpath(a, "checklist.notices"), 0);
    assert_true(strstr(required, "onsite_done_before") != NULL);
    free(required);
    json_decref(a);
    STEP("covered by the earlier verification");
    ASSERT_STATUS(api_submit(c, third, "", 0), 200);
    ASSERT_STATUS(review_post(rev, third, "claim", "{}"), 200);
    app = review_get(rev, third);
    assert_false(json_is_true(jpath(app, "review.onsite_needed")));
    json_decref(app);
    app = review_get(rev, site);
    snprintf(body, sizeof body, "{\"kind\":\"covered\",\"covered_by\":%lld}",
             jint(app, "review.onsite.id"));
    json_decref(app);
    ASSERT_STATUS(review_post(rev, third, "onsite", body), 200);
    ASSERT_STATUS(review_post(rev, third, "onsite", "{\"kind\":\"covered\",\"covered_by\":999999}"),
                  400);
    client_free(c);
}

E2E_TEST(test_administration_return_guidance) {
    Client *c;
    long long id = submitted("rg1", ORG_SUBJECT, "example-rg1.cn", &c);
    flow_review_pass(rev, id);
    flow_decide(srv, id, "send", "system");
    STEP("the administration returns it: no verification form (seed §4.1)");
    beian_regulator_return(srv, id, "no_form", "未收到真实性核验单");
    json_t *app = review_get(rev, id);
    assert_string_equal(jstr(app, "state"), "regulator_returned");
    assert_string_equal(jstr(app, "review.return_guide"), "no_form");
    assert_true(has_action(app, "pass"));
    assert_true(has_action(app, "return"));
    json_decref(app);
    Resp *r = http_get(rev, "/api/v1/staff/queue?queue=returned");
    assert_int_equal(jint(r->json, "applications.0.id"), id);
    STEP("the customer sees the next step too");
    json_t *mine = api_application(c, id);
    assert_string_equal(jstr(mine, "return_guide"), "no_form");
    json_decref(mine);
    char page[96];
    snprintf(page, sizeof page, "/portal/applications/%lld", id);
    r = http_get(c, page);
    ASSERT_BODY_HAS(r, "未收到您的真实性核验单");
    STEP("the provider sends it again once the form is attached");
    flow_review_pass(rev, id);
    client_free(c);
}

E2E_TEST(test_unmask_is_audited) {
    Client *c;
    long long id = submitted("ru1", ORG_SUBJECT, "example-ru1.cn", &c);
    STEP("masked by default; revealed on request, audited as such");
    json_t *app = review_get(rev, id);
    assert_string_equal(jstr(app, "values.principal_id_number"), "110105********1230");
    json_decref(app);
    char path[128];
    snprintf(path, sizeof path, "/api/v1/staff/applications/%lld?reveal=1", id);
    Resp *r = http_get(rev, path);
    ASSERT_STATUS(r, 200);
    assert_string_equal(jstr(r->json, "values.principal_id_number"), "110105198503151230");
    assert_true(audited(id, "application.reveal") == 1);
    snprintf(path, sizeof path, "/staff/applications/%lld?unmask=1", id);
    r = http_get(rev, path);
    ASSERT_BODY_HAS(r, "110105198503151230");
    assert_true(audited(id, "application.reveal") == 2);
    client_free(c);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        E2E_CASE(test_queue_filters_search_pages),
        E2E_CASE(test_claims),
        E2E_CASE(test_pass_needs_its_check_or_an_override),
        E2E_CASE(test_return_fix_resubmit_pass),
        E2E_CASE(test_return_with_standard_reasons),
        E2E_CASE(test_reopen_a_return_made_in_error),
        E2E_CASE(test_onsite_decides_the_next_site),
        E2E_CASE(test_administration_return_guidance),
        E2E_CASE(test_unmask_is_audited),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
