// leveringen.js - the data steward's screen (SPEC §5): upload delivery files of the own
// organisation, see the import report per file, list earlier deliveries, and download the
// rejected rows with their line, column and reason. Uploads go one file at a time,
// addresses first, so a trajectory or claim in the same batch finds its address.
// A snapshot that would mark too many records absent is held (decision 91): the screen
// lists it with what would become absent (CSV), and a second data steward of the same
// organisation confirms it, or it is withdrawn.

import { h, heading, para, field, submit, button, alert, table, dataList, formatNumber, formatDate, link } from '../dom.js';
import { api, allPages } from '../api.js';
import { afwijzingenTabel, afwijzingenViewer } from './leveringen_afwijzingen.js';

const SOORTEN = {
  bag_adressen: 'Adressen (BAG)',
  ncg_trajecten: 'Versterkingstrajecten (NCG)',
  img_schades: 'Schademeldingen (IMG)',
};
const VOLGORDE = ['bag', 'ncg', 'img'];
const TOON_AFWIJZINGEN = 20;

// A wide table may scroll sideways: its container then takes keyboard focus (WCAG 2.1.1).
function scrollable(container, label) {
  if (container.classList.contains('utrecht-table-container')) {
    Object.assign(container, { tabIndex: 0 });
    container.setAttribute('role', 'region');
    container.setAttribute('aria-label', label);
  }
  return container;
}

function soort(code) {
  return SOORTEN[code] || code || 'onbekend';
}

// bag_adressen.csv before ncg_trajecten.csv before img_schades.csv; others after, by name.
function rank(file) {
  const i = VOLGORDE.findIndex((k) => file.name.toLowerCase().includes(k));
  return i < 0 ? VOLGORDE.length : i;
}

const RECORDS = {
  bag_adressen: ['adres', 'adressen'],
  ncg_trajecten: ['traject', 'trajecten'],
  img_schades: ['schademelding', 'schademeldingen'],
};
const STATUS = {
  verwerkt: 'Verwerkt',
  aangehouden: 'Aangehouden',
  bevestigd: 'Bevestigd',
  ingetrokken: 'Ingetrokken',
};

function records(code, n) {
  const [een, meer] = RECORDS[code] || ['record', 'records'];
  return `${formatNumber(n)} ${n === 1 ? een : meer}`;
}

function afwijzingenUrl(id) {
  return `/api/v1/leveringen/${encodeURIComponent(id)}/afwijzingen?formaat=csv`;
}

function afwezigUrl(id) {
  return `/api/v1/leveringen/${encodeURIComponent(id)}/afwezig?formaat=csv`;
}

function afwezigLink(id, bestand, aantal, toekomst) {
  return h('a.nl-link', { href: afwezigUrl(id), download: `afwezig-${id}-${bestand}`, 'data-test': 'afwezig-csv' },
    `Download de lijst van ${formatNumber(aantal)} ${toekomst ? 'records die afwezig zouden worden' : 'afwezig gemarkeerde records'} (CSV)`);
}

function percentage(deel, geheel) {
  return geheel ? `${Math.round((100 * deel) / geheel)}%` : '100%';
}

function downloadLink(id, bestand, aantal) {
  return h('a.nl-link', { href: afwijzingenUrl(id), download: `afgewezen-${id}-${bestand}`, 'data-test': 'afwijzingen-csv' },
    `Download de ${formatNumber(aantal)} afgewezen ${aantal === 1 ? 'rij' : 'rijen'} van ${bestand} (CSV)`);
}

