#!/usr/bin/env python3
"""The signal list's work-queue filters over HTTP: by municipality (gemeente), by
due date (vervaltVoor, strictly before), combined with the other filters and
paging, the short address each item carries, and bad values named per field.

Usage: test_api_signal_filters.py PATH_TO_SAMENLOOP DATA_DIR
Loads the fixture deliveries small and small2, which raise signals for SVIP NCG. Prints 'N passed, N failed'.
"""
import datetime
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from api_harness import Server, case, eq, run_cases  # noqa: E402

BIN = os.path.abspath(sys.argv[1])
DATA = os.path.abspath(sys.argv[2])


def sql(s, query, *args):
    return s.sql(query, *args)


def items(s, tok, query=''):
    status, _, body = s.request('GET', '/api/v1/signalen' + query, token=tok)
    eq(status, 200, 'GET /signalen' + query)
    return body


def started():
    s = Server(BIN, DATA, deliveries=('small', 'small2'))
    tok = s.user('svip.ncg', 'svip', '--org', 'NCG', '--weergavenaam', 'M. de Balie')
    s.start()
    return s, tok


@case
def each_item_names_its_address_and_municipality():
    s, tok = started()
    with s:
        body = items(s, tok)
        if not body['items']:
            raise AssertionError('the fixture raises no signals for SVIP NCG')
        for it in body['items']:
            want = sql(s, 'SELECT straat, huisnummer, postcode, woonplaats, gemeentecode FROM adres'
                          ' WHERE nummeraanduiding_id = ?', int(it['nummeraanduiding_id']))[0]
            a = it['adres']
            eq((a['straat'], a['huisnummer'], a['postcode'], a['woonplaats'], a['gemeentecode']),
               want, 'address of signal %d' % it['id'])



@case
def voor_mij_is_the_person_the_deliveries_name():
    """A signal addressed to "G. Kok" is "voor mij" for the account whose weergavenaam
    is G. Kok: set at creation or later by the beheerder, and gone when cleared."""
    s, _ = started()
    with s:
        want = {r[0] for r in sql(s, "SELECT signaal_id FROM signaal_adressaat"
                                     " WHERE persoon = 'G. Kok'")}
        if len(want) < 2:
            raise AssertionError('the fixture addresses fewer than two signals to G. Kok')
        kok = s.user('g.kok', 'bewonersbegeleider', '--org', 'NCG', '--weergavenaam', 'G. Kok')
        other = s.user('a.n.ander', 'bewonersbegeleider', '--org', 'NCG')
        beheer = s.user('beheer', 'beheerder')
        eq({i['id'] for i in items(s, kok, '?voor=mij')['items']}, want, 'G. Kok: voor mij')
        eq(items(s, other, '?voor=mij')['items'], [], 'no weergavenaam: nothing is for me')
        status, _, body = s.request('PUT', '/api/v1/gebruikers/a.n.ander/weergavenaam',
                                    body={'weergavenaam': 'G. Kok'}, token=beheer)
        eq((status, body['weergavenaam']), (200, 'G. Kok'), 'the beheerder sets it')
        eq({i['id'] for i in items(s, other, '?voor=mij')['items']}, want, 'now for the other too')
        status, _, body = s.request('PUT', '/api/v1/gebruikers/a.n.ander/weergavenaam',
                                    body={'weergavenaam': ''}, token=beheer)
        eq((status, body['weergavenaam']), (200, None), 'cleared')
        eq(items(s, other, '?voor=mij')['items'], [], 'cleared: nothing is for me')
        status, hdrs, body = s.request('PUT', '/api/v1/gebruikers/a.n.ander/weergavenaam',
                                       body={'weergavenaam': 'G.\nKok'}, token=beheer)
        eq((status, hdrs['content-type'], [e['veld'] for e in body['errors']]),
           (400, 'application/problem+json', ['weergavenaam']), 'a line break is refused')
        status, _, _ = s.request('PUT', '/api/v1/gebruikers/a.n.ander/weergavenaam',
                                 body={'weergavenaam': 'G. Kok'}, token=kok)
        eq(status, 403, 'only the beheerder sets it')

