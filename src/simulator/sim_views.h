/*
** What the simulator's templates (templates/sim) receive. Its pages are
** bilingual inline (Chinese · English): an operator's and a tester's tool,
** outside Beian's catalogs.
*/
#ifndef BEIAN_SIMULATOR_SIM_VIEWS_H
#define BEIAN_SIMULATOR_SIM_VIEWS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/tmpl.h"
#include "http/http.h"
#include "simulator/store.h"

typedef struct SimLayout {
    const char *title;
    const char *section; /* the route's name, for the navigation */
    const char *notice;  /* a line above the body, or NULL */
    bool test_controls;  /* show the test controls' link */
    Html body;
} SimLayout;

/* A table: n_rows rows of n_cols cells, row-major; links[i] (may be NULL)
** makes the first cell of row i a link. */
typedef struct SimTable {
    const char *title;
    const char *const *heads;
    size_t n_cols;
    const char **cells;
    const char **links;
    size_t n_rows;
    const char *empty; /* shown without rows */
} SimTable;

typedef struct SimOverview {
    int64_t isp;
    const char *user, *clock, *offset;
    int64_t last_sequence, in_flight, downloads_waiting, uploads, registry_subjects;
} SimOverview;

typedef struct SimSmsView {
    const char *mobile;  /* as typed */
    const char *outcome; /* what happened, or NULL */
    bool ok;
} SimSmsView;

typedef struct SimSettingsView {
    SimSettings s;
} SimSettingsView;

typedef struct SimSearchView {
    const char *q;
} SimSearchView;

typedef struct SimTestView {
    const char *fault; /* the armed fault, "" when none */
} SimTestView;

#endif
