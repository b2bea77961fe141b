#!/usr/bin/env python3
"""End-to-end tests of the processing log: `samenloop logboek verify` and
`samenloop logboek list`, the append-only triggers, tampering, and migration
0004 adding signal rule 9 to an older register; one record per delivery (CLI
and API) with its counts and SHA-256; anchors that catch the newest records
removed from either chain, an emptied look log and a deleted look-log file;
`serve` refusing a lost look log until the loss is acknowledged; `verify --tot`
against a published head; signed anchors checked against an independent HMAC.

Usage: test_logboek.py PATH_TO_SAMENLOOP DATA_DIR

Records are appended here by an independent implementation of the chain
documented in src/service/logboek.h (BLAKE2b-256 over length-prefixed
fields), so the binary and the documentation are checked against each other.
Prints 'N passed, N failed' last.
"""
import hashlib
import hmac
import json
import os
import struct
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from api_harness import (Server, bind, spawn_serve, is_pg,  # noqa: E402
                         sql as harness_sql, sql_script, sqlite_only)
from register_cases import register_case, run_cases  # noqa: E402

BIN = os.path.abspath(sys.argv[1])
DATA = os.path.abspath(sys.argv[2])
FILES = ('bag_adressen.csv', 'ncg_trajecten.csv', 'img_schades.csv')
ZERO = '0' * 64

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
                actie, trace_id, levering=None, gegevens=''):
    """The chain of logboek.h, written from its comment."""
    h = hashlib.blake2b(digest_size=32)
    fields = [prev, str(rid), tijdstip, gebruiker, org, rol, doel, grondslag, categorieen,
              adres or '', actie, trace_id]
    if levering or gegevens:
        fields = ['samenloop-logboek-v2'] + fields + [str(levering) if levering else '', gegevens]
    else:
        fields = ['samenloop-logboek-v1'] + fields
    for field in fields:
        b = field.encode('utf-8')
        h.update(struct.pack('>Q', len(b)))
        h.update(b)
    return h.hexdigest()


def digest(db):
    """A placeholder for a hash as the SQL of the store holds it: hex text in
    SQLite, bytea in PostgreSQL."""
    return "decode(?, 'hex')" if is_pg(db) else '?'


def insert_chained(db, looks, make_fields, n=1):
    """Appends n records after the chain's head in one transaction, the fields of
    each make_fields(id) and its hash computed here, as a writer of the log does."""
    head = harness_sql(db, 'SELECT id, hash FROM logboek ORDER BY id DESC LIMIT 1', looks=looks)
    rid, prev = (head[0][0], head[0][1]) if head else (0, ZERO)
    table = ('inzage.logboek' if is_pg(db) else 'logboek') if looks else 'logboek'
    script = []
    for _ in range(n):
        rid += 1
        fields = make_fields(rid)
        h = record_hash(prev, rid, *fields)
        a = fields[7]
        script.append(bind('INSERT INTO %s (id, tijdstip, gebruiker, org, rol, doel, grondslag,'
                           ' categorieen, nummeraanduiding_id, actie, trace_id, vorige_hash, hash)'
                           ' VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, %s, %s)'
                           % (table, digest(db), digest(db)),
                           (rid,) + fields[:7] + (int(a) if a else None,) + fields[8:] + (prev, h)))
        prev = h
    sql_script(looks_file(db) if looks and not is_pg(db) else db, ';\n'.join(script))


def append(db, n, adres=A1, gebruiker='K. Postma'):
    """Appends n records the way the service does (one transaction each)."""
    for i in range(n):
        a = adres if i % 2 == 0 else None
        # the list is by time: each record a second after the one before
        insert_chained(db, False, lambda rid: (
            '2024-03-01T10:%02d:%02d.000Z' % divmod(rid, 60), gebruiker, 'IMG', 'zaakbegeleider',
            'samenloop', 'wettelijke_taak_samenloop', 'traject:id,status', a, 'inzage',
            'trace-%d' % i))


def sql(db, text, params=()):
    """One statement with its rows, or several (separated by ;) in one transaction."""
    if not params and ';' in text:
        sql_script(db, text)
        return []
    return harness_sql(db, text, params)


def json_field(db, key, as_int=False):
    """A field of the record's details (gegevens, JSON text; json_extract keeps a
    number a number, PostgreSQL's ->> gives text): as_int for a number."""
    if is_pg(db):
        e = "(gegevens::json ->> '%s')" % key
        return 'CAST(%s AS bigint)' % e if as_int else e
    e = "json_extract(gegevens, '$.%s')" % key
    return 'CAST(%s AS integer)' % e if as_int else e


