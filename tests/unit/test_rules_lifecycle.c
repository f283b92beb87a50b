/*
** Unit tests for rules/lifecycle: the state machine, checked exhaustively over
** every (kind, state, event, role) against a list of allowed moves written out
** here independently of the implementation's table; the state predicates;
** and the derivation of subject and site statuses (seed §3).
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/err.h"
#include "rules/lifecycle.h"

/* Which kinds a row applies to. */
enum { ALL_KINDS, SMS_KINDS, NO_SMS_KINDS };

typedef struct Move {
    AppState from;
    AppEvent event;
    Role role;
    AppState to;
    int kinds;
} Move;

/* Every move that must succeed, one row per role (docs/lifecycle.md). */
static const Move allowed[] = {
    {STATE_DRAFT, EVENT_SUBMIT, ROLE_CUSTOMER, STATE_PROVIDER_REVIEW, ALL_KINDS},
    {STATE_DRAFT, EVENT_WITHDRAW, ROLE_CUSTOMER, STATE_WITHDRAWN, ALL_KINDS},
    {STATE_PROVIDER_REVIEW, EVENT_WITHDRAW, ROLE_CUSTOMER, STATE_WITHDRAWN, ALL_KINDS},
    /* Passing review hands the application to the administration: it waits
    ** to be sent (待报送管局) until the gateway sends it. */
    {STATE_PROVIDER_REVIEW, EVENT_PROVIDER_APPROVE, ROLE_REVIEWER, STATE_TO_REGULATOR, ALL_KINDS},
    {STATE_PROVIDER_REVIEW, EVENT_PROVIDER_APPROVE, ROLE_ADMIN, STATE_TO_REGULATOR, ALL_KINDS},
    {STATE_TO_REGULATOR, EVENT_SEND, ROLE_SYSTEM, STATE_SMS_VERIFICATION, SMS_KINDS},
    {STATE_TO_REGULATOR, EVENT_SEND, ROLE_SYSTEM, STATE_REGULATOR_REVIEW, NO_SMS_KINDS},
    /* A pass not sent yet can be taken back. */
    {STATE_TO_REGULATOR, EVENT_REOPEN, ROLE_REVIEWER, STATE_PROVIDER_REVIEW, ALL_KINDS},
    {STATE_TO_REGULATOR, EVENT_REOPEN, ROLE_ADMIN, STATE_PROVIDER_REVIEW, ALL_KINDS},
    {STATE_PROVIDER_REVIEW, EVENT_PROVIDER_RETURN, ROLE_REVIEWER, STATE_PROVIDER_RETURNED,
     ALL_KINDS},
    {STATE_PROVIDER_REVIEW, EVENT_PROVIDER_RETURN, ROLE_ADMIN, STATE_PROVIDER_RETURNED, ALL_KINDS},
    {STATE_PROVIDER_RETURNED, EVENT_RESUBMIT, ROLE_CUSTOMER, STATE_PROVIDER_REVIEW, ALL_KINDS},
    {STATE_PROVIDER_RETURNED, EVENT_WITHDRAW, ROLE_CUSTOMER, STATE_WITHDRAWN, ALL_KINDS},
    {STATE_PROVIDER_RETURNED, EVENT_REOPEN, ROLE_REVIEWER, STATE_PROVIDER_REVIEW, ALL_KINDS},
    {STATE_PROVIDER_RETURNED, EVENT_REOPEN, ROLE_ADMIN, STATE_PROVIDER_REVIEW, ALL_KINDS},
    {STATE_PROVIDER_RETURNED, EVENT_EXPIRE, ROLE_SYSTEM, STATE_CLOSED, ALL_KINDS},
    {STATE_SMS_VERIFICATION, EVENT_SMS_PASSED, ROLE_SYSTEM, STATE_REGULATOR_REVIEW, SMS_KINDS},
    {STATE_SMS_VERIFICATION, EVENT_SMS_FAILED, ROLE_SYSTEM, STATE_REGULATOR_RETURNED, SMS_KINDS},
    {STATE_SMS_VERIFICATION, EVENT_REGULATOR_RETURN, ROLE_SYSTEM, STATE_REGULATOR_RETURNED,
     SMS_KINDS},
    {STATE_REGULATOR_REVIEW, EVENT_REGULATOR_APPROVE, ROLE_SYSTEM, STATE_APPROVED, ALL_KINDS},
    {STATE_REGULATOR_REVIEW, EVENT_REGULATOR_RETURN, ROLE_SYSTEM, STATE_REGULATOR_RETURNED,
     ALL_KINDS},
    {STATE_REGULATOR_RETURNED, EVENT_RESUBMIT, ROLE_CUSTOMER, STATE_PROVIDER_REVIEW, ALL_KINDS},
    {STATE_REGULATOR_RETURNED, EVENT_WITHDRAW, ROLE_CUSTOMER, STATE_WITHDRAWN, ALL_KINDS},
    {STATE_REGULATOR_RETURNED, EVENT_REOPEN, ROLE_REVIEWER, STATE_PROVIDER_REVIEW, ALL_KINDS},
    {STATE_REGULATOR_RETURNED, EVENT_REOPEN, ROLE_ADMIN, STATE_PROVIDER_REVIEW, ALL_KINDS},
    /* The provider handles a return of the administration itself: sends it
    ** again (the verification form attached, seed §4.1) or passes it on to
    ** the customer with reasons. */
    {STATE_REGULATOR_RETURNED, EVENT_PROVIDER_APPROVE, ROLE_REVIEWER, STATE_TO_REGULATOR,
     ALL_KINDS},
    {STATE_REGULATOR_RETURNED, EVENT_PROVIDER_APPROVE, ROLE_ADMIN, STATE_TO_REGULATOR, ALL_KINDS},
    {STATE_REGULATOR_RETURNED, EVENT_PROVIDER_RETURN, ROLE_REVIEWER, STATE_PROVIDER_RETURNED,
     ALL_KINDS},
    {STATE_REGULATOR_RETURNED, EVENT_PROVIDER_RETURN, ROLE_ADMIN, STATE_PROVIDER_RETURNED,
     ALL_KINDS},
    {STATE_REGULATOR_RETURNED, EVENT_EXPIRE, ROLE_SYSTEM, STATE_CLOSED, ALL_KINDS},
};
#define N_ALLOWED (sizeof allowed / sizeof allowed[0])

