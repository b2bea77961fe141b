// escalaties.js - the interventieteam's screens: the list of escalation cases (filters
// state, cause, municipality) and one case (take it, change its state, record a decision
// with the mandate used and the reason, its history). Coordinators read both (decision 163).

import { h, heading, para, link, alert, button, submit, field, select, textbox, textarea, table, dataList, formatDate } from '../dom.js';
import { api } from '../api.js';
import { ESCALATIE_STATUS, ESCALATIE_AANLEIDING, GEMEENTEN, label, gemeente } from '../labels.js';

const SOORT = { aangemeld: 'Aangemeld', status: 'Status gewijzigd', eigenaar: 'Eigenaar gewijzigd', besluit: 'Besluit' };
// the next states a case may go to (service/termijnbeheer.h)
const NEXT = {
  aangemeld: ['in_behandeling', 'gesloten'],
  in_behandeling: ['gesloten'], // besloten comes with a decision
  besloten: ['gesloten'],
  gesloten: [],
};

function problem(err) {
  const a = alert('error', err.describe ? err.describe() : String(err.message || err));
  a.setAttribute('tabindex', '-1');
  return a;
}

const FILTERS = ['status', 'aanleiding', 'gemeente'];
const PER_PAGE = 50;

// The list's address with the filters of `f` and page `pagina` (1: left out).
function listUrl(f, pagina = 1) {
  const p = new URLSearchParams();
  for (const k of FILTERS) if (f[k]) p.set(k, f[k]);
  if (pagina > 1) p.set('pagina', String(pagina));
  return `/escalaties${p.toString() ? `?${p}` : ''}`;
}

function filterForm(ctx, f) {
  const inputs = {
    status: select([['', 'Alle'], ...Object.entries(ESCALATIE_STATUS)], { name: 'status', value: f.status }),
    aanleiding: select([['', 'Alle'], ...Object.entries(ESCALATIE_AANLEIDING)], { name: 'aanleiding', value: f.aanleiding }),
    gemeente: select([['', 'Alle gemeenten'], ...Object.entries(GEMEENTEN)], { name: 'gemeente', value: f.gemeente }),
  };
  const form = h('form.sl-form.sl-filters', { 'data-test': 'filters', 'aria-label': 'Filters' },
    field('Status', inputs.status), field('Aanleiding', inputs.aanleiding), field('Gemeente', inputs.gemeente),
    submit('Toon', 'secondary-action'));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    ctx.navigate(listUrl(Object.fromEntries(FILTERS.map((k) => [k, inputs[k].value]))));
  });
  return form;
}

function pager(f, page) {
  const pages = Math.max(1, Math.ceil(page.totaal / PER_PAGE));
  if (pages === 1) return null;
  return h('nav.sl-pager', { 'aria-label': 'Pagina\'s van de escalaties' },
    f.pagina > 1 ? link(listUrl(f, f.pagina - 1), 'Vorige pagina', { rel: 'prev' }) : null,
    h('span.sl-pager__here', { 'aria-current': 'page' }, `Pagina ${f.pagina} van ${pages}`),
    f.pagina < pages ? link(listUrl(f, f.pagina + 1), 'Volgende pagina', { rel: 'next' }) : null);
}

// The server selects the cases (status, cause, the address's municipality in the
// register) and cuts the page, so the screen never loads every case to show a few.
async function list(main, ctx) {
  ctx.title('Escalaties');
  const q = ctx.query;
  const f = Object.fromEntries(FILTERS.map((k) => [k, q.get(k) || '']));
  f.pagina = Math.max(1, Number.parseInt(q.get('pagina'), 10) || 1);
  main.append(heading(1, 'Escalaties'),
    para('Dossiers die vastzitten of waarvan een termijn twee keer is gemist. Het interventieteam neemt een zaak in behandeling en besluit erover.'),
    filterForm(ctx, f));
  let page;
  try {
    page = await api.get('/escalaties', { ...Object.fromEntries(FILTERS.map((k) => [k, f[k]])), pagina: f.pagina, perPagina: PER_PAGE });
  } catch (err) {
    if (ctx.stale()) return;
    main.append(problem(err));
    return;
  }
  if (ctx.stale()) return;
  const n = page.totaal;
  main.append(table(`${n} ${n === 1 ? 'escalatie' : 'escalaties'}`, [
    { label: 'Zaak', cell: (e) => link(`/escalaties/${e.id}`, `Escalatie ${e.id}`) },
    { label: 'Aanleiding', cell: (e) => label(ESCALATIE_AANLEIDING, e.aanleiding) },
    { label: 'Status', cell: (e) => label(ESCALATIE_STATUS, e.status) },
    { label: 'Gemeente', cell: (e) => gemeente(e.gemeentecode || e.nummeraanduiding_id.slice(0, 4)) },
    { label: 'Eigenaar', cell: (e) => e.eigenaar || 'Nog niemand' },
    { label: 'Aangemeld', cell: (e) => formatDate(e.aangemeld_op) },
  ], page.items, { empty: 'Er zijn geen escalaties die aan deze filters voldoen.' }));
  const nav = pager(f, page);
  if (nav) main.append(nav);
}

