-- The foundation: organisations, users, sessions, persons, signals, the
-- indicator catalogue and the audit trail.  Identifying fields (*_enc) hold
-- vault ciphertexts only; the plain text never reaches the database.

CREATE TABLE organisations (
    id {{pk}},
    public_id TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL UNIQUE,
    type TEXT NOT NULL,
    require_mfa {{int}} NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
) {{strict}};

CREATE TABLE users (
    id {{pk}},
    public_id TEXT NOT NULL UNIQUE,
    org_id {{int}} NOT NULL REFERENCES organisations (id),
    login TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    totp_secret_enc {{blob}},
    totp_enabled {{int}} NOT NULL DEFAULT 0,
    totp_last_step {{int}} NOT NULL DEFAULT 0,
    disabled {{int}} NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
) {{strict}};
CREATE INDEX users_org ON users (org_id, id);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id {{int}} NOT NULL REFERENCES users (id),
    csrf_token TEXT NOT NULL,
    mfa_ok {{int}} NOT NULL,
    created_s {{int}} NOT NULL,
    last_seen_s {{int}} NOT NULL,
    expires_s {{int}} NOT NULL
) {{strict}};
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
    id {{pk}},
    public_id TEXT NOT NULL UNIQUE,
    token_hash TEXT NOT NULL UNIQUE,
    user_id {{int}} NOT NULL REFERENCES users (id),
    created_by {{int}} NOT NULL,
    label TEXT NOT NULL,
    created_s {{int}} NOT NULL,
    expires_s {{int}} NOT NULL,
    revoked_s {{int}} NOT NULL DEFAULT 0
) {{strict}};

CREATE TABLE rate_limits (
    key TEXT PRIMARY KEY,
    window_start_s {{int}} NOT NULL,
    failures {{int}} NOT NULL
) {{strict}};

CREATE TABLE catalogue_versions (
    version {{int}} PRIMARY KEY,
    published_at TEXT NOT NULL,
    published_by {{int}} NOT NULL,
    source_sha256 TEXT NOT NULL,
    note TEXT NOT NULL
) {{strict}};

CREATE TABLE indicators (
    version {{int}} NOT NULL REFERENCES catalogue_versions (version),
    code TEXT NOT NULL,
    category TEXT NOT NULL,
    category_nl TEXT NOT NULL,
    category_en TEXT NOT NULL,
    text_nl TEXT NOT NULL,
    text_en TEXT NOT NULL,
    strength TEXT NOT NULL,
    strength_note TEXT NOT NULL,
    sources TEXT NOT NULL,
    PRIMARY KEY (version, code)
) {{strict}};

CREATE TABLE persons (
    id {{pk}},
    public_id TEXT NOT NULL UNIQUE,
    birth_year {{int}} NOT NULL,
    birth_month {{int}} NOT NULL,
    gender TEXT NOT NULL,
    municipality TEXT NOT NULL,
    name_enc {{blob}} NOT NULL,
    bsn_enc {{blob}},
    birth_date_enc {{blob}} NOT NULL,
    bsn_key TEXT NOT NULL,
    created_by_user {{int}} NOT NULL REFERENCES users (id),
    created_by_org {{int}} NOT NULL REFERENCES organisations (id),
    created_at TEXT NOT NULL
) {{strict}};
CREATE INDEX persons_bsn_key ON persons (bsn_key);

-- The organisations that are party to a person: it recorded them, or a
-- referral shared them with it.
CREATE TABLE person_access (
    person_id {{int}} NOT NULL REFERENCES persons (id),
    org_id {{int}} NOT NULL REFERENCES organisations (id),
    basis TEXT NOT NULL,
    granted_at TEXT NOT NULL,
    PRIMARY KEY (person_id, org_id)
) {{strict}};
CREATE INDEX person_access_org ON person_access (org_id, person_id);

CREATE TABLE signals (
    id {{pk}},
    public_id TEXT NOT NULL UNIQUE,
    person_id {{int}} NOT NULL REFERENCES persons (id),
    org_id {{int}} NOT NULL REFERENCES organisations (id),
    observer_id {{int}} NOT NULL REFERENCES users (id),
    observed_on TEXT NOT NULL,
    setting TEXT NOT NULL,
    observation_enc {{blob}} NOT NULL,
    catalogue_version {{int}} NOT NULL REFERENCES catalogue_versions (version),
    created_at TEXT NOT NULL
) {{strict}};
CREATE INDEX signals_org ON signals (org_id, id);
CREATE INDEX signals_person ON signals (person_id, id);
CREATE INDEX signals_observer ON signals (observer_id, id);

CREATE TABLE signal_indicators (
    signal_id {{int}} NOT NULL REFERENCES signals (id),
    code TEXT NOT NULL,
    kind TEXT NOT NULL,
    PRIMARY KEY (signal_id, code)
) {{strict}};

-- Organisations other than the recorder that may see a signal.
CREATE TABLE signal_access (
    signal_id {{int}} NOT NULL REFERENCES signals (id),
    org_id {{int}} NOT NULL REFERENCES organisations (id),
    basis TEXT NOT NULL,
    granted_at TEXT NOT NULL,
    PRIMARY KEY (signal_id, org_id)
) {{strict}};
CREATE INDEX signal_access_org ON signal_access (org_id, signal_id);

-- The audit trail: each entry's hash covers its fields and the previous
-- entry's hash, keyed with a subkey of the vault key.  audit_head holds the
-- newest entry, with a keyed tag over it, so that removing entries from the
-- end is detected too.
CREATE TABLE audit_log (
    seq {{int}} PRIMARY KEY,
    at TEXT NOT NULL,
    user_id TEXT NOT NULL,
    role TEXT NOT NULL,
    org_id TEXT NOT NULL,
    action TEXT NOT NULL,
    record_type TEXT NOT NULL,
    record_id TEXT NOT NULL,
    person_id TEXT NOT NULL,
    client TEXT NOT NULL,
    purpose TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
) {{strict}};
CREATE INDEX audit_person ON audit_log (person_id, seq);
CREATE INDEX audit_user ON audit_log (user_id, seq);

CREATE TABLE audit_head (
    id {{int}} PRIMARY KEY CHECK (id = 1),
    seq {{int}} NOT NULL,
    hash TEXT NOT NULL,
    mac TEXT NOT NULL
) {{strict}};
-- The head row exists from the start, so that every append can lock it.
INSERT INTO audit_head (id, seq, hash, mac) VALUES (1, 0, '', '');
