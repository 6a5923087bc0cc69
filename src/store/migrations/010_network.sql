-- The network of recruitment chains: entities besides persons (phones,
-- addresses, vehicles, places, online accounts, groups, unidentified
-- persons known by a nickname), one node per person or entity, typed
-- relations between nodes with their source, confidence and period, and
-- the alerts that published rules raise for an analyst.  An entity's key
-- (a phone number, a plate) is a vault ciphertext; it is found again by
-- its keyed pseudonym, never by the key itself.

CREATE TABLE network_entities (
    id {{pk}},
    public_id TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,            -- phone, address, vehicle, place, account, group, nickname
    key_hash TEXT NOT NULL UNIQUE, -- keyed pseudonym of "kind:normalised key"
    key_enc {{blob}} NOT NULL,     -- the normalised key, encrypted
    created_by {{int}} NOT NULL REFERENCES users (id),
    created_org {{int}} NOT NULL REFERENCES organisations (id),
    created_at TEXT NOT NULL
) {{strict}};

-- A node is a person or an entity (exactly one of the two is non-zero), so
-- that a relation has one kind of end.
CREATE TABLE network_nodes (
    id {{pk}},
    person_id {{int}} NOT NULL,    -- persons.id, or 0
    entity_id {{int}} NOT NULL,    -- network_entities.id, or 0
    created_at TEXT NOT NULL
) {{strict}};
CREATE UNIQUE INDEX network_nodes_person ON network_nodes (person_id) WHERE person_id <> 0;
CREATE UNIQUE INDEX network_nodes_entity ON network_nodes (entity_id) WHERE entity_id <> 0;

-- A relation "from type to": "A recruited_by B".  A correction retires the
-- relation and records a new one that names it in replaces; a retired
-- relation stays as history and is left out of every analysis.
CREATE TABLE network_relations (
    id {{pk}},
    public_id TEXT NOT NULL UNIQUE,
    from_node {{int}} NOT NULL REFERENCES network_nodes (id),
    to_node {{int}} NOT NULL REFERENCES network_nodes (id),
    type TEXT NOT NULL,
    confidence TEXT NOT NULL,      -- confirmed, probable, unverified
    first_seen TEXT NOT NULL,      -- YYYY-MM-DD
    last_seen TEXT NOT NULL,       -- YYYY-MM-DD, not before first_seen
    source_type TEXT NOT NULL,     -- screening, decision, report
    source_ref TEXT NOT NULL,      -- the screening's or decision's id, or the report's reference
    import_id TEXT NOT NULL,       -- the bulk import it came with, or ''
    org_id {{int}} NOT NULL REFERENCES organisations (id),
    user_id {{int}} NOT NULL REFERENCES users (id),
    created_at TEXT NOT NULL,
    replaces {{int}} NOT NULL,     -- the relation this one corrects, or 0
    retired_at TEXT NOT NULL,      -- '' while current
    retired_by {{int}} NOT NULL,
    retire_reason TEXT NOT NULL,   -- corrected, or the analyst's reason
    version {{int}} NOT NULL
) {{strict}};
CREATE INDEX network_relations_from ON network_relations (from_node, id);
CREATE INDEX network_relations_to ON network_relations (to_node, id);
CREATE INDEX network_relations_source ON network_relations (source_type, source_ref);
CREATE INDEX network_relations_current ON network_relations (id) WHERE retired_at = '';

-- An alert raised by a published network alert rule: a task for the
-- analysts of an organisation, never an action on a person.  subject_key
-- makes a rule raise one alert per subject, however often it is checked.
CREATE TABLE network_alerts (
    id {{pk}},
    public_id TEXT NOT NULL UNIQUE,
    org_id {{int}} NOT NULL REFERENCES organisations (id),
    rule_id TEXT NOT NULL,
    rules_version {{int}} NOT NULL,
    subject_key TEXT NOT NULL,
    summary TEXT NOT NULL,         -- JSON: the figures and pseudonymous ids that raised it
    status TEXT NOT NULL,          -- open, acknowledged, closed
    raised_at TEXT NOT NULL,
    handled_by {{int}} NOT NULL,
    handled_at TEXT NOT NULL,
    UNIQUE (org_id, rule_id, subject_key)
) {{strict}};
CREATE INDEX network_alerts_open ON network_alerts (org_id, status, id);

-- Police officers and prosecutors read the network around the youths of
-- their own screenings: found by person.
CREATE INDEX screenings_person ON screenings (person_id);
