#!/usr/bin/env python3
"""GET /api/v1/statistieken/doorlooptijden over HTTP: lead times per claim phase and
trajectory step (issue 17, decisions 209-211). Who may read it (as /statistieken),
bad parameters named per field, known lead times after claims and trajectories are
moved through the API on known days, small counts hidden with their days, the
answer's shape as OpenAPI says, and `samenloop stats --doorlooptijden`.

Usage: test_api_doorlooptijden.py PATH_TO_SAMENLOOP DATA_DIR
Prints 'N passed, N failed'.
"""
import datetime
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from api_harness import Server, case, eq, load_openapi, run_cases  # noqa: E402

BIN = os.path.abspath(sys.argv[1])
DATA = os.path.abspath(sys.argv[2])
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PATH = '/api/v1/statistieken/doorlooptijden'
END = '?totEnMet=2021-09-10'


def problem(status, hdrs, body, code, what):
    eq(status, code, what + ' status')
    eq(hdrs.get('content-type'), 'application/problem+json', what + ' content type')
    return body


def get(s, tok, query=''):
    status, _, body = s.request('GET', PATH + query, token=tok)
    eq(status, 200, 'GET ' + PATH + query)
    return body


def patch(s, tok, kind, rid, body):
    path = '/api/v1/%s/%s' % (kind, rid)
    status, hdrs, _ = s.request('GET', path, token=tok)
    eq(status, 200, 'GET ' + path)
    status, _, out = s.request('PATCH', path, token=tok, body=body,
                               headers={'If-Match': hdrs['etag']})
    eq(status, 200, 'PATCH %s %r: %r' % (path, body, out))


def measure(body, list_name, key, name, which):
    for row in body[list_name]:
        if row[key] == name:
            return row[which]
    raise AssertionError('no %s row %s' % (list_name, name))


def moved(s, zb, bb):
    """IMG-001: voorbereiding -> opname (1 Aug) -> zienswijze (31 Aug 2021);
    IMG-011: opname (2 Feb) -> zienswijze (12 Feb 2021);
    NCG-0001: 1.2 -> 2.1 (1 Apr) -> 3.1 (1 Jun 2021)."""
    patch(s, zb, 'schades', 'IMG-001', {'fase': 'opname', 'fase_sinds': '2021-08-01'})
    patch(s, zb, 'schades', 'IMG-001', {'fase': 'zienswijze', 'fase_sinds': '2021-08-31'})
    patch(s, zb, 'schades', 'IMG-011', {'fase': 'zienswijze', 'fase_sinds': '2021-02-12'})
    patch(s, bb, 'trajecten', 'NCG-0001', {'stap': '2.1', 'stap_sinds': '2021-04-01'})
    patch(s, bb, 'trajecten', 'NCG-0001', {'stap': '3.1', 'stap_sinds': '2021-06-01'})


def check_shape(body, schema, schemas, where):
    """The answer as the OpenAPI schema says: required keys, no others, the enums."""
    if '$ref' in schema:
        schema = schemas[schema['$ref'].rsplit('/', 1)[1]]
    if 'oneOf' in schema:
        return  # Aantal: a number or the hidden shape, checked by the cases
    if body is None:
        if not schema.get('nullable'):
            raise AssertionError('%s: null where the schema does not allow it' % where)
        return
    kind = schema.get('type')
    if kind == 'object':
        props = schema.get('properties', {})
        eq(sorted(body), sorted(props) if schema.get('additionalProperties') is False
           else sorted(body), where + ' keys')
        for k in schema.get('required', []):
            if k not in body:
                raise AssertionError('%s: no %s' % (where, k))
        for k, v in body.items():
            check_shape(v, props[k], schemas, where + '.' + k)
    elif kind == 'array':
        for i, v in enumerate(body):
            check_shape(v, schema['items'], schemas, '%s[%d]' % (where, i))
    elif 'enum' in schema and body not in schema['enum']:
        raise AssertionError('%s: %r not in %r' % (where, body, schema['enum']))
    elif kind == 'number' and not isinstance(body, (int, float)):
        raise AssertionError('%s: not a number' % where)


