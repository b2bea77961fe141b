#!/usr/bin/env python3
"""The generated leak test: every route x every role x every address situation,
searched for the other body's data.

Usage: test_leak_matrix.py PATH_TO_SAMENLOOP REPO_ROOT

Prints one line per leak and per missing processing-log record, then a summary
and 'N passed, N failed' last. Exits non-zero on any finding or uncovered route.

What it proves (issue 12, item 8)
- For every route of docs/api/openapi.json, called by every role (ROLES) on
  addresses in every situation (SITUATIONS), an answer holds no value of the other
  body that the viewer has no basis for, and no value outside the categories the
  purpose allows (sharing.h: statusuitwisseling has no kenmerken; no default
  purpose allows bedragen or keuze).
- Every value of the other body that an answer does hold (a basis allowed it) has
  its processing-log record: actie "inzage", the address, the viewer, the part and
  category, and the answer's own Trace-Id (GET /api/v1/logboek as beheerder).

How it works
- The test writes its own deliveries (fictional, in a temporary folder): six
  addresses, each with an NCG trajectory and two IMG claims, in which every value
  that belongs to one body is a unique marker (ids, the case manager's and resident
  guide's names, dates, the amount, the batch). The first delivery has the
  trajectories; the second adds the claims (one decided with an amount, one urgent,
  justified AOS claim in voorbereiding) and an NCG special situation, which raises
  signal rules 1, 2, 3, 5 and 6 on every address; `samenloop sweep` raises rule 8 on
  the one address whose dates are old. Each file has one rejected row whose rejected
  value is a marker of its body, and the body's marker in its file name.
- arrange() then gives, confirms and withdraws consent, assigns the coordinator account,
  registers SVIP requests on every address with a basis (answered by the other desk with
  what a desk would tell: ids, status, dates, contact) and delivers one held snapshot per
  body, all through the API.
- A fact phrase (FACT_PHRASES) is a sentence in a signal text that states one
  body's data without naming a unique value (an AOS found justified, urgency, a
  special situation, the claim's phase); it is checked in each part of an answer
  that names an address (a JSON object with nummeraanduiding_id, or the whole
  answer of a one-address route).
- Staff-only texts (the texts of the signals in the register) must never reach a
  resident.
- A marker that the request itself carried (in its path, query or body) does not
  count. A search by img_id/ncg_id that finds the address counts as disclosing
  that id.

Who may see what (the model; `allowed()`)
- The own body's staff and its source system (datasteward of that org): all of it.
- The other body's zaakbegeleider, bewonersbegeleider and svip: with a basis for
  the request's purpose (statutory samenloop in 1979 Eemsdelta, or the resident's
  consent for that purpose), and then only the purpose's categories.
- coordinator: as the other body, and only for the dossier assigned to the
  account (PATCH /combinatiedossiers coordinator = the account's name).
- interventieteam: as the other body, and only for rule-8 (stuck) dossiers.
- bewoner: the linked addresses fully, nothing else, and no staff-only text.
- management, gemeente, planner, beheerder, anonymous: none of it.
- Delivery-level markers: the datasteward of that body only (the beheerder may
  see a delivery's file name).
- POSITIVE_CONTROLS: answers that must still show the other body's data (else a gate
  that hides everything, or a fixture that drifted, would pass).

Situations (address -> basis)
  S1 1979 statutory, coordinated by the coordinator account
  S2 1979 statutory, stuck (rule 8, the interventieteam's)
  C  0037 consent given by the resident (samenloop, statusuitwisseling, svip_verzoek)
  N  0037 no basis
  W  0037 consent given by the resident, SVIP requests registered and answered, then
     the consent withdrawn: no basis any more, also not for the stored answers
  R  0037 consent recorded by a case worker with its evidence, never confirmed:
     no basis (decision 96: it takes effect only after four eyes)
  F  0037 consent recorded by a case worker with its evidence and confirmed by a
     second case worker of the same body (decision 96): a basis

Adding a route (the coverage table)
- ROUTES maps 'METHOD /path' (exactly as in docs/api/openapi.json) to
  (phase, function). A route in the OpenAPI document without a line fails the test
  ("not covered"); a line whose function made no request fails too.
- phase 'read' runs first (nothing changes), then 'write' in table order.
- The function gets the Run `r` and calls `r.call(route, role, method, url, ...)`
  once per request. Pass `address=` (a situation key) when the request is about one
  address, `doel=` for the purpose the route uses (default: the role's purpose, see
  default_doel), `body=` (JSON) or `raw=` (bytes). Helpers: `r.each_role()`,
  `r.addresses`, `r.claims`, `r.trajectories`, `r.signal_ids()`, `r.verzoeken`,
  `r.consents`, `r.deliveries()`, `r.versie(table, key_column, key)`.
  Example for a four-eyes confirmation route:
      def ex_toestemming_bevestiging(r, route):
          for role in r.each_role():
              for cid in r.consents.values():
                  r.call(route, role, 'POST', '/api/v1/toestemmingen/%d/bevestiging' % cid)
      ROUTES['POST /api/v1/toestemmingen/{id}/bevestiging'] = ('write', ex_toestemming_bevestiging)
  For a list of a delivery's records (CSV or JSON) loop over `r.deliveries()` and
  call it with every role; answers are searched as text, so CSV needs nothing else.
- Four eyes (decision 96): R's consent is recorded by one case worker from a signed
  form and never confirmed, so it stays no basis; F's is recorded the same way and
  confirmed by a second IMG case worker (COLLEAGUE), so it is a basis (CONSENTED). The
  confirmation route runs last: a role that confirms R there turns it into a basis for
  what follows, and the model follows it.
- SVIP requests (decision 98) are registered only where the requester has a basis for the
  purpose (elsewhere 422, which arrange() expects); W's are answered while its consent
  holds and read after its withdrawal, when the answer must no longer cross (decision 104).
- Deliveries (decisions 90-92): one held snapshot per body, whose absent list names the
  body's ids; nobody confirms them (the only steward of each body delivered them), and
  the delivering steward withdraws them.
"""
import datetime
import json
import os
import re
import shutil
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from api_harness import load_openapi, Server  # noqa: E402

BIN = os.path.abspath(sys.argv[1])
ROOT = os.path.abspath(sys.argv[2])
PASSWORD = 'een-lang-wachtwoord'
TODAY = datetime.datetime.now(datetime.timezone.utc).date()

# ---- roles --------------------------------------------------------------------------------
# key -> (--role, extra CLI args, org or None)
ROLES = {
    'zb_img': ('zaakbegeleider', ['--org', 'IMG'], 'IMG'),
    'bb_ncg': ('bewonersbegeleider', ['--org', 'NCG'], 'NCG'),
    'svip_img': ('svip', ['--org', 'IMG'], 'IMG'),
    'svip_ncg': ('svip', ['--org', 'NCG'], 'NCG'),
    'coordinator': ('coordinator', [], None),
    'interventieteam': ('interventieteam', [], None),
    'planner': ('planner', [], None),
    'gemeente': ('gemeente', ['--gemeente', '1979'], None),
    'management': ('management', [], None),
    'ds_img': ('datasteward', ['--org', 'IMG'], 'IMG'),
    'ds_ncg': ('datasteward', ['--org', 'NCG'], 'NCG'),
    'bewoner': ('bewoner', [], None),       # linked to C and W (below)
    'beheerder': ('beheerder', [], None),
    'anon': (None, [], None),               # no credentials
}
STAFF_CASE = {'zb_img', 'bb_ncg', 'svip_img', 'svip_ncg'}
CROSS = {'coordinator', 'interventieteam'}
NO_PERSONAL = {'planner', 'gemeente', 'management', 'beheerder', 'anon'}
ACCOUNT = {k: 'lk_' + k for k in ROLES if k != 'anon'}   # login names
TARGET = 'lk_doel'   # the account the beheer routes act on

