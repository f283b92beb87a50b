/*
** The reviewer's actions on an application: claim, release, take over;
** tick materials received; record the on-site verification and the
** verification call; pass, return with reasons per field, reopen. Each is a
** page POST (answered by the review page again) and an API call (JSON).
*/
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "core/util.h"
#include "db/db.h"
#include "model/review.h"
#include "web/handlers.h"
#include "web/review_page.h"
#include "web/web.h"

/* After an action: the page (a redirect, with a message) or the JSON of the
** application as it is now; a refusal shows the page again with the reason. */
static int done(Req *r, int rc, const char *field, const char *ok_msg) {
    if (rc < 0 && r->api) return rc;
    if (rc < 0) {
        if (field) req_field_error(r, field, rc);
        ReviewView rv;
        int lrc = review_load(r, &rv);
        if (lrc < 0) return lrc;
        return review_page_render(r, &rv, false, err_status(rc));
    }
    if (r->api) {
        ReviewView rv;
        int lrc = review_load(r, &rv);
        return lrc < 0 ? lrc : resp_json(r, 200, review_json(r, &rv, false));
    }
    web_flash(r, ok_msg);
    return resp_redirect(
        r, arena_printf(&r->arena, "/staff/applications/%lld", (long long)req_param_id(r, "id")));
}

static int claim_action(Req *r, ClaimAction action, const char *msg) {
    const Field none[] = {FIELD_END};
    int rc = spec_parse(r, none);
    if (rc < 0) return rc;
    ReviewClaim op = {.app_id = req_param_id(r, "id"), .action = action, .by = staff_reviewer(r)};
    rc = db_tx(r->db, review_claim, &op);
    return done(r, rc, "claim", msg);
}

int h_review_claim(Req *r) {
    return claim_action(r, CLAIM_TAKE, T(r->lang, "已认领，其他审核员将看到由您处理。"));
}

int h_review_release(Req *r) {
    return claim_action(r, CLAIM_RELEASE, T(r->lang, "已释放，其他审核员可以认领。"));
}

int h_review_take_over(Req *r) {
    return claim_action(r, CLAIM_TAKE_OVER, T(r->lang, "已接手此申请。"));
}

int h_review_materials(Req *r) {
    StrList items = {0}, copies = {0};
    const Field spec[] = {
        SPEC_LIST("item", &items, .flags = FF_REQUIRED | FF_KEEP_EMPTY, .max = CHECKLIST_MAX_ITEMS),
        SPEC_LIST("copies", &copies, .flags = FF_REQUIRED | FF_KEEP_EMPTY,
                  .max = CHECKLIST_MAX_ITEMS),
        FIELD_END,
    };
    int rc = spec_parse(r, spec);
    if (rc == 0 && items.n != copies.n)
        req_field_error(r, "copies", ERR_FIELD_RANGE), rc = -ERR_INVALID_INPUT;
    if (rc < 0) return r->api ? rc : done(r, rc, NULL, NULL);
    MaterialTick *ticks = ARENA_NEW(&r->arena, MaterialTick, items.n + 1);
    for (size_t i = 0; i < items.n; i++) {
        char *end;
        long c = strtol(copies.items[i], &end, 10);
        ticks[i] = (MaterialTick){items.items[i], *end || end == copies.items[i] ? -1 : (int)c};
    }
    ReviewMaterials op = {
        .app_id = req_param_id(r, "id"), .ticks = ticks, .n = items.n, .by = staff_reviewer(r)};
    rc = db_tx(r->db, review_materials, &op);
    return done(r, rc, "copies", T(r->lang, "已记录收到的材料。"));
}

static const char *const onsite_kinds[] = {"done", "covered", "not_needed", NULL};

int h_review_onsite(Req *r) {
    const char *kind = "", *date = "", *note = "";
    int64_t photo = 0, covered = 0;
    const Field spec[] = {
        SPEC_CHOICE("kind", &kind, onsite_kinds, .flags = FF_REQUIRED, .max = 12),
        SPEC_TEXT("verified_on", &date, .max = 10),
        SPEC_INT("photo_file_id", &photo, .min = 0, .max = INT32_MAX),
        SPEC_INT("covered_by", &covered, .min = 0, .max = INT32_MAX),
        SPEC_TEXT("note", &note, .flags = FF_MULTILINE, .max = 500),
        FIELD_END,
    };
    int rc = spec_parse(r, spec);
    if (rc < 0) return r->api ? rc : done(r, rc, NULL, NULL);
    ReviewOnsite op = {.a = &r->arena,
                       .app_id = req_param_id(r, "id"),
                       .kind = onsite_kind_parse(kind),
                       .verified_on = date,
                       .photo_file_id = photo,
                       .covered_by = covered,
                       .note = note,
                       .by = staff_reviewer(r)};
    rc = db_tx(r->db, review_onsite, &op);
    const char *field = rc == -ERR_ONSITE_DATE      ? "verified_on"
                        : rc == -ERR_ONSITE_PHOTO   ? "photo_file_id"
                        : rc == -ERR_ONSITE_COVERED ? "covered_by"
                                                    : "kind";
    return done(r, rc, field, T(r->lang, "已记录现场核验。"));
}

