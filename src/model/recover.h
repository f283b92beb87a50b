/*
** Recovering a lost login (seed §5): the ICP filing number and the subject
** principal's e-mail identify the account.
*/
#ifndef BEIAN_MODEL_RECOVER_H
#define BEIAN_MODEL_RECOVER_H

#include <stdint.h>

#include "db/db.h"
#include "model/audit.h"

/* The account whose subject has this number (a subject number, or the
** subject part of a site number) and whose subject principal's e-mail is
** email (case-insensitive). -ERR_NOT_FOUND when either does not match. */
/* *to gets the address as Beian holds it (the mail goes there). */
int recover_lookup(Db *db, Arena *a, const char *number, const char *email, int64_t *account_id,
                   const char **login, const char **to);

/* A recovery request (seed §5): counted per address (at most `max` in
** `window_s`; beyond it *throttled, with the count kept); when the number
** and e-mail match an active account, a reset token valid `ttl_s` and a mail
** to the principal's address with the login name and the link
** (<origin>/recover/<token>). The answer is the same either way; both are
** audited. */
typedef struct RecoverRequest {
    Arena *a;
    const char *number, *email;
    const char *origin;
    int max, window_s, ttl_s;
    Actor who;
    bool throttled; /* out */
} RecoverRequest;
int recover_request(Db *db, void *ctx);

#endif
