/*
** End to end: the admin console (docs/admin.md). Staff accounts (create
** with a typed or a generated password, roles, disable/enable, password
** reset, and an admin never disabling or demoting themself), the province
** rules with their history (and a saved rule reaching a customer's
** checklist), the standard return reasons, the provider's settings (and
** them printed on the customer's security agreement and verification
** form), the audit search with actions in words; every page and API
** action, its audit row, and the refusals: reviewers, customers and
** visitors kept out, bad input named field by field and changing nothing.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "filing_data.h"
#include "flows.h"
#include "rules/vocab.h"

static Beian *srv;
static Client *admin, *reviewer;

static int setup(void **state) {
    (void)state;
    STEP("the server starts with a provider name of its own; an admin and a reviewer log in");
    static const char *const env[] = {"BEIAN_PROVIDER_NAME=配置中的接入商有限公司", NULL};
    srv = beian_start_env(true, env);
    admin = flow_staff(srv, "admin1");
    reviewer = flow_staff(srv, "reviewer1");
    return 0;
}

static int teardown(void **state) {
    (void)state;
    client_free(admin);
    client_free(reviewer);
    return beian_stop(srv) == 0 ? 0 : -1;
}

/* ---- Helpers ---------------------------------------------------------- */

/* A growing string (malloc'd). */
typedef struct Str {
    char *s;
    size_t n, cap;
} Str;

static void str_add(Str *b, const char *s) {
    size_t k = strlen(s);
    if (b->n + k + 1 > b->cap) {
        b->cap = (b->n + k + 1) * 2;
        b->s = realloc(b->s, b->cap);
    }
    memcpy(b->s + b->n, s, k + 1);
    b->n += k;
}

/* Append "&name=value" (the value percent-encoded). */
static void form_add(Str *b, const char *name, const char *value) {
    str_add(b, b->n ? "&" : "");
    str_add(b, name);
    str_add(b, "=");
    size_t cap = 3 * strlen(value) + 1;
    char *enc = malloc(cap);
    str_add(b, form_encode(value, enc, cap));
    free(enc);
}

/* The id of a staff account by login (from the admin API). */
static long long staff_id(const char *login) {
    Resp *r = http_get(admin, "/api/v1/admin/staff");
    ASSERT_STATUS(r, 200);
    size_t i;
    json_t *a;
    json_array_foreach(json_object_get(r->json, "staff"), i, a) {
        if (!strcmp(jstr(a, "login"), login)) return jint(a, "id");
    }
    E2E_FAIL("no staff account %s", login);
}

/* A staff account's field (role, status) by login. */
static const char *staff_field(const char *login, const char *field) {
    Resp *r = http_get(admin, "/api/v1/admin/staff");
    ASSERT_STATUS(r, 200);
    size_t i;
    json_t *a;
    json_array_foreach(json_object_get(r->json, "staff"), i, a) {
        if (!strcmp(jstr(a, "login"), login)) return jstr(a, field);
    }
    return "";
}

/* How many audit entries a search finds (query: "action=x&..."). */
static size_t audit_found(const char *query) {
    char path[512];
    snprintf(path, sizeof path, "/api/v1/audit?%s", query);
    Resp *r = http_get(admin, path);
    ASSERT_STATUS(r, 200);
    return json_array_size(json_object_get(r->json, "entries"));
}

/* A new client logged in with a password, or NULL when the login fails. */
static Client *login_as(const char *login, const char *password, long want) {
    Client *c = client_new(srv);
    Resp *r = flow_login(c, login, password);
    ASSERT_STATUS(r, want);
    return c;
}

static void post_path(char *path, size_t n, const char *fmt, long long id) {
    snprintf(path, n, fmt, id);
}

/* ---- Staff accounts --------------------------------------------------- */

E2E_TEST(test_staff_create) {
    STEP("the staff page lists the staff, not the customers");
    Resp *r = http_get(admin, "/admin/staff");
    ASSERT_STATUS(r, 200);
    ASSERT_BODY_HAS(r, "admin1");
    ASSERT_BODY_HAS(r, "reviewer1");
    ASSERT_BODY_HAS(r, "添加员工账户");

    STEP("an admin adds a reviewer on the page with a typed password");
    r = http_post_form(admin, "/admin/staff",
                       "login=Rev2&display_name=%E5%AE%A1%E6%A0%B8%E5%91%98%E4%B9%99"
                       "&email=rev2%40example.com&mobile=13900002222&role=reviewer"
                       "&password=Rev2-Pass-2026");
    ASSERT_STATUS(r, 303);
    assert_string_equal(r->location, "/admin/staff");
    assert_string_equal(staff_field("rev2", "role"), "reviewer"); /* the login lower-cased */
    Client *c = login_as("rev2", "Rev2-Pass-2026", 303);
    assert_string_equal(jstr(http_get(c, "/api/v1/me")->json, "account.role"), "reviewer");
    client_free(c);

    STEP("through the API, with a generated password shown once");
    r = http_post_json(admin, "/api/v1/admin/staff",
                       "{\"login\":\"boss2\",\"display_name\":\"管理员乙\",\"email\":"
                       "\"boss2@example.com\",\"mobile\":\"13900003333\",\"role\":\"admin\"}");
    ASSERT_STATUS(r, 201);
    assert_string_equal(jstr(r->json, "account.role"), "admin");
    assert_string_equal(jstr(r->json, "account.mobile"), "139****3333");
    char *pw = strdup(jstr(r->json, "password"));
    assert_int_equal(strlen(pw), 19);
    c = login_as("boss2", pw, 303);
    client_free(c);
    r = http_get(admin, "/api/v1/audit?action=staff.create");
    ASSERT_BODY_LACKS(r, pw); /* never written anywhere */
    free(pw);

    STEP("on the page, a generated password is shown on the answer, not stored");
    r = http_post_form(admin, "/admin/staff",
                       "login=rev3&display_name=%E5%AE%A1%E6%A0%B8%E5%91%98%E4%B8%99"
                       "&email=rev3%40example.com&mobile=13900004444&role=reviewer&password=");
    ASSERT_STATUS(r, 201);
    ASSERT_BODY_HAS(r, "只显示这一次");
    ASSERT_BODY_HAS(r, "rev3");
    assert_int_equal(audit_found("action=staff.create"), 3);
}

