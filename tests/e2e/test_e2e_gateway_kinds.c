/*
** Every kind of filing through the administration (issue 9): after a first
** filing, a new site of the subject (XZWZ), a change (BGBA), a change and a
** new site submitted together whose parts the administration decides each
** on its own (seed §4.4), a new access for a site filed through another
** provider (XZJR), and the cancellations (ZXBA: access, site, subject),
** each carried by `beian serve`'s gateway to `beian regulator` and back; and
** a gap in the upload numbers, resolved by resending what the
** administration lists (code 14).
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "filing_data.h"
#include "gateway_flows.h"

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

/* A customer whose first filing the administration approved; its site. */
static Client *filed(const char *login, const char *domain, long long *site) {
    Client *c;
    long long id = gw_passed(&w, login, domain, &c);
    gw_approve(&w, c, id, true);
    json_t *ov = api_overview(c);
    *site = jint(ov, "sites.0.id");
    json_decref(ov);
    return c;
}

/* The overview's site of that domain (borrowed from ov). */
static json_t *site_of(json_t *ov, const char *domain) {
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(ov, "sites"), i, x) {
        if (!strcmp(jstr(x, "domain"), domain)) return x;
    }
    E2E_FAIL("no site %s in the overview", domain);
    return NULL;
}

/* The operation of the application's last upload, as the staff see it. */
static void assert_uploaded_as(long long id, const char *op) {
    json_t *app = review_get(w.rev, id);
    json_t *ups = jpath(app, "review.regulator.uploads");
    json_t *last = json_array_get(ups, json_array_size(ups) - 1);
    assert_string_equal(jstr(last, "operation"), op);
    assert_string_equal(jstr(last, "state"), "accepted");
    json_decref(app);
}

E2E_TEST(test_new_site_then_change) {
    long long site;
    Client *c = filed("gk1", "example-gk1.cn", &site);
    json_t *ov = api_overview(c);
    char subject[64];
    snprintf(subject, sizeof subject, "%s", jstr(ov, "subject.subject_number"));
    json_decref(ov);
    STEP("a new site of the filed subject: sent as XZWZ, numbered -2 by the administration");
    long long add = api_start(c, "new_site", 0);
    api_site_ok(c, add, SITE_SAME, "王芳的摄影作品", "example-gk1-photo.cn");
    api_step_ok(c, add, "access", ACCESS);
    ASSERT_STATUS(api_submit(c, add, "", 0), 200);
    flow_review_pass(w.rev, add);
    gw_approve(&w, c, add, true);
    assert_uploaded_as(add, "XZWZ");
    ov = api_overview(c);
    char want[96];
    snprintf(want, sizeof want, "%s-2", subject);
    json_t *s2 = site_of(ov, "example-gk1-photo.cn");
    assert_string_equal(jstr(s2, "site_number"), want);
    assert_string_equal(jstr(s2, "status"), "filed");
    json_decref(ov);
    STEP("a change of the first site's name: sent as BGBA, approved, the new name filed");
    long long chg = api_start(c, "change_site", site);
    api_site_ok(c, chg, SITE_SAME, "王芳的读书与旅行笔记", "example-gk1.cn");
    ASSERT_STATUS(api_submit(c, chg, "", 0), 200);
    flow_review_pass(w.rev, chg);
    gw_approve(&w, c, chg, true);
    assert_uploaded_as(chg, "BGBA");
    ov = api_overview(c);
    json_t *s1 = site_of(ov, "example-gk1.cn");
    assert_string_equal(jstr(s1, "name"), "王芳的读书与旅行笔记");
    assert_string_equal(jstr(s1, "status"), "filed");
    snprintf(want, sizeof want, "%s-1", subject);
    assert_string_equal(jstr(s1, "site_number"), want);
    json_decref(ov);
    client_free(c);
}

