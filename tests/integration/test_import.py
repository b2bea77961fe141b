#!/usr/bin/env python3
"""End-to-end tests of `samenloop import` and `samenloop stats`.

Usage: test_import.py PATH_TO_SAMENLOOP DATA_DIR

Each case runs the real binary on delivery files with known answers: the
hand-made messy fixture in DATA_DIR/small (expected.json, counted by hand),
and larger deliveries from `samenloop gen`, whose --expect file is an oracle
computed independently of the importer. Prints 'N passed, N failed' last.
"""
import csv
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from proc_kill import kill_halfway  # noqa: E402
from api_harness import cli_argv, is_pg, leveringen_map, register_db, sql, sql_script  # noqa: E402

BIN = os.path.abspath(sys.argv[1])
DATA = os.path.abspath(sys.argv[2])
FILES = ('bag_adressen.csv', 'ncg_trajecten.csv', 'img_schades.csv')
results = {'passed': 0, 'failed': 0}
CASES = []


def run(db, *args, check=True):
    p = subprocess.run(cli_argv(BIN, db, *args), capture_output=True, text=True)
    if check and p.returncode != 0:
        raise AssertionError('%s exited %d: %s' % (args, p.returncode, p.stderr))
    return p


def import_json(db, files, *extra):
    p = run(db, 'import', '--json', *extra, *files)
    return {f['kind']: f for f in json.loads(p.stdout)['files']}


def stats(db):
    return json.loads(run(db, 'stats', '--json').stdout)


def case(fn):
    def wrapper():
        tmp = tempfile.mkdtemp(prefix='samenloop-test-')
        try:
            fn(tmp)
            results['passed'] += 1
            print('ok     %s' % fn.__name__)
        except Exception as e:  # report and go on with the next case
            results['failed'] += 1
            print('FAILED %s: %s' % (fn.__name__, e))
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    wrapper.__name__ = fn.__name__
    CASES.append(wrapper)
    return wrapper


def eq(actual, expected, what):
    if actual != expected:
        raise AssertionError('%s: expected %r, got %r' % (what, expected, actual))


def small_files():
    return [os.path.join(DATA, 'small', f) for f in FILES]


def db_rows(db, query, params=()):
    return sql(db, query, params)


@case
def small_fixture_gives_known_answers(tmp):
    db = register_db(tmp)
    rejects = os.path.join(tmp, 'afgewezen.csv')
    expected = json.load(open(os.path.join(DATA, 'small', 'expected.json')))
    # claims first on the command line: the importer must still load addresses first
    rep = import_json(db, list(reversed(small_files())), '--rejects', rejects)
    for kind, exp in expected['files'].items():
        for k in ('rows', 'imported', 'rejected'):
            eq(rep[kind][k], exp[k], '%s.%s' % (kind, k))
        eq(rep[kind]['absent'], 0, kind + '.absent')
    eq(rep['ncg_trajecten']['onbekende_kolommen'], ['opmerking'], 'unknown columns')
    eq(stats(db), expected['stats'], 'stats')
    with open(rejects, newline='', encoding='utf-8-sig') as f:  # the download's format
        rows = list(csv.DictReader(f, delimiter=';'))
    got = sorted((os.path.basename(r['bestand']), int(r['regel']), r['kolom']) for r in rows)
    want = sorted((kind + '.csv', line, col) for kind, exp in expected['files'].items()
                  for line, col in exp['rejects'])
    eq(got, want, 'rejects report (file, line, column)')
    for r in rows:
        if not r['rij'].startswith(('0014', 'NCG-', 'IMG-')):
            raise AssertionError('the original row is missing: %r' % r)
        if len(r['reden']) < 10:
            raise AssertionError('reason too thin: %r' % r)


