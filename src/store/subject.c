/* Records: everything held about one child, kind by kind (subject.h).
 * Each kind is one statement and the list of its columns.  The records of
 * organisation $2 are those it made or was given, the same rule as each
 * part's own views: a signal recorded by it or shared with it, a referral
 * to or from it, a screening of its police unit or handed to its OM office
 * with what the OM decided on it, its own case, clock, enrolment,
 * registration and relation.  $2 = 0 reads every organisation's. */
#include "store/subject.h"

#include <string.h>

#include "store/store_int.h"

#define MAX_COLS 20

typedef struct subj_col {
    const char *name;
    char type;
    const char *ad;   /* ciphertexts: the "table.column" they are bound to */
    const char *bind; /* ciphertexts: the column holding the id they are bound to */
} subj_col;

typedef struct subj_kind {
    const char *kind;
    subject_by by;
    const char *sql;      /* BY_KEY: by the BSN's pseudonym */
    const char *sql_name; /* BY_KEY: by the name's pseudonym */
    const char *count;    /* BY_PSEUDONYM: how many in all */
    subj_col cols[MAX_COLS];
} subj_kind;

// clang-format off
static const char persons_sql[] =
    "SELECT p.public_id, p.name_enc, p.bsn_enc, p.birth_date_enc, p.gender, p.municipality,"
    " (SELECT o.name FROM organisations o WHERE o.id = p.created_by_org),"
    " (SELECT u.role FROM users u WHERE u.id = p.created_by_user), p.created_at"
    " FROM persons p WHERE p.id = $1 AND ($2 = 0 OR EXISTS (SELECT 1 FROM person_access a"
    " WHERE a.person_id = p.id AND a.org_id = $2))";
static const char parties_sql[] =
    "SELECT p.public_id, o.name, o.type, a.basis, a.granted_at FROM person_access a"
    " JOIN organisations o ON o.id = a.org_id JOIN persons p ON p.id = a.person_id"
    " WHERE a.person_id = $1 AND ($2 = 0 OR a.org_id = $2) ORDER BY a.granted_at, o.name";
static const char signals_sql[] =
    "SELECT s.public_id, p.public_id, s.observed_on, s.setting, s.observation_enc,"
    " s.catalogue_version, (SELECT o.name FROM organisations o WHERE o.id = s.org_id),"
    " (SELECT u.role FROM users u WHERE u.id = s.observer_id), s.created_at"
    " FROM signals s JOIN persons p ON p.id = s.person_id WHERE s.person_id = $1"
    " AND ($2 = 0 OR s.org_id = $2 OR EXISTS (SELECT 1 FROM signal_access sa"
    " WHERE sa.signal_id = s.id AND sa.org_id = $2)) ORDER BY s.id";
static const char indicators_sql[] =
    "SELECT s.public_id, i.code, i.kind, c.text_nl, c.text_en FROM signal_indicators i"
    " JOIN signals s ON s.id = i.signal_id"
    " LEFT JOIN indicators c ON c.version = s.catalogue_version AND c.code = i.code"
    " WHERE s.person_id = $1 AND ($2 = 0 OR s.org_id = $2 OR EXISTS (SELECT 1"
    " FROM signal_access sa WHERE sa.signal_id = s.id AND sa.org_id = $2))"
    " ORDER BY s.id, i.code";
static const char disclosures_sql[] =
    "SELECT s.public_id, r.public_id,"
    " (SELECT o.name FROM organisations o WHERE o.id = d.from_org_id),"
    " (SELECT o.name FROM organisations o WHERE o.id = d.to_org_id), d.at"
    " FROM signal_disclosures d JOIN signals s ON s.id = d.signal_id"
    " JOIN referrals r ON r.id = d.referral_id WHERE d.person_id = $1"
    " AND ($2 = 0 OR d.origin_org_id = $2 OR d.from_org_id = $2 OR d.to_org_id = $2)"
    " ORDER BY d.id";
static const char cases_sql[] =
    "SELECT c.public_id, p.public_id, (SELECT o.name FROM organisations o WHERE o.id = c.org_id),"
    " c.status, c.consent_status, c.consent_party, c.consent_on, c.decision, c.next_step,"
    " c.next_step_due, c.opened_at, c.last_progress_at, c.closed_at,"
    " (SELECT u.role FROM users u WHERE u.id = c.owner_id)"
    " FROM cases c JOIN persons p ON p.id = c.person_id WHERE c.person_id = $1"
    " AND ($2 = 0 OR c.org_id = $2) ORDER BY c.id";
