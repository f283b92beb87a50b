/*
** Declarations shared by the files of src/http only.
*/
#ifndef BEIAN_HTTP_INTERNAL_H
#define BEIAN_HTTP_INTERNAL_H

#include <stdatomic.h>
#include <stdint.h>

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

/* Router steps called by the server glue. */
void router_prepare(Req *r); /* first callback: find route, set body limit */
void router_resume(Req *r);  /* after off-thread work: run the continuation */

/* Body parsing: fills r->form / r->files / r->json according to the
** Content-Type. Returns 0 or a negative ErrCode. */
int req_parse_body(Req *r);
int parse_urlencoded(Arena *a, const char *s, size_t n, ParamList *out);
int parse_multipart(Arena *a, const char *content_type, const char *body, size_t n,
                    ParamList *fields, UploadFile **files, size_t *nfiles);

/* Session and CSRF (auth.c). */
int session_resolve(Req *r);
bool csrf_check(Req *r);

/* Add the security headers a response lacks (server glue, once per
** response): nosniff, referrer policy and framing always; the CSP and
** no-store on HTML, no-store on JSON. */
void resp_security_headers(Req *r);

#endif