@case
def reimport_changes_nothing(tmp):
    db = register_db(tmp)
    import_json(db, small_files())
    before = stats(db)
    history = db_rows(db, 'SELECT count(*) FROM statushistorie')[0][0]
    rep = import_json(db, small_files())
    for kind, r in rep.items():
        eq((r['nieuw'], r['gewijzigd'], r['absent']), (0, 0, 0), kind + ' new/changed/absent')
    eq(stats(db), before, 'stats after re-import')
    eq(db_rows(db, 'SELECT count(*) FROM statushistorie')[0][0], history, 'history rows')



@case
def the_operators_import_holds_a_snapshot_that_marks_too_much_absent(tmp):
    db = register_db(tmp)
    import_json(db, small_files())
    src = os.path.join(DATA, 'small', 'img_schades.csv')
    lines = open(src, encoding='utf-8').read().splitlines(True)
    snap = os.path.join(tmp, 'img_schades.csv')
    open(snap, 'w', encoding='utf-8').writelines(l for l in lines if not l.startswith('IMG-011,'))
    p = run(db, 'import', snap)
    if 'AANGEHOUDEN' not in p.stdout:
        raise AssertionError('the operator is told: %r' % p.stdout)
    rep = import_json(db, [snap])['img_schades']  # held again: still nothing applied
    eq((rep['aangehouden'], rep['wordt_afwezig'], rep['huidig'], rep['absent']), (True, 1, 11, 0),
       'held report')
    eq(db_rows(db, 'SELECT count(*) FROM schade WHERE afwezig = true'), [(0,)], 'nothing absent')
    eq(db_rows(db, "SELECT status, geleverd_door FROM levering WHERE id = ?",
               (rep['levering_id'],)), [('aangehouden', 'opdrachtregel')], 'recorded as held')
    kept = os.path.join(leveringen_map(db), str(rep['levering_id']), 'img_schades.csv')
    eq(open(kept, encoding='utf-8').read(), ''.join(l for l in lines if not l.startswith('IMG-011,')),
       'the file kept beside the register')
    eq(run(db, 'import', '--max-afwezig', '101', snap, check=False).returncode, 2, 'bad share')

@case
def later_snapshot_marks_absent_and_keeps_history(tmp):
    db = register_db(tmp)
    import_json(db, small_files())
    src = os.path.join(DATA, 'small', 'img_schades.csv')
    lines = open(src, encoding='utf-8').read().splitlines(True)
    out = []
    for line in lines:
        if line.startswith('IMG-011,'):
            continue  # IMG-011 left out of the snapshot
        if line.startswith('IMG-001,'):
            line = line.replace('voorbereiding,2021-07-01', 'opname,2021-09-01')
        out.append(line)
    snap2 = os.path.join(tmp, 'img_schades.csv')
    open(snap2, 'w', encoding='utf-8').writelines(out)
    # 1 of 11 claims absent is more than the default 5%: the operator allows it
    rep = import_json(db, [snap2], '--max-afwezig', '10')['img_schades']
    eq((rep['absent'], rep['gewijzigd'], rep['nieuw']), (1, 1, 0), 'absent/changed/new')
    eq(db_rows(db, "SELECT afwezig FROM schade WHERE img_id = 'IMG-011'"), [(1,)], 'IMG-011 kept')
    eq(db_rows(db, "SELECT van, naar, datum FROM statushistorie WHERE onderwerp = 'schade' "
                   "AND sleutel = 'IMG-001' AND veld = 'fase'"),
       [('voorbereiding', 'opname', '2021-09-01')], 'phase history')
    eq(db_rows(db, "SELECT van, naar FROM statushistorie WHERE sleutel = 'IMG-011' "
                   "AND veld = 'afwezig'"), [('nee', 'ja')], 'absent history')
    s = stats(db)
    eq(s['schades'], 10, 'current claims')
    eq(s['matrix']['1.2']['opname'], 1, 'address 1 moved to 1.2 x opname')
    eq(s['matrix']['1.2']['voorbereiding'], 0, 'address 1 left 1.2 x voorbereiding')
    # delivering the first snapshot again brings IMG-011 back, with history
    rep = import_json(db, [src])['img_schades']
    eq(rep['gewijzigd'], 2, 'IMG-001 back, IMG-011 reappears')
    eq(db_rows(db, "SELECT afwezig FROM schade WHERE img_id = 'IMG-011'"), [(0,)], 'present')


