/*
 * rules.c - fuzzing the loaders of the rule sets kept as data: guidance,
 * clocks, screening, interventions and the reference index's grounds.
 * An administrator publishes them (signaal rules publish) from files; the
 * services read them back for every piece of advice they give.
 *
 * One source, built once per kind with FUZZ_RULES_KIND set to the kind's
 * name: the input is the rule file.  Built with FUZZ_RULES_KIND "" (the
 * rulesets target), the input's first line names the kind, for the kinds
 * whose sets are only checked here: network-alerts, prosecution, monitor,
 * regions and measures.  It goes through ruleset_check, the
 * check that publishing runs; what that accepts must also satisfy the
 * code that uses the rules, so each accepted set is then used the way the
 * services use it, with inputs taken from the file's own bytes: guidance
 * assesses a pattern of indicators, clocks start, stop and fall due,
 * screening advises on answers, the grounds fill their letter, and an
 * intervention catalogue is published into a database and asked which
 * programme fits a child.
 */
#include "fuzz.h"

#include "domain/clocks.h"
#include "domain/guidance.h"
#include "domain/refindex.h"
#include "domain/screening.h"
#include "fuzz_app.h"
#include "service/chain/interventions.h"
#include "service/rulesets.h"

#ifndef FUZZ_RULES_KIND
#error "build with -DFUZZ_RULES_KIND=\"guidance\" (or another kind)"
#endif

/* The byte at i of the input, cycling; 0 for an empty one. */
static unsigned byte_at(const uint8_t *data, size_t size, size_t i)
{
    return size ? data[i % size] : 0;
}

/* The document's version as a number (the parsed version must be it,
 * not a number cut to fit an int). */
static json_int_t version_of(json_t *doc)
{
    return json_integer_value(json_object_get(doc, "version"));
}

static void use_guidance(const char *text, size_t size, const uint8_t *data)
{
    guidance_rules r;
    char why[200];
    FUZZ_CHECK(guidance_parse(text, size, &r, why, sizeof why) == SG_OK);
    FUZZ_CHECK(r.version == version_of(r.doc));
    static const char *const categories[] = {"school", "money", "travel", "vulnerability"};
    guidance_item items[24];
    bool counts[24];
    int n = (int)(size % 25);
    for (int i = 0; i < n; i++) {
        unsigned b = byte_at(data, size, (size_t)i * 7);
        items[i].code = "SCH-01";
        items[i].strength = "SMWC"[b % 4];
        items[i].category = categories[(b >> 2) % 4];
    }
    guidance_result res;
    guidance_assess(&r, items, n, counts, &res);
    FUZZ_CHECK(res.rule != NULL);
    /* The advice names the rule that fired; "otherwise" is no rule. */
    FUZZ_CHECK(res.fired == (strcmp(res.rule->id, "otherwise") != 0));
    if (res.fired) {
        FUZZ_CHECK(res.counted >= res.rule->min_indicators);
        FUZZ_CHECK(res.categories >= res.rule->min_categories);
    }
    for (int i = 0; i < n; i++) {
        if (counts[i])
            FUZZ_CHECK(res.fired && items[i].strength != 'C'
                       && strchr(res.rule->strengths, items[i].strength));
    }
    guidance_free(&r);
}

