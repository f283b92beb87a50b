/*
** Model tests, continued (included by model_tests.h): the admin console's
** operations: staff accounts, province rules with their history, the
** standard return reasons, the provider's settings and the audit search.
** Every change is checked for its audit row; every refusal for changing
** nothing.
*/
#ifndef BEIAN_TESTS_MODEL_TESTS_ADMIN_H
#define BEIAN_TESTS_MODEL_TESTS_ADMIN_H

#include <jansson.h>

#include "model/audit.h"
#include "model/logins.h"
#include "model/province_edit.h"
#include "model/reason_seed.h"
#include "model/reason_templates.h"
#include "model/review_queue.h"
#include "model/session.h"
#include "model/settings.h"
#include "model/staff.h"
#include "model_fixture.h"
#include "rules/filing_fields.h"

/* How many audit rows have this action. */
static int64_t audit_count(ModelFix *f, const char *action) {
    int64_t n = 0;
    assert_true(db_query_i64(f->db, &n, "SELECT count(*) FROM audit_log WHERE action = ?", "t",
                             action) >= 0);
    return n;
}

static Actor admin_actor(int64_t id, const char *login) {
    return (Actor){.id = id, .login = login, .ip = "192.0.2.1", .request_id = "r1"};
}

/* ---- Staff accounts --------------------------------------------------- */

static void model_staff_create_and_list(ModelFix *f) {
    int64_t boss = mf_account(f, "boss", "admin", "active");
    mf_account(f, "cust", "customer", "active");
    StaffCreate c = {.a = &f->a,
                     .in = {.login = "rita",
                            .email = "rita@example.com",
                            .mobile = "13900001111",
                            .display_name = "审核员甲",
                            .role = "reviewer",
                            .password_hash = "$argon2id$x"},
                     .who = admin_actor(boss, "boss")};
    assert_int_equal(db_tx(f->db, staff_create, &c), 0);
    assert_string_equal(c.out.login, "rita");
    assert_string_equal(c.out.role, "reviewer");
    assert_string_equal(c.out.status, "active");
    assert_string_equal(c.out.account_type, "staff");
    assert_string_equal(c.out.mobile_mask, "139****1111");
    assert_int_equal(audit_count(f, "staff.create"), 1);
    /* A login taken, or a customer's role: refused, nothing written. */
    c.in.email = "rita2@example.com";
    assert_int_equal(db_tx(f->db, staff_create, &c), -ERR_LOGIN_TAKEN);
    c.in.login = "rita2";
    c.in.role = "customer";
    assert_int_equal(db_tx(f->db, staff_create, &c), -ERR_FIELD_CHOICE);
    assert_int_equal(audit_count(f, "staff.create"), 1);
    /* The list: staff only, admins first. */
    StaffList l = {.a = &f->a};
    assert_int_equal(db_tx_read(f->db, staff_list, &l), 0);
    assert_int_equal(l.n, 2);
    assert_string_equal(l.rows[0].login, "boss");
    assert_string_equal(l.rows[1].login, "rita");
}

static void model_staff_role_and_self(ModelFix *f) {
    int64_t a1 = mf_account(f, "adm1", "admin", "active");
    int64_t a2 = mf_account(f, "adm2", "admin", "active");
    int64_t cust = mf_account(f, "cust", "customer", "active");
    StaffChange ch = {.a = &f->a, .id = a1, .role = "reviewer", .who = admin_actor(a1, "adm1")};
    /* Demoting oneself is refused, and changes nothing. */
    assert_int_equal(db_tx(f->db, staff_set_role, &ch), -ERR_STAFF_SELF);
    assert_string_equal(mf_text(f, "SELECT role FROM accounts WHERE id = ?", a1), "admin");
    ch.role = "admin";
    assert_int_equal(db_tx(f->db, staff_set_role, &ch), -ERR_STATE); /* it is one */
    /* adm1 demotes adm2; adm2, no admin any more, cannot demote adm1 back. */
    ch = (StaffChange){.a = &f->a, .id = a2, .role = "reviewer", .who = admin_actor(a1, "adm1")};
    assert_int_equal(db_tx(f->db, staff_set_role, &ch), 0);
    assert_string_equal(ch.out.role, "reviewer");
    ch = (StaffChange){.a = &f->a, .id = a1, .role = "reviewer", .who = admin_actor(a2, "adm2")};
    assert_int_equal(db_tx(f->db, staff_set_role, &ch), -ERR_FORBIDDEN);
    assert_string_equal(mf_text(f, "SELECT role FROM accounts WHERE id = ?", a1), "admin");
    /* A customer is no staff account; a bad role is refused. */
    ch = (StaffChange){.a = &f->a, .id = cust, .role = "admin", .who = admin_actor(a1, "adm1")};
    assert_int_equal(db_tx(f->db, staff_set_role, &ch), -ERR_NOT_FOUND);
    ch = (StaffChange){.a = &f->a, .id = a2, .role = "customer", .who = admin_actor(a1, "adm1")};
    assert_int_equal(db_tx(f->db, staff_set_role, &ch), -ERR_FIELD_CHOICE);
    assert_int_equal(audit_count(f, "staff.role"), 1);
    assert_string_equal(mf_text(f, "SELECT detail FROM audit_log WHERE object_id = ?", a2),
                        "admin -> reviewer");
}

