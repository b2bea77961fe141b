"""The PostgreSQL side of the benchmarks (`--pg` of import_bench.py and
api_bench.py): a temporary cluster of the benchmark's own
(scripts/pg-cluster.sh), databases on it, and queries through psql.

Not a benchmark itself.
"""
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CLUSTER = os.path.join(ROOT, 'scripts', 'pg-cluster.sh')
# HAProxy in front of several instances: the tests' own helper
sys.path.insert(0, os.path.join(ROOT, 'tests', 'integration'))


def psql(url, sql):
    """The rows of sql, fields separated by '|', one string per row."""
    p = subprocess.run(['psql', '-X', '-At', '-v', 'ON_ERROR_STOP=1', '-d', url, '-c', sql],
                       capture_output=True, text=True)
    if p.returncode != 0:
        raise RuntimeError('psql: %s: %s' % (sql[:80], p.stderr.strip()))
    return p.stdout


class Cluster:
    """A PostgreSQL cluster in a temporary directory, started on a free port and
    stopped (and removed) on exit; or, given an admin URL, that running cluster,
    left as it is. Use as a context manager."""

    def __init__(self, admin=None):
        self.dir = None if admin else tempfile.mkdtemp(prefix='samenloop-bench-pg-')
        self.admin = admin

    def __enter__(self):
        if self.admin:
            return self
        p = subprocess.run(['sh', CLUSTER, 'start', self.dir], capture_output=True, text=True)
        if p.returncode != 0:
            raise RuntimeError('pg-cluster.sh start: ' + p.stderr.strip())
        self.admin = p.stdout.strip()
        return self

    def __exit__(self, *exc):
        if not self.dir:
            return
        subprocess.run(['sh', CLUSTER, 'stop', self.dir], capture_output=True)
        shutil.rmtree(self.dir, ignore_errors=True)

    def database(self, name=None):
        """A fresh, empty database (an old one of that name dropped); its URL."""
        name = name or 'samenloop_bench_' + secrets.token_hex(4)
        psql(self.admin, 'DROP DATABASE IF EXISTS %s WITH (FORCE)' % name)
        psql(self.admin, 'CREATE DATABASE %s' % name)
        return urllib.parse.urlsplit(self.admin)._replace(path='/' + name).geturl()

    def clone(self, url, name):
        """A copy of the database at url (no one connected to it) as name; its URL."""
        src = urllib.parse.urlsplit(url).path.lstrip('/')
        psql(self.admin, 'DROP DATABASE IF EXISTS %s WITH (FORCE)' % name)
        psql(self.admin, 'CREATE DATABASE %s TEMPLATE %s' % (name, src))
        return urllib.parse.urlsplit(self.admin)._replace(path='/' + name).geturl()

    def load(self):
        """What the cluster's machine is doing: its load averages."""
        return os.getloadavg()


def log_records(url):
    """Records in both chains: the register's and the look log's (schema inzage)."""
    return int(psql(url, 'SELECT (SELECT count(*) FROM logboek) + '
                         '(SELECT count(*) FROM inzage.logboek)').strip() or 0)


def verify_log(bin_, db):
    """`samenloop logboek verify`: (ok, its first line)."""
    p = subprocess.run([bin_, '--db', db, 'logboek', 'verify'], capture_output=True, text=True)
    first = (p.stdout.strip() or p.stderr.strip()).splitlines()
    return p.returncode == 0, first[0] if first else ''
