/*
** beian regulator: the simulator of the communications administration (管局)
** behind MIIT's provider interface (企业系统接口规范 V3.0), a server of its
** own with its own SQLite database. This header is what the program (src/app)
** needs: the route table, the error page, and opening the database.
**
** Routes (docs/regulator-simulator.md):
**   POST /ISPWebService/upDownLoad, /BeianStatusWebService/queryBeianStatus,
**        /BeianStatusWebService/verifyBamm    the SOAP services; GET ?wsdl
**   GET/POST /sms                              the principal types a code
**   GET /console...                            received uploads, downloads,
**                                              SMS, registry, settings
**   /test/...                                  test controls (--test-controls)
*/
#ifndef BEIAN_SIMULATOR_SIM_H
#define BEIAN_SIMULATOR_SIM_H

#include <stddef.h>

#include "core/config.h"
#include "db/db.h"
#include "http/http.h"
#include "simulator/demo.h"

/* The namespace of the simulator's WSDL and of its answers' wrappers. */
#define SIM_SOAP_NS "urn:beian:regulator-simulator"

extern const Route sim_routes[];
extern const size_t sim_nroutes;

/* The error page of the simulator's HTML routes (ServerOptions.render_error). */
void sim_render_error(Req *r, int code);

/* Migrate the simulator's database at url, seed its registry at first
** start, give the demo subjects new filing passwords (described in demos)
** and apply the settings given on the command line (< 0: keep). Returns 0
** or a negative ErrCode after logging why. */
int sim_prepare(const char *url, int64_t isp, int64_t review_delay_s, int64_t return_rate,
                SimDemo demos[SIM_DEMO_COUNT], Arena *a);

#endif
