-- The investment and fast-track desk: leads and their stages, barriers,
-- their events and targets, and the reminders sent about them.

CREATE TABLE desk_leads (
    id              TEXT PRIMARY KEY,
    investor_org    BIGINT NOT NULL REFERENCES organisations (seq) ON DELETE CASCADE,
    origin_country  TEXT NOT NULL,
    segment         TEXT NOT NULL,
    layers          TEXT NOT NULL DEFAULT '',
    amount          BIGINT NOT NULL DEFAULT 0,
    currency        TEXT NOT NULL DEFAULT '',
    location        TEXT NOT NULL DEFAULT '',
    officer         TEXT NOT NULL DEFAULT '',
    next_action     TEXT NOT NULL DEFAULT '',
    next_action_due TEXT NOT NULL DEFAULT '',
    notes           TEXT NOT NULL DEFAULT '',
    stage           TEXT NOT NULL,
    stage_since     TIMESTAMPTZ NOT NULL,
    lost_reason     TEXT NOT NULL DEFAULT '',
    lost_text       TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX desk_leads_investor ON desk_leads (investor_org);
CREATE INDEX desk_leads_stage ON desk_leads (stage, stage_since);
CREATE INDEX desk_leads_segment ON desk_leads (segment);
CREATE INDEX desk_leads_origin ON desk_leads (origin_country);
CREATE INDEX desk_leads_next_action ON desk_leads (next_action_due);

-- Every move of a lead into a stage. left_at and days are set when the
-- lead moves on, so the time spent in each stage is counted from an index.
CREATE TABLE desk_lead_stages (
    lead_id     TEXT NOT NULL REFERENCES desk_leads (id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    stage       TEXT NOT NULL,
    at          TIMESTAMPTZ NOT NULL,
    actor       TEXT NOT NULL,
    lost_reason TEXT NOT NULL DEFAULT '',
    lost_text   TEXT NOT NULL DEFAULT '',
    left_at     TIMESTAMPTZ,
    days        INTEGER,
    PRIMARY KEY (lead_id, seq)
);
CREATE INDEX desk_lead_stages_days ON desk_lead_stages (stage, days);

-- The secretariat's target resolution time per barrier category, where it
-- differs from the default.
CREATE TABLE desk_targets (
    category   TEXT PRIMARY KEY,
    days       INTEGER NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    updated_by TEXT NOT NULL
);

-- A barrier case. target_days and due_at are fixed when it opens.
CREATE TABLE desk_barriers (
    id            TEXT PRIMARY KEY,
    lead_id       TEXT REFERENCES desk_leads (id) ON DELETE CASCADE,
    org_seq       BIGINT NOT NULL REFERENCES organisations (seq) ON DELETE CASCADE,
    category      TEXT NOT NULL,
    jurisdiction  TEXT NOT NULL,
    description   TEXT NOT NULL,
    agency        TEXT NOT NULL,
    opened_at     TIMESTAMPTZ NOT NULL,
    target_days   INTEGER NOT NULL,
    due_at        TIMESTAMPTZ NOT NULL,
    level         INTEGER NOT NULL DEFAULT 0,
    status        TEXT NOT NULL DEFAULT 'open',
    resolution    TEXT NOT NULL DEFAULT '',
    resolved_at   TIMESTAMPTZ,
    resolved_days INTEGER,
    within_target INTEGER
);
CREATE INDEX desk_barriers_queue ON desk_barriers (status, due_at);
CREATE INDEX desk_barriers_org ON desk_barriers (org_seq);
CREATE INDEX desk_barriers_lead ON desk_barriers (lead_id);
CREATE INDEX desk_barriers_category ON desk_barriers (category, status, resolved_days, within_target);
CREATE INDEX desk_barriers_jurisdiction ON desk_barriers (jurisdiction, status, resolved_days, within_target);

-- Every step of a barrier: opened, escalated, resolved.
CREATE TABLE desk_barrier_events (
    barrier_id TEXT NOT NULL REFERENCES desk_barriers (id) ON DELETE CASCADE,
    seq        INTEGER NOT NULL,
    at         TIMESTAMPTZ NOT NULL,
    actor      TEXT NOT NULL,
    action     TEXT NOT NULL,
    level      INTEGER NOT NULL,
    note       TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (barrier_id, seq)
);

-- Reminders claimed or sent, one row per reminder and channel: the key
-- makes sending the same reminder twice impossible.
CREATE TABLE desk_reminders (
    key        TEXT PRIMARY KEY,
    kind       TEXT NOT NULL,
    subject    TEXT NOT NULL,
    channel    TEXT NOT NULL,
    status     TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    sent_at    TIMESTAMPTZ
);

-- Every attempt to deliver reminders, by e-mail or webhook.
CREATE TABLE desk_deliveries (
    id       BIGSERIAL PRIMARY KEY,
    run_id   TEXT NOT NULL,
    channel  TEXT NOT NULL,
    target   TEXT NOT NULL,
    attempt  INTEGER NOT NULL,
    items    INTEGER NOT NULL,
    ok       INTEGER NOT NULL,
    status   TEXT NOT NULL DEFAULT '',
    error    TEXT NOT NULL DEFAULT '',
    at       TIMESTAMPTZ NOT NULL
);
CREATE INDEX desk_deliveries_run ON desk_deliveries (run_id);