@case
def who_may_read_it():
    with Server(BIN, DATA) as s:
        tokens = {
            'zaakbegeleider': s.user('zb', 'zaakbegeleider', '--org', 'IMG'),
            'bewonersbegeleider': s.user('bb', 'bewonersbegeleider', '--org', 'NCG'),
            'svip': s.user('sv', 'svip', '--org', 'NCG'),
            'coordinator': s.user('co', 'coordinator'),
            'planner': s.user('pl', 'planner'),
            'datasteward': s.user('ds', 'datasteward', '--org', 'IMG'),
            'bewoner': s.user('bw', 'bewoner', '--adres', '0014200000000001'),
            'beheerder': s.user('bh', 'beheerder'),
        }
        mgmt = s.user('m.beheer', 'management')
        gem = s.user('g.groningen', 'gemeente', '--gemeente', '0014')
        s.start()
        problem(*s.request('GET', PATH), 401, 'no credentials')
        for role, tok in tokens.items():
            problem(*s.request('GET', PATH, token=tok), 403, role)
        eq(get(s, mgmt)['gemeente'], None, 'management: the whole area')
        eq(get(s, mgmt, '?gemeente=1979')['gemeente'], '1979', 'management: any municipality')
        eq(get(s, gem)['gemeente'], '0014', 'gemeente: its own by default')
        other = problem(*s.request('GET', PATH + '?gemeente=1979', token=gem), 403, 'other')
        same = problem(*s.request('GET', '/api/v1/statistieken?gemeente=1979', token=gem), 403,
                       'statistieken 1979')
        eq(other.get('detail'), same.get('detail'), 'same reason as /statistieken')


@case
def bad_parameters_are_named():
    tomorrow = (datetime.date.today() + datetime.timedelta(days=1)).isoformat()
    with Server(BIN, DATA) as s:
        mgmt = s.user('m.beheer', 'management')
        s.start()
        for query, fields in (('?van=abc', ['van']), ('?totEnMet=2021-02-30', ['totEnMet']),
                              ('?totEnMet=10-09-2021', ['totEnMet']),
                              ('?totEnMet=' + tomorrow, ['totEnMet']),
                              ('?van=' + tomorrow, ['van']),
                              ('?van=2021-09-11&totEnMet=2021-09-10', ['van']),
                              ('?gemeente=12&van=x', ['gemeente', 'van'])):
            body = problem(*s.request('GET', PATH + query, token=mgmt), 400, query)
            eq(sorted(e['veld'] for e in body.get('errors', [])), fields, 'fields of ' + query)
            for e in body['errors']:
                if not e.get('reden'):
                    raise AssertionError('no reason for %s' % e)


