/*
** Model tests (included by model_tests.h) of the customer's filing
** operations: app_start, app_save_step, app_submit, app_withdraw, each run
** in db_tx as the pages run it. Every refusal answers its reason and leaves
** the database exactly as it was (fingerprint). And the review's standard
** return reasons (review_decide picking them) and its time limit setting.
*/
#ifndef BEIAN_TESTS_MODEL_TESTS_FILING_H
#define BEIAN_TESTS_MODEL_TESTS_FILING_H

#include "core/buf.h"
#include "filing_kv.h"
#include "model/app_edit.h"
#include "model/app_submit.h"
#include "model/reason_templates.h"
#include "model/review.h"
#include "model/review_queue.h"
#include "model/settings.h"

/* Everything a filing operation may write, as one string: rows counted,
** and every application's state, steps, values, note, version. */
static const char *ff_fingerprint(ModelFix *f) {
    static const char *const counts[] = {
        "SELECT count(*) FROM subjects",       "SELECT count(*) FROM sites",
        "SELECT count(*) FROM transitions",    "SELECT count(*) FROM audit_log",
        "SELECT count(*) FROM return_reasons",
    };
    Buf b;
    buf_init(&b, &f->a);
    for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++) {
        int64_t n = 0;
        assert_true(db_query_i64(f->db, &n, counts[i], NULL) >= 0);
        buf_printf(&b, "%lld;", (long long)n);
    }
    DbStmt *st;
    DbRc rc =
        db_query(f->db, &st,
                 "SELECT id, state, steps_done, values_sealed, customer_note, version, "
                 "COALESCE(subject_id, 0), COALESCE(site_id, 0) FROM applications ORDER BY id",
                 NULL);
    assert_true(rc >= 0);
    for (; rc == DB_ROW; rc = db_step(st))
        for (int c = 0; c < 8; c++)
            buf_printf(&b, "%s|", db_col_text(st, &f->a, c));
    db_done(st);
    assert_true(rc >= 0);
    return b.data;
}

/* Values of a step from key/value pairs (lists: items separated by "\n";
** booleans "1"), NULL-terminated. */
static Values *ff_values(ModelFix *f, const char *const *kv) {
    Values *v = ARENA_NEW(&f->a, Values, 1);
    values_init(v, &f->a);
    for (size_t i = 0; kv[i]; i += 2) {
        FieldId id = filing_field_id(kv[i]);
        assert_true(id != FIELD_NONE);
        values_set(v, id, kv[i + 1]);
    }
    return v;
}

static const char *const ff_site[] = KV_SITE(
    "王芳的读书笔记", "example-ff.cn", "本网站记录我读过的书和读书心得，不涉及前置审批内容。");

static Actor ff_actor(int64_t id) {
    return (Actor){.id = id, .login = "cust", .ip = "127.0.0.1", .request_id = "test"};
}

static int ff_save(ModelFix *f, int64_t account, int64_t app, FilingStep step,
                   const char *const *kv, AppSaveStep *out) {
    *out = (AppSaveStep){.a = &f->a,
                         .account_id = account,
                         .app_id = app,
                         .step = step,
                         .input = ff_values(f, kv),
                         .who = ff_actor(account)};
    return db_tx(f->db, app_save_step, out);
}

static int ff_start(ModelFix *f, int64_t account, AppKind kind, int64_t site, int64_t *id) {
    AppStart op = {
        .a = &f->a, .account_id = account, .kind = kind, .site_id = site, .who = ff_actor(account)};
    int rc = db_tx(f->db, app_start, &op);
    *id = op.app_id;
    return rc;
}

static int ff_submit(ModelFix *f, int64_t account, int64_t app, AppSubmit *op) {
    *op = (AppSubmit){.a = &f->a,
                      .account_id = account,
                      .app_ids = {app},
                      .n = 1,
                      .note = "请审核",
                      .who = ff_actor(account)};
    return db_tx(f->db, app_submit, op);
}

static int ff_withdraw(ModelFix *f, int64_t account, int64_t app) {
    AppWithdraw op = {.a = &f->a, .account_id = account, .app_id = app, .who = ff_actor(account)};
    return db_tx(f->db, app_withdraw, &op);
}

