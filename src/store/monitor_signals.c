/* The signals figure and its trend (monitor_int.h): the year's signals are
 * by far the most rows the report reads, so they are read once, as plain
 * rows from the indexes, and folded per child in C, where a hash map does
 * what a window function or COUNT(DISTINCT) would do several times slower.
 * The catalogue (strength and category per code) and the organisations'
 * types are small tables read whole; the children's birth, gender and
 * municipality are read once per child afterwards. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "base/text.h"
#include "store/monitor_int.h"

const char *monitor_area(const monitor_scope *s)
{
    return s->municipality ? s->municipality : "";
}

void monitor_copy_col(store_stmt *st, int col, char *dst, size_t n)
{
    text_copy(dst, n, q_text(st, col));
}

static int step_done(int rc)
{
    return rc < 0 ? rc : (rc == 0 ? SG_OK : rc);
}

/* ---- a map from int64 keys to indexes ------------------------------------ */

/* Open addressing, growing at half load.  Keys are ids (1 and up), or ids
 * combined with a small number; 0 marks an empty slot. */
typedef struct id_map {
    int64_t *keys;
    int32_t *vals;
    size_t cap, n;
} id_map;

static void map_free(id_map *m)
{
    sg_free(m->keys);
    sg_free(m->vals);
    memset(m, 0, sizeof *m);
}

