/* The rules of the reference index (see refindex.h). */
#include "domain/refindex.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "base/text.h"

/* ---- who and how long ------------------------------------------------- */

bool refindex_age_ok(const date *birth, const date *day)
{
    return date_compare(birth, day) <= 0 && date_age_on(birth, day) < REFINDEX_MAX_AGE;
}

void refindex_anniversary(const date *d, int years, date *out)
{
    out->year = d->year + years;
    out->month = d->month;
    out->day = d->day;
    if (!date_is_valid(out->year, out->month, out->day)) {
        /* 29 February in a year without one: the day after 28 February. */
        out->month = 3;
        out->day = 1;
    }
}

void refindex_ends_on(const date *registered, const date *birth, date *out, refindex_end *why)
{
    date two_years, adult;
    refindex_anniversary(registered, REFINDEX_YEARS, &two_years);
    refindex_anniversary(birth, REFINDEX_MAX_AGE, &adult);
    bool age_first = date_compare(&adult, &two_years) < 0;
    *out = age_first ? adult : two_years;
    if (why)
        *why = age_first ? REFINDEX_END_AGE : REFINDEX_END_TWO_YEARS;
}

/* ---- key texts -------------------------------------------------------- */

void refindex_bsn_text(const char *bsn, char out[REFINDEX_KEY_TEXT])
{
    snprintf(out, REFINDEX_KEY_TEXT, "bsn:%s", bsn);
}

void refindex_name_text(const refindex_identity *id, char out[REFINDEX_KEY_TEXT])
{
    char canon[NAMES_TEXT_LEN * 2], birth[DATE_LEN];
    names_canonical(&id->name, canon, sizeof canon);
    date_format(&id->birth, birth);
    snprintf(out, REFINDEX_KEY_TEXT, "name:%.300s|dob:%s", canon, birth);
}

/* The first word of text (up to a space). */
static void first_word(const char *text, char *out, size_t n)
{
    size_t len = strcspn(text, " ");
    if (len >= n)
        len = n - 1;
    memcpy(out, text, len);
    out[len] = '\0';
}

/* The phonetic code of the surname's first word. */
static void surname_code(const refindex_identity *id, char code[NAMES_PHONETIC_LEN])
{
    char word[NAMES_WORD_LEN * 2];
    first_word(id->name.surname, word, sizeof word);
    names_phonetic(word, code);
}

void refindex_block_a_text(const refindex_identity *id, char out[REFINDEX_KEY_TEXT])
{
    char code[NAMES_PHONETIC_LEN];
    surname_code(id, code);
    snprintf(out, REFINDEX_KEY_TEXT, "block-a:%s|%c|%04d", code, id->name.initials[0],
             id->birth.year);
}

void refindex_block_b_text(const refindex_identity *id, char out[REFINDEX_KEY_TEXT])
{
    char code[NAMES_PHONETIC_LEN], birth[DATE_LEN];
    /* Initials give a one-letter code: still a block, only a coarser one. */
    names_phonetic(id->name.initials_only ? id->name.initials : id->name.first, code);
    if (id->name.initials_only)
        code[1] = '\0';
    date_format(&id->birth, birth);
    snprintf(out, REFINDEX_KEY_TEXT, "block-b:%s|%s", code, birth);
}

void refindex_block_c_text(const refindex_identity *id, char out[REFINDEX_KEY_TEXT])
{
    char code[NAMES_PHONETIC_LEN], birth[DATE_LEN];
    surname_code(id, code);
    date_format(&id->birth, birth);
    snprintf(out, REFINDEX_KEY_TEXT, "block-c:%s|%s", code, birth);
}

int refindex_address_text(const char *postcode, long number, const char *addition,
                          char out[REFINDEX_KEY_TEXT], const char **field)
{
    char pc[8];
    size_t n = 0;
    for (const char *p = postcode ? postcode : ""; *p; p++) {
        if (*p == ' ')
            continue;
        if (n >= 6) {
            n = 7;
            break;
        }
        char c = *p;
        if (c >= 'a' && c <= 'z')
            c = (char)(c - 'a' + 'A');
        pc[n++] = c;
    }
    pc[n < 8 ? n : 7] = '\0';
    bool ok = n == 6 && pc[0] >= '1' && pc[0] <= '9';
    for (int i = 1; ok && i < 4; i++)
        ok = pc[i] >= '0' && pc[i] <= '9';
    for (int i = 4; ok && i < 6; i++)
        ok = pc[i] >= 'A' && pc[i] <= 'Z';
    if (!ok) {
        *field = "postcode";
        return SG_EINVAL;
    }
    if (number < 1 || number > 99999) {
        *field = "house_number";
        return SG_EINVAL;
    }
    char add[12];
    size_t k = 0;
    for (const char *p = addition ? addition : ""; *p; p++) {
        char c = *p;
        if (c == ' ' || c == '-')
            continue;
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) || k >= 10) {
            *field = "addition";
            return SG_EINVAL;
        }
        add[k++] = c;
    }
    add[k] = '\0';
    snprintf(out, REFINDEX_KEY_TEXT, "address:%s|%ld|%s", pc, number, add);
    return SG_OK;
}

