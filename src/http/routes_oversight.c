/*
 * routes_oversight.c - what the roles that oversee need beside the
 * administration and audit routes of routes.c: the catalogue of roles an
 * administrator gives accounts, the directory of people an auditor reads
 * the trail by, and the referrals a privacy officer checks because they
 * were sent on an override of the legal basis.  See routes.c for the shape
 * of an entry.
 */
#include "http/h_oversight.h"

/* The tables below are laid out by hand for reading. */
// clang-format off
#define END {.type = FT_END}
#define RO (F_READONLY | F_REQUIRED)

/* ---- responses -------------------------------------------------------- */

static const field_spec code_item = {.name = "code", .type = FT_STRING};
static const field_spec role_out[] = {
    {.name = "code", .type = FT_STRING, .flags = RO},
    {.name = "nl", .type = FT_STRING, .flags = RO},
    {.name = "en", .type = FT_STRING, .flags = RO},
    {.name = "second_factor", .type = FT_BOOLEAN, .flags = RO,
     .description = "accounts with this role always log in with a second factor"},
    {.name = "national", .type = FT_BOOLEAN, .flags = RO,
     .description = "given by national administrators only"},
    {.name = "organisation_types", .type = FT_ARRAY, .flags = RO, .fields = &code_item,
     .description = "the kinds of organisation where an account can have this role"},
    END};
static const field_spec role_item = {.name = "role", .type = FT_OBJECT, .fields = role_out};
static const field_spec org_type_out[] = {
    {.name = "code", .type = FT_STRING, .flags = RO},
    {.name = "nl", .type = FT_STRING, .flags = RO},
    {.name = "en", .type = FT_STRING, .flags = RO}, END};
static const field_spec org_type_item = {.name = "organisation_type", .type = FT_OBJECT,
                                         .fields = org_type_out};
static const field_spec roles_out[] = {
    {.name = "items", .type = FT_ARRAY, .flags = RO, .fields = &role_item},
    {.name = "organisation_types", .type = FT_ARRAY, .flags = RO, .fields = &org_type_item},
    END};

static const field_spec org_ref_out[] = {
    {.name = "id", .type = FT_STRING, .flags = RO, .format = "uuid"},
    {.name = "name", .type = FT_STRING, .flags = RO},
    {.name = "type", .type = FT_STRING, .flags = RO}, END};
static const field_spec user_ref_out[] = {
    {.name = "id", .type = FT_STRING, .flags = RO, .format = "uuid"},
    {.name = "login", .type = FT_STRING, .flags = RO},
    {.name = "role", .type = FT_STRING, .flags = RO}, END};

static const field_spec person_out[] = {
    {.name = "id", .type = FT_STRING, .flags = RO, .format = "uuid",
     .description = "the user_id of their entries in the trail"},
    {.name = "login", .type = FT_STRING, .flags = RO},
    {.name = "role", .type = FT_STRING, .flags = RO},
    {.name = "organisation", .type = FT_OBJECT, .flags = RO, .fields = org_ref_out},
    {.name = "disabled", .type = FT_BOOLEAN, .flags = RO},
    END};

static const field_spec override_out[] = {
    {.name = "id", .type = FT_STRING, .flags = RO, .format = "uuid",
     .description = "the referral's id"},
    {.name = "created_at", .type = FT_STRING, .flags = RO, .format = "date-time"},
    {.name = "status", .type = FT_STRING, .flags = RO},
    {.name = "purpose", .type = FT_STRING, .flags = RO},
    {.name = "to", .type = FT_OBJECT, .flags = RO | F_NULLABLE, .fields = org_ref_out},
    {.name = "sent_by", .type = FT_OBJECT, .flags = RO | F_NULLABLE, .fields = user_ref_out},
    {.name = "override_reason", .type = FT_STRING, .flags = RO | F_NULLABLE,
     .description = "why the sender shared without a recorded legal basis, in their words"},
    END};

const http_schema http_schemas_oversight[] = {
    {"RoleCatalogue", roles_out},
    {"AuditPerson", person_out},
    {"ReferralOverride", override_out},
    {NULL, NULL},
};

/* ---- query parameters -------------------------------------------------- */

static const query_param page_q[] = {
    {"cursor", "string", "next_cursor of the previous page"},
    {"limit", "integer", "items per page (default 20; larger values than 100 give 100)"},
    {NULL, NULL, NULL}};

/* ---- the table -------------------------------------------------------- */

#define ADMIN (ROLE_BIT(ROLE_ADMINISTRATOR) | ROLE_BIT(ROLE_NATIONAL_ADMINISTRATOR))
#define AUDITOR (ROLE_BIT(ROLE_AUDITOR) | ROLE_BIT(ROLE_NATIONAL_AUDITOR))
#define PRIVACY ROLE_BIT(ROLE_PRIVACY_OFFICER)

const route http_routes_oversight[] = {
    {"GET", "/api/v1/roles", h_role_catalogue, ACCESS_SESSION, ADMIN, NULL, NULL, 200,
     "RoleCatalogue", "administration", "listRoles",
     "Every role, with the kinds of organisation where an account can have it", false},
    {"GET", "/api/v1/audit/people", h_audit_people, ACCESS_SESSION, AUDITOR, NULL, page_q, 200,
     "AuditPerson", "audit", "listAuditPeople",
     "The accounts whose actions you read in the trail: your organisation's (everyone's for a"
     " national auditor)",
     true},
    {"GET", "/api/v1/referral-overrides", h_override_list, ACCESS_SESSION, PRIVACY, NULL, page_q,
     200, "ReferralOverride", "referrals", "listReferralOverrides",
     "The referrals your organisation sent on an override of the legal basis, with the reason"
     " given and never the content shared",
     true},
    {NULL, NULL, NULL, ACCESS_PUBLIC, 0, NULL, NULL, 0, NULL, NULL, NULL, NULL, false},
};
// clang-format on
