/*
** Unit tests for the template compiler and its runtime: the templates in
** templates/test/ rendered with known views and compared byte for byte, the
** runtime writers on their own, and tools/tmplc run on bad templates, which
** must stop with file:line.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/tmpl.h"
#include "tmpl_all.h"

typedef struct Page {
    Arena arena;
    Buf out;
    Tmpl t;
} Page;

static void page_open(Page *p, Lang lang) {
    arena_init(&p->arena);
    buf_init(&p->out, &p->arena);
    tmpl_init(&p->t, &p->out, &p->arena, lang);
}

static const char *page_text(Page *p) {
    return p->out.data ? p->out.data : "";
}

static void page_close(Page *p) {
    arena_free(&p->arena);
}

static TestView sample_view(void) {
    TestView v = {
        .title = "<script>alert('x')</script> & \"q\"",
        .attr = "a\"b'c<",
        .count = 42,
        .neg = -7,
        .big = 18446744073709551615ULL,
        .ratio = 0.5,
        .raw = html_trusted("<b>raw</b>"),
        .query = "a b&c/备",
        .none = NULL,
    };
    return v;
}

static void test_escaping_and_types(void **state) {
    (void)state;
    Page p;
    page_open(&p, LANG_ZH);
    TestView v = sample_view();
    tmpl_test_basic(&p.t, &v);
    assert_string_equal(page_text(&p),
                        "<h1 title=\"a&quot;b&#39;c&lt;\">&lt;script&gt;alert(&#39;x&#39;)&lt;/"
                        "script&gt; &amp; &quot;q&quot;</h1>\n"
                        "<p>42 -7 18446744073709551615 0.5 []</p>\n"
                        "<b>raw</b>\n"
                        "<a href=\"/s?q=a%20b%26c%2F%E5%A4%87&amp;n=42\">?\?/ ?\?= \"q\" \\ "
                        "{{x}}</a>\n");
    page_close(&p);
}

static void test_if_elif_else(void **state) {
    (void)state;
    static const struct {
        int state;
        const char *want;
    } cases[] = {{0, "zero\n"}, {-3, "negative\n"}, {5, "positive 5\n"}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        Page p;
        page_open(&p, LANG_ZH);
        tmpl_test_cond(&p.t, cases[i].state);
        assert_string_equal(page_text(&p), cases[i].want);
        page_close(&p);
    }
}

static void test_nested_each_and_partial(void **state) {
    (void)state;
    static const TestItem fruit[] = {{"苹果<", 3}, {"梨", 1}};
    static const TestGroup groups[] = {{"水果", fruit, 2}, {"空", NULL, 0}};
    TestView v = {.groups = groups, .ngroups = 2};
    Page p;
    page_open(&p, LANG_ZH);
    tmpl_test_list(&p.t, &v);
    assert_string_equal(page_text(&p), "<ul>\n"
                                       "  <li>0: 水果\n"
                                       "    0.0 <b>苹果&lt;</b>×3\n"
                                       "    0.1 <b>梨</b>×1\n"
                                       "  </li>\n"
                                       "  <li>1: 空\n"
                                       "  </li>\n"
                                       "</ul>\n");
    page_close(&p);
    v.ngroups = 0;
    page_open(&p, LANG_ZH);
    tmpl_test_list(&p.t, &v);
    assert_string_equal(page_text(&p), "<ul>\n</ul>\n");
    page_close(&p);
}

static void test_standalone_lines(void **state) {
    (void)state;
    Page p;
    page_open(&p, LANG_ZH);
    tmpl_test_plain(&p.t);
    assert_string_equal(page_text(&p), "a\nb c\nnested\n");
    page_close(&p);
}

static void i18n_view(TestView *v) {
    *v = sample_view();
    v->title = "证书";
    v->count = 3;
    v->user = "<李>";
    v->records = 12;
    v->raw = html_trusted("<i>x</i>");
    v->ratio = 2.5;
}

static void test_translation_csrf_nonce(void **state) {
    (void)state;
    TestView v;
    i18n_view(&v);
    Page p;
    page_open(&p, LANG_ZH);
    p.t.csrf = "tok<&>";
    p.t.nonce = "n0nce";
    tmpl_test_i18n(&p.t, &v);
    assert_string_equal(page_text(&p),
                        "<html lang=\"zh-CN\">\n"
                        "<form><input type=\"hidden\" name=\"csrf\" value=\"tok&lt;&amp;&gt;\">"
                        "<input name=\"t\" value=\"tok&lt;&amp;&gt;\"></form>\n"
                        "<script nonce=\"n0nce\"></script>\n"
                        "<p>登录</p>\n"
                        "<p>共 12 条记录</p>\n"
                        "<p>欢迎，&lt;李&gt;！</p>\n"
                        "<p>证书 将于 3 到期（100%）</p>\n"
                        "<p><i>x</i> 将于 2.5 到期（100%）</p>\n");
    page_close(&p);

    page_open(&p, LANG_EN);
    tmpl_test_i18n(&p.t, &v); /* no token, no nonce */
    assert_string_equal(page_text(&p), "<html lang=\"en\">\n"
                                       "<form><input name=\"t\" value=\"\"></form>\n"
                                       "<script nonce=\"\"></script>\n"
                                       "<p>Log in</p>\n"
                                       "<p>12 records in total</p>\n"
                                       "<p>Welcome, &lt;李&gt;!</p>\n"
                                       "<p>On 3, 证书 expires (100%)</p>\n"
                                       "<p>On 2.5, <i>x</i> expires (100%)</p>\n");
    page_close(&p);
}

