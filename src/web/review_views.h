/*
** What the templates of the review console receive (templates/staff/):
** the queues and the staff's page of one application.
*/
#ifndef BEIAN_WEB_REVIEW_VIEWS_H
#define BEIAN_WEB_REVIEW_VIEWS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "http/http.h"
#include "rules/vocab.h"
#include "web/views.h"

typedef struct QueueTab {
    const char *id, *label, *href;
    int64_t count;
    bool on;
    bool more; /* the count stopped at its cap: "500+" */
} QueueTab;

/* Who holds an application (认领人, templates/staff/claim.html), the same on
** the queue's rows and the review page: the holder's login (mine: the
** reviewer looking); or nobody, and a reviewer may claim it (claimable),
** or the customer fixes a return that goes back to returned_to when
** resubmitted (waiting_customer), or claiming does not apply now. */
typedef struct ClaimView {
    const char *claimed_by, *returned_to;
    bool mine, claimable, waiting_customer;
} ClaimView;
ClaimView claim_view(Req *r, AppState state, int64_t claimed_by, const char *claimed_login,
                     const char *returned_login);

typedef struct QueueRowView {
    int64_t id;
    const char *number, *kind_label, *state_label, *badge;
    const char *subject_name, *subject_number, *domain, *principal;
    const char *province, *nature, *submitted, *waiting; /* the link is made from id */
    ClaimView claim;
    bool overdue, commercial, resubmitted;
} QueueRowView;

typedef struct QueueView {
    Req *r;
    QueueTab *tabs;
    size_t ntabs;
    QueueRowView *rows;
    size_t n;
    const char *next_href; /* the next page, or NULL */
    const char *queue, *q, *claim;
    const char *kind, *province, *nature, *commercial, *days; /* the filters as given */
    bool overdue;
    ChoiceView *kinds, *provinces, *natures;
    size_t nkinds, nprovinces, nnatures;
    int limit_hours;
} QueueView;

typedef struct MaterialRowView {
    const char *code, *name, *signature, *received_by, *received_at;
    int expected, received;
    bool complete, printed;
    FileView *scans;
    size_t nscans;
} MaterialRowView;

typedef struct CallView {
    const char *when, *person, *outcome, *note, *by;
    bool confirmed;
} CallView;

typedef struct ChangeView {
    const char *label, *before, *after;
} ChangeView;

typedef struct HistoryView {
    int64_t id;
    const char *number, *kind_label, *state_label, *badge, *updated, *href;
} HistoryView;

typedef struct SiteLine {
    const char *name, *domain, *number;
} SiteLine;

typedef struct OnsiteView {
    bool has;
    const char *kind, *date, *by, *note, *rule, *photo_href, *covered_ref;
} OnsiteView;

typedef struct EarlierOnsite {
    int64_t id;
    const char *date, *application;
} EarlierOnsite;

typedef struct FieldChoice {
    const char *key, *label;
} FieldChoice;

/* The administration's side of an application (staff). */
typedef struct RegUploadView {
    int64_t seq;
    const char *operation, *state, *created, *sent, *accepted, *message, *file;
    int attempts;
    int64_t code;
} RegUploadView;
typedef struct RegResultView {
    int64_t code;
    const char *when, *text, *file;
} RegResultView;
/* A standard return reason offered on the return form. */
typedef struct ReasonChoice {
    int64_t id;
    const char *field, *text, *suggestion;
} ReasonChoice;

typedef struct ReviewPage {
    Req *r;
    int64_t id;
    const char *number, *kind_label, *state_label, *badge, *base;
    const char *subject_name, *subject_number, *site_number, *nature;
    ClaimView claim;
    const char *customer_note, *guide, *guide_action;
    bool unmasked, can_pass, can_return, can_reopen, can_claim, can_release, can_take_over,
        can_record, check_ok, onsite_needed;
    SummaryGroup *groups;
    size_t ngroups;
    ChangeView *changes;
    size_t nchanges;
    MaterialRowView *materials;
    size_t nmaterials;
    NoticeView *notices;
    size_t nnotices;
    FileView *photos; /* the on-site photos uploaded */
    size_t nphotos;
    OnsiteView onsite;
    EarlierOnsite *earlier;
    size_t nearlier;
    CallView *calls;
    size_t ncalls;
    const char *const *check; /* what blocks a pass, in words */
    size_t ncheck;
    ReasonView *reasons; /* the latest return */
    size_t nreasons;
    EventView *events;
    size_t nevents;
    SiteLine *sites;
    size_t nsites;
    HistoryView *history;
    size_t nhistory;
    PrintView *prints;
    size_t nprints;
    FieldChoice *fields; /* fields a return may name */
    size_t nfields;
    ReasonChoice *std; /* the standard return reasons */
    size_t nstd;
    IssueView *errors; /* what the last action was refused for */
    size_t nerrors;
    const char *today;
    struct RegUploadView *uploads; /* sent to the administration */
    size_t nuploads;
    struct RegResultView *results; /* what came back */
    size_t nresults;
} ReviewPage;

#endif
