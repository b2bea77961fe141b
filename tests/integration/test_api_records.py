#!/usr/bin/env python3
"""One claim or trajectory over HTTP: reads with ETag and the sharing cut,
PATCH with If-Match that behaves exactly like a delivery row (history,
classification, signals, processing log, outbox), parallel updates that
lose nothing, and the contractor's damage report (signal rule 7).

Usage: test_api_records.py PATH_TO_SAMENLOOP DATA_DIR
Prints 'N passed, N failed' last.
"""
import json
import os
import sys
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from api_harness import Server, case, eq, run_cases, sql  # noqa: E402

BIN = os.path.abspath(sys.argv[1])
DATA = os.path.abspath(sys.argv[2])
A1 = '0014200000000001'   # Groningen: NCG-0001 in 1.2, IMG-001 in voorbereiding
A3 = '0014200000000003'   # NCG-0003 bijzondere situatie, IMG-005 not urgent
A5 = '0014200000000005'   # NCG-0005 in 5.2 (construction), IMG-007 (O. Vos) afgehandeld


def rows(db, query, params=()):
    return sql(db, query, params)


def signals(s, *filters):
    return json.loads(s.cli('signals', 'list', '--json', *filters).stdout)


def comparable(sigs):
    """A signal without what differs between two registers (ids, moments)."""
    return sorted((x['regel'], x['variant'], x['regelversie'], x['nummeraanduiding_id'],
                   x['status'], json.dumps(x['aan'], sort_keys=True), x['vervalt_op'], x['tekst'])
                  for x in sigs)


def staff(s):
    return {
        'zb': s.user('k.postma', 'zaakbegeleider', '--org', 'IMG'),
        'bb': s.user('a.jansma', 'bewonersbegeleider', '--org', 'NCG'),
        'svip_img': s.user('s.img', 'svip', '--org', 'IMG'),
        'svip_ncg': s.user('s.ncg', 'svip', '--org', 'NCG'),
        'bron_ncg': s.user('bron.ncg', 'datasteward', '--org', 'NCG'),
    }


def modified_delivery(s, name, changes):
    """The small fixture's file `name` with whole lines replaced (prefix -> new line)."""
    src = os.path.join(DATA, 'small', name)
    with open(src, encoding='utf-8') as f:
        lines = f.read().split('\n')
    for prefix, new in changes.items():
        idx = [i for i, line in enumerate(lines) if line.startswith(prefix)]
        eq(len(idx), 1, 'line %s in %s' % (prefix, name))
        lines[idx[0]] = new
    path = os.path.join(s.tmp, name)
    with open(path, 'w', encoding='utf-8') as f:
        f.write('\n'.join(lines))
    return path


@case
def read_with_etag_by_owner_and_cut_for_the_other_body():
    with Server(BIN, DATA) as s:
        t = staff(s)
        s.start()
        status, h, c = s.request('GET', '/api/v1/schades/IMG-001', token=t['zb'])
        eq(status, 200, 'owner reads the claim')
        eq(h['etag'], '"%d"' % c['versie'], 'ETag is the versie')
        eq((c['versie'], c['fase'], c['regeling'], c['grondslag']),
           (1, 'voorbereiding', 'fysieke schade', 'eigen_organisatie'), 'full claim for IMG')
        status, h2, c2 = s.request('GET', '/api/v1/schades/IMG-001', token=t['bb'])
        eq(status, 200, 'NCG reads the claim on the statutory basis')
        eq(h2['etag'], h['etag'], 'same ETag for both bodies')
        eq(c2['grondslag'], 'wettelijke_taak_samenloop', 'basis')
        for hidden in ('regeling', 'urgent', 'aos', 'aos_gegrond', 'besluit_bedrag'):
            if hidden in c2:
                raise AssertionError('%s shown across the boundary: %r' % (hidden, c2))
        eq((c2['fase'], c2['img_id'], c2['nummeraanduiding_id']),
           ('voorbereiding', 'IMG-001', A1), 'status fields shown')
        status, _, tr = s.request('GET', '/api/v1/trajecten/NCG-0001', token=t['bb'])
        eq((status, tr['stap'], tr['bijzondere_situatie']), (200, '1.2', False), 'NCG reads')
        status, _, tr2 = s.request('GET', '/api/v1/trajecten/NCG-0001', token=t['zb'])
        eq(status, 200, 'IMG reads the trajectory with a basis')
        for hidden in ('risicoprofiel', 'batch', 'programma', 'keuze_bewoner'):
            if hidden in tr2:
                raise AssertionError('%s shown across the boundary: %r' % (hidden, tr2))
        # the svip's look is in the processing log; the owner's own look is not
        s.request('GET', '/api/v1/schades/IMG-001', token=t['svip_img'])
        eq(rows(s.db, "SELECT categorieen FROM logboek WHERE gebruiker = 's.img'"
                      " AND actie = 'inzage'"), [('schades:id,status,datums,contact,kenmerken,'
                                                  'bedragen',)], 'svip look logged, one part')
        eq(rows(s.db, "SELECT categorieen FROM logboek WHERE gebruiker = 'a.jansma'"),
           [('schades:id,status,datums,contact',)], 'cross-body look logged with the cut')
        eq(rows(s.db, "SELECT categorieen FROM logboek WHERE gebruiker = 'k.postma'"),
           [('traject:id,status,datums,contact',)],
           'IMG staff: the own claim not logged, the NCG trajectory logged')
        # the NCG source system reads its own trajectories, not IMG's claims
        eq(s.request('GET', '/api/v1/trajecten/NCG-0001', token=t['bron_ncg'])[0], 200,
           'source system reads its own body')
        eq(s.request('GET', '/api/v1/schades/IMG-001', token=t['bron_ncg'])[0], 403,
           'source system does not read the other body')


