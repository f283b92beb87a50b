/*
** The scheduler: one background thread per server node that runs the
** timers (purging expired sessions and reset links, ...). Every job is a row
** of model/schedule.h: a node takes its lease before running it, so with
** several nodes on one PostgreSQL database each run happens once, and a
** job's next run survives restarts. A job's work and the record of its run
** commit together.
*/
#ifndef BEIAN_APP_SCHEDULER_H
#define BEIAN_APP_SCHEDULER_H

#include <stddef.h>
#include <stdint.h>

#include "core/config.h"
#include "db/db.h"

typedef struct Job {
    const char *name;
    int period_s;
    /* The work, inside the transaction that records the run. */
    int (*run)(Db *db, const Config *cfg, int64_t now);
} Job;

/* The jobs every server runs. */
extern const Job scheduler_jobs[];
extern const size_t scheduler_njobs;

typedef struct Scheduler Scheduler;

/* Start the thread (it opens its own connection); every cfg->jobs_tick_s
** seconds it runs the jobs that are due. */
Scheduler *scheduler_start(const Config *cfg, const Job *jobs, size_t n);
/* Finish the job in hand and stop. */
void scheduler_stop(Scheduler *s);
/* How long a node keeps a job before another may take it over: a node
** that dies while it runs one is replaced after this many seconds. */
#define SCHEDULER_LEASE_S 300

/* Run every due job once, as owner (what the thread does each tick; tests
** call it directly). Returns how many ran, or a negative ErrCode. */
int scheduler_tick(Db *db, const Config *cfg, const Job *jobs, size_t n, const char *owner,
                   int64_t now);

#endif
