/*
** End to end: notifications through a real SMTP server (issue 10). A small
** aiosmtpd server (smtp_sink.py, Debian's python3-aiosmtpd) on a free
** 127.0.0.1 port writes every message it accepts to a folder; Beian relays
** to it (smtp_url) and tries a failed message again after 1 s
** (mail_retry_s, doubled at each failure).
**
**   - the messages of a filing's life that the flows reach (account
**     approved in English, rejected in Chinese with its reason, submitted,
**     new application to each reviewer, returned with the field's reason,
**     resubmitted to the reviewer who returned it, passed, sent, SMS
**     verified, approved with the numbers) each arrive once, to the right
**     recipient (envelope and header), in the account's language, with an
**     RFC 2047 UTF-8 subject on lines of at most 76 characters and the
**     link of the next step;
**   - the mail server down: the events of that time are failed on the
**     admin mail page (the server's reply, the tries, the next try, the
**     recipient masked), and once it is up again on the same port each
**     arrives exactly once;
**   - a resend from the admin mail page arrives once more and is audited;
**     a password-reset mail cannot be resent; bad filters are refused
**     naming the field.
*/
#include <arpa/inet.h>
#include <dirent.h>
#include <libgen.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "filing_data.h"
#include "flows.h"

#define PYTHON "/usr/bin/python3"

/* The SMTP server: its folder is <dir>/mail, so that mail_find (flows.h)
** reads it through a Beian whose dir is dir. */
typedef struct Sink {
    Beian box;
    int port;
    pid_t pid;
    char script[512];
} Sink;

static void has(const char *text, const char *part) {
    if (!strstr(text, part)) E2E_FAIL("\"%s\" not in:\n%s", part, text);
}

static int free_port(void) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof sa;
    if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof sa) != 0 ||
        getsockname(fd, (struct sockaddr *)&sa, &len) != 0)
        E2E_FAIL("no free port");
    close(fd);
    return ntohs(sa.sin_port);
}

static bool port_open(int port) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET,
                             .sin_port = htons((uint16_t)port),
                             .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    bool ok = fd >= 0 && connect(fd, (struct sockaddr *)&sa, sizeof sa) == 0;
    if (fd >= 0) close(fd);
    return ok;
}

static void sink_start(Sink *s) {
    pid_t pid = fork();
    if (pid == 0) {
        prctl(PR_SET_PDEATHSIG, SIGTERM);
        char port[16], folder[400];
        snprintf(port, sizeof port, "%d", s->port);
        snprintf(folder, sizeof folder, "%s/mail", s->box.dir);
        execl(PYTHON, "python3", "-u", s->script, port, folder, (char *)NULL);
        _exit(127);
    }
    s->pid = pid;
    for (int i = 0; i < 500 && !port_open(s->port); i++)
        e2e_sleep_ms(20);
    if (!port_open(s->port)) E2E_FAIL("the SMTP server did not start on port %d", s->port);
}

static void sink_stop(Sink *s) {
    if (s->pid <= 0) return;
    kill(s->pid, SIGTERM);
    waitpid(s->pid, NULL, 0);
    s->pid = 0;
}

static void sink_init(Sink *s) {
    *s = (Sink){0};
    snprintf(s->box.dir, sizeof s->box.dir, "/tmp/beian-smtp-XXXXXX");
    if (!mkdtemp(s->box.dir)) E2E_FAIL("mkdtemp");
    char here[512];
    snprintf(here, sizeof here, "%s", __FILE__);
    snprintf(s->script, sizeof s->script, "%s/smtp_sink.py", dirname(here));
    s->port = free_port();
}