void refindex_parent_text(const char *person_text, char out[REFINDEX_KEY_TEXT])
{
    snprintf(out, REFINDEX_KEY_TEXT, "parent:%.380s", person_text);
}

/* ---- comparing identities --------------------------------------------- */

const char *refindex_reason_code(refindex_reason r)
{
    switch (r) {
    case REFINDEX_DATE_TRANSPOSED:
        return "birth-date-transposed";
    case REFINDEX_DATE_TYPO:
        return "birth-date-typo";
    case REFINDEX_PARTICLES:
        return "name-particles";
    case REFINDEX_INITIALS:
        return "initials";
    case REFINDEX_GIVEN_NAMES:
        return "given-names";
    case REFINDEX_SURNAME_PARTS:
        return "surname-parts";
    case REFINDEX_SPELLING:
        return "name-spelling";
    default:
        return "";
    }
}

/* Two numbers written with width digits differ in one digit, or in two
 * adjacent digits swapped. */
static bool one_digit_apart(int a, int b, int width)
{
    char x[8], y[8];
    snprintf(x, sizeof x, "%0*d", width, a);
    snprintf(y, sizeof y, "%0*d", width, b);
    return names_distance(x, y, 1) == 1;
}

static bool date_typo(const date *a, const date *b)
{
    int differ = (a->year != b->year) + (a->month != b->month) + (a->day != b->day);
    if (differ != 1)
        return false;
    if (a->year != b->year)
        return one_digit_apart(a->year, b->year, 4);
    if (a->month != b->month)
        return one_digit_apart(a->month, b->month, 2);
    return one_digit_apart(a->day, b->day, 2);
}

static bool sexes_agree(const char *a, const char *b)
{
    return strcmp(a, b) == 0 || strcmp(a, "unknown") == 0 || strcmp(b, "unknown") == 0 || !*a
           || !*b;
}

/* True when word occurs among the space-separated words of text. */
static bool has_word(const char *text, const char *word)
{
    size_t len = strlen(word);
    for (const char *p = text; *p;) {
        size_t w = strcspn(p, " ");
        if (w == len && strncmp(p, word, len) == 0)
            return true;
        p += w;
        while (*p == ' ')
            p++;
    }
    return false;
}

/* Every word of a occurs in b. */
static bool words_within(const char *a, const char *b)
{
    char word[NAMES_TEXT_LEN];
    for (const char *p = a; *p;) {
        size_t w = strcspn(p, " ");
        if (w >= sizeof word)
            return false;
        memcpy(word, p, w);
        word[w] = '\0';
        if (!has_word(b, word))
            return false;
        p += w;
        while (*p == ' ')
            p++;
    }
    return true;
}

/* particles and surname written together without spaces: "vandenberg". */
static void joined(const name_parts *p, char *out, size_t n)
{
    size_t k = 0;
    const char *parts[2] = {p->particles, p->surname};
    for (int i = 0; i < 2; i++)
        for (const char *c = parts[i]; *c && k + 1 < n; c++)
            if (*c != ' ')
                out[k++] = *c;
    out[k] = '\0';
}

static bool initials_agree(const name_parts *a, const name_parts *b)
{
    size_t la = strlen(a->initials), lb = strlen(b->initials);
    size_t n = la < lb ? la : lb;
    return n > 0 && strncmp(a->initials, b->initials, n) == 0;
}

