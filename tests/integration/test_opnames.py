#!/usr/bin/env python3
"""Joint inspection planning from the register, end to end through the CLI and
the API (issue 14): a resident records the wish for their own address, the
planner sets capacity, plans, moves a pair and confirms; then both bodies'
inspections exist, the combination dossier says gezamenlijke_opname_gepland,
both buddies have a rule 10 signal, the resident reads both dates in plain
Dutch, and re-planning leaves the confirmed inspections alone. Bad input gets a
problem+json at the field and changes nothing; a resident reaches only their
own address. Reads go through the API and the CLI only, so the test runs on
either store (SAMENLOOP_TEST_PG).

Usage: test_opnames.py PATH_TO_SAMENLOOP DATA_DIR
Address 2 of the fixture (Groningen 0014) is in matrix group B: a candidate;
address 1 is a combination dossier outside group B. Prints 'N passed, N failed'.
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from api_harness import Server, case, eq, run_cases  # noqa: E402

BIN = os.path.abspath(sys.argv[1])
DATA = os.path.abspath(sys.argv[2])
A1, A2 = '0014200000000001', '0014200000000002'
WEEK = ('maandag', 'dinsdag', 'woensdag', 'donderdag', 'vrijdag')


def rota(s, planner):
    """IMG two a day, NCG one, Monday to Friday in Groningen; NCG on leave 14 April 2027."""
    for day in WEEK:
        for org, n in (('IMG', 2), ('NCG', 1)):
            status, _, _ = s.request('PUT', '/api/v1/capaciteit', token=planner, body={
                'org': org, 'gemeentecode': '0014', 'weekdag': day, 'opnames': n})
            eq(status, 200, 'capacity %s %s' % (org, day))
    eq(s.request('PUT', '/api/v1/capaciteit', token=planner, body={
        'org': 'NCG', 'gemeentecode': '0014', 'datum': '2027-04-14', 'opnames': 0})[0], 200,
       'leave')


def fields(problem):
    return sorted(e['veld'] for e in problem.get('errors', []))


@case
def request_capacity_plan_move_confirm():
    with Server(BIN, DATA) as s:
        planner = s.user('p.planner', 'planner')
        zb = s.user('k.zb', 'zaakbegeleider', '--org', 'IMG')
        bb = s.user('a.bb', 'bewonersbegeleider', '--org', 'NCG')
        bewoner = s.user('bewoner2', 'bewoner', '--adres', A2)
        s.start()
        # the resident records the wish for the own address
        status, hdrs, v = s.request('POST', '/api/v1/opnameverzoeken', token=bewoner, body={
            'nummeraanduiding_id': A2, 'gezamenlijk': True, 'niet_beschikbaar': ['2027-04-12'],
            'vroegst_img': '2027-04-12', 'vroegst_ncg': '2027-04-12'})
        eq(status, 201, 'request recorded')
        eq(hdrs.get('location'), '/api/v1/opnameverzoeken/%d' % v['id'], 'Location')
        eq(v['status'], 'open', 'open')
        rota(s, planner)
        status, _, cap = s.request('GET', '/api/v1/capaciteit?gemeente=0014', token=planner)
        eq((status, len(cap['rooster']), len(cap['uitzonderingen'])), (200, 10, 1), 'capacity')
        # the planner plans and keeps a concept; the first pair is Tuesday 13 April
        status, hdrs, p = s.request('POST', '/api/v1/planningen', token=planner,
                                    body={'van': '2027-04-12', 'tot': '2027-04-23'})
        eq(status, 201, 'plan made')
        eq(hdrs.get('etag'), '"1"', 'ETag')
        eq([(g['nummeraanduiding_id'], g['img'], g['ncg']) for g in p['gepland']],
           [(A2, '2027-04-13', '2027-04-13')], 'pairs')
        eq(p['kwaliteit']['gepland'], 1, 'quality')
        eq('los_gepland' in p, True, 'the comparison with planning apart')
        url = '/api/v1/planningen/%d' % p['id']
        # a move onto NCG's leave is refused at the field, and changes nothing
        status, _, prob = s.request('PUT', url, token=planner, headers={'If-Match': '"1"'},
                                    body={'opnameverzoek_id': v['id'], 'img': '2027-04-14',
                                          'ncg': '2027-04-14'})
        eq((status, fields(prob)), (400, ['ncg']), 'move onto leave')
        eq(s.request('GET', url, token=planner)[1].get('etag'), '"1"', 'unchanged')
        # PUT without If-Match: 428
        eq(s.request('PUT', url, token=planner, body={'opnameverzoek_id': v['id'],
                                                      'img': '2027-04-15',
                                                      'ncg': '2027-04-16'})[0], 428, '428')
        status, hdrs, p = s.request('PUT', url, token=planner, headers={'If-Match': '"1"'},
                                    body={'opnameverzoek_id': v['id'], 'img': '2027-04-15',
                                          'ncg': '2027-04-16'})
        eq((status, hdrs.get('etag')), (200, '"2"'), 'moved')
        # confirming with an old versie: 412; then with the current one
        eq(s.request('POST', url + '/bevestiging', token=planner,
                     headers={'If-Match': '"1"'})[0], 412, 'stale')
        eq(s.request('POST', url + '/bevestiging', token=zb, headers={'If-Match': '"2"'})[0],
           403, 'only the planner confirms')
        status, _, p = s.request('POST', url + '/bevestiging', token=planner,
                                 headers={'If-Match': '"2"'})
        eq((status, p['status']), (200, 'bevestigd'), 'confirmed')
        # both bodies' inspections, in plain Dutch for the resident
        status, _, mine = s.request('GET', '/api/v1/opnameverzoeken/%d' % v['id'], token=bewoner)
        eq((status, mine['status']), (200, 'bevestigd'), 'request confirmed')
        eq(sorted((o['org'], o['datum']) for o in mine['opnames']),
           [('IMG', '2027-04-15'), ('NCG', '2027-04-16')], 'inspections of both bodies')
        eq(mine['tekst'], 'IMG komt op donderdag 15 april 2027 voor de schade-opname en NCG '
           'op vrijdag 16 april 2027 voor de opname voor de versterking.', 'plain Dutch')
        # the combination dossier's state and the buddies' signal (CLI, either store)
        dossier = json.loads(s.cli('dossier', 'show', A2, '--json').stdout)
        eq(dossier['combinatiedossier']['samenwerking'], 'gezamenlijke_opname_gepland',
           'dossier state')
        for tok, who in ((zb, 'IMG'), (bb, 'NCG')):
            status, _, sig = s.request('GET', '/api/v1/signalen?regel=10', token=tok)
            eq((status, len(sig['items'])), (200, 1), 'rule 10 signal for the %s buddy' % who)
        # re-planning never moves a confirmed inspection: nothing left to plan
        status, _, p2 = s.request('POST', '/api/v1/planningen', token=planner,
                                  body={'van': '2027-04-12', 'tot': '2027-04-23'})
        eq((status, p2['gepland'], p2['niet_gepland']), (201, [], []), 're-planned')
        status, _, again = s.request('GET', '/api/v1/opnameverzoeken/%d' % v['id'],
                                     token=bewoner)
        eq(sorted(o['datum'] for o in again['opnames']), ['2027-04-15', '2027-04-16'],
           'inspections kept')


@case
def residents_reach_their_own_address_only():
    with Server(BIN, DATA) as s:
        zb = s.user('k.zb', 'zaakbegeleider', '--org', 'IMG')
        bewoner = s.user('bewoner1', 'bewoner', '--adres', A1)
        mgmt = s.user('m.mgmt', 'management')
        s.start()
        status, _, v = s.request('POST', '/api/v1/opnameverzoeken', token=zb, body={
            'nummeraanduiding_id': A2, 'gezamenlijk': True})
        eq(status, 201, 'staff record for a candidate')
        status, _, _ = s.request('POST', '/api/v1/opnameverzoeken', token=bewoner, body={
            'nummeraanduiding_id': A2, 'gezamenlijk': True})
        eq(status, 404, 'not the resident\'s address')
        eq(s.request('GET', '/api/v1/opnameverzoeken/%d' % v['id'], token=bewoner)[0], 404,
           'another address\'s request is not found')
        status, _, lst = s.request('GET', '/api/v1/opnameverzoeken', token=bewoner)
        eq((status, lst['opnameverzoeken']), (200, []), 'the resident\'s list is their own')
        eq(s.request('POST', '/api/v1/opnameverzoeken/%d/intrekking' % v['id'],
                     token=bewoner)[0], 404, 'nor withdrawn by them')
        for path in ('/api/v1/opnameverzoeken', '/api/v1/capaciteit', '/api/v1/planningen'):
            eq(s.request('GET', path, token=mgmt)[0], 403, 'management: ' + path)
        eq(s.request('GET', '/api/v1/capaciteit', token=bewoner)[0], 403, 'resident: capacity')
        eq(s.request('POST', '/api/v1/planningen', token=zb,
                     body={'van': '2027-04-12', 'tot': '2027-04-23'})[0], 403,
           'staff do not plan')


@case
def bad_input_at_the_field_changes_nothing():
    with Server(BIN, DATA) as s:
        planner = s.user('p.planner', 'planner')
        zb = s.user('k.zb', 'zaakbegeleider', '--org', 'IMG')
        s.start()
        status, hdrs, prob = s.request('POST', '/api/v1/opnameverzoeken', token=zb, body={
            'nummeraanduiding_id': A2, 'gezamenlijk': 'ja', 'niet_beschikbaar': ['2027-02-30'],
            'voorkeur_weekdagen': ['zondagmiddag']})
        eq((status, hdrs.get('content-type')), (400, 'application/problem+json'), 'problem')
        eq(fields(prob), ['gezamenlijk', 'niet_beschikbaar[0]', 'voorkeur_weekdagen[0]'],
           'every fault at its field')
        status, _, prob = s.request('POST', '/api/v1/opnameverzoeken', token=zb, body={
            'nummeraanduiding_id': A1, 'gezamenlijk': True})
        eq((status, fields(prob)), (400, ['nummeraanduiding_id']), 'not a candidate')
        eq(s.request('GET', '/api/v1/opnameverzoeken', token=zb)[2]['opnameverzoeken'], [],
           'nothing stored')
        status, _, prob = s.request('PUT', '/api/v1/capaciteit', token=planner, body={
            'org': 'KPN', 'gemeentecode': '14', 'weekdag': 'maandag', 'opnames': -1})
        eq((status, fields(prob)), (400, ['gemeentecode', 'opnames', 'org']), 'capacity')
        status, _, prob = s.request('POST', '/api/v1/planningen', token=planner,
                                    body={'van': '2027-04-23', 'tot': '2027-04-12'})
        eq((status, fields(prob)), (400, ['tot']), 'tot before van')
        cap = s.request('GET', '/api/v1/capaciteit', token=planner)[2]
        eq((cap['rooster'], s.request('GET', '/api/v1/planningen', token=planner)[2]),
           ([], {'planningen': []}), 'nothing changed')


@case
def cli_request_capacity_plan_confirm():
    with Server(BIN, DATA) as s:
        s.user('p.planner', 'planner')
        s.user('bewoner2', 'bewoner', '--adres', A2)
        p = s.cli('opnameverzoek', 'add', '--by', 'bewoner2', '--adres', A2,
                  '--niet-beschikbaar', '2027-04-12', '--vroegst-img', '2027-04-12',
                  '--vroegst-ncg', '2027-04-12')
        req = json.loads(p.stdout)
        for day in WEEK:
            for org in ('IMG', 'NCG'):
                s.cli('capaciteit', 'set', '--by', 'p.planner', '--org', org, '--gemeente',
                      '0014', '--weekdag', day, '--opnames', '1')
        bad = s.cli('capaciteit', 'set', '--by', 'p.planner', '--org', 'IMG', '--gemeente',
                    '0014', '--datum', '2027-02-30', '--opnames', '1', check=False)
        eq((bad.returncode, 'datum' in bad.stderr), (2, True), 'bad date: exit 2, named')
        # the contract of plan opnames --input, from the register, without an account
        p = s.cli('plan', 'opnames', '--from', '2027-04-12', '--to', '2027-04-23', '--json')
        answer = json.loads(p.stdout)
        eq(sorted(answer), ['gepland', 'kwaliteit', 'los_gepland', 'niet_gepland'], 'contract')
        eq(answer['gepland'], [{'nummeraanduiding_id': A2, 'img': '2027-04-13',
                                'ncg': '2027-04-13'}], 'planned')
        eq(s.cli('plan', 'opnames', '--from', '2027-04-12', '--to', '2027-04-23', '--opslaan',
                 check=False).returncode, 1, 'keeping a plan needs --by')
        p = s.cli('plan', 'opnames', '--from', '2027-04-12', '--to', '2027-04-23', '--json',
                  '--opslaan', '--by', 'p.planner')
        plan_id = json.loads(p.stdout)['planning']['id']
        p = s.cli('plan', 'bevestig', str(plan_id), '--by', 'p.planner')
        eq(json.loads(p.stdout)['status'], 'bevestigd', 'confirmed')
        p = s.cli('opnameverzoek', 'show', str(req['id']), '--by', 'bewoner2')
        eq(sorted(o['org'] for o in json.loads(p.stdout)['opnames']), ['IMG', 'NCG'],
           'both inspections')
        bad = s.cli('plan', 'opnames', '--from', '2027-04-23', '--to', '2027-04-12', '--json',
                    check=False)
        eq((bad.returncode, 'tot' in bad.stderr), (2, True), 'tot before van: exit 2')


def confirmed_plan(s, planner, zb):
    """A2's request confirmed: IMG on 15 April 2027, NCG on 16 April."""
    status, _, v = s.request('POST', '/api/v1/opnameverzoeken', token=zb, body={
        'nummeraanduiding_id': A2, 'gezamenlijk': True, 'vroegst_img': '2027-04-15',
        'vroegst_ncg': '2027-04-15'})
    eq(status, 201, 'request')
    rota(s, planner)
    status, hdrs, p = s.request('POST', '/api/v1/planningen', token=planner,
                                body={'van': '2027-04-12', 'tot': '2027-04-23'})
    eq(status, 201, 'plan')
    url = '/api/v1/planningen/%d' % p['id']
    eq(s.request('PUT', url, token=planner, headers={'If-Match': hdrs['etag']},
                 body={'opnameverzoek_id': v['id'], 'img': '2027-04-15',
                       'ncg': '2027-04-16'})[0], 200, 'moved')
    eq(s.request('POST', url + '/bevestiging', token=planner,
                 headers={'If-Match': '"2"'})[0], 200, 'confirmed')
    return v, p


