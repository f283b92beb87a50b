/*
** The end-to-end harness: a real server process, libcurl clients, the
** labelled steps and the assertions that name them.
*/
#include "harness.h"

#include <curl/curl.h>
#include <libpq-fe.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "db/db.h"

#ifndef BEIAN_BIN
#error "BEIAN_BIN must name the beian binary"
#endif

struct Client {
    Beian *b;
    CURL *curl;
    char csrf[128];
    char extra_header[1024];
    Resp resp;
};

void e2e_sleep_ms(int ms) {
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

static const char *const *server_env; /* extra settings of the next server */

static void child_exec(Beian *b, const char *const *argv, int in_fd) {
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (in_fd >= 0) dup2(in_fd, 0);
    const char *args[40];
    int n = 0;
    args[n++] = BEIAN_BIN;
    for (int i = 0; argv[i] && n < 36; i++)
        args[n++] = argv[i];
    args[n] = NULL;
    char data[300], db[600];
    snprintf(data, sizeof data, "BEIAN_DATA_DIR=%s", b->dir);
    snprintf(db, sizeof db, "BEIAN_DATABASE=%s", b->db_url);
    putenv(data);
    if (b->db_url[0]) putenv(db);
    /* No administration unless a test starts one (beian_start_env). */
    putenv("BEIAN_REGULATOR_ENDPOINT=");
    /* Tests register many customers from 127.0.0.1; a test of the throttle
    ** sets its own limit through server_env. */
    putenv((char *)"BEIAN_REGISTER_PER_ADDRESS=100000");
    for (int i = 0; server_env && server_env[i]; i++)
        putenv((char *)server_env[i]);
    execv(BEIAN_BIN, (char *const *)args);
    _exit(127);
}

int beian_cli(Beian *b, const char *const *argv, const char *stdin_text) {
    int pipefd[2] = {-1, -1};
    if (stdin_text && pipe(pipefd) != 0) return -1;
    pid_t pid = fork();
    if (pid == 0) {
        if (pipefd[1] >= 0) close(pipefd[1]);
        child_exec(b, argv, pipefd[0]);
    }
    if (pipefd[0] >= 0) close(pipefd[0]);
    if (stdin_text) {
        ssize_t w = write(pipefd[1], stdin_text, strlen(stdin_text));
        (void)w;
        close(pipefd[1]);
    }
    int st = 0;
    waitpid(pid, &st, 0);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
}

static void add_staff(Beian *b, const char *role, const char *login) {
    char email[128];
    snprintf(email, sizeof email, "%s@staff.beian.test", login);
    const char *mobile = !strcmp(role, "admin") ? "13900000001" : "13900000002";
    const char *argv[] = {"user",    "add", "--role",   role,   "--login",          login,
                          "--email", email, "--mobile", mobile, "--password-stdin", "--log-level",
                          "warn",    NULL};
    int rc = beian_cli(b, argv, STAFF_PASSWORD "\n");
    if (rc != 0) E2E_FAIL("beian user add %s failed: %d", login, rc);
}

/* Run one statement on the PostgreSQL server of url (no result expected). */
static void pg_admin(const char *url, const char *sql) {
    PGconn *c = PQconnectdb(url);
    if (PQstatus(c) != CONNECTION_OK) E2E_FAIL("PostgreSQL: %s", PQerrorMessage(c));
    PGresult *res = PQexec(c, sql);
    if (PQresultStatus(res) != PGRES_COMMAND_OK) E2E_FAIL("%s: %s", sql, PQerrorMessage(c));
    PQclear(res);
    PQfinish(c);
}

/* On PostgreSQL every server gets a database of its own, made from the
** test cluster's URL (postgresql://user@host:port/db) with a fresh name. */
static void pg_fresh_database(Beian *b, const char *base_url) {
    static int counter;
    snprintf(b->pg_name, sizeof b->pg_name, "beian_e2e_%d_%d", (int)getpid(), ++counter);
    const char *slash = strrchr(base_url, '/');
    if (!slash || slash - base_url < 12) E2E_FAIL("BEIAN_TEST_DATABASE: not a URL: %s", base_url);
    snprintf(b->pg_base, sizeof b->pg_base, "%s", base_url);
    snprintf(b->db_url, sizeof b->db_url, "%.*s/%s", (int)(slash - base_url), base_url, b->pg_name);
    char sql[128];
    snprintf(sql, sizeof sql, "CREATE DATABASE %s", b->pg_name);
    pg_admin(base_url, sql);
}

Beian *beian_start(bool with_staff) {
    return beian_start_env(with_staff, NULL);
}

Beian *beian_start_env(bool with_staff, const char *const *env) {
    server_env = env;
    Beian *b = calloc(1, sizeof *b);
    snprintf(b->dir, sizeof b->dir, "/tmp/beian-e2e-XXXXXX");
    if (!mkdtemp(b->dir)) E2E_FAIL("mkdtemp: %s", strerror(errno));
    const char *pg = getenv("BEIAN_TEST_DATABASE");
    if (pg && *pg) pg_fresh_database(b, pg);
    const char *mig[] = {"migrate", "--log-level", "warn", NULL};
    if (beian_cli(b, mig, NULL) != 0) E2E_FAIL("beian migrate failed");
    if (with_staff) {
        add_staff(b, "admin", "admin1");
        add_staff(b, "reviewer", "reviewer1");
        add_staff(b, "reviewer", "reviewer2");
    }
    beian_resume(b);
    return b;
}

/* Start `beian serve` on b's directory and database; wait for its port. */
void beian_resume(Beian *b) {
    b->port = 0;
    char portfile[300];
    snprintf(portfile, sizeof portfile, "%s/port", b->dir);
    unlink(portfile);
    pid_t pid = fork();
    if (pid == 0) {
        char pf[320];
        snprintf(pf, sizeof pf, "--port-file=%s", portfile);
        const char *level = getenv("BEIAN_TEST_LOG") ? "info" : "warn";
        const char *argv[] = {"serve",       "--listen", "127.0.0.1", "--port", "0", pf,
                              "--log-level", level,      "--threads", "2",      NULL};
        child_exec(b, argv, -1);
    }
    b->pid = pid;
    for (int i = 0; i < 500; i++) {
        FILE *f = fopen(portfile, "r");
        if (f) {
            if (fscanf(f, "%d", &b->port) == 1) {
                fclose(f);
                break;
            }
            fclose(f);
        }
        int st;
        if (waitpid(pid, &st, WNOHANG) == pid) E2E_FAIL("beian serve exited early");
        e2e_sleep_ms(10);
    }
    if (!b->port) E2E_FAIL("beian serve did not start");
    snprintf(b->base, sizeof b->base, "http://127.0.0.1:%d", b->port);
    /* The server really uses the database the test asked for. */
    Client *probe = client_new(b);
    Resp *r = http_get(probe, "/healthz");
    const char *driver = json_string_value(json_object_get(r->json, "database"));
    const char *want = b->pg_name[0] ? "postgres" : "sqlite";
    if (!driver || strcmp(driver, want) != 0)
        E2E_FAIL("the server runs on %s, not %s", driver ? driver : "?", want);
    client_free(probe);
}

void beian_halt(Beian *b) {
    int st;
    kill(b->pid, SIGTERM);
    if (waitpid(b->pid, &st, 0) != b->pid || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
        E2E_FAIL("beian serve did not stop cleanly");
    b->pid = 0;
}

long long beian_count(Beian *b, const char *sql, const char *arg) {
    char url[700];
    snprintf(url, sizeof url, "%s", b->db_url[0] ? b->db_url : "");
    if (!url[0]) snprintf(url, sizeof url, "sqlite:%s/beian.db", b->dir);
    Db *db = db_open(url);
    if (!db) return -1;
    int64_t n = -1;
    if (db_query_i64(db, &n, sql, "t", arg) != DB_ROW) n = -1;
    db_close(db);
    return n;
}

int beian_stop(Beian *b) {
    int st = 0, code = b->pid ? -1 : 0;
    if (b->pid) kill(b->pid, SIGTERM);
    for (int i = 0; b->pid && i < 1500; i++) {
        if (waitpid(b->pid, &st, WNOHANG) == b->pid) {
            code = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
            break;
        }
        e2e_sleep_ms(10);
    }
    if (code < 0) {
        kill(b->pid, SIGKILL);
        waitpid(b->pid, &st, 0);
    }
    if (b->pg_name[0]) {
        char sql[128];
        snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s", b->pg_name);
        pg_admin(b->pg_base, sql);
    }
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", b->dir);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", b->dir);
    free(b);
    return code;
}

Client *client_new(Beian *b) {
    Client *c = calloc(1, sizeof *c);
    c->b = b;
    c->curl = curl_easy_init();
    curl_easy_setopt(c->curl, CURLOPT_COOKIEFILE, ""); /* in-memory cookie jar */
    curl_easy_setopt(c->curl, CURLOPT_TIMEOUT, 30L);
    return c;
}

void client_free(Client *c) {
    if (!c) return;
    free(c->resp.body);
    if (c->resp.json) json_decref(c->resp.json);
    curl_easy_cleanup(c->curl);
    free(c);
}

const char *client_csrf(Client *c) {
    return c->csrf;
}

void client_set_csrf(Client *c, const char *token) {
    snprintf(c->csrf, sizeof c->csrf, "%s", token ? token : "");
}

void client_header(Client *c, const char *header) {
    snprintf(c->extra_header, sizeof c->extra_header, "%s", header ? header : "");
}

static size_t on_body(char *p, size_t size, size_t n, void *ud) {
    Resp *r = ud;
    size_t add = size * n;
    r->body = realloc(r->body, r->len + add + 1);
    memcpy(r->body + r->len, p, add);
    r->len += add;
    r->body[r->len] = 0;
    return add;
}

static size_t on_header(char *p, size_t size, size_t n, void *ud) {
    Resp *r = ud;
    size_t len = size * n;
    if (len > 10 && strncasecmp(p, "Location: ", 10) == 0)
        snprintf(r->location, sizeof r->location, "%.*s", (int)(len - 12), p + 10);
    if (len > 23 && strncasecmp(p, "Content-Disposition: ", 21) == 0)
        snprintf(r->disposition, sizeof r->disposition, "%.*s", (int)(len - 23), p + 21);
    if (len > 20 && strncasecmp(p, "X-Beian-Upstream: ", 18) == 0)
        snprintf(r->upstream, sizeof r->upstream, "%.*s", (int)(len - 20), p + 18);
    return len;
}

/* Remember the CSRF token a page or a JSON answer carries. */
static void capture_csrf(Client *c) {
    Resp *r = &c->resp;
    if (r->json) {
        json_t *t = json_object_get(r->json, "csrf_token");
        if (json_is_string(t)) client_set_csrf(c, json_string_value(t));
        return;
    }
    const char *m = r->body ? strstr(r->body, "name=\"csrf\" value=\"") : NULL;
    if (!m) return;
    m += strlen("name=\"csrf\" value=\"");
    const char *e = strchr(m, '"');
    if (e && e - m < 120) {
        char tok[128];
        snprintf(tok, sizeof tok, "%.*s", (int)(e - m), m);
        client_set_csrf(c, tok);
    }
}

static Resp *perform(Client *c, const char *path, struct curl_slist *hdrs) {
    Resp *r = &c->resp;
    free(r->body);
    if (r->json) json_decref(r->json);
    memset(r, 0, sizeof *r);
    char url[1024];
    snprintf(url, sizeof url, "%s%s", c->b->base, path);
    curl_easy_setopt(c->curl, CURLOPT_URL, url);
    curl_easy_setopt(c->curl, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c->curl, CURLOPT_WRITEDATA, r);
    curl_easy_setopt(c->curl, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c->curl, CURLOPT_HEADERDATA, r);
    if (c->extra_header[0]) hdrs = curl_slist_append(hdrs, c->extra_header);
    curl_easy_setopt(c->curl, CURLOPT_HTTPHEADER, hdrs);
    CURLcode cc = curl_easy_perform(c->curl);
    curl_easy_setopt(c->curl, CURLOPT_HTTPHEADER, NULL);
    curl_slist_free_all(hdrs);
    if (cc != CURLE_OK) E2E_FAIL("request %s failed: %s", path, curl_easy_strerror(cc));
    curl_easy_getinfo(c->curl, CURLINFO_RESPONSE_CODE, &r->status);
    char *ct = NULL;
    curl_easy_getinfo(c->curl, CURLINFO_CONTENT_TYPE, &ct);
    if (ct) snprintf(r->content_type, sizeof r->content_type, "%s", ct);
    if (!r->body) r->body = calloc(1, 1);
    if (ct && strstr(ct, "application/json")) r->json = json_loadb(r->body, r->len, 0, NULL);
    capture_csrf(c);
    return r;
}

Resp *http_get(Client *c, const char *path) {
    curl_easy_setopt(c->curl, CURLOPT_HTTPGET, 1L);
    return perform(c, path, NULL);
}

Resp *http_post_raw(Client *c, const char *path, const char *content_type, const char *body,
                    size_t len, bool with_csrf) {
    struct curl_slist *h = NULL;
    char line[300];
    snprintf(line, sizeof line, "Content-Type: %s", content_type);
    h = curl_slist_append(h, line);
    if (with_csrf && c->csrf[0]) {
        snprintf(line, sizeof line, "X-CSRF-Token: %s", c->csrf);
        h = curl_slist_append(h, line);
    }
    h = curl_slist_append(h, "Expect:");
    curl_easy_setopt(c->curl, CURLOPT_POST, 1L);
    curl_easy_setopt(c->curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
    curl_easy_setopt(c->curl, CURLOPT_COPYPOSTFIELDS, body);
    return perform(c, path, h);
}

/* The token for a form: fetch one first if this client never saw a page. */
static void ensure_csrf(Client *c) {
    if (!c->csrf[0]) http_get(c, "/api/v1/csrf");
}

Resp *http_post_form(Client *c, const char *path, const char *urlencoded) {
    ensure_csrf(c);
    char *body = malloc(strlen(urlencoded) + strlen(c->csrf) + 16);
    sprintf(body, "%s%scsrf=%s", urlencoded, *urlencoded ? "&" : "", c->csrf);
    Resp *r =
        http_post_raw(c, path, "application/x-www-form-urlencoded", body, strlen(body), false);
    free(body);
    return r;
}

char *form_encode(const char *s, char *out, size_t cap) {
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p && n + 4 <= cap; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            strchr("-_.~", *p))
            out[n++] = (char)*p;
        else
            n += (size_t)snprintf(out + n, cap - n, "%%%02X", *p);
    }
    if (cap) out[n < cap ? n : cap - 1] = 0;
    return out;
}

