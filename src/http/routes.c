/*
 * routes.c - the one declarative table of the API: every route with its
 * handler, who may call it, the shape of its body and its description.
 * The router, the checks before each handler and the OpenAPI document all
 * read this table; nothing else lists the routes.
 */
#include "http/server_int.h"
#include "service/school/persons.h"
#include "service/school/signals.h"

/* The tables below are laid out by hand for reading. */
// clang-format off

static const char *const org_types[] = {"school", "police", "prosecution", "youth-care",
                                        "veilig-thuis", "municipality", "expert-group",
                                        "national-analysis", "national-office",
                                        "youth-health-care", "child-protection-board", "halt",
                                        "certified-institution", NULL};
static const char *const roles[] = {"mentor", "care-coordinator", "police-officer", "prosecutor",
                                    "care-worker", "analyst", "auditor", "administrator",
                                    "privacy-officer", "national-administrator",
                                    "national-auditor",
                                    "youth-health-professional", "child-protection-investigator",
                                    "halt-professional", "family-guardian",
                                    "youth-probation-officer", NULL};

#define END {.type = FT_END}
#define RO (F_READONLY | F_REQUIRED)

/* ---- request bodies --------------------------------------------------- */

static const field_spec session_in[] = {
    {.name = "login", .type = FT_STRING, .flags = F_REQUIRED, .min = 1, .max = 64},
    {.name = "password", .type = FT_STRING, .flags = F_REQUIRED, .format = "password", .min = 1,
     .max = 256},
    {.name = "otp", .type = FT_STRING, .min = 6, .max = 6,
     .description = "the six-digit code of the second factor, when it is needed"},
    END};

static const field_spec totp_confirm_in[] = {
    {.name = "code", .type = FT_STRING, .flags = F_REQUIRED, .min = 6, .max = 6,
     .description = "a code from the newly enrolled authenticator app"},
    END};

static const field_spec org_in[] = {
    {.name = "name", .type = FT_STRING, .flags = F_REQUIRED, .min = 1, .max = 200},
    {.name = "type", .type = FT_STRING, .flags = F_REQUIRED, .values = org_types},
    {.name = "require_mfa", .type = FT_BOOLEAN,
     .description = "all users of this organisation must use a second factor"},
    {.name = "municipality", .type = FT_STRING, .flags = F_NULLABLE, .min = 1, .max = 80,
     .description = "an organisation of type municipality: which one, as the published regions"
                    " data lists it; its analysts see that municipality's progress report"},
    END};

static const field_spec org_patch[] = {
    {.name = "require_mfa", .type = FT_BOOLEAN},
    {.name = "municipality", .type = FT_STRING, .flags = F_NULLABLE, .min = 1, .max = 80,
     .description = "set (national administrator only) or clear (null) which municipality an"
                    " organisation of type municipality is"},
    END};

static const field_spec user_in[] = {
    {.name = "login", .type = FT_STRING, .flags = F_REQUIRED, .min = 3, .max = 64,
     .description = "lower-case letters, digits, '.', '_' or '-'"},
    {.name = "organisation", .type = FT_STRING, .flags = F_REQUIRED, .min = 1, .max = 200,
     .description = "the organisation's id or name"},
    {.name = "role", .type = FT_STRING, .flags = F_REQUIRED, .values = roles},
    {.name = "password", .type = FT_STRING, .flags = F_REQUIRED, .format = "password", .min = 12,
     .max = 256},
    END};

static const field_spec user_patch[] = {
    {.name = "disabled", .type = FT_BOOLEAN},
    {.name = "reset_password", .type = FT_BOOLEAN,
     .description = "replace the password by a one-time code (in the answer, shown once) with"
                    " which the user logs in once to choose a new password; the administrator"
                    " never sets or sees a working password"},
    {.name = "reset_totp", .type = FT_BOOLEAN,
     .description = "forget the second factor; the user enrols again at the next log-in (not"
                    " by the administrator who reset the password)"},
    END};

static const field_spec password_in[] = {
    {.name = "current_password", .type = FT_STRING, .format = "password", .min = 1, .max = 256,
     .description = "required, except in a session opened with a reset code"},
    {.name = "new_password", .type = FT_STRING, .flags = F_REQUIRED, .format = "password",
     .min = 12, .max = 256},
    END};

