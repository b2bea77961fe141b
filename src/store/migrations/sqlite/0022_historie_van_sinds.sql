-- 0022_historie_van_sinds.sql - a status change keeps since when the record had
-- the status it left (van_sinds, an ISO date; NULL when not known), as the
-- delivery before the change said it (fase_sinds / stap_sinds). The day a
-- record entered the status of its first delivery is otherwise lost, and with
-- it every stay that ended in the next delivery (issue 17, decision 233).
--
-- Made as a new table and renamed rather than with ADD COLUMN, so that a
-- register set back to an older version (tests/integration/test_signals.py)
-- applies it again unharmed.
CREATE TABLE statushistorie_0022 (
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
    gebruiker      TEXT,
    van_sinds      TEXT
);
INSERT INTO statushistorie_0022 (id, onderwerp, sleutel, veld, van, naar, datum, vastgelegd_op,
                                 levering_id, gebruiker)
SELECT id, onderwerp, sleutel, veld, van, naar, datum, vastgelegd_op, levering_id, gebruiker
FROM statushistorie ORDER BY id;
DROP TABLE statushistorie;
ALTER TABLE statushistorie_0022 RENAME TO statushistorie;
CREATE INDEX statushistorie_onderwerp ON statushistorie(onderwerp, sleutel);
CREATE INDEX statushistorie_afwezig ON statushistorie(levering_id, sleutel)
    WHERE veld = 'afwezig' AND naar = 'ja';
