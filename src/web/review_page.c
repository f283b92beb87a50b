/*
** The staff's review page of one application, and its JSON.
*/
#include "web/review_page.h"

#include <string.h>

#include "core/i18n.h"
#include "core/util.h"
#include "rules/mask.h"
#include "tmpl_all.h"
#include "web/app_page.h"
#include "web/filing_json.h"
#include "web/filing_views.h"
#include "web/review_views.h"
#include "web/web.h"

static const char *person_label(Req *r, const char *id) {
    return !strcmp(id, "subject_principal") ? T(r->lang, "主体负责人")
           : !strcmp(id, "site_principal")  ? T(r->lang, "网站负责人")
                                            : T(r->lang, "法定代表人");
}

static const char *outcome_label(Req *r, const char *id) {
    return !strcmp(id, "confirmed")      ? T(r->lang, "本人确认信息属实")
           : !strcmp(id, "no_answer")    ? T(r->lang, "无人接听")
           : !strcmp(id, "wrong_person") ? T(r->lang, "非本人")
           : !strcmp(id, "refused")      ? T(r->lang, "本人否认")
                                         : T(r->lang, "其他");
}

static const char *onsite_label(Req *r, OnsiteKind k) {
    return k == ONSITE_DONE      ? T(r->lang, "已现场核验")
           : k == ONSITE_COVERED ? T(r->lang, "之前已做过现场核验")
                                 : T(r->lang, "无需现场核验");
}

static const char *guide_text(Req *r, ReturnGuide g) {
    switch (g) {
    case GUIDE_NO_FORM:
        return T(r->lang,
                 "管局退回：未收到真实性核验单（备案系统提交与纸质材料不同步）。请确认核验单"
                 "扫描件已上传后，重新报送管局；或退回客户补交。");
    case GUIDE_COMMERCIAL:
        return T(r->lang,
                 "管局退回：涉及经营性备案。请退回客户按原因修改后重新提交；经营性备案通过后"
                 "客户还须到管局窗口办理。");
    case GUIDE_SUPPLEMENT:
        return T(r->lang,
                 "变更已通过审核，新增网站被退回：请客户打印带“变更已通过审核，新增补单”字样的"
                 "核验单 2 份，新增网站部分单独重新提交。");
    case GUIDE_OTHER:
        return T(r->lang, "管局退回：请按退回原因退回客户修改，或在问题已解决时重新报送管局。");
    default:
        return NULL;
    }
}

static void page_materials(Req *r, const ReviewView *rv, ReviewPage *p) {
    p->materials = ARENA_NEW(&r->arena, MaterialRowView, rv->n_materials + 1);
    for (size_t i = 0; i < rv->n_materials; i++) {
        const MaterialState *m = &rv->materials[i];
        MaterialRowView *x = &p->materials[p->nmaterials++];
        *x = (MaterialRowView){.code = m->item->code,
                               .name = r->lang == LANG_EN ? m->item->en : m->item->zh,
                               .signature = signature_label(m->item->signature, r->lang),
                               .received_by = m->received_by,
                               .received_at = m->received_at ? fmt_time(r, m->received_at) : NULL,
                               .expected = m->item->total,
                               .received = m->received,
                               .complete = m->received >= m->item->total,
                               .printed = m->item->printed};
        x->scans = ARENA_NEW(&r->arena, FileView, rv->v.nfiles + 1);
        for (size_t f = 0; f < rv->v.nfiles; f++)
            if (!strcmp(rv->v.files[f].slot, m->item->code))
                x->scans[x->nscans++] = app_page_file(r, p->base, &rv->v.files[f]);
    }
    const Checklist *c = &rv->v.checklist;
    p->notices = ARENA_NEW(&r->arena, NoticeView, c->n_notices + 1);
    for (size_t i = 0; i < c->n_notices; i++)
        p->notices[p->nnotices++] = (NoticeView){
            c->notices[i].code, r->lang == LANG_EN ? c->notices[i].en : c->notices[i].zh};
}