// The report of one uploaded file, as the API answers it (docs/deliveries.md).
function rapport(r, idx) {
  const kopId = `rapport-${idx}`;
  const parts = [
    h('h3.nl-heading.nl-heading--level-3', { id: kopId }, `${r.file}: ${soort(r.kind)}`),
    h('div.sl-kv', dataList([
      ['Rijen', formatNumber(r.rows)],
      ['Geïmporteerd', formatNumber(r.imported)],
      ['Afgewezen', formatNumber(r.rejected)],
      ['Afwezig (niet meer in de levering)', formatNumber(r.absent)],
      ['Nieuw', formatNumber(r.nieuw)],
      ['Gewijzigd', formatNumber(r.gewijzigd)],
      ['Ongewijzigd', formatNumber(r.ongewijzigd)],
      ['Signalen gemaakt', formatNumber(r.signalen)],
    ])),
  ];
  if (r.onbekende_kolommen?.length) {
    parts.push(alert('warning', `Onbekende kolommen (niet gebruikt): ${r.onbekende_kolommen.join(', ')}.`));
  }
  if (r.aangehouden) {
    parts.push(alert('warning', h('strong', 'Aangehouden: er is nog niets geladen. '),
      `Deze levering zou ${records(r.kind, r.wordt_afwezig)} van de ${formatNumber(r.huidig)} `
      + `(${percentage(r.wordt_afwezig, r.huidig)}) als afwezig markeren. Dat is meer dan is toegestaan. `
      + 'Een tweede datasteward van uw organisatie bekijkt de lijst en bevestigt de levering, of u trekt haar in.'));
    parts.push(para(afwezigLink(r.levering_id, r.file, r.wordt_afwezig, true)));
  }
  if (r.afwezig_overgeslagen) {
    parts.push(alert('warning', 'Records die ontbreken zijn niet als afwezig gemarkeerd, omdat er rijen zijn afgewezen.'));
  }
  if (r.absent) {
    parts.push(para(`${formatNumber(r.absent)} ${r.absent === 1 ? 'record staat' : 'records staan'} niet meer in deze levering. `,
      'Ze zijn niet verwijderd, maar gemarkeerd als afwezig.'));
  }
  if (r.rejected) {
    const eerste = (r.afwijzingen || []).slice(0, TOON_AFWIJZINGEN);
    parts.push(scrollable(afwijzingenTabel(
      r.rejected > eerste.length
        ? `De eerste ${eerste.length} van ${formatNumber(r.rejected)} afgewezen rijen in ${r.file}`
        : `Afgewezen rijen in ${r.file}`,
      r.file, eerste), `Tabel met afgewezen rijen van ${r.file}`));
    if (r.levering_id) parts.push(para(downloadLink(r.levering_id, r.file, r.rejected)));
  } else {
    parts.push(para('Geen rijen afgewezen.'));
  }
  return h('section.sl-card.sl-dashboard__part', { 'aria-labelledby': kopId, 'data-test': 'rapport', 'data-bestand': r.file }, parts);
}

// One held delivery: what it would do, its list, and confirm / withdraw.
function aangehouden(d, ctx, refresh) {
  const kop = `kop-aangehouden-${d.id}`;
  const melding = h('div.sl-notices');
  const eigen = d.geleverd_door && ctx.user?.naam && d.geleverd_door.toLowerCase() === ctx.user.naam.toLowerCase();
  const doe = (actie, gelukt) => async (e) => {
    const knop = e.currentTarget;
    knop.disabled = true;
    try {
      await api.post(`/leveringen/${encodeURIComponent(d.id)}/${actie}`);
      await refresh(alert('ok', gelukt));
    } catch (err) {
      melding.replaceChildren(alert('error', err.describe ? err.describe() : String(err)));
      knop.disabled = false;
    }
  };
  const knoppen = [
    eigen ? null : button('Bevestigen en laden', doe('bevestiging',
      `Levering ${d.id} (${d.bestand}) is bevestigd en geladen.`), 'primary-action', { 'data-test': 'bevestigen' }),
    button('Intrekken', doe('intrekking', `Levering ${d.id} (${d.bestand}) is ingetrokken; er is niets van geladen.`),
      'secondary-action', { 'data-test': 'intrekken' }),
  ].filter(Boolean);
  return h('section.sl-card.sl-dashboard__part', { 'aria-labelledby': kop, 'data-test': 'aangehouden', 'data-id': String(d.id) },
    h('h3.nl-heading.nl-heading--level-3', { id: kop }, `${d.bestand}: ${soort(d.soort)}, levering ${d.id}`),
    para(`Geladen op ${formatDate(d.gestart_op)}${d.geleverd_door ? ` door ${d.geleverd_door}` : ''}. `,
      `Deze levering zou ${records(d.soort, d.wordt_afwezig)} van de ${formatNumber(d.huidig)} `
      + `(${percentage(d.wordt_afwezig, d.huidig)}) als afwezig markeren. Er is nog niets van geladen.`),
    para(afwezigLink(d.id, d.bestand, d.wordt_afwezig, true)),
    eigen ? para('U leverde deze levering zelf. Een andere datasteward van uw organisatie bevestigt haar (vier ogen).') : null,
    h('div.utrecht-button-group', ...knoppen),
    melding);
}

