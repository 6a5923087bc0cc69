/*
 * meldcode.h - the five steps of the Meldcode and its afwegingskader, as the
 * Besluit verplichte meldcode has them since 1 January 2019.
 *
 * Step 1 maps the signals; 2 consults a colleague and, if needed, Veilig
 * Thuis or an expert on injuries (meldcode_experts); 3 talks with the pupil
 * and/or parents; 4 weighs with the five questions of the afwegingskader;
 * 5 takes two decisions: is reporting (melden) necessary, and is offering or
 * organising help (also) possible.  The questions are asked in order; the
 * first decisive answer settles the advice for step 5:
 *   1 Is there a suspicion?                      no  -> no report, no help: close and record
 *   2 Is there acute or structural unsafety?     yes -> report; whether help is (also)
 *                                                       possible is weighed together with
 *                                                       Veilig Thuis after the report
 *   3 Can I offer or organise proper help?       no  -> report, no help of one's own
 *   4 Do those involved accept the help?         no  -> report, no help of one's own
 *   5 Does the help give results in time?        no  -> report (again) and go on helping;
 *                                                yes or not yet known -> help and monitor
 * Step 5 records the two decisions, which may both be yes ("melden én
 * hulp").  Deciding otherwise than advised needs a written justification.
 * Records of before 2019's two decisions hold a single decision code; they
 * read as the pair that code stands for.  Pure functions, no I/O.
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

/* What step 5 decides, or step 4 advises: the pair (report, help) as one
 * code.  REPORT_WEIGH is advice only: report, and weigh help together with
 * Veilig Thuis. */
typedef enum meldcode_decision {
    DECISION_NONE = 0,
    DECISION_CLOSE,           /* no report, no help: close and record */
    DECISION_REPORT,          /* report to Veilig Thuis, no help of one's own */
    DECISION_HELP,            /* no report: organise help and monitor */
    DECISION_REPORT_AND_HELP, /* report, and offer or organise help as well */
    DECISION_REPORT_WEIGH,    /* advice: report; weigh help with Veilig Thuis */
} meldcode_decision;

const char *meldcode_step_name(int step, bool dutch);
const char *meldcode_question(int q, bool dutch); /* q = 1..5 */
const char *meldcode_decision_code(meldcode_decision d);
const char *meldcode_decision_name(meldcode_decision d, bool dutch);
/* Parses a decision code, the advice-only REPORT_WEIGH included: the use
 * case decides which codes its input may take. */
SG_MUST_CHECK int meldcode_decision_parse(const char *code, meldcode_decision *out);
SG_MUST_CHECK int meldcode_answer_parse(const char *code, meldcode_answer *out);
const char *meldcode_answer_code(meldcode_answer a);

/* The two decisions a code stands for.  *help_with_vt is true for the
 * advice to weigh help together with Veilig Thuis (then *help is false). */
void meldcode_decision_pair(meldcode_decision d, bool *report, bool *help, bool *help_with_vt);
/* The code of a pair of decisions (never NONE or REPORT_WEIGH). */
meldcode_decision meldcode_decision_of(bool report, bool help);

/* Weighs answers[0..5) (question 1 first).  Every question up to the
 * decisive one must be answered and none after it.  On success *out is the
 * advice for step 5 and *decisive the question that settled it (1..5).
 * SG_EINVAL with *why (static) when the answers are incomplete, out of
 * order or not allowed for their question. */
SG_MUST_CHECK int meldcode_weigh(const meldcode_answer answers[MELDCODE_QUESTIONS],
                                 meldcode_decision *out, int *decisive, const char **why);

/* Step 5: the two decisions taken, after the advice of step 4. */
typedef struct meldcode_choice {
    bool report;            /* is melden noodzakelijk? */
    bool help;              /* is hulp verlenen of organiseren (ook) mogelijk? */
    bool with_veilig_thuis; /* help was weighed together with Veilig Thuis */
    bool justified;         /* a written justification of enough length is given */
} meldcode_choice;

/* Checks step 5's decisions against the advice.  On SG_OK *deviates says
 * whether they differ from it (and were justified).  SG_EINVAL with *field
 * and *why (static) when a report for acute or structural unsafety does not
 * record that help was weighed with Veilig Thuis, or a deviation is not
 * justified. */
SG_MUST_CHECK int meldcode_decide(meldcode_decision advised, const meldcode_choice *c,
                                  bool *deviates, const char **field, const char **why);

/* The experts step 2 may consult, as the Besluit verplichte meldcode names
 * them (a knowledgeable colleague, and if needed Veilig Thuis or an expert on
 * the interpretation of injuries), and the others of this chain.
 * NULL-terminated codes. */
extern const char *const meldcode_experts[];
const char *meldcode_expert_name(const char *code, bool dutch);

#endif
