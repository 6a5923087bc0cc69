/*
 * learning.h - use cases of learning to recognise the signals: the
 * published learning paths, modules and fictional cases with feedback, the
 * explanation of every indicator, each user's own progress, the school
 * coordinator's counts, the national expert group's offer and requests for
 * it, and the resilience lessons a school gave.
 *
 * What it owns: the learning documents (published as rule sets of the
 * kinds in learning_kinds), learning progress and answers, expert requests
 * and resilience lesson records.  What it never does: hold anything about a
 * pupil (the cases are fictional; lessons are counted per year group), or
 * show one user's results to anyone else (a coordinator gets counts of
 * their own organisation only).
 *
 * Every use case takes the acting user, checks access, works in one
 * transaction and audits in it; results are jansson objects the caller
 * releases.  SG_ESTATE when the document a use case needs has not been
 * published yet.
 */
#ifndef SG_SVC_LEARNING_H
#define SG_SVC_LEARNING_H

#include "service/app.h"

/* The kinds of learning document, NULL-terminated: "learning" (paths,
 * modules and cases), "indicator-explanations", "expert-offers",
 * "resilience-programmes". */
extern const char *const learning_kinds[];

/* ---- publishing (administrators and the command line) ------------------- */

/* Checks text[0..len) as a document of kind (learning and explanations
 * against the newest catalogue, learning also against the published
 * offers) and publishes it as that kind's next version.  A refusal names
 * the line in err.  {"kind", "version", "source_sha256"}. */
SG_MUST_CHECK int learning_publish(app *a, const actor *who, const char *kind, const char *text,
                                   size_t len, json_t **out, svc_error *err);
/* The newest published version of kind; SG_ENOTFOUND when there is none. */
SG_MUST_CHECK int learning_published_version(app *a, const char *kind, int64_t *version);

/* ---- learners ------------------------------------------------------------- */

/* Every path with the actor's own progress ("for_you" marks the paths of
 * the actor's role). */
SG_MUST_CHECK int learning_paths(app *a, const actor *who, json_t **out);
/* One path: its modules and cases with what the actor finished, and the
 * expert group's offers shown with it.  SG_ENOTFOUND for an unknown id. */
SG_MUST_CHECK int learning_path_get(app *a, const actor *who, const char *id, json_t **out);
/* One module with the indicators it is about and their explanations. */
SG_MUST_CHECK int learning_module_get(app *a, const actor *who, const char *id, json_t **out);
/* Records that the actor read a module; the paths it finishes come back. */
SG_MUST_CHECK int learning_module_done(app *a, const actor *who, const char *id, json_t **out);
/* One case: the story and the indicators to choose from (never which are
 * the signs), with the actor's last answer and its feedback. */
SG_MUST_CHECK int learning_case_get(app *a, const actor *who, const char *id, json_t **out);
/* Answers a case with the indicators picked: the feedback on each sign
 * (noticed, missed, wrongly picked, each explained).  Answering finishes
 * the case; the paths it finishes come back. */
SG_MUST_CHECK int learning_case_answer(app *a, const actor *who, const char *id,
                                       const char *const *picked, int npicked, json_t **out,
                                       svc_error *err);
/* The actor's own progress: items finished, paths finished. */
SG_MUST_CHECK int learning_progress(app *a, const actor *who, json_t **out);
/* Every indicator's explanation, with the principles (anyone logged in). */
SG_MUST_CHECK int learning_explanations_get(app *a, const actor *who, json_t **out);

/* ---- the school's coordinator --------------------------------------------- */

/* Counts for the actor's own organisation (care coordinators only): staff,
 * learners, per path how many finished it, and the signs most often missed
 * in first answers.  Never a name or a ranking of people. */
SG_MUST_CHECK int learning_overview(app *a, const actor *who, json_t **out);

/* ---- the expert group's offer and requests --------------------------------- */

SG_MUST_CHECK int expert_offers_get(app *a, const actor *who, json_t **out);

typedef struct expert_request_input {
    const char *offer_id;
    const char *purpose;         /* what it is for; no pupil's name */
    const char *contact;         /* how the expert group reaches the requester */
    const char *expert_group_id; /* which expert group, or NULL when there is one */
} expert_request_input;

/* A professional requests an offer; the expert group is notified. */
SG_MUST_CHECK int expert_request_create(app *a, const actor *who, const expert_request_input *in,
                                        json_t **out, svc_error *err);
/* The expert group's inbox (for its care workers), or otherwise the
 * actor's own requests; a page. */
SG_MUST_CHECK int expert_request_list(app *a, const actor *who, const char *cursor, int limit,
                                      json_t **out, svc_error *err);
SG_MUST_CHECK int expert_request_get(app *a, const actor *who, const char *id, json_t **out);
/* The expert group accepts, declines or completes a request (status), with
 * an optional answer to the requester, who is notified. */
SG_MUST_CHECK int expert_request_update(app *a, const actor *who, const char *id,
                                        const char *status, const char *answer, json_t **out,
                                        svc_error *err);

/* ---- resilience lessons ------------------------------------------------------ */

SG_MUST_CHECK int resilience_programmes_get(app *a, const actor *who, json_t **out);

typedef struct resilience_input {
    const char *programme_id;
    const char *year_group;
    long classes;
    long lessons;
    const char *given_from;  /* YYYY-MM-DD */
    const char *given_until; /* YYYY-MM-DD, or NULL: the same day */
} resilience_input;

/* A school's care coordinator records a programme given to a year group. */
SG_MUST_CHECK int resilience_lesson_create(app *a, const actor *who, const resilience_input *in,
                                           json_t **out, svc_error *err);
/* The school's records, started within [from, until] (either may be NULL). */
SG_MUST_CHECK int resilience_lesson_list(app *a, const actor *who, const char *from,
                                         const char *until, const char *cursor, int limit,
                                         json_t **out, svc_error *err);
SG_MUST_CHECK int resilience_lesson_delete(app *a, const actor *who, const char *id);
/* The school's counts per programme within [from, until]. */
SG_MUST_CHECK int resilience_lesson_counts(app *a, const actor *who, const char *from,
                                           const char *until, json_t **out, svc_error *err);

#endif