static void use_clocks(const char *text, size_t size, const uint8_t *data)
{
    clock_rules r;
    char why[200];
    FUZZ_CHECK(clock_rules_parse(text, size, &r, why, sizeof why) == SG_OK);
    FUZZ_CHECK(r.version == version_of(r.doc));
    date start = {2020 + (int)(byte_at(data, size, 1) % 20), 1 + (int)(byte_at(data, size, 2) % 12),
                  1 + (int)(byte_at(data, size, 3) % 28)};
    static const char *const signs[] = {"none", "possible", "strong", NULL};
    for (int i = 0; i < r.count; i++) {
        const clock_rule *c = &r.rules[i];
        FUZZ_CHECK(clock_rules_find(&r, c->id) != NULL);
        clock_event ev = {.name = c->starts_on,
                          .to_type = c->when_to_type[0] ? c->when_to_type : NULL,
                          .signs = signs[byte_at(data, size, (size_t)i) % 4],
                          .due_on = byte_at(data, size, (size_t)i + 1) % 2 ? "2031-02-28" : NULL};
        (void)clock_rule_starts(c, &ev);
        for (int k = 0; k < c->nstops; k++)
            FUZZ_CHECK(clock_rule_stops(c, c->stops_on[k]));
        (void)clock_rule_restarts(c, c->starts_on);
        date due;
        if (clock_due_date(&r, c, &start, &ev, &due) != SG_OK) {
            FUZZ_CHECK(c->due == DUE_FROM_FIELD && !ev.due_on);
            continue;
        }
        if (c->due == DUE_WORKING_DAYS) {
            FUZZ_CHECK(date_compare(&due, &start) > 0 && calendar_is_working_day(&r.cal, &due));
            FUZZ_CHECK(calendar_working_days_between(&r.cal, &start, &due) == c->due_n);
        } else if (c->due != DUE_FROM_FIELD) {
            FUZZ_CHECK(date_compare(&due, &start) >= 0);
        }
    }
    clock_rules_free(&r);
}

static void use_screening(const char *text, size_t size, const uint8_t *data)
{
    screening_rules r;
    char why[200];
    FUZZ_CHECK(screening_rules_parse(text, size, &r, why, sizeof why) == SG_OK);
    FUZZ_CHECK(r.version == version_of(r.doc));
    for (int i = 0; i < r.nquestions; i++)
        FUZZ_CHECK(screening_question_index(&r, r.questions[i]) == i);
    for (int i = 0; i < r.noffences; i++)
        FUZZ_CHECK(screening_offence_index(&r, r.offences[i]) == i);
    screening_answer answers[SCREENING_MAX_QUESTIONS];
    for (int i = 0; i < r.nquestions; i++)
        answers[i] = (screening_answer)(byte_at(data, size, (size_t)i * 3) % 4);
    int offence = (int)(byte_at(data, size, 5) % (unsigned)(r.noffences + 1)) - 1;
    screening_advice advice;
    screening_advise(&r, answers, offence, byte_at(data, size, 6) & 1, &advice);
    FUZZ_CHECK(advice.rule_id != NULL && advice.signs <= SIGNS_STRONG);
    FUZZ_CHECK(advice.yes + advice.unknown <= r.nquestions);
    FUZZ_CHECK((strcmp(advice.rule_id, "otherwise") == 0) == (advice.signs == SIGNS_NONE));
    FUZZ_CHECK(screening_signs_code(advice.signs)[0] != '\0');
    screening_rules_free(&r);
}

static void use_grounds(const char *text, size_t size)
{
    refindex_rules r;
    char why[200];
    FUZZ_CHECK(refindex_rules_parse(text, size, &r, why, sizeof why) == SG_OK);
    FUZZ_CHECK(r.version == version_of(r.doc));
    for (int i = 0; i < r.count; i++)
        FUZZ_CHECK(refindex_ground_find(&r, r.grounds[i].code) == &r.grounds[i]);
    /* The letter as the service fills it: every paragraph becomes JSON. */
    const char *vars[] = {"addressee",
                          "ouder(s) of verzorger(s) van Sam Voorbeeld",
                          "organisation",
                          "Demo: Het Voorbeeld College",
                          "registered_on",
                          "1 maart 2026",
                          "youth",
                          "Sam Voorbeeld",
                          "ground",
                          r.count ? r.grounds[0].nl : "",
                          "ground_source",
                          r.source,
                          "ends_on",
                          "1 maart 2028",
                          NULL};
    static char para[8192];
    size_t i;
    json_t *p;
    json_array_foreach(json_object_get(r.letter, "paragraphs"), i, p)
    {
        int rc = refindex_fill(json_string_value(p), vars, para, sizeof para);
        FUZZ_CHECK(rc == SG_OK || rc == SG_ETOOBIG);
        if (rc == SG_OK) {
            json_t *j = json_string(para);
            FUZZ_CHECK(j != NULL);
            json_decref(j);
        }
    }
    FUZZ_CHECK(json_string_value(json_object_get(r.letter, "subject")) != NULL);
    refindex_rules_free(&r);
}

