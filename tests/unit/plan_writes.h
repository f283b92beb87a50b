/*
** The plans of the model's writes (issue 13, item 1), included by
** test_app_queue_plans.c after plan_ops.h, whose recording and explaining
** they share: an account's life (registering, staff deciding it, logging
** in and out, changing the password, recovering the login), a filing's
** life (started, its steps saved, its scans uploaded, submitted, reviewed,
** returned, resubmitted, passed and reopened, sent by the gateway,
** answered by the administration), withdrawals, the admin console's
** edits, the exports, the inbox and the scheduled jobs. Each runs through
** the model's API in the transaction its page or worker runs it in, on the
** generated database.
*/
#ifndef BEIAN_TESTS_PLAN_WRITES_H
#define BEIAN_TESTS_PLAN_WRITES_H

#include "filing_kv.h"
#include "model/app_edit.h"
#include "model/app_submit.h"
#include "model/export.h"
#include "model/forgot.h"
#include "model/province_edit.h"
#include "model/reason_templates.h"
#include "model/recover.h"
#include "model/reset.h"
#include "model/settings.h"
#include "model/text_versions.h"
#include "plan_ops.h"
#include "regulator/codes.h"

static Actor pw_actor(int64_t id) {
    return (Actor){.id = id, .login = "plan", .ip = "127.0.0.1", .request_id = "plan"};
}

static Reviewer pw_reviewer(int64_t id, Role role) {
    return (Reviewer){.who = pw_actor(id), .role = role};
}

/* ---- accounts ----------------------------------------------------------- */

static const LoginPolicy pw_policy = {.window_s = 900, .max_per_account = 5, .max_per_address = 20};

/* A customer's registration form, pending, named after its login. */
static AccountRegister pw_registration(Arena *a, const char *login, const char *email) {
    return (AccountRegister){.in = {.login = login,
                                    .email = email,
                                    .mobile = "13611112222",
                                    .account_type = "individual",
                                    .display_name = login,
                                    .role = "customer",
                                    .status = "pending",
                                    .password_hash = "$argon2id$v=19$plan"},
                             .who = pw_actor(0),
                             .a = a,
                             .origin = "https://plan.example.com"};
}

/* A customer registers (throttle and login checked first); staff approve
** or reject the account. The new account's id. */
static int64_t pw_register(Db *db, Arena *a, const char *login, bool approve, int64_t admin) {
    RegisterBegin b = {.a = a, .login = login, .who = pw_actor(0), .max = 100, .window_s = 3600};
    assert_int_equal(db_tx(db, register_begin, &b), 0);
    assert_false(b.login_taken);
    AccountRegister r = pw_registration(a, login, arena_printf(a, "%s@plan.example.com", login));
    assert_int_equal(db_tx(db, account_register, &r), 0);
    assert_true(r.id > 0);
    AccountFree fr = {.login = login, .email = r.in.email};
    assert_int_equal(db_tx_read(db, account_free, &fr), 0);
    AccountDecision d = {.a = a,
                         .id = r.id,
                         .approve = approve,
                         .reason = approve ? "" : "plan",
                         .who = pw_actor(admin)};
    assert_int_equal(db_tx(db, account_decision, &d), 0);
    char *mobile;
    assert_int_equal(account_mobile(db, a, r.id, &mobile), 0);
    return r.id;
}

/* A registration with an e-mail already registered: its owner is mailed,
** no account made. */
static void pw_register_again(Db *db, Arena *a, const char *email) {
    AccountRegister r = pw_registration(a, "plan-again", email);
    assert_int_equal(db_tx(db, account_register, &r), 0);
    assert_int_equal(r.id, 0);
}

