/*
** The commands: serve, migrate, user add, demo.
*/
#include <ctype.h>
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/app.h"
#include "app/scheduler.h"
#include "core/err.h"
#include "core/log.h"
#include "core/password.h"
#include "core/util.h"
#include "gateway/gateway.h"
#include "http/server.h"
#include "model/account.h"
#include "model/audit.h"
#include "model/blobs.h"
#include "model/logins.h"
#include "model/review_queue.h"
#include "model/schema.h"
#include "model/session.h"
#include "rules/account_rules.h"
#include "rules/validate.h"
#include "docs/forms.h"
#include "mail/mail.h"
#include "web/handlers.h"
#include "web/web.h"

/* The address in mailed links: public_origin, else this server's (as
** web_origin says it to a request). */
static const char *serve_origin(const Config *cfg, int port, char *buf, size_t cap) {
    if (cfg->public_origin && *cfg->public_origin) return cfg->public_origin;
    const char *host = cfg->listen;
    if (!strcmp(host, "0.0.0.0") || !strcmp(host, "::")) host = "localhost";
    snprintf(buf, cap, strchr(host, ':') ? "http://[%s]:%d" : "http://%s:%d", host, port);
    return buf;
}

int cmd_serve(int argc, char **argv) {
    Config cfg;
    const char *migrate = NULL;
    const CmdOption extra[] = {
        {"migrate", 0, &migrate, "apply pending migrations before serving"},
        {0},
    };
    int rc = app_parse(argc, argv, &cfg, extra, "beian serve [options]");
    if (rc) return rc > 0 ? 0 : 2;
    Db *db = app_open(&cfg, migrate != NULL);
    if (!db) return 1;
    int version = db_schema_version(db);
    int linked = version ? gateway_links_sync(db, &cfg) : 0;
    db_close(db);
    if (linked < 0) {
        log_error("cannot record the links to the administration: %s", err_name(linked));
        return 1;
    }
    if (version == 0) {
        log_error("the database has no schema: run `beian migrate` first (or serve --migrate)");
        return 1;
    }
    /* Signals go to the main thread only: block them before any thread starts. */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);
    /* Each request's arena is freed at its end and grown again by the next
    ** (a page takes 100-300 KB): glibc would give the pages back to the
    ** kernel each time (its trim threshold), so every request faulted them
    ** in again (8 % of the queue page's CPU). Keep up to 64 MiB free in
    ** the process for the next requests; allocations of 4 MiB or more
    ** still come from mmap and go back at once. */
    mallopt(M_MMAP_THRESHOLD, 4 << 20);
    mallopt(M_TRIM_THRESHOLD, 64 << 20);
    if (web_store_open(&cfg) < 0) {
        log_error("cannot open the file store in %s/store", cfg.data_dir);
        return 1;
    }
    /* Files from before migration 0011 move into the database, once. */
    int64_t moved = 0;
    db = app_open(&cfg, false);
    if (!db || blob_import_legacy(db, web_store(), &moved) < 0) {
        log_error("cannot move the files of %s/store into the database", cfg.data_dir);
        db_close(db);
        return 1;
    }
    db_close(db);
    if (moved)
        log_info("moved %lld files of %s/store into the database", (long long)moved, cfg.data_dir);
    session_cache_set(cfg.session_cache_s);
    queue_tabs_cache_set(cfg.queue_tabs_cache_s);
    logins_cache_on(true);
    ServerOptions opt = {.cfg = &cfg,
                         .routes = web_routes,
                         .nroutes = web_nroutes,
                         .render_error = web_render_error};
    Server *s = server_start(&opt);
    if (!s) return 1;
    char origin[512];
    MailSender *mail =
        mail_sender_start(&cfg, serve_origin(&cfg, server_port(s), origin, sizeof origin));
    Scheduler *jobs = scheduler_start(&cfg, scheduler_jobs, scheduler_njobs);
    Gateway *gateway = gateway_start(&cfg);
    int sig = 0;
    sigwait(&set, &sig);
    log_info("received %s: finishing in-flight requests", sig == SIGINT ? "SIGINT" : "SIGTERM");
    server_stop(s, 10000);
    gateway_stop(gateway);
    scheduler_stop(jobs);
    mail_sender_stop(mail);
    web_store_close();
    forms_thread_release();
    log_info("stopped");
    config_free(&cfg);
    return 0;
}

int cmd_migrate(int argc, char **argv) {
    Config cfg;
    int rc = app_parse(argc, argv, &cfg, NULL, "beian migrate [options]");
    if (rc) return rc > 0 ? 0 : 2;
    Db *db = app_open(&cfg, false);
    if (!db) return 1;
    int applied = 0;
    rc = schema_migrate(db, &applied);
    if (rc == 0)
        printf("migrations applied: %d; schema version: %d\n", applied, db_schema_version(db));
    db_close(db);
    config_free(&cfg);
    return rc ? 1 : 0;
}

typedef struct NewUser {
    const char *role, *login, *email, *name, *mobile, *password, *type;
} NewUser;

