// dossier.js - the whole picture of one address on one page: both tracks side by
// side with their status history, the collaboration category and group in plain
// Dutch, the buddy pair and coordinator, the six AMvB elements (editable with
// If-Match), open signals with actions, SVIP requests, consent and legal basis, and
// what is withheld and why. A resident may open their own address here; any other
// address answers exactly like a page that does not exist (the API says 404).

import {
  h, append, heading, para, link, alert, button, submit, field, select, textbox, table, dataList,
  clear, formatDate, formatEuro, formatAddress, yesNo,
} from '../dom.js';
import { api } from '../api.js';
import {
  POTENTIEEL, GROEPEN, FASEN, STAPPEN, SAMENWERKING, GRONDSLAG, ELEMENTEN, ELEMENT_STATUS,
  REGELINGEN, VERZOEK_TYPEN, DOELEN, KEUZES, label, gemeente, BEGRIPPEN, metUitleg,
} from '../labels.js';
import { signalActions, signalStatus, signalText, dueDate, ruleName, isOverdue } from '../signal_actions.js';
import { consentBlock } from '../consent.js';
import { dossierOpname } from '../opname_wens.js';
import { withheldAnswer } from '../verzoek_answer.js';
import { termijnenSection } from './dossier_termijnen.js';
import { peildatumQuery, peildatumBlok, peildatumFout } from './dossier_peildatum.js';

const STAFF = ['zaakbegeleider', 'bewonersbegeleider', 'svip', 'coordinator', 'interventieteam'];
// who may list SVIP requests and consents (docs/api.md, "What each role sees")
const SEES_REQUESTS = ['svip', 'zaakbegeleider', 'bewonersbegeleider'];

const PART = {
  schades: 'De schademeldingen (IMG)',
  traject: 'Het versterkingstraject (NCG)',
  samenloop: 'Het combinatiedossier: de indeling, de buddy\'s, de afspraken en de signalen',
};

const FIELD_NAMES = {
  fase: 'Fase', stap: 'Stap', potentieel: 'Indeling', groep: 'Groep', zaakbegeleider: 'Zaakbegeleider',
  bewonersbegeleider: 'Bewonersbegeleider', coordinator: 'Coördinator', samenwerking: 'Samenwerking',
};

// The server's reasons are exact but official; this says the same in plain words.
function withheldText(a) {
  if (a.onderdeel === 'samenloop') {
    return 'Dit deel combineert gegevens van IMG en NCG. U ziet het alleen als u beide sporen mag zien.';
  }
  if (/^geen grondslag/.test(a.reden || '')) {
    return 'U mag deze gegevens niet zien. Dit adres valt niet onder de wettelijke samenloop-regeling, '
      + 'en de bewoner heeft geen toestemming gegeven om ze met uw organisatie te delen. '
      + 'Geeft de bewoner toestemming, dan kunt u ze wel zien.';
  }
  return a.reden || 'U mag deze gegevens niet zien.';
}

function notFound(main, ctx) {
  // word for word what main.js shows for a page that does not exist
  main.append(heading(1, 'Pagina niet gevonden'),
    para('Deze pagina bestaat niet, of is niet voor u bedoeld.'),
    para(link(ctx.homeFor(ctx.user), 'Naar uw startpagina')));
  ctx.title('Pagina niet gevonden');
}

function section(id, title, ...children) {
  return h('section.sl-dossier__section', { 'aria-labelledby': id },
    heading(2, title, { id }), ...children);
}

// ---- status history ---------------------------------------------------------------

function valueText(veld, v) {
  if (v === null || v === undefined || v === '') return veld === 'groep' ? 'geen groep' : 'niets';
  if (veld === 'groep') return `groep ${v} (${GROEPEN[v] ? GROEPEN[v].replace(/[.:].*$/, '').toLowerCase() : v})`;
  if (veld === 'fase') return label(FASEN, v);
  if (veld === 'stap') return label(STAPPEN, v);
  if (veld === 'potentieel') return label(POTENTIEEL, v);
  if (veld === 'samenwerking') return label(SAMENWERKING, v);
  return String(v);
}

