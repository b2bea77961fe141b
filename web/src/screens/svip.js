// svip.js - the SVIP desk (issue #5, item 6): register an information request for an
// address, answer the other organisation's open requests, and the log of all requests
// with the counts per type (the seeds' top three: status exchange, linking staff,
// acceleration; SPEC §6).
//
// The log's filters and page live in the URL (?status=&type=&pagina=), so the back
// button and a bookmark work. Registering and answering redraw only the parts that
// change, so the keyboard stays where the user was.

import { h, clear, heading, para, field, textbox, select, textarea, submit, alert, table, link, button, formatAddress, formatDate, formatNumber } from '../dom.js';
import { api, allPages } from '../api.js';
import { plural, label, VERZOEK_TYPEN, VERZOEK_STATUS, DOELEN, GRONDSLAG } from '../labels.js';
import { setFieldError, showErrors, clearErrors } from '../field_errors.js';
import { withheldAnswer } from '../verzoek_answer.js';

// The request kinds, purposes and states the desk chooses from, in this order; their
// words are the vocabulary's (labels.js).
const TYPEN = ['statusuitwisseling', 'medewerkers_koppelen', 'versnelling', 'anders'];

// The three most frequent request types in the SVIP's evaluation (seed: 500 requests
// by mid-2020, "de top drie verzoeken").
const TOP_DRIE = ['statusuitwisseling', 'medewerkers_koppelen', 'versnelling'];

// Purposes an SVIP employee works for (core/sharing.c, role_doelen).
const SVIP_DOELEN = ['svip_verzoek', 'statusuitwisseling', 'samenloop'];

const STATUSSEN = ['open', 'beantwoord'];

const opties = (codes, woorden) => codes.map((c) => [c, label(woorden, c)]);
const typeNaam = (code) => label(VERZOEK_TYPEN, code);
const grondslag = (code, zonder) => (code ? label(GRONDSLAG, code) : zonder);

const PER_PAGINA = 20;

function orgOf(v) {
  return v.org === 'IMG' ? 'IMG' : v.org === 'NCG' ? 'NCG' : v.org || '–';
}

// ---- counts per type ----------------------------------------------------------------

async function renderCounts(box) {
  let t;
  try {
    t = await api.get('/verzoeken/tellingen');
  } catch (err) {
    clear(box).append(alert('error', err.describe()));
    return;
  }
  // a hidden count (management's aggregate) is {onderdrukt: true, onder: N}
  const n = (x) => (typeof x === 'number' ? formatNumber(x) : `minder dan ${x?.onder ?? 10}`);
  clear(box).append(
    table('Aantal verzoeken per type', [
      {
        label: 'Type',
        cell: (r) => [typeNaam(r.type),
          TOP_DRIE.includes(r.type) ? [' ', h('span.sl-badge.sl-badge--top', `top ${TOP_DRIE.indexOf(r.type) + 1}`)] : null],
      },
      { label: 'Open', numeric: true, cell: (r) => n(r.open) },
      { label: 'Beantwoord', numeric: true, cell: (r) => n(r.beantwoord) },
      { label: 'Totaal', numeric: true, cell: (r) => n(r.totaal) },
    ], t.per_type || []),
    para(`In totaal ${plural(t.totaal, 'verzoek', 'verzoeken')}: ${n(t.per_status?.open)} open en ${n(t.per_status?.beantwoord)} beantwoord. `,
      'De top drie is die uit de evaluatie van het SVIP (500 verzoeken tot medio 2020): ',
      'status uitwisselen, medewerkers koppelen en versnellen.'));
}

// ---- registering a request ----------------------------------------------------------

