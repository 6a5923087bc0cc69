/*
 * routes_legal.c - the published legal rule tables that the use cases
 * apply: whose consent counts by age and receiver, how long each kind of
 * record is kept, and the safeguards of the indicator catalogue.  Every
 * role reads them, with the sources they cite.  See routes.c for the
 * shape of an entry.
 */
#include "http/h_legal.h"

/* The tables below are laid out by hand for reading. */
// clang-format off
#define END {.type = FT_END}
#define RO (F_READONLY | F_REQUIRED)

static const char *const consent_parties[] = {"parent", "pupil", "pupil-and-parent", NULL};

/* ---- response bodies -------------------------------------------------- */

static const field_spec band_fields[] = {
    {.name = "from_age", .type = FT_INTEGER, .flags = RO},
    {.name = "to_age", .type = FT_INTEGER, .flags = F_READONLY,
     .description = "absent: no upper bound"},
    {.name = "consent", .type = FT_STRING, .flags = RO, .values = consent_parties,
     .description = "whose consent counts: a parent with parental authority, the young person, or both"},
    {.name = "source", .type = FT_STRING, .flags = RO}, END};
static const field_spec band_item = {.name = "band", .type = FT_OBJECT, .fields = band_fields};
static const field_spec receiver_item = {.name = "receiver", .type = FT_STRING,
                                         .description = "an organisation type, school-care-team, or * for every other"};
static const field_spec consent_rule_fields[] = {
    {.name = "id", .type = FT_STRING, .flags = RO},
    {.name = "note", .type = FT_STRING, .flags = RO},
    {.name = "receivers", .type = FT_ARRAY, .flags = RO, .fields = &receiver_item},
    {.name = "bands", .type = FT_ARRAY, .flags = RO, .fields = &band_item}, END};
static const field_spec consent_rule_item = {.name = "rule", .type = FT_OBJECT,
                                             .fields = consent_rule_fields};
static const field_spec consent_rules_out[] = {
    {.name = "name", .type = FT_STRING, .flags = RO},
    {.name = "version", .type = FT_INTEGER, .flags = RO},
    {.name = "published_version", .type = FT_INTEGER, .flags = RO},
    {.name = "source", .type = FT_STRING, .flags = RO},
    {.name = "rules", .type = FT_ARRAY, .flags = RO, .fields = &consent_rule_item}, END};

static const field_spec retention_record_fields[] = {
    {.name = "type", .type = FT_STRING, .flags = RO},
    {.name = "after", .type = FT_STRING, .flags = RO,
     .description = "the event the period counts from"},
    {.name = "keep", .type = FT_OBJECT, .flags = RO | F_OPEN,
     .description = "the period: days, months or years"},
    {.name = "nl", .type = FT_STRING, .flags = RO},
    {.name = "en", .type = FT_STRING, .flags = RO},
    {.name = "source", .type = FT_STRING, .flags = RO},
    {.name = "by_holder", .type = FT_OBJECT, .flags = F_READONLY | F_OPEN,
     .description = "a longer period where the organisation holding the record has its own law"},
    END};
static const field_spec retention_record_item = {.name = "record", .type = FT_OBJECT,
                                                 .fields = retention_record_fields};
static const field_spec retention_rules_out[] = {
    {.name = "name", .type = FT_STRING, .flags = RO},
    {.name = "version", .type = FT_INTEGER, .flags = RO},
    {.name = "published_version", .type = FT_INTEGER, .flags = RO},
    {.name = "source", .type = FT_STRING, .flags = RO},
    {.name = "records", .type = FT_ARRAY, .flags = RO, .fields = &retention_record_item}, END};

static const field_spec kind_fields[] = {
    {.name = "id", .type = FT_STRING, .flags = RO},
    {.name = "nl", .type = FT_STRING, .flags = RO},
    {.name = "en", .type = FT_STRING, .flags = RO},
    {.name = "what", .type = FT_OBJECT, .flags = RO | F_OPEN}, END};
