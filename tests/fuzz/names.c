/*
 * names.c - fuzzing the reading of personal identity: name folding and
 * parsing (domain/names.c), the BSN's eleven test (domain/bsn.c), Dutch
 * addresses and the comparison of two identities (domain/refindex.c).
 *
 * The input is up to four lines: a full name or given names, a surname, a
 * BSN and a postcode with a house number and addition ("1234 AB|12|a");
 * its first two bytes also pick the day and month of birth.  What
 * must hold besides no crash: folding gives lower-case text that fits and
 * folds again; parsed parts are NUL-terminated within their arrays; an
 * identity compares equal to itself and never to itself with the day and
 * month of birth swapped.
 */
#include "fuzz.h"

#include "domain/bsn.h"
#include "domain/names.h"
#include "domain/refindex.h"

static void check_parts(const name_parts *p)
{
    FUZZ_CHECK(memchr(p->given, '\0', sizeof p->given));
    FUZZ_CHECK(memchr(p->first, '\0', sizeof p->first));
    FUZZ_CHECK(memchr(p->initials, '\0', sizeof p->initials));
    FUZZ_CHECK(memchr(p->particles, '\0', sizeof p->particles));
    FUZZ_CHECK(memchr(p->surname, '\0', sizeof p->surname));
}

/* Everything that can be asked of one parsed identity. */
static void use_identity(const name_parts *p, const date *birth)
{
    refindex_identity id;
    memset(&id, 0, sizeof id);
    id.name = *p;
    id.birth = *birth;
    memcpy(id.sex, "unknown", 8);
    char key[REFINDEX_KEY_TEXT], canon[NAMES_TEXT_LEN * 2];
    refindex_name_text(&id, key);
    refindex_block_a_text(&id, key);
    refindex_block_b_text(&id, key);
    refindex_block_c_text(&id, key);
    char parent[REFINDEX_KEY_TEXT];
    refindex_parent_text(key, parent);
    names_canonical(p, canon, sizeof canon);
    FUZZ_CHECK(refindex_compare(&id, &id) == REFINDEX_EQUAL);
    /* The same person registered with a day and month swapped, or one
     * letter off, is never "equal". */
    refindex_identity other = id;
    other.birth.day = birth->month;
    other.birth.month = birth->day;
    if (birth->day != birth->month
        && date_is_valid(other.birth.year, other.birth.month, other.birth.day))
        FUZZ_CHECK(refindex_compare(&id, &other) != REFINDEX_EQUAL);
    char code[NAMES_PHONETIC_LEN];
    names_phonetic(p->surname, code);
    names_phonetic(p->first, code);
    FUZZ_CHECK(names_distance(p->surname, p->surname, 2) == 0);
    FUZZ_CHECK(names_distance(p->given, p->surname, 3) <= 4);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char line[4][NAMES_TEXT_LEN * 2];
    const uint8_t *rest = data;
    size_t left = size;
    for (int i = 0; i < 4; i++)
        fuzz_line(rest, left, line[i], sizeof line[i], &rest, &left);

    /* Folding: lower-case ASCII (or other scripts' letters kept whole). */
    char folded[NAMES_TEXT_LEN];
    if (names_fold(line[0], folded, sizeof folded) == SG_OK) {
        FUZZ_CHECK(strlen(folded) < sizeof folded);
        for (const char *c = folded; *c; c++)
            FUZZ_CHECK(!(*c >= 'A' && *c <= 'Z'));
        char again[NAMES_TEXT_LEN];
        FUZZ_CHECK(names_fold(folded, again, sizeof again) == SG_OK);
    }
    char variant[NAMES_WORD_LEN * 2];
    names_variant(line[0], variant, sizeof variant);
    FUZZ_CHECK(strlen(variant) < sizeof variant);
    (void)names_is_particle(line[1]);

    date birth = {2010, 2, 14};
    if (size >= 2) {
        birth.day = 1 + data[0] % 28;
        birth.month = 1 + data[1] % 12;
    }

    name_parts parts;
    if (names_parse(line[0], &parts) == SG_OK) {
        check_parts(&parts);
        use_identity(&parts, &birth);
    }
    if (names_from_parts(line[0], line[1], &parts) == SG_OK) {
        check_parts(&parts);
        use_identity(&parts, &birth);
    }

    /* The BSN: exactly nine digits passing the eleven test. */
    if (bsn_is_valid(line[2])) {
        FUZZ_CHECK(strlen(line[2]) == 9);
        char key[REFINDEX_KEY_TEXT];
        refindex_bsn_text(line[2], key);
    }

    /* An address: "postcode|number|addition". */
    char *postcode = line[3];
    char *number = strchr(postcode, '|');
    char *addition = NULL;
    if (number) {
        *number++ = '\0';
        addition = strchr(number, '|');
        if (addition)
            *addition++ = '\0';
    }
    char key[REFINDEX_KEY_TEXT];
    const char *field = NULL;
    long house = number ? strtol(number, NULL, 10) : 1;
    if (refindex_address_text(postcode, house, addition, key, &field) == SG_OK)
        FUZZ_CHECK(strncmp(key, "address:", 8) == 0 && strlen(key) < 40);
    else
        FUZZ_CHECK(field != NULL);
    return 0;
}
