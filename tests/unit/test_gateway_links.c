/*
** The links to the administrations: the file of provinces with a link of
** their own (parsed, refused line by line), and what the database makes of
** them: each province finds its link, the others the default one.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/config.h"
#include "core/err.h"
#include "core/log.h"
#include "gateway/gateway.h"
#include "model/schema.h"

static void test_parse(void **state) {
    (void)state;
    Arena a;
    arena_init(&a);
    LinkConf *l;
    size_t n;
    char *why;
    const char *text = "# provinces endpoint ispID user password [key iv]\n"
                       "\n"
                       "44,45  https://gd.example:8443  2044  beian  secret   # Guangdong\n"
                       "31\thttp://sh.example 2031 isp pw 0123456789abcdef fedcba9876543210\n";
    assert_int_equal(gateway_links_parse(&a, text, &l, &n, &why), 0);
    assert_int_equal(n, 2);
    assert_int_equal(l[0].link.id, 44);
    assert_int_equal(l[0].link.n_provinces, 2);
    assert_int_equal(l[0].link.provinces[1], 45);
    assert_string_equal(l[0].link.endpoint, "https://gd.example:8443");
    assert_int_equal(l[0].link.isp_id, 2044);
    assert_string_equal(l[0].password, "secret");
    assert_string_equal(l[0].aes_key, "");
    assert_string_equal(l[1].aes_iv, "fedcba9876543210");
    static const char *const bad[] = {
        "44 https://gd.example 2044 beian\n",        /* a word missing */
        "4x https://gd.example 2044 beian pw\n",     /* not a province code */
        "99 https://gd.example 2044 beian pw\n",     /* out of range */
        "44 ftp://gd.example 2044 beian pw\n",       /* not http(s) */
        "44 https://gd.example -1 beian pw\n",       /* not an ispID */
        "44 https://gd.example 2044 beian pw key\n", /* a key without its IV */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        why = NULL;
        assert_int_equal(gateway_links_parse(&a, bad[i], &l, &n, &why), -ERR_REG_LINKS_FILE);
        assert_non_null(why);
        assert_non_null(strstr(why, "line 1"));
    }
    arena_free(&a);
}

static void test_provinces_find_their_link(void **state) {
    (void)state;
    char dir[] = "/tmp/beian-links-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[128], url[160];
    snprintf(path, sizeof path, "%s/links", dir);
    FILE *f = fopen(path, "w");
    fputs("44,45 http://127.0.0.1:9 2044 beian pw\n", f);
    fclose(f);
    snprintf(url, sizeof url, "sqlite:%s/beian.db", dir);
    Db *db = db_open(url);
    assert_non_null(db);
    log_set_level(LOG_WARN);
    int applied = 0;
    assert_int_equal(schema_migrate(db, &applied), 0);
    Config cfg = {.regulator_endpoint = "http://127.0.0.1:8",
                  .regulator_isp_id = 1001,
                  .regulator_links = path};
    assert_int_equal(gateway_links_sync(db, &cfg), 0);
    assert_int_equal(gateway_links_sync(db, &cfg), 0); /* every node, at every start */
    int64_t link = -1;
    assert_int_equal(regulator_link_of(db, 45, &link), 0);
    assert_int_equal(link, 44);
    assert_int_equal(regulator_link_of(db, 11, &link), 0);
    assert_int_equal(link, 0);
    int64_t isp = 0;
    assert_int_equal(db_query_i64(db, &isp, "SELECT isp_id FROM regulator_links WHERE id = 44", ""),
                     DB_ROW);
    assert_int_equal(isp, 2044);
    Arena a;
    arena_init(&a);
    RegLinkState *st;
    size_t n;
    assert_int_equal(regulator_links_state(db, &a, &st, &n), 0);
    assert_int_equal(n, 2);
    assert_string_equal(st[1].endpoint, "http://127.0.0.1:9");
    arena_free(&a);
    db_close(db);
    char cmd[160];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse),
        cmocka_unit_test(test_provinces_find_their_link),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
