/* Field specs of the school path (see schemas.h). */
#include "http/schemas.h"
#include "domain/meldcode.h"
#include "service/school/cases.h"

/* The tables below are laid out by hand for reading. */
// clang-format off

#define END {.type = FT_END}
#define RO (F_READONLY | F_REQUIRED)

static const char *const consent_statuses[] = {"given", "refused", "none", NULL};
static const char *const consent_parties[] = {"parent", "pupil", "pupil-and-parent", NULL};
static const char *const answers[] = {"yes", "no", "unknown", NULL};
static const char *const decisions[] = {"close-and-record", "report-to-veilig-thuis",
                                        "organise-help-and-monitor", "report-and-help", NULL};
static const char *const advised_codes[] = {"close-and-record", "report-to-veilig-thuis",
                                            "organise-help-and-monitor", "report-and-help",
                                            "report-and-weigh-help-with-veilig-thuis", NULL};
static const char *const help_advice[] = {"yes", "no", "with-veilig-thuis", NULL};
static const char *const advice_codes[] = {"consult-today", "plan-consultation", "keep-observing",
                                           "no-concern-indicators", NULL};

static const field_spec uuid_item = {.name = "id", .type = FT_STRING, .format = "uuid"};

const field_spec case_in[] = {
    {.name = "person_id", .type = FT_STRING, .flags = F_REQUIRED, .format = "uuid"},
    {.name = "signal_ids", .type = FT_ARRAY, .max = CASE_MAX_SIGNALS, .fields = &uuid_item,
     .description = "signals of this child at your school that the case groups"},
    END};

const field_spec case_patch[] = {
    {.name = "owner_id", .type = FT_STRING, .flags = F_REQUIRED, .format = "uuid",
     .description = "hand the case to another care coordinator of the school"},
    END};

const field_spec case_signals_in[] = {
    {.name = "signal_ids", .type = FT_ARRAY, .flags = F_REQUIRED, .min = 1,
     .max = CASE_MAX_SIGNALS, .fields = &uuid_item},
    END};

const field_spec consent_in[] = {
    {.name = "status", .type = FT_STRING, .flags = F_REQUIRED, .values = consent_statuses,
     .description = "given, refused, or none when consent is withdrawn"},
    {.name = "party", .type = FT_STRING, .values = consent_parties,
     .description = "who consented: the published consent rules for the school's care team say"
                    " whose consent counts (a parent under 16, the pupil from 16)"},
    {.name = "on", .type = FT_STRING, .format = "date"},
    END};

static const field_spec answer_item = {.name = "answer", .type = FT_STRING, .flags = F_NULLABLE,
                                       .values = answers};
static const field_spec expert_item = {.name = "expert", .type = FT_STRING,
                                       .values = meldcode_experts};

const field_spec step_in[] = {
    {.name = "step", .type = FT_INTEGER, .flags = F_REQUIRED, .min = 1, .max = 5},
    {.name = "summary", .type = FT_STRING, .flags = F_REQUIRED, .min = 1, .max = 5000,
     .description = "what was done in this step, as facts"},
    {.name = "answers", .type = FT_ARRAY, .min = 5, .max = 5, .fields = &answer_item,
     .description = "step 4: the five afwegingskader questions in order; null after the"
                    " decisive one"},
    {.name = "report", .type = FT_BOOLEAN,
     .description = "step 5, the first decision: is reporting to Veilig Thuis necessary?"},
    {.name = "help", .type = FT_BOOLEAN,
     .description = "step 5, the second decision: is offering or organising help (also)"
                    " possible? Both may be true: report and help"},
    {.name = "with_veilig_thuis", .type = FT_BOOLEAN,
     .description = "step 5: whether help is possible was weighed together with Veilig Thuis, as"
                    " it must be after a report for acute or structural unsafety"},
    {.name = "decision", .type = FT_STRING, .values = decisions,
     .description = "step 5: the two decisions as one code (the form of before 2019; report and"
                    " help are preferred)"},
    {.name = "justification", .type = FT_STRING, .max = 5000,
     .description = "step 5: why, when deciding otherwise than the afwegingskader advises"},
    {.name = "consulted", .type = FT_ARRAY, .max = STEP_MAX_CONSULTED, .fields = &expert_item,
     .description = "step 2: the experts consulted: a colleague, the aandachtsfunctionaris,"
                    " Veilig Thuis, an expert on injuries, the youth doctor, the expert group"},
    END};

