#!/usr/bin/env python3
"""Combination dossiers over HTTP: ETag / If-Match, and parallel updates
that lose nothing.

Usage: test_api_dossiers.py PATH_TO_SAMENLOOP DATA_DIR
Prints 'N passed, N failed' last.
"""
import os
import sys
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from api_harness import Server, case, eq, run_cases  # noqa: E402

BIN = os.path.abspath(sys.argv[1])
DATA = os.path.abspath(sys.argv[2])
A1 = '0014200000000001'
PATH = '/api/v1/combinatiedossiers/' + A1
ELEMENTS = ['bezoekadres', 'gecoordineerde_afhandeling', 'coordinator', 'informatiedocument',
            'totaalopname', 'herstel_met_versterking']




@case
def etag_if_match_and_bad_requests_change_nothing():
    with Server(BIN, DATA) as s:
        zb = s.user('k.postma', 'zaakbegeleider', '--org', 'IMG')
        s.user('c.dewit', 'coordinator')
        s.start()
        status, hdrs, d = s.request('GET', PATH, token=zb)
        eq(status, 200, 'get')
        etag = hdrs['etag']
        eq(etag, '"%d"' % d['versie'], 'ETag is the versie')
        eq(s.request('PATCH', PATH, token=zb, body={'coordinator': 'X'})[0], 428, 'no If-Match')
        bad_bodies = [({'coordinator': 1}, 400), ({'onbekend': 'x'}, 400),
                      ({'samenwerking': 'misschien'}, 400),
                      ({'coordinator': 'C. de Wit'}, 400),  # free text: no account
                      ({'coordinator': 'k.postma'}, 400),   # an account, not a coordinator
                      ({'elementen': [{'element': 'totaalopname'}]}, 400),
                      ({'elementen': [{'element': 'totaalopname', 'status': 'gevraagd',
                                       'datum': '2021-02-30'}]}, 400)]
        for body, code in bad_bodies:
            status, h, b = s.request('PATCH', PATH, token=zb, body=body,
                                     headers={'If-Match': etag})
            eq(status, code, 'bad body %r' % body)
            eq(h.get('content-type'), 'application/problem+json', 'problem for %r' % body)
        eq(s.request('PATCH', PATH, token=zb, raw=b'{"coordinator":', headers={
            'If-Match': etag, 'Content-Type': 'application/json'})[0], 400, 'malformed JSON')
        eq(s.request('GET', PATH, token=zb)[2]['versie'], d['versie'], 'nothing changed')
        status, hdrs2, d2 = s.request('PATCH', PATH, token=zb, headers={'If-Match': etag},
                                      body={'coordinator': 'C.DeWit',
                                            'samenwerking': 'gezamenlijke_opname_gepland'})
        eq((status, d2['coordinator'], d2['versie']), (200, 'c.dewit', d['versie'] + 1),
           'patched: the account, by its login name')
        eq(s.request('PATCH', PATH, token=zb, headers={'If-Match': etag},
                     body={'coordinator': 'Y'})[0], 412, 'stale If-Match')
        eq(s.request('GET', PATH, token=zb)[2]['coordinator'], 'c.dewit', 'stale one lost')
        # the one change that went through is in the processing log, naming what changed
        log = s.cli('logboek', 'list', '--adres', A1).stdout
        changes = [l for l in log.splitlines() if 'combinatiedossier:' in l]
        eq(len(changes), 1, 'one log record for the one change: %r' % log)
        for word in ('k.postma', 'wijziging', 'coordinator,samenwerking'):
            if word not in changes[0]:
                raise AssertionError('%r not in the log record %r' % (word, changes[0]))


@case
def parallel_updates_with_if_match_lose_nothing():
    with Server(BIN, DATA) as s:
        tokens = [s.user('medewerker%d' % i, 'zaakbegeleider', '--org', 'IMG')
                  for i in range(len(ELEMENTS))]
        s.start()
        start = s.request('GET', PATH, token=tokens[0])[2]['versie']
        stale = []

        def worker(i):
            # read, change, retry on 412: the usual optimistic-concurrency loop
            for _ in range(200):
                status, hdrs, _ = s.request('GET', PATH, token=tokens[i])
                status, _, _ = s.request('PATCH', PATH, token=tokens[i],
                                         headers={'If-Match': hdrs['etag']},
                                         body={'elementen': [{'element': ELEMENTS[i],
                                                              'status': 'gevraagd'}]})
                if status == 200:
                    return
                if status != 412:
                    raise AssertionError('unexpected %d' % status)
                stale.append(i)
            raise AssertionError('worker %d never got through' % i)

        threads = [threading.Thread(target=worker, args=(i,)) for i in range(len(ELEMENTS))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        d = s.request('GET', PATH, token=tokens[0])[2]
        eq(sorted(e['element'] for e in d['elementen']), sorted(ELEMENTS), 'every change kept')
        eq(d['versie'], start + len(ELEMENTS), 'one version per change')
        print('       (%d stale attempts retried)' % len(stale))


@case
def no_basis_no_dossier():
    with Server(BIN, DATA, extra_args=['--set', 'statutory_gemeenten=1979']) as s:
        zb = s.user('k.postma', 'zaakbegeleider', '--org', 'IMG')
        mgmt = s.user('m.beheer', 'management')
        s.start()
        eq(s.request('GET', PATH, token=zb)[0], 403, 'no basis for the NCG part')
        eq(s.request('GET', PATH, token=mgmt)[0], 403, 'management')


if __name__ == '__main__':
    sys.exit(run_cases())
