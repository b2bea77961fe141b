// signal_selection.js - a work list's selection: a checkbox per unfinished signal and
// one bar of actions for all chosen at once (acknowledge, finish, dismiss with one
// reason). The API moves them one by one and answers per signal (decision 166); the
// bar says how many went and which did not, and the rows redraw from the answers.

import { h, button, field, textarea, alert, clear } from './dom.js';
import { api } from './api.js';
import { plural } from './labels.js';

const UNFINISHED = new Set(['open', 'bevestigd']);

const ACTIONS = {
  bevestigen: { path: '/signaalbevestigingen', done: 'bevestigd' },
  afronden: { path: '/signaalafrondingen', done: 'afgerond' },
  afwijzen: { path: '/signaalafwijzingen', done: 'afgewezen' },
};

const WHY = {
  404: 'niet (meer) aan u gericht',
  409: 'al behandeld, misschien door een collega',
  400: 'niet geldig',
};

// The outcome in words: how many went, and each that did not, with why.
function outcome(result, done) {
  const failed = result.resultaten.filter((r) => r.status !== 200);
  const parts = [`${plural(result.gelukt, 'signaal', 'signalen')} ${done}.`];
  if (failed.length) {
    parts.push(` Niet gelukt: ${failed.map((r) => `signaal ${r.id} (${WHY[r.status] || r.fout})`).join(', ')}.`);
  }
  return parts.join('');
}

// selection({ onChange(signal) }) -> { checkbox(signal), bar }
export function selection({ onChange = () => {} } = {}) {
  const chosen = new Map(); // id -> checkbox
  const count = h('p.nl-paragraph.sl-selection__count', { 'aria-live': 'polite', 'data-test': 'selectie-aantal' }, 'Geen signalen gekozen.');
  const message = h('div.sl-selection__message');
  const form = h('div.sl-selection__reason');
  const buttons = {};
  const bar = h('section.sl-selection', { 'aria-label': 'Gekozen signalen', 'data-test': 'selectie' },
    h('h2.nl-heading.nl-heading--level-2', 'Gekozen signalen'), count);

  function refresh() {
    const n = chosen.size;
    count.textContent = n ? `${plural(n, 'signaal', 'signalen')} gekozen.` : 'Geen signalen gekozen.';
    for (const b of Object.values(buttons)) b.disabled = n === 0;
  }

  async function act(name, reden) {
    const ids = [...chosen.keys()];
    for (const b of Object.values(buttons)) b.disabled = true;
    let msg;
    try {
      const result = await api.post(ACTIONS[name].path, reden ? { signalen: ids, reden } : { signalen: ids });
      for (const r of result.resultaten) {
        if (r.status !== 200) continue;
        chosen.get(r.id).checked = false;
        if (!UNFINISHED.has(r.signaal.status)) chosen.get(r.id).disabled = true;
        chosen.delete(r.id);
        onChange(r.signaal);
      }
      msg = alert(result.mislukt ? 'warning' : 'ok', outcome(result, ACTIONS[name].done));
    } catch (err) {
      msg = alert('error', err.describe ? err.describe() : String(err.message || err));
    }
    clear(form);
    msg.setAttribute('tabindex', '-1');
    clear(message).append(msg);
    refresh();
    msg.focus();
  }

  function askReason() {
    if (form.querySelector('textarea')) return;
    const reden = textarea({ name: 'reden', rows: 2, maxlength: 400, 'aria-required': 'true' });
    const error = h('div');
    const go = button('Gekozen signalen afwijzen', () => {
      const text = reden.value.trim();
      if (!text) {
        clear(error).append(alert('error', 'Schrijf op waarom u de signalen afwijst.'));
        reden.setAttribute('aria-invalid', 'true');
        reden.focus();
        return;
      }
      act('afwijzen', text);
    }, 'primary-action', { 'data-actie': 'selectie-afwijzen-bevestigen' });
    form.append(field('Eén reden voor alle gekozen signalen', reden, { id: 'selectie-reden' }), error,
      h('div.utrecht-button-group', go, button('Annuleren', () => { clear(form); buttons.afwijzen.focus(); })));
    reden.focus();
  }

  buttons.bevestigen = button('Bevestigen', () => act('bevestigen'), 'secondary-action', { 'data-actie': 'selectie-bevestigen' });
  buttons.afronden = button('Afronden', () => act('afronden'), 'secondary-action', { 'data-actie': 'selectie-afronden' });
  buttons.afwijzen = button('Afwijzen…', askReason, 'secondary-action', { 'data-actie': 'selectie-afwijzen' });
  bar.append(h('div.utrecht-button-group', Object.values(buttons)), form, message);
  refresh();

  function checkbox(s) {
    if (!UNFINISHED.has(s.status)) return '–';
    const box = h('input.utrecht-checkbox.utrecht-checkbox--html-input', { type: 'checkbox', id: `kies-${s.id}`, 'data-test': 'kies' });
    box.addEventListener('change', () => {
      if (box.checked) chosen.set(s.id, box); else chosen.delete(s.id);
      refresh();
    });
    return h('span.sl-choose', box, h('label', { for: `kies-${s.id}` }, h('span.visually-hidden', `Kies signaal ${s.id}`)));
  }

  return { checkbox, bar };
}
