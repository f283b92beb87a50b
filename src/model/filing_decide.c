/*
** Staff and system events on applications, what an approval files, and the
** customer's overview.
*/
#include <stdlib.h>
#include <string.h>

#include "core/crypto.h"
#include "core/err.h"
#include "core/util.h"
#include "model/filing_internal.h"
#include "model/province_rules.h"
#include "rules/lifecycle.h"

static const char *role_name(Role r) {
    return role_id(r) ? role_id(r) : "system";
}

static int check_items(const OpDecide *op) {
    bool is_return = op->event == EVENT_PROVIDER_RETURN || op->event == EVENT_REGULATOR_RETURN;
    if (!is_return) return 0;
    if (op->nitems == 0) return -ERR_RETURN_REASONS;
    for (size_t i = 0; i < op->nitems; i++) {
        const ReturnItem *it = &op->items[i];
        if (!it->reason || !*it->reason) return -ERR_RETURN_REASONS;
        if (it->field && *it->field && !filing_field(it->field)) return -ERR_FIELD_UNKNOWN;
    }
    return 0;
}

/* A subject number for a first filing the administration approved, when
** the gateway gives none: <prefix>ICP备<year><6 digits>号. */
static const char *make_subject_number(Arena *a, Db *db, const Subject *s, const Values *v) {
    ProvinceRules p;
    int code = atoi(values_get(v, "subject_province")) / 10000;
    const char *prefix =
        province_rules_load(db, a, code ? code : s->province, &p) == 0 ? p.prefix : "京";
    char *year = time_fmt_cst(a, time_now());
    year[4] = 0;
    return arena_printf(a, "%sICP备%s%06lld号", prefix, year, (long long)s->id);
}

/* The record of the given groups: the filed record overlaid with the values. */
static Values overlay(Arena *a, const Values *record, const Values *v, const char *const *groups) {
    Values out = values_dup(a, record);
    values_copy_groups(&out, v, groups);
    return out;
}

static int file_site(Db *db, Arena *a, const Application *app, const Subject *s,
                     const char *number) {
    Site site;
    int rc = site_get(db, a, app->site_id, &site);
    if (rc < 0) return rc;
    Values rec = overlay(a, &site.record, &app->values, site_groups);
    values_set(&rec, "claim_password", "");
    rc = site_set_record(db, a, site.id, &rec);
    if (rc == 0)
        rc = site_set_meta(db, site.id, values_get(&rec, "site_name"),
                           values_get(&rec, "site_domain"));
    if (rc < 0 || site.site_number) return rc;
    if (app->kind == KIND_NEW_ACCESS)
        return site_set_number(db, site.id, values_get(&app->values, "site_number"));
    if (!number) return 0;
    int seq = 0;
    rc = site_max_seq(db, s->id, number, &seq);
    if (rc == 0) rc = site_set_number(db, site.id, arena_printf(a, "%s-%d", number, seq + 1));
    return rc;
}

/* The administration approved: the application's values become the filed
** records, with numbers. */
static int apply_approval(Db *db, OpDecide *op, const Application *app, Subject *s) {
    Arena *a = op->a;
    const char *number = s->subject_number;
    int rc = 0;
    if (app->kind == KIND_FIRST_FILING || app->kind == KIND_CHANGE_SUBJECT) {
        Values rec = overlay(a, &s->record, &app->values, subject_groups);
        const char *cert = values_get(&rec, "subject_cert_number");
        rc = subject_set_record(db, a, s->id, &rec, crypto_blind_index(a, "cert", cert));
        if (rc == 0)
            rc = subject_set_meta(db, s->id, values_get(&rec, "subject_name"),
                                  values_get(&rec, "subject_nature"),
                                  atoi(values_get(&rec, "subject_province")) / 10000);
    }
    if (rc == 0 && !number && app->kind == KIND_FIRST_FILING) {
        number =
            op->subject_number ? op->subject_number : make_subject_number(a, db, s, &app->values);
        rc = subject_set_number(db, s->id, number);
    }
    bool site = app_kind_adds_site(app->kind) || app->kind == KIND_CHANGE_SITE ||
                app->kind == KIND_CHANGE_ACCESS;
    if (rc == 0 && site) rc = file_site(db, a, app, s, number);
    return rc;
}

int op_decide(Db *db, void *ctx) {
    OpDecide *op = ctx;
    op->to = 0;
    Application app;
    Subject s;
    int rc = load_app_for(db, op->a, 0, op->app_id, &app, &s);
    if (rc < 0) return rc;
    AppState to;
    rc = lifecycle_next(app.kind, app.state, op->event, op->role, &to);
    if (rc == 0) rc = check_items(op);
    if (rc < 0) return rc;
    int64_t tid = 0;
    rc = app_move(db, &app, to, op->event, op->who.id, role_name(op->role), op->note, &tid);
    for (size_t i = 0; rc == 0 && i < op->nitems; i++)
        rc = return_reason_add(db, app.id, tid, op->items[i].field ? op->items[i].field : "",
                               op->items[i].reason, op->items[i].suggestion);
    /* Passing review means the principal was verified (on site, or before). */
    if (rc == 0 && op->event == EVENT_PROVIDER_APPROVE) rc = subject_set_verified(db, s.id);
    if (rc == 0 && op->event == EVENT_REGULATOR_APPROVE) rc = apply_approval(db, op, &app, &s);
    if (rc == 0)
        rc = audit_write(db, &op->who,
                         arena_printf(op->a, "application.%s", app_event_id(op->event)),
                         "application", app.id, op->note);
    if (rc == 0) op->to = to;
    return rc;
}

int op_overview(Db *db, void *ctx) {
    Overview *o = ctx;
    o->has_subject = false;
    o->nsites = o->napps = 0;
    o->in_flight = false;
    int rc = subject_by_account(db, o->a, o->account_id, &o->subject);
    if (rc == -ERR_NOT_FOUND) return 0;
    if (rc < 0) return rc;
    o->has_subject = true;
    rc = subject_facts(db, o->a, &o->subject, &o->status, &o->in_flight);
    if (rc == 0) rc = apps_of_subject(db, o->a, o->subject.id, false, &o->apps, &o->napps);
    Site *sites = NULL;
    size_t n = 0;
    if (rc == 0) rc = sites_of_subject(db, o->a, o->subject.id, &sites, &n);
    if (rc < 0) return rc;
    o->sites = ARENA_NEW(o->a, SiteView, n + 1);
    for (size_t i = 0; i < n; i++) {
        SiteView *sv = &o->sites[o->nsites];
        sv->site = sites[i];
        sv->status = site_status_in(o->a, o->apps, o->napps, sites[i].id);
        sv->name = *sites[i].name ? sites[i].name : values_get(&sites[i].record, "site_name");
        sv->domain =
            *sites[i].domain ? sites[i].domain : values_get(&sites[i].record, "site_domain");
        /* A site whose only application was withdrawn before submission is gone. */
        if (sv->status) o->nsites++;
    }
    return 0;
}
