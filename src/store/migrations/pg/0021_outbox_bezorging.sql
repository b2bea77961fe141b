-- 0021_outbox_bezorging.sql - the outbox claimed by workers with a lease; what
-- each column means is in sqlite/0021_outbox_bezorging.sql (decision 178).
ALTER TABLE outbox ADD COLUMN IF NOT EXISTS bezorger text;
ALTER TABLE outbox ADD COLUMN IF NOT EXISTS geclaimd_tot timestamptz;
ALTER TABLE outbox ADD COLUMN IF NOT EXISTS pogingen integer NOT NULL DEFAULT 0;
ALTER TABLE outbox ADD COLUMN IF NOT EXISTS volgende_poging timestamptz;
ALTER TABLE outbox ADD COLUMN IF NOT EXISTS laatste_fout text;

-- A first load checks its references to addresses at its commit, as SQLite's
-- does (decision 177): the four tables a load writes them to may have that
-- check deferred (sl_store_begin_load); every other write still checks each row
-- as it is written (INITIALLY IMMEDIATE).
ALTER TABLE traject ALTER CONSTRAINT traject_nummeraanduiding_id_fkey
    DEFERRABLE INITIALLY IMMEDIATE;
ALTER TABLE schade ALTER CONSTRAINT schade_nummeraanduiding_id_fkey
    DEFERRABLE INITIALLY IMMEDIATE;
ALTER TABLE classificatie ALTER CONSTRAINT classificatie_nummeraanduiding_id_fkey
    DEFERRABLE INITIALLY IMMEDIATE;
ALTER TABLE combinatiedossier ALTER CONSTRAINT combinatiedossier_nummeraanduiding_id_fkey
    DEFERRABLE INITIALLY IMMEDIATE;
