/*
** Work queue: a mutex, a condition variable and a singly linked FIFO.
*/
#include "core/workq.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "core/arena.h"

typedef struct Job {
    WorkFn work, done;
    void *ctx;
    struct Job *next;
} Job;

struct WorkQueue {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    Job *head[2], *tail[2];
    int waiting[2], max;
    bool stopping;
    int nthreads, nice;
    pthread_t *threads;
};

static void *workq_main(void *arg) {
    WorkQueue *q = arg;
    if (q->nice > 0) { /* Linux: a thread's nice value is its own */
        id_t tid = (id_t)syscall(SYS_gettid);
        (void)setpriority(PRIO_PROCESS, tid, getpriority(PRIO_PROCESS, tid) + q->nice);
    }
    for (;;) {
        pthread_mutex_lock(&q->mu);
        while (!q->head[0] && !q->head[1] && !q->stopping)
            pthread_cond_wait(&q->cv, &q->mu);
        int p = q->head[0] ? 0 : 1;
        Job *j = q->head[p];
        if (!j) {
            pthread_mutex_unlock(&q->mu);
            return NULL;
        }
        q->head[p] = j->next;
        if (!q->head[p]) q->tail[p] = NULL;
        q->waiting[p]--;
        pthread_mutex_unlock(&q->mu);
        j->work(j->ctx);
        if (j->done) j->done(j->ctx);
        free(j);
    }
}

WorkQueue *workq_start(int nthreads) {
    return workq_start_nice(nthreads, 0);
}

WorkQueue *workq_start_nice(int nthreads, int nice) {
    WorkQueue *q = xcalloc(1, sizeof *q);
    pthread_mutex_init(&q->mu, NULL);
    pthread_cond_init(&q->cv, NULL);
    q->nice = nice < 0 ? 0 : nice > 19 ? 19 : nice;
    q->nthreads = nthreads < 1 ? 1 : nthreads;
    q->threads = xcalloc((size_t)q->nthreads, sizeof(pthread_t));
    for (int i = 0; i < q->nthreads; i++)
        if (pthread_create(&q->threads[i], NULL, workq_main, q) != 0) core_oom(0);
    return q;
}

/* Queue j at priority p; the caller holds the lock. */
static void enqueue(WorkQueue *q, int p, Job *j) {
    if (q->tail[p])
        q->tail[p]->next = j;
    else
        q->head[p] = j;
    q->tail[p] = j;
    q->waiting[p]++;
    pthread_cond_signal(&q->cv);
}

static Job *job_new(WorkFn work, WorkFn done, void *ctx) {
    Job *j = xmalloc(sizeof *j);
    *j = (Job){.work = work, .done = done, .ctx = ctx};
    return j;
}

void workq_submit(WorkQueue *q, WorkFn work, WorkFn done, void *ctx) {
    Job *j = job_new(work, done, ctx);
    pthread_mutex_lock(&q->mu);
    enqueue(q, 0, j);
    pthread_mutex_unlock(&q->mu);
}

void workq_bound(WorkQueue *q, int max) {
    pthread_mutex_lock(&q->mu);
    q->max = max < 0 ? 0 : max;
    pthread_mutex_unlock(&q->mu);
}

bool workq_try_submit(WorkQueue *q, WorkPrio prio, WorkFn work, WorkFn done, void *ctx) {
    int p = prio == WORK_LATER ? 1 : 0;
    pthread_mutex_lock(&q->mu);
    int waiting = q->waiting[0] + q->waiting[1];
    bool room = !q->max || (p == 0 ? waiting < q->max : waiting < q->max / 2);
    if (room) enqueue(q, p, job_new(work, done, ctx));
    pthread_mutex_unlock(&q->mu);
    return room;
}

void workq_waiting(WorkQueue *q, int *urgent, int *later) {
    pthread_mutex_lock(&q->mu);
    *urgent = q->waiting[0];
    *later = q->waiting[1];
    pthread_mutex_unlock(&q->mu);
}

void workq_stop(WorkQueue *q) {
    if (!q) return;
    pthread_mutex_lock(&q->mu);
    q->stopping = true;
    pthread_cond_broadcast(&q->cv);
    pthread_mutex_unlock(&q->mu);
    for (int i = 0; i < q->nthreads; i++)
        pthread_join(q->threads[i], NULL);
    pthread_mutex_destroy(&q->mu);
    pthread_cond_destroy(&q->cv);
    free(q->threads);
    free(q);
}
