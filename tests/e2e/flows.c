/*
** The shared flows of the end-to-end tests.
*/
#include "flows.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <dirent.h>
#include <sodium.h>
#include <stdlib.h>

#include "core/arena.h"
#include "core/buf.h"

#include "../fixtures/uploads/fixtures.h"
#include "core/util.h"
#include "filing_data.h"

/* ------------------------------------------------------------- accounts */

Resp *flow_login(Client *c, const char *login, const char *password) {
    http_get(c, "/login");
    char body[512];
    snprintf(body, sizeof body, "login=%s&password=%s", login, password);
    return http_post_form(c, "/login", body);
}

Client *flow_staff(Beian *b, const char *login) {
    Client *s = client_new(b);
    Resp *r = flow_login(s, login, STAFF_PASSWORD);
    if (r->status != 303) E2E_FAIL("staff %s cannot log in: status %ld", login, r->status);
    r = http_get(s, "/api/v1/me"); /* a new session has a new CSRF token */
    ASSERT_STATUS(r, 200);
    return s;
}

void flow_customer(Beian *b, Client *c, Client *staff, const char *login) {
    (void)b;
    char body[1024];
    static int counter;
    snprintf(body, sizeof body,
             "{\"account_type\":\"individual\",\"login\":\"%s\",\"display_name\":\"测试客户\","
             "\"email\":\"%s@example.com\",\"mobile\":\"1370000%04d\",\"password\":\"%s\","
             "\"password2\":\"%s\",\"agree\":true}",
             login, login, ++counter % 10000, CUSTOMER_PASSWORD, CUSTOMER_PASSWORD);
    Resp *r = http_post_json(c, "/api/v1/accounts", body);
    ASSERT_STATUS(r, 201);
    char path[128];
    snprintf(path, sizeof path, "/api/v1/accounts/%lld/approve", flow_account_id(staff, login));
    r = http_post_json(staff, path, "{}");
    ASSERT_STATUS(r, 200);
    snprintf(body, sizeof body, "{\"login\":\"%s\",\"password\":\"%s\"}", login, CUSTOMER_PASSWORD);
    r = http_post_json(c, "/api/v1/session", body);
    ASSERT_STATUS(r, 200);
}

Client *flow_new_customer(Beian *b, Client *staff, const char *login) {
    Client *c = client_new(b);
    flow_customer(b, c, staff, login);
    return c;
}

/* --------------------------------------------------------- applications */

long long api_start(Client *c, const char *kind, long long site_id) {
    char body[128];
    snprintf(body, sizeof body, "{\"kind\":\"%s\",\"site_id\":%lld}", kind, site_id);
    Resp *r = http_post_json(c, "/api/v1/applications", body);
    ASSERT_STATUS(r, 201);
    return jint(r->json, "id");
}

Resp *api_step(Client *c, long long id, const char *step, const char *json) {
    char path[128];
    snprintf(path, sizeof path, "/api/v1/applications/%lld/steps/%s", id, step);
    return http_post_json(c, path, json);
}

void api_step_ok(Client *c, long long id, const char *step, const char *json) {
    Resp *r = api_step(c, id, step, json);
    if (r->status != 200)
        E2E_FAIL("saving step %s of application %lld: status %ld; body: %.600s", step, id,
                 r->status, r->body);
}

void api_site_ok(Client *c, long long id, const char *site_fmt, const char *name,
                 const char *domain) {
    char body[2048];
    snprintf(body, sizeof body, site_fmt, name, domain, domain);
    api_step_ok(c, id, "site", body);
}

Resp *api_submit(Client *c, long long id, const char *note, long long batch_with) {
    char path[96], body[512];
    snprintf(path, sizeof path, "/api/v1/applications/%lld/submit", id);
    if (batch_with)
        snprintf(body, sizeof body, "{\"note\":\"%s\",\"batch_with\":%lld}", note, batch_with);
    else
        snprintf(body, sizeof body, "{\"note\":\"%s\"}", note);
    return http_post_json(c, path, body);
}

Resp *api_withdraw(Client *c, long long id) {
    char path[96];
    snprintf(path, sizeof path, "/api/v1/applications/%lld/withdraw", id);
    return http_post_json(c, path, "{}");
}

json_t *api_application(Client *c, long long id) {
    char path[96];
    snprintf(path, sizeof path, "/api/v1/applications/%lld", id);
    Resp *r = http_get(c, path);
    ASSERT_STATUS(r, 200);
    return json_incref(r->json);
}

json_t *api_overview(Client *c) {
    Resp *r = http_get(c, "/api/v1/overview");
    ASSERT_STATUS(r, 200);
    return json_incref(r->json);
}