@case
def forbidden_and_not_found():
    with Server(BIN, DATA, extra_args=['--set', 'statutory_gemeenten=1979']) as s:
        t = staff(s)
        mgmt = s.user('m.beheer', 'management')
        coord = s.user('c.coord', 'coordinator')
        bew = s.user('b.woner', 'bewoner', '--adres', A1)
        s.start()
        eq(s.request('GET', '/api/v1/schades/IMG-001', token=t['zb'])[0], 200, 'owner')
        # the other body's existing case number without a basis is answered exactly as an
        # unknown one: the number says nothing about the other body's cases (decision 99)
        status, _, p = s.request('GET', '/api/v1/schades/IMG-001', token=t['bb'])
        eq(status, 404, 'other body without a basis (Groningen not statutory here)')
        unknown = s.request('GET', '/api/v1/schades/IMG-999', token=t['bb'])
        eq((status, p), unknown[0::2], 'the same answer as for an unknown claim')
        status, _, p = s.request('GET', '/api/v1/trajecten/NCG-0001', token=t['zb'])
        eq((status, p), s.request('GET', '/api/v1/trajecten/NCG-9999', token=t['zb'])[0::2],
           'IMG: an existing NCG trajectory without a basis is as an unknown one')
        eq(s.request('GET', '/api/v1/schades/IMG-001', token=mgmt)[0], 403, 'management')
        eq(s.request('GET', '/api/v1/trajecten/NCG-0001', token=coord)[0], 403, 'coordinator')
        eq(s.request('GET', '/api/v1/schades/IMG-001')[0], 401, 'nobody')
        eq(s.request('GET', '/api/v1/schades/IMG-001', token=bew)[0], 200, 'resident: own')
        eq(s.request('GET', '/api/v1/trajecten/NCG-0001', token=bew)[0], 200, 'resident: own')
        eq(s.request('GET', '/api/v1/schades/IMG-005', token=bew)[0], 404,
           'resident: another address is not found')
        eq(s.request('GET', '/api/v1/schades/IMG-999', token=t['zb'])[0], 404, 'unknown claim')
        eq(s.request('GET', '/api/v1/trajecten/NCG-9999', token=t['bb'])[0], 404,
           'unknown trajectory')
        eq(s.request('GET', '/api/v1/schades/' + 'X' * 40, token=t['zb'])[0], 400, 'bad id')
        # changing: only the owning body
        for tok, path in ((t['bb'], '/api/v1/schades/IMG-001'),
                          (t['zb'], '/api/v1/trajecten/NCG-0001'),
                          (t['svip_ncg'], '/api/v1/schades/IMG-001'),
                          (coord, '/api/v1/trajecten/NCG-0001'),
                          (bew, '/api/v1/schades/IMG-001')):
            eq(s.request('PATCH', path, token=tok, body={'urgent': True},
                         headers={'If-Match': '"1"'})[0], 403, 'PATCH %s by another' % path)
        eq(s.request('PATCH', '/api/v1/schades/IMG-999', token=t['zb'], body={'urgent': True},
                     headers={'If-Match': '"1"'})[0], 404, 'PATCH unknown claim')