@case
def returning_address_is_counted_at_once(tmp):
    # Issue 12: an absent address that comes back was left out of the address
    # count (7,233 shown, 8,000 present) until the same file came again.
    db = register_db(tmp)
    src = os.path.join(DATA, 'small', 'bag_adressen.csv')
    import_json(db, [src])
    first = stats(db)['adressen']
    lines = open(src, encoding='utf-8').read().splitlines(True)
    snap = os.path.join(tmp, 'bag_adressen.csv')
    open(snap, 'w', encoding='utf-8').writelines(lines[:1] + lines[3:])  # two rows left out
    # two of a few dozen is over the 5% hold: applied at once here (--max-afwezig 100)
    eq(import_json(db, [snap], '--max-afwezig', '100')['bag_adressen']['absent'], 2,
       'two addresses absent')
    direct = 'SELECT count(*) FROM adres WHERE afwezig = false'
    eq(stats(db)['adressen'], db_rows(db, direct)[0][0], 'count with two absent')
    rep = import_json(db, [src])['bag_adressen']
    eq(rep['gewijzigd'], 2, 'the two addresses come back')
    eq(stats(db)['adressen'], db_rows(db, direct)[0][0], 'count right after the return')
    eq(stats(db)['adressen'], first, 'every address of the first load present again')


@case
def rejected_row_does_not_make_its_record_absent(tmp):
    db = register_db(tmp)
    import_json(db, small_files())
    src = os.path.join(DATA, 'small', 'img_schades.csv')
    text = open(src, encoding='utf-8').read()
    broken = text.replace('IMG-009,0014200000000009,,,,,fysieke schade,voorbereiding,2021-08-30',
                          'IMG-009,0014200000000009,,,,,fysieke schade,voorbereiding,2021-08-32')
    snap = os.path.join(tmp, 'img_schades.csv')
    open(snap, 'w', encoding='utf-8').write(broken)
    rep = import_json(db, [snap])['img_schades']
    eq((rep['rejected'], rep['absent']), (4, 0), 'rejected/absent')
    eq(db_rows(db, "SELECT afwezig, fase_sinds FROM schade WHERE img_id = 'IMG-009'"),
       [(0, '2021-08-30')], 'IMG-009 keeps its last good state')


@case
def unreadable_delivery_fails_and_writes_nothing(tmp):
    db = register_db(tmp)
    import_json(db, small_files())
    before = stats(db)
    bad = os.path.join(tmp, 'onzin.csv')
    open(bad, 'w').write('a,b,c\n1,2,3\n')
    p = run(db, 'import', bad, os.path.join(tmp, 'bestaat-niet.csv'), check=False)
    eq(p.returncode, 1, 'exit code when nothing could be processed')
    if 'kopregel' not in p.stderr or 'bestaat-niet.csv' not in p.stderr:
        raise AssertionError('stderr does not say why: %r' % p.stderr)
    eq(stats(db), before, 'stats unchanged')
    # one good file among bad ones: processed, exit 0
    p = run(db, 'import', bad, small_files()[0], check=False)
    eq(p.returncode, 0, 'exit code with one good file')


