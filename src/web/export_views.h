/*
** What the queue page needs to offer its exports (web/export.c): the links
** that export the queue as the page shows it, filters and search kept.
*/
#ifndef BEIAN_WEB_EXPORT_VIEWS_H
#define BEIAN_WEB_EXPORT_VIEWS_H

#include <stdbool.h>

#include "web/review_views.h"

/* /staff/export/queue?format=...&queue=...&<the filters of v>, in the
** request's arena; unmasked adds unmasked=1 (admins only: the export
** refuses it to anybody else). */
const char *export_queue_href(const QueueView *v, const char *format, bool unmasked);

/* May the staff member of r export personal data in clear (an admin)? */
bool export_may_unmask(const Req *r);

#endif
