/*
** The connection guard: what one client may hold of the server.
**
**   - At most `max_conn_per_address` open connections per client address
**     (IPv6 counted per /64), except for trusted proxies, which carry every
**     client behind them. Refused connections are closed before any byte is
**     read.
**   - A deadline per connection that more bytes do not extend: the headers
**     of a request are due `header_timeout_s` after the connection opened
**     or the previous response ended; a body is due at a minimum rate. A
**     reaper thread shuts down the socket of a connection past its deadline,
**     and libmicrohttpd then closes it as it would a client that left.
**
** Every connection is in one list under one mutex. libmicrohttpd reports a
** connection closed (guard_close) before it closes the socket, so the reaper
** never shuts down a descriptor that was already reused.
*/
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "core/log.h"
#include "core/util.h"
#include "http/internal.h"

#define GUARD_BUCKETS 1024
#define REAP_EVERY_MS 200

typedef struct AddrCount {
    unsigned char key[16];
    int n;
    struct AddrCount *next;
} AddrCount;

struct Conn {
    Conn *prev, *next;
    int fd;
    unsigned char key[16];
    bool counted;        /* in its address's count (not a trusted proxy) */
    bool cut;            /* already shut down */
    int64_t deadline_us; /* 0: none */
};

struct ConnGuard {
    pthread_mutex_t lock;
    pthread_cond_t wake;
    pthread_t reaper;
    bool stopping;
    Conn *head;
    AddrCount *buckets[GUARD_BUCKETS];
    int per_address;
    const char *trusted; /* comma-separated addresses, owned by the Config */
    atomic_ullong refused, cut;
};

bool addr_list_has(const char *list, const char *item) {
    size_t n = strlen(item);
    for (const char *p = list ? list : ""; *p;) {
        while (*p == ' ' || *p == ',')
            p++;
        const char *e = p;
        while (*e && *e != ',' && *e != ' ')
            e++;
        if ((size_t)(e - p) == n && !strncmp(p, item, n)) return true;
        p = e;
    }
    return false;
}

/* The counting key of an address (IPv4 as mapped IPv6, IPv6 cut to its
** /64, which one subscriber gets whole) and whether it is a trusted proxy. */
static bool addr_key(ConnGuard *g, const struct sockaddr *sa, unsigned char key[16]) {
    char ip[INET6_ADDRSTRLEN] = "";
    memset(key, 0, 16);
    if (sa && sa->sa_family == AF_INET) {
        const struct in_addr *a = &((const struct sockaddr_in *)sa)->sin_addr;
        key[10] = key[11] = 0xff;
        memcpy(key + 12, a, 4);
        inet_ntop(AF_INET, a, ip, sizeof ip);
    } else if (sa && sa->sa_family == AF_INET6) {
        const struct in6_addr *a = &((const struct sockaddr_in6 *)sa)->sin6_addr;
        if (IN6_IS_ADDR_V4MAPPED(a)) { /* an IPv4 client of a dual-stack socket */
            memcpy(key, a, 16);
            inet_ntop(AF_INET, a->s6_addr + 12, ip, sizeof ip);
        } else {
            memcpy(key, a, 8);
            inet_ntop(AF_INET6, a, ip, sizeof ip);
        }
    }
    return *ip && addr_list_has(g->trusted, ip);
}

static AddrCount **bucket_of(ConnGuard *g, const unsigned char key[16]) {
    uint32_t h = 2166136261u;
    for (int i = 0; i < 16; i++)
        h = (h ^ key[i]) * 16777619u;
    return &g->buckets[h % GUARD_BUCKETS];
}

/* The count of key (the caller holds the lock). */
static int count_of(ConnGuard *g, const unsigned char key[16]) {
    for (AddrCount *a = *bucket_of(g, key); a; a = a->next)
        if (!memcmp(a->key, key, 16)) return a->n;
    return 0;
}

/* Add delta to key's count, dropping the entry at zero; returns the new count. */
static int count_add(ConnGuard *g, const unsigned char key[16], int delta) {
    AddrCount **pp = bucket_of(g, key);
    for (; *pp; pp = &(*pp)->next)
        if (!memcmp((*pp)->key, key, 16)) break;
    if (!*pp) {
        *pp = xcalloc(1, sizeof **pp);
        memcpy((*pp)->key, key, 16);
    }
    AddrCount *a = *pp;
    a->n += delta;
    int n = a->n;
    if (n <= 0) {
        *pp = a->next;
        free(a);
    }
    return n;
}

