#!/usr/bin/env python3
"""Combination dossiers over HTTP: ETag / If-Match, and parallel updates
that lose nothing.

Usage: test_api_dossiers.py PATH_TO_SAMENLOOP DATA_DIR
Prints 'N passed, N failed' last.
"""
import os
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from api_harness import Server, Skip, case, eq, run_cases  # noqa: E402

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
def a_gzip_client_has_its_own_tag_of_the_same_version():
    gz = {'Accept-Encoding': 'gzip'}
    with Server(BIN, DATA) as s:
        zb = s.user('k.postma', 'zaakbegeleider', '--org', 'IMG')
        s.start()
        status, hdrs, _ = s.request('GET', PATH, token=zb, headers=gz)
        versie = s.request('GET', PATH, token=zb)[2]['versie']
        # a gzip client's tag even where the short body goes uncoded: one tag per kind
        # of client, never one tag for two representations (decision 250)
        eq((status, hdrs['etag']), (200, '"%d-gzip"' % versie), 'the gzip client\'s own tag')
        status, hdrs, _ = s.request('GET', PATH, token=zb,
                                    headers=dict(gz, **{'If-None-Match': hdrs['etag']}))
        eq((status, hdrs['etag']), (304, '"%d-gzip"' % versie), 'revalidated, the same tag')
        eq(s.request('GET', PATH, token=zb, headers={'If-None-Match': '"%d-gzip"' % versie})[0],
           304, 'the coded tag names the same version for a plain client')
        status, _, d = s.request('PATCH', PATH, token=zb, headers={'If-Match': '"%d-gzip"' % versie},
                                 body={'samenwerking': 'gezamenlijke_opname_gepland'})
        eq((status, d['versie']), (200, versie + 1), 'a change with the coded tag')
        eq(s.request('PATCH', PATH, token=zb, headers={'If-Match': '"%d-gzip"' % versie},
                     body={'samenwerking': 'integraal_plan'})[0], 412, 'a stale coded tag')


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


# ---- the dossier on a chosen date (?peildatum, issue 17, decisions 212-213) ----------

DOSSIER = '/api/v1/adressen/' + A1


def looks(s):
    """The processing-log lines of A1 (looks across the boundary among them)."""
    lines = s.cli('logboek', 'list', '--adres', A1).stdout.splitlines()
    return sum(1 for line in lines if line.split() and line.split()[0].isdigit())


def claim(body, img_id):
    for c in body['schades'] or []:
        if c.get('img_id') == img_id:
            return c
    return None


@case
def peildatum_shows_the_dossier_as_it_was():
    with Server(BIN, DATA) as s:
        zb = s.user('k.postma', 'zaakbegeleider', '--org', 'IMG')
        s.start()
        status, hdrs, _ = s.request('GET', '/api/v1/schades/IMG-001', token=zb)
        eq(status, 200, 'GET claim')
        status, _, _ = s.request('PATCH', '/api/v1/schades/IMG-001', token=zb,
                                 body={'fase': 'opname', 'fase_sinds': '2021-08-01'},
                                 headers={'If-Match': hdrs['etag']})
        eq(status, 200, 'PATCH to opname')
        # the register had the deliveries on 1 Jul 2021 and recorded the change on 2 Aug
        s.sql("UPDATE levering SET gestart_op = '2021-07-01T09:00:00Z'")
        s.sql("UPDATE statushistorie SET vastgelegd_op = '2021-08-02T10:00:00Z'"
              " WHERE sleutel = 'IMG-001'")
        status, _, now = s.request('GET', DOSSIER, token=zb)
        eq(status, 200, 'today')
        eq(claim(now, 'IMG-001')['fase'], 'opname', 'today: opname')
        eq('peildatum' in now, False, 'today has no peildatum')
        status, _, then = s.request('GET', DOSSIER + '?peildatum=2021-08-01', token=zb)
        eq(status, 200, 'on 1 Aug')
        eq(claim(then, 'IMG-001')['fase'], 'voorbereiding', '1 Aug: voorbereiding')
        eq(then['peildatum']['datum'], '2021-08-01', 'says the date')
        if 'historie' not in then['peildatum']['uitleg']:
            raise AssertionError('no plain explanation: %r' % then['peildatum'])
        eq([h for h in then['historie'] if h['sleutel'] == 'IMG-001'], [], 'history ends then')
        status, _, later = s.request('GET', DOSSIER + '?peildatum=2021-08-02', token=zb)
        eq((claim(later, 'IMG-001')['fase'], claim(later, 'IMG-001')['fase_sinds']),
           ('opname', '2021-08-01'), '2 Aug: opname since 1 Aug')


