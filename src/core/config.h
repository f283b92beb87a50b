/*
** Configuration: defaults, then a file (key = value lines), then environment
** variables (BEIAN_<KEY> upper-cased), then command-line flags; each later
** source overrides the earlier. Every key is listed in config.c's table with
** its type and documentation, and `beian serve --help` prints them.
*/
#ifndef BEIAN_CORE_CONFIG_H
#define BEIAN_CORE_CONFIG_H

#include <stdbool.h>
#include <stdint.h>

typedef struct Config {
    char *listen;           /* address to bind, e.g. 127.0.0.1 or 0.0.0.0 */
    int port;               /* 0 picks a free port */
    char *database;         /* sqlite:PATH | PATH | postgresql://... */
    char *data_dir;         /* master key, file store, default database */
    char *log_level;        /* debug | info | warn | error */
    bool secure_cookies;    /* mark cookies Secure (behind HTTPS) */
    int threads;            /* HTTP threads (0: number of CPUs) */
    int hash_threads;       /* password-hashing threads (0: CPUs - 1, at least 1) */
    int session_idle_min;   /* idle expiry of a session, minutes */
    int session_max_hours;  /* absolute expiry of a session, hours */
    int session_cache_s;    /* a node's memory of a session lasts this long (0: none) */
    int queue_tabs_cache_s; /* and of the queue page's tab counts */
    char *public_origin;    /* e.g. https://beian.example.com: Origin check and links */
    char *port_file;        /* write the bound port here once listening (tests) */
    char *provider_name;    /* 接入商 name printed on forms */
    int login_max_failures; /* per account and per address, in the window */
    int login_window_min;
    int max_body_kb;   /* ordinary form/JSON bodies */
    int max_upload_kb; /* multipart uploads */
    char *smtp_url;    /* smtp://host:port; empty: write mail to <data_dir>/mail */
    char *smtp_user;
    char *smtp_password;
    char *mail_from;          /* Name <address> of outgoing mail */
    char *trusted_proxies;    /* load balancers whose X-Forwarded-For is believed */
    int max_conn_per_address; /* open connections one client address may hold */
    int header_timeout_s;     /* request headers must arrive within this, whole */
    int body_min_rate_kb;     /* bodies must arrive at least this fast, KiB/s */
    int jobs_tick_s;          /* the scheduler's period, seconds */
    /* The administration (管局) through MIIT's provider interface: the
    ** gateway in `beian serve` and the simulator `beian regulator` read the
    ** same keys, so both speak for the same provider. */
    char *regulator_endpoint; /* http://host:port of the services */
    int regulator_isp_id;     /* ispID: the provider's ID at the administration */
    char *regulator_user;     /* userName */
    char *regulator_password; /* empty: the simulator makes one (<data_dir>/regulator-password) */
    char *regulator_aes_key;  /* 16 ASCII characters, or empty: no encryption */
    char *regulator_aes_iv;   /* 16 ASCII characters ("key offset"), or empty */
    int regulator_port;       /* the simulator's port */
    bool regulator_test_controls; /* the simulator's /test controls */
    int regulator_poll_s;         /* the gateway's round: upload, then download */
    int regulator_timeout_s;      /* bound on one call to the administration */
    char *regulator_links;        /* a file of links of other provinces (docs/regulator.md) */
    char *regulator_sms_url;      /* where the principal answers the SMS verification */
    int export_max_rows;          /* rows one export may hold (CSV, XLSX) */
    /* Hardening (issue 12). */
    int hash_queue_max;       /* password hashes waiting at most (503 beyond) */
    int hash_wait_max_ms;     /* and waiting at most this long (503 after) */
    int register_per_address; /* registrations per address in the window */
    int register_window_min;
    int upload_quota_kb;     /* current scans one customer account may keep, KiB */
    int scan_retention_days; /* scans of withdrawn/closed applications kept */
    int mail_retry_s;        /* first wait after a failed mail, seconds (then doubled) */
} Config;

/* Fill c with the defaults. */
void config_defaults(Config *c);
/* Apply one key=value; returns 0, or -1 with *why set (static string). */
int config_set(Config *c, const char *key, const char *value, const char **why);
/* Read a file of `key = value` lines (# comments). Returns 0, or -1 and
** prints file:line: reason to stderr. A missing file is an error. */
int config_load_file(Config *c, const char *path);
/* Apply BEIAN_* environment variables. Returns 0 or -1 (printed). */
int config_load_env(Config *c);
/* Print every key with its default and meaning. */
void config_print_help(void);
/* The database URL, defaulting to sqlite:<data_dir>/beian.db; static buffer
** owned by c, valid until config_free. */
const char *config_database(Config *c);
void config_free(Config *c);

/* The table of keys, for building command-line options. */
int config_key_count(void);
const char *config_key_name(int i);
bool config_key_is_bool(int i);

#endif
