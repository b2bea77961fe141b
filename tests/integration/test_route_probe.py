#!/usr/bin/env python3
"""Every route of the OpenAPI document x every method x (no login, beheerder, zaakbegeleider).

Usage: test_route_probe.py PATH_TO_SAMENLOOP DATA_DIR REPO_ROOT
Generated from docs/api/openapi.json, so a route added to the document is probed
without touching this file. For each path (parameters filled with an existing id
for a GET, a valid unknown one for a write, so the probe changes nothing that a
later probe reads) and each of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS and
the unknown BREW, without credentials, as a beheerder and as an IMG
zaakbegeleider (who reads addresses, claims and dossiers), it checks:
- an undocumented method: 405 with `Allow` listing exactly the documented methods
  (plus HEAD where GET is documented); BREW: 501 (decision 108);
- a documented method: never 405 or 501 (the document and the server agree);
  without login on a non-public route 401, on a public one never 401; every 401
  with `WWW-Authenticate: Bearer …`;
- every answer: API-Version, X-Content-Type-Options: nosniff, X-Frame-Options,
  CSP frame-ancestors, Trace-Id;
- every 4xx/5xx: application/problem+json with title, status equal to the HTTP
  status and a non-empty detail;
- HEAD: the GET's status and headers, and no body.
Prints every mismatch and 'N passed, N failed' last (N = probes).
"""
import http.client
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from api_harness import Server, load_openapi  # noqa: E402

BIN = os.path.abspath(sys.argv[1])
DATA = os.path.abspath(sys.argv[2])
ROOT = os.path.abspath(sys.argv[3])

