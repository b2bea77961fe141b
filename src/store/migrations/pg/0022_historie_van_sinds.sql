-- 0022_historie_van_sinds.sql - a status change keeps since when the record had
-- the status it left; see sqlite/0022_historie_van_sinds.sql (decision 233).
ALTER TABLE statushistorie ADD COLUMN IF NOT EXISTS van_sinds date;
