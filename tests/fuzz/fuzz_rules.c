/*
** libFuzzer target for the validators of src/rules. The first byte picks
** the validator, the rest (NUL-terminated) is the value:
**
**   0  id_card_parse / id_card_check     7  domain_parse, domain_check_filing
**   1  uscc_check, org_code_check        8  ip_parse, ip_check_public
**   2  mobile/landline/phone normalise    9  home_url_check (domain after \n)
**   3  email_normalize                   10 site_name_check, description
**   4  person_name, address, licence     11 filing_number_parse / psb_number_parse
**   5  cert_number_normalize (each type) 12 region_check (3 codes, \n-separated)
**   6  mask_id / mask_phone / mask_email 13 filing_check_all on fuzzed values
**
** Besides crashes and sanitizer reports it aborts when an invariant fails:
** a normalised value is accepted again and normalises to itself; a parsed
** filing number formats to text that parses to the same number; a mask is
** no longer than needed and never shows the middle of an ID number.
*/
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "rules/filing_check.h"
#include "rules/filing_number.h"
#include "rules/mask.h"
#include "rules/region.h"
#include "rules/validate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int ok, const char *what) {
    if (!ok) {
        fprintf(stderr, "invariant failed: %s\n", what);
        abort();
    }
}

typedef int (*Normalize)(Arena *a, const char *s, char **out);

/* A normalised value normalises to itself. */
static void stable(Arena *a, Normalize fn, const char *s, const char *what) {
    char *out = NULL, *again = NULL;
    if (fn(a, s, &out) != 0) return;
    check(out != NULL, what);
    check(fn(a, out, &again) == 0 && strcmp(out, again) == 0, what);
}

static void numbers(Arena *a, const char *s) {
    FilingNumber n;
    if (filing_number_parse(s, &n) == 0) {
        char *text = filing_number_format(a, &n);
        FilingNumber m;
        check(filing_number_parse(text, &m) == 0, "formatted number parses");
        check(!strcmp(filing_number_format(a, &m), text), "number round trip");
    }
    FilingNumber sn;
    (void)filing_subject_number_parse(s, &sn);
    (void)filing_site_number_parse(s, &sn);
    PsbNumber p;
    if (psb_number_parse(s, &p) == 0) {
        char *text = psb_number_format(a, &p);
        PsbNumber q;
        check(psb_number_parse(text, &q) == 0, "formatted psb number parses");
    }
    (void)province_prefix_code(s);
}

static void masks(Arena *a, const char *s) {
    char *m = mask_id(a, s);
    size_t n = strlen(s);
    if (m && n >= 15 && id_card_check(s, 20260101) == 0)
        check(strstr(m, s + 6) == NULL || strlen(s + 6) < 4, "mask hides the ID's middle");
    (void)mask_phone(a, s);
    (void)mask_email(a, s);
}

/* Values from lines "<field index> <value>"; checked for a kind. */
static void whole(Arena *a, const char *s, unsigned kind) {
    Values v;
    values_init(&v, a);
    char *copy = arena_strdup(a, s);
    for (char *line = strtok(copy, "\n"); line; line = strtok(NULL, "\n")) {
        char *sp = strchr(line, ' ');
        if (!sp) continue;
        *sp = 0;
        int f = atoi(line);
        if (f > 0 && f < FIELD__COUNT) values_set(&v, (FieldId)f, sp + 1);
    }
    FilingContext ctx = {.kind = (AppKind)(1 + kind % (KIND__COUNT - 1)), .today = 20260315};
    FilingIssues out = {.n = 0};
    int rc = filing_check_all(a, &ctx, &v, &out);
    check(rc == 0 || out.n > 0, "a refusal names its fields");
    check(out.n <= FILING_MAX_ISSUES, "issues within bounds");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 1 || size > 4096) return 0;
    Arena a;
    arena_init(&a);
    char *s = arena_alloc(&a, size);
    memcpy(s, data + 1, size - 1);
    s[size - 1] = 0;
    char *out = NULL;
    switch (data[0] % 14) {
    case 0: {
        IdCard id;
        if (id_card_parse(s, 20260315, &id) == 0) check(id_card_check(s, 20260315) == 0, "id");
        (void)id_card_age(s, 20260315);
        break;
    }
    case 1:
        (void)uscc_check(s);
        (void)org_code_check(s);
        break;
    case 2:
        stable(&a, mobile_normalize, s, "mobile");
        stable(&a, landline_normalize, s, "landline");
        stable(&a, phone_normalize, s, "phone");
        (void)landline_matches_city(s, "110105");
        break;
    case 3:
        stable(&a, email_normalize, s, "email");
        break;
    case 4:
        (void)person_name_check(s);
        (void)address_check(s);
        (void)licence_number_check(s);
        break;
    case 5:
        for (int t = 1; t < CERT__COUNT; t++)
            if (cert_number_normalize(&a, (CertType)t, s, 20260315, &out) == 0)
                check(cert_number_check((CertType)t, out, 20260315) == 0, "certificate");
        break;
    case 6:
        masks(&a, s);
        break;
    case 7: {
        Domain d;
        if (domain_parse(&a, s, &d) == 0) {
            Domain e;
            check(domain_parse(&a, d.ascii, &e) == 0 && !strcmp(d.ascii, e.ascii), "domain");
        }
        (void)domain_registrable(&a, s, &d);
        (void)domain_check_filing(&a, s, NATURE_ENTERPRISE, &d);
        (void)domain_within(s, "example.cn");
        break;
    }
    case 8: {
        IpAddr ip;
        if (ip_parse(s, &ip) == 0) {
            IpAddr again;
            check(ip_parse(ip.text, &again) == 0 && !strcmp(ip.text, again.text), "ip");
            (void)ip_scope(&ip);
        }
        (void)ip_check_public(&a, s, &out);
        break;
    }
    case 9: {
        char *nl = strchr(s, '\n');
        if (nl) *nl = 0;
        (void)home_url_check(&a, s, nl ? nl + 1 : "example.cn", &out);
        break;
    }
    case 10:
        (void)site_name_check(s, NATURE_INDIVIDUAL, "example.cn", 0);
        (void)site_name_check(s, NATURE_ENTERPRISE, s, 0);
        (void)site_name_preapprovals(s);
        (void)site_description_check(s);
        break;
    case 11:
        numbers(&a, s);
        break;
    case 12: {
        char *p = s, *c = strchr(p, '\n'), *d = NULL;
        if (c) *c++ = 0, d = strchr(c, '\n');
        if (d) *d++ = 0;
        (void)region_check(p, c ? c : "", d ? d : "");
        (void)region_find(p);
        (void)region_area_codes(p);
        break;
    }
    default:
        whole(&a, s, data[0] / 14);
        break;
    }
    arena_free(&a);
    return 0;
}
