/* Folding Dutch personal names for matching (see names.h). */
#include "domain/names.h"

#include <stdio.h>
#include <string.h>

/* ---- folding UTF-8 to lower-case ASCII -------------------------------- */

/* U+00C0..U+00FF and U+0100..U+017F: the base letter of each code point;
 * '?' marks the few that become two letters (see two_letters), '*' a
 * separator (the multiplication and division signs). */
static const char latin1[] = "aaaaaa?ceeeeiiiidnooooo*ouuuuy??"
                             "aaaaaa?ceeeeiiiidnooooo*ouuuuy?y";
static const char latin_ext_a[] = "aaaaaaccccccccdd"
                                  "ddeeeeeeeeeegggg"
                                  "gggghhhhiiiiiiii"
                                  "ii??jjkkklllllll"
                                  "lllnnnnnnnnnoooo"
                                  "oo??rrrrrrssssss"
                                  "ssttttttuuuuuuuu"
                                  "uuuuwwyyyzzzzzzs";

static const char *two_letters(unsigned cp)
{
    switch (cp) {
    case 0xc6:
    case 0xe6:
        return "ae";
    case 0xde:
    case 0xfe:
        return "th";
    case 0xdf:
    case 0x1e9e:
        return "ss";
    case 0x132:
    case 0x133:
        return "ij";
    case 0x152:
    case 0x153:
        return "oe";
    default:
        return NULL;
    }
}

/* Decodes one code point of well-formed UTF-8 at s; *len is its length in
 * bytes.  Returns -1 for a malformed sequence. */
static long decode(const unsigned char *s, int *len)
{
    unsigned c = s[0];
    if (c < 0x80) {
        *len = 1;
        return (long)c;
    }
    int extra;
    unsigned cp;
    if (c >= 0xc2 && c <= 0xdf) {
        extra = 1;
        cp = c & 0x1f;
    } else if (c >= 0xe0 && c <= 0xef) {
        extra = 2;
        cp = c & 0x0f;
    } else if (c >= 0xf0 && c <= 0xf4) {
        extra = 3;
        cp = c & 0x07;
    } else {
        return -1;
    }
    for (int k = 1; k <= extra; k++) {
        if ((s[k] & 0xc0) != 0x80)
            return -1;
        cp = (cp << 6) | (s[k] & 0x3f);
    }
    if ((extra == 2 && cp < 0x800) || (extra == 3 && cp < 0x10000) || cp > 0x10ffff
        || (cp >= 0xd800 && cp <= 0xdfff))
        return -1;
    *len = extra + 1;
    return (long)cp;
}

enum fold_kind { FOLD_LETTERS, FOLD_SEPARATOR, FOLD_HYPHEN, FOLD_COMMA, FOLD_DROP, FOLD_RAW };

/* Letters of other scripts that look like a Latin letter (Cyrillic and
 * Greek, in the case where they do), so that a name typed with one of
 * them, by mistake or to slip past a match, folds like the Latin name. */
static const struct {
    unsigned cp;
    char latin;
} lookalikes[] = {
    {0x391, 'a'}, {0x392, 'b'}, {0x395, 'e'}, {0x396, 'z'}, {0x397, 'h'}, {0x399, 'i'},
    {0x39a, 'k'}, {0x39c, 'm'}, {0x39d, 'n'}, {0x39f, 'o'}, {0x3a1, 'p'}, {0x3a4, 't'},
    {0x3a5, 'y'}, {0x3a7, 'x'}, {0x3b1, 'a'}, {0x3b9, 'i'}, {0x3ba, 'k'}, {0x3bd, 'v'},
    {0x3bf, 'o'}, {0x3c1, 'p'}, {0x3c7, 'x'}, {0x405, 's'}, {0x406, 'i'}, {0x407, 'i'},
    {0x408, 'j'}, {0x410, 'a'}, {0x412, 'b'}, {0x415, 'e'}, {0x41a, 'k'}, {0x41c, 'm'},
    {0x41d, 'h'}, {0x41e, 'o'}, {0x420, 'p'}, {0x421, 'c'}, {0x422, 't'}, {0x423, 'y'},
    {0x425, 'x'}, {0x430, 'a'}, {0x435, 'e'}, {0x43a, 'k'}, {0x43e, 'o'}, {0x440, 'p'},
    {0x441, 'c'}, {0x443, 'y'}, {0x445, 'x'}, {0x450, 'e'}, {0x451, 'e'}, {0x455, 's'},
    {0x456, 'i'}, {0x457, 'i'}, {0x458, 'j'}, {0x4ba, 'h'}, {0x4bb, 'h'}, {0x500, 'd'},
    {0x501, 'd'}, {0x51a, 'q'}, {0x51b, 'q'}, {0x51c, 'w'}, {0x51d, 'w'},
};

