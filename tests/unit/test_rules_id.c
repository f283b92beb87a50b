/*
** Unit tests for src/rules/validate_id.c: GB 11643 ID numbers, GB 32100
** unified social credit codes, GB 11714 organisation codes, the other
** certificate formats, and which certificate fits which subject nature.
**
** Check characters in the vectors below were computed by hand (and by an
** independent script) from the standards' weights; the sum is given in a
** comment where a vector was built for the test.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/err.h"
#include "rules/validate.h"

#define TODAY 20250601

static void test_dates(void **state) {
    (void)state;
    assert_true(rules_date_valid(20000229));  /* divisible by 400 */
    assert_false(rules_date_valid(19000229)); /* by 100, not 400 */
    assert_true(rules_date_valid(20240229));
    assert_false(rules_date_valid(20230229));
    assert_false(rules_date_valid(20250431));
    assert_true(rules_date_valid(20251231));
    assert_false(rules_date_valid(20251301));
    assert_false(rules_date_valid(20250100));
    assert_false(rules_date_valid(18991231));
    assert_true(rules_date_valid(19000101));
    assert_int_equal(rules_age(20000229, 20180228), 17);
    assert_int_equal(rules_age(20000229, 20180301), 18);
    assert_int_equal(rules_age(19800101, 19980101), 18);
    assert_int_equal(rules_age(19800102, 19980101), 17);
    assert_int_equal(rules_age(20250602, 20250601), -1);
}

static void test_id_card_good(void **state) {
    (void)state;
    IdCard c;
    /* The published vector. */
    assert_int_equal(id_card_parse("34052419800101001X", TODAY, &c), 0);
    assert_string_equal(c.number, "34052419800101001X");
    assert_string_equal(c.region, "340524");
    assert_int_equal(c.birth, 19800101);
    assert_true(c.male); /* sequence 001: odd */
    /* Lower-case x accepted and normalised; spaces around ignored. */
    assert_int_equal(id_card_parse(" 34052419800101001x ", TODAY, &c), 0);
    assert_string_equal(c.number, "34052419800101001X");
    /* Leap day 2000-02-29: sum 114, 114 % 11 = 4 → '8'. */
    assert_int_equal(id_card_check("110101200002290018", TODAY), 0);
    /* Leap day 2024-02-29, sequence 002 (female): sum 140 → 140 % 11 = 8 → '4'. */
    assert_int_equal(id_card_parse("110101202402290024", TODAY, &c), 0);
    assert_false(c.male);
    /* 1900-01-01, the earliest date: sum 52 → 52 % 11 = 8 → '4'. */
    assert_int_equal(id_card_check("110101190001010014", TODAY), 0);
    /* 440305 南山区, 1999-12-31: sum 273 → 273 % 11 = 9 → '3'. */
    assert_int_equal(id_card_check("440305199912311233", TODAY), 0);
    /* Hong Kong resident's residence permit 810000: sum 140 → '4'. */
    assert_int_equal(id_card_check("810000198001010014", TODAY), 0);
    /* Born today is fine (sum 117 → '5'); tomorrow is not (sum 122 → '0'). */
    assert_int_equal(id_card_check("110101202506010015", TODAY), 0);
    assert_int_equal(id_card_check("110101202506020010", TODAY), -ERR_ID_CARD_BIRTH);
}

