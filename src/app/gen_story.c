/*
** A subject's life: kinds in a plausible order (a first filing or a claim,
** then new sites, changes and cancellations of what was filed), each
** application walked through the lifecycle table event by event, and the
** times laid out backwards from the last application's end, so that what
** waits in a queue waited days, not years.
*/
#include "app/gen_story.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rules/lifecycle.h"

#define HOUR  3600
#define DAY   (24 * HOUR)
#define YEARS 8 /* how far back the filings go */

/* What the last application of a subject comes to, per 1,000 subjects
** (with about two applications a subject, a queue's share of all
** applications is about half its share here). */
static const unsigned end_weights[END__COUNT] = {
    [END_APPROVED] = 700,
    [END_DRAFT] = 60,
    [END_NEW] = 60,
    [END_RESUBMITTED] = 20,
    [END_PROVIDER_RETURNED] = 40,
    [END_TO_SEND] = 30,
    [END_SMS] = 10,
    [END_REGULATOR_REVIEW] = 40,
    [END_REGULATOR_RETURNED] = 20,
    [END_WITHDRAWN] = 15,
    [END_CLOSED] = 5,
};

/* The applications a filed subject goes on to make. */
static const unsigned extra_weights[KIND__COUNT] = {
    [KIND_NEW_SITE] = 400,       [KIND_CHANGE_SITE] = 150,   [KIND_CHANGE_ACCESS] = 150,
    [KIND_CHANGE_SUBJECT] = 100, [KIND_CANCEL_SITE] = 60,    [KIND_CANCEL_ACCESS] = 50,
    [KIND_NEW_ACCESS] = 50,      [KIND_CANCEL_SUBJECT] = 40,
};

static int64_t between(GenRng *r, int64_t lo, int64_t hi) {
    return lo + (int64_t)gen_below(r, (uint32_t)(hi - lo + 1));
}

/* An exponential wait of the given mean, at most cap. */
static int64_t wait_exp(GenRng *r, double mean, int64_t cap) {
    double u = ((double)(gen_u64(r) >> 11) + 1) * 0x1.0p-53;
    int64_t w = (int64_t)(-log(u) * mean);
    return w < cap ? w : cap;
}

/* How long after the previous event an event comes. */
static int64_t delay(GenRng *r, AppEvent ev) {
    switch (ev) {
    case EVENT_SUBMIT:
        return between(r, 600, 3 * DAY);
    case EVENT_PROVIDER_APPROVE:
    case EVENT_PROVIDER_RETURN:
        return between(r, HOUR, 2 * DAY);
    case EVENT_RESUBMIT:
        return between(r, 2 * HOUR, 6 * DAY);
    case EVENT_SEND:
        return between(r, 300, 8 * HOUR);
    case EVENT_SMS_PASSED:
        return between(r, 600, 20 * HOUR);
    case EVENT_SMS_FAILED:
        return DAY + between(r, 0, HOUR);
    case EVENT_REGULATOR_APPROVE:
        return between(r, 2 * DAY, 20 * DAY);
    case EVENT_REGULATOR_RETURN:
        return between(r, DAY, 15 * DAY);
    case EVENT_EXPIRE:
        return 45 * DAY + between(r, 0, 6 * HOUR);
    default:
        return between(r, HOUR, 10 * DAY);
    }
}

static Role role_of(AppEvent ev) {
    switch (ev) {
    case EVENT_SUBMIT:
    case EVENT_RESUBMIT:
    case EVENT_WITHDRAW:
        return ROLE_CUSTOMER;
    case EVENT_PROVIDER_APPROVE:
    case EVENT_PROVIDER_RETURN:
    case EVENT_REOPEN:
        return ROLE_REVIEWER;
    default:
        return ROLE_SYSTEM;
    }
}

