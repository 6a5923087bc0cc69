/* The yearly progress report (monitor.h): who may see which area, the
 * tables of each figure filled from the store's per-child facts, and lead
 * times; release.c protects and records it, report_json.c answers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/stats_rules.h"
#include "base/clock.h"
#include "base/mem.h"
#include "base/text.h"
#include "service/monitor/monitor_int.h"
#include "store/cases.h"

/* ---- fixed category lists ------------------------------------------------ */

static const char *const months[] = {"01", "02", "03", "04", "05", "06",
                                     "07", "08", "09", "10", "11", "12"};
static const char *const quarters[] = {"Q1", "Q2", "Q3", "Q4"};
static const char *const strengths[] = {"S", "M", "W", "C"};
static const char *const genders[] = {"female", "male", "x", "unknown"};
static const char *const outcomes[] = {"more-care", "care-team", "protective-factors-suffice"};
static const char *const meldcode_decisions[] = {"close-and-record", "report-to-veilig-thuis",
                                                 "organise-help-and-monitor"};
static const char *const ref_statuses[] = {"sent",     "acknowledged", "accepted",
                                           "declined", "completed",    "revoked"};
static const char *const bases[] = {"consent", "meldrecht", "statutory-task", "override"};
static const char *const signs[] = {"none", "possible", "strong"};
static const char *const confirmed[] = {"none", "possible", "strong", "unconfirmed"};
/* The decision kinds of data/prosecution.json. */
static const char *const om_decisions[] = {"prosecute",
                                           "prosecute-with-help",
                                           "dismissal-non-punishment-conditional",
                                           "dismissal-non-punishment-unconditional",
                                           "dismissal-other",
                                           "judicial-pardon-requested",
                                           "diversion",
                                           "further-investigation"};
static const char *const yes_no[] = {"yes", "no"};
static const char *const diversion_kinds[] = {"halt", "reprimand"};
static const char *const enrol_statuses[] = {"referred", "enrolled", "completed", "stopped"};
static const char *const enrol_outcomes[] = {"none",    "goals-met",   "partly-met",
                                             "not-met", "dropped-out", "moved"};
static const char *const clock_results[] = {"met", "missed", "running"};
static const char *const match_kinds[] = {"identity", "candidate", "family", "address"};
static const char *const match_statuses[] = {"awaiting-confirmation", "rejected", "open",
                                             "contacted", "lead-agreed"};
static const char *const one_column[] = {""};
#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* A list of codes read from published data (borrowed strings). */

static void list_from(json_t *array, const char *field, code_list *out, const char *extra)
{
    size_t i;
    json_t *item;
    out->n = 0;
    json_array_foreach(array, i, item)
    {
        const char *id = json_string_value(field ? json_object_get(item, field) : item);
        if (id && out->n < MONITOR_LIST_MAX - 1)
            out->v[out->n++] = id;
    }
    if (extra && out->n < MONITOR_LIST_MAX)
        out->v[out->n++] = extra;
}

/* A family of tables over the report's areas: figure names the figure,
 * name the table; rows and cols are the fixed category lists (borrowed);
 * yearly tables carry the report's year in their keys (the trend names
 * its own years).  *fam is the family's index. */
static int add_table(monitor_ctx *r, const char *figure, const char *name, const char *row_dim,
                     const char *const *rows, int nrows, const char *col_dim,
                     const char *const *cols, int ncols, bool totals, bool yearly, int *fam)
{
    return monitor_add_family(r, figure, name, row_dim, rows, nrows, col_dim, cols, ncols, totals,
                              yearly, false, fam);
}

static int age_band(const monitor_ctx *r, const monitor_fact *f)
{
    int y = atoi(f->on), m = atoi(f->on + 5);
    int age = y - f->birth_year - (m < f->birth_month ? 1 : 0);
    json_t *bands = json_object_get(r->defs, "age_bands");
    for (int i = 0; i < r->ages.n; i++) {
        json_t *b = json_array_get(bands, (size_t)i);
        int lo = (int)json_integer_value(json_object_get(b, "min"));
        int hi = (int)json_integer_value(json_object_get(b, "max"));
        if (age >= lo && age <= hi)
            return i;
    }
    return r->ages.n - 1; /* the last band holds what falls outside the others */
}