E2E_TEST(test_staff_create_refused) {
    STEP("bad input is refused field by field, and nothing is created");
    Resp *r = http_post_json(admin, "/api/v1/admin/staff",
                             "{\"login\":\"9xy\",\"display_name\":\"甲\",\"email\":\"not-mail\","
                             "\"mobile\":\"123\",\"role\":\"customer\",\"password\":\"short\"}");
    ASSERT_STATUS(r, 400);
    assert_string_equal(json_field_error(r, "login"), "login_name");
    assert_string_equal(json_field_error(r, "display_name"), "field_too_short");
    assert_string_equal(json_field_error(r, "email"), "email");
    assert_string_equal(json_field_error(r, "mobile"), "field_too_short");
    assert_string_equal(json_field_error(r, "role"), "field_choice");
    r = http_post_json(admin, "/api/v1/admin/staff",
                       "{\"login\":\"weak\",\"display_name\":\"审核员丁\",\"email\":"
                       "\"weak@example.com\",\"mobile\":\"13900005555\",\"role\":\"reviewer\","
                       "\"password\":\"onlyletters\"}");
    ASSERT_STATUS(r, 400);
    assert_string_equal(json_field_error(r, "password"), "password_weak");
    STEP("a login or an e-mail already taken");
    r = http_post_json(admin, "/api/v1/admin/staff",
                       "{\"login\":\"reviewer1\",\"display_name\":\"重名\",\"email\":"
                       "\"fresh@example.com\",\"mobile\":\"13900006666\",\"role\":\"reviewer\"}");
    ASSERT_STATUS(r, 400);
    assert_string_equal(json_field_error(r, "login"), "login_taken");
    STEP("on the page, the form comes back with the reasons");
    r = http_post_form(admin, "/admin/staff",
                       "login=ok_name&display_name=%E4%B8%81&email=x&mobile=13900007777"
                       "&role=reviewer&password=");
    ASSERT_STATUS(r, 400);
    ASSERT_BODY_HAS(r, "has-error");
    ASSERT_BODY_HAS(r, "value=\"ok_name\"");
    assert_string_equal(staff_field("weak", "role"), "");
    assert_string_equal(staff_field("ok_name", "role"), "");
}

E2E_TEST(test_staff_roles_and_self) {
    STEP("an admin makes a reviewer an admin, then a reviewer again");
    long long id = staff_id("reviewer1");
    char path[128];
    post_path(path, sizeof path, "/api/v1/admin/staff/%lld/role", id);
    Resp *r = http_post_json(admin, path, "{\"role\":\"admin\"}");
    ASSERT_STATUS(r, 200);
    assert_string_equal(jstr(r->json, "account.role"), "admin");
    r = http_post_json(admin, path, "{\"role\":\"admin\"}");
    ASSERT_STATUS(r, 409); /* it is one already */
    post_path(path, sizeof path, "/admin/staff/%lld/role", id);
    http_get(admin, "/admin/staff");
    r = http_post_form(admin, path, "role=reviewer");
    ASSERT_STATUS(r, 303);
    assert_string_equal(staff_field("reviewer1", "role"), "reviewer");
    r = http_post_json(admin, "/api/v1/admin/staff/1/role", "{\"role\":\"boss\"}");
    ASSERT_STATUS(r, 400);
    assert_string_equal(json_field_error(r, "role"), "field_choice");

    STEP("an admin cannot demote or disable themself, on the page or through the API");
    long long me = staff_id("admin1");
    post_path(path, sizeof path, "/api/v1/admin/staff/%lld/role", me);
    r = http_post_json(admin, path, "{\"role\":\"reviewer\"}");
    ASSERT_STATUS(r, 403);
    ASSERT_BODY_HAS(r, "staff_self");
    post_path(path, sizeof path, "/api/v1/admin/staff/%lld/disable", me);
    r = http_post_json(admin, path, "{}");
    ASSERT_STATUS(r, 403);
    post_path(path, sizeof path, "/admin/staff/%lld/role", me);
    r = http_post_form(admin, path, "role=reviewer");
    ASSERT_STATUS(r, 403);
    ASSERT_BODY_HAS(r, "不能停用自己的账户");
    assert_string_equal(staff_field("admin1", "role"), "admin");
    assert_string_equal(staff_field("admin1", "status"), "active");

    STEP("a customer's account or an unknown id is no staff account");
    r = http_post_json(admin, "/api/v1/admin/staff/999999/role", "{\"role\":\"admin\"}");
    ASSERT_STATUS(r, 404);
    r = http_post_json(admin, "/api/v1/admin/staff/abc/enable", "{}");
    ASSERT_STATUS(r, 404);
    assert_int_equal(audit_found("action=staff.role"), 2);
}

