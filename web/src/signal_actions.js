// signal_actions.js - what a case worker can do with a signal (acknowledge, finish,
// dismiss with a reason), shared by the work queue and the dossier, and how a
// signal's state and due date are shown (overdue in words and a mark, not by colour).

import { h, button, submit, field, textarea, alert, clear, formatDate, today } from './dom.js';
import { api } from './api.js';
import { SIGNAAL_STATUS, REGELS } from './labels.js';

const UNFINISHED = new Set(['open', 'bevestigd']);

// Overdue: the due date has passed and nobody finished or dismissed the signal.
export function isOverdue(s, day = today()) {
  return Boolean(s.vervalt_op) && s.vervalt_op < day && UNFINISHED.has(s.status);
}

export function ruleName(s) {
  return REGELS[s.regel] ? `${s.regel}. ${REGELS[s.regel]}` : `Regel ${s.regel}`;
}

// The rule, its text as the server composed it for this reader, and, when the text is
// the neutral form, why the rest is withheld (no basis to share the other body's facts).
export function signalText(s, cls = 'p.nl-paragraph') {
  return h('div.sl-signal', h('strong', ruleName(s)), h(`${cls}`, s.tekst),
    s.weerhouden
      ? h('p.nl-paragraph.sl-signal__withheld', { 'data-test': 'signaal-weerhouden' },
        `Afgeschermd: ${s.weerhouden}`)
      : null);
}

// The state as a badge, with who changed it last and the reason of a dismissal.
export function signalStatus(s) {
  return h('span.sl-signal-status',
    h('span.sl-badge', { 'data-test': 'signaal-status' }, SIGNAAL_STATUS[s.status] || s.status),
    s.gewijzigd_door ? h('span.sl-signal-status__by', ` door ${s.gewijzigd_door_naam || s.gewijzigd_door}`) : null,
    s.reden ? h('span.sl-signal-status__reason', ` — reden: ${s.reden}`) : null);
}

// The due date; an overdue one says "Verlopen" in text and carries a mark.
export function dueDate(s) {
  if (!s.vervalt_op) return '–';
  if (!isOverdue(s)) return formatDate(s.vervalt_op);
  return h('span.sl-overdue', { 'data-test': 'verlopen' },
    h('span.sl-overdue__mark', { 'aria-hidden': 'true' }, '!'),
    h('span.sl-badge.sl-badge--overdue', 'Verlopen'),
    ` ${formatDate(s.vervalt_op)}`);
}

const DONE_TEXT = {
  bevestigd: 'Het signaal is bevestigd: u pakt het op.',
  afgerond: 'Het signaal is afgerond.',
  afgewezen: 'Het signaal is afgewezen.',
};

function problemText(err) {
  if (err.status === 409) {
    return 'Dit signaal is intussen al behandeld, misschien door een collega. Laad de pagina opnieuw om de huidige stand te zien.';
  }
  if (err.status === 404) return 'Dit signaal is er niet meer, of is niet aan u gericht.';
  return err.describe ? err.describe() : String(err.message || err);
}

// The buttons for one signal, or nothing when it is finished. `onChange(signal)` gets
// the signal as the server returned it after an action; the block then redraws
// itself for the new state and puts focus on its message, so keyboard and screen
// reader users hear what happened and do not lose their place.
export function signalActions(signal, { onChange = () => {} } = {}) {
  const box = h('div.sl-signal-actions', { 'data-test': `signaal-acties-${signal.id}` });
  const who = ` signaal ${signal.id}`; // makes each button's name unique in a list

  function draw(s, message) {
    clear(box);
    if (message) box.append(message);
    if (!UNFINISHED.has(s.status)) return;
    const buttons = h('div.utrecht-button-group');
    if (s.status === 'open') {
      buttons.append(button(['Bevestigen', h('span.visually-hidden', who)],
        () => act(s, 'bevestiging'), 'secondary-action', { 'data-actie': 'bevestigen' }));
    }
    buttons.append(button(['Afronden', h('span.visually-hidden', who)],
      () => act(s, 'afronding'), 'secondary-action', { 'data-actie': 'afronden' }));
    const dismiss = button(['Afwijzen…', h('span.visually-hidden', who)],
      () => dismissForm(s, dismiss), 'secondary-action', { 'data-actie': 'afwijzen', 'aria-expanded': 'false' });
    buttons.append(dismiss);
    box.append(buttons);
  }

  function announce(kind, text) {
    const msg = alert(kind, text);
    msg.setAttribute('tabindex', '-1');
    return msg;
  }

  async function act(s, action, body) {
    for (const b of box.querySelectorAll('button')) b.disabled = true;
    try {
      const updated = await api.post(`/signalen/${s.id}/${action}`, body);
      const msg = announce('ok', DONE_TEXT[updated.status] || 'Opgeslagen.');
      draw(updated, msg);
      onChange(updated);
      msg.focus();
    } catch (err) {
      const msg = announce('error', problemText(err));
      draw(s, msg);
      msg.focus();
    }
  }

  function dismissForm(s, opener) {
    if (box.querySelector('form')) return;
    opener.setAttribute('aria-expanded', 'true');
    const reden = textarea({ name: 'reden', rows: 3, maxlength: 400, 'aria-required': 'true' });
    const error = h('div.sl-signal-actions__error');
    // our own check and message rather than the browser's bubble, which screen readers miss
    const form = h('form.sl-form.sl-dismiss', { novalidate: true, 'aria-label': `Signaal ${s.id} afwijzen` },
      field('Reden van afwijzen', reden, {
        id: `reden-${s.id}`,
        description: 'Verplicht. Bijvoorbeeld: al besproken met de buddy, of de bewoner wil geen samenwerking.',
      }),
      error,
      h('div.utrecht-button-group',
        submit('Afwijzen', 'primary-action', { 'data-actie': 'afwijzen-bevestigen' }),
        button('Annuleren', () => {
          form.remove();
          opener.setAttribute('aria-expanded', 'false');
          opener.focus();
        }, 'secondary-action', { 'data-actie': 'annuleren' })));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const text = reden.value.trim();
      if (!text) {
        clear(error).append(alert('error', 'Schrijf op waarom u het signaal afwijst.'));
        reden.setAttribute('aria-invalid', 'true');
        reden.focus();
        return;
      }
      act(s, 'afwijzing', { reden: text });
    });
    box.append(form);
    reden.focus();
  }

  draw(signal);
  return box;
}
