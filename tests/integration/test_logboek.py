#!/usr/bin/env python3
"""End-to-end tests of the processing log: `samenloop logboek verify` and
`samenloop logboek list`, the append-only triggers, tampering, and migration
0004 adding signal rule 9 to an older register.

Usage: test_logboek.py PATH_TO_SAMENLOOP DATA_DIR

Records are appended here by an independent implementation of the chain
documented in src/service/logboek.h (BLAKE2b-256 over length-prefixed
fields), so the binary and the documentation are checked against each other.
Prints 'N passed, N failed' last.
"""
import hashlib
import json
import os
import shutil
import sqlite3
import struct
import subprocess
import sys
import tempfile

BIN = os.path.abspath(sys.argv[1])
DATA = os.path.abspath(sys.argv[2])
FILES = ('bag_adressen.csv', 'ncg_trajecten.csv', 'img_schades.csv')
ZERO = '0' * 64
results = {'passed': 0, 'failed': 0}
CASES = []

A1 = '0014200000000001'
A4 = '0010200000000004'


def run(db, *args, check=True):
    p = subprocess.run([BIN, '--db', db] + list(args), capture_output=True, text=True)
    if check and p.returncode != 0:
        raise AssertionError('%s exited %d: %s' % (args, p.returncode, p.stderr))
    return p


def load(db, folder='small'):
    run(db, 'import', *[os.path.join(DATA, folder, f) for f in FILES])


def eq(actual, expected, what):
    if actual != expected:
        raise AssertionError('%s: expected %r, got %r' % (what, expected, actual))


def record_hash(prev, rid, tijdstip, gebruiker, org, rol, doel, grondslag, categorieen, adres,
                actie, trace_id):
    """The chain of logboek.h, written from its comment."""
    h = hashlib.blake2b(digest_size=32)
    for field in ('samenloop-logboek-v1', prev, str(rid), tijdstip, gebruiker, org, rol, doel,
                  grondslag, categorieen, adres or '', actie, trace_id):
        b = field.encode('utf-8')
        h.update(struct.pack('>Q', len(b)))
        h.update(b)
    return h.hexdigest()


def append(db, n, adres=A1, gebruiker='K. Postma'):
    """Appends n records the way the service does (one transaction each)."""
    con = sqlite3.connect(db, isolation_level=None)
    try:
        for i in range(n):
            con.execute('BEGIN IMMEDIATE')
            row = con.execute('SELECT id, hash FROM logboek ORDER BY id DESC LIMIT 1').fetchone()
            rid, prev = (row[0] + 1, row[1]) if row else (1, ZERO)
            a = adres if i % 2 == 0 else None
            # the list is by time: each record a second after the one before
            fields = ('2024-03-01T10:%02d:%02d.000Z' % divmod(rid, 60), gebruiker, 'IMG',
                      'zaakbegeleider', 'samenloop', 'wettelijke_taak_samenloop',
                      'traject:id,status', a, 'inzage', 'trace-%d' % i)
            h = record_hash(prev, rid, *fields)
            con.execute('INSERT INTO logboek (id, tijdstip, gebruiker, org, rol, doel, grondslag,'
                        ' categorieen, nummeraanduiding_id, actie, trace_id, vorige_hash, hash)'
                        ' VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
                        (rid,) + fields[:7] + (int(a) if a else None,) + fields[8:] + (prev, h))
            con.execute('COMMIT')
    finally:
        con.close()


def sql(db, text, params=()):
    con = sqlite3.connect(db)
    try:
        cur = con.executescript(text) if not params and ';' in text else con.execute(text, params)
        rows = cur.fetchall()
        con.commit()
        return rows
    finally:
        con.close()


TRIGGERS = """
CREATE TRIGGER logboek_geen_wijziging BEFORE UPDATE ON logboek
BEGIN SELECT RAISE(ABORT, 'logboek is alleen aanvullen: wijzigen is niet toegestaan'); END;
CREATE TRIGGER logboek_geen_verwijdering BEFORE DELETE ON logboek
BEGIN SELECT RAISE(ABORT, 'logboek is alleen aanvullen: verwijderen is niet toegestaan'); END;
"""


def tamper(db, statement):
    sql(db, 'DROP TRIGGER logboek_geen_wijziging; DROP TRIGGER logboek_geen_verwijdering; '
        + statement + ';' + TRIGGERS)


def case(fn):
    def wrapper():
        tmp = tempfile.mkdtemp(prefix='samenloop-logboek-')
        try:
            fn(os.path.join(tmp, 'r.db'), tmp)
            results['passed'] += 1
            print('ok     %s' % fn.__name__)
        except Exception as e:
            results['failed'] += 1
            print('FAILED %s: %s' % (fn.__name__, e))
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    wrapper.__name__ = fn.__name__
    CASES.append(wrapper)
    return wrapper


@case
def empty_log_is_in_order(db, tmp):
    load(db)
    p = run(db, 'logboek', 'verify')
    eq(p.stdout.splitlines()[0], 'logboek in orde: 0 records', 'verify output')
    eq(run(db, 'logboek', 'list').stdout.strip(), 'geen logboekrecords', 'empty list')
    eq(json.loads(run(db, 'logboek', 'list', '--json').stdout), [], 'empty JSON list')


@case
def independently_chained_records_verify(db, tmp):
    load(db)
    append(db, 7)
    p = run(db, 'logboek', 'verify')
    eq(p.stdout.splitlines()[0], 'logboek in orde: 7 records', 'verify output')
    head = sql(db, 'SELECT hash FROM logboek WHERE id = 7')[0][0]
    if head not in p.stdout:
        raise AssertionError('verify does not print the head hash: %r' % p.stdout)


