/*
 * data_safeguards.h - the published catalogue safeguards of data/, read and
 * parsed for the unit tests that parse or publish a catalogue.
 */
#ifndef SG_TEST_DATA_SAFEGUARDS_H
#define SG_TEST_DATA_SAFEGUARDS_H

#include "data_file.h"
#include "domain/safeguards.h"

#define SAFEGUARDS_PATH SIGNAAL_SOURCE_DIR "/data/catalogue-safeguards.json"

/* Parses data/catalogue-safeguards.json into out (free with
 * safeguards_free); SG_OK or the parser's status (why on stderr). */
static inline int data_safeguards_load(catalogue_safeguards *out)
{
    size_t len = 0;
    char *text = data_file_read(SAFEGUARDS_PATH, &len);
    if (!text)
        return SG_EIO;
    char why[200] = "";
    int rc = safeguards_parse(text, len, out, why, sizeof why);
    if (rc != SG_OK)
        fprintf(stderr, "%s: %s\n", SAFEGUARDS_PATH, why);
    free(text);
    return rc;
}

#endif
