/*
** The configuration table and its three sources.
*/
#include "core/config.h"

#include <ctype.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/util.h"

typedef enum { CK_STR, CK_INT, CK_BOOL } ConfigKind;

typedef struct ConfigKey {
    const char *key;
    ConfigKind kind;
    size_t offset;
    const char *def;
    int min, max;
    const char *help;
} ConfigKey;

#define OFF(f) offsetof(Config, f)
static const ConfigKey config_keys[] = {
    {"listen", CK_STR, OFF(listen), "127.0.0.1", 0, 0, "address to listen on"},
    {"port", CK_INT, OFF(port), "8080", 0, 65535, "TCP port (0: any free port)"},
    {"database", CK_STR, OFF(database), "", 0, 0,
     "sqlite:PATH or postgresql://...; empty: sqlite:<data_dir>/beian.db"},
    {"data_dir", CK_STR, OFF(data_dir), "./data", 0, 0,
     "directory for the master key, the file store and the default database"},
    {"log_level", CK_STR, OFF(log_level), "info", 0, 0, "debug | info | warn | error"},
    {"secure_cookies", CK_BOOL, OFF(secure_cookies), "false", 0, 0,
     "mark cookies Secure (set when served over HTTPS)"},
    {"threads", CK_INT, OFF(threads), "0", 0, 256, "HTTP worker threads (0: one per CPU)"},
    {"hash_threads", CK_INT, OFF(hash_threads), "0", 0, 64,
     "password-hashing threads (0: one fewer than the CPUs, at least 1)"},
    {"session_idle_min", CK_INT, OFF(session_idle_min), "30", 1, 1440,
     "log out after this many idle minutes"},
    {"session_max_hours", CK_INT, OFF(session_max_hours), "12", 1, 720,
     "log out this many hours after login, however active"},
    {"session_cache_s", CK_INT, OFF(session_cache_s), "2", 0, 60,
     "seconds a node may answer from its memory of a session (0: ask the database every time)"},
    {"queue_tabs_cache_s", CK_INT, OFF(queue_tabs_cache_s), "2", 0, 60,
     "seconds a node may show the queue page's tab counts and use the review time limit "
     "without reading them again (0: read every time)"},
    {"public_origin", CK_STR, OFF(public_origin), "", 0, 0,
     "the site's origin (scheme://host[:port]); POSTs from other origins are refused"},
    {"port_file", CK_STR, OFF(port_file), "", 0, 0, "write the bound port to this file"},
    {"provider_name", CK_STR, OFF(provider_name), "示例云计算有限公司", 0, 0,
     "the access provider's name printed on forms"},
    {"login_max_failures", CK_INT, OFF(login_max_failures), "5", 1, 1000,
     "failed logins allowed per account and per address within the window"},
    {"login_window_min", CK_INT, OFF(login_window_min), "15", 1, 1440,
     "the login-throttling window, minutes"},
    {"max_body_kb", CK_INT, OFF(max_body_kb), "256", 1, 65536, "largest form or JSON body, KiB"},
    {"max_upload_kb", CK_INT, OFF(max_upload_kb), "4608", 1, 262144,
     "largest multipart upload body, KiB"},
    {"smtp_url", CK_STR, OFF(smtp_url), "", 0, 0,
     "mail relay, smtp://host:port or smtps://... (empty: mail is written to <data_dir>/mail)"},
    {"smtp_user", CK_STR, OFF(smtp_user), "", 0, 0, "SMTP login, if the relay needs one"},
    {"smtp_password", CK_STR, OFF(smtp_password), "", 0, 0, "SMTP password"},
    {"mail_from", CK_STR, OFF(mail_from), "ICP备案系统 <noreply@beian.localhost>", 0, 0,
     "sender of outgoing mail"},
    {"trusted_proxies", CK_STR, OFF(trusted_proxies), "", 0, 0,
     "comma-separated addresses of load balancers: for them, the client address is the last "
     "one of X-Forwarded-For (audit log, login throttling)"},
    {"max_conn_per_address", CK_INT, OFF(max_conn_per_address), "64", 1, 4096,
     "open connections one client address may hold (IPv6: one /64); trusted_proxies are exempt"},
    {"header_timeout_s", CK_INT, OFF(header_timeout_s), "10", 1, 600,
     "seconds a client has to send a request's headers, counted from the connection or the end "
     "of the previous response; more bytes do not extend it"},
    {"body_min_rate_kb", CK_INT, OFF(body_min_rate_kb), "16", 1, 1048576,
     "a request body must arrive within header_timeout_s plus its size at this rate, KiB/s"},
    {"jobs_tick_s", CK_INT, OFF(jobs_tick_s), "30", 1, 3600,
     "how often the scheduler looks for due jobs (timers), seconds"},
    {"regulator_endpoint", CK_STR, OFF(regulator_endpoint), "http://127.0.0.1:8090", 0, 0,
     "the administration's provider interface (MIIT 企业系统接口), scheme://host[:port]"},
    {"regulator_isp_id", CK_INT, OFF(regulator_isp_id), "1001", 1, 2147483647,
     "ispID: this provider's ID at the administration"},
    {"regulator_user", CK_STR, OFF(regulator_user), "beian", 0, 0,
     "userName of this provider at the administration"},
    {"regulator_password", CK_STR, OFF(regulator_password), "", 0, 0,
     "password at the administration (empty: beian regulator generates one into "
     "<data_dir>/regulator-password)"},
    {"regulator_aes_key", CK_STR, OFF(regulator_aes_key), "", 0, 0,
     "AES key of the payloads, 16 ASCII characters (empty: no encryption)"},
    {"regulator_aes_iv", CK_STR, OFF(regulator_aes_iv), "", 0, 0,
     "AES IV (key offset) of the payloads, 16 ASCII characters"},
    {"regulator_port", CK_INT, OFF(regulator_port), "8090", 0, 65535,
     "TCP port of the administration simulator, beian regulator (0: any free port)"},
    {"regulator_test_controls", CK_BOOL, OFF(regulator_test_controls), "false", 0, 0,
     "beian regulator: serve the test controls (/test, decide now, clock, faults)"},
    {"regulator_poll_s", CK_INT, OFF(regulator_poll_s), "5", 1, 3600,
     "seconds between the gateway's rounds (send what is queued, download what came back)"},
    {"regulator_timeout_s", CK_INT, OFF(regulator_timeout_s), "30", 1, 600,
     "bound on one call to the administration; a call without an answer is asked about "
     "(isp_querypreviousupload) before anything is sent again"},
    {"regulator_links", CK_STR, OFF(regulator_links), "", 0, 0,
     "a file naming the administrations of provinces with a link of their own, one per line: "
     "provinces endpoint ispID user password [aes_key aes_iv] (docs/regulator.md)"},
    {"regulator_sms_url", CK_STR, OFF(regulator_sms_url), "", 0, 0,
     "the page where a principal answers the administration's SMS verification, linked from "
     "the customer's application (empty: <regulator_endpoint>/sms, the simulator's page)"},
    {"export_max_rows", CK_INT, OFF(export_max_rows), "100000", 1, 1000000,
     "the most rows one export (CSV or XLSX) holds; a longer one is cut and says so"},
    /* Hardening (issue 12). */
    {"hash_queue_max", CK_INT, OFF(hash_queue_max), "32", 1, 10000,
     "password hashes waiting at most; beyond it logins get 503 and Retry-After "
     "(registrations already at half of it)"},
    {"hash_wait_max_ms", CK_INT, OFF(hash_wait_max_ms), "3000", 1, 600000,
     "a password hash that waited this long in the queue without starting is not run: the "
     "request gets 503 and Retry-After"},
    {"register_per_address", CK_INT, OFF(register_per_address), "10", 1, 100000,
     "registrations one address may make within register_window_min"},
    {"register_window_min", CK_INT, OFF(register_window_min), "60", 1, 10080,
     "the registration-throttling window, minutes"},
    {"upload_quota_kb", CK_INT, OFF(upload_quota_kb), "204800", 1, 100000000,
     "scans one customer account may keep, KiB (its current files; 200 MiB)"},
    {"scan_retention_days", CK_INT, OFF(scan_retention_days), "180", 1, 36500,
     "scans of withdrawn or closed applications are erased this many days after"},
    /* The admin mail page (issue 10 item 6). */
    {"mail_retry_s", CK_INT, OFF(mail_retry_s), "60", 1, 3600,
     "a failed mail is tried again after this many seconds, doubled at each further failure "
     "(at most 64 times this, and at most an hour)"},
};
#define NKEYS (sizeof config_keys / sizeof config_keys[0])

