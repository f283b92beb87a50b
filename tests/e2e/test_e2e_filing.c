/*
** End to end: every scenario of the source document (seed §1-§4) through
** the JSON API against the real server, with the reviewer's and the
** administration's decisions driven through the model (their consoles come
** in later issues), and each rejected input answered with its field and
** reason while nothing is stored.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "filing_data.h"
#include "harness.h"

static Beian *srv;
static Client *staff;

static int setup(void **state) {
    (void)state;
    srv = beian_start(true);
    staff = client_new(srv);
    Resp *r = flow_login(staff, "reviewer1", STAFF_PASSWORD);
    ASSERT_STATUS(r, 303);
    http_get(staff, "/api/v1/me");
    return 0;
}

static int teardown(void **state) {
    (void)state;
    client_free(staff);
    return beian_stop(srv) == 0 ? 0 : -1;
}

static Client *customer(const char *login) {
    Client *c = client_new(srv);
    flow_customer(srv, c, staff, login);
    return c;
}

static long long start(Client *c, const char *kind, long long site_id) {
    char body[128];
    snprintf(body, sizeof body, "{\"kind\":\"%s\",\"site_id\":%lld}", kind, site_id);
    Resp *r = http_post_json(c, "/api/v1/applications", body);
    ASSERT_STATUS(r, 201);
    return (long long)json_integer_value(json_object_get(r->json, "id"));
}

static Resp *save(Client *c, long long id, const char *step, const char *json) {
    char path[128];
    snprintf(path, sizeof path, "/api/v1/applications/%lld/steps/%s", id, step);
    return http_post_json(c, path, json);
}

static void save_ok(Client *c, long long id, const char *step, const char *json) {
    Resp *r = save(c, id, step, json);
    ASSERT_STATUS(r, 200);
}

static void save_site(Client *c, long long id, const char *fmt, const char *name,
                      const char *domain) {
    char body[2048];
    snprintf(body, sizeof body, fmt, name, domain, domain);
    save_ok(c, id, "site", body);
}

static json_t *app(Client *c, long long id) {
    char path[96];
    snprintf(path, sizeof path, "/api/v1/applications/%lld", id);
    Resp *r = http_get(c, path);
    ASSERT_STATUS(r, 200);
    return json_incref(r->json);
}

static const char *jstr(json_t *o, const char *key) {
    json_t *v = json_object_get(o, key);
    return json_is_string(v) ? json_string_value(v) : "";
}

static Resp *submit(Client *c, long long id, const char *note, long long with) {
    char path[96], body[512];
    snprintf(path, sizeof path, "/api/v1/applications/%lld/submit", id);
    if (with)
        snprintf(body, sizeof body, "{\"note\":\"%s\",\"batch_with\":%lld}", note, with);
    else
        snprintf(body, sizeof body, "{\"note\":\"%s\"}", note);
    return http_post_json(c, path, body);
}

/* The checklist item with this code, or NULL. */
static json_t *item(json_t *application, const char *code) {
    json_t *items = json_object_get(json_object_get(application, "checklist"), "items");
    size_t i;
    json_t *it;
    json_array_foreach(items, i, it) {
        if (!strcmp(jstr(it, "code"), code)) return it;
    }
    return NULL;
}

static bool notice(json_t *application, const char *code) {
    json_t *list = json_object_get(json_object_get(application, "checklist"), "notices");
    size_t i;
    json_t *it;
    json_array_foreach(list, i, it) {
        if (!strcmp(jstr(it, "code"), code)) return true;
    }
    return false;
}

static void decide(long long id, const char *event, const char *role) {
    int rc = beian_decide(srv, id, event, role, NULL);
    if (rc != 0) fail_msg("%s on %lld: %d", event, id, rc);
}

/* Reviewer passes it, the principal answers the SMS, the administration approves. */
static void approve_all(long long id) {
    decide(id, "provider_approve", "reviewer");
    decide(id, "sms_passed", "system");
    decide(id, "regulator_approve", "system");
}

static json_t *overview(Client *c) {
    Resp *r = http_get(c, "/api/v1/overview");
    ASSERT_STATUS(r, 200);
    return json_incref(r->json);
}

static json_t *first_site(json_t *ov) {
    return json_array_get(json_object_get(ov, "sites"), 0);
}

/* A customer whose organisation subject is filed, with one filed site. */
static Client *filed_org(const char *login, const char *domain, long long *site_id) {
    Client *c = customer(login);
    long long id = start(c, "first_filing", 0);
    save_ok(c, id, "subject", "{" ORG_SUBJECT "}");
    save_site(c, id, SITE_SAME, "示例科技官方网站", domain);
    save_ok(c, id, "access", ACCESS);
    ASSERT_STATUS(submit(c, id, "", 0), 200);
    approve_all(id);
    json_t *ov = overview(c);
    *site_id = (long long)json_integer_value(json_object_get(first_site(ov), "id"));
    json_decref(ov);
    return c;
}

