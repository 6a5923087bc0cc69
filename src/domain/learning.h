/*
 * learning.h - learning to recognise the signals: the published learning
 * content (paths per role, short modules, fictional cases), the plain-
 * language explanation of every indicator, the national expert group's
 * offer and the catalogue of resilience lesson programmes, each checked
 * before it is published, and the feedback on a learner's answer to a case.
 *
 * All four are JSON documents kept in data/ and published as versions.  A
 * document that refers to an indicator the catalogue lacks is refused with
 * the line where the reference stands.  Every case must say it is
 * fictional: nothing in learning is about a real pupil.  The parsed
 * structures borrow their texts from the document they own (doc).
 *
 * Pure functions, no I/O: the caller reads files and the database.
 */
#ifndef SG_LEARNING_H
#define SG_LEARNING_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "base/status.h"
#include "domain/catalogue.h"

#define LEARNING_MAX_PATHS 16
#define LEARNING_MAX_MODULES 64
#define LEARNING_MAX_CASES 64
#define LEARNING_MAX_PATH_ITEMS 32 /* modules and cases of one path */
#define LEARNING_MAX_OPTIONS 24    /* indicators offered to choose from in one case */
#define LEARNING_ID_MAX 48         /* ids: [a-z0-9._-], at most this many characters */

typedef struct learning_explanations learning_explanations;

/* ---- the learning content (data/learning.json) -------------------------- */

typedef struct learning_path {
    const char *id;
    json_t *obj;                                /* borrowed from the document */
    const char *items[LEARNING_MAX_PATH_ITEMS]; /* module and case ids, in order */
    int nitems;
    unsigned roles; /* ROLE_BIT mask of the roles it is meant for */
} learning_path;

typedef struct learning_module {
    const char *id;
    json_t *obj;
} learning_module;

typedef struct learning_case {
    const char *id;
    json_t *obj;
    const char *options[LEARNING_MAX_OPTIONS]; /* indicator codes offered */
    bool expected[LEARNING_MAX_OPTIONS];       /* the signs a professional should notice */
    int noptions;
} learning_case;

typedef struct learning_content {
    json_t *doc; /* owned */
    int version;
    learning_path paths[LEARNING_MAX_PATHS];
    int npaths;
    learning_module modules[LEARNING_MAX_MODULES];
    int nmodules;
    learning_case cases[LEARNING_MAX_CASES];
    int ncases;
} learning_content;

/* Parses and checks text[0..len) against the catalogue cat (every indicator
 * a module or case names must be in it; with cat NULL, as for a document
 * that was checked when it was published, references are not checked).  offers, when not NULL, is the
 * published expert group's offer, which the paths' "offers" must name.  On
 * SG_EINVAL, why (size n) says what is wrong and, for references, on which
 * line.  out is freed with learning_content_free. */
SG_MUST_CHECK int learning_content_parse(const char *text, size_t len, const catalogue *cat,
                                         const json_t *offers, learning_content *out, char *why,
                                         size_t n);
void learning_content_free(learning_content *c);

const learning_path *learning_find_path(const learning_content *c, const char *id);
const learning_module *learning_find_module(const learning_content *c, const char *id);
const learning_case *learning_find_case(const learning_content *c, const char *id);
/* True when item (a module or case id) belongs to path. */
bool learning_path_has(const learning_path *p, const char *item);

/* ---- feedback on a case -------------------------------------------------- */

typedef enum learning_mark {
    LEARNING_NOTICED,  /* a sign of the case, picked */
    LEARNING_MISSED,   /* a sign of the case, not picked */
    LEARNING_WRONG,    /* picked, but not a sign in this story */
    LEARNING_LEFT_OUT, /* rightly not picked */
} learning_mark;

typedef struct learning_feedback {
    learning_mark marks[LEARNING_MAX_OPTIONS]; /* per option of the case, in its order */
    int noticed;
    int missed;
    int wrong;
    int expected;  /* signs in the case */
    bool complete; /* every sign noticed and nothing picked wrongly */
} learning_feedback;

/* Compares the codes a learner picked (picked[0..npicked)) with the case.
 * SG_EINVAL (why says which) when a code is not offered in the case or is
 * given twice. */
SG_MUST_CHECK int learning_feedback_for(const learning_case *c, const char *const *picked,
                                        int npicked, learning_feedback *out, char *why, size_t n);
/* The wire code of a mark: "noticed", "missed", "wrongly-picked",
 * "rightly-left-out". */
const char *learning_mark_code(learning_mark m);
/* The feedback as JSON: {"complete", "noticed", "missed", "wrongly_picked",
 * "expected", "items": [{"indicator", "outcome", "explanation": {nl, en},
 * "about": the indicator's explanation or null}]}, the case's own
 * explanation of each sign first.  explanations may be NULL.  A new
 * reference, or NULL when memory ran out. */
json_t *learning_feedback_json(const learning_case *c, const learning_feedback *f,
                               const learning_explanations *explanations);

/* ---- indicator explanations (data/indicator-explanations.json) ---------- */

struct learning_explanations {
    json_t *doc;   /* owned */
    json_t *by_id; /* owned: indicator code -> its explanation (borrowed from doc) */
    int version;
};

/* Parses and checks: one explanation for every indicator of cat and none
 * for an indicator it lacks (refused naming the line; not checked when cat
 * is NULL), each with what it
 * looks like at school, on the street and online, why it may point to
 * exploitation and what it does not mean, in Dutch and English, and its
 * source. */
SG_MUST_CHECK int learning_explanations_parse(const char *text, size_t len, const catalogue *cat,
                                              learning_explanations *out, char *why, size_t n);
void learning_explanations_free(learning_explanations *e);
/* The explanation of one indicator (borrowed), or NULL. */
json_t *learning_explanation(const learning_explanations *e, const char *code);

/* ---- the expert group's offer (data/expert-offers.json) ------------------ */

/* Parses and checks the offer list; *out is a new reference to the
 * document.  Each offer has an id, a kind (advice, training-film, ...),
 * title, description and how to request it in Dutch and English, and a
 * source. */
SG_MUST_CHECK int learning_offers_parse(const char *text, size_t len, json_t **out, char *why,
                                        size_t n);
/* The offer with id in a parsed offer list (borrowed), or NULL. */
json_t *learning_offer(const json_t *offers, const char *id);

/* ---- resilience lesson programmes (data/resilience-programmes.json) ----- */

/* Parses and checks the catalogue of programmes and the year groups they
 * can be given to; *out is a new reference to the document. */
SG_MUST_CHECK int learning_programmes_parse(const char *text, size_t len, json_t **out, char *why,
                                            size_t n);
/* The programme / year group with id (borrowed), or NULL. */
json_t *learning_programme(const json_t *programmes, const char *id);
json_t *learning_year_group(const json_t *programmes, const char *id);

/* ---- shared by the parsers ------------------------------------------------ */

/* The 1-based line of text on which the JSON string "needle" first stands
 * after the object whose "id" is owner (anywhere when owner is NULL), or 0
 * when it cannot be found. */
int learning_line_of(const char *text, size_t len, const char *owner, const char *needle);

#endif
