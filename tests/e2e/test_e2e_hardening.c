/*
** End to end: hardening of issue 12 item 5 and issue 13's bounded hashing.
** Registrations are throttled per address; a registration with an e-mail
** that has an account is answered exactly like a new one and its owner is
** mailed; with the hashing queue full, logins are answered 503 at once
** instead of waiting without bound.
*/
#include <dirent.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "../fixtures/uploads/fixtures.h"
#include "filing_data.h"
#include "flows.h"

static char *registration(const char *login, const char *email, int n) {
    static char body[1024];
    snprintf(body, sizeof body,
             "{\"account_type\":\"individual\",\"login\":\"%s\",\"display_name\":\"测试客户\","
             "\"email\":\"%s\",\"mobile\":\"1390000%04d\",\"password\":\"" CUSTOMER_PASSWORD
             "\",\"password2\":\"" CUSTOMER_PASSWORD "\",\"agree\":true}",
             login, email, n);
    return body;
}

static int mails_in(const char *dir) {
    DIR *d = opendir(dir);
    int n = 0;
    for (struct dirent *e; d && (e = readdir(d));)
        n += strstr(e->d_name, ".eml") != NULL;
    if (d) closedir(d);
    return n;
}

/* The decoded body of the one .eml in dir addressed to `to`, waiting up to 10 s. */
static char *mail_to(const char *dir, const char *to) {
    for (int i = 0; i < 1000; i++) {
        DIR *d = opendir(dir);
        for (struct dirent *e; d && (e = readdir(d));) {
            if (!strstr(e->d_name, ".eml")) continue;
            char path[1024];
            snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
            FILE *f = fopen(path, "r");
            char *text = calloc(1, 65536);
            text[fread(text, 1, 65535, f)] = 0;
            fclose(f);
            if (!strstr(text, to)) {
                free(text);
                continue;
            }
            closedir(d);
            const char *p = strstr(text, "\r\n\r\n");
            assert_non_null(p);
            char *b64 = strdup(p + 4), *w = b64;
            for (const char *q = p + 4; *q; q++)
                if (*q != '\r' && *q != '\n') *w++ = *q;
            *w = 0;
            char *out = calloc(1, strlen(b64) + 1);
            size_t len = 0;
            assert_int_equal(sodium_base642bin((unsigned char *)out, strlen(b64), b64, strlen(b64),
                                               NULL, &len, NULL, sodium_base64_VARIANT_ORIGINAL),
                             0);
            out[len] = 0;
            free(b64);
            free(text);
            return out;
        }
        if (d) closedir(d);
        e2e_sleep_ms(10);
    }
    E2E_FAIL("no mail to %s in %s", to, dir);
}

