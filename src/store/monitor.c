/* The aggregate queries of monitoring and the release log (monitor.h).
 * Every query takes the same first four parameters: $1 and $2 the period
 * [from, to), $3 a municipality ('' for all), $4 an organisation (0 for
 * all).  One query per figure, so that a change to a table is made here. */
#include "store/monitor.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "base/text.h"
#include "store/monitor_int.h"
#include "store/store_int.h"

#define IN_AREA "($3 = '' OR p.municipality = $3)"

/* Per child: the first event (its date and organisation) and the codes of
 * the last one, in one pass of window functions (no self-join: that was
 * quadratic in the number of children).  e(person_id, org_id, on_date, a,
 * b, c, seq) are the figure's events in scope. */
#define FIRST_AND_LAST(events)                                                                     \
    "WITH e AS (" events "),"                                                                      \
    " r AS (SELECT e.person_id, e.org_id, e.on_date,"                                              \
    " ROW_NUMBER() OVER (PARTITION BY e.person_id ORDER BY e.on_date, e.seq) AS rf,"               \
    " FIRST_VALUE(e.a) OVER w AS la, FIRST_VALUE(e.b) OVER w AS lb, FIRST_VALUE(e.c) OVER w AS lc" \
    " FROM e WINDOW w AS (PARTITION BY e.person_id ORDER BY e.on_date DESC, e.seq DESC))"          \
    " SELECT r.person_id, r.on_date, p.municipality, p.birth_year, p.birth_month, p.gender,"       \
    " o.type, r.la, r.lb, r.lc"                                                                    \
    " FROM r JOIN persons p ON p.id = r.person_id JOIN organisations o ON o.id = r.org_id"         \
    " WHERE r.rf = 1"

static const char *const fact_sql[MF_COUNT] = {
    [MF_SIGNALS] = NULL, /* folded in C: monitor_fold_signals */
    [MF_CONSULTATIONS] = FIRST_AND_LAST(
        "SELECT k.person_id, k.org_id, n.held_on AS on_date, n.outcome AS a,"
        " n.question_type AS b, '' AS c, n.id AS seq"
        " FROM consultations n JOIN cases k ON k.id = n.case_id JOIN persons p ON p.id = "
        "k.person_id"
        " WHERE" IN_PERIOD("n.held_on") " AND " IN_AREA " AND ($4 = 0 OR k.org_id = $4)"),
    [MF_MELDCODE] = FIRST_AND_LAST(
        "SELECT k.person_id, k.org_id, substr(m.recorded_at, 1, 10) AS on_date, m.decision AS a,"
        " m.advised AS b, '' AS c, m.id AS seq"
        " FROM meldcode_steps m JOIN cases k ON k.id = m.case_id JOIN persons p ON p.id = "
        "k.person_id"
        " WHERE m.step = 5 AND" IN_PERIOD("m.recorded_at") " AND " IN_AREA
                                                           " AND ($4 = 0 OR k.org_id = $4)"),
    [MF_REFERRALS] = FIRST_AND_LAST(
        "SELECT r.person_id, r.from_org_id AS org_id, substr(r.created_at, 1, 10) AS on_date,"
        " t.type AS a, r.status AS b, r.legal_basis AS c, r.id AS seq"
        " FROM referrals r JOIN persons p ON p.id = r.person_id"
        " JOIN organisations t ON t.id = r.to_org_id"
        " WHERE" IN_PERIOD(
            "r.created_at") " AND " IN_AREA
                            " AND ($4 = 0 OR r.from_org_id = $4 OR r.to_org_id = $4)"),
    [MF_SCREENINGS] = FIRST_AND_LAST(
        "SELECT s.person_id, s.police_org_id AS org_id, s.arrested_on AS on_date,"
        " s.advised_signs AS a, CASE s.confirmed_signs WHEN '' THEN 'unconfirmed'"
        " ELSE s.confirmed_signs END AS b, s.offence AS c, s.id AS seq"
        " FROM screenings s JOIN persons p ON p.id = s.person_id"
        " WHERE" IN_PERIOD(
            "s.arrested_on") " AND " IN_AREA
                             " AND ($4 = 0 OR s.police_org_id = $4 OR s.om_org_id = $4)"),
    [MF_DECISIONS] = FIRST_AND_LAST(
        "SELECT s.person_id, d.om_org_id AS org_id, substr(d.decided_at, 1, 10) AS on_date,"
        " d.decision AS a, CASE WHEN d.possible_victim = 1 THEN 'yes' ELSE 'no' END AS b,"
        " '' AS c, d.id AS seq"
        " FROM prosecution_decisions d JOIN screenings s ON s.id = d.screening_id"
        " JOIN persons p ON p.id = s.person_id"
        " WHERE" IN_PERIOD(
            "d.decided_at") " AND " IN_AREA
                            " AND ($4 = 0 OR d.om_org_id = $4 OR s.police_org_id = $4)"),
    [MF_DIVERSIONS] = FIRST_AND_LAST(
        "SELECT s.person_id, s.police_org_id AS org_id, substr(v.recorded_at, 1, 10) AS on_date,"
        " v.kind AS a, '' AS b, '' AS c, v.id AS seq"
        " FROM diversions v JOIN screenings s ON s.id = v.screening_id"
        " JOIN persons p ON p.id = s.person_id"
        " WHERE" IN_PERIOD(
            "v.recorded_at") " AND " IN_AREA
                             " AND ($4 = 0 OR s.police_org_id = $4 OR s.om_org_id = $4)"),
    [MF_ENROLMENTS] = FIRST_AND_LAST(
        "SELECT e.person_id, e.org_id, substr(e.created_at, 1, 10) AS on_date, e.status AS a,"
        " CASE e.outcome WHEN '' THEN 'none' ELSE e.outcome END AS b, e.programme_id AS c,"
        " e.id AS seq"
        " FROM enrolments e JOIN persons p ON p.id = e.person_id"
        " WHERE" IN_PERIOD("e.created_at") " AND " IN_AREA " AND ($4 = 0 OR e.org_id = $4)"),
};

