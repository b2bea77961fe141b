// The SVIP desk: registering a request for an address (by keyboard), plain field
// errors, answering it from the other organisation's desk, the log with its filters and
// pages, and the counts per type with the seeds' top three. What the browser did is
// checked in the API.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, newPage, login, checkA11y, tabTo, apiGet } from './harness.mjs';

let server;
let browser;
let address; // {id, postcode, huisnummer, straat}

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const [postcode, huisnummer, straat] = server.sql(
    `SELECT postcode, huisnummer, straat FROM adres WHERE nummeraanduiding_id = ${Number(server.addresses.eigen)}`).split('|');
  address = { id: server.addresses.eigen, postcode, huisnummer, straat };
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const VRAAG = 'Wat is de stand van het versterkingsadvies? (test svip)';
const ANTWOORD = 'Stap 5.1: de bouw wordt voorbereid. (test svip)';

async function openSvip(page, name) {
  await login(page, server, name);
  await page.waitForURL(/\/svip$/);
  await page.getByRole('heading', { name: 'Informatieverzoeken (SVIP)', level: 1 }).waitFor();
  await page.getByRole('table', { name: 'Aantal verzoeken per type' }).waitFor();
}

test('the SVIP screen shows the counts per type with the top three marked', async () => {
  const page = await newPage(browser, server);
  await openSvip(page, 'svip-img');
  const counts = page.getByRole('table', { name: 'Aantal verzoeken per type' });
  const rows = await counts.locator('tbody tr').allTextContents();
  assert.equal(rows.length, 4);
  assert.match(rows[0], /Status uitwisselen\s*top 1/);
  assert.match(rows[1], /Medewerkers koppelen\s*top 2/);
  assert.match(rows[2], /Versnellen of voorrang\s*top 3/);
  assert.doesNotMatch(rows[3], /top/);
  await page.getByText('Er zijn geen open verzoeken voor u.').waitFor();
  await checkA11y(page, 'svip');
  page.assertClean();
});

test('field errors are plain and sit next to their field', async () => {
  const page = await newPage(browser, server);
  await openSvip(page, 'svip-img');
  // nothing filled in: the browser says what is missing
  await page.getByRole('button', { name: 'Adres zoeken' }).click();
  await page.getByText('Vul de postcode in.').waitFor();
  assert.equal(await page.getByLabel('Postcode').getAttribute('aria-invalid'), 'true');
  // a wrong form: the server's problem+json errors land at the fields
  await page.getByLabel('Postcode').fill('12');
  await page.getByLabel('Huisnummer').fill('x');
  await page.getByRole('button', { name: 'Adres zoeken' }).click();
  await page.getByText('Heeft niet de vorm 1234AB.').waitFor();
  const described = await page.getByLabel('Postcode').getAttribute('aria-describedby');
  assert.match(described, /svip-postcode-fout/, 'the error is read with the field');
  await checkA11y(page, 'svip-fouten');
  // a valid address, then an empty request
  await page.getByLabel('Postcode').fill(address.postcode);
  await page.getByLabel('Huisnummer').fill(address.huisnummer);
  await page.getByRole('button', { name: 'Adres zoeken' }).click();
  await page.getByRole('button', { name: 'Verzoek vastleggen' }).click();
  await page.getByText('Kies het type verzoek.').waitFor();
  await page.getByText('Schrijf de vraag op.').waitFor();
  assert.equal(await page.getByLabel('Type verzoek').evaluate((el) => el === document.activeElement), true,
    'focus goes to the first field with an error');
  await checkA11y(page, 'svip-verzoek-fouten');
  const list = await apiGet(server, server.token('svip-img'), `/verzoeken?nummeraanduidingId=${address.id}`);
  assert.equal(list.body.totaal, 0, 'nothing was registered');
  page.assertClean();
});