E2E_TEST(test_registration) {
    STEP("a server that takes 3 registrations an hour from one address");
    static const char *const env[] = {"BEIAN_REGISTER_PER_ADDRESS=3", NULL};
    Beian *b = beian_start_env(true, env);
    Client *c = client_new(b);
    Client *staff = flow_staff(b, "reviewer1");
    char maildir[300];
    snprintf(maildir, sizeof maildir, "%s/mail", b->dir);

    STEP("a new e-mail: 201, pending");
    Resp *r = http_post_json(c, "/api/v1/accounts", registration("alice", "alice@example.com", 1));
    ASSERT_STATUS(r, 201);
    char *first = json_dumps(r->json, JSON_SORT_KEYS);
    assert_null(jpath(r->json, "id"));

    STEP("the same e-mail again: the same answer, no account, a mail to the owner");
    int before = mails_in(maildir);
    r = http_post_json(c, "/api/v1/accounts", registration("mallory", "alice@example.com", 2));
    ASSERT_STATUS(r, 201);
    char *second = json_dumps(r->json, JSON_SORT_KEYS);
    /* alike but for the login typed */
    char *at = strstr(second, "mallory");
    assert_non_null(at);
    memcpy(at, "alice", 5), memmove(at + 5, at + 7, strlen(at + 7) + 1);
    assert_string_equal(first, second);
    free(first);
    free(second);
    char *mail = mail_to(maildir, "alice@example.com");
    assert_non_null(strstr(mail, "已经注册过账户"));
    assert_non_null(strstr(mail, "alice"));
    assert_non_null(strstr(mail, "/recover"));
    free(mail);
    assert_true(mails_in(maildir) > before);
    r = http_get(staff, "/api/v1/accounts?status=pending");
    ASSERT_BODY_HAS(r, "\"alice\"");
    ASSERT_BODY_LACKS(r, "mallory");
    Client *adm = flow_staff(b, "admin1");
    r = http_get(adm, "/api/v1/audit?action=account.register_known_email");
    assert_int_equal(json_array_size(jpath(r->json, "entries")), 1);

    STEP("a taken login name is still said (login names are not private)");
    r = http_post_json(c, "/api/v1/accounts", registration("alice", "other@example.com", 3));
    ASSERT_STATUS(r, 400);
    assert_string_equal(json_field_error(r, "login"), "login_taken");

    STEP("the fourth from this address within the hour: 429, nothing made");
    r = http_post_json(c, "/api/v1/accounts", registration("carol", "carol@example.com", 4));
    ASSERT_STATUS(r, 429);
    r = http_get(staff, "/api/v1/accounts?status=pending");
    ASSERT_BODY_LACKS(r, "carol");
    http_get(c, "/register");
    r = http_post_form(c, "/register",
                       "account_type=individual&login=dave&display_name=%E6%9D%8E%E5%9B%9B"
                       "&email=d%40example.com&mobile=13812345679&password=Dave-Pass-2026"
                       "&password2=Dave-Pass-2026&agree=1");
    ASSERT_STATUS(r, 429);
    ASSERT_BODY_HAS(r, "尝试次数过多");
    client_free(adm);
    client_free(staff);
    client_free(c);
    assert_int_equal(beian_stop(b), 0);
}

typedef struct Login {
    Beian *b;
    long status;
    char code[64];
} Login;

static void *login_once(void *arg) {
    Login *l = arg;
    Client *c = client_new(l->b);
    Resp *r = http_post_json(c, "/api/v1/session",
                             "{\"login\":\"reviewer1\",\"password\":\"wrong-password-1\"}");
    l->status = r->status;
    const char *code = r->json ? jstr(r->json, "error.code") : NULL;
    snprintf(l->code, sizeof l->code, "%s", code ? code : "");
    client_free(c);
    return NULL;
}

/* A server started with env takes 24 wrong logins at once: each is either
** checked (401/403) or answered 503 busy; some of each; then a login is
** checked again. */
static void login_burst(const char *const *env, const char *why) {
    Beian *b = beian_start_env(true, env);
    STEP("24 logins at once: %s", why);
    enum { N = 24 };
    Login l[N];
    pthread_t t[N];
    for (int i = 0; i < N; i++) {
        l[i] = (Login){.b = b};
        pthread_create(&t[i], NULL, login_once, &l[i]);
    }
    int refused = 0, busy = 0;
    for (int i = 0; i < N; i++) {
        pthread_join(t[i], NULL);
        if (l[i].status == 401 || l[i].status == 403) refused++;
        if (l[i].status == 503) {
            busy++;
            assert_string_equal(l[i].code, "busy");
        }
    }
    fprintf(stderr, "%d logins: %d checked and refused, %d busy\n", N, refused, busy);
    assert_int_equal(refused + busy, N);
    assert_true(busy > 0);
    assert_true(refused >= 1);
    STEP("afterwards a login is checked again");
    Client *c = flow_staff(b, "reviewer1");
    client_free(c);
    assert_int_equal(beian_stop(b), 0);
}

E2E_TEST(test_hash_queue_bounded) {
    STEP("a server with one hashing thread and room for two waiting hashes");
    static const char *const env[] = {"BEIAN_HASH_THREADS=1", "BEIAN_HASH_QUEUE_MAX=2",
                                      "BEIAN_LOGIN_MAX_FAILURES=1000", NULL};
    login_burst(env, "those that do not fit are answered 503 busy at once");
}