static void test_first_filing_organisation(void **state) {
    (void)state;
    Client *c = customer("org1");
    long long id = start(c, "first_filing", 0);
    json_t *ov = overview(c);
    assert_string_equal(jstr(json_object_get(ov, "subject"), "status"), "unfiled");
    json_decref(ov);
    save_ok(c, id, "subject", "{" ORG_SUBJECT "}");
    save_site(c, id, SITE_SAME, "示例科技官方网站", "example-org1.cn");
    save_ok(c, id, "access", ACCESS);
    json_t *a = app(c, id);
    assert_true(json_is_true(json_object_get(a, "complete")));
    assert_string_equal(jstr(a, "state_label"), "尚未提交");
    /* Organisation with on-site verification (seed §1.1 A): the full set. */
    assert_non_null(item(a, "verification_form"));
    assert_string_equal(jstr(item(a, "verification_form"), "signature"), "负责人签字并加盖公章");
    assert_int_equal(json_integer_value(json_object_get(item(a, "verification_form"), "copies")),
                     2);
    assert_non_null(item(a, "security_agreement"));
    assert_non_null(item(a, "licence_copy"));
    assert_non_null(item(a, "legal_rep_id_copy"));
    assert_non_null(item(a, "domain_certificate"));
    assert_null(item(a, "authorization_letter")); /* one principal for subject and site */
    assert_true(notice(a, "onsite_required"));
    /* Personal data is masked unless revealed (and the reveal is audited). */
    json_t *vals = json_object_get(a, "values");
    assert_string_equal(jstr(vals, "principal_id_number"), "110105********1230");
    assert_string_equal(jstr(vals, "principal_mobile"), "138****5678");
    json_decref(a);
    ASSERT_STATUS(submit(c, id, "请审核", 0), 200);
    a = app(c, id);
    assert_string_equal(jstr(a, "state"), "provider_review");
    assert_string_equal(jstr(a, "state_label"), "待接入商核实");
    json_decref(a);
    ov = overview(c);
    assert_string_equal(jstr(first_site(ov), "status_label"), "报备阶段");
    json_decref(ov);
    approve_all(id);
    ov = overview(c);
    json_t *subject = json_object_get(ov, "subject");
    assert_string_equal(jstr(subject, "status_label"), "已备案");
    assert_true(strstr(jstr(subject, "subject_number"), "京ICP备") != NULL);
    assert_string_equal(jstr(first_site(ov), "status_label"), "已备案");
    char want[96];
    snprintf(want, sizeof want, "%s-1", jstr(subject, "subject_number"));
    assert_string_equal(jstr(first_site(ov), "site_number"), want);
    json_decref(ov);
    client_free(c);
}

/* Seed §1.1 A: the subject has a number, filed through another provider:
** subject number + password, no subject form; statuses of seed §3. */
static void test_new_site_subject_elsewhere(void **state) {
    (void)state;
    Client *c = customer("ext1");
    long long id = start(c, "new_site_external", 0);
    json_t *ov = overview(c);
    assert_string_equal(jstr(json_object_get(ov, "subject"), "status_label"), "待下载更新");
    assert_string_equal(jstr(first_site(ov), "status_label"), "尚未提交");
    json_decref(ov);
    /* No subject form for this kind. */
    Resp *r = save(c, id, "subject", "{" ORG_SUBJECT "}");
    ASSERT_STATUS(r, 404);
    save_ok(c, id, "claim",
            "{\"claim_subject_number\":\"粤ICP备12345678号\",\"claim_password\":\"Pa55-word\","
            "\"claim_nature\":\"enterprise\",\"claim_subject_name\":\"深圳示例网络有限公司\","
            "\"claim_principal_name\":\"赵六\",\"claim_principal_id_type\":\"id_card\","
            "\"claim_principal_id_number\":\"110101198001010010\","
            "\"claim_principal_mobile\":\"13711112222\",\"claim_principal_email\":\"zhao@example."
            "com\"}");
    save_site(c, id, SITE_OTHER_PRINCIPAL, "示例外部科技网站", "example-ext1.cn");
    save_ok(c, id, "access", ACCESS);
    json_t *a = app(c, id);
    assert_true(json_is_true(json_object_get(a, "complete")));
    assert_null(json_object_get(json_object_get(a, "values"), "claim_password")); /* never echoed */
    assert_non_null(item(a, "licence_copy"));
    assert_non_null(item(a, "authorization_letter")); /* the principals differ */
    assert_true(notice(a, "onsite_required"));
    json_decref(a);
    ASSERT_STATUS(submit(c, id, "", 0), 200);
    ov = overview(c);
    assert_string_equal(jstr(json_object_get(ov, "subject"), "status_label"), "待下载更新");
    assert_string_equal(jstr(json_object_get(ov, "subject"), "subject_number"),
                        "粤ICP备12345678号");
    assert_string_equal(jstr(first_site(ov), "status_label"), "报备阶段");
    json_decref(ov);
    client_free(c);
}

