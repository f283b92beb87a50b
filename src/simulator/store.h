/*
** The simulator's own database (sql/simulator, SQLite): its migrations, its
** settings, the simulated clock, the counter of bureau IDs and the log of
** calls and messages. Every function takes the connection of the calling
** thread; writers run inside the caller's transaction.
*/
#ifndef BEIAN_SIMULATOR_STORE_H
#define BEIAN_SIMULATOR_STORE_H

#include <stdint.h>

#include "core/arena.h"
#include "db/db.h"

/* The settings an operator changes on the console (and tests through /test). */
typedef struct SimSettings {
    int64_t review_delay_s; /* from SMS passed (or intake) to the review; 0: at once */
    int64_t return_rate;    /* percent of reviews that return the filing at random */
    int64_t queue_limit;    /* items in flight beyond which isp_upload answers 15 */
    int64_t bamm_limit;     /* isp_verifybamm checks of one number per hour (22 beyond) */
} SimSettings;

/* Apply the migrations of sql/simulator; *applied gets how many ran. Refuses
** a PostgreSQL database (the simulator is SQLite only). */
int simstore_migrate(Db *db, int *applied);

/* An integer setting, def when absent. */
int64_t simstore_get_int(Db *db, const char *key, int64_t def);
/* A text setting in the arena, NULL when absent. */
char *simstore_get_text(Db *db, Arena *a, const char *key);
int simstore_set_int(Db *db, const char *key, int64_t v);
int simstore_set_text(Db *db, const char *key, const char *v);

/* The operator's settings with their defaults (60 s, 0 %, 100, 5). */
SimSettings simstore_settings(Db *db);
/* Store s after bounding each value to its range. */
int simstore_settings_save(Db *db, const SimSettings *s);

/* The simulated clock: the real time plus the offset tests advance. */
int64_t sim_now(Db *db);
/* Move the simulated clock forward by seconds (>= 0). */
int sim_clock_advance(Db *db, int64_t seconds);

/* The next bureau ID (Ztid, Wzid, Ymid, Jrid, Ipid share one counter). */
int sim_next_id(Db *db, int64_t *id);

/* The calls the log keeps: older ones are deleted, a thousand at a time. */
#define SIM_CALLS_KEPT 10000

/* Record one SOAP call and its msg_code. Failures are logged, not returned:
** the log never decides an answer. The log keeps the last SIM_CALLS_KEPT
** calls (and up to a thousand more). */
void simstore_log_call(Db *db, int64_t at, const char *method, const char *ip, int64_t code,
                       const char *detail);
/* Record a message "sent" to a principal's mobile. */
int simstore_message(Db *db, int64_t at, const char *mobile, int64_t item_id, const char *text);

/* t as "YYYY-MM-DD HH:MM:SS" in China Standard Time (UTC+8), in the arena. */
char *sim_time_text(Arena *a, int64_t t);
/* s cut to at most max characters (code points), in the arena. */
char *sim_cut(Arena *a, const char *s, size_t max);
/* A random password of n (<= 64) letters and digits, none ambiguous (no 0 O 1
** l I), in the arena: filing passwords and the provider's. */
char *sim_password(Arena *a, size_t n);
/* A mobile number with its middle masked: 138****5678. */
char *sim_mask_mobile(Arena *a, const char *mobile);

#endif
