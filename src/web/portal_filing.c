/*
** The customer's filing pages and their API twins: overview, start an
** application, the step forms, the application page (信息核实提交 while it
** is editable, progress afterwards), submit, withdraw.
*/
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "core/util.h"
#include "db/db.h"
#include "model/filing_ops.h"
#include "rules/lifecycle.h"
#include "rules/region.h"
#include "tmpl_all.h"
#include "web/filing_api.h"
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
        return T(lang, "新增网站（无主体）：主体已有备案号，但原接入商不是我司，或主体下还没有网站"
                       "。请不要填写主体信息，只需填写主体备案号和备案密码、网站信息和接入信息。");
    case KIND_NEW_SITE:
        return T(lang,
                 "新增网站（有主体）：主体已在我司备案，为其新增一个网站。主体信息无需重复填写。");
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

/* ------------------------------------------------------------ overview */

static AppLink app_link(Req *r, const Application *a) {
    return (AppLink){a->id,
                     a->number,
                     app_kind_label(a->kind, r->lang),
                     app_state_label(a->kind, a->state, r->lang),
                     state_badge(a->state),
                     fmt_time(r, a->updated_at)};
}

int h_portal_home(Req *r) {
    Overview o = {&r->arena, r->who.account_id};
    int rc = db_tx_read(r->db, op_overview, &o);
    if (rc < 0) return rc;
    if (r->api) return resp_json(r, 200, overview_json(r, &o));
    OverviewPage p = {r};
    p.has_subject = o.has_subject;
    p.in_flight = o.in_flight;
    if (o.has_subject) {
        p.filed = o.status == SUBJECT_FILED;
        p.claimed = o.status == SUBJECT_PENDING_DOWNLOAD;
        p.subject_name = o.subject.name;
        p.subject_number = o.subject.subject_number;
        p.subject_status = subject_status_label(o.status, r->lang);
        p.subject_badge = o.status == SUBJECT_FILED       ? "ok"
                          : o.status == SUBJECT_CANCELLED ? ""
                                                          : "warn";
        p.nature = nature_label(nature_parse(o.subject.nature), r->lang);
    }
    p.sites = ARENA_NEW(&r->arena, SiteRow, o.nsites + 1);
    for (size_t i = 0; i < o.nsites; i++) {
        SiteView *s = &o.sites[i];
        p.sites[p.nsites++] = (SiteRow){s->site.id,
                                        s->name,
                                        s->domain,
                                        s->site.site_number,
                                        site_status_label(s->status, r->lang),
                                        site_badge(s->status),
                                        s->status == SITE_FILED};
    }
    p.apps = ARENA_NEW(&r->arena, AppLink, o.napps + 1);
    for (size_t i = 0; i < o.napps; i++)
        p.apps[p.napps++] = app_link(r, &o.apps[i]);
    Buf body;
    buf_init(&body, &r->arena);
    Tmpl t = web_tmpl(r, &body);
    tmpl_portal_home(&t, &p);
    return web_page(r, 200, T(r->lang, "备案概览"), &body);
}

/* --------------------------------------------------------------- start */

static const char *const kind_ids[] = {"first_filing",
                                       "new_site_external",
                                       "new_site",
                                       "new_access",
                                       "change_subject",
                                       "change_site",
                                       "change_access",
                                       "cancel_subject",
                                       "cancel_site",
                                       "cancel_access",
                                       NULL};

static const char *step_path(Req *r, int64_t id, FilingStep step) {
    if (step == STEP_VERIFY || !step)
        return arena_printf(&r->arena, "/portal/applications/%lld", (long long)id);
    return arena_printf(&r->arena, "/portal/applications/%lld/steps/%s", (long long)id,
                        filing_step_id(step));
}

int h_app_create(Req *r) {
    const char *kind = "";
    int64_t site_id = 0;
    const Field spec[] = {
        {"kind", FK_CHOICE, FF_REQUIRED, 0, 30, kind_ids, NULL, &kind},
        {"site_id", FK_INT, 0, 0, 0, NULL, NULL, &site_id},
        FIELD_END,
    };
    int rc = spec_parse(r, spec);
    if (rc < 0) return rc;
    OpStart op = {&r->arena, r->who.account_id, app_kind_parse(kind), site_id, http_actor(r), 0};
    rc = db_tx(r->db, op_start, &op);
    if (rc < 0) {
        if (r->api) return rc;
        web_flash(r, web_err(r, rc));
        return resp_redirect(r, "/portal");
    }
    size_t n;
    FilingStep first = filing_steps(op.kind, &n)[0];
    if (r->api)
        return resp_json(r, 201,
                         json_pack("{s:I, s:s}", "id", (json_int_t)op.app_id, "next_step",
                                   filing_step_id(first)));
    return resp_redirect(r, step_path(r, op.app_id, first));
}

/* ---------------------------------------------------------------- steps */

static FilingStep step_param(Req *r) {
    FilingStep s = filing_step_parse(req_param(r, "step"));
    return s == STEP_VERIFY ? 0 : s;
}

static SubjectNature view_nature(const AppView *v, const Values *shown) {
    SubjectNature n = nature_parse(values_get(shown, "subject_nature"));
    if (!n) n = nature_parse(v->subject.nature);
    if (!n) n = nature_parse(values_get(&v->subject.record, "subject_nature"));
    return n;
}

