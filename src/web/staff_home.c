/*
** The staff's home (工作台): what waits for them.
*/
#include "core/i18n.h"
#include "db/db.h"
#include "model/workbench.h"
#include "tmpl_all.h"
#include "web/handlers.h"
#include "web/views.h"
#include "web/web.h"

int h_staff_home(Req *r) {
    Workbench w = {.a = &r->arena, .account_id = r->who.account_id};
    int rc = db_tx_read(r->db, workbench_load, &w);
    if (rc < 0) return rc;
    HomeView v = {.r = r, .me = w.me, .pending_accounts = w.pending_accounts};
    Buf body;
    buf_init(&body, &r->arena);
    Tmpl t = web_tmpl(r, &body);
    tmpl_staff_home(&t, &v);
    return web_page(r, 200, T(r->lang, "工作台"), &body);
}