static const field_spec action_fields[] = {
    {.name = "description", .type = FT_STRING, .flags = F_REQUIRED, .min = 1, .max = 1000},
    {.name = "owner_id", .type = FT_STRING, .flags = F_REQUIRED, .format = "uuid"},
    {.name = "due_on", .type = FT_STRING, .flags = F_REQUIRED, .format = "date"},
    END};
static const field_spec action_item = {.name = "action", .type = FT_OBJECT,
                                       .fields = action_fields};
static const field_spec participant_item = {.name = "participant", .type = FT_STRING,
                                            .values = consult_participants};

const field_spec consultation_in[] = {
    {.name = "case_id", .type = FT_STRING, .flags = F_REQUIRED, .format = "uuid"},
    {.name = "held_on", .type = FT_STRING, .flags = F_REQUIRED, .format = "date"},
    {.name = "participants", .type = FT_ARRAY, .flags = F_REQUIRED, .min = 1,
     .max = CONSULT_MAX_PARTICIPANTS, .fields = &participant_item, .description = "by role"},
    {.name = "facts", .type = FT_STRING, .flags = F_REQUIRED, .min = 1, .max = 5000,
     .description = "the observations, as facts"},
    {.name = "life_events", .type = FT_STRING, .flags = F_NULLABLE, .max = 5000},
    {.name = "triggers", .type = FT_STRING, .flags = F_NULLABLE, .max = 5000},
    {.name = "risk_factors", .type = FT_STRING, .flags = F_NULLABLE, .max = 5000,
     .description = "risk and vulnerability factors"},
    {.name = "protective_factors", .type = FT_STRING, .flags = F_NULLABLE, .max = 5000,
     .description = "resilience and protective factors"},
    {.name = "unknowns", .type = FT_STRING, .flags = F_NULLABLE, .max = 5000,
     .description = "what is not known"},
    {.name = "question", .type = FT_STRING, .flags = F_REQUIRED, .min = 1, .max = 5000,
     .description = "the sharpened care or investigation question"},
    {.name = "question_type", .type = FT_STRING, .flags = F_REQUIRED,
     .values = consult_question_types},
    {.name = "outcome", .type = FT_STRING, .flags = F_REQUIRED, .values = consult_outcomes},
    {.name = "next_meeting", .type = FT_STRING, .flags = F_NULLABLE, .format = "date"},
    {.name = "actions", .type = FT_ARRAY, .max = CONSULT_MAX_ACTIONS, .fields = &action_item},
    END};

const field_spec action_patch[] = {
    {.name = "done", .type = FT_BOOLEAN, .flags = F_REQUIRED}, END};

/* ---- answers ---------------------------------------------------------- */

static const field_spec lang_out[] = {
    {.name = "nl", .type = FT_STRING, .flags = RO},
    {.name = "en", .type = FT_STRING, .flags = RO}, END};
static const field_spec advice_out[] = {
    {.name = "code", .type = FT_STRING, .flags = RO, .values = advice_codes},
    {.name = "text", .type = FT_OBJECT, .flags = RO, .fields = lang_out}, END};
static const field_spec rule_out[] = {
    {.name = "id", .type = FT_STRING, .flags = RO},
    {.name = "why", .type = FT_OBJECT, .flags = RO, .fields = lang_out},
    {.name = "strengths", .type = FT_STRING, .flags = RO},
    {.name = "min_indicators", .type = FT_INTEGER, .flags = RO},
    {.name = "min_categories", .type = FT_INTEGER, .flags = RO}, END};
static const field_spec category_out[] = {
    {.name = "id", .type = FT_STRING, .flags = RO},
    {.name = "nl", .type = FT_STRING, .flags = RO},
    {.name = "en", .type = FT_STRING, .flags = RO}, END};
static const field_spec window_out[] = {
    {.name = "from", .type = FT_STRING, .flags = RO, .format = "date"},
    {.name = "to", .type = FT_STRING, .flags = RO, .format = "date"},
    {.name = "days", .type = FT_INTEGER, .flags = RO}, END};
static const field_spec counted_fields[] = {
    {.name = "indicator", .type = FT_STRING, .flags = RO},
    {.name = "strength", .type = FT_STRING, .flags = RO},
    {.name = "category", .type = FT_OBJECT, .flags = RO, .fields = category_out},
    {.name = "text", .type = FT_OBJECT, .flags = RO, .fields = lang_out},
    {.name = "kind", .type = FT_STRING, .flags = RO},
    {.name = "signal_id", .type = FT_STRING, .flags = RO, .format = "uuid"},
    {.name = "observed_on", .type = FT_STRING, .flags = RO, .format = "date"},
    {.name = "counted", .type = FT_BOOLEAN, .flags = F_READONLY,
     .description = "whether it counted toward the rule that fired"},
    {.name = "reason", .type = FT_OBJECT, .flags = F_READONLY, .fields = lang_out,
     .description = "why a vulnerability indicator never counts"},
    END};
