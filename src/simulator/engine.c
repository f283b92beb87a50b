/*
** The engine: uploads into items, the items' results, reviews and timers
** (see engine.h). SMS verification is in engine_sms.c, approvals in
** approve.c.
*/
#include "simulator/engine.h"

#include <string.h>

#include "core/err.h"
#include "core/util.h"
#include "regulator/codes.h"
#include "simulator/dlqueue.h"
#include "simulator/engine_int.h"

/* The reviewer the simulated administration signs its reviews with. */
#define REVIEWER       "管局审核员（模拟）"
#define REVIEWER_PHONE "010-66668888"

SimEnv sim_env(Db *db, int64_t isp) {
    return (SimEnv){.isp = isp, .now = sim_now(db), .set = simstore_settings(db)};
}

int engine_sequence(Db *db, int64_t sequence, int64_t *last, SeqVerdict *v) {
    *last = simstore_get_int(db, "last_sequence", 0);
    *v = sequence <= *last ? SEQ_REPEAT : sequence == *last + 1 ? SEQ_NEXT : SEQ_GAP;
    return 0;
}

int engine_in_flight(Db *db, int64_t *n) {
    DbRc rc =
        db_query_i64(db, n, "SELECT count(*) FROM sim_items WHERE state IN ('sms', 'review')", "");
    return rc < 0 ? db_err(rc) : 0;
}

/* --------------------------------------------------------------- results */

DlResult *engine_result(Arena *a, const Intake *corr, int64_t code, const char *desc) {
    DlCode *c = ARENA_NEW(a, DlCode, 1);
    *c = (DlCode){code, sim_cut(a, desc ? desc : regulator_code_text((int)code, LANG_ZH), 255)};
    DlResult *r = ARENA_NEW(a, DlResult, 1);
    *r = (DlResult){.codes = c, .n_codes = 1, .op = corr->czlx, .key = sim_cut(a, corr->bs, 255)};
    return r;
}

DlReview *engine_reviews(Arena *a, const SimEnv *env, const Intake *corr, bool approved,
                         const char *opinion, size_t *n) {
    DlReview *v = ARENA_NEW(a, DlReview, corr->n_jlids + 1);
    for (size_t i = 0; i < corr->n_jlids; i++)
        v[i] = (DlReview){.reviewer = REVIEWER,
                          .phone = REVIEWER_PHONE,
                          .time = sim_time_text(a, env->now),
                          .opinion = sim_cut(a, opinion, 1024),
                          .approved = approved,
                          .op = corr->czlx,
                          .record_id = corr->jlids[i]};
    *n = corr->n_jlids;
    return v;
}

int engine_send(Db *db, Arena *a, const SimEnv *env, int64_t item_id, const Intake *corr,
                int64_t code, const char *desc, const DlReview *reviews, size_t n_reviews) {
    DownloadData d = {.kind = DOWNLOAD_ICP,
                      .has_results = true,
                      .results = engine_result(a, corr, code, desc),
                      .n_results = 1,
                      .reviews = reviews,
                      .n_reviews = n_reviews};
    const char *summary =
        arena_printf(a, "BAJG %lld %s (Czlx %lld, Bs %s)", (long long)code,
                     regulator_code_text((int)code, LANG_ZH), (long long)corr->czlx, corr->bs);
    return dlqueue_put(db, a, env->now, item_id, summary, &d);
}

/* ----------------------------------------------------------------- items */

int item_load(Db *db, Arena *a, int64_t id, SimItem *out) {
    DbStmt *st;
    DbRc rc = db_query(db, &st,
                       "SELECT i.upload_id, i.idx, i.subject_id, i.state, i.label, u.xml "
                       "FROM sim_items i JOIN sim_uploads u ON u.id = i.upload_id WHERE i.id = ?",
                       "i", id);
    if (rc < 0) return db_err(rc);
    if (rc == DB_DONE) {
        db_done(st);
        return -ERR_NOT_FOUND;
    }
    *out = (SimItem){.id = id,
                     .upload_id = db_col_i64(st, 0),
                     .idx = db_col_i64(st, 1),
                     .subject_id = db_col_null(st, 2) ? 0 : db_col_i64(st, 2),
                     .state = db_col_text(st, a, 3),
                     .label = db_col_text(st, a, 4)};
    char *xml = db_col_text(st, a, 5);
    db_done(st);
    int err = upload_parse(a, xml, strlen(xml), &out->data, NULL);
    if (err || (size_t)out->idx >= out->data.n) return err ? err : -ERR_INTERNAL;
    intake_correlate(a, &out->data, (size_t)out->idx, &out->corr);
    return 0;
}

