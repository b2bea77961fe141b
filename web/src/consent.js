// consent.js - the consent block for one address (the GUO flow, SPEC §3 "Toestemming"):
// what consent for "samenloop" means, its current state and history, and the buttons to
// give, confirm or withdraw it. Used by "Mijn woning" (the resident gives it at once) and
// by the dossier screen (staff record a signed form with its evidence; a colleague of the
// same organisation confirms it before it takes effect, decision 96).
//
//   import { consentBlock } from '../consent.js';
//   main.append(await consentBlock(id, { user: ctx.user }));
//
// The block loads its own data and redraws itself after every change, so a caller
// needs nothing but the address id and the logged-in user.

import { h, clear, heading, para, button, alert, field, textbox, select, table, formatDate, today } from './dom.js';
import { api } from './api.js';
import { setFieldError, showErrors, clearErrors } from './field_errors.js';

// The one purpose a resident gives consent for (decision 45).
export const DOEL = 'samenloop';

// Roles that may read and change consent (docs/api.md, "What each role sees").
const STAFF = ['zaakbegeleider', 'bewonersbegeleider', 'svip'];

const STATUS = {
  aangevraagd: 'Gevraagd, nog niet gegeven',
  wacht_op_bevestiging: 'Vastgelegd, wacht op bevestiging door een collega',
  gegeven: 'Gegeven',
  ingetrokken: 'Ingetrokken',
  afgewezen: 'Afgewezen bij beoordeling',
};

const KANAAL = {
  post: 'formulier per post',
  balie: 'formulier aan de balie',
  telefoon: 'formulier ingevuld aan de telefoon',
  digitaal: 'formulier digitaal (e-mail of upload)',
  mijn_woning: 'door de bewoner zelf, in Mijn woning',
};
// The channels staff choose from (mijn_woning is the resident's own).
const KANAAL_MEDEWERKER = ['post', 'balie', 'telefoon', 'digitaal'];

const sameAccount = (a, b) => String(a || '').toLowerCase() === String(b || '').toLowerCase();

let blockSeq = 0;

// The consent that is running now (requested or given, not withdrawn or rejected):
// the server keeps at most one per purpose, and it is the newest.
function running(items) {
  const mine = items.filter((t) => t.doel === DOEL).sort((a, b) => b.id - a.id);
  const last = mine[0];
  return last && ['gegeven', 'wacht_op_bevestiging', 'aangevraagd'].includes(last.status) ? last : null;
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
    'en de buddy\'s krijgen een signaal.'),
  para('U legt een getekend GUO-formulier vast met het kenmerk, hoe het binnenkwam en de datum van ',
    'ondertekening. De toestemming werkt pas als een collega van uw organisatie het formulier heeft ',
    'gecontroleerd en bevestigd (vier ogen).')];
}

