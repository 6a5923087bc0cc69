/*
 * routes_learning.c - learning to recognise the signals: learning paths,
 * modules and fictional cases with feedback, the indicator explanations,
 * the coordinator's counts, resilience lessons, and the national expert
 * group's offer with requests for it: its part of the route table.  See
 * routes.c for the shape of an entry.
 */
#include "http/h_learning.h"

/* The tables below are laid out by hand for reading. */
// clang-format off
#define END {.type = FT_END}
#define RO (F_READONLY | F_REQUIRED)

static const char *const kinds[] = {"learning", "indicator-explanations", "expert-offers",
                                    "resilience-programmes", NULL};
static const char *const item_kinds[] = {"module", "case", NULL};
static const char *const outcomes[] = {"noticed", "missed", "wrongly-picked", "rightly-left-out",
                                       NULL};
static const char *const request_statuses[] = {"requested", "accepted", "declined", "done", NULL};
static const char *const answer_statuses[] = {"accepted", "declined", "done", NULL};
static const char *const offer_kinds[] = {"advice", "training-film", "training", "material", NULL};

/* ---- request bodies --------------------------------------------------- */

static const field_spec code_item = {.name = "indicator", .type = FT_STRING, .min = 1, .max = 32};

static const field_spec answer_in[] = {
    {.name = "picked", .type = FT_ARRAY, .flags = F_REQUIRED, .max = 24, .fields = &code_item,
     .description = "the indicators you see in the story (ids of the case's options); an empty"
                    " list is an answer too"},
    END};

static const field_spec publish_in[] = {
    {.name = "kind", .type = FT_STRING, .flags = F_REQUIRED, .values = kinds},
    {.name = "content", .type = FT_STRING, .flags = F_REQUIRED, .min = 1,
     .description = "the JSON document, like data/learning.json"},
    END};

static const field_spec expert_request_in[] = {
    {.name = "offer_id", .type = FT_STRING, .flags = F_REQUIRED, .min = 1, .max = 48,
     .description = "an offer from GET /api/v1/expert-offers"},
    {.name = "purpose", .type = FT_STRING, .flags = F_REQUIRED, .min = 1, .max = 2000,
     .description = "what you need it for, e.g. the team meeting of 12 March; never a pupil's"
                    " name: for a concrete case use a referral"},
    {.name = "contact", .type = FT_STRING, .flags = F_REQUIRED, .min = 3, .max = 200,
     .description = "how the expert group reaches you: phone or e-mail"},
    {.name = "expert_group_id", .type = FT_STRING, .format = "uuid",
     .description = "which expert group, when there is more than one"},
    END};

static const field_spec expert_request_patch[] = {
    {.name = "status", .type = FT_STRING, .flags = F_REQUIRED, .values = answer_statuses,
     .description = "accept or decline a new request; mark an accepted one done"},
    {.name = "answer", .type = FT_STRING, .max = 2000,
     .description = "for the requester: when and how you will deliver, or why not"},
    END};

static const field_spec lesson_in[] = {
    {.name = "programme_id", .type = FT_STRING, .flags = F_REQUIRED, .min = 1, .max = 48,
     .description = "a programme from GET /api/v1/learning/resilience-programmes"},
    {.name = "year_group", .type = FT_STRING, .flags = F_REQUIRED, .min = 1, .max = 48,
     .description = "a year group of that catalogue, e.g. vo-2"},
    {.name = "classes", .type = FT_INTEGER, .flags = F_REQUIRED, .min = 1, .max = 100,
     .description = "how many classes of the year group took part"},
    {.name = "lessons", .type = FT_INTEGER, .flags = F_REQUIRED, .min = 1, .max = 200,
     .description = "how many lessons were given"},
    {.name = "given_from", .type = FT_STRING, .flags = F_REQUIRED, .format = "date"},
    {.name = "given_until", .type = FT_STRING, .format = "date",
     .description = "the last lesson (default: the same day)"},
    END};

/* ---- answers ---------------------------------------------------------- */

static const field_spec lang_out[] = {
    {.name = "nl", .type = FT_STRING, .flags = RO},
    {.name = "en", .type = FT_STRING, .flags = RO}, END};
