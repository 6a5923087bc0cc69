/* Unit tests for security/vault: field encryption, key file, keyed hashes. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "base/mem.h"
#include "base/text.h"
#include "security/vault.h"

static char tmp_dir[] = "/tmp/signaal-vault-XXXXXX";

static const unsigned char key_a[VAULT_KEY_BYTES] = {
    0,  1,  2,  3,  4,  5,  6,  7,  8,  9,  10, 11, 12, 13, 14, 15,
    16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31,
};
static const unsigned char key_b[VAULT_KEY_BYTES] = {
    31, 30, 29, 28, 27, 26, 25, 24, 23, 22, 21, 20, 19, 18, 17, 16,
    15, 14, 13, 12, 11, 10, 9,  8,  7,  6,  5,  4,  3,  2,  1,  0,
};

static const char name_text[] = "Jan de Vries";
static const char name_ad[] = "persons.name:3f0c1a2b-0000-4000-8000-000000000001";

/* Returns a path inside the test directory in a static buffer. */
static const char *tmp_path(const char *name)
{
    static char path[sizeof tmp_dir + 64];
    snprintf(path, sizeof path, "%s/%.60s", tmp_dir, name);
    return path;
}

static void write_file(const char *path, const char *content, size_t len, mode_t mode)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, content, len), (ssize_t)len);
    assert_int_equal(close(fd), 0);
    assert_int_equal(chmod(path, mode), 0);
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
    for (struct dirent *e = readdir(d); e; e = readdir(d)) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        const char *p = tmp_path(e->d_name);
        if (unlink(p) != 0)
            (void)rmdir(p);
    }
    closedir(d);
    return rmdir(tmp_dir);
}

static vault *new_vault(const unsigned char key[VAULT_KEY_BYTES])
{
    vault *v = NULL;
    assert_int_equal(vault_from_key(key, &v), SG_OK);
    assert_non_null(v);
    return v;
}

static void seal_text(const vault *v, const char *ad, const char *text, unsigned char **sealed,
                      size_t *len)
{
    assert_int_equal(vault_seal(v, ad, text, strlen(text), sealed, len), SG_OK);
    assert_int_equal(*len, strlen(text) + VAULT_OVERHEAD);
}

static void test_seal_round_trip(void **state)
{
    (void)state;
    vault *v = new_vault(key_a);
    unsigned char *sealed = NULL;
    size_t len = 0;
    char *plain = NULL;
    seal_text(v, name_ad, name_text, &sealed, &len);
    assert_int_equal(sealed[0], 1);
    assert_int_equal(vault_open_text(v, name_ad, sealed, len, &plain), SG_OK);
    assert_string_equal(plain, name_text);
    sg_free(plain);
    sg_free(sealed);

    /* The empty text is a value like any other. */
    seal_text(v, name_ad, "", &sealed, &len);
    assert_int_equal(vault_open_text(v, name_ad, sealed, len, &plain), SG_OK);
    assert_string_equal(plain, "");
    sg_free(plain);
    sg_free(sealed);
    vault_free(v);
}

static bool contains(const unsigned char *hay, size_t n, const char *needle)
{
    size_t m = strlen(needle);
    for (size_t i = 0; m <= n && i <= n - m; i++)
        if (memcmp(hay + i, needle, m) == 0)
            return true;
    return false;
}

/* A field's ciphertext is bound to "<table>.<column>:<public id>". */
static void test_field_binding(void **state)
{
    (void)state;
    vault *v = new_vault(key_a);
    unsigned char *sealed = NULL;
    size_t len = 0;
    char *plain = NULL;
    assert_int_equal(vault_seal_field(v, "persons.name", "3f0c1a2b-0000-4000-8000-000000000001",
                                      name_text, &sealed, &len),
                     SG_OK);
    assert_int_equal(vault_open_text(v, name_ad, sealed, len, &plain), SG_OK);
    assert_string_equal(plain, name_text);
    sg_free(plain);
    assert_int_equal(vault_open_field(v, "persons.name", "3f0c1a2b-0000-4000-8000-000000000001",
                                      sealed, len, &plain),
                     SG_OK);
    assert_string_equal(plain, name_text);
    sg_free(plain);
    assert_int_equal(vault_open_field(v, "persons.bsn", "3f0c1a2b-0000-4000-8000-000000000001",
                                      sealed, len, &plain),
                     SG_ECRYPTO);
    assert_null(plain);
    sg_free(sealed);
    vault_free(v);
}

