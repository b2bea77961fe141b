// planning_plan.js - one plan of joint inspections on the planner's screen: how it
// compares with each body planning apart, the pairs per municipality as a table or a
// week calendar, the requests it could not plan and why, moving a pair (checked by
// the server against the planner's rules, errors at the field) and confirming it
// after saying what that does. A confirmed plan is shown, not changed.

import {
  h, heading, para, field, textbox, select, submit, button, alert, table, stackable,
  formatDate, formatDay, daysBetween, formatNumber,
} from './dom.js';
import { api } from './api.js';
import { showErrors, clearErrors } from './field_errors.js';
import { confirmDialog } from './confirm_dialog.js';
import { PLAN_REDENEN, gemeenteNaam } from './labels.js';

function errText(err) {
  return err?.describe ? err.describe() : String(err?.message || err);
}

function addressText(row) {
  const a = row.adres;
  if (!a) return `adres ${row.nummeraanduiding_id}`;
  const nr = [a.huisnummer, a.huisletter || '', a.toevoeging ? `-${a.toevoeging}` : ''].join('');
  return `${a.straat} ${nr}, ${a.woonplaats}`;
}

function gapText(row) {
  const d = Math.abs(daysBetween(row.img, row.ncg));
  return d === 0 ? 'zelfde dag' : `${d} ${d === 1 ? 'dag' : 'dagen'}`;
}

function pct(f) {
  return typeof f === 'number' ? `${Math.round(f * 100)}%` : '–';
}

function days(f) {
  if (typeof f !== 'number') return '–';
  return `${f.toLocaleString('nl-NL', { maximumFractionDigits: 1 })} ${f === 1 ? 'dag' : 'dagen'}`;
}

// ---- the comparison with planning apart --------------------------------------------------

function comparison(plan) {
  const s = plan.kwaliteit || {};
  const l = plan.los_gepland || {};
  const rows = [
    ['Verzoeken met beide opnames gepland', formatNumber(s.gepland), formatNumber(l.gepland)],
    ['Beide opnames binnen twee dagen (van alle verzoeken)', pct(s.binnen_2_dagen), pct(l.binnen_2_dagen)],
    ['Gemiddeld verschil tussen de twee opnames', days(s.gemiddeld_verschil_dagen), days(l.gemiddeld_verschil_dagen)],
    ['Gemiddelde wachttijd tot beide opnames', days(s.gemiddelde_wachttijd_dagen), days(l.gemiddelde_wachttijd_dagen)],
  ];
  const tbl = stackable(h('div.utrecht-table-container', h('table.utrecht-table.utrecht-table--html-table',
    h('caption.utrecht-table__caption', `Samen of apart gepland (${formatNumber(s.verzoeken)} verzoeken)`),
    h('thead.utrecht-table__header', h('tr.utrecht-table__row',
      h('th.utrecht-table__header-cell', { scope: 'col' }, 'Maat'),
      h('th.utrecht-table__header-cell', { scope: 'col' }, 'Samen gepland'),
      h('th.utrecht-table__header-cell', { scope: 'col' }, 'Ieder apart'))),
    h('tbody.utrecht-table__body', rows.map((r) => h('tr.utrecht-table__row',
      r.map((c) => h('td.utrecht-table__cell', c))))))));
  const sentence = typeof s.binnen_2_dagen === 'number' && typeof l.binnen_2_dagen === 'number'
    ? `Samen gepland komen IMG en NCG bij ${pct(s.binnen_2_dagen)} van de verzoeken binnen twee dagen bij de bewoner; als ieder apart plant, is dat ${pct(l.binnen_2_dagen)}. `
      + 'Apart plannen betekent: iedere organisatie neemt haar eigen eerste vrije dag, wie het eerst vraagt het eerst.'
    : 'Er is nog niets te vergelijken.';
  return h('section', { 'aria-labelledby': 'vergelijk-kop' },
    heading(2, 'Vergelijking met apart plannen', { id: 'vergelijk-kop' }), para(sentence), tbl);
}

// ---- the pairs ---------------------------------------------------------------------------

function pairsTable(rows, onMove) {
  return table(null, [
    { label: 'Adres', cell: addressText },
    { label: 'Opname IMG', cell: (r) => formatDay(r.img) },
    { label: 'Opname NCG', cell: (r) => formatDay(r.ncg) },
    { label: 'Verschil', cell: gapText },
    onMove ? { label: 'Actie', cell: (r) => button('Verplaatsen', () => onMove(r), 'secondary-action', { 'aria-label': `${addressText(r)} verplaatsen` }) } : null,
  ].filter(Boolean), rows);
}

