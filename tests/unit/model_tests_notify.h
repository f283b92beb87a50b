/*
** Notifications (model/notify.h), on SQLite and PostgreSQL: every event of
** an account or an application gives its messages, in the recipient's
** language, with the page of the next step, in the inbox and the mail
** outbox, in the event's own transaction; the SMS and expiry timers; the
** inbox's pages and read marks. (The MIME form of the mails: test_notify.c.)
*/
#ifndef BEIAN_TESTS_MODEL_TESTS_NOTIFY_H
#define BEIAN_TESTS_MODEL_TESTS_NOTIFY_H

#include "model/app_decide.h"
#include "model/forgot.h"
#include "model/application.h"
#include "model/notify.h"
#include "model/outbox.h"
#include "model/site.h"
#include "model_fixture.h"

/* An application in a state, of a customer writing in lang ("zh"/"en");
** the first of a test is numbered A2026-000777. */
typedef struct NfApp {
    int64_t customer, subject, app, site;
} NfApp;

static inline NfApp nf_app(ModelFix *f, const char *login, const char *lang, const char *kind,
                           const char *state) {
    NfApp x;
    x.customer = mf_account(f, login, "customer", "active");
    assert_true(
        db_exec(f->db, "UPDATE accounts SET lang = ? WHERE id = ?", "ti", lang, x.customer) >= 0);
    x.subject = mf_subject(f, x.customer, NULL, NULL);
    x.app = mf_application(f, x.subject, kind,
                           "{\"subject_province\":\"110000\",\"site_name\":\"测试网站\","
                           "\"site_domain\":\"example.com\"}",
                           x.customer);
    assert_int_equal(site_insert(f->db, x.subject, &x.site), 0);
    assert_true(db_exec(f->db,
                        "UPDATE applications SET state = ?, domain = 'example.com', site_id = ?, "
                        "number = ? WHERE id = ?",
                        "titi", state, x.site,
                        arena_printf(&f->a, "A2026-%06lld", (long long)(776 + x.app)), x.app) >= 0);
    return x;
}

typedef struct NfMove {
    Arena *a;
    int64_t app_id;
    AppEvent ev;
    AppState to;
    int64_t actor;
    int fail; /* returned after the move: the transaction rolls back */
} NfMove;

static int nf_move_tx(Db *db, void *ctx) {
    NfMove *m = ctx;
    Application app;
    int rc = app_get(db, m->a, m->app_id, &app);
    if (rc == 0) rc = app_move(db, &app, m->to, m->ev, m->actor, "customer", "已按要求修改", NULL);
    return rc ? rc : m->fail;
}

/* A customer's event (submit, resubmit, withdraw) as app_submit moves it. */
static inline int nf_move(ModelFix *f, int64_t app, AppEvent ev, AppState to, int64_t actor,
                          int fail) {
    NfMove m = {&f->a, app, ev, to, actor, fail};
    return db_tx(f->db, nf_move_tx, &m);
}

/* A staff or system event through app_decide. */
static inline int nf_decide(ModelFix *f, int64_t app, AppEvent ev, Role role, int64_t who,
                            const ReturnItem *items, size_t n) {
    AppDecide op = {.a = &f->a,
                    .app_id = app,
                    .event = ev,
                    .role = role,
                    .who = {.id = who, .login = who ? "staff" : "system"},
                    .items = items,
                    .nitems = n};
    return db_tx(f->db, app_decide, &op);
}

static inline int64_t nf_count(ModelFix *f, int64_t account, const char *kind) {
    int64_t n = 0;
    assert_true(db_query_i64(f->db, &n,
                             "SELECT count(*) FROM notices WHERE account_id = ? AND kind = ?", "it",
                             account, kind) >= 0);
    return n;
}

/* The newest notice of an account and its mail (the newest to its e-mail). */
typedef struct NfMsg {
    char *kind, *title, *body, *link, *mail_to, *mail_subject, *mail_body;
} NfMsg;

