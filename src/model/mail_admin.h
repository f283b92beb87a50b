/*
** The mail outbox as admins see it (issue 10 item 6, /admin/mail): every
** message newest first, by state and by recipient, paged by id; one
** message in full (audited: it shows the address and the text); and a
** resend. Every read is one statement on an index of the outbox
** (migration 0013: (state, id), (to_addr, id), and the primary key).
**
** A message is queued (not tried yet, or being tried for the first time),
** failed (its last try failed: last_error is the server's reply, attempts
** counts the tries, it is tried again at next_attempt_at) or sent. The
** sender never gives up on a message.
**
** A resend of a sent message queues a copy (resend_of names the original),
** delivered once more; of a queued or failed one, makes it due now (it is
** still delivered once). A message whose body held a one-time link (a
** password reset: secret) is never shown, and once delivered its body is
** gone: it cannot be resent (-ERR_MAIL_NOT_KEPT); the user asks for a new
** link. A message being sent at this moment cannot be resent
** (-ERR_MAIL_SENDING).
*/
#ifndef BEIAN_MODEL_MAIL_ADMIN_H
#define BEIAN_MODEL_MAIL_ADMIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db/db.h"
#include "model/audit.h"

/* The states, as stored in mail_outbox.state. */
extern const char *const MAIL_STATES[]; /* queued, failed, sent, NULL */

typedef struct MailRow {
    int64_t id, created_at, sent_at, next_attempt_at, resend_of;
    int attempts;
    const char *to, *subject, *state, *last_error; /* last_error: NULL when none */
    const char *body; /* mail_admin_show only: NULL when secret or no longer kept */
    bool secret;      /* the body holds a one-time link */
    bool kept;        /* the body is still there (a resend is possible) */
    bool sending;     /* claimed by a sender right now */
} MailRow;

#define MAIL_PAGE 50

/* A page of the outbox (read-only DbTxFn). */
typedef struct MailPage {
    Arena *a;
    const char *state; /* "" any, or one of MAIL_STATES */
    const char *to;    /* "" any, an address or "@domain"; any case matches */
    int64_t before;    /* messages with id < before; 0: the newest */
    int limit;         /* 1..200; MAIL_PAGE otherwise */
    int64_t now;       /* to tell a message being sent */
    MailRow *rows;     /* out, newest first */
    size_t n;
    int64_t next_before; /* out: the key of the next page, 0 when none */
} MailPage;
int mail_admin_page(Db *db, void *ctx);
/* Its statements (exposed for the plan test): no filter (the primary key),
** by state (index (state, id)); by address, by address and state (index
** (lower(to_addr), id)); by domain, by domain and state (index of the
** lower-case domain). */
#define MAIL_PAGE_SQLS 6
extern const char *const MAIL_PAGE_SQL[MAIL_PAGE_SQLS];

/* One message with its body (when it may be shown), audited `mail.view`
** (DbTxFn). -ERR_NOT_FOUND. */
typedef struct MailShow {
    Arena *a;
    int64_t id, now;
    Actor who;
    MailRow row; /* out */
} MailShow;
int mail_admin_show(Db *db, void *ctx);

/* Resend message id, audited `mail.resend` in the same transaction
** (DbTxFn). out: copy_id (the new message; 0 when the message itself was
** made due now) and the message as it is after. -ERR_NOT_FOUND,
** -ERR_MAIL_NOT_KEPT, -ERR_MAIL_SENDING. */
typedef struct MailResend {
    Arena *a;
    int64_t id, now;
    Actor who;
    int64_t copy_id; /* out */
    MailRow row;     /* out */
} MailResend;
int mail_admin_resend(Db *db, void *ctx);

#endif