static const char consultations_sql[] =
    "SELECT c.public_id, k.public_id, c.held_on, c.participants, c.content_enc, c.question_type,"
    " c.outcome, c.next_meeting, c.anonymous,"
    " (SELECT u.role FROM users u WHERE u.id = c.created_by), c.created_at"
    " FROM consultations c JOIN cases k ON k.id = c.case_id WHERE k.person_id = $1"
    " AND ($2 = 0 OR k.org_id = $2) ORDER BY c.id";
static const char actions_sql[] =
    "SELECT c.public_id, k.public_id, c.description_enc, c.due_on, c.done_at,"
    " (SELECT u.role FROM users u WHERE u.id = c.owner_id), c.created_at"
    " FROM case_actions c JOIN cases k ON k.id = c.case_id WHERE k.person_id = $1"
    " AND ($2 = 0 OR k.org_id = $2) ORDER BY c.id";
static const char steps_sql[] =
    "SELECT m.public_id, k.public_id, m.step, m.summary_enc, m.answers, m.advised, m.decision,"
    " m.deviation_enc, (SELECT u.role FROM users u WHERE u.id = m.recorded_by), m.recorded_at"
    " FROM meldcode_steps m JOIN cases k ON k.id = m.case_id WHERE k.person_id = $1"
    " AND ($2 = 0 OR k.org_id = $2) ORDER BY m.id";
static const char referrals_sql[] =
    "SELECT r.public_id, p.public_id,"
    " (SELECT o.name FROM organisations o WHERE o.id = r.from_org_id),"
    " (SELECT o.name FROM organisations o WHERE o.id = r.to_org_id), r.purpose, r.note_enc,"
    " r.legal_basis, r.consent_party, r.consent_on, r.override_reason_enc, r.shares,"
    " r.snapshot_enc, r.transfer, r.status, r.decline_reason_enc, r.created_at, r.updated_at"
    " FROM referrals r JOIN persons p ON p.id = r.person_id WHERE r.person_id = $1"
    " AND ($2 = 0 OR r.from_org_id = $2 OR r.to_org_id = $2) ORDER BY r.id";
static const char screenings_sql[] =
    "SELECT s.public_id, p.public_id,"
    " (SELECT o.name FROM organisations o WHERE o.id = s.police_org_id),"
    " (SELECT u.role FROM users u WHERE u.id = s.officer_id), s.arrested_on, s.offence,"
    " s.outside_region, s.answers, s.notes_enc, s.account_enc, s.advised_signs, s.advised_rule,"
    " s.confirmed_signs, s.confirm_reason_enc, s.status, s.completed_at,"
    " (SELECT o.name FROM organisations o WHERE o.id = s.om_org_id), s.received_at, s.created_at"
    " FROM screenings s JOIN persons p ON p.id = s.person_id WHERE s.person_id = $1"
    " AND ($2 = 0 OR s.police_org_id = $2 OR s.om_org_id = $2) ORDER BY s.id";
static const char decisions_sql[] =
    "SELECT d.public_id, s.public_id, (SELECT o.name FROM organisations o WHERE o.id = d.om_org_id),"
    " (SELECT u.role FROM users u WHERE u.id = d.prosecutor_id), d.decision, d.ground, d.due_on,"
    " d.reasoning_enc, d.possible_victim, d.victim_of_enc, d.expert_group,"
    " d.financial_investigation, d.decided_at"
    " FROM prosecution_decisions d JOIN screenings s ON s.id = d.screening_id"
    " WHERE s.person_id = $1 AND ($2 = 0 OR s.police_org_id = $2 OR s.om_org_id = $2)"
    " ORDER BY d.id";
static const char diversions_sql[] =
    "SELECT d.public_id, s.public_id, d.kind, d.note_enc,"
    " (SELECT o.name FROM organisations o JOIN users u ON u.org_id = o.id"
    " WHERE u.id = d.recorded_by),"
    " (SELECT u.role FROM users u WHERE u.id = d.recorded_by), d.recorded_at"
    " FROM diversions d JOIN screenings s ON s.id = d.screening_id"
    " WHERE s.person_id = $1 AND ($2 = 0 OR s.police_org_id = $2 OR s.om_org_id = $2)"
    " ORDER BY d.id";