/* Logging in (a wrong password, then the right one), changing the
** password, logging out. */
static void pw_login(Db *db, Arena *a, const char *login) {
    for (int ok = 0; ok < 2; ok++) {
        LoginBegin b = {.a = a, .login = login, .policy = pw_policy, .who = pw_actor(0)};
        assert_int_equal(db_tx(db, login_begin, &b), 0);
        assert_true(b.found && !b.throttled);
        LoginEnd e = {.a = a,
                      .login = login,
                      .found = true,
                      .password_ok = ok,
                      .acct = &b.acct,
                      .user_agent = "plan",
                      .who = pw_actor(0)};
        assert_int_equal(db_tx(db, login_end, &e), 0);
        if (!ok) continue;
        assert_int_equal(e.refused, 0);
        PasswordBegin pb = {
            .a = a, .account_id = b.acct.id, .policy = pw_policy, .who = pw_actor(b.acct.id)};
        assert_int_equal(db_tx(db, password_begin, &pb), 0);
        PasswordEnd pe = {.account_id = b.acct.id,
                          .current_ok = true,
                          .new_hash = "$argon2id$v=19$plan2",
                          .keep_session = e.session_id,
                          .who = pw_actor(b.acct.id)};
        assert_int_equal(db_tx(db, password_end, &pe), 0);
        Logout out = {
            .session_id = e.session_id, .account_id = b.acct.id, .who = pw_actor(b.acct.id)};
        assert_int_equal(db_tx(db, logout, &out), 0);
    }
}

/* Recovering a login by a filed subject's number and its principal's
** e-mail (seed §5), and a password by the login name: the request, the
** sender's processing, the link opened and used; the purge of old links. */
static void pw_recovery(Db *db, Arena *a, const char *login, int64_t account) {
    char number[64];
    ops_pick_text(db, a, "SELECT min(subject_number) FROM subjects", number, sizeof number);
    RecoverRequest rq = {.a = a,
                         .number = number,
                         .email = "plan@example.com",
                         .origin = "https://plan.example.com",
                         .max = 100,
                         .window_s = 3600,
                         .ttl_s = 3600,
                         .who = pw_actor(0)};
    assert_int_equal(db_tx(db, recover_request, &rq), 0);
    RecoverProcess rp = {.a = a, .ttl_s = 3600};
    assert_int_equal(db_tx(db, recover_process, &rp), 0);
    assert_true(rp.done);
    ForgotRequest fq = {.a = a,
                        .name = login,
                        .origin = "https://plan.example.com",
                        .max = 100,
                        .window_s = 3600,
                        .ttl_s = 3600,
                        .who = pw_actor(0)};
    assert_int_equal(db_tx(db, forgot_request, &fq), 0);
    char *token;
    assert_int_equal(reset_create(db, a, account, 3600, &token), 0);
    ResetOpen ro = {.a = a, .token = token};
    assert_int_equal(db_tx_read(db, reset_open, &ro), 0);
    ResetUse ru = {.a = a,
                   .token = token,
                   .account_id = ro.account_id,
                   .new_hash = "$argon2id$v=19$plan3",
                   .who = pw_actor(0)};
    assert_int_equal(db_tx(db, reset_use, &ru), 0);
    assert_int_equal(reset_revoke_account(db, account), 0);
    assert_int_equal(reset_purge(db, time_now()), 0);
}

/* ---- the customer's filing ---------------------------------------------- */

static const char *const pw_site[] = KV_SITE(
    "王芳的读书笔记", "plan-writes.cn", "本网站记录我读过的书和读书心得，不涉及前置审批内容。");

/* A refused input kept as the step's draft, the form read with it, the
** draft discarded and kept again (the save then drops it). */
static void pw_draft(Db *db, Arena *a, int64_t account, int64_t app, FilingStep step,
                     const Values *v) {
    AppStepDraft d = {.a = a, .account_id = account, .app_id = app, .step = step, .input = v};
    assert_int_equal(db_tx(db, app_keep_draft, &d), 0);
    AppStepForm form = {.a = a, .account_id = account, .app_id = app, .step = step};
    assert_int_equal(db_tx_read(db, app_step_form, &form), 0);
    assert_true(form.draft_at > 0);
    assert_int_equal(db_tx(db, app_discard_draft, &d), 0);
    assert_int_equal(db_tx(db, app_keep_draft, &d), 0);
}

/* The step's form read, then saved: what it holds with kv over it. */
static void pw_save(Db *db, Arena *a, int64_t account, int64_t app, FilingStep step,
                    const char *const *kv) {
    AppStepForm form = {.a = a, .account_id = account, .app_id = app, .step = step};
    assert_int_equal(db_tx_read(db, app_step_form, &form), 0);
    Values *v = ARENA_NEW(a, Values, 1);
    values_init(v, a);
    values_copy_groups(v, &form.app.values, ~0u);
    for (size_t i = 0; kv[i]; i += 2)
        values_set(v, filing_field_id(kv[i]), kv[i + 1]);
    pw_draft(db, a, account, app, step, v);
    AppSaveStep s = {.a = a,
                     .account_id = account,
                     .app_id = app,
                     .step = step,
                     .input = v,
                     .who = pw_actor(account)};
    assert_int_equal(db_tx(db, app_save_step, &s), 0);
}

