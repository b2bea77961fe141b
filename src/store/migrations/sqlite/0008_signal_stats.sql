-- 0008_signal_stats.sql - the dashboard's weekly signal figures
-- (GET /api/v1/statistieken/signalen) read signals by when they were raised
-- and by when they were handled (afgerond or afgewezen; a signal reaches only
-- one of the two). Without these indexes each request scans every signal
-- twice; with them it reads only the weeks asked for. regel and the address
-- are in the index so that the count by rule, and the join to the address's
-- municipality, need not visit the table row.
-- IF NOT EXISTS: a test rewinds user_version and applies the migrations again.
CREATE INDEX IF NOT EXISTS signaal_aangemaakt ON signaal(aangemaakt_op, regel, nummeraanduiding_id);
CREATE INDEX IF NOT EXISTS signaal_afgehandeld
    ON signaal(coalesce(afgerond_op, afgewezen_op), regel, nummeraanduiding_id);
