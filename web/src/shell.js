// shell.js - the frame around every screen: skip link, header with the user and
// "Uitloggen", the main menu for the user's role, the main region and a footer.

import { h, append, clear, button } from './dom.js';
import { ROLES, gemeenteNaam } from './labels.js';

// 'Zaakbegeleider (IMG)', 'SVIP-medewerker (NCG)', 'Gemeente Groningen': the role and,
// where the label does not already say it, the organisation or the municipality's name.
function roleText(user) {
  const role = ROLES[user.rol] || user.rol;
  if (user.gemeentecode) return `${role} ${gemeenteNaam(user.gemeentecode)}`;
  return user.org && !role.includes(`(${user.org})`) ? `${role} (${user.org})` : role;
}

const SVG = 'http://www.w3.org/2000/svg';

// The samenloop mark: two lines, one for each body, that run on as one. Drawn inline
// (no request, no late size), hidden from screen readers: the word beside it is text.
function mark() {
  const svg = document.createElementNS(SVG, 'svg');
  for (const [k, v] of Object.entries({
    class: 'sl-logo__mark', viewBox: '0 0 40 32', width: '40', height: '32', 'aria-hidden': 'true', focusable: 'false',
  })) svg.setAttribute(k, v);
  for (const [d, cls] of [['M3 7c11 0 13 9 21 9h13', 'sl-logo__line'], ['M3 25c11 0 13-9 21-9', 'sl-logo__line sl-logo__line--second']]) {
    const path = document.createElementNS(SVG, 'path');
    path.setAttribute('d', d);
    path.setAttribute('class', cls);
    svg.append(path);
  }
  return svg;
}

// items: [{href, label}] for this user; current: the path being shown
export function renderShell(root, { user, items, current, onLogout }) {
  clear(root);
  // the item of this page: the longest one the path is in (/planning/capaciteit is
  // Capaciteit, not Planning)
  const here = items.filter((it) => current === it.href || current.startsWith(`${it.href}/`))
    .sort((a, b) => b.href.length - a.href.length)[0];
  const nav = user
    ? h('nav.rhc-nav-bar.sl-nav', { 'aria-label': 'Hoofdmenu' },
      h('div.rhc-nav-bar__container',
        h('ul.rhc-nav-bar__list', items.map((it) => h('li.rhc-nav-bar__item',
          h('a.rhc-nav-bar__link', {
            href: it.href,
            'aria-current': it === here ? 'page' : null,
          }, it.label))))))
    : null;
  const who = user
    ? h('p.sl-user',
      h('span.sl-user__name', user.naam),
      h('span.sl-user__role', ` · ${roleText(user)}`))
    : null;
  const out = user ? button('Uitloggen', onLogout, 'secondary-action', { 'data-test': 'uitloggen', class: 'sl-logout' }) : null;
  // busy until the screen has drawn what it loads: a screen reader waits for it
  const main = h('main.sl-main', { id: 'inhoud', tabindex: '-1', 'aria-busy': 'true' });
  // append() skips the menu when nobody is logged in (Element.append would print "null")
  append(root, [
    h('a.nl-skip-link.nl-skip-link--visible-on-focus', { href: '#inhoud' }, 'Direct naar de inhoud'),
    h('header.sl-header',
      h('div.sl-header__content',
        h('a.sl-logo', { href: '/' },
          mark(),
          h('span.sl-logo__text', 'samenloop'),
          h('span.sl-logo__sub', 'IMG en NCG samen')),
        who, out)),
    nav,
    main,
    h('footer.sl-footer',
      h('div.sl-footer__content',
        h('p.nl-paragraph', 'samenloop — het gedeelde register van het Instituut Mijnbouwschade Groningen (IMG) ',
          'en de Nationaal Coördinator Groningen (NCG). Demogegevens zijn verzonnen.'))),
  ]);
  return main;
}

// Sets the title and moves focus to the main heading, so a screen reader user
// hears which page opened (WCAG 2.4.2, 2.4.3).
export function pageTitle(main, text) {
  document.title = `${text} — samenloop`;
  const h1 = main.querySelector('h1');
  if (h1) {
    h1.setAttribute('tabindex', '-1');
    h1.focus({ preventScroll: false });
  }
}