static const field_spec counted_item = {.name = "item", .type = FT_OBJECT,
                                        .fields = counted_fields};
static const field_spec int_item = {.name = "version", .type = FT_INTEGER};

const field_spec assessment_out[] = {
    {.name = "signal_id", .type = FT_STRING, .flags = F_READONLY, .format = "uuid"},
    {.name = "person_id", .type = FT_STRING, .flags = F_READONLY, .format = "uuid"},
    {.name = "advice", .type = FT_OBJECT, .flags = RO, .fields = advice_out},
    {.name = "rule", .type = FT_OBJECT, .flags = F_READONLY | F_NULLABLE, .fields = rule_out,
     .description = "the rule that fired; null when none did"},
    {.name = "counted", .type = FT_ARRAY, .flags = RO, .fields = &counted_item},
    {.name = "not_counted", .type = FT_ARRAY, .flags = RO, .fields = &counted_item},
    {.name = "catalogue_versions", .type = FT_ARRAY, .flags = RO, .fields = &int_item},
    {.name = "rules_version", .type = FT_INTEGER, .flags = RO},
    {.name = "window_days", .type = FT_INTEGER, .flags = RO},
    {.name = "window", .type = FT_OBJECT, .flags = F_READONLY, .fields = window_out,
     .description = "the period whose signals were considered"},
    {.name = "signals_considered", .type = FT_INTEGER, .flags = RO},
    {.name = "disclaimer", .type = FT_OBJECT, .flags = RO, .fields = lang_out},
    END};

static const field_spec ref_out[] = {
    {.name = "id", .type = FT_STRING, .flags = RO, .format = "uuid"},
    {.name = "login", .type = FT_STRING, .flags = F_READONLY},
    {.name = "role", .type = FT_STRING, .flags = F_READONLY}, END};
static const field_spec meldcode_advice_out[] = {
    {.name = "report", .type = FT_BOOLEAN, .flags = RO},
    {.name = "help", .type = FT_STRING, .flags = RO, .values = help_advice},
    END};
static const field_spec consulted_out[] = {
    {.name = "code", .type = FT_STRING, .flags = RO, .values = meldcode_experts},
    {.name = "name", .type = FT_OBJECT, .flags = RO, .fields = lang_out},
    END};
static const field_spec consulted_item = {.name = "expert", .type = FT_OBJECT,
                                          .fields = consulted_out};
static const field_spec step_out[] = {
    {.name = "id", .type = FT_STRING, .flags = RO, .format = "uuid"},
    {.name = "step", .type = FT_INTEGER, .flags = RO},
    {.name = "name", .type = FT_OBJECT, .flags = RO, .fields = lang_out},
    {.name = "summary", .type = FT_STRING, .flags = RO},
    {.name = "answers", .type = FT_ARRAY, .flags = RO, .fields = &answer_item},
    {.name = "advised", .type = FT_STRING, .flags = F_READONLY | F_NULLABLE,
     .values = advised_codes},
    {.name = "advice", .type = FT_OBJECT, .flags = F_READONLY | F_NULLABLE,
     .fields = meldcode_advice_out,
     .description = "step 4: the two decisions the afwegingskader advises"},
    {.name = "decision", .type = FT_STRING, .flags = F_READONLY | F_NULLABLE, .values = decisions},
    {.name = "report", .type = FT_BOOLEAN, .flags = F_READONLY,
     .description = "step 5: reporting is necessary"},
    {.name = "help", .type = FT_BOOLEAN, .flags = F_READONLY,
     .description = "step 5: offering or organising help is (also) possible"},
    {.name = "with_veilig_thuis", .type = FT_BOOLEAN, .flags = F_READONLY,
     .description = "step 5: help was weighed together with Veilig Thuis"},
    {.name = "consulted", .type = FT_ARRAY, .flags = F_READONLY, .fields = &consulted_item,
     .description = "step 2: the experts consulted"},
    {.name = "justification", .type = FT_STRING, .flags = F_READONLY | F_NULLABLE},
    {.name = "recorded_by", .type = FT_OBJECT, .flags = RO, .fields = ref_out},
    {.name = "recorded_at", .type = FT_STRING, .flags = RO, .format = "date-time"},
    END};