function timeline(rows, name) {
  if (!rows.length) return para('Nog geen wijzigingen vastgelegd sinds de eerste levering.');
  return h('ol.sl-timeline', { 'aria-label': name },
    rows.map((r) => h('li',
      h('strong', formatDate(r.datum || r.vastgelegd_op)), ': ',
      change(r),
      h('span.sl-timeline__source', r.gebruiker ? ` (gewijzigd door ${r.gebruiker})`
        : r.levering_id ? ` (${delivery(r)})` : ''))));
}

// Which delivery changed it: its file and the day it was loaded (decision 217).
function delivery(r) {
  const day = formatDate(r.vastgelegd_op);
  return r.levering_bestand ? `uit ${r.levering_bestand}, geladen op ${day}` : `uit de levering van ${day}`;
}

// "Groep: nu groep E (samenwerken is mogelijk in de afhandeling)" rather than "Groep van
// niets naar E": a first value is not a change from nothing, a last one ends.
function change(r) {
  const name = FIELD_NAMES[r.veld] || r.veld;
  const empty = (v) => v === null || v === undefined || v === '';
  if (empty(r.van)) return `${name}: nu ${valueText(r.veld, r.naar)}`;
  if (empty(r.naar)) return `${name}: niet meer ${valueText(r.veld, r.van)}`;
  return `${name} van ${valueText(r.veld, r.van)} naar ${valueText(r.veld, r.naar)}`;
}

// ---- the two tracks ----------------------------------------------------------------

function withheldCard(d, part) {
  const a = (d.afgeschermd || []).find((x) => x.onderdeel === part);
  return a ? alert('info', h('strong', 'Afgeschermd. '), withheldText(a)) : null;
}

function claimsCard(d) {
  const card = h('section.sl-card', { 'aria-labelledby': 'spoor-img', 'data-test': 'spoor-img' },
    heading(2, 'Schade (IMG)', { id: 'spoor-img' }));
  if (d.schades === null) {
    card.append(withheldCard(d, 'schades') || para('Niet te zien.'));
    return card;
  }
  if (!d.schades.length) {
    card.append(para('Er is op dit adres nooit schade gemeld bij IMG.'));
    return card;
  }
  const open = d.schades.filter((s) => s.fase !== 'afgehandeld');
  card.append(para(open.length
    ? `${open.length} van de ${d.schades.length} schademeldingen lopen nog.`
    : `Alle ${d.schades.length} schademeldingen zijn afgehandeld.`));
  // running claims first: that is where the work is
  const claims = [...open, ...d.schades.filter((s) => s.fase === 'afgehandeld')];
  for (const s of claims) {
    const hist = d.historie.filter((r) => r.onderwerp === 'schade' && r.sleutel === s.img_id);
    card.append(h('article.sl-claim', { 'aria-labelledby': `claim-${s.img_id}` },
      heading(3, `${s.img_id} · ${s.regeling ? label(REGELINGEN, s.regeling) : 'regeling onbekend'}`, { id: `claim-${s.img_id}` }),
      dataList([
        ['Fase', `${label(FASEN, s.fase)}${s.fase_sinds ? `, sinds ${formatDate(s.fase_sinds)}` : ''}`],
        ['Ontvangen op', formatDate(s.ontvangen_op)],
        ['Urgent', yesNo(s.urgent)],
        [['Acuut onveilige situatie (AOS)', h('span.sl-term__uitleg', BEGRIPPEN.AOS)], s.aos ? `ja${s.aos_gegrond === null || s.aos_gegrond === undefined ? '' : `, ${s.aos_gegrond ? 'gegrond' : 'niet gegrond'}`}` : yesNo(s.aos)],
        ['Zaakbegeleider', s.zaakbegeleider || 'onbekend'],
        'besluit_bedrag' in s ? ['Besloten bedrag', formatEuro(s.besluit_bedrag)] : null,
      ]),
      heading(4, 'Statusgeschiedenis'),
      timeline(hist, `Statusgeschiedenis van ${s.img_id}`)));
  }
  return card;
}

