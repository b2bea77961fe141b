// labels.js - plain-Dutch names and one-sentence explanations for the register's
// codes (SPEC §3, §4). The codes come from the API; only the words live here.

export const ROLES = {
  zaakbegeleider: 'Zaakbegeleider (IMG)',
  bewonersbegeleider: 'Bewonersbegeleider (NCG)',
  svip: 'SVIP-medewerker',
  coordinator: 'Coördinator',
  interventieteam: 'Interventieteam',
  planner: 'Planner',
  gemeente: 'Gemeente',
  management: 'Management',
  datasteward: 'Datasteward',
  bewoner: 'Bewoner',
  beheerder: 'Beheerder',
};

export const POTENTIEEL = {
  geen_schademelding: {
    naam: 'Geen schademelding',
    uitleg: 'Er is nooit schade gemeld bij IMG. Samenwerken is nu niet nodig; wel kan de bewoner worden gewezen op het melden van schade.',
  },
  melding_afgehandeld: {
    naam: 'Melding afgehandeld',
    uitleg: 'Alle schademeldingen zijn afgehandeld. Een uitgekeerd bedrag kan de bewoner meenemen in de versterking.',
  },
  beide_lopend: {
    naam: 'Beide lopend',
    uitleg: 'Er loopt een schademelding bij IMG én een versterkingstraject bij NCG. Hier kunnen beide organisaties samenwerken.',
  },
  alleen_schade_lopend: {
    naam: 'Alleen schade lopend',
    uitleg: 'Er loopt een schademelding, maar de versterking is klaar of niet nodig. IMG handelt de schade af.',
  },
};

export const GROEPEN = {
  A: 'Samenwerken is onwaarschijnlijk: NCG kan nog niet plannen, terwijl IMG al bezig is.',
  B: 'Samenwerken is mogelijk: eerst een gezamenlijke opname, daarna afstemmen.',
  C: 'Samenwerken is onwaarschijnlijk: IMG is al verder dan NCG.',
  D: 'Samenwerken is beperkt mogelijk: nog niet bekend of versterken nodig is.',
  E: 'Samenwerken is mogelijk in de afhandeling. IMG kan de schade voorrang geven; een al betaald bedrag kan de bewoner inbrengen.',
  F: 'Samenwerken is onwaarschijnlijk: de aannemersovereenkomst is getekend. Schade die de aannemer vindt, gaat naar IMG.',
};

export const FASEN = {
  voorbereiding: 'Voorbereiding',
  opname: 'Opname',
  zienswijze: 'Zienswijze',
  beschikking: 'Beschikking',
  afgehandeld: 'Afgehandeld',
};

// One name per NCG step, for staff and resident alike (decision 218): the dossier
// shows it after the step's number, Mijn woning after "Stap n van 8".
export const STAP_NAMEN = {
  '1.2': 'Op de lijst, bewoner geïnformeerd',
  '2.1': 'Opname plannen',
  '3.1': 'Beoordeling',
  '4.1': 'Versterkingsadvies',
  '4.2': 'Plan voor de bouw',
  '5.1': 'Bouw voorbereiden',
  '5.2': 'Bouw',
  opgeleverd: 'Opgeleverd',
  'geen versterking': 'Geen versterking nodig',
};
// The steps a trajectory goes through, in order ("geen versterking" ends it early).
export const STAP_VOLGORDE = ['1.2', '2.1', '3.1', '4.1', '4.2', '5.1', '5.2', 'opgeleverd'];

export const STAPPEN = Object.fromEntries(Object.entries(STAP_NAMEN)
  .map(([code, naam]) => [code, /^\d/.test(code) ? `${code} ${naam}` : naam]));

export const SAMENWERKING = {
  geen: 'Nog geen samenwerking',
  gezamenlijke_opname_gepland: 'Gezamenlijke opname gepland',
  integraal_plan: 'Integraal plan',
  afgerond: 'Afgerond',
  afgewezen_door_bewoner: 'Afgewezen door bewoner',
};

export const GRONDSLAG = {
  eigen_organisatie: 'Eigen organisatie',
  wettelijke_taak_samenloop: 'Wettelijke taak (samenloop-AMvB)',
  toestemming: 'Toestemming van de bewoner',
  eigen_adres: 'Uw eigen adres',
  geen: 'Geen grondslag',
};

export const SIGNAAL_STATUS = {
  open: 'Open',
  bevestigd: 'Bevestigd',
  afgerond: 'Afgerond',
  afgewezen: 'Afgewezen',
};

export const REGELS = {
  1: 'Nieuwe samenloop',
  2: 'Schade op adres in versterking',
  3: 'Versterking op adres met schade',
  4: 'Versterkingsadvies: schade meenemen?',
  5: 'AOS gegrond: voordragen bij NCG',
  6: 'Urgent combinatiedossier',
  7: 'Schade gevonden tijdens bouw',
  8: 'Vastgelopen dossier',
  9: 'Toestemming ingetrokken',
  10: 'Gezamenlijke opname gepland',
  11: 'Termijn loopt bijna af',
  12: 'Termijn verstreken',
  13: 'Dwangsom loopt',
  14: 'Escalatie bij het interventieteam',
};

export const GEMEENTEN = {
  '0014': 'Groningen',
  1966: 'Het Hogeland',
  1952: 'Midden-Groningen',
  1979: 'Eemsdelta',
  1895: 'Oldambt',
  1969: 'Westerkwartier',
  '0047': 'Veendam',
  '0765': 'Pekela',
  '0037': 'Stadskanaal',
  1950: 'Westerwolde',
  1680: 'Aa en Hunze',
  '0106': 'Assen',
  1730: 'Tynaarlo',
  1699: 'Noordenveld',
  1731: 'Midden-Drenthe',
};