static const field_spec step_item = {.name = "step", .type = FT_OBJECT, .fields = step_out};
static const field_spec meldcode_out[] = {
    {.name = "next_step", .type = FT_INTEGER, .flags = RO, .description = "0 when all are done"},
    {.name = "next_step_name", .type = FT_OBJECT, .flags = F_READONLY | F_NULLABLE,
     .fields = lang_out},
    {.name = "next_step_due", .type = FT_STRING, .flags = F_READONLY | F_NULLABLE,
     .format = "date"},
    {.name = "overdue", .type = FT_BOOLEAN, .flags = RO},
    {.name = "decision", .type = FT_STRING, .flags = F_READONLY | F_NULLABLE, .values = decisions},
    {.name = "steps", .type = FT_ARRAY, .flags = F_READONLY, .fields = &step_item},
    END};
static const field_spec consent_out[] = {
    {.name = "status", .type = FT_STRING, .flags = RO, .values = consent_statuses},
    {.name = "party", .type = FT_STRING, .flags = F_READONLY | F_NULLABLE, .values = consent_parties},
    {.name = "on", .type = FT_STRING, .flags = F_READONLY | F_NULLABLE, .format = "date"},
    {.name = "required_party", .type = FT_STRING, .flags = F_READONLY, .values = consent_parties},
    END};
static const field_spec case_person_out[] = {
    {.name = "id", .type = FT_STRING, .flags = RO, .format = "uuid"},
    {.name = "name", .type = FT_STRING, .flags = F_READONLY,
     .description = "only with consent to discuss the pupil by name"},
    {.name = "birth_date", .type = FT_STRING, .flags = F_READONLY, .format = "date"},
    {.name = "birth_year", .type = FT_INTEGER, .flags = F_READONLY},
    {.name = "birth_month", .type = FT_INTEGER, .flags = F_READONLY},
    {.name = "gender", .type = FT_STRING, .flags = F_READONLY}, END};
static const field_spec action_out[] = {
    {.name = "id", .type = FT_STRING, .flags = RO, .format = "uuid"},
    {.name = "description", .type = FT_STRING, .flags = RO},
    {.name = "owner", .type = FT_OBJECT, .flags = RO, .fields = ref_out},
    {.name = "due_on", .type = FT_STRING, .flags = RO, .format = "date"},
    {.name = "done_at", .type = FT_STRING, .flags = F_READONLY | F_NULLABLE, .format = "date-time"},
    {.name = "overdue", .type = FT_BOOLEAN, .flags = RO},
    {.name = "created_at", .type = FT_STRING, .flags = RO, .format = "date-time"}, END};
static const field_spec action_item_out = {.name = "action", .type = FT_OBJECT,
                                           .fields = action_out};

const field_spec consultation_out[] = {
    {.name = "id", .type = FT_STRING, .flags = RO, .format = "uuid"},
    {.name = "case_id", .type = FT_STRING, .flags = F_READONLY, .format = "uuid"},
    {.name = "held_on", .type = FT_STRING, .flags = RO, .format = "date"},
    {.name = "participants", .type = FT_ARRAY, .flags = RO, .fields = &participant_item},
    {.name = "facts", .type = FT_STRING, .flags = RO},
    {.name = "life_events", .type = FT_STRING, .flags = F_READONLY | F_NULLABLE},
    {.name = "triggers", .type = FT_STRING, .flags = F_READONLY | F_NULLABLE},
    {.name = "risk_factors", .type = FT_STRING, .flags = F_READONLY | F_NULLABLE},
    {.name = "protective_factors", .type = FT_STRING, .flags = F_READONLY | F_NULLABLE},
    {.name = "unknowns", .type = FT_STRING, .flags = F_READONLY | F_NULLABLE},
    {.name = "question", .type = FT_STRING, .flags = RO},
    {.name = "question_type", .type = FT_STRING, .flags = RO, .values = consult_question_types},
    {.name = "outcome", .type = FT_STRING, .flags = RO, .values = consult_outcomes},
    {.name = "next_meeting", .type = FT_STRING, .flags = F_READONLY | F_NULLABLE, .format = "date"},
    {.name = "anonymous", .type = FT_BOOLEAN, .flags = RO,
     .description = "held without consent: no identifying fields were shown"},
    {.name = "created_by", .type = FT_OBJECT, .flags = RO, .fields = ref_out},
    {.name = "created_at", .type = FT_STRING, .flags = RO, .format = "date-time"},
    END};
