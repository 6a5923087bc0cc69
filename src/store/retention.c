/* Records: what retention reads and deletes (retention.h). */
#include "store/retention.h"

#include <stdio.h>
#include <string.h>

#include "store/concerns.h"
#include "store/store_int.h"

/* Per kind: the candidates' query, with $1 the cutoff (YYYY-MM-DD), $2 the
 * id to continue after and $3 the limit.  Every query selects: id,
 * public_id, person id, person public id, holder org id, holder type,
 * start. */
static const struct {
    const char *type;
    const char *subject; /* the subject_type of clocks and notices about it */
    const char *sql;
} kinds[] = {
    {"concern", "concern",
     "SELECT c.id, c.public_id, 0, '', c.org_id, o.type,"
     " CASE WHEN c.ended_on <> '' THEN c.ended_on ELSE c.ends_on END"
     " FROM concerns c JOIN organisations o ON o.id = c.org_id"
     " WHERE ((c.ended_on <> '' AND c.ended_on <= $1) OR c.ends_on <= $1) AND c.id > $2"
     " ORDER BY c.id LIMIT $3"},
    {"referral", "referral",
     "SELECT r.id, r.public_id, r.person_id, p.public_id, r.from_org_id, o.type,"
     " CASE WHEN r.updated_at <> '' THEN r.updated_at ELSE r.created_at END"
     " FROM referrals r JOIN persons p ON p.id = r.person_id"
     " JOIN organisations o ON o.id = r.from_org_id"
     " WHERE r.status IN ('completed', 'declined', 'revoked')"
     " AND substr(CASE WHEN r.updated_at <> '' THEN r.updated_at ELSE r.created_at END, 1, 10)"
     " <= $1 AND r.id > $2 ORDER BY r.id LIMIT $3"},
    {"case", "case",
     "SELECT c.id, c.public_id, c.person_id, p.public_id, c.org_id, o.type, c.closed_at"
     " FROM cases c JOIN persons p ON p.id = c.person_id"
     " JOIN organisations o ON o.id = c.org_id"
     " WHERE c.status = 'closed' AND c.closed_at <> '' AND substr(c.closed_at, 1, 10) <= $1"
     " AND c.id > $2 ORDER BY c.id LIMIT $3"},
    {"signal", "signal",
     "SELECT s.id, s.public_id, s.person_id, p.public_id, s.org_id, o.type, s.observed_on"
     " FROM signals s JOIN persons p ON p.id = s.person_id"
     " JOIN organisations o ON o.id = s.org_id"
     " WHERE s.observed_on <= $1 AND s.id > $2 ORDER BY s.id LIMIT $3"},
    {"enrolment", "enrolment",
     "SELECT e.id, e.public_id, e.person_id, p.public_id, e.org_id, o.type,"
     " CASE WHEN e.updated_at <> '' THEN e.updated_at ELSE e.created_at END"
     " FROM enrolments e JOIN persons p ON p.id = e.person_id"
     " JOIN organisations o ON o.id = e.org_id"
     " WHERE e.status IN ('completed', 'stopped')"
     " AND substr(CASE WHEN e.updated_at <> '' THEN e.updated_at ELSE e.created_at END, 1, 10)"
     " <= $1 AND e.id > $2 ORDER BY e.id LIMIT $3"},
    {"decision", "decision",
     "SELECT d.id, d.public_id, s.person_id, p.public_id, d.om_org_id, o.type, d.decided_at"
     " FROM prosecution_decisions d JOIN screenings s ON s.id = d.screening_id"
     " JOIN persons p ON p.id = s.person_id JOIN organisations o ON o.id = d.om_org_id"
     " WHERE substr(d.decided_at, 1, 10) <= $1 AND d.id > $2 ORDER BY d.id LIMIT $3"},
    {"screening", "screening",
     "SELECT s.id, s.public_id, s.person_id, p.public_id, s.police_org_id, o.type,"
     " s.completed_at"
     " FROM screenings s JOIN persons p ON p.id = s.person_id"
     " JOIN organisations o ON o.id = s.police_org_id"
     " WHERE s.status = 'completed' AND s.completed_at <> ''"
     " AND substr(s.completed_at, 1, 10) <= $1 AND s.id > $2 ORDER BY s.id LIMIT $3"},
    /* A relation of the network, from when it was recorded (its first
     * processing), whatever its status. */
    {"relation", "relation",
     "SELECT r.id, r.public_id, 0, '', r.org_id, o.type, r.created_at"
     " FROM network_relations r JOIN organisations o ON o.id = r.org_id"
     " WHERE substr(r.created_at, 1, 10) <= $1 AND r.id > $2 ORDER BY r.id LIMIT $3"},
    /* A child with nothing recorded about them any more. */
    {"person", "person",
     "SELECT p.id, p.public_id, p.id, p.public_id, p.created_by_org, o.type, p.created_at"
     " FROM persons p JOIN organisations o ON o.id = p.created_by_org"
     " WHERE substr(p.created_at, 1, 10) <= $1 AND p.id > $2"
     " AND NOT EXISTS (SELECT 1 FROM signals x WHERE x.person_id = p.id)"
     " AND NOT EXISTS (SELECT 1 FROM cases x WHERE x.person_id = p.id)"
     " AND NOT EXISTS (SELECT 1 FROM referrals x WHERE x.person_id = p.id)"
     " AND NOT EXISTS (SELECT 1 FROM screenings x WHERE x.person_id = p.id)"
     " AND NOT EXISTS (SELECT 1 FROM enrolments x WHERE x.person_id = p.id)"
     " AND NOT EXISTS (SELECT 1 FROM signal_disclosures x WHERE x.person_id = p.id)"
     " AND NOT EXISTS (SELECT 1 FROM comensha_reports x WHERE x.person_id = p.id)"
     /* A child who is a node of the network is kept while a relation
      * names them; the node goes with its last relation. */
     " AND NOT EXISTS (SELECT 1 FROM network_nodes x WHERE x.person_id = p.id)"
     " ORDER BY p.id LIMIT $3"},
};

