/*
** End to end: what one anonymous or slow client can cost the server.
**   - access and content type are decided from the headers: a body nobody
**     may send is never read, so anonymous uploads cost no memory;
**   - a request with too many fields is refused at a cap, cheaply;
**   - one address holds at most max_conn_per_address connections (trusted
**     proxies excepted), and headers and bodies have deadlines that a
**     trickle of bytes does not extend;
**   - every security header is sent once, on pages and error pages.
*/
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "flows.h"
#include "harness.h"
#include "rawhttp.h"

#define UPLOAD_PATH "/portal/applications/1/files"
#define BODY_BYTES  (4608u * 1024u - 4096u) /* just under max_upload_kb */

typedef struct Flood {
    int fd;
    size_t sent;
    bool head_sent, writing, done;
    char got[512];
    size_t ngot;
    int status;
} Flood;

/* Read what the server sent; the status line is enough. */
static void flood_read(Flood *f) {
    char buf[4096];
    ssize_t r = recv(f->fd, buf, sizeof buf, MSG_DONTWAIT);
    if (r < 0 && (errno == EAGAIN || errno == EINTR)) return;
    if (r <= 0) {
        f->done = true;
        return;
    }
    size_t take = (size_t)r < sizeof f->got - 1 - f->ngot ? (size_t)r : sizeof f->got - 1 - f->ngot;
    memcpy(f->got + f->ngot, buf, take);
    f->ngot += take;
    f->got[f->ngot] = 0;
    if (!f->status && strstr(f->got, "\r\n")) sscanf(f->got, "HTTP/1.%*d %d", &f->status);
    if (f->status) f->done = true;
}

