#!/usr/bin/env python3
"""The authorisation matrix: every route x every role x own/other, generated.

Usage: test_authz_matrix.py PATH_TO_SAMENLOOP DATA_DIR REPO_ROOT
Prints a matrix (route x role, the observed status per variant), every
mismatch, and 'N passed, N failed' last (N = cases). Exits non-zero on any
mismatch.

How the cases are made
- Routes: `samenloop serve --routes`, so a new route is covered (and fails
  with "no policy" until POLICY below names it).
- Parameters: the route's operation in docs/api/openapi.json. A route whose
  object is an address (path `{nummeraanduiding_id}`, a required query
  `nummeraanduidingId`, a `postcode`+`huisnummer` search, or a body field
  `nummeraanduiding_id`) gets the variants own/other; an optional address
  filter or `gemeente` query gets none/own/other; a path `{id}` gets own/other
  when the object has an owner (signal, consent, request) and '-' otherwise. A path
  `{naam}` (beheer) is an extra planner account (TARGET), a token `{id}` one of its tokens.
  Required query parameters, required headers (If-Match) and request bodies are
  filled from the schema with valid values: the required properties (or, for a
  required body without any, the first property), 16-digit patterns with the
  variant's address, dates with yesterday, enums with their first value,
  `doel` with a purpose of the caller's role (decision 25). Optional ones are
  left out. Every request is meant to be valid, so no 400 is expected.
- Roles: one account per role (ROLES) plus no credentials. Cases = routes x
  roles x variants. The expected outcome is the one hand-written piece: POLICY.

What own/other means (OWN/OTHER below; fixtures checked at the start)
- address: own = 0014200000000001 (the resident's linked address; a samenloop
  in Groningen, so the statute gives every staff role a basis for both parts;
  its combination dossier is coordinated by the coordinator account and escalated
  to the interventieteam by an open rule-8 signal, so both see it: they see only
  their own dossiers);
  other = for the resident 0014200000000002 (exists, not linked), for IMG staff
  0014200000000008 (a trajectory only: no IMG case, no samenloop), for NCG staff
  0014200000000010 (claims only: no NCG case), for everyone else ...08.
- signal: own = addressed to the caller's organisation (IMG/NCG staff) or role
  (coordinator, interventieteam), on the own address (where every staff role
  has a basis: a signal is composed per viewer by the disclosure gate); other =
  not addressed to them. The fixture has no signal addressed to IMG alone, the
  coordinator or the interventieteam, so signals are clones of a real fixture
  signal with the addressees set (in SQL, before the server starts).
- consent row: on the own / other address. request (verzoek): registered by
  the caller's organisation / by the other one (IMG / NCG for roles without an
  organisation). gemeente: the caller's municipality / another (0014 / 1979
  for roles without one).

State
- GET routes share one server. Every other route gets its own server on a copy
  of the same register (accounts and tokens included), and within a route each
  case gets a target no earlier case touched: a fresh signal clone per case;
  a request registered (by the SVIP desk of the needed organisation) just
  before an answer; a running consent given just before a withdrawal, and any
  running consent withdrawn just before a new one is recorded; the dossier's
  current versie read just before a PATCH; a re-import of an already imported
  delivery (writes no rows). So an allowed call never changes the outcome of a
  later case.
"""
import datetime
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from api_harness import copy_register, load_openapi, register_db, Server, sql  # noqa: E402

BIN = os.path.abspath(sys.argv[1])
DATA = os.path.abspath(sys.argv[2])
ROOT = os.path.abspath(sys.argv[3])
PASSWORD = 'een-lang-wachtwoord'

A1, A2, A8, A10 = '0014200000000001', '0014200000000002', '0014200000000008', '0014200000000010'

# ---- roles ---------------------------------------------------------------------------
# (key, short column name, --role, extra CLI args); None = no credentials
ROLES = [
    ('zb_img', 'zbIMG', 'zaakbegeleider', ['--org', 'IMG']),
    ('bb_ncg', 'bbNCG', 'bewonersbegeleider', ['--org', 'NCG']),
    ('svip_img', 'svIMG', 'svip', ['--org', 'IMG']),
    ('svip_ncg', 'svNCG', 'svip', ['--org', 'NCG']),
    ('coordinator', 'coord', 'coordinator', []),
    ('interventieteam', 'intvt', 'interventieteam', []),
    ('planner', 'plan', 'planner', []),
    ('gemeente_0014', 'gm0014', 'gemeente', ['--gemeente', '0014']),
    ('gemeente_1979', 'gm1979', 'gemeente', ['--gemeente', '1979']),
    ('management', 'mgmt', 'management', []),
    ('datasteward', 'dstw', 'datasteward', ['--org', 'IMG', '--levert-adressen']),
    ('bewoner', 'bewon', 'bewoner', ['--adres', A1]),
    ('beheerder', 'beheer', 'beheerder', []),
    ('anon', 'anon', None, None),
]
ROLE_KEYS = [r[0] for r in ROLES]
SHORT = {r[0]: r[1] for r in ROLES}
ORG = {'zb_img': 'IMG', 'svip_img': 'IMG', 'bb_ncg': 'NCG', 'svip_ncg': 'NCG'}

# ---- the policy (the hand-written part) -------------------------------------------------
# Read from docs/api.md ("What each role sees (deny by default)") and docs/decisions.md.
# Per route: rules (roles, variants, expected), first match wins; no match = 403 (deny by
# default). 'anon' (no credentials) gets 401 on every route not in PUBLIC. Expected classes:
# OK (any 2xx), 401, 403, 404, 422. A route missing here fails every case ("no policy").
OK, UNAUTH, FORBIDDEN, NOT_FOUND, NO_BASIS = 'ok', 401, 403, 404, 422
ANY = None
BUDDIES = {'zb_img', 'bb_ncg'}                 # zaakbegeleider IMG, bewonersbegeleider NCG
SVIP = {'svip_img', 'svip_ncg'}
CROSS = {'coordinator', 'interventieteam'}     # work on the combination, both bodies
STAFF = BUDDIES | SVIP | CROSS
RESIDENT = {'bewoner'}
GEMEENTE = {'gemeente_0014', 'gemeente_1979'}
NON_STAFF = set(ROLE_KEYS) - STAFF - {'anon'}
PLANNER = {'planner'}
EVERYONE = set(ROLE_KEYS)

