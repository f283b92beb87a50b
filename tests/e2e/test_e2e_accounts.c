/*
** End to end: accounts. Register -> pending login refused -> approve ->
** login -> logout, and the bad cases the router and the field spec must
** refuse without changing anything.
*/
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "flows.h"

static Beian *srv;

static int setup(void **state) {
    (void)state;
    STEP("the server starts with its staff accounts");
    srv = beian_start(true);
    return 0;
}

static int teardown(void **state) {
    (void)state;
    int code = beian_stop(srv);
    if (code != 0) fprintf(stderr, "beian serve exited with %d after SIGTERM\n", code);
    return code == 0 ? 0 : -1;
}

/* The number of customer accounts whose login is `login` (via the staff API). */
static int count_accounts(Client *staff, const char *login) {
    Resp *r = http_get(staff, "/api/v1/accounts?status=");
    ASSERT_STATUS(r, 200);
    json_t *list = json_object_get(r->json, "accounts");
    size_t i;
    json_t *a;
    int n = 0;
    json_array_foreach(list, i, a) {
        if (!strcmp(json_string_value(json_object_get(a, "login")), login)) n++;
    }
    return n;
}

E2E_TEST(test_register_approve_login_logout) {
    STEP("a visitor opens the login page");
    Client *c = client_new(srv);
    Resp *r = http_get(c, "/login");
    ASSERT_STATUS(r, 200);
    ASSERT_BODY_HAS(r, "登录备案系统");
    ASSERT_BODY_HAS(r, "name=\"csrf\"");

    STEP("the visitor registers through the page form");
    r = http_get(c, "/register");
    ASSERT_STATUS(r, 200);
    r = http_post_form(c, "/register",
                       "account_type=individual&login=alice&display_name=%E5%BC%A0%E4%B8%89"
                       "&email=alice%40example.com&mobile=13812345678"
                       "&password=Alice-Pass-2026&password2=Alice-Pass-2026&agree=1");
    ASSERT_STATUS(r, 303);
    assert_string_equal(r->location, "/register/done");

    STEP("pending: the right password is refused, and the page says why");
    r = flow_login(c, "alice", "Alice-Pass-2026");
    ASSERT_STATUS(r, 403);
    ASSERT_BODY_HAS(r, "等待审核");
    r = http_get(c, "/portal");
    ASSERT_STATUS(r, 303);

    STEP("a reviewer approves it on the approval page");
    Client *rev = flow_staff(srv, "reviewer1");
    r = http_get(rev, "/staff/accounts");
    ASSERT_STATUS(r, 200);
    ASSERT_BODY_HAS(r, "alice");
    ASSERT_BODY_HAS(r, "138****5678");   /* masked */
    ASSERT_BODY_LACKS(r, "13812345678"); /* never in clear */
    r = http_get(rev, "/api/v1/accounts?status=pending");
    char path[128];
    snprintf(path, sizeof path, "/staff/accounts/%lld/approve", jint(r->json, "accounts.0.id"));
    r = http_get(rev, "/staff/accounts");
    r = http_post_form(rev, path, "");
    ASSERT_STATUS(r, 303);

    STEP("the customer logs in, sees the portal, and logs out");
    r = flow_login(c, "alice", "Alice-Pass-2026");
    ASSERT_STATUS(r, 303);
    assert_string_equal(r->location, "/portal");
    r = http_get(c, "/portal");
    ASSERT_STATUS(r, 200);
    ASSERT_BODY_HAS(r, "张三");
    r = http_post_form(c, "/logout", "");
    ASSERT_STATUS(r, 303);
    r = http_get(c, "/portal");
    ASSERT_STATUS(r, 303);
    assert_true(strstr(r->location, "/login") != NULL);

    STEP("the audit log has the whole story");
    Client *adm = flow_staff(srv, "admin1");
    r = http_get(adm, "/api/v1/audit");
    ASSERT_STATUS(r, 200);
    ASSERT_BODY_HAS(r, "account.register");
    ASSERT_BODY_HAS(r, "login.refused");
    ASSERT_BODY_HAS(r, "account.approve");
    ASSERT_BODY_HAS(r, "\"logout\"");
    client_free(adm);
    client_free(rev);
    client_free(c);
}

