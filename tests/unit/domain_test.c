/* Unit tests for domain/: the BSN eleven test, organisation types and roles,
 * and parsing the indicator catalogue. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/mem.h"
#include "domain/bsn.h"
#include "domain/catalogue.h"
#include "domain/roles.h"
#include "data_safeguards.h"

/* The published safeguards (data/catalogue-safeguards.json), read once. */
static catalogue_safeguards sg;

static int group_setup(void **state)
{
    (void)state;
    return data_safeguards_load(&sg) == SG_OK ? 0 : -1;
}

static int group_teardown(void **state)
{
    (void)state;
    safeguards_free(&sg);
    return 0;
}

/* ---- BSN -------------------------------------------------------------- */

static void test_bsn(void **state)
{
    (void)state;
    static const char *const valid[] = {
        "111222333", "123456782", "999990019", "999999990", "100000010", "010000021",
    };
    for (size_t i = 0; i < sizeof valid / sizeof valid[0]; i++)
        if (!bsn_is_valid(valid[i]))
            fail_msg("bsn_is_valid refused %s", valid[i]);

    static const char *const invalid[] = {
        "123456781",                                             /* wrong check digit */
        "123456783",       "111222334", "999990018", "12345678", /* eight digits */
        "1234567820",                                            /* ten digits */
        "12345678a",       "abcdefghi", "12345 782", " 23456782", "123456782 ",
        "000000000", /* a sum of 0 is refused (bsn.h: "and not 0") */
        "100000009",       "",          "-23456782", "+23456782", "１23456782",
        "1234567\xc3\xa9",
    };
    for (size_t i = 0; i < sizeof invalid / sizeof invalid[0]; i++)
        if (bsn_is_valid(invalid[i]))
            fail_msg("bsn_is_valid accepted \"%s\"", invalid[i]);

    /* Every single-digit change of a valid number breaks the check. */
    char s[10];
    for (int pos = 0; pos < 9; pos++) {
        for (char d = '0'; d <= '9'; d++) {
            memcpy(s, "123456782", 10);
            if (s[pos] == d)
                continue;
            s[pos] = d;
            if (bsn_is_valid(s))
                fail_msg("bsn_is_valid accepted %s", s);
        }
    }
}

/* ---- roles and organisation types ------------------------------------- */

static void test_role_codes(void **state)
{
    (void)state;
    for (int r = 0; r < ROLE_COUNT; r++) {
        const char *code = role_code((role)r);
        role back = ROLE_COUNT;
        assert_true(strlen(code) > 0);
        assert_int_equal(role_parse(code, &back), SG_OK);
        assert_int_equal(back, r);
        assert_true(strlen(role_name((role)r, true)) > 0);
        assert_true(strlen(role_name((role)r, false)) > 0);
        for (int other = 0; other < r; other++)
            assert_string_not_equal(code, role_code((role)other));
    }
    assert_string_equal(role_code(ROLE_CARE_COORDINATOR), "care-coordinator");
    assert_string_equal(role_name(ROLE_ADMINISTRATOR, true), "beheerder");
    assert_string_equal(role_name(ROLE_ADMINISTRATOR, false), "administrator");
    assert_string_equal(role_code(ROLE_COUNT), "");
    assert_string_equal(role_name(ROLE_COUNT, true), "");

    role r = ROLE_MENTOR;
    assert_int_equal(role_parse("Mentor", &r), SG_EINVAL);
    assert_int_equal(role_parse("mentor ", &r), SG_EINVAL);
    assert_int_equal(role_parse("", &r), SG_EINVAL);
    assert_int_equal(role_parse("care_coordinator", &r), SG_EINVAL);
    assert_int_equal(role_parse(NULL, &r), SG_EINVAL);
    assert_int_equal(r, ROLE_MENTOR);

    for (int t = 0; t < ORG_TYPE_COUNT; t++) {
        org_type back = ORG_TYPE_COUNT;
        const char *code = org_type_code((org_type)t);
        assert_int_equal(org_type_parse(code, &back), SG_OK);
        assert_int_equal(back, t);
        assert_true(strlen(org_type_name((org_type)t, true)) > 0);
        assert_true(strlen(org_type_name((org_type)t, false)) > 0);
    }
    assert_string_equal(org_type_code(ORG_VEILIG_THUIS), "veilig-thuis");
    assert_string_equal(org_type_name(ORG_POLICE, true), "politie");
    /* The chain's organisations that came later keep their codes. */
    assert_string_equal(org_type_code(ORG_YOUTH_HEALTH_CARE), "youth-health-care");
    assert_string_equal(org_type_code(ORG_CHILD_PROTECTION_BOARD), "child-protection-board");
    assert_string_equal(org_type_code(ORG_HALT), "halt");
    assert_string_equal(org_type_code(ORG_CERTIFIED_INSTITUTION), "certified-institution");
    assert_string_equal(org_type_name(ORG_CHILD_PROTECTION_BOARD, true),
                        "Raad voor de Kinderbescherming");
    assert_string_equal(org_type_code(ORG_TYPE_COUNT), "");
    org_type t = ORG_SCHOOL;
    assert_int_equal(org_type_parse("School", &t), SG_EINVAL);
    assert_int_equal(org_type_parse("youth_care", &t), SG_EINVAL);
    assert_int_equal(org_type_parse(NULL, &t), SG_EINVAL);
}

