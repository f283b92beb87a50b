/*
** Unit tests for src/docs/sheet.c: CSV fields (quoting, formula
** neutralisation), a whole CSV file byte for byte (BOM, CRLF, header, note),
** an XLSX file opened back with unzip (bold frozen header, column widths,
** inline text, numbers, no formulas), the memory of a large XLSX, and the
** refusals.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/err.h"
#include "docs/sheet.h"

static char dir[64];

static int setup(void **state) {
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/beian-sheet-XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state) {
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    return system(cmd) == 0 ? 0 : -1;
}

/* The CSV field sheet_csv_field makes of text (static buffer). */
static const char *field(const char *text, bool number) {
    static char out[256];
    Buf b;
    buf_init(&b, NULL);
    sheet_csv_field(&b, text, number);
    snprintf(out, sizeof out, "%s", b.data ? b.data : "");
    buf_free(&b);
    return out;
}

static void test_csv_fields(void **state) {
    (void)state;
    static const struct {
        const char *in, *want;
        bool number;
    } cases[] = {
        {"北京示例科技有限公司", "北京示例科技有限公司", false},
        {"", "", false},
        {"a,b", "\"a,b\"", false},
        {"say \"hi\"", "\"say \"\"hi\"\"\"", false},
        {"two\nlines", "\"two\nlines\"", false},
        {"cr\rhere", "\"cr\rhere\"", false},
        /* Formula injection: a leading = + - @ TAB or CR gets a quote mark. */
        {"=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"", false},
        {"=1+2", "'=1+2", false},
        {"+8613812345678", "'+8613812345678", false},
        {"-2+3", "'-2+3", false},
        {"@SUM(A1)", "'@SUM(A1)", false},
        {"\tcmd", "'\tcmd", false},
        {"\r=1", "\"'\r=1\"", false},
        {"a=1", "a=1", false},
        /* A number in a number column stays a number; text there does not. */
        {"-5", "-5", true},
        {"-5", "'-5", false},
        {"-1+1", "'-1+1", true},
        {"12", "12", true},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *got = field(cases[i].in, cases[i].number);
        if (strcmp(got, cases[i].want) != 0)
            fail_msg("case %zu: [%s] gave [%s], want [%s]", i, cases[i].in, got, cases[i].want);
    }
}

static const SheetColumn COLS[] = {
    {.title = "网站备案号", .width = 24},
    {.title = "网站名称", .width = 30},
    {.title = "轮次", .width = 6, .number = true},
};

/* Read a whole file (malloc'd, NUL-terminated); *n its length. */
static char *slurp(const char *path, size_t *n) {
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)len + 1);
    assert_int_equal(fread(s, 1, (size_t)len, f), (size_t)len);
    s[len] = 0;
    fclose(f);
    if (n) *n = (size_t)len;
    return s;
}

static void test_csv_file(void **state) {
    (void)state;
    char path[128];
    snprintf(path, sizeof path, "%s/t.csv", dir);
    Sheet *s;
    assert_int_equal(sheet_open(&s, SHEET_CSV, path, NULL, "x", COLS, 3), 0);
    const char *r1[] = {"京ICP备12345678号-1", "示例, \"官网\"", "2"};
    const char *r2[] = {"=cmd|' /C calc'!A0", NULL, "x"};
    assert_int_equal(sheet_row(s, r1), 0);
    assert_int_equal(sheet_row(s, r2), 0);
    assert_int_equal(sheet_note(s, "-- 仅导出前 2 行"), 0);
    assert_int_equal(sheet_close(s), 0);
    size_t n;
    char *got = slurp(path, &n);
    const char *want = "\xEF\xBB\xBF"
                       "网站备案号,网站名称,轮次\r\n"
                       "京ICP备12345678号-1,\"示例, \"\"官网\"\"\",2\r\n"
                       "'=cmd|' /C calc'!A0,,x\r\n"
                       "'-- 仅导出前 2 行\r\n";
    assert_int_equal(n, strlen(want));
    assert_memory_equal(got, want, n);
    free(got);
}

/* The output of a shell command (malloc'd); asserts it succeeded. */
static char *run(const char *cmd) {
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    size_t cap = 1 << 16, n = 0;
    char *out = malloc(cap);
    size_t k;
    while ((k = fread(out + n, 1, cap - n - 1, p)) > 0) {
        n += k;
        if (cap - n < 2) out = realloc(out, cap *= 2);
    }
    out[n] = 0;
    if (pclose(p) != 0) fail_msg("%s failed", cmd);
    return out;
}

/* One entry of an XLSX (a zip) as text. */
static char *xlsx_entry(const char *path, const char *entry) {
    char cmd[512];
    snprintf(cmd, sizeof cmd, "unzip -p '%s' '%s'", path, entry);
    return run(cmd);
}

static void assert_has(const char *text, const char *part) {
    if (!strstr(text, part)) fail_msg("missing %s in %.2000s", part, text);
}

