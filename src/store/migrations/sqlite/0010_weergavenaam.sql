-- 0010_weergavenaam.sql - an account's name as the deliveries spell the person
-- ("H. Eemsens"): a signal addressed to that person is "voor mij" for the account
-- (docs/decisions.md 83). Empty for accounts that deal with no signals.
ALTER TABLE gebruiker ADD COLUMN weergavenaam TEXT NOT NULL DEFAULT '';