/* Seed §4.4 through the administration: the change passes, the new site is
** returned; its forms become supplementary. */
E2E_TEST(test_batch_split_by_the_administration) {
    long long site;
    Client *c = filed("gk2", "example-gk2.cn", &site);
    STEP("a change of access and a new site, submitted together and passed by the reviewer");
    long long chg = api_start(c, "change_access", site);
    api_step_ok(c, chg, "access",
                "{\"access_ips\":[\"203.119.10.9\"],\"access_method\":\"colocation\"}");
    long long add = api_start(c, "new_site", 0);
    api_site_ok(c, add, SITE_SAME, "王芳的摄影作品", "example-gk2-photo.cn");
    api_step_ok(c, add, "access", ACCESS);
    ASSERT_STATUS(api_submit(c, chg, "变更与新增一并提交", add), 200);
    flow_review_pass(w.rev, chg);
    flow_review_pass(w.rev, add);
    STEP("both arrive; one SMS answered for the principal of both");
    json_decref(gw_wait_state(c, chg, "sms_verification"));
    json_decref(gw_wait_state(c, add, "sms_verification"));
    Resp *r = http_get(w.sim, "/test/state");
    long long items[2] = {0, 0};
    int n = 0;
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(r->json, "items"), i, x) {
        if (!strcmp(jstr(x, "state"), "sms") && n < 2)
            items[n++] = json_integer_value(json_object_get(x, "id"));
    }
    assert_int_equal(n, 2);
    gw_sim_post(&w, "/test/sms", "{\"item\":%lld}", items[0]);
    gw_sim_post(&w, "/test/sms", "{\"item\":%lld}", items[1]);
    json_decref(gw_wait_state(c, chg, "regulator_review"));
    json_decref(gw_wait_state(c, add, "regulator_review"));
    STEP("the administration approves the change and returns the new site");
    /* Items are numbered in upload order: the change was passed first. */
    gw_sim_post(&w, "/test/decide", "{\"item\":%lld,\"decision\":\"approve\"}", items[0]);
    gw_return(&w, items[1], "未收到真实性核验单，请补交");
    json_decref(gw_wait_state(c, chg, "approved"));
    json_t *a = gw_wait_state(c, add, "regulator_returned");
    STEP("the returned new site's verification forms are supplementary (seed §4.4)");
    size_t k;
    json_t *item = NULL, *it;
    json_array_foreach(jpath(a, "checklist.items"), k, it) {
        if (!strcmp(jstr(it, "code"), "verification_form")) item = it;
    }
    assert_non_null(item);
    assert_non_null(strstr(jstr(item, "note"), "变更已通过审核，新增补单"));
    char *dump = json_dumps(json_object_get(a, "return_reasons"), 0);
    assert_non_null(strstr(dump, "未收到真实性核验单"));
    free(dump);
    json_decref(a);
    json_t *ov = api_overview(c);
    assert_string_equal(jstr(site_of(ov, "example-gk2.cn"), "status"), "filed");
    json_decref(ov);
    client_free(c);
}