static int kind_of(const char *type)
{
    for (size_t i = 0; type && i < sizeof kinds / sizeof kinds[0]; i++)
        if (strcmp(kinds[i].type, type) == 0)
            return (int)i;
    return -1;
}

int store_retention_candidates(store_tx *tx, const char *type, const char *cutoff, int64_t after_id,
                               retention_candidate *out, int max, int *n)
{
    *n = 0;
    int k = kind_of(type);
    if (k < 0)
        return SG_EINVAL;
    store_stmt *st;
    int rc = q_prepare(tx, kinds[k].sql, &st, "tii", cutoff, after_id, (int64_t)max);
    if (rc != SG_OK)
        return rc;
    for (;;) {
        rc = q_step(st);
        if (rc != 1 || *n >= max)
            break;
        retention_candidate *c = &out[*n];
        memset(c, 0, sizeof *c);
        c->id = q_int(st, 0);
        c->person_id = q_int(st, 2);
        c->org_id = q_int(st, 4);
        rc = q_text_into(st, 1, c->public_id, sizeof c->public_id);
        if (rc == SG_OK)
            rc = q_text_into(st, 3, c->person_public_id, sizeof c->person_public_id);
        if (rc == SG_OK)
            rc = q_text_into(st, 5, c->holder_type, sizeof c->holder_type);
        if (rc == SG_OK)
            rc = q_text_into(st, 6, c->start, sizeof c->start);
        if (rc != SG_OK)
            break;
        (*n)++;
    }
    q_done(st);
    return rc < 0 ? rc : SG_OK;
}

