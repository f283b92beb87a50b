/*
** Route matching and the policies the router enforces for every request:
** login, role, CSRF token and Origin on every non-GET, body limits.
*/
#ifndef BEIAN_HTTP_ROUTER_H
#define BEIAN_HTTP_ROUTER_H

#include <stdbool.h>

#include "http/http.h"

/* Match path against one pattern; on success fill r's params. */
bool route_match(const char *pattern, const char *path, Req *r);
/* Find the route for method+path. Returns its index, -1 when no pattern
** matches (404), -2 when a pattern matches but not the method (405). */
int route_find(const Route *routes, size_t n, HttpMethod m, const char *path, Req *r);

/* Run the whole request: policies, parsing, handler, error rendering. */
void router_dispatch(Req *r);

#endif
