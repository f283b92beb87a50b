/*
** Unit tests for src/rules/validate_contact.c: mobile and landline numbers,
** e-mail addresses, person names, and the contact rules across persons.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/err.h"
#include "rules/validate.h"

static Arena arena;

static int setup(void **state) {
    (void)state;
    arena_init(&arena);
    return 0;
}

static int teardown(void **state) {
    (void)state;
    arena_free(&arena);
    return 0;
}

/* Normalise with f, expecting success and the given canonical form. */
#define NORM_OK(f, in, want)                                                                       \
    do {                                                                                           \
        char *out_ = NULL;                                                                         \
        int rc_ = f(&arena, in, &out_);                                                            \
        if (rc_ != 0) fail_msg("%s(%s): %s", #f, in, err_name(rc_));                               \
        assert_string_equal(out_, want);                                                           \
    } while (0)

static void test_mobile(void **state) {
    (void)state;
    NORM_OK(mobile_normalize, "13812345678", "13812345678");
    NORM_OK(mobile_normalize, " 138 1234 5678 ", "13812345678");
    NORM_OK(mobile_normalize, "138-1234-5678", "13812345678");
    NORM_OK(mobile_normalize, "+86 138 1234 5678", "13812345678");
    NORM_OK(mobile_normalize, "+86-19912345678", "19912345678");
    NORM_OK(mobile_normalize, "008613812345678", "13812345678");
    NORM_OK(mobile_normalize, "8613812345678", "13812345678");
    assert_int_equal(mobile_check("16612345678"), 0);
    assert_int_equal(mobile_check("12812345678"), -ERR_MOBILE);  /* 12x is no mobile range */
    assert_int_equal(mobile_check("1381234567"), -ERR_MOBILE);   /* 10 digits */
    assert_int_equal(mobile_check("138123456789"), -ERR_MOBILE); /* 12 digits */
    /* The message says what is expected (issue 11), not "too short". */
    assert_non_null(strstr(err_msg(ERR_MOBILE, LANG_ZH), "手机号码应为 11 位数字"));
    assert_int_equal(mobile_check("23812345678"), -ERR_MOBILE);
    assert_int_equal(mobile_check("1381234567a"), -ERR_MOBILE);
    assert_int_equal(mobile_check("+85291234567"), -ERR_MOBILE); /* Hong Kong */
    assert_int_equal(mobile_check("(138)12345678"), -ERR_MOBILE);
    assert_int_equal(mobile_check(""), -ERR_FIELD_REQUIRED);
}

static void test_landline(void **state) {
    (void)state;
    NORM_OK(landline_normalize, "010-12345678", "010-12345678");
    NORM_OK(landline_normalize, "01012345678", "010-12345678");
    NORM_OK(landline_normalize, "(010)12345678", "010-12345678");
    NORM_OK(landline_normalize, "（010）12345678", "010-12345678");
    NORM_OK(landline_normalize, "010 1234 5678", "010-12345678");
    NORM_OK(landline_normalize, "+86 10 12345678", "010-12345678");
    NORM_OK(landline_normalize, "0086-755-86013388", "0755-86013388");
    NORM_OK(landline_normalize, "0755-86013388", "0755-86013388");
    NORM_OK(landline_normalize, "0931-8123456", "0931-8123456"); /* 7-digit, Lanzhou */
    NORM_OK(landline_normalize, "010-12345678-123", "010-12345678-123");
    NORM_OK(landline_normalize, "010-12345678转123", "010-12345678-123");
    NORM_OK(landline_normalize, "0755-86013388 ext. 8001", "0755-86013388-8001");
    NORM_OK(landline_normalize, "0755-86013388#8", "0755-86013388-8");
    NORM_OK(landline_normalize, "0931-8123456-12", "0931-8123456-12");
    /* fuzz_rules found "+86 83--186 6 234-3#8" -> "0831-8662343-8", which
    ** normalised again to "0831-86623438": the canonical form must be stable. */
    NORM_OK(landline_normalize, "+86 83--186 6 234-3#8", "0831-8662343-8");
    NORM_OK(landline_normalize, "0831-8662343-8", "0831-8662343-8");
    NORM_OK(landline_normalize, "0931-8123456#1", "0931-8123456-1");
    NORM_OK(landline_normalize, "0931-8123456-1", "0931-8123456-1");
    NORM_OK(landline_normalize, "0931-81234561", "0931-81234561");
    NORM_OK(landline_normalize, "0898-66668888", "0898-66668888"); /* all Hainan */
    /* Not landlines. */
    assert_int_equal(landline_check("12345678"), -ERR_LANDLINE_FORMAT);    /* no area code */
    assert_int_equal(landline_check("13812345678"), -ERR_LANDLINE_FORMAT); /* a mobile */
    assert_int_equal(landline_check("010-1234567"), -ERR_LANDLINE_FORMAT); /* 010 has 8 */
    assert_int_equal(landline_check("0755-123456"), -ERR_LANDLINE_FORMAT);
    assert_int_equal(landline_check("0755-123456789"), -ERR_LANDLINE_FORMAT);
    assert_int_equal(landline_check("0755-06013388"), -ERR_LANDLINE_FORMAT); /* starts 0 */
    assert_int_equal(landline_check("010-12345678转"), -ERR_LANDLINE_FORMAT);
    assert_int_equal(landline_check("010-12345678转1234567"), -ERR_LANDLINE_FORMAT);
    assert_int_equal(landline_check("010-1234abcd"), -ERR_LANDLINE_FORMAT);
    assert_int_equal(landline_check("001-12345678"), -ERR_LANDLINE_FORMAT);
    /* Well-formed but no such area code. */
    assert_int_equal(landline_check("011-12345678"), -ERR_LANDLINE_AREA_CODE);
    assert_int_equal(landline_check("0300-1234567"), -ERR_LANDLINE_AREA_CODE);
    assert_int_equal(landline_check("0999-8123456"), 0); /* Ili */
}

static void test_landline_city(void **state) {
    (void)state;
    /* Beijing's districts and its 市辖区 city row: 010. */
    assert_int_equal(landline_matches_city("010-12345678", "110100"), 0);
    assert_int_equal(landline_matches_city("010-12345678", "110101"), 0);
    assert_int_equal(landline_matches_city("0755-86013388", "440300"), 0);
    assert_int_equal(landline_matches_city("0755-86013388", "440305"), 0);
    assert_int_equal(landline_matches_city("020-12345678", "440300"), -ERR_LANDLINE_CITY);
    assert_int_equal(landline_matches_city("010-12345678", "440305"), -ERR_LANDLINE_CITY);
    /* Jinan answers to its own code and to Laiwu's (merged 2019). */
    assert_int_equal(landline_matches_city("0531-81234567", "370100"), 0);
    assert_int_equal(landline_matches_city("0634-6123456", "370100"), 0);
    /* Haixi prefecture: Golmud 0979, Delingha 0977. */
    assert_int_equal(landline_matches_city("0979-8412345", "632800"), 0);
    assert_int_equal(landline_matches_city("0977-8212345", "632802"), 0);
    assert_int_equal(landline_matches_city("0979-8412345", "632802"), -ERR_LANDLINE_CITY);
    /* Unknown region, bad landline. */
    assert_int_equal(landline_matches_city("010-12345678", "999999"), -ERR_REGION_CITY);
    assert_int_equal(landline_matches_city("12345678", "110100"), -ERR_LANDLINE_FORMAT);
}

static void test_phone(void **state) {
    (void)state;
    NORM_OK(phone_normalize, "+86 138-1234-5678", "13812345678");
    NORM_OK(phone_normalize, "(021)61234567", "021-61234567");
    char *out;
    assert_int_equal(phone_normalize(&arena, "12345", &out), -ERR_PHONE);
    assert_int_equal(phone_normalize(&arena, " ", &out), -ERR_FIELD_REQUIRED);
}

static void test_email(void **state) {
    (void)state;
    NORM_OK(email_normalize, "zhang.san@example.com", "zhang.san@example.com");
    NORM_OK(email_normalize, " Zhang.San+icp@Example.COM ", "Zhang.San+icp@example.com");
    NORM_OK(email_normalize, "admin@例子.中国", "admin@例子.中国");
    NORM_OK(email_normalize, "admin@xn--fsqu00a.xn--fiqs8s", "admin@例子.中国");
    NORM_OK(email_normalize, "o'brien_1@mail.example.com.cn", "o'brien_1@mail.example.com.cn");
    assert_int_equal(email_check("a@b.cn"), 0);
    /* Local part: dot-atom. */
    assert_int_equal(email_check("zhangsan"), -ERR_EMAIL);
    assert_int_equal(email_check("@example.com"), -ERR_EMAIL);
    assert_int_equal(email_check("zhang san@example.com"), -ERR_EMAIL);
    assert_int_equal(email_check(".zhang@example.com"), -ERR_EMAIL);
    assert_int_equal(email_check("zhang.@example.com"), -ERR_EMAIL);
    assert_int_equal(email_check("zhang..san@example.com"), -ERR_EMAIL);
    assert_int_equal(email_check("a@b@example.com"), -ERR_EMAIL);
    assert_int_equal(email_check("\"zhang\"@example.com"), -ERR_EMAIL);
    assert_int_equal(email_check("张三@example.com"), -ERR_EMAIL);
    assert_int_equal(email_check("zhang@"), -ERR_EMAIL);
    /* Domain. */
    assert_int_equal(email_check("zhang@localhost"), -ERR_EMAIL_DOMAIN);
    assert_int_equal(email_check("zhang@example..com"), -ERR_EMAIL_DOMAIN);
    assert_int_equal(email_check("zhang@-example.com"), -ERR_EMAIL_DOMAIN);
    assert_int_equal(email_check("zhang@example_1.com"), -ERR_EMAIL_DOMAIN);
    assert_int_equal(email_check("zhang@[127.0.0.1]"), -ERR_EMAIL_DOMAIN);
    assert_int_equal(email_check("zhang@192.168.1.1"), -ERR_EMAIL_DOMAIN);
    /* Lengths: 64 in the local part is fine, 65 is not; 254 in all. */
    char local[80], addr[300];
    memset(local, 'a', 64);
    local[64] = 0;
    snprintf(addr, sizeof addr, "%s@example.com", local);
    assert_int_equal(email_check(addr), 0);
    memset(local, 'a', 65);
    local[65] = 0;
    snprintf(addr, sizeof addr, "%s@example.com", local);
    assert_int_equal(email_check(addr), -ERR_EMAIL_TOO_LONG);
    /* The domain: 4 labels of 60, 4 dots and "com" = 247 octets; with a
    ** local part of 10: 10 + 1 + 247 = 258 > 254. */
    char label[61];
    memset(label, 'b', 60);
    label[60] = 0;
    snprintf(addr, sizeof addr, "aaaaaaaaaa@%s.%s.%s.%s.com", label, label, label, label);
    assert_int_equal(email_check(addr), -ERR_EMAIL_TOO_LONG);
    /* Exactly 254: 6 + 1 + 247. */
    snprintf(addr, sizeof addr, "aaaaaa@%s.%s.%s.%s.com", label, label, label, label);
    assert_int_equal(strlen(addr), 254);
    assert_int_equal(email_check(addr), 0);
}

static void test_person_name(void **state) {
    (void)state;
    assert_int_equal(person_name_check("张三"), 0);
    assert_int_equal(person_name_check("欧阳娜娜"), 0);
    assert_int_equal(person_name_check("买买提·艾力"), 0);
    assert_int_equal(person_name_check("阿依古丽•买买提"), 0); /* U+2022 as typed */
    assert_int_equal(person_name_check("John Smith"), 0);
    assert_int_equal(person_name_check("Jean-Luc O'Neil"), 0);
    assert_int_equal(person_name_check("J. R. R. Tolkien"), 0);
    assert_int_equal(person_name_check("José Müller"), 0);
    assert_int_equal(person_name_check("Li"), 0);
    /* Lengths: 1 and 31 characters. */
    assert_int_equal(person_name_check("张"), -ERR_PERSON_NAME_LENGTH);
    assert_int_equal(person_name_check("ABCDEFGHIJ ABCDEFGHIJ ABCDEFGH"), 0); /* 30 */
    assert_int_equal(person_name_check("ABCDEFGHIJ ABCDEFGHIJ ABCDEFGHI"), -ERR_PERSON_NAME_LENGTH);
    /* Characters. */
    assert_int_equal(person_name_check("张三3"), -ERR_PERSON_NAME_CHARS);
    assert_int_equal(person_name_check("张三Lee"), -ERR_PERSON_NAME_CHARS);
    assert_int_equal(person_name_check("张 三"), -ERR_PERSON_NAME_CHARS);
    assert_int_equal(person_name_check("·张三"), -ERR_PERSON_NAME_CHARS);
    assert_int_equal(person_name_check("张三·"), -ERR_PERSON_NAME_CHARS);
    assert_int_equal(person_name_check("买买提··艾力"), -ERR_PERSON_NAME_CHARS);
    assert_int_equal(person_name_check("John  Smith"), -ERR_PERSON_NAME_CHARS);
    assert_int_equal(person_name_check("John_Smith"), -ERR_PERSON_NAME_CHARS);
    assert_int_equal(person_name_check("张三！"), -ERR_PERSON_NAME_CHARS);
    assert_int_equal(person_name_check("\xe5\xbc"), -ERR_FIELD_UTF8);
}

static void test_contacts(void **state) {
    (void)state;
    size_t bad = 99;
    ContactPerson p[3] = {
        {"34052419800101001X", "13812345678", "boss@example.com", "13900000000"},
        {"110101200002290018", "13712345678", "web@example.com", "010-12345678"},
        {"440305199912311233", "13612345678", "ops@example.com", NULL},
    };
    assert_int_equal(contacts_check_distinct(p, 3, &bad), 0);
    /* Different people may not share a mobile (in any spelling). */
    p[1].mobile = "+86 138-1234-5678";
    assert_int_equal(contacts_check_distinct(p, 3, &bad), -ERR_CONTACT_MOBILE_SHARED);
    assert_int_equal(bad, 1);
    /* The same person (same ID number, any case) may hold both roles. */
    p[1].cert_number = "34052419800101001x";
    assert_int_equal(contacts_check_distinct(p, 3, &bad), 0);
    p[1].cert_number = "110101200002290018";
    p[1].mobile = "13712345678";
    /* Nor an e-mail (case-insensitively). */
    p[2].email = "Boss@Example.com";
    assert_int_equal(contacts_check_distinct(p, 3, &bad), -ERR_CONTACT_EMAIL_SHARED);
    assert_int_equal(bad, 2);
    p[2].email = "ops@example.com";
    /* Emergency phone = own mobile. */
    p[2].emergency_phone = "136-1234-5678";
    assert_int_equal(contacts_check_distinct(p, 3, &bad), -ERR_CONTACT_EMERGENCY_SAME);
    assert_int_equal(bad, 2);
    /* Another person's mobile as one's emergency phone is allowed. */
    p[2].emergency_phone = "13812345678";
    assert_int_equal(contacts_check_distinct(p, 3, &bad), 0);
    /* Missing ID numbers: treated as different people. */
    ContactPerson q[2] = {{NULL, "13812345678", NULL, NULL}, {NULL, "13812345678", NULL, NULL}};
    assert_int_equal(contacts_check_distinct(q, 2, NULL), -ERR_CONTACT_MOBILE_SHARED);
    assert_int_equal(contacts_check_distinct(q, 1, NULL), 0);
    assert_int_equal(contacts_check_distinct(NULL, 0, NULL), 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mobile),        cmocka_unit_test(test_landline),
        cmocka_unit_test(test_landline_city), cmocka_unit_test(test_phone),
        cmocka_unit_test(test_email),         cmocka_unit_test(test_person_name),
        cmocka_unit_test(test_contacts),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