static const field_spec text_item = {.name = "paragraph", .type = FT_STRING};
static const field_spec paragraphs_out[] = {
    {.name = "nl", .type = FT_ARRAY, .flags = RO, .fields = &text_item},
    {.name = "en", .type = FT_ARRAY, .flags = RO, .fields = &text_item}, END};
static const field_spec string_item = {.name = "id", .type = FT_STRING};
static const field_spec org_ref_out[] = {
    {.name = "id", .type = FT_STRING, .flags = RO, .format = "uuid"},
    {.name = "name", .type = FT_STRING, .flags = RO},
    {.name = "type", .type = FT_STRING, .flags = RO}, END};

static const field_spec explanation_out[] = {
    {.name = "id", .type = FT_STRING, .flags = RO, .description = "the indicator"},
    {.name = "school", .type = FT_OBJECT, .flags = RO, .fields = lang_out,
     .description = "what it looks like at school"},
    {.name = "street", .type = FT_OBJECT, .flags = RO, .fields = lang_out,
     .description = "what it looks like on the street"},
    {.name = "online", .type = FT_OBJECT, .flags = RO, .fields = lang_out,
     .description = "what it looks like online"},
    {.name = "why", .type = FT_OBJECT, .flags = RO, .fields = lang_out,
     .description = "why it may point to exploitation"},
    {.name = "not", .type = FT_OBJECT, .flags = RO, .fields = lang_out,
     .description = "what it does not mean"},
    {.name = "source", .type = FT_OBJECT, .flags = RO, .fields = lang_out}, END};
static const field_spec explanation_item = {.name = "explanation", .type = FT_OBJECT,
                                            .fields = explanation_out};
static const field_spec explanations_out[] = {
    {.name = "version", .type = FT_INTEGER, .flags = RO},
    {.name = "source", .type = FT_STRING, .flags = RO},
    {.name = "principles", .type = FT_OBJECT, .flags = RO, .fields = paragraphs_out,
     .description = "one sign proves nothing; vulnerability never counts as suspicion"},
    {.name = "items", .type = FT_ARRAY, .flags = RO, .fields = &explanation_item}, END};

static const field_spec indicator_out[] = {
    {.name = "id", .type = FT_STRING, .flags = RO},
    {.name = "text", .type = FT_OBJECT, .flags = F_READONLY, .fields = lang_out},
    {.name = "category", .type = FT_OBJECT, .flags = F_READONLY, .fields = lang_out},
    {.name = "strength", .type = FT_STRING, .flags = F_READONLY},
    {.name = "explanation", .type = FT_OBJECT, .flags = F_READONLY | F_NULLABLE,
     .fields = explanation_out}, END};
static const field_spec indicator_item = {.name = "indicator", .type = FT_OBJECT,
                                          .fields = indicator_out};

static const field_spec path_summary_out[] = {
    {.name = "id", .type = FT_STRING, .flags = RO},
    {.name = "title", .type = FT_OBJECT, .flags = RO, .fields = lang_out},
    {.name = "summary", .type = FT_OBJECT, .flags = RO, .fields = lang_out},
    {.name = "roles", .type = FT_ARRAY, .flags = RO, .fields = &string_item,
     .description = "the roles the path is written for"},
    {.name = "for_you", .type = FT_BOOLEAN, .flags = RO},
    {.name = "item_count", .type = FT_INTEGER, .flags = RO},
    {.name = "done_count", .type = FT_INTEGER, .flags = RO,
     .description = "how many of its modules and cases you finished"},
    {.name = "finished", .type = FT_BOOLEAN, .flags = RO},
    {.name = "finished_at", .type = FT_STRING, .flags = F_READONLY, .format = "date-time"}, END};
static const field_spec path_summary_item = {.name = "path", .type = FT_OBJECT,
                                             .fields = path_summary_out};
static const field_spec paths_out[] = {
    {.name = "version", .type = FT_INTEGER, .flags = RO},
    {.name = "fictional_notice", .type = FT_OBJECT, .flags = RO, .fields = lang_out},
    {.name = "items", .type = FT_ARRAY, .flags = RO, .fields = &path_summary_item}, END};

