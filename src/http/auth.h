/*
** Session helpers for handlers: begin a session at login (always a new id,
** so a session fixed before login is worthless), end it at logout, and the
** Actor of a request for the audit log.
*/
#ifndef BEIAN_HTTP_AUTH_H
#define BEIAN_HTTP_AUTH_H

#include "http/http.h"
#include "model/audit.h"

unsigned role_bit_of(const char *role);
int http_session_begin(Req *r, int64_t account_id, const char *login, const char *role,
                       const char *display_name);
int http_session_end(Req *r);
Actor http_actor(Req *r);

#endif
