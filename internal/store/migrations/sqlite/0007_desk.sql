-- The investment and fast-track desk: leads and their stages, barriers,
-- their events and targets, and the reminders sent about them.
-- Timestamps are fixed-width RFC 3339 text (microseconds, UTC), so that
-- they compare as text.

CREATE TABLE desk_leads (
    id              TEXT PRIMARY KEY,
    investor_org    INTEGER NOT NULL REFERENCES organisations (seq) ON DELETE CASCADE,
    origin_country  TEXT NOT NULL,
    segment         TEXT NOT NULL,
    layers          TEXT NOT NULL DEFAULT '',
    amount          INTEGER NOT NULL DEFAULT 0,
    currency        TEXT NOT NULL DEFAULT '',
    location        TEXT NOT NULL DEFAULT '',
    officer         TEXT NOT NULL DEFAULT '',
    next_action     TEXT NOT NULL DEFAULT '',
    next_action_due TEXT NOT NULL DEFAULT '',
    notes           TEXT NOT NULL DEFAULT '',
    stage           TEXT NOT NULL,
    stage_since     TEXT NOT NULL,
    lost_reason     TEXT NOT NULL DEFAULT '',
    lost_text       TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE INDEX desk_leads_investor ON desk_leads (investor_org);
CREATE INDEX desk_leads_stage ON desk_leads (stage, stage_since);
CREATE INDEX desk_leads_next_action ON desk_leads (next_action_due);

-- Every move of a lead into a stage. left_at and days are set when the
-- lead moves on: the days spent in the stage.
CREATE TABLE desk_lead_stages (
    lead_id     TEXT NOT NULL REFERENCES desk_leads (id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    stage       TEXT NOT NULL,
    at          TEXT NOT NULL,
    actor       TEXT NOT NULL,
    lost_reason TEXT NOT NULL DEFAULT '',
    lost_text   TEXT NOT NULL DEFAULT '',
    left_at     TEXT,
    days        INTEGER,
    PRIMARY KEY (lead_id, seq)
) WITHOUT ROWID;

-- The secretariat's target resolution time per barrier category, where it
-- differs from the default.
CREATE TABLE desk_targets (
    category   TEXT PRIMARY KEY,
    days       INTEGER NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
);

-- A barrier case. target_days and due_at are fixed when it opens.
CREATE TABLE desk_barriers (
    id            TEXT PRIMARY KEY,
    lead_id       TEXT REFERENCES desk_leads (id) ON DELETE CASCADE,
    org_seq       INTEGER NOT NULL REFERENCES organisations (seq) ON DELETE CASCADE,
    category      TEXT NOT NULL,
    jurisdiction  TEXT NOT NULL,
    description   TEXT NOT NULL,
    agency        TEXT NOT NULL,
    opened_at     TEXT NOT NULL,
    target_days   INTEGER NOT NULL,
    due_at        TEXT NOT NULL,
    level         INTEGER NOT NULL DEFAULT 0,
    status        TEXT NOT NULL DEFAULT 'open',
    resolution    TEXT NOT NULL DEFAULT '',
    resolved_at   TEXT,
    resolved_days INTEGER,
    within_target INTEGER
);
CREATE INDEX desk_barriers_queue ON desk_barriers (status, due_at);
CREATE INDEX desk_barriers_org ON desk_barriers (org_seq);
CREATE INDEX desk_barriers_lead ON desk_barriers (lead_id);

-- Every step of a barrier: opened, escalated, resolved.
CREATE TABLE desk_barrier_events (
    barrier_id TEXT NOT NULL REFERENCES desk_barriers (id) ON DELETE CASCADE,
    seq        INTEGER NOT NULL,
    at         TEXT NOT NULL,
    actor      TEXT NOT NULL,
    action     TEXT NOT NULL,
    level      INTEGER NOT NULL,
    note       TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (barrier_id, seq)
) WITHOUT ROWID;

-- Reminders, one row per reminder and channel: the key makes sending the
-- same reminder twice impossible. A run records a reminder as sent when it
-- claims it, just before sending (so a run that dies in between never
-- sends it: at most once); one whose delivery failed is marked failed and
-- claimed again by the next run. run_id names the run that claimed it.
CREATE TABLE desk_reminders (
    key        TEXT PRIMARY KEY,
    kind       TEXT NOT NULL,
    subject    TEXT NOT NULL,
    channel    TEXT NOT NULL,
    status     TEXT NOT NULL,
    run_id     TEXT NOT NULL,
    claimed_at TEXT NOT NULL
);

-- Every attempt to deliver reminders, by e-mail or webhook.
CREATE TABLE desk_deliveries (
    id       INTEGER PRIMARY KEY,
    run_id   TEXT NOT NULL,
    channel  TEXT NOT NULL,
    target   TEXT NOT NULL,
    attempt  INTEGER NOT NULL,
    items    INTEGER NOT NULL,
    ok       INTEGER NOT NULL,
    status   TEXT NOT NULL DEFAULT '',
    error    TEXT NOT NULL DEFAULT '',
    at       TEXT NOT NULL
);
CREATE INDEX desk_deliveries_run ON desk_deliveries (run_id);

-- The counts the public statistics read, kept by triggers on every insert,
-- update and delete (cascades included), so that the figures cost a scan
-- of a few hundred rows rather than of every lead and barrier. A count
-- may fall to 0; readers skip those rows.

-- Barriers by category, jurisdiction and, once resolved, the days taken
-- and whether within target (resolved_days -1: still open).
CREATE TABLE desk_barrier_bins (
    category      TEXT NOT NULL,
    jurisdiction  TEXT NOT NULL,
    resolved_days INTEGER NOT NULL,
    within_target INTEGER NOT NULL,
    n             BIGINT NOT NULL,
    PRIMARY KEY (category, jurisdiction, resolved_days, within_target)
);

-- Leads by segment, stage and origin country.
CREATE TABLE desk_lead_counts (
    segment        TEXT NOT NULL,
    stage          TEXT NOT NULL,
    origin_country TEXT NOT NULL,
    n              BIGINT NOT NULL,
    PRIMARY KEY (segment, stage, origin_country)
);

-- Completed stays in a stage, by the days they lasted.
CREATE TABLE desk_stay_bins (
    stage TEXT NOT NULL,
    days  INTEGER NOT NULL,
    n     BIGINT NOT NULL,
    PRIMARY KEY (stage, days)
);

CREATE TRIGGER desk_barrier_bins_insert AFTER INSERT ON desk_barriers BEGIN
    INSERT INTO desk_barrier_bins (category, jurisdiction, resolved_days, within_target, n)
        VALUES (NEW.category, NEW.jurisdiction, COALESCE(NEW.resolved_days, -1), COALESCE(NEW.within_target, 0), 1)
        ON CONFLICT (category, jurisdiction, resolved_days, within_target) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER desk_barrier_bins_delete AFTER DELETE ON desk_barriers BEGIN
    UPDATE desk_barrier_bins SET n = n - 1 WHERE category = OLD.category AND jurisdiction = OLD.jurisdiction
        AND resolved_days = COALESCE(OLD.resolved_days, -1) AND within_target = COALESCE(OLD.within_target, 0);
END;
CREATE TRIGGER desk_barrier_bins_update AFTER UPDATE OF category, jurisdiction, resolved_days, within_target ON desk_barriers BEGIN
    UPDATE desk_barrier_bins SET n = n - 1 WHERE category = OLD.category AND jurisdiction = OLD.jurisdiction
        AND resolved_days = COALESCE(OLD.resolved_days, -1) AND within_target = COALESCE(OLD.within_target, 0);
    INSERT INTO desk_barrier_bins (category, jurisdiction, resolved_days, within_target, n)
        VALUES (NEW.category, NEW.jurisdiction, COALESCE(NEW.resolved_days, -1), COALESCE(NEW.within_target, 0), 1)
        ON CONFLICT (category, jurisdiction, resolved_days, within_target) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER desk_lead_counts_insert AFTER INSERT ON desk_leads BEGIN
    INSERT INTO desk_lead_counts (segment, stage, origin_country, n) VALUES (NEW.segment, NEW.stage, NEW.origin_country, 1)
        ON CONFLICT (segment, stage, origin_country) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER desk_lead_counts_delete AFTER DELETE ON desk_leads BEGIN
    UPDATE desk_lead_counts SET n = n - 1 WHERE segment = OLD.segment AND stage = OLD.stage AND origin_country = OLD.origin_country;
END;
CREATE TRIGGER desk_lead_counts_update AFTER UPDATE OF segment, stage, origin_country ON desk_leads BEGIN
    UPDATE desk_lead_counts SET n = n - 1 WHERE segment = OLD.segment AND stage = OLD.stage AND origin_country = OLD.origin_country;
    INSERT INTO desk_lead_counts (segment, stage, origin_country, n) VALUES (NEW.segment, NEW.stage, NEW.origin_country, 1)
        ON CONFLICT (segment, stage, origin_country) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER desk_stay_bins_insert AFTER INSERT ON desk_lead_stages BEGIN
    INSERT INTO desk_stay_bins (stage, days, n) SELECT NEW.stage, NEW.days, 1 WHERE NEW.days IS NOT NULL
        ON CONFLICT (stage, days) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER desk_stay_bins_delete AFTER DELETE ON desk_lead_stages BEGIN
    UPDATE desk_stay_bins SET n = n - 1 WHERE stage = OLD.stage AND days = OLD.days;
END;
CREATE TRIGGER desk_stay_bins_update AFTER UPDATE OF stage, days ON desk_lead_stages BEGIN
    UPDATE desk_stay_bins SET n = n - 1 WHERE stage = OLD.stage AND days = OLD.days;
    INSERT INTO desk_stay_bins (stage, days, n) SELECT NEW.stage, NEW.days, 1 WHERE NEW.days IS NOT NULL
        ON CONFLICT (stage, days) DO UPDATE SET n = n + 1;
END;
