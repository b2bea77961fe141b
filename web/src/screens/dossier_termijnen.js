// dossier_termijnen.js - the dossier's terms (end, status, suspensions, extensions, the
// notice of default and its penalty), the open escalation cases (both buddies see them,
// decision 163), and for the owning body's staff the notices of default: register one on
// a claim or a step, record the decision, see the penalty (decision 194).

import { h, append, clear, heading, para, link, alert, submit, field, select, textbox, table, formatDate } from '../dom.js';
import { api } from '../api.js';
import { TERMIJN_SOORT, TERMIJN_STATUS, ESCALATIE_STATUS, ESCALATIE_AANLEIDING, label, centen } from '../labels.js';

const NOTICE_STAFF = ['zaakbegeleider', 'bewonersbegeleider', 'svip'];
const CASE_READERS = ['interventieteam', 'coordinator'];

function statusText(t) {
  const s = label(TERMIJN_STATUS, t.status);
  if (t.status === 'lopend' && t.waarschuwing) return `${s}, eindigt binnenkort`;
  if (t.status === 'gehaald' && t.gehaald_op) return `${s} op ${formatDate(t.gehaald_op)}`;
  return s;
}

function penaltyText(ib) {
  if (!ib) return null;
  const parts = [`Ingebrekestelling ontvangen op ${formatDate(ib.ontvangen_op)}`];
  if (ib.beslist_op) parts.push(`besloten op ${formatDate(ib.beslist_op)}`);
  if (ib.dwangsom_dagen > 0) {
    const bedrag = ib.dwangsom_centen !== undefined ? ` ${centen(ib.dwangsom_centen)}` : '';
    parts.push(`dwangsom${bedrag} over ${ib.dwangsom_dagen} ${ib.dwangsom_dagen === 1 ? 'dag' : 'dagen'}${ib.dwangsom_loopt ? ', loopt nog' : ''}`);
  } else if (ib.dwangsom_eerste_dag) {
    parts.push(`een dwangsom loopt vanaf ${formatDate(ib.dwangsom_eerste_dag)} als er dan nog geen besluit is`);
  }
  return parts.join('; ');
}

function changes(t) {
  const rows = [];
  for (const o of t.opschortingen || []) {
    const tot = o.tot ? `tot ${formatDate(o.tot)}` : 'duurt nog';
    rows.push(h('li', `Opgeschort van ${formatDate(o.van)} ${tot}`, o.reden ? ` (${o.reden})` : ''));
  }
  for (const v of t.verlengingen || []) {
    rows.push(h('li', `Verlengd tot ${formatDate(v.nieuw_einde)}`, v.reden ? ` (${v.reden})` : ''));
  }
  const ib = penaltyText(t.ingebrekestelling);
  if (ib) rows.push(h('li', { 'data-test': 'ingebrekestelling' }, ib));
  return rows.length ? h('ul.sl-termijn__wijzigingen', rows) : null;
}

function termList(d) {
  if (d.termijnen === null || d.termijnen === undefined) {
    return para('De termijnen horen bij de schademeldingen, die voor u zijn afgeschermd.');
  }
  if (!d.termijnen.length) return para('Er lopen geen termijnen voor dit adres.');
  return h('ul.sl-termijnen', { 'data-test': 'termijnen' }, d.termijnen.map((t) => h('li.sl-termijn',
    h('strong', `${label(TERMIJN_SOORT, t.soort)}${t.img_id ? ` (${t.img_id})` : ''}`), ': ',
    `einde ${formatDate(t.einde)}, `, h('span', { 'data-test': 'termijn-status' }, statusText(t)),
    t.opgeschorte_dagen ? ` (${t.opgeschorte_dagen} dagen opgeschort)` : '',
    changes(t))));
}

function cases(d, ctx) {
  if (!d.escalaties) return null;
  const opens = CASE_READERS.includes(ctx.user.rol);
  return h('div', { 'data-test': 'escalaties' },
    heading(3, 'Escalatie naar het interventieteam'),
    d.escalaties.length
      ? h('ul', d.escalaties.map((e) => h('li',
        opens ? link(`/escalaties/${e.id}`, label(ESCALATIE_AANLEIDING, e.aanleiding)) : label(ESCALATIE_AANLEIDING, e.aanleiding),
        `: ${label(ESCALATIE_STATUS, e.status)}`, e.eigenaar ? `, behandeld door ${e.eigenaar}` : '',
        `, aangemeld op ${formatDate(e.aangemeld_op)}`)))
      : para('Er is geen open escalatie voor dit adres.'));
}

