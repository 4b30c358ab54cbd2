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
        COALESCE((SELECT group_concat(x, char(30)) FROM (SELECT pp.org_id || char(31) || pp.country AS x FROM project_participants pp
            WHERE pp.project_id = p.id AND pp.country <> '' ORDER BY pp.pos)), ''),
        COALESCE((SELECT group_concat(value, ' ') FROM (SELECT l.value FROM project_layers l WHERE l.project_id = p.id ORDER BY l.pos)), '')
    FROM projects p;

-- A placement carries its person's home country when it was published:
-- the country the person came from when placed, not a later one.
ALTER TABLE placements ADD COLUMN home_country TEXT NOT NULL DEFAULT '';
UPDATE placements SET home_country = COALESCE(
    (SELECT p.home_country FROM people p WHERE p.id = placements.person_id), '');
-- Placements counted per home country, position and start date, kept by
-- triggers on every change of a placement (publication, progress, the
-- cascades of a deleted person, position or round), so that the
-- placements source reads a few thousand rows. Rows that fall to 0 stay.
CREATE TABLE sovereignty_placements (
    home_country TEXT NOT NULL,
    position_id  TEXT NOT NULL,
    started_on   TEXT NOT NULL,
    n            INTEGER NOT NULL,
    PRIMARY KEY (home_country, position_id, started_on)
) WITHOUT ROWID;
INSERT INTO sovereignty_placements (home_country, position_id, started_on, n)
    SELECT home_country, position_id, started_on, COUNT(*) FROM placements
    GROUP BY home_country, position_id, started_on;
CREATE TRIGGER sovereignty_placements_insert AFTER INSERT ON placements BEGIN
    INSERT INTO sovereignty_placements (home_country, position_id, started_on, n)
        VALUES (NEW.home_country, NEW.position_id, NEW.started_on, 1)
        ON CONFLICT (home_country, position_id, started_on) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER sovereignty_placements_delete AFTER DELETE ON placements BEGIN
    UPDATE sovereignty_placements SET n = n - 1
        WHERE home_country = OLD.home_country AND position_id = OLD.position_id AND started_on = OLD.started_on;
END;
CREATE TRIGGER sovereignty_placements_update AFTER UPDATE OF home_country, position_id, started_on ON placements
    WHEN OLD.home_country IS NOT NEW.home_country OR OLD.position_id IS NOT NEW.position_id OR OLD.started_on IS NOT NEW.started_on BEGIN
    UPDATE sovereignty_placements SET n = n - 1
        WHERE home_country = OLD.home_country AND position_id = OLD.position_id AND started_on = OLD.started_on;
    INSERT INTO sovereignty_placements (home_country, position_id, started_on, n)
        VALUES (NEW.home_country, NEW.position_id, NEW.started_on, 1)
        ON CONFLICT (home_country, position_id, started_on) DO UPDATE SET n = n + 1;
END;
