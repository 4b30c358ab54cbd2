-- Capabilities of active organisations counted by country, direction,
-- layer and domain (capabilities without a domain are left out), so that a
-- country bridge reads its cells without reading every capability of the
-- two countries; and each active organisation's needs (with a domain), so
-- that a bridge finds the organisations with the most needs met by
-- looking at those with the most needs first (bridges.go). Triggers keep
-- both.
CREATE TABLE bridge_counts (
    country   TEXT NOT NULL,
    direction TEXT NOT NULL,
    layer     TEXT NOT NULL,
    domain    TEXT NOT NULL,
    n         BIGINT NOT NULL,
    PRIMARY KEY (country, direction, layer, domain)
);

INSERT INTO bridge_counts (country, direction, layer, domain, n)
    SELECT o.country, c.direction, c.layer, c.domain, COUNT(*)
    FROM capabilities c JOIN organisations o ON o.seq = c.org_seq
    WHERE o.status = 'active' AND c.domain <> ''
    GROUP BY o.country, c.direction, c.layer, c.domain;

CREATE TABLE bridge_needs (
    org_seq BIGINT PRIMARY KEY,
    country TEXT NOT NULL,
    n       BIGINT NOT NULL
);
CREATE INDEX bridge_needs_rank ON bridge_needs (country, n DESC, org_seq);

INSERT INTO bridge_needs (org_seq, country, n)
    SELECT c.org_seq, o.country, COUNT(*)
    FROM capabilities c JOIN organisations o ON o.seq = c.org_seq
    WHERE o.status = 'active' AND c.direction = 'need' AND c.domain <> ''
    GROUP BY c.org_seq, o.country;

CREATE FUNCTION bridge_counts_capability_track() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.domain <> '' THEN UPDATE bridge_counts SET n = n - 1 WHERE direction = OLD.direction AND layer = OLD.layer AND domain = OLD.domain AND country = (SELECT country FROM organisations WHERE seq = OLD.org_seq AND status = 'active'); IF OLD.direction = 'need' THEN UPDATE bridge_needs SET n = n - 1 WHERE org_seq = OLD.org_seq; END IF; END IF; IF TG_OP IN ('UPDATE', 'INSERT') AND NEW.domain <> '' THEN INSERT INTO bridge_counts AS b (country, direction, layer, domain, n) SELECT country, NEW.direction, NEW.layer, NEW.domain, 1 FROM organisations WHERE seq = NEW.org_seq AND status = 'active' ON CONFLICT (country, direction, layer, domain) DO UPDATE SET n = b.n + 1; IF NEW.direction = 'need' THEN INSERT INTO bridge_needs AS x (org_seq, country, n) SELECT seq, country, 1 FROM organisations WHERE seq = NEW.org_seq AND status = 'active' ON CONFLICT (org_seq) DO UPDATE SET n = x.n + 1; END IF; END IF; RETURN NULL; END $$;
CREATE TRIGGER bridge_counts_capability_track AFTER INSERT OR DELETE OR UPDATE OF org_seq, direction, layer, domain ON capabilities FOR EACH ROW EXECUTE FUNCTION bridge_counts_capability_track();
-- An organisation's counts go before it does: the cascade deletes its
-- capabilities after it, when the capability trigger no longer finds it
-- (or its bridge_needs row).
CREATE FUNCTION bridge_counts_organisation_track() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF OLD.status = 'active' THEN UPDATE bridge_counts b SET n = b.n - x.n FROM (SELECT direction, layer, domain, COUNT(*) AS n FROM capabilities WHERE org_seq = OLD.seq AND domain <> '' GROUP BY direction, layer, domain) x WHERE b.country = OLD.country AND b.direction = x.direction AND b.layer = x.layer AND b.domain = x.domain; END IF; DELETE FROM bridge_needs WHERE org_seq = OLD.seq; IF TG_OP = 'DELETE' THEN RETURN OLD; END IF; IF NEW.status = 'active' THEN INSERT INTO bridge_counts AS b (country, direction, layer, domain, n) SELECT NEW.country, direction, layer, domain, COUNT(*) FROM capabilities WHERE org_seq = NEW.seq AND domain <> '' GROUP BY direction, layer, domain ON CONFLICT (country, direction, layer, domain) DO UPDATE SET n = b.n + EXCLUDED.n; INSERT INTO bridge_needs (org_seq, country, n) SELECT NEW.seq, NEW.country, COUNT(*) FROM capabilities WHERE org_seq = NEW.seq AND direction = 'need' AND domain <> '' HAVING COUNT(*) > 0; END IF; RETURN NULL; END $$;
CREATE TRIGGER bridge_counts_organisation_update AFTER UPDATE OF country, status ON organisations FOR EACH ROW WHEN (OLD.country IS DISTINCT FROM NEW.country OR OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION bridge_counts_organisation_track();
CREATE TRIGGER bridge_counts_organisation_delete BEFORE DELETE ON organisations FOR EACH ROW WHEN (OLD.status = 'active') EXECUTE FUNCTION bridge_counts_organisation_track();
