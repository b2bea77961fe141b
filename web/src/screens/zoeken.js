// zoeken.js - find an address by postcode and house number, or by an IMG claim
// number or NCG trajectory number. The query stays in the URL (?postcode=…), so the
// back button returns to the results; only the address id and search terms are in it.

import { h, heading, para, field, textbox, submit, alert, table, link, formatAddress } from '../dom.js';
import { api } from '../api.js';
import { gemeente, plural } from '../labels.js';
import { showErrors } from '../field_errors.js';

const FIELDS = ['postcode', 'huisnummer', 'huisletter', 'toevoeging'];

function addressForm(query) {
  const inputs = {
    postcode: textbox({ name: 'postcode', autocomplete: 'postal-code', class: 'utrecht-textbox--postal-code-nl-size', value: query.get('postcode') || '' }),
    huisnummer: textbox({ name: 'huisnummer', inputmode: 'numeric', class: 'utrecht-textbox--house-number-size', value: query.get('huisnummer') || '' }),
    huisletter: textbox({ name: 'huisletter', class: 'utrecht-textbox--house-letter-size', value: query.get('huisletter') || '' }),
    toevoeging: textbox({ name: 'toevoeging', class: 'utrecht-textbox--house-addition-size', value: query.get('toevoeging') || '' }),
  };
  const form = h('form.sl-form', { role: 'search', 'aria-labelledby': 'zoek-adres' },
    h('h2.nl-heading.nl-heading--level-2', { id: 'zoek-adres' }, 'Zoek op adres'),
    h('div.sl-row',
      field('Postcode', inputs.postcode, { id: 'postcode', description: 'Bijvoorbeeld 9712 AB' }),
      field('Huisnummer', inputs.huisnummer, { id: 'huisnummer' }),
      field('Huisletter', inputs.huisletter, { id: 'huisletter', description: 'Niet verplicht' }),
      field('Toevoeging', inputs.toevoeging, { id: 'toevoeging', description: 'Niet verplicht' })),
    h('div.utrecht-button-group', submit('Zoeken', 'primary-action', { 'data-test': 'zoek-adres' })));
  return { form, inputs };
}

function numberForm(query) {
  const nummer = textbox({ name: 'nummer', value: query.get('imgId') || query.get('ncgId') || '', spellcheck: 'false' });
  const form = h('form.sl-form', { role: 'search', 'aria-labelledby': 'zoek-nummer' },
    h('h2.nl-heading.nl-heading--level-2', { id: 'zoek-nummer' }, 'Zoek op zaaknummer'),
    field('IMG- of NCG-nummer', nummer, { id: 'nummer', description: 'Bijvoorbeeld IMG-123456789 of NCG-12345678' }),
    h('div.utrecht-button-group', submit('Zoeken', 'primary-action', { 'data-test': 'zoek-nummer' })));
  return { form, nummer };
}

export default async function zoeken(main, ctx) {
  const { query } = ctx;
  const results = h('section.sl-results', { 'aria-live': 'polite', 'aria-labelledby': 'resultaten-kop' });
  const a = addressForm(query);
  const n = numberForm(query);

  a.form.addEventListener('submit', (e) => {
    e.preventDefault();
    const q = new URLSearchParams();
    for (const f of FIELDS) if (a.inputs[f].value.trim()) q.set(f, a.inputs[f].value.trim());
    ctx.navigate(`/zoeken?${q}`);
  });
  n.form.addEventListener('submit', (e) => {
    e.preventDefault();
    const v = n.nummer.value.trim().toUpperCase();
    const key = v.startsWith('NCG') ? 'ncgId' : 'imgId';
    ctx.navigate(`/zoeken?${new URLSearchParams({ [key]: v })}`);
  });

  main.append(heading(1, 'Zoeken'),
    para('Zoek een adres om het dossier te openen. U ziet alleen wat u voor uw werk mag zien.'),
    h('div.sl-columns', a.form, n.form), results);
  ctx.title('Zoeken');

  const params = {};
  for (const k of [...FIELDS, 'imgId', 'ncgId']) if (query.get(k)) params[k] = query.get(k);
  if (!Object.keys(params).length) return;
  if (!params.imgId && !params.ncgId && !(params.postcode && params.huisnummer)) {
    results.append(alert('error', 'Vul een postcode én een huisnummer in, of een zaaknummer.'));
    return;
  }
  const exact = params.huisletter || params.toevoeging;
  try {
    const page = await api.get('/adressen', params);
    if (ctx.stale()) return;
    results.append(h('h2.nl-heading.nl-heading--level-2', { id: 'resultaten-kop' },
      `${plural(page.totaal, 'adres', 'adressen')} gevonden`));
    // a number without letter or addition also finds 65-3, 65A…: say so, to choose from
    if (!exact && params.postcode && page.totaal > 1) {
      results.append(para({ 'data-test': 'toevoegingen' }, 'Op dit huisnummer zijn meer adressen, met een huisletter of toevoeging. Kies het adres dat u zoekt.'));
    }
    results.append(table(null, [
      { label: 'Adres', cell: (r) => link(`/adressen/${r.nummeraanduiding_id}`, formatAddress(r)) },
      { label: 'Gemeente', cell: (r) => gemeente(r.gemeentecode) },
      { label: 'Status', cell: (r) => (r.afwezig ? 'Niet meer in de BAG-levering' : 'Actueel') },
    ], page.items, { empty: 'Geen adres gevonden. Controleer de postcode en het huisnummer.' }));
  } catch (err) {
    if (ctx.stale()) return;
    // each error at its field, in plain words; the rest above the results
    const inputs = { ...a.inputs, imgId: n.nummer, ncgId: n.nummer };
    showErrors(err, inputs, results, (e) => (e.errors?.length ? 'Controleer wat u invulde.' : e.describe()));
  }
}
