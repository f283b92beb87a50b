/*
** The simulator's HTTP handlers and what they share: the SOAP services
** (service.c, service_methods.c), the /sms page, the console and the test
** controls (pages.c, testapi.c).
*/
#ifndef BEIAN_SIMULATOR_SERVICE_H
#define BEIAN_SIMULATOR_SERVICE_H

#include <stdbool.h>

#include "core/config.h"
#include "core/tmpl.h"
#include "http/http.h"
#include "regulator/returns.h"
#include "regulator/soap.h"
#include "simulator/engine.h"
#include "simulator/sim.h"

/* One SOAP call being answered. */
typedef struct SimCall {
    Req *r;
    const Config *cfg;
    Arena *a;
    SoapRequest req;
    SimEnv env;
    RegReturn ret;      /* the answer */
    const char *detail; /* for the call log */
    bool drop;          /* fault: close the connection after the work */
} SimCall;

/* A fault armed by the test controls, taken by the call it applies to. */
typedef struct SimFault {
    const char *kind; /* maintenance | code | timeout_after_commit | bad_hash; NULL: none */
    int64_t code;     /* kind "code": the msg_code to answer */
} SimFault;

/* Take the armed fault if it applies to a call of method: its count goes
** down, and it is disarmed at 0. bad_hash takes only that kind (isp_download
** when it delivers a file), else any other kind. */
int sim_fault_take(Db *db, Arena *a, const char *method, bool bad_hash, SimFault *out);

/* The method's work (service_methods.c), inside the call's transaction:
** fills c->ret and c->detail. */
int sim_method(Db *db, SimCall *c);

/* Run the timers due now in a transaction of their own (failures logged). */
void sim_tick(Req *r, const Config *cfg);

/* The template context of a page (Chinese: the pages are bilingual inline). */
Tmpl sim_tmpl(Req *r, Buf *out);
/* Answer with body in the simulator's layout, an optional notice above it. */
int sim_page(Req *r, int status, const char *title, const char *notice, Buf *body);
/* A principal's answer to an SMS code, between two runs of the timers. */
int sim_sms_answer(Req *r, const char *mobile, const char *code, SmsOutcome *out,
                   int64_t *tries_left);

/* The handlers. */
int h_sim_root(Req *r);
int h_sim_static(Req *r);
int h_sim_soap(Req *r);
int h_sim_sms(Req *r);
int h_sim_console(Req *r);
int h_sim_console_uploads(Req *r);
int h_sim_console_downloads(Req *r);
int h_sim_console_sms(Req *r);
int h_sim_console_registry(Req *r);
int h_sim_console_settings(Req *r);
int h_sim_console_test(Req *r);
int h_sim_test_state(Req *r);
int h_sim_test_decide(Req *r);
int h_sim_test_sms(Req *r);
int h_sim_test_clock(Req *r);
int h_sim_test_fault(Req *r);
int h_sim_test_settings(Req *r);

#endif