static const char *form_of_offence(const monitor_ctx *r, const char *offence)
{
    size_t i, j;
    json_t *f, *o;
    json_array_foreach(json_object_get(r->defs, "forms"), i, f)
    {
        json_array_foreach(json_object_get(f, "offences"), j, o)
        {
            if (json_string_value(o) && strcmp(json_string_value(o), offence) == 0)
                return json_string_value(json_object_get(f, "id"));
        }
    }
    return "other";
}

/* Counts one child in the tables of the figure being filled, in its area
 * and the country's. */
static int fact_to_tables(const monitor_fact *f, void *arg)
{
    monitor_ctx *r = arg;
    const int *c = r->cur;
    int area = monitor_area_of(r, f->municipality);
    char month[3] = {f->on[5], f->on[6], '\0'};
    int m = atoi(month);
    const char *quarter = quarters[(m >= 1 && m <= 12 ? m - 1 : 0) / 3];
    monitor_count(r, c[0], area, r->ages.v[age_band(r, f)], f->gender, 1);
    switch (r->fig) {
    case MF_SIGNALS: {
        const char *sr, *pu;
        stats_region_of(r->regions, f->municipality, &sr, &pu);
        int rank = atoi(f->b);
        monitor_count(r, c[1], area, month, f->a, 1);
        monitor_count(r, c[2], area, sr, pu, 1);
        monitor_count(r, c[3], area, pu, rank >= 1 && rank <= 3 ? r->forms.v[rank - 1] : "other",
                      1);
        monitor_count(r, c[4], area, f->org_type, "", 1);
        for (int i = 0; c[5] >= 0 && i < r->categories.n && i < 64; i++)
            if (f->categories & ((uint64_t)1 << i))
                monitor_count(r, c[5], area, r->categories.v[i], "", 1);
        r->signal_children[area]++;
        break;
    }
    case MF_CONSULTATIONS:
    case MF_MELDCODE:
        monitor_count(r, c[1], area, quarter, f->a, 1);
        break;
    case MF_REFERRALS:
        monitor_count(r, c[1], area, f->a, f->b, 1);
        monitor_count(r, c[2], area, f->c, "", 1);
        break;
    case MF_SCREENINGS:
        monitor_count(r, c[1], area, f->a, f->b, 1);
        monitor_count(r, c[2], area, form_of_offence(r, f->c), "", 1);
        break;
    case MF_DIVERSIONS:
        monitor_count(r, c[1], area, f->a, "", 1);
        break;
    default: /* decisions, enrolments */
        monitor_count(r, c[1], area, f->a, f->b, 1);
        break;
    }
    return SG_OK;
}

static void sum_family(monitor_ctx *r, int fam)
{
    for (int i = 0; fam >= 0 && i < r->fam_size[fam]; i++)
        stats_sum(r->t[r->fam_first[fam] + i]);
}

static int fill_figure(store_tx *tx, monitor_ctx *r, monitor_figure fig, const monitor_scope *s)
{
    r->fig = fig;
    int rc = store_monitor_facts(tx, fig, s, fact_to_tables, r);
    for (int i = 0; i < 8; i++) {
        sum_family(r, r->cur[i]);
        r->cur[i] = -1;
    }
    return rc;
}

typedef struct count_ctx {
    monitor_ctx *r;
    int fam;
    code_list *list, *names; /* when filling a list of codes and their names instead */
} count_ctx;

static int count_row(const char *a, const char *b, const char *area, int64_t n, void *arg)
{
    count_ctx *cc = arg;
    if (cc->list) {
        if (cc->list->n >= MONITOR_LIST_MAX)
            return SG_OK;
        char *code = sg_strdup(a), *name = sg_strdup(b);
        if (!code || !name) {
            sg_free(code);
            sg_free(name);
            return SG_ENOMEM;
        }
        cc->list->v[cc->list->n++] = code;
        cc->names->v[cc->names->n++] = name;
        return SG_OK;
    }
    monitor_count(cc->r, cc->fam, monitor_area_of(cc->r, area), a, b, n);
    return SG_OK;
}

