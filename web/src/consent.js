// consent.js - the consent block for one address (the GUO flow, SPEC §3 "Toestemming"):
// what consent for "samenloop" means, its current state and history, and the buttons to
// give or withdraw it. Used by "Mijn woning" (the resident) and by the dossier screen
// (case workers recording a signed form or a withdrawal).
//
//   import { consentBlock } from '../consent.js';
//   main.append(await consentBlock(id, { user: ctx.user }));
//
// The block loads its own data and redraws itself after every change, so a caller
// needs nothing but the address id and the logged-in user.

import { h, clear, heading, para, button, alert, field, textbox, table, formatDate, today } from './dom.js';
import { api } from './api.js';

// The one purpose a resident gives consent for (decision 45).
export const DOEL = 'samenloop';

// Roles that may read and change consent (docs/api.md, "What each role sees").
const STAFF = ['zaakbegeleider', 'bewonersbegeleider', 'svip'];

const STATUS = {
  aangevraagd: 'Gevraagd, nog niet gegeven',
  gegeven: 'Gegeven',
  ingetrokken: 'Ingetrokken',
  afgewezen: 'Afgewezen bij beoordeling',
};

const KANAAL = {
  formulier: 'getekend formulier',
  digitaal: 'digitaal',
  telefonisch: 'telefonisch',
  balie: 'aan de balie',
};

let blockSeq = 0;

// The consent that is running now (requested or given, not withdrawn or rejected):
// the server keeps at most one per purpose, and it is the newest.
function running(items) {
  const mine = items.filter((t) => t.doel === DOEL).sort((a, b) => b.id - a.id);
  const last = mine[0];
  return last && (last.status === 'gegeven' || last.status === 'aangevraagd') ? last : null;
}

function explanation(resident) {
  if (resident) {
    return [
      para('IMG (voor schade) en NCG (voor versterking) zijn twee aparte organisaties. ',
        'Als u toestemming geeft, mogen zij de gegevens over dit huis met elkaar delen die ze nodig hebben ',
        'om uw schade en de versterking op elkaar af te stemmen. Bijvoorbeeld: hoe ver uw zaak is, ',
        'de datums en wie uw begeleider is. Bedragen en medische gegevens delen zij niet zomaar.'),
      para('U kunt uw toestemming altijd weer intrekken. Dan stopt het delen op basis van uw toestemming meteen. ',
        'Soms mogen IMG en NCG ook zonder uw toestemming gegevens delen, omdat de wet dat regelt. ',
        'Hieronder, bij "Wie heeft mijn gegevens bekeken", ziet u altijd waarom en op welke grond.'),
    ];
  }
  return [para('Toestemming voor het doel "samenloop": IMG en NCG mogen dan de gegevens van dit adres delen die ',
    'nodig zijn om schade en versterking af te stemmen (fase, datums, contact van de buddy). ',
    'Zonder wettelijke grondslag is dit de enige grond voor delen. Intrekken stopt de toegang direct ',
    'en de buddy\'s krijgen een signaal.')];
}

