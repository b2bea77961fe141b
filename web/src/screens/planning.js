// planning.js - the planner's screen (issue 14, SPEC §4.7): plan the joint inspections
// of a period, look at the plan per municipality, move a pair, confirm it; the earlier
// plans below. One plan opens at /planning?planning=ID (a bookmark keeps it);
// planning_plan.js draws it. The capacity is on /planning/capaciteit.

import { h, heading, para, field, textbox, submit, alert, table, link, formatDate, formatNumber } from '../dom.js';
import { api } from '../api.js';
import { showErrors, clearErrors } from '../field_errors.js';
import { planView } from '../planning_plan.js';

const STATUS = { concept: 'Concept', bevestigd: 'Bevestigd' };

// The first working day of the next week and four weeks on: a period a planner
// usually looks at, changed in the form when it is not.
function defaultPeriod() {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + ((8 - d.getUTCDay()) % 7 || 7));
  const van = d.toISOString().slice(0, 10);
  d.setUTCDate(d.getUTCDate() + 25);
  return { van, tot: d.toISOString().slice(0, 10) };
}

function newPlanForm(ctx) {
  const p = defaultPeriod();
  const inputs = {
    van: textbox({ type: 'date', name: 'van', value: p.van, required: true }),
    tot: textbox({ type: 'date', name: 'tot', value: p.tot, required: true }),
  };
  const box = h('div');
  const form = h('form.sl-form', { 'aria-labelledby': 'nieuw-kop', novalidate: true },
    heading(2, 'Nieuwe planning', { id: 'nieuw-kop' }),
    para('Kies de periode. samenloop plant dan alle open verzoeken: de opname van IMG en die van NCG op dezelfde dag, of hooguit twee dagen uit elkaar. Dat is nog een concept: u kunt het bekijken en aanpassen voordat u het bevestigt.'),
    h('div.sl-row',
      field('Van', inputs.van, { id: 'plan-van' }),
      field('Tot en met', inputs.tot, { id: 'plan-tot' })),
    box,
    h('div.utrecht-button-group', submit('Planning maken', 'primary-action', { 'data-test': 'plan-maken' })));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(inputs, box);
    try {
      const plan = await api.post('/planningen', { van: inputs.van.value, tot: inputs.tot.value });
      ctx.navigate(`/planning?planning=${plan.id}`);
    } catch (err) {
      showErrors(err, inputs, box, (x) => x.detail || 'De planning is niet gemaakt.');
    }
  });
  return form;
}

async function plansList(ctx) {
  const section = h('section', { 'aria-labelledby': 'eerder-kop' }, heading(2, 'Eerdere planningen', { id: 'eerder-kop' }));
  try {
    const { planningen } = await api.get('/planningen');
    section.append(table(null, [
      { label: 'Periode', cell: (p) => link(`/planning?planning=${p.id}`, `${formatDate(p.van)} tot en met ${formatDate(p.tot)}`) },
      { label: 'Status', cell: (p) => STATUS[p.status] || p.status },
      { label: 'Gemaakt', cell: (p) => `${formatDate(p.gemaakt_op)} door ${p.gemaakt_door}` },
      { label: 'Bevestigd', cell: (p) => (p.status === 'bevestigd' ? `${formatDate(p.bevestigd_op)} door ${p.bevestigd_door}` : 'nog niet') },
    ], planningen, { empty: 'Er zijn nog geen planningen gemaakt.' }));
  } catch (err) {
    section.append(alert('error', err.describe ? err.describe() : String(err)));
  }
  return section;
}

export default async function planning(main, ctx) {
  const id = ctx.query.get('planning');
  if (id) {
    main.append(para(link('/planning', 'Terug naar alle planningen')));
    await planView(main, ctx, id);
    return;
  }
  main.append(heading(1, 'Planning'),
    para('Plan de opnames van IMG en NCG samen, zodat de bewoner niet twee keer op heel verschillende dagen iemand over de vloer krijgt. ',
      link('/planning/capaciteit', 'Capaciteit per gemeente bekijken of wijzigen'), '.'));
  ctx.title('Planning');
  let open = 0;
  try {
    open = (await api.get('/opnameverzoeken', { status: 'open' })).opnameverzoeken.length;
  } catch { /* the count is a help, not a condition */ }
  if (ctx.stale()) return;
  main.append(para(`Er ${open === 1 ? 'wacht' : 'wachten'} ${formatNumber(open)} ${open === 1 ? 'verzoek' : 'verzoeken'} om een gezamenlijke opname op een planning.`),
    newPlanForm(ctx), await plansList(ctx));
}
