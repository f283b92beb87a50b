/*
** The staff's home (工作台): what waits for them.
*/
#include "core/i18n.h"
#include "db/db.h"
#include "model/account.h"
#include "tmpl_all.h"
#include "web/handlers.h"
#include "web/views.h"
#include "web/web.h"

int h_staff_home(Req *r) {
    HomeView v = {r, {0}, account_count(r->db, "pending")};
    int rc = account_get(r->db, &r->arena, r->who.account_id, &v.me);
    if (rc < 0) return rc;
    Buf body;
    buf_init(&body, &r->arena);
    Tmpl t = web_tmpl(r, &body);
    tmpl_staff_home(&t, &v);
    return web_page(r, 200, T(r->lang, "工作台"), &body);
}
