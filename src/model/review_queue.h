/*
** The reviewers' queues (接入商审核): applications waiting for the
** provider, oldest first, filtered and searched, paged by key; and the
** number waiting in each queue.
**
**   new          submitted for the first time (待接入商核实)
**   resubmitted  sent back by the customer after a return
**   returned     returned by the administration, for the provider to handle
**   to_send      passed by us, waiting to be sent to the administration
**   all          the three that need a reviewer (new, resubmitted, returned)
*/
#ifndef BEIAN_MODEL_REVIEW_QUEUE_H
#define BEIAN_MODEL_REVIEW_QUEUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db/db.h"
#include "rules/vocab.h"

typedef enum ReviewQueue {
    QUEUE_ALL = 1,
    QUEUE_NEW,
    QUEUE_RESUBMITTED,
    QUEUE_RETURNED,
    QUEUE_TO_SEND,
    QUEUE__COUNT
} ReviewQueue;

const char *review_queue_id(ReviewQueue q);
ReviewQueue review_queue_parse(const char *id); /* 0 when unknown */
const char *review_queue_label(ReviewQueue q, Lang lang);

/* Who holds the applications listed. */
typedef enum QueueClaim { CLAIM_ANY = 0, CLAIM_MINE, CLAIM_UNCLAIMED } QueueClaim;

typedef struct QueueFilter {
    ReviewQueue queue;
    AppKind kind;         /* 0: any */
    int province;         /* two-digit code; 0: any */
    SubjectNature nature; /* 0: any */
    int commercial;       /* -1 any, 0 not commercial, 1 commercial */
    int min_days;         /* waiting at least this many days (0: any) */
    bool overdue;         /* waiting longer than the review time limit */
    int limit_hours;      /* the review time limit; 0: the setting (queue_page sets it) */
    QueueClaim claim;
    int64_t me; /* the reviewer asking (CLAIM_MINE) */
    /* Search: an application number, a subject or site number, a domain, or
    ** the start of a subject's or principal's name. "" for none. */
    const char *q;
    /* Paging by key: rows after (after_at, after_id) in the queue's order. */
    int64_t after_at, after_id;
    int limit; /* rows per page (1..200; 0: 50) */
} QueueFilter;

typedef struct QueueRow {
    int64_t id, subject_id, submitted_at, claimed_by, returned_by;
    const char *number;
    AppKind kind;
    AppState state;
    int review_round, province;
    const char *nature, *domain, *subject_name, *subject_number, *principal_name;
    const char *claimed_login;
    const char *returned_login; /* who returned it last (NULL: nobody) */
    bool commercial;
} QueueRow;

/* A page of a queue (read-only DbTxFn). */
typedef struct QueuePage {
    Arena *a;
    QueueFilter f;
    int64_t now;
    QueueRow *rows; /* out, oldest first */
    size_t n;
    bool more; /* out: another page follows (after the last row) */
} QueuePage;
int queue_page(Db *db, void *ctx);

/* The statement queue_page runs for a filter (exposed for the test of its
** plans): the SQL text, in a, and its parameters ('i' or 't' in fmt).
** Returns 0 or -ERR_FIELD_CHOICE for an unknown queue. */
#define QUEUE_SQL_MAX_PARAMS 96
typedef struct QueueSql {
    const char *sql;
    char fmt[QUEUE_SQL_MAX_PARAMS];
    int64_t ints[QUEUE_SQL_MAX_PARAMS];
    const char *texts[QUEUE_SQL_MAX_PARAMS];
    size_t n;
} QueueSql;
int queue_page_sql(Arena *a, const QueueFilter *f, int64_t now, QueueSql *out);

/* How many wait in each queue, and how many of them the reviewer holds
** (read-only DbTxFn). Counts stop at QUEUE_COUNT_CAP a queue (more[q]:
** reached it, shown "500+"), so that a page reads at most that many
** index entries a queue however many wait (issue 13: counting 65,000
** waiting applications made the queue page 16 times slower at a million).
** The reviewer's own claims are counted exactly (a range of the claims
** index). The queue page asks for the tabs only. */
#define QUEUE_COUNT_CAP 500
typedef struct QueueCounts {
    int64_t me, now;
    int limit_hours;             /* the review time limit; 0: the setting (set on return) */
    bool tabs_only;              /* in: the queues' counts only (no mine, no overdue) */
    int64_t cap;                 /* in: 0 for QUEUE_COUNT_CAP (tests set a smaller one) */
    int64_t count[QUEUE__COUNT]; /* out, each at most QUEUE_COUNT_CAP (all: their sum) */
    bool more[QUEUE__COUNT];     /* out: the count reached the cap (all: one of them did) */
    int64_t mine;                /* out: in the actionable queues, claimed by me */
    int64_t overdue;             /* out: actionable, past the time limit (capped a queue) */
    bool overdue_more;           /* out: a queue's overdue count reached the cap */
} QueueCounts;
int queue_counts(Db *db, void *ctx);
/* Its statements (for the test of their plans), each of a queue: the
** first `cap` of it (queue, cap); held by a reviewer (queue, claimed_by);
** the first `cap` submitted at or before a time (queue, time, cap). */
#define QUEUE_COUNT_SQL 3
extern const char *const queue_count_sql[QUEUE_COUNT_SQL];

/* A page of a queue and the counts of all, for the queue page (read-only). */
typedef struct QueueScreen {
    QueuePage page;
    QueueCounts counts;
} QueueScreen;
int queue_screen(Db *db, void *ctx);
/* The queue page's tab counts are remembered by the node for ttl_s seconds
** (0, the default: counted every time); queue_counts_changed, called by
** every change of an application's queue, makes the next page count. */
void queue_tabs_cache_set(int ttl_s);
void queue_counts_changed(void);

#endif