/* Send the next piece of headers + body, as fast as the server takes it. */
static void flood_write(Flood *f, const char *head, const char *chunk, size_t chunk_len) {
    if (!f->head_sent) {
        f->head_sent = raw_send_str(f->fd, head);
        if (!f->head_sent) f->writing = false;
        return;
    }
    size_t n = BODY_BYTES - f->sent < chunk_len ? BODY_BYTES - f->sent : chunk_len;
    ssize_t w = send(f->fd, chunk, n, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (w > 0) f->sent += (size_t)w;
    if ((w < 0 && errno != EAGAIN && errno != EINTR) || f->sent == BODY_BYTES) f->writing = false;
}

/* Many anonymous clients each send a 4.5 MB body to an upload route at once
** (the attack run's load): each is answered 401 and the server's peak
** memory hardly moves, because no body is read before access is decided. */
static void test_anonymous_uploads_cost_no_memory(void **state) {
    (void)state;
    const char *env[] = {"BEIAN_MAX_CONN_PER_ADDRESS=512", NULL};
    Beian *b = beian_start_env(false, env);
    enum { N = 100 };
    char head[512];
    snprintf(head, sizeof head,
             "POST " UPLOAD_PATH " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
             "Content-Type: multipart/form-data; boundary=XyZ\r\nContent-Length: %u\r\n\r\n",
             BODY_BYTES);
    static char chunk[65536];
    memset(chunk, 'a', sizeof chunk);
    long rss0 = proc_status_kb(b->pid, "VmRSS");
    Flood f[N];
    for (int i = 0; i < N; i++) {
        f[i] = (Flood){.fd = raw_connect(b->port), .writing = true};
        assert_true(f[i].fd >= 0);
    }
    long long end = raw_now_ms() + 120000;
    for (int left = N; left > 0 && raw_now_ms() < end;) {
        struct pollfd p[N];
        for (int i = 0; i < N; i++)
            p[i] = (struct pollfd){f[i].done ? -1 : f[i].fd,
                                   (short)(POLLIN | (f[i].writing ? POLLOUT : 0)), 0};
        if (poll(p, N, 1000) <= 0) continue;
        left = 0;
        for (int i = 0; i < N; i++) {
            if (f[i].done) continue;
            if (p[i].revents & (POLLIN | POLLHUP | POLLERR)) flood_read(&f[i]);
            if (!f[i].done && f[i].writing && (p[i].revents & POLLOUT))
                flood_write(&f[i], head, chunk, sizeof chunk);
            left += !f[i].done;
        }
    }
    long hwm = proc_status_kb(b->pid, "VmHWM");
    size_t body_sent = 0;
    int refused = 0;
    for (int i = 0; i < N; i++) {
        body_sent += f[i].sent;
        refused += f[i].status == 401;
    }
    print_message("server RSS before %ld KiB, peak after %ld KiB; %zu body bytes accepted by the "
                  "kernel from %d clients, %d answered 401\n",
                  rss0, hwm, body_sent, N, refused);
    if (hwm - rss0 > 32 * 1024)
        fail_msg("the server's peak RSS grew by %ld KiB (more than 32 MiB)", hwm - rss0);
    for (int i = 0; i < N; i++) {
        if (f[i].status != 401)
            fail_msg("client %d: status %d, got: %.200s", i, f[i].status, f[i].got);
        assert_non_null(strcasestr(f[i].got, "\r\nConnection: close"));
        close(f[i].fd);
    }
    assert_int_equal(beian_stop(b), 0);
}

/* The refusal needs no body at all: headers alone get the answer, with
** Connection: close. A POST of a type no route takes is refused the same way. */
static void test_refused_from_the_headers(void **state) {
    (void)state;
    Beian *b = beian_start(true);
    int fd = raw_connect(b->port);
    raw_send_str(fd, "POST /api/v1/applications/1/files HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                     "Content-Type: multipart/form-data; boundary=XyZ\r\n"
                     "Content-Length: 4000000\r\n\r\n");
    RawResp rr;
    assert_int_equal(raw_read_response(fd, &rr, 5000), 401);
    assert_non_null(strcasestr(rr.head, "\r\nConnection: close"));
    assert_non_null(strstr(rr.body, "login_required"));
    free(rr.body);
    close(fd);

    fd = raw_connect(b->port);
    raw_send_str(fd, "POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\n"
                     "Content-Length: 200000\r\n\r\n");
    assert_int_equal(raw_read_response(fd, &rr, 5000), 415);
    assert_non_null(strcasestr(rr.head, "\r\nConnection: close"));
    free(rr.body);
    close(fd);

    /* A logged-in customer's upload route takes multipart only. */
    Client *staff = client_new(b), *c = client_new(b);
    ASSERT_STATUS(flow_login(staff, "reviewer1", STAFF_PASSWORD), 303);
    http_get(staff, "/api/v1/me"); /* the session's CSRF token */
    flow_customer(b, c, staff, "limits1");
    Resp *r = http_post_json(c, "/api/v1/applications/1/files", "{\"slot\":\"x\"}");
    ASSERT_STATUS(r, 415);
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(r->json, "error"), "code")),
        "unsupported_type");
    client_free(c);
    client_free(staff);
    assert_int_equal(beian_stop(b), 0);
}

typedef struct Huge {
    Client *c;
    long status;
    bool names_limit;
} Huge;

/* An anonymous login form with 40,000 fields (the attack run's). */
static void *huge_login(void *arg) {
    Huge *h = arg;
    enum { N = 40000 };
    char *body = malloc(N * 4 + 1), *p = body;
    static const char digits[] = "0123456789abcdefghijklmnopqrstuvwxyz";
    for (int i = 0; i < N; i++) {
        *p++ = digits[i / 1296];
        *p++ = digits[i / 36 % 36];
        *p++ = digits[i % 36];
        *p++ = '&';
    }
    *p = 0;
    http_get(h->c, "/login");
    Resp *r = http_post_raw(h->c, "/login", "application/x-www-form-urlencoded", body, strlen(body),
                            true);
    h->status = r->status;
    h->names_limit = strstr(r->body, "1000") != NULL;
    free(body);
    return NULL;
}