int h_review_call(Req *r) {
    const char *person = "", *outcome = "", *note = "";
    const Field spec[] = {
        SPEC_CHOICE("person", &person, review_call_persons(), .flags = FF_REQUIRED, .max = 20),
        SPEC_CHOICE("outcome", &outcome, review_call_outcomes(), .flags = FF_REQUIRED, .max = 20),
        SPEC_TEXT("note", &note, .flags = FF_MULTILINE, .max = 500),
        FIELD_END,
    };
    int rc = spec_parse(r, spec);
    if (rc < 0) return r->api ? rc : done(r, rc, NULL, NULL);
    ReviewCall op = {.app_id = req_param_id(r, "id"),
                     .person = person,
                     .outcome = outcome,
                     .note = note,
                     .by = staff_reviewer(r)};
    rc = db_tx(r->db, review_call, &op);
    return done(r, rc, "outcome", T(r->lang, "已记录核实电话。"));
}

int h_review_pass(Req *r) {
    const char *why = "", *note = "";
    const Field spec[] = {
        SPEC_TEXT("override_reason", &why, .flags = FF_MULTILINE, .max = 500),
        SPEC_TEXT("note", &note, .flags = FF_MULTILINE, .max = 500),
        FIELD_END,
    };
    int rc = spec_parse(r, spec);
    if (rc < 0) return r->api ? rc : done(r, rc, NULL, NULL);
    ReviewDecide op = {.a = &r->arena,
                       .app_id = req_param_id(r, "id"),
                       .decision = DECIDE_PASS,
                       .override_reason = why,
                       .note = note,
                       .by = staff_reviewer(r)};
    rc = db_tx(r->db, review_decide, &op);
    return done(r, rc, "override_reason", T(r->lang, "已核实通过，申请待报送管局。"));
}

/* Item i of a parallel list that may be left out ("" then). */
static const char *item(const StrList *l, size_t i) {
    return l->n ? l->items[i] : "";
}

/* The rows of a return: parallel lists field[], reason_id[] (a standard
** reason, or empty), reason[], suggestion[], each of the same length or
** left out. The model fills a standard reason's texts and skips spare rows. */
static int return_picks(Req *r, const StrList *const lists[4], ReturnPick **out, size_t *n) {
    size_t rows = 0;
    for (int k = 0; k < 4; k++)
        if (lists[k]->n > rows) rows = lists[k]->n;
    *out = ARENA_NEW(&r->arena, ReturnPick, rows + 1);
    *n = 0;
    for (int k = 0; k < 4; k++)
        if (lists[k]->n && lists[k]->n != rows) return -ERR_FIELD_RANGE;
    for (size_t i = 0; i < rows; i++) {
        const char *key = item(lists[0], i), *tid = item(lists[1], i);
        FieldId id = filing_field_id(key);
        if (*key && !id) return -ERR_FIELD_UNKNOWN;
        char *end = NULL;
        long long t = *tid ? strtoll(tid, &end, 10) : 0;
        if (*tid && (*end || t <= 0)) return -ERR_REASON_INACTIVE;
        (*out)[(*n)++] = (ReturnPick){.field = id,
                                      .template_id = t,
                                      .reason = item(lists[2], i),
                                      .suggestion = item(lists[3], i)};
    }
    return 0;
}

int h_review_return(Req *r) {
    StrList fields = {0}, ids = {0}, reasons = {0}, suggestions = {0};
    const char *note = "";
    const Field spec[] = {
        SPEC_LIST("field", &fields, .flags = FF_KEEP_EMPTY, .max = 40),
        SPEC_LIST("reason_id", &ids, .flags = FF_KEEP_EMPTY, .max = 40),
        SPEC_LIST("reason", &reasons, .flags = FF_KEEP_EMPTY, .max = 40),
        SPEC_LIST("suggestion", &suggestions, .flags = FF_KEEP_EMPTY, .max = 40),
        SPEC_TEXT("note", &note, .flags = FF_MULTILINE, .max = 500),
        FIELD_END,
    };
    int rc = spec_parse(r, spec);
    ReturnPick *picks = NULL;
    size_t n = 0;
    const StrList *const lists[4] = {&fields, &ids, &reasons, &suggestions};
    if (rc == 0) rc = return_picks(r, lists, &picks, &n);
    if (rc < 0 && rc != -ERR_INVALID_INPUT)
        req_field_error(r, "reason", rc), rc = -ERR_INVALID_INPUT;
    if (rc < 0) return r->api ? rc : done(r, rc, NULL, NULL);
    ReviewDecide op = {.a = &r->arena,
                       .app_id = req_param_id(r, "id"),
                       .decision = DECIDE_RETURN,
                       .picks = picks,
                       .npicks = n,
                       .lang = r->lang,
                       .note = *note ? note : T(r->lang, "接入商退回，请按原因修改"),
                       .by = staff_reviewer(r)};
    rc = db_tx(r->db, review_decide, &op);
    return done(r, rc, "reason", T(r->lang, "已退回客户修改，客户将立即看到退回原因。"));
}

int h_review_reopen(Req *r) {
    const char *note = "";
    const Field spec[] = {SPEC_TEXT("note", &note, .flags = FF_MULTILINE, .max = 500), FIELD_END};
    int rc = spec_parse(r, spec);
    if (rc < 0) return r->api ? rc : done(r, rc, NULL, NULL);
    ReviewDecide op = {.a = &r->arena,
                       .app_id = req_param_id(r, "id"),
                       .decision = DECIDE_REOPEN,
                       .note = note,
                       .by = staff_reviewer(r)};
    rc = db_tx(r->db, review_decide, &op);
    return done(r, rc, "note", T(r->lang, "已撤销，申请回到接入商审核。"));
}
