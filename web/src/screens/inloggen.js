// inloggen.js - the login form. After logging in the user goes back to the page
// that asked for it (?terug=), or to the start page of their role.

import { h, heading, para, field, textbox, submit, alert } from '../dom.js';
import { login } from '../session.js';

export default async function inloggen(main, ctx) {
  const { query } = ctx;
  const notices = h('div.sl-notices');
  if (query.get('verlopen')) notices.append(alert('warning', 'Uw sessie is verlopen. Log opnieuw in; daarna gaat u verder waar u was.'));
  if (query.get('uitgelogd')) notices.append(alert('ok', 'U bent uitgelogd.'));

  const naam = textbox({ name: 'gebruikersnaam', autocomplete: 'username', required: true, autocapitalize: 'none', spellcheck: 'false' });
  const wachtwoord = textbox({ name: 'wachtwoord', type: 'password', autocomplete: 'current-password', required: true });
  const errorBox = h('div', { 'aria-live': 'assertive' });
  const form = h('form.sl-form.sl-login', { novalidate: true },
    field('Gebruikersnaam', naam, { id: 'gebruikersnaam' }),
    field('Wachtwoord', wachtwoord, { id: 'wachtwoord' }),
    h('div.utrecht-button-group', submit('Inloggen')));

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    errorBox.replaceChildren();
    const missing = [];
    if (!naam.value.trim()) missing.push('Vul uw gebruikersnaam in.');
    if (!wachtwoord.value) missing.push('Vul uw wachtwoord in.');
    if (missing.length) {
      errorBox.append(alert('error', missing.join(' ')));
      (naam.value.trim() ? wachtwoord : naam).focus();
      return;
    }
    const btn = form.querySelector('button[type=submit]');
    btn.disabled = true;
    try {
      const u = await login(naam.value.trim(), wachtwoord.value);
      const terug = query.get('terug');
      // only a local path, never an absolute URL (no open redirect)
      const target = terug && terug.startsWith('/') && !terug.startsWith('//') ? terug : ctx.homeFor(u);
      ctx.navigate(target, { replace: true });
    } catch (err) {
      wachtwoord.value = '';
      const text = err.status === 429
        ? 'Te veel mislukte pogingen. Wacht een kwartier en probeer het dan opnieuw.'
        : err.status === 401 ? 'De gebruikersnaam of het wachtwoord klopt niet.' : err.describe();
      errorBox.append(alert('error', text));
      wachtwoord.focus();
    } finally {
      btn.disabled = false;
    }
  });

  main.append(
    heading(1, 'Inloggen'),
    para('Log in met de gebruikersnaam en het wachtwoord die u van de beheerder van samenloop hebt gekregen.'),
    notices, errorBox, form);
  ctx.title('Inloggen');
}
