/*
** The test controls, only with `beian regulator --test-controls` (setting
** regulator_test_controls): as JSON for tests (GET /test/state, POST
** /test/decide, /test/sms, /test/clock, /test/fault, /test/settings) and as
** the console's page /console/test. The shapes are in
** docs/regulator-simulator.md.
*/
#include <jansson.h>
#include <string.h>

#include "core/err.h"
#include "http/server.h"
#include "http/spec.h"
#include "simulator/service.h"
#include "simulator/sim_views.h"
#include "tmpl_all.h"

/* -ERR_SIM_TEST_CONTROLS unless the controls are on. */
static int controls(Req *r) {
    return server_config(r->srv)->regulator_test_controls ? 0 : -ERR_SIM_TEST_CONTROLS;
}

/* ------------------------------------------------------------ operations */

typedef struct TestOp {
    const Config *cfg;
    Arena *a;
    int64_t item, code, advance_s, count;
    const char *bs, *opinion, *fault, *method;
    bool approve;
    const char *state; /* out: the item's state after a decision */
} TestOp;

/* Decide the item named (or the oldest in review whose Bs is o->bs). */
static int decide_tx(Db *db, void *ctx) {
    TestOp *o = ctx;
    SimEnv env = sim_env(db, o->cfg->regulator_isp_id);
    int64_t id = o->item;
    int rc = id ? 0 : engine_pending_item(db, o->bs && *o->bs ? o->bs : NULL, &id);
    if (rc == 0) rc = engine_decide(db, o->a, &env, id, o->approve, o->code, o->opinion);
    if (rc) return rc;
    o->item = id;
    o->state = o->approve ? "approved" : "returned";
    return 0;
}

/* Every code of o->item passes. */
static int sms_pass_tx(Db *db, void *ctx) {
    TestOp *o = ctx;
    SimEnv env = sim_env(db, o->cfg->regulator_isp_id);
    return engine_sms_pass(db, o->a, &env, o->item);
}

/* Move the simulated clock forward. */
static int clock_tx(Db *db, void *ctx) {
    TestOp *o = ctx;
    return sim_clock_advance(db, o->advance_s);
}

/* Arm (or, with "none", disarm) the fault of the next calls. */
static int fault_tx(Db *db, void *ctx) {
    TestOp *o = ctx;
    bool none = !o->fault || !strcmp(o->fault, "none");
    int rc = simstore_set_text(db, "fault_kind", none ? "" : o->fault);
    if (rc == 0) rc = simstore_set_text(db, "fault_method", o->method ? o->method : "");
    if (rc == 0) rc = simstore_set_int(db, "fault_count", o->count > 0 ? o->count : 1);
    if (rc == 0) rc = simstore_set_int(db, "fault_code", o->code > 0 ? o->code : 999);
    return rc;
}

/* Run one operation's transaction between two runs of the timers. */
static int run_op(Req *r, DbTxFn fn, TestOp *o) {
    o->cfg = server_config(r->srv);
    o->a = &r->arena;
    sim_tick(r, o->cfg);
    int rc = db_tx(r->db, fn, o);
    sim_tick(r, o->cfg);
    return rc;
}

static const char *const decisions[] = {"approve", "return", NULL};
static const char *const faults[] = {
    "timeout_after_commit", "bad_hash", "maintenance", "code", "none", NULL};

/* ------------------------------------------------------------------ JSON */

/* The rows of sql as objects named by names, typed by types ('i' integer,
** 't' text). */
static json_t *json_rows(Db *db, Arena *a, const char *sql, const char *const *names,
                         const char *types) {
    json_t *arr = json_array();
    DbStmt *st;
    DbRc rc = db_query(db, &st, sql, "");
    if (rc < 0) return arr;
    for (; rc == DB_ROW; rc = db_step(st)) {
        json_t *o = json_object();
        for (size_t c = 0; types[c]; c++) {
            json_t *v = db_col_null(st, (int)c) ? json_null()
                        : types[c] == 'i'       ? json_integer(db_col_i64(st, (int)c))
                                                : json_string(db_col_text(st, a, (int)c));
            json_object_set_new(o, names[c], v ? v : json_null());
        }
        json_array_append_new(arr, o);
    }
    db_done(st);
    return arr;
}

