-- 0001_inzage.sql - the look log (inzagelogboek): the processing-log records
-- of looks that the server writes by group commit, in a file of its own beside
-- the register (<register>-inzage). Its commits then leave the register's
-- pages, and every reader's cache of them, untouched (docs/decisions.md 82).
-- Same columns and rules as the register's logboek (0004, 0009): append-only,
-- one hash chain, ids 1, 2, 3 without gaps.

CREATE TABLE logboek (
    id                  INTEGER PRIMARY KEY,
    tijdstip            TEXT NOT NULL,        -- ISO 8601 UTC, milliseconds
    gebruiker           TEXT NOT NULL,
    org                 TEXT NOT NULL,
    rol                 TEXT NOT NULL,
    doel                TEXT NOT NULL,
    grondslag           TEXT NOT NULL,
    categorieen         TEXT NOT NULL,
    nummeraanduiding_id INTEGER,
    actie               TEXT NOT NULL CHECK (actie IN ('inzage', 'wijziging')),
    trace_id            TEXT NOT NULL,
    vorige_hash         TEXT NOT NULL CHECK (length(vorige_hash) = 64),
    hash                TEXT NOT NULL CHECK (length(hash) = 64)
);
CREATE INDEX logboek_adres ON logboek(nummeraanduiding_id, id);

CREATE TRIGGER logboek_geen_wijziging BEFORE UPDATE ON logboek
BEGIN
    SELECT RAISE(ABORT, 'logboek is alleen aanvullen: wijzigen is niet toegestaan');
END;
CREATE TRIGGER logboek_geen_verwijdering BEFORE DELETE ON logboek
BEGIN
    SELECT RAISE(ABORT, 'logboek is alleen aanvullen: verwijderen is niet toegestaan');
END;
CREATE TRIGGER logboek_volgorde BEFORE INSERT ON logboek
WHEN NEW.id IS NOT coalesce((SELECT max(id) FROM logboek), 0) + 1
  OR NEW.vorige_hash IS NOT coalesce((SELECT hash FROM logboek ORDER BY id DESC LIMIT 1),
                                     '0000000000000000000000000000000000000000000000000000000000000000')
BEGIN
    SELECT RAISE(ABORT, 'logboek: een record volgt alleen op het laatste record');
END;
