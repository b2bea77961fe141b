#!/usr/bin/env python3
"""End-to-end tests of signals, combination dossiers, the sweep and the outbox.

Usage: test_signals.py PATH_TO_SAMENLOOP DATA_DIR

The first delivery (DATA_DIR/small) is the baseline and raises nothing. The
second (DATA_DIR/small2) changes the fixture so that each of rules 1-6 fires on
one known address (worked out by hand in the comments); a third, identical
delivery raises nothing. Prints 'N passed, N failed' last.
"""
import json
import os
import shutil
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from proc_kill import kill_halfway  # noqa: E402
from api_harness import sql, sql_script, sqlite_only  # noqa: E402
from register_cases import register_case, run_cases  # noqa: E402

BIN = os.path.abspath(sys.argv[1])
DATA = os.path.abspath(sys.argv[2])
FILES = ('bag_adressen.csv', 'ncg_trajecten.csv', 'img_schades.csv')

def A(n):
    """The nummeraanduiding id of address n of the fixture (4 is in Eemsdelta, old prefix)."""
    return ('00102000000000%02d' if n == 4 else '00142000000000%02d') % n

# rule -> (address, variant, addressees as (org, rol, persoon))
EXPECTED = {
    (1, ''): (A(7), [('IMG', 'svip', None), ('NCG', 'svip', None),
                     ('IMG', 'zaakbegeleider', 'T. Wiersma'),
                     ('NCG', 'bewonersbegeleider', 'G. Kok')]),
    (2, ''): (A(7), [('NCG', 'bewonersbegeleider', 'G. Kok')]),
    # the trajectory file comes first: IMG-001 still has its old case manager then
    (3, ''): (A(1), [('IMG', 'svip', None), ('NCG', 'svip', None),
                     ('IMG', 'zaakbegeleider', 'K. Postma'),
                     ('NCG', 'bewonersbegeleider', 'A. Jansma')]),
    (4, 'met_schades'): (A(9), [('NCG', 'bewonersbegeleider', 'I. Dijkstra')]),
    (4, 'zonder_schades'): (A(8), [('NCG', 'bewonersbegeleider', 'H. Hoekstra')]),
    (5, ''): (A(10), [('NCG', 'svip', None)]),
    (6, ''): (A(3), [('IMG', 'svip', None), ('NCG', 'svip', None)]),
}


def run(db, *args, check=True):
    p = subprocess.run([BIN, '--db', db] + list(args), capture_output=True, text=True)
    if check and p.returncode != 0:
        raise AssertionError('%s exited %d: %s' % (args, p.returncode, p.stderr))
    return p


def load(db, folder):
    run(db, 'import', *[os.path.join(DATA, folder, f) for f in FILES])


def signals(db, *filters):
    return json.loads(run(db, 'signals', 'list', '--json', *filters).stdout)


def rows(db, query, params=()):
    return sql(db, query, params)


def eq(actual, expected, what):
    if actual != expected:
        raise AssertionError('%s: expected %r, got %r' % (what, expected, actual))


case = register_case('samenloop-signals-')


@case
def baseline_raises_nothing_but_creates_dossiers(db, tmp):
    load(db, 'small')
    eq(signals(db), [], 'signals after the first delivery')
    eq(rows(db, 'SELECT count(*) FROM combinatiedossier WHERE actueel = true')[0][0], 7,
       'combination dossiers')
    eq(rows(db, 'SELECT count(*) FROM outbox')[0][0], 0, 'outbox after the baseline')
    d = json.loads(run(db, 'dossier', 'show', A(1), '--json').stdout)
    eq((d['combinatiedossier']['zaakbegeleider'], d['combinatiedossier']['bewonersbegeleider']),
       ('K. Postma', 'A. Jansma'), 'buddy pair from the deliveries')


@case
def second_delivery_raises_exactly_the_expected_signals(db, tmp):
    load(db, 'small')
    load(db, 'small2')
    got = {}
    for s in signals(db):
        key = (s['regel'], s['variant'])
        if key in got:
            raise AssertionError('rule %r raised twice' % (key,))
        got[key] = (s['nummeraanduiding_id'],
                    [(a['org'], a['rol'], a['persoon']) for a in s['aan']])
        eq(s['status'], 'open', 'status of a new signal')
        if not s['tekst'] or not s['vervalt_op'] or not s['aangemaakt']:
            raise AssertionError('signal lacks text or dates: %r' % s)
    eq(got, EXPECTED, 'signals per rule')
    # one signal with several addressees, not one per addressee
    eq(rows(db, 'SELECT count(*) FROM signaal')[0][0], 7, 'signal rows')
    # filters
    eq([s['regel'] for s in signals(db, '--rule', '4')], [4, 4], '--rule 4')
    eq([s['regel'] for s in signals(db, '--adres', A(7))], [1, 2], '--adres')
    # every signal is in the outbox, in the same transaction
    eq(rows(db, "SELECT count(*) FROM outbox WHERE soort = 'signaal.aangemaakt'")[0][0], 7,
       'outbox signal events')


