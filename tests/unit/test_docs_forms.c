/*
** Tests of the printable forms (src/docs/forms.h): every variant is rendered
** to a temporary PDF and read back with poppler-utils (pdftotext, pdffonts,
** pdfinfo, pdftoppm); the QR code is decoded with zbarimg when zbar-tools is
** installed. The programs are looked up on PATH; a missing poppler program
** fails the test with a message naming the package.
**
** Set BEIAN_KEEP_PDF=1 to keep the PDFs (their paths are printed).
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <pthread.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "docs/form_parts.h"
#include "docs/form_texts.h"
#include "docs/forms.h"
#include "docs/pdf.h"
#include "docs_fixture.h"

/* ---- running the poppler tools ---- */

static bool on_path(const char *name) {
    const char *path = getenv("PATH");
    if (!path) return false;
    char buf[4096];
    for (const char *s = path; *s;) {
        size_t n = strcspn(s, ":");
        snprintf(buf, sizeof buf, "%.*s/%s", (int)n, s, name);
        if (access(buf, X_OK) == 0) return true;
        s += n + (s[n] == ':');
    }
    return false;
}

static void need_tool(const char *name, const char *package) {
    if (!on_path(name))
        fail_msg("%s not found on PATH: install the Debian package %s", name, package);
}

static char *slurp(FILE *f) {
    Buf b;
    buf_init(&b, NULL);
    char chunk[8192];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        buf_append(&b, chunk, n);
    buf_puts(&b, "");
    return buf_take(&b);
}

/* Run a shell command; fail the test unless it exits 0 (and, unless
** stderr_ok, writes nothing to stderr). Returns its stdout, to free(). */
static char *run(bool stderr_ok, const char *fmt, ...) {
    char cmd[2048], err_path[] = "/tmp/beian-forms-err-XXXXXX";
    int fd = mkstemp(err_path);
    assert_true(fd >= 0);
    close(fd);
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(cmd, sizeof cmd - 64, fmt, ap);
    va_end(ap);
    assert_true(n > 0 && (size_t)n < sizeof cmd - 64);
    snprintf(cmd + n, sizeof cmd - (size_t)n, " 2>%s", err_path);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    char *out = slurp(p);
    int status = pclose(p);
    FILE *e = fopen(err_path, "r");
    char *err = e ? slurp(e) : strdup("");
    if (e) fclose(e);
    unlink(err_path);
    if (status != 0 || (!stderr_ok && *err)) fail_msg("`%s` failed (%d): %s", cmd, status, err);
    free(err);
    return out;
}

/* Write the PDF to a temporary file; returns its path, to free(). */
static char *save_pdf(const Buf *pdf) {
    char *path = strdup("/tmp/beian-form-XXXXXX.pdf");
    int fd = mkstemps(path, 4);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, pdf->data, pdf->len), (ssize_t)pdf->len);
    close(fd);
    if (getenv("BEIAN_KEEP_PDF")) fprintf(stderr, "kept %s\n", path);
    return path;
}

static void drop_pdf(char *path) {
    if (!getenv("BEIAN_KEEP_PDF")) unlink(path);
    free(path);
}

/* pdftotext -layout output with ASCII spaces removed: layout mode spaces
** CJK text and columns unpredictably (and turns U+3000 into spaces), so
** needles are written without spaces and must sit on one line. */
static char *pdf_text_of(const char *path) {
    need_tool("pdftotext", "poppler-utils");
    char *t = run(false, "pdftotext -layout -enc UTF-8 %s -", path);
    char *w = t;
    for (char *r = t; *r; r++)
        if (*r != ' ') *w++ = *r;
    *w = 0;
    return t;
}

static void has(const char *text, const char *needle) {
    if (!strstr(text, needle)) fail_msg("missing in the PDF text: \"%s\"", needle);
}

static void lacks(const char *text, const char *needle) {
    if (strstr(text, needle)) fail_msg("unexpected in the PDF text: \"%s\"", needle);
}