// ---- notices of default (the owning body's staff) -------------------------------------

function ownCases(d, org) {
  if (org === 'IMG') return (d.schades || []).filter((s) => s.img_id).map((s) => ['img_id', s.img_id]);
  if (org === 'NCG' && d.traject && d.traject.ncg_id) return [['ncg_id', d.traject.ncg_id]];
  return [];
}

function problem(err) {
  return alert('error', err.describe ? err.describe() : String(err.message || err));
}

function decideForm(n, redraw) {
  const datum = textbox({ type: 'date', name: 'beslist_op', required: true });
  const f = h('form.sl-form', { 'data-test': 'beslissing-form' },
    field(`Besluit op de ingebrekestelling van ${formatDate(n.ontvangen_op)}: datum`, datum),
    submit('Beslissing vastleggen', 'secondary-action'));
  f.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    try {
      await api.post(`/ingebrekestellingen/${n.id}/beslissing`, { beslist_op: datum.value }, { ifMatch: `"${n.versie}"` });
      await redraw(alert('ok', 'De beslissing is vastgelegd; de dwangsom staat in het grootboek.'));
    } catch (err) {
      f.prepend(problem(err));
    }
  });
  return f;
}

function registerForm(d, org, redraw) {
  const opts = ownCases(d, org);
  if (!opts.length) return null;
  const zaak = select(opts.map(([k, v]) => [`${k}:${v}`, v]), { name: 'zaak' });
  const datum = textbox({ type: 'date', name: 'ontvangen_op', required: true });
  const f = h('form.sl-form', { 'data-test': 'ingebrekestelling-form' },
    heading(4, 'Ingebrekestelling registreren'),
    field('Zaak', zaak),
    field('Ontvangen op', datum, { description: 'De dag waarop de ingebrekestelling binnenkwam. Twee weken later begint de dwangsom te lopen.' }),
    submit('Registreren', 'secondary-action'));
  f.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const [k, v] = zaak.value.split(/:(.*)/);
    try {
      await api.post('/ingebrekestellingen', { [k]: v, ontvangen_op: datum.value });
      await redraw(alert('ok', 'De ingebrekestelling is geregistreerd.'));
    } catch (err) {
      f.prepend(problem(err));
    }
  });
  return f;
}

function notices(d, ctx) {
  const org = ctx.user.org;
  if (!NOTICE_STAFF.includes(ctx.user.rol) || !org) return null;
  const box = h('div.sl-notices', { 'data-test': 'ingebrekestellingen' });
  async function draw(msg) {
    let items = [];
    try {
      items = (await api.get('/ingebrekestellingen', { nummeraanduidingId: d.adres.nummeraanduiding_id })).items;
    } catch (err) {
      box.replaceChildren(problem(err));
      return;
    }
    append(clear(box), [heading(3, `Ingebrekestellingen (${org})`), msg,
      table('Ingebrekestellingen en dwangsom', [
        { label: 'Zaak', cell: (n) => n.img_id || n.ncg_id },
        { label: 'Ontvangen', cell: (n) => formatDate(n.ontvangen_op) },
        { label: 'Besloten', cell: (n) => (n.beslist_op ? formatDate(n.beslist_op) : 'Nog niet') },
        { label: 'Dwangsom', cell: (n) => (n.dwangsom ? `${centen(n.dwangsom.bedrag_centen)} (${n.dwangsom.dagen} dagen${n.dwangsom.loopt ? ', loopt' : ''})` : '–') },
      ], items, { empty: 'Er is geen ingebrekestelling voor dit adres.' }),
      items.filter((n) => !n.beslist_op).map((n) => decideForm(n, draw)),
      registerForm(d, org, draw),
      para(link('/grootboek', `Naar het grootboek van ${org}`))]);
    if (msg) {
      msg.setAttribute('tabindex', '-1');
      msg.focus();
    }
  }
  draw();
  return box;
}

// The dossier's section of terms, cases and notices; null when there is nothing for this reader.
export function termijnenSection(d, ctx, section) {
  if (ctx.user.rol === 'bewoner') return null; // Mijn woning says it in plain words
  if (d.termijnen === undefined && !d.escalaties) return null;
  return section('termijnen-kop', 'Termijnen', termList(d), cases(d, ctx), notices(d, ctx));
}
