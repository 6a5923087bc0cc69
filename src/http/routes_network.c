/*
 * routes_network.c - the network of recruitment chains: relations,
 * entities, bulk imports, analyses, exports and alerts: its part of the
 * route table.  See routes.c for the shape of an entry.
 */
#include "http/h_network.h"

/* The tables below are laid out by hand for reading. */
// clang-format off
#define END {.type = FT_END}
#define RO (F_READONLY | F_REQUIRED)

static const char *const rel_types[] = {"recruited_by", "exploited_by", "associates_with",
                                        "co_offended_with", "sibling_of", "uses_phone", "lives_at",
                                        "seen_at", "member_of", NULL};
static const char *const screening_rel_types[] = {"recruited_by", "exploited_by",
                                                  "co_offended_with", NULL};
static const char *const confidences[] = {"confirmed", "probable", "unverified", NULL};
static const char *const entity_kinds[] = {"phone", "address", "vehicle", "place", "account",
                                           "group", "nickname", NULL};
static const char *const node_kinds[] = {"person", "phone", "address", "vehicle", "place",
                                         "account", "group", "nickname", NULL};
static const char *const analysis_kinds[] = {"overview", "component", "neighbourhood", "chains",
                                             "key-actors", "communities", "paths", "connecting",
                                             "links", "disruption", "changes", NULL};
static const char *const methods[] = {"leiden", "louvain", "label-propagation", "adamic-adar",
                                      "jaccard", "common-neighbours", NULL};
static const char *const strategies[] = {"betweenness", "degree", "random", "chosen", NULL};
static const char *const job_statuses[] = {"queued", "running", "done", "failed", "cancelled",
                                           NULL};
static const char *const alert_statuses[] = {"open", "acknowledged", "closed", NULL};
static const char *const alert_handled[] = {"acknowledged", "closed", NULL};

#define END_DESC "a person's or entity's id, or ext:KIND:KEY (e.g. ext:phone:0612345678)"
#define SOURCE_DESC "screening:<id>, decision:<id>, or report:<reference> (analysts)"

/* ---- request bodies --------------------------------------------------- */

static const field_spec screening_relation_in[] = {
    {.name = "type", .type = FT_STRING, .flags = F_REQUIRED, .values = screening_rel_types,
     .description = "recruited_by: who recruited the youth; exploited_by: who directed them;"
                    " co_offended_with: who was arrested with them"},
    {.name = "other", .type = FT_STRING, .flags = F_REQUIRED, .min = 1, .max = 260,
     .description = END_DESC},
    {.name = "confidence", .type = FT_STRING, .values = confidences,
     .description = "unverified when not given"},
    END};
const field_spec network_screening_relation_item = {.name = "relation", .type = FT_OBJECT,
                                                    .fields = screening_relation_in};
static const field_spec screening_relation_out[] = {
    {.name = "id", .type = FT_STRING, .flags = RO, .format = "uuid"},
    {.name = "type", .type = FT_STRING, .flags = RO, .values = screening_rel_types},
    {.name = "other", .type = FT_OBJECT, .flags = RO | F_OPEN},
    {.name = "confidence", .type = FT_STRING, .flags = RO, .values = confidences},
    END};
const field_spec network_screening_relation_out_item = {.name = "relation", .type = FT_OBJECT,
                                                        .fields = screening_relation_out};
const field_spec network_end_item = {.name = "end", .type = FT_STRING, .min = 1, .max = 260,
                                     .description = END_DESC};

static const field_spec relation_in[] = {
    {.name = "from", .type = FT_STRING, .flags = F_REQUIRED, .min = 1, .max = 260,
     .description = END_DESC},
    {.name = "to", .type = FT_STRING, .flags = F_REQUIRED, .min = 1, .max = 260,
     .description = END_DESC},
    {.name = "type", .type = FT_STRING, .flags = F_REQUIRED, .values = rel_types,
     .description = "read as \"from type to\": A recruited_by B means B recruited A"},
    {.name = "confidence", .type = FT_STRING, .values = confidences,
     .description = "unverified when not given"},
    {.name = "first_seen", .type = FT_STRING, .flags = F_REQUIRED, .format = "date"},
    {.name = "last_seen", .type = FT_STRING, .format = "date",
     .description = "first_seen when not given"},
    {.name = "source", .type = FT_STRING, .flags = F_REQUIRED, .min = 1, .max = 160,
     .description = SOURCE_DESC},
    END};

