/*
** Two Beian nodes behind nginx, sharing one PostgreSQL database (issue 13,
** the deployment kit's test). tests/deploy/two-nodes.sh starts the
** database, the nodes and nginx with the kit's configuration, then runs
** this program against nginx:
**
**   BEIAN_DEPLOY_URL        nginx, http://127.0.0.1:PORT
**   BEIAN_DEPLOY_DATABASE   the nodes' database (for the final counts)
**   BEIAN_DEPLOY_NODE_A/_B  each node's address, 127.0.0.1:PORT
**   BEIAN_DEPLOY_PID_A/_B   their processes (one is killed in the middle)
**   BEIAN_DEPLOY_MAIL_DIRS  the nodes' mail folders (no relay), space-separated
**   BEIAN_DEPLOY_REGULATOR  the administration simulator both gateways call
**
** A whole filing goes through nginx, which names the node that answered in
** X-Beian-Upstream (the test's nginx only). Requests alternate between the
** nodes, a scan uploaded on one is downloaded on the other. The node that
** holds the gateway's lease (one node sends to the administration) takes
** the upload and is killed with SIGKILL halfway; the filing is finished on
** the other, whose gateway takes the link over once the dead node's lease
** runs out, sends the upload once and brings the approval back. The
** database holds every row once: applications, files and their bytes,
** transitions, uploads, mail (each message written once, by one node).
*/
#include <curl/curl.h>
#include <dirent.h>
#include <errno.h>
#include <libpq-fe.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include <cmocka.h>

#include "../e2e/filing_data.h"
#include "../e2e/flows.h"
#include "../e2e/gateway_flows.h"
#include "../fixtures/uploads/fixtures.h"
#include "core/arena.h"

static Beian lb; /* nginx, as the harness sees a server */

typedef struct Node {
    const char *name, *addr; /* "A", 127.0.0.1:PORT */
    pid_t pid;
    int answers; /* checked requests it answered */
} Node;
static Node nodes[2];
static Beian regulator; /* the administration simulator */
static Client *sim;     /* its test controls */

/* The node that answered: the last address nginx tried (after a refused
** connection it names both). Counts it; fails when no node is named. */
static Node *answered(Resp *r) {
    const char *u = strrchr(r->upstream, ',');
    u = u ? u + 1 : r->upstream;
    while (*u == ' ')
        u++;
    for (int i = 0; i < 2; i++)
        if (!strcmp(u, nodes[i].addr)) return nodes[i].answers++, &nodes[i];
    E2E_FAIL("no node named in X-Beian-Upstream: \"%s\" (status %ld)", r->upstream, r->status);
}

/* ---- the database, read directly --------------------------------------- */

static PGconn *pg;

static long long sql_int(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static long long sql_int(const char *fmt, ...) {
    char sql[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(sql, sizeof sql, fmt, ap);
    va_end(ap);
    PGresult *res = PQexec(pg, sql);
    if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1)
        E2E_FAIL("%s: %s", sql, PQerrorMessage(pg));
    long long v = PQgetisnull(res, 0, 0) ? 0 : atoll(PQgetvalue(res, 0, 0));
    PQclear(res);
    return v;
}

/* Wait (at most 20 s) until every queued message is sent. */
static void mail_drained(void) {
    for (int i = 0; i < 200; i++) {
        if (sql_int("SELECT count(*) FROM mail_outbox WHERE sent_at IS NULL") == 0) return;
        e2e_sleep_ms(100);
    }
    E2E_FAIL("mail still queued after 20 s: %lld messages",
             sql_int("SELECT count(*) FROM mail_outbox WHERE sent_at IS NULL"));
}

/* The messages in the nodes' mail folders (<outbox id>.eml); each id is
** counted in seen[] (indexed by id, up to cap). */
static int mail_files(int *seen, int cap) {
    char dirs[2048];
    snprintf(dirs, sizeof dirs, "%s", getenv("BEIAN_DEPLOY_MAIL_DIRS"));
    int n = 0;
    for (char *save, *d = strtok_r(dirs, " ", &save); d; d = strtok_r(NULL, " ", &save)) {
        DIR *dir = opendir(d);
        if (!dir) continue; /* a node that sent nothing has no folder */
        for (struct dirent *e; (e = readdir(dir));) {
            long long id = atoll(e->d_name);
            if (id <= 0 || !strstr(e->d_name, ".eml")) continue;
            n++;
            if (id < cap) seen[id]++;
        }
        closedir(dir);
    }
    return n;
}

/* ---- the nodes ------------------------------------------------------------ */

/* Whether something accepts connections at addr (127.0.0.1:PORT). */
static bool node_listens(const char *addr) {
    char url[128];
    snprintf(url, sizeof url, "http://%s/", addr);
    CURL *c = curl_easy_init();
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_CONNECT_ONLY, 1L);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 2L);
    CURLcode rc = curl_easy_perform(c);
    curl_easy_cleanup(c);
    return rc == CURLE_OK;
}

