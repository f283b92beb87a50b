/*
** Notifications (issue 10): every event of an account or of a filing
** becomes messages, written in the transaction of the event, each in the
** recipient's language (accounts.lang) and with the page of the next step:
** one in the recipient's inbox (站内信, table notices) and one in the mail
** outbox (model/outbox.h), which the sender delivers.
**
** Nobody has to call anything for the events of an application: app_move
** (model/application.c) defers notify_application_event to the end of the
** transaction that moved it (db_tx_defer), so what the operation writes
** after the move (return reasons, numbers) is in the message; account_decide
** calls notify_account_decided. The timers (the SMS deadline and its
** reminder, the 40-day warning and the 45-day close of an untouched return)
** are notify_sms_due and notify_expiry_due, run by the scheduler.
** docs/notifications.md lists every message.
*/
#ifndef BEIAN_MODEL_NOTIFY_H
#define BEIAN_MODEL_NOTIFY_H

#include <stdbool.h>
#include <stdint.h>

#include "db/db.h"
#include "model/audit.h"
#include "rules/notice_text.h"
#include "rules/vocab.h"

/* The timers' rules. */
#define NOTIFY_WARN_DAYS    40         /* a return untouched this long is warned */
#define NOTIFY_CLOSE_DAYS   45         /* and closed (the expire event) at this age */
#define NOTIFY_SMS_REMIND_S (4 * 3600) /* the SMS reminder, before the deadline */

/* The messages of event ev, which just moved application app_id (it is in
** its new state; its reasons and numbers are written): to the customer who
** owns the subject, and for a submission to the reviewers (a resubmission:
** to the reviewer who returned it, or to all while nobody did). who is the
** actor (may be NULL: the system). Strings in a. 0 or a negative ErrCode.
** app_move already calls it for every move: call it only for a message
** that must be written again. */
int notify_application_event(Db *db, Arena *a, int64_t app_id, AppEvent ev, const Actor *who);

/* Called by app_move: notify_application_event at the end of the
** transaction (from_state: the state the event left). */
int notify_app_moved(Db *db, int64_t app_id, AppEvent ev, AppState from_state, int64_t actor_id);

/* The message of a staff decision on a pending account. */
int notify_account_decided(Db *db, Arena *a, int64_t account_id, bool approved, const char *reason);

/* One message of kind k about application app_id (0: none) to an account,
** with the page of its next step (a path). The building block of the
** above; for messages of other origins. */
int notify_write(Db *db, Arena *a, int64_t account_id, NoticeKind k, int64_t app_id,
                 NoticeFacts *facts, const char *link);

/* Timers, at time now (a job's clock). The SMS job announces every new
** deadline of an application in SMS verification (applications.sms_deadline,
** set by the gateway) and reminds NOTIFY_SMS_REMIND_S before it, once per
** deadline. *messages: how many were written. */
int notify_sms_due(Db *db, int64_t now, int *messages);
/* Returns untouched (applications.updated_at) for NOTIFY_WARN_DAYS are
** warned once; at NOTIFY_CLOSE_DAYS they are closed by the expire event
** (app_decide), whose message app_move writes. At most 500 of each a run. */
int notify_expiry_due(Db *db, int64_t now, int *warned, int *closed);

/* ---- The inbox ---- */

typedef struct Notice {
    int64_t id, application_id, created_at, read_at;
    const char *kind, *title, *body, *link;
} Notice;

/* Unread messages of an account, counted up to NOTICE_UNREAD_CAP. */
#define NOTICE_UNREAD_CAP 100
int inbox_unread(Db *db, int64_t account_id, int64_t *n);

/* A page of an account's messages, newest first, keyed by id: the next
** page asks for before = next_before (0: no more). */
typedef struct InboxPage {
    Arena *a;
    int64_t account_id;
    int64_t before; /* 0: the newest */
    int limit;      /* 1..100; 20 otherwise */
    bool unread_only;
    Notice *rows; /* out */
    size_t n;
    int64_t next_before, unread; /* out */
} InboxPage;
int inbox_page(Db *db, void *ctx);

/* Mark one message (id) or all (id 0) of the account read (audited);
** -ERR_NOT_FOUND for a message of another account. out: unread after, and
** the message's link (with an arena; "" for all). */
typedef struct InboxRead {
    Arena *a; /* NULL: no link */
    int64_t account_id, id;
    Actor who;
    int64_t unread;   /* out */
    const char *link; /* out */
} InboxRead;
int inbox_read(Db *db, void *ctx);

/* The language of an account's messages. */
int account_set_lang(Db *db, int64_t account_id, Lang lang);
/* The same as an operation, audited when it changes (the language switch
** of a logged-in user). */
typedef struct AccountLang {
    int64_t account_id;
    Lang lang;
    Actor who;
} AccountLang;
int account_lang(Db *db, void *ctx);

#endif