/* Whether the count query sql, bound to a (and b when two_ids), is above 0. */
static int exists(store_tx *tx, const char *sql, bool *out, bool two_ids, int64_t a, int64_t b)
{
    int64_t count = 0;
    int rc = two_ids ? q_int64(tx, sql, &count, "ii", a, b) : q_int64(tx, sql, &count, "i", a);
    *out = rc == SG_OK && count > 0;
    return rc;
}

int store_retention_facts_of(store_tx *tx, const char *type, const retention_candidate *c,
                             store_retention_facts *out)
{
    memset(out, 0, sizeof *out);
    int k = kind_of(type);
    if (k < 0)
        return SG_EINVAL;
    bool about_child = c->person_id != 0 && strcmp(type, "person") != 0;
    /* A clock on the record itself; for a signal or an enrolment, any clock
     * about the child at the organisation that holds it. */
    int64_t count = 0;
    int rc = q_int64(tx,
                     "SELECT COUNT(*) FROM clocks WHERE subject_type = $1 AND subject_id = $2"
                     " AND stopped_at = ''",
                     &count, "tt", kinds[k].subject, c->public_id);
    out->running_clock = count > 0;
    bool per_child = strcmp(type, "signal") == 0 || strcmp(type, "enrolment") == 0;
    if (rc == SG_OK && per_child && !out->running_clock)
        rc = exists(tx,
                    "SELECT COUNT(*) FROM clocks WHERE person_id = $1 AND org_id = $2"
                    " AND stopped_at = ''",
                    &out->running_clock, true, c->person_id, c->org_id);
    if (rc == SG_OK && about_child && strcmp(type, "case") != 0)
        rc = exists(tx,
                    "SELECT COUNT(*) FROM cases WHERE person_id = $1 AND org_id = $2"
                    " AND status = 'open'",
                    &out->open_case, true, c->person_id, c->org_id);
    if (rc == SG_OK && strcmp(type, "screening") == 0) {
        rc = exists(tx, "SELECT COUNT(*) FROM prosecution_decisions WHERE screening_id = $1",
                    &out->part_of_kept_record, false, c->id, 0);
        /* Without a decision, the OM decided if a clock on the screening was
         * stopped by a decision (it went before, in its own time); else the
         * screening awaits it. */
        if (rc == SG_OK && !out->part_of_kept_record) {
            rc = q_int64(tx,
                         "SELECT COUNT(*) FROM clocks WHERE subject_type = 'screening'"
                         " AND subject_id = $1 AND stop_event = 'decision.recorded'",
                         &count, "t", c->public_id);
            out->awaiting_decision = rc == SG_OK && count == 0;
        }
    }
    if (rc == SG_OK && strcmp(type, "signal") == 0) {
        const char *like = "referral:%";
        rc = q_int64(tx,
                     "SELECT (SELECT COUNT(*) FROM case_signals WHERE signal_id = $1)"
                     " + (SELECT COUNT(*) FROM signal_access WHERE signal_id = $1"
                     " AND basis LIKE $2)"
                     " + (SELECT COUNT(*) FROM signal_disclosures WHERE signal_id = $1)",
                     &count, "it", c->id, like);
        out->part_of_kept_record = rc == SG_OK && count > 0;
    }
    return rc;
}

int store_retention_flags_due(store_tx *tx, const char *cutoff, int64_t *n)
{
    return q_int64(tx,
                   "SELECT COUNT(*) FROM concern_flags WHERE acknowledged_at <> ''"
                   " AND acknowledged_at < $1",
                   n, "t", cutoff);
}

/* Deletes the clocks and notices about a record. */
static int delete_about(store_tx *tx, const char *subject, const char *public_id)
{
    int rc = q_exec(tx, "DELETE FROM clocks WHERE subject_type = $1 AND subject_id = $2", NULL,
                    "tt", subject, public_id);
    if (rc == SG_OK)
        rc = q_exec(tx, "DELETE FROM notifications WHERE record_type = $1 AND record_id = $2", NULL,
                    "tt", subject, public_id);
    return rc;
}