/* Publishes the catalogue and asks for the programmes that fit a child
 * of the demo school, with needs named in the input. */
static void use_interventions(const char *text, size_t size, const uint8_t *data)
{
    static char person[STORE_ID_LEN];
    static actor admin, coordinator;
    app *a = fuzz_app();
    if (!a)
        abort();
    if (!person[0]) {
        access_system_actor(&admin);
        FUZZ_CHECK(fuzz_actor(a, "zorg.a", &coordinator) == SG_OK);
        FUZZ_CHECK(fuzz_person_id(a, "zorg.a", person) == SG_OK);
    }
    json_t *out = NULL;
    svc_error err = {0};
    FUZZ_CHECK(ruleset_publish(a, &admin, "interventions", text, size, &out, &err) == SG_OK);
    json_decref(out);
    out = NULL;
    /* Needs: the ids the catalogue lists, and one made of input bytes. */
    json_t *doc = json_loadb(text, size, JSON_REJECT_DUPLICATES, NULL);
    FUZZ_CHECK(doc != NULL);
    const char *needs[INTERVENTION_MAX_NEEDS];
    int nneeds = 0;
    size_t i;
    json_t *need;
    json_array_foreach(json_object_get(doc, "needs"), i, need)
    {
        const char *id = json_string_value(json_object_get(need, "id"));
        if (id && nneeds < INTERVENTION_MAX_NEEDS - 1 && byte_at(data, size, i) % 2)
            needs[nneeds++] = id;
    }
    char made[8];
    snprintf(made, sizeof made, "%c%c", 'a' + byte_at(data, size, 9) % 26,
             'a' + byte_at(data, size, 10) % 26);
    if (byte_at(data, size, 11) % 4 == 0)
        needs[nneeds++] = made;
    int rc = interventions_for(a, &coordinator, person, needs, nneeds, &out, &err);
    /* Fits are given, or the made-up need is refused: never a failure. */
    FUZZ_CHECK(rc == SG_OK || (rc == SG_EINVAL && err.field && strcmp(err.field, "needs") == 0));
    json_decref(out);
    out = NULL;
    FUZZ_CHECK(interventions_catalogue(a, &coordinator, 0, &out) == SG_OK);
    json_decref(out);
    json_decref(doc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *kind = FUZZ_RULES_KIND;
    char named[64];
    if (!*kind) {
        /* The kinds whose sets are only checked: the first line names it. */
        const uint8_t *rest;
        size_t left;
        fuzz_line(data, size, named, sizeof named, &rest, &left);
        kind = named;
        data = rest;
        size = left;
    }
    const char *text = size ? (const char *)data : "";
    char why[200];
    int rc = ruleset_check(kind, text, size, why, sizeof why);
    if (!*FUZZ_RULES_KIND && rc == SG_ENOTFOUND)
        return 0; /* not a kind of rule set */
    FUZZ_CHECK(rc == SG_OK || rc == SG_EINVAL);
    if (rc != SG_OK) {
        FUZZ_CHECK(why[0] != '\0');
        return 0;
    }
    /* What is published is kept as text and read back whole. */
    FUZZ_CHECK(!memchr(text, '\0', size));
    if (strcmp(kind, "guidance") == 0)
        use_guidance(text, size, data);
    else if (strcmp(kind, "clocks") == 0)
        use_clocks(text, size, data);
    else if (strcmp(kind, "screening") == 0)
        use_screening(text, size, data);
    else if (strcmp(kind, "concern-grounds") == 0)
        use_grounds(text, size);
    else if (strcmp(kind, "interventions") == 0)
        use_interventions(text, size, data);
    return 0;
}