/* A first filing with every step saved; *account gets its customer. */
static int64_t ff_complete(ModelFix *f, const char *login, int64_t *account) {
    *account = mf_account(f, login, "customer", "active");
    int64_t id = 0;
    assert_int_equal(ff_start(f, *account, KIND_FIRST_FILING, 0, &id), 0);
    AppSaveStep s;
    assert_int_equal(ff_save(f, *account, id, STEP_SUBJECT, kv_subject, &s), 0);
    assert_int_equal(ff_save(f, *account, id, STEP_SITE, ff_site, &s), 0);
    assert_int_equal(ff_save(f, *account, id, STEP_ACCESS, kv_access, &s), 0);
    assert_true(s.complete);
    return id;
}

static void model_filing_start_refusals(ModelFix *f) {
    int64_t acc = mf_account(f, "fs1", "customer", "active"), id = 0;
    const char *before = ff_fingerprint(f);
    /* No such kind; kinds that need a subject the account does not have. */
    assert_int_equal(ff_start(f, acc, 0, 0, &id), -ERR_FIELD_CHOICE);
    assert_int_equal(ff_start(f, acc, KIND__COUNT, 0, &id), -ERR_FIELD_CHOICE);
    assert_int_equal(ff_start(f, acc, KIND_NEW_SITE, 0, &id), -ERR_SUBJECT_MISSING);
    assert_int_equal(ff_start(f, acc, KIND_CHANGE_SUBJECT, 0, &id), -ERR_SUBJECT_MISSING);
    assert_int_equal(id, 0);
    assert_string_equal(ff_fingerprint(f), before);
    /* A first filing starts (subject, site, application, audit row)... */
    assert_int_equal(ff_start(f, acc, KIND_FIRST_FILING, 0, &id), 0);
    assert_true(id > 0);
    assert_string_equal(mf_text(f, "SELECT state FROM applications WHERE id = ?", id), "draft");
    /* ...then the subject is not filed: a new site or a site's change is refused. */
    before = ff_fingerprint(f);
    int64_t other = 0;
    assert_int_equal(ff_start(f, acc, KIND_NEW_SITE, 0, &other), -ERR_SUBJECT_NOT_FILED);
    assert_int_equal(ff_start(f, acc, KIND_CHANGE_SITE, 12345, &other), -ERR_SITE_NOT_FILED);
    int64_t site = mf_i64(f->db, "SELECT site_id FROM applications WHERE id = ?", id);
    assert_int_equal(ff_start(f, acc, KIND_CANCEL_SITE, site, &other), -ERR_SITE_NOT_FILED);
    assert_int_equal(other, 0);
    assert_string_equal(ff_fingerprint(f), before);
}

static void model_filing_save_refusals(ModelFix *f) {
    int64_t acc = mf_account(f, "fv1", "customer", "active"), id = 0;
    int64_t stranger = mf_account(f, "fv2", "customer", "active");
    assert_int_equal(ff_start(f, acc, KIND_FIRST_FILING, 0, &id), 0);
    AppSaveStep s;
    assert_int_equal(ff_save(f, acc, id, STEP_SUBJECT, kv_subject, &s), 0);
    assert_int_equal(s.next_step, STEP_SITE);
    assert_false(s.complete);
    const char *before = ff_fingerprint(f);
    /* A bad ID number: refused, naming the field, nothing stored; the
    ** input comes back to be shown again. */
    const char *bad[15]; /* the subject's pairs up to its name, the number's last digit wrong */
    memcpy(bad, kv_subject, 14 * sizeof *bad);
    assert_string_equal(bad[10], "subject_cert_number");
    bad[11] = "310115199206200046", bad[14] = NULL;
    assert_int_equal(ff_save(f, acc, id, STEP_SUBJECT, bad, &s), -ERR_INVALID_INPUT);
    assert_true(s.issues.n > 0);
    bool named = false;
    for (size_t i = 0; i < s.issues.n; i++)
        named = named || s.issues.items[i].field == F_SUBJECT_CERT_NUMBER;
    assert_true(named);
    assert_string_equal(values_get(&s.shown, F_SUBJECT_CERT_NUMBER), "310115199206200046");
    assert_string_equal(ff_fingerprint(f), before);
    /* Input the field spec refused is only shown again. */
    AppSaveStep r = {.a = &f->a,
                     .account_id = acc,
                     .app_id = id,
                     .step = STEP_SITE,
                     .input = ff_values(f, ff_site),
                     .refuse = true,
                     .who = ff_actor(acc)};
    assert_int_equal(db_tx(f->db, app_save_step, &r), -ERR_INVALID_INPUT);
    assert_string_equal(ff_fingerprint(f), before);
    /* Another account's application, a step the kind has not, verify & submit. */
    assert_int_equal(ff_save(f, stranger, id, STEP_SITE, ff_site, &s), -ERR_NOT_FOUND);
    assert_int_equal(ff_save(f, acc, id, STEP_CLAIM, kv_access, &s), -ERR_NOT_FOUND);
    assert_int_equal(ff_save(f, acc, id, STEP_VERIFY, kv_access, &s), -ERR_NOT_FOUND);
    assert_int_equal(ff_save(f, acc, 999999, STEP_SITE, ff_site, &s), -ERR_NOT_FOUND);
    assert_string_equal(ff_fingerprint(f), before);
}