static void test_role_fits_org(void **state)
{
    (void)state;
    /* fits[r] has bit t set when role r belongs in organisation type t. */
    const unsigned all = (1u << ORG_TYPE_COUNT) - 1u;
    const unsigned fits[ROLE_COUNT] = {
        [ROLE_MENTOR] = 1u << ORG_SCHOOL,
        [ROLE_CARE_COORDINATOR] = 1u << ORG_SCHOOL,
        [ROLE_POLICE_OFFICER] = 1u << ORG_POLICE,
        [ROLE_PROSECUTOR] = 1u << ORG_PROSECUTION,
        [ROLE_CARE_WORKER] = (1u << ORG_YOUTH_CARE) | (1u << ORG_VEILIG_THUIS)
                             | (1u << ORG_MUNICIPALITY) | (1u << ORG_EXPERT_GROUP),
        [ROLE_ANALYST] =
            (1u << ORG_NATIONAL_ANALYSIS) | (1u << ORG_POLICE) | (1u << ORG_MUNICIPALITY),
        [ROLE_AUDITOR] = all,
        [ROLE_ADMINISTRATOR] = all,
        [ROLE_PRIVACY_OFFICER] = all,
        [ROLE_NATIONAL_ADMINISTRATOR] = 1u << ORG_NATIONAL_OFFICE,
        [ROLE_NATIONAL_AUDITOR] = 1u << ORG_NATIONAL_OFFICE,
        [ROLE_YOUTH_HEALTH_PROFESSIONAL] = 1u << ORG_YOUTH_HEALTH_CARE,
        [ROLE_CHILD_PROTECTION_INVESTIGATOR] = 1u << ORG_CHILD_PROTECTION_BOARD,
        [ROLE_HALT_PROFESSIONAL] = 1u << ORG_HALT,
        [ROLE_FAMILY_GUARDIAN] = 1u << ORG_CERTIFIED_INSTITUTION,
        [ROLE_YOUTH_PROBATION_OFFICER] = 1u << ORG_CERTIFIED_INSTITUTION,
    };
    for (int r = 0; r < ROLE_COUNT; r++)
        for (int t = 0; t < ORG_TYPE_COUNT; t++)
            if ((unsigned)role_fits_org((role)r, (org_type)t) != ((fits[r] >> t) & 1u))
                fail_msg("role_fits_org(%s, %s) is wrong", role_code((role)r),
                         org_type_code((org_type)t));
    assert_false(role_fits_org(ROLE_COUNT, ORG_SCHOOL));
    assert_false(role_fits_org(ROLE_MENTOR, ORG_TYPE_COUNT));

    for (int r = 0; r < ROLE_COUNT; r++) {
        bool want = r == ROLE_AUDITOR || r == ROLE_ADMINISTRATOR || r == ROLE_PRIVACY_OFFICER
                    || r == ROLE_NATIONAL_ADMINISTRATOR || r == ROLE_NATIONAL_AUDITOR;
        if (role_requires_mfa((role)r) != want)
            fail_msg("role_requires_mfa(%s) is wrong", role_code((role)r));
    }
    assert_false(role_requires_mfa(ROLE_COUNT));

    /* Every organisation type's casework role belongs there: a notice for
     * the organisation reaches someone who works there. */
    for (int t = 0; t < ORG_TYPE_COUNT; t++)
        if (!role_fits_org(role_casework_of((org_type)t), (org_type)t))
            fail_msg("role_casework_of(%s) is %s", org_type_code((org_type)t),
                     role_code(role_casework_of((org_type)t)));
    assert_int_equal(role_casework_of(ORG_YOUTH_HEALTH_CARE), ROLE_YOUTH_HEALTH_PROFESSIONAL);
    assert_int_equal(role_casework_of(ORG_CHILD_PROTECTION_BOARD),
                     ROLE_CHILD_PROTECTION_INVESTIGATOR);
    assert_int_equal(role_casework_of(ORG_HALT), ROLE_HALT_PROFESSIONAL);
    assert_int_equal(role_casework_of(ORG_CERTIFIED_INSTITUTION), ROLE_FAMILY_GUARDIAN);
}