static void test_ciphertext_hides_plaintext(void **state)
{
    (void)state;
    vault *v = new_vault(key_a);
    unsigned char *one = NULL, *two = NULL;
    size_t len1 = 0, len2 = 0;
    seal_text(v, name_ad, name_text, &one, &len1);
    seal_text(v, name_ad, name_text, &two, &len2);
    assert_false(contains(one, len1, name_text));
    assert_false(contains(one, len1, "Vries"));
    /* A fresh nonce each time: equal texts do not give equal ciphertexts. */
    assert_int_equal(len1, len2);
    assert_memory_not_equal(one, two, len1);
    sg_free(one);
    sg_free(two);
    vault_free(v);
}

static void test_changed_byte_fails(void **state)
{
    (void)state;
    vault *v = new_vault(key_a);
    unsigned char *sealed = NULL;
    size_t len = 0;
    seal_text(v, name_ad, name_text, &sealed, &len);
    for (size_t i = 0; i < len; i++) {
        char *plain = (char *)"unchanged";
        sealed[i] ^= 0x01;
        assert_int_equal(vault_open_text(v, name_ad, sealed, len, &plain), SG_ECRYPTO);
        assert_null(plain);
        sealed[i] ^= 0x01;
    }
    sg_free(sealed);
    vault_free(v);
}

static void test_other_ad_fails(void **state)
{
    (void)state;
    vault *v = new_vault(key_a);
    unsigned char *sealed = NULL;
    size_t len = 0;
    char *plain = NULL;
    seal_text(v, name_ad, name_text, &sealed, &len);
    /* Moved to another row, another column, or bound to nothing. */
    const char *others[] = {
        "persons.name:3f0c1a2b-0000-4000-8000-000000000002",
        "persons.bsn:3f0c1a2b-0000-4000-8000-000000000001",
        "",
    };
    for (size_t i = 0; i < sizeof others / sizeof others[0]; i++) {
        assert_int_equal(vault_open_text(v, others[i], sealed, len, &plain), SG_ECRYPTO);
        assert_null(plain);
    }
    sg_free(sealed);
    vault_free(v);
}

static void test_other_key_fails(void **state)
{
    (void)state;
    vault *a = new_vault(key_a);
    vault *b = new_vault(key_b);
    unsigned char *sealed = NULL;
    size_t len = 0;
    char *plain = NULL;
    seal_text(a, name_ad, name_text, &sealed, &len);
    assert_int_equal(vault_open_text(b, name_ad, sealed, len, &plain), SG_ECRYPTO);
    assert_null(plain);
    sg_free(sealed);
    vault_free(a);
    vault_free(b);
}

static void test_bad_layout_fails(void **state)
{
    (void)state;
    vault *v = new_vault(key_a);
    unsigned char *sealed = NULL;
    size_t len = 0;
    char *plain = NULL;
    seal_text(v, name_ad, "", &sealed, &len);
    assert_int_equal(vault_open_text(v, name_ad, sealed, len - 1, &plain), SG_ECRYPTO);
    assert_int_equal(vault_open_text(v, name_ad, sealed, 0, &plain), SG_ECRYPTO);
    sealed[0] = 2;
    assert_int_equal(vault_open_text(v, name_ad, sealed, len, &plain), SG_ECRYPTO);
    assert_null(plain);
    sg_free(sealed);

    /* Valid ciphertext, but the plaintext is not text. */
    assert_int_equal(vault_seal(v, name_ad, "a\0b", 3, &sealed, &len), SG_OK);
    assert_int_equal(vault_open_text(v, name_ad, sealed, len, &plain), SG_ECRYPTO);
    assert_null(plain);
    sg_free(sealed);
    vault_free(v);
}

/* Pins the ciphertext layout and the key derivation: stored data must stay
 * readable, so a change here is a data migration, not a refactoring. */
