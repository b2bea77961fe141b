#!/usr/bin/env python3
"""Lawful sharing over HTTP: what each account sees of a dossier, on which
basis, and that every view across the organisation boundary is in the
processing log.

Usage: test_api_sharing.py PATH_TO_SAMENLOOP DATA_DIR
Address 1 of the fixture (Groningen 0014) is samenloop: an open trajectory
(step 1.2) and an undecided claim (voorbereiding). Prints 'N passed, N failed'.
"""
import os
import sqlite3
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from api_harness import Server, case, eq, run_cases  # noqa: E402

BIN = os.path.abspath(sys.argv[1])
DATA = os.path.abspath(sys.argv[2])
A1, A2 = '0014200000000001', '0014200000000002'




def withheld(body):
    return sorted(x['onderdeel'] for x in body['afgeschermd'])


@case
def statutory_municipality_shows_the_other_track_and_logs_it():
    with Server(BIN, DATA) as s:
        zb = s.user('k.postma', 'zaakbegeleider', '--org', 'IMG')
        beheer = s.user('privacy', 'beheerder')
        s.start()
        status, _, body = s.request('GET', '/api/v1/adressen/' + A1, token=zb)
        eq(status, 200, 'dossier')
        eq(body['traject']['ncg_id'], 'NCG-0001', 'NCG trajectory shown to IMG')
        eq(body['grondslag'], {'schades': 'eigen_organisatie',
                               'traject': 'wettelijke_taak_samenloop'}, 'bases')
        if 'bewonersbegeleider' not in body['traject'] or 'keuze_bewoner' in body['traject']:
            raise AssertionError('fields not cut to the purpose: %r' % body['traject'])
        eq(withheld(body), [], 'nothing withheld')
        status, _, log = s.request('GET', '/api/v1/logboek?nummeraanduiding_id=' + A1,
                                   token=beheer)
        eq(status, 200, 'log readable by the beheerder')
        views = [r for r in log['items'] if r['gebruiker'] == 'k.postma']
        eq(len(views), 1, 'one log record for the view')
        eq((views[0]['org'], views[0]['doel'], views[0]['grondslag']),
           ('IMG', 'samenloop', 'wettelijke_taak_samenloop'), 'log record')
        # written by the group commit: the look log's chain, in its file beside the register
        eq((views[0]['keten'], views[0]['id']), ('inzage', 1), 'chain of the view')
        con = sqlite3.connect(s.db + '-inzage')
        eq(con.execute('SELECT gebruiker FROM logboek').fetchall(), [('k.postma',)],
           'the look log holds the view')
        con.close()
        _, _, metrics = s.request('GET', '/metrics')
        if 'samenloop_logboek_records_total 1\n' not in metrics:
            raise AssertionError('metrics lack the committed record: %s' % metrics)
        verify = s.cli('logboek', 'verify')
        eq(verify.returncode, 0, 'both chains verify')
        if 'keten inzage: 1 records' not in verify.stdout:
            raise AssertionError('verify does not report the look chain: %r' % verify.stdout)


