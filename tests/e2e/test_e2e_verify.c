/*
** End to end (issue 11): verify & submit with the checklist as its spine.
** A page upload over the body limit comes back to the application page
** with the reason at its slot, still logged in (the JSON API keeps its
** 413); the count of scans; submitting with scans missing is warned of,
** or refused when the provider sets it so; once submitted, the slots still
** empty stay open and the others are closed.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static long long filing(Client *c, const char *domain) {
    return flow_first_filing(c, "{" ORG_SUBJECT "}", SITE_OTHER_PRINCIPAL, "示例科技官方网站",
                             domain);
}

/* The provider's settings with missing_scans set to mode. */
static void set_missing_scans(const char *mode) {
    char body[256];
    snprintf(body, sizeof body,
             "{\"provider_name\":\"示例云计算有限公司\",\"review_hours\":24,"
             "\"submit_missing_scans\":\"%s\"}",
             mode);
    Resp *r = http_post_json(admin, "/api/v1/admin/settings", body);
    ASSERT_STATUS(r, 200);
    assert_string_equal(jstr(r->json, "settings.submit_missing_scans"), mode);
}

/* How many times text occurs in the body of r. */
static int occurrences(const Resp *r, const char *text) {
    int n = 0;
    for (const char *p = r->body; (p = strstr(p, text)); p += strlen(text))
        n++;
    return n;
}

E2E_TEST(test_too_large_upload_comes_back_to_the_slot) {
    STEP("a customer with a complete first filing");
    Client *c = flow_new_customer(srv, staff, "big1");
    long long id = filing(c, "example-big1.cn");
    char path[160], page[96];
    snprintf(page, sizeof page, "/portal/applications/%lld", id);
    snprintf(path, sizeof path, "%s/files?slot=licence_copy", page);
    const char *fields[] = {"slot", "licence_copy", NULL};
    size_t big = 6u << 20; /* a phone photo, sent as it is (no script) */
    unsigned char *huge = malloc(big);
    memset(huge, 0xAB, big);
    STEP("the page form's upload over the limit: back to the page, at the slot");
    Resp *r = http_post_file(c, path, "file", "phone.jpg", huge, big, fields);
    ASSERT_STATUS(r, 303);
    char want[200];
    snprintf(want, sizeof want, "%s?too_large=licence_copy#slot-licence_copy", page);
    assert_string_equal(r->location, want);
    r = http_get(c, want);
    ASSERT_STATUS(r, 200);
    ASSERT_BODY_HAS(r, "未能上传：文件超过 4 MB 的上限。");            /* the flash */
    ASSERT_BODY_HAS(r, "upload-error\" role=\"alert\">文件超过 4 MB"); /* at the slot */
    ASSERT_BODY_HAS(r, "id=\"slot-licence_copy\"");
    ASSERT_BODY_HAS(r, "big1"); /* still logged in: the top bar names the account */
    ASSERT_BODY_HAS(r, "退出");
    STEP("the JSON API keeps its 413 and its JSON error");
    snprintf(path, sizeof path, "/api/v1/applications/%lld/files", id);
    r = http_post_file(c, path, "file", "phone.jpg", huge, big, fields);
    ASSERT_STATUS(r, 413);
    assert_string_equal(jstr(r->json, "error.code"), "too_large");
    free(huge);
    client_free(c);
}

E2E_TEST(test_spine_count_and_missing_scans) {
    STEP("a complete first filing: the checklist carries prints and slots");
    Client *c = flow_new_customer(srv, staff, "spine1");
    long long id = filing(c, "example-spine1.cn");
    char page[96], path[160];
    snprintf(page, sizeof page, "/portal/applications/%lld", id);
    Resp *r = http_get(c, page);
    ASSERT_STATUS(r, 200);
    ASSERT_BODY_HAS(r, "data-scan-count=\"0/");
    ASSERT_BODY_HAS(r, "已上传 0/");
    ASSERT_BODY_HAS(r, "data-print=\"verification_form\"");
    ASSERT_BODY_HAS(r, "data-slot=\"licence_copy\" id=\"slot-licence_copy\"");
    ASSERT_BODY_HAS(r, "data-scans-missing=\"warn\"");
    STEP("one scan uploaded: the count and the item's state follow");
    snprintf(path, sizeof path, "/api/v1/applications/%lld/files", id);
    const char *fields[] = {"slot", "licence_copy", NULL};
    FxBytes j = fx_jpeg(&A, 800, 600);
    ASSERT_STATUS(http_post_file(c, path, "file", "licence.jpg", j.p, j.n, fields), 201);
    r = http_get(c, page);
    ASSERT_BODY_HAS(r, "data-scan-count=\"1/");
    ASSERT_BODY_HAS(r, "已上传 1/");
    STEP("the provider refuses submissions with scans missing");
    set_missing_scans("refuse");
    r = http_get(c, page);
    ASSERT_BODY_HAS(r, "data-scans-missing=\"refuse\"");
    ASSERT_BODY_LACKS(r, "确认信息无误，提交");
    r = api_submit(c, id, "", 0);
    ASSERT_STATUS(r, 409);
    assert_string_equal(jstr(r->json, "error.code"), "scans_missing");
    STEP("by default they are warned of: submitted, the answer says how many are missing");
    set_missing_scans("warn");
    r = http_get(c, page);
    ASSERT_BODY_HAS(r, "确认信息无误，提交");
    snprintf(path, sizeof path, "%s/submit", page);
    r = http_post_form(c, path, "note=");
    ASSERT_STATUS(r, 303);
    r = http_get(c, page);
    ASSERT_BODY_HAS(r, "待接入商核实");
    ASSERT_BODY_HAS(r, "份扫描件未上传，请在本页补传");
    STEP("once submitted, the empty slots stay open and the filled one is closed");
    ASSERT_BODY_LACKS(r, "files?slot=licence_copy");
    assert_int_equal(occurrences(r, "files?slot=legal_rep_id_copy\""), 2); /* both sides */
    snprintf(path, sizeof path, "/api/v1/applications/%lld/files", id);
    ASSERT_STATUS(http_post_file(c, path, "file", "again.jpg", j.p, j.n, fields), 409);
    const char *front[] = {"slot", "legal_rep_id_copy", "side", "front", NULL};
    ASSERT_STATUS(http_post_file(c, path, "file", "id-front.jpg", j.p, j.n, front), 201);
    ASSERT_STATUS(http_post_file(c, path, "file", "id-front2.jpg", j.p, j.n, front), 409);
    r = http_get(c, page);
    ASSERT_BODY_HAS(r, "id-front.jpg");
    assert_int_equal(occurrences(r, "files?slot=legal_rep_id_copy\""), 1); /* the back */
    client_free(c);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        E2E_CASE(test_too_large_upload_comes_back_to_the_slot),
        E2E_CASE(test_spine_count_and_missing_scans),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
