-- The log of changes to organisations that the in-memory search index
-- (package orgindex) follows: one row per organisation, with the version
-- of its latest insert, update or delete. A search reads the rows after
-- the version its index holds and applies them (docs/search.md, "The
-- search index in memory"). SQLite runs one writer at a time, so versions
-- are handed out, and committed, in order.
CREATE TABLE organisation_changes (
    org_seq INTEGER PRIMARY KEY,
    version INTEGER NOT NULL
);
CREATE UNIQUE INDEX organisation_changes_version ON organisation_changes (version);

CREATE TRIGGER organisations_change_insert AFTER INSERT ON organisations BEGIN
    INSERT INTO organisation_changes (org_seq, version)
    VALUES (new.seq, (SELECT coalesce(max(version), 0) + 1 FROM organisation_changes))
    ON CONFLICT (org_seq) DO UPDATE SET version = excluded.version;
END;
CREATE TRIGGER organisations_change_update AFTER UPDATE ON organisations BEGIN
    INSERT INTO organisation_changes (org_seq, version)
    VALUES (new.seq, (SELECT coalesce(max(version), 0) + 1 FROM organisation_changes))
    ON CONFLICT (org_seq) DO UPDATE SET version = excluded.version;
END;
CREATE TRIGGER organisations_change_delete AFTER DELETE ON organisations BEGIN
    INSERT INTO organisation_changes (org_seq, version)
    VALUES (old.seq, (SELECT coalesce(max(version), 0) + 1 FROM organisation_changes))
    ON CONFLICT (org_seq) DO UPDATE SET version = excluded.version;
END;