static void page_onsite(Req *r, const ReviewView *rv, ReviewPage *p) {
    p->photos = ARENA_NEW(&r->arena, FileView, rv->v.nfiles + 1);
    for (size_t f = 0; f < rv->v.nfiles; f++)
        if (!strcmp(rv->v.files[f].slot, FILE_SLOT_ONSITE_PHOTO))
            p->photos[p->nphotos++] = app_page_file(r, p->base, &rv->v.files[f]);
    const OnsiteRecord *o = &rv->onsite;
    if (o->id)
        p->onsite = (OnsiteView){.has = true,
                                 .kind = onsite_label(r, o->kind),
                                 .date = o->verified_on,
                                 .by = o->reviewer_login,
                                 .note = o->note,
                                 .rule = o->rule};
    p->earlier = ARENA_NEW(&r->arena, EarlierOnsite, rv->n_earlier_onsite + 1);
    for (size_t i = 0; i < rv->n_earlier_onsite; i++)
        p->earlier[p->nearlier++] =
            (EarlierOnsite){rv->earlier_onsite[i].id, rv->earlier_onsite[i].verified_on,
                            rv->earlier_onsite[i].application_number};
    p->onsite_needed = rv->v.checklist.onsite;
}

/* What was sent to the administration, and what came back. */
static void page_regulator(Req *r, const ReviewView *rv, ReviewPage *p) {
    p->uploads = ARENA_NEW(&r->arena, RegUploadView, rv->n_uploads + 1);
    for (size_t i = 0; i < rv->n_uploads; i++) {
        const RegUploadRow *u = &rv->uploads[i];
        p->uploads[p->nuploads++] =
            (RegUploadView){.seq = u->seq,
                            .operation = u->operation,
                            .state = u->state,
                            .created = fmt_time(r, u->created_at),
                            .sent = u->sent_at ? fmt_time(r, u->sent_at) : NULL,
                            .accepted = u->accepted_at ? fmt_time(r, u->accepted_at) : NULL,
                            .message = u->last_message && *u->last_message ? u->last_message : NULL,
                            .file = u->file_name,
                            .attempts = u->attempts,
                            .code = u->last_code};
    }
    p->results = ARENA_NEW(&r->arena, RegResultView, rv->n_results + 1);
    for (size_t i = 0; i < rv->n_results; i++) {
        const RegResultRow *x = &rv->results[i];
        p->results[p->nresults++] = (RegResultView){
            .code = x->code, .when = fmt_time(r, x->at), .text = x->text, .file = x->file_name};
    }
}

static void page_calls(Req *r, const ReviewView *rv, ReviewPage *p) {
    p->calls = ARENA_NEW(&r->arena, CallView, rv->n_calls + 1);
    for (size_t i = 0; i < rv->n_calls; i++) {
        const CallRecord *c = &rv->calls[i];
        p->calls[p->ncalls++] = (CallView){.when = fmt_time(r, c->called_at),
                                           .person = person_label(r, c->person),
                                           .outcome = outcome_label(r, c->outcome),
                                           .note = c->note,
                                           .by = c->reviewer_login,
                                           .confirmed = !strcmp(c->outcome, "confirmed")};
    }
}

/* What blocks a pass, in words. */
static void page_check(Req *r, const ReviewView *rv, ReviewPage *p) {
    const PassCheck *c = &rv->check;
    const char **out = ARENA_NEW(&r->arena, const char *, c->n_missing + 4);
    for (size_t i = 0; i < c->n_missing; i++) {
        const ChecklistItem *it = checklist_find(&rv->v.checklist, c->missing[i]);
        const char *name = it ? (r->lang == LANG_EN ? it->en : it->zh) : c->missing[i];
        out[p->ncheck++] = arena_printf(&r->arena, T(r->lang, "未收齐：%s"), name);
    }
    if (c->form_scan_missing) out[p->ncheck++] = T(r->lang, "真实性核验单尚无扫描件");
    if (c->onsite_missing) out[p->ncheck++] = T(r->lang, "尚未记录现场核验");
    if (c->call_missing) out[p->ncheck++] = T(r->lang, "尚未记录本人确认的核实电话");
    p->check = out;
    p->check_ok = pass_check_ok(c);
}

