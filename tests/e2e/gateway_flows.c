/* The gateway tests' world and flows (gateway_flows.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "filing_data.h"
#include "gateway_flows.h"

void gw_start(GwWorld *w) {
    STEP("the administration simulator starts, then Beian with its gateway pointed at it");
    w->reg = regulator_start(NULL);
    w->sim = client_new(&w->reg->srv);
    ASSERT_STATUS(http_post_json_no_csrf(w->sim, "/test/settings", "{\"review_delay_s\":3600}"),
                  200);
    static char endpoint[128], password[128];
    snprintf(endpoint, sizeof endpoint, "BEIAN_REGULATOR_ENDPOINT=%s", w->reg->srv.base);
    snprintf(password, sizeof password, "BEIAN_REGULATOR_PASSWORD=%s", w->reg->password);
    const char *env[] = {endpoint, password, "BEIAN_REGULATOR_POLL_S=1",
                         "BEIAN_REGULATOR_TIMEOUT_S=3", NULL};
    w->srv = beian_start_env(true, env);
    w->rev = flow_staff(w->srv, "reviewer1");
    w->admin = flow_staff(w->srv, "admin1");
}

int gw_stop(GwWorld *w) {
    client_free(w->rev);
    client_free(w->admin);
    client_free(w->sim);
    int rc = beian_stop(w->srv);
    return regulator_stop(w->reg) == 0 && rc == 0 ? 0 : -1;
}

const char *gw_person(int k) {
    static char json[2048], id[24];
    snprintf(id, sizeof id, "3101151992062%04d", (100 + k) % 10000);
    static const int weight[] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    int sum = 0;
    for (int i = 0; i < 17; i++)
        sum += (id[i] - '0') * weight[i];
    id[17] = "10X98765432"[sum % 11];
    const char *tpl = "{" PERSON_SUBJECT "}";
    char *out = json;
    for (const char *p = tpl; *p;) {
        if (!strncmp(p, "310115199206200045", 18)) {
            memcpy(out, id, 18), out += 18, p += 18;
        } else {
            *out++ = *p++;
        }
    }
    *out = 0;
    return json;
}

long long gw_passed(GwWorld *w, const char *login, const char *domain, Client **c) {
    static int k;
    *c = flow_new_customer(w->srv, w->rev, login);
    long long id = flow_first_filing(*c, gw_person(++k), SITE_SAME, "王芳的读书笔记", domain);
    ASSERT_STATUS(api_submit(*c, id, "纸质材料已寄出", 0), 200);
    flow_review_pass(w->rev, id);
    return id;
}

json_t *gw_wait_state(Client *c, long long id, const char *state) {
    for (int i = 0; i < 300; i++) {
        json_t *a = api_application(c, id);
        if (!strcmp(jstr(a, "state"), state)) return a;
        json_decref(a);
        e2e_sleep_ms(100);
    }
    json_t *a = api_application(c, id);
    char *dump = json_dumps(json_object_get(a, "return_reasons"), 0);
    E2E_FAIL("application %lld is %s, not %s (%s)", id, jstr(a, "state"), state, dump);
    return NULL;
}

long long gw_sim_item(GwWorld *w, const char *state) {
    Resp *r = http_get(w->sim, "/test/state");
    ASSERT_STATUS(r, 200);
    long long found = 0;
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(r->json, "items"), i, x) {
        if (!strcmp(jstr(x, "state"), state)) found = json_integer_value(json_object_get(x, "id"));
    }
    if (!found) {
        char *items = json_dumps(json_object_get(r->json, "items"), JSON_COMPACT);
        E2E_FAIL("no item of the simulator is %s: %s", state, items);
    }
    return found;
}

void gw_sim_post(GwWorld *w, const char *path, const char *fmt, long long item) {
    char body[512];
    snprintf(body, sizeof body, fmt, item);
    ASSERT_STATUS(http_post_json_no_csrf(w->sim, path, body), 200);
}

void gw_approve(GwWorld *w, Client *c, long long id, bool sms) {
    long long item;
    if (sms) {
        json_decref(gw_wait_state(c, id, "sms_verification"));
        item = gw_sim_item(w, "sms");
        gw_sim_post(w, "/test/sms", "{\"item\":%lld}", item);
    }
    json_decref(gw_wait_state(c, id, "regulator_review"));
    if (!sms) item = gw_sim_item(w, "review");
    gw_sim_post(w, "/test/decide", "{\"item\":%lld,\"decision\":\"approve\"}", item);
    json_decref(gw_wait_state(c, id, "approved"));
}

void gw_return(GwWorld *w, long long item, const char *opinion) {
    char body[512];
    snprintf(body, sizeof body, "{\"item\":%lld,\"decision\":\"return\",\"opinion\":\"%s\"}", item,
             opinion);
    ASSERT_STATUS(http_post_json_no_csrf(w->sim, "/test/decide", body), 200);
}
