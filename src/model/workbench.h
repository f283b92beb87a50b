/*
** The staff's workbench (工作台): who they are and what waits for them.
*/
#ifndef BEIAN_MODEL_WORKBENCH_H
#define BEIAN_MODEL_WORKBENCH_H

#include "model/account.h"

/* A read-only DbTxFn. */
typedef struct Workbench {
    Arena *a;
    int64_t account_id;
    Account me;               /* out */
    int64_t pending_accounts; /* out: registrations to approve */
} Workbench;
int workbench_load(Db *db, void *ctx);

#endif