E2E_TEST(test_staff_disable_and_password) {
    STEP("a reviewer is logged in");
    http_post_json(admin, "/api/v1/admin/staff",
                   "{\"login\":\"rev5\",\"display_name\":\"审核员戊\",\"email\":"
                   "\"rev5@example.com\",\"mobile\":\"13900008888\",\"role\":\"reviewer\","
                   "\"password\":\"Rev5-Pass-2026\"}");
    Client *c = login_as("rev5", "Rev5-Pass-2026", 303);
    ASSERT_STATUS(http_get(c, "/api/v1/me"), 200);
    long long id = staff_id("rev5");
    char path[128];

    STEP("disabled with a reason: the session ends, and the login is refused");
    post_path(path, sizeof path, "/api/v1/admin/staff/%lld/disable", id);
    Resp *r = http_post_json(admin, path, "{\"reason\":\"已离职\"}");
    ASSERT_STATUS(r, 200);
    assert_string_equal(jstr(r->json, "account.status"), "disabled");
    assert_string_equal(jstr(r->json, "account.status_reason"), "已离职");
    ASSERT_STATUS(http_get(c, "/api/v1/me"), 401);
    client_free(c);
    c = login_as("rev5", "Rev5-Pass-2026", 403);
    client_free(c);
    r = http_get(admin, "/admin/staff");
    ASSERT_BODY_HAS(r, "已离职");

    STEP("enabled on the page: the login works again");
    post_path(path, sizeof path, "/admin/staff/%lld/enable", id);
    r = http_post_form(admin, path, "");
    ASSERT_STATUS(r, 303);
    c = login_as("rev5", "Rev5-Pass-2026", 303);

    STEP("a password reset: a new password shown once, the old one and the session gone");
    post_path(path, sizeof path, "/api/v1/admin/staff/%lld/password", id);
    r = http_post_json(admin, path, "{}");
    ASSERT_STATUS(r, 200);
    char *pw = strdup(jstr(r->json, "password"));
    ASSERT_STATUS(http_get(c, "/api/v1/me"), 401);
    client_free(c);
    client_free(login_as("rev5", "Rev5-Pass-2026", 401));
    client_free(login_as("rev5", pw, 303));
    free(pw);
    STEP("on the page too; an admin resetting their own keeps this session");
    post_path(path, sizeof path, "/admin/staff/%lld/password", staff_id("boss2"));
    r = http_post_form(admin, path, "");
    ASSERT_STATUS(r, 200);
    ASSERT_BODY_HAS(r, "只显示这一次");
    post_path(path, sizeof path, "/api/v1/admin/staff/%lld/password", staff_id("admin1"));
    r = http_post_json(admin, path, "{}");
    ASSERT_STATUS(r, 200);
    ASSERT_STATUS(http_get(admin, "/api/v1/me"), 200);
    assert_int_equal(audit_found("action=staff.disable"), 1);
    assert_int_equal(audit_found("action=staff.enable"), 1);
    assert_int_equal(audit_found("action=staff.password_reset"), 3);
}

/* ---- Province rules --------------------------------------------------- */

/* The ids of the bits set in a kinds (or natures) bit set, as form fields. */
static void form_bits(Str *f, const char *name, long long bits, bool kinds) {
    int count = kinds ? KIND__COUNT : NATURE__COUNT;
    for (int v = 1; v < count; v++)
        if (bits & (1LL << v))
            form_add(f, name, kinds ? app_kind_id((AppKind)v) : nature_id((SubjectNature)v));
}

/* The editor's form as a browser sends it, for a rules document. */
static char *province_form(json_t *doc, int base) {
    Str f = {0};
    const char *key;
    json_t *v;
    char num[32];
    json_object_foreach(doc, key, v) {
        if (!strcmp(key, "code") || !strcmp(key, "prefix") || !strcmp(key, "alt_prefix") ||
            !strncmp(key, "name_", 5) || !strcmp(key, "extras"))
            continue;
        if (json_is_true(v)) form_add(&f, key, "1");
        if (json_is_integer(v)) {
            snprintf(num, sizeof num, "%lld", (long long)json_integer_value(v));
            form_add(&f, key, num);
        }
        if (json_is_string(v)) form_add(&f, key, json_string_value(v));
    }
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(doc, "extras"), i, x) {
        char name[64];
        const char *texts[] = {"code", "zh", "en", "note_zh", "note_en"};
        for (int k = 0; k < 5; k++) {
            snprintf(name, sizeof name, "extras.%zu.%s", i, texts[k]);
            form_add(&f, name, jstr(x, texts[k]));
        }
        snprintf(name, sizeof name, "extras.%zu.copies", i);
        snprintf(num, sizeof num, "%lld", jint(x, "copies"));
        form_add(&f, name, num);
        snprintf(name, sizeof name, "extras.%zu.kinds", i);
        form_bits(&f, name, jint(x, "kinds"), true);
        snprintf(name, sizeof name, "extras.%zu.natures", i);
        form_bits(&f, name, jint(x, "natures"), false);
    }
    snprintf(num, sizeof num, "%d", base);
    form_add(&f, "base", num);
    return f.s;
}

/* A province's rules document and version (a new reference). */
static json_t *province_rules(int code, int *version) {
    char path[64];
    snprintf(path, sizeof path, "/api/v1/admin/provinces/%d", code);
    Resp *r = http_get(admin, path);
    ASSERT_STATUS(r, 200);
    *version = (int)jint(r->json, "province.version");
    return json_deep_copy(jpath(r->json, "province.rules"));
}

