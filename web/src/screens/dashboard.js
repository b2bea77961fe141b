// dashboard.js - the figures for management and municipalities (SPEC §4.1, §4.2):
// the collaboration potential as a chart (seed figure 1), the collaboration matrix
// as a heat-map table with groups A–F (seed figure 2), signals raised and handled
// per week, and an export of what is shown to CSV. Every chart has a table with the
// same numbers. The server hides small counts, and any count that would give one back
// through the totals, as {onderdrukt: true, onder: N}; they show as "< N", with N the
// threshold the API names (onderdrukkingsgrens), never one written here.

import {
  Chart, DoughnutController, ArcElement, BarController, BarElement, CategoryScale, LinearScale,
  Legend, Tooltip,
} from 'chart.js';
import { h, heading, para, field, select, submit, button, alert, dataList, stackable, loading, formatNumber, today } from '../dom.js';
import { api } from '../api.js';
import { termijnenSectie } from './dashboard_termijnen.js';
import doorlooptijdenSectie from './dashboard_doorlooptijden.js';
import { opnamesSectie } from './dashboard_opnames.js';
import { POTENTIEEL, GROEPEN, FASEN, STAPPEN, GEMEENTEN, gemeente as gemeenteNaam } from '../labels.js';

Chart.register(DoughnutController, ArcElement, BarController, BarElement, CategoryScale, LinearScale,
  Legend, Tooltip);

const POT_ORDER = ['geen_schademelding', 'melding_afgehandeld', 'beide_lopend', 'alleen_schade_lopend'];
const MATRIX_STAPPEN = ['1.2', '2.1', '3.1', '4.1', '4.2', '5.1', '5.2'];
const MATRIX_FASEN = ['voorbereiding', 'opname', 'zienswijze', 'beschikking'];
const GROEP_LETTERS = ['A', 'B', 'C', 'D', 'E', 'F'];
const WEKEN = 12;

// Where IMG may prioritise the claim so that the collaboration can succeed (SPEC §4.2,
// "E*"): group E in steps 4.1 and 4.2 while the claim is in voorbereiding or opname.
// The group letters themselves come from the active rule set (`indeling`).
const VOORRANG = { '4.1': ['voorbereiding', 'opname'], '4.2': ['voorbereiding', 'opname'] };

// Colours of the house style (lintblauw and its tints) for the potential chart;
// the table under it carries the same numbers in words.
const POT_KLEUREN = ['#154273', '#8fcae7', '#e17000', '#7a5f9a'];

function groepVan(stats, stap, fase) {
  const groep = stats.indeling?.cellen?.[stap]?.[fase];
  if (!groep) return '–';
  return groep === 'E' && VOORRANG[stap]?.includes(fase) ? 'E*' : groep;
}

// After an administrator changed the matrix, the counted groups stay those of the
// earlier version until the next delivery regroups every address: say so.
function versieUitleg(stats) {
  const versie = stats.indeling?.matrixversie;
  if (!versie) return null;
  const eerder = (stats.indeling.groepen_ingedeeld_met || []).filter((v) => v !== versie);
  const tekst = `De groepen komen uit versie ${versie} van de samenwerkingsmatrix.`;
  if (!eerder.length) return para({ 'data-test': 'matrixversie' }, tekst);
  return para({ 'data-test': 'matrixversie' }, `${tekst} De aantallen per groep zijn nog ingedeeld met versie ${eerder.join(' en ')}: `
    + 'de volgende levering deelt alle adressen opnieuw in.');
}

// A count as the API gives it: a number, or hidden ({onderdrukt: true, onder: N}).
function verborgen(n) {
  return n === null || n === undefined || (typeof n === 'object' && n.onderdrukt === true);
}

// The number to draw in a chart: a hidden count is drawn as 0 (the table says "< N").
function getal(n) {
  return typeof n === 'number' ? n : 0;
}

export function toonAantal(n, grens) {
  if (!verborgen(n)) return formatNumber(n);
  return `< ${n?.onder ?? grens}`;
}

function percentage(n, totaal) {
  if (typeof n !== 'number' || typeof totaal !== 'number' || !totaal) return '–';
  return `${Math.round((100 * n) / totaal)}%`;
}

