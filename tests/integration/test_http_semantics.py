#!/usr/bin/env python3
"""HTTP semantics of the API and the web UI's files, on a real server.

Usage: test_http_semantics.py PATH_TO_SAMENLOOP DATA_DIR
Checks: every problem+json has a detail (404, 405, field-validation 400 too);
HEAD answers like GET without a body; If-None-Match with the current ETag gets 304;
If-Match: * matches the current version; 401 carries WWW-Authenticate; the
Location of a 201 is found by a GET; an Accept the server cannot meet gets 406;
an unknown method gets 501 (a known one on a path without it 405 with Allow);
the OpenAPI document is open to every origin and also served as YAML; security
headers on API answers, HSTS only when configured; gzip when the client takes it
(API JSON, a held logged answer, the web UI's files), with Vary: Accept-Encoding.
"""
import gzip
import http.client
import json
import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from api_harness import Server, case, eq, run_cases  # noqa: E402

BIN = os.path.abspath(sys.argv[1])
DATA = os.path.abspath(sys.argv[2])
A1 = '0014200000000001'

WEB = tempfile.mkdtemp(prefix='samenloop-web-')
os.makedirs(os.path.join(WEB, 'assets'))
with open(os.path.join(WEB, 'index.html'), 'w') as f:
    f.write('<!doctype html><title>samenloop</title>')
with open(os.path.join(WEB, 'assets', 'app-1234.js'), 'w') as f:
    f.write('export const x = "samenloop";\n' * 200)

S = Server(BIN, DATA, extra_args=['--set', 'web_root=' + WEB])
TOK = {
    'beheer': S.user('beheer', 'beheerder'),
    'zb': S.user('k.postma', 'zaakbegeleider', '--org', 'IMG'),
    'svip': S.user('svip.ncg', 'svip', '--org', 'NCG'),
    'svip_img': S.user('svip.img', 'svip', '--org', 'IMG'),
}
S.start()


def raw(method, path, headers=None, body=None):
    """(status, headers lower-cased, raw body bytes): no decoding, unlike S.request."""
    conn = http.client.HTTPConnection('127.0.0.1', S.port, timeout=30)
    conn.request(method, path, body=body, headers=headers or {})
    r = conn.getresponse()
    payload = r.read()
    hdrs = {k.lower(): v for k, v in r.getheaders()}
    conn.close()
    return r.status, hdrs, payload


def auth(name, **extra):
    return dict({'Authorization': 'Bearer ' + TOK[name]}, **extra)


def has_detail(problem, what):
    if not isinstance(problem, dict) or not isinstance(problem.get('detail'), str) \
            or len(problem['detail']) < 10:
        raise AssertionError('%s: no detail sentence in %r' % (what, problem))


@case
def every_problem_has_a_detail():
    answers = {
        '404 unknown path': S.request('GET', '/api/v1/bestaat-niet', token=TOK['zb']),
        '404 unknown address': S.request('GET', '/api/v1/adressen/0014200000009999',
                                         token=TOK['zb']),
        '405 method': S.request('DELETE', '/api/v1/statistieken', token=TOK['zb']),
        '400 fields': S.request('POST', '/api/v1/toestemmingen', token=TOK['svip'],
                                body={'nummeraanduiding_id': A1, 'doel': 'samenloop',
                                      'gegeven_op': 'gisteren', 'onbekend': 1}),
        '401': S.request('GET', '/api/v1/signalen'),
    }
    for what, (status, hdrs, body) in answers.items():
        eq(str(status), what[:3], what + ' status')
        eq(hdrs['content-type'], 'application/problem+json', what + ' type')
        has_detail(body, what)
    if not answers['400 fields'][2].get('errors'):
        raise AssertionError('field errors missing: %r' % (answers['400 fields'][2],))
    with open(os.path.join(os.path.dirname(__file__), '..', '..', 'docs', 'api',
                           'openapi.json')) as f:
        schema = json.load(f)['components']['schemas']['Problem']
    if 'detail' not in schema['required']:
        raise AssertionError('Problem schema: detail not required: %r' % schema['required'])


@case
def head_is_get_without_a_body():
    for path in ('/api/v1/statistieken', '/api/v1/adressen/' + A1, '/api/v1/openapi.json',
                 '/api/v1/bestaat-niet'):
        g = raw('GET', path, auth('zb'))
        h = raw('HEAD', path, auth('zb'))
        eq(h[0], g[0], 'HEAD status of ' + path)
        eq(h[2], b'', 'HEAD body of ' + path)
        eq(h[1].get('content-type'), g[1].get('content-type'), 'HEAD Content-Type of ' + path)
        eq(h[1].get('content-length'), str(len(g[2])), 'HEAD Content-Length of ' + path)
    status, hdrs, _ = raw('OPTIONS', '/api/v1/statistieken', auth('zb'))
    eq((status, hdrs.get('allow')), (405, 'GET, HEAD'), 'Allow names HEAD with GET')


