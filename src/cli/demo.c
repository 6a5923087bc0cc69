/*
 * demo.c - demo data for trying signaal out: organisations, users and
 * synthetic children with signals.  Everything here is invented and says
 * so: names carry "(demo)", observations start with "Synthetisch".
 */
#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "cli/cli.h"
#include "service/admin/admin.h"
#include "service/school/persons.h"
#include "service/school/signals.h"

#define DEMO_PASSWORD "signaal-demo-2026"

static const struct {
    const char *name;
    const char *type;
    const char *municipality; /* a municipality's: which one (data/regions.json) */
} demo_orgs[] = {
    {"Demo: Het Voorbeeld College", "school", NULL},
    {"Demo: Lyceum De Proef", "school", NULL},
    {"Demo: Politie Eenheid Voorbeeld", "police", NULL},
    {"Demo: OM Arrondissementsparket Voorbeeld", "prosecution", NULL},
    {"Demo: Veilig Thuis Voorbeeldregio", "veilig-thuis", NULL},
    {"Demo: Jeugdzorg Voorbeeld", "youth-care", NULL},
    {"Demo: Gemeente Voorbeeld", "municipality", "Utrecht"},
    {"Demo: Landelijk Analysecentrum", "national-analysis", NULL},
    {"Demo: Landelijk Expertteam Criminele Uitbuiting", "expert-group", NULL},
    {"Demo: Landelijk beheer signaal", "national-office", NULL},
    {"Demo: GGD Voorbeeld, jeugdgezondheidszorg", "youth-health-care", NULL},
    {"Demo: Raad voor de Kinderbescherming Voorbeeld", "child-protection-board", NULL},
    {"Demo: Halt Voorbeeld", "halt", NULL},
    {"Demo: Gecertificeerde Instelling Voorbeeld", "certified-institution", NULL},
    /* A municipality's organisation names its municipality explicitly (the
     * monitor never reads it from the name); its people and figures are demo. */
    {"Gemeente Tilburg", "municipality", "Tilburg"},
};

static const struct {
    const char *login;
    int org;
    const char *role;
} demo_users[] = {
    {"mentor.a", 0, "mentor"},
    {"zorg.a", 0, "care-coordinator"},
    {"mentor.b", 1, "mentor"},
    {"zorg.b", 1, "care-coordinator"},
    {"politie", 2, "police-officer"},
    {"officier", 3, "prosecutor"},
    {"veiligthuis", 4, "care-worker"},
    {"jeugdzorg", 5, "care-worker"},
    {"gemeente", 6, "care-worker"},
    {"analist", 7, "analyst"},
    {"beheer", 9, "national-administrator"},
    {"auditor", 9, "national-auditor"},
    {"beheer.a", 0, "administrator"},
    {"auditor.a", 0, "auditor"},
    {"expert", 8, "care-worker"},
    {"privacy.a", 0, "privacy-officer"},
    {"jgz", 10, "youth-health-professional"},
    {"raad", 11, "child-protection-investigator"},
    {"halt", 12, "halt-professional"},
    {"voogd", 13, "family-guardian"},
    {"reclassering", 13, "youth-probation-officer"},
    {"analist.politie", 2, "analyst"},
    {"analist.gemeente", 14, "analyst"},
};

static const char *const first_names[] = {"Sam",  "Noor", "Daan",  "Lina",  "Milan", "Yara",
                                          "Finn", "Sara", "Luuk",  "Amira", "Jesse", "Fenna",
                                          "Mees", "Isa",  "Thijs", "Roos",  "Bram",  "Liv",
                                          "Ravi", "Mila", "Teun",  "Zoë",   "Joep",  "Nina"};
/* Half the children live in Utrecht (Demo: Gemeente Voorbeeld's municipality),
 * so that its figures stand above the minimum frequency; Tilburg's analyst
 * sees a municipality where most cells are suppressed. */
static const char *const municipalities[] = {"Utrecht", "Rotterdam", "Utrecht", "Den Haag",
                                             "Utrecht", "Amsterdam", "Utrecht", "Tilburg"};
static const char *const genders[] = {"male", "female", "x", "female", "male", "unknown"};

