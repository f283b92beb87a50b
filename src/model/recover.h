/*
** Recovering a lost login (seed §5): the ICP filing number and the subject
** principal's e-mail identify the account.
*/
#ifndef BEIAN_MODEL_RECOVER_H
#define BEIAN_MODEL_RECOVER_H

#include <stdbool.h>
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
** `window_s`; beyond it *throttled, with the count kept) and per target
** (the number and the e-mail, each at most RECOVER_PER_TARGET in the
** window: beyond it the request is audited and dropped, and answered as
** any other, so an inbox cannot be flooded from many addresses). The
** request is only recorded (the e-mail sealed): the same work whether or
** not it matches. recover_process, run by the mail sender, does the rest. */
#define RECOVER_PER_TARGET 3
typedef struct RecoverRequest {
    Arena *a;
    const char *number, *email;
    const char *origin;
    int max, window_s, ttl_s;
    Actor who;
    bool throttled; /* out */
} RecoverRequest;
int recover_request(Db *db, void *ctx);

/* Take the oldest recorded request (a lease of 60 s, so two senders never
** take one) and answer it: when the number and e-mail match an active
** account, a reset token valid ttl_s and a mail to the principal's address
** with the login name and the link (<origin>/recover/<token>); audited
** either way; the request is then deleted. *done is false when none was
** waiting. A DbTxFn. */
typedef struct RecoverProcess {
    Arena *a;
    int ttl_s;
    bool done; /* out */
} RecoverProcess;
int recover_process(Db *db, void *ctx);

#endif