Resp *http_post_form_no_csrf(Client *c, const char *path, const char *urlencoded) {
    return http_post_raw(c, path, "application/x-www-form-urlencoded", urlencoded,
                         strlen(urlencoded), false);
}

Resp *http_post_json(Client *c, const char *path, const char *json) {
    ensure_csrf(c);
    return http_post_raw(c, path, "application/json", json, strlen(json), true);
}

Resp *http_post_json_no_csrf(Client *c, const char *path, const char *json) {
    return http_post_raw(c, path, "application/json", json, strlen(json), false);
}

Resp *http_post_file(Client *c, const char *path, const char *field, const char *filename,
                     const void *data, size_t len, const char *const *text_fields) {
    ensure_csrf(c);
    curl_mime *mime = curl_mime_init(c->curl);
    curl_mimepart *part = curl_mime_addpart(mime);
    curl_mime_name(part, field);
    curl_mime_filename(part, filename);
    curl_mime_data(part, data, len);
    for (int i = 0; text_fields && text_fields[i]; i += 2) {
        part = curl_mime_addpart(mime);
        curl_mime_name(part, text_fields[i]);
        curl_mime_data(part, text_fields[i + 1], CURL_ZERO_TERMINATED);
    }
    part = curl_mime_addpart(mime);
    curl_mime_name(part, "csrf");
    curl_mime_data(part, c->csrf, CURL_ZERO_TERMINATED);
    curl_easy_setopt(c->curl, CURLOPT_MIMEPOST, mime);
    Resp *r = perform(c, path, curl_slist_append(NULL, "Expect:"));
    curl_easy_setopt(c->curl, CURLOPT_MIMEPOST, NULL);
    curl_mime_free(mime);
    return r;
}

