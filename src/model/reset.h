/*
** Password-reset tokens (valid once, expiring), for login recovery.
*/
#ifndef BEIAN_MODEL_RESET_H
#define BEIAN_MODEL_RESET_H

#include <stdint.h>

#include "core/arena.h"
#include "db/db.h"

/* A reset token for an account (valid `ttl` seconds); *token gets it. */
int reset_create(Db *db, Arena *a, int64_t account_id, int ttl, char **token);
/* The account of an unused, unexpired token; -ERR_NOT_FOUND otherwise. */
int reset_lookup(Db *db, Arena *a, const char *token, int64_t *account_id);
/* Use a token: valid only once and before it expires; every other
** outstanding token of the account dies with it. *account_id gets its
** account; -ERR_NOT_FOUND when the token is not (or no longer) valid. */
int reset_consume(Db *db, Arena *a, const char *token, int64_t *account_id);

#endif
