/*
 * monitor_gen.c - the synthetic national data of the monitoring benchmark
 * (bench_monitor generate).  Ten years (2015-2024) of signals and the
 * records that follow them, written straight into an initialised signaal
 * database with plain SQL in one transaction: persons, organisations and
 * users; signals with their indicators; cases, "niet pluis" consultations
 * and Meldcode decisions; referrals with their clocks; police screenings,
 * OM decisions and diversions; intervention enrolments; reference-index
 * registrations and matches.  Everything is invented and deterministic
 * for a seed; identifying columns hold empty blobs, because the report
 * never reads them.  The codes come from the published rule sets of the
 * database, so they are the ones the report counts.
 */
#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_monitor.h"

#define FIRST_YEAR 2015
#define YEARS 10
#define CODES_MAX 128

/* ---- randomness and dates ------------------------------------------------ */

static uint64_t rng_state;

static uint64_t next_u64(void)
{
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* Uniform in [0, n). */
static int pick(int n)
{
    return (int)(next_u64() % (uint64_t)n);
}

static double unit(void)
{
    return (double)(next_u64() >> 11) / 9007199254740992.0;
}

static bool chance(double p)
{
    return unit() < p;
}

/* Days since 1970-01-01 of a civil date, and back (Howard Hinnant's
 * algorithms for the proleptic Gregorian calendar). */
static int days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(int z, int *y, int *m, int *d)
{
    z += 719468;
    int era = (z >= 0 ? z : z - 146096) / 146097;
    int doe = z - era * 146097;
    int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp + (mp < 10 ? 3 : -9);
    *y = yoe + era * 400 + (*m <= 2);
}

static void day_text(int day, char out[11])
{
    int y, m, d;
    civil_from_days(day, &y, &m, &d);
    snprintf(out, 11, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u,
             (unsigned)d % 100u);
}

static void moment_text(int day, char out[32])
{
    char date[11];
    day_text(day, date);
    snprintf(out, 32, "%sT10:00:00.000Z", date);
}

/* ---- what the database publishes ----------------------------------------- */

typedef struct code_set {
    char *v[CODES_MAX];
    int n;
} code_set;

static void codes_free(code_set *c)
{
    for (int i = 0; i < c->n; i++)
        free(c->v[i]);
    c->n = 0;
}

/* The strings at array[*].field of the newest rule set of kind. */
static int ruleset_codes(sqlite3 *db, const char *kind, const char *array, const char *field,
                         code_set *out)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(
        db, "SELECT content FROM rulesets WHERE kind = ?1 ORDER BY version DESC LIMIT 1", -1, &st,
        NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
    json_t *doc = NULL;
    if (rc == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        doc = json_loads((const char *)sqlite3_column_text(st, 0), 0, NULL);
    sqlite3_finalize(st);
    size_t i;
    json_t *item;
    json_array_foreach(json_object_get(doc, array), i, item)
    {
        const char *s = json_string_value(field ? json_object_get(item, field) : item);
        if (s && out->n < CODES_MAX)
            out->v[out->n++] = strdup(s);
    }
    json_decref(doc);
    return out->n > 0 ? 0 : -1;
}

static int indicator_codes(sqlite3 *db, code_set *out)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db,
                           "SELECT code FROM indicators WHERE version ="
                           " (SELECT MAX(version) FROM catalogue_versions) ORDER BY code",
                           -1, &st, NULL)
        != SQLITE_OK)
        return -1;
    while (sqlite3_step(st) == SQLITE_ROW && out->n < CODES_MAX)
        out->v[out->n++] = strdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return out->n > 0 ? 0 : -1;
}

/* ---- writing rows ---------------------------------------------------------- */

typedef struct gen {
    sqlite3 *db;
    int64_t persons, signals, indicators, cases, consultations, decisions_meldcode, referrals,
        clocks, screenings, decisions_om, diversions, enrolments, concerns, matches;
    code_set municipalities, indicator_list, offences, programmes, grounds;
    int64_t org_base[8]; /* first organisation id per type */
    int org_count[8];
    int catalogue;
} gen;

