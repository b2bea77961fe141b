// regels.js - the beheerder's rule tables without SQL (issue 17, decision 203): the
// collaboration matrix (and, through regels_signaal.js, the signal rules: ?soort=signaal;
// through regels_termijn.js, the term table: ?soort=termijn)
// in force as a table whose cells are edited in place (one labelled control per cell;
// on a phone the table stacks), a preview of what the draft would change in the register
// in plain Dutch, publishing it as a new version with a reason (If-Match on the version
// in force, so that two beheerders do not overwrite each other), and the history of
// versions: who, when, why, each one viewable (?versie=N).

import {
  h, heading, para, field, textarea, submit, button, alert, table, link, loading, formatDate,
} from '../dom.js';
import { api } from '../api.js';
import { showErrors, clearErrors } from '../field_errors.js';
import { GROEPEN, FASEN, STAPPEN, plural } from '../labels.js';
import * as signaal from './regels_signaal.js';
import * as termijn from './regels_termijn.js';
const MATRIX_FASEN = ['voorbereiding', 'opname', 'zienswijze', 'beschikking'];

function errText(err) {
  return err?.describe ? err.describe() : String(err?.message || err);
}

function stapNaam(stap) {
  return STAPPEN[stap] || stap;
}

function cellLabel(c) {
  return `Groep bij stap ${stapNaam(c.stap)}, schade in fase ${(FASEN[c.fase] || c.fase).toLowerCase()}`;
}

// The cells [{stap, fase, groep}] as rows of one step each, in the table's order.
function rowsOf(cellen) {
  const rows = [];
  for (const c of cellen) {
    let row = rows.find((r) => r.stap === c.stap);
    if (!row) rows.push(row = { stap: c.stap, cells: {} });
    row.cells[c.fase] = c;
  }
  return rows;
}

// The table: read-only letters, or one select per cell when `selects` collects them.
function matrixTable(caption, cellen, selects) {
  const groepCell = (fase) => (row) => {
    const c = row.cells[fase];
    if (!selects) return h('abbr', { title: GROEPEN[c.groep] }, c.groep);
    const sel = h('select.utrecht-select.utrecht-select--html-select',
      { 'aria-label': cellLabel(c), 'data-stap': c.stap, 'data-fase': c.fase, id: `cel-${c.stap}-${c.fase}` },
      Object.keys(GROEPEN).map((g) => h('option', { value: g }, g)));
    sel.value = c.groep;
    selects.push(sel);
    const note = h('span', { 'data-was': '' });
    sel.addEventListener('change', () => { note.textContent = sel.value === c.groep ? '' : ` (was ${c.groep})`; });
    return h('div.utrecht-form-field', h('div.utrecht-form-field__input', sel, note));
  };
  return table(caption, [
    { label: 'Stap van NCG', cell: (row) => stapNaam(row.stap) },
    ...MATRIX_FASEN.map((f) => ({ label: `Schade: ${FASEN[f].toLowerCase()}`, cell: groepCell(f) })),
  ], rowsOf(cellen));
}

// The matrix as one of the screen's tables; regels_signaal.js is the other.
const matrix = {
  naam: 'samenwerkingsmatrix',
  uitleg: 'Per stap van de versterking (NCG) en fase van de schade (IMG) staat de groep die een adres krijgt als beide lopen. Kies in een cel een andere groep om een concept te maken.',
  tableOf(version, caption, inputs) {
    const selects = inputs ? [] : null;
    const tbl = matrixTable(caption, version.cellen, selects);
    selects?.forEach((s, i) => { inputs[`cellen[${i}].groep`] = s; });
    return tbl;
  },
  draftOf(version, inputs) {
    const selects = Object.values(inputs).filter((el) => el.dataset.stap);
    return { cellen: selects.map((s) => ({ stap: s.dataset.stap, fase: s.dataset.fase, groep: s.value })) };
  },
  previewView: (p) => previewView(p),
  extra: groepenUitleg,
};

const TABLES = { matrix, signaal, termijn };

function title(soort) {
  const n = TABLES[soort].naam;
  return n.charAt(0).toUpperCase() + n.slice(1);
}

