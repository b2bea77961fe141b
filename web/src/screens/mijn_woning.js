// mijn_woning.js - the resident's own page (issue #5, item 8): for each of their
// addresses both tracks in plain Dutch (B1): where am I, what happens next, what is
// asked of me, who are my contacts; my consent (consent.js); and who looked at my data
// (the processing log about my address).
//
// Only the addresses in the session (user.adressen) are ever asked for: nothing in the
// URL chooses an address, so no query or path trick can reach someone else's. The
// server checks again (decision 46: another address is a 404).

import { h, clear, heading, para, alert, table, dataList, button, loading, formatAddress, formatDate, formatEuro } from '../dom.js';
import { api, allPages } from '../api.js';
import { consentBlock } from '../consent.js';
import { termijnenBlock } from './mijn_woning_termijnen.js';
import { mijnWoningOpnames } from './mijn_woning_opnames.js';
import {
  STAP_NAMEN, STAP_VOLGORDE, SAMENWERKING_BEWONER, DOELEN_BEWONER, GRONDSLAGEN_BEWONER, REGELINGEN, ROLES, label,
} from '../labels.js';

// ---- the damage claim (IMG), in the resident's words --------------------------------

const FASE_ORDER = ['voorbereiding', 'opname', 'zienswijze', 'beschikking', 'afgehandeld'];

const FASE_WOORDEN = {
  voorbereiding: {
    kort: 'voorbereiding',
    nu: 'IMG heeft uw schademelding ontvangen en bereidt de behandeling voor.',
    straks: 'Een deskundige komt de schade aan uw huis bekijken. Dat heet de opname. IMG maakt daarvoor een afspraak met u.',
    gevraagd: 'Bewaar foto\'s en bonnetjes van de schade. Hebt u nieuwe schade? Meld die ook.',
  },
  opname: {
    kort: 'opname',
    nu: 'Een deskundige bekijkt de schade aan uw huis, of heeft dat net gedaan.',
    straks: 'De deskundige schrijft een rapport over de schade. Dat rapport krijgt u van IMG.',
    gevraagd: 'Zorg dat de deskundige bij de schade kan. Komt de afspraak niet uit? Laat het IMG weten.',
  },
  zienswijze: {
    kort: 'uw mening over het rapport',
    nu: 'U hebt het rapport over uw schade gekregen. U mag zeggen wat u ervan vindt. Dat heet een zienswijze.',
    straks: 'Daarna neemt IMG een besluit over uw schade.',
    gevraagd: 'Lees het rapport. Bent u het er niet mee eens? Laat het IMG weten vóór de datum in de brief.',
  },
  beschikking: {
    kort: 'besluit',
    nu: 'IMG neemt een besluit over uw schade.',
    straks: 'U krijgt een brief met het besluit. Daarin staat ook of u geld krijgt, en hoeveel.',
    gevraagd: 'U hoeft nu niets te doen.',
  },
  afgehandeld: {
    kort: 'afgehandeld',
    nu: 'Uw schademelding is afgehandeld.',
    straks: 'Hebt u nieuwe schade? Dan kunt u die opnieuw melden bij IMG.',
    gevraagd: 'U hoeft niets te doen.',
  },
};

// ---- the strengthening trajectory (NCG), in the resident's words --------------------

