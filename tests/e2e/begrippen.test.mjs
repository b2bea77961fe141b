// One vocabulary served by the API (issue 17, decision 236): the screens name a code
// with the word GET /api/v1/begrippen gives, staff and resident alike, and when the
// words cannot be loaded they show the code with a plain error, never a blank.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, newPage, login, checkA11y } from './harness.mjs';

let server;
let browser;
let stap;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  stap = server.sql(`SELECT stap FROM traject WHERE nummeraanduiding_id = ${Number(server.addresses.eigen)} AND NOT afwezig`);
  assert.ok(stap, 'the own address has a trajectory');
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const NIEUW = 'Stapnaam uit de woordenlijst';

// Serves the real vocabulary with the own address's step renamed.
async function renamedStep(page) {
  let served = 0;
  await page.route('**/api/v1/begrippen', async (route) => {
    const response = await route.fetch();
    const body = await response.json();
    const entry = body.stappen.find((s) => s.code === stap);
    entry.naam = NIEUW;
    served += 1;
    await route.fulfill({ response, json: body });
  });
  return () => served;
}

test('the dossier and Mijn woning name the step with the word the API serves', async () => {
  for (const [role, path, track] of [
    ['bewonersbegeleider', `/adressen/${server.addresses.eigen}`, '[data-test="spoor-ncg"]'],
    ['bewoner', '/mijn-woning', 'main'],
  ]) {
    const page = await newPage(browser, server);
    const served = await renamedStep(page);
    await login(page, server, role);
    await page.goto(path);
    await page.locator(track).getByText(NIEUW).first().waitFor();
    assert.ok(served() >= 1, 'the vocabulary came from the API');
    if (role === 'bewonersbegeleider' && /^\d/.test(stap)) {
      assert.match(await page.locator(track).textContent(), new RegExp(`${stap.replace('.', '\\.')} ${NIEUW}`),
        'the staff see the number before the name');
    }
    assert.equal(await page.locator('[data-test="begrippen-fout"]').count(), 0, 'no error when the words came');
    page.assertClean();
    await page.close();
  }
});

test('the dossier and Mijn woning name a claim\'s regeling with the word the API serves', async () => {
  const regeling = server.sql(`SELECT regeling FROM schade WHERE nummeraanduiding_id = ${Number(server.addresses.eigen)} AND NOT afwezig AND regeling IS NOT NULL AND regeling <> '' ORDER BY img_id LIMIT 1`);
  assert.ok(regeling, 'the own address has a claim with a regeling');
  const naam = 'Regeling uit de woordenlijst';
  for (const [role, path, track] of [
    ['zaakbegeleider', `/adressen/${server.addresses.eigen}`, '[data-test="spoor-img"]'],
    ['bewoner', '/mijn-woning', 'main'],
  ]) {
    const page = await newPage(browser, server);
    await page.route('**/api/v1/begrippen', async (route) => {
      const response = await route.fetch();
      const body = await response.json();
      body.regelingen.find((r) => r.code === regeling).naam = naam;
      await route.fulfill({ response, json: body });
    });
    await login(page, server, role);
    await page.goto(path);
    await page.locator(track).getByText(naam).first().waitFor();
    const text = await page.locator(track).textContent();
    assert.doesNotMatch(text, new RegExp(`[·(] ?${regeling}\\b`), `${role}: the regeling's code is not shown`);
    page.assertClean();
    await page.close();
  }
});

test('without the vocabulary the dossier shows the codes and says why, never a blank', async () => {
  const page = await newPage(browser, server);
  await page.route('**/api/v1/begrippen', (route) => route.fulfill({
    status: 503, contentType: 'application/problem+json',
    body: JSON.stringify({ title: 'Niet beschikbaar', status: 503, detail: 'Probeer het later opnieuw.' }),
  }));
  await login(page, server, 'bewonersbegeleider');
  await page.goto(`/adressen/${server.addresses.eigen}`);
  const ncg = page.locator('[data-test="spoor-ncg"]');
  await ncg.waitFor();
  const fout = page.locator('[data-test="begrippen-fout"]');
  await fout.waitFor();
  assert.match(await fout.textContent(), /codes/);
  assert.match(await ncg.textContent(), new RegExp(stap.replace('.', '\\.')), 'the step as its code');
  await checkA11y(page, null); // also: no "undefined" or "[object Object]" anywhere
  page.assertClean();
});