static inline NfMsg nf_last(ModelFix *f, int64_t account) {
    NfMsg m = {0};
    DbStmt *st;
    assert_int_equal(db_query(f->db, &st,
                              "SELECT kind, title, body, link FROM notices WHERE account_id = ? "
                              "ORDER BY id DESC LIMIT 1",
                              "i", account),
                     DB_ROW);
    m.kind = db_col_text(st, &f->a, 0);
    m.title = db_col_text(st, &f->a, 1);
    m.body = db_col_text(st, &f->a, 2);
    m.link = db_col_text(st, &f->a, 3);
    db_done(st);
    assert_int_equal(db_query(f->db, &st,
                              "SELECT o.to_addr, o.subject, o.body FROM mail_outbox o JOIN "
                              "accounts a ON a.email = o.to_addr WHERE a.id = ? "
                              "ORDER BY o.id DESC LIMIT 1",
                              "i", account),
                     DB_ROW);
    m.mail_to = db_col_text(st, &f->a, 0);
    m.mail_subject = db_col_text(st, &f->a, 1);
    m.mail_body = db_col_text(st, &f->a, 2);
    db_done(st);
    /* The mail is the notice, with the link under the server's origin. */
    assert_string_equal(m.mail_subject, m.title);
    assert_non_null(strstr(m.mail_body, m.body));
    char *link = arena_printf(&f->a, "%s%s\n", OUTBOX_ORIGIN, m.link);
    assert_non_null(strstr(m.mail_body, link));
    return m;
}

static inline void nf_has(const char *text, const char *part) {
    if (!strstr(text, part)) fail_msg("\"%s\" not in \"%s\"", part, text);
}

static void model_notify_account(ModelFix *f) {
    int64_t staff = mf_account(f, "rita", "reviewer", "active");
    int64_t zh = mf_account(f, "zhang", "customer", "pending");
    int64_t en = mf_account(f, "emma", "customer", "pending");
    assert_int_equal(account_set_lang(f->db, en, LANG_EN), 0);
    assert_int_equal(account_decide(f->db, zh, staff, true, NULL), 0);
    NfMsg m = nf_last(f, zh);
    assert_string_equal(m.kind, "account_approved");
    assert_string_equal(m.title, "ICP备案系统：您的账户已通过审核");
    assert_string_equal(m.link, "/login");
    assert_string_equal(m.mail_to, "zhang@example.com");
    assert_int_equal(account_decide(f->db, en, staff, false, "营业执照照片不清晰"), 0);
    m = nf_last(f, en);
    assert_string_equal(m.kind, "account_rejected");
    assert_string_equal(m.title, "ICP filing: your account was not approved");
    nf_has(m.body, "Reason: 营业执照照片不清晰");
    assert_string_equal(m.link, "/register");
    /* A decision refused writes nothing. */
    assert_int_equal(account_decide(f->db, en, staff, true, NULL), -ERR_STATE);
    assert_int_equal(mf_i64(f->db, "SELECT count(*) FROM notices WHERE account_id = ?", en), 1);
}

