/*
** View structs: what each template receives. Templates reach form values and
** field errors of the request through the helpers below.
*/
#ifndef BEIAN_WEB_VIEWS_H
#define BEIAN_WEB_VIEWS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/tmpl.h"
#include "http/http.h"
#include "model/account.h"
#include "model/notify.h"
#include "rules/road.h"
#include "model/audit.h"
#include "model/files.h"
#include "model/text_versions.h"

/* The value entered for a field (to show it again), and its error message
** in the page language (NULL when the field is fine). */
const char *fv(Req *r, const char *name);
const char *fe(Req *r, const char *name);
/* " has-error" when the field has an error, else "". */
const char *fcls(Req *r, const char *name);
/* " checked" / " selected" when the entered value equals value. */
const char *fchecked(Req *r, const char *name, const char *value);
const char *fselected(Req *r, const char *name, const char *value);
/* A time as "YYYY-MM-DD HH:MM" (China Standard Time). */
const char *fmt_time(Req *r, int64_t t);

typedef struct LayoutView {
    Req *r;
    const char *title;
    Html body;
    const char *flash;
    const char *section; /* highlighted navigation item */
    bool staff, admin, customer;
    int64_t unread; /* unread messages in the inbox (at most NOTICE_UNREAD_CAP) */
} LayoutView;

typedef struct ErrorView {
    Req *r;
    int status;
    const char *message;
} ErrorView;

typedef struct LoginView {
    Req *r;
    const char *error; /* a message above the form, or NULL */
    const char *next;
} LoginView;

typedef struct FormPageView {
    Req *r;
    const char *error;
} FormPageView;

typedef struct AccountsView {
    Req *r;
    const char *status; /* filter */
    Account *rows;
    size_t n;
    int64_t pending;
    const char *next_href; /* the next page by key; NULL: the last */
} AccountsView;

/* One row of the audit log in words. */
typedef struct AuditLine {
    const char *action; /* the action's name (its code when it has none) */
    const char *object; /* 申请 A2026-000001, 账户 alice, ... */
} AuditLine;

typedef struct AuditView {
    Req *r;
    AuditRow *rows;
    AuditLine *labels; /* one per row */
    size_t n;
    int64_t next_before;
    /* The search, as typed */
    const char *action, *actor, *subject, *app, *from, *to;
    struct ChoiceView *actions; /* every action in words, for the select */
    size_t nactions;
    const char *query; /* the search as "&name=value...", for the next page */
} AuditView;

typedef struct HomeView {
    Req *r;
    Account me;
    int64_t pending_accounts;
    /* Applications waiting in the review queues (model/review_queue.h). */
    int64_t waiting, fresh, resubmitted, returned, to_send, mine, overdue;
    struct LinkView *links; /* the links to the administration */
    size_t nlinks;
    /* The count stopped at its cap (QUEUE_COUNT_CAP a queue): shown "N+". */
    bool waiting_more, fresh_more, resubmitted_more, returned_more, to_send_more, overdue_more;
} HomeView;

typedef struct LinkView {
    int64_t id, isp_id, last_seq, accepted_seq, backlog;
    const char *endpoint, *last_contact, *last_download, *error, *oldest, *next_error;
} LinkView;

/* ------------------------------------------------------------ filing */

typedef struct ChoiceView {
    const char *id, *label;
    bool on;
} ChoiceView;

/* One field of a step form, ready to render. */
typedef struct FieldView {
    const char *key, *label, *hint, *value, *error;
    const char *placeholder; /* the mask of personal data already saved */
    int input;               /* FieldInput */
    bool required, locked;   /* locked: a returned application, field not named by the return */
    const char *legend;      /* a fieldset starts before this field, with this title */
    bool end_group;          /* the fieldset ends after this field */
    ChoiceView *choices;
    size_t nchoices;
    /* Per choice, the subject natures it fits ("enterprise individual"),
    ** NULL: all (certificate types, issue 11). */
    const char **choice_natures;
    /* Per choice, not offered now (hidden, disabled): a certificate type the
    ** saved nature does not take, until the page's script offers it. */
    bool *choice_off;
    const char *reason, *suggestion; /* the return's words for this field */
    const char *child;               /* id of the select that depends on this one */
    /* Forms that adapt (issue 11), for the page's script: the field shows
    ** only for organisations or individuals ("org", "person"); the box (or
    ** subject_nature) whose value copies it; whether it is hidden now; the
    ** nature group for which it is required ("org"/"person") when that
    ** differs between them. */
    const char *for_nature, *copied_by, *required_for;
    bool hidden;
} FieldView;

typedef struct StepNav {
    const char *label, *href;
    bool done, current;
} StepNav;

typedef struct StepView {
    Req *r;
    int64_t app_id;
    const char *number, *kind_label, *state_label;
    StepNav *steps;
    size_t nsteps;
    const char *step_id, *step_label;
    FieldView *fields;
    size_t nfields;
    bool returned;
    const char *intro;      /* what this kind's form is for */
    const char *draft_note; /* the form shows a refused input kept as a draft */
} StepView;