@case
def plan_names_addresses_and_requests_per_address():
    with Server(BIN, DATA) as s:
        planner = s.user('p.planner', 'planner')
        zb = s.user('k.zb', 'zaakbegeleider', '--org', 'IMG')
        bewoner = s.user('bewoner1', 'bewoner', '--adres', A1)
        s.start()
        v, p = confirmed_plan(s, planner, zb)
        status, _, shown = s.request('GET', '/api/v1/planningen/%d' % p['id'], token=planner)
        adres = shown['gepland'][0]['adres']
        eq((status, sorted(adres)), (200, ['gemeentecode', 'huisletter', 'huisnummer', 'postcode',
                                           'straat', 'toevoeging', 'woonplaats']),
           'the address in words beside the BAG id')
        eq(adres['gemeentecode'], '0014', 'its municipality')
        status, _, lst = s.request('GET', '/api/v1/opnameverzoeken?nummeraanduidingId=' + A2,
                                   token=zb)
        eq((status, [x['id'] for x in lst['opnameverzoeken']]), (200, [v['id']]), 'by address')
        eq(s.request('GET', '/api/v1/opnameverzoeken?nummeraanduidingId=' + A1,
                     token=zb)[2]['opnameverzoeken'], [], 'another address has none')
        eq(s.request('GET', '/api/v1/opnameverzoeken?nummeraanduidingId=' + A2,
                     token=bewoner)[2]['opnameverzoeken'], [], 'not the resident\'s address')
        status, _, prob = s.request('GET', '/api/v1/opnameverzoeken?nummeraanduidingId=12',
                                    token=zb)
        eq((status, fields(prob)), (400, ['nummeraanduidingId']), 'a bad id at the key')


