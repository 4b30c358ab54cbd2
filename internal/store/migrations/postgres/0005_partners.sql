-- Partner matchmaking: candidates by capability domain, introductions
-- between organisations and the contacts they disclose.

-- The domain arm of PartnerCandidates: organisations with a capability in
-- a domain, in a direction.
CREATE INDEX capabilities_direction_domain ON capabilities (direction, domain, org_seq);

-- An organisation's contact, disclosed only to its members, the
-- secretariat and the requesters of its accepted introductions.
CREATE TABLE organisation_contacts (
    org_seq       BIGINT PRIMARY KEY REFERENCES organisations (seq) ON DELETE CASCADE,
    contact_name  TEXT NOT NULL DEFAULT '',
    contact_email TEXT NOT NULL DEFAULT '',
    updated_at    TIMESTAMPTZ NOT NULL
);

-- A request from one organisation to be introduced to another, and its
-- answer.
CREATE TABLE introductions (
    id             TEXT PRIMARY KEY,
    from_org       BIGINT NOT NULL REFERENCES organisations (seq) ON DELETE CASCADE,
    to_org         BIGINT NOT NULL REFERENCES organisations (seq) ON DELETE CASCADE,
    purpose        TEXT NOT NULL DEFAULT '',
    message        TEXT NOT NULL DEFAULT '',
    status         TEXT NOT NULL DEFAULT 'requested',
    decline_reason TEXT NOT NULL DEFAULT '',
    project_id     TEXT NOT NULL DEFAULT '',
    created_at     TIMESTAMPTZ NOT NULL,
    answered_at    TIMESTAMPTZ,
    converted_at   TIMESTAMPTZ
);
CREATE INDEX introductions_from ON introductions (from_org, created_at);
CREATE INDEX introductions_to ON introductions (to_org, created_at);

-- Every step of an introduction, with its time and actor.
CREATE TABLE introduction_events (
    intro_id TEXT NOT NULL REFERENCES introductions (id) ON DELETE CASCADE,
    seq      INTEGER NOT NULL,
    at       TIMESTAMPTZ NOT NULL,
    actor    TEXT NOT NULL,
    action   TEXT NOT NULL,
    PRIMARY KEY (intro_id, seq)
);
