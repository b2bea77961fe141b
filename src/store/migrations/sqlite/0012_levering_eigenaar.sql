-- 0012_levering_eigenaar.sql - deliveries belong to their body (docs/decisions.md
-- 90-92): who delivered, whether a snapshot is held for a second confirmation,
-- and what a held snapshot would mark absent.
--
-- A data steward is appointed by the beheerder to deliver BAG addresses
-- (levert_adressen). No existing account is appointed: deny by default. A
-- datasteward account without an org (allowed until now) keeps working but
-- may deliver and see only what needs no body, which is nothing until the
-- beheerder appoints it; docs/operations.md says how to give it a body.
ALTER TABLE gebruiker ADD COLUMN levert_adressen INTEGER NOT NULL DEFAULT 0
    CHECK (levert_adressen IN (0, 1));

-- verwerkt: applied. aangehouden: held, nothing applied, the file kept beside the
-- register (<register>-leveringen/<id>/). bevestigd: a second steward confirmed it
-- and delivery toegepast_in applied it. ingetrokken: withdrawn, nothing applied.
ALTER TABLE levering ADD COLUMN status TEXT NOT NULL DEFAULT 'verwerkt'
    CHECK (status IN ('verwerkt', 'aangehouden', 'bevestigd', 'ingetrokken'));
-- the account that delivered, or "opdrachtregel" for `samenloop import` on the machine
ALTER TABLE levering ADD COLUMN geleverd_door TEXT NOT NULL DEFAULT '';
-- who confirmed or withdrew a held delivery
ALTER TABLE levering ADD COLUMN afgehandeld_door TEXT NOT NULL DEFAULT '';
ALTER TABLE levering ADD COLUMN toegepast_in INTEGER; -- a levering id
-- held: how many records it would mark absent, of how many current ones
ALTER TABLE levering ADD COLUMN wordt_afwezig INTEGER NOT NULL DEFAULT 0;
ALTER TABLE levering ADD COLUMN huidig INTEGER NOT NULL DEFAULT 0;

-- What a held delivery would mark absent (the key: img_id, ncg_id or nummeraanduiding).
CREATE TABLE levering_afwezig (
    levering_id INTEGER NOT NULL REFERENCES levering(id),
    sleutel     TEXT NOT NULL,
    PRIMARY KEY (levering_id, sleutel)
) WITHOUT ROWID;

-- What an applied delivery marked absent, found by delivery: only the absent
-- markings pay for this index, not every status change.
CREATE INDEX statushistorie_afwezig ON statushistorie(levering_id, sleutel)
    WHERE veld = 'afwezig' AND naar = 'ja';