PUBLIC = {'GET /healthz', 'GET /readyz', 'GET /metrics', 'GET /api/v1/openapi.json',
          'GET /api/v1/openapi.yaml',
          'POST /api/v1/sessies',
          'GET /api/v1/begrippen'}

# signals: staff see their org's (buddies, svip) or those addressed to their role
# (coordinator, interventieteam); a signal not addressed to them is 404 (h_signalen.c).
SIGNAL_ITEM = [
    (STAFF, {'own'}, OK),
    (STAFF, {'other'}, NOT_FOUND),
    # a role without signals at all is 403, as for the list (wrong role 403; right role,
    # not addressed to you 404: the same line as for verzoeken, decision 37)
    (NON_STAFF, ANY, FORBIDDEN),
]
CONSENT = [
    (RESIDENT, {'other'}, NOT_FOUND),            # decision 29: not linked = not found
    (BUDDIES | SVIP | RESIDENT, ANY, OK),        # api.md: record, withdraw; bewoner own address
]
# decision 96: a consent staff recorded (here by svip_img) is confirmed by another account
# of the same body; the resident confirms nothing, and another address is not found
CONSENT_CONFIRM = [
    (RESIDENT, {'other'}, NOT_FOUND),
    ({'zb_img'}, ANY, OK),
]
LEVERINGEN = [
    ({'datasteward'}, ANY, OK),                  # api.md: datasteward: leveringen; nobody else
]
# decision 91: only a held delivery is confirmed or withdrawn; the fixture's is applied
HELD_ONLY = [({'datasteward'}, ANY, 409)]
BEHEER = [({'beheerder'}, ANY, OK)]
TARGET = 'matrixdoel'    # the account the beheer routes act on (not one of ROLES)
POLICY = {
    'GET /healthz': [(EVERYONE, ANY, OK)],
    'GET /readyz': [(EVERYONE, ANY, OK)],
    'GET /metrics': [(EVERYONE, ANY, OK)],
    'GET /api/v1/openapi.json': [(EVERYONE, ANY, OK)],
    'GET /api/v1/openapi.yaml': [(EVERYONE, ANY, OK)],
    'GET /api/v1/begrippen': [(EVERYONE, ANY, OK)],           # the vocabulary, decision 237
    'POST /api/v1/sessies': [(EVERYONE, ANY, OK)],            # login with valid credentials
    'GET /api/v1/sessies/huidig': [(EVERYONE, ANY, OK)],
    'DELETE /api/v1/sessies/huidig': [(EVERYONE, ANY, OK)],   # via a session (AUTH_VIA)
    # dossiers: staff and the resident search; the resident's search is filtered (200)
    'GET /api/v1/adressen': [(STAFF | RESIDENT, ANY, OK)],
    # staff get 200 with the parts they have no basis for withheld; the resident only
    # their own address (decision 29); management, gemeente, planner, datasteward, beheerder 403
    'GET /api/v1/adressen/{nummeraanduiding_id}': [
        (RESIDENT, {'other'}, NOT_FOUND),
        (STAFF | RESIDENT, ANY, OK),
    ],
    # figures: management all, a gemeente only its own (decision 33)
    'GET /api/v1/statistieken': [
        ({'management'}, ANY, OK),
        (GEMEENTE, {'none', 'own'}, OK),
    ],
    # signals per week for the dashboard: the same rule as the figures (decision 44)
    'GET /api/v1/statistieken/signalen': [
        ({'management'}, ANY, OK),
        (GEMEENTE, {'none', 'own'}, OK),
    ],
    # term figures for the dashboard: the same rule as the figures (decision 196)
    'GET /api/v1/statistieken/termijnen': [
        ({'management'}, ANY, OK),
        (GEMEENTE, {'none', 'own'}, OK),
    ],
    # lead times: the same rule as the figures (decision 210)
    'GET /api/v1/statistieken/doorlooptijden': [
        ({'management'}, ANY, OK),
        (GEMEENTE, {'none', 'own'}, OK),
    ],
    # joint inspections planned and done for the dashboard: the same rule (issue 14)
    'GET /api/v1/statistieken/opnames': [
        ({'management'}, ANY, OK),
        (GEMEENTE, {'none', 'own'}, OK),
    ],
    'GET /api/v1/signalen': [(STAFF, ANY, OK)],
    'GET /api/v1/signalen/{id}': SIGNAL_ITEM,
    # a selection answers 200 with a result per signal (404 inside for one not yours)
    'POST /api/v1/signaalbevestigingen': [(STAFF, ANY, OK), (NON_STAFF, ANY, FORBIDDEN)],
    'POST /api/v1/signaalafrondingen': [(STAFF, ANY, OK), (NON_STAFF, ANY, FORBIDDEN)],
    'POST /api/v1/signaalafwijzingen': [(STAFF, ANY, OK), (NON_STAFF, ANY, FORBIDDEN)],
    'POST /api/v1/signalen/{id}/bevestiging': SIGNAL_ITEM,
    'POST /api/v1/signalen/{id}/afronding': SIGNAL_ITEM,
    'POST /api/v1/signalen/{id}/afwijzing': SIGNAL_ITEM,
    # the combination dossier joins both bodies' data: shown to staff only with a basis for
    # both parts (the own address is statutory samenloop; the other has no basis) and to the
    # resident for their own address; changed by staff only (not in api.md: the handler's
    # contract, h_combinatiedossiers.c)
    'GET /api/v1/combinatiedossiers/{nummeraanduiding_id}': [
        (RESIDENT, {'other'}, NOT_FOUND),
        (STAFF | RESIDENT, {'own'}, OK),
        (STAFF, {'other'}, FORBIDDEN),
    ],
    'PATCH /api/v1/combinatiedossiers/{nummeraanduiding_id}': [
        (STAFF, {'own'}, OK),
    ],
    'GET /api/v1/toestemmingen': CONSENT,
    'POST /api/v1/toestemmingen': CONSENT,
    'POST /api/v1/toestemmingen/{id}/intrekking': CONSENT,
    'POST /api/v1/toestemmingen/{id}/bevestiging': CONSENT_CONFIRM,
    # the log: the beheerder all of it, the resident their own address, anything else of
    # theirs (another address, or no address = all of it) 404 (decision 29)
    'GET /api/v1/logboek': [
        ({'beheerder'}, ANY, OK),
        (RESIDENT, {'own'}, OK),
        (RESIDENT, {'none', 'other'}, NOT_FOUND),
    ],
    'GET /api/v1/leveringen': LEVERINGEN,
    'POST /api/v1/leveringen': LEVERINGEN,
    'GET /api/v1/leveringen/{id}/afwijzingen': LEVERINGEN,
    'GET /api/v1/leveringen/{id}/afwezig': LEVERINGEN,
    'POST /api/v1/leveringen/{id}/bevestiging': HELD_ONLY,
    'POST /api/v1/leveringen/{id}/intrekking': HELD_ONLY,
    # decision 37: svip read all requests, case workers their own body's (another body's 404)
    'GET /api/v1/verzoeken': [(BUDDIES | SVIP, ANY, OK)],
    'GET /api/v1/verzoeken/{id}': [
        (SVIP, ANY, OK),
        (BUDDIES, {'own'}, OK),
        (BUDDIES, {'other'}, NOT_FOUND),
    ],
    # decision 34: svip for any address; a case worker where their own body has a case;
    # decision 98: refused without a basis (the other address: no statute, no consent)
    'POST /api/v1/verzoeken': [
        (SVIP, {'own'}, OK),
        (SVIP, {'other'}, NO_BASIS),
        (BUDDIES, {'own'}, OK),
    ],
    # decision 37: counts as the list, and management as an aggregate
    'GET /api/v1/verzoeken/tellingen': [(BUDDIES | SVIP | {'management'}, ANY, OK)],
    # decision 35: only the SVIP desk of the other body answers
    'POST /api/v1/verzoeken/{id}/antwoord': [(SVIP, {'other'}, OK)],
    # one claim / trajectory (decisions at the end of docs/decisions.md, h_records.c): the
    # owning body always; the other body with a basis (own = a samenloop record, other = a
    # record at an address without one); the resident their own address; changed only by
    # the owning body, also its source system (the datasteward account of IMG here)
    'GET /api/v1/schades/{img_id}': [
        ({'zb_img', 'svip_img', 'datasteward'}, ANY, OK),
        ({'bb_ncg', 'svip_ncg'}, {'own'}, OK),
        # the other body's case number without a basis: as unknown (decision 99)
        ({'bb_ncg', 'svip_ncg'}, {'other'}, NOT_FOUND),
        (RESIDENT, {'own'}, OK),
        (RESIDENT, {'other'}, NOT_FOUND),
    ],
    'GET /api/v1/trajecten/{ncg_id}': [
        ({'bb_ncg', 'svip_ncg'}, ANY, OK),
        ({'zb_img', 'svip_img'}, {'own'}, OK),
        ({'zb_img', 'svip_img'}, {'other'}, NOT_FOUND),
        (RESIDENT, {'own'}, OK),
        (RESIDENT, {'other'}, NOT_FOUND),
    ],
    'PATCH /api/v1/schades/{img_id}': [({'zb_img', 'svip_img', 'datasteward'}, ANY, OK)],
    'PATCH /api/v1/trajecten/{ncg_id}': [({'bb_ncg', 'svip_ncg'}, ANY, OK)],
    # rule 7: NCG staff report for a trajectory in construction (5.2)
    'POST /api/v1/trajecten/{ncg_id}/schademeldingen': [({'bb_ncg', 'svip_ncg'}, ANY, OK)],
    # beheer: accounts and API tokens, the beheerder only (api.md, h_gebruikers.c); {naam} is
    # the planner account TARGET, {id} one of its tokens
    'GET /api/v1/gebruikers': BEHEER,
    'POST /api/v1/gebruikers': BEHEER,
    'GET /api/v1/gebruikers/{naam}': BEHEER,
    'POST /api/v1/gebruikers/{naam}/deactivering': BEHEER,
    'POST /api/v1/gebruikers/{naam}/activering': BEHEER,
    'PUT /api/v1/gebruikers/{naam}/wachtwoord': BEHEER,
    'PUT /api/v1/gebruikers/{naam}/weergavenaam': BEHEER,
    # decision 90: only a datasteward is appointed for the addresses; TARGET is a planner
    'PUT /api/v1/gebruikers/{naam}/adreslevering': [({'beheerder'}, ANY, 400)],
    'GET /api/v1/gebruikers/{naam}/tokens': BEHEER,
    'POST /api/v1/gebruikers/{naam}/tokens': BEHEER,
    'GET /api/v1/tokens/{id}': BEHEER,
    'POST /api/v1/tokens/{id}/intrekking': BEHEER,
    # joint inspections (decision 155): staff of both bodies and the planner for any
    # candidate, the resident their own address (another 404); the own address A1 is a
    # candidate (a totaalopname asked for), the others are not (400 at the address)
    'GET /api/v1/opnameverzoeken': [(BUDDIES | SVIP | PLANNER | RESIDENT, ANY, OK)],
    'POST /api/v1/opnameverzoeken': [
        (RESIDENT, {'other'}, NOT_FOUND),
        (BUDDIES | SVIP | PLANNER | RESIDENT, {'own'}, OK),
        (BUDDIES | SVIP | PLANNER, {'other'}, 400),
    ],
    'GET /api/v1/opnameverzoeken/{id}': [(BUDDIES | SVIP | PLANNER | RESIDENT, ANY, OK)],
    'POST /api/v1/opnameverzoeken/{id}/intrekking': [
        (BUDDIES | SVIP | PLANNER | RESIDENT, ANY, OK)],
    # capacity and plans: the planner alone
    'GET /api/v1/capaciteit': [(PLANNER, ANY, OK)],
    'PUT /api/v1/capaciteit': [(PLANNER, ANY, OK)],
    'GET /api/v1/planningen': [(PLANNER, ANY, OK)],
    'POST /api/v1/planningen': [(PLANNER, ANY, OK)],
    'GET /api/v1/planningen/{id}': [(PLANNER, ANY, OK)],
    # the minimal body names request 1, which an empty plan does not hold: 400 at the field
    'PUT /api/v1/planningen/{id}': [(PLANNER, ANY, 400)],
    'POST /api/v1/planningen/{id}/bevestiging': [(PLANNER, ANY, OK)],
    # terms, notices of default, ledgers (decision 162): the body's own staff; the term table
    # is readable by every account and changed by the beheerder; the fixture's notice is on
    # IMG-001, so NCG's staff do not know it (404)
    'GET /api/v1/termijnen': [(BUDDIES | SVIP, ANY, OK)],
    'POST /api/v1/termijnen/opschortingen': [({'zb_img', 'svip_img'}, ANY, OK)],
    'POST /api/v1/termijnen/verlengingen': [({'zb_img', 'svip_img'}, ANY, OK)],
    'GET /api/v1/termijndefinities': [(EVERYONE - {'anon'}, ANY, OK)],
    'POST /api/v1/termijndefinities': BEHEER,
    # the rule tables: the beheerder only, reading as well (decision 203)
    'GET /api/v1/regelsets/{soort}': BEHEER,
    'GET /api/v1/regelsets/{soort}/versies/{versie}': BEHEER,
    'POST /api/v1/regelsets/{soort}/voorvertoningen': BEHEER,
    'POST /api/v1/regelsets/{soort}/versies': BEHEER,
    'GET /api/v1/ingebrekestellingen': [(BUDDIES | SVIP, ANY, OK)],
    'POST /api/v1/ingebrekestellingen': [({'zb_img', 'svip_img'}, ANY, OK)],
    'GET /api/v1/ingebrekestellingen/{id}': [({'zb_img', 'svip_img'}, ANY, OK),
                                             ({'bb_ncg', 'svip_ncg'}, ANY, NOT_FOUND)],
    'POST /api/v1/ingebrekestellingen/{id}/beslissing': [
        ({'zb_img', 'svip_img'}, ANY, OK), ({'bb_ncg', 'svip_ncg'}, ANY, NOT_FOUND)],
    'GET /api/v1/grootboek': [(BUDDIES | SVIP, ANY, OK)],
    # the body named is IMG (the schema's first): an entry needs IMG's case at the address
    'POST /api/v1/grootboek': [({'zb_img', 'svip_img'}, {'own'}, OK),
                               ({'zb_img', 'svip_img'}, {'other'}, NOT_FOUND)],
    # escalations (decision 163): the interventieteam; reported also by a coordinator; read
    # by both and by the buddies of both bodies
    'GET /api/v1/escalaties': [(CROSS | BUDDIES, ANY, OK)],
    'POST /api/v1/escalaties': [(CROSS, ANY, OK)],
    'GET /api/v1/escalaties/{id}': [(CROSS | BUDDIES, ANY, OK)],
    'PUT /api/v1/escalaties/{id}': [({'interventieteam'}, ANY, OK)],
    'POST /api/v1/escalaties/{id}/besluiten': [({'interventieteam'}, ANY, OK)],
}
# routes whose valid request needs a browser session (cookie + X-CSRF-Token), not a token
AUTH_VIA = {'DELETE /api/v1/sessies/huidig': 'session'}

