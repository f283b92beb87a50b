/*
** Unit tests of the simulator's engine (src/simulator) on a fresh SQLite
** database: numbering, the life of a request through SMS verification and
** review (approval with numbers and BASJ, returns, SMS wrong 5 times and
** expired), claims of subjects filed elsewhere, cancellations, the sequence
** rules and the download queue with its acknowledgements.
*/
#include "simulator_test.h"

#include "rules/filing_number.h"

/* A new filing of one enterprise site, numbered from base. */
static UploadData new_filing(int64_t base, const char *cert, const char *domain) {
    RegSubject s = fx_subject(&T.a, base, "杭州示例科技有限公司", 1, cert, 330000, "13800000001");
    RegSite site = fx_site(&T.a, base + 100, "示例科技官方网站", domain, "13800000002");
    return fx_xzba(&T.a, s, &site, 1, true);
}

static const char *const both[] = {"13800000001", "13800000002"};

/* File one new filing to approval; returns the approval's file. */
static DownloadData file_approved(int64_t base, const char *cert, const char *domain) {
    UploadData d = new_filing(base, cert, domain);
    st_upload(&d);
    st_next_expect(REG_SMS_SENT, 1, NULL);
    st_pass_sms(both, 2);
    st_next_expect(REG_SMS_PASSED, 1, NULL);
    return st_next_expect(1001, 1, NULL);
}

static void test_numbers(void **state) {
    (void)state;
    char *a1, *a2, *b1;
    int64_t now = sim_now(T.db);
    assert_int_equal(registry_next_number(T.db, &T.a, 330000, now, &a1), 0);
    assert_int_equal(registry_next_number(T.db, &T.a, 330000, now, &a2), 0);
    assert_int_equal(registry_next_number(T.db, &T.a, 110000, now, &b1), 0);
    FilingNumber f1, f2, g1;
    assert_int_equal(filing_subject_number_parse(a1, &f1), 0);
    assert_int_equal(filing_subject_number_parse(a2, &f2), 0);
    assert_int_equal(filing_subject_number_parse(b1, &g1), 0);
    assert_string_equal(f1.prefix, "浙");
    assert_string_equal(g1.prefix, "京");
    assert_int_equal(strlen(f1.serial), 8);
    assert_int_equal(atoi(f2.serial), atoi(f1.serial) + 1);
    assert_int_equal(atoi(g1.serial) % 1000000, 1);
    char *year = sim_time_text(&T.a, now);
    assert_memory_equal(f1.serial, year + 2, 2); /* yy of the year */
}

static void test_new_filing_approved(void **state) {
    (void)state;
    UploadData d = new_filing(501, "91330108MA27A00001", "example-a.cn");
    st_upload(&d);
    DownloadData sms = st_next_expect(REG_SMS_SENT, 1, "501");
    const char *dmms = sms.results[0].codes[0].desc;
    int64_t sent = 0, deadline = 0;
    assert_int_equal(db_query_i64(T.db, &sent, "SELECT min(sent_at) FROM sim_sms", ""), DB_ROW);
    assert_int_equal(db_query_i64(T.db, &deadline, "SELECT max(deadline) FROM sim_sms", ""),
                     DB_ROW);
    assert_int_equal(deadline - sent, SIM_SMS_VALID_S); /* 24 hours */
    assert_string_equal(dmms + strlen(dmms) - 19, sim_time_text(&T.a, deadline));
    assert_true(st_queue_empty());
    const char *right = st_code("13800000001");
    assert_int_equal(st_answer("13800000001", strcmp(right, "000000") ? "000000" : "000001"),
                     SMS_WRONG);
    st_pass_sms(both, 2);
    st_next_expect(REG_SMS_PASSED, 1, "501");
    DownloadData ok = st_next_expect(1001, 1, "501");
    assert_int_equal(ok.n_reviews, 1);
    assert_int_equal(ok.reviews[0].approved, 1);
    assert_int_equal(ok.reviews[0].record_id, 501);
    assert_true(ok.has_filed);
    const DlFiling *f = &ok.filed[0];
    FilingNumber n;
    assert_int_equal(filing_subject_number_parse(f->subject.number, &n), 0);
    assert_string_equal(n.prefix, "浙");
    assert_int_equal(f->subject.isp_id, 501);
    assert_true(f->subject.bureau_id > 0);
    assert_int_equal(f->n_sites, 1);
    const RegSite *s = &f->sites[0];
    assert_string_equal(s->number, arena_printf(&T.a, "%s-1", f->subject.number));
    assert_int_equal(s->isp_id, 601);
    assert_true(s->bureau_id > 0 && s->domains[0].bureau_id > 0 && s->access[0].bureau_id > 0);
    assert_int_equal(s->domains[0].isp_id, 602);
    assert_int_equal(s->access[0].provider_id, FX_ISP);
    assert_true(s->access[0].ips[0].bureau_id > 0);
    SimSite found;
    assert_int_equal(registry_site_of_domain(T.db, &T.a, "EXAMPLE-A.cn", &found), 0);
    assert_string_equal(found.number, s->number);
    int64_t pw = 0;
    assert_int_equal(db_query_i64(T.db, &pw,
                                  "SELECT count(*) FROM sim_messages WHERE text LIKE '%备案密码%'",
                                  ""),
                     DB_ROW);
    assert_int_equal(pw, 1);
    assert_true(st_queue_empty());
}

