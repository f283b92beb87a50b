/*
** JSON of filing objects.
*/
#include "web/filing_json.h"

#include <string.h>

#include "model/review.h"
#include "rules/lifecycle.h"
#include "web/app_page.h"
#include "web/filing_views.h"

static json_t *str_or_null(const char *s) {
    return s ? json_string(s) : json_null();
}

json_t *overview_json(Req *r, const Overview *o) {
    json_t *sites = json_array(), *apps = json_array();
    for (size_t i = 0; i < o->nsites; i++) {
        const SiteView *s = &o->sites[i];
        json_array_append_new(
            sites, json_pack("{s:I, s:s, s:s, s:o, s:s, s:s}", "id", (json_int_t)s->site.id, "name",
                             s->name, "domain", s->domain, "site_number",
                             str_or_null(s->site.site_number), "status", site_status_id(s->status),
                             "status_label", site_status_label(s->status, r->lang)));
    }
    for (size_t i = 0; i < o->napps; i++) {
        const Application *a = &o->apps[i];
        json_array_append_new(
            apps, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:I}", "id", (json_int_t)a->id,
                            "number", a->number, "kind", app_kind_id(a->kind), "kind_label",
                            app_kind_label(a->kind, r->lang), "state", app_state_id(a->state),
                            "state_label", app_state_label(a->kind, a->state, r->lang),
                            "updated_at", (json_int_t)a->updated_at));
    }
    json_t *subject = json_null();
    if (o->has_subject)
        subject = json_pack("{s:I, s:s, s:s, s:o, s:s, s:s}", "id", (json_int_t)o->subject.id,
                            "name", o->subject.name, "nature", o->subject.nature, "subject_number",
                            str_or_null(o->subject.subject_number), "status",
                            subject_status_id(o->status), "status_label",
                            subject_status_label(o->status, r->lang));
    return json_pack("{s:o, s:o, s:o, s:b}", "subject", subject, "sites", sites, "applications",
                     apps, "in_flight", o->in_flight);
}

json_t *checklist_json(Req *r, const Checklist *c) {
    json_t *items = json_array(), *notices = json_array();
    for (size_t i = 0; i < c->n_items; i++) {
        const ChecklistItem *it = &c->items[i];
        json_array_append_new(
            items, json_pack("{s:s, s:s, s:i, s:s, s:b, s:b, s:o}", "code", it->code, "name",
                             r->lang == LANG_EN ? it->en : it->zh, "copies", it->total, "signature",
                             signature_label(it->signature, r->lang), "printed", it->printed,
                             "upload", it->upload, "note",
                             str_or_null(r->lang == LANG_EN ? it->note_en : it->note_zh)));
    }
    for (size_t i = 0; i < c->n_notices; i++)
        json_array_append_new(notices,
                              json_pack("{s:s, s:s}", "code", c->notices[i].code, "text",
                                        r->lang == LANG_EN ? c->notices[i].en : c->notices[i].zh));
    return json_pack("{s:o, s:o, s:b}", "items", items, "notices", notices, "onsite", c->onsite);
}

static json_t *values_json(Req *r, const Application *app, bool reveal) {
    json_t *o = json_object();
    size_t n;
    const FilingField *f = filing_fields(&n);
    for (size_t i = 0; i < n; i++) {
        if (!values_has(&app->values, f[i].id) || f[i].input == IN_SECRET) continue;
        const char *s = values_get(&app->values, f[i].id);
        if (!reveal && (f[i].flags & FD_PERSONAL)) s = field_display(r, &f[i], &app->values);
        if (f[i].input == IN_MULTI || f[i].input == IN_LINES) {
            size_t k;
            const char **items = values_list(&app->values, f[i].id, &k);
            json_t *arr = json_array();
            for (size_t j = 0; j < k; j++)
                json_array_append_new(arr, json_string(items[j]));
            json_object_set_new(o, f[i].key, arr);
        } else if (f[i].input == IN_BOOL) {
            json_object_set_new(o, f[i].key, json_boolean(values_flag(&app->values, f[i].id)));
        } else {
            json_object_set_new(o, f[i].key, json_string(s));
        }
    }
    return o;
}

/* After a return by the administration: the kind of next step (seed §4). */
/* Where and when the on-site verification takes place, or null. */
static json_t *onsite_place_json(const AppView *v) {
    if (!v->checklist.onsite || !v->onsite_address) return json_null();
    return json_pack("{s:s, s:s, s:s}", "address", v->onsite_address, "hours", v->onsite_hours,
                     "bring", v->onsite_bring);
}

