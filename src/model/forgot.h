/*
** "Forgot password" by login name or e-mail (issue 10 item 5), for
** customers who have no filing number yet (seed §5's recovery needs one:
** model/recover.h). The same care: the same answer whether anything
** matched, throttled per address, a single-use link that expires, audited.
*/
#ifndef BEIAN_MODEL_FORGOT_H
#define BEIAN_MODEL_FORGOT_H

#include <stdbool.h>

#include "db/db.h"
#include "model/audit.h"

/* A request: name is a login name or an e-mail address (with '@'; matched
** case-insensitively). When it names an active customer account, a reset
** link valid ttl_s goes to the account's e-mail, in its language, with
** the login name. Counted per address with the recovery of seed §5 (at
** most max in window_s; beyond it *throttled). */
typedef struct ForgotRequest {
    Arena *a;
    const char *name;
    const char *origin;
    int max, window_s, ttl_s;
    Actor who;
    bool throttled; /* out */
} ForgotRequest;
int forgot_request(Db *db, void *ctx);

#endif
