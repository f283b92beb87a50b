/*
** A fixed pool of threads running jobs in FIFO order within two
** priorities, with an optional bound on the jobs waiting. Used for work
** that must not run on the HTTP threads (argon2id password hashing: about
** 75-145 ms and 64 MiB while it runs, so memory is bounded by the threads
** and waiting time by the bound).
*/
#ifndef BEIAN_CORE_WORKQ_H
#define BEIAN_CORE_WORKQ_H

#include <stdbool.h>

typedef struct WorkQueue WorkQueue;
typedef void (*WorkFn)(void *ctx);

/* Start nthreads workers. Never returns NULL (aborts on failure). */
WorkQueue *workq_start(int nthreads);
/* As workq_start, the workers at a lower CPU priority (nice, 0-19, added to
** the process's): when the CPUs are short, the threads that answer
** requests run first and the jobs wait in their bounded queue. */
WorkQueue *workq_start_nice(int nthreads, int nice);
/* Queue work(ctx); then, on the same worker thread, done(ctx) (may be NULL).
** Unbounded, urgent. */
void workq_submit(WorkQueue *q, WorkFn work, WorkFn done, void *ctx);

/* Urgent jobs (logins, password changes) run before the others
** (registrations): a worker takes the oldest urgent job first. */
typedef enum WorkPrio { WORK_URGENT = 0, WORK_LATER = 1 } WorkPrio;
/* Jobs waiting (not running) at most: max in all; jobs of WORK_LATER only
** while fewer than max / 2 wait, so that they never take the places
** urgent jobs need. 0: no bound (the default). */
void workq_bound(WorkQueue *q, int max);
/* workq_submit within the bound: false (nothing queued) when full. */
bool workq_try_submit(WorkQueue *q, WorkPrio prio, WorkFn work, WorkFn done, void *ctx);
/* Jobs waiting now, of each priority (for metrics and tests). */
void workq_waiting(WorkQueue *q, int *urgent, int *later);
/* Finish the queued jobs, stop the threads and free the queue. */
void workq_stop(WorkQueue *q);

#endif
