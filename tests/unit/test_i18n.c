/*
** Unit tests for translation: lookups in the catalog compiled from
** po/en.po, language negotiation, completeness of the English catalog
** against every string the templates use (build/gen/msgids.txt), msgfmt's
** check of po/en.po, and tools/po2c on PO files with every feature and on
** broken ones.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/i18n.h"

static void test_get(void **state) {
    (void)state;
    const char *id = "登录";
    assert_ptr_equal(i18n_get(LANG_ZH, id), id);
    assert_string_equal(i18n_get(LANG_EN, id), "Log in");
    const char *welcome = "欢迎，%s！";
    assert_string_equal(T(LANG_EN, welcome), "Welcome, %s!");
    const char *missing = "没有这条翻译";
    assert_ptr_equal(i18n_get(LANG_EN, missing), missing);
    assert_null(i18n_lookup(LANG_EN, missing));
    assert_null(i18n_lookup(LANG_ZH, id));
    assert_string_equal(i18n_lookup(LANG_EN, id), "Log in");
    assert_ptr_equal(i18n_get((Lang)7, id), id);
    assert_null(i18n_get(LANG_EN, NULL));
}

/* The plural and context entries of po/en.po are written here as literals, so
** that `make pot` (xgettext) keeps them. */
static void test_context_and_plural(void **state) {
    (void)state;
    assert_string_equal(i18n_pget(LANG_EN, "状态", "已提交"), "Submitted");
    const char *id = "已提交", *other = "别的";
    assert_ptr_equal(i18n_get(LANG_EN, id), id); /* only with its context */
    assert_ptr_equal(i18n_pget(LANG_EN, other, id), id);
    assert_string_equal(i18n_pget(LANG_ZH, "状态", "已提交"), "已提交");

    assert_string_equal(i18n_nget(LANG_EN, "%s 个文件", "%s 个文件", 1), "%s file");
    assert_string_equal(i18n_nget(LANG_EN, "%s 个文件", "%s 个文件", 0), "%s files");
    assert_string_equal(i18n_nget(LANG_EN, "%s 个文件", "%s 个文件", 2), "%s files");
    const char *one = "%s 个文件", *many = "%s 个文件";
    assert_ptr_equal(i18n_nget(LANG_ZH, one, many, 5), many);
    const char *s = "一项", *p = "多项";
    assert_ptr_equal(i18n_nget(LANG_EN, s, p, 1), s);
    assert_ptr_equal(i18n_nget(LANG_EN, s, p, 3), p);
    /* A singular entry asked for a plural gives its one form. */
    const char *login = "登录";
    assert_string_equal(i18n_nget(LANG_EN, login, login, 3), "Log in");
}

static void test_catalog_sorted(void **state) {
    (void)state;
    size_t n = 0;
    for (const I18nCatalog *const *c = i18n_catalogs; *c; c++, n++) {
        for (size_t i = 1; i < (*c)->count; i++)
            assert_true(strcmp((*c)->entries[i - 1].key, (*c)->entries[i].key) < 0);
    }
    assert_true(n >= 1);
}

