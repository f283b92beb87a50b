/*
** The filing lifecycle (DESIGN.md §3; docs/lifecycle.md): which event moves an
** application from which state to which, and who may fire it; plus the
** derived subject and site statuses customers see (seed §3). Pure functions.
*/
#ifndef BEIAN_RULES_LIFECYCLE_H
#define BEIAN_RULES_LIFECYCLE_H

#include <stdbool.h>
#include <stddef.h>

#include "rules/vocab.h"

/*
** The state an application of kind k moves to when role fires ev in state
** from. Returns 0 and sets *to, or leaves *to alone and returns, checked in
** this order:
**   -ERR_LC_UNKNOWN     k, from, ev or role out of range (or to is NULL);
**   -ERR_LC_STATE_KIND  kind k never is in state from (sms_verification for
**                       cancel_access, which MIIT does not verify by SMS);
**   -ERR_LC_TERMINAL    from is approved, withdrawn or closed;
**   -ERR_LC_EVENT_STATE ev is not possible in state from, for anyone;
**   -ERR_LC_ROLE        ev is possible in from, but not for this role.
** provider_approve leads to sms_verification when the kind needs SMS
** verification and straight to regulator_review otherwise.
*/
int lifecycle_next(AppKind k, AppState from, AppEvent ev, Role role, AppState *to);

/* Bit set (1u << event) of the events role may fire on an application of kind
** k in state s: what a page offers as buttons. 0 for values out of range. */
unsigned lifecycle_events(AppKind k, AppState s, Role role);

/* True while an application counts toward "one application in flight per
** subject": every state but approved, withdrawn and closed (a returned
** application is still the customer's to fix). */
bool lifecycle_in_flight(AppState s);

/* True in the states where the customer may change the application's fields:
** draft, provider_returned, regulator_returned. */
bool lifecycle_customer_can_edit(AppState s);

/* True for approved, withdrawn and closed: no event applies any more. */
bool lifecycle_terminal(AppState s);

/* True when kind k can ever be in state s (false for values out of range). */
bool lifecycle_state_possible(AppKind k, AppState s);

/* One application as status derivation needs it. */
typedef struct AppFact {
    AppKind kind;
    AppState state;
} AppFact;

/*
** What the model knows about a subject, for subject_status_derive().
**   apps, n_apps   the applications of the subject's account that concern the
**                  subject (any kind), oldest first; may be NULL when n_apps
**                  is 0.
**   claimed        the subject came into Beian holding a number the
**                  administration issued before (new_site_external claimed
**                  by number + filing password, or new_access);
**   downloaded     for a claimed subject: its record has been fetched from the
**                  administration (after the claiming application was
**                  decided and the decision synced).
*/
typedef struct SubjectFacts {
    const AppFact *apps;
    size_t n_apps;
    bool claimed;
    bool downloaded;
} SubjectFacts;

/*
** The subject status of seed §3 / DESIGN.md §3:
**   cancelled         once a cancel_subject application is approved;
**   pending_download  claimed and not yet downloaded (待下载更新, whatever the
**                     state of the claiming application);
**   filed             claimed and downloaded, or a first_filing approved;
**   unfiled           otherwise (first filing not approved yet, or withdrawn).
*/
SubjectStatus subject_status_derive(const SubjectFacts *f);

/*
** The site status of seed §3 from the applications that concern the site (the
** one that brought it in — first_filing, new_site_external, new_site or
** new_access — and any later change or cancellation), oldest first:
**   approved applications settle it: a kind that adds a site -> filed;
**   cancel_site or cancel_subject -> cancelled; cancel_access ->
**   access_cancelled; changes leave it as it was.
**   A site-adding application still in flight decides it while nothing has
**   settled (or access was cancelled and the site is being accessed again):
**   draft -> not_submitted (尚未提交); any other in-flight state -> in_filing
**   (报备阶段). A withdrawn or closed application adds nothing.
**   With nothing settled and nothing in flight: not_submitted.
** A change or cancellation in flight does not change the site's status; the
** application's own label (app_state_label) shows its stage.
*/
SiteStatus site_status_derive(const AppFact *apps, size_t n_apps);

#endif
