// Regels (beheerder, issue 17): the matrix in force as a table, a cell edited in place
// with its labelled select, a preview in plain Dutch that changes nothing, publishing
// with a reason (a missing reason named at its field), the new version in the history
// with who and why, and an old version viewable; a second beheerder's stale page is
// refused with a way on. At 390 px the table stacks.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, newPage, login, checkA11y, apiGet } from './harness.mjs';

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

// The cell of the matrix that holds the most addresses of the demo, and a group it
// does not have: changing it moves addresses.
let target;
function busiestCell() {
  const [stap, fase, groep] = server.sql("SELECT stap, fase, groep FROM classificatie WHERE potentieel = 'beide_lopend'"
    + ' GROUP BY stap, fase, groep ORDER BY count(*) DESC, stap, fase LIMIT 1').split('|');
  return { stap, fase, groep, nieuw: groep === 'F' ? 'A' : 'F' };
}

function cell(page) {
  return page.getByLabel(new RegExp(`^Groep bij stap ${target.stap.replace('.', '\\.')} .*, schade in fase ${target.fase}$`));
}

function groupsOfCell() {
  return server.sql(`SELECT DISTINCT groep || ':' || matrixversie FROM classificatie WHERE stap = '${target.stap}'`
    + ` AND fase = '${target.fase}' AND potentieel = 'beide_lopend' ORDER BY 1`);
}

test('view, edit, preview, publish, history', async () => {
  const page = await newPage(browser, server);
  await login(page, server, 'beheerder');
  await page.getByRole('link', { name: /Regels: de samenwerkingsmatrix/ }).click();
  await page.getByRole('table', { name: /versie 1 \(geldt nu\)/ }).waitFor();
  target = busiestCell();
  assert.equal(await cell(page).inputValue(), target.groep);
  await checkA11y(page, 'regels');

  const before = groupsOfCell();
  await cell(page).selectOption(target.nieuw);
  await page.getByText(`(was ${target.groep})`).waitFor();
  await page.getByRole('button', { name: 'Voorvertoning' }).click();
  const preview = page.getByRole('status').filter({ hasText: 'Er is nog niets veranderd' });
  await preview.waitFor();
  const text = await preview.innerText();
  assert.ok(text.includes(`groep ${target.groep} wordt groep ${target.nieuw}`), text);
  assert.match(text, new RegExp(`van groep ${target.groep} naar groep ${target.nieuw}: \\d+ (adres|adressen) \\(bijvoorbeeld \\d{16}`));
  assert.equal(groupsOfCell(), before, 'the preview changed nothing');

  // no reason: named at its field, nothing published
  await page.getByRole('button', { name: 'Publiceren als versie 2' }).click();
  const reden = page.getByLabel('Reden van deze versie');
  await page.locator('#' + (await reden.getAttribute('id')) + '-fout').waitFor();
  assert.equal(await reden.getAttribute('aria-invalid'), 'true');
  assert.equal(await reden.evaluate((el) => el === document.activeElement), true, 'focus on the field to fix');

  await reden.fill('Proef: een andere groep in de drukste cel');
  await page.getByRole('button', { name: 'Publiceren als versie 2' }).click();
  await page.getByText('Versie 2 is gepubliceerd en geldt nu.').waitFor();
  await page.getByRole('table', { name: /versie 2 \(geldt nu\)/ }).waitFor();
  assert.equal(await cell(page).inputValue(), target.nieuw);
  assert.equal(groupsOfCell(), `${target.nieuw}:2`, 're-classified with version 2');

  const history = page.getByRole('table', { name: 'Alle versies van de samenwerkingsmatrix' });
  await history.waitFor();
  const rows = await history.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent.trim())));
  assert.deepEqual(rows.map((r) => [r[0], r[2], r[3]]), [
    ['2 (geldt nu)', 'beheerder', 'Proef: een andere groep in de drukste cel'],
    ['1', 'samenloop (standaard uit de specificatie)', 'Samenwerkingsmatrix, standaard uit de specificatie'],
  ]);
  await page.getByRole('link', { name: 'Versie 1 bekijken' }).click();
  await page.getByText('Deze versie geldt niet meer').waitFor();
  const old = page.getByRole('table', { name: 'Samenwerkingsmatrix, versie 1' });
  assert.equal(await old.locator('select').count(), 0, 'an old version is read-only');
  await checkA11y(page, 'regels-versie');
  page.assertClean();
});