static const field_spec token_in[] = {
    {.name = "label", .type = FT_STRING, .flags = F_REQUIRED, .min = 1, .max = 200,
     .description = "what the token is for, e.g. the connecting system"},
    {.name = "days", .type = FT_INTEGER, .min = 1, .max = 365},
    END};

static const field_spec person_in[] = {
    {.name = "name", .type = FT_STRING, .flags = F_REQUIRED, .min = 1, .max = 200},
    {.name = "bsn", .type = FT_STRING, .flags = F_NULLABLE, .min = 9, .max = 9,
     .description = "citizen service number; must pass the eleven test"},
    {.name = "birth_date", .type = FT_STRING, .flags = F_REQUIRED, .format = "date"},
    {.name = "gender", .type = FT_STRING, .flags = F_REQUIRED, .values = person_genders},
    {.name = "municipality", .type = FT_STRING, .flags = F_REQUIRED, .min = 1, .max = 80},
    END};

static const field_spec indicator_ref[] = {
    {.name = "id", .type = FT_STRING, .flags = F_REQUIRED, .min = 1, .max = 32,
     .description = "an indicator id from the current catalogue, e.g. SCH-06"},
    {.name = "kind", .type = FT_STRING, .values = signal_kinds,
     .description = "an observed fact (the default) or an impression"},
    END};

static const field_spec indicator_item = {.name = "indicator", .type = FT_OBJECT,
                                          .fields = indicator_ref};

static const field_spec signal_in[] = {
    {.name = "person_id", .type = FT_STRING, .flags = F_REQUIRED, .format = "uuid"},
    {.name = "observed_on", .type = FT_STRING, .flags = F_REQUIRED, .format = "date"},
    {.name = "setting", .type = FT_STRING, .flags = F_REQUIRED, .values = signal_settings},
    {.name = "observation", .type = FT_STRING, .flags = F_REQUIRED, .min = 1, .max = 10000,
     .description = "what was seen or heard, as facts where possible"},
    {.name = "indicators", .type = FT_ARRAY, .flags = F_STRING_ITEM, .max = SIGNAL_MAX_INDICATORS,
     .fields = &indicator_item,
     .description = "indicators observed; a plain id stands for {\"id\": id, \"kind\": \"fact\"}"},
    END};

static const field_spec catalogue_in[] = {
    {.name = "content", .type = FT_STRING, .flags = F_REQUIRED, .min = 1,
     .description = "the catalogue file: tab-separated, with a header line"},
    {.name = "note", .type = FT_STRING, .max = 200}, END};

/* ---- responses -------------------------------------------------------- */

static const field_spec ref_out[] = {
    {.name = "id", .type = FT_STRING, .flags = RO, .format = "uuid"},
    {.name = "name", .type = FT_STRING, .flags = F_READONLY},
    {.name = "type", .type = FT_STRING, .flags = F_READONLY},
    END};

static const field_spec health_out[] = {
    {.name = "status", .type = FT_STRING, .flags = RO},
    {.name = "version", .type = FT_STRING, .flags = RO}, END};

static const field_spec session_user_out[] = {
    {.name = "id", .type = FT_STRING, .flags = RO, .format = "uuid"},
    {.name = "login", .type = FT_STRING, .flags = RO},
    {.name = "role", .type = FT_STRING, .flags = RO, .values = roles},
    END};

static const field_spec session_out[] = {
    {.name = "user", .type = FT_OBJECT, .flags = RO, .fields = session_user_out},
    {.name = "organisation", .type = FT_OBJECT, .flags = RO, .fields = ref_out},
    {.name = "mfa_pending", .type = FT_BOOLEAN, .flags = RO,
     .description = "true while the second factor must still be enrolled"},
    {.name = "password_change_required", .type = FT_BOOLEAN, .flags = RO,
     .description = "true in a session opened with a reset code: set a new password first"},
    {.name = "csrf_token", .type = FT_STRING, .flags = F_READONLY,
     .description = "send as X-CSRF-Token with every state-changing request"},
    {.name = "expires_at", .type = FT_STRING, .flags = F_READONLY, .format = "date-time"},
    END};

static const field_spec totp_out[] = {
    {.name = "secret", .type = FT_STRING, .flags = RO, .description = "base32, to type in"},
    {.name = "otpauth_uri", .type = FT_STRING, .flags = RO},
    {.name = "qr_svg", .type = FT_STRING, .flags = RO, .description = "the URI as a QR code"},
    END};

