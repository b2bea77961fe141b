#!/usr/bin/env python3
"""Lawful sharing over HTTP: what each account sees of a dossier, on which
basis, and that every view across the organisation boundary is in the
processing log.

Usage: test_api_sharing.py PATH_TO_SAMENLOOP DATA_DIR
Address 1 of the fixture (Groningen 0014) is samenloop: an open trajectory
(step 1.2) and an undecided claim (voorbereiding). Prints 'N passed, N failed'.
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from api_harness import Server, case, eq, run_cases, sql  # noqa: E402

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
        status, _, log = s.request('GET', '/api/v1/logboek?nummeraanduidingId=' + A1,
                                   token=beheer)
        eq(status, 200, 'log readable by the beheerder')
        views = [r for r in log['items'] if r['gebruiker'] == 'k.postma']
        eq(len(views), 1, 'one log record for the view')
        eq((views[0]['org'], views[0]['doel'], views[0]['grondslag']),
           ('IMG', 'samenloop', 'wettelijke_taak_samenloop'), 'log record')
        # written by the group commit: the look log's chain, in its file beside the register
        eq((views[0]['keten'], views[0]['id']), ('inzage', 1), 'chain of the view')
        eq(sql(s.db, 'SELECT gebruiker FROM logboek', looks=True), [('k.postma',)],
           'the look log holds the view')
        _, _, metrics = s.request('GET', '/metrics')
        if 'samenloop_logboek_records_total 1\n' not in metrics:
            raise AssertionError('metrics lack the committed record: %s' % metrics)
        verify = s.cli('logboek', 'verify')
        eq(verify.returncode, 0, 'both chains verify')
        if 'keten inzage: 1 records' not in verify.stdout:
            raise AssertionError('verify does not report the look chain: %r' % verify.stdout)


FORM = {'kanaal': 'post', 'formulier_kenmerk': 'GUO-2026-0042'}


def consent_body(addr, **extra):
    return dict({'nummeraanduiding_id': addr, 'doel': 'samenloop',
                 'gegeven_op': '2026-01-15'}, **extra)


@case
def elsewhere_only_with_consent_until_withdrawn():
    with Server(BIN, DATA, extra_args=['--set', 'statutory_gemeenten=1979']) as s:
        zb = s.user('k.postma', 'zaakbegeleider', '--org', 'IMG')
        svip = s.user('svip.ncg', 'svip', '--org', 'NCG')
        svip2 = s.user('svip.ncg2', 'svip', '--org', 'NCG')
        beheer = s.user('privacy', 'beheerder')
        s.start()
        status, _, body = s.request('GET', '/api/v1/adressen/' + A1, token=zb)
        eq((status, body['traject']), (200, None), 'no basis: trajectory withheld')
        if 'traject' not in withheld(body) or not body['afgeschermd'][0]['reden']:
            raise AssertionError('withheld part not named with a reason: %r' % body)
        eq(len(body['schades']), 1, 'own claims still shown')
        status, hdrs, t = s.request('POST', '/api/v1/toestemmingen', token=svip,
                                    body=consent_body(A1, **FORM))
        eq((status, t['status']), (201, 'wacht_op_bevestiging'), 'consent recorded, pending')
        if not t.get('id') or not hdrs.get('location'):
            raise AssertionError('no id or Location: %r %r' % (t, hdrs))
        status, _, c = s.request('POST', '/api/v1/toestemmingen/%d/bevestiging' % t['id'],
                                 token=svip2)
        eq((status, c['status'], c['bevestigd_door']), (200, 'gegeven', 'svip.ncg2'),
           'confirmed by a colleague')
        status, _, body = s.request('GET', '/api/v1/adressen/' + A1, token=zb)
        eq(body['grondslag'].get('traject'), 'toestemming', 'shown on consent')
        status, _, w = s.request('POST', '/api/v1/toestemmingen/%d/intrekking' % t['id'],
                                 token=svip, headers={'If-Match': '"999"'})
        eq(status, 412, 'stale If-Match')
        status, _, w = s.request('POST', '/api/v1/toestemmingen/%d/intrekking' % t['id'],
                                 token=svip)
        eq((status, w['status'], w['ingetrokken_door']), (200, 'ingetrokken', 'svip.ncg'),
           'withdrawn')
        status, _, body = s.request('GET', '/api/v1/adressen/' + A1, token=zb)
        eq(body['traject'], None, 'withheld again after withdrawal')
        status, _, log = s.request('GET', '/api/v1/logboek?nummeraanduidingId=' + A1,
                                   token=beheer)
        views = [(r['gebruiker'], r['grondslag']) for r in log['items']
                 if r['gebruiker'] == 'k.postma']
        eq(views, [('k.postma', 'toestemming')], 'only the consented view is a cross-org read')
        sig = s.cli('signals', 'list', '--json', '--rule', '9').stdout
        if A1 not in sig:
            raise AssertionError('rule 9 not raised on withdrawal: %s' % sig)
        eq(s.cli('logboek', 'verify').returncode, 0, 'the chain verifies')


@case
def case_worker_consent_needs_evidence_and_a_second_colleague():
    """Issue 12: a case worker recorded consent "for" the resident with no evidence and at
    once saw the other body's data."""
    with Server(BIN, DATA, extra_args=['--set', 'statutory_gemeenten=1979']) as s:
        zb = s.user('k.postma', 'zaakbegeleider', '--org', 'IMG')
        zb2 = s.user('h.eemsens', 'zaakbegeleider', '--org', 'IMG')
        ncg = s.user('svip.ncg', 'svip', '--org', 'NCG')
        s.start()
        # no evidence: refused, each missing piece named at its field, nothing stored
        status, hdrs, p = s.request('POST', '/api/v1/toestemmingen', token=zb,
                                    body={'nummeraanduiding_id': A1, 'doel': 'samenloop'})
        eq(status, 400, 'no evidence')
        if 'problem+json' not in hdrs.get('content-type', ''):
            raise AssertionError('not problem+json: %r' % hdrs)
        eq(sorted(e['veld'] for e in p['errors']), ['formulier_kenmerk', 'gegeven_op', 'kanaal'],
           'each piece of evidence named')
        status, _, p = s.request('POST', '/api/v1/toestemmingen', token=zb,
                                 body=consent_body(A1, kanaal='mijn_woning',
                                                   formulier_kenmerk='  '))
        eq((status, sorted(e['veld'] for e in p['errors'])),
           (400, ['formulier_kenmerk', 'kanaal']), 'staff cannot use the resident\'s channel')
        eq(s.request('GET', '/api/v1/toestemmingen?nummeraanduidingId=' + A1,
                     token=zb)[2]['items'], [], 'nothing stored')
        # with evidence: recorded, waiting; the trajectory stays withheld, with the reason
        status, _, t = s.request('POST', '/api/v1/toestemmingen', token=zb,
                                 body=consent_body(A1, kanaal='balie',
                                                   formulier_kenmerk='GUO-2026-0007'))
        eq((status, t['status'], t['vastgelegd_door'], t['vastgelegd_org'], t['kanaal'],
            t['formulier_kenmerk'], t['gegeven_op'], t['bevestigd_door']),
           (201, 'wacht_op_bevestiging', 'k.postma', 'IMG', 'balie', 'GUO-2026-0007',
            '2026-01-15', None), 'pending, with its evidence')
        status, _, body = s.request('GET', '/api/v1/adressen/' + A1, token=zb)
        eq((status, body['traject']), (200, None), 'still withheld while pending')
        reden = [x['reden'] for x in body['afgeschermd'] if x['onderdeel'] == 'traject']
        if not reden or 'bevestig' not in reden[0]:
            raise AssertionError('the reason does not say it waits: %r' % body['afgeschermd'])
        # the same account, or the other body, cannot confirm: 403 with a plain reason
        url = '/api/v1/toestemmingen/%d/bevestiging' % t['id']
        status, _, p = s.request('POST', url, token=zb)
        eq(status, 403, 'the recorder confirms their own')
        if 'collega' not in (p.get('detail') or ''):
            raise AssertionError('no plain reason: %r' % p)
        eq(s.request('POST', url, token=ncg)[0], 403, 'the other body confirms')
        eq(s.request('POST', url, token=zb2, headers={'If-Match': '"7"'})[0], 412,
           'stale If-Match')
        eq(s.request('POST', url, token=zb2, body={'formulier_kenmerk': 'GUO-ANDERS'})[0], 400,
           'the reference is already recorded')
        status, hdrs, c = s.request('POST', url, token=zb2, headers={'If-Match': '"1"'})
        eq((status, c['status'], c['bevestigd_door'], hdrs.get('etag')),
           (200, 'gegeven', 'h.eemsens', '"2"'), 'confirmed by a colleague of the same body')
        if not c['bevestigd_op']:
            raise AssertionError('no bevestigd_op: %r' % c)
        eq(s.request('POST', url, token=zb2)[0], 409, 'confirmed once')
        status, _, body = s.request('GET', '/api/v1/adressen/' + A1, token=zb)
        eq(body['grondslag'].get('traject'), 'toestemming', 'shown once confirmed')
        status, _, lst = s.request('GET', '/api/v1/toestemmingen?nummeraanduidingId=' + A1,
                                   token=ncg)
        eq([(x['status'], x['formulier_kenmerk'], x['vastgelegd_door'], x['bevestigd_door'])
            for x in lst['items']], [('gegeven', 'GUO-2026-0007', 'k.postma', 'h.eemsens')],
           'the list shows the evidence')
        log = s.sql("SELECT gebruiker, categorieen FROM logboek WHERE actie = 'wijziging'"
                    " AND categorieen LIKE 'toestemming%' ORDER BY id")
        events = s.sql("SELECT soort FROM outbox WHERE onderwerp = 'toestemming' ORDER BY id")
        eq(log, [('k.postma', 'toestemming'), ('h.eemsens', 'toestemming:bevestiging')],
           'each step logged')
        eq(events, [('toestemming.gegeven',), ('toestemming.bevestigd',)], 'each step an event')


