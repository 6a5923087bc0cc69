/*
 * routes_index.c - the reference index: registrations of concern and their
 * matches, the published grounds, the letter and the coordinating roles'
 * alerts: its part of the route table.  See routes.c for the shape of an
 * entry.
 */
#include "http/h_index.h"
#include "service/refindex/concerns.h"

/* The tables below are laid out by hand for reading. */
// clang-format off
#define END {.type = FT_END}
#define RO (F_READONLY | F_REQUIRED)

static const char *const statuses[] = {"active", "expired", "withdrawn", "deceased", NULL};
static const char *const end_reasons[] = {"withdrawn", "deceased", NULL};
static const char *const match_kinds[] = {"identity", "candidate", "family", "address", NULL};
static const char *const match_statuses[] = {"awaiting-confirmation", "rejected", "open",
                                             "contacted", "lead-agreed", "ended", NULL};
static const char *const confirmations[] = {"confirmed", "rejected", NULL};
static const char *const leads[] = {"mine", "theirs", NULL};
static const char *const batch_results[] = {"created", "existing", "invalid", "forbidden",
                                            "conflict", "rate-limited", "error",
                                            NULL};
static const char *const alert_types[] = {"match-escalated", "concern-flagged", NULL};

/* ---- request bodies --------------------------------------------------- */

static const field_spec address_in[] = {
    {.name = "postcode", .type = FT_STRING, .flags = F_REQUIRED, .min = 6, .max = 7,
     .description = "a Dutch postcode, 1234 AB"},
    {.name = "house_number", .type = FT_INTEGER, .flags = F_REQUIRED, .min = 1, .max = 99999},
    {.name = "addition", .type = FT_STRING, .flags = F_NULLABLE, .max = 10},
    {.name = "street", .type = FT_STRING, .flags = F_NULLABLE, .max = 100,
     .description = "shown to you only; not used for matching"},
    {.name = "city", .type = FT_STRING, .flags = F_NULLABLE, .max = 100,
     .description = "shown to you only; not used for matching"},
    END};

static const field_spec parent_in[] = {
    {.name = "given_names", .type = FT_STRING, .flags = F_REQUIRED, .min = 1, .max = 200},
    {.name = "surname", .type = FT_STRING, .flags = F_REQUIRED, .min = 1, .max = 200},
    {.name = "birth_date", .type = FT_STRING, .flags = F_REQUIRED, .format = "date"},
    {.name = "bsn", .type = FT_STRING, .flags = F_NULLABLE, .min = 9, .max = 9},
    END};
static const field_spec parent_item = {.name = "parent", .type = FT_OBJECT, .fields = parent_in};

static const field_spec concern_in[] = {
    {.name = "client_key", .type = FT_STRING, .min = 1, .max = 80,
     .description = "your system's own key for this registration: sending it again gives the"
                    " same registration, not a second"},
    {.name = "ground", .type = FT_STRING, .flags = F_REQUIRED, .min = 1, .max = 32,
     .description = "a code from GET /api/v1/concern-grounds"},
    {.name = "given_names", .type = FT_STRING, .flags = F_REQUIRED, .min = 1, .max = 200},
    {.name = "surname", .type = FT_STRING, .flags = F_REQUIRED, .min = 1, .max = 200,
     .description = "with its particles: \"van der Berg\""},
    {.name = "birth_date", .type = FT_STRING, .flags = F_REQUIRED, .format = "date",
     .description = "the youth is under 23"},
    {.name = "sex", .type = FT_STRING, .flags = F_REQUIRED, .values = concern_sexes},
    {.name = "bsn", .type = FT_STRING, .flags = F_NULLABLE, .min = 9, .max = 9,
     .description = "citizen service number, when your organisation may use it (eleven test)"},
    {.name = "address", .type = FT_OBJECT, .flags = F_NULLABLE, .fields = address_in,
     .description = "required without a BSN"},
    {.name = "parents", .type = FT_ARRAY, .max = CONCERN_MAX_PARENTS, .fields = &parent_item,
     .description = "registered parents, for family matches"},
    {.name = "contact", .type = FT_STRING, .flags = F_REQUIRED, .min = 3, .max = 200,
     .description = "how the other professional reaches you: phone or e-mail"},
    END};
