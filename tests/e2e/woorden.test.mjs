// Words instead of codes: the municipality's name in the header, terms of the trade
// explained where they appear, history in plain words without delivery numbers, the
// SVIP log naming the street, and counts in the right number.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, newPage, login, checkA11y } from './harness.mjs';

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

test('the gemeente account is named by its municipality, not its code', async () => {
  const page = await newPage(browser, server);
  await login(page, server, 'gemeente');
  await page.getByText('Gemeente Groningen').first().waitFor();
  assert.equal(await page.getByText('Gemeente 0014').count(), 0);
  page.assertClean();
});

test('the dossier explains its terms and tells its history in words', async () => {
  // an address whose trajectory has a risk profile or programme with a term to explain
  const id = server.sqlAddress("SELECT nummeraanduiding_id FROM traject"
    + " WHERE risicoprofiel IN ('HRA', 'P90', 'P50') AND NOT afwezig ORDER BY 1 LIMIT 1");
  assert.ok(id, 'the register has a trajectory with a risk profile');
  const page = await newPage(browser, server);
  await login(page, server, 'bewonersbegeleider');
  await page.goto(`/adressen/${id}`);
  const ncg = page.locator('[data-test="spoor-ncg"]');
  await ncg.waitFor();
  const uitleg = await ncg.locator('[data-test="begrip"]').first().textContent();
  assert.match(uitleg, /^(Risicoprofiel P50|Risicoprofiel P90|HRA): /, 'the risk profile explained');
  const text = await page.locator('main').textContent();
  assert.doesNotMatch(text, /van niets naar/, 'no change from nothing');
  assert.doesNotMatch(text, /\(levering \d+\)/, 'no bare delivery numbers');
  await checkA11y(page, null);
  page.assertClean();
});

test('the SVIP log names the street and number, and counts in the right number', async () => {
  const page = await newPage(browser, server);
  await login(page, server, 'svip-ncg');
  const r = await fetch(`${server.url}/api/v1/verzoeken`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${server.token('svip-ncg')}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ nummeraanduiding_id: server.addresses.eigen, type: 'statusuitwisseling', doel: 'svip_verzoek', vraag: 'Waar staat het?' }),
  });
  assert.equal(r.status, 201, await r.text());
  const straat = server.sql(`SELECT straat FROM adres WHERE nummeraanduiding_id = ${Number(server.addresses.eigen)}`);
  await page.goto('/svip');
  const log = page.locator('[data-test="logboek-totaal"]');
  await log.waitFor();
  assert.doesNotMatch(await log.textContent(), /^1 verzoeken/);
  await page.getByRole('link', { name: new RegExp(straat) }).first().waitFor();
  assert.equal(await page.getByRole('link', { name: server.addresses.eigen, exact: true }).count(), 0, 'no BAG id as the link');
  page.assertClean();
});