static void model_staff_disable_enable(ModelFix *f) {
    int64_t adm = mf_account(f, "adm", "admin", "active");
    int64_t rev = mf_account(f, "rev", "reviewer", "active");
    char *token;
    int64_t s1, s2;
    assert_int_equal(session_create(f->db, &f->a, rev, "10.0.0.1", "ua", &token, &s1), 0);
    assert_int_equal(session_create(f->db, &f->a, rev, "10.0.0.2", "ua", &token, &s2), 0);
    StaffChange ch = {.a = &f->a, .id = adm, .reason = "", .who = admin_actor(adm, "adm")};
    assert_int_equal(db_tx(f->db, staff_set_enabled, &ch), -ERR_STAFF_SELF);
    ch.id = rev;
    ch.reason = "离职";
    assert_int_equal(db_tx(f->db, staff_set_enabled, &ch), 0);
    assert_string_equal(ch.out.status, "disabled");
    assert_string_equal(ch.out.status_reason, "离职");
    assert_int_equal(mf_i64(f->db, "SELECT count(*) FROM sessions WHERE account_id = ?", rev), 0);
    assert_int_equal(db_tx(f->db, staff_set_enabled, &ch), -ERR_STATE); /* disabled already */
    ch.enable = true;
    assert_int_equal(db_tx(f->db, staff_set_enabled, &ch), 0);
    assert_string_equal(ch.out.status, "active");
    assert_null(ch.out.status_reason);
    assert_int_equal(db_tx(f->db, staff_set_enabled, &ch), -ERR_STATE);
    assert_int_equal(audit_count(f, "staff.disable"), 1);
    assert_int_equal(audit_count(f, "staff.enable"), 1);
}

static void model_staff_password(ModelFix *f) {
    int64_t adm = mf_account(f, "adm", "admin", "active");
    int64_t rev = mf_account(f, "rev", "reviewer", "active");
    char *token;
    int64_t s_rev, s_adm1, s_adm2;
    assert_int_equal(session_create(f->db, &f->a, rev, "10.0.0.1", "ua", &token, &s_rev), 0);
    assert_int_equal(session_create(f->db, &f->a, adm, "10.0.0.1", "ua", &token, &s_adm1), 0);
    assert_int_equal(session_create(f->db, &f->a, adm, "10.0.0.2", "ua", &token, &s_adm2), 0);
    /* Another's password: all of its sessions end. */
    StaffChange ch = {.a = &f->a,
                      .id = rev,
                      .password_hash = "$argon2id$new",
                      .keep_session = s_adm1,
                      .who = admin_actor(adm, "adm")};
    assert_int_equal(db_tx(f->db, staff_set_password, &ch), 0);
    assert_string_equal(mf_text(f, "SELECT password_hash FROM accounts WHERE id = ?", rev),
                        "$argon2id$new");
    assert_int_equal(mf_i64(f->db, "SELECT count(*) FROM sessions WHERE account_id = ?", rev), 0);
    /* One's own: the other sessions end, this one stays. */
    ch.id = adm;
    assert_int_equal(db_tx(f->db, staff_set_password, &ch), 0);
    assert_int_equal(mf_i64(f->db, "SELECT count(*) FROM sessions WHERE account_id = ?", adm), 1);
    assert_int_equal(mf_i64(f->db, "SELECT id FROM sessions WHERE account_id = ?", adm), s_adm1);
    assert_int_equal(audit_count(f, "staff.password_reset"), 2);
}

