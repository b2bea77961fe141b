#!/usr/bin/env python3
"""End-to-end tests of `samenloop serve`: operations endpoints, the OpenAPI
document against the route table, errors as problem+json, authentication,
statistics and signals over HTTP.

Usage: test_api.py PATH_TO_SAMENLOOP DATA_DIR REPO_ROOT
Prints 'N passed, N failed' last.
"""
import json
import os
import re
import sys
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from api_harness import Server, case, load_openapi, eq, run_cases  # noqa: E402

BIN = os.path.abspath(sys.argv[1])
DATA = os.path.abspath(sys.argv[2])
ROOT = os.path.abspath(sys.argv[3])




def problem(status, hdrs, body, code, what):
    eq(status, code, what + ' status')
    eq(hdrs.get('content-type'), 'application/problem+json', what + ' content type')
    if not isinstance(body, dict) or body.get('status') != code or not body.get('title'):
        raise AssertionError('%s: not a problem document: %r' % (what, body))


@case
def operations_endpoints_and_headers():
    with Server(BIN, DATA) as s:
        s.start()
        status, hdrs, body = s.request('GET', '/healthz')
        eq((status, body), (200, {'status': 'ok'}), 'healthz')
        eq(hdrs.get('api-version'), '1.0.0', 'API-Version header')
        status, _, body = s.request('GET', '/readyz')
        eq(status, 200, 'readyz')
        status, hdrs, text = s.request('GET', '/metrics')
        eq(status, 200, 'metrics')
        if 'samenloop_http_requests_total{class="2xx"}' not in text:
            raise AssertionError('metrics lack request counters: %s' % text[:300])
        status, hdrs, body = s.request('GET', '/api/v1/openapi.json')
        eq((status, body['openapi'][:2]), (200, '3.'), 'openapi document')


@case
def openapi_and_route_table_agree():
    import subprocess
    routes = set()
    out = subprocess.run([BIN, 'serve', '--routes'], capture_output=True, text=True, check=True)
    for line in out.stdout.splitlines():
        method, pattern = line.split(' ', 1)
        routes.add((method.lower(), pattern))
    doc = load_openapi(ROOT)
    documented = {(m, p) for p, ops in doc['paths'].items() for m in ops
                  if m in ('get', 'post', 'put', 'patch', 'delete')}
    eq(sorted(routes - documented), [], 'routes missing from the OpenAPI document')
    eq(sorted(documented - routes), [], 'documented paths the server does not have')


@case
def unknown_paths_methods_and_auth_are_problems():
    with Server(BIN, DATA) as s:
        s.start()
        problem(*s.request('GET', '/api/v1/bestaat-niet'), 404, 'unknown path')
        status, hdrs, body = s.request('DELETE', '/api/v1/statistieken')
        problem(status, hdrs, body, 405, 'wrong method')
        eq(hdrs.get('allow'), 'GET, HEAD', 'Allow header (HEAD with every GET)')
        problem(*s.request('GET', '/api/v1/statistieken'), 401, 'no credentials')
        problem(*s.request('GET', '/api/v1/statistieken', token='sl_nietgeldig'), 401,
                'bad token')


@case
def statistics_match_the_cli_and_suppress_small_counts():
    with Server(BIN, DATA) as s:
        mgmt = s.user('m.beheer', 'management')
        gem = s.user('g.groningen', 'gemeente', '--gemeente', '0014')
        res = s.user('bewoner1', 'bewoner', '--adres', '0014200000000001')
        s.start()
        status, _, body = s.request('GET', '/api/v1/statistieken', token=mgmt)
        eq(status, 200, 'management reads statistics')
        cli = json.loads(s.cli('stats', '--json').stdout)
        published = json.loads(s.cli('stats', '--json', '--onderdrukken').stdout)
        eq(body, published, 'the API publishes what `stats --onderdrukken` prints')
        for key in ('adressen', 'trajecten', 'schades', 'combinatiedossiers'):
            if body[key] != cli[key] and body[key] != {'onderdrukt': True, 'onder': 10}:
                raise AssertionError('%s: neither %r nor hidden: %r' % (key, cli[key], body[key]))
        eq(body['potentieel']['beide_lopend'], {'onderdrukt': True, 'onder': 10},
           'a count of 5 is suppressed')
        eq(body['onderdrukkingsgrens'], 10, 'the threshold, for the dashboard to read')
        if body['aantal_onderdrukt'] < 1:
            raise AssertionError('nothing suppressed: %r' % body['aantal_onderdrukt'])
        # the rule data is not a count: version 1 and [1] are shown, not suppressed
        eq(body['indeling'], cli['indeling'], 'the matrix behind the groups, as the CLI says')
        eq(body['indeling']['matrixversie'], 1, 'matrix version')
        status, _, body = s.request('GET', '/api/v1/statistieken', token=gem)
        eq((status, body['gemeente']), (200, '0014'), 'gemeente sees its own area')
        problem(*s.request('GET', '/api/v1/statistieken?gemeente=1979', token=gem), 403,
                'gemeente asks for another area')
        problem(*s.request('GET', '/api/v1/statistieken?gemeente=14', token=mgmt), 400,
                'bad municipality code')
        problem(*s.request('GET', '/api/v1/statistieken', token=res), 403, 'resident')


