/*
** The staff's workbench.
*/
#include "model/workbench.h"

int workbench_load(Db *db, void *ctx) {
    Workbench *w = ctx;
    int rc = account_get(db, w->a, w->account_id, &w->me);
    if (rc == 0) rc = account_count(db, "pending", &w->pending_accounts);
    return rc;
}
