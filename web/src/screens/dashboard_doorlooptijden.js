// dashboard_doorlooptijden.js - lead times on the dashboard (issue 17, decisions 209-211):
// how many days claims stay in each IMG phase and trajectories in each NCG step, as the
// median and the 80th percentile, for the area the dashboard shows. Completed stays and
// stays still running ("tot nu toe") are separate columns, never mixed. The section
// loads its own figures (GET /statistieken/doorlooptijden) and keeps its place while it
// does, so the page does not jump. Hidden counts show as "< N" and hide their days.

import { h, para, alert, loading, formatNumber } from '../dom.js';
import { api } from '../api.js';
import { FASEN, STAPPEN } from '../labels.js';
import { toonAantal, th, td, tableEl } from './dashboard.js';

function dagen(v) {
  return typeof v === 'number' ? `${v.toLocaleString('nl-NL', { maximumFractionDigits: 1 })} dagen` : '–';
}

const NUM = { scope: 'col', class: 'utrecht-table__header-cell--numeric-column' };

function rijen(lijst, sleutel, namen, grens, csv, deel) {
  return lijst.map((r) => {
    const naam = namen[r[sleutel]] || r[sleutel];
    for (const [m, woord] of [['afgerond', 'afgerond'], ['lopend', 'nog bezig']]) {
      csv.push([`doorlooptijden ${deel}`, naam, `${woord}: aantal`, '', toonAantal(r[m].aantal, grens)],
        [`doorlooptijden ${deel}`, naam, `${woord}: mediaan in dagen`, '', formatNumber(r[m].mediaan_dagen)],
        [`doorlooptijden ${deel}`, naam, `${woord}: 80% binnen dagen`, '', formatNumber(r[m].p80_dagen)]);
    }
    return h('tr.utrecht-table__row', { [`data-${sleutel}`]: r[sleutel] },
      th(naam, { scope: 'row' }),
      td(toonAantal(r.afgerond.aantal, grens), { 'data-test': 'afgerond-aantal' }, true),
      td(dagen(r.afgerond.mediaan_dagen), { 'data-test': 'afgerond-mediaan' }, true),
      td(dagen(r.afgerond.p80_dagen), { 'data-test': 'afgerond-p80' }, true),
      td(toonAantal(r.lopend.aantal, grens), { 'data-test': 'lopend-aantal' }, true),
      td(dagen(r.lopend.mediaan_dagen), { 'data-test': 'lopend-mediaan' }, true));
  });
}

function tabel(id, caption, kop, rows) {
  const t = tableEl(caption, [
    th(kop, { scope: 'col' }),
    th('Afgerond: aantal', NUM),
    th('Afgerond: mediaan', NUM),
    th('Afgerond: 80% binnen', NUM),
    th('Nog bezig: aantal', NUM),
    th('Nog bezig: mediaan tot nu toe', NUM),
  ], rows);
  t.querySelector('table').id = id;
  return t;
}

function inhoud(data, csv) {
  const grens = data.onderdrukkingsgrens;
  return [
    tabel('doorlooptijden-fasen', 'Schademeldingen (IMG): dagen per fase',
      'Fase', rijen(data.schades, 'fase', FASEN, grens, csv, 'schades')),
    tabel('doorlooptijden-stappen', 'Versterkingstrajecten (NCG): dagen per stap',
      'Stap', rijen(data.trajecten, 'stap', STAPPEN, grens, csv, 'trajecten')),
  ];
}

// The section for the dashboard's area (code '' for all municipalities); csv collects
// the rows of the export once the figures are in.
export default function doorlooptijdenSectie(code, csv) {
  const plek = h('div', { 'aria-busy': 'true' },
    loading('De doorlooptijden worden geladen…', { bars: 6 }));
  const section = h('section.sl-dashboard__part', { 'aria-labelledby': 'kop-doorlooptijden', 'data-test': 'doorlooptijden' },
    h('h2.nl-heading.nl-heading--level-2', { id: 'kop-doorlooptijden' }, 'Doorlooptijden'),
    para('Hoe lang een schademelding in elke fase en een versterkingstraject in elke stap blijft, in dagen. ',
      'De mediaan is de middelste: de helft duurde korter, de helft langer. "80% binnen" is de duur waarbinnen vier van de vijf klaar waren.'),
    para('"Afgerond" telt de fases en stappen die zijn afgesloten. "Nog bezig" telt wat nu loopt, gemeten tot vandaag. ',
      'De fase of stap waarin een dossier voor het eerst werd geleverd telt pas bij "afgerond" mee als het register weet wanneer die begon; daarom kan "afgerond" in het begin klein zijn.'),
    plek);
  api.get('/statistieken/doorlooptijden', code ? { gemeente: code } : {}).then((data) => {
    plek.replaceChildren(...inhoud(data, csv));
  }, (err) => {
    plek.replaceChildren(alert('warning', `De doorlooptijden konden niet worden geladen. ${err.describe ? err.describe() : ''}`));
  }).finally(() => plek.setAttribute('aria-busy', 'false'));
  return section;
}
