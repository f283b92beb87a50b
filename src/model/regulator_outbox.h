/*
** The regulator gateway's outbox and its links (MIIT provider interface).
**
** A link is one administration endpoint with our provider ID there; each
** has its own consecutive upload numbers (dataSequence). Passing an
** application writes its upload, with the link's next number, in the same
** transaction (regulator_enqueue). The gateway's worker (src/gateway) holds
** a link's lease while it sends, strictly in number order: an upload is
** 'queued', 'sending' (the call was made and its outcome is not known yet:
** resynchronised with isp_querypreviousupload before anything else), or
** 'accepted' (then the application moves on: EVENT_SEND). A call refused
** for a reason that may pass (maintenance, too many queued, a time window,
** a network failure) is tried again later with backoff; nothing is dropped.
*/
#ifndef BEIAN_MODEL_REGULATOR_OUTBOX_H
#define BEIAN_MODEL_REGULATOR_OUTBOX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db/db.h"
#include "model/audit.h"

/* A link as configured (src/gateway reads the settings). */
typedef struct RegLinkConf {
    int64_t id; /* 0: the default link; else the province code it serves */
    const char *endpoint;
    int64_t isp_id;
    const int *provinces; /* the provinces it serves (none for the default) */
    size_t n_provinces;
} RegLinkConf;

/* Make the database's links match the configuration (at start; several
** nodes may run it). */
int regulator_links_sync(Db *db, const RegLinkConf *links, size_t n);
/* The link serving a province (its own, else the default 0). */
int regulator_link_of(Db *db, int province, int64_t *link_id);

/* Write the upload of an application about to be sent (inside the caller's
** transaction): its document built and checked (model/regulator_upload.h),
** sealed, with its link's next number. *upload_id may be NULL. */
int regulator_enqueue(Db *db, Arena *a, int64_t app_id, const Actor *who, int64_t *upload_id);

/* Take back the upload of an application passed in error (reopen): only
** while it was never tried and is its link's last number (nothing may leave
** a gap in the numbers); else -ERR_REG_QUEUED. No upload: 0. */
int regulator_unqueue(Db *db, int64_t app_id);

/* Take a link's lease (several nodes: one sends). */
int regulator_link_claim(Db *db, int64_t link_id, const char *owner, int64_t now, int lease_s,
                         bool *claimed);
int regulator_link_release(Db *db, int64_t link_id, const char *owner);
/* Record a contact with the administration (error NULL: it answered). */
int regulator_link_contact(Db *db, int64_t link_id, int64_t now, const char *error, bool download);

typedef struct RegUploadRow {
    int64_t id, link_id, seq, application_id, next_attempt_at, sent_at, accepted_at, created_at;
    int attempts;
    const char *operation, *state, *xml; /* xml: unsealed (NULL in lists) */
    const char *file_name;
    int64_t last_code;
    const char *last_message;
} RegUploadRow;

/* The lowest-numbered upload of the link still to send ('queued' or
** 'sending'), whatever its due time; -ERR_NOT_FOUND when none. */
int regulator_upload_next(Db *db, Arena *a, int64_t link_id, RegUploadRow *out);
/* Before the call: 'sending', attempts + 1, fenced by the link's lease:
** only while `owner` still holds it (extended to now + lease_s) and the
** upload is still 'queued'; else -ERR_REG_LEASE_LOST and nothing changes,
** so that a node whose lease ran out during a slow call never sends a
** number another node has taken over. */
int regulator_upload_sending(Db *db, int64_t id, const char *owner, int64_t now, int lease_s);
/* A refusal that may pass: 'queued' again, due at retry_at, with the code. */
int regulator_upload_retry(Db *db, int64_t id, int64_t code, const char *message, int64_t retry_at);
/* Accepted by the administration: 'accepted', and the application is sent
** (EVENT_SEND). Idempotent. */
int regulator_upload_accepted(Db *db, Arena *a, int64_t id, int64_t now);
/* The administration holds everything of the link up to seq (resync): those
** still 'queued' or 'sending' are accepted. */
int regulator_uploads_accepted_through(Db *db, Arena *a, int64_t link_id, int64_t seq, int64_t now);
/* The administration asks for these numbers again (msg_code 14): they are
** queued to be sent again. */
int regulator_uploads_resend(Db *db, int64_t link_id, const int64_t *seqs, size_t n);

/* What the staff see: every upload of an application, oldest first. */
int regulator_uploads_of(Db *db, Arena *a, int64_t app_id, RegUploadRow **out, size_t *n);

/* The upload that results naming key (see RegUpload) are about: the latest
** one of the link with that result (review: false) or review (true) key, or
** with that data file name (file: true). *app_id 0 when none. */
int regulator_upload_find(Db *db, int64_t link_id, const char *key, int which, int64_t *upload_id,
                          int64_t *app_id);
enum { FIND_RESULT, FIND_REVIEW, FIND_FILE };

/* A link as the staff see it (the staff home's overview, /metrics). */
typedef struct RegLinkState {
    int64_t id, isp_id, last_seq, accepted_seq, last_contact_at, last_download_at;
    const char *endpoint, *last_error;
    int64_t queued, sending, oldest_queued_at; /* the backlog */
    int64_t last_code;                         /* of the next upload to send; 0: none */
    const char *last_message;
} RegLinkState;
int regulator_links_state(Db *db, Arena *a, RegLinkState **out, size_t *n);

#endif
