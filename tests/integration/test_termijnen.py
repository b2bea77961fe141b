#!/usr/bin/env python3
"""End-to-end tests of the deadline commands (issue 13, the CLI contract):
`samenloop termijn`, `samenloop dwangsom` and `samenloop termijnen list`.

Usage: test_termijnen.py PATH_TO_SAMENLOOP DATA_DIR

The expected dates are checked by hand (the unit tests hold the full
2019-2030 table); the register listing is also checked against an oracle
computed here in Python from the generated delivery file, independently of
the C code. Bad input must exit 2, name the argument and print no result.
Prints 'N passed, N failed' last.
"""
import csv
import datetime
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from api_harness import register_db  # noqa: E402

BIN = os.path.abspath(sys.argv[1])
DATA = os.path.abspath(sys.argv[2])
results = {'passed': 0, 'failed': 0}
CASES = []


def run(*args, db=None):
    cmd = [BIN] + (['--db', db] if db else []) + list(args)
    return subprocess.run(cmd, capture_output=True, text=True)


def ok_json(*args, db=None):
    p = run(*args, db=db)
    if p.returncode != 0:
        raise AssertionError('%s exited %d: %s' % (args, p.returncode, p.stderr))
    return json.loads(p.stdout)


def eq(got, want, what):
    if got != want:
        raise AssertionError('%s: got %r, want %r' % (what, got, want))


def refused(args, names, db=None):
    """Bad input: exit 2, no result on stdout, the argument named on stderr."""
    p = run(*args, db=db)
    eq(p.returncode, 2, 'exit status of %s' % (args,))
    eq(p.stdout, '', 'stdout of %s' % (args,))
    if names not in p.stderr:
        raise AssertionError('%s: stderr %r does not name %s' % (args, p.stderr, names))


def case(fn):
    def wrapper():
        tmp = tempfile.mkdtemp(prefix='samenloop-termijn-')
        try:
            fn(tmp)
            results['passed'] += 1
            print('ok     %s' % fn.__name__)
        except Exception as e:  # report and go on with the next case
            results['failed'] += 1
            print('FAILED %s: %s' % (fn.__name__, e))
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    CASES.append(wrapper)
    return fn


@case
def term_ends_as_the_algemene_termijnenwet_counts(tmp):
    cases = [
        # (event, length, unit, extra flags, want)
        ('2025-03-14', 6, 'weeks', [], '2025-04-25'),            # a Friday: as is
        ('2025-03-15', 6, 'weeks', [], '2025-04-28'),            # Sat 26 April, King's Day
        ('2025-03-15', 6, 'weeks', ['--not-statutory'], '2025-04-26'),
        ('2029-02-16', 6, 'weeks', [], '2029-04-03'),            # Good Friday .. Easter Monday
        ('2025-03-24', 6, 'weeks', [], '2025-05-06'),            # 5 May
        ('2025-01-10', 3, 'days', [], '2025-01-14'),             # two working days
        ('2025-01-10', 2, 'days', [], '2025-01-13'),             # a 2-day term: art. 1 only
        ('2024-12-26', 4, 'months', [], '2025-04-26'),           # over 3 months: unstretched
        ('2025-01-26', 3, 'months', [], '2025-04-28'),
        ('2023-01-31', 1, 'months', ['--not-statutory'], '2023-02-28'),  # month end
        ('2024-01-31', 1, 'months', ['--not-statutory'], '2024-02-29'),
        ('2025-05-10', 2, 'weeks', ['--backwards'], '2025-04-26'),       # never stretched
        ('2025-05-02', 2, 'days', ['--working-days'], '2025-05-07'),
        ('2025-05-28', 1, 'days', ['--working-days', '--extra-day', '2025-05-30'], '2025-06-02'),
        ('31-01-2026', 1, 'months', [], '2026-03-02'),           # Dutch spelling; 28 Feb a Saturday
    ]
    for event, n, unit, flags, want in cases:
        o = ok_json('termijn', '--event', event, '--length', str(n), '--unit', unit,
                    *flags, '--json')
        eq(o['einde'], want, 'termijn %s + %d %s %s' % (event, n, unit, flags))
    o = ok_json('termijn', '--event', '2025-03-15', '--length', '6', '--unit', 'weeks', '--json')
    eq((o['einde_zonder_termijnenwet'], o['termijnenwet_van_toepassing'], o['verlengd']),
       ('2025-04-26', True, True), 'the unstretched end is shown too')
    p = run('termijn', '--event', '2025-03-15', '--length', '6', '--unit', 'weeks')
    eq((p.returncode, p.stdout.split()[:2]), (0, ['einde:', '2025-04-28']), 'plain output')


