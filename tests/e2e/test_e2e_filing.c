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

static Client *customer(const char *login) {
    return flow_new_customer(srv, staff, login);
}

static int teardown(void **state) {
    (void)state;
    client_free(staff);
    return beian_stop(srv) == 0 ? 0 : -1;
}

/* The checklist item with this code, or NULL. */
static json_t *item(json_t *application, const char *code) {
    json_t *items = jpath(application, "checklist.items");
    size_t i;
    json_t *it;
    json_array_foreach(items, i, it) {
        if (!strcmp(jstr(it, "code"), code)) return it;
    }
    return NULL;
}

static bool notice(json_t *application, const char *code) {
    json_t *list = jpath(application, "checklist.notices");
    size_t i;
    json_t *it;
    json_array_foreach(list, i, it) {
        if (!strcmp(jstr(it, "code"), code)) return true;
    }
    return false;
}

/* A customer whose organisation subject is filed, with one filed site. */
static Client *filed_org(const char *login, const char *domain, long long *site_id) {
    Client *c = customer(login);
    flow_filed(srv, c, "{" ORG_SUBJECT "}", SITE_SAME, "示例科技官方网站", domain);
    json_t *ov = api_overview(c);
    *site_id = jint(ov, "sites.0.id");
    json_decref(ov);
    return c;
}

E2E_TEST(test_first_filing_organisation) {
    STEP("an organisation starts a first filing; its subject is unfiled");
    Client *c = customer("org1");
    long long id = api_start(c, "first_filing", 0);
    json_t *ov = api_overview(c);
    assert_string_equal(jstr(ov, "subject.status"), "unfiled");
    json_decref(ov);
    STEP("the customer fills the subject, site and access steps");
    api_step_ok(c, id, "subject", "{" ORG_SUBJECT "}");
    api_site_ok(c, id, SITE_SAME, "示例科技官方网站", "example-org1.cn");
    api_step_ok(c, id, "access", ACCESS);
    STEP("the application is complete, with the full set of materials (seed §1.1 A)");
    json_t *a = api_application(c, id);
    assert_true(json_is_true(jpath(a, "complete")));
    assert_string_equal(jstr(a, "state_label"), "尚未提交");
    /* Organisation with on-site verification (seed §1.1 A): the full set. */
    assert_non_null(item(a, "verification_form"));
    assert_string_equal(jstr(item(a, "verification_form"), "signature"), "负责人签字并加盖公章");
    assert_int_equal(jint(item(a, "verification_form"), "copies"), 2);
    assert_non_null(item(a, "security_agreement"));
    assert_non_null(item(a, "licence_copy"));
    assert_non_null(item(a, "legal_rep_id_copy"));
    assert_non_null(item(a, "domain_certificate"));
    assert_null(item(a, "authorization_letter")); /* one principal for subject and site */
    assert_true(notice(a, "onsite_required"));
    STEP("personal data is masked unless revealed");
    json_t *vals = jpath(a, "values");
    assert_string_equal(jstr(vals, "principal_id_number"), "110105********1230");
    assert_string_equal(jstr(vals, "principal_mobile"), "138****5678");
    json_decref(a);
    STEP("the customer submits; the provider reviews it");
    ASSERT_STATUS(api_submit(c, id, "请审核", 0), 200);
    a = api_application(c, id);
    assert_string_equal(jstr(a, "state"), "provider_review");
    assert_string_equal(jstr(a, "state_label"), "待接入商核实");
    json_decref(a);
    ov = api_overview(c);
    assert_string_equal(jstr(ov, "sites.0.status_label"), "报备阶段");
    json_decref(ov);
    STEP("reviewer, SMS and administration approve: subject and site are filed");
    flow_approve_all(srv, id);
    ov = api_overview(c);
    json_t *subject = jpath(ov, "subject");
    assert_string_equal(jstr(subject, "status_label"), "已备案");
    assert_true(strstr(jstr(subject, "subject_number"), "京ICP备") != NULL);
    assert_string_equal(jstr(ov, "sites.0.status_label"), "已备案");
    char want[96];
    snprintf(want, sizeof want, "%s-1", jstr(subject, "subject_number"));
    assert_string_equal(jstr(ov, "sites.0.site_number"), want);
    json_decref(ov);
    client_free(c);
}

