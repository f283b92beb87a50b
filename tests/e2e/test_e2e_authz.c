/*
** End to end: authorisation, route by route. The test walks the WHOLE route
** table (web_routes, the table the server itself runs), so a route added
** later is covered without touching this file, and for every route and
** every kind of visitor the route must not admit it checks the refusal:
**
**   anonymous     401 (API routes and POSTs) or a redirect to /login (page GETs)
**   logged in     403 "forbidden" (never a CSRF refusal: every POST carries a
**                 valid token, proved by a control request first)
**
** Which visitors a route admits is what the table says, narrowed by the
** policy of its area (the table below: /staff and /api/v1/staff are staff
** only, /admin is admins only, /portal and /api/v1/applications customers
** only...). A route whose roles are loosened in the table is thus still
** expected to refuse, and the server's answer shows it.
**
** Then a customer asks for another customer's objects through every route
** under /portal and /api/v1/applications with :id or :fid, and must get 404
** (never 403, never 200); the owner asking the same GETs gets 200 (so the
** 404 is about ownership), and the owner's objects are unchanged after.
**
** The test fails once, listing every route that answered wrongly.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../fixtures/uploads/fixtures.h"
#include "core/buf.h"
#include "filing_data.h"
#include "flows.h"
#include "web/web.h"

#define ADMIN ROLE_BIT_ADMIN
#define STAFF ROLES_STAFF
#define CUST  ROLE_BIT_CUSTOMER
#define USER  ROLES_USER

/* The most an area of the site may admit, whatever the table says. A
** prefix matches its path and the paths below it; one ending in "/" only
** the paths below. First match wins; a path matching none is held to the
** table alone. */
static const struct {
    unsigned methods;
    const char *prefix;
    unsigned roles;
} area_policy[] = {
    {HTTP_GET | HTTP_POST, "/admin", ADMIN},
    {HTTP_GET | HTTP_POST, "/api/v1/admin", ADMIN},
    {HTTP_GET, "/api/v1/audit", ADMIN},
    {HTTP_GET | HTTP_POST, "/staff", STAFF},
    {HTTP_GET | HTTP_POST, "/api/v1/staff", STAFF},
    {HTTP_GET, "/api/v1/accounts", STAFF},
    {HTTP_POST, "/api/v1/accounts/", STAFF},
    {HTTP_GET | HTTP_POST, "/portal", CUST},
    {HTTP_GET | HTTP_POST, "/api/v1/applications", CUST},
    {HTTP_GET, "/api/v1/overview", CUST},
    {HTTP_GET | HTTP_POST, "/account", USER},
    {HTTP_GET | HTTP_POST, "/api/v1/me", USER},
    {HTTP_POST, "/logout", USER},
    {HTTP_POST, "/api/v1/session/logout", USER},
};

static Beian *srv;
static Client *anon, *cust_a, *cust_b, *rev, *admin;
static long long app_a, app_b, file_a, file_b, account_b;
static Arena scan_arena;
static FxBytes scan; /* a JPEG that passes every upload check: only the route may refuse it */

/* ---- setup ---------------------------------------------------------------- */

/* Upload the scan into the customer's application; returns the file's id. */
static long long upload(Client *c, long long app) {
    char path[96];
    snprintf(path, sizeof path, "/api/v1/applications/%lld/files", app);
    const char *fields[] = {"slot", "domain_certificate", NULL};
    Resp *r = http_post_file(c, path, "file", "scan.jpg", scan.p, scan.n, fields);
    ASSERT_STATUS(r, 201);
    return jint(r->json, "file.id");
}

/* A POST every principal may make, that fails validation only once its
** CSRF token passed: proves the client's token is good. */
static void csrf_control(Client *c, const char *who) {
    Resp *r = http_post_json(c, "/api/v1/recover", "{}");
    if (r->status != 400 || strcmp(jstr(r->json, "error.code"), "invalid_input") != 0)
        E2E_FAIL("the CSRF control of %s answered %ld %s", who, r->status, r->body);
}

