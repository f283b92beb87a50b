/*
** The simulator's pages: the console (received uploads and their items, the
** download queue, SMS codes and messages sent, the registry, settings) and
** the principal's /sms page. The console needs no login: the simulator
** listens on 127.0.0.1 unless told otherwise. Its queries are SQLite's (the
** simulator's database is SQLite only) and format times in UTC+8.
*/
#include <string.h>

#include "core/embed.h"
#include "core/err.h"
#include "http/server.h"
#include "http/spec.h"
#include "simulator/engine.h"
#include "simulator/service.h"
#include "simulator/sim_views.h"
#include "tmpl_all.h"

/* A time column as text (UTC+8), '' when NULL. */
#define T_(col) "coalesce(datetime(" col " + 28800, 'unixepoch'), '')"

/* ------------------------------------------------------------- rendering */

Tmpl sim_tmpl(Req *r, Buf *out) {
    Tmpl t;
    tmpl_init(&t, out, &r->arena, LANG_ZH);
    t.csrf = r->csrf_token;
    t.nonce = r->nonce;
    return t;
}

int sim_page(Req *r, int status, const char *title, const char *notice, Buf *body) {
    SimLayout v = {.title = title,
                   .section = r->route ? r->route->name : "",
                   .notice = notice,
                   .test_controls = server_config(r->srv)->regulator_test_controls,
                   .body = html_trusted(body->data ? body->data : "")}; /* our templates' output */
    buf_reset(&r->out);
    Tmpl t = sim_tmpl(r, &r->out);
    tmpl_sim_layout(&t, &v);
    return resp_html(r, status);
}

void sim_render_error(Req *r, int code) {
    Buf body;
    buf_init(&body, &r->arena);
    SimTable none = {.title = err_msg(code, LANG_ZH), .empty = err_msg(code, LANG_EN)};
    Tmpl t = sim_tmpl(r, &body);
    tmpl_sim_table(&t, &none);
    SimLayout v = {
        .title = "出错了 Error", .section = "", .body = html_trusted(body.data ? body.data : "")};
    Tmpl page = sim_tmpl(r, &r->out);
    tmpl_sim_layout(&page, &v);
}

/* Fill t from sql (every column read as text), with one optional text
** parameter (it may appear as ?1 several times). */
static int table_fill(Db *db, Arena *a, SimTable *t, const char *sql, const char *param) {
    DbStmt *st;
    DbRc rc = param ? db_query(db, &st, sql, "t", param) : db_query(db, &st, sql, "");
    if (rc < 0) return db_err(rc);
    size_t cap = 16;
    t->cells = ARENA_NEW(a, const char *, cap * t->n_cols);
    for (; rc == DB_ROW; rc = db_step(st)) {
        if (t->n_rows == cap) {
            const char **more = ARENA_NEW(a, const char *, 2 * cap * t->n_cols);
            memcpy(more, t->cells, cap * t->n_cols * sizeof *more);
            t->cells = more, cap *= 2;
        }
        for (size_t c = 0; c < t->n_cols; c++) {
            const char *s = db_col_text(st, a, (int)c);
            t->cells[t->n_rows * t->n_cols + c] = s ? s : "";
        }
        t->n_rows++;
    }
    db_done(st);
    return rc < 0 ? db_err(rc) : 0;
}

/* Render table t into body after filling it. */
static int table_render(Req *r, Buf *body, SimTable *t, const char *sql, const char *param) {
    int rc = table_fill(r->db, &r->arena, t, sql, param);
    if (rc) return rc;
    Tmpl tm = sim_tmpl(r, body);
    tmpl_sim_table(&tm, t);
    return 0;
}

#define HEADS(...)                                                                                 \
    (const char *const[]){__VA_ARGS__},                                                            \
        sizeof((const char *const[]){__VA_ARGS__}) / sizeof(const char *)

/* ----------------------------------------------------------------- pages */

