-- 0021_outbox_bezorging.sql - the outbox is claimed by workers with a lease
-- (issue 15; docs/decisions.md 178): who holds an event (bezorger) and until
-- when (geclaimd_tot), how often it was handed out (pogingen), not before when
-- it is tried again after a failure (volgende_poging) and why it failed
-- (laatste_fout). Moments as the outbox's own: ISO 8601 UTC with milliseconds.
--
-- Made as a new table and renamed rather than with ADD COLUMN, so that a
-- register set back to an older version (tests/integration/test_signals.py)
-- applies it again unharmed.
CREATE TABLE outbox_0021 (
    id               INTEGER PRIMARY KEY,
    aangemaakt_op    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    soort            TEXT NOT NULL,
    onderwerp        TEXT NOT NULL,
    sleutel          TEXT NOT NULL,
    gegevens         TEXT NOT NULL CHECK (json_valid(gegevens)),
    verzonden_op     TEXT,
    bezorger         TEXT,
    geclaimd_tot     TEXT,
    pogingen         INTEGER NOT NULL DEFAULT 0,
    volgende_poging  TEXT,
    laatste_fout     TEXT
);
INSERT INTO outbox_0021 (id, aangemaakt_op, soort, onderwerp, sleutel, gegevens, verzonden_op)
SELECT id, aangemaakt_op, soort, onderwerp, sleutel, gegevens, verzonden_op FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_0021 RENAME TO outbox;
CREATE INDEX outbox_onverzonden ON outbox(id) WHERE verzonden_op IS NULL;
