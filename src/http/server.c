/*
** libmicrohttpd glue: request lifecycle, per-thread database connections,
** suspension for off-thread work, access log, graceful shutdown.
**
** Keep-alive trap (DESIGN.md §7): a response is queued on the second call of
** the access handler (after the body, if any, has been read), never on the
** first, or libmicrohttpd closes the connection after every request.
*/
#include "http/server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/log.h"
#include "core/util.h"
#include "core/workq.h"
#include "db/db.h"
#include "http/internal.h"
#include "http/router.h"

struct Server {
    struct MHD_Daemon *daemon;
    ServerOptions opt;
    WorkQueue *wq;
    ConnGuard *guard;
    atomic_int inflight;
    atomic_int suspended; /* requests waiting for the worker pool */
    atomic_bool stopping; /* server_stop began: new connections are turned away */
    pthread_key_t db_key;
    int port;
    Metrics metrics;
    char tmp_dir[4096];
};

const Config *server_config(Server *s) {
    return s->opt.cfg;
}

const ServerOptions *server_options(Server *s) {
    return &s->opt;
}

Metrics *server_metrics_of(Server *s) {
    return &s->metrics;
}

const char *server_tmp_dir(Server *s) {
    return s->tmp_dir;
}

static void db_key_free(void *p) {
    db_close(p);
}

Db *server_db(Server *s) {
    Db *db = pthread_getspecific(s->db_key);
    if (db) return db;
    db = db_open(config_database(s->opt.cfg));
    if (db) pthread_setspecific(s->db_key, db);
    return db;
}

static void req_fill_ip(Req *r, struct MHD_Connection *c) {
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    char ip[INET6_ADDRSTRLEN] = "?";
    if (ci && ci->client_addr) {
        const struct sockaddr *sa = ci->client_addr;
        if (sa->sa_family == AF_INET)
            inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, ip, sizeof ip);
        else if (sa->sa_family == AF_INET6)
            inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, ip, sizeof ip);
    }
    r->ip = arena_strdup(&r->arena, ip);
    /* Behind a trusted load balancer the client is the last address it added. */
    const char *proxies = r->srv->opt.cfg->trusted_proxies;
    const char *xff = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Forwarded-For");
    if (!proxies || !*proxies || !addr_list_has(proxies, ip)) return;
    r->via_proxy = true;
    if (!xff) return;
    const char *client = forwarded_client(&r->arena, xff);
    if (client) r->ip = client;
}

/* The connection guard's record of a connection (its socket context). */
static Conn *conn_of(struct MHD_Connection *c) {
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    return ci ? ci->socket_context : NULL;
}

/* A request id unique enough for logs: a per-thread random prefix and a
** per-thread counter, without a system call per request. */
static void req_make_id(Req *r) {
    static _Thread_local uint32_t prefix, counter;
    if (!prefix) rand_bytes(&prefix, sizeof prefix);
    snprintf(r->request_id, sizeof r->request_id, "%08x%08x", prefix, ++counter);
}

static Req *req_new(Server *s, struct MHD_Connection *c, const char *url, const char *method) {
    Req *r = xcalloc(1, sizeof *r);
    arena_init(&r->arena);
    r->srv = s;
    r->conn = c;
    r->t0_us = time_mono_us();
    r->method = !strcmp(method, "GET")    ? HTTP_GET
                : !strcmp(method, "POST") ? HTTP_POST
                : !strcmp(method, "HEAD") ? HTTP_HEAD
                                          : 0;
    r->path = arena_strdup(&r->arena, url);
    r->route_index = -1;
    r->file_fd = -1;
    buf_init(&r->body, NULL);
    buf_init(&r->out, &r->arena);
    req_make_id(r);
    req_fill_ip(r, c);
    const char *ct = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type");
    r->content_type = ct ? arena_strdup(&r->arena, ct) : NULL;
    const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
    r->has_body = (cl && strtoull(cl, NULL, 10) > 0) ||
                  MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Transfer-Encoding");
    const Config *cfg = s->opt.cfg;
    r->body_limit = (size_t)cfg->max_body_kb * 1024;
    r->text_limit = r->body_limit;
    spool_init(&r->spool);
    r->gconn = conn_of(c);
    return r;
}

static void req_free(Req *r) {
    if (r->json) json_decref(r->json);
    spool_close(&r->spool);
    if (r->file_fd >= 0) close(r->file_fd);
    buf_free(&r->body);
    arena_free(&r->arena);
    free(r);
}

