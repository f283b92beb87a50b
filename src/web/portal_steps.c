/*
** The customer's step forms: one page per step of an application's kind
** (主体信息, 网站信息, 接入信息, ...), and saving a step.
*/
#include <string.h>
#include <strings.h>

#include "core/err.h"
#include "core/i18n.h"
#include "core/log.h"
#include "core/util.h"
#include "db/db.h"
#include "gateway/gateway.h"
#include "model/app_edit.h"
#include "model/claim_check.h"
#include "rules/lifecycle.h"
#include "rules/validate.h"
#include "tmpl_all.h"
#include "web/filing_views.h"
#include "web/handlers.h"
#include "web/views.h"
#include "web/web.h"

static const char *kind_intro(AppKind k, Lang lang) {
    switch (k) {
    case KIND_FIRST_FILING:
        return T(lang, "首次备案：主体（单位或个人）和网站都是第一次备案。依次填写主体信息、网站信"
                       "息和接入信息，最后在“信息核实提交”处打印材料并提交。");
    case KIND_NEW_SITE_EXTERNAL:
        return T(lang,
                 "主体已有备案号，但原接入商不是我司，或主体下还没有网站。请不要填写主体信息，"
                 "只需填写主体备案号和备案密码、网站信息和接入信息。");
    case KIND_NEW_SITE:
        return T(lang, "主体已在我司备案，为其新增一个网站。主体信息无需重复填写。");
    case KIND_NEW_ACCESS:
        return T(
            lang,
            "新增接入：网站已在其他接入商处备案，现将接入我司服务器。请填写网站备案号和接入信息。");
    case KIND_CHANGE_SUBJECT:
        return T(lang, "变更主体：修改已备案的主体信息或主体负责人。");
    case KIND_CHANGE_SITE:
        return T(lang, "变更网站：修改已备案的网站信息或网站负责人。");
    case KIND_CHANGE_ACCESS:
        return T(lang, "变更接入：修改网站的服务器 IP 地址或接入方式。");
    case KIND_CANCEL_SUBJECT:
        return T(lang, "注销主体：注销主体及其下所有网站的备案。");
    case KIND_CANCEL_SITE:
        return T(lang, "注销网站：注销一个网站的备案，主体保留。");
    case KIND_CANCEL_ACCESS:
        return T(lang, "取消接入：网站不再使用我司服务器，备案号保留。");
    default:
        return "";
    }
}

static FilingStep step_param(Req *r) {
    FilingStep s = filing_step_parse(req_param(r, "step"));
    return s == STEP_VERIFY ? 0 : s;
}

/* The form of a step, showing `shown` (saved values, or what was typed). */
typedef struct StepPage {
    const Application *app;
    FilingStep step;
    const Values *shown;
    SubjectNature nature;
    const ReturnReason *reasons;
    size_t nreasons;
    int64_t draft_at; /* shown is a draft kept then */
} StepPage;

static int render_step(Req *r, const StepPage *s, int status) {
    const Application *app = s->app;
    StepView sv = {.r = r,
                   .app_id = app->id,
                   .number = app->number,
                   .kind_label = app_kind_label(app->kind, r->lang),
                   .state_label = app_state_label(app->kind, app->state, r->lang)};
    sv.steps = step_nav(r, app, s->step, &sv.nsteps);
    sv.step_id = filing_step_id(s->step);
    sv.step_label = filing_step_label(s->step, r->lang);
    sv.returned = app->state != STATE_DRAFT;
    sv.intro = kind_intro(app->kind, r->lang);
    if (s->draft_at)
        sv.draft_note = arena_printf(
            &r->arena,
            T(r->lang, "这是您 %s 填写、未通过检查而尚未保存的内容：申请中仍是上次保存的信息。"
                       "请按提示修改后保存，或放弃这些修改。"),
            time_fmt_cst(&r->arena, s->draft_at));
    sv.fields =
        step_fields(r, app, s->shown, s->step, s->nature, s->reasons, s->nreasons, &sv.nfields);
    Buf body;
    buf_init(&body, &r->arena);
    Tmpl t = web_tmpl(r, &body);
    tmpl_portal_step(&t, &sv);
    return web_page(r, status, sv.step_label, &body);
}

int h_app_step_page(Req *r) {
    AppStepForm op = {.a = &r->arena,
                      .account_id = r->who.account_id,
                      .app_id = req_param_id(r, "id"),
                      .step = step_param(r)};
    if (!op.step) return -ERR_NOT_FOUND;
    int rc = db_tx_read(r->db, app_step_form, &op);
    if (rc < 0) return rc;
    if (!lifecycle_customer_can_edit(op.app.state))
        return resp_redirect(r, portal_step_path(r, op.app.id, STEP_VERIFY));
    for (size_t i = 0; i < op.issues.n; i++)
        req_field_error(r, filing_field_key(op.issues.items[i].field), op.issues.items[i].code);
    StepPage page = {&op.app, op.step, &op.shown, op.nature, op.reasons, op.nreasons, op.draft_at};
    return render_step(r, &page, 200);
}