static void test_sms_wrong_five_times(void **state) {
    (void)state;
    UploadData d = new_filing(511, "91330108MA27A00011", "example-b.cn");
    st_upload(&d);
    st_next_expect(REG_SMS_SENT, 1, "511");
    const char *right = st_code("13800000002");
    const char *wrong = strcmp(right, "111111") ? "111111" : "222222";
    for (int i = 0; i < 4; i++)
        assert_int_equal(st_answer("13800000002", wrong), SMS_WRONG);
    assert_int_equal(st_answer("13800000002", wrong), SMS_FAILED);
    DownloadData f = st_next_expect(REG_SMS_FAILED, 1, "511");
    assert_non_null(strstr(f.results[0].codes[0].desc, "5 次"));
    assert_int_equal(st_answer("13800000002", right), SMS_NONE);
    assert_true(st_queue_empty());
    /* The domain is free again: the same filing passes intake. */
    d = new_filing(521, "91330108MA27A00011", "example-b.cn");
    st_upload(&d);
    st_next_expect(REG_SMS_SENT, 1, "521");
}

static int advance_tx(Db *db, void *ctx) {
    return sim_clock_advance(db, *(int64_t *)ctx);
}

static void advance(int64_t seconds) {
    assert_int_equal(db_tx(T.db, advance_tx, &seconds), 0);
    st_tick();
}

static void test_sms_expires(void **state) {
    (void)state;
    UploadData d = new_filing(531, "91330108MA27A00031", "example-c.cn");
    st_upload(&d);
    st_next_expect(REG_SMS_SENT, 1, "531");
    advance(SIM_SMS_VALID_S - 10);
    assert_true(st_queue_empty());
    advance(20);
    DownloadData f = st_next_expect(REG_SMS_FAILED, 1, "531");
    assert_non_null(strstr(f.results[0].codes[0].desc, "超时"));
}

static void test_review_delay_and_return(void **state) {
    (void)state;
    SimSettings s = {.review_delay_s = 60, .return_rate = 100, .queue_limit = 100, .bamm_limit = 5};
    assert_int_equal(simstore_settings_save(T.db, &s), 0);
    UploadData d = new_filing(541, "91330108MA27A00041", "example-d.cn");
    st_upload(&d);
    st_next_expect(REG_SMS_SENT, 1, "541");
    st_pass_sms(both, 2);
    st_next_expect(REG_SMS_PASSED, 1, "541");
    advance(30);
    assert_true(st_queue_empty());
    advance(31);
    DownloadData r = st_next_expect(1002, 1, "541");
    assert_int_equal(r.n_reviews, 1);
    assert_int_equal(r.reviews[0].approved, 0);
    assert_int_equal(r.reviews[0].record_id, 541);
    assert_non_null(r.reviews[0].opinion);
    assert_false(r.has_filed);
}