enum { T_SCHOOL, T_POLICE, T_OM, T_YOUTH, T_VT, T_MUNI, T_NATIONAL, T_COUNT };
static const char *const org_types[T_COUNT] = {"school",           "police",       "prosecution",
                                               "youth-care",       "veilig-thuis", "municipality",
                                               "national-analysis"};

static int exec(sqlite3 *db, const char *sql)
{
    char *msg = NULL;
    int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
    if (rc != SQLITE_OK)
        fprintf(stderr, "bench_monitor: %s: %s\n", sql, msg ? msg : sqlite3_errmsg(db));
    sqlite3_free(msg);
    return rc == SQLITE_OK ? 0 : -1;
}

static sqlite3_stmt *prepare(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        fprintf(stderr, "bench_monitor: %s: %s\n", sql, sqlite3_errmsg(db));
    return st;
}

/* Binds the arguments described by types ('i' int64, 't' text) and steps. */
static int row(sqlite3_stmt *st, const char *types, ...)
{
    va_list ap;
    va_start(ap, types);
    for (int i = 0; types[i]; i++) {
        if (types[i] == 'i')
            sqlite3_bind_int64(st, i + 1, va_arg(ap, int64_t));
        else
            sqlite3_bind_text(st, i + 1, va_arg(ap, const char *), -1, SQLITE_TRANSIENT);
    }
    va_end(ap);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        fprintf(stderr, "bench_monitor: insert: %s\n", sqlite3_errmsg(sqlite3_db_handle(st)));
        return -1;
    }
    return 0;
}

