/* Unit tests for store/ records on a real SQLite file (or on PostgreSQL,
 * see store_fixture.h): persons and who is party to them, signals with
 * their indicators, the catalogue, and audit trail rows. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>

#include "store_fixture.h"

/* ---- persons, signals, catalogue -------------------------------------- */

typedef struct records {
    people p;
    person_row person[3];
    signal_row signal[3];
    int64_t version;
} records;

static unsigned char name_enc[] = "name-ciphertext";
static unsigned char birth_enc[] = "birth-ciphertext";
static unsigned char bsn_enc[] = {0x01, 0x00, 0xff, 0x02};
static unsigned char obs_enc[] = "observation-ciphertext";

static int catalogue_job(store_tx *tx, records *r)
{
    catalogue_version_row v;
    memset(&v, 0, sizeof v);
    now_iso(v.published_at);
    text_copy(v.source_sha256, sizeof v.source_sha256, "abc123");
    text_copy(v.note, sizeof v.note, "first");
    W(store_catalogue_insert_version(tx, &v) == SG_OK && v.version == 1);
    static const char *const codes[] = {"SCH-02", "MON-01", "SCH-01"};
    for (int i = 0; i < 3; i++) {
        indicator_row ind;
        memset(&ind, 0, sizeof ind);
        ind.version = v.version;
        text_copy(ind.code, sizeof ind.code, codes[i]);
        text_copy(ind.category, sizeof ind.category, i == 1 ? "money" : "school");
        text_copy(ind.text_nl, sizeof ind.text_nl, "tekst");
        text_copy(ind.text_en, sizeof ind.text_en, "text");
        text_copy(ind.strength, sizeof ind.strength, "M");
        W(store_catalogue_insert_indicator(tx, &ind) == SG_OK);
    }
    r->version = v.version;
    return SG_OK;
}

static int records_job(store_tx *tx, void *arg)
{
    records *r = arg;
    int rc = people_job(tx, &r->p);
    if (rc == SG_OK)
        rc = catalogue_job(tx, r);
    if (rc != SG_OK)
        return rc;
    /* Persons 0 and 1 recorded at organisation 0 (by users 0 and 2), person 2
     * at organisation 1 (by user 1) and shared with organisation 0. */
    const int creator[3] = {0, 2, 1};
    for (int i = 0; i < 3; i++) {
        person_row *p = &r->person[i];
        memset(p, 0, sizeof *p);
        make_pid(p->public_id, 0x0d, i);
        p->birth_year = 2010 + i;
        p->birth_month = i + 1;
        text_copy(p->gender, sizeof p->gender, "x");
        text_copy(p->municipality, sizeof p->municipality, "Utrecht");
        p->name_enc = name_enc;
        p->name_enc_len = sizeof name_enc;
        p->birth_date_enc = birth_enc;
        p->birth_date_enc_len = sizeof birth_enc;
        if (i == 0) {
            p->bsn_enc = bsn_enc;
            p->bsn_enc_len = sizeof bsn_enc;
            text_copy(p->bsn_key, sizeof p->bsn_key, "bsnkey0");
        }
        p->created_by_user = r->p.user[creator[i]].id;
        p->created_by_org = r->p.user[creator[i]].org_id;
        now_iso(p->created_at);
        W(store_person_insert(tx, p) == SG_OK && p->id > 0);
        W(store_person_grant(tx, p->id, p->created_by_org, "recorded") == SG_OK);
    }
    W(store_person_grant(tx, r->person[2].id, r->p.org[0].id, "referral") == SG_OK);
    W(store_person_grant(tx, r->person[2].id, r->p.org[0].id, "again") == SG_OK);
    return SG_OK;
}

