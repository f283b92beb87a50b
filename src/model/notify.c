/*
** Notifications: who gets which message of an event, and writing it into
** the inbox and the mail outbox in the event's transaction.
*/
#include "model/notify.h"

#include <string.h>

#include "core/buf.h"
#include "core/err.h"
#include "core/i18n.h"
#include "core/util.h"
#include "model/app_view.h"
#include "model/outbox.h"
#include "model/review.h"

typedef struct Recipient {
    int64_t id;
    const char *email, *login, *status;
    Lang lang;
} Recipient;

static int recipient_get(Db *db, Arena *a, int64_t id, Recipient *out) {
    DbStmt *st;
    DbRc rc = db_query(db, &st, "SELECT id, email, login, status, lang FROM accounts WHERE id = ?",
                       "i", id);
    if (rc < 0) return db_err(rc);
    if (rc == DB_ROW) {
        out->id = db_col_i64(st, 0);
        out->email = db_col_text(st, a, 1);
        out->login = db_col_text(st, a, 2);
        out->status = db_col_text(st, a, 3);
        out->lang = i18n_parse(db_col_text(st, a, 4));
    }
    db_done(st);
    return rc == DB_ROW ? 0 : -ERR_NOT_FOUND;
}

/* The mail: the message, its link, and who wrote it. */
static const char *mail_body(Arena *a, Lang lang, const char *body, const char *link) {
    return arena_printf(a, "%s\n%s%s%s\n\n-- \n%s\n", body, notice_link_label(lang), OUTBOX_ORIGIN,
                        link,
                        T(lang, "ICP备案系统（本邮件由系统自动发送，请勿直接回复；"
                                "登录后在“站内信”中也可以查看。）"));
}

static int write_to(Db *db, Arena *a, const Recipient *to, NoticeKind k, int64_t app_id,
                    NoticeFacts *facts, const char *link) {
    facts->lang = to->lang;
    const char *title, *body;
    int rc = notice_compose(a, k, facts, &title, &body);
    if (rc < 0) return rc;
    int64_t id;
    DbRc d = db_insert(db, &id,
                       "INSERT INTO notices (account_id, application_id, kind, title, body, link, "
                       "created_at) VALUES (?, NULLIF(?, 0), ?, ?, ?, ?, ?) RETURNING id",
                       "iitttti", to->id, app_id, notice_kind_id(k), title, body, link, time_now());
    if (d < 0) return db_err(d);
    if (!to->email || !*to->email) return 0;
    return outbox_queue(db, to->email, title, mail_body(a, to->lang, body, link));
}

int notify_write(Db *db, Arena *a, int64_t account_id, NoticeKind k, int64_t app_id,
                 NoticeFacts *facts, const char *link) {
    Recipient to;
    int rc = recipient_get(db, a, account_id, &to);
    if (rc < 0) return rc;
    return write_to(db, a, &to, k, app_id, facts, link);
}

int notify_account_decided(Db *db, Arena *a, int64_t account_id, bool approved,
                           const char *reason) {
    Recipient to;
    int rc = recipient_get(db, a, account_id, &to);
    if (rc < 0) return rc;
    NoticeFacts f = {.login = to.login, .reason = reason};
    return write_to(db, a, &to, approved ? NOTICE_ACCOUNT_APPROVED : NOTICE_ACCOUNT_REJECTED, 0, &f,
                    approved ? "/login" : "/register");
}

/* ---- Applications ---------------------------------------------------- */