# ---- situations ---------------------------------------------------------------------------
# key -> (gemeentecode, woonplaats, postcode, what the report calls it)
SITUATIONS = {
    'S1': ('1979', 'Appingedam', '9901LA', 'wettelijk (1979, samenloop), coordinator toegewezen'),
    'S2': ('1979', 'Appingedam', '9901LB', 'wettelijk (1979, samenloop), vastgelopen (regel 8)'),
    'C': ('0037', 'Stadskanaal', '9501LC', 'toestemming van de bewoner (0037)'),
    'N': ('0037', 'Stadskanaal', '9501LN', 'geen grondslag (0037)'),
    'W': ('0037', 'Stadskanaal', '9501LW', 'toestemming ingetrokken (0037)'),
    'R': ('0037', 'Stadskanaal', '9501LR', 'toestemming door medewerker, onbevestigd (0037)'),
    'F': ('0037', 'Stadskanaal', '9501LF', 'toestemming door medewerker, bevestigd door collega'
          ' (0037)'),
}
STATUTORY = {'S1', 'S2'}
CONSENT_DOELEN = ('samenloop', 'statusuitwisseling', 'svip_verzoek')
CONSENTED = {'C': set(CONSENT_DOELEN), 'F': set(CONSENT_DOELEN)}
COORDINATED = {'S1'}
ESCALATED = {'S2'}
BEWONER_OWN = {'C', 'W'}
STATUTORY_DOELEN = {'samenloop', 'statusuitwisseling', 'svip_verzoek'}
DOEL_CATS = {   # core/sharing.c sl_doel_categories
    'samenloop': {'id', 'status', 'datums', 'contact', 'kenmerken'},
    'svip_verzoek': {'id', 'status', 'datums', 'contact', 'kenmerken'},
    'statusuitwisseling': {'id', 'status', 'datums', 'contact'},
    'integraal_plan': {'id', 'status', 'datums', 'contact', 'kenmerken', 'keuze', 'bedragen'},
}


FILLER = '0037200000019999'


def nid(key):
    n = list(SITUATIONS).index(key) + 1
    return '%s20000001%04d' % (SITUATIONS[key][0], n)


# ---- markers ----------------------------------------------------------------------------------
class Marker:
    def __init__(self, text, body, field, category, addr):
        self.text, self.body, self.field, self.category, self.addr = \
            text, body, field, category, addr

    def kind(self):
        return '%s %s' % (self.body, self.field)


# Sentences of signal texts that state one body's data without a unique value:
# (body, category, regex). Existence ("er is een schademelding") is not data here:
# a signal may say that the other body has a case (issue 12, item 1).
FACT_PHRASES = [
    ('IMG', 'kenmerken', 'AOS gegrond (tekst)', re.compile(r'\bAOS\b|acuut onveilig')),
    ('IMG', 'kenmerken', 'urgent (tekst)', re.compile(r'urgent bij IMG')),
    ('IMG', 'status', 'fase (tekst)', re.compile(r'in voorbereiding of opname')),
    ('NCG', 'kenmerken', 'bijzondere situatie (tekst)', re.compile(r'bijzondere situatie')),
]


def day(offset):
    return (TODAY - datetime.timedelta(days=offset)).isoformat()


def dates_from(offset, n):
    """n distinct dates from `offset` days ago backwards, none a Monday or Sunday: the weekly
    figures name those as week bounds, and a marker must not equal anything else shown."""
    out = []
    while len(out) < n:
        d = TODAY - datetime.timedelta(days=offset)
        if d.weekday() not in (0, 6):
            out.append(d.isoformat())
        offset += 1
    return out


def make_markers():
    """Per situation the unique values of each body; dates relative to today so that
    only S2 is stuck (rule 8: no change in 365 days)."""
    out = {}
    for i, key in enumerate(SITUATIONS):
        base = 500 + 9 * i if key == 'S2' else 30 + 9 * i
        ontv_a, fase_a, ontv_b, fase_b, stap = dates_from(base, 5)
        tag = key.lower()
        m = {
            'img_a': ('LKI-%s-A' % key, 'IMG', 'img_id', 'id'),
            'img_b': ('LKI-%s-B' % key, 'IMG', 'img_id', 'id'),
            'zb_a': ('A. Zbvoor%s' % tag, 'IMG', 'zaakbegeleider', 'contact'),
            'zb_b': ('B. Zbnu%s' % tag, 'IMG', 'zaakbegeleider', 'contact'),
            'ontv_a': (ontv_a, 'IMG', 'ontvangen_op', 'datums'),
            'fase_a': (fase_a, 'IMG', 'fase_sinds', 'status'),
            'ontv_b': (ontv_b, 'IMG', 'ontvangen_op', 'datums'),
            'fase_b': (fase_b, 'IMG', 'fase_sinds', 'status'),
            'bedrag': ('%d.25' % (7301 + 17 * i), 'IMG', 'besluit_bedrag', 'bedragen'),
            'ncg': ('LKN-%s' % key, 'NCG', 'ncg_id', 'id'),
            'bb': ('C. Bbg%s' % tag, 'NCG', 'bewonersbegeleider', 'contact'),
            'stap': (stap, 'NCG', 'stap_sinds', 'status'),
            'batch': ('LKB%s' % key, 'NCG', 'batch', 'kenmerken'),
        }
        out[key] = {k: Marker(t, b, f, c, key) for k, (t, b, f, c) in m.items()}
    return out


MARKERS = make_markers()
# delivery-level markers: the rejected value in each body's file, and the file's name
REJECT = {'IMG': Marker('RGLEKIMG', 'IMG', 'afgewezen waarde', 'levering', None),
          'NCG': Marker('RPLEKNCG', 'NCG', 'afgewezen waarde', 'levering', None)}
FILE = {'IMG': Marker('LKFIMG', 'IMG', 'bestandsnaam levering', 'bestand', None),
        'NCG': Marker('LKFNCG', 'NCG', 'bestandsnaam levering', 'bestand', None)}
ALL_MARKERS = [m for per in MARKERS.values() for m in per.values()] + \
    list(REJECT.values()) + list(FILE.values())


def write_deliveries(folder):
    """Two deliveries (d1, d2) of the three kinds."""
    bag = ['nummeraanduiding_id,verblijfsobject_id,pand_id,straat,huisnummer,huisletter,'
           'toevoeging,postcode,woonplaats,gemeentecode,x,y,bouwjaar,kern']
    ncg_head = ('ncg_id,nummeraanduiding_id,postcode,huisnummer,huisletter,toevoeging,stap,'
                'stap_sinds,risicoprofiel,batch,programma,bijzondere_situatie,keuze_bewoner,'
                'bewonersbegeleider,aannemersovereenkomst,opmerking')
    img_head = ('img_id,nummeraanduiding_id,postcode,huisnummer,huisletter,toevoeging,regeling,'
                'fase,fase_sinds,ontvangen_op,urgent,aos,aos_gegrond,zaakbegeleider,'
                'besluit_bedrag')
    ncg = {1: [ncg_head], 2: [ncg_head]}
    img = {1: [img_head], 2: [img_head]}
    for i, key in enumerate(SITUATIONS):
        code, place, pc, _ = SITUATIONS[key]
        a, m = nid(key), {k: v.text for k, v in MARKERS[key].items()}
        bag.append('%s,,,Lekweg,%d,,,%s,%s,%s,,,1950,' % (a, i + 1, pc, place, code))
        for d, bijzonder in ((1, 'nee'), (2, 'ja')):
            ncg[d].append('%s,%s,,,,,2.1,%s,P90,%s,regulier,%s,,%s,,' % (
                m['ncg'], a, m['stap'], m['batch'], bijzonder, m['bb']))
        # both claims are new in the second delivery: the address becomes a combination
        # dossier then (rule 1)
        img[2].append('%s,%s,,,,,fysieke schade,afgehandeld,%s,%s,nee,nee,,%s,%s' % (
            m['img_a'], a, m['fase_a'], m['ontv_a'], m['zb_a'], m['bedrag']))
        img[2].append('%s,%s,,,,,AOS,voorbereiding,%s,%s,ja,ja,ja,%s,' % (
            m['img_b'], a, m['fase_b'], m['ontv_b'], m['zb_b']))
    # one claim elsewhere, so that the first claims delivery is the baseline and the second
    # raises signals
    bag.append('%s,,,Lekweg,99,,,9501LZ,Stadskanaal,0037,,,1950,' % FILLER)
    for d in (1, 2):
        img[d].append('LKI-VUL,%s,,,,,fysieke schade,opname,%s,%s,nee,nee,,V. Vul,' % (
            FILLER, day(30), day(31)))
        # a rejected row is shown whole to its body's steward (decision 229): its dates lie
        # before every marker's, so that they never equal the other body's
        ncg[d].append('LKN-AFW,%s,,,,,2.1,%s,%s,,regulier,nee,,R. Afwijs,,' % (
            nid('N'), day(5), REJECT['NCG'].text))
        img[d].append('LKI-AFW,%s,,,,,%s,voorbereiding,%s,%s,nee,nee,,R. Afwijs,' % (
            nid('N'), REJECT['IMG'].text, day(5), day(6)))
    paths = {}
    for d in (1, 2):
        for name, lines in (('bag_adressen', bag), ('ncg_trajecten', ncg[d]),
                            ('img_schades', img[d])):
            body = {'ncg_trajecten': 'NCG', 'img_schades': 'IMG'}.get(name)
            p = os.path.join(folder, 'd%d_%s%s.csv' % (d, name,
                                                        '_' + FILE[body].text if body else ''))
            with open(p, 'w') as f:
                f.write('\n'.join(lines) + '\n')
            paths[(d, name)] = p
    return paths


