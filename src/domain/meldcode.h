/*
 * meldcode.h - the five steps of the Meldcode and its afwegingskader.
 *
 * Step 1 maps the signals; 2 consults a colleague (and Veilig Thuis for
 * advice if needed); 3 talks with the pupil and/or parents; 4 weighs with
 * the five questions of the afwegingskader; 5 decides.  The questions are
 * asked in order and the first decisive answer settles what step 5 must be:
 *   1 Is there a suspicion?                        no  -> close and record
 *   2 Is there acute or structural unsafety?       yes -> report to Veilig Thuis
 *   3 Can I offer or organise effective help?      no  -> report
 *   4 Do those involved accept the help?           no  -> report
 *   5 Does the help give results in time?          no  -> report (again);
 *                                                  yes or not yet known -> organise help and monitor
 * The professional may decide otherwise only with a written justification.
 * Also here: whose consent is needed to discuss a pupil by name.  Pure
 * functions, no I/O.
 */
#ifndef SG_MELDCODE_H
#define SG_MELDCODE_H

#include <stdbool.h>

#include "base/status.h"

#define MELDCODE_STEPS 5
#define MELDCODE_QUESTIONS 5
#define MELDCODE_JUSTIFICATION_MIN 20 /* characters of a justification to deviate */

typedef enum meldcode_answer {
    ANSWER_NONE = 0, /* not asked: after the decisive question */
    ANSWER_YES,
    ANSWER_NO,
    ANSWER_UNKNOWN, /* only for question 5: results cannot be judged yet */
} meldcode_answer;

typedef enum meldcode_decision {
    DECISION_NONE = 0,
    DECISION_CLOSE,  /* close and record */
    DECISION_REPORT, /* report to Veilig Thuis */
    DECISION_HELP,   /* organise help and monitor */
} meldcode_decision;

const char *meldcode_step_name(int step, bool dutch);
const char *meldcode_question(int q, bool dutch); /* q = 1..5 */
const char *meldcode_decision_code(meldcode_decision d);
const char *meldcode_decision_name(meldcode_decision d, bool dutch);
SG_MUST_CHECK int meldcode_decision_parse(const char *code, meldcode_decision *out);
SG_MUST_CHECK int meldcode_answer_parse(const char *code, meldcode_answer *out);
const char *meldcode_answer_code(meldcode_answer a);

/* Weighs answers[0..5) (question 1 first).  Every question up to the
 * decisive one must be answered and none after it.  On success *out is the
 * decision step 5 must record and *decisive the question that settled it
 * (1..5).  SG_EINVAL with *why (static) when the answers are incomplete,
 * out of order or not allowed for their question. */
SG_MUST_CHECK int meldcode_weigh(const meldcode_answer answers[MELDCODE_QUESTIONS],
                                 meldcode_decision *out, int *decisive, const char **why);

typedef enum consent_party {
    CONSENT_PARENT, /* under 16: a parent or guardian */
    CONSENT_PUPIL,  /* from 16: the pupil */
} consent_party;

/* Whose consent is needed to discuss a pupil of this age by name. */
consent_party meldcode_consent_party(int age);
const char *meldcode_consent_party_code(consent_party p);

#endif