static const field_spec consultation_item = {.name = "consultation", .type = FT_OBJECT,
                                             .fields = consultation_out};

static const field_spec indicator_ref[] = {
    {.name = "id", .type = FT_STRING, .flags = RO},
    {.name = "kind", .type = FT_STRING, .flags = RO}, END};
static const field_spec indicator_ref_item = {.name = "indicator", .type = FT_OBJECT,
                                              .fields = indicator_ref};
static const field_spec case_signal_out[] = {
    {.name = "id", .type = FT_STRING, .flags = RO, .format = "uuid"},
    {.name = "observed_on", .type = FT_STRING, .flags = RO, .format = "date"},
    {.name = "setting", .type = FT_STRING, .flags = RO},
    {.name = "observation", .type = FT_STRING, .flags = RO},
    {.name = "indicators", .type = FT_ARRAY, .flags = RO, .fields = &indicator_ref_item},
    {.name = "observer", .type = FT_OBJECT, .flags = RO, .fields = ref_out}, END};
static const field_spec case_signal_item = {.name = "signal", .type = FT_OBJECT,
                                            .fields = case_signal_out};

const field_spec case_out[] = {
    {.name = "id", .type = FT_STRING, .flags = RO, .format = "uuid"},
    {.name = "status", .type = FT_STRING, .flags = RO},
    {.name = "person", .type = FT_OBJECT, .flags = RO, .fields = case_person_out},
    {.name = "anonymous", .type = FT_BOOLEAN, .flags = F_READONLY},
    {.name = "owner", .type = FT_OBJECT, .flags = RO, .fields = ref_out},
    {.name = "meldcode", .type = FT_OBJECT, .flags = RO, .fields = meldcode_out},
    {.name = "consent", .type = FT_OBJECT, .flags = RO, .fields = consent_out},
    {.name = "opened_at", .type = FT_STRING, .flags = RO, .format = "date-time"},
    {.name = "last_progress_at", .type = FT_STRING, .flags = RO, .format = "date-time"},
    {.name = "closed_at", .type = FT_STRING, .flags = F_READONLY | F_NULLABLE},
    {.name = "days_without_progress", .type = FT_INTEGER, .flags = RO},
    {.name = "stale", .type = FT_BOOLEAN, .flags = RO},
    {.name = "version", .type = FT_INTEGER, .flags = RO},
    {.name = "signals", .type = FT_ARRAY, .flags = F_READONLY, .fields = &case_signal_item},
    {.name = "advice", .type = FT_OBJECT, .flags = F_READONLY | F_NULLABLE,
     .fields = assessment_out},
    {.name = "consultations", .type = FT_ARRAY, .flags = F_READONLY, .fields = &consultation_item},
    {.name = "actions", .type = FT_ARRAY, .flags = F_READONLY, .fields = &action_item_out},
    END};

static const field_spec task_fields[] = {
    {.name = "type", .type = FT_STRING, .flags = RO,
     .values = (const char *const[]){"action", "meldcode-step", "stale-case", "match-candidate",
                                     "match-contact", "match-escalated", "concern-flagged",
                                     "clock", "notification", NULL}},
    {.name = "id", .type = FT_STRING, .flags = RO, .format = "uuid"},
    {.name = "case_id", .type = FT_STRING, .flags = F_READONLY, .format = "uuid"},
    {.name = "person_id", .type = FT_STRING, .flags = F_READONLY, .format = "uuid"},
    {.name = "match_id", .type = FT_STRING, .flags = F_READONLY, .format = "uuid",
     .description = "reference index: the match to act on"},
    {.name = "concern_id", .type = FT_STRING, .flags = F_READONLY, .format = "uuid",
     .description = "reference index: your registration the match is on"},
    {.name = "escalated", .type = FT_BOOLEAN, .flags = F_READONLY,
     .description = "reference index: past the deadline, shown to the coordinating roles"},
    {.name = "title", .type = FT_STRING, .flags = RO,
     .description = "an action's description (to its owner), else {nl, en}"},
    {.name = "due_on", .type = FT_STRING, .flags = F_READONLY,
     .description = "the deadline; a notice has none"},
    {.name = "overdue", .type = FT_BOOLEAN, .flags = RO},
    {.name = "kind", .type = FT_STRING, .flags = F_READONLY,
     .description = "a notice: what happened (referral.sent, clock.missed, ...)"},
    {.name = "record_type", .type = FT_STRING, .flags = F_READONLY,
     .description = "a notice: the kind of record it is about"},
    {.name = "record_id", .type = FT_STRING, .flags = F_READONLY, .format = "uuid",
     .description = "a notice: the record it is about"},
    {.name = "created_at", .type = FT_STRING, .flags = F_READONLY, .format = "date-time"},
    {.name = "step", .type = FT_INTEGER, .flags = F_READONLY},
    {.name = "days_without_progress", .type = FT_INTEGER, .flags = F_READONLY}, END};
