/*
** The inbox (站内信) of every account, customer or staff: the messages of
** model/notify.h, newest first, paged by id; reading one marks it read and
** opens the page of its next step.
*/
#include <string.h>

#include "core/i18n.h"
#include "core/util.h"
#include "db/db.h"
#include "model/notify.h"
#include "tmpl_all.h"
#include "web/handlers.h"
#include "web/views.h"
#include "web/web.h"

static json_t *notice_json(const Notice *n) {
    return json_pack("{s:I, s:s, s:s, s:s, s:s, s:I, s:b, s:I}", "id", (json_int_t)n->id, "kind",
                     n->kind, "title", n->title, "body", n->body, "link", n->link, "created_at",
                     (json_int_t)n->created_at, "read", n->read_at != 0, "application_id",
                     (json_int_t)n->application_id);
}

int h_inbox(Req *r) {
    int64_t before = 0, limit = 20;
    bool unread = false;
    const Field spec[] = {
        SPEC_INT("before", &before, .min = 0),
        SPEC_INT("limit", &limit, .min = 1, .max = 100),
        SPEC_BOOL("unread", &unread),
        FIELD_END,
    };
    int rc = spec_parse(r, spec);
    if (rc < 0) return rc;
    InboxPage op = {.a = &r->arena,
                    .account_id = r->who.account_id,
                    .before = before,
                    .limit = (int)limit,
                    .unread_only = unread};
    rc = db_tx_read(r->db, inbox_page, &op);
    if (rc < 0) return rc;
    if (r->api) {
        json_t *list = json_array();
        for (size_t i = 0; i < op.n; i++)
            json_array_append_new(list, notice_json(&op.rows[i]));
        return resp_json(r, 200,
                         json_pack("{s:o, s:I, s:I}", "notices", list, "unread",
                                   (json_int_t)op.unread, "next_before",
                                   (json_int_t)op.next_before));
    }
    InboxView v = {.r = r,
                   .rows = op.rows,
                   .n = op.n,
                   .next_before = op.next_before,
                   .unread = op.unread,
                   .unread_only = unread};
    Buf body;
    buf_init(&body, &r->arena);
    Tmpl t = web_tmpl(r, &body);
    tmpl_account_inbox(&t, &v);
    return web_page(r, 200, T(r->lang, "站内信"), &body);
}

/* One message (POST /inbox/:id/read: then its page) or all (read-all). */
static int inbox_mark(Req *r, int64_t id) {
    InboxRead op = {
        .a = &r->arena, .account_id = r->who.account_id, .id = id, .who = http_actor(r)};
    int rc = db_tx(r->db, inbox_read, &op);
    if (rc < 0) return rc;
    if (r->api) return resp_json(r, 200, json_pack("{s:I}", "unread", (json_int_t)op.unread));
    return resp_redirect(r, id && *op.link == '/' ? op.link : "/inbox");
}

int h_inbox_read(Req *r) {
    int64_t id = req_param_id(r, "id");
    if (!id) return -ERR_NOT_FOUND;
    return inbox_mark(r, id);
}

int h_inbox_read_all(Req *r) {
    return inbox_mark(r, 0);
}
