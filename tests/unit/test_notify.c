/*
** Notifications beyond the model: the MIME form of every message (RFC 2047
** subjects in encoded words of at most 75 characters, UTF-8 bodies in
** base64, the link under the server's origin), and the timers run by two
** scheduler instances racing on one database (SQLite, and PostgreSQL when
** BEIAN_TEST_PG_URL is set): each job runs once, its messages are written
** once, and after a restart a job that is not due does not run again.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <pthread.h>
#include <sodium.h>

#include "app/scheduler.h"
#include "core/config.h"
#include "mail/mail.h"
#include "model/notify.h"
#include "model/outbox.h"
#include "model/schedule.h"
#include "model_fixture.h"

/* ---- MIME ------------------------------------------------------------- */

/* The unfolded value of header name in msg (arena copy), or NULL. */
static char *header_of(Arena *a, const char *msg, const char *name) {
    size_t n = strlen(name);
    for (const char *p = msg; p && *p && strncmp(p, "\r\n", 2); p = strstr(p, "\r\n") + 2) {
        if (strncmp(p, name, n) || p[n] != ':') continue;
        Buf b;
        buf_init(&b, a);
        const char *q = p + n + 1;
        for (;;) {
            const char *eol = strstr(q, "\r\n");
            buf_append(&b, q, (size_t)(eol - q));
            if (eol[2] != ' ' && eol[2] != '\t') break;
            q = eol + 2;
        }
        return b.data;
    }
    return NULL;
}

/* Decode a header of encoded words, checking each is at most 75 characters. */
static char *decode_words(Arena *a, const char *value) {
    Buf out;
    buf_init(&out, a);
    const char *p = value;
    while (*p) {
        while (*p == ' ')
            p++;
        if (!*p) break;
        assert_int_equal(strncmp(p, "=?UTF-8?B?", 10), 0);
        const char *end = strstr(p + 10, "?=");
        assert_non_null(end);
        assert_true(end + 2 - p <= 75);
        unsigned char bin[100];
        size_t len = 0;
        assert_int_equal(sodium_base642bin(bin, sizeof bin, p + 10, (size_t)(end - p - 10), NULL,
                                           &len, NULL, sodium_base64_VARIANT_ORIGINAL),
                         0);
        buf_append(&out, bin, len);
        p = end + 2;
    }
    return out.data ? out.data : "";
}

static char *decode_body(Arena *a, const char *msg) {
    const char *p = strstr(msg, "\r\n\r\n");
    assert_non_null(p);
    Buf out;
    buf_init(&out, a);
    for (p += 4; *p;) {
        const char *eol = strstr(p, "\r\n");
        assert_true(eol - p <= 76);
        unsigned char bin[64];
        size_t len = 0;
        assert_int_equal(sodium_base642bin(bin, sizeof bin, p, (size_t)(eol - p), NULL, &len, NULL,
                                           sodium_base64_VARIANT_ORIGINAL),
                         0);
        buf_append(&out, bin, len);
        p = eol + 2;
    }
    return out.data ? out.data : "";
}

/* Every kind, in both languages, with long facts: the subject's words are
** at most 75 characters, no header line is longer than 76 (RFC 2047), and both
** decode to what was written; the link carries the origin. */
static void test_mime_every_message(void **state) {
    (void)state;
    Arena a;
    arena_init(&a);
    NoticeReason reasons[] = {
        {"网站名称", "网站名称与网站内容不符，请改为能反映内容的名称", "某某的个人博客"}};
    for (int k = 1; k < NOTICE__COUNT; k++)
        for (int l = 0; l < 2; l++) {
            NoticeFacts f = {.lang = (Lang)l,
                             .login = "zhangsan",
                             .reason = "营业执照照片不清晰",
                             .app_number = "A2026-123456",
                             .app_kind = KIND_CHANGE_SITE,
                             .app_state = STATE_SMS_VERIFICATION,
                             .domain = "a-rather-long-domain-name-for-testing.example.com.cn",
                             .reasons = reasons,
                             .nreasons = 1,
                             .subject_number = "京ICP备2026123456号",
                             .site_number = "京ICP备2026123456号-3",
                             .deadline = "2026-12-05 10:00",
                             .days = 41,
                             .close_days = 45};
            const char *title, *body;
            assert_int_equal(notice_compose(&a, (NoticeKind)k, &f, &title, &body), 0);
            assert_non_null(title);
            assert_true(*body);
            const char *queued = arena_printf(&a, "%s\n%s%s/portal/applications/7\n", body,
                                              notice_link_label(f.lang), OUTBOX_ORIGIN);
            Buf msg;
            buf_init(&msg, &a);
            mail_format(&msg, "ICP备案系统 <noreply@beian.localhost>", "c@example.com", title,
                        mail_expand_origin(&a, queued, "https://beian.example.com"), 9);
            for (const char *p = msg.data; strncmp(p, "\r\n", 2); p = strstr(p, "\r\n") + 2)
                assert_true(strstr(p, "\r\n") - p <= 76);
            assert_string_equal(decode_words(&a, header_of(&a, msg.data, "Subject")), title);
            assert_non_null(strstr(msg.data, "Content-Type: text/plain; charset=UTF-8\r\n"));
            char *text = decode_body(&a, msg.data);
            assert_non_null(strstr(text, body));
            assert_non_null(strstr(text, "https://beian.example.com/portal/applications/7\n"));
            assert_null(strstr(text, OUTBOX_ORIGIN));
        }
    arena_free(&a);
}

