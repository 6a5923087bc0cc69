/*
 * routes_school.c - the school path's part of the route table: guidance,
 * cases, consultations, the Meldcode, tasks and the chronology.  See
 * routes.c for the shape of an entry.
 */
#include "http/schemas.h"
#include "http/server_int.h"

/* The tables below are laid out by hand for reading. */
// clang-format off
static const query_param cases_q[] = {
    {"person_id", "string", "only cases about this child"},
    {"status", "string", "open or closed"},
    {"cursor", "string", "next_cursor of the previous page"},
    {"limit", "integer", "items per page"},
    {NULL, NULL, NULL}};
static const query_param rules_q[] = {
    {"version", "integer", "a rules version (default: the newest)"}, {NULL, NULL, NULL}};

const http_schema http_schemas_school[] = {
    {"Assessment", assessment_out}, {"GuidanceRules", rules_out},
    {"Case", case_out},             {"Consultation", consultation_out},
    {"Tasks", tasks_out},           {"Timeline", timeline_out},
    {NULL, NULL},
};

const route http_routes_school[] = {
    {"GET", "/api/v1/signals/{id}/assessment", h_signal_assessment, ACCESS_SESSION, ROLES_ALL, NULL,
     NULL, 200, "Assessment", "guidance", "getSignalAssessment",
     "Explained guidance on the child's signal pattern as of this signal", false},
    {"GET", "/api/v1/guidance-rules", h_guidance_rules, ACCESS_SESSION, ROLES_ALL, NULL, rules_q,
     200, "GuidanceRules", "guidance", "getGuidanceRules",
     "The published guidance rules, for anyone to check", false},
    {"GET", "/api/v1/persons/{id}/timeline", h_person_timeline, ACCESS_SESSION, ROLES_ALL, NULL,
     NULL, 200, "Timeline", "persons", "getPersonTimeline",
     "All you may see about one child, oldest first", false},

    {"GET", "/api/v1/cases", h_case_list, ACCESS_SESSION, ROLES_ALL, NULL, cases_q, 200, "Case",
     "cases", "listCases", "Your school's cases", true},
    {"POST", "/api/v1/cases", h_case_create, ACCESS_SESSION, ROLES_ALL, case_in, NULL, 201, "Case",
     "cases", "createCase", "Open a case for a child's signals", false},
    {"GET", "/api/v1/cases/{id}", h_case_get, ACCESS_SESSION, ROLES_ALL, NULL, NULL, 200, "Case",
     "cases", "getCase", "A case with its signals, consent, consultations and Meldcode steps",
     false},
    {"PATCH", "/api/v1/cases/{id}", h_case_update, ACCESS_SESSION, ROLES_ALL, case_patch, NULL, 200,
     "Case", "cases", "updateCase", "Hand the case to another care coordinator", false},
    {"POST", "/api/v1/cases/{id}/signals", h_case_signals, ACCESS_SESSION, ROLES_ALL,
     case_signals_in, NULL, 200, "Case", "cases", "addCaseSignals", "Add signals to a case",
     false},
    {"PUT", "/api/v1/cases/{id}/consent", h_case_consent, ACCESS_SESSION, ROLES_ALL, consent_in,
     NULL, 200, "Case", "cases", "setCaseConsent",
     "Record consent to discuss the pupil by name (parent under 16, pupil from 16)", false},
    {"POST", "/api/v1/cases/{id}/meldcode-steps", h_case_step, ACCESS_SESSION, ROLES_ALL, step_in,
     NULL, 201, "Case", "cases", "recordMeldcodeStep",
     "Record a Meldcode step; step 4 weighs, step 5 decides", false},
    {"POST", "/api/v1/consultations", h_consultation_create, ACCESS_SESSION, ROLES_ALL,
     consultation_in, NULL, 201, "Consultation", "cases", "createConsultation",
     "Record a 'niet pluis' case consultation with its actions", false},
    {"GET", "/api/v1/consultations/{id}", h_consultation_get, ACCESS_SESSION, ROLES_ALL, NULL, NULL,
     200, "Consultation", "cases", "getConsultation", "Read a case consultation", false},
    {"PATCH", "/api/v1/actions/{id}", h_action_update, ACCESS_SESSION, ROLES_ALL, action_patch,
     NULL, 200, NULL, "cases", "updateAction", "Mark an agreed action done", false},
    {"GET", "/api/v1/tasks", h_tasks, ACCESS_SESSION, ROLES_ALL, NULL, NULL, 200, "Tasks", "tasks",
     "listTasks", "My open tasks and deadlines, overdue first", false},

    {NULL, NULL, NULL, ACCESS_PUBLIC, 0, NULL, NULL, 0, NULL, NULL, NULL, NULL, false},
};
// clang-format on
