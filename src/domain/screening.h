/*
 * screening.h - the screening of an arrested minor for signs of criminal
 * exploitation, by published rules.
 *
 * The rules (data/screening.json) list the offence types, the protocol
 * questions (each answered yes, no or unknown) and ordered rules: the first
 * that fires gives the advice — signs of exploitation "strong", "possible"
 * or, when none fires, the "otherwise" outcome ("none").  A rule fires on
 * any of a list of questions answered yes, on a number of yes or unknown
 * answers, or on the place and the offence.  The officer confirms the
 * outcome with a reason; the advice never decides by itself.  Pure
 * functions, no I/O.
 */
#ifndef SG_SCREENING_H
#define SG_SCREENING_H

#include <jansson.h>
#include <stdbool.h>

#include "base/status.h"

#define SCREENING_MAX_QUESTIONS 16
#define SCREENING_MAX_RULES 16
#define SCREENING_MAX_OFFENCES 32

typedef enum screening_answer {
    SCREEN_UNANSWERED = 0,
    SCREEN_YES,
    SCREEN_NO,
    SCREEN_UNKNOWN,
} screening_answer;

typedef enum screening_signs {
    SIGNS_NONE = 0,
    SIGNS_POSSIBLE,
    SIGNS_STRONG,
} screening_signs;

typedef struct screening_rule {
    char id[16];
    screening_signs signs;
    bool any_yes[SCREENING_MAX_QUESTIONS]; /* indexed like the questions */
    bool has_any_yes;
    int min_yes; /* 0: not a condition */
    int min_unknown;
    bool outside_region; /* a condition when true */
    bool offence_in[SCREENING_MAX_OFFENCES];
    bool has_offence_in;
} screening_rule;

typedef struct screening_rules {
    json_t *doc; /* owned; texts are borrowed from it */
    int version;
    const char *questions[SCREENING_MAX_QUESTIONS]; /* ids */
    int nquestions;
    const char *offences[SCREENING_MAX_OFFENCES]; /* ids */
    int noffences;
    screening_rule rules[SCREENING_MAX_RULES];
    int nrules;
} screening_rules;

SG_MUST_CHECK int screening_rules_parse(const char *text, size_t len, screening_rules *out,
                                        char *why, size_t n);
void screening_rules_free(screening_rules *r);
/* The index of a question or offence id, or -1. */
int screening_question_index(const screening_rules *r, const char *id);
int screening_offence_index(const screening_rules *r, const char *id);

const char *screening_signs_code(screening_signs s);
SG_MUST_CHECK int screening_signs_parse(const char *code, screening_signs *out);
SG_MUST_CHECK int screening_answer_parse(const char *code, screening_answer *out);

typedef struct screening_advice {
    screening_signs signs;
    const char *rule_id; /* "otherwise" when no rule fired */
    int yes;             /* answers counted */
    int unknown;
} screening_advice;

/* Advises on answers[0..nquestions) for an offence (index) committed inside
 * or outside the youth's home region. */
void screening_advise(const screening_rules *r, const screening_answer *answers, int offence,
                      bool outside_region, screening_advice *out);

#endif