/* Only cancelling access goes to the administration without SMS verification. */
static bool kind_has_sms(AppKind k) {
    return k != KIND_CANCEL_ACCESS;
}

static bool row_applies(const Move *m, AppKind k) {
    if (m->kinds == SMS_KINDS) return kind_has_sms(k);
    if (m->kinds == NO_SMS_KINDS) return !kind_has_sms(k);
    return true;
}

static bool is_terminal(AppState s) {
    return s == STATE_APPROVED || s == STATE_WITHDRAWN || s == STATE_CLOSED;
}

static int expected(AppKind k, AppState from, AppEvent ev, Role role, AppState *to) {
    if (from == STATE_SMS_VERIFICATION && !kind_has_sms(k)) return -ERR_LC_STATE_KIND;
    if (is_terminal(from)) return -ERR_LC_TERMINAL;
    bool other_role = false;
    for (size_t i = 0; i < N_ALLOWED; i++) {
        const Move *m = &allowed[i];
        if (m->from != from || m->event != ev || !row_applies(m, k)) continue;
        if (m->role == role) {
            *to = m->to;
            return 0;
        }
        other_role = true;
    }
    return other_role ? -ERR_LC_ROLE : -ERR_LC_EVENT_STATE;
}

static void test_exhaustive(void **state) {
    (void)state;
    int ok = 0, by_code[5] = {0};
    for (int k = 1; k < KIND__COUNT; k++)
        for (int s = 1; s < STATE__COUNT; s++)
            for (int e = 1; e < EVENT__COUNT; e++)
                for (int r = 1; r < ROLE__COUNT; r++) {
                    AppState want_to = 0, got_to = (AppState)99;
                    int want = expected(k, s, e, r, &want_to);
                    int got = lifecycle_next(k, s, e, r, &got_to);
                    if (got != want)
                        print_error("kind %s state %s event %s role %s: got %s want %s\n",
                                    app_kind_id(k), app_state_id(s), app_event_id(e), role_id(r),
                                    err_name(got), err_name(want));
                    assert_int_equal(got, want);
                    if (want == 0) {
                        assert_int_equal(got_to, want_to);
                        ok++;
                    } else {
                        assert_int_equal(got_to, 99); /* untouched on error */
                        int c = -want;
                        by_code[c == ERR_LC_STATE_KIND    ? 0
                                : c == ERR_LC_TERMINAL    ? 1
                                : c == ERR_LC_EVENT_STATE ? 2
                                : c == ERR_LC_ROLE        ? 3
                                                          : 4]++;
                    }
                }
    /* The list has 33 rows: the 9 kinds with SMS use 29 of them (not the
    ** send-without-SMS row); cancel_access uses 26 (not the send-to-SMS row
    ** nor the 3 sms_verification rows). The totals pin the table's size. */
    assert_int_equal(ok, 9 * 29 + 26);
    assert_int_equal(by_code[4], 0);
    /* cancel_access in sms_verification: every event, every role. */
    assert_int_equal(by_code[0], (EVENT__COUNT - 1) * (ROLE__COUNT - 1));
    /* Three terminal states, all kinds, events, roles. */
    assert_int_equal(by_code[1], 3 * (KIND__COUNT - 1) * (EVENT__COUNT - 1) * (ROLE__COUNT - 1));
    assert_true(by_code[2] > 0 && by_code[3] > 0);
}