static const field_spec org_out[] = {
    {.name = "id", .type = FT_STRING, .flags = RO, .format = "uuid"},
    {.name = "name", .type = FT_STRING, .flags = RO},
    {.name = "type", .type = FT_STRING, .flags = RO, .values = org_types},
    {.name = "require_mfa", .type = FT_BOOLEAN, .flags = RO},
    {.name = "created_at", .type = FT_STRING, .flags = RO, .format = "date-time"},
    {.name = "municipality", .type = FT_STRING, .flags = RO | F_NULLABLE,
     .description = "which municipality (of the published regions data) a municipality's"
                    " organisation is, or null"},
    END};

static const field_spec user_out[] = {
    {.name = "id", .type = FT_STRING, .flags = RO, .format = "uuid"},
    {.name = "login", .type = FT_STRING, .flags = RO},
    {.name = "role", .type = FT_STRING, .flags = RO, .values = roles},
    {.name = "organisation", .type = FT_OBJECT, .flags = RO, .fields = ref_out},
    {.name = "totp_enabled", .type = FT_BOOLEAN, .flags = RO},
    {.name = "disabled", .type = FT_BOOLEAN, .flags = RO},
    {.name = "reset_pending", .type = FT_BOOLEAN, .flags = RO,
     .description = "the password was reset: the user has yet to choose a new one"},
    {.name = "created_at", .type = FT_STRING, .flags = RO, .format = "date-time"},
    {.name = "reset_code", .type = FT_STRING, .flags = F_READONLY,
     .description = "after reset_password only: the one-time code, shown this once"},
    {.name = "reset_expires_at", .type = FT_STRING, .flags = F_READONLY, .format = "date-time"},
    END};

static const field_spec colleague_out[] = {
    {.name = "id", .type = FT_STRING, .flags = RO, .format = "uuid"},
    {.name = "login", .type = FT_STRING, .flags = RO},
    {.name = "role", .type = FT_STRING, .flags = RO, .values = roles},
    END};
static const field_spec colleague_item = {.name = "colleague", .type = FT_OBJECT,
                                          .fields = colleague_out};
static const field_spec colleagues_out[] = {
    {.name = "items", .type = FT_ARRAY, .flags = RO, .fields = &colleague_item}, END};

static const field_spec token_out[] = {
    {.name = "id", .type = FT_STRING, .flags = RO, .format = "uuid"},
    {.name = "token", .type = FT_STRING, .flags = F_READONLY,
     .description = "the bearer token; in the answer that made it, shown this once only"},
    {.name = "label", .type = FT_STRING, .flags = RO},
    {.name = "user", .type = FT_STRING, .flags = F_READONLY, .format = "uuid"},
    {.name = "created_at", .type = FT_STRING, .flags = RO, .format = "date-time"},
    {.name = "expires_at", .type = FT_STRING, .flags = RO, .format = "date-time"},
    {.name = "revoked_at", .type = FT_STRING, .flags = F_READONLY | F_NULLABLE,
     .format = "date-time"},
    {.name = "active", .type = FT_BOOLEAN, .flags = RO},
    END};
static const field_spec token_item = {.name = "token", .type = FT_OBJECT, .fields = token_out};
static const field_spec tokens_out[] = {
    {.name = "items", .type = FT_ARRAY, .flags = RO, .fields = &token_item}, END};

static const field_spec person_out[] = {
    {.name = "id", .type = FT_STRING, .flags = RO, .format = "uuid",
     .description = "the pseudonymous id of the child"},
    {.name = "name", .type = FT_STRING, .flags = RO},
    {.name = "bsn", .type = FT_STRING, .flags = F_READONLY},
    {.name = "birth_date", .type = FT_STRING, .flags = RO, .format = "date"},
    {.name = "birth_year", .type = FT_INTEGER, .flags = RO},
    {.name = "birth_month", .type = FT_INTEGER, .flags = RO},
    {.name = "gender", .type = FT_STRING, .flags = RO, .values = person_genders},
    {.name = "municipality", .type = FT_STRING, .flags = RO},
    {.name = "created_at", .type = FT_STRING, .flags = RO, .format = "date-time"},
    END};