static enum MHD_Result queue_response(Req *r) {
    struct MHD_Connection *c = r->conn;
    struct MHD_Response *resp;
    size_t file_len = r->file_len;
    if (r->file_fd >= 0) {
        /* libmicrohttpd owns the descriptor from here, and closes it. */
        resp = MHD_create_response_from_fd(r->file_len, r->file_fd);
        if (resp) r->file_fd = -1;
    } else if (r->static_data)
        resp = MHD_create_response_from_buffer(r->static_len, (void *)r->static_data,
                                               MHD_RESPMEM_PERSISTENT);
    else
        /* The arena outlives the response: it is freed on completion. */
        resp = MHD_create_response_from_buffer(r->out.len, r->out.data, MHD_RESPMEM_PERSISTENT);
    if (!resp) return MHD_NO;
    resp_security_headers(r);
    for (Header *h = r->headers; h; h = h->next)
        MHD_add_response_header(resp, h->name, h->value);
    if (r->resp_type) MHD_add_response_header(resp, "Content-Type", r->resp_type);
    enum MHD_Result ok = MHD_queue_response(c, (unsigned)r->status, resp);
    MHD_destroy_response(resp);
    r->bytes_out = file_len ? file_len : r->static_data ? r->static_len : r->out.len;
    return ok;
}

static void on_job_done(void *ctx) {
    Req *r = ctx;
    r->resumed = true;
    MHD_resume_connection(r->conn);
}

static int busy(Req *r) {
    (void)r;
    return -ERR_BUSY;
}

/* A job that waited longer than hash_wait_max_ms before a worker took it
** is not run: its request is answered 503 busy like one the full queue
** refused, so no request waits for its hash without end (the queue's bound
** alone allows hash_queue_max / hash_threads hashes, each slower when the
** CPUs are short). */
static void on_job_work(void *ctx) {
    Req *r = ctx;
    int64_t max_us = (int64_t)r->srv->opt.cfg->hash_wait_max_ms * 1000;
    if (time_mono_us() - r->job_queued_us > max_us) {
        r->cont = busy;
        return;
    }
    r->job_work(r->cont_ctx);
}

/* When the body of r is due: the header timeout again, plus its size (or
** the route's limit when the size is not declared) at the minimum rate. */
static int64_t body_deadline(Server *s, Req *r) {
    const Config *cfg = s->opt.cfg;
    const char *cl = req_header(r, "Content-Length");
    unsigned long long expect = cl ? strtoull(cl, NULL, 10) : r->body_limit;
    if (expect > r->body_limit) expect = r->body_limit;
    return time_mono_us() + (int64_t)cfg->header_timeout_s * 1000000 +
           (int64_t)(expect * 1000000 / ((unsigned long long)cfg->body_min_rate_kb * 1024));
}

/* The first callback: headers only. */
static enum MHD_Result on_headers(Server *s, Req *r) {
    atomic_fetch_add(&s->inflight, 1);
    router_prepare(r);
    if (r->responded) return queue_response(r); /* refused before the body */
    if (r->has_body) guard_deadline(s->guard, r->gconn, body_deadline(s, r));
    return MHD_YES;
}

/* A piece of the body: kept up to the route's limit, in the spool file on
** upload routes, else in memory; the body of a request already refused
** (from a trusted proxy, router_prepare) is read and dropped. */
static void on_body(Req *r, const char *data, size_t n) {
    if (r->body_too_large || r->verdict) return;
    if (r->body_len + n > r->body_limit) {
        r->body_too_large = true;
        return;
    }
    r->body_len += n;
    if (!r->spool.open)
        buf_append(&r->body, data, n);
    else if (spool_write(&r->spool, data, n) < 0)
        r->body_too_large = true; /* the disk is full: answered as too large */
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_size, void **con_cls) {
    (void)version;
    Server *s = cls;
    Req *r = *con_cls;
    if (!r) {
        *con_cls = r = req_new(s, c, url, method);
        return on_headers(s, r);
    }
    if (*upload_size) {
        on_body(r, upload_data, *upload_size);
        *upload_size = 0;
        return MHD_YES;
    }
    if (r->responded) return MHD_YES;
    guard_deadline(s->guard, r->gconn, 0); /* the request is in: ours to answer */
    if (r->resumed) {
        r->resumed = false;
        r->suspended = false;
        atomic_fetch_sub(&s->suspended, 1);
        router_resume(r);
    } else {
        router_dispatch(r);
    }
    if (r->drop && !r->status) return MHD_NO; /* close without an answer */
    if (r->suspended) {
        MHD_suspend_connection(c);
        atomic_fetch_add(&s->suspended, 1);
        r->job_queued_us = time_mono_us();
        if (!workq_try_submit(s->wq, (WorkPrio)r->job_prio, on_job_work, on_job_done, r)) {
            /* The queue is full: answered at once, nothing waits unbounded. */
            r->cont = busy;
            on_job_done(r);
        }
        return MHD_YES;
    }
    r->responded = true;
    return queue_response(r);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe) {
    Server *s = cls;
    Req *r = *con_cls;
    if (!r) return;
    int64_t us = time_mono_us() - r->t0_us;
    if (toe != MHD_REQUEST_TERMINATED_COMPLETED_OK && !r->status) r->status = 499;
    metrics_observe(&s->metrics, r->route_index, r->status, us);
    /* A path holding a secret (a reset token) is logged as its pattern. */
    const char *logged =
        r->route && strstr(r->route->pattern, ":token") ? r->route->pattern : r->path;
    if (!(r->route && (r->route->flags & RF_NO_LOG)))
        log_info("%s %s %d %zu %lldus %s%s",
                 r->method == HTTP_POST   ? "POST"
                 : r->method == HTTP_HEAD ? "HEAD"
                                          : "GET",
                 logged, r->status, r->bytes_out, (long long)us, r->request_id,
                 toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " (aborted)");
    req_free(r);
    *con_cls = NULL;
    atomic_fetch_sub(&s->inflight, 1);
    /* A kept-alive connection must bring its next request's headers in time. */
    guard_deadline(s->guard, conn_of(c),
                   time_mono_us() + (int64_t)s->opt.cfg->header_timeout_s * 1000000);
}

