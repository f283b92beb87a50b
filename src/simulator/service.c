/*
** The SOAP services of the simulator: the six methods of MIIT's provider
** interface on their three paths, their WSDL at path?wsdl, authentication,
** the faults the test controls inject, and every call logged (sim_calls).
**
** A call runs in three transactions: the timers due (engine_tick), the
** call's own work with its log row, and the timers again (what the call made
** due at once, with a review delay of 0). A SOAP envelope that cannot be
** read is answered with a SOAP fault; everything else with a <return>.
*/
#include <string.h>

#include "core/err.h"
#include "core/log.h"
#include "http/server.h"
#include "regulator/auth.h"
#include "regulator/codes.h"
#include "regulator/payload.h"
#include "regulator/returns.h"
#include "regulator/soap.h"
#include "simulator/service.h"
#include "simulator/store.h"

/* ---------------------------------------------------------------- faults */

int sim_fault_take(Db *db, Arena *a, const char *method, bool bad_hash, SimFault *out) {
    *out = (SimFault){0};
    char *kind = simstore_get_text(db, a, "fault_kind");
    if (!kind || !*kind) return 0;
    char *only = simstore_get_text(db, a, "fault_method");
    if (only && *only && strcmp(only, method) != 0) return 0;
    if (bad_hash != !strcmp(kind, "bad_hash")) return 0;
    int64_t left = simstore_get_int(db, "fault_count", 1) - 1;
    int rc = simstore_set_int(db, "fault_count", left);
    if (rc == 0 && left <= 0) rc = simstore_set_text(db, "fault_kind", "");
    if (rc) return rc;
    out->kind = kind;
    out->code = simstore_get_int(db, "fault_code", 999);
    return 0;
}

/* ----------------------------------------------------------------- calls */

/* The provider's account as the configuration gives it. */
static int authenticate(const Config *cfg, const SoapRequest *q) {
    if (q->isp_id != cfg->regulator_isp_id) return 12;
    int rc = auth_check(cfg->regulator_user, cfg->regulator_password, q->user, q->randval,
                        q->pwdhash, q->hash_alg);
    return rc ? regulator_err_code(rc) : 0;
}

/* The work of one call inside its transaction (rerun on a retry). */
static int call_tx(Db *db, void *ctx) {
    SimCall *c = ctx;
    RegMethod m = c->req.method;
    const char *name = soap_method_name(m);
    c->ret = (RegReturn){.verify = -1};
    c->drop = false;
    c->detail = NULL;
    c->env = sim_env(db, c->cfg->regulator_isp_id);
    int code = authenticate(c->cfg, &c->req);
    SimFault f = {0};
    int rc = code ? 0 : sim_fault_take(db, c->a, name, false, &f);
    if (rc) return rc;
    if (code) {
        c->ret.msg_code = code;
    } else if (f.kind && (!strcmp(f.kind, "maintenance") || !strcmp(f.kind, "code"))) {
        c->ret.msg_code = !strcmp(f.kind, "code") ? f.code : m == REG_UPLOAD ? 901 : 902;
        c->detail = arena_printf(c->a, "fault %s", f.kind);
    } else {
        c->drop = f.kind && !strcmp(f.kind, "timeout_after_commit");
        rc = sim_method(db, c);
        if (rc) return rc;
    }
    if (c->drop)
        c->detail = arena_printf(c->a, "%s; then dropped (fault)", c->detail ? c->detail : "");
    simstore_log_call(db, c->env.now, name, c->r->ip, c->ret.msg_code, c->detail);
    return 0;
}

/* The timers due now, in a transaction of their own: a failure is logged,
** never the call's. */
static int tick_tx(Db *db, void *ctx) {
    SimCall *c = ctx;
    SimEnv env = sim_env(db, c->cfg->regulator_isp_id);
    return engine_tick(db, c->a, &env);
}

void sim_tick(Req *r, const Config *cfg) {
    SimCall c = {.r = r, .cfg = cfg, .a = &r->arena};
    int rc = db_tx(r->db, tick_tx, &c);
    if (rc) log_error("regulator: the timers failed: %s", err_name(rc));
}

/* Answer the call with its <return> in a SOAP envelope. */
static int answer(Req *r, SimCall *c) {
    char *ret = NULL, *env = NULL;
    int rc = returns_build(&r->arena, c->req.method, &c->ret, &ret);
    if (rc) {
        log_error("regulator: cannot build the answer: %s", err_name(rc));
        c->ret = (RegReturn){.msg_code = 999, .verify = -1};
        rc = returns_build(&r->arena, c->req.method, &c->ret, &ret);
    }
    if (rc == 0) rc = soap_response_build(&r->arena, c->req.method, SIM_SOAP_NS, ret, &env);
    if (rc) return rc;
    return resp_text(r, 200, "text/xml; charset=utf-8", env, strlen(env));
}

/* A SOAP fault (HTTP 500): the envelope could not be read. */
static int fault(Req *r, const char *why) {
    char *env = NULL;
    if (soap_fault_build(&r->arena, 1, why ? why : "malformed request", &env)) return -ERR_INTERNAL;
    return resp_text(r, 500, "text/xml; charset=utf-8", env, strlen(env));
}

/* GET path?wsdl (any GET of the path): the service description. */
static int wsdl(Req *r) {
    const char *host = req_header(r, "Host");
    char *loc = arena_printf(&r->arena, "http://%s%s", host ? host : "127.0.0.1", r->path);
    char *doc = NULL;
    if (soap_wsdl_build(&r->arena, r->path, SIM_SOAP_NS, loc, &doc)) return -ERR_NOT_FOUND;
    return resp_text(r, 200, "text/xml; charset=utf-8", doc, strlen(doc));
}

/* POST: one SOAP call of the path's service; GET: its WSDL. */
int h_sim_soap(Req *r) {
    if (r->method != HTTP_POST) return wsdl(r);
    const Config *cfg = server_config(r->srv);
    SimCall c = {.r = r, .cfg = cfg, .a = &r->arena};
    char *why = NULL;
    const char *body = r->body.data ? r->body.data : "";
    if (soap_request_parse(&r->arena, body, r->body.len, r->path, &c.req, &why)) {
        log_info("regulator: SOAP request refused: %s", why ? why : "?");
        return fault(r, why);
    }
    sim_tick(r, cfg);
    int rc = db_tx(r->db, call_tx, &c);
    if (rc) {
        log_error("regulator: %s failed: %s", soap_method_name(c.req.method), err_name(rc));
        c.ret = (RegReturn){.msg_code = 999, .verify = -1};
    }
    sim_tick(r, cfg);
    if (c.drop && rc == 0) {
        r->drop = true; /* timeout after commit: the work stands, the answer never comes */
        return 0;
    }
    return answer(r, &c);
}
