-- The audit spool: the audit entries of reads are written to a file beside
-- an SQLite database before the answer leaves the server, and moved into
-- the hash-chained trail in batches (security/audit_spool.c).  This row
-- says how far the spool file of which generation has been moved, in the
-- same transaction as the entries it moved, so that a restart moves every
-- entry exactly once.
CREATE TABLE audit_spool (
    id {{int}} PRIMARY KEY CHECK (id = 1),
    generation TEXT NOT NULL,
    position {{int}} NOT NULL
) {{strict}};
INSERT INTO audit_spool (id, generation, position) VALUES (1, '', 0);
