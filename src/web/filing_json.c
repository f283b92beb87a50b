/*
** JSON of filing objects.
*/
#include "web/filing_json.h"

#include <string.h>

#include "core/util.h"

#include "model/review.h"
#include "rules/lifecycle.h"
#include "web/app_page.h"
#include "web/filing_views.h"

static json_t *str_or_null(const char *s) {
    return s ? json_string(s) : json_null();
}

json_t *overview_json(Req *r, const Overview *o) {
    json_t *sites = json_array(), *apps = json_array();
    for (size_t i = 0; i < o->nsites; i++) {
        const SiteView *s = &o->sites[i];
        json_array_append_new(
            sites, json_pack("{s:I, s:s, s:s, s:o, s:s, s:s}", "id", (json_int_t)s->site.id, "name",
                             s->name, "domain", s->domain, "site_number",
                             str_or_null(s->site.site_number), "status", site_status_id(s->status),
                             "status_label", site_status_label(s->status, r->lang)));
    }
    for (size_t i = 0; i < o->napps; i++) {
        const Application *a = &o->apps[i];
        json_array_append_new(
            apps, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:I}", "id", (json_int_t)a->id,
                            "number", a->number, "kind", app_kind_id(a->kind), "kind_label",
                            app_kind_label(a->kind, r->lang), "state", app_state_id(a->state),
                            "state_label", app_state_label(a->kind, a->state, r->lang),
                            "updated_at", (json_int_t)a->updated_at));
    }
    json_t *subject = json_null();
    if (o->has_subject)
        subject = json_pack("{s:I, s:s, s:s, s:o, s:s, s:s}", "id", (json_int_t)o->subject.id,
                            "name", o->subject.name, "nature", o->subject.nature, "subject_number",
                            str_or_null(o->subject.subject_number), "status",
                            subject_status_id(o->status), "status_label",
                            subject_status_label(o->status, r->lang));
    return json_pack("{s:o, s:o, s:o, s:b}", "subject", subject, "sites", sites, "applications",
                     apps, "in_flight", o->in_flight);
}

/* ---- The application, written straight into a Buf ------------------------
** What json_pack and json_dump_callback(JSON_COMPACT) made of it, byte for
** byte, without jansson's tree (building, writing and freeing it was a
** third of an application read, issue 13). As with json_pack: a string
** that is NULL or not UTF-8 drops the array item (or the values' key) it
** is in, and the whole answer when it is one of the answer's own. */

typedef struct JsonW {
    Buf *b;
    bool bad; /* a NULL or invalid string since the last mark */
} JsonW;

/* A string as jansson dumps it without JSON_ENSURE_ASCII. */
static void jw_str(JsonW *w, const char *s) {
    if (!s) {
        w->bad = true;
        return;
    }
    Buf *b = w->b;
    buf_putc(b, '"');
    const char *run = s, *p = s;
    while (*p) {
        unsigned char c = (unsigned char)*p;
        if (c >= 0x80) {
            if (utf8_next(&p, p + strnlen(p, 4)) < 0) {
                w->bad = true;
                return;
            }
            continue;
        }
        if (c >= 0x20 && c != '"' && c != '\\') {
            p++;
            continue;
        }
        buf_append(b, run, (size_t)(p - run));
        const char *e = c == '"'    ? "\\\""
                        : c == '\\' ? "\\\\"
                        : c == '\b' ? "\\b"
                        : c == '\f' ? "\\f"
                        : c == '\n' ? "\\n"
                        : c == '\r' ? "\\r"
                        : c == '\t' ? "\\t"
                                    : NULL;
        if (e)
            buf_puts(b, e);
        else
            buf_printf(b, "\\u%04X", c);
        run = ++p;
    }
    buf_append(b, run, (size_t)(p - run));
    buf_putc(b, '"');
}

/* A key; the first of an object opens it. */
static void jw_key(JsonW *w, bool first, const char *key) {
    buf_putc(w->b, first ? '{' : ',');
    buf_putc(w->b, '"');
    buf_puts(w->b, key);
    buf_puts(w->b, "\":");
}

static void jw_ks(JsonW *w, bool first, const char *key, const char *s) {
    jw_key(w, first, key);
    jw_str(w, s);
}

static void jw_ks_or_null(JsonW *w, bool first, const char *key, const char *s) {
    jw_key(w, first, key);
    if (s)
        jw_str(w, s);
    else
        buf_puts(w->b, "null");
}

static void jw_ki(JsonW *w, bool first, const char *key, int64_t i) {
    jw_key(w, first, key);
    buf_put_i64(w->b, i);
}

static void jw_kb(JsonW *w, bool first, const char *key, bool on) {
    jw_key(w, first, key);
    buf_puts(w->b, on ? "true" : "false");
}

/* An array's items: each begun with item_begin and ended with item_end,
** which takes it back out when one of its strings was bad. */
typedef struct JsonItems {
    size_t n, mark;
    bool outer_bad;
} JsonItems;

