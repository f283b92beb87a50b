/*
** End to end: the printed forms (PDF text, embedded fonts, page 1 renders)
** for the seed's scenarios, and scans: good uploads stored and shown, every
** bad file refused with its reason and nothing stored, staff access
** audited, other customers kept out.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "../fixtures/uploads/fixtures.h"
#include "filing_data.h"
#include "flows.h"

static Beian *srv;
static Client *staff, *admin;
static Arena A;

static int setup(void **state) {
    (void)state;
    arena_init(&A);
    STEP("the server starts; a reviewer and an admin log in");
    srv = beian_start(true);
    staff = flow_staff(srv, "reviewer1");
    admin = flow_staff(srv, "admin1");
    return 0;
}

static int teardown(void **state) {
    (void)state;
    client_free(staff);
    client_free(admin);
    arena_free(&A);
    return beian_stop(srv) == 0 ? 0 : -1;
}

/* A complete first filing of an organisation whose site principal differs. */
static long long org_filing(Client *c, const char *domain) {
    return flow_first_filing(c, "{" ORG_SUBJECT "}", SITE_OTHER_PRINCIPAL, "示例科技官方网站",
                             domain);
}

/* A new customer of this server. */
static Client *customer(const char *login) {
    return flow_new_customer(srv, staff, login);
}

/* Run cmd, with %s standing for the file, and return its output (malloc'd). */
static char *run(const char *cmd, const char *file) {
    char line[1024], c[512];
    snprintf(c, sizeof c, cmd, file);
    snprintf(line, sizeof line, "%s 2>&1", c);
    FILE *p = popen(line, "r");
    if (!p) E2E_FAIL("cannot run %s", cmd);
    char *out = calloc(1, 1 << 20);
    size_t n = fread(out, 1, (1 << 20) - 1, p);
    out[n] = 0;
    int st = pclose(p);
    if (st != 0) E2E_FAIL("%s failed (%d): %.400s", cmd, st, out);
    return out;
}

/* Fetch a form as PDF; return its text (pdftotext), checking its fonts are
** embedded and that page 1 renders. */
static char *pdf_text(Client *c, const char *path) {
    Resp *r = http_get(c, path);
    ASSERT_STATUS(r, 200);
    assert_string_equal(r->content_type, "application/pdf");
    assert_memory_equal(r->body, "%PDF-", 5);
    char file[] = "/tmp/beian-form-XXXXXX";
    int fd = mkstemp(file);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, r->body, r->len), (ssize_t)r->len);
    close(fd);
    char *fonts = run("pdffonts '%s'", file);
    assert_non_null(strstr(fonts, "WenQuanYi"));
    for (char *line = strtok(fonts, "\n"); line; line = strtok(NULL, "\n"))
        if (strstr(line, "TrueType") || strstr(line, "CID")) assert_non_null(strstr(line, " yes "));
    free(fonts);
    char *png = run("pdftoppm -r 30 -f 1 -l 1 -png '%s' >/dev/null", file);
    free(png);
    char *text = run("pdftotext -layout '%s' -", file);
    unlink(file);
    return text;
}

E2E_TEST(test_forms_of_a_first_filing) {
    STEP("an organisation completes a first filing (the site principal differs)");
    Client *c = customer("docs1");
    long long id = org_filing(c, "example-docs1.cn");
    STEP("the verification form: the whole application, in full for its owner");
    char path[128];
    snprintf(path, sizeof path, "/portal/applications/%lld/forms/verification.pdf", id);
    char *t = pdf_text(c, path);
    assert_non_null(strstr(t, "网站备案信息真实性核验单"));
    assert_non_null(strstr(t, "北京示例科技有限公司"));
    assert_non_null(strstr(t, "example-docs1.cn"));
    assert_non_null(strstr(t, "110105198503151230")); /* the customer's own form: in full */
    assert_non_null(strstr(t, "营业执照复印件"));
    assert_non_null(strstr(t, "单位公章"));
    assert_non_null(strstr(t, "203.119.10.8"));
    free(t);
    STEP("the security agreement");
    snprintf(path, sizeof path, "/portal/applications/%lld/forms/agreement.pdf", id);
    t = pdf_text(c, path);
    assert_non_null(strstr(t, "信息安全协议"));
    assert_non_null(strstr(t, "北京示例科技有限公司"));
    free(t);
    STEP("the authorisation letter names the site principal");
    snprintf(path, sizeof path, "/portal/applications/%lld/forms/authorisation.pdf", id);
    t = pdf_text(c, path);
    assert_non_null(strstr(t, "授权书"));
    assert_non_null(strstr(t, "李四"));
    free(t);
    STEP("staff reprint it; every print is in the audit log");
    snprintf(path, sizeof path, "/staff/applications/%lld/forms/verification.pdf", id);
    t = pdf_text(staff, path);
    free(t);
    Resp *r = http_get(admin, "/api/v1/audit?action=form.print");
    ASSERT_STATUS(r, 200);
    assert_true(json_array_size(jpath(r->json, "entries")) >= 4);
    client_free(c);
}