static void model_filing_submit_and_withdraw(ModelFix *f) {
    int64_t acc = mf_account(f, "fw1", "customer", "active"), id = 0;
    int64_t stranger = mf_account(f, "fw2", "customer", "active");
    assert_int_equal(ff_start(f, acc, KIND_FIRST_FILING, 0, &id), 0);
    AppSaveStep s;
    assert_int_equal(ff_save(f, acc, id, STEP_SUBJECT, kv_subject, &s), 0);
    const char *before = ff_fingerprint(f);
    /* Steps missing; another account's; not one or two applications. */
    AppSubmit sub;
    assert_int_equal(ff_submit(f, acc, id, &sub), -ERR_STEP_INCOMPLETE);
    assert_int_equal(ff_submit(f, stranger, id, &sub), -ERR_NOT_FOUND);
    AppSubmit none = {.a = &f->a, .account_id = acc, .n = 0, .who = ff_actor(acc)};
    assert_int_equal(db_tx(f->db, app_submit, &none), -ERR_BATCH_INVALID);
    AppSubmit two = {
        .a = &f->a, .account_id = acc, .app_ids = {id, id}, .n = 2, .who = ff_actor(acc)};
    assert_int_equal(db_tx(f->db, app_submit, &two), -ERR_BATCH_INVALID);
    assert_int_equal(ff_withdraw(f, stranger, id), -ERR_NOT_FOUND);
    assert_string_equal(ff_fingerprint(f), before);
    /* Complete, submitted: in the provider's review, a round counted. */
    assert_int_equal(ff_save(f, acc, id, STEP_SITE, ff_site, &s), 0);
    assert_int_equal(ff_save(f, acc, id, STEP_ACCESS, kv_access, &s), 0);
    assert_true(s.complete);
    assert_int_equal(ff_submit(f, acc, id, &sub), 0);
    assert_string_equal(mf_text(f, "SELECT state FROM applications WHERE id = ?", id),
                        "provider_review");
    assert_int_equal(mf_i64(f->db, "SELECT review_round FROM applications WHERE id = ?", id), 1);
    /* Submitted: not editable, not submitted twice. */
    before = ff_fingerprint(f);
    assert_int_equal(ff_save(f, acc, id, STEP_SITE, ff_site, &s), -ERR_APP_NOT_EDITABLE);
    assert_int_equal(ff_submit(f, acc, id, &sub), -ERR_APP_NOT_EDITABLE);
    assert_string_equal(ff_fingerprint(f), before);
    /* A second application while this one is in flight is refused. */
    int64_t other = 0;
    assert_int_equal(ff_start(f, acc, KIND_FIRST_FILING, 0, &other), -ERR_SUBJECT_EXISTS);
    assert_string_equal(ff_fingerprint(f), before);
    /* Withdrawn once (from the provider's review), then never again. */
    assert_int_equal(ff_withdraw(f, acc, id), 0);
    assert_string_equal(mf_text(f, "SELECT state FROM applications WHERE id = ?", id), "withdrawn");
    before = ff_fingerprint(f);
    assert_true(ff_withdraw(f, acc, id) < 0);
    assert_int_equal(ff_submit(f, acc, id, &sub), -ERR_APP_NOT_EDITABLE);
    assert_int_equal(ff_save(f, acc, id, STEP_SITE, ff_site, &s), -ERR_APP_NOT_EDITABLE);
    assert_string_equal(ff_fingerprint(f), before);
}

