/*
** Building the views of filing pages from the field catalog and the model:
** step forms, read-only summaries (personal data masked), labels, badges.
*/
#ifndef BEIAN_WEB_FILING_VIEWS_H
#define BEIAN_WEB_FILING_VIEWS_H

#include "model/app_view.h"
#include "model/overview.h"
#include "web/views.h"

/* The text of a value for display: choice labels, masks of personal data,
** Unicode domains. */
const char *field_display(Req *r, const FilingField *f, const Values *v);
/* The same; clear: personal data unmasked (the caller audits it). */
const char *field_display_as(Req *r, const FilingField *f, const Values *v, bool clear);
/* The badge class of a state: "ok", "warn", "err", "info" or "". */
const char *state_badge(AppState s);
const char *site_badge(SiteStatus s);
/* The step navigation of an application (`current` 0 on the detail page). */
StepNav *step_nav(Req *r, const Application *app, FilingStep current, size_t *n);
/* The fields of one step showing the values `shown` (the saved values, or
** what was just typed), with errors, choices and return reasons. */
FieldView *step_fields(Req *r, const Application *app, const Values *shown, FilingStep step,
                       SubjectNature nature, const ReturnReason *reasons, size_t nreasons,
                       size_t *n);
/* Summary groups of an application's values (the fields that apply);
** clear: personal data unmasked (the caller audits it). */
SummaryGroup *summary_groups(Req *r, const Application *app, SubjectNature nature,
                             const ReturnReason *reasons, size_t nreasons, bool clear, size_t *n);
/* The href of the step form holding a field (the application page for
** FIELD_NONE). */
/* Where a field is, for a list of what to complete: its step, its group
** when the step has several, and its label ("网站信息 › 网站负责人 › 手机号码"). */
const char *field_place(Req *r, FieldId id);
/* The message of a field's error code, naming what is expected. */
const char *field_error_text(Req *r, const FilingField *f, int code);
const char *field_href(Req *r, int64_t app_id, FieldId id);
/* The label of a field ("整个申请" for the application as a whole). */
const char *field_label(Req *r, FieldId id);

#endif