/* A youth of the reference index, counted once by pseudonym. */
#define YOUTH_KEY(c) "CASE WHEN " c ".bsn_key <> '' THEN " c ".bsn_key ELSE " c ".name_key END"

static const char *const count_sql[MC_COUNT] = {
    [MC_SIGNAL_TREND] = NULL, /* counted in C: monitor_count_trend */
    [MC_CATEGORY_LIST] =
        "SELECT category, MIN(category_nl), '', 0 FROM indicators"
        " WHERE version = (SELECT MAX(version) FROM catalogue_versions)"
        " AND $1 <> $2 AND $3 = $3 AND $4 = $4 GROUP BY category ORDER BY category",
    [MC_CLOCKS] =
        "SELECT rule_id, res, muni, COUNT(*) FROM (SELECT c.person_id, c.rule_id,"
        " p.municipality AS muni,"
        " CASE MAX(CASE WHEN c.missed = 1 THEN 2 WHEN c.stopped_at <> '' THEN 1 ELSE 0 END)"
        " WHEN 2 THEN 'missed' WHEN 1 THEN 'met' ELSE 'running' END AS res"
        " FROM clocks c JOIN persons p ON p.id = c.person_id"
        " WHERE" IN_PERIOD("c.started_at") " AND " IN_AREA " AND ($4 = 0 OR c.org_id = $4)"
                                           " GROUP BY c.person_id, c.rule_id, p.municipality) x "
                                           "GROUP BY rule_id, res, muni",
    [MC_CONCERNS] = "SELECT c.ground, '', '', COUNT(DISTINCT " YOUTH_KEY(
        "c") ")"
             " FROM concerns c"
             " WHERE" IN_PERIOD("c.registered_at") " AND $3 = '' AND ($4 = 0 OR c.org_id = $4)"
                                                   " GROUP BY c.ground",
    [MC_MATCHES] = "SELECT m.kind, m.status, '', COUNT(DISTINCT " YOUTH_KEY(
        "a") ")"
             " FROM concern_matches m JOIN concerns a ON a.id = m.concern_a"
             " JOIN concerns b ON b.id = m.concern_b"
             " WHERE" IN_PERIOD("m.created_at") " AND $3 = ''"
                                                " AND ($4 = 0 OR a.org_id = $4 OR b.org_id = $4) "
                                                "GROUP BY m.kind, m.status",
};

