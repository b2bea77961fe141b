-- 0005_verzoeken.sql - SVIP information requests (verzoeken, SPEC §2, §3, §6).
--
-- A case worker or an SVIP desk of one body asks the other body's SVIP desk
-- about an address: the status of a case, who the buddy is, whether a case
-- can be accelerated, or anything else. The legal basis for the other
-- body's data is decided when the request is registered (and again when it
-- is answered); '' means none was found: the request is kept, and marked so.
-- versie counts changes (optimistic concurrency in the API).
CREATE TABLE verzoek (
    id                  INTEGER PRIMARY KEY,
    org                 TEXT NOT NULL CHECK (org IN ('IMG', 'NCG')),   -- the requesting body
    aanvrager           TEXT NOT NULL,                                  -- the account's name
    aanvrager_rol       TEXT NOT NULL CHECK (aanvrager_rol IN ('svip', 'zaakbegeleider',
                          'bewonersbegeleider')),
    nummeraanduiding_id INTEGER NOT NULL REFERENCES adres(nummeraanduiding_id),
    type                TEXT NOT NULL CHECK (type IN ('statusuitwisseling',
                          'medewerkers_koppelen', 'versnelling', 'anders')),
    doel                TEXT NOT NULL CHECK (doel IN ('samenloop', 'statusuitwisseling',
                          'svip_verzoek', 'integraal_plan', 'eigen_inzage')),
    grondslag           TEXT NOT NULL CHECK (grondslag IN ('', 'wettelijke_taak_samenloop',
                          'toestemming')),
    vraag               TEXT NOT NULL CHECK (length(CAST(vraag AS BLOB)) BETWEEN 1 AND 2000),
    antwoord            TEXT CHECK (antwoord IS NULL OR
                          length(CAST(antwoord AS BLOB)) BETWEEN 1 AND 4000),
    beantwoord_door     TEXT,
    ingediend_op        TEXT NOT NULL,                                  -- ISO 8601 UTC
    beantwoord_op       TEXT,
    status              TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'beantwoord')),
    versie              INTEGER NOT NULL DEFAULT 1,
    CHECK ((status = 'open' AND antwoord IS NULL AND beantwoord_door IS NULL AND
            beantwoord_op IS NULL) OR
           (status = 'beantwoord' AND antwoord IS NOT NULL AND beantwoord_door IS NOT NULL AND
            beantwoord_op IS NOT NULL))
);
CREATE INDEX verzoek_status ON verzoek(status, id);
CREATE INDEX verzoek_adres ON verzoek(nummeraanduiding_id, id);
CREATE INDEX verzoek_org ON verzoek(org, id);
