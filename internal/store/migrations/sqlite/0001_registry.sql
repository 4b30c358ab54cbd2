-- The ecosystem registry: vocabularies, organisations and people.

CREATE TABLE kinds (
    code  TEXT PRIMARY KEY,
    label TEXT NOT NULL
);

CREATE TABLE domains (
    code  TEXT PRIMARY KEY,
    label TEXT NOT NULL
);

CREATE TABLE organisations (
    seq            INTEGER PRIMARY KEY,
    id             TEXT NOT NULL UNIQUE,
    name           TEXT NOT NULL,
    kind           TEXT NOT NULL REFERENCES kinds (code),
    country        TEXT NOT NULL,
    city           TEXT NOT NULL DEFAULT '',
    established    INTEGER,
    website        TEXT NOT NULL DEFAULT '',
    description    TEXT NOT NULL DEFAULT '',
    status         TEXT NOT NULL DEFAULT 'active',
    sample         INTEGER NOT NULL DEFAULT 0,
    prov_source    TEXT NOT NULL DEFAULT '',
    prov_source_id TEXT NOT NULL DEFAULT '',
    prov_release   TEXT NOT NULL DEFAULT '',
    prov_licence   TEXT NOT NULL DEFAULT '',
    content_hash   TEXT NOT NULL DEFAULT '',
    search_names   TEXT NOT NULL DEFAULT '',
    search_body    TEXT NOT NULL DEFAULT '',
    search_tags    TEXT NOT NULL DEFAULT '', -- filter tokens, see search_tags.go
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);
CREATE INDEX organisations_country_kind ON organisations (country, kind);
CREATE INDEX organisations_kind ON organisations (kind);
CREATE INDEX organisations_name ON organisations (name);

-- The tables that hang off an organisation are clustered by their primary
-- key (WITHOUT ROWID): one b-tree per table instead of a rowid table and a
-- primary-key index, and an organisation's rows read together.
CREATE TABLE organisation_names (
    org_seq  INTEGER NOT NULL REFERENCES organisations (seq) ON DELETE CASCADE,
    pos      INTEGER NOT NULL,
    type     TEXT NOT NULL,
    value    TEXT NOT NULL,
    lang     TEXT NOT NULL DEFAULT '',
    name_key TEXT NOT NULL,
    PRIMARY KEY (org_seq, pos)
) WITHOUT ROWID;
CREATE INDEX organisation_names_key ON organisation_names (name_key);

CREATE TABLE organisation_external_ids (
    org_seq INTEGER NOT NULL REFERENCES organisations (seq) ON DELETE CASCADE,
    scheme  TEXT NOT NULL,
    value   TEXT NOT NULL,
    PRIMARY KEY (org_seq, scheme),
    UNIQUE (scheme, value)
) WITHOUT ROWID;

CREATE TABLE organisation_layers (
    org_seq INTEGER NOT NULL REFERENCES organisations (seq) ON DELETE CASCADE,
    layer   TEXT NOT NULL,
    PRIMARY KEY (org_seq, layer)
) WITHOUT ROWID;
CREATE INDEX organisation_layers_layer ON organisation_layers (layer, org_seq);

CREATE TABLE organisation_domains (
    org_seq INTEGER NOT NULL REFERENCES organisations (seq) ON DELETE CASCADE,
    domain  TEXT NOT NULL REFERENCES domains (code),
    PRIMARY KEY (org_seq, domain)
) WITHOUT ROWID;
CREATE INDEX organisation_domains_domain ON organisation_domains (domain, org_seq);

CREATE TABLE capabilities (
    org_seq   INTEGER NOT NULL REFERENCES organisations (seq) ON DELETE CASCADE,
    pos       INTEGER NOT NULL,
    direction TEXT NOT NULL,
    layer     TEXT NOT NULL DEFAULT '',
    domain    TEXT NOT NULL DEFAULT '',
    text      TEXT NOT NULL,
    PRIMARY KEY (org_seq, pos)
) WITHOUT ROWID;
CREATE INDEX capabilities_layer_domain ON capabilities (direction, layer, domain);