@case
def patch_validation_changes_nothing_and_stale_if_match_is_412():
    with Server(BIN, DATA) as s:
        t = staff(s)
        s.start()
        path = '/api/v1/trajecten/NCG-0001'
        status, h, before = s.request('GET', path, token=t['bb'])
        etag = h['etag']
        def counts():
            return rows(s.db, 'SELECT (SELECT count(*) FROM statushistorie),'
                              ' (SELECT count(*) FROM logboek),'
                              ' (SELECT count(*) FROM outbox), (SELECT count(*) FROM signaal)')[0]
        start = counts()
        eq(s.request('PATCH', path, token=t['bb'], body={'stap': '4.1'})[0], 428, 'no If-Match')
        status, hh, p = s.request('PATCH', path, token=t['bb'], headers={'If-Match': etag},
                                  body={'stap': '9.9', 'stap_sinds': '2021-02-30',
                                        'bijzondere_situatie': 'ja', 'bewonersbegeleider': 7,
                                        'aannemersovereenkomst': 'gisteren', 'kleur': 'rood'})
        eq((status, hh.get('content-type')), (400, 'application/problem+json'), 'bad body')
        eq(sorted(e['veld'] for e in p['errors']),
           sorted(['stap', 'stap_sinds', 'bijzondere_situatie', 'bewonersbegeleider',
                   'aannemersovereenkomst', 'kleur']), 'every error listed')
        for body in ({}, {'stap_sinds': '2999-01-01'}, {'stap_sinds': None},
                     {'bewonersbegeleider': 'x' * 81}, {'fase': 'opname'}):
            eq(s.request('PATCH', path, token=t['bb'], body=body,
                         headers={'If-Match': etag})[0], 400, 'bad body %r' % body)
        eq(s.request('PATCH', path, token=t['bb'], raw=b'{"stap":', headers={
            'If-Match': etag, 'Content-Type': 'application/json'})[0], 400, 'malformed JSON')
        eq(s.request('PATCH', path, token=t['bb'], raw=b'{"stap":"4.1"}', headers={
            'If-Match': etag, 'Content-Type': 'text/plain'})[0], 415, 'not JSON')
        eq(s.request('GET', path, token=t['bb'])[2], before, 'record unchanged')
        eq(counts(), start, 'no history, log, outbox or signal from refused requests')
        status, h2, after = s.request('PATCH', path, token=t['bb'], headers={'If-Match': etag},
                                      body={'bewonersbegeleider': 'Z. Nieuw'})
        eq((status, after['versie'], h2['etag']), (200, 2, '"2"'), 'patched')
        status, _, p = s.request('PATCH', path, token=t['bb'], headers={'If-Match': etag},
                                 body={'bewonersbegeleider': 'Y. Ouder'})
        eq(status, 412, 'stale If-Match')
        eq(s.request('GET', path, token=t['bb'])[2]['bewonersbegeleider'], 'Z. Nieuw',
           'the stale change is lost, the first kept')
        # the same values again: nothing is written, the version stays
        status, _, same = s.request('PATCH', path, token=t['bb'], headers={'If-Match': '"2"'},
                                    body={'bewonersbegeleider': 'Z. Nieuw'})
        eq((status, same['versie']), (200, 2), 'no-op keeps the version')


