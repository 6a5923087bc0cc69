-- The municipality an organisation of type municipality is: the name as the
-- published regions data lists it (data/regions.json), set by the national
-- administrator, and the area whose figures its analysts see in the yearly
-- progress report.  '' for none.
ALTER TABLE organisations ADD COLUMN municipality TEXT NOT NULL DEFAULT '';

-- Before this column the report took the municipality from the name
-- ("Gemeente Utrecht"); such organisations keep what their name gave them.
-- The report checks it against the published regions, as it did.
UPDATE organisations SET municipality = substr(name, 10)
    WHERE type = 'municipality' AND name LIKE 'Gemeente %' AND length(name) <= 89;