CREATE TABLE organisation_relationships (
    org_seq       INTEGER NOT NULL REFERENCES organisations (seq) ON DELETE CASCADE,
    pos           INTEGER NOT NULL,
    type          TEXT NOT NULL,
    target_scheme TEXT NOT NULL,
    target_value  TEXT NOT NULL,
    PRIMARY KEY (org_seq, pos)
) WITHOUT ROWID;
CREATE INDEX organisation_relationships_target ON organisation_relationships (target_scheme, target_value);

-- Full-text index over the tokens that package fulltext makes, and the
-- filter tokens of search_tags (country, kind, layers, domains, sample,
-- name length), so that filtered searches, counts and facets are doclist
-- intersections inside FTS5; user terms only ever match the first two
-- columns. detail = 'column' keeps no token positions (every query term is
-- one token, so no phrase needs them): doclists a third the size, which
-- makes the long prefix doclists of common words much cheaper to merge. The ascii
-- tokenizer splits on ASCII spaces and keeps every other character, so the
-- index holds exactly those tokens. The store adds new organisations to it
-- itself, one statement per import (FTS5 writes its pending changes at the
-- end of every statement, so a trigger per row would write one tiny
-- segment per row); updates and deletes keep it in step by triggers.
CREATE VIRTUAL TABLE organisation_fts USING fts5 (
    search_names, search_body, search_tags,
    content = 'organisations', content_rowid = 'seq',
    tokenize = 'ascii', prefix = '2 3', detail = 'column'
);
-- Every country an organisation has had: the candidate values of the
-- country facet, each counted in the full-text index (a country no longer
-- present counts 0 and is left out).
CREATE TABLE organisation_countries (
    country TEXT PRIMARY KEY
) WITHOUT ROWID;

CREATE TRIGGER organisations_fts_delete AFTER DELETE ON organisations BEGIN
    INSERT INTO organisation_fts (organisation_fts, rowid, search_names, search_body, search_tags)
    VALUES ('delete', old.seq, old.search_names, old.search_body, old.search_tags);
END;
CREATE TRIGGER organisations_fts_update AFTER UPDATE OF search_names, search_body, search_tags ON organisations BEGIN
    INSERT INTO organisation_fts (organisation_fts, rowid, search_names, search_body, search_tags)
    VALUES ('delete', old.seq, old.search_names, old.search_body, old.search_tags);
    INSERT INTO organisation_fts (rowid, search_names, search_body, search_tags)
    VALUES (new.seq, new.search_names, new.search_body, new.search_tags);
END;

CREATE TABLE people (
    seq            INTEGER PRIMARY KEY,
    id             TEXT NOT NULL UNIQUE,
    name           TEXT NOT NULL,
    home_country   TEXT NOT NULL,
    home_org_seq   INTEGER REFERENCES organisations (seq) ON DELETE SET NULL,
    email          TEXT NOT NULL DEFAULT '',
    skills         TEXT NOT NULL DEFAULT '[]',
    languages      TEXT NOT NULL DEFAULT '[]',
    layers         TEXT NOT NULL DEFAULT '[]',
    domains        TEXT NOT NULL DEFAULT '[]',
    sample         INTEGER NOT NULL DEFAULT 0,
    prov_source    TEXT NOT NULL DEFAULT '',
    prov_source_id TEXT NOT NULL DEFAULT '',
    prov_release   TEXT NOT NULL DEFAULT '',
    prov_licence   TEXT NOT NULL DEFAULT '',
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);
CREATE INDEX people_home_country ON people (home_country);

-- Shipped data sets loaded into this database, so a restart loads nothing twice.
CREATE TABLE dataset_loads (
    name      TEXT PRIMARY KEY,
    sha256    TEXT NOT NULL,
    loaded_at TEXT NOT NULL,
    summary   TEXT NOT NULL DEFAULT ''
);