// show: opens the rejects of d on the screen (leveringen_afwijzingen.js)
function downloads(d, show) {
  const links = [
    d.afwezig || (d.status !== 'verwerkt' && d.wordt_afwezig) ? link(afwezigUrl(d.id), 'Afwezige records', {
      download: `afwezig-${d.id}-${d.bestand}`,
      'aria-label': `Download de afwezige records van ${d.bestand}, levering ${d.id} (CSV)`,
    }) : null,
    d.afgewezen ? link(afwijzingenUrl(d.id), 'Afgewezen rijen', {
      download: `afgewezen-${d.id}-${d.bestand}`,
      'aria-label': `Download de afgewezen rijen van ${d.bestand}, levering ${d.id} (CSV)`,
    }) : null,
    d.afgewezen ? button('Bekijk afgewezen rijen', () => show(d), 'secondary-action', {
      'aria-label': `Bekijk afgewezen rijen van ${d.bestand}, levering ${d.id}, op het scherm`,
      'data-test': 'afwijzingen-bekijken',
      class: 'sl-link-button',
    }) : null,
  ].filter(Boolean);
  if (!links.length) return 'Geen';
  return h('ul.sl-plain-list', links.map((a) => h('li', a)));
}

function statusText(d) {
  if (d.status === 'bevestigd' && d.toegepast_in) return `Bevestigd door ${d.afgehandeld_door}, geladen als levering ${d.toegepast_in}`;
  if (d.status === 'ingetrokken') return `Ingetrokken door ${d.afgehandeld_door}`;
  return STATUS[d.status] || d.status || 'Verwerkt';
}

async function lijst(target, ctx, melding) {
  try {
    const { items, totaal } = await allPages('/leveringen', {}, 200);
    if (ctx.stale()) return;
    const held = items.filter((d) => d.status === 'aangehouden');
    const refresh = async (m) => lijst(target, ctx, m);
    const viewer = afwijzingenViewer();
    target.replaceChildren(...[
      melding ? h('div.sl-notices', melding) : null,
      held.length ? h('section', { 'aria-labelledby': 'kop-aangehouden' },
        h('h2.nl-heading.nl-heading--level-2', { id: 'kop-aangehouden' }, 'Aangehouden leveringen'),
        para('Deze leveringen zouden te veel records als afwezig markeren. Controleer de lijst: '
          + 'klopt die, dan bevestigt een tweede datasteward van uw organisatie de levering; anders trekt u haar in.'),
        ...held.map((d) => aangehouden(d, ctx, refresh))) : null,
      h('h2.nl-heading.nl-heading--level-2', { id: 'kop-eerder' }, 'Eerdere leveringen'),
      totaal > items.length ? para(`De nieuwste ${items.length} van ${formatNumber(totaal)} leveringen.`) : null,
      scrollable(table('Leveringen, nieuwste eerst', [
        { label: 'Geladen op', cell: (d) => formatDate(d.gestart_op) },
        { label: 'Bestand', cell: (d) => d.bestand },
        { label: 'Soort', cell: (d) => soort(d.soort) },
        { label: 'Rijen', cell: (d) => formatNumber(d.rijen), numeric: true },
        { label: 'Geïmporteerd', cell: (d) => formatNumber(d.geimporteerd), numeric: true },
        { label: 'Afgewezen', cell: (d) => formatNumber(d.afgewezen), numeric: true },
        { label: 'Afwezig', cell: (d) => formatNumber(d.afwezig), numeric: true },
        { label: 'Status', cell: (d) => statusText(d) },
        // both downloads and the view in one column, so the table fits a laptop's screen
        { label: 'Afgewezen en afwezig', cell: (d) => downloads(d, viewer.show) },
      ], items, { empty: 'Er zijn nog geen leveringen geladen.', compact: true }), 'Tabel met leveringen'),
      viewer.box,
    ].filter(Boolean));
  } catch (err) {
    target.replaceChildren(alert('error', err.describe ? err.describe() : String(err)));
  }
}

