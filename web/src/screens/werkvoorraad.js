// werkvoorraad.js - the case worker's work list: the signals for me, my organisation
// or my role, filtered by rule (with its count), municipality, state and due date,
// sorted by due date or address, compact rows with each rule's explanation once on
// demand, the actions on each signal and on a selection. The filters live in the URL
// (?regel=3&gemeente=0014&pagina=2), so the back button and a bookmark bring the same
// list back. Without ?voor it opens on "aan mij" when the person has signals.

import { h, heading, para, field, select, submit, alert, table, link, loading, formatAddress, formatNumber, today } from '../dom.js';
import { api } from '../api.js';
import { REGELS, GEMEENTEN, gemeente, plural } from '../labels.js';
import { signalActions, signalStatus, ruleName, dueDate, isOverdue } from '../signal_actions.js';
import { selection } from '../signal_selection.js';

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

const SORTEER = [
  ['', 'Oudste eerst'],
  ['vervaltOp', 'Vervaldatum, eerst vervallend'],
  ['adres', 'Adres (plaats, straat, nummer)'],
];

// lopend: open and "in behandeling" (bevestigd) together, the work still to do
const STATUS = [['lopend', 'Lopend (open en in behandeling)'], ['open', 'Open'],
  ['bevestigd', 'In behandeling (bevestigd)'], ['afgerond', 'Afgerond'], ['afgewezen', 'Afgewezen'], ['', 'Alle']];

const TERMIJN = {
  verlopen: { label: 'Verlopen (vervaldatum voorbij)', voor: () => today() },
  week: { label: 'Vervalt binnen 7 dagen', voor: () => dayPlus(8) },
  maand: { label: 'Vervalt binnen 30 dagen', voor: () => dayPlus(31) },
};

function filtersFrom(query) {
  const f = {
    voor: VOOR.some(([v]) => v === query.get('voor')) ? query.get('voor') : '',
    regel: REGELS[query.get('regel')] ? query.get('regel') : '',
    gemeente: GEMEENTEN[query.get('gemeente')] ? query.get('gemeente') : '',
    // lopend by default: the work still to do, including what someone already picked up
    status: query.has('status') ? (STATUS.some(([v]) => v && v === query.get('status')) ? query.get('status') : '') : 'lopend',
    termijn: TERMIJN[query.get('termijn')] ? query.get('termijn') : '',
    sorteer: SORTEER.some(([v]) => v && v === query.get('sorteer')) ? query.get('sorteer') : '',
  };
  const p = Number.parseInt(query.get('pagina') || '1', 10);
  f.pagina = Number.isFinite(p) && p > 0 ? p : 1;
  return f;
}

function urlFor(f, pagina = 1) {
  const q = new URLSearchParams();
  if (f.voor) q.set('voor', f.voor);
  if (f.regel) q.set('regel', f.regel);
  if (f.gemeente) q.set('gemeente', f.gemeente);
  q.set('status', f.status);
  if (f.termijn) q.set('termijn', f.termijn);
  if (f.sorteer) q.set('sorteer', f.sorteer);
  if (pagina > 1) q.set('pagina', String(pagina));
  return `/werkvoorraad?${q}`;
}

