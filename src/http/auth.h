/*
** Session helpers for handlers: the cookie of a session that begins or
** ends, and the Actor of a request for the audit log.
*/
#ifndef BEIAN_HTTP_AUTH_H
#define BEIAN_HTTP_AUTH_H

#include "http/http.h"
#include "model/audit.h"

unsigned role_bit_of(const char *role);
/* A session the model just created (model/login.h) becomes the request's:
** its cookie is set (a new id at every login, so a session fixed before
** login is worthless), and the request's principal and CSRF token follow. */
void http_session_start(Req *r, const char *token, int64_t session_id, int64_t account_id,
                        const char *login, const char *role, const char *display_name);
/* The request's session ended (logout): its cookie is cleared. */
void http_session_forget(Req *r);
Actor http_actor(Req *r);

#endif
