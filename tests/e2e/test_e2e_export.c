/*
** End to end: exports (issue 8, item 9). A filtered queue as CSV (its rows,
** their order, masked personal data, the audit row); a queue longer than
** export_max_rows (3 here) cut, and saying so; the filed sites as XLSX
** (unzipped: cells, masking, bold frozen header); an admin's unmasked export
** with its audit row; the refusals (a reviewer asking unmasked, customers,
** anonymous visitors, bad fields) that write no audit row; the export links
** of the queue page; no temporary file left behind.
*/
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "filing_data.h"
#include "flows.h"

static Beian *srv;
static Client *rev, *admin, *cust;
/* Submitted, oldest first: Beijing, Shanghai, Beijing, Beijing. */
static long long queued[4];
static const char *queued_domains[4] = {"example-xq1.cn", "example-xq2.cn", "example-xq3.cn",
                                        "example-xq4.cn"};
static long long filed_org, filed_person; /* approved first filings */

/* A customer's first filing of subject (a filing_data.h fragment), submitted. */
static long long submit_one(const char *login, const char *subject, const char *domain) {
    Client *c = flow_new_customer(srv, rev, login);
    char subj[2048];
    snprintf(subj, sizeof subj, "{%s}", subject);
    const char *name = strstr(subject, "individual") ? "王芳的读书笔记" : "示例科技官方网站";
    long long id = flow_first_filing(c, subj, SITE_SAME, name, domain);
    ASSERT_STATUS(api_submit(c, id, "", 0), 200);
    client_free(c);
    return id;
}

static int setup(void **state) {
    (void)state;
    STEP("a server whose exports hold at most 3 rows; a reviewer and an admin log in");
    static const char *const env[] = {"BEIAN_EXPORT_MAX_ROWS=3", NULL};
    srv = beian_start_env(true, env);
    rev = flow_staff(srv, "reviewer1");
    admin = flow_staff(srv, "admin1");
    STEP("two customers get their sites filed: an enterprise whose site has its own "
         "principal, an individual");
    Client *c = flow_new_customer(srv, rev, "xf1");
    filed_org = flow_filed(srv, c, "{" ORG_SUBJECT "}", SITE_OTHER_PRINCIPAL, "示例科技官方网站",
                           "example-xf1.cn");
    client_free(c);
    c = flow_new_customer(srv, rev, "xf2");
    filed_person =
        flow_filed(srv, c, "{" PERSON_SUBJECT "}", SITE_SAME, "王芳的读书笔记", "example-xf2.cn");
    client_free(c);
    STEP("four customers submit: Beijing, Shanghai, Beijing, Beijing");
    const char *subjects[4] = {ORG_SUBJECT, PERSON_SUBJECT, ORG_SUBJECT, ORG_SUBJECT};
    for (int i = 0; i < 4; i++) {
        char login[16];
        snprintf(login, sizeof login, "xq%d", i + 1);
        queued[i] = submit_one(login, subjects[i], queued_domains[i]);
    }
    cust = flow_new_customer(srv, rev, "xc1");
    return 0;
}

static int teardown(void **state) {
    (void)state;
    client_free(rev);
    client_free(admin);
    client_free(cust);
    return beian_stop(srv) == 0 ? 0 : -1;
}

/* ---- helpers ------------------------------------------------------------ */

/* The application number of an application (A2026-...). */
static const char *app_number(long long id, char *out, size_t n) {
    json_t *app = review_get(rev, id);
    snprintf(out, n, "%s", jstr(app, "number"));
    json_decref(app);
    return out;
}

/* The lines of a CSV body after its BOM (CRLF-separated); *n gets the count.
** The array and its strings are malloc'd (lines_free). */
static char **csv_lines(Resp *r, size_t *n) {
    if (r->len < 3 || memcmp(r->body, "\xEF\xBB\xBF", 3) != 0)
        E2E_FAIL("the CSV does not start with a UTF-8 BOM: %.40s", r->body);
    char **lines = calloc(r->len + 1, sizeof *lines);
    *n = 0;
    const char *p = r->body + 3, *end = r->body + r->len;
    while (p < end) {
        const char *e = strstr(p, "\r\n");
        if (!e) E2E_FAIL("a CSV line does not end with CRLF: %.80s", p);
        lines[(*n)++] = strndup(p, (size_t)(e - p));
        p = e + 2;
    }
    return lines;
}

