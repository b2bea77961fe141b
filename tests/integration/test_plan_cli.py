#!/usr/bin/env python3
"""The planner's command-line contract (issue 14): `samenloop plan opnames --input FILE --json`.

Usage: test_plan_cli.py PATH_TO_SAMENLOOP

Every request appears exactly once in gepland or niet_gepland; every pair keeps every
rule (checked here again from the input); the quality figures agree with the lists;
bad input exits 2 naming the item, and plans nothing. Prints 'N passed, N failed' last.
"""
import datetime
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from api_harness import register_db  # noqa: E402

BIN = os.path.abspath(sys.argv[1])
results = {'passed': 0, 'failed': 0}
CASES = []
TMP = tempfile.mkdtemp(prefix='plan_cli_')


def case(fn):
    def wrapper():
        try:
            fn()
            results['passed'] += 1
            print('ok     %s' % fn.__name__)
        except Exception as e:  # noqa: BLE001 - report and go on
            results['failed'] += 1
            print('FAILED %s: %r' % (fn.__name__, e))
    CASES.append(wrapper)
    return fn


def eq(actual, expected, what):
    if actual != expected:
        raise AssertionError('%s: expected %r, got %r' % (what, expected, actual))


def run(doc, *extra, raw=None):
    path = os.path.join(TMP, 'invoer.json')
    with open(path, 'w', encoding='utf-8') as f:
        f.write(raw if raw is not None else json.dumps(doc))
    return subprocess.run([BIN, 'plan', 'opnames', '--input', path] + list(extra),
                          capture_output=True, text=True)


def plan(doc):
    p = run(doc, '--json')
    if p.returncode != 0:
        raise AssertionError('exit %d: %s' % (p.returncode, p.stderr))
    return json.loads(p.stdout)


def day(s):
    return datetime.date.fromisoformat(s)


def iso(d):
    return d.isoformat()


def random_doc(seed, n_req=300, n_gem=3, days=28):
    rnd = random.Random(seed)
    van = datetime.date(2027, 4, 12)
    gems = ['%04d' % (14 + 20 * g) for g in range(n_gem)]
    caps = []
    for g in gems:
        for org in ('IMG', 'NCG'):
            for d in range(days):
                if rnd.random() < 0.6:
                    caps.append({'org': org, 'gemeentecode': g,
                                 'datum': iso(van + datetime.timedelta(d)),
                                 'opnames': rnd.randint(0, 4)})
    reqs = []
    for i in range(n_req):
        g = rnd.choice(gems)
        reqs.append({'nummeraanduiding_id': '%s2%011d' % (g, i + 1), 'gemeentecode': g,
                     'vroegst': iso(van + datetime.timedelta(rnd.randrange(days))),
                     'niet_beschikbaar': [iso(van + datetime.timedelta(rnd.randrange(days)))
                                          for _ in range(rnd.randrange(3))]})
    return {'van': iso(van), 'tot': iso(van + datetime.timedelta(days - 1)),
            'capaciteit': caps, 'verzoeken': reqs}


def check_rules(doc, answer):
    van, tot = day(doc['van']), day(doc['tot'])
    cap = {(c['org'], c['gemeentecode'], c['datum']): c['opnames'] for c in doc['capaciteit']}
    reqs = {r['nummeraanduiding_id']: r for r in doc['verzoeken']}
    seen = [x['nummeraanduiding_id'] for x in answer['gepland'] + answer['niet_gepland']]
    eq(sorted(seen), sorted(reqs), 'every request exactly once')
    used = {}
    for x in answer['gepland']:
        eq(sorted(x), ['img', 'ncg', 'nummeraanduiding_id'], 'fields of a pair')
        r = reqs[x['nummeraanduiding_id']]
        img, ncg = day(x['img']), day(x['ncg'])
        if abs((img - ncg).days) > 2:
            raise AssertionError('%s more than two days apart' % x)
        for d in (img, ncg):
            if not van <= d <= tot or d < day(r['vroegst']) or iso(d) in r.get('niet_beschikbaar', []):
                raise AssertionError('%s breaks a rule on %s' % (x, d))
        for org, d in (('IMG', x['img']), ('NCG', x['ncg'])):
            key = (org, r['gemeentecode'], d)
            used[key] = used.get(key, 0) + 1
            if used[key] > cap.get(key, 0):
                raise AssertionError('over capacity: %s' % (key,))
    codes = {'geen_capaciteit', 'geen_overlap', 'niet_beschikbaar', 'capaciteit_vol'}
    for x in answer['niet_gepland']:
        eq(sorted(x), ['nummeraanduiding_id', 'reden'], 'fields of an unplanned request')
        if x['reden'] not in codes:
            raise AssertionError('unknown reason %r' % x['reden'])
    k = answer['kwaliteit']
    eq(k['verzoeken'], len(reqs), 'kwaliteit.verzoeken')
    eq(k['gepland'], len(answer['gepland']), 'kwaliteit.gepland')
    eq(round(k['binnen_2_dagen'], 4), round(len(answer['gepland']) / len(reqs), 4),
       'kwaliteit.binnen_2_dagen')
    if k['gepland'] > k['bovengrens']:
        raise AssertionError('more pairs than the bound: %r' % k)
    for key in ('gepland', 'binnen_2_dagen', 'gemiddeld_verschil_dagen',
                'gemiddelde_wachttijd_dagen'):
        if key not in answer['los_gepland']:
            raise AssertionError('los_gepland.%s missing' % key)


