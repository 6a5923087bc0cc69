/* Unit tests for security/audit (the hash-chained trail, tampered with
 * through SQLite directly) and security/access (who may see what), on a
 * real store. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/clock.h"
#include "base/text.h"
#include "security/access.h"
#include "security/audit.h"
#include "security/vault.h"
#include "store/store.h"

#define ENTRIES 10

static char tmp_dir[] = "/tmp/signaal-audit-XXXXXX";

static const unsigned char key_a[VAULT_KEY_BYTES] = {
    0,  1,  2,  3,  4,  5,  6,  7,  8,  9,  10, 11, 12, 13, 14, 15,
    16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31,
};
static const unsigned char key_b[VAULT_KEY_BYTES] = {
    31, 30, 29, 28, 27, 26, 25, 24, 23, 22, 21, 20, 19, 18, 17, 16,
    15, 14, 13, 12, 11, 10, 9,  8,  7,  6,  5,  4,  3,  2,  1,  0,
};

static const char *db_path(const char *name)
{
    static char path[sizeof tmp_dir + 64];
    snprintf(path, sizeof path, "%s/%.60s", tmp_dir, name);
    return path;
}

static store *open_db(const char *name)
{
    store *s = NULL;
    const char *detail = NULL;
    store_options opt = {.readers = 2, .busy_timeout_ms = 2000, .durable = false};
    int rc = store_open(db_path(name), &opt, true, &s, &detail);
    if (rc != SG_OK)
        fail_msg("store_open: %d %s", rc, detail);
    return s;
}

static vault *new_vault(const unsigned char key[VAULT_KEY_BYTES])
{
    vault *v = NULL;
    assert_int_equal(vault_from_key(key, &v), SG_OK);
    return v;
}

/* Runs one statement on the database file behind the store's back. */
static void tamper(const char *name, const char *sql)
{
    sqlite3 *db = NULL;
    char *err = NULL;
    assert_int_equal(sqlite3_open(db_path(name), &db), SQLITE_OK);
    if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK)
        fail_msg("%s: %s", sql, err ? err : "?");
    sqlite3_close(db);
}

static void make_pid(char out[STORE_ID_LEN], unsigned kind, int n)
{
    snprintf(out, STORE_ID_LEN, "%08x-0000-4000-8000-%012d", kind, n);
}

static int group_setup(void **state)
{
    (void)state;
    if (vault_global_init() != SG_OK)
        return -1;
    return mkdtemp(tmp_dir) ? 0 : -1;
}

static int group_teardown(void **state)
{
    (void)state;
    DIR *d = opendir(tmp_dir);
    if (!d)
        return -1;
    for (struct dirent *e = readdir(d); e; e = readdir(d))
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
            (void)unlink(db_path(e->d_name));
    closedir(d);
    return rmdir(tmp_dir);
}

/* ---- the chain -------------------------------------------------------- */

typedef struct append_ctx {
    const vault *v;
    actor who;
    int n;
} append_ctx;

static int append_job(store_tx *tx, void *arg)
{
    append_ctx *c = arg;
    for (int i = 0; i < c->n; i++) {
        char record[STORE_ID_LEN], person[STORE_ID_LEN], purpose[64];
        make_pid(record, 0x5, i);
        make_pid(person, 0x6, i % 3);
        snprintf(purpose, sizeof purpose, "zorgco\xc3\xb6rdinatie %d", i);
        audit_event ev = {.who = &c->who,
                          .action = i % 2 ? "person.read" : "signal.create",
                          .record_type = i % 2 ? "person" : "signal",
                          .record_id = record,
                          .person_id = person,
                          .purpose = purpose};
        int rc = audit_append(tx, c->v, &ev);
        if (rc != SG_OK)
            return rc;
    }
    return SG_OK;
}

static void user_actor(actor *a)
{
    memset(a, 0, sizeof *a);
    a->user_id = 7;
    make_pid(a->user_pid, 0xb, 7);
    text_copy(a->login, sizeof a->login, "mentor1");
    a->role = ROLE_MENTOR;
    a->org_id = 3;
    make_pid(a->org_pid, 0xa, 3);
    a->org_type = ORG_SCHOOL;
    text_copy(a->client, sizeof a->client, "192.0.2.10");
}

/* Creates name with ENTRIES entries (the last by the system actor). */
static void build_trail(const char *name, const vault *v)
{
    store *s = open_db(name);
    append_ctx c = {.v = v, .n = ENTRIES - 1};
    user_actor(&c.who);
    assert_int_equal(store_write(s, append_job, &c), SG_OK);
    access_system_actor(&c.who);
    c.n = 1;
    assert_int_equal(store_write(s, append_job, &c), SG_OK);
    store_close(s);
}