static void lines_free(char **lines, size_t n) {
    for (size_t i = 0; i < n; i++)
        free(lines[i]);
    free(lines);
}

/* Today as in a download's name: YYYYMMDD. */
static const char *today_compact(void) {
    static char s[16];
    const char *t = e2e_today();
    snprintf(s, sizeof s, "%.4s%.2s%.2s", t, t + 5, t + 8);
    return s;
}

static void assert_download(Resp *r, const char *kind, const char *ext, const char *type) {
    ASSERT_STATUS(r, 200);
    if (strcmp(r->content_type, type) != 0)
        E2E_FAIL("Content-Type %s, want %s", r->content_type, type);
    char want[128];
    snprintf(want, sizeof want, "attachment; filename=\"beian-%s-%s.%s\"", kind, today_compact(),
             ext);
    if (strcmp(r->disposition, want) != 0)
        E2E_FAIL("Content-Disposition [%s], want [%s]", r->disposition, want);
}

/* The newest audit row of an action (its JSON, new reference); NULL when none. */
static json_t *last_audit(const char *action) {
    char path[128];
    snprintf(path, sizeof path, "/api/v1/audit?action=%s", action);
    Resp *r = http_get(admin, path);
    ASSERT_STATUS(r, 200);
    json_t *e = json_array_get(jpath(r->json, "entries"), 0);
    return e ? json_incref(e) : NULL;
}

static long long audit_count(const char *action) {
    char path[128];
    snprintf(path, sizeof path, "/api/v1/audit?action=%s", action);
    Resp *r = http_get(admin, path);
    ASSERT_STATUS(r, 200);
    return (long long)json_array_size(jpath(r->json, "entries"));
}

static void assert_has(const char *text, const char *part) {
    if (!strstr(text, part)) E2E_FAIL("missing [%s] in: %.3000s", part, text);
}

static void assert_lacks(const char *text, const char *part) {
    if (strstr(text, part)) E2E_FAIL("[%s] should not be in: %.3000s", part, text);
}

/* An XLSX body's worksheet XML (malloc'd), through unzip. */
static char *xlsx_sheet(Resp *r) {
    if (r->len < 4 || memcmp(r->body, "PK\x03\x04", 4) != 0) E2E_FAIL("not a zip file");
    char path[] = "/tmp/beian-export-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0 || write(fd, r->body, r->len) != (ssize_t)r->len) E2E_FAIL("cannot save the XLSX");
    close(fd);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "unzip -p %s xl/worksheets/sheet1.xml", path);
    FILE *p = popen(cmd, "r");
    size_t cap = 1 << 20, n = 0, k;
    char *xml = malloc(cap);
    while ((k = fread(xml + n, 1, cap - n - 1, p)) > 0)
        n += k;
    xml[n] = 0;
    int st = pclose(p);
    unlink(path);
    if (st != 0 || n == 0) E2E_FAIL("unzip could not read the worksheet");
    return xml;
}

/* ---- tests -------------------------------------------------------------- */