@case
def term_bad_input_is_refused(tmp):
    base = ['termijn', '--event', '2025-03-15', '--length', '6', '--unit', 'weeks', '--json']

    def with_(opt, value):
        args = list(base)
        args[args.index(opt) + 1] = value
        return args
    refused(with_('--event', '2025-02-30'), '--event')   # a date that does not exist
    refused(with_('--event', '2025-13-01'), '--event')
    refused(with_('--length', '-1'), '--length')
    refused(with_('--length', 'zes'), '--length')
    refused(with_('--length', '99999999999'), '--length')
    refused(with_('--unit', 'years'), '--unit')
    refused(with_('--unit', 'hours'), '--unit')
    refused(['termijn', '--length', '6', '--unit', 'weeks', '--json'], '--event')
    refused(['termijn', '--event', '2025-03-15', '--unit', 'weeks', '--json'], '--length')
    refused(['termijn', '--event', '2025-03-15', '--length', '6', '--json'], '--unit')
    refused(base + ['--working-days'], '--working-days')
    refused(['termijn', '--event', '2025-03-15', '--length', '1300', '--unit', 'months',
             '--json'], '--length')


@case
def penalty_day_boundaries(tmp):
    # received Monday 3 March 2025: R+14 = 17 March, R+15 = 18 March, R+56 = 28 April
    cases = [('2025-03-03', 0, 0), ('2025-03-17', 0, 0), ('2025-03-18', 1, 23),
             ('2025-03-31', 14, 322), ('2025-04-01', 15, 357), ('2025-04-14', 28, 812),
             ('2025-04-15', 29, 857), ('2025-04-28', 42, 1442), ('2025-09-01', 42, 1442)]
    for decided, days, euros in cases:
        o = ok_json('dwangsom', '--received', '2025-03-03', '--decided', decided, '--json')
        eq((o['dagen'], o['bedrag']), (days, euros), 'dwangsom decided %s' % decided)
        eq(o['bedrag_centen'], euros * 100, 'cents')
        if not isinstance(o['bedrag'], (int, float)) or isinstance(o['bedrag'], bool):
            raise AssertionError('bedrag is not a number: %r' % (o['bedrag'],))
    o = ok_json('dwangsom', '--received', '2025-03-03', '--decided', '2025-03-18', '--json')
    eq((o['eerste_dag'], o['laatste_dag'], o['maximum_op']),
       ('2025-03-18', '2025-03-18', '2025-04-28'), 'the penalty days')
    o = ok_json('dwangsom', '--received', '2025-03-03', '--today', '2025-03-20', '--json')
    eq((o['dagen'], o['bedrag'], o['loopt'], o['beslist']), (3, 69, True, None), 'running')


@case
def penalty_bad_input_is_refused(tmp):
    refused(['dwangsom', '--received', '2025-03-03', '--decided', '2025-03-02', '--json'],
            '--decided')
    refused(['dwangsom', '--received', '2025-02-29', '--decided', '2025-03-20', '--json'],
            '--received')
    refused(['dwangsom', '--received', '2025-03-03', '--decided', '2025-04-31', '--json'],
            '--decided')
    refused(['dwangsom', '--decided', '2025-03-20', '--json'], '--received')
    refused(['dwangsom', '--received', '2025-03-03', '--json'], '--decided')