long long flow_first_filing(Client *c, const char *subject, const char *site_fmt,
                            const char *site_name, const char *domain) {
    long long id = api_start(c, "first_filing", 0);
    api_step_ok(c, id, "subject", subject);
    api_site_ok(c, id, site_fmt, site_name, domain);
    api_step_ok(c, id, "access", ACCESS);
    return id;
}

long long flow_filed(Beian *b, Client *c, const char *subject, const char *site_fmt,
                     const char *site_name, const char *domain) {
    long long id = flow_first_filing(c, subject, site_fmt, site_name, domain);
    Resp *r = api_submit(c, id, "", 0);
    ASSERT_STATUS(r, 200);
    flow_approve_all(b, id);
    return id;
}

/* ------------------------------------------------------- the review console */

Resp *review_post(Client *staff, long long app_id, const char *action, const char *json) {
    char path[128];
    snprintf(path, sizeof path, "/api/v1/staff/applications/%lld/%s", app_id, action);
    return http_post_json(staff, path, json);
}

json_t *review_get(Client *staff, long long app_id) {
    char path[96];
    snprintf(path, sizeof path, "/api/v1/staff/applications/%lld", app_id);
    Resp *r = http_get(staff, path);
    ASSERT_STATUS(r, 200);
    return json_incref(r->json);
}

long long review_upload(Client *staff, long long app_id, const char *slot, int w, int h) {
    Arena a;
    arena_init(&a);
    FxBytes img = fx_jpeg(&a, w, h);
    char path[96];
    snprintf(path, sizeof path, "/api/v1/staff/applications/%lld/files", app_id);
    const char *fields[] = {"slot", slot, NULL};
    Resp *r = http_post_file(staff, path, "file", "scan.jpg", img.p, img.n, fields);
    arena_free(&a);
    ASSERT_STATUS(r, 201);
    return jint(r->json, "file.id");
}

/* Tick every item as fully received. */
static void review_tick_all(Client *staff, long long app_id, json_t *app) {
    json_t *m = jpath(app, "review.materials");
    if (!json_array_size(m)) return;
    Buf items, copies;
    Arena a;
    arena_init(&a);
    buf_init(&items, &a);
    buf_init(&copies, &a);
    for (size_t i = 0; i < json_array_size(m); i++) {
        json_t *x = json_array_get(m, i);
        buf_printf(&items, "%s\"%s\"", i ? "," : "", json_string_value(json_object_get(x, "code")));
        buf_printf(&copies, "%s\"%lld\"", i ? "," : "",
                   (long long)json_integer_value(json_object_get(x, "expected")));
    }
    char *body = arena_printf(&a, "{\"item\":[%s],\"copies\":[%s]}", items.data, copies.data);
    ASSERT_STATUS(review_post(staff, app_id, "materials", body), 200);
    arena_free(&a);
}

void flow_review_pass(Client *staff, long long app_id) {
    ASSERT_STATUS(review_post(staff, app_id, "claim", "{}"), 200);
    json_t *app = review_get(staff, app_id);
    review_tick_all(staff, app_id, app);
    json_t *missing = jpath(app, "review.pass_check");
    if (json_is_true(json_object_get(missing, "form_scan_missing")))
        review_upload(staff, app_id, "verification_form", 1200, 900);
    if (json_is_true(json_object_get(missing, "onsite_missing"))) {
        long long photo = review_upload(staff, app_id, "onsite_photo", 1024, 768);
        char body[128];
        snprintf(body, sizeof body,
                 "{\"kind\":\"done\",\"verified_on\":\"%s\","
                 "\"photo_file_id\":%lld}",
                 e2e_today(), photo);
        ASSERT_STATUS(review_post(staff, app_id, "onsite", body), 200);
    }
    json_decref(app);
    ASSERT_STATUS(review_post(staff, app_id, "calls",
                              "{\"person\":\"subject_principal\",\"outcome\":\"confirmed\"}"),
                  200);
    Resp *r = review_post(staff, app_id, "pass", "{}");
    ASSERT_STATUS(r, 200);
    if (strcmp(jstr(r->json, "state"), "to_regulator") != 0)
        E2E_FAIL("application %lld passed into %s", app_id, jstr(r->json, "state"));
}

/* -------------------------------------------------------------- model */

#include "core/crypto.h"
#include "db/db.h"
#include "model/app_decide.h"
#include "rules/province.h"

static Db *model_db(Beian *b) {
    /* Each server has its own key: load this one's every time. */
    if (crypto_load_key(b->dir) != 0) E2E_FAIL("cannot load the master key of %s", b->dir);
    char url[600];
    if (b->db_url[0])
        snprintf(url, sizeof url, "%s", b->db_url);
    else
        snprintf(url, sizeof url, "sqlite:%s/beian.db", b->dir);
    Db *db = db_open(url);
    if (!db) E2E_FAIL("cannot open %s", url);
    return db;
}