@case
def identical_third_delivery_raises_nothing(db, tmp):
    load(db, 'small')
    load(db, 'small2')
    before = rows(db, 'SELECT count(*) FROM signaal')[0][0]
    outbox = rows(db, 'SELECT count(*) FROM outbox')[0][0]
    load(db, 'small2')
    eq(rows(db, 'SELECT count(*) FROM signaal')[0][0], before, 'signals after a re-delivery')
    eq(rows(db, 'SELECT count(*) FROM outbox')[0][0], outbox, 'outbox after a re-delivery')


@case
def generated_snapshots_raise_once_and_never_again(db, tmp):
    # gen with a later peildatum is the same register moved on: same ids, steps and
    # phases advanced, new claims. The first delivery is the baseline; the second raises
    # signals of several rules; delivering it again raises none.
    out1, out2 = os.path.join(tmp, 'g1'), os.path.join(tmp, 'g2')
    for out, day in ((out1, '2021-08-31'), (out2, '2022-03-31')):
        subprocess.run([BIN, 'gen', '--out', out, '--seed', '11', '--ncg', '3000',
                        '--others', '2000', '--peildatum', day], check=True, capture_output=True)
    run(db, 'import', *[os.path.join(out1, f) for f in FILES])
    eq(signals(db), [], 'baseline')
    # a few addresses leave in a year: well under the hold of decision 91
    run(db, 'import', *[os.path.join(out2, f) for f in FILES])
    raised = signals(db)
    rules = sorted({s['regel'] for s in raised})
    if len(rules) < 3:
        raise AssertionError('a moved-on register should raise several rules: %r' % rules)
    keys = [(s['regel'], s['nummeraanduiding_id']) for s in raised]
    eq(len(keys), len(set(keys)), 'one signal per rule and address')
    run(db, 'import', *[os.path.join(out2, f) for f in FILES])
    eq(len(signals(db)), len(raised), 'the same delivery again raises nothing')


@case
def buddy_change_is_history_not_overwrite(db, tmp):
    load(db, 'small')
    load(db, 'small2')
    d = json.loads(run(db, 'dossier', 'show', A(1), '--json').stdout)
    eq(d['combinatiedossier']['zaakbegeleider'], 'S. Nieuwenhuis', 'current buddy')
    changes = [(h['veld'], h['van'], h['naar']) for h in d['historie']
               if h['onderwerp'] == 'combinatiedossier']
    if ('zaakbegeleider', 'K. Postma', 'S. Nieuwenhuis') not in changes:
        raise AssertionError('buddy history missing: %r' % changes)
    if ('groep', 'A', 'B') not in changes:
        raise AssertionError('group history missing: %r' % changes)
    eq(rows(db, "SELECT count(*) FROM outbox WHERE soort = 'combinatiedossier.gewijzigd'"
                " AND sleutel = ?", (A(1),))[0][0] >= 1, True, 'dossier change in the outbox')
    eq([s['regel'] for s in d['signalen']], [3], 'signals in the dossier view')
    eq(d['traject']['stap'], '2.1', 'trajectory in the dossier view')
    eq([c['img_id'] for c in d['schades']], ['IMG-001'], 'claims in the dossier view')