static void test_layout_is_pinned(void **state)
{
    (void)state;
    vault *v = new_vault(key_a);
    unsigned char *sealed = NULL;
    size_t len = 0;
    unsigned char subkey[32];
    unsigned char plain[sizeof name_text];
    unsigned long long plain_len = 0;
    seal_text(v, name_ad, name_text, &sealed, &len);
    assert_int_equal(
        crypto_kdf_derive_from_key(subkey, sizeof subkey, VAULT_FIELDS, "sgvault1", key_a), 0);
    assert_int_equal(crypto_aead_xchacha20poly1305_ietf_decrypt(
                         plain, &plain_len, NULL, sealed + 25, len - 25,
                         (const unsigned char *)name_ad, strlen(name_ad), sealed + 1, subkey),
                     0);
    assert_int_equal(plain_len, strlen(name_text));
    assert_memory_equal(plain, name_text, plain_len);

    char expected[VAULT_HASH_HEX], got[VAULT_HASH_HEX];
    unsigned char digest[32];
    assert_int_equal(
        crypto_kdf_derive_from_key(subkey, sizeof subkey, VAULT_PSEUDONYM, "sgvault1", key_a), 0);
    assert_int_equal(crypto_generichash(digest, sizeof digest, (const unsigned char *)"123456782",
                                        9, subkey, sizeof subkey),
                     0);
    text_hex(digest, sizeof digest, expected);
    vault_hash(v, VAULT_PSEUDONYM, "123456782", 9, got);
    assert_string_equal(got, expected);

    /* The hasher feeds an 8-byte little-endian length before each part. */
    unsigned char framed[8 + 2] = {2, 0, 0, 0, 0, 0, 0, 0, 'h', 'i'};
    assert_int_equal(
        crypto_kdf_derive_from_key(subkey, sizeof subkey, VAULT_AUDIT, "sgvault1", key_a), 0);
    assert_int_equal(
        crypto_generichash(digest, sizeof digest, framed, sizeof framed, subkey, sizeof subkey), 0);
    text_hex(digest, sizeof digest, expected);
    vault_hasher *h = NULL;
    assert_int_equal(vault_hasher_new(v, VAULT_AUDIT, &h), SG_OK);
    vault_hasher_add(h, "hi");
    vault_hasher_finish(h, got);
    assert_string_equal(got, expected);
    sg_free(sealed);
    vault_free(v);
}

static void test_hash(void **state)
{
    (void)state;
    vault *a = new_vault(key_a);
    vault *a2 = new_vault(key_a);
    vault *b = new_vault(key_b);
    char h1[VAULT_HASH_HEX], h2[VAULT_HASH_HEX], h3[VAULT_HASH_HEX], h4[VAULT_HASH_HEX];
    vault_hash(a, VAULT_PSEUDONYM, "123456782", 9, h1);
    vault_hash(a2, VAULT_PSEUDONYM, "123456782", 9, h2);
    vault_hash(a, VAULT_TOKENS, "123456782", 9, h3);
    vault_hash(b, VAULT_PSEUDONYM, "123456782", 9, h4);
    assert_int_equal(strlen(h1), 64);
    assert_string_equal(h1, h2);
    assert_string_not_equal(h1, h3);
    assert_string_not_equal(h1, h4);
    vault_hash(a, VAULT_PSEUDONYM, "123456783", 9, h2);
    assert_string_not_equal(h1, h2);
    vault_free(a);
    vault_free(a2);
    vault_free(b);
}

static void hash_parts(const vault *v, const char *p1, const char *p2, char out[VAULT_HASH_HEX])
{
    vault_hasher *h = NULL;
    assert_int_equal(vault_hasher_new(v, VAULT_AUDIT, &h), SG_OK);
    vault_hasher_add(h, p1);
    vault_hasher_add(h, p2);
    vault_hasher_finish(h, out);
}

static void test_hasher_prefixes_lengths(void **state)
{
    (void)state;
    vault *v = new_vault(key_a);
    char ab_c[VAULT_HASH_HEX], a_bc[VAULT_HASH_HEX], again[VAULT_HASH_HEX];
    hash_parts(v, "ab", "c", ab_c);
    hash_parts(v, "a", "bc", a_bc);
    hash_parts(v, "ab", "c", again);
    assert_string_not_equal(ab_c, a_bc);
    assert_string_equal(ab_c, again);

    /* An integer part is its decimal text. */
    vault_hasher *h = NULL;
    char as_int[VAULT_HASH_HEX], as_text[VAULT_HASH_HEX];
    assert_int_equal(vault_hasher_new(v, VAULT_AUDIT, &h), SG_OK);
    vault_hasher_add_int(h, -42);
    vault_hasher_add_int(h, 9223372036854775807LL);
    vault_hasher_finish(h, as_int);
    hash_parts(v, "-42", "9223372036854775807", as_text);
    assert_string_equal(as_int, as_text);
    vault_free(v);
}

