/*
** The application page: its view from the model's AppView.
*/
#include "web/app_page.h"

#include <string.h>

#include "core/i18n.h"
#include "core/util.h"
#include "model/review.h"
#include "model/settings.h"
#include "rules/lifecycle.h"
#include "tmpl_all.h"
#include "web/filing_views.h"
#include "web/web.h"

bool req_is_staff(Req *r) {
    return (r->who.role_bit & ROLES_STAFF) != 0;
}

const char *app_page_base(Req *r, int64_t id) {
    return arena_printf(&r->arena, "%s/applications/%lld", req_is_staff(r) ? "/staff" : "/portal",
                        (long long)id);
}

static void page_materials(Req *r, const AppView *v, ApplicationPage *p) {
    const Checklist *c = &v->checklist;
    p->materials = ARENA_NEW(&r->arena, MaterialView, c->n_items + 1);
    for (size_t i = 0; i < c->n_items; i++) {
        const ChecklistItem *it = &c->items[i];
        p->materials[p->nmaterials++] =
            (MaterialView){.name = r->lang == LANG_EN ? it->en : it->zh,
                           .copies = arena_printf(
                               &r->arena, r->lang == LANG_EN ? "%d copies" : "%d 份", it->total),
                           .signature = signature_label(it->signature, r->lang),
                           .note = r->lang == LANG_EN ? it->note_en : it->note_zh,
                           .printed = it->printed,
                           .upload = it->upload,
                           .code = it->code};
    }
    p->notices = ARENA_NEW(&r->arena, NoticeView, c->n_notices + 2);
    for (size_t i = 0; i < c->n_notices; i++)
        p->notices[p->nnotices++] = (NoticeView){
            c->notices[i].code, r->lang == LANG_EN ? c->notices[i].en : c->notices[i].zh};
}

EventView *app_page_events(Req *r, const AppView *v, bool staff, size_t *n) {
    EventView *out = ARENA_NEW(&r->arena, EventView, v->ntransitions + 1);
    *n = 0;
    for (size_t i = v->ntransitions; i-- > 0;) { /* newest first */
        const Transition *t = &v->transitions[i];
        AppState to = app_state_parse(t->to_state);
        const char *who = !strcmp(t->actor_role, "customer") ? T(r->lang, "客户")
                          : !strcmp(t->actor_role, "system") ? T(r->lang, "管局")
                          : staff && t->actor_login          ? t->actor_login
                                                             : T(r->lang, "接入商");
        out[(*n)++] = (EventView){fmt_time(r, t->at), who,
                                  app_state_label(v->app.kind, to, r->lang), t->note};
    }
    return out;
}

/* The first `shown` of the last return's reasons. */
static ReasonView *reasons_of(Req *r, const AppView *v, size_t shown, size_t *n) {
    ReasonView *out = ARENA_NEW(&r->arena, ReasonView, shown + 1);
    *n = 0;
    for (size_t i = 0; i < shown && i < v->nreasons; i++) {
        const ReturnReason *rr = &v->reasons[i];
        out[(*n)++] = (ReasonView){field_label(r, rr->field), rr->reason, rr->suggestion,
                                   field_href(r, v->app.id, rr->field)};
    }
    return out;
}

ReasonView *app_page_reasons(Req *r, const AppView *v, size_t *n) {
    return reasons_of(r, v, v->nreasons, n);
}

/* The last return's reasons, while they are to be acted on: for the
** customer only while the application is returned (once resubmitted they
** are history, in the timeline); staff always see the last ones. */
static size_t reasons_shown(const AppView *v, bool staff) {
    AppState s = v->app.state;
    return staff || s == STATE_PROVIDER_RETURNED || s == STATE_REGULATOR_RETURNED ? v->nreasons : 0;
}

static void page_history(Req *r, const AppView *v, ApplicationPage *p) {
    p->events = app_page_events(r, v, p->staff, &p->nevents);
    p->reasons = reasons_of(r, v, reasons_shown(v, p->staff), &p->nreasons);
}

static void page_issues(Req *r, const AppView *v, ApplicationPage *p) {
    p->issues = ARENA_NEW(&r->arena, IssueView, v->issues.n + 1);
    for (size_t i = 0; i < v->issues.n; i++) {
        const FilingIssue *is = &v->issues.items[i];
        /* Each item names its step, so the customer knows where to go. */
        const FilingField *f = filing_field(is->field);
        p->issues[p->nissues++] =
            (IssueView){field_place(r, is->field),
                        f ? field_error_text(r, f, is->code) : err_msg(is->code, r->lang),
                        field_href(r, v->app.id, is->field)};
    }
}

