#!/usr/bin/env python3
"""Issue 12: no hidden count can be worked out from the published figures.

The reader here is management (and a gemeente account) with every aggregate the
API publishes to them, over a small register with many small counts: the
figures of the whole area and of every municipality (GET /statistieken), the
signals per week and rule for each of them over two windows
(GET /statistieken/signalen), and the SVIP request counts
(GET /verzoeken/tellingen). Every count is a variable, known when any answer
shows it. Every sum a reader can form is an equation: a total is the sum of
its parts (the combination dossiers, the trajectories over the four
categories, the matrix over "beide lopend", a group over its matrix cells, a
week's total over its rules, the whole area over its municipalities, a table
over its rows and columns). A hidden count is given away when the equations
determine it: its column is independent of the other hidden columns, found
exactly with fractions per block of linked hidden counts. Before issue 12 this
found, among others, the Veendam hole (a total minus the shown categories).

Usage: test_aggregate_recovery.py PATH_TO_SAMENLOOP DATA_DIR
Prints 'N passed, N failed'.
"""
import os
import shutil
import subprocess
import sys
import tempfile
from fractions import Fraction

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from api_harness import Server, case, eq, run_cases  # noqa: E402

BIN = os.path.abspath(sys.argv[1])
DATA = os.path.abspath(sys.argv[2])
POT = ('geen_schademelding', 'melding_afgehandeld', 'beide_lopend', 'alleen_schade_lopend')
TOP = ('adressen', 'trajecten', 'schades', 'combinatiedossiers')
A1 = '0014200000000001'


def hidden(v):
    """A hidden count: null before issue 12, {"onderdrukt": true, "onder": K} now."""
    return v is None or (isinstance(v, dict) and v.get('onderdrukt') is True)


class Reader:
    """What a reader knows: the counts shown, the counts hidden, the sums."""

    def __init__(self):
        self.shown = {}
        self.hidden = set()
        self.sums = []

    def count(self, key, v):
        if hidden(v):
            self.hidden.add(key)
        elif isinstance(v, int):
            if self.shown.get(key, v) != v:
                raise AssertionError('%r shown as %r and as %r' % (key, self.shown[key], v))
            self.shown[key] = v
        else:
            raise AssertionError('%r is neither a count nor hidden: %r' % (key, v))

    def sum(self, total, parts):
        self.sums.append((total, list(parts)))

    def unknown(self):
        return self.hidden - set(self.shown)

    def determined(self):
        """The unknown counts the sums determine, block by block."""
        unknown = self.unknown()
        rows = []
        for total, parts in self.sums:
            coef = {}
            for k, c in [(total, 1)] + [(p, -1) for p in parts]:
                if k in unknown:
                    coef[k] = coef.get(k, 0) + c
            coef = {k: c for k, c in coef.items() if c}
            if coef:
                rows.append(coef)
        parent = {k: k for k in unknown}

        def find(k):
            while parent[k] != k:
                parent[k] = parent[parent[k]]
                k = parent[k]
            return k
        for r in rows:
            ks = list(r)
            for k in ks[1:]:
                parent[find(k)] = find(ks[0])
        blocks = {}
        for r in rows:
            blocks.setdefault(find(next(iter(r))), []).append(r)
        out = set()
        for brows in blocks.values():
            out |= determined_in(brows)
        return out


def determined_in(rows):
    """Row-reduces exactly; a column is determined when its reduced row is its unit vector."""
    cols = sorted({k for r in rows for k in r})
    index = {k: i for i, k in enumerate(cols)}
    m = []
    for r in rows:
        row = [Fraction(0)] * len(cols)
        for k, c in r.items():
            row[index[k]] = Fraction(c)
        m.append(row)
    pivots = []
    rank = 0
    for c in range(len(cols)):
        p = next((i for i in range(rank, len(m)) if m[i][c] != 0), None)
        if p is None:
            continue
        m[rank], m[p] = m[p], m[rank]
        piv = m[rank][c]
        m[rank] = [x / piv for x in m[rank]]
        for i in range(len(m)):
            if i != rank and m[i][c] != 0:
                f = m[i][c]
                m[i] = [a - f * b for a, b in zip(m[i], m[rank])]
        pivots.append((c, rank))
        rank += 1
    out = set()
    for c, r in pivots:
        if all(m[r][j] == 0 for j in range(len(cols)) if j != c):
            out.add(cols[c])
    return out


