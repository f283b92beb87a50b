/*
** The filing lifecycle as one table of (from, event) -> (to, roles), and the
** derivation of subject and site statuses. docs/lifecycle.md draws it.
*/
#include "rules/lifecycle.h"

#define R(role) (1u << (role))
#define STAFF   (R(ROLE_REVIEWER) | R(ROLE_ADMIN))

typedef struct Transition {
    AppState from;
    AppEvent event;
    AppState to;
    AppState to_without_sms; /* for kinds without SMS verification; 0: same as to */
    unsigned roles;          /* R(role) bits */
} Transition;

/* Every allowed move. A pair (from, event) appears at most once. */
static const Transition lc_table[] = {
    {STATE_DRAFT, EVENT_SUBMIT, STATE_PROVIDER_REVIEW, 0, R(ROLE_CUSTOMER)},
    {STATE_DRAFT, EVENT_WITHDRAW, STATE_WITHDRAWN, 0, R(ROLE_CUSTOMER)},

    {STATE_PROVIDER_REVIEW, EVENT_WITHDRAW, STATE_WITHDRAWN, 0, R(ROLE_CUSTOMER)},
    {STATE_PROVIDER_REVIEW, EVENT_PROVIDER_APPROVE, STATE_TO_REGULATOR, 0, STAFF},
    {STATE_PROVIDER_REVIEW, EVENT_PROVIDER_RETURN, STATE_PROVIDER_RETURNED, 0, STAFF},

    {STATE_PROVIDER_RETURNED, EVENT_RESUBMIT, STATE_PROVIDER_REVIEW, 0, R(ROLE_CUSTOMER)},
    {STATE_PROVIDER_RETURNED, EVENT_WITHDRAW, STATE_WITHDRAWN, 0, R(ROLE_CUSTOMER)},
    {STATE_PROVIDER_RETURNED, EVENT_REOPEN, STATE_PROVIDER_REVIEW, 0, STAFF},
    {STATE_PROVIDER_RETURNED, EVENT_EXPIRE, STATE_CLOSED, 0, R(ROLE_SYSTEM)},

    /* Passed by us: waits for the gateway to send it (a pass not sent yet can
    ** be taken back). */
    {STATE_TO_REGULATOR, EVENT_SEND, STATE_SMS_VERIFICATION, STATE_REGULATOR_REVIEW,
     R(ROLE_SYSTEM)},
    {STATE_TO_REGULATOR, EVENT_REOPEN, STATE_PROVIDER_REVIEW, 0, STAFF},

    {STATE_SMS_VERIFICATION, EVENT_SMS_PASSED, STATE_REGULATOR_REVIEW, 0, R(ROLE_SYSTEM)},
    {STATE_SMS_VERIFICATION, EVENT_SMS_FAILED, STATE_REGULATOR_RETURNED, 0, R(ROLE_SYSTEM)},
    /* The administration may return at intake (domain or subject conflict)
    ** before any SMS is sent. */
    {STATE_SMS_VERIFICATION, EVENT_REGULATOR_RETURN, STATE_REGULATOR_RETURNED, 0, R(ROLE_SYSTEM)},

    {STATE_REGULATOR_REVIEW, EVENT_REGULATOR_APPROVE, STATE_APPROVED, 0, R(ROLE_SYSTEM)},
    {STATE_REGULATOR_REVIEW, EVENT_REGULATOR_RETURN, STATE_REGULATOR_RETURNED, 0, R(ROLE_SYSTEM)},

    {STATE_REGULATOR_RETURNED, EVENT_RESUBMIT, STATE_PROVIDER_REVIEW, 0, R(ROLE_CUSTOMER)},
    {STATE_REGULATOR_RETURNED, EVENT_WITHDRAW, STATE_WITHDRAWN, 0, R(ROLE_CUSTOMER)},
    {STATE_REGULATOR_RETURNED, EVENT_REOPEN, STATE_PROVIDER_REVIEW, 0, STAFF},
    /* The provider handles the administration's return itself: sends it
    ** again (e.g. the verification form attached, seed §4.1), or passes it
    ** on to the customer with reasons. */
    {STATE_REGULATOR_RETURNED, EVENT_PROVIDER_APPROVE, STATE_TO_REGULATOR, 0, STAFF},
    {STATE_REGULATOR_RETURNED, EVENT_PROVIDER_RETURN, STATE_PROVIDER_RETURNED, 0, STAFF},
    {STATE_REGULATOR_RETURNED, EVENT_EXPIRE, STATE_CLOSED, 0, R(ROLE_SYSTEM)},
};