// counts: the API's per_regel ({regel, aantal}), shown in the rule choices
function filterForm(f, ctx, counts = []) {
  const n = Object.fromEntries(counts.map((c) => [c.regel, c.aantal]));
  const inputs = {
    voor: select(VOOR, { name: 'voor', value: f.voor }),
    regel: select([['', 'Alle regels'], ...Object.entries(REGELS).map(([k, v]) => [k, `${k}. ${v} (${n[k] || 0})`])],
      { name: 'regel', value: f.regel }),
    gemeente: select([['', 'Alle gemeenten'],
      ...Object.entries(GEMEENTEN).sort((a, b) => a[1].localeCompare(b[1], 'nl')).map(([k, v]) => [k, v])],
    { name: 'gemeente', value: f.gemeente }),
    status: select(STATUS, { name: 'status', value: f.status }),
    sorteer: select(SORTEER, { name: 'sorteer', value: f.sorteer }),
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
      field('Vervaldatum', inputs.termijn, { id: 'filter-termijn' }),
      field('Sorteren op', inputs.sorteer, { id: 'filter-sorteer' })),
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

// Each rule's explanation once, on demand, instead of in every row: the texts the
// server composed for this reader on this page, one per rule and variant.
function explanations(items) {
  const seen = new Map();
  for (const s of items) {
    const key = `${s.regel}/${s.variant || ''}/${s.tekst}`;
    if (!seen.has(key)) seen.set(key, s);
  }
  if (!seen.size) return null;
  return h('details.sl-rules', { 'data-test': 'regel-uitleg' },
    h('summary', 'Wat betekenen deze signalen? Uitleg per regel'),
    h('dl.sl-rules__list', [...seen.values()].sort((a, b) => a.regel - b.regel).flatMap((s) => [
      h('dt', ruleName(s)), h('dd', s.tekst)])));
}

// Without ?voor: "aan mij" when signals name this person, else the organisation's.
async function defaultScope(f) {
  if (f.voor) return f.voor;
  try {
    const mine = await api.get('/signalen', { voor: 'mij', status: 'lopend', perPagina: 1 });
    return mine.totaal > 0 ? 'mij' : 'organisatie';
  } catch {
    return 'organisatie';
  }
}

export default async function werkvoorraad(main, ctx) {
  const f = filtersFrom(ctx.query);
  // while the list loads, a placeholder of rows says so, where the list will come
  const results = h('section.sl-results', { 'aria-labelledby': 'resultaten-kop' },
    loading('De signalen worden geladen…', { bars: 6 }));
  // the form at once (no layout shift); again with the counts per rule once they come
  const form = h('div.sl-filters-slot', filterForm(f, ctx));
  main.append(heading(1, 'Werkvoorraad'),
    para('De signalen die voor u of uw organisatie klaarstaan. Bevestig een signaal als u het oppakt, rond het af als het klaar is, of wijs het af met een reden. Kies meerdere signalen om ze in één keer te behandelen.'),
    form, results);
  ctx.title('Werkvoorraad');

  f.voor = await defaultScope(f);
  if (ctx.stale()) return;
  const params = { voor: f.voor, regel: f.regel, gemeente: f.gemeente, status: f.status,
    sorteer: f.sorteer, pagina: f.pagina, perPagina: PER_PAGE };
  if (f.termijn) params.vervaltVoor = TERMIJN[f.termijn].voor();
  let page;
  try {
    page = await api.get('/signalen', params);
  } catch (err) {
    if (ctx.stale()) return;
    form.replaceChildren(filterForm(f, ctx));
    results.replaceChildren(alert('error', err.describe()));
    return;
  }
  if (ctx.stale()) return;
  form.replaceChildren(filterForm(f, ctx, page.per_regel || []));
  results.replaceChildren();

  const overdue = page.items.filter((s) => isOverdue(s)).length;
  results.append(h('h2.nl-heading.nl-heading--level-2', { id: 'resultaten-kop' },
    plural(page.totaal, 'signaal', 'signalen')));
  if (overdue) {
    results.append(alert('warning', overdue === 1
      ? 'Op deze pagina is 1 signaal verlopen: de vervaldatum is voorbij. Het staat bovenaan.'
      : `Op deze pagina zijn ${overdue} signalen verlopen: de vervaldatum is voorbij. Ze staan bovenaan.`));
  }
  // overdue first on the page, the rest in the server's order
  const rows = [...page.items].sort((a, b) => Number(isOverdue(b)) - Number(isOverdue(a)));
  const statusCells = new Map();
  const dueCells = new Map();
  const actionCells = new Map();
  const redraw = (u) => {
    statusCells.get(u.id)?.replaceChildren(signalStatus(u));
    dueCells.get(u.id)?.replaceChildren(dueDate(u));
  };
  const chosen = selection({
    onChange: (u) => {
      redraw(u);
      actionCells.get(u.id)?.replaceChildren(signalActions(u, { onChange: redraw }));
    },
  });
  const uitleg = explanations(rows);
  if (uitleg) results.append(uitleg);
  if (rows.length) results.append(chosen.bar);
  results.append(table('Signalen', [
    {
      label: 'Signaal',
      cell: (s) => h('div.sl-signal', h('strong', ruleName(s)),
        s.weerhouden ? h('p.nl-paragraph.sl-signal__withheld', { 'data-test': 'signaal-weerhouden' }, `Afgeschermd: ${s.weerhouden}`) : null),
    },
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
      cell: (s) => { const c = h('span', signalActions(s, { onChange: redraw })); actionCells.set(s.id, c); return c; },
    },
    { label: 'Kies', cell: (s) => chosen.checkbox(s) },
  ], rows, { empty: 'Er zijn geen signalen die bij deze filters passen.' }));
  // mark overdue rows for the layout (a thick left border besides the words)
  for (const tr of results.querySelectorAll('tbody tr')) {
    if (tr.querySelector('[data-test="verlopen"]')) tr.classList.add('sl-row--overdue');
  }
  const nav = pager(f, page);
  if (nav) results.append(nav);
}