static const char comensha_sql[] =
    "SELECT c.public_id, (SELECT s.public_id FROM screenings s WHERE s.id = c.screening_id),"
    " (SELECT o.name FROM organisations o WHERE o.id = c.org_id),"
    " (SELECT u.role FROM users u WHERE u.id = c.reported_by), c.reported_on, c.what,"
    " c.note_enc, c.created_at FROM comensha_reports c WHERE c.person_id = $1"
    " AND ($2 = 0 OR c.org_id = $2 OR EXISTS (SELECT 1 FROM screenings s"
    " WHERE s.id = c.screening_id AND (s.police_org_id = $2 OR s.om_org_id = $2)))"
    " ORDER BY c.id";
static const char enrolments_sql[] =
    "SELECT e.public_id, (SELECT o.name FROM organisations o WHERE o.id = e.org_id),"
    " e.programme_id, e.catalogue_version, e.status, e.reason_enc, e.enrolled_on, e.outcome,"
    " e.outcome_note_enc, (SELECT u.role FROM users u WHERE u.id = e.created_by), e.created_at,"
    " e.updated_at FROM enrolments e WHERE e.person_id = $1 AND ($2 = 0 OR e.org_id = $2)"
    " ORDER BY e.id";
static const char milestones_sql[] =
    "SELECT e.public_id, e.public_id || '#' || CAST(m.id AS TEXT), m.on_date, m.kind,"
    " m.note_enc, (SELECT u.role FROM users u WHERE u.id = m.recorded_by), m.recorded_at"
    " FROM enrolment_milestones m JOIN enrolments e ON e.id = m.enrolment_id"
    " WHERE e.person_id = $1 AND ($2 = 0 OR e.org_id = $2) ORDER BY m.id";
static const char clocks_sql[] =
    "SELECT c.public_id, c.rule_id, c.rules_version, c.subject_type, c.subject_id,"
    " (SELECT o.name FROM organisations o WHERE o.id = c.org_id), c.started_at, c.due_on,"
    " c.stopped_at, c.stop_event, c.missed, c.escalated_at FROM clocks c"
    " WHERE c.person_id = $1 AND ($2 = 0 OR c.org_id = $2) ORDER BY c.id";
/* The registration's own professional's contact is theirs, not the child's:
 * it is left out. */
#define CONCERN_COLS                                                                               \
    "SELECT c.public_id, (SELECT o.name FROM organisations o WHERE o.id = c.org_id),"              \
    " (SELECT u.role FROM users u WHERE u.id = c.registered_by), c.ground, c.identity_enc,"        \
    " c.registered_at, c.ends_on, c.ended_on, c.end_reason FROM concerns c WHERE "
static const char concerns_bsn_sql[] =
    CONCERN_COLS "c.bsn_key = $1 AND c.bsn_key <> '' AND ($2 = 0 OR c.org_id = $2) ORDER BY c.id";
static const char concerns_name_sql[] =
    CONCERN_COLS "c.name_key = $1 AND ($2 = 0 OR c.org_id = $2) ORDER BY c.id";
#define MATCH_COLS                                                                                 \
    "SELECT m.public_id, c.public_id, m.kind, m.reason, m.status,"                                 \
    " (SELECT o.name FROM concerns x JOIN organisations o ON o.id = x.org_id"                      \
    " WHERE x.id = CASE WHEN m.concern_a = c.id THEN m.concern_b ELSE m.concern_a END),"           \
    " (SELECT o.name FROM concerns x JOIN organisations o ON o.id = x.org_id"                      \
    " WHERE x.id = m.lead_concern), m.contact_at, m.lead_at, m.due_on, m.created_at,"              \
    " m.updated_at FROM concern_matches m"                                                         \
    " JOIN concerns c ON c.id = m.concern_a OR c.id = m.concern_b WHERE "
static const char matches_bsn_sql[] =
    MATCH_COLS "c.bsn_key = $1 AND c.bsn_key <> '' AND ($2 = 0 OR c.org_id = $2) ORDER BY m.id";
static const char matches_name_sql[] =
    MATCH_COLS "c.name_key = $1 AND ($2 = 0 OR c.org_id = $2) ORDER BY m.id";
/* The other end of a relation: an entity's kind and key (a phone, an
 * address ...), or only "person": another person is never named. */
