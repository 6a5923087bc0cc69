-- The school path: published rule sets, cases with their Meldcode steps,
-- "niet pluis" consultations and actions.  Free text (*_enc) is encrypted.

-- Rule sets published as versions, like the catalogue: the guidance rules
-- now, other rule sets later.  A version is never changed.
CREATE TABLE rulesets (
    kind TEXT NOT NULL,
    version {{int}} NOT NULL,
    content TEXT NOT NULL,
    source_sha256 TEXT NOT NULL,
    published_at TEXT NOT NULL,
    published_by {{int}} NOT NULL,
    PRIMARY KEY (kind, version)
) {{strict}};

-- A case groups a person's signals at one school and walks the Meldcode.
CREATE TABLE cases (
    id {{pk}},
    public_id TEXT NOT NULL UNIQUE,
    person_id {{int}} NOT NULL REFERENCES persons (id),
    org_id {{int}} NOT NULL REFERENCES organisations (id),
    owner_id {{int}} NOT NULL REFERENCES users (id),
    opened_by {{int}} NOT NULL REFERENCES users (id),
    status TEXT NOT NULL,
    consent_status TEXT NOT NULL,
    consent_party TEXT NOT NULL,
    consent_on TEXT NOT NULL,
    consent_by {{int}} NOT NULL,
    decision TEXT NOT NULL,
    next_step {{int}} NOT NULL,
    next_step_due TEXT NOT NULL,
    opened_at TEXT NOT NULL,
    last_progress_at TEXT NOT NULL,
    closed_at TEXT NOT NULL,
    version {{int}} NOT NULL
) {{strict}};
CREATE INDEX cases_org ON cases (org_id, id);
CREATE INDEX cases_person ON cases (person_id, id);
CREATE INDEX cases_owner ON cases (owner_id, status);

CREATE TABLE case_signals (
    case_id {{int}} NOT NULL REFERENCES cases (id),
    signal_id {{int}} NOT NULL REFERENCES signals (id),
    PRIMARY KEY (case_id, signal_id)
) {{strict}};

CREATE TABLE consultations (
    id {{pk}},
    public_id TEXT NOT NULL UNIQUE,
    case_id {{int}} NOT NULL REFERENCES cases (id),
    held_on TEXT NOT NULL,
    participants TEXT NOT NULL,
    content_enc {{blob}} NOT NULL,
    question_type TEXT NOT NULL,
    outcome TEXT NOT NULL,
    next_meeting TEXT NOT NULL,
    anonymous {{int}} NOT NULL,
    created_by {{int}} NOT NULL REFERENCES users (id),
    created_at TEXT NOT NULL
) {{strict}};
CREATE INDEX consultations_case ON consultations (case_id, id);

CREATE TABLE case_actions (
    id {{pk}},
    public_id TEXT NOT NULL UNIQUE,
    case_id {{int}} NOT NULL REFERENCES cases (id),
    consultation_id {{int}} NOT NULL,
    description_enc {{blob}} NOT NULL,
    owner_id {{int}} NOT NULL REFERENCES users (id),
    due_on TEXT NOT NULL,
    done_at TEXT NOT NULL,
    created_by {{int}} NOT NULL REFERENCES users (id),
    created_at TEXT NOT NULL
) {{strict}};
CREATE INDEX case_actions_case ON case_actions (case_id, id);
CREATE INDEX case_actions_owner ON case_actions (owner_id, done_at);

CREATE TABLE meldcode_steps (
    id {{pk}},
    public_id TEXT NOT NULL UNIQUE,
    case_id {{int}} NOT NULL REFERENCES cases (id),
    step {{int}} NOT NULL,
    summary_enc {{blob}} NOT NULL,
    answers TEXT NOT NULL,
    advised TEXT NOT NULL,
    decision TEXT NOT NULL,
    deviation_enc {{blob}},
    recorded_by {{int}} NOT NULL REFERENCES users (id),
    recorded_at TEXT NOT NULL
) {{strict}};
CREATE INDEX meldcode_steps_case ON meldcode_steps (case_id, id);
