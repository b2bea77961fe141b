// Logging in and out, session expiry, the menu per role, and searching.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, newPage, login, checkA11y, tabTo } from './harness.mjs';

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('login page: labelled fields, clear errors, accessible', async () => {
  const page = await newPage(browser, server);
  await page.goto('/');
  await page.waitForURL(/\/inloggen/);
  await checkA11y(page, 'inloggen');
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await assert.doesNotReject(page.getByRole('alert').filter({ hasText: 'Vul uw gebruikersnaam in' }).waitFor());
  await page.getByLabel('Gebruikersnaam').fill('zaakbegeleider');
  await page.getByLabel('Wachtwoord').fill('niet-het-goede-wachtwoord');
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await page.getByRole('alert').filter({ hasText: 'klopt niet' }).waitFor();
  assert.equal(await page.getByLabel('Wachtwoord').inputValue(), '', 'a wrong password is cleared');
  await checkA11y(page, null);
  page.assertClean();
});

test('login by keyboard only, then logout ends the session on the server', async () => {
  const page = await newPage(browser, server);
  await page.goto('/inloggen');
  await tabTo(page, page.getByLabel('Gebruikersnaam'));
  await page.keyboard.type('zaakbegeleider');
  await page.keyboard.press('Tab');
  await page.keyboard.type(server.accounts.zaakbegeleider);
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/werkvoorraad/);
  const me = await page.evaluate(async () => (await fetch('/api/v1/sessies/huidig')).status);
  assert.equal(me, 200);
  await page.getByRole('button', { name: 'Uitloggen' }).click();
  await page.waitForURL(/\/inloggen\?uitgelogd=1/);
  await page.getByText('U bent uitgelogd').waitFor();
  const after = await page.evaluate(async () => (await fetch('/api/v1/sessies/huidig')).status);
  assert.equal(after, 401, 'the session cookie no longer works');
  page.assertClean();
});

test('an expired session sends the user to login and back to where they were', async () => {
  const page = await newPage(browser, server);
  await login(page, server, 'zaakbegeleider');
  await page.goto(`/zoeken?postcode=9999ZZ&huisnummer=1`);
  await page.getByRole('heading', { name: 'Zoeken', level: 1 }).waitFor();
  // the server forgets every session (as after idle expiry)
  server.sql('DELETE FROM sessie');
  await page.getByLabel('Postcode').fill('9711AA');
  await page.getByLabel('Huisnummer').fill('1');
  await page.getByRole('button', { name: 'Zoeken' }).first().click();
  await page.waitForURL(/\/inloggen\?verlopen=1/);
  await page.getByText('Uw sessie is verlopen').waitFor();
  await page.getByLabel('Gebruikersnaam').fill('zaakbegeleider');
  await page.getByLabel('Wachtwoord').fill(server.accounts.zaakbegeleider);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await page.waitForURL(/\/zoeken\?postcode=9711AA/);
  page.assertClean();
});

test('each role gets its own start page and menu', async () => {
  const expect = {
    zaakbegeleider: ['/werkvoorraad', ['Werkvoorraad', 'Zoeken', 'Grootboek']],
    svip: ['/svip', ['Werkvoorraad', 'Zoeken', 'Verzoeken', 'Grootboek']],
    management: ['/dashboard', ['Dashboard']],
    gemeente: ['/dashboard', ['Dashboard']],
    bewoner: ['/mijn-woning', ['Mijn woning']],
    datasteward: ['/leveringen', ['Leveringen']],
    beheerder: ['/beheer', ['Beheer']],
    planner: ['/planning', ['Planning', 'Capaciteit']],
    interventieteam: ['/werkvoorraad', ['Werkvoorraad', 'Zoeken', 'Escalaties']],
  };
  for (const [role, [home, menu]] of Object.entries(expect)) {
    const page = await newPage(browser, server);
    await login(page, server, role === 'svip' ? 'svip-img' : role);
    assert.equal(new URL(page.url()).pathname, home, `${role} starts at ${home}`);
    const items = await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link').allTextContents();
    assert.deepEqual(items, menu, `menu of ${role}`);
    await page.close();
  }
});