E2E_TEST(test_provinces_list_and_page) {
    STEP("the 31 provinces with their key rules");
    Resp *r = http_get(admin, "/api/v1/admin/provinces");
    ASSERT_STATUS(r, 200);
    assert_int_equal(json_array_size(json_object_get(r->json, "provinces")), 31);
    assert_string_equal(jstr(r->json, "provinces.0.prefix"), "京");
    r = http_get(admin, "/admin/provinces");
    ASSERT_STATUS(r, 200);
    ASSERT_BODY_HAS(r, "广东省");
    ASSERT_BODY_HAS(r, "互联网信息服务备案承诺书");
    ASSERT_BODY_HAS(r, "新疆维吾尔自治区");
    STEP("a province's editor shows its fields and its extra materials");
    r = http_get(admin, "/admin/provinces/44");
    ASSERT_STATUS(r, 200);
    ASSERT_BODY_HAS(r, "name=\"min_age\"");
    ASSERT_BODY_HAS(r, "value=\"filing_pledge\"");
    ASSERT_BODY_HAS(r, "name=\"extras.1.code\""); /* a row to add one */
    ASSERT_BODY_HAS(r, "尚未修改过");
    ASSERT_STATUS(http_get(admin, "/admin/provinces/20"), 404); /* no province 20 */
    ASSERT_STATUS(http_get(admin, "/admin/provinces/x"), 404);
}

E2E_TEST(test_province_edit_reaches_the_checklist) {
    STEP("a customer's first filing in Beijing, its checklist without a Beijing extra");
    Client *c = flow_new_customer(srv, reviewer, "bjcust");
    long long app = flow_first_filing(c, "{" ORG_SUBJECT "}", SITE_SAME, "示例科技官方网站",
                                      "example-admin1.cn");
    char path[96];
    snprintf(path, sizeof path, "/api/v1/applications/%lld", app);
    ASSERT_BODY_LACKS(http_get(c, path), "bj_test_pledge");

    STEP("the admin adds an extra material on the editor page: a new version");
    int version;
    json_t *doc = province_rules(11, &version);
    assert_int_equal(version, 0);
    json_t *extra =
        json_pack("{s:s, s:s, s:s, s:n, s:n, s:i, s:i, s:i}", "code", "bj_test_pledge", "zh",
                  "北京测试承诺书", "en", "Beijing test pledge", "note_zh", "note_en", "copies", 2,
                  "kinds", 1 << KIND_FIRST_FILING, "natures", 0);
    json_array_append_new(json_object_get(doc, "extras"), extra);
    json_object_set_new(doc, "min_age", json_integer(16));
    char *form = province_form(doc, version);
    http_get(admin, "/admin/provinces/11");
    Resp *r = http_post_form(admin, "/admin/provinces/11", form);
    free(form);
    ASSERT_STATUS(r, 303);
    assert_string_equal(r->location, "/admin/provinces/11");
    json_t *now = province_rules(11, &version);
    assert_int_equal(version, 1);
    if (!json_equal(doc, now)) {
        char *a = json_dumps(doc, JSON_SORT_KEYS), *b = json_dumps(now, JSON_SORT_KEYS);
        E2E_FAIL("saved %s\nnot %s", b, a);
    }

    STEP("the customer's checklist lists it at once");
    r = http_get(c, path);
    ASSERT_BODY_HAS(r, "bj_test_pledge");
    snprintf(path, sizeof path, "/portal/applications/%lld", app);
    ASSERT_BODY_HAS(http_get(c, path), "北京测试承诺书");

    STEP("the history keeps the seed; its page shows what changed");
    r = http_get(admin, "/api/v1/admin/provinces/11");
    assert_int_equal(json_array_size(json_object_get(r->json, "versions")), 1);
    long long vid = jint(r->json, "versions.0.id");
    snprintf(path, sizeof path, "/admin/provinces/11/versions/%lld", vid);
    r = http_get(admin, path);
    ASSERT_STATUS(r, 200);
    ASSERT_BODY_HAS(r, "已改");
    ASSERT_BODY_HAS(r, "北京测试承诺书");
    snprintf(path, sizeof path, "/api/v1/admin/provinces/11/versions/%lld", vid);
    r = http_get(admin, path);
    ASSERT_STATUS(r, 200);
    assert_int_equal(jint(r->json, "rules.min_age"), 0);
    snprintf(path, sizeof path, "/api/v1/admin/provinces/12/versions/%lld", vid);
    ASSERT_STATUS(http_get(admin, path), 404); /* another province's version */
    assert_int_equal(audit_found("action=province_rules.save"), 1);
    json_decref(doc);
    json_decref(now);
    client_free(c);
}

E2E_TEST(test_province_edit_refused) {
    int version;
    json_t *doc = province_rules(44, &version);
    STEP("the API names every bad key, and nothing changes");
    Resp *r =
        http_post_json(admin, "/api/v1/admin/provinces/44",
                       "{\"min_age\":\"18\",\"name_zh\":\"广州\",\"review_days_min\":9,"
                       "\"review_days_max\":3,\"extras\":[{\"code\":\"Bad!\",\"zh\":\"承诺书\","
                       "\"copies\":1,\"kinds\":0}],\"colour\":\"red\"}");
    ASSERT_STATUS(r, 400);
    assert_string_equal(json_field_error(r, "min_age"), "field_type");
    assert_string_equal(json_field_error(r, "name_zh"), "province_fixed");
    assert_string_equal(json_field_error(r, "review_days_max"), "province_days");
    assert_string_equal(json_field_error(r, "extras.0.code"), "province_extra_code");
    assert_string_equal(json_field_error(r, "extras.0.kinds"), "province_extra_kinds");
    assert_string_equal(json_field_error(r, "colour"), "field_unknown");
    STEP("a stale version is refused");
    json_object_set_new(doc, "base", json_integer(version + 5));
    char *text = json_dumps(doc, 0);
    r = http_post_json(admin, "/api/v1/admin/provinces/44", text);
    free(text);
    ASSERT_STATUS(r, 409);
    STEP("on the page, the form comes back with the bad row named");
    json_object_del(doc, "base");
    json_object_set_new(doc, "min_age", json_integer(300));
    char *form = province_form(doc, version);
    http_get(admin, "/admin/provinces/44");
    r = http_post_form(admin, "/admin/provinces/44", form);
    free(form);
    ASSERT_STATUS(r, 400);
    ASSERT_BODY_HAS(r, "数值超出允许范围");
    ASSERT_BODY_HAS(r, "value=\"300\"");
    json_t *after = province_rules(44, &version);
    assert_int_equal(version, 0);
    assert_int_equal(jint(after, "min_age"), 0);
    json_decref(after);
    json_decref(doc);
}