function requestForm(onDone) {
  const box = h('div', { 'aria-live': 'polite' });
  const adres = {
    postcode: textbox({ name: 'postcode', autocomplete: 'off', class: 'utrecht-textbox--postal-code-nl-size' }),
    huisnummer: textbox({ name: 'huisnummer', inputmode: 'numeric', class: 'utrecht-textbox--house-number-size' }),
    huisletter: textbox({ name: 'huisletter', class: 'utrecht-textbox--house-letter-size' }),
    toevoeging: textbox({ name: 'toevoeging', class: 'utrecht-textbox--house-addition-size' }),
  };
  const findForm = h('form.sl-form', { novalidate: true, 'aria-labelledby': 'svip-stap1' },
    h('h3.nl-heading.nl-heading--level-3', { id: 'svip-stap1' }, 'Stap 1: het adres'),
    h('div.sl-row',
      field('Postcode', adres.postcode, { id: 'svip-postcode', description: 'Bijvoorbeeld 9712 AB' }),
      field('Huisnummer', adres.huisnummer, { id: 'svip-huisnummer' }),
      field('Huisletter', adres.huisletter, { id: 'svip-huisletter', description: 'Niet verplicht' }),
      field('Toevoeging', adres.toevoeging, { id: 'svip-toevoeging', description: 'Niet verplicht' })),
    h('div.utrecht-button-group', submit('Adres zoeken', 'secondary-action', { 'data-test': 'adres-zoeken' })));
  const findBox = h('div', { 'aria-live': 'polite' });
  const step2 = h('div.sl-svip-step2');

  findForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(adres, findBox);
    clear(step2);
    const q = Object.fromEntries(Object.entries(adres).map(([k, el]) => [k, el.value.trim()]));
    let missing = false;
    if (!q.postcode) { setFieldError(adres.postcode, 'Vul de postcode in.'); missing = true; }
    if (!q.huisnummer) { setFieldError(adres.huisnummer, 'Vul het huisnummer in.'); missing = true; }
    if (missing) {
      (q.postcode ? adres.huisnummer : adres.postcode).focus();
      return;
    }
    try {
      const page = await api.get('/adressen', { ...q, postcode: q.postcode.replace(/\s+/g, '').toUpperCase() });
      if (!page.items.length) {
        findBox.append(alert('warning', 'Geen adres gevonden. Controleer de postcode en het huisnummer.'));
        return;
      }
      chooseAddress(page.items);
    } catch (err) {
      showErrors(err, adres, findBox, (x) => x.describe());
    }
  });

  // One address: take it. Several (house letters, additions): let the user choose.
  function chooseAddress(items) {
    if (items.length === 1) {
      details(items[0]);
      return;
    }
    const legendId = 'svip-kies-adres';
    const fs = h('fieldset.utrecht-form-fieldset.utrecht-form-fieldset--html-fieldset',
      h('legend.utrecht-form-fieldset__legend.utrecht-form-fieldset__legend--html-legend', { id: legendId },
        `${items.length} adressen gevonden. Kies het adres.`),
      items.map((a, i) => h('div.utrecht-form-field.utrecht-form-field--radio',
        h('input.utrecht-radio-button.utrecht-radio-button--html-input', {
          type: 'radio', name: 'svip-adres', id: `svip-adres-${i}`, value: a.nummeraanduiding_id,
          onchange: () => details(a, fs),
        }),
        h('label.utrecht-form-label.utrecht-form-label--radio-button', { for: `svip-adres-${i}` }, formatAddress(a)))));
    clear(step2).append(fs);
    fs.querySelector('input').focus();
  }

  function details(a, keep) {
    clear(step2);
    if (keep) step2.append(keep);
    const inputs = {
      type: select([['', 'Kies een type'], ...opties(TYPEN, VERZOEK_TYPEN)], { name: 'type' }),
      doel: select([['', 'Kies een doel'], ...opties(SVIP_DOELEN, DOELEN)], { name: 'doel', value: 'svip_verzoek' }),
      vraag: textarea({ name: 'vraag', rows: 4, maxlength: 2000 }),
    };
    const form = h('form.sl-form', { novalidate: true, 'aria-labelledby': 'svip-stap2', 'data-test': 'verzoek-formulier' },
      h('h3.nl-heading.nl-heading--level-3', { id: 'svip-stap2' }, 'Stap 2: het verzoek'),
      para('Adres: ', h('strong', { 'data-test': 'gekozen-adres' }, formatAddress(a))),
      field('Type verzoek', inputs.type, {
        id: 'svip-type',
        description: 'Status uitwisselen, medewerkers koppelen of versnellen komen het meest voor.',
      }),
      field('Doel', inputs.doel, {
        id: 'svip-doel',
        description: 'Waarvoor de andere organisatie gegevens deelt. Het doel bepaalt welke gegevens zij mag laten zien.',
      }),
      field('Vraag', inputs.vraag, { id: 'svip-vraag', description: 'Wat wilt u weten of regelen? Zet hier geen medische of financiële gegevens in.' }),
      h('div.utrecht-button-group', submit('Verzoek vastleggen', 'primary-action', { 'data-test': 'verzoek-vastleggen' })));
    const typeHelp = para({ class: 'sl-svip-help', 'aria-live': 'polite' });
    inputs.type.addEventListener('change', () => { typeHelp.textContent = VERZOEK_TYPEN[inputs.type.value]?.uitleg || ''; });
    inputs.type.closest('.utrecht-form-field').after(typeHelp);

    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      clearErrors(inputs, box);
      const missing = [];
      if (!inputs.type.value) missing.push(['type', 'Kies het type verzoek.']);
      if (!inputs.doel.value) missing.push(['doel', 'Kies het doel.']);
      if (!inputs.vraag.value.trim()) missing.push(['vraag', 'Schrijf de vraag op.']);
      if (missing.length) {
        for (const [k, t] of missing) setFieldError(inputs[k], t);
        inputs[missing[0][0]].focus();
        return;
      }
      const btn = form.querySelector('button[type=submit]');
      btn.disabled = true;
      try {
        const v = await api.post('/verzoeken', {
          nummeraanduiding_id: a.nummeraanduiding_id,
          type: inputs.type.value,
          doel: inputs.doel.value,
          vraag: inputs.vraag.value.trim(),
        });
        clear(step2);
        for (const el of Object.values(adres)) el.value = '';
        box.append(alert('ok', `Verzoek ${v.id} is vastgelegd voor ${formatAddress(a)}. `,
          `Grondslag: ${label(GRONDSLAG, v.grondslag)}.`));
        box.querySelector('.utrecht-alert').setAttribute('tabindex', '-1');
        box.querySelector('.utrecht-alert').focus();
        await onDone();
      } catch (err) {
        btn.disabled = false;
        // 422: no basis; the server says why and how to get one (the resident's consent)
        showErrors(err, inputs, box, (x) => (x.status === 404
          ? 'Dit adres is niet (meer) te vinden. Zoek het adres opnieuw.'
          : x.status === 422 ? `Niet vastgelegd. ${x.detail}` : x.describe()));
      }
    });
    step2.append(form);
    inputs.type.focus();
  }

  return h('div', findForm, findBox, step2, box);
}

