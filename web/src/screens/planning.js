// planning.js - the planner's start page. Joint inspection planning (SPEC §4.7)
// is a later issue; until then the page says so plainly instead of showing nothing.

import { heading, para } from '../dom.js';

export default async function planning(main, ctx) {
  main.append(heading(1, 'Planning'),
    para('Hier komt de gezamenlijke planning van opnames door IMG en NCG. Dat onderdeel is nog niet beschikbaar.'),
    para('Hebt u nu een vraag over een opname? Neem contact op met de coördinator.'));
  ctx.title('Planning');
}
