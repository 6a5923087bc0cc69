/*
 * catalogue.c - fuzzing the indicator catalogue loader
 * (domain/catalogue.c): the tab-separated file an administrator publishes
 * (POST /api/v1/catalogue/versions, signaal catalogue publish).
 *
 * The input is the file, checked against the safeguards of data/.  What
 * must hold for a catalogue that is accepted: at least one and at most 500
 * indicators, each with a unique id of a known category, a strength S, M,
 * W or C, and texts that are non-blank, fit their columns and can become
 * JSON strings (the API shows them), none naming a protected attribute.
 */
#include "fuzz.h"

#include <jansson.h>

#include "base/text.h"
#include "domain/catalogue.h"

static catalogue_safeguards safeguards;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    size_t len = 0;
    char why[200] = "";
    char *text = fuzz_read_data("catalogue-safeguards.json", &len);
    int rc = text ? safeguards_parse(text, len, &safeguards, why, sizeof why) : SG_EIO;
    free(text);
    if (rc != SG_OK)
        fprintf(stderr, "catalogue harness: data/catalogue-safeguards.json: %s\n", why);
    return rc == SG_OK ? 0 : 1;
}

/* The text can be shown as a JSON string (valid UTF-8, no NUL). */
static bool jsonable(const char *s, size_t size)
{
    FUZZ_CHECK(memchr(s, '\0', size) != NULL);
    json_t *j = json_string(s);
    json_decref(j);
    return j != NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    catalogue *c = NULL;
    char why[200];
    const char *text = size ? (const char *)data : "";
    if (catalogue_parse(text, size, &safeguards, &c, why, sizeof why) != SG_OK) {
        FUZZ_CHECK(c == NULL && why[0] != '\0');
        return 0;
    }
    FUZZ_CHECK(c->count >= 1 && c->count <= 500);
    for (int i = 0; i < c->count; i++) {
        const indicator_row *r = &c->items[i];
        FUZZ_CHECK(strlen(r->code) == 6 && catalogue_category_code(r->code) != NULL);
        FUZZ_CHECK(strcmp(r->category, catalogue_category_code(r->code)) == 0);
        FUZZ_CHECK(r->strength[0] && strchr("SMWC", r->strength[0]) && !r->strength[1]);
        FUZZ_CHECK(jsonable(r->category_nl, sizeof r->category_nl)
                   && jsonable(r->category_en, sizeof r->category_en)
                   && jsonable(r->text_nl, sizeof r->text_nl)
                   && jsonable(r->text_en, sizeof r->text_en)
                   && jsonable(r->strength_note, sizeof r->strength_note)
                   && jsonable(r->sources, sizeof r->sources));
        FUZZ_CHECK(!text_is_blank(r->text_nl) && !text_is_blank(r->text_en)
                   && !text_is_blank(r->sources));
        /* The safeguards hold: no text names a protected attribute. */
        FUZZ_CHECK(!safeguards_protected(&safeguards, r->text_nl, NULL)
                   && !safeguards_protected(&safeguards, r->text_en, NULL)
                   && !safeguards_protected(&safeguards, r->category_nl, NULL)
                   && !safeguards_protected(&safeguards, r->category_en, NULL));
        for (int k = 0; k < i; k++)
            FUZZ_CHECK(strcmp(c->items[k].code, r->code) != 0);
    }
    catalogue_free(c);
    return 0;
}