typedef struct lead_ctx {
    monitor_ctx *r;
    lead_set *l;
} lead_ctx;

static int lead_row(int64_t person, const char *municipality, const char *start, const char *end,
                    void *arg)
{
    lead_ctx *lc = arg;
    lead_set *l = lc->l;
    date ds, de;
    if (date_parse(start, &ds) != SG_OK || date_parse(end, &de) != SG_OK)
        return SG_OK;
    if (l->n == l->cap) {
        int cap = l->cap ? l->cap * 2 : 256;
        int64_t *d = sg_realloc(l->days, (size_t)cap * sizeof *d);
        if (!d)
            return SG_ENOMEM;
        l->days = d;
        int64_t *p = sg_realloc(l->persons, (size_t)cap * sizeof *p);
        if (!p)
            return SG_ENOMEM;
        l->persons = p;
        int *ar = sg_realloc(l->areas, (size_t)cap * sizeof *ar);
        if (!ar)
            return SG_ENOMEM;
        l->areas = ar;
        l->cap = cap;
    }
    int64_t days = date_to_days(&de) - date_to_days(&ds);
    l->days[l->n] = days < 0 ? 0 : days;
    l->areas[l->n] = monitor_area_of(lc->r, municipality);
    l->persons[l->n++] = person;
    return SG_OK;
}

typedef struct area_person {
    int area;
    int64_t person;
} area_person;

static int cmp_area_person(const void *a, const void *b)
{
    const area_person *x = a, *y = b;
    if (x->area != y->area)
        return x->area - y->area;
    return (x->person > y->person) - (x->person < y->person);
}

/* The children of each lead time, per area, in the protected table of
 * lead times: a median rests on them, and they add up like any count. */
static int count_lead_children(monitor_ctx *r)
{
    static const char *const names[ML_COUNT] = {"signal-consultation", "consultation-decision",
                                                "referral-acceptance", "arrest-decision"};
    for (int l = 0; l < ML_COUNT; l++) {
        lead_set *s = &r->leads[l];
        area_person *ap = sg_calloc((size_t)s->n + 1, sizeof *ap);
        if (!ap)
            return SG_ENOMEM;
        for (int i = 0; i < s->n; i++)
            ap[i] = (area_person){s->areas[i], s->persons[i]};
        qsort(ap, (size_t)s->n, sizeof *ap, cmp_area_person);
        for (int i = 0; i < s->n;) {
            int j = i;
            int64_t children = 0;
            while (j < s->n && ap[j].area == ap[i].area) {
                children += j == i || ap[j].person != ap[j - 1].person;
                j++;
            }
            monitor_count(r, r->lead_family, ap[i].area, names[l], "", children);
            i = j;
        }
        sg_free(ap);
    }
    return SG_OK;
}

json_t *monitor_ruleset(store_tx *tx, const char *kind)
{
    char *text = NULL;
    int64_t version = 0;
    if (store_ruleset_get(tx, kind, 0, &text, &version) != SG_OK)
        return NULL;
    json_t *doc = json_loads(text, JSON_REJECT_DUPLICATES, NULL);
    sg_free(text);
    if (doc)
        json_object_set_new(doc, "published_version", json_integer(version));
    return doc;
}

static void form_codes(monitor_ctx *r)
{
    size_t i, j;
    json_t *f, *code;
    json_array_foreach(json_object_get(r->defs, "forms"), i, f)
    {
        if (i >= 3)
            break;
        char *out = r->form_codes[i];
        size_t n = sizeof r->form_codes[i];
        snprintf(out, n, ",");
        json_array_foreach(json_object_get(f, "indicators"), j, code)
        {
            size_t len = strlen(out);
            if (json_string_value(code))
                snprintf(out + len, n - len, "%s,", json_string_value(code));
        }
    }
}

