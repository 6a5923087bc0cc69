/*
 * refindex.c - benchmark of the reference index: registering N concerns
 * through the use case (checks, pseudonyms, encryption, matching, audit,
 * the answer) from T threads, with realistic duplicates: about 10% are a
 * second organisation registering a youth already registered (the same BSN,
 * or the same name and date of birth), about 3% a close variant without a
 * BSN (day and month swapped, or one letter of the surname doubled).  With
 * --floor the same registrations are prepared the same way and only
 * inserted with their audit entry: no lookups, no matching, no answer.
 * Prints one line of key=value figures.  Synthetic data only.
 *
 *   bench_refindex DB_PATH N [--floor] [--threads T] [--seed S]
 */
#include <pthread.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/mem.h"
#include "base/text.h"
#include "domain/bsn.h"
#include "security/password.h"
#include "service/admin/admin.h"
#include "service/refindex/refindex_int.h"
#include "service/rulesets.h"

#define ORGS 40

static const char *const given[] = {
    "Daan",   "Sem",      "Lucas",   "Levi",    "Finn",    "Milan",   "Luuk",    "Bram",   "Noah",
    "Jesse",  "Sam",      "Thijs",   "Lars",    "Mees",    "Ruben",   "Teun",    "Julian", "Gijs",
    "Thomas", "Stijn",    "Mohamed", "Ayoub",   "Adam",    "Youssef", "Ibrahim", "Ilias",  "Rayan",
    "Emre",   "Yusuf",    "Mert",    "Jayden",  "Dylan",   "Kevin",   "Jordy",   "Jan",    "Pieter",
    "Willem", "Johannes", "Hendrik", "Kees",    "Emma",    "Julia",   "Mila",    "Tess",   "Sophie",
    "Zoë",    "Sara",     "Nora",    "Fenna",   "Lotte",   "Evi",     "Noor",    "Anna",   "Saar",
    "Lieke",  "Sanne",    "Isa",     "Yara",    "Liv",     "Roos",    "Fleur",   "Nina",   "Eva",
    "Maud",   "Femke",    "Amira",   "Fatima",  "Aya",     "Hiba",    "Nour",    "Salma",  "Elif",
    "Zeynep", "Esra",     "Melissa", "Chantal", "Priya",   "Shanti",  "Demi",    "Kim",    "Lisa",
    "Iris",   "Anouk",    "Lynn",    "Vera",    "Jasmijn", "Floor",   "Merel",   "Amber",  "Britt",
    "Jente",  "Senna",    "Ravi",    "Kenji",   "Dewi",    "Ilse",
};
/* Common surnames, most frequent first. */
static const char *const common[] = {
    "de Jong",        "Jansen",       "de Vries",      "van den Berg", "van Dijk",
    "Bakker",         "Janssen",      "Visser",        "Smit",         "Meijer",
    "de Boer",        "Mulder",       "de Groot",      "Bos",          "Vos",
    "Peters",         "Hendriks",     "van Leeuwen",   "Dekker",       "Brouwer",
    "de Wit",         "Dijkstra",     "Smits",         "de Graaf",     "van der Meer",
    "van der Linden", "Kok",          "Jacobs",        "de Haan",      "Vermeulen",
    "van den Heuvel", "van der Veen", "van den Broek", "de Bruijn",    "van der Heijden",
    "Schouten",       "van Beek",     "Willems",       "van Vliet",    "van de Ven",
    "Hoekstra",       "Maas",         "Verhoeven",     "Koster",       "van Dam",
    "Prins",          "Blom",         "Huisman",       "Kuipers",      "Postma",
    "El Amrani",      "Bouzid",       "Benali",        "Yilmaz",       "Kaya",
    "Demir",          "Şahin",        "Çelik",         "Öztürk",       "Aydın",
    "Ramdin",         "Sewnath",      "Ramcharan",     "Nguyen",       "Wiśniewski",
};
static const char *const head[] = {"Ver",    "Hoog",   "Klein", "Groot", "Oost",  "West", "Zuid",
                                   "Noord",  "Berg",   "Kamp",  "Hof",   "Brink", "Dijk", "Veld",
                                   "Bosch",  "Meer",   "Wal",   "Beek",  "Molen", "Kerk", "Stee",
                                   "Wester", "Ooster", "Rijn",  "Maas",  "Heide", "Lin",  "Wil",
                                   "Ter",    "Hen",    "Gel",   "Har",   "Rot",   "Sche", "Bol"};