static void test_unknown_values(void **state) {
    (void)state;
    AppState to = STATE_DRAFT;
    assert_int_equal(lifecycle_next(0, STATE_DRAFT, EVENT_SUBMIT, ROLE_CUSTOMER, &to),
                     -ERR_LC_UNKNOWN);
    assert_int_equal(lifecycle_next(KIND__COUNT, STATE_DRAFT, EVENT_SUBMIT, ROLE_CUSTOMER, &to),
                     -ERR_LC_UNKNOWN);
    assert_int_equal(lifecycle_next(KIND_NEW_SITE, 0, EVENT_SUBMIT, ROLE_CUSTOMER, &to),
                     -ERR_LC_UNKNOWN);
    assert_int_equal(lifecycle_next(KIND_NEW_SITE, STATE__COUNT, EVENT_SUBMIT, ROLE_CUSTOMER, &to),
                     -ERR_LC_UNKNOWN);
    assert_int_equal(lifecycle_next(KIND_NEW_SITE, STATE_DRAFT, 0, ROLE_CUSTOMER, &to),
                     -ERR_LC_UNKNOWN);
    assert_int_equal(lifecycle_next(KIND_NEW_SITE, STATE_DRAFT, EVENT__COUNT, ROLE_CUSTOMER, &to),
                     -ERR_LC_UNKNOWN);
    assert_int_equal(lifecycle_next(KIND_NEW_SITE, STATE_DRAFT, EVENT_SUBMIT, 0, &to),
                     -ERR_LC_UNKNOWN);
    assert_int_equal(lifecycle_next(KIND_NEW_SITE, STATE_DRAFT, EVENT_SUBMIT, ROLE__COUNT, &to),
                     -ERR_LC_UNKNOWN);
    assert_int_equal(lifecycle_next(KIND_NEW_SITE, STATE_DRAFT, EVENT_SUBMIT, ROLE_CUSTOMER, NULL),
                     -ERR_LC_UNKNOWN);
    assert_int_equal(to, STATE_DRAFT);
}

