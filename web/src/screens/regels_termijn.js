// regels_termijn.js - the term table on the beheerder's rule screen (regels.js, decision
// 225): one row per kind of term whose length, unit (working days among them), statutory
// and fatal marks, responsible party, warning lead and compensation (per day and cap, in
// euros here, cents in the API) are edited in place with labelled controls, read-only
// for an old version; the preview in plain Dutch: how many terms in the register change
// status, per kind, and which kinds start or stop being dated.

import { h, para, alert, table } from '../dom.js';
import { TERMIJN_STATUS, plural } from '../labels.js';

export const naam = 'termijnen';
export const uitleg = 'Per soort termijn staan de lengte, wie aan zet is en wat een gemiste fatale termijn kost. '
  + 'Een termijn die nog een aanname is, telt het register niet: vink "aanname" uit en het register gaat hem bijhouden.';

const EENHEDEN = { dagen: 'dagen', werkdagen: 'werkdagen', weken: 'weken', maanden: 'maanden' };
const PARTIJEN = { overheid: 'de overheid (IMG of NCG)', bewoner: 'de bewoner' };

const euro = (cents) => (cents / 100).toLocaleString('nl-NL', { style: 'currency', currency: 'EUR' });

export function publiceerUitleg(volgende) {
  return `Het concept wordt versie ${volgende} en geldt direct: elke termijn in het register wordt voortaan met deze tabel berekend.`;
}
export const gepubliceerdUitleg = 'De termijnen worden voortaan met deze versie berekend.';

function control(el) {
  return h('div.utrecht-form-field', h('div.utrecht-form-field__input', el));
}

function number(value, label, attrs) {
  return h('input.utrecht-textbox.utrecht-textbox--html-input', { type: 'number', value: String(value), 'aria-label': label, ...attrs });
}

function select(options, value, label) {
  const el = h('select.utrecht-select.utrecht-select--html-select', { 'aria-label': label },
    Object.entries(options).map(([v, t]) => h('option', { value: v }, t)));
  el.value = value;
  return el;
}

function check(checked, label, id) {
  const box = h('input.utrecht-checkbox.utrecht-checkbox--html-input', { type: 'checkbox', id });
  box.checked = checked;
  return h('div', box, ' ', h('label', { for: id }, label));
}

function marks(d) {
  return [d.wettelijk && 'wettelijk', d.fataal && 'fataal', d.aanname && 'aanname'].filter(Boolean).join(', ') || '–';
}

// The version as a table; with `inputs` the controls are collected per field name
// (definities[i].lengte, …) so that errors land at them and draftOf reads them back.
export function tableOf(version, caption, inputs) {
  const rows = version.definities.map((d, i) => ({ d, i }));
  const edit = Boolean(inputs);
  // an id per control: its error message is linked to it (field_errors.js)
  const put = (i, field, el) => { el.id ||= `def-${i}-${field}`; inputs[`definities[${i}].${field}`] = el; return el; };
  const columns = [
    { label: 'Termijn', cell: ({ d }) => h('span', { title: d.soort }, d.omschrijving) },
    {
      label: 'Lengte',
      cell: ({ d, i }) => (edit
        ? h('div', control(put(i, 'lengte', number(d.lengte, `Lengte van ${d.omschrijving}`, { min: 1, max: 3650, inputmode: 'numeric' }))),
          control(put(i, 'eenheid', select(EENHEDEN, d.eenheid, `Eenheid van ${d.omschrijving}`))))
        : `${d.lengte} ${EENHEDEN[d.eenheid] || d.eenheid}`),
    },
    {
      label: 'Soort',
      cell: ({ d, i }) => {
        if (!edit) return marks(d);
        const boxes = ['wettelijk', 'fataal', 'aanname'].map((m) => check(d[m], m, `${m}-${i}`));
        boxes.forEach((b, k) => put(i, ['wettelijk', 'fataal', 'aanname'][k], b.querySelector('input')));
        return control(h('fieldset.utrecht-form-fieldset', h('legend', `Kenmerken van ${d.omschrijving}`), ...boxes));
      },
    },
    {
      label: 'Aan zet',
      cell: ({ d, i }) => (edit
        ? control(put(i, 'verantwoordelijke', select(PARTIJEN, d.verantwoordelijke, `Wie is aan zet bij ${d.omschrijving}`)))
        : PARTIJEN[d.verantwoordelijke] || d.verantwoordelijke),
    },
    {
      label: 'Waarschuwing (dagen vooraf)',
      cell: ({ d, i }) => (edit
        ? control(put(i, 'waarschuwing_dagen', number(d.waarschuwing_dagen, `Waarschuwing in dagen vooraf bij ${d.omschrijving}`, { min: 0, max: 365, inputmode: 'numeric' })))
        : String(d.waarschuwing_dagen)),
    },
    {
      label: 'Compensatie per dag en maximum',
      cell: ({ d, i }) => (edit
        ? h('div',
          control(put(i, 'compensatie_per_dag', number((d.compensatie_per_dag / 100).toFixed(2), `Compensatie per dag in euro bij ${d.omschrijving}`, { min: 0, step: '0.01', inputmode: 'decimal' }))),
          control(put(i, 'compensatie_max', number((d.compensatie_max / 100).toFixed(2), `Maximale compensatie in euro bij ${d.omschrijving}`, { min: 0, step: '0.01', inputmode: 'decimal' }))))
        : (d.compensatie_per_dag ? `${euro(d.compensatie_per_dag)} per dag, ten hoogste ${euro(d.compensatie_max)}` : 'geen')),
    },
  ];
  return table(caption, columns, rows);
}

