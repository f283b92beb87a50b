/*
** The provider's review of one application (接入商审核): a reviewer claims
** it, ticks the paper materials received, records the on-site verification
** (现场核验) and the verification call (核实电话), and passes it to the
** administration or returns it to the customer with a reason per field; an
** admin may take over a claim. Every operation is a DbTxFn and audited.
*/
#ifndef BEIAN_MODEL_REVIEW_H
#define BEIAN_MODEL_REVIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/app_decide.h"
#include "model/app_view.h"
#include "model/audit.h"
#include "model/regulator_apply.h"
#include "model/regulator_outbox.h"
#include "model/reason_templates.h"

/* Staff acting: their account, role and where from. */
typedef struct Reviewer {
    Actor who;
    Role role; /* ROLE_REVIEWER or ROLE_ADMIN */
} Reviewer;

/* ---- Claims ---- */

typedef enum ClaimAction { CLAIM_TAKE = 1, CLAIM_RELEASE, CLAIM_TAKE_OVER } ClaimAction;

/* Take an unclaimed application waiting for the provider (two reviewers at
** once: one wins, the other gets -ERR_CLAIMED), release one's own (an admin:
** anyone's), or take over another's (admins only). */
typedef struct ReviewClaim {
    int64_t app_id;
    ClaimAction action;
    Reviewer by;
    int64_t holder; /* out: who holds it now (0: nobody) */
} ReviewClaim;
int review_claim(Db *db, void *ctx);
/* Inside an operation: the reviewer must hold the application (an
** unclaimed one is claimed for them; an admin may act on a claimed one). */
int review_hold(Db *db, const Reviewer *by, Application *app);

/* ---- Materials received ---- */

typedef struct MaterialTick {
    const char *code; /* a checklist item of the application */
    int copies;       /* copies received so far (0..expected) */
} MaterialTick;

typedef struct ReviewMaterials {
    int64_t app_id;
    const MaterialTick *ticks;
    size_t n;
    Reviewer by;
} ReviewMaterials;
int review_materials(Db *db, void *ctx);

/* ---- On-site verification ---- */

typedef enum OnsiteKind { ONSITE_DONE = 1, ONSITE_COVERED, ONSITE_NOT_NEEDED } OnsiteKind;
const char *onsite_kind_id(OnsiteKind k);
OnsiteKind onsite_kind_parse(const char *id);

typedef struct OnsiteRecord {
    int64_t id, subject_id, application_id, photo_file_id, covered_by, reviewer_id, created_at;
    OnsiteKind kind;
    const char *verified_on, *rule, *note, *reviewer_login, *application_number;
} OnsiteRecord;

/* Record it: done (the date, the on-site photo uploaded to this
** application), covered by an earlier verification of the same subject
** (its id), or not needed (only when the checklist needs none: the rule is
** the checklist's). Only "done" makes the subject verified on site. */
typedef struct ReviewOnsite {
    Arena *a;
    int64_t app_id;
    OnsiteKind kind;
    const char *verified_on; /* YYYY-MM-DD, not in the future */
    int64_t photo_file_id;
    int64_t covered_by;
    const char *note;
    Reviewer by;
} ReviewOnsite;
int review_onsite(Db *db, void *ctx);

/* ---- Verification calls ---- */

typedef struct CallRecord {
    int64_t id, called_at, reviewer_id;
    const char *person, *outcome, *note, *reviewer_login;
} CallRecord;

typedef struct ReviewCall {
    int64_t app_id;
    const char *person;  /* subject_principal | site_principal | legal_rep */
    const char *outcome; /* confirmed | no_answer | wrong_person | refused | other */
    int64_t called_at;   /* 0: now */
    const char *note;
    Reviewer by;
} ReviewCall;
int review_call(Db *db, void *ctx);
/* The choices of a call's person and outcome, NULL-terminated. */
const char *const *review_call_persons(void);
const char *const *review_call_outcomes(void);

/* ---- Decisions ---- */

/* What stands between an application and a pass. */
typedef struct PassCheck {
    const char *missing[CHECKLIST_MAX_ITEMS]; /* items not (fully) received */
    size_t n_missing;
    bool form_scan_missing; /* the verification form has no scan (seed §4.1) */
    bool onsite_missing;    /* on-site verification needed and not recorded */
    bool call_missing;      /* no call confirmed by the principal */
} PassCheck;
bool pass_check_ok(const PassCheck *c);
/* What stands between an application and a pass (read-only). */
int review_pass_check(Db *db, Arena *a, const Application *app, const Subject *s, PassCheck *out);