int item_close(Db *db, const SimEnv *env, int64_t id, const char *state, int64_t code,
               const char *opinion) {
    DbRc rc = db_exec(db,
                      "UPDATE sim_items SET state = ?, decided_at = ?, result_code = ?, "
                      "opinion = ?, due_at = NULL WHERE id = ?",
                      "tiiti", state, env->now, code, opinion, id);
    if (rc >= 0) rc = db_exec(db, "DELETE FROM sim_holds WHERE item_id = ?", "i", id);
    if (rc >= 0)
        rc = db_exec(db,
                     "UPDATE sim_sms SET state = 'cancelled' WHERE item_id = ? AND "
                     "state = 'pending'",
                     "i", id);
    return rc < 0 ? db_err(rc) : 0;
}

int item_to_review(Db *db, const SimEnv *env, int64_t item_id) {
    DbRc rc = db_exec(db, "UPDATE sim_items SET state = 'review', due_at = ? WHERE id = ?", "ii",
                      env->now + env->set.review_delay_s, item_id);
    return rc < 0 ? db_err(rc) : 0;
}

/* Insert an item row for intake result it; *id gets its ID. */
static int item_insert(Db *db, const SimEnv *env, int64_t upload_id, size_t idx, int64_t op,
                       const Intake *it, int64_t *id) {
    const char *state = it->code ? (it->review ? "returned" : "refused") : "sms";
    DbRc rc =
        db_insert(db, id,
                  "INSERT INTO sim_items (upload_id, idx, op, czlx, bs, label, state, "
                  "created_at, decided_at, result_code, opinion, subject_id) VALUES "
                  "(?, ?, ?, ?, ?, ?, ?, ?, NULLIF(?, 0), NULLIF(?, 0), ?, NULLIF(?, 0)) "
                  "RETURNING id",
                  "iiiitttiiiti", upload_id, (int64_t)idx, op, it->czlx, it->bs, it->label, state,
                  env->now, it->code ? env->now : 0, it->code, it->text, it->subject_id);
    if (rc < 0) return db_err(rc);
    for (size_t i = 0; i < it->n_holds && !it->code; i++) {
        rc = db_exec(db, "INSERT INTO sim_holds (kind, key, item_id) VALUES (?, ?, ?)", "tti",
                     it->holds[i].kind, it->holds[i].key, *id);
        if (rc < 0) return db_err(rc);
    }
    return 0;
}

/* Take in item idx of an accepted upload: its intake verdict, then SMS (or
** straight to review: access cancellations, items without mobiles). */
static int item_take(Db *db, Arena *a, const SimEnv *env, int64_t upload_id, const UploadData *d,
                     size_t idx) {
    Intake it;
    int64_t id;
    int rc = intake_check(db, a, env->isp, d, idx, &it);
    if (rc == 0) rc = item_insert(db, env, upload_id, idx, d->op, &it, &id);
    if (rc) return rc;
    if (it.code) {
        size_t nr = 0;
        DlReview *rv = it.review ? engine_reviews(a, env, &it, false, it.text, &nr) : NULL;
        return engine_send(db, a, env, id, &it, it.code, it.text, rv, nr);
    }
    if (it.n_mobiles) return sms_start(db, a, env, id, &it);
    return item_to_review(db, env, id);
}

/* A data file refused as a whole (5001, 5002, 5004, 5008, 5011): one result
** whose Dmms is the file name, the reason in Bz. */
static int refuse_file(Db *db, Arena *a, const SimEnv *env, const SimUpload *u, int err,
                       const char *why) {
    int64_t code = regulator_err_code(err);
    if (code < 5000) code = 5001; /* malformed XML or base64 inside is the XSD's failure */
    Intake corr = {.czlx = intake_czlx_of_text(u->xml), .bs = NULL};
    DlResult *r = engine_result(a, &corr, code, u->file_name);
    r->remark = why ? why : regulator_code_text((int)code, LANG_ZH);
    DownloadData d = {.kind = DOWNLOAD_ICP, .has_results = true, .results = r, .n_results = 1};
    const char *summary = arena_printf(a, "BAJG %lld %s (%s)", (long long)code,
                                       regulator_code_text((int)code, LANG_ZH), u->file_name);
    int rc = dlqueue_put(db, a, env->now, 0, summary, &d);
    if (rc) return rc;
    DbRc d2 = db_exec(db, "UPDATE sim_uploads SET outcome = ? WHERE sequence = ?", "ti",
                      arena_printf(a, "%lld %s", (long long)code, why ? why : ""), u->sequence);
    return d2 < 0 ? db_err(d2) : 0;
}

