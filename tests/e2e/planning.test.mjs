// Joint inspection planning in the browser (issue 14): staff record the resident's wish
// in a candidate's dossier and a resident in Mijn woning; the planner sets the capacity,
// runs a plan, sees it per municipality as a table and a week calendar with the
// comparison and the unplanned requests, moves a pair (a wrong move refused at the
// field), confirms it after being told what happens; then both bodies' buddies and the
// resident see the dates, and the confirmed plan is read-only.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, newPage, login, checkA11y, apiGet } from './harness.mjs';
import { PERIOD, REGISTER, candidates, addressLine, apiSend } from './planning_setup.mjs';

let server;
let browser;
let A; // recorded by IMG's case manager in the dossier
let B; // recorded by the resident in Mijn woning
let C; // earliest date after the period: cannot be planned
let planUrl;

before(async () => {
  server = await startServer(REGISTER);
  browser = await launchBrowser();
  [A, B, C] = candidates(server, 3);
  const password = 'bewoner-b-wachtwoord-voor-de-test';
  server.cli(['user', 'add', '--name', 'bewoner-b', '--role', 'bewoner', '--adres', B, '--password-stdin'], `${password}\n`);
  server.accounts['bewoner-b'] = password;
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('staff record the wish in the dossier, the resident in Mijn woning', async () => {
  const page = await newPage(browser, server);
  await login(page, server, 'zaakbegeleider');
  await page.goto(`/adressen/${A}`);
  const part = page.getByRole('region', { name: 'Gezamenlijke opname' });
  await part.getByRole('heading', { name: 'Wens van de bewoner vastleggen' }).waitFor();
  await part.getByLabel('Vroegste datum IMG').fill(PERIOD.van);
  await part.getByLabel('Vroegste datum NCG').fill(PERIOD.van);
  await part.getByRole('button', { name: 'Wens vastleggen' }).click();
  await part.getByText('De wens is vastgelegd.').waitFor();
  await part.getByText('Wacht op een planning').waitFor();
  await checkA11y(page, 'dossier-opnamewens');
  page.assertClean();
  await page.close();

  const home = await newPage(browser, server);
  await login(home, server, 'bewoner-b');
  const mine = home.getByRole('region', { name: 'Opnames van uw huis' });
  await mine.getByRole('heading', { name: 'Uw wens doorgeven' }).waitFor();
  // a date that does not exist is named at the field, and nothing is stored
  await mine.getByLabel('Datums waarop u niet kunt').fill('31-04-2027');
  await mine.getByRole('button', { name: 'Wens doorgeven' }).click();
  await mine.locator('.utrecht-form-field-error-message').waitFor();
  await mine.getByLabel('Datums waarop u niet kunt').fill('13-04-2027');
  await mine.getByLabel('dinsdag').check();
  await mine.getByRole('button', { name: 'Wens doorgeven' }).click();
  await mine.getByText('Uw wens is doorgegeven.').waitFor();
  await mine.getByText('dinsdag 13 april 2027').waitFor();
  await checkA11y(home, 'mijn-woning-opnamewens');
  home.assertClean();
  await home.close();

  const v = await apiGet(server, server.token('planner'), `/opnameverzoeken?nummeraanduidingId=${B}`);
  assert.deepEqual(v.body.opnameverzoeken.map((x) => [x.niet_beschikbaar, x.voorkeur_weekdagen]),
    [[['2027-04-13'], ['dinsdag']]]);
  const c = await apiSend(server, 'svip-ncg', 'POST', '/opnameverzoeken', {
    nummeraanduiding_id: C, gezamenlijk: true, vroegst_img: '2027-05-03', vroegst_ncg: '2027-05-03',
  });
  assert.equal(c.status, 201);
});

test('the planner sets the rota and an exception, with If-Match', async () => {
  const page = await newPage(browser, server);
  await login(page, server, 'planner');
  await page.getByRole('link', { name: 'Capaciteit', exact: true }).click();
  await page.getByRole('heading', { name: 'Capaciteit', level: 1 }).waitFor();
  for (const dag of ['maandag', 'dinsdag', 'woensdag', 'donderdag', 'vrijdag']) {
    await page.getByLabel(`IMG op ${dag}`).fill('2');
    await page.getByLabel(`NCG op ${dag}`).fill('1');
  }
  await page.getByRole('button', { name: 'Rooster opslaan' }).click();
  await page.getByText('Het rooster is opgeslagen.').waitFor();
  await page.getByLabel('Organisatie').selectOption('NCG');
  await page.getByLabel('Datum').fill('2027-04-16');
  await page.getByLabel('Opnames die dag').fill('0');
  await page.getByRole('button', { name: 'Uitzondering opslaan' }).click();
  await page.getByText('De uitzondering is opgeslagen.').waitFor();
  await page.getByText('vrijdag 16 april 2027').waitFor();
  await checkA11y(page, 'capaciteit');
  page.assertClean();
  await page.close();

  const cap = await apiSend(server, 'planner', 'GET', '/capaciteit?gemeente=0014');
  assert.equal(cap.body.rooster.length, 10);
  assert.deepEqual(cap.body.uitzonderingen.map((u) => [u.org, u.datum, u.opnames]), [['NCG', '2027-04-16', 0]]);
  // a change made since the planner loaded the capacity is refused, not overwritten
  const stale = await apiSend(server, 'planner', 'PUT', '/capaciteit',
    { org: 'IMG', gemeentecode: '0014', weekdag: 'maandag', opnames: 5 }, { 'If-Match': '"1"' });
  assert.equal(stale.status, 412);
  const fresh = await apiSend(server, 'planner', 'PUT', '/capaciteit',
    { org: 'IMG', gemeentecode: '0014', weekdag: 'maandag', opnames: 2 }, { 'If-Match': cap.etag });
  assert.equal(fresh.status, 200);
});

test('the planner runs a plan, sees it, moves a pair and confirms', async () => {
  const page = await newPage(browser, server);
  await login(page, server, 'planner');
  await page.getByRole('heading', { name: 'Planning', level: 1 }).waitFor();
  await page.getByLabel('Van').fill(PERIOD.van);
  await page.getByLabel('Tot en met').fill(PERIOD.tot);
  await page.getByRole('button', { name: 'Planning maken' }).click();
  await page.waitForURL(/\/planning\?planning=\d+$/);
  planUrl = new URL(page.url()).pathname + new URL(page.url()).search;
  await page.getByRole('heading', { name: 'Planning 12 april 2027 tot en met 23 april 2027', level: 1 }).waitFor();

  // the comparison with planning apart, in a sentence and a table
  const cmp = page.getByRole('region', { name: 'Vergelijking met apart plannen' });
  await cmp.getByText(/Samen gepland komen IMG en NCG bij \d+% van de verzoeken binnen twee dagen/).waitFor();
  await cmp.getByRole('columnheader', { name: 'Ieder apart' }).waitFor();
  // the pairs by street and number, not by BAG id
  const groningen = page.getByRole('region', { name: 'Gepland in Groningen' });
  for (const id of [A, B]) await groningen.getByText(addressLine(server, id)).waitFor();
  assert.doesNotMatch(await groningen.innerText(), /\d{16}/);
  // B is not on 13 April, the date the resident cannot
  assert.doesNotMatch(await groningen.getByRole('row', { name: new RegExp(addressLine(server, B)) }).innerText(), /13 april/);
  // the request that could not be planned, with its reason in words
  const niet = page.getByRole('region', { name: /Niet gepland/ });
  await niet.getByText(addressLine(server, C)).waitFor();
  await niet.getByText(/^Geen ruimte: IMG of NCG heeft in deze periode/).waitFor();
  await checkA11y(page, 'planning-concept');

  // the same as a week calendar
  await page.getByLabel('Weergave').selectOption('kalender');
  await page.getByRole('region', { name: 'Week van 12 april 2027' }).first().waitFor();
  await page.getByText(`IMG: ${addressLine(server, A)}`).first().waitFor();
  await checkA11y(page, 'planning-kalender');
  await page.getByLabel('Weergave').selectOption('tabel');

  // a move four days apart is refused at the field, the plan unchanged
  await groningen.getByRole('button', { name: new RegExp(`^${addressLine(server, A)}, .* verplaatsen$`) }).click();
  const dlg = page.getByRole('dialog');
  await dlg.getByLabel('Opname IMG').fill('2027-04-19');
  await dlg.getByLabel('Opname NCG').fill('2027-04-23');
  await dlg.getByRole('button', { name: 'Verplaatsen' }).click();
  await dlg.locator('.utrecht-form-field-error-message').first().waitFor();
  await checkA11y(page, 'planning-verplaatsen-fout');
  // NCG's one slot on the 20th went to B: the 21st, two days after IMG
  await dlg.getByLabel('Opname NCG').fill('2027-04-21');
  await dlg.getByRole('button', { name: 'Verplaatsen' }).click();
  await page.getByText(new RegExp(`^${addressLine(server, A)}, .* is verplaatst\\.$`)).waitFor();
  const rowA = groningen.getByRole('row', { name: new RegExp(addressLine(server, A)) });
  await rowA.getByText('maandag 19 april 2027').waitFor();
  await rowA.getByText('woensdag 21 april 2027').waitFor();
  await rowA.getByText('2 dagen').waitFor();

  // confirming asks first and says what will happen
  await page.getByRole('button', { name: 'Planning bevestigen' }).click();
  const ask = page.getByRole('dialog', { name: 'Planning bevestigen?' });
  await ask.getByText('De zaakbegeleider van IMG en de bewonersbegeleider van NCG krijgen allebei een signaal.').waitFor();
  await ask.getByText('De bewoner ziet beide datums in Mijn woning.').waitFor();
  await checkA11y(page, 'planning-bevestigen');
  await ask.getByRole('button', { name: 'Ja, bevestigen' }).click();
  await page.getByText('De planning is bevestigd.', { exact: false }).first().waitFor();
  // read-only now
  await page.getByText(/Deze planning is bevestigd op/).waitFor();
  assert.equal(await page.getByRole('button', { name: /verplaatsen$/ }).count(), 0);
  assert.equal(await page.getByRole('button', { name: 'Planning bevestigen' }).count(), 0);
  page.assertClean();
  await page.close();

  const id = planUrl.match(/planning=(\d+)/)[1];
  const plan = await apiSend(server, 'planner', 'GET', `/planningen/${id}`);
  assert.equal(plan.body.status, 'bevestigd');
  const pairA = plan.body.gepland.find((g) => g.nummeraanduiding_id === A);
  assert.deepEqual([pairA.img, pairA.ncg], ['2027-04-19', '2027-04-21']);
});

test('both buddies and the resident see the confirmed dates; the plan list says so', async () => {
  assert.ok(planUrl, 'the plan of the test before');
  // the resident reads both dates in plain Dutch in Mijn woning
  const home = await newPage(browser, server);
  await login(home, server, 'bewoner-b');
  const mine = home.getByRole('region', { name: 'Opnames van uw huis' });
  await mine.locator('[data-test=opnamedatums]').waitFor();
  const text = await mine.locator('[data-test=opnamedatums]').innerText();
  assert.match(text, /(IMG komt op|IMG en NCG komen samen op) (maandag|dinsdag|woensdag|donderdag|vrijdag) \d+ april 2027/);
  assert.doesNotMatch(text, /2027-04/);
  await mine.getByText('Gepland: de afspraken staan vast').waitFor();
  assert.equal(await mine.getByRole('button', { name: 'Wens intrekken' }).count(), 0);
  await checkA11y(home, 'mijn-woning-opnamedatums');
  home.assertClean();
  await home.close();

  // both bodies: the dossier shows the dates, and each buddy has the rule 10 signal
  for (const user of ['zaakbegeleider', 'bewonersbegeleider']) {
    const sig = await apiGet(server, server.token(user), `/signalen?regel=10&nummeraanduidingId=${A}`);
    assert.equal(sig.status, 200);
    assert.equal(sig.body.items.length, 1, `${user} has the signal`);
  }
  const page = await newPage(browser, server);
  await login(page, server, 'bewonersbegeleider');
  await page.goto(`/adressen/${A}`);
  const part = page.getByRole('region', { name: 'Gezamenlijke opname' });
  await part.getByText(/IMG komt op maandag 19 april 2027 voor de schade-opname en NCG op woensdag 21 april 2027/).waitFor();
  await part.getByText('Gepland: de afspraken staan vast').waitFor();
  page.assertClean();
  await page.close();
  const cd = await apiGet(server, server.token('zaakbegeleider'), `/combinatiedossiers/${A}`);
  assert.equal(cd.body.samenwerking, 'gezamenlijke_opname_gepland');

  // the dashboard counts them per municipality, a small count hidden
  const dash = await newPage(browser, server);
  await login(dash, server, 'management');
  const fig = dash.getByRole('region', { name: 'Gezamenlijke opnames' });
  const row = fig.getByRole('row', { name: /Groningen/ });
  await row.getByText('< 10').waitFor();
  await checkA11y(dash, 'dashboard-opnames');
  dash.assertClean();
  await dash.close();

  // the planner's list names the plan confirmed
  const list = await newPage(browser, server);
  await login(list, server, 'planner');
  const rows = list.getByRole('region', { name: 'Eerdere planningen' });
  await rows.getByRole('cell', { name: 'Bevestigd', exact: true }).waitFor();
  list.assertClean();
  await list.close();
});

test('the planner\'s menu is one line, not a column', async () => {
  const page = await newPage(browser, server);
  await login(page, server, 'planner');
  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: 844 });
    await page.goto('/planning');
    await page.locator('main#inhoud[aria-busy="false"]').waitFor();
    const box = await page.locator('nav.sl-nav').boundingBox();
    assert.ok(box, `the menu is shown at ${width} px`);
    assert.ok(box.height <= 64, `the planner's menu is ${box.height} px tall at ${width} px`);
  }
  page.assertClean();
  await page.close();
});