// ---- answering ----------------------------------------------------------------------

function answerCard(v, onDone) {
  const answer = textarea({ name: 'antwoord', rows: 3, maxlength: 4000 });
  const box = h('div', { 'aria-live': 'polite' });
  const kop = `verzoek-${v.id}-kop`;
  const form = h('form.sl-form', { novalidate: true },
    field('Antwoord', answer, { id: `antwoord-${v.id}` }),
    h('div.utrecht-button-group', submit('Antwoord versturen', 'primary-action', { 'data-test': `beantwoord-${v.id}` })));
  const card = h('li.sl-card.sl-svip-request', { 'aria-labelledby': kop, 'data-test': `verzoek-${v.id}` },
    h('h3.nl-heading.nl-heading--level-3', { id: kop },
      `Verzoek ${v.id}: ${typeNaam(v.type)}`),
    para(`Van ${orgOf(v)} (${v.aanvrager}), ${formatDate(v.ingediend_op)}. Adres: `,
      link(`/adressen/${v.nummeraanduiding_id}`, `dossier ${v.nummeraanduiding_id}`), '.'),
    para(`Doel: ${label(DOELEN, v.doel)}. Grondslag: ${grondslag(v.grondslag, 'geen — deel geen gegevens')}.`),
    h('blockquote.sl-svip-question', v.vraag),
    form, box);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const inputs = { antwoord: answer };
    clearErrors(inputs, box);
    if (!answer.value.trim()) {
      setFieldError(answer, 'Schrijf het antwoord op.');
      answer.focus();
      return;
    }
    try {
      await api.post(`/verzoeken/${v.id}/antwoord`, { antwoord: answer.value.trim() }, { ifMatch: `"${v.versie}"` });
      await onDone(`Verzoek ${v.id} is beantwoord.`);
    } catch (err) {
      showErrors(err, inputs, box, (x) => (x.status === 409 || x.status === 412
        ? 'Dit verzoek is intussen al beantwoord of gewijzigd. Laad de pagina opnieuw.'
          : x.status === 422 ? `Niet verstuurd. ${x.detail}` : x.describe()));
    }
  });
  return card;
}

