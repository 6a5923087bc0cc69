/*
 * routes_chain.c - the chain between organisations: referrals, clocks and
 * notifications, police screenings, diversions, the OM's decisions and
 * interventions.  See routes.c for the shape of an entry.
 */
#include "domain/sharing.h"
#include "http/h_chain.h"
#include "http/h_network.h"

/* The tables below are laid out by hand for reading. */
// clang-format off
#define END {.type = FT_END}
#define RO (F_READONLY | F_REQUIRED)

static const char *const referral_statuses[] = {"acknowledged", "accepted", "declined",
                                                "completed", "revoked", NULL};
static const char *const consent_parties[] = {"parent", "pupil", "pupil-and-parent", NULL};
static const char *const signs[] = {"none", "possible", "strong", NULL};
static const char *const answers[] = {"yes", "no", "unknown", NULL};
static const char *const enrolment_statuses[] = {"enrolled", "completed", "stopped", NULL};
static const char *const outcomes[] = {"goals-met", "partly-met", "not-met", "dropped-out",
                                       "moved", NULL};
static const char *const milestone_kinds[] = {"attended", "missed", "milestone", NULL};

static const field_spec uuid_item = {.name = "id", .type = FT_STRING, .format = "uuid"};
static const field_spec part_item = {.name = "part", .type = FT_STRING, .values = sharing_parts};

/* ---- request bodies --------------------------------------------------- */

static const field_spec referral_in[] = {
    {.name = "person_id", .type = FT_STRING, .flags = F_REQUIRED, .format = "uuid"},
    {.name = "case_id", .type = FT_STRING, .format = "uuid",
     .description = "a case of yours about this child, to share from or hand over"},
    {.name = "to", .type = FT_STRING, .flags = F_REQUIRED, .format = "uuid",
     .description = "the receiving organisation"},
    {.name = "purpose", .type = FT_STRING, .flags = F_REQUIRED, .values = sharing_purposes},
    {.name = "note", .type = FT_STRING, .max = 2000, .description = "why, for the receiver"},
    {.name = "legal_basis", .type = FT_STRING, .flags = F_REQUIRED, .values = sharing_bases,
     .description = "consent (parent under 16, the young person from 16); meldrecht (reports"
                    " to Veilig Thuis); statutory-task; override (audited, reported to the"
                    " privacy officer)"},
    {.name = "consent_party", .type = FT_STRING, .values = consent_parties,
     .description = "who consented: the published consent rules say whose consent counts at the"
                    " child's age for this receiver (GET /api/v1/consent-rules)"},
    {.name = "consent_on", .type = FT_STRING, .format = "date"},
    {.name = "override_reason", .type = FT_STRING, .max = 2000},
    {.name = "shares", .type = FT_ARRAY, .flags = F_REQUIRED, .min = 1, .max = 8,
     .fields = &part_item, .description = "what the receiver may see, and nothing else"},
    {.name = "signal_ids", .type = FT_ARRAY, .max = 20, .fields = &uuid_item,
     .description = "the signals shared (default: the case's)"},
    {.name = "subject_id", .type = FT_STRING, .format = "uuid",
     .description = "the screening or decision shared"},
    {.name = "transfer", .type = FT_BOOLEAN,
     .description = "hand the case over once the receiver accepts"},
    END};

static const field_spec referral_patch[] = {
    {.name = "status", .type = FT_STRING, .flags = F_REQUIRED, .values = referral_statuses,
     .description = "the receiver acknowledges, accepts, declines or completes; the sender"
                    " revokes before acceptance"},
    {.name = "reason", .type = FT_STRING, .max = 2000, .description = "required to decline"},
    END};

static const field_spec read_patch[] = {
    {.name = "read", .type = FT_BOOLEAN, .flags = F_REQUIRED}, END};

static const field_spec answer_fields[] = {
    {.name = "answer", .type = FT_STRING, .flags = F_REQUIRED, .values = answers},
    {.name = "note", .type = FT_STRING, .max = 1000}, END};

/* The answers object is keyed by question id (see GET /screening-rules):
 * described here, checked against the published questions by the service. */
static const field_spec screening_in[] = {
    {.name = "person_id", .type = FT_STRING, .flags = F_REQUIRED, .format = "uuid"},
    {.name = "arrested_on", .type = FT_STRING, .flags = F_REQUIRED, .format = "date"},
    {.name = "offence", .type = FT_STRING, .flags = F_REQUIRED, .max = 32,
     .description = "an offence id of the screening rules"},
    {.name = "outside_region", .type = FT_BOOLEAN,
     .description = "arrested outside the youth's home region"},
    {.name = "answers", .type = FT_OBJECT, .flags = F_OPEN, .fields = answer_fields,
     .description = "{question id: {answer: yes|no|unknown, note}}"},
    {.name = "account", .type = FT_STRING, .max = 5000, .description = "the youth's own account"},
    {.name = "relations", .type = FT_ARRAY, .max = 20, .fields = &network_screening_relation_item,
     .description = "who recruited or directed the youth, who was arrested with them"},
    END};