test('a request registered by keyboard is in the API, and the other desk answers it', async () => {
  const page = await newPage(browser, server);
  await openSvip(page, 'svip-img');
  await tabTo(page, page.getByLabel('Postcode'));
  await page.keyboard.type(`${address.postcode.slice(0, 4)} ${address.postcode.slice(4).toLowerCase()}`);
  await page.keyboard.press('Tab');
  await page.keyboard.type(address.huisnummer);
  await page.keyboard.press('Enter');
  await page.locator('[data-test="gekozen-adres"]').filter({ hasText: address.straat }).waitFor();
  // the form moves focus to its first field
  assert.equal(await page.getByLabel('Type verzoek').evaluate((el) => el === document.activeElement), true);
  await page.keyboard.press('ArrowDown'); // first type: status uitwisselen
  await page.getByText('Hoe ver is de schademelding').waitFor();
  await checkA11y(page, 'svip-nieuw-verzoek');
  await tabTo(page, page.getByLabel('Vraag'), 5);
  await page.keyboard.type(VRAAG);
  await tabTo(page, page.getByRole('button', { name: 'Verzoek vastleggen' }), 5);
  await page.keyboard.press('Enter');
  await page.getByText(/Verzoek \d+ is vastgelegd/).waitFor();
  await checkA11y(page, 'svip-vastgelegd');

  const list = await apiGet(server, server.token('svip-img'), `/verzoeken?nummeraanduidingId=${address.id}`);
  assert.equal(list.body.totaal, 1);
  const v = list.body.items[0];
  assert.equal(v.vraag, VRAAG);
  assert.equal(v.type, 'statusuitwisseling');
  assert.equal(v.doel, 'svip_verzoek');
  assert.equal(v.org, 'IMG');
  assert.equal(v.status, 'open');
  // the log and the counts on the screen follow
  await page.locator('#logboek-sectie').getByRole('cell', { name: VRAAG }).waitFor();
  const first = page.getByRole('table', { name: 'Aantal verzoeken per type' }).locator('tbody tr').first();
  await first.filter({ hasText: /top 1\s*1\s*0\s*1$/ }).waitFor();
  // the own desk does not answer its own organisation's request
  await page.getByText('Er zijn geen open verzoeken voor u.').waitFor();
  page.assertClean();
  await page.close();

  // NCG's desk answers, by keyboard
  const ncg = await newPage(browser, server);
  await openSvip(ncg, 'svip-ncg');
  const card = ncg.locator(`[data-test="verzoek-${v.id}"]`);
  await card.getByText(VRAAG).waitFor();
  await checkA11y(ncg, 'svip-te-beantwoorden');
  const answer = card.getByLabel('Antwoord');
  await tabTo(ncg, answer, 80);
  await ncg.keyboard.type(ANTWOORD);
  await ncg.keyboard.press('Tab');
  await ncg.keyboard.press('Enter');
  await ncg.getByText(`Verzoek ${v.id} is beantwoord.`).waitFor();
  await ncg.getByText('Er zijn geen open verzoeken voor u.').waitFor();
  await checkA11y(ncg, 'svip-beantwoord');
  const after = await apiGet(server, server.token('svip-ncg'), `/verzoeken/${v.id}`);
  assert.equal(after.body.status, 'beantwoord');
  assert.equal(after.body.antwoord, ANTWOORD);
  assert.equal(after.body.beantwoord_door, 'svip-ncg');
  await ncg.locator('#logboek-sectie').getByText(ANTWOORD).waitFor();
  ncg.assertClean();
});

