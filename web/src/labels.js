// labels.js - plain-Dutch names and one-sentence explanations for the register's
// codes (SPEC §3, §4). The words are the core's one vocabulary (src/core/begrippen.c,
// decision 236), served by GET /api/v1/begrippen: loadBegrippen() fills the maps below
// before the first screen renders, so staff, residents, the CLI and exports name each
// code the same way. Until then, or when the load failed, a code reads as itself.
// Only texts of the UI itself, not names of register codes, are written here.

import { api } from './api.js';

let mislukt = false;

// A map of code -> word that the vocabulary fills. When the vocabulary could not be
// loaded, a lookup answers the code itself (never a blank): `missing(code)`.
function woorden(missing) {
  return new Proxy({}, {
    get(target, code, receiver) {
      if (typeof code !== 'string' || code in target || !mislukt) return Reflect.get(target, code, receiver);
      return code === '' || code === 'null' || code === 'undefined' ? undefined : missing(code);
    },
  });
}
const alsCode = (code) => code;
const alsNaam = (code) => ({ naam: code, uitleg: '' });
const zonderUitleg = () => undefined;

export const ROLES = woorden(alsCode);

export const POTENTIEEL = woorden(alsNaam);

export const GROEPEN = woorden(zonderUitleg);

export const FASEN = woorden(alsCode);

// One name per NCG step, for staff and resident alike (decision 218): the dossier
// shows it after the step's number, Mijn woning after "Stap n van 8".
export const STAP_NAMEN = woorden(alsCode);
// The steps a trajectory goes through, in order ("geen versterking" ends it early).
export const STAP_VOLGORDE = [];
const STAP_EINDE_ZONDER_BOUW = 'geen versterking';

// A step with its number before its name where it has one ("3.1 Beoordeling").
export const STAPPEN = woorden(alsCode);

export const SAMENWERKING = woorden(alsCode);

export const GRONDSLAG = woorden(alsCode);

export const SIGNAAL_STATUS = woorden(alsCode);

export const REGELS = woorden(alsCode);

export const GEMEENTEN = woorden(alsCode);

// The six coordination elements of the AMvB (SPEC §4.6).
export const ELEMENTEN = woorden(alsCode);

export const ELEMENT_STATUS = woorden(alsCode);

export function label(table, code) {
  if (code === null || code === undefined || code === '') return '–';
  const v = table[code];
  if (v === undefined) return String(code);
  return typeof v === 'object' ? v.naam : v;
}

export function gemeente(code) {
  return Object.hasOwn(GEMEENTEN, code) ? `${GEMEENTEN[code]} (${code})` : code || '–';
}

// "1 signaal", "3 signalen": a count with the word in the right number.
export function plural(n, one, many) {
  return `${Number(n || 0).toLocaleString('nl-NL')} ${Number(n) === 1 ? one : many}`;
}

// Terms of the trade, each explained in a short line where it appears (the
// glossary, docs/glossary.md, says the same at more length).
export const BEGRIPPEN = woorden(zonderUitleg);

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
  return Object.hasOwn(GEMEENTEN, code) ? GEMEENTEN[code] : (code ? `gemeente ${code}` : '–');
}

// ---- terms, notices of default, escalations (issue 13) -----------------------------

export const TERMIJN_SOORT = woorden(alsCode);

export const TERMIJN_STATUS = woorden(alsCode);

export const ESCALATIE_STATUS = woorden(alsCode);

export const ESCALATIE_AANLEIDING = woorden(alsCode);

// An amount in cents as the API counts money in the ledger, as "€ 1.442,00".
export function centen(c) {
  if (c === null || c === undefined) return '–';
  const sign = c < 0 ? '-' : '';
  const abs = Math.abs(c);
  return `€\u00a0${sign}${Math.floor(abs / 100).toLocaleString('nl-NL')},${String(abs % 100).padStart(2, '0')}`;
}
// Why the planner could not plan a request (decision 131), in the planner's words.
export const PLAN_REDENEN = woorden(alsCode);

export const WEEKDAGEN = ['maandag', 'dinsdag', 'woensdag', 'donderdag', 'vrijdag', 'zaterdag', 'zondag'];

// The regelingen of a claim, by the code the API writes ("fysieke schade").
export const REGELINGEN = woorden(alsCode);

// The SVIP desk's requests: their kinds ({naam, uitleg}: the line under the choice),
// states, and the purposes a person works for.
export const VERZOEK_TYPEN = woorden(alsNaam);

export const VERZOEK_STATUS = woorden(alsCode);

export const DOELEN = woorden(alsCode);

// What IMG and NCG do together, in one sentence to the resident (decision 253); no
// entry where there is nothing to tell yet.
export const SAMENWERKING_BEWONER = woorden(zonderUitleg);

// Why and on what basis someone looked at the resident's data, in the resident's words
// (Mijn woning's processing log).
export const DOELEN_BEWONER = woorden(alsCode);

export const GRONDSLAGEN_BEWONER = woorden(alsCode);

// The resident's choice for the strengthening (NCG, own management, or none).
export const KEUZES = woorden(alsCode);

// ---- the vocabulary from the API -----------------------------------------------------

// Each list of GET /api/v1/begrippen, the map it fills and the shape a screen reads:
// the name (default), {naam, uitleg}, or the explanation alone.
const LIJSTEN = [
  ['rollen', ROLES], ['potentieel', POTENTIEEL, 'beide'], ['groepen', GROEPEN, 'uitleg'],
  ['fasen', FASEN], ['stappen', STAP_NAMEN], ['regelingen', REGELINGEN],
  ['samenwerking', SAMENWERKING], ['grondslagen', GRONDSLAG], ['signaalstatussen', SIGNAAL_STATUS],
  ['regels', REGELS], ['gemeenten', GEMEENTEN], ['elementen', ELEMENTEN],
  ['elementstatussen', ELEMENT_STATUS], ['termijnsoorten', TERMIJN_SOORT],
  ['termijnstatussen', TERMIJN_STATUS], ['escalatiestatussen', ESCALATIE_STATUS],
  ['escalatieaanleidingen', ESCALATIE_AANLEIDING], ['planredenen', PLAN_REDENEN],
  ['termen', BEGRIPPEN, 'uitleg'],
  ['verzoektypen', VERZOEK_TYPEN, 'beide'], ['verzoekstatussen', VERZOEK_STATUS], ['doelen', DOELEN],
  ['samenwerking_bewoner', SAMENWERKING_BEWONER], ['doelen_bewoner', DOELEN_BEWONER],
  ['grondslagen_bewoner', GRONDSLAGEN_BEWONER], ['keuzes', KEUZES],
];

function vul(begrippen) {
  for (const [lijst, map, vorm] of LIJSTEN) {
    for (const { code, naam, uitleg } of begrippen[lijst] || []) {
      if (vorm === 'beide') map[code] = { naam, uitleg: uitleg || '' };
      else map[code] = vorm === 'uitleg' ? uitleg || naam : naam;
    }
  }
  for (const { code, naam } of begrippen.stappen || []) {
    STAPPEN[code] = /^\d/.test(code) ? `${code} ${naam}` : naam;
    if (code !== STAP_EINDE_ZONDER_BOUW) STAP_VOLGORDE.push(code);
  }
}

// Loads the vocabulary once, before the first screen (main.js). It never throws: a
// failed load leaves the codes to be shown as they are, and begrippenMislukt() says so.
export async function loadBegrippen() {
  try {
    vul(await api.get('/begrippen'));
  } catch {
    mislukt = true;
  }
}

export function begrippenMislukt() {
  return mislukt;
}
