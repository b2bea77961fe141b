-- 0004_logboek.sql - lawful sharing's records: consent (the GUO flow) and the
-- append-only, hash-chained processing log (SPEC §3, §4.4).

-- Consent per address and purpose. One row per request; the row's life is
-- request -> given (date, channel) -> possibly withdrawn, with an assessment
-- (beoordeling) on the way. A new request after a withdrawal is a new row, so
-- the history of consent is the rows of (address, purpose) in id order.
-- versie counts changes (optimistic concurrency in the API).
CREATE TABLE toestemming (
    id                  INTEGER PRIMARY KEY,
    nummeraanduiding_id INTEGER NOT NULL REFERENCES adres(nummeraanduiding_id),
    doel                TEXT NOT NULL CHECK (doel IN ('samenloop', 'statusuitwisseling',
                          'svip_verzoek', 'integraal_plan', 'eigen_inzage')),
    aangevraagd_op      TEXT NOT NULL,
    gegeven_op          TEXT,
    kanaal              TEXT CHECK (kanaal IN ('formulier', 'digitaal', 'telefonisch', 'balie')),
    ingetrokken_op      TEXT,
    beoordeling         TEXT NOT NULL DEFAULT '' CHECK (beoordeling IN ('', 'akkoord', 'afgewezen')),
    vastgelegd_door     TEXT NOT NULL,
    vastgelegd_op       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    versie              INTEGER NOT NULL DEFAULT 1,
    CHECK (gegeven_op IS NULL OR kanaal IS NOT NULL),
    CHECK (ingetrokken_op IS NULL OR gegeven_op IS NOT NULL)
);
-- At most one current row per address and purpose: not withdrawn and not
-- refused on assessment.
CREATE UNIQUE INDEX toestemming_lopend ON toestemming(nummeraanduiding_id, doel)
    WHERE ingetrokken_op IS NULL AND beoordeling <> 'afgewezen';
CREATE INDEX toestemming_adres ON toestemming(nummeraanduiding_id, doel, id);

-- The processing log: every cross-organisation access to personal data and
-- every change. Each row's hash is BLAKE2b-256 over the previous row's hash
-- and a length-prefixed encoding of its own fields (service/logboek.c), so
-- changing, inserting or removing a row in the middle breaks the chain. The
-- first row's vorige_hash is 64 zeros; the unique index on vorige_hash keeps
-- the chain linear (two rows can never follow the same row).
CREATE TABLE logboek (
    id                  INTEGER PRIMARY KEY,
    tijdstip            TEXT NOT NULL,        -- ISO 8601 UTC, milliseconds
    gebruiker           TEXT NOT NULL,
    org                 TEXT NOT NULL,        -- 'IMG', 'NCG' or '' (roles outside both)
    rol                 TEXT NOT NULL,
    doel                TEXT NOT NULL,
    grondslag           TEXT NOT NULL,
    categorieen         TEXT NOT NULL,
    nummeraanduiding_id INTEGER,              -- NULL when the record is not about one address
    actie               TEXT NOT NULL CHECK (actie IN ('inzage', 'wijziging')),
    trace_id            TEXT NOT NULL,
    vorige_hash         TEXT NOT NULL CHECK (length(vorige_hash) = 64),
    hash                TEXT NOT NULL CHECK (length(hash) = 64)
);
CREATE UNIQUE INDEX logboek_keten ON logboek(vorige_hash);
CREATE INDEX logboek_adres ON logboek(nummeraanduiding_id, id);

-- Append-only: the register refuses to change or remove a record. (Someone
-- with write access to the file can drop these triggers; the hash chain is
-- what makes that visible: `samenloop logboek verify`.)
CREATE TRIGGER logboek_geen_wijziging BEFORE UPDATE ON logboek
BEGIN
    SELECT RAISE(ABORT, 'logboek is alleen aanvullen: wijzigen is niet toegestaan');
END;
CREATE TRIGGER logboek_geen_verwijdering BEFORE DELETE ON logboek
BEGIN
    SELECT RAISE(ABORT, 'logboek is alleen aanvullen: verwijderen is niet toegestaan');
END;

-- Rule 9 (SPEC §4.3: consent withdrawn -> the buddies are told) joins every
-- signal rule set an older register already has; a new register gets it from
-- the core's defaults when version 1 is seeded after the migrations.
INSERT INTO signaalregel (versie, regel, variant, trigger, conditie, aan, termijn_dagen,
                          parameter_dagen, tekst)
SELECT r.versie, 9, '', 'toestemming_ingetrokken', '', 'zaakbegeleider,bewonersbegeleider', 2, 0,
       'De bewoner heeft de toestemming om gegevens te delen ingetrokken. U ziet de gegevens '
       || 'van de andere organisatie niet meer, tenzij de wettelijke taak geldt. Stem met uw '
       || 'buddy af hoe u de bewoner verder helpt.'
FROM regelset r
WHERE r.soort = 'signaal'
  AND NOT EXISTS (SELECT 1 FROM signaalregel s WHERE s.versie = r.versie AND s.regel = 9);