def read_stats(reader, body, view):
    for k in TOP:
        reader.count(('stats', view, k), body[k])
    for k in POT:
        reader.count(('stats', view, 'pot', k), body['potentieel'][k])
    for stap, row in body['matrix'].items():
        for fase, v in row.items():
            reader.count(('stats', view, 'matrix', stap, fase), v)
    for g, v in body['groepen'].items():
        reader.count(('stats', view, 'groep', g), v)


def stats_sums(reader, body, view):
    def k(*rest):
        return ('stats', view) + rest
    reader.sum(k('combinatiedossiers'), [k('pot', p) for p in POT[1:]])
    reader.sum(k('trajecten'), [k('pot', p) for p in POT])
    cells = [(st, f) for st, row in body['matrix'].items() for f in row]
    reader.sum(k('pot', 'beide_lopend'), [k('matrix', st, f) for st, f in cells])
    groups = body['indeling']['cellen']
    for g in body['groepen']:
        reader.sum(k('groep', g), [k('matrix', st, f) for st, f in cells
                                   if groups[st][f] == g])


def stats_keys(body):
    keys = [(t,) for t in TOP] + [('pot', p) for p in POT]
    keys += [('matrix', st, f) for st, row in body['matrix'].items() for f in row]
    return keys + [('groep', g) for g in body['groepen']]


def read_signals(reader, body, view):
    for w in body['weken']:
        for m in ('aangemaakt', 'afgehandeld'):
            reader.count(('sig', view, w['week'], m, 'totaal'), w[m])
            for regel, c in w['per_regel'].items():
                reader.count(('sig', view, w['week'], m, regel), c[m])


def signal_sums(reader, body, view, codes):
    for w in body['weken']:
        for m in ('aangemaakt', 'afgehandeld'):
            def k(v, col):
                return ('sig', v, w['week'], m, col)
            reader.sum(k(view, 'totaal'), [k(view, r) for r in w['per_regel']])
            if view == '':
                for col in ['totaal'] + list(w['per_regel']):
                    reader.sum(k('', col), [k(c, col) for c in codes])


def gen(out, *args):
    subprocess.run([BIN, 'gen', '--out', out, '--seed', '12', '--ncg', '400', '--others',
                    '600'] + list(args), check=True, capture_output=True)


def check(reader, what):
    unknown = reader.unknown()
    if len(unknown) < 10:
        raise AssertionError('%s: too few hidden counts to test (%d)' % (what, len(unknown)))
    given = reader.determined()
    if given:
        raise AssertionError('%s: %d of %d hidden counts can be worked out, e.g. %s'
                             % (what, len(given), len(unknown), sorted(given)[:5]))


@case
def no_hidden_figure_can_be_recovered():
    tmp = tempfile.mkdtemp(prefix='samenloop-recovery-')
    try:
        gen(os.path.join(tmp, 'eerst'))
        gen(os.path.join(tmp, 'later'), '--peildatum', '2022-08-31')  # raises signals
        with Server(BIN, tmp, deliveries=('eerst', 'later')) as s:
            mgmt = s.user('m.beheer', 'management')
            codes = [r[0] for r in s.sql(
                'SELECT gemeentecode FROM adres GROUP BY 1 ORDER BY count(*) DESC')]
            gem = s.user('g.eigen', 'gemeente', '--gemeente', codes[0])
            s.start()
            reader = Reader()
            for view in [''] + codes:
                q = '?gemeente=' + view if view else ''
                status, _, body = s.request('GET', '/api/v1/statistieken' + q, token=mgmt)
                eq(status, 200, 'statistieken ' + (view or 'all'))
                read_stats(reader, body, view)
                stats_sums(reader, body, view)
                for weken in (1, 2):
                    status, _, sig = s.request('GET', '/api/v1/statistieken/signalen?weken=%d%s'
                                               % (weken, '&gemeente=' + view if view else ''),
                                               token=mgmt)
                    eq(status, 200, 'signalen ' + (view or 'all'))
                    read_signals(reader, sig, view)
                    signal_sums(reader, sig, view, codes)
            for k in stats_keys(body):
                reader.sum(('stats', '') + k, [('stats', c) + k for c in codes])
            # the municipality's own account sees what management sees of it
            status, _, own = s.request('GET', '/api/v1/statistieken', token=gem)
            eq(status, 200, 'gemeente account')
            read_stats(reader, own, codes[0])
            status, _, own_sig = s.request('GET', '/api/v1/statistieken/signalen?weken=2',
                                           token=gem)
            read_signals(reader, own_sig, codes[0])
            n_sig = sum(1 for k in reader.unknown() if k[0] == 'sig')
            print('       %d hidden counts, %d of them signal counts' % (len(reader.unknown()), n_sig))
            if not n_sig:
                raise AssertionError('no signal count hidden: the signal figures are untested')
            check(reader, 'figures')
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