/* Every message the server received: the envelope's recipient is the To
** header's; the subject is RFC 2047 UTF-8 words; no header line is longer
** than 76 characters; the body is UTF-8 text in base64. Returns how many. */
static int check_raw(Sink *s) {
    char dir[400];
    snprintf(dir, sizeof dir, "%s/mail", s->box.dir);
    DIR *d = opendir(dir);
    int n = 0;
    for (struct dirent *e; d && (e = readdir(d));) {
        if (e->d_name[0] == '.' || !strstr(e->d_name, ".eml")) continue;
        char path[700], *eml = calloc(1, 65536);
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        FILE *f = fopen(path, "r");
        size_t k = f ? fread(eml, 1, 65535, f) : 0;
        if (f) fclose(f);
        char *end = strstr(eml, "\r\n\r\n");
        if (!k || !end) E2E_FAIL("%s: no headers", path);
        *end = 0;
        const char *env = strstr(eml, "X-Envelope-To: "), *to = strstr(eml, "\r\nTo: ");
        if (!env || !to) E2E_FAIL("%s: no recipient", path);
        size_t elen = strcspn(env + 15, "\r"), tlen = strcspn(to + 6, "\r");
        if (elen != tlen || strncmp(env + 15, to + 6, elen))
            E2E_FAIL("%s: envelope %.*s, header %.*s", path, (int)elen, env + 15, (int)tlen,
                     to + 6);
        has(eml, "\r\nSubject: =?UTF-8?B?");
        has(eml, "\r\nContent-Type: text/plain; charset=UTF-8\r\n");
        has(eml, "\r\nContent-Transfer-Encoding: base64");
        for (char *line = eml; line && *line;) {
            char *nl = strstr(line, "\r\n");
            size_t len = nl ? (size_t)(nl - line) : strlen(line);
            if (len > 76) E2E_FAIL("%s: a header line of %zu characters", path, len);
            line = nl ? nl + 2 : NULL;
        }
        free(eml);
        n++;
    }
    if (d) closedir(d);
    return n;
}

/* The one message to `to` holding text, waiting for it (mail_wait_one). */
static char *got(Sink *s, const char *to, const char *text) {
    return mail_wait_one(&s->box, to, text);
}

/* The one message arrived (its text not needed). */
static void arrived(Sink *s, const char *to, const char *text) {
    free(got(s, to, text));
}

static void got_with(Sink *s, const char *to, const char *text, const char *part) {
    char *m = got(s, to, text);
    has(m, part);
    free(m);
}

/* Exactly n messages to `to` holding text. */
static void count_is(Sink *s, const char *to, const char *text, int want) {
    int n = 0;
    mail_free(mail_find(&s->box, to, text, &n));
    if (n != want) E2E_FAIL("%d messages to %s with \"%s\", want %d", n, to, text, want);
}

static const char *fmt(const char *f, ...) __attribute__((format(printf, 1, 2)));
static const char *fmt(const char *f, ...) {
    static char bufs[8][512];
    static int i;
    char *b = bufs[i++ % 8];
    va_list ap;
    va_start(ap, f);
    vsnprintf(b, 512, f, ap);
    va_end(ap);
    return b;
}

static void need_aiosmtpd(void) {
    if (access(PYTHON, X_OK) != 0 || system(PYTHON " -c 'import aiosmtpd' 2>/dev/null") != 0) {
        print_message("python3-aiosmtpd is not installed (tools/install-deps.sh); skipped\n");
        skip();
    }
}

/* Register login (Chinese unless the client chose English), pending. */
static void register_only(Client *c, const char *login) {
    char body[1024];
    snprintf(body, sizeof body,
             "{\"account_type\":\"individual\",\"login\":\"%s\",\"display_name\":\"测试客户\","
             "\"email\":\"%s@example.com\",\"mobile\":\"13755550%03d\",\"password\":\"%s\","
             "\"password2\":\"%s\",\"agree\":true}",
             login, login, (int)(strlen(login) * 7 % 1000), CUSTOMER_PASSWORD, CUSTOMER_PASSWORD);
    ASSERT_STATUS(http_post_json(c, "/api/v1/accounts", body), 201);
}

/* The admin's view of the newest message to `to` whose subject holds text. */
static json_t *admin_mail(Client *admin, const char *to, const char *text) {
    Resp *r = http_get(admin, fmt("/api/v1/admin/mail?to=%s", to));
    ASSERT_STATUS(r, 200);
    json_t *list = jpath(r->json, "messages");
    for (size_t i = 0; i < json_array_size(list); i++) {
        json_t *m = json_array_get(list, i);
        if (strstr(jstr(m, "subject"), text)) return json_incref(m);
    }
    E2E_FAIL("no message to %s with \"%s\" on the admin mail page", to, text);
    return NULL;
}