static const field_spec screening_patch[] = {
    {.name = "arrested_on", .type = FT_STRING, .format = "date"},
    {.name = "offence", .type = FT_STRING, .max = 32},
    {.name = "outside_region", .type = FT_BOOLEAN},
    {.name = "answers", .type = FT_OBJECT, .flags = F_OPEN, .fields = answer_fields},
    {.name = "account", .type = FT_STRING, .max = 5000},
    {.name = "relations", .type = FT_ARRAY, .max = 20, .fields = &network_screening_relation_item,
     .description = "more relations of the youth (also after completion)"},
    END};

static const field_spec completion_in[] = {
    {.name = "signs", .type = FT_STRING, .flags = F_REQUIRED, .values = signs,
     .description = "the signs of exploitation as the officer confirms them"},
    {.name = "reason", .type = FT_STRING, .flags = F_REQUIRED, .min = 1, .max = 5000},
    {.name = "om", .type = FT_STRING, .flags = F_REQUIRED, .format = "uuid",
     .description = "the OM office the screening is handed to"},
    END};

static const field_spec diversion_in[] = {
    {.name = "screening_id", .type = FT_STRING, .flags = F_REQUIRED, .format = "uuid"},
    {.name = "kind", .type = FT_STRING, .flags = F_REQUIRED, .max = 32,
     .description = "a diversion of the published rules (GET /prosecution-rules): halt, reprimand"},
    {.name = "note", .type = FT_STRING, .max = 1000}, END};

static const field_spec decision_in[] = {
    {.name = "screening_id", .type = FT_STRING, .flags = F_REQUIRED, .format = "uuid"},
    {.name = "decision", .type = FT_STRING, .flags = F_REQUIRED, .max = 47,
     .description = "a decision of the published rules (GET /prosecution-rules)"},
    {.name = "ground", .type = FT_STRING, .flags = F_REQUIRED, .max = 47,
     .description = "one of the decision's legal grounds in the published rules"},
    {.name = "reasoning", .type = FT_STRING, .flags = F_REQUIRED, .min = 1, .max = 5000,
     .description = "the legal reasoning"},
    {.name = "financial_investigation", .type = FT_BOOLEAN,
     .description = "a financial investigation was started (Aanwijzing mensenhandel)"},
    {.name = "due_on", .type = FT_STRING, .format = "date",
     .description = "a decision that is not final (further investigation): by when"},
    {.name = "possible_victim", .type = FT_BOOLEAN,
     .description = "the youth is treated as a possible victim"},
    {.name = "victim_of", .type = FT_STRING, .max = 1000, .description = "of whom, when known"},
    {.name = "victim_of_ids", .type = FT_ARRAY, .max = 20, .fields = &network_end_item,
     .description = "the exploiters as ids or ext:KIND:KEY: recorded as relations"},
    {.name = "expert_group", .type = FT_STRING, .format = "uuid",
     .description = "refer this complex case to the national expert group (its organisation)"},
    END};

static const field_spec enrolment_in[] = {
    {.name = "person_id", .type = FT_STRING, .flags = F_REQUIRED, .format = "uuid"},
    {.name = "programme_id", .type = FT_STRING, .flags = F_REQUIRED, .min = 1, .max = 63},
    {.name = "reason", .type = FT_STRING, .max = 2000, .description = "why this programme fits"},
    END};

static const field_spec milestone_in[] = {
    {.name = "on", .type = FT_STRING, .flags = F_REQUIRED, .format = "date"},
    {.name = "kind", .type = FT_STRING, .flags = F_REQUIRED, .values = milestone_kinds},
    {.name = "note", .type = FT_STRING, .max = 2000}, END};

static const field_spec enrolment_patch[] = {
    {.name = "status", .type = FT_STRING, .values = enrolment_statuses},
    {.name = "enrolled_on", .type = FT_STRING, .format = "date"},
    {.name = "outcome", .type = FT_STRING, .values = outcomes},
    {.name = "outcome_note", .type = FT_STRING, .max = 2000},
    {.name = "milestone", .type = FT_OBJECT, .fields = milestone_in,
     .description = "an attendance milestone to add"},
    END};

/* ---- answers ---------------------------------------------------------- */

static const field_spec org_ref[] = {
    {.name = "id", .type = FT_STRING, .flags = RO, .format = "uuid"},
    {.name = "name", .type = FT_STRING, .flags = RO},
    {.name = "type", .type = FT_STRING, .flags = RO}, END};
static const field_spec lang_out[] = {
    {.name = "nl", .type = FT_STRING, .flags = RO},
    {.name = "en", .type = FT_STRING, .flags = RO}, END};