static int parse_bool(const char *v, bool *out) {
    if (!strcmp(v, "1") || !strcmp(v, "true") || !strcmp(v, "yes") || !strcmp(v, "on")) {
        *out = true;
    } else if (!strcmp(v, "0") || !strcmp(v, "false") || !strcmp(v, "no") || !strcmp(v, "off")) {
        *out = false;
    } else {
        return -1;
    }
    return 0;
}

static int apply(Config *c, const ConfigKey *k, const char *v, const char **why) {
    char *base = (char *)c + k->offset;
    switch (k->kind) {
    case CK_STR: {
        char **p = (char **)base;
        free(*p);
        *p = xstrdup(v);
        return 0;
    }
    case CK_INT: {
        char *end;
        errno = 0;
        long n = strtol(v, &end, 10);
        if (errno || end == v || *end || n < k->min || n > k->max) {
            *why = "not a whole number in the allowed range";
            return -1;
        }
        *(int *)base = (int)n;
        return 0;
    }
    case CK_BOOL:
        if (parse_bool(v, (bool *)base)) {
            *why = "must be true or false";
            return -1;
        }
        return 0;
    }
    return -1;
}

void config_defaults(Config *c) {
    memset(c, 0, sizeof *c);
    const char *why;
    for (size_t i = 0; i < NKEYS; i++)
        apply(c, &config_keys[i], config_keys[i].def, &why);
}