static void test_error_registry(void **state) {
    (void)state;
    assert_string_equal(err_name(-ERR_LC_ROLE), "lc_role");
    assert_int_equal(err_status(-ERR_LC_ROLE), 403);
    assert_int_equal(err_status(-ERR_LC_EVENT_STATE), 409);
    assert_int_equal(err_status(-ERR_LC_TERMINAL), 409);
    assert_int_equal(err_status(-ERR_LC_UNKNOWN), 400);
    assert_int_equal(err_by_name("lc_state_kind"), ERR_LC_STATE_KIND);
    assert_string_equal(err_msg(-ERR_LC_EVENT_STATE, LANG_ZH), "申请当前所处的阶段不允许此操作");
}

/* Run a chain of (event, role) from draft and return the final state. */
static AppState walk(AppKind k, const AppEvent *evs, const Role *roles, size_t n) {
    AppState s = STATE_DRAFT;
    for (size_t i = 0; i < n; i++) {
        AppState to;
        assert_int_equal(lifecycle_next(k, s, evs[i], roles[i], &to), 0);
        s = to;
    }
    return s;
}

static void test_seed_flows(void **state) {
    (void)state;
    /* Seed §1.1: new website, subject filed elsewhere, through to approval. */
    AppEvent e1[] = {EVENT_SUBMIT, EVENT_PROVIDER_APPROVE, EVENT_SEND, EVENT_SMS_PASSED,
                     EVENT_REGULATOR_APPROVE};
    Role r1[] = {ROLE_CUSTOMER, ROLE_REVIEWER, ROLE_SYSTEM, ROLE_SYSTEM, ROLE_SYSTEM};
    assert_int_equal(walk(KIND_NEW_SITE_EXTERNAL, e1, r1, 5), STATE_APPROVED);
    /* Seed §4.1: returned by the administration, resubmitted, approved. */
    AppEvent e2[] = {EVENT_SUBMIT,
                     EVENT_PROVIDER_APPROVE,
                     EVENT_SEND,
                     EVENT_SMS_PASSED,
                     EVENT_REGULATOR_RETURN,
                     EVENT_RESUBMIT,
                     EVENT_PROVIDER_APPROVE,
                     EVENT_SEND,
                     EVENT_SMS_PASSED,
                     EVENT_REGULATOR_APPROVE};
    Role r2[] = {ROLE_CUSTOMER, ROLE_REVIEWER, ROLE_SYSTEM, ROLE_SYSTEM, ROLE_SYSTEM,
                 ROLE_CUSTOMER, ROLE_ADMIN,    ROLE_SYSTEM, ROLE_SYSTEM, ROLE_SYSTEM};
    assert_int_equal(walk(KIND_NEW_SITE, e2, r2, 10), STATE_APPROVED);
    /* Seed §4.1 again: the form was missing; the provider attaches it and sends again. */
    AppEvent e6[] = {EVENT_SUBMIT,           EVENT_PROVIDER_APPROVE, EVENT_SEND,
                     EVENT_REGULATOR_RETURN, EVENT_PROVIDER_APPROVE, EVENT_SEND};
    Role r6[] = {ROLE_CUSTOMER, ROLE_REVIEWER, ROLE_SYSTEM,
                 ROLE_SYSTEM,   ROLE_REVIEWER, ROLE_SYSTEM};
    assert_int_equal(walk(KIND_NEW_SITE, e6, r6, 6), STATE_SMS_VERIFICATION);
    /* Returned by us, idle for 45 days. */
    AppEvent e3[] = {EVENT_SUBMIT, EVENT_PROVIDER_RETURN, EVENT_EXPIRE};
    Role r3[] = {ROLE_CUSTOMER, ROLE_REVIEWER, ROLE_SYSTEM};
    assert_int_equal(walk(KIND_FIRST_FILING, e3, r3, 3), STATE_CLOSED);
    /* Cancelling access skips SMS verification. */
    AppEvent e4[] = {EVENT_SUBMIT, EVENT_PROVIDER_APPROVE, EVENT_SEND, EVENT_REGULATOR_APPROVE};
    Role r4[] = {ROLE_CUSTOMER, ROLE_REVIEWER, ROLE_SYSTEM, ROLE_SYSTEM};
    assert_int_equal(walk(KIND_CANCEL_ACCESS, e4, r4, 4), STATE_APPROVED);
    /* SMS timed out: the administration returns it; the customer abandons it. */
    AppEvent e5[] = {EVENT_SUBMIT, EVENT_PROVIDER_APPROVE, EVENT_SEND, EVENT_SMS_FAILED,
                     EVENT_WITHDRAW};
    Role r5[] = {ROLE_CUSTOMER, ROLE_REVIEWER, ROLE_SYSTEM, ROLE_SYSTEM, ROLE_CUSTOMER};
    assert_int_equal(walk(KIND_CHANGE_SITE, e5, r5, 5), STATE_WITHDRAWN);
}

