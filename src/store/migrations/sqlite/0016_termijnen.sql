-- 0016_termijnen.sql - terms as data, suspensions and extensions, notices of
-- default, the ledger per body and the interventieteam's escalations (issue 13).
--
-- Every table is history: a row is never updated except where a column says
-- so (a notice's decision day, once; an escalation's current state and owner,
-- with a gebeurtenis row for each change). IF NOT EXISTS: a register set back to an
-- older version (tests/integration/test_signals.py) applies it again unharmed.

-- One version of the term table; exactly one is in force (decision 159).
CREATE TABLE IF NOT EXISTS termijnregelset (
    versie          INTEGER PRIMARY KEY,
    actief          INTEGER NOT NULL DEFAULT 0,
    omschrijving    TEXT NOT NULL,
    door            TEXT NOT NULL,
    ingevoerd_op    TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS termijnregelset_een_actief ON termijnregelset(actief) WHERE actief = 1;

-- The definitions of one version (core/termijn.h sl_termijn_def). The
-- compensation for a missed fatal term the government is responsible for is
-- part of the definition: cents per day after the end, at most the cap
-- (0: none; decision 161).
CREATE TABLE IF NOT EXISTS termijndefinitie (
    versie              INTEGER NOT NULL REFERENCES termijnregelset(versie),
    soort               TEXT NOT NULL CHECK (length(soort) BETWEEN 1 AND 40),
    omschrijving        TEXT NOT NULL,
    organisatie         TEXT NOT NULL CHECK (organisatie IN ('IMG', 'NCG')),
    start_gebeurtenis   TEXT NOT NULL,
    eind_gebeurtenis    TEXT NOT NULL,
    lengte              INTEGER NOT NULL CHECK (lengte BETWEEN 1 AND 3650),
    eenheid             TEXT NOT NULL CHECK (eenheid IN ('dagen', 'werkdagen', 'weken',
                          'maanden')),
    wettelijk           INTEGER NOT NULL,
    fataal              INTEGER NOT NULL,
    verantwoordelijke   TEXT NOT NULL CHECK (verantwoordelijke IN ('overheid', 'bewoner')),
    opschortbaar        INTEGER NOT NULL,
    waarschuwing_dagen  INTEGER NOT NULL CHECK (waarschuwing_dagen >= 0),
    aanname             INTEGER NOT NULL,
    compensatie_per_dag INTEGER NOT NULL DEFAULT 0 CHECK (compensatie_per_dag >= 0),
    compensatie_max     INTEGER NOT NULL DEFAULT 0 CHECK (compensatie_max >= 0),
    PRIMARY KEY (versie, soort)
);

-- One term instance is (soort, img_id) for a claim's term or (soort, ncg_id)
-- for a step's. A suspension still running has tot NULL; ending it adds a
-- row that names the one it completes (vervangt), never an update (decision 160).
CREATE TABLE IF NOT EXISTS termijnopschorting (
    id              INTEGER PRIMARY KEY,
    soort           TEXT NOT NULL,
    img_id          TEXT,
    ncg_id          TEXT,
    van             TEXT NOT NULL,
    tot             TEXT,
    reden           TEXT NOT NULL CHECK (length(reden) BETWEEN 1 AND 500),
    door            TEXT NOT NULL,
    vastgelegd_op   TEXT NOT NULL,
    vervangt        INTEGER REFERENCES termijnopschorting(id),
    CHECK ((img_id IS NULL) <> (ncg_id IS NULL)),
    CHECK (tot IS NULL OR tot > van)
);
CREATE INDEX IF NOT EXISTS termijnopschorting_zaak ON termijnopschorting(img_id, ncg_id, soort);

CREATE TABLE IF NOT EXISTS termijnverlenging (
    id              INTEGER PRIMARY KEY,
    soort           TEXT NOT NULL,
    img_id          TEXT,
    ncg_id          TEXT,
    nieuw_einde     TEXT NOT NULL,
    reden           TEXT NOT NULL CHECK (length(reden) BETWEEN 1 AND 500),
    door            TEXT NOT NULL,
    vastgelegd_op   TEXT NOT NULL,
    CHECK ((img_id IS NULL) <> (ncg_id IS NULL))
);
CREATE INDEX IF NOT EXISTS termijnverlenging_zaak ON termijnverlenging(img_id, ncg_id, soort);

-- A notice of default on a claim (IMG) or a step (NCG), with its day of
-- receipt; beslist_op is set once, when the body decides (the penalty is
-- then booked in the ledger in the same transaction).
CREATE TABLE IF NOT EXISTS ingebrekestelling (
    id                  INTEGER PRIMARY KEY,
    nummeraanduiding_id INTEGER NOT NULL REFERENCES adres(nummeraanduiding_id),
    organisatie         TEXT NOT NULL CHECK (organisatie IN ('IMG', 'NCG')),
    img_id              TEXT,
    ncg_id              TEXT,
    ontvangen_op        TEXT NOT NULL,
    beslist_op          TEXT,
    door                TEXT NOT NULL,
    vastgelegd_op       TEXT NOT NULL,
    versie              INTEGER NOT NULL DEFAULT 1,
    CHECK ((img_id IS NULL) <> (ncg_id IS NULL)),
    CHECK (beslist_op IS NULL OR beslist_op >= ontvangen_op)
);
CREATE INDEX IF NOT EXISTS ingebrekestelling_adres ON ingebrekestelling(nummeraanduiding_id);

-- The ledger per body: what is owed (a penalty, a compensation) and what is
-- paid, in whole cents; entries are never changed (a correction is an entry).
CREATE TABLE IF NOT EXISTS grootboekpost (
    id                  INTEGER PRIMARY KEY,
    organisatie         TEXT NOT NULL CHECK (organisatie IN ('IMG', 'NCG')),
    nummeraanduiding_id INTEGER NOT NULL REFERENCES adres(nummeraanduiding_id),
    ingebrekestelling_id INTEGER REFERENCES ingebrekestelling(id),
    soort               TEXT NOT NULL CHECK (soort IN ('dwangsom', 'compensatie', 'betaling')),
    bedrag_centen       INTEGER NOT NULL CHECK (bedrag_centen > 0),
    datum               TEXT NOT NULL,
    reden               TEXT NOT NULL CHECK (length(reden) BETWEEN 1 AND 500),
    door                TEXT NOT NULL,
    vastgelegd_op       TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS grootboekpost_organisatie ON grootboekpost(organisatie, nummeraanduiding_id);

-- The interventieteam's cases: a stuck dossier (rule 8) or a term missed twice.
CREATE TABLE IF NOT EXISTS escalatie (
    id                  INTEGER PRIMARY KEY,
    nummeraanduiding_id INTEGER NOT NULL REFERENCES adres(nummeraanduiding_id),
    aanleiding          TEXT NOT NULL CHECK (aanleiding IN ('vastgelopen',
                          'termijn_tweemaal_gemist')),
    eigenaar            TEXT NOT NULL DEFAULT '',
    status              TEXT NOT NULL DEFAULT 'aangemeld' CHECK (status IN ('aangemeld',
                          'in_behandeling', 'besloten', 'gesloten')),
    aangemeld_op        TEXT NOT NULL,
    versie              INTEGER NOT NULL DEFAULT 1
);
-- one open case per address and cause: the sweep may see the same dossier every day
CREATE UNIQUE INDEX IF NOT EXISTS escalatie_open ON escalatie(nummeraanduiding_id, aanleiding)
    WHERE status <> 'gesloten';

-- Each change of an escalation, and each decision (mandaat and reden).
CREATE TABLE IF NOT EXISTS escalatiegebeurtenis (
    id              INTEGER PRIMARY KEY,
    escalatie_id    INTEGER NOT NULL REFERENCES escalatie(id),
    soort           TEXT NOT NULL CHECK (soort IN ('aangemeld', 'status', 'eigenaar',
                      'besluit')),
    status          TEXT NOT NULL,
    eigenaar        TEXT NOT NULL,
    mandaat         TEXT NOT NULL DEFAULT '',
    reden           TEXT NOT NULL DEFAULT '',
    door            TEXT NOT NULL,
    tijdstip        TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS escalatiegebeurtenis_escalatie ON escalatiegebeurtenis(escalatie_id);
