#!/usr/bin/env python3
"""`samenloop copy --from DB --to DB`: a whole register, the processing log's two
chains and anchors included, copied between stores and verified (decision 149).

The source is a SQLite register used as the bodies use one: the fixture's
deliveries, accounts of several roles with tokens, a browser login, consent
recorded and confirmed, an SVIP request answered, a dossier viewed across the
boundary (the look log) and an anchor. A copy SQLite -> SQLite, and with
SAMENLOOP_TEST_PG SQLite -> PostgreSQL -> SQLite, must give the same data, byte
for byte, in a listing of every table (the look log's file too) with each
value's SQLite type, and the processing log must verify with the same heads.
A copy into a register that is in use, from a damaged log, or of a register with a
held delivery (whose files it does not copy) is refused.

Usage: test_copy.py PATH_TO_SAMENLOOP DATA_DIR
Prints 'N passed, N failed'; the PostgreSQL cases are skipped without a cluster.
"""
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from api_harness import PgDatabase, Server, case, eq, pg_admin_url, run_cases  # noqa: E402

BIN = os.path.abspath(sys.argv[1])
DATA = os.path.abspath(sys.argv[2])
A1 = '0014200000000001'
PASSWORD = 'een-lang-wachtwoord'


def cli(db, *args, check=True, stdin=None):
    p = subprocess.run([BIN, '--db', db] + list(args), input=stdin, capture_output=True,
                       text=True)
    if check and p.returncode != 0:
        raise AssertionError('%s exited %d: %s' % (args, p.returncode, p.stderr))
    return p


def copy(src, dst, check=True):
    p = subprocess.run([BIN, 'copy', '--from', src, '--to', dst], capture_output=True,
                       text=True)
    if check and p.returncode != 0:
        raise AssertionError('copy exited %d: %s' % (p.returncode, p.stderr))
    return p


def used_register(tmp):
    """A SQLite register with something in (almost) every table, at tmp/bron.db."""
    admin = os.environ.pop('SAMENLOOP_TEST_PG', None)  # the source is SQLite, always
    try:
        s = Server(BIN, DATA)
    finally:
        if admin:
            os.environ['SAMENLOOP_TEST_PG'] = admin
    with s:
        zb = s.user('k.postma', 'zaakbegeleider', '--org', 'IMG')
        s.user('h.eemsens', 'zaakbegeleider', '--org', 'IMG')
        svip_img = s.user('svip.img', 'svip', '--org', 'IMG')
        svip_ncg = s.user('svip.ncg', 'svip', '--org', 'NCG')
        s.user('bewoner1', 'bewoner', '--adres', A1)
        s.start()
        status, hdrs, _ = s.request('POST', '/api/v1/sessies', body={
            'gebruikersnaam': 'k.postma', 'wachtwoord': PASSWORD})
        eq(status, 201, 'login')
        eq(s.request('POST', '/api/v1/sessies', body={
            'gebruikersnaam': 'k.postma', 'wachtwoord': 'fout-wachtwoord'})[0], 401,
           'a failed login')
        eq(s.request('GET', '/api/v1/adressen/' + A1, token=zb)[0], 200, 'a view (look log)')
        status, _, t = s.request('POST', '/api/v1/toestemmingen', token=zb, body={
            'nummeraanduiding_id': A1, 'doel': 'svip_verzoek', 'gegeven_op': '2026-01-15',
            'kanaal': 'post', 'formulier_kenmerk': 'GUO-2026-0100'})
        eq(status, 201, 'consent recorded')
        eq(s.request('POST', '/api/v1/toestemmingen/%d/bevestiging' % t['id'],
                     token=s.user('m.dijkstra', 'zaakbegeleider', '--org', 'IMG'))[0], 200,
           'consent confirmed')
        status, _, v = s.request('POST', '/api/v1/verzoeken', token=svip_img, body={
            'nummeraanduiding_id': A1, 'type': 'statusuitwisseling', 'doel': 'svip_verzoek',
            'vraag': 'Waar staat het traject?'})
        eq(status, 201, 'request registered')
        eq(s.request('POST', '/api/v1/verzoeken/%d/antwoord' % v['id'], token=svip_ncg,
                     headers={'If-Match': '"%d"' % v['versie']},
                     body={'antwoord': 'Stap 1.2, met "aanhalingstekens",\ttab en\nregel'})[0],
           200, 'request answered')
        s.stop()
        cli(s.db, 'logboek', 'anker', '--schrijf')
        dst = os.path.join(tmp, 'bron.db')
        for suffix in ('', '-inzage'):
            shutil.copyfile(s.db + suffix, dst + suffix)
    return dst


def listing(db):
    """Every row of every table of a SQLite register and its look log, sorted, with
    each value's SQLite type: what a byte-for-byte copy must give again."""
    out = []
    for path, schema in ((db, 'main'), (db + '-inzage', 'inzage')):
        con = sqlite3.connect(path)
        try:
            tables = [t for (t,) in con.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'"
                " AND name NOT LIKE 'sqlite_%' ORDER BY name")]
            for t in tables:
                cols = [c[1] for c in con.execute('PRAGMA table_info("%s")' % t)]
                sel = ', '.join('"%s", typeof("%s")' % (c, c) for c in cols)
                order = ', '.join(str(i + 1) for i in range(2 * len(cols)))
                for row in con.execute('SELECT %s FROM "%s" ORDER BY %s' % (sel, t, order)):
                    out.append('%s.%s %r' % (schema, t, row))
        finally:
            con.close()
    return out