static void page_subject(Req *r, const ReviewView *rv, ReviewPage *p, bool clear) {
    p->sites = ARENA_NEW(&r->arena, SiteLine, rv->n_other_sites + 1);
    for (size_t i = 0; i < rv->n_other_sites; i++)
        p->sites[p->nsites++] = (SiteLine){rv->other_sites[i].name, rv->other_sites[i].domain,
                                           rv->other_sites[i].site_number};
    p->history = ARENA_NEW(&r->arena, HistoryView, rv->n_history + 1);
    for (size_t i = 0; i < rv->n_history; i++) {
        const Application *a = &rv->history[i];
        p->history[p->nhistory++] =
            (HistoryView){a->id,
                          a->number,
                          app_kind_label(a->kind, r->lang),
                          app_state_label(a->kind, a->state, r->lang),
                          state_badge(a->state),
                          fmt_time(r, a->updated_at),
                          arena_printf(&r->arena, "/staff/applications/%lld", (long long)a->id)};
    }
    p->changes = ARENA_NEW(&r->arena, ChangeView, rv->n_changes + 1);
    for (size_t i = 0; i < rv->n_changes; i++) {
        const FieldChange *c = &rv->changes[i];
        const FilingField *f = filing_field(c->field);
        Values one;
        values_init(&one, &r->arena);
        values_set(&one, c->field, c->before);
        const char *before = field_display_as(r, f, &one, clear);
        values_set(&one, c->field, c->after);
        p->changes[p->nchanges++] =
            (ChangeView){field_label(r, c->field), before, field_display_as(r, f, &one, clear)};
    }
}

/* The fields a return may name: those of the application's steps. */
static void page_fields(Req *r, const ReviewView *rv, ReviewPage *p) {
    size_t n;
    const FilingField *f = filing_fields(&n);
    p->fields = ARENA_NEW(&r->arena, FieldChoice, n + 1);
    for (size_t i = 0; i < n; i++)
        if (filing_field_applies(&f[i], rv->v.app.kind, rv->v.nature, &rv->v.app.values))
            p->fields[p->nfields++] = (FieldChoice){f[i].key, filing_field_label(&f[i], r->lang)};
}

/* The standard return reasons, in the reviewer's language. */
static void page_std_reasons(Req *r, const ReviewView *rv, ReviewPage *p) {
    p->std = ARENA_NEW(&r->arena, ReasonChoice, rv->n_std_reasons + 1);
    bool en = r->lang == LANG_EN;
    for (size_t i = 0; i < rv->n_std_reasons; i++) {
        const ReasonTemplate *t = &rv->std_reasons[i];
        p->std[p->nstd++] = (ReasonChoice){
            .id = t->id,
            .field = t->field,
            .text = en && *t->text_en ? t->text_en : t->text_zh,
            .suggestion = en && *t->suggestion_en ? t->suggestion_en : t->suggestion_zh};
    }
}

/* What the last action was refused for. */
static void page_errors(Req *r, ReviewPage *p) {
    p->errors = ARENA_NEW(&r->arena, IssueView, r->nerrs + 1);
    for (size_t i = 0; i < r->nerrs; i++)
        p->errors[p->nerrors++] =
            (IssueView){r->errs[i].field, err_msg(r->errs[i].code, r->lang), NULL};
}

ClaimView claim_view(Req *r, AppState state, int64_t claimed_by, const char *claimed_login,
                     const char *returned_login) {
    return (ClaimView){.claimed_by = claimed_login,
                       .returned_to = returned_login,
                       .mine = claimed_by == r->who.account_id,
                       .claimable = app_claimable(state),
                       .waiting_customer = state == STATE_PROVIDER_RETURNED};
}

