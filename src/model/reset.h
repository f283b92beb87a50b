/*
** Password-reset tokens (valid once, expiring), for login recovery.
*/
#ifndef BEIAN_MODEL_RESET_H
#define BEIAN_MODEL_RESET_H

#include <stdint.h>

#include "core/arena.h"
#include "db/db.h"
#include "model/audit.h"

/* A reset token for an account (valid `ttl` seconds); *token gets it. */
int reset_create(Db *db, Arena *a, int64_t account_id, int ttl, char **token);
/* The account of an unused, unexpired token; -ERR_NOT_FOUND otherwise. */
int reset_lookup(Db *db, Arena *a, const char *token, int64_t *account_id);
/* Use a token: valid only once and before it expires; every other
** outstanding token of the account dies with it. *account_id gets its
** account; -ERR_NOT_FOUND when the token is not (or no longer) valid. */
int reset_consume(Db *db, Arena *a, const char *token, int64_t *account_id);

/* Forget tokens that expired before cutoff (used ones expire too). */
int reset_purge(Db *db, int64_t cutoff);

/* Revoke every outstanding token of an account (its password changed). */
int reset_revoke_account(Db *db, int64_t account_id);

/* The account of a reset link and its login (for the password policy),
** read-only; -ERR_NOT_FOUND when the link is not (or no longer) valid. */
typedef struct ResetOpen {
    Arena *a;
    const char *token;
    int64_t account_id; /* out */
    const char *login;  /* out */
} ResetOpen;
int reset_open(Db *db, void *ctx);

/* Use a reset link: valid once; the new hash is set (made for the account
** reset_open found, checked again here), every session of the account ends,
** audited. -ERR_NOT_FOUND when the link is no longer valid. */
typedef struct ResetUse {
    Arena *a;
    const char *token;
    int64_t account_id;
    const char *new_hash;
    Actor who;
} ResetUse;
int reset_use(Db *db, void *ctx);

#endif
