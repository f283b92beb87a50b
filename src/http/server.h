/*
** The HTTP server: libmicrohttpd with an epoll thread pool, one router table,
** a database connection per server thread, a worker pool for slow work
** (password hashing) and graceful shutdown.
*/
#ifndef BEIAN_HTTP_SERVER_H
#define BEIAN_HTTP_SERVER_H

#include <stddef.h>

#include "core/config.h"
#include "http/http.h"

typedef struct ServerOptions {
    Config *cfg;
    const Route *routes;
    size_t nroutes;
    /* Render an error page (HTML) for code into r->out; the router calls it
    ** for non-API routes. NULL: a plain-text error. */
    void (*render_error)(Req *r, int code);
    /* A server without accounts (the simulator): no session lookup, every
    ** visitor is anonymous and its CSRF token comes from the `pre` cookie. */
    bool no_sessions;
} ServerOptions;

/* Start listening. Returns NULL (and logs why) on failure. */
Server *server_start(const ServerOptions *opt);
/* The TCP port actually bound (useful with port 0). */
int server_port(Server *s);
/* Stop accepting, let in-flight requests finish (up to `grace_ms`), stop. */
void server_stop(Server *s, int grace_ms);

/* The configuration of the server a request belongs to. */
const Config *server_config(Server *s);
/* This thread's database connection (opened on first use); NULL on failure. */
Db *server_db(Server *s);
/* Metrics in Prometheus text format, appended to b. */
void server_metrics(Server *s, Buf *b);

#endif