static char lookalike(unsigned cp)
{
    for (size_t i = 0; i < sizeof lookalikes / sizeof lookalikes[0]; i++)
        if (lookalikes[i].cp == cp)
            return lookalikes[i].latin;
    return '\0';
}

/* Invisible format characters: zero-width spaces and joiners, directional
 * marks and overrides, the byte order mark, the soft hyphen. */
static bool invisible(unsigned cp)
{
    return cp == 0xad || cp == 0x61c || cp == 0x180e || (cp >= 0x200b && cp <= 0x200f)
           || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2060 && cp <= 0x206f) || cp == 0xfeff;
}

/* What one code point becomes: letters (in *letters), or a kind of mark. */
static enum fold_kind fold_one(unsigned cp, char letters[3])
{
    letters[0] = letters[1] = letters[2] = '\0';
    if (cp < 0x80) {
        char c = (char)cp;
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            letters[0] = c;
            return FOLD_LETTERS;
        }
        if (c == '\'' || c == '`')
            return FOLD_DROP;
        if (c == '-')
            return FOLD_HYPHEN;
        if (c == ',')
            return FOLD_COMMA;
        return FOLD_SEPARATOR;
    }
    /* Full-width forms are the ASCII letters they show. */
    if (cp >= 0xff01 && cp <= 0xff5e)
        return fold_one(cp - 0xfee0, letters);
    if (invisible(cp))
        return FOLD_DROP;
    char look = lookalike(cp);
    if (look) {
        letters[0] = look;
        return FOLD_LETTERS;
    }
    const char *two = two_letters(cp);
    if (two) {
        memcpy(letters, two, 2);
        return FOLD_LETTERS;
    }
    char base = '\0';
    if (cp >= 0xc0 && cp <= 0xff)
        base = latin1[cp - 0xc0];
    else if (cp >= 0x100 && cp <= 0x17f)
        base = latin_ext_a[cp - 0x100];
    else if (cp == 0x218 || cp == 0x219)
        base = 's';
    else if (cp == 0x21a || cp == 0x21b)
        base = 't';
    if (base == '*')
        return FOLD_SEPARATOR;
    if (base) {
        letters[0] = base;
        return FOLD_LETTERS;
    }
    if (cp >= 0x300 && cp <= 0x36f)
        return FOLD_DROP; /* combining marks of decomposed text */
    if (cp == 0x2018 || cp == 0x2019 || cp == 0x201b || cp == 0x2bc || cp == 0xb4)
        return FOLD_DROP; /* apostrophes */
    if (cp >= 0x2010 && cp <= 0x2015)
        return FOLD_HYPHEN;
    if (cp < 0x180 || (cp >= 0x2000 && cp <= 0x206f) || cp == 0x3000)
        return FOLD_SEPARATOR; /* punctuation and spaces */
    return FOLD_RAW;           /* a letter of another script: kept as it is */
}

typedef struct fold_out {
    char *out;
    size_t n;
    size_t used;
    bool overflow;
} fold_out;

static void put(fold_out *f, const char *s, size_t len)
{
    if (f->used + len >= f->n) {
        f->overflow = true;
        return;
    }
    memcpy(f->out + f->used, s, len);
    f->used += len;
    f->out[f->used] = '\0';
}

int names_fold(const char *text, char *out, size_t n)
{
    if (n == 0)
        return SG_ETOOBIG;
    fold_out f = {.out = out, .n = n};
    out[0] = '\0';
    enum fold_kind pending = FOLD_DROP; /* what separates the next letters from the last */
    const unsigned char *p = (const unsigned char *)text;
    while (*p) {
        int len = 0;
        long cp = decode(p, &len);
        if (cp < 0)
            return SG_EINVAL;
        char letters[3];
        enum fold_kind kind = fold_one((unsigned)cp, letters);
        if (kind == FOLD_LETTERS || kind == FOLD_RAW) {
            if (f.used > 0 && pending == FOLD_SEPARATOR)
                put(&f, " ", 1);
            else if (f.used > 0 && pending == FOLD_HYPHEN && out[f.used - 1] != ',')
                put(&f, "-", 1);
            else if (f.used > 0 && pending == FOLD_COMMA)
                put(&f, " , ", 3);
            if (kind == FOLD_LETTERS)
                put(&f, letters, strlen(letters));
            else
                put(&f, (const char *)p, (size_t)len);
            pending = FOLD_DROP;
        } else if (kind == FOLD_COMMA) {
            pending = FOLD_COMMA;
        } else if (kind == FOLD_HYPHEN) {
            if (pending != FOLD_COMMA)
                pending = FOLD_HYPHEN;
        } else if (kind == FOLD_SEPARATOR) {
            if (pending == FOLD_DROP)
                pending = FOLD_SEPARATOR;
        }
        p += len;
    }
    return f.overflow ? SG_ETOOBIG : SG_OK;
}

