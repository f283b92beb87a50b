/*
** Admins: the audit log, newest first, paged by id, searched by actor
** (login), subject (its number, name or a site number: rows about its
** applications and its account), application (number), action and a date
** range (China Standard Time days, both included). Actions are shown in
** words (rules/audit_actions.h).
*/
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/i18n.h"
#include "core/util.h"
#include "db/db.h"
#include "model/audit.h"
#include "rules/audit_actions.h"
#include "tmpl_all.h"
#include "web/handlers.h"
#include "web/views.h"
#include "web/web.h"

#define AUDIT_PAGE 100

/* A day written YYYY-MM-DD (a real calendar date). */
static int check_day(Arena *a, const char *in, const char **norm) {
    (void)a;
    (void)norm;
    int y, m, d, used = 0;
    if (strlen(in) != 10 || sscanf(in, "%4d-%2d-%2d%n", &y, &m, &d, &used) != 3 || used != 10)
        return -ERR_DATE_FORMAT;
    struct tm tm = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d};
    time_t t = timegm(&tm);
    struct tm back;
    gmtime_r(&t, &back);
    bool real = y >= 2000 && y <= 2200 && back.tm_mday == d && back.tm_mon == m - 1;
    return real ? 0 : -ERR_DATE_FORMAT;
}

/* Midnight (China Standard Time) starting a checked day, plus days. */
static int64_t day_start(const char *day, int days) {
    int y = 0, m = 0, d = 0;
    sscanf(day, "%4d-%2d-%2d", &y, &m, &d);
    struct tm tm = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d + days};
    return (int64_t)timegm(&tm) - 8 * 3600;
}

/* The object of a row in words: 申请 A2026-000001, 账户 alice, 省份 #44. */
static const char *object_text(Req *r, const AuditRow *a) {
    if (!a->object_type || !*a->object_type) return "";
    const char *kind = !strcmp(a->object_type, "application")     ? T(r->lang, "申请")
                       : !strcmp(a->object_type, "account")       ? T(r->lang, "账户")
                       : !strcmp(a->object_type, "province")      ? T(r->lang, "省份")
                       : !strcmp(a->object_type, "return_reason") ? T(r->lang, "退回原因")
                       : !strcmp(a->object_type, "form_text")     ? T(r->lang, "表单文本")
                       : !strcmp(a->object_type, "settings")      ? T(r->lang, "设置")
                       : !strcmp(a->object_type, "mail")          ? T(r->lang, "邮件")
                                                                  : a->object_type;
    if (a->object_label) return arena_printf(&r->arena, "%s %s", kind, a->object_label);
    if (!a->object_id) return kind;
    return arena_printf(&r->arena, "%s #%lld", kind, (long long)a->object_id);
}

static json_t *audit_json(Req *r, const AuditRow *a) {
    return json_pack("{s:I, s:I, s:I, s:s?, s:s, s:s, s:s?, s:I, s:s?, s:s?, s:s?, s:s?}", "id",
                     (json_int_t)a->id, "at", (json_int_t)a->at, "actor_id",
                     (json_int_t)a->actor_id, "actor_login", a->actor_login, "action", a->action,
                     "action_label", audit_action_label(a->action, r->lang), "object_type",
                     a->object_type, "object_id", (json_int_t)a->object_id, "object_label",
                     a->object_label, "ip", a->ip, "request_id", a->request_id, "detail",
                     a->detail);
}

/* The action select: every action in words, and the one asked for. */
static void action_choices(Req *r, AuditView *v) {
    size_t n;
    const AuditActionName *all = audit_actions(&n);
    v->actions = ARENA_NEW(&r->arena, ChoiceView, n + 1);
    for (size_t i = 0; i < n; i++)
        v->actions[i] = (ChoiceView){all[i].action, audit_action_label(all[i].action, r->lang),
                                     !strcmp(all[i].action, v->action)};
    v->nactions = n;
    if (*v->action && !audit_action_find(v->action))
        v->actions[v->nactions++] = (ChoiceView){v->action, v->action, true};
}

/* The filters as a query string, for the link to the next page. */
static const char *filter_query(Req *r, const AuditView *v) {
    const char *names[] = {"action", "actor", "subject", "application", "from", "to"};
    const char *values[] = {v->action, v->actor, v->subject, v->app, v->from, v->to};
    Buf b;
    buf_init(&b, &r->arena);
    buf_puts(&b, "");
    for (size_t i = 0; i < 6; i++) {
        if (!*values[i]) continue;
        buf_printf(&b, "&%s=", names[i]);
        buf_url(&b, values[i]);
    }
    return b.data;
}

static int audit_render(Req *r, int status, AuditView *v) {
    if (r->api) {
        json_t *list = json_array();
        for (size_t i = 0; i < v->n; i++)
            json_array_append_new(list, audit_json(r, &v->rows[i]));
        return resp_json(
            r, status,
            json_pack("{s:o, s:I}", "entries", list, "next_before", (json_int_t)v->next_before));
    }
    action_choices(r, v);
    v->labels = ARENA_NEW(&r->arena, AuditLine, v->n + 1);
    for (size_t i = 0; i < v->n; i++)
        v->labels[i] = (AuditLine){audit_action_label(v->rows[i].action, r->lang),
                                   object_text(r, &v->rows[i])};
    v->query = filter_query(r, v);
    Buf body;
    buf_init(&body, &r->arena);
    Tmpl t = web_tmpl(r, &body);
    tmpl_admin_audit(&t, v);
    return web_page(r, status, T(r->lang, "审计日志"), &body);
}

int h_audit(Req *r) {
    AuditView v = {
        .r = r, .action = "", .actor = "", .subject = "", .app = "", .from = "", .to = ""};
    int64_t before = 0;
    const Field spec[] = {
        SPEC_TEXT("action", &v.action, .max = 64),
        SPEC_TEXT("actor", &v.actor, .max = 64),
        SPEC_TEXT("subject", &v.subject, .max = 100),
        SPEC_TEXT("application", &v.app, .max = 40),
        SPEC_TEXT("from", &v.from, .max = 10, .check = check_day),
        SPEC_TEXT("to", &v.to, .max = 10, .check = check_day),
        SPEC_INT("before", &before),
        FIELD_END,
    };
    int rc = spec_parse(r, spec);
    if (rc == 0 && *v.from && *v.to && strcmp(v.to, v.from) < 0)
        req_field_error(r, "to", ERR_DATE_RANGE), rc = -ERR_INVALID_INPUT;
    if (rc < 0) return r->api ? rc : audit_render(r, 400, &v);
    AuditPage op = {.a = &r->arena,
                    .q = {.action = v.action,
                          .actor_login = v.actor,
                          .subject = v.subject,
                          .app_number = v.app,
                          .at_from = *v.from ? day_start(v.from, 0) : 0,
                          .at_to = *v.to ? day_start(v.to, 1) : 0,
                          .before_id = before,
                          .limit = AUDIT_PAGE}};
    rc = db_tx_read(r->db, audit_page, &op);
    if (rc < 0) return rc;
    v.rows = op.rows;
    v.n = op.n;
    v.next_before = v.n == AUDIT_PAGE ? v.rows[v.n - 1].id : 0;
    return audit_render(r, 200, &v);
}