/* ---- Settings --------------------------------------------------------- */

static void model_settings(ModelFix *f) {
    int64_t adm = mf_account(f, "adm", "admin", "active");
    Config cfg = {.provider_name = "示例云计算有限公司"};
    ProviderSettings s = settings_defaults(&cfg);
    assert_int_equal(settings_load(f->db, &f->a, &s), 0);
    assert_string_equal(s.name, "示例云计算有限公司");
    assert_string_equal(s.address, "");
    assert_int_equal(s.review_hours, 24);
    ProviderSettings empty = {0}; /* no defaults given: safe values */
    assert_int_equal(settings_load(f->db, &f->a, &empty), 0);
    assert_string_equal(empty.onsite_bring, "");
    assert_int_equal(empty.review_hours, SETTINGS_REVIEW_HOURS);

    SettingsSave sv = {
        .a = &f->a, .defaults = settings_defaults(&cfg), .who = admin_actor(adm, "adm")};
    sv.in = s;
    sv.in.address = "北京市海淀区示例路 1 号";
    sv.in.phone = "400-800-1234";
    sv.in.review_hours = 48;
    assert_int_equal(db_tx(f->db, settings_save, &sv), 0);
    assert_string_equal(sv.changed, "provider_address,provider_phone,review_hours");
    ProviderSettings t = settings_defaults(&cfg);
    assert_int_equal(settings_load(f->db, &f->a, &t), 0);
    assert_string_equal(t.address, "北京市海淀区示例路 1 号");
    assert_string_equal(t.phone, "400-800-1234");
    assert_string_equal(t.name, "示例云计算有限公司"); /* equal to the default: not stored */
    assert_int_equal(t.review_hours, 48);
    assert_int_equal(mf_i64(f->db, "SELECT count(*) FROM settings WHERE updated_by = ?", adm), 3);
    assert_int_equal(audit_count(f, "settings.save"), 1);
    /* The same again: nothing written, nothing audited. */
    sv.in = t;
    assert_int_equal(db_tx(f->db, settings_save, &sv), 0);
    assert_string_equal(sv.changed, "");
    assert_int_equal(audit_count(f, "settings.save"), 1);
    SettingsPage pg = {.a = &f->a, .s = settings_defaults(&cfg)};
    assert_int_equal(db_tx_read(f->db, settings_page, &pg), 0);
    assert_string_equal(pg.updated_by, "adm");
    assert_int_equal(pg.s.review_hours, 48);
}

/* The queue page's review time limit is remembered with its tabs; saving
** the settings makes the next page read it again. */
static void model_settings_queue_limit(ModelFix *f) {
    int64_t adm = mf_account(f, "adm", "admin", "active");
    Config cfg = {.provider_name = "示例云计算有限公司"};
    queue_tabs_cache_set(60);
    QueueScreen qs = {.page = {.a = &f->a, .f = {.queue = QUEUE_ALL, .commercial = -1}},
                      .counts = {.now = time_now()}};
    assert_int_equal(db_tx_read(f->db, queue_screen, &qs), 0);
    assert_int_equal(qs.page.f.limit_hours, SETTINGS_REVIEW_HOURS);
    SettingsSave sv = {
        .a = &f->a, .defaults = settings_defaults(&cfg), .who = admin_actor(adm, "adm")};
    sv.in = settings_defaults(&cfg);
    sv.in.review_hours = 72;
    assert_int_equal(db_tx(f->db, settings_save, &sv), 0);
    qs.page.f.limit_hours = qs.counts.limit_hours = 0;
    assert_int_equal(db_tx_read(f->db, queue_screen, &qs), 0);
    assert_int_equal(qs.page.f.limit_hours, 72);
    assert_int_equal(qs.counts.limit_hours, 72);
    /* Changed behind the node's back: remembered until the next change. */
    assert_int_equal(
        db_exec(f->db, "UPDATE settings SET value = '12' WHERE key = 'review_hours'", NULL),
        DB_DONE);
    qs.page.f.limit_hours = qs.counts.limit_hours = 0;
    assert_int_equal(db_tx_read(f->db, queue_screen, &qs), 0);
    assert_int_equal(qs.page.f.limit_hours, 72);
    queue_tabs_cache_set(0);
    qs.page.f.limit_hours = qs.counts.limit_hours = 0;
    assert_int_equal(db_tx_read(f->db, queue_screen, &qs), 0);
    assert_int_equal(qs.page.f.limit_hours, 12);
}