E2E_TEST(test_reject_shows_reason) {
    STEP("an organisation registers through the API");
    Client *c = client_new(srv);
    Resp *r = http_post_json(c, "/api/v1/accounts",
                             "{\"account_type\":\"organisation\",\"login\":\"bob\","
                             "\"display_name\":\"某某科技有限公司\",\"email\":\"bob@example.com\","
                             "\"mobile\":\"13812340000\",\"password\":\"Bob-Pass-20261\","
                             "\"password2\":\"Bob-Pass-20261\",\"agree\":true}");
    ASSERT_STATUS(r, 201);
    STEP("a rejection without a reason is refused");
    Client *rev = flow_staff(srv, "reviewer1");
    long long id = flow_account_id(rev, "bob");
    char path[128];
    snprintf(path, sizeof path, "/api/v1/accounts/%lld/reject", id);
    r = http_post_json(rev, path, "{}");
    ASSERT_STATUS(r, 400); /* a rejection needs a reason */
    assert_string_equal(json_field_error(r, "reason"), "field_required");
    STEP("the reviewer rejects it with a reason, once");
    r = http_post_json(rev, path, "{\"reason\":\"单位名称与营业执照不符\"}");
    ASSERT_STATUS(r, 200);
    r = http_post_json(rev, path, "{\"reason\":\"again\"}");
    ASSERT_STATUS(r, 409); /* decided already */
    STEP("the rejected customer cannot log in and is told why");
    r = http_post_json(c, "/api/v1/session", "{\"login\":\"bob\",\"password\":\"Bob-Pass-20261\"}");
    ASSERT_STATUS(r, 403);
    ASSERT_BODY_HAS(r, "account_rejected");
    r = flow_login(c, "bob", "Bob-Pass-20261");
    ASSERT_STATUS(r, 403);
    ASSERT_BODY_HAS(r, "单位名称与营业执照不符");
    client_free(rev);
    client_free(c);
}

E2E_TEST(test_csrf_and_origin) {
    STEP("a form without the CSRF token or with a wrong one is refused");
    Client *c = client_new(srv);
    Client *rev = flow_staff(srv, "reviewer1");
    const char *form = "account_type=individual&login=mallory&display_name=%E6%9D%8E%E5%9B%9B"
                       "&email=m%40example.com&mobile=13812345679&password=Mallory-2026x"
                       "&password2=Mallory-2026x&agree=1";
    http_get(c, "/register");
    Resp *r = http_post_form_no_csrf(c, "/register", form);
    ASSERT_STATUS(r, 403);
    char bad[1024];
    snprintf(bad, sizeof bad, "%s&csrf=not-the-token", form);
    r = http_post_form_no_csrf(c, "/register", bad);
    ASSERT_STATUS(r, 403);
    STEP("a cross-site form with the right (stolen) token is refused by Origin");
    client_header(c, "Origin: http://evil.example");
    r = http_post_form(c, "/register", form);
    ASSERT_STATUS(r, 403);
    client_header(c, NULL);
    STEP("the API needs the header token too, and nothing changed");
    r = http_post_json_no_csrf(c, "/api/v1/accounts", "{}");
    ASSERT_STATUS(r, 403);
    ASSERT_BODY_HAS(r, "\"csrf\"");
    assert_int_equal(count_accounts(rev, "mallory"), 0); /* nothing changed */
    STEP("staff actions without a token are refused too");
    r = http_post_json_no_csrf(rev, "/api/v1/accounts/1/approve", "{}");
    ASSERT_STATUS(r, 403);
    client_free(rev);
    client_free(c);
}

E2E_TEST(test_roles) {
    STEP("a customer is kept out of staff pages and the staff API");
    Client *staff = flow_staff(srv, "reviewer1");
    Client *c = flow_new_customer(srv, staff, "carol");
    Resp *r = http_get(c, "/staff/accounts");
    ASSERT_STATUS(r, 403);
    r = http_get(c, "/api/v1/accounts");
    ASSERT_STATUS(r, 403);
    ASSERT_BODY_HAS(r, "\"forbidden\"");
    r = http_post_json(c, "/api/v1/accounts/1/approve", "{}");
    ASSERT_STATUS(r, 403);
    STEP("a reviewer is not an admin");
    r = http_get(staff, "/admin/audit");
    ASSERT_STATUS(r, 403);
    STEP("anonymous: pages redirect to login, the API answers 401");
    Client *anon = client_new(srv);
    r = http_get(anon, "/staff/accounts");
    ASSERT_STATUS(r, 303);
    r = http_get(anon, "/api/v1/me");
    ASSERT_STATUS(r, 401);
    client_free(anon);
    client_free(c);
    client_free(staff);
}

