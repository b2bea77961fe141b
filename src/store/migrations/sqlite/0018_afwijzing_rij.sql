-- 0018_afwijzing_rij.sql - a rejected row's original text, as read from the
-- delivery file (issue 17, docs/decisions.md 229): the raw line(s) of its CSV
-- record, at most 4096 bytes. Beside afwijzing rather than a column of it, so
-- that IF NOT EXISTS makes it re-runnable: a register set back to an older
-- version applies it again unharmed and keeps the rows it has.
CREATE TABLE IF NOT EXISTS afwijzing_rij (
    afwijzing_id INTEGER PRIMARY KEY REFERENCES afwijzing(id),
    rij          TEXT NOT NULL
);