// Renders the consent block for address `id`. opts: {user, level (heading level, 2),
// onChange (called after a give or withdraw, e.g. to reload a dossier)}.
// Returns a <section>; roles without access to consent get a short note instead.
export async function consentBlock(id, { user, level = 2, onChange } = {}) {
  const seq = ++blockSeq;
  const headingId = `toestemming-kop-${seq}`;
  const section = h('section.sl-consent', { 'aria-labelledby': headingId, 'data-test': 'toestemming' });
  const resident = user?.rol === 'bewoner';
  if (!resident && !STAFF.includes(user?.rol)) {
    section.append(heading(level, 'Toestemming', { id: headingId }),
      para('Toestemmingen zijn alleen te zien voor de bewoner, de zaak- en bewonersbegeleiders en het SVIP.'));
    return section;
  }
  // Announced region for the outcome of an action; it survives redraws.
  const notice = h('div.sl-consent__notice', { 'aria-live': 'polite' });
  const body = h('div.sl-consent__body');
  section.append(heading(level, resident ? 'Mijn toestemming' : 'Toestemming', { id: headingId }),
    ...explanation(resident), notice, body);

  async function redraw(focusAfter) {
    let items;
    try {
      items = (await api.get('/toestemmingen', { nummeraanduiding_id: id, per_pagina: 500 })).items;
    } catch (err) {
      clear(body).append(alert('error', err.describe()));
      return;
    }
    clear(body);
    const now = running(items);
    body.append(stateLine(now, resident));
    body.append(actions(now));
    const history = items.filter((t) => t.doel === DOEL).sort((a, b) => b.id - a.id);
    if (history.length) {
      body.append(table(resident ? 'Eerdere keuzes over toestemming' : 'Geschiedenis van de toestemming', [
        { label: 'Status', cell: (t) => STATUS[t.status] || t.status },
        { label: 'Gegeven op', cell: (t) => formatDate(t.gegeven_op) },
        { label: 'Hoe', cell: (t) => (t.kanaal ? KANAAL[t.kanaal] || t.kanaal : '–') },
        { label: 'Ingetrokken op', cell: (t) => formatDate(t.ingetrokken_op) },
      ], history));
    }
    if (focusAfter) body.querySelector(focusAfter)?.focus();
  }

  function stateLine(now, res) {
    if (now?.status === 'gegeven') {
      return para(h('strong', res ? 'U hebt toestemming gegeven' : 'Toestemming gegeven'),
        ` op ${formatDate(now.gegeven_op)}.`);
    }
    if (now?.status === 'aangevraagd') {
      return para(h('strong', res ? 'U bent om toestemming gevraagd' : 'Toestemming gevraagd'),
        ` op ${formatDate(now.aangevraagd_op)}; ${res ? 'u hebt nog niet gekozen' : 'nog niet gegeven'}.`);
    }
    return para(h('strong', res ? 'U hebt nu geen toestemming gegeven.' : 'Er is nu geen toestemming.'));
  }

  function actions(now) {
    const wrap = h('div.sl-consent__actions');
    if (now?.status === 'gegeven') {
      wrap.append(h('div.utrecht-button-group',
        button(resident ? 'Toestemming intrekken' : 'Intrekking vastleggen', () => confirmWithdraw(wrap, now),
          'secondary-action', { 'data-test': 'intrekken' })));
      return wrap;
    }
    if (resident) {
      wrap.append(h('div.utrecht-button-group',
        button('Ik geef toestemming', () => give(today(), 'digitaal'), 'primary-action', { 'data-test': 'geven' })));
      return wrap;
    }
    // A case worker records a consent the resident gave on the signed GUO form.
    const datum = textbox({ type: 'date', name: 'gegeven_op', value: today(), max: today() });
    const form = h('form.sl-form.sl-consent__form', { novalidate: true },
      field('Datum van het getekende formulier', datum, { id: `toestemming-datum-${seq}` }),
      h('div.utrecht-button-group',
        h('button.utrecht-button.utrecht-button--primary-action', { type: 'submit', 'data-test': 'geven' },
          'Toestemming vastleggen')));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      give(datum.value, 'formulier');
    });
    wrap.append(form);
    return wrap;
  }

  // Withdrawing ends the other organisation's access at once, so it asks first, in
  // place (no modal: focus stays in the page and the question is read out).
  function confirmWithdraw(wrap, now) {
    const qid = `toestemming-vraag-${seq}`;
    const box = h('div.sl-consent__confirm', { role: 'group', 'aria-labelledby': qid },
      h('p.nl-paragraph', { id: qid, tabindex: '-1' },
        h('strong', resident ? 'Weet u zeker dat u uw toestemming wilt intrekken?' : 'Intrekking vastleggen?'),
        ' ', resident
          ? 'IMG en NCG mogen dan geen gegevens over dit huis meer met elkaar delen op basis van uw toestemming. Uw begeleiders krijgen daar bericht van.'
          : 'De andere organisatie verliest direct de toegang op basis van toestemming; de buddy\'s krijgen een signaal.'),
      h('div.utrecht-button-group',
        button(resident ? 'Ja, trek mijn toestemming in' : 'Ja, intrekking vastleggen', () => withdraw(now),
          'primary-action', { 'data-test': 'intrekken-bevestigen' }),
        button(resident ? 'Nee, niet intrekken' : 'Annuleren', () => redraw('[data-test=intrekken]'),
          'secondary-action', { 'data-test': 'intrekken-annuleren' })));
    clear(wrap).append(box);
    box.querySelector(`#${qid}`).focus();
  }

  async function give(datum, kanaal) {
    clear(notice);
    try {
      await api.post('/toestemmingen', { nummeraanduiding_id: id, doel: DOEL, gegeven_op: datum, kanaal });
      notice.append(alert('ok', resident ? 'Dank u. Uw toestemming is vastgelegd.' : 'De toestemming is vastgelegd.'));
    } catch (err) {
      notice.append(alert('error', describe(err)));
    }
    await redraw('[data-test=intrekken]');
    onChange?.();
  }

  async function withdraw(now) {
    clear(notice);
    try {
      await api.post(`/toestemmingen/${now.id}/intrekking`, { ingetrokken_op: today() }, { ifMatch: `"${now.versie}"` });
      notice.append(alert('ok', resident ? 'Uw toestemming is ingetrokken.' : 'De intrekking is vastgelegd.'));
    } catch (err) {
      notice.append(alert('error', describe(err)));
    }
    await redraw('[data-test=geven]');
    onChange?.();
  }

  function describe(err) {
    if (err.status === 409 || err.status === 412) {
      return 'De toestemming is intussen gewijzigd. Hieronder ziet u hoe het nu is.';
    }
    return err.describe();
  }

  await redraw();
  return section;
}