const STAP_WOORDEN = {
  '1.2': {
    nu: 'Uw huis staat in het plan van de gemeente. Het wordt bekeken of het sterk genoeg is.',
    straks: 'NCG plant een opname: iemand komt bekijken hoe uw huis gebouwd is.',
    gevraagd: 'U hoeft nu niets te doen. NCG neemt contact met u op.',
  },
  '2.1': {
    nu: 'NCG plant een opname van uw huis.',
    straks: 'Een inspecteur komt bekijken hoe uw huis gebouwd is.',
    gevraagd: 'Maak een afspraak als NCG u belt of schrijft. Hebt u ook schade? Dan kunnen IMG en NCG misschien samen komen kijken.',
  },
  '3.1': {
    nu: 'NCG rekent uit of uw huis sterk genoeg is.',
    straks: 'U hoort of uw huis versterkt moet worden. Zo ja, dan krijgt u een advies over de versterking.',
    gevraagd: 'U hoeft nu niets te doen.',
  },
  '4.1': {
    nu: 'NCG maakt een advies over hoe uw huis versterkt wordt.',
    straks: 'Samen met u wordt een plan gemaakt voor de bouw.',
    gevraagd: 'Hebt u schade die u nog niet gemeld hebt? Meld die nu bij IMG. Dan kan het herstel misschien samen met de versterking.',
  },
  '4.2': {
    nu: 'Het plan voor de bouw wordt gemaakt.',
    straks: 'Er komt een aannemer en de bouw wordt voorbereid.',
    gevraagd: 'Lees het plan goed. Hebt u vragen? Bespreek ze met uw bewonersbegeleider.',
  },
  '5.1': {
    nu: 'De bouw wordt voorbereid.',
    straks: 'De aannemer begint met het versterken van uw huis.',
    gevraagd: 'Bespreek met uw bewonersbegeleider wat de bouw voor u betekent, bijvoorbeeld of u tijdelijk ergens anders woont.',
  },
  '5.2': {
    nu: 'Uw huis wordt versterkt.',
    straks: 'Als de bouw klaar is, krijgt u uw huis opgeleverd.',
    gevraagd: 'Vindt de aannemer schade? Die meldt de aannemer voor u bij IMG.',
  },
  opgeleverd: {
    nu: 'De versterking van uw huis is klaar.',
    straks: 'Voor de versterking gebeurt er niets meer.',
    gevraagd: 'U hoeft niets te doen.',
  },
  'geen versterking': {
    nu: 'Uw huis hoeft niet versterkt te worden.',
    straks: 'Voor de versterking gebeurt er niets meer.',
    gevraagd: 'U hoeft niets te doen. Hebt u wel schade? Meld die bij IMG.',
  },
};

// ---- the processing log, in the resident's words ------------------------------------

const WIE = {
  zaakbegeleider: (org) => `Een zaakbegeleider van ${org || 'IMG'}`,
  bewonersbegeleider: (org) => `Een bewonersbegeleider van ${org || 'NCG'}`,
  svip: (org) => `Het informatiepunt schade en versterken (SVIP) van ${org || 'IMG of NCG'}`,
  coordinator: () => 'Uw coördinator',
  interventieteam: () => 'Het interventieteam',
  datasteward: (org) => `Een medewerker gegevensbeheer van ${org || 'IMG of NCG'}`,
  bewoner: () => 'U zelf',
  beheerder: () => 'De beheerder van samenloop',
};

const DEEL = {
  schades: 'uw schademelding', schade: 'uw schademelding', traject: 'uw versterking',
  verzoek: 'een vraag tussen IMG en NCG', toestemming: 'uw toestemming',
  combinatiedossier: 'de afspraken tussen IMG en NCG over uw huis', signaal: 'een taak voor een medewerker',
  termijn: 'de termijn waarbinnen over uw zaak beslist moet worden',
  escalatie: 'uw zaak bij het interventieteam', grootboek: 'een vergoeding voor te laat beslissen',
};
const CATEGORIE = {
  id: 'nummer', status: 'hoe ver het is', datums: 'datums', contact: 'naam van de begeleider',
  kenmerken: 'kenmerken', keuze: 'uw keuze', bedragen: 'bedragen', antwoord: 'het antwoord',
  coordinator: 'wie uw coördinator is', samenwerking: 'hoe IMG en NCG samenwerken',
  element: 'de afspraken uit de regels voor schade en versterking', reden: 'de reden',
  opschorting: 'een pauze van de termijn', verlenging: 'een verlenging van de termijn',
  ingebrekestelling: 'uw ingebrekestelling', definitie: 'de regels voor termijnen',
  bevestiging: 'gecontroleerd door een tweede medewerker',
};

