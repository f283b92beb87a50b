/*
** The staff's workbench.
*/
#include "model/workbench.h"

#include "core/util.h"

int workbench_load(Db *db, void *ctx) {
    Workbench *w = ctx;
    int rc = account_get(db, w->a, w->account_id, &w->me);
    if (rc == 0) rc = account_count(db, "pending", &w->pending_accounts);
    w->queues =
        (QueueCounts){.me = w->account_id, .now = time_now(), .limit_hours = w->limit_hours};
    if (rc == 0) rc = queue_counts(db, &w->queues);
    if (rc == 0) rc = regulator_links_state(db, w->a, &w->links, &w->n_links);
    return rc;
}
