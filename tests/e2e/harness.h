/*
** End-to-end test harness: starts the real `beian serve` on 127.0.0.1 with a
** temporary data directory and database, and drives it over HTTP with
** libcurl clients that each keep their own cookies (one browser each).
**
** The server is a child process that dies with the test (PR_SET_PDEATHSIG)
** and is stopped with SIGTERM by beian_stop, so it stops by itself.
**
** Tests are written as labelled steps (GNU Taler's way): STEP("...") names
** what comes next, and a failure names the step it happened in. The flows
** that several tests share (register, log in, file an application, decide
** it) are in flows.h.
*/
#ifndef BEIAN_TESTS_HARNESS_H
#define BEIAN_TESTS_HARNESS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct Beian {
    char dir[256]; /* temporary data directory */
    char base[64]; /* http://127.0.0.1:PORT */
    int port;
    int pid;
    char db_url[512]; /* the database URL the server uses ("" = SQLite in dir) */
    char pg_name[64]; /* on PostgreSQL: this server's own database */
    char pg_base[512];
} Beian;

typedef struct Resp {
    long status;
    char *body; /* NUL-terminated */
    size_t len;
    char location[512];
    char content_type[128];
    char disposition[256]; /* Content-Disposition (downloads) */
    char upstream[128];    /* X-Beian-Upstream: the node (tests/deploy) */
    json_t *json;          /* parsed when the body is JSON */
} Resp;

typedef struct Client Client;

/* ---- Labelled steps --------------------------------------------------- */

/* Name the step the test takes next: STEP("reviewer returns the site name"),
** printf-style. A harness assertion that fails reports
**   test_e2e_filing.c:412: step 3 "reviewer returns the site name"
**   (test_e2e_filing.c:405): status 409, want 200; body: ...
** and with BEIAN_TEST_VERBOSE=1 every step is printed as it starts. */
#define STEP(...) step_begin(__FILE__, __LINE__, __VA_ARGS__)
void step_begin(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* A test whose failures name their step, plain cmocka assertions included:
**   E2E_TEST(test_withdraw) { STEP("..."); ... }
** listed in the group with E2E_CASE(test_withdraw). A failed cmocka
** assertion is followed by
**   [   STEP   ] --- test_withdraw failed in step 2 "..." (file:line) */
#define E2E_TEST(name)                                                                             \
    static void name##_steps(void);                                                                \
    static void name(void **state) {                                                               \
        (void)state;                                                                               \
        steps_run(#name, name##_steps);                                                            \
    }                                                                                              \
    static void name##_steps(void)
#define E2E_CASE(name) cmocka_unit_test_teardown(name, steps_teardown)
void steps_run(const char *test, void (*body)(void));
int steps_teardown(void **state);

/* Fail the test here, naming the current step (printf-style message). */
#define E2E_FAIL(...) step_fail(__FILE__, __LINE__, __VA_ARGS__)
void step_fail(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4), noreturn));

/* ---- The server ------------------------------------------------------- */

/* Start a server (migrated database, staff accounts reviewer1, reviewer2, admin1 with
** password "Staff-Pass-2026" when with_staff). Aborts the test on failure. */
Beian *beian_start(bool with_staff);
/* As beian_start, with extra environment settings for the server
** ("BEIAN_SMTP_URL=smtp://127.0.0.1:2525"), NULL-terminated. */
Beian *beian_start_env(bool with_staff, const char *const *env);
/* Run a beian subcommand against the server's data directory; returns its
** exit status. argv is NULL-terminated, without the program name. */
int beian_cli(Beian *b, const char *const *argv, const char *stdin_text);
/* Stop the server (SIGTERM; it must exit 0) and keep its directory and
** database; beian_resume starts it again on them (b->db_url may have been
** pointed elsewhere meanwhile, with b->pg_name for the health check). */
void beian_halt(Beian *b);
void beian_resume(Beian *b);
/* beian_cli with the command's standard output and error in out (cap
** bytes, NUL-terminated). */
int beian_cli_out(Beian *b, const char *const *argv, char *out, size_t cap);
/* SIGTERM, wait (at most 15 s), remove the directory. Returns the exit status. */
int beian_stop(Beian *b);
/* A count from the server's own database: sql returns one integer and takes
** one text parameter, arg (-1 when the database cannot be read). */
long long beian_count(Beian *b, const char *sql, const char *arg);

