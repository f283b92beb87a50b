/*
** The world of the gateway tests: `beian regulator` with its test controls
** and `beian serve` with its gateway pointed at it (both on 127.0.0.1), a
** reviewer and an admin logged in, and the flows that carry a filing
** through the administration.
*/
#ifndef BEIAN_TESTS_GATEWAY_FLOWS_H
#define BEIAN_TESTS_GATEWAY_FLOWS_H

#include "flows.h"

typedef struct GwWorld {
    Regulator *reg;
    Beian *srv;
    Client *rev, *admin;
    Client *sim; /* the simulator's test controls */
} GwWorld;

/* Start both (the administration reviews only when told: a long review
** delay), the gateway polling every second. */
void gw_start(GwWorld *w);
/* Stop both; 0 when both exited cleanly. */
int gw_stop(GwWorld *w);

/* An individual of Shanghai (filing_data.h's PERSON_SUBJECT) with an ID
** number of its own for each k: the administration refuses a subject it
** has already (1003). */
const char *gw_person(int k);
/* A new customer's first filing (its own person), submitted and passed by
** the reviewer; *c is the customer's client. */
long long gw_passed(GwWorld *w, const char *login, const char *domain, Client **c);
/* Wait (at most 30 s) until the customer's application is in state; the
** application's JSON (new reference). */
json_t *gw_wait_state(Client *c, long long id, const char *state);
/* The newest item of the simulator in state (sms, review, …). */
long long gw_sim_item(GwWorld *w, const char *state);
/* POST a JSON body to the simulator's test controls, fmt holding one %lld. */
void gw_sim_post(GwWorld *w, const char *path, const char *fmt, long long item);
/* An application the reviewer passed, carried by the administration to
** approved: the SMS answered (when it asks one), reviewed and approved. */
void gw_approve(GwWorld *w, Client *c, long long id, bool sms);
/* The simulator's last decision on an item, returned with an opinion. */
void gw_return(GwWorld *w, long long item, const char *opinion);

#endif