static int organisations(gen *g)
{
    static const int counts[T_COUNT] = {1400, 10, 10, 40, 25, 0, 1};
    sqlite3_stmt *org =
        prepare(g->db, "INSERT INTO organisations (public_id, name, type, municipality,"
                       " created_at) VALUES (?1, ?2, ?3, ?4, '2014-12-01T10:00:00Z')"
                       " RETURNING id");
    sqlite3_stmt *user = prepare(
        g->db, "INSERT INTO users (public_id, org_id, login, role, password_hash, created_at)"
               " VALUES (?1, ?2, ?3, ?4, 'bench: no log-in', '2014-12-01T10:00:00Z')");
    int rc = org && user ? 0 : -1;
    for (int t = 0; rc == 0 && t < T_COUNT; t++) {
        int n = t == T_MUNI ? g->municipalities.n : counts[t];
        g->org_count[t] = n;
        for (int i = 0; rc == 0 && i < n; i++) {
            char pid[40], name[200], login[64];
            snprintf(pid, sizeof pid, "bench-org-%d-%d", t, i);
            if (t == T_MUNI)
                snprintf(name, sizeof name, "Gemeente %s", g->municipalities.v[i]);
            else
                snprintf(name, sizeof name, "Bench %s %d", org_types[t], i);
            sqlite3_bind_text(org, 1, pid, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(org, 2, name, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(org, 3, org_types[t], -1, SQLITE_STATIC);
            sqlite3_bind_text(org, 4, t == T_MUNI ? g->municipalities.v[i] : "", -1,
                              SQLITE_TRANSIENT);
            if (sqlite3_step(org) != SQLITE_ROW) {
                fprintf(stderr, "bench_monitor: organisation: %s\n", sqlite3_errmsg(g->db));
                rc = -1;
                break;
            }
            int64_t id = sqlite3_column_int64(org, 0);
            sqlite3_reset(org);
            if (i == 0)
                g->org_base[t] = id;
            /* One user per organisation, with the organisation's id: the
             * analysts of the national organisation and the municipalities
             * are the readers of the benchmark's reports. */
            snprintf(login, sizeof login, "bench-%d-%d", t, i);
            const char *role = t == T_NATIONAL || t == T_MUNI ? "analyst"
                               : t == T_SCHOOL                ? "care-coordinator"
                               : t == T_POLICE                ? "police-officer"
                               : t == T_OM                    ? "prosecutor"
                                                              : "care-worker";
            rc = row(user, "titt", pid, id, login, role);
        }
    }
    sqlite3_finalize(org);
    sqlite3_finalize(user);
    return rc;
}

static int64_t org_id(const gen *g, int type, int64_t n)
{
    return g->org_base[type] + (int64_t)(n % g->org_count[type]);
}

/* ---- persons and signals ---------------------------------------------------- */

typedef struct signal_row {
    int32_t day;
    int32_t person;
    int16_t seq; /* the person's n-th signal */
    uint8_t ind[3];
    uint8_t nind;
} signal_row;

typedef struct person_row {
    int32_t first_day, third_day;
    int32_t signals;
    int32_t case_signals[3]; /* row ids, for a person with a case */
    bool has_case;
} person_row;

static int cmp_signal(const void *a, const void *b)
{
    const signal_row *x = a, *y = b;
    if (x->day != y->day)
        return x->day < y->day ? -1 : 1;
    if (x->person != y->person)
        return x->person < y->person ? -1 : 1;
    return x->seq - y->seq;
}

static const char *municipality_of(const gen *g, int64_t person, char buf[40])
{
    uint64_t h = (uint64_t)person * 0x9E3779B97F4A7C15ull;
    if ((h >> 7) % 100 < 20) { /* one in five lives in a municipality not listed */
        snprintf(buf, 40, "Overig %d", (int)((h >> 20) % 150));
        return buf;
    }
    /* Larger municipalities first in the list: a skewed choice. */
    double u = (double)((h >> 30) % 1000000) / 1000000.0;
    int i = (int)(u * u * g->municipalities.n);
    return g->municipalities.v[i < g->municipalities.n ? i : g->municipalities.n - 1];
}

static int persons_and_signals(gen *g, int64_t target, person_row **people_out, int64_t *np_out)
{
    int end = days_from_civil(FIRST_YEAR + YEARS, 1, 1) - 1;
    int start0 = days_from_civil(FIRST_YEAR, 1, 1);
    int64_t cap = target + 64;
    signal_row *sig = malloc((size_t)cap * sizeof *sig);
    int64_t pcap = target / 5 + 16;
    person_row *people = calloc((size_t)pcap, sizeof *people);
    if (!sig || !people) {
        free(sig);
        free(people);
        return -1;
    }
    sqlite3_stmt *ps =
        prepare(g->db, "INSERT INTO persons (id, public_id, birth_year, birth_month, gender,"
                       " municipality, name_enc, birth_date_enc, bsn_key, created_by_user,"
                       " created_by_org, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, x'',"
                       " x'', '', ?7, ?7, ?8)");
    int rc = ps ? 0 : -1;
    int64_t n = 0, np = 0;
    static const char *const genders[] = {"female", "male", "x", "unknown"};
    while (rc == 0 && n < target && np < pcap) {
        int64_t p = np + 1;
        person_row *pr = &people[np++];
        int first = start0 + pick(end - start0);
        int y, m, d;
        civil_from_days(first, &y, &m, &d);
        int g4 = pick(100);
        const char *gender = genders[g4 < 48 ? 0 : g4 < 96 ? 1 : g4 < 98 ? 2 : 3];
        char pid[48], created[32], mbuf[40];
        snprintf(pid, sizeof pid, "bench-person-%09lld", (long long)p);
        moment_text(first, created);
        int64_t school = org_id(g, T_SCHOOL, p * 7919);
        rc = row(ps, "itiittit", p, pid, (int64_t)(y - 11 - pick(7)), (int64_t)(1 + pick(12)),
                 gender, municipality_of(g, p, mbuf), school, created);
        /* About ten signals each, over a year or two. */
        int count = 1 + (int)(-log(1.0 - unit()) * 9.0);
        if (count > 60)
            count = 60;
        int day = first;
        pr->first_day = first;
        for (int s = 0; rc == 0 && s < count && n < target && day <= end; s++) {
            signal_row *r = &sig[n++];
            r->day = day;
            r->person = (int32_t)p;
            r->seq = (int16_t)s;
            r->nind = (uint8_t)(1 + pick(3));
            for (int k = 0; k < r->nind; k++)
                r->ind[k] = (uint8_t)pick(g->indicator_list.n);
            if (r->nind > 1 && r->ind[1] == r->ind[0])
                r->nind = 1; /* one indicator once per signal */
            if (r->nind > 2 && (r->ind[2] == r->ind[0] || r->ind[2] == r->ind[1]))
                r->nind = 2;
            if (s == 2)
                pr->third_day = day;
            pr->signals++;
            day += pick(75);
        }
    }
    sqlite3_finalize(ps);
    g->persons = np;
    if (rc == 0)
        qsort(sig, (size_t)n, sizeof *sig, cmp_signal);
    /* Who gets a case: three signals or more, three in ten. */
    for (int64_t i = 0; i < np; i++)
        people[i].has_case = people[i].signals >= 3 && chance(0.3);
    sqlite3_stmt *ss = prepare(
        g->db, "INSERT INTO signals (id, public_id, person_id, org_id, observer_id, observed_on,"
               " setting, observation_enc, catalogue_version, created_at)"
               " VALUES (?1, ?2, ?3, ?4, ?4, ?5, ?6, x'', ?7, ?8)");
    sqlite3_stmt *si = prepare(g->db, "INSERT INTO signal_indicators (signal_id, code, kind)"
                                      " VALUES (?1, ?2, 'fact')");
    rc = rc == 0 && ss && si ? 0 : -1;
    for (int64_t i = 0; rc == 0 && i < n; i++) {
        signal_row *r = &sig[i];
        int64_t id = i + 1;
        char pid[48], on[11], created[32];
        snprintf(pid, sizeof pid, "bench-signal-%010lld", (long long)id);
        day_text(r->day, on);
        moment_text(r->day, created);
        /* Mostly the child's school; else the police or youth care. */
        int who = (int)((uint64_t)(id * 31) % 100);
        int64_t org = who < 85   ? org_id(g, T_SCHOOL, (int64_t)r->person * 7919)
                      : who < 95 ? org_id(g, T_POLICE, r->person)
                                 : org_id(g, T_YOUTH, r->person);
        rc = row(ss, "itiittit", id, pid, (int64_t)r->person, org, on,
                 who < 85 ? "school" : "street", (int64_t)g->catalogue, created);
        for (int k = 0; rc == 0 && k < r->nind; k++)
            rc = row(si, "it", id, g->indicator_list.v[r->ind[k]]);
        g->indicators += r->nind;
        person_row *pr = &people[r->person - 1];
        if (pr->has_case && r->seq < 3)
            pr->case_signals[r->seq] = (int32_t)id;
        if (i % 1000000 == 999999)
            fprintf(stderr, "bench_monitor: %lld signals\n", (long long)(i + 1));
    }
    sqlite3_finalize(ss);
    sqlite3_finalize(si);
    g->signals = n;
    free(sig);
    *people_out = people;
    *np_out = np;
    return rc;
}

/* ---- the records that follow ---------------------------------------------- */

static const char *weighted(const char *const *codes, const int *weights, int n)
{
    int total = 0;
    for (int i = 0; i < n; i++)
        total += weights[i];
    int r = pick(total);
    for (int i = 0; i < n; i++) {
        if (r < weights[i])
            return codes[i];
        r -= weights[i];
    }
    return codes[n - 1];
}

#define PICK(codes, weights) weighted(codes, weights, (int)(sizeof(codes) / sizeof(codes)[0]))

static const char *const outcomes[] = {"more-care", "care-team", "protective-factors-suffice"};
static const int outcome_w[] = {3, 5, 2};
static const char *const mc_decisions[] = {"close-and-record", "report-to-veilig-thuis",
                                           "organise-help-and-monitor"};
static const int mc_w[] = {3, 3, 4};
static const char *const ref_status[] = {"sent",     "acknowledged", "accepted",
                                         "declined", "completed",    "revoked"};
static const int ref_w[] = {1, 1, 4, 1, 4, 1};
static const char *const bases[] = {"consent", "meldrecht", "statutory-task", "override"};
static const int basis_w[] = {5, 3, 3, 1};
static const char *const signs[] = {"none", "possible", "strong"};
static const int signs_w[] = {4, 4, 2};
static const char *const om_dec[] = {"prosecute",
                                     "prosecute-with-help",
                                     "dismissal-non-punishment-conditional",
                                     "dismissal-non-punishment-unconditional",
                                     "dismissal-other",
                                     "judicial-pardon-requested",
                                     "diversion",
                                     "further-investigation"};
static const int om_w[] = {2, 1, 1, 1, 3, 1, 2, 1};
static const char *const enrol_status[] = {"referred", "enrolled", "completed", "stopped"};
static const int enrol_w[] = {1, 3, 4, 1};
static const char *const enrol_outcome[] = {"goals-met", "partly-met", "not-met", "dropped-out",
                                            "moved"};
static const int eo_w[] = {4, 3, 1, 1, 1};
static const char *const match_status[] = {"awaiting-confirmation", "rejected", "open", "contacted",
                                           "lead-agreed"};
static const int ms_w[] = {1, 1, 2, 2, 4};

typedef struct follow {
    sqlite3_stmt *kase, *case_sig, *consult, *step, *referral, *clock, *screening, *decision,
        *diversion, *enrolment, *concern, *match;
} follow;

static void follow_free(follow *f)
{
    sqlite3_stmt **all = (sqlite3_stmt **)f;
    for (size_t i = 0; i < sizeof *f / sizeof *all; i++)
        sqlite3_finalize(all[i]);
}

static int follow_prepare(sqlite3 *db, follow *f)
{
    f->kase = prepare(db, "INSERT INTO cases (public_id, person_id, org_id, owner_id, opened_by,"
                          " status, consent_status, consent_party, consent_on, consent_by,"
                          " decision, next_step, next_step_due, opened_at, last_progress_at,"
                          " closed_at, version) VALUES (?1, ?2, ?3, ?3, ?3, 'open', 'none', '',"
                          " '', 0, '', 2, '', ?4, ?4, '', 1) RETURNING id");
    f->case_sig = prepare(db, "INSERT INTO case_signals (case_id, signal_id) VALUES (?1, ?2)");
    f->consult = prepare(db, "INSERT INTO consultations (public_id, case_id, held_on,"
                             " participants, content_enc, question_type, outcome, next_meeting,"
                             " anonymous, created_by, created_at) VALUES (?1, ?2, ?3, '[]', x'',"
                             " ?4, ?5, '', 0, ?6, ?7)");
    f->step = prepare(db, "INSERT INTO meldcode_steps (public_id, case_id, step, summary_enc,"
                          " answers, advised, decision, recorded_by, recorded_at) VALUES (?1, ?2,"
                          " 5, x'', '{}', ?3, ?4, ?5, ?6)");
    f->referral = prepare(
        db, "INSERT INTO referrals (public_id, person_id, case_id, from_org_id, from_user_id,"
            " to_org_id, to_user_id, purpose, legal_basis, consent_party, consent_on, shares,"
            " signal_ids, subject_id, transfer, status, created_at, updated_at, version)"
            " VALUES (?1, ?2, ?3, ?4, ?4, ?5, 0, 'care', ?6, '', '', '[]', '[]', '', 0, ?7, ?8,"
            " ?8, 1)");
    f->clock = prepare(db, "INSERT INTO clocks (public_id, rule_id, rules_version, subject_type,"
                           " subject_id, person_id, org_id, started_at, due_on, stopped_at,"
                           " stop_event, missed, escalated_at) VALUES (?1, ?2, 1, ?3, ?4, ?5,"
                           " ?6, ?7, ?8, ?9, ?10, ?11, '')");
    f->screening = prepare(
        db, "INSERT INTO screenings (public_id, person_id, police_org_id, officer_id,"
            " arrested_on, offence, outside_region, answers, notes_enc, account_enc,"
            " rules_version, advised_signs, advised_rule, confirmed_signs, status, completed_at,"
            " om_org_id, received_at, received_by, created_at, version)"
            " VALUES (?1, ?2, ?3, ?3, ?4, ?5, 0, '{}', x'', x'', 1, ?6, '', ?7, 'completed', ?8,"
            " ?9, ?8, ?9, ?8, 1) RETURNING id");
    f->decision = prepare(db, "INSERT INTO prosecution_decisions (public_id, screening_id,"
                              " om_org_id, prosecutor_id, decision, due_on, reasoning_enc,"
                              " possible_victim, expert_group, decided_at) VALUES (?1, ?2, ?3,"
                              " ?3, ?4, '', x'', ?5, 0, ?6)");
    f->diversion = prepare(db, "INSERT INTO diversions (public_id, screening_id, kind,"
                               " recorded_by, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5)");
    f->enrolment = prepare(db, "INSERT INTO enrolments (public_id, person_id, org_id,"
                               " programme_id, catalogue_version, status, enrolled_on, outcome,"
                               " created_by, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, 1,"
                               " ?5, ?6, ?7, ?3, ?8, ?8)");
    f->concern = prepare(db, "INSERT INTO concerns (public_id, org_id, registered_by, client_key,"
                             " fingerprint, ground, rules_version, bsn_key, name_key, block_a,"
                             " block_b, block_c, identity_enc, contact_enc, registered_at,"
                             " ends_on, ended_on, end_reason) VALUES (?1, ?2, ?2, '', ?1, ?3, 1,"
                             " ?4, ?4, ?4, ?4, ?4, x'', x'', ?5, ?6, '', '') RETURNING id");
    f->match = prepare(db, "INSERT INTO concern_matches (public_id, concern_a, concern_b, kind,"
                           " reason, status, confirmed_a, confirmed_b, contact_at, contact_by,"
                           " lead_concern, lead_by, lead_at, due_on, created_at, updated_at,"
                           " version) VALUES (?1, ?2, ?3, 'identity', 'bsn', ?4, 1, 1, '', 0, 0,"
                           " 0, '', '', ?5, ?5, 1)");
    sqlite3_stmt **all = (sqlite3_stmt **)f;
    for (size_t i = 0; i < sizeof *f / sizeof *all; i++)
        if (!all[i])
            return -1;
    return 0;
}

/* Inserts with RETURNING id: the new row's id, or -1. */
static int64_t row_id(sqlite3_stmt *st, const char *types, ...)
{
    va_list ap;
    va_start(ap, types);
    for (int i = 0; types[i]; i++) {
        if (types[i] == 'i')
            sqlite3_bind_int64(st, i + 1, va_arg(ap, int64_t));
        else
            sqlite3_bind_text(st, i + 1, va_arg(ap, const char *), -1, SQLITE_TRANSIENT);
    }
    va_end(ap);
    int64_t id = -1;
    if (sqlite3_step(st) == SQLITE_ROW)
        id = sqlite3_column_int64(st, 0);
    else
        fprintf(stderr, "bench_monitor: insert: %s\n", sqlite3_errmsg(sqlite3_db_handle(st)));
    sqlite3_reset(st);
    return id;
}

static int add_clock(gen *g, follow *f, const char *rule, const char *type, const char *subject,
                     int64_t person, int64_t org, int start, int due, int stop, const char *event)
{
    char pid[48], started[32], due_on[11], stopped[32];
    snprintf(pid, sizeof pid, "bench-clock-%lld", (long long)++g->clocks);
    moment_text(start, started);
    day_text(start + due, due_on);
    moment_text(stop, stopped);
    return row(f->clock, "ttttiitttti", pid, rule, type, subject, person, org, started, due_on,
               stopped, event, (int64_t)(stop - start > due));
}

/* A case at the child's school, its consultations, its Meldcode decision,
 * a referral with its clocks, and an intervention. */
static int one_case(gen *g, follow *f, int64_t p, const person_row *pr)
{
    int64_t school = org_id(g, T_SCHOOL, p * 7919);
    char pid[48], at[32], on[11];
    int open = pr->third_day;
    snprintf(pid, sizeof pid, "bench-case-%lld", (long long)(g->cases + 1));
    moment_text(open, at);
    int64_t id = row_id(f->kase, "tiit", pid, p, school, at);
    if (id < 0)
        return -1;
    g->cases++;
    int rc = 0;
    for (int k = 0; rc == 0 && k < 3; k++)
        rc = row(f->case_sig, "ii", id, (int64_t)pr->case_signals[k]);
    if (rc != 0 || !chance(0.8))
        return rc;
    int held = open + 1 + pick(30);
    for (int c = 0; rc == 0 && c < 1 + pick(2); c++) {
        snprintf(pid, sizeof pid, "bench-consult-%lld", (long long)++g->consultations);
        day_text(held + c * 14, on);
        moment_text(held + c * 14, at);
        rc = row(f->consult, "titttit", pid, id, on, chance(0.8) ? "care" : "investigation",
                 PICK(outcomes, outcome_w), school, at);
    }
    if (rc != 0 || !chance(0.6))
        return rc;
    int decided = held + 3 + pick(58);
    snprintf(pid, sizeof pid, "bench-step-%lld", (long long)++g->decisions_meldcode);
    moment_text(decided, at);
    const char *decision = PICK(mc_decisions, mc_w);
    rc = row(f->step, "tittit", pid, id, chance(0.8) ? decision : PICK(mc_decisions, mc_w),
             decision, school, at);
    if (rc == 0 && chance(0.55)) {
        int sent = decided + pick(10);
        int64_t to = chance(0.5) ? org_id(g, T_VT, p) : org_id(g, T_YOUTH, p);
        const char *status = PICK(ref_status, ref_w);
        char rid[48];
        snprintf(rid, sizeof rid, "bench-referral-%lld", (long long)++g->referrals);
        moment_text(sent, at);
        rc = row(f->referral, "tiiiittt", rid, p, id, school, to, PICK(bases, basis_w), status, at);
        int ack = sent + pick(5);
        if (rc == 0)
            rc = add_clock(g, f, "referral-acknowledge", "referral", rid, p, to, sent, 2, ack,
                           "referral.acknowledged");
        if (rc == 0 && (strcmp(status, "accepted") == 0 || strcmp(status, "completed") == 0))
            rc = add_clock(g, f, "referral-decide", "referral", rid, p, to, ack, 10,
                           ack + 1 + pick(20), "referral.accepted");
    }
    if (rc == 0 && chance(0.35)) {
        int enrolled = open + 10 + pick(90);
        const char *status = PICK(enrol_status, enrol_w);
        bool ended = strcmp(status, "completed") == 0 || strcmp(status, "stopped") == 0;
        snprintf(pid, sizeof pid, "bench-enrolment-%lld", (long long)++g->enrolments);
        day_text(enrolled, on);
        moment_text(enrolled, at);
        rc = row(f->enrolment, "tiittttt", pid, p, school, g->programmes.v[pick(g->programmes.n)],
                 status, on, ended ? PICK(enrol_outcome, eo_w) : "", at);
    }
    return rc;
}

/* A police screening after an arrest, the OM's decision, a diversion. */
static int one_screening(gen *g, follow *f, int64_t p, const person_row *pr)
{
    int arrested = pr->first_day + pick(200);
    int64_t police = org_id(g, T_POLICE, p), om = org_id(g, T_OM, p);
    char pid[48], on[11], at[32];
    snprintf(pid, sizeof pid, "bench-screening-%lld", (long long)(g->screenings + 1));
    day_text(arrested, on);
    moment_text(arrested + 1, at);
    const char *advised = PICK(signs, signs_w);
    int64_t id =
        row_id(f->screening, "tiittttti", pid, p, police, on, g->offences.v[pick(g->offences.n)],
               advised, chance(0.85) ? PICK(signs, signs_w) : "", at, om);
    if (id < 0)
        return -1;
    g->screenings++;
    int rc = add_clock(g, f, "om-decision", "screening", pid, p, om, arrested + 1, 30,
                       arrested + 3 + pick(120), "decision.recorded");
    if (rc == 0 && chance(0.8)) {
        const char *decision = PICK(om_dec, om_w);
        snprintf(pid, sizeof pid, "bench-decision-%lld", (long long)++g->decisions_om);
        moment_text(arrested + 3 + pick(120), at);
        rc = row(f->decision, "tiitit", pid, id, om, decision,
                 (int64_t)(strncmp(decision, "dismissal-non-punishment", 24) == 0 || chance(0.2)),
                 at);
    }
    if (rc == 0 && chance(0.15)) {
        snprintf(pid, sizeof pid, "bench-diversion-%lld", (long long)++g->diversions);
        moment_text(arrested + 10 + pick(60), at);
        rc = row(f->diversion, "titit", pid, id, chance(0.6) ? "halt" : "reprimand", police, at);
    }
    return rc;
}

/* One or two registrations in the reference index; two organisations
 * registering the same youth make a match. */
static int concerns(gen *g, follow *f, int64_t p, const person_row *pr)
{
    char pid[48], key[40], at[32], ends[11];
    snprintf(key, sizeof key, "bench-youth-%lld", (long long)p);
    int n = chance(0.3) ? 2 : 1;
    int64_t ids[2] = {0, 0};
    int day = pr->first_day + pick(120);
    for (int i = 0; i < n; i++) {
        snprintf(pid, sizeof pid, "bench-concern-%lld", (long long)(g->concerns + 1));
        moment_text(day + i * pick(60), at);
        day_text(day + 730, ends);
        int64_t org = i == 0 ? org_id(g, T_SCHOOL, p * 7919) : org_id(g, T_YOUTH, p);
        ids[i] =
            row_id(f->concern, "titttt", pid, org, g->grounds.v[pick(g->grounds.n)], key, at, ends);
        if (ids[i] < 0)
            return -1;
        g->concerns++;
    }
    if (n < 2)
        return 0;
    snprintf(pid, sizeof pid, "bench-match-%lld", (long long)++g->matches);
    return row(f->match, "tiitt", pid, ids[0], ids[1], PICK(match_status, ms_w), at);
}

static int follow_up(gen *g, const person_row *people, int64_t np)
{
    follow f = {0};
    int rc = follow_prepare(g->db, &f);
    for (int64_t i = 0; rc == 0 && i < np; i++) {
        int64_t p = i + 1;
        const person_row *pr = &people[i];
        if (pr->has_case)
            rc = one_case(g, &f, p, pr);
        if (rc == 0 && chance(0.08))
            rc = one_screening(g, &f, p, pr);
        if (rc == 0 && chance(0.25))
            rc = concerns(g, &f, p, pr);
    }
    follow_free(&f);
    return rc;
}

/* ---- the whole data set ------------------------------------------------------- */

int bench_generate(const char *path, int64_t signals, uint64_t seed)
{
    rng_state = seed;
    gen g = {0};
    person_row *people = NULL;
    int64_t np = 0;
    int rc = sqlite3_open_v2(path, &g.db, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK ? 0 : -1;
    if (rc != 0) {
        fprintf(stderr, "bench_monitor: cannot open %s (run signaal init first)\n", path);
        goto out;
    }
    sqlite3_busy_timeout(g.db, 10000);
    if (ruleset_codes(g.db, "regions", "municipalities", "name", &g.municipalities) != 0
        || ruleset_codes(g.db, "screening", "offences", "id", &g.offences) != 0
        || ruleset_codes(g.db, "interventions", "programmes", "id", &g.programmes) != 0
        || ruleset_codes(g.db, "concern-grounds", "grounds", "code", &g.grounds) != 0
        || indicator_codes(g.db, &g.indicator_list) != 0) {
        fprintf(stderr, "bench_monitor: %s lacks the published data (run signaal init)\n", path);
        rc = -1;
        goto out;
    }
    g.catalogue = 1;
    /* A bulk load: no journal to speak of; the database is thrown away if
     * this fails half-way. */
    rc = exec(g.db, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA foreign_keys=OFF;"
                    " PRAGMA cache_size=-262144; BEGIN");
    if (rc == 0)
        rc = organisations(&g);
    if (rc == 0)
        rc = persons_and_signals(&g, signals, &people, &np);
    if (rc == 0)
        rc = follow_up(&g, people, np);
    if (rc == 0)
        rc = exec(g.db, "COMMIT; PRAGMA journal_mode=WAL");
    if (rc == 0)
        printf("persons=%lld signals=%lld indicators=%lld cases=%lld consultations=%lld"
               " meldcode_decisions=%lld referrals=%lld clocks=%lld screenings=%lld"
               " om_decisions=%lld diversions=%lld enrolments=%lld concerns=%lld matches=%lld\n",
               (long long)g.persons, (long long)g.signals, (long long)g.indicators,
               (long long)g.cases, (long long)g.consultations, (long long)g.decisions_meldcode,
               (long long)g.referrals, (long long)g.clocks, (long long)g.screenings,
               (long long)g.decisions_om, (long long)g.diversions, (long long)g.enrolments,
               (long long)g.concerns, (long long)g.matches);
out:
    free(people);
    codes_free(&g.municipalities);
    codes_free(&g.offences);
    codes_free(&g.programmes);
    codes_free(&g.grounds);
    codes_free(&g.indicator_list);
    sqlite3_close(g.db);
    return rc;
}