static void test_id_card_bad(void **state) {
    (void)state;
    assert_int_equal(id_card_check(NULL, TODAY), -ERR_FIELD_REQUIRED);
    assert_int_equal(id_card_check("  ", TODAY), -ERR_FIELD_REQUIRED);
    /* Format: 15-digit old numbers, 17 or 19 characters, letters inside. */
    assert_int_equal(id_card_check("340524800101001", TODAY), -ERR_ID_CARD_FORMAT);
    assert_int_equal(id_card_check("34052419800101001", TODAY), -ERR_ID_CARD_FORMAT);
    assert_int_equal(id_card_check("34052419800101001X1", TODAY), -ERR_ID_CARD_FORMAT);
    assert_int_equal(id_card_check("3405241980010A001X", TODAY), -ERR_ID_CARD_FORMAT);
    assert_int_equal(id_card_check("34052419800101001Y", TODAY), -ERR_ID_CARD_FORMAT);
    /* Checksum: the good vectors with the check character flipped. */
    assert_int_equal(id_card_check("340524198001010019", TODAY), -ERR_ID_CARD_CHECKSUM);
    assert_int_equal(id_card_check("110101200002290017", TODAY), -ERR_ID_CARD_CHECKSUM);
    /* One body digit changed (sequence 001 → 002) with the old check. */
    assert_int_equal(id_card_check("34052419800101002X", TODAY), -ERR_ID_CARD_CHECKSUM);
    /* Birth dates, each with a correct check character: 1900-02-29 (sum
    ** 121 → '1'), 2000-02-30 (sum 79 → 'X'), 2023-02-29 (sum 137 → '7'),
    ** 1899-12-31 (sum 178 → 'X'), 2099-12-31 in the future (sum 172 → '5'). */
    assert_int_equal(id_card_check("110101190002290011", TODAY), -ERR_ID_CARD_BIRTH);
    assert_int_equal(id_card_check("11010120000230001X", TODAY), -ERR_ID_CARD_BIRTH);
    assert_int_equal(id_card_check("110101202302290027", TODAY), -ERR_ID_CARD_BIRTH);
    assert_int_equal(id_card_check("11010118991231001X", TODAY), -ERR_ID_CARD_BIRTH);
    assert_int_equal(id_card_check("110101209912310015", TODAY), -ERR_ID_CARD_BIRTH);
    /* The future test is skipped without a today. */
    assert_int_equal(id_card_check("110101209912310015", 0), 0);
    /* Regions: 99 and 71 are no province of the table (sums 228, 133). */
    assert_int_equal(id_card_check("990101198001010014", TODAY), -ERR_ID_CARD_REGION);
    assert_int_equal(id_card_check("710000198001010010", TODAY), -ERR_ID_CARD_REGION);
}

static void test_id_card_age(void **state) {
    (void)state;
    assert_int_equal(id_card_age("34052419800101001X", 19971231), 17);
    assert_int_equal(id_card_age("34052419800101001X", 19980101), 18);
    assert_int_equal(id_card_age("34052419800101001X", TODAY), 45);
    /* Born on a leap day: 18 on 1 March, not on 28 February. */
    assert_int_equal(id_card_age("110101200002290018", 20180228), 17);
    assert_int_equal(id_card_age("110101200002290018", 20180301), 18);
    assert_int_equal(id_card_age("340524198001010019", TODAY), -ERR_ID_CARD_CHECKSUM);
}

static void test_org_code(void **state) {
    (void)state;
    Arena a;
    arena_init(&a);
    char *out;
    /* 80210043: 8·3+0·7+2·9+1·10+0·5+0·8+4·4+3·2 = 74; 11 − 74 % 11 = 3. */
    assert_int_equal(org_code_check("80210043-3"), 0);
    assert_int_equal(org_code_check("802100433"), 0);
    assert_int_equal(cert_number_normalize(&a, CERT_ORG_CODE, "802100433", TODAY, &out), 0);
    assert_string_equal(out, "80210043-3");
    /* Letters: MA01B2C3 sums to 271; 11 − 271 % 11 = 4. Lower case accepted. */
    assert_int_equal(cert_number_normalize(&a, CERT_ORG_CODE, "ma01b2c3-4", TODAY, &out), 0);
    assert_string_equal(out, "MA01B2C3-4");
    /* Check 10 → X: 50001234 sums to 56; 11 − 56 % 11 = 10 → X. */
    assert_int_equal(org_code_check("50001234-X"), 0);
    /* Check 11 → 0: 00000000 sums to 0; 11 − 0 = 11 → '0'. */
    assert_int_equal(org_code_check("00000000-0"), 0);
    /* 58790236: sum 264 = 24·11, so 11 − 0 → '0'. */
    assert_int_equal(org_code_check("587902360"), 0);
    /* Flipped check characters. */
    assert_int_equal(org_code_check("80210043-4"), -ERR_ORG_CODE_CHECKSUM);
    assert_int_equal(org_code_check("50001234-0"), -ERR_ORG_CODE_CHECKSUM);
    /* Formats. */
    assert_int_equal(org_code_check("8021004-33"), -ERR_ORG_CODE_FORMAT);
    assert_int_equal(org_code_check("80210043"), -ERR_ORG_CODE_FORMAT);
    assert_int_equal(org_code_check("80210043-Y"), -ERR_ORG_CODE_FORMAT);
    assert_int_equal(org_code_check("8021004#-3"), -ERR_ORG_CODE_FORMAT);
    arena_free(&a);
}