/* ---- spelling variants ------------------------------------------------ */

/* Transliterations of given names, folded: each row's words become its first. */
static const char *const given_variants[][7] = {
    {"mohamed", "mohammed", "muhammad", "mohammad", "muhammed", "mohamad", "mouhamed"},
    {"ahmed", "ahmad", "ahmet", "achmed", NULL},
    {"yusuf", "youssef", "yousef", "joesoef", "youssouf", "yousouf", NULL},
    {"mustafa", "moustafa", "mostafa", "mustapha", NULL},
    {"ibrahim", "ebrahim", "ibrahiem", NULL},
    {"fatima", "fatma", "fatimah", NULL},
};

static bool ends_here(const char *w, size_t i, size_t len)
{
    return i + len == strlen(w);
}

void names_variant(const char *word, char *out, size_t n)
{
    if (n == 0)
        return;
    for (size_t r = 0; r < sizeof given_variants / sizeof given_variants[0]; r++)
        for (size_t k = 0; k < 7 && given_variants[r][k]; k++)
            if (strcmp(word, given_variants[r][k]) == 0)
                word = given_variants[r][0];
    /* Pass 1: ij -> y, so that later rules see the y (uij -> uy -> ui). */
    char tmp[NAMES_TEXT_LEN];
    size_t t = 0;
    for (size_t i = 0; word[i] && t + 1 < sizeof tmp; i++) {
        if (word[i] == 'i' && word[i + 1] == 'j') {
            tmp[t++] = 'y';
            i++;
        } else {
            tmp[t++] = word[i];
        }
    }
    tmp[t] = '\0';
    static const struct {
        const char *from, *to;
        int where; /* 0 anywhere, 1 only at the start, 2 only at the end */
    } rules[] = {
        {"sch", "s", 2}, {"chr", "kr", 1}, {"uy", "ui", 0}, {"ph", "f", 0}, {"th", "t", 0},
        {"ck", "k", 0},  {"ch", "ch", 0},  {"qu", "kw", 0}, {"c", "k", 0},  {"q", "k", 0},
        {"x", "ks", 0},  {"ae", "aa", 0},  {"gh", "g", 0},  {"dt", "t", 2}, {"d", "t", 2},
    };
    size_t o = 0;
    for (size_t i = 0; tmp[i];) {
        const char *to = NULL;
        size_t from_len = 1;
        for (size_t r = 0; r < sizeof rules / sizeof rules[0] && !to; r++) {
            size_t len = strlen(rules[r].from);
            if (strncmp(tmp + i, rules[r].from, len) != 0)
                continue;
            if ((rules[r].where == 1 && i != 0) || (rules[r].where == 2 && !ends_here(tmp, i, len)))
                continue;
            to = rules[r].to;
            from_len = len;
        }
        char self[2] = {tmp[i], '\0'};
        if (!to)
            to = self;
        size_t len = strlen(to);
        if (o + len >= n)
            break;
        memcpy(out + o, to, len);
        o += len;
        i += from_len;
    }
    out[o] = '\0';
}

/* ---- particles and parts ---------------------------------------------- */

static const char *const particles[] = {
    "van",   "de",  "der", "den", "het",  "t",    "ter", "ten",  "te",    "in",  "op",
    "onder", "aan", "bij", "uit", "voor", "over", "tot", "vant", "v",     "d",   "vd",
    "le",    "la",  "les", "du",  "des",  "di",   "da",  "del",  "della", "von", "zu",
    "vom",   "zum", "zur", "el",  "al",   "dos",  "das", "do",   "l",     NULL,
};

bool names_is_particle(const char *word)
{
    for (int i = 0; particles[i]; i++)
        if (strcmp(word, particles[i]) == 0)
            return true;
    return false;
}