@case
def known_moves_give_known_lead_times():
    with Server(BIN, DATA, extra_args=('--set', 'suppress_below=1')) as s:
        zb = s.user('k.postma', 'zaakbegeleider', '--org', 'IMG')
        bb = s.user('a.jansma', 'bewonersbegeleider', '--org', 'NCG')
        mgmt = s.user('m.beheer', 'management')
        s.start()
        before = get(s, mgmt, END)
        eq(measure(before, 'schades', 'fase', 'opname', 'afgerond')['aantal'], 0,
           'nothing completed before the moves (a first delivery has no known start)')
        moved(s, zb, bb)
        body = get(s, mgmt, END)
        eq(body['tot_en_met'], '2021-09-10', 'tot_en_met')
        eq(body['van'], None, 'no lower bound')
        # opname: IMG-001's 30 days; IMG-011's opname was its first delivery's phase, whose
        # start the history does not hold (decision 209): not measured
        eq(measure(body, 'schades', 'fase', 'opname', 'afgerond'),
           {'aantal': 1, 'mediaan_dagen': 30.0, 'p80_dagen': 30.0}, 'opname completed')
        # zienswijze running at 10 Sep: IMG-001 10, IMG-004 40 (since 1 Aug), IMG-011 210
        eq(measure(body, 'schades', 'fase', 'zienswijze', 'lopend'),
           {'aantal': 3, 'mediaan_dagen': 40.0, 'p80_dagen': 142.0}, 'zienswijze running')
        eq(measure(body, 'trajecten', 'stap', '2.1', 'afgerond'),
           {'aantal': 1, 'mediaan_dagen': 61.0, 'p80_dagen': 61.0}, '2.1 completed')
        eq(body['aantal_onderdrukt'], 0, 'nothing hidden below 1')
        # the period: at the end of July only IMG-011 was in zienswijze (169 days), and
        # IMG-001's opname stay ended after it
        body = get(s, mgmt, '?van=2021-02-11&totEnMet=2021-07-31')
        eq(measure(body, 'schades', 'fase', 'zienswijze', 'lopend'),
           {'aantal': 1, 'mediaan_dagen': 169.0, 'p80_dagen': 169.0}, 'zienswijze at 31 Jul')
        eq(measure(body, 'schades', 'fase', 'opname', 'afgerond')['aantal'], 0,
           'opname in the period')
        body = get(s, mgmt, '?van=2021-08-31&totEnMet=2021-09-10')
        eq(measure(body, 'schades', 'fase', 'opname', 'afgerond')['aantal'], 1,
           'a stay ending on the first day counts')
        body = get(s, mgmt, '?van=2021-09-01&totEnMet=2021-09-10')
        eq(measure(body, 'schades', 'fase', 'opname', 'afgerond')['aantal'], 0,
           'a stay ending before the first day does not')
        # Eemsdelta (1979) has none of these
        body = get(s, mgmt, END + '&gemeente=1979')
        eq(measure(body, 'schades', 'fase', 'opname', 'afgerond')['aantal'], 0, '1979 opname')
        spec = load_openapi(ROOT)
        schemas = spec['components']['schemas']
        check_shape(get(s, mgmt), schemas['Doorlooptijden'], schemas, 'answer')


@case
def small_counts_are_hidden_with_their_days():
    with Server(BIN, DATA) as s:
        zb = s.user('k.postma', 'zaakbegeleider', '--org', 'IMG')
        bb = s.user('a.jansma', 'bewonersbegeleider', '--org', 'NCG')
        mgmt = s.user('m.beheer', 'management')
        gem = s.user('g.groningen', 'gemeente', '--gemeente', '0014')
        s.start()
        moved(s, zb, bb)
        for tok, query in ((mgmt, END), (gem, END)):
            body = get(s, tok, query)
            m = measure(body, 'schades', 'fase', 'opname', 'afgerond')
            eq(m, {'aantal': {'onderdrukt': True, 'onder': 10}, 'mediaan_dagen': None,
                   'p80_dagen': None}, 'a hidden count hides its days')
            eq(body['onderdrukkingsgrens'], 10, 'threshold')
            eq(measure(body, 'schades', 'fase', 'voorbereiding', 'afgerond'),
               {'aantal': 0, 'mediaan_dagen': None, 'p80_dagen': None}, 'zero is shown')


@case
def the_cli_gives_the_exact_figures():
    with Server(BIN, DATA) as s:
        zb = s.user('k.postma', 'zaakbegeleider', '--org', 'IMG')
        bb = s.user('a.jansma', 'bewonersbegeleider', '--org', 'NCG')
        s.start()
        moved(s, zb, bb)
        out = json.loads(s.cli('stats', '--doorlooptijden', '--json').stdout)
        eq(measure(out, 'schades', 'fase', 'opname', 'afgerond'),
           {'aantal': 1, 'mediaan_dagen': 30.0, 'p80_dagen': 30.0}, 'CLI: exact')
        eq('onderdrukkingsgrens' in out, False, 'CLI: not suppressed')
        hidden = json.loads(s.cli('stats', '--doorlooptijden', '--json',
                                  '--onderdrukken').stdout)
        eq(measure(hidden, 'schades', 'fase', 'opname', 'afgerond')['mediaan_dagen'], None,
           'CLI --onderdrukken: as published')
        table = s.cli('stats', '--doorlooptijden').stdout
        if 'Schades per fase' not in table or 'Opname' not in table or '30.0' not in table:
            raise AssertionError('table: %s' % table)


if __name__ == '__main__':
    run_cases()
