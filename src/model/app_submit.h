/*
** Verify & submit (信息核实提交) and withdrawal, by the customer.
** (model/app_view.h says how operations are run.)
*/
#ifndef BEIAN_MODEL_APP_SUBMIT_H
#define BEIAN_MODEL_APP_SUBMIT_H

#include "model/app_view.h"
#include "model/audit.h"

/* Submit one application, or a change and a new site together as a batch
** (seed §4.4). Resubmits returned applications with the note. Refused
** (-ERR_INVALID_INPUT) with the issues when a check fails, and
** (-ERR_SCANS_MISSING) when scans are missing and the provider's setting
** missing_scans is "refuse"; otherwise scans_missing says how many are. */
typedef struct AppSubmit {
    Arena *a;
    int64_t account_id;
    int64_t app_ids[2];
    size_t n;
    const char *note;
    Actor who;
    FilingIssues issues; /* out */
    /* out, with -ERR_APP_IN_FLIGHT: the number of the application in flight
    ** that this submission waits for (the draft stays as it is) */
    const char *waiting_for;
    size_t scans_missing; /* out: checklist items still without their scan */
} AppSubmit;
int app_submit(Db *db, void *ctx);

typedef struct AppWithdraw {
    Arena *a;
    int64_t account_id;
    int64_t app_id;
    Actor who;
} AppWithdraw;
int app_withdraw(Db *db, void *ctx);

#endif