static void page_head(Req *r, const ReviewView *rv, ReviewPage *p) {
    const AppView *v = &rv->v;
    p->id = v->app.id;
    p->number = v->app.number;
    p->kind_label = app_kind_label(v->app.kind, r->lang);
    p->state_label = app_state_name(v->app.state, r->lang);
    p->badge = state_badge(v->app.state);
    p->base = app_page_base(r, v->app.id);
    p->subject_name =
        *v->subject.name ? v->subject.name : values_get(&v->app.values, F_SUBJECT_NAME);
    p->subject_number = v->subject.subject_number;
    p->site_number = v->site.id ? v->site.site_number : NULL;
    p->nature = nature_label(v->nature, r->lang);
    p->claim =
        claim_view(r, v->app.state, v->app.claimed_by, rv->claimed_login, rv->returned_login);
    p->customer_note = v->app.customer_note;
    p->guide = guide_text(r, rv->guide);
    p->can_pass = rv->can & CAN_PASS, p->can_return = rv->can & CAN_RETURN;
    p->can_reopen = rv->can & CAN_REOPEN, p->can_claim = rv->can & CAN_CLAIM;
    p->can_release = rv->can & CAN_RELEASE, p->can_take_over = rv->can & CAN_TAKE_OVER;
    p->can_record = rv->can & CAN_RECORD;
    p->today = arena_strndup(&r->arena, time_fmt_cst(&r->arena, time_now()), 10);
}

int review_page_render(Req *r, const ReviewView *rv, bool unmasked, int status) {
    ReviewPage p = {.r = r, .unmasked = unmasked};
    page_head(r, rv, &p);
    const AppView *v = &rv->v;
    p.groups = summary_groups(r, &v->app, v->nature, v->reasons, v->nreasons, unmasked, &p.ngroups);
    page_materials(r, rv, &p);
    page_onsite(r, rv, &p);
    page_calls(r, rv, &p);
    page_regulator(r, rv, &p);
    page_check(r, rv, &p);
    page_subject(r, rv, &p, unmasked);
    page_fields(r, rv, &p);
    page_std_reasons(r, rv, &p);
    page_errors(r, &p);
    p.reasons = app_page_reasons(r, v, &p.nreasons);
    p.events = app_page_events(r, v, true, &p.nevents);
    p.prints = app_page_prints(r, v, p.base, &p.nprints);
    Buf body;
    buf_init(&body, &r->arena);
    Tmpl t = web_tmpl(r, &body);
    tmpl_staff_review(&t, &p);
    return web_page(r, status, p.number, &body);
}

/* ---------------------------------------------------------------- JSON */

static json_t *materials_json(const ReviewView *rv) {
    json_t *a = json_array();
    for (size_t i = 0; i < rv->n_materials; i++) {
        const MaterialState *m = &rv->materials[i];
        json_array_append_new(a, json_pack("{s:s, s:i, s:i, s:s?, s:I, s:i}", "code", m->item->code,
                                           "expected", m->item->total, "received", m->received,
                                           "received_by", m->received_by, "received_at",
                                           (json_int_t)m->received_at, "scans", (int)m->n_scans));
    }
    return a;
}

static json_t *onsite_json(const OnsiteRecord *o) {
    if (!o->id) return json_null();
    return json_pack("{s:I, s:s, s:s, s:I, s:I, s:s, s:s, s:s?, s:I}", "id", (json_int_t)o->id,
                     "kind", onsite_kind_id(o->kind), "verified_on", o->verified_on,
                     "photo_file_id", (json_int_t)o->photo_file_id, "covered_by",
                     (json_int_t)o->covered_by, "rule", o->rule, "note", o->note, "reviewer",
                     o->reviewer_login, "created_at", (json_int_t)o->created_at);
}

static json_t *calls_json(const ReviewView *rv) {
    json_t *a = json_array();
    for (size_t i = 0; i < rv->n_calls; i++) {
        const CallRecord *c = &rv->calls[i];
        json_array_append_new(a, json_pack("{s:I, s:s, s:s, s:s, s:s?}", "called_at",
                                           (json_int_t)c->called_at, "person", c->person, "outcome",
                                           c->outcome, "note", c->note, "reviewer",
                                           c->reviewer_login));
    }
    return a;
}

