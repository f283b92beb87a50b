/*
** Staff and system events on applications, and what an approval files.
*/
#include "model/app_decide.h"

#include <stdlib.h>
#include <string.h>

#include "core/crypto.h"
#include "core/err.h"
#include "core/util.h"
#include "rules/lifecycle.h"

static const char *role_name(Role r) {
    return role_id(r) ? role_id(r) : "system";
}

static int check_items(const AppDecide *op) {
    bool is_return = op->event == EVENT_PROVIDER_RETURN || op->event == EVENT_REGULATOR_RETURN;
    if (!is_return) return 0;
    if (op->nitems == 0) return -ERR_RETURN_REASONS;
    for (size_t i = 0; i < op->nitems; i++) {
        const ReturnItem *it = &op->items[i];
        if (!it->reason || !*it->reason) return -ERR_RETURN_REASONS;
        if (it->field && !filing_field(it->field)) return -ERR_FIELD_UNKNOWN;
    }
    return 0;
}

/* The record of the given groups: the filed record overlaid with the values. */
static Values overlay(const Values *record, const Values *v, unsigned groups) {
    Values out = *record;
    values_copy_groups(&out, v, groups);
    return out;
}

static int file_site(Db *db, Arena *a, const Application *app, const char *number) {
    Site site;
    int rc = site_get(db, a, app->site_id, &site);
    if (rc < 0) return rc;
    Values rec = overlay(&site.record, &app->values, GROUPS_SITE);
    rc = site_set_record(db, a, site.id, &rec);
    if (rc == 0)
        rc = site_set_meta(db, site.id, values_get(&rec, F_SITE_NAME),
                           values_get(&rec, F_SITE_DOMAIN));
    if (rc < 0 || site.site_number) return rc;
    if (app->kind == KIND_NEW_ACCESS)
        return site_set_number(db, site.id, values_get(&app->values, F_SITE_NUMBER));
    /* Numbers come only from the administration. */
    if (!number || !*number) return -ERR_REG_NO_NUMBER;
    return site_set_number(db, site.id, number);
}

/* The administration approved: the application's values become the filed
** records, with numbers. */
static int apply_approval(Db *db, AppDecide *op, const Application *app, Subject *s) {
    Arena *a = op->a;
    const char *number = s->subject_number;
    int rc = 0;
    if (app->kind == KIND_FIRST_FILING || app->kind == KIND_CHANGE_SUBJECT) {
        Values rec = overlay(&s->record, &app->values, GROUPS_SUBJECT);
        const char *cert = values_get(&rec, F_SUBJECT_CERT_NUMBER);
        rc = subject_set_record(db, a, s->id, &rec, crypto_blind_index(a, "cert", cert));
        if (rc == 0)
            rc = subject_set_meta(db, s->id, values_get(&rec, F_SUBJECT_NAME),
                                  values_get(&rec, F_SUBJECT_NATURE),
                                  atoi(values_get(&rec, F_SUBJECT_PROVINCE)) / 10000);
    }
    if (rc == 0 && !number && app->kind == KIND_FIRST_FILING) {
        number = op->subject_number;
        if (!number || !*number) return -ERR_REG_NO_NUMBER;
        rc = subject_set_number(db, s->id, number);
    }
    bool site = app_kind_adds_site(app->kind) || app->kind == KIND_CHANGE_SITE ||
                app->kind == KIND_CHANGE_ACCESS;
    if (rc == 0 && site) rc = file_site(db, a, app, op->site_number);
    return rc;
}

int app_decide(Db *db, void *ctx) {
    AppDecide *op = ctx;
    op->to = 0;
    Application app;
    Subject s;
    int rc = app_load(db, op->a, 0, op->app_id, &app, &s);
    if (rc < 0) return rc;
    AppState to;
    rc = lifecycle_next(app.kind, app.state, op->event, op->role, &to);
    if (rc == 0) rc = check_items(op);
    if (rc < 0) return rc;
    int64_t tid = 0;
    rc = app_move(db, &app, to, op->event, op->who.id, role_name(op->role), op->note, &tid);
    for (size_t i = 0; rc == 0 && i < op->nitems; i++)
        rc = return_reason_add(db, app.id, tid, op->items[i].field, op->items[i].reason,
                               op->items[i].suggestion, op->items[i].code);
    if (rc == 0 && op->event == EVENT_REGULATOR_APPROVE) rc = apply_approval(db, op, &app, &s);
    if (rc == 0)
        rc = audit_write(db, &op->who,
                         arena_printf(op->a, "application.%s", app_event_id(op->event)),
                         "application", app.id, op->note);
    if (rc == 0) op->to = to;
    return rc;
}