static void kill_node(Node *n) {
    if (n->pid <= 1 || kill(n->pid, SIGKILL) != 0)
        E2E_FAIL("cannot kill node %s (%d)", n->name, (int)n->pid);
    for (int i = 0; i < 100 && node_listens(n->addr); i++)
        e2e_sleep_ms(50);
    if (node_listens(n->addr)) E2E_FAIL("node %s still listens after SIGKILL", n->name);
    printf("# node %s (%s) killed\n", n->name, n->addr);
}

/* The node holding the gateway's lease on the link (its owner is
** "host/pid/token"); waits (at most 10 s) for one to take it. */
static Node *lease_holder(void) {
    for (int i = 0; i < 100; i++) {
        long long pid = sql_int("SELECT COALESCE(max(split_part(lease_owner, '/', 2)::bigint), 0) "
                                "FROM regulator_link_status WHERE link_id = 0 AND lease_until >= "
                                "extract(epoch FROM now())::bigint");
        for (int k = 0; k < 2; k++)
            if (pid && nodes[k].pid == (pid_t)pid) return &nodes[k];
        e2e_sleep_ms(100);
    }
    E2E_FAIL("no node holds the gateway's lease");
}

/* ---- the filing ------------------------------------------------------------ */

/* filing_data.h's enterprise under another name and credit code: the
** simulator's demo subject filed elsewhere has that one's credit code. */
static const char *subject_json(Arena *a) {
    static const char *const swaps[][2] = {{"91110000802100433B", "91110105MA0DEP10XJ"},
                                           {"北京示例科技有限公司", "北京部署测试科技有限公司"}};
    char *s = arena_strdup(a, "{" ORG_SUBJECT "}");
    for (size_t k = 0; k < sizeof swaps / sizeof swaps[0]; k++)
        for (char *p; (p = strstr(s, swaps[k][0]));) {
            *p = 0;
            s = arena_printf(a, "%s%s%s", s, swaps[k][1], p + strlen(swaps[k][0]));
        }
    return s;
}

static Resp *get_scan(Client *c, long long app, long long file) {
    char path[128];
    snprintf(path, sizeof path, "/api/v1/applications/%lld/files/%lld", app, file);
    return http_get(c, path);
}

static void assert_same_bytes(Resp *r, FxBytes want) {
    ASSERT_STATUS(r, 200);
    if (r->len != want.n || memcmp(r->body, want.p, want.n) != 0)
        E2E_FAIL("the scan downloaded (%zu bytes) is not the one uploaded (%zu bytes)", r->len,
                 want.n);
}