@case
def if_none_match_gets_304_and_if_match_star_matches():
    status, hdrs, _ = raw('GET', '/api/v1/schades/IMG-001', auth('zb'))
    eq(status, 200, 'claim')
    etag = hdrs['etag']
    status, h2, body = raw('GET', '/api/v1/schades/IMG-001', auth('zb', **{'If-None-Match': etag}))
    eq((status, body, h2.get('etag')), (304, b'', etag), '304 with the ETag, no body')
    eq(raw('GET', '/api/v1/schades/IMG-001', auth('zb', **{'If-None-Match': '"999"'}))[0], 200,
       'another ETag: the body')
    status, _, c = S.request('PATCH', '/api/v1/schades/IMG-001', token=TOK['zb'],
                             body={'urgent': True}, headers={'If-Match': '*'})
    eq((status, c.get('versie')), (200, 2), 'If-Match: * changes the current version')
    eq(S.request('PATCH', '/api/v1/schades/IMG-001', token=TOK['zb'], body={'urgent': False},
                 headers={'If-Match': '"1"'})[0], 412, 'an old version still loses')
    eq(raw('GET', '/api/v1/combinatiedossiers/' + A1, auth('zb'))[0], 200, 'dossier')
    status, _, d = S.request('PATCH', '/api/v1/combinatiedossiers/' + A1, token=TOK['zb'],
                             body={'samenwerking': 'gezamenlijke_opname_gepland'},
                             headers={'If-Match': '*'})
    eq(status, 200, 'If-Match: * on a combinatiedossier (%r)' % (d,))


@case
def unauthenticated_gets_www_authenticate():
    status, hdrs, _ = raw('GET', '/api/v1/signalen')
    eq((status, hdrs.get('www-authenticate')), (401, 'Bearer realm="samenloop"'), 'no token')
    status, hdrs, _ = raw('GET', '/api/v1/signalen', {'Authorization': 'Bearer sl_onzin'})
    eq((status, hdrs.get('www-authenticate')),
       (401, 'Bearer realm="samenloop", error="invalid_token"'), 'a bad token')


@case
def location_of_a_201_is_found():
    created = []
    status, hdrs, t = S.request('POST', '/api/v1/toestemmingen', token=TOK['svip'], body={
        'nummeraanduiding_id': A1, 'doel': 'samenloop', 'gegeven_op': '2026-01-15',
        'kanaal': 'post', 'formulier_kenmerk': 'GUO-2026-0042'})
    created.append(('consent', status, hdrs, t, 'svip'))
    status, hdrs, t = S.request('POST', '/api/v1/gebruikers', token=TOK['beheer'], body={
        'naam': 'j.devries', 'rol': 'zaakbegeleider', 'org': 'IMG',
        'wachtwoord': 'een-lang-wachtwoord'})
    created.append(('account', status, hdrs, t, 'beheer'))
    status, hdrs, t = S.request('POST', '/api/v1/gebruikers/j.devries/tokens',
                                token=TOK['beheer'], body={'omschrijving': 'koppeling'})
    created.append(('token', status, hdrs, t, 'beheer'))
    status, hdrs, t = S.request('POST', '/api/v1/verzoeken', token=TOK['svip_img'], body={
        'nummeraanduiding_id': A1, 'type': 'statusuitwisseling', 'doel': 'svip_verzoek',
        'vraag': 'Wat is de stand van de versterking?'})
    created.append(('verzoek', status, hdrs, t, 'svip_img'))
    for what, status, hdrs, made, who in created:
        eq(status, 201, '%s created (%r)' % (what, made))
        loc = hdrs.get('location')
        if not loc:
            raise AssertionError('%s: no Location' % what)
        status, _, found = S.request('GET', loc, token=TOK[who])
        eq(status, 200, '%s: GET %s' % (what, loc))
        items = found.get('items', found.get('toestemmingen')) if isinstance(found, dict) else None
        if isinstance(items, list):
            if made['id'] not in [i.get('id') for i in items]:
                raise AssertionError('%s: %s does not show id %r' % (what, loc, made['id']))
        elif found.get('id', found.get('naam')) != made.get('id', made.get('naam')):
            raise AssertionError('%s: %s shows %r, not %r' % (what, loc, found, made))
    eq(created[2][2]['location'], '/api/v1/tokens/%d' % created[2][3]['id'], 'token Location')


@case
def an_accept_the_server_cannot_meet_is_406():
    for accept, want in (('text/html', 406), ('application/xml', 406),
                         ('application/json;q=0, text/html', 406),
                         ('*/*', 200), ('application/json', 200), ('application/*', 200),
                         ('application/problem+json', 200),
                         ('text/html, application/json;q=0.9', 200)):
        status, _, body = raw('GET', '/api/v1/signalen', auth('zb', Accept=accept))
        eq(status, want, 'Accept: ' + accept)
        if status == 406:
            has_detail(json.loads(body), '406')
    eq(raw('GET', '/metrics', {'Accept': 'text/plain'})[0], 200, 'metrics in text/plain')
    eq(raw('GET', '/api/v1/openapi.yaml', {'Accept': 'application/yaml'})[0], 200, 'YAML')


