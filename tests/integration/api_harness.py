"""A running `samenloop serve` for API tests: a fresh register with the
fixture deliveries, accounts made with the CLI, and a tiny HTTP client.

Used by test_api.py and the other API test files; not a test itself.
"""
import copy
import http.client
import json
import os
import secrets
import shutil
import socket
import sqlite3
import subprocess
import tempfile
import time
import urllib.parse

FILES = ('bag_adressen.csv', 'ncg_trajecten.csv', 'img_schades.csv')


def load_openapi(root):
    """docs/api/openapi.json with each path as the server answers it: the
    document's server URL (/api/v1) before it, or the path's own (/ for the
    unversioned /healthz, /readyz and /metrics)."""
    import json
    with open(os.path.join(root, 'docs', 'api', 'openapi.json'), encoding='utf-8') as f:
        doc = json.load(f)
    base = doc['servers'][0]['url']
    paths = {}
    for path, item in doc['paths'].items():
        server = item.get('servers', [{'url': base}])[0]['url'].rstrip('/')
        paths[server + path] = item
    doc['paths'] = paths
    return doc


def free_port():
    s = socket.socket()
    s.bind(('127.0.0.1', 0))
    port = s.getsockname()[1]
    s.close()
    return port


def pg_admin_url():
    """The test cluster's admin URL (make test-pg, scripts/pg-cluster.sh), or ''
    when the tests run on SQLite."""
    return os.environ.get('SAMENLOOP_TEST_PG', '')


class PgDatabase:
    """A database of its own on the test cluster, samenloop_test_<random>, made
    with the client package's psql (no Python driver needed); drop() removes it."""

    def __init__(self, admin):
        self.admin = admin
        self.name = 'samenloop_test_' + secrets.token_hex(6)
        self.url = urllib.parse.urlsplit(admin)._replace(path='/' + self.name).geturl()
        self.admin_sql('CREATE DATABASE ' + self.name)

    def admin_sql(self, sql):
        p = subprocess.run(['psql', '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', self.admin,
                            '-c', sql], capture_output=True, text=True)
        if p.returncode != 0:
            raise AssertionError('%s: %s' % (sql, p.stderr))

    def drop(self):
        self.admin_sql('DROP DATABASE IF EXISTS %s WITH (FORCE)' % self.name)


def _pg_literal(v):
    if v is None:
        return 'NULL'
    if isinstance(v, bool):
        return 'true' if v else 'false'
    if isinstance(v, int):
        return str(v)
    return "'" + str(v).replace("'", "''") + "'"


def _psql(url, sql):
    p = subprocess.run(['psql', '-X', '-At', '-v', 'ON_ERROR_STOP=1', '-d', url],
                       input=sql, capture_output=True, text=True)
    if p.returncode != 0:
        raise AssertionError('%s: %s' % (sql, p.stderr))
    return p.stdout


# A column of PostgreSQL's type as the SQLite register holds it (decision 139's types).
_PG_AS_SQLITE = {'boolean': '%s::int', 'bytea': "encode(%s, 'hex')",
                 'timestamp with time zone': 'iso_utc(%s)', 'date': '%s::text',
                 'json': '%s::text', 'jsonb': '%s::text'}


def register_rows(db, sql, *args):
    """The rows of `sql` on the register `db` (a SQLite file, or a PostgreSQL URL
    as the harness makes them), as tuples of what SQLite gives: integers, flags 1/0,
    digests in hex, moments as ISO 8601 UTC text, NULL as None. `?` stands for
    each of args. Write SQL that both stores speak (JSON: gegevens ->> 'key'); the
    look log is inzage.logboek in both (SQLite: its file attached as inzage)."""
    if not db.startswith(('postgresql://', 'postgres://')):
        con = sqlite3.connect(db)
        try:
            if os.path.exists(db + '-inzage'):
                con.execute('ATTACH DATABASE ? AS inzage', (db + '-inzage',))
            return con.execute(sql, args).fetchall()
        finally:
            con.close()
    parts = sql.split('?')
    if len(parts) != len(args) + 1:
        raise AssertionError('%d placeholders, %d values: %s' % (len(parts) - 1, len(args), sql))
    sql = parts[0] + ''.join(_pg_literal(a) + p for a, p in zip(args, parts[1:]))
    types = [line.split('|', 1)[1] for line in _psql(db, sql + ' \\gdesc\n').splitlines()
             if '|' in line]
    cols = ', '.join((_PG_AS_SQLITE.get(t, '%s') % ('q.c%d' % i)) for i, t in enumerate(types))
    got = _psql(db, 'SELECT coalesce(json_agg(json_build_array(%s)), \'[]\') FROM (%s) AS q(%s)'
                % (cols, sql, ', '.join('c%d' % i for i in range(len(types)))))
    return [tuple(r) for r in json.loads(got)]


