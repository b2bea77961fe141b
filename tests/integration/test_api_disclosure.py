#!/usr/bin/env python3
"""The disclosure gate over HTTP (issue 12): signals composed per viewer, residents without
staff texts, coordinators and the interventieteam only their own dossiers, and the other
body's case numbers as unknown ones.

Usage: test_api_disclosure.py PATH_TO_SAMENLOOP DATA_DIR
Fixture (small, then small2): rule 1 on ...07 to IMG (zaakbegeleider T. Wiersma) and NCG
(bewonersbegeleider G. Kok); rule 3 on ...01; rule 5 (an AOS claim) on ...10, which has
claims only, to NCG's SVIP; rule 6 on ...03. "Not statutory here" is the server run with
statutory_gemeenten=1979, so that Groningen (0014) is like Stadskanaal: no statutory
basis, and no consent. Prints 'N passed, N failed'.
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from api_harness import FILES, Server, case, eq, run_cases  # noqa: E402

BIN = os.path.abspath(sys.argv[1])
DATA = os.path.abspath(sys.argv[2])
A1, A3, A7, A10 = ('0014200000000001', '0014200000000003', '0014200000000007',
                   '0014200000000010')
NOT_STATUTORY = ['--set', 'statutory_gemeenten=1979']
NEUTRAL = 'Er is ook een traject bij de andere organisatie'


def log_of(s, token, address):
    status, _, body = s.request('GET', '/api/v1/logboek?nummeraanduidingId=' + address,
                                token=token)
    eq(status, 200, 'log of %s' % address)
    return body['items']


def signals(s, token, query=''):
    status, _, body = s.request('GET', '/api/v1/signalen' + query, token=token)
    eq(status, 200, 'signals %s' % query)
    return body['items']


def cli_signal(s, rule):
    """The id of the (first) signal of a rule, as the operator's CLI sees it."""
    return json.loads(s.cli('signals', 'list', '--json', '--rule', str(rule)).stdout)[0]['id']


def persons(sig):
    return sorted(a['persoon'] for a in sig['aan'] if a['persoon'])


@case
def without_a_basis_a_signal_says_neither_what_nor_whom():
    with Server(BIN, DATA, deliveries=('small', 'small2'), extra_args=NOT_STATUTORY) as s:
        zb = s.user('t.wiersma', 'zaakbegeleider', '--org', 'IMG')
        beheer = s.user('privacy', 'beheerder')
        s.start()
        items = signals(s, zb)
        eq(sorted(x['regel'] for x in items), [1],
           'only the rule that can be said neutrally (3 and 6 tell a phase or an urgency)')
        sig = items[0]
        eq(sig['nummeraanduiding_id'], A7, 'rule 1 on ...07')
        if not sig['tekst'].startswith(NEUTRAL) or 'versterking' in sig['tekst']:
            raise AssertionError('not the neutral text: %r' % sig['tekst'])
        eq(persons(sig), ['T. Wiersma'], 'IMG\'s own person only: no NCG resident guide')
        eq(sig['variant'], '', 'no variant')
        if not sig.get('weerhouden'):
            raise AssertionError('the neutral form does not say why: %r' % sig)
        status, _, one = s.request('GET', '/api/v1/signalen/%d' % sig['id'], token=zb)
        eq((status, one['tekst'], persons(one)), (200, sig['tekst'], ['T. Wiersma']),
           'the single signal is cut the same way')
        # acting on it answers the cut signal too: the change is logged, no look is
        status, _, moved = s.request('POST', '/api/v1/signalen/%d/bevestiging' % sig['id'],
                                     token=zb)
        eq((status, moved['status'], persons(moved)), (200, 'bevestigd', ['T. Wiersma']),
           'acknowledged, still without the NCG person')
        mine = [r for r in log_of(s, beheer, A7) if r['gebruiker'] == 't.wiersma']
        eq([r['actie'] for r in mine], ['wijziging'], 'the acknowledgement is logged as a change')
        eq(mine[0]['categorieen'], ['signaal:status'], 'of the signal\'s status only')
        # signals of other rules on addresses without a basis are as unknown
        rid = cli_signal(s, 3)
        eq(s.request('GET', '/api/v1/signalen/%d' % rid, token=zb)[0], 404,
           'rule 3 without a basis: not found')


