/*
** The reviewer's decisions: pass (after the check of materials, the
** verification form's scan, the on-site verification and the call, or with
** an override), return with reasons, reopen.
*/
#include <string.h>

#include "core/buf.h"
#include "core/err.h"
#include "core/util.h"
#include "model/reason_templates.h"
#include "model/regulator_outbox.h"
#include "model/review.h"
#include "rules/lifecycle.h"

bool pass_check_ok(const PassCheck *c) {
    return !c->n_missing && !c->form_scan_missing && !c->onsite_missing && !c->call_missing;
}

static int count_q(Db *db, const char *sql, int64_t id, const char *text, int64_t *n) {
    *n = 0;
    DbRc rc = text ? db_query_i64(db, n, sql, "it", id, text) : db_query_i64(db, n, sql, "i", id);
    return rc < 0 ? db_err(rc) : 0;
}

/* Items of the checklist not fully received. */
static int check_materials(Db *db, const Application *app, const Checklist *c, PassCheck *out) {
    for (size_t i = 0; i < c->n_items; i++) {
        int64_t got = 0;
        int rc = count_q(db,
                         "SELECT COALESCE(max(copies), 0) FROM materials_received WHERE "
                         "application_id = ? AND item_code = ?",
                         app->id, c->items[i].code, &got);
        if (rc < 0) return rc;
        if (got < c->items[i].total) out->missing[out->n_missing++] = c->items[i].code;
    }
    return 0;
}

/* Seed §4.1: the administration returns a filing whose verification form it
** lacks, so its scan must be attached before the application leaves. */
static int check_form_scan(Db *db, const Application *app, const Checklist *c, PassCheck *out) {
    if (!checklist_find(c, "verification_form")) return 0;
    int64_t scans = 0;
    int rc = count_q(db,
                     "SELECT count(*) FROM application_files WHERE application_id = ? AND "
                     "slot = ? AND deleted_at IS NULL",
                     app->id, "verification_form", &scans);
    out->form_scan_missing = rc == 0 && scans == 0;
    return rc;
}

static int check_onsite_and_call(Db *db, const Application *app, const Checklist *c,
                                 PassCheck *out) {
    int64_t onsite = 0, calls = 0;
    int rc = count_q(db,
                     "SELECT count(*) FROM onsite_verifications WHERE application_id = ? "
                     "AND kind IN ('done', 'covered')",
                     app->id, NULL, &onsite);
    if (rc == 0)
        rc = count_q(db,
                     "SELECT count(*) FROM verification_calls WHERE application_id = ? AND "
                     "outcome = 'confirmed'",
                     app->id, NULL, &calls);
    out->onsite_missing = c->onsite && onsite == 0;
    out->call_missing = calls == 0;
    return rc;
}

/* What stands between the application and a pass. */
int review_pass_check(Db *db, Arena *a, const Application *app, const Subject *s, PassCheck *out) {
    memset(out, 0, sizeof *out);
    Checklist c;
    bool has = false;
    int rc = app_checklist(db, a, app, s, &c, &has, NULL);
    if (rc == 0) rc = check_materials(db, app, &c, out);
    if (rc == 0) rc = check_form_scan(db, app, &c, out);
    if (rc == 0) rc = check_onsite_and_call(db, app, &c, out);
    return rc;
}

/* The words of what was missing, for the audit row of an override. */
static const char *missing_words(Arena *a, const PassCheck *c, const char *reason) {
    Buf b;
    buf_init(&b, a);
    buf_printf(&b, "override: %s; missing:", reason);
    for (size_t i = 0; i < c->n_missing; i++)
        buf_printf(&b, " %s", c->missing[i]);
    if (c->form_scan_missing) buf_puts(&b, " verification_form_scan");
    if (c->onsite_missing) buf_puts(&b, " onsite");
    if (c->call_missing) buf_puts(&b, " call");
    return b.data;
}

static AppEvent event_of(ReviewDecision d) {
    return d == DECIDE_PASS     ? EVENT_PROVIDER_APPROVE
           : d == DECIDE_RETURN ? EVENT_PROVIDER_RETURN
                                : EVENT_REOPEN;
}

