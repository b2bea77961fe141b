-- 0019_regelpublicatie.sql - who published each version of a rule table
-- (the matrix, the signal rules; issue 17, decision 203). The reason is the
-- version's omschrijving in regelset; the seeded versions have no row here
-- (samenloop itself wrote them). IF NOT EXISTS: a register set back to an older
-- version applies it again unharmed.
CREATE TABLE IF NOT EXISTS regelpublicatie (
    soort   TEXT NOT NULL,
    versie  INTEGER NOT NULL,
    door    TEXT NOT NULL,
    PRIMARY KEY (soort, versie),
    FOREIGN KEY (soort, versie) REFERENCES regelset(soort, versie)
);