static void item_begin(JsonW *w, JsonItems *it) {
    it->mark = w->b->len;
    it->outer_bad = w->bad;
    w->bad = false;
    if (it->n) buf_putc(w->b, ',');
}

static void item_end(JsonW *w, JsonItems *it) {
    if (w->bad) {
        w->b->len = it->mark;
        w->b->data[it->mark] = 0;
    } else {
        it->n++;
    }
    w->bad = it->outer_bad;
}

static void checklist_write(JsonW *w, Req *r, const Checklist *c) {
    bool en = r->lang == LANG_EN;
    buf_puts(w->b, "{\"items\":[");
    JsonItems it = {0};
    for (size_t i = 0; i < c->n_items; i++) {
        const ChecklistItem *ci = &c->items[i];
        item_begin(w, &it);
        jw_ks(w, true, "code", ci->code);
        jw_ks(w, false, "name", en ? ci->en : ci->zh);
        jw_ki(w, false, "copies", ci->total);
        jw_ks(w, false, "signature", signature_label(ci->signature, r->lang));
        jw_kb(w, false, "printed", ci->printed);
        jw_kb(w, false, "upload", ci->upload);
        jw_ks_or_null(w, false, "note", en ? ci->note_en : ci->note_zh);
        buf_putc(w->b, '}');
        item_end(w, &it);
    }
    buf_puts(w->b, "],\"notices\":[");
    it = (JsonItems){0};
    for (size_t i = 0; i < c->n_notices; i++) {
        item_begin(w, &it);
        jw_ks(w, true, "code", c->notices[i].code);
        jw_ks(w, false, "text", en ? c->notices[i].en : c->notices[i].zh);
        buf_putc(w->b, '}');
        item_end(w, &it);
    }
    buf_puts(w->b, "],\"onsite\":");
    buf_puts(w->b, c->onsite ? "true" : "false");
    buf_putc(w->b, '}');
}

/* A value: an item of the values object, dropped when its text is bad. */
static void values_write(JsonW *w, Req *r, const Application *app, bool reveal) {
    buf_putc(w->b, '{');
    JsonItems keys = {0};
    size_t n;
    const FilingField *f = filing_fields(&n);
    for (size_t i = 0; i < n; i++) {
        if (!values_has(&app->values, f[i].id) || f[i].input == IN_SECRET) continue;
        const char *s = values_get(&app->values, f[i].id);
        if (!reveal && (f[i].flags & FD_PERSONAL)) s = field_display(r, &f[i], &app->values);
        item_begin(w, &keys);
        buf_putc(w->b, '"');
        buf_puts(w->b, f[i].key);
        buf_puts(w->b, "\":");
        if (f[i].input == IN_MULTI || f[i].input == IN_LINES) {
            size_t k;
            const char **items = values_list(&app->values, f[i].id, &k);
            buf_putc(w->b, '[');
            JsonItems list = {0};
            for (size_t j = 0; j < k; j++) {
                item_begin(w, &list);
                jw_str(w, items[j]);
                item_end(w, &list);
            }
            buf_putc(w->b, ']');
        } else if (f[i].input == IN_BOOL) {
            buf_puts(w->b, values_flag(&app->values, f[i].id) ? "true" : "false");
        } else {
            jw_str(w, s);
        }
        item_end(w, &keys);
    }
    buf_putc(w->b, '}');
}

static const char *guide_id(const AppView *v) {
    if (v->app.state != STATE_REGULATOR_RETURNED) return NULL;
    static const char *const ids[] = {[GUIDE_NO_FORM] = "no_form",
                                      [GUIDE_COMMERCIAL] = "commercial",
                                      [GUIDE_SUPPLEMENT] = "supplement",
                                      [GUIDE_OTHER] = "other"};
    ReturnGuide g = return_guide_of(v->reasons, v->nreasons, v->supplement);
    return g ? ids[g] : NULL;
}

static void head_write(JsonW *w, Req *r, const AppView *v) {
    const Application *a = &v->app;
    jw_ki(w, true, "id", a->id);
    jw_ks(w, false, "number", a->number);
    jw_ks(w, false, "kind", app_kind_id(a->kind));
    jw_ks(w, false, "kind_label", app_kind_label(a->kind, r->lang));
    jw_ks(w, false, "state", app_state_id(a->state));
    jw_ks(w, false, "state_label", app_state_label(a->kind, a->state, r->lang));
    jw_ks_or_null(w, false, "subject_number", v->subject.subject_number);
    jw_key(w, false, "site_id");
    if (a->site_id)
        buf_put_i64(w->b, a->site_id);
    else
        buf_puts(w->b, "null");
    jw_key(w, false, "batch_id");
    if (a->batch_id)
        buf_put_i64(w->b, a->batch_id);
    else
        buf_puts(w->b, "null");
    jw_kb(w, false, "complete", v->complete);
    jw_key(w, false, "steps");
    buf_putc(w->b, '[');
    size_t n;
    const FilingStep *st = filing_steps(a->kind, &n);
    JsonItems it = {0};
    for (size_t i = 0; i < n; i++) {
        item_begin(w, &it);
        jw_ks(w, true, "id", filing_step_id(st[i]));
        jw_ks(w, false, "label", filing_step_label(st[i], r->lang));
        jw_kb(w, false, "done", st[i] == STEP_VERIFY ? 0 : app_step_done(a, st[i]));
        buf_putc(w->b, '}');
        item_end(w, &it);
    }
    buf_putc(w->b, ']');
}