# ---- the model ---------------------------------------------------------------------------------
def basis(addr, doel):
    if addr in STATUTORY and doel in STATUTORY_DOELEN:
        return True
    return doel in CONSENTED.get(addr, set())


def allowed(role, marker, doel):
    """Whether `role` may see `marker` in an answer for purpose `doel`."""
    org = ROLES[role][2]
    if marker.addr is None:                       # a delivery's own data
        if marker.category == 'bestand' and role == 'beheerder':
            return True                           # the privacy officer audits deliveries
        return role in ('ds_img', 'ds_ncg') and org == marker.body
    if role == 'bewoner':
        return marker.addr in BEWONER_OWN
    if role in NO_PERSONAL:
        return False
    if org == marker.body:                        # own body (staff or its source system)
        return True
    if role in ('ds_img', 'ds_ncg'):
        return False
    if not basis(marker.addr, doel) or marker.category not in DOEL_CATS.get(doel, set()):
        return False
    if role == 'coordinator':
        return marker.addr in COORDINATED
    if role == 'interventieteam':
        return marker.addr in ESCALATED
    return role in STAFF_CASE


def cross_body(role, marker):
    """A shown value that must have its processing-log record."""
    return marker.addr is not None and role not in ('bewoner', 'ds_img', 'ds_ncg') and \
        ROLES[role][2] != marker.body


def default_doel(role, route):
    if role == 'svip_img' or role == 'svip_ncg':
        return 'svip_verzoek'
    if route.startswith('GET /api/v1/schades') or route.startswith('GET /api/v1/trajecten'):
        return 'statusuitwisseling'
    return 'samenloop'


# ---- running ----------------------------------------------------------------------------------
class Run:
    def __init__(self, server, tokens):
        self.s = server
        self.tokens = tokens
        self.addresses = {k: nid(k) for k in SITUATIONS}
        self.by_nid = {v: k for k, v in self.addresses.items()}
        self.claims = {k: [MARKERS[k]['img_a'].text, MARKERS[k]['img_b'].text] for k in SITUATIONS}
        self.trajectories = {k: MARKERS[k]['ncg'].text for k in SITUATIONS}
        self.verzoeken = []       # (id, requester role, situation, doel)
        self.consents = {}        # situation -> consent id (the last one recorded)
        self.staff_texts = []
        self.calls = {}           # route -> number of requests
        self.leaks = {}           # (route, role, situation) -> {marker kind: example}
        self.needs_log = []       # (route, role, trace, situation, part, category, marker)
        self.missing = {}         # filled after the run: missing_records()
        self.shown = set()        # (route, role, situation, body) of every allowed value seen
        self.files = {}

    # -- helpers for the exercise functions
    def each_role(self):
        return list(ROLES)

    def signal_ids(self):
        return [r[0] for r in self.db('SELECT id FROM signaal ORDER BY id')]

    def deliveries(self):
        return [r[0] for r in self.db('SELECT id FROM levering ORDER BY id')]

    def versie(self, table, column, key):
        rows = self.db('SELECT versie FROM %s WHERE %s = ?' % (table, column), (key,))
        return rows[0][0] if rows else 1

    def db(self, query, params=()):
        return self.s.sql(query, *params)

    # -- one request, searched
    def call(self, route, role, method, url, address=None, doel=None, body=None, raw=None,
             headers=None, reveals=None, cookie_session=None):
        self.calls[route] = self.calls.get(route, 0) + 1
        h = dict(headers or {})
        token = None
        if cookie_session:
            h['Cookie'], h['X-CSRF-Token'] = cookie_session
        elif role != 'anon':
            token = self.tokens[role]
        status, hdrs, payload = self.s.request(method, url, body=body, raw=raw, token=token,
                                               headers=h)
        text = payload if isinstance(payload, str) else json.dumps(payload, ensure_ascii=False)
        supplied = url + (json.dumps(body, ensure_ascii=False) if body is not None else '') + \
            (raw.decode('utf-8', 'replace') if raw else '')
        doel = doel or default_doel(role, route)
        self.search(route, role, address, doel, text, payload, supplied, hdrs.get('trace-id', ''))
        if reveals is not None and isinstance(payload, dict) and payload.get('items'):
            # the caller named the id; finding its address shows nothing of the part, so
            # only a leak counts here, not a missing log record
            self.found(route, role, reveals, doel, hdrs.get('trace-id', ''), log=False)
        return status, hdrs, payload

    def found(self, route, role, marker, doel, trace, log=True):
        if not allowed(role, marker, doel):
            key = (route, role, marker.addr or '-')
            self.leaks.setdefault(key, {}).setdefault(marker.kind(), marker.text)
            return
        self.shown.add((route, role, marker.addr, marker.body))
        if log and cross_body(role, marker):
            part = 'schades' if marker.body == 'IMG' else 'traject'
            self.needs_log.append((route, role, trace, marker.addr, part, marker.category,
                                   marker.text))

    def search(self, route, role, address, doel, text, payload, supplied, trace):
        # unique markers, anywhere in the answer
        for m in ALL_MARKERS:
            if m.text in text and m.text not in supplied:
                self.found(route, role, m, chunk_doel(payload, m, doel), trace)
        # fact phrases, in the parts of the answer that name an address
        for addr, cdoel, chunk in chunks(self, address, doel, payload, text):
            for body, cat, name, rx in FACT_PHRASES:
                hit = rx.search(chunk)
                if hit:
                    self.found(route, role, Marker(hit.group(0), body, name, cat, addr), cdoel,
                               trace)
        # staff-only texts never reach a resident
        if role in ('bewoner', 'anon'):
            for t in self.staff_texts:
                if t in text:
                    self.leaks.setdefault((route, role, address or '-'), {}).setdefault(
                        'interne signaaltekst', t)


def chunk_doel(payload, marker, doel):
    """The purpose of the list item that holds the marker (a request's own doel)."""
    if isinstance(payload, dict) and isinstance(payload.get('items'), list):
        for it in payload['items']:
            if isinstance(it, dict) and 'doel' in it and \
                    marker.text in json.dumps(it, ensure_ascii=False):
                return it['doel'] or doel
    if isinstance(payload, dict) and isinstance(payload.get('doel'), str) and payload['doel'] \
            and payload['doel'] in DOEL_CATS:
        return payload['doel']
    return doel


def chunks(run, address, doel, payload, text):
    """(situation, doel, text) for each part of an answer that is about one address."""
    if address:
        return [(address, doel, text)]
    out = []

    def walk(o):
        if isinstance(o, dict):
            a = o.get('nummeraanduiding_id')
            if isinstance(a, str) and a in run.by_nid:
                d = o.get('doel') if o.get('doel') in DOEL_CATS else doel
                out.append((run.by_nid[a], d, json.dumps(o, ensure_ascii=False)))
                return
            for v in o.values():
                walk(v)
        elif isinstance(o, list):
            for v in o:
                walk(v)
    walk(payload)
    return out


# ---- the coverage table: how each route is exercised ------------------------------------------
def ex_plain(path):
    def ex(r, route):
        for role in r.each_role():
            r.call(route, role, route.split(' ', 1)[0], path)
    return ex


def ex_statistieken(path):
    def ex(r, route):
        for role in r.each_role():
            r.call(route, role, 'GET', path)
            for code in ('1979', '0037'):
                r.call(route, role, 'GET', path + '?gemeente=' + code)
    return ex


def ex_sessies_login(r, route):
    for role in r.each_role():
        name = ACCOUNT.get(role, 'lk_onbekend')
        r.call(route, role, 'POST', '/api/v1/sessies', body={'gebruikersnaam': name,
                                                            'wachtwoord': PASSWORD})


