// harness.mjs - what every browser test needs: a fresh register with generated
// (fictional) deliveries, one account per role, `samenloop serve` with the built web
// UI, headless Debian Chromium driven by playwright-core, and axe-core checks.
//
// Environment: SAMENLOOP_BIN (default build/samenloop), E2E_WEB_ROOT (default web/dist),
// CHROMIUM (default /usr/bin/chromium), E2E_SCREENSHOTS=DIR to save a screenshot of each checked screen.

import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import net from 'node:net';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(join(ROOT, 'web/package.json'));
const { chromium } = require('playwright-core');
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export const BIN = resolve(ROOT, process.env.SAMENLOOP_BIN || 'build/samenloop');
export const WEB_ROOT = resolve(ROOT, process.env.E2E_WEB_ROOT || 'web/dist');

function run(args, input) {
  return execFileSync(BIN, args, { input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
}

function freePort() {
  return new Promise((ok, fail) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
    s.on('error', fail);
  });
}

// Issue 15: with SAMENLOOP_TEST_PG (an admin URL, as make test-pg sets it) the register
// is a fresh PostgreSQL database on that cluster; with E2E_INSTANCES=2 two `serve`
// instances share it behind HAProxy (tests/integration/balancer.py writes its
// configuration) and the browser talks to HAProxy. Queries of the tests through
// server.sql must then be SQL both stores speak.
const PG_ADMIN = process.env.SAMENLOOP_TEST_PG || '';
const INSTANCES = Number(process.env.E2E_INSTANCES || 1);

function psql(url, query) {
  return execFileSync('psql', ['-X', '-At', '-v', 'ON_ERROR_STOP=1', '-d', url, '-c', query],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

function sql(db, query) {
  if (PG_ADMIN) return psql(db, query);
  return execFileSync('sqlite3', [db, query], { encoding: 'utf8' }).trim();
}

// A database of its own on the cluster, a copy of its migrated template (made first
// when missing: tests/integration/pg_template.py, decision 248); returns {db (its
// URL), drop()}.
function pgDatabase() {
  const name = execFileSync('python3', [join(ROOT, 'tests/integration/pg_template.py'), PG_ADMIN, BIN, 'samenloop_e2e'],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
  const url = new URL(PG_ADMIN);
  url.pathname = `/${name}`;
  return { db: url.toString(), drop: () => psql(PG_ADMIN, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

async function waitReady(url, proc, what, stderr) {
  for (let i = 0; ; i++) {
    try {
      const r = await fetch(`${url}/readyz`);
      if (r.ok) return;
    } catch { /* not listening yet */ }
    if (i > 100 || proc.exitCode !== null) throw new Error(`${what} did not start: ${stderr()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

// One `samenloop serve` on port 0; returns {url, port, proc, stderr()} once it answers. The
// port is the one it prints on standard output: a port guessed free beforehand can be
// taken by a test file running beside this one, whose server would answer in its place.
async function startInstance(db, settings) {
  const proc = spawn(BIN, ['--db', db, 'serve', '--listen', '127.0.0.1:0', '--threads', '2',
    '--set', `web_root=${WEB_ROOT}`,
    ...Object.entries(settings).flatMap(([k, v]) => ['--set', `${k}=${v}`])], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  proc.stderr.on('data', (d) => { err += d; });
  const port = await new Promise((ok, fail) => {
    let out = '';
    proc.stdout.on('data', (d) => {
      out += d;
      const m = /^http:\/\/127\.0\.0\.1:(\d+)\n/.exec(out);
      if (m) ok(Number(m[1]));
    });
    proc.on('exit', () => fail(new Error(`samenloop serve did not start: ${err}`)));
  });
  const url = `http://127.0.0.1:${port}`;
  await waitReady(url, proc, 'samenloop serve', () => err);
  return { url, port, proc, stderr: () => err };
}

// HAProxy in front of the instances; returns {url, proc}.
async function startBalancer(dir, instances) {
  const port = await freePort();
  const config = join(dir, 'haproxy.cfg');
  execFileSync('python3', [join(ROOT, 'tests/integration/balancer.py'), config, String(port),
    ...instances.map((inst, i) => `${String.fromCharCode(97 + i)}:${inst.port}`)]);
  const proc = spawn('haproxy', ['-db', '-f', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  proc.stderr.on('data', (d) => { err += d; });
  const url = `http://127.0.0.1:${port}`;
  await waitReady(url, proc, 'haproxy', () => err);
  await waitAllServing(url, instances.length);
  return { url, proc };
}

// Round robin hands each request to the next instance that passed its health checks;
// the tests start once every instance has answered through HAProxy (its name is in
// X-Samenloop-Instance), so the browser's requests alternate between all of them.
async function waitAllServing(url, count) {
  const seen = new Set();
  for (let i = 0; seen.size < count; i++) {
    if (i > 100) throw new Error(`only instances ${[...seen].join(', ')} of ${count} answered through haproxy`);
    const r = await fetch(`${url}/readyz`);
    if (r.ok) seen.add(r.headers.get('x-samenloop-instance'));
    else await new Promise((ok) => setTimeout(ok, 100));
  }
}

const ended = (proc) => proc.exitCode !== null || proc.signalCode !== null;

async function stopProc(proc) {
  if (ended(proc)) return;
  proc.kill('SIGTERM');
  await new Promise((r) => (ended(proc) ? r() : proc.on('exit', r)));
}

// The accounts every test can log in as. `bewoner` lives at an address where both
// tracks run; `bewoner2` at another one (for the "not your address" tests).
const ACCOUNTS = [
  ['beheerder', ['--role', 'beheerder']],
  ['zaakbegeleider', ['--role', 'zaakbegeleider', '--org', 'IMG']],
  ['bewonersbegeleider', ['--role', 'bewonersbegeleider', '--org', 'NCG']],
  ['svip-img', ['--role', 'svip', '--org', 'IMG']],
  ['svip-ncg', ['--role', 'svip', '--org', 'NCG']],
  ['coordinator', ['--role', 'coordinator']],
  ['interventieteam', ['--role', 'interventieteam']],
  ['planner', ['--role', 'planner']],
  ['management', ['--role', 'management']],
  ['gemeente', ['--role', 'gemeente', '--gemeente', '0014']],
  ['datasteward', ['--role', 'datasteward', '--org', 'IMG']],
];

// Starts a server over a fresh register (or E2E_INSTANCES behind HAProxy, above).
// Returns {url, db, dir, accounts, addresses, cli(args), stop()}. One per test file:
// the files run one after another. settings: extra `serve` settings as {key: value}.
export async function startServer({ ncg = 400, others = 600, seed = 11, settings = {} } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'samenloop-e2e-'));
  const pg = PG_ADMIN ? pgDatabase() : null;
  const db = pg ? pg.db : join(dir, 'samenloop.db');
  run(['gen', '--out', dir, '--seed', String(seed), '--ncg', String(ncg), '--others', String(others)]);
  run(['--db', db, 'import', join(dir, 'bag_adressen.csv'), join(dir, 'ncg_trajecten.csv'), join(dir, 'img_schades.csv')]);
  // the same register a year on, so there are signals in the work queues
  const later = join(dir, 'later');
  mkdirSync(later);
  run(['gen', '--out', later, '--seed', String(seed), '--ncg', String(ncg), '--others', String(others), '--peildatum', '2022-08-31']);
  run(['--db', db, 'import', join(later, 'bag_adressen.csv'), join(later, 'ncg_trajecten.csv'), join(later, 'img_schades.csv')]);

  // the own address is one where both tracks run in Groningen, a claim is still
  // undecided (so the statutory basis applies, SPEC §4.4) and the year moved as much
  // on as it did anywhere, so its dossier shows a history
  // (SQL both stores speak: afwezig is 0/1 on SQLite and a boolean on PostgreSQL)
  const changed = (kind, table, key) => `CASE WHEN EXISTS (SELECT 1 FROM ${table} x JOIN statushistorie h ON h.onderwerp = '${kind}' AND h.sleutel = x.${key} WHERE x.nummeraanduiding_id = c.nummeraanduiding_id) THEN 1 ELSE 0 END`;
  const undecided = "EXISTS (SELECT 1 FROM schade x WHERE x.nummeraanduiding_id = c.nummeraanduiding_id AND NOT x.afwezig AND x.fase IN ('voorbereiding', 'opname', 'zienswijze'))";
  const both = sql(db, `SELECT c.nummeraanduiding_id FROM classificatie c JOIN adres a USING (nummeraanduiding_id) WHERE c.potentieel = 'beide_lopend' AND a.gemeentecode = '0014' ORDER BY ${undecided} DESC, ${changed('schade', 'schade', 'img_id')} + ${changed('traject', 'traject', 'ncg_id')} DESC, c.nummeraanduiding_id LIMIT 2`).split('\n').map((id) => id.padStart(16, '0'));
  const addresses = { eigen: both[0], ander: both[1] };
  const accounts = {};
  const add = (name, args) => {
    const password = randomBytes(15).toString('base64url');
    run(['--db', db, 'user', 'add', '--name', name, ...args, '--password-stdin'], `${password}\n`);
    accounts[name] = password;
  };
  for (const [name, args] of ACCOUNTS) add(name, args);
  add('bewoner', ['--role', 'bewoner', '--adres', addresses.eigen]);
  add('bewoner2', ['--role', 'bewoner', '--adres', addresses.ander]);
  // the coordinator and the interventieteam see only their own dossiers (decision 101):
  // the own address is coordinated by the coordinator account and, stuck for years by
  // 2030, escalated to the interventieteam by rule 8
  run(['--db', db, 'dossier', 'coordinator', addresses.eigen, '--name', 'coordinator', '--by', 'e2e']);
  run(['--db', db, 'sweep', '--today', '2030-01-01']);

  // a PostgreSQL register has no directory beside it for held deliveries: every
  // instance gets the same one, as a deployment would on shared storage (decision 176)
  const serve = pg ? { leveringen_map: join(dir, 'leveringen'), ...settings } : settings;
  const instances = [];
  for (let i = 0; i < INSTANCES; i++) instances.push(await startInstance(db, serve));
  const balancer = INSTANCES > 1 ? await startBalancer(dir, instances) : null;
  const url = balancer ? balancer.url : instances[0].url;
  return {
    url, db, dir, accounts, addresses, instances,
    sql: (q) => sql(db, q),
    // the address (nummeraanduiding) id the query's first row selects, in the API's
    // 16 digits, or '' when it selects none: padding in SQL would need printf, which
    // PostgreSQL does not have
    sqlAddress: (q) => {
      const id = sql(db, q).split('\n')[0];
      return id ? id.padStart(16, '0') : '';
    },
    cli: (args, input) => run(['--db', db, ...args], input),
    token: (user) => run(['--db', db, 'token', 'create', '--user', user]).trim(),
    async stop() {
      if (balancer) await stopProc(balancer.proc);
      // an instance that died during the file would go unnoticed behind HAProxy
      const died = instances.filter((inst) => ended(inst.proc));
      for (const inst of instances) await stopProc(inst.proc);
      if (pg) pg.drop();
      rmSync(dir, { recursive: true, force: true });
      assert.deepEqual(died.map((inst) => inst.stderr()), [], 'an instance of samenloop serve ended during the tests');
    },
  };
}

// Flags from the machine notes: without the background-networking ones Chromium
// keeps trying Google's hosts, which the closed network refuses.
export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--disable-dev-shm-usage'],
  });
}

// A page that fails the test on any console error, uncaught exception or CSP
// violation. Call `page.assertClean()` at the end of a test.
export async function newPage(browser, server) {
  const context = await browser.newContext({ baseURL: server.url, locale: 'nl-NL', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => {
    // a 401/403/404 answer the screen handles is logged by Chromium as a failed
    // resource load; the screen shows it to the user, so it is not a page error
    if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(String(e)));
  page.assertClean = () => assert.deepEqual(problems, [], `browser errors: ${problems.join('\n')}`);
  return page;
}

export async function login(page, server, name) {
  await page.goto('/inloggen');
  await page.getByLabel('Gebruikersnaam').fill(name);
  await page.getByLabel('Wachtwoord').fill(server.accounts[name]);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/inloggen'));
}

// Runs axe-core (WCAG 2.0/2.1 A and AA) on the page as it is now and fails on any
// violation, naming the rule and the elements. `name` also names the screenshot.
export async function checkA11y(page, name) {
  await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.slice(0, 5).map((n) => n.target.join(' ')).join('\n    ')}`);
  });
  if (process.env.E2E_SCREENSHOTS && name) {
    mkdirSync(process.env.E2E_SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(process.env.E2E_SCREENSHOTS, `${name}.png`), fullPage: true });
  }
  assert.deepEqual(result, [], `axe violations on ${name || page.url()}:\n${result.join('\n')}`);
  // a missing value must read as a word ("onbekend", "–"), never as JavaScript's
  const text = await page.locator('body').innerText();
  const leaked = text.match(/.{0,40}\b(null|undefined|NaN|\[object Object\])\b.{0,40}/);
  assert.equal(leaked, null, `JavaScript value shown on ${name || page.url()}: ${leaked && leaked[0]}`);
}

// The API as a machine client with a bearer token (to check what the browser did).
export async function apiGet(server, token, path) {
  const r = await fetch(`${server.url}/api/v1${path}`, { headers: { Authorization: `Bearer ${token}` } });
  const body = await r.json();
  return { status: r.status, body };
}

// Tabs through the page until `locator` has focus (at most `max` presses), to show
// that it is reachable by keyboard.
export async function tabTo(page, locator, max = 60) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await locator.evaluate((el) => el === document.activeElement)) return;
  }
  assert.fail(`not reachable by Tab: ${locator}`);
}