int h_app_step_discard(Req *r) {
    AppStepDraft op = {.a = &r->arena,
                       .account_id = r->who.account_id,
                       .app_id = req_param_id(r, "id"),
                       .step = step_param(r)};
    if (!op.step) return -ERR_NOT_FOUND;
    int rc = db_tx(r->db, app_discard_draft, &op);
    if (rc < 0) return rc;
    web_flash(r, T(r->lang, "已放弃未保存的修改，表单显示上次保存的信息。"));
    return resp_redirect(r, portal_step_path(r, op.app_id, op.step));
}

/* A refused page keeps what was typed (model/app_edit.h, drafts); a
** failure to keep it is logged, the refusal is answered all the same. */
static void keep_draft(Req *r, int64_t app_id, FilingStep step, const Values *input) {
    AppStepDraft op = {.a = &r->arena,
                       .account_id = r->who.account_id,
                       .app_id = app_id,
                       .step = step,
                       .input = input};
    int rc = db_tx(r->db, app_keep_draft, &op);
    if (rc < 0)
        log_warn("application %lld: the refused input of a step was not kept: %s",
                 (long long)app_id, err_name(rc));
}

/* The field spec of a step, from the catalog; values land in `in`. */
typedef struct StepInput {
    const FilingField *f;
    const char *text;
    bool flag;
    StrList list;
} StepInput;

static Field spec_of(const FilingField *f, StepInput *in) {
    switch (f->input) {
    case IN_BOOL:
        return (Field)SPEC_BOOL(f->key, &in->flag);
    case IN_MULTI:
        return (Field)SPEC_LIST(f->key, &in->list, .max = f->max);
    case IN_LINES:
        return (Field)SPEC_LIST(f->key, &in->list, .flags = FF_MULTILINE);
    default:
        return (Field)SPEC_TEXT(f->key, &in->text, .max = f->max ? f->max : 1000,
                                .flags = f->input == IN_TEXTAREA ? FF_MULTILINE
                                         : f->input == IN_SECRET ? FF_NO_TRIM
                                                                 : 0);
    }
}

static Field *step_spec(Req *r, FilingStep step, StepInput **inputs, size_t *n) {
    size_t nf;
    const FilingField *f = filing_fields(&nf);
    Field *spec = ARENA_NEW(&r->arena, Field, nf + 1);
    *inputs = ARENA_NEW(&r->arena, StepInput, nf);
    *n = 0;
    for (size_t i = 0; i < nf; i++) {
        if (f[i].step != step) continue;
        (*inputs)[*n].f = &f[i];
        spec[*n] = spec_of(&f[i], &(*inputs)[*n]);
        (*n)++;
    }
    return spec;
}

static void inputs_to_values(Req *r, StepInput *in, size_t n, Values *v) {
    for (size_t i = 0; i < n; i++) {
        const char *val = in[i].text;
        if (in[i].f->input == IN_BOOL) {
            val = in[i].flag ? "1" : "";
        } else if (in[i].f->input == IN_MULTI || in[i].f->input == IN_LINES) {
            Buf b;
            buf_init(&b, &r->arena);
            for (size_t j = 0; j < in[i].list.n; j++) {
                if (j) buf_putc(&b, '\n');
                buf_puts(&b, in[i].list.items[j]);
            }
            val = b.data ? b.data : "";
        }
        values_set(v, in[i].f->id, val ? val : "");
    }
}

typedef struct SubjectOf {
    Arena *a;
    int64_t account_id, app_id;
    const char *number;
} SubjectOf;

static int subject_of(Db *db, void *ctx) {
    SubjectOf *x = ctx;
    Application app;
    Subject s;
    int rc = app_load(db, x->a, x->account_id, x->app_id, &app, &s);
    if (rc == 0)
        x->number =
            s.subject_number ? s.subject_number : values_get(&app.values, F_CLAIM_SUBJECT_NUMBER);
    return rc;
}

/* The subject number of an application's subject (claimed or filed), or NULL. */
static const char *app_subject_number(Req *r, int64_t app_id) {
    SubjectOf x = {.a = &r->arena, .account_id = r->who.account_id, .app_id = app_id};
    return db_tx_read(r->db, subject_of, &x) == 0 && x.number && *x.number ? x.number : NULL;
}

