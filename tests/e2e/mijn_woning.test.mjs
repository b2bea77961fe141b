// Mijn woning (the resident): both tracks in plain words, the contacts, consent given and
// withdrawn in the browser (and what that does to the other organisation's view, in the
// API), the processing log after a case worker looked, and no way to reach another
// resident's address by changing the URL.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, newPage, login, checkA11y, tabTo, apiGet } from './harness.mjs';

let server;
let browser;
let consentAddress; // no statutory basis: sharing needs the resident's consent

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  // An NCG address whose claims are all handled: the coordination AMvB does not apply
  // (it needs an undecided claim), so only consent lets IMG see the trajectory.
  consentAddress = server.sqlAddress(`SELECT c.nummeraanduiding_id FROM classificatie c
    JOIN traject t USING (nummeraanduiding_id) WHERE c.potentieel = 'melding_afgehandeld' ORDER BY 1 LIMIT 1`);
  assert.match(consentAddress, /^\d{16}$/);
  const password = 'bewoner3-wachtwoord-voor-de-test';
  server.cli(['user', 'add', '--name', 'bewoner3', '--role', 'bewoner', '--adres', consentAddress, '--password-stdin'], `${password}\n`);
  server.accounts.bewoner3 = password;
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

function addressLine(id) {
  const [straat, huisnummer] = server.sql(`SELECT straat, huisnummer FROM adres WHERE nummeraanduiding_id = ${Number(id)}`).split('|');
  return `${straat} ${huisnummer}`;
}

async function openHome(page, name) {
  await login(page, server, name);
  await page.waitForURL(/\/mijn-woning$/);
  await page.getByRole('heading', { name: 'Mijn woning', level: 1 }).waitFor();
  await page.getByRole('heading', { name: 'Wie heeft mijn gegevens bekeken?' }).waitFor();
}

test('both tracks in plain words, with the contacts and no codes', async () => {
  const id = server.addresses.eigen;
  const [stap, begeleider] = server.sql(`SELECT stap, bewonersbegeleider FROM traject WHERE nummeraanduiding_id = ${Number(id)}`).split('|');
  const page = await newPage(browser, server);
  await openHome(page, 'bewoner');
  await page.getByRole('heading', { name: new RegExp(addressLine(id)), level: 2 }).waitFor();
  const versterking = page.getByRole('region', { name: 'Versterking (NCG)' });
  const stappen = ['1.2', '2.1', '3.1', '4.1', '4.2', '5.1', '5.2', 'opgeleverd'];
  // the step names are the API's one vocabulary (decision 236)
  const begrippen = await (await fetch(`${server.url}/api/v1/begrippen`)).json();
  const STAP_NAMEN = Object.fromEntries(begrippen.stappen.map((b) => [b.code, b.naam]));
  if (stappen.includes(stap)) {
    // the step's one name (decision 218), as the resident guide reads it in the dossier
    await versterking.getByText(`Stap ${stappen.indexOf(stap) + 1} van 8: ${STAP_NAMEN[stap]}`).waitFor();
    const staff = await newPage(browser, server);
    await login(staff, server, 'bewonersbegeleider');
    await staff.goto(`/adressen/${id}`);
    await staff.getByText(`${stap} ${STAP_NAMEN[stap]}`, { exact: false }).first().waitFor();
    await staff.close();
  }
  for (const q of ['Waar staat u nu?', 'Wat gebeurt hierna?', 'Wat vragen we van u?']) {
    await versterking.getByText(q).waitFor();
  }
  const schade = page.getByRole('region', { name: 'Schade (IMG)' });
  await schade.getByText('Waar staat u nu?').first().waitFor();
  // the resident reads words, not the register's codes
  const text = await page.locator('main').innerText();
  assert.doesNotMatch(text, /beide_lopend|eigen_adres|wettelijke_taak|\b[1-5]\.[12]\b/);
  // contacts: names and organisation, no phone numbers or e-mail addresses
  const contacts = page.getByRole('region', { name: 'Uw contactpersonen' });
  if (begeleider) await contacts.getByText(begeleider).waitFor();
  await contacts.getByText('Uw bewonersbegeleider bij NCG (versterking)').waitFor();
  assert.doesNotMatch(await contacts.innerText(), /@|\b0\d{2,3}[- ]?\d{6,7}\b/);
  await checkA11y(page, 'mijn-woning');
  page.assertClean();
});

