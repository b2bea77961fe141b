#!/usr/bin/env python3
"""The server under attack: what a client without an account, a slow client or a
malformed request can make the server do, measured on a real server.

Usage: test_server_hardening.py PATH_TO_SAMENLOOP DATA_DIR
Checks: 300 MB of zeros without a token, to a path that only starts like the
upload route and to the upload route itself, are answered at once (404, 401)
while the server's resident memory (VmRSS) stays small; an oversized
Content-Length is 413 before the body; a data steward's multi-MB delivery is
streamed to a private temporary file (0700 directory, 0600 file, removed after)
and imported, the server's memory staying well under the file's size; slow
request heads are cut after request_head_seconds and one client address holds
at most max_connections_per_ip connections, so /healthz keeps answering; an
unknown Transfer-Encoding gets one 501 and the connection is closed, a malformed
Content-Length a 400 and the connection is closed; a new
password ends the account's API tokens unless the beheerder keeps them.
"""
import glob
import http.client
import os
import select
import shutil
import socket
import stat
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from api_harness import Server, case, eq, run_cases  # noqa: E402

BIN = os.path.abspath(sys.argv[1])
DATA = os.path.abspath(sys.argv[2])
PER_IP = 8
HEAD_SECONDS = 2
MAX_UPLOAD = 32 << 20
MB = 1 << 20

# uploads go to a directory of the test's own, so that it can watch them come and go
UPLOAD_TMP = tempfile.mkdtemp(prefix='samenloop-hardening-')
os.environ['TMPDIR'] = UPLOAD_TMP
S = Server(BIN, DATA, extra_args=[
    '--set', 'max_connections_per_ip=%d' % PER_IP,
    '--set', 'request_head_seconds=%d' % HEAD_SECONDS,
    '--set', 'max_upload_bytes=%d' % MAX_UPLOAD])
TOK = {
    'beheer': S.user('beheer', 'beheerder'),
    'ds': S.user('ds', 'datasteward', '--org', 'IMG', '--levert-adressen'),
    'zb': S.user('zb', 'zaakbegeleider', '--org', 'IMG'),
}
S.start()


# ---- tools --------------------------------------------------------------------------

def rss_kb():
    with open('/proc/%d/status' % S.proc.pid) as f:
        for line in f:
            if line.startswith('VmRSS:'):
                return int(line.split()[1])
    raise AssertionError('no VmRSS')


class PeakRss:
    """Samples the server's resident memory every 10 ms until stopped."""

    def __enter__(self):
        self.base = rss_kb()
        self.peak = self.base
        self.running = True
        self.t = threading.Thread(target=self._run)
        self.t.start()
        return self

    def _run(self):
        while self.running:
            self.peak = max(self.peak, rss_kb())
            time.sleep(0.01)

    def growth_mb(self):
        return (self.peak - self.base) / 1024

    def __exit__(self, *exc):
        self.running = False
        self.t.join()


def connect(source='127.0.0.1'):
    s = socket.socket()
    s.bind((source, 0))
    s.connect(('127.0.0.1', S.port))
    return s


def read_answer(s, timeout):
    """Everything the server sends until it closes (or timeout): (bytes, closed)."""
    s.settimeout(timeout)
    data = b''
    end = time.time() + timeout
    try:
        while time.time() < end:
            d = s.recv(65536)
            if not d:
                return data, True
            data += d
    except ConnectionResetError:
        return data, True
    except socket.timeout:
        pass
    return data, False


def status_of(data):
    return int(data.split(b' ', 2)[1]) if data.startswith(b'HTTP/1.1 ') else None


def is_closed(s):
    """True when the server has closed s (EOF or reset), without waiting."""
    s.setblocking(False)
    try:
        return s.recv(1024) == b''
    except BlockingIOError:
        return False
    except OSError:
        return True


def flood(path, token=None, size=300 * MB):
    """Sends a head announcing size bytes, then zeros the way an attacker does:
    without waiting for the answer. Returns (answer, seconds to the answer)."""
    s = connect()
    auth = b'Authorization: Bearer %s\r\n' % token.encode() if token else b''
    t0 = time.time()
    s.sendall(b'POST %s HTTP/1.1\r\nHost: x\r\n%sContent-Length: %d\r\n\r\n'
              % (path.encode(), auth, size))
    zeros = bytes(MB)
    sent = 0
    # a moment for an answer before the body; then the body until the server stops taking it
    ready, _, _ = select.select([s], [], [], 1.0)
    try:
        while not ready and sent < size:
            s.sendall(zeros)
            sent += len(zeros)
            ready, _, _ = select.select([s], [], [], 0)
    except OSError:
        pass
    answer, _ = read_answer(s, 10)
    seconds = time.time() - t0
    s.close()
    return answer, seconds


# ---- memory -------------------------------------------------------------------------

@case
def bodies_without_an_account_are_not_read():
    for path, want in (('/api/v1/leveringenXYZ', 404), ('/api/v1/leveringen', 401)):
        with PeakRss() as m:
            answer, seconds = flood(path)
        eq(status_of(answer), want, path)
        if seconds > 5:
            raise AssertionError('%s answered after %.1f s' % (path, seconds))
        if m.growth_mb() > 30:
            raise AssertionError('%s: resident memory grew %.0f MB' % (path, m.growth_mb()))