/* The finaliser of splitmix64: every bit of the key moves the low bits. */
static uint64_t mix(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static size_t map_slot(const id_map *m, int64_t key)
{
    size_t i = (size_t)mix((uint64_t)key) & (m->cap - 1);
    while (m->keys[i] != 0 && m->keys[i] != key)
        i = (i + 1) & (m->cap - 1);
    return i;
}

static int map_grow(id_map *m)
{
    id_map bigger = {.cap = m->cap ? m->cap * 2 : 4096};
    bigger.keys = sg_calloc(bigger.cap, sizeof *bigger.keys);
    bigger.vals = sg_calloc(bigger.cap, sizeof *bigger.vals);
    if (!bigger.keys || !bigger.vals) {
        map_free(&bigger);
        return SG_ENOMEM;
    }
    for (size_t i = 0; i < m->cap; i++) {
        if (m->keys[i]) {
            size_t j = map_slot(&bigger, m->keys[i]);
            bigger.keys[j] = m->keys[i];
            bigger.vals[j] = m->vals[i];
        }
    }
    bigger.n = m->n;
    map_free(m);
    *m = bigger;
    return SG_OK;
}

#define MAP_NEW (-1)
#define MAP_NOMEM (-2)

/* The value stored for key; or MAP_NEW after storing val for a new key;
 * or MAP_NOMEM. */
static int32_t map_get_or_put(id_map *m, int64_t key, int32_t val)
{
    if ((m->n + 1) * 2 > m->cap && map_grow(m) != SG_OK)
        return MAP_NOMEM;
    size_t i = map_slot(m, key);
    if (m->keys[i])
        return m->vals[i];
    m->keys[i] = key;
    m->vals[i] = val;
    m->n++;
    return MAP_NEW;
}

/* The value stored for key, or -1. */
static int32_t map_get(const id_map *m, int64_t key)
{
    if (!m->cap)
        return -1;
    size_t i = map_slot(m, key);
    return m->keys[i] ? m->vals[i] : -1;
}

/* ---- persons by id ----------------------------------------------------------- */

/* Person ids are row ids, dense from 1: up to DENSE_MAX a plain array
 * indexed by id (a few bytes a person, cache-friendly); beyond it, the map. */
#define DENSE_MAX (64 * 1024 * 1024)

typedef struct person_index {
    int32_t *dense; /* value + 1; 0: none */
    int64_t max;
    id_map sparse;
} person_index;

static int index_init(store_tx *tx, person_index *x)
{
    memset(x, 0, sizeof *x);
    int rc = q_int64(tx, "SELECT COALESCE(MAX(id), 0) FROM persons", &x->max, "");
    if (rc == SG_OK && x->max >= 0 && x->max <= DENSE_MAX) {
        x->dense = sg_calloc((size_t)x->max + 1, sizeof *x->dense);
        rc = x->dense ? SG_OK : SG_ENOMEM;
    }
    return rc;
}

static void index_free(person_index *x)
{
    sg_free(x->dense);
    map_free(&x->sparse);
}

static int32_t index_get(const person_index *x, int64_t person)
{
    if (x->dense)
        return person >= 0 && person <= x->max ? x->dense[person] - 1 : -1;
    return map_get(&x->sparse, person);
}

/* As map_get_or_put. */
static int32_t index_get_or_put(person_index *x, int64_t person, int32_t val)
{
    if (!x->dense)
        return map_get_or_put(&x->sparse, person, val);
    if (person < 0 || person > x->max)
        return MAP_NOMEM; /* a person newer than the snapshot: cannot happen */
    if (x->dense[person])
        return x->dense[person] - 1;
    x->dense[person] = val + 1;
    return MAP_NEW;
}

/* ---- the small tables read whole ------------------------------------------ */

/* An indicator of one catalogue version, ranked for the report. */
typedef struct indicator_rank {
    int64_t version;
    char code[16];
    int strength; /* 1 strong (S) .. 3 general (W); 4 for the rest */
    int form;     /* 1..3: the form whose list names it; 4 for none */
    int category; /* index in the scope's categories, or -1 */
} indicator_rank;

typedef struct lookups {
    indicator_rank *inds;
    size_t ninds;
    id_map org_index; /* organisation id -> index in org_types */
    char (*org_types)[32];
    size_t norgs;
} lookups;

static void lookups_free(lookups *l)
{
    sg_free(l->inds);
    sg_free(l->org_types);
    map_free(&l->org_index);
}

static int cmp_indicator(const void *a, const void *b)
{
    const indicator_rank *x = a, *y = b;
    if (x->version != y->version)
        return x->version < y->version ? -1 : 1;
    return strcmp(x->code, y->code);
}

static int form_of(const monitor_scope *s, const char *code)
{
    char probe[24];
    snprintf(probe, sizeof probe, ",%s,", code);
    for (int i = 0; i < 3; i++)
        if (s->forms[i] && strstr(s->forms[i], probe))
            return i + 1;
    return 4;
}

static int load_lookups(store_tx *tx, const monitor_scope *s, lookups *l)
{
    store_stmt *st = NULL;
    size_t cap = 0;
    int rc = q_prepare(tx, "SELECT version, code, strength, category FROM indicators", &st, "");
    while (st && (rc = q_step(st)) == 1) {
        if (l->ninds == cap) {
            size_t more = cap ? cap * 2 : 256;
            indicator_rank *grown = sg_realloc(l->inds, more * sizeof *grown);
            if (!grown) {
                rc = SG_ENOMEM;
                break;
            }
            l->inds = grown;
            cap = more;
        }
        indicator_rank *r = &l->inds[l->ninds++];
        r->version = q_int(st, 0);
        monitor_copy_col(st, 1, r->code, sizeof r->code);
        const char *strength = q_text(st, 2);
        r->strength = strength[0] == 'S' ? 1 : strength[0] == 'M' ? 2 : strength[0] == 'W' ? 3 : 4;
        r->form = form_of(s, r->code);
        const char *category = q_text(st, 3);
        r->category = -1;
        for (int i = 0; i < s->ncategories && i < 64; i++)
            if (strcmp(s->categories[i], category) == 0)
                r->category = i;
    }
    if (st)
        q_done(st);
    rc = step_done(rc);
    if (rc == SG_OK && l->ninds)
        qsort(l->inds, l->ninds, sizeof *l->inds, cmp_indicator);
    st = NULL;
    cap = 0;
    if (rc == SG_OK)
        rc = q_prepare(tx, "SELECT id, type FROM organisations", &st, "");
    while (st && (rc = q_step(st)) == 1) {
        if (l->norgs == cap) {
            size_t more = cap ? cap * 2 : 256;
            char(*grown)[32] = sg_realloc(l->org_types, more * sizeof *grown);
            if (!grown) {
                rc = SG_ENOMEM;
                break;
            }
            l->org_types = grown;
            cap = more;
        }
        monitor_copy_col(st, 1, l->org_types[l->norgs], sizeof l->org_types[0]);
        if (map_get_or_put(&l->org_index, q_int(st, 0), (int32_t)l->norgs) == MAP_NOMEM) {
            rc = SG_ENOMEM;
            break;
        }
        l->norgs++;
    }
    if (st)
        q_done(st);
    return step_done(rc);
}

static const indicator_rank *find_indicator(const lookups *l, int64_t version, const char *code)
{
    indicator_rank probe = {.version = version};
    text_copy(probe.code, sizeof probe.code, code);
    return l->ninds ? bsearch(&probe, l->inds, l->ninds, sizeof *l->inds, cmp_indicator) : NULL;
}

/* ---- the signals figure ----------------------------------------------------- */

/* One row per indicator of each signal in scope (once, with an empty code,
 * for a signal without indicators).  A municipality's query starts from its
 * persons (index persons_municipality) and their signals in the period
 * (index signals_person_observed), so that it reads only its own. */
#define SIGNAL_COLUMNS                                                                             \
    "SELECT s.person_id, s.id, s.observed_on, s.org_id, s.catalogue_version,"                      \
    " COALESCE(si.code, '')"

static const char signal_rows_sql[] =
    SIGNAL_COLUMNS " FROM signals s LEFT JOIN signal_indicators si ON si.signal_id = s.id"
                   " WHERE" IN_PERIOD("s.observed_on") " AND $3 = '' AND ($4 = 0 OR s.org_id = $4)";
static const char signal_rows_area_sql[] = SIGNAL_COLUMNS
    " FROM persons x JOIN signals s ON s.person_id = x.id"
    " LEFT JOIN signal_indicators si ON si.signal_id = s.id"
    " WHERE x.municipality = $3 AND" IN_PERIOD("s.observed_on") " AND ($4 = 0 OR s.org_id = $4)";

/* The children's own columns, once per child. */
#define CHILD_COLUMNS "SELECT p.id, p.birth_year, p.birth_month, p.gender, p.municipality"

static const char children_sql[] = CHILD_COLUMNS
    " FROM persons p WHERE p.id IN (SELECT s.person_id FROM signals s WHERE" IN_PERIOD(
        "s.observed_on") " AND ($4 = 0 OR s.org_id = $4)) AND $3 = ''";
static const char children_area_sql[] = CHILD_COLUMNS
    " FROM persons p WHERE p.municipality = $3 AND EXISTS (SELECT 1 FROM signals s"
    " WHERE s.person_id = p.id AND" IN_PERIOD("s.observed_on") " AND ($4 = 0 OR s.org_id = $4))";

/* A child while its signals are folded. */
typedef struct signal_child {
    int64_t person, first_signal, org;
    uint64_t categories;
    char on[11];
    signed char strength, form; /* ranks 1..4 */
    bool known;                 /* its own columns were read */
    int birth_year, birth_month;
    char gender[16];
    char municipality[96];
} signal_child;

typedef struct fold {
    person_index index; /* person id -> index in kids */
    signal_child *kids;
    size_t n, cap;
} fold;

static signal_child *child_of(fold *f, int64_t person)
{
    int32_t at = index_get_or_put(&f->index, person, (int32_t)f->n);
    if (at == MAP_NOMEM)
        return NULL;
    if (at != MAP_NEW)
        return &f->kids[at];
    if (f->n == f->cap) {
        size_t more = f->cap ? f->cap * 2 : 1024;
        signal_child *grown = sg_realloc(f->kids, more * sizeof *grown);
        if (!grown)
            return NULL;
        f->kids = grown;
        f->cap = more;
    }
    signal_child *c = &f->kids[f->n++];
    memset(c, 0, sizeof *c);
    c->person = person;
    c->strength = c->form = 4;
    return c;
}

static void fold_signal_row(store_stmt *st, const lookups *l, signal_child *c)
{
    int64_t id = q_int(st, 1);
    const char *on = q_text(st, 2);
    int cmp = c->first_signal ? strcmp(on, c->on) : -1;
    if (cmp < 0 || (cmp == 0 && id < c->first_signal)) {
        text_copy(c->on, sizeof c->on, on);
        c->first_signal = id;
        c->org = q_int(st, 3);
    }
    const char *code = q_text(st, 5);
    const indicator_rank *r = code[0] ? find_indicator(l, q_int(st, 4), code) : NULL;
    if (!r)
        return;
    if (r->strength < c->strength)
        c->strength = (signed char)r->strength;
    if (r->form < c->form)
        c->form = (signed char)r->form;
    if (r->category >= 0)
        c->categories |= (uint64_t)1 << r->category;
}

static int read_children(store_tx *tx, const monitor_scope *s, fold *f)
{
    store_stmt *st = NULL;
    int rc = q_prepare(tx, monitor_area(s)[0] ? children_area_sql : children_sql, &st, "ttti",
                       s->from, s->to, monitor_area(s), s->org_id);
    if (rc != SG_OK)
        return rc;
    while ((rc = q_step(st)) == 1) {
        int32_t at = index_get(&f->index, q_int(st, 0));
        if (at < 0)
            continue;
        signal_child *c = &f->kids[at];
        c->birth_year = (int)q_int(st, 1);
        c->birth_month = (int)q_int(st, 2);
        monitor_copy_col(st, 3, c->gender, sizeof c->gender);
        monitor_copy_col(st, 4, c->municipality, sizeof c->municipality);
        c->known = true;
    }
    q_done(st);
    return step_done(rc);
}

int monitor_fold_signals(store_tx *tx, const monitor_scope *s, monitor_fact_fn fn, void *ctx)
{
    lookups l = {0};
    fold f = {0};
    store_stmt *st = NULL;
    bool national = !monitor_area(s)[0];
    int rc = load_lookups(tx, s, &l);
    if (rc == SG_OK)
        rc = index_init(tx, &f.index);
    if (rc == SG_OK)
        rc = q_prepare(tx, national ? signal_rows_sql : signal_rows_area_sql, &st, "ttti", s->from,
                       s->to, monitor_area(s), s->org_id);
    while (st && (rc = q_step(st)) == 1) {
        signal_child *c = child_of(&f, q_int(st, 0));
        if (!c) {
            rc = SG_ENOMEM;
            break;
        }
        fold_signal_row(st, &l, c);
    }
    if (st)
        q_done(st);
    rc = step_done(rc);
    if (rc == SG_OK)
        rc = read_children(tx, s, &f);
    static const char *const letters[] = {"", "S", "M", "W", "C"};
    monitor_fact fact;
    for (size_t i = 0; rc == SG_OK && i < f.n; i++) {
        const signal_child *c = &f.kids[i];
        if (!c->known)
            continue; /* not in the area after all (cannot happen: same conditions) */
        memset(&fact, 0, sizeof fact);
        fact.person_id = c->person;
        text_copy(fact.on, sizeof fact.on, c->on);
        text_copy(fact.municipality, sizeof fact.municipality, c->municipality);
        fact.birth_year = c->birth_year;
        fact.birth_month = c->birth_month;
        text_copy(fact.gender, sizeof fact.gender, c->gender);
        int32_t org = map_get(&l.org_index, c->org);
        text_copy(fact.org_type, sizeof fact.org_type, org >= 0 ? l.org_types[org] : "");
        text_copy(fact.a, sizeof fact.a, letters[c->strength]);
        snprintf(fact.b, sizeof fact.b, "%d", c->form);
        fact.categories = c->categories;
        rc = fn(&fact, ctx);
    }
    sg_free(f.kids);
    index_free(&f.index);
    lookups_free(&l);
    return rc;
}

/* ---- the trend --------------------------------------------------------------- */

/* (year, person) pairs from the index on observed_on, each counted once:
 * several times faster than COUNT(DISTINCT) per group. */
static const char trend_sql[] = "SELECT s.observed_on, s.person_id FROM signals s WHERE" IN_PERIOD(
    "s.observed_on") " AND $3 = '' AND ($4 = 0 OR s.org_id = $4)";
static const char trend_area_sql[] =
    "SELECT s.observed_on, s.person_id FROM persons x JOIN signals s ON s.person_id = x.id"
    " WHERE x.municipality = $3 AND" IN_PERIOD("s.observed_on") " AND ($4 = 0 OR s.org_id = $4)";

#define TREND_YEARS 16

/* Whether person was seen in year index y (of the trend's years). */
static bool trend_seen(const uint16_t *flags, int64_t max, const id_map *seen, int64_t person,
                       int y)
{
    if (flags)
        return person >= 0 && person <= max && (flags[person] & (1u << y));
    return map_get(seen, person * TREND_YEARS + y) >= 0;
}

/* The children of each year by municipality: the persons read from the
 * index on municipality (one run per municipality), each counted in the
 * years it was seen. */
static int trend_by_area(store_tx *tx, const uint16_t *flags, int64_t max, const id_map *seen,
                         int first, int years, monitor_count_fn fn, void *ctx)
{
    store_stmt *st = NULL;
    int rc =
        q_prepare(tx, "SELECT municipality, id FROM persons ORDER BY municipality, id", &st, "");
    if (rc != SG_OK)
        return rc;
    char muni[128] = "", year[8];
    int64_t counts[TREND_YEARS] = {0};
    bool more = true;
    while (more) {
        rc = q_step(st);
        more = rc == 1;
        const char *m = more ? q_text(st, 0) : "";
        if (!more || strcmp(m, muni) != 0) {
            for (int y = 0; y < years; y++) {
                if (counts[y]) {
                    snprintf(year, sizeof year, "%04u", (unsigned)(first + y) % 10000u);
                    int fr = fn(year, "", muni, counts[y], ctx);
                    if (fr != SG_OK) {
                        q_done(st);
                        return fr;
                    }
                }
                counts[y] = 0;
            }
            if (!more)
                break;
            text_copy(muni, sizeof muni, m);
        }
        int64_t person = q_int(st, 1);
        for (int y = 0; y < years; y++)
            counts[y] += trend_seen(flags, max, seen, person, y);
    }
    q_done(st);
    return step_done(rc);
}

int monitor_count_trend(store_tx *tx, const monitor_scope *s, monitor_count_fn fn, void *ctx)
{
    /* Per person a bit per year: dense flags when ids are small, else the
     * map of (person, year) pairs. */
    int64_t max = 0;
    int rc = q_int64(tx, "SELECT COALESCE(MAX(id), 0) FROM persons", &max, "");
    if (rc != SG_OK)
        return rc;
    uint16_t *flags =
        max >= 0 && max <= DENSE_MAX ? sg_calloc((size_t)max + 1, sizeof *flags) : NULL;
    store_stmt *st = NULL;
    bool national = !monitor_area(s)[0];
    rc = q_prepare(tx, national ? trend_sql : trend_area_sql, &st, "ttti", s->from, s->to,
                   monitor_area(s), s->org_id);
    if (rc != SG_OK) {
        sg_free(flags);
        return rc;
    }
    int first = atoi(s->from), years = atoi(s->to) - first;
    if (years > TREND_YEARS)
        years = TREND_YEARS;
    int64_t counts[TREND_YEARS] = {0};
    id_map seen = {0};
    while ((rc = q_step(st)) == 1) {
        const char *on = q_text(st, 0);
        if (strlen(on) < 4)
            continue;
        int y =
            (on[0] - '0') * 1000 + (on[1] - '0') * 100 + (on[2] - '0') * 10 + (on[3] - '0') - first;
        int64_t person = q_int(st, 1);
        if (y < 0 || y >= TREND_YEARS)
            continue;
        if (flags && person >= 0 && person <= max) {
            uint16_t bit = (uint16_t)(1u << y);
            counts[y] += !(flags[person] & bit);
            flags[person] |= bit;
            continue;
        }
        int32_t was = map_get_or_put(&seen, person * TREND_YEARS + y, 0);
        if (was == MAP_NOMEM) {
            rc = SG_ENOMEM;
            break;
        }
        counts[y] += was == MAP_NEW;
    }
    q_done(st);
    rc = step_done(rc);
    if (rc == SG_OK && s->by_area && years > 0)
        rc = trend_by_area(tx, flags, max, &seen, first, years, fn, ctx);
    for (int y = 0; rc == SG_OK && !s->by_area && y < TREND_YEARS; y++) {
        if (counts[y]) {
            char year[8];
            snprintf(year, sizeof year, "%04u", (unsigned)(first + y) % 10000u);
            rc = fn(year, "", "", counts[y], ctx);
        }
    }
    map_free(&seen);
    sg_free(flags);
    return rc;
}
