// main.js - boots the web UI: the route table (which role may open which screen),
// the session, and rendering a screen into the shell.

import './styles.css';

import { heading, para, link, alert } from './dom.js';
import { onSessionExpired } from './api.js';
import { route, match, allRoutes, navigate, startRouter } from './router.js';
import { renderShell, pageTitle } from './shell.js';
import { user, loadSession, logout, forget } from './session.js';
import { loadBegrippen, begrippenMislukt } from './labels.js';

const CASE_WORKERS = ['zaakbegeleider', 'bewonersbegeleider', 'svip', 'coordinator', 'interventieteam'];

// One line per screen. `roles` are who may open it (deny by default); `menu` its
// label in the main menu. Screens load on first use, so a resident never downloads
// the dashboard's chart library.
route('/inloggen', { public: true, load: () => import('./screens/inloggen.js') });
route('/werkvoorraad', { roles: CASE_WORKERS, menu: 'Werkvoorraad', load: () => import('./screens/werkvoorraad.js') });
route('/zoeken', { roles: CASE_WORKERS, menu: 'Zoeken', load: () => import('./screens/zoeken.js') });
route('/adressen/:id', { roles: [...CASE_WORKERS, 'bewoner'], load: () => import('./screens/dossier.js') });
route('/svip', { roles: ['svip'], menu: 'Verzoeken', load: () => import('./screens/svip.js') });
route('/dashboard', { roles: ['management', 'gemeente'], menu: 'Dashboard', load: () => import('./screens/dashboard.js') });
route('/mijn-woning', { roles: ['bewoner'], menu: 'Mijn woning', load: () => import('./screens/mijn_woning.js') });
route('/leveringen', { roles: ['datasteward'], menu: 'Leveringen', load: () => import('./screens/leveringen.js') });
route('/beheer', { roles: ['beheerder'], menu: 'Beheer', load: () => import('./screens/beheer.js') });
route('/beheer/regels', { roles: ['beheerder'], load: () => import('./screens/regels.js') });
route('/planning', { roles: ['planner'], menu: 'Planning', load: () => import('./screens/planning.js') });
route('/escalaties', { roles: ['interventieteam', 'coordinator'], menu: 'Escalaties', load: () => import('./screens/escalaties.js') });
route('/escalaties/:id', { roles: ['interventieteam', 'coordinator'], load: () => import('./screens/escalaties.js') });
route('/grootboek', { roles: ['zaakbegeleider', 'bewonersbegeleider', 'svip'], menu: 'Grootboek', load: () => import('./screens/grootboek.js') });
route('/planning/capaciteit', { roles: ['planner'], menu: 'Capaciteit', load: () => import('./screens/capaciteit.js') });

// Where each role starts after logging in.
const HOME = {
  zaakbegeleider: '/werkvoorraad',
  bewonersbegeleider: '/werkvoorraad',
  coordinator: '/werkvoorraad',
  interventieteam: '/werkvoorraad',
  svip: '/svip',
  management: '/dashboard',
  gemeente: '/dashboard',
  bewoner: '/mijn-woning',
  datasteward: '/leveringen',
  beheerder: '/beheer',
  planner: '/planning',
};

function homeFor(u) {
  return (u && HOME[u.rol]) || '/inloggen';
}

function menuFor(u) {
  return allRoutes().filter((r) => r.menu && r.roles.includes(u.rol)).map((r) => ({ href: r.pattern, label: r.menu }));
}

function allowed(r, u) {
  return r.public || (u && r.roles.includes(u.rol));
}

let renderSeq = 0;

async function render() {
  const seq = ++renderSeq;
  const path = location.pathname;
  const u = user();
  if (path === '/' || path === '') {
    navigate(homeFor(u), { replace: true });
    return;
  }
  const m = match(path);
  if (!u && !(m && m.route.public)) {
    navigate(`/inloggen?terug=${encodeURIComponent(path + location.search)}`, { replace: true });
    return;
  }
  const main = renderShell(document.getElementById('app'), {
    user: u,
    items: u ? menuFor(u) : [],
    current: path,
    onLogout: async () => {
      await logout();
      navigate('/inloggen?uitgelogd=1');
    },
  });
  if (begrippenMislukt()) {
    const fout = alert('error', 'De namen bij de codes konden niet worden geladen; u ziet nu de codes zelf. Laad de pagina later opnieuw.');
    fout.dataset.test = 'begrippen-fout';
    main.append(fout);
  }
  if (!m || !allowed(m.route, u)) {
    // The same answer whether the page does not exist or is not for this role:
    // a resident learns nothing about other addresses from it.
    main.append(heading(1, 'Pagina niet gevonden'),
      para('Deze pagina bestaat niet, of is niet voor u bedoeld.'),
      para(link(homeFor(u), 'Naar uw startpagina')));
    pageTitle(main, 'Pagina niet gevonden');
    main.setAttribute('aria-busy', 'false');
    return;
  }
  const query = new URLSearchParams(location.search);
  try {
    const screen = await m.route.load();
    if (seq !== renderSeq) return; // the user went on while the code loaded
    await screen.default(main, {
      user: u,
      params: m.params,
      query,
      navigate,
      home: homeFor(u),
      homeFor,
      title: (t) => pageTitle(main, t),
      stale: () => seq !== renderSeq,
    });
  } catch (err) {
    if (seq !== renderSeq) return;
    main.append(heading(1, 'Er ging iets mis'), alert('error', err.describe ? err.describe() : String(err.message || err)));
    pageTitle(main, 'Er ging iets mis');
  }
  if (seq === renderSeq) main.setAttribute('aria-busy', 'false');
}

onSessionExpired(() => {
  if (!user()) return;
  forget();
  const here = location.pathname + location.search;
  navigate(`/inloggen?verlopen=1&terug=${encodeURIComponent(here)}`, { replace: true });
});

// the vocabulary loads beside the session, so the first screen shows names, not codes
Promise.all([loadSession(), loadBegrippen()]).then(() => startRouter(render));