/* An upload of the generator's scan (a real image: the regulator's upload
** is built from it); fresh: with a byte more and a thumbnail, bytes the
** store has not seen. account 0: staff (by). */
static int64_t pw_upload(Db *db, Arena *a, int64_t account, int64_t by, int64_t app,
                         const char *slot, const char *side, bool fresh) {
    char blob[128];
    ops_pick_text(db, a, "SELECT blob FROM application_files WHERE id = 1", blob, sizeof blob);
    void *bytes = NULL;
    size_t n = 0;
    ops_rec->paused = true;
    assert_int_equal(blob_read(db, a, blob, &bytes, &n), 0);
    ops_rec->paused = false;
    if (fresh) {
        char *more = arena_alloc(a, n + 1);
        memcpy(more, bytes, n);
        more[n++] = 'x';
        bytes = more;
    }
    FileUpload up = {.a = a,
                     .account_id = account,
                     .app_id = app,
                     .data = bytes,
                     .n = n,
                     .thumb = fresh ? bytes : NULL,
                     .thumb_n = fresh ? n : 0,
                     .quota = account ? 100 << 20 : 0,
                     .f = {.slot = slot,
                           .side = side,
                           .name = "plan.png",
                           .mime = "image/png",
                           .width = 10,
                           .height = 10,
                           .uploaded_by = by},
                     .who = pw_actor(by)};
    assert_int_equal(db_tx(db, file_upload, &up), 0);
    return up.f.id;
}

static void pw_submit(Db *db, Arena *a, int64_t account, int64_t app) {
    AppSubmit s = {.a = a,
                   .account_id = account,
                   .app_ids = {app},
                   .n = 1,
                   .note = "请审核",
                   .who = pw_actor(account)};
    assert_int_equal(db_tx(db, app_submit, &s), 0);
}

/* A first filing: started, its steps saved, its scans uploaded (an ID
** copy's side replaced; new bytes, their thumbnail read, removed and
** erased), submitted. Its id. */
static int64_t pw_filing(Db *db, Arena *a, int64_t account) {
    AppStart st = {
        .a = a, .account_id = account, .kind = KIND_FIRST_FILING, .who = pw_actor(account)};
    assert_int_equal(db_tx(db, app_start, &st), 0);
    int64_t app = st.app_id;
    pw_save(db, a, account, app, STEP_SUBJECT, kv_subject);
    pw_save(db, a, account, app, STEP_SITE, pw_site);
    pw_save(db, a, account, app, STEP_ACCESS, kv_access);
    pw_upload(db, a, account, account, app, "verification_form", "", false);
    pw_upload(db, a, account, account, app, "principal_id_copy", "front", false);
    pw_upload(db, a, account, account, app, "principal_id_copy", "front", false); /* replaces */
    int64_t extra = pw_upload(db, a, account, account, app, "verification_form", "", true);
    FileRead rd = {.a = a,
                   .account_id = account,
                   .app_id = app,
                   .file_id = extra,
                   .thumbnail = true,
                   .who = pw_actor(account)};
    assert_int_equal(db_tx(db, file_read, &rd), 0);
    FileRemove rm = {
        .a = a, .account_id = account, .app_id = app, .file_id = extra, .who = pw_actor(account)};
    assert_int_equal(db_tx(db, file_remove, &rm), 0);
    pw_submit(db, a, account, app);
    return app;
}

/* A customer withdraws an application waiting for the provider. */
static void pw_withdraw(Db *db, Arena *a) {
    int64_t app = ops_pick(db, "SELECT max(id) FROM applications WHERE state = 'provider_review' "
                               "AND claimed_by IS NULL");
    int64_t account = ops_pick_i(db,
                                 "SELECT s.account_id FROM applications a JOIN subjects s "
                                 "ON s.id = a.subject_id WHERE a.id = ?",
                                 "i", app);
    AppWithdraw w = {.a = a, .account_id = account, .app_id = app, .who = pw_actor(account)};
    assert_int_equal(db_tx(db, app_withdraw, &w), 0);
}