@case
def lifecycle_and_its_errors(db, tmp):
    load(db, 'small')
    load(db, 'small2')
    sid = str(signals(db, '--rule', '3')[0]['id'])
    eq(run(db, 'signals', 'done', sid, check=False).returncode, 2, 'done without --by')
    run(db, 'signals', 'ack', sid, '--by', 'J. Tester')
    p = run(db, 'signals', 'ack', sid, '--by', 'J. Tester', check=False)
    eq(p.returncode, 1, 'ack twice')
    if 'bevestigd' not in p.stderr:
        raise AssertionError('no reason given: %r' % p.stderr)
    run(db, 'signals', 'done', sid, '--by', 'J. Tester')
    s = signals(db, '--rule', '3')[0]
    eq((s['status'], s['gewijzigd_door']), ('afgerond', 'J. Tester'), 'done')
    other = str(signals(db, '--rule', '5')[0]['id'])
    eq(run(db, 'signals', 'dismiss', other, '--by', 'X', check=False).returncode, 2,
       'dismiss without reason')
    run(db, 'signals', 'dismiss', other, '--by', 'X', '--reason', 'al bekend bij NCG')
    s = signals(db, '--rule', '5')[0]
    eq((s['status'], s['reden']), ('afgewezen', 'al bekend bij NCG'), 'dismissed')
    eq(run(db, 'signals', 'done', '99999', '--by', 'X', check=False).returncode, 1,
       'unknown signal')
    eq(sorted(s['regel'] for s in signals(db, '--status', 'open')), [1, 2, 4, 4, 6], 'open ones')
    eq(rows(db, "SELECT soort FROM outbox WHERE onderwerp = 'signaal' AND sleutel = ?"
                " ORDER BY id", (sid,)),
       [('signaal.aangemaakt',), ('signaal.bevestigd',), ('signaal.afgerond',)],
       'lifecycle in the outbox')


@case
def sweep_flags_still_dossiers_once(db, tmp):
    load(db, 'small')
    load(db, 'small2')
    # beide lopend after delivery 2, last status change per address:
    # 1: 2021-10-01, 2: 2021-06-01, 3: 2021-08-15, 4: 2021-08-20, 7: 2021-10-06, 9: 2021-10-02
    # on 2022-09-01 more than 365 days: 2, 3, 4
    run(db, 'sweep', '--today', '2022-09-01')
    still = sorted(s['nummeraanduiding_id'] for s in signals(db, '--rule', '8'))
    eq(still, sorted([A(2), A(3), A(4)]), 'still on 2022-09-01')
    s = signals(db, '--rule', '8')[0]
    eq([(a['org'], a['rol']) for a in s['aan']], [('IMG+NCG', 'interventieteam')], 'addressee')
    eq(s['vervalt_op'], '2022-09-21', 'due 20 days after the sweep day')
    out = run(db, 'sweep', '--today', '2022-09-01').stdout
    if '0' not in out:
        raise AssertionError('second sweep raised again: %r' % out)
    eq(len(signals(db, '--rule', '8')), 3, 'no duplicates from a second sweep')
    run(db, 'sweep', '--today', '2023-01-01')
    eq(sorted(s['nummeraanduiding_id'] for s in signals(db, '--rule', '8')),
       sorted([A(1), A(2), A(3), A(4), A(7), A(9)]), 'still on 2023-01-01')
    eq(run(db, 'sweep', '--today', '2023-02-30', check=False).returncode, 2, 'bad date')


@case
def coordinator_and_elements(db, tmp):
    load(db, 'small')
    # the coordinator is an account of role coordinator, not free text
    eq(run(db, 'dossier', 'coordinator', A(3), '--name', 'C. Coördinator', '--by', 'beheer',
           check=False).returncode, 1, 'free text is no coordinator')
    p = subprocess.run([BIN, '--db', db, 'user', 'add', '--name', 'c.coordinator', '--role',
                        'coordinator', '--password-stdin'], input='een-lang-wachtwoord\n',
                       capture_output=True, text=True)
    eq(p.returncode, 0, 'coordinator account made')
    run(db, 'dossier', 'coordinator', A(3), '--name', 'C.Coordinator', '--by', 'beheer')
    run(db, 'dossier', 'element', A(1), 'totaalopname', 'afgewezen', '--date', '2021-09-01',
        '--by', 'A. Jansma')
    eq(run(db, 'dossier', 'element', A(8), 'totaalopname', 'gevraagd', '--by', 'x',
           check=False).returncode, 1, 'element on an address that is no combination')
    load(db, 'small2')
    by_rule = {s['regel']: s for s in signals(db)}
    # the resident declined a joint inspection: rule 3 stays silent
    if 3 in by_rule:
        raise AssertionError('rule 3 raised although the resident declined: %r' % by_rule[3])
    eq([(a['rol'], a['persoon']) for a in by_rule[6]['aan']],
       [('svip', None), ('svip', None), ('coordinator', 'c.coordinator')],
       'the coordinator is an addressee of rule 6')
    d = json.loads(run(db, 'dossier', 'show', A(1), '--json').stdout)
    eq([(e['element'], e['status'], e['afgewezen_op']) for e in d['elementen']],
       [('totaalopname', 'afgewezen', '2021-09-01')], 'elements in the dossier view')
    if d['combinatiedossier']['versie'] < 2:
        raise AssertionError('dossier version did not move: %r' % d['combinatiedossier'])