static json_t *regulator_json(const ReviewView *rv) {
    json_t *up = json_array(), *res = json_array();
    for (size_t i = 0; i < rv->n_uploads; i++) {
        const RegUploadRow *u = &rv->uploads[i];
        json_array_append_new(
            up, json_pack("{s:I, s:s, s:s, s:s, s:i, s:I, s:o, s:o, s:I, s:s}", "seq",
                          (json_int_t)u->seq, "operation", u->operation, "state", u->state,
                          "file_name", u->file_name, "attempts", u->attempts, "created_at",
                          (json_int_t)u->created_at, "sent_at",
                          u->sent_at ? json_integer(u->sent_at) : json_null(), "accepted_at",
                          u->accepted_at ? json_integer(u->accepted_at) : json_null(), "last_code",
                          (json_int_t)u->last_code, "last_message",
                          u->last_message ? u->last_message : ""));
    }
    for (size_t i = 0; i < rv->n_results; i++) {
        const RegResultRow *x = &rv->results[i];
        json_array_append_new(res, json_pack("{s:I, s:I, s:s, s:s}", "code", (json_int_t)x->code,
                                             "at", (json_int_t)x->at, "text", x->text, "file_name",
                                             x->file_name));
    }
    return json_pack("{s:o, s:o}", "uploads", up, "results", res);
}

static json_t *check_json(const PassCheck *c) {
    json_t *missing = json_array();
    for (size_t i = 0; i < c->n_missing; i++)
        json_array_append_new(missing, json_string(c->missing[i]));
    return json_pack("{s:b, s:o, s:b, s:b, s:b}", "ok", pass_check_ok(c), "materials_missing",
                     missing, "form_scan_missing", c->form_scan_missing, "onsite_missing",
                     c->onsite_missing, "call_missing", c->call_missing);
}

static json_t *actions_json(unsigned can) {
    json_t *a = json_array();
    static const struct {
        unsigned bit;
        const char *id;
    } names[] = {{CAN_CLAIM, "claim"},   {CAN_RELEASE, "release"}, {CAN_TAKE_OVER, "take_over"},
                 {CAN_RECORD, "record"}, {CAN_PASS, "pass"},       {CAN_RETURN, "return"},
                 {CAN_REOPEN, "reopen"}};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (can & names[i].bit) json_array_append_new(a, json_string(names[i].id));
    return a;
}

/* The standard return reasons a return may pick (reason_id), in the
** reviewer's language. */
static json_t *std_reasons_json(Req *r, const ReviewView *rv) {
    json_t *a = json_array();
    bool en = r->lang == LANG_EN;
    for (size_t i = 0; i < rv->n_std_reasons; i++) {
        const ReasonTemplate *t = &rv->std_reasons[i];
        json_array_append_new(
            a, json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)t->id, "field", t->field,
                         "reason", en && *t->text_en ? t->text_en : t->text_zh, "suggestion",
                         en && *t->suggestion_en ? t->suggestion_en : t->suggestion_zh));
    }
    return a;
}

static const char *guide_id(ReturnGuide g) {
    return g == GUIDE_NO_FORM      ? "no_form"
           : g == GUIDE_COMMERCIAL ? "commercial"
           : g == GUIDE_SUPPLEMENT ? "supplement"
           : g == GUIDE_OTHER      ? "other"
                                   : NULL;
}

json_t *review_json(Req *r, const ReviewView *rv, bool reveal) {
    json_t *app = application_json(r, &rv->v, reveal);
    /* Staff get staff actions, not the customer's flags. */
    json_object_del(app, "editable");
    json_object_del(app, "can_withdraw");
    json_t *review =
        json_pack("{s:o, s:s?, s:s?, s:o, s:o, s:o, s:o, s:o, s:s?, s:i}", "claimed_by",
                  rv->v.app.claimed_by ? json_integer(rv->v.app.claimed_by) : json_null(),
                  "claimed_login", rv->claimed_login, "returned_by", rv->returned_login, "actions",
                  actions_json(rv->can), "pass_check", check_json(&rv->check), "materials",
                  materials_json(rv), "onsite", onsite_json(&rv->onsite), "calls", calls_json(rv),
                  "return_guide", guide_id(rv->guide), "review_round", rv->v.app.review_round);
    json_object_set_new(review, "onsite_needed", json_boolean(rv->v.checklist.onsite));
    json_object_set_new(review, "regulator", regulator_json(rv));
    json_object_set_new(review, "return_reasons", std_reasons_json(r, rv));
    json_object_set_new(app, "review", review);
    return app;
}
