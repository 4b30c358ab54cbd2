-- Capabilities of active organisations counted by country, direction,
-- layer and domain (capabilities without a domain are left out), so that a
-- country bridge reads its cells without reading every capability of the
-- two countries; and each active organisation's needs (with a domain), so
-- that a bridge finds the organisations with the most needs met by
-- looking at those with the most needs first (bridges.go). Triggers keep
-- both; a bulk import into an empty registry drops them and counts once
-- at the end (bridges_counts.go).
CREATE TABLE bridge_counts (
    country   TEXT NOT NULL,
    direction TEXT NOT NULL,
    layer     TEXT NOT NULL,
    domain    TEXT NOT NULL,
    n         INTEGER NOT NULL,
    PRIMARY KEY (country, direction, layer, domain)
) WITHOUT ROWID;

INSERT INTO bridge_counts (country, direction, layer, domain, n)
    SELECT o.country, c.direction, c.layer, c.domain, COUNT(*)
    FROM capabilities c JOIN organisations o ON o.seq = c.org_seq
    WHERE o.status = 'active' AND c.domain <> ''
    GROUP BY o.country, c.direction, c.layer, c.domain;

CREATE TABLE bridge_needs (
    org_seq INTEGER PRIMARY KEY,
    country TEXT NOT NULL,
    n       INTEGER NOT NULL
);
CREATE INDEX bridge_needs_rank ON bridge_needs (country, n DESC, org_seq);

INSERT INTO bridge_needs (org_seq, country, n)
    SELECT c.org_seq, o.country, COUNT(*)
    FROM capabilities c JOIN organisations o ON o.seq = c.org_seq
    WHERE o.status = 'active' AND c.direction = 'need' AND c.domain <> ''
    GROUP BY c.org_seq, o.country;

CREATE TRIGGER bridge_counts_capability_insert AFTER INSERT ON capabilities WHEN NEW.domain <> '' BEGIN
    INSERT INTO bridge_counts (country, direction, layer, domain, n)
        SELECT country, NEW.direction, NEW.layer, NEW.domain, 1 FROM organisations WHERE seq = NEW.org_seq AND status = 'active'
        ON CONFLICT (country, direction, layer, domain) DO UPDATE SET n = n + 1;
    INSERT INTO bridge_needs (org_seq, country, n)
        SELECT seq, country, 1 FROM organisations WHERE NEW.direction = 'need' AND seq = NEW.org_seq AND status = 'active'
        ON CONFLICT (org_seq) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER bridge_counts_capability_delete AFTER DELETE ON capabilities WHEN OLD.domain <> '' BEGIN
    UPDATE bridge_counts SET n = n - 1 WHERE direction = OLD.direction AND layer = OLD.layer AND domain = OLD.domain
        AND country = (SELECT country FROM organisations WHERE seq = OLD.org_seq AND status = 'active');
    UPDATE bridge_needs SET n = n - 1 WHERE OLD.direction = 'need' AND org_seq = OLD.org_seq;
END;
CREATE TRIGGER bridge_counts_capability_update AFTER UPDATE OF org_seq, direction, layer, domain ON capabilities BEGIN
    UPDATE bridge_counts SET n = n - 1 WHERE OLD.domain <> '' AND direction = OLD.direction AND layer = OLD.layer AND domain = OLD.domain
        AND country = (SELECT country FROM organisations WHERE seq = OLD.org_seq AND status = 'active');
    INSERT INTO bridge_counts (country, direction, layer, domain, n)
        SELECT country, NEW.direction, NEW.layer, NEW.domain, 1 FROM organisations WHERE NEW.domain <> '' AND seq = NEW.org_seq AND status = 'active'
        ON CONFLICT (country, direction, layer, domain) DO UPDATE SET n = n + 1;
    UPDATE bridge_needs SET n = n - 1 WHERE OLD.direction = 'need' AND OLD.domain <> '' AND org_seq = OLD.org_seq;
    INSERT INTO bridge_needs (org_seq, country, n)
        SELECT seq, country, 1 FROM organisations WHERE NEW.direction = 'need' AND NEW.domain <> '' AND seq = NEW.org_seq AND status = 'active'
        ON CONFLICT (org_seq) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER bridge_counts_organisation_update AFTER UPDATE OF country, status ON organisations
    WHEN OLD.country IS NOT NEW.country OR OLD.status IS NOT NEW.status BEGIN
    UPDATE bridge_counts SET n = n - (SELECT COUNT(*) FROM capabilities c WHERE c.org_seq = OLD.seq
            AND c.direction = bridge_counts.direction AND c.layer = bridge_counts.layer AND c.domain = bridge_counts.domain)
        WHERE OLD.status = 'active' AND country = OLD.country
        AND (direction, layer, domain) IN (SELECT direction, layer, domain FROM capabilities WHERE org_seq = OLD.seq AND domain <> '');
    INSERT INTO bridge_counts (country, direction, layer, domain, n)
        SELECT NEW.country, direction, layer, domain, COUNT(*) FROM capabilities
        WHERE NEW.status = 'active' AND org_seq = NEW.seq AND domain <> '' GROUP BY direction, layer, domain
        ON CONFLICT (country, direction, layer, domain) DO UPDATE SET n = n + excluded.n;
    DELETE FROM bridge_needs WHERE org_seq = OLD.seq;
    INSERT INTO bridge_needs (org_seq, country, n)
        SELECT NEW.seq, NEW.country, COUNT(*) FROM capabilities
        WHERE NEW.status = 'active' AND org_seq = NEW.seq AND direction = 'need' AND domain <> '' HAVING COUNT(*) > 0;
END;
-- Before the organisation goes: the cascade deletes its capabilities
-- after it, when the capability trigger no longer finds it (or its
-- bridge_needs row).
CREATE TRIGGER bridge_counts_organisation_delete BEFORE DELETE ON organisations WHEN OLD.status = 'active' BEGIN
    UPDATE bridge_counts SET n = n - (SELECT COUNT(*) FROM capabilities c WHERE c.org_seq = OLD.seq
            AND c.direction = bridge_counts.direction AND c.layer = bridge_counts.layer AND c.domain = bridge_counts.domain)
        WHERE country = OLD.country
        AND (direction, layer, domain) IN (SELECT direction, layer, domain FROM capabilities WHERE org_seq = OLD.seq AND domain <> '');
    DELETE FROM bridge_needs WHERE org_seq = OLD.seq;
END;
