-- The audit trail: an append-only, hash-chained log of every change
-- (docs/operations.md, "Audit trail"). hash = sha256(prev_hash || the
-- canonical encoding of the entry); the store writes an entry in the
-- transaction of the change it records.
CREATE TABLE audit_log (
    seq         INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL,
    entity_type TEXT NOT NULL,
    entity_id   TEXT NOT NULL,
    before      TEXT NOT NULL DEFAULT 'null',
    after       TEXT NOT NULL DEFAULT 'null',
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL
);
CREATE INDEX audit_log_entity ON audit_log (entity_type, entity_id, seq);

-- The tail of the chain: one row, locked by every append (SQLite's single
-- writer serialises appends anyway).
CREATE TABLE audit_head (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    seq  INTEGER NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

-- Changing or removing an entry needs these triggers dropped first.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

-- One key per person seals the personal fields of that person's audit
-- entries; erasing the person destroys the key (crypto-shredding).
CREATE TABLE person_keys (
    person_id TEXT PRIMARY KEY,
    key       BLOB NOT NULL
);
