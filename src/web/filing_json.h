/*
** JSON shapes of the filing API (docs/openapi.yaml): the overview and an
** application with its check, checklist, return reasons and history.
*/
#ifndef BEIAN_WEB_FILING_JSON_H
#define BEIAN_WEB_FILING_JSON_H

#include <jansson.h>

#include "http/http.h"
#include "model/app_view.h"
#include "model/overview.h"

json_t *overview_json(Req *r, const Overview *o);
/* reveal: personal data in clear (the caller audits it); else masked. */
json_t *application_json(Req *r, const AppView *v, bool reveal);
/* The same, written at the end of b (the answer of the API's read). */
void application_json_write(Req *r, Buf *b, const AppView *v, bool reveal);
/* A file row with the href it is read at (under base: /portal or /staff
** applications). */
json_t *file_json(Req *r, const AppFile *f, const char *base);

#endif
