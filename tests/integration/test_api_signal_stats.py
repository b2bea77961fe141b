#!/usr/bin/env python3
"""GET /api/v1/statistieken/signalen over HTTP: signals raised and handled per ISO
week for the dashboard. Who may read it (as for /statistieken: management all,
a gemeente its own municipality, everyone else 403), the municipality filter,
bad parameters named per field, and counts that follow the signals raised by a
delivery uploaded through the API and handled through the API, with small counts
suppressed (decision 44).

Usage: test_api_signal_stats.py PATH_TO_SAMENLOOP DATA_DIR
Prints 'N passed, N failed'.
"""
import datetime
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from api_harness import Server, case, eq, run_cases  # noqa: E402

BIN = os.path.abspath(sys.argv[1])
DATA = os.path.abspath(sys.argv[2])
PATH = '/api/v1/statistieken/signalen'
A1 = 14200000000001  # Groningen (0014)
HIDDEN = {'onderdrukt': True, 'onder': 10}  # a hidden count (decision 93)
FILES = ('bag_adressen.csv', 'ncg_trajecten.csv', 'img_schades.csv')


def problem(status, hdrs, body, code, what):
    eq(status, code, what + ' status')
    eq(hdrs.get('content-type'), 'application/problem+json', what + ' content type')
    if not isinstance(body, dict) or body.get('status') != code:
        raise AssertionError('%s: not a problem document: %r' % (what, body))
    return body


def sql(s, query, *args):
    return s.sql(query, *args)


def stamp(t):
    return t.strftime('%Y-%m-%dT%H:%M:%SZ')


def add_signals(s, n, regel, raised, status, handled):
    """n handled signals of one rule for A1, at the given UTC times (the store stamps
    the clock's time; signals in other weeks are written here directly)."""
    for _ in range(n):
        sql(s, "INSERT INTO signaal (regel, regelversie, nummeraanduiding_id, status, tekst,"
               " aangemaakt_op, vervalt_op, afgerond_op, afgewezen_op)"
               " VALUES (?, 1, ?, ?, 'test', ?, '2099-01-01', ?, ?)",
            regel, A1, status, stamp(raised),
            stamp(handled) if status == 'afgerond' else None,
            stamp(handled) if status == 'afgewezen' else None)


def get(s, tok, query=''):
    status, _, body = s.request('GET', PATH + query, token=tok)
    eq(status, 200, 'GET ' + PATH + query)
    return body


def iso_label(d):
    y, w, _ = d.isocalendar()
    return '%04d-W%02d' % (y, w)


@case
def who_may_read_it():
    with Server(BIN, DATA) as s:
        tokens = {
            'zaakbegeleider': s.user('zb', 'zaakbegeleider', '--org', 'IMG'),
            'bewonersbegeleider': s.user('bb', 'bewonersbegeleider', '--org', 'NCG'),
            'svip': s.user('sv', 'svip', '--org', 'NCG'),
            'coordinator': s.user('co', 'coordinator'),
            'interventieteam': s.user('it', 'interventieteam'),
            'planner': s.user('pl', 'planner'),
            'datasteward': s.user('ds', 'datasteward', '--org', 'IMG'),
            'bewoner': s.user('bw', 'bewoner', '--adres', '0014200000000001'),
            'beheerder': s.user('bh', 'beheerder'),
        }
        mgmt = s.user('m.beheer', 'management')
        gem = s.user('g.groningen', 'gemeente', '--gemeente', '0014')
        s.start()
        problem(*s.request('GET', PATH), 401, 'no credentials')
        for role, tok in tokens.items():
            problem(*s.request('GET', PATH, token=tok), 403, role)
            problem(*s.request('GET', PATH + '?gemeente=0014', token=tok), 403, role + ' (0014)')
        eq(get(s, mgmt)['gemeente'], None, 'management: the whole area')
        eq(get(s, mgmt, '?gemeente=1979')['gemeente'], '1979', 'management: any municipality')
        eq(get(s, gem)['gemeente'], '0014', 'gemeente: its own by default')
        eq(get(s, gem, '?gemeente=0014')['gemeente'], '0014', 'gemeente: its own by name')
        # another municipality: the same answer as /statistieken gives
        other = problem(*s.request('GET', PATH + '?gemeente=1979', token=gem), 403, 'gemeente 1979')
        same = problem(*s.request('GET', '/api/v1/statistieken?gemeente=1979', token=gem), 403,
                       'statistieken 1979')
        eq(other.get('detail'), same.get('detail'), 'same reason as /statistieken')
        status, hdrs, _ = s.request('POST', PATH, token=mgmt, body={})
        eq((status, hdrs.get('allow')), (405, 'GET, HEAD'), 'only GET (and HEAD)')