static int delete_referral(store_tx *tx, const retention_candidate *c)
{
    char basis[64];
    snprintf(basis, sizeof basis, "referral:%s", c->public_id);
    int rc = q_exec(tx, "DELETE FROM signal_disclosures WHERE referral_id = $1", NULL, "i", c->id);
    if (rc == SG_OK)
        rc = q_exec(tx, "DELETE FROM person_access WHERE basis = $1", NULL, "t", basis);
    if (rc == SG_OK)
        rc = q_exec(tx, "DELETE FROM signal_access WHERE basis = $1", NULL, "t", basis);
    if (rc == SG_OK)
        rc = q_exec(tx, "DELETE FROM referrals WHERE id = $1", NULL, "i", c->id);
    return rc;
}

static int delete_case(store_tx *tx, const retention_candidate *c)
{
    static const char *const parts[] = {
        "UPDATE referrals SET case_id = 0 WHERE case_id = $1",
        "UPDATE referrals SET received_case_id = 0 WHERE received_case_id = $1",
        "DELETE FROM case_signals WHERE case_id = $1",
        "DELETE FROM meldcode_steps WHERE case_id = $1",
        "DELETE FROM consultations WHERE case_id = $1",
        "DELETE FROM case_actions WHERE case_id = $1",
        "DELETE FROM cases WHERE id = $1",
    };
    int rc = SG_OK;
    for (size_t i = 0; rc == SG_OK && i < sizeof parts / sizeof parts[0]; i++)
        rc = q_exec(tx, parts[i], NULL, "i", c->id);
    return rc;
}

/* A relation, and each of its two ends that no other relation names: the
 * node and, for an entity, the entity with its key.  A correction that
 * names the relation keeps standing, as the history's first entry. */
static int delete_relation(store_tx *tx, const retention_candidate *c)
{
    int64_t ends[2] = {0, 0};
    int rc =
        q_int64(tx, "SELECT from_node FROM network_relations WHERE id = $1", &ends[0], "i", c->id);
    if (rc == SG_OK)
        rc = q_int64(tx, "SELECT to_node FROM network_relations WHERE id = $1", &ends[1], "i",
                     c->id);
    if (rc == SG_OK)
        rc = q_exec(tx, "UPDATE network_relations SET replaces = 0 WHERE replaces = $1", NULL, "i",
                    c->id);
    if (rc == SG_OK)
        rc = q_exec(tx, "DELETE FROM network_relations WHERE id = $1", NULL, "i", c->id);
    for (int e = 0; rc == SG_OK && e < 2; e++) {
        rc = q_exec(tx,
                    "DELETE FROM network_entities WHERE id ="
                    " (SELECT entity_id FROM network_nodes WHERE id = $1 AND entity_id <> 0)"
                    " AND NOT EXISTS (SELECT 1 FROM network_relations r"
                    " WHERE r.from_node = $1 OR r.to_node = $1)",
                    NULL, "i", ends[e]);
        if (rc == SG_OK)
            rc = q_exec(tx,
                        "DELETE FROM network_nodes WHERE id = $1 AND NOT EXISTS"
                        " (SELECT 1 FROM network_relations r WHERE r.from_node = $1"
                        " OR r.to_node = $1)",
                        NULL, "i", ends[e]);
    }
    return rc;
}

static int delete_by_id(store_tx *tx, const char *const *parts, size_t n, int64_t id)
{
    int rc = SG_OK;
    for (size_t i = 0; rc == SG_OK && i < n; i++)
        rc = q_exec(tx, parts[i], NULL, "i", id);
    return rc;
}