static const field_spec relation_patch[] = {
    {.name = "from", .type = FT_STRING, .min = 1, .max = 260},
    {.name = "to", .type = FT_STRING, .min = 1, .max = 260},
    {.name = "type", .type = FT_STRING, .values = rel_types},
    {.name = "confidence", .type = FT_STRING, .values = confidences},
    {.name = "first_seen", .type = FT_STRING, .format = "date"},
    {.name = "last_seen", .type = FT_STRING, .format = "date"},
    {.name = "source", .type = FT_STRING, .min = 1, .max = 160},
    {.name = "reason", .type = FT_STRING, .max = 380, .description = "why it is corrected"},
    END};

static const field_spec retirement_in[] = {
    {.name = "reason", .type = FT_STRING, .flags = F_REQUIRED, .min = 1, .max = 380,
     .description = "why the relation no longer holds"},
    END};

static const field_spec entity_in[] = {
    {.name = "kind", .type = FT_STRING, .flags = F_REQUIRED, .values = entity_kinds},
    {.name = "key", .type = FT_STRING, .flags = F_REQUIRED, .min = 1, .max = 200,
     .description = "the phone number, address, plate, place, account, group or nickname"},
    END};

static const field_spec import_in[] = {
    {.name = "content", .type = FT_STRING, .flags = F_REQUIRED, .min = 1,
     .description = "CSV with the header from,to,type,confidence,first_seen,last_seen,source"},
    END};

static const field_spec type_item = {.name = "type", .type = FT_STRING, .values = rel_types};
static const field_spec confidence_item = {.name = "confidence", .type = FT_STRING,
                                           .values = confidences};
static const field_spec strategy_item = {.name = "strategy", .type = FT_STRING,
                                         .values = strategies};
static const field_spec id_item = {.name = "id", .type = FT_STRING, .min = 1, .max = 260};

static const field_spec analysis_in[] = {
    {.name = "kind", .type = FT_STRING, .flags = F_REQUIRED, .values = analysis_kinds},
    {.name = "purpose", .type = FT_STRING, .flags = F_REQUIRED, .min = 3, .max = 200,
     .description = "the analysis or investigation reference this query serves (audited)"},
    {.name = "person_id", .type = FT_STRING, .min = 1, .max = 260,
     .description = "component, neighbourhood, links, paths: the person (or entity) at the"
                    " centre or the start"},
    {.name = "target_id", .type = FT_STRING, .min = 1, .max = 260,
     .description = "paths: where the path ends"},
    {.name = "person_ids", .type = FT_ARRAY, .max = 20, .fields = &id_item,
     .description = "connecting: the chosen persons; key-actors: seeds of a personalised"
                    " PageRank; disruption: the persons reached by help, in order"},
    {.name = "types", .type = FT_ARRAY, .max = 9, .fields = &type_item,
     .description = "only relations of these types (default: all)"},
    {.name = "confidences", .type = FT_ARRAY, .max = 3, .fields = &confidence_item,
     .description = "only relations of these confidences (default: all)"},
    {.name = "from", .type = FT_STRING, .format = "date",
     .description = "only relations seen on or after this day"},
    {.name = "to", .type = FT_STRING, .format = "date",
     .description = "only relations seen on or before this day"},
    {.name = "depth", .type = FT_INTEGER, .min = 1, .max = 3,
     .description = "neighbourhood: steps from the person (police and OM: at most 2)"},
    {.name = "method", .type = FT_STRING, .values = methods,
     .description = "communities: leiden (default), louvain or label-propagation; links:"
                    " adamic-adar (default), jaccard or common-neighbours"},
    {.name = "resolution_percent", .type = FT_INTEGER, .min = 10, .max = 1000,
     .description = "communities: the resolution in percent (100: modularity)"},
    {.name = "directed", .type = FT_BOOLEAN,
     .description = "paths: follow relations in their recorded direction"},
    {.name = "time_ordered", .type = FT_BOOLEAN,
     .description = "paths: each relation first seen no earlier than the one before"},
    {.name = "top", .type = FT_INTEGER, .min = 1, .max = 1000,
     .description = "how many key actors, communities or components to list"},
    {.name = "exact_max", .type = FT_INTEGER, .min = 2, .max = 1000000,
     .description = "key-actors: exact betweenness in components of at most this many nodes"
                    " (default 5000); larger ones are sampled"},
    {.name = "samples", .type = FT_INTEGER, .min = 1, .max = 10000,
     .description = "key-actors: sources sampled in a larger component (default 32)"},
    {.name = "strategies", .type = FT_ARRAY, .max = 4, .fields = &strategy_item,
     .description = "disruption: the strategies compared (default: betweenness, degree,"
                    " random; chosen with person_ids)"},
    {.name = "steps", .type = FT_INTEGER, .min = 1, .max = 50},
    {.name = "per_step", .type = FT_INTEGER, .min = 1, .max = 10000},
    {.name = "window_days", .type = FT_INTEGER, .min = 7, .max = 3650,
     .description = "changes: the length of each of the two windows compared (default 90)"},
    {.name = "until", .type = FT_STRING, .format = "date",
     .description = "changes: the last day of the later window (default today)"},
    END};

