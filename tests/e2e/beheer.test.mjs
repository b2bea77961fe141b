// Beheer (beheerder): the list of accounts, adding one by keyboard (who can then log
// in), the password rule and the server's role rules as clear errors, deactivating an
// account, and API tokens: made (secret shown once, works with the API), revoked after
// a confirmation (then 401).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, newPage, login, checkA11y, tabTo, apiGet } from './harness.mjs';

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

async function tryLogin(page, name, password) {
  await page.goto('/inloggen');
  await page.getByLabel('Gebruikersnaam').fill(name);
  await page.getByLabel('Wachtwoord').fill(password);
  await page.getByRole('button', { name: 'Inloggen' }).click();
}

test('the list shows every account with role, organisation, municipality and addresses', async () => {
  const page = await newPage(browser, server);
  await login(page, server, 'beheerder');
  assert.equal(new URL(page.url()).pathname, '/beheer');
  const tbl = page.getByRole('table', { name: /Alle gebruikers/ });
  await tbl.waitFor();
  const rows = await tbl.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent.trim())));
  const byName = Object.fromEntries(rows.map((r) => [r[0], r]));
  for (const name of Object.keys(server.accounts)) assert.ok(byName[name], `${name} listed`);
  assert.deepEqual(byName.gemeente.slice(1, 4), ['Gemeente', '–', 'Groningen (0014)']);
  assert.deepEqual(byName.zaakbegeleider.slice(1, 3), ['Zaakbegeleider (IMG)', 'IMG']);
  assert.equal(byName.bewoner[4], server.addresses.eigen);
  assert.equal(byName.management[5], 'Actief');
  await checkA11y(page, 'beheer');
  page.assertClean();
});

test('add an account by keyboard: the password rule, a role rule from the server, then the new user logs in', async () => {
  const page = await newPage(browser, server);
  await login(page, server, 'beheerder');
  await page.getByRole('table', { name: /Alle gebruikers/ }).waitFor();
  // only the fields a role uses are shown
  assert.equal(await page.getByLabel('Gemeente', { exact: true }).isVisible(), false);
  await page.getByLabel('Rol', { exact: true }).selectOption('gemeente');
  assert.equal(await page.getByLabel('Gemeente', { exact: true }).isVisible(), true);
  assert.equal(await page.getByLabel('Organisatie').isVisible(), false);

  await tabTo(page, page.getByLabel('Gebruikersnaam'));
  await page.keyboard.type('nieuwe.collega');
  await page.keyboard.press('Tab');
  await page.getByLabel('Rol', { exact: true }).selectOption('zaakbegeleider');
  assert.equal(await page.getByLabel('Gemeente', { exact: true }).isVisible(), false);
  await page.keyboard.press('Tab');
  await page.getByLabel('Organisatie').selectOption('NCG'); // wrong: a zaakbegeleider works at IMG
  await tabTo(page, page.getByLabel('Wachtwoord'));
  await page.keyboard.type('te kort');
  await page.keyboard.press('Enter');
  await page.getByText('Het wachtwoord is te kort: minstens 12 tekens.').waitFor();
  assert.equal(await page.getByLabel('Wachtwoord').getAttribute('aria-invalid'), 'true');
  assert.equal(await page.getByLabel('Wachtwoord').evaluate((el) => el === document.activeElement), true, 'focus on the field to fix');
  await checkA11y(page, 'beheer-fout');

  const password = 'een lange zin als wachtwoord';
  await page.keyboard.type(password);
  await page.keyboard.press('Enter');
  const refusal = page.getByRole('alert').filter({ hasText: 'een zaakbegeleider werkt bij IMG' });
  await refusal.waitFor();
  const refusalText = await refusal.innerText();
  assert.ok(refusalText.includes('kies organisatie IMG'), refusalText);
  assert.ok(!refusalText.includes('--'), `no command-line flag on the screen: ${refusalText}`);
  assert.equal(await page.getByLabel('Wachtwoord').inputValue(), '', 'a refused password is not kept');

  await page.getByLabel('Organisatie').selectOption('IMG');
  await page.getByLabel('Wachtwoord').fill(password);
  await page.getByLabel('Wachtwoord').press('Enter');
  await page.getByRole('status').filter({ hasText: 'Gebruiker nieuwe.collega is toegevoegd als Zaakbegeleider (IMG)' }).waitFor();
  await page.getByRole('table', { name: /Alle gebruikers/ }).getByRole('link', { name: /^nieuwe\.collega/ }).waitFor();
  await checkA11y(page, 'beheer-toegevoegd');

  const other = await newPage(browser, server);
  await tryLogin(other, 'nieuwe.collega', password);
  await other.waitForURL(/\/werkvoorraad/);
  await other.close();

  // deactivated, the account can no longer log in
  await page.getByRole('link', { name: /^nieuwe\.collega/ }).click();
  await page.getByRole('heading', { name: 'Gebruiker nieuwe.collega' }).waitFor();
  await page.getByRole('button', { name: 'Account deactiveren' }).click();
  await page.getByRole('dialog', { name: 'nieuwe.collega deactiveren?' }).waitFor();
  await page.keyboard.press('Enter'); // focus starts on "Ja, deactiveren"
  await page.getByText('Het account is gedeactiveerd.').waitFor();
  const third = await newPage(browser, server);
  await tryLogin(third, 'nieuwe.collega', password);
  await third.getByRole('alert').waitFor();
  assert.match(new URL(third.url()).pathname, /\/inloggen/);
  third.assertClean();
  page.assertClean();
});

