// mijn_woning.js - being built (issue #5); replaced by the screen itself.
import { heading, para } from '../dom.js';

export default async function screen(main, ctx) {
  main.append(heading(1, 'mijn_woning'), para('Dit scherm is nog niet klaar.'));
  ctx.title('mijn_woning');
}
