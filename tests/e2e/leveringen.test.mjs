// Leveringen (data steward): upload a small delivery with a few bad rows by keyboard,
// see the import report, read the first rejects on screen, download them as CSV, and
// find the delivery in the list of earlier ones (the own body's only); a file that is
// no delivery is refused; a snapshot that would mark too much absent is held until a
// second steward of the body confirms it.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
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

// Four good rows from the last generated delivery and three bad ones (lines 6-8).
function smallDelivery() {
  const lines = readFileSync(join(server.dir, 'later', 'img_schades.csv'), 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = lines[0].split(',');
  const col = (name) => header.indexOf(name);
  const good = lines.slice(1, 5);
  const first = good[0].split(',');
  const bad = (id, changes) => {
    const row = header.map((h) => {
      if (h in changes) return changes[h];
      if (h === 'img_id') return id;
      if (h === 'postcode' || h === 'huisnummer') return first[col(h)];
      if (h === 'fase') return 'opname';
      if (h === 'fase_sinds' || h === 'ontvangen_op') return '2022-01-10';
      if (h === 'regeling') return 'fysieke schade';
      return '';
    });
    return row.join(',');
  };
  return [
    header.join(','),
    ...good,
    bad('IMG-900000001', { fase: 'klaar' }),
    bad('IMG-900000002', { fase_sinds: '31-02-2021' }),
    bad('IMG-900000003', { postcode: '9999ZZ', huisnummer: '1' }),
  ].join('\n') + '\n';
}

// The value of one row of the report's data list.
async function reportValue(report, key) {
  return (await report.locator('.utrecht-data-list__item', { has: report.page().locator(`dt:text-is("${key}")`) })
    .locator('dd').textContent()).trim();
}

test('upload by keyboard: the report, the first rejects on screen, the rejects as CSV', async () => {
  const page = await newPage(browser, server);
  await login(page, server, 'datasteward');
  assert.equal(new URL(page.url()).pathname, '/leveringen');
  await page.getByRole('heading', { name: 'Leveringen', level: 1 }).waitFor();
  const earlier = page.getByRole('table', { name: 'Leveringen, nieuwste eerst' });
  await earlier.waitFor();
  const before = await earlier.locator('tbody tr').count();
  // IMG's steward sees IMG's deliveries and the addresses, not NCG's (decision 90)
  assert.equal(before, 4, "the test register's IMG and BAG deliveries are listed");
  const kinds = await earlier.locator('tbody tr td:nth-child(3)').allTextContents();
  assert.deepEqual([...new Set(kinds)].sort(), ['Adressen (BAG)', 'Schademeldingen (IMG)']);
  await checkA11y(page, 'leveringen');

  const input = page.getByLabel('Leverbestand (CSV)');
  await tabTo(page, input);
  await input.setInputFiles({ name: 'img_schades.csv', mimeType: 'text/csv', buffer: Buffer.from(smallDelivery()) });
  await page.keyboard.press('Tab');
  assert.equal(await page.getByRole('button', { name: 'Levering laden' }).evaluate((el) => el === document.activeElement), true);
  await page.keyboard.press('Enter');

  await page.getByRole('status').filter({ hasText: '1 bestand geladen, 3 rijen afgewezen' }).waitFor();
  const report = page.locator('[data-test=rapport][data-bestand="img_schades.csv"]');
  await report.getByRole('heading', { name: 'img_schades.csv: Schademeldingen (IMG)' }).waitFor();
  assert.equal(await reportValue(report, 'Rijen'), '7');
  assert.equal(await reportValue(report, 'Geïmporteerd'), '4');
  assert.equal(await reportValue(report, 'Afgewezen'), '3');

  // the report equals what the API recorded for this delivery
  const token = server.token('datasteward');
  const list = await apiGet(server, token, '/leveringen');
  const newest = list.body.items[0];
  assert.equal(newest.bestand, 'img_schades.csv');
  assert.equal(await reportValue(report, 'Afwezig (niet meer in de levering)'), newest.afwezig.toLocaleString('nl-NL'));
  assert.deepEqual([newest.rijen, newest.geimporteerd, newest.afgewezen], [7, 4, 3]);

  // the first rejects, with file, line, column and reason
  const rejects = report.getByRole('table', { name: 'Afgewezen rijen in img_schades.csv' });
  const rows = await rejects.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent.trim())));
  assert.equal(rows.length, 3);
  assert.deepEqual(rows.map((r) => [r[0], r[1], r[2]]), [
    ['img_schades.csv', '6', 'fase'], ['img_schades.csv', '7', 'fase_sinds'], ['img_schades.csv', '8', rows[2][2]]]);
  assert.match(rows[0][3], /klaar/);
  assert.match(rows[1][3], /31-02-2021/);
  assert.match(rows[2][3], /adres onbekend/);
  await checkA11y(page, 'leveringen-rapport');

  // the rejects as a file the browser downloads with its session
  const link = report.getByRole('link', { name: /Download de 3 afgewezen rijen van img_schades.csv/ });
  await tabTo(page, link, 120);
  const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  const raw = await readFile(await download.path(), 'utf8');
  assert.ok(raw.startsWith('\uFEFF'), 'a BOM, as the dashboard export');
  const csv = raw.slice(1).trim().split('\r\n');
  assert.equal(csv[0], 'bestand;regel;kolom;reden;rij');
  assert.equal(csv.length, 4);
  assert.match(csv[1], /^img_schades\.csv;6;fase;.*klaar/);
  assert.doesNotMatch(csv[1], /;$/, 'the original row beside the reason');
  assert.match(csv[3], /^img_schades\.csv;8;/);
  assert.match(download.suggestedFilename(), /^afgewezen-\d+-img_schades\.csv$/);

  // the list of earlier deliveries has the new one on top, with a download link
  await earlier.locator('tbody tr').nth(before).waitFor();
  const top = await earlier.locator('tbody tr').first().locator('td').allTextContents();
  assert.equal(top[1], 'img_schades.csv');
  assert.deepEqual(top.slice(3, 6), ['7', '4', '3']);
  await earlier.getByRole('link', { name: `Download de afgewezen rijen van img_schades.csv, levering ${newest.id} (CSV)` }).waitFor();
  page.assertClean();
});