/* GET /test/state: the clock, items, SMS codes, messages and downloads. */
int h_sim_test_state(Req *r) {
    int rc = controls(r);
    if (rc) return rc;
    sim_tick(r, server_config(r->srv));
    Db *db = r->db;
    Arena *a = &r->arena;
    static const char *const item_cols[] = {"id",          "sequence", "op",        "czlx",
                                            "bs",          "label",    "state",     "due_at",
                                            "result_code", "opinion",  "subject_id"};
    static const char *const sms_cols[] = {"id",       "item",  "mobile", "code",
                                           "deadline", "tries", "state"};
    static const char *const msg_cols[] = {"at", "mobile", "item", "text"};
    static const char *const dl_cols[] = {"name", "summary", "deliveries", "acked_at"};
    json_t *out = json_pack(
        "{s:I, s:I, s:I, s:s, s:o, s:o, s:o, s:o}", "clock", (json_int_t)sim_now(db),
        "clock_offset_s", (json_int_t)simstore_get_int(db, "clock_offset_s", 0), "last_sequence",
        (json_int_t)simstore_get_int(db, "last_sequence", 0), "fault",
        simstore_get_text(db, a, "fault_kind") ? simstore_get_text(db, a, "fault_kind") : "",
        "items",
        json_rows(db, a,
                  "SELECT i.id, u.sequence, i.op, i.czlx, i.bs, i.label, i.state, i.due_at, "
                  "i.result_code, i.opinion, i.subject_id FROM sim_items i JOIN sim_uploads u ON "
                  "u.id = i.upload_id ORDER BY i.id",
                  item_cols, "iiiitttiiti"),
        "sms",
        json_rows(
            db, a,
            "SELECT id, item_id, mobile, code, deadline, tries, state FROM sim_sms ORDER BY id",
            sms_cols, "iittiit"),
        "messages",
        json_rows(db, a, "SELECT at, mobile, item_id, text FROM sim_messages ORDER BY id", msg_cols,
                  "itit"),
        "downloads",
        json_rows(db, a,
                  "SELECT name, summary, deliveries, acked_at FROM sim_downloads ORDER BY id",
                  dl_cols, "ttii"));
    return resp_json(r, 200, out);
}

/* POST /test/decide: approve or return an item in review now. */
int h_sim_test_decide(Req *r) {
    TestOp o = {0};
    const char *decision = "";
    const Field spec[] = {SPEC_INT("item", &o.item, .min = 0, .max = 2147483647),
                          SPEC_TEXT("bs", &o.bs, .max = 255),
                          SPEC_CHOICE("decision", &decision, decisions, .flags = FF_REQUIRED),
                          SPEC_INT("code", &o.code, .min = 0, .max = 5999),
                          SPEC_TEXT("opinion", &o.opinion, .max = 1000),
                          FIELD_END};
    int rc = controls(r);
    if (rc == 0) rc = spec_parse(r, spec);
    o.approve = !strcmp(decision, "approve");
    if (rc == 0) rc = run_op(r, decide_tx, &o);
    if (rc) return rc;
    return resp_json(r, 200, json_pack("{s:I, s:s}", "item", (json_int_t)o.item, "state", o.state));
}

/* POST /test/sms: answer a code as the principal would, or pass an item's codes. */
int h_sim_test_sms(Req *r) {
    TestOp o = {0};
    const char *mobile = "", *code = "";
    const Field spec[] = {SPEC_INT("item", &o.item, .min = 0, .max = 2147483647),
                          SPEC_TEXT("mobile", &mobile, .max = 20),
                          SPEC_TEXT("code", &code, .max = 6), FIELD_END};
    int rc = controls(r);
    if (rc == 0) rc = spec_parse(r, spec);
    if (rc) return rc;
    if (*mobile) { /* as the principal would, on /sms */
        static const char *const names[] = {"none", "passed", "wrong", "failed"};
        SmsOutcome out;
        int64_t left;
        if ((rc = sim_sms_answer(r, mobile, code, &out, &left))) return rc;
        return resp_json(
            r, 200, json_pack("{s:s, s:I}", "outcome", names[out], "tries_left", (json_int_t)left));
    }
    if (!o.item) {
        req_field_error(r, "item", -ERR_FIELD_REQUIRED);
        return -ERR_INVALID_INPUT;
    }
    if ((rc = run_op(r, sms_pass_tx, &o))) return rc;
    return resp_json(r, 200,
                     json_pack("{s:I, s:s}", "item", (json_int_t)o.item, "outcome", "passed"));
}

/* POST /test/clock: advance the simulated clock, then run the timers. */
int h_sim_test_clock(Req *r) {
    TestOp o = {0};
    const Field spec[] = {
        SPEC_INT("advance_s", &o.advance_s, .flags = FF_REQUIRED, .min = 0, .max = 315360000),
        FIELD_END};
    int rc = controls(r);
    if (rc == 0) rc = spec_parse(r, spec);
    if (rc == 0) rc = run_op(r, clock_tx, &o);
    if (rc) return rc;
    return resp_json(r, 200,
                     json_pack("{s:I, s:I}", "clock", (json_int_t)sim_now(r->db), "clock_offset_s",
                               (json_int_t)simstore_get_int(r->db, "clock_offset_s", 0)));
}