test('a data steward needs an organisation, and the beheerder appoints who delivers the BAG addresses', async () => {
  const page = await newPage(browser, server);
  await login(page, server, 'beheerder');
  await page.getByRole('table', { name: /Alle gebruikers/ }).waitFor();
  assert.equal(await page.getByLabel('Levert BAG-adressen').isVisible(), false);
  await page.getByLabel('Gebruikersnaam').fill('bron.bag');
  await page.getByLabel('Rol', { exact: true }).selectOption('datasteward');
  assert.equal(await page.getByLabel('Levert BAG-adressen').isVisible(), true, 'shown for a data steward');
  await page.getByLabel('Levert BAG-adressen').selectOption('ja');
  await page.getByLabel('Wachtwoord').fill('een lange zin als wachtwoord');
  await page.getByLabel('Wachtwoord').press('Enter');
  await page.getByText('Kies de organisatie waarvoor deze datasteward levert: IMG of NCG.').waitFor();
  await page.getByLabel('Organisatie').selectOption('NCG');
  await page.getByLabel('Wachtwoord').fill('een lange zin als wachtwoord');
  await page.getByLabel('Wachtwoord').press('Enter');
  await page.getByRole('status').filter({ hasText: 'Gebruiker bron.bag is toegevoegd' }).waitFor();
  await page.getByRole('table', { name: /Alle gebruikers/ }).getByRole('link', { name: /^bron\.bag/ }).click();
  await page.getByRole('heading', { name: 'Gebruiker bron.bag' }).waitFor();
  const value = await page.locator('.utrecht-data-list__item', { has: page.locator('dt:text-is("Levert BAG-adressen")') }).locator('dd').textContent();
  assert.equal(value.trim(), 'Ja');
  await checkA11y(page, null);
  // the appointment ends by keyboard, and can be given again
  const end = page.getByRole('button', { name: 'Aanwijzing voor BAG-adressen beëindigen' });
  await tabTo(page, end, 80);
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Aanwijzen voor BAG-adressen' }).waitFor();
  const after = await page.locator('.utrecht-data-list__item', { has: page.locator('dt:text-is("Levert BAG-adressen")') }).locator('dd').textContent();
  assert.equal(after.trim(), 'Nee');
  assert.equal(server.sql("SELECT CASE WHEN levert_adressen THEN 1 ELSE 0 END FROM gebruiker WHERE naam = 'bron.bag'"), '0');
  page.assertClean();
});