/* Observation patterns: the indicators and what the professional wrote. */
static const struct {
    const char *indicators[4];
    const char *kinds[4];
    const char *setting;
    const char *text;
} patterns[] = {
    {{"SCH-06", NULL},
     {"fact"},
     "school",
     "Synthetisch demo-voorbeeld: na de laatste les opgehaald door een onbekende oudere jongen"
     " op een scooter; de leerling keek schichtig om zich heen."},
    {{"SCH-01", "PHN-02", "REL-04", NULL},
     {"fact", "fact", "impression"},
     "school",
     "Synthetisch demo-voorbeeld: drie keer ongeoorloofd afwezig deze maand, telefoon gaat"
     " voortdurend, trekt niet meer op met de oude vriendengroep."},
    {{"SCH-02", "BEH-01", NULL},
     {"fact", "impression"},
     "school",
     "Synthetisch demo-voorbeeld: cijfers zakken, teruggetrokken in de klas."},
    {{"MON-01", "BEH-05", NULL},
     {"fact", "fact"},
     "school",
     "Synthetisch demo-voorbeeld: nieuwe dure sneakers en jas, gebruikt straattaal over 'trap'."},
    {{"VUL-03", "SCH-04", NULL},
     {"fact", "impression"},
     "school",
     "Synthetisch demo-voorbeeld: gezin heeft schulden; concentratie is laag."},
    {{"PHN-01", "REL-01", "TRV-05", NULL},
     {"fact", "fact", "impression"},
     "street",
     "Synthetisch demo-voorbeeld: gezien bij het station met twee telefoons, in gezelschap van"
     " veel oudere jongeren; wil niet zeggen waar hij was."},
};

static int demo_actor(app *a, const char *login, actor *who)
{
    return svc_actor_by_login(a, login, "cli", who);
}

/* A BSN that passes the eleven test, in the 99999xxxx test range. */
static void demo_bsn(int n, char out[10])
{
    unsigned serial = (unsigned)n % 1000u;
    for (unsigned last = 0; last <= 9; last++) {
        snprintf(out, 10, "99999%03u%u", serial, last);
        int sum = 0;
        for (int i = 0; i < 8; i++)
            sum += (9 - i) * (out[i] - '0');
        sum -= out[8] - '0';
        if (sum % 11 == 0)
            return;
    }
    snprintf(out, 10, "%s", "");
}

static int add_child(app *a, const actor *mentor, int n, char id[STORE_ID_LEN])
{
    char name[80], birth[DATE_LEN], bsn[10];
    date today, born;
    date_today(&today);
    snprintf(name, sizeof name, "%s %s (demo)", first_names[n % 24], n % 2 ? "Voorbeeld" : "Proef");
    born.year = today.year - 12 - n % 5;
    born.month = 1 + (n * 5) % 12;
    born.day = 1 + (n * 7) % 28;
    date_format(&born, birth);
    demo_bsn(n, bsn);
    person_input in = {.name = name,
                       .bsn = bsn[0] && n % 3 ? bsn : NULL,
                       .birth_date = birth,
                       .gender = genders[n % 6],
                       .municipality = municipalities[n % 8]};
    json_t *out = NULL;
    svc_error err = {0};
    int rc = person_create(a, mentor, &in, &out, &err);
    if (rc != SG_OK)
        return cli_fail("demo child", rc, &err);
    snprintf(id, STORE_ID_LEN, "%s", json_string_value(json_object_get(out, "id")));
    json_decref(out);
    return EXIT_OK;
}

static int add_signal(app *a, const actor *observer, const char *person, int pattern, int days_ago)
{
    signal_indicator inds[4];
    int count = 0;
    for (; count < 4 && patterns[pattern].indicators[count]; count++) {
        snprintf(inds[count].code, sizeof inds[count].code, "%s",
                 patterns[pattern].indicators[count]);
        snprintf(inds[count].kind, sizeof inds[count].kind, "%s", patterns[pattern].kinds[count]);
    }
    date day;
    char observed[DATE_LEN];
    date_today(&day);
    date_from_days(date_to_days(&day) - days_ago, &day);
    date_format(&day, observed);
    signal_input in = {.person_id = person,
                       .observed_on = observed,
                       .setting = patterns[pattern].setting,
                       .observation = patterns[pattern].text,
                       .indicators = inds,
                       .indicator_count = count};
    json_t *out = NULL;
    svc_error err = {0};
    int rc = signal_create(a, observer, &in, &out, &err);
    json_decref(out);
    return rc == SG_OK ? EXIT_OK : cli_fail("demo signal", rc, &err);
}