export function th(text, attrs = {}) {
  return h('th.utrecht-table__header-cell', attrs, text);
}

export function td(content, attrs = {}, numeric = false) {
  return h(`td.utrecht-table__cell${numeric ? '.utrecht-table__cell--numeric-data' : ''}`, attrs, content);
}

export function tableEl(caption, head, rows, cls = '') {
  return stackable(h('div.utrecht-table-container', h(`table.utrecht-table.utrecht-table--html-table${cls}`,
    h('caption.utrecht-table__caption', caption),
    h('thead.utrecht-table__header', h('tr.utrecht-table__row', head)),
    h('tbody.utrecht-table__body', rows))));
}

// A canvas chart is a picture for sighted users; the table next to it is the text
// equivalent, so the canvas has a short label that points to it.
function chartCanvas(label, tableId) {
  return h('div.sl-chart', h('canvas', { role: 'img', 'aria-label': label, 'aria-describedby': tableId }));
}

function narrow() {
  return window.matchMedia('(max-width: 40rem)').matches;
}

const charts = new Set();
function makeChart(canvas, config) {
  const c = new Chart(canvas, {
    ...config,
    options: { responsive: true, maintainAspectRatio: false, animation: false, ...config.options },
  });
  charts.add(c);
  return c;
}

// ---- the sections --------------------------------------------------------------------

// Every NCG address is in one category, so the trajectories are the whole; while
// any category is hidden the sum of the shown ones is not, and shares are left out.
function potentieelTotaal(stats) {
  if (typeof stats.trajecten === 'number') return stats.trajecten;
  const waarden = POT_ORDER.map((k) => stats.potentieel?.[k]);
  return waarden.every((n) => typeof n === 'number') ? waarden.reduce((s, n) => s + n, 0) : null;
}

function potentieelSectie(stats, grens, csv) {
  const totaal = potentieelTotaal(stats);
  const canvas = chartCanvas('Cirkeldiagram van het samenwerkingspotentieel; de tabel eronder geeft dezelfde aantallen.', 'potentieel-tabel');
  const rows = POT_ORDER.map((k) => {
    const n = stats.potentieel?.[k];
    csv.push(['potentieel', POTENTIEEL[k].naam, '', '', toonAantal(n, grens)]);
    return h('tr.utrecht-table__row', { 'data-potentieel': k },
      th(POTENTIEEL[k].naam, { scope: 'row' }),
      td(toonAantal(n, grens), { 'data-test': 'aantal' }, true),
      td(percentage(n, totaal), {}, true),
      td(POTENTIEEL[k].uitleg));
  });
  const tbl = tableEl('Samenwerkingspotentieel per NCG-adres', [
    th('Categorie', { scope: 'col' }),
    th('Aantal adressen', { scope: 'col', class: 'utrecht-table__header-cell--numeric-column' }),
    th('Aandeel', { scope: 'col', class: 'utrecht-table__header-cell--numeric-column' }),
    th('Wat betekent dit', { scope: 'col' }),
  ], rows);
  tbl.querySelector('table').id = 'potentieel-tabel';
  const section = h('section.sl-dashboard__part', { 'aria-labelledby': 'kop-potentieel' },
    h('h2.nl-heading.nl-heading--level-2', { id: 'kop-potentieel' }, 'Samenwerkingspotentieel'),
    para('Voor elk adres in het versterkingsprogramma (NCG): is er schade gemeld bij IMG, en lopen beide trajecten nog?'),
    canvas, tbl);
  return {
    section,
    draw: () => makeChart(canvas.querySelector('canvas'), {
      type: 'doughnut',
      data: {
        labels: POT_ORDER.map((k) => POTENTIEEL[k].naam),
        datasets: [{ data: POT_ORDER.map((k) => getal(stats.potentieel?.[k])), backgroundColor: POT_KLEUREN, borderColor: '#ffffff', borderWidth: 2 }],
      },
      // beside the ring on a wide screen; under it on a phone, where beside it is cut off
      options: { plugins: { legend: { position: narrow() ? 'bottom' : 'right', labels: { color: '#000000' } } } },
    }),
  };
}

