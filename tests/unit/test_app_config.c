/*
** Unit tests for src/core/config and the start-up parsing of src/app
** (app_parse): the defaults; a file, then BEIAN_* variables, then flags,
** each overriding the one before; and bad values refused with a message
** that names the setting (file:line: key, BEIAN_KEY, --key).
*/
#include <ctype.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "app/app.h"
#include "core/config.h"
#include "core/log.h"

/* ---- Helpers ---------------------------------------------------------- */

typedef struct Tmp {
    char dir[256];
    char file[300];
} Tmp;

/* Clear every BEIAN_<KEY> variable (and BEIAN_CONFIG) so that the
** environment of whoever runs the test does not leak in. */
static void clear_env(void) {
    for (int i = 0; i < config_key_count(); i++) {
        char name[64] = "BEIAN_";
        size_t j = 6;
        for (const char *p = config_key_name(i); *p && j < sizeof name - 1; p++)
            name[j++] = (char)toupper((unsigned char)*p);
        name[j] = 0;
        unsetenv(name);
    }
    unsetenv("BEIAN_CONFIG");
}

static int setup(void **state) {
    Tmp *t = calloc(1, sizeof *t);
    snprintf(t->dir, sizeof t->dir, "%s/beian-config-XXXXXX",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(t->dir)) return -1;
    snprintf(t->file, sizeof t->file, "%s/beian.conf", t->dir);
    clear_env();
    *state = t;
    return 0;
}

static int teardown(void **state) {
    Tmp *t = *state;
    unlink(t->file);
    rmdir(t->dir);
    free(t);
    clear_env();
    log_set_level(LOG_INFO);
    return 0;
}