/* The administration's review time is its province's, in both languages;
** without one, the national 1–20 working days. */
static void test_review_time_of_the_province(void **state) {
    (void)state;
    Arena a;
    arena_init(&a);
    static const NoticeKind kinds[] = {NOTICE_SENT, NOTICE_SMS_PASSED};
    for (size_t i = 0; i < 2; i++) {
        NoticeFacts f = {.lang = LANG_ZH,
                         .app_number = "A2026-000001",
                         .app_kind = KIND_FIRST_FILING,
                         .app_state = STATE_REGULATOR_REVIEW,
                         .domain = "example.cn",
                         .review_days_min = 1,
                         .review_days_max = 30};
        const char *title, *body;
        assert_int_equal(notice_compose(&a, kinds[i], &f, &title, &body), 0);
        assert_non_null(strstr(body, "1–30 个工作日"));
        f.lang = LANG_EN;
        assert_int_equal(notice_compose(&a, kinds[i], &f, &title, &body), 0);
        assert_non_null(strstr(body, "1–30 working days"));
        f.review_days_max = 0;
        assert_int_equal(notice_compose(&a, kinds[i], &f, &title, &body), 0);
        assert_non_null(strstr(body, "1–20 working days"));
    }
    arena_free(&a);
}

static void test_expand_origin(void **state) {
    (void)state;
    Arena a;
    arena_init(&a);
    assert_string_equal(mail_expand_origin(&a, "no link", "https://x"), "no link");
    assert_string_equal(mail_expand_origin(&a, "{origin}/a and {origin}/b", "https://x"),
                        "https://x/a and https://x/b");
    arena_free(&a);
}

/* ---- Two schedulers racing ---------------------------------------------- */

typedef struct Node {
    ModelFix *f;
    const char *owner;
    int64_t now;
    pthread_barrier_t *start;
    int ran;
} Node;

static void *node_main(void *arg) {
    Node *n = arg;
    Db *db = mf_connect(n->f);
    Config cfg;
    config_defaults(&cfg);
    pthread_barrier_wait(n->start);
    n->ran = scheduler_tick(db, &cfg, scheduler_jobs, scheduler_njobs, n->owner, n->now);
    config_free(&cfg);
    db_close(db);
    return NULL;
}

static int64_t count_kind(ModelFix *f, const char *kind) {
    int64_t n = 0;
    assert_true(db_query_i64(f->db, &n, "SELECT count(*) FROM notices WHERE kind = ?", "t", kind) >=
                0);
    return n;
}

static int64_t returned_app(ModelFix *f, const char *login, int days_idle, int64_t now) {
    int64_t c = mf_account(f, login, "customer", "active");
    int64_t s = mf_subject(f, c, NULL, NULL);
    int64_t app = mf_application(f, s, "first_filing", "{}", c);
    assert_true(db_exec(f->db,
                        "UPDATE applications SET state = 'provider_returned', updated_at = ?, "
                        "number = ? WHERE id = ?",
                        "iti", now - (int64_t)days_idle * 86400,
                        arena_printf(&f->a, "A2026-%06lld", (long long)app), app) >= 0);
    return app;
}