export default async function leveringen(main, ctx) {
  const input = h('input.sl-file', { type: 'file', name: 'bestand', accept: '.csv,text/csv', multiple: true });
  const status = h('div.sl-notices'); // the alerts in it carry their own live role
  const rapporten = h('div.sl-reports');
  const eerder = h('section.sl-dashboard__part', { 'aria-labelledby': 'kop-eerder' },
    h('h2.nl-heading.nl-heading--level-2', { id: 'kop-eerder' }, 'Eerdere leveringen'), para('Laden…'));
  const knop = submit('Levering laden', 'primary-action', { 'data-test': 'laden' });

  const form = h('form.sl-form.sl-upload', { 'aria-labelledby': 'kop-laden' },
    h('h2.nl-heading.nl-heading--level-2', { id: 'kop-laden' }, 'Nieuwe levering laden'),
    field('Leverbestand (CSV)', input, {
      id: 'leverbestand',
      description: 'Een volledige levering: bag_adressen.csv, ncg_trajecten.csv of img_schades.csv (meer tegelijk mag). '
        + 'Adressen worden eerst geladen. Rijen met een fout worden afgewezen; de rest wordt geladen.',
    }),
    h('div.utrecht-button-group', knop));

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const files = [...input.files].sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
    rapporten.replaceChildren();
    if (!files.length) {
      status.replaceChildren(alert('error', 'Kies eerst een bestand.'));
      input.focus();
      return;
    }
    knop.disabled = true;
    const done = [];
    const failed = [];
    try {
      for (const [i, f] of files.entries()) {
        status.replaceChildren(alert('info', `Bezig met ${f.name} (${i + 1} van ${files.length})…`));
        try {
          const r = await api.upload('/leveringen', f, { bestand: f.name });
          done.push(r);
          rapporten.append(rapport(r, done.length));
        } catch (err) {
          failed.push(`${f.name}: ${err.describe ? err.describe() : String(err)}`);
          if (err.status === 401) break;
        }
      }
    } finally {
      knop.disabled = false;
    }
    if (ctx.stale()) return;
    const rejected = done.reduce((s, r) => s + (r.rejected || 0), 0);
    const held = done.filter((r) => r.aangehouden).length;
    const msgs = [];
    if (held) {
      msgs.push(alert('warning', `${held === 1 ? '1 levering is' : `${held} leveringen zijn`} aangehouden: `
        + 'ze zou te veel records als afwezig markeren. Zie het importrapport hieronder.'));
    }
    if (done.length) {
      msgs.push(alert(rejected ? 'warning' : 'ok',
        `${done.length === 1 ? '1 bestand' : `${done.length} bestanden`} geladen`,
        rejected ? `, ${formatNumber(rejected)} ${rejected === 1 ? 'rij' : 'rijen'} afgewezen. Zie het importrapport hieronder.` : ', geen rijen afgewezen.'));
    }
    if (failed.length) msgs.push(alert('error', `Niet verwerkt: ${failed.join(' — ')}`));
    status.replaceChildren(...msgs);
    form.reset();
    await lijst(eerder, ctx);
  });

  main.append(heading(1, 'Leveringen'),
    para('Laad de periodieke levering van uw organisatie (IMG of NCG, en de BAG-adressen als de beheerder u daarvoor aanwees), '
      + 'en bekijk wat er met elke rij is gebeurd.'),
    form, status,
    h('section', { 'aria-label': 'Importrapport' }, rapporten),
    eerder);
  ctx.title('Leveringen');
  await lijst(eerder, ctx);
}