/* ---- Standard return reasons ------------------------------------------ */

/* The reason of a code (a seeded one), as JSON (borrowed until the next request). */
static json_t *reason_of(const char *code, long long id) {
    Resp *r = http_get(admin, "/api/v1/admin/reasons");
    ASSERT_STATUS(r, 200);
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(r->json, "reasons"), i, x) {
        if ((code && !strcmp(jstr(x, "code"), code)) || jint(x, "id") == id) return x;
    }
    return NULL;
}

E2E_TEST(test_reasons) {
    STEP("the seeded reasons: the common returns, with texts, suggestions and fields");
    Resp *r = http_get(admin, "/api/v1/admin/reasons");
    ASSERT_STATUS(r, 200);
    assert_true(json_array_size(json_object_get(r->json, "reasons")) >= 13);
    json_t *x = reason_of("domain_not_verified", 0);
    assert_non_null(x);
    assert_string_equal(jstr(x, "field"), "site_domain");
    assert_true(strlen(jstr(x, "suggestion_en")) > 10);
    assert_non_null(reason_of("verification_form_missing", 0));
    assert_non_null(reason_of("sms_timeout", 0));
    r = http_get(admin, "/admin/reasons");
    ASSERT_STATUS(r, 200);
    ASSERT_BODY_HAS(r, "域名未完成实名认证");

    STEP("an admin adds one on the page; it comes last");
    r = http_post_form(admin, "/admin/reasons",
                       "field=site_name&text_zh=%E7%BD%91%E7%AB%99%E5%90%8D%E7%A7%B0%E5%90%AB"
                       "%E6%95%8F%E6%84%9F%E8%AF%8D&text_en=The+site+name+has+a+sensitive+word"
                       "&suggestion_zh=&suggestion_en=");
    ASSERT_STATUS(r, 303);
    r = http_get(admin, "/api/v1/admin/reasons");
    json_t *list = json_object_get(r->json, "reasons");
    json_t *last = json_array_get(list, json_array_size(list) - 1);
    assert_string_equal(jstr(last, "text_zh"), "网站名称含敏感词");
    assert_string_equal(jstr(last, "code"), "");
    long long id = jint(last, "id");

    STEP("bad input names the field, and adds nothing");
    size_t before = json_array_size(list);
    r = http_post_json(admin, "/api/v1/admin/reasons",
                       "{\"field\":\"site_colour\",\"text_zh\":\"原因\"}");
    ASSERT_STATUS(r, 400);
    assert_string_equal(json_field_error(r, "field"), "reason_field");
    assert_string_equal(json_field_error(r, "text_en"), "field_required");
    r = http_get(admin, "/api/v1/admin/reasons");
    assert_int_equal(json_array_size(json_object_get(r->json, "reasons")), before);

    STEP("edited through the API, moved up on the page, deactivated and back");
    char path[96];
    snprintf(path, sizeof path, "/api/v1/admin/reasons/%lld", id);
    r = http_post_json(
        admin, path,
        "{\"field\":\"\",\"text_zh\":\"网站名称含有敏感词语\",\"text_en\":\"Sensitive "
        "word in the site name\",\"suggestion_zh\":\"请修改网站名称\","
        "\"suggestion_en\":\"Change the name\"}");
    ASSERT_STATUS(r, 200);
    assert_string_equal(jstr(r->json, "reason.field"), "");
    assert_string_equal(jstr(r->json, "reason.updated_by"), "admin1");
    snprintf(path, sizeof path, "/admin/reasons/%lld/move", id);
    http_get(admin, "/admin/reasons");
    ASSERT_STATUS(http_post_form(admin, path, "direction=up"), 303);
    r = http_get(admin, "/api/v1/admin/reasons");
    list = json_object_get(r->json, "reasons");
    assert_int_equal(jint(json_array_get(list, json_array_size(list) - 2), "id"), id);
    snprintf(path, sizeof path, "/api/v1/admin/reasons/%lld/move", id);
    ASSERT_STATUS(http_post_json(admin, path, "{\"direction\":\"sideways\"}"), 400);
    snprintf(path, sizeof path, "/api/v1/admin/reasons/%lld/deactivate", id);
    r = http_post_json(admin, path, "{}");
    ASSERT_STATUS(r, 200);
    assert_false(json_is_true(jpath(r->json, "reason.active")));
    snprintf(path, sizeof path, "/admin/reasons/%lld/activate", id);
    ASSERT_STATUS(http_post_form(admin, path, ""), 303);
    assert_true(json_is_true(json_object_get(reason_of(NULL, id), "active")));
    snprintf(path, sizeof path, "/admin/reasons/%lld", id);
    ASSERT_BODY_HAS(http_get(admin, path), "编辑退回原因");
    ASSERT_STATUS(http_get(admin, "/admin/reasons/999999"), 404);
    assert_int_equal(audit_found("action=return_reason.create"), 1);
    assert_int_equal(audit_found("action=return_reason.update"), 1);
    assert_int_equal(audit_found("action=return_reason.move"), 1);
    assert_int_equal(audit_found("action=return_reason.deactivate"), 1);
    assert_int_equal(audit_found("action=return_reason.activate"), 1);
}