/* ---------------------------------------------------------------- steps */

static struct {
    const char *test; /* inside steps_run, else NULL */
    int n;            /* steps begun in this test */
    char label[256];
    const char *file;
    int line;
    bool finished, reported;
    double t0; /* when the test began */
} step;

static bool verbose(void) {
    const char *v = getenv("BEIAN_TEST_VERBOSE");
    return v && !strcmp(v, "1");
}

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void step_begin(const char *file, int line, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(step.label, sizeof step.label, fmt, ap);
    va_end(ap);
    const char *slash = strrchr(file, '/');
    step.file = slash ? slash + 1 : file;
    step.line = line;
    if (step.n == 0 && !step.test) step.t0 = now_s(); /* set-up outside a test */
    step.n++;
    if (verbose()) /* with the time since the test began */
        print_message("[   STEP   ] %d. %s  (%.2f s)\n", step.n, step.label, now_s() - step.t0);
}

/* "step 3 \"label\" (file:line)", or where the failure happened. */
static const char *step_describe(char *buf, size_t cap) {
    if (step.n == 0)
        snprintf(buf, cap, "before the first step%s%s", step.test ? " of " : "",
                 step.test ? step.test : "");
    else
        snprintf(buf, cap, "step %d \"%s\" (%s:%d)", step.n, step.label, step.file, step.line);
    return buf;
}