/* ---- catalogue -------------------------------------------------------- */

#define HEADER                                                                                     \
    "id\tcategory\tcategory_nl\tindicator_nl\tindicator_en\tstrength\tsources\tobservation\n"
#define LINE_SCH "SCH-01\tSchool\tSchool\tSpijbelen\tTruancy\tM\tHO 2018\tschool-record\n"
#define LINE_MON                                                                                   \
    "MON-01\tMoney\tGeld\tVeel contant geld\tMuch cash\tM (S if large cash)\tHO "                  \
    "2018\tpossession\n"

/* Parses text and expects a refusal whose reason contains want. */
static void expect_refusal(const char *text, const char *want)
{
    catalogue *c = (catalogue *)1;
    char why[200];
    int rc = catalogue_parse(text, strlen(text), &sg, &c, why, sizeof why);
    if (rc != SG_EINVAL)
        fail_msg("accepted (rc %d), wanted \"%s\" for:\n%s", rc, want, text);
    assert_null(c);
    if (!strstr(why, want))
        fail_msg("reason \"%s\" lacks \"%s\"", why, want);
}

static catalogue *parse_ok(const char *text, size_t len)
{
    catalogue *c = NULL;
    char why[200] = "";
    int rc = catalogue_parse(text, len, &sg, &c, why, sizeof why);
    if (rc != SG_OK)
        fail_msg("refused (rc %d): %s", rc, why);
    assert_non_null(c);
    return c;
}

static const indicator_row *find(const catalogue *c, const char *code)
{
    for (int i = 0; i < c->count; i++)
        if (strcmp(c->items[i].code, code) == 0)
            return &c->items[i];
    return NULL;
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    buf b;
    buf_init(&b, 1 << 20);
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        assert_int_equal(buf_append(&b, chunk, n), SG_OK);
    fclose(f);
    *len = b.len;
    return buf_detach(&b);
}

static void test_catalogue_real_file(void **state)
{
    (void)state;
    size_t len = 0;
    char *text = read_file(SIGNAAL_SOURCE_DIR "/data/indicators.tsv", &len);
    catalogue *c = parse_ok(text, len);
    assert_int_equal(c->count, 71);
    /* Every indicator names its kind of observation. */
    for (int i = 0; i < c->count; i++)
        assert_true(safeguards_has_kind(&sg, c->items[i].observation));

    const indicator_row *mon = find(c, "MON-01");
    assert_non_null(mon);
    assert_string_equal(mon->strength, "M");
    assert_string_equal(mon->strength_note, "S bij veel contant geld | S if large cash");
    assert_string_equal(mon->category, "money");
    assert_string_equal(mon->category_en, "Money/possessions");
    assert_string_equal(mon->category_nl, "Geld en bezittingen");

    const indicator_row *sch = find(c, "SCH-01");
    assert_non_null(sch);
    assert_string_equal(sch->category, "school");
    assert_string_equal(sch->text_en, "Truancy; unexplained or high absence");
    assert_string_equal(sch->strength_note, "");
    assert_int_equal(sch->version, 0);

    /* Every row is complete and its category matches its id. */
    static const char order[] = "SMWC";
    int strengths[4] = {0};
    for (int i = 0; i < c->count; i++) {
        const indicator_row *r = &c->items[i];
        assert_string_equal(r->category, catalogue_category_code(r->code));
        assert_true(strlen(r->text_nl) > 0 && strlen(r->text_en) > 0 && strlen(r->sources) > 0);
        assert_int_equal(strlen(r->strength), 1);
        assert_non_null(strchr(order, r->strength[0]));
        strengths[strchr(order, r->strength[0]) - order]++;
    }
    assert_int_equal(strengths[0] + strengths[1] + strengths[2] + strengths[3], 71);
    assert_true(strengths[3] > 0); /* C indicators are kept, marked as such */
    catalogue_free(c);
    sg_free(text);
}

