#!/usr/bin/env python3
"""Readiness on PostgreSQL: /readyz says not ready while the database is
unreachable, and the server recovers by itself when it returns, without a
restart of its own (decision 144).

The test stops and starts a cluster, so it runs one of its own
(scripts/pg-cluster.sh in a temporary directory), never the shared test
cluster of the other tests.

Usage: test_pg_readyz.py PATH_TO_SAMENLOOP SOURCE_ROOT  (make test-pg)
Without SAMENLOOP_TEST_PG: skipped (77), except in CI (CI=true): failed.
"""
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from api_harness import case, eq, pg_admin_url, run_cases, spawn_serve  # noqa: E402

if not pg_admin_url():
    if os.environ.get('CI') == 'true':
        print('SAMENLOOP_TEST_PG is not set in CI: run make test-pg')
        sys.exit(1)
    print('skipped: SAMENLOOP_TEST_PG is not set (make test-pg)')
    sys.exit(77)

BIN = os.path.abspath(sys.argv[1])
CLUSTER = os.path.join(os.path.abspath(sys.argv[2]), 'scripts', 'pg-cluster.sh')


def cluster(cmd, directory):
    p = subprocess.run(['sh', CLUSTER, cmd, directory], capture_output=True, text=True)
    if p.returncode != 0:
        raise AssertionError('pg-cluster.sh %s: %s' % (cmd, p.stderr))
    return p.stdout.strip()


def readyz(port):
    import http.client
    try:
        conn = http.client.HTTPConnection('127.0.0.1', port, timeout=10)
        conn.request('GET', '/readyz')
        status = conn.getresponse().status
        conn.close()
        return status
    except OSError:
        return None


def wait_for(port, want, seconds):
    """The first /readyz status equal to want within seconds, else the last one."""
    deadline = time.time() + seconds
    status = None
    while time.time() < deadline:
        status = readyz(port)
        if status == want:
            return status
        time.sleep(0.2)
    return status


@case
def not_ready_while_the_database_is_away_and_ready_again_by_itself():
    tmp = tempfile.mkdtemp(prefix='samenloop-readyz-')
    # the cluster's directory must be reachable by its owner (root runs it as postgres)
    os.chmod(tmp, 0o755)
    directory = os.path.join(tmp, 'pg')
    proc = None
    try:
        admin = cluster('start', directory)
        subprocess.run(['psql', '-X', '-q', '-d', admin, '-c', 'CREATE DATABASE readyz'],
                       check=True, capture_output=True)
        url = urllib.parse.urlsplit(admin)._replace(path='/readyz').geturl()
        proc, port = spawn_serve(BIN, url, threads=2)
        eq(wait_for(port, 200, 20), 200, 'ready with the database there')

        cluster('stop', directory)
        # every worker thread's connection is gone: none of them may say ready
        eq([wait_for(port, 503, 10) for _ in range(6)], [503] * 6,
           'not ready while the database is away')

        eq(cluster('start', directory), admin, 'the cluster is back at its URL')
        eq(wait_for(port, 200, 20), 200, 'ready again without a restart')
        eq([readyz(port) for _ in range(6)], [200] * 6, 'on every worker thread')
        eq(proc.poll(), None, 'the server kept running')
    finally:
        if proc and proc.poll() is None:
            proc.terminate()
            try:
                proc.communicate(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
        cluster('stop', directory)
        shutil.rmtree(tmp, ignore_errors=True)


sys.exit(run_cases())