/* Reads everything the report counts, in one read snapshot. */
static int gather_job(store_tx *tx, void *arg)
{
    monitor_ctx *r = arg;
    int rc = SG_OK;
    r->clock_rules = monitor_ruleset(tx, "clocks");
    r->grounds = monitor_ruleset(tx, "concern-grounds");
    list_from(json_object_get(r->clock_rules, "clocks"), "id", &r->rules, NULL);
    list_from(json_object_get(r->grounds, "grounds"), "code", &r->ground_list, NULL);
    /* Every area at once: the whole country, each child counted in its own
     * area as well; else the report's one area. */
    bool joint = r->nareas > 1;
    monitor_scope s = {.municipality = joint ? "" : r->municipality, .org_id = r->org_id};
    snprintf(s.from, sizeof s.from, "%04u-01-01", (unsigned)r->year % 10000u);
    snprintf(s.to, sizeof s.to, "%04u-01-01", (unsigned)(r->year + 1) % 10000u);
    form_codes(r);
    for (int i = 0; i < 3; i++)
        s.forms[i] = r->form_codes[i];
    int fam = -1;
    const char *const *ages = r->ages.v;
    for (int i = 0; i < 8; i++)
        r->cur[i] = -1;

    /* Signals. */
    count_ctx lc = {.r = r, .list = &r->categories, .names = &r->category_names};
    rc = store_monitor_counts(tx, MC_CATEGORY_LIST, &s, count_row, &lc);
#define TRY(x)                                                                                     \
    do {                                                                                           \
        if (rc == SG_OK)                                                                           \
            rc = (x);                                                                              \
    } while (0)
    TRY(add_table(r, "signals", "signals.age-gender", "age", ages, r->ages.n, "gender", genders,
                  N(genders), true, true, &r->cur[0]));
    TRY(add_table(r, "signals", "signals.month-strength", "month", months, 12, "strength",
                  strengths, N(strengths), true, true, &r->cur[1]));
    TRY(add_table(r, "signals", "signals.regions", "safety_region", r->regions_list.v,
                  r->regions_list.n, "police_unit", r->units.v, r->units.n, true, true,
                  &r->cur[2]));
    TRY(add_table(r, "signals", "signals.police-unit-form", "police_unit", r->units.v, r->units.n,
                  "form", r->forms.v, r->forms.n, true, true, &r->cur[3]));
    TRY(add_table(r, "signals", "signals.organisation-type", "org_type", r->org_types.v,
                  r->org_types.n, "x", one_column, 1, true, true, &r->cur[4]));
    /* The categories come with the facts: bit i of a child's categories
     * for r->categories.v[i] (a child may be under several). */
    if (rc == SG_OK && r->categories.n > 0)
        TRY(add_table(r, "signals", "signals.indicator-category", "category", r->categories.v,
                      r->categories.n, "x", one_column, 1, false, true, &r->cur[5]));
    if (rc == SG_OK)
        monitor_mark_structural(r, r->cur[2], r->cur[3]);
    s.categories = r->categories.v;
    s.ncategories = r->categories.n;
    TRY(fill_figure(tx, r, MF_SIGNALS, &s));
    char years[5][5];
    const char *year_codes[5];
    for (int i = 0; i < 5; i++) {
        snprintf(years[i], sizeof years[i], "%04u", (unsigned)(r->year - 4 + i) % 10000u);
        year_codes[i] = years[i];
    }
    TRY(add_table(r, "signals", "signals.trend", "year", year_codes, 5, "x", one_column, 1, false,
                  false, &fam));
    if (rc == SG_OK) {
        /* The four years before, counted by the store; this year's children
         * are the signals figure's. */
        monitor_scope trend = s;
        trend.by_area = joint;
        snprintf(trend.from, sizeof trend.from, "%04u-01-01", (unsigned)(r->year - 4) % 10000u);
        snprintf(trend.to, sizeof trend.to, "%s", s.from);
        count_ctx cc = {.r = r, .fam = fam};
        rc = store_monitor_counts(tx, MC_SIGNAL_TREND, &trend, count_row, &cc);
        for (int a = joint ? 1 : 0; rc == SG_OK && a < r->nareas; a++)
            monitor_count(r, fam, a, years[4], "", r->signal_children[a]);
    }

    /* The school path. */
    TRY(add_table(r, "consultations", "consultations.age-gender", "age", ages, r->ages.n, "gender",
                  genders, N(genders), true, true, &r->cur[0]));
    TRY(add_table(r, "consultations", "consultations.quarter-outcome", "quarter", quarters, 4,
                  "outcome", outcomes, N(outcomes), true, true, &r->cur[1]));
    TRY(fill_figure(tx, r, MF_CONSULTATIONS, &s));
    TRY(add_table(r, "meldcode", "meldcode.age-gender", "age", ages, r->ages.n, "gender", genders,
                  N(genders), true, true, &r->cur[0]));
    TRY(add_table(r, "meldcode", "meldcode.quarter-decision", "quarter", quarters, 4, "decision",
                  meldcode_decisions, N(meldcode_decisions), true, true, &r->cur[1]));
    TRY(fill_figure(tx, r, MF_MELDCODE, &s));

    /* The chain. */
    TRY(add_table(r, "referrals", "referrals.age-gender", "age", ages, r->ages.n, "gender", genders,
                  N(genders), true, true, &r->cur[0]));
    TRY(add_table(r, "referrals", "referrals.receiver-status", "receiver_type", r->org_types.v,
                  r->org_types.n, "status", ref_statuses, N(ref_statuses), true, true, &r->cur[1]));
    TRY(add_table(r, "referrals", "referrals.legal-basis", "legal_basis", bases, N(bases), "x",
                  one_column, 1, true, true, &r->cur[2]));
    TRY(fill_figure(tx, r, MF_REFERRALS, &s));
    TRY(add_table(r, "screenings", "screenings.age-gender", "age", ages, r->ages.n, "gender",
                  genders, N(genders), true, true, &r->cur[0]));
    TRY(add_table(r, "screenings", "screenings.advised-confirmed", "advised", signs, N(signs),
                  "confirmed", confirmed, N(confirmed), true, true, &r->cur[1]));
    TRY(add_table(r, "screenings", "screenings.form", "form", r->forms.v, r->forms.n, "x",
                  one_column, 1, true, true, &r->cur[2]));
    TRY(fill_figure(tx, r, MF_SCREENINGS, &s));
    TRY(add_table(r, "decisions", "decisions.age-gender", "age", ages, r->ages.n, "gender", genders,
                  N(genders), true, true, &r->cur[0]));
    TRY(add_table(r, "decisions", "decisions.decision-victim", "decision", om_decisions,
                  N(om_decisions), "possible_victim", yes_no, 2, true, true, &r->cur[1]));
    TRY(fill_figure(tx, r, MF_DECISIONS, &s));
    TRY(add_table(r, "diversions", "diversions.age-gender", "age", ages, r->ages.n, "gender",
                  genders, N(genders), true, true, &r->cur[0]));
    TRY(add_table(r, "diversions", "diversions.kind", "kind", diversion_kinds, 2, "x", one_column,
                  1, true, true, &r->cur[1]));
    TRY(fill_figure(tx, r, MF_DIVERSIONS, &s));
    TRY(add_table(r, "enrolments", "enrolments.age-gender", "age", ages, r->ages.n, "gender",
                  genders, N(genders), true, true, &r->cur[0]));
    TRY(add_table(r, "enrolments", "enrolments.status-outcome", "status", enrol_statuses,
                  N(enrol_statuses), "outcome", enrol_outcomes, N(enrol_outcomes), true, true,
                  &r->cur[1]));
    TRY(fill_figure(tx, r, MF_ENROLMENTS, &s));

    /* Counted per code, without totals: a child can be under several. */
    if (rc == SG_OK && r->rules.n > 0) {
        TRY(add_table(r, "clocks", "clocks.rule-result", "rule", r->rules.v, r->rules.n, "result",
                      clock_results, N(clock_results), false, true, &fam));
        count_ctx cc = {.r = r, .fam = fam};
        TRY(store_monitor_counts(tx, MC_CLOCKS, &s, count_row, &cc));
    }
    /* The reference index knows no municipality: the country's only. */
    if (rc == SG_OK && !r->municipality[0] && r->ground_list.n > 0) {
        TRY(monitor_add_family(r, "refindex", "refindex.registrations-ground", "ground",
                               r->ground_list.v, r->ground_list.n, "x", one_column, 1, false, true,
                               true, &fam));
        count_ctx cc = {.r = r, .fam = fam};
        TRY(store_monitor_counts(tx, MC_CONCERNS, &s, count_row, &cc));
        TRY(monitor_add_family(r, "refindex", "refindex.matches-kind-status", "kind", match_kinds,
                               N(match_kinds), "status", match_statuses, N(match_statuses), false,
                               true, true, &fam));
        count_ctx mc = {.r = r, .fam = fam};
        TRY(store_monitor_counts(tx, MC_MATCHES, &s, count_row, &mc));
    }

    /* The lead times, and the children each rests on, protected like any
     * count but shown with the lead times rather than as a table. */
    for (int l = 0; rc == SG_OK && l < ML_COUNT; l++) {
        lead_ctx ld = {.r = r, .l = &r->leads[l]};
        rc = store_monitor_leads(tx, (monitor_lead)l, &s, lead_row, &ld);
    }
    static const char *const lead_names[ML_COUNT] = {"signal-consultation", "consultation-decision",
                                                     "referral-acceptance", "arrest-decision"};
    TRY(add_table(r, "leads", "leads.children", "lead", lead_names, ML_COUNT, "x", one_column, 1,
                  false, true, &r->lead_family));
    if (rc == SG_OK) {
        r->fam_hidden[r->lead_family] = true;
        rc = count_lead_children(r);
    }
#undef TRY
    return rc;
}

