/*
** Documents of an application on the web: the printed forms (PDF), the
** uploaded scans and photos (the one encrypted store), what the
** application page shows of them.
*/
#ifndef BEIAN_WEB_APP_PAGE_H
#define BEIAN_WEB_APP_PAGE_H

#include "core/config.h"
#include "docs/store.h"
#include "model/filing_ops.h"
#include "web/views.h"

/* Open the file store under the data directory (serve start-up). */
int web_documents_open(const Config *cfg);
void web_documents_close(void);
Store *web_store(void);

/* Render one of the printed forms of an application ("verification",
** "agreement", "authorisation") into out. -ERR_NOT_FOUND when the
** application's checklist does not print it. */
int documents_form_pdf(Req *r, const AppView *v, const char *form, Buf *out);

/* The print links, upload slots and files of the application page. */
void documents_page(Req *r, const AppView *v, bool staff, ApplicationPage *p);

#endif
