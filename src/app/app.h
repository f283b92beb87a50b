/*
** The program's commands and the start-up they share: settings from file,
** environment and flags; the master key; the database and its migrations.
*/
#ifndef BEIAN_APP_APP_H
#define BEIAN_APP_APP_H

#include "core/config.h"
#include "db/db.h"

int cmd_serve(int argc, char **argv);
int cmd_migrate(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_user_add(int argc, char **argv);
int cmd_regulator(int argc, char **argv);    /* the administration simulator (regulator_cmd.c) */
int cmd_dev_generate(int argc, char **argv); /* app/generate.c */
int cmd_db_copy(int argc, char **argv);      /* SQLite to PostgreSQL (app/dbcopy.c) */
int cmd_backup(int argc, char **argv);       /* app/backup.c */
int cmd_restore(int argc, char **argv);      /* app/backup.c */

/* Extra options of a command, besides --config, --help and the settings. */
typedef struct CmdOption {
    const char *name;
    int has_arg;      /* 0 or 1 */
    const char **out; /* receives the argument, or "1" for a flag */
    const char *help;
} CmdOption;

/* Parse argv (argv[0] is the command name) into cfg and the extra options.
** Returns 0, 1 when --help was printed, or -1 after printing an error. */
int app_parse(int argc, char **argv, Config *cfg, const CmdOption *extra, const char *synopsis);
/* Load the master key and open the database; migrate when asked. NULL on
** failure, after logging why. */
Db *app_open(Config *cfg, bool migrate);

#endif