static const field_spec indicator_ref_out[] = {
    {.name = "id", .type = FT_STRING, .flags = RO},
    {.name = "kind", .type = FT_STRING, .flags = RO, .values = signal_kinds}, END};
static const field_spec indicator_ref_item = {.name = "indicator", .type = FT_OBJECT,
                                              .fields = indicator_ref_out};
static const field_spec id_out[] = {
    {.name = "id", .type = FT_STRING, .flags = RO, .format = "uuid"}, END};

static const field_spec signal_out[] = {
    {.name = "id", .type = FT_STRING, .flags = RO, .format = "uuid"},
    {.name = "person_id", .type = FT_STRING, .flags = RO, .format = "uuid"},
    {.name = "observed_on", .type = FT_STRING, .flags = RO, .format = "date"},
    {.name = "setting", .type = FT_STRING, .flags = RO, .values = signal_settings},
    {.name = "observation", .type = FT_STRING, .flags = RO},
    {.name = "indicators", .type = FT_ARRAY, .flags = RO, .fields = &indicator_ref_item},
    {.name = "catalogue_version", .type = FT_INTEGER, .flags = RO},
    {.name = "observer", .type = FT_OBJECT, .flags = RO, .fields = id_out},
    {.name = "organisation", .type = FT_OBJECT, .flags = RO, .fields = id_out},
    {.name = "created_at", .type = FT_STRING, .flags = RO, .format = "date-time"},
    END};

static const field_spec version_out[] = {
    {.name = "version", .type = FT_INTEGER, .flags = RO},
    {.name = "published_at", .type = FT_STRING, .flags = RO, .format = "date-time"},
    {.name = "indicator_count", .type = FT_INTEGER, .flags = RO},
    {.name = "source_sha256", .type = FT_STRING, .flags = RO},
    {.name = "note", .type = FT_STRING, .flags = RO},
    END};

static const field_spec lang_out[] = {
    {.name = "nl", .type = FT_STRING, .flags = RO},
    {.name = "en", .type = FT_STRING, .flags = RO}, END};
static const field_spec category_out[] = {
    {.name = "id", .type = FT_STRING, .flags = RO},
    {.name = "nl", .type = FT_STRING, .flags = RO},
    {.name = "en", .type = FT_STRING, .flags = RO}, END};
static const field_spec indicator_out[] = {
    {.name = "id", .type = FT_STRING, .flags = RO},
    {.name = "category", .type = FT_OBJECT, .flags = RO, .fields = category_out},
    {.name = "text", .type = FT_OBJECT, .flags = RO, .fields = lang_out},
    {.name = "strength", .type = FT_STRING, .flags = RO,
     .description = "S: one is enough to consult today; M: meaningful in combination;"
                    " W: context only; C: vulnerability, never counted toward concern"},
    {.name = "strength_note", .type = FT_OBJECT, .flags = F_READONLY | F_NULLABLE,
     .fields = lang_out, .description = "a qualifier of the strength, such as S if large cash"},
    {.name = "sources", .type = FT_STRING, .flags = RO},
    {.name = "observation", .type = FT_STRING, .flags = F_READONLY | F_NULLABLE,
     .description = "the kind of observation (behaviour, possession, ..., vulnerability), from"
                    " the published catalogue safeguards; null in versions from before them"},
    END};
static const field_spec indicator_item_out = {.name = "indicator", .type = FT_OBJECT,
                                              .fields = indicator_out};
static const field_spec indicators_out[] = {
    {.name = "version", .type = FT_INTEGER, .flags = RO},
    {.name = "published_at", .type = FT_STRING, .flags = RO, .format = "date-time"},
    {.name = "items", .type = FT_ARRAY, .flags = RO, .fields = &indicator_item_out},
    END};

static const field_spec audit_out[] = {
    {.name = "seq", .type = FT_INTEGER, .flags = RO},
    {.name = "at", .type = FT_STRING, .flags = RO, .format = "date-time"},
    {.name = "user_id", .type = FT_STRING, .flags = RO},
    {.name = "role", .type = FT_STRING, .flags = RO},
    {.name = "organisation_id", .type = FT_STRING, .flags = RO},
    {.name = "action", .type = FT_STRING, .flags = RO},
    {.name = "record_type", .type = FT_STRING, .flags = RO},
    {.name = "record_id", .type = FT_STRING, .flags = RO},
    {.name = "person_id", .type = FT_STRING, .flags = RO},
    {.name = "client", .type = FT_STRING, .flags = RO},
    {.name = "purpose", .type = FT_STRING, .flags = RO},
    {.name = "hash", .type = FT_STRING, .flags = RO},
    END};

