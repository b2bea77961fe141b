#!/usr/bin/env python3
"""Terms, notices of default, the ledger and escalations over HTTP, end to end:
a notice on a claim, its decision booking the Awb 4:17 penalty in IMG's
ledger, a payment against it; a term missed twice reported to the
interventieteam, taken (If-Match), decided with a mandate; the term table's
new version moving a claim's end; the terms list with its filters; bad input
(a day that does not exist, a decision before the notice, a negative length)
answered 400 at the field with nothing changed; the other body kept out.

Usage: test_api_termijnen.py PATH_TO_SAMENLOOP DATA_DIR  (either store)
Prints 'N passed, N failed'.
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from api_harness import Server, case, eq, run_cases  # noqa: E402

BIN = os.path.abspath(sys.argv[1])
DATA = os.path.abspath(sys.argv[2])
A1 = '0014200000000001'  # IMG-001, received 2021-06-20


def veld(body):
    return [e['veld'] for e in (body or {}).get('errors', [])]


@case
def notice_penalty_and_ledger():
    with Server(BIN, DATA) as s:
        zb = s.user('k.postma', 'zaakbegeleider', '--org', 'IMG')
        bb = s.user('a.jansma', 'bewonersbegeleider', '--org', 'NCG')
        s.start()
        status, _, b = s.request('POST', '/api/v1/ingebrekestellingen', token=zb,
                                 body={'img_id': 'IMG-001', 'ontvangen_op': '2025-02-30'})
        eq(status, 400, 'a day that does not exist')
        eq(veld(b), ['ontvangen_op'], 'named at its field')
        eq(s.request('POST', '/api/v1/ingebrekestellingen', token=bb,
                     body={'img_id': 'IMG-001', 'ontvangen_op': '2025-03-03'})[0], 403,
           'NCG registers no notice on an IMG claim')
        status, h, n = s.request('POST', '/api/v1/ingebrekestellingen', token=zb,
                                 body={'img_id': 'IMG-001', 'ontvangen_op': '2025-03-03'})
        eq(status, 201, 'notice registered')
        eq(h.get('location'), '/api/v1/ingebrekestellingen/%d' % n['id'], 'Location')
        path = '/api/v1/ingebrekestellingen/%d' % n['id']
        status, _, b = s.request('POST', path + '/beslissing', token=zb,
                                 body={'beslist_op': '2025-03-02'})
        eq(status, 400, 'a decision before the notice')
        eq(veld(b), ['beslist_op'], 'named at its field')
        eq(s.request('GET', '/api/v1/grootboek?organisatie=IMG', token=zb)[2]['posten'], [],
           'nothing booked after the refusal')
        eq(s.request('POST', path + '/beslissing', token=zb, headers={'If-Match': '"9"'},
                     body={'beslist_op': '2025-04-28'})[0], 412, 'a stale If-Match')
        status, h, d = s.request('POST', path + '/beslissing', token=zb,
                                 headers={'If-Match': h['etag']},
                                 body={'beslist_op': '2025-04-28'})
        eq(status, 200, 'decided')
        eq((d['dwangsom']['dagen'], d['dwangsom']['bedrag']), (42, 1442), 'the maximum penalty')
        eq(s.request('POST', path + '/beslissing', token=zb,
                     body={'beslist_op': '2025-04-29'})[0], 409, 'decided once')
        status, _, p = s.request('POST', '/api/v1/grootboek', token=zb, body={
            'organisatie': 'IMG', 'nummeraanduiding_id': A1, 'soort': 'betaling',
            'bedrag_centen': 100000, 'datum': '2025-05-01', 'reden': 'eerste betaling',
            'ingebrekestelling_id': n['id']})
        eq(status, 201, 'payment booked')
        eq(s.request('POST', '/api/v1/grootboek', token=zb, body={
            'organisatie': 'IMG', 'nummeraanduiding_id': A1, 'soort': 'betaling',
            'bedrag_centen': -5, 'datum': '2025-05-01', 'reden': 'fout'})[0], 400,
           'a negative amount')
        status, _, g = s.request('GET', '/api/v1/grootboek?organisatie=IMG', token=zb)
        eq(status, 200, 'ledger read')
        eq((g['verschuldigd_centen'], g['betaald_centen'], g['saldo_centen']),
           (144200, 100000, 44200), 'owed, paid, balance')
        eq(s.request('GET', '/api/v1/grootboek?organisatie=IMG', token=bb)[0], 403,
           'NCG does not read IMG\'s ledger')
        eq(s.request('GET', path, token=bb)[0], 404, 'nor its notices')
        status, _, lst = s.request('GET', '/api/v1/ingebrekestellingen?nummeraanduidingId=' + A1,
                                   token=zb)
        eq((status, len(lst['items'])), (200, 1), 'the notices of the address')


@case
def escalation_to_a_decision():
    with Server(BIN, DATA) as s:
        it = s.user('i.team', 'interventieteam')
        zb = s.user('k.postma', 'zaakbegeleider', '--org', 'IMG')
        s.start()
        eq(s.request('POST', '/api/v1/escalaties', token=zb, body={
            'nummeraanduiding_id': A1, 'aanleiding': 'vastgelopen'})[0], 403,
           'a case manager reports no escalation')
        status, h, e = s.request('POST', '/api/v1/escalaties', token=it, body={
            'nummeraanduiding_id': A1, 'aanleiding': 'termijn_tweemaal_gemist'})
        eq((status, e['status']), (201, 'aangemeld'), 'reported')
        again = s.request('POST', '/api/v1/escalaties', token=it, body={
            'nummeraanduiding_id': A1, 'aanleiding': 'termijn_tweemaal_gemist'})
        eq((again[0], again[2]['id']), (200, e['id']), 'the open case, once')
        path = '/api/v1/escalaties/%d' % e['id']
        eq(s.request('PUT', path, token=it, body={'status': 'in_behandeling'})[0], 428,
           'If-Match required')
        eq(s.request('PUT', path, token=it, headers={'If-Match': h['etag']},
                     body={'status': 'besloten'})[0], 409, 'no decision yet')
        status, h, e = s.request('PUT', path, token=it, headers={'If-Match': h['etag']},
                                 body={'status': 'in_behandeling', 'eigenaar': 'i.team'})
        eq((status, e['status'], e['eigenaar']), (200, 'in_behandeling', 'i.team'), 'taken')
        status, _, b = s.request('POST', path + '/besluiten', token=it,
                                 body={'mandaat': '', 'reden': 'x'})
        eq((status, veld(b)), (400, ['mandaat']), 'a decision names its mandate')
        status, _, e = s.request('POST', path + '/besluiten', token=it, body={
            'mandaat': 'mandaat directeur IMG', 'reden': 'voorrang voor het besluit'})
        eq((status, e['status']), (200, 'besloten'), 'decided')
        eq([x['soort'] for x in e['historie']], ['aangemeld', 'status', 'eigenaar', 'besluit'],
           'the history')
        status, _, b = s.request('GET', path, token=zb)
        eq((status, b['historie'][-1]['mandaat']), (200, 'mandaat directeur IMG'),
           'the buddy sees the case')
        status, _, lst = s.request('GET', '/api/v1/escalaties?status=besloten', token=it)
        eq((status, [x['id'] for x in lst['items']]), (200, [e['id']]), 'listed by state')


@case
def escalation_list_filters_on_the_server():
    """The interventieteam's list selects by status, cause and municipality on the
    server, one page at a time; the municipality is the register's for the address
    (0010200000000004 lies in 1979, whatever its id begins with); a bad value is
    named at its field (decision 239)."""
    with Server(BIN, DATA) as s:
        it = s.user('i.team', 'interventieteam')
        s.start()
        made = {}
        for address, cause in (('0014200000000001', 'vastgelopen'),
                               ('0010200000000004', 'termijn_tweemaal_gemist'),
                               ('0014200000000002', 'vastgelopen')):
            status, h, e = s.request('POST', '/api/v1/escalaties', token=it, body={
                'nummeraanduiding_id': address, 'aanleiding': cause})
            eq(status, 201, 'reported %s' % address)
            made[address] = (e['id'], h['etag'])
        taken, etag = made['0014200000000002']
        eq(s.request('PUT', '/api/v1/escalaties/%d' % taken, token=it, headers={'If-Match': etag},
                     body={'status': 'in_behandeling', 'eigenaar': 'i.team'})[0], 200, 'taken')

        def ids(query):
            status, _, body = s.request('GET', '/api/v1/escalaties' + query, token=it)
            eq(status, 200, query)
            return body, [x['id'] for x in body['items']]

        every, all_ids = ids('')
        eq(every['totaal'], len(all_ids), 'one page holds them all by default')
        mine = [made[a][0] for a in sorted(made, key=lambda a: made[a][0])]
        eq([i for i in all_ids if i in mine], mine, 'oldest first')
        eq({x['id']: x['gemeentecode'] for x in every['items'] if x['id'] in mine},
           {made['0014200000000001'][0]: '0014', made['0010200000000004'][0]: '1979',
            taken: '0014'}, 'each case names its address\'s municipality')
        want = [x['id'] for x in every['items'] if x['aanleiding'] == 'vastgelopen']
        eq(ids('?aanleiding=vastgelopen')[1], want, 'by cause')
        eq(ids('?gemeente=1979')[1], [made['0010200000000004'][0]],
           'by the register\'s municipality, not the id\'s first digits')
        eq(ids('?gemeente=0010')[1], [], 'no address of the register lies in 0010')
        eq(ids('?gemeente=0014&status=in_behandeling&aanleiding=vastgelopen')[1], [taken],
           'the filters together')
        eq(ids('?status=')[1], all_ids, 'an empty filter selects everything')
        first, one = ids('?perPagina=2')
        second, two = ids('?perPagina=2&pagina=2')
        eq((first['totaal'], first['per_pagina'], len(one)), (len(all_ids), 2, 2), 'a page of 2')
        eq(one + two, all_ids[:4], 'the next page goes on where the first ended')
        for query, field in (('?status=open', 'status'), ('?aanleiding=traag', 'aanleiding'),
                             ('?gemeente=14', 'gemeente'), ('?perPagina=0', 'perPagina'),
                             ('?pagina=nul', 'pagina')):
            status, h, b = s.request('GET', '/api/v1/escalaties' + query, token=it)
            eq((status, veld(b)), (400, [field]), 'a bad %s is named at its field' % field)
            eq(h.get('content-type'), 'application/problem+json', 'as problem+json')


@case
def work_queue_shows_term_signals():
    """The sweep's term signals stand in the body's work queue, due on the term's end
    (decision 186); the other body does not see them; an escalation reaches the
    interventieteam's queue (decision 190)."""
    with Server(BIN, DATA) as s:
        zb = s.user('k.postma', 'zaakbegeleider', '--org', 'IMG')
        bb = s.user('a.jansma', 'bewonersbegeleider', '--org', 'NCG')
        it = s.user('i.team', 'interventieteam')
        # IMG-001 (received 2021-06-20) is due on 2021-12-19, warned from 2021-11-19
        out = s.cli('sweep', '--today', '2021-11-19').stdout
        eq('termijnsignalen aangemaakt: ' in out, True, 'the sweep says what it raised')
        again = s.cli('sweep', '--today', '2021-11-19').stdout
        eq('termijnsignalen aangemaakt: 0' in again, True, 'nothing twice')
        s.start()
        status, _, b = s.request('GET', '/api/v1/signalen?regel=11&sorteer=vervaltOp',
                                 token=zb)
        eq(status, 200, 'the work queue')
        mine = [(x['nummeraanduiding_id'], x['variant'], x['vervalt_op']) for x in b['items']]
        eq((A1, 'img_beslistermijn', '2021-12-19') in mine, True,
           'the term nearing its end, due on its end: %s' % mine)
        status, _, b = s.request('GET', '/api/v1/signalen?regel=12&sorteer=vervaltOp',
                                 token=zb)
        due = [x['vervalt_op'] for x in b['items']]
        eq((status, len(due) > 0, due == sorted(due)), (200, True, True),
           'the missed terms, the longest overdue first')
        status, _, b = s.request('GET', '/api/v1/signalen?regel=11', token=bb)
        eq((status, [x for x in b['items'] if x.get('tekst')]), (200, []),
           'IMG\'s terms are not in NCG\'s queue')
        status, _, b = s.request('GET', '/api/v1/signalen?regel=14', token=it)
        eq((status, b['items']), (200, []), 'nothing reported yet')
        status, _, e = s.request('POST', '/api/v1/escalaties', token=it, body={
            'nummeraanduiding_id': A1, 'aanleiding': 'vastgelopen'})
        eq(status, 201, 'reported')
        status, _, b = s.request('GET', '/api/v1/signalen?regel=14', token=it)
        eq((status, [(x['nummeraanduiding_id'], x['variant']) for x in b['items']]),
           (200, [(A1, 'vastgelopen')]), 'the case in the interventieteam\'s queue')


