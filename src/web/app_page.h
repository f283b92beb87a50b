/*
** The application page, for the customer (信息核实提交 while editable: the
** values once more, the materials checklist, the province's requirements,
** the forms to print and the scans to upload; progress and history
** afterwards) and for staff (the same, with the on-site photo).
*/
#ifndef BEIAN_WEB_APP_PAGE_H
#define BEIAN_WEB_APP_PAGE_H

#include "model/app_view.h"
#include "web/views.h"

/* Render the page of v with the request's field errors, with status. */
int app_page_render(Req *r, const AppView *v, bool staff, int status);

/* The path an application's pages live under for this viewer:
** /portal/applications/ID or /staff/applications/ID. */
const char *app_page_base(Req *r, int64_t id);
/* Where the principal answers the administration's SMS verification
** (regulator_sms_url; the simulator's /sms when unset). */
const char *app_sms_url(Req *r);

/* True when the request's account is staff (reviewer or admin). */
bool req_is_staff(Req *r);

/* Pieces the staff's review page shares: the history (newest first; staff
** see who acted), the latest return's reasons, the print links, a file. */
EventView *app_page_events(Req *r, const AppView *v, bool staff, size_t *n);
ReasonView *app_page_reasons(Req *r, const AppView *v, size_t *n);
PrintView *app_page_prints(Req *r, const AppView *v, const char *base, size_t *n);
FileView app_page_file(Req *r, const char *base, const AppFile *f);

#endif