TRIGGERS = """
CREATE TRIGGER logboek_geen_wijziging BEFORE UPDATE ON logboek
BEGIN SELECT RAISE(ABORT, 'logboek is alleen aanvullen: wijzigen is niet toegestaan'); END;
CREATE TRIGGER logboek_geen_verwijdering BEFORE DELETE ON logboek
BEGIN SELECT RAISE(ABORT, 'logboek is alleen aanvullen: verwijderen is niet toegestaan'); END;
"""


def tamper(db, statement, looks=False, triggers=None):
    """Runs statement past the log's append-only guard, as someone with the
    database's own rights would: SQLite's triggers dropped (and made again when
    triggers is None), PostgreSQL's switched off for the session."""
    if is_pg(db):
        schema = 'inzage' if looks else 'public'
        sql_script(db, 'SET LOCAL session_replication_role = replica;'
                       'SET LOCAL search_path = %s;' % schema + statement)
        return
    if triggers is None:
        text = ('DROP TRIGGER logboek_geen_wijziging; DROP TRIGGER logboek_geen_verwijdering; '
                + statement + ';' + TRIGGERS)
    else:
        text = ''.join('DROP TRIGGER %s; ' % t for t in triggers) + statement
    sql(looks_file(db) if looks else db, text)


case = register_case('samenloop-logboek-')


@case
def empty_log_is_in_order(db, tmp):
    run(db, 'stats')  # opens (and creates) the register without a delivery
    p = run(db, 'logboek', 'verify')
    eq(p.stdout.splitlines()[0], 'logboek in orde: 0 records', 'verify output')
    eq(run(db, 'logboek', 'list').stdout.strip(), 'geen logboekrecords', 'empty list')
    eq(json.loads(run(db, 'logboek', 'list', '--json').stdout), [], 'empty JSON list')


@case
def independently_chained_records_verify(db, tmp):
    load(db)
    append(db, 7)
    p = run(db, 'logboek', 'verify')
    # the load's three deliveries, then the seven
    eq(p.stdout.splitlines()[0], 'logboek in orde: 10 records', 'verify output')
    head = sql(db, 'SELECT hash FROM logboek WHERE id = 10')[0][0]
    if head not in p.stdout:
        raise AssertionError('verify does not print the head hash: %r' % p.stdout)


@case
def list_all_and_by_address(db, tmp):
    load(db)
    append(db, 5)
    append(db, 2, adres=A4, gebruiker='D. Bakker')
    rows = json.loads(run(db, 'logboek', 'list', '--json').stdout)
    eq(len(rows), 10, 'all records (three deliveries and seven)')
    eq(sorted(r['id'] for r in rows), list(range(1, 11)), 'every record')
    eq([r['tijdstip'] for r in rows], sorted(r['tijdstip'] for r in rows), 'oldest first')
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
        except AssertionError as e:
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
    eq(rows, [('toestemming_ingetrokken', 'zaakbegeleider,bewonersbegeleider,coordinator', 2)], 'rule 9')