static void page_batchable(Req *r, const AppView *v, ApplicationPage *p) {
    p->batchable = ARENA_NEW(&r->arena, AppLink, v->nbatchable + 1);
    for (size_t i = 0; i < v->nbatchable; i++) {
        const Application *a = &v->batchable[i];
        p->batchable[p->nbatchable++] = (AppLink){
            .id = a->id, .number = a->number, .kind_label = app_kind_label(a->kind, r->lang)};
    }
}

/* What the last action was refused for (the request's field errors). */
static void page_errors(Req *r, const AppView *v, ApplicationPage *p) {
    p->errors = ARENA_NEW(&r->arena, IssueView, r->nerrs + 1);
    for (size_t i = 0; i < r->nerrs; i++) {
        const char *f = r->errs[i].field;
        FieldId id = filing_field_id(f);
        const char *label = !strcmp(f, "file") || !strcmp(f, "slot") ? T(r->lang, "上传的文件")
                                                                     : field_label(r, id);
        p->errors[p->nerrors++] =
            (IssueView){label, err_msg(r->errs[i].code, r->lang), field_href(r, v->app.id, id)};
    }
}

/* The checklist items Beian prints, and their form's name in the URL. */
static const struct {
    const char *code, *form;
} forms[] = {{"verification_form", "verification"},
             {"security_agreement", "agreement"},
             {"authorization_letter", "authorisation"}};

PrintView *app_page_prints(Req *r, const AppView *v, const char *base, size_t *n) {
    PrintView *out = ARENA_NEW(&r->arena, PrintView, 3);
    *n = 0;
    for (size_t i = 0; i < 3; i++) {
        const ChecklistItem *it = checklist_find(&v->checklist, forms[i].code);
        if (!it || !it->printed) continue;
        out[(*n)++] = (PrintView){r->lang == LANG_EN ? it->en : it->zh,
                                  arena_printf(&r->arena, "%s/forms/%s.pdf", base, forms[i].form)};
    }
    return out;
}

static void page_prints(Req *r, const AppView *v, ApplicationPage *p) {
    p->prints = app_page_prints(r, v, p->base, &p->nprints);
    for (size_t i = 0; i < p->nmaterials; i++)
        for (size_t k = 0; k < 3; k++)
            if (p->materials[i].printed && !strcmp(p->materials[i].code, forms[k].code))
                p->materials[i].print_href =
                    arena_printf(&r->arena, "%s/forms/%s.pdf", p->base, forms[k].form);
}

static const char *side_label(Req *r, const char *side) {
    if (!strcmp(side, "front")) return T(r->lang, "正面（人像面）");
    if (!strcmp(side, "back")) return T(r->lang, "背面（国徽面）");
    return "";
}

FileView app_page_file(Req *r, const char *base, const AppFile *f) {
    const char *href = arena_printf(&r->arena, "%s/files/%lld", base, (long long)f->id);
    return (FileView){.id = f->id,
                      .name = f->name,
                      .href = href,
                      .thumb = arena_printf(&r->arena, "%s?thumb=1", href),
                      .side_label = side_label(r, f->side),
                      .uploaded = fmt_time(r, f->uploaded_at),
                      .delete_href = arena_printf(&r->arena, "%s/delete", href),
                      .image = strcmp(f->mime, "application/pdf") != 0};
}

static SlotView *slot_for(ApplicationPage *p, const char *code) {
    for (size_t i = 0; i < p->nslots; i++)
        if (!strcmp(p->slots[i].code, code)) return &p->slots[i];
    return NULL;
}

/* The upload slots: the checklist items taking scans, and for staff the
** on-site photo. */
static void page_slot_list(Req *r, const AppView *v, bool staff, ApplicationPage *p) {
    const Checklist *c = &v->checklist;
    p->slots = ARENA_NEW(&r->arena, SlotView, c->n_items + 2);
    for (size_t i = 0; i < c->n_items; i++) {
        const ChecklistItem *it = &c->items[i];
        if (!it->upload) continue;
        SlotView *s = &p->slots[p->nslots++];
        *s = (SlotView){.code = it->code, .name = r->lang == LANG_EN ? it->en : it->zh};
        if (file_slot_is_id_copy(it->code)) {
            s->sides[0] = "front", s->sides[1] = "back";
            s->side_labels[0] = side_label(r, "front"), s->side_labels[1] = side_label(r, "back");
            s->nsides = 2;
        } else {
            s->sides[0] = "", s->side_labels[0] = "", s->nsides = 1;
        }
    }
    if (staff)
        p->slots[p->nslots++] = (SlotView){.code = FILE_SLOT_ONSITE_PHOTO,
                                           .name = T(r->lang, "现场核验照片"),
                                           .sides = {""},
                                           .side_labels = {""},
                                           .nsides = 1};
}

