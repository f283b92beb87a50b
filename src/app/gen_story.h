/*
** The life of one generated subject (for `beian dev generate`): which
** applications its customer files, in which order, what becomes of each
** (every step taken through the lifecycle's own table, so no generated
** application is in a state it could not reach), who acted and when.
** Pure: no rows, no database.
*/
#ifndef BEIAN_APP_GEN_STORY_H
#define BEIAN_APP_GEN_STORY_H

#include <stdbool.h>
#include <stdint.h>

#include "app/gen_data.h"
#include "rules/vocab.h"

#define STORY_MAX_APPS   16
#define STORY_MAX_SITES  8
#define STORY_MAX_EVENTS 16

/* Where the last application of a story ends (the earlier ones are filed,
** after an occasional attempt that was withdrawn or closed). */
typedef enum StoryEnd {
    END_APPROVED = 1,
    END_DRAFT,
    END_NEW,         /* 待接入商核实, first round */
    END_RESUBMITTED, /* back after a return */
    END_PROVIDER_RETURNED,
    END_TO_SEND, /* passed, waiting to be sent */
    END_SMS,     /* sent; SMS verification running */
    END_REGULATOR_REVIEW,
    END_REGULATOR_RETURNED,
    END_WITHDRAWN,
    END_CLOSED,
    END__COUNT
} StoryEnd;

typedef struct StoryEvent {
    AppEvent event;
    AppState from, to;
    Role role;
    int64_t actor; /* account id; 0 for the system */
    int64_t at;
} StoryEvent;

typedef struct StoryApp {
    AppKind kind;
    int site;  /* index into Story.sites; -1 when the kind names no site */
    int steps; /* form steps saved (-1: all) */
    StoryEvent ev[STORY_MAX_EVENTS];
    int nev;
    AppState state;
    int64_t created_at, updated_at;
} StoryApp;

typedef struct StorySite {
    int j;        /* the subject's site number: 0 for its first */
    int added_by; /* index of the application that brought it */
    bool filed;   /* a number was given */
    int seq;      /* its number's sequence (-N) once filed */
    int64_t filed_at;
} StorySite;

typedef struct Story {
    SubjectNature nature;
    int province;
    AppKind first; /* first_filing, or a claim: new_site_external / new_access */
    StoryApp apps[STORY_MAX_APPS];
    int napps;
    StorySite sites[STORY_MAX_SITES];
    int nsites;
} Story;

/* Whom the staff events name. */
typedef struct StoryStaff {
    const int64_t *reviewers;
    int nreviewers;
} StoryStaff;

/* Plan a subject of at most max_apps applications (>= 1) for customer
** account `customer`, its events ending before `now`. `when` (0..1) is
** its place among the subjects made, oldest first: a subject made later
** files later, as ids follow time in a database that grew. */
void story_plan(GenRng *r, const StoryStaff *staff, int64_t customer, int64_t now, double when,
                int max_apps, Story *out);

#endif