// The processing log says only that the consent changed; the consents say who gave
// and who withdrew it, and on which day. Each change record (oldest first) takes the
// first consent event not yet taken by the same account (a withdrawal also on the same
// day), so the resident reads "Gegeven" or "Ingetrokken" instead of "Veranderd".
// Returns a Map from record to its verb; a record that matches nothing is left out.
export function consentVerbs(records, consents) {
  const same = (a, b) => String(a || '').toLowerCase() === String(b || '').toLowerCase();
  const events = [];
  for (const t of [...consents].sort((a, b) => a.id - b.id)) {
    if (t.gegeven_op || t.status === 'wacht_op_bevestiging') events.push({ verb: 'Gegeven', door: t.vastgelegd_door });
    if (t.ingetrokken_op) events.push({ verb: 'Ingetrokken', door: t.ingetrokken_door, dag: t.ingetrokken_op });
  }
  const verbs = new Map();
  for (const r of records) {
    const cats = String(r.categorieen || '').split(',');
    if (r.actie === 'inzage' || !cats.some((c) => c.startsWith('toestemming'))) continue;
    if (cats.includes('toestemming:bevestiging')) {
      verbs.set(r, 'Bevestigd');
      continue;
    }
    const e = events.find((x) => !x.taken && same(x.door, r.gebruiker)
      && (!x.dag || x.dag === String(r.tijdstip || '').slice(0, 10)));
    if (e) {
      e.taken = true;
      verbs.set(r, e.verb);
    }
  }
  return verbs;
}

// ['traject:id', 'traject:status', 'toestemming'] -> 'uw versterking (nummer, hoe ver het is); uw toestemming'
function wat(categorieen) {
  const list = Array.isArray(categorieen) ? categorieen : String(categorieen || '').split(',');
  const parts = new Map();
  for (const c of list.filter(Boolean)) {
    const [deel, cat] = c.split(':');
    const name = DEEL[deel] || deel;
    if (!parts.has(name)) parts.set(name, []);
    if (cat) parts.get(name).push(CATEGORIE[cat] || cat);
  }
  return [...parts].map(([name, cats]) => (cats.length ? `${name} (${cats.join(', ')})` : name)).join('; ') || '–';
}

// The system's own records (the sweep, an import from the command line) carry the
// beheerder's role for the authorisation, but no person did it.
const SYSTEEM = /^samenloop( |$)/;

function wie(r) {
  if (SYSTEEM.test(String(r.gebruiker || ''))) return 'samenloop zelf, automatisch';
  const f = WIE[r.rol];
  return f ? f(r.org) : [r.org, r.rol && label(ROLES, r.rol)].filter(Boolean).join(' ') || 'Onbekend';
}

// ---- building blocks ---------------------------------------------------------------

function steps(words) {
  return dataList([
    ['Waar staat u nu?', words.nu],
    ['Wat gebeurt hierna?', words.straks],
    ['Wat vragen we van u?', words.gevraagd],
  ]);
}

function claimTitle(s) {
  return `Schademelding ${s.img_id}${s.regeling ? ` (${label(REGELINGEN, s.regeling)})` : ''}`;
}

function damageCard(dossier, level) {
  const card = h('section.sl-card.sl-track', { 'aria-labelledby': `schade-${dossier.adres.nummeraanduiding_id}` },
    heading(level, 'Schade (IMG)', { id: `schade-${dossier.adres.nummeraanduiding_id}` }));
  if (dossier.schades === null) {
    card.append(para('Deze gegevens kunnen we nu niet laten zien.'));
    return card;
  }
  const open = dossier.schades.filter((s) => s.fase !== 'afgehandeld' && !s.afwezig);
  const closed = dossier.schades.filter((s) => s.fase === 'afgehandeld');
  if (!dossier.schades.length) {
    card.append(para('U hebt geen schade gemeld bij het Instituut Mijnbouwschade Groningen (IMG).'),
      dataList([
        ['Wat gebeurt hierna?', 'Niets, zolang u geen schade meldt.'],
        ['Wat vragen we van u?', 'Hebt u schade door de gaswinning? Meld die bij IMG. Dat kan ook als uw huis nog versterkt wordt. U hoeft daar niet op te wachten.'],
      ]));
    return card;
  }
  if (!open.length) {
    card.append(steps(FASE_WOORDEN.afgehandeld));
  }
  // Most advanced open claim first: that is the one the resident hears about next.
  open.sort((a, b) => FASE_ORDER.indexOf(b.fase) - FASE_ORDER.indexOf(a.fase));
  for (const s of open) {
    const words = FASE_WOORDEN[s.fase] || { nu: s.fase, straks: '–', gevraagd: '–' };
    const nr = FASE_ORDER.indexOf(s.fase) + 1;
    card.append(heading(level + 1, claimTitle(s)),
      para(h('strong', `Stap ${nr} van ${FASE_ORDER.length}: ${words.kort}`),
        s.fase_sinds ? `, sinds ${formatDate(s.fase_sinds)}.` : '.',
        s.urgent ? ' IMG behandelt deze melding met voorrang.' : ''),
      steps(words));
  }
  if (closed.length) {
    card.append(heading(level + 1, closed.length === 1 ? 'Afgehandelde melding' : 'Afgehandelde meldingen'),
      h('ul.utrecht-unordered-list', closed.map((s) => h('li.utrecht-unordered-list__item',
        `${claimTitle(s)}: afgehandeld op ${formatDate(s.fase_sinds)}`,
        s.besluit_bedrag !== null && s.besluit_bedrag !== undefined ? `, bedrag ${formatEuro(s.besluit_bedrag)}` : '',
        '.'))));
  }
  return card;
}