const cents = (el) => Math.round(Number(el.value) * 100);

export function draftOf(version, inputs) {
  const at = (i, f) => inputs[`definities[${i}].${f}`];
  return {
    definities: version.definities.map((d, i) => ({
      ...d,
      lengte: Number(at(i, 'lengte').value),
      eenheid: at(i, 'eenheid').value,
      wettelijk: at(i, 'wettelijk').checked,
      fataal: at(i, 'fataal').checked,
      aanname: at(i, 'aanname').checked,
      verantwoordelijke: at(i, 'verantwoordelijke').value,
      waarschuwing_dagen: Number(at(i, 'waarschuwing_dagen').value),
      compensatie_per_dag: cents(at(i, 'compensatie_per_dag')),
      compensatie_max: cents(at(i, 'compensatie_max')),
    })),
  };
}

const statusText = (s) => (s === null ? 'geen termijn' : (TERMIJN_STATUS[s] || s).toLowerCase());

export function previewView(p) {
  const parts = [para(p.gewijzigdeSoorten.length
    ? `U wijzigt ${plural(p.gewijzigdeSoorten.length, 'soort termijn', 'soorten termijnen')} ten opzichte van versie ${p.huidigeVersie}: ${p.gewijzigdeSoorten.join(', ')}.`
    : `Dit concept is gelijk aan versie ${p.huidigeVersie}.`)];
  parts.push(para(p.termijnenGewijzigd
    ? `In het register krijgen ${plural(p.termijnenGewijzigd, 'termijn', 'termijnen')} vandaag een andere status:`
    : 'Geen enkele termijn in het register krijgt hierdoor een andere status.'));
  if (p.overgangen.length) {
    parts.push(h('ul', p.overgangen.map((o) => h('li',
      `${o.termijnsoort}: van ${statusText(o.van)} naar ${statusText(o.naar)}: ${plural(o.aantal, 'termijn', 'termijnen')}`
      + ` (bijvoorbeeld ${o.voorbeelden.join(', ')})`))));
  }
  if (p.gaanGedateerdWorden.length) parts.push(para(`Het register gaat deze termijnen bijhouden: ${p.gaanGedateerdWorden.join(', ')}.`));
  if (p.wordenNietMeerGedateerd.length) parts.push(para(`Het register houdt deze termijnen niet meer bij: ${p.wordenNietMeerGedateerd.join(', ')}.`));
  parts.push(para('Er is nog niets veranderd. Pas na publiceren geldt de nieuwe versie.'));
  return alert('info', ...parts);
}