METHODS = ('GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'BREW')
HTTP_METHODS = {'get', 'head', 'post', 'put', 'patch', 'delete', 'options', 'trace'}
TARGET = 'probedoel'        # the account the {naam} routes act on
# headers that differ between two answers to the same request by nature
PER_ANSWER = {'date', 'trace-id', 'connection', 'keep-alive'}

# Path parameters. GET/HEAD read existing objects (so their 200 answers are probed
# too); every other method gets an unknown but well-formed one.
EXISTING = {'nummeraanduiding_id': '0014200000000001', 'img_id': 'IMG-001',
            'ncg_id': 'NCG-0001', 'naam': TARGET, 'soort': 'matrix', 'versie': '1'}
UNKNOWN = {'nummeraanduiding_id': '0014200000009999', 'img_id': 'IMG-999',
           'ncg_id': 'NCG-9999', 'naam': 'bestaat.niet', 'id': '999999', 'soort': 'onbekend',
           'versie': '999999'}
EXISTING_IDS = {}           # collection ('/api/v1/tokens') -> an existing {id} in it


def collection(path):
    return path.split('/{', 1)[0]


def raw(port, method, path, token=None):
    conn = http.client.HTTPConnection('127.0.0.1', port, timeout=30)
    headers = {'Authorization': 'Bearer ' + token} if token else {}
    conn.request(method, path, headers=headers)
    r = conn.getresponse()
    body = r.read()
    hdrs = {k.lower(): v for k, v in r.getheaders()}
    conn.close()
    return r.status, hdrs, body


def documented(item):
    """The methods the document declares on a path, upper-case."""
    return {m.upper() for m in item if m in HTTP_METHODS}


def allowed(item):
    doc = documented(item)
    return doc | {'HEAD'} if 'GET' in doc else doc


def is_public(spec, item, method):
    op = item.get(method.lower()) or item.get('get') or {}
    return op.get('security', spec.get('security')) == []


def fill(path, params):
    out = path
    for name, value in params.items():
        out = out.replace('{%s}' % name, value)
    if '{' in out:
        raise AssertionError('no value for a parameter of %s' % path)
    return out


def header_problems(hdrs):
    """The mandatory headers an answer lacks, as sentences."""
    found = []
    for name in ('api-version', 'trace-id', 'x-frame-options'):
        if not hdrs.get(name):
            found.append('no %s' % name)
    if hdrs.get('x-content-type-options', '').lower() != 'nosniff':
        found.append('X-Content-Type-Options %r' % hdrs.get('x-content-type-options'))
    if 'frame-ancestors' not in hdrs.get('content-security-policy', ''):
        found.append('no CSP frame-ancestors')
    return found


def problem_problems(status, hdrs, body, method):
    """What a 4xx/5xx answer lacks to be a problem+json with a detail."""
    ctype = hdrs.get('content-type', '').split(';')[0].strip()
    if ctype != 'application/problem+json':
        return ['Content-Type %r, not application/problem+json' % ctype]
    if method == 'HEAD':
        return []
    try:
        problem = json.loads(body)
    except ValueError:
        return ['problem body is not JSON: %r' % body[:80]]
    found = []
    if not isinstance(problem, dict):
        return ['problem is not an object']
    if not isinstance(problem.get('title'), str) or not problem['title'].strip():
        found.append('no title')
    if problem.get('status') != status:
        found.append('status %r in the body' % problem.get('status'))
    if not isinstance(problem.get('detail'), str) or not problem['detail'].strip():
        found.append('no detail')
    return found


def check(spec, port, path, item, method, who, token):
    """The mismatches of one probe, as sentences (empty: passed)."""
    doc = documented(item)
    params = UNKNOWN
    if method in ('GET', 'HEAD'):
        params = dict(UNKNOWN, **EXISTING)
        params['id'] = EXISTING_IDS.get(collection(path), UNKNOWN['id'])
    url = fill(path, params)
    status, hdrs, body = raw(port, method, url, token)
    found = header_problems(hdrs)
    if method == 'BREW':
        if status != 501:
            found.append('status %d, not 501' % status)
    elif method not in allowed(item):
        if status != 405:
            found.append('status %d, not 405' % status)
        got = {m.strip() for m in hdrs.get('allow', '').split(',') if m.strip()}
        if got != allowed(item):
            found.append('Allow %r, not %s' % (hdrs.get('allow'), sorted(allowed(item))))
    elif status in (405, 501):
        found.append('a documented method answered %d' % status)
    elif token is None and not is_public(spec, item, method):
        if status != 401:
            found.append('status %d, not 401' % status)
    elif token is None and status == 401:
        found.append('a public route asked for a login')
    if status == 401 and not hdrs.get('www-authenticate', '').startswith('Bearer '):
        found.append('WWW-Authenticate %r, not Bearer' % hdrs.get('www-authenticate'))
    if status >= 400:
        found += problem_problems(status, hdrs, body, method)
    if method == 'HEAD' and 'GET' in doc:
        if body:
            found.append('HEAD with a body of %d bytes' % len(body))
        g_status, g_hdrs, _ = raw(port, 'GET', url, token)
        if g_status != status:
            found.append('HEAD %d, GET %d' % (status, g_status))
        for name in sorted((set(g_hdrs) | set(hdrs)) - PER_ANSWER):
            if g_hdrs.get(name) != hdrs.get(name):
                found.append('header %s: GET %r, HEAD %r' % (name, g_hdrs.get(name),
                                                            hdrs.get(name)))
    return ['%s %s %s (%d): %s' % (who, method, url, status, f) for f in found]


def main():
    spec = load_openapi(ROOT)
    s = Server(BIN, DATA)
    with s:
        tokens = {'anoniem': None, 'beheerder': s.user('probe.beheer', 'beheerder'),
                  'zaakbegeleider': s.user('probe.zb', 'zaakbegeleider', '--org', 'IMG')}
        s.user(TARGET, 'planner', '--org', 'NCG')
        # a second token: DELETE /sessies/huidig ends the session it is sent with
        ending = {who: s.cli('token', 'create', '--user', user).stdout.strip()
                  for who, user in (('beheerder', 'probe.beheer'), ('zaakbegeleider', 'probe.zb'))}
        s.start()
        _, _, toks = s.request('GET', '/api/v1/gebruikers/%s/tokens' % TARGET,
                               token=tokens['beheerder'])
        items = toks.get('items', toks) if isinstance(toks, dict) else toks
        if items:
            EXISTING_IDS['/api/v1/tokens'] = str(items[0]['id'])
        passed, failures = 0, []
        for path, item in spec['paths'].items():
            for method in METHODS:
                for who, token in tokens.items():
                    if token and method == 'DELETE':
                        token = ending[who]
                    found = check(spec, s.port, path, item, method, who, token)
                    if found:
                        failures.append(found)
                    else:
                        passed += 1
        for found in failures:
            for line in found:
                print('FAILED ' + line)
        print('%d passed, %d failed' % (passed, len(failures)))
        return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