@case
def generated_deliveries_match_the_oracle(tmp):
    db = register_db(tmp)
    out = os.path.join(tmp, 'gen')
    exp_path = os.path.join(tmp, 'expect.json')
    subprocess.run([BIN, 'gen', '--out', out, '--seed', '7', '--ncg', '3000', '--others', '4000',
                    '--invalid', '0.03', '--expect', exp_path], check=True, capture_output=True)
    expected = json.load(open(exp_path))
    rep = import_json(db, [os.path.join(out, f) for f in FILES])
    for kind, exp in expected['files'].items():
        for k in ('rows', 'imported', 'rejected'):
            eq(rep[kind][k], exp[k], '%s.%s' % (kind, k))
    # the oracle knows the counts; the rule data (indeling) is checked elsewhere
    counts = {k: v for k, v in stats(db).items() if k != 'indeling'}
    eq(counts, expected['stats'], 'stats against the oracle')
    # each delivery records the SHA-256 of the file as read (test_file_digest covers
    # the chunk ring with files of many chunks)
    for f in FILES:
        path = os.path.join(out, f)
        with open(path, 'rb') as fh:
            want = hashlib.sha256(fh.read()).hexdigest()
        got = db_rows(db, 'SELECT sha256 FROM levering WHERE bestand = ?', (path,))
        eq(got, [(want,)], 'sha256 of %s (%d bytes)' % (f, os.path.getsize(path)))


@case
def killed_import_leaves_register_as_before(tmp):
    db = register_db(tmp)
    out = os.path.join(tmp, 'gen')
    subprocess.run([BIN, 'gen', '--out', out, '--seed', '3', '--ncg', '2000',
                    '--others', '150000'], check=True, capture_output=True)
    files = [os.path.join(out, f) for f in FILES]
    import_json(db, files[:2])
    before = stats(db)
    deliveries = db_rows(db, 'SELECT count(*) FROM levering')[0][0]
    killed = kill_halfway([BIN, '--db', db, 'import', files[2]], files[2])
    if not killed:
        raise AssertionError('import finished before it could be killed; use a larger file')
    # SQLite: a first load runs with a rollback journal (written once, not WAL then
    # checkpoint): the kill leaves it hot, and the next connection rolls it back
    # before reading. PostgreSQL rolls back the dead connection's transaction.
    if not is_pg(db):
        eq(os.path.exists(db + '-journal'), True, 'hot rollback journal after the kill')
    eq(stats(db), before, 'stats after a killed import')
    if not is_pg(db):
        eq(db_rows(db, 'PRAGMA journal_mode'), [('wal',)], 'back in WAL mode')
    eq(db_rows(db, 'SELECT count(*) FROM levering')[0][0], deliveries, 'delivery rows')
    eq(db_rows(db, 'SELECT count(*) FROM schade')[0][0], 0, 'no claim rows survive')
    if not is_pg(db):
        eq(db_rows(db, 'PRAGMA integrity_check'), [('ok',)], 'integrity')
    # and the same file then imports completely
    rep = import_json(db, [files[2]])['img_schades']
    eq(rep['rejected'], 0, 'clean import after the crash')


@case
def help_and_usage_errors(tmp):
    for args in (['--help'], ['import', '--help'], ['stats', '--help'], ['gen', '--help']):
        p = subprocess.run([BIN] + args, capture_output=True, text=True)
        eq(p.returncode, 0, ' '.join(args))
        if 'usage' not in p.stdout:
            raise AssertionError('no usage text for %s' % args)
    for args in (['import'], ['stats', '--bogus'], ['nope'], ['stats', '--gemeente', '14']):
        p = subprocess.run([BIN, '--db', os.path.join(tmp, 'x.db')] + args, capture_output=True,
                           text=True)
        eq(p.returncode, 2, ' '.join(args))
        if not p.stderr:
            raise AssertionError('no error text for %s' % args)