@case
def signals_over_http_by_org_and_role():
    with Server(BIN, DATA, deliveries=('small', 'small2')) as s:
        img = s.user('k.postma', 'zaakbegeleider', '--org', 'IMG')
        ncg = s.user('g.kok', 'bewonersbegeleider', '--org', 'NCG')
        svip_ncg = s.user('svip.ncg', 'svip', '--org', 'NCG')
        mgmt = s.user('m.beheer', 'management')
        s.start()
        status, _, body = s.request('GET', '/api/v1/signalen', token=ncg)
        eq(status, 200, 'list')
        ncg_rules = sorted(x['regel'] for x in body['items'])
        # NCG staff see what is addressed to NCG: rules 1-4 (resident guide/SVIP NCG) and 6;
        # rule 5 (an AOS at IMG) is on an address without a basis: not shown to NCG
        eq(ncg_rules, [1, 2, 3, 4, 4, 6], 'NCG organisation')
        status, _, body = s.request('GET', '/api/v1/signalen?voor=rol', token=svip_ncg)
        eq(sorted(x['regel'] for x in body['items']), [1, 3, 6], 'SVIP NCG by role')
        status, _, body = s.request('GET', '/api/v1/signalen', token=img)
        img_rules = sorted(x['regel'] for x in body['items'])
        eq(img_rules, [1, 3, 6], 'IMG organisation')
        problem(*s.request('GET', '/api/v1/signalen', token=mgmt), 403, 'management')
        rule2 = [x for x in s.request('GET', '/api/v1/signalen?regel=2', token=ncg)[2]['items']][0]
        problem(*s.request('GET', '/api/v1/signalen/%d' % rule2['id'], token=img), 404,
                'IMG cannot see an NCG-only signal')
        status, _, body = s.request('POST', '/api/v1/signalen/%d/bevestiging' % rule2['id'],
                                    token=ncg)
        eq((status, body['status'], body['gewijzigd_door']), (200, 'bevestigd', 'g.kok'), 'ack')
        problem(*s.request('POST', '/api/v1/signalen/%d/bevestiging' % rule2['id'], token=ncg),
                409, 'ack twice')
        status, hdrs, body = s.request('POST', '/api/v1/signalen/%d/afwijzing' % rule2['id'],
                                       token=ncg, body={})
        problem(status, hdrs, body, 400, 'dismiss without reason')
        status, hdrs, body = s.request('POST', '/api/v1/signalen/%d/afwijzing' % rule2['id'],
                                       token=ncg, body={'reden': 1})
        problem(status, hdrs, body, 400, 'reason of the wrong type')
        status, hdrs, body = s.request('POST', '/api/v1/signalen/%d/afwijzing' % rule2['id'],
                                       token=ncg, body={'reden': 'x', 'extra': True})
        problem(status, hdrs, body, 400, 'unknown field')
        eq(body['errors'], [{'veld': 'extra', 'reden': 'onbekend veld'}], 'unknown field named')
        status, hdrs, body = s.request('POST', '/api/v1/signalen/%d/afwijzing' % rule2['id'],
                                       token=ncg, raw=b'{"reden": ', headers={
                                           'Content-Type': 'application/json'})
        problem(status, hdrs, body, 400, 'malformed JSON')
        status, _, body = s.request('POST', '/api/v1/signalen/%d/afwijzing' % rule2['id'],
                                    token=ncg, body={'reden': 'al bekend'})
        eq((status, body['status'], body['reden']), (200, 'afgewezen', 'al bekend'), 'dismiss')
        # what the API did shows in the CLI
        cli = json.loads(s.cli('signals', 'list', '--json', '--rule', '2').stdout)
        eq(cli[0]['status'], 'afgewezen', 'the CLI sees the API change')