static const field_spec clock_rule_out[] = {
    {.name = "id", .type = FT_STRING, .flags = RO},
    {.name = "text", .type = FT_OBJECT, .flags = F_READONLY | F_NULLABLE, .fields = lang_out},
    END};
static const field_spec clock_out[] = {
    {.name = "id", .type = FT_STRING, .flags = RO, .format = "uuid"},
    {.name = "rule", .type = FT_OBJECT, .flags = RO, .fields = clock_rule_out},
    {.name = "subject_type", .type = FT_STRING, .flags = RO},
    {.name = "subject_id", .type = FT_STRING, .flags = RO, .format = "uuid"},
    {.name = "person_id", .type = FT_STRING, .flags = RO},
    {.name = "responsible", .type = FT_OBJECT, .flags = F_READONLY, .fields = org_ref},
    {.name = "started_at", .type = FT_STRING, .flags = RO, .format = "date-time"},
    {.name = "due_on", .type = FT_STRING, .flags = RO, .format = "date"},
    {.name = "running", .type = FT_BOOLEAN, .flags = RO},
    {.name = "overdue", .type = FT_BOOLEAN, .flags = RO},
    {.name = "missed", .type = FT_BOOLEAN, .flags = RO},
    {.name = "stopped_at", .type = FT_STRING, .flags = F_READONLY},
    {.name = "escalated_at", .type = FT_STRING, .flags = F_READONLY}, END};
static const field_spec clock_item = {.name = "clock", .type = FT_OBJECT, .fields = clock_out};
static const field_spec clocks_out[] = {
    {.name = "items", .type = FT_ARRAY, .flags = RO, .fields = &clock_item}, END};

static const field_spec string_item = {.name = "item", .type = FT_STRING};
static const field_spec shared_out[] = {
    {.name = "signals", .type = FT_ARRAY, .flags = F_READONLY, .fields = &string_item},
    {.name = "care_question", .type = FT_OBJECT, .flags = F_READONLY | F_OPEN},
    {.name = "consultations", .type = FT_ARRAY, .flags = F_READONLY, .fields = &string_item},
    {.name = "meldcode", .type = FT_OBJECT, .flags = F_READONLY | F_OPEN},
    {.name = "screening", .type = FT_OBJECT, .flags = F_READONLY | F_OPEN},
    {.name = "decision", .type = FT_OBJECT, .flags = F_READONLY | F_OPEN}, END};
static const field_spec ref_person_out[] = {
    {.name = "id", .type = FT_STRING, .flags = RO, .format = "uuid"},
    {.name = "birth_year", .type = FT_INTEGER, .flags = RO},
    {.name = "name", .type = FT_STRING, .flags = F_READONLY,
     .description = "only when the identity is shared"},
    {.name = "birth_date", .type = FT_STRING, .flags = F_READONLY, .format = "date"}, END};
static const field_spec consent_out[] = {
    {.name = "party", .type = FT_STRING, .flags = F_READONLY | F_NULLABLE},
    {.name = "on", .type = FT_STRING, .flags = F_READONLY | F_NULLABLE}, END};
static const field_spec referral_out[] = {
    {.name = "id", .type = FT_STRING, .flags = RO, .format = "uuid"},
    {.name = "status", .type = FT_STRING, .flags = RO},
    {.name = "purpose", .type = FT_STRING, .flags = RO, .values = sharing_purposes},
    {.name = "note", .type = FT_STRING, .flags = F_READONLY | F_NULLABLE},
    {.name = "legal_basis", .type = FT_STRING, .flags = RO, .values = sharing_bases},
    {.name = "consent", .type = FT_OBJECT, .flags = RO, .fields = consent_out},
    {.name = "override_reason", .type = FT_STRING, .flags = F_READONLY | F_NULLABLE,
     .description = "shown to the sender only"},
    {.name = "shares", .type = FT_ARRAY, .flags = RO, .fields = &part_item},
    {.name = "transfer", .type = FT_BOOLEAN, .flags = RO},
    {.name = "from", .type = FT_OBJECT, .flags = RO, .fields = org_ref},
    {.name = "sent_by", .type = FT_STRING, .flags = RO},
    {.name = "to", .type = FT_OBJECT, .flags = RO, .fields = org_ref},
    {.name = "person", .type = FT_OBJECT, .flags = RO, .fields = ref_person_out},
    {.name = "shared", .type = FT_OBJECT, .flags = F_READONLY, .fields = shared_out,
     .description = "exactly what the sender shared; the receiver sees it while the referral"
                    " stands"},
    {.name = "decline_reason", .type = FT_STRING, .flags = F_READONLY | F_NULLABLE},
    {.name = "clocks", .type = FT_ARRAY, .flags = RO, .fields = &clock_item},
    {.name = "sent_by_me", .type = FT_BOOLEAN, .flags = RO},
    {.name = "case_id", .type = FT_STRING, .flags = F_READONLY, .format = "uuid"},
    {.name = "created_at", .type = FT_STRING, .flags = RO, .format = "date-time"},
    {.name = "updated_at", .type = FT_STRING, .flags = RO, .format = "date-time"},
    {.name = "version", .type = FT_INTEGER, .flags = RO}, END};