/* A filed site whose subject has nothing in flight, the first or the last
** (which: "min" or "max" id); *account gets its customer. */
static int64_t pw_filed_site(Db *db, Arena *a, const char *which, int64_t *account) {
    int64_t site =
        ops_pick(db, arena_printf(a,
                                  "SELECT %s(si.id) FROM sites si JOIN subjects s ON s.id = "
                                  "si.subject_id WHERE si.site_number IS NOT NULL AND NOT EXISTS "
                                  "(SELECT 1 FROM applications a WHERE a.subject_id = s.id AND "
                                  "a.state NOT IN ('approved', 'withdrawn', 'closed'))",
                                  which));
    *account = ops_pick_i(db,
                          "SELECT s.account_id FROM sites si JOIN subjects s "
                          "ON s.id = si.subject_id WHERE si.id = ?",
                          "i", site);
    return site;
}

/* A filed customer starts a change of their subject and one of a site
** (the filed records copied into the drafts), and cancels a site. */
static void pw_changes(Db *db, Arena *a) {
    int64_t account, site = pw_filed_site(db, a, "max", &account);
    static const AppKind kinds[] = {KIND_CHANGE_SUBJECT, KIND_CHANGE_SITE, KIND_CANCEL_SITE};
    for (size_t i = 0; i < 3; i++) {
        AppStart st = {.a = a,
                       .account_id = account,
                       .kind = kinds[i],
                       .site_id = kinds[i] == KIND_CHANGE_SUBJECT ? 0 : site,
                       .who = pw_actor(account)};
        assert_int_equal(db_tx(db, app_start, &st), 0);
    }
}

static const char *const pw_new_site[] =
    KV_SITE("王芳的旅行日记", "plan-batch.cn", "本网站记录我的旅行见闻，不涉及前置审批内容。");

static const char *const pw_site_change[] = {
    "site_description", "本网站记录读书心得与书评，不涉及前置审批内容。", NULL};

/* A filed customer's batch (seed §4.4): a change of a site (its steps
** saved, one text changed) and a new site, submitted together. */
static void pw_batch(Db *db, Arena *a) {
    int64_t account, site = pw_filed_site(db, a, "min", &account);
    static const AppKind kinds[] = {KIND_CHANGE_SITE, KIND_NEW_SITE};
    static const char *const none[] = {NULL};
    AppSubmit sub = {
        .a = a, .account_id = account, .n = 2, .note = "请审核", .who = pw_actor(account)};
    for (size_t i = 0; i < 2; i++) {
        AppStart st = {.a = a,
                       .account_id = account,
                       .kind = kinds[i],
                       .site_id = kinds[i] == KIND_CHANGE_SITE ? site : 0,
                       .who = pw_actor(account)};
        assert_int_equal(db_tx(db, app_start, &st), 0);
        sub.app_ids[i] = st.app_id;
        size_t n;
        const FilingStep *steps = filing_steps(kinds[i], &n);
        for (size_t k = 0; k < n && steps[k] != STEP_VERIFY; k++) {
            const char *const *kv = none;
            if (steps[k] == STEP_SITE) kv = i ? pw_new_site : pw_site_change;
            if (steps[k] == STEP_ACCESS && i) kv = kv_access;
            pw_save(db, a, account, st.app_id, steps[k], kv);
        }
    }
    assert_int_equal(db_tx(db, app_submit, &sub), 0);
}

/* ---- the provider's review ---------------------------------------------- */

static void pw_claim(Db *db, int64_t app, ClaimAction action, Reviewer by) {
    ReviewClaim c = {.app_id = app, .action = action, .by = by};
    assert_int_equal(db_tx(db, review_claim, &c), 0);
}

static void pw_decide(Db *db, Arena *a, int64_t app, ReviewDecision d, Reviewer by) {
    static const ReturnPick picks[] = {
        {.field = F_SITE_NAME, .reason = "网站名称不符", .suggestion = "请修改"}};
    ReviewDecide op = {.a = a,
                       .app_id = app,
                       .decision = d,
                       .override_reason = "材料已当面核对",
                       .picks = picks,
                       .npicks = d == DECIDE_RETURN,
                       .note = "plan",
                       .by = by};
    assert_int_equal(db_tx(db, review_decide, &op), 0);
}

