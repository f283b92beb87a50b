/*
** The mail outbox.
*/
#ifndef BEIAN_MODEL_OUTBOX_H
#define BEIAN_MODEL_OUTBOX_H

#include <stddef.h>
#include <stdint.h>

#include "db/db.h"

typedef struct Mail {
    int64_t id;
    const char *to, *subject, *body;
    int attempts;
} Mail;

/* In a queued body, this text stands for the server's public origin
** (https://beian.example.com): the sender writes it there, so that messages
** written where no request is at hand (timers, the gateway) link to the
** right place. */
#define OUTBOX_ORIGIN "{origin}"

/* Queue a message; the sender delivers it soon after the transaction commits. */
int outbox_queue(Db *db, const char *to, const char *subject, const char *body);
/* The same for a body holding a one-time link (a password reset): never
** shown to admins, erased once delivered, never resent (model/mail_admin.h). */
int outbox_queue_secret(Db *db, const char *to, const char *subject, const char *body);
/* Claim the next due message (it is not due again for `lease` seconds, so
** another node will not send it meanwhile). -ERR_NOT_FOUND when none is due. */
int outbox_claim(Db *db, Arena *a, int64_t now, int lease, Mail *out);
int outbox_sent(Db *db, int64_t id, int64_t now);
/* A failed attempt: retry after `retry_in` seconds (the caller backs off). */
int outbox_failed(Db *db, int64_t id, const char *error, int64_t retry_at);

#endif
