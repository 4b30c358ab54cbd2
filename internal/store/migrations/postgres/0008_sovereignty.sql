-- The sovereignty view (internal/sovereignty, docs/sovereignty.md): the
-- exchange-rate table the secretariat maintains, and the partner groups.

-- One unit of currency was worth rate US dollars on date (YYYY-MM-DD), as
-- source says. sample marks the rates shipped with Setu (data/sovereignty).
CREATE TABLE exchange_rates (
    currency TEXT NOT NULL,
    date     TEXT NOT NULL,
    rate     DOUBLE PRECISION NOT NULL,
    source   TEXT NOT NULL,
    sample   INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (currency, date)
);

-- Partner groups: a country is in at most one group (the primary key of
-- partner_group_countries); countries in none are "other".
CREATE TABLE partner_groups (
    code  TEXT PRIMARY KEY,
    label TEXT NOT NULL,
    pos   INTEGER NOT NULL
);

CREATE TABLE partner_group_countries (
    country    TEXT PRIMARY KEY,
    group_code TEXT NOT NULL REFERENCES partner_groups (code) ON DELETE CASCADE
);
CREATE INDEX partner_group_countries_group ON partner_group_countries (group_code);

-- The groups Setu starts with (sovereignty.DefaultGroups).
INSERT INTO partner_groups (code, label, pos) VALUES ('eastern', 'Eastern partners', 0);
INSERT INTO partner_groups (code, label, pos) VALUES ('traditional', 'Traditional partners', 1);
INSERT INTO partner_groups (code, label, pos) VALUES ('china', 'China', 2);
INSERT INTO partner_group_countries (country, group_code) VALUES
    ('BN', 'eastern'),
    ('ID', 'eastern'),
    ('JP', 'eastern'),
    ('KH', 'eastern'),
    ('KR', 'eastern'),
    ('LA', 'eastern'),
    ('MM', 'eastern'),
    ('MY', 'eastern'),
    ('PH', 'eastern'),
    ('SG', 'eastern'),
    ('TH', 'eastern'),
    ('TL', 'eastern'),
    ('TW', 'eastern'),
    ('VN', 'eastern');
INSERT INTO partner_group_countries (country, group_code) VALUES
    ('AT', 'traditional'),
    ('AU', 'traditional'),
    ('BE', 'traditional'),
    ('BG', 'traditional'),
    ('CA', 'traditional'),
    ('CY', 'traditional'),
    ('CZ', 'traditional'),
    ('DE', 'traditional'),
    ('DK', 'traditional'),
    ('EE', 'traditional'),
    ('ES', 'traditional'),
    ('FI', 'traditional'),
    ('FR', 'traditional'),
    ('GB', 'traditional'),
    ('GR', 'traditional'),
    ('HR', 'traditional'),
    ('HU', 'traditional'),
    ('IE', 'traditional'),
    ('IT', 'traditional'),
    ('LT', 'traditional'),
    ('LU', 'traditional'),
    ('LV', 'traditional'),
    ('MT', 'traditional'),
    ('NL', 'traditional'),
    ('PL', 'traditional'),
    ('PT', 'traditional'),
    ('RO', 'traditional'),
    ('SE', 'traditional'),
    ('SI', 'traditional'),
    ('SK', 'traditional'),
    ('US', 'traditional');
INSERT INTO partner_group_countries (country, group_code) VALUES
    ('CN', 'china');