static const field_spec concern_item = {.name = "concern", .type = FT_OBJECT,
                                        .fields = concern_in};

static const field_spec batch_in[] = {
    {.name = "items", .type = FT_ARRAY, .flags = F_REQUIRED, .min = 1, .max = CONCERN_BATCH_MAX,
     .fields = &concern_item,
     .description = "registrations, each answered on its own; give each a clientKey"},
    END};

static const field_spec withdrawal_in[] = {
    {.name = "reason", .type = FT_STRING, .values = end_reasons,
     .description = "withdrawn (the default), or deceased: ends every registration of the youth"},
    END};

static const field_spec match_patch[] = {
    {.name = "confirmation", .type = FT_STRING, .values = confirmations,
     .description = "a candidate: is it the same youth? Contacts are exchanged once both sides"
                    " confirm"},
    {.name = "contact_made", .type = FT_BOOLEAN},
    {.name = "lead", .type = FT_STRING, .values = leads,
     .description = "who takes the lead (regie): you, or the other professional"},
    END};

static const field_spec alert_patch[] = {
    {.name = "acknowledged", .type = FT_BOOLEAN, .flags = F_REQUIRED}, END};

/* ---- answers ---------------------------------------------------------- */

static const field_spec address_out[] = {
    {.name = "postcode", .type = FT_STRING, .flags = RO},
    {.name = "house_number", .type = FT_INTEGER, .flags = RO},
    {.name = "addition", .type = FT_STRING, .flags = F_READONLY},
    {.name = "street", .type = FT_STRING, .flags = F_READONLY},
    {.name = "city", .type = FT_STRING, .flags = F_READONLY}, END};
static const field_spec parent_out[] = {
    {.name = "given_names", .type = FT_STRING, .flags = RO},
    {.name = "surname", .type = FT_STRING, .flags = RO},
    {.name = "birth_date", .type = FT_STRING, .flags = RO, .format = "date"},
    {.name = "bsn", .type = FT_STRING, .flags = F_READONLY}, END};
static const field_spec parent_out_item = {.name = "parent", .type = FT_OBJECT,
                                           .fields = parent_out};
static const field_spec youth_out[] = {
    {.name = "given_names", .type = FT_STRING, .flags = RO},
    {.name = "surname", .type = FT_STRING, .flags = RO},
    {.name = "birth_date", .type = FT_STRING, .flags = RO, .format = "date"},
    {.name = "sex", .type = FT_STRING, .flags = F_READONLY, .values = concern_sexes},
    {.name = "bsn", .type = FT_STRING, .flags = F_READONLY},
    {.name = "address", .type = FT_OBJECT, .flags = F_READONLY, .fields = address_out},
    {.name = "parents", .type = FT_ARRAY, .flags = F_READONLY, .fields = &parent_out_item},
    END};
static const field_spec professional_out[] = {
    {.name = "login", .type = FT_STRING, .flags = RO},
    {.name = "role", .type = FT_STRING, .flags = RO}, END};
static const field_spec organisation_out[] = {
    {.name = "name", .type = FT_STRING, .flags = RO},
    {.name = "type", .type = FT_STRING, .flags = RO}, END};
static const field_spec other_out[] = {
    {.name = "professional", .type = FT_OBJECT, .flags = RO, .fields = professional_out},
    {.name = "organisation", .type = FT_OBJECT, .flags = RO, .fields = organisation_out},
    {.name = "contact", .type = FT_STRING, .flags = RO}, END};