@case
def with_a_basis_the_full_signal_and_a_log_record_per_address():
    with Server(BIN, DATA, deliveries=('small', 'small2')) as s:
        zb = s.user('t.wiersma', 'zaakbegeleider', '--org', 'IMG')
        beheer = s.user('privacy', 'beheerder')
        s.start()
        items = signals(s, zb)
        eq(sorted(x['regel'] for x in items), [1, 3, 6], 'statutory samenloop: all of IMG\'s')
        rule1 = [x for x in items if x['regel'] == 1][0]
        if 'versterkingstraject' not in rule1['tekst'] or 'weerhouden' in rule1:
            raise AssertionError('not the full text: %r' % rule1)
        eq(persons(rule1), ['G. Kok', 'T. Wiersma'], 'the NCG resident guide is named')
        recs = [r for r in log_of(s, beheer, A7) if r['gebruiker'] == 't.wiersma']
        eq([(r['doel'], r['grondslag'], r['categorieen'], r['actie']) for r in recs],
           [('samenloop', 'wettelijke_taak_samenloop', ['traject:id', 'traject:contact'],
             'inzage')],
           'one record for the signal shown across, naming the categories shown')
        # the page of three signals on three addresses: one record per address, not more
        for a, cats in ((A1, ['traject:status', 'traject:contact']),
                        (A3, ['traject:status', 'traject:kenmerken'])):
            got = [r['categorieen'] for r in log_of(s, beheer, a) if r['gebruiker'] == 't.wiersma']
            eq(got, [cats], 'record for %s' % a)
        signals(s, zb, '?regel=1')
        recs = [r for r in log_of(s, beheer, A7) if r['gebruiker'] == 't.wiersma']
        eq(len(recs), 2, 'every showing is logged again')
        verify = s.cli('logboek', 'verify')
        eq(verify.returncode, 0, 'the chain holds')


@case
def rule_5_to_ncg_only_with_a_basis():
    with Server(BIN, DATA, deliveries=('small', 'small2')) as s:
        svip = s.user('svip.ncg', 'svip', '--org', 'NCG')
        bew = s.user('b.woner', 'bewoner', '--adres', A10)
        beheer = s.user('privacy', 'beheerder')
        s.start()
        eq(signals(s, svip, '?regel=5'), [], 'an AOS at IMG without a basis: not told to NCG')
        rid = cli_signal(s, 5)
        eq(s.request('GET', '/api/v1/signalen/%d' % rid, token=svip)[0], 404, 'not found')
        eq([r for r in log_of(s, beheer, A10) if r['gebruiker'] == 'svip.ncg'], [],
           'nothing logged')
        # the resident consents to working together: now NCG may be told
        status, _, _ = s.request('POST', '/api/v1/toestemmingen', token=bew, body={
            'nummeraanduiding_id': A10, 'doel': 'samenloop', 'gegeven_op': '2026-01-15'})
        eq(status, 201, 'the resident gives consent')
        items = signals(s, svip, '?regel=5')
        eq([x['id'] for x in items], [rid], 'with consent: shown')
        if 'AOS' not in items[0]['tekst']:
            raise AssertionError('not the full text: %r' % items[0])
        recs = [(r['grondslag'], r['categorieen']) for r in log_of(s, beheer, A10)
                if r['gebruiker'] == 'svip.ncg']
        eq(recs, [('toestemming', ['schades:status', 'schades:kenmerken'])], 'and logged')


@case
def residents_see_no_staff_texts():
    with Server(BIN, DATA, deliveries=('small', 'small2')) as s:
        s.cli('sweep', '--today', '2030-01-01')  # rule 8: a note for the interventieteam
        bew = s.user('b.woner', 'bewoner', '--adres', A1)
        s.start()
        status, _, raw = s.request('GET', '/api/v1/adressen/' + A1, token=bew)
        eq(status, 200, 'own dossier')
        eq(raw['signalen'], None, 'no signals for a resident')
        text = repr(raw)
        for staff_text in ('interventieteam', 'gezamenlijke opname is mogelijk'):
            if staff_text in text:
                raise AssertionError('staff text %r in the resident\'s dossier' % staff_text)
        eq(s.request('GET', '/api/v1/signalen', token=bew)[0], 403, 'no work queue')


@case
def a_coordinator_sees_only_the_dossiers_they_coordinate():
    with Server(BIN, DATA, deliveries=('small',)) as s:
        c1 = s.user('c.een', 'coordinator')
        c2 = s.user('c.twee', 'coordinator')
        s.cli('dossier', 'coordinator', A3, '--name', 'c.een', '--by', 'beheer')
        s.cli('import', *[os.path.join(DATA, 'small2', f) for f in FILES])  # rule 6 on ...03
        s.start()
        status, _, d = s.request('GET', '/api/v1/adressen/' + A3, token=c1)
        eq((status, d['traject'] is not None, d['signalen'] is not None), (200, True, True),
           'their dossier, with both tracks and the signals')
        status, _, d = s.request('GET', '/api/v1/adressen/' + A1, token=c1)
        eq((status, d['traject'], d['schades']), (200, None, None), 'another dossier: withheld')
        if 'toegewezen' not in d['afgeschermd'][0]['reden']:
            raise AssertionError('reason: %r' % d['afgeschermd'])
        eq(s.request('GET', '/api/v1/combinatiedossiers/' + A3, token=c1)[0], 200, 'theirs')
        eq(s.request('GET', '/api/v1/combinatiedossiers/' + A3, token=c2)[0], 403, 'not theirs')
        eq([x['regel'] for x in signals(s, c1)], [6], 'rule 6 to its coordinator')
        eq(signals(s, c2), [], 'not to another coordinator')
        eq([x['regel'] for x in signals(s, c1, '?voor=mij')], [6], 'addressed to them by name')


