/*
** The reviewers' queues (/staff/queue and GET /api/v1/staff/queue): the
** applications waiting for the provider, oldest first, filtered, searched
** and paged by key; and the staff's home with the count of each queue.
*/
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "core/util.h"
#include "db/db.h"
#include "model/review_queue.h"
#include "model/workbench.h"
#include "rules/province.h"
#include "tmpl_all.h"
#include "web/filing_views.h"
#include "web/handlers.h"
#include "web/queue_input.h"
#include "web/review_views.h"
#include "web/web.h"

int h_staff_home(Req *r) {
    /* The review time limit: the admins' setting (limit_hours 0). */
    Workbench w = {.a = &r->arena, .account_id = r->who.account_id};
    int rc = web_tx_read(r, workbench_load, &w);
    if (rc < 0) return rc;
    HomeView v = {.r = r,
                  .me = w.me,
                  .pending_accounts = w.pending_accounts,
                  .waiting = w.queues.count[QUEUE_ALL],
                  .fresh = w.queues.count[QUEUE_NEW],
                  .resubmitted = w.queues.count[QUEUE_RESUBMITTED],
                  .returned = w.queues.count[QUEUE_RETURNED],
                  .to_send = w.queues.count[QUEUE_TO_SEND],
                  .mine = w.queues.mine,
                  .overdue = w.queues.overdue,
                  .waiting_more = w.queues.more[QUEUE_ALL],
                  .fresh_more = w.queues.more[QUEUE_NEW],
                  .resubmitted_more = w.queues.more[QUEUE_RESUBMITTED],
                  .returned_more = w.queues.more[QUEUE_RETURNED],
                  .to_send_more = w.queues.more[QUEUE_TO_SEND],
                  .overdue_more = w.queues.overdue_more};
    v.links = ARENA_NEW(&r->arena, LinkView, w.n_links + 1);
    for (size_t i = 0; i < w.n_links; i++) {
        const RegLinkState *l = &w.links[i];
        v.links[v.nlinks++] = (LinkView){
            .id = l->id,
            .isp_id = l->isp_id,
            .last_seq = l->last_seq,
            .accepted_seq = l->accepted_seq,
            .backlog = l->queued,
            .endpoint = l->endpoint && *l->endpoint ? l->endpoint : NULL,
            .last_contact = l->last_contact_at ? time_fmt_cst(&r->arena, l->last_contact_at) : NULL,
            .last_download =
                l->last_download_at ? time_fmt_cst(&r->arena, l->last_download_at) : NULL,
            .error = l->last_error && *l->last_error ? l->last_error : NULL,
            .oldest = l->oldest_queued_at ? time_fmt_cst(&r->arena, l->oldest_queued_at) : NULL,
            .next_error =
                l->last_message && *l->last_message
                    ? arena_printf(&r->arena, "%lld %s", (long long)l->last_code, l->last_message)
                    : NULL};
    }
    Buf body;
    buf_init(&body, &r->arena);
    Tmpl t = web_tmpl(r, &body);
    tmpl_staff_home(&t, &v);
    return web_page(r, 200, T(r->lang, "工作台"), &body);
}

static const char *const queue_ids[] = {"all", "new", "resubmitted", "returned", "to_send", NULL};
static const char *const claim_ids[] = {"", "mine", "unclaimed", NULL};
static const char *const commercial_ids[] = {"", "0", "1", NULL};

int queue_input_parse(Req *r, QueueInput *in, const Field *extra) {
    *in = (QueueInput){.queue = "all"};
    Field spec[24] = {
        SPEC_CHOICE("queue", &in->queue, queue_ids, .max = 20),
        SPEC_CHOICE("kind", &in->kind, filing_choice_ids("kind"), .max = 30),
        SPEC_CHOICE("province", &in->province, filing_choice_ids("province"), .max = 6),
        SPEC_CHOICE("nature", &in->nature, filing_choice_ids("nature"), .max = 20),
        SPEC_CHOICE("commercial", &in->commercial, commercial_ids, .max = 1),
        SPEC_CHOICE("claim", &in->claim, claim_ids, .max = 10),
        SPEC_TEXT("q", &in->q, .max = 100),
        SPEC_INT("days", &in->days, .min = 0, .max = 3650),
        SPEC_BOOL("overdue", &in->overdue),
        SPEC_INT("after_at", &in->after_at, .min = 0, .max = INT32_MAX),
        SPEC_INT("after_id", &in->after_id, .min = 0, .max = INT32_MAX),
        SPEC_INT("limit", &in->limit, .min = 0, .max = 200),
        FIELD_END,
    };
    size_t n = 0;
    while (spec[n].name)
        n++;
    for (size_t i = 0; extra && extra[i].name && n + 1 < sizeof spec / sizeof spec[0]; i++)
        spec[n++] = extra[i];
    int rc = spec_parse(r, spec);
    if (!*in->queue) in->queue = "all";
    return rc;
}