/* Logins by id: right through collisions of the node's table, NULL for
** nobody, and the same with the table off. */
static void model_logins(ModelFix *f) {
    enum { N = LOGINS_SLOTS + 90 };
    int64_t *ids = ARENA_NEW(&f->a, int64_t, N);
    for (int on = 1; on >= 0; on--) {
        logins_cache_on(on);
        for (int i = 0; i < N; i++) {
            char login[32];
            snprintf(login, sizeof login, "u%d_%d", on, i);
            ids[i] = mf_account(f, login, i % 2 ? "reviewer" : "customer", "active");
        }
        for (int round = 0; round < 2; round++)
            for (int i = 0; i < N; i++) {
                const char *got = NULL;
                char want[32];
                snprintf(want, sizeof want, "u%d_%d", on, i);
                assert_int_equal(login_of(f->db, &f->a, ids[i], &got), 0);
                assert_non_null(got);
                assert_string_equal(got, want);
            }
        const char *got = "x";
        assert_int_equal(login_of(f->db, &f->a, 0, &got), 0);
        assert_null(got);
        got = "x";
        assert_int_equal(login_of(f->db, &f->a, ids[N - 1] + 1000, &got), 0);
        assert_null(got);
    }
}

/* ---- Standard return reasons ------------------------------------------ */

static void model_reasons_seeded_once(ModelFix *f) {
    size_t nseed;
    const ReasonSeed *seed = reason_seeds(&nseed);
    assert_true(nseed >= 13);
    ReasonTemplate *rows;
    size_t n;
    assert_int_equal(reason_templates_list(f->db, &f->a, true, &rows, &n), 0);
    assert_int_equal(n, nseed);
    for (size_t i = 0; i < n; i++) {
        assert_string_equal(rows[i].code, seed[i].code); /* in the seed's order */
        assert_true(rows[i].active && *rows[i].text_zh && *rows[i].text_en);
        assert_true(*rows[i].suggestion_zh && *rows[i].suggestion_en);
        if (*rows[i].field && filing_field_id(rows[i].field) == FIELD_NONE)
            fail_msg("%s names no field: %s", rows[i].code, rows[i].field);
        assert_null(rows[i].updated_by);
    }
    /* An admin's edit and deactivation survive the seed, which runs at every start. */
    int64_t adm = mf_account(f, "adm", "admin", "active");
    ReasonSave e = {.a = &f->a,
                    .id = rows[0].id,
                    .field = "",
                    .text_zh = "改过的原因",
                    .text_en = "Edited",
                    .suggestion_zh = "",
                    .suggestion_en = "",
                    .who = admin_actor(adm, "adm")};
    assert_int_equal(db_tx(f->db, reason_save, &e), 0);
    ReasonChange off = {.a = &f->a, .id = rows[1].id, .active = 0, .who = admin_actor(adm, "adm")};
    assert_int_equal(db_tx(f->db, reason_set_active, &off), 0);
    int applied = 0;
    assert_int_equal(schema_migrate(f->db, &applied), 0);
    assert_int_equal(applied, 0);
    ReasonTemplate r;
    assert_int_equal(reason_template_get(f->db, &f->a, rows[0].id, &r), 0);
    assert_string_equal(r.text_zh, "改过的原因");
    assert_string_equal(r.field, "");
    assert_string_equal(r.updated_by, "adm");
    assert_int_equal(reason_template_get(f->db, &f->a, rows[1].id, &r), 0);
    assert_false(r.active);
    assert_int_equal(mf_i64(f->db, "SELECT count(*) FROM return_reason_templates WHERE id > ?", 0),
                     nseed);
    assert_int_equal(reason_template_get(f->db, &f->a, 99999, &r), -ERR_NOT_FOUND);
}

/* The ids of the list, in order, as a string "3,1,2". */
static const char *reason_order(ModelFix *f, bool active_only) {
    ReasonTemplate *rows;
    size_t n;
    assert_int_equal(reason_templates_list(f->db, &f->a, active_only, &rows, &n), 0);
    Buf b;
    buf_init(&b, &f->a);
    buf_puts(&b, "");
    for (size_t i = 0; i < n; i++)
        buf_printf(&b, "%s%lld", i ? "," : "", (long long)rows[i].id);
    return b.data;
}