static void test_claim_subject_filed_elsewhere(void **state) {
    (void)state;
    const SimDemo *li = &T.demos[1]; /* the individual, hosted by another provider */
    RegSite site = fx_site(&T.a, 701, "李明的摄影作品", "liming-photo.cn", "13800000007");
    UploadData d = fx_xzwz(&T.a, li->number, &site, 1, st_icpmm(li->password));
    st_upload(&d);
    st_next_expect(REG_SMS_SENT, 2, li->number);
    const char *const mobiles[] = {"13922220002", "13800000007"};
    st_pass_sms(mobiles, 2);
    st_next_expect(REG_SMS_PASSED, 2, li->number);
    DownloadData ok = st_next_expect(1001, 2, li->number);
    assert_int_equal(ok.reviews[0].record_id, 701);
    const DlFiling *f = &ok.filed[0];
    assert_string_equal(f->subject.number, li->number);
    assert_int_equal(f->n_sites, 2);
    assert_string_equal(f->sites[0].number, li->site_number);
    assert_int_equal(f->sites[0].access[0].provider_id, 2003);
    assert_string_equal(f->sites[1].number, arena_printf(&T.a, "%s-2", li->number));
    assert_int_equal(f->sites[1].isp_id, 701);
    assert_int_equal(f->sites[1].access[0].provider_id, FX_ISP);
}

static void test_cancel_site(void **state) {
    (void)state;
    DownloadData ok = file_approved(551, "91330108MA27A00051", "example-e.cn");
    int64_t wzid = ok.filed[0].sites[0].bureau_id;
    UploadData d = fx_zxba(&T.a, 1, wzid, NULL);
    const char *bs = arena_printf(&T.a, "%lld", (long long)wzid);
    st_upload(&d);
    st_next_expect(REG_SMS_SENT, 7, bs);
    const char *const site_principal[] = {"13800000002"};
    st_pass_sms(site_principal, 1);
    st_next_expect(REG_SMS_PASSED, 7, bs);
    DownloadData c = st_next_expect(1001, 7, bs);
    assert_true(c.has_cancels);
    assert_int_equal(c.n_cancels, 1);
    assert_int_equal(c.cancels[0].kind, 1);
    assert_int_equal(c.cancels[0].record_id, wzid);
    SimSite gone;
    assert_int_equal(registry_site_of_domain(T.db, &T.a, "example-e.cn", &gone), -ERR_NOT_FOUND);
}

/* The filing password the administration "sent" with an approval. */
static const char *password_sent(void) {
    DbStmt *st;
    assert_int_equal(db_query(T.db, &st,
                              "SELECT text FROM sim_messages WHERE text LIKE '%备案密码%' "
                              "ORDER BY id DESC",
                              ""),
                     DB_ROW);
    char *text = db_col_text(st, &T.a, 0);
    db_done(st);
    char *p = strstr(text, "备案密码 ");
    assert_non_null(p);
    p += strlen("备案密码 ");
    char *end = strstr(p, "，");
    assert_non_null(end);
    *end = 0;
    return p;
}

/* Pass the SMS of the item just sent and read its approval (or, without
** mobiles, the approval alone). */
static DownloadData approved(int64_t czlx, const char *bs, const char *const *mobiles, size_t n) {
    if (n) {
        st_next_expect(REG_SMS_SENT, czlx, bs);
        st_pass_sms(mobiles, n);
        st_next_expect(REG_SMS_PASSED, czlx, bs);
    }
    return st_next_expect(1001, czlx, bs);
}