static audit_report verify(const char *name, const vault *v)
{
    store *s = open_db(name);
    audit_report rep;
    memset(&rep, 0x55, sizeof rep);
    assert_int_equal(audit_verify(s, v, &rep), SG_OK);
    store_close(s);
    return rep;
}

static void expect_intact(const char *name, const vault *v, int64_t n)
{
    audit_report rep = verify(name, v);
    if (rep.broken_seq != 0)
        fail_msg("broken at %lld: %s", (long long)rep.broken_seq, rep.reason);
    assert_int_equal(rep.checked, n);
    assert_string_equal(rep.reason, "");
}

/* Expects the chain broken at seq after checked intact entries. */
static void expect_broken(const char *name, const vault *v, int64_t seq, int64_t checked,
                          const char *what)
{
    audit_report rep = verify(name, v);
    if (rep.broken_seq != seq || rep.checked != checked)
        fail_msg("%s: broken_seq %lld checked %lld, want %lld and %lld (%s)", what,
                 (long long)rep.broken_seq, (long long)rep.checked, (long long)seq,
                 (long long)checked, rep.reason);
    assert_true(strlen(rep.reason) > 0);
}

typedef struct rows_ctx {
    audit_row rows[ENTRIES];
    int n;
    const vault *v;
} rows_ctx;

static int rows_job(store_tx *tx, void *arg)
{
    rows_ctx *c = arg;
    audit_filter f = {.limit = ENTRIES};
    return store_audit_list(tx, &f, c->rows, &c->n);
}

static void test_chain_intact(void **state)
{
    (void)state;
    vault *v = new_vault(key_a);
    expect_intact("empty.db", v, 0);
    build_trail("intact.db", v);
    expect_intact("intact.db", v, ENTRIES);

    /* What each entry records, and how the entries link. */
    store *s = open_db("intact.db");
    rows_ctx *c = calloc(1, sizeof *c);
    assert_int_equal(store_read(s, rows_job, c), SG_OK);
    assert_int_equal(c->n, ENTRIES);
    actor who;
    user_actor(&who);
    for (int i = 0; i < ENTRIES; i++) {
        const audit_row *r = &c->rows[ENTRIES - 1 - i]; /* newest first */
        char want[STORE_HASH_LEN], pid[STORE_ID_LEN];
        assert_int_equal(r->seq, i + 1);
        audit_entry_hash(v, r, want);
        assert_string_equal(r->hash, want);
        assert_int_equal(strlen(r->hash), 64);
        assert_string_equal(r->prev_hash, i ? c->rows[ENTRIES - i].hash : "");
        int64_t ms = 0;
        assert_int_equal(clock_parse_iso(r->at, &ms), SG_OK);
        assert_true(ms > 1700000000000);
        int k = i == ENTRIES - 1 ? 0 : i;
        make_pid(pid, 0x5, k);
        assert_string_equal(r->record_id, pid);
        make_pid(pid, 0x6, k % 3);
        assert_string_equal(r->person_id, pid);
        assert_string_equal(r->action, k % 2 ? "person.read" : "signal.create");
        if (i < ENTRIES - 1) {
            assert_string_equal(r->user_id, who.user_pid);
            assert_string_equal(r->org_id, who.org_pid);
            assert_string_equal(r->role, "mentor");
            assert_string_equal(r->client, "192.0.2.10");
        } else {
            assert_string_equal(r->user_id, "");
            assert_string_equal(r->org_id, "");
            assert_string_equal(r->role, "system");
            assert_string_equal(r->client, "cli");
        }
    }
    /* The hash covers every field: changing any one changes it. */
    audit_row r = c->rows[0];
    char base[STORE_HASH_LEN], other[STORE_HASH_LEN];
    audit_entry_hash(v, &r, base);
    char *fields[] = {r.at,        r.user_id,   r.role,   r.org_id,  r.action,   r.record_type,
                      r.record_id, r.person_id, r.client, r.purpose, r.prev_hash};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        char saved = fields[i][0];
        fields[i][0] = saved == 'x' ? 'y' : 'x';
        audit_entry_hash(v, &r, other);
        assert_string_not_equal(base, other);
        fields[i][0] = saved;
    }
    r.seq++;
    audit_entry_hash(v, &r, other);
    assert_string_not_equal(base, other);
    free(c);
    store_close(s);
    vault_free(v);
}