QueueFilter queue_input_filter(Req *r, const QueueInput *in) {
    return (QueueFilter){.queue = review_queue_parse(in->queue),
                         .kind = app_kind_parse(in->kind),
                         .province = atoi(in->province) / 10000,
                         .nature = nature_parse(in->nature),
                         .commercial = *in->commercial ? atoi(in->commercial) : -1,
                         .min_days = (int)in->days,
                         .overdue = in->overdue,
                         .claim = !strcmp(in->claim, "mine")        ? CLAIM_MINE
                                  : !strcmp(in->claim, "unclaimed") ? CLAIM_UNCLAIMED
                                                                    : CLAIM_ANY,
                         .me = r->who.account_id,
                         .q = in->q,
                         .after_at = in->after_at,
                         .after_id = in->after_id,
                         .limit = (int)in->limit};
}

/* "3 天" / "5 小时": how long a row has waited. The message's one "%lld" is
** replaced by hand (this runs for every row); a translation with any other
** conversion goes through printf. */
static const char *waited(Req *r, int64_t since, int64_t now) {
    int64_t h = since ? (now - since) / 3600 : 0;
    const char *fmt = h >= 48 ? T(r->lang, "%lld 天") : T(r->lang, "%lld 小时");
    if (h >= 48) h /= 24;
    const char *at = strstr(fmt, "%lld");
    if (!at || strchr(at + 4, '%') || memchr(fmt, '%', (size_t)(at - fmt)))
        return arena_printf(&r->arena, fmt, (long long)h);
    size_t pre = (size_t)(at - fmt), post = strlen(at + 4);
    char *out = arena_alloc(&r->arena, pre + 20 + post + 1), *p = out;
    memcpy(p, fmt, pre);
    p += pre;
    p += i64_to_dec(p, h);
    memcpy(p, at + 4, post + 1);
    return out;
}

/* The province's name: the seed row of the code (the same names as the
** "province" choices), else as the choices would name an unknown code. */
static const char *province_name(Req *r, int code) {
    if (!code) return "";
    size_t n = 0;
    const ProvinceRules *seed = province_seed(&n); /* before n is read */
    const ProvinceRules *p = province_find(seed, n, code);
    if (p) return r->lang == LANG_EN ? p->name_en : p->name_zh;
    return filing_choice_label("province", arena_printf(&r->arena, "%02d0000", code), r->lang);
}

static json_t *row_json(Req *r, const QueueRow *x) {
    return json_pack(
        "{s:I, s:s, s:s, s:s, s:s, s:s, s:s?, s:s, s:s, s:i, s:s, s:b, s:I, s:o, s:s?, "
        "s:s?, s:i}",
        "id", (json_int_t)x->id, "number", x->number, "kind", app_kind_id(x->kind), "kind_label",
        app_kind_label(x->kind, r->lang), "state", app_state_id(x->state), "subject_name",
        x->subject_name, "subject_number", x->subject_number, "domain", x->domain, "principal_name",
        x->principal_name, "province", x->province, "nature", x->nature, "commercial",
        x->commercial, "submitted_at", (json_int_t)x->submitted_at, "claimed_by",
        x->claimed_by ? json_integer(x->claimed_by) : json_null(), "claimed_login",
        x->claimed_login, "returned_by", x->returned_login, "review_round", x->review_round);
}

static int queue_json(Req *r, const QueuePage *p) {
    json_t *rows = json_array(), *next = json_null();
    for (size_t i = 0; i < p->n; i++)
        json_array_append_new(rows, row_json(r, &p->rows[i]));
    if (p->more && p->n)
        next = json_pack("{s:I, s:I}", "after_at", (json_int_t)p->rows[p->n - 1].submitted_at,
                         "after_id", (json_int_t)p->rows[p->n - 1].id);
    return resp_json(r, 200,
                     json_pack("{s:s, s:o, s:o, s:i}", "queue", review_queue_id(p->f.queue),
                               "applications", rows, "next", next, "limit_hours",
                               p->f.limit_hours));
}

static QueueRowView row_view(Req *r, const QueueRow *x, int64_t now, int limit_hours) {
    return (QueueRowView){
        .id = x->id,
        .number = x->number,
        .kind_label = app_kind_label(x->kind, r->lang),
        .state_label = app_state_name(x->state, r->lang),
        .badge = state_badge(x->state),
        .subject_name = x->subject_name,
        .subject_number = x->subject_number,
        .domain = x->domain,
        .principal = x->principal_name,
        .province = province_name(r, x->province),
        .nature = nature_label(nature_parse(x->nature), r->lang),
        .submitted = fmt_time(r, x->submitted_at),
        .waiting = waited(r, x->submitted_at, now),
        .claim = claim_view(r, x->state, x->claimed_by, x->claimed_login, x->returned_login),
        .overdue = now - x->submitted_at > (int64_t)limit_hours * 3600,
        .commercial = x->commercial,
        .resubmitted = x->review_round > 1};
}

