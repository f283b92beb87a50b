/*
** The filters of the reviewers' queues as a request gives them: the queue
** page and its API (staff_queue.c) and the queue's export (export.c) read
** them with one spec, so an export takes exactly the queue's filters.
*/
#ifndef BEIAN_WEB_QUEUE_INPUT_H
#define BEIAN_WEB_QUEUE_INPUT_H

#include <stdbool.h>
#include <stdint.h>

#include "http/spec.h"
#include "model/review_queue.h"

typedef struct QueueInput {
    const char *queue, *kind, *province, *nature, *commercial, *claim, *q;
    int64_t days, after_at, after_id, limit;
    bool overdue;
} QueueInput;

/* Parse the queue's filters, search and paging from the query string, and
** the fields of extra too (FIELD_END-terminated; NULL: none). Returns 0 or
** -ERR_INVALID_INPUT with the bad fields recorded on r. */
int queue_input_parse(Req *r, QueueInput *in, const Field *extra);

/* The model's filter of the input, for the staff member asking. */
QueueFilter queue_input_filter(Req *r, const QueueInput *in);

#endif