static int add_signal(store_tx *tx, records *r, int i, int person, int user)
{
    signal_row *s = &r->signal[i];
    memset(s, 0, sizeof *s);
    make_pid(s->public_id, 0x0e, i);
    s->person_id = r->person[person].id;
    s->observer_id = r->p.user[user].id;
    s->org_id = r->p.user[user].org_id;
    text_copy(s->observed_on, sizeof s->observed_on, "2024-02-29");
    text_copy(s->setting, sizeof s->setting, "school");
    s->observation_enc = obs_enc;
    s->observation_enc_len = sizeof obs_enc;
    s->catalogue_version = r->version;
    now_iso(s->created_at);
    static const char *const codes[] = {"SCH-02", "MON-01", "SCH-01"};
    for (int k = 0; k <= i; k++) {
        text_copy(s->indicators[k].code, sizeof s->indicators[k].code, codes[k]);
        text_copy(s->indicators[k].kind, sizeof s->indicators[k].kind, k ? "impression" : "fact");
    }
    s->indicator_count = i + 1;
    return store_signal_insert(tx, s);
}

static int signals_job(store_tx *tx, void *arg)
{
    records *r = arg;
    /* Signal 0: user 4 about person 1; signal 1: user 0 about person 0;
     * signal 2: user 1 (organisation 1) about person 2. */
    W(add_signal(tx, r, 0, 1, 4) == SG_OK);
    W(add_signal(tx, r, 1, 0, 0) == SG_OK);
    W(add_signal(tx, r, 2, 2, 1) == SG_OK);
    return SG_OK;
}

typedef struct bad_signal {
    const records *r;
    int pid; /* public id number */
    int64_t version;
    bool dup_indicator;
} bad_signal;

/* Inserts a copy of signal 1 with another public id and catalogue version. */
static int bad_signal_job(store_tx *tx, void *arg)
{
    const bad_signal *b = arg;
    signal_row *s = malloc(sizeof *s);
    if (!s)
        return SG_ENOMEM;
    *s = b->r->signal[1];
    make_pid(s->public_id, 0x0e, b->pid);
    s->catalogue_version = b->version;
    if (b->dup_indicator)
        s->indicators[1] = s->indicators[0];
    int rc = store_signal_insert(tx, s);
    free(s);
    return rc;
}

static int find_signal_job(store_tx *tx, void *arg)
{
    signal_row *s = malloc(sizeof *s);
    if (!s)
        return SG_ENOMEM;
    int rc = store_signal_find_public(tx, arg, s);
    if (rc == SG_OK)
        store_signal_clear(s);
    free(s);
    return rc;
}

static void check_person_row(const person_row *got, const person_row *want)
{
    assert_int_equal(got->id, want->id);
    assert_string_equal(got->public_id, want->public_id);
    assert_int_equal(got->birth_year, want->birth_year);
    assert_int_equal(got->birth_month, want->birth_month);
    assert_string_equal(got->municipality, "Utrecht");
    assert_int_equal(got->name_enc_len, sizeof name_enc);
    assert_memory_equal(got->name_enc, name_enc, sizeof name_enc);
    assert_memory_equal(got->birth_date_enc, birth_enc, sizeof birth_enc);
    assert_int_equal(got->bsn_enc_len, want->bsn_enc_len);
    if (want->bsn_enc)
        assert_memory_equal(got->bsn_enc, bsn_enc, sizeof bsn_enc);
    else
        assert_null(got->bsn_enc);
    assert_string_equal(got->bsn_key, want->bsn_key);
    assert_int_equal(got->created_by_user, want->created_by_user);
    assert_int_equal(got->created_by_org, want->created_by_org);
}

static void expect_persons(store_tx *tx, const records *r, int64_t org, int64_t user, int64_t after,
                           int limit, const int *want, int nwant)
{
    person_row rows[10];
    int n = -1;
    person_filter f = {.org_id = org, .user_id = user, .after = after, .limit = limit};
    assert_int_equal(store_person_list(tx, &f, rows, &n), SG_OK);
    assert_int_equal(n, nwant);
    for (int i = 0; i < n; i++) {
        check_person_row(&rows[i], &r->person[want[i]]);
        store_person_clear(&rows[i]);
    }
}