// Renders the consent block for address `id`. opts: {user, level (heading level, 2),
// onChange (called after a give or withdraw, e.g. to reload a dossier), onItems
// (called with the consents each time they are read, so a caller need not ask again)}.
// Returns a <section>; roles without access to consent get a short note instead.
export async function consentBlock(id, { user, level = 2, onChange, onItems } = {}) {
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
      items = (await api.get('/toestemmingen', { nummeraanduidingId: id, perPagina: 500 })).items;
    } catch (err) {
      clear(body).append(alert('error', err.describe()));
      return;
    }
    clear(body);
    onItems?.(items);
    const now = running(items);
    body.append(stateLine(now, resident));
    body.append(actions(now));
    const history = items.filter((t) => t.doel === DOEL).sort((a, b) => b.id - a.id);
    if (history.length) {
      const columns = [
        { label: 'Status', cell: (t) => STATUS[t.status] || t.status },
        { label: 'Gegeven op', cell: (t) => formatDate(t.gegeven_op) },
        { label: 'Hoe', cell: (t) => (t.kanaal ? KANAAL[t.kanaal] || t.kanaal : '–') },
        { label: 'Ingetrokken op', cell: (t) => formatDate(t.ingetrokken_op) },
      ];
      if (!resident) {
        columns.splice(3, 0,
          { label: 'Kenmerk formulier', cell: (t) => t.formulier_kenmerk || '–' },
          { label: 'Vastgelegd door', cell: (t) => who(t.vastgelegd_door, t.vastgelegd_org) },
          { label: 'Bevestigd door', cell: (t) => (t.bevestigd_door ? who(t.bevestigd_door, t.vastgelegd_org) : '–') });
      }
      body.append(table(resident ? 'Eerdere keuzes over toestemming' : 'Geschiedenis van de toestemming',
        columns, history));
    }
    if (focusAfter) body.querySelector(focusAfter)?.focus();
  }

  function who(naam, org) {
    return org ? `${naam} (${org})` : naam || '–';
  }

  function stateLine(now, res) {
    if (now?.status === 'wacht_op_bevestiging') {
      if (res) {
        return para(h('strong', 'Uw getekende formulier is ontvangen'),
          ` (getekend op ${formatDate(now.gegeven_op)}). Een tweede medewerker controleert het nog. `,
          'Tot dan delen IMG en NCG niets op grond van uw toestemming.');
      }
      return para(h('strong', 'Toestemming vastgelegd, wacht op bevestiging'),
        `: formulier ${now.formulier_kenmerk || 'zonder kenmerk'}, ${KANAAL[now.kanaal] || now.kanaal}, `,
        `getekend op ${formatDate(now.gegeven_op)}, vastgelegd door ${who(now.vastgelegd_door, now.vastgelegd_org)}. `,
        `Tot een collega van ${now.vastgelegd_org || 'dezelfde organisatie'} bevestigt, wordt niets gedeeld.`);
    }
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

  function withdrawButton(wrap, now) {
    return button(resident ? 'Toestemming intrekken' : 'Intrekking vastleggen', () => confirmWithdraw(wrap, now),
      'secondary-action', { 'data-test': 'intrekken' });
  }

  function actions(now) {
    const wrap = h('div.sl-consent__actions');
    if (now?.status === 'gegeven' || (now?.status === 'wacht_op_bevestiging' && resident)) {
      wrap.append(h('div.utrecht-button-group', withdrawButton(wrap, now)));
      return wrap;
    }
    if (now?.status === 'wacht_op_bevestiging') {
      wrap.append(confirmPart(now), h('div.utrecht-button-group', withdrawButton(wrap, now)));
      return wrap;
    }
    if (resident) {
      wrap.append(h('div.utrecht-button-group',
        button('Ik geef toestemming', () => confirmGive(wrap), 'primary-action', { 'data-test': 'geven' })));
      return wrap;
    }
    wrap.append(recordForm());
    return wrap;
  }

  // Four eyes: a colleague of the organisation that recorded the form confirms it; the
  // one who recorded it (and the other organisation) is told who can.
  function confirmPart(now) {
    if (sameAccount(now.vastgelegd_door, user.naam)) {
      return para({ 'data-test': 'zelf-vastgelegd' },
        `U hebt deze toestemming zelf vastgelegd. Een collega van ${now.vastgelegd_org} moet het formulier controleren en bevestigen.`);
    }
    if (now.vastgelegd_org !== user.org) {
      return para(`Een collega van ${now.vastgelegd_org || 'de organisatie die haar vastlegde'} bevestigt deze toestemming.`);
    }
    const hintId = `toestemming-bevestig-uitleg-${seq}`;
    return h('div.sl-consent__confirm-four-eyes',
      para({ id: hintId }, `Controleer het getekende formulier (kenmerk ${now.formulier_kenmerk || '–'}) `,
        'voordat u bevestigt. Daarna kan de andere organisatie de gegevens zien.'),
      h('div.utrecht-button-group',
        button('Toestemming bevestigen', () => confirm(now), 'primary-action',
          { 'data-test': 'bevestigen', 'aria-describedby': hintId })));
  }

  // Staff record the consent the resident gave on the signed GUO form, with its evidence.
  function recordForm() {
    const inputs = {
      gegeven_op: textbox({ type: 'date', name: 'gegeven_op', value: today(), max: today() }),
      kanaal: select([['', 'Kies hoe het formulier binnenkwam'],
        ...KANAAL_MEDEWERKER.map((k) => [k, KANAAL[k][0].toUpperCase() + KANAAL[k].slice(1)])], { name: 'kanaal' }),
      formulier_kenmerk: textbox({ name: 'formulier_kenmerk', maxlength: 64, autocomplete: 'off' }),
    };
    const box = h('div', { 'aria-live': 'polite' });
    const form = h('form.sl-form.sl-consent__form', { novalidate: true },
      field('Datum van ondertekening', inputs.gegeven_op, { id: `toestemming-datum-${seq}` }),
      field('Hoe kwam het formulier binnen', inputs.kanaal, { id: `toestemming-kanaal-${seq}` }),
      field('Kenmerk van het getekende GUO-formulier', inputs.formulier_kenmerk, {
        id: `toestemming-kenmerk-${seq}`,
        description: 'Het nummer op het formulier of in het archief, bijvoorbeeld GUO-2026-0042.',
      }),
      h('div.utrecht-button-group',
        h('button.utrecht-button.utrecht-button--primary-action', { type: 'submit', 'data-test': 'geven' },
          'Toestemming vastleggen')),
      box);
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      clearErrors(inputs, box);
      const missing = [];
      if (!inputs.gegeven_op.value) missing.push(['gegeven_op', 'Vul de datum van ondertekening in.']);
      if (!inputs.kanaal.value) missing.push(['kanaal', 'Kies hoe het formulier binnenkwam.']);
      if (!inputs.formulier_kenmerk.value.trim()) missing.push(['formulier_kenmerk', 'Vul het kenmerk van het formulier in.']);
      if (missing.length) {
        for (const [k, t] of missing) setFieldError(inputs[k], t);
        inputs[missing[0][0]].focus();
        return;
      }
      try {
        await api.post('/toestemmingen', {
          nummeraanduiding_id: id, doel: DOEL, gegeven_op: inputs.gegeven_op.value,
          kanaal: inputs.kanaal.value, formulier_kenmerk: inputs.formulier_kenmerk.value.trim(),
        });
      } catch (err) {
        showErrors(err, inputs, box, describe);
        return;
      }
      clear(notice).append(alert('ok', 'De toestemming is vastgelegd. Een collega van uw organisatie moet haar nog bevestigen.'));
      await redraw('[data-test=intrekken]');
      onChange?.();
    });
    return form;
  }

  // A question in place (no modal: focus stays in the page and the question is read
  // out), with a yes and a no. parts: {question, detail, yes, no, onYes, onNo, test}.
  function ask(wrap, { question, detail, yes, no, onYes, onNo, test }) {
    const qid = `toestemming-vraag-${seq}`;
    const box = h('div.sl-consent__confirm', { role: 'group', 'aria-labelledby': qid },
      h('p.nl-paragraph', { id: qid, tabindex: '-1' }, h('strong', question), ' ', detail),
      h('div.utrecht-button-group',
        button(yes, onYes, 'primary-action', { 'data-test': `${test}-bevestigen` }),
        button(no, onNo, 'secondary-action', { 'data-test': `${test}-annuleren` })));
    clear(wrap).append(box);
    box.querySelector(`#${qid}`).focus();
  }

  // Withdrawing ends the other organisation's access at once, so it asks first.
  function confirmWithdraw(wrap, now) {
    ask(wrap, {
      question: resident ? 'Weet u zeker dat u uw toestemming wilt intrekken?' : 'Intrekking vastleggen?',
      detail: resident
        ? 'IMG en NCG mogen dan geen gegevens over dit huis meer met elkaar delen op basis van uw toestemming. Uw begeleiders krijgen daar bericht van.'
        : 'De andere organisatie verliest direct de toegang op basis van toestemming; de buddy\'s krijgen een signaal.',
      yes: resident ? 'Ja, trek mijn toestemming in' : 'Ja, intrekking vastleggen',
      no: resident ? 'Nee, niet intrekken' : 'Annuleren',
      onYes: () => withdraw(now),
      onNo: () => redraw('[data-test=intrekken]'),
      test: 'intrekken',
    });
  }

  // Giving opens the other organisation's view at once, so the resident is asked
  // too, as for withdrawing: one click is not a considered choice (issue 17).
  function confirmGive(wrap) {
    ask(wrap, {
      question: 'Wilt u toestemming geven?',
      detail: 'Dan mogen IMG en NCG de gegevens over dit huis met elkaar delen die ze nodig hebben om uw schade '
        + 'en de versterking op elkaar af te stemmen. Dat gaat meteen in. U kunt uw toestemming altijd weer intrekken.',
      yes: 'Ja, ik geef toestemming',
      no: 'Nee, nu niet',
      onYes: () => giveOwn(),
      onNo: () => redraw('[data-test=geven]'),
      test: 'geven',
    });
  }

  // The resident gives consent here, in Mijn woning: it takes effect at once.
  async function giveOwn() {
    clear(notice);
    try {
      await api.post('/toestemmingen', { nummeraanduiding_id: id, doel: DOEL, gegeven_op: today() });
      notice.append(alert('ok', 'Dank u. Uw toestemming is vastgelegd.'));
    } catch (err) {
      notice.append(alert('error', describe(err)));
    }
    await redraw('[data-test=intrekken]');
    onChange?.();
  }

  async function confirm(now) {
    clear(notice);
    try {
      await api.post(`/toestemmingen/${now.id}/bevestiging`, undefined, { ifMatch: `"${now.versie}"` });
      notice.append(alert('ok', 'De toestemming is bevestigd en werkt nu.'));
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
    if (err.status === 403) return err.detail || err.describe();
    if (err.status === 409 || err.status === 412) {
      return 'De toestemming is intussen gewijzigd. Hieronder ziet u hoe het nu is.';
    }
    return err.describe();
  }

  await redraw();
  return section;
}