void steps_run(const char *test, void (*body)(void)) {
    step.test = test;
    step.n = 0;
    step.label[0] = 0;
    step.finished = step.reported = false;
    step.t0 = now_s();
    body();
    step.finished = true;
}

int steps_teardown(void **state) {
    (void)state;
    char where[400];
    if (step.test && !step.finished && !step.reported)
        print_error("[   STEP   ] --- %s failed in %s\n", step.test,
                    step_describe(where, sizeof where));
    step.test = NULL;
    step.n = 0;
    return 0;
}

void step_fail(const char *file, int line, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    char *msg = NULL;
    if (vasprintf(&msg, fmt, ap) < 0) msg = NULL;
    va_end(ap);
    size_t n = msg ? strlen(msg) : 0;
    while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
        msg[--n] = 0; /* a body's last newline */
    char where[400];
    const char *slash = strrchr(file, '/');
    print_error("%s:%d: %s: %s\n", slash ? slash + 1 : file, line,
                step_describe(where, sizeof where), msg ? msg : fmt);
    free(msg);
    step.reported = true;
    _fail(file, line);
    abort(); /* _fail does not return inside a test */
}

/* ----------------------------------------------------------- assertions */

void assert_status_at(Resp *r, long want, const char *file, int line) {
    if (r->status != want)
        step_fail(file, line, "status %ld, want %ld; body: %.600s", r->status, want,
                  r->body ? r->body : "");
}