# purposes per role (decision 25), for a `doel` the role may use
DOEL = {'svip_img': 'svip_verzoek', 'svip_ncg': 'svip_verzoek', 'bewoner': 'eigen_inzage'}


def expected(route, role, variant):
    if route not in POLICY:
        return 'no policy'
    if role == 'anon' and route not in PUBLIC:
        return UNAUTH
    for roles, variants, outcome in POLICY[route]:
        if role in roles and (variants is ANY or variant in variants):
            return outcome
    return FORBIDDEN


def outcome_class(status):
    return OK if 200 <= status < 300 else status


# ---- own / other ------------------------------------------------------------------------
def own_other_address(role):
    if role == 'bewoner':
        return A1, A2
    if ORG.get(role) == 'NCG':
        return A1, A10
    return A1, A8


def own_other_gemeente(role):
    return {'gemeente_1979': ('1979', '0014')}.get(role, ('0014', '1979'))


def own_other_org(role):
    return ('NCG', 'IMG') if ORG.get(role) == 'NCG' else ('IMG', 'NCG')


SIGNAL_KINDS = {
    'IMG': [('IMG', 'zaakbegeleider'), ('IMG', 'svip')],
    'NCG': [('NCG', 'bewonersbegeleider'), ('NCG', 'svip')],
    'BOTH': [('IMG', 'svip'), ('NCG', 'svip')],
    'COORD': [('IMG+NCG', 'coordinator')],
    'INTERV': [('IMG+NCG', 'interventieteam')],
}


