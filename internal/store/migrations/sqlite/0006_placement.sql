-- Placement rounds: the talent clearinghouse in the application (issue 6).
-- A round's positions, the applicants' and hosts' rankings, the match
-- results (immutable: a re-run is a new run), and the placements tracked
-- home with the ledger outputs they brought back.

-- A placement round of a framework or programme, and its timetable.
CREATE TABLE placement_rounds (
    id                 TEXT PRIMARY KEY,
    title              TEXT NOT NULL,
    framework_id       TEXT NOT NULL DEFAULT '',
    programme          TEXT NOT NULL DEFAULT '',
    seed               INTEGER NOT NULL DEFAULT 0,
    positions_open     TEXT NOT NULL,
    applications_close TEXT NOT NULL,
    ranking_close      TEXT NOT NULL,
    results_due        TEXT NOT NULL,
    published_run      TEXT NOT NULL DEFAULT '',
    published_at       TEXT,
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL
);

-- A host country's cap on the placements of a round.
CREATE TABLE placement_caps (
    round_id TEXT NOT NULL REFERENCES placement_rounds (id) ON DELETE CASCADE,
    country  TEXT NOT NULL,
    cap      INTEGER NOT NULL,
    PRIMARY KEY (round_id, country)
) WITHOUT ROWID;

-- A position a host organisation offers in a round. target is -1 when
-- not set.
CREATE TABLE placement_positions (
    seq             INTEGER PRIMARY KEY,
    id              TEXT NOT NULL UNIQUE,
    round_id        TEXT NOT NULL REFERENCES placement_rounds (id) ON DELETE CASCADE,
    host_org        TEXT NOT NULL,
    title           TEXT NOT NULL,
    lab             TEXT NOT NULL DEFAULT '',
    city            TEXT NOT NULL DEFAULT '',
    country         TEXT NOT NULL,
    capacity        INTEGER NOT NULL,
    target          INTEGER NOT NULL DEFAULT -1,
    layers          TEXT NOT NULL DEFAULT '[]',
    domains         TEXT NOT NULL DEFAULT '[]',
    requirements    TEXT NOT NULL DEFAULT '',
    duration_months INTEGER NOT NULL DEFAULT 0,
    ranking         TEXT NOT NULL DEFAULT '[]',
    created_at      TEXT NOT NULL
);
CREATE INDEX placement_positions_round ON placement_positions (round_id, seq);
CREATE INDEX placement_positions_host ON placement_positions (host_org);

-- An applicant's application to a round: the positions it ranks, most
-- preferred first, tie groups as inner arrays.
CREATE TABLE placement_applications (
    round_id   TEXT NOT NULL REFERENCES placement_rounds (id) ON DELETE CASCADE,
    person_id  TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    ranking    TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (round_id, person_id)
) WITHOUT ROWID;

-- The positions an application ranks, so that a host finds its applicants.
CREATE TABLE placement_choices (
    round_id    TEXT NOT NULL,
    person_id   TEXT NOT NULL,
    position_id TEXT NOT NULL REFERENCES placement_positions (id) ON DELETE CASCADE,
    PRIMARY KEY (position_id, person_id),
    FOREIGN KEY (round_id, person_id) REFERENCES placement_applications (round_id, person_id) ON DELETE CASCADE
) WITHOUT ROWID;

-- A run of a round's match. Rows are only ever inserted: a re-run is a
-- new row. input is ROUND.json as the engine read it; input_sha256 its
-- digest.
CREATE TABLE placement_runs (
    id           TEXT PRIMARY KEY,
    round_id     TEXT NOT NULL REFERENCES placement_rounds (id) ON DELETE CASCADE,
    number       INTEGER NOT NULL,
    seed         INTEGER NOT NULL,
    input_sha256 TEXT NOT NULL,
    input        TEXT NOT NULL,
    verdict_ok   INTEGER NOT NULL,
    verdict      TEXT NOT NULL,
    applicants   INTEGER NOT NULL,
    positions    INTEGER NOT NULL,
    assigned     INTEGER NOT NULL,
    proposals    INTEGER NOT NULL,
    ran_at       TEXT NOT NULL,
    actor        TEXT NOT NULL,
    UNIQUE (round_id, number)
);

-- Each applicant's outcome in a run, and why not higher.
CREATE TABLE placement_run_assignments (
    run_id      TEXT NOT NULL REFERENCES placement_runs (id) ON DELETE CASCADE,
    person_id   TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    position_id TEXT NOT NULL DEFAULT '',
    explanation TEXT NOT NULL,
    PRIMARY KEY (run_id, person_id)
) WITHOUT ROWID;

-- Each position's view of a run: why its higher-ranked applicants are
-- elsewhere.
CREATE TABLE placement_run_hosts (
    run_id      TEXT NOT NULL REFERENCES placement_runs (id) ON DELETE CASCADE,
    position_id TEXT NOT NULL,
    explanation TEXT NOT NULL,
    PRIMARY KEY (run_id, position_id)
) WITHOUT ROWID;

-- A placement of a published run, tracked started -> completed ->
-- returned home.
CREATE TABLE placements (
    id           TEXT PRIMARY KEY,
    round_id     TEXT NOT NULL REFERENCES placement_rounds (id) ON DELETE CASCADE,
    run_id       TEXT NOT NULL REFERENCES placement_runs (id) ON DELETE CASCADE,
    person_id    TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    position_id  TEXT NOT NULL REFERENCES placement_positions (id) ON DELETE CASCADE,
    status       TEXT NOT NULL,
    started_on   TEXT NOT NULL DEFAULT '',
    completed_on TEXT NOT NULL DEFAULT '',
    returned_on  TEXT NOT NULL DEFAULT '',
    updated_at   TEXT NOT NULL
);
CREATE INDEX placements_round ON placements (round_id, status);
CREATE INDEX placements_position ON placements (position_id);

-- The ledger outputs a placement produced.
CREATE TABLE placement_outputs (
    placement_id TEXT NOT NULL REFERENCES placements (id) ON DELETE CASCADE,
    output_id    TEXT NOT NULL REFERENCES outputs (id) ON DELETE CASCADE,
    PRIMARY KEY (placement_id, output_id)
) WITHOUT ROWID;