typedef enum ReviewDecision { DECIDE_PASS = 1, DECIDE_RETURN, DECIDE_REOPEN } ReviewDecision;

/* One row of a return as the reviewer gives it: the field at fault
** (FIELD_NONE: the application as a whole), a standard return reason
** (model/reason_templates.h; 0: none) and the texts. With a standard
** reason, an empty reason or suggestion takes the standard one's text in
** the reviewer's language, and FIELD_NONE takes the field it names (if
** any); a standard reason that is inactive or unknown refuses the return
** (-ERR_REASON_INACTIVE). A row with neither a reason nor a standard one is
** a spare row of the form: skipped. */
typedef struct ReturnPick {
    FieldId field;
    int64_t template_id;
    const char *reason, *suggestion;
} ReturnPick;
/* The return's items from the picks (in a): -ERR_RETURN_REASONS when no
** row names a reason. */
int review_return_items(Db *db, Arena *a, Lang lang, const ReturnPick *picks, size_t n,
                        ReturnItem **out, size_t *nout);

/* Pass (→ 待报送管局; refused with -ERR_PASS_BLOCKED and *check filled
** unless an override reason is given, which is audited), return with a
** reason per field (the customer sees them at once; only those fields
** open), or reopen a return made in error (or a pass not sent yet). The
** reviewer must hold the claim (an unclaimed application is claimed; an
** admin may act on any). */
typedef struct ReviewDecide {
    Arena *a;
    int64_t app_id;
    ReviewDecision decision;
    const char *override_reason; /* pass despite the check; NULL or "" none */
    const ReturnPick *picks;     /* return: the reviewer's rows */
    size_t npicks;
    Lang lang; /* the reviewer's language (a standard reason's text) */
    const char *note;
    Reviewer by;
    PassCheck check; /* out */
    AppState to;     /* out */
} ReviewDecide;
int review_decide(Db *db, void *ctx);

/* ---- The staff's view ---- */

/* One checklist item with what was received and the scans that belong to it. */
typedef struct MaterialState {
    const ChecklistItem *item;
    int received;
    const char *received_by;
    int64_t received_at;
    size_t n_scans;
} MaterialState;

/* A field a change changes: before (the filed record) and after. */
typedef struct FieldChange {
    FieldId field;
    const char *before, *after; /* raw values (the page masks personal data) */
} FieldChange;

/* What staff may do now (bits of 1u << ReviewDecision, and claims). */
enum {
    CAN_PASS = 1u << 0,
    CAN_RETURN = 1u << 1,
    CAN_REOPEN = 1u << 2,
    CAN_CLAIM = 1u << 3,
    CAN_RELEASE = 1u << 4,
    CAN_TAKE_OVER = 1u << 5,
    CAN_RECORD = 1u << 6, /* tick materials, record on-site and calls */
};

/* The guidance for a return by the administration (seed §4). */
typedef enum ReturnGuide {
    GUIDE_NONE = 0,
    GUIDE_NO_FORM,    /* no verification form: send it again with the form */
    GUIDE_COMMERCIAL, /* commercial filing: fix, resubmit, the 管局 window (seed §2) */
    GUIDE_SUPPLEMENT, /* batch: change passed, new site returned (seed §4.4) */
    GUIDE_OTHER,      /* other reasons: the FAQ, fix and resubmit */
} ReturnGuide;
ReturnGuide return_guide_of(const ReturnReason *reasons, size_t n, bool supplement);

typedef struct ReviewView {
    AppView v; /* in: a, app_id, who (the view is audited) */
    Role role;
    MaterialState *materials;
    size_t n_materials;
    OnsiteRecord onsite;          /* this application's record (id 0: none) */
    OnsiteRecord *earlier_onsite; /* the subject's on-site verifications done before */
    size_t n_earlier_onsite;
    CallRecord *calls;
    size_t n_calls;
    Site *other_sites; /* the subject's other sites */
    size_t n_other_sites;
    Application *history; /* the subject's other applications, newest first */
    size_t n_history;
    FieldChange *changes; /* change kinds: what changes */
    size_t n_changes;
    const char *claimed_login;
    const char *returned_login; /* who returned it last (NULL: nobody) */
    unsigned can;               /* CAN_* */
    PassCheck check;
    ReturnGuide guide;
    /* The administration: what was sent (uploads) and what came back. */
    RegUploadRow *uploads;
    size_t n_uploads;
    RegResultRow *results;
    size_t n_results;
    ReasonTemplate *std_reasons; /* the active standard return reasons (when CAN_RETURN) */
    size_t n_std_reasons;
} ReviewView;
int review_view(Db *db, void *ctx);

#endif