function groepenUitleg() {
  return h('details',
    h('summary', 'Wat betekenen de groepen A tot en met F?'),
    h('ul', Object.entries(GROEPEN).map(([g, t]) => h('li', `Groep ${g}: ${t}`))));
}

// ---- the preview in plain Dutch --------------------------------------------------------

function previewView(p) {
  const parts = [];
  const cellen = p.gewijzigdeCellen.length;
  parts.push(para(cellen
    ? `U wijzigt ${plural(cellen, 'cel', 'cellen')} ten opzichte van versie ${p.huidigeVersie}:`
    : `Dit concept is gelijk aan versie ${p.huidigeVersie}.`));
  if (cellen) {
    parts.push(h('ul', p.gewijzigdeCellen.map((c) =>
      h('li', `stap ${stapNaam(c.stap)} met schade in fase ${FASEN[c.fase].toLowerCase()}: groep ${c.van} wordt groep ${c.naar}`))));
  }
  const n = p.adressenGewijzigd;
  parts.push(para(n
    ? `In het register krijgen ${plural(n, 'adres', 'adressen')} een andere groep:`
    : 'Geen enkel adres in het register krijgt hierdoor een andere groep.'));
  if (n) {
    parts.push(h('ul', p.overgangen.map((o) =>
      h('li', `van groep ${o.van} naar groep ${o.naar}: ${plural(o.aantal, 'adres', 'adressen')}`
        + ` (bijvoorbeeld ${o.voorbeelden.join(', ')})`))));
  }
  parts.push(para('Er is nog niets veranderd. Pas na publiceren geldt de nieuwe versie.'));
  return alert('info', ...parts);
}

// ---- the version in force, editable ----------------------------------------------------

async function editor(main, ctx, soort, lijst) {
  const base = `/regelsets/${soort}`;
  const t = TABLES[soort];
  const etag = lijst.etag;
  const actueel = lijst.data.actueleVersie;
  const volgende = lijst.data.versies[0].versie + 1;
  const versie = await api.get(`${base}/versies/${actueel}`);
  if (ctx.stale()) return;
  const notices = h('div', { 'aria-live': 'polite' });
  const preview = h('div', { 'aria-live': 'polite' });
  const reden = textarea({ name: 'reden', rows: 3, maxlength: 500, required: true });
  const cells = {};
  const tbl = t.tableOf(versie, `${title(soort)}, versie ${actueel} (geldt nu)`, cells);
  const inputs = { reden, ...cells };
  // a preview belongs to the draft it was made of
  tbl.addEventListener('change', () => preview.replaceChildren());

  const toon = button('Voorvertoning', async () => {
    preview.replaceChildren(loading('De voorvertoning wordt berekend…', { bars: 2 }));
    try {
      preview.replaceChildren(t.previewView(await api.post(`${base}/voorvertoningen`, t.draftOf(versie, cells))));
    } catch (err) {
      preview.replaceChildren(alert('error', errText(err)));
    }
  }, 'secondary-action', { 'data-test': 'voorvertoning' });

  const form = h('form', { novalidate: true },
    h('h2.nl-heading.nl-heading--level-2', { id: 'kop-publiceren' }, 'Publiceren'),
    para(t.publiceerUitleg ? t.publiceerUitleg(volgende) : soort === 'matrix'
      ? `Het concept wordt versie ${volgende} en geldt direct. Alle adressen worden opnieuw ingedeeld; elke indeling noemt de versie waarmee ze is gemaakt.`
      : `Het concept wordt versie ${volgende} en geldt direct. Open signalen waarvan de voorwaarde niet meer geldt, sluit het systeem af met de reden.`),
    field('Reden van deze versie', reden, { description: 'Verplicht. Staat in de geschiedenis van de versies, bij uw naam.' }),
    submit(`Publiceren als versie ${volgende}`));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(inputs, notices);
    try {
      const r = await api.post(`${base}/versies`, { reden: reden.value, ...t.draftOf(versie, cells) }, { ifMatch: etag });
      ctx.navigate(`/beheer/regels?soort=${soort}&gepubliceerd=${r.versie}`);
    } catch (err) {
      if (err.status === 412) {
        notices.replaceChildren(alert('error', 'Een andere beheerder heeft intussen een nieuwe versie gepubliceerd. ',
          link(`/beheer/regels?soort=${soort}`, 'Laad de geldende versie'), ' en breng uw wijziging opnieuw aan.'));
        return;
      }
      showErrors(err, inputs, notices, (x) => x.detail || x.title);
    }
  });

  main.append(
    h('section', { 'aria-labelledby': 'kop-tabel' },
      h('h2.nl-heading.nl-heading--level-2', { id: 'kop-tabel' }, `De geldende ${t.naam}`),
      t.uitleg ? para(t.uitleg) : null, t.extra ? t.extra() : null,
      tbl, h('div.utrecht-button-group', toon), preview),
    h('section', { 'aria-labelledby': 'kop-publiceren' }, notices, form));
}