/* What the administration can tell while the customer types (issue 9):
** a claimed subject's filing password, or that of a subject being
** cancelled (isp_verifybamm, counted per account and number), and whether a domain is filed for
*another subject
** (isp_querybeianstatus). A refusal is a field error; when the
** administration cannot be asked, the step is saved and the administration
** checks again when the filing arrives. */
static int ask_administration(Req *r, int64_t app_id, FilingStep step, const Values *v) {
    const Config *cfg = server_config(r->srv);
    if (!cfg->regulator_endpoint || !*cfg->regulator_endpoint) return 0;
    const char *number = values_get(v, F_CLAIM_SUBJECT_NUMBER);
    const char *password = values_get(v, F_CLAIM_PASSWORD);
    const char *field = "claim_password";
    if (step == STEP_CANCEL) { /* a subject's cancellation: its own number */
        number = app_subject_number(r, app_id);
        password = values_get(v, F_CANCEL_PASSWORD);
        field = "cancel_password";
    }
    if ((step == STEP_CLAIM || step == STEP_CANCEL) && number && *number && *password) {
        ClaimCheck c = {.account_id = r->who.account_id,
                        .app_id = app_id,
                        .number = number,
                        .who = http_actor(r)};
        int rc = db_tx(r->db, claim_check_begin, &c);
        if (rc == 0 && c.throttled) rc = -ERR_REG_TOO_MANY_CHECKS;
        bool match = false;
        if (rc == 0) rc = gateway_verify_password(cfg, &r->arena, number, password, &match);
        if (rc == -ERR_REG_UNAVAILABLE) return 0;
        if (rc == 0 && !match) rc = -ERR_REG_PASSWORD_WRONG;
        if (rc == 0) db_tx(r->db, claim_check_passed, &c);
        if (rc < 0) req_field_error(r, field, rc);
        return rc;
    }
    /* Asked in the form it is filed under (A-labels, without "www."); a
    ** domain that does not parse is the field check's to refuse. */
    Domain d;
    const char *domain = values_get(v, F_SITE_DOMAIN);
    if (step == STEP_SITE && *domain && domain_parse(&r->arena, domain_drop_www(domain), &d) == 0) {
        domain = d.ascii;
        bool filed = false;
        const char *holder = NULL;
        int rc = gateway_domain_status(cfg, &r->arena, domain, &filed, &holder);
        if (rc < 0 || !filed) return 0;
        /* Filed for this very subject (a change, a new access) is fine. */
        const char *mine = app_subject_number(r, app_id);
        if (holder && mine && !strcmp(holder, mine)) return 0;
        req_field_error(r, "site_domain", -ERR_REG_FILED_ELSEWHERE);
        return -ERR_REG_FILED_ELSEWHERE;
    }
    return 0;
}

/* The site step took a "www." off the domain typed: say what is filed. */
static const char *www_note(Req *r, FilingStep step, const Values *input, const Values *saved) {
    const char *typed = values_get(input, F_SITE_DOMAIN);
    typed += strspn(typed, " ");
    if (step != STEP_SITE || strncasecmp(typed, "www.", 4) != 0) return NULL;
    return arena_printf(&r->arena, T(r->lang, "已去掉 www.，按主域名 %s 备案。"),
                        values_get(saved, F_SITE_DOMAIN));
}

int h_app_step_save(Req *r) {
    FilingStep step = step_param(r);
    if (!step) return -ERR_NOT_FOUND;
    StepInput *in;
    size_t n;
    Field *spec = step_spec(r, step, &in, &n);
    int parse_rc = spec_parse(r, spec);
    if (parse_rc < 0 && r->api) return parse_rc;
    Values input;
    values_init(&input, &r->arena);
    inputs_to_values(r, in, n, &input);
    AppSaveStep op = {.a = &r->arena,
                      .account_id = r->who.account_id,
                      .app_id = req_param_id(r, "id"),
                      .step = step,
                      .input = &input,
                      .refuse = parse_rc < 0,
                      .who = http_actor(r)};
    if (!op.refuse) op.refuse = ask_administration(r, op.app_id, step, &input) < 0;
    int rc = db_tx(r->db, app_save_step, &op);
    for (size_t i = 0; i < op.issues.n; i++)
        req_field_error(r, filing_field_key(op.issues.items[i].field), op.issues.items[i].code);
    if (rc == -ERR_INVALID_INPUT && !r->api) {
        keep_draft(r, op.app_id, step, &input);
        StepPage page = {&op.app, step, &op.shown, op.nature, op.reasons, op.nreasons, 0};
        return render_step(r, &page, 400);
    }
    if (rc < 0) return rc;
    const char *note = www_note(r, step, &input, &op.shown);
    if (r->api) {
        json_t *j = json_pack("{s:s, s:s, s:b}", "saved", filing_step_id(step), "next_step",
                              filing_step_id(op.next_step), "complete", op.complete);
        if (note) json_object_set_new(j, "note", json_string(note));
        return resp_json(r, 200, j);
    }
    if (note) web_flash(r, note);
    return resp_redirect(r, portal_step_path(r, op.app.id, op.next_step));
}