E2E_TEST(test_no_letter_when_one_principal) {
    STEP("one principal for subject and site: no authorisation letter");
    Client *c = customer("docs2");
    long long id = flow_first_filing(c, "{" ORG_SUBJECT "}", SITE_SAME, "示例科技官方网站",
                                     "example-docs2.cn");
    char path[128];
    snprintf(path, sizeof path, "/portal/applications/%lld/forms/authorisation.pdf", id);
    ASSERT_STATUS(http_get(c, path), 404);
    STEP("another customer cannot print it");
    Client *d = customer("docs3");
    snprintf(path, sizeof path, "/portal/applications/%lld/forms/verification.pdf", id);
    ASSERT_STATUS(http_get(d, path), 404);
    client_free(d);
    client_free(c);
}

/* Seed §1.2 I and §4.4: the notes on the form. */
E2E_TEST(test_form_variants) {
    STEP("an organisation with a filed site");
    Client *c = customer("docs4");
    flow_filed(srv, c, "{" ORG_SUBJECT "}", SITE_OTHER_PRINCIPAL, "示例科技官方网站",
               "example-docs4.cn");
    json_t *ov = api_overview(c);
    long long site_id = jint(ov, "sites.0.id");
    json_decref(ov);
    char path[160];
    STEP("a new site: the form notes the earlier on-site verification (seed §1.2 I)");
    long long add = api_start(c, "new_site", 0);
    api_site_ok(c, add, SITE_SAME, "示例科技产品网站", "example-docs4-new.cn");
    api_step_ok(c, add, "access", ACCESS);
    snprintf(path, sizeof path, "/portal/applications/%lld/forms/verification.pdf", add);
    char *t = pdf_text(c, path);
    assert_non_null(strstr(t, "example-docs4-new.cn"));
    assert_non_null(strstr(t, "之前已做过现场核验"));
    free(t);
    STEP("a change submitted with the new site; the change passes, the new site is returned");
    long long change = api_start(c, "change_access", site_id);
    api_step_ok(c, change, "access",
                "{\"access_ips\":[\"203.119.10.77\"],\"access_method\":\"colocation\"}");
    ASSERT_STATUS(api_submit(c, change, "", add), 200);
    const char *both[] = {"provider_approve", "send", "sms_passed"};
    for (int i = 0; i < 3; i++) {
        flow_decide(srv, change, both[i], i ? "system" : "reviewer");
        flow_decide(srv, add, both[i], i ? "system" : "reviewer");
    }
    flow_decide(srv, change, "regulator_approve", "system");
    const char *reasons[] = {"", "没有核验单", "请补交核验单", NULL};
    assert_int_equal(beian_decide(srv, add, "regulator_return", "system", reasons), 0);
    STEP("the returned site's form is supplementary (seed §4.4)");
    snprintf(path, sizeof path, "/portal/applications/%lld/forms/verification.pdf", add);
    t = pdf_text(c, path);
    assert_non_null(strstr(t, "变更已通过审核，新增补单"));
    free(t);
    client_free(c);
}

static long long upload(Client *c, long long id, const char *slot, const char *side,
                        const char *name, FxBytes f, long status) {
    char path[128];
    snprintf(path, sizeof path, "/api/v1/applications/%lld/files", id);
    const char *fields[] = {"slot", slot, "side", side, NULL};
    Resp *r = http_post_file(c, path, "file", name, f.p, f.n, fields);
    ASSERT_STATUS(r, status);
    if (status != 201) return 0;
    return jint(r->json, "file.id");
}

static size_t file_count(Client *c, long long id) {
    char path[128];
    snprintf(path, sizeof path, "/api/v1/applications/%lld/files", id);
    Resp *r = http_get(c, path);
    ASSERT_STATUS(r, 200);
    return json_array_size(jpath(r->json, "files"));
}