function heatLevel(n, max) {
  if (verborgen(n)) return 1; // hidden: not empty, and not told how full
  if (!n || !max) return 0;
  return Math.max(1, Math.ceil((4 * n) / max));
}

function matrixSectie(stats, grens, csv) {
  const waarden = MATRIX_STAPPEN.flatMap((s) => MATRIX_FASEN.map((f) => getal(stats.matrix?.[s]?.[f])));
  const max = Math.max(0, ...waarden);
  const rows = MATRIX_STAPPEN.map((stap) => h('tr.utrecht-table__row', { 'data-stap': stap },
    th(STAPPEN[stap] || stap, { scope: 'row' }),
    MATRIX_FASEN.map((fase) => {
      const n = stats.matrix?.[stap]?.[fase];
      const groep = groepVan(stats, stap, fase);
      csv.push(['matrix', STAPPEN[stap] || stap, FASEN[fase], groep, toonAantal(n, grens)]);
      return td([
        h('span.sl-heat__count', { 'data-test': 'aantal' }, toonAantal(n, grens)),
        h('span.sl-heat__group', h('span.visually-hidden', 'groep '), groep),
      ], { class: `sl-heat__cell sl-heat--${heatLevel(n, max)}`, 'data-fase': fase, 'data-groep': groep.replace('*', '') });
    })));
  const tbl = tableEl('Lopende dossiers bij beide organisaties: NCG-stap (rijen) tegen IMG-fase van de schademelding (kolommen), met de groep A tot en met F', [
    th('NCG-stap', { scope: 'col' }),
    MATRIX_FASEN.map((f) => th(FASEN[f], { scope: 'col' })),
  ], rows, '.sl-heat');
  tbl.querySelector('table').id = 'matrix-tabel';

  const groepRows = GROEP_LETTERS.map((g) => {
    const n = stats.groepen?.[g];
    csv.push(['groep', `Groep ${g}`, '', g, toonAantal(n, grens)]);
    return h('tr.utrecht-table__row', { 'data-groep': g },
      th(`Groep ${g}`, { scope: 'row' }),
      td(toonAantal(n, grens), { 'data-test': 'aantal' }, true),
      td(GROEPEN[g]));
  });
  const groepen = tableEl('Aantal adressen per groep en wat de groep betekent voor samenwerken', [
    th('Groep', { scope: 'col' }),
    th('Aantal adressen', { scope: 'col', class: 'utrecht-table__header-cell--numeric-column' }),
    th('Wat betekent dit', { scope: 'col' }),
  ], groepRows);
  groepen.querySelector('table').id = 'groepen-tabel';

  return h('section.sl-dashboard__part', { 'aria-labelledby': 'kop-matrix' },
    h('h2.nl-heading.nl-heading--level-2', { id: 'kop-matrix' }, 'Samenwerkingsmatrix'),
    para('Alleen adressen waar een schademelding én een versterkingstraject lopen. Heeft een adres meer open meldingen, dan telt de melding die het verst is. ',
      'Hoe donkerder het vak, hoe meer adressen; het getal en de letter van de groep staan in elk vak.'),
    tbl,
    para('* In deze vakken kan IMG de schademelding voorrang geven, zodat samenwerken lukt.'),
    versieUitleg(stats),
    h('h3.nl-heading.nl-heading--level-3', 'Groepen'),
    groepen);
}

