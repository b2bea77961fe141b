// The dossier of one address: both tracks with their history, the category and
// group explained, buddies and coordinator, the six elements edited with If-Match
// (and a clear message when someone else saved first), signals acted on, SVIP
// requests, consent and basis, withheld parts explained; a resident sees only their
// own address.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, newPage, login, checkA11y, tabTo, apiGet } from './harness.mjs';

let server;
let browser;
const tokens = {};

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  for (const name of ['zaakbegeleider', 'svip-img', 'svip-ncg', 'bewonersbegeleider']) tokens[name] = server.token(name);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function apiSend(token, method, path, body, headers = {}) {
  const r = await fetch(`${server.url}/api/v1${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: r.status, body: await r.json() };
}

async function openDossier(page, id) {
  await page.goto(`/adressen/${id}`);
  await page.locator('[data-test="spoor-ncg"], h1:has-text("Pagina niet gevonden")').first().waitFor();
}

test('each role that may open a dossier sees both tracks, the group explained and the contacts', async () => {
  const id = server.addresses.eigen;
  const street = server.sql(`SELECT straat FROM adres WHERE nummeraanduiding_id = ${Number(id)}`);
  const roles = ['zaakbegeleider', 'bewonersbegeleider', 'svip-img', 'svip-ncg', 'coordinator', 'interventieteam', 'bewoner'];
  for (const role of roles) {
    const page = await newPage(browser, server);
    await login(page, server, role);
    await openDossier(page, id);
    await page.getByRole('heading', { level: 1, name: new RegExp(street) }).waitFor();
    await page.getByRole('heading', { name: 'Schade (IMG)' }).waitFor();
    await page.getByRole('heading', { name: 'Versterking (NCG)' }).waitFor();
    // beide lopend: the category and its plain-Dutch sentence, the group with its own
    await page.getByText('Er loopt een schademelding bij IMG én een versterkingstraject bij NCG').waitFor();
    assert.match(await page.locator('[data-test="indeling"]').textContent(), /Groep [A-F]: Samenwerken/);
    // the timelines of both tracks
    assert.ok(await page.locator('[data-test="spoor-img"] .sl-timeline li').count() > 0, `claim history for ${role}`);
    assert.ok(await page.locator('[data-test="spoor-ncg"] .sl-timeline li').count() > 0, `trajectory history for ${role}`);
    // buddies with organisation, role and the way to reach them
    await page.getByText('Bereikbaar via de SVIP-balie van IMG.').waitFor();
    await page.getByText('Bereikbaar via de SVIP-balie van NCG.').waitFor();
    await page.getByRole('heading', { name: 'Grondslag en toestemming' }).waitFor();
    const hasSignals = await page.getByRole('heading', { name: 'Signalen', exact: true }).count();
    assert.equal(hasSignals, role === 'bewoner' ? 0 : 1, `signals section for ${role}`);
    const canEdit = await page.getByRole('button', { name: 'Afspraken opslaan' }).count();
    assert.equal(canEdit, role === 'bewoner' ? 0 : 1, `edit form for ${role}`);
    if (['coordinator', 'interventieteam'].includes(role)) {
      await page.getByText('SVIP-verzoeken zijn te zien voor het SVIP en de zaak- en bewonersbegeleiders').waitFor();
    }
    await checkA11y(page, role === 'zaakbegeleider' ? 'dossier' : role === 'bewoner' ? 'dossier-bewoner' : null);
    page.assertClean();
    await page.close();
  }
});

test('a resident cannot reach another address by changing the URL', async () => {
  const page = await newPage(browser, server);
  await login(page, server, 'bewoner');
  await openDossier(page, server.addresses.ander);
  await page.getByRole('heading', { name: 'Pagina niet gevonden', level: 1 }).waitFor();
  const other = await page.locator('main').textContent();
  assert.doesNotMatch(other, /Schade \(IMG\)|Versterking|Grondslag/);
  // exactly what a page that does not exist shows
  await openDossier(page, '9999209999999999');
  assert.equal(await page.locator('main').textContent(), other);
  await page.goto('/bestaat-niet');
  await page.getByRole('heading', { name: 'Pagina niet gevonden', level: 1 }).waitFor();
  assert.equal(await page.locator('main').textContent(), other);
  await checkA11y(page, null);
  // and the API agrees
  const api = await apiGet(server, server.token('bewoner'), `/adressen/${server.addresses.ander}`);
  assert.equal(api.status, 404);
  // their own address opens
  await openDossier(page, server.addresses.eigen);
  await page.getByText('Uw adres').waitFor();
  page.assertClean();
});

test('withheld parts are named with the reason in plain Dutch', async () => {
  // an NCG address whose claims are all handled: no statutory basis, no consent
  const id = server.sql("SELECT printf('%016d', nummeraanduiding_id) FROM classificatie WHERE potentieel = 'melding_afgehandeld' ORDER BY 1 LIMIT 1");
  const api = await apiGet(server, tokens.bewonersbegeleider, `/adressen/${id}`);
  assert.deepEqual(api.body.afgeschermd.map((a) => a.onderdeel).sort(), ['samenloop', 'schades']);
  const page = await newPage(browser, server);
  await login(page, server, 'bewonersbegeleider');
  await openDossier(page, id);
  await page.getByText('Niet alles is te zien.').waitFor();
  const list = page.locator('[data-test="afgeschermd"]');
  assert.match(await list.textContent(), /De schademeldingen \(IMG\): U mag deze gegevens niet zien\. Dit adres valt niet onder de wettelijke samenloop-regeling/);
  assert.match(await list.textContent(), /Het combinatiedossier.*beide sporen/);
  assert.match(await page.locator('[data-test="spoor-img"]').textContent(), /Afgeschermd\./);
  // her own body's track is there
  assert.match(await page.locator('[data-test="spoor-ncg"]').textContent(), /NCG-\d+/);
  assert.match(await page.locator('main').textContent(), /Schademeldingen \(IMG\)Geen: afgeschermd/);
  await checkA11y(page, 'dossier-afgeschermd');
  page.assertClean();
});

test('the six elements change by keyboard with If-Match; the API shows the change', async () => {
  const id = server.addresses.eigen;
  const page = await newPage(browser, server);
  await login(page, server, 'zaakbegeleider');
  await openDossier(page, id);
  const element = page.getByLabel('Eén totaalopname');
  await tabTo(page, element, 400);
  assert.equal(await element.inputValue(), '');
  await page.keyboard.press('ArrowDown'); // "Niet gevraagd" -> "Gevraagd"
  assert.equal(await element.inputValue(), 'gevraagd');
  await tabTo(page, page.getByRole('button', { name: 'Afspraken opslaan' }), 20);
  await page.keyboard.press('Enter');
  await page.getByText('De afspraken zijn opgeslagen.').waitFor();
  const cd = await apiGet(server, tokens.zaakbegeleider, `/combinatiedossiers/${id}`);
  const e = cd.body.elementen.find((x) => x.element === 'totaalopname');
  assert.equal(e.status, 'gevraagd');
  assert.equal(e.door, 'zaakbegeleider');
  assert.match(await page.locator('[data-test="afstemming"] table').textContent(), /Gevraagd op/);
  await checkA11y(page, null);
  page.assertClean();
});

test('someone else saved first: a clear message, nothing lost silently, reload shows theirs', async () => {
  const id = server.addresses.eigen;
  const page = await newPage(browser, server);
  await login(page, server, 'bewonersbegeleider');
  await openDossier(page, id);
  await page.getByRole('button', { name: 'Afspraken opslaan' }).waitFor();
  // a colleague at IMG changes the collaboration state meanwhile
  const now = await apiGet(server, tokens.zaakbegeleider, `/combinatiedossiers/${id}`);
  const theirs = await apiSend(tokens.zaakbegeleider, 'PATCH', `/combinatiedossiers/${id}`,
    { samenwerking: 'integraal_plan' }, { 'If-Match': `"${now.body.versie}"` });
  assert.equal(theirs.status, 200);
  await page.getByLabel('Coördinator', { exact: true }).fill('');
  await page.getByRole('button', { name: 'Afspraken opslaan' }).click();
  await page.getByText('Iemand anders heeft dit dossier gewijzigd terwijl u het open had').waitFor();
  await checkA11y(page, 'dossier-412');
  const after = await apiGet(server, tokens.zaakbegeleider, `/combinatiedossiers/${id}`);
  assert.equal(after.body.coordinator, 'coordinator', 'the stale change stored nothing');
  await page.getByRole('button', { name: 'Pagina opnieuw laden' }).click();
  await page.locator('[data-test="afstemming"]').getByText('Integraal plan').first().waitFor();
  page.assertClean();
});

test('an open signal of the address is acknowledged by keyboard in the dossier', async () => {
  const list = await apiGet(server, tokens['svip-ncg'], '/signalen?status=open&regel=1&per_pagina=1');
  const s = list.body.items[0];
  const page = await newPage(browser, server);
  await login(page, server, 'svip-ncg');
  await openDossier(page, s.nummeraanduiding_id);
  const btn = page.getByRole('button', { name: `Bevestigen signaal ${s.id}`, exact: true });
  await btn.waitFor();
  await checkA11y(page, 'dossier-signalen');
  await tabTo(page, btn, 400);
  await page.keyboard.press('Enter');
  await page.getByText('Het signaal is bevestigd').waitFor();
  const after = await apiGet(server, tokens['svip-ncg'], `/signalen/${s.id}`);
  assert.equal(after.body.status, 'bevestigd');
  assert.equal(after.body.gewijzigd_door, 'svip-ncg');
  page.assertClean();
});

test('SVIP requests for the address are listed', async () => {
  const id = server.addresses.eigen;
  const asked = await apiSend(tokens['svip-img'], 'POST', '/verzoeken',
    { nummeraanduiding_id: id, type: 'medewerkers_koppelen', doel: 'svip_verzoek', vraag: 'Wie is de bewonersbegeleider hier?' });
  assert.equal(asked.status, 201);
  const page = await newPage(browser, server);
  await login(page, server, 'svip-ncg');
  await openDossier(page, id);
  const table = page.getByRole('table', { name: 'SVIP-verzoeken voor dit adres' });
  await table.waitFor();
  assert.match(await table.textContent(), /Medewerkers koppelen.*svip-img \(IMG\).*Wie is de bewonersbegeleider hier\?.*Nog niet beantwoord/);
  await checkA11y(page, null);
  page.assertClean();
});
