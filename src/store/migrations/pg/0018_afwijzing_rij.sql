-- 0018_afwijzing_rij.sql - a rejected row's original text; what it holds is in
-- sqlite/0018_afwijzing_rij.sql (decision 229).
CREATE TABLE IF NOT EXISTS afwijzing_rij (
    afwijzing_id bigint PRIMARY KEY REFERENCES afwijzing(id),
    rij          text NOT NULL
);