/* ---- who sees what -------------------------------------------------------- */

static bool may_read_reports(const actor *who)
{
    return who->role == ROLE_ANALYST || who->role == ROLE_CARE_COORDINATOR
           || who->role == ROLE_PROSECUTOR || who->role == ROLE_ADMINISTRATOR;
}

typedef struct setup_ctx {
    monitor_ctx *r;
    const monitor_request *req;
    svc_error *err;
} setup_ctx;

static int forbidden(svc_error *err, const char *why)
{
    if (err) {
        err->field = NULL;
        err->reason = why;
    }
    return SG_EFORBIDDEN;
}

/* Reads the definitions and settles the area the reader may see. */
static int setup_job(store_tx *tx, void *arg)
{
    setup_ctx *sc = arg;
    monitor_ctx *r = sc->r;
    r->defs = monitor_ruleset(tx, "monitor");
    r->regions = monitor_ruleset(tx, "regions");
    if (!r->defs || !r->regions)
        return SG_EUNAVAILABLE;
    const char *asked = sc->req->municipality;
    if (asked && !stats_municipality_known(r->regions, asked))
        return svc_invalid(sc->err, "municipality", "a municipality listed in the regions data");
    org_row org;
    int rc = store_org_get(tx, r->who->org_id, &org);
    if (rc != SG_OK)
        return rc;
    if (r->who->org_type == ORG_NATIONAL_ANALYSIS && r->who->role == ROLE_ANALYST) {
        r->level = asked ? "municipality" : "national";
        text_copy(r->municipality, sizeof r->municipality, asked ? asked : "");
    } else if (r->who->org_type == ORG_MUNICIPALITY && r->who->role == ROLE_ANALYST) {
        /* The administrator says which municipality the organisation is. */
        const char *own = org.municipality;
        if (!stats_municipality_known(r->regions, own))
            return forbidden(sc->err, "no municipality is known for your organisation");
        if (asked && strcmp(asked, own) != 0)
            return forbidden(sc->err, "you may see the figures of your own municipality only");
        r->level = "municipality";
        text_copy(r->municipality, sizeof r->municipality, own);
    } else {
        if (asked)
            return forbidden(sc->err, "you may see the figures of your own organisation only");
        r->level = "organisation";
        r->org_id = r->who->org_id;
    }
    if (r->municipality[0]) {
        snprintf(r->scope_key, sizeof r->scope_key, "/municipality=%s", r->municipality);
        snprintf(r->scope_name, sizeof r->scope_name, "%s", r->municipality);
    } else if (r->org_id) {
        snprintf(r->scope_key, sizeof r->scope_key, "/org=%s", r->who->org_pid);
        snprintf(r->scope_name, sizeof r->scope_name, "%.150s", org.name);
    } else {
        snprintf(r->scope_name, sizeof r->scope_name, "Nederland");
    }
    r->threshold = (int)json_integer_value(json_object_get(r->defs, "threshold"));
    list_from(json_object_get(r->defs, "age_bands"), "id", &r->ages, NULL);
    list_from(json_object_get(r->defs, "forms"), "id", &r->forms, NULL);
    list_from(json_object_get(r->regions, "police_units"), "id", &r->units, "unknown");
    list_from(json_object_get(r->regions, "safety_regions"), "id", &r->regions_list, "unknown");
    r->org_types.n = 0;
    for (int i = 0; i < ORG_TYPE_COUNT; i++)
        r->org_types.v[r->org_types.n++] = org_type_code((org_type)i);
    return r->ages.n && r->forms.n >= 3 ? SG_OK : SG_EUNAVAILABLE;
}

