/*
** The customer's portal home: the overview of the subject, its sites and
** applications; starting an application; the region lists of the forms.
*/
#include <string.h>

#include "core/i18n.h"
#include "core/util.h"
#include "db/db.h"
#include "model/app_edit.h"
#include "model/overview.h"
#include "rules/region.h"
#include "tmpl_all.h"
#include "web/filing_json.h"
#include "web/filing_views.h"
#include "web/handlers.h"
#include "web/views.h"
#include "web/web.h"

static AppLink app_link(Req *r, const Application *a) {
    return (AppLink){.id = a->id,
                     .number = a->number,
                     .kind_label = app_kind_label(a->kind, r->lang),
                     .state_label = app_state_label(a->kind, a->state, r->lang),
                     .badge = state_badge(a->state),
                     .updated = fmt_time(r, a->updated_at)};
}

int h_portal_home(Req *r) {
    Overview o = {.a = &r->arena, .account_id = r->who.account_id};
    int rc = web_tx_read(r, overview_load, &o);
    if (rc < 0) return rc;
    if (r->api) return resp_json(r, 200, overview_json(r, &o));
    OverviewPage p = {.r = r};
    for (int k = 1; k < KIND__COUNT; k++)
        p.kinds[k] = app_kind_label((AppKind)k, r->lang);
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
        p.sites[p.nsites++] = (SiteRow){.id = s->site.id,
                                        .name = s->name,
                                        .domain = s->domain,
                                        .number = s->site.site_number,
                                        .status_label = site_status_label(s->status, r->lang),
                                        .badge = site_badge(s->status),
                                        .filed = s->status == SITE_FILED};
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

const char *portal_step_path(Req *r, int64_t id, FilingStep step) {
    if (step == STEP_VERIFY || !step)
        return arena_printf(&r->arena, "/portal/applications/%lld", (long long)id);
    return arena_printf(&r->arena, "/portal/applications/%lld/steps/%s", (long long)id,
                        filing_step_id(step));
}

int h_app_create(Req *r) {
    const char *kind = "";
    int64_t site_id = 0;
    const Field spec[] = {
        SPEC_CHOICE("kind", &kind, filing_choice_ids("kind"), .flags = FF_REQUIRED, .max = 30),
        SPEC_INT("site_id", &site_id),
        FIELD_END,
    };
    int rc = spec_parse(r, spec);
    if (rc < 0) return rc;
    AppStart op = {.a = &r->arena,
                   .account_id = r->who.account_id,
                   .kind = app_kind_parse(kind),
                   .site_id = site_id,
                   .who = http_actor(r)};
    rc = db_tx(r->db, app_start, &op);
    if (rc < 0) {
        if (r->api) return rc;
        web_flash(r, web_err(r, rc));
        return resp_redirect(r, "/portal");
    }
    if (r->api)
        return resp_json(r, 201,
                         json_pack("{s:I, s:s}", "id", (json_int_t)op.app_id, "next_step",
                                   filing_step_id(op.first_step)));
    return resp_redirect(r, portal_step_path(r, op.app_id, op.first_step));
}

int h_regions(Req *r) {
    const char *parent = "";
    const Field spec[] = {SPEC_TEXT("parent", &parent, .max = 6), FIELD_END};
    int rc = spec_parse(r, spec);
    if (rc < 0) return rc;
    size_t n;
    const Region **kids = region_children(&r->arena, *parent ? parent : NULL, &n);
    json_t *list = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(list,
                              json_pack("{s:s, s:s, s:s}", "code", kids[i]->code, "name",
                                        kids[i]->name, "name_en", region_label(kids[i], LANG_EN)));
    return resp_json(r, 200, json_pack("{s:o}", "regions", list));
}