@case
def the_contract_holds_on_random_inputs():
    for seed in range(5):
        doc = random_doc(seed)
        answer = plan(doc)
        eq(list(answer), ['gepland', 'niet_gepland', 'kwaliteit', 'los_gepland'], 'top level')
        check_rules(doc, answer)
        if not answer['gepland'] or not answer['niet_gepland']:
            raise AssertionError('seed %d: expected some planned and some not' % seed)


@case
def joint_beats_planning_apart():
    van = datetime.date(2027, 4, 12)
    caps = []
    for d in range(10):
        caps.append({'org': 'IMG', 'gemeentecode': '0014',
                     'datum': iso(van + datetime.timedelta(d)), 'opnames': 5})
        caps.append({'org': 'NCG', 'gemeentecode': '0014',
                     'datum': iso(van + datetime.timedelta(d)), 'opnames': 1})
    reqs = [{'nummeraanduiding_id': '00142000000000%02d' % (i + 1), 'gemeentecode': '0014',
             'vroegst': iso(van)} for i in range(10)]
    doc = {'van': iso(van), 'tot': iso(van + datetime.timedelta(9)), 'capaciteit': caps,
           'verzoeken': reqs}
    answer = plan(doc)
    check_rules(doc, answer)
    eq(answer['kwaliteit']['binnen_2_dagen'], 1.0, 'joint share within two days')
    eq(answer['los_gepland']['binnen_2_dagen'], 0.3, 'apart share within two days')
    if answer['los_gepland']['gemiddeld_verschil_dagen'] <= 2:
        raise AssertionError('apart should be far apart: %r' % answer['los_gepland'])


@case
def every_reason_is_named():
    doc = {'van': '2027-04-12', 'tot': '2027-04-18', 'capaciteit': [
        {'org': 'IMG', 'gemeentecode': '0014', 'datum': '2027-04-12', 'opnames': 1},
        {'org': 'IMG', 'gemeentecode': '0034', 'datum': '2027-04-12', 'opnames': 1},
        {'org': 'NCG', 'gemeentecode': '0034', 'datum': '2027-04-16', 'opnames': 1},
        {'org': 'IMG', 'gemeentecode': '0037', 'datum': '2027-04-13', 'opnames': 1},
        {'org': 'NCG', 'gemeentecode': '0037', 'datum': '2027-04-13', 'opnames': 1}],
        'verzoeken': [
        {'nummeraanduiding_id': '0014200000000001', 'gemeentecode': '0014', 'vroegst': '2027-04-12'},
        {'nummeraanduiding_id': '0034200000000001', 'gemeentecode': '0034', 'vroegst': '2027-04-12'},
        {'nummeraanduiding_id': '0037200000000001', 'gemeentecode': '0037', 'vroegst': '2027-04-12',
         'niet_beschikbaar': ['2027-04-13']},
        {'nummeraanduiding_id': '0037200000000002', 'gemeentecode': '0037', 'vroegst': '2027-04-12'},
        {'nummeraanduiding_id': '0037200000000003', 'gemeentecode': '0037', 'vroegst': '2027-04-12'}]}
    answer = plan(doc)
    check_rules(doc, answer)
    reasons = {x['nummeraanduiding_id']: x['reden'] for x in answer['niet_gepland']}
    eq(reasons.get('0014200000000001'), 'geen_capaciteit', 'IMG only')
    eq(reasons.get('0034200000000001'), 'geen_overlap', 'four days apart')
    eq(reasons.get('0037200000000001'), 'niet_beschikbaar', 'unavailable on the one day')
    eq(len(answer['gepland']), 1, 'one of the last two planned')
    eq(sorted(reasons.values()).count('capaciteit_vol'), 1, 'the other one: capacity taken')


def refused(doc, *words, raw=None):
    p = run(doc, '--json', raw=raw)
    eq(p.returncode, 2, 'exit status for %s' % (words,))
    eq(p.stdout, '', 'nothing planned')
    for w in words:
        if w not in p.stderr:
            raise AssertionError('%r not in %r' % (w, p.stderr))
    return p


def small_doc():
    return {'van': '2027-04-12', 'tot': '2027-04-16', 'capaciteit': [
        {'org': 'IMG', 'gemeentecode': '0014', 'datum': '2027-04-12', 'opnames': 2},
        {'org': 'NCG', 'gemeentecode': '0014', 'datum': '2027-04-13', 'opnames': 2}],
        'verzoeken': [
        {'nummeraanduiding_id': '0014200000000001', 'gemeentecode': '0014', 'vroegst': '2027-04-12'},
        {'nummeraanduiding_id': '0014200000000002', 'gemeentecode': '0014', 'vroegst': '2027-04-12',
         'niet_beschikbaar': ['2027-04-15'], 'voorkeur_weekdagen': ['dinsdag']}]}