test('a file that is no delivery is refused with a clear message, and no file at all too', async () => {
  const page = await newPage(browser, server);
  await login(page, server, 'datasteward');
  await page.getByRole('table', { name: 'Leveringen, nieuwste eerst' }).waitFor();
  await page.getByRole('button', { name: 'Levering laden' }).click();
  await page.getByRole('alert').filter({ hasText: 'Kies eerst een bestand' }).waitFor();
  await page.getByLabel('Leverbestand (CSV)').setInputFiles({ name: 'boodschappen.csv', mimeType: 'text/csv', buffer: Buffer.from('appels,peren\n1,2\n') });
  await page.getByRole('button', { name: 'Levering laden' }).click();
  await page.getByRole('alert').filter({ hasText: 'Niet verwerkt: boodschappen.csv' }).waitFor();
  await checkA11y(page, null);
  page.assertClean();
});

test('only the data steward has the screen and the API', async () => {
  const page = await newPage(browser, server);
  await login(page, server, 'management');
  await page.goto('/leveringen');
  await page.getByRole('heading', { name: 'Pagina niet gevonden' }).waitFor();
  const status = await page.evaluate(async () => (await fetch('/api/v1/leveringen')).status);
  assert.equal(status, 403);
  page.assertClean();
});

// The "full snapshot": one valid claim row, the rest rejected. Held (decision 91):
// the screen says so, offers the list of what would become absent, and a second data
// steward of IMG confirms it by keyboard; the one who delivered it cannot.
test('a snapshot that would mark too much absent is held, and a second steward confirms it', async () => {
  const lines = readFileSync(join(server.dir, 'later', 'img_schades.csv'), 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/);
  const snapshot = [lines[0], lines[1], 'IMG-999999999,,,,,,fysieke schade,kapot,2022-01-10,2022-01-10,nee,nee,,,'].join('\n') + '\n';
  const current = Number(server.sql('SELECT count(*) FROM schade WHERE NOT afwezig'));
  const page = await newPage(browser, server);
  await login(page, server, 'datasteward');
  await page.getByRole('table', { name: 'Leveringen, nieuwste eerst' }).waitFor();
  await page.getByLabel('Leverbestand (CSV)').setInputFiles({ name: 'img_schades.csv', mimeType: 'text/csv', buffer: Buffer.from(snapshot) });
  await page.getByRole('button', { name: 'Levering laden' }).click();
  await page.getByRole('status').filter({ hasText: '1 levering is aangehouden' }).waitFor();
  const report = page.locator('[data-test=rapport][data-bestand="img_schades.csv"]');
  await report.getByText('Aangehouden: er is nog niets geladen.').waitFor();
  assert.equal(Number(server.sql('SELECT count(*) FROM schade WHERE NOT afwezig')), current, 'nothing marked absent');

  // the held delivery with its list; its own steward cannot confirm it
  const held = page.locator('[data-test=aangehouden]').first();
  await held.waitFor();
  const id = await held.getAttribute('data-id');
  await held.getByText('U leverde deze levering zelf').waitFor();
  assert.equal(await held.getByRole('button', { name: 'Bevestigen en laden' }).count(), 0);
  const csvLink = held.getByRole('link', { name: /Download de lijst van [\d.]+ records die afwezig zouden worden/ });
  await tabTo(page, csvLink, 200);
  const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  const csv = (await readFile(await download.path(), 'utf8')).trim().split('\r\n');
  assert.equal(csv[0], 'img_id');
  assert.equal(csv.length - 1, current - 1, 'every current claim but the one delivered');
  await checkA11y(page, 'leveringen-aangehouden');
  page.assertClean();

  // a second data steward of IMG confirms it, by keyboard
  const password = 'een-tweede-lang-wachtwoord';
  server.cli(['user', 'add', '--name', 'datasteward2', '--role', 'datasteward', '--org', 'IMG', '--password-stdin'], `${password}\n`);
  server.accounts.datasteward2 = password;
  const second = await newPage(browser, server);
  await login(second, server, 'datasteward2');
  const card = second.locator(`[data-test=aangehouden][data-id="${id}"]`);
  const confirm = card.getByRole('button', { name: 'Bevestigen en laden' });
  await tabTo(second, confirm, 200);
  await second.keyboard.press('Enter');
  await second.getByRole('status').filter({ hasText: `Levering ${id} (img_schades.csv) is bevestigd en geladen.` }).waitFor();
  assert.equal(Number(server.sql('SELECT count(*) FROM schade WHERE NOT afwezig')), 1, 'applied');
  const top = await second.getByRole('table', { name: 'Leveringen, nieuwste eerst' }).locator('tbody tr').nth(1).locator('td').allTextContents();
  assert.match(top.join(' '), /Bevestigd door datasteward2/);
  await checkA11y(second, null);
  second.assertClean();
});
