/*
** End to end through the step forms (issue 11, gaps in guidance 2-4): every
** error of a step in one round, at its field with aria-invalid and
** aria-describedby; required marks as the checker's rule; certificate types
** by the subject's nature; an individual's ID typed once; "same as the
** subject principal" in the claim flow; the kinds named alike on the
** overview and the application; the to-complete list naming each step;
** cities and districts in English.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "flows.h"

/* Append key=value (percent-encoded) to an urlencoded body. */
static void add(char *body, size_t cap, const char *key, const char *value) {
    static const char hex[] = "0123456789ABCDEF";
    size_t n = strlen(body);
    n += (size_t)snprintf(body + n, cap - n, "%s%s=", n ? "&" : "", key);
    for (const unsigned char *p = (const unsigned char *)value; *p && n + 4 < cap; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            *p == '-' || *p == '.' || *p == '_') {
            body[n++] = (char)*p;
        } else {
            body[n++] = '%';
            body[n++] = hex[*p >> 4];
            body[n++] = hex[*p & 15];
        }
    }
    body[n] = 0;
}

/* An enterprise's subject step; the test chooses the certificate, the
** emergency phone and the e-mail (its mistakes). */
static void bad_subject(char *b, size_t cap, const char *cert_type, const char *cert_number,
                        const char *emergency, const char *email) {
    b[0] = 0;
    add(b, cap, "subject_province", "110000");
    add(b, cap, "subject_city", "110100");
    add(b, cap, "subject_district", "110105");
    add(b, cap, "subject_nature", "enterprise");
    add(b, cap, "subject_cert_type", cert_type);
    add(b, cap, "subject_cert_number", cert_number);
    add(b, cap, "subject_name", "北京表单示例科技有限公司");
    add(b, cap, "subject_address", "朝阳区建国路 88 号 9 层");
    add(b, cap, "subject_investor", "北京表单示例科技有限公司");
    add(b, cap, "principal_name", "陈晨");
    add(b, cap, "principal_id_type", "id_card");
    add(b, cap, "principal_id_number", "110105198503151230");
    add(b, cap, "principal_id_expiry", "长期");
    add(b, cap, "principal_mobile", "13712345678");
    add(b, cap, "principal_landline", "010-65001234");
    add(b, cap, "principal_emergency", emergency);
    add(b, cap, "principal_email", email);
    add(b, cap, "legal_same", "1");
}

/* The text of the element from `open` (a unique attribute) to `close`. */
static char *between(const char *body, const char *open, const char *close) {
    const char *a = strstr(body, open);
    assert_non_null(a);
    const char *z = strstr(a, close);
    assert_non_null(z);
    char *out = malloc((size_t)(z - a) + 1);
    memcpy(out, a, (size_t)(z - a));
    out[z - a] = 0;
    return out;
}

static char *start(Client *c, const char *kind) {
    char body[64];
    snprintf(body, sizeof body, "kind=%s", kind);
    Resp *r = http_post_form(c, "/portal/applications", body);
    ASSERT_STATUS(r, 303);
    return strdup(r->location);
}