static const char relations_sql[] =
    "SELECT r.public_id, r.type, CASE WHEN r.from_node = n.id THEN 'from' ELSE 'to' END,"
    " CASE WHEN x.person_id <> 0 THEN 'person' ELSE e.kind END, e.public_id, e.key_enc,"
    " r.confidence, r.first_seen, r.last_seen, r.source_type,"
    " (SELECT o.name FROM organisations o WHERE o.id = r.org_id), r.created_at, r.retired_at,"
    " r.retire_reason FROM network_nodes n"
    " JOIN network_relations r ON r.from_node = n.id OR r.to_node = n.id"
    " JOIN network_nodes x ON x.id = CASE WHEN r.from_node = n.id THEN r.to_node"
    " ELSE r.from_node END"
    " LEFT JOIN network_entities e ON e.id = x.entity_id AND x.entity_id <> 0"
    " WHERE n.person_id = $1 AND ($2 = 0 OR r.org_id = $2) ORDER BY r.id";
static const char access_sql[] =
    "SELECT a.seq, a.at, (SELECT o.name FROM organisations o WHERE o.public_id = a.org_id),"
    " a.role, a.user_id, a.action, a.record_type, a.record_id, a.purpose FROM audit_log a"
    " WHERE a.person_id = $1 AND ($2 = '' OR a.org_id = $2) ORDER BY a.seq DESC LIMIT $3";
static const char access_count_sql[] =
    "SELECT COUNT(*) FROM audit_log a WHERE a.person_id = $1 AND ($2 = '' OR a.org_id = $2)";

#define T(name) {name, 't', NULL, NULL}
#define I(name) {name, 'i', NULL, NULL}
#define J(name) {name, 'j', NULL, NULL}
#define X(name) {name, 'x', NULL, NULL}
#define ENC(name, ad, bind) {name, 'e', ad, bind}
#define ENC_JSON(name, ad, bind) {name, 'E', ad, bind}
#define END {NULL, 0, NULL, NULL}

