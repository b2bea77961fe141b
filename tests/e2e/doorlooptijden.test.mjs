// Lead times on the dashboard and the dossier on a chosen date (issue 17, decisions
// 209-213). The dashboard's lead-time tables show what GET /statistieken/doorlooptijden
// answers (names from labels.js, hidden counts as "< N" with no days), for the area and
// for a municipality; they fit 390 px. The dossier's date control opens the dossier as
// it was, says plainly that it is the past and leads back to today; a date before the
// register knew the address gives a clear answer at the control.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, newPage, login, checkA11y, apiGet } from './harness.mjs';

const GRENS = 3; // a low threshold, so that lead times of the small demo show numbers
let server;
let browser;

before(async () => {
  server = await startServer({ settings: { suppress_below: GRENS } });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

function shownCount(n) {
  if (typeof n === 'object' && n !== null && n.onderdrukt) return `< ${n.onder}`;
  return n.toLocaleString('nl-NL');
}

function shownDays(v) {
  return typeof v === 'number' ? `${v.toLocaleString('nl-NL', { maximumFractionDigits: 1 })} dagen` : '–';
}

// Every row of one lead-time table as {key: [afgerond aantal, mediaan, p80, lopend aantal, mediaan]}.
async function readTable(page, id, attr) {
  return page.evaluate(([tid, a]) => {
    const out = {};
    for (const tr of document.querySelectorAll(`#${tid} tr[data-${a}]`)) {
      out[tr.dataset[a]] = ['afgerond-aantal', 'afgerond-mediaan', 'afgerond-p80', 'lopend-aantal', 'lopend-mediaan']
        .map((t) => tr.querySelector(`[data-test=${t}]`).textContent.trim());
    }
    return out;
  }, [id, attr]);
}

function expected(rows, key) {
  const out = {};
  for (const r of rows) {
    out[r[key]] = [shownCount(r.afgerond.aantal), shownDays(r.afgerond.mediaan_dagen), shownDays(r.afgerond.p80_dagen),
      shownCount(r.lopend.aantal), shownDays(r.lopend.mediaan_dagen)];
  }
  return out;
}

async function checkDashboard(user, query, apiQuery) {
  const page = await newPage(browser, server);
  await login(page, server, user);
  await page.goto(`/dashboard${query}`);
  await page.locator('#doorlooptijden-fasen').waitFor();
  await page.locator('#doorlooptijden-stappen').waitFor();
  const { body } = await apiGet(server, server.token(user), `/statistieken/doorlooptijden${apiQuery}`);
  assert.deepEqual(await readTable(page, 'doorlooptijden-fasen', 'fase'), expected(body.schades, 'fase'));
  assert.deepEqual(await readTable(page, 'doorlooptijden-stappen', 'stap'), expected(body.trajecten, 'stap'));
  // names, not codes
  const fasen = page.locator('#doorlooptijden-fasen');
  assert.match(await fasen.innerText(), /Voorbereiding/);
  assert.match(await page.locator('#doorlooptijden-stappen').innerText(), /1\.2 Op de lijst, bewoner geïnformeerd/);
  // something real to show: the year-on demo has running stays
  const running = body.schades.concat(body.trajecten).filter((r) => typeof r.lopend.aantal === 'number' && r.lopend.aantal > 0);
  assert.ok(running.length > 0, 'the demo has running stays');
  await checkA11y(page, `doorlooptijden-${user}`);
  page.assertClean();
  await page.context().close();
  return body;
}

test('the dashboard shows the lead times the API gives, for the area and a municipality', async () => {
  const all = await checkDashboard('management', '', '');
  assert.equal(all.gemeente, null);
  const own = await checkDashboard('gemeente', '', '');
  assert.equal(own.gemeente, '0014');
  await checkDashboard('management', '?gemeente=0014', '?gemeente=0014');
});

test('the lead-time tables fit a phone', async () => {
  const page = await newPage(browser, server);
  await page.setViewportSize({ width: 390, height: 844 });
  await login(page, server, 'management');
  await page.goto('/dashboard');
  await page.locator('#doorlooptijden-stappen').waitFor();
  const widths = await page.evaluate(() => ({
    doc: document.documentElement.scrollWidth,
    section: document.querySelector('[data-test=doorlooptijden]').getBoundingClientRect().right,
  }));
  assert.ok(widths.doc <= 390, `page ${widths.doc} px wide`);
  assert.ok(widths.section <= 390, `lead times end at ${widths.section} px`);
  page.assertClean();
  await page.context().close();
});

test('the dossier on a chosen date says it is the past and leads back', async () => {
  const page = await newPage(browser, server);
  await login(page, server, 'zaakbegeleider');
  const id = server.addresses.eigen;
  await page.goto(`/adressen/${id}`);
  const input = page.getByLabel('Bekijk het dossier zoals het was op …');
  await input.waitFor();
  assert.equal(await page.locator('[data-test=peildatum-melding]').count(), 0, 'today: no notice of the past');
  const today = new Date().toISOString().slice(0, 10);
  await input.fill(today);
  await page.getByRole('button', { name: 'Bekijk', exact: true }).click();
  await page.waitForURL((u) => u.searchParams.get('peildatum') === today);
  const notice = page.locator('[data-test=peildatum-melding]');
  await notice.waitFor();
  assert.match(await notice.innerText(), /U bekijkt het verleden/);
  const { body } = await apiGet(server, server.token('zaakbegeleider'), `/adressen/${id}?peildatum=${today}`);
  assert.equal(body.peildatum.datum, today);
  await checkA11y(page, 'dossier-peildatum');
  await page.locator('[data-test=peildatum-terug]').click();
  await page.waitForURL((u) => !u.searchParams.get('peildatum'));
  await page.getByLabel('Bekijk het dossier zoals het was op …').waitFor();
  assert.equal(await page.locator('[data-test=peildatum-melding]').count(), 0, 'back to today');
  page.assertClean();
  await page.context().close();
});

test('a date before the register knew the address gets a clear answer', async () => {
  const page = await newPage(browser, server);
  await login(page, server, 'zaakbegeleider');
  await page.goto(`/adressen/${server.addresses.eigen}?peildatum=2019-01-01`);
  const answer = page.locator('[data-test=peildatum-fout]');
  await answer.waitFor();
  assert.match(await answer.innerText(), /kende het register dit adres nog niet/);
  assert.equal(await page.getByLabel('Bekijk het dossier zoals het was op …').inputValue(), '2019-01-01');
  await checkA11y(page, 'dossier-peildatum-onbekend');
  page.assertClean();
  await page.context().close();
});
