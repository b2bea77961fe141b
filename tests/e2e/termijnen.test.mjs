// Terms, notices of default, the ledger and the interventieteam in the browser (issue 13):
// the dossier shows each term with its end, status, suspensions and extensions, and the
// escalation case to both buddies; IMG registers a notice of default and records the
// decision from the dossier, and books a payment in its ledger; the resident reads in
// plain Dutch by when IMG must decide and what the penalty is so far; the interventieteam
// filters its cases (the server selects them, page by page), takes one and records a
// decision with its mandate; the dashboard
// shows terms at risk and overdue and the penalties. Every screen passes axe.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, newPage, login, checkA11y, apiGet } from './harness.mjs';

let server;
let browser;
let imgId; // an undecided claim at the own address
let caseId;

async function apiSend(user, method, path, body) {
  const r = await fetch(`${server.url}/api/v1${path}`, {
    method,
    headers: { Authorization: `Bearer ${server.token(user)}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await r.text();
  assert.ok(r.ok, `${method} ${path}: ${r.status} ${text}`);
  return JSON.parse(text);
}

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const id = server.addresses.eigen;
  imgId = server.sql(`SELECT img_id FROM schade WHERE nummeraanduiding_id = ${Number(id)}
    AND fase IN ('voorbereiding', 'opname', 'zienswijze') AND ontvangen_op IS NOT NULL ORDER BY img_id LIMIT 1`);
  assert.ok(imgId, 'an undecided claim at the own address');
  await apiSend('zaakbegeleider', 'POST', '/termijnen/opschortingen', {
    soort: 'img_beslistermijn', img_id: imgId, van: '2022-01-03', tot: '2022-01-13', reden: 'wacht op foto\'s van de bewoner',
  });
  caseId = (await apiSend('interventieteam', 'POST', '/escalaties', { nummeraanduiding_id: id, aanleiding: 'vastgelopen' })).id;
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function ready(page) {
  await page.locator('main#inhoud[aria-busy="false"]').waitFor();
}

test('the dossier shows the term and the case; IMG registers and decides a notice of default', async () => {
  const page = await newPage(browser, server);
  await login(page, server, 'zaakbegeleider');
  await page.goto(`/adressen/${server.addresses.eigen}`);
  const sectie = page.getByRole('region', { name: 'Termijnen' });
  await sectie.waitFor();
  const term = sectie.locator('[data-test=termijnen] li.sl-termijn', { hasText: imgId });
  await term.getByText(`Beslistermijn IMG (${imgId})`).waitFor();
  await term.getByText('Opgeschort van 3 januari 2022 tot 13 januari 2022 (wacht op foto\'s van de bewoner)').waitFor();
  await sectie.locator('[data-test=escalaties]').getByText('Dossier zit vast').waitFor();
  await checkA11y(page, 'termijnen-dossier');

  const form = sectie.locator('[data-test=ingebrekestelling-form]');
  await form.getByLabel('Zaak').selectOption(`img_id:${imgId}`);
  await form.getByLabel('Ontvangen op').fill('2026-01-05');
  await form.getByRole('button', { name: 'Registreren' }).click();
  await sectie.getByText('De ingebrekestelling is geregistreerd.').waitFor();
  const rij = sectie.getByRole('row', { name: /5 januari 2026/ });
  await rij.getByText('Nog niet').waitFor();
  const decide = sectie.locator('[data-test=beslissing-form]');
  await decide.getByLabel(/datum/).fill('2026-02-20');
  await decide.getByRole('button', { name: 'Beslissing vastleggen' }).click();
  await sectie.getByText('De beslissing is vastgelegd; de dwangsom staat in het grootboek.').waitFor();
  // received 5 January, decided 20 February: 32 penalty days, 14 x 23 + 14 x 35 + 4 x 45
  await sectie.getByRole('row', { name: /5 januari 2026/ }).getByText('€ 992,00 (32 dagen)').waitFor();
  const token = server.token('zaakbegeleider');
  const { body } = await apiGet(server, token, '/grootboek?organisatie=IMG');
  assert.equal(body.verschuldigd_centen, 99200);
  page.assertClean();
});

test('the other body\'s buddy sees the term and the case, not IMG\'s reasons', async () => {
  const page = await newPage(browser, server);
  await login(page, server, 'bewonersbegeleider');
  await page.goto(`/adressen/${server.addresses.eigen}`);
  const sectie = page.getByRole('region', { name: 'Termijnen' });
  const term = sectie.locator('[data-test=termijnen] li.sl-termijn', { hasText: imgId });
  await term.getByText('Opgeschort van 3 januari 2022 tot 13 januari 2022').waitFor();
  assert.equal(await term.getByText('wacht op foto').count(), 0, 'IMG\'s reason stays with IMG');
  await sectie.locator('[data-test=escalaties]').getByText('Dossier zit vast').waitFor();
  const zaak = sectie.locator('[data-test=ingebrekestelling-form]').getByLabel('Zaak');
  assert.deepEqual(await zaak.locator('option').evaluateAll((os) => os.map((o) => o.value.split(':')[0])), ['ncg_id'],
    'NCG registers a notice on its own step, not on an IMG claim');
  await checkA11y(page, 'termijnen-dossier-ncg');
  page.assertClean();
});

test('the ledger: owed, paid and a payment booked', async () => {
  const page = await newPage(browser, server);
  await login(page, server, 'zaakbegeleider');
  await page.getByRole('link', { name: 'Grootboek' }).click();
  await page.getByRole('heading', { name: 'Grootboek IMG', level: 1 }).waitFor();
  await ready(page);
  const form = page.locator('[data-test=boeking-form]');
  await form.getByLabel('BAG-nummer van het adres').fill(server.addresses.eigen);
  await form.getByLabel('Bedrag in euro').fill('500,00');
  await form.getByLabel('Datum').fill('2026-03-01');
  await form.getByLabel('Reden').fill('eerste betaling dwangsom');
  await form.getByRole('button', { name: 'Boeken' }).click();
  await page.getByText('De boeking is vastgelegd.').waitFor();
  await page.locator('[data-test=betaald]').getByText('€ 500,00').waitFor();
  await page.locator('[data-test=saldo]').getByText('€ 492,00').waitFor();
  await form.getByLabel('Bedrag in euro').fill('-3');
  await form.getByRole('button', { name: 'Boeken' }).click();
  await page.getByRole('alert').waitFor();
  await checkA11y(page, 'grootboek');
  page.assertClean();
});

test('Mijn woning says by when IMG decides and what the penalty is', async () => {
  const page = await newPage(browser, server);
  await login(page, server, 'bewoner');
  await page.waitForURL(/\/mijn-woning$/);
  const blok = page.locator('[data-test=termijnen]');
  await blok.getByRole('heading', { name: 'Wanneer moet er beslist zijn?' }).waitFor();
  await blok.getByText(new RegExp(`IMG (beslist|had|heeft) over uw schademelding ${imgId}`)).waitFor();
  await blok.getByText('Omdat IMG te laat was, betaalt IMG u een dwangsom van € 992,00.').waitFor();
  await blok.getByText('Wat is een termijn?').click();
  await blok.getByText(/hoogstens € 1.442/).waitFor();
  await checkA11y(page, 'termijnen-mijn-woning');
  page.assertClean();
});

test('the interventieteam filters its cases, takes one and decides with a mandate', async () => {
  const page = await newPage(browser, server);
  await login(page, server, 'interventieteam');
  // what the screen asks the API: the filters go to the server, not through the browser
  const asked = [];
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (u.pathname === '/api/v1/escalaties') asked.push(Object.fromEntries(u.searchParams));
  });
  await page.getByRole('link', { name: 'Escalaties' }).click();
  await page.getByRole('heading', { name: 'Escalaties', level: 1 }).waitFor();
  await ready(page);
  const filters = page.locator('[data-test=filters]');
  await filters.getByLabel('Aanleiding').selectOption('termijn_tweemaal_gemist');
  await filters.getByRole('button', { name: 'Toon' }).click();
  await page.waitForURL(/aanleiding=termijn_tweemaal_gemist/);
  await ready(page);
  assert.equal(await page.getByRole('link', { name: `Escalatie ${caseId}`, exact: true }).count(), 0, 'filtered out');
  await filters.getByLabel('Aanleiding').selectOption('vastgelopen');
  await filters.getByLabel('Gemeente').selectOption('0014');
  await filters.getByRole('button', { name: 'Toon' }).click();
  await page.waitForURL(/gemeente=0014/);
  await ready(page);
  assert.deepEqual(asked.at(-1), { aanleiding: 'vastgelopen', gemeente: '0014', pagina: '1', perPagina: '50' },
    'the filters and the page are the server\'s to apply');
  assert.equal(asked.at(-2).aanleiding, 'termijn_tweemaal_gemist');
  const { body: page1 } = await apiGet(server, server.token('interventieteam'), '/escalaties?aanleiding=vastgelopen&gemeente=0014');
  const rows = page.getByRole('table', { name: new RegExp(`^${page1.totaal} escalatie`) }).locator('tbody tr');
  assert.equal(await rows.count(), page1.items.length, 'one row per case the server selected');
  const mine = rows.filter({ has: page.getByRole('link', { name: `Escalatie ${caseId}`, exact: true }) });
  assert.match(await mine.textContent(), /Groningen \(0014\)/, 'the municipality the register has');
  await checkA11y(page, 'escalaties');
  await page.getByRole('link', { name: `Escalatie ${caseId}`, exact: true }).click();
  await page.getByRole('heading', { name: `Escalatie ${caseId}: Dossier zit vast` }).waitFor();
  await page.locator('[data-test=nemen]').click();
  await page.getByText('U behandelt deze zaak nu.').waitFor();
  await page.locator('[data-test=status]').getByText('In behandeling').waitFor();
  const besluit = page.locator('[data-test=besluit-form]');
  await besluit.getByLabel('Mandaat').fill('mandaat directeur IMG');
  await besluit.getByLabel('Reden').fill('voorrang voor het besluit op de schade');
  await besluit.getByRole('button', { name: 'Besluit vastleggen' }).click();
  await page.getByText('Het besluit is vastgelegd.').waitFor();
  await page.locator('[data-test=status]').getByText('Besloten').waitFor();
  await page.getByRole('cell', { name: 'mandaat directeur IMG: voorrang voor het besluit op de schade' }).waitFor();
  await checkA11y(page, 'escalatie');
  page.assertClean();
});

test('the dashboard shows terms at risk and overdue, and the penalties', async () => {
  const page = await newPage(browser, server);
  await login(page, server, 'management');
  await page.waitForURL(/\/dashboard$/);
  const sectie = page.locator('[data-test=termijnen]');
  await sectie.getByRole('heading', { name: 'Termijnen en dwangsommen' }).waitFor();
  const { body } = await apiGet(server, server.token('management'), '/statistieken/termijnen');
  const img = body.termijnen.find((o) => o.organisatie === 'IMG');
  const shown = (n) => (typeof n === 'number' ? n.toLocaleString('nl-NL') : `< ${n.onder}`);
  await sectie.locator('[data-test=termijnen-IMG]').getByText(`${shown(img.dreigend)} / ${shown(img.verstreken)}`).waitFor();
  await sectie.getByRole('table', { name: 'Dwangsommen en compensaties' }).waitFor();
  await checkA11y(page, 'termijnen-dashboard');
  page.assertClean();
});