static void model_notify_submit(ModelFix *f) {
    int64_t r1 = mf_account(f, "rita", "reviewer", "active");
    int64_t r2 = mf_account(f, "rob", "reviewer", "active");
    int64_t off = mf_account(f, "old", "reviewer", "disabled");
    assert_int_equal(account_set_lang(f->db, r2, LANG_EN), 0);
    NfApp x = nf_app(f, "carl", "zh", "first_filing", "draft");
    assert_int_equal(nf_move(f, x.app, EVENT_SUBMIT, STATE_PROVIDER_REVIEW, x.customer, 0), 0);
    NfMsg m = nf_last(f, x.customer);
    assert_string_equal(m.kind, "submitted");
    assert_string_equal(m.title, "备案申请 A2026-000777 已提交");
    nf_has(m.body, "首次备案申请 A2026-000777（example.com）");
    nf_has(m.body, "待接入商核实");
    assert_string_equal(m.link, arena_printf(&f->a, "/portal/applications/%lld", (long long)x.app));
    m = nf_last(f, r1);
    assert_string_equal(m.kind, "review_new");
    assert_string_equal(m.link, arena_printf(&f->a, "/staff/applications/%lld", (long long)x.app));
    m = nf_last(f, r2);
    assert_string_equal(m.title, "New application to review: A2026-000777");
    assert_int_equal(nf_count(f, off, "review_new"), 0);
    /* A transaction that fails after the move leaves no message behind. */
    NfApp y = nf_app(f, "dora", "zh", "first_filing", "draft");
    assert_int_equal(
        nf_move(f, y.app, EVENT_SUBMIT, STATE_PROVIDER_REVIEW, y.customer, -ERR_CONFLICT),
        -ERR_CONFLICT);
    assert_int_equal(mf_i64(f->db, "SELECT count(*) FROM notices WHERE application_id = ?", y.app),
                     0);
    assert_int_equal(mf_i64(f->db, "SELECT count(*) FROM mail_outbox WHERE id > ?", 0), 3);
}

static void model_notify_return(ModelFix *f) {
    int64_t r1 = mf_account(f, "rita", "reviewer", "active");
    int64_t r2 = mf_account(f, "rob", "reviewer", "active");
    NfApp x = nf_app(f, "emma", "en", "first_filing", "provider_review");
    ReturnItem items[] = {
        {F_SITE_NAME, "网站名称与内容不符", "改为“某某的个人博客”", NULL},
        {FIELD_NONE, "核验单未签字", NULL, NULL},
    };
    assert_int_equal(nf_decide(f, x.app, EVENT_PROVIDER_RETURN, ROLE_REVIEWER, r1, items, 2), 0);
    NfMsg m = nf_last(f, x.customer);
    assert_string_equal(m.kind, "provider_returned");
    assert_string_equal(m.title, "Application A2026-000777 returned by the provider");
    nf_has(m.body, "- Site name：网站名称与内容不符 (suggestion: 改为“某某的个人博客”)");
    nf_has(m.body, "核验单未签字");
    nf_has(m.body, "within 45 days");
    /* Fixed and resubmitted (with a note, as app_submit stores it): to the
    ** reviewer who returned it, alone. */
    assert_true(db_exec(f->db, "UPDATE applications SET customer_note = ? WHERE id = ?", "ti",
                        "已按要求修改", x.app) >= 0);
    assert_int_equal(nf_move(f, x.app, EVENT_RESUBMIT, STATE_PROVIDER_REVIEW, x.customer, 0), 0);
    assert_string_equal(nf_last(f, x.customer).kind, "resubmitted");
    m = nf_last(f, r1);
    assert_string_equal(m.kind, "review_resubmitted");
    assert_string_equal(m.title, "退回的申请已重新提交：A2026-000777");
    nf_has(m.body, "客户说明：已按要求修改");
    assert_int_equal(nf_count(f, r2, "review_resubmitted"), 0);
    /* The reviewer has left: every reviewer hears of it. */
    assert_int_equal(nf_decide(f, x.app, EVENT_PROVIDER_RETURN, ROLE_REVIEWER, r1, items, 1), 0);
    mf_exec(f->db, "UPDATE accounts SET status = 'disabled' WHERE id = ? OR id = ?", r1, r1);
    assert_int_equal(nf_move(f, x.app, EVENT_RESUBMIT, STATE_PROVIDER_REVIEW, x.customer, 0), 0);
    assert_int_equal(nf_count(f, r2, "review_resubmitted"), 1);
    assert_int_equal(nf_count(f, r1, "review_resubmitted"), 1);
    /* Reopened by staff: the customer hears the return is taken back. */
    assert_int_equal(nf_decide(f, x.app, EVENT_PROVIDER_RETURN, ROLE_REVIEWER, r2, items, 1), 0);
    assert_int_equal(nf_decide(f, x.app, EVENT_REOPEN, ROLE_REVIEWER, r2, NULL, 0), 0);
    assert_string_equal(nf_last(f, x.customer).kind, "reopened");
}

