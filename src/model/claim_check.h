/*
** Checks a customer's claim of a subject filed elsewhere with the
** administration (isp_verifybamm) when the claim step is saved: each check
** is counted first (per account and per subject number, in the database so
** that several nodes share the count) and audited, so that the filing
** password cannot be guessed through Beian.
*/
#ifndef BEIAN_MODEL_CLAIM_CHECK_H
#define BEIAN_MODEL_CLAIM_CHECK_H

#include <stdbool.h>
#include <stdint.h>

#include "db/db.h"
#include "model/audit.h"

/* Checks allowed per account, and per subject number, in an hour. */
#define CLAIM_CHECKS_PER_ACCOUNT 5
#define CLAIM_CHECKS_PER_NUMBER  10

typedef struct ClaimCheck {
    int64_t account_id, app_id;
    const char *number;
    Actor who;
    bool throttled; /* out: beyond the limits (counted and audited all the same) */
} ClaimCheck;

/* Count one check (db_tx); *throttled beyond the limits. */
int claim_check_begin(Db *db, void *ctx);
/* A password that matched: the account's count is forgiven (db_tx). */
int claim_check_passed(Db *db, void *ctx);

#endif