/* POST /test/fault: fail the next calls in a given way. */
int h_sim_test_fault(Req *r) {
    TestOp o = {0};
    const Field spec[] = {SPEC_CHOICE("fault", &o.fault, faults, .flags = FF_REQUIRED),
                          SPEC_INT("code", &o.code, .min = 0, .max = 999),
                          SPEC_TEXT("method", &o.method, .max = 40),
                          SPEC_INT("count", &o.count, .min = 0, .max = 1000), FIELD_END};
    int rc = controls(r);
    if (rc == 0) rc = spec_parse(r, spec);
    if (rc == 0) rc = run_op(r, fault_tx, &o);
    if (rc) return rc;
    return resp_json(r, 200,
                     json_pack("{s:s, s:s, s:I, s:I}", "fault", o.fault, "method", o.method,
                               "count", (json_int_t)(o.count > 0 ? o.count : 1), "code",
                               (json_int_t)(o.code > 0 ? o.code : 999)));
}

/* POST /test/settings: change any of the console's settings. */
int h_sim_test_settings(Req *r) {
    int rc = controls(r);
    if (rc) return rc;
    SimSettings s = simstore_settings(r->db);
    const Field spec[] = {SPEC_INT("review_delay_s", &s.review_delay_s, .min = 0, .max = 2592000),
                          SPEC_INT("return_rate", &s.return_rate, .min = 0, .max = 100),
                          SPEC_INT("queue_limit", &s.queue_limit, .min = 1, .max = 100000),
                          SPEC_INT("bamm_limit", &s.bamm_limit, .min = 1, .max = 1000), FIELD_END};
    SimSettings keep = s;
    if ((rc = spec_parse(r, spec))) return rc;
    /* Fields not sent keep their value (spec_parse leaves 0 for them). */
    if (!spec_has(r, "review_delay_s")) s.review_delay_s = keep.review_delay_s;
    if (!spec_has(r, "return_rate")) s.return_rate = keep.return_rate;
    if (!spec_has(r, "queue_limit")) s.queue_limit = keep.queue_limit;
    if (!spec_has(r, "bamm_limit")) s.bamm_limit = keep.bamm_limit;
    if ((rc = simstore_settings_save(r->db, &s))) return rc;
    return resp_json(r, 200,
                     json_pack("{s:I, s:I, s:I, s:I}", "review_delay_s",
                               (json_int_t)s.review_delay_s, "return_rate",
                               (json_int_t)s.return_rate, "queue_limit", (json_int_t)s.queue_limit,
                               "bamm_limit", (json_int_t)s.bamm_limit));
}

/* ------------------------------------------------------------------ page */

/* One action of the page's forms; *notice says what happened. */
static int page_action(Req *r, const char **notice) {
    TestOp o = {0};
    const char *action = "", *decision = "approve";
    static const char *const actions[] = {"decide", "sms", "clock", "fault", NULL};
    const Field spec[] = {SPEC_CHOICE("action", &action, actions, .flags = FF_REQUIRED),
                          SPEC_INT("item", &o.item, .min = 0, .max = 2147483647),
                          SPEC_CHOICE("decision", &decision, decisions),
                          SPEC_INT("code", &o.code, .min = 0, .max = 5999),
                          SPEC_TEXT("opinion", &o.opinion, .max = 1000),
                          SPEC_INT("advance_s", &o.advance_s, .min = 0, .max = 315360000),
                          SPEC_CHOICE("fault", &o.fault, faults),
                          SPEC_TEXT("method", &o.method, .max = 40),
                          SPEC_INT("count", &o.count, .min = 0, .max = 1000),
                          FIELD_END};
    int rc = spec_parse(r, spec);
    if (rc) return rc;
    o.approve = strcmp(decision, "return") != 0;
    if (!strcmp(action, "decide")) rc = run_op(r, decide_tx, &o);
    if (!strcmp(action, "sms")) rc = run_op(r, sms_pass_tx, &o);
    if (!strcmp(action, "clock")) rc = run_op(r, clock_tx, &o);
    if (!strcmp(action, "fault")) rc = run_op(r, fault_tx, &o);
    *notice = rc ? err_msg(rc, LANG_ZH) : "已完成 Done";
    return 0;
}

/* GET/POST /console/test: the test controls as forms. */
int h_sim_console_test(Req *r) {
    int rc = controls(r);
    if (rc) return rc;
    const char *notice = NULL;
    if (r->method == HTTP_POST && (rc = page_action(r, &notice))) return rc;
    char *fault = simstore_get_text(r->db, &r->arena, "fault_kind");
    SimTestView v = {fault && *fault ? fault : "（无 none）"};
    Buf body;
    buf_init(&body, &r->arena);
    Tmpl t = sim_tmpl(r, &body);
    tmpl_sim_test(&t, &v);
    return sim_page(r, 200, "测试控制 Test controls", notice, &body);
}