E2E_TEST(test_two_nodes) {
    Arena a;
    arena_init(&a);

    STEP("requests alternate between the two nodes (round robin)");
    Client *probe = client_new(&lb);
    sim = client_new(&regulator);
    /* The administration reviews when told (not after its default delay). */
    ASSERT_STATUS(http_post_json_no_csrf(sim, "/test/settings", "{\"review_delay_s\":3600}"), 200);
    Node *prev = NULL;
    Resp *r = NULL;
    for (int i = 0; i < 6; i++) {
        r = http_get(probe, "/healthz");
        ASSERT_STATUS(r, 200);
        Node *now = answered(r);
        if (prev && now == prev) E2E_FAIL("request %d went to node %s again", i, now->name);
        prev = now;
    }
    if (strcmp(jstr(r->json, "database"), "postgres") != 0)
        E2E_FAIL("the nodes run on %s", jstr(r->json, "database"));

    STEP("/metrics is not served through the load balancer");
    ASSERT_STATUS(http_get(probe, "/metrics"), 404);

    STEP("a reviewer logs in; a customer registers, is approved, logs in");
    Client *staff = flow_staff(&lb, "reviewer1");
    Client *c = client_new(&lb);
    /* A client that claims another address: Beian must believe nginx only. */
    client_header(c, "X-Forwarded-For: 198.51.100.7");
    flow_customer(&lb, c, staff, "deploycust");

    STEP("the customer fills in the application");
    long long app = api_start(c, "first_filing", 0);
    api_step_ok(c, app, "subject", subject_json(&a));
    api_site_ok(c, app, SITE_SAME, "部署测试网站", "deploy-test.cn");

    STEP("one node holds the gateway's lease; the scan is uploaded on it, downloaded on the other");
    Node *up = lease_holder();
    Node *other = up == &nodes[0] ? &nodes[1] : &nodes[0];
    if (answered(http_get(probe, "/healthz")) == up) /* round robin: the next goes to the other */
        answered(http_get(probe, "/healthz"));
    FxBytes scan = fx_jpeg(&a, 1200, 900);
    char path[128];
    snprintf(path, sizeof path, "/api/v1/applications/%lld/files", app);
    const char *fields[] = {"slot", "licence_copy", "side", "", NULL};
    r = http_post_file(c, path, "file", "licence.jpg", scan.p, scan.n, fields);
    ASSERT_STATUS(r, 201);
    long long file = jint(r->json, "file.id");
    if (answered(r) != up)
        E2E_FAIL("the upload went to node %s, not the lease holder", other->name);
    r = get_scan(c, app, file);
    if (answered(r) == up) { /* round robin: the next request goes to the other */
        r = get_scan(c, app, file);
        if (answered(r) == up) E2E_FAIL("both downloads went to node %s, the uploader", up->name);
    }
    assert_same_bytes(r, scan);
    if (nodes[0].answers < 3 || nodes[1].answers < 3)
        E2E_FAIL("before the kill, node A answered %d checked requests, B %d", nodes[0].answers,
                 nodes[1].answers);

    STEP("the node that took the upload and holds the lease is killed (SIGKILL), no mail pending");
    mail_drained();
    if (lease_holder() != up) E2E_FAIL("the lease moved to node %s", other->name);
    kill_node(up);
    int up_before = up->answers;

    STEP("the customer finishes on the other node: access, the scan again, submit");
    r = api_step(c, app, "access", ACCESS);
    ASSERT_STATUS(r, 200);
    if (answered(r) != other) E2E_FAIL("answered by the killed node");
    r = get_scan(c, app, file);
    if (answered(r) != other) E2E_FAIL("answered by the killed node");
    assert_same_bytes(r, scan);
    r = api_submit(c, app, "", 0);
    ASSERT_STATUS(r, 200);
    answered(r);

    STEP("the reviewer passes it on the other node");
    json_t *before = review_get(staff, app);
    json_t *missing = jpath(before, "review.pass_check");
    long long want_files = 1 + json_is_true(json_object_get(missing, "form_scan_missing")) +
                           json_is_true(json_object_get(missing, "onsite_missing"));
    json_decref(before);
    flow_review_pass(staff, app);
    answered(http_get(staff, "/api/v1/me"));
    answered(http_get(c, "/api/v1/me"));

    STEP("the other node's gateway takes the link over once the lease runs out (7 s)");
    GwWorld w = {.sim = sim};
    gw_approve(&w, c, app, true); /* sent, SMS answered, approved, downloaded, applied */
    if (lease_holder() != other) E2E_FAIL("the lease is not node %s's", other->name);
    json_t *ov = api_overview(c);
    const char *number = jstr(ov, "subject.subject_number");
    if (!strstr(number, "ICP备")) E2E_FAIL("approved without a subject number: \"%s\"", number);
    printf("# approved through node %s: %s\n", other->name, number);
    json_decref(ov);
    answered(http_get(c, "/api/v1/me"));
    if (up->answers != up_before)
        E2E_FAIL("the killed node answered %d requests", up->answers - up_before);

    STEP("nothing lost, nothing duplicated");
    if (sql_int("SELECT count(*) FROM applications") != 1)
        E2E_FAIL("%lld applications", sql_int("SELECT count(*) FROM applications"));
    long long files = sql_int("SELECT count(*) FROM application_files WHERE application_id = %lld "
                              "AND deleted_at IS NULL",
                              app);
    if (files != want_files ||
        sql_int("SELECT count(*) FROM application_files WHERE deleted_at IS NOT NULL") != 0)
        E2E_FAIL("%lld files, want %lld", files, want_files);
    if (sql_int("SELECT count(*) FROM application_files f WHERE NOT EXISTS (SELECT 1 FROM blobs "
                "b WHERE b.name = f.blob)") != 0 ||
        sql_int("SELECT COALESCE(sum(refs), 0) FROM blobs") != files)
        E2E_FAIL("the blobs' reference counts do not match the files");
    long long moves = sql_int("SELECT count(*) FROM transitions WHERE application_id = %lld", app);
    long long distinct =
        sql_int("SELECT count(*) FROM (SELECT DISTINCT event, from_state, to_state FROM "
                "transitions WHERE application_id = %lld) t",
                app);
    if (moves < 2 || moves != distinct)
        E2E_FAIL("%lld transitions, %lld distinct", moves, distinct);
    /* Sent once: one upload, one attempt, and the administration holds one. */
    if (sql_int("SELECT count(*) FROM regulator_uploads") != 1 ||
        sql_int("SELECT max(attempts) FROM regulator_uploads WHERE state = 'accepted'") != 1)
        E2E_FAIL("%lld uploads, attempts %lld", sql_int("SELECT count(*) FROM regulator_uploads"),
                 sql_int("SELECT max(attempts) FROM regulator_uploads"));
    r = http_get(sim, "/test/state");
    ASSERT_STATUS(r, 200);
    if (jint(r->json, "last_sequence") != 1 ||
        json_array_size(json_object_get(r->json, "items")) != 1)
        E2E_FAIL("the administration holds sequence %lld, %zu items",
                 jint(r->json, "last_sequence"),
                 json_array_size(json_object_get(r->json, "items")));
    mail_drained();
    long long mails = sql_int("SELECT count(*) FROM mail_outbox");
    long long mails_distinct =
        sql_int("SELECT count(*) FROM (SELECT DISTINCT to_addr, subject, body FROM mail_outbox) t");
    long long max_id = sql_int("SELECT COALESCE(max(id), 0) FROM mail_outbox");
    if (mails < 3 || mails != mails_distinct)
        E2E_FAIL("%lld messages queued, %lld distinct", mails, mails_distinct);
    int *seen = calloc((size_t)max_id + 1, sizeof *seen);
    int written = mail_files(seen, (int)max_id + 1);
    for (long long id = 1; id <= max_id; id++)
        if (seen[id] > 1) E2E_FAIL("message %lld was written %d times", id, seen[id]);
    free(seen);
    if (written != mails) E2E_FAIL("%d messages written for %lld queued", written, mails);

    STEP("the audit log has the client's address from nginx, never a forged one");
    if (sql_int("SELECT count(*) FROM audit_log WHERE ip = '198.51.100.7' OR ip = '127.0.0.2'"))
        E2E_FAIL("an audit row holds the forged address or nginx's own");
    if (sql_int("SELECT count(*) FROM audit_log WHERE ip = '127.0.0.1'") < 3)
        E2E_FAIL("too few audit rows with the client's address");

    printf("# checked requests: node %s %d (then killed), node %s %d; "
           "%lld files, %lld transitions, %lld messages, each once\n",
           up->name, up->answers, other->name, other->answers, files, moves, mails);
    client_free(probe);
    client_free(sim);
    client_free(staff);
    client_free(c);
    arena_free(&a);
}

