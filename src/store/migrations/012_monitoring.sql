-- Monitoring: the release log of published report cells, and the indexes
-- that let the yearly report read one period of each table without a full
-- scan.  No personal data: a cell is a count under its canonical key.

-- A published report: who released which scope and year, how it was
-- protected, and how many cells were suppressed further because of
-- earlier releases.
CREATE TABLE monitor_releases (
    id {{pk}},
    public_id TEXT NOT NULL UNIQUE,
    scope TEXT NOT NULL,
    year {{int}} NOT NULL,
    released_by {{int}} NOT NULL REFERENCES users (id),
    released_at TEXT NOT NULL,
    method TEXT NOT NULL,          -- suppression, cell-key
    threshold {{int}} NOT NULL,
    cells {{int}} NOT NULL,        -- cells recorded (new or changed)
    further {{int}} NOT NULL       -- cells suppressed because of earlier releases
) {{strict}};

-- A cell as published: only when it is new or differs from what the log
-- held for its key, so that the log grows with changes, not with views.
CREATE TABLE monitor_release_cells (
    release_id {{int}} NOT NULL REFERENCES monitor_releases (id),
    year {{int}} NOT NULL,
    cell_key TEXT NOT NULL,
    shown {{int}} NOT NULL,        -- 0 when suppressed: the value is never kept
    suppressed {{int}} NOT NULL,
    PRIMARY KEY (release_id, cell_key)
) {{strict}};
CREATE INDEX monitor_release_cells_key ON monitor_release_cells (cell_key, release_id);
CREATE INDEX monitor_release_cells_year ON monitor_release_cells (year);

-- One period of each table the report reads.
CREATE INDEX signals_observed ON signals (observed_on, person_id, org_id, catalogue_version);
CREATE INDEX consultations_held ON consultations (held_on, case_id);
CREATE INDEX meldcode_steps_step ON meldcode_steps (step, recorded_at, case_id);
CREATE INDEX referrals_created ON referrals (created_at);
CREATE INDEX screenings_arrested ON screenings (arrested_on);
CREATE INDEX prosecution_decisions_decided ON prosecution_decisions (decided_at);
CREATE INDEX diversions_recorded ON diversions (recorded_at);
CREATE INDEX enrolments_created ON enrolments (created_at);
CREATE INDEX clocks_started ON clocks (started_at);
CREATE INDEX concerns_registered ON concerns (registered_at);
CREATE INDEX concern_matches_created ON concern_matches (created_at);
CREATE INDEX persons_municipality ON persons (municipality, id);
-- The referrals accepted in a period (the lead time to acceptance).
CREATE INDEX clocks_stop_event ON clocks (stop_event, stopped_at, subject_id);
-- A municipality's report: its persons' signals in a period, read from the
-- index alone (persons_municipality, then this).
CREATE INDEX signals_person_observed ON signals (person_id, observed_on, org_id, catalogue_version);
