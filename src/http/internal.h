/*
** Declarations shared by the files of src/http only.
*/
#ifndef BEIAN_HTTP_INTERNAL_H
#define BEIAN_HTTP_INTERNAL_H

#include <stdatomic.h>
#include <stdint.h>
#include <sys/socket.h>

#include "http/http.h"
#include "http/server.h"

/* Latency histogram bucket upper bounds, in microseconds. */
#define METRICS_NBUCKETS 12
#define METRICS_NSTATUS  6 /* 1xx..5xx, other */

typedef struct RouteMetrics {
    atomic_ullong by_status[METRICS_NSTATUS];
    atomic_ullong buckets[METRICS_NBUCKETS + 1]; /* last: +Inf */
    atomic_ullong sum_us;
    atomic_ullong count;
} RouteMetrics;

typedef struct Metrics {
    const Route *routes;
    size_t nroutes;
    RouteMetrics *per_route; /* nroutes + 1: the last is "unmatched" */
} Metrics;

void metrics_init(Metrics *m, const Route *routes, size_t n);
void metrics_free(Metrics *m);
void metrics_observe(Metrics *m, int route_index, int status, int64_t us);
void metrics_write(Metrics *m, Buf *b);

const ServerOptions *server_options(Server *s);
/* The directory for request bodies spooled to files (<data_dir>/tmp). */
const char *server_tmp_dir(Server *s);

/* Router steps called by the server glue. */
/* First callback, headers only: find the route, resolve the session, and
** decide access, content type and size. A request refused with a body
** still to come is answered at once (r->responded, Connection: close);
** otherwise the decision waits for router_dispatch. */
void router_prepare(Req *r);
void router_resume(Req *r); /* after off-thread work: run the continuation */

/* Body parsing: fills r->form / r->files / r->json according to the
** Content-Type. Returns 0 or a negative ErrCode. */
int req_parse_body(Req *r);
/* Each refuses more than HTTP_MAX_FIELDS fields (and parts) with
** -ERR_TOO_MANY_FIELDS. parse_multipart copies text parts into the arena,
** at most text_max bytes of them (-ERR_TOO_LARGE beyond); file parts point
** into body. */
int parse_urlencoded(Arena *a, const char *s, size_t n, ParamList *out);
int parse_multipart(Arena *a, const char *content_type, const char *body, size_t n, size_t text_max,
                    ParamList *fields, UploadFile **files, size_t *nfiles);
/* Does the Content-Type ct name the media type want (parameters ignored)? */
bool content_type_is(const char *ct, const char *want);

/* Request bodies spooled to an unnamed temporary file (spool.c). */
void spool_init(Spool *s);
/* Open an unnamed file (mode 0600) in dir. Returns 0 or -1 (errno set). */
int spool_open(Spool *s, const char *dir);
int spool_write(Spool *s, const void *data, size_t n);
/* The whole content mapped read-only ("" when empty), valid until
** spool_close; NULL on failure. */
const char *spool_map(Spool *s);
void spool_close(Spool *s);

/* The connection guard (guard.c): per-address connection limit and the
** header and body deadlines. */
typedef struct ConnGuard ConnGuard;
ConnGuard *guard_start(const Config *cfg);
void guard_stop(ConnGuard *g);
/* May a connection from sa be accepted (its address below the limit)? */
bool guard_admit(ConnGuard *g, const struct sockaddr *sa);
/* Track a new connection (its socket fd) with its first deadline. */
Conn *guard_open(ConnGuard *g, const struct sockaddr *sa, int fd, int64_t deadline_us);
void guard_close(ConnGuard *g, Conn *c);
/* Set the connection's deadline (monotonic us; 0: none). */
void guard_deadline(ConnGuard *g, Conn *c, int64_t deadline_us);
void guard_metrics(ConnGuard *g, Buf *b);
/* Is item one of the comma-separated list? */
bool addr_list_has(const char *list, const char *item);
/* The client address a trusted load balancer put last in X-Forwarded-For
** (in the arena), or NULL when it is not an IP address. */
const char *forwarded_client(Arena *a, const char *xff);

/* Session and CSRF (auth.c). */
int session_resolve(Req *r);
/* A server without sessions: the visitor is anonymous, with a `pre` cookie
** for its CSRF token. */
int session_anonymous(Req *r);
bool csrf_check(Req *r);
/* The Origin (or Referer) check of csrf_check alone, logged when refused. */
bool origin_allowed(Req *r);

/* Add the security headers a response lacks (server glue, once per
** response): nosniff, referrer policy and framing always; the CSP and
** no-store on HTML, no-store on JSON. */
void resp_security_headers(Req *r);

#endif
