// mijn_woning_opnames.js - Mijn woning's part on the inspections (issue 14): both
// dates in plain Dutch once the planner confirmed them (the API's `tekst`), the wish
// for a joint inspection as the resident gave it, or the form to give it.

import { opnameWens } from '../opname_wens.js';

export function mijnWoningOpnames(dossier, level) {
  return opnameWens(dossier, {
    level,
    resident: true,
    datesIntro: 'IMG en NCG komen samen, of kort na elkaar, om uw huis op te nemen. Kunt u niet op deze dagen? Neem dan contact op met uw bewonersbegeleider.',
  });
}