E2E_TEST(test_uploads) {
    STEP("an organisation completes a first filing");
    Client *c = customer("scan1");
    long long id = org_filing(c, "example-scan1.cn");
    STEP("the customer uploads scans; a new front replaces the old one");
    FxBytes photo = fx_jpeg(&A, 1200, 900);
    FxBytes exif = fx_exif_gps(&A, 0);
    FxBytes tagged = fx_insert(&A, photo, 2, exif.p, exif.n);
    long long f1 = upload(c, id, "licence_copy", "", "营业执照.jpg", tagged, 201);
    long long f2 = upload(c, id, "legal_rep_id_copy", "front", "id-front.png",
                          fx_png(&A, 640, 400, PNG_COLOR_TYPE_RGB, false, true), 201);
    upload(c, id, "legal_rep_id_copy", "back", "id-back.jpg", fx_jpeg(&A, 640, 400), 201);
    /* A new front replaces the old one. */
    upload(c, id, "legal_rep_id_copy", "front", "id-front-2.jpg", fx_jpeg(&A, 640, 400), 201);
    assert_int_equal(file_count(c, id), 3);
    STEP("the stored scan has no EXIF or GPS; it has a thumbnail");
    char path[160];
    snprintf(path, sizeof path, "/portal/applications/%lld/files/%lld", id, f1);
    Resp *r = http_get(c, path);
    ASSERT_STATUS(r, 200);
    assert_string_equal(r->content_type, "image/jpeg");
    assert_false(fx_contains((unsigned char *)r->body, r->len, "Exif", 4));
    assert_false(fx_contains((unsigned char *)r->body, r->len, "GPS", 3));
    snprintf(path, sizeof path, "/portal/applications/%lld/files/%lld?thumb=1", id, f1);
    r = http_get(c, path);
    ASSERT_STATUS(r, 200);
    assert_string_equal(r->content_type, "image/jpeg");
    snprintf(path, sizeof path, "/portal/applications/%lld/files/%lld", id, f2);
    ASSERT_STATUS(http_get(c, path), 404); /* replaced */
    STEP("the page shows them; staff see them too, and every view is audited");
    snprintf(path, sizeof path, "/portal/applications/%lld", id);
    r = http_get(c, path);
    ASSERT_BODY_HAS(r, "营业执照.jpg");
    snprintf(path, sizeof path, "/staff/applications/%lld", id);
    r = http_get(staff, path);
    ASSERT_STATUS(r, 200);
    ASSERT_BODY_HAS(r, "?thumb=1");
    snprintf(path, sizeof path, "/staff/applications/%lld/files/%lld", id, f1);
    ASSERT_STATUS(http_get(staff, path), 200);
    snprintf(path, sizeof path, "/api/v1/staff/applications/%lld/files", id);
    r = http_get(staff, path);
    ASSERT_STATUS(r, 200);
    assert_int_equal(json_array_size(jpath(r->json, "files")), 3);
    r = http_get(admin, "/api/v1/audit?action=file.view");
    assert_true(json_array_size(jpath(r->json, "entries")) >= 2);
    STEP("another customer sees none of it");
    Client *d = customer("scan2");
    snprintf(path, sizeof path, "/portal/applications/%lld/files/%lld", id, f1);
    ASSERT_STATUS(http_get(d, path), 404);
    snprintf(path, sizeof path, "/api/v1/applications/%lld/files", id);
    ASSERT_STATUS(http_get(d, path), 404);
    client_free(d);
    client_free(c);
}