def own_other_signal(role):
    return {'zb_img': ('IMG', 'NCG'), 'svip_img': ('IMG', 'NCG'),
            'bb_ncg': ('NCG', 'IMG'), 'svip_ncg': ('NCG', 'IMG'),
            'coordinator': ('COORD', 'BOTH'),
            'interventieteam': ('INTERV', 'COORD')}.get(role, ('BOTH', 'COORD'))


def pick(pair, variant):
    return pair[0] if variant == 'own' else pair[1]


# ---- routes and the OpenAPI document ---------------------------------------------------------
def read_routes():
    p = subprocess.run([BIN, 'serve', '--routes'], capture_output=True, text=True, check=True)
    return [tuple(line.split(' ', 1)) for line in p.stdout.splitlines() if line.strip()]


class Spec:
    def __init__(self, root):
        self.doc = load_openapi(root)

    def resolve(self, o):
        while isinstance(o, dict) and '$ref' in o:
            node = self.doc
            for part in o['$ref'].lstrip('#/').split('/'):
                node = node[part]
            o = node
        return o

    def operation(self, method, path):
        item = self.doc['paths'].get(path)
        if not item or method.lower() not in item:
            raise KeyError('%s %s is not in the OpenAPI document' % (method, path))
        op = item[method.lower()]
        params = [self.resolve(p) for p in item.get('parameters', []) + op.get('parameters', [])]
        return op, params

    def body(self, op):
        rb = self.resolve(op.get('requestBody'))
        if not rb:
            return None, None, False
        ctype, media = next(iter(rb['content'].items()))
        return ctype, self.resolve(media.get('schema', {})), rb.get('required', False)


