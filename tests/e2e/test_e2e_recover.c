/*
** End to end: recovering a lost login (seed §5) with the ICP number and the
** subject principal's e-mail; the mail goes out through the outbox, to a
** directory (no relay) and to a real SMTP server (Debian's aiosmtpd).
*/
#include <dirent.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <sodium.h>

#include "filing_data.h"
#include "flows.h"

/* A customer with a filed subject; returns its subject number. */
static char *filed_subject(Beian *b, Client *staff, Client *c, const char *login) {
    flow_customer(b, c, staff, login);
    flow_filed(b, c, "{" ORG_SUBJECT "}", SITE_SAME, "示例科技官方网站", "example-rec.cn");
    json_t *ov = api_overview(c);
    char *number = strdup(jstr(ov, "subject.subject_number"));
    json_decref(ov);
    return number;
}

static const char *token_of(const char *body) {
    const char *p = strstr(body, "/recover/");
    assert_non_null(p);
    static char tok[128];
    p += 9;
    size_t n = strcspn(p, "\n\r ");
    snprintf(tok, sizeof tok, "%.*s", (int)n, p);
    return tok;
}

E2E_TEST(test_recover_by_number_and_email) {
    STEP("a customer whose subject is filed");
    Beian *b = beian_start(true);
    Client *staff = flow_staff(b, "reviewer1");
    Client *c = client_new(b);
    char *number = filed_subject(b, staff, c, "lost1");
    char body[512];

    STEP("a wrong e-mail gets the same answer, and no mail");
    Client *x = client_new(b);
    http_get(x, "/recover");
    /* A wrong e-mail: the same answer, and no mail. */
    snprintf(body, sizeof body, "icp_number=%s&email=someone%%40example.com", number);
    Resp *r = http_post_form(x, "/recover", body);
    ASSERT_STATUS(r, 200);
    ASSERT_BODY_HAS(r, "登录名和重置密码的链接已发送");
    e2e_sleep_ms(1500);
    /* (The folder holds the notifications of the filing, to the account.) */
    int files = 0;
    mail_free(mail_find(b, "someone@example.com", NULL, &files));
    assert_int_equal(files, 0);
    STEP("the principal's e-mail (in another case) and the site number: a mail with the login and "
         "a link");
    snprintf(body, sizeof body, "{\"icp_number\":\"%s-1\",\"email\":\"ZhangSan@Example.com\"}",
             number);
    r = http_post_json(x, "/api/v1/recover", body);
    ASSERT_STATUS(r, 202);
    char *text = mail_wait_one(b, "zhangsan@example.com", "您的登录信息");
    assert_non_null(strstr(text, "登录名：lost1"));
    STEP("a new password through the link (the two must match)");
    char path[256];
    snprintf(path, sizeof path, "/recover/%s", token_of(text));
    r = http_get(x, path);
    ASSERT_STATUS(r, 200);
    r = http_post_form(x, path, "new_password=New-Pass-2026x&new_password2=other");
    ASSERT_STATUS(r, 400);
    r = http_post_form(x, path, "new_password=New-Pass-2026x&new_password2=New-Pass-2026x");
    ASSERT_STATUS(r, 303);
    STEP("the new password logs in; the link is used up; the old session ended");
    Client *y = client_new(b);
    ASSERT_STATUS(flow_login(y, "lost1", "New-Pass-2026x"), 303);
    client_free(y);
    r = http_get(x, path); /* used once */
    ASSERT_STATUS(r, 404);
    r = http_get(c, "/api/v1/me"); /* the old session ended */
    ASSERT_STATUS(r, 401);
    STEP("the server stops cleanly");
    free(text);
    free(number);
    client_free(x);
    client_free(c);
    client_free(staff);
    assert_int_equal(beian_stop(b), 0);
}

/* The same through a real SMTP relay: Debian's aiosmtpd, which prints what
** it receives. */
E2E_TEST(test_mail_through_smtp) {
    STEP("a local SMTP server (aiosmtpd) and a server that relays to it");
    if (access("/usr/bin/python3", X_OK) != 0 ||
        system("/usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null") != 0) {
        print_message("python3-aiosmtpd is not installed; skipped\n");
        skip();
    }
    int port = 20000 + (int)(getpid() % 20000);
    char out[] = "/tmp/beian-smtp-XXXXXX";
    int fd = mkstemp(out);
    pid_t smtp = fork();
    if (smtp == 0) {
        prctl(PR_SET_PDEATHSIG, SIGTERM);
        dup2(fd, 1);
        char listen[32];
        snprintf(listen, sizeof listen, "127.0.0.1:%d", port);
        execl("/usr/bin/python3", "python3", "-u", "-m", "aiosmtpd", "-n", "-l", listen,
              (char *)NULL);
        _exit(127);
    }
    e2e_sleep_ms(800);
    char url[64];
    snprintf(url, sizeof url, "BEIAN_SMTP_URL=smtp://127.0.0.1:%d", port);
    const char *env[] = {url, NULL};
    Beian *b = beian_start_env(true, env);
    Client *staff = flow_staff(b, "reviewer1");
    Client *c = client_new(b);
    char *number = filed_subject(b, staff, c, "lost2");
    STEP("a recovery request: the relay receives the mail");
    char body[256];
    snprintf(body, sizeof body, "{\"icp_number\":\"%s\",\"email\":\"zhangsan@example.com\"}",
             number);
    Client *x = client_new(b);
    ASSERT_STATUS(http_post_json(x, "/api/v1/recover", body), 202);
    client_free(x);
    bool got = false;
    for (int i = 0; i < 500 && !got; i++) {
        char buf[65536] = "";
        FILE *f = fopen(out, "r");
        size_t k = f ? fread(buf, 1, sizeof buf - 1, f) : 0;
        if (f) fclose(f);
        buf[k] = 0;
        got = strstr(buf, "zhangsan@example.com") != NULL;
        e2e_sleep_ms(20);
    }
    STEP("the relay and the server stop");
    kill(smtp, SIGTERM);
    waitpid(smtp, NULL, 0);
    close(fd);
    unlink(out);
    free(number);
    client_free(c);
    client_free(staff);
    assert_int_equal(beian_stop(b), 0);
    assert_true(got);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        E2E_CASE(test_recover_by_number_and_email),
        E2E_CASE(test_mail_through_smtp),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
