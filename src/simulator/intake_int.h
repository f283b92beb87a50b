/*
** Declarations shared by intake.c and intake_ops.c only.
*/
#ifndef BEIAN_SIMULATOR_INTAKE_INT_H
#define BEIAN_SIMULATOR_INTAKE_INT_H

#include "simulator/intake.h"

typedef struct IntakeCtx {
    Db *db;
    Arena *a;
    int64_t isp; /* the provider asking */
    Intake *it;  /* the verdict being made */
} IntakeCtx;

/* The checks of each operation: 0 with the verdict in c->it, or a database error. */
int intake_new_filing(IntakeCtx *c, const UploadNewFiling *x);
int intake_new_site(IntakeCtx *c, const UploadNewSite *x);
int intake_new_access(IntakeCtx *c, const UploadNewAccess *x);
int intake_change(IntakeCtx *c, const UploadChange *x);
int intake_cancel(IntakeCtx *c, const UploadCancel *x);

/* Set a refusal with a code (true, for `return intake_fail(...)` chains). */
bool intake_fail(Intake *it, int64_t code, const char *text);
/* Set a return by review (1002) with its opinion. */
bool intake_return(Intake *it, const char *opinion);
/* Add a hold to the item. */
void intake_hold(Arena *a, Intake *it, const char *kind, const char *key);
/* Is (kind, key) held by an item in flight? */
int intake_held(Db *db, const char *kind, const char *key, bool *held);
/* Add the principal's first mobile to the SMS list (once). */
void intake_mobile(Arena *a, Intake *it, const RegPrincipal *p);
/* "%lld" in the arena. */
char *intake_num(Arena *a, int64_t v);

#endif
