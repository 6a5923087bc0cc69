/*
 * learning.c - fuzzing the loaders of the learning documents
 * (domain/learning.c, domain/learning_docs.c): the learning paths with
 * their modules and fictional cases, the indicator explanations, the
 * expert group's offer and the resilience lesson programmes, which an
 * administrator publishes (signaal learning publish, or the API).
 *
 * The input is a line naming the kind ("learning",
 * "indicator-explanations", "expert-offers" or "resilience-programmes")
 * and then the document.  Documents are checked against the catalogue and
 * offer of data/, as publishing checks them against the published ones.
 * What an accepted document must then bear, besides no crash: every id it
 * lists can be found again; the feedback on a case, for the indicators a
 * learner picks (taken from the input's bytes), adds up and can be shown
 * as JSON; a refusal says why.
 */
#include "fuzz.h"

#include "domain/learning.h"

static catalogue *cat;
static json_t *offers;
static learning_explanations explanations;
static bool have_explanations;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    char why[200] = "";
    size_t len = 0;
    static catalogue_safeguards sg;
    char *text = fuzz_read_data("catalogue-safeguards.json", &len);
    int rc = text ? safeguards_parse(text, len, &sg, why, sizeof why) : SG_EIO;
    free(text);
    text = rc == SG_OK ? fuzz_read_data("indicators.tsv", &len) : NULL;
    rc = text ? catalogue_parse(text, len, &sg, &cat, why, sizeof why) : SG_EIO;
    free(text);
    text = rc == SG_OK ? fuzz_read_data("expert-offers.json", &len) : NULL;
    rc = text ? learning_offers_parse(text, len, &offers, why, sizeof why) : SG_EIO;
    free(text);
    text = rc == SG_OK ? fuzz_read_data("indicator-explanations.json", &len) : NULL;
    rc =
        text ? learning_explanations_parse(text, len, cat, &explanations, why, sizeof why) : SG_EIO;
    free(text);
    have_explanations = rc == SG_OK;
    if (rc != SG_OK)
        fprintf(stderr, "learning harness: data/ cannot be read: %s\n", why);
    return rc == SG_OK ? 0 : 1;
}

/* The feedback on case c when the options whose bit is set in the input's
 * bytes (and, with a bit more, a code the case does not offer) are picked. */
static void answer_case(const learning_case *c, const uint8_t *data, size_t size)
{
    const char *picked[LEARNING_MAX_OPTIONS + 1];
    int n = 0;
    for (int i = 0; i < c->noptions; i++)
        if (size && (data[(size_t)i % size] >> (i % 8)) & 1)
            picked[n++] = c->options[i];
    if (size > 3 && data[3] % 7 == 0)
        picked[n++] = "XXX-99";
    learning_feedback f;
    char why[200] = "";
    if (learning_feedback_for(c, picked, n, &f, why, sizeof why) != SG_OK) {
        FUZZ_CHECK(why[0] != '\0');
        return;
    }
    FUZZ_CHECK(f.noticed + f.missed == f.expected);
    FUZZ_CHECK(f.noticed + f.wrong == n);
    FUZZ_CHECK(f.complete == (f.missed == 0 && f.wrong == 0));
    for (int i = 0; i < c->noptions; i++)
        FUZZ_CHECK(learning_mark_code(f.marks[i])[0] != '\0');
    json_t *j = learning_feedback_json(c, &f, have_explanations ? &explanations : NULL);
    FUZZ_CHECK(j != NULL);
    char *text = json_dumps(j, JSON_COMPACT);
    FUZZ_CHECK(text != NULL);
    free(text);
    json_decref(j);
}

static void check_learning(const char *text, size_t len, const uint8_t *data, size_t size)
{
    learning_content c;
    char why[200] = "";
    if (learning_content_parse(text, len, cat, offers, &c, why, sizeof why) != SG_OK) {
        FUZZ_CHECK(why[0] != '\0');
        return;
    }
    for (int i = 0; i < c.npaths; i++) {
        FUZZ_CHECK(learning_find_path(&c, c.paths[i].id) == &c.paths[i]);
        for (int k = 0; k < c.paths[i].nitems; k++) {
            FUZZ_CHECK(learning_path_has(&c.paths[i], c.paths[i].items[k]));
            FUZZ_CHECK(learning_find_module(&c, c.paths[i].items[k])
                       || learning_find_case(&c, c.paths[i].items[k]));
        }
    }
    for (int i = 0; i < c.nmodules; i++)
        FUZZ_CHECK(learning_find_module(&c, c.modules[i].id) == &c.modules[i]);
    for (int i = 0; i < c.ncases; i++) {
        FUZZ_CHECK(learning_find_case(&c, c.cases[i].id) == &c.cases[i]);
        answer_case(&c.cases[i], data, size);
    }
    learning_content_free(&c);
    /* Without a catalogue (a document checked when it was published). */
    if (learning_content_parse(text, len, NULL, NULL, &c, why, sizeof why) == SG_OK)
        learning_content_free(&c);
}

static void check_explanations(const char *text, size_t len)
{
    learning_explanations e;
    char why[200] = "";
    if (learning_explanations_parse(text, len, cat, &e, why, sizeof why) != SG_OK) {
        FUZZ_CHECK(why[0] != '\0');
        return;
    }
    /* One explanation for every indicator of the catalogue. */
    for (int i = 0; i < cat->count; i++)
        FUZZ_CHECK(learning_explanation(&e, cat->items[i].code) != NULL);
    learning_explanations_free(&e);
}

static void check_list(const char *kind, const char *text, size_t len)
{
    json_t *doc = NULL;
    char why[200] = "";
    bool offer = strcmp(kind, "expert-offers") == 0;
    int rc = offer ? learning_offers_parse(text, len, &doc, why, sizeof why)
                   : learning_programmes_parse(text, len, &doc, why, sizeof why);
    if (rc != SG_OK) {
        FUZZ_CHECK(why[0] != '\0' && !doc);
        return;
    }
    size_t i;
    json_t *item;
    json_array_foreach(json_object_get(doc, offer ? "offers" : "programmes"), i, item)
    {
        const char *id = json_string_value(json_object_get(item, "id"));
        FUZZ_CHECK(id && (offer ? learning_offer(doc, id) : learning_programme(doc, id)) == item);
    }
    json_array_foreach(json_object_get(doc, "year_groups"), i, item)
    {
        const char *id = json_string_value(json_object_get(item, "id"));
        FUZZ_CHECK(offer || (id && learning_year_group(doc, id) == item));
    }
    json_decref(doc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char kind[64];
    const uint8_t *rest;
    size_t left;
    fuzz_line(data, size, kind, sizeof kind, &rest, &left);
    const char *text = left ? (const char *)rest : "";
    if (strcmp(kind, "learning") == 0)
        check_learning(text, left, data, size);
    else if (strcmp(kind, "indicator-explanations") == 0)
        check_explanations(text, left);
    else if (strcmp(kind, "expert-offers") == 0 || strcmp(kind, "resilience-programmes") == 0)
        check_list(kind, text, left);
    else
        return 0;
    /* The line finder the refusals use. */
    (void)learning_line_of(text, left, size > 8 ? kind : NULL, "id");
    return 0;
}