@case
def bad_input_is_refused_at_the_item():
    plan(small_doc())  # the base is fine
    d = small_doc(); d['verzoeken'][1]['gemeentecode'] = '0099'
    refused(d, 'verzoeken[1].gemeentecode', 'onbekende gemeente 0099')
    d = small_doc(); d['verzoeken'][0]['gemeentecode'] = '14'
    refused(d, 'verzoeken[0].gemeentecode', 'vier cijfers')
    d = small_doc(); d['verzoeken'][1]['niet_beschikbaar'] = ['2027-02-30']
    refused(d, 'verzoeken[1].niet_beschikbaar[0]', '2027-02-30')
    d = small_doc(); d['capaciteit'][1]['datum'] = '2027-13-01'
    refused(d, 'capaciteit[1].datum')
    d = small_doc(); d['tot'] = '2027-04-01'
    refused(d, 'tot:', 'voor van')
    d = small_doc(); d['capaciteit'][0]['opnames'] = -1
    refused(d, 'capaciteit[0].opnames', 'negatief')
    d = small_doc(); d['verzoeken'][1]['nummeraanduiding_id'] = '0014200000000001'
    refused(d, 'verzoeken[1].nummeraanduiding_id', 'verzoeken[0]')
    d = small_doc(); d['capaciteit'].append(dict(d['capaciteit'][0]))
    refused(d, 'capaciteit[2]', 'capaciteit[0]')
    d = small_doc(); d['verzoeken'][0]['niet_beschikbaarr'] = []
    refused(d, 'verzoeken[0]', "onbekend veld 'niet_beschikbaarr'")
    d = small_doc(); d['capaciteit'][0]['org'] = 'SVIP'
    refused(d, 'capaciteit[0].org')
    d = small_doc(); d['verzoeken'][1]['voorkeur_weekdagen'] = ['dinsdagg']
    refused(d, 'verzoeken[1].voorkeur_weekdagen[0]')
    d = small_doc(); del d['verzoeken'][0]['vroegst']
    refused(d, 'verzoeken[0]', "'vroegst' ontbreekt")
    refused(None, 'geen geldige JSON', raw='{"van": ')
    # several faults are named together
    d = small_doc(); d['capaciteit'][0]['opnames'] = -3; d['verzoeken'][1]['vroegst'] = '2027-04-31'
    p = refused(d, 'capaciteit[0].opnames', 'verzoeken[1].vroegst')
    if '2 fouten' not in p.stderr:
        raise AssertionError(p.stderr)


@case
def register_mode_answers_the_same_contract():
    # an empty register: nothing to plan, the same four parts (test_opnames.py plans one)
    with tempfile.TemporaryDirectory() as tmp:
        p = subprocess.run([BIN, '--db', register_db(tmp), 'plan', 'opnames',
                            '--from', '2027-04-12', '--to', '2027-05-21', '--json'],
                           capture_output=True, text=True)
    eq(p.returncode, 0, 'exit status')
    answer = json.loads(p.stdout)
    eq(sorted(answer), ['gepland', 'kwaliteit', 'los_gepland', 'niet_gepland'], 'contract')
    eq((answer['gepland'], answer['niet_gepland']), ([], []), 'nothing to plan')


@case
def usage_and_stdin():
    p = subprocess.run([BIN, 'plan', '--help'], capture_output=True, text=True)
    eq(p.returncode, 0, 'help')
    if 'usage: samenloop plan opnames' not in p.stdout:
        raise AssertionError(p.stdout)
    eq(subprocess.run([BIN, 'plan'], capture_output=True).returncode, 2, 'no subcommand')
    eq(subprocess.run([BIN, 'plan', 'opnames'], capture_output=True).returncode, 2, 'no input')
    eq(subprocess.run([BIN, 'plan', 'opnames', '--input', os.path.join(TMP, 'missing.json')],
                      capture_output=True).returncode, 2, 'missing file')
    p = subprocess.run([BIN, 'plan', 'opnames', '--input', '-', '--json'],
                       input=json.dumps(small_doc()), capture_output=True, text=True)
    eq(p.returncode, 0, 'stdin')
    check_rules(small_doc(), json.loads(p.stdout))
    p = run(small_doc())  # the table for people
    eq(p.returncode, 0, 'table')
    if 'samen gepland' not in p.stdout or 'los gepland' not in p.stdout:
        raise AssertionError(p.stdout)


if __name__ == '__main__':
    for c in CASES:
        c()
    shutil.rmtree(TMP, ignore_errors=True)
    print('%d passed, %d failed' % (results['passed'], results['failed']))
    sys.exit(1 if results['failed'] else 0)