static const field_spec kind_item = {.name = "kind", .type = FT_OBJECT, .fields = kind_fields};
static const field_spec attribute_fields[] = {
    {.name = "id", .type = FT_STRING, .flags = RO},
    {.name = "nl", .type = FT_STRING, .flags = RO},
    {.name = "en", .type = FT_STRING, .flags = RO},
    {.name = "source", .type = FT_STRING, .flags = RO},
    {.name = "terms", .type = FT_ARRAY, .flags = RO, .fields = &(const field_spec){
        .name = "term", .type = FT_OBJECT, .flags = F_OPEN}}, END};
static const field_spec attribute_item = {.name = "attribute", .type = FT_OBJECT,
                                          .fields = attribute_fields};
static const field_spec safeguards_out[] = {
    {.name = "name", .type = FT_STRING, .flags = RO},
    {.name = "version", .type = FT_INTEGER, .flags = RO},
    {.name = "published_version", .type = FT_INTEGER, .flags = RO},
    {.name = "source", .type = FT_STRING, .flags = RO},
    {.name = "observation_kinds", .type = FT_ARRAY, .flags = RO, .fields = &kind_item},
    {.name = "vulnerability_kind", .type = FT_STRING, .flags = RO},
    {.name = "protected_attributes", .type = FT_ARRAY, .flags = RO, .fields = &attribute_item},
    END};

static const field_spec run_out[] = {
    {.name = "started_at", .type = FT_STRING, .flags = RO, .format = "date-time"},
    {.name = "finished_at", .type = FT_STRING, .flags = RO, .format = "date-time"},
    {.name = "as_of", .type = FT_STRING, .flags = RO, .format = "date",
     .description = "the day whose periods the run applied"},
    {.name = "rules_version", .type = FT_INTEGER, .flags = RO},
    {.name = "status", .type = FT_STRING, .flags = RO,
     .description = "done, or failed (what it deleted before is deleted)"},
    {.name = "report", .type = FT_OBJECT, .flags = RO | F_OPEN,
     .description = "purged and held in all, and by kind (held by reason): counts only"},
    END};
static const field_spec run_item = {.name = "run", .type = FT_OBJECT, .fields = run_out};
static const field_spec runs_out[] = {
    {.name = "items", .type = FT_ARRAY, .flags = RO, .fields = &run_item}, END};

const http_schema http_schemas_legal[] = {
    {"RetentionRuns", runs_out},
    {"ConsentRules", consent_rules_out},
    {"RetentionRules", retention_rules_out},
    {"CatalogueSafeguards", safeguards_out},
    {NULL, NULL},
};

/* ---- query parameters -------------------------------------------------- */

static const query_param version_q[] = {
    {"version", "integer", "a published version (default: the newest)"}, {NULL, NULL, NULL}};

/* ---- the table -------------------------------------------------------- */

#define RUN_READERS                                                                                \
    (ROLE_BIT(ROLE_PRIVACY_OFFICER) | ROLE_BIT(ROLE_AUDITOR) | ROLE_BIT(ROLE_NATIONAL_AUDITOR))

const route http_routes_legal[] = {
    {"GET", "/api/v1/consent-rules", h_consent_rules, ACCESS_SESSION, ROLES_ALL, NULL, version_q,
     200, "ConsentRules", "legal", "getConsentRules",
     "Whose consent counts, by the child's age and the receiver, with the law for each", false},
    {"GET", "/api/v1/retention-rules", h_retention_rules, ACCESS_SESSION, ROLES_ALL, NULL,
     version_q, 200, "RetentionRules", "legal", "getRetentionRules",
     "How long each kind of record is kept, with the law for each", false},
    {"GET", "/api/v1/catalogue-safeguards", h_catalogue_safeguards, ACCESS_SESSION, ROLES_ALL,
     NULL, version_q, 200, "CatalogueSafeguards", "legal", "getCatalogueSafeguards",
     "The kinds of observation an indicator may be, and the protected attributes it may not name",
     false},
    {"GET", "/api/v1/retention-runs", h_retention_runs, ACCESS_SESSION, RUN_READERS, NULL, NULL,
     200, "RetentionRuns", "legal", "listRetentionRuns",
     "The last thirty retention runs (daily by the server, or from the command line): what each"
     " deleted and kept under a hold, by kind (counts only)", false},
    {NULL, NULL, NULL, ACCESS_PUBLIC, 0, NULL, NULL, 0, NULL, NULL, NULL, NULL, false},
};
// clang-format on