@case
def term_table_and_terms_list():
    with Server(BIN, DATA) as s:
        beheer = s.user('beheer', 'beheerder')
        zb = s.user('k.postma', 'zaakbegeleider', '--org', 'IMG')
        bb = s.user('a.jansma', 'bewonersbegeleider', '--org', 'NCG')
        s.start()
        status, _, d = s.request('GET', '/api/v1/termijndefinities', token=zb)
        eq((status, d['versie']), (200, 1), 'the shipped version')
        new = [dict(x) for x in d['definities']]
        for x in new:
            if x['soort'] == 'img_beslistermijn':
                x['lengte'] = -3
        status, _, b = s.request('POST', '/api/v1/termijndefinities', token=beheer,
                                 body={'omschrijving': 'fout', 'definities': new})
        eq(status, 400, 'a negative length')
        eq(s.request('GET', '/api/v1/termijndefinities', token=zb)[2]['versie'], 1,
           'nothing changed')
        for x in new:
            if x['soort'] == 'img_beslistermijn':
                x['lengte'] = 200
        eq(s.request('POST', '/api/v1/termijndefinities', token=zb,
                     body={'omschrijving': 'langer', 'definities': new})[0], 403,
           'only an administrator')
        status, _, b = s.request('POST', '/api/v1/termijndefinities', token=beheer,
                                 body={'omschrijving': 'IMG 200 dagen', 'definities': new})
        eq((status, b['versie']), (201, 2), 'published')
        status, _, t = s.request('GET', '/api/v1/termijnen?soort=img_beslistermijn&perPagina=500',
                                 token=zb)
        eq(status, 200, 'terms listed')
        one = [x for x in t['items'] if x.get('img_id') == 'IMG-001'][0]
        eq((one['einde'], one['regelversie']), ('2022-01-06', 2), 'computed with version 2')
        status, _, t = s.request('GET', '/api/v1/termijnen?status=verstreken&eindeVoor=2020-01-01',
                                 token=zb)
        eq(status, 200, 'filtered')
        eq(all(x['status'] == 'verstreken' and x['einde'] < '2020-01-01' for x in t['items']),
           True, 'only missed terms that ended before 2020')
        status, _, b = s.request('GET', '/api/v1/termijnen?eindeVoor=2021-02-29', token=zb)
        eq((status, veld(b)), (400, ['eindeVoor']), 'a day that does not exist')
        status, _, t = s.request('GET', '/api/v1/termijnen', token=bb)
        eq((status, t['totaal']), (200, 0), 'NCG sees none of IMG\'s terms')
        status, _, b = s.request('POST', '/api/v1/termijnen/opschortingen', token=zb, body={
            'soort': 'img_beslistermijn', 'img_id': 'IMG-001', 'van': '2021-08-01',
            'tot': '2021-08-11', 'reden': 'wacht op de bewoner'})
        eq(status, 201, 'suspended')
        status, _, t = s.request('GET', '/api/v1/termijnen?soort=img_beslistermijn&perPagina=500',
                                 token=zb)
        one = [x for x in t['items'] if x.get('img_id') == 'IMG-001'][0]
        eq((one['einde'], one['opgeschorte_dagen']), ('2022-01-16', 10), 'ten days on')