/* Seed §1.1 B: an individual's subject with a number and no site. */
static void test_new_site_subject_without_sites_individual(void **state) {
    (void)state;
    Client *c = customer("ext2");
    long long id = start(c, "new_site_external", 0);
    save_ok(c, id, "claim",
            "{\"claim_subject_number\":\"沪ICP备2024012345号\",\"claim_password\":\"x1y2z3\","
            "\"claim_nature\":\"individual\",\"claim_subject_name\":\"李四\","
            "\"claim_principal_name\":\"李四\",\"claim_principal_id_type\":\"id_card\","
            "\"claim_principal_id_number\":\"440305199001010026\","
            "\"claim_principal_mobile\":\"13522223333\",\"claim_principal_email\":\"lisi@example."
            "com\"}");
    char body[2048];
    snprintf(body, sizeof body, SITE_OTHER_PRINCIPAL, "王芳的读书笔记", "wangfang-notes.cn",
             "wangfang-notes.cn");
    save_ok(c, id, "site", body);
    save_ok(c, id, "access", ACCESS);
    json_t *a = app(c, id);
    /* Individuals (seed §1.1 B): form and agreement fingerprinted, ID copy, domain certificate. */
    assert_string_equal(jstr(item(a, "verification_form"), "signature"), "负责人签字加按手印");
    assert_non_null(item(a, "security_agreement"));
    assert_non_null(item(a, "domain_certificate"));
    assert_null(item(a, "licence_copy"));
    assert_null(item(a, "legal_rep_id_copy"));
    json_decref(a);
    client_free(c);
}

/* Seed §1.2 I: a new site for a subject we verified on site before. */
static void test_new_site_verified_before(void **state) {
    (void)state;
    long long site;
    Client *c = filed_org("org2", "example-org2.cn", &site);
    long long id = start(c, "new_site", 0);
    save_site(c, id, SITE_SAME, "示例科技产品网站", "example-org2-products.cn");
    save_ok(c, id, "access", ACCESS);
    json_t *a = app(c, id);
    json_t *form = item(a, "verification_form");
    assert_non_null(form);
    assert_int_equal(json_integer_value(json_object_get(form, "copies")), 2);
    assert_true(strstr(jstr(form, "note"), "新增的域名") != NULL);
    assert_null(item(a, "security_agreement"));
    assert_null(item(a, "licence_copy"));
    assert_true(notice(a, "onsite_done_before"));
    assert_false(notice(a, "onsite_required"));
    json_decref(a);
    client_free(c);
}

/* Seed §1.2 II: a subject in Beian never verified on site (imported from an
** earlier system: the flag is cleared here): the full set again. */
static void test_new_site_never_verified_org(void **state) {
    (void)state;
    long long site;
    Client *c = filed_org("org3", "example-org3.cn", &site);
    beian_sql(srv, "UPDATE subjects SET verified_on_site = 0 WHERE name = '北京示例科技有限公司'");
    long long id = start(c, "new_site", 0);
    save_site(c, id, SITE_OTHER_PRINCIPAL, "示例科技服务网站", "example-org3-svc.cn");
    save_ok(c, id, "access", ACCESS);
    json_t *a = app(c, id);
    assert_true(notice(a, "onsite_required"));
    assert_non_null(item(a, "security_agreement"));
    assert_non_null(item(a, "licence_copy"));
    assert_non_null(item(a, "legal_rep_id_copy"));
    assert_non_null(item(a, "site_principal_id_copy"));
    assert_non_null(item(a, "authorization_letter"));
    assert_non_null(item(a, "domain_certificate"));
    json_decref(a);
    client_free(c);
}

static void test_new_site_never_verified_individual(void **state) {
    (void)state;
    Client *c = customer("person1");
    long long id = start(c, "first_filing", 0);
    save_ok(c, id, "subject", "{" PERSON_SUBJECT "}");
    char body[2048];
    snprintf(body, sizeof body, SITE_SAME, "王芳的旅行日记", "wangfang-travel.cn",
             "wangfang-travel.cn");
    save_ok(c, id, "site", body);
    save_ok(c, id, "access", ACCESS);
    ASSERT_STATUS(submit(c, id, "", 0), 200);
    approve_all(id);
    beian_sql(srv, "UPDATE subjects SET verified_on_site = 0 WHERE name = '王芳'");
    id = start(c, "new_site", 0);
    snprintf(body, sizeof body, SITE_SAME, "王芳的摄影作品", "wangfang-photo.cn",
             "wangfang-photo.cn");
    save_ok(c, id, "site", body);
    save_ok(c, id, "access", ACCESS);
    json_t *a = app(c, id);
    assert_true(notice(a, "onsite_required"));
    assert_string_equal(jstr(item(a, "verification_form"), "signature"), "负责人签字加按手印");
    assert_non_null(item(a, "principal_id_copy"));
    assert_non_null(item(a, "domain_certificate"));
    assert_null(item(a, "licence_copy"));
    json_decref(a);
    client_free(c);
}

