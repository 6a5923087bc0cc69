-- Operating signaal for years: the registry of the field-encryption keys
-- that `signaal rekey` rotates, where a rekey stopped, and one row whose
-- update makes every earlier commit durable before the audit trail's head
-- is anchored outside the database.

-- The field-encryption keys: key_id is the first byte of every ciphertext
-- made with the key, and the key itself lives in the key file, never here.
-- No row at all means what every database before this migration had: key
-- 1, derived from the key file's master key, is the only key and active.
-- state: pending (in the key file, not yet used to encrypt), active (new
-- ciphertexts use it; one at most), previous (still read, being
-- re-encrypted), retired (nothing uses it: no longer read).
CREATE TABLE field_keys (
    key_id {{int}} PRIMARY KEY,
    fingerprint TEXT NOT NULL,     -- a hash keyed by the key itself: which key it is
    state TEXT NOT NULL,
    created_at TEXT NOT NULL,
    activated_at TEXT NOT NULL,    -- '' until it was made active
    retired_at TEXT NOT NULL       -- '' until it was retired
) {{strict}};

-- The one re-encryption under way (row 1), so that a rekey stopped midway
-- carries on where it was: the column being done and the last row done.
CREATE TABLE rekey_progress (
    id {{int}} PRIMARY KEY,
    target_key {{int}} NOT NULL,
    table_name TEXT NOT NULL,
    column_name TEXT NOT NULL,
    after_id {{int}} NOT NULL,
    rewritten {{int}} NOT NULL,
    started_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) {{strict}};

-- Its one row (made by the first store_sync) is updated by a durable
-- commit, which takes every relaxed commit before it to the disk too.
CREATE TABLE store_sync (
    id {{int}} PRIMARY KEY,
    n {{int}} NOT NULL
) {{strict}};
