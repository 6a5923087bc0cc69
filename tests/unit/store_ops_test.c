/* Unit tests for store/ops.c: the list of encrypted columns against the
 * schema, scanning and replacing ciphertexts by key, the field-key
 * registry, a rotation's progress and store_sync.  On SQLite, and on
 * PostgreSQL with SIGNAAL_TEST_PG_URL (make test-pg). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "store/ops.h"
#include "store_fixture.h"

typedef struct check_ctx {
    char why[300];
} check_ctx;

static int check_job(store_tx *tx, void *arg)
{
    check_ctx *cc = arg;
    return store_enc_columns_check(tx, cc->why, sizeof cc->why);
}

/* Every `*_enc` column of the schema is in the list, and a new one that is
 * not stops a rotation, naming it. */
static void test_columns_match_schema(void **state)
{
    (void)state;
    store *s = open_db("columns.db");
    check_ctx cc;
    int rc = store_read(s, check_job, &cc);
    if (rc != SG_OK)
        fail_msg("%s", cc.why);
    int n = 0;
    const enc_column *cols = store_enc_columns(&n);
    assert_true(n >= 29);
    for (int i = 0; i < n; i++) {
        /* What the ciphertexts are bound to: "<table>.<column without _enc>". */
        char want[128];
        snprintf(want, sizeof want, "%s.%.*s", cols[i].table, (int)(strlen(cols[i].column) - 4),
                 cols[i].column);
        assert_string_equal(cols[i].bound_to, want);
    }
    store_close(s);
    assert_true(db_exec("columns.db", pg_admin_url
                                          ? "ALTER TABLE persons ADD COLUMN nickname_enc BYTEA"
                                          : "ALTER TABLE persons ADD COLUMN nickname_enc BLOB"));
    s = open_db("columns.db");
    assert_int_equal(store_read(s, check_job, &cc), SG_ECONFLICT);
    assert_non_null(strstr(cc.why, "persons.nickname_enc"));
    store_close(s);
}

typedef struct scan_ctx {
    const enc_column *col;
    int key;
    int64_t after;
    enc_value rows[8];
    int n;
    int64_t left;
    bool replaced;
    unsigned char fresh[48];
} scan_ctx;

static int scan_job(store_tx *tx, void *arg)
{
    scan_ctx *sc = arg;
    int rc = store_enc_scan(tx, sc->col, sc->key, sc->after, sc->rows, 8, &sc->n);
    if (rc == SG_OK)
        rc = store_enc_count_other(tx, sc->col, sc->key, &sc->left);
    return rc;
}

static int replace_job(store_tx *tx, void *arg)
{
    scan_ctx *sc = arg;
    return store_enc_replace(tx, sc->col, sc->rows[0].id, &sc->rows[0], sc->fresh, sizeof sc->fresh,
                             &sc->replaced);
}

static int totp_job(store_tx *tx, void *arg)
{
    people *p = arg;
    for (int i = 0; i < 6; i++) {
        unsigned char enc[48];
        memset(enc, 0x5a, sizeof enc);
        enc[0] = i < 4 ? 1 : 2; /* four under key 1, two under key 2 */
        W(store_user_set_totp(tx, p->user[i].id, enc, sizeof enc, false) == SG_OK);
    }
    return SG_OK;
}

static const enc_column *column(const char *table, const char *name)
{
    int n = 0;
    const enc_column *cols = store_enc_columns(&n);
    for (int i = 0; i < n; i++)
        if (strcmp(cols[i].table, table) == 0 && strcmp(cols[i].column, name) == 0)
            return &cols[i];
    fail_msg("no column %s.%s", table, name);
    return NULL;
}

/* Values are found by the key that made them, replaced only while they
 * are what was read, and counted. */
