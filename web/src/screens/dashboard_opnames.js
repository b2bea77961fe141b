// dashboard_opnames.js - the dashboard's part on joint inspections (issue 14): per
// municipality how many are planned (still to come) and how many done, from
// GET /statistieken/opnames. Totals only; small counts come hidden from the server
// as {onderdrukt: true, onder: N} and show as "< N".

import { h, para, alert, table, formatNumber } from '../dom.js';
import { api } from '../api.js';
import { gemeenteNaam } from '../labels.js';

function aantal(n, grens) {
  if (typeof n === 'number') return formatNumber(n);
  return `< ${n?.onder ?? grens}`;
}

// code: the municipality shown ('' for the whole area); csv: the export's rows, added to.
export async function opnamesSectie(code, csv) {
  const section = h('section.sl-dashboard__part', { 'aria-labelledby': 'kop-opnames' },
    h('h2.nl-heading.nl-heading--level-2', { id: 'kop-opnames' }, 'Gezamenlijke opnames'),
    para('Adressen waar IMG en NCG hun opname samen hebben gepland: op dezelfde dag of hooguit twee dagen na elkaar. ',
      'Gedaan betekent: beide opnamedagen zijn voorbij.'));
  let data;
  try {
    data = await api.get('/statistieken/opnames', code ? { gemeente: code } : {});
  } catch (err) {
    section.append(alert('warning', `De cijfers over gezamenlijke opnames konden niet worden geladen. ${err.describe ? err.describe() : ''}`));
    return section;
  }
  const grens = data.onderdrukkingsgrens;
  const rows = [...data.gemeenten.map((g) => ({ naam: gemeenteNaam(g.gemeentecode), ...g }))];
  if (!code && rows.length) rows.push({ naam: 'Totaal', ...data.totaal });
  for (const r of rows) {
    csv.push(['opnames', r.naam, 'gepland', '', aantal(r.gepland, grens)]);
    csv.push(['opnames', r.naam, 'gedaan', '', aantal(r.gedaan, grens)]);
  }
  section.append(table('Gezamenlijke opnames per gemeente', [
    { label: 'Gemeente', cell: (r) => r.naam },
    { label: 'Gepland, nog te doen', cell: (r) => aantal(r.gepland, grens), numeric: true },
    { label: 'Gedaan', cell: (r) => aantal(r.gedaan, grens), numeric: true },
  ], rows, { empty: 'Er zijn nog geen gezamenlijke opnames gepland.' }));
  return section;
}
