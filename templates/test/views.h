/*
** View structs of the test templates (templates/test/), used only by
** tests/unit/test_tmpl.c.
*/
#ifndef BEIAN_TEMPLATES_TEST_VIEWS_H
#define BEIAN_TEMPLATES_TEST_VIEWS_H

#include <stddef.h>
#include <stdint.h>

#include "core/tmpl.h"

typedef struct TestItem {
    const char *name;
    int qty;
} TestItem;

typedef struct TestGroup {
    const char *title;
    const TestItem *items;
    size_t n;
} TestGroup;

typedef struct TestView {
    const char *title;
    char attr[32];
    int count;
    int64_t neg;
    unsigned long long big;
    double ratio;
    Html raw;
    const char *query;
    const char *none;
    const TestGroup *groups;
    size_t ngroups;
    const char *user;
    long records;
} TestView;

#endif