// Monday of the week of an ISO date, as an ISO date.
function weekStart(iso) {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
}

// Per week, each day with an inspection: who comes where. A list, so it reads in order
// on a phone and to a screen reader; the days stand side by side where there is room.
function calendar(rows) {
  const byDay = new Map();
  for (const r of rows) {
    for (const [org, day] of [['IMG', r.img], ['NCG', r.ncg]]) {
      if (!byDay.has(day)) byDay.set(day, []);
      byDay.get(day).push(`${org}: ${addressText(r)}`);
    }
  }
  const weeks = new Map();
  for (const day of [...byDay.keys()].sort()) {
    const w = weekStart(day);
    if (!weeks.has(w)) weeks.set(w, []);
    weeks.get(w).push(day);
  }
  return h('div.sl-calendar', [...weeks].map(([w, ds]) => h('section.sl-calendar__week', { 'aria-label': `Week van ${formatDate(w)}` },
    heading(4, `Week van ${formatDate(w)}`),
    h('ul.sl-calendar__days', ds.map((d) => h('li.sl-calendar__day',
      h('strong', formatDay(d)),
      h('ul.sl-plain-list', byDay.get(d).sort().map((t) => h('li', t)))))))));
}

function unplanned(plan) {
  return h('section', { 'aria-labelledby': 'niet-kop' },
    heading(2, `Niet gepland (${formatNumber(plan.niet_gepland.length)})`, { id: 'niet-kop' }),
    table(null, [
      { label: 'Adres', cell: addressText },
      { label: 'Gemeente', cell: (r) => gemeenteNaam(r.gemeentecode) },
      { label: 'Waarom niet', cell: (r) => PLAN_REDENEN[r.reden] || r.reden },
    ], plan.niet_gepland, { empty: 'Alle verzoeken zijn gepland.' }));
}

// ---- moving a pair -----------------------------------------------------------------------

function moveDialog(row, state, redraw) {
  const inputs = {
    img: textbox({ type: 'date', name: 'img', value: row.img, required: true }),
    ncg: textbox({ type: 'date', name: 'ncg', value: row.ncg, required: true }),
  };
  const box = h('div');
  const form = h('form.sl-form', { novalidate: true },
    h('h2.nl-heading.nl-heading--level-2', { id: 'verplaats-kop' }, `${addressText(row)} verplaatsen`),
    para('samenloop controleert de nieuwe dagen op dezelfde regels als de planning: ruimte bij IMG en NCG, niet vóór de vroegste datum, niet op een dag dat de bewoner er niet is, hooguit twee dagen uit elkaar.'),
    field('Opname IMG', inputs.img, { id: 'verplaats-img' }),
    field('Opname NCG', inputs.ncg, { id: 'verplaats-ncg' }),
    box,
    h('div.utrecht-button-group',
      submit('Verplaatsen', 'primary-action', { 'data-test': 'verplaats-opslaan' }),
      button('Annuleren', () => close())));
  const dlg = h('dialog.sl-dialog', { 'aria-labelledby': 'verplaats-kop' }, form);
  const close = () => {
    dlg.close();
    dlg.remove();
  };
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(inputs, box);
    try {
      const { data, etag } = await api.change('PUT', `/planningen/${state.plan.id}`,
        { opnameverzoek_id: row.opnameverzoek_id, img: inputs.img.value, ncg: inputs.ncg.value }, state.etag);
      close();
      redraw(data, etag, `${addressText(row)} is verplaatst.`);
    } catch (err) {
      showErrors(err, inputs, box, (x) => x.detail || 'Het paar is niet verplaatst.');
    }
  });
  dlg.addEventListener('cancel', (e) => {
    e.preventDefault();
    close();
  });
  document.body.append(dlg);
  dlg.showModal();
  inputs.img.focus();
}

// ---- confirming --------------------------------------------------------------------------

async function confirmPlan(state, redraw, box) {
  const n = state.plan.gepland.length;
  const ok = await confirmDialog('Planning bevestigen?', [
    h('p.nl-paragraph', `U bevestigt ${n === 1 ? '1 gezamenlijke opname' : `${formatNumber(n)} gezamenlijke opnames`}. Dan gebeurt dit:`),
    h('ul', [
      h('li', 'IMG en NCG krijgen elk hun opname als afspraak op de geplande dag.'),
      h('li', 'Bij elk adres staat de samenwerking op "gezamenlijke opname gepland".'),
      h('li', 'De zaakbegeleider van IMG en de bewonersbegeleider van NCG krijgen allebei een signaal.'),
      h('li', 'De bewoner ziet beide datums in Mijn woning.'),
      h('li', 'Verzoeken die niet gepland zijn, wachten weer op een volgende planning.'),
    ]),
    h('p.nl-paragraph', 'Een bevestigde planning kunt u hier niet meer veranderen.'),
  ], 'Ja, bevestigen');
  if (!ok) return;
  try {
    const { data, etag } = await api.change('POST', `/planningen/${state.plan.id}/bevestiging`, undefined, state.etag);
    redraw(data, etag, 'De planning is bevestigd. De afspraken staan vast en beide begeleiders hebben een signaal.');
  } catch (err) {
    box.replaceChildren(alert('error', errText(err)));
  }
}

