/*
** Scheduled jobs in the database: a row per job with the time it is next
** due and a lease. schedule_claim takes the lease of a due job for one node
** (several nodes may ask at once: one gets it); the node runs the job and
** schedule_done sets the next run and gives the lease back. A lease that
** ends without schedule_done (the node died) makes the job due again.
*/
#ifndef BEIAN_MODEL_SCHEDULE_H
#define BEIAN_MODEL_SCHEDULE_H

#include <stdbool.h>
#include <stdint.h>

#include "db/db.h"

/* Add a job not yet known, first due at first_run. */
int schedule_ensure(Db *db, const char *name, int64_t first_run);
/* Take the lease of job `name` until now + lease_s when it is due and not
** leased; *claimed tells whether this owner got it. */
int schedule_claim(Db *db, const char *name, const char *owner, int64_t now, int lease_s,
                   bool *claimed);
/* The run of `owner` ended (error: NULL when it succeeded): the job is next
** due at next_run, and the lease is given back. */
int schedule_done(Db *db, const char *name, const char *owner, int64_t now, int64_t next_run,
                  const char *error);

typedef struct JobState {
    int64_t next_run_at, last_run_at, runs;
    const char *last_error; /* NULL when the last run succeeded */
} JobState;
/* What a job did last (for tests and the admin's view). */
int schedule_state(Db *db, Arena *a, const char *name, JobState *out);

#endif
