// dossier_peildatum.js - the dossier as it was on a chosen date (issue 17, decisions
// 212-213): a date control ("Bekijk het dossier zoals het was op …"), and while a date
// is chosen a plain notice that the page shows the past, what comes from the history
// and what is as it is today, with the way back. The date lives in the address bar
// (?peildatum=JJJJ-MM-DD), so a look at the past can be shared and the back button works.

import { h, heading, para, alert, field, submit, link, formatDate, today } from '../dom.js';

// The API query of the dossier for this page: the chosen date, if any.
export function peildatumQuery(ctx) {
  const p = ctx.query.get('peildatum');
  return p ? { peildatum: p } : {};
}

function form(ctx, value) {
  const input = h('input.utrecht-textbox.utrecht-textbox--html-input', {
    type: 'date', name: 'peildatum', max: today(), value: value || '', required: true,
    'data-test': 'peildatum-invoer',
  });
  const el = h('form.sl-form', { 'data-test': 'peildatum', 'aria-label': 'Het dossier op een eerdere datum' },
    h('div.sl-row.sl-row--end',
      field('Bekijk het dossier zoals het was op …', input, {
        description: 'Kies een datum tot en met vandaag. U ziet dan wat het register toen wist.',
      }),
      h('div.utrecht-button-group', submit('Bekijk', 'secondary-action', { 'data-test': 'peildatum-bekijk' }))));
  el.addEventListener('submit', (e) => {
    e.preventDefault();
    if (input.value) ctx.navigate(`${location.pathname}?peildatum=${encodeURIComponent(input.value)}`);
  });
  return el;
}

function terug() {
  return link(location.pathname, 'Terug naar het dossier van vandaag', { 'data-test': 'peildatum-terug' });
}

// The date control, and while a date is chosen the notice that this is the past.
export function peildatumBlok(d, ctx) {
  const p = d.peildatum;
  if (!p) return h('div', form(ctx, ''));
  return h('div.sl-dossier__peildatum',
    alert('warning',
      h('strong', { 'data-test': 'peildatum-melding' }, `U bekijkt het verleden: het dossier zoals het was op ${formatDate(p.datum)}. `),
      p.uitleg, ' ',
      'Acties en wijzigingen op deze pagina gaan over het dossier van vandaag. ', terug()),
    form(ctx, p.datum));
}

// A date the register cannot show (before it knew the address, or not a valid date):
// the clear answer, the control to pick another date and the way back. True when handled.
export function peildatumFout(main, ctx, err) {
  if (!ctx.query.get('peildatum') || (err.status !== 404 && err.status !== 400)) return false;
  main.append(heading(1, 'Dit dossier op die datum'),
    alert('warning', h('span', { 'data-test': 'peildatum-fout' }, err.describe ? err.describe() : String(err))),
    form(ctx, ctx.query.get('peildatum')),
    para(terug()));
  ctx.title('Dossier op een eerdere datum');
  return true;
}