static const char *const lead_sql[ML_COUNT] = {
    /* From the first signal of a case to its first consultation. */
    [ML_SIGNAL_CONSULTATION] =
        "SELECT k.person_id, p.municipality, MIN(s.observed_on), MIN(n.held_on)"
        " FROM cases k JOIN persons p ON p.id = k.person_id"
        " JOIN case_signals cs ON cs.case_id = k.id JOIN signals s ON s.id = cs.signal_id"
        " JOIN consultations n ON n.case_id = k.id"
        " WHERE " IN_AREA " AND ($4 = 0 OR k.org_id = $4)"
        " AND k.id IN (SELECT x.case_id FROM consultations x WHERE" IN_PERIOD(
            "x.held_on") ")"
                         " GROUP BY k.id, k.person_id, p.municipality HAVING MIN(n.held_on) >= $1 "
                         "AND "
                         "MIN(n.held_on) < $2",
    /* From a case's first consultation to its Meldcode decision. */
    [ML_CONSULTATION_DECISION] =
        "SELECT k.person_id, p.municipality, MIN(n.held_on), substr(MIN(m.recorded_at), 1, 10)"
        " FROM cases k JOIN persons p ON p.id = k.person_id"
        " JOIN consultations n ON n.case_id = k.id"
        " JOIN meldcode_steps m ON m.case_id = k.id AND m.step = 5"
        " WHERE " IN_AREA " AND ($4 = 0 OR k.org_id = $4)"
        " AND k.id IN (SELECT x.case_id FROM meldcode_steps x WHERE x.step = 5 AND" IN_PERIOD(
            "x.recorded_at") ")"
                             " GROUP BY k.id, k.person_id, p.municipality"
                             " HAVING MIN(m.recorded_at) >= $1 AND MIN(m.recorded_at) < $2",
    /* From sending a referral to its acceptance (the clock it stopped). */
    [ML_REFERRAL_ACCEPTANCE] =
        "SELECT r.person_id, p.municipality, substr(r.created_at, 1, 10),"
        " substr(MIN(c.stopped_at), 1, 10)"
        " FROM referrals r JOIN persons p ON p.id = r.person_id"
        " JOIN clocks c ON c.subject_type = 'referral' AND c.subject_id = r.public_id"
        " AND c.stop_event = 'referral.accepted'"
        " WHERE " IN_AREA " AND ($4 = 0 OR r.from_org_id = $4 OR r.to_org_id = $4)"
        " AND r.public_id IN (SELECT x.subject_id FROM clocks x"
        " WHERE x.stop_event = 'referral.accepted' AND" IN_PERIOD(
            "x.stopped_at") ")"
                            " GROUP BY r.id, r.person_id, p.municipality, r.created_at"
                            " HAVING MIN(c.stopped_at) >= $1 AND MIN(c.stopped_at) < $2",
    /* From the arrest to the OM's first decision. */
    [ML_ARREST_DECISION] =
        "SELECT s.person_id, p.municipality, s.arrested_on, substr(MIN(d.decided_at), 1, 10)"
        " FROM screenings s JOIN persons p ON p.id = s.person_id"
        " JOIN prosecution_decisions d ON d.screening_id = s.id"
        " WHERE " IN_AREA " AND ($4 = 0 OR s.police_org_id = $4 OR s.om_org_id = $4)"
        " AND s.id IN (SELECT x.screening_id FROM prosecution_decisions x WHERE" IN_PERIOD(
            "x.decided_at") ")"
                            " GROUP BY s.id, s.person_id, p.municipality, s.arrested_on"
                            " HAVING MIN(d.decided_at) >= $1 AND MIN(d.decided_at) < $2",
};

int store_monitor_facts(store_tx *tx, monitor_figure fig, const monitor_scope *s,
                        monitor_fact_fn fn, void *ctx)
{
    if ((unsigned)fig >= MF_COUNT)
        return SG_EINVAL;
    if (fig == MF_SIGNALS)
        return monitor_fold_signals(tx, s, fn, ctx);
    store_stmt *st = NULL;
    int rc = q_prepare(tx, fact_sql[fig], &st, "ttti", s->from, s->to, monitor_area(s), s->org_id);
    if (rc != SG_OK)
        return rc;
    monitor_fact f;
    while ((rc = q_step(st)) == 1) {
        memset(&f, 0, sizeof f);
        f.person_id = q_int(st, 0);
        monitor_copy_col(st, 1, f.on, sizeof f.on);
        monitor_copy_col(st, 2, f.municipality, sizeof f.municipality);
        f.birth_year = (int)q_int(st, 3);
        f.birth_month = (int)q_int(st, 4);
        monitor_copy_col(st, 5, f.gender, sizeof f.gender);
        monitor_copy_col(st, 6, f.org_type, sizeof f.org_type);
        monitor_copy_col(st, 7, f.a, sizeof f.a);
        monitor_copy_col(st, 8, f.b, sizeof f.b);
        monitor_copy_col(st, 9, f.c, sizeof f.c);
        rc = fn(&f, ctx);
        if (rc != SG_OK)
            break;
    }
    q_done(st);
    return rc < 0 ? rc : (rc == 0 ? SG_OK : rc);
}