/* Who may upload into which side of s now: staff always, the customer
** while editable, and once submitted into what is still empty (issue 11). */
static void slot_state(Req *r, const AppView *v, bool staff, SlotView *s) {
    s->done = file_slot_done(s->code, v->files, v->nfiles);
    bool edit = staff || lifecycle_customer_can_edit(v->app.state);
    bool late = !staff && v->app.state == STATE_PROVIDER_REVIEW;
    for (size_t k = 0; k < s->nsides; k++) {
        bool empty = true;
        for (size_t i = 0; i < v->nfiles; i++)
            if (!strcmp(v->files[i].slot, s->code) && !strcmp(v->files[i].side, s->sides[k]))
                empty = false;
        s->side_open[k] = edit || (late && empty);
        s->open |= s->side_open[k];
    }
    s->multiple = s->nsides == 1 && edit;
    const char *q = req_query(r, "too_large");
    if (q && !strcmp(q, s->code))
        s->error = arena_printf(&r->arena,
                                T(r->lang, "文件超过 %s 的上限，未能上传。请压缩后再上传；照片在"
                                           "开启 JavaScript 的浏览器中选择后会自动缩小。"),
                                "4 MB");
}

static void page_slots(Req *r, const AppView *v, bool staff, ApplicationPage *p) {
    page_slot_list(r, v, staff, p);
    for (size_t i = 0; i < p->nslots; i++)
        p->slots[i].files = ARENA_NEW(&r->arena, FileView, v->nfiles + 1);
    for (size_t i = 0; i < v->nfiles; i++) {
        SlotView *s = slot_for(p, v->files[i].slot);
        if (s) s->files[s->nfiles++] = app_page_file(r, p->base, &v->files[i]);
    }
    p->can_upload = staff || lifecycle_customer_can_edit(v->app.state);
    Buf missing;
    buf_init(&missing, &r->arena);
    buf_puts(&missing, "");
    for (size_t i = 0; i < p->nslots; i++) {
        SlotView *s = &p->slots[i];
        slot_state(r, v, staff, s);
        p->can_upload |= s->open;
        if (!strcmp(s->code, FILE_SLOT_ONSITE_PHOTO)) continue;
        p->nscans++;
        if (s->done)
            p->nscans_done++;
        else
            buf_printf(&missing, "%s%s",
                       !missing.len         ? ""
                       : r->lang == LANG_EN ? ", "
                                            : "、",
                       s->name);
    }
    p->scans_missing = missing.data;
    p->scans_refuse = !strcmp(v->provider.missing_scans, SETTINGS_MISSING_REFUSE);
    p->api_files = arena_printf(&r->arena, "/api/v1%s/applications/%lld/files",
                                staff ? "/staff" : "", (long long)v->app.id);
}

/* The checklist as the page's spine: each item with its print link and
** its upload slot. */
static void page_spine(ApplicationPage *p) {
    for (size_t i = 0; i < p->nmaterials; i++) {
        MaterialView *m = &p->materials[i];
        for (size_t k = 0; k < p->nslots; k++)
            if (!strcmp(p->slots[k].code, m->code)) m->slot = &p->slots[k];
    }
}

/* The customer's next step after a return by the administration (seed §4). */
static const char *customer_guide(Req *r, const AppView *v) {
    if (v->app.state != STATE_REGULATOR_RETURNED) return NULL;
    switch (return_guide_of(v->reasons, v->nreasons, v->supplement)) {
    case GUIDE_NO_FORM:
        return T(r->lang,
                 "管局退回：未收到您的真实性核验单（备案系统的提交与纸质材料不同步）。请确认核验单"
                 "已签字盖章并按材料清单交给接入商，然后重新提交；我们核实后会再次报送管局。");
    case GUIDE_COMMERCIAL:
        return T(r->lang,
                 "管局退回：涉及经营性备案。请按退回原因修改（如补充 ICP 经营许可证编号，或如实取消"
                 "经营性勾选）后重新提交；经营性备案在我们报送后，还须到管局窗口办理。");
    case GUIDE_SUPPLEMENT:
        return T(
            r->lang,
            "变更已通过审核，新增网站被退回：请重新打印本页的核验单 2 份（已带“变更已通过审核，"
            "新增补单”字样），签字盖章后交给接入商，并单独重新提交新增网站。");
    case GUIDE_OTHER:
        return T(r->lang, "管局退回：请按下列退回原因修改后重新提交。");
    default:
        return NULL;
    }
}

