/*
** A fixed pool of threads running jobs in FIFO order. Used for work that must
** not run on the HTTP threads (argon2id password hashing costs ~75 ms).
*/
#ifndef BEIAN_CORE_WORKQ_H
#define BEIAN_CORE_WORKQ_H

typedef struct WorkQueue WorkQueue;
typedef void (*WorkFn)(void *ctx);

/* Start nthreads workers. Never returns NULL (aborts on failure). */
WorkQueue *workq_start(int nthreads);
/* Queue work(ctx); then, on the same worker thread, done(ctx) (may be NULL). */
void workq_submit(WorkQueue *q, WorkFn work, WorkFn done, void *ctx);
/* Finish the queued jobs, stop the threads and free the queue. */
void workq_stop(WorkQueue *q);

#endif
