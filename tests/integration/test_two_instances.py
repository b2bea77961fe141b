#!/usr/bin/env python3
"""Two `samenloop serve` instances on one register behind HAProxy (issue 15,
point 4): logins, lookups and writes through the balancer, sessions of one
instance honoured by the other, and one instance killed (SIGKILL) in the middle
of a stream of writes: the requests after that go to the other instance, every
write answered 2xx is in the register, and the processing log's chains verify.

Usage: test_two_instances.py PATH_TO_SAMENLOOP DATA_DIR  (make test-pg)
Its target is PostgreSQL (SAMENLOOP_TEST_PG); without the variable it runs on
one SQLite file shared through file locks, except in CI (CI=true): failed, since
there the PostgreSQL run is the point.
"""
import os
import signal
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from api_harness import Server, case, eq, pg_admin_url, run_cases  # noqa: E402
from balancer import HAProxy  # noqa: E402

if not pg_admin_url() and os.environ.get('CI') == 'true':
    print('SAMENLOOP_TEST_PG is not set in CI: run make test-pg')
    sys.exit(1)

BIN = os.path.abspath(sys.argv[1])
DATA = os.path.abspath(sys.argv[2])
A1 = '0014200000000001'
DOSSIER = '/api/v1/combinatiedossiers/' + A1
PW = 'een-lang-wachtwoord'
WRITERS = 3          # threads writing at once through HAProxy
WRITES_BEFORE = 15   # requests each writer makes before the kill, at least
WRITES_AFTER = 15    # and after it
INSTANCE = 'x-samenloop-instance'


class Pair:
    """A register, instances a and b on it, HAProxy in front; a context manager."""

    def __init__(self):
        self.s = Server(BIN, DATA)
        self.tokens = {'svip': self.s.user('svip.img', 'svip', '--org', 'IMG', password=PW),
                       'zb': self.s.user('k.postma', 'zaakbegeleider', '--org', 'IMG',
                                         password=PW)}
        self.a = self.s
        self.b = self.s.twin()
        self.lb = None

    def __enter__(self):
        self.a.start()
        self.b.start()
        self.lb = HAProxy([('a', self.a.port), ('b', self.b.port)]).start(wait_for=('a', 'b'))
        return self

    def __exit__(self, *exc):
        if self.lb:
            self.lb.stop()
        self.b.stop()
        self.s.__exit__(*exc)


def login(via, name):
    status, hdrs, body = via.request('POST', '/api/v1/sessies',
                                     body={'gebruikersnaam': name, 'wachtwoord': PW})
    eq(status, 201, 'login of %s' % name)
    return {'Cookie': hdrs['set-cookie'].split(';', 1)[0], 'X-CSRF-Token': body['csrf_token']}


def ask(via, token=None, headers=None, vraag='Waar staat het?'):
    return via.request('POST', '/api/v1/verzoeken', token=token, headers=headers, body={
        'nummeraanduiding_id': A1, 'type': 'statusuitwisseling', 'doel': 'svip_verzoek',
        'vraag': vraag})


def verify_log(s):
    p = s.cli('logboek', 'verify', check=False)
    eq(p.returncode, 0, 'logboek verify: %s %s' % (p.stdout, p.stderr))
    if 'logboek in orde' not in p.stdout:
        raise AssertionError('logboek verify says: %r' % p.stdout)


@case
def round_robin_over_both_with_lookups_and_writes():
    with Pair() as p:
        served = set()
        for _ in range(6):
            status, hdrs, d = p.lb.request('GET', DOSSIER, token=p.tokens['zb'])
            eq(status, 200, 'lookup through HAProxy')
            served.add(hdrs[INSTANCE])
        eq(served, {'a', 'b'}, 'both instances answer')
        # optimistic concurrency across instances: the ETag of one is honoured by the other
        _, hdrs, d = p.a.request('GET', DOSSIER, token=p.tokens['zb'])
        status, _, d2 = p.b.request('PATCH', DOSSIER, token=p.tokens['zb'],
                                    headers={'If-Match': hdrs['etag']},
                                    body={'samenwerking': 'gezamenlijke_opname_gepland'})
        eq((status, d2['versie']), (200, d['versie'] + 1), 'If-Match from a, written on b')
        eq(p.a.request('PATCH', DOSSIER, token=p.tokens['zb'], headers={'If-Match': hdrs['etag']},
                       body={'samenwerking': 'geen'})[0], 412, 'the stale ETag refused on a')
        # consent recorded on one instance, confirmed by a colleague on the other
        svip2 = p.s.user('svip.img2', 'svip', '--org', 'IMG', password=PW)
        status, _, t = p.a.request('POST', '/api/v1/toestemmingen', token=p.tokens['svip'], body={
            'nummeraanduiding_id': A1, 'doel': 'svip_verzoek', 'gegeven_op': '2026-01-15',
            'kanaal': 'post', 'formulier_kenmerk': 'GUO-2026-0100'})
        eq(status, 201, 'consent recorded on a')
        eq(p.b.request('POST', '/api/v1/toestemmingen/%d/bevestiging' % t['id'],
                       token=svip2)[0], 200, 'confirmed on b by a colleague')
        verify_log(p.s)


@case
def a_session_of_one_instance_works_on_the_other():
    with Pair() as p:
        session = login(p.a, 'svip.img')
        status, _, me = p.b.request('GET', '/api/v1/sessies/huidig', headers=session)
        eq((status, me['gebruiker']['naam']), (200, 'svip.img'), 'the session made on a, read on b')
        status, _, v = ask(p.b, headers=session)
        eq(status, 201, 'a write on b with the session and CSRF token of a')
        eq(p.a.request('GET', '/api/v1/verzoeken/%d' % v['id'], headers=session)[0], 200,
           'read back on a')
        eq(p.b.request('DELETE', '/api/v1/sessies/huidig', headers=session)[0], 204,
           'logged out on b')
        eq(p.a.request('GET', '/api/v1/sessies/huidig', headers=session)[0], 401,
           'and the session is gone on a too')


