-- 0001_register.sql - the register: addresses, trajectories, claims, their
-- status history, deliveries with their rejects, and the classification of
-- every NCG address with the rule version that produced it.
--
-- Dates are ISO text (YYYY-MM-DD); timestamps ISO 8601 UTC. Amounts in cents.
-- Flags: NULL unknown, 0 nee, 1 ja. "afwezig" marks a record that a later full
-- snapshot no longer contained: it is kept, never deleted.

CREATE TABLE levering (
    id              INTEGER PRIMARY KEY,
    bestand         TEXT NOT NULL,
    soort           TEXT NOT NULL CHECK (soort IN ('bag_adressen', 'ncg_trajecten', 'img_schades')),
    sha256          TEXT NOT NULL DEFAULT '',
    gestart_op      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    rijen           INTEGER NOT NULL DEFAULT 0,
    geimporteerd    INTEGER NOT NULL DEFAULT 0,
    afgewezen       INTEGER NOT NULL DEFAULT 0,
    afwezig         INTEGER NOT NULL DEFAULT 0,
    nieuw           INTEGER NOT NULL DEFAULT 0,
    gewijzigd       INTEGER NOT NULL DEFAULT 0,
    ongewijzigd     INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE afwijzing (
    id              INTEGER PRIMARY KEY,
    levering_id     INTEGER NOT NULL REFERENCES levering(id),
    regel           INTEGER NOT NULL,
    kolom           TEXT NOT NULL,
    reden           TEXT NOT NULL
);
CREATE INDEX afwijzing_levering ON afwijzing(levering_id);

CREATE TABLE adres (
    nummeraanduiding_id INTEGER PRIMARY KEY,
    verblijfsobject_id  INTEGER,
    pand_id             INTEGER,
    straat              TEXT,
    huisnummer          INTEGER NOT NULL CHECK (huisnummer BETWEEN 1 AND 99999),
    huisletter          TEXT NOT NULL DEFAULT '',
    toevoeging          TEXT NOT NULL DEFAULT '',
    postcode            TEXT NOT NULL,
    woonplaats          TEXT,
    gemeentecode        TEXT NOT NULL,
    x                   REAL,
    y                   REAL,
    bouwjaar            INTEGER,
    kern                INTEGER,
    sleutel             TEXT NOT NULL,
    afwezig             INTEGER NOT NULL DEFAULT 0,
    vingerafdruk        INTEGER NOT NULL,
    levering_id         INTEGER REFERENCES levering(id)
);
CREATE INDEX adres_sleutel ON adres(sleutel);
CREATE INDEX adres_gemeente ON adres(gemeentecode);

CREATE TABLE traject (
    id                    INTEGER PRIMARY KEY,
    ncg_id                TEXT NOT NULL,
    nummeraanduiding_id   INTEGER NOT NULL REFERENCES adres(nummeraanduiding_id),
    stap                  TEXT NOT NULL,
    stap_sinds            TEXT,
    risicoprofiel         TEXT NOT NULL,
    batch                 TEXT NOT NULL DEFAULT '',
    programma             TEXT NOT NULL,
    bijzondere_situatie   INTEGER,
    keuze_bewoner         TEXT NOT NULL,
    bewonersbegeleider    TEXT NOT NULL DEFAULT '',
    aannemersovereenkomst TEXT,
    afwezig               INTEGER NOT NULL DEFAULT 0,
    vingerafdruk          INTEGER NOT NULL,
    levering_id           INTEGER REFERENCES levering(id)
);
-- Secondary indexes are named and explicit (also the unique ones) because a
-- bulk load drops and rebuilds them inside its transaction (sqlite_store.c).
CREATE UNIQUE INDEX traject_ncg_id ON traject(ncg_id);
CREATE INDEX traject_adres ON traject(nummeraanduiding_id);

CREATE TABLE schade (
    id                  INTEGER PRIMARY KEY,
    img_id              TEXT NOT NULL,
    nummeraanduiding_id INTEGER NOT NULL REFERENCES adres(nummeraanduiding_id),
    regeling            TEXT NOT NULL,
    fase                TEXT NOT NULL,
    fase_sinds          TEXT,
    ontvangen_op        TEXT,
    urgent              INTEGER,
    aos                 INTEGER,
    aos_gegrond         INTEGER,
    zaakbegeleider      TEXT NOT NULL DEFAULT '',
    besluit_bedrag      INTEGER,
    afwezig             INTEGER NOT NULL DEFAULT 0,
    vingerafdruk        INTEGER NOT NULL,
    levering_id         INTEGER REFERENCES levering(id)
);
CREATE UNIQUE INDEX schade_img_id ON schade(img_id);
CREATE INDEX schade_adres ON schade(nummeraanduiding_id, afwezig, fase);

-- Current (not absent) records per kind, kept by every import so that the
-- figures do not need a pass over a million claims.
CREATE TABLE telling (
    soort   TEXT PRIMARY KEY CHECK (soort IN ('adres', 'traject', 'schade')),
    aantal  INTEGER NOT NULL
);
INSERT INTO telling (soort, aantal) VALUES ('adres', 0), ('traject', 0), ('schade', 0);

-- Every status change: from, to, when (as the source says), and who or
-- which delivery. The first delivery of a record is its baseline and has no row.
CREATE TABLE statushistorie (
    id             INTEGER PRIMARY KEY,
    onderwerp      TEXT NOT NULL CHECK (onderwerp IN ('adres', 'traject', 'schade', 'combinatiedossier')),
    sleutel        TEXT NOT NULL,
    veld           TEXT NOT NULL,
    van            TEXT,
    naar           TEXT,
    datum          TEXT,
    vastgelegd_op  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    levering_id    INTEGER REFERENCES levering(id),
    gebruiker      TEXT
);
CREATE INDEX statushistorie_onderwerp ON statushistorie(onderwerp, sleutel);

-- Rule tables. A rule set has a kind and a version; one version per kind is active.
CREATE TABLE regelset (
    soort          TEXT NOT NULL CHECK (soort IN ('matrix', 'signaal')),
    versie         INTEGER NOT NULL,
    actief         INTEGER NOT NULL DEFAULT 0,
    omschrijving   TEXT NOT NULL,
    ingevoerd_op   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    PRIMARY KEY (soort, versie)
);
CREATE UNIQUE INDEX regelset_een_actief ON regelset(soort) WHERE actief = 1;

CREATE TABLE matrixregel (
    versie  INTEGER NOT NULL,
    stap    TEXT NOT NULL CHECK (stap IN ('1.2', '2.1', '3.1', '4.1', '4.2', '5.1', '5.2')),
    fase    TEXT NOT NULL CHECK (fase IN ('voorbereiding', 'opname', 'zienswijze', 'beschikking')),
    groep   TEXT NOT NULL CHECK (groep IN ('A', 'B', 'C', 'D', 'E', 'F')),
    PRIMARY KEY (versie, stap, fase)
);

-- Version 1 of each rule set is seeded from the core's defaults on first open
-- (sqlite_dossier.c: sq_seed_rules), so the defaults live in one place.

-- The classification of every NCG address (an address with a current trajectory).
CREATE TABLE classificatie (
    nummeraanduiding_id INTEGER PRIMARY KEY REFERENCES adres(nummeraanduiding_id),
    stap                TEXT NOT NULL,
    fase                TEXT,          -- most advanced open claim phase, NULL when none
    potentieel          TEXT NOT NULL CHECK (potentieel IN ('geen_schademelding',
                          'melding_afgehandeld', 'beide_lopend', 'alleen_schade_lopend')),
    groep               TEXT,          -- A..F for beide_lopend, else NULL
    matrixversie        INTEGER NOT NULL,
    berekend_op         TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
-- `stats` counts the classifications per (stap, fase, potentieel, groep,
-- version): with this covering index in that order the GROUP BY is one pass
-- over a small index instead of a sort of every NCG address on each call.
CREATE INDEX classificatie_telling
    ON classificatie(stap, fase, potentieel, groep, matrixversie);
