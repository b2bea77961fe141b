// werkvoorraad.js - the case worker's work queue: the signals for me, my organisation
// or my role, filtered by rule, municipality, state and due date, with the actions
// on each signal. The filters live in the URL (?regel=3&gemeente=0014&pagina=2), so
// the back button and a bookmark bring the same list back.

import { h, heading, para, field, select, submit, alert, table, link, loading, formatAddress, formatNumber, today } from '../dom.js';
import { api } from '../api.js';
import { REGELS, GEMEENTEN, SIGNAAL_STATUS, gemeente } from '../labels.js';
import { signalActions, signalStatus, signalText, dueDate, isOverdue } from '../signal_actions.js';

const PER_PAGE = 25;

const VOOR = [
  ['organisatie', 'Mijn organisatie'],
  ['rol', 'Mijn rol'],
  ['mij', 'Aan mij persoonlijk'],
];

// Due-date choices as the API's "due before" date, counted from today.
function dayPlus(n) {
  const d = new Date(`${today()}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

const TERMIJN = {
  verlopen: { label: 'Verlopen (vervaldatum voorbij)', voor: () => today() },
  week: { label: 'Vervalt binnen 7 dagen', voor: () => dayPlus(8) },
  maand: { label: 'Vervalt binnen 30 dagen', voor: () => dayPlus(31) },
};

function filtersFrom(query) {
  const f = {
    voor: VOOR.some(([v]) => v === query.get('voor')) ? query.get('voor') : 'organisatie',
    regel: REGELS[query.get('regel')] ? query.get('regel') : '',
    gemeente: GEMEENTEN[query.get('gemeente')] ? query.get('gemeente') : '',
    // open by default: that is the work still to pick up
    status: query.has('status') ? (SIGNAAL_STATUS[query.get('status')] ? query.get('status') : '') : 'open',
    termijn: TERMIJN[query.get('termijn')] ? query.get('termijn') : '',
  };
  const p = Number.parseInt(query.get('pagina') || '1', 10);
  f.pagina = Number.isFinite(p) && p > 0 ? p : 1;
  return f;
}

function urlFor(f, pagina = 1) {
  const q = new URLSearchParams();
  if (f.voor !== 'organisatie') q.set('voor', f.voor);
  if (f.regel) q.set('regel', f.regel);
  if (f.gemeente) q.set('gemeente', f.gemeente);
  q.set('status', f.status);
  if (f.termijn) q.set('termijn', f.termijn);
  if (pagina > 1) q.set('pagina', String(pagina));
  return `/werkvoorraad?${q}`;
}

function filterForm(f, ctx) {
  const inputs = {
    voor: select(VOOR, { name: 'voor', value: f.voor }),
    regel: select([['', 'Alle regels'], ...Object.entries(REGELS).map(([k, v]) => [k, `${k}. ${v}`])],
      { name: 'regel', value: f.regel }),
    gemeente: select([['', 'Alle gemeenten'],
      ...Object.entries(GEMEENTEN).sort((a, b) => a[1].localeCompare(b[1], 'nl')).map(([k, v]) => [k, v])],
    { name: 'gemeente', value: f.gemeente }),
    status: select([['open', 'Open'], ['bevestigd', 'Bevestigd'], ['afgerond', 'Afgerond'],
      ['afgewezen', 'Afgewezen'], ['', 'Alle']], { name: 'status', value: f.status }),
    termijn: select([['', 'Alle vervaldata'], ...Object.entries(TERMIJN).map(([k, v]) => [k, v.label])],
      { name: 'termijn', value: f.termijn }),
  };
  const form = h('form.sl-form.sl-filters', { 'aria-labelledby': 'filter-kop' },
    h('h2.nl-heading.nl-heading--level-2', { id: 'filter-kop' }, 'Filteren'),
    h('div.sl-row',
      field('Signalen voor', inputs.voor, { id: 'filter-voor' }),
      field('Regel', inputs.regel, { id: 'filter-regel' }),
      field('Gemeente', inputs.gemeente, { id: 'filter-gemeente' }),
      field('Status', inputs.status, { id: 'filter-status' }),
      field('Vervaldatum', inputs.termijn, { id: 'filter-termijn' })),
    h('div.utrecht-button-group', submit('Filteren', 'primary-action', { 'data-test': 'filteren' })));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const next = {};
    for (const [k, el] of Object.entries(inputs)) next[k] = el.value;
    ctx.navigate(urlFor(next));
  });
  return form;
}

function pager(f, page) {
  const pages = Math.max(1, Math.ceil(page.totaal / PER_PAGE));
  if (pages === 1) return null;
  return h('nav.sl-pager', { 'aria-label': 'Paginering' },
    f.pagina > 1 ? link(urlFor(f, f.pagina - 1), 'Vorige pagina', { rel: 'prev' }) : null,
    h('span.sl-pager__here', { 'aria-current': 'page' }, `Pagina ${f.pagina} van ${pages}`),
    f.pagina < pages ? link(urlFor(f, f.pagina + 1), 'Volgende pagina', { rel: 'next' }) : null);
}

export default async function werkvoorraad(main, ctx) {
  const f = filtersFrom(ctx.query);
  // while the list loads, a placeholder of rows says so, where the list will come
  const results = h('section.sl-results', { 'aria-labelledby': 'resultaten-kop' },
    loading('De signalen worden geladen…', { bars: 6 }));
  main.append(heading(1, 'Werkvoorraad'),
    para('De signalen die voor u of uw organisatie klaarstaan. Bevestig een signaal als u het oppakt, rond het af als het klaar is, of wijs het af met een reden.'),
    filterForm(f, ctx), results);
  ctx.title('Werkvoorraad');

  const params = { voor: f.voor, regel: f.regel, gemeente: f.gemeente, status: f.status,
    pagina: f.pagina, perPagina: PER_PAGE };
  if (f.termijn) params.vervaltVoor = TERMIJN[f.termijn].voor();
  let page;
  try {
    page = await api.get('/signalen', params);
  } catch (err) {
    if (ctx.stale()) return;
    results.replaceChildren(alert('error', err.describe()));
    return;
  }
  if (ctx.stale()) return;
  results.replaceChildren();

  const overdue = page.items.filter((s) => isOverdue(s)).length;
  results.append(h('h2.nl-heading.nl-heading--level-2', { id: 'resultaten-kop' },
    page.totaal === 1 ? '1 signaal' : `${formatNumber(page.totaal)} signalen`));
  if (overdue) {
    results.append(alert('warning', overdue === 1
      ? 'Op deze pagina is 1 signaal verlopen: de vervaldatum is voorbij. Het staat bovenaan.'
      : `Op deze pagina zijn ${overdue} signalen verlopen: de vervaldatum is voorbij. Ze staan bovenaan.`));
  }
  // overdue first on the page, the rest in the server's order (oldest first)
  const rows = [...page.items].sort((a, b) => Number(isOverdue(b)) - Number(isOverdue(a)));
  const statusCells = new Map();
  const dueCells = new Map();
  results.append(table('Signalen', [
    { label: 'Signaal', cell: (s) => signalText(s, 'p.nl-paragraph.sl-signal__text') },
    {
      label: 'Adres',
      cell: (s) => link(`/adressen/${s.nummeraanduiding_id}`, s.adres ? formatAddress(s.adres) : s.nummeraanduiding_id,
        { 'data-test': 'dossier-link' }),
    },
    { label: 'Gemeente', cell: (s) => (s.adres ? gemeente(s.adres.gemeentecode) : '–') },
    { label: 'Status', cell: (s) => { const c = h('span', signalStatus(s)); statusCells.set(s.id, c); return c; } },
    { label: 'Vervalt op', cell: (s) => { const c = h('span', dueDate(s)); dueCells.set(s.id, c); return c; } },
    {
      label: 'Acties',
      cell: (s) => signalActions(s, {
        onChange: (u) => {
          statusCells.get(u.id)?.replaceChildren(signalStatus(u));
          dueCells.get(u.id)?.replaceChildren(dueDate(u));
        },
      }),
    },
  ], rows, { empty: 'Er zijn geen signalen die bij deze filters passen.' }));
  // mark overdue rows for the layout (a thick left border besides the words)
  for (const tr of results.querySelectorAll('tbody tr')) {
    if (tr.querySelector('[data-test="verlopen"]')) tr.classList.add('sl-row--overdue');
  }
  const nav = pager(f, page);
  if (nav) results.append(nav);
}