test('consent given in the browser lets the other organisation see the other track; withdrawal ends it', async () => {
  const id = consentAddress;
  const zaak = server.token('zaakbegeleider');
  const bewoners = server.token('bewonersbegeleider');
  const before = await apiGet(server, zaak, `/adressen/${id}`);
  assert.equal(before.status, 200);
  assert.equal(before.body.traject, null, 'IMG does not see the trajectory without a basis');
  assert.ok(before.body.afgeschermd.some((a) => a.onderdeel === 'traject'));

  const page = await newPage(browser, server);
  await openHome(page, 'bewoner3');
  const block = page.locator('[data-test="toestemming"]');
  await block.getByText('U hebt nu geen toestemming gegeven.').waitFor();
  await block.getByText('IMG (voor schade) en NCG (voor versterking)').waitFor();
  await checkA11y(page, 'mijn-woning-geen-toestemming');

  // give, by keyboard: a question first, as for withdrawing; "no" changes nothing
  await tabTo(page, block.getByRole('button', { name: 'Ik geef toestemming' }), 80);
  await page.keyboard.press('Enter');
  await block.getByText('Wilt u toestemming geven?').waitFor();
  await checkA11y(page, 'mijn-woning-geven-bevestigen');
  await tabTo(page, block.getByRole('button', { name: 'Nee, nu niet' }), 5);
  await page.keyboard.press('Enter');
  await block.getByRole('button', { name: 'Ik geef toestemming' }).waitFor();
  assert.equal((await apiGet(server, zaak, `/toestemmingen?nummeraanduidingId=${id}`)).body.totaal, 0, 'nothing given yet');
  await block.getByRole('button', { name: 'Ik geef toestemming' }).focus();
  await page.keyboard.press('Enter');
  await tabTo(page, block.getByRole('button', { name: 'Ja, ik geef toestemming' }), 5);
  await page.keyboard.press('Enter');
  await block.getByText('Dank u. Uw toestemming is vastgelegd.').waitFor();
  await block.getByText('U hebt toestemming gegeven').waitFor();
  await checkA11y(page, 'mijn-woning-toestemming');
  const given = await apiGet(server, zaak, `/toestemmingen?nummeraanduidingId=${id}`);
  assert.equal(given.body.items.at(-1).status, 'gegeven');
  // given here by the resident: in effect at once, no form and no second person needed
  assert.equal(given.body.items.at(-1).kanaal, 'mijn_woning');
  assert.equal(given.body.items.at(-1).formulier_kenmerk, null);
  const img = await apiGet(server, zaak, `/adressen/${id}`);
  assert.notEqual(img.body.traject, null, 'IMG now sees the trajectory');
  assert.equal(img.body.grondslag.traject, 'toestemming');
  const ncg = await apiGet(server, bewoners, `/adressen/${id}`);
  assert.notEqual(ncg.body.schades, null, 'NCG now sees the claims');
  assert.equal(ncg.body.grondslag.schades, 'toestemming');

  // withdraw: a confirmation first; "no" changes nothing
  await tabTo(page, block.getByRole('button', { name: 'Toestemming intrekken' }), 10);
  await page.keyboard.press('Enter');
  await block.getByText('Weet u zeker dat u uw toestemming wilt intrekken?').waitFor();
  await checkA11y(page, 'mijn-woning-intrekken-bevestigen');
  await tabTo(page, block.getByRole('button', { name: 'Nee, niet intrekken' }), 5);
  await page.keyboard.press('Enter');
  await block.getByRole('button', { name: 'Toestemming intrekken' }).waitFor();
  assert.notEqual((await apiGet(server, zaak, `/adressen/${id}`)).body.traject, null, 'still shared');

  await block.getByRole('button', { name: 'Toestemming intrekken' }).focus();
  await page.keyboard.press('Enter');
  await tabTo(page, block.getByRole('button', { name: 'Ja, trek mijn toestemming in' }), 5);
  await page.keyboard.press('Enter');
  await block.getByText('Uw toestemming is ingetrokken.').waitFor();
  await block.getByRole('button', { name: 'Ik geef toestemming' }).waitFor();
  await checkA11y(page, 'mijn-woning-ingetrokken');
  const withdrawn = await apiGet(server, zaak, `/toestemmingen?nummeraanduidingId=${id}`);
  assert.equal(withdrawn.body.items.at(-1).status, 'ingetrokken');
  const imgAfter = await apiGet(server, zaak, `/adressen/${id}`);
  assert.equal(imgAfter.body.traject, null, 'withdrawal ends IMG\'s view of the trajectory');
  assert.equal((await apiGet(server, bewoners, `/adressen/${id}`)).body.schades, null);
  page.assertClean();
});