function trajectCard(d) {
  const card = h('section.sl-card', { 'aria-labelledby': 'spoor-ncg', 'data-test': 'spoor-ncg' },
    heading(2, 'Versterking (NCG)', { id: 'spoor-ncg' }));
  const t = d.traject;
  if (t === null && (d.afgeschermd || []).some((a) => a.onderdeel === 'traject')) {
    card.append(withheldCard(d, 'traject'));
    return card;
  }
  if (!t) {
    card.append(para('Dit adres heeft geen versterkingstraject bij NCG.'));
    return card;
  }
  const hist = d.historie.filter((r) => r.onderwerp === 'traject' && r.sleutel === t.ncg_id);
  card.append(
    heading(3, t.ncg_id),
    dataList([
      ['Stap', `${label(STAPPEN, t.stap)}${t.stap_sinds ? `, sinds ${formatDate(t.stap_sinds)}` : ''}`],
      // each term explained where it appears (HRA, typologie, VBS…)
      'risicoprofiel' in t ? ['Risicoprofiel', t.risicoprofiel ? metUitleg(t.risicoprofiel) : 'onbekend'] : null,
      'batch' in t ? ['Batch', t.batch ? metUitleg(t.batch) : 'onbekend'] : null,
      'programma' in t ? ['Programma', t.programma ? metUitleg(t.programma) : 'onbekend'] : null,
      'bijzondere_situatie' in t ? ['Bijzondere situatie', yesNo(t.bijzondere_situatie)] : null,
      'keuze_bewoner' in t ? ['Keuze van de bewoner', t.keuze_bewoner ? label(KEUZES, t.keuze_bewoner) : 'onbekend'] : null,
      ['Bewonersbegeleider', t.bewonersbegeleider || 'onbekend'],
      'aannemersovereenkomst' in t ? ['Aannemersovereenkomst getekend', t.aannemersovereenkomst ? formatDate(t.aannemersovereenkomst) : 'nee'] : null,
    ]),
    heading(4, 'Statusgeschiedenis'),
    timeline(hist, `Statusgeschiedenis van ${t.ncg_id}`));
  return card;
}

// ---- collaboration -----------------------------------------------------------------

function classification(d) {
  const c = d.classificatie;
  const out = [];
  if (!c) {
    out.push(withheldCard(d, 'samenloop')
      || para('Dit adres heeft geen versterkingstraject, dus geen indeling voor samenwerking.'));
    return out;
  }
  const p = POTENTIEEL[c.potentieel];
  out.push(h('div.sl-classification', { 'data-test': 'indeling' },
    para(h('strong', 'Indeling: '), p ? p.naam : (c.potentieel || 'geen')),
    p ? para(p.uitleg) : null,
    c.groep ? para(h('strong', `Groep ${c.groep}: `), GROEPEN[c.groep] || '') : null));
  return out;
}

// Names, organisation and role only: the register has no phone numbers or e-mail
// addresses of staff and this page invents none; each organisation's SVIP desk
// connects colleagues (docs/decisions.md).
function contacts(d) {
  const cd = d.combinatiedossier || {};
  const zaak = cd.zaakbegeleider
    || (d.schades || []).find((s) => s.fase !== 'afgehandeld')?.zaakbegeleider;
  const bewoners = cd.bewonersbegeleider || d.traject?.bewonersbegeleider;
  const person = (name, org, role) => (name
    ? h('div.sl-contact', h('strong', name), h('span', ` · ${role} bij ${org}`),
      h('div.sl-contact__reach', `Bereikbaar via de SVIP-balie van ${org}.`))
    : 'Nog niet bekend');
  return dataList([
    ['Buddy bij IMG (schade)', person(zaak, 'IMG', 'zaakbegeleider')],
    ['Buddy bij NCG (versterking)', person(bewoners, 'NCG', 'bewonersbegeleider')],
    ['Coördinator', cd.coordinator
      ? h('div.sl-contact', h('strong', cd.coordinator), h('span', ' · coördinator voor IMG en NCG samen'),
        h('div.sl-contact__reach', 'Bereikbaar via de SVIP-balie van IMG of NCG.'))
      : ['Geen coördinator. De bewoner kan er een vragen (AMvB).', h('span.sl-term__uitleg', BEGRIPPEN.AMvB)]],
  ]);
}