static json_t *guide_json(const AppView *v) {
    if (v->app.state != STATE_REGULATOR_RETURNED) return json_null();
    static const char *const ids[] = {[GUIDE_NO_FORM] = "no_form",
                                      [GUIDE_COMMERCIAL] = "commercial",
                                      [GUIDE_SUPPLEMENT] = "supplement",
                                      [GUIDE_OTHER] = "other"};
    ReturnGuide g = return_guide_of(v->reasons, v->nreasons, v->supplement);
    return g ? json_string(ids[g]) : json_null();
}

json_t *application_json(Req *r, const AppView *v, bool reveal) {
    const Application *a = &v->app;
    json_t *steps = json_array(), *issues = json_array(), *reasons = json_array(),
           *events = json_array();
    size_t n;
    const FilingStep *st = filing_steps(a->kind, &n);
    for (size_t i = 0; i < n; i++)
        json_array_append_new(steps, json_pack("{s:s, s:s, s:b}", "id", filing_step_id(st[i]),
                                               "label", filing_step_label(st[i], r->lang), "done",
                                               st[i] == STEP_VERIFY ? 0 : app_step_done(a, st[i])));
    for (size_t i = 0; i < v->issues.n; i++)
        json_array_append_new(issues, json_pack("{s:s, s:s, s:s}", "field",
                                                filing_field_key(v->issues.items[i].field), "code",
                                                err_name(v->issues.items[i].code), "message",
                                                err_msg(v->issues.items[i].code, r->lang)));
    for (size_t i = 0; i < v->nreasons; i++)
        json_array_append_new(reasons, json_pack("{s:s, s:s, s:s}", "field",
                                                 filing_field_key(v->reasons[i].field), "reason",
                                                 v->reasons[i].reason, "suggestion",
                                                 v->reasons[i].suggestion));
    for (size_t i = 0; i < v->ntransitions; i++) {
        const Transition *t = &v->transitions[i];
        json_array_append_new(events,
                              json_pack("{s:I, s:s, s:s, s:s, s:s, s:o, s:s}", "at",
                                        (json_int_t)t->at, "event", t->event, "from", t->from_state,
                                        "to", t->to_state, "actor_role", t->actor_role, "actor",
                                        str_or_null(t->actor_login), "note", t->note));
    }
    bool editable = lifecycle_customer_can_edit(a->state);
    bool can_withdraw =
        (lifecycle_events(a->kind, a->state, ROLE_CUSTOMER) & (1u << EVENT_WITHDRAW)) != 0;
    json_t *sms = json_null();
    if (a->state == STATE_SMS_VERIFICATION && a->sms_deadline)
        sms =
            json_pack("{s:I, s:s}", "deadline", (json_int_t)a->sms_deadline, "url", app_sms_url(r));
    json_t *o =
        json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:b, s:o, s:o, s:o, s:o, s:o, "
                  "s:o, s:s, s:b, s:b, s:o, s:o}",
                  "id", (json_int_t)a->id, "number", a->number, "kind", app_kind_id(a->kind),
                  "kind_label", app_kind_label(a->kind, r->lang), "state", app_state_id(a->state),
                  "state_label", app_state_label(a->kind, a->state, r->lang), "subject_number",
                  str_or_null(v->subject.subject_number), "site_id",
                  a->site_id ? json_integer(a->site_id) : json_null(), "batch_id",
                  a->batch_id ? json_integer(a->batch_id) : json_null(), "complete", v->complete,
                  "steps", steps, "values", values_json(r, a, reveal), "issues", issues,
                  "checklist", checklist_json(r, &v->checklist), "return_reasons", reasons,
                  "transitions", events, "customer_note", a->customer_note ? a->customer_note : "",
                  "editable", editable, "can_withdraw", can_withdraw, "return_guide", guide_json(v),
                  "onsite_place", onsite_place_json(v));
    json_object_set_new(o, "sms_verification", sms);
    return o;
}

json_t *file_json(Req *r, const AppFile *f, const char *base) {
    return json_pack("{s:I, s:s, s:s, s:s, s:s, s:I, s:i, s:i, s:I, s:s}", "id", (json_int_t)f->id,
                     "slot", f->slot, "side", f->side, "name", f->name, "mime", f->mime, "size",
                     (json_int_t)f->size, "width", f->width, "height", f->height, "uploaded_at",
                     (json_int_t)f->uploaded_at, "href",
                     arena_printf(&r->arena, "%s/files/%lld", base, (long long)f->id));
}