typedef struct SummaryRow {
    const char *label, *value;
    const char *reason, *suggestion; /* the latest return, for this field */
} SummaryRow;

typedef struct SummaryGroup {
    const char *title;
    SummaryRow *rows;
    size_t n;
} SummaryGroup;

struct SlotView;

typedef struct MaterialView {
    const char *name, *copies, *signature, *note;
    bool printed, upload;
    /* Verify & submit's spine (issue 11): the item's code, its form to
    ** print (NULL: none) and its upload slot (NULL: no scan). */
    const char *code, *print_href;
    const struct SlotView *slot;
} MaterialView;

typedef struct NoticeView {
    const char *code, *text;
} NoticeView;

typedef struct IssueView {
    const char *label, *message, *href;
} IssueView;

typedef struct EventView {
    const char *when, *who, *what, *note;
} EventView;

typedef struct ReasonView {
    const char *label, *reason, *suggestion, *href;
} ReasonView;

typedef struct AppLink {
    int64_t id;
    const char *number, *kind_label, *state_label, *badge, *updated;
} AppLink;

typedef struct PrintView {
    const char *label, *href;
} PrintView;

typedef struct FileView {
    int64_t id;
    const char *name, *href, *thumb, *side_label, *uploaded, *delete_href;
    bool image;
} FileView;

/* One kind of scan to upload (a checklist item, or the on-site photo). */
typedef struct SlotView {
    const char *code, *name;
    const char *sides[2]; /* "front"/"back" for ID copies, else "" */
    const char *side_labels[2];
    size_t nsides;
    FileView *files;
    size_t nfiles;
    bool done;         /* a file in it (an ID copy: on both sides) */
    bool side_open[2]; /* the viewer may upload into this side now */
    bool open;         /* into any side */
    bool multiple;     /* several files at once (not an ID side, not once submitted) */
    const char *error; /* a too large upload was just refused here */
} SlotView;

typedef struct ApplicationPage {
    Req *r;
    int64_t id;
    const char *number, *kind_label, *state_label, *badge, *subject_number, *site_number;
    bool editable, complete, can_withdraw, staff;
    StepNav *steps;
    size_t nsteps;
    SummaryGroup *groups;
    size_t ngroups;
    MaterialView *materials;
    size_t nmaterials;
    NoticeView *notices;
    size_t nnotices;
    IssueView *issues;
    size_t nissues;
    IssueView *errors; /* what the last action was refused for */
    size_t nerrors;
    ReasonView *reasons;
    size_t nreasons;
    EventView *events;
    size_t nevents;
    AppLink *batchable; /* drafts that can go with this one as a batch */
    size_t nbatchable;
    const char *customer_note;
    PrintView *prints;
    size_t nprints;
    SlotView *slots;
    size_t nslots;
    bool can_upload;
    /* Scans: how many items take one, how many have it, the names of
    ** those still missing ("、"-joined), refused at submit or only warned
    ** of (the provider's missing_scans), and the JSON upload route. */
    size_t nscans, nscans_done;
    const char *scans_missing;
    bool scans_refuse;
    const char *api_files;
    const char *base;  /* /portal/applications/ID or /staff/applications/ID */
    const char *guide; /* after a return by the administration: the next step (seed §4) */
    /* Guidance (issue 10): the stages, what to do now, the on-site check. */
    RoadStage *road;
    size_t nroad;
    const char *road_now;
    /* The administration's SMS verification while it runs: its deadline
    ** (China time) and the page where the principal answers. */
    const char *sms_deadline, *sms_url;
    /* The on-site verification, when needed: where, when, what to bring (lines). */
    bool onsite;
    const char *onsite_address, *onsite_hours;
    const char **onsite_bring;
    size_t nonsite_bring;
} ApplicationPage;

typedef struct TextsView {
    Req *r;
    const char *kind;
    TextVersion *versions;
    size_t n;
    const char *current;
    const char *const *placeholders;
    size_t nplaceholders;
} TextsView;

typedef struct SiteRow {
    int64_t id;
    const char *name, *domain, *number, *status_label, *badge;
    bool filed;
} SiteRow;

typedef struct OverviewPage {
    Req *r;
    bool has_subject, filed, claimed, in_flight;
    const char *subject_name, *subject_number, *subject_status, *subject_badge, *nature;
    SiteRow *sites;
    size_t nsites;
    AppLink *apps;
    size_t napps;
    const char *kinds[KIND__COUNT]; /* app_kind_label of each kind: one name everywhere */
} OverviewPage;

/* Notifications (issue 10): the inbox. */
typedef struct InboxView {
    Req *r;
    Notice *rows;
    size_t n;
    int64_t next_before, unread;
    bool unread_only;
} InboxView;

#endif
