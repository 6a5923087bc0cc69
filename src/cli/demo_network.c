/*
 * demo_network.c - an invented network of recruitment chains for the
 * demo, so that an analyst who tries signaal out has something to analyse:
 * a chain with two victim-recruiters, a shared phone, a place where the
 * youths are seen and a second group joined to the chain by one person.
 * Every name says "(demo)"; nothing here is about a real person, and no
 * pupil of the demo schools is in it (school signals never feed the
 * network).  The relations were first seen months ago, so the published
 * alert rules, which look at the last 90 days, raise nothing from them.
 */
#include <stdio.h>

#include "base/buf.h"
#include "base/clock.h"
#include "cli/cli.h"
#include "service/network/network.h"

static const struct {
    const char *from, *to, *type, *confidence;
    int first_days_ago, last_days_ago;
    const char *source;
} demo_relations[] = {
    {"nickname:Kay (demo)", "nickname:Baas (demo)", "recruited_by", "confirmed", 400, 380,
     "report:DEMO-2025-11"},
    {"nickname:Mo (demo)", "nickname:Kay (demo)", "recruited_by", "probable", 330, 300,
     "report:DEMO-2025-11"},
    {"nickname:Jay (demo)", "nickname:Kay (demo)", "recruited_by", "confirmed", 310, 280,
     "report:DEMO-2025-14"},
    {"nickname:Sem (demo)", "nickname:Mo (demo)", "recruited_by", "unverified", 220, 200,
     "report:DEMO-2026-02"},
    {"nickname:Lex (demo)", "nickname:Baas (demo)", "exploited_by", "probable", 260, 240,
     "report:DEMO-2025-14"},
    {"nickname:Baas (demo)", "phone:0600000001", "uses_phone", "confirmed", 400, 200,
     "report:DEMO-2025-11"},
    {"nickname:Kay (demo)", "phone:0600000001", "uses_phone", "probable", 380, 300,
     "report:DEMO-2025-11"},
    {"nickname:Mo (demo)", "place:Station Voorbeeld (demo)", "seen_at", "confirmed", 300, 210,
     "report:DEMO-2025-14"},
    {"nickname:Jay (demo)", "place:Station Voorbeeld (demo)", "seen_at", "probable", 290, 230,
     "report:DEMO-2025-14"},
    {"nickname:Mo (demo)", "nickname:Jay (demo)", "co_offended_with", "confirmed", 240, 240,
     "report:DEMO-2026-02"},
    {"nickname:Rik (demo)", "nickname:Mo (demo)", "associates_with", "unverified", 250, 150,
     "report:DEMO-2026-02"},
    {"nickname:Rik (demo)", "nickname:Dani (demo)", "associates_with", "probable", 300, 120,
     "report:DEMO-2026-05"},
    {"nickname:Dani (demo)", "address:Voorbeeldstraat 1 Voorbeeldstad (demo)", "lives_at",
     "confirmed", 300, 120, "report:DEMO-2026-05"},
    {"nickname:Rik (demo)", "group:Groep Oost (demo)", "member_of", "probable", 300, 120,
     "report:DEMO-2026-05"},
    {"nickname:Dani (demo)", "group:Groep Oost (demo)", "member_of", "probable", 300, 120,
     "report:DEMO-2026-05"},
};

#define DEMO_RELATIONS (sizeof demo_relations / sizeof demo_relations[0])

int cli_demo_network(app *a, const actor *analyst)
{
    buf csv;
    buf_init(&csv, 64 * 1024);
    int rc = buf_append_str(&csv, "from,to,type,confidence,first_seen,last_seen,source\n");
    for (size_t i = 0; rc == SG_OK && i < DEMO_RELATIONS; i++) {
        char first[DATE_LEN], last[DATE_LEN];
        date_today_plus(-demo_relations[i].first_days_ago, first);
        date_today_plus(-demo_relations[i].last_days_ago, last);
        rc = buf_printf(&csv, "ext:%s,ext:%s,%s,%s,%s,%s,%s\n", demo_relations[i].from,
                        demo_relations[i].to, demo_relations[i].type, demo_relations[i].confidence,
                        first, last, demo_relations[i].source);
    }
    json_t *out = NULL;
    svc_error err = {0};
    if (rc == SG_OK)
        rc = relation_import(a, analyst, csv.data, csv.len, NULL, NULL, &out, &err);
    buf_free(&csv);
    json_decref(out);
    if (rc != SG_OK)
        return cli_fail("demo network", rc, &err);
    fprintf(stderr, "signaal: demo network: %zu invented relations for the analysts\n",
            DEMO_RELATIONS);
    return EXIT_OK;
}