static const field_spec task_item = {.name = "task", .type = FT_OBJECT, .fields = task_fields};

const field_spec tasks_out[] = {
    {.name = "items", .type = FT_ARRAY, .flags = RO, .fields = &task_item},
    {.name = "overdue", .type = FT_INTEGER, .flags = RO}, END};

static const field_spec event_fields[] = {
    {.name = "at", .type = FT_STRING, .flags = RO},
    {.name = "type", .type = FT_STRING, .flags = RO,
     .values = (const char *const[]){"signal", "case-opened", "consent", "consultation",
                                     "meldcode-step", "decision", "case-closed", "referral-sent",
                                     "referral-received", NULL}},
    {.name = "id", .type = FT_STRING, .flags = RO, .format = "uuid"},
    {.name = "by", .type = FT_OBJECT, .flags = F_READONLY | F_NULLABLE, .fields = ref_out},
    {.name = "case_id", .type = FT_STRING, .flags = F_READONLY, .format = "uuid"},
    {.name = "referral_id", .type = FT_STRING, .flags = F_READONLY, .format = "uuid",
     .description = "a referral your organisation sent or received: no content"},
    {.name = "from", .type = FT_OBJECT, .flags = F_READONLY | F_OPEN},
    {.name = "to", .type = FT_OBJECT, .flags = F_READONLY | F_OPEN},
    {.name = "purpose", .type = FT_STRING, .flags = F_READONLY},
    {.name = "legal_basis", .type = FT_STRING, .flags = F_READONLY},
    {.name = "status", .type = FT_STRING, .flags = F_READONLY}, END};
static const field_spec event_item = {.name = "event", .type = FT_OBJECT, .fields = event_fields};

const field_spec timeline_out[] = {
    {.name = "person_id", .type = FT_STRING, .flags = RO, .format = "uuid"},
    {.name = "items", .type = FT_ARRAY, .flags = RO, .fields = &event_item,
     .description = "oldest first; each type adds its own details"},
    END};

static const field_spec strength_item = {.name = "strength", .type = FT_STRING,
                                         .values = (const char *const[]){"S", "M", "W", NULL}};
static const field_spec when_out[] = {
    {.name = "strengths", .type = FT_ARRAY, .flags = RO, .fields = &strength_item},
    {.name = "min_indicators", .type = FT_INTEGER, .flags = RO},
    {.name = "min_categories", .type = FT_INTEGER, .flags = RO}, END};
static const field_spec rule_def[] = {
    {.name = "id", .type = FT_STRING, .flags = RO},
    {.name = "advice", .type = FT_STRING, .flags = RO, .values = advice_codes},
    {.name = "when", .type = FT_OBJECT, .flags = RO, .fields = when_out},
    {.name = "text", .type = FT_OBJECT, .flags = RO, .fields = lang_out},
    {.name = "why", .type = FT_OBJECT, .flags = RO, .fields = lang_out}, END};
static const field_spec rule_item = {.name = "rule", .type = FT_OBJECT, .fields = rule_def};
static const field_spec otherwise_out[] = {
    {.name = "advice", .type = FT_STRING, .flags = RO, .values = advice_codes},
    {.name = "text", .type = FT_OBJECT, .flags = RO, .fields = lang_out}, END};

const field_spec rules_out[] = {
    {.name = "name", .type = FT_STRING, .flags = RO},
    {.name = "version", .type = FT_INTEGER, .flags = RO},
    {.name = "published_version", .type = FT_INTEGER, .flags = RO},
    {.name = "window_days", .type = FT_INTEGER, .flags = RO},
    {.name = "source", .type = FT_OBJECT, .flags = RO, .fields = lang_out},
    {.name = "disclaimer", .type = FT_OBJECT, .flags = RO, .fields = lang_out},
    {.name = "rules", .type = FT_ARRAY, .flags = RO, .fields = &rule_item,
     .description = "in order: the first that fires gives the advice"},
    {.name = "otherwise", .type = FT_OBJECT, .flags = RO, .fields = otherwise_out},
    END};
// clang-format on
