/*
** SMS verification (短信核验) of the engine: a 6-digit code per principal's
** mobile, valid 24 hours of the simulated clock, failed by 5 wrong codes or
** by its deadline. Results: REG_SMS_SENT (its Dmms ends with the deadline),
** then REG_SMS_PASSED once every code of the item passed, or REG_SMS_FAILED.
*/
#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "core/err.h"
#include "core/util.h"
#include "regulator/codes.h"
#include "rules/validate.h"
#include "simulator/engine_int.h"

/* A mobile as the simulator keeps it: normalised when it is one. */
static const char *mobile_key(Arena *a, const char *m) {
    char *n = NULL;
    return mobile_normalize(a, m, &n) == 0 ? n : arena_strdup(a, m ? m : "");
}

int sms_start(Db *db, Arena *a, const SimEnv *env, int64_t item_id, const Intake *it) {
    int64_t deadline = env->now + SIM_SMS_VALID_S;
    const char *until = sim_time_text(a, deadline);
    Buf to;
    buf_init(&to, a);
    for (size_t i = 0; i < it->n_mobiles; i++) {
        const char *m = mobile_key(a, it->mobiles[i]);
        uint32_t r;
        rand_bytes(&r, sizeof r);
        char code[8];
        snprintf(code, sizeof code, "%06u", (unsigned)(r % 1000000));
        DbRc rc = db_exec(db,
                          "INSERT INTO sim_sms (item_id, mobile, code, sent_at, deadline, state) "
                          "VALUES (?, ?, ?, ?, ?, 'pending')",
                          "ittii", item_id, m, code, env->now, deadline);
        if (rc < 0) return db_err(rc);
        int err = simstore_message(db, env->now, m, item_id,
                                   arena_printf(a,
                                                "【工业和信息化部】您正在办理ICP备案（%s），"
                                                "短信核验码 %s，请于 %s 前完成核验。",
                                                it->label, code, until));
        if (err) return err;
        if (i < 4) buf_printf(&to, "%s%s", i ? "、" : "", sim_mask_mobile(a, m));
    }
    if (it->n_mobiles > 4) buf_printf(&to, " 等 %zu 个号码", it->n_mobiles);
    const char *dmms =
        arena_printf(a, "已向负责人手机 %s 发送短信核验码，请于截止时间前完成核验，截止 %s",
                     buf_take(&to), until);
    return engine_send(db, a, env, item_id, it, REG_SMS_SENT, dmms, NULL, 0);
}

/* The item's verification failed: REG_SMS_FAILED, and the item is returned. */
static int sms_fail(Db *db, Arena *a, const SimEnv *env, int64_t item_id, const char *why) {
    SimItem it;
    int rc = item_load(db, a, item_id, &it);
    if (rc == 0 && strcmp(it.state, "sms") != 0) return 0; /* decided meanwhile */
    if (rc == 0) rc = engine_send(db, a, env, item_id, &it.corr, REG_SMS_FAILED, why, NULL, 0);
    return rc ? rc : item_close(db, env, item_id, "sms_failed", REG_SMS_FAILED, why);
}

/* Once no code of the item waits: REG_SMS_PASSED and on to the review. */
static int sms_maybe_passed(Db *db, Arena *a, const SimEnv *env, int64_t item_id) {
    int64_t waiting = 0;
    DbRc rc = db_query_i64(db, &waiting,
                           "SELECT count(*) FROM sim_sms WHERE item_id = ? AND state = 'pending'",
                           "i", item_id);
    if (rc < 0) return db_err(rc);
    if (waiting) return 0;
    SimItem it;
    int err = item_load(db, a, item_id, &it);
    if (err || strcmp(it.state, "sms") != 0) return err;
    err = engine_send(db, a, env, item_id, &it.corr, REG_SMS_PASSED, NULL, NULL, 0);
    return err ? err : item_to_review(db, env, item_id);
}