int main(void) {
    const char *url = getenv("BEIAN_DEPLOY_URL");
    if (!url || !*url) {
        printf("skipped: BEIAN_DEPLOY_URL not set (run tests/deploy/two-nodes.sh)\n");
        return 77;
    }
    snprintf(lb.base, sizeof lb.base, "%s", url);
    const char *reg = getenv("BEIAN_DEPLOY_REGULATOR");
    if (!reg || !*reg) {
        fprintf(stderr, "BEIAN_DEPLOY_REGULATOR must be set\n");
        return 2;
    }
    snprintf(regulator.base, sizeof regulator.base, "%s", reg);
    const char *pid_a = getenv("BEIAN_DEPLOY_PID_A"), *pid_b = getenv("BEIAN_DEPLOY_PID_B");
    nodes[0] = (Node){"A", getenv("BEIAN_DEPLOY_NODE_A"), pid_a ? (pid_t)atol(pid_a) : 0, 0};
    nodes[1] = (Node){"B", getenv("BEIAN_DEPLOY_NODE_B"), pid_b ? (pid_t)atol(pid_b) : 0, 0};
    if (!nodes[0].addr || !nodes[1].addr || !nodes[0].pid || !nodes[1].pid ||
        !getenv("BEIAN_DEPLOY_MAIL_DIRS")) {
        fprintf(stderr, "BEIAN_DEPLOY_NODE_A/_B, _PID_A/_B and _MAIL_DIRS must be set\n");
        return 2;
    }
    pg = PQconnectdb(getenv("BEIAN_DEPLOY_DATABASE"));
    if (PQstatus(pg) != CONNECTION_OK) {
        fprintf(stderr, "BEIAN_DEPLOY_DATABASE: %s", PQerrorMessage(pg));
        return 2;
    }
    const struct CMUnitTest tests[] = {E2E_CASE(test_two_nodes)};
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    PQfinish(pg);
    return rc;
}