static void test_change_access_and_cancel_approved(void **state) {
    (void)state;
    DownloadData ok = file_approved(591, "91330108MA27A00091", "example-i.cn");
    const char *password = password_sent();
    RegSubject subj = ok.filed[0].subject;
    { /* A change: the investor, and a new domain for the site. */
        UploadChange ch = {.subject = subj, .sites = ok.filed[0].sites, .n_sites = 1};
        ch.subject.investor = "新的投资人";
        RegSite site = ok.filed[0].sites[0];
        RegDomain *d = ARENA_NEW(&T.a, RegDomain, 2);
        d[0] = site.domains[0];
        d[1] = (RegDomain){.isp_id = 699, .name = "example-i2.cn"}; /* a new domain */
        site.domains = d, site.n_domains = 2;
        ch.sites = &site;
        UploadData up = {.op = UPLOAD_BGBA, .requester = FX_ISP, .n = 1, .changes = &ch};
        st_upload(&up);
        DownloadData c = approved(4, subj.number, both, 2);
        assert_string_equal(c.filed[0].subject.investor, "新的投资人");
        assert_int_equal(c.filed[0].sites[0].n_domains, 2);
        assert_true(c.filed[0].sites[0].domains[1].bureau_id > 0);
        SimSite s2;
        assert_int_equal(registry_site_of_domain(T.db, &T.a, "example-i2.cn", &s2), 0);
    }
    /* A new access to the demo enterprise's site, then cancelling it. */
    const SimDemo *ent = &T.demos[0];
    SimSite demo;
    assert_int_equal(registry_site(T.db, &T.a, 0, ent->site_number, &demo), 0);
    UploadNewAccess x = {.site_number = ent->site_number,
                         .access = fx_site(&T.a, 692, "x", "x.cn", "13800000009").access[0],
                         .attachments = fx_attachments(
                             &T.a, (RegAttachment[]){fx_attachment(1, 2, demo.id, NULL)}, 1),
                         .n_attachments = 1,
                         .icpmm = st_icpmm(ent->password)};
    UploadData up = {.op = UPLOAD_XZJR, .requester = FX_ISP, .n = 1, .new_access = &x};
    st_upload(&up);
    const char *const demo_mobile[] = {"13911110001"};
    DownloadData a = approved(3, "694", demo_mobile, 1);
    const RegSite *ws = &a.filed[0].sites[0];
    assert_int_equal(ws->n_access, 2);
    assert_int_equal(ws->access[0].provider_id, 2002);
    assert_int_equal(ws->access[1].provider_id, FX_ISP);
    int64_t jrid = ws->access[1].bureau_id;
    up = fx_zxba(&T.a, 2, jrid, NULL);
    st_upload(&up);
    DownloadData ca = approved(5, arena_printf(&T.a, "%lld", (long long)jrid), NULL, 0);
    assert_int_equal(ca.filed[0].sites[0].n_access, 1); /* no SMS for an access */
    /* Cancelling our subject with its filing password. */
    up = fx_zxba(&T.a, 0, subj.bureau_id, st_icpmm(password));
    st_upload(&up);
    const char *const subj_mobile[] = {"13800000001"};
    DownloadData cs =
        approved(6, arena_printf(&T.a, "%lld", (long long)subj.bureau_id), subj_mobile, 1);
    assert_int_equal(cs.n_cancels, 2);
    assert_int_equal(cs.cancels[0].kind, 0);
    assert_int_equal(cs.cancels[0].record_id, subj.bureau_id);
    assert_int_equal(cs.cancels[1].kind, 1);
    SimSubject gone;
    assert_int_equal(registry_subject(T.db, &T.a, subj.bureau_id, NULL, &gone), 0);
    assert_string_equal(gone.state, "cancelled");
    assert_int_equal(registry_site_of_domain(T.db, &T.a, "example-i.cn", &demo), -ERR_NOT_FOUND);
}

