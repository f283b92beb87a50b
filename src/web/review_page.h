/*
** The staff's review page of one application and its JSON (web/staff_app.c
** shows it; web/staff_review.c shows it again after a refused action).
*/
#ifndef BEIAN_WEB_REVIEW_PAGE_H
#define BEIAN_WEB_REVIEW_PAGE_H

#include <jansson.h>

#include "http/http.h"
#include "model/review.h"

/* The staff member of a request as the model's reviewer. */
Role staff_role(Req *r);
Reviewer staff_reviewer(Req *r);

/* Load the review view of the request's application (audited). */
int review_load(Req *r, ReviewView *rv);

/* The page, with the request's field errors, at status; unmasked: personal
** data in clear (the load audited it). */
int review_page_render(Req *r, const ReviewView *rv, bool unmasked, int status);

/* The JSON: the application (masked unless reveal) and the review. */
json_t *review_json(Req *r, const ReviewView *rv, bool reveal);

#endif