int config_set(Config *c, const char *key, const char *value, const char **why) {
    for (size_t i = 0; i < NKEYS; i++)
        if (!strcmp(config_keys[i].key, key)) return apply(c, &config_keys[i], value, why);
    *why = "unknown setting";
    return -1;
}

int config_load_file(Config *c, const char *path) {
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "%s: %s\n", path, strerror(errno));
        return -1;
    }
    char line[4096];
    int lineno = 0, rc = 0;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        str_trim(line);
        if (!line[0] || line[0] == '#') continue;
        char *eq = strchr(line, '=');
        if (!eq) {
            fprintf(stderr, "%s:%d: expected key = value\n", path, lineno);
            rc = -1;
            continue;
        }
        *eq = 0;
        char *key = str_trim(line), *val = str_trim(eq + 1);
        size_t n = strlen(val);
        if (n >= 2 && val[0] == '"' && val[n - 1] == '"') {
            val[n - 1] = 0;
            val++;
        }
        const char *why;
        if (config_set(c, key, val, &why)) {
            fprintf(stderr, "%s:%d: %s: %s\n", path, lineno, key, why);
            rc = -1;
        }
    }
    fclose(f);
    return rc;
}

int config_load_env(Config *c) {
    int rc = 0;
    for (size_t i = 0; i < NKEYS; i++) {
        char name[64] = "BEIAN_";
        size_t j = 6;
        for (const char *p = config_keys[i].key; *p && j < sizeof name - 1; p++)
            name[j++] = (char)toupper((unsigned char)*p);
        name[j] = 0;
        const char *v = getenv(name);
        if (!v) continue;
        const char *why;
        if (apply(c, &config_keys[i], v, &why)) {
            fprintf(stderr, "%s: %s\n", name, why);
            rc = -1;
        }
    }
    return rc;
}

void config_print_help(void) {
    printf("Settings (file: key = value; environment: BEIAN_KEY; flag: --key-name=value):\n");
    for (size_t i = 0; i < NKEYS; i++)
        printf("  %-20s %s (default: %s)\n", config_keys[i].key, config_keys[i].help,
               config_keys[i].def[0] ? config_keys[i].def : "none");
}

const char *config_database(Config *c) {
    if (c->database && c->database[0]) return c->database;
    size_t n = strlen(c->data_dir) + 32;
    char *url = xmalloc(n);
    snprintf(url, n, "sqlite:%s/beian.db", c->data_dir);
    free(c->database);
    c->database = url;
    return url;
}

void config_free(Config *c) {
    for (size_t i = 0; i < NKEYS; i++)
        if (config_keys[i].kind == CK_STR) free(*(char **)((char *)c + config_keys[i].offset));
    memset(c, 0, sizeof *c);
}

int config_key_count(void) {
    return (int)NKEYS;
}

const char *config_key_name(int i) {
    return config_keys[i].key;
}

bool config_key_is_bool(int i) {
    return config_keys[i].kind == CK_BOOL;
}