@case
def resident_gives_consent_at_once_and_learns_nothing_of_others():
    with Server(BIN, DATA, extra_args=['--set', 'statutory_gemeenten=1979']) as s:
        zb = s.user('k.postma', 'zaakbegeleider', '--org', 'IMG')
        svip = s.user('svip.img', 'svip', '--org', 'IMG')
        res = s.user('bewoner1', 'bewoner', '--adres', A1)
        s.start()
        status, _, p = s.request('POST', '/api/v1/toestemmingen', token=res,
                                 body=consent_body(A1, formulier_kenmerk='GUO-1'))
        eq((status, [e['veld'] for e in p['errors']]), (400, ['formulier_kenmerk']),
           'a resident names no form')
        status, _, t = s.request('POST', '/api/v1/toestemmingen', token=res,
                                 body=consent_body(A1))
        eq((status, t['status'], t['kanaal'], t['vastgelegd_org']),
           (201, 'gegeven', 'mijn_woning', None), 'in effect at once')
        status, _, body = s.request('GET', '/api/v1/adressen/' + A1, token=zb)
        eq(body['grondslag'].get('traject'), 'toestemming', 'shown at once')
        eq(s.request('POST', '/api/v1/toestemmingen/%d/bevestiging' % t['id'],
                     token=svip)[0], 409, 'nothing to confirm')
        # someone else's consent: 404 whatever the version or the action (was 412)
        status, _, other = s.request('POST', '/api/v1/toestemmingen', token=svip,
                                     body=consent_body(A2, **FORM))
        eq(status, 201, 'consent at another address')
        for action in ('intrekking', 'bevestiging'):
            for hdrs in ({'If-Match': '"999"'}, {'If-Match': '"1"'}, {}):
                eq(s.request('POST', '/api/v1/toestemmingen/%d/%s' % (other['id'], action),
                             token=res, headers=hdrs)[0], 404,
                   '%s of another address %r' % (action, hdrs))
            eq(s.request('POST', '/api/v1/toestemmingen/99999/%s' % action, token=res,
                         headers={'If-Match': '"999"'})[0], 404, action + ' of an unknown id')
        eq(s.request('GET', '/api/v1/toestemmingen?nummeraanduidingId=' + A2, token=res)[0],
           404, 'list of another address')
        # withdrawal by the resident: at once
        status, _, w = s.request('POST', '/api/v1/toestemmingen/%d/intrekking' % t['id'],
                                 token=res, headers={'If-Match': '"%d"' % t['versie']})
        eq((status, w['status'], w['ingetrokken_door']), (200, 'ingetrokken', 'bewoner1'),
           'withdrawn by the resident')
        eq(s.request('GET', '/api/v1/adressen/' + A1, token=zb)[2]['traject'], None,
           'withheld at once')


