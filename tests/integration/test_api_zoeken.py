#!/usr/bin/env python3
"""Finding an address by IMG or NCG number (GET /api/v1/adressen?imgId=|ncgId=).

Usage: test_api_zoeken.py PATH_TO_SAMENLOOP DATA_DIR
A caller finds the address of a claim or trajectory only when the sharing decision
lets them see that part of the dossier (own organisation, statutory samenloop,
consent; a resident only at a linked address); otherwise the list is empty, as
for a number that does not exist. Fixtures as in test_authz_matrix.py: IMG-001 and
NCG-0001 on ...01 (a samenloop in Groningen), IMG-011 on ...10 (claims only),
NCG-0008 on ...08 (a trajectory only).
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from api_harness import Server, case, eq, run_cases  # noqa: E402

BIN = os.path.abspath(sys.argv[1])
DATA = os.path.abspath(sys.argv[2])
A1, A8, A10 = '0014200000000001', '0014200000000008', '0014200000000010'

S = Server(BIN, DATA, deliveries=('small', 'small2'))
TOK = {
    'zb': S.user('zb', 'zaakbegeleider', '--org', 'IMG'),
    'bb': S.user('bb', 'bewonersbegeleider', '--org', 'NCG'),
    'svip': S.user('svip', 'svip', '--org', 'NCG'),
    'coord': S.user('coord', 'coordinator'),
    'bew': S.user('bew', 'bewoner', '--adres', A1),
    'bew8': S.user('bew8', 'bewoner', '--adres', A8),
    'mgmt': S.user('mgmt', 'management'),
    'beheer': S.user('beheer', 'beheerder'),
    'coord2': S.user('coord2', 'coordinator'),
}
S.cli('dossier', 'coordinator', A1, '--name', 'coord', '--by', 'beheer')
S.start()


def found(who, query):
    status, _, body = S.request('GET', '/api/v1/adressen?' + query, token=TOK[who])
    eq(status, 200, '%s %s' % (who, query))
    return [a['nummeraanduiding_id'] for a in body['items']]


@case
def own_organisation_finds_its_records():
    eq(found('zb', 'imgId=IMG-001'), [A1], 'IMG finds its claim in a samenloop')
    eq(found('zb', 'imgId=IMG-011'), [A10], 'IMG finds its claim anywhere')
    eq(found('bb', 'ncgId=NCG-0008'), [A8], 'NCG finds its trajectory anywhere')


@case
def the_other_body_only_with_a_basis():
    eq(found('zb', 'ncgId=NCG-0001'), [A1], 'statutory samenloop: IMG sees the trajectory')
    eq(found('zb', 'ncgId=NCG-0008'), [], 'no samenloop: IMG may not see the trajectory')
    eq(found('bb', 'imgId=IMG-001'), [A1], 'statutory samenloop: NCG sees the claims')
    eq(found('bb', 'imgId=IMG-011'), [], 'no samenloop: NCG may not see the claims')
    eq(found('coord', 'imgId=IMG-001'), [A1], 'coordinator of the dossier, with a basis')
    eq(found('coord2', 'imgId=IMG-001'), [], 'another coordinator: not their dossier')
    eq(found('coord', 'ncgId=NCG-0008'), [], 'coordinator without one')


@case
def same_shape_as_the_postcode_search():
    status, _, by_id = S.request('GET', '/api/v1/adressen?imgId=IMG-001', token=TOK['zb'])
    row = by_id['items'][0]
    status, _, by_pc = S.request('GET', '/api/v1/adressen?postcode=%s&huisnummer=%d%s' % (
        row['postcode'], row['huisnummer'],
        '&huisletter=' + row['huisletter'] if row['huisletter'] else ''), token=TOK['zb'])
    eq(by_pc['items'][0], row, 'the same address object')
    eq(sorted(by_id), ['items', 'pagina', 'per_pagina', 'totaal'], 'paged like every list')


@case
def a_resident_only_their_own():
    eq(found('bew', 'imgId=IMG-001'), [A1], 'own address')
    eq(found('bew', 'ncgId=NCG-0001'), [A1], 'own address, the other track')
    eq(found('bew', 'ncgId=NCG-0008'), [], 'another address')
    eq(found('bew8', 'imgId=IMG-001'), [], 'another address (claim)')


@case
def unknown_numbers_and_roles():
    eq(found('svip', 'imgId=IMG-999999'), [], 'unknown claim')
    eq(found('svip', 'ncgId=bestaat-niet'), [], 'unknown trajectory')
    for who in ('mgmt', 'beheer'):
        eq(S.request('GET', '/api/v1/adressen?imgId=IMG-001', token=TOK[who])[0], 403, who)
    eq(S.request('GET', '/api/v1/adressen?imgId=IMG-001')[0], 401, 'no account')


@case
def bad_queries():
    for q, field in (('imgId=IMG-001&ncgId=NCG-0001', 'imgId'),
                     ('imgId=IMG-001&postcode=9712AB&huisnummer=1', 'imgId'),
                     ('ncgId=', 'ncgId'), ('imgId=' + 'X' * 33, 'imgId'),
                     ('imgId=%01x', 'imgId')):
        status, _, body = S.request('GET', '/api/v1/adressen?' + q, token=TOK['zb'])
        eq((status, [e['veld'] for e in body.get('errors', [])]), (400, [field]), q)


@case
def a_number_alone_lists_its_letters_and_additions():
    # the fixture has Lindelaan 2a and 3-1 (9712AB); 2 and 3 alone find them to choose from
    eq(found('zb', 'postcode=9712AB&huisnummer=2'), ['0014200000000002'], '2 finds 2a')
    eq(found('zb', 'postcode=9712%20ab&huisnummer=3'), ['0014200000000003'], '3 finds 3-1')
    eq(found('zb', 'postcode=9712AB&huisnummer=3&toevoeging=1'), ['0014200000000003'], 'exact')
    eq(found('zb', 'postcode=9712AB&huisnummer=3&toevoeging=2'), [], 'another addition: none')
    # a number is not a prefix of another number: 1 does not find 10 or 12
    eq(all(a == A1 for a in found('zb', 'postcode=9712AB&huisnummer=1')), True, '1 is not 10')


@case
def postcode_and_number_errors_at_their_fields():
    status, _, body = S.request('GET', '/api/v1/adressen?postcode=12&huisnummer=x',
                                token=TOK['zb'])
    eq((status, sorted(e['veld'] for e in body['errors'])), (400, ['huisnummer', 'postcode']),
       'both fields named')
    for e in body['errors']:
        if not isinstance(e['reden'], str) or len(e['reden']) < 8:
            raise AssertionError('no reason in words: %r' % e)


try:
    rc = run_cases()
finally:
    S.__exit__(None, None, None)
sys.exit(rc)
