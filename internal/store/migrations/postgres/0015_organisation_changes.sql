-- The log of changes to organisations that the in-memory search index
-- (package orgindex) follows: one row per organisation, with the version
-- of its latest insert, update or delete. A search reads the rows after
-- the version its index holds and applies them (docs/search.md, "The
-- search index in memory").
--
-- A reader must never see version n+1 committed while n is still to
-- come, or it would skip n for good. So versions come from one counter
-- row, which the trigger updates: its row lock holds a second writer of
-- organisations until the first commits, and versions commit in order.
CREATE TABLE organisation_changes (
    org_seq BIGINT PRIMARY KEY,
    version BIGINT NOT NULL UNIQUE
);
CREATE TABLE organisation_change_counter (
    one     BOOLEAN PRIMARY KEY DEFAULT true CHECK (one),
    version BIGINT NOT NULL
);
INSERT INTO organisation_change_counter (one, version) VALUES (true, 0);

CREATE FUNCTION organisations_note_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    v BIGINT;
    s BIGINT;
BEGIN
    UPDATE organisation_change_counter SET version = version + 1 RETURNING version INTO v;
    IF TG_OP = 'DELETE' THEN
        s := OLD.seq;
    ELSE
        s := NEW.seq;
    END IF;
    INSERT INTO organisation_changes (org_seq, version) VALUES (s, v)
    ON CONFLICT (org_seq) DO UPDATE SET version = EXCLUDED.version;
    RETURN NULL;
END $$;
CREATE TRIGGER organisations_change AFTER INSERT OR UPDATE OR DELETE ON organisations
    FOR EACH ROW EXECUTE FUNCTION organisations_note_change();