#define DEMO_ORGS (sizeof demo_orgs / sizeof demo_orgs[0])
#define DEMO_USERS (sizeof demo_users / sizeof demo_users[0])
/* Children per school (the first two organisations). */
static const int demo_children[] = {16, 8};

static void print_logins(void)
{
    printf("\nDemo accounts (all synthetic; password for each: %s)\n", DEMO_PASSWORD);
    for (size_t i = 0; i < DEMO_USERS; i++)
        printf("  %-16s %-29s %s\n", demo_users[i].login, demo_users[i].role,
               demo_orgs[demo_users[i].org].name);
    printf("beheer, auditor, beheer.a, auditor.a and privacy.a enrol an authenticator app (TOTP)"
           " at their\nfirst log-in.  signaal serve says where to open signaal once it"
           " listens.\n\n");
}

void cli_demo_ready(app *a, const char *url)
{
    actor system;
    access_system_actor(&system);
    json_t *out = NULL;
    bool demo = org_get(a, &system, demo_orgs[0].name, &out) == SG_OK;
    json_decref(out);
    printf("\nsignaal is ready: open %s/ in a browser.\n", url);
    if (demo)
        printf("Log in as, for example, mentor.a or zorg.a (password %s); the demo accounts\n"
               "are listed by signaal init --demo.  Through the API:\n"
               "  curl -c jar -H 'Content-Type: application/json' \\\n"
               "       -d '{\"login\":\"zorg.a\",\"password\":\"%s\"}' %s/api/v1/session\n"
               "  curl -b jar %s/api/v1/persons\n",
               DEMO_PASSWORD, DEMO_PASSWORD, url, url);
    printf("The API is described at %s/api/v1/openapi.json.  Stop with Ctrl-C.\n\n", url);
    fflush(stdout);
}

int cli_demo_load(app *a)
{
    actor system;
    access_system_actor(&system);
    json_t *out = NULL;
    if (org_get(a, &system, demo_orgs[0].name, &out) == SG_OK) {
        json_decref(out);
        fprintf(stderr, "signaal: the demo data is there already\n");
        print_logins();
        return EXIT_OK;
    }
    for (size_t i = 0; i < DEMO_ORGS; i++) {
        svc_error err = {0};
        org_input in = {.name = demo_orgs[i].name,
                        .type = demo_orgs[i].type,
                        .municipality = demo_orgs[i].municipality};
        int rc = org_create(a, &system, &in, &out, &err);
        if (rc != SG_OK)
            return cli_fail("demo organisation", rc, &err);
        json_decref(out);
    }
    for (size_t i = 0; i < DEMO_USERS; i++) {
        svc_error err = {0};
        user_input in = {.login = demo_users[i].login,
                         .org = demo_orgs[demo_users[i].org].name,
                         .role = demo_users[i].role,
                         .password = DEMO_PASSWORD};
        int rc = user_create(a, &system, &in, &out, &err);
        if (rc != SG_OK)
            return cli_fail("demo user", rc, &err);
        json_decref(out);
    }
    const char *mentors[] = {"mentor.a", "mentor.b"};
    int total = 0;
    for (int school = 0; school < 2; school++) {
        actor mentor;
        if (demo_actor(a, mentors[school], &mentor) != SG_OK)
            return cli_fail("demo user", SG_ENOTFOUND, NULL);
        int children = demo_children[school];
        total += children;
        for (int k = 0; k < children; k++) {
            char id[STORE_ID_LEN];
            int n = school * 16 + k;
            int rc = add_child(a, &mentor, n, id);
            for (int s = 0; rc == EXIT_OK && s <= k % 3; s++)
                rc = add_signal(a, &mentor, id, (n + s * 2) % 6, 3 + 9 * s + k);
            if (rc != EXIT_OK)
                return rc;
        }
    }
    actor analyst;
    if (demo_actor(a, "analist", &analyst) != SG_OK)
        return cli_fail("demo user", SG_ENOTFOUND, NULL);
    int rc = cli_demo_network(a, &analyst);
    if (rc != EXIT_OK)
        return rc;
    fprintf(stderr,
            "signaal: demo data loaded: %zu organisations, %zu users, %d synthetic children\n",
            DEMO_ORGS, DEMO_USERS, total);
    print_logins();
    return EXIT_OK;
}
