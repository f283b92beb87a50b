/*
** The audit actions in words (rules/audit_actions.h): the table itself, and
** every action the sources write has a row. The sources are read from the
** tree this file is in: each audit_write(...) call's action argument (its
** string literals; "application.%s" stands for every event of the
** lifecycle) and each `audit_action = "..."` an application view audits.
*/
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "rules/audit_actions.h"
#include "rules/vocab.h"

static void test_table(void **state) {
    (void)state;
    size_t n;
    const AuditActionName *t = audit_actions(&n);
    assert_true(n > 40);
    for (size_t i = 0; i < n; i++) {
        assert_true(*t[i].action && *t[i].zh && *t[i].en);
        assert_ptr_equal(audit_action_find(t[i].action), &t[i]); /* no duplicates */
    }
    assert_string_equal(audit_action_label("login.failed", LANG_ZH), "登录失败");
    assert_string_equal(audit_action_label("login.failed", LANG_EN), "Failed login");
    assert_string_equal(audit_action_label("some.new_action", LANG_EN), "some.new_action");
    assert_string_equal(audit_action_label(NULL, LANG_ZH), "");
    assert_null(audit_action_find("login.fail"));
}

/* ---- Reading the sources ---------------------------------------------- */

static char *slurp(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    size_t got = fread(s, 1, (size_t)n, f);
    s[got] = 0;
    fclose(f);
    return s;
}

/* Fail unless action (a literal; "x.%s" means x.<every event>) has a row. */
static void check_action(const char *file, const char *action, size_t len, int *checked) {
    char a[128];
    snprintf(a, sizeof a, "%.*s", (int)len, action);
    char *pct = strstr(a, "%s");
    if (pct) {
        *pct = 0;
        for (int e = 1; e < EVENT__COUNT; e++) {
            char full[160];
            snprintf(full, sizeof full, "%s%s", a, app_event_id((AppEvent)e));
            if (!audit_action_find(full)) fail_msg("%s writes %s, which has no name", file, full);
            (*checked)++;
        }
        return;
    }
    if (!audit_action_find(a)) fail_msg("%s writes %s, which has no name in words", file, a);
    (*checked)++;
}

/* The end of the argument starting at p (a top-level ',' or ')'). */
static const char *arg_end(const char *p) {
    int depth = 0;
    for (; *p; p++) {
        if (*p == '"') {
            for (p++; *p && *p != '"'; p++)
                if (*p == '\\' && p[1]) p++;
        } else if (*p == '(') {
            depth++;
        } else if (*p == ')' && depth-- == 0) {
            return p;
        } else if (*p == ',' && depth == 0) {
            return p;
        }
    }
    return p;
}

/* Every string literal between p and end. */
static void literals(const char *file, const char *p, const char *end, int *checked) {
    for (; p < end; p++) {
        if (*p != '"') continue;
        const char *q = strchr(p + 1, '"');
        if (!q || q > end) return;
        check_action(file, p + 1, (size_t)(q - p - 1), checked);
        p = q;
    }
}

static void scan_file(const char *path, int *checked) {
    char *s = slurp(path);
    assert_non_null(s);
    for (const char *p = strstr(s, "audit_write("); p; p = strstr(p + 1, "audit_write(")) {
        if (p > s && (p[-1] == '_' || (p >= s + 4 && !strncmp(p - 4, "int ", 4))))
            continue; /* its definition */
        const char *a = p + strlen("audit_write(");
        for (int arg = 0; arg < 2; arg++)
            a = arg_end(a) + 1;
        literals(path, a, arg_end(a), checked);
    }
    for (const char *p = strstr(s, "audit_action = \""); p;
         p = strstr(p + 1, "audit_action = \"")) {
        const char *q = p + strlen("audit_action = \"");
        check_action(path, q, strcspn(q, "\""), checked);
    }
    free(s);
}

static void scan_dir(const char *dir, int *checked) {
    DIR *d = opendir(dir);
    assert_non_null(d);
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.') continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        size_t n = strlen(e->d_name);
        if (n > 2 && !strcmp(e->d_name + n - 2, ".c"))
            scan_file(path, checked);
        else if (!strchr(e->d_name, '.'))
            scan_dir(path, checked);
    }
    closedir(d);
}

static void test_every_action_written_has_words(void **state) {
    (void)state;
    char src[1024];
    snprintf(src, sizeof src, "%s", __FILE__); /* .../tests/unit/this.c */
    char *cut = strstr(src, "/tests/unit/");
    assert_non_null(cut);
    strcpy(cut, "/src");
    int checked = 0;
    scan_dir(src, &checked);
    print_message("[ INFO     ] %d actions written by %s have their words\n", checked, src);
    assert_true(checked > 40); /* the scan found the calls */
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_every_action_written_has_words),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