static int render_step(Req *r, AppView *v, FilingStep step, const Values *shown, int status) {
    StepView sv = {r, v->app.id, v->app.number, app_kind_label(v->app.kind, r->lang),
                   app_state_label(v->app.kind, v->app.state, r->lang)};
    sv.steps = step_nav(r, &v->app, step, &sv.nsteps);
    sv.step_id = filing_step_id(step);
    sv.step_label = filing_step_label(step, r->lang);
    sv.returned = v->app.state != STATE_DRAFT;
    sv.intro = kind_intro(v->app.kind, r->lang);
    sv.fields = step_fields(r, &v->app, shown, step, view_nature(v, shown), v->reasons, v->nreasons,
                            &sv.nfields);
    Buf body;
    buf_init(&body, &r->arena);
    Tmpl t = web_tmpl(r, &body);
    tmpl_portal_step(&t, &sv);
    return web_page(r, status, sv.step_label, &body);
}

static int load_view(Req *r, AppView *v, int64_t account_id) {
    memset(v, 0, sizeof *v);
    v->a = &r->arena;
    v->account_id = account_id;
    v->app_id = req_param_id(r, "id");
    return db_tx_read(r->db, op_view, v);
}

int h_app_step_page(Req *r) {
    FilingStep step = step_param(r);
    AppView v;
    int rc = load_view(r, &v, r->who.account_id);
    if (rc < 0) return rc;
    if (!step || !filing_kind_has_step(v.app.kind, step)) return -ERR_NOT_FOUND;
    if (!lifecycle_customer_can_edit(v.app.state))
        return resp_redirect(r, step_path(r, v.app.id, STEP_VERIFY));
    return render_step(r, &v, step, &v.app.values, 200);
}

/* The field spec of a step, from the catalog; values land in `in`. */
typedef struct StepInput {
    const FilingField *f;
    const char *text;
    bool flag;
    StrList list;
} StepInput;

static Field *step_spec(Req *r, FilingStep step, StepInput **inputs, size_t *n) {
    size_t nf;
    const FilingField *f = filing_fields(&nf);
    Field *spec = ARENA_NEW(&r->arena, Field, nf + 1);
    *inputs = ARENA_NEW(&r->arena, StepInput, nf);
    *n = 0;
    for (size_t i = 0; i < nf; i++) {
        if (f[i].step != step) continue;
        StepInput *in = &(*inputs)[*n];
        in->f = &f[i];
        Field *s = &spec[(*n)++];
        s->name = f[i].key;
        switch (f[i].input) {
        case IN_BOOL:
            s->kind = FK_BOOL, s->out = &in->flag;
            break;
        case IN_MULTI:
            s->kind = FK_LIST, s->max = f[i].max, s->out = &in->list;
            break;
        case IN_LINES:
            s->kind = FK_LIST, s->flags = FF_MULTILINE, s->out = &in->list;
            break;
        default:
            s->kind = FK_TEXT;
            s->max = f[i].max ? f[i].max : 1000;
            s->flags = f[i].input == IN_TEXTAREA ? FF_MULTILINE
                       : f[i].input == IN_SECRET ? FF_NO_TRIM
                                                 : 0;
            s->out = &in->text;
        }
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
        values_set(v, in[i].f->key, val ? val : "");
    }
}

static FilingStep next_step(AppKind k, FilingStep step) {
    size_t n;
    const FilingStep *steps = filing_steps(k, &n);
    for (size_t i = 0; i + 1 < n; i++)
        if (steps[i] == step) return steps[i + 1];
    return STEP_VERIFY;
}

int h_app_step_save(Req *r) {
    FilingStep step = step_param(r);
    if (!step) return -ERR_NOT_FOUND;
    StepInput *in;
    size_t n;
    Field *spec = step_spec(r, step, &in, &n);
    int parse_rc = spec_parse(r, spec);
    Values input;
    values_init(&input, &r->arena);
    inputs_to_values(r, in, n, &input);
    OpSave op = {&r->arena, r->who.account_id, req_param_id(r, "id"), step, &input, http_actor(r)};
    int rc = parse_rc < 0 ? parse_rc : db_tx(r->db, op_save, &op);
    for (size_t i = 0; i < op.issues.n; i++)
        req_field_error(r, op.issues.items[i].field, op.issues.items[i].code);
    if (rc == -ERR_INVALID_INPUT && !r->api) {
        AppView v;
        int vrc = load_view(r, &v, r->who.account_id);
        if (vrc < 0) return vrc;
        Values shown = v.app.values;
        for (size_t i = 0; i < input.n; i++)
            values_set(&shown, input.keys[i], input.vals[i]);
        return render_step(r, &v, step, &shown, 400);
    }
    if (rc < 0) return rc;
    AppView v;
    rc = load_view(r, &v, r->who.account_id);
    if (rc < 0) return rc;
    FilingStep next = next_step(v.app.kind, step);
    if (r->api)
        return resp_json(r, 200,
                         json_pack("{s:s, s:s, s:b}", "saved", filing_step_id(step), "next_step",
                                   filing_step_id(next), "complete", v.complete));
    return resp_redirect(r, step_path(r, v.app.id, next));
}

int h_regions(Req *r) {
    const char *parent = "";
    const Field spec[] = {{"parent", FK_TEXT, 0, 0, 6, NULL, NULL, &parent}, FIELD_END};
    int rc = spec_parse(r, spec);
    if (rc < 0) return rc;
    size_t n;
    const Region **kids = region_children(&r->arena, *parent ? parent : NULL, &n);
    json_t *list = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(
            list, json_pack("{s:s, s:s}", "code", kids[i]->code, "name", kids[i]->name));
    return resp_json(r, 200, json_pack("{s:o}", "regions", list));
}