static int setup(void **state) {
    (void)state;
    STEP("a server; a reviewer, an admin and two customers with an application each, "
         "a scan uploaded into each");
    arena_init(&scan_arena);
    scan = fx_jpeg(&scan_arena, 1200, 900);
    srv = beian_start(true);
    rev = flow_staff(srv, "reviewer1");
    admin = flow_staff(srv, "admin1");
    cust_a = flow_new_customer(srv, rev, "authza");
    cust_b = flow_new_customer(srv, rev, "authzb");
    app_a = flow_first_filing(cust_a, "{" ORG_SUBJECT "}", SITE_SAME, "示例科技官方网站",
                              "example-authz-a.cn");
    app_b = flow_first_filing(cust_b, "{" PERSON_SUBJECT "}", SITE_SAME, "王芳的读书笔记",
                              "example-authz-b.cn");
    file_a = upload(cust_a, app_a);
    file_b = upload(cust_b, app_b);
    Resp *r = http_get(cust_b, "/api/v1/me");
    ASSERT_STATUS(r, 200);
    account_b = jint(r->json, "account.id");
    assert_true(account_b > 0);
    STEP("every client holds a CSRF token the server takes");
    anon = client_new(srv);
    http_get(anon, "/api/v1/csrf");
    csrf_control(anon, "an anonymous visitor");
    csrf_control(cust_a, "customer A");
    csrf_control(rev, "reviewer1");
    csrf_control(admin, "admin1");
    return 0;
}

static int teardown(void **state) {
    (void)state;
    client_free(anon);
    client_free(cust_a);
    client_free(cust_b);
    client_free(rev);
    client_free(admin);
    arena_free(&scan_arena);
    return beian_stop(srv) == 0 ? 0 : -1;
}

/* ---- routes ---------------------------------------------------------------- */

/* Does the area prefix cover path? */
static bool covers(const char *prefix, const char *path) {
    size_t n = strlen(prefix);
    if (strncmp(path, prefix, n) != 0) return false;
    if (prefix[n - 1] == '/') return path[n] != 0;
    return path[n] == 0 || path[n] == '/';
}

/* The roles route may admit for method: the table's, narrowed by its area. */
static unsigned allowed_roles(const Route *rt, unsigned method) {
    for (size_t i = 0; i < sizeof area_policy / sizeof area_policy[0]; i++)
        if ((area_policy[i].methods & method) && covers(area_policy[i].prefix, rt->pattern))
            return rt->roles & area_policy[i].roles;
    return rt->roles;
}

/* The ids a request's path parameters take. */
typedef struct Ids {
    long long app, file;
} Ids;

/* The path of a route's pattern with real values for its parameters:
** applications and files of ids, B's account for account routes, a step, a
** form, a text kind that exist. A parameter this test does not know gets
** "1" (the router decides roles before any handler reads it). */
static void fill_path(const char *pattern, Ids ids, char *out, size_t cap) {
    Buf b;
    buf_init(&b, NULL);
    bool accounts = strstr(pattern, "/accounts/") != NULL;
    for (const char *p = pattern; *p;) {
        if (*p == '*') {
            buf_puts(&b, "app.css");
            p++;
            continue;
        }
        if (*p != ':') {
            buf_putc(&b, *p++);
            continue;
        }
        const char *name = ++p;
        while (*p && *p != '/')
            p++;
        size_t n = (size_t)(p - name);
        if (n == 2 && !strncmp(name, "id", 2))
            buf_printf(&b, "%lld", accounts ? account_b : ids.app);
        else if (n == 3 && !strncmp(name, "fid", 3))
            buf_printf(&b, "%lld", ids.file);
        else if (n == 4 && !strncmp(name, "step", 4))
            buf_puts(&b, "access");
        else if (n == 4 && !strncmp(name, "form", 4))
            buf_puts(&b, "verification");
        else if (n == 4 && !strncmp(name, "kind", 4))
            buf_puts(&b, "agreement");
        else if (n == 4 && !strncmp(name, "code", 4))
            buf_puts(&b, "en");
        else
            buf_puts(&b, "1");
    }
    snprintf(out, cap, "%s", b.data);
    buf_free(&b);
}

