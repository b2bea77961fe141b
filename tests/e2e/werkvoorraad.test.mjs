// The work queue: each case-worker role sees its signals, filters by rule,
// municipality and due date, sees overdue ones stand out, and acknowledges, finishes
// and dismisses signals by keyboard, which the API then shows.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, newPage, login, checkA11y, tabTo, apiGet } from './harness.mjs';

let server;
let browser;
const tokens = {};

before(async () => {
  // a year of real change on 1,000 addresses gives IMG a dozen signals; a queue long
  // enough to page (over 25) takes three times that register (decision 132)
  server = await startServer({ ncg: 1200, others: 1800 });
  browser = await launchBrowser();
  for (const name of ['zaakbegeleider', 'svip-ncg', 'bewonersbegeleider']) tokens[name] = server.token(name);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const today = () => new Date().toISOString().slice(0, 10);

async function openQueue(page, path = '/werkvoorraad') {
  await page.goto(path);
  await page.getByRole('heading', { name: 'Werkvoorraad', level: 1 }).waitFor();
  // the list has loaded when its heading ("N signalen") or an error shows
  await page.locator('#resultaten-kop, .utrecht-alert--error').first().waitFor();
}

async function resultCount(page) {
  const text = await page.locator('#resultaten-kop').textContent();
  return Number(text.replace(/\D/g, ''));
}

test('every case-worker role opens its work queue; the count is the API\'s', async () => {
  const roles = ['zaakbegeleider', 'bewonersbegeleider', 'svip-img', 'svip-ncg', 'coordinator', 'interventieteam'];
  for (const role of roles) {
    const page = await newPage(browser, server);
    await login(page, server, role);
    await openQueue(page);
    // "aan mij" when signals name this person, else the organisation's; open and in behandeling
    const mine = await apiGet(server, server.token(role), '/signalen?voor=mij&status=lopend&perPagina=1');
    const voor = mine.body.totaal > 0 ? 'mij' : 'organisatie';
    assert.equal(await page.getByLabel('Signalen voor').inputValue(), voor, `default scope for ${role}`);
    const api = await apiGet(server, server.token(role), `/signalen?voor=${voor}&status=lopend&perPagina=1`);
    assert.equal(api.status, 200);
    assert.equal(await resultCount(page), api.body.totaal, `count for ${role}`);
    if (api.body.totaal === 0) await page.getByText('Er zijn geen signalen die bij deze filters passen').waitFor();
    await checkA11y(page, role === 'zaakbegeleider' ? 'werkvoorraad' : null);
    page.assertClean();
    await page.close();
  }
});

test('filters by rule, municipality and state match the API', async () => {
  const page = await newPage(browser, server);
  await login(page, server, 'svip-ncg');
  await openQueue(page);
  await page.getByLabel('Regel').selectOption('1');
  await page.getByLabel('Gemeente').selectOption('0014');
  await page.getByRole('button', { name: 'Filteren' }).click();
  await page.waitForURL(/regel=1&gemeente=0014/);
  await page.locator('#resultaten-kop').waitFor();
  const api = await apiGet(server, tokens['svip-ncg'], '/signalen?regel=1&gemeente=0014&status=lopend&perPagina=500');
  assert.ok(api.body.totaal > 0, 'the register has rule-1 signals in Groningen');
  assert.equal(await resultCount(page), api.body.totaal);
  for (const it of api.body.items) assert.equal(it.adres.gemeentecode, '0014');
  // every shown row is in Groningen and is rule 1
  const places = await page.locator('tbody tr td:nth-child(3)').allTextContents();
  assert.ok(places.length > 0 && places.every((p) => p.includes('(0014)')), 'municipality column');
  const rules = await page.locator('tbody tr td:nth-child(1) strong').allTextContents();
  assert.ok(rules.every((r) => r.startsWith('1. ')), 'rule column');
  await checkA11y(page, 'werkvoorraad-gefilterd');
  // a municipality without signals says so
  await page.getByLabel('Gemeente').selectOption('1699');
  await page.getByRole('button', { name: 'Filteren' }).click();
  await page.getByText('Er zijn geen signalen die bij deze filters passen').waitFor();
  page.assertClean();
});

test('overdue signals stand out in words and come first; the due-date filter finds them', async () => {
  const api = await apiGet(server, tokens.bewonersbegeleider, '/signalen?status=open&perPagina=500');
  // one from the middle of the first page: the screen must move it to the top
  const victim = api.body.items[5];
  server.sql(`UPDATE signaal SET vervalt_op = '2020-01-15' WHERE id = ${victim.id}`);
  const page = await newPage(browser, server);
  await login(page, server, 'bewonersbegeleider');
  await openQueue(page, '/werkvoorraad?voor=organisatie');
  await page.getByText('Op deze pagina is 1 signaal verlopen').waitFor();
  const first = page.locator('tbody tr').first();
  assert.match(await first.textContent(), /Verlopen/);
  assert.ok(await first.getByRole('button', { name: `Afronden signaal ${victim.id}`, exact: true }).isVisible(), 'the overdue one is first');
  assert.ok(await first.evaluate((tr) => tr.classList.contains('sl-row--overdue')), 'marked for layout as well');
  await checkA11y(page, 'werkvoorraad-verlopen');
  await page.getByLabel('Vervaldatum').selectOption('verlopen');
  await page.getByRole('button', { name: 'Filteren' }).click();
  await page.waitForURL(/termijn=verlopen/);
  await page.getByRole('heading', { name: '1 signaal' }).waitFor();
  const due = await apiGet(server, tokens.bewonersbegeleider, `/signalen?status=open&vervaltVoor=${today()}`);
  assert.deepEqual(due.body.items.map((s) => s.id), [victim.id]);
  page.assertClean();
});

test('acknowledge, finish and dismiss with a reason by keyboard; the API shows each', async () => {
  const api = await apiGet(server, tokens['svip-ncg'], '/signalen?status=open&perPagina=3');
  const [a, b, c] = api.body.items;
  const page = await newPage(browser, server);
  await login(page, server, 'svip-ncg');
  await openQueue(page);

  await tabTo(page, page.getByRole('button', { name: `Bevestigen signaal ${a.id}`, exact: true }), 400);
  await page.keyboard.press('Enter');
  await page.getByText('Het signaal is bevestigd').waitFor();
  let s = await apiGet(server, tokens['svip-ncg'], `/signalen/${a.id}`);
  assert.equal(s.body.status, 'bevestigd');
  assert.equal(s.body.gewijzigd_door, 'svip-ncg');

  await tabTo(page, page.getByRole('button', { name: `Afronden signaal ${b.id}`, exact: true }), 400);
  await page.keyboard.press('Enter');
  await page.getByText('Het signaal is afgerond').waitFor();
  s = await apiGet(server, tokens['svip-ncg'], `/signalen/${b.id}`);
  assert.equal(s.body.status, 'afgerond');

  await tabTo(page, page.getByRole('button', { name: `Afwijzen… signaal ${c.id}`, exact: true }), 400);
  await page.keyboard.press('Enter');
  const reden = page.getByLabel('Reden van afwijzen');
  await reden.waitFor();
  assert.ok(await reden.evaluate((el) => el === document.activeElement), 'focus goes to the reason');
  await checkA11y(page, 'werkvoorraad-afwijzen');
  // submitting without a reason explains what is missing
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await page.getByText('Schrijf op waarom u het signaal afwijst').waitFor();
  await reden.fill('Al besproken met de buddy bij IMG.');
  await reden.focus();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await page.getByText('Het signaal is afgewezen').waitFor();
  s = await apiGet(server, tokens['svip-ncg'], `/signalen/${c.id}`);
  assert.equal(s.body.status, 'afgewezen');
  assert.equal(s.body.reden, 'Al besproken met de buddy bij IMG.');
  await checkA11y(page, null);

  // the new states show after a reload too, with the "bevestigd" filter
  await openQueue(page, '/werkvoorraad?status=bevestigd');
  await page.getByRole('button', { name: `Afronden signaal ${a.id}`, exact: true }).waitFor();
  page.assertClean();
});

test('pages through a long queue and opens the dossier from a row', async () => {
  const page = await newPage(browser, server);
  await login(page, server, 'zaakbegeleider');
  await openQueue(page, '/werkvoorraad?voor=organisatie');
  const total = await resultCount(page);
  assert.ok(total > 25, `enough signals to page (${total})`);
  const nav = page.getByRole('navigation', { name: 'Paginering' });
  await nav.getByText(`Pagina 1 van ${Math.ceil(total / 25)}`).waitFor();
  await nav.getByRole('link', { name: 'Volgende pagina' }).click();
  await page.waitForURL(/pagina=2/);
  await nav.getByText(`Pagina 2 van ${Math.ceil(total / 25)}`).waitFor();
  await checkA11y(page, null);
  const link = page.locator('[data-test="dossier-link"]').first();
  const street = (await link.textContent()).split(' ')[0];
  await link.click();
  await page.waitForURL(/\/adressen\/\d{16}$/);
  await page.getByRole('heading', { level: 1, name: new RegExp(street) }).waitFor();
  page.assertClean();
});

test('"Aan mij persoonlijk": the beheerder sets the name the deliveries use, then that person\'s signals are the case worker\'s own', async () => {
  const persoon = server.sql("SELECT persoon FROM signaal_adressaat a JOIN signaal s ON s.id = a.signaal_id"
    + " WHERE a.rol = 'zaakbegeleider' AND a.org = 'IMG' AND a.persoon <> '' AND s.status = 'open'"
    + ' GROUP BY persoon ORDER BY count(*) DESC, persoon LIMIT 1');
  assert.ok(persoon, 'the register has open signals addressed to an IMG case manager by name');
  const page = await newPage(browser, server);
  await login(page, server, 'zaakbegeleider');
  await openQueue(page, '/werkvoorraad?voor=mij&status=open');
  assert.equal(await resultCount(page), 0, 'without a name in the deliveries nothing is "mine"');

  const beheer = await newPage(browser, server);
  await login(beheer, server, 'beheerder');
  await beheer.goto('/beheer?gebruiker=zaakbegeleider');
  const veld = beheer.getByLabel('Naam in de leveringen', { exact: true });
  await tabTo(beheer, veld);
  await beheer.keyboard.type(persoon);
  await beheer.keyboard.press('Enter');
  await beheer.getByText('Het account is bijgewerkt.').waitFor();
  assert.equal(await beheer.getByLabel('Naam in de leveringen', { exact: true }).inputValue(), persoon);
  await checkA11y(beheer, 'beheer-weergavenaam');

  const api = await apiGet(server, tokens.zaakbegeleider, '/signalen?voor=mij&status=open&perPagina=1');
  assert.ok(api.body.totaal > 0, `signals for ${persoon} through the API`);
  await openQueue(page, '/werkvoorraad?voor=mij&status=open');
  assert.equal(await resultCount(page), api.body.totaal, 'the queue counts what the API says is mine');
  page.assertClean();
  beheer.assertClean();
});

test('a signal without a basis shows its neutral text and says what is withheld, without the other body\'s person', async () => {
  // outside the statutory municipalities, without consent: the neutral form (decision 100)
  const api = await apiGet(server, tokens.zaakbegeleider, '/signalen?regel=1&status=open&perPagina=500');
  const neutral = api.body.items.find((s) => s.weerhouden);
  assert.ok(neutral, 'the register has a rule-1 signal without a basis');
  assert.ok(!neutral.aan.some((a) => a.org === 'NCG' && a.persoon), 'no NCG person in the API');
  const page = await newPage(browser, server);
  await login(page, server, 'zaakbegeleider');
  await openQueue(page, `/werkvoorraad?voor=organisatie&regel=1&gemeente=${neutral.adres.gemeentecode}`);
  const row = page.locator('tbody tr', { hasText: neutral.adres.straat }).first();
  // the text is explained once, above the list, on demand
  const uitleg = page.locator('[data-test="regel-uitleg"]');
  await uitleg.locator('summary').click();
  await uitleg.getByText(neutral.tekst).first().waitFor();
  assert.match(await row.locator('[data-test="signaal-weerhouden"]').first().textContent(),
    /^Afgeschermd: geen grondslag/);
  assert.doesNotMatch(await row.textContent(), /versterkingstraject/);
  await checkA11y(page, null);
  page.assertClean();
});

test('a work list: compact rows, each rule explained once, counts per rule, sorting, a selection moved at once, in behandeling kept in view, who acted by name', async () => {
  const tok = tokens['svip-ncg'];
  const page = await newPage(browser, server);
  await login(page, server, 'svip-ncg');
  await openQueue(page, '/werkvoorraad?sorteer=vervaltOp');
  const api = await apiGet(server, tok, '/signalen?voor=organisatie&status=lopend&sorteer=vervaltOp&perPagina=25');
  // counts per rule in the rule choices, as the API counts them
  for (const c of api.body.per_regel) {
    const option = page.locator(`#filter-regel option[value="${c.regel}"]`);
    assert.match(await option.textContent(), new RegExp(`\\(${c.aantal}\\)$`), `count of rule ${c.regel}`);
  }
  // the rows in the API's order (due date); overdue ones would come first, there are none here
  const dueApi = api.body.items.filter((s) => !isOverdueApi(s)).map((s) => s.id);
  const shown = await page.locator('[data-test="kies"]').evaluateAll((els) => els.map((e) => Number(e.id.replace('kies-', ''))));
  assert.deepEqual(shown.slice(-dueApi.length), dueApi, 'sorted by due date');
  // no rule text repeated in the rows: each explained once, on demand
  const texts = new Set(api.body.items.map((s) => s.tekst));
  const rowText = await page.locator('tbody').textContent();
  for (const t of texts) assert.ok(!rowText.includes(t), 'the rule text is not in the rows');
  const uitleg = page.locator('[data-test="regel-uitleg"]');
  assert.equal(await uitleg.evaluate((d) => d.open), false, 'closed until asked');
  assert.equal(await uitleg.locator('dd').count(), texts.size, 'each text once');
  // choose two by keyboard, acknowledge them at once
  const [a, b] = api.body.items.filter((s) => s.status === 'open');
  for (const s of [a, b]) {
    await tabTo(page, page.getByLabel(`Kies signaal ${s.id}`, { exact: true }), 600);
    await page.keyboard.press('Space');
  }
  await page.getByText('2 signalen gekozen.').waitFor();
  await page.locator('[data-actie="selectie-bevestigen"]').click();
  await page.getByText('2 signalen bevestigd.').waitFor();
  for (const s of [a, b]) {
    const got = await apiGet(server, tok, `/signalen/${s.id}`);
    assert.equal(got.body.status, 'bevestigd');
  }
  await checkA11y(page, 'werkvoorraad-selectie');
  // in behandeling stays in the default view, with who acted by name
  const named = await fetch(`${server.url}/api/v1/gebruikers/svip-ncg/weergavenaam`, {
    method: 'PUT', body: JSON.stringify({ weergavenaam: 'M. de Balie' }),
    headers: { Authorization: `Bearer ${server.token('beheerder')}`, 'Content-Type': 'application/json' } });
  assert.equal(named.status, 200, 'the beheerder names the desk worker');
  await openQueue(page, '/werkvoorraad');
  const row = page.locator('tbody tr', { has: page.locator(`#kies-${a.id}`) });
  await row.getByText('door M. de Balie').waitFor();
  // dismissing a selection asks one reason
  await page.getByLabel(`Kies signaal ${a.id}`, { exact: true }).check();
  await page.getByLabel(`Kies signaal ${b.id}`, { exact: true }).check();
  await page.locator('[data-actie="selectie-afwijzen"]').click();
  await page.locator('[data-actie="selectie-afwijzen-bevestigen"]').click();
  await page.getByText('Schrijf op waarom u de signalen afwijst').waitFor();
  await page.getByLabel('Eén reden voor alle gekozen signalen').fill('Dubbel, al besproken.');
  await page.locator('[data-actie="selectie-afwijzen-bevestigen"]').click();
  await page.getByText('2 signalen afgewezen.').waitFor();
  const got = await apiGet(server, tok, `/signalen/${b.id}`);
  assert.equal(got.body.reden, 'Dubbel, al besproken.');
  page.assertClean();
});

function isOverdueApi(s) {
  return Boolean(s.vervalt_op) && s.vervalt_op < today();
}