def login(r, role):
    status, hdrs, body = r.s.request('POST', '/api/v1/sessies', body={
        'gebruikersnaam': ACCOUNT[role], 'wachtwoord': PASSWORD})
    if status != 201:
        raise AssertionError('login %s: %d' % (role, status))
    return hdrs['set-cookie'].split(';', 1)[0], body['csrf_token']


def ex_sessies_logout(r, route):
    for role in r.each_role():
        session = login(r, role) if role != 'anon' else ('', '')
        r.call(route, role, 'DELETE', '/api/v1/sessies/huidig', cookie_session=session)


def ex_signalen_list(r, route):
    for role in r.each_role():
        r.call(route, role, 'GET', '/api/v1/signalen')
        for voor in ('mij', 'rol'):
            r.call(route, role, 'GET', '/api/v1/signalen?voor=' + voor)
        for key, a in r.addresses.items():
            r.call(route, role, 'GET', '/api/v1/signalen?nummeraanduidingId=' + a, address=key)


def ex_signaal_get(r, route):
    for role in r.each_role():
        for sid in r.signal_ids():
            r.call(route, role, 'GET', '/api/v1/signalen/%d' % sid)


def ex_signaal_transition(action):
    def ex(r, route):
        for role in r.each_role():
            for sid in r.signal_ids():
                body = {'reden': 'Lektest: niet nodig'} if action == 'afwijzing' else None
                r.call(route, role, 'POST', '/api/v1/signalen/%d/%s' % (sid, action), body=body)
    return ex


def ex_signalen_selectie(resource):
    """Every role sends every signal at once: each per-item answer must leak nothing."""
    def ex(r, route):
        for role in r.each_role():
            body = {'signalen': list(r.signal_ids()), 'reden': 'Lektest: niet nodig'}
            r.call(route, role, 'POST', '/api/v1/' + resource, body=body)
    return ex


def ex_adressen_zoek(r, route):
    for role in r.each_role():
        for key in SITUATIONS:
            i = list(SITUATIONS).index(key) + 1
            r.call(route, role, 'GET', '/api/v1/adressen?postcode=%s&huisnummer=%d' % (
                SITUATIONS[key][2], i), address=key)
            for img in r.claims[key]:
                r.call(route, role, 'GET', '/api/v1/adressen?imgId=' + img, address=key,
                       reveals=Marker(img, 'IMG', 'img_id (zoeken)', 'id', key))
            ncg = r.trajectories[key]
            r.call(route, role, 'GET', '/api/v1/adressen?ncgId=' + ncg, address=key,
                   reveals=Marker(ncg, 'NCG', 'ncg_id (zoeken)', 'id', key))


def ex_per_address(fmt):
    def ex(r, route):
        for role in r.each_role():
            for key, a in r.addresses.items():
                r.call(route, role, 'GET', fmt % a, address=key)
    return ex


def ex_schade_get(r, route):
    for role in r.each_role():
        for key, ids in r.claims.items():
            for img in ids:
                r.call(route, role, 'GET', '/api/v1/schades/' + img, address=key)


def ex_traject_get(r, route):
    for role in r.each_role():
        for key, ncg in r.trajectories.items():
            r.call(route, role, 'GET', '/api/v1/trajecten/' + ncg, address=key)


def ex_schade_patch(r, route):
    for role in r.each_role():
        for key, ids in r.claims.items():
            for img, zb in zip(ids, ('zb_a', 'zb_b')):
                v = r.versie('schade', 'img_id', img)
                r.call(route, role, 'PATCH', '/api/v1/schades/' + img, address=key,
                       body={'zaakbegeleider': MARKERS[key][zb].text},
                       headers={'If-Match': '"%d"' % v})


def ex_traject_patch(r, route):
    for role in r.each_role():
        for key, ncg in r.trajectories.items():
            v = r.versie('traject', 'ncg_id', ncg)
            r.call(route, role, 'PATCH', '/api/v1/trajecten/' + ncg, address=key,
                   body={'bewonersbegeleider': MARKERS[key]['bb'].text},
                   headers={'If-Match': '"%d"' % v})


def ex_schademelding(r, route):
    for role in r.each_role():
        for key, ncg in r.trajectories.items():
            r.call(route, role, 'POST', '/api/v1/trajecten/%s/schademeldingen' % ncg, address=key,
                   body={'omschrijving': 'Lektest: scheur in de gevel', 'gemeld_op': day(1)})


def ex_combinatiedossier_patch(r, route):
    for role in r.each_role():
        for key, a in r.addresses.items():
            v = r.versie('combinatiedossier', 'nummeraanduiding_id', int(a))
            r.call(route, role, 'PATCH', '/api/v1/combinatiedossiers/' + a, address=key,
                   body={'samenwerking': 'geen'}, headers={'If-Match': '"%d"' % v})


def ex_toestemmingen_get(r, route):
    ex_per_address('/api/v1/toestemmingen?nummeraanduidingId=%s')(r, route)


def ex_toestemming_nieuw(r, route):
    # the setup's calls (the resident's consent, a case worker's) ran through this route;
    # here every role records consent for the integral plan, a purpose no read uses: staff
    # with a signed form on N (it waits for a colleague), the resident on their own C
    for role in r.each_role():
        key = 'C' if role == 'bewoner' else 'N'
        body = {'nummeraanduiding_id': r.addresses[key], 'doel': 'integraal_plan',
                'gegeven_op': day(1)}
        if role != 'bewoner':
            body.update(EVIDENCE)
        status, _, t = r.call(route, role, 'POST', '/api/v1/toestemmingen', address=key,
                              body=body)
        if status == 201 and t.get('status') == 'wacht_op_bevestiging':
            r.consents['N'] = t['id']
    CONSENTED['C'].add('integraal_plan')


def ex_toestemming_bevestiging(r, route):
    # every consent of the arrangement (given, confirmed, withdrawn, R's waiting one, and
    # the waiting one on N for the integral plan); whoever confirms R first makes it a
    # basis, so this route runs last of all that read addresses
    if 'N' not in r.consents:
        raise AssertionError('no waiting consent on N to confirm')
    for role in r.each_role():
        for key, cid in sorted(r.consents.items()):
            status, _, _ = r.call(route, role, 'POST', '/api/v1/toestemmingen/%d/bevestiging'
                                  % cid, address=key, body={})
            if status == 200 and key == 'R':
                CONSENTED['R'] = {'samenloop'}


def ex_toestemming_intrekking(r, route):
    for role in r.each_role():
        r.call(route, role, 'POST', '/api/v1/toestemmingen/%d/intrekking' % r.consents['W'],
               address='W')


def ex_logboek(r, route):
    for role in r.each_role():
        r.call(route, role, 'GET', '/api/v1/logboek?perPagina=500')
        for key, a in r.addresses.items():
            r.call(route, role, 'GET', '/api/v1/logboek?perPagina=500&nummeraanduidingId=' + a,
                   address=key)


def ex_afwezig(r, route):
    for role in r.each_role():
        for lid in r.deliveries():
            for fmt in ('json', 'csv'):
                r.call(route, role, 'GET', '/api/v1/leveringen/%d/afwezig?formaat=%s' % (
                    lid, fmt))


def ex_levering_held(action):
    # the held deliveries of the arrangement: their own steward delivered them, so a
    # confirmation is refused (four eyes), and a withdrawal applies nothing
    def ex(r, route):
        for role in r.each_role():
            for lid in r.held:
                r.call(route, role, 'POST', '/api/v1/leveringen/%d/%s' % (lid, action))
    return ex


def ex_leveringen_list(r, route):
    for role in r.each_role():
        r.call(route, role, 'GET', '/api/v1/leveringen?perPagina=500')


def ex_afwijzingen(r, route):
    for role in r.each_role():
        for lid in r.deliveries():
            for fmt in ('json', 'csv'):
                r.call(route, role, 'GET', '/api/v1/leveringen/%d/afwijzingen?formaat=%s' % (
                    lid, fmt))


def ex_levering_nieuw(r, route):
    for role in r.each_role():
        for (d, name), path in sorted(r.files.items()):
            if d != 2 or name == 'bag_adressen':
                continue
            with open(path, 'rb') as f:
                raw = f.read()
            r.call(route, role, 'POST', '/api/v1/leveringen?bestand=%s.csv' % name, raw=raw,
                   headers={'Content-Type': 'text/csv'})