/* Seed §2: a commercial filing must also go to the administration's window. */
static void test_commercial(void **state) {
    (void)state;
    Client *c = customer("shop1");
    long long id = start(c, "first_filing", 0);
    save_ok(c, id, "subject", "{" ORG_SUBJECT "}");
    Resp *r =
        save(c, id, "site",
             "{\"site_name\":\"示例商城网站\",\"site_domain\":\"example-shop1.cn\","
             "\"site_home_url\":\"https://www.example-shop1.cn/\",\"site_services\":[\"shop\"],"
             "\"site_languages\":[\"zh_hans\"],\"site_description\":\"示例科技的网上商城，"
             "销售自有品牌的办公用品与电子配件。\",\"site_principal_same\":true,"
             "\"site_commercial\":true}");
    ASSERT_STATUS(r, 400);
    assert_string_equal(json_field_error(r, "site_licence"), "licence_required");
    r = save(c, id, "site",
             "{\"site_name\":\"示例商城网站\",\"site_domain\":\"example-shop1.cn\","
             "\"site_home_url\":\"https://www.example-shop1.cn/\",\"site_services\":[\"shop\"],"
             "\"site_languages\":[\"zh_hans\"],\"site_description\":\"示例科技的网上商城，"
             "销售自有品牌的办公用品与电子配件。\",\"site_principal_same\":true,"
             "\"site_commercial\":true,\"site_licence\":\"京B2-20201234\"}");
    ASSERT_STATUS(r, 200);
    save_ok(c, id, "access", ACCESS);
    json_t *a = app(c, id);
    assert_true(notice(a, "commercial_window"));
    json_decref(a);
    client_free(c);
}

/* Seed §3: a change alone, with the change stage names. */
static void test_change_alone(void **state) {
    (void)state;
    long long site;
    Client *c = filed_org("org4", "example-org4.cn", &site);
    long long id = start(c, "change_site", site);
    json_t *a = app(c, id);
    assert_string_equal(jstr(a, "state_label"), "变更阶段未提交");
    /* The form starts from the filed record. */
    assert_string_equal(jstr(json_object_get(a, "values"), "site_name"), "示例科技官方网站");
    json_decref(a);
    save_site(c, id, SITE_SAME, "示例科技企业官网", "example-org4.cn");
    ASSERT_STATUS(submit(c, id, "", 0), 200);
    a = app(c, id);
    assert_string_equal(jstr(a, "state_label"), "变更阶段待接入商核实");
    json_decref(a);
    decide(id, "provider_approve", "reviewer");
    decide(id, "sms_passed", "system");
    a = app(c, id);
    assert_string_equal(jstr(a, "state_label"), "变更阶段待管局核实");
    json_decref(a);
    decide(id, "regulator_approve", "system");
    json_t *ov = overview(c);
    assert_string_equal(jstr(first_site(ov), "name"), "示例科技企业官网");
    assert_string_equal(jstr(first_site(ov), "status_label"), "已备案");
    json_decref(ov);
    client_free(c);
}

/* Seed §4.4: a change and a new site submitted together; the change passes,
** the new site is returned; its forms are supplementary. */
static void test_batch_change_and_new_site(void **state) {
    (void)state;
    long long site;
    Client *c = filed_org("org5", "example-org5.cn", &site);
    long long change = start(c, "change_access", site);
    save_ok(c, change, "access",
            "{\"access_ips\":[\"203.119.10.9\"],\"access_method\":\"colocation\"}");
    long long add = start(c, "new_site", 0);
    save_site(c, add, SITE_SAME, "示例科技招聘网站", "example-org5-jobs.cn");
    save_ok(c, add, "access", ACCESS);
    ASSERT_STATUS(submit(c, change, "变更与新增一并提交", add), 200);
    json_t *a1 = app(c, change), *a2 = app(c, add);
    assert_string_equal(jstr(a1, "state"), "provider_review");
    assert_string_equal(jstr(a2, "state"), "provider_review");
    assert_int_equal(json_integer_value(json_object_get(a1, "batch_id")),
                     json_integer_value(json_object_get(a2, "batch_id")));
    json_decref(a1);
    json_decref(a2);
    /* A batch counts as one application in flight. */
    Resp *r = http_post_json(c, "/api/v1/applications", "{\"kind\":\"change_subject\"}");
    ASSERT_STATUS(r, 409);
    ASSERT_BODY_HAS(r, "app_in_flight");
    approve_all(change);
    decide(add, "provider_approve", "reviewer");
    decide(add, "sms_passed", "system");
    const char *reasons[] = {"", "没有核验单", "请补交核验单", NULL};
    assert_int_equal(beian_decide(srv, add, "regulator_return", "system", reasons), 0);
    json_t *a = app(c, add);
    assert_string_equal(jstr(a, "state"), "regulator_returned");
    assert_true(strstr(jstr(item(a, "verification_form"), "note"), "变更已通过审核，新增补单") !=
                NULL);
    json_decref(a);
    ASSERT_STATUS(submit(c, add, "已重新寄出核验单", 0), 200);
    a = app(c, add);
    assert_string_equal(jstr(a, "state"), "provider_review");
    json_decref(a);
    client_free(c);
}