static const field_spec match_out[] = {
    {.name = "id", .type = FT_STRING, .flags = RO, .format = "uuid"},
    {.name = "kind", .type = FT_STRING, .flags = RO, .values = match_kinds,
     .description = "identity: the same youth; candidate: a close identity awaiting"
                    " confirmation; family: a shared parent; address: a shared address"},
    {.name = "reason", .type = FT_STRING, .flags = RO,
     .description = "bsn, name-and-birth-date, shared-parent, shared-address, or for a"
                    " candidate birth-date-transposed, birth-date-typo, name-particles,"
                    " initials, given-names, surname-parts, name-spelling"},
    {.name = "status", .type = FT_STRING, .flags = RO, .values = match_statuses},
    {.name = "concern_id", .type = FT_STRING, .flags = RO, .format = "uuid",
     .description = "your registration"},
    {.name = "created_at", .type = FT_STRING, .flags = RO, .format = "date-time"},
    {.name = "due_on", .type = FT_STRING, .flags = F_READONLY | F_NULLABLE, .format = "date",
     .description = "contact made and lead agreed by then"},
    {.name = "overdue", .type = FT_BOOLEAN, .flags = RO},
    {.name = "escalated", .type = FT_BOOLEAN, .flags = RO,
     .description = "past the deadline without a lead: shown to your organisation's care"
                    " coordinators and administrators"},
    {.name = "contact_made", .type = FT_BOOLEAN, .flags = RO},
    {.name = "lead", .type = FT_STRING, .flags = F_READONLY | F_NULLABLE, .values = leads},
    {.name = "confirmed_by_me", .type = FT_BOOLEAN, .flags = RO},
    {.name = "confirmed_by_other", .type = FT_BOOLEAN, .flags = RO},
    {.name = "other", .type = FT_OBJECT, .flags = F_READONLY, .fields = other_out,
     .description = "the other professional: login, role, organisation and contact, nothing"
                    " else; absent for a candidate until both sides confirm"},
    {.name = "youth", .type = FT_OBJECT, .flags = F_READONLY, .fields = youth_out,
     .description = "your own registration's youth"},
    END};
static const field_spec match_item = {.name = "match", .type = FT_OBJECT, .fields = match_out};

static const field_spec concern_out[] = {
    {.name = "id", .type = FT_STRING, .flags = RO, .format = "uuid"},
    {.name = "status", .type = FT_STRING, .flags = RO, .values = statuses},
    {.name = "ground", .type = FT_STRING, .flags = RO},
    {.name = "rules_version", .type = FT_INTEGER, .flags = RO},
    {.name = "youth", .type = FT_OBJECT, .flags = RO, .fields = youth_out},
    {.name = "contact", .type = FT_STRING, .flags = RO},
    {.name = "registered_at", .type = FT_STRING, .flags = RO, .format = "date-time"},
    {.name = "ends_on", .type = FT_STRING, .flags = RO, .format = "date",
     .description = "two years after registering, or the 23rd birthday if sooner"},
    {.name = "ended_on", .type = FT_STRING, .flags = F_READONLY | F_NULLABLE, .format = "date"},
    {.name = "client_key", .type = FT_STRING, .flags = F_READONLY | F_NULLABLE},
    {.name = "matches", .type = FT_ARRAY, .flags = RO, .fields = &match_item},
    END};

static const field_spec ground_out[] = {
    {.name = "code", .type = FT_STRING, .flags = RO},
    {.name = "nl", .type = FT_STRING, .flags = RO},
    {.name = "en", .type = FT_STRING, .flags = RO},
    {.name = "source", .type = FT_STRING, .flags = RO},
    {.name = "fits_organisation", .type = FT_BOOLEAN, .flags = RO,
     .description = "whether your kind of organisation may register on this ground"},
    END};
static const field_spec ground_item = {.name = "ground", .type = FT_OBJECT, .fields = ground_out};
static const field_spec grounds_out[] = {
    {.name = "version", .type = FT_INTEGER, .flags = RO},
    {.name = "source", .type = FT_STRING, .flags = RO},
    {.name = "items", .type = FT_ARRAY, .flags = RO, .fields = &ground_item},
    {.name = "organisation_takes_part", .type = FT_BOOLEAN, .flags = RO},
    {.name = "bsn_allowed", .type = FT_BOOLEAN, .flags = RO},
    {.name = "may_register", .type = FT_BOOLEAN, .flags = RO}, END};

