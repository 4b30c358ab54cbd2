-- The terms of the full-text index, one row per distinct token
-- (fts5vocab; no storage of its own). A search looks up the tokens that
-- start with its last, prefix term and, when they are few, asks FTS5 for
-- them by name instead of merging every doclist of the prefix into one
-- list on every query (docs/search.md, "Prefix terms").
CREATE VIRTUAL TABLE search_terms USING fts5vocab(organisation_fts, 'row');
