/*
** Editing applications: start one of a kind, save one step's fields.
** (model/app_view.h says how operations are run.)
*/
#ifndef BEIAN_MODEL_APP_EDIT_H
#define BEIAN_MODEL_APP_EDIT_H

#include "model/app_view.h"
#include "model/audit.h"

/* Start an application of `kind` (site_id for the kinds about one site). */
typedef struct AppStart {
    Arena *a;
    int64_t account_id;
    AppKind kind;
    int64_t site_id;
    Actor who;
    int64_t app_id;        /* out */
    FilingStep first_step; /* out */
} AppStart;
int app_start(Db *db, void *ctx);

/* Save one step's fields. Valid input is stored (normalised) and the step
** marked done; invalid input stores nothing and answers -ERR_INVALID_INPUT
** with the issues. In a returned application only the fields named by the
** return may change; an empty personal or secret field keeps what was saved.
** The application as loaded, its latest return, the values to show (the
** input merged over what was saved) and their nature are out in every case,
** so a refused step can be shown again with what was typed. */
typedef struct AppSaveStep {
    Arena *a;
    int64_t account_id;
    int64_t app_id;
    FilingStep step;
    const Values *input;
    bool refuse; /* the input failed its field spec: only merge it for display */
    Actor who;
    FilingIssues issues;   /* out */
    Application app;       /* out: as loaded */
    ReturnReason *reasons; /* out: the latest return */
    size_t nreasons;
    Values shown;         /* out: the input merged over the saved values */
    SubjectNature nature; /* out: of the shown values */
    FilingStep next_step; /* out: where the forms go next */
    bool complete;        /* out: every step of the application is done and valid */
} AppSaveStep;
int app_save_step(Db *db, void *ctx);

/* The form of a step: the application with its latest return and nature
** (read-only; -ERR_NOT_FOUND when the kind has no such step). */
typedef struct AppStepForm {
    Arena *a;
    int64_t account_id;
    int64_t app_id;
    FilingStep step;
    Application app;       /* out */
    ReturnReason *reasons; /* out */
    size_t nreasons;
    SubjectNature nature; /* out: of the shown values */
    Values shown;         /* out: the saved values, with the draft's over them */
    int64_t draft_at;     /* out: when the draft shown was kept; 0: none */
    FilingIssues issues;  /* out: the draft's errors, checked again now */
} AppStepForm;
int app_step_form(Db *db, void *ctx);

/* Drafts: what a customer typed into a step the page refused is kept
** (sealed, the step's open fields as typed, secrets left out), so that
** leaving the error page loses nothing, while the application itself stays
** as it was. The form shows the draft with its errors until the step is
** saved (which drops it), the draft is discarded, or the application is
** submitted. Only an application the customer may edit keeps one. */
typedef struct AppStepDraft {
    Arena *a;
    int64_t account_id;
    int64_t app_id;
    FilingStep step;
    const Values *input; /* app_keep_draft: as typed */
} AppStepDraft;
int app_keep_draft(Db *db, void *ctx);
int app_discard_draft(Db *db, void *ctx);

#endif