static const field_spec item_out[] = {
    {.name = "id", .type = FT_STRING, .flags = RO},
    {.name = "kind", .type = FT_STRING, .flags = RO, .values = item_kinds},
    {.name = "title", .type = FT_OBJECT, .flags = RO, .fields = lang_out},
    {.name = "minutes", .type = FT_INTEGER, .flags = RO},
    {.name = "done", .type = FT_BOOLEAN, .flags = RO},
    {.name = "done_at", .type = FT_STRING, .flags = F_READONLY, .format = "date-time"}, END};
static const field_spec item_item = {.name = "item", .type = FT_OBJECT, .fields = item_out};
static const field_spec offer_out[] = {
    {.name = "id", .type = FT_STRING, .flags = RO},
    {.name = "kind", .type = FT_STRING, .flags = RO, .values = offer_kinds},
    {.name = "title", .type = FT_OBJECT, .flags = RO, .fields = lang_out},
    {.name = "description", .type = FT_OBJECT, .flags = RO, .fields = lang_out},
    {.name = "how_to_request", .type = FT_OBJECT, .flags = RO, .fields = lang_out},
    {.name = "source", .type = FT_STRING, .flags = F_READONLY}, END};
static const field_spec offer_item = {.name = "offer", .type = FT_OBJECT, .fields = offer_out};
static const field_spec group_out[] = {
    {.name = "name", .type = FT_OBJECT, .flags = RO, .fields = lang_out},
    {.name = "about", .type = FT_OBJECT, .flags = RO, .fields = lang_out},
    {.name = "source", .type = FT_STRING, .flags = RO}, END};
static const field_spec path_out[] = {
    {.name = "id", .type = FT_STRING, .flags = RO},
    {.name = "title", .type = FT_OBJECT, .flags = RO, .fields = lang_out},
    {.name = "summary", .type = FT_OBJECT, .flags = RO, .fields = lang_out},
    {.name = "roles", .type = FT_ARRAY, .flags = RO, .fields = &string_item},
    {.name = "for_you", .type = FT_BOOLEAN, .flags = RO},
    {.name = "item_count", .type = FT_INTEGER, .flags = RO},
    {.name = "done_count", .type = FT_INTEGER, .flags = RO},
    {.name = "finished", .type = FT_BOOLEAN, .flags = RO},
    {.name = "finished_at", .type = FT_STRING, .flags = F_READONLY, .format = "date-time"},
    {.name = "items", .type = FT_ARRAY, .flags = RO, .fields = &item_item,
     .description = "its modules and cases, in order"},
    {.name = "offers", .type = FT_ARRAY, .flags = RO, .fields = &offer_item,
     .description = "the expert group's resources shown with this path"},
    {.name = "expert_group", .type = FT_OBJECT, .flags = F_READONLY | F_NULLABLE,
     .fields = group_out},
    {.name = "fictional_notice", .type = FT_OBJECT, .flags = RO, .fields = lang_out}, END};

static const field_spec module_out[] = {
    {.name = "id", .type = FT_STRING, .flags = RO},
    {.name = "title", .type = FT_OBJECT, .flags = RO, .fields = lang_out},
    {.name = "minutes", .type = FT_INTEGER, .flags = RO},
    {.name = "body", .type = FT_OBJECT, .flags = RO, .fields = paragraphs_out},
    {.name = "source", .type = FT_OBJECT, .flags = RO, .fields = lang_out},
    {.name = "indicators", .type = FT_ARRAY, .flags = RO, .fields = &indicator_item},
    {.name = "paths", .type = FT_ARRAY, .flags = RO, .fields = &string_item},
    {.name = "done", .type = FT_BOOLEAN, .flags = RO},
    {.name = "done_at", .type = FT_STRING, .flags = F_READONLY, .format = "date-time"}, END};

