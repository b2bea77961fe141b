// mijn_woning_termijnen.js - for the resident, in plain Dutch: by when each body must
// act ("IMG beslist uiterlijk op 12 maart 2027"), whether that day has passed, and
// whether a penalty runs ("Omdat IMG te laat is, betaalt IMG u een dwangsom van € …
// tot nu toe"), with a short explanation of what a term is.

import { h, heading, para, formatDate } from '../dom.js';
import { centen } from '../labels.js';

function sentence(t) {
  const wie = t.organisatie;
  const zaak = t.img_id ? ` over uw schademelding ${t.img_id}` : '';
  if (t.status === 'gehaald') {
    return `${wie} heeft${zaak} op tijd besloten${t.gehaald_op ? `, op ${formatDate(t.gehaald_op)}` : ''}.`;
  }
  if (t.gehaald_op) return `${wie} heeft${zaak} besloten op ${formatDate(t.gehaald_op)}. Dat was later dan ${formatDate(t.einde)}.`;
  if (t.status === 'verstreken') return `${wie} had${zaak} uiterlijk op ${formatDate(t.einde)} moeten beslissen. Die dag is voorbij.`;
  if (t.status === 'opgeschort') {
    return `${wie} wacht${zaak} op iets van u. Zolang dat duurt, staat de termijn stil. Nu is de uiterste dag ${formatDate(t.einde)}.`;
  }
  return `${wie} beslist${zaak} uiterlijk op ${formatDate(t.einde)}.`;
}

function penalty(t) {
  const ib = t.ingebrekestelling;
  if (!ib) return null;
  const wie = t.organisatie;
  if (ib.dwangsom_dagen > 0) {
    const bedrag = centen(ib.dwangsom_centen ?? 0);
    return para({ 'data-test': 'dwangsom' }, ib.dwangsom_loopt
      ? `Omdat ${wie} te laat is, betaalt ${wie} u een dwangsom van ${bedrag} tot nu toe. Dit bedrag groeit elke dag tot ${wie} beslist, tot hoogstens € 1.442.`
      : `Omdat ${wie} te laat was, betaalt ${wie} u een dwangsom van ${bedrag}.`);
  }
  if (!ib.beslist_op) {
    return para({ 'data-test': 'dwangsom' }, `U hebt ${wie} in gebreke gesteld op ${formatDate(ib.ontvangen_op)}. `,
      `Beslist ${wie} niet voor ${formatDate(ib.dwangsom_eerste_dag)}, dan betaalt ${wie} u vanaf die dag een dwangsom.`);
  }
  return null;
}

// The block for one address's dossier; null when there is no term to tell about.
export function termijnenBlock(dossier, level) {
  const terms = dossier.termijnen || [];
  if (!terms.length) return null;
  const kop = `termijnen-${dossier.adres.nummeraanduiding_id}`;
  return h('section.sl-card', { 'aria-labelledby': kop, 'data-test': 'termijnen' },
    heading(level, 'Wanneer moet er beslist zijn?', { id: kop }),
    terms.map((t) => h('div.sl-termijn', para({ 'data-test': 'termijn' }, sentence(t)), penalty(t))),
    h('details.sl-details',
      h('summary', 'Wat is een termijn?'),
      para('Een termijn is de tijd die IMG of NCG heeft om iets te doen, bijvoorbeeld om te beslissen over uw schade. ',
        'Wacht de organisatie op iets van u, zoals een formulier, dan staat de termijn zolang stil. Soms wordt een termijn verlengd; dan ziet u hier de nieuwe datum.'),
      para('Is IMG te laat met beslissen? Dan kunt u IMG schriftelijk in gebreke stellen. Beslist IMG dan nog niet binnen twee weken, ',
        'dan betaalt IMG u een dwangsom voor elke dag dat het besluit later komt: eerst € 23, later € 35 en € 45 per dag, samen hoogstens € 1.442.')));
}
