#!/usr/bin/env python3
"""The demo's second load is the same register a year on, and its figures say so.

Usage: test_demo_year.py PATH_TO_SAMENLOOP

Generates the demo's register at a tenth of its size (seed 2021, 2,680 NCG and
4,000 other addresses) on 2021-08-31 and the same register on 2022-08-31, loads
both without --max-afwezig and checks what a year changes. The old generator
drew the second delivery independently: at full size only 10,253 of 66,800
address ids returned, 95,350 of 95,841 claims pointed to another address,
56,328 addresses went absent (the import was held), 10,711 combination dossiers
opened while 1,194 addresses newly had both tracks, and one IMG case manager got
10,876 signals.

Then the demo on today's clock (decisions 232-234): `gen --basisdatum` draws the
same records with every date shifted by the distance between the base dates, and
a year of quarterly deliveries from a year ago to today gives completed lead times
in every open phase and step, where one delivery a year later gives claims almost
none. Prints 'N passed, N failed' last.
"""
import datetime
import json
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from api_harness import register_db, sql  # noqa: E402

BIN = os.path.abspath(sys.argv[1])
FILES = ('bag_adressen.csv', 'ncg_trajecten.csv', 'img_schades.csv')
SIZES = ('--seed', '2021', '--ncg', '2680', '--others', '4000')
results = {'passed': 0, 'failed': 0}


def check(ok, what):
    results['passed' if ok else 'failed'] += 1
    print('%s - %s' % ('ok  ' if ok else 'FAIL', what))


def gen(out, peildatum, *extra):
    subprocess.run([BIN, 'gen', '--out', out, *SIZES, '--peildatum', peildatum, *extra],
                   check=True, capture_output=True)


def load(db, folder):
    p = subprocess.run([BIN, '--db', db, 'import', '--json',
                        *[os.path.join(folder, f) for f in FILES]],
                       capture_output=True, text=True)
    if p.returncode != 0:
        raise AssertionError('import exited %d: %s' % (p.returncode, p.stderr))
    return {f['kind']: f for f in json.loads(p.stdout)['files']}


def address_ids(folder):
    """The nummeraanduiding ids of a delivery's address file, as digits only."""
    with open(os.path.join(folder, 'bag_adressen.csv'), encoding='utf-8') as f:
        next(f)
        return {''.join(c for c in line.split(',', 1)[0] if c.isdigit()) for line in f}


def query(db, text):
    return sql(db, text)


FASEN = ('voorbereiding', 'opname', 'zienswijze', 'beschikking', 'afgehandeld')
STAPPEN = ('1.2', '2.1', '3.1', '4.1', '4.2', '5.1', '5.2', 'opgeleverd', 'geen versterking')


def backwards(before, after, order):
    """Records whose status went back in `order`, or whose status date went back."""
    return [k for k, (st, since) in before.items() if k in after and (
        order.index(after[k][0]) < order.index(st) or (after[k][1] or '') < (since or ''))]


def snapshot(db):
    return {
        'fasen': {r[0]: r[1:] for r in query(db, 'SELECT img_id, fase, fase_sinds FROM schade')},
        'stappen': {r[0]: r[1:] for r in query(db, 'SELECT ncg_id, stap, stap_sinds FROM traject')},
        'adressen': {r[0] for r in query(db, 'SELECT nummeraanduiding_id FROM adres')},
        'schades': dict(query(db, 'SELECT img_id, nummeraanduiding_id FROM schade')),
        'beide': {r[0] for r in query(db, "SELECT nummeraanduiding_id FROM classificatie "
                                          "WHERE potentieel = 'beide_lopend'")},
        'dossiers': {r[0] for r in query(db, 'SELECT nummeraanduiding_id FROM combinatiedossier')},
    }


ISO = re.compile(r'\b(\d{4})-(\d{2})-(\d{2})\b')
DUTCH = re.compile(r'\b(\d{2})([-/])(\d{2})\2(\d{4})\b')


def shift_dates(line, days):
    """The line with every date in it (ISO or Dutch spelling) moved by days."""
    def iso(m):
        d = datetime.date(int(m[1]), int(m[2]), int(m[3])) + datetime.timedelta(days=days)
        return d.isoformat()

    def dutch(m):
        d = datetime.date(int(m[4]), int(m[3]), int(m[1])) + datetime.timedelta(days=days)
        return d.strftime('%d' + m[2] + '%m' + m[2] + '%Y')
    return DUTCH.sub(dutch, ISO.sub(iso, line))