@case
def elsewhere_only_with_consent_until_withdrawn():
    with Server(BIN, DATA, extra_args=['--set', 'statutory_gemeenten=1979']) as s:
        zb = s.user('k.postma', 'zaakbegeleider', '--org', 'IMG')
        svip = s.user('svip.ncg', 'svip', '--org', 'NCG')
        beheer = s.user('privacy', 'beheerder')
        s.start()
        status, _, body = s.request('GET', '/api/v1/adressen/' + A1, token=zb)
        eq((status, body['traject']), (200, None), 'no basis: trajectory withheld')
        if 'traject' not in withheld(body) or not body['afgeschermd'][0]['reden']:
            raise AssertionError('withheld part not named with a reason: %r' % body)
        eq(len(body['schades']), 1, 'own claims still shown')
        status, hdrs, t = s.request('POST', '/api/v1/toestemmingen', token=svip, body={
            'nummeraanduiding_id': A1, 'doel': 'samenloop', 'gegeven_op': '2026-01-15'})
        eq(status, 201, 'consent recorded')
        if not t.get('id') or not hdrs.get('location'):
            raise AssertionError('no id or Location: %r %r' % (t, hdrs))
        status, _, body = s.request('GET', '/api/v1/adressen/' + A1, token=zb)
        eq(body['grondslag'].get('traject'), 'toestemming', 'shown on consent')
        status, _, w = s.request('POST', '/api/v1/toestemmingen/%d/intrekking' % t['id'],
                                 token=svip, headers={'If-Match': '"999"'})
        eq(status, 412, 'stale If-Match')
        status, _, w = s.request('POST', '/api/v1/toestemmingen/%d/intrekking' % t['id'],
                                 token=svip)
        eq((status, w['status']), (200, 'ingetrokken'), 'withdrawn')
        status, _, body = s.request('GET', '/api/v1/adressen/' + A1, token=zb)
        eq(body['traject'], None, 'withheld again after withdrawal')
        status, _, log = s.request('GET', '/api/v1/logboek?nummeraanduiding_id=' + A1,
                                   token=beheer)
        views = [(r['gebruiker'], r['grondslag']) for r in log['items']
                 if r['gebruiker'] == 'k.postma']
        eq(views, [('k.postma', 'toestemming')], 'only the consented view is a cross-org read')
        sig = s.cli('signals', 'list', '--json', '--rule', '9').stdout
        if A1 not in sig:
            raise AssertionError('rule 9 not raised on withdrawal: %s' % sig)
        eq(s.cli('logboek', 'verify').returncode, 0, 'the chain verifies')


@case
def resident_sees_own_address_only():
    with Server(BIN, DATA) as s:
        res = s.user('bewoner1', 'bewoner', '--adres', A1)
        s.start()
        status, _, body = s.request('GET', '/api/v1/adressen/' + A1, token=res)
        eq(status, 200, 'own dossier')
        if body['traject'] is None or body['schades'] is None:
            raise AssertionError('resident does not see both tracks: %r' % body['afgeschermd'])
        for other in (A2, '0014200000009999'):
            status, hdrs, body = s.request('GET', '/api/v1/adressen/' + other, token=res)
            eq(status, 404, 'another address is not found: ' + other)
        eq(s.request('GET', '/api/v1/logboek?nummeraanduiding_id=' + A1, token=res)[0], 200,
           'own log')
        eq(s.request('GET', '/api/v1/logboek?nummeraanduiding_id=' + A2, token=res)[0], 404,
           'log of another address')
        status, _, body = s.request('GET', '/api/v1/adressen?postcode=9712AB&huisnummer=2&huisletter=a',
                                    token=res)
        eq((status, body['items']), (200, []), 'search does not reveal other addresses')


@case
def management_and_unknown_roles_see_no_personal_data():
    with Server(BIN, DATA) as s:
        mgmt = s.user('m.beheer', 'management')
        planner = s.user('p.lanner', 'planner')
        steward = s.user('d.steward', 'datasteward', '--org', 'IMG')
        s.start()
        for tok, who in ((mgmt, 'management'), (planner, 'planner'), (steward, 'datasteward')):
            eq(s.request('GET', '/api/v1/adressen/' + A1, token=tok)[0], 403, who + ' dossier')
            eq(s.request('GET', '/api/v1/adressen?postcode=9712AB&huisnummer=1', token=tok)[0],
               403, who + ' search')
            eq(s.request('GET', '/api/v1/logboek', token=tok)[0], 403, who + ' log')
            eq(s.request('GET', '/api/v1/signalen', token=tok)[0], 403, who + ' signals')


@case
def search_by_postcode_and_house_number():
    with Server(BIN, DATA) as s:
        zb = s.user('k.postma', 'zaakbegeleider', '--org', 'IMG')
        s.start()
        for q in ('postcode=9712%20ab&huisnummer=2a', 'postcode=9712AB&huisnummer=2-A',
                  'postcode=9712ab&huisnummer=2&huisletter=a'):
            status, _, body = s.request('GET', '/api/v1/adressen?' + q, token=zb)
            eq([x['nummeraanduiding_id'] for x in body['items']], [A2], q)
        status, _, body = s.request('GET', '/api/v1/adressen?postcode=9712SA&huisnummer=0',
                                    token=zb)
        eq(status, 400, 'bad postcode and number')
        eq(sorted(e['veld'] for e in body['errors']), ['huisnummer', 'postcode'], 'both named')


if __name__ == '__main__':
    sys.exit(run_cases())