int store_monitor_counts(store_tx *tx, monitor_count_query q, const monitor_scope *s,
                         monitor_count_fn fn, void *ctx)
{
    if ((unsigned)q >= MC_COUNT)
        return SG_EINVAL;
    if (q == MC_SIGNAL_TREND)
        return monitor_count_trend(tx, s, fn, ctx);
    store_stmt *st = NULL;
    int rc = q_prepare(tx, count_sql[q], &st, "ttti", s->from, s->to, monitor_area(s), s->org_id);
    if (rc != SG_OK)
        return rc;
    while ((rc = q_step(st)) == 1) {
        rc = fn(q_text(st, 0), q_text(st, 1), q_text(st, 2), q_int(st, 3), ctx);
        if (rc != SG_OK)
            break;
    }
    q_done(st);
    return rc < 0 ? rc : (rc == 0 ? SG_OK : rc);
}

int store_monitor_leads(store_tx *tx, monitor_lead l, const monitor_scope *s, monitor_lead_fn fn,
                        void *ctx)
{
    if ((unsigned)l >= ML_COUNT)
        return SG_EINVAL;
    store_stmt *st = NULL;
    int rc = q_prepare(tx, lead_sql[l], &st, "ttti", s->from, s->to, monitor_area(s), s->org_id);
    if (rc != SG_OK)
        return rc;
    while ((rc = q_step(st)) == 1) {
        rc = fn(q_int(st, 0), q_text(st, 1), q_text(st, 2), q_text(st, 3), ctx);
        if (rc != SG_OK)
            break;
    }
    q_done(st);
    return rc < 0 ? rc : (rc == 0 ? SG_OK : rc);
}

/* ---- the release log ------------------------------------------------------ */

int store_monitor_prior(store_tx *tx, int year_from, int year_to, monitor_prior_fn fn, void *ctx)
{
    store_stmt *st = NULL;
    int rc =
        q_prepare(tx,
                  "SELECT c.cell_key, c.shown, c.suppressed, m.sup FROM monitor_release_cells c"
                  " JOIN (SELECT cell_key, MAX(release_id) AS rid, MAX(suppressed) AS sup"
                  " FROM monitor_release_cells WHERE year >= $1 AND year <= $2 GROUP BY cell_key) m"
                  " ON c.release_id = m.rid AND c.cell_key = m.cell_key",
                  &st, "ii", (int64_t)year_from, (int64_t)year_to);
    if (rc != SG_OK)
        return rc;
    while ((rc = q_step(st)) == 1) {
        rc = fn(q_text(st, 0), q_int(st, 1), q_int(st, 3) != 0, ctx);
        if (rc != SG_OK)
            break;
    }
    q_done(st);
    return rc < 0 ? rc : (rc == 0 ? SG_OK : rc);
}

int store_monitor_release_insert(store_tx *tx, monitor_release_row *r)
{
    return q_int64(tx,
                   "INSERT INTO monitor_releases (public_id, scope, year, released_by, released_at,"
                   " method, threshold, cells, further)"
                   " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
                   &r->id, "ttiittiii", r->public_id, r->scope, (int64_t)r->year, r->released_by,
                   r->released_at, r->method, (int64_t)r->threshold, (int64_t)r->cells,
                   (int64_t)r->further);
}

int store_monitor_release_cell(store_tx *tx, int64_t release_id, int year, const char *key,
                               int64_t shown, bool suppressed)
{
    return q_exec(
        tx,
        "INSERT INTO monitor_release_cells (release_id, year, cell_key, shown, suppressed)"
        " VALUES ($1, $2, $3, $4, $5)",
        NULL, "iitiB", release_id, (int64_t)year, key, suppressed ? (int64_t)0 : shown, suppressed);
}

int store_monitor_release_finish(store_tx *tx, const monitor_release_row *r)
{
    return q_exec(tx, "UPDATE monitor_releases SET cells = $1, further = $2 WHERE id = $3", NULL,
                  "iii", (int64_t)r->cells, (int64_t)r->further, r->id);
}