BAG = os.path.join(DATA, 'small', 'bag_adressen.csv')
CLAIMS = """img_id,nummeraanduiding_id,regeling,fase,fase_sinds,ontvangen_op
IMG-T1,0014200000000001,fysieke schade,voorbereiding,2024-01-05,2024-01-01
IMG-T2,0014200000000001,fysieke schade,opname,2024-07-01,2024-06-01
IMG-T3,0014200000000002,fysieke schade,zienswijze,2023-09-01,2023-01-01
IMG-T4,0014200000000002,fysieke schade,beschikking,2024-03-01,2024-01-01
IMG-T5,0014200000000002,fysieke schade,afgehandeld,2024-08-01,2024-01-01
"""


def load_register(tmp):
    db = register_db(tmp)
    claims = os.path.join(tmp, 'img_schades.csv')
    with open(claims, 'w', encoding='utf-8') as f:
        f.write(CLAIMS)
    p = run('import', BAG, claims, db=db)
    eq(p.returncode, 0, 'import: %s' % p.stderr)
    return db


@case
def register_terms_by_hand(tmp):
    db = load_register(tmp)
    o = ok_json('termijnen', 'list', '--today', '2024-09-01', '--json', db=db)
    got = {i['img_id']: (i['soort'], i['nummeraanduiding_id'], i['start'], i['einde'],
                         i['status']) for i in o['items'] if i['soort'] == 'img_beslistermijn'}
    eq(got, {
        'IMG-T1': ('img_beslistermijn', '0014200000000001', '2024-01-01', '2024-07-01',
                   'verstreken'),
        'IMG-T2': ('img_beslistermijn', '0014200000000001', '2024-06-01', '2024-11-30', 'lopend'),
        'IMG-T3': ('img_beslistermijn', '0014200000000002', '2023-01-01', '2023-07-02',
                   'verstreken'),
        'IMG-T4': ('img_beslistermijn', '0014200000000002', '2024-01-01', '2024-07-01', 'gehaald'),
        'IMG-T5': ('img_beslistermijn', '0014200000000002', '2024-01-01', '2024-07-01',
                   'verstreken'),
    }, 'the terms on 2024-09-01')
    # IMG-T4 was decided on Friday 1 March 2024: the resident could object until Friday
    # 12 April (Awb 6:7, six weeks from the decision's day; decision 188)
    bezwaar = [(i['img_id'], i['start'], i['einde'], i['status'], i['verantwoordelijke'],
                i['wettelijk']) for i in o['items'] if i['soort'] == 'awb_bezwaartermijn']
    eq(bezwaar, [('IMG-T4', '2024-03-01', '2024-04-12', 'verstreken', 'bewoner', True)],
       'the objection term')
    eq((o['aantal'], o['peildatum'], o['per_status']['verstreken']), (6, '2024-09-01', 4),
       'the totals')
    for i in o['items']:
        if i['soort'] == 'img_beslistermijn':
            eq((i['regelversie'], i['wettelijk'], i['verantwoordelijke']),
               (1, False, 'overheid'), 'the rule behind %s' % i['img_id'])
    # on its last day a term still runs; the day after it is missed
    o = ok_json('termijnen', 'list', '--today', '2024-07-01', '--json', db=db)
    eq({i['img_id']: i['status'] for i in o['items']}['IMG-T1'], 'lopend', 'the last day')
    refused(['termijnen', 'list', '--today', '2024-02-30', '--json'], '--today', db=db)
    refused(['termijnen', 'lijst', '--json'], 'usage', db=db)


def parse_date(s):
    s = s.strip()
    if not s:
        return None
    if s[2] == '-' or s[2] == '/':
        return datetime.datetime.strptime(s.replace('/', '-'), '%d-%m-%Y').date()
    return datetime.datetime.strptime(s.replace('/', '-'), '%Y-%m-%d').date()