static void write_text(const char *path, const char *text) {
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* What fd 2 receives between capture_start and capture_end. */
typedef struct Capture {
    int saved;
    FILE *f;
    char text[4096];
} Capture;

static void capture_start(Capture *c) {
    fflush(stderr);
    c->f = tmpfile();
    assert_non_null(c->f);
    c->saved = dup(2);
    dup2(fileno(c->f), 2);
}

static const char *capture_end(Capture *c) {
    fflush(stderr);
    dup2(c->saved, 2);
    close(c->saved);
    rewind(c->f);
    size_t n = fread(c->text, 1, sizeof c->text - 1, c->f);
    c->text[n] = 0;
    fclose(c->f);
    return c->text;
}

#define assert_has(text, part)                                                                     \
    do {                                                                                           \
        const char *t_ = (text), *p_ = (part);                                                     \
        if (!strstr(t_, p_)) fail_msg("\"%s\" not in: %s", p_, t_);                                \
    } while (0)

/* ---- Defaults and single values --------------------------------------- */

static void test_defaults(void **state) {
    (void)state;
    Config c;
    config_defaults(&c);
    assert_string_equal(c.listen, "127.0.0.1");
    assert_int_equal(c.port, 8080);
    assert_string_equal(c.database, "");
    assert_string_equal(c.data_dir, "./data");
    assert_string_equal(c.log_level, "info");
    assert_false(c.secure_cookies);
    assert_int_equal(c.threads, 0);
    assert_int_equal(c.hash_threads, 0); /* one fewer than the CPUs */
    assert_int_equal(c.session_idle_min, 30);
    assert_int_equal(c.session_max_hours, 12);
    assert_string_equal(c.public_origin, "");
    assert_int_equal(c.login_max_failures, 5);
    assert_int_equal(c.login_window_min, 15);
    assert_int_equal(c.max_body_kb, 256);
    assert_int_equal(c.max_upload_kb, 4608);
    assert_string_equal(c.smtp_url, "");
    assert_string_equal(c.provider_name, "示例云计算有限公司");
    assert_string_equal(c.mail_from, "ICP备案系统 <noreply@beian.localhost>");
    /* No database given: SQLite in the data directory. */
    assert_string_equal(config_database(&c), "sqlite:./data/beian.db");
    config_free(&c);

    config_defaults(&c);
    const char *why = NULL;
    assert_int_equal(config_set(&c, "database", "postgresql://u@h/db", &why), 0);
    assert_string_equal(config_database(&c), "postgresql://u@h/db");
    config_free(&c);

    /* The table behind the flags: every key has a name config_set knows. */
    assert_true(config_key_count() >= 22);
    for (int i = 0; i < config_key_count(); i++) {
        config_defaults(&c);
        const char *v = config_key_is_bool(i) ? "true" : "1";
        if (config_set(&c, config_key_name(i), v, &why) != 0)
            fail_msg("%s = %s: %s", config_key_name(i), v, why);
        config_free(&c);
    }
}

static void test_set_refuses_bad_values(void **state) {
    (void)state;
    Config c;
    config_defaults(&c);
    const char *why = NULL;
    assert_int_equal(config_set(&c, "port", "0", &why), 0);
    assert_int_equal(c.port, 0);
    assert_int_equal(config_set(&c, "port", "65535", &why), 0);
    assert_int_equal(c.port, 65535);
    const char *bad_ints[] = {"65536", "-1", "80x", "", "x", "99999999999999999999", "8.5"};
    for (size_t i = 0; i < sizeof bad_ints / sizeof bad_ints[0]; i++) {
        why = NULL;
        if (config_set(&c, "port", bad_ints[i], &why) != -1)
            fail_msg("port = \"%s\" was accepted", bad_ints[i]);
        assert_string_equal(why, "not a whole number in the allowed range");
        assert_int_equal(c.port, 65535); /* unchanged */
    }
    assert_int_equal(config_set(&c, "hash_threads", "-1", &why), -1); /* min 0 */
    assert_int_equal(config_set(&c, "threads", "257", &why), -1);     /* max 256 */

    const char *yes[] = {"1", "true", "yes", "on"}, *no[] = {"0", "false", "no", "off"};
    for (size_t i = 0; i < 4; i++) {
        assert_int_equal(config_set(&c, "secure_cookies", yes[i], &why), 0);
        assert_true(c.secure_cookies);
        assert_int_equal(config_set(&c, "secure_cookies", no[i], &why), 0);
        assert_false(c.secure_cookies);
    }
    assert_int_equal(config_set(&c, "secure_cookies", "maybe", &why), -1);
    assert_string_equal(why, "must be true or false");
    assert_int_equal(config_set(&c, "secure_cookies", "TRUE", &why), -1);

    assert_int_equal(config_set(&c, "colour", "blue", &why), -1);
    assert_string_equal(why, "unknown setting");
    assert_int_equal(config_set(&c, "listen", "0.0.0.0", &why), 0);
    assert_int_equal(config_set(&c, "listen", "::1", &why), 0); /* replaced, not leaked */
    assert_string_equal(c.listen, "::1");
    config_free(&c);
}

/* ---- The three sources ------------------------------------------------ */

static void test_file(void **state) {
    Tmp *t = *state;
    write_text(t->file, "# Beian settings\n"
                        "\n"
                        "listen = 0.0.0.0\n"
                        "  port=9090  \n"
                        "provider_name = \"北京 示例 云\"\n"
                        "secure_cookies = yes\n"
                        "   # an indented comment\n"
                        "mail_from = Beian <a=b@example.com>\n");
    Config c;
    config_defaults(&c);
    assert_int_equal(config_load_file(&c, t->file), 0);
    assert_string_equal(c.listen, "0.0.0.0");
    assert_int_equal(c.port, 9090);
    assert_string_equal(c.provider_name, "北京 示例 云"); /* quotes removed, spaces kept */
    assert_true(c.secure_cookies);
    assert_string_equal(c.mail_from, "Beian <a=b@example.com>"); /* split at the first '=' */
    assert_string_equal(c.data_dir, "./data");                   /* untouched: default */
    config_free(&c);
}

static void test_file_errors_name_line_and_key(void **state) {
    Tmp *t = *state;
    write_text(t->file, "listen = 0.0.0.0\n"
                        "port = 99999\n"
                        "just words\n"
                        "colour = blue\n"
                        "secure_cookies = maybe\n"
                        "threads = 4\n");
    Config c;
    config_defaults(&c);
    Capture cap;
    capture_start(&cap);
    int rc = config_load_file(&c, t->file);
    const char *err = capture_end(&cap);
    assert_int_equal(rc, -1);
    char want[400];
    snprintf(want, sizeof want, "%s:2: port: not a whole number in the allowed range", t->file);
    assert_has(err, want);
    snprintf(want, sizeof want, "%s:3: expected key = value", t->file);
    assert_has(err, want);
    snprintf(want, sizeof want, "%s:4: colour: unknown setting", t->file);
    assert_has(err, want);
    snprintf(want, sizeof want, "%s:5: secure_cookies: must be true or false", t->file);
    assert_has(err, want);
    /* Every line is read: the good ones around the bad ones apply. */
    assert_string_equal(c.listen, "0.0.0.0");
    assert_int_equal(c.threads, 4);
    assert_int_equal(c.port, 8080);
    config_free(&c);

    config_defaults(&c);
    capture_start(&cap);
    rc = config_load_file(&c, "/nonexistent/beian.conf");
    err = capture_end(&cap);
    assert_int_equal(rc, -1);
    assert_has(err, "/nonexistent/beian.conf: No such file or directory");
    config_free(&c);
}

static void test_env(void **state) {
    (void)state;
    setenv("BEIAN_PORT", "9001", 1);
    setenv("BEIAN_SECURE_COOKIES", "on", 1);
    setenv("BEIAN_SESSION_IDLE_MIN", "5", 1);
    setenv("BEIAN_PROVIDER_NAME", "环境 云", 1);
    setenv("BEIAN_NOT_A_SETTING", "x", 1); /* ignored */
    Config c;
    config_defaults(&c);
    assert_int_equal(config_load_env(&c), 0);
    assert_int_equal(c.port, 9001);
    assert_true(c.secure_cookies);
    assert_int_equal(c.session_idle_min, 5);
    assert_string_equal(c.provider_name, "环境 云");
    config_free(&c);
    unsetenv("BEIAN_NOT_A_SETTING");

    setenv("BEIAN_PORT", "http", 1);
    setenv("BEIAN_SESSION_IDLE_MIN", "0", 1);
    config_defaults(&c);
    Capture cap;
    capture_start(&cap);
    int rc = config_load_env(&c);
    const char *err = capture_end(&cap);
    assert_int_equal(rc, -1);
    assert_has(err, "BEIAN_PORT: not a whole number in the allowed range");
    assert_has(err, "BEIAN_SESSION_IDLE_MIN: not a whole number in the allowed range");
    assert_int_equal(c.port, 8080);
    assert_true(c.secure_cookies); /* the good variable still applies */
    config_free(&c);
}

/* app_parse as the commands call it; argv[0] is the command name. */
static int parse(Config *c, char **argv, const char **extra_out, const char **err) {
    static Capture cap;
    int argc = 0;
    while (argv[argc])
        argc++;
    CmdOption extra[] = {{"password-stdin", 0, extra_out, "read the password"}, {0}};
    capture_start(&cap);
    int rc = app_parse(argc, argv, c, extra, "beian test [options]");
    *err = capture_end(&cap);
    return rc;
}

/* The defaults, then the file, then the environment, then the flags. */
static void test_priority(void **state) {
    Tmp *t = *state;
    write_text(t->file, "port = 7001\n"
                        "listen = 10.0.0.1\n"
                        "provider_name = 文件云\n"
                        "log_level = warn\n"
                        "threads = 3\n");
    char config_flag[400];
    snprintf(config_flag, sizeof config_flag, "--config=%s", t->file);
    const char *extra = NULL, *err;
    Config c;

    char *only_file[] = {"serve", config_flag, NULL};
    assert_int_equal(parse(&c, only_file, &extra, &err), 0);
    assert_int_equal(c.port, 7001);
    assert_string_equal(c.listen, "10.0.0.1");
    assert_string_equal(c.provider_name, "文件云");
    assert_int_equal(c.hash_threads, 0); /* the default */
    assert_int_equal(log_get_level(), LOG_WARN);
    config_free(&c);

    setenv("BEIAN_PORT", "7002", 1);
    setenv("BEIAN_THREADS", "4", 1);
    assert_int_equal(parse(&c, only_file, &extra, &err), 0);
    assert_int_equal(c.port, 7002); /* environment over file */
    assert_int_equal(c.threads, 4); /* environment over file */
    assert_string_equal(c.listen, "10.0.0.1");
    config_free(&c);

    char *with_flags[] = {
        "serve",    "--port=7003", config_flag, "--secure-cookies", "--password-stdin",
        "--listen", "::1",         NULL};
    assert_int_equal(parse(&c, with_flags, &extra, &err), 0);
    assert_int_equal(c.port, 7003); /* flag over environment, wherever --config stands */
    assert_string_equal(c.listen, "::1");
    assert_int_equal(c.threads, 4);
    assert_string_equal(c.provider_name, "文件云");
    assert_true(c.secure_cookies); /* a bool flag without a value means true */
    assert_string_equal(extra, "1");
    config_free(&c);

    /* BEIAN_CONFIG names the file when --config does not. */
    unsetenv("BEIAN_PORT");
    setenv("BEIAN_CONFIG", t->file, 1);
    char *bare[] = {"serve", "--session-idle-min=9", NULL};
    assert_int_equal(parse(&c, bare, &extra, &err), 0);
    assert_int_equal(c.port, 7001);
    assert_int_equal(c.session_idle_min, 9);
    config_free(&c);
}

static void test_bad_values_name_the_setting(void **state) {
    Tmp *t = *state;
    const char *extra = NULL, *err;
    Config c;

    char *bad_flag[] = {"serve", "--port=eighty", NULL};
    assert_int_equal(parse(&c, bad_flag, &extra, &err), -1);
    assert_has(err, "--port: not a whole number in the allowed range");
    config_free(&c);

    char *bad_bool[] = {"serve", "--secure-cookies=perhaps", NULL};
    assert_int_equal(parse(&c, bad_bool, &extra, &err), -1);
    assert_has(err, "--secure-cookies: must be true or false");
    config_free(&c);

    char *unknown[] = {"serve", "--colour=blue", NULL};
    assert_int_equal(parse(&c, unknown, &extra, &err), -1);
    assert_has(err, "colour");
    config_free(&c);

    char *stray[] = {"serve", "now", NULL};
    assert_int_equal(parse(&c, stray, &extra, &err), -1);
    assert_has(err, "unexpected argument: now");
    config_free(&c);

    setenv("BEIAN_MAX_BODY_KB", "0", 1);
    char *plain[] = {"serve", NULL};
    assert_int_equal(parse(&c, plain, &extra, &err), -1);
    assert_has(err, "BEIAN_MAX_BODY_KB: not a whole number in the allowed range");
    config_free(&c);
    unsetenv("BEIAN_MAX_BODY_KB");

    write_text(t->file, "log_level = loud\n");
    char config_flag[400];
    snprintf(config_flag, sizeof config_flag, "--config=%s", t->file);
    char *bad_level[] = {"serve", config_flag, NULL};
    assert_int_equal(parse(&c, bad_level, &extra, &err), -1);
    assert_has(err, "log_level: must be debug, info, warn or error");
    config_free(&c);

    write_text(t->file, "max_upload_kb = lots\n");
    assert_int_equal(parse(&c, bad_level, &extra, &err), -1);
    char want[400];
    snprintf(want, sizeof want, "%s:1: max_upload_kb: not a whole number", t->file);
    assert_has(err, want);
    config_free(&c);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_defaults, setup, teardown),
        cmocka_unit_test_setup_teardown(test_set_refuses_bad_values, setup, teardown),
        cmocka_unit_test_setup_teardown(test_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_file_errors_name_line_and_key, setup, teardown),
        cmocka_unit_test_setup_teardown(test_env, setup, teardown),
        cmocka_unit_test_setup_teardown(test_priority, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_values_name_the_setting, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
