/*
** Server-side sessions. The cookie carries a random token; the database
** keeps only its SHA-256, so a leaked database does not leak sessions.
*/
#ifndef BEIAN_MODEL_SESSION_H
#define BEIAN_MODEL_SESSION_H

#include <stdint.h>

#include "core/arena.h"
#include "db/db.h"

typedef struct SessionInfo {
    int64_t id, account_id, created_at, last_seen;
    char *login, *role, *status, *display_name;
} SessionInfo;

/* Create a session for the account; *token gets the cookie value (arena). */
int session_create(Db *db, Arena *a, int64_t account_id, const char *ip, const char *user_agent,
                   char **token, int64_t *id);
/* Find the session of a cookie token with its account. -ERR_NOT_FOUND when
** unknown. Expiry is the caller's decision (it knows the settings). */
int session_lookup(Db *db, Arena *a, const char *token, SessionInfo *out);
int session_touch(Db *db, int64_t id, int64_t now);
int session_delete(Db *db, int64_t id);
/* End every session of an account except keep_id (0: all), e.g. after a
** password change. */
int session_delete_account(Db *db, int64_t account_id, int64_t keep_id);
/* Remember sessions looked up for ttl_s seconds (0, the default: never).
** A session ended on another node lives on here for at most that long. */
void session_cache_set(int ttl_s);
/* Forget what this node remembers of an account's sessions (its role or
** name changed). */
void session_cache_forget_account(int64_t account_id);
/* Remove sessions idle since before idle_cutoff or created before abs_cutoff. */
int session_purge(Db *db, int64_t idle_cutoff, int64_t abs_cutoff);

#endif