static void test_chain_tampered(void **state)
{
    (void)state;
    vault *v = new_vault(key_a);
    build_trail("tamper.db", v);

    /* Each field of entry 4 changed in its last character (keeping its
     * length), then put back. */
    static const char *const columns[] = {"at",     "user_id",     "role",      "org_id",
                                          "action", "record_type", "record_id", "person_id",
                                          "client", "purpose",     "hash",      "prev_hash"};
    for (size_t i = 0; i < sizeof columns / sizeof columns[0]; i++) {
        char sql[512];
        tamper("tamper.db", "CREATE TABLE saved AS SELECT * FROM audit_log WHERE seq = 4");
        snprintf(sql, sizeof sql,
                 "UPDATE audit_log SET %s = substr(%s, 1, length(%s) - 1)"
                 " || CASE substr(%s, -1) WHEN 'x' THEN 'y' ELSE 'x' END WHERE seq = 4",
                 columns[i], columns[i], columns[i], columns[i]);
        tamper("tamper.db", sql);
        expect_broken("tamper.db", v, 4, 3, columns[i]);
        tamper("tamper.db", "DELETE FROM audit_log WHERE seq = 4;"
                            "INSERT INTO audit_log SELECT * FROM saved; DROP TABLE saved");
        expect_intact("tamper.db", v, ENTRIES);
    }

    /* Another key cannot confirm the first entry. */
    vault *other = new_vault(key_b);
    expect_broken("tamper.db", other, 1, 0, "other key");
    vault_free(other);

    /* Two entries swapped by their seq: broken at the first of them. */
    tamper("tamper.db", "UPDATE audit_log SET seq = -3 WHERE seq = 3;"
                        "UPDATE audit_log SET seq = 3 WHERE seq = 6;"
                        "UPDATE audit_log SET seq = 6 WHERE seq = -3;");
    expect_broken("tamper.db", v, 3, 2, "swap");
    tamper("tamper.db", "UPDATE audit_log SET seq = -3 WHERE seq = 3;"
                        "UPDATE audit_log SET seq = 3 WHERE seq = 6;"
                        "UPDATE audit_log SET seq = 6 WHERE seq = -3;");
    expect_intact("tamper.db", v, ENTRIES);

    /* A forged entry appended without the key, with the head moved to it. */
    tamper("tamper.db", "INSERT INTO audit_log SELECT seq + 1, at, user_id, role, org_id, action,"
                        " record_type, record_id, person_id, client, purpose, hash, hash"
                        " FROM audit_log WHERE seq = 10;"
                        "UPDATE audit_head SET seq = 11, hash = (SELECT hash FROM audit_log"
                        " WHERE seq = 11);");
    expect_broken("tamper.db", v, 11, ENTRIES, "forged entry");
    tamper("tamper.db", "DELETE FROM audit_log WHERE seq = 11;"
                        "UPDATE audit_head SET seq = 10, hash = (SELECT hash FROM audit_log"
                        " WHERE seq = 10);");
    expect_intact("tamper.db", v, ENTRIES);

    /* The head itself changed. */
    tamper("tamper.db", "UPDATE audit_head SET hash = 'x' || substr(hash, 2)");
    /* The chain itself is intact; the head is not authentic, so what follows
     * entry ENTRIES is suspect. */
    expect_broken("tamper.db", v, ENTRIES + 1, ENTRIES, "head hash");
    tamper("tamper.db", "UPDATE audit_head SET hash = (SELECT hash FROM audit_log WHERE seq = 10)");
    tamper("tamper.db", "UPDATE audit_head SET seq = 12");
    expect_broken("tamper.db", v, ENTRIES + 1, ENTRIES, "head ahead");
    tamper("tamper.db", "UPDATE audit_head SET seq = 10");
    expect_intact("tamper.db", v, ENTRIES);

    /* A field made longer than its column holds: whether audit_verify then
     * names the entry or cannot check the trail, it never calls it intact.
     * (Today it answers SG_EDB: read_audit refuses the overlong text.) */
    tamper("tamper.db", "CREATE TABLE saved AS SELECT * FROM audit_log WHERE seq = 4;"
                        "UPDATE audit_log SET at = at || 'x' WHERE seq = 4");
    store *s = open_db("tamper.db");
    audit_report rep;
    int rc = audit_verify(s, v, &rep);
    store_close(s);
    assert_true(rc != SG_OK || rep.broken_seq == 4);
    tamper("tamper.db", "DELETE FROM audit_log WHERE seq = 4;"
                        "INSERT INTO audit_log SELECT * FROM saved; DROP TABLE saved");
    expect_intact("tamper.db", v, ENTRIES);

    /* An entry removed from the middle: broken where it is missing. */
    tamper("tamper.db", "DELETE FROM audit_log WHERE seq = 4");
    expect_broken("tamper.db", v, 4, 3, "deleted entry");
    vault_free(v);
}