/* Every font embedded, and WenQuanYi Micro Hei among them. */
static void check_fonts(const char *path) {
    need_tool("pdffonts", "poppler-utils");
    char *out = run(false, "pdffonts %s", path);
    int fonts = 0, wqy = 0;
    char *save = NULL;
    int line = 0;
    for (char *l = strtok_r(out, "\n", &save); l; l = strtok_r(NULL, "\n", &save), line++) {
        if (line < 2) continue; /* heading and rule */
        char *tok[32];
        int n = 0;
        char *s2 = NULL;
        for (char *t = strtok_r(l, " ", &s2); t && n < 32; t = strtok_r(NULL, " ", &s2))
            tok[n++] = t;
        assert_true(n >= 7);
        if (strcmp(tok[n - 5], "yes") != 0) fail_msg("font not embedded: %s", tok[0]);
        fonts++;
        wqy += strstr(tok[0], "WenQuanYiMicroHei") != NULL;
    }
    assert_true(fonts >= 1);
    assert_true(wqy >= 1);
    free(out);
}

/* pdfinfo: A4, title and creator; returns the page count. */
static int check_info(const char *path, const char *title) {
    need_tool("pdfinfo", "poppler-utils");
    char *out = run(false, "pdfinfo %s", path);
    has(out, title);
    has(out, "Creator:         Beian");
    has(out, "595.276 x 841.89 pts (A4)");
    const char *p = strstr(out, "Pages:");
    assert_non_null(p);
    int pages = atoi(p + 6);
    free(out);
    return pages;
}

/* Page 1 rasterises without a complaint from poppler. */
static void check_raster(const char *path) {
    need_tool("pdftoppm", "poppler-utils");
    char png[] = "/tmp/beian-form-page-XXXXXX";
    int fd = mkstemp(png);
    assert_true(fd >= 0);
    close(fd);
    free(run(false, "pdftoppm -r 50 -f 1 -l 1 -png -singlefile %s %s", path, png));
    char file[64];
    snprintf(file, sizeof file, "%s.png", png);
    FILE *f = fopen(file, "rb");
    assert_non_null(f);
    unsigned char sig[8] = {0};
    assert_int_equal(fread(sig, 1, 8, f), 8);
    fclose(f);
    assert_memory_equal(sig, "\x89PNG\r\n\x1a\n", 8);
    unlink(file);
    unlink(png);
}

/* The QR code on page 1 decodes to url (skipped without zbar-tools). */
static void check_qr(const char *path, const char *url) {
    if (!on_path("zbarimg")) {
        fprintf(stderr, "note: zbarimg not on PATH (Debian zbar-tools): QR not decoded\n");
        return;
    }
    char png[] = "/tmp/beian-form-qr-XXXXXX";
    int fd = mkstemp(png);
    assert_true(fd >= 0);
    close(fd);
    free(run(false, "pdftoppm -r 150 -f 1 -l 1 -png -singlefile %s %s", path, png));
    char *out = run(true, "zbarimg -Sdisable -Sqrcode.enable --raw -q %s.png", png);
    char want[512];
    snprintf(want, sizeof want, "%s\n", url);
    assert_string_equal(out, want);
    free(out);
    free(run(false, "rm -f %s.png %s", png, png));
}

/* Every word lies inside the page margins, or in the header/footer bands:
** nothing is cut at a page bottom or runs off the side. */
static void check_margins(const char *path) {
    char *out = run(false, "pdftotext -bbox %s -", path);
    const double tol = 2.0, band = PDF_MM(16);
    int words = 0;
    for (const char *w = strstr(out, "<word "); w; w = strstr(w + 1, "<word ")) {
        double x0, y0, x1, y1;
        assert_int_equal(sscanf(w, "<word xMin=\"%lf\" yMin=\"%lf\" xMax=\"%lf\" yMax=\"%lf\"", &x0,
                                &y0, &x1, &y1),
                         4);
        words++;
        if (x0 < PDF_MARGIN_X - tol || x1 > PDF_PAGE_W - PDF_MARGIN_X + tol)
            fail_msg("word outside the side margins at x %.1f..%.1f: %.40s", x0, x1, w);
        bool body = y0 >= PDF_MARGIN_TOP - tol && y1 <= PDF_PAGE_H - PDF_MARGIN_BOT + tol;
        bool header = y1 <= band, footer = y0 >= PDF_PAGE_H - band;
        if (!body && !header && !footer)
            fail_msg("word across a page margin at y %.1f..%.1f: %.60s", y0, y1, w);
    }
    assert_true(words > 20);
    free(out);
}