def variants_of(spec, method, path):
    op, params = spec.operation(method, path)
    q = {p['name']: p for p in params if p.get('in') == 'query'}
    _, schema, _ = spec.body(op)
    body_props = (schema or {}).get('properties', {}) if isinstance(schema, dict) else {}
    if ('{nummeraanduiding_id}' in path or q.get('nummeraanduidingId', {}).get('required') or
            'nummeraanduiding_id' in body_props or
            ('postcode' in q and 'huisnummer' in q)):
        return ['own', 'other']
    if 'nummeraanduidingId' in q or 'gemeente' in q:
        return ['none', 'own', 'other']
    if '{id}' in path:
        return ['own', 'other'] if id_kind(path) in ('signal', 'consent', 'verzoek') else ['-']
    if '{img_id}' in path or '{ncg_id}' in path:
        return ['-'] if path.endswith('/schademeldingen') else ['own', 'other']
    return ['-']


# one claim / trajectory: own = on A1 (samenloop), other = at an address where the other body
# has no case (IMG-011 on A10: claims only; NCG-0008 on A8: a trajectory only); the damage
# report needs a trajectory in construction (NCG-0005 is in 5.2)
RECORDS = {'{img_id}': {'own': 'IMG-001', 'other': 'IMG-011'},
           '{ncg_id}': {'own': 'NCG-0001', 'other': 'NCG-0008', '-': 'NCG-0005'}}


ID_KINDS = {'signalen': 'signal', 'toestemmingen': 'consent', 'verzoeken': 'verzoek',
            'leveringen': 'delivery', 'tokens': 'token', 'opnameverzoeken': 'opnameverzoek',
            'planningen': 'planning', 'ingebrekestellingen': 'notice',
            'escalaties': 'escalation'}
# bodies the schema cannot fill (one of img_id / ncg_id): IMG's claim on the own address
TERM_BODIES = {
    'POST /api/v1/termijnen/opschortingen': lambda: {
        'soort': 'img_beslistermijn', 'img_id': 'IMG-001', 'van': yesterday(),
        'reden': 'Matrixtest'},
    'POST /api/v1/termijnen/verlengingen': lambda: {
        'soort': 'img_beslistermijn', 'img_id': 'IMG-001', 'nieuw_einde': yesterday(),
        'reden': 'Matrixtest'},
    'POST /api/v1/ingebrekestellingen': lambda: {'img_id': 'IMG-001',
                                                 'ontvangen_op': yesterday()},
    # a whole matrix (the specification's), so that a beheerder's draft is valid
    'POST /api/v1/regelsets/{soort}/voorvertoningen': lambda: {'cellen': MATRIX_CELLS},
    'POST /api/v1/regelsets/{soort}/versies': lambda: {'reden': 'Matrixtest',
                                                       'cellen': MATRIX_CELLS},
    # the term table names events the register knows (decision 228)
    'POST /api/v1/termijndefinities': lambda: {'omschrijving': 'Matrixtest', 'definities': [
        {'soort': 'img_beslistermijn', 'omschrijving': 'Matrixtest', 'organisatie': 'IMG',
         'start_gebeurtenis': 'ontvangen_op', 'eind_gebeurtenis': 'beschikking',
         'lengte': 182, 'eenheid': 'dagen', 'verantwoordelijke': 'overheid'}]},
}
MATRIX_CELLS = [{'stap': st, 'fase': f, 'groep': 'A'}
                for st in ('1.2', '2.1', '3.1', '4.1', '4.2', '5.1', '5.2')
                for f in ('voorbereiding', 'opname', 'zienswijze', 'beschikking')]


def id_kind(path):
    parts = path.split('/')
    i = parts.index('{id}')
    kind = ID_KINDS.get(parts[i - 1])
    if not kind:
        raise KeyError('no fixture for {id} of %s' % parts[i - 1])
    return kind


# ---- the register -------------------------------------------------------------------------
def db_rows(db, query, args=()):
    return sql(db, query, args)


def assign_own_dossier(s):
    """The own address's combination dossier is the coordinator's, and escalated to the
    interventieteam (an open rule-8 signal), so that both roles have it as their own."""
    s.cli('dossier', 'coordinator', A1, '--name', 'coordinator', '--by', 'matrix')
    src = s.sql('SELECT min(id) FROM signaal')[0][0]
    sid = s.sql("INSERT INTO signaal (regel, variant, regelversie, nummeraanduiding_id,"
                " status, tekst, vervalt_op) SELECT 8, '', regelversie, ?, 'open',"
                " tekst, vervalt_op FROM signaal WHERE id = ? RETURNING id", int(A1), src)[0][0]
    s.sql("INSERT INTO signaal_adressaat (signaal_id, volgorde, org, rol, persoon)"
          " VALUES (?, 1, 'IMG+NCG', 'interventieteam', '')", sid)


def check_fixture(db):
    """The own/other addresses must be what the docstring says."""
    def facts(a):
        claims = db_rows(db, 'SELECT count(*) FROM schade WHERE nummeraanduiding_id = ? AND '
                             'afwezig = false', (int(a),))[0][0]
        trajects = db_rows(db, 'SELECT count(*) FROM traject WHERE nummeraanduiding_id = ? AND '
                               'afwezig = false', (int(a),))[0][0]
        return claims > 0, trajects > 0
    want = {A1: (True, True), A2: (True, True), A8: (False, True), A10: (True, False)}
    for a, w in want.items():
        if facts(a) != w:
            raise AssertionError('fixture changed: %s has (claim, trajectory) %r, expected %r'
                                 % (a, facts(a), w))


