#!/usr/bin/env python3
"""The migrated register every PostgreSQL test database is a copy of
(decision 248), for api_harness.PgDatabase and tests/e2e/harness.mjs.

A first open migrates and seeds an empty database, which takes about a second;
CREATE DATABASE ... TEMPLATE copies a migrated one in a fraction of that. The
template is samenloop_tmpl_<digest>, the digest over the PostgreSQL migrations
(each file's name and text), so a changed migration makes a new one. Name,
digest and lock are those of tests/service/pg_template.h, so the service, API
and browser tests on one cluster share one template. The first test that finds
it missing makes it (`samenloop stats` on an empty database: the open migrates
and seeds, stats writes nothing) under a session advisory lock; the others wait
and copy it. It is marked a template (no connections allowed) only when complete.

As a program, for the browser tests' harness:
    pg_template.py ADMIN_URL SAMENLOOP PREFIX
makes a database PREFIX_<random> from the template and prints its name.
"""
import glob
import hashlib
import os
import secrets
import subprocess
import sys
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LOCK = int.from_bytes(b'sltmpl', 'big')  # pg_template.h: PG_TEMPLATE_LOCK


def template_name():
    """samenloop_tmpl_ and the first 8 bytes of SHA-256 over each migration's
    name, a NUL, its text and a NUL, in the order of their names."""
    h = hashlib.sha256()
    files = glob.glob(os.path.join(ROOT, 'src', 'store', 'migrations', 'pg', '*.sql'))
    for path in sorted(files, key=os.path.basename):
        with open(path, 'rb') as f:
            h.update(os.path.basename(path).encode() + b'\0' + f.read() + b'\0')
    return 'samenloop_tmpl_' + h.hexdigest()[:16]


def database_url(admin, name):
    """The admin URL with its database replaced by `name`."""
    return urllib.parse.urlsplit(admin)._replace(path='/' + name).geturl()


def admin_sql(admin, sql):
    """One statement on the cluster's admin database; its output (-At)."""
    p = subprocess.run(['psql', '-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1', '-d', admin,
                        '-c', sql], capture_output=True, text=True)
    if p.returncode != 0:
        raise AssertionError('%s: %s' % (sql, p.stderr))
    return p.stdout.strip()


class _Locked:
    """The template's advisory lock, held by a psql session of its own for as
    long as the block runs (and released by the server should this process die)."""

    def __init__(self, admin):
        self.admin = admin

    def __enter__(self):
        self.psql = subprocess.Popen(['psql', '-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1', '-d',
                                      self.admin], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True)
        self.psql.stdin.write("SELECT 'locked' FROM pg_advisory_lock(%d);\n" % LOCK)
        self.psql.stdin.flush()
        if self.psql.stdout.readline().strip() != 'locked':
            self.__exit__()
            raise AssertionError('pg_template: the lock was not taken')
        return self

    def __exit__(self, *exc):
        self.psql.stdin.close()
        self.psql.wait()


_ready = {}


def ensure_template(admin, binary):
    """The template's name on the cluster of `admin`, made first when missing."""
    name = template_name()
    if _ready.get(admin) == name:
        return name
    with _Locked(admin):
        state = admin_sql(admin, "SELECT datistemplate FROM pg_database WHERE datname = '%s'"
                          % name)
        if state != 't':
            # a half-made one is what a test that died while making it left
            admin_sql(admin, 'DROP DATABASE IF EXISTS %s WITH (FORCE)' % name)
            admin_sql(admin, 'CREATE DATABASE ' + name)
            p = subprocess.run([binary, '--db', database_url(admin, name), 'stats'],
                               capture_output=True, text=True)
            if p.returncode != 0:
                raise AssertionError('pg_template: samenloop stats: %s' % p.stderr)
            admin_sql(admin, 'ALTER DATABASE %s WITH IS_TEMPLATE true ALLOW_CONNECTIONS false'
                      % name)
    _ready[admin] = name
    return name


def new_database(admin, binary, prefix):
    """A new database prefix_<random>, a copy of the template, or an empty one
    without `binary` (then its first open migrates it); returns its name."""
    name = '%s_%s' % (prefix, secrets.token_hex(6))
    if binary:
        admin_sql(admin, 'CREATE DATABASE %s TEMPLATE %s' % (name, ensure_template(admin, binary)))
    else:
        admin_sql(admin, 'CREATE DATABASE ' + name)
    return name


if __name__ == '__main__':
    if len(sys.argv) != 4:
        sys.exit('usage: pg_template.py ADMIN_URL SAMENLOOP PREFIX')
    print(new_database(*sys.argv[1:]))
