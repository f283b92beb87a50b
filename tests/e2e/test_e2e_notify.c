/*
** End to end: notifications (issue 10). A visitor reads what filing
** involves at /; a customer registers (in English), is approved, files, is
** returned; every event arrives once in the mail folder (the server has no
** relay), in the account's language, with the link of the next step under
** the server's address, and the same messages are in the inbox (page, JSON,
** unread count in the top bar, marked read). The application page says
** what to do now.
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

static void has(const char *text, const char *part) {
    if (!strstr(text, part)) E2E_FAIL("\"%s\" not in:\n%s", part, text);
}

E2E_TEST(test_notify_filing_life) {
    STEP("a visitor at / reads what filing involves and the way in");
    Beian *b = beian_start(true);
    Client *v = client_new(b);
    Resp *r = http_get(v, "/");
    ASSERT_STATUS(r, 200);
    ASSERT_BODY_HAS(r, "ICP备案：网站上线前的必经手续");
    ASSERT_BODY_HAS(r, "href=\"/register\"");
    ASSERT_BODY_HAS(r, "待短信核验");
    client_free(v);

    STEP("a customer registers in English and is approved: the mail says so, in English");
    Client *staff = flow_staff(b, "reviewer1");
    Client *c = client_new(b);
    http_get(c, "/lang/en");
    flow_customer(b, c, staff, "notify1");
    char *m = mail_wait_one(b, "notify1@example.com", "ICP filing: your account is approved");
    has(m, "notify1 is approved");
    char want[200];
    snprintf(want, sizeof want, "Next step: %s/login\n", b->base);
    has(m, want);
    free(m);

    STEP("the customer files and submits: a mail to the customer and to each reviewer");
    long long id =
        flow_first_filing(c, "{" PERSON_SUBJECT "}", SITE_SAME, "张三的个人博客", "notify-e2e.cn");
    ASSERT_STATUS(api_submit(c, id, "", 0), 200);
    char link[200];
    snprintf(link, sizeof link, "%s/portal/applications/%lld\n", b->base, id);
    m = mail_wait_one(b, "notify1@example.com", "submitted");
    has(m, "Awaiting provider verification");
    has(m, link);
    free(m);
    char staff_link[200];
    snprintf(staff_link, sizeof staff_link, "%s/staff/applications/%lld\n", b->base, id);
    m = mail_wait_one(b, "reviewer1@staff.beian.test", "新的备案申请待审核");
    has(m, staff_link);
    free(m);
    free(mail_wait_one(b, "reviewer2@staff.beian.test", "新的备案申请待审核"));

    STEP("the reviewer returns it: the mail names the field, the reason, the suggestion");
    r = review_post(staff, id, "return",
                    "{\"field\":[\"site_name\"],\"reason\":[\"网站名称与内容不符\"],"
                    "\"suggestion\":[\"请改为能反映网站内容的名称\"]}");
    ASSERT_STATUS(r, 200);
    m = mail_wait_one(b, "notify1@example.com", "returned by the provider");
    has(m, "Site name：网站名称与内容不符 (suggestion: 请改为能反映网站内容的名称)");
    has(m, link);
    free(m);

    STEP("the inbox has the same messages, the newest first, and the top bar counts them");
    r = http_get(c, "/api/v1/inbox");
    ASSERT_STATUS(r, 200);
    assert_int_equal(jint(r->json, "unread"), 3);
    assert_string_equal(jstr(r->json, "notices.0.kind"), "provider_returned");
    assert_string_equal(jstr(r->json, "notices.1.kind"), "submitted");
    assert_string_equal(jstr(r->json, "notices.2.kind"), "account_approved");
    char path[100];
    snprintf(path, sizeof path, "/portal/applications/%lld", id);
    assert_string_equal(jstr(r->json, "notices.0.link"), path);
    long long newest = jint(r->json, "notices.0.id"), oldest = jint(r->json, "notices.2.id");
    r = http_get(c, "/inbox");
    ASSERT_STATUS(r, 200);
    ASSERT_BODY_HAS(r, "data-unread=\"3\"");
    ASSERT_BODY_HAS(r, "Application");

    STEP("the application page shows the road and what to do now");
    r = http_get(c, path);
    ASSERT_STATUS(r, 200);
    ASSERT_BODY_HAS(r, "data-stage-mark=\"stopped\"");
    ASSERT_BODY_HAS(r, "Fix each item as the reasons below say");
    ASSERT_BODY_HAS(r, "data-unread=\"3\""); /* counted in the page's own transaction */

    STEP("reading a message opens its page and marks it read; paging by id");
    snprintf(path, sizeof path, "/inbox/%lld/read", newest);
    r = http_post_form(c, path, "");
    ASSERT_STATUS(r, 303);
    r = http_get(c, "/api/v1/inbox?limit=1&unread=1");
    assert_int_equal(jint(r->json, "unread"), 2);
    assert_true(jint(r->json, "next_before") > 0);
    r = http_get(c, "/portal");
    ASSERT_STATUS(r, 200);
    ASSERT_BODY_HAS(r, "data-unread=\"2\"");
    r = http_get(staff, "/api/v1/inbox");
    char staff_unread[40];
    snprintf(staff_unread, sizeof staff_unread, "data-unread=\"%lld\"", jint(r->json, "unread"));
    r = http_get(staff, "/staff/queue");
    ASSERT_STATUS(r, 200);
    ASSERT_BODY_HAS(r, staff_unread);
    r = http_get(staff, "/staff");
    ASSERT_BODY_HAS(r, staff_unread);
    snprintf(path, sizeof path, "/api/v1/inbox?before=%lld", oldest);
    r = http_get(c, path);
    assert_int_equal(json_array_size(jpath(r->json, "notices")), 0);

    STEP("another account's message is not found; read-all empties the count");
    r = http_post_json(staff, "/api/v1/inbox/1/read", "{}");
    ASSERT_STATUS(r, 404);
    r = http_post_json(c, "/api/v1/inbox/read-all", "{}");
    ASSERT_STATUS(r, 200);
    assert_int_equal(jint(r->json, "unread"), 0);

    STEP("the server stops cleanly");
    client_free(c);
    client_free(staff);
    assert_int_equal(beian_stop(b), 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        E2E_CASE(test_notify_filing_life),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