class Signals:
    """Clones of a real fixture signal with chosen addressees, made before a server starts.
    Rule numbers 90-99 keep them apart from real rules (one open signal per rule and
    address)."""

    def __init__(self, db):
        self.db = db
        self.source = db_rows(db, 'SELECT min(id) FROM signaal')[0][0]
        if self.source is None:
            raise AssertionError('the fixture raised no signals')
        used = set(db_rows(db, "SELECT regel, nummeraanduiding_id FROM signaal WHERE status "
                               "IN ('open', 'bevestigd')"))
        addrs = [r[0] for r in db_rows(db, 'SELECT nummeraanduiding_id FROM adres'
                                           ' ORDER BY nummeraanduiding_id')]
        self.free = [(r, a) for r in range(90, 130) for a in addrs if (r, a) not in used]

    def make(self, kind, on=None):
        """A clone addressed as `kind`, on address `on` when given."""
        at = next(i for i, f in enumerate(self.free) if on is None or f[1] == int(on))
        regel, addr = self.free.pop(at)
        sid = db_rows(self.db, "INSERT INTO signaal (regel, variant, regelversie, "
                               "nummeraanduiding_id, status, tekst, vervalt_op) SELECT ?, '', "
                               "regelversie, ?, 'open', tekst, vervalt_op FROM signaal WHERE id = ?"
                               " RETURNING id", (regel, addr, self.source))[0][0]
        for i, (org, rol) in enumerate(SIGNAL_KINDS[kind]):
            db_rows(self.db, "INSERT INTO signaal_adressaat (signaal_id, volgorde, org, rol, "
                             "persoon) VALUES (?, ?, ?, ?, '')", (sid, i + 1, org, rol))
        return sid


# ---- running cases ---------------------------------------------------------------------------
class Context:
    """One running server and what the cases need from it."""

    def __init__(self, server, tokens, addresses):
        self.s = server
        self.tokens = tokens
        self.addresses = addresses
        self.signal_of = {}      # (role, variant) -> signal id, made before start
        self.verzoek_of = {}     # org -> a request registered by that org (GET routes)

    def call(self, role, method, path, **kw):
        return self.s.request(method, path, token=self.tokens.get(role), **kw)

    def must(self, want, role, method, path, **kw):
        status, hdrs, body = self.call(role, method, path, **kw)
        if status != want:
            raise AssertionError('arrange %s %s as %s: %d %r' % (method, path, role, status, body))
        return hdrs, body

    # arrange steps (run as the SVIP desk, which may do each of them)
    def register_verzoek(self, org):
        _, body = self.must(201, 'svip_' + org.lower(), 'POST', '/api/v1/verzoeken', body={
            'nummeraanduiding_id': A1, 'type': 'statusuitwisseling', 'doel': 'svip_verzoek',
            'vraag': 'Matrixtest: hoe staat het ervoor?'})
        return body['id']

    def new_notice(self):
        _, body = self.must(201, 'svip_img', 'POST', '/api/v1/ingebrekestellingen',
                            body={'img_id': 'IMG-001', 'ontvangen_op': yesterday()})
        return body['id']

    def escalation(self, ready=False):
        """The open case of the own address (reported once); `ready`: taken, so that a
        decision may follow."""
        status, _, body = self.call('interventieteam', 'POST', '/api/v1/escalaties', body={
            'nummeraanduiding_id': A1, 'aanleiding': 'vastgelopen'})
        if status not in (200, 201):
            raise AssertionError('arrange escalation: %d %r' % (status, body))
        self.escalation_id = body['id']
        if ready and body['status'] == 'aangemeld':
            self.must(200, 'interventieteam', 'PUT', '/api/v1/escalaties/%d' % body['id'],
                      headers={'If-Match': self.escalation_etag()},
                      body={'status': 'in_behandeling'})
        return body['id']

    def escalation_etag(self):
        hdrs, _ = self.must(200, 'interventieteam', 'GET',
                            '/api/v1/escalaties/%d' % self.escalation_id)
        return hdrs['etag']

    def running_consents(self, address, doel='samenloop'):
        _, body = self.must(200, 'svip_img', 'GET',
                            '/api/v1/toestemmingen?nummeraanduidingId=' + address)
        return [t for t in body['items'] if t['doel'] == doel and
                t['status'] in ('aangevraagd', 'wacht_op_bevestiging', 'gegeven')]

    def give_consent(self, address):
        running = self.running_consents(address)
        if running:
            return running[-1]['id']
        _, body = self.must(201, 'svip_img', 'POST', '/api/v1/toestemmingen', body=dict(
            {'nummeraanduiding_id': address, 'doel': 'samenloop', 'gegeven_op': yesterday()},
            **FORM_EVIDENCE))
        return body['id']

    def clear_consent(self, address, doel):
        for t in self.running_consents(address, doel):
            self.must(200, 'svip_img', 'POST', '/api/v1/toestemmingen/%d/intrekking' % t['id'])

    def clear_opnameverzoek(self, address):
        _, body = self.must(200, 'planner', 'GET', '/api/v1/opnameverzoeken')
        for v in body['opnameverzoeken']:
            if v['nummeraanduiding_id'] == address and v['status'] in ('open', 'gepland'):
                self.must(200, 'planner', 'POST',
                          '/api/v1/opnameverzoeken/%d/intrekking' % v['id'])

    def fresh_opnameverzoek(self):
        self.clear_opnameverzoek(A1)
        _, body = self.must(201, 'planner', 'POST', '/api/v1/opnameverzoeken', body={
            'nummeraanduiding_id': A1, 'gezamenlijk': True})
        return body['id']

    def fresh_planning(self):
        _, body = self.must(201, 'planner', 'POST', '/api/v1/planningen',
                            body={'van': yesterday(), 'tot': yesterday()})
        return body['id']

    def record_versie(self, param, source_id):
        table, column = ('schade', 'img_id') if param == '{img_id}' else ('traject', 'ncg_id')
        return db_rows(self.s.db, 'SELECT versie FROM %s WHERE %s = ?' % (table, column),
                       (source_id,))[0][0]

    def versie(self, address):
        rows = db_rows(self.s.db, 'SELECT versie FROM combinatiedossier WHERE '
                                  'nummeraanduiding_id = ?', (int(address),))
        return rows[0][0] if rows else 1


# the evidence staff name with a consent (decision 96); a resident names none
FORM_EVIDENCE = {'kanaal': 'post', 'formulier_kenmerk': 'GUO-MATRIX-1'}


def yesterday():
    return (datetime.datetime.now(datetime.timezone.utc).date() -
            datetime.timedelta(days=1)).isoformat()