static void test_key_path(void **state)
{
    (void)state;
    char path[64];
    assert_int_equal(unsetenv("SIGNAAL_KEY_FILE"), 0);
    assert_int_equal(vault_key_path("/var/lib/signaal/db.sqlite", path, sizeof path), SG_OK);
    assert_string_equal(path, "/var/lib/signaal/db.sqlite.key");
    assert_int_equal(vault_key_path("/var/lib/signaal/db.sqlite", path, 20), SG_ETOOBIG);
    assert_int_equal(setenv("SIGNAAL_KEY_FILE", "", 1), 0);
    assert_int_equal(vault_key_path("db", path, sizeof path), SG_OK);
    assert_string_equal(path, "db.key");
    assert_int_equal(setenv("SIGNAAL_KEY_FILE", "/etc/signaal/master.key", 1), 0);
    assert_int_equal(vault_key_path("db", path, sizeof path), SG_OK);
    assert_string_equal(path, "/etc/signaal/master.key");
    assert_int_equal(unsetenv("SIGNAAL_KEY_FILE"), 0);
}

static void test_key_file_created_and_reloaded(void **state)
{
    (void)state;
    const char *path = tmp_path("created.key");
    vault *first = NULL, *second = NULL, *third = NULL;
    const char *detail = NULL;
    struct stat st;
    assert_int_equal(vault_open(path, true, &first, &detail), SG_OK);
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    assert_int_equal(st.st_size, 65);

    char content[80] = {0};
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    assert_int_equal(fread(content, 1, sizeof content - 1, f), 65);
    fclose(f);
    for (int i = 0; i < 64; i++)
        assert_non_null(strchr("0123456789abcdef", content[i]));
    assert_int_equal(content[64], '\n');

    /* Loading again, with or without create, uses the same key. */
    assert_int_equal(vault_open(path, false, &second, &detail), SG_OK);
    assert_int_equal(vault_open(path, true, &third, &detail), SG_OK);
    char h1[VAULT_HASH_HEX], h2[VAULT_HASH_HEX], h3[VAULT_HASH_HEX];
    vault_hash(first, VAULT_TOKENS, "x", 1, h1);
    vault_hash(second, VAULT_TOKENS, "x", 1, h2);
    vault_hash(third, VAULT_TOKENS, "x", 1, h3);
    assert_string_equal(h1, h2);
    assert_string_equal(h1, h3);
    unsigned char *sealed = NULL;
    size_t len = 0;
    char *plain = NULL;
    seal_text(first, name_ad, name_text, &sealed, &len);
    assert_int_equal(vault_open_text(second, name_ad, sealed, len, &plain), SG_OK);
    assert_string_equal(plain, name_text);

    char after[80] = {0};
    f = fopen(path, "r");
    assert_non_null(f);
    assert_int_equal(fread(after, 1, sizeof after - 1, f), 65);
    fclose(f);
    assert_string_equal(after, content);

    /* Two created key files hold different keys. */
    vault *other = NULL;
    char h4[VAULT_HASH_HEX];
    assert_int_equal(vault_open(tmp_path("other.key"), true, &other, &detail), SG_OK);
    vault_hash(other, VAULT_TOKENS, "x", 1, h4);
    assert_string_not_equal(h1, h4);

    sg_free(plain);
    sg_free(sealed);
    vault_free(first);
    vault_free(second);
    vault_free(third);
    vault_free(other);
}

static const char valid_key_text[] =
    "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\n";

static void test_key_file_loads_given_key(void **state)
{
    (void)state;
    const char *path = tmp_path("given.key");
    vault *from_file = NULL;
    vault *from_memory = new_vault(key_a);
    const char *detail = NULL;
    write_file(path, valid_key_text, strlen(valid_key_text), 0600);
    assert_int_equal(vault_open(path, false, &from_file, &detail), SG_OK);
    char h1[VAULT_HASH_HEX], h2[VAULT_HASH_HEX];
    vault_hash(from_file, VAULT_PSEUDONYM, "x", 1, h1);
    vault_hash(from_memory, VAULT_PSEUDONYM, "x", 1, h2);
    assert_string_equal(h1, h2);
    vault_free(from_file);
    vault_free(from_memory);
}