int store_retention_delete(store_tx *tx, const char *type, const retention_candidate *c)
{
    int k = kind_of(type);
    if (k < 0)
        return SG_EINVAL;
    int rc =
        strcmp(type, "concern") == 0 ? SG_OK : delete_about(tx, kinds[k].subject, c->public_id);
    if (rc != SG_OK)
        return rc;
    if (strcmp(type, "concern") == 0)
        return store_concern_delete(tx, c->id);
    if (strcmp(type, "referral") == 0)
        return delete_referral(tx, c);
    if (strcmp(type, "case") == 0)
        return delete_case(tx, c);
    if (strcmp(type, "signal") == 0) {
        static const char *const parts[] = {
            "DELETE FROM signal_indicators WHERE signal_id = $1",
            "DELETE FROM signal_access WHERE signal_id = $1",
            "DELETE FROM signal_disclosures WHERE signal_id = $1",
            "DELETE FROM case_signals WHERE signal_id = $1",
            "DELETE FROM signals WHERE id = $1",
        };
        return delete_by_id(tx, parts, sizeof parts / sizeof parts[0], c->id);
    }
    if (strcmp(type, "enrolment") == 0) {
        static const char *const parts[] = {
            "DELETE FROM enrolment_milestones WHERE enrolment_id = $1",
            "DELETE FROM enrolments WHERE id = $1",
        };
        return delete_by_id(tx, parts, sizeof parts / sizeof parts[0], c->id);
    }
    if (strcmp(type, "decision") == 0)
        return q_exec(tx, "DELETE FROM prosecution_decisions WHERE id = $1", NULL, "i", c->id);
    if (strcmp(type, "relation") == 0)
        return delete_relation(tx, c);
    if (strcmp(type, "screening") == 0) {
        /* Its diversions and reports to CoMensha are part of it. */
        static const char *const parts[] = {
            "DELETE FROM diversions WHERE screening_id = $1",
            "DELETE FROM comensha_reports WHERE screening_id = $1",
            "DELETE FROM screenings WHERE id = $1",
        };
        return delete_by_id(tx, parts, sizeof parts / sizeof parts[0], c->id);
    }
    /* person */
    static const char *const parts[] = {
        "DELETE FROM person_access WHERE person_id = $1",
        "DELETE FROM clocks WHERE person_id = $1",
        "DELETE FROM persons WHERE id = $1",
    };
    return delete_by_id(tx, parts, sizeof parts / sizeof parts[0], c->id);
}

int store_retention_run_add(store_tx *tx, const retention_run_row *r)
{
    return q_exec(tx,
                  "INSERT INTO retention_runs (started_at, finished_at, as_of, rules_version,"
                  " status, report) VALUES ($1, $2, $3, $4, $5, $6)",
                  NULL, "tttitt", r->started_at, r->finished_at, r->as_of, r->rules_version,
                  r->status, r->report);
}

int store_retention_runs(store_tx *tx, retention_run_row *rows, int max, int *n)
{
    *n = 0;
    store_stmt *st;
    int rc = q_prepare(tx,
                       "SELECT started_at, finished_at, as_of, rules_version, status, report"
                       " FROM retention_runs ORDER BY id DESC LIMIT $1",
                       &st, "i", (int64_t)max);
    if (rc != SG_OK)
        return rc;
    while (*n < max && (rc = q_step(st)) == 1) {
        retention_run_row *r = &rows[*n];
        memset(r, 0, sizeof *r);
        r->rules_version = q_int(st, 3);
        rc = q_text_into(st, 0, r->started_at, sizeof r->started_at);
        if (rc == SG_OK)
            rc = q_text_into(st, 1, r->finished_at, sizeof r->finished_at);
        if (rc == SG_OK)
            rc = q_text_into(st, 2, r->as_of, sizeof r->as_of);
        if (rc == SG_OK)
            rc = q_text_into(st, 4, r->status, sizeof r->status);
        if (rc == SG_OK)
            rc = q_text_into(st, 5, r->report, sizeof r->report);
        if (rc != SG_OK)
            break;
        (*n)++;
    }
    q_done(st);
    return rc < 0 ? rc : SG_OK;
}