/* Each rejected input: the field and the reason, and nothing stored. */
static void test_rejected_inputs(void **state) {
    (void)state;
    Client *c = customer("bad1");
    long long id = start(c, "first_filing", 0);
    /* A key given twice is refused as such. */
    Resp *r =
        save(c, id, "subject", "{" ORG_SUBJECT ",\"principal_id_number\":\"110105198503151231\"}");
    ASSERT_STATUS(r, 400);
    const char *subject_bad_id =
        "{\"subject_province\":\"110000\",\"subject_city\":\"110100\",\"subject_district\":"
        "\"110105\","
        "\"subject_nature\":\"enterprise\",\"subject_cert_type\":\"uscc\","
        "\"subject_cert_number\":\"91110000802100433C\",\"subject_name\":\"北京示例科技有限公司\","
        "\"subject_address\":\"北京市朝阳区建国路 88 号 9 "
        "层\",\"subject_investor\":\"北京示例科技有限公司\","
        "\"principal_name\":\"张三\",\"principal_id_type\":\"id_card\","
        "\"principal_id_number\":\"110105198503151231\",\"principal_id_expiry\":\"2035-03-15\","
        "\"principal_mobile\":\"13812345678\",\"principal_landline\":\"010-65001234\","
        "\"principal_emergency\":\"13900001111\",\"principal_email\":\"zhangsan@example.com\","
        "\"legal_same\":true}";
    r = save(c, id, "subject", subject_bad_id);
    ASSERT_STATUS(r, 400);
    assert_string_equal(json_field_error(r, "principal_id_number"), "id_card_checksum");
    assert_string_equal(json_field_error(r, "subject_cert_number"), "uscc_checksum");
    json_t *a = app(c, id);
    assert_null(json_object_get(json_object_get(a, "values"), "subject_name")); /* nothing stored */
    json_decref(a);
    save_ok(c, id, "subject", "{" ORG_SUBJECT "}");
    char body[2048];
    snprintf(body, sizeof body, SITE_SAME, "中国示例科技网", "example-bad1.cn", "example-bad1.cn");
    r = save(c, id, "site", body);
    ASSERT_STATUS(r, 400);
    assert_string_equal(json_field_error(r, "site_name"), "site_name_reserved");
    /* The site principal with the subject principal's phone. */
    r = save(c, id, "site",
             "{\"site_name\":\"示例科技官方网站\",\"site_domain\":\"example-bad1.cn\","
             "\"site_home_url\":\"https://www.example-bad1.cn/\",\"site_services\":[\"portal\"],"
             "\"site_languages\":[\"zh_hans\"],\"site_description\":\"本网站介绍我们的产品、服务"
             "与联系方式，不涉及前置审批内容。\",\"site_principal_name\":\"李四\","
             "\"site_principal_id_type\":\"id_card\",\"site_principal_id_number\":"
             "\"440305199001010026\","
             "\"site_principal_id_expiry\":\"长期\",\"site_principal_mobile\":\"13812345678\","
             "\"site_principal_emergency\":\"13544445555\",\"site_principal_email\":\"lisi@example."
             "com\"}");
    ASSERT_STATUS(r, 400);
    assert_string_equal(json_field_error(r, "site_principal_mobile"), "contact_mobile_shared");
    /* Two domains on one new site. */
    snprintf(body, sizeof body, SITE_SAME, "示例科技官方网站", "example-bad1.cn example-bad1.com",
             "example-bad1.cn");
    r = save(c, id, "site", body);
    ASSERT_STATUS(r, 400);
    assert_string_equal(json_field_error(r, "site_domain"), "domain_one_per_site");
    a = app(c, id);
    json_t *steps = json_object_get(a, "steps");
    assert_true(
        json_is_false(json_object_get(json_array_get(steps, 1), "done"))); /* site not saved */
    assert_null(json_object_get(json_object_get(a, "values"), "site_name"));
    json_decref(a);
    /* A second application while one is in flight. */
    save_site(c, id, SITE_SAME, "示例科技官方网站", "example-bad1.cn");
    save_ok(c, id, "access", ACCESS);
    ASSERT_STATUS(submit(c, id, "", 0), 200);
    json_t *before = overview(c);
    size_t napps = json_array_size(json_object_get(before, "applications"));
    json_decref(before);
    r = http_post_json(c, "/api/v1/applications", "{\"kind\":\"new_site\"}");
    ASSERT_STATUS(r, 409);
    ASSERT_BODY_HAS(r, "app_in_flight");
    json_t *after = overview(c);
    assert_int_equal(json_array_size(json_object_get(after, "applications")), napps);
    json_decref(after);
    /* A domain another subject has filed. */
    Client *d = customer("bad2");
    long long id2 = start(d, "first_filing", 0);
    save_ok(d, id2, "subject", "{" PERSON_SUBJECT "}");
    snprintf(body, sizeof body, SITE_SAME, "王芳的旅行日记", "example-org1.cn", "example-org1.cn");
    save_ok(d, id2, "site", body);
    save_ok(d, id2, "access", ACCESS);
    r = submit(d, id2, "", 0);
    ASSERT_STATUS(r, 400);
    assert_string_equal(json_field_error(r, "site_domain"), "domain_taken");
    a = app(d, id2);
    assert_string_equal(jstr(a, "state"), "draft");
    json_decref(a);
    client_free(d);
    client_free(c);
}

