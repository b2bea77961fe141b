-- 0013_toestemming_bewijs.sql - consent names its evidence and needs four eyes
-- (docs/decisions.md 96-98).
--
-- A consent a staff member records from a signed GUO form names the form's
-- reference (formulier_kenmerk), the channel it came in by and the date signed
-- (gegeven_op), and takes effect only once a second person of the recording
-- body has confirmed it (bevestigd_door, bevestigd_op). A consent the resident
-- gives in Mijn woning (kanaal 'mijn_woning') takes effect at once. The
-- channels change (post, balie, telefoon, digitaal, mijn_woning), so the
-- table is rebuilt; SQLite cannot change a CHECK in place.
--
-- vastgelegd_door is now who recorded the consent given (or the request),
-- and stays so; who withdrew it is ingetrokken_door.
--
-- Existing rows: 'formulier' becomes 'post', 'telefonisch' 'telefoon'. A
-- consent an account of the resident recorded becomes 'mijn_woning' and stays
-- in effect; any other given consent was recorded by staff without evidence
-- or a second look, and now waits for a colleague's confirmation (decision 97).
CREATE TABLE toestemming_0013 (
    id                  INTEGER PRIMARY KEY,
    nummeraanduiding_id INTEGER NOT NULL REFERENCES adres(nummeraanduiding_id),
    doel                TEXT NOT NULL CHECK (doel IN ('samenloop', 'statusuitwisseling',
                          'svip_verzoek', 'integraal_plan', 'eigen_inzage')),
    aangevraagd_op      TEXT NOT NULL,
    gegeven_op          TEXT,                     -- the day the resident signed or gave it
    kanaal              TEXT CHECK (kanaal IN ('post', 'balie', 'telefoon', 'digitaal',
                          'mijn_woning')),
    formulier_kenmerk   TEXT NOT NULL DEFAULT '', -- the signed GUO form's reference
    ingetrokken_op      TEXT,
    ingetrokken_door    TEXT NOT NULL DEFAULT '',
    beoordeling         TEXT NOT NULL DEFAULT '' CHECK (beoordeling IN ('', 'akkoord',
                          'afgewezen')),
    vastgelegd_door     TEXT NOT NULL,
    vastgelegd_org      TEXT NOT NULL DEFAULT '' CHECK (vastgelegd_org IN ('', 'IMG', 'NCG')),
    vastgelegd_op       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    bevestigd_door      TEXT NOT NULL DEFAULT '',
    bevestigd_op        TEXT,                     -- ISO 8601 UTC; NULL until confirmed
    versie              INTEGER NOT NULL DEFAULT 1,
    CHECK (gegeven_op IS NULL OR kanaal IS NOT NULL),
    CHECK (ingetrokken_op IS NULL OR gegeven_op IS NOT NULL),
    -- four eyes, also against a write that goes around the service
    CHECK ((bevestigd_op IS NULL AND bevestigd_door = '') OR
           (bevestigd_op IS NOT NULL AND bevestigd_door <> '' AND
            bevestigd_door <> vastgelegd_door COLLATE NOCASE))
);

INSERT INTO toestemming_0013 (id, nummeraanduiding_id, doel, aangevraagd_op, gegeven_op, kanaal,
                              ingetrokken_op, ingetrokken_door, beoordeling, vastgelegd_door,
                              vastgelegd_org, vastgelegd_op, versie)
SELECT t.id, t.nummeraanduiding_id, t.doel, t.aangevraagd_op, t.gegeven_op,
       CASE WHEN t.kanaal IS NULL THEN NULL
            WHEN g.rol = 'bewoner' THEN 'mijn_woning'
            WHEN t.kanaal = 'formulier' THEN 'post'
            WHEN t.kanaal = 'telefonisch' THEN 'telefoon'
            ELSE t.kanaal END,
       t.ingetrokken_op,
       CASE WHEN t.ingetrokken_op IS NULL THEN '' ELSE t.vastgelegd_door END,
       t.beoordeling, t.vastgelegd_door, coalesce(g.org, ''), t.vastgelegd_op, t.versie
FROM toestemming t LEFT JOIN gebruiker g ON g.naam = t.vastgelegd_door;

DROP TABLE toestemming;
ALTER TABLE toestemming_0013 RENAME TO toestemming;
CREATE UNIQUE INDEX toestemming_lopend ON toestemming(nummeraanduiding_id, doel)
    WHERE ingetrokken_op IS NULL AND beoordeling <> 'afgewezen';
CREATE INDEX toestemming_adres ON toestemming(nummeraanduiding_id, doel, id);