def ex_verzoeken_list(r, route):
    for role in r.each_role():
        r.call(route, role, 'GET', '/api/v1/verzoeken?perPagina=500')
        for key, a in r.addresses.items():
            r.call(route, role, 'GET', '/api/v1/verzoeken?perPagina=500&nummeraanduidingId=' + a)


def ex_verzoek_get(r, route):
    for role in r.each_role():
        for vid, _, key, doel in r.verzoeken:
            r.call(route, role, 'GET', '/api/v1/verzoeken/%d' % vid, address=key, doel=doel)


def ex_verzoek_nieuw(r, route):
    # the setup registered one request per (situation, requester); every role tries once more
    for role in r.each_role():
        doel = 'svip_verzoek' if role.startswith('svip') else 'samenloop'
        r.call(route, role, 'POST', '/api/v1/verzoeken', address='N', doel=doel, body={
            'nummeraanduiding_id': r.addresses['N'], 'type': 'statusuitwisseling', 'doel': doel,
            'vraag': 'Lektest: hoe staat het ervoor?'})


def ex_verzoek_antwoord(r, route):
    for role in r.each_role():
        for vid, _, key, doel in r.verzoeken:
            r.call(route, role, 'POST', '/api/v1/verzoeken/%d/antwoord' % vid, address=key,
                   doel=doel, body={'antwoord': 'Lektest: al beantwoord'})


def ex_gebruikers(r, route):
    method, path = route.split(' ', 1)
    bodies = {
        'POST /api/v1/gebruikers': lambda role: {'naam': 'lk_nieuw_' + role, 'rol': 'planner',
                                                 'wachtwoord': PASSWORD},
        'PUT /api/v1/gebruikers/{naam}/wachtwoord': lambda role: {'wachtwoord': PASSWORD},
        'PUT /api/v1/gebruikers/{naam}/weergavenaam': lambda role: {'weergavenaam': 'Lek Doel'},
        'POST /api/v1/gebruikers/{naam}/tokens': lambda role: {'omschrijving': 'lektest'},
        'PUT /api/v1/gebruikers/{naam}/adreslevering': lambda role: {'levert_adressen': True},
    }
    for role in r.each_role():
        url = path.replace('{naam}', TARGET)
        if '{id}' in url:
            url = url.replace('{id}', str(r.target_token))
        r.call(route, role, method, url, body=bodies[route](role) if route in bodies else None)


def ex_opnameverzoek_nieuw(r, route):
    # staff may record for a candidate, a resident for the own address only: the
    # answer names the address and the wish, never a value of either body's case
    for role in r.each_role():
        for key, a in r.addresses.items():
            r.call(route, role, 'POST', '/api/v1/opnameverzoeken', address=key, body={
                'nummeraanduiding_id': a, 'gezamenlijk': True,
                'vroegst_img': '2030-03-04', 'vroegst_ncg': '2030-03-04'})


def ex_planning(method, path, body=None):
    # the planner's routes: ids 1 and 2 exist once a plan or a request was made
    def ex(r, route):
        for role in r.each_role():
            for i in (1, 2):
                r.call(route, role, method, path.replace('{id}', str(i)), body=body,
                       headers={'If-Match': '*'})
    return ex


# ---- terms, notices of default, ledgers, escalations (h_termijnen.c) --------------------------
def term_notices(r):
    """One notice of default per situation, on its first IMG claim (arranged once, by IMG)."""
    if not hasattr(r, 'notices'):
        r.notices = {}
        for key in SITUATIONS:
            _, n = must(r, (201,), 'zb_img', 'POST', '/api/v1/ingebrekestellingen',
                        body={'img_id': r.claims[key][0], 'ontvangen_op': day(30)},
                        route='POST /api/v1/ingebrekestellingen')
            r.notices[key] = n['id']
    return r.notices


def term_escalations(r):
    """One escalation case per situation, reported by the interventieteam."""
    if not hasattr(r, 'escalations'):
        r.escalations = {}
        for key in SITUATIONS:
            _, e = must(r, (200, 201), 'interventieteam', 'POST', '/api/v1/escalaties',
                        body={'nummeraanduiding_id': r.addresses[key], 'aanleiding': 'vastgelopen'},
                        route='POST /api/v1/escalaties')
            r.escalations[key] = e['id']
    return r.escalations


def ex_termijnen_list(r, route):
    for role in r.each_role():
        r.call(route, role, 'GET', '/api/v1/termijnen?perPagina=500')


def ex_term_change(kind):
    def ex(r, route):
        for role in r.each_role():
            for key in SITUATIONS:
                body = {'soort': 'img_beslistermijn', 'img_id': r.claims[key][0],
                        'reden': 'Lektest'}
                body.update({'van': day(3)} if kind == 'opschortingen'
                            else {'nieuw_einde': day(-30)})
                r.call(route, role, 'POST', '/api/v1/termijnen/' + kind, address=key, body=body)
    return ex


def ex_termijndefinities_nieuw(r, route):
    for role in r.each_role():
        r.call(route, role, 'POST', '/api/v1/termijndefinities', body={
            'omschrijving': 'Lektest', 'definities': [{
                'soort': 'img_beslistermijn', 'omschrijving': 'IMG beslist', 'organisatie': 'IMG',
                'start_gebeurtenis': 'ontvangen_op', 'eind_gebeurtenis': 'beschikking',
                'lengte': 182, 'eenheid': 'dagen', 'verantwoordelijke': 'overheid'}]})


MATRIX_CELLS = [{'stap': st, 'fase': f, 'groep': 'F'}
                for st in ('1.2', '2.1', '3.1', '4.1', '4.2', '5.1', '5.2')
                for f in ('voorbereiding', 'opname', 'zienswijze', 'beschikking')]


def ex_regels_voorvertoning(r, route):
    # every address moves to group F: the answer names as many as it can
    for role in r.each_role():
        r.call(route, role, 'POST', '/api/v1/regelsets/matrix/voorvertoningen',
               body={'cellen': MATRIX_CELLS})


def ex_regels_publiceer(r, route):
    for role in r.each_role():
        r.call(route, role, 'POST', '/api/v1/regelsets/matrix/versies',
               headers={'If-Match': '*'}, body={'reden': 'Lektest', 'cellen': MATRIX_CELLS})


def ex_ingebrekestellingen_list(r, route):
    term_notices(r)
    for role in r.each_role():
        r.call(route, role, 'GET', '/api/v1/ingebrekestellingen')
        for key, a in r.addresses.items():
            r.call(route, role, 'GET', '/api/v1/ingebrekestellingen?nummeraanduidingId=' + a,
                   address=key)


def ex_ingebrekestelling_get(r, route):
    for role in r.each_role():
        for key, nid_ in term_notices(r).items():
            r.call(route, role, 'GET', '/api/v1/ingebrekestellingen/%d' % nid_, address=key)


def ex_ingebrekestelling_nieuw(r, route):
    for role in r.each_role():
        for key in SITUATIONS:
            r.call(route, role, 'POST', '/api/v1/ingebrekestellingen', address=key,
                   body={'img_id': r.claims[key][1], 'ontvangen_op': day(20)})


def ex_ingebrekestelling_beslissing(r, route):
    for role in r.each_role():
        for key, nid_ in term_notices(r).items():
            r.call(route, role, 'POST', '/api/v1/ingebrekestellingen/%d/beslissing' % nid_,
                   address=key, body={'beslist_op': day(1)})


def ex_grootboek_get(r, route):
    for role in r.each_role():
        for org in ('IMG', 'NCG'):
            r.call(route, role, 'GET', '/api/v1/grootboek?organisatie=' + org)


def ex_grootboek_boeking(r, route):
    for role in r.each_role():
        for key, a in r.addresses.items():
            for org in ('IMG', 'NCG'):
                r.call(route, role, 'POST', '/api/v1/grootboek', address=key, body={
                    'organisatie': org, 'nummeraanduiding_id': a, 'soort': 'betaling',
                    'bedrag_centen': 100, 'datum': day(1), 'reden': 'Lektest'})


def ex_escalaties_list(r, route):
    term_escalations(r)
    for role in r.each_role():
        r.call(route, role, 'GET', '/api/v1/escalaties')


def ex_escalatie_get(r, route):
    for role in r.each_role():
        for key, eid in term_escalations(r).items():
            r.call(route, role, 'GET', '/api/v1/escalaties/%d' % eid, address=key)