/* A site filed through another provider (the simulator's demo individual,
** hosted by provider 2003) moves its access to us, then leaves again. */
E2E_TEST(test_new_access_then_cancel_access) {
    Client *c = flow_new_customer(w.srv, w.rev, "gk3");
    const Regulator *g = w.reg;
    STEP("claimed with its number and filing password, its site with its number, our access");
    long long id = api_start(c, "new_access", 0);
    char body[2048];
    snprintf(body, sizeof body,
             "{\"claim_subject_number\":\"%s\",\"claim_password\":\"%s\","
             "\"claim_nature\":\"individual\",\"claim_subject_name\":\"李明\","
             "\"claim_cert_type\":\"id_card\",\"claim_cert_number\":\"330108199003071239\","
             "\"claim_address\":\"浙江省杭州市滨江区江南大道 100 号\","
             "\"claim_principal_name\":\"李明\",\"claim_principal_id_type\":\"id_card\","
             "\"claim_principal_id_number\":\"330108199003071239\","
             "\"claim_principal_mobile\":\"13922220002\","
             "\"claim_principal_email\":\"liming@liming-notes.cn\"}",
             g->demo[1].number, g->demo[1].password);
    api_step_ok(c, id, "claim", body);
    snprintf(body, sizeof body,
             "{\"site_number\":\"%s\",\"site_name\":\"李明的读书笔记\","
             "\"site_domain\":\"liming-notes.cn\",\"site_home_url\":\"https://liming-notes.cn/\","
             "\"site_services\":[\"portal\"],\"site_languages\":[\"zh_hans\"],"
             "\"site_description\":\"李明的个人读书笔记，记录阅读心得，不涉及前置审批内容。\","
             "\"site_principal_name\":\"李明\",\"site_principal_id_type\":\"id_card\","
             "\"site_principal_id_number\":\"330108199003071239\","
             "\"site_principal_id_expiry\":\"长期\",\"site_principal_mobile\":\"13922220002\","
             "\"site_principal_emergency\":\"13922220003\","
             "\"site_principal_email\":\"liming@liming-notes.cn\"}",
             g->demo[1].site_number);
    api_step_ok(c, id, "site", body);
    api_step_ok(c, id, "access", ACCESS);
    ASSERT_STATUS(api_submit(c, id, "", 0), 200);
    flow_review_pass(w.rev, id);
    STEP("sent as XZJR, approved: the subject and the site keep their numbers, filed");
    gw_approve(&w, c, id, true);
    assert_uploaded_as(id, "XZJR");
    json_t *ov = api_overview(c);
    assert_string_equal(jstr(ov, "subject.subject_number"), g->demo[1].number);
    assert_string_equal(jstr(ov, "subject.status"), "filed");
    json_t *s = site_of(ov, "liming-notes.cn");
    assert_string_equal(jstr(s, "site_number"), g->demo[1].site_number);
    assert_string_equal(jstr(s, "status"), "filed");
    long long site = jint(s, "id");
    json_decref(ov);
    STEP("our access cancelled (ZXBA, no SMS): the site stays filed with its other provider");
    long long cancel = api_start(c, "cancel_access", site);
    api_step_ok(c, cancel, "cancel",
                "{\"cancel_reason\":\"网站迁回原服务商，不再使用贵司服务器。\"}");
    ASSERT_STATUS(api_submit(c, cancel, "", 0), 200);
    flow_review_pass(w.rev, cancel);
    gw_approve(&w, c, cancel, false);
    assert_uploaded_as(cancel, "ZXBA");
    ov = api_overview(c);
    assert_string_equal(jstr(site_of(ov, "liming-notes.cn"), "status"), "access_cancelled");
    json_decref(ov);
    client_free(c);
}

/* The filing password the administration sent the principal of subject
** number (the simulator's messages). */
static const char *filing_password(const char *number) {
    static char pw[64];
    Resp *r = http_get(w.sim, "/test/state");
    ASSERT_STATUS(r, 200);
    size_t i;
    json_t *m;
    json_array_foreach(json_object_get(r->json, "messages"), i, m) {
        const char *text = jstr(m, "text"), *p = strstr(text, "备案密码 ");
        if (strstr(text, number) && p && sscanf(p + strlen("备案密码 "), "%63[^，]", pw) == 1)
            return pw;
    }
    E2E_FAIL("no filing password was sent for %s", number);
    return NULL;
}