@case
def stats_per_municipality(tmp):
    db = register_db(tmp)
    import_json(db, small_files())
    s = json.loads(run(db, 'stats', '--json', '--gemeente', '1979').stdout)
    eq(s['potentieel']['beide_lopend'], 1, 'Eemsdelta: one address, by gemeentecode not id prefix')
    eq(s['groepen']['E'], 1, 'Eemsdelta group E')
    eq((s['adressen'], s['trajecten'], s['schades']), (1, 1, 1),
       'Eemsdelta: its address, trajectory and claim, not the whole register')
    # every municipality's counts together are the register's
    with open(os.path.join(DATA, 'small', 'bag_adressen.csv'), newline='') as f:
        codes = {row['gemeentecode'] for row in csv.DictReader(f) if row['gemeentecode'].isdigit()}
    total = [0, 0, 0]
    for code in sorted(codes):
        g = json.loads(run(db, 'stats', '--json', '--gemeente', code).stdout)
        total = [total[0] + g['adressen'], total[1] + g['trajecten'], total[2] + g['schades']]
    whole = stats(db)
    eq(total, [whole['adressen'], whole['trajecten'], whole['schades']],
       'municipalities %s add up to the register' % sorted(codes))
    table = run(db, 'stats').stdout
    if 'Beide lopend' not in table or '(A)' not in table or '3.1 Beoordeling' not in table:
        raise AssertionError('table lacks labels: %s' % table)
    # the published figures: the CLI prints a hidden count as "<10", the JSON in its shape
    table = run(db, 'stats', '--onderdrukken', '--gemeente', '1979').stdout
    if '<10' not in table or 'aantallen onderdrukt' not in table:
        raise AssertionError('no hidden count in the published table: %s' % table)
    s = json.loads(run(db, 'stats', '--json', '--onderdrukken', '--gemeente', '1979').stdout)
    eq((s['potentieel']['beide_lopend'], s['onderdrukkingsgrens']),
       ({'onderdrukt': True, 'onder': 10}, 10), 'a hidden count in JSON')
    s = json.loads(run(db, 'stats', '--json', '--onder', '2', '--gemeente', '1979').stdout)
    eq(s['potentieel']['beide_lopend'], {'onderdrukt': True, 'onder': 2}, '--onder 2 hides a 1')
    s = json.loads(run(db, 'stats', '--json', '--onder', '1', '--gemeente', '1979').stdout)
    eq((s['potentieel']['beide_lopend'], s['aantal_onderdrukt']), (1, 0), '--onder 1 hides nothing')
    eq(run(db, 'stats', '--onder', '0', check=False).returncode, 2, '--onder 0 is a usage error')


@case
def new_matrix_version_regroups_on_the_next_delivery(tmp):
    db = register_db(tmp)
    import_json(db, small_files())
    # an administrator activates version 2, in which step 1.2 is group B throughout
    sql_script(db, "INSERT INTO regelset (soort, versie, omschrijving)"
                   " VALUES ('matrix', 2, 'stap 1.2 wordt groep B');"
                   "INSERT INTO matrixregel SELECT 2, stap, fase,"
                   " CASE stap WHEN '1.2' THEN 'B' ELSE groep END"
                   " FROM matrixregel WHERE versie = 1;"
                   "UPDATE regelset SET actief = false WHERE soort = 'matrix';"
                   "UPDATE regelset SET actief = true WHERE soort = 'matrix' AND versie = 2")
    s = stats(db)
    eq(s['indeling']['matrixversie'], 2, 'the active version')
    eq(s['indeling']['cellen']['1.2'], dict.fromkeys(
        ('voorbereiding', 'opname', 'zienswijze', 'beschikking'), 'B'), 'step 1.2 under version 2')
    eq(s['indeling']['groepen_ingedeeld_met'], [1], 'counts still grouped by version 1')
    eq((s['groepen']['A'], s['groepen']['B']), (1, 1), 'groups before the next delivery')
    if 'eerdere matrixversie' not in run(db, 'stats').stdout:
        raise AssertionError('the table does not say the groups are of an earlier version')
    import_json(db, small_files())
    s = stats(db)
    eq(s['indeling']['groepen_ingedeeld_met'], [2], 'regrouped by version 2')
    eq((s['groepen']['A'], s['groepen']['B']), (0, 2), 'the 1.2 address moved from A to B')
    if 'eerdere matrixversie' in run(db, 'stats').stdout:
        raise AssertionError('the table still speaks of an earlier version')