static const field_spec alert_check_in[] = {
    {.name = "purpose", .type = FT_STRING, .flags = F_REQUIRED, .min = 3, .max = 200}, END};
static const field_spec alert_patch[] = {
    {.name = "status", .type = FT_STRING, .flags = F_REQUIRED, .values = alert_handled}, END};

/* ---- answers ---------------------------------------------------------- */

static const field_spec node_out[] = {
    {.name = "id", .type = FT_STRING, .flags = RO, .format = "uuid"},
    {.name = "kind", .type = FT_STRING, .flags = RO, .values = node_kinds},
    {.name = "label", .type = FT_STRING, .flags = F_READONLY | F_NULLABLE,
     .description = "an entity's key; persons are shown by their pseudonymous id only"},
    {.name = "minor", .type = FT_BOOLEAN, .flags = F_READONLY},
    {.name = "created", .type = FT_BOOLEAN, .flags = F_READONLY,
     .description = "the entity was made by this request"},
    END};
static const field_spec source_out[] = {
    {.name = "type", .type = FT_STRING, .flags = RO},
    {.name = "id", .type = FT_STRING, .flags = F_READONLY},
    {.name = "reference", .type = FT_STRING, .flags = F_READONLY}, END};
static const field_spec ref_out[] = {
    {.name = "id", .type = FT_STRING, .flags = RO, .format = "uuid"},
    {.name = "name", .type = FT_STRING, .flags = F_READONLY},
    {.name = "login", .type = FT_STRING, .flags = F_READONLY},
    {.name = "role", .type = FT_STRING, .flags = F_READONLY},
    {.name = "type", .type = FT_STRING, .flags = F_READONLY}, END};
static const field_spec recorded_out[] = {
    {.name = "organisation", .type = FT_OBJECT, .flags = RO, .fields = ref_out},
    {.name = "user", .type = FT_OBJECT, .flags = RO, .fields = ref_out}, END};
static const field_spec retired_out[] = {
    {.name = "at", .type = FT_STRING, .flags = RO, .format = "date-time"},
    {.name = "reason", .type = FT_STRING, .flags = RO},
    {.name = "by", .type = FT_OBJECT, .flags = F_READONLY | F_NULLABLE, .fields = ref_out}, END};
static const field_spec relation_out[] = {
    {.name = "id", .type = FT_STRING, .flags = RO, .format = "uuid"},
    {.name = "from", .type = FT_OBJECT, .flags = RO, .fields = node_out},
    {.name = "to", .type = FT_OBJECT, .flags = RO, .fields = node_out},
    {.name = "type", .type = FT_STRING, .flags = RO, .values = rel_types},
    {.name = "directed", .type = FT_BOOLEAN, .flags = RO},
    {.name = "confidence", .type = FT_STRING, .flags = RO, .values = confidences},
    {.name = "first_seen", .type = FT_STRING, .flags = RO, .format = "date"},
    {.name = "last_seen", .type = FT_STRING, .flags = RO, .format = "date"},
    {.name = "source", .type = FT_OBJECT, .flags = RO, .fields = source_out},
    {.name = "recorded_by", .type = FT_OBJECT, .flags = RO, .fields = recorded_out},
    {.name = "created_at", .type = FT_STRING, .flags = RO, .format = "date-time"},
    {.name = "status", .type = FT_STRING, .flags = RO,
     .description = "current, or retired (kept as history, out of every analysis)"},
    {.name = "retired", .type = FT_OBJECT, .flags = F_READONLY | F_NULLABLE, .fields = retired_out},
    {.name = "replaces", .type = FT_STRING, .flags = F_READONLY | F_NULLABLE, .format = "uuid"},
    {.name = "replaced_by", .type = FT_STRING, .flags = F_READONLY | F_NULLABLE, .format = "uuid"},
    {.name = "import_id", .type = FT_STRING, .flags = F_READONLY, .format = "uuid"},
    END};

