/*
 * routes_subject.c - subject access (AVG art. 15): the copy of everything
 * signaal holds about one child, for a privacy officer.  See routes.c for
 * the shape of an entry.
 */
#include "http/h_subject.h"

// clang-format off
#define END {.type = FT_END}
#define RO (F_READONLY | F_REQUIRED)

static const field_spec export_in[] = {
    {.name = "person_id", .type = FT_STRING, .format = "uuid",
     .description = "the child's id; or give bsn"},
    {.name = "bsn", .type = FT_STRING, .min = 9, .max = 9,
     .description = "the child's citizen service number: every record of the child with it,"
                    " and the reference index's registrations"},
    {.name = "reference", .type = FT_STRING, .min = 1, .max = 100,
     .description = "the request's reference in the privacy officer's files (audited)"},
    END};

static const field_spec open_item = {.name = "item", .type = FT_OBJECT, .flags = F_OPEN};
static const field_spec id_item = {.name = "id", .type = FT_STRING};
static const field_spec child_out[] = {
    {.name = "ids", .type = FT_ARRAY, .flags = RO, .fields = &id_item,
     .description = "the child's person records in the copy"}, END};
static const field_spec scope_out[] = {
    {.name = "all_organisations", .type = FT_BOOLEAN, .flags = RO},
    {.name = "organisation", .type = FT_OBJECT, .flags = F_READONLY | F_OPEN | F_NULLABLE,
     .description = "the organisation whose records it holds; null for all"}, END};
static const field_spec section_out[] = {
    {.name = "kind", .type = FT_STRING, .flags = RO},
    {.name = "nl", .type = FT_STRING, .flags = RO},
    {.name = "en", .type = FT_STRING, .flags = RO},
    {.name = "purpose", .type = FT_OBJECT, .flags = F_READONLY | F_OPEN},
    {.name = "source", .type = FT_STRING, .flags = RO},
    {.name = "items", .type = FT_ARRAY, .flags = RO, .fields = &open_item},
    {.name = "truncated", .type = FT_BOOLEAN, .flags = RO},
    {.name = "total", .type = FT_INTEGER, .flags = F_READONLY,
     .description = "the access log: how many entries there are in all"}, END};
static const field_spec section_item = {.name = "section", .type = FT_OBJECT,
                                        .fields = section_out};
static const field_spec copy_out[] = {
    {.name = "generated_at", .type = FT_STRING, .flags = RO, .format = "date-time"},
    {.name = "reference", .type = FT_STRING, .flags = F_READONLY | F_NULLABLE},
    {.name = "requested_by", .type = FT_OBJECT, .flags = F_READONLY | F_OPEN},
    {.name = "scope", .type = FT_OBJECT, .flags = RO, .fields = scope_out},
    {.name = "child", .type = FT_OBJECT, .flags = RO, .fields = child_out},
    {.name = "rules_version", .type = FT_INTEGER, .flags = RO},
    {.name = "information", .type = FT_OBJECT, .flags = F_READONLY | F_OPEN,
     .description = "the rights, the officer's note, what is never held: Dutch and English"},
    {.name = "labels", .type = FT_OBJECT, .flags = F_READONLY | F_OPEN,
     .description = "the name of every field, in Dutch and English"},
    {.name = "sections", .type = FT_ARRAY, .flags = RO, .fields = &section_item,
     .description = "every kind of record, each with its purpose and legal basis, the access"
                    " log last"}, END};

const http_schema http_schemas_subject[] = {
    {"SubjectAccessCopy", copy_out}, {NULL, NULL},
};

static const query_param copy_q[] = {
    {"format", "string", "json (default) or html (printable)"},
    {"lang", "string", "html: nl (default) or en"},
    {"reference", "string", "the request's reference in the privacy officer's files (audited)"},
    {NULL, NULL, NULL}};
static const query_param export_q[] = {
    {"format", "string", "json (default) or html (printable)"},
    {"lang", "string", "html: nl (default) or en"},
    {NULL, NULL, NULL}};

#define OFFICER ROLE_BIT(ROLE_PRIVACY_OFFICER)

const route http_routes_subject[] = {
    {"GET", "/api/v1/persons/{id}/subject-access", h_subject_person, ACCESS_SESSION, OFFICER,
     NULL, copy_q, 200, "SubjectAccessCopy", "subject-access", "getSubjectAccessCopy",
     "AVG art. 15: everything held about the child in the privacy officer's scope (their"
     " organisation's records; the national office's: all), with who saw it and when; audited",
     false},
    {"POST", "/api/v1/subject-access-exports", h_subject_export, ACCESS_SESSION, OFFICER,
     export_in, export_q, 200, "SubjectAccessCopy", "subject-access", "createSubjectAccessCopy",
     "The same copy, asked for by the child's id or BSN (which stays out of addresses and"
     " logs); a child with only reference-index registrations is found by BSN; audited",
     false},
    {NULL, NULL, NULL, ACCESS_PUBLIC, 0, NULL, NULL, 0, NULL, NULL, NULL, NULL, false},
};
// clang-format on