E2E_TEST(test_wrong_password_and_throttling) {
    STEP("a wrong password and an unknown login get the same answer");
    Client *staff = flow_staff(srv, "reviewer1");
    Client *c = flow_new_customer(srv, staff, "dave");
    Client *x = client_new(srv);
    Resp *r = http_post_json(x, "/api/v1/session", "{\"login\":\"dave\",\"password\":\"wrong-1\"}");
    ASSERT_STATUS(r, 401);
    ASSERT_BODY_HAS(r, "login_failed");
    r = http_post_json(x, "/api/v1/session", "{\"login\":\"nobody\",\"password\":\"wrong-1\"}");
    ASSERT_STATUS(r, 401); /* the same answer for an unknown login */
    STEP("after five failures even the right password waits");
    for (int i = 0; i < 4; i++)
        http_post_json(x, "/api/v1/session", "{\"login\":\"dave\",\"password\":\"wrong-2\"}");
    char ok[256];
    snprintf(ok, sizeof ok, "{\"login\":\"dave\",\"password\":\"%s\"}", CUSTOMER_PASSWORD);
    r = http_post_json(x, "/api/v1/session", ok);
    ASSERT_STATUS(r, 429);
    ASSERT_BODY_HAS(r, "throttled");
    client_free(x);
    client_free(c);
    client_free(staff);
}

typedef struct Guess {
    Client *c;
    long status;
} Guess;

static void *guess_thread(void *arg) {
    Guess *g = arg;
    Resp *r = http_post_json(g->c, "/api/v1/session",
                             "{\"login\":\"erin\",\"password\":\"wrong-guess\"}");
    g->status = r->status;
    return NULL;
}

/* Parallel guesses are counted before the password is checked: a burst
** cannot test more passwords than the limit allows. */
E2E_TEST(test_parallel_guesses_are_throttled) {
    STEP("a server of its own (these failures count against 127.0.0.1 too)");
    Beian *own = beian_start(true);
    Client *staff = flow_staff(own, "reviewer1");
    Client *c = flow_new_customer(own, staff, "erin");
    STEP("16 wrong passwords at once: at most 5 are checked");
    enum { N = 16 };
    Guess g[N];
    pthread_t th[N];
    for (int i = 0; i < N; i++) {
        g[i].c = client_new(own);
        http_get(g[i].c, "/api/v1/csrf");
    }
    for (int i = 0; i < N; i++)
        pthread_create(&th[i], NULL, guess_thread, &g[i]);
    int checked = 0, throttled = 0;
    for (int i = 0; i < N; i++) {
        pthread_join(th[i], NULL);
        checked += g[i].status == 401;
        throttled += g[i].status == 429;
        client_free(g[i].c);
    }
    assert_true(checked <= 5);
    assert_int_equal(checked + throttled, N);
    STEP("the server stops cleanly");
    client_free(c);
    client_free(staff);
    assert_int_equal(beian_stop(own), 0);
}

E2E_TEST(test_bad_fields) {
    STEP("every bad field of a registration is named with its reason");
    Client *c = client_new(srv);
    Client *rev = flow_staff(srv, "reviewer1");
    Resp *r = http_post_json(
        c, "/api/v1/accounts",
        "{\"account_type\":\"individual\",\"login\":\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\","
        "\"display_name\":\"x\",\"email\":\"not-an-email\",\"mobile\":\"12345\","
        "\"password\":\"short\",\"password2\":\"other\",\"agree\":true,"
        "\"extra\":\"?\"}");
    ASSERT_STATUS(r, 400);
    assert_string_equal(json_field_error(r, "login"), "field_too_long");
    assert_string_equal(json_field_error(r, "display_name"), "field_too_short");
    assert_non_null(json_field_error(r, "email"));
    /* The mobile rule says what is expected, not just "too short". */
    assert_string_equal(json_field_error(r, "mobile"), "mobile");
    assert_string_equal(json_field_error(r, "password"), "password_weak");
    assert_string_equal(json_field_error(r, "extra"), "field_unknown");
    STEP("invalid UTF-8 in a form field");
    r = http_post_form(c, "/api/v1/accounts",
                       "account_type=individual&login=eve&display_name=%C3%28%C3%28"
                       "&email=eve%40example.com&mobile=13812345670&password=Eve-Pass-2026"
                       "&password2=Eve-Pass-2026&agree=1");
    ASSERT_STATUS(r, 400);
    assert_string_equal(json_field_error(r, "display_name"), "field_utf8");
    STEP("malformed JSON names the body, a wrong type names the field");
    r = http_post_json(c, "/api/v1/accounts", "{\"login\": ");
    ASSERT_STATUS(r, 400);
    assert_string_equal(json_field_error(r, "(body)"), "field_json");
    /* A wrong type names the field. */
    r = http_post_json(c, "/api/v1/session", "{\"login\": 5, \"password\": \"x\"}");
    ASSERT_STATUS(r, 400);
    assert_string_equal(json_field_error(r, "login"), "field_type");
    STEP("the page form keeps what was typed and shows the reason at the field");
    http_get(c, "/register");
    r = http_post_form(c, "/register",
                       "account_type=individual&login=frank&display_name=%E7%8E%8B%E4%BA%94"
                       "&email=frank%40example&mobile=13812345671&password=Frank-Pass-2026"
                       "&password2=Frank-Pass-2026&agree=1");
    ASSERT_STATUS(r, 400);
    ASSERT_BODY_HAS(r, "value=\"frank\"");
    ASSERT_BODY_HAS(r, "value=\"frank@example\"");
    ASSERT_BODY_HAS(r, "has-error");
    ASSERT_BODY_LACKS(r, "Frank-Pass-2026"); /* passwords are never echoed */
    assert_int_equal(count_accounts(rev, "eve"), 0);
    assert_int_equal(count_accounts(rev, "frank"), 0);
    STEP("an oversize body is refused before it is read");
    static char big[400 * 1024];
    memset(big, 'a', sizeof big - 1);
    r = http_post_raw(c, "/api/v1/accounts", "application/json", big, sizeof big - 1, true);
    ASSERT_STATUS(r, 413);
    client_free(rev);
    client_free(c);
}