/* The stages, what to do now, and where the on-site verification is. */
static void page_road(Req *r, const AppView *v, ApplicationPage *p) {
    RoadFacts f = {.review_hours = v->provider.review_hours > 0 ? v->provider.review_hours : 24};
    if (v->has_province) {
        f.regulator_days_min = v->province.review_days_min;
        f.regulator_days_max = v->province.review_days_max;
    }
    if (v->app.state == STATE_SMS_VERIFICATION && v->app.sms_deadline) {
        char *when = time_fmt_cst(&r->arena, v->app.sms_deadline);
        if (strlen(when) > 16) when[16] = 0;
        f.sms_deadline = when;
    }
    Road *road = ARENA_NEW(&r->arena, Road, 1);
    road_build(&r->arena, v->app.kind, v->app.state, r->lang, &f, road);
    p->road = road->stages;
    p->nroad = road->n;
    p->road_now = road->now;
}

const char *app_sms_url(Req *r) {
    const Config *cfg = server_config(r->srv);
    if (cfg->regulator_sms_url && *cfg->regulator_sms_url) return cfg->regulator_sms_url;
    if (cfg->regulator_endpoint && *cfg->regulator_endpoint)
        return arena_printf(&r->arena, "%s/sms", cfg->regulator_endpoint);
    return "https://beian.miit.gov.cn/";
}

/* Where and when the on-site verification takes place (the settings);
** what to bring, one line each. */
static void page_onsite(Req *r, const AppView *v, ApplicationPage *p) {
    p->onsite = v->checklist.onsite && v->onsite_address;
    if (!p->onsite) return;
    p->onsite_address = v->onsite_address;
    p->onsite_hours = v->onsite_hours;
    const char *text = v->onsite_bring ? v->onsite_bring : "";
    p->onsite_bring = ARENA_NEW(&r->arena, const char *, strlen(text) / 2 + 2);
    for (const char *s = text; *s;) {
        size_t n = strcspn(s, "\r\n");
        if (n) p->onsite_bring[p->nonsite_bring++] = arena_strndup(&r->arena, s, n);
        s += n;
        s += strspn(s, "\r\n");
    }
}

int app_page_render(Req *r, const AppView *v, bool staff, int status) {
    ApplicationPage p = {.r = r,
                         .id = v->app.id,
                         .number = v->app.number,
                         .kind_label = app_kind_label(v->app.kind, r->lang),
                         .state_label = app_state_label(v->app.kind, v->app.state, r->lang),
                         .badge = state_badge(v->app.state),
                         .subject_number = v->subject.subject_number,
                         .site_number = v->site.id ? v->site.site_number : NULL};
    p.staff = staff;
    p.editable = !staff && lifecycle_customer_can_edit(v->app.state);
    p.complete = v->complete;
    p.can_withdraw = !staff && (lifecycle_events(v->app.kind, v->app.state, ROLE_CUSTOMER) &
                                (1u << EVENT_WITHDRAW));
    p.customer_note = v->app.customer_note;
    if (!staff) p.guide = customer_guide(r, v);
    page_road(r, v, &p);
    if (v->app.state == STATE_SMS_VERIFICATION && v->app.sms_deadline) {
        p.sms_deadline = time_fmt_cst(&r->arena, v->app.sms_deadline);
        p.sms_url = app_sms_url(r);
    }
    p.steps = step_nav(r, &v->app, 0, &p.nsteps);
    p.groups = summary_groups(r, &v->app, v->nature, v->reasons, reasons_shown(v, staff), false,
                              &p.ngroups);
    p.base = app_page_base(r, v->app.id);
    page_materials(r, v, &p);
    page_history(r, v, &p);
    page_prints(r, v, &p);
    page_slots(r, v, staff, &p);
    page_spine(&p);
    page_errors(r, v, &p);
    if (!staff) page_onsite(r, v, &p);
    if (p.editable) page_issues(r, v, &p);
    if (p.editable) page_batchable(r, v, &p);
    Buf body;
    buf_init(&body, &r->arena);
    Tmpl t = web_tmpl(r, &body);
    tmpl_portal_application(&t, &p);
    return web_page(r, status, p.editable ? T(r->lang, "信息核实提交") : p.number, &body);
}