def schema_value(spec, name, schema, doel, address):
    schema = spec.resolve(schema)
    if name == 'nummeraanduiding_id' or schema.get('pattern') == '^[0-9]{16}$':
        return address
    if name == 'doel':
        return doel
    if schema.get('pattern') == '^[0-9]{4}$':
        return '0014'
    if name == 'coordinator':
        # a dossier's coordinator is an account: the coordinator role's own, so a PATCH
        # does not take the own dossier from the coordinator for later cases
        return 'coordinator'
    if 'enum' in schema:
        return schema['enum'][0]
    t = schema.get('type')
    if t == 'string':
        value = yesterday() if schema.get('format') == 'date' else 'Matrixtest'
        return value.ljust(schema.get('minLength', 0), 'x')
    if t == 'integer':
        return max(1, schema.get('minimum', 1))
    if t == 'boolean':
        return True
    if t == 'array':
        return [schema_value(spec, '', schema.get('items', {}), doel, address)]
    if t == 'object':
        return minimal_object(spec, schema, doel, address)
    raise AssertionError('no value for %s: %r' % (name, schema))


def minimal_object(spec, schema, doel, address):
    props = schema.get('properties', {})
    names = schema.get('required') or list(props)[:1]
    return {n: schema_value(spec, n, props[n], doel, address) for n in names}


def build_request(ctx, spec, route, role, variant):
    """Returns (method, path-with-query, kwargs for Server.request)."""
    method, path = route.split(' ', 1)
    op, params = spec.operation(method, path)
    address = pick(own_other_address(role), variant) if variant in ('own', 'other') else None
    url = path
    if '{nummeraanduiding_id}' in url:
        url = url.replace('{nummeraanduiding_id}', address)
    url = url.replace('{naam}', TARGET)
    url = url.replace('{soort}', 'matrix').replace('{versie}', '1')
    if '{id}' in url:
        kind = id_kind(path)
        write = method != 'GET'
        if kind == 'signal':
            oid = ctx.signal_of[(role, variant)]
        elif kind == 'verzoek':
            org = pick(own_other_org(role), variant)
            oid = ctx.register_verzoek(org) if write else ctx.verzoek_of[org]
        elif kind == 'consent':
            if path.endswith('/bevestiging'):
                ctx.clear_consent(address, 'samenloop')  # a fresh one, waiting for a colleague
            oid = ctx.give_consent(address)
        elif kind == 'opnameverzoek' and write:
            oid = ctx.fresh_opnameverzoek()
        elif kind == 'planning' and write:
            oid = ctx.fresh_planning()
        elif kind == 'notice':
            oid = ctx.new_notice()
        elif kind == 'escalation':
            oid = ctx.escalation(ready=path.endswith('/besluiten'))
        else:
            oid = ctx.addresses[kind]    # delivery, token, a request or plan to read
        url = url.replace('{id}', str(oid))
    record = None
    for param, ids in RECORDS.items():
        if param in url:
            record = (param, ids[variant])
            url = url.replace(param, ids[variant])
    query, headers = [], {}
    row = ctx.addresses.get(address) if address else None
    for p in params:
        name, where, required = p['name'], p.get('in'), p.get('required', False)
        if where == 'query':
            if name == 'nummeraanduidingId' and address:
                query.append((name, address))
            elif name in ('postcode', 'huisnummer', 'huisletter', 'toevoeging') and row:
                if row[name]:
                    query.append((name, str(row[name])))
            elif name == 'gemeente' and variant in ('own', 'other'):
                query.append((name, pick(own_other_gemeente(role), variant)))
            elif name == 'organisatie' and required:
                query.append((name, ORG.get(role, 'IMG')))   # a ledger: the caller's body
            elif required:
                raise AssertionError('no value for required query parameter ' + name)
        elif where == 'header' and required:
            if name == 'If-Match' and '/escalaties/' in path:
                headers['If-Match'] = ctx.escalation_etag()
            elif name == 'If-Match' and record:
                headers['If-Match'] = '"%d"' % ctx.record_versie(*record)
            elif name == 'If-Match' and '/regelsets/' in path:
                headers['If-Match'] = '"%d"' % db_rows(ctx.s.db, "SELECT versie FROM regelset"
                                                       " WHERE soort = 'matrix' AND actief = true")[0][0]
            elif name == 'If-Match' and '/planningen/' in path:
                headers['If-Match'] = '"1"'        # a fresh plan (fresh_planning)
            elif name == 'If-Match':
                headers['If-Match'] = '"%d"' % ctx.versie(address)
            else:
                raise AssertionError('no value for required header ' + name)
    if query:
        url += '?' + '&'.join('%s=%s' % kv for kv in query)
    kw = {'headers': headers}
    ctype, schema, required = spec.body(op)
    if ctype and required:
        if ctype == 'application/json':
            # a consent is for the purpose the data is shared for; a request for one of the
            # caller's role's purposes (decision 25)
            doel = 'samenloop' if 'toestemmingen' in path else DOEL.get(role, 'samenloop')
            body = minimal_object(spec, schema, doel, address)
            if path == '/api/v1/sessies':
                # a valid login: the caller's own account (no credentials: the beheerder's)
                body = {'gebruikersnaam': role if role != 'anon' else 'beheerder',
                        'wachtwoord': PASSWORD}
            elif path == '/api/v1/capaciteit':
                body['weekdag'] = 'maandag'     # a line is a weekday or a date: one of them
            elif route in TERM_BODIES:
                body = TERM_BODIES[route]()
            elif path == '/api/v1/gebruikers':
                # a valid new account (a role without org, a long enough password)
                body = {'naam': 'matrixnieuw', 'rol': 'planner', 'wachtwoord': PASSWORD}
            kw['body'] = body
        elif ctype == 'text/csv':
            # a delivery already in the register: recorded, writes no rows (decision 10)
            with open(os.path.join(DATA, 'small2', 'bag_adressen.csv'), 'rb') as f:
                kw['raw'] = f.read()
            headers['Content-Type'] = 'text/csv'
        else:
            raise AssertionError('no body for content type ' + ctype)
    if route == 'POST /api/v1/opnameverzoeken':
        ctx.clear_opnameverzoek(address)  # one per address: a running one would make this 409
    if route == 'POST /api/v1/toestemmingen':
        ctx.clear_consent(address, kw['body']['doel'])  # a running one would make this a 409
        if role != 'bewoner':
            kw['body'].update(FORM_EVIDENCE)
    return method, url, kw