/* The events that lead to an end (SMS steps are dropped for kinds without
** one); *n gets their count. */
static int plan_events(GenRng *r, StoryEnd end, AppEvent *out) {
    int n = 0;
#define E(x) (out[n++] = EVENT_##x)
    if (end == END_WITHDRAWN) {
        unsigned how = gen_below(r, 10);
        if (how >= 4) E(SUBMIT);
        if (how >= 8) E(PROVIDER_RETURN);
        E(WITHDRAW);
        return n;
    }
    if (end == END_DRAFT) return 0;
    E(SUBMIT);
    if (end == END_NEW) return n;
    if (end == END_CLOSED) {
        E(PROVIDER_RETURN), E(EXPIRE);
        return n;
    }
    if (end == END_RESUBMITTED || gen_chance(r, 0.15)) E(PROVIDER_RETURN), E(RESUBMIT);
    if (end == END_RESUBMITTED) return n;
    if (end == END_PROVIDER_RETURNED) {
        E(PROVIDER_RETURN);
        return n;
    }
    E(PROVIDER_APPROVE);
    if (end == END_TO_SEND) return n;
    E(SEND);
    if (end == END_SMS) return n;
    if (end == END_REGULATOR_RETURNED && gen_chance(r, 0.15)) {
        E(SMS_FAILED);
        return n;
    }
    E(SMS_PASSED);
    if (end == END_REGULATOR_REVIEW) return n;
    if (end == END_REGULATOR_RETURNED) {
        E(REGULATOR_RETURN);
        return n;
    }
    if (gen_chance(r, 0.04)) /* the administration returned it; sent again */
        E(REGULATOR_RETURN), E(PROVIDER_APPROVE), E(SEND), E(SMS_PASSED);
    E(REGULATOR_APPROVE);
#undef E
    return n;
}

/* Walk the events through the lifecycle, times relative to creation. */
static void walk(GenRng *r, const StoryStaff *staff, int64_t customer, StoryApp *app,
                 StoryEnd end) {
    AppEvent plan[STORY_MAX_EVENTS];
    int n = plan_events(r, end, plan);
    int64_t reviewer = staff->reviewers[gen_below(r, (uint32_t)staff->nreviewers)];
    AppState state = STATE_DRAFT;
    int64_t t = 0;
    app->nev = 0;
    for (int i = 0; i < n; i++) {
        AppEvent ev = plan[i];
        if (ev == EVENT_SMS_PASSED && state != STATE_SMS_VERIFICATION) continue;
        if (ev == EVENT_SMS_FAILED && state != STATE_SMS_VERIFICATION) ev = EVENT_REGULATOR_RETURN;
        Role role = role_of(ev);
        AppState to;
        if (lifecycle_next(app->kind, state, ev, role, &to) != 0) abort(); /* a bug here */
        t += delay(r, ev);
        if (role == ROLE_REVIEWER && gen_chance(r, 0.1))
            reviewer = staff->reviewers[gen_below(r, (uint32_t)staff->nreviewers)];
        app->ev[app->nev++] = (StoryEvent){.event = ev,
                                           .from = state,
                                           .to = to,
                                           .role = role,
                                           .actor = role == ROLE_CUSTOMER   ? customer
                                                    : role == ROLE_REVIEWER ? reviewer
                                                                            : 0,
                                           .at = t};
        state = to;
    }
    app->state = state;
    app->steps = end == END_DRAFT ? (int)gen_below(r, (uint32_t)gen_nsteps(app->kind) + 1) : -1;
    /* A draft was last saved some time after it was started. */
    app->updated_at = app->nev ? t : (app->steps ? between(r, 600, DAY) : 0);
}

/* A site that a kind about one site may name: filed, still with us. */
static int pick_site(GenRng *r, const bool *usable, int nsites) {
    int n = 0, pick = -1;
    for (int i = 0; i < nsites; i++)
        if (usable[i] && gen_below(r, (uint32_t)++n) == 0) pick = i;
    return pick;
}

static bool about_site(AppKind k) {
    return k == KIND_CHANGE_SITE || k == KIND_CHANGE_ACCESS || k == KIND_CANCEL_SITE ||
           k == KIND_CANCEL_ACCESS;
}

/* Choose the kinds, their sites and how each ends, and walk them: every
** application but the last is filed (now and then after an attempt that
** was withdrawn or closed); the last ends as end_weights say. */
static void plan_kinds(GenRng *r, const StoryStaff *staff, int64_t customer, int max_apps,
                       Story *s) {
    static const unsigned extras_w[] = {500, 250, 130, 70, 50};
    int extras = gen_weighted(r, extras_w, 5);
    StoryEnd last = (StoryEnd)gen_weighted(r, end_weights, END__COUNT);
    bool usable[STORY_MAX_SITES] = {0};
    for (int k = 0; k <= extras && s->napps < max_apps; k++) {
        AppKind kind = s->first;
        int site = -1;
        if (k > 0) {
            kind = (AppKind)gen_weighted(r, extra_weights, KIND__COUNT);
            site = about_site(kind) ? pick_site(r, usable, s->nsites) : -1;
            if (about_site(kind) && site < 0) kind = KIND_NEW_SITE;
            if (kind == KIND_CANCEL_SUBJECT) extras = k; /* nothing follows it */
        }
        bool adds = app_kind_adds_site(kind);
        bool is_last = k == extras || s->napps + 1 >= max_apps;
        /* Now and then an attempt withdrawn or closed comes first. */
        if (!is_last && s->napps + 2 < max_apps && gen_chance(r, 0.06)) {
            StoryApp *f = &s->apps[s->napps++];
            *f = (StoryApp){.kind = kind, .site = site};
            if (adds && s->nsites < STORY_MAX_SITES) {
                f->site = s->nsites;
                s->sites[s->nsites++] = (StorySite){.j = f->site, .added_by = s->napps - 1};
            }
            walk(r, staff, customer, f, gen_chance(r, 0.75) ? END_WITHDRAWN : END_CLOSED);
        }
        if (adds && s->nsites >= STORY_MAX_SITES) kind = KIND_CHANGE_SUBJECT, adds = false;
        StoryApp *a = &s->apps[s->napps++];
        *a = (StoryApp){.kind = kind, .site = site};
        if (adds) {
            a->site = s->nsites;
            s->sites[s->nsites++] = (StorySite){.j = a->site, .added_by = s->napps - 1};
        }
        walk(r, staff, customer, a, is_last ? last : END_APPROVED);
        if (a->state == STATE_APPROVED && a->site >= 0)
            usable[a->site] = kind != KIND_CANCEL_SITE && kind != KIND_CANCEL_ACCESS;
        if (is_last) break;
    }
}

