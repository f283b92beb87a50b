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
#include "core/buf.h"
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
    char *object_label; /* the application's number or the account's login; NULL else */
} AuditRow;

/*
** A search of the log. Every filter is optional (NULL, "" or 0 means "any")
** and the filters given all apply. Rows come newest first (by id) and are
** paged by id: the next page asks for before_id = the last row's id.
*/
typedef struct AuditQuery {
    const char *action;      /* exact action code */
    const char *actor_login; /* the login of who acted (as written in the row) */
    const char *subject;     /* a subject's number or exact name, or one of its site
                                numbers: rows about its applications, its account
                                and itself */
    const char *app_number;  /* an application's number: rows about it */
    const char *object_type; /* with object_id */
    int64_t object_id;
    int64_t actor_id;       /* the account that acted */
    int64_t at_from, at_to; /* times in [at_from, at_to), seconds; 0: open */
    int64_t before_id;      /* rows with id < before_id; 0: the newest */
    int limit;              /* 1..500; 100 otherwise */
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

/* ---- How a search runs (exposed for the query-plan test) ---------------- */

/*
** A date range is searched as a range of ids, which every index on the log
** ends with, so that each filter reads its index newest first and stops
** after one page. The ids are found with the index on `at`: lo is the id of
** the newest row older than at_from - AUDIT_CLOCK_SLACK, hi the id of the
** oldest row at or after at_to + AUDIT_CLOCK_SLACK; the times themselves are
** checked on the rows read. That is exact as long as no row was written
** with a clock more than AUDIT_CLOCK_SLACK off the others (nodes keep their
** clocks in step; ids follow insertion).
*/
#define AUDIT_CLOCK_SLACK 600
extern const char *const AUDIT_SQL_LOW_ID;  /* one parameter: at_from - slack */
extern const char *const AUDIT_SQL_HIGH_ID; /* one parameter: at_to + slack */

/* One bound parameter of a search. */
typedef struct AuditArg {
    char type; /* 'i' or 't' */
    int64_t i;
    const char *t;
} AuditArg;

/* The statement of a search: SQL built from one fixed piece per filter
** given (never "? = '' OR ..."), and its parameters in order. */
typedef struct AuditSql {
    Buf sql;
    AuditArg args[24];
    int nargs;
} AuditSql;

/* Build the search for q, with the id bounds found for its dates (lo_id
** and hi_id: 0 when open), into out (its Buf is initialised in a). */
void audit_search_sql(Arena *a, const AuditQuery *q, int64_t lo_id, int64_t hi_id, AuditSql *out);

#endif