/* The overview's counts, in a read transaction. */
static int overview_tx(Db *db, void *ctx) {
    SimOverview *v = ctx;
    v->last_sequence = simstore_get_int(db, "last_sequence", 0);
    int64_t offset = simstore_get_int(db, "clock_offset_s", 0);
    v->offset = offset ? "（已拨快 advanced by tests）" : "";
    DbRc rc = db_query_i64(db, &v->uploads, "SELECT count(*) FROM sim_uploads", "");
    if (rc >= 0)
        rc = db_query_i64(db, &v->downloads_waiting,
                          "SELECT count(*) FROM sim_downloads WHERE acked_at IS NULL", "");
    if (rc >= 0)
        rc = db_query_i64(db, &v->registry_subjects,
                          "SELECT count(*) FROM reg_subjects WHERE state = 'filed'", "");
    return rc < 0 ? db_err(rc) : engine_in_flight(db, &v->in_flight);
}

/* GET /console: the provider, the clock, counts and the recent calls. */
int h_sim_console(Req *r) {
    const Config *cfg = server_config(r->srv);
    sim_tick(r, cfg);
    SimOverview v = {.isp = cfg->regulator_isp_id, .user = cfg->regulator_user};
    int rc = db_tx_read(r->db, overview_tx, &v);
    if (rc) return rc;
    v.clock = sim_time_text(&r->arena, sim_now(r->db));
    Buf body;
    buf_init(&body, &r->arena);
    Tmpl t = sim_tmpl(r, &body);
    tmpl_sim_overview(&t, &v);
    SimTable calls = {"最近的调用 Recent calls",
                      HEADS("时间 Time", "方法 Method", "msg_code", "来源 From", "说明 Detail"),
                      .empty = "还没有调用 No calls yet"};
    rc = table_render(
        r, &body, &calls,
        "SELECT " T_("at") ", method, msg_code, coalesce(ip, ''), "
                           "coalesce(detail, '') FROM sim_calls ORDER BY id DESC LIMIT 50",
        NULL);
    return rc ? rc : sim_page(r, 200, "概览 Overview", NULL, &body);
}

/* GET /console/uploads: the uploads received and their items. */
int h_sim_console_uploads(Req *r) {
    sim_tick(r, server_config(r->srv));
    Buf body;
    buf_init(&body, &r->arena);
    SimTable up = {"收到的报送 Uploads received",
                   HEADS("序号 Sequence", "时间 Received", "文件 File", "操作 Operation",
                         "条目 Items", "加密 AES", "结果 Outcome"),
                   .empty = "还没有报送 No upload yet"};
    SimTable items = {"申请 Items (each decided on its own)",
                      HEADS("编号 Item", "序号 Sequence", "内容 Request", "Czlx", "Bs",
                            "状态 State", "审核时间 Review due", "代码 Code", "意见 Opinion"),
                      .empty = "没有申请 No item"};
    int rc =
        table_render(r, &body, &up,
                     "SELECT sequence, " T_(
                         "received_at") ", file_name, op, items, "
                                        "CASE encrypt_alg WHEN 1 THEN 'AES' ELSE '' END, outcome "
                                        "FROM sim_uploads ORDER BY sequence DESC LIMIT 200",
                     NULL);
    if (rc == 0)
        rc = table_render(
            r, &body, &items,
            "SELECT i.id, u.sequence, i.label, i.czlx, i.bs, i.state, " T_(
                "i.due_at") ", coalesce(i.result_code, ''), coalesce(i.opinion, '') FROM sim_items "
                            "i JOIN sim_uploads u ON u.id = i.upload_id ORDER BY i.id DESC LIMIT "
                            "200",
            NULL);
    return rc ? rc : sim_page(r, 200, "报送 Uploads", NULL, &body);
}

/* GET /console/downloads: the download queue. */
int h_sim_console_downloads(Req *r) {
    sim_tick(r, server_config(r->srv));
    Buf body;
    buf_init(&body, &r->arena);
    SimTable t = {"下载队列 Download queue (the oldest waiting file is served until acknowledged)",
                  HEADS("文件 return_FileName", "生成 Queued", "内容 Content",
                        "下载次数 Deliveries", "确认 Acknowledged"),
                  .empty = "队列为空 The queue is empty"};
    int rc = table_render(
        r, &body, &t,
        "SELECT name, " T_(
            "created_at") ", summary, deliveries, "
                          "coalesce(datetime(acked_at + 28800, 'unixepoch'), '待确认 waiting') "
                          "FROM sim_downloads ORDER BY id DESC LIMIT 200",
        NULL);
    return rc ? rc : sim_page(r, 200, "下载队列 Downloads", NULL, &body);
}