/* The guard's record of a connection: connections are tracked from their
** start to their close, with the header deadline from the start. */
static void on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
                          enum MHD_ConnectionNotificationCode code) {
    Server *s = cls;
    if (code == MHD_CONNECTION_NOTIFY_CLOSED) {
        guard_close(s->guard, *socket_context);
        *socket_context = NULL;
        return;
    }
    const union MHD_ConnectionInfo *fd =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
    const union MHD_ConnectionInfo *addr =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    *socket_context =
        guard_open(s->guard, addr ? addr->client_addr : NULL, fd ? fd->connect_fd : -1,
                   time_mono_us() + (int64_t)s->opt.cfg->header_timeout_s * 1000000);
}

/* Accept policy: refuse an address that holds its share of connections. */
static enum MHD_Result on_accept(void *cls, const struct sockaddr *addr, socklen_t addrlen) {
    (void)addrlen;
    Server *s = cls;
    if (atomic_load(&s->stopping)) return MHD_NO;
    return guard_admit(s->guard, addr) ? MHD_YES : MHD_NO;
}

static int resolve_listen(const Config *cfg, struct sockaddr_storage *ss, socklen_t *len) {
    memset(ss, 0, sizeof *ss);
    struct sockaddr_in *a4 = (struct sockaddr_in *)ss;
    struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)ss;
    if (inet_pton(AF_INET, cfg->listen, &a4->sin_addr) == 1) {
        a4->sin_family = AF_INET;
        a4->sin_port = htons((uint16_t)cfg->port);
        *len = sizeof *a4;
        return AF_INET;
    }
    if (inet_pton(AF_INET6, cfg->listen, &a6->sin6_addr) == 1) {
        a6->sin6_family = AF_INET6;
        a6->sin6_port = htons((uint16_t)cfg->port);
        *len = sizeof *a6;
        return AF_INET6;
    }
    return -1;
}

static void write_port_file(const char *path, int port) {
    if (!path || !*path) return;
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *f = fopen(tmp, "w");
    if (!f) {
        log_error("cannot write port file %s", path);
        return;
    }
    fprintf(f, "%d\n", port);
    fclose(f);
    rename(tmp, path);
}

/* <data_dir>/tmp for spooled bodies, private to the server's user. */
static int make_tmp_dir(Server *s) {
    const char *dir = s->opt.cfg->data_dir;
    if (snprintf(s->tmp_dir, sizeof s->tmp_dir, "%s/tmp", dir) >= (int)sizeof s->tmp_dir) return -1;
    if (mkdir(s->tmp_dir, 0700) != 0 && errno != EEXIST) {
        log_error("cannot create %s: %s", s->tmp_dir, strerror(errno));
        return -1;
    }
    return 0;
}