static void test_runtime_writers(void **state) {
    (void)state;
    Page p;
    page_open(&p, LANG_EN);
    /* An untranslated msgid falls back to Chinese, escaped. */
    tmpl_t(&p.t, "<b>未翻译</b>");
    assert_string_equal(page_text(&p), "&lt;b&gt;未翻译&lt;/b&gt;");
    buf_reset(&p.out);
    TmplArg args[] = {tmpl_arg_str("<a>"), tmpl_arg_i64(-5), tmpl_arg_u64(7),
                      tmpl_arg_html(html_trusted("<br>")), tmpl_arg_str(NULL)};
    tmpl_tf(&p.t, "%s|%s|%s|%s|[%s]|%2$s|%9$s|%d|%|100%%|%0$s|%s<", 5, args);
    assert_string_equal(page_text(&p), "&lt;a&gt;|-5|7|<br>|[]|-5||%d|%|100%|%0$s|&lt;");
    buf_reset(&p.out);
    tmpl_tf(&p.t, "无参数", 0, NULL);
    tmpl_html(&p.t, html_trusted(NULL));
    tmpl_str(&p.t, NULL);
    tmpl_url(&p.t, NULL);
    TMPL_OUT(&p.t, (short)-2);
    TMPL_OUT(&p.t, (unsigned char)200);
    TMPL_OUT(&p.t, 1.25f);
    TMPL_URL(&p.t, (char *)"x/y");
    TMPL_URL(&p.t, 9u);
    tmpl_lang(&p.t);
    assert_string_equal(page_text(&p), "无参数-22001.25x%2Fy9en");
    page_close(&p);
}

/* ---- tmplc on bad templates ---- */

static char tmpdir[256];

static int setup_tmp(void **state) {
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/beian-tmplc-XXXXXX");
    if (!mkdtemp(tmpdir)) return -1;
    char sub[300];
    snprintf(sub, sizeof sub, "%s/bad", tmpdir);
    return mkdir(sub, 0700);
}