static void test_chain_truncated(void **state)
{
    (void)state;
    vault *v = new_vault(key_a);
    build_trail("truncated.db", v);
    /* The last entry removed: the head still records it. */
    tamper("truncated.db", "DELETE FROM audit_log WHERE seq = 10");
    expect_broken("truncated.db", v, ENTRIES, ENTRIES - 1, "last entry deleted");
    /* All entries removed, the head left. */
    tamper("truncated.db", "DELETE FROM audit_log");
    expect_broken("truncated.db", v, 1, 0, "all entries deleted");

    /* Appending after verification continues the chain. */
    build_trail("grows.db", v);
    store *s = open_db("grows.db");
    append_ctx c = {.v = v, .n = 3};
    user_actor(&c.who);
    assert_int_equal(store_write(s, append_job, &c), SG_OK);
    store_close(s);
    expect_intact("grows.db", v, ENTRIES + 3);
    vault_free(v);
}

static void test_truncation_with_rewritten_head(void **state)
{
    (void)state;
    vault *v = new_vault(key_a);
    build_trail("cut.db", v);
    store *s = open_db("cut.db");
    append_ctx c = {.v = v, .n = 3};
    user_actor(&c.who);
    assert_int_equal(store_write(s, append_job, &c), SG_OK);
    store_close(s);
    expect_intact("cut.db", v, ENTRIES + 3);

    /* Cutting the newest entries off and moving the head back to the last
     * remaining entry: the head's keyed tag no longer matches. */
    tamper("cut.db", "DELETE FROM audit_log WHERE seq > 10;"
                     "UPDATE audit_head SET seq = 10, hash = (SELECT hash FROM audit_log"
                     " WHERE seq = 10);");
    audit_report rep = verify("cut.db", v);
    vault_free(v);
    if (rep.broken_seq != ENTRIES + 1)
        fail_msg("the newest 3 entries and the head were cut back to entry %d without"
                 " detection (broken_seq %lld, checked %lld)",
                 ENTRIES, (long long)rep.broken_seq, (long long)rep.checked);
}

/* ---- access rules ----------------------------------------------------- */

static void role_actor(actor *a, role r)
{
    memset(a, 0, sizeof *a);
    a->user_id = 100 + (int)r;
    a->role = r;
    a->org_id = 1;
    text_copy(a->client, sizeof a->client, "test");
}

/* Checkpoints: signed with the key file's key, refused when altered or
 * signed by another key file, and they catch a wiped or rolled-back trail
 * that the chain alone would pass. */