function strengtheningCard(dossier, level) {
  const t = dossier.traject;
  const card = h('section.sl-card.sl-track', { 'aria-labelledby': `versterking-${dossier.adres.nummeraanduiding_id}` },
    heading(level, 'Versterking (NCG)', { id: `versterking-${dossier.adres.nummeraanduiding_id}` }));
  if (!t) {
    card.append(para(withheld(dossier, 'traject')
      ? 'Deze gegevens kunnen we nu niet laten zien.'
      : 'Uw huis staat niet in het versterkingsprogramma van de Nationaal Coördinator Groningen (NCG).'));
    return card;
  }
  const words = STAP_WOORDEN[t.stap] || { nu: t.stap, straks: '–', gevraagd: '–' };
  const naam = STAP_NAMEN[t.stap] || t.stap;
  const nr = STAP_VOLGORDE.indexOf(t.stap) + 1;
  card.append(para(h('strong', nr > 0 ? `Stap ${nr} van ${STAP_VOLGORDE.length}: ${naam}` : naam),
    t.stap_sinds ? `, sinds ${formatDate(t.stap_sinds)}.` : '.'),
  steps(words));
  return card;
}

function withheld(dossier, part) {
  return (dossier.afgeschermd || []).some((a) => a.onderdeel === part);
}

// Names and organisation only: the register holds no phone numbers or e-mail
// addresses of staff, and this page invents none (docs/decisions.md).
function contacts(dossier, level) {
  const cd = dossier.combinatiedossier || {};
  const open = (dossier.schades || []).filter((s) => s.fase !== 'afgehandeld')
    .sort((a, b) => FASE_ORDER.indexOf(b.fase) - FASE_ORDER.indexOf(a.fase));
  const zaak = open[0]?.zaakbegeleider || cd.zaakbegeleider;
  const bewoners = dossier.traject?.bewonersbegeleider || cd.bewonersbegeleider;
  const rows = [
    zaak && ['Uw zaakbegeleider bij IMG (schade)', zaak],
    bewoners && ['Uw bewonersbegeleider bij NCG (versterking)', bewoners],
    cd.coordinator && ['Uw coördinator voor schade en versterking samen', cd.coordinator],
  ].filter(Boolean);
  const id = `contact-${dossier.adres.nummeraanduiding_id}`;
  return h('section.sl-contacts', { 'aria-labelledby': id },
    heading(level, 'Uw contactpersonen', { id }),
    rows.length ? dataList(rows) : para('Er is nog geen vaste contactpersoon voor u.'),
    para('Het telefoonnummer en e-mailadres van uw contactpersonen staan in de brieven die u van IMG en NCG hebt gekregen. ',
      'Ze staan niet op deze pagina.'));
}

function together(dossier) {
  const cd = dossier.combinatiedossier;
  const potentieel = dossier.classificatie?.potentieel || cd?.potentieel;
  if (potentieel !== 'beide_lopend') return null;
  return para('Bij uw huis lopen twee zaken tegelijk: een schademelding bij IMG en de versterking door NCG. ',
    'IMG en NCG stemmen die met elkaar af. ', (cd && SAMENWERKING_BEWONER[cd.samenwerking]) || '');
}

const LOG_STEP = 20;