@case
def deliveries_upload_report_and_rejects():
    with Server(BIN, DATA, deliveries=()) as s:
        steward = s.user('d.steward', 'datasteward', '--org', 'IMG', '--levert-adressen')
        ncg_steward = s.user('d.ncg', 'datasteward', '--org', 'NCG')
        zb_token = None
        s.start()
        reports = {}
        for f in ('bag_adressen.csv', 'ncg_trajecten.csv', 'img_schades.csv'):
            raw = open(os.path.join(DATA, 'small', f), 'rb').read()
            status, hdrs, body = s.request('POST', '/api/v1/leveringen?bestand=' + f,
                                           token=ncg_steward if f.startswith('ncg') else steward,
                                           raw=raw,
                                           headers={'Content-Type': 'text/csv'})
            eq(status, 201, 'upload ' + f)
            reports[body['kind']] = body
        exp = json.load(open(os.path.join(DATA, 'small', 'expected.json')))
        for kind, e in exp['files'].items():
            eq((reports[kind]['rows'], reports[kind]['imported'], reports[kind]['rejected']),
               (e['rows'], e['imported'], e['rejected']), 'report ' + kind)
            eq(sorted((r['regel'], r['kolom']) for r in reports[kind]['afwijzingen']),
               sorted(tuple(x) for x in e['rejects']), 'rejects ' + kind)
        cli = json.loads(s.cli('stats', '--json').stdout)
        eq(cli, exp['stats'], 'the API import equals the CLI import')
        status, _, body = s.request('GET', '/api/v1/leveringen', token=steward)
        eq((status, body['totaal']), (200, 2), "deliveries listed: addresses and IMG's own")
        eq(body['items'][0]['bestand'], 'img_schades.csv', 'the name given, not a temporary path')
        did = reports['img_schades']['levering_id']
        status, hdrs, text = s.request('GET', '/api/v1/leveringen/%d/afwijzingen?formaat=csv'
                                       % did, token=steward)
        eq(status, 200, 'rejects as CSV')
        # as the dashboard's export: a BOM, ';' and CRLF, and a name of its own
        if not text.startswith('\ufeff') or '\r\n' not in text:
            raise AssertionError('rejects CSV without BOM or CRLF: %r' % text[:40])
        lines = text.lstrip('\ufeff').strip().splitlines()
        eq(lines[0], 'bestand;regel;kolom;reden;rij', 'CSV header')
        eq(lines[1].split(';')[0], 'img_schades.csv', 'rejects name the file as delivered')
        eq(len(lines), 4, 'three rejected rows')
        eq(hdrs['content-disposition'], 'attachment; filename="afgewezen-%d-img_schades.csv"' % did,
           'a unique name')
        status, hdrs, body = s.request('POST', '/api/v1/leveringen', token=steward,
                                       raw=b'a,b\n1,2\n', headers={'Content-Type': 'text/csv'})
        problem(status, hdrs, body, 422, 'unknown kind of file')
        zb_token = s.user('k.postma', 'zaakbegeleider', '--org', 'IMG')
        problem(*s.request('POST', '/api/v1/leveringen', token=zb_token, raw=b'x',
                           headers={'Content-Type': 'text/csv'}), 403, 'case worker uploads')


@case
def oversized_body_is_refused():
    with Server(BIN, DATA, extra_args=['--set', 'max_body_bytes=2048']) as s:
        ncg = s.user('g.kok', 'bewonersbegeleider', '--org', 'NCG')
        s.start()
        status, hdrs, body = s.request('POST', '/api/v1/signalen/1/afwijzing', token=ncg,
                                       raw=b'{"reden": "' + b'x' * 5000 + b'"}',
                                       headers={'Content-Type': 'application/json'})
        problem(status, hdrs, body, 413, 'oversized body')


@case
def example_configuration_is_the_defaults():
    import subprocess
    here = subprocess.run([BIN, 'serve', '--print-config'], capture_output=True, text=True,
                          check=True).stdout
    example = subprocess.run([BIN, 'serve', '--config',
                              os.path.join(ROOT, 'samenloop.conf.example'), '--print-config'],
                             capture_output=True, text=True, check=True).stdout
    eq(example, here, 'samenloop.conf.example documents the defaults')
    p = subprocess.run([BIN, 'serve', '--set', 'threads=0'], capture_output=True, text=True)
    eq(p.returncode, 2, 'out-of-bounds setting refused')


@case
def server_log_lines_and_threshold():
    import re
    import subprocess
    line = re.compile(r'^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z samenloop info server: '
                      r'listening on http://127\.0\.0\.1:(\d+)$', re.M)
    with Server(BIN, DATA) as s:
        token = s.user('g.kok', 'bewonersbegeleider', '--org', 'NCG')
        s.start()
        s.request('GET', '/api/v1/signalen', token=token)
        err = s.stop()
        m = line.search(err)
        if not m or int(m.group(1)) != s.port:
            raise AssertionError('no info line in the documented form: %r' % err)
        if token in err:
            raise AssertionError('a token reached the log')
    with Server(BIN, DATA, extra_args=['--set', 'log_level=warn']) as s:
        s.start()
        err = s.stop()
        if 'listening' in err:
            raise AssertionError('an info line under log_level=warn: %r' % err)
    p = subprocess.run([BIN, 'serve', '--set', 'log_level=debug'], capture_output=True, text=True)
    eq(p.returncode, 2, 'unknown log level refused')
    if 'log_level' not in p.stderr:
        raise AssertionError('the refusal does not name log_level: %r' % p.stderr)


@case
def graceful_shutdown_on_sigterm():
    with Server(BIN, DATA) as s:
        s.start()
        s.proc.terminate()
        s.proc.wait(timeout=20)
        eq(s.proc.returncode, 0, 'exit status after SIGTERM')


if __name__ == '__main__':
    sys.exit(run_cases())