async function one(main, ctx) {
  const id = ctx.params.id;
  const box = h('div', { 'data-test': 'escalatie' });
  main.append(box);

  async function draw(msg) {
    let res;
    try {
      res = await api.getWithEtag(`/escalaties/${id}`);
    } catch (err) {
      if (err.status === 404 || err.status === 400) {
        box.replaceChildren(heading(1, 'Pagina niet gevonden'), para('Deze escalatie bestaat niet.'), para(link('/escalaties', 'Naar de escalaties')));
        ctx.title('Pagina niet gevonden');
        return;
      }
      throw err;
    }
    if (ctx.stale()) return;
    const e = res.data;
    const etag = res.etag;
    const manages = ctx.user.rol === 'interventieteam';
    ctx.title(`Escalatie ${e.id}`);
    const parts = [
      para(link('/escalaties', 'Terug naar de escalaties')),
      heading(1, `Escalatie ${e.id}: ${label(ESCALATIE_AANLEIDING, e.aanleiding)}`),
      msg || null,
      dataList([
        ['Status', h('span', { 'data-test': 'status' }, label(ESCALATIE_STATUS, e.status))],
        ['Eigenaar', e.eigenaar || 'Nog niemand'],
        ['Adres', link(`/adressen/${e.nummeraanduiding_id}`, `Dossier ${e.nummeraanduiding_id}`)],
        ['Gemeente', gemeente(e.nummeraanduiding_id.slice(0, 4))],
        ['Aangemeld', formatDate(e.aangemeld_op)],
      ]),
    ];
    if (manages && e.status !== 'gesloten') parts.push(actions(e, etag, draw));
    parts.push(heading(2, 'Geschiedenis'), table('Geschiedenis van de escalatie', [
      { label: 'Moment', cell: (g) => formatDate(g.tijdstip) },
      { label: 'Wat', cell: (g) => SOORT[g.soort] || g.soort },
      { label: 'Status', cell: (g) => label(ESCALATIE_STATUS, g.status) },
      { label: 'Mandaat en reden', cell: (g) => [g.mandaat, g.reden].filter(Boolean).join(': ') || '–' },
      { label: 'Door', cell: (g) => g.door },
    ], e.historie || []));
    box.replaceChildren(...parts.filter(Boolean));
    if (msg) msg.focus();
  }

  function actions(e, etag, redraw) {
    const wrap = h('section', { 'aria-labelledby': 'acties-kop' }, heading(2, 'Behandelen', { id: 'acties-kop' }));
    const change = async (body, ok) => {
      try {
        await api.putWithEtag(`/escalaties/${e.id}`, body, etag);
        await redraw(alert('ok', ok));
      } catch (err) {
        await redraw(problem(err));
      }
    };
    if (e.status === 'aangemeld' || e.eigenaar !== ctx.user.naam) {
      wrap.append(h('div.utrecht-button-group', button('Zaak in behandeling nemen', () => change(
        { status: e.status === 'aangemeld' ? 'in_behandeling' : e.status, eigenaar: ctx.user.naam },
        'U behandelt deze zaak nu.'), 'primary-action', { 'data-test': 'nemen' })));
    }
    const next = NEXT[e.status] || [];
    if (next.length) {
      const st = select(next.map((s) => [s, label(ESCALATIE_STATUS, s)]), { name: 'status' });
      const f = h('form.sl-form', { 'data-test': 'status-form' }, field('Nieuwe status', st), submit('Status wijzigen', 'secondary-action'));
      f.addEventListener('submit', (ev) => {
        ev.preventDefault();
        change({ status: st.value }, 'De status is gewijzigd.');
      });
      wrap.append(f);
    }
    if (e.status === 'in_behandeling') {
      const mandaat = textbox({ name: 'mandaat', required: true });
      const reden = textarea({ name: 'reden', required: true, rows: 3 });
      const f = h('form.sl-form', { 'data-test': 'besluit-form' },
        heading(3, 'Besluit vastleggen'),
        field('Mandaat', mandaat, { description: 'Op grond waarvan het interventieteam besluit, bijvoorbeeld "mandaat directeur IMG".' }),
        field('Reden', reden),
        submit('Besluit vastleggen', 'primary-action'));
      f.addEventListener('submit', async (ev) => {
        ev.preventDefault();
        try {
          await api.post(`/escalaties/${e.id}/besluiten`, { mandaat: mandaat.value, reden: reden.value });
          await redraw(alert('ok', 'Het besluit is vastgelegd.'));
        } catch (err) {
          await redraw(problem(err));
        }
      });
      wrap.append(f);
    }
    return wrap;
  }

  await draw();
}

export default async function escalaties(main, ctx) {
  if (ctx.params.id) await one(main, ctx);
  else await list(main, ctx);
}
