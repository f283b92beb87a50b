/*
** beian regulator: the simulator of the communications administration, a
** server process of its own (src/simulator) with its own SQLite database
** and port. It reads the regulator_* settings Beian's gateway reads, so the
** two speak for the same provider; --port and --database on its command
** line name the simulator's own port and database (the shared settings
** `port` and `database` are Beian's and are not used here).
*/
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "app/app.h"
#include "core/crypto.h"
#include "core/err.h"
#include "core/log.h"
#include "core/util.h"
#include "http/server.h"
#include "regulator/payload.h"
#include "simulator/sim.h"
#include "simulator/store.h"

/* Take --name VALUE / --name=VALUE out of argv (the shared settings of that
** name are Beian's); *value gets it. */
static void take_option(int *argc, char **argv, const char *name, const char **value) {
    size_t n = strlen(name);
    for (int i = 1; i < *argc; i++) {
        int used = 0;
        if (!strncmp(argv[i], name, n) && argv[i][n] == '=')
            *value = argv[i] + n + 1, used = 1;
        else if (!strcmp(argv[i], name) && i + 1 < *argc)
            *value = argv[i + 1], used = 2;
        if (!used) continue;
        memmove(&argv[i], &argv[i + used], (size_t)(*argc - i - used + 1) * sizeof *argv);
        *argc -= used;
        i--;
    }
}

/* The provider's password: the setting, else <data_dir>/regulator-password,
** made at the first start. */
static int provider_password(Config *cfg) {
    if (cfg->regulator_password && *cfg->regulator_password) return 0;
    char path[4096], line[256] = {0};
    snprintf(path, sizeof path, "%s/regulator-password", cfg->data_dir);
    FILE *f = fopen(path, "r");
    if (f) {
        if (!fgets(line, sizeof line, f)) line[0] = 0;
        fclose(f);
        str_trim(line);
    }
    if (!line[0]) {
        Arena a;
        arena_init(&a);
        snprintf(line, sizeof line, "%s", sim_password(&a, 20));
        arena_free(&a);
        f = fopen(path, "w");
        if (!f || fprintf(f, "%s\n", line) < 0 || fclose(f) != 0) {
            log_error("cannot write %s: %s", path, strerror(errno));
            return -1;
        }
        chmod(path, 0600);
        printf("Generated the provider's password into %s\n", path);
    }
    const char *why;
    return config_set(cfg, "regulator_password", line, &why);
}

/* Print the provider's account and the subjects filed elsewhere. */
static void print_banner(const Config *cfg, const SimDemo *d) {
    printf("\nAdministration simulator for provider %d (user %s; password: setting "
           "regulator_password, or %s/regulator-password)\n",
           cfg->regulator_isp_id, cfg->regulator_user, cfg->data_dir);
    printf("Subjects filed elsewhere, to claim with number + filing password (new on every "
           "start):\n");
    for (int i = 0; i < SIM_DEMO_COUNT; i++)
        printf("  %-10s %s  %s  site %s (%s)  filing password: %s%s\n", d[i].kind, d[i].name,
               d[i].number, d[i].site_number, d[i].domain, d[i].password,
               strcmp(d[i].state, "filed") ? "  [cancelled]" : "");
    printf("\n");
    fflush(stdout);
}

/* Settings and files before the server starts; 0, or an exit status. */
static int regulator_setup(Config *cfg, const char *database, const char *delay, const char *rate,
                           Arena *a) {
    const char *why;
    char dbpath[4200];
    if (!database) {
        snprintf(dbpath, sizeof dbpath, "sqlite:%s/regulator.db", cfg->data_dir);
        database = dbpath;
    }
    if (config_set(cfg, "database", database, &why)) return 2;
    PayloadKey key;
    bool no_key = !*cfg->regulator_aes_key && !*cfg->regulator_aes_iv;
    if (!no_key && payload_key_set(&key, cfg->regulator_aes_key, cfg->regulator_aes_iv)) {
        fprintf(stderr, "regulator_aes_key and regulator_aes_iv: 16 ASCII characters each\n");
        return 2;
    }
    Db *db = app_open(cfg, false); /* the data directory and the key (CSRF tokens) */
    if (!db) return 1;
    db_close(db);
    if (provider_password(cfg)) return 1;
    SimDemo demos[SIM_DEMO_COUNT];
    if (sim_prepare(config_database(cfg), cfg->regulator_isp_id, delay ? atoll(delay) : -1,
                    rate ? atoll(rate) : -1, demos, a))
        return 1;
    print_banner(cfg, demos);
    return 0;
}

/* beian regulator: settings, database, banner, then serve until SIGTERM/SIGINT. */
int cmd_regulator(int argc, char **argv) {
    const char *port = NULL, *database = NULL, *controls = NULL, *delay = NULL, *rate = NULL;
    take_option(&argc, argv, "--port", &port);
    take_option(&argc, argv, "--database", &database);
    const CmdOption extra[] = {
        {"test-controls", 0, &controls, "serve the test controls (/test, /console/test)"},
        {"review-delay", 1, &delay, "seconds from SMS verification to review (console setting)"},
        {"return-rate", 1, &rate, "percent of reviews returned at random (console setting)"},
        {0},
    };
    Config cfg;
    int rc = app_parse(argc, argv, &cfg, extra,
                       "beian regulator [--port 8090] [--data-dir ./data] "
                       "[--database sqlite:./data/regulator.db] [--test-controls] [options]");
    if (rc) return rc > 0 ? 0 : 2;
    const char *why;
    if (port && config_set(&cfg, "regulator_port", port, &why)) {
        fprintf(stderr, "--port: %s\n", why);
        return 2;
    }
    if (controls) cfg.regulator_test_controls = true;
    char portbuf[16];
    snprintf(portbuf, sizeof portbuf, "%d", cfg.regulator_port);
    config_set(&cfg, "port", portbuf, &why);
    Arena a;
    arena_init(&a);
    if ((rc = regulator_setup(&cfg, database, delay, rate, &a))) {
        arena_free(&a);
        return rc;
    }
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);
    ServerOptions opt = {.cfg = &cfg,
                         .routes = sim_routes,
                         .nroutes = sim_nroutes,
                         .render_error = sim_render_error,
                         .no_sessions = true};
    Server *s = server_start(&opt);
    if (s) {
        printf("Administration simulator on http://%s:%d/ (console: /console, SMS page: /sms%s)\n",
               cfg.listen, server_port(s),
               cfg.regulator_test_controls ? ", test controls: /test" : "");
        fflush(stdout);
        int sig = 0;
        sigwait(&set, &sig);
        log_info("regulator: received %s: finishing in-flight requests",
                 sig == SIGINT ? "SIGINT" : "SIGTERM");
        server_stop(s, 10000);
        log_info("regulator: stopped");
    }
    arena_free(&a);
    config_free(&cfg);
    return s ? 0 : 1;
}