static void test_checkpoints(void **state)
{
    (void)state;
    vault *v = new_vault(key_a), *other = new_vault(key_b);
    build_trail("anchored.db", v);
    store *s = open_db("anchored.db");
    audit_checkpoint c;
    assert_int_equal(audit_checkpoint_make(s, v, &c), SG_OK);
    assert_int_equal(c.seq, ENTRIES);
    char own[VAULT_PUBLIC_KEY_HEX], theirs[VAULT_PUBLIC_KEY_HEX];
    assert_int_equal(vault_public_key(v, own), SG_OK);
    assert_int_equal(vault_public_key(other, theirs), SG_OK);
    assert_string_not_equal(own, theirs);
    assert_true(audit_checkpoint_signed_by(&c, own));
    assert_false(audit_checkpoint_signed_by(&c, theirs));

    /* Through JSON and back. */
    json_t *j = audit_checkpoint_json(&c);
    char *text = json_dumps(j, JSON_COMPACT);
    audit_checkpoint back;
    assert_int_equal(audit_checkpoint_parse(text, &back), SG_OK);
    assert_int_equal(back.seq, c.seq);
    assert_true(audit_checkpoint_signed_by(&back, own));
    free(text);
    json_decref(j);
    assert_int_equal(audit_checkpoint_parse("{\"kind\":\"x\"}", &back), SG_EINVAL);
    assert_int_equal(audit_checkpoint_parse("not json", &back), SG_EINVAL);

    /* Any change to what was signed breaks the signature. */
    audit_checkpoint bad = c;
    bad.seq--;
    assert_false(audit_checkpoint_signed_by(&bad, own));
    bad = c;
    bad.hash[0] = bad.hash[0] == 'a' ? 'b' : 'a';
    assert_false(audit_checkpoint_signed_by(&bad, own));
    bad = c;
    bad.at[3] = bad.at[3] == '1' ? '2' : '1';
    assert_false(audit_checkpoint_signed_by(&bad, own));

    /* The trail holds the checkpoint; an anchor file of it verifies. */
    audit_report rep = {0};
    assert_int_equal(audit_checkpoint_check(s, own, &c, "c", &rep), SG_OK);
    assert_int_equal(rep.broken_seq, 0);
    const char *anchors = db_path("anchored.anchors");
    assert_int_equal(audit_anchor_append(anchors, &c), SG_OK);
    int count = 0;
    assert_int_equal(audit_verify_checkpoints(s, v, anchors, &rep, &count), SG_OK);
    assert_int_equal(count, 1);
    assert_int_equal(rep.broken_seq, 0);
    assert_int_equal(audit_anchor_last(anchors, &back), SG_OK);
    assert_int_equal(back.seq, ENTRIES);
    /* Another key file's vault does not accept it. */
    memset(&rep, 0, sizeof rep);
    assert_int_equal(audit_verify_checkpoints(s, other, anchors, &rep, &count), SG_OK);
    assert_int_equal(rep.broken_seq, -1);
    store_close(s);

    /* Roll the trail back by its last three entries, with an authentic
     * older head: the chain passes, the checkpoint does not. */
    tamper("anchored.db", "CREATE TABLE keep AS SELECT * FROM audit_log");
    tamper("anchored.db", "DELETE FROM audit_log WHERE seq > 7");
    s = open_db("anchored.db");
    memset(&rep, 0, sizeof rep);
    assert_int_equal(audit_checkpoint_check(s, own, &c, "c", &rep), SG_OK);
    assert_int_equal(rep.broken_seq, ENTRIES);
    assert_non_null(strstr(rep.reason, "wiped or rolled back"));
    store_close(s);
    /* Rewrite the last entry instead: caught as rewritten. */
    tamper("anchored.db", "INSERT INTO audit_log SELECT * FROM keep WHERE seq > 7");
    tamper("anchored.db", "UPDATE audit_log SET hash = '00' WHERE seq = 10");
    s = open_db("anchored.db");
    memset(&rep, 0, sizeof rep);
    assert_int_equal(audit_checkpoint_check(s, own, &c, "c", &rep), SG_OK);
    assert_int_equal(rep.broken_seq, ENTRIES);
    assert_non_null(strstr(rep.reason, "rewritten"));
    store_close(s);
    vault_free(v);
    vault_free(other);
}

/* A crash while a checkpoint is appended leaves its line cut short (or, on
 * a power cut, zeros): readers skip it, the verification passes, and the
 * next append cuts it off first, so the file stays one checkpoint a line. */
static void test_anchor_torn_tail(void **state)
{
    (void)state;
    vault *v = new_vault(key_a);
    build_trail("torn.db", v);
    store *s = open_db("torn.db");
    audit_checkpoint c, back;
    assert_int_equal(audit_checkpoint_make(s, v, &c), SG_OK);
    const char *anchors = db_path("torn.anchors");
    assert_int_equal(audit_anchor_append(anchors, &c), SG_OK);
    static const char *const tails[] = {"{\"kind\":\"signaal-audit-checkpoint\",\"seq\":4",
                                        "\0\0\0\0\0\0"};
    static const size_t tail_len[] = {41, 6};
    for (size_t t = 0; t < 2; t++) {
        FILE *f = fopen(anchors, "ab");
        assert_non_null(f);
        assert_int_equal(fwrite(tails[t], 1, tail_len[t], f), tail_len[t]);
        fclose(f);
        audit_report rep = {0};
        int count = 0;
        assert_int_equal(audit_verify_checkpoints(s, v, anchors, &rep, &count), SG_OK);
        assert_int_equal(rep.broken_seq, 0);
        assert_int_equal(count, 1 + (int)t);
        assert_int_equal(audit_anchor_last(anchors, &back), SG_OK);
        assert_int_equal(back.seq, c.seq);
        /* The next append cuts the torn line off. */
        assert_int_equal(audit_anchor_append(anchors, &c), SG_OK);
        memset(&rep, 0, sizeof rep);
        assert_int_equal(audit_verify_checkpoints(s, v, anchors, &rep, &count), SG_OK);
        assert_int_equal(rep.broken_seq, 0);
        assert_int_equal(count, 2 + (int)t);
    }
    /* Every line of the file is a whole checkpoint again. */
    FILE *f = fopen(anchors, "rb");
    char line[1024];
    int lines = 0;
    while (fgets(line, sizeof line, f)) {
        assert_non_null(strchr(line, '\n'));
        assert_int_equal(audit_checkpoint_parse(line, &back), SG_OK);
        lines++;
    }
    fclose(f);
    assert_int_equal(lines, 3);
    store_close(s);
    vault_free(v);
}

