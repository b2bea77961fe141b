#!/usr/bin/env python3
"""The outbox's workers on the command line (decision 178): `samenloop outbox
claim|ack|fail`, on either store (make test-pg runs it on PostgreSQL).

Usage: test_outbox_cli.py PATH_TO_SAMENLOOP

claim prints each event as a JSON line, oldest first, and a second worker gets
the others; ack and fail count only from the worker holding the event; a failed
event is due again after its delay, with the attempt counted; wrong usage exits 2.
Prints 'N passed, N failed' last.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from api_harness import case, cli_argv, eq, register_db, run_cases, sql  # noqa: E402

BIN = os.path.abspath(sys.argv[1])
TMP = tempfile.mkdtemp(prefix='outbox_cli_')


def run(db, *args):
    return subprocess.run(cli_argv(BIN, db, *args), capture_output=True, text=True)


def register_with_events(n):
    db = register_db(TMP, 'r%d.db' % time.monotonic_ns())
    eq(run(db, 'outbox', 'claim').returncode, 0, 'an empty outbox claims nothing')
    for i in range(1, n + 1):
        sql(db, 'INSERT INTO outbox (soort, onderwerp, sleutel, gegevens) VALUES (?, ?, ?, ?)',
            ('combinatiedossier.gewijzigd', 'combinatiedossier', '%016d' % i,
             json.dumps({'versie': i})))
    return db


def claimed(db, *args):
    p = run(db, 'outbox', 'claim', *args)
    if p.returncode != 0:
        raise AssertionError('claim exited %d: %s' % (p.returncode, p.stderr))
    return [json.loads(line) for line in p.stdout.splitlines()]


@case
def two_workers_share_the_events_oldest_first():
    db = register_with_events(3)
    first = claimed(db, '--bezorger', 'w1', '--max', '2')
    eq([e['gegevens'] for e in first], [{'versie': 1}, {'versie': 2}], 'oldest first, as JSON')
    eq((first[0]['soort'], first[0]['onderwerp'], first[0]['sleutel'], first[0]['pogingen']),
       ('combinatiedossier.gewijzigd', 'combinatiedossier', '%016d' % 1, 1), 'the event')
    second = claimed(db, '--bezorger', 'w2')
    eq([e['gegevens']['versie'] for e in second], [3], 'the second worker gets the rest')
    eq(claimed(db, '--bezorger', 'w3'), [], 'nothing left while the leases hold')


@case
def only_the_holder_settles_an_event():
    db = register_with_events(2)
    one, two = claimed(db, '--bezorger', 'w1')
    p = run(db, 'outbox', 'ack', str(one['id']), '--bezorger', 'w2')
    eq(p.returncode, 1, 'another worker cannot ack')
    eq('niet (meer) geclaimd door w2' in p.stderr, True, 'and is told why: %r' % p.stderr)
    eq(run(db, 'outbox', 'ack', str(one['id']), '--bezorger', 'w1').returncode, 0, 'ack')
    eq(run(db, 'outbox', 'fail', str(two['id']), '--bezorger', 'w1', '--reden',
           'abonnee onbereikbaar', '--opnieuw-na', '0').returncode, 0, 'fail')
    eq(sql(db, 'SELECT verzonden_op IS NOT NULL, laatste_fout FROM outbox ORDER BY id'),
       [(1, None), (0, 'abonnee onbereikbaar')], 'delivered, and given back with its reason')
    again = claimed(db, '--bezorger', 'w2')
    eq([(e['id'], e['pogingen']) for e in again], [(two['id'], 2)],
       'the failed event is due again, the delivered one never')


@case
def wrong_usage_exits_2():
    db = register_with_events(1)
    for args in (['ack', '1'], ['fail', '1', '--bezorger', 'w1'], ['claim', '--max', '0'],
                 ['claim', '--claimduur', '99999'], ['ack', 'x', '--bezorger', 'w1'], []):
        eq(run(db, 'outbox', *args).returncode, 2, 'outbox %s' % ' '.join(args))


if __name__ == '__main__':
    try:
        sys.exit(run_cases())
    finally:
        shutil.rmtree(TMP, ignore_errors=True)
