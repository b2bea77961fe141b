-- 0002_signals.sql - signals, combination dossiers with their buddy pair,
-- coordinator and the six elements of the coordination AMvB, and the outbox.
--
-- The signal rules themselves are data (signaalregel, versioned through
-- regelset); the store seeds version 1 from the core's defaults on first open.

CREATE TABLE signaalregel (
    versie           INTEGER NOT NULL,
    regel            INTEGER NOT NULL,
    variant          TEXT NOT NULL DEFAULT '',
    trigger          TEXT NOT NULL,
    conditie         TEXT NOT NULL DEFAULT '',
    aan              TEXT NOT NULL,
    termijn_dagen    INTEGER NOT NULL CHECK (termijn_dagen > 0),
    parameter_dagen  INTEGER NOT NULL DEFAULT 0,
    tekst            TEXT NOT NULL,
    PRIMARY KEY (versie, regel, variant)
);

-- A combination dossier: an address with a trajectory and at least one claim.
-- The buddy pair is kept current from the deliveries; the coordinator is set
-- by people. versie counts changes (for optimistic concurrency in the API).
CREATE TABLE combinatiedossier (
    nummeraanduiding_id INTEGER PRIMARY KEY REFERENCES adres(nummeraanduiding_id),
    zaakbegeleider      TEXT NOT NULL DEFAULT '',
    bewonersbegeleider  TEXT NOT NULL DEFAULT '',
    coordinator         TEXT NOT NULL DEFAULT '',
    samenwerking        TEXT NOT NULL DEFAULT 'geen' CHECK (samenwerking IN ('geen',
                          'gezamenlijke_opname_gepland', 'integraal_plan', 'afgerond',
                          'afgewezen_door_bewoner')),
    actueel             INTEGER NOT NULL DEFAULT 1, -- 0 when no longer a combination
    aangemaakt_op       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    gewijzigd_op        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    versie              INTEGER NOT NULL DEFAULT 1
);

-- The six elements a resident may ask for under the coordination AMvB (SPEC §4.6).
CREATE TABLE dossierelement (
    nummeraanduiding_id INTEGER NOT NULL REFERENCES adres(nummeraanduiding_id),
    element             TEXT NOT NULL CHECK (element IN ('bezoekadres',
                          'gecoordineerde_afhandeling', 'coordinator', 'informatiedocument',
                          'totaalopname', 'herstel_met_versterking')),
    status              TEXT NOT NULL CHECK (status IN ('gevraagd', 'geregeld', 'afgewezen')),
    gevraagd_op         TEXT,
    geregeld_op         TEXT,
    afgewezen_op        TEXT,
    door                TEXT NOT NULL,
    gewijzigd_op        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    PRIMARY KEY (nummeraanduiding_id, element)
);

CREATE TABLE signaal (
    id                  INTEGER PRIMARY KEY,
    regel               INTEGER NOT NULL,
    variant             TEXT NOT NULL DEFAULT '',
    regelversie         INTEGER NOT NULL,
    nummeraanduiding_id INTEGER NOT NULL REFERENCES adres(nummeraanduiding_id),
    status              TEXT NOT NULL DEFAULT 'open'
                          CHECK (status IN ('open', 'bevestigd', 'afgerond', 'afgewezen')),
    tekst               TEXT NOT NULL,
    aangemaakt_op       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    vervalt_op          TEXT NOT NULL,
    levering_id         INTEGER REFERENCES levering(id),
    bevestigd_op        TEXT,
    bevestigd_door      TEXT,
    afgerond_op         TEXT,
    afgerond_door       TEXT,
    afgewezen_op        TEXT,
    afgewezen_door      TEXT,
    reden               TEXT
);
-- At most one unfinished signal per rule and address.
CREATE UNIQUE INDEX signaal_een_open ON signaal(regel, nummeraanduiding_id)
    WHERE status IN ('open', 'bevestigd');
CREATE INDEX signaal_adres ON signaal(nummeraanduiding_id);
CREATE INDEX signaal_status ON signaal(status, regel);

CREATE TABLE signaal_adressaat (
    signaal_id  INTEGER NOT NULL REFERENCES signaal(id),
    volgorde    INTEGER NOT NULL,
    org         TEXT NOT NULL CHECK (org IN ('IMG', 'NCG', 'IMG+NCG')),
    rol         TEXT NOT NULL CHECK (rol IN ('svip', 'zaakbegeleider', 'bewonersbegeleider',
                  'coordinator', 'interventieteam')),
    persoon     TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (signaal_id, volgorde)
);

-- Events for subscribers, written in the same transaction as what caused them;
-- a delivery process (webhooks, a later issue) sends them and sets verzonden_op.
CREATE TABLE outbox (
    id             INTEGER PRIMARY KEY,
    aangemaakt_op  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    soort          TEXT NOT NULL,   -- e.g. 'signaal.aangemaakt', 'combinatiedossier.gewijzigd'
    onderwerp      TEXT NOT NULL,   -- 'signaal' or 'combinatiedossier'
    sleutel        TEXT NOT NULL,
    gegevens       TEXT NOT NULL CHECK (json_valid(gegevens)),
    verzonden_op   TEXT
);
CREATE INDEX outbox_onverzonden ON outbox(id) WHERE verzonden_op IS NULL;