static void race(ModelFix *f) {
    int64_t now = time_now();
    for (int i = 0; i < 3; i++)
        returned_app(f, arena_printf(&f->a, "old%d", i), 46, now);
    for (int i = 0; i < 2; i++)
        returned_app(f, arena_printf(&f->a, "idle%d", i), 41, now);
    int64_t sms = returned_app(f, "sms0", 1, now);
    assert_true(db_exec(f->db,
                        "UPDATE applications SET state = 'sms_verification', sms_deadline = ? "
                        "WHERE id = ?",
                        "ii", now + 3 * 3600, sms) >= 0);
    pthread_barrier_t start;
    pthread_barrier_init(&start, NULL, 2);
    Node a = {f, "node-a", now, &start, 0}, b = {f, "node-b", now, &start, 0};
    pthread_t ta, tb;
    pthread_create(&ta, NULL, node_main, &a);
    pthread_create(&tb, NULL, node_main, &b);
    pthread_join(ta, NULL);
    pthread_join(tb, NULL);
    pthread_barrier_destroy(&start);
    assert_true(a.ran >= 0 && b.ran >= 0);
    assert_int_equal(a.ran + b.ran, (int)scheduler_njobs); /* each job once */
    assert_int_equal(count_kind(f, "closed"), 3);
    assert_int_equal(count_kind(f, "expiry_warning"), 2);
    assert_int_equal(count_kind(f, "sms_waiting"), 1);
    assert_int_equal(mf_i64(f->db,
                            "SELECT count(*) FROM applications WHERE state = 'closed' "
                            "AND id > ?",
                            0),
                     3);
    JobState js;
    assert_int_equal(schedule_state(f->db, &f->a, "return_expiry", &js), 0);
    assert_int_equal(js.runs, 1);
    assert_int_equal(schedule_state(f->db, &f->a, "sms_notices", &js), 0);
    assert_int_equal(js.runs, 1);
    /* A restart (a new node, a minute on): nothing is due but the SMS job,
    ** which has nothing new to say. */
    Db *db = mf_connect(f);
    Config cfg;
    config_defaults(&cfg);
    assert_int_equal(scheduler_tick(db, &cfg, scheduler_jobs, scheduler_njobs, "node-c", now + 30),
                     0);
    assert_int_equal(scheduler_tick(db, &cfg, scheduler_jobs, scheduler_njobs, "node-c", now + 60),
                     1);
    assert_int_equal(count_kind(f, "sms_waiting") + count_kind(f, "sms_reminder"), 1);
    /* An hour on, the expiry job runs again and finds nothing new. */
    assert_true(scheduler_tick(db, &cfg, scheduler_jobs, scheduler_njobs, "node-c", now + 3600) >=
                2);
    assert_int_equal(count_kind(f, "closed") + count_kind(f, "expiry_warning"), 5);
    config_free(&cfg);
    db_close(db);
}

static void test_race_sqlite(void **state) {
    (void)state;
    ModelFix f = {0};
    char dir[256];
    snprintf(dir, sizeof dir, "%s/beian-notify-XXXXXX",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    assert_non_null(mkdtemp(dir));
    snprintf(f.url, sizeof f.url, "sqlite:%s/n.db", dir);
    f.db = db_open(f.url);
    assert_non_null(f.db);
    assert_int_equal(mf_ready(&f), 0);
    race(&f);
    mf_release(&f);
    const char *files[] = {"n.db", "n.db-wal", "n.db-shm"};
    for (int i = 0; i < 3; i++) {
        char p[300];
        snprintf(p, sizeof p, "%s/%s", dir, files[i]);
        unlink(p);
    }
    rmdir(dir);
}

static void test_race_pg(void **state) {
    (void)state;
    const char *base = getenv("BEIAN_TEST_PG_URL");
    if (!base || !*base) skip();
    Db *admin = db_open(base);
    assert_non_null(admin);
    char schema[64], sql[160];
    snprintf(schema, sizeof schema, "beian_notify_%d", (int)getpid());
    snprintf(sql, sizeof sql, "DROP SCHEMA IF EXISTS %s CASCADE", schema);
    assert_true(db_exec(admin, sql, NULL) >= 0);
    snprintf(sql, sizeof sql, "CREATE SCHEMA %s", schema);
    assert_true(db_exec(admin, sql, NULL) >= 0);
    ModelFix f = {0};
    snprintf(f.url, sizeof f.url, "%s%coptions=-csearch_path%%3D%s", base,
             strchr(base, '?') ? '&' : '?', schema);
    f.db = db_open(f.url);
    assert_non_null(f.db);
    assert_int_equal(mf_ready(&f), 0);
    race(&f);
    mf_release(&f);
    snprintf(sql, sizeof sql, "DROP SCHEMA %s CASCADE", schema);
    db_exec(admin, sql, NULL);
    db_close(admin);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mime_every_message),
        cmocka_unit_test(test_expand_origin),
        cmocka_unit_test(test_review_time_of_the_province),
        cmocka_unit_test(test_race_sqlite),
        cmocka_unit_test(test_race_pg),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