static void test_events_mask(void **state) {
    (void)state;
    unsigned b = 1;
    assert_int_equal(lifecycle_events(KIND_NEW_SITE, STATE_DRAFT, ROLE_CUSTOMER),
                     (b << EVENT_SUBMIT) | (b << EVENT_WITHDRAW));
    assert_int_equal(lifecycle_events(KIND_NEW_SITE, STATE_DRAFT, ROLE_REVIEWER), 0);
    assert_int_equal(lifecycle_events(KIND_NEW_SITE, STATE_PROVIDER_REVIEW, ROLE_REVIEWER),
                     (b << EVENT_PROVIDER_APPROVE) | (b << EVENT_PROVIDER_RETURN));
    assert_int_equal(lifecycle_events(KIND_NEW_SITE, STATE_REGULATOR_RETURNED, ROLE_CUSTOMER),
                     (b << EVENT_RESUBMIT) | (b << EVENT_WITHDRAW));
    assert_int_equal(lifecycle_events(KIND_NEW_SITE, STATE_REGULATOR_RETURNED, ROLE_ADMIN),
                     (b << EVENT_REOPEN) | (b << EVENT_PROVIDER_APPROVE) |
                         (b << EVENT_PROVIDER_RETURN));
    assert_int_equal(lifecycle_events(KIND_NEW_SITE, STATE_TO_REGULATOR, ROLE_REVIEWER),
                     b << EVENT_REOPEN);
    assert_int_equal(lifecycle_events(KIND_NEW_SITE, STATE_TO_REGULATOR, ROLE_CUSTOMER), 0);
    assert_int_equal(lifecycle_events(KIND_NEW_SITE, STATE_TO_REGULATOR, ROLE_SYSTEM),
                     b << EVENT_SEND);
    assert_int_equal(lifecycle_events(KIND_NEW_SITE, STATE_SMS_VERIFICATION, ROLE_SYSTEM),
                     (b << EVENT_SMS_PASSED) | (b << EVENT_SMS_FAILED) |
                         (b << EVENT_REGULATOR_RETURN));
    assert_int_equal(lifecycle_events(KIND_CANCEL_ACCESS, STATE_SMS_VERIFICATION, ROLE_SYSTEM), 0);
    assert_int_equal(lifecycle_events(KIND_NEW_SITE, STATE_APPROVED, ROLE_ADMIN), 0);
    assert_int_equal(lifecycle_events(0, STATE_DRAFT, ROLE_CUSTOMER), 0);
}