static const field_spec notification_out[] = {
    {.name = "id", .type = FT_STRING, .flags = RO, .format = "uuid"},
    {.name = "kind", .type = FT_STRING, .flags = RO},
    {.name = "record_type", .type = FT_STRING, .flags = RO},
    {.name = "record_id", .type = FT_STRING, .flags = RO},
    {.name = "title", .type = FT_OBJECT, .flags = RO, .fields = lang_out,
     .description = "who and what kind, never the content"},
    {.name = "from", .type = FT_STRING, .flags = RO},
    {.name = "created_at", .type = FT_STRING, .flags = RO, .format = "date-time"}, END};
static const field_spec notification_item = {.name = "notification", .type = FT_OBJECT,
                                             .fields = notification_out};
static const field_spec notifications_out[] = {
    {.name = "items", .type = FT_ARRAY, .flags = RO, .fields = &notification_item}, END};

static const field_spec count_out[] = {
    {.name = "rule", .type = FT_STRING, .flags = RO},
    {.name = "text", .type = FT_OBJECT, .flags = F_READONLY | F_NULLABLE, .fields = lang_out},
    {.name = "started", .type = FT_INTEGER, .flags = RO},
    {.name = "met", .type = FT_INTEGER, .flags = RO},
    {.name = "missed", .type = FT_INTEGER, .flags = RO},
    {.name = "running", .type = FT_INTEGER, .flags = RO},
    {.name = "overdue", .type = FT_INTEGER, .flags = RO}, END};
static const field_spec count_item = {.name = "count", .type = FT_OBJECT, .fields = count_out};
static const field_spec clock_report_out[] = {
    {.name = "items", .type = FT_ARRAY, .flags = RO, .fields = &count_item}, END};

static const field_spec advice_out[] = {
    {.name = "signs", .type = FT_STRING, .flags = RO, .values = signs},
    {.name = "rule", .type = FT_STRING, .flags = RO},
    {.name = "why", .type = FT_OBJECT, .flags = F_READONLY | F_NULLABLE, .fields = lang_out},
    {.name = "rules_version", .type = FT_INTEGER, .flags = RO}, END};
static const field_spec answer_out[] = {
    {.name = "question", .type = FT_STRING, .flags = RO},
    {.name = "text", .type = FT_OBJECT, .flags = RO, .fields = lang_out},
    {.name = "answer", .type = FT_STRING, .flags = F_READONLY, .values = answers},
    {.name = "note", .type = FT_STRING, .flags = F_READONLY}, END};
static const field_spec answer_item = {.name = "answer", .type = FT_OBJECT, .fields = answer_out};
static const field_spec confirmed_out[] = {
    {.name = "signs", .type = FT_STRING, .flags = RO, .values = signs},
    {.name = "reason", .type = FT_STRING, .flags = RO}, END};
static const field_spec decision_out[] = {
    {.name = "id", .type = FT_STRING, .flags = RO, .format = "uuid"},
    {.name = "decision", .type = FT_STRING, .flags = RO},
    {.name = "decided_at", .type = FT_STRING, .flags = RO, .format = "date-time"},
    {.name = "possible_victim", .type = FT_BOOLEAN, .flags = F_READONLY,
     .description = "absent where only the fact of the decision is shared"},
    {.name = "ground", .type = FT_STRING, .flags = F_READONLY | F_NULLABLE,
     .description = "the legal ground (null for decisions recorded before grounds)"},
    {.name = "financial_investigation", .type = FT_BOOLEAN, .flags = F_READONLY},
    {.name = "rules_version", .type = FT_INTEGER, .flags = F_READONLY},
    {.name = "screening_id", .type = FT_STRING, .flags = F_READONLY, .format = "uuid"},
    {.name = "reasoning", .type = FT_STRING, .flags = F_READONLY},
    {.name = "victim_of", .type = FT_STRING, .flags = F_READONLY | F_NULLABLE},
    {.name = "due_on", .type = FT_STRING, .flags = F_READONLY | F_NULLABLE, .format = "date"},
    {.name = "expert_group", .type = FT_BOOLEAN, .flags = F_READONLY},
    {.name = "prosecutor", .type = FT_OBJECT, .flags = F_READONLY | F_OPEN},
    {.name = "om", .type = FT_OBJECT, .flags = F_READONLY, .fields = org_ref}, END};
static const field_spec decision_item = {.name = "decision", .type = FT_OBJECT,
                                         .fields = decision_out};
