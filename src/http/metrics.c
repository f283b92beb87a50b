/*
** Request metrics per route: counts by status class and a latency
** histogram, exported in the Prometheus text format.
*/
#include <stdio.h>
#include <string.h>

#include "http/internal.h"

static const long long bucket_us[METRICS_NBUCKETS] = {100,   250,   500,   1000,   2500,   5000,
                                                      10000, 25000, 50000, 100000, 250000, 1000000};

void metrics_init(Metrics *m, const Route *routes, size_t n) {
    m->routes = routes;
    m->nroutes = n;
    m->per_route = xcalloc(n + 1, sizeof(RouteMetrics));
}

void metrics_free(Metrics *m) {
    free(m->per_route);
    m->per_route = NULL;
}

void metrics_observe(Metrics *m, int route_index, int status, int64_t us) {
    RouteMetrics *rm = &m->per_route[route_index >= 0 ? (size_t)route_index : m->nroutes];
    int cls = status / 100;
    atomic_fetch_add(&rm->by_status[cls >= 1 && cls <= 5 ? cls - 1 : 5], 1);
    int b = 0;
    while (b < METRICS_NBUCKETS && us > bucket_us[b])
        b++;
    atomic_fetch_add(&rm->buckets[b], 1);
    atomic_fetch_add(&rm->sum_us, (unsigned long long)(us < 0 ? 0 : us));
    atomic_fetch_add(&rm->count, 1);
}

static const char *route_label(Metrics *m, size_t i) {
    if (i == m->nroutes) return "unmatched";
    return m->routes[i].name ? m->routes[i].name : m->routes[i].pattern;
}

void metrics_write(Metrics *m, Buf *b) {
    static const char *cls[] = {"1xx", "2xx", "3xx", "4xx", "5xx", "other"};
    buf_puts(b, "# HELP beian_http_requests_total HTTP requests by route and status class.\n"
                "# TYPE beian_http_requests_total counter\n");
    for (size_t i = 0; i <= m->nroutes; i++)
        for (int c = 0; c < METRICS_NSTATUS; c++) {
            unsigned long long v = atomic_load(&m->per_route[i].by_status[c]);
            if (v)
                buf_printf(b, "beian_http_requests_total{route=\"%s\",status=\"%s\"} %llu\n",
                           route_label(m, i), cls[c], v);
        }
    buf_puts(b, "# HELP beian_http_request_duration_seconds Time from request to response.\n"
                "# TYPE beian_http_request_duration_seconds histogram\n");
    for (size_t i = 0; i <= m->nroutes; i++) {
        RouteMetrics *rm = &m->per_route[i];
        unsigned long long count = atomic_load(&rm->count);
        if (!count) continue;
        const char *label = route_label(m, i);
        unsigned long long cum = 0;
        for (int k = 0; k <= METRICS_NBUCKETS; k++) {
            cum += atomic_load(&rm->buckets[k]);
            if (k < METRICS_NBUCKETS)
                buf_printf(
                    b, "beian_http_request_duration_seconds_bucket{route=\"%s\",le=\"%g\"} %llu\n",
                    label, (double)bucket_us[k] / 1e6, cum);
            else
                buf_printf(
                    b,
                    "beian_http_request_duration_seconds_bucket{route=\"%s\",le=\"+Inf\"} %llu\n",
                    label, cum);
        }
        buf_printf(b, "beian_http_request_duration_seconds_sum{route=\"%s\"} %.6f\n", label,
                   (double)atomic_load(&rm->sum_us) / 1e6);
        buf_printf(b, "beian_http_request_duration_seconds_count{route=\"%s\"} %llu\n", label,
                   count);
    }
}