@case
def gemeente_keeps_exactly_that_municipality():
    s, tok = started()
    with s:
        # the fixture's signals are all in Groningen: move the last one's address to
        # Eemsdelta (as a BAG delivery after a merger would), so the filter has to choose
        last = items(s, tok)['items'][-1]
        sql(s, "UPDATE adres SET gemeentecode = '1979' WHERE nummeraanduiding_id = ?",
            int(last['nummeraanduiding_id']))
        everything = items(s, tok)['items']
        codes = sorted({it['adres']['gemeentecode'] for it in everything})
        if len(codes) < 2:
            raise AssertionError('need signals in two municipalities, got %r' % codes)
        for code in codes:
            body = items(s, tok, '?gemeente=' + code)
            want = [it['id'] for it in everything if it['adres']['gemeentecode'] == code]
            eq([it['id'] for it in body['items']], want, 'signals in ' + code)
            eq(body['totaal'], len(want), 'totaal counts the filtered list (%s)' % code)
        eq(items(s, tok, '?gemeente=1680')['totaal'], 0, 'a municipality without signals')
        # combined with the rule filter and paging
        rule = everything[0]['regel']
        code = everything[0]['adres']['gemeentecode']
        want = [it['id'] for it in everything
                if it['regel'] == rule and it['adres']['gemeentecode'] == code]
        body = items(s, tok, '?gemeente=%s&regel=%d&perPagina=1' % (code, rule))
        eq((body['totaal'], [it['id'] for it in body['items']]), (len(want), want[:1]),
           'gemeente + regel, first page')


@case
def vervalt_voor_is_strictly_before_and_combines():
    s, tok = started()
    with s:
        everything = items(s, tok)['items']
        first, second = everything[0], everything[1]
        # two signals long overdue; the rest keep their due date in the future
        sql(s, "UPDATE signaal SET vervalt_op = '2020-01-01' WHERE id = ?", first['id'])
        sql(s, "UPDATE signaal SET vervalt_op = '2020-03-01' WHERE id = ?", second['id'])
        eq([it['id'] for it in items(s, tok, '?vervaltVoor=2020-01-01')['items']], [],
           'due on the day itself is not before it')
        eq([it['id'] for it in items(s, tok, '?vervaltVoor=2020-01-02')['items']],
           [first['id']], 'one day later')
        eq([it['id'] for it in items(s, tok, '?vervaltVoor=2020-04-01')['items']],
           [first['id'], second['id']], 'both overdue')
        code = second['adres']['gemeentecode']
        want = [it['id'] for it in (first, second) if it['adres']['gemeentecode'] == code]
        eq([it['id'] for it in items(s, tok, '?vervaltVoor=2020-04-01&gemeente=' + code)['items']],
           want, 'due date and municipality')
        # a handled signal still has its due date: status narrows it down
        status, _, _ = s.request('POST', '/api/v1/signalen/%d/afronding' % first['id'], token=tok)
        eq(status, 200, 'done')
        eq([it['id'] for it in items(s, tok, '?vervaltVoor=2020-04-01&status=open')['items']],
           [second['id']], 'overdue and still open')


@case
def bad_filters_are_named():
    s, tok = started()
    with s:
        status, _, body = s.request('GET', '/api/v1/signalen?gemeente=14&vervaltVoor=morgen',
                                    token=tok)
        eq(status, 400, 'bad filters')
        eq(sorted(e['veld'] for e in body['errors']), ['gemeente', 'vervaltVoor'], 'fields named')
        status, _, body = s.request('GET', '/api/v1/signalen?gemeente=00a4', token=tok)
        eq(status, 400, 'letters in the code')
        status, _, body = s.request('GET', '/api/v1/signalen?vervaltVoor=2021-02-30', token=tok)
        eq(status, 400, 'no such day')
        # the API is not a delivery: the Dutch order is refused, naming the form it wants
        status, _, body = s.request('GET', '/api/v1/signalen?vervaltVoor=01-04-2020', token=tok)
        eq((status, [(e['veld'], e['reden']) for e in body['errors']]),
           (400, [('vervaltVoor', 'een datum als 2026-12-06 (JJJJ-MM-DD)')]), 'Dutch date form')


def address_key(it):
    a = it['adres']
    return (a['woonplaats'], a['straat'], a['huisnummer'], a['huisletter'] or '',
            a['toevoeging'] or '')


@case
def sorteer_orders_by_due_date_and_address():
    s, tok = started()
    with s:
        # give the signals distinct due dates, in an order unlike their ids
        ids = [r[0] for r in sql(s, 'SELECT id FROM signaal ORDER BY id')]
        for n, sid in enumerate(reversed(ids)):
            day = datetime.date(2030, 1, 1) + datetime.timedelta(days=n)
            sql(s, 'UPDATE signaal SET vervalt_op = ? WHERE id = ?', day.isoformat(), sid)
        everything = items(s, tok, '?perPagina=500')['items']
        if len(everything) < 3:
            raise AssertionError('too few signals to see an order: %d' % len(everything))
        due = [it['vervalt_op'] for it in items(s, tok, '?sorteer=vervaltOp&perPagina=500')['items']]
        eq(due, sorted(due), 'soonest due first')
        back = [it['vervalt_op'] for it in items(s, tok, '?sorteer=-vervaltOp&perPagina=500')['items']]
        eq(back, sorted(due, reverse=True), 'reversed with -')
        got = [address_key(it) for it in items(s, tok, '?sorteer=adres&perPagina=500')['items']]
        eq(got, sorted(got), 'by address')
        # paging follows the order: page 2 of 2 continues page 1
        p1 = items(s, tok, '?sorteer=vervaltOp&perPagina=2')['items']
        p2 = items(s, tok, '?sorteer=vervaltOp&perPagina=2&pagina=2')['items']
        eq([it['vervalt_op'] for it in p1 + p2], due[:len(p1) + len(p2)], 'pages in order')
        status, _, body = s.request('GET', '/api/v1/signalen?sorteer=naam', token=tok)
        eq((status, [e['veld'] for e in body['errors']]), (400, ['sorteer']), 'unknown order')