static void test_key_file_open_to_others_refused(void **state)
{
    (void)state;
    const mode_t modes[] = {0644, 0640, 0604, 0620, 0602, 0660};
    const char *path = tmp_path("open.key");
    for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++) {
        vault *v = (vault *)&v;
        const char *detail = NULL;
        write_file(path, valid_key_text, strlen(valid_key_text), modes[i]);
        assert_int_equal(vault_open(path, false, &v, &detail), SG_ECRYPTO);
        assert_null(v);
        assert_non_null(detail);
        assert_non_null(strstr(detail, "others"));
        assert_int_equal(vault_open(path, true, &v, NULL), SG_ECRYPTO);
        assert_null(v);
    }
    /* The owner may lose write permission; only the others count. */
    vault *v = NULL;
    const char *detail = NULL;
    write_file(path, valid_key_text, strlen(valid_key_text), 0400);
    assert_int_equal(vault_open(path, false, &v, &detail), SG_OK);
    vault_free(v);
}

static void test_malformed_key_file_refused(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "",
        "\n",
        "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
        "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\n\n",
        "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\r\n",
        "000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F\n",
        "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1\n",
        "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1g\n",
        " 00102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\n",
        "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f0\n",
        "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f0",
        "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f ",
        "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f00\n",
    };
    const char *path = tmp_path("bad.key");
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        vault *v = NULL;
        const char *detail = NULL;
        write_file(path, bad[i], strlen(bad[i]), 0600);
        assert_int_equal(vault_open(path, false, &v, &detail), SG_ECRYPTO);
        assert_null(v);
        assert_non_null(detail);
        /* create never replaces an existing file, however broken. */
        assert_int_equal(vault_open(path, true, &v, &detail), SG_ECRYPTO);
        assert_null(v);
    }
    /* A directory is not a key file. */
    vault *v = NULL;
    const char *detail = NULL;
    assert_int_equal(mkdir(tmp_path("dir.key"), 0700), 0);
    assert_int_equal(vault_open(tmp_path("dir.key"), false, &v, &detail), SG_ECRYPTO);
    assert_non_null(detail);
    assert_null(v);
}

static void test_missing_key_file(void **state)
{
    (void)state;
    vault *v = NULL;
    const char *detail = NULL;
    const char *path = tmp_path("missing.key");
    assert_int_equal(vault_open(path, false, &v, &detail), SG_EIO);
    assert_string_equal(detail, "key file not found");
    assert_null(v);
    assert_int_equal(vault_open(path, false, &v, NULL), SG_EIO);
    assert_int_equal(access(path, F_OK), -1);
    /* Nor is a key file created where its directory does not exist. */
    assert_int_not_equal(vault_open(tmp_path("nodir/x.key"), true, &v, &detail), SG_OK);
    assert_non_null(detail);
    assert_null(v);
}

static const char field2_line[] =
    "field 2 202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f\n";

/* Reads a file into a static buffer. */
static const char *file_text(const char *path)
{
    static char text[4096];
    memset(text, 0, sizeof text);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    size_t n = fread(text, 1, sizeof text - 1, f);
    (void)n;
    fclose(f);
    return text;
}

/* Field keys: a key file with a second key; which key seals, which open;
 * retired keys refused; a key added by another process met by a vault
 * that read the file before; keys taken out again. */