static const field_spec verification_out[] = {
    {.name = "intact", .type = FT_BOOLEAN, .flags = RO},
    {.name = "checked", .type = FT_INTEGER, .flags = RO},
    {.name = "broken_at", .type = FT_INTEGER, .flags = F_READONLY | F_NULLABLE},
    {.name = "reason", .type = FT_STRING, .flags = F_READONLY | F_NULLABLE},
    END};

static const field_spec invalid_param[] = {
    {.name = "name", .type = FT_STRING, .flags = RO},
    {.name = "reason", .type = FT_STRING, .flags = RO}, END};
static const field_spec invalid_param_item = {.name = "param", .type = FT_OBJECT,
                                              .fields = invalid_param};
static const field_spec problem_out[] = {
    {.name = "type", .type = FT_STRING, .flags = F_READONLY},
    {.name = "status", .type = FT_INTEGER, .flags = RO},
    {.name = "title", .type = FT_STRING, .flags = RO},
    {.name = "detail", .type = FT_STRING, .flags = F_READONLY},
    {.name = "invalidParams", .type = FT_ARRAY, .flags = F_READONLY, .fields = &invalid_param_item},
    END};

const http_schema http_schemas_core[] = {
    {"Health", health_out},         {"Session", session_out},
    {"TotpEnrolment", totp_out},    {"Organisation", org_out},
    {"User", user_out},             {"Token", token_out},
    {"Tokens", tokens_out},
    {"Colleagues", colleagues_out},
    {"Person", person_out},         {"Signal", signal_out},
    {"CatalogueVersion", version_out}, {"Indicators", indicators_out},
    {"AuditEntry", audit_out},      {"AuditVerification", verification_out},
    {"Problem", problem_out},       {NULL, NULL},
};

/* ---- query parameters -------------------------------------------------- */

static const query_param page_q[] = {
    {"cursor", "string", "next_cursor of the previous page"},
    {"limit", "integer", "items per page (default 20; larger values than 100 give 100)"},
    {NULL, NULL, NULL}};
static const query_param users_q[] = {
    {"organisation", "string", "only users of this organisation (id or name)"},
    {"cursor", "string", "next_cursor of the previous page"},
    {"limit", "integer", "items per page"},
    {NULL, NULL, NULL}};
static const query_param signals_q[] = {
    {"person_id", "string", "only signals about this child"},
    {"cursor", "string", "next_cursor of the previous page"},
    {"limit", "integer", "items per page"},
    {NULL, NULL, NULL}};
static const query_param indicators_q[] = {
    {"version", "integer", "a catalogue version (default: the newest)"}, {NULL, NULL, NULL}};
static const query_param audit_q[] = {
    {"person_id", "string", "only entries about this child: who saw or changed the record"},
    {"user_id", "string", "only entries by this user"},
    {"action", "string", "only this action, e.g. person.read"},
    {"from", "string", "only from this date (YYYY-MM-DD)"},
    {"until", "string", "only up to and including this date (YYYY-MM-DD)"},
    {"cursor", "string", "next_cursor of the previous page (newest first)"},
    {"limit", "integer", "items per page"},
    {NULL, NULL, NULL}};

/* ---- the table -------------------------------------------------------- */

#define ADMIN (ROLE_BIT(ROLE_ADMINISTRATOR) | ROLE_BIT(ROLE_NATIONAL_ADMINISTRATOR))
#define NATIONAL_ADMIN ROLE_BIT(ROLE_NATIONAL_ADMINISTRATOR)
#define AUDITOR (ROLE_BIT(ROLE_AUDITOR) | ROLE_BIT(ROLE_NATIONAL_AUDITOR))
/* Who may hold an API token: the casework roles (roles that must always
 * use a second factor may not). */
#define TOKEN_HOLDERS                                                                              \
    (ROLE_BIT(ROLE_MENTOR) | ROLE_BIT(ROLE_CARE_COORDINATOR) | ROLE_BIT(ROLE_POLICE_OFFICER)       \
     | ROLE_BIT(ROLE_PROSECUTOR) | ROLES_CHAIN_PROFESSIONAL | ROLE_BIT(ROLE_ANALYST))

