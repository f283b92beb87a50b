/*
** The simulator's route table and the start-up of its database.
*/
#include <string.h>

#include "core/log.h"
#include "simulator/service.h"
#include "simulator/store.h"

#define ANY ROLES_ANY

const Route sim_routes[] = {
    /* MIIT's provider interface: POST SOAP 1.1, GET the WSDL (path?wsdl). */
    {HTTP_GET | HTTP_POST, "/ISPWebService/upDownLoad", h_sim_soap, ANY, RF_RAW, "sim_updown"},
    {HTTP_GET | HTTP_POST, "/BeianStatusWebService/queryBeianStatus", h_sim_soap, ANY, RF_RAW,
     "sim_status"},
    {HTTP_GET | HTTP_POST, "/BeianStatusWebService/verifyBamm", h_sim_soap, ANY, RF_RAW,
     "sim_verifybamm"},
    /* The principal's SMS page and the console. */
    {HTTP_GET, "/", h_sim_root, ANY, 0, "sim_root"},
    {HTTP_GET | HTTP_POST, "/sms", h_sim_sms, ANY, 0, "sim_sms"},
    {HTTP_GET, "/console", h_sim_console, ANY, 0, "sim_console"},
    {HTTP_GET, "/console/uploads", h_sim_console_uploads, ANY, 0, "sim_uploads"},
    {HTTP_GET, "/console/downloads", h_sim_console_downloads, ANY, 0, "sim_downloads"},
    {HTTP_GET, "/console/sms", h_sim_console_sms, ANY, 0, "sim_sms_list"},
    {HTTP_GET, "/console/registry", h_sim_console_registry, ANY, 0, "sim_registry"},
    {HTTP_GET | HTTP_POST, "/console/settings", h_sim_console_settings, ANY, 0, "sim_settings"},
    {HTTP_GET | HTTP_POST, "/console/test", h_sim_console_test, ANY, 0, "sim_test"},
    /* The test controls as JSON (404 without --test-controls). */
    {HTTP_GET, "/test/state", h_sim_test_state, ANY, RF_API, "sim_test_state"},
    {HTTP_POST, "/test/decide", h_sim_test_decide, ANY, RF_API | RF_JSON_ONLY, "sim_test_decide"},
    {HTTP_POST, "/test/sms", h_sim_test_sms, ANY, RF_API | RF_JSON_ONLY, "sim_test_sms"},
    {HTTP_POST, "/test/clock", h_sim_test_clock, ANY, RF_API | RF_JSON_ONLY, "sim_test_clock"},
    {HTTP_POST, "/test/fault", h_sim_test_fault, ANY, RF_API | RF_JSON_ONLY, "sim_test_fault"},
    {HTTP_POST, "/test/settings", h_sim_test_settings, ANY, RF_API | RF_JSON_ONLY,
     "sim_test_settings"},
    {HTTP_GET, "/static/*", h_sim_static, ANY, RF_NO_DB | RF_NO_LOG, "sim_static"},
};
const size_t sim_nroutes = sizeof sim_routes / sizeof sim_routes[0];

typedef struct Prepare {
    Arena *a;
    int64_t isp, review_delay_s, return_rate;
    SimDemo *demos;
} Prepare;

/* The settings given at start, and the demo subjects. */
static int prepare_tx(Db *db, void *ctx) {
    Prepare *p = ctx;
    SimSettings s = simstore_settings(db);
    if (p->review_delay_s >= 0) s.review_delay_s = p->review_delay_s;
    if (p->return_rate >= 0) s.return_rate = p->return_rate;
    int rc = simstore_settings_save(db, &s);
    return rc ? rc : sim_demo_seed(db, p->a, p->isp, sim_now(db), p->demos);
}

int sim_prepare(const char *url, int64_t isp, int64_t review_delay_s, int64_t return_rate,
                SimDemo demos[SIM_DEMO_COUNT], Arena *a) {
    Db *db = db_open(url);
    if (!db) return -ERR_UNAVAILABLE;
    int applied = 0;
    int rc = simstore_migrate(db, &applied);
    if (rc == 0) {
        Prepare p = {a, isp, review_delay_s, return_rate, demos};
        rc = db_tx(db, prepare_tx, &p);
    }
    if (rc)
        log_error("regulator: cannot prepare its database: %s", err_name(rc));
    else if (applied)
        log_info("regulator: applied %d migration(s)", applied);
    db_close(db);
    return rc;
}
