/*
** One application: its page (信息核实提交 while editable: the values once
** more, the materials checklist, the province's requirements; progress
** and history afterwards), submit (alone or as a batch), withdraw.
*/
#include <string.h>

#include "core/i18n.h"
#include "core/util.h"
#include "db/db.h"
#include "model/filing_ops.h"
#include "rules/lifecycle.h"
#include "tmpl_all.h"
#include "web/app_page.h"
#include "web/filing_api.h"
#include "web/filing_views.h"
#include "web/handlers.h"
#include "web/views.h"
#include "web/web.h"

static void page_materials(Req *r, const AppView *v, ApplicationPage *p) {
    const Checklist *c = &v->checklist;
    p->materials = ARENA_NEW(&r->arena, MaterialView, c->n_items + 1);
    for (size_t i = 0; i < c->n_items; i++) {
        const ChecklistItem *it = &c->items[i];
        p->materials[p->nmaterials++] = (MaterialView){
            r->lang == LANG_EN ? it->en : it->zh,
            arena_printf(&r->arena, r->lang == LANG_EN ? "%d copies" : "%d 份", it->total),
            signature_label(it->signature, r->lang),
            r->lang == LANG_EN ? it->note_en : it->note_zh,
            it->printed,
            it->upload};
    }
    p->notices = ARENA_NEW(&r->arena, NoticeView, c->n_notices + 2);
    for (size_t i = 0; i < c->n_notices; i++)
        p->notices[p->nnotices++] = (NoticeView){
            c->notices[i].code, r->lang == LANG_EN ? c->notices[i].en : c->notices[i].zh};
}

static void page_history(Req *r, const AppView *v, ApplicationPage *p) {
    p->events = ARENA_NEW(&r->arena, EventView, v->ntransitions + 1);
    for (size_t i = v->ntransitions; i-- > 0;) { /* newest first */
        const Transition *t = &v->transitions[i];
        AppState to = app_state_parse(t->to_state);
        const char *who = !strcmp(t->actor_role, "customer") ? T(r->lang, "客户")
                          : !strcmp(t->actor_role, "system") ? T(r->lang, "管局")
                                                             : T(r->lang, "接入商");
        p->events[p->nevents++] = (EventView){fmt_time(r, t->at), who,
                                              app_state_label(v->app.kind, to, r->lang), t->note};
    }
    p->reasons = ARENA_NEW(&r->arena, ReasonView, v->nreasons + 1);
    for (size_t i = 0; i < v->nreasons; i++) {
        const ReturnReason *rr = &v->reasons[i];
        p->reasons[p->nreasons++] =
            (ReasonView){field_label(r, rr->field), rr->reason, rr->suggestion,
                         field_href(r, v->app.id, rr->field)};
    }
}

static void page_issues(Req *r, const AppView *v, ApplicationPage *p) {
    p->issues = ARENA_NEW(&r->arena, IssueView, v->issues.n + 1);
    for (size_t i = 0; i < v->issues.n; i++) {
        const FilingIssue *is = &v->issues.items[i];
        p->issues[p->nissues++] = (IssueView){field_label(r, is->field), err_msg(is->code, r->lang),
                                              field_href(r, v->app.id, is->field)};
    }
}

/* Drafts that may be submitted together with this one (seed §4.4). */
static void page_batchable(Req *r, const AppView *v, ApplicationPage *p) {
    Overview o = {&r->arena, r->who.account_id};
    if (v->app.state != STATE_DRAFT || db_tx_read(r->db, op_overview, &o) < 0) return;
    bool change = app_kind_is_change(v->app.kind);
    if (!change && v->app.kind != KIND_NEW_SITE) return;
    p->batchable = ARENA_NEW(&r->arena, AppLink, o.napps + 1);
    for (size_t i = 0; i < o.napps; i++) {
        const Application *a = &o.apps[i];
        bool fits = change ? a->kind == KIND_NEW_SITE : app_kind_is_change(a->kind);
        if (a->id != v->app.id && a->state == STATE_DRAFT && fits && app_steps_complete(a))
            p->batchable[p->nbatchable++] =
                (AppLink){a->id, a->number, app_kind_label(a->kind, r->lang), "", "", ""};
    }
}

static SubjectNature app_nature(const AppView *v) {
    SubjectNature n = nature_parse(values_get(&v->app.values, "subject_nature"));
    if (!n) n = nature_parse(v->subject.nature);
    return n ? n : nature_parse(values_get(&v->subject.record, "subject_nature"));
}

