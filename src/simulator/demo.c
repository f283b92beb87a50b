/*
** The registry's demo data: subjects filed "elsewhere" (through other
** providers), one enterprise and one individual, each with a site, a number
** and a filing password, so that a new site for a subject filed elsewhere
** (seed §1.1: claimed with number + password) can be tried at once.
*/
#include "simulator/demo.h"

#include <string.h>

#include "core/err.h"
#include "core/util.h"
#include "simulator/registry.h"
#include "simulator/store.h"

/* The other providers of the registry (data only). */
#define OTHER_A 2002
#define OTHER_B 2003

typedef struct DemoSpec {
    const char *kind, *name, *number, *site_name, *domain, *mobile, *email, *person, *person_id;
    const char *cert_number, *address;
    int64_t nature, cert_type, province, city, county, provider;
    uint32_t ip;
} DemoSpec;

static const DemoSpec demos[] = {
    {"enterprise", "北京示例网络科技有限公司", "京ICP备18008888号", "示例网络科技官网",
     "demo-enterprise.cn", "13911110001", "wangwei@demo-enterprise.cn", "王伟",
     "110108198506120041", "91110000802100433B", "北京市海淀区中关村大街 1 号", 1, 1, 110000,
     110100, 110108, OTHER_A, 1032300921u},
    {"individual", "李明", "浙ICP备19005678号", "李明的读书笔记", "liming-notes.cn", "13922220002",
     "liming@liming-notes.cn", "李明", "330108199003071239", "330108199003071239",
     "浙江省杭州市滨江区江南大道 100 号", 6, 4, 330000, 330100, 330108, OTHER_B, 1945096731u},
};

static const int64_t demo_services[] = {1}, demo_languages[] = {1};
static const int64_t demo_locations[] = {1}, demo_methods[] = {2};

/* The principal of a demo subject and its site. */
static RegPrincipal demo_principal(Arena *a, const DemoSpec *d) {
    const char **m = ARENA_NEW(a, const char *, 1), **e = ARENA_NEW(a, const char *, 1);
    m[0] = d->mobile, e[0] = d->email;
    return (RegPrincipal){.name = d->person,
                          .mobiles = {m, 1},
                          .emails = {e, 1},
                          .cert_type = 4,
                          .cert_number = d->person_id};
}

/* File one demo subject with its site through its provider. */
static int demo_file(Db *db, Arena *a, const DemoSpec *d, int64_t now) {
    RegSubject s = {.number = d->number,
                    .name = d->name,
                    .nature = d->nature,
                    .address = {d->province, d->city, d->county, d->address},
                    .cert = {d->cert_type, d->cert_number, d->address},
                    .principal = demo_principal(a, d),
                    .by_provider = 1,
                    .reviewer = "管局审核员（模拟）"};
    int rc = registry_add_subject(db, a, &s, d->provider, sim_password(a, 12), now);
    if (rc) return rc;
    RegDomain *dom = ARENA_NEW(a, RegDomain, 1);
    dom[0] = (RegDomain){.name = d->domain};
    RegIpRange *ip = ARENA_NEW(a, RegIpRange, 1);
    ip[0] = (RegIpRange){.start = d->ip, .end = d->ip};
    RegAccess *ac = ARENA_NEW(a, RegAccess, 1);
    ac[0] = (RegAccess){.provider_id = d->provider,
                        .locations = demo_locations,
                        .n_locations = 1,
                        .methods = demo_methods,
                        .n_methods = 1,
                        .ips = ip,
                        .n_ips = 1};
    const char **names = ARENA_NEW(a, const char *, 1);
    names[0] = d->site_name;
    RegSite site = {.names = {names, 1},
                    .services = demo_services,
                    .n_services = 1,
                    .languages = demo_languages,
                    .n_languages = 1,
                    .domains = dom,
                    .n_domains = 1,
                    .access = ac,
                    .n_access = 1,
                    .principal = demo_principal(a, d),
                    .home_url = arena_printf(a, "http://www.%s/", d->domain)};
    return registry_add_site(db, a, s.bureau_id, &site, d->provider, now);
}

int sim_demo_seed(Db *db, Arena *a, int64_t isp, int64_t now, SimDemo out[SIM_DEMO_COUNT]) {
    int rc = registry_add_provider(db, isp, "本接入商（Beian）");
    if (rc == 0 && isp != OTHER_A) rc = registry_add_provider(db, OTHER_A, "示例接入商甲");
    if (rc == 0 && isp != OTHER_B) rc = registry_add_provider(db, OTHER_B, "示例接入商乙");
    for (size_t i = 0; i < SIM_DEMO_COUNT && rc == 0; i++) {
        const DemoSpec *d = &demos[i];
        SimSubject subj;
        rc = registry_subject(db, a, 0, d->number, &subj);
        if (rc == -ERR_NOT_FOUND) {
            if ((rc = demo_file(db, a, d, now))) return rc;
            rc = registry_subject(db, a, 0, d->number, &subj);
        }
        if (rc) return rc;
        char *password = sim_password(a, 8); /* new on every start */
        if ((rc = registry_set_password(db, subj.id, password))) return rc;
        SimSite *sites;
        size_t n = 0;
        if ((rc = registry_sites(db, a, subj.id, &sites, &n))) return rc;
        out[i] = (SimDemo){d->kind,   d->name,  d->number, n ? sites[0].number : "",
                           d->domain, password, subj.state};
    }
    return rc;
}