/* The URL of this queue with other filters kept (Buf of "&k=v"). */
static void keep(Req *r, Buf *b, const char *key, const char *val) {
    if (!val || !*val) return;
    buf_printf(b, "&%s=", key);
    buf_url(b, val);
    (void)r;
}

static const char *filters_qs(Req *r, const QueueInput *in) {
    Buf b;
    buf_init(&b, &r->arena);
    keep(r, &b, "kind", in->kind);
    keep(r, &b, "province", in->province);
    keep(r, &b, "nature", in->nature);
    keep(r, &b, "commercial", in->commercial);
    keep(r, &b, "claim", in->claim);
    keep(r, &b, "q", in->q);
    if (in->days) buf_printf(&b, "&days=%lld", (long long)in->days);
    if (in->overdue) buf_puts(&b, "&overdue=1");
    return b.data ? b.data : "";
}

static ChoiceView *choices(Req *r, const char *list, const char *on, size_t *n) {
    const FilingChoice *c = filing_choices(list, n);
    ChoiceView *out = ARENA_NEW(&r->arena, ChoiceView, *n + 1);
    for (size_t i = 0; i < *n; i++)
        out[i] = (ChoiceView){c[i].id, r->lang == LANG_EN ? c[i].en : c[i].zh,
                              on && !strcmp(on, c[i].id)};
    return out;
}

/* "/staff/queue?queue=<queue><qs>" */
static const char *queue_href(Req *r, const char *queue, const char *qs) {
    Buf b;
    buf_init(&b, &r->arena);
    buf_reserve(&b, 32 + strlen(queue) + strlen(qs));
    buf_puts(&b, "/staff/queue?queue=");
    buf_puts(&b, queue);
    buf_puts(&b, qs);
    return b.data;
}

/* The tabs of the queues with their counts. */
static void queue_tabs(Req *r, QueueView *v, const QueueCounts *c, const char *qs) {
    v->tabs = ARENA_NEW(&r->arena, QueueTab, QUEUE__COUNT);
    for (int q = 1; q < QUEUE__COUNT; q++)
        v->tabs[v->ntabs++] = (QueueTab){.id = review_queue_id((ReviewQueue)q),
                                         .label = review_queue_label((ReviewQueue)q, r->lang),
                                         .href = queue_href(r, review_queue_id(q), qs),
                                         .count = c->count[q],
                                         .on = !strcmp(v->queue, review_queue_id((ReviewQueue)q)),
                                         .more = c->more[q]};
}

static int queue_render(Req *r, const QueueInput *in, const QueuePage *p, const QueueCounts *c) {
    const char *qs = filters_qs(r, in);
    QueueView v = {.r = r,
                   .queue = in->queue,
                   .q = in->q,
                   .claim = in->claim,
                   .kind = in->kind,
                   .province = in->province,
                   .nature = in->nature,
                   .commercial = in->commercial,
                   .days = in->days ? arena_printf(&r->arena, "%lld", (long long)in->days) : "",
                   .overdue = in->overdue,
                   .limit_hours = p->f.limit_hours};
    queue_tabs(r, &v, c, qs);
    v.rows = ARENA_NEW(&r->arena, QueueRowView, p->n + 1);
    for (size_t i = 0; i < p->n; i++)
        v.rows[v.n++] = row_view(r, &p->rows[i], p->now, p->f.limit_hours);
    if (p->more && p->n)
        v.next_href = arena_printf(&r->arena, "/staff/queue?queue=%s%s&after_at=%lld&after_id=%lld",
                                   in->queue, qs, (long long)p->rows[p->n - 1].submitted_at,
                                   (long long)p->rows[p->n - 1].id);
    v.kinds = choices(r, "kind", in->kind, &v.nkinds);
    v.provinces = choices(r, "province", in->province, &v.nprovinces);
    v.natures = choices(r, "nature", in->nature, &v.nnatures);
    Buf body;
    buf_init(&body, &r->arena);
    buf_reserve(&body, 8192 + 640 * p->n); /* about 600 bytes a row */
    Tmpl t = web_tmpl(r, &body);
    tmpl_staff_queue(&t, &v);
    return web_page(r, 200, T(r->lang, "审核队列"), &body);
}

int h_review_queue(Req *r) {
    QueueInput in;
    int rc = queue_input_parse(r, &in, NULL);
    if (rc < 0) return rc;
    int64_t now = time_now();
    QueueScreen s = {.page = {.a = &r->arena, .f = queue_input_filter(r, &in), .now = now},
                     .counts = {.me = r->who.account_id, .now = now}};
    rc = web_tx_read(r, r->api ? queue_page : queue_screen, r->api ? (void *)&s.page : &s);
    if (rc < 0) return rc;
    if (r->api) return queue_json(r, &s.page);
    return queue_render(r, &in, &s.page, &s.counts);
}