def heads(db):
    p = cli(db, 'logboek', 'verify')
    return [line for line in p.stdout.splitlines() if line.startswith(('logboek in orde',
                                                                        'keten'))]


def same_data(a, b, what):
    la, lb = listing(a), listing(b)
    if la != lb:
        diff = [x for x in la if x not in lb][:3] + ['--'] + [x for x in lb if x not in la][:3]
        raise AssertionError('%s: the listings differ (%d and %d rows): %s'
                             % (what, len(la), len(lb), diff))
    return len(la)


@case
def sqlite_to_sqlite_gives_the_same_bytes():
    tmp = tempfile.mkdtemp(prefix='samenloop-copy-')
    try:
        src = used_register(tmp)
        dst = os.path.join(tmp, 'doel.db')
        p = copy(src, dst)
        for table in ('tabel gebruiker: 6 rijen', 'tabel sessie: 1 rijen',
                      'tabel toestemming: 1 rijen', 'tabel verzoek: 1 rijen',
                      'tabel inzage.logboek: 1 rijen', 'tabel logboek_anker: ',
                      'elke tabel gelijk aan de bron'):
            if table not in p.stdout:
                raise AssertionError('%r not in the report: %s' % (table, p.stdout))
        n = same_data(src, dst, 'SQLite -> SQLite')
        if n < 100:
            raise AssertionError('only %d rows: the source register is too thin' % n)
        eq(heads(dst), heads(src), 'the chains verify with the same heads')
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


@case
def a_register_in_use_is_not_overwritten():
    tmp = tempfile.mkdtemp(prefix='samenloop-copy-')
    try:
        src = used_register(tmp)
        dst = os.path.join(tmp, 'in-gebruik.db')
        cli(dst, 'user', 'add', '--name', 'beheer', '--role', 'beheerder', '--password-stdin',
            stdin=PASSWORD + '\n')
        before = listing(dst)
        p = copy(src, dst, check=False)
        eq(p.returncode, 1, 'refused')
        if 'geen leeg register' not in p.stderr or 'gebruiker' not in p.stderr:
            raise AssertionError('the refusal does not say why: %r' % p.stderr)
        eq(listing(dst), before, 'the target is untouched')
        eq(copy(src, src, check=False).returncode, 1, 'a register onto itself')
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


@case
def a_damaged_log_is_not_copied():
    tmp = tempfile.mkdtemp(prefix='samenloop-copy-')
    try:
        src = used_register(tmp)
        con = sqlite3.connect(src)
        con.execute('DROP TRIGGER logboek_geen_wijziging')
        con.execute("UPDATE logboek SET gebruiker = 'iemand-anders' WHERE id = 2")
        con.commit()
        con.close()
        dst = os.path.join(tmp, 'doel.db')
        p = copy(src, dst, check=False)
        eq(p.returncode, 1, 'refused')
        if 'beschadigd' not in p.stderr or 'record 2' not in p.stderr:
            raise AssertionError('the refusal does not say why: %r' % p.stderr)
        eq(cli(dst, 'user', 'list', '--json').stdout.strip(), '[]', 'nothing copied')
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


@case
def a_held_delivery_is_settled_first():
    tmp = tempfile.mkdtemp(prefix='samenloop-copy-')
    try:
        src = os.path.join(tmp, 'bron.db')
        cli(src, 'import', *[os.path.join(DATA, 'small', f) for f in
                             ('bag_adressen.csv', 'ncg_trajecten.csv', 'img_schades.csv')])
        with open(os.path.join(DATA, 'small', 'img_schades.csv')) as f:
            one = ''.join(f.readlines()[:2])
        snapshot = os.path.join(tmp, 'img_schades.csv')
        with open(snapshot, 'w') as f:
            f.write(one)
        if 'AANGEHOUDEN' not in cli(src, 'import', snapshot).stdout:
            raise AssertionError('arrange: the one-row snapshot was not held')
        p = copy(src, os.path.join(tmp, 'doel.db'), check=False)
        eq(p.returncode, 1, 'refused')
        if '1 aangehouden levering' not in p.stderr:
            raise AssertionError('the refusal does not say why: %r' % p.stderr)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


@case
def sqlite_to_postgresql_and_back_gives_the_same_bytes():
    if not pg_admin_url():
        print('skip   (SAMENLOOP_TEST_PG is not set)')
        return
    tmp = tempfile.mkdtemp(prefix='samenloop-copy-')
    pg = PgDatabase(pg_admin_url())
    try:
        src = used_register(tmp)
        copy(src, pg.url)
        eq(heads(pg.url), heads(src), 'the chains verify on PostgreSQL with the same heads')
        back = os.path.join(tmp, 'terug.db')
        copy(pg.url, back)
        same_data(src, back, 'SQLite -> PostgreSQL -> SQLite')
        # the copy is a working register: new rows get new ids after the copied ones
        cli(pg.url, 'user', 'add', '--name', 'nieuw', '--role', 'planner', '--password-stdin',
            stdin=PASSWORD + '\n')
        ids = [u['id'] for u in json.loads(cli(pg.url, 'user', 'list', '--json').stdout)]
        eq(sorted(ids), list(range(1, 8)), 'the next account id follows the copied ones')
        eq(heads(pg.url)[0].split(':')[0], 'logboek in orde', 'the log still verifies')
    finally:
        pg.drop()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == '__main__':
    sys.exit(run_cases())