Server *server_start(const ServerOptions *opt) {
    Server *s = xcalloc(1, sizeof *s);
    s->opt = *opt;
    if (make_tmp_dir(s) < 0) {
        free(s);
        return NULL;
    }
    pthread_key_create(&s->db_key, db_key_free);
    metrics_init(&s->metrics, opt->routes, opt->nroutes);
    const Config *cfg = opt->cfg;
    struct sockaddr_storage ss;
    socklen_t sslen;
    int family = resolve_listen(cfg, &ss, &sslen);
    if (family < 0) {
        log_error("listen: %s is not an IP address", cfg->listen);
        free(s);
        return NULL;
    }
    int threads = cfg->threads > 0 ? cfg->threads : (int)sysconf(_SC_NPROCESSORS_ONLN);
    if (threads < 1) threads = 1;
    /* Hashing (argon2id, 64 MiB and ~145 ms a login) yields the CPUs to
    ** the request threads, and by default leaves one CPU to them (and to
    ** PostgreSQL) altogether: a login storm waits in the bounded queue (or
    ** is answered 503) instead of slowing every page. */
    int hashers =
        cfg->hash_threads > 0 ? cfg->hash_threads : (int)sysconf(_SC_NPROCESSORS_ONLN) - 1;
    s->wq = workq_start_nice(hashers > 0 ? hashers : 1, 10);
    workq_bound(s->wq, cfg->hash_queue_max);
    s->guard = guard_start(cfg);
    unsigned flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ITC;
    if (family == AF_INET6) flags |= MHD_USE_IPv6;
    /* The idle timeout only bounds a client that stops reading its answer;
    ** reading requests has the guard's deadlines. */
    s->daemon = MHD_start_daemon(
        flags, (uint16_t)cfg->port, on_accept, s, on_request, s, MHD_OPTION_SOCK_ADDR,
        (struct sockaddr *)&ss, MHD_OPTION_THREAD_POOL_SIZE, (unsigned)threads,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, s, MHD_OPTION_NOTIFY_CONNECTION, on_connection,
        s, MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)60, MHD_OPTION_CONNECTION_LIMIT, (unsigned)4096,
        MHD_OPTION_END);
    if (!s->daemon) {
        log_error("cannot listen on %s:%d (in use, or not allowed)", cfg->listen, cfg->port);
        workq_stop(s->wq);
        guard_stop(s->guard);
        free(s);
        return NULL;
    }
    const union MHD_DaemonInfo *di = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
    s->port = di ? di->port : cfg->port;
    write_port_file(cfg->port_file, s->port);
    log_info("listening on http://%s:%d/ (%d threads)", cfg->listen, s->port, threads);
    return s;
}

int server_port(Server *s) {
    return s->port;
}

void server_stop(Server *s, int grace_ms) {
    if (!s) return;
    /* Stop accepting: the accept policy turns every new connection away.
    ** (MHD_quiesce_daemon is not used: with a thread pool it races a worker
    ** that takes the listening socket out of its epoll set at the connection
    ** limit, and libmicrohttpd aborts, "Failed to remove listen FD from epoll
    ** set".) The daemon closes its listening socket when it stops. */
    atomic_store(&s->stopping, true);
    for (int waited = 0; atomic_load(&s->inflight) > 0 && waited < grace_ms; waited += 10)
        usleep(10000);
    /* The worker pool finishes its jobs first: each resumes its connection,
    ** which the daemon must still be running to answer. */
    workq_stop(s->wq);
    for (int waited = 0; atomic_load(&s->inflight) > 0 && waited < 2000; waited += 10)
        usleep(10000);
    int left = atomic_load(&s->inflight);
    if (left > 0) log_warn("stopping with %d requests still in flight", left);
    MHD_stop_daemon(s->daemon);
    guard_stop(s->guard);
    metrics_free(&s->metrics);
    pthread_key_delete(s->db_key);
    free(s);
}

void server_metrics(Server *s, Buf *b) {
    metrics_write(&s->metrics, b);
    buf_printf(b,
               "# HELP beian_suspended_requests Requests waiting for the worker pool (password "
               "hashing).\n"
               "# TYPE beian_suspended_requests gauge\n"
               "beian_suspended_requests %d\n",
               atomic_load(&s->suspended));
    guard_metrics(s->guard, b);
}

int req_suspend(Req *r, void (*work)(void *ctx), void *ctx, Handler cont) {
    /* The server glue suspends the connection first and only then queues the
    ** job, so the job cannot resume a connection that is not yet suspended. */
    r->job_work = work;
    r->cont_ctx = ctx;
    r->cont = cont;
    r->job_prio = WORK_URGENT;
    return HANDLER_SUSPENDED;
}

int req_suspend_later(Req *r, void (*work)(void *ctx), void *ctx, Handler cont) {
    req_suspend(r, work, ctx, cont);
    r->job_prio = WORK_LATER;
    return HANDLER_SUSPENDED;
}
