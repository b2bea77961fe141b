-- 0015_opnames.sql - joint inspection planning from the register (issue 14; docs/planning.md,
-- decisions 155-158): the residents' requests for a joint inspection, each body's capacity
-- as a weekly rota with exceptions per date, stored plans and the inspections (opnames)
-- a confirmed plan makes. Written to run again on a register that has it (the tests that
-- take a register back to an older version run the later migrations once more). Dates are ISO 'YYYY-MM-DD', moments ISO 8601 UTC.

-- One request per address at a time: a withdrawn one may be followed by a new one.
CREATE TABLE IF NOT EXISTS opnameverzoek (
    id                  INTEGER PRIMARY KEY,
    nummeraanduiding_id INTEGER NOT NULL REFERENCES adres(nummeraanduiding_id),
    gemeentecode        TEXT NOT NULL,
    gezamenlijk         INTEGER NOT NULL CHECK (gezamenlijk IN (0, 1)),
    -- the resident's unavailable dates, ascending, comma-separated
    niet_beschikbaar    TEXT NOT NULL DEFAULT '',
    -- preferred weekdays, bit 0 Monday .. bit 6 Sunday; 0 = no preference
    voorkeur_weekdagen  INTEGER NOT NULL DEFAULT 0 CHECK (voorkeur_weekdagen BETWEEN 0 AND 127),
    vroegst_img         TEXT NOT NULL,
    vroegst_ncg         TEXT NOT NULL,
    status              TEXT NOT NULL DEFAULT 'open'
                          CHECK (status IN ('open', 'gepland', 'bevestigd', 'ingetrokken')),
    vastgelegd_door     TEXT NOT NULL,
    vastgelegd_rol      TEXT NOT NULL,
    vastgelegd_op       TEXT NOT NULL,
    versie              INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX IF NOT EXISTS opnameverzoek_actief ON opnameverzoek(nummeraanduiding_id)
    WHERE status <> 'ingetrokken';
CREATE INDEX IF NOT EXISTS opnameverzoek_status ON opnameverzoek(status, id);

-- Weekly rota: weekdag 1 (Monday) .. 7 (Sunday). An exception for one date replaces the
-- rota's number that day (0: leave; more: an extra day).
CREATE TABLE IF NOT EXISTS capaciteit (
    org                 TEXT NOT NULL CHECK (org IN ('IMG', 'NCG')),
    gemeentecode        TEXT NOT NULL,
    weekdag             INTEGER NOT NULL CHECK (weekdag BETWEEN 1 AND 7),
    opnames             INTEGER NOT NULL CHECK (opnames BETWEEN 0 AND 10000),
    gewijzigd_door      TEXT NOT NULL,
    gewijzigd_op        TEXT NOT NULL,
    PRIMARY KEY (org, gemeentecode, weekdag)
);

CREATE TABLE IF NOT EXISTS capaciteit_uitzondering (
    org                 TEXT NOT NULL CHECK (org IN ('IMG', 'NCG')),
    gemeentecode        TEXT NOT NULL,
    datum               TEXT NOT NULL,
    opnames             INTEGER NOT NULL CHECK (opnames BETWEEN 0 AND 10000),
    gewijzigd_door      TEXT NOT NULL,
    gewijzigd_op        TEXT NOT NULL,
    PRIMARY KEY (org, gemeentecode, datum)
);

CREATE TABLE IF NOT EXISTS planning (
    id                  INTEGER PRIMARY KEY,
    van                 TEXT NOT NULL,
    tot                 TEXT NOT NULL,
    status              TEXT NOT NULL DEFAULT 'concept' CHECK (status IN ('concept', 'bevestigd')),
    -- the answer's kwaliteit and los_gepland as JSON, as the planner measured them
    kwaliteit           TEXT NOT NULL DEFAULT '{}',
    gemaakt_door        TEXT NOT NULL,
    gemaakt_op          TEXT NOT NULL,
    bevestigd_door      TEXT,
    bevestigd_op        TEXT,
    versie              INTEGER NOT NULL DEFAULT 1
);

-- One line per request in the plan: both dates, or neither and the reason.
CREATE TABLE IF NOT EXISTS planningsregel (
    planning_id         INTEGER NOT NULL REFERENCES planning(id),
    opnameverzoek_id    INTEGER NOT NULL REFERENCES opnameverzoek(id),
    img                 TEXT,
    ncg                 TEXT,
    reden               TEXT NOT NULL,
    PRIMARY KEY (planning_id, opnameverzoek_id)
);

-- An inspection one body will do; made by confirming a plan, never moved by re-planning.
CREATE TABLE IF NOT EXISTS opname (
    id                  INTEGER PRIMARY KEY,
    opnameverzoek_id    INTEGER NOT NULL REFERENCES opnameverzoek(id),
    nummeraanduiding_id INTEGER NOT NULL REFERENCES adres(nummeraanduiding_id),
    gemeentecode        TEXT NOT NULL,
    org                 TEXT NOT NULL CHECK (org IN ('IMG', 'NCG')),
    datum               TEXT NOT NULL,
    planning_id         INTEGER NOT NULL REFERENCES planning(id),
    vastgelegd_op       TEXT NOT NULL,
    UNIQUE (opnameverzoek_id, org)
);
CREATE INDEX IF NOT EXISTS opname_datum ON opname(gemeentecode, org, datum);
CREATE INDEX IF NOT EXISTS opname_adres ON opname(nummeraanduiding_id);

-- Rule 10 (decision 157): a confirmed joint inspection tells both buddies. A register
-- seeded before this migration gets it in its active rule set; a new register gets it
-- from the core's defaults when the rule sets are seeded after the migrations.
INSERT INTO signaalregel (versie, regel, variant, trigger, conditie, aan, termijn_dagen,
                          parameter_dagen, tekst)
SELECT versie, 10, '', 'opname_gepland', '', 'zaakbegeleider,bewonersbegeleider', 5, 0,
       'De gezamenlijke opname is gepland: IMG en NCG komen op dezelfde dag of kort na elkaar. '
       || 'Stem de opname met elkaar en met de bewoner af.'
  FROM regelset r WHERE soort = 'signaal' AND actief = 1
   AND NOT EXISTS (SELECT 1 FROM signaalregel s WHERE s.versie = r.versie AND s.regel = 10);