test('signal rules: a due period and the addressees edited in place, previewed, published', async () => {
  const page = await newPage(browser, server);
  await login(page, server, 'beheerder');
  await page.goto('/beheer/regels');
  await page.getByRole('link', { name: 'Signaalregels' }).click();
  await page.getByRole('table', { name: /Signaalregels, versie 1 \(geldt nu\)/ }).waitFor();
  await checkA11y(page, 'regels-signaal');
  const termijn = page.getByLabel('Termijn in dagen van regel 2');
  assert.equal(await termijn.inputValue(), '10');
  await termijn.fill('12');
  const aan = page.getByRole('group', { name: 'Aan wie gaat regel 2' });
  await aan.getByLabel('Coördinator').check();
  await page.getByRole('button', { name: 'Voorvertoning' }).click();
  const preview = page.getByRole('status').filter({ hasText: 'Er is nog niets veranderd' });
  await preview.waitFor();
  assert.match(await preview.innerText(), /U wijzigt 1 regel ten opzichte van versie 1: regel 2\./);
  await page.getByLabel('Reden van deze versie').fill('Regel 2: twee dagen meer, ook aan de coördinator');
  await page.getByRole('button', { name: 'Publiceren als versie 2' }).click();
  await page.getByText('Versie 2 is gepubliceerd en geldt nu.').waitFor();
  assert.equal(await page.getByLabel('Termijn in dagen van regel 2').inputValue(), '12');
  assert.equal(server.sql("SELECT termijn_dagen || ' ' || aan FROM signaalregel WHERE versie = 2 AND regel = 2"),
    '12 bewonersbegeleider,coordinator');
  const history = page.getByRole('table', { name: 'Alle versies van de signaalregels' });
  await history.waitFor(); // the notice shows before the list of versions is loaded
  assert.equal(await history.locator('tbody tr').count(), 2);
  page.assertClean();
});

test('a stale page is refused, and the table stacks at 390 px', async () => {
  const page = await newPage(browser, server);
  await page.setViewportSize({ width: 390, height: 844 });
  await login(page, server, 'beheerder');
  await page.goto('/beheer/regels');
  await page.getByRole('table', { name: /geldt nu/ }).waitFor();
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `no sideways scrolling: ${width}`);
  const token = server.token('beheerder');
  const { body: versies } = await apiGet(server, token, '/regelsets/matrix');
  // another beheerder publishes meanwhile
  const { body: cur } = await apiGet(server, token, `/regelsets/matrix/versies/${versies.actueleVersie}`);
  const r = await fetch(`${server.url}/api/v1/regelsets/matrix/versies`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'If-Match': `"${versies.actueleVersie}"` },
    body: JSON.stringify({ reden: 'tegelijk', cellen: cur.cellen }),
  });
  assert.equal(r.status, 201);
  await page.getByLabel('Reden van deze versie').fill('te laat');
  await page.getByRole('button', { name: /Publiceren als versie/ }).click();
  await page.getByRole('alert').filter({ hasText: 'Een andere beheerder heeft intussen' }).waitFor();
  await page.getByRole('link', { name: 'Laad de geldende versie' }).waitFor();
  page.assertClean();
});

// The term table (decision 225): a length, a unit and a compensation in euros edited in
// place, a bad length named at its field, a preview that counts the terms whose status
// changes, published as version 2 (cents in the register); at 390 px the rows stack.
test('term table: edited in place, previewed, a fault at its field, published; stacked at 390 px', async () => {
  const page = await newPage(browser, server);
  await login(page, server, 'beheerder');
  await page.goto('/beheer/regels');
  await page.getByRole('link', { name: 'Termijnen' }).click();
  await page.getByRole('table', { name: /Termijnen, versie 1 \(geldt nu\)/ }).waitFor();
  await checkA11y(page, 'regels-termijn');
  const lengte = page.getByLabel(/^Lengte van IMG beslist/);
  assert.equal(await lengte.inputValue(), '182');
  await lengte.fill('3650');
  await page.getByLabel(/^Eenheid van IMG beslist/).selectOption('dagen');
  await page.getByLabel(/^Compensatie per dag in euro bij IMG beslist/).fill('12.50');
  await page.getByLabel(/^Maximale compensatie in euro bij IMG beslist/).fill('1500');
  await page.getByRole('button', { name: 'Voorvertoning' }).click();
  const preview = page.getByRole('status').filter({ hasText: 'Er is nog niets veranderd' });
  await preview.waitFor();
  const text = await preview.innerText();
  assert.match(text, /U wijzigt 1 soort termijn ten opzichte van versie 1: img_beslistermijn\./);
  assert.match(text, /img_beslistermijn: van \S+ naar \S+: \d+ termijnen? \(bijvoorbeeld \d{16}/);
  assert.equal(server.sql('SELECT count(*) FROM termijnregelset'), '0', 'the preview wrote nothing');

  // a length of 0 is named at its field, nothing published
  await lengte.fill('0');
  await page.getByLabel('Reden van deze versie').fill('IMG: tien jaar, met compensatie');
  await page.getByRole('button', { name: 'Publiceren als versie 2' }).click();
  await page.locator('#' + (await lengte.getAttribute('id')) + '-fout').waitFor();
  assert.equal(await lengte.getAttribute('aria-invalid'), 'true');
  assert.equal(server.sql('SELECT count(*) FROM termijnregelset'), '0');

  await lengte.fill('3650');
  await page.getByRole('button', { name: 'Publiceren als versie 2' }).click();
  await page.getByText('Versie 2 is gepubliceerd en geldt nu.').waitFor();
  assert.equal(server.sql("SELECT lengte || ' ' || compensatie_per_dag || ' ' || compensatie_max FROM termijndefinitie"
    + " WHERE versie = 2 AND soort = 'img_beslistermijn'"), '3650 1250 150000', 'cents in the register');
  const history = page.getByRole('table', { name: 'Alle versies van de termijnen' });
  await history.waitFor(); // the notice shows before the list of versions is loaded
  assert.equal(await history.locator('tbody tr').count(), 2);

  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByRole('table', { name: /Termijnen, versie 2 \(geldt nu\)/ }).waitFor();
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `no sideways scrolling: ${width}`);
  page.assertClean();
});