/* Two drafts for one domain: the second submission is refused naming the
** domain, and changes nothing. */
static void model_filing_domain_in_flight(ModelFix *f) {
    int64_t a1, a2;
    int64_t id1 = ff_complete(f, "fd1", &a1);
    int64_t id2 = ff_complete(f, "fd2", &a2);
    AppSubmit sub;
    assert_int_equal(ff_submit(f, a1, id1, &sub), 0);
    const char *before = ff_fingerprint(f);
    assert_int_equal(ff_submit(f, a2, id2, &sub), -ERR_INVALID_INPUT);
    assert_int_equal(sub.issues.n, 1);
    assert_int_equal(sub.issues.items[0].field, F_SITE_DOMAIN);
    assert_int_equal(sub.issues.items[0].code, ERR_DOMAIN_IN_FLIGHT);
    assert_string_equal(ff_fingerprint(f), before);
}

/* ---- The review: standard return reasons and the time limit ---------- */

static Reviewer ff_reviewer(int64_t id) {
    return (Reviewer){.who = {.id = id, .login = "rev", .ip = "127.0.0.1", .request_id = "test"},
                      .role = ROLE_REVIEWER};
}

static void model_review_standard_reasons(ModelFix *f) {
    int64_t acc, rev = mf_account(f, "frev", "reviewer", "active");
    int64_t id = ff_complete(f, "fr1", &acc);
    AppSubmit sub;
    assert_int_equal(ff_submit(f, acc, id, &sub), 0);
    ReasonTemplate *list;
    size_t n;
    assert_int_equal(reason_templates_list(f->db, &f->a, true, &list, &n), 0);
    const ReasonTemplate *named = NULL, *whole = NULL;
    for (size_t i = 0; i < n; i++) {
        if (!named && !strcmp(list[i].field, "site_name")) named = &list[i];
        if (!whole && !*list[i].field) whole = &list[i];
    }
    assert_non_null(named);
    assert_non_null(whole);
    /* An unknown or inactive standard reason: refused, nothing changes. */
    ReturnPick bad = {.template_id = 999999};
    ReviewDecide op = {.a = &f->a,
                       .app_id = id,
                       .decision = DECIDE_RETURN,
                       .picks = &bad,
                       .npicks = 1,
                       .by = ff_reviewer(rev)};
    const char *before = ff_fingerprint(f);
    assert_int_equal(db_tx(f->db, review_decide, &op), -ERR_REASON_INACTIVE);
    ReasonChange off = {.a = &f->a, .id = whole->id, .active = 0, .who = ff_actor(rev)};
    assert_int_equal(db_tx(f->db, reason_set_active, &off), 0);
    before = ff_fingerprint(f);
    bad.template_id = whole->id;
    assert_int_equal(db_tx(f->db, review_decide, &op), -ERR_REASON_INACTIVE);
    /* Spare rows only: no reason. */
    ReturnPick spare[2] = {{.reason = ""}, {.field = F_SITE_NAME}};
    op.picks = spare, op.npicks = 2;
    assert_int_equal(db_tx(f->db, review_decide, &op), -ERR_RETURN_REASONS);
    assert_string_equal(ff_fingerprint(f), before);
    /* Picked: the standard texts fill what is empty (English asked for),
    ** the field comes from the reason; the reviewer's words are kept. */
    ReturnPick picks[3] = {
        {.template_id = named->id},
        {.field = F_SITE_DOMAIN, .template_id = named->id, .reason = "域名与主体不一致"},
        {.reason = ""}};
    op.picks = picks, op.npicks = 3, op.lang = LANG_EN;
    assert_int_equal(db_tx(f->db, review_decide, &op), 0);
    assert_int_equal(op.to, STATE_PROVIDER_RETURNED);
    ReturnReason *rr;
    size_t nr;
    assert_int_equal(return_reasons_latest(f->db, &f->a, id, &rr, &nr), 0);
    assert_int_equal(nr, 2);
    assert_int_equal(rr[0].field, F_SITE_NAME);
    assert_string_equal(rr[0].reason, *named->text_en ? named->text_en : named->text_zh);
    assert_string_equal(rr[0].suggestion,
                        *named->suggestion_en ? named->suggestion_en : named->suggestion_zh);
    assert_int_equal(rr[1].field, F_SITE_DOMAIN);
    assert_string_equal(rr[1].reason, "域名与主体不一致");
}