/* GET /console/sms: the SMS codes and every message sent. */
int h_sim_console_sms(Req *r) {
    sim_tick(r, server_config(r->srv));
    Buf body;
    buf_init(&body, &r->arena);
    SimTable codes = {"短信核验码 SMS verification codes",
                      HEADS("申请 Item", "手机 Mobile", "核验码 Code", "发送 Sent", "截止 Deadline",
                            "错误次数 Wrong", "状态 State"),
                      .empty = "还没有发送核验码 No code sent yet"};
    SimTable msgs = {"已发送的短信 Messages sent", HEADS("时间 Time", "手机 Mobile", "内容 Text"),
                     .empty = "没有短信 No message"};
    int rc = table_render(r, &body, &codes,
                          "SELECT item_id, mobile, code, " T_("sent_at") ", " T_(
                              "deadline") ", tries, state FROM sim_sms ORDER BY id DESC LIMIT 200",
                          NULL);
    if (rc == 0)
        rc = table_render(r, &body, &msgs,
                          "SELECT " T_("at") ", mobile, text FROM sim_messages ORDER BY id DESC "
                                             "LIMIT 200",
                          NULL);
    return rc ? rc : sim_page(r, 200, "短信 SMS", NULL, &body);
}

/* GET /console/registry?q=: subjects and sites by number, name or domain. */
int h_sim_console_registry(Req *r) {
    const char *q = req_query(r, "q");
    SimSearchView v = {q ? q : ""};
    Buf body;
    buf_init(&body, &r->arena);
    Tmpl t = sim_tmpl(r, &body);
    tmpl_sim_search(&t, &v);
    const char *like = "(?1 = '' OR %s.number LIKE '%%' || ?1 || '%%' OR %s.name LIKE '%%' || ?1 "
                       "|| '%%' OR EXISTS (SELECT 1 FROM reg_sites ws JOIN reg_domains d ON "
                       "d.site_id = ws.id WHERE %s AND d.name LIKE '%%' || ?1 || '%%'))";
    SimTable subj = {"主体 Subjects",
                     HEADS("主体备案号 Number", "名称 Name", "Ztid", "性质 Dwxz", "省 Province",
                           "报备接入商 Filed via", "状态 State", "备案时间 Filed"),
                     .empty = "没有符合条件的主体 No subject found"};
    SimTable sites = {"网站 Sites",
                      HEADS("网站备案号 Number", "名称 Name", "Wzid", "域名 Domains",
                            "接入商 Hosted by (ispID)", "状态 State"),
                      .empty = "没有符合条件的网站 No site found"};
    int rc = table_render(
        r, &body, &subj,
        arena_printf(&r->arena,
                     "SELECT s.number, s.name, s.id, s.nature, s.province, s.filed_via || ' ' || "
                     "coalesce(p.name, ''), s.state, " T_(
                         "s.filed_at") " FROM reg_subjects s "
                                       "LEFT JOIN reg_providers p ON p.id = s.filed_via WHERE %s "
                                       "ORDER BY s.id "
                                       "DESC LIMIT 200",
                     arena_printf(&r->arena, like, "s", "s", "ws.subject_id = s.id")),
        v.q);
    if (rc == 0)
        rc = table_render(
            r, &body, &sites,
            arena_printf(&r->arena,
                         "SELECT w.number, w.name, w.id, coalesce((SELECT group_concat(name, ' ') "
                         "FROM reg_domains WHERE site_id = w.id), ''), coalesce((SELECT "
                         "group_concat(provider, ' ') FROM reg_access WHERE site_id = w.id), ''), "
                         "w.state FROM reg_sites w WHERE %s ORDER BY w.id DESC LIMIT 200",
                         arena_printf(&r->arena, like, "w", "w", "ws.id = w.id")),
            v.q);
    return rc ? rc : sim_page(r, 200, "备案库 Registry", NULL, &body);
}