static void model_notify_administration(ModelFix *f) {
    NfApp x = nf_app(f, "carl", "zh", "first_filing", "provider_review");
    int64_t r1 = mf_account(f, "rita", "reviewer", "active");
    assert_int_equal(nf_decide(f, x.app, EVENT_PROVIDER_APPROVE, ROLE_REVIEWER, r1, NULL, 0), 0);
    assert_string_equal(nf_last(f, x.customer).kind, "provider_passed");
    /* The gateway's events: sent, SMS, the administration's return. */
    assert_int_equal(nf_decide(f, x.app, EVENT_SEND, ROLE_SYSTEM, 0, NULL, 0), 0);
    NfMsg m = nf_last(f, x.customer);
    assert_string_equal(m.kind, "sent");
    nf_has(m.body, "待短信核验");
    nf_has(m.body, "24 小时");
    assert_int_equal(nf_decide(f, x.app, EVENT_SMS_FAILED, ROLE_SYSTEM, 0, NULL, 0), 0);
    assert_string_equal(nf_last(f, x.customer).kind, "sms_failed");
    mf_exec(f->db, "UPDATE applications SET state = 'regulator_review' WHERE id = ? AND ? > 0",
            x.app, 1);
    ReturnItem no_form[] = {{FIELD_NONE, "未收到核验单", NULL, "no_form"}};
    assert_int_equal(nf_decide(f, x.app, EVENT_REGULATOR_RETURN, ROLE_SYSTEM, 0, no_form, 1), 0);
    m = nf_last(f, x.customer);
    assert_string_equal(m.kind, "regulator_returned");
    assert_string_equal(m.title, "备案申请 A2026-000777 被管局退回");
    nf_has(m.body, "下一步：管局退回：未收到您的真实性核验单");
    nf_has(m.body, "未收到核验单");
    /* Approved: the numbers and the footer rule. */
    mf_exec(f->db, "UPDATE applications SET state = 'regulator_review' WHERE id = ? AND ? > 0",
            x.app, 1);
    AppDecide op = {.a = &f->a,
                    .app_id = x.app,
                    .event = EVENT_REGULATOR_APPROVE,
                    .role = ROLE_SYSTEM,
                    .who = {.login = "system"},
                    .subject_number = "京ICP备20260001号",
                    .site_number = "京ICP备20260001号-1"};
    assert_int_equal(db_tx(f->db, app_decide, &op), 0);
    m = nf_last(f, x.customer);
    assert_string_equal(m.kind, "approved");
    nf_has(m.body, "主体备案号：京ICP备20260001号");
    nf_has(m.body, "网站备案号：京ICP备20260001号-1");
    nf_has(m.body, "https://beian.miit.gov.cn/");
    assert_int_equal(mf_i64(f->db, "SELECT count(*) FROM notices WHERE account_id = ?", x.customer),
                     5);
}

static void model_notify_withdraw_and_close(ModelFix *f) {
    NfApp x = nf_app(f, "emma", "en", "change_site", "provider_review");
    assert_int_equal(nf_move(f, x.app, EVENT_WITHDRAW, STATE_WITHDRAWN, x.customer, 0), 0);
    NfMsg m = nf_last(f, x.customer);
    assert_string_equal(m.kind, "withdrawn");
    assert_string_equal(m.title, "Application A2026-000777 withdrawn");
}

