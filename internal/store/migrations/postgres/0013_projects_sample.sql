-- Sample projects (the shipped sample ledger) are found by an index, so that
-- figures computed over the whole ledger (the sovereignty view) can say how
-- many of their projects are samples without reading every project.
CREATE INDEX projects_sample ON projects (sample);