E2E_TEST(test_smtp_filing_life) {
    STEP("an SMTP server (aiosmtpd) on a free port; Beian relays to it, retrying after 1 s");
    need_aiosmtpd();
    Sink *s = calloc(1, sizeof *s);
    sink_init(s);
    sink_start(s);
    char url[64];
    snprintf(url, sizeof url, "BEIAN_SMTP_URL=smtp://127.0.0.1:%d", s->port);
    const char *env[] = {url, "BEIAN_MAIL_RETRY_S=1", NULL};
    Beian *b = beian_start_env(true, env);
    Client *staff = flow_staff(b, "reviewer1");
    Client *admin = flow_staff(b, "admin1");

    STEP("an account that chose English is approved: the mail is in English, to its address");
    Client *c = client_new(b);
    http_get(c, "/lang/en");
    flow_customer(b, c, staff, "smtp1");
    got_with(s, "smtp1@example.com", "ICP filing: your account is approved",
             fmt("Next step: %s/login\n", b->base));

    STEP("a Chinese account is rejected with a reason: the mail says it, in Chinese");
    Client *c2 = client_new(b);
    register_only(c2, "smtp2");
    Resp *r =
        http_post_json(staff, fmt("/api/v1/accounts/%lld/reject", flow_account_id(staff, "smtp2")),
                       "{\"reason\":\"证件照片不清晰，请重新注册\"}");
    ASSERT_STATUS(r, 200);
    char *m = got(s, "smtp2@example.com", "ICP备案系统：您的账户未通过审核");
    has(m, "证件照片不清晰，请重新注册");
    has(m, fmt("%s/register\n", b->base));
    free(m);

    STEP("the English customer submits: once to the customer, once to each reviewer");
    long long id =
        flow_first_filing(c, "{" PERSON_SUBJECT "}", SITE_SAME, "王芳的个人博客", "smtp-e2e.cn");
    ASSERT_STATUS(api_submit(c, id, "", 0), 200);
    json_t *app = api_application(c, id);
    char number[64];
    snprintf(number, sizeof number, "%s", jstr(app, "number"));
    json_decref(app);
    if (!*number) E2E_FAIL("the application has no number");
    char cust_link[200], staff_link[200];
    snprintf(cust_link, sizeof cust_link, "%s/portal/applications/%lld\n", b->base, id);
    snprintf(staff_link, sizeof staff_link, "%s/staff/applications/%lld\n", b->base, id);
    got_with(s, "smtp1@example.com", fmt("Application %s submitted", number), cust_link);
    got_with(s, "reviewer1@staff.beian.test", fmt("新的备案申请待审核：%s", number), staff_link);
    got_with(s, "reviewer2@staff.beian.test", fmt("新的备案申请待审核：%s", number), staff_link);

    STEP("returned with the field's reason and suggestion");
    ASSERT_STATUS(review_post(staff, id, "claim", "{}"), 200);
    r = review_post(staff, id, "return",
                    "{\"field\":[\"site_name\"],\"reason\":[\"网站名称与内容不符\"],"
                    "\"suggestion\":[\"请改为能反映网站内容的名称\"]}");
    ASSERT_STATUS(r, 200);
    m = got(s, "smtp1@example.com", fmt("Application %s returned by the provider", number));
    has(m, "网站名称与内容不符");
    has(m, "请改为能反映网站内容的名称");
    has(m, cust_link);
    free(m);

    STEP("resubmitted: to the customer, and to the reviewer who returned it only");
    char body[2048];
    snprintf(body, sizeof body, SITE_SAME, "王芳的摄影作品集", "smtp-e2e.cn", "smtp-e2e.cn");
    api_step_ok(c, id, "site", body);
    ASSERT_STATUS(api_submit(c, id, "已修改网站名称", 0), 200);
    got_with(s, "smtp1@example.com", fmt("Application %s resubmitted", number), cust_link);
    got_with(s, "reviewer1@staff.beian.test", fmt("退回的申请已重新提交：%s", number), staff_link);

    STEP("passed, sent, SMS verified, approved: each once, the approval with the numbers");
    flow_review_pass(staff, id);
    got_with(s, "smtp1@example.com", fmt("Application %s passed the provider's review", number),
             cust_link);
    flow_decide(b, id, "send", "system");
    got_with(s, "smtp1@example.com", fmt("Application %s sent to the administration", number),
             cust_link);
    flow_decide(b, id, "sms_passed", "system");
    got_with(s, "smtp1@example.com", fmt("Application %s: SMS verification done", number),
             cust_link);
    flow_decide(b, id, "regulator_approve", "system");
    m = got(s, "smtp1@example.com", fmt("Filing approved: %s", number));
    has(m, "ICP备26");
    has(m, "beian.miit.gov.cn");
    free(m);
    count_is(s, "reviewer2@staff.beian.test", NULL, 1); /* the resubmission went to reviewer1 */
    int before_outage = check_raw(s);
    assert_int_equal(before_outage, 12);

    STEP("the mail server goes down; an account is approved and files meanwhile");
    sink_stop(s);
    Client *c3 = client_new(b);
    flow_customer(b, c3, staff, "smtp3");
    long long id3 =
        flow_first_filing(c3, "{" ORG_SUBJECT "}", SITE_SAME, "示例科技官网", "smtp-e2e3.cn");
    ASSERT_STATUS(api_submit(c3, id3, "", 0), 200);
    app = api_application(c3, id3);
    char number3[64];
    snprintf(number3, sizeof number3, "%s", jstr(app, "number"));
    json_decref(app);

    STEP("the admin mail page shows them failed: the server's reply, tries, next try");
    json_t *failed = NULL;
    for (int i = 0; i < 500; i++) {
        failed = admin_mail(admin, "smtp3@example.com", number3);
        if (!strcmp(jstr(failed, "state"), "failed")) break;
        json_decref(failed);
        failed = NULL;
        e2e_sleep_ms(20);
    }
    if (!failed) E2E_FAIL("the message to smtp3 never failed");
    assert_true(jint(failed, "attempts") >= 1);
    assert_true(strlen(jstr(failed, "last_error")) > 0);
    assert_true(jint(failed, "next_attempt_at") > 0);
    assert_string_equal(jstr(failed, "to"), "sm***@example.com"); /* masked in the list */
    long long failed_id = jint(failed, "id");
    json_decref(failed);
    r = http_get(admin, "/admin/mail?state=failed");
    ASSERT_STATUS(r, 200);
    ASSERT_BODY_HAS(r, fmt("data-mail=\"%lld\" data-state=\"failed\"", failed_id));
    ASSERT_BODY_HAS(r, "发送失败，等待重试");
    ASSERT_BODY_HAS(r, "sm***@example.com");
    ASSERT_BODY_LACKS(r, "smtp3@example.com");
    e2e_sleep_ms(1500); /* a retry fails too: the tries count */
    json_t *again = admin_mail(admin, "smtp3@example.com", number3);
    assert_true(jint(again, "attempts") >= 2);
    json_decref(again);

    STEP("a resend of a message not yet sent makes it due now; it still comes once");
    r = http_post_json(admin, fmt("/api/v1/admin/mail/%lld/resend", failed_id), "{}");
    ASSERT_STATUS(r, 200);
    assert_true(json_is_null(jpath(r->json, "copy_id")));
    assert_string_equal(jstr(r->json, "mail.state"), "failed");

    STEP("the mail server comes back on the same port: each message arrives exactly once");
    sink_start(s);
    arrived(s, "smtp3@example.com", "ICP备案系统：您的账户已通过审核");
    arrived(s, "smtp3@example.com", fmt("备案申请 %s 已提交", number3));
    arrived(s, "reviewer1@staff.beian.test", fmt("新的备案申请待审核：%s", number3));
    arrived(s, "reviewer2@staff.beian.test", fmt("新的备案申请待审核：%s", number3));
    e2e_sleep_ms(2500); /* longer than a retry: nothing comes twice */
    count_is(s, "smtp3@example.com", NULL, 2);
    count_is(s, "reviewer1@staff.beian.test", number3, 1);
    count_is(s, "reviewer2@staff.beian.test", number3, 1);
    assert_int_equal(check_raw(s), before_outage + 4);
    json_t *sent = admin_mail(admin, "smtp3@example.com", number3);
    assert_string_equal(jstr(sent, "state"), "sent");
    assert_true(jint(sent, "attempts") >= 2);
    json_decref(sent);

    STEP("the admin opens a message: the full address and text, audited");
    json_t *approved = admin_mail(admin, "smtp1@example.com", "Filing approved");
    long long mid = jint(approved, "id");
    json_decref(approved);
    r = http_get(admin, fmt("/api/v1/admin/mail/%lld", mid));
    ASSERT_STATUS(r, 200);
    assert_string_equal(jstr(r->json, "mail.to"), "smtp1@example.com");
    has(jstr(r->json, "mail.body"), "beian.miit.gov.cn");
    /* Its links as they were sent, not the outbox's placeholder. */
    has(jstr(r->json, "mail.body"), "/portal/applications/");
    assert_null(strstr(jstr(r->json, "mail.body"), "{origin}"));
    r = http_get(admin, "/api/v1/audit?action=mail.view");
    assert_int_equal(jint(r->json, "entries.0.object_id"), mid);

    STEP("a resend from the page arrives once more, and is audited");
    r = http_get(admin, fmt("/admin/mail/%lld", mid));
    ASSERT_STATUS(r, 200);
    ASSERT_BODY_HAS(r, fmt("action=\"/admin/mail/%lld/resend\"", mid));
    ASSERT_BODY_LACKS(r, "{origin}");
    r = http_post_form(admin, fmt("/admin/mail/%lld/resend", mid), "");
    ASSERT_STATUS(r, 303);
    for (int i = 0; i < 500; i++) {
        int n = 0;
        mail_free(mail_find(&s->box, "smtp1@example.com", "Filing approved", &n));
        if (n >= 2) break;
        e2e_sleep_ms(20);
    }
    e2e_sleep_ms(1500);
    count_is(s, "smtp1@example.com", fmt("Filing approved: %s", number), 2);
    r = http_get(admin, "/api/v1/audit?action=mail.resend");
    assert_int_equal(jint(r->json, "entries.0.object_id"), mid);
    assert_string_equal(jstr(r->json, "entries.0.actor_login"), "admin1");

    STEP("through the API too: a copy, audited");
    r = http_post_json(admin, fmt("/api/v1/admin/mail/%lld/resend", mid), "{}");
    ASSERT_STATUS(r, 200);
    assert_true(jint(r->json, "copy_id") > mid);
    for (int i = 0; i < 500; i++) {
        int n = 0;
        mail_free(mail_find(&s->box, "smtp1@example.com", "Filing approved", &n));
        if (n >= 3) break;
        e2e_sleep_ms(20);
    }
    count_is(s, "smtp1@example.com", fmt("Filing approved: %s", number), 3);

    STEP("a password-reset mail is not shown to the admin and cannot be resent");
    Client *x = client_new(b);
    ASSERT_STATUS(http_post_json(x, "/api/v1/forgot", "{\"name\":\"smtp1\"}"), 202);
    client_free(x);
    arrived(s, "smtp1@example.com", "ICP filing: set a new password");
    json_t *reset = NULL;
    for (int i = 0; i < 500; i++) {
        reset = admin_mail(admin, "smtp1@example.com", "set a new password");
        if (!strcmp(jstr(reset, "state"), "sent")) break;
        json_decref(reset);
        reset = NULL;
        e2e_sleep_ms(20);
    }
    if (!reset) E2E_FAIL("the reset mail is not sent on the admin page");
    long long rid = jint(reset, "id");
    json_decref(reset);
    r = http_get(admin, fmt("/api/v1/admin/mail/%lld", rid));
    ASSERT_STATUS(r, 200);
    assert_true(json_is_null(jpath(r->json, "mail.body")));
    assert_true(json_is_true(jpath(r->json, "mail.secret")));
    r = http_post_json(admin, fmt("/api/v1/admin/mail/%lld/resend", rid), "{}");
    ASSERT_STATUS(r, 409);
    ASSERT_BODY_HAS(r, "mail_not_kept");

    STEP("bad filters are refused naming the field; an unknown message is not found");
    r = http_get(admin, "/api/v1/admin/mail?state=lost");
    ASSERT_STATUS(r, 400);
    json_field_error(r, "state");
    r = http_get(admin, "/api/v1/admin/mail?to=not-an-address");
    ASSERT_STATUS(r, 400);
    json_field_error(r, "to");
    r = http_get(admin, "/api/v1/admin/mail?to=@");
    ASSERT_STATUS(r, 400);
    json_field_error(r, "to");
    STEP("a domain in any case finds its addresses' messages");
    r = http_get(admin, "/api/v1/admin/mail?to=@Example.COM");
    ASSERT_STATUS(r, 200);
    assert_true(json_array_size(jpath(r->json, "messages")) > 0);
    r = http_get(admin, "/admin/mail?state=lost");
    ASSERT_STATUS(r, 400);
    r = http_post_json(admin, "/api/v1/admin/mail/99999999/resend", "{}");
    ASSERT_STATUS(r, 404);
    r = http_get(admin, "/api/v1/audit?action=mail.resend");
    assert_int_equal(json_array_size(jpath(r->json, "entries")), 3); /* the refusals wrote none */

    STEP("the end");
    client_free(c);
    client_free(c2);
    client_free(c3);
    client_free(staff);
    client_free(admin);
    assert_int_equal(beian_stop(b), 0);
    sink_stop(s);
    free(s);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        E2E_CASE(test_smtp_filing_life),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