def run_case(ctx, spec, route, role, variant):
    method, url, kw = build_request(ctx, spec, route, role, variant)
    if AUTH_VIA.get(route) == 'session':
        if role != 'anon':
            status, hdrs, body = ctx.s.request('POST', '/api/v1/sessies', body={
                'gebruikersnaam': role, 'wachtwoord': PASSWORD})
            if status != 201:
                raise AssertionError('arrange login as %s: %d' % (role, status))
            kw['headers']['Cookie'] = hdrs['set-cookie'].split(';', 1)[0]
            kw['headers']['X-CSRF-Token'] = body['csrf_token']
        status, _, body = ctx.s.request(method, url, **kw)
    else:
        status, _, body = ctx.call(role, method, url, **kw)
    detail = body.get('detail') if isinstance(body, dict) and status >= 400 else None
    return status, detail


def main():
    t0 = time.time()
    spec = Spec(ROOT)
    routes = ['%s %s' % r for r in read_routes()]
    cases = []          # (route, role, variant)
    route_variants = {}
    problems = {}       # route -> why it cannot be run
    for route in routes:
        try:
            vs = variants_of(spec, *route.split(' ', 1))
        except KeyError as e:
            problems[route] = str(e)
            vs = ['-']
        route_variants[route] = vs
        cases += [(route, role, v) for role in ROLE_KEYS for v in vs]

    work = tempfile.mkdtemp(prefix='samenloop-authz-')
    template = register_db(work, 'template.db')
    tokens = {}
    results = {}        # case -> observed status or error text
    details = {}        # case -> the problem's detail, if any
    try:
        with Server(BIN, DATA, deliveries=('small', 'small2')) as s:
            for key, _, rol, extra in ROLES:
                if rol:
                    tokens[key] = s.user(key, rol, *extra, password=PASSWORD)
            s.user(TARGET, 'planner', password=PASSWORD)
            check_fixture(s.db)
            assign_own_dossier(s)
            # the own address is a candidate for a joint inspection, with a request and a
            # plan to read (ids 1)
            s.cli('dossier', 'element', A1, 'totaalopname', 'gevraagd', '--by', 'matrix')
            s.cli('opnameverzoek', 'add', '--by', 'svip_img', '--adres', A1)
            s.cli('plan', 'opnames', '--from', yesterday(), '--to', yesterday(), '--opslaan',
                  '--by', 'planner')
            copy_register(s.db, template)
        addresses = {'%016d' % r[0]: {'postcode': r[1], 'huisnummer': r[2], 'huisletter': r[3],
                                      'toevoeging': r[4]}
                     for r in db_rows(template, 'SELECT nummeraanduiding_id, postcode, '
                                                'huisnummer, huisletter, toevoeging FROM adres')}
        rej = db_rows(template, 'SELECT min(levering_id) FROM afwijzing')[0][0]
        addresses['delivery'] = rej
        addresses['opnameverzoek'] = addresses['planning'] = 1
        addresses['token'] = db_rows(template, 'SELECT max(t.id) FROM token t JOIN gebruiker g '
                                               'ON g.id = t.gebruiker_id WHERE g.naam = ?',
                                     (TARGET,))[0][0]
        print('register ready (%d accounts) in %.1fs' % (len(tokens), time.time() - t0))

        def serve(route_list):
            pending = [c for c in cases if c[0] in route_list and c[0] not in problems]
            if not pending:
                return
            with Server(BIN, DATA, deliveries=()) as s:
                copy_register(template, s.db)
                ctx = Context(s, tokens, addresses)
                sig = Signals(s.db)
                for (route, role, v) in pending:
                    # one clone per (role, variant): a server runs one write route, or the
                    # GET routes (one of which takes a signal id)
                    if '/signalen/{id}' in route and (role, v) not in ctx.signal_of:
                        ctx.signal_of[(role, v)] = sig.make(pick(own_other_signal(role), v),
                                                            on=A1 if v == 'own' else None)
                s.start()
                if any(r.startswith('GET /api/v1/verzoeken/') for r in route_list):
                    ctx.verzoek_of = {o: ctx.register_verzoek(o) for o in ('IMG', 'NCG')}
                for c in pending:
                    try:
                        results[c], details[c] = run_case(ctx, spec, *c)
                    except Exception as e:  # an arrange step or a request that could not be made
                        results[c] = 'error: %s' % e
                err = s.stop()
                if 'store error' in (err or ''):
                    print('server stderr: %s' % err.strip()[:2000])

        reads = [r for r in routes if r.startswith('GET ')]
        serve(reads)
        for r in routes:
            if not r.startswith('GET '):
                serve([r])
    finally:
        shutil.rmtree(work, ignore_errors=True)

    # ---- report ----
    passed = failed = 0
    mismatches = []
    cells = {}
    for c in cases:
        route, role, v = c
        exp = expected(*c)
        got = results.get(c, problems.get(route, 'not run'))
        ok = isinstance(got, int) and outcome_class(got) == exp
        if ok:
            passed += 1
        else:
            failed += 1
            mismatches.append((route, role, v, exp, got))
        cells.setdefault((route, role), []).append(('%s' % got if isinstance(got, int) else 'ERR')
                                                   + ('' if ok else '!'))
    width = max(len(r) for r in routes) + 2
    colw = {k: max(len(SHORT[k]), max(len('/'.join(cells[(r, k)])) for r in routes)) + 1
            for k in ROLE_KEYS}
    print()
    print('%-*s%-16s' % (width, 'route', 'variants') +
          ''.join('%-*s' % (colw[k], SHORT[k]) for k in ROLE_KEYS))
    for r in routes:
        print('%-*s%-16s' % (width, r, '/'.join(route_variants[r])) +
              ''.join('%-*s' % (colw[k], '/'.join(cells[(r, k)])) for k in ROLE_KEYS))
    print('(observed status per variant, in the order of the variants column; ! = mismatch)')
    if mismatches:
        print('\nmismatches:')
        for route, role, v, exp, got in mismatches:
            print('MISMATCH %s  role=%s variant=%s  expected=%s observed=%s%s'
                  % (route, role, v, exp if exp != OK else '2xx', got,
                     ' (%s)' % details[(route, role, v)] if details.get((route, role, v)) else ''))
    print('\n%d routes x %d roles, %d cases in %.1fs' % (len(routes), len(ROLE_KEYS), len(cases),
                                                        time.time() - t0))
    print('%d passed, %d failed' % (passed, failed))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
