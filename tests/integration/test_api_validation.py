#!/usr/bin/env python3
"""Query keys in lowerCamelCase with the old names deprecated, and every field
error of a request reported at once (decisions 106 and 107).

Usage: test_api_validation.py PATH_TO_SAMENLOOP DATA_DIR
- The old snake_case names (per_pagina, img_id, ...) still work until the
  sunset date; an answer to a request that used one carries Deprecation
  (RFC 9745), Sunset (RFC 8594) and a Link to the description; with the new
  names it carries none of them.
- A bad pagina and a bad status come back together; an unknown body field
  comes back together with the missing required ones; a bad path id together
  with a bad ?doel.
- One rule for numeric ids in a path (decision 116): digits without a leading
  zero, else 404 naming the thing; one rule for If-Match (decision 117): a
  weak or garbled tag is 400 on every route, `*` matches.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from api_harness import Server, case, eq, run_cases  # noqa: E402

BIN = os.path.abspath(sys.argv[1])
DATA = os.path.abspath(sys.argv[2])
A1 = '0014200000000001'

S = Server(BIN, DATA, deliveries=('small', 'small2'))
TOK = {
    'zb': S.user('zb', 'zaakbegeleider', '--org', 'IMG'),
    'svip': S.user('svip', 'svip', '--org', 'IMG'),
    'beheer': S.user('beheer', 'beheerder'),
}
S.start()
DEPRECATION = ('deprecation', 'sunset', 'link')


def get(path, who='zb'):
    return S.request('GET', path, token=TOK[who])


def fields(answer):
    status, hdrs, body = answer
    eq(hdrs.get('content-type'), 'application/problem+json', 'a problem')
    return status, sorted(e['veld'] for e in body.get('errors', []))


@case
def old_query_names_work_and_are_announced_deprecated():
    status, hdrs, body = get('/api/v1/adressen?img_id=IMG-001&per_pagina=1')
    eq((status, [a['nummeraanduiding_id'] for a in body['items']], body['per_pagina']),
       (200, [A1], 1), 'img_id and per_pagina still read')
    eq(hdrs.get('deprecation'), '@1796601600', 'Deprecation: the RFC 9745 date')
    eq(hdrs.get('sunset'), 'Thu, 01 Jul 2027 00:00:00 GMT', 'Sunset: an HTTP date')
    eq(hdrs.get('link'), '</api/v1/openapi.json>; rel="deprecation"; type="application/json"',
       'Link to the description')
    # one old name among new ones is enough
    hdrs = get('/api/v1/adressen?imgId=IMG-001&per_pagina=1')[1]
    eq(hdrs.get('sunset'), 'Thu, 01 Jul 2027 00:00:00 GMT', 'old per_pagina with new imgId')
    # an error answer is told too: the client must learn it either way
    status, hdrs, body = get('/api/v1/adressen?ncg_id=')
    eq((status, [e['veld'] for e in body['errors']], 'deprecation' in hdrs),
       (400, ['ncgId'], True), 'error named by its new name, headers on the error')


@case
def new_query_names_carry_no_deprecation():
    status, hdrs, body = get('/api/v1/adressen?imgId=IMG-001&perPagina=1')
    eq((status, [a['nummeraanduiding_id'] for a in body['items']], body['per_pagina']),
       (200, [A1], 1), 'imgId and perPagina')
    eq([h for h in DEPRECATION if h in hdrs], [], 'no deprecation headers')
    status, hdrs, _ = get('/api/v1/adressen?imgId=IMG-001&perPagina=1&img_id=IMG-011')
    eq(status, 200, 'both given: the new name wins')
    eq(hdrs.get('deprecation'), '@1796601600', 'but the old one is still announced')


@case
def a_bad_page_and_a_bad_filter_come_back_together():
    eq(fields(get('/api/v1/signalen?pagina=0&status=zoek')), (400, ['pagina', 'status']),
       'signalen')
    eq(fields(get('/api/v1/signalen?perPagina=501&vervaltVoor=morgen&regel=x')),
       (400, ['perPagina', 'regel', 'vervaltVoor']), 'signalen, three at once')
    eq(fields(get('/api/v1/verzoeken?pagina=x&status=dicht', 'svip')),
       (400, ['pagina', 'status']), 'verzoeken')
    eq(fields(get('/api/v1/adressen?postcode=99&pagina=-1')),
       (400, ['huisnummer', 'pagina', 'postcode']), 'adressen')
    eq(fields(get('/api/v1/toestemmingen?pagina=0')), (400, ['nummeraanduidingId', 'pagina']),
       'toestemmingen: the missing address and the page')


@case
def an_unknown_field_comes_back_with_the_missing_required_ones():
    eq(fields(S.request('POST', '/api/v1/verzoeken', body={'onbekend': 1}, token=TOK['svip'])),
       (400, ['doel', 'nummeraanduiding_id', 'onbekend', 'type', 'vraag']), 'verzoeken')
    eq(fields(S.request('POST', '/api/v1/sessies', body={'naam': 'zb'})),
       (400, ['gebruikersnaam', 'naam', 'wachtwoord']), 'sessies')
    eq(fields(S.request('PUT', '/api/v1/gebruikers/zb/wachtwoord', body={'pw': 'x'},
                        token=TOK['beheer'])), (400, ['pw', 'wachtwoord']), 'wachtwoord')
    eq(fields(S.request('PUT', '/api/v1/gebruikers/zb/weergavenaam',
                        body={'naam': 'x', 'weergavenaam': ' Z. B.'}, token=TOK['beheer'])),
       (400, ['naam', 'weergavenaam']), 'weergavenaam: unknown field and a bad value')


@case
def a_bad_path_id_comes_back_with_a_bad_purpose():
    eq(fields(get('/api/v1/adressen/123?doel=nieuwsgierig')),
       (400, ['doel', 'nummeraanduiding_id']), 'adres: id and doel at once')


@case
def a_numeric_id_has_one_spelling():
    for path, who, what in (('/api/v1/signalen/007', 'zb', 'signaal'),
                            ('/api/v1/signalen/+7', 'zb', 'signaal'),
                            ('/api/v1/signalen/0', 'zb', 'signaal'),
                            ('/api/v1/verzoeken/07', 'svip', 'verzoek'),
                            ('/api/v1/tokens/01', 'beheer', 'token')):
        status, hdrs, body = get(path, who)
        eq((status, body.get('detail')), (404, 'Er is geen %s met dit nummer.' % what), path)


@case
def if_match_reads_the_same_everywhere():
    def patch(if_match):
        return S.request('PATCH', '/api/v1/schades/IMG-001', body={}, token=TOK['zb'],
                         headers={'If-Match': if_match})
    for bad in ('W/"1"', '1abc', '"1", "2"', '"0"'):
        status, hdrs, body = patch(bad)
        eq((status, hdrs.get('content-type'), 'errors' in body),
           (400, 'application/problem+json', False), 'If-Match %s is no versie' % bad)
    # "*" and a versie pass the precondition: what is left is the empty body
    for good in ('*', '1', '"1"'):
        eq(fields(patch(good)), (400, ['']), 'If-Match %s accepted' % good)
    eq(S.request('PATCH', '/api/v1/schades/IMG-001', body={}, token=TOK['zb'])[0], 428,
       'no If-Match on a record: 428')


try:
    rc = run_cases()
finally:
    S.__exit__(None, None, None)
sys.exit(rc)