static void test_catalogue_small(void **state)
{
    (void)state;
    const char *text = HEADER LINE_SCH "\n# a comment\n" LINE_MON;
    catalogue *c = parse_ok(text, strlen(text));
    assert_int_equal(c->count, 2);
    assert_string_equal(c->items[0].code, "SCH-01");
    assert_string_equal(c->items[1].code, "MON-01");
    assert_string_equal(c->items[1].strength, "M");
    assert_string_equal(c->items[1].strength_note, "S if large cash");
    assert_string_equal(c->items[1].category_nl, "Geld");
    catalogue_free(c);
    catalogue_free(NULL);

    /* Windows line endings, no final newline, columns in another order. */
    text =
        "observation\tsources\tstrength\tindicator_en\tindicator_nl\tcategory_nl\tcategory\tid\r\n"
        "school-record\tBron\tW (a note)\tTruancy\tSpijbelen\tSchool\tSchool\tSCH-02\r\n"
        "vulnerability\tBron\tC\tIn care\tIn zorg\tKwetsbaar\tVulnerability\tVUL-01";
    c = parse_ok(text, strlen(text));
    assert_int_equal(c->count, 2);
    assert_string_equal(c->items[0].code, "SCH-02");
    assert_string_equal(c->items[0].sources, "Bron");
    assert_string_equal(c->items[0].strength_note, "a note");
    assert_string_equal(c->items[0].observation, "school-record");
    assert_string_equal(c->items[1].strength, "C");
    assert_string_equal(c->items[1].strength_note, "");
    assert_string_equal(c->items[1].observation, "vulnerability");
    assert_string_equal(c->items[1].text_en, "In care");
    assert_string_equal(c->items[1].category, "vulnerability");
    catalogue_free(c);

    /* Without a category_nl column the category stands for both. */
    text = "id\tcategory\tindicator_nl\tindicator_en\tstrength\tsources\tobservation\n"
           "TRV-03\tTravel\tReist veel\tTravels a lot\tS\tBron\twhereabouts\n";
    c = parse_ok(text, strlen(text));
    assert_int_equal(c->count, 1);
    assert_string_equal(c->items[0].category_nl, "Travel");
    assert_string_equal(c->items[0].category_en, "Travel");
    assert_string_equal(c->items[0].category, "travel");
    catalogue_free(c);

    /* Only the given length counts. */
    text = HEADER LINE_SCH "garbage that is not a line";
    c = parse_ok(text, strlen(HEADER LINE_SCH));
    assert_int_equal(c->count, 1);
    catalogue_free(c);

    assert_string_equal(catalogue_category_code("PHN-02"), "phones-online");
    assert_string_equal(catalogue_category_code("REC-01"), "recruitment");
    assert_null(catalogue_category_code("XYZ-01"));
    assert_null(catalogue_category_code("SCH"));
    assert_null(catalogue_category_code("SCHX01"));
    assert_null(catalogue_category_code(""));
}