static void model_reasons_edit(ModelFix *f) {
    int64_t adm = mf_account(f, "adm", "admin", "active");
    assert_true(db_exec(f->db, "DELETE FROM return_reason_templates", NULL) >= 0);
    Actor who = admin_actor(adm, "adm");
    int64_t id[3];
    for (int i = 0; i < 3; i++) {
        ReasonSave s = {.a = &f->a,
                        .field = i ? "site_name" : "",
                        .text_zh = "原因",
                        .text_en = "Reason",
                        .suggestion_zh = "建议",
                        .suggestion_en = "Hint",
                        .who = who};
        assert_int_equal(db_tx(f->db, reason_save, &s), 0);
        id[i] = s.out.id;
        assert_string_equal(s.out.code, ""); /* an admin's own reason has no code */
        assert_string_equal(s.out.updated_by, "adm");
    }
    const char *order =
        arena_printf(&f->a, "%lld,%lld,%lld", (long long)id[0], (long long)id[1], (long long)id[2]);
    assert_string_equal(reason_order(f, false), order); /* added at the end */
    ReasonChange mv = {.a = &f->a, .id = id[2], .move = -1, .who = who};
    assert_int_equal(db_tx(f->db, reason_move, &mv), 0);
    assert_int_equal(db_tx(f->db, reason_move, &mv), 0);
    assert_int_equal(db_tx(f->db, reason_move, &mv), 0); /* at the top already: no-op */
    order =
        arena_printf(&f->a, "%lld,%lld,%lld", (long long)id[2], (long long)id[0], (long long)id[1]);
    assert_string_equal(reason_order(f, false), order);
    assert_int_equal(audit_count(f, "return_reason.move"), 2);
    mv.id = id[0];
    mv.move = 1;
    assert_int_equal(db_tx(f->db, reason_move, &mv), 0);
    order =
        arena_printf(&f->a, "%lld,%lld,%lld", (long long)id[2], (long long)id[1], (long long)id[0]);
    assert_string_equal(reason_order(f, false), order);
    /* Deactivated: out of the reviewers' list, still in the admins'. */
    ReasonChange off = {.a = &f->a, .id = id[1], .active = 0, .who = who};
    assert_int_equal(db_tx(f->db, reason_set_active, &off), 0);
    assert_int_equal(db_tx(f->db, reason_set_active, &off), 0); /* already: no audit */
    order = arena_printf(&f->a, "%lld,%lld", (long long)id[2], (long long)id[0]);
    assert_string_equal(reason_order(f, true), order);
    off.active = 1;
    assert_int_equal(db_tx(f->db, reason_set_active, &off), 0);
    assert_int_equal(audit_count(f, "return_reason.deactivate"), 1);
    assert_int_equal(audit_count(f, "return_reason.activate"), 1);
    assert_int_equal(audit_count(f, "return_reason.create"), 3);
    ReasonSave bad = {.a = &f->a,
                      .id = 424242,
                      .field = "",
                      .text_zh = "x",
                      .text_en = "x",
                      .suggestion_zh = "",
                      .suggestion_en = "",
                      .who = who};
    assert_int_equal(db_tx(f->db, reason_save, &bad), -ERR_NOT_FOUND);
    mv.id = 424242;
    assert_int_equal(db_tx(f->db, reason_move, &mv), -ERR_NOT_FOUND);
    assert_int_equal(audit_count(f, "return_reason.update"), 0);
}

/* ---- Province rules with history -------------------------------------- */

/* A province's document as it is now, as JSON text edited by fn. */
static json_t *province_doc(ModelFix *f, int code) {
    ProvinceRules p;
    assert_int_equal(province_rules_load(f->db, &f->a, code, &p), 0);
    return province_rules_json(&p);
}