/* GET shows the settings, POST saves them. */
int h_sim_console_settings(Req *r) {
    SimSettingsView v = {simstore_settings(r->db)};
    const char *notice = NULL;
    if (r->method == HTTP_POST) {
        const Field spec[] = {
            SPEC_INT("review_delay_s", &v.s.review_delay_s, .min = 0, .max = 2592000),
            SPEC_INT("return_rate", &v.s.return_rate, .min = 0, .max = 100),
            SPEC_INT("queue_limit", &v.s.queue_limit, .min = 1, .max = 100000),
            SPEC_INT("bamm_limit", &v.s.bamm_limit, .min = 1, .max = 1000), FIELD_END};
        int rc = spec_parse(r, spec);
        if (rc == 0) rc = simstore_settings_save(r->db, &v.s);
        if (rc) return rc;
        notice = "已保存 Saved";
    }
    Buf body;
    buf_init(&body, &r->arena);
    Tmpl t = sim_tmpl(r, &body);
    tmpl_sim_settings(&t, &v);
    return sim_page(r, 200, "设置 Settings", notice, &body);
}

/* ------------------------------------------------------------ /sms page */

typedef struct SmsTx {
    const Config *cfg;
    Arena *a;
    const char *mobile, *code;
    SmsOutcome outcome;
    int64_t tries_left;
} SmsTx;

/* A principal's answer, inside its transaction. */
static int sms_tx(Db *db, void *ctx) {
    SmsTx *s = ctx;
    SimEnv env = sim_env(db, s->cfg->regulator_isp_id);
    return engine_sms_answer(db, s->a, &env, s->mobile, s->code, &s->outcome, &s->tries_left);
}

int sim_sms_answer(Req *r, const char *mobile, const char *code, SmsOutcome *out,
                   int64_t *tries_left) {
    const Config *cfg = server_config(r->srv);
    sim_tick(r, cfg);
    SmsTx s = {.cfg = cfg, .a = &r->arena, .mobile = mobile, .code = code};
    int rc = db_tx(r->db, sms_tx, &s);
    sim_tick(r, cfg);
    *out = s.outcome;
    *tries_left = s.tries_left;
    return rc;
}

/* GET /sms shows the form; POST checks the code typed for a mobile. */
int h_sim_sms(Req *r) {
    const char *prefill = req_query(r, "mobile"); /* Beian's link: /sms?mobile=... */
    SimSmsView v = {.mobile = prefill && strlen(prefill) <= 20 ? prefill : ""};
    if (r->method == HTTP_POST) {
        const char *mobile = "", *code = "";
        const Field spec[] = {SPEC_TEXT("mobile", &mobile, .flags = FF_REQUIRED, .max = 20),
                              SPEC_TEXT("code", &code, .flags = FF_REQUIRED, .max = 6), FIELD_END};
        int rc = spec_parse(r, spec);
        if (rc) return rc;
        SmsOutcome o;
        int64_t left;
        if ((rc = sim_sms_answer(r, mobile, code, &o, &left))) return rc;
        v.mobile = mobile;
        v.ok = o == SMS_PASSED;
        v.outcome =
            o == SMS_PASSED ? "核验通过。Verified."
            : o == SMS_NONE ? "该手机号没有待完成的短信核验。No verification waits for this number."
            : o == SMS_FAILED
                ? "验证码错误 5 次，核验失败，备案已退回。5 wrong codes: the verification failed."
                : arena_printf(&r->arena,
                               "验证码错误，还可尝试 %lld 次。Wrong code; %lld tries left.",
                               (long long)left, (long long)left);
    }
    Buf body;
    buf_init(&body, &r->arena);
    Tmpl t = sim_tmpl(r, &body);
    tmpl_sim_sms(&t, &v);
    return sim_page(r, 200, "短信核验 SMS verification", NULL, &body);
}

/* ---------------------------------------------------------------- others */

/* GET /: the console. */
int h_sim_root(Req *r) {
    return resp_redirect(r, "/console");
}

/* GET /static/...: Beian's embedded stylesheet and icons. */
int h_sim_static(Req *r) {
    const char *path = r->path + strlen("/static/");
    const EmbeddedFile *f = embed_find(embedded_static, embedded_static_count, path);
    if (!f) return -ERR_NOT_FOUND;
    size_t n = strlen(path);
    const char *type = n > 4 && !strcmp(path + n - 4, ".css")   ? "text/css; charset=utf-8"
                       : n > 3 && !strcmp(path + n - 3, ".js")  ? "text/javascript; charset=utf-8"
                       : n > 4 && !strcmp(path + n - 4, ".svg") ? "image/svg+xml"
                                                                : "application/octet-stream";
    resp_header(r, "Cache-Control", "public, max-age=3600");
    return resp_static(r, 200, type, f->data, f->len);
}