int render_application(Req *r, AppView *v, bool staff, int status) {
    ApplicationPage p = {r,
                         v->app.id,
                         v->app.number,
                         app_kind_label(v->app.kind, r->lang),
                         app_state_label(v->app.kind, v->app.state, r->lang),
                         state_badge(v->app.state),
                         v->subject.subject_number,
                         v->site.id ? v->site.site_number : NULL};
    p.staff = staff;
    p.editable = !staff && lifecycle_customer_can_edit(v->app.state);
    p.complete = v->complete;
    p.can_withdraw = !staff && (lifecycle_events(v->app.kind, v->app.state, ROLE_CUSTOMER) &
                                (1u << EVENT_WITHDRAW));
    p.customer_note = v->app.customer_note;
    p.steps = step_nav(r, &v->app, 0, &p.nsteps);
    p.groups = summary_groups(r, &v->app, app_nature(v), v->reasons, v->nreasons, &p.ngroups);
    page_materials(r, v, &p);
    page_history(r, v, &p);
    documents_page(r, v, staff, &p);
    p.errors = ARENA_NEW(&r->arena, IssueView, r->nerrs + 1);
    for (size_t i = 0; i < r->nerrs; i++) {
        const char *f = r->errs[i].field;
        const char *label =
            !strcmp(f, "file") || !strcmp(f, "slot") ? T(r->lang, "上传的文件") : field_label(r, f);
        p.errors[p.nerrors++] =
            (IssueView){label, err_msg(r->errs[i].code, r->lang), field_href(r, v->app.id, f)};
    }
    if (p.editable) page_issues(r, v, &p);
    if (p.editable) page_batchable(r, v, &p);
    Buf body;
    buf_init(&body, &r->arena);
    Tmpl t = web_tmpl(r, &body);
    tmpl_portal_application(&t, &p);
    return web_page(r, status, p.editable ? T(r->lang, "信息核实提交") : p.number, &body);
}

static int load(Req *r, AppView *v) {
    memset(v, 0, sizeof *v);
    v->a = &r->arena;
    v->account_id = r->who.account_id;
    v->app_id = req_param_id(r, "id");
    return db_tx_read(r->db, op_view, v);
}

/* The staff's read view of an application (the QR code on the printed
** verification form leads here). The full review console comes later. */
int h_staff_app_page(Req *r) {
    AppView v;
    memset(&v, 0, sizeof v);
    v.a = &r->arena;
    v.app_id = req_param_id(r, "id");
    int rc = db_tx_read(r->db, op_view, &v);
    if (rc < 0) return rc;
    Actor who = http_actor(r);
    rc = audit_write(r->db, &who, "application.view", "application", v.app.id, NULL);
    if (rc < 0) return rc;
    if (r->api) return resp_json(r, 200, application_json(r, &v, false));
    return render_application(r, &v, true, 200);
}

int h_app_page(Req *r) {
    AppView v;
    int rc = load(r, &v);
    if (rc < 0) return rc;
    if (r->api) {
        bool reveal = req_query(r, "reveal") && !strcmp(req_query(r, "reveal"), "1");
        if (reveal) {
            Actor who = http_actor(r);
            rc = audit_write(r->db, &who, "application.reveal", "application", v.app.id, NULL);
            if (rc < 0) return rc;
        }
        return resp_json(r, 200, application_json(r, &v, reveal));
    }
    return render_application(r, &v, false, 200);
}

int h_app_submit(Req *r) {
    const char *note = "";
    int64_t with = 0;
    const Field spec[] = {
        {"note", FK_TEXT, FF_MULTILINE, 0, 500, NULL, NULL, &note},
        {"batch_with", FK_INT, 0, 0, 0, NULL, NULL, &with},
        FIELD_END,
    };
    int rc = spec_parse(r, spec);
    if (rc < 0) return rc;
    OpSubmit op = {&r->arena, r->who.account_id, {req_param_id(r, "id"), with}, with ? 2 : 1,
                   note,      http_actor(r)};
    rc = db_tx(r->db, op_submit, &op);
    for (size_t i = 0; i < op.issues.n; i++)
        req_field_error(r, op.issues.items[i].field, op.issues.items[i].code);
    if (rc < 0) {
        if (r->api) return rc;
        AppView v;
        int vrc = load(r, &v);
        if (vrc < 0) return vrc;
        if (rc == -ERR_INVALID_INPUT) return render_application(r, &v, false, 400);
        web_flash(r, web_err(r, rc));
        return resp_redirect(
            r, arena_printf(&r->arena, "/portal/applications/%lld", (long long)v.app.id));
    }
    if (r->api) return resp_json(r, 200, json_pack("{s:b}", "submitted", 1));
    web_flash(r,
              T(r->lang, "已提交至接入商核实。请按材料清单准备纸质材料；审核进度可在本页查看。"));
    return resp_redirect(
        r, arena_printf(&r->arena, "/portal/applications/%lld", (long long)op.app_ids[0]));
}

int h_app_withdraw(Req *r) {
    const Field none[] = {FIELD_END};
    int prc = spec_parse(r, none);
    if (prc < 0) return prc;
    OpWithdraw op = {&r->arena, r->who.account_id, req_param_id(r, "id"), http_actor(r)};
    int rc = db_tx(r->db, op_withdraw, &op);
    if (rc < 0) {
        if (r->api) return rc;
        web_flash(r, web_err(r, rc));
    } else if (r->api) {
        return resp_json(r, 200, json_pack("{s:b}", "withdrawn", 1));
    } else {
        web_flash(r, T(r->lang, "申请已撤回。"));
    }
    return resp_redirect(r, "/portal");
}
