-- The chain: notifications, clocks, referrals between organisations,
-- police screenings of arrested minors, diversions, the OM's decisions and
-- enrolments in intervention programmes.  Free text (*_enc) is encrypted.

-- Content-free notices to the other side of a change: who and what kind.
CREATE TABLE notifications (
    id {{pk}},
    public_id TEXT NOT NULL UNIQUE,
    org_id {{int}} NOT NULL REFERENCES organisations (id),
    role TEXT NOT NULL,
    kind TEXT NOT NULL,
    record_type TEXT NOT NULL,
    record_id TEXT NOT NULL,
    from_org_id {{int}} NOT NULL,
    created_at TEXT NOT NULL,
    read_at TEXT NOT NULL
) {{strict}};
CREATE INDEX notifications_org ON notifications (org_id, read_at, id);

-- A running or finished clock of a rule in the published clock rules.
CREATE TABLE clocks (
    id {{pk}},
    public_id TEXT NOT NULL UNIQUE,
    rule_id TEXT NOT NULL,
    rules_version {{int}} NOT NULL,
    subject_type TEXT NOT NULL,
    subject_id TEXT NOT NULL,
    person_id {{int}} NOT NULL,
    org_id {{int}} NOT NULL REFERENCES organisations (id),
    started_at TEXT NOT NULL,
    due_on TEXT NOT NULL,
    stopped_at TEXT NOT NULL,
    stop_event TEXT NOT NULL,
    missed {{int}} NOT NULL,
    escalated_at TEXT NOT NULL
) {{strict}};
CREATE INDEX clocks_org ON clocks (org_id, stopped_at, due_on);
CREATE INDEX clocks_subject ON clocks (subject_type, subject_id);

CREATE TABLE referrals (
    id {{pk}},
    public_id TEXT NOT NULL UNIQUE,
    person_id {{int}} NOT NULL REFERENCES persons (id),
    case_id {{int}} NOT NULL,
    from_org_id {{int}} NOT NULL REFERENCES organisations (id),
    from_user_id {{int}} NOT NULL REFERENCES users (id),
    to_org_id {{int}} NOT NULL REFERENCES organisations (id),
    to_user_id {{int}} NOT NULL,
    purpose TEXT NOT NULL,
    note_enc {{blob}},
    legal_basis TEXT NOT NULL,
    consent_party TEXT NOT NULL,
    consent_on TEXT NOT NULL,
    override_reason_enc {{blob}},
    shares TEXT NOT NULL,
    signal_ids TEXT NOT NULL,
    subject_id TEXT NOT NULL,
    snapshot_enc {{blob}},
    transfer {{int}} NOT NULL,
    status TEXT NOT NULL,
    decline_reason_enc {{blob}},
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version {{int}} NOT NULL
) {{strict}};
CREATE INDEX referrals_to ON referrals (to_org_id, id);
CREATE INDEX referrals_from ON referrals (from_org_id, id);
CREATE INDEX referrals_person ON referrals (person_id);

CREATE TABLE screenings (
    id {{pk}},
    public_id TEXT NOT NULL UNIQUE,
    person_id {{int}} NOT NULL REFERENCES persons (id),
    police_org_id {{int}} NOT NULL REFERENCES organisations (id),
    officer_id {{int}} NOT NULL REFERENCES users (id),
    arrested_on TEXT NOT NULL,
    offence TEXT NOT NULL,
    outside_region {{int}} NOT NULL,
    answers TEXT NOT NULL,
    notes_enc {{blob}} NOT NULL,
    account_enc {{blob}} NOT NULL,
    rules_version {{int}} NOT NULL,
    advised_signs TEXT NOT NULL,
    advised_rule TEXT NOT NULL,
    confirmed_signs TEXT NOT NULL,
    confirm_reason_enc {{blob}},
    status TEXT NOT NULL,
    completed_at TEXT NOT NULL,
    om_org_id {{int}} NOT NULL,
    comensha_reported_on TEXT NOT NULL,
    received_at TEXT NOT NULL,
    received_by {{int}} NOT NULL,
    created_at TEXT NOT NULL,
    version {{int}} NOT NULL
) {{strict}};
CREATE INDEX screenings_police ON screenings (police_org_id, id);
CREATE INDEX screenings_om ON screenings (om_org_id, id);

CREATE TABLE diversions (
    id {{pk}},
    public_id TEXT NOT NULL UNIQUE,
    screening_id {{int}} NOT NULL REFERENCES screenings (id),
    kind TEXT NOT NULL,
    note_enc {{blob}},
    recorded_by {{int}} NOT NULL REFERENCES users (id),
    recorded_at TEXT NOT NULL
) {{strict}};

CREATE TABLE prosecution_decisions (
    id {{pk}},
    public_id TEXT NOT NULL UNIQUE,
    screening_id {{int}} NOT NULL REFERENCES screenings (id),
    om_org_id {{int}} NOT NULL REFERENCES organisations (id),
    prosecutor_id {{int}} NOT NULL REFERENCES users (id),
    decision TEXT NOT NULL,
    due_on TEXT NOT NULL,
    reasoning_enc {{blob}} NOT NULL,
    possible_victim {{int}} NOT NULL,
    victim_of_enc {{blob}},
    expert_group {{int}} NOT NULL,
    decided_at TEXT NOT NULL
) {{strict}};
CREATE INDEX prosecution_decisions_screening ON prosecution_decisions (screening_id, id);

CREATE TABLE enrolments (
    id {{pk}},
    public_id TEXT NOT NULL UNIQUE,
    person_id {{int}} NOT NULL REFERENCES persons (id),
    org_id {{int}} NOT NULL REFERENCES organisations (id),
    programme_id TEXT NOT NULL,
    catalogue_version {{int}} NOT NULL,
    status TEXT NOT NULL,
    reason_enc {{blob}},
    enrolled_on TEXT NOT NULL,
    outcome TEXT NOT NULL,
    outcome_note_enc {{blob}},
    created_by {{int}} NOT NULL REFERENCES users (id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) {{strict}};
CREATE INDEX enrolments_person ON enrolments (person_id, id);
CREATE INDEX enrolments_org ON enrolments (org_id, id);

CREATE TABLE enrolment_milestones (
    id {{pk}},
    enrolment_id {{int}} NOT NULL REFERENCES enrolments (id),
    on_date TEXT NOT NULL,
    kind TEXT NOT NULL,
    note_enc {{blob}},
    recorded_by {{int}} NOT NULL REFERENCES users (id),
    recorded_at TEXT NOT NULL
) {{strict}};
CREATE INDEX enrolment_milestones_enrolment ON enrolment_milestones (enrolment_id, id);
