// opname_wens.js - the resident's wish for a joint inspection (issue 14, decisions
// 155-156): recorded by IMG's or NCG's staff from a candidate's dossier, or by the
// resident in Mijn woning; read back with its state, withdrawn while not confirmed,
// and once confirmed both dates in plain Dutch. The server decides who may and which
// address is a candidate; this module only leaves out the form where it cannot apply.

import { h, heading, para, field, textbox, submit, button, alert, dataList, formatDate, formatDay } from './dom.js';
import { api } from './api.js';
import { showErrors, clearErrors } from './field_errors.js';
import { confirmDialog } from './confirm_dialog.js';
import { WEEKDAGEN } from './labels.js';

const STATUS = {
  open: 'Wacht op een planning',
  gepland: 'In een planning die nog niet vastligt',
  bevestigd: 'Gepland: de afspraken staan vast',
};

function errText(err) {
  return err?.describe ? err.describe() : String(err?.message || err);
}

// A candidate (decision 156): group B, or a totaalopname asked for and not refused.
export function isCandidate(d) {
  if (!d.combinatiedossier) return false;
  const totaal = (d.elementen || []).some((e) => e.element === 'totaalopname' && e.status !== 'afgewezen');
  return d.classificatie?.groep === 'B' || totaal;
}

// '13-04-2027, 2027-04-14' -> ['2027-04-13', '2027-04-14']; a part that is no date is
// passed on as written, so the server names it at the field.
function parseDates(text) {
  return text.split(/[,;\s]+/).filter(Boolean).map((t) => {
    const m = /^(\d{1,2})-(\d{1,2})-(\d{4})$/.exec(t);
    return m ? `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}` : t;
  });
}

function wishForm(id, resident, reload, level) {
  const ja = h('input.utrecht-radio-button', { type: 'radio', name: 'gezamenlijk', value: 'ja', id: 'wens-ja', checked: true });
  const nee = h('input.utrecht-radio-button', { type: 'radio', name: 'gezamenlijk', value: 'nee', id: 'wens-nee' });
  const inputs = {
    niet_beschikbaar: textbox({ name: 'niet_beschikbaar', autocomplete: 'off' }),
    vroegst_img: resident ? null : textbox({ type: 'date', name: 'vroegst_img' }),
    vroegst_ncg: resident ? null : textbox({ type: 'date', name: 'vroegst_ncg' }),
  };
  const days = WEEKDAGEN.slice(0, 5).map((d) => h('input.utrecht-checkbox', { type: 'checkbox', name: 'dag', value: d, id: `wens-dag-${d}` }));
  const box = h('div');
  const form = h('form.sl-form', { 'aria-labelledby': 'wens-kop', novalidate: true },
    heading(level, resident ? 'Uw wens doorgeven' : 'Wens van de bewoner vastleggen', { id: 'wens-kop' }),
    h('fieldset.sl-fieldset',
      h('legend.utrecht-form-label', resident ? 'Wilt u dat IMG en NCG samen of kort na elkaar langskomen?' : 'Wil de bewoner een gezamenlijke opname?'),
      h('div.sl-row',
        h('span', ja, ' ', h('label', { for: 'wens-ja' }, 'Ja')),
        h('span', nee, ' ', h('label', { for: 'wens-nee' }, 'Nee')))),
    field(resident ? 'Datums waarop u niet kunt' : 'Datums waarop de bewoner niet kan', inputs.niet_beschikbaar,
      { id: 'wens-niet', description: 'Bijvoorbeeld 13-04-2027, 20-04-2027. Laat leeg als elke dag kan.' }),
    h('fieldset.sl-fieldset',
      h('legend.utrecht-form-label', resident ? 'Dagen die u het beste uitkomen (mag leeg)' : 'Voorkeursdagen (mag leeg)'),
      h('div.sl-row', days.map((c) => h('span', c, ' ', h('label', { for: c.id }, c.value))))),
    resident ? null : h('div.sl-row',
      field('Vroegste datum IMG', inputs.vroegst_img, { id: 'wens-vroegst-img', description: 'Leeg: de eerste werkdag na vandaag' }),
      field('Vroegste datum NCG', inputs.vroegst_ncg, { id: 'wens-vroegst-ncg', description: 'Leeg: de eerste werkdag na vandaag' })),
    box,
    h('div.utrecht-button-group', submit(resident ? 'Wens doorgeven' : 'Wens vastleggen', 'primary-action', { 'data-test': 'wens-opslaan' })));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const fieldInputs = Object.fromEntries(Object.entries(inputs).filter(([, v]) => v));
    clearErrors(fieldInputs, box);
    const body = {
      nummeraanduiding_id: id,
      gezamenlijk: ja.checked,
      niet_beschikbaar: parseDates(inputs.niet_beschikbaar.value),
      voorkeur_weekdagen: days.filter((c) => c.checked).map((c) => c.value),
    };
    for (const k of ['vroegst_img', 'vroegst_ncg']) if (inputs[k]?.value) body[k] = inputs[k].value;
    try {
      await api.post('/opnameverzoeken', body);
      reload(resident ? 'Dank u. Uw wens is doorgegeven.' : 'De wens is vastgelegd.');
    } catch (err) {
      // a date of the list is named as niet_beschikbaar[2]: show it at the list
      const errs = (err.errors || []).map((x) => ({ ...x, veld: x.veld.replace(/\[\d+\]$/, '') }));
      showErrors(Object.assign(err, { errors: errs }), { ...fieldInputs, nummeraanduiding_id: null }, box,
        (x) => x.detail || 'De wens is niet vastgelegd.');
    }
  });
  return form;
}