/* The huge form is refused at the field cap, naming it, for a few ms of the
** server's CPU; another visitor's page answers meanwhile. */
static void test_huge_form_refused_cheaply(void **state) {
    (void)state;
    Beian *b = beian_start(false);
    Huge h = {client_new(b), 0, false};
    Client *other = client_new(b);
    long long cpu0 = proc_cpu_ms(b->pid);
    pthread_t th;
    pthread_create(&th, NULL, huge_login, &h);
    for (int i = 0; i < 5; i++)
        ASSERT_STATUS(http_get(other, "/login"), 200);
    pthread_join(th, NULL);
    long long cpu = proc_cpu_ms(b->pid) - cpu0;
    print_message("server CPU for the huge form and five pages: %lld ms\n", cpu);
    assert_int_equal(h.status, 400);
    assert_true(h.names_limit);
    if (cpu > 1000) fail_msg("the server spent %lld ms of CPU on one form", cpu);
    client_free(h.c);
    client_free(other);
    assert_int_equal(beian_stop(b), 0);
}

/* A connection that gets its /healthz answered and stays open, or -1
** (retried: the server may still count a connection the client closed). */
static int held_connection(Beian *b) {
    for (int attempt = 0; attempt < 100; attempt++) {
        int fd = raw_connect(b->port);
        RawResp rr;
        if (fd >= 0 && raw_send_str(fd, "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n") &&
            raw_read_response(fd, &rr, 2000) == 200) {
            free(rr.body);
            return fd;
        }
        free(rr.body);
        if (fd >= 0) close(fd);
        raw_sleep_ms(20);
    }
    return -1;
}

