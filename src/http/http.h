/*
** The HTTP layer's request, response and route types.
**
** One Req per request, created on libmicrohttpd's first callback and freed
** on completion; everything it holds lives in its arena. The router (one
** table of Route rows) enforces login, role, CSRF, Origin and body size
** before a handler runs; handlers only parse, call the model, and render.
*/
#ifndef BEIAN_HTTP_HTTP_H
#define BEIAN_HTTP_HTTP_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"

typedef struct Req Req;
typedef struct Server Server;
typedef struct Conn Conn;
typedef struct Db Db;

typedef enum HttpMethod { HTTP_GET = 1, HTTP_POST = 2, HTTP_HEAD = 4 } HttpMethod;

/* Roles as a bit set (a route lists the roles it admits). */
enum {
    ROLE_BIT_ANON = 1u << 0,     /* nobody logged in */
    ROLE_BIT_CUSTOMER = 1u << 1, /* 客户 */
    ROLE_BIT_REVIEWER = 1u << 2, /* 审核员 */
    ROLE_BIT_ADMIN = 1u << 3,    /* 管理员 */
};
#define ROLES_ANY   (ROLE_BIT_ANON | ROLE_BIT_CUSTOMER | ROLE_BIT_REVIEWER | ROLE_BIT_ADMIN)
#define ROLES_USER  (ROLE_BIT_CUSTOMER | ROLE_BIT_REVIEWER | ROLE_BIT_ADMIN)
#define ROLES_STAFF (ROLE_BIT_REVIEWER | ROLE_BIT_ADMIN)

/* Route flags. */
enum {
    RF_API = 1u << 0, /* JSON in and out; errors as JSON */
    /* Large bodies (multipart file uploads), up to max_upload_kb. On a page
    ** route (not RF_API) a body over it is not refused by the router: the
    ** handler is called without the body, r->body_too_large set, and
    ** answers the form again with the reason (the session kept). A body
    ** declared up to 8 times the limit is read and dropped first (browsers
    ** take an early answer for a network error); a larger one is answered
    ** before it is read and the connection closed. */
    RF_UPLOAD = 1u << 1,
    RF_NO_CSRF = 1u << 2, /* a POST that needs no token (none today) */
    RF_NO_LOG = 1u << 3,  /* no access-log line (health checks) */
    RF_NO_DB = 1u << 4,   /* the handler needs no database connection */
    /* The body is the handler's, unparsed (r->body), of any Content-Type, up
    ** to max_upload_kb in memory; no CSRF token: the handler authenticates
    ** the call itself (the simulator's SOAP services). */
    RF_RAW = 1u << 5,
    /* JSON bodies only: a page of another origin cannot send one without a
    ** CORS preflight (never granted), so no CSRF token is asked; the Origin
    ** is still checked (the simulator's test controls). */
    RF_JSON_ONLY = 1u << 6,
};

/* A handler returns 0 when it has set the response, HANDLER_SUSPENDED when it
** handed work to another thread (see req_suspend), or a negative ErrCode,
** which the router turns into an error page or JSON error. */
#define HANDLER_SUSPENDED 1

/* At most this many fields and files in one request body or query string
** (the registry's TOO_MANY_FIELDS message names the number). */
#define HTTP_MAX_FIELDS 1000
typedef int (*Handler)(Req *r);

typedef struct Route {
    unsigned methods;    /* HTTP_GET | HTTP_POST ... */
    const char *pattern; /* "/a/:id"; a trailing "*" matches the rest */
    Handler fn;
    unsigned roles;   /* ROLE_BIT_* admitted */
    unsigned flags;   /* RF_* */
    const char *name; /* metrics label, e.g. "portal_application" */
} Route;

/* The logged-in account of a request, or anon. */
typedef struct Principal {
    int64_t account_id; /* 0: anonymous */
    unsigned role_bit;  /* ROLE_BIT_* */
    const char *login;
    const char *display_name;
    int64_t session_id;
} Principal;

typedef struct Header {
    const char *name, *value;
    struct Header *next;
} Header;

/* An uploaded file from a multipart body. */
typedef struct UploadFile {
    const char *field;
    const char *filename;     /* as the client sent it (unchecked) */
    const char *content_type; /* as the client sent it (untrusted) */
    const unsigned char *data;
    size_t len;
} UploadFile;

/* Raw name/value pairs of a body or query string. */
typedef struct Param {
    const char *name;
    const char *value;
    size_t len;
} Param;

enum { BODY_NONE = 0, BODY_FORM, BODY_MULTIPART, BODY_JSON };

typedef struct ParamList {
    Param *items;
    size_t n, cap;
} ParamList;

/* A body spooled to an unnamed temporary file (upload routes). */
typedef struct Spool {
    bool open;
    int fd;
    size_t len;
    const char *map; /* read-only mapping once parsed */
} Spool;

/* A field that failed validation, with the registry code saying why. */
typedef struct FieldError {
    const char *field;
    int code; /* positive ErrCode */
} FieldError;

