/*
** A customer's filing as the key/value pairs of its steps (NULL-terminated;
** lists: items separated by "\n"; booleans "1"), shared by the model tests
** of the filing (model_tests_filing.h) and the plans of the model's writes
** (plan_writes.h): an individual of Shanghai, 王芳; a site of hers
** (KV_SITE: its name, domain and description); its access.
*/
#ifndef BEIAN_TESTS_FILING_KV_H
#define BEIAN_TESTS_FILING_KV_H

#include <stddef.h>

static const char *const kv_subject[] = {"subject_province",
                                         "310000",
                                         "subject_city",
                                         "310100",
                                         "subject_district",
                                         "310115",
                                         "subject_nature",
                                         "individual",
                                         "subject_cert_type",
                                         "id_card",
                                         "subject_cert_number",
                                         "310115199206200045",
                                         "subject_name",
                                         "王芳",
                                         "subject_address",
                                         "上海市浦东新区世纪大道 100 号",
                                         "principal_name",
                                         "王芳",
                                         "principal_id_type",
                                         "id_card",
                                         "principal_id_number",
                                         "310115199206200045",
                                         "principal_id_expiry",
                                         "长期",
                                         "principal_mobile",
                                         "13611112222",
                                         "principal_emergency",
                                         "13633334444",
                                         "principal_email",
                                         "wangfang@example.com",
                                         NULL};

/* A portal in Chinese at www.<domain>, its principal the subject's. */
#define KV_SITE(name, domain, description)                                                         \
    {                                                                                              \
        "site_name", name, "site_domain", domain, "site_home_url", "https://www." domain "/",      \
            "site_services", "portal", "site_languages", "zh_hans", "site_description",            \
            description, "site_principal_same", "1", NULL                                          \
    }

static const char *const kv_access[] = {"access_ips", "203.119.10.8", "access_method",
                                        "virtual_host", NULL};

#endif