static int persons_read_job(store_tx *tx, void *arg)
{
    records *r = arg;
    person_row got;
    char pid[STORE_ID_LEN];
    bool yes = false;
    assert_int_equal(store_person_get(tx, r->person[0].id, &got), SG_OK);
    check_person_row(&got, &r->person[0]);
    store_person_clear(&got);
    assert_int_equal(store_person_find_public(tx, r->person[1].public_id, &got), SG_OK);
    check_person_row(&got, &r->person[1]);
    store_person_clear(&got);
    assert_int_equal(store_person_get(tx, 9999, &got), SG_ENOTFOUND);
    assert_int_equal(store_person_public_id(tx, r->person[2].id, pid), SG_OK);
    assert_string_equal(pid, r->person[2].public_id);
    assert_int_equal(store_person_public_id(tx, 9999, pid), SG_ENOTFOUND);
    assert_int_equal(store_person_find_bsn_for_org(tx, "bsnkey0", r->p.org[0].id, &got), SG_OK);
    assert_int_equal(got.id, r->person[0].id);
    store_person_clear(&got);
    assert_int_equal(store_person_find_bsn_for_org(tx, "bsnkey0", r->p.org[1].id, &got),
                     SG_ENOTFOUND);

    assert_int_equal(store_person_org_is_party(tx, r->person[2].id, r->p.org[0].id, &yes), SG_OK);
    assert_true(yes);
    assert_int_equal(store_person_org_is_party(tx, r->person[0].id, r->p.org[1].id, &yes), SG_OK);
    assert_false(yes);
    assert_int_equal(store_person_user_is_involved(tx, r->person[0].id, r->p.user[0].id, &yes),
                     SG_OK);
    assert_true(yes);
    assert_int_equal(store_person_user_is_involved(tx, r->person[0].id, r->p.user[2].id, &yes),
                     SG_OK);
    assert_false(yes);
    /* User 4 did not create person 1 but recorded a signal about it. */
    assert_int_equal(store_person_user_is_involved(tx, r->person[1].id, r->p.user[4].id, &yes),
                     SG_OK);
    assert_true(yes);

    /* Organisation 0 is party to all three; paged by id. */
    expect_persons(tx, r, r->p.org[0].id, 0, 0, 10, (const int[]){0, 1, 2}, 3);
    expect_persons(tx, r, r->p.org[0].id, 0, 0, 2, (const int[]){0, 1}, 2);
    expect_persons(tx, r, r->p.org[0].id, 0, r->person[1].id, 2, (const int[]){2}, 1);
    expect_persons(tx, r, r->p.org[1].id, 0, 0, 10, (const int[]){2}, 1);
    expect_persons(tx, r, r->p.org[2].id, 0, 0, 10, NULL, 0);
    /* Filtered by involvement: user 0 created person 0 and recorded about
     * it; user 2 created person 1; user 4 only recorded about person 1;
     * user 1 created person 2 at organisation 1. */
    expect_persons(tx, r, r->p.org[0].id, r->p.user[0].id, 0, 10, (const int[]){0}, 1);
    expect_persons(tx, r, r->p.org[0].id, r->p.user[2].id, 0, 10, (const int[]){1}, 1);
    expect_persons(tx, r, r->p.org[0].id, r->p.user[4].id, 0, 10, (const int[]){1}, 1);
    expect_persons(tx, r, r->p.org[1].id, r->p.user[0].id, 0, 10, NULL, 0);
    expect_persons(tx, r, r->p.org[1].id, r->p.user[1].id, 0, 10, (const int[]){2}, 1);
    return SG_OK;
}