// data: GET /statistieken/signalen — {weken: [{week, van, tot_en_met, aangemaakt,
// afgehandeld, per_regel}], onderdrukkingsgrens}; a hidden count shows as "< N".
function signalenSectie(data, csv) {
  const weken = data.weken;
  const grens = data.onderdrukkingsgrens;
  const rows = weken.map((w) => {
    csv.push(['signalen', w.week, 'gemeld', '', toonAantal(w.aangemaakt, grens)]);
    csv.push(['signalen', w.week, 'afgehandeld', '', toonAantal(w.afgehandeld, grens)]);
    return h('tr.utrecht-table__row', { 'data-week': w.week },
      th(weekLabel(w), { scope: 'row' }),
      td(toonAantal(w.aangemaakt, grens), { 'data-test': 'gemeld' }, true),
      td(toonAantal(w.afgehandeld, grens), { 'data-test': 'afgehandeld' }, true));
  });
  const canvas = chartCanvas('Staafdiagram van gemelde en afgehandelde signalen per week; de tabel eronder geeft dezelfde aantallen.', 'signalen-tabel');
  const tbl = tableEl(`Signalen per week, de laatste ${weken.length} weken`, [
    th('Week', { scope: 'col' }),
    th('Gemeld', { scope: 'col', class: 'utrecht-table__header-cell--numeric-column' }),
    th('Afgehandeld', { scope: 'col', class: 'utrecht-table__header-cell--numeric-column' }),
  ], rows);
  tbl.querySelector('table').id = 'signalen-tabel';
  const section = h('section.sl-dashboard__part', { 'aria-labelledby': 'kop-signalen' },
    h('h2.nl-heading.nl-heading--level-2', { id: 'kop-signalen' }, 'Signalen per week'),
    para('Hoeveel signalen het register per week gaf, en hoeveel er werden afgehandeld (afgerond of afgewezen). ',
      'Een week loopt van maandag tot en met zondag.'),
    canvas, tbl);
  return {
    section,
    // a hidden count is drawn as 0 in the chart; the table says "< N"
    draw: () => makeChart(canvas.querySelector('canvas'), {
      type: 'bar',
      data: {
        labels: weken.map(weekLabel),
        datasets: [
          { label: 'Gemeld', data: weken.map((w) => getal(w.aangemaakt)), backgroundColor: '#154273' },
          { label: 'Afgehandeld', data: weken.map((w) => getal(w.afgehandeld)), backgroundColor: '#e17000' },
        ],
      },
      options: {
        scales: { y: { beginAtZero: true, ticks: { precision: 0, color: '#000000' } }, x: { ticks: { color: '#000000' } } },
        plugins: { legend: { labels: { color: '#000000' } } },
      },
    }),
  };
}

function weekLabel(w) {
  const m = /^(\d{4})-W(\d{2})$/.exec(w.week);
  return m ? `week ${Number(m[2])} (${m[1]})` : w.week;
}

// ---- CSV -----------------------------------------------------------------------------

function csvCell(v) {
  const s = String(v ?? '');
  return /[;"\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

// Semicolons and a byte-order mark, so Excel with Dutch settings opens it in columns.
export function toCsv(rows) {
  return `\uFEFF${rows.map((r) => r.map(csvCell).join(';')).join('\r\n')}\r\n`;
}

function download(name, text) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const a = h('a', { href: url, download: name, class: 'visually-hidden' }, name);
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

// ---- the screen ----------------------------------------------------------------------

function filterForm(ctx, code) {
  const opties = [['', 'Alle gemeenten'], ...Object.entries(GEMEENTEN)
    .sort((a, b) => a[1].localeCompare(b[1], 'nl'))
    .map(([c, n]) => [c, `${n} (${c})`])];
  const sel = select(opties, { name: 'gemeente', value: code });
  const form = h('form.sl-form.sl-dashboard__filter', { 'aria-labelledby': 'kop-filter' },
    h('h2.nl-heading.nl-heading--level-2.visually-hidden', { id: 'kop-filter' }, 'Kies een gemeente'),
    h('div.sl-row.sl-row--end',
      field('Gemeente', sel, { id: 'gemeente', description: 'Toon de cijfers van één gemeente of van het hele gebied.' }),
      h('div.utrecht-button-group', submit('Toon cijfers', 'primary-action', { 'data-test': 'filter' }))));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    ctx.navigate(sel.value ? `/dashboard?gemeente=${encodeURIComponent(sel.value)}` : '/dashboard');
  });
  return form;
}