/* ---- Settings and the printed forms ----------------------------------- */

/* Fetch a PDF and return its text (pdftotext) without spaces or line
** breaks (malloc'd). */
static char *pdf_text(Client *c, const char *path) {
    Resp *r = http_get(c, path);
    ASSERT_STATUS(r, 200);
    assert_string_equal(r->content_type, "application/pdf");
    char file[] = "/tmp/beian-admin-form-XXXXXX";
    int fd = mkstemp(file);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, r->body, r->len), (ssize_t)r->len);
    close(fd);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "pdftotext -layout '%s' - 2>&1", file);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    char *out = calloc(1, 1 << 20);
    size_t n = fread(out, 1, (1 << 20) - 1, p);
    out[n] = 0;
    assert_int_equal(pclose(p), 0);
    unlink(file);
    /* Layout mode spaces and wraps the text: keep the characters only. */
    size_t k = 0;
    for (size_t i = 0; out[i]; i++)
        if (out[i] != ' ' && out[i] != '\n') out[k++] = out[i];
    out[k] = 0;
    return out;
}

E2E_TEST(test_settings_on_the_forms) {
    STEP("the defaults: the configured provider name, a 24-hour review");
    Resp *r = http_get(admin, "/api/v1/admin/settings");
    ASSERT_STATUS(r, 200);
    assert_string_equal(jstr(r->json, "settings.provider_name"), "配置中的接入商有限公司");
    assert_string_equal(jstr(r->json, "settings.provider_address"), "");
    assert_int_equal(jint(r->json, "settings.review_hours"), 24);

    STEP("bad input is named on the page and through the API, and nothing is saved");
    http_get(admin, "/admin/settings");
    r = http_post_form(admin, "/admin/settings",
                       "provider_name=%E7%A4%BA%E4%BE%8B&provider_phone=12345&review_hours=0"
                       "&provider_email=nope");
    ASSERT_STATUS(r, 400);
    ASSERT_BODY_HAS(r, "400/800/95");
    r = http_post_json(admin, "/api/v1/admin/settings",
                       "{\"provider_name\":\"\",\"provider_phone\":\"12345\",\"review_hours\":0,"
                       "\"provider_email\":\"nope\"}");
    ASSERT_STATUS(r, 400);
    assert_string_equal(json_field_error(r, "provider_name"), "field_required");
    assert_string_equal(json_field_error(r, "provider_phone"), "provider_phone");
    assert_string_equal(json_field_error(r, "provider_email"), "email");
    assert_string_equal(json_field_error(r, "review_hours"), "field_range");
    assert_int_equal(audit_found("action=settings.save"), 0);

    STEP("the admin saves the provider's details");
    r = http_post_json(
        admin, "/api/v1/admin/settings",
        "{\"provider_name\":\"北京示例云网络有限公司\",\"provider_address\":"
        "\"北京市海淀区示例路 8 号云大厦\",\"provider_contact\":\"周备案\","
        "\"provider_phone\":\"4008001234\",\"provider_email\":\"beian@cloud.example\","
        "\"onsite_address\":\"北京市海淀区示例路 8 号 1 层核验室\","
        "\"onsite_hours\":\"工作日 9:00-17:00\",\"onsite_bring\":\"身份证原件\","
        "\"review_hours\":48}");
    ASSERT_STATUS(r, 200);
    assert_string_equal(jstr(r->json, "settings.provider_phone"), "400-800-1234");
    r = http_get(admin, "/admin/settings");
    ASSERT_BODY_HAS(r, "云大厦");
    ASSERT_BODY_HAS(r, "value=\"48\"");
    assert_int_equal(audit_found("action=settings.save"), 1);

    STEP("the customer's security agreement prints them");
    Client *c = flow_new_customer(srv, reviewer, "setcust");
    long long app = flow_first_filing(c, "{" ORG_SUBJECT "}", SITE_SAME, "示例科技官方网站",
                                      "example-admin2.cn");
    char path[128];
    snprintf(path, sizeof path, "/portal/applications/%lld/forms/agreement.pdf", app);
    char *t = pdf_text(c, path);
    assert_non_null(strstr(t, "北京示例云网络有限公司"));
    assert_non_null(strstr(t, "北京市海淀区示例路8号云大厦"));
    assert_non_null(strstr(t, "周备案"));
    assert_non_null(strstr(t, "400-800-1234"));
    assert_non_null(strstr(t, "beian@cloud.example"));
    free(t);
    STEP("the verification form names the provider and where to verify on site");
    snprintf(path, sizeof path, "/portal/applications/%lld/forms/verification.pdf", app);
    t = pdf_text(c, path);
    assert_non_null(strstr(t, "北京示例云网络有限公司"));
    assert_null(strstr(t, "配置中的接入商有限公司"));
    assert_non_null(strstr(t, "北京市海淀区示例路8号1层核验室"));
    assert_non_null(strstr(t, "工作日9:00-17:00"));
    free(t);
    STEP("verify & submit shows where and when to verify on site, and what to bring");
    snprintf(path, sizeof path, "/portal/applications/%lld", app);
    r = http_get(c, path);
    ASSERT_STATUS(r, 200);
    ASSERT_BODY_HAS(r, "id=\"onsite-place\"");
    ASSERT_BODY_HAS(r, "北京市海淀区示例路 8 号 1 层核验室");
    ASSERT_BODY_HAS(r, "工作日 9:00-17:00");
    ASSERT_BODY_HAS(r, "<li>身份证原件</li>");
    snprintf(path, sizeof path, "/api/v1/applications/%lld", app);
    r = http_get(c, path);
    ASSERT_STATUS(r, 200);
    assert_string_equal(jstr(r->json, "onsite_place.address"),
                        "北京市海淀区示例路 8 号 1 层核验室");
    assert_string_equal(jstr(r->json, "onsite_place.bring"), "身份证原件");
    STEP("the reviewers' queue counts overdue after the saved review time limit");
    r = http_get(reviewer, "/staff/queue");
    ASSERT_BODY_HAS(r, "超过审核时限（48 小时）");
    r = http_get(reviewer, "/api/v1/staff/queue?overdue=1");
    ASSERT_STATUS(r, 200);
    assert_int_equal(jint(r->json, "limit_hours"), 48);
    client_free(c);
}

