/*
** Staff and system events on applications: the reviewer's pass and return,
** the administration's SMS result, approval and return, reopening a return
** made in error, expiry. On the administration's approval the
** application's values become the filed records, with the numbers given.
** (model/app_view.h says how operations are run.)
*/
#ifndef BEIAN_MODEL_APP_DECIDE_H
#define BEIAN_MODEL_APP_DECIDE_H

#include "model/app_view.h"
#include "model/audit.h"

/* A reason a reviewer (or the administration) gives for one field. */
typedef struct ReturnItem {
    FieldId field; /* FIELD_NONE: the application as a whole */
    const char *reason;
    const char *suggestion;
    const char *code; /* an administration's return: no_form | commercial | other; NULL */
} ReturnItem;

typedef struct AppDecide {
    Arena *a;
    int64_t app_id;
    AppEvent event;
    Role role;
    Actor who;
    const char *note;
    const ReturnItem *items;
    size_t nitems;
    /* The administration's approval: the numbers it assigned (a first
    ** filing's subject number; a new site's number). Refused without them
    ** (-ERR_REG_NO_NUMBER): Beian never makes numbers up. */
    const char *subject_number, *site_number;
    AppState to; /* out */
} AppDecide;
int app_decide(Db *db, void *ctx);

#endif
