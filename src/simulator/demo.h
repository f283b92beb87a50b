/*
** The simulator's demo subjects, filed "elsewhere" (through other providers
** of the registry): an enterprise and an individual, each with one site.
*/
#ifndef BEIAN_SIMULATOR_DEMO_H
#define BEIAN_SIMULATOR_DEMO_H

#include <stdint.h>

#include "core/arena.h"
#include "db/db.h"

#define SIM_DEMO_COUNT 2

typedef struct SimDemo {
    const char *kind; /* enterprise | individual */
    const char *name, *number, *site_number, *domain;
    const char *password; /* the filing password, new on every start */
    const char *state;    /* filed | cancelled */
} SimDemo;

/* File the demo subjects when the registry lacks them (first start), give
** them new filing passwords, and describe them in out. Run in a write
** transaction. */
int sim_demo_seed(Db *db, Arena *a, int64_t isp, int64_t now, SimDemo out[SIM_DEMO_COUNT]);

#endif