static void test_access_may(void **state)
{
    (void)state;
    /* record persons, record signals, read persons, administer, audit */
    static const bool want[ROLE_COUNT][5] = {
        [ROLE_MENTOR] = {true, true, true, false, false},
        [ROLE_CARE_COORDINATOR] = {true, true, true, false, false},
        [ROLE_POLICE_OFFICER] = {true, true, true, false, false},
        [ROLE_PROSECUTOR] = {true, false, true, false, false},
        [ROLE_CARE_WORKER] = {true, true, true, false, false},
        [ROLE_ANALYST] = {false, false, false, false, false},
        [ROLE_AUDITOR] = {false, false, false, false, true},
        [ROLE_ADMINISTRATOR] = {false, false, false, true, false},
        [ROLE_NATIONAL_ADMINISTRATOR] = {false, false, false, true, false},
        [ROLE_NATIONAL_AUDITOR] = {false, false, false, false, true},
        [ROLE_YOUTH_HEALTH_PROFESSIONAL] = {true, true, true, false, false},
        [ROLE_CHILD_PROTECTION_INVESTIGATOR] = {true, true, true, false, false},
        [ROLE_HALT_PROFESSIONAL] = {true, true, true, false, false},
        [ROLE_FAMILY_GUARDIAN] = {true, true, true, false, false},
        [ROLE_YOUTH_PROBATION_OFFICER] = {true, true, true, false, false},
    };
    for (int r = 0; r < ROLE_COUNT; r++) {
        actor a;
        role_actor(&a, (role)r);
        bool got[5] = {access_may_record_persons(&a), access_may_record_signals(&a),
                       access_may_read_persons(&a), access_may_administer(&a),
                       access_may_audit(&a)};
        for (int k = 0; k < 5; k++)
            if (got[k] != want[r][k])
                fail_msg("role %s, rule %d: %d", role_code((role)r), k, got[k]);
        int64_t scope = r == ROLE_MENTOR ? a.user_id : 0;
        assert_int_equal(access_signal_observer_scope(&a), scope);
        assert_int_equal(access_person_user_scope(&a), scope);
    }
    /* The reference index: who registers, who follows up escalations. */
    for (int r = 0; r < ROLE_COUNT; r++) {
        actor a;
        role_actor(&a, (role)r);
        bool chain = (ROLE_BIT(r) & ROLES_CHAIN_PROFESSIONAL) != 0;
        assert_int_equal(access_may_register_concerns(&a),
                         r == ROLE_CARE_COORDINATOR || chain || r == ROLE_POLICE_OFFICER);
        assert_int_equal(access_may_refer(&a), r == ROLE_CARE_COORDINATOR || chain
                                                   || r == ROLE_POLICE_OFFICER
                                                   || r == ROLE_PROSECUTOR);
        assert_int_equal(access_may_work_cases(&a), r == ROLE_CARE_COORDINATOR || chain);
        assert_int_equal(access_may_coordinate_concerns(&a),
                         r == ROLE_CARE_COORDINATOR || r == ROLE_ADMINISTRATOR);
    }
    /* The operator administers and audits but reads no personal data. */
    actor sys;
    access_system_actor(&sys);
    assert_true(sys.system);
    assert_string_equal(sys.client, "cli");
    assert_true(access_may_administer(&sys));
    assert_true(access_may_audit(&sys));
    assert_false(access_may_read_persons(&sys));
    assert_false(access_may_record_persons(&sys));
    assert_false(access_may_record_signals(&sys));
    assert_false(access_may_register_concerns(&sys));
    assert_false(access_may_coordinate_concerns(&sys));
    assert_int_equal(access_signal_observer_scope(&sys), 0);
}

/* Organisations: 0 school, 1 police, 2 prosecution.  Users: 0 mentor,
 * 1 care coordinator, 2 second mentor (school); 3 police officer; 4
 * prosecutor; 5 auditor (school). */
typedef struct world {
    org_row org[3];
    user_row user[6];
    person_row person[3];
    signal_row *signal; /* [2] */
    actor who[6];
} world;