static const field_spec feedback_item_out[] = {
    {.name = "indicator", .type = FT_STRING, .flags = RO},
    {.name = "outcome", .type = FT_STRING, .flags = RO, .values = outcomes},
    {.name = "sign", .type = FT_BOOLEAN, .flags = RO,
     .description = "whether it is a sign a professional should notice in this story"},
    {.name = "explanation", .type = FT_OBJECT, .flags = RO, .fields = lang_out,
     .description = "why, in this story"},
    {.name = "about", .type = FT_OBJECT, .flags = F_READONLY | F_NULLABLE,
     .fields = explanation_out, .description = "the indicator's own explanation"}, END};
static const field_spec feedback_item = {.name = "item", .type = FT_OBJECT,
                                         .fields = feedback_item_out};
static const field_spec feedback_out[] = {
    {.name = "complete", .type = FT_BOOLEAN, .flags = RO,
     .description = "every sign noticed and nothing picked wrongly"},
    {.name = "noticed", .type = FT_INTEGER, .flags = RO},
    {.name = "missed", .type = FT_INTEGER, .flags = RO},
    {.name = "wrongly_picked", .type = FT_INTEGER, .flags = RO},
    {.name = "expected", .type = FT_INTEGER, .flags = RO},
    {.name = "items", .type = FT_ARRAY, .flags = RO, .fields = &feedback_item},
    {.name = "lesson", .type = FT_OBJECT, .flags = RO, .fields = lang_out}, END};
static const field_spec last_answer_out[] = {
    {.name = "id", .type = FT_STRING, .flags = RO, .format = "uuid"},
    {.name = "picked", .type = FT_ARRAY, .flags = RO, .fields = &string_item},
    {.name = "feedback", .type = FT_OBJECT, .flags = F_READONLY | F_NULLABLE,
     .fields = feedback_out},
    {.name = "created_at", .type = FT_STRING, .flags = RO, .format = "date-time"}, END};
static const field_spec case_out[] = {
    {.name = "id", .type = FT_STRING, .flags = RO},
    {.name = "fictional", .type = FT_BOOLEAN, .flags = RO,
     .description = "always true: every case is invented"},
    {.name = "fictional_notice", .type = FT_OBJECT, .flags = RO, .fields = lang_out},
    {.name = "title", .type = FT_OBJECT, .flags = RO, .fields = lang_out},
    {.name = "minutes", .type = FT_INTEGER, .flags = RO},
    {.name = "story", .type = FT_OBJECT, .flags = RO, .fields = paragraphs_out},
    {.name = "source", .type = FT_OBJECT, .flags = RO, .fields = lang_out},
    {.name = "options", .type = FT_ARRAY, .flags = RO, .fields = &indicator_item,
     .description = "the indicators to choose from, in catalogue order; which are the signs"
                    " is told only in the feedback"},
    {.name = "paths", .type = FT_ARRAY, .flags = RO, .fields = &string_item},
    {.name = "done", .type = FT_BOOLEAN, .flags = RO},
    {.name = "last_answer", .type = FT_OBJECT, .flags = F_READONLY | F_NULLABLE,
     .fields = last_answer_out}, END};

static const field_spec answer_out[] = {
    {.name = "id", .type = FT_STRING, .flags = RO, .format = "uuid"},
    {.name = "case_id", .type = FT_STRING, .flags = RO},
    {.name = "first_try", .type = FT_BOOLEAN, .flags = RO},
    {.name = "feedback", .type = FT_OBJECT, .flags = RO, .fields = feedback_out},
    {.name = "finished_paths", .type = FT_ARRAY, .flags = RO, .fields = &string_item,
     .description = "the paths this answer finished"},
    {.name = "created_at", .type = FT_STRING, .flags = RO, .format = "date-time"}, END};

static const field_spec completion_out[] = {
    {.name = "id", .type = FT_STRING, .flags = RO},
    {.name = "done", .type = FT_BOOLEAN, .flags = RO},
    {.name = "newly_done", .type = FT_BOOLEAN, .flags = RO},
    {.name = "finished_paths", .type = FT_ARRAY, .flags = RO, .fields = &string_item}, END};

static const field_spec done_out[] = {
    {.name = "id", .type = FT_STRING, .flags = RO},
    {.name = "kind", .type = FT_STRING, .flags = RO, .values = item_kinds},
    {.name = "done_at", .type = FT_STRING, .flags = RO, .format = "date-time"}, END};