class Writers:
    """WRITERS threads writing through HAProxy until told to stop: SVIP requests
    (POST) and combination-dossier changes with If-Match (PATCH, retried on 412).
    Each answer is noted with the time and the instance that gave it."""

    def __init__(self, p):
        self.p = p
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.answers = []      # (time, kind, status, instance, id or None)
        self.threads = [threading.Thread(target=self.run, args=(i,)) for i in range(WRITERS)]

    def note(self, kind, status, hdrs, ident):
        with self.lock:
            self.answers.append((time.monotonic(), kind, status, hdrs.get(INSTANCE), ident))

    def request(self, *args, **kw):
        try:
            return self.p.lb.request(*args, **kw)
        except OSError:  # the connection dropped: an answer of none
            return 0, {}, None

    def run(self, i):
        zb, svip = self.p.tokens['zb'], self.p.tokens['svip']
        n = 0
        while not self.stop.is_set():
            n += 1
            if i % 2 == 0:
                status, hdrs, v = self.request('POST', '/api/v1/verzoeken', token=svip, body={
                    'nummeraanduiding_id': A1, 'type': 'statusuitwisseling',
                    'doel': 'svip_verzoek', 'vraag': 'Vraag %d.%d' % (i, n)})
                self.note('verzoek', status, hdrs, v['id'] if status == 201 else None)
            else:
                status, hdrs, d = self.request('GET', DOSSIER, token=zb)
                if status != 200:
                    self.note('lookup', status, hdrs, None)
                    continue
                status, hdrs, _ = self.request(
                    'PATCH', DOSSIER, token=zb, headers={'If-Match': hdrs['etag']},
                    body={'elementen': [{'element': 'totaalopname', 'status': 'gevraagd',
                                         'datum': '2026-%02d-%02d' % (1 + n % 12,
                                                                      1 + n % 28)}]})
                self.note('wijziging', status, hdrs, None)

    def count(self, after=0.0):
        with self.lock:
            return sum(1 for a in self.answers if a[0] >= after)

    def __enter__(self):
        for t in self.threads:
            t.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for t in self.threads:
            t.join()


def wait_until(what, cond, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if cond():
            return
        time.sleep(0.02)
    raise AssertionError('timed out waiting for ' + what)


@case
def killing_one_instance_loses_no_write():
    with Pair() as p:
        start_versie = p.lb.request('GET', DOSSIER, token=p.tokens['zb'])[2]['versie']
        with Writers(p) as w:
            wait_until('writes before the kill', lambda: w.count() >= WRITERS * WRITES_BEFORE)
            kill_sent = time.monotonic()
            os.kill(p.a.proc.pid, signal.SIGKILL)
            p.a.proc.wait()
            killed = time.monotonic()
            # the health check takes the dead instance out within 200 ms; give it a second
            settled = killed + 1.0
            wait_until('writes after the kill',
                       lambda: w.count(settled) >= WRITERS * WRITES_AFTER)
        answers = w.answers
        before = [a for a in answers if a[0] < killed]
        after = [a for a in answers if a[0] >= settled]
        eq({a[3] for a in before if a[2] in (200, 201)}, {'a', 'b'}, 'both served before')
        eq({(a[2], a[3]) for a in after if a[1] != 'wijziging' or a[2] != 412},
           {(200, 'b'), (201, 'b')}, 'after the kill: every answer 2xx, from b')
        # Requests fail only between the kill and the dead instance leaving the rotation:
        # those in flight, and one sent on a kept-alive connection to it (HAProxy does not
        # send a POST again once it went out). Before the kill or once settled, none.
        failed = [a for a in answers if a[2] not in (200, 201, 412)]
        outside = [a for a in failed if not kill_sent <= a[0] < settled]
        if outside:
            raise AssertionError('requests failed outside the kill\'s window: %r' % outside)
        # every SVIP request answered 201 is there, read through HAProxy (so from b)
        made = [a[4] for a in answers if a[1] == 'verzoek' and a[2] == 201]
        for ident in made:
            eq(p.lb.request('GET', '/api/v1/verzoeken/%d' % ident,
                            token=p.tokens['svip'])[0], 200, 'verzoek %d kept' % ident)
        # every change answered 200 is one version more; one that failed at the kill may
        # have committed without an answer
        changed = sum(1 for a in answers if a[1] == 'wijziging' and a[2] == 200)
        lost = sum(1 for a in failed if a[1] == 'wijziging')
        versie = p.lb.request('GET', DOSSIER, token=p.tokens['zb'])[2]['versie']
        if not start_versie + changed <= versie <= start_versie + changed + lost:
            raise AssertionError('dossier at versie %d after %d changes from %d (%d unanswered)'
                                 % (versie, changed, start_versie, lost))
        print('       (%d answers, %d verzoeken, %d changes, %d failed at the kill)'
              % (len(answers), len(made), changed, len(failed)))
        verify_log(p.s)
        # the killed instance back on its port: HAProxy sends it requests again
        p.a.start(port=p.a.port)
        seen = set()
        wait_until('a back in rotation', lambda: seen.add(
            p.lb.request('GET', '/readyz')[1].get(INSTANCE)) or 'a' in seen)


sys.exit(run_cases())