static int world_job(store_tx *tx, void *arg)
{
    world *w = arg;
    static const char *const org_types[] = {"school", "police", "prosecution"};
    static const char *const roles[] = {"mentor",         "care-coordinator", "mentor",
                                        "police-officer", "prosecutor",       "auditor"};
    static const role role_ids[] = {ROLE_MENTOR,         ROLE_CARE_COORDINATOR, ROLE_MENTOR,
                                    ROLE_POLICE_OFFICER, ROLE_PROSECUTOR,       ROLE_AUDITOR};
    static const int user_org[] = {0, 0, 0, 1, 2, 0};
    static unsigned char enc[] = "ciphertext";
    char now[CLOCK_ISO_LEN];
    clock_format_iso(clock_now_ms(), now);
    int rc = SG_OK;
    for (int i = 0; i < 3 && rc == SG_OK; i++) {
        org_row *o = &w->org[i];
        make_pid(o->public_id, 0xa, i);
        snprintf(o->name, sizeof o->name, "Org %d", i);
        text_copy(o->type, sizeof o->type, org_types[i]);
        text_copy(o->created_at, sizeof o->created_at, now);
        rc = store_org_insert(tx, o);
    }
    for (int i = 0; i < 6 && rc == SG_OK; i++) {
        user_row *u = &w->user[i];
        make_pid(u->public_id, 0xb, i);
        u->org_id = w->org[user_org[i]].id;
        snprintf(u->login, sizeof u->login, "user%d", i);
        text_copy(u->role, sizeof u->role, roles[i]);
        text_copy(u->password_hash, sizeof u->password_hash, "x");
        text_copy(u->created_at, sizeof u->created_at, now);
        rc = store_user_insert(tx, u);
        actor *a = &w->who[i];
        a->user_id = u->id;
        text_copy(a->user_pid, sizeof a->user_pid, u->public_id);
        a->role = role_ids[i];
        a->org_id = u->org_id;
        text_copy(a->org_pid, sizeof a->org_pid, w->org[user_org[i]].public_id);
    }
    catalogue_version_row cv = {.published_by = 0};
    text_copy(cv.published_at, sizeof cv.published_at, now);
    if (rc == SG_OK)
        rc = store_catalogue_insert_version(tx, &cv);
    /* Person 0 by the mentor, person 1 by the coordinator, person 2 by the
     * police officer. */
    static const int creator[] = {0, 1, 3};
    for (int i = 0; i < 3 && rc == SG_OK; i++) {
        person_row *p = &w->person[i];
        make_pid(p->public_id, 0xd, i);
        p->birth_year = 2011;
        p->birth_month = 3;
        text_copy(p->gender, sizeof p->gender, "x");
        text_copy(p->municipality, sizeof p->municipality, "Zwolle");
        p->name_enc = enc;
        p->name_enc_len = sizeof enc;
        p->birth_date_enc = enc;
        p->birth_date_enc_len = sizeof enc;
        p->created_by_user = w->user[creator[i]].id;
        p->created_by_org = w->user[creator[i]].org_id;
        text_copy(p->created_at, sizeof p->created_at, now);
        rc = store_person_insert(tx, p);
        if (rc == SG_OK)
            rc = store_person_grant(tx, p->id, p->created_by_org, "recorded");
    }
    /* Signal 0: the second mentor about person 1; signal 1: the police
     * officer about person 2. */
    static const int observer[] = {2, 3}, about[] = {1, 2};
    for (int i = 0; i < 2 && rc == SG_OK; i++) {
        signal_row *s = &w->signal[i];
        make_pid(s->public_id, 0xe, i);
        s->person_id = w->person[about[i]].id;
        s->observer_id = w->user[observer[i]].id;
        s->org_id = w->user[observer[i]].org_id;
        text_copy(s->observed_on, sizeof s->observed_on, "2024-03-01");
        text_copy(s->setting, sizeof s->setting, "school");
        s->observation_enc = enc;
        s->observation_enc_len = sizeof enc;
        s->catalogue_version = cv.version;
        text_copy(s->created_at, sizeof s->created_at, now);
        rc = store_signal_insert(tx, s);
    }
    return rc;
}

static int share_job(store_tx *tx, void *arg)
{
    world *w = arg;
    int rc = store_person_grant(tx, w->person[2].id, w->org[0].id, "referral");
    if (rc == SG_OK)
        rc = store_signal_grant(tx, w->signal[0].id, w->org[1].id, "referral");
    return rc;
}

static void expect_person(store_tx *tx, const world *w, int who, int person, int want)
{
    int rc = access_check_person(tx, &w->who[who], &w->person[person]);
    if (rc != want)
        fail_msg("user %d, person %d: %s, want %s", who, person, sg_status_str(rc),
                 sg_status_str(want));
}