static const field_spec done_item = {.name = "item", .type = FT_OBJECT, .fields = done_out};
static const field_spec finished_out[] = {
    {.name = "id", .type = FT_STRING, .flags = RO},
    {.name = "finished_at", .type = FT_STRING, .flags = RO, .format = "date-time"}, END};
static const field_spec finished_item = {.name = "path", .type = FT_OBJECT,
                                         .fields = finished_out};
static const field_spec progress_out[] = {
    {.name = "items", .type = FT_ARRAY, .flags = RO, .fields = &done_item},
    {.name = "finished_paths", .type = FT_ARRAY, .flags = RO, .fields = &finished_item}, END};

static const field_spec path_count_out[] = {
    {.name = "id", .type = FT_STRING, .flags = RO},
    {.name = "title", .type = FT_OBJECT, .flags = RO, .fields = lang_out},
    {.name = "roles", .type = FT_ARRAY, .flags = RO, .fields = &string_item},
    {.name = "item_count", .type = FT_INTEGER, .flags = RO},
    {.name = "finished", .type = FT_INTEGER, .flags = RO,
     .description = "how many of the school's staff finished it"}, END};
static const field_spec path_count_item = {.name = "path", .type = FT_OBJECT,
                                           .fields = path_count_out};
static const field_spec missed_out[] = {
    {.name = "id", .type = FT_STRING, .flags = RO},
    {.name = "text", .type = FT_OBJECT, .flags = F_READONLY, .fields = lang_out},
    {.name = "category", .type = FT_OBJECT, .flags = F_READONLY, .fields = lang_out},
    {.name = "strength", .type = FT_STRING, .flags = F_READONLY},
    {.name = "missed", .type = FT_INTEGER, .flags = RO,
     .description = "first answers that missed this sign"},
    {.name = "asked", .type = FT_INTEGER, .flags = RO,
     .description = "first answers to cases in which it was a sign"}, END};
static const field_spec missed_item = {.name = "indicator", .type = FT_OBJECT,
                                       .fields = missed_out};
static const field_spec overview_out[] = {
    {.name = "organisation", .type = FT_OBJECT, .flags = RO, .fields = org_ref_out},
    {.name = "staff", .type = FT_INTEGER, .flags = RO, .description = "active accounts"},
    {.name = "learners", .type = FT_INTEGER, .flags = RO,
     .description = "staff who finished at least one module or case"},
    {.name = "answers", .type = FT_INTEGER, .flags = RO,
     .description = "first answers to cases, the basis of most_missed"},
    {.name = "paths", .type = FT_ARRAY, .flags = RO, .fields = &path_count_item},
    {.name = "most_missed", .type = FT_ARRAY, .flags = RO, .fields = &missed_item,
     .description = "the signs staff most often missed, most first: a pointer for the next"
                    " team meeting"}, END};

static const field_spec publish_out[] = {
    {.name = "kind", .type = FT_STRING, .flags = RO, .values = kinds},
    {.name = "version", .type = FT_INTEGER, .flags = RO},
    {.name = "source_sha256", .type = FT_STRING, .flags = RO}, END};

static const field_spec offers_out[] = {
    {.name = "version", .type = FT_INTEGER, .flags = RO},
    {.name = "source", .type = FT_STRING, .flags = RO},
    {.name = "expert_group", .type = FT_OBJECT, .flags = RO, .fields = group_out},
    {.name = "items", .type = FT_ARRAY, .flags = RO, .fields = &offer_item}, END};

static const field_spec offer_ref_out[] = {
    {.name = "id", .type = FT_STRING, .flags = RO},
    {.name = "kind", .type = FT_STRING, .flags = F_READONLY | F_NULLABLE, .values = offer_kinds},
    {.name = "title", .type = FT_OBJECT, .flags = F_READONLY | F_NULLABLE, .fields = lang_out},
    END};
static const field_spec requester_out[] = {
    {.name = "login", .type = FT_STRING, .flags = RO},
    {.name = "role", .type = FT_STRING, .flags = RO},
    {.name = "organisation", .type = FT_OBJECT, .flags = RO, .fields = org_ref_out}, END};