static void test_sequence(void **state) {
    (void)state;
    int64_t last;
    SeqVerdict v;
    assert_int_equal(engine_sequence(T.db, 1, &last, &v), 0);
    assert_int_equal(v, SEQ_NEXT);
    assert_int_equal(last, 0);
    assert_int_equal(engine_sequence(T.db, 3, &last, &v), 0);
    assert_int_equal(v, SEQ_GAP);
    UploadData d = new_filing(561, "91330108MA27A00061", "example-f.cn");
    st_upload(&d);
    assert_int_equal(engine_sequence(T.db, 1, &last, &v), 0);
    assert_int_equal(v, SEQ_REPEAT);
    assert_int_equal(last, 1);
    assert_int_equal(engine_sequence(T.db, 2, &last, &v), 0);
    assert_int_equal(v, SEQ_NEXT);
    int64_t flight = 0;
    assert_int_equal(engine_in_flight(T.db, &flight), 0);
    assert_int_equal(flight, 1);
}

static void test_download_queue(void **state) {
    (void)state;
    UploadData d = new_filing(571, "91330108MA27A00071", "example-g.cn");
    st_upload(&d);
    d = new_filing(581, "91330108MA27A00081", "example-h.cn");
    st_upload(&d);
    DlFile h1, h2;
    assert_int_equal(dlqueue_head(T.db, &T.a, &h1), 0);
    assert_int_equal(dlqueue_head(T.db, &T.a, &h2), 0);
    assert_string_equal(h1.name, h2.name); /* the head repeats until acknowledged */
    assert_int_equal(h1.pending, 2);
    int64_t now = sim_now(T.db);
    assert_int_equal(dlqueue_ack(T.db, "DL00000000000000_999999.xml", now), -ERR_NOT_FOUND);
    assert_int_equal(dlqueue_ack(T.db, h1.name, now), 0);
    assert_int_equal(dlqueue_ack(T.db, h1.name, now), 0); /* again: still 0 */
    assert_int_equal(dlqueue_head(T.db, &T.a, &h2), 0);
    assert_string_not_equal(h1.name, h2.name);
    assert_int_equal(h2.pending, 1);
    st_next_expect(REG_SMS_SENT, 1, "581");
    assert_true(st_queue_empty());
}

/* The call log is bounded: the newest SIM_CALLS_KEPT calls stay. */
static void test_call_log_bounded(void **state) {
    (void)state;
    int calls = SIM_CALLS_KEPT + 2500;
    assert_int_equal(db_exec(T.db, "BEGIN", ""), DB_DONE);
    for (int i = 1; i <= calls; i++)
        simstore_log_call(T.db, i, "isp_download", "127.0.0.1", 2, NULL);
    assert_int_equal(db_exec(T.db, "COMMIT", ""), DB_DONE);
    int64_t n = 0, newest = 0;
    assert_int_equal(db_query_i64(T.db, &n, "SELECT count(*) FROM sim_calls", ""), DB_ROW);
    assert_int_equal(db_query_i64(T.db, &newest, "SELECT max(at) FROM sim_calls", ""), DB_ROW);
    assert_true(n >= SIM_CALLS_KEPT && n < SIM_CALLS_KEPT + 1000);
    assert_int_equal(newest, calls);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_numbers, st_setup, st_teardown),
        cmocka_unit_test_setup_teardown(test_new_filing_approved, st_setup, st_teardown),
        cmocka_unit_test_setup_teardown(test_sms_wrong_five_times, st_setup, st_teardown),
        cmocka_unit_test_setup_teardown(test_sms_expires, st_setup, st_teardown),
        cmocka_unit_test_setup_teardown(test_review_delay_and_return, st_setup, st_teardown),
        cmocka_unit_test_setup_teardown(test_claim_subject_filed_elsewhere, st_setup, st_teardown),
        cmocka_unit_test_setup_teardown(test_cancel_site, st_setup, st_teardown),
        cmocka_unit_test_setup_teardown(test_change_access_and_cancel_approved, st_setup,
                                        st_teardown),
        cmocka_unit_test_setup_teardown(test_sequence, st_setup, st_teardown),
        cmocka_unit_test_setup_teardown(test_download_queue, st_setup, st_teardown),
        cmocka_unit_test_setup_teardown(test_call_log_bounded, st_setup, st_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
