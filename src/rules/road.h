/*
** The road of an application (issue 10, guidance): its stages as the
** customer sees them — provider review, the administration's SMS check, the
** administration's review, filed (or the change and cancel equivalents) —
** named as the source names them (app_state_label), where the application
** stands, the typical time of each stage, and what the customer must do
** now. Pure.
*/
#ifndef BEIAN_RULES_ROAD_H
#define BEIAN_RULES_ROAD_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "rules/vocab.h"

typedef enum RoadMark { ROAD_TODO = 0, ROAD_NOW, ROAD_DONE, ROAD_STOPPED } RoadMark;

typedef struct RoadStage {
    const char *name; /* the source's status name of the stage */
    const char *time; /* its typical time ("" none) */
    RoadMark mark;
} RoadStage;

typedef struct Road {
    RoadStage stages[5];
    size_t n;
    const char *now; /* what the customer must do now */
} Road;

/* What the road needs besides the kind and the state. */
typedef struct RoadFacts {
    int review_hours;                           /* the provider's review time */
    int regulator_days_min, regulator_days_max; /* the province's (0: unknown) */
    const char *sms_deadline;                   /* Beijing time, or NULL */
} RoadFacts;

void road_build(Arena *a, AppKind k, AppState s, Lang lang, const RoadFacts *f, Road *out);

#endif
