-- 0006_record_versie.sql - single-record updates over the API, and signal rule 7.
--
-- versie counts the writes to one claim or trajectory (optimistic concurrency:
-- the API's ETag and If-Match). Every write path bumps it: a delivery that
-- changes the record or marks it absent, and an update through the API.
ALTER TABLE schade ADD COLUMN versie INTEGER NOT NULL DEFAULT 1;
ALTER TABLE traject ADD COLUMN versie INTEGER NOT NULL DEFAULT 1;

-- Damage the contractor found during construction (step 5.2), reported by NCG
-- staff for the resident (SPEC §4.3 rule 7). One row per report; the report
-- raises rule 7 to IMG in the same transaction.
CREATE TABLE schademelding_aannemer (
    id                  INTEGER PRIMARY KEY,
    ncg_id              TEXT NOT NULL,
    nummeraanduiding_id INTEGER NOT NULL REFERENCES adres(nummeraanduiding_id),
    omschrijving        TEXT NOT NULL CHECK (length(omschrijving) BETWEEN 1 AND 2000),
    gemeld_op           TEXT NOT NULL,
    door                TEXT NOT NULL,
    aangemaakt_op       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX schademelding_aannemer_traject ON schademelding_aannemer(ncg_id, id);
CREATE INDEX schademelding_aannemer_adres ON schademelding_aannemer(nummeraanduiding_id, id);

-- Rule 7 joins the active signal rule set of an older register when that set
-- is the shipped version 1 and lacks it (a set an administrator made is theirs
-- to change); a new register gets it from the core's defaults when version 1
-- is seeded after the migrations. The text is the core's (signal_rules.c).
INSERT INTO signaalregel (versie, regel, variant, trigger, conditie, aan, termijn_dagen,
                          parameter_dagen, tekst)
SELECT r.versie, 7, '', 'aannemer_schade', '', 'svip_img,zaakbegeleider', 5, 0,
       'De aannemer heeft tijdens de versterking (stap 5.2) schade gevonden aan de woning. '
       || 'Meld deze schade voor de bewoner bij IMG, zodat de bewoner dat niet zelf hoeft te doen.'
FROM regelset r
WHERE r.soort = 'signaal' AND r.actief = 1 AND r.versie = 1
  AND NOT EXISTS (SELECT 1 FROM signaalregel s WHERE s.versie = r.versie AND s.regel = 7);