// The six coordination elements of the AMvB (SPEC §4.6).
export const ELEMENTEN = {
  bezoekadres: 'Eén bezoekadres voor de bewoner',
  gecoordineerde_afhandeling: 'Gecoördineerde afhandeling',
  coordinator: 'Een vaste coördinator',
  informatiedocument: 'Eén informatiedocument',
  totaalopname: 'Eén totaalopname',
  herstel_met_versterking: 'Herstel samen met versterking',
};

export const ELEMENT_STATUS = {
  gevraagd: 'Gevraagd',
  geregeld: 'Geregeld',
  afgewezen: 'Afgewezen',
};

export function label(table, code) {
  if (code === null || code === undefined || code === '') return '–';
  const v = table[code];
  if (v === undefined) return String(code);
  return typeof v === 'object' ? v.naam : v;
}

export function gemeente(code) {
  return GEMEENTEN[code] ? `${GEMEENTEN[code]} (${code})` : code || '–';
}

// "1 signaal", "3 signalen": a count with the word in the right number.
export function plural(n, one, many) {
  return `${Number(n || 0).toLocaleString('nl-NL')} ${Number(n) === 1 ? one : many}`;
}

// Terms of the trade, each explained in a short line where it appears (the
// glossary, docs/glossary.md, says the same at more length).
export const BEGRIPPEN = {
  P50: 'Risicoprofiel P50: een gemiddelde kans dat het huis niet aan de veiligheidsnorm voldoet.',
  P90: 'Risicoprofiel P90: een hogere kans dat het huis niet aan de veiligheidsnorm voldoet.',
  HRA: 'HRA: hoog-risicoadres, een huis met de grootste kans op onveiligheid; het gaat voor.',
  VBS: 'VBS: versterking in een bijzondere situatie, zoals een huis dat tegelijk verbouwd wordt.',
  typologie: 'Typologie-batch: huizen van hetzelfde bouwtype, samen beoordeeld.',
  herbeoordeling: 'Herbeoordeling: huizen die na een nieuwe rekenmethode opnieuw worden beoordeeld.',
  Bouwimpuls: 'Bouwimpuls: een regeling voor sloop en nieuwbouw in plaats van versterken.',
  Koploper: 'Koploper: een van de eerste huizen in een gebied, als voorbeeld voor de rest.',
  AOS: 'AOS: acuut onveilige situatie, een huis waar het nu al onveilig is door schade.',
  AMvB: 'AMvB: de Algemene Maatregel van Bestuur over samenloop (9 juni 2023). Die zegt wat IMG en NCG samen regelen en wat de bewoner kan vragen.',
};

// A value with its term's short explanation on the next line, when there is one.
export function metUitleg(value) {
  const text = BEGRIPPEN[value];
  if (!text) return value;
  const line = document.createElement('span');
  line.className = 'sl-term__uitleg';
  line.dataset.test = 'begrip';
  line.textContent = text;
  const wrap = document.createElement('span');
  wrap.className = 'sl-term';
  wrap.append(String(value), line);
  return wrap;
}

// The municipality's name (the code only where the name is not known).
export function gemeenteNaam(code) {
  return GEMEENTEN[code] || (code ? `gemeente ${code}` : '–');
}

// ---- terms, notices of default, escalations (issue 13) -----------------------------

export const TERMIJN_SOORT = {
  img_beslistermijn: 'Beslistermijn IMG',
  bezwaartermijn: 'Bezwaartermijn',
  beslistermijn_bezwaar: 'Beslistermijn op bezwaar',
};

export const TERMIJN_STATUS = {
  lopend: 'Loopt',
  verstreken: 'Verstreken',
  gehaald: 'Gehaald',
  opgeschort: 'Opgeschort',
};

export const ESCALATIE_STATUS = {
  aangemeld: 'Aangemeld',
  in_behandeling: 'In behandeling',
  besloten: 'Besloten',
  gesloten: 'Gesloten',
};

export const ESCALATIE_AANLEIDING = {
  vastgelopen: 'Dossier zit vast',
  termijn_tweemaal_gemist: 'Termijn twee keer gemist',
};

// An amount in cents as the API counts money in the ledger, as "€ 1.442,00".
export function centen(c) {
  if (c === null || c === undefined) return '–';
  const sign = c < 0 ? '-' : '';
  const abs = Math.abs(c);
  return `€\u00a0${sign}${Math.floor(abs / 100).toLocaleString('nl-NL')},${String(abs % 100).padStart(2, '0')}`;
}
// Why the planner could not plan a request (decision 131), in the planner's words.
export const PLAN_REDENEN = {
  geen_capaciteit: 'Geen ruimte: IMG of NCG heeft in deze periode, vanaf de vroegste datum, geen dag voor opnames in deze gemeente.',
  geen_overlap: 'Geen passende dagen: de dagen van IMG en NCG liggen steeds meer dan twee dagen uit elkaar.',
  niet_beschikbaar: 'De bewoner kan niet: op elke mogelijke combinatie van dagen is de bewoner niet thuis.',
  capaciteit_vol: 'Vol: er waren passende dagen, maar die gingen naar verzoeken die eerder binnenkwamen.',
};

export const WEEKDAGEN = ['maandag', 'dinsdag', 'woensdag', 'donderdag', 'vrijdag', 'zaterdag', 'zondag'];