E2E_TEST(test_errors_in_one_round_and_forms_that_adapt) {
    STEP("a server, a reviewer and an approved customer");
    Beian *b = beian_start(true);
    Client *staff = flow_staff(b, "reviewer1");
    Client *c = flow_new_customer(b, staff, "formcust");

    STEP("the overview and the application name the kinds alike");
    Resp *r = http_get(c, "/portal");
    ASSERT_BODY_HAS(r, "<h3>新增网站（主体在其他接入商备案）</h3>");
    char *claim = start(c, "new_site_external");
    r = http_get(c, claim);
    ASSERT_BODY_HAS(r, "<h1>新增网站（主体在其他接入商备案） ");

    STEP("the claim flow offers 'the site principal is the subject principal'");
    char site[600];
    snprintf(site, sizeof site, "%.*s/site", (int)(strstr(claim, "/claim") - claim), claim);
    r = http_get(c, site);
    ASSERT_STATUS(r, 200);
    ASSERT_BODY_HAS(r, "name=\"site_principal_same\"");
    ASSERT_BODY_HAS(r, "data-copied-by=\"site_principal_same\"");
    free(claim);

    STEP("a first filing: three mistakes answered in one round, at their fields");
    Client *c2 = flow_new_customer(b, staff, "formcust2");
    char *subject = start(c2, "first_filing");
    char form[8192];
    /* a passport for an enterprise, a bad e-mail, the own mobile as the
    ** emergency phone (a rule across fields) */
    bad_subject(form, sizeof form, "passport", "E12345678", "13712345678", "not an e-mail");
    r = http_post_form(c2, subject, form);
    ASSERT_STATUS(r, 400);
    ASSERT_BODY_HAS(r, "该证件类型不适用于所选主体性质");
    ASSERT_BODY_HAS(r, "邮箱格式不正确");
    ASSERT_BODY_HAS(r, "应急联系电话不能与本人手机号码相同"); /* across fields, same round */
    ASSERT_BODY_HAS(r, "提交的内容有误（3 处）");
    ASSERT_BODY_HAS(r, "id=\"i-principal_email\" name=\"principal_email\" value=\"not an e-mail\" "
                       "aria-invalid=\"true\" aria-describedby=\"e-principal_email\"");
    ASSERT_BODY_HAS(r, "aria-describedby=\"h-principal_emergency e-principal_emergency\"");
    ASSERT_BODY_HAS(r, "<p class=\"error\" id=\"e-principal_emergency\">");

    STEP("the office phone is marked required for an organisation (the checker's rule)");
    ASSERT_BODY_HAS(r, "<label for=\"i-principal_landline\">办公电话<span class=\"req\">*</span>");

    STEP("an empty required select says what to choose");
    bad_subject(form, sizeof form, "", "91110000802100433B", "13798765432", "chen@example.com");
    r = http_post_form(c2, subject, form);
    ASSERT_STATUS(r, 400);
    ASSERT_BODY_HAS(r, "请选择证件类型");

    STEP("a value too long for its field is answered with the step's other mistakes");
    bad_subject(form, sizeof form, "uscc", "91110000802100433B", "13798765432", "not an e-mail");
    {
        char longname[400] = "";
        for (int i = 0; i < 31; i++)
            strcat(longname, "陈");
        char *at = strstr(form, "principal_name=");
        assert_non_null(at);
        /* replace the name by 31 characters (at most 30) */
        char rest[8192];
        snprintf(rest, sizeof rest, "%s", strchr(at, '&'));
        *at = 0;
        char name[1200] = "";
        add(name, sizeof name, "principal_name", longname);
        strcat(form, name);
        strcat(form, rest);
    }
    r = http_post_form(c2, subject, form);
    ASSERT_STATUS(r, 400);
    ASSERT_BODY_HAS(r, "姓名最多 30 个字，请删减");
    ASSERT_BODY_HAS(r, "邮箱格式不正确"); /* checked in the same round */

    STEP("saved as an enterprise, the subject's certificate types are an enterprise's");
    bad_subject(form, sizeof form, "uscc", "91110000802100433B", "13798765432", "chen@example.com");
    r = http_post_form(c2, subject, form);
    ASSERT_STATUS(r, 303);
    r = http_get(c2, subject);
    ASSERT_STATUS(r, 200);
    /* An individual's are there, not offered, for the page's script to
    ** offer when the nature changes (no reload). */
    char *select = between(r->body, "id=\"i-subject_cert_type\"", "</select>");
    assert_non_null(strstr(select, "value=\"passport\" hidden disabled data-natures=\""));
    assert_non_null(strstr(select, "value=\"id_card\" hidden disabled data-natures=\"individual"));
    assert_non_null(strstr(select, "value=\"uscc\" selected data-natures=\""));
    free(select);

    STEP("the to-complete list names each item's step");
    char page[600];
    snprintf(page, sizeof page, "%.*s", (int)(strstr(subject, "/steps/") - subject), subject);
    r = http_get(c2, page);
    ASSERT_STATUS(r, 200);
    ASSERT_BODY_HAS(r, "网站信息 › 网站名称</a>");
    ASSERT_BODY_HAS(r, "网站信息 › 网站负责人 › 姓名</a>");

    STEP("in English, the district list is in English like the provinces");
    http_get(c2, "/lang/en?next=/portal");
    r = http_get(c2, subject);
    ASSERT_BODY_HAS(r, ">Chaoyang District</option>");
    ASSERT_BODY_HAS(r, ">Beijing</option>");
    http_get(c2, "/lang/zh?next=/portal");
    free(subject);

    STEP("an individual types the ID once: the principal's is the subject's");
    Client *c3 = flow_new_customer(b, staff, "formcust3");
    subject = start(c3, "first_filing");
    form[0] = 0;
    add(form, sizeof form, "subject_province", "110000");
    add(form, sizeof form, "subject_city", "110100");
    add(form, sizeof form, "subject_district", "110105");
    add(form, sizeof form, "subject_nature", "individual");
    add(form, sizeof form, "subject_cert_type", "id_card");
    add(form, sizeof form, "subject_cert_number", "110105198503151230");
    add(form, sizeof form, "subject_name", "王五");
    add(form, sizeof form, "subject_address", "朝阳区建国路 1 号");
    add(form, sizeof form, "principal_name", "王五");
    add(form, sizeof form, "principal_id_expiry", "长期");
    add(form, sizeof form, "principal_mobile", "13312345678");
    add(form, sizeof form, "principal_emergency", "13312340000");
    add(form, sizeof form, "principal_email", "wangwu@example.com");
    r = http_post_form(c3, subject, form);
    ASSERT_STATUS(r, 303);
    r = http_get(c3, subject);
    char *div = between(r->body, "id=\"f-principal_id_number\"", ">");
    assert_non_null(strstr(div, "data-copied-by=\"subject_nature\""));
    assert_non_null(strstr(div, " hidden"));
    free(div);
    ASSERT_BODY_HAS(r, "<label for=\"i-principal_landline\">办公电话<span class=\"req\" hidden>");
    free(subject);

    STEP("the server stops cleanly");
    client_free(c);
    client_free(c2);
    client_free(c3);
    client_free(staff);
    assert_int_equal(beian_stop(b), 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        E2E_CASE(test_errors_in_one_round_and_forms_that_adapt),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