static const field_spec diversion_out[] = {
    {.name = "id", .type = FT_STRING, .flags = RO, .format = "uuid"},
    {.name = "kind", .type = FT_STRING, .flags = RO},
    {.name = "recorded_by", .type = FT_OBJECT, .flags = RO | F_OPEN},
    {.name = "recorded_at", .type = FT_STRING, .flags = RO, .format = "date-time"}, END};
static const field_spec diversion_item = {.name = "diversion", .type = FT_OBJECT,
                                          .fields = diversion_out};
static const field_spec comensha_in[] = {
    {.name = "screening_id", .type = FT_STRING, .flags = F_REQUIRED, .format = "uuid"},
    {.name = "decision_id", .type = FT_STRING, .format = "uuid",
     .description = "the OM's decision that marked the possible victim, when the OM reports"},
    {.name = "reported_on", .type = FT_STRING, .flags = F_REQUIRED, .format = "date"},
    {.name = "what", .type = FT_STRING, .flags = F_REQUIRED, .max = 63,
     .description = "a kind of report of the published rules (GET /prosecution-rules)"},
    {.name = "note", .type = FT_STRING, .max = 1000}, END};
static const field_spec comensha_out[] = {
    {.name = "id", .type = FT_STRING, .flags = RO, .format = "uuid"},
    {.name = "screening_id", .type = FT_STRING, .flags = RO, .format = "uuid"},
    {.name = "decision_id", .type = FT_STRING, .flags = F_READONLY, .format = "uuid"},
    {.name = "reported_on", .type = FT_STRING, .flags = RO, .format = "date"},
    {.name = "what", .type = FT_STRING, .flags = RO},
    {.name = "note", .type = FT_STRING, .flags = F_READONLY},
    {.name = "by", .type = FT_OBJECT, .flags = RO | F_OPEN},
    {.name = "org", .type = FT_OBJECT, .flags = RO, .fields = org_ref},
    {.name = "created_at", .type = FT_STRING, .flags = RO, .format = "date-time"}, END};
static const field_spec comensha_item = {.name = "report", .type = FT_OBJECT,
                                         .fields = comensha_out};
static const field_spec comensha_box_out[] = {
    {.name = "offered", .type = FT_BOOLEAN, .flags = RO},
    {.name = "reports", .type = FT_ARRAY, .flags = RO, .fields = &comensha_item}, END};
static const field_spec received_out[] = {
    {.name = "at", .type = FT_STRING, .flags = RO, .format = "date-time"},
    {.name = "by", .type = FT_OBJECT, .flags = RO | F_OPEN}, END};
static const field_spec screening_out[] = {
    {.name = "id", .type = FT_STRING, .flags = RO, .format = "uuid"},
    {.name = "person_id", .type = FT_STRING, .flags = RO, .format = "uuid"},
    {.name = "police", .type = FT_OBJECT, .flags = RO, .fields = org_ref},
    {.name = "officer", .type = FT_OBJECT, .flags = RO | F_OPEN},
    {.name = "arrested_on", .type = FT_STRING, .flags = RO, .format = "date"},
    {.name = "offence", .type = FT_STRING, .flags = RO},
    {.name = "outside_region", .type = FT_BOOLEAN, .flags = RO},
    {.name = "answers", .type = FT_ARRAY, .flags = RO, .fields = &answer_item},
    {.name = "account", .type = FT_STRING, .flags = RO},
    {.name = "advice", .type = FT_OBJECT, .flags = RO, .fields = advice_out,
     .description = "advice by the published rules; the officer confirms"},
    {.name = "confirmed", .type = FT_OBJECT, .flags = F_READONLY | F_NULLABLE,
     .fields = confirmed_out},
    {.name = "status", .type = FT_STRING, .flags = RO,
     .values = (const char *const[]){"draft", "completed", NULL}},
    {.name = "completed_at", .type = FT_STRING, .flags = F_READONLY},
    {.name = "om", .type = FT_OBJECT, .flags = F_READONLY | F_NULLABLE, .fields = org_ref},
    {.name = "non_punishment_assessment", .type = FT_BOOLEAN, .flags = RO,
     .description = "possible or strong signs: the OM assesses non-punishment, the same day"},
    {.name = "comensha", .type = FT_OBJECT, .flags = F_READONLY, .fields = comensha_box_out,
     .description = "whether a report to CoMensha is offered, and the reports made"},
    {.name = "received", .type = FT_OBJECT, .flags = F_READONLY | F_NULLABLE,
     .fields = received_out, .description = "when and by whom the OM recorded receipt"},
    {.name = "diversions", .type = FT_ARRAY, .flags = F_READONLY, .fields = &diversion_item},
    {.name = "decisions", .type = FT_ARRAY, .flags = F_READONLY, .fields = &decision_item},
    {.name = "clocks", .type = FT_ARRAY, .flags = F_READONLY, .fields = &clock_item},
    {.name = "relations", .type = FT_ARRAY, .flags = F_READONLY,
     .fields = &network_screening_relation_out_item},
    {.name = "created_at", .type = FT_STRING, .flags = RO, .format = "date-time"},
    {.name = "version", .type = FT_INTEGER, .flags = RO}, END};