E2E_TEST(test_hash_wait_bounded) {
    STEP("a server with one hashing thread, room for 100 waiting hashes, 200 ms of waiting");
    static const char *const env[] = {"BEIAN_HASH_THREADS=1", "BEIAN_HASH_QUEUE_MAX=100",
                                      "BEIAN_HASH_WAIT_MAX_MS=200", "BEIAN_LOGIN_MAX_FAILURES=1000",
                                      NULL};
    /* The third waits two hashes: more than 200 ms. */
    login_burst(env, "the queue has room; those that waited too long are answered 503 busy");
}

E2E_TEST(test_upload_quota) {
    Arena a;
    arena_init(&a);
    FxBytes one = fx_jpeg(&a, 800, 600), two = fx_jpeg(&a, 801, 600);
    STEP("a server whose customers may keep %zu bytes of scans (one and a half files)",
         one.n * 3 / 2);
    char quota[64];
    snprintf(quota, sizeof quota, "BEIAN_UPLOAD_QUOTA_KB=%zu", (one.n * 3 / 2) / 1024);
    const char *const env[] = {quota, NULL};
    Beian *b = beian_start_env(true, env);
    Client *staff = flow_staff(b, "reviewer1");
    Client *c = flow_new_customer(b, staff, "quota1");
    long long id = flow_first_filing(c, "{" ORG_SUBJECT "}", SITE_OTHER_PRINCIPAL,
                                     "示例科技官方网站", "example-quota.cn");
    char path[128];
    snprintf(path, sizeof path, "/api/v1/applications/%lld/files", id);
    const char *fields[] = {"slot", "licence_copy", "side", "", NULL};
    STEP("a PNG declaring 6300 x 6300 pixels is refused before it is decoded");
    FxBytes big = fx_png_header_only(&a, 6300, 6300);
    Resp *r = http_post_file(c, path, "file", "big.png", big.p, big.n, fields);
    ASSERT_STATUS(r, 400);
    assert_string_equal(json_field_error(r, "file"), "upload_dimensions");
    STEP("the first scan fits; the second does not, and says why");
    r = http_post_file(c, path, "file", "a.jpg", one.p, one.n, fields);
    ASSERT_STATUS(r, 201);
    long long first = jint(r->json, "file.id");
    r = http_post_file(c, path, "file", "b.jpg", two.p, two.n, fields);
    ASSERT_STATUS(r, 400);
    assert_string_equal(json_field_error(r, "file"), "upload_quota");
    STEP("deleting the first makes room");
    char del[160];
    snprintf(del, sizeof del, "%s/%lld/delete", path, first);
    ASSERT_STATUS(http_post_json(c, del, "{}"), 200);
    ASSERT_STATUS(http_post_file(c, path, "file", "b.jpg", two.p, two.n, fields), 201);
    client_free(c);
    client_free(staff);
    assert_int_equal(beian_stop(b), 0);
    arena_free(&a);
}

E2E_TEST(test_failed_login_keeps_nothing_typed) {
    STEP("logins typed with an ID number and a password in the login field fail");
    Beian *b = beian_start(true);
    Client *c = client_new(b);
    const char *typed[] = {"110101199003077777", "Secret-Pass-2026"};
    for (int i = 0; i < 2; i++) {
        char body[200];
        snprintf(body, sizeof body, "{\"login\":\"%s\",\"password\":\"x-1234567890\"}", typed[i]);
        ASSERT_STATUS(http_post_json(c, "/api/v1/session", body), 401);
    }
    STEP("neither the audit log nor the throttle holds what was typed");
    for (int i = 0; i < 2; i++) {
        char like[64];
        snprintf(like, sizeof like, "%%%s%%", typed[i]);
        assert_int_equal(beian_count(b,
                                     "SELECT count(*) FROM login_throttle WHERE lower(key) "
                                     "LIKE lower(?)",
                                     like),
                         0);
        assert_int_equal(beian_count(b,
                                     "SELECT count(*) FROM audit_log WHERE coalesce(detail, '') "
                                     "|| coalesce(actor_login, '') LIKE ?",
                                     like),
                         0);
    }
    assert_true(beian_count(b, "SELECT count(*) FROM audit_log WHERE action = ?", "login.failed") >=
                2);
    client_free(c);
    assert_int_equal(beian_stop(b), 0);
}