def as_date(text):
    """A delivered date in either spelling."""
    text = text.strip().strip('"').strip()
    m = ISO.fullmatch(text)
    if m:
        return datetime.date(int(m[1]), int(m[2]), int(m[3]))
    m = DUTCH.fullmatch(text)
    return datetime.date(int(m[4]), int(m[3]), int(m[1]))


def shifted_register(tmp):
    """The same seed on another base date: the same rows, every date moved with it."""
    days = (datetime.date(2025, 12, 7) - datetime.date(2021, 8, 31)).days
    later = (datetime.date(2022, 8, 31) + datetime.timedelta(days=days)).isoformat()
    out = os.path.join(tmp, 'verschoven')
    gen(out, later, '--basisdatum', '2025-12-07')
    for name in FILES:
        with open(os.path.join(tmp, '2022', name), encoding='utf-8', newline='') as f:
            want = [shift_dates(line, days) for line in f]
        with open(os.path.join(out, name), encoding='utf-8', newline='') as f:
            got = f.readlines()
        differ = [i for i, (a, b) in enumerate(zip(want, got)) if a != b]
        check(len(want) == len(got) and not differ,
              '%s on base date 2025-12-07: the 2021 register\'s rows shifted by %d days '
              '(%d of %d rows differ%s)' % (name, days, len(differ), len(got),
                                            ': %r' % got[differ[0]] if differ else ''))
    # the peildatum defaults to the base date: the register as drawn that day
    base = os.path.join(tmp, 'basis')
    subprocess.run([BIN, 'gen', '--out', base, *SIZES, '--basisdatum', '2025-12-07'],
                   check=True, capture_output=True)
    with open(os.path.join(base, 'img_schades.csv'), encoding='utf-8') as f:
        since = [as_date(line.split(',')[8]) for line in list(f)[1:]]
    check(datetime.date(2025, 11, 1) <= max(since) < datetime.date(2025, 12, 7),
          'without --peildatum the register stands on its base date: latest phase %s'
          % max(since))


def lead_times(db):
    p = subprocess.run([BIN, '--db', db, 'stats', '--doorlooptijden', '--json'],
                       check=True, capture_output=True, text=True)
    o = json.loads(p.stdout)
    return {r.get('fase') or r.get('stap'): r['afgerond']['aantal']
            for r in o['schades'] + o['trajecten']}


def a_year_of_quarters_on_todays_clock(tmp):
    """The demo's deliveries: a year ago, then each quarter, the last today."""
    today = datetime.date.today()
    base = today - datetime.timedelta(days=365)
    days = [(base + datetime.timedelta(days=91 * q)).isoformat() for q in (1, 2, 3)]
    days.append(today.isoformat())
    db = register_db(tmp, 'kwartalen.db')
    first = os.path.join(tmp, 'k0')
    gen(first, base.isoformat(), '--basisdatum', base.isoformat())
    load(db, first)
    once = register_db(tmp, 'jaar.db')
    load(once, first)
    for day in days:
        gen(os.path.join(tmp, 'k' + day), day, '--basisdatum', base.isoformat())
        load(db, os.path.join(tmp, 'k' + day))
    load(once, os.path.join(tmp, 'k' + days[-1]))
    since = query(db, 'SELECT max(fase_sinds) FROM schade')[0][0]
    check(str(since) <= today.isoformat() and
          str(since) >= (today - datetime.timedelta(days=31)).isoformat(),
          'the register is current: its latest phase began %s (today %s)' % (since, today))
    quarters, yearly = lead_times(db), lead_times(once)
    # at a tenth of the demo: hundreds of completed stays per phase and step
    few = {k: n for k, n in quarters.items() if n < 50}
    check(not few, 'quarterly deliveries complete stays in every open phase and step: %r'
          % quarters)
    check(yearly['voorbereiding'] + yearly['opname'] + yearly['zienswijze'] <
          (quarters['voorbereiding'] + quarters['opname'] + quarters['zienswijze']) / 10,
          'one delivery a year on completes few claim phases (every claim skips): %r' % yearly)


