-- The chain as Dutch law and practice have it (see docs/internals/legal.md).

-- The kind of observation an indicator is (behaviour, possession, ...), from
-- the closed list of the catalogue safeguards; '' in versions published
-- before the safeguards existed.
ALTER TABLE indicators ADD COLUMN observation TEXT NOT NULL DEFAULT '';