E2E_TEST(test_recover_per_target) {
    STEP("five recovery requests for one e-mail: the same answer each time");
    Beian *b = beian_start(true);
    Client *c = client_new(b);
    for (int i = 0; i < 5; i++) {
        Resp *r = http_post_json(c, "/api/v1/recover",
                                 "{\"icp_number\":\"京ICP备12345678号\","
                                 "\"email\":\"Victim@example.com\"}");
        ASSERT_STATUS(r, 202);
    }
    STEP("only three are recorded for the mail sender; the others are audited and dropped");
    assert_int_equal(beian_count(b, "SELECT count(*) FROM audit_log WHERE action = ?",
                                 "account.recover_target_limited"),
                     2);
    /* the request never stores the address in clear */
    assert_int_equal(beian_count(b,
                                 "SELECT count(*) FROM recover_requests WHERE email_sealed "
                                 "LIKE ?",
                                 "%example%"),
                     0);
    client_free(c);
    assert_int_equal(beian_stop(b), 0);
}

E2E_TEST(test_audit_fail_closed) {
    STEP("a customer uploads a scan");
    Beian *b = beian_start(true);
    Client *staff = flow_staff(b, "reviewer1");
    Client *c = flow_new_customer(b, staff, "closed1");
    long long id = flow_first_filing(c, "{" ORG_SUBJECT "}", SITE_OTHER_PRINCIPAL,
                                     "示例科技官方网站", "example-closed.cn");
    Arena a;
    arena_init(&a);
    FxBytes scan = fx_jpeg(&a, 640, 480);
    char path[128];
    snprintf(path, sizeof path, "/api/v1/applications/%lld/files", id);
    const char *fields[] = {"slot", "licence_copy", "side", "", NULL};
    Resp *r = http_post_file(c, path, "file", "a.jpg", scan.p, scan.n, fields);
    ASSERT_STATUS(r, 201);
    long long fid = jint(r->json, "file.id");
    STEP("the audit log cannot be written (as with a full disk): reads of scans are refused");
    if (b->pg_name[0]) {
        beian_sql(b, "CREATE FUNCTION audit_fail() RETURNS trigger LANGUAGE plpgsql AS "
                     "'BEGIN RAISE EXCEPTION ''disk full''; END'");
        beian_sql(b, "CREATE TRIGGER audit_fail BEFORE INSERT ON audit_log FOR EACH ROW "
                     "EXECUTE FUNCTION audit_fail()");
    } else {
        beian_sql(b, "CREATE TRIGGER audit_fail BEFORE INSERT ON audit_log BEGIN "
                     "SELECT RAISE(ABORT, 'disk full'); END");
    }
    char file[160];
    snprintf(file, sizeof file, "%s/%lld", path, fid);
    r = http_get(c, file);
    ASSERT_STATUS(r, 503);
    assert_string_equal(jstr(r->json, "error.code"), "audit_unavailable");
    snprintf(file, sizeof file, "/portal/applications/%lld/files/%lld", id, fid);
    r = http_get(c, file);
    ASSERT_STATUS(r, 503);
    ASSERT_BODY_HAS(r, "暂时无法记录审计日志");
    ASSERT_BODY_LACKS(r, "\xff\xd8");
    STEP("once it can be written again, the scan is read (and audited)");
    beian_sql(b,
              b->pg_name[0] ? "DROP TRIGGER audit_fail ON audit_log" : "DROP TRIGGER audit_fail");
    if (b->pg_name[0]) beian_sql(b, "DROP FUNCTION audit_fail()");
    r = http_get(c, file);
    ASSERT_STATUS(r, 200);
    client_free(c);
    client_free(staff);
    arena_free(&a);
    assert_int_equal(beian_stop(b), 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        E2E_CASE(test_registration),
        E2E_CASE(test_hash_queue_bounded),
        E2E_CASE(test_hash_wait_bounded),
        E2E_CASE(test_upload_quota),
        E2E_CASE(test_failed_login_keeps_nothing_typed),
        E2E_CASE(test_recover_per_target),
        E2E_CASE(test_audit_fail_closed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