static void test_catalogue_refusals(void **state)
{
    (void)state;
    expect_refusal(
        "id\tcategory\tcategory_nl\tindicator_nl\tindicator_en\tsources\tobservation\n" LINE_SCH,
        "line 1: the header lacks the column 'strength'");
    expect_refusal("id\tcategory\tindicator_nl\tindicator_en\tstrength\tobservation\n" LINE_SCH,
                   "line 1: the header lacks the column 'sources'");
    expect_refusal("ID\tcategory\tcategory_nl\tindicator_nl\tindicator_en\tstrength\tsources"
                   "\tobservation\n",
                   "line 1: the header lacks the column 'id'");
    /* The kind of observation is required (the catalogue of before 2026 lacked it). */
    expect_refusal("id\tcategory\tcategory_nl\tindicator_nl\tindicator_en\tstrength\tsources\n"
                   "SCH-01\tSchool\tSchool\tSpijbelen\tTruancy\tM\tHO 2018\n",
                   "line 1: the header lacks the column 'observation'");
    expect_refusal(HEADER, "the file holds no indicators");
    expect_refusal(HEADER "\n# only a comment\n", "the file holds no indicators");
    expect_refusal("", "line 1");

    /* Faults in a line are named with that line's number. */
    static const struct {
        const char *line;
        const char *why;
    } bad[] = {
        {"SC-01\tSchool\tSchool\tA\tB\tM\tBron\tbehaviour\n", "the id must look like SCH-01"},
        {"sch-01\tSchool\tSchool\tA\tB\tM\tBron\tbehaviour\n", "the id must look like SCH-01"},
        {"SCH-1\tSchool\tSchool\tA\tB\tM\tBron\tbehaviour\n", "the id must look like SCH-01"},
        {"SCH-001\tSchool\tSchool\tA\tB\tM\tBron\tbehaviour\n", "the id must look like SCH-01"},
        {"SCH_01\tSchool\tSchool\tA\tB\tM\tBron\tbehaviour\n", "the id must look like SCH-01"},
        {"ABC-01\tSchool\tSchool\tA\tB\tM\tBron\tbehaviour\n",
         "the id's prefix names no known category"},
        {"SCH-02\tSchool\tSchool\tA\tB\tX\tBron\tbehaviour\n", "the strength must be"},
        {"SCH-02\tSchool\tSchool\tA\tB\t\tBron\tbehaviour\n", "the strength must be"},
        {"SCH-02\tSchool\tSchool\tA\tB\tm\tBron\tbehaviour\n", "the strength must be"},
        {"SCH-02\tSchool\tSchool\tA\tB\tMS\tBron\tbehaviour\n", "the strength must be"},
        {"SCH-02\tSchool\tSchool\tA\tB\tM (S\tBron\tbehaviour\n", "the strength must be"},
        {"SCH-02\tSchool\tSchool\tA\tB\tM ()\tBron\tbehaviour\n", "the strength must be"},
        {"SCH-02\tSchool\tSchool\tA\tB\tM(x)\tBron\tbehaviour\n", "the strength must be"},
        {"SCH-01\tSchool\tSchool\tA\tB\tM\tBron\tbehaviour\n", "the id appears twice"},
        {"SCH-02\tSchool\tSchool\t\tB\tM\tBron\tbehaviour\n", "empty or too long"},
        {"SCH-02\tSchool\tSchool\t   \tB\tM\tBron\tbehaviour\n", "empty or too long"},
        {"SCH-02\tSchool\tSchool\tA\tB\tM\t\tbehaviour\n", "empty or too long"},
        {"SCH-02\t\tSchool\tA\tB\tM\tBron\tbehaviour\n", "empty or too long"},
        {"SCH-02\tSchool\tSchool\tA\tB\tM\n", "too few columns"},
        {"SCH-02\n", "too few columns"},
        {"SCH-02\tSchool\tSchool\tNationaliteit van de ouders\tB\tM\tBron\tbehaviour\n",
         "protected attribute"},
        {"SCH-02\tSchool\tSchool\tA\tParents' religion\tM\tBron\tbehaviour\n",
         "protected attribute"},
        {"SCH-02\tSchool\tSchool\tA\tEthnic background\tM\tBron\tbehaviour\n",
         "protected attribute"},
        {"SCH-02\tSchool\tSchool\tWoont in een slechte BUURT\tB\tM\tBron\tbehaviour\n",
         "protected attribute"},
        {"SCH-02\tSchool\tSchool\tA\tLives in neighbourhood X\tM\tBron\tbehaviour\n",
         "protected attribute"},
        {"SCH-02\tSchool\tHerkomst\tA\tB\tM\tBron\tbehaviour\n", "protected attribute"},
        {"SCH-02\tPostcode area\tSchool\tA\tB\tM\tBron\tbehaviour\n", "protected attribute"},
        {"SCH-02\tSchool\tSchool\tIslamitisch\tB\tM\tBron\tbehaviour\n", "protected attribute"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char text[1024];
        /* The faulty line is line 4: after the header, a good line and a comment. */
        snprintf(text, sizeof text, "%s%s# comment\n%s", HEADER, LINE_SCH, bad[i].line);
        expect_refusal(text, bad[i].why);
        expect_refusal(text, "line 4: ");
    }

    /* A text longer than its column holds is refused, not cut. */
    char text[2048], longtext[600];
    memset(longtext, 'a', sizeof longtext - 1);
    longtext[sizeof longtext - 1] = '\0';
    snprintf(text, sizeof text, HEADER "SCH-02\tSchool\tSchool\t%s\tB\tM\tBron\tbehaviour\n",
             longtext);
    expect_refusal(text, "line 2: a text column is empty or too long");

    /* More indicators than a catalogue may hold. */
    buf b;
    buf_init(&b, 1 << 20);
    assert_int_equal(buf_append_str(&b, HEADER), SG_OK);
    static const char *const prefixes[] = {"SCH", "MON", "PHN", "REL", "TRV", "PHY"};
    for (int i = 0; i < 501; i++)
        assert_int_equal(
            buf_printf(&b, "%s-%02d\tC\tC\tA\tB\tW\tBron\tbehaviour\n", prefixes[i / 100], i % 100),
            SG_OK);
    expect_refusal(b.data, "line 502: too many indicators");
    buf_free(&b);
}

static void test_catalogue_not_utf8(void **state)
{
    (void)state;
    /* A file that is not clean UTF-8 is refused ... */
    expect_refusal(HEADER LINE_SCH
                   "SCH-02\tSchool\tSchool\tLatin-1 caf\xe9\tB\tM\tBron\tbehaviour\n",
                   "not clean UTF-8");
    expect_refusal(HEADER LINE_SCH "SCH-02\tSchool\tSchool\tbell\x07\tB\tM\tBron\tbehaviour\n",
                   "not clean UTF-8");
    const char nul[] = HEADER "SCH-02\tSchool\tSchool\tA\0B\tB\tM\tBron\tbehaviour\n";
    catalogue *c = NULL;
    char why[200];
    assert_int_equal(catalogue_parse(nul, sizeof nul - 1, &sg, &c, why, sizeof why), SG_EINVAL);
    assert_null(c);
}

/* catalogue.h promises that on SG_EINVAL "why says which line is wrong":
 * also for a stray Latin-1 byte on line 3. */
static void test_catalogue_utf8_line(void **state)
{
    (void)state;
    expect_refusal(HEADER LINE_SCH
                   "SCH-02\tSchool\tSchool\tLatin-1 caf\xe9\tB\tM\tBron\tbehaviour\n",
                   "line 3");
}

static void test_catalogue_out_of_memory(void **state)
{
    (void)state;
    const char *text = HEADER LINE_SCH LINE_MON;
    int rc = SG_ENOMEM;
    long n = 0;
    for (; rc == SG_ENOMEM && n < 50; n++) {
        catalogue *c = (catalogue *)1;
        char why[100];
        sg_mem_fail_after(n);
        rc = catalogue_parse(text, strlen(text), &sg, &c, why, sizeof why);
        sg_mem_fail_after(-1);
        assert_true(rc == SG_OK || rc == SG_ENOMEM);
        if (rc == SG_OK) {
            assert_int_equal(c->count, 2);
            catalogue_free(c);
        } else {
            assert_null(c);
        }
    }
    assert_int_equal(rc, SG_OK);
    assert_true(n > 1); /* at least one allocation failed on the way */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bsn),
        cmocka_unit_test(test_role_codes),
        cmocka_unit_test(test_role_fits_org),
        cmocka_unit_test(test_catalogue_real_file),
        cmocka_unit_test(test_catalogue_small),
        cmocka_unit_test(test_catalogue_refusals),
        cmocka_unit_test(test_catalogue_not_utf8),
        cmocka_unit_test(test_catalogue_utf8_line),
        cmocka_unit_test(test_catalogue_out_of_memory),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