def sanitizer_build():
    """True when BIN runs on a sanitizer's allocator (no glibc tuning then)."""
    p = subprocess.run(['ldd', BIN], capture_output=True, text=True)
    return 'libasan' in p.stdout or 'libtsan' in p.stdout


def tunables_in(environ):
    """GLIBC_TUNABLES in a /proc/PID/environ image. glibc parses the variable in
    place, cutting it at each ':' with a NUL, so the tunables after the first
    show as entries of their own; they are the entries that start 'glibc.'
    (no environment variable's name has a dot)."""
    entries = environ.split(b'\0')
    for i, e in enumerate(entries):
        if e.startswith(b'GLIBC_TUNABLES='):
            parts = [e[len(b'GLIBC_TUNABLES='):]]
            for more in entries[i + 1:]:
                if not more.startswith(b'glibc.'):
                    break
                parts.append(more)
            return b':'.join(parts).decode()
    return None


class WriterLock:
    """Holds the register's write lock, so that an import waits: SQLite's
    exclusive lock, or on PostgreSQL the advisory lock every writing transaction
    takes (src/store/pg/connection.c, WRITER_LOCK), from a psql session."""

    KEY = '8314046669514370929'

    def __init__(self, db):
        self.pg = is_pg(db)
        if not self.pg:
            import sqlite3
            self.con = sqlite3.connect(db, isolation_level=None)
            self.con.execute('BEGIN EXCLUSIVE')
            return
        self.con = subprocess.Popen(['psql', '-X', '-q', '-A', '-t', '-d', db],
                                    stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.con.stdin.write('BEGIN; SELECT pg_advisory_xact_lock(%s); SELECT 1;\n' % self.KEY)
        self.con.stdin.flush()
        self.con.stdout.readline()  # the lock is held once psql answers

    def release(self):
        if not self.pg:
            self.con.execute('ROLLBACK')
            self.con.close()
            return
        self.con.stdin.write('ROLLBACK;\n')
        self.con.stdin.close()
        self.con.wait(timeout=30)


def environment_of_waiting_import(db, tunables, want):
    """GLIBC_TUNABLES as the running import sees it (None: unset), read from
    /proc while the import waits for a register that the test holds locked:
    the first reading that equals want, else the last one after a second."""
    env = dict(os.environ)
    env.pop('GLIBC_TUNABLES', None)
    if tunables is not None:
        env['GLIBC_TUNABLES'] = tunables
    lock = WriterLock(db)
    proc = subprocess.Popen([BIN, '--db', db, 'import', small_files()[0]], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seen = 'not read'
    try:
        deadline = time.monotonic() + 1.0
        while time.monotonic() < deadline:
            time.sleep(0.02)
            if os.path.realpath('/proc/%d/exe' % proc.pid) != os.path.realpath(BIN):
                continue  # still the forked test process, before it executes BIN
            with open('/proc/%d/environ' % proc.pid, 'rb') as f:
                raw = f.read()
            if not raw:
                continue  # between two images
            seen = tunables_in(raw)
            if seen == want:
                break
    finally:
        lock.release()
        eq(proc.wait(timeout=60), 0, 'import after the lock is released')
    return seen


@case
def import_runs_on_huge_pages_keeping_the_operators_tunables(tmp):
    asan = sanitizer_build()
    db = register_db(tmp)
    import_json(db, small_files())
    for given, tuned in ((None, 'glibc.malloc.hugetlb=1'),
                         ('glibc.malloc.arena_max=2',
                          'glibc.malloc.arena_max=2:glibc.malloc.hugetlb=1'),
                         ('glibc.malloc.hugetlb=0', 'glibc.malloc.hugetlb=0')):
        want = given if asan else tuned
        eq(environment_of_waiting_import(db, given, want), want, 'tunables %s' % given)

if __name__ == '__main__':
    for c in CASES:
        c()
    print('%d passed, %d failed' % (results['passed'], results['failed']))
    sys.exit(1 if results['failed'] else 0)