/* A subject of ours cancels one site's filing, then the whole subject. */
E2E_TEST(test_cancel_site_then_subject) {
    long long site;
    Client *c = filed("gk4", "example-gk4.cn", &site);
    STEP("a second site, filed");
    long long add = api_start(c, "new_site", 0);
    api_site_ok(c, add, SITE_SAME, "王芳的摄影作品", "example-gk4-photo.cn");
    api_step_ok(c, add, "access", ACCESS);
    ASSERT_STATUS(api_submit(c, add, "", 0), 200);
    flow_review_pass(w.rev, add);
    gw_approve(&w, c, add, true);
    json_t *ov = api_overview(c);
    long long site2 = jint(site_of(ov, "example-gk4-photo.cn"), "id");
    json_decref(ov);
    STEP("the second site's filing cancelled (ZXBA): 已注销, the first stays filed");
    long long cancel = api_start(c, "cancel_site", site2);
    api_step_ok(c, cancel, "cancel", "{\"cancel_reason\":\"网站已停止运营，申请注销网站备案。\"}");
    ASSERT_STATUS(api_submit(c, cancel, "", 0), 200);
    flow_review_pass(w.rev, cancel);
    gw_approve(&w, c, cancel, true);
    assert_uploaded_as(cancel, "ZXBA");
    ov = api_overview(c);
    assert_string_equal(jstr(site_of(ov, "example-gk4-photo.cn"), "status_label"), "已注销");
    assert_string_equal(jstr(site_of(ov, "example-gk4.cn"), "status"), "filed");
    char number[64];
    snprintf(number, sizeof number, "%s", jstr(ov, "subject.subject_number"));
    json_decref(ov);
    STEP("the subject's cancellation asks the filing password the administration sent");
    cancel = api_start(c, "cancel_subject", 0);
    Resp *r = api_step(c, cancel, "cancel",
                       "{\"cancel_reason\":\"不再运营任何网站，申请注销主体备案。\"}");
    ASSERT_STATUS(r, 400);
    assert_string_equal(json_field_error(r, "cancel_password"), "field_required");
    r = api_step(c, cancel, "cancel",
                 "{\"cancel_reason\":\"不再运营任何网站，申请注销主体备案。\","
                 "\"cancel_password\":\"not-the-password\"}");
    ASSERT_STATUS(r, 400);
    assert_string_equal(json_field_error(r, "cancel_password"), "reg_password_wrong");
    char body[512];
    snprintf(body, sizeof body,
             "{\"cancel_reason\":\"不再运营任何网站，申请注销主体备案。\","
             "\"cancel_password\":\"%s\"}",
             filing_password(number));
    api_step_ok(c, cancel, "cancel", body);
    ASSERT_STATUS(api_submit(c, cancel, "", 0), 200);
    flow_review_pass(w.rev, cancel);
    STEP("sent as ZXBA with the password, approved: the subject and its site are 已注销");
    gw_approve(&w, c, cancel, true);
    assert_uploaded_as(cancel, "ZXBA");
    ov = api_overview(c);
    assert_string_equal(jstr(ov, "subject.status"), "cancelled");
    assert_string_equal(jstr(site_of(ov, "example-gk4.cn"), "status_label"), "已注销");
    json_decref(ov);
    client_free(c);
}

/* Seed §4: each return of the administration with its next step. */
E2E_TEST(test_returns_of_seed_4) {
    static const struct {
        const char *login, *domain, *opinion, *guide;
    } cases[] = {
        {"gk8", "example-gk8.cn", "未收到该网站的真实性核验单", "no_form"},
        {"gk9", "example-gk9.cn", "网站涉及经营性内容，须取得 ICP 经营许可证后办理经营性备案",
         "commercial"},
        {"gk10", "example-gk10.cn", "网站名称与网站内容不符", "other"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        STEP("returned by the administration: the reason and the seed's next step");
        Client *c;
        long long id = gw_passed(&w, cases[i].login, cases[i].domain, &c);
        json_decref(gw_wait_state(c, id, "sms_verification"));
        long long item = gw_sim_item(&w, "sms");
        gw_sim_post(&w, "/test/sms", "{\"item\":%lld}", item);
        json_decref(gw_wait_state(c, id, "regulator_review"));
        gw_return(&w, item, cases[i].opinion);
        json_t *a = gw_wait_state(c, id, "regulator_returned");
        assert_string_equal(jstr(a, "return_guide"), cases[i].guide);
        assert_non_null(strstr(jstr(a, "return_reasons.0.reason"), cases[i].opinion));
        json_decref(a);
        STEP("fixed and resubmitted: back with the reviewer");
        ASSERT_STATUS(api_submit(c, id, "已按退回原因修改", 0), 200);
        a = api_application(c, id);
        assert_string_equal(jstr(a, "state"), "provider_review");
        json_decref(a);
        client_free(c);
    }
}

/* The simulator's database files (SQLite: the file and its WAL) copied from
** directory from to directory to. */
static void copy_db(const char *from, const char *to) {
    char cmd[1024];
    snprintf(cmd, sizeof cmd,
             "mkdir -p '%s' && rm -f '%s'/regulator.db* && cp '%s'/regulator.db* '%s'/ && "
             "rm -f '%s'/regulator.db-shm",
             to, to, from, to, to);
    if (system(cmd) != 0) E2E_FAIL("cannot copy %s to %s", from, to);
}

/* The sequence numbers of the simulator's items, and its last accepted. */
static int sim_sequences(long long *seqs, int max, long long *last) {
    Resp *r = http_get(w.sim, "/test/state");
    ASSERT_STATUS(r, 200);
    *last = jint(r->json, "last_sequence");
    int n = 0;
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(r->json, "items"), i, x) {
        if (n < max) seqs[n++] = json_integer_value(json_object_get(x, "sequence"));
    }
    return n;
}