/* Does the route answer in JSON (its errors included)? */
static bool is_api(const Route *rt) {
    return (rt->flags & RF_API) || strncmp(rt->pattern, "/api/", 5) == 0;
}

/* Send one request of the route as client c: a GET, or a POST with a body
** the route would take from its owner (a valid step, a note; a whole scan
** when full, else a few bytes: a refusal comes before the body is read, and
** the server closes the connection on a large unread body). */
static Resp *send_route(Client *c, const Route *rt, unsigned method, const char *path, bool full) {
    if (method == HTTP_GET) return http_get(c, path);
    bool step = strstr(rt->pattern, "/steps/") != NULL;
    if (rt->flags & RF_UPLOAD) {
        const char *fields[] = {"slot", "domain_certificate", NULL};
        return http_post_file(c, path, "file", "scan.jpg", scan.p, full ? scan.n : 16, fields);
    }
    if (is_api(rt)) return http_post_json(c, path, step ? ACCESS : "{}");
    return http_post_form(c, path,
                          step ? "access_ips=203.119.10.8&access_method=virtual_host" : "");
}

/* ---- checking answers ------------------------------------------------------- */

/* What the walk saw. */
typedef struct Report {
    Buf wrong; /* one line per wrong answer */
    int checks, failures;
} Report;

/* Record a wrong answer: what was asked, by whom, what came, what was due. */
static void wrong(Report *rep, unsigned method, const char *path, const char *who, Resp *r,
                  const char *want) {
    const char *code = r->json ? jstr(r->json, "error.code") : "";
    rep->failures++;
    buf_printf(&rep->wrong, "  %s %s as %s: %ld%s%s%s%.120s, want %s\n",
               method == HTTP_GET ? "GET" : "POST", path, who, r->status, *code ? " " : "", code,
               r->location[0] ? " to " : "", r->location, want);
}

/* An anonymous visitor must be sent to log in. */
static void expect_login(Report *rep, const Route *rt, unsigned method, const char *path, Resp *r) {
    rep->checks++;
    if (is_api(rt) || method == HTTP_POST) {
        bool ok = r->status == 401 &&
                  (!is_api(rt) || !strcmp(jstr(r->json, "error.code"), "login_required"));
        if (!ok) wrong(rep, method, path, "anonymous", r, "401 login_required");
        return;
    }
    if (r->status != 303 || strncmp(r->location, "/login?next=", 12) != 0)
        wrong(rep, method, path, "anonymous", r, "303 to /login?next=...");
}

/* A logged-in visitor must be refused for its role, not for anything else. */
static void expect_forbidden(Report *rep, const Route *rt, unsigned method, const char *path,
                             const char *who, Resp *r) {
    rep->checks++;
    bool ok = r->status == 403;
    if (ok && is_api(rt)) ok = !strcmp(jstr(r->json, "error.code"), "forbidden");
    if (ok && !is_api(rt)) ok = strstr(r->body, "没有权限执行此操作") != NULL;
    if (!ok) wrong(rep, method, path, who, r, "403 forbidden");
}

/* Every route and method against every visitor it must not admit. */
static void walk_refusals(Report *rep) {
    struct {
        Client *c;
        unsigned role;
        const char *name;
    } who[] = {{anon, ROLE_BIT_ANON, "anonymous"},
               {cust_a, ROLE_BIT_CUSTOMER, "customer"},
               {rev, ROLE_BIT_REVIEWER, "reviewer"},
               {admin, ROLE_BIT_ADMIN, "admin"}};
    Ids ids = {.app = app_b, .file = file_b};
    for (size_t i = 0; i < web_nroutes; i++) {
        const Route *rt = &web_routes[i];
        char path[512];
        fill_path(rt->pattern, ids, path, sizeof path);
        for (unsigned m = HTTP_GET; m <= HTTP_POST; m <<= 1) {
            if (!(rt->methods & m)) continue;
            unsigned roles = allowed_roles(rt, m);
            for (size_t k = 0; k < sizeof who / sizeof who[0]; k++) {
                if (roles & who[k].role) continue;
                Resp *r = send_route(who[k].c, rt, m, path, false);
                if (who[k].role == ROLE_BIT_ANON)
                    expect_login(rep, rt, m, path, r);
                else
                    expect_forbidden(rep, rt, m, path, who[k].name, r);
            }
        }
    }
}

