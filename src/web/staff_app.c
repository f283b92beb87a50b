/*
** The staff's page of one application (接入商审核): everything a reviewer
** needs to decide it, and its JSON twin with the actions possible now. The
** QR code on the printed verification form leads here. Every view is
** audited; ?unmask=1 shows personal data in clear, audited as such.
*/
#include <string.h>

#include "core/i18n.h"
#include "core/util.h"
#include "db/db.h"
#include "model/review.h"
#include "tmpl_all.h"
#include "web/app_page.h"
#include "web/filing_json.h"
#include "web/filing_views.h"
#include "web/handlers.h"
#include "web/review_page.h"
#include "web/review_views.h"
#include "web/web.h"

Role staff_role(Req *r) {
    return r->who.role_bit == ROLE_BIT_ADMIN ? ROLE_ADMIN : ROLE_REVIEWER;
}

Reviewer staff_reviewer(Req *r) {
    return (Reviewer){.who = http_actor(r), .role = staff_role(r)};
}

static bool unmask_asked(Req *r) {
    const char *q = req_query(r, r->api ? "reveal" : "unmask");
    return q && !strcmp(q, "1");
}

int review_load(Req *r, ReviewView *rv) {
    bool unmask = unmask_asked(r);
    *rv = (ReviewView){.v = {.a = &r->arena,
                             .app_id = req_param_id(r, "id"),
                             .audit_action = unmask ? "application.reveal" : NULL,
                             .who = http_actor(r)},
                       .role = staff_role(r)};
    return db_tx(r->db, review_view, rv);
}

int h_staff_app_page(Req *r) {
    ReviewView rv;
    int rc = review_load(r, &rv);
    if (rc < 0) return rc;
    if (r->api) return resp_json(r, 200, review_json(r, &rv, unmask_asked(r)));
    return review_page_render(r, &rv, unmask_asked(r), 200);
}