@case
def coordinator_assigned_later_gets_the_open_signals(db, tmp):
    """Decision 216: rule 6 was raised before the dossier had a coordinator."""
    load(db, 'small')
    load(db, 'small2')
    before = [s for s in signals(db) if s['regel'] == 6][0]
    eq([a['rol'] for a in before['aan']], ['svip', 'svip'], 'raised without a coordinator')
    p = subprocess.run([BIN, '--db', db, 'user', 'add', '--name', 'c.coordinator', '--role',
                        'coordinator', '--password-stdin'], input='een-lang-wachtwoord\n',
                       capture_output=True, text=True)
    eq(p.returncode, 0, 'coordinator account made')
    run(db, 'dossier', 'coordinator', A(3), '--name', 'c.coordinator', '--by', 'beheer')
    after = [s for s in signals(db) if s['regel'] == 6][0]
    eq([(a['rol'], a['persoon']) for a in after['aan']],
       [('svip', None), ('svip', None), ('coordinator', 'c.coordinator')],
       'the coordinator is added to the open signal of rule 6')
    eq(rows(db, "SELECT gebruiker, actie FROM logboek WHERE categorieen = 'signaal:adressaat'"
                " AND nummeraanduiding_id = ?", (int(A(3)),)),
       [('beheer', 'wijziging')], 'the addition is logged')
    # naming the same coordinator again adds nothing; a finished signal is left alone
    run(db, 'dossier', 'coordinator', A(3), '--name', 'c.coordinator', '--by', 'beheer')
    eq(len([s for s in signals(db) if s['regel'] == 6][0]['aan']), 3, 'added once')


@case
def history_names_the_delivery_file(db, tmp):
    """Decision 217: a change from a delivery says which file brought it."""
    load(db, 'small')
    load(db, 'small2')
    d = json.loads(run(db, 'dossier', 'show', A(1), '--json').stdout)
    from_delivery = [h for h in d['historie'] if 'levering_id' in h]
    if not from_delivery:
        raise AssertionError('no history from a delivery: %r' % d['historie'])
    expected = {'adres': 'bag_adressen.csv', 'traject': 'ncg_trajecten.csv',
                'schade': 'img_schades.csv'}
    for h in from_delivery:
        if h['onderwerp'] in expected:
            eq(h.get('levering_bestand'), expected[h['onderwerp']],
               'the file of the %s change' % h['onderwerp'])


def closed_by_system(db, regel, variant=''):
    """The signal of rule regel, as the system closed it, with its processing-log record."""
    got = [s for s in signals(db) if s['regel'] == regel and s['variant'] == variant]
    eq(len(got), 1, 'one signal of rule %d' % regel)
    return got[0]


@case
def rule_4_without_claims_closes_when_a_claim_arrives(db, tmp):
    load(db, 'small')
    load(db, 'small2')
    eq(closed_by_system(db, 4, 'zonder_schades')['status'], 'open', 'rule 4 raised open')
    # the next delivery brings the first claim on A(8): "no claim known" is no longer true
    third = os.path.join(tmp, 'third')
    shutil.copytree(os.path.join(DATA, 'small2'), third)
    with open(os.path.join(third, 'img_schades.csv'), 'a', encoding='utf-8') as f:
        f.write('IMG-900,%s,9713CD,8,,,fysieke schade,voorbereiding,2021-10-10,2021-10-09,'
                'nee,nee,,T. Wiersma,\n' % A(8))
    run(db, 'import', *[os.path.join(third, f) for f in FILES])
    s = closed_by_system(db, 4, 'zonder_schades')
    eq((s['status'], s['gewijzigd_door'], s['reden']),
       ('afgerond', 'samenloop', 'Vervallen: er is nu een schademelding bekend op dit adres.'),
       'closed by the system with a reason')
    eq(rows(db, "SELECT count(*) FROM logboek WHERE gebruiker = 'samenloop'"
                " AND categorieen = 'signaal:status,reden' AND nummeraanduiding_id = ?",
            (int(A(8)),))[0][0], 1, 'the closing is logged')
    eq(rows(db, "SELECT count(*) FROM outbox WHERE soort = 'signaal.afgerond'")[0][0], 1,
       'and announced')
    # the history is kept: the signal is still there, and the variant with claims stays open
    eq(rows(db, 'SELECT count(*) FROM signaal WHERE regel = 4')[0][0], 2, 'history kept')