static void test_uscc_good(void **state) {
    (void)state;
    /* The published vector. */
    assert_int_equal(uscc_check("91110000802100433B"), 0);
    assert_int_equal(uscc_check("91110000802100433b"), 0);
    /* One vector per registration-authority class and category; the GB 32100
    ** weighted sums are given, check = (31 − sum % 31) % 31. Each embeds a
    ** valid GB 11714 organisation code (chars 9-17). */
    static const char *const good[] = {
        "11110000000012343B", /* 1 机构编制 / 1 机关, sum 330 */
        "12440300456789011M", /* 1 / 2 事业单位, sum 1033 */
        "1311000050001234XE", /* 1 / 3 群众团体, org check X, sum 1164 */
        "19310000712345672K", /* 1 / 9 其他, sum 818 */
        "21110000300000010Q", /* 2 外交 / 1, sum 131 */
        "29110000300000029W", /* 2 / 9, sum 437 */
        "31440305345678909L", /* 3 司法行政 / 1 律师事务所, sum 1282 */
        "32110000087654321N", /* 3 / 2 公证处, sum 784 */
        "3332050011112222X5", /* 3 / 3, sum 1266 */
        "34110000121212122A", /* 3 / 4 司法鉴定, sum 362 */
        "35330100555566665K", /* 3 / 5 仲裁委员会, sum 1159 */
        "39110000777788888D", /* 3 / 9, sum 1475 */
        "41110000404040404U", /* 4 文化 / 1, sum 407 */
        "491100004949494934", /* 4 / 9, sum 1267 */
        "51110000506843216Q", /* 5 民政 / 1 社会团体, sum 720 */
        "52440300MJ12345618", /* 5 / 2 民办非企业, sum 1604 */
        "531100005353535311", /* 5 / 3 基金会, sum 681 */
        "591100005959595945", /* 5 / 9, sum 1359 */
        "61110000616161611B", /* 6 旅游 / 1, sum 547 */
        "623100006262626275", /* 6 / 2, sum 832 */
        "691100006969696956", /* 6 / 9, sum 1451 */
        "71510100717171712C", /* 7 宗教 / 1, sum 701 */
        "72110000727272728Q", /* 7 / 2, sum 906 */
        "791100007979797967", /* 7 / 9, sum 1543 */
        "81110000818181813D", /* 8 工会 / 1, sum 731 */
        "891100008989898978", /* 8 / 9, sum 1635 */
        "91440300MA5D8F3H0Y", /* 9 市场监管 / 1 企业, sum 2202 */
        "92440300L12345674D", /* 9 / 2 个体工商户, sum 1289 */
        "93410100MA9NJ4K14N", /* 9 / 3 农民专业合作社, sum 1900 */
        "A1110000A12345674X", /* A 军委编制 / 1, sum 901 */
        "A9110000A987654332", /* A / 9, sum 1207 */
        "N1110000N123456799", /* N 农业 / 1, sum 1293 */
        "N2130100N234567881", /* N / 2, sum 1487 */
        "N3130100N34567897B", /* N / 3, sum 1601 */
        "N9130100N98765438T", /* N / 9, sum 1679 */
        "Y1110000Y12345679U", /* Y 其他 / 1, sum 1461 */
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        int rc = uscc_check(good[i]);
        if (rc != 0) fail_msg("%s: %s", good[i], err_name(rc));
    }
}