/* Seed §1.1 A: the subject has a number, filed through another provider:
** subject number + password, no subject form; statuses of seed §3. */
E2E_TEST(test_new_site_subject_elsewhere) {
    STEP("a customer whose subject is filed elsewhere starts a new site");
    Client *c = customer("ext1");
    long long id = api_start(c, "new_site_external", 0);
    json_t *ov = api_overview(c);
    assert_string_equal(jstr(ov, "subject.status_label"), "待下载更新");
    assert_string_equal(jstr(ov, "sites.0.status_label"), "尚未提交");
    json_decref(ov);
    STEP("there is no subject form for this kind");
    Resp *r = api_step(c, id, "subject", "{" ORG_SUBJECT "}");
    ASSERT_STATUS(r, 404);
    STEP("the customer claims the subject by number and password, then site and access");
    api_step_ok(
        c, id, "claim",
        "{\"claim_subject_number\":\"粤ICP备12345678号\",\"claim_password\":\"Pa55-word\","
        "\"claim_nature\":\"enterprise\",\"claim_subject_name\":\"深圳示例网络有限公司\","
        "\"claim_cert_type\":\"uscc\",\"claim_cert_number\":\"91110000802100433B\",\"claim_"
        "address\":\"广东省深圳市南山区科苑路 15 号\","
        "\"claim_principal_name\":\"赵六\",\"claim_principal_id_type\":\"id_card\","
        "\"claim_principal_id_number\":\"110101198001010010\","
        "\"claim_principal_mobile\":\"13711112222\",\"claim_principal_email\":\"zhao@example."
        "com\"}");
    api_site_ok(c, id, SITE_OTHER_PRINCIPAL, "示例外部科技网站", "example-ext1.cn");
    api_step_ok(c, id, "access", ACCESS);
    STEP("complete, the password never echoed, the materials of differing principals");
    json_t *a = api_application(c, id);
    assert_true(json_is_true(jpath(a, "complete")));
    assert_null(jpath(a, "values.claim_password")); /* never echoed */
    assert_non_null(item(a, "licence_copy"));
    assert_non_null(item(a, "authorization_letter")); /* the principals differ */
    assert_true(notice(a, "onsite_required"));
    json_decref(a);
    STEP("submitted: the subject awaits download, the site is being reported");
    ASSERT_STATUS(api_submit(c, id, "", 0), 200);
    ov = api_overview(c);
    assert_string_equal(jstr(ov, "subject.status_label"), "待下载更新");
    assert_string_equal(jstr(ov, "subject.subject_number"), "粤ICP备12345678号");
    assert_string_equal(jstr(ov, "sites.0.status_label"), "报备阶段");
    json_decref(ov);
    client_free(c);
}

