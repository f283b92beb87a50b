/*
** The actions of the audit log in words. Every action Beian writes
** (model/audit.h: audit_write) has a row here with its Chinese and English
** name, so that the log reads "登录失败 / Failed login" rather than
** "login.failed"; an action missing from the table is shown as its code.
** tests/unit/test_rules_audit_actions.c finds every action the sources
** write and fails when one has no row.
*/
#ifndef BEIAN_RULES_AUDIT_ACTIONS_H
#define BEIAN_RULES_AUDIT_ACTIONS_H

#include <stddef.h>

#include "core/err.h"

typedef struct AuditActionName {
    const char *action; /* the code written to audit_log.action */
    const char *zh, *en;
} AuditActionName;

/* The whole table, grouped by area (accounts, staff, applications, files,
** admin settings); *n gets the count. Static data. */
const AuditActionName *audit_actions(size_t *n);

/* The row of an action code, or NULL when the table has none. */
const AuditActionName *audit_action_find(const char *action);

/* The name of an action in lang; the code itself when the table has no row
** (and "" for NULL). Static or the argument: never allocated. */
const char *audit_action_label(const char *action, Lang lang);

#endif