static void test_field_keys(void **state)
{
    (void)state;
    const char *path = tmp_path("ring.key");
    char text[300];
    snprintf(text, sizeof text, "%s%s", valid_key_text, field2_line);
    write_file(path, text, strlen(text), 0600);
    vault *v = NULL, *other = NULL;
    const char *detail = NULL;
    assert_int_equal(vault_open(path, false, &v, &detail), SG_OK);
    assert_int_equal(vault_open(path, false, &other, &detail), SG_OK);
    int ids[8];
    assert_int_equal(vault_field_ids(v, ids, 8), 2);
    assert_int_equal(ids[0], 1);
    assert_int_equal(ids[1], 2);
    /* The master key's other subkeys are those of the key alone. */
    vault *plain_vault = new_vault(key_a);
    char h1[VAULT_HASH_HEX], h2[VAULT_HASH_HEX];
    vault_hash(v, VAULT_AUDIT, "x", 1, h1);
    vault_hash(plain_vault, VAULT_AUDIT, "x", 1, h2);
    assert_string_equal(h1, h2);

    /* Key 1 seals until the registry says otherwise. */
    unsigned char *one = NULL, *two = NULL, *again = NULL;
    size_t one_len = 0, two_len = 0, again_len = 0;
    char *plain = NULL;
    assert_int_equal(vault_field_active(v), 1);
    seal_text(v, name_ad, name_text, &one, &one_len);
    assert_int_equal(vault_ciphertext_key(one, one_len), 1);
    assert_int_equal(vault_field_use(v, 2, NULL), SG_OK);
    seal_text(v, name_ad, name_text, &two, &two_len);
    assert_int_equal(vault_ciphertext_key(two, two_len), 2);
    assert_int_equal(vault_open_text(other, name_ad, two, two_len, &plain), SG_OK);
    assert_string_equal(plain, name_text);
    sg_free(plain);
    assert_int_equal(vault_open_text(v, name_ad, one, one_len, &plain), SG_OK);
    sg_free(plain);
    /* A key the vault does not hold cannot be made active. */
    assert_int_equal(vault_field_use(v, 3, NULL), SG_ENOTFOUND);
    assert_int_equal(vault_field_active(v), 2);

    /* Key 1 retired: no longer opened, no longer used to seal. */
    bool retired[VAULT_FIELD_IDS] = {false};
    retired[1] = true;
    assert_int_equal(vault_field_use(v, 2, retired), SG_OK);
    assert_int_equal(vault_open_text(v, name_ad, one, one_len, &plain), SG_ECRYPTO);
    assert_null(plain);
    assert_int_equal(vault_seal_with(v, 1, name_ad, "x", 1, &again, &again_len), SG_ECRYPTO);
    assert_false(vault_field_has(v, 1));
    assert_int_equal(vault_field_use(v, 1, retired), SG_ENOTFOUND);

    /* Fingerprints tell keys apart and say nothing of them. */
    char f1[VAULT_HASH_HEX], f2[VAULT_HASH_HEX], f2b[VAULT_HASH_HEX], none[VAULT_HASH_HEX];
    vault_field_fingerprint(v, 1, f1);
    vault_field_fingerprint(v, 2, f2);
    vault_field_fingerprint(other, 2, f2b);
    vault_field_fingerprint(v, 9, none);
    assert_string_not_equal(f1, f2);
    assert_string_equal(f2, f2b);
    assert_string_equal(none, "");

    /* A key added through one vault: the file is written anew (mode 0600),
     * and the other vault opens its ciphertexts by reading the file again. */
    int id = 0;
    assert_int_equal(vault_field_key_add(v, &id, &detail), SG_OK);
    assert_int_equal(id, 3);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    assert_non_null(strstr(file_text(path), "\nfield 3 "));
    assert_int_equal(vault_field_use(v, 3, retired), SG_OK);
    sg_free(again);
    seal_text(v, name_ad, name_text, &again, &again_len);
    assert_int_equal(vault_ciphertext_key(again, again_len), 3);
    assert_int_equal(vault_open_text(other, name_ad, again, again_len, &plain), SG_OK);
    sg_free(plain);
    bool changed = true;
    assert_int_equal(vault_reload(other, &changed, &detail), SG_OK);
    assert_false(changed); /* the open above read it already */

    /* Taken out: key 2 leaves the file and the vault; the active key and
     * key 1 never do. */
    int drop[] = {1, 2, 3};
    assert_int_equal(vault_field_keys_drop(v, drop, 3, &detail), SG_OK);
    const char *now = file_text(path);
    assert_null(strstr(now, "field 2 "));
    assert_non_null(strstr(now, "field 3 "));
    assert_int_equal(vault_field_ids(v, ids, 8), 2);
    assert_int_equal(vault_open_text(v, name_ad, two, two_len, &plain), SG_ECRYPTO);
    assert_int_equal(vault_reload(other, &changed, &detail), SG_OK);
    assert_true(changed);
    assert_false(vault_field_has(other, 2));

    /* Sealing stops when no key may be used. */
    vault_field_block(v);
    sg_free(again);
    again = NULL;
    assert_int_equal(vault_seal(v, name_ad, "x", 1, &again, &again_len), SG_EUNAVAILABLE);

    /* A file that now holds another master key is not taken. */
    write_file(path, "ffff000000000000000000000000000000000000000000000000000000000000\n", 65,
               0600);
    assert_int_equal(vault_reload(other, &changed, &detail), SG_ECRYPTO);
    assert_non_null(strstr(detail, "another master key"));

    sg_free(one);
    sg_free(two);
    sg_free(again);
    vault_free(v);
    vault_free(other);
    vault_free(plain_vault);
}