static const field_spec expert_request_out[] = {
    {.name = "id", .type = FT_STRING, .flags = RO, .format = "uuid"},
    {.name = "offer", .type = FT_OBJECT, .flags = RO, .fields = offer_ref_out},
    {.name = "status", .type = FT_STRING, .flags = RO, .values = request_statuses},
    {.name = "purpose", .type = FT_STRING, .flags = RO},
    {.name = "contact", .type = FT_STRING, .flags = RO},
    {.name = "answer", .type = FT_STRING, .flags = F_READONLY | F_NULLABLE},
    {.name = "requester", .type = FT_OBJECT, .flags = RO, .fields = requester_out},
    {.name = "expert_group", .type = FT_OBJECT, .flags = RO, .fields = org_ref_out},
    {.name = "created_at", .type = FT_STRING, .flags = RO, .format = "date-time"},
    {.name = "updated_at", .type = FT_STRING, .flags = RO, .format = "date-time"}, END};

static const field_spec year_group_out[] = {
    {.name = "id", .type = FT_STRING, .flags = RO},
    {.name = "nl", .type = FT_STRING, .flags = F_READONLY},
    {.name = "en", .type = FT_STRING, .flags = F_READONLY}, END};
static const field_spec year_group_item = {.name = "year_group", .type = FT_OBJECT,
                                           .fields = year_group_out};
static const field_spec programme_out[] = {
    {.name = "id", .type = FT_STRING, .flags = RO},
    {.name = "name", .type = FT_STRING, .flags = RO},
    {.name = "provider", .type = FT_STRING, .flags = RO},
    {.name = "themes", .type = FT_ARRAY, .flags = RO, .fields = &string_item},
    {.name = "aim", .type = FT_OBJECT, .flags = RO, .fields = lang_out},
    {.name = "audience", .type = FT_OBJECT, .flags = RO, .fields = lang_out},
    {.name = "recognition", .type = FT_OBJECT, .flags = RO, .fields = lang_out},
    {.name = "source", .type = FT_OBJECT, .flags = RO, .fields = lang_out}, END};
static const field_spec programme_item = {.name = "programme", .type = FT_OBJECT,
                                          .fields = programme_out};
static const field_spec programmes_out[] = {
    {.name = "version", .type = FT_INTEGER, .flags = RO},
    {.name = "source", .type = FT_STRING, .flags = RO},
    {.name = "year_groups", .type = FT_ARRAY, .flags = RO, .fields = &year_group_item},
    {.name = "items", .type = FT_ARRAY, .flags = RO, .fields = &programme_item}, END};
static const field_spec programme_ref_out[] = {
    {.name = "id", .type = FT_STRING, .flags = RO},
    {.name = "name", .type = FT_STRING, .flags = F_READONLY | F_NULLABLE}, END};
static const field_spec lesson_out[] = {
    {.name = "id", .type = FT_STRING, .flags = RO, .format = "uuid"},
    {.name = "programme", .type = FT_OBJECT, .flags = RO, .fields = programme_ref_out},
    {.name = "year_group", .type = FT_OBJECT, .flags = RO, .fields = year_group_out},
    {.name = "classes", .type = FT_INTEGER, .flags = RO},
    {.name = "lessons", .type = FT_INTEGER, .flags = RO},
    {.name = "given_from", .type = FT_STRING, .flags = RO, .format = "date"},
    {.name = "given_until", .type = FT_STRING, .flags = RO, .format = "date"},
    {.name = "recorded_at", .type = FT_STRING, .flags = RO, .format = "date-time"}, END};
static const field_spec lesson_count_out[] = {
    {.name = "programme", .type = FT_OBJECT, .flags = RO, .fields = programme_ref_out},
    {.name = "records", .type = FT_INTEGER, .flags = RO},
    {.name = "classes", .type = FT_INTEGER, .flags = RO},
    {.name = "lessons", .type = FT_INTEGER, .flags = RO}, END};
static const field_spec lesson_count_item = {.name = "count", .type = FT_OBJECT,
                                             .fields = lesson_count_out};