struct Req {
    Arena arena;
    Server *srv;
    void *conn; /* struct MHD_Connection * */
    const Route *route;
    int route_index;
    HttpMethod method;
    const char *path;      /* without the query string */
    const char *params[8]; /* ":name" captures, in pattern order */
    const char *param_names[8];
    int nparams;
    ParamList query;
    /* Body: in memory, or spooled to a file on upload routes */
    Buf body;
    Spool spool;
    size_t body_limit;
    size_t text_limit;   /* spooled multipart: bytes of text parts kept in memory */
    size_t body_len;     /* bytes received */
    bool has_body;       /* Content-Length > 0 or a Transfer-Encoding */
    bool via_proxy;      /* from one of trusted_proxies: it buffered the whole body */
    bool body_too_large; /* over the route's limit (RF_UPLOAD: see there) */
    const char *content_type;
    int verdict; /* the header policies' decision: 0, 1 (login first) or -ErrCode */
    /* Parsed body (filled by req_parse_body on first use) */
    bool body_parsed;
    int body_kind; /* BODY_NONE / BODY_FORM / BODY_MULTIPART / BODY_JSON */
    ParamList form;
    UploadFile *files;
    size_t nfiles;
    json_t *json; /* decref'd at completion */
    /* Validation errors collected by spec_parse and handlers */
    FieldError *errs;
    size_t nerrs, cap_errs;
    size_t *err_slots; /* hash index of errs by field: index + 1, 0 empty */
    size_t err_nslots;
    /* Context */
    Lang lang;
    bool api;
    Principal who;
    int64_t unread;         /* the top bar's unread count, when unread_known */
    bool unread_known;      /* read by the handler's transaction (web_tx_read) */
    const char *sid;        /* session cookie value, or NULL */
    const char *csrf_token; /* token to embed in forms */
    const char *nonce;      /* CSP nonce of this response */
    const char *ip;
    char request_id[17];
    int64_t t0_us;
    Conn *gconn; /* the connection guard's record of the connection */
    Db *db;
    /* Response */
    int status;
    Buf out;
    const char *resp_type;
    Header *headers;
    bool responded;
    const void *static_data; /* response bytes outside the arena, not copied */
    size_t static_len;
    int file_fd; /* resp_file: the body's open file, owned until sent; -1: none */
    size_t file_len;
    size_t bytes_out;
    /* Suspension: continuation called when the worker resumes the request. */
    Handler cont;
    void (*job_work)(void *ctx);
    void *cont_ctx;
    int job_prio;          /* WorkPrio: WORK_URGENT unless req_suspend_later */
    int64_t job_queued_us; /* when the job was queued (monotonic) */
    bool suspended;
    bool resumed;
    /* Close the connection without an answer (set by a handler instead of a
    ** response: the simulator's "timeout after commit"). */
    bool drop;
};

/* The path parameter named name (without the colon), or NULL. */
const char *req_param(Req *r, const char *name);
/* The path parameter as a positive integer id; 0 when absent or malformed. */
int64_t req_param_id(Req *r, const char *name);
/* A query-string value, or NULL. */
const char *req_query(Req *r, const char *name);
/* A request header, or NULL. */
const char *req_header(Req *r, const char *name);
/* A cookie value, or NULL. */
const char *req_cookie(Req *r, const char *name);

/* Record a field error (code positive or negative). */
void req_field_error(Req *r, const char *field, int code);
/* The error recorded for field, or 0. */
int req_field_code(Req *r, const char *field);

/* Responses. All strings are copied or must live in the request arena. */
void resp_header(Req *r, const char *name, const char *value);
void resp_set_cookie(Req *r, const char *name, const char *value, int max_age, bool http_only);
/* An HTML page body already rendered into r->out (status + type set). */
int resp_html(Req *r, int status);
/* JSON: takes ownership of v (decrefs it). */
int resp_json(Req *r, int status, json_t *v);
int resp_text(Req *r, int status, const char *type, const char *body, size_t len);
/* A 303 redirect to a local path (must start with '/'). */
int resp_redirect(Req *r, const char *location);
/* Bytes from outside the arena (embedded files), not copied. */
int resp_static(Req *r, int status, const char *type, const void *data, size_t len);
/* The len bytes of the open file fd (from its start), sent without loading
** them into memory; the request owns fd from now on and closes it when the
** response is done (or never sent). For large generated files (exports). */
int resp_file(Req *r, int status, const char *type, int fd, size_t len);
/* The server's directory for temporary files (<data_dir>/tmp, mode 0700). */
const char *req_tmp_dir(Req *r);

/* An error response for code (negative or positive ErrCode): JSON for API
** routes (with the field errors of r), else the server's error page. */
int resp_error(Req *r, int code);

/* Run fn(ctx) on the worker pool, then resume the request by calling cont(r)
** on a server thread. Returns HANDLER_SUSPENDED, for the handler to return.
** When the pool's queue is full (hash_queue_max), cont is not called: the
** request is answered -ERR_BUSY (503, Retry-After). */
int req_suspend(Req *r, void (*work)(void *ctx), void *ctx, Handler cont);
/* req_suspend for work that may wait behind logins (registrations): it
** runs after every urgent job, and is refused while half the queue is
** taken. */
int req_suspend_later(Req *r, void (*work)(void *ctx), void *ctx, Handler cont);

#endif
