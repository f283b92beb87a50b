/*
** Realistic filing data for the end-to-end tests (valid checksums).
*/
#ifndef BEIAN_TESTS_FILING_DATA_H
#define BEIAN_TESTS_FILING_DATA_H

/* An enterprise in Beijing, its principal also its legal representative. */
#define ORG_SUBJECT                                                                                       \
    "\"subject_province\":\"110000\",\"subject_city\":\"110100\",\"subject_district\":\"110105\","        \
    "\"subject_nature\":\"enterprise\",\"subject_cert_type\":\"uscc\","                                   \
    "\"subject_cert_number\":\"91110000802100433B\",\"subject_name\":\"北京示例科技有限公司\"," \
    "\"subject_address\":\"北京市朝阳区建国路 88 号 9 层\","                                   \
    "\"subject_investor\":\"北京示例科技有限公司\",\"principal_name\":\"张三\","              \
    "\"principal_id_type\":\"id_card\",\"principal_id_number\":\"110105198503151230\","                   \
    "\"principal_id_expiry\":\"2035-03-15\",\"principal_mobile\":\"13812345678\","                        \
    "\"principal_landline\":\"010-65001234\",\"principal_emergency\":\"13900001111\","                    \
    "\"principal_email\":\"zhangsan@example.com\",\"legal_same\":true"

/* An individual in Shanghai. */
#define PERSON_SUBJECT                                                                                 \
    "\"subject_province\":\"310000\",\"subject_city\":\"310100\",\"subject_district\":\"310115\","     \
    "\"subject_nature\":\"individual\",\"subject_cert_type\":\"id_card\","                             \
    "\"subject_cert_number\":\"310115199206200045\",\"subject_name\":\"王芳\","                      \
    "\"subject_address\":\"上海市浦东新区世纪大道 100 号\",\"principal_name\":\"王芳\"," \
    "\"principal_id_type\":\"id_card\",\"principal_id_number\":\"310115199206200045\","                \
    "\"principal_id_expiry\":\"长期\",\"principal_mobile\":\"13611112222\","                         \
    "\"principal_emergency\":\"13633334444\",\"principal_email\":\"wangfang@example.com\""

/* A site whose principal is the subject principal; %s: name, domain, domain. */
#define SITE_SAME                                                                                                       \
    "{\"site_name\":\"%s\",\"site_domain\":\"%s\",\"site_home_url\":\"https://www.%s/\","                               \
    "\"site_services\":[\"portal\"],\"site_languages\":[\"zh_hans\"],"                                                  \
    "\"site_description\":\"本网站介绍我们的产品、服务与联系方式，不涉及前置审批内容。\"," \
    "\"site_principal_same\":true}"

/* A site with its own principal (a different person). */
#define SITE_OTHER_PRINCIPAL                                                                                            \
    "{\"site_name\":\"%s\",\"site_domain\":\"%s\",\"site_home_url\":\"https://www.%s/\","                               \
    "\"site_services\":[\"portal\"],\"site_languages\":[\"zh_hans\"],"                                                  \
    "\"site_description\":\"本网站介绍我们的产品、服务与联系方式，不涉及前置审批内容。\"," \
    "\"site_principal_name\":\"李四\",\"site_principal_id_type\":\"id_card\","                                        \
    "\"site_principal_id_number\":\"440305199001010026\",\"site_principal_id_expiry\":\"长期\","                      \
    "\"site_principal_mobile\":\"13522223333\",\"site_principal_emergency\":\"13544445555\","                           \
    "\"site_principal_email\":\"lisi@example.com\"}"

#define ACCESS "{\"access_ips\":[\"203.119.10.8\"],\"access_method\":\"virtual_host\"}"

#endif