/* A customer's object route: under the portal or the applications API,
** naming an application or a file. */
static bool customer_object_route(const Route *rt) {
    bool area = covers("/portal", rt->pattern) || covers("/api/v1/applications", rt->pattern);
    return area && (strstr(rt->pattern, ":id") || strstr(rt->pattern, ":fid"));
}

/* Customer A asks through route rt (method m) for objects of ids that are
** not all A's: 404. For a GET, the control: owner asks the same route for
** its own objects (own_ids) and gets 200, so the 404 is about ownership. */
static void check_foreign(Report *rep, const Route *rt, unsigned m, Ids ids, const char *what,
                          Client *owner, Ids own_ids) {
    char path[512];
    fill_path(rt->pattern, ids, path, sizeof path);
    Resp *r = send_route(cust_a, rt, m, path, true);
    rep->checks++;
    if (r->status != 404) wrong(rep, m, path, what, r, "404");
    if (m != HTTP_GET) return;
    fill_path(rt->pattern, own_ids, path, sizeof path);
    r = send_route(owner, rt, m, path, true);
    rep->checks++;
    /* A GET that only redirects (an upload URL refreshed) sends its owner
    ** to the page the path lies under. */
    bool up =
        r->status == 303 && *r->location && strncmp(path, r->location, strlen(r->location)) == 0;
    if (r->status != 200 && !up) wrong(rep, m, path, "the owner (control)", r, "200");
}

/* Every customer object route, GETs first (before any POST could change
** B's objects): B's application and file; A's own application with B's
** file. */
static void walk_foreign(Report *rep) {
    Ids b = {.app = app_b, .file = file_b}, a = {.app = app_a, .file = file_a};
    for (unsigned m = HTTP_GET; m <= HTTP_POST; m <<= 1)
        for (size_t i = 0; i < web_nroutes; i++) {
            const Route *rt = &web_routes[i];
            if (!(rt->methods & m) || !customer_object_route(rt)) continue;
            check_foreign(rep, rt, m, b, "customer A (B's objects)", cust_b, b);
            if (strstr(rt->pattern, ":fid"))
                check_foreign(rep, rt, m, (Ids){.app = app_a, .file = file_b},
                              "customer A (own application, B's file)", cust_a, a);
        }
}

/* ---- the test ---------------------------------------------------------------- */

E2E_TEST(test_every_route_refuses_who_it_must) {
    Report rep = {0};
    buf_init(&rep.wrong, NULL);
    STEP("every route refuses anonymous visitors, customers, reviewers and admins it does "
         "not admit (%zu routes)",
         web_nroutes);
    walk_refusals(&rep);
    STEP("customer A gets 404 for every object of customer B");
    walk_foreign(&rep);
    STEP("B's application and scan are as they were");
    json_t *app = api_application(cust_b, app_b);
    assert_string_equal(jstr(app, "state"), "draft");
    json_decref(app);
    char path[96];
    snprintf(path, sizeof path, "/api/v1/applications/%lld/files/%lld", app_b, file_b);
    ASSERT_STATUS(http_get(cust_b, path), 200);
    fprintf(stderr, "authz: %d checks over %zu routes, %d wrong\n%s", rep.checks, web_nroutes,
            rep.failures, rep.wrong.data ? rep.wrong.data : "");
    if (rep.failures) E2E_FAIL("%d route answers were wrong (listed above)", rep.failures);
    buf_free(&rep.wrong);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        E2E_CASE(test_every_route_refuses_who_it_must),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
