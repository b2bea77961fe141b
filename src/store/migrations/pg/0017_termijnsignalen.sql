-- 0017_termijnsignalen.sql - issue 13's term signals (decisions 186-190).
--
-- Rules 11-14 (a term nearing its end, a government's term missed, a penalty
-- running, an escalation reported) join the active signal rule set of a
-- register seeded before this migration; a new register gets them from the
-- core's defaults (core/signal_rules.c, the same texts) when the rule sets are
-- seeded after the migrations. Re-runnable: tests reset the version.
--
-- A term signal is one per rule, term kind (its variant) and address: the
-- one-unfinished-signal index now includes the variant. Rules 1-10 keep one
-- per rule and address, as the service checks by rule before it raises.

DROP INDEX IF EXISTS signaal_een_open;
CREATE UNIQUE INDEX IF NOT EXISTS signaal_een_open_variant
    ON signaal(regel, variant, nummeraanduiding_id) WHERE status IN ('open', 'bevestigd');

INSERT INTO signaalregel (versie, regel, variant, trigger, conditie, aan, termijn_dagen,
                          parameter_dagen, tekst)
SELECT r.versie, v.regel, '', v.trigger, '', v.aan, v.termijn_dagen, 0, v.tekst
  FROM regelset r, (VALUES
    (11, 'termijn_nadert', 'zaakbegeleider,bewonersbegeleider', 7, 'Een termijn op dit adres loopt binnenkort af. Zorg dat het besluit of de stap op tijd klaar is. Is het een termijn van de bewoner, zoals de bezwaartermijn? Vertel de bewoner tot wanneer hij nog kan reageren.'),
    (12, 'termijn_verstreken', 'zaakbegeleider,bewonersbegeleider', 7, 'Een termijn van uw organisatie op dit adres is verstreken zonder dat het besluit of de stap er is. Rond het zo snel mogelijk af en laat de bewoner weten wanneer.'),
    (13, 'dwangsom_loopt', 'zaakbegeleider,bewonersbegeleider', 7, 'De bewoner heeft uw organisatie in gebreke gesteld en er is na twee weken nog niet beslist. Er loopt nu elke dag een dwangsom. Beslis zo snel mogelijk.'),
    (14, 'escalatie', 'coordinator,interventieteam', 10, 'Dit dossier is aangemeld bij het interventieteam: het zit vast of een termijn is twee keer gemist. Neem de zaak in behandeling en spreek af wie wat doet.')
  ) AS v(regel, trigger, aan, termijn_dagen, tekst)
 WHERE r.soort = 'signaal' AND r.actief
   AND NOT EXISTS (SELECT 1 FROM signaalregel s
                    WHERE s.versie = r.versie AND s.regel = v.regel);
