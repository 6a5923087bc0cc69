-- The reference index (Verwijsindex): registrations of concern about a
-- youth, the keyed pseudonyms they are matched on, the matches between
-- organisations and the flags raised on unusual use.  No content is ever
-- stored: identity and contact are vault ciphertexts (*_enc), the keys are
-- keyed hashes, never the identifiers themselves.

CREATE TABLE concerns (
    id {{pk}},
    public_id TEXT NOT NULL UNIQUE,
    org_id {{int}} NOT NULL REFERENCES organisations (id),
    registered_by {{int}} NOT NULL REFERENCES users (id),
    client_key TEXT NOT NULL,      -- a connected system's own key, or ''
    fingerprint TEXT NOT NULL,     -- keyed hash of what was registered
    ground TEXT NOT NULL,
    rules_version {{int}} NOT NULL,
    bsn_key TEXT NOT NULL,         -- pseudonym of the BSN, or ''
    name_key TEXT NOT NULL,        -- pseudonym of the folded name and date of birth
    block_a TEXT NOT NULL,         -- blocking pseudonyms for candidates
    block_b TEXT NOT NULL,
    block_c TEXT NOT NULL,
    identity_enc {{blob}} NOT NULL,
    contact_enc {{blob}} NOT NULL,
    registered_at TEXT NOT NULL,
    ends_on TEXT NOT NULL,         -- the first day it is over by itself
    ended_on TEXT NOT NULL,        -- '' while it runs
    end_reason TEXT NOT NULL       -- withdrawn, deceased, or ''
) {{strict}};
CREATE UNIQUE INDEX concerns_client_key ON concerns (org_id, client_key) WHERE client_key <> '';
CREATE INDEX concerns_bsn_key ON concerns (bsn_key) WHERE bsn_key <> '';
CREATE INDEX concerns_name_key ON concerns (name_key);
CREATE INDEX concerns_block_a ON concerns (block_a);
CREATE INDEX concerns_block_b ON concerns (block_b);
CREATE INDEX concerns_block_c ON concerns (block_c);
CREATE INDEX concerns_registered_by ON concerns (registered_by, id);
CREATE INDEX concerns_ends_on ON concerns (ends_on);

-- Pseudonyms of a registered parent or address, for family and address
-- matches.
CREATE TABLE concern_links (
    concern_id {{int}} NOT NULL REFERENCES concerns (id),
    kind TEXT NOT NULL,            -- parent, address
    link_key TEXT NOT NULL,
    PRIMARY KEY (concern_id, kind, link_key)
) {{strict}};
CREATE INDEX concern_links_key ON concern_links (link_key, kind);

-- A match between two registrations of different organisations: concern_a
-- was there first, concern_b found it.
CREATE TABLE concern_matches (
    id {{pk}},
    public_id TEXT NOT NULL UNIQUE,
    concern_a {{int}} NOT NULL REFERENCES concerns (id),
    concern_b {{int}} NOT NULL REFERENCES concerns (id),
    kind TEXT NOT NULL,            -- identity, candidate, family, address
    reason TEXT NOT NULL,
    status TEXT NOT NULL,          -- awaiting-confirmation, rejected, open, contacted, lead-agreed
    confirmed_a {{int}} NOT NULL,
    confirmed_b {{int}} NOT NULL,
    contact_at TEXT NOT NULL,
    contact_by {{int}} NOT NULL,
    lead_concern {{int}} NOT NULL, -- the registration whose professional leads, or 0
    lead_by {{int}} NOT NULL,
    lead_at TEXT NOT NULL,
    due_on TEXT NOT NULL,          -- contact and lead agreed by then, or ''
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version {{int}} NOT NULL,
    UNIQUE (concern_a, concern_b, kind)
) {{strict}};
CREATE INDEX concern_matches_b ON concern_matches (concern_b);
CREATE INDEX concern_matches_due ON concern_matches (due_on);

-- Unusual use of the index by one user (many registrations or withdrawals
-- in a short time), for the organisation's coordinating roles to look at.
CREATE TABLE concern_flags (
    id {{pk}},
    public_id TEXT NOT NULL UNIQUE,
    org_id {{int}} NOT NULL REFERENCES organisations (id),
    user_id {{int}} NOT NULL REFERENCES users (id),
    reason TEXT NOT NULL,
    hits {{int}} NOT NULL,
    flagged_at TEXT NOT NULL,
    acknowledged_by {{int}} NOT NULL,
    acknowledged_at TEXT NOT NULL
) {{strict}};
CREATE INDEX concern_flags_org ON concern_flags (org_id, id);
