-- The OM's decision with a legal ground from the published rules (kind
-- "prosecution") and whether a financial investigation was started; CoMensha
-- reports as registrations of their own.
ALTER TABLE prosecution_decisions ADD COLUMN ground TEXT NOT NULL DEFAULT '';
ALTER TABLE prosecution_decisions ADD COLUMN financial_investigation {{int}} NOT NULL DEFAULT 0;
ALTER TABLE prosecution_decisions ADD COLUMN rules_version {{int}} NOT NULL DEFAULT 0;
UPDATE prosecution_decisions SET decision = 'dismissal-non-punishment-unconditional'
  WHERE decision = 'dismissal-non-punishment';
UPDATE prosecution_decisions SET decision = 'prosecute' WHERE decision = 'prosecution';

-- A report of a possible victim to CoMensha: what was reported, when, by
-- whom, for which screening (and decision, when the OM reported).
CREATE TABLE comensha_reports (
    id {{pk}},
    public_id TEXT NOT NULL UNIQUE,
    person_id {{int}} NOT NULL REFERENCES persons (id),
    screening_id {{int}} NOT NULL REFERENCES screenings (id),
    decision_id {{int}} NOT NULL,
    org_id {{int}} NOT NULL REFERENCES organisations (id),
    reported_by {{int}} NOT NULL REFERENCES users (id),
    reported_on TEXT NOT NULL,
    what TEXT NOT NULL,
    note_enc {{blob}},
    created_at TEXT NOT NULL
) {{strict}};
CREATE INDEX comensha_reports_screening ON comensha_reports (screening_id, id);
CREATE INDEX comensha_reports_org ON comensha_reports (org_id, id);

-- The dates recorded before become registrations (the screening's id
-- stands for the registration's: one report per screening then).
INSERT INTO comensha_reports (public_id, person_id, screening_id, decision_id, org_id, reported_by,
                              reported_on, what, note_enc, created_at)
  SELECT public_id, person_id, id, 0, police_org_id, officer_id, comensha_reported_on,
         'possible-victim-criminal-exploitation', NULL, created_at
  FROM screenings WHERE comensha_reported_on <> '';
ALTER TABLE screenings DROP COLUMN comensha_reported_on;