static void history_write(JsonW *w, Req *r, const AppView *v) {
    jw_key(w, false, "issues");
    buf_putc(w->b, '[');
    JsonItems it = {0};
    for (size_t i = 0; i < v->issues.n; i++) {
        item_begin(w, &it);
        jw_ks(w, true, "field", filing_field_key(v->issues.items[i].field));
        jw_ks(w, false, "code", err_name(v->issues.items[i].code));
        jw_ks(w, false, "message", err_msg(v->issues.items[i].code, r->lang));
        buf_putc(w->b, '}');
        item_end(w, &it);
    }
    buf_puts(w->b, "],\"checklist\":");
    checklist_write(w, r, &v->checklist);
    buf_puts(w->b, ",\"return_reasons\":[");
    it = (JsonItems){0};
    for (size_t i = 0; i < v->nreasons; i++) {
        item_begin(w, &it);
        jw_ks(w, true, "field", filing_field_key(v->reasons[i].field));
        jw_ks(w, false, "reason", v->reasons[i].reason);
        jw_ks(w, false, "suggestion", v->reasons[i].suggestion);
        buf_putc(w->b, '}');
        item_end(w, &it);
    }
    buf_puts(w->b, "],\"transitions\":[");
    it = (JsonItems){0};
    for (size_t i = 0; i < v->ntransitions; i++) {
        const Transition *t = &v->transitions[i];
        item_begin(w, &it);
        jw_ki(w, true, "at", t->at);
        jw_ks(w, false, "event", t->event);
        jw_ks(w, false, "from", t->from_state);
        jw_ks(w, false, "to", t->to_state);
        jw_ks(w, false, "actor_role", t->actor_role);
        jw_ks_or_null(w, false, "actor", t->actor_login);
        jw_ks(w, false, "note", t->note);
        buf_putc(w->b, '}');
        item_end(w, &it);
    }
    buf_putc(w->b, ']');
}

void application_json_write(Req *r, Buf *b, const AppView *v, bool reveal) {
    const Application *a = &v->app;
    JsonW w = {.b = b};
    size_t start = b->len;
    head_write(&w, r, v);
    jw_key(&w, false, "values");
    values_write(&w, r, a, reveal);
    history_write(&w, r, v);
    jw_ks(&w, false, "customer_note", a->customer_note ? a->customer_note : "");
    jw_kb(&w, false, "editable", lifecycle_customer_can_edit(a->state));
    jw_kb(&w, false, "can_withdraw",
          (lifecycle_events(a->kind, a->state, ROLE_CUSTOMER) & (1u << EVENT_WITHDRAW)) != 0);
    jw_ks_or_null(&w, false, "return_guide", guide_id(v));
    jw_key(&w, false, "onsite_place");
    if (v->checklist.onsite && v->onsite_address) {
        jw_ks(&w, true, "address", v->onsite_address);
        jw_ks(&w, false, "hours", v->onsite_hours);
        jw_ks(&w, false, "bring", v->onsite_bring);
        buf_putc(b, '}');
    } else {
        buf_puts(b, "null");
    }
    /* Set after the pack: a bad URL left the key out. */
    JsonItems sms = {.n = 1};
    item_begin(&w, &sms);
    buf_puts(b, "\"sms_verification\":");
    if (a->state == STATE_SMS_VERIFICATION && a->sms_deadline) {
        jw_ki(&w, true, "deadline", a->sms_deadline);
        jw_ks(&w, false, "url", app_sms_url(r));
        buf_putc(b, '}');
    } else {
        buf_puts(b, "null");
    }
    item_end(&w, &sms);
    buf_putc(b, '}');
    if (w.bad) { /* json_pack gave NULL: nothing was written */
        b->len = start;
        b->data[start] = 0;
    }
}

json_t *application_json(Req *r, const AppView *v, bool reveal) {
    Buf b;
    buf_init(&b, &r->arena);
    application_json_write(r, &b, v, reveal);
    return b.len ? json_loadb(b.data, b.len, 0, NULL) : NULL;
}

json_t *file_json(Req *r, const AppFile *f, const char *base) {
    return json_pack("{s:I, s:s, s:s, s:s, s:s, s:I, s:i, s:i, s:I, s:s}", "id", (json_int_t)f->id,
                     "slot", f->slot, "side", f->side, "name", f->name, "mime", f->mime, "size",
                     (json_int_t)f->size, "width", f->width, "height", f->height, "uploaded_at",
                     (json_int_t)f->uploaded_at, "href",
                     arena_printf(&r->arena, "%s/files/%lld", base, (long long)f->id));
}