def ex_escalatie_nieuw(r, route):
    for role in r.each_role():
        for key, a in r.addresses.items():
            r.call(route, role, 'POST', '/api/v1/escalaties', address=key,
                   body={'nummeraanduiding_id': a, 'aanleiding': 'termijn_tweemaal_gemist'})


def ex_escalatie_put(r, route):
    for role in r.each_role():
        for key, eid in term_escalations(r).items():
            r.call(route, role, 'PUT', '/api/v1/escalaties/%d' % eid, address=key,
                   headers={'If-Match': '*'}, body={'status': 'in_behandeling'})


def ex_escalatie_besluit(r, route):
    for role in r.each_role():
        for key, eid in term_escalations(r).items():
            r.call(route, role, 'POST', '/api/v1/escalaties/%d/besluiten' % eid, address=key,
                   body={'mandaat': 'Lektest mandaat', 'reden': 'Lektest reden'})


ROUTES = {
    'GET /healthz': ('read', ex_plain('/healthz')),
    'GET /readyz': ('read', ex_plain('/readyz')),
    'GET /metrics': ('read', ex_plain('/metrics')),
    'GET /api/v1/openapi.json': ('read', ex_plain('/api/v1/openapi.json')),
    'GET /api/v1/openapi.yaml': ('read', ex_plain('/api/v1/openapi.yaml')),
    'GET /api/v1/begrippen': ('read', ex_plain('/api/v1/begrippen')),
    'GET /api/v1/statistieken': ('read', ex_statistieken('/api/v1/statistieken')),
    'GET /api/v1/statistieken/signalen': ('read', ex_statistieken('/api/v1/statistieken/signalen')),
    'GET /api/v1/statistieken/termijnen': ('read',
                                           ex_statistieken('/api/v1/statistieken/termijnen')),
    'GET /api/v1/statistieken/doorlooptijden': ('read',
                                                ex_statistieken('/api/v1/statistieken/doorlooptijden')),
    'GET /api/v1/statistieken/opnames': ('read', ex_statistieken('/api/v1/statistieken/opnames')),
    'GET /api/v1/signalen': ('read', ex_signalen_list),
    'GET /api/v1/signalen/{id}': ('read', ex_signaal_get),
    'POST /api/v1/sessies': ('read', ex_sessies_login),
    'GET /api/v1/sessies/huidig': ('read', ex_plain('/api/v1/sessies/huidig')),
    'GET /api/v1/adressen': ('read', ex_adressen_zoek),
    'GET /api/v1/adressen/{nummeraanduiding_id}': ('read', ex_per_address('/api/v1/adressen/%s')),
    'GET /api/v1/toestemmingen': ('read', ex_toestemmingen_get),
    'GET /api/v1/combinatiedossiers/{nummeraanduiding_id}':
        ('read', ex_per_address('/api/v1/combinatiedossiers/%s')),
    'GET /api/v1/logboek': ('read', ex_logboek),
    'GET /api/v1/leveringen': ('read', ex_leveringen_list),
    'GET /api/v1/leveringen/{id}/afwijzingen': ('read', ex_afwijzingen),
    'GET /api/v1/leveringen/{id}/afwezig': ('read', ex_afwezig),
    'GET /api/v1/verzoeken': ('read', ex_verzoeken_list),
    'GET /api/v1/verzoeken/tellingen': ('read', ex_plain('/api/v1/verzoeken/tellingen')),
    'GET /api/v1/verzoeken/{id}': ('read', ex_verzoek_get),
    'GET /api/v1/schades/{img_id}': ('read', ex_schade_get),
    'GET /api/v1/trajecten/{ncg_id}': ('read', ex_traject_get),
    'GET /api/v1/gebruikers': ('read', ex_gebruikers),
    'GET /api/v1/gebruikers/{naam}': ('read', ex_gebruikers),
    'GET /api/v1/gebruikers/{naam}/tokens': ('read', ex_gebruikers),
    'GET /api/v1/tokens/{id}': ('read', ex_gebruikers),
    'GET /api/v1/termijnen': ('read', ex_termijnen_list),
    'GET /api/v1/termijndefinities': ('read', ex_plain('/api/v1/termijndefinities')),
    'GET /api/v1/regelsets/{soort}': ('read', ex_plain('/api/v1/regelsets/matrix')),
    'GET /api/v1/regelsets/{soort}/versies/{versie}':
        ('read', ex_plain('/api/v1/regelsets/matrix/versies/1')),
    'POST /api/v1/regelsets/{soort}/voorvertoningen': ('read', ex_regels_voorvertoning),
    'GET /api/v1/ingebrekestellingen': ('read', ex_ingebrekestellingen_list),
    'GET /api/v1/ingebrekestellingen/{id}': ('read', ex_ingebrekestelling_get),
    'GET /api/v1/grootboek': ('read', ex_grootboek_get),
    'GET /api/v1/escalaties': ('read', ex_escalaties_list),
    'GET /api/v1/escalaties/{id}': ('read', ex_escalatie_get),
    # writes, in this order
    'POST /api/v1/signaalbevestigingen': ('write', ex_signalen_selectie('signaalbevestigingen')),
    'POST /api/v1/signalen/{id}/bevestiging': ('write', ex_signaal_transition('bevestiging')),
    'POST /api/v1/signalen/{id}/afronding': ('write', ex_signaal_transition('afronding')),
    'POST /api/v1/signalen/{id}/afwijzing': ('write', ex_signaal_transition('afwijzing')),
    'POST /api/v1/signaalafrondingen': ('write', ex_signalen_selectie('signaalafrondingen')),
    'POST /api/v1/signaalafwijzingen': ('write', ex_signalen_selectie('signaalafwijzingen')),
    'PATCH /api/v1/schades/{img_id}': ('write', ex_schade_patch),
    'PATCH /api/v1/trajecten/{ncg_id}': ('write', ex_traject_patch),
    'POST /api/v1/trajecten/{ncg_id}/schademeldingen': ('write', ex_schademelding),
    'PATCH /api/v1/combinatiedossiers/{nummeraanduiding_id}': ('write', ex_combinatiedossier_patch),
    'POST /api/v1/verzoeken': ('write', ex_verzoek_nieuw),
    'POST /api/v1/verzoeken/{id}/antwoord': ('write', ex_verzoek_antwoord),
    'POST /api/v1/toestemmingen': ('write', ex_toestemming_nieuw),
    'POST /api/v1/toestemmingen/{id}/intrekking': ('write', ex_toestemming_intrekking),
    'POST /api/v1/leveringen/{id}/bevestiging': ('write', ex_levering_held('bevestiging')),
    'POST /api/v1/leveringen/{id}/intrekking': ('write', ex_levering_held('intrekking')),
    'POST /api/v1/leveringen': ('write', ex_levering_nieuw),
    'DELETE /api/v1/sessies/huidig': ('write', ex_sessies_logout),
    'POST /api/v1/gebruikers': ('write', ex_gebruikers),
    'POST /api/v1/gebruikers/{naam}/deactivering': ('write', ex_gebruikers),
    'POST /api/v1/gebruikers/{naam}/activering': ('write', ex_gebruikers),
    'PUT /api/v1/gebruikers/{naam}/wachtwoord': ('write', ex_gebruikers),
    'PUT /api/v1/gebruikers/{naam}/weergavenaam': ('write', ex_gebruikers),
    'POST /api/v1/gebruikers/{naam}/tokens': ('write', ex_gebruikers),
    'PUT /api/v1/gebruikers/{naam}/adreslevering': ('write', ex_gebruikers),
    'POST /api/v1/tokens/{id}/intrekking': ('write', ex_gebruikers),
    'POST /api/v1/termijnen/opschortingen': ('write', ex_term_change('opschortingen')),
    'POST /api/v1/termijnen/verlengingen': ('write', ex_term_change('verlengingen')),
    'POST /api/v1/termijndefinities': ('write', ex_termijndefinities_nieuw),
    'POST /api/v1/regelsets/{soort}/versies': ('write', ex_regels_publiceer),
    'POST /api/v1/ingebrekestellingen': ('write', ex_ingebrekestelling_nieuw),
    'POST /api/v1/ingebrekestellingen/{id}/beslissing': ('write', ex_ingebrekestelling_beslissing),
    'POST /api/v1/grootboek': ('write', ex_grootboek_boeking),
    'POST /api/v1/escalaties': ('write', ex_escalatie_nieuw),
    'PUT /api/v1/escalaties/{id}': ('write', ex_escalatie_put),
    'POST /api/v1/escalaties/{id}/besluiten': ('write', ex_escalatie_besluit),
    'POST /api/v1/toestemmingen/{id}/bevestiging': ('write', ex_toestemming_bevestiging),
    # joint inspection planning (issue 14): requests, capacity, plans
    'GET /api/v1/capaciteit': ('read', ex_plain('/api/v1/capaciteit')),
    'GET /api/v1/planningen': ('read', ex_plain('/api/v1/planningen')),
    'POST /api/v1/opnameverzoeken': ('write', ex_opnameverzoek_nieuw),
    'GET /api/v1/opnameverzoeken': ('write', ex_plain('/api/v1/opnameverzoeken')),
    'GET /api/v1/opnameverzoeken/{id}': ('write', ex_planning('GET', '/api/v1/opnameverzoeken/{id}')),
    'PUT /api/v1/capaciteit': ('write', ex_planning('PUT', '/api/v1/capaciteit', {
        'org': 'IMG', 'gemeentecode': '0037', 'weekdag': 'maandag', 'opnames': 2})),
    'POST /api/v1/planningen': ('write', ex_planning('POST', '/api/v1/planningen', {
        'van': '2030-03-04', 'tot': '2030-03-15'})),
    'GET /api/v1/planningen/{id}': ('write', ex_planning('GET', '/api/v1/planningen/{id}')),
    'PUT /api/v1/planningen/{id}': ('write', ex_planning('PUT', '/api/v1/planningen/{id}', {
        'opnameverzoek_id': 1, 'img': '2030-03-04', 'ncg': '2030-03-04'})),
    'POST /api/v1/planningen/{id}/bevestiging': ('write', ex_planning(
        'POST', '/api/v1/planningen/{id}/bevestiging')),
    'POST /api/v1/opnameverzoeken/{id}/intrekking': ('write', ex_planning(
        'POST', '/api/v1/opnameverzoeken/{id}/intrekking')),
}