@case
def rule_3_closes_when_the_resident_declines(db, tmp):
    load(db, 'small')
    load(db, 'small2')
    eq(closed_by_system(db, 3)['status'], 'open', 'rule 3 raised open')
    run(db, 'dossier', 'element', A(1), 'totaalopname', 'afgewezen', '--date', '2021-10-05',
        '--by', 'A. Jansma')
    s = closed_by_system(db, 3)
    eq((s['status'], s['reden']),
       ('afgerond', 'Vervallen: de bewoner heeft de gezamenlijke opname afgewezen.'),
       'closed when the resident declined')
    # another element leaves rule 4 (with claims, A(9)) alone: its condition still holds
    eq(closed_by_system(db, 4, 'met_schades')['status'], 'open', 'a rule that holds stays')


@case
def migration_0014_turns_free_text_coordinators_into_accounts(db, tmp):
    sqlite_only(db, "migration 0014 (PostgreSQL's schema starts at 14)")
    load(db, 'small')
    p = subprocess.run([BIN, '--db', db, 'user', 'add', '--name', 'c.dewit', '--role',
                        'coordinator', '--weergavenaam', 'C. de Wit', '--password-stdin'],
                       input='een-lang-wachtwoord\n', capture_output=True, text=True)
    eq(p.returncode, 0, 'coordinator account made')
    # the register as it was before 0014: free text in the coordinator column
    sql_script(db, 'DROP INDEX combinatiedossier_coordinator;'
                   ' ALTER TABLE combinatiedossier DROP COLUMN coordinator_id;'
                   ' PRAGMA user_version = 13;'
                   " UPDATE combinatiedossier SET coordinator = 'c. DE wit'"
                   " WHERE nummeraanduiding_id = %d;"
                   " UPDATE combinatiedossier SET coordinator = 'Iemand Anders'"
                   " WHERE nummeraanduiding_id = %d" % (int(A(1)), int(A(3))))
    run(db, 'logboek', 'verify')  # opening applies 0014
    eq(rows(db, 'SELECT nummeraanduiding_id, coordinator, coordinator_id IS NOT NULL'
                ' FROM combinatiedossier WHERE nummeraanduiding_id IN (?, ?)'
                ' ORDER BY nummeraanduiding_id', (int(A(1)), int(A(3)))),
       [(int(A(1)), 'c.dewit', 1), (int(A(3)), '', 0)],
       'the weergavenaam became the account; other text was cleared')
    eq(rows(db, "SELECT sleutel, veld, van FROM statushistorie WHERE gebruiker = 'migratie 0014'"),
       [(A(3), 'coordinator', 'Iemand Anders')], 'the cleared text is kept in the history')


@case
def killed_import_leaves_no_signals_history_or_outbox(db, tmp):
    out1, out2 = os.path.join(tmp, 'g1'), os.path.join(tmp, 'g2')
    subprocess.run([BIN, 'gen', '--out', out1, '--seed', '4', '--ncg', '3000',
                    '--others', '150000'], check=True, capture_output=True)
    subprocess.run([BIN, 'gen', '--out', out2, '--seed', '4', '--ncg', '3000',
                    '--others', '150000', '--peildatum', '2022-09-01'], check=True,
                   capture_output=True)
    run(db, 'import', *[os.path.join(out1, f) for f in FILES])
    run(db, 'import', os.path.join(out2, FILES[0]), os.path.join(out2, FILES[1]))
    counts = lambda: rows(db, 'SELECT (SELECT count(*) FROM signaal), (SELECT count(*) FROM '
                              'outbox), (SELECT count(*) FROM statushistorie), (SELECT count(*) '
                              'FROM levering)')[0]
    before = counts()
    claims = os.path.join(out2, FILES[2])
    killed = kill_halfway([BIN, '--db', db, 'import', claims], claims)
    if not killed:
        raise AssertionError('import finished before it could be killed')
    eq(counts(), before, 'signals, outbox, history, deliveries after a killed import')
    run(db, 'import', claims)
    after = counts()
    if not after[0] > before[0]:
        raise AssertionError('the completed import raised no signals: %r -> %r' % (before, after))


if __name__ == '__main__':
    sys.exit(run_cases())