static bool kind_ok(AppKind k) {
    return k > 0 && k < KIND__COUNT;
}

static bool state_ok(AppState s) {
    return s > 0 && s < STATE__COUNT;
}

static const Transition *lc_find(AppState from, AppEvent ev) {
    for (size_t i = 0; i < sizeof lc_table / sizeof lc_table[0]; i++)
        if (lc_table[i].from == from && lc_table[i].event == ev) return &lc_table[i];
    return NULL;
}

bool lifecycle_state_possible(AppKind k, AppState s) {
    if (!kind_ok(k) || !state_ok(s)) return false;
    return s != STATE_SMS_VERIFICATION || app_kind_needs_sms(k);
}

int lifecycle_next(AppKind k, AppState from, AppEvent ev, Role role, AppState *to) {
    if (!kind_ok(k) || !state_ok(from) || ev <= 0 || ev >= EVENT__COUNT || role <= 0 ||
        role >= ROLE__COUNT || !to)
        return -ERR_LC_UNKNOWN;
    if (!lifecycle_state_possible(k, from)) return -ERR_LC_STATE_KIND;
    if (lifecycle_terminal(from)) return -ERR_LC_TERMINAL;
    const Transition *t = lc_find(from, ev);
    if (!t) return -ERR_LC_EVENT_STATE;
    if (!(t->roles & R(role))) return -ERR_LC_ROLE;
    *to = (t->to_without_sms && !app_kind_needs_sms(k)) ? t->to_without_sms : t->to;
    return 0;
}

unsigned lifecycle_events(AppKind k, AppState s, Role role) {
    unsigned set = 0;
    AppState to;
    for (int ev = 1; ev < EVENT__COUNT; ev++)
        if (lifecycle_next(k, s, (AppEvent)ev, role, &to) == 0) set |= 1u << ev;
    return set;
}

bool lifecycle_terminal(AppState s) {
    return s == STATE_APPROVED || s == STATE_WITHDRAWN || s == STATE_CLOSED;
}

bool lifecycle_in_flight(AppState s) {
    return state_ok(s) && !lifecycle_terminal(s);
}

bool lifecycle_customer_can_edit(AppState s) {
    return s == STATE_DRAFT || s == STATE_PROVIDER_RETURNED || s == STATE_REGULATOR_RETURNED;
}

SubjectStatus subject_status_derive(const SubjectFacts *f) {
    bool first_approved = false;
    for (size_t i = 0; i < f->n_apps; i++) {
        if (f->apps[i].state != STATE_APPROVED) continue;
        if (f->apps[i].kind == KIND_CANCEL_SUBJECT) return SUBJECT_CANCELLED;
        if (f->apps[i].kind == KIND_FIRST_FILING) first_approved = true;
    }
    if (f->claimed) return f->downloaded ? SUBJECT_FILED : SUBJECT_PENDING_DOWNLOAD;
    return first_approved ? SUBJECT_FILED : SUBJECT_UNFILED;
}

/* The status an approved application leaves the site in; 0: unchanged. */
static SiteStatus site_settle(AppKind k) {
    if (app_kind_adds_site(k)) return SITE_FILED;
    if (k == KIND_CANCEL_SITE || k == KIND_CANCEL_SUBJECT) return SITE_CANCELLED;
    if (k == KIND_CANCEL_ACCESS) return SITE_ACCESS_CANCELLED;
    return 0;
}

SiteStatus site_status_derive(const AppFact *apps, size_t n_apps) {
    SiteStatus settled = 0;
    AppState adding = 0; /* state of the last site-adding application still in flight */
    for (size_t i = 0; i < n_apps; i++) {
        AppFact a = apps[i];
        if (a.state == STATE_APPROVED) {
            SiteStatus s = site_settle(a.kind);
            if (s) settled = s;
            if (app_kind_adds_site(a.kind)) adding = 0;
        } else if (app_kind_adds_site(a.kind)) {
            adding = lifecycle_in_flight(a.state) ? a.state : 0;
        }
    }
    if (adding && (settled == 0 || settled == SITE_ACCESS_CANCELLED))
        return adding == STATE_DRAFT ? SITE_NOT_SUBMITTED : SITE_IN_FILING;
    return settled ? settled : SITE_NOT_SUBMITTED;
}
