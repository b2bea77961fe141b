// regels_signaal.js - the signal rules on the beheerder's rule screen (regels.js):
// each rule as a row whose due days, period, addressees and text are edited in place
// (labelled controls; the addressees a group of checkboxes with a legend), read-only
// for an old version, and the preview in plain Dutch: which rules change and how many
// unfinished signals the system would close.

import { h, para, alert, table } from '../dom.js';
import { REGELS, plural } from '../labels.js';

const AAN = {
  svip_img: 'SVIP-desk IMG',
  svip_ncg: 'SVIP-desk NCG',
  zaakbegeleider: 'Zaakbegeleider (IMG)',
  bewonersbegeleider: 'Bewonersbegeleider (NCG)',
  coordinator: 'Coördinator',
  interventieteam: 'Interventieteam',
};

const AANLEIDING = {
  combinatiedossier: 'het adres wordt een combinatiedossier',
  schade_nieuw: 'een nieuwe schademelding op een adres in versterking',
  groep_b: 'het adres komt in groep B',
  stap_4_1: 'het traject gaat naar stap 4.1',
  aos_gegrond: 'een AOS-melding is gegrond verklaard',
  urgent_bijzonder: 'urgente schade en een bijzondere situatie',
  toestemming_ingetrokken: 'de bewoner trekt een toestemming in',
  aannemer_schade: 'de aannemer vindt schade tijdens de bouw',
  stil: 'geen statuswijziging in beide trajecten',
  opname_gepland: 'een gezamenlijke opname is bevestigd',
};

const VOORWAARDE = {
  '': 'altijd',
  met_schades: 'als er schademeldingen zijn',
  zonder_schades: 'als er geen schademelding is',
  niet_geweigerd: 'als de bewoner een gezamenlijke opname niet weigerde',
};

export const naam = 'signaalregels';

function ruleName(r) {
  return `Regel ${r.regel}${r.variant ? ` (${r.variant.replace('_', ' ')})` : ''}`;
}

function when(r) {
  return `${REGELS[r.regel] || ruleName(r)}: bij ${AANLEIDING[r.trigger] || r.trigger}, ${VOORWAARDE[r.conditie] ?? r.conditie}`;
}

function number(value, label, attrs) {
  const el = h('input.utrecht-textbox.utrecht-textbox--html-input', { type: 'number', inputmode: 'numeric', value: String(value), 'aria-label': label, ...attrs });
  return h('div.utrecht-form-field', h('div.utrecht-form-field__input', el));
}

// The version as a table; with `inputs` the controls are collected per field name
// (regels[i].termijnDagen, …) so that errors land at them, and draft() reads them back.
export function tableOf(version, caption, inputs) {
  const rows = version.regels.map((r, i) => ({ r, i }));
  const edit = Boolean(inputs);
  const columns = [
    { label: 'Regel', cell: ({ r }) => when(r) },
    {
      label: 'Aan',
      cell: ({ r, i }) => {
        if (!edit) return r.aan.map((a) => AAN[a] || a).join(', ');
        const boxes = Object.entries(AAN).map(([code, text]) => {
          const box = h('input.utrecht-checkbox.utrecht-checkbox--html-input', { type: 'checkbox', value: code, id: `aan-${i}-${code}` });
          box.checked = r.aan.includes(code);
          return h('div', box, ' ', h('label', { for: box.id }, text));
        });
        const set = h('fieldset.utrecht-form-fieldset', { 'data-aan': String(i) },
          h('legend', `Aan wie gaat ${ruleName(r).toLowerCase()}`), ...boxes);
        inputs[`regels[${i}].aan`] = boxes[0].querySelector('input');
        return h('div.utrecht-form-field', h('div.utrecht-form-field__input', set));
      },
    },
    {
      label: 'Termijn (dagen)',
      cell: ({ r, i }) => {
        if (!edit) return String(r.termijnDagen) + (r.trigger === 'stil' ? `; na ${r.parameterDagen} dagen stil` : '');
        const t = number(r.termijnDagen, `Termijn in dagen van ${ruleName(r).toLowerCase()}`, { min: 1, max: 365 });
        inputs[`regels[${i}].termijnDagen`] = t.querySelector('input');
        if (r.trigger !== 'stil') return t;
        const p = number(r.parameterDagen, `Dagen zonder statuswijziging voor ${ruleName(r).toLowerCase()}`, { min: 1, max: 3650 });
        inputs[`regels[${i}].parameterDagen`] = p.querySelector('input');
        return h('div', t, p);
      },
    },
    {
      label: 'Tekst aan de ontvanger',
      cell: ({ r, i }) => {
        if (!edit) return r.tekst;
        const t = h('textarea.utrecht-textarea', { rows: 4, maxlength: 399, 'aria-label': `Tekst van ${ruleName(r).toLowerCase()}` }, r.tekst);
        inputs[`regels[${i}].tekst`] = t;
        return h('div.utrecht-form-field', h('div.utrecht-form-field__input', t));
      },
    },
  ];
  return table(caption, columns, rows);
}

export function draftOf(version, inputs) {
  const regels = version.regels.map((r, i) => {
    const boxes = [...inputs[`regels[${i}].aan`].closest('fieldset').querySelectorAll('input')];
    const out = { ...r, aan: boxes.filter((b) => b.checked).map((b) => b.value) };
    out.termijnDagen = Number(inputs[`regels[${i}].termijnDagen`].value);
    const p = inputs[`regels[${i}].parameterDagen`];
    if (p) out.parameterDagen = Number(p.value);
    out.tekst = inputs[`regels[${i}].tekst`].value;
    return out;
  });
  return { regels };
}

export function previewView(p) {
  const changed = p.regels.filter((r) => r.wijzigingen.length);
  const parts = [para(changed.length
    ? `U wijzigt ${plural(changed.length, 'regel', 'regels')} ten opzichte van versie ${p.huidigeVersie}: ${changed.map((r) => `regel ${r.regel}${r.variant ? ` (${r.variant.replace('_', ' ')})` : ''}`).join(', ')}.`
    : `Dit concept is gelijk aan versie ${p.huidigeVersie}.`)];
  const closing = p.regels.filter((r) => r.teSluiten);
  parts.push(para(p.signalenTeSluiten
    ? `Het systeem sluit ${plural(p.signalenTeSluiten, 'open signaal', 'open signalen')} af, omdat de voorwaarde niet meer geldt:`
    : 'Geen enkel open signaal wordt hierdoor afgesloten.'));
  if (closing.length) {
    parts.push(h('ul', closing.map((r) => h('li', `regel ${r.regel}: ${plural(r.teSluiten, 'signaal', 'signalen')} van de ${r.openSignalen} open`))));
  }
  parts.push(para('Nieuwe signalen ontstaan pas bij de volgende gebeurtenis op een adres, met de nieuwe versie. Er is nog niets veranderd.'));
  return alert('info', ...parts);
}