static void model_province_save_history(ModelFix *f) {
    int64_t adm = mf_account(f, "adm", "admin", "active");
    ProvincesPage all = {.a = &f->a};
    assert_int_equal(db_tx_read(f->db, provinces_page, &all), 0);
    assert_int_equal(all.n, 31);
    assert_int_equal(all.rows[0].rules.code, 11);
    assert_int_equal(all.rows[0].version, 0);
    json_t *doc = province_doc(f, 43);
    json_object_set_new(doc, "min_age", json_integer(16));
    ProvinceSave s = {
        .a = &f->a, .code = 43, .doc = doc, .base = 0, .who = admin_actor(adm, "adm")};
    assert_int_equal(db_tx(f->db, province_save, &s), 0);
    assert_int_equal(s.out.rules.min_age, 16);
    assert_int_equal(s.out.version, 1);
    assert_string_equal(s.out.updated_by, "adm");
    ProvinceRules live;
    assert_int_equal(province_rules_load(f->db, &f->a, 43, &live), 0);
    assert_int_equal(live.min_age, 16); /* the filing rules read it at once */
    assert_int_equal(audit_count(f, "province_rules.save"), 1);
    assert_string_equal(mf_text(f, "SELECT detail FROM audit_log WHERE object_id = ?", 43),
                        "湖南省: min_age");
    /* A stale edit (base 0 again) is refused and writes nothing. */
    json_object_set_new(doc, "min_age", json_integer(17));
    assert_int_equal(db_tx(f->db, province_save, &s), -ERR_CONFLICT);
    s.base = 1;
    assert_int_equal(db_tx(f->db, province_save, &s), 0);
    /* The same document again: no new version. */
    s.base = 2;
    assert_int_equal(db_tx(f->db, province_save, &s), 0);
    assert_int_equal(s.out.version, 2);
    ProvincePage pg = {.a = &f->a, .code = 43};
    assert_int_equal(db_tx_read(f->db, province_page, &pg), 0);
    assert_int_equal(pg.n, 2);
    assert_true(pg.versions[0].id > pg.versions[1].id); /* newest first */
    assert_string_equal(pg.versions[0].updated_by, "adm");
    assert_null(pg.versions[1].updated_by); /* the seed */
    ProvinceVersionGet v = {.a = &f->a, .code = 43, .id = pg.versions[1].id};
    assert_int_equal(db_tx_read(f->db, province_version, &v), 0);
    assert_int_equal(v.out.rules.min_age, 18); /* Hunan's seed: 18+ */
    v.code = 44;
    assert_int_equal(db_tx_read(f->db, province_version, &v), -ERR_NOT_FOUND);
    pg.code = 20;
    assert_int_equal(db_tx_read(f->db, province_page, &pg), -ERR_NOT_FOUND);
    json_decref(doc);
}

/* Save a document that must be refused; return the keys named, "a,b". */
static const char *province_refused(ModelFix *f, int64_t adm, const char *json) {
    json_t *doc = json_loads(json, 0, NULL);
    assert_non_null(doc);
    ProvinceSave s = {.a = &f->a, .code = 44, .doc = doc, .who = admin_actor(adm, "adm")};
    int rc = db_tx(f->db, province_save, &s);
    json_decref(doc);
    if (rc != -ERR_INVALID_INPUT) fail_msg("%s: %d", json, rc);
    Buf b;
    buf_init(&b, &f->a);
    buf_puts(&b, "");
    for (size_t i = 0; i < s.errs.n; i++)
        buf_printf(&b, "%s%s:%s", i ? "," : "", s.errs.e[i].field, err_name(s.errs.e[i].code));
    return b.data;
}

static void model_province_check(ModelFix *f) {
    int64_t adm = mf_account(f, "adm", "admin", "active");
    json_t *before = province_doc(f, 44);
    assert_string_equal(province_refused(f, adm, "{\"min_age\":\"18\",\"max_sites_per_app\":-1}"),
                        "min_age:field_type,max_sites_per_app:field_range");
    assert_string_equal(province_refused(f, adm, "{\"name_zh\":\"广州\",\"colour\":1}"),
                        "colour:field_unknown,name_zh:province_fixed");
    assert_string_equal(province_refused(f, adm, "{\"review_days_min\":9,\"review_days_max\":3}"),
                        "review_days_max:province_days");
    assert_string_equal(
        province_refused(f, adm,
                         "{\"extras\":[{\"code\":\"Bad Code\",\"zh\":\"承\",\"copies\":0,"
                         "\"kinds\":0},{\"code\":\"verification_form\",\"zh\":\"核验单\","
                         "\"copies\":1,\"kinds\":2,\"natures\":1,\"x\":1}]}"),
        "extras.0.copies:field_range,extras.0.kinds:province_extra_kinds,"
        "extras.0.code:province_extra_code,extras.0.zh:field_too_short,"
        "extras.1.x:field_unknown,extras.1.natures:field_range,extras.1.code:province_extra_code");
    assert_string_equal(province_refused(f, adm, "[1]"), "rules:province_json");
    assert_string_equal(province_refused(f, adm, "{\"special_notice_zh\":\"a\\u0001b\"}"),
                        "special_notice_zh:field_control");
    json_t *after = province_doc(f, 44);
    assert_true(json_equal(before, after)); /* nothing changed */
    assert_int_equal(
        mf_i64(f->db, "SELECT count(*) FROM province_rules_history WHERE code = ?", 44), 0);
    assert_int_equal(audit_count(f, "province_rules.save"), 0);
    json_decref(before);
    json_decref(after);
}