/* Claim, release, claim again, an admin's take-over (the application's
** view names the holder); materials ticked, the on-site verification (done
** with the staff's photo), the call; returned with a reason, fixed and
** resubmitted by the customer, passed (the upload written), reopened,
** passed again. */
static void pw_review(Db *db, Arena *a, int64_t app, int64_t account, int64_t reviewer,
                      int64_t admin) {
    Reviewer rev = pw_reviewer(reviewer, ROLE_REVIEWER), adm = pw_reviewer(admin, ROLE_ADMIN);
    pw_claim(db, app, CLAIM_TAKE, rev);
    pw_claim(db, app, CLAIM_RELEASE, rev);
    pw_claim(db, app, CLAIM_TAKE, rev);
    pw_claim(db, app, CLAIM_TAKE_OVER, adm);
    ReviewView rv = {
        .v = {.a = a, .app_id = app, .audit_action = "application.view", .who = rev.who},
        .role = ROLE_REVIEWER};
    assert_int_equal(db_tx(db, review_view, &rv), 0); /* held: by whom */
    static const MaterialTick ticks[] = {{"verification_form", 1}, {"principal_id_copy", 1}};
    ReviewMaterials m = {.app_id = app, .ticks = ticks, .n = 2, .by = adm};
    assert_int_equal(db_tx(db, review_materials, &m), 0);
    int64_t photo = pw_upload(db, a, 0, admin, app, FILE_SLOT_ONSITE_PHOTO, "", false);
    ReviewOnsite on = {.a = a,
                       .app_id = app,
                       .kind = ONSITE_DONE,
                       .verified_on = "2026-01-05",
                       .photo_file_id = photo,
                       .note = "plan",
                       .by = adm};
    assert_int_equal(db_tx(db, review_onsite, &on), 0);
    ReviewCall call = {.app_id = app,
                       .person = "subject_principal",
                       .outcome = "confirmed",
                       .note = "plan",
                       .by = adm};
    assert_int_equal(db_tx(db, review_call, &call), 0);
    pw_decide(db, a, app, DECIDE_RETURN, adm);
    pw_save(db, a, account, app, STEP_SITE, pw_site);
    pw_submit(db, a, account, app);
    pw_decide(db, a, app, DECIDE_PASS, adm);
    pw_decide(db, a, app, DECIDE_REOPEN, adm);
    pw_decide(db, a, app, DECIDE_PASS, adm);
}

/* The on-site verification of generated applications waiting for the
** provider: covered by an earlier one of their subject, or not needed. */
static void pw_onsite_other(Db *db, Arena *a, int64_t admin) {
    Reviewer adm = pw_reviewer(admin, ROLE_ADMIN);
    int64_t app = ops_pick(db, "SELECT max(a.id) FROM applications a JOIN onsite_verifications o "
                               "ON o.subject_id = a.subject_id WHERE a.state = 'provider_review' "
                               "AND a.claimed_by IS NULL AND o.kind = 'done'");
    int64_t earlier =
        ops_pick_i(db,
                   "SELECT max(o.id) FROM onsite_verifications o JOIN applications a "
                   "ON a.subject_id = o.subject_id WHERE a.id = ? AND o.kind = 'done'",
                   "i", app);
    ReviewOnsite on = {.a = a,
                       .app_id = app,
                       .kind = ONSITE_COVERED,
                       .covered_by = earlier,
                       .note = "plan",
                       .by = adm};
    assert_int_equal(db_tx(db, review_onsite, &on), 0);
    on =
        (ReviewOnsite){.a = a, .app_id = app, .kind = ONSITE_NOT_NEEDED, .note = "plan", .by = adm};
    (void)db_tx(db, review_onsite, &on); /* refused when the checklist needs one: its reads run */
}

/* ---- the gateway -------------------------------------------------------- */

/* The link's worker sends the application's upload: lease, the next
** upload, sending, a refusal to retry, sending, accepted (the application
** is with the administration); a resync and a resend; the lease back. */
static void pw_send(Db *db, Arena *a, int64_t app) {
    int64_t now = time_now();
    bool claimed = false;
    assert_int_equal(regulator_link_claim(db, 0, "plan", now, 60, &claimed), 0);
    assert_true(claimed);
    RegUploadRow up;
    assert_int_equal(regulator_upload_next(db, a, 0, &up), 0);
    assert_int_equal(up.application_id, app);
    assert_int_equal(regulator_upload_sending(db, up.id, "plan", now, 60), 0);
    assert_int_equal(regulator_upload_retry(db, up.id, 12, "plan", now), 0);
    assert_int_equal(regulator_upload_sending(db, up.id, "plan", now, 60), 0);
    assert_int_equal(regulator_upload_accepted(db, a, up.id, now), 0);
    assert_int_equal(regulator_uploads_accepted_through(db, a, 0, up.seq, now), 0);
    assert_int_equal(regulator_uploads_resend(db, 0, &up.seq, 1), 0);
    assert_int_equal(regulator_upload_sending(db, up.id, "plan", now, 60), 0);
    assert_int_equal(regulator_upload_accepted(db, a, up.id, now), 0);
    assert_int_equal(regulator_link_contact(db, 0, now, "plan: no answer", false), 0);
    assert_int_equal(regulator_link_contact(db, 0, now, NULL, true), 0);
    assert_int_equal(regulator_link_release(db, 0, "plan"), 0);
}