static const field_spec import_out[] = {
    {.name = "import_id", .type = FT_STRING, .flags = RO, .format = "uuid"},
    {.name = "imported", .type = FT_INTEGER, .flags = RO},
    {.name = "rows", .type = FT_INTEGER, .flags = RO}, END};

static const field_spec progress_out[] = {
    {.name = "phase", .type = FT_STRING, .flags = RO},
    {.name = "fraction", .type = FT_INTEGER, .flags = RO, .description = "0 to 100"}, END};
static const field_spec analysis_out[] = {
    {.name = "id", .type = FT_STRING, .flags = RO, .format = "uuid"},
    {.name = "kind", .type = FT_STRING, .flags = RO, .values = analysis_kinds},
    {.name = "purpose", .type = FT_STRING, .flags = RO},
    {.name = "status", .type = FT_STRING, .flags = RO, .values = job_statuses},
    {.name = "progress", .type = FT_OBJECT, .flags = RO, .fields = progress_out},
    {.name = "queued_at", .type = FT_STRING, .flags = RO, .format = "date-time"},
    {.name = "started_at", .type = FT_STRING, .flags = F_READONLY | F_NULLABLE,
     .format = "date-time"},
    {.name = "finished_at", .type = FT_STRING, .flags = F_READONLY | F_NULLABLE,
     .format = "date-time"},
    {.name = "error", .type = FT_STRING, .flags = F_READONLY | F_NULLABLE},
    {.name = "result", .type = FT_OBJECT, .flags = F_READONLY | F_NULLABLE | F_OPEN,
     .description = "when done: what the kind computes (see docs/internals/service-network.md);"
                    " every score comes with the relations that explain it"},
    END};

static const field_spec alert_out[] = {
    {.name = "id", .type = FT_STRING, .flags = RO, .format = "uuid"},
    {.name = "rule", .type = FT_STRING, .flags = RO},
    {.name = "rules_version", .type = FT_INTEGER, .flags = RO},
    {.name = "title", .type = FT_OBJECT, .flags = F_READONLY | F_OPEN},
    {.name = "summary", .type = FT_OBJECT, .flags = RO | F_OPEN},
    {.name = "status", .type = FT_STRING, .flags = RO, .values = alert_statuses},
    {.name = "raised_at", .type = FT_STRING, .flags = RO, .format = "date-time"},
    {.name = "handled_at", .type = FT_STRING, .flags = F_READONLY | F_NULLABLE,
     .format = "date-time"},
    END};
static const field_spec alert_item = {.name = "alert", .type = FT_OBJECT, .fields = alert_out};
static const field_spec alerts_out[] = {
    {.name = "items", .type = FT_ARRAY, .flags = RO, .fields = &alert_item}, END};

const http_schema http_schemas_network[] = {
    {"Relation", relation_out},         {"NetworkEntity", node_out},
    {"RelationImport", import_out},     {"NetworkAnalysis", analysis_out},
    {"NetworkAlert", alert_out},        {"NetworkAlerts", alerts_out},
    {NULL, NULL},
};

/* ---- query parameters -------------------------------------------------- */

static const query_param purpose_q[] = {
    {"purpose", "string", "required: the analysis or investigation reference (audited)"},
    {NULL, NULL, NULL}};
static const query_param relations_q[] = {
    {"purpose", "string", "required: the analysis or investigation reference (audited)"},
    {"person_id", "string", "relations of this person or entity (police and OM: required)"},
    {"source", "string", "relations from this source (screening:<id> ...)"},
    {"include_retired", "string", "true: retired and corrected relations too"},
    {"cursor", "string", "next_cursor of the previous page"},
    {"limit", "integer", "items per page"},
    {NULL, NULL, NULL}};
static const query_param wait_q[] = {
    {"wait", "integer", "seconds (0 to 10) to wait for the analysis to finish"},
    {NULL, NULL, NULL}};
static const query_param export_q[] = {
    {"format", "string", "graphml or gexf (for Gephi), or ftm (FollowTheMoney lines for Aleph)"},
    {"purpose", "string", "required: the analysis or investigation reference (audited)"},
    {NULL, NULL, NULL}};
static const query_param alerts_q[] = {
    {"status", "string", "open (the default), acknowledged or closed"}, {NULL, NULL, NULL}};

/* ---- the table -------------------------------------------------------- */

#define READERS                                                                                    \
    (ROLE_BIT(ROLE_ANALYST) | ROLE_BIT(ROLE_POLICE_OFFICER) | ROLE_BIT(ROLE_PROSECUTOR))
#define WRITERS (ROLE_BIT(ROLE_ANALYST) | ROLE_BIT(ROLE_POLICE_OFFICER))
#define ANALYSTS ROLE_BIT(ROLE_ANALYST)