@case
def an_oversized_content_length_is_refused_before_the_body():
    for path, who, size in (('/api/v1/leveringen', 'ds', MAX_UPLOAD + 1),  # over the upload limit
                            ('/api/v1/leveringen', 'zb', 5 * MB),  # no data steward: a small body
                            ('/api/v1/gebruikers', 'beheer', 5 * MB)):
        with PeakRss() as m:
            answer, seconds = flood(path, TOK[who], size)
        eq(status_of(answer), 413, '%s as %s' % (path, who))
        if seconds > 5 or m.growth_mb() > 30:
            raise AssertionError('%s as %s: %.1f s, %.0f MB' % (path, who, seconds,
                                                                m.growth_mb()))


@case
def a_delivery_is_streamed_to_a_private_file():
    gen = os.path.join(UPLOAD_TMP, 'gen')
    S.cli('gen', '--out', gen, '--seed', '3', '--ncg', '10', '--others', '60000')
    with open(os.path.join(gen, 'bag_adressen.csv'), 'rb') as f:
        data = f.read()
    if len(data) < 5 * MB:
        raise AssertionError('the delivery is only %d bytes' % len(data))
    s = connect()
    s.sendall(b'POST /api/v1/leveringen?bestand=bag_adressen.csv HTTP/1.1\r\nHost: x\r\n'
              b'Authorization: Bearer %s\r\nContent-Length: %d\r\n\r\n'
              % (TOK['ds'].encode(), len(data)))
    with PeakRss() as m:
        for i in range(0, len(data) - 1, MB):
            s.sendall(data[i:min(i + MB, len(data) - 1)])
        time.sleep(0.3)  # all but the last byte is with the server, which cannot import yet
    dirs = glob.glob(os.path.join(UPLOAD_TMP, 'samenloop-levering-*'))
    eq(len(dirs), 1, 'one upload directory')
    eq(stat.S_IMODE(os.stat(dirs[0]).st_mode), 0o700, 'directory mode')
    upload = os.path.join(dirs[0], 'upload')
    eq((stat.S_IMODE(os.stat(upload).st_mode), os.path.getsize(upload)),
       (0o600, len(data) - 1), 'the file so far')
    s.sendall(data[-1:])
    answer, _ = read_answer(s, 30)
    s.close()
    eq(status_of(answer), 201, 'imported: %r' % answer[:300])
    if b'"rows":60010' not in answer or b'"file":"bag_adressen.csv"' not in answer:
        raise AssertionError('report: %r' % answer[-400:])
    eq(glob.glob(os.path.join(UPLOAD_TMP, 'samenloop-levering-*')), [], 'removed after')
    if m.growth_mb() > len(data) / MB / 2:
        raise AssertionError('resident memory grew %.1f MB for a %.1f MB upload'
                             % (m.growth_mb(), len(data) / MB))


# ---- slow clients -------------------------------------------------------------------

def healthz(timeout=2):
    conn = http.client.HTTPConnection('127.0.0.1', S.port, timeout=timeout)
    try:
        conn.request('GET', '/healthz')
        return conn.getresponse().status
    finally:
        conn.close()


def slow_heads(source, n):
    socks = []
    for _ in range(n):
        s = connect(source)
        s.sendall(b'GET /healthz HTTP/1.1\r\nHost: x\r\n')
        socks.append(s)
    return socks


def drip(socks, closed, t0, line):
    """One more header line on each open connection; notes when each was closed."""
    for i, s in enumerate(socks):
        if i in closed:
            continue
        try:
            if is_closed(s):
                closed[i] = time.time() - t0
                continue
            s.sendall(line)
        except OSError:
            closed[i] = time.time() - t0


@case
def slow_heads_are_cut_and_one_address_gets_few_connections():
    t0 = time.time()
    socks = slow_heads('127.0.0.2', 30)
    closed = {}
    slowest_probe = 0
    n = 0
    while len(closed) < len(socks) and time.time() - t0 < 8:
        drip(socks, closed, t0, b'X-Langzaam-%d: ja\r\n' % n)
        n += 1
        p0 = time.time()
        eq(healthz(), 200, 'healthz from another address during the attack')
        slowest_probe = max(slowest_probe, time.time() - p0)
        time.sleep(0.25)
    for s in socks:
        s.close()
    at_once = sum(1 for t in closed.values() if t < 1)
    eq(at_once, len(socks) - PER_IP, 'connections over the per-address limit closed at once')
    eq(len(closed), len(socks), 'every slow head cut, although it kept sending')
    if max(closed.values()) > HEAD_SECONDS + 3:
        raise AssertionError('a slow head lasted %.1f s' % max(closed.values()))
    if slowest_probe > 1.5:
        raise AssertionError('healthz took %.1f s' % slowest_probe)