/* POST fmt (one %lld: the item) to path for every item of the simulator in state. */
static void sim_decide_all(const char *state, const char *path, const char *fmt) {
    Resp *r = http_get(w.sim, "/test/state");
    ASSERT_STATUS(r, 200);
    json_t *items = json_incref(json_object_get(r->json, "items"));
    size_t i;
    json_t *x;
    json_array_foreach(items, i, x) {
        if (!strcmp(jstr(x, "state"), state))
            gw_sim_post(&w, path, fmt, json_integer_value(json_object_get(x, "id")));
    }
    json_decref(items);
}

/* The administration restored from a backup has lost its last uploads: the
** next upload finds the gap (14), and the gateway sends the missing ones
** again, in order, then the new one. */
E2E_TEST(test_gap_in_upload_numbers_resolved) {
    char dir[300], backup[330];
    snprintf(dir, sizeof dir, "%s", w.reg->srv.dir);
    snprintf(backup, sizeof backup, "%s/backup", dir);
    STEP("a backup of the administration's database is taken");
    regulator_kill(w.reg);
    copy_db(dir, backup);
    regulator_restart(w.reg);
    long long seqs[64], before, last;
    sim_sequences(seqs, 64, &before);
    STEP("two filings are uploaded after it");
    Client *c1, *c2, *c3;
    long long a = gw_passed(&w, "gk5", "example-gk5.cn", &c1);
    long long b = gw_passed(&w, "gk6", "example-gk6.cn", &c2);
    json_decref(gw_wait_state(c1, a, "sms_verification"));
    json_decref(gw_wait_state(c2, b, "sms_verification"));
    sim_sequences(seqs, 64, &last);
    assert_int_equal(last, before + 2);
    STEP("the administration is restored from the backup: the two uploads are lost");
    regulator_kill(w.reg);
    copy_db(backup, dir);
    regulator_restart(w.reg);
    sim_sequences(seqs, 64, &last);
    assert_int_equal(last, before);
    STEP("the next upload is answered 14; the missing two are sent again, then it");
    long long d = gw_passed(&w, "gk7", "example-gk7.cn", &c3);
    json_decref(gw_wait_state(c3, d, "sms_verification"));
    for (int i = 0; i < 100 && last < before + 3; i++) {
        e2e_sleep_ms(100);
        sim_sequences(seqs, 64, &last);
    }
    assert_int_equal(last, before + 3);
    int n = sim_sequences(seqs, 64, &last);
    int found = 0;
    for (int i = 0; i < n; i++) /* each number once */
        if (seqs[i] > before) found++, assert_int_equal(seqs[i], before + found);
    assert_int_equal(found, 3);
    STEP("the staff see the first lost upload sent twice, accepted once");
    json_t *app = review_get(w.rev, a);
    json_t *up = jpath(app, "review.regulator.uploads.0");
    assert_string_equal(jstr(up, "state"), "accepted");
    assert_int_equal(jint(up, "seq"), before + 1);
    assert_true(jint(up, "attempts") >= 2);
    json_decref(app);
    STEP("each goes on to approval once");
    Client *cs[] = {c1, c2, c3};
    long long ids[] = {a, b, d};
    sim_decide_all("sms", "/test/sms", "{\"item\":%lld}");
    for (int i = 0; i < 3; i++)
        json_decref(gw_wait_state(cs[i], ids[i], "regulator_review"));
    sim_decide_all("review", "/test/decide", "{\"item\":%lld,\"decision\":\"approve\"}");
    for (int i = 0; i < 3; i++)
        json_decref(gw_wait_state(cs[i], ids[i], "approved"));
    for (int i = 0; i < 3; i++)
        client_free(cs[i]);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        E2E_CASE(test_new_site_then_change),
        E2E_CASE(test_batch_split_by_the_administration),
        E2E_CASE(test_new_access_then_cancel_access),
        E2E_CASE(test_cancel_site_then_subject),
        E2E_CASE(test_returns_of_seed_4),
        E2E_CASE(test_gap_in_upload_numbers_resolved),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