E2E_TEST(test_bad_files) {
    STEP("an organisation completes a first filing");
    Client *c = customer("scan3");
    long long id = org_filing(c, "example-scan3.cn");
    char path[128];
    snprintf(path, sizeof path, "/api/v1/applications/%lld/files", id);
    const char *fields[] = {"slot", "licence_copy", NULL};
    STEP("a renamed executable is refused");
    static unsigned char elf[256] = {0x7f, 'E', 'L', 'F', 2, 1, 1};
    Resp *r = http_post_file(c, path, "file", "scan.jpg", elf, sizeof elf, fields);
    ASSERT_STATUS(r, 400);
    assert_string_equal(json_field_error(r, "file"), "upload_executable");
    STEP("a truncated JPEG is refused");
    FxBytes j = fx_jpeg(&A, 800, 600);
    r = http_post_file(c, path, "file", "scan.jpg", j.p, j.n / 2, fields);
    ASSERT_STATUS(r, 400);
    assert_string_equal(json_field_error(r, "file"), "upload_truncated");
    STEP("a decompression bomb (60000 x 60000 in a tiny file) is refused");
    FxBytes bomb = fx_png_header_only(&A, 60000, 60000);
    r = http_post_file(c, path, "file", "scan.png", bomb.p, bomb.n, fields);
    ASSERT_STATUS(r, 400);
    assert_string_equal(json_field_error(r, "file"), "upload_dimensions");
    STEP("file names with path parts or control characters are refused");
    r = http_post_file(c, path, "file", "../../etc/scan.jpg", j.p, j.n, fields);
    ASSERT_STATUS(r, 400);
    assert_string_equal(json_field_error(r, "file"), "upload_name_path");
    r = http_post_file(c, path, "file", "scan\x01.jpg", j.p, j.n, fields);
    ASSERT_STATUS(r, 400);
    assert_string_equal(json_field_error(r, "file"), "upload_name_chars");
    STEP("a kind of scan this application does not take is refused");
    const char *wrong[] = {"slot", "residence_permit", NULL};
    r = http_post_file(c, path, "file", "scan.jpg", j.p, j.n, wrong);
    ASSERT_STATUS(r, 400);
    assert_string_equal(json_field_error(r, "slot"), "upload_slot");
    STEP("an oversize body is refused before it is read");
    size_t big = 5u << 20;
    unsigned char *huge = malloc(big);
    memset(huge, 0xAB, big);
    r = http_post_file(c, path, "file", "scan.jpg", huge, big, fields);
    ASSERT_STATUS(r, 413);
    free(huge);
    STEP("over 4 MB but under the body limit: refused by the file rules; nothing stored");
    FxBytes slightly = {calloc(1, (4u << 20) + 200), (4u << 20) + 200};
    memcpy(slightly.p, j.p, j.n);
    r = http_post_file(c, path, "file", "scan.jpg", slightly.p, slightly.n, fields);
    ASSERT_STATUS(r, 400);
    assert_string_equal(json_field_error(r, "file"), "upload_too_large");
    free(slightly.p);
    assert_int_equal(file_count(c, id), 0); /* nothing stored */
    client_free(c);
}

/* Admins word the agreement their own way, in versions; the forms follow. */
E2E_TEST(test_admin_texts) {
    STEP("no version of the agreement yet");
    http_get(admin, "/api/v1/me");
    Resp *r = http_get(admin, "/api/v1/admin/texts/agreement");
    ASSERT_STATUS(r, 200);
    assert_int_equal(json_array_size(jpath(r->json, "versions")), 0);
    STEP("an unknown placeholder is refused");
    r = http_post_json(admin, "/api/v1/admin/texts/agreement",
                       "{\"text\":\"甲方 {subject_name} 与乙方 {nope} 约定如下：遵守法律法规。\"}");
    ASSERT_STATUS(r, 400);
    assert_string_equal(json_field_error(r, "text"), "pdf_placeholder");
    STEP("the admin saves version 1; a reviewer may not");
    r = http_post_json(admin, "/api/v1/admin/texts/agreement",
                       "{\"text\":\"甲方 {subject_name} 与乙方 {provider_name} 约定：第十条 "
                       "甲方承诺网站内容合法合规，乙方依法提供接入服务。\"}");
    ASSERT_STATUS(r, 200);
    assert_int_equal(jint(r->json, "version"), 1);
    ASSERT_STATUS(http_post_json(staff, "/api/v1/admin/texts/agreement", "{\"text\":\"x\"}"), 403);
    STEP("the printed agreement follows the new wording");
    Client *c = customer("docs5");
    long long id = org_filing(c, "example-docs5.cn");
    char path[128];
    snprintf(path, sizeof path, "/portal/applications/%lld/forms/agreement.pdf", id);
    char *t = pdf_text(c, path);
    assert_non_null(strstr(t, "第十条"));
    assert_non_null(strstr(t, "北京示例科技有限公司"));
    free(t);
    client_free(c);
}