// ---- history ---------------------------------------------------------------------------

function historyTable(soort, versies) {
  return table(`Alle versies van de ${TABLES[soort].naam}`, [
    { label: 'Versie', cell: (v) => `${v.versie}${v.actief ? ' (geldt nu)' : ''}` },
    { label: 'Gepubliceerd op', cell: (v) => formatDate(v.gepubliceerdOp) },
    { label: 'Door', cell: (v) => v.door || 'samenloop (standaard uit de specificatie)' },
    { label: 'Reden', cell: (v) => v.reden },
    { label: 'Bekijken', cell: (v) => link(`/beheer/regels?soort=${soort}&versie=${v.versie}`, `Versie ${v.versie}`, { 'aria-label': `Versie ${v.versie} bekijken` }) },
  ], versies);
}

async function oneVersion(main, ctx, soort, nr) {
  const t = TABLES[soort];
  const v = await api.get(`/regelsets/${soort}/versies/${encodeURIComponent(nr)}`);
  if (ctx.stale()) return;
  main.append(
    para(v.actief ? 'Dit is de versie die nu geldt.' : 'Deze versie geldt niet meer; ze blijft bewaard voor wat ermee is gemaakt.'),
    t.extra ? t.extra() : null,
    t.tableOf(v, `${title(soort)}, versie ${v.versie}`, null),
    para(link(`/beheer/regels?soort=${soort}`, 'Terug naar de geldende versie')));
}

// ---- the screen ------------------------------------------------------------------------

function tabs(soort) {
  return h('nav', { 'aria-label': 'Regeltabellen' }, h('ul', Object.keys(TABLES).map((k) => h('li',
    k === soort ? h('strong', { 'aria-current': 'page' }, title(k)) : link(`/beheer/regels?soort=${k}`, title(k))))));
}

export default async function regels(main, ctx) {
  const soort = TABLES[ctx.query.get('soort')] ? ctx.query.get('soort') : 'matrix';
  const nr = ctx.query.get('versie');
  const kop = nr ? `Regels: versie ${nr} van de ${TABLES[soort].naam}` : `Regels: ${TABLES[soort].naam}`;
  main.append(heading(1, kop), para(link('/beheer', 'Terug naar beheer')), tabs(soort));
  ctx.title(kop);
  const wait = loading('De regels worden geladen…');
  main.append(wait);
  try {
    if (nr) {
      await oneVersion(main, ctx, soort, nr);
      return;
    }
    const gepubliceerd = ctx.query.get('gepubliceerd');
    if (gepubliceerd) {
      main.append(alert('ok', `Versie ${gepubliceerd} is gepubliceerd en geldt nu. ${TABLES[soort].gepubliceerdUitleg || (soort === 'matrix'
        ? 'Alle adressen zijn opnieuw ingedeeld.' : 'Open signalen zijn opnieuw beoordeeld.')}`));
    }
    const lijst = await api.getWithEtag(`/regelsets/${soort}`);
    if (ctx.stale()) return;
    await editor(main, ctx, soort, lijst);
    main.append(h('section', { 'aria-labelledby': 'kop-versies' },
      h('h2.nl-heading.nl-heading--level-2', { id: 'kop-versies' }, 'Geschiedenis'),
      historyTable(soort, lijst.data.versies)));
  } catch (err) {
    main.append(alert('error', errText(err)));
  } finally {
    wait.remove();
  }
}