static refindex_reason name_reason(const name_parts *a, const name_parts *b)
{
    bool same_first = strcmp(a->first, b->first) == 0;
    bool same_particles = strcmp(a->particles, b->particles) == 0;
    bool same_surname = strcmp(a->surname, b->surname) == 0;
    char ja[NAMES_TEXT_LEN * 2], jb[NAMES_TEXT_LEN * 2];
    joined(a, ja, sizeof ja);
    joined(b, jb, sizeof jb);
    if (same_first && (same_surname || strcmp(ja, jb) == 0))
        return REFINDEX_PARTICLES;
    if (same_particles && same_surname) {
        if ((a->initials_only || b->initials_only) && initials_agree(a, b))
            return REFINDEX_INITIALS;
        if (!a->initials_only && !b->initials_only
            && (has_word(b->given, a->first) || has_word(a->given, b->first)))
            return REFINDEX_GIVEN_NAMES;
    }
    if (same_first && same_particles
        && (words_within(a->surname, b->surname) || words_within(b->surname, a->surname)))
        return REFINDEX_SURNAME_PARTS;
    if (!a->initials_only && !b->initials_only) {
        char fa[NAMES_TEXT_LEN * 3], fb[NAMES_TEXT_LEN * 3];
        snprintf(fa, sizeof fa, "%s %s %s", a->first, a->particles, a->surname);
        snprintf(fb, sizeof fb, "%s %s %s", b->first, b->particles, b->surname);
        if (names_distance(fa, fb, 1) == 1)
            return REFINDEX_SPELLING;
    }
    return REFINDEX_UNRELATED;
}

refindex_reason refindex_compare(const refindex_identity *a, const refindex_identity *b)
{
    char ca[NAMES_TEXT_LEN * 2], cb[NAMES_TEXT_LEN * 2];
    names_canonical(&a->name, ca, sizeof ca);
    names_canonical(&b->name, cb, sizeof cb);
    bool same_name = strcmp(ca, cb) == 0;
    bool same_birth = date_compare(&a->birth, &b->birth) == 0;
    if (same_name && same_birth)
        return REFINDEX_EQUAL;
    if (!sexes_agree(a->sex, b->sex))
        return REFINDEX_UNRELATED;
    if (same_name) {
        if (a->birth.year == b->birth.year && a->birth.day == b->birth.month
            && a->birth.month == b->birth.day)
            return REFINDEX_DATE_TRANSPOSED;
        return date_typo(&a->birth, &b->birth) ? REFINDEX_DATE_TYPO : REFINDEX_UNRELATED;
    }
    return same_birth ? name_reason(&a->name, &b->name) : REFINDEX_UNRELATED;
}

/* ---- the published rules ---------------------------------------------- */

static int fail(char *why, size_t n, const char *text)
{
    snprintf(why, n, "%s", text);
    return SG_EINVAL;
}

static bool nonempty(json_t *v)
{
    return json_is_string(v) && json_string_length(v) > 0;
}

static int parse_grounds(json_t *list, refindex_rules *r, char *why, size_t n)
{
    if (!json_is_array(list) || json_array_size(list) == 0)
        return fail(why, n, "\"grounds\" must be a non-empty array");
    if (json_array_size(list) > REFINDEX_MAX_GROUNDS)
        return fail(why, n, "too many grounds");
    size_t i;
    json_t *g;
    json_array_foreach(list, i, g)
    {
        json_t *code = json_object_get(g, "code");
        if (!nonempty(code) || !text_is_slug(json_string_value(code), 32)
            || !nonempty(json_object_get(g, "nl")) || !nonempty(json_object_get(g, "en"))
            || !nonempty(json_object_get(g, "source"))) {
            snprintf(why, n, "ground %zu needs a code (a-z, 0-9, -), nl, en and source", i + 1);
            return SG_EINVAL;
        }
        if (refindex_ground_find(r, json_string_value(code))) {
            snprintf(why, n, "ground %s is listed twice", json_string_value(code));
            return SG_EINVAL;
        }
        refindex_ground *out = &r->grounds[r->count++];
        out->code = json_string_value(code);
        out->nl = json_string_value(json_object_get(g, "nl"));
        out->en = json_string_value(json_object_get(g, "en"));
        out->source = json_string_value(json_object_get(g, "source"));
    }
    return SG_OK;
}