void e2e_sleep_ms(int ms);
/* Today in China Standard Time, YYYY-MM-DD (a static buffer). */
const char *e2e_today(void);

/* ---- Clients and requests --------------------------------------------- */

Client *client_new(Beian *b);
void client_free(Client *c);
/* The CSRF token last seen (from a page's hidden field or a JSON answer). */
const char *client_csrf(Client *c);
void client_set_csrf(Client *c, const char *token);
/* Extra request header for the next requests ("Origin: http://evil"), NULL clears. */
void client_header(Client *c, const char *header);

/* Requests. The response is owned by the client and valid until its next
** request. POST helpers add the CSRF token unless `no_csrf`. */
Resp *http_get(Client *c, const char *path);
Resp *http_post_form(Client *c, const char *path, const char *urlencoded);
/* s percent-encoded as a form's value (all but letters, digits and "-_.~")
** into out, cut to cap bytes; out. 3 * strlen(s) + 1 bytes always fit. */
char *form_encode(const char *s, char *out, size_t cap);
Resp *http_post_form_no_csrf(Client *c, const char *path, const char *urlencoded);
Resp *http_post_json(Client *c, const char *path, const char *json);
Resp *http_post_json_no_csrf(Client *c, const char *path, const char *json);
Resp *http_post_raw(Client *c, const char *path, const char *content_type, const char *body,
                    size_t len, bool with_csrf);
/* multipart/form-data with one file part and optional text fields. */
Resp *http_post_file(Client *c, const char *path, const char *field, const char *filename,
                     const void *data, size_t len, const char *const *text_fields);

/* ---- Assertions (each names the current step) ------------------------- */

#define ASSERT_STATUS(resp, want)     assert_status_at((resp), (want), __FILE__, __LINE__)
#define ASSERT_BODY_HAS(resp, text)   assert_body_at((resp), (text), true, __FILE__, __LINE__)
#define ASSERT_BODY_LACKS(resp, text) assert_body_at((resp), (text), false, __FILE__, __LINE__)
void assert_status_at(Resp *r, long want, const char *file, int line);
void assert_body_at(Resp *r, const char *text, bool present, const char *file, int line);
/* The code of the JSON error of field `field`, asserting there is one. */
#define json_field_error(resp, field) json_field_error_at((resp), (field), __FILE__, __LINE__)
const char *json_field_error_at(Resp *r, const char *field, const char *file, int line);

/* ---- Reading JSON ----------------------------------------------------- */

/* The value at a dotted path of a document ("subject.status_label",
** "sites.0.id": array elements by index), or NULL. */
json_t *jpath(json_t *root, const char *path);
/* Its text ("" when absent or not a string), its integer (0 when absent). */
const char *jstr(json_t *root, const char *path);
long long jint(json_t *root, const char *path);

/* ---- The administration simulator (beian regulator) ------------------- */

/* A running `beian regulator --test-controls` on a free 127.0.0.1 port with
** a temporary data directory; srv.base, srv.port and srv.dir as for Beian,
** so client_new(&g->srv) talks to it. */
typedef struct Regulator {
    Beian srv;
    char password[64]; /* the provider's password it generated */
    char log[300];     /* its standard output (the banner) */
    struct {
        char number[64], site_number[64], password[32];
    } demo[2]; /* the subjects filed elsewhere: 0 enterprise, 1 individual */
} Regulator;

/* Start one (extra settings as "BEIAN_X=y", NULL-terminated, or NULL). It
** dies with the test (PR_SET_PDEATHSIG). Aborts the test on failure. */
Regulator *regulator_start(const char *const *env);
/* SIGKILL (no shutdown at all), and start it again on the same port and
** database (with its test controls; the environment of the first start is
** not repeated). */
void regulator_kill(Regulator *g);
void regulator_restart(Regulator *g);
/* SIGTERM, wait (at most 15 s), remove its directory. Returns its exit status. */
int regulator_stop(Regulator *g);

#define STAFF_PASSWORD    "Staff-Pass-2026"
#define CUSTOMER_PASSWORD "Customer-Pass-2026"

#endif