/* The customer's kind of message for an event (0: none). */
static NoticeKind customer_kind(AppEvent ev, AppState from) {
    switch (ev) {
    case EVENT_SUBMIT:
        return NOTICE_SUBMITTED;
    case EVENT_RESUBMIT:
        return NOTICE_RESUBMITTED;
    case EVENT_PROVIDER_RETURN:
        return NOTICE_PROVIDER_RETURNED;
    case EVENT_PROVIDER_APPROVE:
        return NOTICE_PROVIDER_PASSED;
    case EVENT_SEND:
        return NOTICE_SENT;
    case EVENT_SMS_PASSED:
        return NOTICE_SMS_PASSED;
    case EVENT_SMS_FAILED:
        return NOTICE_SMS_FAILED;
    case EVENT_REGULATOR_APPROVE:
        return NOTICE_APPROVED;
    case EVENT_REGULATOR_RETURN:
        return NOTICE_REGULATOR_RETURNED;
    case EVENT_WITHDRAW:
        return NOTICE_WITHDRAWN;
    case EVENT_EXPIRE:
        return NOTICE_CLOSED;
    /* A pass taken back before it was sent is ours alone. */
    case EVENT_REOPEN:
        return from == STATE_TO_REGULATOR ? 0 : NOTICE_REOPENED;
    default:
        return 0;
    }
}

/* The next step after an administration's return (seed §4), as the
** application page words it. */
static const char *guide_text(Lang l, ReturnGuide g) {
    switch (g) {
    case GUIDE_NO_FORM:
        return T(l,
                 "管局退回：未收到您的真实性核验单（备案系统的提交与纸质材料不同步）。请确认核验单"
                 "已签字盖章并按材料清单交给接入商，然后重新提交；我们核实后会再次报送管局。");
    case GUIDE_COMMERCIAL:
        return T(l,
                 "管局退回：涉及经营性备案。请按退回原因修改（如补充 ICP 经营许可证编号，或如实取消"
                 "经营性勾选）后重新提交；经营性备案在我们报送后，还须到管局窗口办理。");
    case GUIDE_SUPPLEMENT:
        return T(
            l, "变更已通过审核，新增网站被退回：请重新打印本页的核验单 2 份（已带“变更已通过审核，"
               "新增补单”字样），签字盖章后交给接入商，并单独重新提交新增网站。");
    case GUIDE_OTHER:
        return T(l, "管局退回：请按下列退回原因修改后重新提交。");
    default:
        return NULL;
    }
}

/* What the messages of an application tell, in no language yet. */
typedef struct AppFacts {
    Application app;
    Subject subject;
    const char *site_number;
    ReturnReason *reasons;
    size_t nreasons;
    ReturnGuide guide;
    int review_days_min, review_days_max; /* its province's (0: unknown) */
} AppFacts;

static int app_facts(Db *db, Arena *a, int64_t app_id, AppEvent ev, AppFacts *x) {
    memset(x, 0, sizeof *x);
    int rc = app_load(db, a, 0, app_id, &x->app, &x->subject);
    if (rc == 0 && x->app.site_id) {
        Site site;
        rc = site_get(db, a, x->app.site_id, &site);
        if (rc == 0) x->site_number = site.site_number;
    }
    bool ret = ev == EVENT_PROVIDER_RETURN || ev == EVENT_REGULATOR_RETURN;
    if (rc == 0 && ret) rc = return_reasons_latest(db, a, app_id, &x->reasons, &x->nreasons);
    if (rc == 0 && (ev == EVENT_SEND || ev == EVENT_SMS_PASSED)) {
        FilingContext ctx;
        ProvinceRules pr;
        rc = app_context(db, a, &x->app, &x->subject, &x->app.values, &ctx, &pr);
        if (rc == 0 && ctx.province)
            x->review_days_min = pr.review_days_min, x->review_days_max = pr.review_days_max;
    }
    if (rc == 0 && ev == EVENT_REGULATOR_RETURN) {
        Checklist cl;
        bool has = false, supplement = false;
        rc = app_checklist(db, a, &x->app, &x->subject, &cl, &has, &supplement);
        x->guide = return_guide_of(x->reasons, x->nreasons, supplement);
    }
    return rc;
}

