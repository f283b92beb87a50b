/*
** Outgoing mail. Handlers queue messages in the database (model/outbox.h)
** inside their transaction; one background sender per server delivers them
** through an SMTP relay (libcurl), or, when no relay is configured, writes
** each as an .eml file under <data_dir>/mail (development and tests).
** Failed deliveries are retried with backoff; a message is never lost.
*/
#ifndef BEIAN_MAIL_MAIL_H
#define BEIAN_MAIL_MAIL_H

#include "core/buf.h"
#include "core/config.h"

typedef struct MailSender MailSender;

/* origin: what replaces OUTBOX_ORIGIN in bodies (model/outbox.h), the
** server's public origin; copied. */
MailSender *mail_sender_start(const Config *cfg, const char *origin);
/* Finish the message in hand and stop. */
void mail_sender_stop(MailSender *s);

/* Format an RFC 5322 message: UTF-8 subject as RFC 2047 encoded words of at
** most 75 characters, body in base64. Appends to out. */
void mail_format(Buf *out, const char *from, const char *to, const char *subject, const char *body,
                 long long id);

/* body with every OUTBOX_ORIGIN replaced by origin (in a). */
const char *mail_expand_origin(Arena *a, const char *body, const char *origin);

#endif
