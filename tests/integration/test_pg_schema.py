#!/usr/bin/env python3
"""The PostgreSQL schema is SQLite's: the same tables (the look log as schema
inzage), the same columns in the same order, the same named indexes and
triggers, the same version, and the same seeded rows. A migration added to one
store's directory and not the other's fails here.

Usage: test_pg_schema.py PATH_TO_SAMENLOOP SOURCE_ROOT  (make test-pg)
Without SAMENLOOP_TEST_PG: skipped (77), except in CI (CI=true): failed.
"""
import glob
import os
import sqlite3
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from api_harness import PgDatabase, case, eq, pg_admin_url, run_cases  # noqa: E402

if not pg_admin_url():
    if os.environ.get('CI') == 'true':
        print('SAMENLOOP_TEST_PG is not set in CI: run make test-pg')
        sys.exit(1)
    print('skipped: SAMENLOOP_TEST_PG is not set (make test-pg)')
    sys.exit(77)

BIN = os.path.abspath(sys.argv[1])
ROOT = os.path.abspath(sys.argv[2])


def sqlite_schema():
    """A SQLite register as the binary makes it: {table: [columns]}, index and
    trigger names, version, seeded rows of telling."""
    tmp = tempfile.mkdtemp(prefix='samenloop-schema-')
    db = os.path.join(tmp, 'r.db')
    subprocess.run([BIN, '--db', db, 'stats'], check=True, capture_output=True)
    con = sqlite3.connect(db)
    con.execute("ATTACH DATABASE ? AS inzage", (db + '-inzage',))
    tables, indexes, triggers = {}, set(), set()
    for schema in ('main', 'inzage'):
        prefix = '' if schema == 'main' else 'inzage.'
        for kind, name, table in con.execute(
                "SELECT type, name, tbl_name FROM %s.sqlite_master" % schema):
            if name.startswith('sqlite_'):
                continue
            if kind == 'table':
                cols = con.execute('PRAGMA %s.table_info(%s)' % (schema, name)).fetchall()
                tables[prefix + name] = [c[1] for c in cols]
            elif kind == 'index':
                indexes.add(prefix + name)
            elif kind == 'trigger':
                triggers.add(prefix + table + ':' + name)
    version = con.execute('PRAGMA user_version').fetchone()[0]
    telling = sorted(con.execute('SELECT soort, aantal FROM telling').fetchall())
    con.close()
    subprocess.run(['rm', '-rf', tmp], check=True)
    return tables, indexes, triggers, version, telling


def psql(url, sql):
    p = subprocess.run(['psql', '-X', '-At', '-F', '|', '-v', 'ON_ERROR_STOP=1', '-d', url,
                        '-c', sql], capture_output=True, text=True)
    if p.returncode != 0:
        raise AssertionError(p.stderr)
    return [line.split('|') for line in p.stdout.splitlines() if line]


def pg_schema(url):
    """The same facts from a PostgreSQL database with the pg migrations applied
    (the runner's own table schemaversie left out: SQLite's is user_version)."""
    name = "CASE WHEN n.nspname = 'public' THEN '' ELSE n.nspname || '.' END"
    tables = {}
    for t, col in psql(url, """
            SELECT %s || c.relname, a.attname FROM pg_attribute a
              JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE c.relkind = 'r' AND n.nspname IN ('public', 'inzage') AND a.attnum > 0
               AND NOT a.attisdropped AND c.relname <> 'schemaversie'
             ORDER BY 1, a.attnum""" % name):
        tables.setdefault(t, []).append(col)
    # named indexes: not those behind a primary key or a UNIQUE column constraint,
    # which SQLite leaves unnamed (sqlite_autoindex_*)
    indexes = {r[0] for r in psql(url, """
            SELECT %s || c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
              JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname IN ('public', 'inzage')
               AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)"""
                                    % name)}
    triggers = {r[0] for r in psql(url, """
            SELECT %s || c.relname || ':' || t.tgname FROM pg_trigger t
              JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE NOT t.tgisinternal AND n.nspname IN ('public', 'inzage')""" % name)}
    telling = sorted((s, int(a)) for s, a in psql(url, 'SELECT soort, aantal FROM telling'))
    return tables, indexes, triggers, telling


PG = PgDatabase(pg_admin_url(), empty=True)  # the migrations run here, by psql
try:
    files = sorted(glob.glob(os.path.join(ROOT, 'src', 'store', 'migrations', 'pg', '*.sql')))
    for f in files:
        p = subprocess.run(['psql', '-X', '-q', '-1', '-v', 'ON_ERROR_STOP=1', '-d', PG.url,
                            '-f', f], capture_output=True, text=True)
        if p.returncode != 0:
            raise AssertionError('%s: %s' % (f, p.stderr))
    S_TABLES, S_INDEXES, S_TRIGGERS, S_VERSION, S_TELLING = sqlite_schema()
    P_TABLES, P_INDEXES, P_TRIGGERS, P_TELLING = pg_schema(PG.url)
finally:
    PG.drop()


@case
def same_version():
    last = max(int(os.path.basename(f).split('_', 1)[0]) for f in files)
    eq(last, S_VERSION, 'the newest pg migration is the SQLite register version')


@case
def same_tables_and_columns_in_order():
    eq(sorted(P_TABLES), sorted(S_TABLES), 'tables')
    for t in S_TABLES:
        eq(P_TABLES.get(t), S_TABLES[t], 'columns of %s' % t)


@case
def same_named_indexes():
    eq(sorted(P_INDEXES), sorted(S_INDEXES), 'indexes')


@case
def every_sqlite_trigger_has_its_pg_one():
    # PostgreSQL adds the TRUNCATE guards SQLite has no statement for
    eq(sorted(S_TRIGGERS - P_TRIGGERS), [], 'triggers missing on PostgreSQL')


@case
def same_seeded_rows():
    eq(P_TELLING, S_TELLING, 'telling')


sys.exit(run_cases())