/* ---- The audit search ------------------------------------------------- */

/* The actions of a search's rows, newest first: "a,b,c". */
static const char *audit_found(ModelFix *f, AuditQuery q) {
    AuditRow *rows;
    size_t n;
    assert_int_equal(audit_list(f->db, &f->a, &q, &rows, &n), 0);
    Buf b;
    buf_init(&b, &f->a);
    buf_puts(&b, "");
    for (size_t i = 0; i < n; i++)
        buf_printf(&b, "%s%s", i ? "," : "", rows[i].action);
    return b.data;
}

static void model_audit_search(ModelFix *f) {
    int64_t c1 = mf_account(f, "cust1", "customer", "active");
    int64_t c2 = mf_account(f, "cust2", "customer", "active");
    int64_t rev = mf_account(f, "rev", "reviewer", "active");
    int64_t s1 = mf_subject(f, c1, "京ICP备20260001号", NULL);
    int64_t s2 = mf_subject(f, c2, NULL, NULL);
    mf_exec(f->db, "UPDATE subjects SET name = '示例甲公司' WHERE id = ? AND id <> ?", s1, 0);
    assert_true(db_exec(f->db,
                        "INSERT INTO sites (subject_id, site_number, created_at, updated_at) "
                        "VALUES (?, '京ICP备20260001号-1', 0, 0)",
                        "i", s1) >= 0);
    int64_t app1 = mf_application(f, s1, "first_filing", NULL, c1);
    int64_t app2 = mf_application(f, s2, "first_filing", NULL, c2);
    mf_exec(f->db, "UPDATE applications SET number = 'A2026-000001' WHERE id = ? AND id <> ?", app1,
            0);
    mf_exec(f->db, "UPDATE applications SET number = 'A2026-000002' WHERE id = ? AND id <> ?", app2,
            0);
    Actor cu = {c1, "cust1", "10.0.0.1", NULL}, rv = {rev, "rev", "10.0.0.2", NULL};
    Actor anon = {0, NULL, "10.0.0.3", NULL};
    assert_int_equal(audit_write(f->db, &cu, "application.save", "application", app1, "site"), 0);
    assert_int_equal(audit_write(f->db, &rv, "application.view", "application", app1, NULL), 0);
    assert_int_equal(audit_write(f->db, &rv, "account.approve", "account", c1, NULL), 0);
    assert_int_equal(audit_write(f->db, &rv, "application.view", "application", app2, NULL), 0);
    assert_int_equal(audit_write(f->db, &anon, "login.failed", "account", c1, NULL), 0);
    assert_int_equal(audit_write(f->db, &rv, "logout", "account", rev, NULL), 0);

    assert_string_equal(audit_found(f, (AuditQuery){.actor_login = "rev"}),
                        "logout,application.view,account.approve,application.view");
    const char *about_s1 = "login.failed,account.approve,application.view,application.save";
    assert_string_equal(audit_found(f, (AuditQuery){.subject = "京ICP备20260001号"}), about_s1);
    assert_string_equal(audit_found(f, (AuditQuery){.subject = "示例甲公司"}), about_s1);
    assert_string_equal(audit_found(f, (AuditQuery){.subject = "京ICP备20260001号-1"}), about_s1);
    assert_string_equal(audit_found(f, (AuditQuery){.subject = "示例"}), ""); /* exact names */
    assert_string_equal(audit_found(f, (AuditQuery){.app_number = "A2026-000002"}),
                        "application.view");
    assert_string_equal(audit_found(f, (AuditQuery){.app_number = "A2026-999999"}), "");
    assert_string_equal(audit_found(f, (AuditQuery){.subject = "示例甲公司",
                                                    .action = "application.view",
                                                    .actor_login = "rev"}),
                        "application.view");
    /* The object's label: the application's number or the account's login. */
    AuditRow *rows;
    size_t n;
    AuditQuery q = {.subject = "示例甲公司", .limit = 2};
    assert_int_equal(audit_list(f->db, &f->a, &q, &rows, &n), 0);
    assert_int_equal(n, 2);
    assert_string_equal(rows[0].object_label, "cust1");
    q.before_id = rows[1].id; /* the next page of the same search */
    assert_int_equal(audit_list(f->db, &f->a, &q, &rows, &n), 0);
    assert_int_equal(n, 2);
    assert_string_equal(rows[0].object_label, "A2026-000001");
    assert_string_equal(rows[1].action, "application.save");
}