static void test_predicates(void **state) {
    (void)state;
    /* state, in flight, customer can edit, terminal */
    static const struct {
        AppState s;
        bool flight, edit, term;
    } rows[] = {
        {STATE_DRAFT, true, true, false},
        {STATE_PROVIDER_REVIEW, true, false, false},
        {STATE_PROVIDER_RETURNED, true, true, false},
        {STATE_TO_REGULATOR, true, false, false},
        {STATE_SMS_VERIFICATION, true, false, false},
        {STATE_REGULATOR_REVIEW, true, false, false},
        {STATE_REGULATOR_RETURNED, true, true, false},
        {STATE_APPROVED, false, false, true},
        {STATE_WITHDRAWN, false, false, true},
        {STATE_CLOSED, false, false, true},
    };
    assert_int_equal(sizeof rows / sizeof rows[0], STATE__COUNT - 1);
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        assert_int_equal(lifecycle_in_flight(rows[i].s), rows[i].flight);
        assert_int_equal(lifecycle_customer_can_edit(rows[i].s), rows[i].edit);
        assert_int_equal(lifecycle_terminal(rows[i].s), rows[i].term);
    }
    assert_false(lifecycle_in_flight(0));
    assert_false(lifecycle_in_flight(STATE__COUNT));
    assert_true(lifecycle_state_possible(KIND_NEW_SITE, STATE_SMS_VERIFICATION));
    assert_false(lifecycle_state_possible(KIND_CANCEL_ACCESS, STATE_SMS_VERIFICATION));
    assert_true(lifecycle_state_possible(KIND_CANCEL_ACCESS, STATE_REGULATOR_REVIEW));
    assert_false(lifecycle_state_possible(0, STATE_DRAFT));
}

static SubjectStatus subj(AppKind k, AppState s, bool claimed, bool downloaded) {
    AppFact a = {k, s};
    SubjectFacts f = {&a, 1, claimed, downloaded};
    return subject_status_derive(&f);
}

static SiteStatus site1(AppKind k, AppState s) {
    AppFact a = {k, s};
    return site_status_derive(&a, 1);
}

/* Seed §3: a new website whose subject is not in our system. */
static void test_status_new_site_external(void **state) {
    (void)state;
    AppKind k = KIND_NEW_SITE_EXTERNAL;
    /* A: verify & submit not clicked. */
    assert_int_equal(subj(k, STATE_DRAFT, true, false), SUBJECT_PENDING_DOWNLOAD);
    assert_int_equal(site1(k, STATE_DRAFT), SITE_NOT_SUBMITTED);
    /* B: under review by us or by the administration. */
    static const AppState reviewing[] = {STATE_PROVIDER_REVIEW, STATE_PROVIDER_RETURNED,
                                         STATE_SMS_VERIFICATION, STATE_REGULATOR_REVIEW,
                                         STATE_REGULATOR_RETURNED};
    for (size_t i = 0; i < 5; i++) {
        assert_int_equal(subj(k, reviewing[i], true, false), SUBJECT_PENDING_DOWNLOAD);
        assert_int_equal(site1(k, reviewing[i]), SITE_IN_FILING);
    }
    /* Approved: the site is filed; the subject once its record is downloaded. */
    assert_int_equal(site1(k, STATE_APPROVED), SITE_FILED);
    assert_int_equal(subj(k, STATE_APPROVED, true, false), SUBJECT_PENDING_DOWNLOAD);
    assert_int_equal(subj(k, STATE_APPROVED, true, true), SUBJECT_FILED);
    assert_int_equal(site1(k, STATE_WITHDRAWN), SITE_NOT_SUBMITTED);
    assert_int_equal(site1(k, STATE_CLOSED), SITE_NOT_SUBMITTED);
}

static void test_status_first_filing(void **state) {
    (void)state;
    AppKind k = KIND_FIRST_FILING;
    assert_int_equal(subj(k, STATE_DRAFT, false, false), SUBJECT_UNFILED);
    assert_int_equal(subj(k, STATE_REGULATOR_REVIEW, false, false), SUBJECT_UNFILED);
    assert_int_equal(subj(k, STATE_WITHDRAWN, false, false), SUBJECT_UNFILED);
    assert_int_equal(subj(k, STATE_APPROVED, false, false), SUBJECT_FILED);
    assert_int_equal(site1(k, STATE_SMS_VERIFICATION), SITE_IN_FILING);
    assert_int_equal(site1(k, STATE_APPROVED), SITE_FILED);
    SubjectFacts none = {NULL, 0, false, false};
    assert_int_equal(subject_status_derive(&none), SUBJECT_UNFILED);
    assert_int_equal(site_status_derive(NULL, 0), SITE_NOT_SUBMITTED);
}