static const field_spec lesson_counts_out[] = {
    {.name = "from", .type = FT_STRING, .flags = F_READONLY, .format = "date"},
    {.name = "until", .type = FT_STRING, .flags = F_READONLY, .format = "date"},
    {.name = "items", .type = FT_ARRAY, .flags = RO, .fields = &lesson_count_item}, END};

const http_schema http_schemas_learning[] = {
    {"LearningPaths", paths_out},           {"LearningPath", path_out},
    {"LearningModule", module_out},         {"LearningCase", case_out},
    {"LearningAnswer", answer_out},         {"LearningCompletion", completion_out},
    {"LearningProgress", progress_out},     {"IndicatorExplanations", explanations_out},
    {"LearningOverview", overview_out},     {"LearningPublication", publish_out},
    {"ExpertOffers", offers_out},           {"ExpertRequest", expert_request_out},
    {"ResilienceProgrammes", programmes_out}, {"ResilienceLesson", lesson_out},
    {"ResilienceCounts", lesson_counts_out}, {NULL, NULL},
};

/* ---- query parameters -------------------------------------------------- */

static const query_param page_q[] = {
    {"cursor", "string", "next_cursor of the previous page"},
    {"limit", "integer", "items per page"},
    {NULL, NULL, NULL}};
static const query_param lessons_q[] = {
    {"from", "string", "only series that started on or after this date (YYYY-MM-DD)"},
    {"until", "string", "only series that started on or before this date"},
    {"cursor", "string", "next_cursor of the previous page"},
    {"limit", "integer", "items per page"},
    {NULL, NULL, NULL}};
static const query_param period_q[] = {
    {"from", "string", "count series that started on or after this date (YYYY-MM-DD)"},
    {"until", "string", "count series that started on or before this date"},
    {NULL, NULL, NULL}};

/* ---- the table -------------------------------------------------------- */

#define ADMIN ROLE_BIT(ROLE_NATIONAL_ADMINISTRATOR) /* the modules hold for every school */
#define COORDINATOR ROLE_BIT(ROLE_CARE_COORDINATOR)
/* Who asks the expert group, and its care workers who answer. */
#define PROFESSIONALS                                                                              \
    (ROLE_BIT(ROLE_MENTOR) | ROLE_BIT(ROLE_CARE_COORDINATOR) | ROLE_BIT(ROLE_POLICE_OFFICER)      \
     | ROLE_BIT(ROLE_PROSECUTOR) | ROLES_CHAIN_PROFESSIONAL)