typedef struct PwApply {
    Arena *a;
    const char *name;
    const DownloadData *d;
    bool fresh;
} PwApply;

static int pw_apply_tx(Db *db, void *ctx) {
    PwApply *x = ctx;
    return regulator_apply(db, x->a, 0, x->name, x->d, &x->fresh);
}

/* Apply one result code (and the filed records, for an approval) about
** app, named as its upload names it. */
static void pw_apply(Db *db, Arena *a, int64_t app, int64_t code, const DlFiling *filed) {
    char key[128];
    ops_rec->paused = true;
    DbStmt *st;
    assert_int_equal(db_query(db, &st,
                              "SELECT result_key FROM regulator_uploads WHERE "
                              "application_id = ? ORDER BY id DESC LIMIT 1",
                              "i", app),
                     DB_ROW);
    snprintf(key, sizeof key, "%s", db_col_text(st, a, 0));
    db_done(st);
    ops_rec->paused = false;
    char *colon = strchr(key, ':');
    assert_non_null(colon);
    *colon = 0;
    DlCode c = {.code = code, .desc = code == REG_SMS_SENT ? "2026-12-31 12:00:00" : ""};
    DlResult r = {.codes = &c, .n_codes = 1, .op = strtoll(key, NULL, 10), .key = colon + 1};
    DownloadData d = {.kind = DOWNLOAD_ICP,
                      .has_results = true,
                      .results = &r,
                      .n_results = 1,
                      .has_filed = filed != NULL,
                      .filed = filed,
                      .n_filed = filed != NULL};
    PwApply x = {.a = a,
                 .name = arena_printf(a, "DL_plan_%lld_%lld.xml", (long long)app, (long long)code),
                 .d = &d};
    assert_int_equal(db_tx(db, pw_apply_tx, &x), 0);
    assert_true(x.fresh);
    assert_int_equal(regulator_download_acked(db, 0, x.name, time_now()), 0);
}

/* The administration's answers: the SMS sent (its deadline, announced and
** reminded by the SMS job), then the approval with the numbers of the
** filed records. */
static void pw_approve(Db *db, Arena *a, int64_t app) {
    pw_apply(db, a, app, REG_SMS_SENT, NULL);
    int64_t deadline =
        ops_pick_i(db, "SELECT sms_deadline FROM applications WHERE id = ?", "i", app);
    int messages = 0;
    assert_int_equal(notify_sms_due(db, time_now(), &messages), 0);
    assert_int_equal(notify_sms_due(db, deadline - 3600, &messages), 0);
    assert_true(messages > 0);
    int64_t subject = ops_pick_i(db, "SELECT subject_id FROM applications WHERE id = ?", "i", app);
    int64_t site = ops_pick_i(db, "SELECT site_id FROM applications WHERE id = ?", "i", app);
    RegSite w = {.isp_id = site, .bureau_id = 9000001, .number = "沪ICP备2026990001号-1"};
    DlFiling f = {
        .subject = {.isp_id = subject, .bureau_id = 9000002, .number = "沪ICP备2026990001号"},
        .sites = &w,
        .n_sites = 1};
    pw_apply(db, a, app, 1001, &f);
}

/* A generated application waiting for the provider, passed, sent, and
** returned by the administration. */
static void pw_regulator_return(Db *db, Arena *a, int64_t admin) {
    int64_t app = ops_pick(db, "SELECT min(id) FROM applications WHERE state = 'provider_review' "
                               "AND claimed_by IS NULL AND kind = 'first_filing'");
    pw_decide(db, a, app, DECIDE_PASS, pw_reviewer(admin, ROLE_ADMIN));
    pw_send(db, a, app);
    pw_apply(db, a, app, 4002, NULL);
}