test('a signed form a case worker recorded waits for a colleague; the resident sees that and can withdraw it', async () => {
  const id = consentAddress;
  const zaak = server.token('zaakbegeleider');
  const r = await fetch(`${server.url}/api/v1/toestemmingen`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${zaak}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ nummeraanduiding_id: id, doel: 'samenloop', gegeven_op: '2026-01-15',
      kanaal: 'post', formulier_kenmerk: 'GUO-2026-0099' }),
  });
  assert.equal(r.status, 201);
  assert.equal((await r.json()).status, 'wacht_op_bevestiging');
  assert.equal((await apiGet(server, zaak, `/adressen/${id}`)).body.traject, null, 'nothing shared yet');

  const page = await newPage(browser, server);
  await openHome(page, 'bewoner3');
  const block = page.locator('[data-test="toestemming"]');
  await block.getByText('Uw getekende formulier is ontvangen').waitFor();
  assert.match(await block.textContent(), /Tot dan delen IMG en NCG niets op grond van uw toestemming/);
  assert.equal(await block.getByRole('button', { name: 'Toestemming bevestigen' }).count(), 0);
  await checkA11y(page, 'mijn-woning-toestemming-wacht');
  await block.getByRole('button', { name: 'Toestemming intrekken' }).click();
  await block.getByRole('button', { name: 'Ja, trek mijn toestemming in' }).click();
  await block.getByText('Uw toestemming is ingetrokken.').waitFor();
  const items = (await apiGet(server, zaak, `/toestemmingen?nummeraanduidingId=${id}`)).body.items;
  assert.deepEqual([items.at(-1).status, items.at(-1).ingetrokken_door], ['ingetrokken', 'bewoner3']);
  page.assertClean();
});

test('the processing log says whether consent was given or withdrawn, not just "changed"', async () => {
  // after the two tests above: given and withdrawn by the resident, then recorded from a
  // signed form by a case worker and withdrawn by the resident
  const page = await newPage(browser, server);
  await openHome(page, 'bewoner3');
  const log = page.locator('[data-test="logboek"]');
  const what = await log.locator('tbody tr td:nth-child(3)').allTextContents();
  const consent = what.filter((t) => /uw toestemming/.test(t));
  assert.deepEqual(consent, ['Ingetrokken: uw toestemming', 'Gegeven: uw toestemming',
    'Ingetrokken: uw toestemming', 'Gegeven: uw toestemming'], 'newest first');
  await checkA11y(page, null);
  page.assertClean();
});