static void test_status_later_applications(void **state) {
    (void)state;
    AppFact subj_apps[] = {{KIND_FIRST_FILING, STATE_APPROVED},
                           {KIND_CHANGE_SUBJECT, STATE_REGULATOR_REVIEW}};
    SubjectFacts f = {subj_apps, 2, false, false};
    assert_int_equal(subject_status_derive(&f), SUBJECT_FILED);
    subj_apps[1] = (AppFact){KIND_CANCEL_SUBJECT, STATE_REGULATOR_REVIEW};
    assert_int_equal(subject_status_derive(&f), SUBJECT_FILED);
    subj_apps[1].state = STATE_APPROVED;
    assert_int_equal(subject_status_derive(&f), SUBJECT_CANCELLED);
    f.claimed = f.downloaded = true;
    assert_int_equal(subject_status_derive(&f), SUBJECT_CANCELLED);

    AppFact site_apps[4] = {{KIND_NEW_SITE, STATE_APPROVED},
                            {KIND_CHANGE_SITE, STATE_PROVIDER_REVIEW}};
    assert_int_equal(site_status_derive(site_apps, 2), SITE_FILED);
    site_apps[1] = (AppFact){KIND_CANCEL_SITE, STATE_SMS_VERIFICATION};
    assert_int_equal(site_status_derive(site_apps, 2), SITE_FILED);
    site_apps[1].state = STATE_APPROVED;
    assert_int_equal(site_status_derive(site_apps, 2), SITE_CANCELLED);
    site_apps[1] = (AppFact){KIND_CANCEL_SUBJECT, STATE_APPROVED};
    assert_int_equal(site_status_derive(site_apps, 2), SITE_CANCELLED);
    /* Access cancelled, then the site comes back by a new access. */
    site_apps[1] = (AppFact){KIND_CANCEL_ACCESS, STATE_APPROVED};
    assert_int_equal(site_status_derive(site_apps, 2), SITE_ACCESS_CANCELLED);
    site_apps[2] = (AppFact){KIND_NEW_ACCESS, STATE_DRAFT};
    assert_int_equal(site_status_derive(site_apps, 3), SITE_NOT_SUBMITTED);
    site_apps[2].state = STATE_PROVIDER_REVIEW;
    assert_int_equal(site_status_derive(site_apps, 3), SITE_IN_FILING);
    site_apps[2].state = STATE_WITHDRAWN;
    assert_int_equal(site_status_derive(site_apps, 3), SITE_ACCESS_CANCELLED);
    site_apps[2].state = STATE_APPROVED;
    assert_int_equal(site_status_derive(site_apps, 3), SITE_FILED);
    /* A returned change does not move a filed site. */
    site_apps[3] = (AppFact){KIND_CHANGE_ACCESS, STATE_REGULATOR_RETURNED};
    assert_int_equal(site_status_derive(site_apps, 4), SITE_FILED);
    /* A first attempt withdrawn, a second in review. */
    AppFact retry[] = {{KIND_NEW_SITE, STATE_WITHDRAWN}, {KIND_NEW_SITE, STATE_REGULATOR_REVIEW}};
    assert_int_equal(site_status_derive(retry, 2), SITE_IN_FILING);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exhaustive),
        cmocka_unit_test(test_unknown_values),
        cmocka_unit_test(test_error_registry),
        cmocka_unit_test(test_seed_flows),
        cmocka_unit_test(test_events_mask),
        cmocka_unit_test(test_predicates),
        cmocka_unit_test(test_status_new_site_external),
        cmocka_unit_test(test_status_first_filing),
        cmocka_unit_test(test_status_later_applications),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
