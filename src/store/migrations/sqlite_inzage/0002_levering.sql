-- 0002_levering.sql - the look log has the register logboek's columns
-- (sqlite/0011): the same record shape in both chains, so that one insert and
-- one hash serve both. Looks name no delivery: these stay empty here.
ALTER TABLE logboek ADD COLUMN levering_id INTEGER;
ALTER TABLE logboek ADD COLUMN gegevens TEXT NOT NULL DEFAULT '';