/* ---- The audit search ------------------------------------------------- */

/* Today in China Standard Time, YYYY-MM-DD, with days added. */
static const char *cst_day(int days, char *buf, size_t n) {
    time_t t = time(NULL) + 8 * 3600 + (time_t)days * 86400;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, n, "%Y-%m-%d", &tm);
    return buf;
}

E2E_TEST(test_audit_search) {
    STEP("a customer files (named subject, numbered application); someone fails a login");
    Client *c = flow_new_customer(srv, reviewer, "audcust");
    long long app = flow_first_filing(c, "{" ORG_SUBJECT "}", SITE_SAME, "示例科技官方网站",
                                      "example-admin3.cn");
    char path[256];
    snprintf(path, sizeof path, "/api/v1/applications/%lld", app);
    char *number = strdup(jstr(http_get(c, path)->json, "number"));
    Client *x = client_new(srv);
    ASSERT_STATUS(flow_login(x, "audcust", "wrong-password-1"), 401);
    client_free(x);

    STEP("by actor: only what that login did");
    snprintf(path, sizeof path, "/api/v1/audit?actor=audcust");
    Resp *r = http_get(admin, path);
    ASSERT_STATUS(r, 200);
    size_t i;
    json_t *e;
    size_t n = json_array_size(json_object_get(r->json, "entries"));
    assert_true(n >= 4); /* login, create, three steps saved */
    json_array_foreach(json_object_get(r->json, "entries"), i, e) {
        assert_string_equal(jstr(e, "actor_login"), "audcust");
    }
    STEP("by application number: its rows, with the number as their object");
    snprintf(path, sizeof path, "/api/v1/audit?application=%s", number);
    r = http_get(admin, path);
    n = json_array_size(json_object_get(r->json, "entries"));
    assert_int_equal(n, 4); /* created, subject, site, access saved */
    assert_string_equal(jstr(r->json, "entries.0.object_label"), number);
    assert_string_equal(jstr(r->json, "entries.0.action_label"), "保存申请步骤");
    STEP("by subject name: its application's rows and its account's (the failed login too)");
    r = http_get(admin,
                 "/api/v1/audit?subject=%E5%8C%97%E4%BA%AC%E7%A4%BA%E4%BE%8B%E7%A7%91%E6%8A%80"
                 "%E6%9C%89%E9%99%90%E5%85%AC%E5%8F%B8&action=login.failed");
    ASSERT_STATUS(r, 200);
    assert_true(json_array_size(json_object_get(r->json, "entries")) >= 1);
    assert_string_equal(jstr(r->json, "entries.0.object_label"), "audcust");
    STEP("by dates: today has them, a day long past has none");
    char d1[16], d2[16];
    snprintf(path, sizeof path, "/api/v1/audit?actor=audcust&from=%s&to=%s",
             cst_day(0, d1, sizeof d1), cst_day(0, d2, sizeof d2));
    assert_int_equal(json_array_size(json_object_get(http_get(admin, path)->json, "entries")),
                     audit_found("actor=audcust"));
    assert_int_equal(audit_found("actor=audcust&from=2001-01-01&to=2001-12-31"), 0);
    STEP("bad dates are named");
    r = http_get(admin, "/api/v1/audit?from=2026-02-30&to=yesterday");
    ASSERT_STATUS(r, 400);
    assert_string_equal(json_field_error(r, "from"), "date_format");
    assert_string_equal(json_field_error(r, "to"), "date_format");
    r = http_get(admin, "/api/v1/audit?from=2026-03-02&to=2026-03-01");
    ASSERT_STATUS(r, 400);
    assert_string_equal(json_field_error(r, "to"), "date_range");
    free(number);
    client_free(c);
}

