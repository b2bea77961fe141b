-- 0007_import_speed.sql - the same rules for classificatie and statushistorie,
-- written so that writing one row is cheap.
--
-- SQLite evaluates a CHECK (x IN (more than two values)) by building a
-- temporary b-tree of the list each time the statement runs. The importer and
-- the classification refresh write these tables one row per statement, up to
-- hundreds of thousands of times per delivery, so that b-tree cost more than
-- the row itself. A chain of equalities allows exactly the same values (NULL
-- passes both, as before) without it. SQLite cannot change a CHECK in place:
-- each table is copied into a new one with the same columns, defaults and
-- indexes, and renamed. No other table, view or trigger refers to either.

CREATE TABLE classificatie_0007 (
    nummeraanduiding_id INTEGER PRIMARY KEY REFERENCES adres(nummeraanduiding_id),
    stap                TEXT NOT NULL,
    fase                TEXT,          -- most advanced open claim phase, NULL when none
    potentieel          TEXT NOT NULL CHECK (potentieel = 'geen_schademelding'
                          OR potentieel = 'melding_afgehandeld' OR potentieel = 'beide_lopend'
                          OR potentieel = 'alleen_schade_lopend'),
    groep               TEXT,          -- A..F for beide_lopend, else NULL
    matrixversie        INTEGER NOT NULL,
    berekend_op         TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
INSERT INTO classificatie_0007 (nummeraanduiding_id, stap, fase, potentieel, groep,
                                matrixversie, berekend_op)
SELECT nummeraanduiding_id, stap, fase, potentieel, groep, matrixversie, berekend_op
FROM classificatie ORDER BY nummeraanduiding_id;
DROP TABLE classificatie;
ALTER TABLE classificatie_0007 RENAME TO classificatie;
-- as in 0001: `stats` groups by these columns in this order
CREATE INDEX classificatie_telling
    ON classificatie(stap, fase, potentieel, groep, matrixversie);

CREATE TABLE statushistorie_0007 (
    id             INTEGER PRIMARY KEY,
    onderwerp      TEXT NOT NULL CHECK (onderwerp = 'adres' OR onderwerp = 'traject'
                     OR onderwerp = 'schade' OR onderwerp = 'combinatiedossier'),
    sleutel        TEXT NOT NULL,
    veld           TEXT NOT NULL,
    van            TEXT,
    naar           TEXT,
    datum          TEXT,
    vastgelegd_op  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    levering_id    INTEGER REFERENCES levering(id),
    gebruiker      TEXT
);
INSERT INTO statushistorie_0007 (id, onderwerp, sleutel, veld, van, naar, datum, vastgelegd_op,
                                 levering_id, gebruiker)
SELECT id, onderwerp, sleutel, veld, van, naar, datum, vastgelegd_op, levering_id, gebruiker
FROM statushistorie ORDER BY id;
DROP TABLE statushistorie;
ALTER TABLE statushistorie_0007 RENAME TO statushistorie;
CREATE INDEX statushistorie_onderwerp ON statushistorie(onderwerp, sleutel);