static void test_scan_and_replace(void **state)
{
    (void)state;
    store *s = open_db("scan.db");
    people p;
    write_ok(s, people_job, &p);
    write_ok(s, totp_job, &p);
    scan_ctx sc = {.col = column("users", "totp_secret_enc"), .key = 2};
    assert_int_equal(store_read(s, scan_job, &sc), SG_OK);
    assert_int_equal(sc.n, 4);
    assert_int_equal(sc.left, 4);
    for (int i = 0; i < sc.n; i++) {
        assert_int_equal(sc.rows[i].id, p.user[i].id);
        assert_string_equal(sc.rows[i].bound_id, p.user[i].public_id);
        assert_int_equal(sc.rows[i].len, 48);
        assert_int_equal(sc.rows[i].value[0], 1);
    }
    /* Replaced while it is what was read; not when it changed meanwhile. */
    memset(sc.fresh, 0x33, sizeof sc.fresh);
    sc.fresh[0] = 2;
    write_ok(s, replace_job, &sc);
    assert_true(sc.replaced);
    write_ok(s, replace_job, &sc);
    assert_false(sc.replaced);
    for (int i = 0; i < sc.n; i++)
        store_enc_value_clear(&sc.rows[i]);
    /* After a row, by id: the cursor a rotation carries on from. */
    sc.after = p.user[1].id;
    assert_int_equal(store_read(s, scan_job, &sc), SG_OK);
    assert_int_equal(sc.n, 2);
    assert_int_equal(sc.left, 3);
    assert_int_equal(sc.rows[0].id, p.user[2].id);
    for (int i = 0; i < sc.n; i++)
        store_enc_value_clear(&sc.rows[i]);
    /* Every column's statements run on this database (most are empty). */
    int n = 0;
    const enc_column *cols = store_enc_columns(&n);
    for (int i = 0; i < n; i++) {
        scan_ctx any = {.col = &cols[i], .key = 7};
        if (store_read(s, scan_job, &any) != SG_OK)
            fail_msg("scanning %s.%s fails", cols[i].table, cols[i].column);
        for (int k = 0; k < any.n; k++)
            store_enc_value_clear(&any.rows[k]);
    }
    store_close(s);
}

typedef struct registry_ctx {
    field_key_row rows[4];
    int n;
    rekey_progress_row progress;
    int progress_rc;
} registry_ctx;

static int put_job(store_tx *tx, void *arg)
{
    (void)arg;
    field_key_row r = {.key_id = 2, .fingerprint = "ab", .state = "pending"};
    now_iso(r.created_at);
    W(store_field_key_put(tx, &r) == SG_OK);
    r.key_id = 1;
    text_copy(r.state, sizeof r.state, "active");
    W(store_field_key_put(tx, &r) == SG_OK);
    /* The second put of an id updates it. */
    r.key_id = 2;
    text_copy(r.state, sizeof r.state, "active");
    text_copy(r.activated_at, sizeof r.activated_at, "2026-01-01T00:00:00.000Z");
    W(store_field_key_put(tx, &r) == SG_OK);
    rekey_progress_row pr = {.target_key = 2,
                             .table_name = "persons",
                             .column_name = "name_enc",
                             .after_id = 17,
                             .rewritten = 40};
    now_iso(pr.started_at);
    now_iso(pr.updated_at);
    return store_rekey_progress_put(tx, &pr);
}

static int list_job(store_tx *tx, void *arg)
{
    registry_ctx *rc = arg;
    int st = store_field_keys_list(tx, rc->rows, 4, &rc->n);
    if (st == SG_OK)
        rc->progress_rc = store_rekey_progress_get(tx, &rc->progress);
    return st;
}

static int clear_job(store_tx *tx, void *arg)
{
    (void)arg;
    return store_rekey_progress_clear(tx);
}

static void test_registry_and_progress(void **state)
{
    (void)state;
    store *s = open_db("registry.db");
    registry_ctx rc;
    assert_int_equal(store_read(s, list_job, &rc), SG_OK);
    assert_int_equal(rc.n, 0);
    assert_int_equal(rc.progress_rc, SG_ENOTFOUND);
    write_ok(s, put_job, NULL);
    assert_int_equal(store_read(s, list_job, &rc), SG_OK);
    assert_int_equal(rc.n, 2);
    assert_int_equal(rc.rows[0].key_id, 1);
    assert_int_equal(rc.rows[1].key_id, 2);
    assert_string_equal(rc.rows[1].state, "active");
    assert_string_equal(rc.rows[1].activated_at, "2026-01-01T00:00:00.000Z");
    assert_int_equal(rc.progress_rc, SG_OK);
    assert_string_equal(rc.progress.table_name, "persons");
    assert_int_equal(rc.progress.after_id, 17);
    assert_int_equal(rc.progress.rewritten, 40);
    write_ok(s, clear_job, NULL);
    assert_int_equal(store_read(s, list_job, &rc), SG_OK);
    assert_int_equal(rc.progress_rc, SG_ENOTFOUND);
    /* store_sync: a durable write of its own row. */
    assert_int_equal(store_sync(s), SG_OK);
    assert_int_equal(store_sync(s), SG_OK);
    store_close(s);
    assert_int_equal(db_int("registry.db", "SELECT n FROM store_sync WHERE id = 1"), 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_columns_match_schema),
        cmocka_unit_test(test_scan_and_replace),
        cmocka_unit_test(test_registry_and_progress),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