E2E_TEST(test_audit_page_in_words_and_paged) {
    STEP("130 rows of one action (written as set-up), paged by id with the filter kept");
    beian_sql(srv, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 130) "
                   "INSERT INTO audit_log (at, actor_id, actor_login, action, object_type, "
                   "object_id, ip, request_id, detail) SELECT 1700000000 + i, 0, 'bulk', "
                   "'login.failed', 'account', 0, '10.1.1.1', 'seed', NULL FROM n");
    Resp *r = http_get(admin, "/api/v1/audit?actor=bulk");
    ASSERT_STATUS(r, 200);
    assert_int_equal(json_array_size(json_object_get(r->json, "entries")), 100);
    long long next = jint(r->json, "next_before");
    assert_int_equal(next, jint(r->json, "entries.99.id"));
    char path[128];
    snprintf(path, sizeof path, "/api/v1/audit?actor=bulk&before=%lld", next);
    r = http_get(admin, path);
    assert_int_equal(json_array_size(json_object_get(r->json, "entries")), 30);
    assert_int_equal(jint(r->json, "next_before"), 0);
    STEP("the page shows the actions in words, and links the next page with its filter");
    r = http_get(admin, "/admin/audit?actor=bulk&action=login.failed");
    ASSERT_STATUS(r, 200);
    ASSERT_BODY_HAS(r, "title=\"login.failed\">登录失败</span>");
    ASSERT_BODY_HAS(r, "&amp;action=login.failed&amp;actor=bulk");
    ASSERT_BODY_HAS(r, "更早的记录");
    STEP("in English, in English words; an unknown action keeps its code");
    http_get(admin, "/lang/en?next=/");
    r = http_get(admin, "/admin/audit?action=login.failed");
    ASSERT_BODY_HAS(r, "title=\"login.failed\">Failed login</span>");
    beian_sql(srv, "INSERT INTO audit_log (at, actor_id, actor_login, action) "
                   "VALUES (1700000000, 0, 'bulk', 'future.action')");
    r = http_get(admin, "/admin/audit?action=future.action");
    ASSERT_BODY_HAS(r, ">future.action</span>");
    http_get(admin, "/lang/zh?next=/");
    STEP("bad input on the page names the field");
    r = http_get(admin, "/admin/audit?from=2026-13-01");
    ASSERT_STATUS(r, 400);
    ASSERT_BODY_HAS(r, "日期格式应为 YYYY-MM-DD");
}

/* ---- Who may do what -------------------------------------------------- */

typedef struct AdminRoute {
    bool post;
    const char *path;
} AdminRoute;

/* Every route of the admin console (with ids that exist). */
static const AdminRoute admin_routes[] = {
    {false, "/admin/staff"},
    {true, "/admin/staff"},
    {true, "/admin/staff/1/role"},
    {true, "/admin/staff/1/disable"},
    {true, "/admin/staff/1/enable"},
    {true, "/admin/staff/1/password"},
    {false, "/admin/provinces"},
    {false, "/admin/provinces/44"},
    {true, "/admin/provinces/44"},
    {false, "/admin/provinces/44/versions/1"},
    {false, "/admin/reasons"},
    {true, "/admin/reasons"},
    {false, "/admin/reasons/1"},
    {true, "/admin/reasons/1"},
    {true, "/admin/reasons/1/move"},
    {true, "/admin/reasons/1/activate"},
    {true, "/admin/reasons/1/deactivate"},
    {false, "/admin/settings"},
    {true, "/admin/settings"},
    {false, "/admin/audit"},
    {false, "/api/v1/admin/staff"},
    {true, "/api/v1/admin/staff"},
    {true, "/api/v1/admin/staff/1/role"},
    {true, "/api/v1/admin/staff/1/disable"},
    {true, "/api/v1/admin/staff/1/enable"},
    {true, "/api/v1/admin/staff/1/password"},
    {false, "/api/v1/admin/provinces"},
    {false, "/api/v1/admin/provinces/44"},
    {true, "/api/v1/admin/provinces/44"},
    {false, "/api/v1/admin/provinces/44/versions/1"},
    {false, "/api/v1/admin/reasons"},
    {true, "/api/v1/admin/reasons"},
    {false, "/api/v1/admin/reasons/1"},
    {true, "/api/v1/admin/reasons/1"},
    {true, "/api/v1/admin/reasons/1/move"},
    {true, "/api/v1/admin/reasons/1/activate"},
    {true, "/api/v1/admin/reasons/1/deactivate"},
    {false, "/api/v1/admin/settings"},
    {true, "/api/v1/admin/settings"},
    {false, "/api/v1/audit"},
};

/* Every admin route answers c with want (a page to a visitor: 303 to login,
** or 401 for a POST and the API). */
static void walk(Client *c, const char *who, long want) {
    for (size_t i = 0; i < sizeof admin_routes / sizeof admin_routes[0]; i++) {
        const AdminRoute *x = &admin_routes[i];
        STEP("%s: %s %s", who, x->post ? "POST" : "GET", x->path);
        Resp *r = x->post ? http_post_json(c, x->path, "{}") : http_get(c, x->path);
        long w = want;
        if (want == 401 && !x->post && strncmp(x->path, "/api/", 5) != 0) w = 303;
        ASSERT_STATUS(r, w);
    }
}

E2E_TEST(test_only_admins) {
    STEP("a reviewer, a customer and a visitor are kept out of every admin route");
    Resp *before = http_get(admin, "/api/v1/audit?action=staff.role");
    size_t roles = json_array_size(json_object_get(before->json, "entries"));
    walk(reviewer, "reviewer", 403);
    Client *c = flow_new_customer(srv, reviewer, "nosy");
    walk(c, "customer", 403);
    client_free(c);
    Client *anon = client_new(srv);
    http_get(anon, "/api/v1/csrf");
    walk(anon, "visitor", 401);
    client_free(anon);
    STEP("and nothing they sent changed anything");
    assert_int_equal(audit_found("action=staff.role"), roles);
    assert_string_equal(staff_field("admin1", "role"), "admin");
    assert_int_equal(audit_found("action=settings.save&actor=reviewer1"), 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        E2E_CASE(test_only_admins),
        E2E_CASE(test_staff_create),
        E2E_CASE(test_staff_create_refused),
        E2E_CASE(test_staff_roles_and_self),
        E2E_CASE(test_staff_disable_and_password),
        E2E_CASE(test_provinces_list_and_page),
        E2E_CASE(test_province_edit_reaches_the_checklist),
        E2E_CASE(test_province_edit_refused),
        E2E_CASE(test_reasons),
        E2E_CASE(test_settings_on_the_forms),
        E2E_CASE(test_audit_search),
        E2E_CASE(test_audit_page_in_words_and_paged),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