function elementDate(e) {
  const d = e.status === 'geregeld' ? e.geregeld_op : e.status === 'afgewezen' ? e.afgewezen_op : e.gevraagd_op;
  return d ? `${label(ELEMENT_STATUS, e.status)} op ${formatDate(d)}` : label(ELEMENT_STATUS, e.status);
}

// The six elements and the collaboration state, read-only or as a form. The form
// sends the version it was based on (If-Match); a 412 means someone else saved in
// between, and nothing of this change was stored.
function coordination(d, ctx) {
  const box = h('div.sl-coordination', { 'data-test': 'afstemming' });
  const cd = d.combinatiedossier;
  if (!cd) {
    box.append(withheldCard(d, 'samenloop')
      || para('Dit adres is geen combinatiedossier: er is niet zowel een schademelding als een versterkingstraject.'));
    return box;
  }
  const canEdit = STAFF.includes(ctx.user.rol);
  let state = { cd, elementen: d.elementen || [] };

  function draw(message) {
    clear(box);
    if (message) box.append(message);
    const byName = Object.fromEntries(state.elementen.map((e) => [e.element, e]));
    box.append(dataList([['Samenwerking', label(SAMENWERKING, state.cd.samenwerking)]]),
      table('De zes afspraken uit de AMvB (wat de bewoner kan vragen)', [
        { label: 'Afspraak', cell: ([k]) => ELEMENTEN[k] },
        { label: 'Stand', cell: ([, e]) => (e ? elementDate(e) : 'Niet gevraagd') },
        { label: 'Door', cell: ([, e]) => e?.door || '–' },
      ], Object.keys(ELEMENTEN).map((k) => [k, byName[k]])));
    if (canEdit) box.append(form(byName));
  }

  function form(byName) {
    const samenwerking = select(Object.entries(SAMENWERKING), { name: 'samenwerking', value: state.cd.samenwerking });
    const coordinator = textbox({ name: 'coordinator', value: state.cd.coordinator || '', autocomplete: 'off' });
    const selects = {};
    const rows = Object.entries(ELEMENTEN).map(([k, name]) => {
      const now = byName[k]?.status || '';
      const opts = [...(now ? [] : [['', 'Niet gevraagd']]), ...Object.entries(ELEMENT_STATUS)];
      selects[k] = select(opts, { name: k, value: now });
      return field(name, selects[k], { id: `element-${k}` });
    });
    const f = h('form.sl-form.sl-coordination__form', { 'aria-labelledby': 'afstemming-wijzigen' },
      heading(3, 'Afspraken wijzigen', { id: 'afstemming-wijzigen' }),
      field('Samenwerking', samenwerking, { id: 'samenwerking' }),
      field('Coördinator', coordinator, { id: 'coordinator', description: 'De accountnaam van de coördinator: een account met de rol coördinator. Laat leeg als er geen is.' }),
      h('fieldset.utrecht-form-fieldset.sl-fieldset',
        h('legend.utrecht-form-fieldset__legend', 'De zes afspraken'), h('div.sl-row', rows)),
      h('div.utrecht-button-group', submit('Afspraken opslaan', 'primary-action', { 'data-test': 'afspraken-opslaan' })));
    f.addEventListener('submit', async (e) => {
      e.preventDefault();
      const body = {};
      if (samenwerking.value !== state.cd.samenwerking) body.samenwerking = samenwerking.value;
      if (coordinator.value.trim() !== (state.cd.coordinator || '')) body.coordinator = coordinator.value.trim();
      const changed = Object.entries(selects)
        .filter(([k, s]) => s.value && s.value !== (byName[k]?.status || ''))
        .map(([k, s]) => ({ element: k, status: s.value }));
      if (changed.length) body.elementen = changed;
      if (!Object.keys(body).length) {
        show(alert('info', 'U hebt niets gewijzigd.'));
        return;
      }
      f.querySelector('button[type=submit]').disabled = true;
      try {
        const { data } = await api.patch(`/combinatiedossiers/${d.adres.nummeraanduiding_id}`, body, `"${state.cd.versie}"`);
        state = { cd: { ...state.cd, ...data }, elementen: data.elementen || [] };
        show(alert('ok', 'De afspraken zijn opgeslagen.'));
      } catch (err) {
        f.querySelector('button[type=submit]').disabled = false;
        if (err.status === 412) {
          const msg = alert('error',
            'Iemand anders heeft dit dossier gewijzigd terwijl u het open had. Uw wijziging is niet opgeslagen. ',
            'Laad de pagina opnieuw om de nieuwe stand te zien, en doe uw wijziging dan nog eens.',
            h('div.utrecht-button-group', button('Pagina opnieuw laden',
              () => ctx.navigate(location.pathname + location.search, { replace: true }), 'primary-action',
              { 'data-test': 'opnieuw-laden' })));
          f.prepend(msg);
          msg.setAttribute('tabindex', '-1');
          msg.focus();
        } else {
          const msg = alert('error', err.describe());
          f.prepend(msg);
          msg.setAttribute('tabindex', '-1');
          msg.focus();
        }
      }
    });
    return f;
  }

  function show(msg) {
    msg.setAttribute('tabindex', '-1');
    draw(msg);
    msg.focus();
  }

  draw();
  return box;
}

