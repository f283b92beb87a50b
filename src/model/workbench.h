/*
** The staff's workbench (工作台): who they are and what waits for them.
*/
#ifndef BEIAN_MODEL_WORKBENCH_H
#define BEIAN_MODEL_WORKBENCH_H

#include "model/account.h"
#include "model/regulator_outbox.h"
#include "model/review_queue.h"

/* A read-only DbTxFn. */
typedef struct Workbench {
    Arena *a;
    int64_t account_id;
    int limit_hours;          /* the review time limit */
    Account me;               /* out */
    int64_t pending_accounts; /* out: registrations to approve */
    QueueCounts queues;       /* out: applications waiting in each queue */
    RegLinkState *links;      /* out: the links to the administration */
    size_t n_links;
} Workbench;
int workbench_load(Db *db, void *ctx);

#endif
