/*
 * routes_monitor.c - monitoring: the yearly progress report with its
 * disclosure control, and the programme's measures.  See routes.c for the
 * shape of an entry.
 */
#include "http/h_monitor.h"

// clang-format off
#define END {.type = FT_END}
#define RO (F_READONLY | F_REQUIRED)

static const char *const levels[] = {"national", "municipality", "organisation", NULL};
static const char *const methods[] = {"suppression", "cell-key", NULL};

static const field_spec code_item = {.name = "code", .type = FT_STRING};
static const field_spec open_item = {.name = "item", .type = FT_OBJECT, .flags = F_OPEN};
static const field_spec cell_row = {.name = "row", .type = FT_ARRAY, .fields = &open_item};

static const field_spec scope_out[] = {
    {.name = "level", .type = FT_STRING, .flags = RO, .values = levels},
    {.name = "name", .type = FT_STRING, .flags = RO},
    {.name = "municipality", .type = FT_STRING, .flags = F_READONLY | F_NULLABLE}, END};
static const field_spec release_out[] = {
    {.name = "id", .type = FT_STRING, .flags = RO, .format = "uuid"},
    {.name = "released_at", .type = FT_STRING, .flags = RO, .format = "date-time"},
    {.name = "further_suppressed", .type = FT_INTEGER, .flags = RO,
     .description = "cells suppressed because an earlier release would give them away"},
    {.name = "notes", .type = FT_ARRAY, .flags = RO, .fields = &open_item}, END};
static const field_spec table_out[] = {
    {.name = "name", .type = FT_STRING, .flags = RO},
    {.name = "figure", .type = FT_STRING, .flags = RO},
    {.name = "definition", .type = FT_OBJECT, .flags = F_READONLY | F_OPEN | F_NULLABLE},
    {.name = "row_dimension", .type = FT_STRING, .flags = RO},
    {.name = "rows", .type = FT_ARRAY, .flags = RO, .fields = &code_item},
    {.name = "column_dimension", .type = FT_STRING, .flags = RO},
    {.name = "columns", .type = FT_ARRAY, .flags = RO, .fields = &code_item},
    {.name = "totals", .type = FT_BOOLEAN, .flags = RO,
     .description = "the last row and column are totals (each child in one cell)"},
    {.name = "cells", .type = FT_ARRAY, .flags = RO, .fields = &cell_row,
     .description = "rows of cells: {\"value\": n}, or {\"suppressed\": true} with no value"},
    {.name = "suppressed_by_release", .type = FT_INTEGER, .flags = RO}, END};
static const field_spec label_out[] = {
    {.name = "code", .type = FT_STRING, .flags = RO},
    {.name = "nl", .type = FT_STRING, .flags = RO},
    {.name = "en", .type = FT_STRING, .flags = RO}, END};
static const field_spec label_item = {.name = "code", .type = FT_OBJECT, .fields = label_out};
static const field_spec dim_out[] = {
    {.name = "id", .type = FT_STRING, .flags = RO},
    {.name = "nl", .type = FT_STRING, .flags = RO},
    {.name = "en", .type = FT_STRING, .flags = RO},
    {.name = "codes", .type = FT_ARRAY, .flags = RO, .fields = &label_item}, END};
static const field_spec dim_item = {.name = "dimension", .type = FT_OBJECT, .fields = dim_out};
static const field_spec table_item = {.name = "table", .type = FT_OBJECT, .fields = table_out};
static const field_spec report_out[] = {
    {.name = "year", .type = FT_INTEGER, .flags = RO},
    {.name = "scope", .type = FT_OBJECT, .flags = RO, .fields = scope_out},
    {.name = "method", .type = FT_STRING, .flags = RO, .values = methods},
    {.name = "threshold", .type = FT_INTEGER, .flags = RO},
    {.name = "release", .type = FT_OBJECT, .flags = RO, .fields = release_out},
    {.name = "areas", .type = FT_ARRAY, .flags = RO, .fields = &code_item,
     .description = "the municipalities the reader may ask for"},
    {.name = "tables", .type = FT_ARRAY, .flags = RO, .fields = &table_item},
    {.name = "lead_times", .type = FT_ARRAY, .flags = RO, .fields = &open_item},
    {.name = "dimensions", .type = FT_ARRAY, .flags = RO, .fields = &dim_item,
     .description = "the names of every dimension and code the tables use, in Dutch and English"},
    {.name = "regions", .type = FT_STRING, .flags = F_READONLY | F_NULLABLE}, END};
static const field_spec measures_out[] = {
    {.name = "items", .type = FT_ARRAY, .flags = RO, .fields = &open_item},
    {.name = "version", .type = FT_INTEGER, .flags = RO},
    {.name = "source", .type = FT_STRING, .flags = RO},
    {.name = "statuses", .type = FT_ARRAY, .flags = RO, .fields = &code_item}, END};

static const field_spec municipality_item[] = {
    {.name = "name", .type = FT_STRING, .flags = RO},
    {.name = "safety_region", .type = FT_STRING, .flags = RO},
    {.name = "police_unit", .type = FT_STRING, .flags = RO}, END};
static const field_spec municipality_obj = {.name = "municipality", .type = FT_OBJECT,
                                            .fields = municipality_item};
static const field_spec regions_out[] = {
    {.name = "municipalities", .type = FT_ARRAY, .flags = RO, .fields = &municipality_obj,
     .description = "the municipalities an organisation can be, and the report's areas"},
    {.name = "safety_regions", .type = FT_ARRAY, .flags = RO, .fields = &open_item},
    {.name = "police_units", .type = FT_ARRAY, .flags = RO, .fields = &open_item},
    {.name = "version", .type = FT_INTEGER, .flags = RO},
    {.name = "source", .type = FT_STRING, .flags = RO}, END};

const http_schema http_schemas_monitor[] = {
    {"ProgressReport", report_out}, {"Measures", measures_out}, {"Regions", regions_out},
    {NULL, NULL},
};

static const query_param report_q[] = {
    {"year", "string", "the year, YYYY (required)"},
    {"municipality", "string", "one municipality: national analysts any, a municipality its own"},
    {"method", "string", "suppression (default) or cell-key"},
    {"format", "string", "json (default), csv or html (printable, with charts)"},
    {"lang", "string", "html: nl (default) or en"},
    {NULL, NULL, NULL}};

#define REPORT_ROLES (ROLE_BIT(ROLE_ANALYST) | ROLE_BIT(ROLE_CARE_COORDINATOR) \
                      | ROLE_BIT(ROLE_PROSECUTOR) | ROLE_BIT(ROLE_ADMINISTRATOR))

const route http_routes_monitor[] = {
    {"GET", "/api/v1/reports/progress", h_progress_report, ACCESS_SESSION, REPORT_ROLES, NULL,
     report_q, 200, "ProgressReport", "reports", "getProgressReport",
     "The yearly progress report for the reader's area, protected so that no child is singled"
     " out; recorded in the release log", false},
    {"GET", "/api/v1/measures", h_measures, ACCESS_SESSION, ROLES_ALL, NULL, NULL, 200,
     "Measures", "reports", "listMeasures",
     "The programme's measures with their status, milestones and dated notes", false},
    {"GET", "/api/v1/regions", h_regions, ACCESS_SESSION, ROLES_ALL, NULL, NULL, 200, "Regions",
     "reports", "listRegions",
     "The published regions: each municipality with its safety region and police unit", false},
    {NULL, NULL, NULL, ACCESS_PUBLIC, 0, NULL, NULL, 0, NULL, NULL, NULL, NULL, false},
};
// clang-format on
