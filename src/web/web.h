/*
** The pages and JSON operations: the route table and what handlers share.
*/
#ifndef BEIAN_WEB_WEB_H
#define BEIAN_WEB_WEB_H

#include <stddef.h>

#include "core/config.h"
#include "core/tmpl.h"
#include "docs/store.h"
#include "http/spec.h"
#include "http/http.h"
#include "http/server.h"
#include "http/auth.h"

extern const Route web_routes[];
extern const size_t web_nroutes;

/* The server's error page renderer (ServerOptions.render_error). */
void web_render_error(Req *r, int code);

/* A template context for the request: output, language, CSRF, nonce. */
Tmpl web_tmpl(Req *r, Buf *out);

/* Wrap a rendered body in the layout (navigation for the role, language
** switch, flash message) and respond with status. */
int web_page(Req *r, int status, const char *title, Buf *body);

/* A page's read-only transaction: fn(ctx), then (a page, not the API, of
** someone logged in) the top bar's unread count in the same transaction,
** which web_page then need not read in one of its own. */
int web_tx_read(Req *r, DbTxFn fn, void *ctx);

/* The site's origin for links that leave the page (mails, QR codes): the
** configured public_origin, else this server's own listening address. Never
** the request's Host header, which a client chooses. */
const char *web_origin(Req *r);

/* A one-time message shown on the next page (a cookie). */
void web_flash(Req *r, const char *msg);

/* Field-spec checks adapted from src/rules (signature FieldCheck). */
int check_email(Arena *a, const char *in, const char **norm);
int check_mobile(Arena *a, const char *in, const char **norm);
int check_login(Arena *a, const char *in, const char **norm);

/* The translated text of an error code for the page language. */
const char *web_err(Req *r, int code);

/* The file store of scans and photos under the data directory, opened at
** start-up (web/files.c). */
int web_store_open(const Config *cfg);
void web_store_close(void);
Store *web_store(void);

#endif