int engine_accept(Db *db, Arena *a, const SimEnv *env, const SimUpload *u) {
    static const char *const ops[] = {"", "XZBA", "XZWZ", "XZJR", "BGBA", "ZXBA"};
    int64_t upload_id;
    DbRc d = db_insert(db, &upload_id,
                       "INSERT INTO sim_uploads (sequence, received_at, file_name, op, items, "
                       "encrypt_alg, info, info_hash, xml, outcome) VALUES "
                       "(?, ?, ?, '', 0, ?, ?, ?, ?, 'accepted') RETURNING id",
                       "iitittt", u->sequence, env->now, u->file_name, u->encrypt_alg, u->info,
                       u->info_hash, u->xml);
    if (d < 0) return db_err(d);
    int rc = simstore_set_int(db, "last_sequence", u->sequence);
    if (rc) return rc;
    UploadData data;
    char *why = NULL;
    int perr = upload_parse(a, u->xml, u->xml_len, &data, &why);
    if (perr) return refuse_file(db, a, env, u, perr, why);
    d = db_exec(db, "UPDATE sim_uploads SET op = ?, items = ? WHERE id = ?", "tii", ops[data.op],
                (int64_t)data.n, upload_id);
    if (d < 0) return db_err(d);
    for (size_t i = 0; i < data.n && !rc; i++)
        rc = item_take(db, a, env, upload_id, &data, i);
    return rc;
}

/* ----------------------------------------------------------- decisions */

/* Standard opinions of a random return ("other reasons", seed §4.3). */
static const char *const random_opinions[] = {
    "网站负责人电话多次无法接通，请核实联系方式后重新提交",
    "域名实名认证信息与主办者不一致，请完成域名实名认证后重新提交",
    "证件照片不清晰，请重新上传清晰的证件彩色扫描件",
};

/* Return it with code and opinion: 1002 (or code) with a review. */
static int return_item(Db *db, Arena *a, const SimEnv *env, const SimItem *it, int64_t code,
                       const char *opinion) {
    size_t nr;
    DlReview *rv = engine_reviews(a, env, &it->corr, false, opinion, &nr);
    int rc = engine_send(db, a, env, it->id, &it->corr, code, opinion, rv, nr);
    return rc ? rc : item_close(db, env, it->id, "returned", code, opinion);
}

/* Decide a loaded item in review. */
static int decide(Db *db, Arena *a, const SimEnv *env, const SimItem *it, bool approve,
                  int64_t code, const char *opinion) {
    if (strcmp(it->state, "review") != 0) return -ERR_SIM_NOT_PENDING;
    if (!approve)
        return return_item(db, a, env, it, code > 0 ? code : 1002,
                           opinion && *opinion ? opinion : random_opinions[0]);
    int rc = approve_item(db, a, env, it);
    return rc ? rc : item_close(db, env, it->id, "approved", 1001, NULL);
}

int engine_decide(Db *db, Arena *a, const SimEnv *env, int64_t item_id, bool approve, int64_t code,
                  const char *opinion) {
    SimItem it;
    int rc = item_load(db, a, item_id, &it);
    return rc ? rc : decide(db, a, env, &it, approve, code, opinion);
}

int engine_pending_item(Db *db, const char *bs, int64_t *item_id) {
    DbRc rc = bs ? db_query_i64(db, item_id,
                                "SELECT id FROM sim_items WHERE state = 'review' AND bs = ? "
                                "ORDER BY id LIMIT 1",
                                "t", bs)
                 : db_query_i64(db, item_id,
                                "SELECT id FROM sim_items WHERE state = 'review' ORDER BY id "
                                "LIMIT 1",
                                "");
    if (rc < 0) return db_err(rc);
    return rc == DB_ROW ? 0 : -ERR_SIM_NOT_PENDING;
}

/* The reviews due at env->now, each approved, or returned at the return rate. */
static int reviews_due(Db *db, Arena *a, const SimEnv *env) {
    for (;;) {
        int64_t id = 0;
        DbRc rc = db_query_i64(db, &id,
                               "SELECT id FROM sim_items WHERE state = 'review' AND due_at <= ? "
                               "ORDER BY due_at, id LIMIT 1",
                               "i", env->now);
        if (rc < 0) return db_err(rc);
        if (rc != DB_ROW) return 0;
        uint32_t roll;
        rand_bytes(&roll, sizeof roll);
        bool returned = (int64_t)(roll % 100) < env->set.return_rate;
        const char *opinion = random_opinions[(roll / 100) % 3];
        int err = engine_decide(db, a, env, id, !returned, 1002, opinion);
        if (err) return err;
    }
}

int engine_tick(Db *db, Arena *a, const SimEnv *env) {
    int rc = sms_expire(db, a, env);
    return rc ? rc : reviews_due(db, a, env);
}