/* The test stands in for the administration, which assigns the numbers:
** <prefix>ICP备26<6 digits>号 for a first filing (from the application id),
** <subject number>-N for a new site. */
static void approval_numbers(Db *db, Arena *a, long long app_id, AppDecide *op) {
    DbStmt *st;
    if (db_query(db, &st,
                 "SELECT a.province, COALESCE(s.subject_number, ''), a.subject_id, "
                 "(SELECT count(*) FROM sites w WHERE w.subject_id = a.subject_id AND "
                 "w.site_number IS NOT NULL) FROM applications a JOIN subjects s ON "
                 "s.id = a.subject_id WHERE a.id = ?",
                 "i", (int64_t)app_id) != DB_ROW)
        E2E_FAIL("application %lld not found", app_id);
    int64_t province = db_col_i64(st, 0);
    const char *number = db_col_text(st, a, 1);
    int64_t filed_sites = db_col_i64(st, 3);
    db_done(st);
    if (province >= 100) province /= 10000;
    const char *prefix = "京";
    size_t n;
    const ProvinceRules *rows = province_seed(&n);
    for (size_t i = 0; i < n; i++)
        if (rows[i].code == province) prefix = rows[i].prefix;
    if (!*number) number = arena_printf(a, "%sICP备26%06lld号", prefix, app_id);
    op->subject_number = number;
    op->site_number = arena_printf(a, "%s-%lld", number, (long long)filed_sites + 1);
}

int beian_decide(Beian *b, long long app_id, const char *event, const char *role,
                 const char *const *items) {
    Db *db = model_db(b);
    Arena a;
    arena_init(&a);
    ReturnItem its[16];
    size_t n = 0;
    for (size_t i = 0; items && items[i] && n < 16; i += 3)
        its[n++] = (ReturnItem){
            .field = filing_field_id(items[i]), .reason = items[i + 1], .suggestion = items[i + 2]};
    AppDecide op = {.a = &a,
                    .app_id = app_id,
                    .event = app_event_parse(event),
                    .role = role_parse(role),
                    .who = {0, role, "127.0.0.1", "test"}};
    op.note = n ? "退回" : NULL;
    op.items = its;
    op.nitems = n;
    if (op.event == EVENT_REGULATOR_APPROVE) approval_numbers(db, &a, app_id, &op);
    if (!op.event || !op.role) E2E_FAIL("unknown event %s or role %s", event, role);
    int rc = db_tx(db, app_decide, &op);
    /* ... and gives its IDs of the records (needed to change or cancel them). */
    if (rc == 0 && op.event == EVENT_REGULATOR_APPROVE)
        db_exec(db,
                "INSERT INTO bureau_ids (kind, our_id, bureau_id) SELECT 'subject', subject_id, "
                "700000 + subject_id FROM applications WHERE id = ? UNION ALL SELECT 'site', "
                "site_id, 800000 + site_id FROM applications WHERE id = ? AND site_id IS NOT NULL "
                "UNION ALL SELECT 'access', site_id, 900000 + site_id FROM applications WHERE "
                "id = ? AND site_id IS NOT NULL ON CONFLICT (kind, our_id) DO NOTHING",
                "iii", (int64_t)app_id, (int64_t)app_id, (int64_t)app_id);
    arena_free(&a);
    db_close(db);
    return rc;
}

void beian_regulator_return(Beian *b, long long app_id, const char *code, const char *reason) {
    Db *db = model_db(b);
    Arena a;
    arena_init(&a);
    ReturnItem it = {.field = FIELD_NONE, .reason = reason, .code = code};
    AppDecide op = {.a = &a,
                    .app_id = app_id,
                    .event = EVENT_REGULATOR_RETURN,
                    .role = ROLE_SYSTEM,
                    .who = {0, "system", "127.0.0.1", "test"},
                    .note = "管局退回",
                    .items = &it,
                    .nitems = 1};
    int rc = db_tx(db, app_decide, &op);
    arena_free(&a);
    db_close(db);
    if (rc != 0) E2E_FAIL("the administration's return of %lld: %d", app_id, rc);
}

void flow_decide(Beian *b, long long app_id, const char *event, const char *role) {
    int rc = beian_decide(b, app_id, event, role, NULL);
    if (rc != 0) E2E_FAIL("%s by %s on application %lld: %d", event, role, app_id, rc);
}

void flow_approve_all(Beian *b, long long app_id) {
    Client *staff = flow_staff(b, "reviewer1");
    flow_review_pass(staff, app_id);
    client_free(staff);
    flow_decide(b, app_id, "send", "system");
    flow_decide(b, app_id, "sms_passed", "system");
    flow_decide(b, app_id, "regulator_approve", "system");
}

void beian_sql(Beian *b, const char *sql) {
    Db *db = model_db(b);
    DbRc rc = db_exec(db, sql, "");
    db_close(db);
    if (rc < 0) E2E_FAIL("%s failed", sql);
}