// ---- signals, requests, basis -------------------------------------------------------

async function signals(d) {
  const box = h('div.sl-dossier-signals', { 'data-test': 'signalen' });
  // the actions are for the signals addressed to me, my organisation or my role
  let own = [];
  try {
    own = (await api.get('/signalen', { nummeraanduidingId: d.adres.nummeraanduiding_id, perPagina: 500 })).items;
  } catch {
    /* no actions then; the dossier's list itself still shows */
  }
  const mine = new Set(own.map((s) => s.id));
  if (d.signalen === null) {
    // the dossier withholds the joint part, but what is addressed to me is mine to work
    box.append(para('U ziet hier alleen de signalen die aan u, uw rol of uw organisatie zijn gericht. ',
      'Andere signalen van dit adres combineren gegevens die voor u zijn afgeschermd.'));
  }
  const all = d.signalen ?? own;
  const open = all.filter((s) => s.status === 'open' || s.status === 'bevestigd');
  const statusCells = new Map();
  box.append(table('Open signalen', [
    { label: 'Signaal', cell: (s) => signalText(s) },
    { label: 'Status', cell: (s) => { const c = h('span', signalStatus(s)); statusCells.set(s.id, c); return c; } },
    { label: 'Vervalt op', cell: (s) => dueDate(s) },
    {
      label: 'Acties',
      cell: (s) => (mine.has(s.id)
        ? signalActions(s, { onChange: (u) => statusCells.get(u.id)?.replaceChildren(signalStatus(u)) })
        : 'Niet aan u gericht'),
    },
  ], [...open].sort((a, b) => Number(isOverdue(b)) - Number(isOverdue(a))),
  { empty: 'Er zijn geen open signalen voor dit adres.' }));
  const done = all.filter((s) => !open.includes(s));
  if (done.length) {
    box.append(h('details.sl-details',
      h('summary', `Afgehandelde signalen (${done.length})`),
      table(null, [
        { label: 'Signaal', cell: (s) => ruleName(s) },
        { label: 'Status', cell: (s) => signalStatus(s) },
        { label: 'Sinds', cell: (s) => formatDate(s.gewijzigd_op) },
      ], done)));
  }
  return box;
}

async function requests(d, ctx) {
  if (!SEES_REQUESTS.includes(ctx.user.rol)) {
    return para('SVIP-verzoeken zijn te zien voor het SVIP en de zaak- en bewonersbegeleiders.');
  }
  try {
    const page = await api.get('/verzoeken', { nummeraanduidingId: d.adres.nummeraanduiding_id, perPagina: 500 });
    return table('SVIP-verzoeken voor dit adres', [
      { label: 'Ingediend', cell: (v) => formatDate(v.ingediend_op) },
      { label: 'Soort', cell: (v) => label(VERZOEK_TYPEN, v.type) },
      { label: 'Van', cell: (v) => `${v.aanvrager} (${v.org})` },
      { label: 'Vraag', cell: (v) => v.vraag },
      { label: 'Antwoord', cell: (v) => (v.status === 'beantwoord' ? withheldAnswer(v) || `${v.antwoord} — ${v.beantwoord_door}` : 'Nog niet beantwoord') },
    ], page.items, { empty: ctx.user.rol === 'svip' ? 'Er zijn geen SVIP-verzoeken voor dit adres.'
      : 'Uw organisatie heeft geen SVIP-verzoeken voor dit adres gedaan.' });
  } catch (err) {
    return alert('error', err.describe());
  }
}