@case
def capacity_changes_demand_the_version_seen():
    with Server(BIN, DATA) as s:
        planner = s.user('p.planner', 'planner')
        s.start()
        line = {'org': 'IMG', 'gemeentecode': '0014', 'weekdag': 'maandag', 'opnames': 2}
        status, hdrs, _ = s.request('GET', '/api/v1/capaciteit?gemeente=0014', token=planner)
        seen = hdrs.get('etag')
        eq((status, bool(seen)), (200, True), 'capacity has an ETag')
        status, hdrs, _ = s.request('PUT', '/api/v1/capaciteit', token=planner, body=line,
                                    headers={'If-Match': seen})
        eq(status, 200, 'changed with the version seen')
        now = s.request('GET', '/api/v1/capaciteit?gemeente=0014', token=planner)[1]['etag']
        eq((hdrs.get('etag'), now != seen), (now, True), 'the answer carries the new version')
        status, _, prob = s.request('PUT', '/api/v1/capaciteit', token=planner,
                                    body=dict(line, opnames=7), headers={'If-Match': seen})
        eq(status, 412, 'an old version is refused')
        cap = s.request('GET', '/api/v1/capaciteit?gemeente=0014', token=planner)[2]
        eq([r['opnames'] for r in cap['rooster']], [2], 'and changes nothing')
        # another municipality's change leaves this one's version alone
        eq(s.request('PUT', '/api/v1/capaciteit', token=planner,
                     body=dict(line, gemeentecode='1979'))[0], 200, 'Het Hogeland')
        eq(s.request('GET', '/api/v1/capaciteit?gemeente=0014', token=planner)[1]['etag'], now,
           'Groningen unchanged')


