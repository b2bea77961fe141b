-- 0014_coordinator_account.sql - a combination dossier's coordinator is an account of
-- role coordinator, not free text (issue 12; docs/decisions.md 100): coordinator_id
-- refers to it, and the text column keeps that account's login name for display and
-- for addressing signals. A coordinator sees only the dossiers that name them.
ALTER TABLE combinatiedossier ADD COLUMN coordinator_id INTEGER REFERENCES gebruiker(id);

-- Existing free text that names a coordinator account (its login name or its
-- weergavenaam, ignoring case) becomes that account.
UPDATE combinatiedossier SET coordinator_id = (
    SELECT g.id FROM gebruiker g
     WHERE g.rol = 'coordinator'
       AND (g.naam = combinatiedossier.coordinator COLLATE NOCASE
            OR (g.weergavenaam <> '' AND g.weergavenaam = combinatiedossier.coordinator COLLATE NOCASE))
     ORDER BY g.id LIMIT 1)
 WHERE coordinator <> '';

-- Text that names no coordinator account is cleared, and the old value kept in the
-- dossier's history, so that a person can assign the right account.
INSERT INTO statushistorie (onderwerp, sleutel, veld, van, naar, gebruiker)
SELECT 'combinatiedossier', printf('%016d', nummeraanduiding_id), 'coordinator', coordinator,
       NULL, 'migratie 0014'
  FROM combinatiedossier WHERE coordinator <> '' AND coordinator_id IS NULL;

UPDATE combinatiedossier
   SET coordinator = coalesce((SELECT naam FROM gebruiker WHERE id = coordinator_id), ''),
       versie = versie + 1,
       gewijzigd_op = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
 WHERE coordinator <> '';

CREATE INDEX combinatiedossier_coordinator ON combinatiedossier(coordinator_id)
    WHERE coordinator_id IS NOT NULL;