/* The SMS deadline, set as the gateway sets it, is announced once and
** reminded once, 4 hours before it ends; a new deadline starts again. */
static void model_notify_sms_job(ModelFix *f) {
    NfApp x = nf_app(f, "carl", "zh", "first_filing", "sms_verification");
    NfApp y = nf_app(f, "dora", "en", "first_filing", "regulator_review");
    int64_t now = 1780000000; /* a job's clock */
    mf_exec(f->db, "UPDATE applications SET sms_deadline = ? WHERE id = ?", now + 24 * 3600, x.app);
    mf_exec(f->db, "UPDATE applications SET sms_deadline = ? WHERE id = ?", now + 24 * 3600, y.app);
    int n = -1;
    assert_int_equal(notify_sms_due(f->db, now, &n), 0);
    assert_int_equal(n, 1); /* y is no longer in SMS verification */
    NfMsg m = nf_last(f, x.customer);
    assert_string_equal(m.kind, "sms_waiting");
    char *when = time_fmt_cst(&f->a, now + 24 * 3600);
    when[16] = 0;
    nf_has(m.title, when);
    nf_has(m.body, when);
    assert_int_equal(notify_sms_due(f->db, now + 3600, &n), 0);
    assert_int_equal(n, 0);
    assert_int_equal(notify_sms_due(f->db, now + 20 * 3600 - 1, &n), 0);
    assert_int_equal(n, 0); /* 4 hours and a second before */
    assert_int_equal(notify_sms_due(f->db, now + 20 * 3600, &n), 0);
    assert_int_equal(n, 1);
    assert_string_equal(nf_last(f, x.customer).kind, "sms_reminder");
    assert_int_equal(notify_sms_due(f->db, now + 21 * 3600, &n), 0);
    assert_int_equal(n, 0);
    assert_int_equal(notify_sms_due(f->db, now + 25 * 3600, &n), 0);
    assert_int_equal(n, 0); /* past: the gateway's to say */
    /* A new deadline, already within 4 hours: one message, not two. */
    mf_exec(f->db, "UPDATE applications SET sms_deadline = ? WHERE id = ?", now + 27 * 3600, x.app);
    assert_int_equal(notify_sms_due(f->db, now + 25 * 3600, &n), 0);
    assert_int_equal(n, 1);
    assert_int_equal(notify_sms_due(f->db, now + 25 * 3600 + 60, &n), 0);
    assert_int_equal(n, 0);
    assert_int_equal(nf_count(f, x.customer, "sms_waiting"), 2);
    assert_int_equal(nf_count(f, x.customer, "sms_reminder"), 1);
}

/* A return untouched for 40 days is warned once; at 45 days it is closed
** by the expire event, audited, with its message. */
static void model_notify_expiry_job(ModelFix *f) {
    NfApp x = nf_app(f, "carl", "zh", "first_filing", "provider_returned");
    NfApp y = nf_app(f, "dora", "en", "new_site", "regulator_returned");
    NfApp z = nf_app(f, "erin", "zh", "first_filing", "provider_review");
    int64_t now = time_now();
    mf_exec(f->db, "UPDATE applications SET updated_at = ? WHERE id = ?", now - 41 * 86400, x.app);
    mf_exec(f->db, "UPDATE applications SET updated_at = ? WHERE id = ?", now - 39 * 86400, y.app);
    mf_exec(f->db, "UPDATE applications SET updated_at = ? WHERE id = ?", now - 50 * 86400, z.app);
    int warned = -1, closed = -1;
    assert_int_equal(notify_expiry_due(f->db, now, &warned, &closed), 0);
    assert_int_equal(warned, 1);
    assert_int_equal(closed, 0);
    NfMsg m = nf_last(f, x.customer);
    assert_string_equal(m.kind, "expiry_warning");
    nf_has(m.body, "已有 41 天未处理");
    nf_has(m.body, "45 天内");
    assert_int_equal(notify_expiry_due(f->db, now + 3600, &warned, &closed), 0);
    assert_int_equal(warned, 0);
    /* Two days on: y is warned (in English); five days on: x closes. */
    assert_int_equal(notify_expiry_due(f->db, now + 2 * 86400, &warned, &closed), 0);
    assert_int_equal(warned, 1);
    nf_has(nf_last(f, y.customer).title, "Returned application A2026-000778 will close soon");
    assert_int_equal(notify_expiry_due(f->db, now + 4 * 86400 + 1, &warned, &closed), 0);
    assert_int_equal(closed, 1);
    assert_string_equal(mf_text(f, "SELECT state FROM applications WHERE id = ?", x.app), "closed");
    assert_string_equal(
        mf_text(f, "SELECT event FROM transitions WHERE application_id = ? ORDER BY id DESC",
                x.app),
        "expire");
    assert_int_equal(mf_i64(f->db,
                            "SELECT count(*) FROM audit_log WHERE action = 'application.expire' "
                            "AND object_id = ?",
                            x.app),
                     1);
    m = nf_last(f, x.customer);
    assert_string_equal(m.kind, "closed");
    nf_has(m.body, "45 天未处理，已被关闭");
    assert_string_equal(mf_text(f, "SELECT state FROM applications WHERE id = ?", z.app),
                        "provider_review");
    assert_int_equal(mf_i64(f->db, "SELECT count(*) FROM notices WHERE account_id = ?", z.customer),
                     0);
}