static void check_signal_row(const signal_row *got, const signal_row *want)
{
    assert_int_equal(got->id, want->id);
    assert_string_equal(got->public_id, want->public_id);
    assert_int_equal(got->person_id, want->person_id);
    assert_int_equal(got->org_id, want->org_id);
    assert_int_equal(got->observer_id, want->observer_id);
    assert_string_equal(got->observed_on, "2024-02-29");
    assert_string_equal(got->setting, "school");
    assert_int_equal(got->catalogue_version, want->catalogue_version);
    assert_int_equal(got->observation_enc_len, sizeof obs_enc);
    assert_memory_equal(got->observation_enc, obs_enc, sizeof obs_enc);
    assert_int_equal(got->indicator_count, want->indicator_count);
}

static void expect_signals(store_tx *tx, const records *r, signal_filter f, const int *want,
                           int nwant)
{
    signal_row *rows = calloc(10, sizeof *rows);
    int n = -1;
    assert_int_equal(store_signal_list(tx, &f, rows, &n), SG_OK);
    assert_int_equal(n, nwant);
    for (int i = 0; i < n; i++) {
        check_signal_row(&rows[i], &r->signal[want[i]]);
        store_signal_clear(&rows[i]);
    }
    free(rows);
}

static int signals_read_job(store_tx *tx, void *arg)
{
    records *r = arg;
    signal_row *got = calloc(1, sizeof *got);
    bool yes = true;
    assert_int_equal(store_signal_get(tx, r->signal[2].id, got), SG_OK);
    check_signal_row(got, &r->signal[2]);
    /* Indicators come back in code order with their kinds. */
    assert_string_equal(got->indicators[0].code, "MON-01");
    assert_string_equal(got->indicators[0].kind, "impression");
    assert_string_equal(got->indicators[1].code, "SCH-01");
    assert_string_equal(got->indicators[2].code, "SCH-02");
    assert_string_equal(got->indicators[2].kind, "fact");
    store_signal_clear(got);
    assert_int_equal(store_signal_find_public(tx, r->signal[0].public_id, got), SG_OK);
    check_signal_row(got, &r->signal[0]);
    store_signal_clear(got);
    assert_int_equal(store_signal_get(tx, 9999, got), SG_ENOTFOUND);
    free(got);

    int64_t o0 = r->p.org[0].id, o1 = r->p.org[1].id;
    assert_int_equal(store_signal_org_is_party(tx, r->signal[2].id, o1, &yes), SG_OK);
    assert_true(yes);
    assert_int_equal(store_signal_org_is_party(tx, r->signal[0].id, o1, &yes), SG_OK);
    assert_false(yes);
    assert_int_equal(store_signal_org_is_party(tx, r->signal[2].id, o0, &yes), SG_OK);
    assert_true(yes); /* granted by signals_grant_job */

    expect_signals(tx, r, (signal_filter){.org_id = o0, .limit = 10}, (const int[]){0, 1, 2}, 3);
    expect_signals(tx, r, (signal_filter){.org_id = o0, .limit = 2}, (const int[]){0, 1}, 2);
    expect_signals(tx, r, (signal_filter){.org_id = o0, .after = r->signal[1].id, .limit = 2},
                   (const int[]){2}, 1);
    expect_signals(tx, r, (signal_filter){.org_id = o1, .limit = 10}, (const int[]){2}, 1);
    expect_signals(tx, r, (signal_filter){.org_id = r->p.org[2].id, .limit = 10}, NULL, 0);
    expect_signals(tx, r,
                   (signal_filter){.org_id = o0, .observer_id = r->p.user[0].id, .limit = 10},
                   (const int[]){1}, 1);
    expect_signals(tx, r, (signal_filter){.org_id = o0, .person_id = r->person[1].id, .limit = 10},
                   (const int[]){0}, 1);

    catalogue_version_row v;
    indicator_row ind;
    assert_int_equal(store_catalogue_latest(tx, &v), SG_OK);
    assert_int_equal(v.version, 1);
    assert_int_equal(v.indicator_count, 3);
    assert_string_equal(v.note, "first");
    assert_int_equal(store_catalogue_get_indicator(tx, 1, "MON-01", &ind), SG_OK);
    assert_string_equal(ind.category, "money");
    assert_int_equal(store_catalogue_get_indicator(tx, 1, "XYZ-01", &ind), SG_ENOTFOUND);
    return SG_OK;
}