@case
def bad_parameters_are_named():
    with Server(BIN, DATA) as s:
        mgmt = s.user('m.beheer', 'management')
        res = s.user('bw', 'bewoner', '--adres', '0014200000000001')
        s.start()
        for query, fields in (('?weken=0', ['weken']), ('?weken=abc', ['weken']),
                              ('?weken=105', ['weken']), ('?weken=-1', ['weken']),
                              ('?weken=', ['weken']), ('?weken=1.5', ['weken']),
                              ('?gemeente=12', ['gemeente']), ('?gemeente=abcd', ['gemeente']),
                              ('?gemeente=12&weken=abc', ['gemeente', 'weken'])):
            body = problem(*s.request('GET', PATH + query, token=mgmt), 400, query)
            eq(sorted(e['veld'] for e in body.get('errors', [])), fields, 'fields of ' + query)
        for n in (1, 104):
            eq(len(get(s, mgmt, '?weken=%d' % n)['weken']), n, 'weken=%d' % n)
        # as for /statistieken, a bad value is named before the role is refused
        problem(*s.request('GET', PATH + '?weken=0', token=res), 400, 'resident, bad weken')


@case
def counts_follow_signals_raised_and_handled_through_the_api():
    with Server(BIN, DATA) as s:
        stewards = {'img': s.user('d.steward', 'datasteward', '--org', 'IMG'),
                    'ncg': s.user('d.ncg', 'datasteward', '--org', 'NCG'),
                    'bag': s.user('d.bag', 'datasteward', '--org', 'NCG', '--levert-adressen')}
        svip = s.user('svip.ncg', 'svip', '--org', 'NCG')
        mgmt = s.user('m.beheer', 'management')
        gem = s.user('g.groningen', 'gemeente', '--gemeente', '0014')
        gem_ed = s.user('g.eemsdelta', 'gemeente', '--gemeente', '1979')
        s.start()
        now = datetime.datetime.now(datetime.timezone.utc)
        today = now.date()
        monday = today - datetime.timedelta(days=today.weekday())

        # an empty register: twelve weeks by default, oldest first, all zero, nothing hidden
        body = get(s, mgmt)
        eq(len(body['weken']), 12, 'twelve weeks by default')
        eq(body['weken'][-1]['week'], iso_label(today), 'the last week is the current one')
        eq(body['weken'][-1]['van'], monday.isoformat(), 'from Monday')
        eq(body['weken'][-1]['tot_en_met'], (monday + datetime.timedelta(days=6)).isoformat(),
           'to Sunday')
        eq(body['weken'][0]['van'], (monday - datetime.timedelta(weeks=11)).isoformat(),
           'eleven weeks before')
        eq([(w['aangemaakt'], w['afgehandeld']) for w in body['weken']], [(0, 0)] * 12,
           'no signals: zeros, not suppressed')
        eq((body['aantal_onderdrukt'], body['onderdrukkingsgrens']), (0, 10), 'nothing hidden')
        eq(sorted(body['weken'][0]['per_regel'], key=int), [str(r) for r in range(1, 15)],
           'a column per rule of the active set')

        # a later delivery, uploaded through the API, raises signals this week
        for f in FILES:
            raw = open(os.path.join(DATA, 'small2', f), 'rb').read()
            status, _, _ = s.request('POST', '/api/v1/leveringen?bestand=' + f,
                                     token=stewards[f[:3]], raw=raw,
                                     headers={'Content-Type': 'text/csv'})
            eq(status, 201, 'upload ' + f)
        raised = sql(s, 'SELECT regel, count(*) FROM signaal GROUP BY regel')
        n_raised = sum(n for _, n in raised)
        if not 0 < n_raised < 10:
            raise AssertionError('expected a few signals from small2, got %r' % raised)
        cur = get(s, mgmt)['weken'][-1]
        eq((cur['aangemaakt'], cur['afgehandeld']), (HIDDEN, 0), 'a few raised: suppressed')
        for regel, _ in raised:
            eq(cur['per_regel'][str(regel)]['aangemaakt'], HIDDEN, 'rule %d suppressed' % regel)

        # ten more this week (rule 9, handled this week) lift the totals over the threshold;
        # twelve in the previous week show in that week only
        add_signals(s, 10, 9, now, 'afgerond', now)
        prev = now - datetime.timedelta(days=7)
        add_signals(s, 12, 1, prev, 'afgewezen', prev)
        body = get(s, mgmt)
        cur, last = body['weken'][-1], body['weken'][-2]
        eq(cur['aangemaakt'], n_raised + 10, 'raised this week')
        eq(cur['afgehandeld'], 10, 'handled this week')
        eq(cur['per_regel']['9'], {'aangemaakt': 10, 'afgehandeld': 10}, 'rule 9')
        eq((last['aangemaakt'], last['afgehandeld']), (12, 12), 'the previous week')
        eq(last['per_regel']['1'], {'aangemaakt': 12, 'afgehandeld': 12}, 'rule 1 last week')
        eq(body['aantal_onderdrukt'] > 0, True, 'small counts hidden')

        # handle three signals through the API: two finished, one dismissed
        status, _, lst = s.request('GET', '/api/v1/signalen?status=open', token=svip)
        eq(status, 200, 'svip lists signals')
        ids = [it['id'] for it in lst['items']]
        if len(ids) < 3:
            raise AssertionError('need three open signals for SVIP NCG, got %r' % ids)
        for i in ids[:2]:
            eq(s.request('POST', '/api/v1/signalen/%d/afronding' % i, token=svip)[0], 200,
               'finish %d' % i)
        eq(s.request('POST', '/api/v1/signalen/%d/afwijzing' % ids[2], token=svip,
                     body={'reden': 'al besproken met de bewoner'})[0], 200, 'dismiss')
        body = get(s, mgmt)
        cur = body['weken'][-1]
        eq(cur['afgehandeld'], 13, 'handled this week after three API actions')
        eq(cur['aangemaakt'], n_raised + 10, 'handling raises nothing')
        eq(body['weken'][-2]['afgehandeld'], 12, 'the previous week unchanged')

        # the municipality: every signal is in Groningen
        eq(get(s, gem)['weken'], body['weken'], 'gemeente 0014 sees the same weeks')
        eq(get(s, mgmt, '?gemeente=0014')['weken'], body['weken'], 'management, 0014')
        ed = get(s, gem_ed)
        eq([(w['aangemaakt'], w['afgehandeld']) for w in ed['weken']], [(0, 0)] * 12,
           'Eemsdelta has none')
        eq((ed['gemeente'], ed['aantal_onderdrukt']), ('1979', 0), 'Eemsdelta, nothing hidden')

        # a shorter period keeps the same weeks at its end
        two = get(s, mgmt, '?weken=2')['weken']
        eq(two, body['weken'][-2:], 'weken=2 is the last two of twelve')


if __name__ == '__main__':
    sys.exit(run_cases())