@case
def no_hidden_request_count_can_be_recovered():
    with Server(BIN, DATA) as s:
        desk = s.user('svip.ncg', 'svip', '--org', 'NCG')
        img = s.user('svip.img', 'svip', '--org', 'IMG')
        mgmt = s.user('m.beheer', 'management')
        s.start()
        ids = []
        for typ, n in (('statusuitwisseling', 12), ('versnelling', 15)):
            for _ in range(n):
                status, _, v = s.request('POST', '/api/v1/verzoeken', token=img, body={
                    'nummeraanduiding_id': A1, 'type': typ, 'doel': 'svip_verzoek',
                    'vraag': 'Waar staat het?'})
                eq(status, 201, 'request registered')
                if typ == 'statusuitwisseling':
                    ids.append(v['id'])
        for i in ids[:3]:
            eq(s.request('POST', '/api/v1/verzoeken/%d/antwoord' % i, token=desk,
                         body={'antwoord': 'Bekend.'})[0], 200, 'answered')
        status, _, c = s.request('GET', '/api/v1/verzoeken/tellingen', token=mgmt)
        eq(status, 200, 'tellingen')
        reader = Reader()
        types = [t['type'] for t in c['per_type']]
        for t in c['per_type']:
            for col in ('open', 'beantwoord', 'totaal'):
                reader.count(('vz', t['type'], col), t[col])
            reader.sum(('vz', t['type'], 'totaal'),
                       [('vz', t['type'], 'open'), ('vz', t['type'], 'beantwoord')])
        for col in ('open', 'beantwoord'):
            reader.count(('vz', 'alle', col), c['per_status'][col])
            reader.sum(('vz', 'alle', col), [('vz', t, col) for t in types])
        reader.count(('vz', 'alle', 'totaal'), c['totaal'])
        reader.sum(('vz', 'alle', 'totaal'), [('vz', t, 'totaal') for t in types])
        reader.sum(('vz', 'alle', 'totaal'), [('vz', 'alle', 'open'), ('vz', 'alle', 'beantwoord')])
        if not reader.unknown():
            raise AssertionError('nothing hidden: %r' % c)
        given = reader.determined()
        if given:
            raise AssertionError('request counts can be worked out: %s' % sorted(given))


@case
def threshold_comes_from_the_configuration():
    with Server(BIN, DATA, extra_args=('--set', 'suppress_below=3')) as s:
        mgmt = s.user('m.beheer', 'management')
        s.start()
        body = s.request('GET', '/api/v1/statistieken', token=mgmt)[2]
        eq(body['onderdrukkingsgrens'], 3, 'statistieken carry the threshold')
        eq(body['potentieel']['beide_lopend'], 5, 'a count of 5 shows under a threshold of 3')
        for path in ('/api/v1/statistieken/signalen', '/api/v1/verzoeken/tellingen'):
            eq(s.request('GET', path, token=mgmt)[2]['onderdrukkingsgrens'], 3, path)
        small = [v for v in body['groepen'].values() if hidden(v)]
        for v in small:
            eq(v, {'onderdrukt': True, 'onder': 3}, 'a hidden count names the threshold')


if __name__ == '__main__':
    sys.exit(run_cases())