E2E_TEST(test_password_change_and_session_id) {
    STEP("a customer logged in on two devices");
    Client *staff = flow_staff(srv, "reviewer1");
    Client *c = flow_new_customer(srv, staff, "grace");
    Client *other = client_new(srv);
    Resp *r = flow_login(other, "grace", CUSTOMER_PASSWORD);
    ASSERT_STATUS(r, 303);
    STEP("a password change with a wrong current password is refused");
    char body[256];
    snprintf(body, sizeof body,
             "{\"current_password\":\"wrong\",\"new_password\":\"Grace-New-2026\","
             "\"new_password2\":\"Grace-New-2026\"}");
    r = http_post_json(c, "/api/v1/me/password", body);
    ASSERT_STATUS(r, 400);
    assert_string_equal(json_field_error(r, "current_password"), "password_wrong");
    STEP("the password changes; the other device is logged out");
    snprintf(body, sizeof body,
             "{\"current_password\":\"%s\",\"new_password\":\"Grace-New-2026\","
             "\"new_password2\":\"Grace-New-2026\"}",
             CUSTOMER_PASSWORD);
    r = http_post_json(c, "/api/v1/me/password", body);
    ASSERT_STATUS(r, 200);
    r = http_get(other, "/api/v1/me"); /* the other device was logged out */
    ASSERT_STATUS(r, 401);
    r = http_get(c, "/api/v1/me");
    ASSERT_STATUS(r, 200);
    STEP("the old password no longer works, the new one does");
    Client *x = client_new(srv);
    r = flow_login(x, "grace", CUSTOMER_PASSWORD);
    ASSERT_STATUS(r, 401);
    r = flow_login(x, "grace", "Grace-New-2026");
    ASSERT_STATUS(r, 303);
    client_free(x);
    client_free(other);
    client_free(c);
    client_free(staff);
}

E2E_TEST(test_health_metrics_static) {
    STEP("health check, static files and metrics");
    Client *c = client_new(srv);
    Resp *r = http_get(c, "/healthz");
    ASSERT_STATUS(r, 200);
    ASSERT_BODY_HAS(r, "\"ok\"");
    r = http_get(c, "/static/css/app.css");
    ASSERT_STATUS(r, 200);
    assert_true(strstr(r->content_type, "text/css") != NULL);
    r = http_get(c, "/static/nope.css");
    ASSERT_STATUS(r, 404);
    r = http_get(c, "/metrics");
    ASSERT_STATUS(r, 200);
    ASSERT_BODY_HAS(r, "beian_http_requests_total{route=\"login\"");
    ASSERT_BODY_HAS(r, "beian_http_request_duration_seconds_bucket");
    STEP("an unknown page is 404; the language switch works");
    r = http_get(c, "/no/such/page");
    ASSERT_STATUS(r, 404);
    r = http_get(c, "/lang/en?next=/login");
    ASSERT_STATUS(r, 303);
    r = http_get(c, "/login");
    ASSERT_BODY_HAS(r, "Log in");
    client_free(c);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        E2E_CASE(test_register_approve_login_logout),
        E2E_CASE(test_reject_shows_reason),
        E2E_CASE(test_csrf_and_origin),
        E2E_CASE(test_roles),
        E2E_CASE(test_wrong_password_and_throttling),
        E2E_CASE(test_parallel_guesses_are_throttled),
        E2E_CASE(test_bad_fields),
        E2E_CASE(test_password_change_and_session_id),
        E2E_CASE(test_health_metrics_static),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