static void test_uscc_bad(void **state) {
    (void)state;
    /* Flipped check character and a changed body character. */
    assert_int_equal(uscc_check("91110000802100433C"), -ERR_USCC_CHECKSUM);
    assert_int_equal(uscc_check("91110000802100434B"), -ERR_USCC_CHECKSUM);
    /* Valid checksums, invalid authority/category pairs. */
    assert_int_equal(uscc_check("94110000949494940F"), -ERR_USCC_CATEGORY); /* 9/4 */
    assert_int_equal(uscc_check("B1110000B12345671Y"), -ERR_USCC_CATEGORY); /* B */
    assert_int_equal(uscc_check("18110000181818185N"), -ERR_USCC_CATEGORY); /* 1/8 */
    assert_int_equal(uscc_check("Y2110000Y22222226X"), -ERR_USCC_CATEGORY); /* Y/2 */
    assert_int_equal(uscc_check("0A110000000000000U"), -ERR_USCC_CATEGORY); /* 0 */
    assert_int_equal(uscc_check("22110000222222223K"), -ERR_USCC_CATEGORY); /* 2/2 */
    assert_int_equal(uscc_check("A2110000A222222210"), -ERR_USCC_CATEGORY); /* A/2 */
    assert_int_equal(uscc_check("991100009999999989"), -ERR_USCC_CATEGORY); /* 9/9 */
    /* Valid GB 32100 checksum (sum 513 → E), embedded 80210043-4 is wrong. */
    assert_int_equal(uscc_check("91110000802100434E"), -ERR_USCC_ORG_CODE);
    /* Formats: length, letters I O S V Z, letters in the region part. */
    assert_int_equal(uscc_check("91110000802100433"), -ERR_USCC_FORMAT);
    assert_int_equal(uscc_check("91110000802100433BB"), -ERR_USCC_FORMAT);
    assert_int_equal(uscc_check("9111000080210043IB"), -ERR_USCC_FORMAT);
    assert_int_equal(uscc_check("91110000802100O33B"), -ERR_USCC_FORMAT);
    assert_int_equal(uscc_check("911100008021004S3B"), -ERR_USCC_FORMAT);
    assert_int_equal(uscc_check("9111000080210043VB"), -ERR_USCC_FORMAT);
    assert_int_equal(uscc_check("91110000802100433Z"), -ERR_USCC_FORMAT);
    assert_int_equal(uscc_check("91A10000802100433B"), -ERR_USCC_FORMAT);
    assert_int_equal(uscc_check(""), -ERR_FIELD_REQUIRED);
}

static void test_other_certs(void **state) {
    (void)state;
    Arena a;
    arena_init(&a);
    char *out;
    /* Military unit code. */
    assert_int_equal(cert_number_normalize(&a, CERT_MILITARY_CODE, "66001", TODAY, &out), 0);
    assert_string_equal(out, "66001部队");
    assert_int_equal(cert_number_check(CERT_MILITARY_CODE, "66001部队", TODAY), 0);
    assert_int_equal(cert_number_check(CERT_MILITARY_CODE, "6600", TODAY), -ERR_MILITARY_CODE);
    assert_int_equal(cert_number_check(CERT_MILITARY_CODE, "66001部", TODAY), -ERR_MILITARY_CODE);
    /* Passports: Chinese E-passport, a foreign one, spaces removed. */
    assert_int_equal(cert_number_normalize(&a, CERT_PASSPORT, "e1234 5678", TODAY, &out), 0);
    assert_string_equal(out, "E12345678");
    assert_int_equal(cert_number_check(CERT_PASSPORT, "EA1234567", TODAY), 0);
    assert_int_equal(cert_number_check(CERT_PASSPORT, "C01X00T47", TODAY), 0);
    assert_int_equal(cert_number_check(CERT_PASSPORT, "E123", TODAY), -ERR_PASSPORT);
    assert_int_equal(cert_number_check(CERT_PASSPORT, "ABCDEFGH", TODAY), -ERR_PASSPORT);
    assert_int_equal(cert_number_check(CERT_PASSPORT, "E1234-5678", TODAY), -ERR_PASSPORT);
    /* Home Return Permit. */
    assert_int_equal(cert_number_check(CERT_HK_MACAO_PERMIT, "H12345678", TODAY), 0);
    assert_int_equal(cert_number_check(CERT_HK_MACAO_PERMIT, "m1234567890", TODAY), 0);
    assert_int_equal(cert_number_check(CERT_HK_MACAO_PERMIT, "H1234567", TODAY),
                     -ERR_HK_MACAO_PERMIT);
    assert_int_equal(cert_number_check(CERT_HK_MACAO_PERMIT, "T12345678", TODAY),
                     -ERR_HK_MACAO_PERMIT);
    /* Taiwan compatriot permit. */
    assert_int_equal(cert_number_check(CERT_TAIWAN_PERMIT, "12345678", TODAY), 0);
    assert_int_equal(cert_number_check(CERT_TAIWAN_PERMIT, "1234567890", TODAY), 0);
    assert_int_equal(cert_number_check(CERT_TAIWAN_PERMIT, "123456789", TODAY), -ERR_TAIWAN_PERMIT);
    assert_int_equal(cert_number_check(CERT_TAIWAN_PERMIT, "T1234567", TODAY), -ERR_TAIWAN_PERMIT);
    /* Foreign permanent residence ID, 2023 format: 9 + 11 (Beijing) + 840 +
    ** 19800101 + 001 + check; GB 11643 sum 229 → 229 % 11 = 9 → '3'. */
    assert_int_equal(cert_number_check(CERT_FOREIGN_RESIDENCE, "911840198001010013", TODAY), 0);
    assert_int_equal(cert_number_check(CERT_FOREIGN_RESIDENCE, "911840198001010014", TODAY),
                     -ERR_FOREIGN_RESIDENCE_CHECKSUM);
    /* Province 77 does not exist (sum 306 → '3'); 1980-02-30 (sum 272 → '4'). */
    assert_int_equal(cert_number_check(CERT_FOREIGN_RESIDENCE, "977840203001010013", TODAY),
                     -ERR_FOREIGN_RESIDENCE);
    assert_int_equal(cert_number_check(CERT_FOREIGN_RESIDENCE, "921840198002300014", TODAY),
                     -ERR_FOREIGN_RESIDENCE);
    /* An ID-card number is not a residence ID (does not start with 9). */
    assert_int_equal(cert_number_check(CERT_FOREIGN_RESIDENCE, "34052419800101001X", TODAY),
                     -ERR_FOREIGN_RESIDENCE);
    /* The 2004 format: nationality letters + 12 digits. */
    assert_int_equal(cert_number_check(CERT_FOREIGN_RESIDENCE, "CAN310075120101", TODAY), 0);
    assert_int_equal(cert_number_check(CERT_FOREIGN_RESIDENCE, "CA3100751201011", TODAY),
                     -ERR_FOREIGN_RESIDENCE);
    /* The dispatcher covers the rest. */
    assert_int_equal(cert_number_check(CERT_USCC, "91110000802100433B", TODAY), 0);
    assert_int_equal(cert_number_check(CERT_ID_CARD, "34052419800101001x", TODAY), 0);
    assert_int_equal(cert_number_normalize(&a, CERT_ID_CARD, "34052419800101001x", TODAY, &out), 0);
    assert_string_equal(out, "34052419800101001X");
    assert_int_equal(cert_number_check(CERT_ID_CARD, "340524198001010019", TODAY),
                     -ERR_ID_CARD_CHECKSUM);
    assert_int_equal(cert_number_check((CertType)0, "x", TODAY), -ERR_FIELD_CHOICE);
    assert_int_equal(cert_number_check(CERT__COUNT, "x", TODAY), -ERR_FIELD_CHOICE);
    assert_int_equal(cert_number_check(CERT_PASSPORT, "", TODAY), -ERR_FIELD_REQUIRED);
    arena_free(&a);
}

