-- The audit trail: an append-only, hash-chained log of every change
-- (docs/operations.md, "Audit trail"). hash = sha256(prev_hash || the
-- canonical encoding of the entry); the store writes an entry in the
-- transaction of the change it records. before and after are TEXT, not
-- JSONB, so that the hashed bytes are kept exactly.
CREATE TABLE audit_log (
    seq         BIGINT PRIMARY KEY,
    at          TIMESTAMPTZ NOT NULL,
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

-- The tail of the chain: one row, which every append locks (SELECT ... FOR
-- UPDATE) until its transaction ends, so appends are serialised.
CREATE TABLE audit_head (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    seq  BIGINT NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

-- Changing or removing an entry needs this trigger dropped first.
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

-- One key per person seals the personal fields of that person's audit
-- entries; erasing the person destroys the key (crypto-shredding).
CREATE TABLE person_keys (
    person_id TEXT PRIMARY KEY,
    key       BYTEA NOT NULL
);