/* -------------------------------------------- mail in the mail folder */

/* RFC 2047 words of a Subject header (UTF-8, base64) decoded, in out. */
static void mail_decode_words(const char *value, Buf *out) {
    for (const char *p = value; (p = strstr(p, "=?UTF-8?B?"));) {
        const char *end = strstr(p + 10, "?=");
        if (!end) break;
        unsigned char bin[128];
        size_t len = 0;
        if (sodium_base642bin(bin, sizeof bin, p + 10, (size_t)(end - p - 10), NULL, &len, NULL,
                              sodium_base64_VARIANT_ORIGINAL) == 0)
            buf_append(out, bin, len);
        p = end + 2;
    }
}

/* One .eml decoded as mail_find describes, or NULL. */
static char *mail_decode(Arena *a, const char *eml) {
    const char *hdr_end = strstr(eml, "\r\n\r\n");
    const char *subj = strstr(eml, "\r\nSubject: "), *to = strstr(eml, "\r\nTo: ");
    if (!hdr_end || !subj || !to) return NULL;
    Buf out;
    buf_init(&out, a);
    buf_puts(&out, "Subject: ");
    const char *subj_end = strstr(subj + 2, "\r\n");
    while (subj_end && subj_end[2] == ' ')
        subj_end = strstr(subj_end + 2, "\r\n");
    mail_decode_words(arena_printf(a, "%.*s", (int)(subj_end - subj), subj), &out);
    buf_printf(&out, "\nTo: %.*s\n\n", (int)strcspn(to + 6, "\r"), to + 6);
    char *b64 = arena_strdup(a, hdr_end + 4), *w = b64;
    for (const char *q = hdr_end + 4; *q; q++)
        if (*q != '\r' && *q != '\n') *w++ = *q;
    *w = 0;
    size_t cap = strlen(b64) + 1, len = 0;
    unsigned char *bin = arena_alloc(a, cap);
    if (sodium_base642bin(bin, cap, b64, strlen(b64), NULL, &len, NULL,
                          sodium_base64_VARIANT_ORIGINAL) != 0)
        return NULL;
    buf_append(&out, bin, len);
    return out.data;
}

char **mail_find(Beian *b, const char *to, const char *text, int *n) {
    char dir[400];
    snprintf(dir, sizeof dir, "%s/mail", b->dir);
    size_t cap = 16;
    char **out = calloc(cap + 1, sizeof *out);
    *n = 0;
    DIR *d = opendir(dir);
    for (struct dirent *e; d && (e = readdir(d));) {
        if (!strstr(e->d_name, ".eml") || e->d_name[0] == '.') continue;
        char path[700];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        FILE *f = fopen(path, "r");
        if (!f) continue;
        char *eml = calloc(1, 65536);
        size_t k = fread(eml, 1, 65535, f);
        fclose(f);
        eml[k] = 0;
        Arena a;
        arena_init(&a);
        char *msg = mail_decode(&a, eml);
        char want_to[300];
        snprintf(want_to, sizeof want_to, "\nTo: %s\n", to);
        if (msg && strstr(msg, want_to) && (!text || strstr(msg, text))) {
            if ((size_t)*n == cap) {
                out = realloc(out, (2 * cap + 1) * sizeof *out);
                cap *= 2;
            }
            out[(*n)++] = strdup(msg);
            out[*n] = NULL;
        }
        arena_free(&a);
        free(eml);
    }
    if (d) closedir(d);
    return out;
}

void mail_free(char **mails) {
    for (char **p = mails; p && *p; p++)
        free(*p);
    free(mails);
}

char *mail_wait_one(Beian *b, const char *to, const char *text) {
    for (int i = 0; i < 1000; i++) {
        int n = 0;
        char **m = mail_find(b, to, text, &n);
        if (n > 1) E2E_FAIL("%d messages to %s with \"%s\" (one expected)", n, to, text);
        if (n == 1) {
            char *one = m[0];
            m[0] = NULL;
            mail_free(m);
            return one;
        }
        mail_free(m);
        e2e_sleep_ms(10);
    }
    E2E_FAIL("no message to %s with \"%s\" in %s/mail", to, text ? text : "", b->dir);
    return NULL;
}

long long flow_account_id(Client *staff, const char *login) {
    Resp *r = http_get(staff, "/api/v1/accounts?status=pending");
    ASSERT_STATUS(r, 200);
    json_t *list = jpath(r->json, "accounts");
    for (size_t i = 0; i < json_array_size(list); i++) {
        json_t *a = json_array_get(list, i);
        if (!strcmp(jstr(a, "login"), login)) return jint(a, "id");
    }
    E2E_FAIL("no pending account %s", login);
    return 0;
}
