/*
** The filing operations: what a customer, a reviewer or the regulator
** gateway does to applications, each one a DbTxFn run inside db_tx (so it
** may be retried: every output is reset at the start). They combine the
** rows of filing.h with the pure rules (validation, lifecycle, checklist).
**
** Customer operations take the account id and refuse (-ERR_NOT_FOUND)
** applications of other accounts.
*/
#ifndef BEIAN_MODEL_FILING_OPS_H
#define BEIAN_MODEL_FILING_OPS_H

#include "model/audit.h"
#include "model/filing.h"
#include "rules/checklist.h"
#include "rules/filing_check.h"

/* Start an application of `kind` (site_id for the kinds about one site). */
typedef struct OpStart {
    Arena *a;
    int64_t account_id;
    AppKind kind;
    int64_t site_id;
    Actor who;
    int64_t app_id; /* out */
} OpStart;
int op_start(Db *db, void *ctx);

/* Save one step's fields. Valid input is stored (normalised) and the step
** marked done; invalid input stores nothing and answers -ERR_INVALID_INPUT
** with the issues (the page shows the typed values again). In a returned
** application only the fields named by the return may change. */
typedef struct OpSave {
    Arena *a;
    int64_t account_id;
    int64_t app_id;
    FilingStep step;
    const Values *input;
    Actor who;
    FilingIssues issues; /* out */
} OpSave;
int op_save(Db *db, void *ctx);

/* Everything a page shows about one application (read-only): the values,
** the subject and site, the check of the whole, the materials checklist,
** the province rules, the latest return reasons, the transitions. */
typedef struct AppView {
    Arena *a;
    int64_t account_id; /* 0: staff (any application) */
    int64_t app_id;
    Application app;         /* out */
    Subject subject;         /* out */
    Site site;               /* out (id 0 when none) */
    const Values *principal; /* out: the subject principal's values (app or record) */
    FilingIssues issues;     /* out: what blocks verify & submit */
    bool complete;           /* out: every step valid */
    Checklist checklist;     /* out */
    bool supplement;         /* out: seed §4.4 supplementary forms */
    ProvinceRules province;  /* out */
    bool has_province;
    ReturnReason *reasons; /* out: latest return */
    size_t nreasons;
    Transition *transitions; /* out */
    size_t ntransitions;
} AppView;
int op_view(Db *db, void *ctx);

/* Verify & submit: one application, or a change and a new site together as
** a batch (seed §4.4). Resubmits returned applications with the note. */
typedef struct OpSubmit {
    Arena *a;
    int64_t account_id;
    int64_t app_ids[2];
    size_t n;
    const char *note;
    Actor who;
    FilingIssues issues; /* out */
} OpSubmit;
int op_submit(Db *db, void *ctx);

typedef struct OpWithdraw {
    Arena *a;
    int64_t account_id;
    int64_t app_id;
    Actor who;
} OpWithdraw;
int op_withdraw(Db *db, void *ctx);

/* A reason a reviewer (or the administration) gives for one field. */
typedef struct ReturnItem {
    const char *field; /* a catalog key, or "" for the application as a whole */
    const char *reason;
    const char *suggestion;
} ReturnItem;

/* A staff or system event on an application (approve, return with reasons,
** SMS results, the administration's decision, reopen, expire). On the
** administration's approval the application's values become the filed
** records, with the numbers given. */
typedef struct OpDecide {
    Arena *a;
    int64_t app_id;
    AppEvent event;
    Role role;
    Actor who;
    const char *note;
    const ReturnItem *items;
    size_t nitems;
    const char *subject_number; /* regulator approval of a first filing; NULL: generated */
    AppState to;                /* out */
} OpDecide;
int op_decide(Db *db, void *ctx);

/* The customer's overview: subject, its derived status, its sites with
** theirs, and its applications newest first. */
typedef struct SiteView {
    Site site;
    SiteStatus status;
    const char *name, *domain; /* as filed, or as being filed */
} SiteView;

typedef struct Overview {
    Arena *a;
    int64_t account_id;
    bool has_subject;     /* out */
    Subject subject;      /* out */
    SubjectStatus status; /* out */
    SiteView *sites;      /* out */
    size_t nsites;
    Application *apps; /* out, newest first */
    size_t napps;
    bool in_flight; /* out: an application is under review */
} Overview;
int op_overview(Db *db, void *ctx);

/* Has the step passed validation and been saved? Are all of them? */
bool app_step_done(const Application *app, FilingStep step);
bool app_steps_complete(const Application *app);

/* Facts for the checklist engine from an application (exposed for tests). */
void filing_checklist_facts(const Application *app, const Subject *s, const Values *principal,
                            ChecklistFacts *out);

#endif
