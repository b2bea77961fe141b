// planning_setup.mjs - what the planning browser tests share: candidates for a joint
// inspection in the generated register (matrix group B in Groningen, decision 156),
// and a rota, requests and a plan made through the API (for the screens that show one).

import assert from 'node:assert/strict';

// The period every planning test plans over: two working weeks in April 2027.
export const PERIOD = { van: '2027-04-12', tot: '2027-04-23' };

// n candidate addresses (16 digits), other than the shared residents' own: both tracks
// running in Groningen with a claim undecided (so both bodies see the dossier, SPEC
// §4.4), whose resident asked for the AMvB's totaalopname (group B itself is rare in a
// small generated register). A register of 1,000 NCG addresses has enough.
export const REGISTER = { ncg: 1000, others: 600 };

export function candidates(server, n) {
  const ids = server.sql(`SELECT c.nummeraanduiding_id FROM classificatie c JOIN adres a USING (nummeraanduiding_id)
    WHERE c.potentieel = 'beide_lopend' AND a.gemeentecode = '0014' AND EXISTS (SELECT 1 FROM schade x
      WHERE x.nummeraanduiding_id = c.nummeraanduiding_id AND NOT x.afwezig AND x.fase IN ('voorbereiding', 'opname', 'zienswijze'))
    ORDER BY c.nummeraanduiding_id LIMIT ${n + 2}`)
    .split('\n').filter(Boolean).map((id) => id.padStart(16, '0'))
    .filter((id) => id !== server.addresses.eigen && id !== server.addresses.ander).slice(0, n);
  assert.equal(ids.length, n, 'the generated register has enough shared dossiers in Groningen');
  for (const id of ids) server.cli(['dossier', 'element', id, 'totaalopname', 'gevraagd', '--by', 'e2e']);
  return ids;
}

export function addressLine(server, id) {
  const [straat, huisnummer] = server.sql(`SELECT straat, huisnummer FROM adres WHERE nummeraanduiding_id = ${Number(id)}`).split('|');
  return `${straat} ${huisnummer}`;
}

export async function apiSend(server, user, method, path, body, headers = {}) {
  const r = await fetch(`${server.url}/api/v1${path}`, {
    method,
    headers: { Authorization: `Bearer ${server.token(user)}`, 'Content-Type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  return { status: r.status, etag: r.headers.get('etag'), body: text ? JSON.parse(text) : null };
}

// IMG two a day and NCG one, Monday to Friday, in Groningen.
export async function rota(server) {
  for (const weekdag of ['maandag', 'dinsdag', 'woensdag', 'donderdag', 'vrijdag']) {
    for (const [org, opnames] of [['IMG', 2], ['NCG', 1]]) {
      const r = await apiSend(server, 'planner', 'PUT', '/capaciteit', { org, gemeentecode: '0014', weekdag, opnames });
      assert.equal(r.status, 200, JSON.stringify(r.body));
    }
  }
}

// A concept plan over PERIOD with one request per address; returns its id.
export async function seedPlan(server, ids) {
  await rota(server);
  for (const id of ids) {
    const r = await apiSend(server, 'zaakbegeleider', 'POST', '/opnameverzoeken', {
      nummeraanduiding_id: id, gezamenlijk: true, vroegst_img: PERIOD.van, vroegst_ncg: PERIOD.van,
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
  }
  const p = await apiSend(server, 'planner', 'POST', '/planningen', PERIOD);
  assert.equal(p.status, 201, JSON.stringify(p.body));
  return p.body.id;
}
