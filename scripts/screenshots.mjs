// screenshots.mjs [URL] [ACCOUNTS] [OUT] - screenshots of the web UI's main screens
// on the running demo (`make run`), for docs/screenshots/ and the README.
//   node scripts/screenshots.mjs http://127.0.0.1:8080 demo/accounts.txt docs/screenshots
// Logs in with the demo accounts (demo/accounts.txt); everything shown is generated,
// fictional data.

import { readFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser } from '../tests/e2e/harness.mjs';

const [url = 'http://127.0.0.1:8080', accountsFile = 'demo/accounts.txt', out = 'docs/screenshots'] = process.argv.slice(2);
const accounts = Object.fromEntries(readFileSync(accountsFile, 'utf8').trim().split('\n')
  .map((l) => l.trim().split(/\s+/)).map(([name, pw, , , , adres]) => [name, { pw, adres }]));

// [file, account, path, element to wait for]
const SHOTS = [
  ['inloggen', null, '/inloggen', 'form'],
  ['werkvoorraad', 'bewonersbegeleider', '/werkvoorraad', 'table'],
  ['dossier', 'zaakbegeleider', `/adressen/${accounts.bewoner.adres}`, 'h2'],
  ['svip', 'svip-img', '/svip', 'table'],
  ['dashboard', 'management', '/dashboard', 'canvas'],
  ['mijn-woning', 'bewoner', '/mijn-woning', 'h2'],
  ['leveringen', 'datasteward', '/leveringen', 'form'],
  ['beheer', 'beheerder', '/beheer', 'table'],
];

mkdirSync(out, { recursive: true });
const browser = await launchBrowser();
for (const [file, account, path, ready] of SHOTS) {
  const context = await browser.newContext({ baseURL: url, locale: 'nl-NL', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  if (account) {
    await page.goto('/inloggen');
    await page.getByLabel('Gebruikersnaam').fill(account);
    await page.getByLabel('Wachtwoord').fill(accounts[account].pw);
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await page.waitForURL((u) => !u.pathname.startsWith('/inloggen'));
  }
  await page.goto(path);
  await page.locator(`main ${ready}`).first().waitFor();
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: join(out, `${file}.png`), fullPage: false });
  console.log(`${file}.png`);
  await context.close();
}
await browser.close();