function wishShown(v, resident, reload) {
  const box = h('div');
  const withdraw = async () => {
    const ok = await confirmDialog(resident ? 'Uw wens intrekken?' : 'Verzoek intrekken?',
      resident ? 'Dan plannen IMG en NCG hun opnames ieder apart. U kunt later opnieuw een wens doorgeven.'
        : 'Dan valt het adres uit de gezamenlijke planning. Er kan later een nieuw verzoek komen.', 'Ja, intrekken');
    if (!ok) return;
    try {
      await api.change('POST', `/opnameverzoeken/${v.id}/intrekking`, undefined, null);
      reload(resident ? 'Uw wens is ingetrokken.' : 'Het verzoek is ingetrokken.');
    } catch (err) {
      box.replaceChildren(alert('error', errText(err)));
    }
  };
  return h('div', { 'data-test': 'opnamewens' },
    dataList([
      ['Gezamenlijke opname', v.gezamenlijk ? 'ja' : 'nee, ieder apart'],
      ['Niet op', v.niet_beschikbaar.length ? v.niet_beschikbaar.map(formatDay).join(', ') : 'geen datums opgegeven'],
      ['Liefst op', v.voorkeur_weekdagen.length ? v.voorkeur_weekdagen.join(', ') : 'maakt niet uit'],
      resident ? null : ['Vroegste datum IMG', formatDate(v.vroegst_img)],
      resident ? null : ['Vroegste datum NCG', formatDate(v.vroegst_ncg)],
      ['Stand', STATUS[v.status] || v.status],
    ]),
    box,
    v.status === 'bevestigd' ? null
      : h('div.utrecht-button-group', button(resident ? 'Wens intrekken' : 'Verzoek intrekken', withdraw, 'secondary-action', { 'data-test': 'wens-intrekken' })));
}

// The part for one address: the confirmed dates, the wish as recorded, or the form.
// Returns null where there is nothing to show (not a candidate and no request).
export async function opnameWens(d, { level, resident = false, datesIntro = null }) {
  const id = d.adres.nummeraanduiding_id;
  const root = h('div');
  const load = async (message) => {
    let v = null;
    try {
      const { opnameverzoeken } = await api.get('/opnameverzoeken', { nummeraanduidingId: id });
      const current = opnameverzoeken.filter((x) => x.status !== 'ingetrokken');
      v = current.length ? await api.get(`/opnameverzoeken/${current[current.length - 1].id}`) : null;
    } catch (err) {
      root.replaceChildren(alert('error', errText(err)));
      return;
    }
    const parts = [message ? alert('ok', message) : null];
    if (v?.tekst) {
      parts.push(h('div', { 'data-test': 'opnamedatums' }, datesIntro ? para(datesIntro) : null, para(h('strong', v.tekst))));
    }
    if (v) parts.push(wishShown(v, resident, load));
    else if (isCandidate(d)) parts.push(wishForm(id, resident, load, level + 1));
    root.replaceChildren(...parts.filter(Boolean));
  };
  await load();
  if (!root.childNodes.length) return null;
  return h('section', { 'aria-labelledby': `opname-kop-${id}` },
    heading(level, resident ? 'Opnames van uw huis' : 'Gezamenlijke opname', { id: `opname-kop-${id}` }),
    root);
}

// The dossier's part: for the roles that record wishes (decision 155), else nothing.
const WENS_ROLLEN = ['zaakbegeleider', 'bewonersbegeleider', 'svip', 'planner', 'bewoner'];
export function dossierOpname(d, ctx) {
  if (!WENS_ROLLEN.includes(ctx.user.rol)) return null;
  return opnameWens(d, { level: 2, resident: ctx.user.rol === 'bewoner' });
}
