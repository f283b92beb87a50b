/*
** The words of notifications (issue 10): for each kind of message, its
** title and body in the recipient's language, from the facts the model
** gathered. Pure: the model decides who gets what (model/notify.h) and adds
** the link to the page of the next step. docs/notifications.md lists them.
*/
#ifndef BEIAN_RULES_NOTICE_TEXT_H
#define BEIAN_RULES_NOTICE_TEXT_H

#include <stddef.h>

#include "core/arena.h"
#include "rules/vocab.h"

typedef enum NoticeKind {
    NOTICE_ACCOUNT_APPROVED = 1, /* customer: the account may log in */
    NOTICE_ACCOUNT_REJECTED,     /* customer: with the reason */
    NOTICE_SUBMITTED,            /* customer: verify & submit done */
    NOTICE_RESUBMITTED,          /* customer: a fixed return sent back */
    NOTICE_REVIEW_NEW,           /* reviewers: a new application waits */
    NOTICE_REVIEW_RESUBMITTED,   /* the reviewer who returned it (or all): it is back */
    NOTICE_PROVIDER_RETURNED,    /* customer: each field, reason, suggestion */
    NOTICE_PROVIDER_PASSED,      /* customer: passed our review */
    NOTICE_SENT,                 /* customer: passed to the administration */
    NOTICE_SMS_WAITING,          /* customer: the SMS was sent, its deadline */
    NOTICE_SMS_REMINDER,         /* customer: 4 hours before the deadline */
    NOTICE_SMS_PASSED,           /* customer: the administration reviews it */
    NOTICE_SMS_FAILED,           /* customer: returned for the SMS */
    NOTICE_APPROVED,             /* customer: the numbers and the footer rule */
    NOTICE_REGULATOR_RETURNED,   /* customer: reason and next step (seed §4) */
    NOTICE_REOPENED,             /* customer: a return taken back */
    NOTICE_WITHDRAWN,            /* customer: withdrawn by themselves */
    NOTICE_EXPIRY_WARNING,       /* customer: untouched 40 days, closes at 45 */
    NOTICE_CLOSED,               /* customer: closed at 45 days */
    NOTICE__COUNT
} NoticeKind;

/* The stable identifier of a kind ("provider_returned"), NULL out of range;
** and back (0 for an unknown identifier). */
const char *notice_kind_id(NoticeKind k);
NoticeKind notice_kind_parse(const char *id);

/* One field of a return, in the recipient's language. */
typedef struct NoticeReason {
    const char *field; /* the field's label; "" for the application as a whole */
    const char *reason, *suggestion;
} NoticeReason;

/* What a message may tell; unused members are NULL or 0. */
typedef struct NoticeFacts {
    Lang lang;
    const char *login;      /* the account (account messages) */
    const char *reason;     /* an account's rejection; a resubmission's note */
    const char *app_number; /* A2026-000012 */
    AppKind app_kind;
    AppState app_state; /* after the event */
    const char *domain; /* "" when the kind has none */
    const NoticeReason *reasons;
    size_t nreasons;
    const char *guide; /* the next step after an administration's return */
    const char *subject_number, *site_number;
    const char *deadline;                 /* the SMS deadline, Beijing time, "2026-12-05 10:00" */
    int days;                             /* days since a return (expiry warning) */
    int close_days;                       /* days after which a return closes */
    int review_days_min, review_days_max; /* the administration's usual review
                                             time (province rules); 0: unknown */
} NoticeFacts;

/* The title (one line, the mail's subject) and the body (plain text, no
** link) of a message of kind k. Strings in a. 0, or -ERR_INVALID_INPUT for
** a kind out of range. */
int notice_compose(Arena *a, NoticeKind k, const NoticeFacts *f, const char **title,
                   const char **body);

/* The line that carries the link to the page of the next step: "办理页面："
** in the language. */
const char *notice_link_label(Lang lang);

#endif