void assert_body_at(Resp *r, const char *text, bool present, const char *file, int line) {
    bool has = r->body && strstr(r->body, text) != NULL;
    if (has != present)
        step_fail(file, line, "body %s \"%s\"; body: %.1500s", present ? "lacks" : "contains", text,
                  r->body ? r->body : "");
}

const char *json_field_error_at(Resp *r, const char *field, const char *file, int line) {
    json_t *fields = r->json ? json_object_get(json_object_get(r->json, "error"), "fields") : NULL;
    size_t i;
    json_t *f;
    json_array_foreach(fields, i, f) {
        const char *name = json_string_value(json_object_get(f, "field"));
        if (name && !strcmp(name, field)) return json_string_value(json_object_get(f, "code"));
    }
    step_fail(file, line, "status %ld, no error for field %s in %.800s", r->status, field,
              r->body ? r->body : "");
}

/* ------------------------------------------------------------------ JSON */

json_t *jpath(json_t *root, const char *path) {
    json_t *v = root;
    char key[128];
    for (const char *p = path; v && *p;) {
        size_t n = strcspn(p, ".");
        snprintf(key, sizeof key, "%.*s", (int)(n < sizeof key ? n : sizeof key - 1), p);
        char *end;
        long idx = strtol(key, &end, 10);
        if (json_is_array(v) && *key && !*end)
            v = json_array_get(v, (size_t)idx);
        else
            v = json_object_get(v, key);
        p += n;
        if (*p == '.') p++;
    }
    return v;
}