static const field_spec string_item = {.name = "paragraph", .type = FT_STRING};
static const field_spec letter_out[] = {
    {.name = "id", .type = FT_STRING, .flags = RO, .format = "uuid"},
    {.name = "language", .type = FT_STRING, .flags = RO},
    {.name = "to", .type = FT_STRING, .flags = RO,
     .values = (const char *const[]){"youth", "parents", NULL}},
    {.name = "subject", .type = FT_STRING, .flags = RO},
    {.name = "paragraphs", .type = FT_ARRAY, .flags = RO, .fields = &string_item},
    {.name = "text", .type = FT_STRING, .flags = RO}, END};

static const field_spec problem_out[] = {
    {.name = "field", .type = FT_STRING, .flags = F_READONLY | F_NULLABLE},
    {.name = "reason", .type = FT_STRING, .flags = RO}, END};
static const field_spec batch_result[] = {
    {.name = "index", .type = FT_INTEGER, .flags = RO},
    {.name = "result", .type = FT_STRING, .flags = RO, .values = batch_results},
    {.name = "status", .type = FT_INTEGER, .flags = RO,
     .description = "the status a single registration would have answered"},
    {.name = "client_key", .type = FT_STRING, .flags = F_READONLY},
    {.name = "concern", .type = FT_OBJECT, .flags = F_READONLY, .fields = concern_out},
    {.name = "problem", .type = FT_OBJECT, .flags = F_READONLY, .fields = problem_out}, END};
static const field_spec batch_item = {.name = "result", .type = FT_OBJECT,
                                      .fields = batch_result};
static const field_spec batch_out[] = {
    {.name = "items", .type = FT_ARRAY, .flags = RO, .fields = &batch_item}, END};

static const field_spec alert_out[] = {
    {.name = "type", .type = FT_STRING, .flags = RO, .values = alert_types},
    {.name = "id", .type = FT_STRING, .flags = RO, .format = "uuid"},
    {.name = "kind", .type = FT_STRING, .flags = F_READONLY},
    {.name = "due_on", .type = FT_STRING, .flags = F_READONLY, .format = "date"},
    {.name = "days_overdue", .type = FT_INTEGER, .flags = F_READONLY},
    {.name = "registered_by", .type = FT_OBJECT, .flags = F_READONLY, .fields = professional_out},
    {.name = "reason", .type = FT_STRING, .flags = F_READONLY},
    {.name = "hits", .type = FT_INTEGER, .flags = F_READONLY},
    {.name = "flagged_at", .type = FT_STRING, .flags = F_READONLY, .format = "date-time"},
    {.name = "user", .type = FT_OBJECT, .flags = F_READONLY, .fields = professional_out},
    {.name = "acknowledged_at", .type = FT_STRING, .flags = F_READONLY, .format = "date-time"},
    END};
static const field_spec alert_item = {.name = "alert", .type = FT_OBJECT, .fields = alert_out};
static const field_spec alerts_out[] = {
    {.name = "items", .type = FT_ARRAY, .flags = RO, .fields = &alert_item}, END};

const http_schema http_schemas_index[] = {
    {"Concern", concern_out},       {"ConcernBatch", batch_out},
    {"ConcernGrounds", grounds_out}, {"ConcernLetter", letter_out},
    {"Match", match_out},           {"ConcernAlerts", alerts_out},
    {"ConcernAlert", alert_out},    {NULL, NULL},
};

/* ---- query parameters -------------------------------------------------- */

static const query_param page_q[] = {
    {"cursor", "string", "next_cursor of the previous page"},
    {"limit", "integer", "items per page; nothing else: the index cannot be searched"},
    {NULL, NULL, NULL}};
static const query_param letter_q[] = {
    {"to", "string", "parents (the default) or youth"}, {NULL, NULL, NULL}};

/* ---- the table -------------------------------------------------------- */

/* Who registers: casework roles that coordinate care or act on it. */
#define REGISTRARS                                                                                 \
    (ROLE_BIT(ROLE_CARE_COORDINATOR) | ROLES_CHAIN_PROFESSIONAL | ROLE_BIT(ROLE_POLICE_OFFICER))
