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
  // what the year changed on each track here (a claim that arrived this year has no
  // history yet); the harness picks an address where it changed at least one
  const changes = (table, key) => Number(server.sql(`SELECT count(*) FROM statushistorie h JOIN ${table} x ON h.onderwerp = '${table}' AND h.sleutel = x.${key} WHERE x.nummeraanduiding_id = ${Number(id)} AND NOT x.afwezig`));
  const history = { img: changes('schade', 'img_id') > 0, ncg: changes('traject', 'ncg_id') > 0 };
  assert.ok(history.img || history.ncg, 'the year moved a track of the own address on');
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
    // the timelines of both tracks: the changes, or a line that there are none yet
    for (const track of ['img', 'ncg']) {
      const spoor = page.locator(`[data-test="spoor-${track}"]`);
      assert.equal(await spoor.locator('.sl-timeline li').count() > 0, history[track], `${track} history for ${role}`);
      if (!history[track]) await spoor.getByText('Nog geen wijzigingen vastgelegd sinds de eerste levering.').first().waitFor();
    }
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

test('the decided amount is shown exactly as delivered, in euros', async () => {
  const id = server.addresses.eigen;
  // 6051,60 is the amount that came back as 6051.6000000000004 when it went through a float
  server.sql(`UPDATE schade SET besluit_bedrag = 605160 WHERE nummeraanduiding_id = ${Number(id)}`);
  const api = await apiGet(server, tokens.zaakbegeleider, `/adressen/${id}`);
  assert.equal(api.status, 200);
  assert.ok(api.body.schades.length > 0);
  for (const s of api.body.schades) assert.equal(s.besluit_bedrag, '6051.60');
  const page = await newPage(browser, server);
  await login(page, server, 'zaakbegeleider');
  await openDossier(page, id);
  const img = page.locator('[data-test="spoor-img"]');
  await img.getByText('Besloten bedrag').first().waitFor();
  const shown = await img.innerText();
  assert.equal(shown.match(/€\s6\.051,60/g)?.length, api.body.schades.length, 'each claim its amount');
  page.assertClean();
  await page.close();
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
  const id = server.sqlAddress("SELECT nummeraanduiding_id FROM classificatie WHERE potentieel = 'melding_afgehandeld' ORDER BY 1 LIMIT 1");
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
  const list = await apiGet(server, tokens['svip-ncg'], '/signalen?status=open&regel=1&perPagina=1');
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

test('an SVIP answer is no longer shown once the resident withdrew the consent it was given on', async () => {
  // an NCG address whose claims are all handled: only consent gives IMG a basis
  const id = server.sqlAddress(`SELECT c.nummeraanduiding_id FROM classificatie c
    JOIN traject t USING (nummeraanduiding_id) WHERE c.potentieel = 'melding_afgehandeld' ORDER BY 1 LIMIT 1 OFFSET 2`);
  server.cli(['user', 'add', '--name', 'svip-ncg2', '--role', 'svip', '--org', 'NCG', '--password-stdin'], 'een-ander-wachtwoord\n');
  const colleague = server.token('svip-ncg2');
  const given = await apiSend(tokens['svip-ncg'], 'POST', '/toestemmingen', {
    nummeraanduiding_id: id, doel: 'svip_verzoek', gegeven_op: '2026-01-15', kanaal: 'post', formulier_kenmerk: 'GUO-E2E-7' });
  assert.equal(given.status, 201);
  assert.equal((await apiSend(colleague, 'POST', `/toestemmingen/${given.body.id}/bevestiging`, {})).status, 200);
  const asked = await apiSend(tokens['svip-img'], 'POST', '/verzoeken',
    { nummeraanduiding_id: id, type: 'statusuitwisseling', doel: 'svip_verzoek', vraag: 'In welke stap is het traject?' });
  assert.equal(asked.status, 201);
  assert.equal((await apiSend(tokens['svip-ncg'], 'POST', `/verzoeken/${asked.body.id}/antwoord`, { antwoord: 'Stap 2.1 sinds maart' })).status, 200);
  assert.equal((await apiSend(tokens['svip-ncg'], 'POST', `/toestemmingen/${given.body.id}/intrekking`, {})).status, 200);
  const page = await newPage(browser, server);
  await login(page, server, 'svip-img');
  await openDossier(page, id);
  const table = page.getByRole('table', { name: 'SVIP-verzoeken voor dit adres' });
  await table.waitFor();
  const text = await table.textContent();
  assert.match(text, /Niet getoond: de bewoner heeft de toestemming ingetrokken\./);
  assert.doesNotMatch(text, /Stap 2\.1|null/);
  page.assertClean();
});

test('consent a case worker records needs its evidence and a colleague of the same body before it opens anything', async () => {
  // an NCG address whose claims are all handled: no statutory basis, IMG sees the trajectory
  // only with the resident's consent
  const id = server.sqlAddress(`SELECT c.nummeraanduiding_id FROM classificatie c
    JOIN traject t USING (nummeraanduiding_id) WHERE c.potentieel = 'melding_afgehandeld' ORDER BY 1 LIMIT 1 OFFSET 1`);
  const password = 'collega-wachtwoord-voor-de-test';
  server.cli(['user', 'add', '--name', 'zaakbegeleider2', '--role', 'zaakbegeleider', '--org', 'IMG', '--password-stdin'], `${password}\n`);
  server.accounts.zaakbegeleider2 = password;

  const page = await newPage(browser, server);
  await login(page, server, 'zaakbegeleider');
  await openDossier(page, id);
  const block = page.locator('[data-test="toestemming"]');
  await block.getByText('Er is nu geen toestemming.').waitFor();
  // without the form's reference and channel: named at the fields, nothing recorded
  await block.getByLabel('Kenmerk van het getekende GUO-formulier').fill('');
  await block.getByRole('button', { name: 'Toestemming vastleggen' }).click();
  await block.getByText('Vul het kenmerk van het formulier in.').waitFor();
  await block.getByText('Kies hoe het formulier binnenkwam.').waitFor();
  assert.equal(await block.getByLabel('Hoe kwam het formulier binnen').getAttribute('aria-invalid'), 'true');
  assert.equal(await page.evaluate(() => document.activeElement?.name), 'kanaal', 'focus on the first wrong field');
  await checkA11y(page, 'dossier-toestemming-fouten');
  assert.deepEqual((await apiGet(server, tokens.zaakbegeleider, `/toestemmingen?nummeraanduidingId=${id}`)).body.items, []);
  // with its evidence: recorded, waiting for a colleague; the trajectory stays withheld
  await block.getByLabel('Hoe kwam het formulier binnen').selectOption('post');
  await block.getByLabel('Kenmerk van het getekende GUO-formulier').fill('GUO-2026-0042');
  await block.getByRole('button', { name: 'Toestemming vastleggen' }).click();
  await block.getByText('Toestemming vastgelegd, wacht op bevestiging').waitFor();
  await block.locator('[data-test="zelf-vastgelegd"]').waitFor();
  assert.equal(await block.getByRole('button', { name: 'Toestemming bevestigen' }).count(), 0, 'not for the one who recorded it');
  assert.match(await block.textContent(), /GUO-2026-0042.*formulier per post/);
  await checkA11y(page, 'dossier-toestemming-wacht');
  const pending = await apiGet(server, tokens.zaakbegeleider, `/adressen/${id}`);
  assert.equal(pending.body.traject, null, 'nothing shared while it waits');
  assert.match(pending.body.afgeschermd.find((a) => a.onderdeel === 'traject').reden, /bevestig/);
  page.assertClean();
  await page.close();

  // the other body's desk cannot confirm it either
  const other = await newPage(browser, server);
  await login(other, server, 'svip-ncg');
  await openDossier(other, id);
  await other.locator('[data-test="toestemming"]').getByText('Een collega van IMG bevestigt deze toestemming.').waitFor();
  assert.equal(await other.getByRole('button', { name: 'Toestemming bevestigen' }).count(), 0);
  await other.close();

  // a colleague at IMG confirms it, by keyboard
  const colleague = await newPage(browser, server);
  await login(colleague, server, 'zaakbegeleider2');
  await openDossier(colleague, id);
  const cblock = colleague.locator('[data-test="toestemming"]');
  const confirm = cblock.getByRole('button', { name: 'Toestemming bevestigen' });
  await confirm.waitFor();
  await checkA11y(colleague, null);
  await confirm.focus();
  await colleague.keyboard.press('Enter');
  await colleague.locator('[data-test="toestemming"]').getByText('Toestemming gegeven').waitFor();
  const items = (await apiGet(server, tokens.zaakbegeleider, `/toestemmingen?nummeraanduidingId=${id}`)).body.items;
  assert.deepEqual(items.map((t) => [t.status, t.vastgelegd_door, t.bevestigd_door, t.formulier_kenmerk]),
    [['gegeven', 'zaakbegeleider', 'zaakbegeleider2', 'GUO-2026-0042']]);
  const shown = await apiGet(server, tokens.zaakbegeleider, `/adressen/${id}`);
  assert.equal(shown.body.grondslag.traject, 'toestemming', 'shared once confirmed');
  colleague.assertClean();
});