static void test_cert_type_allowed(void **state) {
    (void)state;
    assert_true(cert_type_allowed(NATURE_ENTERPRISE, CERT_USCC));
    assert_false(cert_type_allowed(NATURE_ENTERPRISE, CERT_ORG_CODE));
    assert_false(cert_type_allowed(NATURE_ENTERPRISE, CERT_ID_CARD));
    for (SubjectNature n = NATURE_INSTITUTION; n <= NATURE_SOCIAL_ORG; n++) {
        assert_true(cert_type_allowed(n, CERT_USCC));
        assert_true(cert_type_allowed(n, CERT_ORG_CODE));
        assert_false(cert_type_allowed(n, CERT_MILITARY_CODE));
        assert_false(cert_type_allowed(n, CERT_PASSPORT));
    }
    assert_true(cert_type_allowed(NATURE_MILITARY, CERT_MILITARY_CODE));
    assert_false(cert_type_allowed(NATURE_MILITARY, CERT_USCC));
    for (CertType t = CERT_ID_CARD; t <= CERT_FOREIGN_RESIDENCE; t++) {
        assert_true(cert_type_allowed(NATURE_INDIVIDUAL, t));
        assert_true(cert_type_personal(t));
    }
    assert_false(cert_type_allowed(NATURE_INDIVIDUAL, CERT_USCC));
    assert_false(cert_type_personal(CERT_ORG_CODE));
    assert_false(cert_type_allowed((SubjectNature)0, CERT_USCC));
    assert_false(cert_type_allowed(NATURE__COUNT, CERT_USCC));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_id_card_good),
        cmocka_unit_test(test_id_card_bad),
        cmocka_unit_test(test_id_card_age),
        cmocka_unit_test(test_org_code),
        cmocka_unit_test(test_uscc_good),
        cmocka_unit_test(test_uscc_bad),
        cmocka_unit_test(test_other_certs),
        cmocka_unit_test(test_cert_type_allowed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
