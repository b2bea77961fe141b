// dashboard_termijnen.js - the dashboard's term figures: terms at risk (ending within
// 30 days) and overdue per body and municipality, and penalties owed and paid, from
// GET /statistieken/termijnen. Aggregates; small counts hidden as elsewhere. Every
// figure shown goes into the dashboard's CSV too, as the page shows it ("< N" hidden).

import { h, alert, dataList, table, formatNumber } from '../dom.js';
import { api } from '../api.js';
import { gemeente as gemeenteNaam, centen } from '../labels.js';

function aantal(n) {
  if (n && typeof n === 'object' && n.onderdrukt) return `< ${n.onder}`;
  return formatNumber(n);
}

function section(...children) {
  return h('section.sl-dashboard__part', { 'aria-labelledby': 'kop-termijnen', 'data-test': 'termijnen' },
    h('h2.nl-heading.nl-heading--level-2', { id: 'kop-termijnen' }, 'Termijnen en dwangsommen'), ...children);
}

function geld(c) {
  return c === null ? '–' : centen(c);
}

// The export's rows (dashboard.js: onderdeel, rij, kolom, groep, aantal) of what the
// section shows: per body, per body and municipality, and the penalties.
function csvRijen(t, rows, csv) {
  for (const o of t.termijnen) {
    csv.push(['termijnen', o.organisatie, 'dreigt te verlopen', '', aantal(o.dreigend)],
      ['termijnen', o.organisatie, 'verstreken', '', aantal(o.verstreken)]);
  }
  for (const r of rows) {
    const rij = `${r.organisatie} ${gemeenteNaam(r.gemeente)}`;
    csv.push(['termijnen per gemeente', rij, 'dreigt te verlopen', '', aantal(r.dreigend)],
      ['termijnen per gemeente', rij, 'verstreken', '', aantal(r.verstreken)]);
  }
  for (const d of t.dwangsommen) {
    csv.push(['dwangsommen', d.organisatie, 'adressen', '', aantal(d.adressen)],
      ['dwangsommen', d.organisatie, 'verschuldigd', '', geld(d.verschuldigd_centen)],
      ['dwangsommen', d.organisatie, 'betaald', '', geld(d.betaald_centen)]);
  }
}

// The section for the dashboard of `code` (a municipality, or '' for the whole area);
// csv: the export's rows, added to.
export async function termijnenSectie(code, csv) {
  let t;
  try {
    t = await api.get('/statistieken/termijnen', code ? { gemeente: code } : {});
  } catch (err) {
    return section(alert('warning', `De cijfers over termijnen konden niet worden geladen. ${err.describe ? err.describe() : ''}`));
  }
  const rows = [];
  for (const o of t.termijnen) {
    for (const g of o.per_gemeente) rows.push({ organisatie: o.organisatie, ...g });
  }
  csvRijen(t, rows, csv);
  return section(
    h('p.nl-paragraph', `Een termijn dreigt te verlopen als hij binnen ${t.venster_dagen} dagen eindigt zonder besluit. `,
      'Verstreken: de uiterste dag is voorbij en er is nog geen besluit.'),
    dataList(t.termijnen.map((o) => [`${o.organisatie}: dreigt te verlopen / verstreken`,
      h('span', { 'data-test': `termijnen-${o.organisatie}` }, `${aantal(o.dreigend)} / ${aantal(o.verstreken)}`)])),
    table('Termijnen per organisatie en gemeente', [
      { label: 'Organisatie', cell: (r) => r.organisatie },
      { label: 'Gemeente', cell: (r) => gemeenteNaam(r.gemeente) },
      { label: 'Dreigt te verlopen', cell: (r) => aantal(r.dreigend), numeric: true },
      { label: 'Verstreken', cell: (r) => aantal(r.verstreken), numeric: true },
    ], rows, { empty: 'Er zijn geen termijnen die dreigen te verlopen of verstreken zijn.' }),
    table('Dwangsommen en compensaties', [
      { label: 'Organisatie', cell: (d) => d.organisatie },
      { label: 'Adressen', cell: (d) => aantal(d.adressen), numeric: true },
      { label: 'Verschuldigd', cell: (d) => geld(d.verschuldigd_centen), numeric: true },
      { label: 'Betaald', cell: (d) => geld(d.betaald_centen), numeric: true },
    ], t.dwangsommen));
}