static int teardown_tmp(void **state) {
    (void)state;
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

static char *write_template(const char *name, const char *text) {
    static char path[400];
    snprintf(path, sizeof path, "%s/bad/%s.html", tmpdir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return path;
}

/* Run a shell command; its exit status, with stderr in err. */
static int run(char *err, size_t cap, const char *fmt, ...) {
    char cmd[2048], errfile[300];
    snprintf(errfile, sizeof errfile, "%s/stderr.txt", tmpdir);
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    assert_true(n > 0 && (size_t)n + 20 < sizeof cmd - strlen(errfile));
    strcat(cmd, " 2>");
    strcat(cmd, errfile);
    int st = system(cmd);
    FILE *f = fopen(errfile, "r");
    size_t got = f ? fread(err, 1, cap - 1, f) : 0;
    err[got] = 0;
    if (f) fclose(f);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void expect_error(const char *name, const char *text, int line, const char *what) {
    char *path = write_template(name, text);
    char err[4096], where[500];
    int rc = run(err, sizeof err, "'%s' c '%s' '%s/out.c'", BEIAN_TMPLC, path, tmpdir);
    snprintf(where, sizeof where, "%s:%d: error: ", path, line);
    if (rc == 0 || !strstr(err, where) || !strstr(err, what))
        fail_msg("%s: rc=%d, stderr: %s (wanted %s%s)", name, rc, err, where, what);
}

static void test_tmplc_errors(void **state) {
    (void)state;
    expect_error("unclosed_if", "{{#view void}}\n{{#if 1}}\nx\n", 2, "{{#if}} is not closed");
    expect_error("unclosed_each", "{{#view void}}\n{{#each int *x in a, 2}}\n", 2,
                 "{{#each}} is not closed");
    expect_error("unknown", "{{#view void}}\n\n{{#foo}}", 3, "unknown directive {{#foo}}");
    expect_error("unknown_close", "{{#view void}}\n{{/foo}}", 2, "unknown directive {{/foo}}");
    expect_error("no_view", "hello {{x}}", 1, "text before {{#view");
    expect_error("view_not_first", "{{x}}{{#view void}}", 1, "first directive must be");
    expect_error("empty", "", 1, "missing {{#view");
    expect_error("view_twice", "{{#view void}}\n{{#view void}}", 2, "given twice");
    expect_error("unclosed_tag", "{{#view void}}\n\n{{x", 3, "unclosed {{");
    expect_error("wrong_close", "{{#view void}}\n{{#if 1}}\n{{/each}}", 3,
                 "{{/each}} closes the {{#if}} of line 2");
    expect_error("stray_close", "{{#view void}}\n{{/if}}", 2, "{{/if}} without {{#if}}");
    expect_error("else_twice", "{{#view void}}\n{{#if 1}}{{#else}}\n{{#else}}{{/if}}", 3,
                 "{{#else}} after {{#else}}");
    expect_error("elif_in_each", "{{#view void}}\n{{#each int *x in a, 1}}{{#elif 1}}", 2,
                 "{{#elif}} outside {{#if}}");
    expect_error("semicolon", "{{#view void}}\n{{a; b}}", 2, "';' is not allowed");
    expect_error("unbalanced", "{{#view void}}\n{{f(a}}", 2, "unclosed '('");
    expect_error("tf_args", "{{#view void}}\n{{_f \"共 %s 条\"}}", 2, "1 %s but 0 argument(s)");
    expect_error("tf_conv", "{{#view void}}\n{{_f \"%d 条\" n}}", 2, "only %s and %% may");
    expect_error("t_args", "{{#view void}}\n{{_ \"登录\" x}}", 2, "one string literal");
    expect_error("t_nolit", "{{#view void}}\n{{_ name}}", 2, "string literal first");
    expect_error("each_syntax", "{{#view void}}\n{{#each x in a}}{{/each}}", 2,
                 "TYPE *x in ARRAY, COUNT");
    expect_error("url_empty", "{{#view void}}\n\n\n{{url }}", 4, "{{url}} needs an expression");
    expect_error("empty_tag", "{{#view void}}\n{{ }}", 2, "empty {{}}");
    expect_error("view_t", "{{#view const V *t}}", 1, "may not be called t");
    expect_error("lit", "{{#view void}}\n{{\"abc}}\n", 2, "unterminated literal");
}

static void test_tmplc_index_checks_partials(void **state) {
    (void)state;
    char err[4096], where[500];
    char *path = write_template("caller", "{{#view void}}\n{{> bad_missing}}\n");
    char copy[400];
    snprintf(copy, sizeof copy, "%s", path);
    int rc = run(err, sizeof err, "'%s' index '%s' '%s' '%s'", BEIAN_TMPLC, tmpdir, tmpdir, copy);
    snprintf(where, sizeof where, "%s:2: error: no template tmpl_bad_missing", copy);
    if (rc == 0 || !strstr(err, where)) fail_msg("rc=%d, stderr: %s", rc, err);

    write_template("callee", "{{#view const char *s}}{{s}}");
    path = write_template("caller", "{{#view void}}\n{{> bad_callee}}\n");
    rc = run(err, sizeof err, "'%s' index '%s' '%s' '%s' '%s/bad/callee.html'", BEIAN_TMPLC, tmpdir,
             tmpdir, path, tmpdir);
    snprintf(where, sizeof where, "%s:2: error: {{> bad_callee}} needs a view", path);
    if (rc == 0 || !strstr(err, where)) fail_msg("rc=%d, stderr: %s", rc, err);

    path = write_template("caller", "{{#view void}}\n{{> bad_callee \"x\"}}{{_ \"登录\"}}\n");
    rc = run(err, sizeof err, "'%s' index '%s' '%s' '%s' '%s/bad/callee.html'", BEIAN_TMPLC, tmpdir,
             tmpdir, path, tmpdir);
    assert_int_equal(rc, 0);
    char hdr[300];
    snprintf(hdr, sizeof hdr, "%s/tmpl_all.h", tmpdir);
    FILE *f = fopen(hdr, "r");
    assert_non_null(f);
    char text[2048];
    text[fread(text, 1, sizeof text - 1, f)] = 0;
    fclose(f);
    assert_non_null(strstr(text, "void tmpl_bad_callee(Tmpl *t, const char *s);\n"));
    assert_non_null(strstr(text, "void tmpl_bad_caller(Tmpl *t);\n"));
}

/* A value with no writer does not compile, and the error points at the
** template line (#line); values with a writer compile. */
static void test_type_errors_fail_the_c_build(void **state) {
    (void)state;
    char err[8192];
    const char *path =
        write_template("types", "{{#view const int *p}}\n{{(long)*p}} {{(Html){0}}}\n\n{{p}}\n");
    char copy[400];
    snprintf(copy, sizeof copy, "%s", path);
    int rc = run(err, sizeof err, "'%s' c '%s' '%s/types.c'", BEIAN_TMPLC, copy, tmpdir);
    assert_int_equal(rc, 0);
    const char *cc =
        "'" BEIAN_CC "' -std=c17 -fsyntax-only -I'" BEIAN_SOURCE_DIR "/src' -I'" BEIAN_GEN_DIR "'";
    rc = run(err, sizeof err, "%s '%s/types.c'", cc, tmpdir);
    char where[500];
    snprintf(where, sizeof where, "%s:4:", copy);
    if (rc == 0 || !strstr(err, where)) fail_msg("rc=%d, stderr: %s", rc, err);

    static const char *const bad[] = {"(long double)1", "(unsigned char *)\"x\"", "(void *)0",
                                      "(int[2]){1, 2}"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char text[200];
        snprintf(text, sizeof text, "{{#view void}}\n{{%s}}\n", bad[i]);
        path = write_template("types", text);
        assert_int_equal(
            run(err, sizeof err, "'%s' c '%s' '%s/types.c'", BEIAN_TMPLC, path, tmpdir), 0);
        rc = run(err, sizeof err, "%s '%s/types.c'", cc, tmpdir);
        if (rc == 0) fail_msg("{{%s}} compiled", bad[i]);
    }
    path = write_template("types", "{{#view void}}\n{{(Html){0}}}{{1.0}}{{'c'}}{{(_Bool)1}}"
                                   "{{url (size_t)1}}{{_f \"%s\" (unsigned short)1}}\n");
    assert_int_equal(run(err, sizeof err, "'%s' c '%s' '%s/types.c'", BEIAN_TMPLC, path, tmpdir),
                     0);
    rc = run(err, sizeof err, "%s '%s/types.c'", cc, tmpdir);
    if (rc != 0) fail_msg("valid types did not compile: %s", err);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_escaping_and_types),
        cmocka_unit_test(test_if_elif_else),
        cmocka_unit_test(test_nested_each_and_partial),
        cmocka_unit_test(test_standalone_lines),
        cmocka_unit_test(test_translation_csrf_nonce),
        cmocka_unit_test(test_runtime_writers),
        cmocka_unit_test(test_tmplc_errors),
        cmocka_unit_test(test_tmplc_index_checks_partials),
        cmocka_unit_test(test_type_errors_fail_the_c_build),
    };
    return cmocka_run_group_tests(tests, setup_tmp, teardown_tmp);
}