/* A pass: the check, or an override with its reason (audited). */
static int pass_gate(Db *db, ReviewDecide *op, const Application *app, const Subject *s) {
    int rc = review_pass_check(db, op->a, app, s, &op->check);
    if (rc < 0 || pass_check_ok(&op->check)) return rc;
    const char *why = op->override_reason ? op->override_reason : "";
    if (!*why) return -ERR_PASS_BLOCKED;
    size_t n = utf8_len(why);
    if (n < 5 || n > 500) return -ERR_OVERRIDE_REASON;
    return audit_write(db, &op->by.who, "review.pass_override", "application", app->id,
                       missing_words(op->a, &op->check, why));
}

/* A standard reason's text in lang (the Chinese one when it has no other). */
static const char *in_lang(Lang lang, const char *zh, const char *en) {
    return lang == LANG_EN && en && *en ? en : zh ? zh : "";
}

static int pick_item(Db *db, Arena *a, Lang lang, const ReturnPick *p, ReturnItem *out) {
    *out = (ReturnItem){.field = p->field,
                        .reason = p->reason ? p->reason : "",
                        .suggestion = p->suggestion ? p->suggestion : ""};
    if (!p->template_id) return 0;
    ReasonTemplate t;
    int rc = reason_template_get(db, a, p->template_id, &t);
    if (rc == -ERR_NOT_FOUND || (rc == 0 && !t.active)) return -ERR_REASON_INACTIVE;
    if (rc < 0) return rc;
    if (!out->field && *t.field) out->field = filing_field_id(t.field);
    if (!*out->reason) out->reason = in_lang(lang, t.text_zh, t.text_en);
    if (!*out->suggestion) out->suggestion = in_lang(lang, t.suggestion_zh, t.suggestion_en);
    return 0;
}

int review_return_items(Db *db, Arena *a, Lang lang, const ReturnPick *picks, size_t n,
                        ReturnItem **out, size_t *nout) {
    *out = ARENA_NEW(a, ReturnItem, n + 1);
    *nout = 0;
    for (size_t i = 0; i < n; i++) {
        if (!picks[i].template_id && (!picks[i].reason || !*picks[i].reason)) continue;
        int rc = pick_item(db, a, lang, &picks[i], &(*out)[*nout]);
        if (rc < 0) return rc;
        (*nout)++;
    }
    return *nout ? 0 : -ERR_RETURN_REASONS;
}

int review_decide(Db *db, void *ctx) {
    ReviewDecide *op = ctx;
    op->to = 0;
    memset(&op->check, 0, sizeof op->check);
    Application app;
    Subject s;
    int rc = app_load(db, op->a, 0, op->app_id, &app, &s);
    if (rc < 0) return rc;
    AppEvent ev = event_of(op->decision);
    AppState to;
    rc = lifecycle_next(app.kind, app.state, ev, op->by.role, &to);
    if (rc < 0) return rc;
    /* Deciding needs the claim; reopening a return (nobody holds it) takes it. */
    if (op->decision != DECIDE_REOPEN) rc = review_hold(db, &op->by, &app);
    if (rc == 0 && op->decision == DECIDE_PASS) rc = pass_gate(db, op, &app, &s);
    ReturnItem *items = NULL;
    size_t nitems = 0;
    if (rc == 0 && op->decision == DECIDE_RETURN)
        rc = review_return_items(db, op->a, op->lang, op->picks, op->npicks, &items, &nitems);
    if (rc < 0) return rc;
    AppDecide d = {.a = op->a,
                   .app_id = app.id,
                   .event = ev,
                   .role = op->by.role,
                   .who = op->by.who,
                   .note = op->note,
                   .items = items,
                   .nitems = nitems};
    /* A pass not sent yet is taken back from the administration's outbox. */
    if (op->decision == DECIDE_REOPEN && app.state == STATE_TO_REGULATOR)
        rc = regulator_unqueue(db, app.id);
    if (rc == 0) rc = app_decide(db, &d);
    /* The pass writes the upload to the administration in the same
    ** transaction: it is sent by the gateway, in number order. */
    if (rc == 0 && op->decision == DECIDE_PASS)
        rc = regulator_enqueue(db, op->a, app.id, &op->by.who, NULL);
    if (rc == 0) op->to = d.to;
    return rc;
}