@case
def a_slow_client_does_not_lock_out_its_own_address_for_long():
    t0 = time.time()
    socks = slow_heads('127.0.0.1', PER_IP)
    closed = {}
    answered = None
    n = 0
    while time.time() - t0 < HEAD_SECONDS + 5:
        drip(socks, closed, t0, b'X-Langzaam-%d: ja\r\n' % n)
        n += 1
        try:
            if healthz(timeout=1) == 200:
                answered = time.time() - t0
                break
        except (OSError, http.client.HTTPException):
            pass  # the address's slots are taken, until the slow heads expire
        time.sleep(0.2)
    for s in socks:
        s.close()
    if answered is None:
        raise AssertionError('healthz never answered from the slow client\'s address')


# ---- odd requests -------------------------------------------------------------------

def one_request(head, timeout=5):
    s = connect()
    t0 = time.time()
    s.sendall(head)
    data, closed = read_answer(s, timeout)
    s.close()
    return data, closed, time.time() - t0


@case
def an_unknown_transfer_coding_gets_one_501_and_the_connection_closes():
    data, closed, seconds = one_request(b'POST /api/v1/sessies HTTP/1.1\r\nHost: x\r\n'
                                        b'Transfer-Encoding: xchunked\r\n\r\n')
    eq((status_of(data), data.count(b'HTTP/1.1 '), closed), (501, 1, True), 'answer %r' % data)
    if seconds > 2:
        raise AssertionError('closed after %.1f s' % seconds)
    # chunked itself is still taken
    data, _, _ = one_request(b'POST /api/v1/sessies HTTP/1.1\r\nHost: x\r\n'
                             b'Transfer-Encoding: chunked\r\nContent-Type: application/json\r\n'
                             b'\r\n2\r\n{}\r\n0\r\n\r\n', timeout=2)
    eq(status_of(data), 400, 'a chunked login without fields')


@case
def a_malformed_content_length_is_refused_and_the_connection_closed():
    # libmicrohttpd 0.9.75 answers this itself, before any application code runs, and
    # writes its status line and headers twice (decision 85): the server behind a proxy
    # never sees it. Checked here: a 400 at once, the body not awaited, the connection
    # closed, and nothing of the application's answers.
    for value in (b'-1', b'12abc', b'99999999999999999999999'):
        data, closed, seconds = one_request(b'POST /api/v1/sessies HTTP/1.1\r\nHost: x\r\n'
                                            b'Content-Length: ' + value + b'\r\n\r\n')
        eq((status_of(data) in (400, 413), closed), (True, True), 'answer %r' % data)
        if seconds > 2 or b'application/problem+json' in data:
            raise AssertionError('Content-Length %r: %.1f s, %r' % (value, seconds, data))


# ---- tokens after a password change -------------------------------------------------

def as_beheer(method, path, body=None):
    return S.request(method, path, body=body, token=TOK['beheer'])


@case
def a_new_password_ends_the_tokens_unless_kept():
    eq(as_beheer('POST', '/api/v1/gebruikers', {'naam': 'koppeling', 'rol': 'datasteward',
                                                 'org': 'NCG',
                                                 'wachtwoord': 'een-lang-wachtwoord'})[0],
       201, 'account')
    status, _, out = as_beheer('POST', '/api/v1/gebruikers/koppeling/tokens')
    eq(status, 201, 'token')
    old = out['token']
    eq(S.request('GET', '/api/v1/sessies/huidig', token=old)[0], 200, 'the token works')
    eq(as_beheer('PUT', '/api/v1/gebruikers/koppeling/wachtwoord',
                 {'wachtwoord': 'het-nieuwe-wachtwoord-1'})[0], 204, 'new password')
    eq(S.request('GET', '/api/v1/sessies/huidig', token=old)[0], 401, 'old token revoked')
    kept = as_beheer('POST', '/api/v1/gebruikers/koppeling/tokens')[2]['token']
    eq(as_beheer('PUT', '/api/v1/gebruikers/koppeling/wachtwoord',
                 {'wachtwoord': 'het-nieuwe-wachtwoord-2', 'tokensBehouden': True})[0], 204,
       'new password, tokens kept')
    eq(S.request('GET', '/api/v1/sessies/huidig', token=kept)[0], 200, 'kept token works')
    status, _, body = as_beheer('PUT', '/api/v1/gebruikers/koppeling/wachtwoord',
                                {'wachtwoord': 'het-nieuwe-wachtwoord-3', 'tokensBehouden': 'ja'})
    eq((status, body['errors'][0]['veld']), (400, 'tokensBehouden'), 'not a boolean')
    eq(S.request('GET', '/api/v1/sessies/huidig', token=kept)[0], 200, 'a refusal revokes nothing')
    status, _, log = as_beheer('GET', '/api/v1/logboek?perPagina=500')
    cats = [c for r in log['items'] for c in r['categorieen']]
    for want in ('gebruiker=koppeling:wachtwoord', 'gebruiker=koppeling:tokens-ingetrokken',
                 'gebruiker=koppeling:tokens-behouden'):
        eq(want in cats, True, want + ' logged')


try:
    rc = run_cases()
finally:
    S.stop()
    S.__exit__(None, None, None)
    shutil.rmtree(UPLOAD_TMP, ignore_errors=True)
sys.exit(rc)
