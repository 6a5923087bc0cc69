-- The chain as Dutch law and practice have it (see docs/internals/legal.md).

-- The kind of observation an indicator is (behaviour, possession, ...), from
-- the closed list of the catalogue safeguards; '' in versions published
-- before the safeguards existed.
ALTER TABLE indicators ADD COLUMN observation TEXT NOT NULL DEFAULT '';

-- The Meldcode's step 5 takes two decisions (is reporting necessary, is help
-- also possible), stored as one code in decision as before; after a report
-- for acute or structural unsafety, help is weighed together with Veilig
-- Thuis, which step 5 records.  Step 2 names the experts consulted.
ALTER TABLE meldcode_steps ADD COLUMN with_veilig_thuis {{int}} NOT NULL DEFAULT 0;
ALTER TABLE meldcode_steps ADD COLUMN consulted TEXT NOT NULL DEFAULT '';