test('a screen not meant for the role answers "not found", without data', async () => {
  const page = await newPage(browser, server);
  await login(page, server, 'management');
  for (const path of ['/beheer', '/zoeken', `/adressen/${server.addresses.eigen}`, '/bestaat-niet']) {
    await page.goto(path);
    await page.getByRole('heading', { name: 'Pagina niet gevonden' }).waitFor();
  }
  await checkA11y(page, null);
  page.assertClean();
});

test('search by postcode and house number finds the address and opens its dossier', async () => {
  const [postcode, huisnummer, straat] = server.sql(
    `SELECT postcode, huisnummer, straat FROM adres WHERE nummeraanduiding_id = ${Number(server.addresses.eigen)}`).split('|');
  const page = await newPage(browser, server);
  await login(page, server, 'zaakbegeleider');
  await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Zoeken' }).click();
  await page.getByRole('heading', { name: 'Zoeken', level: 1 }).waitFor();
  await checkA11y(page, 'zoeken');
  // the way people type it: lower case with a space
  await page.getByLabel('Postcode').fill(`${postcode.slice(0, 4)} ${postcode.slice(4).toLowerCase()}`);
  await page.getByLabel('Huisnummer').fill(huisnummer);
  await page.getByRole('button', { name: 'Zoeken' }).first().click();
  await page.getByRole('heading', { name: '1 adres gevonden' }).waitFor();
  await checkA11y(page, 'zoeken-resultaat');
  await page.getByRole('link', { name: new RegExp(straat) }).click();
  await page.waitForURL(`**/adressen/${server.addresses.eigen}`);
  page.assertClean();
});

test('a number without letter or addition lists the addresses on it to choose from', async () => {
  const row = server.sql("SELECT postcode, huisnummer FROM adres WHERE toevoeging <> '' OR huisletter <> ''"
    + ' GROUP BY postcode, huisnummer HAVING count(*) > 1 ORDER BY postcode, huisnummer LIMIT 1');
  assert.ok(row, 'the register has a number with several additions');
  const [postcode, huisnummer] = row.split('|');
  const n = Number(server.sql(`SELECT count(*) FROM adres WHERE postcode = '${postcode}' AND huisnummer = ${huisnummer}`));
  const page = await newPage(browser, server);
  await login(page, server, 'zaakbegeleider');
  await page.goto(`/zoeken?postcode=${postcode}&huisnummer=${huisnummer}`);
  await page.getByRole('heading', { name: `${n} adressen gevonden` }).waitFor();
  await page.locator('[data-test="toevoegingen"]').waitFor();
  assert.equal(await page.locator('.sl-results tbody tr').count(), n, 'each address on the number');
  await checkA11y(page, null);
  page.assertClean();
});

test('a wrong postcode or number is named at its field in plain words', async () => {
  const page = await newPage(browser, server);
  await login(page, server, 'zaakbegeleider');
  await page.goto('/zoeken?postcode=12&huisnummer=x');
  const postcode = page.getByLabel('Postcode');
  await page.locator('#postcode-fout').waitFor();
  assert.equal(await postcode.getAttribute('aria-invalid'), 'true');
  assert.ok((await postcode.getAttribute('aria-describedby')).includes('postcode-fout'), 'read with the field');
  assert.equal(await page.getByLabel('Huisnummer').getAttribute('aria-invalid'), 'true');
  assert.match(await page.locator('#huisnummer-fout').textContent(), /^[A-Z].{7,}\.$/);
  await checkA11y(page, null);
  page.assertClean();
});

test('search with nothing found says so', async () => {
  const page = await newPage(browser, server);
  await login(page, server, 'bewonersbegeleider');
  await page.goto('/zoeken?postcode=9999ZZ&huisnummer=999');
  await page.getByText('Geen adres gevonden').waitFor();
  page.assertClean();
});
