/*
** beian: the command-line entry point (Fossil-style subcommands).
**
**   beian serve      run the web server
**   beian migrate    bring the database schema up to date
**   beian user add   create an account (the first admin, staff, demo)
**   beian demo       create or refresh the demo accounts and print them
**   beian regulator  run the simulator of the communications administration
**   beian dev generate   fill the database with generated filings (benchmarks)
**   beian db copy    move a SQLite deployment to PostgreSQL, verified
**   beian backup / beian restore   a backup file of the deployment, and back
**   beian version
*/
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "core/config.h"

static void usage(FILE *f) {
    fprintf(f, "usage: beian <command> [options]\n\n"
               "commands:\n"
               "  serve      run the web server\n"
               "  migrate    apply database migrations\n"
               "  user add   create an account (see: beian user add --help)\n"
               "  demo       create the demo accounts (customer, reviewer, admin) and print them\n"
               "  regulator  run the simulator of the administration (管局)\n"
               "  dev generate  fill the database with N generated applications, for\n"
               "             benchmarks (see: beian dev generate --help)\n"
               "  db copy --to postgresql://...  copy this SQLite deployment (rows and\n"
               "             scans) into an empty PostgreSQL database and verify it\n"
               "  backup FILE   back the configured database up into FILE (SQLite: online\n"
               "             backup with checksums; PostgreSQL: pg_dump -Fc)\n"
               "  restore FILE  check FILE, then restore it into the configured database\n"
               "             (stopped servers only; --force replaces data)\n"
               "  version    print the version\n\n"
               "Every command takes --config FILE and the settings as --key=value;\n"
               "see `beian serve --help` for the settings.\n");
}

int main(int argc, char **argv) {
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "version") || !strcmp(cmd, "--version")) {
        printf("beian %s\n", BEIAN_VERSION);
        return 0;
    }
    if (!strcmp(cmd, "help") || !strcmp(cmd, "--help") || !strcmp(cmd, "-h")) {
        usage(stdout);
        return 0;
    }
    if (!strcmp(cmd, "serve")) return cmd_serve(argc - 1, argv + 1);
    if (!strcmp(cmd, "migrate")) return cmd_migrate(argc - 1, argv + 1);
    if (!strcmp(cmd, "demo")) return cmd_demo(argc - 1, argv + 1);
    if (!strcmp(cmd, "regulator")) return cmd_regulator(argc - 1, argv + 1);
    if (!strcmp(cmd, "user") && argc >= 3 && !strcmp(argv[2], "add"))
        return cmd_user_add(argc - 2, argv + 2);
    if (!strcmp(cmd, "dev") && argc >= 3 && !strcmp(argv[2], "generate"))
        return cmd_dev_generate(argc - 2, argv + 2);
    if (!strcmp(cmd, "db") && argc >= 3 && !strcmp(argv[2], "copy"))
        return cmd_db_copy(argc - 2, argv + 2);
    if (!strcmp(cmd, "backup")) return cmd_backup(argc - 1, argv + 1);
    if (!strcmp(cmd, "restore")) return cmd_restore(argc - 1, argv + 1);
    fprintf(stderr, "beian: unknown command '%s'\n\n", cmd);
    usage(stderr);
    return 2;
}