static int parse_orgs(json_t *types, refindex_rules *r, char *why, size_t n)
{
    if (!json_is_object(types) || json_object_size(types) == 0)
        return fail(why, n, "\"organisation_types\" must name the kinds that take part");
    const char *code;
    json_t *v;
    json_object_foreach(types, code, v)
    {
        org_type t;
        if (org_type_parse(code, &t) != SG_OK) {
            snprintf(why, n, "unknown organisation type %.40s", code);
            return SG_EINVAL;
        }
        if (!json_is_boolean(json_object_get(v, "bsn"))) {
            snprintf(why, n, "organisation type %s needs \"bsn\": true or false", code);
            return SG_EINVAL;
        }
        r->org_allowed[t] = true;
        r->org_bsn[t] = json_is_true(json_object_get(v, "bsn"));
        json_t *grounds = json_object_get(v, "grounds");
        if (!grounds) {
            r->org_grounds[t] = (1u << r->count) - 1u;
            continue;
        }
        if (!json_is_array(grounds) || json_array_size(grounds) == 0) {
            snprintf(why, n, "organisation type %s: \"grounds\" lists the codes it may use", code);
            return SG_EINVAL;
        }
        size_t i;
        json_t *g;
        json_array_foreach(grounds, i, g)
        {
            const refindex_ground *found = refindex_ground_find(r, json_string_value(g));
            if (!found) {
                snprintf(why, n, "organisation type %s names a ground that is not listed", code);
                return SG_EINVAL;
            }
            r->org_grounds[t] |= 1u << (unsigned)(found - r->grounds);
        }
    }
    return SG_OK;
}

int refindex_rules_parse(const char *text, size_t len, refindex_rules *out, char *why, size_t n)
{
    memset(out, 0, sizeof *out);
    json_error_t jerr;
    out->doc = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!out->doc) {
        snprintf(why, n, "not JSON (line %d): %s", jerr.line, jerr.text);
        return SG_EINVAL;
    }
    json_t *version = json_object_get(out->doc, "version");
    json_t *source = json_object_get(out->doc, "source");
    json_t *letter = json_object_get(out->doc, "letter");
    json_t *paragraphs = json_object_get(letter, "paragraphs");
    int rc = SG_OK;
    if (!json_is_integer(version) || json_integer_value(version) < 1
        || json_integer_value(version) > INT_MAX)
        rc = fail(why, n, "\"version\" must be a whole number from 1");
    else if (!nonempty(source))
        rc = fail(why, n, "\"source\" must say where the grounds come from");
    if (rc == SG_OK)
        rc = parse_grounds(json_object_get(out->doc, "grounds"), out, why, n);
    if (rc == SG_OK)
        rc = parse_orgs(json_object_get(out->doc, "organisation_types"), out, why, n);
    if (rc == SG_OK
        && (!nonempty(json_object_get(letter, "subject")) || !json_is_array(paragraphs)
            || json_array_size(paragraphs) == 0))
        rc = fail(why, n, "\"letter\" needs a subject and paragraphs");
    for (size_t i = 0; rc == SG_OK && i < json_array_size(paragraphs); i++)
        if (!nonempty(json_array_get(paragraphs, i)))
            rc = fail(why, n, "every letter paragraph must be a non-empty text");
    if (rc != SG_OK) {
        refindex_rules_free(out);
        return rc;
    }
    out->version = (int)json_integer_value(version);
    out->source = json_string_value(source);
    out->letter = letter;
    return SG_OK;
}

void refindex_rules_free(refindex_rules *r)
{
    if (!r)
        return;
    json_decref(r->doc);
    memset(r, 0, sizeof *r);
}

const refindex_ground *refindex_ground_find(const refindex_rules *r, const char *code)
{
    for (int i = 0; code && i < r->count; i++)
        if (strcmp(r->grounds[i].code, code) == 0)
            return &r->grounds[i];
    return NULL;
}

bool refindex_ground_fits(const refindex_rules *r, org_type t, const char *code)
{
    const refindex_ground *g = refindex_ground_find(r, code);
    return g && (unsigned)t < ORG_TYPE_COUNT && r->org_allowed[t]
           && (r->org_grounds[t] & (1u << (unsigned)(g - r->grounds))) != 0;
}

int refindex_fill(const char *text, const char *const *vars, char *out, size_t n)
{
    size_t used = 0;
    for (const char *p = text; *p;) {
        const char *value = NULL;
        size_t skip = 1;
        if (*p == '{') {
            size_t len = strcspn(p + 1, "}");
            for (int i = 0; p[1 + len] == '}' && vars[i]; i += 2)
                if (strlen(vars[i]) == len && strncmp(vars[i], p + 1, len) == 0) {
                    value = vars[i + 1];
                    skip = len + 2;
                }
        }
        size_t add = value ? strlen(value) : 1;
        if (used + add >= n)
            return SG_ETOOBIG;
        memcpy(out + used, value ? value : p, add);
        used += add;
        p += skip;
    }
    out[used] = '\0';
    return SG_OK;
}