static void report_free(monitor_ctx *r)
{
    for (int i = 0; i < r->nt; i++)
        stats_table_free(r->t[i]);
    sg_free(r->t);
    for (int l = 0; l < ML_COUNT; l++) {
        sg_free(r->leads[l].days);
        sg_free(r->leads[l].persons);
        sg_free(r->leads[l].areas);
    }
    for (int i = 0; i < r->categories.n; i++) {
        sg_free((char *)r->categories.v[i]);
        sg_free((char *)r->category_names.v[i]);
    }
    json_decref(r->defs);
    json_decref(r->regions);
    json_decref(r->clock_rules);
    json_decref(r->grounds);
}

static int parse_year(const char *s, int *out)
{
    if (!s || strlen(s) != 4)
        return SG_EINVAL;
    for (int i = 0; i < 4; i++)
        if (s[i] < '0' || s[i] > '9')
            return SG_EINVAL;
    *out = atoi(s);
    date today;
    date_today(&today);
    return *out >= 2000 && *out <= today.year ? SG_OK : SG_EINVAL;
}

int monitor_report(app *a, const actor *who, const monitor_request *req, json_t **out,
                   svc_error *err)
{
    *out = NULL;
    if (!may_read_reports(who))
        return forbidden(err, "this role reads no reports");
    monitor_ctx *r = sg_calloc(1, sizeof *r);
    if (!r)
        return SG_ENOMEM;
    r->a = a;
    r->who = who;
    int rc = SG_OK;
    if (parse_year(req->year, &r->year) != SG_OK) {
        rc = svc_invalid(err, "year", "a year as YYYY, from 2000 to this year");
        goto out;
    }
    if (req->method && strcmp(req->method, "suppression") != 0
        && strcmp(req->method, "cell-key") != 0) {
        rc = svc_invalid(err, "method", "suppression or cell-key");
        goto out;
    }
    setup_ctx sc = {.r = r, .req = req, .err = err};
    rc = store_read(a->db, setup_job, &sc);
    if (rc != SG_OK)
        goto out;
    const char *method =
        req->method ? req->method : json_string_value(json_object_get(r->defs, "method"));
    r->cell_key = method && strcmp(method, "cell-key") == 0;
    /* The country's and the municipalities' reports are protected as one;
     * an organisation's own figures stand apart (a child can be in several
     * organisations' figures), and the cell key method needs no secondary
     * suppression, so no other area. */
    rc = monitor_areas_setup(r, !r->cell_key && strcmp(r->level, "organisation") != 0);
    if (rc == SG_OK)
        rc = store_read(a->db, gather_job, r);
    if (rc == SG_OK)
        rc = store_write(a->db, monitor_release_job, r);
    if (rc == SG_OK) {
        *out = monitor_report_json(r);
        rc = *out ? SG_OK : SG_ENOMEM;
    }
out:
    report_free(r);
    sg_free(r);
    return rc;
}