static const field_spec reason_out[] = {
    {.name = "criterion", .type = FT_STRING, .flags = RO,
     .values = (const char *const[]){"age", "region", "need", NULL}},
    {.name = "fits", .type = FT_BOOLEAN, .flags = RO},
    {.name = "text", .type = FT_OBJECT, .flags = RO, .fields = lang_out}, END};
static const field_spec reason_item = {.name = "reason", .type = FT_OBJECT, .fields = reason_out};
static const field_spec programme_out[] = {
    {.name = "id", .type = FT_STRING, .flags = RO},
    {.name = "name", .type = FT_STRING, .flags = RO},
    {.name = "provider", .type = FT_STRING, .flags = RO},
    {.name = "aim", .type = FT_OBJECT, .flags = RO, .fields = lang_out},
    {.name = "min_age", .type = FT_INTEGER, .flags = RO},
    {.name = "max_age", .type = FT_INTEGER, .flags = RO},
    {.name = "needs", .type = FT_ARRAY, .flags = RO, .fields = &string_item},
    {.name = "regions", .type = FT_ARRAY, .flags = RO, .fields = &string_item},
    {.name = "recognition", .type = FT_OBJECT, .flags = RO, .fields = lang_out},
    {.name = "target_group", .type = FT_OBJECT, .flags = RO, .fields = lang_out},
    {.name = "how_to_reach", .type = FT_OBJECT, .flags = RO, .fields = lang_out},
    {.name = "verified", .type = FT_BOOLEAN, .flags = RO,
     .description = "whether the description was checked against the public sources cited"},
    {.name = "source", .type = FT_OBJECT, .flags = RO, .fields = lang_out},
    {.name = "fits", .type = FT_BOOLEAN, .flags = F_READONLY},
    {.name = "reasons", .type = FT_ARRAY, .flags = F_READONLY, .fields = &reason_item}, END};
static const field_spec programme_item = {.name = "programme", .type = FT_OBJECT,
                                          .fields = programme_out};
static const field_spec fits_out[] = {
    {.name = "person_id", .type = FT_STRING, .flags = RO, .format = "uuid"},
    {.name = "age", .type = FT_INTEGER, .flags = RO},
    {.name = "municipality", .type = FT_STRING, .flags = RO},
    {.name = "catalogue_version", .type = FT_INTEGER, .flags = RO},
    {.name = "needs", .type = FT_ARRAY, .flags = RO, .fields = &string_item},
    {.name = "source", .type = FT_OBJECT, .flags = RO, .fields = lang_out},
    {.name = "items", .type = FT_ARRAY, .flags = RO, .fields = &programme_item}, END};
static const field_spec milestone_out[] = {
    {.name = "on", .type = FT_STRING, .flags = RO, .format = "date"},
    {.name = "kind", .type = FT_STRING, .flags = RO, .values = milestone_kinds},
    {.name = "note", .type = FT_STRING, .flags = F_READONLY},
    {.name = "recorded_by", .type = FT_OBJECT, .flags = RO | F_OPEN},
    {.name = "recorded_at", .type = FT_STRING, .flags = RO, .format = "date-time"}, END};
static const field_spec milestone_item = {.name = "milestone", .type = FT_OBJECT,
                                          .fields = milestone_out};
static const field_spec enrolment_out[] = {
    {.name = "id", .type = FT_STRING, .flags = RO, .format = "uuid"},
    {.name = "person_id", .type = FT_STRING, .flags = RO, .format = "uuid"},
    {.name = "programme_id", .type = FT_STRING, .flags = RO},
    {.name = "catalogue_version", .type = FT_INTEGER, .flags = RO},
    {.name = "status", .type = FT_STRING, .flags = RO,
     .values = (const char *const[]){"referred", "enrolled", "completed", "stopped", NULL}},
    {.name = "reason", .type = FT_STRING, .flags = F_READONLY},
    {.name = "enrolled_on", .type = FT_STRING, .flags = F_READONLY, .format = "date"},
    {.name = "outcome", .type = FT_STRING, .flags = F_READONLY, .values = outcomes},
    {.name = "outcome_note", .type = FT_STRING, .flags = F_READONLY},
    {.name = "milestones", .type = FT_ARRAY, .flags = RO, .fields = &milestone_item},
    {.name = "referred_by", .type = FT_OBJECT, .flags = RO | F_OPEN},
    {.name = "created_at", .type = FT_STRING, .flags = RO, .format = "date-time"},
    {.name = "updated_at", .type = FT_STRING, .flags = RO, .format = "date-time"}, END};