const route http_routes_core[] = {
    {"GET", "/healthz", h_health, ACCESS_PUBLIC, ROLES_ALL, NULL, NULL, 200, "Health", "operations",
     "getHealth", "Liveness: answers while the server runs", false},
    {"GET", "/api/v1/openapi.json", h_openapi, ACCESS_PUBLIC, ROLES_ALL, NULL, NULL, 200, NULL,
     "operations", "getOpenApi", "This API's description (OpenAPI 3)", false},

    {"POST", "/api/v1/session", h_session_create, ACCESS_PUBLIC, ROLES_ALL, session_in, NULL, 200,
     "Session", "session", "createSession", "Log in; sets the session cookie", false},
    {"GET", "/api/v1/session", h_session_get, ACCESS_ENROL, ROLES_ALL, NULL, NULL, 200, "Session",
     "session", "getSession", "Who am I", false},
    {"DELETE", "/api/v1/session", h_session_delete, ACCESS_ENROL, ROLES_ALL, NULL, NULL, 204, NULL,
     "session", "deleteSession", "Log out", false},
    {"POST", "/api/v1/session/totp", h_totp_create, ACCESS_ENROL, ROLES_ALL, NULL, NULL, 201,
     "TotpEnrolment", "session", "createTotpEnrolment", "Start enrolling an authenticator app", false},
    {"POST", "/api/v1/session/totp/confirmation", h_totp_confirm, ACCESS_ENROL, ROLES_ALL,
     totp_confirm_in, NULL, 200, "Session", "session", "confirmTotpEnrolment",
     "Finish enrolment with a first code", false},
    {"POST", "/api/v1/session/password", h_password_change, ACCESS_ENROL, ROLES_ALL, password_in,
     NULL, 200, "Session", "session", "changePassword",
     "Set a new password (after a reset: the first thing to do); ends every other session and"
     " every API token made before",
     false},
    {"GET", "/api/v1/session/tokens", h_own_token_list, ACCESS_SESSION, TOKEN_HOLDERS, NULL, NULL,
     200, "Tokens", "session", "listOwnTokens", "My API tokens (never their secrets)", false},
    {"POST", "/api/v1/session/tokens", h_own_token_create, ACCESS_SESSION, TOKEN_HOLDERS, token_in,
     NULL, 201, "Token", "session", "createOwnToken",
     "Make an API token for my own account, for a system I connect; shown once", false},

    {"GET", "/api/v1/organisations", h_org_list, ACCESS_SESSION, ADMIN, NULL, page_q, 200,
     "Organisation", "administration", "listOrganisations", "List organisations", true},
    {"POST", "/api/v1/organisations", h_org_create, ACCESS_SESSION, NATIONAL_ADMIN, org_in, NULL, 201,
     "Organisation", "administration", "createOrganisation", "Add an organisation", false},
    {"GET", "/api/v1/organisations/{id}", h_org_get, ACCESS_SESSION, ADMIN, NULL, NULL, 200,
     "Organisation", "administration", "getOrganisation", "Read an organisation", false},
    {"PATCH", "/api/v1/organisations/{id}", h_org_update, ACCESS_SESSION, ADMIN, org_patch, NULL,
     200, "Organisation", "administration", "updateOrganisation",
     "Require a second factor for all of its users, or not; set which municipality it is", false},
    {"GET", "/api/v1/users", h_user_list, ACCESS_SESSION, ADMIN, NULL, users_q, 200, "User",
     "administration", "listUsers", "List user accounts", true},
    {"POST", "/api/v1/users", h_user_create, ACCESS_SESSION, ADMIN, user_in, NULL, 201, "User",
     "administration", "createUser", "Add a user account", false},
    {"GET", "/api/v1/users/{id}", h_user_get, ACCESS_SESSION, ADMIN, NULL, NULL, 200, "User",
     "administration", "getUser", "Read a user account", false},
    {"PATCH", "/api/v1/users/{id}", h_user_update, ACCESS_SESSION, ADMIN, user_patch, NULL, 200,
     "User", "administration", "updateUser",
     "Disable or enable, set a new password, reset the second factor", false},
    {"GET", "/api/v1/users/{id}/tokens", h_user_tokens, ACCESS_SESSION, ADMIN, NULL, NULL, 200,
     "Tokens", "administration", "listUserTokens",
     "The API tokens of an account you manage (never their secrets)", false},
    {"DELETE", "/api/v1/tokens/{id}", h_token_delete, ACCESS_SESSION, ADMIN | TOKEN_HOLDERS, NULL,
     NULL, 204, NULL,
     "administration", "revokeToken", "Revoke an API token", false},

    {"GET", "/api/v1/colleagues", h_colleagues, ACCESS_SESSION, ROLES_ALL, NULL, NULL, 200,
     "Colleagues", "persons", "listColleagues",
     "The active users of my organisation, to give an action to", false},

    {"GET", "/api/v1/persons", h_person_list, ACCESS_SESSION, ROLES_ALL, NULL, page_q, 200,
     "Person", "persons", "listPersons", "The children your organisation is party to", true},
    {"POST", "/api/v1/persons", h_person_create, ACCESS_SESSION, ROLES_ALL, person_in, NULL, 201,
     "Person", "persons", "createPerson", "Record a child of concern", false},
    {"GET", "/api/v1/persons/{id}", h_person_get, ACCESS_SESSION, ROLES_ALL, NULL, NULL, 200,
     "Person", "persons", "getPerson", "Read a child's record", false},

    {"GET", "/api/v1/signals", h_signal_list, ACCESS_SESSION, ROLES_ALL, NULL, signals_q, 200,
     "Signal", "signals", "listSignals", "The signals you may see", true},
    {"POST", "/api/v1/signals", h_signal_create, ACCESS_SESSION, ROLES_ALL, signal_in, NULL, 201,
     "Signal", "signals", "createSignal", "Record what you observed", false},
    {"GET", "/api/v1/signals/{id}", h_signal_get, ACCESS_SESSION, ROLES_ALL, NULL, NULL, 200,
     "Signal", "signals", "getSignal", "Read a signal", false},

    {"GET", "/api/v1/catalogue/versions", h_catalogue_versions, ACCESS_SESSION, ROLES_ALL, NULL,
     NULL, 200, "CatalogueVersion", "catalogue", "listCatalogueVersions",
     "The published versions of the indicator catalogue", true},
    {"POST", "/api/v1/catalogue/versions", h_catalogue_publish, ACCESS_SESSION, NATIONAL_ADMIN,
     catalogue_in, NULL, 201, "CatalogueVersion", "catalogue", "publishCatalogueVersion",
     "Publish a new version of the indicator catalogue", false},
    {"GET", "/api/v1/catalogue/indicators", h_catalogue_indicators, ACCESS_SESSION, ROLES_ALL, NULL,
     indicators_q, 200, "Indicators", "catalogue", "listIndicators",
     "The indicators of a catalogue version", false},

    {"GET", "/api/v1/audit", h_audit_list, ACCESS_SESSION, AUDITOR, NULL, audit_q, 200,
     "AuditEntry", "audit", "listAuditEntries",
     "Read the audit trail, newest first: your organisation's entries (all of them for a"
     " national auditor)",
     true},
    {"GET", "/api/v1/audit/verification", h_audit_verify, ACCESS_SESSION, AUDITOR, NULL, NULL, 200,
     "AuditVerification", "audit", "verifyAuditTrail", "Check the audit trail's hash chain", false},

    {NULL, NULL, NULL, ACCESS_PUBLIC, 0, NULL, NULL, 0, NULL, NULL, NULL, NULL, false},
};
// clang-format on

/* Every table of routes and schemas, one per part of the API. */
const route *const http_route_tables[] = {
    http_routes_core,
    http_routes_school,
    http_routes_chain,
    http_routes_index,
    http_routes_learning,
    http_routes_network,
    http_routes_monitor,
    http_routes_legal,
    http_routes_oversight,
    http_routes_subject,
    NULL,
};
const http_schema *const http_schema_tables[] = {
    http_schemas_core,
    http_schemas_school,
    http_schemas_chain,
    http_schemas_index,
    http_schemas_learning,
    http_schemas_network,
    http_schemas_monitor,
    http_schemas_legal,
    http_schemas_oversight,
    http_schemas_subject,
    NULL,
};