const route http_routes_learning[] = {
    {"GET", "/api/v1/learning/paths", h_learning_paths, ACCESS_SESSION, ROLES_ALL, NULL, NULL,
     200, "LearningPaths", "learning", "listLearningPaths",
     "The learning paths, with your own progress", false},
    {"GET", "/api/v1/learning/paths/{id}", h_learning_path, ACCESS_SESSION, ROLES_ALL, NULL,
     NULL, 200, "LearningPath", "learning", "getLearningPath",
     "A path's modules and cases with what you finished, and the expert group's resources",
     false},
    {"GET", "/api/v1/learning/modules/{id}", h_learning_module, ACCESS_SESSION, ROLES_ALL, NULL,
     NULL, 200, "LearningModule", "learning", "getLearningModule",
     "A short module with the indicators it is about", false},
    {"POST", "/api/v1/learning/modules/{id}/completion", h_learning_module_done, ACCESS_SESSION,
     ROLES_ALL, NULL, NULL, 200, "LearningCompletion", "learning", "completeLearningModule",
     "Record that you read a module", false},
    {"GET", "/api/v1/learning/cases/{id}", h_learning_case, ACCESS_SESSION, ROLES_ALL, NULL, NULL,
     200, "LearningCase", "learning", "getLearningCase",
     "A fictional case: the story and the indicators to choose from, with your last answer",
     false},
    {"POST", "/api/v1/learning/cases/{id}/answers", h_learning_answer, ACCESS_SESSION, ROLES_ALL,
     answer_in, NULL, 201, "LearningAnswer", "learning", "answerLearningCase",
     "Answer a case: feedback on every sign, noticed, missed or wrongly picked", false},
    {"GET", "/api/v1/learning/progress", h_learning_progress, ACCESS_SESSION, ROLES_ALL, NULL,
     NULL, 200, "LearningProgress", "learning", "getLearningProgress",
     "Your own progress: what you finished", false},
    {"GET", "/api/v1/learning/explanations", h_learning_explanations, ACCESS_SESSION, ROLES_ALL,
     NULL, NULL, 200, "IndicatorExplanations", "learning", "listIndicatorExplanations",
     "Every indicator explained: at school, on the street, online, why, and what it does not"
     " mean", false},
    {"GET", "/api/v1/learning/overview", h_learning_overview, ACCESS_SESSION, COORDINATOR, NULL,
     NULL, 200, "LearningOverview", "learning", "getLearningOverview",
     "Your school's counts: staff who finished each path, signs most often missed (no names)",
     false},
    {"POST", "/api/v1/learning/versions", h_learning_publish, ACCESS_SESSION, ADMIN, publish_in,
     NULL, 201, "LearningPublication", "learning", "publishLearningVersion",
     "Publish a new version of a learning document", false},

    {"GET", "/api/v1/learning/resilience-programmes", h_resilience_programmes, ACCESS_SESSION,
     ROLES_ALL, NULL, NULL, 200, "ResilienceProgrammes", "learning",
     "listResilienceProgrammes", "The catalogue of resilience lesson programmes", false},
    {"GET", "/api/v1/learning/resilience-lessons", h_resilience_lessons, ACCESS_SESSION,
     COORDINATOR, NULL, lessons_q, 200, "ResilienceLesson", "learning", "listResilienceLessons",
     "The resilience lessons your school recorded", true},
    {"POST", "/api/v1/learning/resilience-lessons", h_resilience_lesson_create, ACCESS_SESSION,
     COORDINATOR, lesson_in, NULL, 201, "ResilienceLesson", "learning",
     "createResilienceLesson",
     "Record a programme given to a year group (no pupils' names)", false},
    {"DELETE", "/api/v1/learning/resilience-lessons/{id}", h_resilience_lesson_delete,
     ACCESS_SESSION, COORDINATOR, NULL, NULL, 204, NULL, "learning", "deleteResilienceLesson",
     "Remove a record made in error", false},
    {"GET", "/api/v1/learning/resilience-counts", h_resilience_counts, ACCESS_SESSION,
     COORDINATOR, NULL, period_q, 200, "ResilienceCounts", "learning", "countResilienceLessons",
     "Your school's resilience lessons counted per programme", false},

    {"GET", "/api/v1/expert-offers", h_expert_offers, ACCESS_SESSION, ROLES_ALL, NULL, NULL, 200,
     "ExpertOffers", "expert-group", "listExpertOffers",
     "What the national expert group provides on request, and how to ask", false},
    {"GET", "/api/v1/expert-requests", h_expert_requests, ACCESS_SESSION, PROFESSIONALS, NULL,
     page_q, 200, "ExpertRequest", "expert-group", "listExpertRequests",
     "The expert group's inbox (its care workers), or your own requests", true},
    {"POST", "/api/v1/expert-requests", h_expert_request_create, ACCESS_SESSION, PROFESSIONALS,
     expert_request_in, NULL, 201, "ExpertRequest", "expert-group", "createExpertRequest",
     "Request advice or the training film from the expert group", false},
    {"GET", "/api/v1/expert-requests/{id}", h_expert_request_get, ACCESS_SESSION, PROFESSIONALS,
     NULL, NULL, 200, "ExpertRequest", "expert-group", "getExpertRequest",
     "A request, for its requester or the expert group", false},
    {"PATCH", "/api/v1/expert-requests/{id}", h_expert_request_update, ACCESS_SESSION,
     PROFESSIONALS, expert_request_patch, NULL, 200, "ExpertRequest", "expert-group",
     "updateExpertRequest", "The expert group accepts, declines or completes a request", false},

    {NULL, NULL, NULL, ACCESS_PUBLIC, 0, NULL, NULL, 0, NULL, NULL, NULL, NULL, false},
};
// clang-format on
