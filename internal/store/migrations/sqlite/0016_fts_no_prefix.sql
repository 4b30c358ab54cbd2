-- The full-text index without its prefix indexes (2 and 3 characters).
-- Searches are answered by the index in memory (internal/orgindex); FTS5
-- serves only while that index builds and for partner matching, and a
-- prefix term with few tokens is expanded through search_terms anyway.
-- The prefix indexes made FTS5 write every token three times, about half
-- of the cost of filling the index on an import (docs/benchmarks.md (a),
-- fourth round). The table, the fts5vocab tables over it and its triggers
-- are created again as in 0001, 0005 and 0011, minus the prefix option.
DROP TRIGGER organisations_fts_delete;
DROP TRIGGER organisations_fts_update;
DROP TABLE search_terms;
DROP TABLE organisation_fts_terms;
DROP TABLE organisation_fts;

CREATE VIRTUAL TABLE organisation_fts USING fts5 (
    search_names, search_body, search_tags,
    content = 'organisations', content_rowid = 'seq',
    tokenize = 'ascii', detail = 'column'
);
INSERT INTO organisation_fts (organisation_fts) VALUES ('rebuild');

CREATE VIRTUAL TABLE organisation_fts_terms USING fts5vocab ('organisation_fts', 'row');
CREATE VIRTUAL TABLE search_terms USING fts5vocab (organisation_fts, 'row');

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
