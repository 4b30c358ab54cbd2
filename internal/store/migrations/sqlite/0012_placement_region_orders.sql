-- A capped country's order of its positions in a round (issue 6): the
-- order in which flexible deferred acceptance hands out the room left
-- under the country's cap. ImportRound stores a ROUND.json region's
-- order here so that a run reproduces `setu match` on that file;
-- positions is a JSON array of position ids. A position of the country
-- that the order does not list follows, in publication order.
CREATE TABLE placement_region_orders (
    round_id  TEXT NOT NULL REFERENCES placement_rounds (id) ON DELETE CASCADE,
    country   TEXT NOT NULL,
    positions TEXT NOT NULL,
    PRIMARY KEY (round_id, country)
) WITHOUT ROWID;