@case
def register_terms_match_an_oracle(tmp):
    gen = os.path.join(tmp, 'gen')
    p = run('gen', '--out', gen, '--seed', '13', '--ncg', '300', '--others', '400',
            '--invalid', '0')
    eq(p.returncode, 0, 'gen: %s' % p.stderr)
    db = register_db(tmp, 'g.db')
    p = run('import', *[os.path.join(gen, f) for f in
                        ('bag_adressen.csv', 'ncg_trajecten.csv', 'img_schades.csv')], db=db)
    eq(p.returncode, 0, 'import: %s' % p.stderr)
    today = datetime.date(2022, 8, 31)
    want = {}
    with open(os.path.join(gen, 'img_schades.csv'), encoding='utf-8-sig') as f:
        for row in csv.DictReader(f, delimiter=','):
            received = parse_date(row['ontvangen_op'])
            if received is None:
                continue
            end = received + datetime.timedelta(days=182)
            phase = row['fase'].strip().lower()
            if phase in ('voorbereiding', 'opname', 'zienswijze'):
                status = 'verstreken' if today > end else 'lopend'
            else:
                decided = parse_date(row['fase_sinds']) or today
                status = 'gehaald' if decided <= end else 'verstreken'
            want[row['img_id']] = (end.isoformat(), status)
    o = ok_json('termijnen', 'list', '--today', today.isoformat(), '--json', db=db)
    got = {i['img_id']: (i['einde'], i['status']) for i in o['items']
           if i['soort'] == 'img_beslistermijn'}
    eq(len(got), len(want), 'one term per claim with a received date')
    bad = [k for k in want if got.get(k) != want[k]]
    eq(bad[:5], [], 'terms that differ from the oracle')
    if not any(s == 'verstreken' for _, s in want.values()):
        raise AssertionError('the generated register has no missed term to check')


@case
def a_new_term_table_from_the_command_line(tmp):
    db = register_db(tmp)
    p = run('import', *[os.path.join(DATA, 'small', f) for f in
                        ('bag_adressen.csv', 'ncg_trajecten.csv', 'img_schades.csv')], db=db)
    eq(p.returncode, 0, 'import: %s' % p.stderr)
    definitie = {'soort': 'img_beslistermijn', 'omschrijving': 'IMG beslist binnen 200 dagen',
                 'organisatie': 'IMG', 'start_gebeurtenis': 'ontvangen_op',
                 'eind_gebeurtenis': 'beschikking', 'lengte': -1, 'eenheid': 'dagen',
                 'verantwoordelijke': 'overheid', 'opschortbaar': True}
    path = os.path.join(tmp, 'def.json')
    with open(path, 'w') as f:
        json.dump({'omschrijving': 'fout', 'definities': [definitie]}, f)
    refused(('termijnen', 'publiceer', '--file', path, '--by', 'beheer'), 'lengte', db=db)
    o = ok_json('termijnen', 'list', '--today', '2021-09-01', '--json', db=db)
    eq(o['regelversie'], 1, 'a refused table changes nothing')
    definitie['lengte'] = 200
    with open(path, 'w') as f:
        json.dump({'omschrijving': 'IMG 200 dagen', 'definities': [definitie]}, f)
    p = run('termijnen', 'publiceer', '--file', path, '--by', 'beheer', db=db)
    eq((p.returncode, p.stdout.strip()), (0, 'termijndefinities versie 2 in werking'), 'published')
    o = ok_json('termijnen', 'list', '--today', '2021-09-01', '--json', db=db)
    eq(o['regelversie'], 2, 'the list names the version')
    one = [i for i in o['items'] if i['img_id'] == 'IMG-001'][0]
    eq((one['einde'], one['regelversie']), ('2022-01-06', 2), 'IMG-001 with 200 days')


if __name__ == '__main__':
    for c in CASES:
        c()
    print('%d passed, %d failed' % (results['passed'], results['failed']))
    sys.exit(1 if results['failed'] else 0)
