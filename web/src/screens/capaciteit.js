// capaciteit.js - the planner's capacity (issue 14, decision 157): per municipality how
// many inspections IMG and NCG can do on each working day (the weekly rota), and the
// exceptions per date (0 for leave, a number on a day off for an extra day). Every
// change is one PUT /capaciteit with the ETag the planner saw (decision 198), so two
// planners do not overwrite each other's numbers unseen.

import { h, heading, para, field, textbox, select, submit, alert, table, link, formatDay } from '../dom.js';
import { api } from '../api.js';
import { showErrors, clearErrors } from '../field_errors.js';
import { GEMEENTEN, gemeenteNaam, WEEKDAGEN } from '../labels.js';

const ORGS = ['IMG', 'NCG'];
const WERKDAGEN = WEEKDAGEN.slice(0, 5);

function errText(err) {
  return err?.describe ? err.describe() : String(err?.message || err);
}

function rotaForm(gemeente, cap, state, reload) {
  const value = (org, dag) => cap.rooster.find((r) => r.org === org && r.weekdag === dag)?.opnames ?? 0;
  const inputs = {};
  const rows = WERKDAGEN.map((dag) => h('tr.utrecht-table__row',
    h('th.utrecht-table__header-cell', { scope: 'row' }, dag),
    ORGS.map((org) => {
      const input = textbox({ type: 'number', min: 0, max: 999, step: 1, inputmode: 'numeric', value: value(org, dag),
        'aria-label': `${org} op ${dag}`, class: 'sl-number' });
      inputs[`${org}|${dag}`] = input;
      return h('td.utrecht-table__cell', input);
    })));
  const box = h('div');
  const form = h('form.sl-form', { 'aria-labelledby': 'rooster-kop', novalidate: true },
    heading(2, 'Weekrooster', { id: 'rooster-kop' }),
    para('Het aantal opnames per werkdag. Op feestdagen telt het rooster niet.'),
    h('div.utrecht-table-container', h('table.utrecht-table.utrecht-table--html-table',
      h('caption.utrecht-table__caption', `Opnames per dag in ${gemeenteNaam(gemeente)}`),
      h('thead.utrecht-table__header', h('tr.utrecht-table__row',
        h('th.utrecht-table__header-cell', { scope: 'col' }, 'Dag'),
        ORGS.map((o) => h('th.utrecht-table__header-cell', { scope: 'col' }, o)))),
      h('tbody.utrecht-table__body', rows))),
    box,
    h('div.utrecht-button-group', submit('Rooster opslaan', 'primary-action', { 'data-test': 'rooster-opslaan' })));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    box.replaceChildren();
    let changed = 0;
    try {
      for (const [key, input] of Object.entries(inputs)) {
        const [org, weekdag] = key.split('|');
        const opnames = Number(input.value);
        if (opnames === value(org, weekdag)) continue;
        if (!Number.isInteger(opnames) || opnames < 0) {
          box.append(alert('error', `${org} op ${weekdag}: vul een geheel aantal in, 0 of meer.`));
          input.focus();
          return;
        }
        const res = await api.change('PUT', '/capaciteit', { org, gemeentecode: gemeente, weekdag, opnames }, state.etag);
        state.etag = res.etag;
        changed++;
      }
      reload(changed ? 'Het rooster is opgeslagen.' : 'Er was niets veranderd.');
    } catch (err) {
      box.append(alert('error', errText(err)));
    }
  });
  return form;
}

function exceptions(gemeente, cap, state, reload) {
  const inputs = {
    org: select(ORGS.map((o) => [o, o]), { name: 'org' }),
    datum: textbox({ type: 'date', name: 'datum', required: true }),
    opnames: textbox({ type: 'number', name: 'opnames', min: 0, step: 1, inputmode: 'numeric', value: 0 }),
  };
  const box = h('div');
  const form = h('form.sl-form', { 'aria-labelledby': 'uitz-nieuw-kop', novalidate: true },
    heading(3, 'Uitzondering toevoegen', { id: 'uitz-nieuw-kop' }),
    h('div.sl-row',
      field('Organisatie', inputs.org, { id: 'uitz-org' }),
      field('Datum', inputs.datum, { id: 'uitz-datum' }),
      field('Opnames die dag', inputs.opnames, { id: 'uitz-opnames', description: '0 bij verlof of een vrije dag' })),
    box,
    h('div.utrecht-button-group', submit('Uitzondering opslaan', 'primary-action', { 'data-test': 'uitzondering-opslaan' })));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(inputs, box);
    try {
      const res = await api.change('PUT', '/capaciteit', {
        org: inputs.org.value, gemeentecode: gemeente, datum: inputs.datum.value, opnames: Number(inputs.opnames.value),
      }, state.etag);
      state.etag = res.etag;
      reload('De uitzondering is opgeslagen.');
    } catch (err) {
      showErrors(err, inputs, box, (x) => x.detail || 'De uitzondering is niet opgeslagen.');
    }
  });
  return h('section', { 'aria-labelledby': 'uitz-kop' },
    heading(2, 'Uitzonderingen', { id: 'uitz-kop' }),
    para('Een datum met een eigen aantal: 0 bij verlof, of een extra dag.'),
    table(null, [
      { label: 'Datum', cell: (r) => formatDay(r.datum) },
      { label: 'Organisatie', cell: (r) => r.org },
      { label: 'Opnames', cell: (r) => (r.opnames === 0 ? '0 (geen opnames)' : String(r.opnames)), numeric: true },
    ], cap.uitzonderingen, { empty: 'Er zijn geen uitzonderingen.' }),
    form);
}

export default async function capaciteit(main, ctx) {
  const gemeente = GEMEENTEN[ctx.query.get('gemeente')] ? ctx.query.get('gemeente') : '0014';
  const kies = select(Object.entries(GEMEENTEN).map(([code, naam]) => [code, naam]), { value: gemeente });
  kies.addEventListener('change', () => ctx.navigate(`/planning/capaciteit?gemeente=${kies.value}`));
  const body = h('div');
  main.append(heading(1, 'Capaciteit'),
    para('Hoeveel opnames IMG en NCG per dag kunnen doen, per gemeente. De planning gebruikt deze aantallen. ',
      link('/planning', 'Naar de planning'), '.'),
    h('div.sl-filters', field('Gemeente', kies, { id: 'cap-gemeente' })),
    body);
  ctx.title('Capaciteit');
  const state = { etag: null };
  const load = async (message) => {
    try {
      const res = await api.getWithEtag('/capaciteit', { gemeente });
      if (ctx.stale()) return;
      state.etag = res.etag;
      body.replaceChildren(...[message ? alert('ok', message) : null,
        rotaForm(gemeente, res.data, state, load), exceptions(gemeente, res.data, state, load)].filter(Boolean));
    } catch (err) {
      body.replaceChildren(alert('error', errText(err)));
    }
  };
  await load();
}
