-- 0003_accounts.sql - accounts and how they prove who they are: users with
-- their role (SPEC §2), the addresses of a resident's account, API tokens for
-- machine clients, browser sessions, and login attempts for throttling.
--
-- No secret is stored in clear: wachtwoord_hash is an argon2id string
-- (libsodium crypto_pwhash_str), token.hash, sessie.hash and sessie.csrf_hash
-- are BLAKE2b-256 digests (hex) of high-entropy random values.
-- Timestamps here are UNIX seconds (INTEGER): the services take the clock as a
-- parameter, so tests control it. No default account is ever created.

CREATE TABLE gebruiker (
    id              INTEGER PRIMARY KEY,
    -- login name; the service allows 1-64 of [A-Za-z0-9._@-]; unique regardless of case
    naam            TEXT NOT NULL UNIQUE COLLATE NOCASE,
    -- a core/roles.h name; checked by the service on write and on read (deny
    -- unknown), not here, so that a new role needs no table rebuild
    rol             TEXT NOT NULL,
    org             TEXT NOT NULL DEFAULT '' CHECK (org IN ('', 'IMG', 'NCG')),
    gemeentecode    TEXT NOT NULL DEFAULT '',
    wachtwoord_hash TEXT NOT NULL,
    actief          INTEGER NOT NULL DEFAULT 1 CHECK (actief IN (0, 1)),
    aangemaakt_op   INTEGER NOT NULL
);

-- The address(es) a resident (bewoner) account may see.
CREATE TABLE gebruiker_adres (
    gebruiker_id        INTEGER NOT NULL REFERENCES gebruiker(id),
    nummeraanduiding_id INTEGER NOT NULL REFERENCES adres(nummeraanduiding_id),
    PRIMARY KEY (gebruiker_id, nummeraanduiding_id)
);
CREATE INDEX gebruiker_adres_adres ON gebruiker_adres(nummeraanduiding_id);

-- Bearer tokens for machine clients; the plaintext is shown once at creation.
CREATE TABLE token (
    id                 INTEGER PRIMARY KEY,
    gebruiker_id       INTEGER NOT NULL REFERENCES gebruiker(id),
    hash               TEXT NOT NULL UNIQUE,
    omschrijving       TEXT NOT NULL DEFAULT '',
    aangemaakt_op      INTEGER NOT NULL,
    ingetrokken_op     INTEGER,
    laatst_gebruikt_op INTEGER
);
CREATE INDEX token_gebruiker ON token(gebruiker_id);

-- Browser sessions: valid while not ended, not idle too long and not too old
-- (the limits are settings of the service, not stored here).
CREATE TABLE sessie (
    id               INTEGER PRIMARY KEY,
    hash             TEXT NOT NULL UNIQUE,
    gebruiker_id     INTEGER NOT NULL REFERENCES gebruiker(id),
    csrf_hash        TEXT NOT NULL,
    aangemaakt_op    INTEGER NOT NULL,
    laatst_actief_op INTEGER NOT NULL,
    beeindigd_op     INTEGER
);
CREATE INDEX sessie_gebruiker ON sessie(gebruiker_id);

-- Login attempts per name (existing or not), for throttling. Rows older than
-- the throttling window are purged on each login.
CREATE TABLE inlogpoging (
    id       INTEGER PRIMARY KEY,
    naam     TEXT NOT NULL COLLATE NOCASE,
    tijdstip INTEGER NOT NULL,
    gelukt   INTEGER NOT NULL CHECK (gelukt IN (0, 1))
);
CREATE INDEX inlogpoging_naam ON inlogpoging(naam, tijdstip);
CREATE INDEX inlogpoging_tijdstip ON inlogpoging(tijdstip);