static int signals_grant_job(store_tx *tx, void *arg)
{
    records *r = arg;
    W(store_signal_grant(tx, r->signal[2].id, r->p.org[0].id, "referral") == SG_OK);
    W(store_signal_grant(tx, r->signal[2].id, r->p.org[0].id, "again") == SG_OK);
    return SG_OK;
}

static void test_persons_and_signals(void **state)
{
    (void)state;
    store *s = open_db("records.db");
    records *r = calloc(1, sizeof *r);
    write_ok(s, records_job, r);
    write_ok(s, signals_job, r);
    write_ok(s, signals_grant_job, r);
    assert_int_equal(store_read(s, persons_read_job, r), SG_OK);
    assert_int_equal(store_read(s, signals_read_job, r), SG_OK);

    /* A taken public id, a catalogue version that does not exist, or an
     * indicator named twice: refused, and nothing of the signal remains. */
    char pid[STORE_ID_LEN];
    bad_signal b = {.r = r, .pid = 1, .version = r->version};
    assert_int_equal(store_write(s, bad_signal_job, &b), SG_ECONFLICT);
    b = (bad_signal){.r = r, .pid = 50, .version = 42};
    assert_int_equal(store_write(s, bad_signal_job, &b), SG_ECONFLICT);
    make_pid(pid, 0x0e, 50);
    assert_int_equal(store_read(s, find_signal_job, pid), SG_ENOTFOUND);
    b = (bad_signal){.r = r, .pid = 51, .version = r->version, .dup_indicator = true};
    assert_int_equal(store_write(s, bad_signal_job, &b), SG_ECONFLICT);
    make_pid(pid, 0x0e, 51);
    assert_int_equal(store_read(s, find_signal_job, pid), SG_ENOTFOUND);
    b = (bad_signal){.r = r, .pid = 52, .version = r->version};
    write_ok(s, bad_signal_job, &b);
    make_pid(pid, 0x0e, 52);
    assert_int_equal(store_read(s, find_signal_job, pid), SG_OK);
    free(r);
    store_close(s);
}

/* ---- audit rows -------------------------------------------------------- */

static void fill_audit(audit_row *a, int64_t seq)
{
    memset(a, 0, sizeof *a);
    a->seq = seq;
    now_iso(a->at);
    snprintf(a->user_id, sizeof a->user_id, "user-%d", (int)(seq % 2));
    text_copy(a->role, sizeof a->role, "mentor");
    text_copy(a->action, sizeof a->action, "person.read");
    snprintf(a->person_id, sizeof a->person_id, "person-%d", (int)(seq % 3));
    text_copy(a->client, sizeof a->client, "127.0.0.1");
    snprintf(a->prev_hash, sizeof a->prev_hash, "hash-%d", (int)(seq - 1));
    snprintf(a->hash, sizeof a->hash, "hash-%d", (int)seq);
}

typedef struct audit_ctx {
    int64_t seen[10];
    int nseen;
    int stop_at;
} audit_ctx;

static int collect(const audit_row *row, void *arg)
{
    audit_ctx *c = arg;
    c->seen[c->nseen++] = row->seq;
    return row->seq == c->stop_at ? 77 : 0;
}

static int audit_write_job(store_tx *tx, void *arg)
{
    (void)arg;
    int64_t seq = -1;
    char hash[STORE_HASH_LEN] = "junk";
    W(store_audit_head(tx, &seq, hash, NULL) == SG_OK && seq == 0 && hash[0] == '\0');
    for (int i = 1; i <= 6; i++) {
        audit_row a;
        fill_audit(&a, i);
        W(store_audit_insert(tx, &a, "mac") == SG_OK);
    }
    W(store_audit_head(tx, &seq, hash, NULL) == SG_OK && seq == 6 && strcmp(hash, "hash-6") == 0);
    return SG_OK;
}