/* Dates: [from, to), including a row written by a clock a little behind. */
static void model_audit_dates(ModelFix *f) {
    Actor sys = {0, "sys", NULL, NULL};
    for (int i = 1; i <= 6; i++)
        assert_int_equal(audit_write(f->db, &sys, "date.test", "t", i, NULL), 0);
    /* Rows 1..6 an hour apart, but row 5 stamped 2 minutes before row 4. */
    mf_exec(f->db, "UPDATE audit_log SET at = 1800000000 + 3600 * object_id WHERE id > ? AND ? = 0",
            0, 0);
    mf_exec(f->db, "UPDATE audit_log SET at = ? WHERE object_id = ?", 1800000000 + 4 * 3600 - 120,
            5);
    int64_t h = 3600, t0 = 1800000000;
    AuditQuery q = {.at_from = t0 + 2 * h, .at_to = t0 + 4 * h};
    AuditRow *rows;
    size_t n;
    assert_int_equal(audit_list(f->db, &f->a, &q, &rows, &n), 0);
    assert_int_equal(n, 3); /* rows 5 (at 4h - 2 min), 3, 2 */
    assert_int_equal(rows[0].object_id, 5);
    assert_int_equal(rows[1].object_id, 3);
    assert_int_equal(rows[2].object_id, 2);
    q = (AuditQuery){.at_from = t0 + 4 * h};
    assert_int_equal(audit_list(f->db, &f->a, &q, &rows, &n), 0);
    assert_int_equal(n, 2); /* 6, 4 */
    assert_int_equal(rows[0].object_id, 6);
    q = (AuditQuery){.at_to = t0 + 2 * h};
    assert_int_equal(audit_list(f->db, &f->a, &q, &rows, &n), 0);
    assert_int_equal(n, 1);
    assert_int_equal(rows[0].object_id, 1);
    q = (AuditQuery){.at_from = t0 + 10 * h};
    assert_int_equal(audit_list(f->db, &f->a, &q, &rows, &n), 0);
    assert_int_equal(n, 0);
}

/* ---- The list --------------------------------------------------------- */

MODEL_WRAP(staff_create_and_list)
MODEL_WRAP(staff_role_and_self)
MODEL_WRAP(staff_disable_enable)
MODEL_WRAP(staff_password)
MODEL_WRAP(settings)
MODEL_WRAP(settings_queue_limit)
MODEL_WRAP(logins)
MODEL_WRAP(reasons_seeded_once)
MODEL_WRAP(reasons_edit)
MODEL_WRAP(province_save_history)
MODEL_WRAP(province_check)
MODEL_WRAP(audit_search)
MODEL_WRAP(audit_dates)

#define MODEL_ADMIN_TESTS(setup, teardown)                                                         \
    MODEL_TEST(staff_create_and_list, setup, teardown),                                            \
        MODEL_TEST(staff_role_and_self, setup, teardown),                                          \
        MODEL_TEST(staff_disable_enable, setup, teardown),                                         \
        MODEL_TEST(staff_password, setup, teardown), MODEL_TEST(settings, setup, teardown),        \
        MODEL_TEST(settings_queue_limit, setup, teardown), MODEL_TEST(logins, setup, teardown),    \
        MODEL_TEST(reasons_seeded_once, setup, teardown),                                          \
        MODEL_TEST(reasons_edit, setup, teardown),                                                 \
        MODEL_TEST(province_save_history, setup, teardown),                                        \
        MODEL_TEST(province_check, setup, teardown), MODEL_TEST(audit_search, setup, teardown),    \
        MODEL_TEST(audit_dates, setup, teardown)

#endif