/* Issue 11, broken 1: the documents go to the administration, so they are
** in Chinese whatever the language of the page the customer printed from. */
E2E_TEST(test_forms_chinese_in_english_ui) {
    STEP("an organisation completes a first filing and switches the UI to English");
    Client *c = customer("docs-en");
    long long id = org_filing(c, "example-docs-en.cn");
    http_get(c, "/lang/en?next=/portal");
    STEP("the verification form printed from the English UI is all Chinese");
    char path[128];
    snprintf(path, sizeof path, "/portal/applications/%lld/forms/verification.pdf", id);
    char *t = pdf_text(c, path);
    assert_non_null(strstr(t, "企业")); /* 主体性质 */
    assert_non_null(strstr(t, "居民身份证"));
    assert_non_null(strstr(t, "虚拟主机"));
    assert_non_null(strstr(t, "中文简体"));
    const char *english[] = {"Enterprise", "Resident identity card", "Virtual hosting",
                             "Simplified Chinese", "Organisation portal"};
    for (size_t i = 0; i < sizeof english / sizeof *english; i++)
        if (strstr(t, english[i])) E2E_FAIL("the form prints \"%s\"", english[i]);
    free(t);
    STEP("so are the agreement and the letter");
    snprintf(path, sizeof path, "/portal/applications/%lld/forms/authorisation.pdf", id);
    t = pdf_text(c, path);
    assert_null(strstr(t, "Resident identity card"));
    assert_non_null(strstr(t, "居民身份证"));
    free(t);
    http_get(c, "/lang/zh?next=/portal");
    client_free(c);
}

/* Issue 11, broken 8: the verification form of a new site for a subject
** filed elsewhere had blank certificate type, number and address; the claim
** step collects them. */
E2E_TEST(test_claim_form_has_certificate_and_address) {
    STEP("a customer claims a subject filed elsewhere, with its certificate and address");
    Client *c = customer("docs-claim");
    long long id = api_start(c, "new_site_external", 0);
    api_step_ok(c, id, "claim",
                "{\"claim_subject_number\":\"粤ICP备32345678号\",\"claim_password\":\"Pa55-word\","
                "\"claim_nature\":\"enterprise\",\"claim_subject_name\":\"深圳示例网络有限公司\","
                "\"claim_cert_type\":\"uscc\",\"claim_cert_number\":\"91110000802100433B\","
                "\"claim_address\":\"广东省深圳市南山区科苑路 15 号\","
                "\"claim_principal_name\":\"赵六\",\"claim_principal_id_type\":\"id_card\","
                "\"claim_principal_id_number\":\"110101198001010010\","
                "\"claim_principal_mobile\":\"13711112222\",\"claim_principal_email\":\"zhao@"
                "example.com\"}");
    char site[2048];
    snprintf(site, sizeof site, SITE_OTHER_PRINCIPAL, "示例外部科技网站", "example-docs-claim.cn",
             "example-docs-claim.cn");
    api_step_ok(c, id, "site", site);
    api_step_ok(c, id, "access", ACCESS);
    STEP("the verification form prints them");
    char path[128];
    snprintf(path, sizeof path, "/portal/applications/%lld/forms/verification.pdf", id);
    char *t = pdf_text(c, path);
    assert_non_null(strstr(t, "统一社会信用代码证书"));
    assert_non_null(strstr(t, "91110000802100433B"));
    assert_non_null(strstr(t, "科苑路"));
    free(t);
    STEP("a claim without them is refused, naming each field");
    Client *d = customer("docs-claim2");
    long long id2 = api_start(d, "new_site_external", 0);
    Resp *r =
        api_step(d, id2, "claim",
                 "{\"claim_subject_number\":\"粤ICP备32345679号\",\"claim_password\":\"Pa55-word\","
                 "\"claim_nature\":\"enterprise\",\"claim_subject_name\":\"深圳示例网络有限公司\","
                 "\"claim_principal_name\":\"赵六\",\"claim_principal_id_type\":\"id_card\","
                 "\"claim_principal_id_number\":\"110101198001010010\","
                 "\"claim_principal_mobile\":\"13711112222\",\"claim_principal_email\":\"zhao@"
                 "example.com\"}");
    ASSERT_STATUS(r, 400);
    assert_string_equal(json_field_error(r, "claim_cert_type"), "field_required");
    assert_string_equal(json_field_error(r, "claim_cert_number"), "field_required");
    assert_string_equal(json_field_error(r, "claim_address"), "field_required");
    client_free(d);
    client_free(c);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        E2E_CASE(test_forms_of_a_first_filing),
        E2E_CASE(test_no_letter_when_one_principal),
        E2E_CASE(test_form_variants),
        E2E_CASE(test_uploads),
        E2E_CASE(test_bad_files),
        E2E_CASE(test_admin_texts),
        E2E_CASE(test_forms_chinese_in_english_ui),
        E2E_CASE(test_claim_form_has_certificate_and_address),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