E2E_TEST(test_queue_csv_filtered) {
    char n1[40], n3[40], n4[40];
    app_number(queued[0], n1, sizeof n1);
    app_number(queued[2], n3, sizeof n3);
    app_number(queued[3], n4, sizeof n4);
    STEP("the reviewer exports the new queue of Beijing as CSV");
    Resp *r = http_get(rev, "/staff/export/queue?format=csv&queue=new&province=110000");
    assert_download(r, "queue", "csv", "text/csv; charset=utf-8");
    STEP("a header and the three Beijing applications, oldest first, masked");
    size_t n;
    char **lines = csv_lines(r, &n);
    assert_int_equal(n, 4);
    assert_string_equal(lines[0],
                        "申请编号,状态,申请类型,主体名称,主体备案号,主体性质,省份,域名,"
                        "主体负责人,负责人手机,负责人证件号码,经营性,提交时间,已等待（小时）,"
                        "认领人,提交轮次");
    const char *numbers[3] = {n1, n3, n4};
    const int order[3] = {0, 2, 3};
    for (int i = 0; i < 3; i++) {
        char start[160];
        snprintf(start, sizeof start, "%s,待接入商核实,首次备案,北京示例科技有限公司,", numbers[i]);
        if (strncmp(lines[i + 1], start, strlen(start)) != 0)
            E2E_FAIL("row %d: [%s], want it to start with [%s]", i + 1, lines[i + 1], start);
        assert_has(lines[i + 1], queued_domains[order[i]]);
        assert_has(lines[i + 1], ",张三,138****5678,110105********1230,否,");
        /* waited 0 hours, claimed by nobody, first round */
        const char *tail = lines[i + 1] + strlen(lines[i + 1]) - 5;
        assert_string_equal(tail, ",0,,1");
    }
    lines_free(lines, n);
    assert_lacks(r->body, "13812345678");
    assert_lacks(r->body, "110105198503151230");
    assert_lacks(r->body, "王芳"); /* Shanghai is filtered out */
    assert_lacks(r->body, "仅导出前");
    STEP("the export is audited with its filter and its row count");
    json_t *a = last_audit("export.queue");
    assert_non_null(a);
    assert_string_equal(jstr(a, "actor_login"), "reviewer1");
    const char *d = jstr(a, "detail");
    assert_has(d, "\"format\":\"csv\"");
    assert_has(d, "\"filter\":\"queue=new&province=110000\"");
    assert_has(d, "\"rows\":3");
    assert_has(d, "\"cut\":false");
    assert_lacks(d, "unmasked");
    json_decref(a);
}

E2E_TEST(test_queue_cut_at_the_limit) {
    char n1[40], n2[40], n3[40];
    app_number(queued[0], n1, sizeof n1);
    app_number(queued[1], n2, sizeof n2);
    app_number(queued[2], n3, sizeof n3);
    STEP("all four waiting applications through the API: three rows, then the note");
    Resp *r = http_get(rev, "/api/v1/staff/export/queue?format=csv");
    assert_download(r, "queue", "csv", "text/csv; charset=utf-8");
    assert_lacks(r->body, queued_domains[3]);
    size_t n;
    char **lines = csv_lines(r, &n);
    assert_int_equal(n, 5);
    assert_true(strstr(lines[1], n1) == lines[1]);
    assert_true(strstr(lines[2], n2) == lines[2]);
    assert_has(lines[2], ",王芳,136****2222,310115********0045,");
    assert_true(strstr(lines[3], n3) == lines[3]);
    assert_string_equal(lines[4],
                        "仅导出前 3 行：符合条件的记录超过导出上限（设置 export_max_rows），"
                        "请缩小筛选范围后分批导出");
    lines_free(lines, n);
    json_t *a = last_audit("export.queue");
    assert_has(jstr(a, "detail"), "\"rows\":3,\"cut\":true");
    assert_has(jstr(a, "detail"), "\"filter\":\"queue=all\"");
    json_decref(a);
    STEP("the search narrows an export as it narrows the queue");
    r = http_get(rev, "/api/v1/staff/export/queue?format=csv&q=example-xq4.cn");
    lines = csv_lines(r, &n);
    assert_int_equal(n, 2);
    assert_has(lines[1], "example-xq4.cn");
    lines_free(lines, n);
}

