-- 0009_logboek_keten.sql - the processing log's chain kept by a trigger instead
-- of a unique index on vorige_hash.
-- Every cross-organisation view appends a record, so the log is the register's
-- busiest table. The unique index on the previous record's hash put each record
-- on a random page of that index: one more page written per record, and per
-- commit of the group-committing writer. The trigger refuses the same forks and
-- more (a gap in the ids) by looking only at the last record, whose page every
-- append touches anyway. The store checks the same before it inserts, with a
-- plainer message; `samenloop logboek verify` checks the whole chain.
DROP INDEX IF EXISTS logboek_keten;
DROP TRIGGER IF EXISTS logboek_volgorde;
CREATE TRIGGER logboek_volgorde BEFORE INSERT ON logboek
WHEN NEW.id IS NOT coalesce((SELECT max(id) FROM logboek), 0) + 1
  OR NEW.vorige_hash IS NOT coalesce((SELECT hash FROM logboek ORDER BY id DESC LIMIT 1),
                                     '0000000000000000000000000000000000000000000000000000000000000000')
BEGIN
    SELECT RAISE(ABORT, 'logboek: een record volgt alleen op het laatste record');
END;