class Server:
    """Starts the server on a fresh register; use as a context manager. With
    SAMENLOOP_TEST_PG set the register is a fresh PostgreSQL database (dropped
    on exit), otherwise a SQLite file in the temporary directory."""

    def __init__(self, binary, data_dir, deliveries=('small',), extra_args=()):
        self.bin = binary
        self.tmp = tempfile.mkdtemp(prefix='samenloop-api-')
        self.pg = PgDatabase(pg_admin_url()) if pg_admin_url() else None
        self.db = self.pg.url if self.pg else os.path.join(self.tmp, 'r.db')
        for folder in deliveries:
            self.cli('import', *[os.path.join(data_dir, folder, f) for f in FILES])
        self.port = free_port()
        self.extra_args = list(extra_args)
        self.proc = None

    def cli(self, *args, stdin=None, check=True):
        p = subprocess.run([self.bin, '--db', self.db] + list(args), input=stdin,
                           capture_output=True, text=True)
        if check and p.returncode != 0:
            raise AssertionError('%s exited %d: %s' % (args, p.returncode, p.stderr))
        return p

    def rows(self, sql, *args):
        """register_rows on this server's register."""
        return register_rows(self.db, sql, *args)

    def user(self, name, role, *extra, password='een-lang-wachtwoord'):
        self.cli('user', 'add', '--name', name, '--role', role, *extra, '--password-stdin',
                 stdin=password + '\n')
        return self.cli('token', 'create', '--user', name).stdout.strip()

    def start(self):
        self.proc = subprocess.Popen(
            [self.bin, '--db', self.db, 'serve', '--listen', '127.0.0.1:%d' % self.port,
             '--threads', '4'] + self.extra_args, stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE, text=True)
        deadline = time.time() + 20
        while time.time() < deadline:
            try:
                status, _, _ = self.request('GET', '/healthz')
                if status == 200:
                    return self
            except OSError:
                time.sleep(0.05)
        raise AssertionError('server did not start: %s' % self.stop())

    def twin(self):
        """A second, not yet started `samenloop serve` on the same register, on a port
        of its own (several instances on one database, tests/integration/balancer.py).
        Stop it with stop(); the register goes with this Server, not with the twin."""
        other = copy.copy(self)
        other.port = free_port()
        other.proc = None
        return other

    def stop(self):
        err = ''
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                _, err = self.proc.communicate(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                _, err = self.proc.communicate()
        return err

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()
        if self.pg:
            self.pg.drop()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def request(self, method, path, body=None, token=None, headers=None, raw=None):
        """Returns (status, headers dict lower-cased, parsed JSON or text)."""
        conn = http.client.HTTPConnection('127.0.0.1', self.port, timeout=30)
        h = dict(headers or {})
        data = raw
        if body is not None:
            data = json.dumps(body).encode()
            h.setdefault('Content-Type', 'application/json')
        if token:
            h['Authorization'] = 'Bearer ' + token
        conn.request(method, path, body=data, headers=h)
        r = conn.getresponse()
        payload = r.read()
        hdrs = {k.lower(): v for k, v in r.getheaders()}
        conn.close()
        ctype = hdrs.get('content-type', '')
        if 'json' in ctype:
            return r.status, hdrs, json.loads(payload) if payload else None
        return r.status, hdrs, payload.decode('utf-8', 'replace')


# ---- a minimal test runner shared by the API test files ----------------------

_results = {'passed': 0, 'failed': 0}
_cases = []


def eq(actual, expected, what):
    if actual != expected:
        raise AssertionError('%s: expected %r, got %r' % (what, expected, actual))


def case(fn):
    """Registers fn as a test case; a failure is reported and the next case runs."""
    def wrapper():
        try:
            fn()
            _results['passed'] += 1
            print('ok     %s' % fn.__name__)
        except Exception as e:  # report and go on
            _results['failed'] += 1
            print('FAILED %s: %s' % (fn.__name__, e))
    wrapper.__name__ = fn.__name__
    _cases.append(wrapper)
    return wrapper


def run_cases():
    """Runs every registered case; prints the closing line; returns the exit status."""
    for c in _cases:
        c()
    print('%d passed, %d failed' % (_results['passed'], _results['failed']))
    return 1 if _results['failed'] else 0