# What a basis must still show (else a gate that hides everything, or a fixture that no
# longer raises what the model expects, would pass): (route, role, situation, body).
DOSSIER = 'GET /api/v1/adressen/{nummeraanduiding_id}'
POSITIVE_CONTROLS = [
    (DOSSIER, 'zb_img', 'S1', 'NCG'), (DOSSIER, 'zb_img', 'C', 'NCG'),
    (DOSSIER, 'bb_ncg', 'S2', 'IMG'), (DOSSIER, 'svip_img', 'C', 'NCG'),
    (DOSSIER, 'coordinator', 'S1', 'IMG'), (DOSSIER, 'interventieteam', 'S2', 'NCG'),
    (DOSSIER, 'bewoner', 'C', 'IMG'), (DOSSIER, 'bewoner', 'W', 'NCG'),
    ('GET /api/v1/trajecten/{ncg_id}', 'zb_img', 'S1', 'NCG'),
    ('GET /api/v1/signalen', 'zb_img', 'S1', 'NCG'),
    ('GET /api/v1/leveringen/{id}/afwijzingen', 'ds_img', None, 'IMG'),
    (DOSSIER, 'zb_img', 'F', 'NCG'), (DOSSIER, 'bb_ncg', 'F', 'IMG'),
    ('GET /api/v1/verzoeken/{id}', 'svip_img', 'F', 'NCG'),
    ('GET /api/v1/leveringen/{id}/afwezig', 'ds_img', 'S1', 'IMG'),
    ('GET /api/v1/leveringen/{id}/afwezig', 'ds_ncg', 'C', 'NCG'),
]


# ---- arranging the register ---------------------------------------------------------------------
def must(r, want, role, method, url, body=None, headers=None, route=None):
    """An arrange step, itself searched as a call of its route."""
    status, _, payload = r.call(route or '%s %s' % (method, url), role, method, url, body=body,
                                headers=headers)
    if status not in want:
        raise AssertionError('arrange %s %s as %s: %d %r' % (method, url, role, status, payload))
    return status, payload


COLLEAGUE = 'lk_zb_img_collega'   # the second IMG case worker who confirms F's consent
EVIDENCE = {'kanaal': 'post', 'formulier_kenmerk': 'GUO-LEK-1'}   # a signed GUO form


def staff_consent(r, role, key, doel):
    """A consent staff record from a signed form (decision 96): it waits for a colleague."""
    _, t = must(r, (201,), role, 'POST', '/api/v1/toestemmingen', body=dict(
        EVIDENCE, nummeraanduiding_id=r.addresses[key], doel=doel, gegeven_op=day(1)),
        route='POST /api/v1/toestemmingen')
    if t.get('status') != 'wacht_op_bevestiging':
        raise AssertionError('arrange: staff consent on %s is %r, not waiting' % (
            key, t.get('status')))
    return t['id']


def resident_consent(r, key, doel):
    """The resident gives consent in Mijn woning: no form, no channel, at once."""
    _, t = must(r, (201,), 'bewoner', 'POST', '/api/v1/toestemmingen', body={
        'nummeraanduiding_id': r.addresses[key], 'doel': doel, 'gegeven_op': day(1)},
        route='POST /api/v1/toestemmingen')
    return t['id']


def svip_requests(r, keys):
    """SVIP requests on the addresses, answered by the other body's desk with what it would
    tell for the request's purpose (ids, status, dates, contact). Without a basis for the
    request's purpose it is refused with 422 (decision 98)."""
    requesters = (('svip_img', 'svip_verzoek', 'svip_ncg', 'NCG'),
                  ('svip_ncg', 'svip_verzoek', 'svip_img', 'IMG'),
                  ('zb_img', 'samenloop', 'svip_ncg', 'NCG'),
                  ('bb_ncg', 'samenloop', 'svip_img', 'IMG'))
    for key in keys:
        for requester, doel, answerer, body_org in requesters:
            want = (201,) if basis(key, doel) else (422,)
            status, v = must(r, want, requester, 'POST', '/api/v1/verzoeken',
                             body={'nummeraanduiding_id': r.addresses[key],
                                   'type': 'statusuitwisseling', 'doel': doel,
                                   'vraag': 'Lektest: hoe staat het ervoor?'},
                             route='POST /api/v1/verzoeken')
            if status != 201:
                continue
            r.verzoeken.append((v['id'], requester, key, doel))
            said = [m.text for m in MARKERS[key].values()
                    if m.body == body_org and m.category in ('id', 'status', 'datums', 'contact')]
            must(r, (200,), answerer, 'POST', '/api/v1/verzoeken/%d/antwoord' % v['id'],
                 body={'antwoord': 'Lektest: ' + '; '.join(said)},
                 route='POST /api/v1/verzoeken/{id}/antwoord')


def held_delivery(r, role, kind, keep):
    """A full snapshot with one valid row: it would mark every other record of the body
    absent, so it is held (decision 91) with the list of keys it would mark absent."""
    with open(r.files[(2, kind)]) as f:
        lines = f.read().splitlines()
    rows = [lines[0]] + [ln for ln in lines[1:] if ln.startswith(keep + ',')]
    name = 'd3_%s_%s.csv' % (kind, FILE[ROLES[role][2]].text)
    status, _, t = r.call('POST /api/v1/leveringen', role, 'POST',
                          '/api/v1/leveringen?bestand=' + name,
                          raw=('\n'.join(rows) + '\n').encode(),
                          headers={'Content-Type': 'text/csv'})
    if status != 202:
        raise AssertionError('arrange: held %s delivery: %d %r' % (kind, status, t))
    return t['levering_id']


