/*
** Start-up shared by the commands.
*/
#include "app/app.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/crypto.h"
#include "core/err.h"
#include "core/log.h"
#include "model/schema.h"

/* Long options: --config, --help, every setting (dashes for underscores),
** then the command's extras. Indexes: 0 config, 1 help, 2.. settings. */
static struct option *build_options(const CmdOption *extra, int *nsettings, int *nextra) {
    int ns = config_key_count(), ne = 0;
    while (extra && extra[ne].name)
        ne++;
    struct option *o = xcalloc((size_t)(ns + ne + 3), sizeof *o);
    o[0] = (struct option){"config", required_argument, NULL, 0};
    o[1] = (struct option){"help", no_argument, NULL, 0};
    for (int i = 0; i < ns; i++) {
        char *name = xstrdup(config_key_name(i));
        for (char *p = name; *p; p++)
            if (*p == '_') *p = '-';
        o[2 + i] = (struct option){
            name, config_key_is_bool(i) ? optional_argument : required_argument, NULL, 0};
    }
    for (int i = 0; i < ne; i++)
        o[2 + ns + i] = (struct option){
            extra[i].name, extra[i].has_arg ? required_argument : no_argument, NULL, 0};
    *nsettings = ns;
    *nextra = ne;
    return o;
}

static void free_options(struct option *o, int ns) {
    for (int i = 0; i < ns; i++)
        free((char *)o[2 + i].name);
    free(o);
}

static void print_help(const char *synopsis, const CmdOption *extra) {
    printf("usage: %s\n\n  --config FILE        read settings from FILE (key = value lines)\n",
           synopsis);
    for (int i = 0; extra && extra[i].name; i++)
        printf("  --%-18s %s\n", extra[i].name, extra[i].help);
    printf("\n");
    config_print_help();
}

int app_parse(int argc, char **argv, Config *cfg, const CmdOption *extra, const char *synopsis) {
    int ns, ne, rc = 0;
    struct option *o = build_options(extra, &ns, &ne);
    config_defaults(cfg);
    const char *file = getenv("BEIAN_CONFIG");
    /* Pass 1: only --config and --help, so the file comes before flags. */
    opterr = 0;
    optind = 0;
    int idx;
    while (getopt_long(argc, argv, "", o, &idx) != -1) {
        if (idx == 0) file = optarg;
        if (idx == 1) {
            print_help(synopsis, extra);
            free_options(o, ns);
            return 1;
        }
    }
    if (file && config_load_file(cfg, file)) rc = -1;
    if (config_load_env(cfg)) rc = -1;
    opterr = 1;
    optind = 0;
    int c;
    while (rc == 0 && (c = getopt_long(argc, argv, "", o, &idx)) != -1) {
        if (c == '?') {
            rc = -1;
            break;
        }
        if (idx >= 2 && idx < 2 + ns) {
            const char *why;
            const char *v = optarg ? optarg : "true";
            if (config_set(cfg, config_key_name(idx - 2), v, &why)) {
                fprintf(stderr, "--%s: %s\n", o[idx].name, why);
                rc = -1;
            }
        } else if (idx >= 2 + ns) {
            *extra[idx - 2 - ns].out = optarg ? optarg : "1";
        }
    }
    if (rc == 0 && optind < argc) {
        fprintf(stderr, "unexpected argument: %s\n", argv[optind]);
        rc = -1;
    }
    free_options(o, ns);
    int lvl = log_parse_level(cfg->log_level);
    if (lvl < 0) {
        fprintf(stderr, "log_level: must be debug, info, warn or error\n");
        return -1;
    }
    log_set_level((LogLevel)lvl);
    return rc;
}

static int mkdir_p(const char *path) {
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s", path);
    for (char *p = tmp + 1; *p; p++) {
        if (*p != '/') continue;
        *p = 0;
        if (mkdir(tmp, 0700) && errno != EEXIST) return -1;
        *p = '/';
    }
    return (mkdir(tmp, 0700) && errno != EEXIST) ? -1 : 0;
}

Db *app_open(Config *cfg, bool migrate) {
    if (mkdir_p(cfg->data_dir)) {
        log_error("cannot create data directory %s: %s", cfg->data_dir, strerror(errno));
        return NULL;
    }
    if (crypto_load_key(cfg->data_dir)) return NULL;
    Db *db = db_open(config_database(cfg));
    if (!db) return NULL;
    if (migrate) {
        int applied = 0;
        if (schema_migrate(db, &applied)) {
            log_error("migration failed");
            db_close(db);
            return NULL;
        }
        if (applied)
            log_info("applied %d migration(s); schema version %d", applied, db_schema_version(db));
    }
    return db;
}