@case
def migration_adds_rule_9_to_an_older_register(db, tmp):
    sqlite_only(db, "migrations 0004-0014 (PostgreSQL's schema starts at 14)")
    load(db)
    # make the register look as it was before 0004: no rule 9, no log, no consent,
    # and nothing of the migrations after it
    newest = sql(db, 'PRAGMA user_version')[0][0]
    rule7 = sql(db, 'SELECT tekst FROM signaalregel WHERE regel = 7')
    sql(db, 'DELETE FROM signaalregel WHERE regel = 9; DROP TABLE logboek;'
            ' DROP TABLE IF EXISTS logboek_anker;'
            ' DROP TABLE toestemming; DROP TABLE IF EXISTS verzoek;'
            ' DROP TABLE IF EXISTS schademelding_aannemer; DELETE FROM signaalregel WHERE regel = 7;'
            ' ALTER TABLE schade DROP COLUMN versie; ALTER TABLE traject DROP COLUMN versie;'
            ' ALTER TABLE gebruiker DROP COLUMN weergavenaam;'
            ' ALTER TABLE gebruiker DROP COLUMN levert_adressen; DROP INDEX statushistorie_afwezig;'
            ' DROP TABLE levering_afwezig; ALTER TABLE levering DROP COLUMN status;'
            ' ALTER TABLE levering DROP COLUMN geleverd_door;'
            ' ALTER TABLE levering DROP COLUMN afgehandeld_door;'
            ' ALTER TABLE levering DROP COLUMN toegepast_in;'
            ' ALTER TABLE levering DROP COLUMN wordt_afwezig; ALTER TABLE levering DROP COLUMN huidig;'
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


# ---- one record per delivery -------------------------------------------------------------

def log_rows(db, where='true'):
    return sql(db, 'SELECT id, tijdstip, gebruiker, org, rol, doel, grondslag, categorieen,'
                   ' nummeraanduiding_id, actie, trace_id, vorige_hash, hash, levering_id,'
                   ' gegevens FROM logboek WHERE ' + where + ' ORDER BY id')


def rehash(row):
    (rid, tijdstip, gebruiker, org, rol, doel, grondslag, cats, adres, actie, trace, prev, h,
     levering, gegevens) = row
    return record_hash(prev, rid, tijdstip, gebruiker, org, rol, doel, grondslag, cats,
                       '%016d' % adres if adres else '', actie, trace, levering, gegevens)


@case
def every_delivery_writes_one_record(db, tmp):
    load(db)
    rows = log_rows(db)
    eq(len(rows), 3, 'one record per delivery')
    deliveries = sql(db, 'SELECT id, bestand, soort, sha256, nieuw, gewijzigd, afwezig,'
                         ' afgewezen FROM levering ORDER BY id')
    for row, d in zip(rows, deliveries):
        eq(row[13], d[0], 'the record names its delivery')
        g = json.loads(row[14])
        eq(g['sha256'], hashlib.sha256(open(d[1], 'rb').read()).hexdigest(), 'file SHA-256')
        eq((g['levering'], g['soort'], g['nieuw'], g['gewijzigd'], g['afwezig'], g['afgewezen']),
           (d[0], d[2], d[4], d[5], d[6], d[7]), 'counts')
        eq((row[5], row[9]), ('levering', 'wijziging'), 'purpose and action')
        eq(rehash(row), row[12], 'hash v2 recomputed from logboek.h')
    listed = json.loads(run(db, 'logboek', 'list', '--json').stdout)
    eq([r['levering_id'] for r in listed], [d[0] for d in deliveries], 'list shows the delivery')
    eq(listed[2]['gegevens']['soort'], 'img_schades', 'list shows the details')
    # a changing delivery: its history rows are reached from its record
    run(db, 'import', os.path.join(DATA, 'small2', 'ncg_trajecten.csv'))
    last = log_rows(db, 'id = 4')[0]
    hist = sql(db, 'SELECT count(*) FROM statushistorie WHERE levering_id = ?', (last[13],))
    if hist[0][0] == 0 or json.loads(last[14])['gewijzigd'] == 0:
        raise AssertionError('the changing delivery: %r, history %r' % (last, hist))
    # decision 87: the same file again changes nothing and still writes its record
    run(db, 'import', os.path.join(DATA, 'small2', 'ncg_trajecten.csv'))
    g = json.loads(log_rows(db, 'id = 5')[0][14])
    eq((g['nieuw'], g['gewijzigd'], g['afwezig']), (0, 0, 0), 'an unchanging delivery')
    run(db, 'logboek', 'verify')


@case
def an_uploaded_delivery_names_its_data_steward(db, tmp):
    with Server(BIN, DATA) as s:
        steward = s.user('d.visser', 'datasteward', '--org', 'NCG')
        s.start()
        raw = open(os.path.join(DATA, 'small2', 'ncg_trajecten.csv'), 'rb').read()
        status, _, body = s.request('POST', '/api/v1/leveringen?bestand=ncg_trajecten.csv',
                                    token=steward, raw=raw, headers={'Content-Type': 'text/csv'})
        eq(status, 201, 'upload')
        rows = sql(s.db, "SELECT gebruiker, org, rol, levering_id, " + json_field(s.db, 'sha256')
                   + " FROM logboek WHERE doel = 'levering' ORDER BY id DESC"
                         " LIMIT 1")
        eq(rows, [('d.visser', 'NCG', 'datasteward', body['levering_id'],
                   hashlib.sha256(raw).hexdigest())], 'the upload\'s record')


# ---- anchors -------------------------------------------------------------------------------

def looks_file(db):
    """The SQLite look log, a file beside the register."""
    return db + '-inzage'


def append_looks(db, n):
    """Appends n look records to the look log, chained as logboek.h says."""
    insert_chained(db, True, lambda rid: (
        '2030-01-01T00:00:%02d.000Z' % rid, 'K. Postma', 'IMG', 'zaakbegeleider',
        'samenloop', 'wettelijke_taak_samenloop', 'traject:id,status', A1, 'inzage',
        'trace-l%d' % rid), n)


def anchored(db):
    """Three delivery records and three look records, anchored."""
    load(db)
    append_looks(db, 3)
    run(db, 'logboek', 'anker', '--schrijf')
    run(db, 'logboek', 'verify')


def verify_fails(db, part, *extra):
    p = run(db, 'logboek', 'verify', *extra, check=False)
    eq(p.returncode, 1, 'verify exit status')
    if part not in p.stdout:
        raise AssertionError('verify does not say %r: %r' % (part, p.stdout + p.stderr))


def remove_look_log(db):
    """The look log lost: SQLite's file removed; PostgreSQL has no file of its
    own for it, so there it is emptied (which verify and serve treat the same)."""
    if is_pg(db):
        tamper(db, 'DELETE FROM logboek', looks=True)
        return
    for suffix in ('', '-wal', '-shm'):
        if os.path.exists(looks_file(db) + suffix):
            os.remove(looks_file(db) + suffix)


@case
def newest_register_records_removed_is_detected(db, tmp):
    anchored(db)
    tamper(db, 'DELETE FROM logboek WHERE id = 3')
    verify_fails(db, 'het registerlogboek eindigt bij record 2')


@case
def newest_look_records_removed_is_detected(db, tmp):
    anchored(db)
    tamper(db, 'DELETE FROM logboek WHERE id >= 2', looks=True,
           triggers=('logboek_geen_verwijdering',))
    verify_fails(db, 'het inzagelogboek eindigt bij record 1')


@case
def emptied_look_log_is_detected(db, tmp):
    anchored(db)
    tamper(db, 'DELETE FROM logboek', looks=True, triggers=('logboek_geen_verwijdering',))
    verify_fails(db, 'het inzagelogboek is leeg of het bestand ontbreekt')


@case
def deleted_look_log_is_detected(db, tmp):
    sqlite_only(db, 'the look log as a file of its own (emptied_look_log_is_detected covers both)')
    anchored(db)
    remove_look_log(db)
    verify_fails(db, 'het inzagelogboek is leeg of het bestand ontbreekt')


@case
def an_import_anchors_the_heads(db, tmp):
    load(db)
    eq(sql(db, 'SELECT register_id FROM logboek_anker ORDER BY id DESC LIMIT 1'), [(3,)],
       'anchor after the import')
    tamper(db, 'DELETE FROM logboek WHERE id = 3')
    verify_fails(db, 'de nieuwste records zijn verwijderd')


def refused_serve(db, *extra):
    """A `serve` that is expected to refuse to start (it never listens)."""
    return subprocess.Popen([BIN, '--db', db, 'serve', '--listen', '127.0.0.1:0',
                             '--threads', '2'] + list(extra), stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)


@case
def serve_refuses_a_lost_look_log_until_acknowledged(db, tmp):
    anchored(db)
    remove_look_log(db)
    proc = refused_serve(db)
    try:
        _, err = proc.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        raise AssertionError('serve started on a lost look log')
    eq(proc.returncode, 1, 'serve exit status')
    for part in ('het inzagelogboek is leeg of het bestand ontbreekt', 'verlies-erkennen'):
        if part not in err:
            raise AssertionError('serve does not say %r: %r' % (part, err))
    # emptied instead of deleted: the same (the start above made it again, empty)
    proc = refused_serve(db)
    eq(proc.wait(timeout=20), 1, 'serve refuses again')
    eq(run(db, 'logboek', 'verlies-erkennen', '--door', 'p.smit', check=False).returncode, 2,
       'a reason is required')
    run(db, 'logboek', 'verlies-erkennen', '--door', 'p.smit', '--reden', 'schijf vervangen')
    rows = sql(db, "SELECT gebruiker, rol, " + json_field(db, 'reden') + " FROM logboek"
                   " WHERE categorieen = 'logboek:verlies'")
    eq(rows, [('p.smit', 'beheerder', 'schijf vervangen')], 'the acknowledgement is logged')
    run(db, 'logboek', 'verify')
    proc, _ = spawn_serve(BIN, db, '--set', 'logboek_anker_interval=1', threads=2)
    try:
        append_looks(db, 2)  # as the server's writer would
        deadline = time.time() + 10
        while time.time() < deadline and sql(
                db, 'SELECT inzage_id FROM logboek_anker ORDER BY id DESC LIMIT 1') != [(2,)]:
            time.sleep(0.1)
        eq(sql(db, 'SELECT inzage_id FROM logboek_anker ORDER BY id DESC LIMIT 1'), [(2,)],
           'serve anchors the moved head within its interval')
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    eq(proc.returncode, 0, 'serve stops cleanly')
    remove_look_log(db)
    verify_fails(db, 'zag 2 records')


@case
def verify_tot_checks_a_published_head(db, tmp):
    anchored(db)
    heads = run(db, 'logboek', 'anker').stdout.split()
    eq([h.split(':')[:2] for h in heads], [['register', '3'], ['inzage', '3']], 'printed heads')
    run(db, 'logboek', 'verify', *sum((['--tot', h] for h in heads), []))
    eq(run(db, 'logboek', 'verify', '--tot', 'register:3', check=False).returncode, 2,
       'a malformed head')
    # the newest records removed together with every anchor: only the published head sees it
    tamper(db, 'DELETE FROM logboek WHERE id = 3')
    tamper(db, 'DELETE FROM logboek_anker', triggers=('logboek_anker_geen_verwijdering',))
    run(db, 'logboek', 'verify')
    verify_fails(db, 'keten register heeft geen record 3 meer', '--tot', heads[0])
    tamper(db, "INSERT INTO logboek SELECT 3, tijdstip, 'X', org, rol, doel, grondslag,"
               " categorieen, nummeraanduiding_id, actie, trace_id, hash, hash, NULL, ''"
               " FROM logboek WHERE id = 2")
    verify_fails(db, 'logboek beschadigd', '--tot', heads[0])


def anchor_mac(key, a):
    """The MAC of logboek_anker.h, written from its comment."""
    out = b''
    for field in ('samenloop-logboek-anker-v1', a[0], str(a[1]), a[2], str(a[3]), a[4],
                  str(a[5]), a[6]):
        b = field.encode('utf-8')
        out += struct.pack('>Q', len(b)) + b
    return hmac.new(key, out, 'sha256').hexdigest()


@case
def anchors_are_signed_with_a_key_outside_the_register(db, tmp):
    key_path = os.path.join(tmp, 'sleutel')
    run(db, 'logboek', 'sleutel-nieuw', key_path)
    eq(os.stat(key_path).st_mode & 0o777, 0o600, 'key file mode')
    key_hex = open(key_path).read().strip()
    key = bytes.fromhex(key_hex)
    env = dict(os.environ, SAMENLOOP_LOGBOEK_SLEUTEL=key_path)
    outputs = []

    def cli(*args, check=True):
        p = subprocess.run([BIN, '--db', db] + list(args), capture_output=True, text=True,
                           env=env)
        outputs.append(p.stdout + p.stderr)
        if check and p.returncode != 0:
            raise AssertionError('%s exited %d: %s' % (args, p.returncode, p.stderr))
        return p

    cli('import', *[os.path.join(DATA, 'small', f) for f in FILES])
    a = sql(db, 'SELECT tijdstip, register_id, register_hash, inzage_id, inzage_hash, verlies,'
                ' sleutel_id, mac FROM logboek_anker ORDER BY id DESC LIMIT 1')[0]
    eq(a[6], hashlib.blake2b(b'samenloop-logboek-sleutel' + key, digest_size=32).hexdigest()[:16],
       'key id')
    eq(a[7], anchor_mac(key, a), 'MAC recomputed from logboek_anker.h')
    cli('logboek', 'verify')
    # the chain cut and the anchor moved back with it: the MAC shows
    tamper(db, 'DELETE FROM logboek WHERE id = 3; UPDATE logboek_anker SET register_id = 2,'
               ' register_hash = (SELECT hash FROM logboek WHERE id = 2)',
           triggers=('logboek_geen_verwijdering', 'logboek_anker_geen_wijziging'))
    p = cli('logboek', 'verify', check=False)
    eq(p.returncode, 1, 'verify with the key')
    if 'de handtekening klopt niet' not in p.stdout:
        raise AssertionError('verify: %r' % p.stdout)
    # a key others may read is refused, by serve too
    os.chmod(key_path, 0o644)
    p = cli('logboek', 'verify', check=False)
    eq(p.returncode, 1, 'a readable key')
    proc = refused_serve(db, '--set', 'logboek_sleutel=' + key_path)
    _, err = proc.communicate(timeout=20)
    outputs.append(err)
    eq(proc.returncode, 1, 'serve refuses a readable key')
    for text in outputs:
        if key_hex in text:
            raise AssertionError('the key was printed: %r' % text)


@case
def signal_transitions_and_the_sweep_are_logged(db, tmp):
    load(db)
    load(db, 'small2')
    run(db, 'sweep', '--today', '2022-09-01')
    eq(sql(db, "SELECT gebruiker, " + json_field(db, 'signalen', as_int=True) + " FROM logboek"
               " WHERE doel = 'signaal' AND categorieen = 'signaal:regel8'"),
       [('samenloop sweep', 3)], 'the sweep that raised three')
    # the term signals are one record of their own for the run (decision 186)
    eq(sql(db, "SELECT gebruiker, " + json_field(db, 'signalen', as_int=True) + " FROM logboek"
               " WHERE doel = 'signaal' AND categorieen = 'signaal:termijn'"),
       [('samenloop sweep', 7)], 'the term signals it raised')
    run(db, 'sweep', '--today', '2022-09-01')
    eq(sql(db, "SELECT count(*) FROM logboek WHERE doel = 'signaal'"), [(2,)],
       'a sweep that raised nothing changed nothing')
    sid, adres = sql(db, "SELECT id, nummeraanduiding_id FROM signaal WHERE regel = 8"
                         " ORDER BY id LIMIT 1")[0]
    run(db, 'signals', 'ack', str(sid), '--by', 'K. Postma')
    run(db, 'signals', 'dismiss', str(sid), '--by', 'K. Postma', '--reason', 'dubbel')
    rows = sql(db, "SELECT gebruiker, nummeraanduiding_id, categorieen, "
                   + json_field(db, 'van') + ', ' + json_field(db, 'naar')
                   + " FROM logboek WHERE doel = 'signaal' AND "
                   + json_field(db, 'signaal', as_int=True) + ' = ? ORDER BY id', (sid,))
    eq(rows, [('K. Postma', adres, 'signaal:status', 'open', 'bevestigd'),
              ('K. Postma', adres, 'signaal:status,reden', 'bevestigd', 'afgewezen')],
       'one record per transition')
    run(db, 'logboek', 'verify')


# ---- looks answered are logged, also when the server is killed ---------------------------

def lookups_until(s, token, stop, answered):
    """One client: cross-organisation lookups until stop is set; the trace id
    of every 200 goes into answered."""
    while not stop.is_set():
        try:
            status, hdrs, _ = s.request('GET', '/api/v1/adressen/' + A1, token=token)
        except OSError:
            return  # the server is gone
        if status == 200:
            answered.append(hdrs['trace-id'])


@case
def every_look_answered_survives_kill_9(db, tmp):
    with Server(BIN, DATA) as s:
        zb = s.user('k.postma', 'zaakbegeleider', '--org', 'IMG')
        s.start()
        stop, answered = threading.Event(), []
        clients = [threading.Thread(target=lookups_until, args=(s, zb, stop, answered))
                   for _ in range(8)]
        for c in clients:
            c.start()
        deadline = time.time() + 20
        while len(answered) < 200 and time.time() < deadline:
            time.sleep(0.01)
        # killed while lookups are in flight: what was answered must be in the log
        s.proc.kill()
        s.proc.wait()
        stop.set()
        for c in clients:
            c.join()
        if len(answered) < 200:
            raise AssertionError('only %d lookups answered' % len(answered))
        logged = [r[0] for r in harness_sql(
            s.db, "SELECT trace_id FROM logboek WHERE gebruiker = 'k.postma' ORDER BY id",
            looks=True)]
        missing = set(answered) - set(logged)
        eq(sorted(missing), [], 'answered looks missing from the look log')
        # nothing logged twice, and the chain after the kill is intact
        eq(len(logged), len(set(logged)), 'one record per look')
        run(s.db, 'logboek', 'verify')


def main():
    return run_cases()


if __name__ == '__main__':
    sys.exit(main())
