/*
** Rows for exports: a reviewers' queue with its filters and search, and the
** filed sites. Both are read page by page by key (the queue by
** (submitted_at, id) through queue_page, the sites by id), each page in a
** scratch arena that is handed row by row to a sink and then forgotten, so
** an export of any size runs in the memory of one page.
**
** Personal data (the principal's mobile and ID number) come masked unless
** an admin asked for them in clear; a reviewer asking is refused
** (-ERR_FORBIDDEN). An export stops at max_rows and says it was cut.
**
** The rows are read in one read-only transaction (one snapshot, no write
** lock held while the file is written); the audit row follows in its own
** short transaction (export_audit), with the number of rows, and the file
** is handed out only once it is committed.
*/
#ifndef BEIAN_MODEL_EXPORT_H
#define BEIAN_MODEL_EXPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db/db.h"
#include "model/audit.h"
#include "model/review_queue.h"
#include "rules/vocab.h"

/* Rows read per page. */
#define EXPORT_PAGE 200

/* A person as exported: mobile and ID number masked unless asked in clear. */
typedef struct ExportPerson {
    const char *name, *mobile, *id_number;
} ExportPerson;

/* A row of a queue: the queue's own row and the subject principal. */
typedef struct ExportQueueRow {
    const QueueRow *q;
    ExportPerson principal;
} ExportQueueRow;

/* A filed site (已备案) with its subject, its principal and its access. */
typedef struct ExportSiteRow {
    int64_t id, subject_id;
    int64_t filed_at; /* when the administration approved it (0: not recorded) */
    const char *site_number, *name, *domain;
    const char *subject_name, *subject_number, *nature; /* nature: a choice id */
    int province;                                       /* two-digit code */
    ExportPerson principal;                             /* the site principal */
    const char **ips;                                   /* access IPs */
    size_t nips;
    const char *access_method; /* a choice id ("virtual_host") */
} ExportSiteRow;

/* Where rows go. start runs before the first row of every attempt (a
** transaction may be run again: the sink starts its file over); then one
** call per row, whose texts live in scratch for the call only. Each returns
** 0 or a negative ErrCode, which ends the export with that code. */
typedef struct ExportSink {
    int (*start)(void *ctx);
    int (*queue_row)(void *ctx, Arena *scratch, const ExportQueueRow *row);
    int (*site_row)(void *ctx, Arena *scratch, const ExportSiteRow *row);
    void *ctx;
} ExportSink;

/* What every export takes and tells. */
typedef struct ExportRun {
    Role role;        /* ROLE_REVIEWER or ROLE_ADMIN */
    bool unmasked;    /* personal data in clear: admins only */
    int64_t max_rows; /* the cap (setting export_max_rows); at least 1 */
    ExportSink sink;
    int64_t rows; /* out: rows handed to the sink */
    bool cut;     /* out: more rows matched than max_rows */
} ExportRun;

/* A queue with its filter (paging fields ignored), oldest first
** (read-only DbTxFn). */
typedef struct ExportQueue {
    ExportRun run;
    QueueFilter f;
    int64_t now;
} ExportQueue;
int export_queue(Db *db, void *ctx);

/* The filed sites, by id (read-only DbTxFn). */
typedef struct ExportSites {
    ExportRun run;
} ExportSites;
int export_sites(Db *db, void *ctx);

/* The audit row of an export (DbTxFn): action "export.queue" or
** "export.sites", detail JSON {"format", "filter", "rows", "cut"} and
** "unmasked": true when personal data went out in clear. */
typedef struct ExportAudit {
    Arena *a;
    Actor who;
    const char *action;
    const char *format; /* "csv" | "xlsx" */
    const char *filter; /* the filters as a query string ("" for none) */
    int64_t rows;
    bool cut, unmasked;
} ExportAudit;
int export_audit(Db *db, void *ctx);

#endif