@case
def patch_to_4_1_raises_rule_4_exactly_as_a_delivery_would():
    ncg = {'NCG-0001;': 'NCG-0001;0014200000000001;9712AB;1;;;4.1;2021-09-01;P90;1581;'
                        'regulier;nee;;A. Jansma;;'}
    img = {'IMG-005,': 'IMG-005,0014200000000003,,,,,HEA,voorbereiding,2021-08-15,2021-08-10,'
                       'ja,nee,,M. de Vries,'}
    # 1. by delivery
    with Server(BIN, DATA) as d:
        d.cli('import', modified_delivery(d, 'ncg_trajecten.csv', ncg))
        d.cli('import', modified_delivery(d, 'img_schades.csv', img))
        by_delivery = signals(d)
        hist_delivery = rows(d.db, "SELECT onderwerp, sleutel, veld, van, naar, datum"
                                   " FROM statushistorie WHERE levering_id > 3 ORDER BY id")
        class_delivery = rows(d.db, 'SELECT nummeraanduiding_id, stap, fase, potentieel, groep,'
                                    ' matrixversie FROM classificatie ORDER BY 1')
    # 2. by the API
    with Server(BIN, DATA) as s:
        t = staff(s)
        s.start()
        status, _, tr = s.request('PATCH', '/api/v1/trajecten/NCG-0001', token=t['bb'],
                                  headers={'If-Match': '"1"'},
                                  body={'stap': '4.1', 'stap_sinds': '2021-09-01'})
        eq((status, tr['stap'], tr['stap_sinds'], tr['versie']), (200, '4.1', '2021-09-01', 2),
           'trajectory patched')
        status, _, c = s.request('PATCH', '/api/v1/schades/IMG-005', token=t['zb'],
                                 headers={'If-Match': '"1"'}, body={'urgent': True})
        eq((status, c['urgent']), (200, True), 'claim patched')
        by_api = signals(s)
        eq(sorted((x['regel'], x['variant']) for x in by_api), [(4, 'met_schades'), (6, '')],
           'rules 4 and 6 raised')
        eq(comparable(by_api), comparable(by_delivery), 'the same signals as the delivery')
        hist = rows(s.db, "SELECT onderwerp, sleutel, veld, van, naar, datum, gebruiker"
                          " FROM statushistorie WHERE gebruiker IS NOT NULL ORDER BY id")
        eq([h[:6] for h in hist], hist_delivery, 'the same status history as the delivery')
        eq(hist[0][6], 'a.jansma', 'history names the account')
        eq(rows(s.db, 'SELECT nummeraanduiding_id, stap, fase, potentieel, groep,'
                      ' matrixversie FROM classificatie ORDER BY 1'), class_delivery,
           'the same classification as the delivery')
        log = rows(s.db, "SELECT gebruiker, org, actie, doel, grondslag, categorieen,"
                         " nummeraanduiding_id FROM logboek WHERE actie = 'wijziging'"
                         " AND doel NOT IN ('levering', 'accountbeheer') ORDER BY id")
        eq(log, [('a.jansma', 'NCG', 'wijziging', 'statusuitwisseling', 'eigen_organisatie',
                  'traject:id,status', int(A1)),
                 ('k.postma', 'IMG', 'wijziging', 'statusuitwisseling', 'eigen_organisatie',
                  'schades:id,kenmerken', int(A3))], 'processing-log records')
        eq(s.cli('logboek', 'verify').returncode, 0, 'log chain intact')
        eq(rows(s.db, "SELECT soort, sleutel FROM outbox WHERE soort LIKE '%.gewijzigd'"
                      " AND onderwerp IN ('schade', 'traject') ORDER BY id"),
           [('traject.gewijzigd', 'NCG-0001'), ('schade.gewijzigd', 'IMG-005')], 'outbox events')
        # a later delivery that carries the same values changes nothing (fingerprint kept)
        s.cli('import', modified_delivery(s, 'ncg_trajecten.csv', ncg))
        eq(rows(s.db, "SELECT versie FROM traject WHERE ncg_id = 'NCG-0001'")[0][0], 2,
           'an identical delivery row leaves the version')
        eq(rows(s.db, "SELECT count(*) FROM statushistorie WHERE sleutel = 'NCG-0001'")[0][0],
           1, 'and writes no history')
        # a delivery that differs overwrites and bumps the version
        s.cli('import', os.path.join(DATA, 'small', 'ncg_trajecten.csv'))
        status, h, tr = s.request('GET', '/api/v1/trajecten/NCG-0001', token=t['bb'])
        eq((tr['stap'], tr['versie'], h['etag']), ('1.2', 3, '"3"'), 'delivery bumps versie')


@case
def parallel_patches_with_retries_lose_nothing():
    with Server(BIN, DATA) as s:
        t = staff(s)
        tokens = [s.user('nb%d' % i, 'bewonersbegeleider', '--org', 'NCG') for i in range(4)]
        s.start()
        path = '/api/v1/trajecten/NCG-0001'
        start = s.request('GET', path, token=tokens[0])[2]['versie']
        changes = [{'stap': '2.1', 'stap_sinds': '2021-04-01'}, {'bijzondere_situatie': True},
                   {'bewonersbegeleider': 'P. Parallel'},
                   {'aannemersovereenkomst': '2022-02-02'}]
        stale = []
        failures = []

        def worker(i):
            try:
                for _ in range(200):
                    _, hdrs, _ = s.request('GET', path, token=tokens[i])
                    status, _, _ = s.request('PATCH', path, token=tokens[i],
                                             headers={'If-Match': hdrs['etag']}, body=changes[i])
                    if status == 200:
                        return
                    if status != 412:
                        raise AssertionError('unexpected %d' % status)
                    stale.append(i)
                raise AssertionError('worker %d never got through' % i)
            except Exception as e:  # reported by the main thread
                failures.append(e)

        threads = [threading.Thread(target=worker, args=(i,)) for i in range(len(changes))]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        eq(failures, [], 'workers')
        tr = s.request('GET', path, token=t['bb'])[2]
        eq((tr['stap'], tr['stap_sinds'], tr['bijzondere_situatie'], tr['bewonersbegeleider'],
            tr['aannemersovereenkomst']),
           ('2.1', '2021-04-01', True, 'P. Parallel', '2022-02-02'), 'every change kept')
        eq(tr['versie'], start + len(changes), 'one version per change')
        eq(rows(s.db, "SELECT count(*) FROM logboek WHERE actie = 'wijziging'"
                      " AND doel NOT IN ('levering', 'accountbeheer')")[0][0],
           len(changes), 'one log record per change')
        print('       (%d stale attempts retried)' % len(stale))