static void expect_signal(store_tx *tx, const world *w, int who, int signal, int want)
{
    int rc = access_check_signal(tx, &w->who[who], &w->signal[signal]);
    if (rc != want)
        fail_msg("user %d, signal %d: %s, want %s", who, signal, sg_status_str(rc),
                 sg_status_str(want));
}

static int before_share_job(store_tx *tx, void *arg)
{
    const world *w = arg;
    /* The coordinator sees every person of the school, not the police's. */
    expect_person(tx, w, 1, 0, SG_OK);
    expect_person(tx, w, 1, 1, SG_OK);
    expect_person(tx, w, 1, 2, SG_ENOTFOUND);
    /* A mentor sees only what they created or recorded about. */
    expect_person(tx, w, 0, 0, SG_OK);
    expect_person(tx, w, 0, 1, SG_ENOTFOUND);
    expect_person(tx, w, 0, 2, SG_ENOTFOUND);
    expect_person(tx, w, 2, 1, SG_OK);
    expect_person(tx, w, 2, 0, SG_ENOTFOUND);
    /* The police officer sees the police's person only. */
    expect_person(tx, w, 3, 2, SG_OK);
    expect_person(tx, w, 3, 0, SG_ENOTFOUND);
    /* The prosecution is party to nobody yet. */
    expect_person(tx, w, 4, 2, SG_ENOTFOUND);
    /* The auditor reads no personal data, whatever the organisation. */
    expect_person(tx, w, 5, 0, SG_EFORBIDDEN);
    expect_person(tx, w, 5, 2, SG_EFORBIDDEN);

    expect_signal(tx, w, 2, 0, SG_OK);        /* the recording mentor */
    expect_signal(tx, w, 0, 0, SG_ENOTFOUND); /* another mentor of the school */
    expect_signal(tx, w, 1, 0, SG_OK);        /* the coordinator */
    expect_signal(tx, w, 3, 0, SG_ENOTFOUND); /* the police */
    expect_signal(tx, w, 3, 1, SG_OK);
    expect_signal(tx, w, 1, 1, SG_ENOTFOUND);
    expect_signal(tx, w, 5, 0, SG_EFORBIDDEN);
    expect_signal(tx, w, 5, 1, SG_EFORBIDDEN);
    return SG_OK;
}

static int after_share_job(store_tx *tx, void *arg)
{
    const world *w = arg;
    /* Person 2 shared with the school: the coordinator sees it, a mentor
     * still does not; signal 0 shared with the police. */
    expect_person(tx, w, 1, 2, SG_OK);
    expect_person(tx, w, 0, 2, SG_ENOTFOUND);
    expect_signal(tx, w, 3, 0, SG_OK);
    expect_signal(tx, w, 4, 0, SG_ENOTFOUND);
    expect_person(tx, w, 5, 2, SG_EFORBIDDEN);

    /* The operator and the other non-casework roles read no personal data. */
    actor a;
    access_system_actor(&a);
    assert_int_equal(access_check_person(tx, &a, &w->person[0]), SG_EFORBIDDEN);
    assert_int_equal(access_check_signal(tx, &a, &w->signal[0]), SG_EFORBIDDEN);
    a = w->who[1];
    a.role = ROLE_ADMINISTRATOR;
    assert_int_equal(access_check_person(tx, &a, &w->person[0]), SG_EFORBIDDEN);
    a.role = ROLE_ANALYST;
    assert_int_equal(access_check_signal(tx, &a, &w->signal[0]), SG_EFORBIDDEN);
    return SG_OK;
}

static void test_access_checks(void **state)
{
    (void)state;
    store *s = open_db("access.db");
    world *w = calloc(1, sizeof *w);
    w->signal = calloc(2, sizeof *w->signal);
    assert_int_equal(store_write(s, world_job, w), SG_OK);
    assert_int_equal(store_read(s, before_share_job, w), SG_OK);
    assert_int_equal(store_write(s, share_job, w), SG_OK);
    assert_int_equal(store_read(s, after_share_job, w), SG_OK);
    free(w->signal);
    free(w);
    store_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_chain_intact),
        cmocka_unit_test(test_chain_tampered),
        cmocka_unit_test(test_chain_truncated),
        cmocka_unit_test(test_truncation_with_rewritten_head),
        cmocka_unit_test(test_checkpoints),
        cmocka_unit_test(test_anchor_torn_tail),
        cmocka_unit_test(test_access_may),
        cmocka_unit_test(test_access_checks),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