/* The facts in one language. */
static void facts_in(Arena *a, const AppFacts *x, Lang lang, NoticeFacts *f) {
    memset(f, 0, sizeof *f);
    f->lang = lang;
    f->app_number = x->app.number;
    f->app_kind = x->app.kind;
    f->review_days_min = x->review_days_min;
    f->review_days_max = x->review_days_max;
    f->app_state = x->app.state;
    f->domain = x->app.domain;
    f->subject_number = x->subject.subject_number;
    f->site_number = x->site_number;
    f->reason = x->app.customer_note;
    f->close_days = NOTIFY_CLOSE_DAYS;
    f->guide = guide_text(lang, x->guide);
    NoticeReason *r = ARENA_NEW(a, NoticeReason, x->nreasons + 1);
    for (size_t i = 0; i < x->nreasons; i++) {
        const FilingField *ff = x->reasons[i].field ? filing_field(x->reasons[i].field) : NULL;
        r[i] = (NoticeReason){ff ? filing_field_label(ff, lang) : "", x->reasons[i].reason,
                              x->reasons[i].suggestion};
    }
    f->reasons = r;
    f->nreasons = x->nreasons;
}

static int app_notify_one(Db *db, Arena *a, const AppFacts *x, int64_t account_id, NoticeKind k,
                          const char *link) {
    Recipient to;
    int rc = recipient_get(db, a, account_id, &to);
    if (rc == -ERR_NOT_FOUND) return 0;
    if (rc < 0) return rc;
    NoticeFacts f;
    facts_in(a, x, to.lang, &f);
    return write_to(db, a, &to, k, x->app.id, &f, link);
}

/* A waiting application: to the reviewer who returned it when there is
** one still active, else to every active reviewer. */
static int notify_reviewers(Db *db, Arena *a, const AppFacts *x, AppEvent ev) {
    NoticeKind k = ev == EVENT_RESUBMIT ? NOTICE_REVIEW_RESUBMITTED : NOTICE_REVIEW_NEW;
    const char *link = arena_printf(a, "/staff/applications/%lld", (long long)x->app.id);
    if (ev == EVENT_RESUBMIT && x->app.returned_by) {
        Recipient r;
        int rc = recipient_get(db, a, x->app.returned_by, &r);
        if (rc < 0 && rc != -ERR_NOT_FOUND) return rc;
        if (rc == 0 && !strcmp(r.status, "active")) return app_notify_one(db, a, x, r.id, k, link);
    }
    DbStmt *st;
    DbRc d = db_query(db, &st,
                      "SELECT id FROM accounts WHERE role = 'reviewer' AND status = 'active' "
                      "ORDER BY id LIMIT 200",
                      "");
    if (d < 0) return db_err(d);
    int64_t ids[200];
    size_t n = 0;
    for (; d == DB_ROW && n < 200; d = db_step(st))
        ids[n++] = db_col_i64(st, 0);
    db_done(st);
    if (d < 0) return db_err(d);
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < n; i++)
        rc = app_notify_one(db, a, x, ids[i], k, link);
    return rc;
}

static int notify_event(Db *db, Arena *a, int64_t app_id, AppEvent ev, AppState from) {
    NoticeKind k = customer_kind(ev, from);
    bool reviewers = ev == EVENT_SUBMIT || ev == EVENT_RESUBMIT;
    if (!k && !reviewers) return 0;
    AppFacts x;
    int rc = app_facts(db, a, app_id, ev, &x);
    if (rc < 0) return rc;
    const char *link = arena_printf(a, "/portal/applications/%lld", (long long)app_id);
    if (k) rc = app_notify_one(db, a, &x, x.subject.account_id, k, link);
    if (rc == 0 && reviewers) rc = notify_reviewers(db, a, &x, ev);
    return rc;
}

int notify_application_event(Db *db, Arena *a, int64_t app_id, AppEvent ev, const Actor *who) {
    (void)who;
    return notify_event(db, a, app_id, ev, 0);
}

typedef struct Moved {
    int64_t app_id, actor_id;
    AppEvent ev;
    AppState from;
} Moved;

static int moved_run(Db *db, void *ctx) {
    const Moved *m = ctx;
    Arena a;
    arena_init(&a);
    int rc = notify_event(db, &a, m->app_id, m->ev, m->from);
    arena_free(&a);
    return rc;
}

int notify_app_moved(Db *db, int64_t app_id, AppEvent ev, AppState from_state, int64_t actor_id) {
    Moved m = {app_id, actor_id, ev, from_state};
    return db_tx_defer(db, moved_run, &m, sizeof m);
}
