/*
** Raw HTTP/1.1 over a TCP socket to 127.0.0.1, for the end-to-end tests that
** need what libcurl hides: the exact response headers, one connection held
** open or fed a byte at a time, and the server's memory and CPU from /proc.
** Header-only (static functions): included by the test programs that use it.
*/
#ifndef BEIAN_TESTS_RAWHTTP_H
#define BEIAN_TESTS_RAWHTTP_H

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* Monotonic milliseconds. */
static inline long long raw_now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static inline void raw_sleep_ms(int ms) {
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* A connected TCP socket to 127.0.0.1:port, or -1. */
static inline int raw_connect(int port) {
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return -1;
    struct sockaddr_in a = {0};
    a.sin_family = AF_INET;
    a.sin_port = htons((unsigned short)port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

/* Send all of s; false when the peer closed or reset the connection. */
static inline bool raw_send(int fd, const void *s, size_t n) {
    const char *p = s;
    while (n) {
        ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return false;
        p += w, n -= (size_t)w;
    }
    return true;
}

static inline bool raw_send_str(int fd, const char *s) {
    return raw_send(fd, s, strlen(s));
}

/* Is the connection closed by the peer (EOF or reset), waiting at most ms?
** Data the server sent meanwhile is read and dropped. */
static inline bool raw_closed_within(int fd, int ms) {
    long long end = raw_now_ms() + ms;
    for (;;) {
        long long left = end - raw_now_ms();
        if (left <= 0) return false;
        struct pollfd p = {fd, POLLIN, 0};
        if (poll(&p, 1, (int)left) <= 0) continue;
        char buf[4096];
        ssize_t r = recv(fd, buf, sizeof buf, 0);
        if (r == 0 || (r < 0 && errno != EINTR && errno != EAGAIN)) return true;
    }
}

/* One response read from fd within ms: the head (status line and headers,
** NUL-terminated) and the status; the body is read by Content-Length. */
typedef struct RawResp {
    int status; /* 0: none (closed or timed out) */
    char head[8192];
    char *body;
    size_t body_len;
} RawResp;

static inline const char *raw_find_head_end(const char *buf, size_t n) {
    for (size_t i = 0; i + 3 < n; i++)
        if (!memcmp(buf + i, "\r\n\r\n", 4)) return buf + i;
    return NULL;
}

/* Read one response; returns its status (0 on failure). The caller frees
** resp->body. */
static inline int raw_read_response(int fd, RawResp *resp, int ms) {
    memset(resp, 0, sizeof *resp);
    size_t cap = 65536, n = 0;
    char *buf = malloc(cap);
    long long end = raw_now_ms() + ms;
    const char *he = NULL;
    size_t want = 0;
    for (;;) {
        if (he && n >= want) break;
        long long left = end - raw_now_ms();
        struct pollfd p = {fd, POLLIN, 0};
        if (left <= 0 || poll(&p, 1, (int)left) <= 0) break;
        if (n == cap) buf = realloc(buf, cap *= 2);
        ssize_t r = recv(fd, buf + n, cap - n, 0);
        if (r <= 0) break;
        n += (size_t)r;
        if (!he && (he = raw_find_head_end(buf, n))) {
            size_t hl = (size_t)(he - buf);
            snprintf(resp->head, sizeof resp->head, "%.*s", (int)hl, buf);
            const char *cl = strcasestr(resp->head, "\r\nContent-Length:");
            want = hl + 4 + (cl ? strtoul(cl + 17, NULL, 10) : 0);
        }
    }
    if (he) {
        sscanf(buf, "HTTP/1.%*d %d", &resp->status);
        size_t start = (size_t)(he - buf) + 4;
        resp->body_len = n - start;
        resp->body = malloc(resp->body_len + 1);
        memcpy(resp->body, buf + start, resp->body_len);
        resp->body[resp->body_len] = 0;
    }
    free(buf);
    return resp->status;
}

/* How many times the header name appears in a response head. */
static inline int raw_header_count(const char *head, const char *name) {
    int count = 0;
    size_t n = strlen(name);
    for (const char *p = strstr(head, "\r\n"); p; p = strstr(p + 2, "\r\n"))
        if (!strncasecmp(p + 2, name, n) && p[2 + n] == ':') count++;
    return count;
}

/* A field of /proc/PID/status in KiB ("VmRSS", "VmHWM"), or -1. */
static inline long proc_status_kb(int pid, const char *field) {
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%d/status", pid);
    FILE *f = fopen(path, "r");
    if (!f) return -1;
    long v = -1;
    size_t n = strlen(field);
    while (fgets(line, sizeof line, f))
        if (!strncmp(line, field, n) && line[n] == ':') v = strtol(line + n + 1, NULL, 10);
    fclose(f);
    return v;
}

/* CPU time (user + system) the process has used, in milliseconds, or -1. */
static inline long long proc_cpu_ms(int pid) {
    char path[64], buf[2048];
    snprintf(path, sizeof path, "/proc/%d/stat", pid);
    FILE *f = fopen(path, "r");
    if (!f) return -1;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = 0;
    const char *p = strrchr(buf, ')'); /* the command name may hold spaces */
    unsigned long long ut = 0, st = 0;
    if (!p || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &ut, &st) != 2)
        return -1;
    return (long long)(ut + st) * 1000 / sysconf(_SC_CLK_TCK);
}

#endif