static const subj_kind kinds[] = {
    {"persons", SUBJECT_BY_PERSON, persons_sql, NULL, NULL,
     {T("id"), ENC("name_enc", "persons.name", "id"), ENC("bsn_enc", "persons.bsn", "id"),
      ENC("birth_date_enc", "persons.birth_date", "id"), T("gender"), T("municipality"),
      T("recorded_by"), T("recorded_by_role"), T("created_at"), END}},
    {"parties", SUBJECT_BY_PERSON, parties_sql, NULL, NULL,
     {T("person_id"), T("organisation"), T("organisation_type"), T("basis"), T("granted_at"),
      END}},
    {"signals", SUBJECT_BY_PERSON, signals_sql, NULL, NULL,
     {T("id"), T("person_id"), T("observed_on"), T("setting"),
      ENC("observation_enc", "signals.observation", "id"), I("catalogue_version"),
      T("recorded_by"), T("recorded_by_role"), T("created_at"), END}},
    {"signal_indicators", SUBJECT_BY_PERSON, indicators_sql, NULL, NULL,
     {T("signal_id"), T("code"), T("kind"), T("indicator_nl"), T("indicator_en"), END}},
    {"disclosures", SUBJECT_BY_PERSON, disclosures_sql, NULL, NULL,
     {T("signal_id"), T("referral_id"), T("from"), T("to"), T("at"), END}},
    {"cases", SUBJECT_BY_PERSON, cases_sql, NULL, NULL,
     {T("id"), T("person_id"), T("organisation"), T("status"), T("consent_status"),
      T("consent_party"), T("consent_on"), T("decision"), I("next_step"), T("next_step_due"),
      T("opened_at"), T("last_progress_at"), T("closed_at"), T("owner_role"), END}},
    {"consultations", SUBJECT_BY_PERSON, consultations_sql, NULL, NULL,
     {T("id"), T("case_id"), T("held_on"), T("participants"),
      ENC_JSON("content_enc", "consultations.content", "id"), T("question_type"), T("outcome"),
      T("next_meeting"), I("anonymous"), T("recorded_by_role"), T("created_at"), END}},
    {"case_actions", SUBJECT_BY_PERSON, actions_sql, NULL, NULL,
     {T("id"), T("case_id"), ENC("description_enc", "case_actions.description", "id"),
      T("due_on"), T("done_at"), T("owner_role"), T("created_at"), END}},
    {"meldcode_steps", SUBJECT_BY_PERSON, steps_sql, NULL, NULL,
     {T("id"), T("case_id"), I("step"), ENC("summary_enc", "meldcode_steps.summary", "id"),
      T("answers"), T("advised"), T("decision"),
      ENC("deviation_enc", "meldcode_steps.deviation", "id"), T("recorded_by_role"),
      T("created_at"), END}},
    {"referrals", SUBJECT_BY_PERSON, referrals_sql, NULL, NULL,
     {T("id"), T("person_id"), T("from"), T("to"), T("purpose"),
      ENC("note_enc", "referrals.note", "id"), T("legal_basis"), T("consent_party"),
      T("consent_on"), ENC("override_reason_enc", "referrals.override_reason", "id"), T("shares"),
      ENC_JSON("snapshot_enc", "referrals.snapshot", "id"), I("transfer"), T("status"),
      ENC("decline_reason_enc", "referrals.decline_reason", "id"), T("created_at"),
      T("updated_at"), END}},
    {"screenings", SUBJECT_BY_PERSON, screenings_sql, NULL, NULL,
     {T("id"), T("person_id"), T("police"), T("officer_role"), T("arrested_on"), T("offence"),
      I("outside_region"), T("answers"), ENC_JSON("notes_enc", "screenings.notes", "id"),
      ENC("account_enc", "screenings.account", "id"), T("advised_signs"), T("advised_rule"),
      T("confirmed_signs"), ENC("confirm_reason_enc", "screenings.confirm_reason", "id"),
      T("status"), T("completed_at"), T("om"), T("received_at"), T("created_at"), END}},
    {"decisions", SUBJECT_BY_PERSON, decisions_sql, NULL, NULL,
     {T("id"), T("screening_id"), T("om"), T("recorded_by_role"), T("decision"), T("ground"),
      T("due_on"), ENC("reasoning_enc", "prosecution_decisions.reasoning", "id"),
      I("possible_victim"), ENC("victim_of_enc", "prosecution_decisions.victim_of", "id"),
      I("expert_group"), I("financial_investigation"), T("decided_at"), END}},
    {"diversions", SUBJECT_BY_PERSON, diversions_sql, NULL, NULL,
     {T("id"), T("screening_id"), T("kind"), ENC("note_enc", "diversions.note", "id"),
      T("recorded_by"), T("recorded_by_role"), T("created_at"), END}},
    {"comensha_reports", SUBJECT_BY_PERSON, comensha_sql, NULL, NULL,
     {T("id"), T("screening_id"), T("recorded_by"), T("recorded_by_role"), T("reported_on"),
      T("what"), ENC("note_enc", "comensha_reports.note", "id"), T("created_at"), END}},
    {"enrolments", SUBJECT_BY_PERSON, enrolments_sql, NULL, NULL,
     {T("id"), T("organisation"), T("programme_id"), I("catalogue_version"), T("status"),
      ENC("reason_enc", "enrolments.reason", "id"), T("enrolled_on"), T("outcome"),
      ENC("outcome_note_enc", "enrolments.outcome_note", "id"), T("recorded_by_role"),
      T("created_at"), T("updated_at"), END}},
    {"enrolment_milestones", SUBJECT_BY_PERSON, milestones_sql, NULL, NULL,
     {T("enrolment_id"), X("ad_id"), T("on_date"), T("kind"),
      ENC("note_enc", "enrolment_milestones.note", "ad_id"), T("recorded_by_role"),
      T("created_at"), END}},
    {"clocks", SUBJECT_BY_PERSON, clocks_sql, NULL, NULL,
     {T("id"), T("rule_id"), I("rules_version"), T("subject_type"), T("subject_id"),
      T("organisation"), T("started_at"), T("due_on"), T("stopped_at"), T("stop_event"),
      I("missed"), T("escalated_at"), END}},
    {"concerns", SUBJECT_BY_KEY, concerns_bsn_sql, concerns_name_sql, NULL,
     {T("id"), T("organisation"), T("recorded_by_role"), T("ground"),
      ENC_JSON("identity_enc", "concerns.identity", "id"), T("registered_at"), T("ends_on"),
      T("ended_on"), T("end_reason"), END}},
    {"concern_matches", SUBJECT_BY_KEY, matches_bsn_sql, matches_name_sql, NULL,
     {T("id"), T("concern_id"), T("kind"), T("reason"), T("status"), T("other_organisation"),
      T("lead_organisation"), T("contact_at"), T("lead_at"), T("due_on"), T("created_at"),
      T("updated_at"), END}},
    {"network_relations", SUBJECT_BY_PERSON, relations_sql, NULL, NULL,
     {T("id"), T("type"), T("direction"), T("other_kind"), X("ad_id"),
      ENC("other_key_enc", "network_entities.key", "ad_id"), T("confidence"), T("first_seen"),
      T("last_seen"), T("source_type"), T("organisation"), T("created_at"), T("retired_at"),
      T("retire_reason"), END}},
    {"access_log", SUBJECT_BY_PSEUDONYM, access_sql, NULL, access_count_sql,
     {I("seq"), T("at"), T("organisation"), T("role"), T("user_id"), T("action"),
      T("record_type"), T("record_id"), T("purpose"), END}},
};
// clang-format on