static const field_spec rules_doc_out[] = {
    {.name = "name", .type = FT_STRING, .flags = RO},
    {.name = "version", .type = FT_INTEGER, .flags = RO},
    {.name = "published_version", .type = FT_INTEGER, .flags = RO},
    {.name = "source", .type = FT_STRING, .flags = RO}, END};

const http_schema http_schemas_chain[] = {
    {"Referral", referral_out},         {"Clocks", clocks_out},
    {"Notifications", notifications_out}, {"ClockReport", clock_report_out},
    {"Screening", screening_out},       {"Decision", decision_out},
    {"ComenshaReport", comensha_out},
    {"InterventionFit", fits_out},      {"Enrolment", enrolment_out},
    {"PublishedRules", rules_doc_out},  {"OrganisationRef", org_ref},
    {NULL, NULL},
};

/* ---- query parameters -------------------------------------------------- */

static const query_param referrals_q[] = {
    {"box", "string", "in (received, the default) or out (sent)"},
    {"status", "string", "only referrals in this status"},
    {"cursor", "string", "next_cursor of the previous page"},
    {"limit", "integer", "items per page"},
    {NULL, NULL, NULL}};
static const query_param page_q[] = {
    {"cursor", "string", "next_cursor of the previous page"},
    {"limit", "integer", "items per page"},
    {NULL, NULL, NULL}};
static const query_param enrolments_q[] = {
    {"person_id", "string", "only this child's enrolments"},
    {"cursor", "string", "next_cursor of the previous page"},
    {"limit", "integer", "items per page"},
    {NULL, NULL, NULL}};
static const query_param clocks_q[] = {
    {"all", "boolean", "true: finished clocks too"}, {NULL, NULL, NULL}};
static const query_param fit_q[] = {
    {"needs", "string", "comma-separated needs of the catalogue to match"}, {NULL, NULL, NULL}};
static const query_param version_q[] = {
    {"version", "integer", "a published version (default: the newest)"}, {NULL, NULL, NULL}};

#define ADMIN_ANALYST                                                                              \
    (ROLE_BIT(ROLE_ADMINISTRATOR) | ROLE_BIT(ROLE_NATIONAL_ADMINISTRATOR) | ROLE_BIT(ROLE_ANALYST))

