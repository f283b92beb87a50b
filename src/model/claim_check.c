/*
** Counting the checks of claimed filing passwords (model/claim_check.h).
*/
#include "model/claim_check.h"

#include "core/util.h"
#include "model/throttle.h"

enum { WINDOW_S = 3600 };

int claim_check_begin(Db *db, void *ctx) {
    ClaimCheck *c = ctx;
    Arena a;
    arena_init(&a);
    int64_t now = time_now(), by_account = 0, by_number = 0;
    const char *ka = arena_printf(&a, "bamm:account:%lld", (long long)c->account_id);
    const char *kn = arena_printf(&a, "bamm:number:%s", c->number);
    int rc = throttle_hit(db, ka, WINDOW_S, now, &by_account);
    if (rc == 0) rc = throttle_hit(db, kn, WINDOW_S, now, &by_number);
    bool over = by_account > CLAIM_CHECKS_PER_ACCOUNT || by_number > CLAIM_CHECKS_PER_NUMBER;
    if (rc == 0)
        rc = audit_write(db, &c->who, over ? "claim.check_throttled" : "claim.check", "application",
                         c->app_id, arena_printf(&a, "{\"number\":\"%s\"}", c->number));
    arena_free(&a);
    c->throttled = over;
    return rc;
}

int claim_check_passed(Db *db, void *ctx) {
    ClaimCheck *c = ctx;
    Arena a;
    arena_init(&a);
    int rc = throttle_clear(db, arena_printf(&a, "bamm:account:%lld", (long long)c->account_id));
    arena_free(&a);
    return rc;
}