@case
def rule_7_only_in_construction_and_addressed_to_img():
    with Server(BIN, DATA) as s:
        t = staff(s)
        s.start()
        body = {'omschrijving': 'Scheur in de draagmuur gevonden bij het slopen van de vloer.',
                'gemeld_op': '2024-03-01'}
        url = '/api/v1/trajecten/%s/schademeldingen'
        status, _, p = s.request('POST', url % 'NCG-0001', token=t['bb'], body=body)
        eq(status, 409, 'not in 5.2')
        eq(signals(s, '--rule', '7'), [], 'no rule 7 outside construction')
        for tok in (t['zb'], t['svip_img'], t['bron_ncg']):
            eq(s.request('POST', url % 'NCG-0005', token=tok, body=body)[0], 403,
               'only NCG staff report')
        status, _, p = s.request('POST', url % 'NCG-0005', token=t['bb'],
                                 body={'omschrijving': 'x' * 2001, 'extra': 1})
        eq(status, 400, 'bad report')
        eq(sorted(e['veld'] for e in p['errors']), ['extra', 'gemeld_op', 'omschrijving'],
           'every error listed')
        eq(s.request('POST', url % 'NCG-0005', token=t['bb'],
                     body={'omschrijving': '   ', 'gemeld_op': '2024-03-01'})[0], 400, 'blank')
        eq(s.request('POST', url % 'NCG-9999', token=t['bb'], body=body)[0], 404, 'unknown')
        eq(rows(s.db, 'SELECT count(*) FROM schademelding_aannemer')[0][0], 0, 'nothing kept')
        status, _, r = s.request('POST', url % 'NCG-0005', token=t['bb'], body=body)
        eq((status, r['ncg_id'], r['nummeraanduiding_id'], r['door'], r['signalen_aangemaakt']),
           (201, 'NCG-0005', A5, 'a.jansma', 1), 'reported in 5.2')
        sig = signals(s, '--rule', '7')
        eq(len(sig), 1, 'one rule-7 signal')
        eq([(a['org'], a['rol'], a['persoon']) for a in sig[0]['aan']],
           [('IMG', 'svip', None), ('IMG', 'zaakbegeleider', 'O. Vos')], 'addressed to IMG')
        eq(sig[0]['nummeraanduiding_id'], A5, 'address')
        if 'aannemer' not in sig[0]['tekst']:
            raise AssertionError('rule 7 text: %r' % sig[0]['tekst'])
        # the IMG svip sees it among IMG's signals
        status, _, lst = s.request('GET', '/api/v1/signalen?regel=7', token=t['svip_img'])
        eq((status, [x['regel'] for x in lst['items']]), (200, [7]), 'IMG svip sees it')
        status, _, lst = s.request('GET', '/api/v1/signalen?regel=7', token=t['svip_ncg'])
        eq((status, lst['items']), (200, []), 'NCG svip is not addressed')
        # a second report is kept, but rule 7 is not raised twice while one is open
        status, _, r2 = s.request('POST', url % 'NCG-0005', token=t['svip_ncg'], body=body)
        eq((status, r2['signalen_aangemaakt']), (201, 0), 'second report')
        eq(rows(s.db, 'SELECT ncg_id, nummeraanduiding_id, door FROM schademelding_aannemer'
                      ' ORDER BY id'),
           [('NCG-0005', int(A5), 'a.jansma'), ('NCG-0005', int(A5), 's.ncg')], 'report rows')
        eq(rows(s.db, "SELECT count(*) FROM outbox WHERE soort ="
                      " 'schademelding_aannemer.aangemaakt'")[0][0], 2, 'outbox events')
        eq(s.cli('logboek', 'verify').returncode, 0, 'log chain intact')


if __name__ == '__main__':
    sys.exit(run_cases())