static void model_notify_inbox(ModelFix *f) {
    int64_t me = mf_account(f, "carl", "customer", "active");
    int64_t other = mf_account(f, "dora", "customer", "active");
    for (int i = 0; i < 25; i++) {
        NoticeFacts facts = {.login = "carl"};
        assert_int_equal(
            notify_write(f->db, &f->a, me, NOTICE_ACCOUNT_APPROVED, 0, &facts, "/login"), 0);
    }
    NoticeFacts facts = {.login = "dora"};
    assert_int_equal(
        notify_write(f->db, &f->a, other, NOTICE_ACCOUNT_APPROVED, 0, &facts, "/login"), 0);
    int64_t n = 0;
    assert_int_equal(inbox_unread(f->db, me, &n), 0);
    assert_int_equal(n, 25);
    InboxPage p = {.a = &f->a, .account_id = me, .limit = 10};
    assert_int_equal(db_tx_read(f->db, inbox_page, &p), 0);
    assert_int_equal(p.n, 10);
    assert_true(p.next_before == p.rows[9].id);
    assert_true(p.rows[0].id > p.rows[9].id);
    int64_t newest = p.rows[0].id, seen = 10;
    while (p.next_before) {
        p.before = p.next_before;
        assert_int_equal(db_tx_read(f->db, inbox_page, &p), 0);
        seen += (int64_t)p.n;
    }
    assert_int_equal(seen, 25);
    assert_int_equal(p.n, 5);
    InboxRead r = {.account_id = me, .id = newest, .who = {.id = me, .login = "carl"}};
    assert_int_equal(db_tx(f->db, inbox_read, &r), 0);
    assert_int_equal(r.unread, 24);
    InboxPage u = {.a = &f->a, .account_id = me, .limit = 100, .unread_only = true};
    assert_int_equal(db_tx_read(f->db, inbox_page, &u), 0);
    assert_int_equal(u.n, 24);
    /* Another account's message is not found, and nothing changes. */
    int64_t theirs = mf_i64(f->db, "SELECT max(id) FROM notices WHERE account_id = ?", other);
    InboxRead bad = {.account_id = me, .id = theirs, .who = {.id = me}};
    assert_int_equal(db_tx(f->db, inbox_read, &bad), -ERR_NOT_FOUND);
    assert_int_equal(inbox_unread(f->db, other, &n), 0);
    assert_int_equal(n, 1);
    InboxRead all = {.account_id = me, .who = {.id = me, .login = "carl"}};
    assert_int_equal(db_tx(f->db, inbox_read, &all), 0);
    assert_int_equal(all.unread, 0);
    assert_int_equal(mf_i64(f->db,
                            "SELECT count(*) FROM audit_log WHERE action = 'notice.read' "
                            "AND actor_id = ?",
                            me),
                     2);
}