@case
def unknown_methods_are_501_known_ones_405():
    for method in ('BREW', 'PROPFIND'):
        for path in ('/api/v1/statistieken', '/', '/api/v1/bestaat-niet'):
            status, hdrs, body = raw(method, path, auth('zb'))
            eq(status, 501, '%s %s' % (method, path))
            has_detail(json.loads(body), '501')
    status, hdrs, _ = raw('PUT', '/api/v1/signalen', auth('zb'))
    eq((status, hdrs.get('allow')), (405, 'GET, HEAD'), 'known method, wrong path')


@case
def openapi_is_open_to_every_origin_and_in_yaml():
    status, hdrs, body = raw('GET', '/api/v1/openapi.json')
    eq((status, hdrs.get('access-control-allow-origin')), (200, '*'), 'CORS on the JSON')
    doc = json.loads(body)
    status, hdrs, yml = raw('GET', '/api/v1/openapi.yaml')
    eq((status, hdrs.get('content-type'), hdrs.get('access-control-allow-origin')),
       (200, 'application/yaml', '*'), 'the YAML')
    text = yml.decode('utf-8')
    if text.lstrip().startswith('{') or '\nopenapi: ' not in '\n' + text.split('\n', 1)[1]:
        raise AssertionError('not block YAML: %r' % text[:200])
    try:
        import yaml  # optional: PyYAML where the machine has it
    except ImportError:
        return
    eq(yaml.safe_load(text), doc, 'YAML loads to the same document')


@case
def security_headers_on_api_answers():
    for path in ('/api/v1/statistieken', '/api/v1/bestaat-niet', '/healthz', '/'):
        _, hdrs, _ = raw('GET', path, auth('zb'))
        if "frame-ancestors 'none'" not in hdrs.get('content-security-policy', ''):
            raise AssertionError('%s: CSP %r' % (path, hdrs.get('content-security-policy')))
        eq((hdrs.get('x-frame-options'), hdrs.get('x-content-type-options'),
            hdrs.get('referrer-policy')), ('DENY', 'nosniff', 'no-referrer'), path)
        eq(hdrs.get('strict-transport-security'), None, 'no HSTS without TLS: ' + path)
    with Server(BIN, DATA, extra_args=['--set', 'hsts_seconds=31536000',
                                       '--set', 'web_root=' + WEB]) as s:
        s.start()
        for path in ('/healthz', '/'):
            eq(s.request('GET', path)[1].get('strict-transport-security'), 'max-age=31536000',
               'HSTS behind TLS: ' + path)


@case
def gzip_when_the_client_takes_it():
    gz = {'Accept-Encoding': 'gzip'}
    for path, who in (('/api/v1/openapi.json', None), ('/api/v1/adressen/' + A1, 'zb'),
                      ('/api/v1/adressen/' + A1, 'svip')):  # svip's look is held for the log
        plain = raw('GET', path, auth(who) if who else {})
        status, hdrs, body = raw('GET', path, dict(auth(who) if who else {}, **gz))
        eq((status, hdrs.get('content-encoding'), hdrs.get('vary')),
           (200, 'gzip', 'Accept-Encoding'), 'gzip on ' + path)
        eq(plain[1].get('content-encoding'), None, 'plain without Accept-Encoding')
        eq(plain[1].get('vary'), 'Accept-Encoding', 'Vary without Accept-Encoding')
        if path.endswith('.json'):
            eq(gzip.decompress(body), plain[2], 'the same bytes')
        else:
            eq(json.loads(gzip.decompress(body))['adres'], json.loads(plain[2])['adres'],
               'the same answer')
    status, hdrs, _ = raw('GET', '/healthz', gz)
    eq(hdrs.get('content-encoding'), None, 'a tiny body goes as it is')
    eq(raw('GET', '/api/v1/openapi.json', {'Accept-Encoding': 'gzip;q=0'})[1]
       .get('content-encoding'), None, 'gzip;q=0 is a no')
    status, hdrs, body = raw('GET', '/assets/app-1234.js', gz)
    eq((status, hdrs.get('content-encoding'), hdrs.get('vary')),
       (200, 'gzip', 'Accept-Encoding'), 'a web asset')
    with open(os.path.join(WEB, 'assets', 'app-1234.js'), 'rb') as f:
        eq(gzip.decompress(body), f.read(), 'the asset')
    plain = raw('GET', '/assets/app-1234.js')
    eq(plain[1].get('content-encoding'), None, 'the asset plain')
    if plain[1]['etag'] == hdrs['etag']:
        raise AssertionError('the gzip coding needs its own ETag')
    eq(raw('GET', '/assets/app-1234.js', dict(gz, **{'If-None-Match': hdrs['etag']}))[0], 304,
       'gzip ETag revalidates')
    eq(raw('GET', '/', gz)[1].get('content-encoding'), None, 'a tiny index.html goes as it is')


if __name__ == '__main__':
    try:
        rc = run_cases()
    finally:
        S.stop()
        shutil.rmtree(S.tmp, ignore_errors=True)
        shutil.rmtree(WEB, ignore_errors=True)
    sys.exit(rc)