/* A returned application: reasons per field, only those fields change, a
** note to the reviewer replaces the source's "e-mail us" (seed §4). */
static void test_return_fix_resubmit(void **state) {
    (void)state;
    Client *c = customer("ret1");
    long long id = start(c, "first_filing", 0);
    save_ok(c, id, "subject", "{" ORG_SUBJECT "}");
    save_site(c, id, SITE_SAME, "示例科技官方网站", "example-ret1.cn");
    save_ok(c, id, "access", ACCESS);
    ASSERT_STATUS(submit(c, id, "", 0), 200);
    const char *reasons[] = {"site_name", "网站名称与主办单位不符", "建议使用单位名称或其简称",
                             NULL};
    assert_int_equal(beian_decide(srv, id, "provider_return", "reviewer", reasons), 0);
    json_t *a = app(c, id);
    assert_string_equal(jstr(a, "state_label"), "接入商退回");
    json_t *rr = json_array_get(json_object_get(a, "return_reasons"), 0);
    assert_string_equal(jstr(rr, "field"), "site_name");
    assert_string_equal(jstr(rr, "reason"), "网站名称与主办单位不符");
    json_decref(a);
    /* The description is not named by the return: changing it is refused. */
    Resp *r =
        save(c, id, "site",
             "{\"site_name\":\"北京示例科技官网\",\"site_domain\":\"example-ret1.cn\","
             "\"site_home_url\":\"https://www.example-ret1.cn/\",\"site_services\":[\"portal\"],"
             "\"site_languages\":[\"zh_hans\"],\"site_description\":"
             "\"一段被锁定而不应保存的新网站说明文字。\","
             "\"site_principal_same\":true}");
    ASSERT_STATUS(r, 400);
    assert_string_equal(json_field_error(r, "site_description"), "field_locked");
    char body[2048];
    snprintf(body, sizeof body, SITE_SAME, "北京示例科技官网", "example-ret1.cn",
             "example-ret1.cn");
    save_ok(c, id, "site", body);
    a = app(c, id);
    json_t *vals = json_object_get(a, "values");
    assert_string_equal(jstr(vals, "site_name"), "北京示例科技官网");
    assert_true(json_is_true(json_object_get(a, "editable")));
    json_decref(a);
    ASSERT_STATUS(submit(c, id, "已按要求修改网站名称", 0), 200);
    a = app(c, id);
    assert_string_equal(jstr(a, "state"), "provider_review");
    assert_string_equal(jstr(a, "customer_note"), "已按要求修改网站名称");
    json_t *events = json_object_get(a, "transitions");
    assert_int_equal(json_array_size(events), 3); /* submit, return, resubmit */
    json_decref(a);
    client_free(c);
}

static void test_withdraw(void **state) {
    (void)state;
    Client *c = customer("wd1");
    long long id = start(c, "first_filing", 0);
    save_ok(c, id, "subject", "{" ORG_SUBJECT "}");
    char path[96];
    snprintf(path, sizeof path, "/api/v1/applications/%lld/withdraw", id);
    Resp *r = http_post_json(c, path, "{}");
    ASSERT_STATUS(r, 200);
    json_t *a = app(c, id);
    assert_string_equal(jstr(a, "state"), "withdrawn");
    json_decref(a);
    r = http_post_json(c, path, "{}");
    ASSERT_STATUS(r, 409); /* already withdrawn */
    client_free(c);
}

