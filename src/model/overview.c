/*
** Derived statuses and the customer's overview.
*/
#include "model/overview.h"

#include <string.h>

#include "core/err.h"
#include "rules/lifecycle.h"

/* The subject's status from its applications (newest first). */
static SubjectStatus subject_status_in(Arena *a, const Subject *s, const Application *apps,
                                       size_t n, bool *in_flight) {
    AppFact *facts = ARENA_NEW(a, AppFact, n + 1);
    bool flight = false;
    for (size_t i = 0; i < n; i++) { /* the facts oldest first */
        facts[i] = (AppFact){apps[n - 1 - i].kind, apps[n - 1 - i].state};
        if (lifecycle_in_flight(apps[i].state) && apps[i].state != STATE_DRAFT) flight = true;
    }
    SubjectFacts f = {facts, n, !strcmp(s->origin, "claimed"), s->downloaded};
    if (in_flight) *in_flight = flight;
    return subject_status_derive(&f);
}

int subject_status_of(Db *db, Arena *a, const Subject *s, SubjectStatus *status, bool *in_flight) {
    Application *apps;
    size_t n;
    int rc = apps_of_subject(db, a, s->id, false, &apps, &n);
    if (rc == 0) *status = subject_status_in(a, s, apps, n, in_flight);
    return rc;
}

SiteStatus site_status_in(Arena *a, const Application *apps, size_t n, const Site *site) {
    AppFact *facts = ARENA_NEW(a, AppFact, n + 1);
    size_t k = 0;
    for (size_t i = n; i-- > 0;) { /* apps are newest first; the facts oldest first */
        /* The subject's approved cancellation cancels each of its sites. */
        bool subject_gone = apps[i].kind == KIND_CANCEL_SUBJECT && apps[i].state == STATE_APPROVED;
        if (apps[i].site_id == site->id || subject_gone)
            facts[k++] = (AppFact){apps[i].kind, apps[i].state};
    }
    /* A site no application here brought in, with a number: the
    ** administration's record of a claimed subject (filed elsewhere). */
    if (k == 0 && site->site_number && *site->site_number) return SITE_FILED;
    return site_status_derive(facts, k);
}

int site_status_of(Db *db, Arena *a, int64_t subject_id, int64_t site_id, SiteStatus *status) {
    Application *apps;
    size_t n;
    Site site;
    int rc = site_get(db, a, site_id, &site);
    if (rc == 0) rc = apps_of_subject(db, a, subject_id, false, &apps, &n);
    if (rc == 0) *status = site_status_in(a, apps, n, &site);
    return rc;
}

int subject_is_abandoned(Db *db, Arena *a, const Subject *s, bool *abandoned) {
    Application *apps;
    size_t n;
    int rc = apps_of_subject(db, a, s->id, false, &apps, &n);
    *abandoned = rc == 0;
    for (size_t i = 0; rc == 0 && i < n; i++)
        if (apps[i].state != STATE_WITHDRAWN && apps[i].state != STATE_CLOSED) *abandoned = false;
    return rc;
}

int overview_load(Db *db, void *ctx) {
    Overview *o = ctx;
    o->has_subject = false;
    o->nsites = o->napps = 0;
    o->in_flight = false;
    int rc = subject_by_account_meta(db, o->a, o->account_id, &o->subject);
    if (rc == -ERR_NOT_FOUND) return 0;
    if (rc < 0) return rc;
    o->has_subject = true;
    rc = apps_of_subject(db, o->a, o->subject.id, false, &o->apps, &o->napps);
    Site *sites = NULL;
    size_t n = 0;
    if (rc == 0) rc = sites_of_subject_meta(db, o->a, o->subject.id, &sites, &n);
    if (rc < 0) return rc;
    o->status = subject_status_in(o->a, &o->subject, o->apps, o->napps, &o->in_flight);
    o->sites = ARENA_NEW(o->a, SiteView, n + 1);
    for (size_t i = 0; i < n; i++) {
        SiteView *sv = &o->sites[o->nsites];
        sv->site = sites[i];
        sv->status = site_status_in(o->a, o->apps, o->napps, &sites[i]);
        sv->name = *sites[i].name ? sites[i].name : values_get(&sites[i].record, F_SITE_NAME);
        sv->domain =
            *sites[i].domain ? sites[i].domain : values_get(&sites[i].record, F_SITE_DOMAIN);
        if (sv->status) o->nsites++;
    }
    /* A subject whose applications were all withdrawn (or closed) before
    ** anything was filed is a placeholder: the customer starts again. */
    bool abandoned = o->napps > 0;
    for (size_t i = 0; i < o->napps; i++)
        if (o->apps[i].state != STATE_WITHDRAWN && o->apps[i].state != STATE_CLOSED)
            abandoned = false;
    if (abandoned && !o->subject.subject_number && !o->subject.downloaded && o->nsites == 0) {
        o->has_subject = false;
        o->in_flight = false;
    }
    return 0;
}
