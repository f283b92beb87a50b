/*
** Reading one application: the one loader every operation starts from, and
** the view a page or an API answer shows (the values, the subject and site,
** what still blocks verify & submit, the materials checklist, the province
** rules, the latest return, the history, the files, the drafts it may go
** with as a batch).
**
** Operations are DbTxFn run inside db_tx / db_tx_read (so they may be
** retried: every output is reset at the start). Customer operations take
** the account id and answer -ERR_NOT_FOUND for applications of other
** accounts; account id 0 means staff (any application).
*/
#ifndef BEIAN_MODEL_APP_VIEW_H
#define BEIAN_MODEL_APP_VIEW_H

#include "model/application.h"
#include "model/audit.h"
#include "model/files.h"
#include "model/settings.h"
#include "model/site.h"
#include "model/subject.h"
#include "rules/checklist.h"
#include "rules/filing_check.h"

/* Load an application and its subject; with an account id, only that
** account's (else -ERR_NOT_FOUND). */
int app_load(Db *db, Arena *a, int64_t account_id, int64_t app_id, Application *app,
             Subject *subject);

/* The context the rules need to check an application (kind, today, the
** subject's nature and record, its province's rules, its filed sites). */
int app_context(Db *db, Arena *a, const Application *app, const Subject *s, const Values *v,
                FilingContext *ctx, ProvinceRules *province);

/* The materials checklist of an application (false in *has when its
** province is not known yet). */
int app_checklist(Db *db, Arena *a, const Application *app, const Subject *s, Checklist *out,
                  bool *has, bool *supplement);

/* With audit_action set, the view is written to the audit log (a staff
** view, an unmask, a print): run it in db_tx, not db_tx_read. */
typedef struct AppView {
    Arena *a;
    int64_t account_id; /* 0: staff (any application) */
    int64_t app_id;
    const char *audit_action; /* NULL: not audited */
    const char *audit_detail;
    Actor who;               /* for the audit row */
    Application app;         /* out */
    Subject subject;         /* out */
    Site site;               /* out (id 0 when none) */
    SubjectNature nature;    /* out: filing_nature of the application */
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
    AppFile *files; /* out: current files (the on-site photo only for staff) */
    size_t nfiles;
    Application *batchable; /* out: drafts that may be submitted with this one (seed §4.4) */
    size_t nbatchable;
    /* out, when the checklist needs an on-site verification: where and when
    ** it takes place and what to bring (the admins' settings; "" when not
    ** set); NULL otherwise. */
    const char *onsite_address, *onsite_hours, *onsite_bring;
    /* Guidance (issue 10): the provider's review time and on-site
    ** verification (in: the defaults, or zeros; out: the settings). */
    ProviderSettings provider;
} AppView;
int app_view(Db *db, void *ctx);

/* Facts for the checklist engine from an application (exposed for tests). */
void app_checklist_facts(const Application *app, const Subject *s, const Values *principal,
                         SubjectNature nature, ChecklistFacts *out);

/* Has the step passed validation and been saved? Are all of them? */
bool app_step_done(const Application *app, FilingStep step);
bool app_steps_complete(const Application *app);

#endif