E2E_TEST(test_sites_xlsx) {
    json_t *o = review_get(rev, filed_org), *p = review_get(rev, filed_person);
    char org_site[64], person_site[64];
    snprintf(org_site, sizeof org_site, "%s-1", jstr(o, "subject_number"));
    snprintf(person_site, sizeof person_site, "%s-1", jstr(p, "subject_number"));
    json_decref(o);
    json_decref(p);
    STEP("the reviewer exports the filed sites as XLSX");
    Resp *r = http_get(rev, "/staff/export/sites?format=xlsx");
    assert_download(r, "sites", "xlsx",
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    char *xml = xlsx_sheet(r);
    STEP("a bold header that stays in view, then the two filed sites");
    assert_has(xml, "state=\"frozen\"");
    assert_has(xml, "<c r=\"A1\" s=\"1\" t=\"inlineStr\"><is><t>网站备案号</t></is></c>");
    assert_has(xml, "<c r=\"K1\" s=\"1\" t=\"inlineStr\"><is><t>备案日期</t></is></c>");
    char cell[160];
    snprintf(cell, sizeof cell, "<c r=\"A2\" t=\"inlineStr\"><is><t>%s</t></is></c>", org_site);
    assert_has(xml, cell);
    snprintf(cell, sizeof cell, "<c r=\"A3\" t=\"inlineStr\"><is><t>%s</t></is></c>", person_site);
    assert_has(xml, cell);
    const char *org_cells[] = {"示例科技官方网站",
                               "example-xf1.cn",
                               "北京示例科技有限公司",
                               "企业",
                               "北京市",
                               "李四",
                               "135****3333",
                               "440305********0026",
                               "203.119.10.8",
                               "虚拟主机",
                               NULL};
    for (int i = 0; org_cells[i]; i++) {
        snprintf(cell, sizeof cell, "<t>%s</t>", org_cells[i]);
        assert_has(xml, cell);
    }
    snprintf(cell, sizeof cell, "<c r=\"K2\" t=\"inlineStr\"><is><t>%s</t></is></c>", e2e_today());
    assert_has(xml, cell);
    /* The individual's site principal is the subject principal. */
    assert_has(xml, "<c r=\"H3\" t=\"inlineStr\"><is><t>王芳</t></is></c>");
    assert_has(xml, "<t>136****2222</t>");
    assert_lacks(xml, "r=\"A4\""); /* sites still in filing are not filed */
    assert_lacks(xml, "example-xq1.cn");
    assert_lacks(xml, "440305199001010026");
    assert_lacks(xml, "13522223333");
    free(xml);
    json_t *a = last_audit("export.sites");
    assert_has(jstr(a, "detail"), "\"format\":\"xlsx\",\"filter\":\"\",\"rows\":2,\"cut\":false");
    json_decref(a);
}

E2E_TEST(test_unmasked_by_an_admin) {
    STEP("an admin exports the filed sites unmasked: ID numbers and phones in clear");
    Resp *r = http_get(admin, "/api/v1/staff/export/sites?format=csv&unmasked=1");
    assert_download(r, "sites", "csv", "text/csv; charset=utf-8");
    assert_has(r->body, ",李四,13522223333,440305199001010026,");
    assert_has(r->body, ",王芳,13611112222,310115199206200045,");
    STEP("the audit row says unmasked, and who");
    json_t *a = last_audit("export.sites");
    assert_string_equal(jstr(a, "actor_login"), "admin1");
    assert_has(jstr(a, "detail"), "\"rows\":2,\"cut\":false,\"unmasked\":true");
    json_decref(a);
    STEP("and the queue unmasked (a page route)");
    r = http_get(admin, "/staff/export/queue?format=csv&queue=new&province=310000&unmasked=1");
    assert_download(r, "queue", "csv", "text/csv; charset=utf-8");
    assert_has(r->body, ",王芳,13611112222,310115199206200045,");
    a = last_audit("export.queue");
    assert_has(jstr(a, "detail"), "\"rows\":1,\"cut\":false,\"unmasked\":true");
    json_decref(a);
}

E2E_TEST(test_refusals) {
    long long before = audit_count("export.queue") + audit_count("export.sites");
    STEP("a reviewer asking for personal data in clear is refused, naming the field");
    Resp *r = http_get(rev, "/api/v1/staff/export/sites?format=csv&unmasked=1");
    ASSERT_STATUS(r, 403);
    assert_string_equal(json_field_error(r, "unmasked"), "forbidden");
    ASSERT_STATUS(http_get(rev, "/staff/export/queue?format=xlsx&unmasked=1"), 403);
    STEP("customers and anonymous visitors are refused");
    ASSERT_STATUS(http_get(cust, "/api/v1/staff/export/queue?format=csv"), 403);
    ASSERT_STATUS(http_get(cust, "/staff/export/sites?format=csv"), 403);
    Client *anon = client_new(srv);
    ASSERT_STATUS(http_get(anon, "/api/v1/staff/export/sites?format=csv"), 401);
    r = http_get(anon, "/staff/export/queue?format=csv");
    ASSERT_STATUS(r, 303);
    assert_true(strncmp(r->location, "/login?next=", 12) == 0);
    client_free(anon);
    STEP("bad fields are named: format missing or unknown, paging, a filter's value");
    r = http_get(rev, "/api/v1/staff/export/queue");
    ASSERT_STATUS(r, 400);
    assert_string_equal(json_field_error(r, "format"), "field_required");
    r = http_get(rev, "/api/v1/staff/export/sites?format=xls");
    ASSERT_STATUS(r, 400);
    assert_string_equal(json_field_error(r, "format"), "field_choice");
    r = http_get(rev, "/api/v1/staff/export/queue?format=csv&limit=5");
    ASSERT_STATUS(r, 400);
    assert_string_equal(json_field_error(r, "limit"), "field_unknown");
    r = http_get(rev, "/api/v1/staff/export/queue?format=csv&province=990000");
    ASSERT_STATUS(r, 400);
    assert_string_equal(json_field_error(r, "province"), "field_choice");
    r = http_get(rev, "/api/v1/staff/export/sites?format=csv&queue=new");
    ASSERT_STATUS(r, 400);
    assert_string_equal(json_field_error(r, "queue"), "field_unknown");
    STEP("no refused export was audited");
    assert_int_equal(audit_count("export.queue") + audit_count("export.sites"), before);
}

E2E_TEST(test_queue_page_links_and_no_files_left) {
    STEP("the queue page links its exports with its filters");
    Resp *r = http_get(rev, "/staff/queue?queue=new&province=110000&q=%E5%BC%A0");
    ASSERT_STATUS(r, 200);
    assert_has(r->body, "/staff/export/queue?format=csv&amp;queue=new&amp;province=110000&amp;"
                        "q=%E5%BC%A0");
    assert_has(r->body, "/staff/export/queue?format=xlsx&amp;queue=new&amp;province=110000");
    assert_has(r->body, "/staff/export/sites?format=csv");
    assert_lacks(r->body, "unmasked=1");
    STEP("an admin's page also offers the unmasked exports");
    r = http_get(admin, "/staff/queue?queue=new");
    assert_has(r->body, "/staff/export/queue?format=xlsx&amp;queue=new&amp;unmasked=1");
    assert_has(r->body, "/staff/export/sites?format=xlsx&amp;unmasked=1");
    STEP("the link works as it is");
    r = http_get(rev, "/staff/export/queue?format=csv&queue=new&province=110000&q=%E5%BC%A0");
    assert_download(r, "queue", "csv", "text/csv; charset=utf-8");
    STEP("every export's temporary file is gone");
    char tmp[300];
    snprintf(tmp, sizeof tmp, "%s/tmp", srv->dir);
    DIR *d = opendir(tmp);
    assert_non_null(d);
    struct dirent *e;
    while ((e = readdir(d)))
        if (e->d_name[0] != '.') E2E_FAIL("left in %s: %s", tmp, e->d_name);
    closedir(d);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        E2E_CASE(test_queue_csv_filtered), E2E_CASE(test_queue_cut_at_the_limit),
        E2E_CASE(test_sites_xlsx),         E2E_CASE(test_unmasked_by_an_admin),
        E2E_CASE(test_refusals),           E2E_CASE(test_queue_page_links_and_no_files_left),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
