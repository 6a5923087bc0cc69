/*
 * guidance.h - explained guidance on a pattern of signals, by published rules.
 *
 * The rules are data (data/guidance.json, published as versions): an ordered
 * list where each rule says which strengths count (S, M, W), how many
 * indicators of those strengths and in how many categories make it fire, the
 * advice it gives and why.  The first rule that fires gives the advice; if
 * none fires, the "otherwise" advice applies.  C indicators (vulnerability)
 * never count toward any rule: a rule set that names C is refused.  The
 * result is advice to a professional with its reasons, never a label of the
 * child, and it changes nothing by itself.  Pure functions, no I/O.
 */
#ifndef SG_GUIDANCE_H
#define SG_GUIDANCE_H

#include <jansson.h>
#include <stdbool.h>

#include "base/status.h"

#define GUIDANCE_MAX_RULES 32

typedef struct guidance_rule {
    char id[16];
    char advice[40];
    char strengths[4]; /* e.g. "MW" */
    int min_indicators;
    int min_categories;
    const char *text_nl; /* borrowed from the rule set's JSON */
    const char *text_en;
    const char *why_nl;
    const char *why_en;
} guidance_rule;

typedef struct guidance_rules {
    json_t *doc; /* owned: the published JSON the texts point into */
    int version;
    int window_days;
    guidance_rule rules[GUIDANCE_MAX_RULES];
    int count;
    guidance_rule otherwise;
} guidance_rules;

/* Parses and checks a rule set.  On SG_EINVAL, why (size n) explains. */
SG_MUST_CHECK int guidance_parse(const char *text, size_t len, guidance_rules *out, char *why,
                                 size_t n);
void guidance_free(guidance_rules *r);

/* One indicator observation in the window: an indicator on one signal. */
typedef struct guidance_item {
    const char *code;
    const char *category;
    char strength; /* 'S', 'M', 'W' or 'C' */
} guidance_item;

typedef struct guidance_result {
    const guidance_rule *rule; /* the rule that fired, or &rules->otherwise */
    bool fired;                /* false when "otherwise" applies */
    int counted;               /* items of the fired rule's strengths */
    int categories;            /* distinct categories among them */
} guidance_result;

/* Applies the rules to items[0..n).  counts[i] is set to true for each
 * item that counted toward the fired rule (counts may be NULL). */
void guidance_assess(const guidance_rules *r, const guidance_item *items, int n, bool *counts,
                     guidance_result *out);

#endif
