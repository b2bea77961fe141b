// confirm_dialog.js - asking before a change that cannot be undone, in a native modal
// dialog: focus stays inside, Escape cancels. `text` is a sentence or nodes (a list
// of what will happen); resolves true when the user chose `yes`.

import { h, button } from './dom.js';

export function confirmDialog(title, text, yes) {
  return new Promise((resolve) => {
    const dlg = h('dialog.sl-dialog', { 'aria-labelledby': 'bevestig-kop', 'aria-describedby': 'bevestig-tekst' },
      h('h2.nl-heading.nl-heading--level-2', { id: 'bevestig-kop' }, title),
      typeof text === 'string' ? h('p.nl-paragraph', { id: 'bevestig-tekst' }, text) : h('div', { id: 'bevestig-tekst' }, text));
    const close = (answer) => {
      dlg.close();
      dlg.remove();
      resolve(answer);
    };
    const ja = button(yes, () => close(true), 'primary-action');
    dlg.append(h('div.utrecht-button-group', ja, button('Annuleren', () => close(false))));
    dlg.addEventListener('cancel', (e) => {
      e.preventDefault();
      close(false);
    });
    document.body.append(dlg);
    dlg.showModal();
    ja.focus();
  });
}