def dossier(s, token, address=A1):
    status, _, b = s.request('GET', '/api/v1/adressen/' + address, token=token)
    eq(status, 200, 'the dossier of %s' % address)
    return b


@case
def terms_in_the_dossier_through_the_gate():
    with Server(BIN, DATA) as s:
        zb = s.user('k.postma', 'zaakbegeleider', '--org', 'IMG')
        bb = s.user('a.jansma', 'bewonersbegeleider', '--org', 'NCG')
        bew = s.user('b.woner', 'bewoner', '--adres', A1)
        it = s.user('i.team', 'interventieteam')
        beheer = s.user('privacy', 'beheerder')
        s.start()
        eq(s.request('POST', '/api/v1/termijnen/opschortingen', token=zb, body={
            'soort': 'img_beslistermijn', 'img_id': 'IMG-001', 'van': '2021-08-01',
            'tot': '2021-08-11', 'reden': 'wacht op de bewoner'})[0], 201, 'suspended')
        eq(s.request('POST', '/api/v1/termijnen/verlengingen', token=zb, body={
            'soort': 'img_beslistermijn', 'img_id': 'IMG-001', 'nieuw_einde': '2022-03-01',
            'reden': 'extra onderzoek'})[0], 201, 'extended')
        eq(s.request('POST', '/api/v1/ingebrekestellingen', token=zb, body={
            'img_id': 'IMG-001', 'ontvangen_op': '2025-03-03'})[0], 201, 'notice registered')
        own = [t for t in dossier(s, zb)['termijnen'] if t['img_id'] == 'IMG-001'][0]
        eq((own['soort'], own['start'], own['status']),
           ('img_beslistermijn', '2021-06-20', 'verstreken'), 'the decision target')
        eq((own['opschortingen'][0]['van'], own['opschortingen'][0]['reden']),
           ('2021-08-01', 'wacht op de bewoner'), 'the suspension with its reason')
        eq((own['verlengingen'][0]['nieuw_einde'], own['einde']), ('2022-03-01', '2022-03-11'),
           'the extension, moved on by the suspension')
        ib = own['ingebrekestelling']
        eq((ib['ontvangen_op'], ib['dwangsom_centen'], ib['dwangsom_dagen']),
           ('2025-03-03', 144200, 42), 'the notice and the penalty so far')
        before = len(log_of(s, beheer))
        other = [t for t in dossier(s, bb)['termijnen'] if t['img_id'] == 'IMG-001'][0]
        eq((other['einde'], other['status'], other['opschortingen'][0]['van']),
           ('2022-03-11', 'verstreken', '2021-08-01'), 'NCG\'s buddy sees the term')
        eq(('reden' in other['opschortingen'][0], 'reden' in other['verlengingen'][0]),
           (False, False), 'but not the reasons IMG wrote')
        eq(('dwangsom_centen' in other['ingebrekestelling'], 'id' in other['ingebrekestelling'],
            other['ingebrekestelling']['dwangsom_dagen']),
           (False, False, 42), 'nor the amount or the notice itself')
        eq(len(log_of(s, beheer)) > before, True, 'the look across is logged')
        mine = [t for t in dossier(s, bew)['termijnen'] if t['img_id'] == 'IMG-001'][0]
        eq((mine['einde'], mine['ingebrekestelling']['dwangsom_centen'],
            'reden' in mine['opschortingen'][0]), ('2022-03-11', 144200, False),
           'the resident sees the end and the penalty on their own address')
        eq(dossier(s, zb)['escalaties'], [], 'no case yet')
        status, _, e = s.request('POST', '/api/v1/escalaties', token=it, body={
            'nummeraanduiding_id': A1, 'aanleiding': 'vastgelopen'})
        eq(status, 201, 'reported')
        eq([x['id'] for x in dossier(s, zb)['escalaties']], [e['id']], 'IMG\'s buddy sees it')
        eq([x['aanleiding'] for x in dossier(s, bb)['escalaties']], ['vastgelopen'],
           'NCG\'s buddy sees it')
        eq(dossier(s, bew)['escalaties'], None, 'the resident\'s dossier has no cases')


