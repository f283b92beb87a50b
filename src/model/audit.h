/*
** The audit log: every account event, every unmask of personal data and
** every export or download of a scan is written here (who, what, when, from
** where). Rows are only ever inserted.
*/
#ifndef BEIAN_MODEL_AUDIT_H
#define BEIAN_MODEL_AUDIT_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "db/db.h"

/* Who acts and from where; filled by the HTTP layer from the request. */
typedef struct Actor {
    int64_t id; /* 0: anonymous or the system */
    const char *login;
    const char *ip;
    const char *request_id;
} Actor;

/* Append one row. detail is free text or JSON (never a secret, never a full
** ID number or phone). Returns 0 or a negative ErrCode. */
int audit_write(Db *db, const Actor *who, const char *action, const char *object_type,
                int64_t object_id, const char *detail);

typedef struct AuditRow {
    int64_t id, at, actor_id, object_id;
    char *actor_login, *action, *object_type, *ip, *request_id, *detail;
} AuditRow;

typedef struct AuditQuery {
    const char *action;      /* exact, or NULL */
    const char *object_type; /* with object_id, or NULL */
    int64_t object_id;
    int64_t actor_id;  /* 0: any */
    int64_t before_id; /* paging: rows with id < before_id; 0: newest */
    int limit;
} AuditQuery;

/* Newest first. *rows is allocated in a. */
int audit_list(Db *db, Arena *a, const AuditQuery *q, AuditRow **rows, size_t *n);

/* A page of the log (read-only DbTxFn). */
typedef struct AuditPage {
    Arena *a;
    AuditQuery q;
    AuditRow *rows; /* out */
    size_t n;
} AuditPage;
int audit_page(Db *db, void *ctx);

#endif