def arrange(r):
    a = r.addresses
    # C: the resident gives consent for every purpose the reads use
    for doel in CONSENT_DOELEN:
        r.consents['C'] = resident_consent(r, 'C', doel)
    # F: a case worker records the signed form, a colleague of IMG confirms it
    for doel in CONSENT_DOELEN:
        cid = staff_consent(r, 'zb_img', 'F', doel)
        status, _, t = r.s.request('POST', '/api/v1/toestemmingen/%d/bevestiging' % cid,
                                   token=r.colleague_token)
        if status != 200 or t.get('status') != 'gegeven':
            raise AssertionError('arrange: confirming F\'s consent: %d %r' % (status, t))
        r.consents['F'] = cid
    # R: a case worker records the signed form; nobody confirms it
    r.consents['R'] = staff_consent(r, 'zb_img', 'R', 'samenloop')
    # W: the resident gives consent, the desks exchange what they may, then the resident
    # withdraws it (below, after the requests)
    w_consents = [resident_consent(r, 'W', doel) for doel in CONSENT_DOELEN]
    CONSENTED['W'] = set(CONSENT_DOELEN)
    svip_requests(r, ['W'])
    del CONSENTED['W']
    for cid in w_consents:
        must(r, (200,), 'bewoner', 'POST', '/api/v1/toestemmingen/%d/intrekking' % cid,
             route='POST /api/v1/toestemmingen/{id}/intrekking')
    r.consents['W'] = w_consents[0]
    # the coordinator account coordinates S1's combination dossier (decision 101)
    v = r.versie('combinatiedossier', 'nummeraanduiding_id', int(a['S1']))
    must(r, (200,), 'zb_img', 'PATCH', '/api/v1/combinatiedossiers/' + a['S1'],
         body={'coordinator': ACCOUNT['coordinator']}, headers={'If-Match': '"%d"' % v},
         route='PATCH /api/v1/combinatiedossiers/{nummeraanduiding_id}')
    svip_requests(r, [k for k in SITUATIONS if k != 'W'])
    # one held delivery per body, each with the other records' keys on its absent list
    r.held = [held_delivery(r, 'ds_img', 'img_schades', 'LKI-VUL'),
              held_delivery(r, 'ds_ncg', 'ncg_trajecten', MARKERS['S1']['ncg'].text)]
    r.target_token = r.db('SELECT max(t.id) FROM token t JOIN gebruiker g ON g.id = '
                          't.gebruiker_id WHERE g.naam = ?', (TARGET,))[0][0]


def check_fixture(r):
    """The fixture must be what the model says, or the test proves nothing."""
    problems = []
    sig = r.db('SELECT s.regel, s.nummeraanduiding_id FROM signaal s')
    have = {(regel, '%016d' % addr) for regel, addr in sig}
    for key in SITUATIONS:
        for regel in (1, 5, 6):
            if (regel, r.addresses[key]) not in have:
                problems.append('no rule %d signal on %s' % (regel, key))
    if (8, r.addresses['S2']) not in have:
        problems.append('no rule 8 signal on S2')
    if any(regel == 8 and r.by_nid.get('%016d' % addr) != 'S2' for regel, addr in sig):
        problems.append('rule 8 on an address other than S2')
    rej = r.db('SELECT count(*) FROM afwijzing')[0][0]
    if rej < 2:
        problems.append('the deliveries have %d rejected rows, expected 2 or more' % rej)
    if problems:
        raise AssertionError('fixture: ' + '; '.join(problems))


def read_log(r):
    items, page = [], 1
    while True:
        status, _, body = r.s.request('GET', '/api/v1/logboek?perPagina=500&pagina=%d' % page,
                                      token=r.tokens['beheerder'])
        if status != 200:
            raise AssertionError('GET /logboek as beheerder: %d' % status)
        items += body['items']
        if not body['items'] or len(items) >= body.get('totaal', 0):
            return items
        page += 1


def openapi_routes():
    doc = load_openapi(ROOT)
    return ['%s %s' % (m.upper(), p) for p, item in doc['paths'].items()
            for m in item if m in ('get', 'put', 'post', 'patch', 'delete')]


def main():
    t0 = time.time()
    failures = []
    documented = openapi_routes()
    for route in documented:
        if route not in ROUTES:
            failures.append((route, 'NOT COVERED %s: add a line to ROUTES in %s' % (
                route, os.path.basename(__file__))))
    for route in ROUTES:
        if route not in documented:
            failures.append((route, 'STALE %s is in ROUTES but not in docs/api/openapi.json'
                             % route))

    work = tempfile.mkdtemp(prefix='samenloop-leak-')
    try:
        r, log, fails = run_all(work, documented)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    failures += fails
    report(r, log, failures, documented, t0)
    return 1 if failures or r.leaks or r.missing else 0


def run_all(work, documented):
    """Runs every route's exercise on one server; returns the run, the log and failures."""
    failures = []
    files = write_deliveries(work)
    with Server(BIN, None, deliveries=()) as s:
        for d in (1, 2):
            s.cli('import', files[(d, 'bag_adressen')], files[(d, 'ncg_trajecten')],
                  files[(d, 'img_schades')])
        s.cli('sweep')
        tokens = {}
        for key, (rol, extra, _) in ROLES.items():
            if not rol:
                continue
            if key == 'bewoner':
                extra = ['--adres', nid('C'), '--adres', nid('W')]
            tokens[key] = s.user(ACCOUNT[key], rol, *extra, password=PASSWORD)
        s.user(TARGET, 'planner', password=PASSWORD)
        colleague = s.user(COLLEAGUE, 'zaakbegeleider', '--org', 'IMG', password=PASSWORD)
        s.start()
        r = Run(s, tokens)
        r.colleague_token = colleague
        r.files = files
        check_fixture(r)
        r.staff_texts = sorted({row[0][:60] for row in r.db('SELECT tekst FROM signaal')
                                if row[0]})
        arrange(r)
        print('register ready (%d signals, %d requests, %d deliveries)' % (
            len(r.signal_ids()), len(r.verzoeken), len(r.deliveries())))
        for phase in ('read', 'write'):
            for route, (ph, fn) in ROUTES.items():
                if ph != phase or route not in documented:
                    continue
                try:
                    fn(r, route)
                except Exception as e:   # an exercise that could not run is a failure
                    failures.append((route, 'ERROR %s: %s' % (route, e)))
        log = read_log(r)
        err = s.stop()
        if 'store error' in (err or ''):
            print('server stderr: %s' % err.strip()[:2000])

    for route in ROUTES:
        if route in documented and not r.calls.get(route):
            failures.append((route, 'NOT EXERCISED %s: its function made no request' % route))
    for route, role, key, body in POSITIVE_CONTROLS:
        if (route, role, key, body) not in r.shown:
            failures.append((route, 'CONTROL %s as %s on %s showed nothing of %s: the fixture or '
                             'the model is off, so the test would prove nothing' % (
                                 route, role, key, body)))
    r.missing = missing_records(r, log)
    return r, log, failures


def missing_records(r, log):
    """Every allowed cross-body value has its record: same trace, address, viewer and part
    (and the value's category, when the record names categories)."""
    logged = {}
    for rec in log:
        if rec.get('actie') != 'inzage':
            continue
        k = (rec.get('trace_id'), rec.get('nummeraanduiding_id'), rec.get('gebruiker'))
        logged.setdefault(k, set()).update(rec.get('categorieen') or [])
    missing = {}
    for route, role, trace, key, part, cat, text in r.needs_log:
        cats = logged.get((trace, nid(key), ACCOUNT[role]), set())
        if part not in cats and '%s:%s' % (part, cat) not in cats:
            missing.setdefault((route, role, key), {}).setdefault('%s:%s' % (part, cat), text)
    return missing


def report(r, log, failures, documented, t0):
    print()
    for (route, role, key), kinds in sorted(r.leaks.items()):
        situation = SITUATIONS[key][3] if key in SITUATIONS else 'levering (geen adres)'
        print('LEAK    %s  role=%s  %s %s\n        %s' % (
            route, role, key, situation,
            '; '.join('%s %r' % kv for kv in sorted(kinds.items()))))
    for (route, role, key), parts in sorted(r.missing.items()):
        print('NO LOG  %s  role=%s  %s %s\n        shown without its inzage record: %s' % (
            route, role, key, SITUATIONS[key][3],
            '; '.join('%s %r' % kv for kv in sorted(parts.items()))))
    for _, f in failures:
        print(f)
    n = sum(r.calls.values())
    print('\n%d routes, %d roles, %d situations: %d requests, %d log records, in %.1fs' % (
        len(documented), len(ROLES), len(SITUATIONS), n, len(log), time.time() - t0))
    print('%d (route, role, address) with leaks, %d without their log records, '
          '%d coverage problems' % (len(r.leaks), len(r.missing), len(failures)))
    bad = {k[0] for k in r.leaks} | {k[0] for k in r.missing} | {f[0] for f in failures}
    print('%d passed, %d failed (routes)' % (len(set(documented) - bad), len(bad)))


if __name__ == '__main__':
    sys.exit(main())
