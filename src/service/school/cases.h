/*
 * cases.h - a child's case at school: its signals, consent, "niet pluis"
 * consultations with their actions, and the five Meldcode steps.
 *
 * A case belongs to one school and is worked by its care coordinators; an
 * action may be owned by anyone of the school (a mentor, say), who then
 * sees that action.  Without consent to discuss the pupil by name (a
 * parent's under 16, the pupil's own from 16) the case and its
 * consultations show no identifying fields.  Every step has a clock: the
 * next Meldcode step is due cfg.step_days after the last, and a case
 * without progress for cfg.stale_days is flagged.  Every read and write is
 * audited.
 */
#ifndef SG_CASES_H
#define SG_CASES_H

#include "service/app.h"

#define CASE_MAX_SIGNALS 200

SG_MUST_CHECK int case_open(app *a, const actor *who, const char *person_id,
                            const char *const *signal_ids, int nsignals, json_t **out,
                            svc_error *err);
SG_MUST_CHECK int case_get(app *a, const actor *who, const char *id, json_t **out);
SG_MUST_CHECK int case_list(app *a, const actor *who, const char *person_id, const char *status,
                            const char *cursor, int limit, json_t **out, svc_error *err);
SG_MUST_CHECK int case_add_signals(app *a, const actor *who, const char *id,
                                   const char *const *signal_ids, int nsignals, json_t **out,
                                   svc_error *err);
/* status: given, refused or none (withdrawn); party: parent or pupil, as
 * the pupil's age on that date requires; on: the date it was given. */
SG_MUST_CHECK int case_set_consent(app *a, const actor *who, const char *id, const char *status,
                                   const char *party, const char *on, json_t **out, svc_error *err);
/* Hands the case to another care coordinator of the school. */
SG_MUST_CHECK int case_set_owner(app *a, const actor *who, const char *id, const char *owner_id,
                                 json_t **out, svc_error *err);

#define STEP_MAX_CONSULTED 8

typedef struct step_input {
    int step;               /* 1..5 */
    const char *summary;    /* what was done */
    const char *answers[5]; /* step 4: yes, no, unknown or NULL (not asked) */
    /* Step 5's two decisions: is reporting necessary, is help (also)
     * possible; -1 when not given.  The older single decision code is still
     * taken for the pair it stands for. */
    int report;
    int help;
    const char *decision;
    bool with_veilig_thuis;    /* step 5: help was weighed together with Veilig Thuis */
    const char *justification; /* step 5, when deciding otherwise than advised */
    const char *consulted[STEP_MAX_CONSULTED]; /* step 2: meldcode_experts codes */
    int nconsulted;
} step_input;

SG_MUST_CHECK int case_record_step(app *a, const actor *who, const char *id, const step_input *in,
                                   json_t **out, svc_error *err);

typedef struct action_input {
    const char *description;
    const char *owner_id; /* a user of the same school */
    const char *due_on;
} action_input;

#define CONSULT_MAX_ACTIONS 20
#define CONSULT_MAX_PARTICIPANTS 12

typedef struct consultation_input {
    const char *case_id;
    const char *held_on;
    const char *participants[CONSULT_MAX_PARTICIPANTS];
    int nparticipants;
    const char *facts;
    const char *life_events;
    const char *triggers;
    const char *risk_factors;
    const char *protective_factors;
    const char *unknowns;
    const char *question;
    const char *question_type; /* care or investigation */
    const char *outcome;       /* more-care, care-team, protective-factors-suffice */
    const char *next_meeting;  /* or NULL */
    action_input actions[CONSULT_MAX_ACTIONS];
    int nactions;
} consultation_input;

SG_MUST_CHECK int consultation_create(app *a, const actor *who, const consultation_input *in,
                                      json_t **out, svc_error *err);
SG_MUST_CHECK int consultation_get(app *a, const actor *who, const char *id, json_t **out);
/* Marks an action done: its owner or the case's care coordinators. */
SG_MUST_CHECK int action_complete(app *a, const actor *who, const char *id, json_t **out);

extern const char *const consult_participants[];
extern const char *const consult_outcomes[];
extern const char *const consult_question_types[];

#endif