typedef struct words {
    char w[NAMES_MAX_WORDS][NAMES_WORD_LEN];
    int n;
} words;

/* Splits folded text into words at spaces (and, with hyphens, at hyphens
 * too).  SG_EINVAL when there are too many or too long. */
static int split(const char *folded, bool hyphens, words *out)
{
    out->n = 0;
    const char *p = folded;
    while (*p) {
        size_t len = strcspn(p, hyphens ? " -" : " ");
        if (len > 0) {
            if (out->n >= NAMES_MAX_WORDS || len >= NAMES_WORD_LEN)
                return SG_EINVAL;
            memcpy(out->w[out->n], p, len);
            out->w[out->n][len] = '\0';
            out->n++;
        }
        p += len;
        if (*p)
            p++;
    }
    return SG_OK;
}

/* Appends word to text (size n) with a space before it when text has some. */
static void append_word(char *text, size_t n, const char *word)
{
    size_t used = strlen(text);
    size_t len = strlen(word);
    if (used + (used ? 1 : 0) + len >= n)
        return;
    if (used)
        text[used++] = ' ';
    memcpy(text + used, word, len + 1);
}

static void add_particle(name_parts *p, const char *word)
{
    append_word(p->particles, sizeof p->particles, strcmp(word, "vant") == 0 ? "van t" : word);
}

static bool is_initial(const char *word)
{
    return word[0] >= 'a' && word[0] <= 'z' && word[1] == '\0';
}

/* Fills p from the given-name words and the surname words (both folded,
 * hyphenated words whole). */
static int from_words(const words *given_in, const words *surname, name_parts *p)
{
    memset(p, 0, sizeof *p);
    words given;
    given.n = 0;
    for (int i = 0; i < given_in->n; i++) {
        words parts;
        if (split(given_in->w[i], true, &parts) != SG_OK)
            return SG_EINVAL;
        for (int k = 0; k < parts.n; k++) {
            if (given.n >= NAMES_MAX_WORDS)
                return SG_EINVAL;
            memcpy(given.w[given.n++], parts.w[k], NAMES_WORD_LEN);
        }
    }
    /* Particles written after the given names ("Berg, Jan van der"). */
    int given_end = given.n;
    while (given_end > 1 && names_is_particle(given.w[given_end - 1]))
        given_end--;
    if (given_end == 0 || surname->n == 0)
        return SG_EINVAL;
    int start = 0;
    while (start < surname->n - 1 && names_is_particle(surname->w[start]))
        add_particle(p, surname->w[start++]);
    int end = surname->n;
    if (start == 0)
        while (end - 1 > start && names_is_particle(surname->w[end - 1]))
            end--;
    for (int i = end; i < surname->n; i++)
        add_particle(p, surname->w[i]);
    for (int i = given_end; i < given.n; i++)
        add_particle(p, given.w[i]);
    for (int i = start; i < end; i++) {
        words parts;
        if (split(surname->w[i], true, &parts) != SG_OK)
            return SG_EINVAL;
        for (int k = 0; k < parts.n; k++) {
            char folded[NAMES_WORD_LEN * 2];
            names_variant(parts.w[k], folded, sizeof folded);
            append_word(p->surname, sizeof p->surname, folded);
        }
    }
    size_t ninitials = 0;
    for (int i = 0; i < given_end; i++) {
        char folded[NAMES_WORD_LEN * 2];
        if (is_initial(given.w[i]))
            snprintf(folded, sizeof folded, "%s", given.w[i]);
        else
            names_variant(given.w[i], folded, sizeof folded);
        if (ninitials < NAMES_MAX_WORDS)
            p->initials[ninitials++] = folded[0];
        append_word(p->given, sizeof p->given, folded);
    }
    /* A first given name written as an initial is never equal to a full one:
     * it stands as the initials and a dot. */
    p->initials_only = is_initial(given.w[0]);
    if (p->initials_only)
        snprintf(p->first, sizeof p->first, "%s.", p->initials);
    else
        names_variant(given.w[0], p->first, sizeof p->first);
    return p->surname[0] && p->given[0] ? SG_OK : SG_EINVAL;
}