static void test_xlsx_file(void **state) {
    (void)state;
    char path[128];
    snprintf(path, sizeof path, "%s/t.xlsx", dir);
    Sheet *s;
    assert_int_equal(sheet_open(&s, SHEET_XLSX, path, dir, "已备案网站", COLS, 3), 0);
    const char *r1[] = {"京ICP备12345678号-1", "示例 & <官网>", "42"};
    const char *r2[] = {"=1+2", "", "not a number"};
    assert_int_equal(sheet_row(s, r1), 0);
    assert_int_equal(sheet_row(s, r2), 0);
    assert_int_equal(sheet_note(s, "仅导出前 2 行"), 0);
    assert_int_equal(sheet_close(s), 0);
    char *xml = xlsx_entry(path, "xl/worksheets/sheet1.xml");
    assert_has(xml, "<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" "
                    "state=\"frozen\"/>");
    assert_has(xml, "<col min=\"1\" max=\"1\" width=\"24.7109375\" customWidth=\"1\"/>");
    assert_has(xml, "<col min=\"3\" max=\"3\" width=\"6.7109375\" customWidth=\"1\"/>");
    /* The header in the bold style, text inline; the number a number. */
    assert_has(xml, "<c r=\"A1\" s=\"1\" t=\"inlineStr\"><is><t>网站备案号</t></is></c>");
    assert_has(xml, "<c r=\"B2\" t=\"inlineStr\"><is><t>示例 &amp; &lt;官网&gt;</t></is></c>");
    assert_has(xml, "<c r=\"C2\"><v>42</v></c>");
    assert_has(xml, "<c r=\"A3\" t=\"inlineStr\"><is><t>=1+2</t></is></c>");
    assert_has(xml, "<c r=\"C3\" t=\"inlineStr\"><is><t>not a number</t></is></c>");
    assert_has(xml, "<c r=\"A4\" t=\"inlineStr\"><is><t>仅导出前 2 行</t></is></c>");
    assert_null(strstr(xml, "<f>"));      /* never a formula */
    assert_null(strstr(xml, "r=\"B3\"")); /* an empty cell is not written */
    free(xml);
    char *styles = xlsx_entry(path, "xl/styles.xml");
    assert_has(styles, "<b/>");
    free(styles);
    char *book = xlsx_entry(path, "xl/workbook.xml");
    assert_has(book, "name=\"已备案网站\"");
    free(book);
}

static long max_rss_kb(void) {
    struct rusage u;
    getrusage(RUSAGE_SELF, &u);
    return u.ru_maxrss;
}

/* 100,000 rows of an XLSX: memory does not follow the rows (constant-memory
** mode; a workbook kept in memory takes well over 100 MB here). */
static void test_xlsx_large_bounded(void **state) {
    (void)state;
    char path[128];
    snprintf(path, sizeof path, "%s/big.xlsx", dir);
    long before = max_rss_kb();
    Sheet *s;
    assert_int_equal(sheet_open(&s, SHEET_XLSX, path, dir, "big", COLS, 3), 0);
    char num[32], name[64];
    const char *row[] = {num, name, "7"};
    for (int i = 1; i <= 100000; i++) {
        snprintf(num, sizeof num, "京ICP备%08d号-1", i);
        snprintf(name, sizeof name, "示例网站第 %d 号，名称较长以占用空间", i);
        assert_int_equal(sheet_row(s, row), 0);
    }
    assert_int_equal(sheet_close(s), 0);
    long grew = max_rss_kb() - before;
#if defined(__SANITIZE_ADDRESS__)
    (void)grew; /* ASan's quarantine keeps freed memory: no measure there */
#else
    if (grew > 32 * 1024) fail_msg("writing 100,000 rows took %ld KiB more", grew);
#endif
    char cmd[256];
    snprintf(cmd, sizeof cmd, "unzip -p '%s' xl/worksheets/sheet1.xml | grep -c 'r=\"A100001\"'",
             path);
    char *out = run(cmd);
    assert_string_equal(out, "1\n");
    free(out);
}

static void test_refusals(void **state) {
    (void)state;
    Sheet *s = NULL;
    assert_int_equal(sheet_format_parse("csv"), SHEET_CSV);
    assert_int_equal(sheet_format_parse("xlsx"), SHEET_XLSX);
    assert_int_equal(sheet_format_parse("xls"), 0);
    assert_int_equal(sheet_format_parse(NULL), 0);
    assert_string_equal(sheet_format_ext(SHEET_XLSX), "xlsx");
    assert_int_equal(sheet_open(&s, 0, "/tmp/x", NULL, "x", COLS, 3), -ERR_SHEET_WRITE);
    assert_int_equal(sheet_open(&s, SHEET_CSV, "/nonexistent/dir/t.csv", NULL, "x", COLS, 3),
                     -ERR_SHEET_WRITE);
    assert_null(s);
    /* A sheet name Excel refuses (over 31 characters). */
    char path[128];
    snprintf(path, sizeof path, "%s/bad.xlsx", dir);
    assert_int_equal(
        sheet_open(&s, SHEET_XLSX, path, dir, "abcdefghijklmnopqrstuvwxyz0123456789", COLS, 3),
        -ERR_SHEET_WRITE);
    /* An XLSX that cannot be written fails when closed. */
    assert_int_equal(sheet_open(&s, SHEET_XLSX, "/nonexistent/dir/t.xlsx", dir, "x", COLS, 3), 0);
    assert_int_equal(sheet_close(s), -ERR_SHEET_WRITE);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv_fields), cmocka_unit_test(test_csv_file),
        cmocka_unit_test(test_xlsx_file),  cmocka_unit_test(test_xlsx_large_bounded),
        cmocka_unit_test(test_refusals),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