/* Render-independent checks every form gets; returns the page count. */
static int check_pdf(const char *path, const char *title) {
    check_fonts(path);
    check_raster(path);
    check_margins(path);
    return check_info(path, title);
}

/* ---- the verification form ---- */

/* Render f, run the common checks and return the text (to free()). */
static char *verification_text(const FormVerification *f, int *pages) {
    Buf out;
    buf_init(&out, NULL);
    assert_int_equal(form_verification_pdf(f, &out), 0);
    assert_true(out.len > 1000);
    assert_memory_equal(out.data, "%PDF-", 5);
    char *path = save_pdf(&out);
    int n = check_pdf(path, "网站备案信息真实性核验单 " FX_APP_NUMBER);
    if (pages) *pages = n;
    if (f->staff_url) check_qr(path, f->staff_url);
    char *text = pdf_text_of(path);
    drop_pdf(path);
    buf_free(&out);
    return text;
}

static void test_verification_organisation(void **state) {
    (void)state;
    Arena a;
    arena_init(&a);
    FormVerification f = fx_verification(&a, true, 1);
    int pages;
    char *t = verification_text(&f, &pages);
    const char *want[] = {
        "网站备案信息真实性核验单",
        "申请编号A2026-000123",
        "申请类型：首次备案",
        "填表日期：2026-03-01",
        "北京示例科技有限公司",
        "91110000802100433B",
        "北京市海淀区中关村大街1号8层801室", /* the city of a municipality once */
        "北京示例控股集团有限公司",
        "11010519491231002X",
        "010-62345678",
        "zhangjg@example-tech.cn",
        "北京示例科技官方网站",
        "example-tech.cn",
        "https://www.example-tech.cn/",
        "单位门户",
        "以上都不涉及",
        "王晓燕",
        "110101199003074514",
        "13600136000",
        FX_PROVIDER,
        "203.0.113.10",
        "198.51.100.10",
        "虚拟主机",
        "营业执照或组织机构代码证复印件",
        "法定代表人身份证复印件",
        "域名证书",
        "负责人签字并加盖单位公章",
        "本单位承诺",
        "负责人签字：",
        "单位公章：",
        "核验人",
        "核验日期",
        "核验意见",
        "□已拍照",
        "□未拍照",
        "接入商盖章",
        "工作人员扫码查看本申请",
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        has(t, want[i]);
    for (int i = 1; i <= pages; i++) {
        char num[64];
        snprintf(num, sizeof num, "第%d页/共%d页", i, pages);
        has(t, num);
    }
    lacks(t, "手印：");
    lacks(t, "之前已做过现场核验");
    lacks(t, "变更已通过审核");
    free(t);
    arena_free(&a);
}

static void test_verification_individual(void **state) {
    (void)state;
    Arena a;
    arena_init(&a);
    FormVerification f = fx_verification(&a, false, 1);
    char *t = verification_text(&f, NULL);
    has(t, "李小明");
    has(t, "34052419800101001X");
    has(t, "小明的技术随笔");
    has(t, "博客/个人空间");
    has(t, "本人承诺");
    has(t, "负责人签字：");
    has(t, "手印：");
    has(t, "本人签字并按手印");
    lacks(t, "单位公章：");
    free(t);
    arena_free(&a);
}

static void test_verification_new_site_verified_before(void **state) {
    (void)state;
    Arena a;
    arena_init(&a);
    FormVerification f = fx_verification(&a, true, 1);
    static const char *const new_domain[] = {"new-portal.example.cn"};
    FormSite site = f.sites[0];
    site.name = "北京示例科技新门户";
    site.domains = new_domain;
    site.home_url = "https://new-portal.example.cn/";
    site.is_new = true;
    f.sites = &site;
    f.kind_name = "新增网站";
    f.verified_before = true;
    f.verified_before_ref = "A2024-000045";
    char *t = verification_text(&f, NULL);
    has(t, "之前已做过现场核验");
    has(t, "A2024-000045");
    has(t, "new-portal.example.cn");
    has(t, "北京示例科技新门户（本次新增）");
    has(t, "申请类型：新增网站");
    has(t, "申请编号A2026-000123");
    has(t, "网站域名new-portal.example.cn");
    lacks(t, "网站域名example-tech.cn");
    lacks(t, "变更已通过审核");
    free(t);
    arena_free(&a);
}

static void test_verification_batch_supplement(void **state) {
    (void)state;
    Arena a;
    arena_init(&a);
    FormVerification f = fx_verification(&a, false, 1);
    /* A long name must not push the running header into the page body. */
    f.subject.name =
        "李小明李小明李小明李小明李小明李小明李小明李小明李小明李小明李小明李小明李小明"
        "李小明李小明李小明李小明李小明李小明李小明李小明李小明李小明李小明李小明";
    f.batch_supplement = true;
    f.batch_ref = "A2026-000100";
    char *t = verification_text(&f, NULL);
    has(t, "变更已通过审核，新增补单");
    has(t, "变更申请：A2026-000100");
    has(t, "手印：");
    lacks(t, "之前已做过现场核验");
    free(t);
    arena_free(&a);
}

static void test_verification_many_sites(void **state) {
    (void)state;
    Arena a;
    arena_init(&a);
    FormVerification f = fx_verification(&a, true, 12);
    int pages;
    char *t = verification_text(&f, &pages);
    assert_true(pages >= 2);
    char s[128];
    for (int i = 1; i <= pages; i++) {
        snprintf(s, sizeof s, "第%d页/共%d页", i, pages);
        has(t, s);
    }
    snprintf(s, sizeof s, "第%d页/共%d页", pages + 1, pages);
    lacks(t, s);
    has(t, "二、网站信息（共12个）");
    for (int i = 2; i <= 12; i++) {
        snprintf(s, sizeof s, "网站%d/12：示例科技第%d号网站", i, i);
        has(t, s);
        snprintf(s, sizeof s, "example-tech%d.cn", i - 1);
        has(t, s);
        snprintf(s, sizeof s, "203.0.113.%d", 9 + i);
        has(t, s);
    }
    has(t, "网站备案信息真实性核验单申请编号A2026-000123"); /* running header */
    free(t);
    arena_free(&a);
}

/* A legacy site with 90 domains: its domain cell is taller than a page and
** must be split between lines, losing none. */
static void test_verification_row_taller_than_page(void **state) {
    (void)state;
    Arena a;
    arena_init(&a);
    FormVerification f = fx_verification(&a, true, 1);
    const char **dom = ARENA_NEW(&a, const char *, 90);
    for (int i = 0; i < 90; i++)
        dom[i] = arena_printf(&a, "legacy%02d.example.com", i);
    FormSite site = f.sites[0];
    site.domains = dom;
    site.n_domains = 90;
    f.sites = &site;
    int pages;
    char *t = verification_text(&f, &pages);
    assert_true(pages >= 3);
    for (int i = 0; i < 90; i++) {
        char s[64];
        snprintf(s, sizeof s, "legacy%02d.example.com", i);
        has(t, s);
    }
    free(t);
    arena_free(&a);
}

/* A rare character (CJK Extension B) no installed font covers still renders:
** it prints as a box and a warning is logged, the rest of the text is intact. */
static void test_verification_rare_character(void **state) {
    (void)state;
    Arena a;
    arena_init(&a);
    FormVerification f = fx_verification(&a, true, 1);
    f.subject.name = "\U00020BB7野家餐饮管理有限公司";
    char *t = verification_text(&f, NULL);
    has(t, "野家餐饮管理有限公司");
    has(t, "91110000802100433B");
    free(t);
    arena_free(&a);
}

/* ---- agreement and authorisation letter ---- */

static char *agreement_text(const FormAgreement *f, const char *text) {
    Buf out;
    buf_init(&out, NULL);
    assert_int_equal(form_agreement_pdf(f, text, &out), 0);
    char *path = save_pdf(&out);
    check_pdf(path, "信息安全协议 " FX_APP_NUMBER);
    char *t = pdf_text_of(path);
    drop_pdf(path);
    buf_free(&out);
    return t;
}

static void test_agreement(void **state) {
    (void)state;
    Arena a;
    arena_init(&a);
    FormAgreement f = {.app_number = FX_APP_NUMBER,
                       .date = "2026-03-01",
                       .subject = fx_org_subject(),
                       .provider = fx_provider(),
                       .sites = fx_sites(&a, 2, true),
                       .n_sites = 2};
    char *t = agreement_text(&f, NULL);
    const char *want[] = {"信息安全协议",   "申请编号：A2026-000123",
                          "甲方（用户）",   "北京示例科技有限公司",
                          FX_PROVIDER,      "北京市朝阳区酒仙桥路10号",
                          "400-800-1234",   "example-tech1.cn",
                          "第一条协议范围", "第五条日志留存",
                          "第十条其他",     "甲方（签字/盖章）",
                          "乙方（盖章）",   "负责人签字：",
                          "单位公章：",     "授权代表签字：",
                          "公章："};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        has(t, want[i]);
    lacks(t, "{");
    lacks(t, "手印：");
    free(t);

    f.subject = fx_person_subject();
    t = agreement_text(&f, NULL);
    has(t, "李小明");
    has(t, "手印：");
    lacks(t, "单位公章：");
    free(t);
    arena_free(&a);
}

static void test_agreement_custom_text(void **state) {
    (void)state;
    Arena a;
    arena_init(&a);
    FormAgreement f = {.app_number = FX_APP_NUMBER,
                       .date = "2026-03-01",
                       .subject = fx_person_subject(),
                       .provider = fx_provider(),
                       .sites = fx_sites(&a, 1, false),
                       .n_sites = 1};
    const char *text = "## 第一条　测试条款\n"
                       "甲方{subject_name}，乙方{provider_name}。\n"
                       ">> 日期{date}，编号{app_number}，{{字面}}。\n"
                       "网站：{site_list}\n"
                       "未知占位符{nope}保持原样。\n";
    assert_int_equal(form_text_check(text, &a, NULL), -ERR_PDF_PLACEHOLDER);
    char *t = agreement_text(&f, text);
    has(t, "第一条测试条款");
    has(t, "甲方李小明，乙方" FX_PROVIDER "。");
    has(t, "日期2026-03-01，编号A2026-000123，{字面}。");
    has(t, "网站：小明的技术随笔（example-tech.cn）");
    has(t, "未知占位符{nope}保持原样。");
    lacks(t, "第二条");
    free(t);
    arena_free(&a);
}

static char *authorisation_text(const FormAuthorisation *f) {
    Buf out;
    buf_init(&out, NULL);
    assert_int_equal(form_authorisation_pdf(f, NULL, &out), 0);
    char *path = save_pdf(&out);
    assert_int_equal(check_pdf(path, "网站备案授权书 " FX_APP_NUMBER), 1);
    char *t = pdf_text_of(path);
    drop_pdf(path);
    buf_free(&out);
    return t;
}

static void test_authorisation(void **state) {
    (void)state;
    Arena a;
    arena_init(&a);
    FormAuthorisation f = {.app_number = FX_APP_NUMBER,
                           .date = "2026-03-01",
                           .provider_name = FX_PROVIDER,
                           .subject = fx_org_subject(),
                           .sites = fx_sites(&a, 1, true),
                           .n_sites = 1};
    f.grantee = f.sites[0].principal;
    char *t = authorisation_text(&f);
    const char *want[] = {"网站备案授权书",
                          "授权人",
                          "北京示例科技有限公司",
                          "被授权人（网站负责人）",
                          "王晓燕",
                          "110101199003074514",
                          FX_PROVIDER "：",
                          "兹授权王晓燕",
                          "北京示例科技官方网站",
                          "特此授权。",
                          "授权人（签字/盖章）",
                          "单位公章：",
                          "被授权人签字："};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        has(t, want[i]);
    lacks(t, "{");
    lacks(t, "手印：");
    free(t);

    f.subject = fx_person_subject();
    f.grantee = (FormPerson){.name = "李大明",
                             .id_type = "居民身份证",
                             .id_number = "340524198203030016",
                             .mobile = "13611112222"};
    t = authorisation_text(&f);
    has(t, "兹授权李大明");
    has(t, "340524198203030016");
    has(t, "授权人（签字/手印）");
    has(t, "被授权人（签字/手印）");
    has(t, "手印：");
    lacks(t, "单位公章：");
    free(t);
    arena_free(&a);
}

/* ---- templates ---- */

static void test_text_templates(void **state) {
    (void)state;
    Arena a;
    arena_init(&a);
    char *bad = NULL;
    assert_int_equal(form_text_check(FORM_TEXT_AGREEMENT, &a, &bad), 0);
    assert_null(bad);
    assert_int_equal(form_text_check(FORM_TEXT_AUTHORISATION, &a, &bad), 0);
    assert_int_equal(form_text_check("{{字面}} {date}", &a, &bad), 0);
    assert_int_equal(form_text_check("甲方{subjectname}签字", &a, &bad), -ERR_PDF_PLACEHOLDER);
    assert_string_equal(bad, "{subjectname}");
    assert_int_equal(form_text_check("甲方{subject_name签字", &a, &bad), -ERR_PDF_PLACEHOLDER);
    assert_int_equal(form_text_check("单独的 } 括号", &a, &bad), -ERR_PDF_PLACEHOLDER);
    assert_string_equal(bad, "}");
    assert_int_equal(form_text_check("{}", &a, &bad), -ERR_PDF_PLACEHOLDER);
    assert_int_equal(form_text_check("\xe7\xbd", &a, &bad), -ERR_FIELD_UTF8);
    assert_int_equal(form_text_check(NULL, &a, &bad), -ERR_FIELD_REQUIRED);

    FormTextVar vars[] = {{"subject_name", "北京示例"}, {"date", NULL}};
    assert_string_equal(
        form_text_expand(&a, "甲方{subject_name}，{date}，{{x}}，{other}，{", vars, 2),
        "甲方北京示例，，{x}，{other}，{");
    assert_string_equal(form_text_expand(&a, "", vars, 2), "");
    for (const char *const *k = FORM_TEXT_PLACEHOLDERS; *k; k++) {
        char *t = arena_printf(&a, "x{%s}y", *k);
        assert_int_equal(form_text_check(t, &a, NULL), 0);
    }
    arena_free(&a);
}

/* ---- errors ---- */

static void test_errors_leave_output_alone(void **state) {
    (void)state;
    Arena a;
    arena_init(&a);
    Buf out;
    buf_init(&out, NULL);
    buf_puts(&out, "keep");
    FormVerification f = fx_verification(&a, true, 1);
    assert_int_equal(form_verification_pdf(NULL, &out), -ERR_INVALID_INPUT);
    FormVerification g = f;
    g.app_number = "";
    assert_int_equal(form_verification_pdf(&g, &out), -ERR_INVALID_INPUT);
    g = f;
    g.sites = NULL;
    assert_int_equal(form_verification_pdf(&g, &out), -ERR_INVALID_INPUT);
    g = f;
    char *url = arena_alloc(&a, 3001);
    memset(url, 'a', 3000);
    url[3000] = 0;
    g.staff_url = url; /* beyond a QR code's capacity */
    assert_int_equal(form_verification_pdf(&g, &out), -ERR_INVALID_INPUT);
    assert_int_equal(form_agreement_pdf(NULL, NULL, &out), -ERR_INVALID_INPUT);
    assert_int_equal(form_authorisation_pdf(NULL, NULL, &out), -ERR_INVALID_INPUT);
    assert_int_equal(out.len, 4);
    assert_string_equal(out.data, "keep");
    /* Appends after what is there. */
    assert_int_equal(form_verification_pdf(&f, &out), 0);
    assert_memory_equal(out.data, "keep%PDF-", 9);
    buf_free(&out);
    arena_free(&a);
}

static void test_font_installed(void **state) {
    (void)state;
    assert_int_equal(pdf_fonts_ready(), 0);
    need_tool("fc-list", "fontconfig");
    char *out = run(false, "fc-list ':family=WenQuanYi Micro Hei' family");
    has(out, "WenQuanYi Micro Hei");
    free(out);
}

/* ---- threads ---- */

#define THREADS 4
#define ROUNDS  3

typedef struct Job {
    Buf out[ROUNDS];
    int rc[ROUNDS];
} Job;

static void *render_job(void *arg) {
    Job *j = arg;
    Arena a;
    arena_init(&a);
    FormVerification f = fx_verification(&a, true, 3);
    for (int i = 0; i < ROUNDS; i++) {
        buf_init(&j->out[i], NULL);
        j->rc[i] = form_verification_pdf(&f, &j->out[i]);
    }
    arena_free(&a);
    return NULL;
}

/* The PDF without its /CreationDate, which is the time of rendering. */
static char *without_date(const Buf *b) {
    char *s = xmalloc(b->len + 1);
    memcpy(s, b->data, b->len + 1);
    static const char key[] = "/CreationDate (";
    char *d = memmem(s, b->len, key, sizeof key - 1);
    assert_non_null(d);
    char *e = memchr(d, ')', b->len - (size_t)(d - s));
    assert_non_null(e);
    memset(d, ' ', (size_t)(e - d + 1));
    return s;
}

static void test_threads_render_identically(void **state) {
    (void)state;
    static Job jobs[THREADS];
    pthread_t tid[THREADS];
    for (int i = 0; i < THREADS; i++)
        assert_int_equal(pthread_create(&tid[i], NULL, render_job, &jobs[i]), 0);
    for (int i = 0; i < THREADS; i++)
        pthread_join(tid[i], NULL);
    char *ref = without_date(&jobs[0].out[0]);
    size_t len = jobs[0].out[0].len;
    for (int i = 0; i < THREADS; i++) {
        for (int r = 0; r < ROUNDS; r++) {
            assert_int_equal(jobs[i].rc[r], 0);
            assert_int_equal(jobs[i].out[r].len, len);
            char *s = without_date(&jobs[i].out[r]);
            assert_memory_equal(s, ref, len);
            free(s);
            buf_free(&jobs[i].out[r]);
        }
    }
    free(ref);
}

/* Under ASan: fontconfig leaks a few bytes once while parsing its
** configuration (not per form; see docs/forms.md). The slow unwinder is
** needed to see that frame through libraries built without frame pointers. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void) {
    return "leak:XML_ParseBuffer\n";
}
const char *__asan_default_options(void);
const char *__asan_default_options(void) {
    return "fast_unwind_on_malloc=0";
}

static int release_fonts(void **state) {
    (void)state;
    forms_thread_release();
    return 0;
}

/* Issue 11, broken 8: the region typed again in the detail line is printed
** once; a municipality's city of the same name once. */
static void test_address_printed_once(void **state) {
    (void)state;
    Arena a;
    arena_init(&a);
    FormSubject s = {.province = "北京市",
                     .city = "北京市",
                     .district = "朝阳区",
                     .address = "北京市朝阳区建国路 88 号 9 层"};
    assert_string_equal(form_address(&a, &s), "北京市 朝阳区 建国路 88 号 9 层");
    s = (FormSubject){.province = "广东省",
                      .city = "深圳市",
                      .district = "南山区",
                      .address = "广东省 深圳市南山区科苑路 15 号"};
    assert_string_equal(form_address(&a, &s), "广东省 深圳市 南山区 科苑路 15 号");
    s.address = "科苑路 15 号";
    assert_string_equal(form_address(&a, &s), "广东省 深圳市 南山区 科苑路 15 号");
    s.address = "南山大道 1 号"; /* a street named like the district is not cut */
    assert_string_equal(form_address(&a, &s), "广东省 深圳市 南山区 南山大道 1 号");
    arena_free(&a);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_font_installed),
        cmocka_unit_test(test_address_printed_once),
        cmocka_unit_test(test_text_templates),
        cmocka_unit_test(test_verification_organisation),
        cmocka_unit_test(test_verification_individual),
        cmocka_unit_test(test_verification_new_site_verified_before),
        cmocka_unit_test(test_verification_batch_supplement),
        cmocka_unit_test(test_verification_many_sites),
        cmocka_unit_test(test_verification_row_taller_than_page),
        cmocka_unit_test(test_verification_rare_character),
        cmocka_unit_test(test_agreement),
        cmocka_unit_test(test_agreement_custom_text),
        cmocka_unit_test(test_authorisation),
        cmocka_unit_test(test_errors_leave_output_alone),
        cmocka_unit_test(test_threads_render_identically),
    };
    return cmocka_run_group_tests(tests, NULL, release_fonts);
}