function basis(d) {
  const g = d.grondslag || {};
  const why = (part) => (g[part]
    ? label(GRONDSLAG, g[part])
    : (d.afgeschermd || []).some((a) => a.onderdeel === part) ? 'Geen: afgeschermd' : 'Niet van toepassing');
  return dataList([
    ['Schademeldingen (IMG)', why('schades')],
    ['Versterkingstraject (NCG)', why('traject')],
    ['Doel van het inzien', label(DOELEN, d.doel)],
  ]);
}

// ---- the screen ----------------------------------------------------------------------

export default async function dossier(main, ctx) {
  const id = ctx.params.id;
  if (!/^[0-9]{16}$/.test(id)) {
    notFound(main, ctx);
    return;
  }
  let d;
  try {
    d = await api.get(`/adressen/${id}`, peildatumQuery(ctx));
  } catch (err) {
    if (ctx.stale()) return;
    if (peildatumFout(main, ctx, err)) return;
    if (err.status === 404) {
      notFound(main, ctx);
      return;
    }
    throw err;
  }
  if (ctx.stale()) return;
  const resident = ctx.user.rol === 'bewoner';
  const a = d.adres;
  const [signalBox, requestBox, consent] = await Promise.all([
    resident ? null : signals(d),
    resident ? null : requests(d, ctx),
    consentBlock(id, { user: ctx.user, level: 3, onChange: () => ctx.navigate(location.pathname, { replace: true }) }),
  ]);
  if (ctx.stale()) return;

  const withheld = (d.afgeschermd || []);
  // dom.js's append skips the parts that are null for this reader; Element.append would print "null"
  append(main, [
    h('p.sl-dossier__kicker', resident ? 'Uw adres' : 'Dossier'),
    heading(1, formatAddress(a)),
    dataList([
      ['Gemeente', gemeente(a.gemeentecode)],
      ['BAG-nummer', a.nummeraanduiding_id],
      ['Bouwjaar', a.bouwjaar || 'onbekend'],
      ['In de kern van het gebied', yesNo(a.kern)],
    ]),
    peildatumBlok(d, ctx),
    a.afwezig ? alert('warning', 'Dit adres stond niet meer in de laatste BAG-levering. De gegevens zijn bewaard, maar misschien niet actueel.') : null,
    withheld.length ? alert('info',
      h('strong', 'Niet alles is te zien. '),
      h('ul.sl-withheld', { 'data-test': 'afgeschermd' },
        withheld.map((w) => h('li', h('strong', `${PART[w.onderdeel] || w.onderdeel}: `), withheldText(w))))) : null,
    section('samenwerking-kop', 'Samenwerking', ...classification(d)),
    h('div.sl-tracks', claimsCard(d), trajectCard(d)),
    section('contact-kop', 'Buddy\'s en coördinator', contacts(d)),
    section('afstemming-kop', 'Afstemming (AMvB)', coordination(d, ctx)),
    termijnenSection(d, ctx, section),
    await dossierOpname(d, ctx),
    signalBox ? section('signalen-kop', 'Signalen', signalBox) : null,
    requestBox ? section('verzoeken-kop', 'SVIP-verzoeken', requestBox) : null,
    section('grondslag-kop', 'Grondslag en toestemming',
      para('Waarom u deze gegevens mag zien:'), basis(d), consent),
    section('geschiedenis-kop', 'Geschiedenis van het combinatiedossier',
      timeline(d.historie.filter((r) => r.onderwerp === 'combinatiedossier' || r.onderwerp === 'adres'),
        'Geschiedenis van het combinatiedossier')),
  ]);
  ctx.title(`Dossier ${formatAddress(a)}`);
}