test('a request without a basis is refused with the way to get one, and nothing is kept', async () => {
  // an NCG address whose claims are all handled: outside the statute, no consent, so no
  // basis for IMG's desk to ask about NCG's part
  // (SQL both stores speak: the browser tests also run on PostgreSQL, harness.mjs)
  const [number, postcode, huisnummer, straat] = server.sql(`SELECT a.nummeraanduiding_id,
    a.postcode, a.huisnummer, a.straat FROM adres a JOIN classificatie c USING (nummeraanduiding_id)
    WHERE c.potentieel = 'melding_afgehandeld' AND a.huisletter = '' AND a.toevoeging = ''
    ORDER BY 1 LIMIT 1`).split('|');
  const id = number.padStart(16, '0');
  const page = await newPage(browser, server);
  await openSvip(page, 'svip-img');
  await page.getByLabel('Postcode').fill(postcode);
  await page.getByLabel('Huisnummer').fill(huisnummer);
  await page.keyboard.press('Enter');
  await page.locator('[data-test="gekozen-adres"]').filter({ hasText: straat }).waitFor();
  await page.getByLabel('Type verzoek').selectOption('statusuitwisseling');
  await page.getByLabel('Vraag').fill('Hoe ver is de versterking? (zonder grondslag)');
  await page.getByRole('button', { name: 'Verzoek vastleggen' }).click();
  const refusal = page.getByRole('alert').filter({ hasText: 'Niet vastgelegd.' });
  await refusal.waitFor();
  assert.match(await refusal.textContent(), /geen grondslag.*Vraag de bewoner om toestemming/);
  await checkA11y(page, 'svip-geen-grondslag');
  const list = await apiGet(server, server.token('svip-img'), `/verzoeken?nummeraanduidingId=${id}`);
  assert.equal(list.body.totaal, 0, 'nothing kept');
  page.assertClean();
});

test('the log filters by status and type and pages through the requests', async () => {
  // 23 more open requests of type "versnelling" through the API (IMG's desk)
  const token = server.token('svip-img');
  for (let i = 0; i < 23; i++) {
    const r = await fetch(`${server.url}/api/v1/verzoeken`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ nummeraanduiding_id: address.id, type: 'versnelling', doel: 'samenloop', vraag: `Graag voorrang ${i}` }),
    });
    assert.equal(r.status, 201);
  }
  const page = await newPage(browser, server);
  await openSvip(page, 'svip-img');
  const log = page.locator('#logboek-sectie');
  await log.locator('[data-test="logboek-totaal"]').filter({ hasText: /verzoeken, pagina 1 van 2/ }).waitFor();
  // filter by keyboard: status "Beantwoord"
  await tabTo(page, page.getByLabel('Status'), 120);
  await page.keyboard.press('ArrowDown'); // Open
  await page.keyboard.press('ArrowDown'); // Beantwoord
  await tabTo(page, page.getByRole('button', { name: 'Filter toepassen' }), 5);
  await page.keyboard.press('Enter');
  await page.waitForURL(/status=beantwoord/);
  await log.locator('[data-test="logboek-totaal"]').filter({ hasText: /^1 verzoek\.$/ }).waitFor();
  await log.getByText(ANTWOORD).waitFor();
  await checkA11y(page, 'svip-logboek-gefilterd');
  // type "versnelling": 23, two pages
  await page.goto('/svip?type=versnelling');
  await log.locator('[data-test="logboek-totaal"]').filter({ hasText: '23 verzoeken, pagina 1 van 2' }).waitFor();
  assert.equal(await log.locator('tbody tr').count(), 20);
  await page.getByRole('link', { name: 'Volgende pagina' }).focus();
  await page.keyboard.press('Enter');
  await page.waitForURL(/pagina=2/);
  await log.locator('[data-test="logboek-totaal"]').filter({ hasText: 'pagina 2 van 2' }).waitFor();
  assert.equal(await log.locator('tbody tr').count(), 3);
  assert.match(page.url(), /type=versnelling/, 'the filter stays on the next page');
  // the counts agree with the API
  const t = await apiGet(server, token, '/verzoeken/tellingen');
  const versnelling = t.body.per_type.find((r) => r.type === 'versnelling');
  assert.equal(versnelling.totaal, 23);
  await page.getByRole('table', { name: 'Aantal verzoeken per type' }).locator('tbody tr').nth(2)
    .filter({ hasText: /top 3\s*23\s*0\s*23$/ }).waitFor();
  await checkA11y(page, 'svip-logboek-pagina-2');
  page.assertClean();
});

test('only SVIP staff open the SVIP screen', async () => {
  const page = await newPage(browser, server);
  await login(page, server, 'zaakbegeleider');
  await page.goto('/svip');
  await page.getByRole('heading', { name: 'Pagina niet gevonden' }).waitFor();
  page.assertClean();
});