/* Is a new connection refused (closed without an answer)? */
static bool new_connection_refused(Beian *b) {
    int fd = raw_connect(b->port);
    if (fd < 0) return true;
    raw_send_str(fd, "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    RawResp rr;
    int status = raw_read_response(fd, &rr, 3000);
    free(rr.body);
    close(fd);
    return status == 0;
}

static void test_connections_per_address(void **state) {
    (void)state;
    const char *env[] = {"BEIAN_MAX_CONN_PER_ADDRESS=4", "BEIAN_HEADER_TIMEOUT_S=60", NULL};
    Beian *b = beian_start_env(false, env);
    int fds[4];
    for (int i = 0; i < 4; i++)
        assert_true((fds[i] = held_connection(b)) >= 0);
    assert_true(new_connection_refused(b)); /* the fifth from 127.0.0.1 */
    close(fds[0]);
    fds[0] = held_connection(b); /* a place is free again */
    assert_true(fds[0] >= 0);
    assert_true(new_connection_refused(b));
    for (int i = 0; i < 4; i++)
        close(fds[i]);
    assert_int_equal(beian_stop(b), 0);

    /* A trusted load balancer carries every client: no limit for it. */
    const char *env2[] = {"BEIAN_MAX_CONN_PER_ADDRESS=4", "BEIAN_HEADER_TIMEOUT_S=60",
                          "BEIAN_TRUSTED_PROXIES=127.0.0.1", NULL};
    b = beian_start_env(false, env2);
    int many[8];
    for (int i = 0; i < 8; i++)
        assert_true((many[i] = held_connection(b)) >= 0);
    for (int i = 0; i < 8; i++)
        close(many[i]);
    assert_int_equal(beian_stop(b), 0);
}

/* Feed bytes of `trickle` one every 250 ms; returns the ms after which the
** server closed the connection, or -1 when it was still open after 9 s. */
static long long trickle_until_cut(int fd, const char *trickle) {
    long long t0 = raw_now_ms();
    for (size_t i = 0; raw_now_ms() - t0 < 9000; i = (i + 1) % strlen(trickle)) {
        if (!raw_send(fd, trickle + i, 1) || raw_closed_within(fd, 250)) return raw_now_ms() - t0;
    }
    return -1;
}

/* Slowloris: a header byte every 250 ms does not keep a connection past
** header_timeout_s; nor does a body byte every 250 ms past its deadline. */
static void test_trickle_is_cut_at_the_deadline(void **state) {
    (void)state;
    const char *env[] = {"BEIAN_HEADER_TIMEOUT_S=2", NULL};
    Beian *b = beian_start_env(false, env);
    int fd = raw_connect(b->port);
    raw_send_str(fd, "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    long long ms = trickle_until_cut(fd, "X-Slow: aaaaaaaaaaaaaaaaaaaa\r\n");
    close(fd);
    print_message("headers trickled: cut after %lld ms\n", ms);
    assert_true(ms >= 1500 && ms <= 6000);

    /* 2000 bytes at 16 KiB/s are due 2.1 s after the headers. */
    fd = raw_connect(b->port);
    raw_send_str(fd, "POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                     "Content-Type: application/x-www-form-urlencoded\r\n"
                     "Content-Length: 2000\r\n\r\n");
    ms = trickle_until_cut(fd, "a=b&");
    close(fd);
    print_message("body trickled: cut after %lld ms\n", ms);
    assert_true(ms >= 1500 && ms <= 6000);

    /* An honest client is not hurried: two requests on one connection. */
    fd = raw_connect(b->port);
    RawResp rr;
    for (int i = 0; i < 2; i++) {
        raw_send_str(fd, "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        assert_int_equal(raw_read_response(fd, &rr, 5000), 200);
        free(rr.body);
        raw_sleep_ms(500);
    }
    close(fd);
    assert_int_equal(beian_stop(b), 0);
}

static const char *const security_headers[] = {"X-Content-Type-Options", "Referrer-Policy",
                                               "X-Frame-Options", "Cache-Control", NULL};

/* Send one request on fd and check each security header appears once
** (and the CSP once on HTML). Returns the status. */
static int check_headers_once(int fd, const char *request, bool html) {
    RawResp rr;
    raw_send_str(fd, request);
    int status = raw_read_response(fd, &rr, 5000);
    for (int i = 0; security_headers[i]; i++)
        if (raw_header_count(rr.head, security_headers[i]) != 1)
            fail_msg("%s: %s sent %d times:\n%s", request, security_headers[i],
                     raw_header_count(rr.head, security_headers[i]), rr.head);
    if (raw_header_count(rr.head, "Content-Security-Policy") != (html ? 1 : 0))
        fail_msg("%s: Content-Security-Policy sent %d times", request,
                 raw_header_count(rr.head, "Content-Security-Policy"));
    free(rr.body);
    return status;
}

static void test_security_headers_once(void **state) {
    (void)state;
    Beian *b = beian_start(false);
    int fd = raw_connect(b->port);
    /* One keep-alive connection: pages, error pages, JSON errors. */
    assert_int_equal(check_headers_once(fd, "GET /login HTTP/1.1\r\nHost: x\r\n\r\n", true), 200);
    assert_int_equal(check_headers_once(fd, "GET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n", true), 404);
    assert_int_equal(check_headers_once(fd, "GET /api/v1/me HTTP/1.1\r\nHost: x\r\n\r\n", false),
                     401);
    assert_int_equal(check_headers_once(
                         fd, "POST /login HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n", true),
                     403);
    close(fd);
    /* An error page answered from the headers alone. */
    fd = raw_connect(b->port);
    assert_int_equal(check_headers_once(fd,
                                        "POST " UPLOAD_PATH " HTTP/1.1\r\nHost: x\r\n"
                                        "Content-Type: multipart/form-data; boundary=XyZ\r\n"
                                        "Content-Length: 100000\r\n\r\n",
                                        true),
                     401);
    close(fd);
    assert_int_equal(beian_stop(b), 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_security_headers_once),
        cmocka_unit_test(test_refused_from_the_headers),
        cmocka_unit_test(test_huge_form_refused_cheaply),
        cmocka_unit_test(test_connections_per_address),
        cmocka_unit_test(test_trickle_is_cut_at_the_deadline),
        cmocka_unit_test(test_anonymous_uploads_cost_no_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