export default async function dashboard(main, ctx) {
  for (const c of charts) c.destroy();
  charts.clear();
  const isGemeente = ctx.user.rol === 'gemeente';
  const code = isGemeente ? (ctx.user.gemeentecode || '') : (ctx.query.get('gemeente') || '');
  const gebied = code ? `gemeente ${gemeenteNaam(code)}` : 'het hele gebied';

  main.append(heading(1, 'Dashboard'),
    para('Cijfers over samenwerking tussen IMG en NCG. Het zijn totalen: er staan geen namen of adressen in.'));
  if (isGemeente) main.append(para(`U ziet de cijfers van uw eigen gemeente: ${gemeenteNaam(code)}.`));
  else main.append(filterForm(ctx, code));
  const body = h('div.sl-dashboard', { 'aria-busy': 'true' }, loading('De cijfers worden geladen…', { bars: 8 }));
  main.append(body);
  ctx.title('Dashboard');

  let stats;
  try {
    stats = await api.get('/statistieken', code ? { gemeente: code } : {});
  } catch (err) {
    if (ctx.stale()) return;
    body.replaceChildren(alert('error', err.describe ? err.describe() : String(err)));
    body.setAttribute('aria-busy', 'false');
    return;
  }
  let signalen = null;
  let signalenFout = null;
  try {
    signalen = await api.get('/statistieken/signalen', { gemeente: code, weken: WEKEN });
  } catch (err) {
    signalenFout = err;
  }
  if (ctx.stale()) return;

  const grens = stats.onderdrukkingsgrens;
  const csv = [['onderdeel', 'rij', 'kolom', 'groep', 'aantal']];
  const draws = [];
  const parts = [h('h2.nl-heading.nl-heading--level-2.sl-dashboard__area', { 'data-test': 'gebied' }, `Cijfers voor ${gebied}`)];

  const kern = [];
  if (!code) {
    kern.push(['Adressen in het register', toonAantal(stats.adressen, grens)],
      ['Versterkingstrajecten (NCG)', toonAantal(stats.trajecten, grens)],
      ['Schademeldingen (IMG)', toonAantal(stats.schades, grens)]);
  }
  kern.push(['Combinatiedossiers', toonAantal(stats.combinatiedossiers, grens)]);
  for (const [k, v] of kern) csv.push(['totaal', k, '', '', v]);
  parts.push(dataList(kern));

  const hidden = stats.aantal_onderdrukt || 0;
  parts.push(alert('info',
    `Kleine aantallen (1 tot en met ${grens - 1}) tonen we als "< ${grens}", zodat niemand herkenbaar is. `,
    'Soms verbergen we ook een groter aantal, zodat een klein aantal niet uit de totalen of uit de cijfers van een andere gemeente is terug te rekenen. ',
    hidden ? `In deze cijfers gaat het om ${hidden} ${hidden === 1 ? 'aantal' : 'aantallen'}.` : 'In deze cijfers komt dat niet voor.'));

  const pot = potentieelSectie(stats, grens, csv);
  parts.push(pot.section);
  draws.push(pot.draw);
  parts.push(matrixSectie(stats, grens, csv));

  if (signalen) {
    const sig = signalenSectie(signalen, csv);
    parts.push(sig.section);
    draws.push(sig.draw);
  } else {
    parts.push(h('section.sl-dashboard__part', { 'aria-labelledby': 'kop-signalen' },
      h('h2.nl-heading.nl-heading--level-2', { id: 'kop-signalen' }, 'Signalen per week'),
      alert('warning', `De cijfers over signalen konden niet worden geladen. ${signalenFout.describe ? signalenFout.describe() : ''}`)));
  }

  parts.push(await termijnenSectie(code, csv));
  parts.push(doorlooptijdenSectie(code, csv));
  parts.push(await opnamesSectie(code, csv));

  const exportKnop = button('Download als CSV', () => {
    download(`samenloop-dashboard-${code || 'alle-gemeenten'}-${today()}.csv`, toCsv(csv));
  }, 'secondary-action', { 'data-test': 'csv' });
  parts.push(h('section.sl-dashboard__part', { 'aria-labelledby': 'kop-export' },
    h('h2.nl-heading.nl-heading--level-2', { id: 'kop-export' }, 'Exporteren'),
    para('Download de cijfers op deze pagina als CSV-bestand (te openen in Excel). Kleine aantallen staan er ook als "< ',
      String(grens), '" in.'),
    h('div.utrecht-button-group', exportKnop)));

  body.replaceChildren(...parts);
  body.setAttribute('aria-busy', 'false');
  for (const draw of draws) draw();
}