// consents: the address's consents as the consent block read them (consentVerbs).
async function accessLog(id, level, consents = []) {
  const kop = `logboek-${id}`;
  const section = h('section.sl-log', { 'aria-labelledby': kop, 'data-test': 'logboek' },
    heading(level, 'Wie heeft mijn gegevens bekeken?', { id: kop }),
    para('Hier ziet u wanneer een medewerker van IMG, NCG of het informatiepunt gegevens over uw huis ',
      'heeft bekeken of veranderd, en waarom. Het nieuwste staat bovenaan.'));
  let items;
  try {
    // Oldest first from the API; a resident wants the latest first.
    items = (await allPages('/logboek', { nummeraanduidingId: id }, 2000)).items;
  } catch (err) {
    section.append(alert('error', err.describe()));
    return section;
  }
  const verbs = consentVerbs(items, consents);
  items.reverse();
  const body = h('div');
  section.append(body);
  let shown = 0;
  const more = () => {
    const from = shown;
    shown = Math.min(items.length, shown + LOG_STEP);
    clear(body).append(table(`Inzage en wijzigingen (${shown} van ${items.length})`, [
      { label: 'Wanneer', cell: (r) => formatDate(r.tijdstip) },
      { label: 'Wie', cell: wie },
      { label: 'Wat', cell: (r) => `${r.actie === 'inzage' ? 'Bekeken' : verbs.get(r) || 'Veranderd'}: ${wat(r.categorieen)}` },
      { label: 'Waarom', cell: (r) => label(DOELEN_BEWONER, r.doel) },
      { label: 'Op grond van', cell: (r) => label(GRONDSLAGEN_BEWONER, r.grondslag) },
    ], items.slice(0, shown), { empty: 'Niemand heeft uw gegevens bekeken.' }));
    if (shown < items.length) {
      body.append(h('div.utrecht-button-group', button('Meer tonen', more, 'secondary-action')));
    }
    // keep the keyboard where the new rows start
    if (from > 0) body.querySelectorAll('tbody tr')[from]?.querySelector('td')?.setAttribute('tabindex', '-1');
    if (from > 0) body.querySelectorAll('tbody tr')[from]?.querySelector('td')?.focus();
  };
  more();
  return section;
}

async function addressSection(id, ctx, level) {
  let dossier;
  try {
    dossier = await api.get(`/adressen/${encodeURIComponent(id)}`);
  } catch (err) {
    return h('section', alert('error', err.status === 404
      ? 'De gegevens van een van uw adressen zijn niet gevonden. Neem contact op met IMG of NCG.'
      : err.describe()));
  }
  const kop = `adres-${id}`;
  const section = h('section.sl-home', { 'aria-labelledby': kop, 'data-test': 'woning' },
    heading(level, formatAddress(dossier.adres), { id: kop }),
    together(dossier),
    h('div.sl-tracks', damageCard(dossier, level + 1), strengtheningCard(dossier, level + 1)),
    termijnenBlock(dossier, level + 1),
    contacts(dossier, level + 1),
    await mijnWoningOpnames(dossier, level + 1));
  let consents = [];
  section.append(await consentBlock(id, { user: ctx.user, level: level + 1, onItems: (items) => { consents = items; } }));
  section.append(await accessLog(id, level + 1, consents));
  return section;
}

export default async function mijnWoning(main, ctx) {
  const ids = ctx.user.adressen || [];
  main.append(heading(1, 'Mijn woning'),
    para('Hier ziet u hoe het staat met de schade aan uw huis (bij IMG) en met de versterking (bij NCG). ',
      'U ziet ook wie uw contactpersonen zijn, of u toestemming hebt gegeven, en wie uw gegevens heeft bekeken.'));
  ctx.title('Mijn woning');
  if (!ids.length) {
    main.append(alert('info', 'Er is nog geen adres aan uw account gekoppeld. Neem contact op met IMG of NCG.'));
    return;
  }
  const placeholder = loading('De gegevens worden geladen…', { bars: 8 });
  main.append(placeholder);
  // With several addresses each gets its own level-2 section; with one, too, so the
  // heading order (h1 > h2 > h3) is the same for everyone.
  const sections = [];
  for (const id of ids) {
    sections.push(await addressSection(id, ctx, 2));
    if (ctx.stale()) return;
  }
  placeholder.replaceWith(...sections);
}
