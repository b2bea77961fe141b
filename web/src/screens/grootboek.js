// grootboek.js - the ledger of the user's own body: what it owes in penalties and
// compensations, what it paid, every entry, and booking a payment (decision 194).

import { h, heading, para, alert, submit, field, select, textbox, table, dataList, formatDate } from '../dom.js';
import { api } from '../api.js';
import { centen } from '../labels.js';

const SOORT = { dwangsom: 'Dwangsom', compensatie: 'Compensatie', betaling: 'Betaling' };

// "1.442,50" or "1442.5" euros -> cents; NaN when it is no amount.
function toCents(text) {
  const t = String(text).trim().replace(/\./g, (m, i, s) => (s.includes(',') ? '' : m)).replace(',', '.');
  if (!/^\d+(\.\d{1,2})?$/.test(t)) return NaN;
  const [e, c = ''] = t.split('.');
  return Number(e) * 100 + Number(c.padEnd(2, '0'));
}

function bookForm(org, redraw) {
  const adres = textbox({ name: 'nummeraanduiding_id', inputmode: 'numeric', autocomplete: 'off' });
  const soort = select([['betaling', 'Betaling aan de bewoner'], ['compensatie', 'Compensatie (te laat, fatale termijn)']], { name: 'soort' });
  const bedrag = textbox({ name: 'bedrag', inputmode: 'decimal', autocomplete: 'off' });
  const datum = textbox({ type: 'date', name: 'datum' });
  const reden = textbox({ name: 'reden' });
  const ib = textbox({ name: 'ingebrekestelling_id', inputmode: 'numeric', autocomplete: 'off' });
  const f = h('form.sl-form', { 'data-test': 'boeking-form', novalidate: true },
    heading(2, 'Boeken'),
    field('BAG-nummer van het adres', adres, { description: '16 cijfers' }),
    field('Soort', soort),
    field('Bedrag in euro', bedrag, { description: 'Bijvoorbeeld 1442,00' }),
    field('Datum', datum),
    field('Reden', reden),
    field('Nummer van de ingebrekestelling (als het daarover gaat)', ib),
    submit('Boeken'));
  f.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const body = {
      organisatie: org, nummeraanduiding_id: adres.value.trim(), soort: soort.value,
      bedrag_centen: toCents(bedrag.value), datum: datum.value, reden: reden.value,
    };
    if (Number.isNaN(body.bedrag_centen)) body.bedrag_centen = -1; // the server names the field
    if (ib.value.trim()) body.ingebrekestelling_id = Number(ib.value.trim());
    try {
      await api.post('/grootboek', body);
      await redraw(alert('ok', 'De boeking is vastgelegd.'));
    } catch (err) {
      const msg = alert('error', err.describe ? err.describe() : String(err));
      f.querySelector('[role=alert]')?.remove();
      f.prepend(msg);
      msg.setAttribute('tabindex', '-1');
      msg.focus();
    }
  });
  return f;
}

export default async function grootboek(main, ctx) {
  const org = ctx.user.org;
  ctx.title(`Grootboek ${org}`);
  const box = h('div', { 'data-test': 'grootboek' });
  main.append(heading(1, `Grootboek ${org}`),
    para('Wat ', org, ' aan bewoners verschuldigd is door dwangsommen en compensaties voor te late besluiten, en wat er al is betaald.'),
    box);
  async function draw(msg) {
    const g = await api.get('/grootboek', { organisatie: org });
    if (ctx.stale()) return;
    box.replaceChildren(...[
      msg || null,
      dataList([
        ['Verschuldigd', h('span', { 'data-test': 'verschuldigd' }, centen(g.verschuldigd_centen))],
        ['Betaald', h('span', { 'data-test': 'betaald' }, centen(g.betaald_centen))],
        ['Nog te betalen', h('span', { 'data-test': 'saldo' }, centen(g.saldo_centen))],
      ]),
      table('Boekingen', [
        { label: 'Datum', cell: (p) => formatDate(p.datum) },
        { label: 'Soort', cell: (p) => SOORT[p.soort] || p.soort },
        { label: 'Bedrag', cell: (p) => centen(p.bedrag_centen), numeric: true },
        { label: 'Adres', cell: (p) => p.nummeraanduiding_id },
        { label: 'Reden', cell: (p) => p.reden },
      ], g.posten, { empty: 'Er is nog niets geboekt.' }),
      bookForm(org, draw),
    ].filter(Boolean));
    if (msg) {
      msg.setAttribute('tabindex', '-1');
      msg.focus();
    }
  }
  await draw();
}
