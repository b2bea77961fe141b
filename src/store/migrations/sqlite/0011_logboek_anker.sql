-- 0011_logboek_anker.sql - the processing log covers deliveries, and its heads
-- are anchored (docs/decisions.md 87, 88).
--
-- A delivery writes one log record in its own transaction: the record names
-- the delivery (levering_id; the delivery's statushistorie rows name it too)
-- and carries its counts and the file's SHA-256 (gegevens, compact JSON).
-- Both columns are part of the record's hash when set (service/logboek.h).
ALTER TABLE logboek ADD COLUMN levering_id INTEGER REFERENCES levering(id);
ALTER TABLE logboek ADD COLUMN gegevens TEXT NOT NULL DEFAULT '';
CREATE INDEX logboek_levering ON logboek(levering_id) WHERE levering_id IS NOT NULL;

-- Anchors (checkpoints): both chains' last record (id and hash) at a moment,
-- signed with a key held outside the register (HMAC, service/logboek_anker.c).
-- A chain that ends before an anchor's record, or holds another record there,
-- has lost its newest records or was rewritten: `samenloop logboek verify`
-- fails. verlies = 1 marks an anchor written when an operator acknowledged a
-- loss (`samenloop logboek verlies-erkennen`): older anchors bind no longer.
CREATE TABLE logboek_anker (
    id              INTEGER PRIMARY KEY,
    tijdstip        TEXT NOT NULL,
    register_id     INTEGER NOT NULL CHECK (register_id >= 0),
    register_hash   TEXT NOT NULL,
    inzage_id       INTEGER NOT NULL CHECK (inzage_id >= 0),
    inzage_hash     TEXT NOT NULL,
    verlies         INTEGER NOT NULL DEFAULT 0 CHECK (verlies IN (0, 1)),
    sleutel_id      TEXT NOT NULL,        -- '' when written without a key
    mac             TEXT NOT NULL         -- '' when written without a key
);
CREATE TRIGGER logboek_anker_geen_wijziging BEFORE UPDATE ON logboek_anker
BEGIN
    SELECT RAISE(ABORT, 'logboekankers zijn alleen aanvullen: wijzigen is niet toegestaan');
END;
CREATE TRIGGER logboek_anker_geen_verwijdering BEFORE DELETE ON logboek_anker
BEGIN
    SELECT RAISE(ABORT, 'logboekankers zijn alleen aanvullen: verwijderen is niet toegestaan');
END;