@case
def consent_on_the_command_line_follows_the_same_rules():
    with Server(BIN, DATA) as s:
        for name, role, org in (('k.postma', 'zaakbegeleider', 'IMG'),
                                ('h.eemsens', 'zaakbegeleider', 'IMG'),
                                ('svip.ncg', 'svip', 'NCG')):
            s.user(name, role, '--org', org)
        s.user('bewoner1', 'bewoner', '--adres', A1)
        no_form = s.cli('toestemming', 'record', '--adres', A2, '--by', 'k.postma', check=False)
        eq(no_form.returncode, 2, 'staff without evidence')
        if 'kanaal' not in no_form.stderr:
            raise AssertionError('the missing evidence is not named: %r' % no_form.stderr)
        rec = s.cli('toestemming', 'record', '--adres', A2, '--by', 'k.postma', '--kanaal',
                    'balie', '--kenmerk', 'GUO-CLI-1', '--gegeven-op', '2026-01-15')
        t = json.loads(rec.stdout)
        eq((t['status'], t['vastgelegd_org']), ('wacht_op_bevestiging', 'IMG'), 'pending')
        own = s.cli('toestemming', 'confirm', str(t['id']), '--by', 'K.Postma', check=False)
        eq(own.returncode, 1, 'the recorder cannot confirm')
        eq(s.cli('toestemming', 'confirm', str(t['id']), '--by', 'svip.ncg',
                 check=False).returncode, 1, 'nor the other body')
        done = json.loads(s.cli('toestemming', 'confirm', str(t['id']), '--by',
                                'h.eemsens').stdout)
        eq((done['status'], done['bevestigd_door']), ('gegeven', 'h.eemsens'), 'confirmed')
        mine = json.loads(s.cli('toestemming', 'record', '--adres', A1, '--by',
                                'bewoner1').stdout)
        eq((mine['status'], mine['kanaal']), ('gegeven', 'mijn_woning'), 'the resident\'s own')
        eq(s.cli('toestemming', 'withdraw', str(t['id']), '--by', 'bewoner1',
                 check=False).returncode, 1, 'not the resident\'s address')
        listing = s.cli('toestemming', 'list', '--adres', A2).stdout
        if 'GUO-CLI-1' not in listing or 'bevestigd door h.eemsens' not in listing:
            raise AssertionError('list: %r' % listing)
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
        eq(s.request('GET', '/api/v1/logboek?nummeraanduidingId=' + A1, token=res)[0], 200,
           'own log')
        eq(s.request('GET', '/api/v1/logboek?nummeraanduidingId=' + A2, token=res)[0], 404,
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