int sms_expire(Db *db, Arena *a, const SimEnv *env) {
    for (;;) {
        int64_t item = 0;
        DbRc rc = db_query_i64(db, &item,
                               "SELECT item_id FROM sim_sms WHERE state = 'pending' AND "
                               "deadline <= ? ORDER BY deadline LIMIT 1",
                               "i", env->now);
        if (rc < 0) return db_err(rc);
        if (rc != DB_ROW) return 0;
        rc = db_exec(db,
                     "UPDATE sim_sms SET state = 'expired' WHERE item_id = ? AND state = "
                     "'pending' AND deadline <= ?",
                     "ii", item, env->now);
        if (rc < 0) return db_err(rc);
        int err = sms_fail(db, a, env, item, "短信核验未通过：24 小时内未完成核验（已超时）");
        if (err) return err;
    }
}

/* The codes waiting for a mobile. */
typedef struct Waiting {
    int64_t id, item, tries;
    const char *code;
} Waiting;

/* The codes still waiting for mobile (pending, before their deadline). */
static int waiting_for(Db *db, Arena *a, const SimEnv *env, const char *mobile, Waiting **out,
                       size_t *n) {
    int64_t count = 0;
    const char *where = "FROM sim_sms WHERE mobile = ? AND state = 'pending' AND deadline > ?";
    DbRc rc = db_query_i64(db, &count, arena_printf(a, "SELECT count(*) %s", where), "ti", mobile,
                           env->now);
    if (rc < 0) return db_err(rc);
    *out = ARENA_NEW(a, Waiting, (size_t)count + 1);
    *n = 0;
    DbStmt *st;
    rc = db_query(db, &st, arena_printf(a, "SELECT id, item_id, tries, code %s ORDER BY id", where),
                  "ti", mobile, env->now);
    if (rc < 0) return db_err(rc);
    for (; rc == DB_ROW && *n < (size_t)count; rc = db_step(st))
        (*out)[(*n)++] = (Waiting){db_col_i64(st, 0), db_col_i64(st, 1), db_col_i64(st, 2),
                                   db_col_text(st, a, 3)};
    db_done(st);
    return rc < 0 ? db_err(rc) : 0;
}

/* A wrong code: one more try against every code waiting; those at the limit fail. */
static int sms_wrong(Db *db, Arena *a, const SimEnv *env, Waiting *w, size_t n, SmsOutcome *out,
                     int64_t *tries_left) {
    int64_t most = 0;
    *out = SMS_WRONG;
    for (size_t i = 0; i < n; i++) {
        int64_t tries = w[i].tries + 1;
        bool failed = tries >= SIM_SMS_MAX_TRIES;
        DbRc rc = db_exec(db, "UPDATE sim_sms SET tries = ?, state = ? WHERE id = ?", "iti", tries,
                          failed ? "failed" : "pending", w[i].id);
        if (rc < 0) return db_err(rc);
        if (tries > most) most = tries;
        if (!failed) continue;
        *out = SMS_FAILED;
        int err = sms_fail(db, a, env, w[i].item, "短信核验未通过：验证码错误 5 次");
        if (err) return err;
    }
    *tries_left = most >= SIM_SMS_MAX_TRIES ? 0 : SIM_SMS_MAX_TRIES - most;
    return 0;
}

int engine_sms_answer(Db *db, Arena *a, const SimEnv *env, const char *mobile, const char *code,
                      SmsOutcome *out, int64_t *tries_left) {
    Waiting *w = NULL;
    size_t n = 0;
    *out = SMS_NONE;
    *tries_left = 0;
    int rc = waiting_for(db, a, env, mobile_key(a, mobile), &w, &n);
    if (rc || !n) return rc;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(w[i].code, code ? code : "") != 0) continue;
        DbRc d = db_exec(db, "UPDATE sim_sms SET state = 'passed' WHERE id = ?", "i", w[i].id);
        if (d < 0) return db_err(d);
        *out = SMS_PASSED;
        return sms_maybe_passed(db, a, env, w[i].item);
    }
    return sms_wrong(db, a, env, w, n, out, tries_left);
}

int engine_sms_pass(Db *db, Arena *a, const SimEnv *env, int64_t item_id) {
    DbRc rc = db_exec(db,
                      "UPDATE sim_sms SET state = 'passed' WHERE item_id = ? AND state = "
                      "'pending' AND deadline > ?",
                      "ii", item_id, env->now);
    if (rc < 0) return db_err(rc);
    SimItem it;
    int err = item_load(db, a, item_id, &it);
    if (err) return err;
    if (strcmp(it.state, "sms") != 0) return -ERR_SIM_NOT_PENDING;
    return sms_maybe_passed(db, a, env, item_id);
}