static void test_parse(void **state) {
    (void)state;
    static const struct {
        const char *tag;
        Lang want;
    } cases[] = {{"en", LANG_EN},    {"en-US", LANG_EN},      {"EN_gb", LANG_EN},   {"zh", LANG_ZH},
                 {"zh-CN", LANG_ZH}, {"zh-Hant-TW", LANG_ZH}, {"fr", LANG_ZH},      {"", LANG_ZH},
                 {NULL, LANG_ZH},    {"eng", LANG_ZH},        {"english", LANG_ZH}, {"e", LANG_ZH}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        if (i18n_parse(cases[i].tag) != cases[i].want)
            fail_msg("i18n_parse(\"%s\")", cases[i].tag ? cases[i].tag : "NULL");
    assert_string_equal(i18n_tag(LANG_ZH), "zh-CN");
    assert_string_equal(i18n_tag(LANG_EN), "en");
}

static void test_accept_language(void **state) {
    (void)state;
    static const struct {
        const char *header;
        Lang want;
    } cases[] = {
        {"en-US,en;q=0.9,zh-CN;q=0.8", LANG_EN},
        {"zh-CN,zh;q=0.9,en;q=0.8", LANG_ZH},
        {"fr-FR, en;q=0.5", LANG_EN},
        {"fr", LANG_ZH},
        {"", LANG_ZH},
        {NULL, LANG_ZH},
        {"en;q=0.3, zh;q=0.7", LANG_ZH},
        {"zh;q=0.3, en;q=0.7", LANG_EN},
        {"zh;q=0, en;q=0.001", LANG_EN},
        {"en;q=0", LANG_ZH},
        {"en ; q=0.5 , zh-TW ; q=0.4", LANG_EN},
        {"en;q=0.5, zh;q=0.5", LANG_EN}, /* a tie goes to the first */
        {"zh;q=0.5, en;q=0.5", LANG_ZH},
        {"en;q=2, zh;q=0.1", LANG_ZH}, /* malformed q excludes */
        {"en;q=abc", LANG_ZH},
        {"*;q=0.9, en;q=0.1", LANG_EN},
        {"de;level=1;q=0.9, en;foo=bar", LANG_EN},
        {",,,en-GB,", LANG_EN},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        if (i18n_from_accept_language(cases[i].header) != cases[i].want)
            fail_msg("Accept-Language: %s", cases[i].header ? cases[i].header : "NULL");
}

static char *read_text(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) fail_msg("cannot open %s", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    assert_non_null(s);
    assert_int_equal(fread(s, 1, (size_t)n, f), (size_t)n);
    s[n] = 0;
    fclose(f);
    return s;
}

/* Undo the PO escapes of one line of msgids.txt, in place. */
static void unescape(char *s) {
    char *o = s;
    for (; *s; s++) {
        if (*s != '\\') {
            *o++ = *s;
            continue;
        }
        s++;
        *o++ = *s == 'n' ? '\n' : *s == 't' ? '\t' : *s == 'r' ? '\r' : *s;
    }
    *o = 0;
}

/* Every string of the templates has an English translation that is not
** empty and not fuzzy (po2c leaves those out of the catalog). */
static void test_english_complete(void **state) {
    (void)state;
    char *ids = read_text(BEIAN_GEN_DIR "/msgids.txt");
    size_t n = 0, missing = 0;
    for (char *line = strtok(ids, "\n"); line; line = strtok(NULL, "\n"), n++) {
        unescape(line);
        const char *en = i18n_lookup(LANG_EN, line);
        if (!en || !*en) {
            print_error("po/en.po has no translation of \"%s\"\n", line);
            missing++;
        }
    }
    free(ids);
    assert_true(n > 0);
    assert_int_equal(missing, 0);
}

/* The same for the strings of the C code (T() and friends), which the build
** extracts with xgettext into c_strings.pot. */
static void test_english_complete_c(void **state) {
    (void)state;
    char *pot = read_text(BEIAN_GEN_DIR "/c_strings.pot");
    size_t n = 0, missing = 0;
    char id[4096];
    char *save = NULL;
    bool context = false; /* entries with a msgctxt are looked up with it */
    for (char *line = strtok_r(pot, "\n", &save); line;) {
        if (strncmp(line, "msgid \"", 7) != 0) {
            if (!strncmp(line, "msgctxt ", 8)) context = true;
            line = strtok_r(NULL, "\n", &save);
            continue;
        }
        /* msgid "..." and its continuation lines "..." */
        id[0] = 0;
        for (char *part = line + 6; part && *part == '"'; part = line) {
            size_t len = strlen(part);
            strncat(id, part + 1, len >= 2 ? len - 2 : 0);
            line = strtok_r(NULL, "\n", &save);
            if (!line || *line != '"') break;
        }
        unescape(id);
        if (!*id || context) { /* the header; entries with a context */
            context = false;
            continue;
        }
        n++;
        const char *en = i18n_lookup(LANG_EN, id);
        if (!en || !*en) {
            print_error("po/en.po has no translation of \"%s\"\n", id);
            missing++;
        }
    }
    free(pot);
    assert_true(n > 0);
    assert_int_equal(missing, 0);
}

static void test_msgfmt_check(void **state) {
    (void)state;
    if (!BEIAN_MSGFMT[0] || access(BEIAN_MSGFMT, X_OK) != 0) {
        print_message("msgfmt not found; skipped\n");
        skip();
    }
    int st =
        system("'" BEIAN_MSGFMT "' --check-format -o /dev/null '" BEIAN_SOURCE_DIR "/po/en.po'");
    assert_true(WIFEXITED(st));
    assert_int_equal(WEXITSTATUS(st), 0);
}

/* ---- tools/po2c ---- */

static char tmpdir[64];

static int setup_tmp(void **state) {
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/beian-po2c-XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown_tmp(void **state) {
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

/* Compile the PO text with po2c: its exit status, with the generated C (or
** stderr on failure) in *out, malloc'd. */
static int po2c(const char *text, char **out) {
    char po[128], c[128], err[128], cmd[600];
    snprintf(po, sizeof po, "%s/t.po", tmpdir);
    snprintf(c, sizeof c, "%s/t.c", tmpdir);
    snprintf(err, sizeof err, "%s/err.txt", tmpdir);
    FILE *f = fopen(po, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    unlink(c);
    snprintf(cmd, sizeof cmd, "'%s' xx '%s' '%s' 2>'%s'", BEIAN_PO2C, po, c, err);
    int st = system(cmd);
    int rc = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    *out = read_text(rc == 0 ? c : err);
    return rc;
}

static const char po_features[] =
    "# translator comment\n"
    "msgid \"\"\n"
    "msgstr \"\"\n"
    "\"Content-Type: text/plain; charset=UTF-8\\n\"\n"
    "\"Plural-Forms: nplurals=3; plural=n==1 ? 0 : n==2 ? 1 : 2;\\n\"\n"
    "\n"
    "#: a.c:1\n"
    "#, fuzzy\n"
    "msgid \"模糊\"\n"
    "msgstr \"Fuzzy\"\n"
    "\n"
    "msgid \"未译\"\n"
    "msgstr \"\"\n"
    "\n"
    "#. extracted comment\n"
    "#, c-format\n"
    "msgid \"\"\n"
    "\"多行 \"\n"
    "\"%s\"\n"
    "msgstr \"\"\n"
    "\"Multi \\\"line\\\"\\n\"\n"
    "\"\\t%s \\\\ done?\"\n"
    "msgctxt \"按钮\"\n"
    "msgid \"提交\"\n"
    "msgstr \"Submit\"\n"
    "\n"
    "msgid \"文件\"\n"
    "msgid_plural \"文件们\"\n"
    "msgstr[0] \"file\"\n"
    "msgstr[1] \"two files\"\n"
    "msgstr[2] \"files\"\n"
    "\n"
    "#~ msgid \"过时\"\n"
    "#~ msgstr \"Obsolete\"\n";

static void test_po2c_features(void **state) {
    (void)state;
    char *c;
    int rc = po2c(po_features, &c);
    if (rc != 0) fail_msg("po2c failed: %s", c);
    assert_null(strstr(c, "Fuzzy"));
    assert_null(strstr(c, "未译"));
    assert_null(strstr(c, "Obsolete"));
    assert_non_null(
        strstr(c, "{\"多行 %s\",\n     \"Multi \\\"line\\\"\\n\\011%s \\\\ done\\077\", 1}"));
    assert_non_null(strstr(c, "{\"按钮\\004提交\",\n     \"Submit\", 1}"));
    assert_non_null(strstr(c, "{\"文件\",\n     \"file\\000two files\\000files\", 3}"));
    assert_non_null(strstr(c, "return (unsigned long)(n==1 ? 0 : n==2 ? 1 : 2);"));
    assert_non_null(strstr(c, "const I18nCatalog i18n_catalog_xx = {\"xx\", entries, 3, plural};"));
    /* Sorted by key bytes: "多行" (E5 A4 9A) < "按钮" (E6 8C 89) < "文件" (E6 96 87). */
    char *a = strstr(c, "多行"), *b = strstr(c, "按钮"), *d = strstr(c, "{\"文件");
    assert_true(a && b && d && a < b && b < d);
    free(c);
}

static void expect_po_error(const char *text, int line, const char *what) {
    char *err;
    int rc = po2c(text, &err);
    char where[200];
    snprintf(where, sizeof where, "%s/t.po:%d: error: ", tmpdir, line);
    if (rc == 0 || !strstr(err, where) || !strstr(err, what))
        fail_msg("rc=%d, stderr: %s (wanted %s%s)", rc, err, where, what);
    free(err);
}

static void test_po2c_errors(void **state) {
    (void)state;
    expect_po_error("msgid \"a\"\nmsgstr \"b\n", 2, "unterminated string");
    expect_po_error("msgid \"a\"\nmsgstr \"b\\q\"\n", 2, "unknown escape \\q");
    expect_po_error("msgid \"a\"\n\nmsgid \"b\"\nmsgstr \"c\"\n", 3, "msgid without msgstr");
    expect_po_error("msgid \"a\"\nmsgstr \"b\"\n\nmsgid \"a\"\nmsgstr \"c\"\n", 4,
                    "duplicate entry");
    expect_po_error("msgstr \"b\"\n", 1, "msgstr without msgid");
    expect_po_error("\"b\"\n", 1, "a string outside an entry");
    expect_po_error("msgid \"a\"\nmsgstr \"b\"\nfoo \"c\"\n", 3, "unknown keyword");
    expect_po_error("msgid \"共 %s 条\"\nmsgstr \"In all\"\n", 1, "must use 1 %s");
    expect_po_error("#, c-format\nmsgid \"共 %s 条\"\nmsgstr \"%d in all\"\n", 2, "must use 1 %s");
    expect_po_error("msgid \"a\"\nmsgid_plural \"b\"\nmsgstr[0] \"x\"\n", 1, "needs 2 msgstr[n]");
    expect_po_error("msgid \"a\"\nmsgid_plural \"b\"\nmsgstr[1] \"x\"\n", 3,
                    "unexpected msgstr[1]");
    expect_po_error("msgid \"\"\nmsgstr \"Content-Type: text/plain; charset=GBK\\n\"\n", 1,
                    "charset must be UTF-8");
    expect_po_error("msgid \"\"\nmsgstr \"Plural-Forms: nplurals=2; plural=exit(1);\\n\"\n", 1,
                    "unexpected character");
    /* Reordered arguments are fine. */
    char *c;
    assert_int_equal(po2c("#, c-format\nmsgid \"%s 于 %s\"\nmsgstr \"%2$s: %1$s\"\n", &c), 0);
    free(c);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_get),
        cmocka_unit_test(test_context_and_plural),
        cmocka_unit_test(test_catalog_sorted),
        cmocka_unit_test(test_parse),
        cmocka_unit_test(test_accept_language),
        cmocka_unit_test(test_english_complete),
        cmocka_unit_test(test_english_complete_c),
        cmocka_unit_test(test_msgfmt_check),
        cmocka_unit_test(test_po2c_features),
        cmocka_unit_test(test_po2c_errors),
    };
    return cmocka_run_group_tests(tests, setup_tmp, teardown_tmp);
}
