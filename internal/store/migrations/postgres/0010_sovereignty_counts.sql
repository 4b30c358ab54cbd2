-- The countries the sovereignty view counts by, written beside the rows
-- that need them so that a recomputation reads each source from one
-- table instead of joining a million rows to the registry by text id
-- (docs/sovereignty.md, "Countries as recorded").
--
-- A project participant carries its organisation's country: filled when
-- the project is written, kept up to date when the organisation's
-- country changes (organisation update and import, in their
-- transaction), and emptied when the organisation is deleted; '' is "no
-- organisation" and is not counted.
ALTER TABLE project_participants ADD COLUMN country TEXT NOT NULL DEFAULT '';
UPDATE project_participants SET country = COALESCE(
    (SELECT o.country FROM organisations o WHERE o.id = project_participants.org_id), '');

-- A placement carries its person's home country when it was published:
-- the country the person came from when placed, not a later one.
ALTER TABLE placements ADD COLUMN home_country TEXT NOT NULL DEFAULT '';
UPDATE placements SET home_country = COALESCE(
    (SELECT p.home_country FROM people p WHERE p.id = placements.person_id), '');
-- The placements of one home country, counted per position and start
-- date from the index alone.
CREATE INDEX placements_home ON placements (home_country, position_id, started_on);
