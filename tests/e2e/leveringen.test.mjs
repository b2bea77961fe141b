// Leveringen (data steward): upload a small delivery with a few bad rows by keyboard,
// see the import report, read the first rejects on screen with the original row beside
// the reason (readable at 1280 px, stacked at 390 px), download them as CSV, open an
// earlier delivery's rejects on the screen, and
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

  // the first rejects, with file, line, column, reason and the original row
  const rejects = report.getByRole('table', { name: 'Afgewezen rijen in img_schades.csv' });
  const rows = await rejects.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent.trim())));
  assert.equal(rows.length, 3);
  const sent = smallDelivery().split('\n');
  assert.deepEqual(rows.map((r) => r[4]), sent.slice(5, 8), 'the original row beside the reason, as the file had it');
  assert.deepEqual(rows.map((r) => [r[0], r[1], r[2]]), [
    ['img_schades.csv', '6', 'fase'], ['img_schades.csv', '7', 'fase_sinds'], ['img_schades.csv', '8', rows[2][2]]]);
  assert.match(rows[0][3], /klaar/);
  assert.match(rows[1][3], /31-02-2021/);
  assert.match(rows[2][3], /adres onbekend/);
  await checkA11y(page, 'leveringen-rapport');

  await rejectsReadable(page, rejects);

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

  // an earlier delivery's rejects on the screen, as the API gives them, by keyboard
  const view = earlier.getByRole('button', { name: `Bekijk afgewezen rijen van img_schades.csv, levering ${newest.id}, op het scherm` });
  await tabTo(page, view, 200);
  await page.keyboard.press('Enter');
  const heading = page.getByRole('heading', { name: `Afgewezen rijen van img_schades.csv, levering ${newest.id}`, level: 2 });
  await heading.waitFor();
  assert.equal(await heading.evaluate((el) => el === document.activeElement), true, 'focus goes to what was asked for');
  const shown = page.locator('[data-test=afwijzingen]').getByRole('table', { name: 'Afgewezen rijen in img_schades.csv' });
  const api = await apiGet(server, token, `/leveringen/${newest.id}/afwijzingen`);
  const cells = await shown.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent.trim())));
  assert.deepEqual(cells, api.body.items.map((x) => ['img_schades.csv', String(x.regel), x.kolom || '–', x.reden, x.rij]));
  assert.deepEqual(cells.map((c) => c[4]), csv.slice(1).map((l) => l.split(';').slice(4).join(';').replace(/^"|"$/g, '').replace(/""/g, '"')),
    'the same rows as the CSV');
  await rejectsReadable(page, shown);
  await checkA11y(page, 'leveringen-afwijzingen');
  page.assertClean();
});

// The rejects table at 1280 px: no sideways scrolling, and the original row has room to
// be read; at 390 px: stacked rows, the long row wrapping inside the screen.
async function rejectsReadable(page, rejects) {
  const measure = () => rejects.evaluate((table) => {
    const container = table.closest('.utrecht-table-container');
    const cell = table.querySelector('tbody tr td:last-child');
    const row = cell.querySelector('[data-test=rij]');
    const lineHeight = parseFloat(getComputedStyle(row).lineHeight) || 20;
    return {
      scrolls: container.scrollWidth > container.clientWidth + 1,
      page: document.documentElement.scrollWidth,
      cellWidth: cell.getBoundingClientRect().width,
      cellRight: cell.getBoundingClientRect().right,
      rowRight: Math.max(...[...row.getClientRects()].map((r) => r.right)),
      rowLines: Math.round(row.getBoundingClientRect().height / lineHeight),
      stacked: getComputedStyle(table.querySelector('tbody tr')).display === 'block',
      font: getComputedStyle(row).fontFamily,
    };
  });
  await page.setViewportSize({ width: 1280, height: 900 });
  let m = await measure();
  assert.equal(m.scrolls, false, 'no sideways scrolling at 1280 px');
  assert.ok(m.page <= 1280, `the page is ${m.page} px wide at 1280 px`);
  assert.ok(m.cellWidth >= 240, `the original row has ${m.cellWidth} px at 1280 px`);
  assert.match(m.font, /mono/, 'the row in a monospace font, as in the file');
  await page.setViewportSize({ width: 390, height: 844 });
  m = await measure();
  assert.equal(m.stacked, true, 'stacked rows at 390 px');
  assert.equal(m.scrolls, false, 'no sideways scrolling at 390 px');
  assert.ok(m.page <= 390, `the page is ${m.page} px wide at 390 px`);
  assert.ok(m.rowRight <= 390 - 8 && m.cellRight <= 390, `the row runs to ${m.rowRight} px at 390 px`);
  assert.ok(m.rowLines > 1, 'the long row wraps');
  await page.setViewportSize({ width: 1280, height: 900 });
}

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