// ---- the whole plan ----------------------------------------------------------------------

function render(root, state, message) {
  const { plan } = state;
  const concept = plan.status === 'concept';
  const gemeenten = [...new Set([...plan.gepland, ...plan.niet_gepland].map((r) => r.gemeentecode))].sort();
  const shown = state.gemeente && gemeenten.includes(state.gemeente) ? state.gemeente : '';
  const redraw = (data, etag, msg) => {
    state.plan = data;
    state.etag = etag;
    render(root, state, msg);
  };
  const onMove = concept ? (row) => moveDialog(row, state, redraw) : null;
  const box = h('div');

  const kies = select([['', 'Alle gemeenten'], ...gemeenten.map((g) => [g, gemeenteNaam(g)])], { value: shown });
  kies.addEventListener('change', () => {
    state.gemeente = kies.value;
    render(root, state);
    root.querySelector('#plan-gemeente')?.focus();
  });
  const weergave = select([['tabel', 'Tabel'], ['kalender', 'Weekkalender']], { value: state.weergave });
  weergave.addEventListener('change', () => {
    state.weergave = weergave.value;
    render(root, state);
    root.querySelector('#plan-weergave')?.focus();
  });

  const perGemeente = (shown ? [shown] : gemeenten).map((g) => {
    const rows = plan.gepland.filter((r) => r.gemeentecode === g).sort((a, b) => (a.img < b.img ? -1 : a.img > b.img ? 1 : 0));
    if (!rows.length) return null;
    return h('section', { 'aria-label': `Gepland in ${gemeenteNaam(g)}` },
      heading(3, `${gemeenteNaam(g)} (${formatNumber(rows.length)})`),
      state.weergave === 'kalender' ? calendar(rows) : pairsTable(rows, onMove));
  });

  // after a move or a confirmation focus goes to what happened, not to the page's top
  const note = message ? alert('ok', message) : null;
  note?.setAttribute('tabindex', '-1');
  // replaceChildren would print a part left out as "null"
  root.replaceChildren(...[
    heading(1, `Planning ${formatDate(plan.van)} tot en met ${formatDate(plan.tot)}`),
    note,
    concept
      ? alert('info', 'Dit is een concept. Bekijk de opnames, verplaats waar nodig, en bevestig de planning als die klopt.')
      : alert('info', `Deze planning is bevestigd op ${formatDate(plan.bevestigd_op)} door ${plan.bevestigd_door}. De afspraken staan vast; u kunt hier niets meer veranderen.`),
    comparison(plan),
    h('section', { 'aria-labelledby': 'gepland-kop' },
      heading(2, `Gepland (${formatNumber(plan.gepland.length)})`, { id: 'gepland-kop' }),
      h('div.sl-row.sl-filters',
        field('Gemeente', kies, { id: 'plan-gemeente' }),
        field('Weergave', weergave, { id: 'plan-weergave' })),
      plan.gepland.length ? perGemeente : para('Er is niets gepland.')),
    unplanned(plan),
    box,
    concept && plan.gepland.length
      ? h('div.utrecht-button-group', button('Planning bevestigen', () => confirmPlan(state, redraw, box), 'primary-action', { 'data-test': 'plan-bevestigen' }))
      : null,
  ].filter(Boolean));
  note?.focus();
}

export async function planView(main, ctx, id) {
  const root = h('div');
  main.append(root);
  let res;
  try {
    res = await api.getWithEtag(`/planningen/${encodeURIComponent(id)}`);
  } catch (err) {
    root.append(heading(1, 'Planning'), alert('error', err.status === 404 ? 'Deze planning bestaat niet.' : errText(err)));
    ctx.title('Planning');
    return;
  }
  if (ctx.stale()) return;
  render(root, { plan: res.data, etag: res.etag, gemeente: '', weergave: 'tabel' });
  ctx.title(`Planning ${formatDate(res.data.van)}`);
}