/* Validate and create one account; prints the reason on failure. */
static int create_user(Db *db, const NewUser *u, bool quiet_exists) {
    Arena a;
    arena_init(&a);
    char *email = NULL, *mobile = NULL;
    int rc = 0;
    const char *field = NULL;
    if (!str_in(u->role, (const char *const[]){"customer", "reviewer", "admin", NULL}))
        field = "role", rc = -ERR_FIELD_CHOICE;
    else if (account_login_check(u->login) < 0)
        field = "login", rc = -ERR_LOGIN_NAME;
    else if ((rc = email_normalize(&a, u->email, &email)) < 0)
        field = "email";
    else if ((rc = mobile_normalize(&a, u->mobile, &mobile)) < 0)
        field = "mobile";
    else if ((rc = password_policy(u->password, u->login)) < 0)
        field = "password";
    if (rc < 0) {
        fprintf(stderr, "%s: %s\n", field, err_msg(rc, LANG_EN));
        arena_free(&a);
        return rc;
    }
    rc = account_taken(db, u->login, email);
    if (rc < 0) {
        if (!quiet_exists) fprintf(stderr, "%s\n", err_msg(rc, LANG_EN));
        arena_free(&a);
        return -ERR_LOGIN_TAKEN;
    }
    char hash[PASSWORD_HASH_MAX];
    password_hash(u->password, hash);
    AccountNew in = {u->login, email, mobile, u->type, u->name, u->role, "active", hash, NULL};
    int64_t id = 0;
    rc = account_create(db, &a, &in, &id);
    if (rc == 0) {
        Actor cli = {0, "cli", "local", NULL};
        audit_write(db, &cli, "account.create", "account", id, u->role);
    } else {
        fprintf(stderr, "cannot create account: %s\n", err_msg(rc, LANG_EN));
    }
    arena_free(&a);
    return rc;
}

static const char *read_password_stdin(void) {
    static char line[256];
    if (!fgets(line, sizeof line, stdin)) return NULL;
    line[strcspn(line, "\r\n")] = 0;
    return line;
}

int cmd_user_add(int argc, char **argv) {
    Config cfg;
    NewUser u = {0};
    const char *pw_stdin = NULL;
    const CmdOption extra[] = {
        {"role", 1, &u.role, "customer | reviewer | admin (required)"},
        {"login", 1, &u.login, "login name (required)"},
        {"email", 1, &u.email, "e-mail address (required)"},
        {"name", 1, &u.name, "display name (default: the login)"},
        {"mobile", 1, &u.mobile, "mobile number (required)"},
        {"password-stdin", 0, &pw_stdin, "read the password from standard input"},
        {0},
    };
    int rc = app_parse(argc, argv, &cfg, extra,
                       "beian user add --role ROLE --login NAME --email ADDR --mobile NUMBER "
                       "[--name NAME] [--password-stdin] (or BEIAN_PASSWORD)");
    if (rc) return rc > 0 ? 0 : 2;
    u.password = pw_stdin ? read_password_stdin() : getenv("BEIAN_PASSWORD");
    if (!u.role || !u.login || !u.email || !u.mobile || !u.password) {
        fprintf(stderr, "user add: --role, --login, --email, --mobile and a password "
                        "(--password-stdin or BEIAN_PASSWORD) are required\n");
        return 2;
    }
    if (!u.name) u.name = u.login;
    u.type = strcmp(u.role, "customer") ? "staff" : "individual";
    Db *db = app_open(&cfg, false);
    if (!db) return 1;
    rc = create_user(db, &u, false);
    if (rc == 0) printf("created %s account '%s'\n", u.role, u.login);
    db_close(db);
    config_free(&cfg);
    return rc ? 1 : 0;
}

/* A readable random password: letters and digits, never ambiguous ones. */
static void demo_password(char out[17]) {
    static const char alphabet[] = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789";
    unsigned char raw[16];
    rand_bytes(raw, sizeof raw);
    for (int i = 0; i < 16; i++)
        out[i] = alphabet[raw[i] % (sizeof alphabet - 1)];
    out[4] = '-', out[9] = '-';
    out[3] = '7'; /* policy: at least one digit */
    out[16] = 0;
}

int cmd_demo(int argc, char **argv) {
    Config cfg;
    int rc = app_parse(argc, argv, &cfg, NULL, "beian demo [options]");
    if (rc) return rc > 0 ? 0 : 2;
    Db *db = app_open(&cfg, true);
    if (!db) return 1;
    static const struct {
        const char *role, *login, *email, *name, *mobile, *type;
    } demo[] = {
        {"customer", "demo-customer", "customer@demo.beian.test", "张三", "13800000001",
         "individual"},
        {"reviewer", "demo-reviewer", "reviewer@demo.beian.test", "审核员李四", "13800000002",
         "staff"},
        {"admin", "demo-admin", "admin@demo.beian.test", "管理员王五", "13800000003", "staff"},
    };
    printf("\nDemo accounts (passwords are new on every run):\n");
    for (size_t i = 0; i < sizeof demo / sizeof demo[0]; i++) {
        char pw[17];
        demo_password(pw);
        NewUser u = {demo[i].role, demo[i].login, demo[i].email, demo[i].name, demo[i].mobile,
                     pw,           demo[i].type};
        rc = create_user(db, &u, true);
        if (rc == -ERR_LOGIN_TAKEN) {
            Arena a;
            arena_init(&a);
            AccountAuth au;
            char hash[PASSWORD_HASH_MAX];
            password_hash(pw, hash);
            rc = account_auth_by_login(db, &a, demo[i].login, &au);
            if (rc == 0) rc = account_set_password(db, au.id, hash);
            arena_free(&a);
        }
        if (rc < 0) {
            fprintf(stderr, "demo account %s: %s\n", demo[i].login, err_msg(rc, LANG_EN));
            db_close(db);
            return 1;
        }
        printf("  %-9s login: %-14s password: %s\n", demo[i].role, demo[i].login, pw);
    }
    printf("\n");
    db_close(db);
    config_free(&cfg);
    return 0;
}