const route http_routes_network[] = {
    {"GET", "/api/v1/relations", h_relation_list, ACCESS_SESSION, READERS, NULL, relations_q, 200,
     "Relation", "network", "listRelations",
     "Relations of a person or entity, or from a source (audited with your purpose)", true},
    {"POST", "/api/v1/relations", h_relation_create, ACCESS_SESSION, WRITERS, relation_in, NULL,
     201, "Relation", "network", "createRelation",
     "Record a relation; police officers from a screening of their unit", false},
    {"GET", "/api/v1/relations/{id}", h_relation_get, ACCESS_SESSION, READERS, NULL, purpose_q,
     200, "Relation", "network", "getRelation", "A relation with its source and history", false},
    {"PATCH", "/api/v1/relations/{id}", h_relation_update, ACCESS_SESSION, WRITERS,
     relation_patch, NULL, 200, "Relation", "network", "correctRelation",
     "Correct a relation: a new one replaces it, the old one stays as history", false},
    {"POST", "/api/v1/relations/{id}/retirement", h_relation_retire, ACCESS_SESSION, WRITERS,
     retirement_in, NULL, 200, "Relation", "network", "retireRelation",
     "Retire a relation: kept as history, left out of every analysis", false},
    {"POST", "/api/v1/relation-imports", h_relation_import, ACCESS_SESSION, ANALYSTS, import_in,
     NULL, 201, "RelationImport", "network", "importRelations",
     "Import relations from CSV, all or nothing; 400 lists every rejected row", false},
    {"POST", "/api/v1/entities", h_entity_create, ACCESS_SESSION, WRITERS, entity_in, NULL, 201,
     "NetworkEntity", "network", "createEntity",
     "Record a phone, address, vehicle, place, account, group or nickname (200 when known)",
     false},
    {"GET", "/api/v1/entities/{id}", h_entity_get, ACCESS_SESSION, READERS, NULL, purpose_q, 200,
     "NetworkEntity", "network", "getEntity", "An entity of the network", false},

    {"GET", "/api/v1/network/analyses", h_analysis_list, ACCESS_SESSION, READERS, NULL, NULL, 200,
     "NetworkAnalysis", "network", "listNetworkAnalyses",
     "Your analyses of the last hour, without their results", false},
    {"POST", "/api/v1/network/analyses", h_analysis_create, ACCESS_SESSION, READERS, analysis_in,
     NULL, 202, "NetworkAnalysis", "network", "createNetworkAnalysis",
     "Start an analysis on the graph worker (audited with your purpose); police and OM: the"
     " neighbourhood of their own screenings' youths", false},
    {"GET", "/api/v1/network/analyses/{id}", h_analysis_get, ACCESS_SESSION, READERS, NULL, wait_q,
     200, "NetworkAnalysis", "network", "getNetworkAnalysis",
     "An analysis's status, progress and, when done, its result", false},
    {"DELETE", "/api/v1/network/analyses/{id}", h_analysis_delete, ACCESS_SESSION, READERS, NULL,
     NULL, 204, NULL, "network", "cancelNetworkAnalysis", "Cancel an analysis", false},
    {"GET", "/api/v1/network/export", h_network_export, ACCESS_SESSION, ANALYSTS, NULL, export_q,
     200, NULL, "network", "exportNetwork",
     "The current network as GraphML or GEXF (Gephi) or FollowTheMoney lines (Aleph)", false},
    {"GET", "/api/v1/network/alerts", h_network_alerts, ACCESS_SESSION, ANALYSTS, NULL, alerts_q,
     200, "NetworkAlerts", "network", "listNetworkAlerts",
     "Alerts raised for your organisation by the published rules: tasks, never actions", false},
    {"POST", "/api/v1/network/alert-checks", h_network_alert_check, ACCESS_SESSION, ANALYSTS,
     alert_check_in, NULL, 202, "NetworkAnalysis", "network", "checkNetworkAlerts",
     "Check the published alert rules against the network now, on the graph worker; the"
     " analysis's result lists the alerts raised", false},
    {"PATCH", "/api/v1/network/alerts/{id}", h_network_alert_update, ACCESS_SESSION, ANALYSTS,
     alert_patch, NULL, 200, "NetworkAlert", "network", "updateNetworkAlert",
     "Acknowledge or close an alert", false},

    {NULL, NULL, NULL, ACCESS_PUBLIC, 0, NULL, NULL, 0, NULL, NULL, NULL, NULL, false},
};
// clang-format on