/* New access: a site filed through another provider moves to our servers. */
static void test_new_access(void **state) {
    (void)state;
    Client *c = customer("acc1");
    long long id = start(c, "new_access", 0);
    save_ok(c, id, "claim",
            "{\"claim_subject_number\":\"浙ICP备2019012345号\",\"claim_password\":\"zj-pass\","
            "\"claim_nature\":\"enterprise\",\"claim_subject_name\":\"杭州示例电子商务有限公司\","
            "\"claim_principal_name\":\"孙七\",\"claim_principal_id_type\":\"id_card\","
            "\"claim_principal_id_number\":\"110101198001010010\","
            "\"claim_principal_mobile\":\"13755556666\",\"claim_principal_email\":\"sun@example."
            "com\"}");
    Resp *r = save(
        c, id, "site",
        "{\"site_number\":\"浙ICP备2019012345号-3\",\"site_name\":\"杭州示例电子商务官网\","
        "\"site_domain\":\"example-acc1.cn\",\"site_home_url\":\"https://www.example-acc1.cn/\","
        "\"site_services\":[\"portal\"],\"site_languages\":[\"zh_hans\"],"
        "\"site_description\":\"杭州示例电子商务有限公司官方网站，介绍公司业务与联系方式。\","
        "\"site_principal_name\":\"孙七\",\"site_principal_id_type\":\"id_card\","
        "\"site_principal_id_number\":\"110101198001010010\",\"site_principal_id_expiry\":\"长期\","
        "\"site_principal_mobile\":\"13755556666\",\"site_principal_emergency\":\"13755557777\","
        "\"site_principal_email\":\"sun@example.com\"}");
    ASSERT_STATUS(r, 200);
    save_ok(c, id, "access", ACCESS);
    ASSERT_STATUS(submit(c, id, "", 0), 200);
    approve_all(id);
    json_t *ov = overview(c);
    assert_string_equal(jstr(first_site(ov), "site_number"), "浙ICP备2019012345号-3");
    assert_string_equal(jstr(first_site(ov), "status_label"), "已备案");
    json_decref(ov);
    client_free(c);
}

/* Cancelling a site's filing, and cancelling its access with us. */
static void test_cancel_site_and_access(void **state) {
    (void)state;
    long long site;
    Client *c = filed_org("can1", "example-can1.cn", &site);
    long long id = start(c, "cancel_access", site);
    Resp *r = save(c, id, "cancel", "{\"cancel_reason\":\"短\"}");
    ASSERT_STATUS(r, 400);
    assert_string_equal(json_field_error(r, "cancel_reason"), "reason_length");
    save_ok(c, id, "cancel", "{\"cancel_reason\":\"网站迁移至其他服务商，不再使用贵司服务器。\"}");
    json_t *a = app(c, id);
    assert_true(notice(a, "cancel_no_paper"));
    json_decref(a);
    ASSERT_STATUS(submit(c, id, "", 0), 200);
    decide(id, "provider_approve", "reviewer");
    decide(id, "regulator_approve", "system"); /* no SMS for cancelling access */
    json_t *ov = overview(c);
    assert_string_equal(jstr(first_site(ov), "status"), "access_cancelled");
    json_decref(ov);
    /* Cancelling the subject afterwards. */
    Client *d;
    long long site2;
    d = filed_org("can2", "example-can2.cn", &site2);
    id = start(d, "cancel_site", site2);
    save_ok(d, id, "cancel", "{\"cancel_reason\":\"网站已停止运营，申请注销网站备案。\"}");
    ASSERT_STATUS(submit(d, id, "", 0), 200);
    approve_all(id);
    ov = overview(d);
    assert_string_equal(jstr(first_site(ov), "status_label"), "已注销");
    json_decref(ov);
    client_free(d);
    client_free(c);
}