@case
def peildatum_refusals_say_why():
    import datetime
    tomorrow = (datetime.date.today() + datetime.timedelta(days=1)).isoformat()
    with Server(BIN, DATA) as s:
        zb = s.user('k.postma', 'zaakbegeleider', '--org', 'IMG')
        s.start()
        s.sql("UPDATE levering SET gestart_op = '2021-07-01T09:00:00Z'")
        for q in ('?peildatum=' + tomorrow, '?peildatum=2021-02-30', '?peildatum=1-8-2021',
                  '?peildatum='):
            status, hdrs, body = s.request('GET', DOSSIER + q, token=zb)
            eq(status, 400, q)
            eq(hdrs.get('content-type'), 'application/problem+json', q + ' problem')
            eq([e['veld'] for e in body['errors']], ['peildatum'], q + ' field')
        status, hdrs, body = s.request('GET', DOSSIER + '?peildatum=2021-06-30', token=zb)
        eq(status, 404, 'before the register knew it')
        if '2021-07-01' not in body.get('detail', ''):
            raise AssertionError('does not say from when: %r' % body)
        # the gate is the same: an address a resident may not see stays a plain 404
        bw = s.user('bw', 'bewoner', '--adres', '0014200000000002')
        status, _, body = s.request('GET', DOSSIER + '?peildatum=2021-08-01', token=bw)
        eq(status, 404, 'another address for a resident')
        eq('2021' in body.get('detail', ''), False, 'tells nothing of it')


@case
def a_look_at_the_past_is_logged_as_a_look_today():
    with Server(BIN, DATA) as s:
        svip = s.user('svip.img', 'svip', '--org', 'IMG')
        s.start()
        s.sql("UPDATE levering SET gestart_op = '2021-07-01T09:00:00Z'")
        n0 = looks(s)
        eq(s.request('GET', DOSSIER, token=svip)[0], 200, 'today')
        n1 = looks(s)
        eq(s.request('GET', DOSSIER + '?peildatum=2021-08-01', token=svip)[0], 200, 'then')
        n2 = looks(s)
        if n1 <= n0:
            raise AssertionError('a look today writes no log record (%d, %d)' % (n0, n1))
        eq(n2 - n1, n1 - n0, 'a look at the past writes what a look today writes')


# ---- a lookup without the server's read snapshot (decision 252) ---------------------

def rollbacks(s):
    """ROLLBACKs on the register's PostgreSQL database (a read snapshot ends in
    one), once the stopped server's connections have gone and reported them."""
    for _ in range(200):
        (backends, n), = s.sql('SELECT numbackends, xact_rollback FROM pg_stat_database'
                               ' WHERE datname = current_database()')
        if int(backends) <= 1:  # this psql session
            return int(n)
        time.sleep(0.05)
    raise AssertionError('the server\'s connections did not close')


def rollbacks_of(s, token, path, n):
    """The ROLLBACKs of one server run that sends n GETs of path."""
    before = rollbacks(s)
    s.start()
    for _ in range(n):
        eq(s.request('GET', path, token=token)[0], 200, 'GET ' + path)
    s.stop()
    return rollbacks(s) - before


@case
def a_lookup_takes_no_read_snapshot():
    with Server(BIN, DATA) as s:
        if not s.pg:
            raise Skip('PostgreSQL only: SQLite\'s snapshot is no statement')
        zb = s.user('k.postma', 'zaakbegeleider', '--org', 'IMG')
        idle = rollbacks_of(s, zb, DOSSIER, 0)
        lookups = rollbacks_of(s, zb, DOSSIER, 10)
        others = rollbacks_of(s, zb, '/api/v1/schades/IMG-001', 10)
        if others < idle + 10:
            raise AssertionError('a GET with the server\'s snapshot rolls it back: %d, %d'
                                 % (idle, others))
        if lookups > idle + 3:
            raise AssertionError('10 lookups ended %d read snapshots (an idle run %d)'
                                 % (lookups, idle))


if __name__ == '__main__':
    sys.exit(run_cases())