test('a token: made by keyboard, shown once, works with the API; revoked after confirmation, then 401', async () => {
  const page = await newPage(browser, server);
  await login(page, server, 'beheerder');
  await page.getByRole('table', { name: /Alle gebruikers/ }).getByRole('link', { name: /^management:/ }).click();
  await page.waitForURL(/\/beheer\?gebruiker=management/);
  await page.getByRole('heading', { name: 'API-tokens', level: 3 }).waitFor();
  await page.getByText('Deze gebruiker heeft geen API-tokens.').waitFor();
  await checkA11y(page, 'beheer-gebruiker');

  await tabTo(page, page.getByLabel('Omschrijving'));
  await page.keyboard.type('dashboard-koppeling');
  await page.keyboard.press('Enter');
  await page.getByText('Het wordt niet opnieuw getoond.').waitFor();
  const secret = await page.getByLabel('Token', { exact: true }).inputValue();
  assert.match(secret, /^sl_[A-Za-z0-9_-]{43}$/);
  await checkA11y(page, 'beheer-token');

  const ok = await apiGet(server, secret, '/statistieken');
  assert.equal(ok.status, 200, 'the new token works');
  const row = page.getByRole('table', { name: 'API-tokens van management' }).locator('tbody tr').filter({ hasText: 'dashboard-koppeling' });
  await row.filter({ hasText: 'Werkt' }).waitFor();

  // shown once: after a reload the secret is nowhere on the page
  await page.reload();
  await page.getByRole('table', { name: 'API-tokens van management' }).waitFor();
  assert.equal((await page.content()).includes(secret), false);

  // revoke: Escape cancels, "Ja, intrekken" revokes
  const intrekken = row.getByRole('button', { name: /intrekken/ });
  await tabTo(page, intrekken, 120);
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: /intrekken\?/ });
  await dialog.waitFor();
  await checkA11y(page, 'beheer-intrekken');
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  assert.equal((await apiGet(server, secret, '/statistieken')).status, 200, 'cancel changes nothing');
  await intrekken.focus();
  await page.keyboard.press('Enter');
  await dialog.getByRole('button', { name: 'Ja, intrekken' }).waitFor();
  await page.keyboard.press('Enter');
  await page.getByText(/is ingetrokken\. Het werkt niet meer\./).waitFor();
  await row.filter({ hasText: 'Ingetrokken op' }).waitFor();
  assert.equal((await apiGet(server, secret, '/statistieken')).status, 401, 'a revoked token is refused');
  page.assertClean();
});

test('a new password by keyboard: too short is named at the field; then it works and the old sessions end', async () => {
  const oud = 'het oude wachtwoord van de planner';
  const nieuw = 'een nieuw en lang wachtwoord';
  server.cli(['user', 'add', '--name', 'vergeten.planner', '--role', 'planner', '--password-stdin'], `${oud}\n`);
  const zijn = await newPage(browser, server);
  await tryLogin(zijn, 'vergeten.planner', oud);
  await zijn.waitForURL((u) => !u.pathname.startsWith('/inloggen'));

  const page = await newPage(browser, server);
  await login(page, server, 'beheerder');
  await page.goto('/beheer?gebruiker=vergeten.planner');
  await page.getByRole('heading', { name: 'Nieuw wachtwoord instellen', level: 3 }).waitFor();
  await tabTo(page, page.getByLabel('Nieuw wachtwoord', { exact: true }));
  await page.keyboard.type('te kort');
  await page.keyboard.press('Enter');
  await page.getByText('Het wachtwoord is te kort: minstens 12 tekens.').waitFor();
  assert.equal(await page.getByLabel('Nieuw wachtwoord', { exact: true }).getAttribute('aria-invalid'), 'true');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'wachtwoord-nieuw', 'focus back on the field');
  await checkA11y(page, 'beheer-wachtwoord-fout');
  await page.getByLabel('Nieuw wachtwoord', { exact: true }).fill(nieuw);
  await page.keyboard.press('Enter');
  await page.getByText('Het wachtwoord van vergeten.planner is ingesteld. Open sessies van vergeten.planner zijn beëindigd.').waitFor();
  assert.equal(await page.getByLabel('Nieuw wachtwoord', { exact: true }).inputValue(), '', 'the password does not stay on screen');

  // the planner's open session has ended; the old password fails, the new one works
  await zijn.reload();
  await zijn.waitForURL(/\/inloggen/);
  const ander = await newPage(browser, server);
  await tryLogin(ander, 'vergeten.planner', oud);
  await ander.getByRole('alert').waitFor();
  assert.match(new URL(ander.url()).pathname, /\/inloggen/);
  await tryLogin(ander, 'vergeten.planner', nieuw);
  await ander.waitForURL((u) => !u.pathname.startsWith('/inloggen'));
  page.assertClean();
});

test('only the beheerder has the screen and the API', async () => {
  const page = await newPage(browser, server);
  await login(page, server, 'datasteward');
  await page.goto('/beheer');
  await page.getByRole('heading', { name: 'Pagina niet gevonden' }).waitFor();
  const status = await page.evaluate(async () => (await fetch('/api/v1/gebruikers')).status);
  assert.equal(status, 403);
  page.assertClean();
});