/* A withdrawn first filing frees the account to start again; a claim under a
** new number needs its password. */
static void test_withdraw_then_start_over_and_claims(void **state) {
    (void)state;
    Client *c = customer("again1");
    long long id = start(c, "first_filing", 0);
    char path[96];
    snprintf(path, sizeof path, "/api/v1/applications/%lld/withdraw", id);
    ASSERT_STATUS(http_post_json(c, path, "{}"), 200);
    id = start(c, "new_site_external", 0);
    const char *claim = "{\"claim_subject_number\":\"%s\",\"claim_password\":\"%s\","
                        "\"claim_nature\":\"enterprise\",\"claim_subject_name\":\"示例公司\","
                        "\"claim_principal_name\":\"赵六\",\"claim_principal_id_type\":\"id_card\","
                        "\"claim_principal_id_number\":\"110101198001010010\","
                        "\"claim_principal_mobile\":\"13711112223\","
                        "\"claim_principal_email\":\"zhao2@example.com\"}";
    char body[1024];
    snprintf(body, sizeof body, claim, "苏ICP备12340000号", "pw-1");
    save_ok(c, id, "claim", body);
    snprintf(body, sizeof body, claim, "苏ICP备12349999号", ""); /* new number, no password */
    Resp *r = save(c, id, "claim", body);
    ASSERT_STATUS(r, 400);
    assert_string_equal(json_field_error(r, "claim_password"), "field_required");
    /* A draft reserves nothing; a submitted claim takes its number, and a
    ** second account claiming it is refused at its own submission. */
    snprintf(body, sizeof body, claim, "苏ICP备12349999号", "pw-3");
    save_ok(c, id, "claim", body);
    save_site(c, id, SITE_OTHER_PRINCIPAL, "示例公司官方网站", "example-again1.cn");
    save_ok(c, id, "access", ACCESS);
    ASSERT_STATUS(submit(c, id, "", 0), 200);
    Client *d = customer("again2");
    long long id2 = start(d, "new_site_external", 0);
    snprintf(body, sizeof body, claim, "苏ICP备12349999号", "pw-2");
    save_ok(d, id2, "claim", body);
    save_site(d, id2, SITE_OTHER_PRINCIPAL, "示例另一公司网站", "example-again2.cn");
    save_ok(d, id2, "access", ACCESS);
    r = submit(d, id2, "", 0);
    ASSERT_STATUS(r, 400);
    assert_string_equal(json_field_error(r, "claim_subject_number"), "claim_number_taken");
    json_t *ov = overview(d);
    assert_true(json_is_null(json_object_get(json_object_get(ov, "subject"), "subject_number")));
    json_decref(ov);
    client_free(d);
    client_free(c);
}

static void test_landline_must_be_local(void **state) {
    (void)state;
    Client *c = customer("tel1");
    long long id = start(c, "first_filing", 0);
    Resp *r = save(c, id, "subject", "{" ORG_SUBJECT "}");
    ASSERT_STATUS(r, 200);
    /* A Shanghai area code for a Beijing subject. */
    r = save(
        c, id, "subject",
        "{\"subject_province\":\"110000\",\"subject_city\":\"110100\",\"subject_district\":"
        "\"110105\","
        "\"subject_nature\":\"enterprise\",\"subject_cert_type\":\"uscc\","
        "\"subject_cert_number\":\"91110000802100433B\",\"subject_name\":\"北京示例科技有限公司\","
        "\"subject_address\":\"北京市朝阳区建国路 88 号 9 "
        "层\",\"subject_investor\":\"北京示例科技有限公司\","
        "\"principal_name\":\"张三\",\"principal_id_type\":\"id_card\","
        "\"principal_id_number\":\"110105198503151230\",\"principal_id_expiry\":\"2035-03-15\","
        "\"principal_mobile\":\"13812345678\",\"principal_landline\":\"021-65001234\","
        "\"principal_emergency\":\"13900001111\",\"principal_email\":\"zhangsan@example.com\","
        "\"legal_same\":true}");
    ASSERT_STATUS(r, 400);
    assert_string_equal(json_field_error(r, "principal_landline"), "landline_city");
    client_free(c);
}

static void test_other_customers_application_is_invisible(void **state) {
    (void)state;
    Client *a = customer("own1"), *b = customer("own2");
    long long id = start(a, "first_filing", 0);
    char path[96];
    snprintf(path, sizeof path, "/api/v1/applications/%lld", id);
    Resp *r = http_get(b, path);
    ASSERT_STATUS(r, 404);
    r = save(b, id, "subject", "{" ORG_SUBJECT "}");
    ASSERT_STATUS(r, 404);
    client_free(a);
    client_free(b);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_first_filing_organisation),
        cmocka_unit_test(test_new_site_subject_elsewhere),
        cmocka_unit_test(test_new_site_subject_without_sites_individual),
        cmocka_unit_test(test_new_site_verified_before),
        cmocka_unit_test(test_new_site_never_verified_org),
        cmocka_unit_test(test_new_site_never_verified_individual),
        cmocka_unit_test(test_commercial),
        cmocka_unit_test(test_change_alone),
        cmocka_unit_test(test_batch_change_and_new_site),
        cmocka_unit_test(test_rejected_inputs),
        cmocka_unit_test(test_return_fix_resubmit),
        cmocka_unit_test(test_withdraw),
        cmocka_unit_test(test_new_access),
        cmocka_unit_test(test_cancel_site_and_access),
        cmocka_unit_test(test_withdraw_then_start_over_and_claims),
        cmocka_unit_test(test_landline_must_be_local),
        cmocka_unit_test(test_other_customers_application_is_invisible),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
