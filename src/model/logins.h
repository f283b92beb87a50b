/*
** The login of an account by its id, for lists that show who claimed or
** returned a row. A login never changes and an account is never deleted,
** so a node can remember what it has read, in a table of a fixed size
** (LOGINS_SLOTS, each slot one id; a collision replaces). The queue page
** showed each row's claimer and returner by joining accounts twice: a
** quarter of its statement's time at a million applications.
**
** Remembering is off until logins_cache_on (beian serve turns it on): the
** table is the process's, and one database's ids are not another's (the
** tests open many databases in one process).
*/
#ifndef BEIAN_MODEL_LOGINS_H
#define BEIAN_MODEL_LOGINS_H

#include <stdbool.h>
#include <stdint.h>

#include "core/arena.h"
#include "db/db.h"

#define LOGINS_SLOTS 512

void logins_cache_on(bool on);

/* The login of account id, in a (NULL for id 0 or an account not found).
** Reads the database only for an id the node has kept (when on). */
int login_of(Db *db, Arena *a, int64_t id, const char **out);

#endif
