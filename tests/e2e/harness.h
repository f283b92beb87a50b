/*
** End-to-end test harness: starts the real `beian serve` on 127.0.0.1 with a
** temporary data directory and database, and drives it over HTTP with
** libcurl clients that each keep their own cookies (one browser each).
**
** The server is a child process that dies with the test (PR_SET_PDEATHSIG)
** and is stopped with SIGTERM by beian_stop, so it stops by itself.
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
    json_t *json; /* parsed when the body is JSON */
} Resp;

typedef struct Client Client;

/* Start a server (migrated database, staff accounts reviewer1/admin1 with
** password "Staff-Pass-2026" when with_staff). Aborts the test on failure. */
Beian *beian_start(bool with_staff);
/* As beian_start, with extra environment settings for the server
** ("BEIAN_SMTP_URL=smtp://127.0.0.1:2525"), NULL-terminated. */
Beian *beian_start_env(bool with_staff, const char *const *env);
/* Run a beian subcommand against the server's data directory; returns its
** exit status. argv is NULL-terminated, without the program name. */
int beian_cli(Beian *b, const char *const *argv, const char *stdin_text);
/* SIGTERM, wait (at most 15 s), remove the directory. Returns the exit status. */
int beian_stop(Beian *b);

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
Resp *http_post_form_no_csrf(Client *c, const char *path, const char *urlencoded);
Resp *http_post_json(Client *c, const char *path, const char *json);
Resp *http_post_json_no_csrf(Client *c, const char *path, const char *json);
Resp *http_post_raw(Client *c, const char *path, const char *content_type, const char *body,
                    size_t len, bool with_csrf);
/* multipart/form-data with one file part and optional text fields. */
Resp *http_post_file(Client *c, const char *path, const char *field, const char *filename,
                     const void *data, size_t len, const char *const *text_fields);

/* Register a customer and approve it with the staff client; logs c in. */
void flow_customer(Beian *b, Client *c, Client *staff, const char *login);
/* Log in through the page form; returns the response of the POST. */
Resp *flow_login(Client *c, const char *login, const char *password);

/* Assertions on responses, with the body in the failure message. */
#define ASSERT_STATUS(resp, want)     assert_status_at((resp), (want), __FILE__, __LINE__)
#define ASSERT_BODY_HAS(resp, text)   assert_body_at((resp), (text), true, __FILE__, __LINE__)
#define ASSERT_BODY_LACKS(resp, text) assert_body_at((resp), (text), false, __FILE__, __LINE__)
void assert_status_at(Resp *r, long want, const char *file, int line);
void assert_body_at(Resp *r, const char *text, bool present, const char *file, int line);
/* The message of the JSON error field `field`, asserting it exists. */
const char *json_field_error(Resp *r, const char *field);

#define STAFF_PASSWORD    "Staff-Pass-2026"
#define CUSTOMER_PASSWORD "Customer-Pass-2026"

#endif

/* Model access for what the staff console (a later issue) will do: run an
** event on an application through the model, on the server's database, as
** a reviewer or as the administration would. Returns the operation's code.
** items: NULL-terminated triples field, reason, suggestion (returns only). */
int beian_decide(Beian *b, long long app_id, const char *event, const char *role,
                 const char *const *items);
/* Run one SQL statement on the server's database (test set-up only). */
void beian_sql(Beian *b, const char *sql);