static void test_malformed_field_lines_refused(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "field 1 202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f\n",
        "field 02 202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f\n",
        "field 256 202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f\n",
        "field 2 202122232425262728292A2B2C2D2E2F303132333435363738393A3B3C3D3E3F\n",
        "field 2 202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f",
        "field 2  202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f\n",
        "field 2 2021222324252627\n",
        "field 3 202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f\n"
        "field 2 202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f\n",
        "fields 2 202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f\n",
        "\n",
    };
    const char *path = tmp_path("badring.key");
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char text[400];
        snprintf(text, sizeof text, "%s%s", valid_key_text, bad[i]);
        write_file(path, text, strlen(text), 0600);
        vault *v = NULL;
        const char *detail = NULL;
        if (vault_open(path, false, &v, &detail) != SG_ECRYPTO)
            fail_msg("accepted: %s", bad[i]);
        assert_null(v);
        assert_non_null(detail);
    }
}

static void test_out_of_memory(void **state)
{
    (void)state;
    vault *v = NULL;
    vault *kept = new_vault(key_a);
    unsigned char *sealed = NULL;
    size_t len = 0;
    char *plain = NULL;
    vault_hasher *h = NULL;
    const char *detail = NULL;
    seal_text(kept, name_ad, name_text, &sealed, &len);
    write_file(tmp_path("oom.key"), valid_key_text, strlen(valid_key_text), 0600);

    sg_mem_fail_after(0);
    assert_int_equal(vault_from_key(key_a, &v), SG_ENOMEM);
    assert_null(v);
    assert_int_equal(vault_open(tmp_path("oom.key"), false, &v, &detail), SG_ENOMEM);
    assert_non_null(detail);
    assert_null(v);
    unsigned char *again = NULL;
    size_t again_len = 0;
    assert_int_equal(vault_seal(kept, name_ad, "x", 1, &again, &again_len), SG_ENOMEM);
    assert_null(again);
    assert_int_equal(vault_open_text(kept, name_ad, sealed, len, &plain), SG_ENOMEM);
    assert_null(plain);
    assert_int_equal(vault_hasher_new(kept, VAULT_AUDIT, &h), SG_ENOMEM);
    assert_null(h);
    sg_mem_fail_after(-1);

    /* Creating a key file with each allocation failing in turn never
     * crashes, and the file it leaves behind is whole. */
    int rc = SG_ENOMEM;
    for (long n = 0; rc == SG_ENOMEM && n < 100; n++) {
        sg_mem_fail_after(n);
        rc = vault_open(tmp_path("torture.key"), true, &v, &detail);
        sg_mem_fail_after(-1);
        assert_true(rc == SG_OK || rc == SG_ENOMEM);
    }
    assert_int_equal(rc, SG_OK);
    vault_free(v);
    assert_int_equal(vault_open(tmp_path("torture.key"), false, &v, &detail), SG_OK);
    vault_free(v);

    sg_free(sealed);
    vault_free(kept);
    vault_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_seal_round_trip),
        cmocka_unit_test(test_field_binding),
        cmocka_unit_test(test_ciphertext_hides_plaintext),
        cmocka_unit_test(test_changed_byte_fails),
        cmocka_unit_test(test_other_ad_fails),
        cmocka_unit_test(test_other_key_fails),
        cmocka_unit_test(test_bad_layout_fails),
        cmocka_unit_test(test_layout_is_pinned),
        cmocka_unit_test(test_hash),
        cmocka_unit_test(test_hasher_prefixes_lengths),
        cmocka_unit_test(test_key_path),
        cmocka_unit_test(test_key_file_created_and_reloaded),
        cmocka_unit_test(test_key_file_loads_given_key),
        cmocka_unit_test(test_key_file_open_to_others_refused),
        cmocka_unit_test(test_malformed_key_file_refused),
        cmocka_unit_test(test_missing_key_file),
        cmocka_unit_test(test_field_keys),
        cmocka_unit_test(test_malformed_field_lines_refused),
        cmocka_unit_test(test_out_of_memory),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
