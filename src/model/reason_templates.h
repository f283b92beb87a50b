/*
** The standard return reasons (标准退回原因) reviewers choose from when they
** return a field of an application: Chinese and English text, a suggestion
** to the customer, and the field each usually names. Beian seeds the common
** returns of DESIGN.md §9 once, by a stable code (an admin's edits are never
** overwritten); admins add, edit, reorder and deactivate them, never delete
** (a reason once used stays readable).
*/
#ifndef BEIAN_MODEL_REASON_TEMPLATES_H
#define BEIAN_MODEL_REASON_TEMPLATES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "db/db.h"
#include "model/audit.h"

typedef struct ReasonTemplate {
    int64_t id;
    const char
        *code; /* the seed's stable code ("domain_not_verified"); "" for one an admin added */
    const char *field; /* the key of rules/fields.def it usually names; "" any field */
    const char *text_zh, *text_en;
    const char *suggestion_zh, *suggestion_en; /* "" when none */
    int sort;                                  /* list order, ascending */
    bool active;
    const char *updated_by; /* login of the admin who last changed it; NULL: as seeded */
    int64_t updated_at;
} ReasonTemplate;

/* Insert the seeded reasons whose code is missing (after migrations). */
int reason_templates_seed(Db *db);

/* The reasons in list order (sort, then id); only the active ones when
** active_only (what a reviewer chooses from). *out is allocated in a. */
int reason_templates_list(Db *db, Arena *a, bool active_only, ReasonTemplate **out, size_t *n);

/* One reason by id (active or not); -ERR_NOT_FOUND when there is none. */
int reason_template_get(Db *db, Arena *a, int64_t id, ReasonTemplate *out);

/* ---- Operations (DbTxFn) ---- */

/* Every reason, active or not, in list order (read-only). */
typedef struct ReasonsPage {
    Arena *a;
    ReasonTemplate *rows; /* out */
    size_t n;
} ReasonsPage;
int reasons_page(Db *db, void *ctx);

/* Add a reason (id 0: at the end of the list) or change one's field and
** texts (validated by the caller; -ERR_NOT_FOUND for an unknown id);
** audited. out: the reason as saved. */
typedef struct ReasonSave {
    Arena *a;
    int64_t id; /* 0: add */
    const char *field, *text_zh, *text_en, *suggestion_zh, *suggestion_en;
    Actor who;
    ReasonTemplate out;
} ReasonSave;
int reason_save(Db *db, void *ctx);

/* Move a reason one place up (-1) or down (+1) in the list (a no-op at
** either end), or (de)activate it; audited. out: the reason after. */
typedef struct ReasonChange {
    Arena *a;
    int64_t id;
    int move;   /* -1 up, +1 down, 0: no move */
    int active; /* 1 activate, 0 deactivate, -1: no change */
    Actor who;
    ReasonTemplate out;
} ReasonChange;
int reason_move(Db *db, void *ctx);
int reason_set_active(Db *db, void *ctx);

#endif
