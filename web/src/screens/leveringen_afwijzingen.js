// leveringen_afwijzingen.js - the rejected rows of a delivery on the screen (issue 17):
// each with its file, line, column and reason, and the original row beside the reason,
// as the CSV download has them. The row is shown as the file had it, in a monospace
// cell that wraps, so a long row neither hides the reason nor scrolls sideways.
// Used by the import report (the first rejects of an upload) and by the viewer of an
// earlier delivery's rejects (GET /leveringen/{id}/afwijzingen, page by page).

import { h, para, alert, button, table, formatNumber } from '../dom.js';
import { api } from '../api.js';

const PER_PAGE = 50;

function origineel(x) {
  return x.rij ? h('code.sl-reject-row', { 'data-test': 'rij' }, x.rij) : h('span.sl-muted', 'niet bewaard');
}

// The rejects of `bestand` (the API's items) as a table with `caption`.
export function afwijzingenTabel(caption, bestand, items) {
  return table(caption, [
    { label: 'Bestand', cell: () => bestand },
    { label: 'Regel', cell: (x) => formatNumber(x.regel), numeric: true },
    { label: 'Kolom', cell: (x) => x.kolom || '–' },
    { label: 'Reden', cell: (x) => x.reden },
    { label: 'Oorspronkelijke rij', cell: origineel },
  ], items, { compact: true });
}

// The place under the list where a delivery's rejects are shown, and show(d) to fill
// it with delivery d's first page; focus goes to its heading, so a keyboard or screen
// reader user lands on what they asked for.
export function afwijzingenViewer() {
  const box = h('section.sl-dashboard__part.sl-rejects', { 'aria-labelledby': 'kop-afwijzingen', 'data-test': 'afwijzingen' });
  box.hidden = true;

  async function show(d, pagina = 1) {
    const kop = h('h2.nl-heading.nl-heading--level-2', { id: 'kop-afwijzingen', tabindex: '-1' },
      `Afgewezen rijen van ${d.bestand}, levering ${d.id}`);
    // the heading stays while the rows arrive: moving it would lose the focus
    const inhoud = h('div', para('Laden…'));
    box.hidden = false;
    box.replaceChildren(kop, inhoud);
    kop.focus();
    let page;
    try {
      page = await api.get(`/leveringen/${encodeURIComponent(d.id)}/afwijzingen`, { pagina, perPagina: PER_PAGE });
    } catch (err) {
      inhoud.replaceChildren(alert('error', err.describe ? err.describe() : String(err)));
      return;
    }
    const pages = Math.max(1, Math.ceil(page.totaal / PER_PAGE));
    const eerste = (pagina - 1) * PER_PAGE + 1;
    const caption = pages > 1
      ? `Rij ${formatNumber(eerste)} tot en met ${formatNumber(eerste + page.items.length - 1)} van ${formatNumber(page.totaal)} afgewezen rijen in ${d.bestand}`
      : `Afgewezen rijen in ${d.bestand}`;
    inhoud.replaceChildren(afwijzingenTabel(caption, d.bestand, page.items));
    if (pages > 1) {
      inhoud.append(h('div.utrecht-button-group',
        pagina > 1 ? button('Vorige rijen', () => show(d, pagina - 1)) : null,
        pagina < pages ? button('Volgende rijen', () => show(d, pagina + 1)) : null));
    }
  }

  return { box, show };
}