static const char *const tail[] = {"man",   "mans", "stra", "ink",  "ing",  "sen",   "er",
                                   "ers",   "dijk", "veld", "kamp", "hof",  "berg",  "beek",
                                   "horst", "huis", "hout", "mate", "werf", "land",  "wijk",
                                   "ema",   "inga", "ma",   "sma",  "boom", "steeg", "brug"};
static const char *const particles[] = {"van ", "de ", "van der ", "van den ", "ter ", "van de "};
static const char *const grounds[] = {"criminal-activities", "school",     "neglect", "abuse",
                                      "addiction",           "development"};
static const char *const sexes[] = {"female", "male", "female", "male", "x", "unknown"};

typedef struct plan {
    int youth;    /* which youth */
    int org;      /* which organisation registers */
    char variant; /* 'n' new, 'd' duplicate, 'f' fuzzy variant */
} plan;

typedef struct bench {
    app *a;
    actor orgs[ORGS];
    plan *plans;
    long n;
    bool floor;
    uint64_t seed;
    atomic_long next;
    atomic_long done;
    atomic_long matched;
    atomic_long conflicts;
    atomic_long failures;
    uint32_t *latency_us; /* per registration */
    bool *had_match;
} bench;

static uint64_t mix(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ull;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

static uint64_t rnd(const bench *b, uint64_t a, uint64_t k)
{
    return mix(b->seed ^ mix(a * 1000003ull + k));
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- the synthetic youths ------------------------------------------------ */

typedef struct youth {
    char given[32];
    char surname[64];
    char birth[DATE_LEN];
    char bsn[10];
    char postcode[8];
    int number;
    const char *sex;
} youth;

static void make_bsn(const bench *b, int y, char out[10])
{
    for (uint64_t k = 0;; k++) {
        uint64_t r = rnd(b, (uint64_t)y, 100 + k);
        snprintf(out, 10, "%09llu", (unsigned long long)(r % 1000000000ull));
        if (bsn_is_valid(out))
            return;
    }
}

static void make_youth(const bench *b, int y, youth *out)
{
    memset(out, 0, sizeof *out);
    uint64_t r = rnd(b, (uint64_t)y, 1);
    snprintf(out->given, sizeof out->given, "%s", given[r % (sizeof given / sizeof given[0])]);
    uint64_t s = rnd(b, (uint64_t)y, 2);
    if (s % 100 < 35) {
        /* Zipf-like over the common names: the first are the most frequent. */
        size_t n = sizeof common / sizeof common[0];
        size_t i = (size_t)((s >> 8) % n);
        i = (size_t)((s >> 20) % (i + 1));
        snprintf(out->surname, sizeof out->surname, "%s", common[i]);
    } else {
        uint64_t t = rnd(b, (uint64_t)y, 3);
        const char *p = t % 100 < 30 ? particles[(t >> 8) % 6] : "";
        snprintf(out->surname, sizeof out->surname, "%s%s%s%s", p,
                 head[(t >> 16) % (sizeof head / sizeof head[0])], t % 7 == 0 ? "en" : "",
                 tail[(t >> 24) % (sizeof tail / sizeof tail[0])]);
    }
    date today, birth;
    date_today(&today);
    uint64_t d = rnd(b, (uint64_t)y, 4);
    date_from_days(date_to_days(&today) - 30 - (int64_t)(d % (22 * 365)), &birth);
    date_format(&birth, out->birth);
    out->sex = sexes[(d >> 32) % 6];
    uint64_t k = rnd(b, (uint64_t)y, 5);
    if (k % 100 < 70)
        make_bsn(b, y, out->bsn);
    snprintf(out->postcode, sizeof out->postcode, "%04d%c%c", 1000 + (int)((k >> 8) % 9000),
             'A' + (int)((k >> 24) % 26), 'A' + (int)((k >> 32) % 26));
    out->number = 1 + (int)((k >> 40) % 200);
}

/* A close variant: day and month swapped when that is a date in the past,
 * else the surname's last letter doubled; always without the BSN. */
static void make_variant(youth *y)
{
    date d, swapped, today;
    date_today(&today);
    bool ok = date_parse(y->birth, &d) == SG_OK && d.day <= 12 && d.day != d.month;
    if (ok) {
        swapped = d;
        swapped.month = d.day;
        swapped.day = d.month;
        ok = date_is_valid(swapped.year, swapped.month, swapped.day)
             && date_compare(&swapped, &today) < 0;
    }
    if (ok) {
        date_format(&swapped, y->birth);
    } else {
        size_t len = strlen(y->surname);
        if (len + 1 < sizeof y->surname) {
            y->surname[len] = y->surname[len - 1];
            y->surname[len + 1] = '\0';
        }
    }
    y->bsn[0] = '\0';
}

static void input_of(const youth *y, long i, concern_input *in, char contact[64])
{
    memset(in, 0, sizeof *in);
    snprintf(contact, 64, "professional-%ld@example.org", i % 997);
    in->ground = grounds[i % 6];
    in->given_names = y->given;
    in->surname = y->surname;
    in->birth_date = y->birth;
    in->sex = y->sex;
    in->bsn = y->bsn[0] ? y->bsn : NULL;
    in->has_address = true;
    in->address.postcode = y->postcode;
    in->address.house_number = y->number;
    in->contact = contact;
}

/* ---- the floor: the same inserts, no matching ------------------------------- */

typedef struct floor_ctx {
    app *a;
    const actor *who;
    concern_prepared *pr;
} floor_ctx;

static int floor_job(store_tx *tx, void *arg)
{
    floor_ctx *f = arg;
    concern_row *r = &f->pr->row;
    r->rules_version = 1;
    int rc = store_concern_insert(tx, r);
    for (int i = 0; rc == SG_OK && i < f->pr->links.nparents; i++)
        rc = store_concern_link_add(tx, r->id, "parent", f->pr->links.parents[i]);
    if (rc == SG_OK && f->pr->links.address[0])
        rc = store_concern_link_add(tx, r->id, "address", f->pr->links.address);
    if (rc == SG_OK)
        rc = audit_record(tx, f->a->keys, f->who, "concern.create", "concern", r->public_id,
                          r->public_id, "register a concern in the reference index");
    return rc;
}

static int register_floor(app *a, const actor *who, const concern_input *in)
{
    concern_prepared *pr = sg_calloc(1, sizeof *pr);
    svc_error err = {0};
    if (!pr)
        return SG_ENOMEM;
    int rc = concern_prepare(a, who, in, pr, &err);
    floor_ctx f = {.a = a, .who = who, .pr = pr};
    if (rc == SG_OK)
        rc = store_write(a->db, floor_job, &f);
    store_concern_clear(&pr->row);
    sg_free(pr);
    return rc;
}

/* ---- the workers ------------------------------------------------------------ */

static void *worker(void *arg)
{
    bench *b = arg;
    for (;;) {
        long i = atomic_fetch_add(&b->next, 1);
        if (i >= b->n)
            break;
        const plan *p = &b->plans[i];
        youth y;
        char contact[64];
        concern_input in;
        make_youth(b, p->youth, &y);
        if (p->variant == 'f')
            make_variant(&y);
        input_of(&y, i, &in, contact);
        double t0 = now_s();
        int rc;
        bool matched = false;
        if (b->floor) {
            rc = register_floor(b->a, &b->orgs[p->org], &in);
        } else {
            json_t *out = NULL;
            bool created = false;
            svc_error err = {0};
            rc = concern_register(b->a, &b->orgs[p->org], &in, &out, &created, &err);
            matched = rc == SG_OK && json_array_size(json_object_get(out, "matches")) > 0;
            json_decref(out);
        }
        double took = now_s() - t0;
        b->latency_us[i] = (uint32_t)(took * 1e6);
        b->had_match[i] = matched;
        if (matched)
            atomic_fetch_add(&b->matched, 1);
        if (rc == SG_ECONFLICT)
            atomic_fetch_add(&b->conflicts, 1);
        else if (rc != SG_OK)
            atomic_fetch_add(&b->failures, 1);
        long done = atomic_fetch_add(&b->done, 1) + 1;
        if (done % (b->n / 20 > 0 ? b->n / 20 : 1) == 0)
            fprintf(stderr, "bench_refindex: %ld of %ld\n", done, b->n);
    }
    return NULL;
}

static int cmp_u32(const void *x, const void *y)
{
    uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
    return a < b ? -1 : a > b;
}

/* The q-quantile of v[0..n) in milliseconds (v sorted). */
static double quantile_ms(const uint32_t *v, long n, double q)
{
    if (n == 0)
        return 0;
    long i = (long)(q * (double)(n - 1));
    return v[i] / 1000.0;
}

/* ---- set-up ----------------------------------------------------------------- */

static int setup(bench *b, const char *rules_path)
{
    actor sys;
    access_system_actor(&sys);
    FILE *f = fopen(rules_path, "rb");
    if (!f)
        return SG_EIO;
    static char text[1 << 16];
    size_t len = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    json_t *out = NULL;
    svc_error err = {0};
    int rc = ruleset_publish(b->a, &sys, "concern-grounds", text, len, &out, &err);
    json_decref(out);
    static const char *const types[] = {"school", "youth-care", "police", "veilig-thuis",
                                        "municipality"};
    static const char *const roles[] = {"care-coordinator", "care-worker", "police-officer",
                                        "care-worker", "care-worker"};
    for (int i = 0; rc == SG_OK && i < ORGS; i++) {
        char name[64], login[32];
        snprintf(name, sizeof name, "Bench organisation %02d", i);
        snprintf(login, sizeof login, "bench-%02d", i);
        org_input oi = {.name = name, .type = types[i % 5]};
        rc = org_create(b->a, &sys, &oi, &out, &err);
        json_decref(out);
        user_input ui = {
            .login = login, .org = name, .role = roles[i % 5], .password = "bench password 123"};
        if (rc == SG_OK)
            rc = user_create(b->a, &sys, &ui, &out, &err);
        if (rc == SG_OK)
            snprintf(b->orgs[i].login, sizeof b->orgs[i].login, "%s", login);
        json_decref(out);
    }
    if (rc != SG_OK)
        fprintf(stderr, "bench_refindex: set-up: %s %s\n", err.field ? err.field : "",
                err.reason ? err.reason : sg_status_str(rc));
    return rc;
}

static void make_plans(bench *b)
{
    int youths = 0;
    int *first_org = sg_calloc((size_t)b->n + 1, sizeof *first_org);
    for (long i = 0; i < b->n; i++) {
        uint64_t r = rnd(b, (uint64_t)i, 9);
        int pct = (int)(r % 1000);
        plan *p = &b->plans[i];
        if (youths > 100 && pct < 100) {
            p->variant = 'd';
        } else if (youths > 100 && pct < 130) {
            p->variant = 'f';
        } else {
            p->variant = 'n';
            first_org[youths] = (int)((r >> 16) % ORGS);
            p->youth = youths++;
            p->org = first_org[p->youth];
            continue;
        }
        p->youth = (int)((r >> 16) % (uint64_t)youths);
        p->org = (first_org[p->youth] + 1 + (int)((r >> 40) % (ORGS - 1))) % ORGS;
    }
    sg_free(first_org);
}

static void count(const char *db, const char *sql, long *out)
{
    sqlite3 *h = NULL;
    sqlite3_stmt *st = NULL;
    *out = -1;
    if (sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK
        && sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        *out = (long)sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(h);
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: bench_refindex DB_PATH N [--floor] [--threads T] [--seed S]\n");
        return 2;
    }
    bench b = {.n = atol(argv[2]), .seed = 20261128};
    int threads = 8;
    for (int i = 3; i < argc; i++) {
        if (strcmp(argv[i], "--floor") == 0)
            b.floor = true;
        else if (strcmp(argv[i], "--threads") == 0 && i + 1 < argc)
            threads = atoi(argv[++i]);
        else if (strcmp(argv[i], "--seed") == 0 && i + 1 < argc)
            b.seed = (uint64_t)atoll(argv[++i]);
    }
    if (b.n < 1 || threads < 1 || threads > 256 || vault_global_init() != SG_OK)
        return 2;
    password_set_cost(PASSWORD_COST_MINIMAL);
    const char *detail = "";
    if (app_open(argv[1], true, &b.a, &detail) != SG_OK) {
        fprintf(stderr, "bench_refindex: %s\n", detail);
        return 1;
    }
    b.a->cfg.concern_rate_max = 1 << 30;
    if (setup(&b, SIGNAAL_SOURCE_DIR "/data/concern-grounds.json") != SG_OK)
        return 1;
    for (int i = 0; i < ORGS; i++)
        if (svc_actor_by_login(b.a, b.orgs[i].login, "bench", &b.orgs[i]) != SG_OK)
            return 1;
    b.plans = sg_calloc((size_t)b.n, sizeof *b.plans);
    b.latency_us = sg_calloc((size_t)b.n, sizeof *b.latency_us);
    b.had_match = sg_calloc((size_t)b.n, sizeof *b.had_match);
    if (!b.plans || !b.latency_us || !b.had_match)
        return 1;
    make_plans(&b);
    pthread_t *tids = sg_calloc((size_t)threads, sizeof *tids);
    double start = now_s();
    for (int i = 0; i < threads; i++)
        pthread_create(&tids[i], NULL, worker, &b);
    for (int i = 0; i < threads; i++)
        pthread_join(tids[i], NULL);
    double took = now_s() - start;
    app_close(b.a);

    uint32_t *matched = sg_calloc((size_t)b.n, sizeof *matched);
    long nm = 0;
    for (long i = 0; i < b.n; i++)
        if (b.had_match[i])
            matched[nm++] = b.latency_us[i];
    qsort(b.latency_us, (size_t)b.n, sizeof *b.latency_us, cmp_u32);
    qsort(matched, (size_t)nm, sizeof *matched, cmp_u32);
    long rows = 0, identity = 0, candidates = 0, links = 0;
    count(argv[1], "SELECT COUNT(*) FROM concerns", &rows);
    count(argv[1], "SELECT COUNT(*) FROM concern_matches WHERE kind = 'identity'", &identity);
    count(argv[1], "SELECT COUNT(*) FROM concern_matches WHERE kind = 'candidate'", &candidates);
    count(argv[1], "SELECT COUNT(*) FROM concern_matches WHERE kind IN ('family', 'address')",
          &links);
    printf("mode=%s n=%ld threads=%d seconds=%.1f per_second=%.0f p50_ms=%.2f p95_ms=%.2f"
           " p99_ms=%.2f registered=%ld conflicts=%ld failures=%ld with_match=%ld"
           " match_p50_ms=%.2f match_p95_ms=%.2f match_p99_ms=%.2f identity_matches=%ld"
           " candidate_matches=%ld address_matches=%ld\n",
           b.floor ? "floor" : "match", b.n, threads, took, (double)b.n / took,
           quantile_ms(b.latency_us, b.n, 0.5), quantile_ms(b.latency_us, b.n, 0.95),
           quantile_ms(b.latency_us, b.n, 0.99), rows, (long)b.conflicts, (long)b.failures, nm,
           quantile_ms(matched, nm, 0.5), quantile_ms(matched, nm, 0.95),
           quantile_ms(matched, nm, 0.99), identity, candidates, links);
    sg_free(matched);
    sg_free(tids);
    sg_free(b.plans);
    sg_free(b.latency_us);
    sg_free(b.had_match);
    return b.failures == 0 ? 0 : 1;
}
