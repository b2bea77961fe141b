// regels.js - the beheerder's rule tables without SQL (issue 17, decision 203): the
// collaboration matrix in force as a table whose cells are edited in place (one
// labelled select per cell; on a phone the table stacks, one step per block), a
// preview of what the draft would change in the register in plain Dutch, publishing
// it as a new version with a reason (If-Match on the version in force, so that two
// beheerders do not overwrite each other), and the history of versions: who, when,
// why, each one viewable (?versie=N).

import {
  h, heading, para, field, textarea, submit, button, alert, table, link, loading, formatDate,
} from '../dom.js';
import { api } from '../api.js';
import { showErrors, clearErrors } from '../field_errors.js';
import { GROEPEN, FASEN, STAPPEN, plural } from '../labels.js';

const BASE = '/regelsets/matrix';
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

function draftOf(selects) {
  return { cellen: selects.map((s) => ({ stap: s.dataset.stap, fase: s.dataset.fase, groep: s.value })) };
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

async function editor(main, ctx, lijst) {
  const etag = lijst.etag;
  const actueel = lijst.data.actueleVersie;
  const { data: versie } = await api.getWithEtag(`${BASE}/versies/${actueel}`);
  if (ctx.stale()) return;
  const selects = [];
  const notices = h('div', { 'aria-live': 'polite' });
  const preview = h('div', { 'aria-live': 'polite' });
  const reden = textarea({ name: 'reden', rows: 3, maxlength: 500, required: true });
  const inputs = { reden };
  const tbl = matrixTable(`Samenwerkingsmatrix, versie ${actueel} (geldt nu)`, versie.cellen, selects);
  selects.forEach((s, i) => { inputs[`cellen[${i}].groep`] = s; });
  // a preview belongs to the draft it was made of
  for (const s of selects) s.addEventListener('change', () => preview.replaceChildren());

  const toon = button('Voorvertoning', async () => {
    preview.replaceChildren(loading('De voorvertoning wordt berekend…', { bars: 2 }));
    try {
      const p = await api.post(`${BASE}/voorvertoningen`, draftOf(selects));
      preview.replaceChildren(previewView(p));
    } catch (err) {
      preview.replaceChildren(alert('error', errText(err)));
    }
  }, 'secondary-action', { 'data-test': 'voorvertoning' });

  const form = h('form', { novalidate: true },
    h('h2.nl-heading.nl-heading--level-2', { id: 'kop-publiceren' }, 'Publiceren'),
    para(`Het concept wordt versie ${lijst.data.versies[0].versie + 1} en geldt direct. Alle adressen worden opnieuw ingedeeld; elke indeling noemt de versie waarmee ze is gemaakt.`),
    field('Reden van deze versie', reden, { description: 'Verplicht. Staat in de geschiedenis van de versies, bij uw naam.' }),
    submit(`Publiceren als versie ${lijst.data.versies[0].versie + 1}`));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(inputs, notices);
    try {
      const r = await api.post(`${BASE}/versies`, { reden: reden.value, ...draftOf(selects) }, { ifMatch: etag });
      ctx.navigate(`/beheer/regels?gepubliceerd=${r.versie}`);
    } catch (err) {
      if (err.status === 412) {
        notices.replaceChildren(alert('error', 'Een andere beheerder heeft intussen een nieuwe versie gepubliceerd. ',
          link('/beheer/regels', 'Laad de geldende versie'), ' en breng uw wijziging opnieuw aan.'));
        return;
      }
      showErrors(err, inputs, notices, (x) => x.detail || x.title);
    }
  });

  main.append(
    h('section', { 'aria-labelledby': 'kop-matrix' },
      h('h2.nl-heading.nl-heading--level-2', { id: 'kop-matrix' }, 'De geldende samenwerkingsmatrix'),
      para('Per stap van de versterking (NCG) en fase van de schade (IMG) staat de groep die een adres krijgt als beide lopen. Kies in een cel een andere groep om een concept te maken.'),
      groepenUitleg(), tbl, h('div.utrecht-button-group', toon), preview),
    h('section', { 'aria-labelledby': 'kop-publiceren' }, notices, form));
}

// ---- history ---------------------------------------------------------------------------

function historyTable(versies) {
  return table('Alle versies van de samenwerkingsmatrix', [
    { label: 'Versie', cell: (v) => `${v.versie}${v.actief ? ' (geldt nu)' : ''}` },
    { label: 'Gepubliceerd op', cell: (v) => formatDate(v.gepubliceerdOp) },
    { label: 'Door', cell: (v) => v.door || 'samenloop (standaard uit de specificatie)' },
    { label: 'Reden', cell: (v) => v.reden },
    { label: 'Bekijken', cell: (v) => link(`/beheer/regels?versie=${v.versie}`, `Versie ${v.versie}`, { 'aria-label': `Versie ${v.versie} bekijken` }) },
  ], versies);
}

async function oneVersion(main, ctx, nr) {
  const v = await api.get(`${BASE}/versies/${encodeURIComponent(nr)}`);
  if (ctx.stale()) return;
  main.append(
    para(v.actief ? 'Dit is de versie die nu geldt.' : 'Deze versie geldt niet meer; ze blijft bewaard voor de indelingen die ermee zijn gemaakt.'),
    groepenUitleg(),
    matrixTable(`Samenwerkingsmatrix, versie ${v.versie}`, v.cellen, null),
    para(link('/beheer/regels', 'Terug naar de geldende versie')));
}

// ---- the screen ------------------------------------------------------------------------

export default async function regels(main, ctx) {
  const nr = ctx.query.get('versie');
  const title = nr ? `Regels: versie ${nr} van de samenwerkingsmatrix` : 'Regels';
  main.append(heading(1, title), para(link('/beheer', 'Terug naar beheer')));
  ctx.title(title);
  const wait = loading('De regels worden geladen…');
  main.append(wait);
  try {
    if (nr) {
      await oneVersion(main, ctx, nr);
      return;
    }
    const gepubliceerd = ctx.query.get('gepubliceerd');
    if (gepubliceerd) main.append(alert('ok', `Versie ${gepubliceerd} is gepubliceerd en geldt nu. Alle adressen zijn opnieuw ingedeeld.`));
    const lijst = await api.getWithEtag(BASE);
    if (ctx.stale()) return;
    await editor(main, ctx, lijst);
    main.append(h('section', { 'aria-labelledby': 'kop-versies' },
      h('h2.nl-heading.nl-heading--level-2', { id: 'kop-versies' }, 'Geschiedenis'),
      historyTable(lijst.data.versies)));
  } catch (err) {
    main.append(alert('error', errText(err)));
  } finally {
    wait.remove();
  }
}