@case
def list_all_and_by_address(db, tmp):
    load(db)
    append(db, 5)
    append(db, 2, adres=A4, gebruiker='D. Bakker')
    rows = json.loads(run(db, 'logboek', 'list', '--json').stdout)
    eq(len(rows), 7, 'all records')
    eq([r['id'] for r in rows], list(range(1, 8)), 'oldest first')
    mine = json.loads(run(db, 'logboek', 'list', '--adres', A1, '--json').stdout)
    eq(len(mine), 3, "A1's records (even i of the first five)")
    for r in mine:
        eq(r['nummeraanduiding_id'], A1, 'address')
        for key in ('tijdstip', 'gebruiker', 'org', 'doel', 'grondslag'):
            if not r.get(key):
                raise AssertionError('record lacks %s: %r' % (key, r))
        eq(r['categorieen'], ['traject:id', 'traject:status'], 'categories')
    eq(len(json.loads(run(db, 'logboek', 'list', '--adres', A4, '--json').stdout)), 1,
       "A4's records")
    text = run(db, 'logboek', 'list', '--adres', A4).stdout
    if 'D. Bakker' not in text or 'wettelijke_taak_samenloop' not in text:
        raise AssertionError('text list: %r' % text)


@case
def triggers_refuse_update_and_delete(db, tmp):
    load(db)
    append(db, 3)
    for statement in ("UPDATE logboek SET gebruiker = 'X' WHERE id = 2",
                      'DELETE FROM logboek WHERE id = 3'):
        try:
            sql(db, statement)
        except sqlite3.DatabaseError as e:
            if 'alleen aanvullen' not in str(e):
                raise AssertionError('unexpected error: %s' % e)
        else:
            raise AssertionError('%s was allowed' % statement)
    run(db, 'logboek', 'verify')


@case
def tampering_names_the_first_broken_record(db, tmp):
    load(db)
    append(db, 6)
    tamper(db, "UPDATE logboek SET grondslag = 'toestemming' WHERE id = 3")
    p = run(db, 'logboek', 'verify', check=False)
    eq(p.returncode, 1, 'exit status')
    if 'record 3' not in p.stdout:
        raise AssertionError('verify does not name record 3: %r' % p.stdout)


@case
def a_removed_record_breaks_the_chain(db, tmp):
    load(db)
    append(db, 6)
    tamper(db, 'DELETE FROM logboek WHERE id = 2')
    p = run(db, 'logboek', 'verify', check=False)
    eq(p.returncode, 1, 'exit status')
    if 'record 3' not in p.stdout:
        raise AssertionError('verify does not name record 3: %r' % p.stdout)


@case
def usage_errors(db, tmp):
    load(db)
    for args in (('logboek',), ('logboek', 'frob'), ('logboek', 'list', '--adres', '123'),
                 ('logboek', 'list', 'extra'), ('logboek', 'verify', 'extra')):
        eq(run(db, *args, check=False).returncode, 2, ' '.join(args))
    eq(run(db, 'logboek', '--help').returncode, 0, 'help')
    if 'logboek' not in run(db, '--help').stdout:
        raise AssertionError('logboek missing from the command list')


@case
def rule_9_in_a_new_register(db, tmp):
    load(db)
    rows = sql(db, "SELECT trigger, aan, termijn_dagen FROM signaalregel WHERE regel = 9")
    eq(rows, [('toestemming_ingetrokken', 'zaakbegeleider,bewonersbegeleider', 2)], 'rule 9')


@case
def migration_adds_rule_9_to_an_older_register(db, tmp):
    load(db)
    # make the register look as it was before 0004: no rule 9, no log, no consent,
    # and nothing of the migrations after it
    newest = sql(db, 'PRAGMA user_version')[0][0]
    rule7 = sql(db, 'SELECT tekst FROM signaalregel WHERE regel = 7')
    sql(db, 'DELETE FROM signaalregel WHERE regel = 9; DROP TABLE logboek;'
            ' DROP TABLE toestemming; DROP TABLE IF EXISTS verzoek;'
            ' DROP TABLE IF EXISTS schademelding_aannemer; DELETE FROM signaalregel WHERE regel = 7;'
            ' ALTER TABLE schade DROP COLUMN versie; ALTER TABLE traject DROP COLUMN versie;'
            ' ALTER TABLE gebruiker DROP COLUMN weergavenaam;'
            ' DROP INDEX combinatiedossier_coordinator;'
            ' ALTER TABLE combinatiedossier DROP COLUMN coordinator_id;'
            ' PRAGMA user_version = 3;')
    run(db, 'logboek', 'verify')  # opening applies 0004 and later again
    eq(sql(db, 'PRAGMA user_version')[0][0], newest, 'schema version')
    rows = sql(db, 'SELECT versie, trigger FROM signaalregel WHERE regel = 9')
    eq(rows, [(1, 'toestemming_ingetrokken')], 'rule 9 added to the existing set')
    text = sql(db, 'SELECT tekst FROM signaalregel WHERE regel = 9')[0][0]
    if 'ingetrokken' not in text:
        raise AssertionError('rule 9 text: %r' % text)
    # 0006: rule 7 joins the active version-1 set, with the core's text
    eq(sql(db, 'SELECT versie, trigger, aan, termijn_dagen FROM signaalregel WHERE regel = 7'),
       [(1, 'aannemer_schade', 'svip_img,zaakbegeleider', 5)], 'rule 7 added by 0006')
    eq(sql(db, 'SELECT tekst FROM signaalregel WHERE regel = 7'), rule7,
       'rule 7 text of the migration is the core default')


def main():
    for c in CASES:
        c()
    print('%d passed, %d failed' % (results['passed'], results['failed']))
    return 1 if results['failed'] else 0


if __name__ == '__main__':
    sys.exit(main())