@case
def lopend_keeps_acknowledged_in_view_and_counts_per_rule():
    s, tok = started()
    with s:
        open_ = items(s, tok, '?status=open&perPagina=500')
        sid = open_['items'][0]['id']
        status, _, _ = s.request('POST', '/api/v1/signalen/%d/bevestiging' % sid, token=tok)
        eq(status, 200, 'acknowledged')
        lopend = items(s, tok, '?status=lopend&perPagina=500')
        eq(sorted(it['id'] for it in lopend['items']),
           sorted(it['id'] for it in open_['items']), 'in behandeling stays in view')
        got = next(it for it in lopend['items'] if it['id'] == sid)
        eq((got['status'], got['gewijzigd_door'], got['gewijzigd_door_naam']),
           ('bevestigd', 'svip.ncg', 'M. de Balie'), 'as bevestigd, by the person\'s name')
        # counts per rule ignore the rule filter and add up to the total
        counts = {c['regel']: c['aantal'] for c in lopend['per_regel']}
        eq(sum(counts.values()), lopend['totaal'], 'counts add up')
        regel = lopend['items'][0]['regel']
        one = items(s, tok, '?status=lopend&regel=%d' % regel)
        eq(one['totaal'], counts[regel], 'the count of one rule is its list')
        eq({c['regel']: c['aantal'] for c in one['per_regel']}, counts, 'counts for every rule')


@case
def several_at_once_with_a_result_each():
    s, tok = started()
    with s:
        mine = [it['id'] for it in items(s, tok, '?status=open&perPagina=500')['items']]
        theirs = [r[0] for r in sql(s, 'SELECT id FROM signaal ORDER BY id') if r[0] not in mine]
        if len(mine) < 2:
            raise AssertionError('too few signals: %r' % mine)
        # dismissing needs one reason, at its field
        status, _, body = s.request('POST', '/api/v1/signaalafwijzingen', token=tok,
                                    body={'signalen': mine[:2]})
        eq((status, [e['veld'] for e in body['errors']]), (400, ['reden']), 'reason required')
        for bad, why in (([], 'empty'), ([mine[0], mine[0]], 'twice'), (['x'], 'not a number'),
                         (list(range(1, 102)), 'over 100')):
            status, _, body = s.request('POST', '/api/v1/signaalbevestigingen', token=tok,
                                        body={'signalen': bad})
            eq((status, [e['veld'] for e in body['errors']]), (400, ['signalen']), why)
        # one already done, one not addressed to me: the rest still goes, each logged
        s.request('POST', '/api/v1/signalen/%d/afronding' % mine[1], token=tok)
        before = sql(s, "SELECT count(*) FROM logboek WHERE categorieen LIKE 'signaal:%'")[0][0]
        sel = [mine[0], mine[1]] + theirs[:1] + [999999]
        status, _, body = s.request('POST', '/api/v1/signaalafwijzingen', token=tok,
                                    body={'signalen': sel, 'reden': 'Dubbel met een ander signaal'})
        eq(status, 200, 'the selection answers')
        eq([(r['id'], r['status']) for r in body['resultaten']],
           [(mine[0], 200), (mine[1], 409)] + [(t, 404) for t in theirs[:1]] + [(999999, 404)],
           'a result per signal, in order')
        eq((body['gelukt'], body['mislukt']), (1, len(sel) - 1), 'totals')
        eq(body['resultaten'][0]['signaal']['reden'], 'Dubbel met een ander signaal', 'the reason')
        eq(sql(s, 'SELECT status FROM signaal WHERE id = ?', mine[0])[0][0], 'afgewezen', 'stored')
        after = sql(s, "SELECT count(*) FROM logboek WHERE categorieen LIKE 'signaal:%'")[0][0]
        eq(after - before, 1, 'one log record per change')
        # a role without signals is told so
        beheer = s.user('beh', 'beheerder')
        status, _, _ = s.request('POST', '/api/v1/signaalbevestigingen', token=beheer,
                                 body={'signalen': mine})
        eq(status, 403, 'beheerder works no signals')


if __name__ == '__main__':
    sys.exit(run_cases())