/* ---- the admin console -------------------------------------------------- */

/* A staff account created, promoted, disabled and enabled, its password
** reset. */
static void pw_staff(Db *db, Arena *a, int64_t admin) {
    StaffCreate c = {.a = a,
                     .in = {.login = "plan-staff",
                            .email = "plan-staff@plan.example.com",
                            .mobile = "13611113333",
                            .display_name = "plan",
                            .role = "reviewer",
                            .password_hash = "$argon2id$v=19$plan"},
                     .who = pw_actor(admin)};
    assert_int_equal(db_tx(db, staff_create, &c), 0);
    StaffChange ch = {.a = a, .id = c.out.id, .role = "admin", .who = pw_actor(admin)};
    assert_int_equal(db_tx(db, staff_set_role, &ch), 0);
    ch = (StaffChange){
        .a = a, .id = c.out.id, .enable = false, .reason = "plan", .who = pw_actor(admin)};
    assert_int_equal(db_tx(db, staff_set_enabled, &ch), 0);
    ch = (StaffChange){.a = a, .id = c.out.id, .enable = true, .who = pw_actor(admin)};
    assert_int_equal(db_tx(db, staff_set_enabled, &ch), 0);
    ch = (StaffChange){
        .a = a, .id = c.out.id, .password_hash = "$argon2id$v=19$plan2", .who = pw_actor(admin)};
    assert_int_equal(db_tx(db, staff_set_password, &ch), 0);
}

/* The settings saved; a new version of a printed form's text; a return
** reason added, edited, moved and deactivated; a province's rules saved
** (the old version to the history). */
static void pw_console(Db *db, Arena *a, int64_t admin) {
    SettingsPage sp = {.a = a, .s = settings_defaults(NULL)};
    assert_int_equal(db_tx_read(db, settings_page, &sp), 0);
    SettingsSave ss = {
        .a = a, .defaults = settings_defaults(NULL), .in = sp.s, .who = pw_actor(admin)};
    ss.in.review_hours = sp.s.review_hours + 1;
    ss.in.onsite_hours = "工作日 9:00–17:00";
    assert_int_equal(db_tx(db, settings_save, &ss), 0);
    int hours = 0;
    assert_int_equal(settings_review_hours(db, &hours), 0);
    TextVersionSave tv = {.kind = "agreement",
                          .text = "甲方{subject_name}与乙方{provider_name}约定。",
                          .who = pw_actor(admin)};
    assert_int_equal(db_tx(db, text_version_save, &tv), 0);
    TextVersionsPage tp = {.a = a, .kind = "agreement"};
    assert_int_equal(db_tx_read(db, text_versions_page, &tp), 0);
    ReasonSave rs = {.a = a,
                     .field = "site_name",
                     .text_zh = "网站名称不符",
                     .text_en = "The site's name does not fit",
                     .suggestion_zh = "",
                     .suggestion_en = "",
                     .who = pw_actor(admin)};
    assert_int_equal(db_tx(db, reason_save, &rs), 0);
    rs.id = rs.out.id, rs.suggestion_zh = "请修改";
    assert_int_equal(db_tx(db, reason_save, &rs), 0);
    ReasonChange rc = {.a = a, .id = rs.out.id, .move = -1, .active = -1, .who = pw_actor(admin)};
    assert_int_equal(db_tx(db, reason_move, &rc), 0);
    rc = (ReasonChange){.a = a, .id = rs.out.id, .active = 0, .who = pw_actor(admin)};
    assert_int_equal(db_tx(db, reason_set_active, &rc), 0);
    ReasonsPage rp = {.a = a};
    assert_int_equal(db_tx_read(db, reasons_page, &rp), 0);
    ProvincePage pp = {.a = a, .code = 44};
    assert_int_equal(db_tx_read(db, province_page, &pp), 0);
    json_t *doc = province_rules_json(&pp.row.rules);
    json_object_set_new(doc, "min_age", json_integer(pp.row.rules.min_age + 1));
    ProvinceSave ps = {
        .a = a, .code = 44, .doc = doc, .base = pp.row.version, .who = pw_actor(admin)};
    assert_int_equal(db_tx(db, province_save, &ps), 0);
    json_decref(doc);
    ProvincesPage all = {.a = a};
    assert_int_equal(db_tx_read(db, provinces_page, &all), 0);
}