@case
def the_coordinator_is_an_account():
    with Server(BIN, DATA) as s:
        zb = s.user('k.postma', 'zaakbegeleider', '--org', 'IMG')
        s.user('c.een', 'coordinator')
        s.start()
        path = '/api/v1/combinatiedossiers/' + A1
        status, hdrs, d = s.request('GET', path, token=zb)
        status, _, p = s.request('PATCH', path, token=zb, body={'coordinator': 'C. Een'},
                                 headers={'If-Match': hdrs['etag']})
        eq((status, p['errors'][0]['veld']), (400, 'coordinator'), 'free text is refused')
        status, _, d = s.request('PATCH', path, token=zb, body={'coordinator': 'c.een'},
                                 headers={'If-Match': hdrs['etag']})
        eq((status, d['coordinator']), (200, 'c.een'), 'an account of role coordinator')
        ids = s.sql('SELECT g.naam FROM combinatiedossier c JOIN gebruiker g'
                    ' ON g.id = c.coordinator_id WHERE c.nummeraanduiding_id = ?', int(A1))
        eq(ids, [('c.een',)], 'the dossier refers to the account')


@case
def the_interventieteam_sees_only_its_escalations():
    with Server(BIN, DATA, deliveries=('small', 'small2')) as s:
        it = s.user('i.team', 'interventieteam')
        s.cli('sweep', '--today', '2030-01-01')  # rule 8 on ...01 among others
        s.start()
        status, _, d = s.request('GET', '/api/v1/adressen/' + A1, token=it)
        eq((status, d['traject'] is not None), (200, True), 'a stuck dossier: shown')
        status, _, d = s.request('GET', '/api/v1/adressen/' + A10, token=it)
        eq((status, d['schades']), (200, None), 'no escalation: withheld')
        queue = signals(s, it)
        mine = sorted([x for x in queue if x['nummeraanduiding_id'] == A1],
                      key=lambda x: x['regel'])
        # the stuck dossier (rule 8) and the case the sweep reported for it (rule 14)
        eq([x['regel'] for x in mine], [8, 14], 'its escalation in the work queue')
        status, _, _ = s.request('POST', '/api/v1/signalen/%d/afronding' % mine[0]['id'],
                                 token=it)
        eq(status, 200, 'the stuck-dossier signal finished')
        status, _, d = s.request('GET', '/api/v1/adressen/' + A1, token=it)
        eq((status, d['traject'] is not None), (200, True), 'the case is still open: shown')
        _, _, cases = s.request('GET', '/api/v1/escalaties', token=it)
        case = [c for c in cases['items'] if c['nummeraanduiding_id'] == A1][0]
        status, _, _ = s.request('PUT', '/api/v1/escalaties/%d' % case['id'], token=it,
                                 headers={'If-Match': '*'}, body={'status': 'gesloten'})
        eq(status, 200, 'the case closed')
        status, _, d = s.request('GET', '/api/v1/adressen/' + A1, token=it)
        eq((status, d['traject']), (200, None), 'closed: no longer theirs')


@case
def the_other_bodys_case_numbers_are_as_unknown_ones():
    with Server(BIN, DATA, extra_args=NOT_STATUTORY) as s:
        bb = s.user('g.kok', 'bewonersbegeleider', '--org', 'NCG')
        zb = s.user('k.postma', 'zaakbegeleider', '--org', 'IMG')
        s.start()
        for tok, known, unknown in ((bb, '/api/v1/schades/IMG-001', '/api/v1/schades/IMG-999'),
                                    (zb, '/api/v1/trajecten/NCG-0001',
                                     '/api/v1/trajecten/NCG-9999')):
            a, b = s.request('GET', known, token=tok), s.request('GET', unknown, token=tok)
            eq((a[0], a[2]), (b[0], b[2]), '%s answers as %s' % (known, unknown))
            eq(a[0], 404, 'not found')


if __name__ == '__main__':
    sys.exit(run_cases())
