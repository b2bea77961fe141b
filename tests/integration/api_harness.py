"""A running `samenloop serve` for API tests: a fresh register with the
fixture deliveries, accounts made with the CLI, and a tiny HTTP client.

Used by test_api.py and the other API test files; not a test itself.
"""
import copy
import http.client
import json
import os
import re
import selectors
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.parse

import pg_template

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


def spawn_serve(binary, db, *extra, threads=4, env=None, port=0):
    """`samenloop serve` on port 0 (or `port`); returns (process, port) once it listens. The port
    is the one it prints on standard output: a port guessed free beforehand can be
    taken by a test running beside this one, whose server would answer in its place."""
    proc = subprocess.Popen([binary, '--db', db, 'serve', '--listen', '127.0.0.1:%d' % port,
                             '--threads', str(threads)] + list(extra),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    ready = selectors.DefaultSelector()
    ready.register(proc.stdout, selectors.EVENT_READ)
    line = proc.stdout.readline() if ready.select(timeout=20) else ''
    ready.close()
    m = re.match(r'http://127\.0\.0\.1:(\d+)$', line.strip())
    if not m:
        if proc.poll() is None:
            proc.kill()
        raise AssertionError('serve did not start: %s' % proc.communicate()[1])
    return proc, int(m.group(1))


def pg_admin_url():
    """The test cluster's admin URL (make test-pg, scripts/pg-cluster.sh), or ''
    when the tests run on SQLite."""
    return os.environ.get('SAMENLOOP_TEST_PG', '')


def is_pg(db):
    """True when the register `db` is a PostgreSQL URL rather than a SQLite file."""
    return db.startswith(('postgresql://', 'postgres://'))


_pg_dbs = []


def register_db(tmp, name='r.db'):
    """A fresh, empty register for a test that drives the CLI itself: a SQLite
    file `name` in tmp, or with SAMENLOOP_TEST_PG a database of its own on the
    test cluster (dropped when the test program exits)."""
    if not pg_admin_url():
        return os.path.join(tmp, name)
    if not _pg_dbs:
        import atexit
        atexit.register(lambda: [d.drop() for d in _pg_dbs])
    _pg_dbs.append(PgDatabase(pg_admin_url()))
    return _pg_dbs[-1].url


_pg_maps = {}


def leveringen_map(db):
    """Where the register `db` keeps a held delivery's file (decision 176):
    beside a SQLite file (<db>-leveringen); for a PostgreSQL register, which has
    no directory of its own, a temporary directory of its own that the fixtures
    give the CLI (--leveringen-map) and the server (leveringen_map)."""
    if not is_pg(db):
        return db + '-leveringen'
    if not _pg_maps:
        import atexit
        atexit.register(lambda: [shutil.rmtree(d, ignore_errors=True)
                                 for d in _pg_maps.values()])
    if db not in _pg_maps:
        _pg_maps[db] = tempfile.mkdtemp(prefix='samenloop-leveringen-')
    return _pg_maps[db]


def cli_argv(binary, db, *args):
    """The command line of `samenloop --db db ARGS`; on PostgreSQL an import is
    told where a held file goes (leveringen_map), as an operator would."""
    args = list(args)
    if is_pg(db) and args[:1] == ['import'] and '--leveringen-map' not in args:
        args[1:1] = ['--leveringen-map', leveringen_map(db)]
    return [binary, '--db', db] + args


class Skip(Exception):
    """A case that checks what only the SQLite store has; the case runners
    report it as skipped, not passed."""


def sqlite_only(db, reason):
    """Raises Skip on a PostgreSQL register: the case checks `reason`, which
    only the SQLite store has (a migration before the common baseline, its
    files beside the register)."""
    if is_pg(db):
        raise Skip('SQLite only: ' + reason)


def skip_on_pg(reason):
    """Ends a test program that checks something only the SQLite store has
    (its files beside the register, PRAGMA): exit 77, Meson's skip."""
    if pg_admin_url():
        print('SKIP on PostgreSQL: ' + reason)
        raise SystemExit(77)


def _pg_literal(v):
    if v is None:
        return 'NULL'
    if isinstance(v, bool):
        return 'true' if v else 'false'
    if isinstance(v, int):
        return str(v)
    if isinstance(v, (bytes, bytearray)):
        return "'\\x%s'::bytea" % bytes(v).hex()
    # standard_conforming_strings (on since PostgreSQL 9.1): only ' needs doubling
    return "'%s'" % str(v).replace("'", "''")


def bind(query, params):
    """The query with each ? outside a quoted string replaced by its parameter
    as a literal both dialects read: what sqlite3 binds, psql gets spelled out
    (and a script of several statements can carry)."""
    out, i, params = [], 0, list(params)
    for part in re.split(r"""('(?:[^']|'')*'|"[^"]*")""", query):
        if part[:1] in ("'", '"'):
            out.append(part)
            continue
        while '?' in part:
            head, part = part.split('?', 1)
            if i >= len(params):
                raise AssertionError('too few parameters for %r' % query)
            out.append(head + _pg_literal(params[i]))
            i += 1
        out.append(part)
    if i != len(params):
        raise AssertionError('too many parameters for %r' % query)
    return ''.join(out)


def _psql(url, script, looks=False):
    p = subprocess.run(['psql', '-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1', '-d', url],
                       input='SET TimeZone = UTC;\n' + ('SET search_path = inzage;\n' if looks
                                                        else '') + script,
                       capture_output=True, text=True)
    if p.returncode != 0:
        raise AssertionError('%s: %s' % (script, p.stderr.strip()))
    return p.stdout


# A column of PostgreSQL's type as the SQLite register holds it (decision 139's types).
_PG_AS_SQLITE = {'boolean': '%s::int', 'bytea': "encode(%s, 'hex')",
                 'timestamp with time zone': 'iso_utc(%s)', 'date': '%s::text',
                 'json': '%s::text', 'jsonb': '%s::text'}


def _pg_rows(db, stmt, looks):
    """The rows of a statement that returns rows, each column turned into what
    SQLite holds by its type (psql's \\gdesc), as one JSON array."""
    desc = _psql(db, stmt + ' \\gdesc\n', looks)
    types = [line.split('|', 1)[1] for line in desc.splitlines() if '|' in line]
    cols = ', '.join(_PG_AS_SQLITE.get(t, '%s') % ('q.c%d' % i) for i, t in enumerate(types))
    names = ', '.join('c%d' % i for i in range(len(types)))
    if re.match(r'(?is)\s*(select|with|values)\b', stmt):
        wrapped = "SELECT coalesce(json_agg(json_build_array(%s)), '[]') FROM (%s) AS q(%s)" % (
            cols, stmt, names)
    else:  # INSERT ... RETURNING and the like: a data-modifying WITH
        wrapped = ("WITH q(%s) AS (%s) SELECT coalesce(json_agg(json_build_array(%s)), '[]')"
                   " FROM q" % (names, stmt, cols))
    # json_agg keeps the statement's order: it reads the subquery as it comes
    return [tuple(r) for r in json.loads(_psql(db, wrapped + ';\n', looks))]


def sql(db, query, params=(), looks=False):
    """Runs one statement on the register `db`, either store, and returns its rows
    as a list of tuples as Python's sqlite3 does on the SQLite register: ints,
    str, None; flags 0/1; digests lower-case hex; moments ISO 8601 UTC text.
    Write `?` for parameters and the SQL both dialects share (flags compare with
    true/false; JSON as gegevens ->> 'key'). The look log is inzage.logboek in
    both (SQLite: its file attached as inzage), or with looks=True plain logboek.
    On PostgreSQL it goes through psql (no Python driver needed), each statement
    in a transaction of its own."""
    if not is_pg(db):
        con = sqlite3.connect(db + '-inzage' if looks else db, timeout=30)
        try:
            if not looks and os.path.exists(db + '-inzage'):
                con.execute('ATTACH DATABASE ? AS inzage', (db + '-inzage',))
            with con:
                return [tuple(r) for r in con.execute(query, params).fetchall()]
        except sqlite3.Error as e:  # one kind of failure on both stores
            raise AssertionError('%s: %s' % (query, e)) from e
        finally:
            con.close()
    stmt = bind(query.strip().rstrip(';'), params)
    if re.match(r'(?is)\s*(select|with|values)\b', stmt) or re.search(r'(?is)\breturning\b',
                                                                        stmt):
        return _pg_rows(db, stmt, looks)
    _psql(db, stmt + ';\n', looks)
    return []


def register_rows(db, query, *args):
    """sql() with the parameters as arguments."""
    return sql(db, query, args)


def copy_register(src, dst):
    """Makes dst a copy of the whole register src, on either store: the file,
    or on PostgreSQL the database made again from src as its template. No
    process may have either open (a template database takes no connections)."""
    if not is_pg(src):
        shutil.copy(src, dst)
        return
    name = lambda url: urllib.parse.urlsplit(url).path.lstrip('/')
    admin = PgDatabase.__new__(PgDatabase)
    admin.admin = pg_admin_url()
    admin.admin_sql('DROP DATABASE IF EXISTS %s WITH (FORCE)' % name(dst))
    admin.admin_sql('CREATE DATABASE %s TEMPLATE %s' % (name(dst), name(src)))


def sql_script(db, script):
    """Runs several statements (separated by ;) in one transaction, either store."""
    if not is_pg(db):
        con = sqlite3.connect(db, timeout=30)
        try:
            con.executescript('BEGIN;' + script + ';COMMIT;')
        except sqlite3.Error as e:
            raise AssertionError('%s: %s' % (script, e)) from e
        finally:
            con.close()
        return
    p = subprocess.run(['psql', '-X', '-q', '-1', '-v', 'ON_ERROR_STOP=1', '-d', db, '-f', '-'],
                       input=script, capture_output=True, text=True)
    if p.returncode != 0:
        raise AssertionError('%s: %s' % (script, p.stderr.strip()))


def _test_binary():
    """The samenloop binary of the running test program: its first argument, by
    the convention of every API test (test_x.py PATH_TO_SAMENLOOP ...), or None."""
    arg = sys.argv[1] if len(sys.argv) > 1 else ''
    return arg if os.path.basename(arg) == 'samenloop' and os.access(arg, os.X_OK) else None


class PgDatabase:
    """A database of its own on the test cluster, samenloop_test_<random>, made
    with the client package's psql (no Python driver needed); drop() removes it.
    It is a copy of the cluster's migrated template (pg_template.py, decision
    248), made with `binary` (by default the test program's); empty=True gives
    an empty database, for a test of the migrations themselves."""

    def __init__(self, admin, binary=None, empty=False):
        self.admin = admin
        self.name = pg_template.new_database(
            admin, None if empty else (binary or _test_binary()), 'samenloop_test')
        self.url = pg_template.database_url(admin, self.name)

    def admin_sql(self, sql):
        pg_template.admin_sql(self.admin, sql)

    def drop(self):
        self.admin_sql('DROP DATABASE IF EXISTS %s WITH (FORCE)' % self.name)


class Server:
    """Starts the server on a fresh register; use as a context manager. With
    SAMENLOOP_TEST_PG set the register is a fresh PostgreSQL database (dropped
    on exit), otherwise a SQLite file in the temporary directory."""

    def __init__(self, binary, data_dir, deliveries=('small',), extra_args=()):
        self.bin = binary
        self.tmp = tempfile.mkdtemp(prefix='samenloop-api-')
        self.pg = PgDatabase(pg_admin_url(), binary) if pg_admin_url() else None
        self.db = self.pg.url if self.pg else os.path.join(self.tmp, 'r.db')
        if self.pg:
            _pg_maps[self.db] = os.path.join(self.tmp, 'leveringen')
            os.mkdir(_pg_maps[self.db])
        for folder in deliveries:
            self.cli('import', *[os.path.join(data_dir, folder, f) for f in FILES])
        self.port = None  # known once started
        self.extra_args = list(extra_args)
        self.proc = None

    def sql(self, query, *params):
        """sql() on this server's register."""
        return sql(self.db, query, params)

    def cli(self, *args, stdin=None, check=True):
        p = subprocess.run(cli_argv(self.bin, self.db, *args), input=stdin,
                           capture_output=True, text=True)
        if check and p.returncode != 0:
            raise AssertionError('%s exited %d: %s' % (args, p.returncode, p.stderr))
        return p

    def rows(self, query, *args):
        """sql() on this server's register."""
        return sql(self.db, query, args)

    def user(self, name, role, *extra, password='een-lang-wachtwoord'):
        self.cli('user', 'add', '--name', name, '--role', role, *extra, '--password-stdin',
                 stdin=password + '\n')
        return self.cli('token', 'create', '--user', name).stdout.strip()

    def start(self, port=0):
        """Starts on a free port, or on `port` (an instance brought back where a load
        balancer expects it)."""
        self.proc, self.port = spawn_serve(self.bin, self.db, *self.map_args(),
                                           *self.extra_args, port=port)
        status, _, _ = self.request('GET', '/healthz')
        eq(status, 200, 'healthz of a started server')
        return self

    def map_args(self):
        """On PostgreSQL the server's leveringen_map (decision 176); SQLite's is
        beside the register without being told."""
        return ['--set', 'leveringen_map=' + leveringen_map(self.db)] if self.pg else []

    def twin(self):
        """A second, not yet started `samenloop serve` on the same register, on a port
        of its own (several instances on one database, tests/integration/balancer.py).
        Stop it with stop(); the register goes with this Server, not with the twin."""
        other = copy.copy(self)
        other.port = None
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
        except Skip as e:
            print('skip   %s: %s' % (fn.__name__, e))
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