static int audit_dup_job(store_tx *tx, void *arg)
{
    (void)arg;
    audit_row a;
    fill_audit(&a, 3);
    return store_audit_insert(tx, &a, "mac");
}

static void expect_audit(store_tx *tx, audit_filter f, const int *want, int nwant)
{
    audit_row rows[8];
    int n = -1;
    assert_int_equal(store_audit_list(tx, &f, rows, &n), SG_OK);
    assert_int_equal(n, nwant);
    for (int i = 0; i < n; i++)
        assert_int_equal(rows[i].seq, want[i]);
}

/* A callback that runs other statements, and the same one again, while
 * the outer walk is still reading its rows (PostgreSQL carries one query
 * at a time on a connection: the rest of the outer rows must be kept). */
typedef struct nested_ctx {
    store_tx *tx;
    int outer, inner;
    bool bad;
} nested_ctx;

static int count_inner(const audit_row *row, void *arg)
{
    (void)row;
    ((nested_ctx *)arg)->inner++;
    return 0;
}

static int nested(const audit_row *row, void *arg)
{
    nested_ctx *n = arg;
    int64_t seq = 0;
    char hash[STORE_HASH_LEN];
    n->outer++;
    if (row->seq != n->outer || store_audit_head(n->tx, &seq, hash, NULL) != SG_OK || seq != 6)
        n->bad = true;
    return store_audit_each(n->tx, row->seq, count_inner, n);
}

static int audit_read_job(store_tx *tx, void *arg)
{
    (void)arg;
    nested_ctx nc = {.tx = tx};
    assert_int_equal(store_audit_each(tx, 0, nested, &nc), SG_OK);
    assert_false(nc.bad);
    assert_int_equal(nc.outer, 6);
    assert_int_equal(nc.inner, 5 + 4 + 3 + 2 + 1);
    audit_ctx c = {.stop_at = 0};
    assert_int_equal(store_audit_each(tx, 2, collect, &c), SG_OK);
    assert_int_equal(c.nseen, 4);
    assert_int_equal(c.seen[0], 3);
    assert_int_equal(c.seen[3], 6);
    c = (audit_ctx){.stop_at = 2};
    assert_int_equal(store_audit_each(tx, 0, collect, &c), 77);
    assert_int_equal(c.nseen, 2);

    expect_audit(tx, (audit_filter){.limit = 3}, (const int[]){6, 5, 4}, 3);
    expect_audit(tx, (audit_filter){.before = 4, .limit = 8}, (const int[]){3, 2, 1}, 3);
    expect_audit(tx, (audit_filter){.person_id = "person-0", .limit = 8}, (const int[]){6, 3}, 2);
    expect_audit(tx, (audit_filter){.user_id = "user-1", .before = 5, .limit = 8},
                 (const int[]){3, 1}, 2);
    expect_audit(tx, (audit_filter){.user_id = "user-1", .person_id = "person-2", .limit = 8},
                 (const int[]){5}, 1);
    expect_audit(tx, (audit_filter){.user_id = "nobody", .limit = 8}, NULL, 0);
    audit_row one[1];
    int n = 0;
    assert_int_equal(store_audit_list(tx, &(audit_filter){.limit = 1}, one, &n), SG_OK);
    assert_int_equal(n, 1);
    assert_string_equal(one[0].hash, "hash-6");
    assert_string_equal(one[0].prev_hash, "hash-5");
    assert_string_equal(one[0].client, "127.0.0.1");
    assert_string_equal(one[0].action, "person.read");
    return SG_OK;
}

static void test_audit_rows(void **state)
{
    (void)state;
    store *s = open_db("audit.db");
    write_ok(s, audit_write_job, NULL);
    assert_int_equal(store_write(s, audit_dup_job, NULL), SG_ECONFLICT);
    assert_int_equal(store_read(s, audit_read_job, NULL), SG_OK);
    store_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_persons_and_signals),
        cmocka_unit_test(test_audit_rows),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