def main():
    with tempfile.TemporaryDirectory() as tmp:
        db = register_db(tmp, 'samenloop.db')
        gen(os.path.join(tmp, '2021'), '2021-08-31')
        gen(os.path.join(tmp, '2022'), '2022-08-31')
        load(db, os.path.join(tmp, '2021'))
        before = snapshot(db)
        rep = load(db, os.path.join(tmp, '2022'))
        after = snapshot(db)

        check(not any(f.get('aangehouden') for f in rep.values()),
              'the later delivery is applied, not held (decision 91)')
        ids = [address_ids(os.path.join(tmp, y)) for y in ('2021', '2022')]
        share = len(ids[0] & ids[1]) / len(ids[0])
        check(share >= 0.99, 'address ids that return: %.2f%% (>= 99%%)' % (100 * share))
        moved = [i for i, a in before['schades'].items() if after['schades'].get(i) != a]
        check(not moved, 'claims keep their address (%d moved)' % len(moved))
        # 'geen versterking' follows 3.1 and is last in STAPPEN: never a step back
        back = backwards(before['fasen'], after['fasen'], FASEN)
        check(not back, 'no claim goes back in phase or date (%d do)' % len(back))
        back = backwards(before['stappen'], after['stappen'], STAPPEN)
        check(not back, 'no trajectory goes back in step or date (%d do)' % len(back))
        # about two in three trajectories are open and most steps take under a year on
        # average (decision 132), so about half move on
        moved = sum(before['stappen'][k] != v for k, v in after['stappen'].items()
                    if k in before['stappen'])
        check(0.2 * len(before['stappen']) <= moved <= 0.7 * len(before['stappen']),
              'a year moves part of the trajectories on: %d of %d' % (moved, len(before['stappen'])))
        # a house leaves the register at 0.3% a year (demolished or merged): absent
        # records stay far below the 5% hold
        for kind in FILES:
            k = kind[:-4]
            cur = rep[k]['rows'] + rep[k]['absent'] - rep[k]['nieuw']
            check(rep[k]['absent'] <= 0.01 * cur,
                  '%s: %d of %d absent (<= 1%%)' % (k, rep[k]['absent'], cur))
        # new claims at 0.3 a year on an address with claims before, 0.04 on an NCG
        # address without: about 1,600 on the ~9,400 claims at this size
        new = rep['img_schades']['nieuw']
        check(1100 <= new <= 2100, 'new claims in a year: %d (1,100-2,100)' % new)
        check(rep['bag_adressen']['nieuw'] <= 0.01 * len(before['adressen']),
              'new addresses are rare: %d' % rep['bag_adressen']['nieuw'])
        check(rep['bag_adressen']['gewijzigd'] == 0,
              'no address changes its data (spelling is the record\'s own)')
        # a combination dossier opens where an NCG address gets its first claim; both
        # tracks newly run where an open trajectory gets a claim: the same order
        opened = len(after['dossiers'] - before['dossiers'])
        newly_both = len(after['beide'] - before['beide'])
        check(0 < opened and newly_both / 3 <= opened <= 3 * newly_both,
              'combination dossiers opened (%d) of the order of addresses newly with '
              'both tracks running (%d)' % (opened, newly_both))
        # a person's signals: one per rule and address at most, for the addresses they
        # work on. An IMG case manager holds 1/40 of the ~1,900 claims at NCG
        # addresses (~50), a resident guide 1/24 of the 2,680 trajectories (~110):
        # a year's real change raises fewer signals than that for anyone
        per = dict(((o, r), m) for o, r, m in query(
            db, "SELECT org, rol, max(n) FROM (SELECT a.org, a.rol, a.persoon, count(*) n "
                "FROM signaal_adressaat a WHERE a.persoon <> '' GROUP BY 1, 2, 3) AS per_persoon"
                " GROUP BY 1, 2"))
        zb, bb = per.get(('IMG', 'zaakbegeleider'), 0), per.get(('NCG', 'bewonersbegeleider'), 0)
        check(1 <= zb <= 50, 'most signals for one IMG case manager: %d (1-50)' % zb)
        check(1 <= bb <= 110, 'most signals for one NCG resident guide: %d (1-110)' % bb)
        rules = dict(query(db, 'SELECT regel, count(*) FROM signaal GROUP BY regel'))
        check(rules.get(1, 0) == opened, 'rule 1 once per dossier opened (%r)' % rules)
        check(len(rules) >= 4, 'a year raises several rules: %r' % sorted(rules))
        shifted_register(tmp)
        a_year_of_quarters_on_todays_clock(tmp)
    print('%d passed, %d failed' % (results['passed'], results['failed']))
    return 1 if results['failed'] else 0


if __name__ == '__main__':
    sys.exit(main())