async function renderOpen(box, user, onDone) {
  let items;
  try {
    // The other organisation's open requests are this desk's to answer.
    items = (await allPages('/verzoeken', { status: 'open' }, 1000)).items.filter((v) => v.org !== user.org);
  } catch (err) {
    clear(box).append(alert('error', err.describe()));
    return;
  }
  clear(box);
  if (!items.length) {
    box.append(para('Er zijn geen open verzoeken voor u.'));
    return;
  }
  box.append(para(items.length === 1 ? 'Er is 1 open verzoek voor u.' : `Er zijn ${items.length} open verzoeken voor u. De oudste staan bovenaan.`));
  items.sort((a, b) => a.id - b.id);
  box.append(h('ul.sl-svip-requests', items.slice(0, 25).map((v) => answerCard(v, onDone))));
  if (items.length > 25) box.append(para('De eerste 25 staan hierboven. Beantwoord die eerst; daarna ziet u de volgende.'));
}

// ---- the log ------------------------------------------------------------------------

function filterForm(query, ctx) {
  const status = select([['', 'Alle'], ...opties(STATUSSEN, VERZOEK_STATUS)], { name: 'status', value: query.get('status') || '' });
  const type = select([['', 'Alle'], ...opties(TYPEN, VERZOEK_TYPEN)], { name: 'type', value: query.get('type') || '' });
  const form = h('form.sl-form', { 'aria-label': 'Filter het logboek' },
    h('div.sl-row',
      field('Status', status, { id: 'filter-status' }),
      field('Type', type, { id: 'filter-type' })),
    h('div.utrecht-button-group', submit('Filter toepassen', 'secondary-action', { 'data-test': 'filter' })));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const q = new URLSearchParams();
    if (status.value) q.set('status', status.value);
    if (type.value) q.set('type', type.value);
    ctx.navigate(`/svip${q.size ? `?${q}` : ''}#logboek`);
  });
  return form;
}

function pageUrl(query, pagina) {
  const q = new URLSearchParams(query);
  q.delete('pagina');
  if (pagina > 1) q.set('pagina', String(pagina));
  const s = q.toString();
  return `/svip${s ? `?${s}` : ''}`;
}

