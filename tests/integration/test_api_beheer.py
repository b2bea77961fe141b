#!/usr/bin/env python3
"""The beheer API: accounts (/api/v1/gebruikers) and API tokens, on a real server.

Usage: test_api_beheer.py PATH_TO_SAMENLOOP DATA_DIR
Checks: beheerder only (every other role 403, no account 401); creating an account
with the CLI's rules (409 for a taken name, 400 naming the field); the password is
never answered, logged or written to stderr; tokens (secret once, list without it,
revoke, 409 again); deactivating (tokens and login stop, sessions end, not oneself)
and reactivating; a password reset; every change in the processing log, without a
secret, and the chain intact.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from api_harness import Server, case, eq, run_cases  # noqa: E402

BIN = os.path.abspath(sys.argv[1])
DATA = os.path.abspath(sys.argv[2])
PW = 'een-lang-wachtwoord'
NEW_PW = 'nieuw-geheim-wachtwoord-42'
A1 = '0014200000000001'

S = Server(BIN, DATA)
TOK = {
    'beheer': S.user('beheer', 'beheerder'),
    'beheer2': S.user('beheer2', 'beheerder'),
    'zb': S.user('zb', 'zaakbegeleider', '--org', 'IMG'),
    'mgmt': S.user('mgmt', 'management'),
    'bew': S.user('bew', 'bewoner', '--adres', A1),
    'gm': S.user('gm', 'gemeente', '--gemeente', '0014'),
}
S.start()
SECRETS = [PW, NEW_PW]   # every secret the test hands out; none may show up anywhere


def req(method, path, body=None, who='beheer', **kw):
    return S.request(method, path, body=body, token=TOK.get(who), **kw)


def login(name, password):
    status, hdrs, body = S.request('POST', '/api/v1/sessies', body={
        'gebruikersnaam': name, 'wachtwoord': password})
    if status != 201:
        return status, None, None
    return status, hdrs['set-cookie'].split(';', 1)[0], body['csrf_token']


@case
def only_the_beheerder():
    routes = [('GET', '/api/v1/gebruikers', None), ('GET', '/api/v1/gebruikers/zb', None),
              ('POST', '/api/v1/gebruikers', {'naam': 'x1', 'rol': 'planner',
                                              'wachtwoord': PW}),
              ('POST', '/api/v1/gebruikers/zb/deactivering', None),
              ('POST', '/api/v1/gebruikers/zb/activering', None),
              ('PUT', '/api/v1/gebruikers/zb/wachtwoord', {'wachtwoord': NEW_PW}),
              ('PUT', '/api/v1/gebruikers/zb/weergavenaam', {'weergavenaam': 'Z. Begeleider'}),
              ('GET', '/api/v1/gebruikers/zb/tokens', None),
              ('POST', '/api/v1/gebruikers/zb/tokens', None),
              ('POST', '/api/v1/tokens/1/intrekking', None)]
    for method, path, body in routes:
        for who in ('zb', 'mgmt', 'bew', 'gm'):
            eq(req(method, path, body, who=who)[0], 403, '%s %s as %s' % (method, path, who))
        eq(req(method, path, body, who='anon')[0], 401, '%s %s without account' % (method, path))
    eq(login('zb', PW)[0], 201, 'zb still logs in with the old password (nothing changed)')


@case
def list_and_get():
    status, _, body = req('GET', '/api/v1/gebruikers?perPagina=2')
    eq(status, 200, 'list')
    eq((body['pagina'], body['per_pagina'], len(body['items'])), (1, 2, 2), 'paged')
    if body['totaal'] < 6:
        raise AssertionError('totaal %r' % body['totaal'])
    status, _, body = req('GET', '/api/v1/gebruikers/BEW')    # names are case-insensitive
    eq(status, 200, 'get')
    eq({k: body[k] for k in ('naam', 'rol', 'org', 'gemeentecode', 'adressen', 'actief')},
       {'naam': 'bew', 'rol': 'bewoner', 'org': None, 'gemeentecode': None, 'adressen': [A1],
        'actief': True}, 'account')
    if not body['aangemaakt_op'].endswith('Z') or 'wachtwoord' in str(body).lower():
        raise AssertionError('shape: %r' % body)
    eq(req('GET', '/api/v1/gebruikers/bestaat-niet')[0], 404, 'unknown')
    eq(req('GET', '/api/v1/gebruikers/geen%20naam')[0], 404, 'malformed name')


@case
def create_account():
    body = {'naam': 'j.devries', 'rol': 'zaakbegeleider', 'org': 'IMG', 'wachtwoord': PW}
    status, hdrs, out = req('POST', '/api/v1/gebruikers', body)
    eq(status, 201, 'created')
    eq(hdrs.get('location'), '/api/v1/gebruikers/j.devries', 'Location')
    eq({k: out[k] for k in ('naam', 'weergavenaam', 'rol', 'org', 'gemeentecode', 'adressen',
                            'actief')},
       {'naam': 'j.devries', 'weergavenaam': None, 'rol': 'zaakbegeleider', 'org': 'IMG',
        'gemeentecode': None, 'adressen': [], 'actief': True}, 'answer')
    status, _, out = req('POST', '/api/v1/gebruikers', {
        'naam': 'k.postma', 'weergavenaam': 'K. Postma', 'rol': 'zaakbegeleider', 'org': 'IMG',
        'wachtwoord': PW})
    eq((status, out.get('weergavenaam')), (201, 'K. Postma'), 'with the name deliveries use')
    if PW in str(out) or 'wachtwoord' in out:
        raise AssertionError('the password came back')
    eq(login('j.devries', PW)[0], 201, 'the new account logs in')
    eq(req('POST', '/api/v1/gebruikers', dict(body, naam='J.DeVries'))[0], 409, 'name taken')
    status, _, out = req('POST', '/api/v1/gebruikers', {
        'naam': 'h.bakker', 'rol': 'bewoner', 'adressen': [A1, '0014200000000002'],
        'wachtwoord': PW})
    eq((status, out.get('adressen')), (201, [A1, '0014200000000002']), 'a resident')
    status, _, out = req('POST', '/api/v1/gebruikers', {
        'naam': 'g.gemeente', 'rol': 'gemeente', 'gemeentecode': '1979', 'org': None,
        'wachtwoord': PW})
    eq((status, out.get('gemeentecode')), (201, '1979'), 'a municipality')


@case
def create_account_refusals():
    cases = [
        ({'naam': 'x2', 'rol': 'zaakbegeleider', 'wachtwoord': PW}, None),    # needs org IMG
        ({'naam': 'x3', 'rol': 'planner', 'wachtwoord': 'kort'}, None),
        ({'naam': 'x4', 'rol': 'koning', 'wachtwoord': PW}, 'rol'),
        ({'naam': 'x5', 'rol': 'planner', 'org': 'ABC', 'wachtwoord': PW}, 'org'),
        ({'naam': 'x6', 'rol': 'bewoner', 'adressen': ['123'], 'wachtwoord': PW}, 'adressen'),
        ({'naam': 'x7', 'rol': 'bewoner', 'adressen': ['0014200099999999'],
          'wachtwoord': PW}, None),                                             # not in register
        ({'naam': 'x8', 'rol': 'gemeente', 'gemeentecode': '12', 'wachtwoord': PW}, None),
        ({'naam': 'met spatie', 'rol': 'planner', 'wachtwoord': PW}, None),
        ({'naam': 'x9', 'rol': 'planner'}, 'wachtwoord'),
        ({'rol': 'planner', 'wachtwoord': PW}, 'naam'),
        ({'naam': 'x10', 'rol': 'planner', 'wachtwoord': PW, 'admin': True}, 'admin'),
        ({'naam': 'x11', 'rol': 'planner', 'wachtwoord': 123456789012}, 'wachtwoord'),
        ({'naam': 'x12', 'rol': 'planner', 'wachtwoord': PW, 'weergavenaam': 'a\tb'},
         'weergavenaam'),
        ({'naam': 'x13', 'rol': 'planner', 'wachtwoord': PW, 'weergavenaam': 12},
         'weergavenaam'),
    ]
    for body, field in cases:
        status, hdrs, out = req('POST', '/api/v1/gebruikers', body)
        eq((status, hdrs['content-type']), (400, 'application/problem+json'), repr(body))
        if field:
            eq(field in [e['veld'] for e in out.get('errors', [])], True,
               '%r names %s: %r' % (body, field, out))
        elif not out.get('detail'):
            raise AssertionError('%r: no detail' % body)
        if PW in str(out):
            raise AssertionError('the password came back in an error')
    status, _, _ = req('GET', '/api/v1/gebruikers/x2')
    eq(status, 404, 'nothing was made')


@case
def tokens():
    eq(req('POST', '/api/v1/gebruikers', {'naam': 'bron.img', 'rol': 'datasteward',
                                          'org': 'IMG', 'wachtwoord': PW})[0], 201, 'account')
    status, hdrs, out = req('POST', '/api/v1/gebruikers/bron.img/tokens',
                            {'omschrijving': 'koppeling zaaksysteem'})
    eq(status, 201, 'token created')
    token = out['token']
    SECRETS.append(token)
    eq((token[:3], len(token)), ('sl_', 46), 'token shape')
    eq({k: out[k] for k in ('gebruiker', 'omschrijving', 'ingetrokken_op', 'laatst_gebruikt_op')},
       {'gebruiker': 'bron.img', 'omschrijving': 'koppeling zaaksysteem', 'ingetrokken_op': None,
        'laatst_gebruikt_op': None}, 'token answer')
    status, _, me = S.request('GET', '/api/v1/sessies/huidig', token=token)
    eq((status, me['gebruiker']['naam']), (200, 'bron.img'), 'the token works')
    # without a body: no description
    status, _, out2 = req('POST', '/api/v1/gebruikers/bron.img/tokens')
    eq((status, out2['omschrijving']), (201, ''), 'token without a body')
    SECRETS.append(out2['token'])
    status, _, lst = req('GET', '/api/v1/gebruikers/bron.img/tokens')
    eq((status, [t['id'] for t in lst['items']]), (200, [out['id'], out2['id']]), 'list')
    for t in lst['items']:
        if 'token' in t or 'hash' in t or token in str(t):
            raise AssertionError('a secret in the list: %r' % t)
    if lst['items'][0]['laatst_gebruikt_op'] is None:
        raise AssertionError('last use not shown')
    status, _, rev = req('POST', '/api/v1/tokens/%d/intrekking' % out['id'])
    eq(status, 200, 'revoked')
    if not rev['ingetrokken_op'] or rev['gebruiker'] != 'bron.img':
        raise AssertionError('revoke answer: %r' % rev)
    eq(S.request('GET', '/api/v1/sessies/huidig', token=token)[0], 401, 'revoked token')
    eq(req('POST', '/api/v1/tokens/%d/intrekking' % out['id'])[0], 409, 'again')
    eq(req('POST', '/api/v1/tokens/999999/intrekking')[0], 404, 'unknown token')
    eq(req('POST', '/api/v1/tokens/abc/intrekking')[0], 404, 'not a number')
    eq(req('GET', '/api/v1/gebruikers/niemand/tokens')[0], 404, 'unknown account')
    eq(req('POST', '/api/v1/gebruikers/niemand/tokens')[0], 404, 'unknown account (create)')
    eq(req('POST', '/api/v1/gebruikers/bron.img/tokens', {'omschrijving': 'x' * 201})[0], 400,
       'description too long')


@case
def deactivate_and_reactivate():
    eq(req('POST', '/api/v1/gebruikers', {'naam': 'tijdelijk', 'rol': 'planner',
                                          'wachtwoord': PW})[0], 201, 'account')
    _, _, t = req('POST', '/api/v1/gebruikers/tijdelijk/tokens')
    SECRETS.append(t['token'])
    _, cookie, _ = login('tijdelijk', PW)
    eq(S.request('GET', '/api/v1/sessies/huidig', headers={'Cookie': cookie})[0], 200,
       'session works')
    status, _, out = req('POST', '/api/v1/gebruikers/tijdelijk/deactivering')
    eq((status, out['actief']), (200, False), 'deactivated')
    eq(S.request('GET', '/api/v1/sessies/huidig', token=t['token'])[0], 401, 'token stops')
    eq(S.request('GET', '/api/v1/sessies/huidig', headers={'Cookie': cookie})[0], 401,
       'session stops')
    eq(login('tijdelijk', PW)[0], 401, 'login refused')
    eq(req('POST', '/api/v1/gebruikers/tijdelijk/tokens')[0], 409, 'no token for an inactive')
    eq(req('POST', '/api/v1/gebruikers/tijdelijk/deactivering')[0], 200, 'twice is fine')
    status, _, out = req('POST', '/api/v1/gebruikers/tijdelijk/activering')
    eq((status, out['actief']), (200, True), 'reactivated')
    eq(S.request('GET', '/api/v1/sessies/huidig', token=t['token'])[0], 200, 'token works again')
    eq(S.request('GET', '/api/v1/sessies/huidig', headers={'Cookie': cookie})[0], 401,
       'the old session stays ended')
    eq(login('tijdelijk', PW)[0], 201, 'login again')
    eq(req('POST', '/api/v1/gebruikers/beheer/deactivering')[0], 409, 'not oneself')
    eq(req('POST', '/api/v1/gebruikers/niemand/deactivering')[0], 404, 'unknown')


@case
def password_reset():
    eq(req('POST', '/api/v1/gebruikers', {'naam': 'vergeten', 'rol': 'planner',
                                          'wachtwoord': PW})[0], 201, 'account')
    _, cookie, _ = login('vergeten', PW)
    status, _, body = req('PUT', '/api/v1/gebruikers/vergeten/wachtwoord',
                          {'wachtwoord': NEW_PW})
    eq((status, body), (204, ''), 'reset')
    eq(login('vergeten', PW)[0], 401, 'old password')
    eq(login('vergeten', NEW_PW)[0], 201, 'new password')
    eq(S.request('GET', '/api/v1/sessies/huidig', headers={'Cookie': cookie})[0], 401,
       'sessions ended')
    eq(req('PUT', '/api/v1/gebruikers/vergeten/wachtwoord', {'wachtwoord': 'kort'})[0], 400,
       'too short')
    eq(req('PUT', '/api/v1/gebruikers/vergeten/wachtwoord', {})[0], 400, 'missing')
    eq(req('PUT', '/api/v1/gebruikers/niemand/wachtwoord', {'wachtwoord': NEW_PW})[0], 404,
       'unknown')


@case
def browser_session_needs_csrf():
    _, cookie, csrf = login('beheer2', PW)
    body = {'naam': 'via.browser', 'rol': 'planner', 'wachtwoord': PW}
    eq(S.request('POST', '/api/v1/gebruikers', body=body, headers={'Cookie': cookie})[0], 403,
       'without X-CSRF-Token')
    eq(S.request('POST', '/api/v1/gebruikers', body=body,
                 headers={'Cookie': cookie, 'X-CSRF-Token': csrf})[0], 201, 'with it')


@case
def changes_are_logged_without_secrets():
    items, page = [], 1
    while True:
        status, _, log = req('GET', '/api/v1/logboek?perPagina=500&pagina=%d' % page)
        eq(status, 200, 'log')
        items += log['items']
        if len(items) >= log['totaal'] or not log['items']:
            break
        page += 1
    mine = [r for r in items if r['doel'] == 'accountbeheer']
    cats = [c for r in mine for c in r['categorieen']]   # a list in the JSON
    for want in ('gebruiker=j.devries:aangemaakt', 'gebruiker=tijdelijk:gedeactiveerd',
                 'gebruiker=tijdelijk:geactiveerd', 'gebruiker=vergeten:wachtwoord'):
        eq(want in cats, True, want + ' logged')
    eq(sum(1 for c in cats if c == 'gebruiker=tijdelijk:gedeactiveerd'), 1,
       'a deactivation that changed nothing is not logged')
    eq(any(c.startswith('token=') and c.endswith(':aangemaakt') for c in cats), True,
       'token creation logged')
    eq(any(c.startswith('token=') and c.endswith(':ingetrokken') for c in cats), True,
       'token revocation logged')
    for r in mine:
        eq((r['gebruiker'], r['rol'], r['actie'], r['grondslag'], r['nummeraanduiding_id']),
           (r['gebruiker'], 'beheerder', 'wijziging', 'beheertaak', None), 'record %r' % r)
    text = str(items)
    for secret in SECRETS:
        if secret in text:
            raise AssertionError('a secret is in the log')
    p = S.cli('logboek', 'verify', check=False)
    eq(p.returncode, 0, 'chain intact: %s' % p.stdout)


try:
    rc = run_cases()
finally:
    err = S.stop()
    for secret in SECRETS:
        if secret in (err or ''):
            print('FAILED a secret reached the server log')
            rc = 1
    S.__exit__(None, None, None)
sys.exit(rc)
