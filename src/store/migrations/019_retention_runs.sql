-- The retention runs (the server's daily ones and the command line's; dry
-- runs are not kept): when each ran,
-- as of which day, under which published rules, and what it deleted and
-- kept under a hold, by kind and reason.  Counts only: each deletion is in
-- the audit trail with its record.  The privacy officers and auditors read
-- them; they hold no personal data.
CREATE TABLE retention_runs (
    id {{pk}},
    started_at TEXT NOT NULL,
    finished_at TEXT NOT NULL,
    as_of TEXT NOT NULL,           -- YYYY-MM-DD
    rules_version {{int}} NOT NULL,
    status TEXT NOT NULL,          -- done, or failed (what it did before it failed stays done)
    report TEXT NOT NULL           -- JSON: purged, held and kinds, as `signaal retention run --json`
) {{strict}};