@case
def term_figures_on_the_dashboard():
    with Server(BIN, DATA, extra_args=['--set', 'suppress_below=2']) as s:
        mgmt = s.user('m.beheer', 'management')
        gem = s.user('g.groningen', 'gemeente', '--gemeente', '0014')
        zb = s.user('k.postma', 'zaakbegeleider', '--org', 'IMG')
        s.start()
        eq(s.request('GET', '/api/v1/statistieken/termijnen', token=zb)[0], 403,
           'figures are for management and municipalities')
        eq(s.request('GET', '/api/v1/statistieken/termijnen?gemeente=1979', token=gem)[0], 403,
           'a municipality sees its own area only')
        status, _, b = s.request('GET', '/api/v1/statistieken/termijnen?gemeente=19', token=mgmt)
        eq((status, veld(b)), (400, ['gemeente']), 'a code of four digits')
        status, _, t = s.request('GET', '/api/v1/termijnen?status=verstreken&perPagina=500',
                                 token=zb)
        open_missed = len([x for x in t['items'] if x['gehaald_op'] is None])
        status, _, f = s.request('GET', '/api/v1/statistieken/termijnen', token=mgmt)
        eq(status, 200, 'the figures')
        img = [x for x in f['termijnen'] if x['organisatie'] == 'IMG'][0]
        eq(img['verstreken'], open_missed, 'overdue: the missed terms still undecided')
        eq((f['venster_dagen'], f['gemeente'], f['onderdrukkingsgrens']), (30, None, 2),
           'the window, the area and the threshold')
        status, _, alle = s.request('GET', '/api/v1/termijnen?perPagina=500', token=zb)
        eq(sorted({x['nummeraanduiding_id'][:4] for x in alle['items']}),
           [g['gemeente'] for g in img['per_gemeente']],
           'per municipality: each one with IMG terms, in order')
        pen = [x for x in f['dwangsommen'] if x['organisatie'] == 'IMG'][0]
        eq((pen['adressen'], pen['verschuldigd_centen']), (0, None), 'no penalties yet')
        n = s.request('POST', '/api/v1/ingebrekestellingen', token=zb, body={
            'img_id': 'IMG-001', 'ontvangen_op': '2025-03-03'})[2]
        eq(s.request('POST', '/api/v1/ingebrekestellingen/%d/beslissing' % n['id'], token=zb,
                     body={'beslist_op': '2025-04-28'})[0], 200, 'decided: the penalty booked')
        f = s.request('GET', '/api/v1/statistieken/termijnen', token=mgmt)[2]
        pen = [x for x in f['dwangsommen'] if x['organisatie'] == 'IMG'][0]
        eq((pen['adressen'], pen['verschuldigd_centen']),
           ({'onderdrukt': True, 'onder': 2}, None), 'one address: hidden, and its amount')
        f = s.request('GET', '/api/v1/statistieken/termijnen', token=gem)[2]
        eq((f['gemeente'], [x['organisatie'] for x in f['termijnen']]), ('0014', ['IMG', 'NCG']),
           'a municipality\'s own figures')


def log_of(s, token):
    """The looks of NCG's buddy at A1 in the processing log."""
    status, _, b = s.request('GET', '/api/v1/logboek?nummeraanduidingId=%s&perPagina=500' % A1,
                             token=token)
    eq(status, 200, 'the log')
    return [x for x in b['items'] if 'a.jansma' in json.dumps(x)]


sys.exit(run_cases())