const route http_routes_chain[] = {
    {"GET", "/api/v1/organisation-directory", h_org_directory, ACCESS_SESSION, ROLES_ALL, NULL,
     page_q, 200, "OrganisationRef", "referrals", "listOrganisationDirectory",
     "The organisations a referral or a screening can be sent to", true},

    {"GET", "/api/v1/referrals", h_referral_list, ACCESS_SESSION, ROLES_ALL, NULL, referrals_q,
     200, "Referral", "referrals", "listReferrals", "Referrals received or sent", true},
    {"POST", "/api/v1/referrals", h_referral_create, ACCESS_SESSION, ROLES_ALL, referral_in, NULL,
     201, "Referral", "referrals", "createReferral",
     "Refer part of a child's file to another organisation, on a legal basis", false},
    {"GET", "/api/v1/referrals/{id}", h_referral_get, ACCESS_SESSION, ROLES_ALL, NULL, NULL, 200,
     "Referral", "referrals", "getReferral", "A referral with exactly what it shares", false},
    {"PATCH", "/api/v1/referrals/{id}", h_referral_update, ACCESS_SESSION, ROLES_ALL,
     referral_patch, NULL, 200, "Referral", "referrals", "updateReferral",
     "Acknowledge, accept, decline, complete or revoke a referral", false},

    {"GET", "/api/v1/clocks", h_clocks, ACCESS_SESSION, ROLES_ALL, NULL, clocks_q, 200, "Clocks",
     "clocks", "listClocks", "The clocks my organisation is responsible for", false},
    {"GET", "/api/v1/reports/clocks", h_clock_report, ACCESS_SESSION, ADMIN_ANALYST, NULL, NULL,
     200, "ClockReport", "clocks", "reportClocks",
     "Clocks met and missed per rule (no personal data)", false},
    {"GET", "/api/v1/clock-rules", h_clock_rules, ACCESS_SESSION, ROLES_ALL, NULL, version_q, 200,
     "PublishedRules", "clocks", "getClockRules",
     "The published clock rules and working-day calendar", false},
    {"GET", "/api/v1/notifications", h_notifications, ACCESS_SESSION, ROLES_ALL, NULL, NULL, 200,
     "Notifications", "clocks", "listNotifications",
     "Unread notices of changes by other organisations", false},
    {"PATCH", "/api/v1/notifications/{id}", h_notification_update, ACCESS_SESSION, ROLES_ALL,
     read_patch, NULL, 204, NULL, "clocks", "updateNotification", "Mark a notice read", false},

    {"GET", "/api/v1/screenings", h_screening_list, ACCESS_SESSION, ROLES_ALL, NULL, page_q, 200,
     "Screening", "police", "listScreenings",
     "Screenings of my police unit, or handed to my OM office", true},
    {"POST", "/api/v1/screenings", h_screening_create, ACCESS_SESSION, ROLES_ALL, screening_in,
     NULL, 201, "Screening", "police", "createScreening",
     "Screen an arrested minor for signs of exploitation", false},
    {"GET", "/api/v1/screenings/{id}", h_screening_get, ACCESS_SESSION, ROLES_ALL, NULL, NULL, 200,
     "Screening", "police", "getScreening", "A screening with its decisions", false},
    {"PATCH", "/api/v1/screenings/{id}", h_screening_update, ACCESS_SESSION, ROLES_ALL,
     screening_patch, NULL, 200, "Screening", "police", "updateScreening",
     "Change a draft; record the report to CoMensha", false},
    {"POST", "/api/v1/screenings/{id}/completion", h_screening_complete, ACCESS_SESSION,
     ROLES_ALL, completion_in, NULL, 200, "Screening", "police", "completeScreening",
     "Confirm the signs with a reason and hand the screening to the OM", false},
    {"POST", "/api/v1/screenings/{id}/receipt", h_screening_receipt, ACCESS_SESSION, ROLES_ALL,
     NULL, NULL, 200, "Screening", "police", "receiveScreening",
     "The OM records that it was informed", false},
    {"GET", "/api/v1/screening-rules", h_screening_rules, ACCESS_SESSION, ROLES_ALL, NULL,
     version_q, 200, "PublishedRules", "police", "getScreeningRules",
     "The published screening questions and rules", false},
    {"POST", "/api/v1/diversions", h_diversion_create, ACCESS_SESSION, ROLES_ALL, diversion_in,
     NULL, 201, "Screening", "police", "createDiversion",
     "Record a diversion (Halt, reprimand); with signs of exploitation only after the OM's"
     " decision to divert", false},
    {"POST", "/api/v1/prosecution-decisions", h_decision_create, ACCESS_SESSION, ROLES_ALL,
     decision_in, NULL, 201, "Decision", "police", "createProsecutionDecision",
     "The OM's decision on the offence of a screened minor", false},
    {"GET", "/api/v1/prosecution-decisions/{id}", h_decision_get, ACCESS_SESSION, ROLES_ALL, NULL,
     NULL, 200, "Decision", "police", "getProsecutionDecision", "A decision of the OM", false},
    {"GET", "/api/v1/prosecution-rules", h_prosecution_rules, ACCESS_SESSION, ROLES_ALL, NULL,
     version_q, 200, "PublishedRules", "police", "getProsecutionRules",
     "The published decisions and grounds, diversions, CoMensha reports and what a screening may"
     " share", false},
    {"POST", "/api/v1/comensha-reports", h_comensha_create, ACCESS_SESSION, ROLES_ALL, comensha_in,
     NULL, 201, "ComenshaReport", "police", "createComenshaReport",
     "Register a report of a possible victim to CoMensha", false},
    {"GET", "/api/v1/comensha-reports/{id}", h_comensha_get, ACCESS_SESSION, ROLES_ALL, NULL, NULL,
     200, "ComenshaReport", "police", "getComenshaReport", "A report to CoMensha", false},

    {"GET", "/api/v1/interventions", h_interventions, ACCESS_SESSION, ROLES_ALL, NULL, version_q,
     200, "PublishedRules", "interventions", "listInterventions",
     "The catalogue of intervention programmes", false},
    {"GET", "/api/v1/persons/{id}/interventions", h_person_interventions, ACCESS_SESSION,
     ROLES_ALL, NULL, fit_q, 200, "InterventionFit", "interventions", "getPersonInterventions",
     "Which programmes fit this child, and why", false},
    {"GET", "/api/v1/enrolments", h_enrolment_list, ACCESS_SESSION, ROLES_ALL, NULL,
     enrolments_q, 200, "Enrolment", "interventions", "listEnrolments",
     "My organisation's enrolments", true},
    {"POST", "/api/v1/enrolments", h_enrolment_create, ACCESS_SESSION, ROLES_ALL, enrolment_in,
     NULL, 201, "Enrolment", "interventions", "createEnrolment",
     "Refer a child to a programme", false},
    {"GET", "/api/v1/enrolments/{id}", h_enrolment_get, ACCESS_SESSION, ROLES_ALL, NULL, NULL, 200,
     "Enrolment", "interventions", "getEnrolment", "An enrolment with its milestones", false},
    {"PATCH", "/api/v1/enrolments/{id}", h_enrolment_update, ACCESS_SESSION, ROLES_ALL,
     enrolment_patch, NULL, 200, "Enrolment", "interventions", "updateEnrolment",
     "Record the start, a milestone, or the outcome", false},

    {NULL, NULL, NULL, ACCESS_PUBLIC, 0, NULL, NULL, 0, NULL, NULL, NULL, NULL, false},
};
// clang-format on