async function renderLog(box, query) {
  const pagina = Math.max(1, Number.parseInt(query.get('pagina') || '1', 10) || 1);
  const params = { pagina, perPagina: PER_PAGINA };
  for (const k of ['status', 'type']) if (query.get(k)) params[k] = query.get(k);
  let page;
  try {
    page = await api.get('/verzoeken', params);
  } catch (err) {
    clear(box).append(alert('error', err.describe()));
    return;
  }
  const pages = Math.max(1, Math.ceil(page.totaal / PER_PAGINA));
  clear(box).append(
    para({ 'data-test': 'logboek-totaal' }, plural(page.totaal, 'verzoek', 'verzoeken'),
      pages > 1 ? `, pagina ${pagina} van ${pages}` : '', '.'),
    // six columns, each request's facts grouped, so the log fits a laptop's screen
    table(null, [
      {
        label: 'Verzoek',
        cell: (v) => [h('strong', `Nr. ${v.id}: ${typeNaam(v.type)}`), h('br'),
          h('span.sl-muted', `${formatDate(v.ingediend_op)}, door ${orgOf(v)} (${v.aanvrager})`)],
      },
      { label: 'Adres', cell: (v) => link(`/adressen/${v.nummeraanduiding_id}`, v.adres ? formatAddress(v.adres) : v.nummeraanduiding_id) },
      {
        label: 'Doel en grondslag',
        cell: (v) => [label(DOELEN, v.doel), h('br'),
          h('span.sl-muted', `Grondslag: ${grondslag(v.grondslag, 'geen')}`)],
      },
      { label: 'Vraag', cell: (v) => v.vraag },
      { label: 'Status', cell: (v) => label(VERZOEK_STATUS, v.status) },
      {
        label: 'Antwoord',
        cell: (v) => withheldAnswer(v) || (v.antwoord ? [v.antwoord, h('br'), h('span.sl-muted', `${v.beantwoord_door}, ${formatDate(v.beantwoord_op)}`)] : '–'),
      },
    ], page.items, { empty: 'Geen verzoeken gevonden.' }));
  if (pages > 1) {
    box.append(h('nav.sl-pager', { 'aria-label': 'Pagina\'s van het logboek' },
      pagina > 1 ? link(pageUrl(query, pagina - 1), 'Vorige pagina', { rel: 'prev' }) : null,
      pagina < pages ? link(pageUrl(query, pagina + 1), 'Volgende pagina', { rel: 'next' }) : null));
  }
}

export default async function svip(main, ctx) {
  const { query, user } = ctx;
  const counts = h('div');
  const open = h('div');
  const log = h('div');
  const notice = h('div', { 'aria-live': 'polite' });

  const refresh = async () => {
    await Promise.all([renderCounts(counts), renderOpen(open, user, answered), renderLog(log, query)]);
  };
  async function answered(text) {
    clear(notice).append(alert('ok', text));
    await refresh();
    notice.querySelector('.utrecht-alert')?.setAttribute('tabindex', '-1');
    notice.querySelector('.utrecht-alert')?.focus();
  }

  main.append(heading(1, 'Informatieverzoeken (SVIP)'),
    para(`U werkt voor het SVIP van ${user.org || 'IMG of NCG'}. Leg verzoeken van uw organisatie vast, `,
      'beantwoord de verzoeken van de andere organisatie, en zie alle verzoeken in het logboek. ',
      'Elke keer dat u een dossier bekijkt, wordt dat vastgelegd.'),
    h('section.sl-svip-section', { 'aria-labelledby': 'svip-tellingen' },
      heading(2, 'Verzoeken per type', { id: 'svip-tellingen' }), counts),
    h('section.sl-svip-section', { 'aria-labelledby': 'svip-nieuw' },
      heading(2, 'Nieuw verzoek vastleggen', { id: 'svip-nieuw' }), requestForm(refresh)),
    h('section.sl-svip-section', { 'aria-labelledby': 'svip-open' },
      heading(2, 'Te beantwoorden', { id: 'svip-open' }), notice, open),
    h('section.sl-svip-section', { 'aria-labelledby': 'logboek', id: 'logboek-sectie' },
      heading(2, 'Logboek van verzoeken', { id: 'logboek' }), filterForm(query, ctx), log));
  ctx.title('Informatieverzoeken (SVIP)');
  await refresh();
  if (location.hash === '#logboek') document.getElementById('logboek')?.scrollIntoView();
}
