-- The country a lead's investment goes to (ISO 3166-1 alpha-2); empty
-- when not recorded. The sovereignty view counts leads for their
-- destination country (docs/sovereignty.md, investments).
ALTER TABLE desk_leads ADD COLUMN destination_country TEXT NOT NULL DEFAULT '';
CREATE INDEX desk_leads_destination ON desk_leads (destination_country);
