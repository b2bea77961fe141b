#!/usr/bin/env python3
"""The API tests' PostgreSQL fixture (api_harness.PgDatabase, Server's register):
with SAMENLOOP_TEST_PG each Server gets a database of its own on the test
cluster, reachable at its URL, dropped when the Server is done.

Usage: test_pg_fixture.py PATH_TO_SAMENLOOP DATA_DIR  (make test-pg)
Without SAMENLOOP_TEST_PG: skipped (77), except in CI (CI=true): failed.
"""
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from api_harness import PgDatabase, Server, case, eq, pg_admin_url, run_cases  # noqa: E402

if not pg_admin_url():
    if os.environ.get('CI') == 'true':
        print('SAMENLOOP_TEST_PG is not set in CI: run make test-pg')
        sys.exit(1)
    print('skipped: SAMENLOOP_TEST_PG is not set (make test-pg)')
    sys.exit(77)

BIN = os.path.abspath(sys.argv[1])
DATA = os.path.abspath(sys.argv[2])


def psql(url, sql):
    p = subprocess.run(['psql', '-X', '-At', '-d', url, '-c', sql], capture_output=True,
                       text=True)
    return p.returncode, p.stdout.strip()


def exists(name):
    return psql(pg_admin_url(), "SELECT count(*) FROM pg_database WHERE datname = '%s'"
                % name)[1] == '1'


@case
def a_database_of_its_own_reachable_at_its_url():
    one, two = PgDatabase(pg_admin_url()), PgDatabase(pg_admin_url())
    try:
        eq(one.name != two.name, True, 'two databases, two names')
        eq(psql(one.url, 'SELECT current_database()'), (0, one.name), 'the URL names it')
        eq(one.url.startswith('postgresql://'), True, 'a postgresql:// URL')
    finally:
        one.drop()
        two.drop()
    eq(exists(one.name) or exists(two.name), False, 'dropped')


@case
def the_server_register_is_the_database_and_goes_with_it():
    with Server(BIN, DATA, deliveries=()) as s:
        eq(s.db, s.pg.url, '--db is the URL')
        eq(exists(s.pg.name), True, 'made for the server')
        name = s.pg.name
    eq(exists(name), False, 'dropped when the server is done')


sys.exit(run_cases())