@case
def dashboard_counts_joint_inspections_planned_and_done():
    with Server(BIN, DATA) as s:
        planner = s.user('p.planner', 'planner')
        zb = s.user('k.zb', 'zaakbegeleider', '--org', 'IMG')
        mgmt = s.user('m.mgmt', 'management')
        gem = s.user('g.gron', 'gemeente', '--gemeente', '0014')
        s.start()
        status, _, empty = s.request('GET', '/api/v1/statistieken/opnames', token=mgmt)
        eq((status, empty['gemeenten'], empty['totaal']), (200, [], {'gepland': 0, 'gedaan': 0}),
           'nothing planned yet')
        confirmed_plan(s, planner, zb)
        status, _, st = s.request('GET', '/api/v1/statistieken/opnames', token=mgmt)
        eq(status, 200, 'figures')
        hidden = {'onderdrukt': True, 'onder': st['onderdrukkingsgrens']}
        eq(st['gemeenten'], [{'gemeentecode': '0014', 'gepland': hidden, 'gedaan': 0}],
           'one joint inspection planned: a small count, hidden')
        eq((st['totaal'], st['aantal_onderdrukt']), ({'gepland': hidden, 'gedaan': 0}, 2),
           'the total would give it back: hidden too')
        eq(s.request('GET', '/api/v1/statistieken/opnames', token=gem)[2]['gemeente'], '0014',
           'a municipality sees its own area')
        eq(s.request('GET', '/api/v1/statistieken/opnames?gemeente=1979', token=gem)[0], 403,
           'not another one')
        eq(s.request('GET', '/api/v1/statistieken/opnames', token=zb)[0], 403, 'nor staff')
        # with the threshold at 1 nothing is hidden (done is counted in the service test,
        # which sets the day)
        s.stop()
        s.extra_args = ['--set', 'suppress_below=1']
        s.start()
        st = s.request('GET', '/api/v1/statistieken/opnames', token=mgmt)[2]
        eq((st['gemeenten'], st['totaal']),
           ([{'gemeentecode': '0014', 'gepland': 1, 'gedaan': 0}], {'gepland': 1, 'gedaan': 0}),
           'planned, exact')


if __name__ == '__main__':
    sys.exit(run_cases())
