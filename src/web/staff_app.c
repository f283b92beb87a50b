/*
** The staff's view of an application (the QR code on the printed
** verification form leads here). Every staff view is audited.
*/
#include "db/db.h"
#include "web/app_page.h"
#include "web/filing_json.h"
#include "web/handlers.h"
#include "web/web.h"

int h_staff_app_page(Req *r) {
    AppView v = {.a = &r->arena,
                 .app_id = req_param_id(r, "id"),
                 .audit_action = "application.view",
                 .who = http_actor(r)};
    int rc = db_tx(r->db, app_view, &v);
    if (rc < 0) return rc;
    if (r->api) return resp_json(r, 200, application_json(r, &v, false));
    return app_page_render(r, &v, true, 200);
}
