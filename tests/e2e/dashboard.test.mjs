// The dashboard (management, gemeente): its numbers equal `samenloop stats --json
// --onderdrukken` (the published figures) on the same register, hidden counts show with
// the threshold the API names (set to 8 here, not the default 10, so that the screen
// cannot have it from anywhere else), a gemeente sees only its own area, the
// municipality filter works, and the CSV export holds what is shown.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { startServer, launchBrowser, newPage, login, checkA11y, tabTo, apiGet } from './harness.mjs';

const GRENS = 8; // the threshold this file's server is given
let server;
let browser;

before(async () => {
  // larger than the default, so that matrix cells reach 10 and show real numbers
  server = await startServer({ ncg: 3000, others: 1000, settings: { suppress_below: GRENS } });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const STAPPEN = ['1.2', '2.1', '3.1', '4.1', '4.2', '5.1', '5.2'];
const FASEN = ['voorbereiding', 'opname', 'zienswijze', 'beschikking'];
const POT = ['geen_schademelding', 'melding_afgehandeld', 'beide_lopend', 'alleen_schade_lopend'];
const GROEPEN = ['A', 'B', 'C', 'D', 'E', 'F'];

// The figures as published to management and municipalities.
function stats(gemeente) {
  return JSON.parse(server.cli(['stats', '--json', '--onderdrukken', '--onder', String(GRENS),
    ...(gemeente ? ['--gemeente', gemeente] : [])]));
}

function isHidden(n) {
  return typeof n === 'object' && n !== null && n.onderdrukt === true;
}

// What the screen must show for a count: a hidden one as "< 8".
function shown(n) {
  if (isHidden(n)) {
    assert.equal(n.onder, GRENS, 'a hidden count names the threshold');
    return `< ${GRENS}`;
  }
  return n.toLocaleString('nl-NL');
}

// Reads every count on the screen: {potentieel: {k: text}, matrix: {stap: {fase: text}}, groepen: {g: text}}.
async function readScreen(page) {
  return page.evaluate(() => {
    const txt = (el) => el.textContent.trim();
    const out = { potentieel: {}, matrix: {}, groepen: {}, letters: {} };
    for (const tr of document.querySelectorAll('#potentieel-tabel tr[data-potentieel]')) {
      out.potentieel[tr.dataset.potentieel] = txt(tr.querySelector('[data-test=aantal]'));
    }
    for (const tr of document.querySelectorAll('#matrix-tabel tr[data-stap]')) {
      out.matrix[tr.dataset.stap] = {};
      out.letters[tr.dataset.stap] = {};
      for (const td of tr.querySelectorAll('td[data-fase]')) {
        out.matrix[tr.dataset.stap][td.dataset.fase] = txt(td.querySelector('[data-test=aantal]'));
        out.letters[tr.dataset.stap][td.dataset.fase] = td.querySelector('.sl-heat__group').textContent.replace('groep', '').trim();
      }
    }
    for (const tr of document.querySelectorAll('#groepen-tabel tr[data-groep]')) {
      out.groepen[tr.dataset.groep] = txt(tr.querySelector('[data-test=aantal]'));
    }
    return out;
  });
}

function expected(s) {
  const out = { potentieel: {}, matrix: {}, groepen: {} };
  for (const k of POT) out.potentieel[k] = shown(s.potentieel[k]);
  for (const st of STAPPEN) {
    out.matrix[st] = {};
    for (const f of FASEN) out.matrix[st][f] = shown(s.matrix[st][f]);
  }
  for (const g of GROEPEN) out.groepen[g] = shown(s.groepen[g]);
  return out;
}

async function waitForFigures(page, area) {
  await page.getByRole('heading', { name: `Cijfers voor ${area}`, level: 2 }).waitFor();
  await page.locator('#matrix-tabel').waitFor();
}

test('management: the numbers equal samenloop stats --json, with groups and explanations', async () => {
  const page = await newPage(browser, server);
  await login(page, server, 'management');
  assert.equal(new URL(page.url()).pathname, '/dashboard');
  await waitForFigures(page, 'het hele gebied');
  const s = stats();
  const screen = await readScreen(page);
  const want = expected(s);
  assert.deepEqual(screen.potentieel, want.potentieel, 'potential');
  assert.deepEqual(screen.matrix, want.matrix, 'matrix');
  assert.deepEqual(screen.groepen, want.groepen, 'group totals');
  // the register must have something to compare, or the test proves nothing
  assert.ok(STAPPEN.some((st) => FASEN.some((f) => typeof s.matrix[st][f] === 'number' && s.matrix[st][f] >= 10)), 'some matrix cell is shown');
  assert.equal(s.onderdrukkingsgrens, GRENS, 'the configured threshold');
  // the cells carry their group letter in text, not only a colour (SPEC §4.2 default)
  assert.equal(screen.letters['2.1'].opname, 'B');
  assert.equal(screen.letters['2.1'].zienswijze, 'C');
  assert.equal(screen.letters['4.1'].voorbereiding, 'E*');
  assert.equal(screen.letters['5.2'].beschikking, 'F');
  // every group has its plain explanation
  await page.getByRole('cell', { name: /gezamenlijke opname, daarna afstemmen/ }).waitFor();
  // totals for the whole area
  const total = await page.locator('dl').first().textContent();
  assert.match(total, new RegExp(`Combinatiedossiers\\s*${shown(s.combinatiedossiers).replace(/[.<]/g, '\\$&')}`));
  // the chart is drawn and has a text equivalent
  const canvases = await page.locator('canvas[role=img]').count();
  assert.ok(canvases >= 1, 'a chart is drawn');
  assert.ok(await page.locator('canvas[role=img][aria-describedby=potentieel-tabel]').count() === 1);
  await checkA11y(page, 'dashboard');
  page.assertClean();
});

test('signals per week: the table equals the API, after signals were raised and handled', async () => {
  const token = server.token('management');
  // handle a few signals this week, so both columns have something to show
  const zb = server.token('zaakbegeleider');
  const open = await apiGet(server, zb, '/signalen?status=open&perPagina=12');
  const ids = open.body.items.map((it) => it.id);
  assert.equal(ids.length, 12, 'the register has open signals for IMG');
  let handled = 0;
  for (const id of ids) {
    const r = await fetch(`${server.url}/api/v1/signalen/${id}/afwijzing`, {
      method: 'POST', headers: { Authorization: `Bearer ${zb}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ reden: 'test: al besproken' }),
    });
    if (r.ok) handled++;
  }
  const { status, body } = await apiGet(server, token, '/statistieken/signalen?weken=12');
  assert.equal(status, 200);
  const page = await newPage(browser, server);
  await login(page, server, 'management');
  await page.locator('#signalen-tabel').waitFor();
  const rows = await page.locator('#signalen-tabel tr[data-week]').evaluateAll((trs) => trs.map((tr) => [
    tr.dataset.week, tr.querySelector('[data-test=gemeld]').textContent.trim(),
    tr.querySelector('[data-test=afgehandeld]').textContent.trim()]));
  const show = (n) => (isHidden(n) ? `< ${body.onderdrukkingsgrens}` : n.toLocaleString('nl-NL'));
  assert.equal(body.onderdrukkingsgrens, GRENS);
  assert.deepEqual(rows, body.weken.map((w) => [w.week, show(w.aangemaakt), show(w.afgehandeld)]));
  const thisWeek = body.weken[body.weken.length - 1];
  assert.ok(thisWeek.aangemaakt > 0, 'the deliveries raised signals this week');
  assert.equal(handled, 12);
  assert.ok(thisWeek.afgehandeld >= 12, 'the handled signals count in this week');
  assert.ok(await page.locator('canvas[role=img][aria-describedby=signalen-tabel]').count() === 1);
  page.assertClean();
});

test('hidden counts show as "< 8", the threshold the API names, with an explanation', async () => {
  // a municipality with few addresses has suppressed cells
  const page = await newPage(browser, server);
  await login(page, server, 'management');
  const codes = server.sql('SELECT DISTINCT gemeentecode FROM adres ORDER BY 1').split('\n');
  let code = null;
  for (const c of codes) {
    const s = stats(c);
    const all = [...Object.values(s.potentieel), ...Object.values(s.groepen), ...STAPPEN.flatMap((st) => Object.values(s.matrix[st]))];
    if (all.some(isHidden)) { code = c; break; }
  }
  assert.ok(code, 'some municipality has a small count');
  await page.goto(`/dashboard?gemeente=${code}`);
  await page.locator('#matrix-tabel').waitFor();
  const screen = await readScreen(page);
  const want = expected(stats(code));
  assert.deepEqual(screen, { ...want, letters: screen.letters });
  assert.ok(JSON.stringify(screen).includes(`< ${GRENS}`));
  assert.ok(!JSON.stringify(screen).includes('< 10'), 'no threshold but the API\'s');
  await page.getByText('Kleine aantallen (1 tot en met 7) tonen we als "< 8"').waitFor();
  const uitleg = await page.locator('.utrecht-alert').first().textContent();
  assert.match(uitleg, /In deze cijfers gaat het om \d+ aantal/, 'how many are hidden');
  await checkA11y(page, null);
  page.assertClean();
});

test('the municipality filter works by keyboard and shows that municipality\'s numbers', async () => {
  const page = await newPage(browser, server);
  await login(page, server, 'management');
  await waitForFigures(page, 'het hele gebied');
  const sel = page.getByLabel('Gemeente', { exact: true });
  await tabTo(page, sel);
  await sel.selectOption('0014');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/dashboard\?gemeente=0014/);
  await waitForFigures(page, 'gemeente Groningen (0014)');
  const screen = await readScreen(page);
  const want = expected(stats('0014'));
  assert.deepEqual(screen.potentieel, want.potentieel);
  assert.deepEqual(screen.matrix, want.matrix);
  assert.deepEqual(screen.groepen, want.groepen);
  assert.notDeepEqual(want.potentieel, expected(stats()).potentieel, 'the filter changes the numbers');
  assert.equal(await sel.inputValue(), '0014');
  await checkA11y(page, 'dashboard-gemeente');
  // back to the whole area
  await sel.selectOption('');
  await page.getByRole('button', { name: 'Toon cijfers' }).click();
  await waitForFigures(page, 'het hele gebied');
  page.assertClean();
});

test('a gemeente account sees only its own municipality, and the API refuses another', async () => {
  const page = await newPage(browser, server);
  await login(page, server, 'gemeente');
  assert.equal(new URL(page.url()).pathname, '/dashboard');
  await waitForFigures(page, 'gemeente Groningen (0014)');
  assert.equal(await page.getByLabel('Gemeente', { exact: true }).count(), 0, 'no municipality filter for a gemeente');
  const screen = await readScreen(page);
  const want = expected(stats('0014'));
  assert.deepEqual(screen.potentieel, want.potentieel);
  assert.deepEqual(screen.matrix, want.matrix);
  assert.deepEqual(screen.groepen, want.groepen);
  // changing the URL does not show another municipality
  await page.goto('/dashboard?gemeente=1966');
  await waitForFigures(page, 'gemeente Groningen (0014)');
  const status = await page.evaluate(async () => (await fetch('/api/v1/statistieken?gemeente=1966')).status);
  assert.equal(status, 403);
  await checkA11y(page, 'dashboard-gemeente-account');
  page.assertClean();
});

test('CSV export: semicolons, a BOM, and the numbers shown', async () => {
  const page = await newPage(browser, server);
  await login(page, server, 'management');
  await page.goto('/dashboard?gemeente=0014');
  await waitForFigures(page, 'gemeente Groningen (0014)');
  const knop = page.getByRole('button', { name: 'Download als CSV' });
  await tabTo(page, knop, 120);
  const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  assert.match(download.suggestedFilename(), /^samenloop-dashboard-0014-\d{4}-\d{2}-\d{2}\.csv$/);
  const text = await readFile(await download.path(), 'utf8');
  assert.equal(text.charCodeAt(0), 0xfeff, 'starts with a BOM for Excel');
  const lines = text.slice(1).trim().split('\r\n').map((l) => l.split(';'));
  assert.deepEqual(lines[0], ['onderdeel', 'rij', 'kolom', 'groep', 'aantal']);
  const s = stats('0014');
  const row = (a, b, c) => lines.find((l) => l[0] === a && l[1] === b && (c === undefined || l[2] === c));
  assert.equal(row('potentieel', 'Beide lopend')[4], shown(s.potentieel.beide_lopend));
  assert.equal(row('potentieel', 'Geen schademelding')[4], shown(s.potentieel.geen_schademelding));
  assert.deepEqual(row('matrix', '2.1 Opname plannen', 'Opname').slice(3), ['B', shown(s.matrix['2.1'].opname)]);
  for (const g of GROEPEN) assert.equal(row('groep', `Groep ${g}`)[4], shown(s.groepen[g]));
  assert.equal(lines.filter((l) => l[0] === 'matrix').length, STAPPEN.length * FASEN.length);
  // the terms section's figures are in it too, hidden as the page hides them
  const { body: t } = await apiGet(server, server.token('management'), '/statistieken/termijnen?gemeente=0014');
  const aantal = (n) => (typeof n === 'number' ? n.toLocaleString('nl-NL') : `< ${n.onder}`);
  const euro = (c) => (c === null ? '–' : `€\u00a0${Math.floor(c / 100).toLocaleString('nl-NL')},${String(c % 100).padStart(2, '0')}`);
  assert.ok(t.termijnen.length >= 2 && t.dwangsommen.length >= 2, 'both bodies have term figures');
  for (const o of t.termijnen) {
    assert.equal(row('termijnen', o.organisatie, 'dreigt te verlopen')[4], aantal(o.dreigend), `${o.organisatie} at risk`);
    assert.equal(row('termijnen', o.organisatie, 'verstreken')[4], aantal(o.verstreken), `${o.organisatie} overdue`);
  }
  const perGemeente = t.termijnen.flatMap((o) => o.per_gemeente.map((g) => [`${o.organisatie} Groningen (0014)`, g]));
  assert.equal(lines.filter((l) => l[0] === 'termijnen per gemeente').length, 2 * perGemeente.length);
  for (const [naam, g] of perGemeente) {
    assert.equal(g.gemeente, '0014');
    assert.equal(row('termijnen per gemeente', naam, 'verstreken')[4], aantal(g.verstreken));
  }
  for (const d of t.dwangsommen) {
    assert.equal(row('dwangsommen', d.organisatie, 'adressen')[4], aantal(d.adressen));
    assert.equal(row('dwangsommen', d.organisatie, 'verschuldigd')[4], euro(d.verschuldigd_centen));
    assert.equal(row('dwangsommen', d.organisatie, 'betaald')[4], euro(d.betaald_centen));
  }
  // every figure of the section on the page is in the file
  const shownTerms = await page.locator('[data-test=termijnen] td.utrecht-table__cell--numeric-data').allTextContents();
  const inFile = new Set(lines.filter((l) => ['termijnen', 'termijnen per gemeente', 'dwangsommen'].includes(l[0])).map((l) => l[4]));
  assert.ok(shownTerms.length > 0, 'the section shows figures');
  for (const v of shownTerms) assert.ok(inFile.has(v.trim()), `"${v}" shown but not exported`);
  page.assertClean();
});

test('the group letters follow the active matrix, and the page says when counts are of an earlier version', async () => {
  // an administrator activates version 2, in which step 2.1 is group B throughout
  server.sql("BEGIN; INSERT INTO regelset (soort, versie, omschrijving) VALUES ('matrix', 2, 'stap 2.1 wordt groep B');"
    + " INSERT INTO matrixregel SELECT 2, stap, fase, CASE stap WHEN '2.1' THEN 'B' ELSE groep END FROM matrixregel WHERE versie = 1;"
    + " UPDATE regelset SET actief = FALSE WHERE soort = 'matrix'; UPDATE regelset SET actief = TRUE WHERE soort = 'matrix' AND versie = 2; COMMIT;");
  try {
    const page = await newPage(browser, server);
    await login(page, server, 'management');
    await waitForFigures(page, 'het hele gebied');
    const screen = await readScreen(page);
    assert.equal(screen.letters['2.1'].zienswijze, 'B', 'the active version\'s group, not the default C');
    assert.equal(screen.letters['4.1'].voorbereiding, 'E*');
    assert.equal(screen.letters['1.2'].opname, 'A');
    const uitleg = await page.locator('[data-test=matrixversie]').textContent();
    assert.match(uitleg, /versie 2 van de samenwerkingsmatrix/);
    assert.match(uitleg, /nog ingedeeld met versie 1/, 'counts were grouped before the change');
    page.assertClean();
  } finally {
    server.sql("UPDATE regelset SET actief = FALSE WHERE soort = 'matrix'; UPDATE regelset SET actief = TRUE WHERE soort = 'matrix' AND versie = 1;");
  }
});
