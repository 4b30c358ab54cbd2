-- The cooperation ledger: frameworks, their commitments, and the projects,
-- milestones and outputs that keep them (internal/ledger, docs/ledger.md).
-- Dates are TEXT in ISO 8601 at the precision known ('2030', '2025-08',
-- '2026-04-21', '' for none); amounts are BIGINT hundredths of a currency
-- unit. A commitment has no status column: its status is derived.
-- Organisation ids are the registry's; the store checks that they exist,
-- so deleting an organisation is not blocked by the ledger.

CREATE TABLE frameworks (
    seq          INTEGER PRIMARY KEY,
    id           TEXT NOT NULL UNIQUE,
    title        TEXT NOT NULL,
    kind         TEXT NOT NULL,
    date         TEXT NOT NULL DEFAULT '',
    period_start TEXT NOT NULL DEFAULT '',
    period_end   TEXT NOT NULL DEFAULT '',
    src_citation TEXT NOT NULL DEFAULT '',
    src_url      TEXT NOT NULL DEFAULT '',
    src_locator  TEXT NOT NULL DEFAULT '',
    src_note     TEXT NOT NULL DEFAULT '',
    summary      TEXT NOT NULL DEFAULT ''
);

CREATE TABLE framework_parties (
    framework_id TEXT NOT NULL REFERENCES frameworks (id) ON DELETE CASCADE,
    pos          INTEGER NOT NULL,
    country      TEXT NOT NULL DEFAULT '',
    org_id       TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (framework_id, pos)
);
CREATE INDEX framework_parties_country ON framework_parties (country);

CREATE TABLE framework_implements (
    framework_id TEXT NOT NULL REFERENCES frameworks (id) ON DELETE CASCADE,
    pos          INTEGER NOT NULL,
    value        TEXT NOT NULL,
    PRIMARY KEY (framework_id, pos)
);

CREATE TABLE commitments (
    seq          INTEGER PRIMARY KEY,
    id           TEXT NOT NULL UNIQUE,
    framework_id TEXT NOT NULL REFERENCES frameworks (id),
    text         TEXT NOT NULL,
    target       TEXT NOT NULL DEFAULT '',
    resp_country TEXT NOT NULL DEFAULT '',
    resp_org_id  TEXT NOT NULL DEFAULT '',
    src_citation TEXT NOT NULL DEFAULT '',
    src_url      TEXT NOT NULL DEFAULT '',
    src_locator  TEXT NOT NULL DEFAULT '',
    src_note     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX commitments_framework ON commitments (framework_id);

CREATE TABLE commitment_layers (
    commitment_id TEXT NOT NULL REFERENCES commitments (id) ON DELETE CASCADE,
    pos           INTEGER NOT NULL,
    value         TEXT NOT NULL,
    PRIMARY KEY (commitment_id, pos)
);
CREATE INDEX commitment_layers_value ON commitment_layers (value);

CREATE TABLE commitment_domains (
    commitment_id TEXT NOT NULL REFERENCES commitments (id) ON DELETE CASCADE,
    pos           INTEGER NOT NULL,
    value         TEXT NOT NULL,
    PRIMARY KEY (commitment_id, pos)
);
CREATE INDEX commitment_domains_value ON commitment_domains (value);

CREATE TABLE projects (
    seq            INTEGER PRIMARY KEY,
    id             TEXT NOT NULL UNIQUE,
    reporting_org  TEXT NOT NULL,
    title          TEXT NOT NULL,
    description    TEXT NOT NULL DEFAULT '',
    status         INTEGER NOT NULL,
    planned_start  TEXT NOT NULL DEFAULT '',
    planned_end    TEXT NOT NULL DEFAULT '',
    actual_start   TEXT NOT NULL DEFAULT '',
    actual_end     TEXT NOT NULL DEFAULT '',
    parent_id      TEXT NOT NULL DEFAULT '',
    sample         INTEGER NOT NULL DEFAULT 0,
    prov_source    TEXT NOT NULL DEFAULT '',
    prov_source_id TEXT NOT NULL DEFAULT '',
    prov_release   TEXT NOT NULL DEFAULT '',
    prov_licence   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX projects_status ON projects (status);
CREATE INDEX projects_parent ON projects (parent_id);

CREATE TABLE project_participants (
    project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    pos        INTEGER NOT NULL,
    org_id     TEXT NOT NULL,
    role       INTEGER NOT NULL,
    home       INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (project_id, pos)
);
CREATE INDEX project_participants_org ON project_participants (org_id);

CREATE TABLE project_countries (
    project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    pos        INTEGER NOT NULL,
    value      TEXT NOT NULL,
    PRIMARY KEY (project_id, pos)
);
CREATE INDEX project_countries_value ON project_countries (value);

CREATE TABLE project_layers (
    project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    pos        INTEGER NOT NULL,
    value      TEXT NOT NULL,
    PRIMARY KEY (project_id, pos)
);
CREATE INDEX project_layers_value ON project_layers (value);

CREATE TABLE project_domains (
    project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    pos        INTEGER NOT NULL,
    value      TEXT NOT NULL,
    PRIMARY KEY (project_id, pos)
);
CREATE INDEX project_domains_value ON project_domains (value);

-- A project serves many commitments and a commitment has many projects.
CREATE TABLE project_commitments (
    project_id    TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    pos           INTEGER NOT NULL,
    value         TEXT NOT NULL REFERENCES commitments (id),
    PRIMARY KEY (project_id, pos),
    UNIQUE (project_id, value)
);
CREATE INDEX project_commitments_commitment ON project_commitments (value);

CREATE TABLE budgets (
    project_id   TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    pos          INTEGER NOT NULL,
    period_start TEXT NOT NULL,
    period_end   TEXT NOT NULL,
    value        BIGINT NOT NULL,
    currency     TEXT NOT NULL,
    PRIMARY KEY (project_id, pos)
);

CREATE TABLE transactions (
    project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    pos        INTEGER NOT NULL,
    type       INTEGER NOT NULL,
    date       TEXT NOT NULL,
    value      BIGINT NOT NULL,
    currency   TEXT NOT NULL,
    PRIMARY KEY (project_id, pos)
);

CREATE TABLE milestones (
    seq        INTEGER PRIMARY KEY,
    id         TEXT NOT NULL UNIQUE,
    project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    title      TEXT NOT NULL,
    due        TEXT NOT NULL,
    completed  TEXT NOT NULL DEFAULT '',
    evidence   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX milestones_project ON milestones (project_id);

CREATE TABLE outputs (
    seq           INTEGER PRIMARY KEY,
    id            TEXT NOT NULL UNIQUE,
    project_id    TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    kind          TEXT NOT NULL,
    title         TEXT NOT NULL,
    date          TEXT NOT NULL DEFAULT '',
    link          TEXT NOT NULL DEFAULT '',
    licence       TEXT NOT NULL DEFAULT '',
    count         INTEGER NOT NULL DEFAULT 0,
    ip_holder     TEXT NOT NULL DEFAULT '',
    licensed_home INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX outputs_project ON outputs (project_id);