/* Shut down the sockets of connections past their deadline, until stopped. */
static void *reaper_main(void *arg) {
    ConnGuard *g = arg;
    pthread_mutex_lock(&g->lock);
    while (!g->stopping) {
        int64_t now = time_mono_us();
        for (Conn *c = g->head; c; c = c->next) {
            if (c->cut || !c->deadline_us || now < c->deadline_us) continue;
            shutdown(c->fd, SHUT_RDWR);
            c->cut = true;
            atomic_fetch_add(&g->cut, 1);
        }
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_nsec += REAP_EVERY_MS * 1000000L;
        if (ts.tv_nsec >= 1000000000L) ts.tv_sec++, ts.tv_nsec -= 1000000000L;
        pthread_cond_timedwait(&g->wake, &g->lock, &ts);
    }
    pthread_mutex_unlock(&g->lock);
    return NULL;
}

ConnGuard *guard_start(const Config *cfg) {
    ConnGuard *g = xcalloc(1, sizeof *g);
    pthread_mutex_init(&g->lock, NULL);
    pthread_cond_init(&g->wake, NULL);
    g->per_address = cfg->max_conn_per_address;
    g->trusted = cfg->trusted_proxies;
    if (pthread_create(&g->reaper, NULL, reaper_main, g) != 0) {
        log_error("cannot start the connection reaper thread");
        abort();
    }
    return g;
}

void guard_stop(ConnGuard *g) {
    if (!g) return;
    pthread_mutex_lock(&g->lock);
    g->stopping = true;
    pthread_cond_signal(&g->wake);
    pthread_mutex_unlock(&g->lock);
    pthread_join(g->reaper, NULL);
    while (g->head) {
        Conn *c = g->head;
        g->head = c->next;
        free(c);
    }
    for (int i = 0; i < GUARD_BUCKETS; i++)
        while (g->buckets[i]) {
            AddrCount *a = g->buckets[i];
            g->buckets[i] = a->next;
            free(a);
        }
    pthread_cond_destroy(&g->wake);
    pthread_mutex_destroy(&g->lock);
    free(g);
}

bool guard_admit(ConnGuard *g, const struct sockaddr *sa) {
    unsigned char key[16];
    if (addr_key(g, sa, key)) return true;
    pthread_mutex_lock(&g->lock);
    bool ok = count_of(g, key) < g->per_address;
    pthread_mutex_unlock(&g->lock);
    if (!ok) atomic_fetch_add(&g->refused, 1);
    return ok;
}

Conn *guard_open(ConnGuard *g, const struct sockaddr *sa, int fd, int64_t deadline_us) {
    Conn *c = xcalloc(1, sizeof *c);
    c->fd = fd;
    c->deadline_us = deadline_us;
    c->counted = !addr_key(g, sa, c->key);
    pthread_mutex_lock(&g->lock);
    c->next = g->head;
    if (g->head) g->head->prev = c;
    g->head = c;
    /* Accepted by several threads at once, an address can pass guard_admit
    ** beyond its limit: those connections are closed here. */
    if (c->counted && count_add(g, c->key, 1) > g->per_address) {
        shutdown(fd, SHUT_RDWR);
        c->cut = true;
        atomic_fetch_add(&g->refused, 1);
    }
    pthread_mutex_unlock(&g->lock);
    return c;
}

void guard_close(ConnGuard *g, Conn *c) {
    if (!c) return;
    pthread_mutex_lock(&g->lock);
    if (c->prev)
        c->prev->next = c->next;
    else
        g->head = c->next;
    if (c->next) c->next->prev = c->prev;
    if (c->counted) count_add(g, c->key, -1);
    pthread_mutex_unlock(&g->lock);
    free(c);
}

void guard_deadline(ConnGuard *g, Conn *c, int64_t deadline_us) {
    if (!c) return;
    pthread_mutex_lock(&g->lock);
    c->deadline_us = deadline_us;
    pthread_mutex_unlock(&g->lock);
}

void guard_metrics(ConnGuard *g, Buf *b) {
    buf_printf(b,
               "# HELP beian_http_connections_refused_total Connections refused: their address "
               "held max_conn_per_address.\n"
               "# TYPE beian_http_connections_refused_total counter\n"
               "beian_http_connections_refused_total %llu\n"
               "# HELP beian_http_connections_cut_total Connections closed at their header or "
               "body deadline.\n"
               "# TYPE beian_http_connections_cut_total counter\n"
               "beian_http_connections_cut_total %llu\n",
               (unsigned long long)atomic_load(&g->refused),
               (unsigned long long)atomic_load(&g->cut));
}