/* "Forgot password" by login name or e-mail: a single-use link to the
** account's e-mail for an active customer, in its language; the same
** answer and no mail otherwise; throttled per address; audited. */
static void model_notify_forgot(ModelFix *f) {
    int64_t me = mf_account(f, "kate", "customer", "active");
    assert_int_equal(account_set_lang(f->db, me, LANG_EN), 0);
    mf_account(f, "pend", "customer", "pending");
    mf_account(f, "rita", "reviewer", "active");
    const char *names[] = {"KATE", "Kate@Example.com", "nobody", "pend", "rita", "x@example.com"};
    const int64_t mails[] = {1, 2, 2, 2, 2, 2};
    for (int i = 0; i < 6; i++) {
        ForgotRequest op = {.a = &f->a,
                            .name = names[i],
                            .origin = "http://b",
                            .max = 10,
                            .window_s = 3600,
                            .ttl_s = 3600,
                            .who = {.ip = "192.0.2.7"}};
        assert_int_equal(db_tx(f->db, forgot_request, &op), 0);
        assert_false(op.throttled);
        assert_int_equal(mf_i64(f->db, "SELECT count(*) FROM mail_outbox WHERE id > ?", 0),
                         mails[i]);
    }
    assert_string_equal(mf_text(f, "SELECT to_addr FROM mail_outbox WHERE id = ?", 1),
                        "kate@example.com");
    assert_string_equal(mf_text(f, "SELECT subject FROM mail_outbox WHERE id = ?", 1),
                        "ICP filing: set a new password");
    nf_has(mf_text(f, "SELECT body FROM mail_outbox WHERE id = ?", 2), "Login name: kate");
    nf_has(mf_text(f, "SELECT body FROM mail_outbox WHERE id = ?", 2), "http://b/recover/");
    assert_int_equal(mf_i64(f->db, "SELECT count(*) FROM password_resets WHERE account_id = ?", me),
                     2);
    assert_int_equal(mf_i64(f->db,
                            "SELECT count(*) FROM audit_log WHERE action = "
                            "'account.forgot_request' AND object_id = ?",
                            0),
                     4);
    /* The 11th request of the address in the hour is throttled: no mail. */
    for (int i = 0; i < 5; i++) {
        ForgotRequest op = {.a = &f->a,
                            .name = "kate",
                            .origin = "http://b",
                            .max = 10,
                            .window_s = 3600,
                            .ttl_s = 3600,
                            .who = {.ip = "192.0.2.7"}};
        assert_int_equal(db_tx(f->db, forgot_request, &op), 0);
        assert_int_equal(op.throttled, i == 4);
    }
    assert_int_equal(mf_i64(f->db, "SELECT count(*) FROM mail_outbox WHERE id > ?", 0), 6);
}

#define NOTIFY_WRAP(name)                                                                          \
    static void test_##name(void **state) {                                                        \
        model_##name((ModelFix *)*state);                                                          \
    }
NOTIFY_WRAP(notify_account)
NOTIFY_WRAP(notify_submit)
NOTIFY_WRAP(notify_return)
NOTIFY_WRAP(notify_administration)
NOTIFY_WRAP(notify_withdraw_and_close)
NOTIFY_WRAP(notify_sms_job)
NOTIFY_WRAP(notify_expiry_job)
NOTIFY_WRAP(notify_inbox)
NOTIFY_WRAP(notify_forgot)

#define MODEL_NOTIFY_TESTS(setup, teardown)                                                        \
    cmocka_unit_test_setup_teardown(test_notify_account, setup, teardown),                         \
        cmocka_unit_test_setup_teardown(test_notify_submit, setup, teardown),                      \
        cmocka_unit_test_setup_teardown(test_notify_return, setup, teardown),                      \
        cmocka_unit_test_setup_teardown(test_notify_administration, setup, teardown),              \
        cmocka_unit_test_setup_teardown(test_notify_withdraw_and_close, setup, teardown),          \
        cmocka_unit_test_setup_teardown(test_notify_sms_job, setup, teardown),                     \
        cmocka_unit_test_setup_teardown(test_notify_expiry_job, setup, teardown),                  \
        cmocka_unit_test_setup_teardown(test_notify_inbox, setup, teardown),                       \
        cmocka_unit_test_setup_teardown(test_notify_forgot, setup, teardown)

#endif