/* Seed §1.1 B: an individual's subject with a number and no site. */
E2E_TEST(test_new_site_subject_without_sites_individual) {
    STEP("an individual claims a subject with a number and no site");
    Client *c = customer("ext2");
    long long id = api_start(c, "new_site_external", 0);
    api_step_ok(
        c, id, "claim",
        "{\"claim_subject_number\":\"沪ICP备2024012345号\",\"claim_password\":\"x1y2z3\","
        "\"claim_nature\":\"individual\",\"claim_subject_name\":\"李四\","
        "\"claim_cert_type\":\"id_card\",\"claim_cert_number\":\"440305199001010026\",\"claim_"
        "address\":\"上海市浦东新区世纪大道 100 号\","
        "\"claim_principal_name\":\"李四\",\"claim_principal_id_type\":\"id_card\","
        "\"claim_principal_id_number\":\"440305199001010026\","
        "\"claim_principal_mobile\":\"13522223333\",\"claim_principal_email\":\"lisi@example."
        "com\"}");
    STEP("the site and access steps");
    api_site_ok(c, id, SITE_OTHER_PRINCIPAL, "王芳的读书笔记", "wangfang-notes.cn");
    api_step_ok(c, id, "access", ACCESS);
    STEP("the individual's materials (seed §1.1 B)");
    json_t *a = api_application(c, id);
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
E2E_TEST(test_new_site_verified_before) {
    long long site;
    STEP("an organisation with a filed subject, verified on site");
    Client *c = filed_org("org2", "example-org2.cn", &site);
    STEP("a new site for it");
    long long id = api_start(c, "new_site", 0);
    api_site_ok(c, id, SITE_SAME, "示例科技产品网站", "example-org2-products.cn");
    api_step_ok(c, id, "access", ACCESS);
    STEP("only the verification form, with the note for a new domain (seed §1.2 I)");
    json_t *a = api_application(c, id);
    json_t *form = item(a, "verification_form");
    assert_non_null(form);
    assert_int_equal(jint(form, "copies"), 2);
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
E2E_TEST(test_new_site_never_verified_org) {
    long long site;
    STEP("a filed organisation never verified on site (flag cleared)");
    Client *c = filed_org("org3", "example-org3.cn", &site);
    beian_sql(srv, "UPDATE subjects SET verified_on_site = 0 WHERE name = '北京示例科技有限公司'");
    STEP("a new site with another principal");
    long long id = api_start(c, "new_site", 0);
    api_site_ok(c, id, SITE_OTHER_PRINCIPAL, "示例科技服务网站", "example-org3-svc.cn");
    api_step_ok(c, id, "access", ACCESS);
    STEP("the full set again, with the authorisation letter (seed §1.2 II)");
    json_t *a = api_application(c, id);
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

E2E_TEST(test_new_site_never_verified_individual) {
    STEP("an individual files a first site, approved");
    Client *c = customer("person1");
    long long id = flow_first_filing(c, "{" PERSON_SUBJECT "}", SITE_SAME, "王芳的旅行日记",
                                     "wangfang-travel.cn");
    ASSERT_STATUS(api_submit(c, id, "", 0), 200);
    flow_approve_all(srv, id);
    STEP("the subject was never verified on site (flag cleared)");
    beian_sql(srv, "UPDATE subjects SET verified_on_site = 0 WHERE name = '王芳'");
    STEP("a new site for the individual");
    id = api_start(c, "new_site", 0);
    api_site_ok(c, id, SITE_SAME, "王芳的摄影作品", "wangfang-photo.cn");
    api_step_ok(c, id, "access", ACCESS);
    STEP("on-site verification and the individual's materials");
    json_t *a = api_application(c, id);
    assert_true(notice(a, "onsite_required"));
    assert_string_equal(jstr(item(a, "verification_form"), "signature"), "负责人签字加按手印");
    assert_non_null(item(a, "principal_id_copy"));
    assert_non_null(item(a, "domain_certificate"));
    assert_null(item(a, "licence_copy"));
    json_decref(a);
    client_free(c);
}

/* Seed §2: a commercial filing must also go to the administration's window. */
E2E_TEST(test_commercial) {
    STEP("an organisation files a commercial shop site");
    Client *c = customer("shop1");
    long long id = api_start(c, "first_filing", 0);
    api_step_ok(c, id, "subject", "{" ORG_SUBJECT "}");
    STEP("a commercial site without a licence number is refused");
    Resp *r =
        api_step(c, id, "site",
                 "{\"site_name\":\"示例商城网站\",\"site_domain\":\"example-shop1.cn\","
                 "\"site_home_url\":\"https://www.example-shop1.cn/\",\"site_services\":[\"shop\"],"
                 "\"site_languages\":[\"zh_hans\"],\"site_description\":\"示例科技的网上商城，"
                 "销售自有品牌的办公用品与电子配件。\",\"site_principal_same\":true,"
                 "\"site_commercial\":true}");
    ASSERT_STATUS(r, 400);
    assert_string_equal(json_field_error(r, "site_licence"), "licence_required");
    STEP("with the licence number it is saved");
    r = api_step(c, id, "site",
                 "{\"site_name\":\"示例商城网站\",\"site_domain\":\"example-shop1.cn\","
                 "\"site_home_url\":\"https://www.example-shop1.cn/\",\"site_services\":[\"shop\"],"
                 "\"site_languages\":[\"zh_hans\"],\"site_description\":\"示例科技的网上商城，"
                 "销售自有品牌的办公用品与电子配件。\",\"site_principal_same\":true,"
                 "\"site_commercial\":true,\"site_licence\":\"京B2-20201234\"}");
    ASSERT_STATUS(r, 200);
    api_step_ok(c, id, "access", ACCESS);
    STEP("the administration's window is named (seed §2)");
    json_t *a = api_application(c, id);
    assert_true(notice(a, "commercial_window"));
    json_decref(a);
    client_free(c);
}

/* Seed §3: a change alone, with the change stage names. */
E2E_TEST(test_change_alone) {
    long long site;
    STEP("a filed organisation");
    Client *c = filed_org("org4", "example-org4.cn", &site);
    STEP("a change of the site starts from the filed record");
    long long id = api_start(c, "change_site", site);
    json_t *a = api_application(c, id);
    assert_string_equal(jstr(a, "state_label"), "变更阶段未提交");
    /* The form starts from the filed record. */
    assert_string_equal(jstr(a, "values.site_name"), "示例科技官方网站");
    json_decref(a);
    STEP("the customer renames the site and submits");
    api_site_ok(c, id, SITE_SAME, "示例科技企业官网", "example-org4.cn");
    ASSERT_STATUS(api_submit(c, id, "", 0), 200);
    a = api_application(c, id);
    assert_string_equal(jstr(a, "state_label"), "变更阶段待接入商核实");
    json_decref(a);
    STEP("reviewer and SMS pass it: the change awaits the administration");
    flow_decide(srv, id, "provider_approve", "reviewer");
    flow_decide(srv, id, "send", "system");
    flow_decide(srv, id, "sms_passed", "system");
    a = api_application(c, id);
    assert_string_equal(jstr(a, "state_label"), "变更阶段待管局核实");
    json_decref(a);
    STEP("the administration approves: the new name is filed");
    flow_decide(srv, id, "regulator_approve", "system");
    json_t *ov = api_overview(c);
    assert_string_equal(jstr(ov, "sites.0.name"), "示例科技企业官网");
    assert_string_equal(jstr(ov, "sites.0.status_label"), "已备案");
    json_decref(ov);
    client_free(c);
}

/* Seed §4.4: a change and a new site submitted together; the change passes,
** the new site is returned; its forms are supplementary. */
E2E_TEST(test_batch_change_and_new_site) {
    long long site;
    STEP("a filed organisation");
    Client *c = filed_org("org5", "example-org5.cn", &site);
    STEP("a change of access and a new site, submitted together");
    long long change = api_start(c, "change_access", site);
    api_step_ok(c, change, "access",
                "{\"access_ips\":[\"203.119.10.9\"],\"access_method\":\"colocation\"}");
    long long add = api_start(c, "new_site", 0);
    api_site_ok(c, add, SITE_SAME, "示例科技招聘网站", "example-org5-jobs.cn");
    api_step_ok(c, add, "access", ACCESS);
    ASSERT_STATUS(api_submit(c, change, "变更与新增一并提交", add), 200);
    STEP("both are in review, in one batch");
    json_t *a1 = api_application(c, change), *a2 = api_application(c, add);
    assert_string_equal(jstr(a1, "state"), "provider_review");
    assert_string_equal(jstr(a2, "state"), "provider_review");
    assert_int_equal(jint(a1, "batch_id"), jint(a2, "batch_id"));
    json_decref(a1);
    json_decref(a2);
    STEP("a batch counts as one application in flight: a draft may wait, not be submitted");
    Resp *r = http_post_json(c, "/api/v1/applications", "{\"kind\":\"change_subject\"}");
    ASSERT_STATUS(r, 201);
    long long waiting = (long long)jint(r->json, "id");
    ASSERT_STATUS(api_withdraw(c, waiting), 200);
    STEP("the change passes; the new site is returned by the administration");
    flow_approve_all(srv, change);
    flow_decide(srv, add, "provider_approve", "reviewer");
    flow_decide(srv, add, "send", "system");
    flow_decide(srv, add, "sms_passed", "system");
    const char *reasons[] = {"", "没有核验单", "请补交核验单", NULL};
    assert_int_equal(beian_decide(srv, add, "regulator_return", "system", reasons), 0);
    STEP("the returned site's forms are supplementary (seed §4.4)");
    json_t *a = api_application(c, add);
    assert_string_equal(jstr(a, "state"), "regulator_returned");
    assert_true(strstr(jstr(item(a, "verification_form"), "note"), "变更已通过审核，新增补单") !=
                NULL);
    json_decref(a);
    STEP("the customer resubmits it");
    ASSERT_STATUS(api_submit(c, add, "已重新寄出核验单", 0), 200);
    a = api_application(c, add);
    assert_string_equal(jstr(a, "state"), "provider_review");
    json_decref(a);
    client_free(c);
}

/* Each rejected input: the field and the reason, and nothing stored. */
E2E_TEST(test_rejected_inputs) {
    STEP("a customer starts a first filing");
    Client *c = customer("bad1");
    long long id = api_start(c, "first_filing", 0);
    STEP("a key given twice is refused");
    Resp *r = api_step(c, id, "subject",
                       "{" ORG_SUBJECT ",\"principal_id_number\":\"110105198503151231\"}");
    ASSERT_STATUS(r, 400);
    STEP("bad checksums are named per field, and nothing is stored");
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
    r = api_step(c, id, "subject", subject_bad_id);
    ASSERT_STATUS(r, 400);
    assert_string_equal(json_field_error(r, "principal_id_number"), "id_card_checksum");
    assert_string_equal(json_field_error(r, "subject_cert_number"), "uscc_checksum");
    json_t *a = api_application(c, id);
    assert_null(jpath(a, "values.subject_name")); /* nothing stored */
    json_decref(a);
    STEP("a reserved site name is refused");
    api_step_ok(c, id, "subject", "{" ORG_SUBJECT "}");
    char body[2048];
    snprintf(body, sizeof body, SITE_SAME, "中国示例科技网", "example-bad1.cn", "example-bad1.cn");
    r = api_step(c, id, "site", body);
    ASSERT_STATUS(r, 400);
    assert_string_equal(json_field_error(r, "site_name"), "site_name_reserved");
    STEP("a site principal with the subject principal's phone is refused");
    r = api_step(
        c, id, "site",
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
    STEP("two domains on one new site are refused; the site step is not saved");
    snprintf(body, sizeof body, SITE_SAME, "示例科技官方网站", "example-bad1.cn example-bad1.com",
             "example-bad1.cn");
    r = api_step(c, id, "site", body);
    ASSERT_STATUS(r, 400);
    assert_string_equal(json_field_error(r, "site_domain"), "domain_one_per_site");
    a = api_application(c, id);
    json_t *steps = jpath(a, "steps");
    assert_true(
        json_is_false(json_object_get(json_array_get(steps, 1), "done"))); /* site not saved */
    assert_null(jpath(a, "values.site_name"));
    json_decref(a);
    STEP("a new site of a subject not filed yet cannot start");
    api_site_ok(c, id, SITE_SAME, "示例科技官方网站", "example-bad1.cn");
    api_step_ok(c, id, "access", ACCESS);
    ASSERT_STATUS(api_submit(c, id, "", 0), 200);
    json_t *before = api_overview(c);
    size_t napps = json_array_size(jpath(before, "applications"));
    json_decref(before);
    r = http_post_json(c, "/api/v1/applications", "{\"kind\":\"new_site\"}");
    ASSERT_STATUS(r, 409);
    ASSERT_BODY_HAS(r, "subject_not_filed");
    json_t *after = api_overview(c);
    assert_int_equal(json_array_size(jpath(after, "applications")), napps);
    json_decref(after);
    STEP("a domain another subject has filed is refused at the site step (issue 11)");
    Client *d = customer("bad2");
    long long id2 = api_start(d, "first_filing", 0);
    api_step_ok(d, id2, "subject", "{" PERSON_SUBJECT "}");
    char site[2048];
    snprintf(site, sizeof site, SITE_SAME, "王芳的旅行日记", "example-org1.cn", "example-org1.cn");
    r = api_step(d, id2, "site", site);
    ASSERT_STATUS(r, 400);
    assert_string_equal(json_field_error(r, "site_domain"), "domain_taken");
    STEP("and at submission, should it be filed after the step was saved");
    api_site_ok(d, id2, SITE_SAME, "王芳的旅行日记", "example-bad2-late.cn");
    api_step_ok(d, id2, "access", ACCESS);
    beian_sql(srv, "UPDATE sites SET domain = 'example-bad2-late.cn' WHERE domain = "
                   "'example-org1.cn'");
    r = api_submit(d, id2, "", 0);
    ASSERT_STATUS(r, 400);
    assert_string_equal(json_field_error(r, "site_domain"), "domain_taken");
    a = api_application(d, id2);
    assert_string_equal(jstr(a, "state"), "draft");
    json_decref(a);
    client_free(d);
    client_free(c);
}

/* A returned application: reasons per field, only those fields change, a
** note to the reviewer replaces the source's "e-mail us" (seed §4). */
E2E_TEST(test_return_fix_resubmit) {
    STEP("a customer submits a first filing");
    Client *c = customer("ret1");
    long long id =
        flow_first_filing(c, "{" ORG_SUBJECT "}", SITE_SAME, "示例科技官方网站", "example-ret1.cn");
    ASSERT_STATUS(api_submit(c, id, "", 0), 200);
    STEP("the reviewer returns it naming the site name");
    const char *reasons[] = {"site_name", "网站名称与主办单位不符", "建议使用单位名称或其简称",
                             NULL};
    assert_int_equal(beian_decide(srv, id, "provider_return", "reviewer", reasons), 0);
    json_t *a = api_application(c, id);
    assert_string_equal(jstr(a, "state_label"), "接入商退回");
    json_t *rr = json_array_get(jpath(a, "return_reasons"), 0);
    assert_string_equal(jstr(rr, "field"), "site_name");
    assert_string_equal(jstr(rr, "reason"), "网站名称与主办单位不符");
    json_decref(a);
    STEP("a field the return did not name stays locked");
    Resp *r = api_step(
        c, id, "site",
        "{\"site_name\":\"北京示例科技官网\",\"site_domain\":\"example-ret1.cn\","
        "\"site_home_url\":\"https://www.example-ret1.cn/\",\"site_services\":[\"portal\"],"
        "\"site_languages\":[\"zh_hans\"],\"site_description\":"
        "\"一段被锁定而不应保存的新网站说明文字。\","
        "\"site_principal_same\":true}");
    ASSERT_STATUS(r, 400);
    assert_string_equal(json_field_error(r, "site_description"), "field_locked");
    STEP("the named field is corrected");
    api_site_ok(c, id, SITE_SAME, "北京示例科技官网", "example-ret1.cn");
    a = api_application(c, id);
    json_t *vals = jpath(a, "values");
    assert_string_equal(jstr(vals, "site_name"), "北京示例科技官网");
    assert_true(json_is_true(jpath(a, "editable")));
    json_decref(a);
    STEP("the customer resubmits with a note to the reviewer");
    ASSERT_STATUS(api_submit(c, id, "已按要求修改网站名称", 0), 200);
    a = api_application(c, id);
    assert_string_equal(jstr(a, "state"), "provider_review");
    assert_string_equal(jstr(a, "customer_note"), "已按要求修改网站名称");
    json_t *events = jpath(a, "transitions");
    assert_int_equal(json_array_size(events), 3); /* submit, return, resubmit */
    json_decref(a);
    client_free(c);
}

E2E_TEST(test_withdraw) {
    STEP("a customer saves a subject and withdraws the draft");
    Client *c = customer("wd1");
    long long id = api_start(c, "first_filing", 0);
    api_step_ok(c, id, "subject", "{" ORG_SUBJECT "}");
    Resp *r = api_withdraw(c, id);
    ASSERT_STATUS(r, 200);
    json_t *a = api_application(c, id);
    assert_string_equal(jstr(a, "state"), "withdrawn");
    json_decref(a);
    STEP("withdrawing twice is a conflict");
    r = api_withdraw(c, id);
    ASSERT_STATUS(r, 409); /* already withdrawn */
    client_free(c);
}

/* New access: a site filed through another provider moves to our servers. */
E2E_TEST(test_new_access) {
    STEP("a site filed elsewhere moves here: claim, site with its number, access");
    Client *c = customer("acc1");
    long long id = api_start(c, "new_access", 0);
    api_step_ok(
        c, id, "claim",
        "{\"claim_subject_number\":\"浙ICP备2019012345号\",\"claim_password\":\"zj-pass\","
        "\"claim_nature\":\"enterprise\",\"claim_subject_name\":\"杭州示例电子商务有限公司\","
        "\"claim_cert_type\":\"uscc\",\"claim_cert_number\":\"91110000802100433B\",\"claim_"
        "address\":\"广东省深圳市南山区科苑路 15 号\","
        "\"claim_principal_name\":\"孙七\",\"claim_principal_id_type\":\"id_card\","
        "\"claim_principal_id_number\":\"110101198001010010\","
        "\"claim_principal_mobile\":\"13755556666\",\"claim_principal_email\":\"sun@example."
        "com\"}");
    Resp *r = api_step(
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
    api_step_ok(c, id, "access", ACCESS);
    STEP("submitted and approved: the site keeps its number");
    ASSERT_STATUS(api_submit(c, id, "", 0), 200);
    flow_approve_all(srv, id);
    json_t *ov = api_overview(c);
    assert_string_equal(jstr(ov, "sites.0.site_number"), "浙ICP备2019012345号-3");
    assert_string_equal(jstr(ov, "sites.0.status_label"), "已备案");
    json_decref(ov);
    client_free(c);
}

/* Cancelling a site's filing, and cancelling its access with us. */
E2E_TEST(test_cancel_site_and_access) {
    long long site;
    STEP("a filed organisation asks to cancel its access");
    Client *c = filed_org("can1", "example-can1.cn", &site);
    long long id = api_start(c, "cancel_access", site);
    Resp *r = api_step(c, id, "cancel", "{\"cancel_reason\":\"短\"}");
    ASSERT_STATUS(r, 400);
    assert_string_equal(json_field_error(r, "cancel_reason"), "reason_length");
    STEP("with a long enough reason it is saved; no paper needed");
    api_step_ok(c, id, "cancel",
                "{\"cancel_reason\":\"网站迁移至其他服务商，不再使用贵司服务器。\"}");
    json_t *a = api_application(c, id);
    assert_true(notice(a, "cancel_no_paper"));
    json_decref(a);
    STEP("approved without an SMS: access cancelled");
    ASSERT_STATUS(api_submit(c, id, "", 0), 200);
    flow_decide(srv, id, "provider_approve", "reviewer");
    flow_decide(srv, id, "send", "system");
    flow_decide(srv, id, "regulator_approve", "system"); /* no SMS for cancelling access */
    json_t *ov = api_overview(c);
    assert_string_equal(jstr(ov, "sites.0.status"), "access_cancelled");
    json_decref(ov);
    STEP("another organisation cancels its site's filing");
    Client *d;
    long long site2;
    d = filed_org("can2", "example-can2.cn", &site2);
    id = api_start(d, "cancel_site", site2);
    api_step_ok(d, id, "cancel", "{\"cancel_reason\":\"网站已停止运营，申请注销网站备案。\"}");
    ASSERT_STATUS(api_submit(d, id, "", 0), 200);
    flow_approve_all(srv, id);
    ov = api_overview(d);
    assert_string_equal(jstr(ov, "sites.0.status_label"), "已注销");
    json_decref(ov);
    client_free(d);
    client_free(c);
}

/* A withdrawn first filing frees the account to start again; a claim under a
** new number needs its password. */
E2E_TEST(test_withdraw_then_start_over_and_claims) {
    STEP("a withdrawn first filing frees the account to start again");
    Client *c = customer("again1");
    long long id = api_start(c, "first_filing", 0);
    ASSERT_STATUS(api_withdraw(c, id), 200);
    id = api_start(c, "new_site_external", 0);
    STEP("a claim under a new number needs its password");
    const char *claim = "{\"claim_subject_number\":\"%s\",\"claim_password\":\"%s\","
                        "\"claim_nature\":\"enterprise\",\"claim_subject_name\":\"示例公司\","
                        "\"claim_cert_type\":\"uscc\",\"claim_cert_number\":\"91110000802100433B\","
                        "\"claim_address\":\"广东省深圳市南山区科苑路 15 号\","
                        "\"claim_principal_name\":\"赵六\",\"claim_principal_id_type\":\"id_card\","
                        "\"claim_principal_id_number\":\"110101198001010010\","
                        "\"claim_principal_mobile\":\"13711112223\","
                        "\"claim_principal_email\":\"zhao2@example.com\"}";
    char body[1024];
    snprintf(body, sizeof body, claim, "苏ICP备12340000号", "pw-1");
    api_step_ok(c, id, "claim", body);
    snprintf(body, sizeof body, claim, "苏ICP备12349999号", ""); /* new number, no password */
    Resp *r = api_step(c, id, "claim", body);
    ASSERT_STATUS(r, 400);
    assert_string_equal(json_field_error(r, "claim_password"), "field_required");
    STEP("the customer submits a claim; a draft reserved nothing");
    /* A draft reserves nothing; a submitted claim takes its number, and a
    ** second account claiming it is refused at its own submission. */
    snprintf(body, sizeof body, claim, "苏ICP备12349999号", "pw-3");
    api_step_ok(c, id, "claim", body);
    api_site_ok(c, id, SITE_OTHER_PRINCIPAL, "示例公司官方网站", "example-again1.cn");
    api_step_ok(c, id, "access", ACCESS);
    ASSERT_STATUS(api_submit(c, id, "", 0), 200);
    STEP("a second account claiming the same number is refused at submission");
    Client *d = customer("again2");
    long long id2 = api_start(d, "new_site_external", 0);
    snprintf(body, sizeof body, claim, "苏ICP备12349999号", "pw-2");
    api_step_ok(d, id2, "claim", body);
    api_site_ok(d, id2, SITE_OTHER_PRINCIPAL, "示例另一公司网站", "example-again2.cn");
    api_step_ok(d, id2, "access", ACCESS);
    r = api_submit(d, id2, "", 0);
    ASSERT_STATUS(r, 400);
    assert_string_equal(json_field_error(r, "claim_subject_number"), "claim_number_taken");
    json_t *ov = api_overview(d);
    assert_true(json_is_null(jpath(ov, "subject.subject_number")));
    json_decref(ov);
    client_free(d);
    client_free(c);
}

E2E_TEST(test_landline_must_be_local) {
    STEP("a Beijing subject is saved");
    Client *c = customer("tel1");
    long long id = api_start(c, "first_filing", 0);
    Resp *r = api_step(c, id, "subject", "{" ORG_SUBJECT "}");
    ASSERT_STATUS(r, 200);
    STEP("a Shanghai landline for a Beijing subject is refused");
    r = api_step(
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

E2E_TEST(test_other_customers_application_is_invisible) {
    STEP("two customers; one starts an application");
    Client *a = customer("own1"), *b = customer("own2");
    long long id = api_start(a, "first_filing", 0);
    STEP("the other can neither read nor change it");
    char path[96];
    snprintf(path, sizeof path, "/api/v1/applications/%lld", id);
    Resp *r = http_get(b, path);
    ASSERT_STATUS(r, 404);
    r = api_step(b, id, "subject", "{" ORG_SUBJECT "}");
    ASSERT_STATUS(r, 404);
    client_free(a);
    client_free(b);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        E2E_CASE(test_first_filing_organisation),
        E2E_CASE(test_new_site_subject_elsewhere),
        E2E_CASE(test_new_site_subject_without_sites_individual),
        E2E_CASE(test_new_site_verified_before),
        E2E_CASE(test_new_site_never_verified_org),
        E2E_CASE(test_new_site_never_verified_individual),
        E2E_CASE(test_commercial),
        E2E_CASE(test_change_alone),
        E2E_CASE(test_batch_change_and_new_site),
        E2E_CASE(test_rejected_inputs),
        E2E_CASE(test_return_fix_resubmit),
        E2E_CASE(test_withdraw),
        E2E_CASE(test_new_access),
        E2E_CASE(test_cancel_site_and_access),
        E2E_CASE(test_withdraw_then_start_over_and_claims),
        E2E_CASE(test_landline_must_be_local),
        E2E_CASE(test_other_customers_application_is_invisible),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