test('the processing log lists a case worker who looked at the address', async () => {
  const id = server.addresses.eigen;
  const page = await newPage(browser, server);
  await openHome(page, 'bewoner');
  const log = page.locator('[data-test="logboek"]');
  // the harness made the coordinator account this address's coordinator: a change, named
  // in plain words, and nobody has looked yet; the coordinator also became an addressee
  // of the open signals that are theirs (decision 216), a record of its own
  const change = log.getByRole('row', { name: /De beheerder van samenloop.*afspraken/ });
  await change.waitFor();
  await log.getByRole('row', { name: /De beheerder van samenloop.*een taak voor/ }).first().waitFor();
  assert.match(await change.innerText(), /Veranderd: de afspraken tussen IMG en NCG over uw huis \(wie uw coördinator is\)/);
  // earlier tests in this file may have looked already (consent given): count from here
  const looked = await log.getByRole('row', { name: /Bekeken/ }).count();
  // IMG's case worker opens the dossier (the AMvB basis applies here)
  const look = await apiGet(server, server.token('zaakbegeleider'), `/adressen/${id}`);
  assert.equal(look.status, 200);
  await page.reload();
  await log.getByRole('row', { name: /De beheerder van samenloop.*afspraken/ }).waitFor();
  assert.equal(await log.getByRole('row', { name: /Bekeken/ }).count(), looked + 1, 'one look more');
  // newest first: the look just made
  const row = log.getByRole('row', { name: /Een zaakbegeleider van IMG/ }).first();
  const text = await row.innerText();
  assert.match(text, /Bekeken: uw versterking \(nummer, hoe ver het is/);
  assert.match(text, /Om uw schade en de versterking op elkaar af te stemmen/);
  assert.match(text, /De wet: de regels voor huizen met schade én versterking/);
  assert.doesNotMatch(text, /zaakbegeleider\b(?! van)/i, 'no account names, only the role and organisation');
  await checkA11y(page, 'mijn-woning-logboek');
  page.assertClean();
});

test('a decided amount reads exactly as delivered, in euros', async () => {
  // bewoner3's claims are all handled: the list of handled claims names each amount
  server.sql(`UPDATE schade SET besluit_bedrag = 605160 WHERE nummeraanduiding_id = ${Number(consentAddress)}`);
  const page = await newPage(browser, server);
  await openHome(page, 'bewoner3');
  const schade = page.getByRole('region', { name: 'Schade (IMG)' });
  await schade.getByText(/bedrag €\s6\.051,60\./).first().waitFor();
  assert.doesNotMatch(await schade.innerText(), /6\.051,6000|6051\.6/);
  page.assertClean();
  await page.close();
});

test('a resident cannot reach another address by changing the URL', async () => {
  const page = await newPage(browser, server);
  await login(page, server, 'bewoner');
  const other = addressLine(server.addresses.ander);
  const own = addressLine(server.addresses.eigen);
  const missing = '0014209999999999';

  // the dossier route: the other address answers exactly as a missing one
  const answer = async (id) => {
    await page.goto(`/adressen/${id}`);
    await page.locator('main h1').waitFor();
    await page.waitForLoadState('networkidle');
    return (await page.locator('main').innerText()).replaceAll(id, 'ID');
  };
  const forOther = await answer(server.addresses.ander);
  const forMissing = await answer(missing);
  assert.equal(forOther, forMissing);
  assert.ok(!forOther.includes(other), 'nothing of the other address is shown');

  // tricks on /mijn-woning: only the own address is ever shown
  for (const path of [`/mijn-woning?nummeraanduiding_id=${server.addresses.ander}`,
    `/mijn-woning?adres=${server.addresses.ander}`, `/mijn-woning#${server.addresses.ander}`]) {
    await page.goto(path);
    await page.getByRole('heading', { name: new RegExp(own), level: 2 }).waitFor();
    await page.getByRole('heading', { name: 'Wie heeft mijn gegevens bekeken?' }).waitFor();
    assert.ok(!(await page.locator('main').innerText()).includes(other), `${path} shows nothing of the other address`);
  }
  for (const path of [`/mijn-woning/${server.addresses.ander}`, `/mijn-woning/../adressen/${server.addresses.ander}`]) {
    await page.goto(path);
    await page.locator('main h1').waitFor();
    await page.waitForLoadState('networkidle');
    assert.ok(!(await page.locator('main').innerText()).includes(other), `${path} shows nothing of the other address`);
  }
  // and the API says the same as for a missing address
  const viaPage = await page.evaluate(async ([a, b]) => {
    const r1 = await fetch(`/api/v1/adressen/${a}`);
    const r2 = await fetch(`/api/v1/adressen/${b}`);
    return [r1.status, await r1.text(), r2.status, await r2.text()];
  }, [server.addresses.ander, missing]);
  assert.equal(viaPage[0], 404);
  assert.equal(viaPage[1], viaPage[3]);
  page.assertClean();
});

test('only residents open Mijn woning', async () => {
  const page = await newPage(browser, server);
  await login(page, server, 'zaakbegeleider');
  await page.goto('/mijn-woning');
  await page.getByRole('heading', { name: 'Pagina niet gevonden' }).waitFor();
  page.assertClean();
});