static const subj_kind *find_kind(const char *kind)
{
    for (size_t i = 0; kind && i < sizeof kinds / sizeof kinds[0]; i++)
        if (strcmp(kinds[i].kind, kind) == 0)
            return &kinds[i];
    return NULL;
}

int store_subject_kind(const char *kind, subject_by *by)
{
    const subj_kind *k = find_kind(kind);
    if (!k)
        return SG_ENOTFOUND;
    *by = k->by;
    return SG_OK;
}

static int prepare(store_tx *tx, const subj_kind *k, const subject_query *q, const char *sql,
                   store_stmt **st)
{
    switch (k->by) {
    case SUBJECT_BY_PERSON:
        return q_prepare(tx, sql, st, "ii", q->person_id, q->org_id);
    case SUBJECT_BY_KEY:
        return q_prepare(tx, sql, st, "ti", q->key, q->org_id);
    case SUBJECT_BY_PSEUDONYM:
        return q_prepare(tx, sql, st, "tti", q->key, q->org_pid ? q->org_pid : "",
                         (int64_t)(q->limit > 0 ? q->limit : 1000000));
    }
    return SG_EINTERNAL;
}

int store_subject_each(store_tx *tx, const subject_query *q, subject_row_fn fn, void *ctx)
{
    const subj_kind *k = find_kind(q->kind);
    if (!k)
        return SG_ENOTFOUND;
    const char *sql = k->by == SUBJECT_BY_KEY && !q->key_is_bsn ? k->sql_name : k->sql;
    store_stmt *st = NULL;
    int rc = prepare(tx, k, q, sql, &st);
    if (rc != SG_OK)
        return rc;
    subject_value values[MAX_COLS];
    int n = 0;
    while (n < MAX_COLS && k->cols[n].name)
        n++;
    for (;;) {
        rc = q_step(st);
        if (rc != 1)
            break;
        for (int c = 0; c < n; c++) {
            subject_value *v = &values[c];
            memset(v, 0, sizeof *v);
            v->name = k->cols[c].name;
            v->type = k->cols[c].type;
            v->ad = k->cols[c].ad;
            v->bind = k->cols[c].bind;
            v->null = q_null(st, c);
            if (v->null)
                continue;
            if (v->type == 'i')
                v->i = q_int(st, c);
            else if (v->type == 'e' || v->type == 'E')
                v->blob = q_blob(st, c, &v->len);
            else
                v->text = q_text(st, c);
        }
        rc = fn(q->kind, values, n, ctx);
        if (rc != SG_OK)
            break;
    }
    q_done(st);
    return rc;
}

int store_subject_count(store_tx *tx, const subject_query *q, int64_t *n)
{
    const subj_kind *k = find_kind(q->kind);
    *n = 0;
    if (!k || !k->count)
        return SG_ENOTFOUND;
    return q_int64(tx, k->count, n, "tt", q->key, q->org_pid ? q->org_pid : "");
}

int store_subject_persons_by_bsn(store_tx *tx, const char *bsn_key, int64_t org_id, int64_t *ids,
                                 int max, int *n)
{
    store_stmt *st = NULL;
    *n = 0;
    int rc = q_prepare(tx,
                       "SELECT p.id FROM persons p WHERE p.bsn_key = $1 AND ($2 = 0 OR EXISTS"
                       " (SELECT 1 FROM person_access a WHERE a.person_id = p.id"
                       " AND a.org_id = $2)) ORDER BY p.id LIMIT $3",
                       &st, "tii", bsn_key, org_id, (int64_t)max);
    if (rc != SG_OK)
        return rc;
    for (;;) {
        rc = q_step(st);
        if (rc != 1 || *n >= max)
            break;
        ids[(*n)++] = q_int(st, 0);
    }
    q_done(st);
    return rc < 0 ? rc : SG_OK;
}
