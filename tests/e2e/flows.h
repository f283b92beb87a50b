/*
** Flows the end-to-end tests share: logging in, registering a customer,
** filling and submitting an application through the JSON API, and the
** decisions of the reviewer and the administration (through the model,
** until their consoles exist). Each flow asserts the answers it gets; a
** failure names the test's current step (harness.h).
*/
#ifndef BEIAN_TESTS_FLOWS_H
#define BEIAN_TESTS_FLOWS_H

#include "harness.h"

/* ---- Accounts --------------------------------------------------------- */

/* Log in through the page form; returns the response of the POST. */
Resp *flow_login(Client *c, const char *login, const char *password);
/* A new client logged in as staff (reviewer1, admin1), with its CSRF token. */
Client *flow_staff(Beian *b, const char *login);
/* Register login as an individual customer, approve it with staff, and log
** c in through the API. */
void flow_customer(Beian *b, Client *c, Client *staff, const char *login);
/* The same with a new client, returned. */
Client *flow_new_customer(Beian *b, Client *staff, const char *login);

/* ---- Applications through the API ------------------------------------- */

/* Start an application of kind (for site_id, or 0); asserts 201, returns its id. */
long long api_start(Client *c, const char *kind, long long site_id);
/* Save a step (JSON body); the answer is the caller's to check. */
Resp *api_step(Client *c, long long id, const char *step, const char *json);
/* Save a step and assert 200. */
void api_step_ok(Client *c, long long id, const char *step, const char *json);
/* Save the site step from a SITE_* format of filing_data.h (name, domain). */
void api_site_ok(Client *c, long long id, const char *site_fmt, const char *name,
                 const char *domain);
/* Submit with a note ("" for none), batched with another application (0: alone). */
Resp *api_submit(Client *c, long long id, const char *note, long long batch_with);
Resp *api_withdraw(Client *c, long long id);
/* The application / the customer's overview as JSON (asserting 200; new references). */
json_t *api_application(Client *c, long long id);
json_t *api_overview(Client *c);

/* A first filing with every step saved (subject JSON object, site format
** with its name and domain, filing_data.h's ACCESS); not submitted. */
long long flow_first_filing(Client *c, const char *subject, const char *site_fmt,
                            const char *site_name, const char *domain);
/* The same, submitted and approved by everyone; returns the application. */
long long flow_filed(Beian *b, Client *c, const char *subject, const char *site_fmt,
                     const char *site_name, const char *domain);

/* ---- The review console (a staff client) -------------------------------- */

/* POST /api/v1/staff/applications/ID/<action> with a JSON body. */
Resp *review_post(Client *staff, long long app_id, const char *action, const char *json);
/* The staff's JSON of an application (new reference). */
json_t *review_get(Client *staff, long long app_id);
/* Upload a generated JPEG (w x h) into a slot as staff; returns the file id. */
long long review_upload(Client *staff, long long app_id, const char *slot, int w, int h);
/* A whole review that passes: claim, materials received, the verification
** form's scan, the on-site verification when needed, a confirmed call, pass. */
void flow_review_pass(Client *staff, long long app_id);

/* ---- Decisions (model access on the server's database) ---------------- */

/* Run an event on an application as a reviewer or as the administration
** would. Returns the operation's code. items: NULL-terminated triples
** field, reason, suggestion (returns only). */
int beian_decide(Beian *b, long long app_id, const char *event, const char *role,
                 const char *const *items);
/* The administration returns it with one reason of a kind (no_form,
** commercial, other), asserting it succeeds. */
void beian_regulator_return(Beian *b, long long app_id, const char *code, const char *reason);
/* beian_decide without items, asserting it succeeds. */
void flow_decide(Beian *b, long long app_id, const char *event, const char *role);
/* A reviewer passes it through the console (flow_review_pass), then (as the
** administration would) it is sent, the principal answers the SMS, and it
** is approved. */
void flow_approve_all(Beian *b, long long app_id);
/* Run one SQL statement on the server's database (test set-up only). */
void beian_sql(Beian *b, const char *sql);

/* ---- Mail in the mail folder (a server without a relay; issue 10) ---- */

/* The messages to `to` in <dir>/mail whose decoded subject or body holds
** `text` (NULL: any), each as "Subject: <decoded>\nTo: <to>\n\n<decoded
** body>" (malloc'd, NULL-terminated array, mail_free). */
char **mail_find(Beian *b, const char *to, const char *text, int *n);
void mail_free(char **mails);
/* The one such message, waiting up to 10 s for it to be written; fails the
** step when none comes or more than one (each message arrives once). */
char *mail_wait_one(Beian *b, const char *to, const char *text);
/* The id of the pending account of that login, as staff see it (a
** registration's answer does not carry it). */
long long flow_account_id(Client *staff, const char *login);

#endif