#define COORDINATORS (ROLE_BIT(ROLE_CARE_COORDINATOR) | ROLE_BIT(ROLE_ADMINISTRATOR))
/* Flags of unusual use: also the organisation's privacy officer. */
#define FLAG_REVIEWERS (COORDINATORS | ROLE_BIT(ROLE_PRIVACY_OFFICER))

const route http_routes_index[] = {
    {"GET", "/api/v1/concern-grounds", h_concern_grounds, ACCESS_SESSION, ROLES_ALL, NULL, NULL,
     200, "ConcernGrounds", "reference-index", "getConcernGrounds",
     "The statutory grounds for a registration, and whether you may register", false},
    {"GET", "/api/v1/concerns", h_concern_list, ACCESS_SESSION, REGISTRARS, NULL, page_q, 200,
     "Concern", "reference-index", "listConcerns",
     "Your own registrations with their matches (the index cannot be searched)", true},
    {"POST", "/api/v1/concerns", h_concern_create, ACCESS_SESSION, REGISTRARS, concern_in, NULL,
     201, "Concern", "reference-index", "createConcern",
     "Register a concern about a youth; the answer holds any matches (200 for a repeated"
     " client_key)", false},
    {"POST", "/api/v1/concern-batches", h_concern_batch, ACCESS_SESSION, REGISTRARS, batch_in,
     NULL, 200, "ConcernBatch", "reference-index", "createConcernBatch",
     "Register up to 100 concerns from a connected case system, each answered on its own",
     false},
    {"GET", "/api/v1/concerns/{id}", h_concern_get, ACCESS_SESSION, REGISTRARS, NULL, NULL, 200,
     "Concern", "reference-index", "getConcern", "Your registration with its matches", false},
    {"DELETE", "/api/v1/concerns/{id}", h_concern_delete, ACCESS_SESSION, REGISTRARS, NULL, NULL,
     204, NULL, "reference-index", "deleteConcern", "Withdraw your registration", false},
    {"POST", "/api/v1/concerns/{id}/withdrawal", h_concern_withdrawal, ACCESS_SESSION, REGISTRARS,
     withdrawal_in, NULL, 200, "Concern", "reference-index", "withdrawConcern",
     "Withdraw your registration, or record the youth's death", false},
    {"GET", "/api/v1/concerns/{id}/letter", h_concern_letter, ACCESS_SESSION, REGISTRARS, NULL,
     letter_q, 200, "ConcernLetter", "reference-index", "getConcernLetter",
     "The Dutch letter that tells the youth or parents a registration exists", false},

    {"GET", "/api/v1/matches", h_match_list, ACCESS_SESSION, REGISTRARS, NULL, page_q, 200,
     "Match", "reference-index", "listMatches",
     "The matches on your registrations, candidates included", true},
    {"GET", "/api/v1/matches/{id}", h_match_get, ACCESS_SESSION, REGISTRARS, NULL, NULL, 200,
     "Match", "reference-index", "getMatch", "A match on one of your registrations", false},
    {"PATCH", "/api/v1/matches/{id}", h_match_update, ACCESS_SESSION, REGISTRARS, match_patch,
     NULL, 200, "Match", "reference-index", "updateMatch",
     "Confirm or reject a candidate; record that contact was made and who leads", false},

    {"GET", "/api/v1/concern-alerts", h_concern_alerts, ACCESS_SESSION, FLAG_REVIEWERS, NULL, NULL,
     200, "ConcernAlerts", "reference-index", "listConcernAlerts",
     "Your organisation's escalated matches and flags on unusual use, without identities",
     false},
    {"PATCH", "/api/v1/concern-alerts/{id}", h_concern_alert_update, ACCESS_SESSION, FLAG_REVIEWERS,
     alert_patch, NULL, 200, "ConcernAlert", "reference-index", "updateConcernAlert",
     "Acknowledge a flag once you looked into it", false},

    {NULL, NULL, NULL, ACCESS_PUBLIC, 0, NULL, NULL, 0, NULL, NULL, NULL, NULL, false},
};
// clang-format on
