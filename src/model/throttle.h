/*
** Login throttling: failures counted per key (an account or an address) in
** a fixed window. In the database so that several server nodes share it.
*/
#ifndef BEIAN_MODEL_THROTTLE_H
#define BEIAN_MODEL_THROTTLE_H

#include <stdint.h>

#include "db/db.h"

/* -ERR_THROTTLED when key has max or more failures in the current window. */
int throttle_check(Db *db, const char *key, int max, int window_s, int64_t now);
/* Count one failure (starting a new window when the old one ended). */
int throttle_fail(Db *db, const char *key, int window_s, int64_t now);
/* Count one attempt and give the attempts in the window so far: counted
** before the password is checked, so parallel guesses cannot all pass. */
int throttle_hit(Db *db, const char *key, int window_s, int64_t now, int64_t *count);
/* Take one attempt back (a login that succeeded, from a shared address). */
int throttle_forgive(Db *db, const char *key);
/* Forget the failures of key (after a successful login). */
int throttle_clear(Db *db, const char *key);

#endif