/* How long ago the last application ended; `when` places a subject whose
** filings are all decided in the years covered (0: the oldest). */
static int64_t last_age(GenRng *r, AppState state, int64_t now_span, double when) {
    switch (state) {
    case STATE_APPROVED:
    case STATE_WITHDRAWN:
    case STATE_CLOSED: {
        /* Filings grow year by year: recent years have more of them. */
        int64_t age =
            (int64_t)((double)now_span * (1 - sqrt(when))) + between(r, -30 * DAY, 30 * DAY);
        return age > DAY ? age : DAY + between(r, 0, 30 * DAY);
    }
    case STATE_DRAFT:
        return between(r, 0, 20 * DAY);
    case STATE_PROVIDER_REVIEW:
        return wait_exp(r, 2.5 * DAY, 60 * DAY);
    case STATE_PROVIDER_RETURNED:
        return wait_exp(r, 8 * DAY, 44 * DAY);
    case STATE_TO_REGULATOR:
        return wait_exp(r, 6 * HOUR, 5 * DAY);
    case STATE_SMS_VERIFICATION:
        return between(r, 0, 20 * HOUR);
    case STATE_REGULATOR_RETURNED:
        return wait_exp(r, 3 * DAY, 40 * DAY);
    default:
        return wait_exp(r, 5 * DAY, 20 * DAY);
    }
}

/* Lay the applications out in time: the last ends at its age before now,
** each earlier one some weeks or months before the next began. */
static void place(GenRng *r, int64_t now, double when, Story *s) {
    StoryApp *last = &s->apps[s->napps - 1];
    int64_t end = now - last_age(r, last->state, (int64_t)YEARS * 365 * DAY, when);
    for (int i = s->napps - 1; i >= 0; i--) {
        StoryApp *a = &s->apps[i];
        int64_t span = a->nev ? a->ev[a->nev - 1].at : a->updated_at;
        int64_t start = end - span;
        a->created_at = start;
        a->updated_at += start;
        for (int e = 0; e < a->nev; e++)
            a->ev[e].at += start;
        end = start - DAY - wait_exp(r, 100.0 * DAY, 3 * 365 * DAY);
    }
}

/* Number the sites filed, in the order they were approved. */
static void number_sites(Story *s) {
    int seq = 0;
    for (int i = 0; i < s->napps; i++) {
        StoryApp *a = &s->apps[i];
        if (a->state != STATE_APPROVED || !app_kind_adds_site(a->kind) || a->site < 0) continue;
        StorySite *site = &s->sites[a->site];
        site->filed = true;
        site->seq = ++seq;
        site->filed_at = a->ev[a->nev - 1].at;
    }
}

void story_plan(GenRng *r, const StoryStaff *staff, int64_t customer, int64_t now, double when,
                int max_apps, Story *out) {
    memset(out, 0, sizeof *out);
    out->nature = gen_nature(r);
    out->province = gen_province(r);
    static const unsigned first_w[] = {850, 80, 70};
    static const AppKind firsts[] = {KIND_FIRST_FILING, KIND_NEW_SITE_EXTERNAL, KIND_NEW_ACCESS};
    out->first = firsts[gen_weighted(r, first_w, 3)];
    if (max_apps > STORY_MAX_APPS) max_apps = STORY_MAX_APPS;
    plan_kinds(r, staff, customer, max_apps < 1 ? 1 : max_apps, out);
    place(r, now, when < 0 ? 0 : when > 1 ? 1 : when, out);
    number_sites(out);
}