/* ---- exports ------------------------------------------------------------ */

static int pw_sink_start(void *ctx) {
    (void)ctx;
    return 0;
}

static int pw_sink_queue(void *ctx, Arena *scratch, const ExportQueueRow *row) {
    (void)ctx, (void)scratch, (void)row;
    return 0;
}

static int pw_sink_site(void *ctx, Arena *scratch, const ExportSiteRow *row) {
    (void)ctx, (void)scratch, (void)row;
    return 0;
}

/* A queue with a filter and the filed sites, two pages each, in clear;
** their audit rows. */
static void pw_exports(Db *db, Arena *a, int64_t admin) {
    ExportRun run = {.role = ROLE_ADMIN,
                     .unmasked = true,
                     .max_rows = 2 * EXPORT_PAGE + 1,
                     .sink = {pw_sink_start, pw_sink_queue, pw_sink_site, NULL}};
    ExportQueue q = {
        .run = run,
        .f = {.queue = QUEUE_ALL, .province = 44, .commercial = -1, .q = "", .limit_hours = 24},
        .now = time_now()};
    assert_int_equal(db_tx_read(db, export_queue, &q), 0);
    ExportSites s = {.run = run};
    assert_int_equal(db_tx_read(db, export_sites, &s), 0);
    assert_true(s.run.rows > EXPORT_PAGE);
    ExportAudit au = {.a = a,
                      .who = pw_actor(admin),
                      .action = "export.sites",
                      .format = "csv",
                      .filter = "",
                      .rows = s.run.rows,
                      .cut = s.run.cut,
                      .unmasked = true};
    assert_int_equal(db_tx(db, export_audit, &au), 0);
}

/* ---- the inbox and the scheduled jobs ----------------------------------- */

/* Every message of an account marked read, its language switched; the
** jobs' lease and the purges they run (the timers: ops_mail). */
static void pw_jobs(Db *db, int64_t customer) {
    InboxRead rd = {.account_id = customer, .who = pw_actor(customer)};
    assert_int_equal(db_tx(db, inbox_read, &rd), 0);
    AccountLang al = {.account_id = customer, .lang = LANG_EN, .who = pw_actor(customer)};
    assert_int_equal(db_tx(db, account_lang, &al), 0);
    int64_t now = time_now();
    bool claimed = false;
    assert_int_equal(schedule_ensure(db, "plan", now), 0);
    assert_int_equal(schedule_claim(db, "plan", "plan", now, 60, &claimed), 0);
    assert_int_equal(schedule_done(db, "plan", "plan", now, now + 60, NULL), 0);
    FileRetention fr = {.before = now, .limit = 200};
    assert_int_equal(db_tx(db, file_retention_erase, &fr), 0);
}

/* ---- all of them -------------------------------------------------------- */

static void run_writes(Db *db, Recorded *rec) {
    ops_rec = rec;
    db_trace(record_sql, rec);
    Arena a;
    arena_init(&a);
    int64_t admin = ops_pick(db, "SELECT min(id) FROM accounts WHERE role = 'admin'");
    int64_t reviewer = ops_pick(db, "SELECT min(id) FROM accounts WHERE role = 'reviewer'");
    RegLinkConf link0 = {.id = 0, .endpoint = "", .isp_id = 1001};
    assert_int_equal(regulator_links_sync(db, &link0, 1), 0);
    int64_t customer = pw_register(db, &a, "plan-writes", true, admin);
    pw_register(db, &a, "plan-refused", false, admin);
    pw_register_again(db, &a, "plan-writes@plan.example.com");
    pw_login(db, &a, "plan-writes");
    pw_recovery(db, &a, "plan-writes", customer);
    int64_t app = pw_filing(db, &a, customer);
    pw_review(db, &a, app, customer, reviewer, admin);
    pw_send(db, &a, app);
    pw_approve(db, &a, app);
    pw_regulator_return(db, &a, admin);
    pw_onsite_other(db, &a, admin);
    pw_withdraw(db, &a);
    pw_changes(db, &a);
    pw_batch(db, &a);
    pw_staff(db, &a, admin);
    pw_console(db, &a, admin);
    pw_exports(db, &a, admin);
    pw_jobs(db, customer);
    arena_free(&a);
    db_trace(NULL, NULL);
}

#endif