int names_from_parts(const char *given, const char *surname, name_parts *out)
{
    char gf[NAMES_TEXT_LEN], sf[NAMES_TEXT_LEN];
    words g, s;
    memset(out, 0, sizeof *out);
    if (names_fold(given, gf, sizeof gf) != SG_OK || names_fold(surname, sf, sizeof sf) != SG_OK)
        return SG_EINVAL;
    /* Commas have no meaning in separate fields: they separate words. */
    for (char *c = strchr(gf, ','); c; c = strchr(c, ','))
        *c = ' ';
    for (char *c = strchr(sf, ','); c; c = strchr(c, ','))
        *c = ' ';
    if (split(gf, false, &g) != SG_OK || split(sf, false, &s) != SG_OK)
        return SG_EINVAL;
    return from_words(&g, &s, out);
}

int names_parse(const char *full, name_parts *out)
{
    char folded[NAMES_TEXT_LEN];
    words all, g, s;
    memset(out, 0, sizeof *out);
    if (names_fold(full, folded, sizeof folded) != SG_OK || split(folded, false, &all) != SG_OK)
        return SG_EINVAL;
    g.n = s.n = 0;
    int comma = -1;
    for (int i = 0; i < all.n && comma < 0; i++)
        if (strcmp(all.w[i], ",") == 0)
            comma = i;
    if (comma >= 0) {
        /* "Surname particles, Given particles" */
        for (int i = 0; i < all.n; i++) {
            if (strcmp(all.w[i], ",") == 0)
                continue;
            words *to = i < comma ? &s : &g;
            memcpy(to->w[to->n++], all.w[i], NAMES_WORD_LEN);
        }
        return from_words(&g, &s, out);
    }
    int start = all.n - 1;
    for (int i = 1; i < all.n - 1; i++) {
        if (names_is_particle(all.w[i]) || strchr(all.w[i], '-')) {
            start = i;
            break;
        }
    }
    for (int i = 0; i < all.n; i++) {
        words *to = i < start ? &g : &s;
        memcpy(to->w[to->n++], all.w[i], NAMES_WORD_LEN);
    }
    return from_words(&g, &s, out);
}

void names_canonical(const name_parts *p, char *out, size_t n)
{
    snprintf(out, n, "%s|%s|%s", p->first, p->particles, p->surname);
}

/* ---- blocking codes and distances -------------------------------------- */

static char consonant_class(char c)
{
    switch (c) {
    case 'b':
    case 'f':
    case 'p':
    case 'v':
    case 'w':
        return '1';
    case 'c':
    case 'g':
    case 'j':
    case 'k':
    case 'q':
    case 's':
    case 'x':
    case 'z':
        return '2';
    case 'd':
    case 't':
        return '3';
    case 'l':
        return '4';
    case 'm':
    case 'n':
        return '5';
    case 'r':
        return '6';
    default:
        return '\0';
    }
}

void names_phonetic(const char *word, char out[NAMES_PHONETIC_LEN])
{
    memset(out, 0, NAMES_PHONETIC_LEN);
    if (!word[0])
        return;
    out[0] = word[0];
    memset(out + 1, '0', 3);
    char prev = consonant_class(word[0]);
    int digits = 0;
    for (size_t i = 1; word[i] && digits < 3; i++) {
        if (word[i] == 'h')
            continue; /* h neither counts nor separates a repeat */
        char cls = consonant_class(word[i]);
        if (cls && cls != prev)
            out[1 + digits++] = cls;
        prev = cls;
    }
}

int names_distance(const char *a, const char *b, int cap)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la >= NAMES_TEXT_LEN || lb >= NAMES_TEXT_LEN)
        return cap + 1;
    if ((la > lb ? la - lb : lb - la) > (size_t)cap)
        return cap + 1;
    int rows[3][NAMES_TEXT_LEN];
    int *before = rows[0], *prev = rows[1], *cur = rows[2];
    for (size_t j = 0; j <= lb; j++)
        prev[j] = (int)j;
    for (size_t i = 1; i <= la; i++) {
        cur[0] = (int)i;
        int best = cur[0];
        for (size_t j = 1; j <= lb; j++) {
            int cost = a[i - 1] == b[j - 1] ? 0 : 1;
            int d = prev[j] + 1;
            if (cur[j - 1] + 1 < d)
                d = cur[j - 1] + 1;
            if (prev[j - 1] + cost < d)
                d = prev[j - 1] + cost;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]
                && before[j - 2] + 1 < d)
                d = before[j - 2] + 1;
            cur[j] = d;
            if (d < best)
                best = d;
        }
        if (best > cap)
            return cap + 1;
        int *spare = before;
        before = prev;
        prev = cur;
        cur = spare;
    }
    return prev[lb] > cap ? cap + 1 : prev[lb];
}