const char *jstr(json_t *root, const char *path) {
    json_t *v = jpath(root, path);
    return json_is_string(v) ? json_string_value(v) : "";
}

long long jint(json_t *root, const char *path) {
    return (long long)json_integer_value(jpath(root, path));
}

const char *e2e_today(void) {
    static char day[16];
    time_t t = time(NULL) + 8 * 3600; /* China Standard Time */
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(day, sizeof day, "%Y-%m-%d", &tm);
    return day;
}

/* ---------------------------------------- the administration simulator */

/* The child: beian regulator with its output in <dir>/stdout. */
static void regulator_exec(Regulator *g, const char *const *env) {
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    int out = open(g->log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (out >= 0) dup2(out, 1);
    for (int i = 0; env && env[i]; i++)
        putenv((char *)env[i]);
    char dir[300], pf[320];
    snprintf(dir, sizeof dir, "--data-dir=%s", g->srv.dir);
    snprintf(pf, sizeof pf, "--port-file=%s/port", g->srv.dir);
    const char *level = getenv("BEIAN_TEST_LOG") ? "info" : "warn";
    char port[16];
    snprintf(port, sizeof port, "%d", g->srv.port); /* 0 at first; the same on a restart */
    const char *argv[] = {BEIAN_BIN,         "regulator",   dir,   pf,          "--port", port,
                          "--test-controls", "--log-level", level, "--threads", "2",      NULL};
    execv(BEIAN_BIN, (char *const *)argv);
    _exit(127);
}

/* The demo subjects of the banner: "... <number>  site <site> (...)  filing password: <pw>". */
static void regulator_read_banner(Regulator *g) {
    FILE *f = fopen(g->log, "r");
    char line[1024];
    int k = 0;
    while (f && k < 2 && fgets(line, sizeof line, f)) {
        char *pw = strstr(line, "filing password: "), *site = strstr(line, "  site ");
        char *num = strstr(line, "ICP备");
        if (!pw || !site || !num) continue;
        while (num > line && num[-1] != ' ')
            num--;
        sscanf(num, "%63s", g->demo[k].number);
        sscanf(site + 7, "%63s", g->demo[k].site_number);
        sscanf(pw + 17, "%31s", g->demo[k].password);
        k++;
    }
    if (f) fclose(f);
    if (k != 2) E2E_FAIL("beian regulator printed no demo subjects (see %s)", g->log);
}

Regulator *regulator_start(const char *const *env) {
    Regulator *g = calloc(1, sizeof *g);
    snprintf(g->srv.dir, sizeof g->srv.dir, "/tmp/beian-reg-XXXXXX");
    if (!mkdtemp(g->srv.dir)) E2E_FAIL("mkdtemp: %s", strerror(errno));
    snprintf(g->log, sizeof g->log, "%s/stdout", g->srv.dir);
    char portfile[300];
    snprintf(portfile, sizeof portfile, "%s/port", g->srv.dir);
    pid_t pid = fork();
    if (pid == 0) regulator_exec(g, env);
    g->srv.pid = pid;
    for (int i = 0; i < 1000 && !g->srv.port; i++) {
        FILE *f = fopen(portfile, "r");
        if (f) {
            if (fscanf(f, "%d", &g->srv.port) != 1) g->srv.port = 0;
            fclose(f);
        }
        int st;
        if (!g->srv.port && waitpid(pid, &st, WNOHANG) == pid)
            E2E_FAIL("beian regulator exited early (see %s)", g->log);
        if (!g->srv.port) e2e_sleep_ms(10);
    }
    if (!g->srv.port) E2E_FAIL("beian regulator did not start");
    snprintf(g->srv.base, sizeof g->srv.base, "http://127.0.0.1:%d", g->srv.port);
    char path[300];
    snprintf(path, sizeof path, "%s/regulator-password", g->srv.dir);
    FILE *f = fopen(path, "r");
    if (!f || fscanf(f, "%63s", g->password) != 1) E2E_FAIL("no %s", path);
    fclose(f);
    regulator_read_banner(g);
    return g;
}

void regulator_kill(Regulator *g) {
    int st;
    kill(g->srv.pid, SIGKILL);
    waitpid(g->srv.pid, &st, 0);
}

void regulator_restart(Regulator *g) {
    char portfile[300];
    snprintf(portfile, sizeof portfile, "%s/port", g->srv.dir);
    unlink(portfile);
    pid_t pid = fork();
    if (pid == 0) regulator_exec(g, NULL);
    g->srv.pid = pid;
    for (int i = 0; i < 1000; i++) {
        if (access(portfile, R_OK) == 0) return;
        int st;
        if (waitpid(pid, &st, WNOHANG) == pid)
            E2E_FAIL("beian regulator did not restart (see %s)", g->log);
        e2e_sleep_ms(10);
    }
    E2E_FAIL("beian regulator did not restart");
}

int regulator_stop(Regulator *g) {
    Beian *b = &g->srv;
    int st = 0, code = -1;
    kill(b->pid, SIGTERM);
    for (int i = 0; i < 1500 && code < 0; i++) {
        if (waitpid(b->pid, &st, WNOHANG) == b->pid)
            code = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
        else
            e2e_sleep_ms(10);
    }
    if (code < 0) {
        kill(b->pid, SIGKILL);
        waitpid(b->pid, &st, 0);
    }
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", b->dir);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", b->dir);
    free(g);
    return code;
}

int beian_cli_out(Beian *b, const char *const *argv, char *out, size_t cap) {
    char path[300];
    snprintf(path, sizeof path, "%s/cli-out.XXXXXX", b->dir);
    int fd = mkstemp(path);
    if (fd < 0) E2E_FAIL("mkstemp: %s", strerror(errno));
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(fd, 1);
        dup2(fd, 2);
        child_exec(b, argv, -1);
    }
    int st = 0;
    waitpid(pid, &st, 0);
    ssize_t n = pread(fd, out, cap - 1, 0);
    out[n > 0 ? n : 0] = 0;
    close(fd);
    unlink(path);
    if (getenv("BEIAN_TEST_VERBOSE")) fprintf(stderr, "%s", out);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
}
