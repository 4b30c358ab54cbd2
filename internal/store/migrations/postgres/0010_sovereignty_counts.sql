-- The countries the sovereignty view counts by, written beside the rows
-- that need them so that a recomputation reads each source from one
-- table instead of joining a million rows to the registry by text id
-- (docs/sovereignty.md, "Countries as recorded").
--
-- A project participant carries its organisation's country: filled when
-- the project is written, kept up to date when the organisation's
-- country changes (organisation update and import, in their
-- transaction), emptied when the organisation is deleted and set again
-- when an organisation of that id is created; '' is "no organisation"
-- and is not counted.
ALTER TABLE project_participants ADD COLUMN country TEXT NOT NULL DEFAULT '';
UPDATE project_participants SET country = COALESCE(
    (SELECT o.country FROM organisations o WHERE o.id = project_participants.org_id), '');

-- Each project's own figures in one row, written with the project (and
-- rewritten when one of its organisations changes country), so that a
-- recomputation reads 100,000 rows instead of the projects, their
-- 300,000 participants and their layers: its status and start dates,
-- its participants as "org_id<US>country" joined by <RS> (ASCII 31 and
-- 30), only those with a country, and its layers joined by spaces.
CREATE TABLE sovereignty_projects (
    project_id    TEXT PRIMARY KEY REFERENCES projects (id) ON DELETE CASCADE,
    status        INTEGER NOT NULL,
    actual_start  TEXT NOT NULL,
    planned_start TEXT NOT NULL,
    participants  TEXT NOT NULL,
    layers        TEXT NOT NULL
);
INSERT INTO sovereignty_projects (project_id, status, actual_start, planned_start, participants, layers)
    SELECT p.id, p.status, p.actual_start, p.planned_start,
        COALESCE((SELECT string_agg(pp.org_id || chr(31) || pp.country, chr(30) ORDER BY pp.pos) FROM project_participants pp
            WHERE pp.project_id = p.id AND pp.country <> ''), ''),
        COALESCE((SELECT string_agg(l.value, ' ' ORDER BY l.pos) FROM project_layers l WHERE l.project_id = p.id), '')
    FROM projects p;

-- A placement carries its person's home country when it was published:
-- the country the person came from when placed, not a later one.
ALTER TABLE placements ADD COLUMN home_country TEXT NOT NULL DEFAULT '';
UPDATE placements SET home_country = COALESCE(
    (SELECT p.home_country FROM people p WHERE p.id = placements.person_id), '');
-- Placements counted per home country, position and start date, kept by
-- a trigger on every change of a placement (publication, progress, the
-- cascades of a deleted person, position or round), so that the
-- placements source reads a few thousand rows. Rows that fall to 0 stay.
CREATE TABLE sovereignty_placements (
    home_country TEXT NOT NULL,
    position_id  TEXT NOT NULL,
    started_on   TEXT NOT NULL,
    n            BIGINT NOT NULL,
    PRIMARY KEY (home_country, position_id, started_on)
);
INSERT INTO sovereignty_placements (home_country, position_id, started_on, n)
    SELECT home_country, position_id, started_on, COUNT(*) FROM placements
    GROUP BY home_country, position_id, started_on;
CREATE FUNCTION sovereignty_placements_track() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF TG_OP IN ('UPDATE', 'DELETE') THEN UPDATE sovereignty_placements SET n = n - 1 WHERE home_country = OLD.home_country AND position_id = OLD.position_id AND started_on = OLD.started_on; END IF; IF TG_OP IN ('UPDATE', 'INSERT') THEN INSERT INTO sovereignty_placements AS c (home_country, position_id, started_on, n) VALUES (NEW.home_country, NEW.position_id, NEW.started_on, 1) ON CONFLICT (home_country, position_id, started_on) DO UPDATE SET n = c.n + 1; END IF; RETURN NULL; END $$;
CREATE TRIGGER sovereignty_placements_insert_delete AFTER INSERT OR DELETE ON placements FOR EACH ROW EXECUTE FUNCTION sovereignty_placements_track();
CREATE TRIGGER sovereignty_placements_update AFTER UPDATE OF home_country, position_id, started_on ON placements FOR EACH ROW
    WHEN (OLD.home_country IS DISTINCT FROM NEW.home_country OR OLD.position_id IS DISTINCT FROM NEW.position_id OR OLD.started_on IS DISTINCT FROM NEW.started_on)
    EXECUTE FUNCTION sovereignty_placements_track();
