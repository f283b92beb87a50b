/*
** Work queue: a mutex, a condition variable and a singly linked FIFO.
*/
#include "core/workq.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>

#include "core/arena.h"

typedef struct Job {
    WorkFn work, done;
    void *ctx;
    struct Job *next;
} Job;

struct WorkQueue {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    Job *head, *tail;
    bool stopping;
    int nthreads;
    pthread_t *threads;
};

static void *workq_main(void *arg) {
    WorkQueue *q = arg;
    for (;;) {
        pthread_mutex_lock(&q->mu);
        while (!q->head && !q->stopping)
            pthread_cond_wait(&q->cv, &q->mu);
        Job *j = q->head;
        if (!j) {
            pthread_mutex_unlock(&q->mu);
            return NULL;
        }
        q->head = j->next;
        if (!q->head) q->tail = NULL;
        pthread_mutex_unlock(&q->mu);
        j->work(j->ctx);
        if (j->done) j->done(j->ctx);
        free(j);
    }
}

WorkQueue *workq_start(int nthreads) {
    WorkQueue *q = xcalloc(1, sizeof *q);
    pthread_mutex_init(&q->mu, NULL);
    pthread_cond_init(&q->cv, NULL);
    q->nthreads = nthreads < 1 ? 1 : nthreads;
    q->threads = xcalloc((size_t)q->nthreads, sizeof(pthread_t));
    for (int i = 0; i < q->nthreads; i++)
        if (pthread_create(&q->threads[i], NULL, workq_main, q) != 0) core_oom(0);
    return q;
}

void workq_submit(WorkQueue *q, WorkFn work, WorkFn done, void *ctx) {
    Job *j = xmalloc(sizeof *j);
    j->work = work;
    j->done = done;
    j->ctx = ctx;
    j->next = NULL;
    pthread_mutex_lock(&q->mu);
    if (q->tail)
        q->tail->next = j;
    else
        q->head = j;
    q->tail = j;
    pthread_cond_signal(&q->cv);
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