/* The queues count as overdue after the admins' review_hours. */
static void model_review_time_limit_setting(ModelFix *f) {
    int64_t acc, id = ff_complete(f, "ft1", &acc);
    AppSubmit sub;
    assert_int_equal(ff_submit(f, acc, id, &sub), 0);
    int64_t now = time_now();
    mf_exec(f->db, "UPDATE applications SET submitted_at = ? WHERE id = ?", now - 5 * 3600, id);
    int hours = 0;
    assert_int_equal(settings_review_hours(f->db, &hours), 0);
    assert_int_equal(hours, SETTINGS_REVIEW_HOURS);
    QueueCounts c = {.now = now};
    assert_int_equal(db_tx_read(f->db, queue_counts, &c), 0);
    assert_int_equal(c.limit_hours, SETTINGS_REVIEW_HOURS);
    assert_int_equal(c.overdue, 0);
    QueuePage p = {
        .a = &f->a, .f = {.queue = QUEUE_ALL, .overdue = true, .commercial = -1}, .now = now};
    assert_int_equal(db_tx_read(f->db, queue_page, &p), 0);
    assert_int_equal(p.n, 0);
    /* An admin sets four hours. */
    SettingsSave save = {.a = &f->a, .defaults = settings_defaults(NULL), .who = ff_actor(acc)};
    save.in = settings_defaults(NULL);
    save.in.review_hours = 4;
    assert_int_equal(db_tx(f->db, settings_save, &save), 0);
    assert_int_equal(settings_review_hours(f->db, &hours), 0);
    assert_int_equal(hours, 4);
    c = (QueueCounts){.now = now};
    assert_int_equal(db_tx_read(f->db, queue_counts, &c), 0);
    assert_int_equal(c.limit_hours, 4);
    assert_int_equal(c.overdue, 1);
    p = (QueuePage){
        .a = &f->a, .f = {.queue = QUEUE_ALL, .overdue = true, .commercial = -1}, .now = now};
    assert_int_equal(db_tx_read(f->db, queue_page, &p), 0);
    assert_int_equal(p.f.limit_hours, 4);
    assert_int_equal(p.n, 1);
    assert_int_equal(p.rows[0].id, id);
    /* A limit the caller gives wins. */
    c = (QueueCounts){.now = now, .limit_hours = 6};
    assert_int_equal(db_tx_read(f->db, queue_counts, &c), 0);
    assert_int_equal(c.overdue, 0);
}

#define MODEL_FILING_WRAP(name)                                                                    \
    static void test_##name(void **state) {                                                        \
        model_##name((ModelFix *)*state);                                                          \
    }
MODEL_FILING_WRAP(filing_start_refusals)
MODEL_FILING_WRAP(filing_save_refusals)
MODEL_FILING_WRAP(filing_submit_and_withdraw)
MODEL_FILING_WRAP(filing_domain_in_flight)
MODEL_FILING_WRAP(review_standard_reasons)
MODEL_FILING_WRAP(review_time_limit_setting)

#define MODEL_FILING_TESTS(setup, teardown)                                                        \
    MODEL_TEST(filing_start_refusals, setup, teardown),                                            \
        MODEL_TEST(filing_save_refusals, setup, teardown),                                         \
        MODEL_TEST(filing_submit_and_withdraw, setup, teardown),                                   \
        MODEL_TEST(filing_domain_in_flight, setup, teardown),                                      \
        MODEL_TEST(review_standard_reasons, setup, teardown),                                      \
        MODEL_TEST(review_time_limit_setting, setup, teardown)

#endif
