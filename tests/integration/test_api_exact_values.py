#!/usr/bin/env python3
"""Exact amounts and ISO-only dates over HTTP (issue 16).

A delivered `6051,60` comes back as "6051.60" from every place that shows the
claim (the record, the dossier, the PATCH answer, the outbox event), never as
6051.6000000000004; request bodies and query strings take `2026-12-06` and refuse
the Dutch `06-12-2026` with a 400 at the field, while a delivery keeps taking it.

Usage: test_api_exact_values.py PATH_TO_SAMENLOOP DATA_DIR
Prints 'N passed, N failed' last.
"""
import http.client
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from api_harness import Server, case, eq, run_cases  # noqa: E402

BIN = os.path.abspath(sys.argv[1])
DATA = os.path.abspath(sys.argv[2])
FILES = ('bag_adressen.csv', 'ncg_trajecten.csv', 'img_schades.csv')
A1 = '0014200000000001'   # IMG-001 (voorbereiding) and NCG-0001
A2 = '0014200000000002'   # IMG-003, decided: the amount under test
ISO_FORM = 'een datum als 2026-12-06 (JJJJ-MM-DD)'


def delivery_with_amounts(s, amounts):
    """The small fixture with besluit_bedrag of the given claims replaced (as delivered,
    Dutch spelling and all), imported into a fresh register."""
    folder = os.path.join(s.tmp, 'levering')
    os.makedirs(folder)
    for name in FILES:
        with open(os.path.join(DATA, 'small', name), encoding='utf-8') as f:
            lines = f.read().split('\n')
        if name == 'img_schades.csv':
            for i, line in enumerate(lines):
                key = line.split(',', 1)[0]
                if key in amounts:
                    # the amount is the last column; a quoted one holds a comma
                    head = line[:line.rindex(',"')] if line.endswith('"') else line.rsplit(',', 1)[0]
                    lines[i] = '%s,"%s"' % (head, amounts.pop(key))
            eq(amounts, {}, 'every claim to change found')
        with open(os.path.join(folder, name), 'w', encoding='utf-8') as f:
            f.write('\n'.join(lines))
    s.cli('import', *[os.path.join(folder, n) for n in FILES])


def raw_get(s, path, token):
    """The response text itself: a parsed number would hide how it was written."""
    conn = http.client.HTTPConnection('127.0.0.1', s.port, timeout=30)
    conn.request('GET', path, headers={'Authorization': 'Bearer ' + token})
    r = conn.getresponse()
    text = r.read().decode('utf-8')
    conn.close()
    eq(r.status, 200, 'GET %s' % path)
    return text


def claim_in(dossier, img_id):
    return [c for c in dossier['schades'] if c['img_id'] == img_id][0]


@case
def a_delivered_amount_comes_back_exactly():
    with Server(BIN, DATA, deliveries=()) as s:
        delivery_with_amounts(s, {'IMG-003': '6051,60', 'IMG-007': '6.051,60',
                                  'IMG-010': '0,1'})
        zb = s.user('k.postma', 'zaakbegeleider', '--org', 'IMG')
        s.start()
        text = raw_get(s, '/api/v1/schades/IMG-003', zb)
        if '"besluit_bedrag":"6051.60"' not in text or '6051.6000' in text:
            raise AssertionError('record amount not exact: %s' % text)
        eq(json.loads(text)['besluit_bedrag'], '6051.60', 'the record')
        text = raw_get(s, '/api/v1/adressen/' + A2, zb)
        if '"besluit_bedrag":"6051.60"' not in text or '6051.6000' in text:
            raise AssertionError('dossier amount not exact: %s' % text)
        eq(claim_in(json.loads(text), 'IMG-003')['besluit_bedrag'], '6051.60', 'the dossier')
        # other spellings of a delivery, and a claim without an amount
        eq(s.request('GET', '/api/v1/schades/IMG-007', token=zb)[2]['besluit_bedrag'],
           '6051.60', 'thousands point and decimal comma')
        eq(s.request('GET', '/api/v1/schades/IMG-010', token=zb)[2]['besluit_bedrag'],
           '0.10', 'one decimal delivered, two written')
        eq(s.request('GET', '/api/v1/schades/IMG-001', token=zb)[2]['besluit_bedrag'],
           None, 'no amount is null')
        # a change answers with the same text and stores it in the outbox event
        _, h, _ = s.request('GET', '/api/v1/schades/IMG-003', token=zb)
        status, _, c = s.request('PATCH', '/api/v1/schades/IMG-003', token=zb,
                                 body={'urgent': True}, headers={'If-Match': h['etag']})
        eq((status, c['besluit_bedrag']), (200, '6051.60'), 'the PATCH answer')
        ((event,),) = s.sql("SELECT gegevens FROM outbox WHERE soort = 'schade.gewijzigd'"
                            " AND sleutel = 'IMG-003'")
        eq(json.loads(event)['besluit_bedrag'], '6051.60', 'the outbox event')
        # the command line's dossier, built as a tree, says the same
        d = json.loads(s.cli('dossier', 'show', '--json', A2).stdout)
        eq(claim_in(d, 'IMG-003')['besluit_bedrag'], '6051.60', 'dossier show --json')


@case
def request_dates_are_iso_only():
    with Server(BIN, DATA) as s:
        zb = s.user('k.postma', 'zaakbegeleider', '--org', 'IMG')
        svip = s.user('svip.ncg', 'svip', '--org', 'NCG')
        s.start()
        # a body date: the Dutch order is refused at the field, naming the form
        consent = {'nummeraanduiding_id': A1, 'doel': 'samenloop', 'kanaal': 'post',
                   'formulier_kenmerk': 'GUO-2026-0042', 'gegeven_op': '06-12-2026'}
        status, h, p = s.request('POST', '/api/v1/toestemmingen', token=svip, body=consent)
        eq((status, h.get('content-type')), (400, 'application/problem+json'), 'Dutch gegeven_op')
        eq([(e['veld'], e['reden']) for e in p['errors']], [('gegeven_op', ISO_FORM)],
           'named at the field')
        eq(s.request('GET', '/api/v1/toestemmingen?nummeraanduidingId=' + A1,
                     token=svip)[2]['items'], [], 'nothing stored')
        consent['gegeven_op'] = '2026-01-15'
        status, _, t = s.request('POST', '/api/v1/toestemmingen', token=svip, body=consent)
        eq((status, t['gegeven_op']), (201, '2026-01-15'), 'ISO gegeven_op')
        status, _, p = s.request('POST', '/api/v1/toestemmingen/%d/intrekking' % t['id'],
                                 token=svip, body={'ingetrokken_op': '15/01/2026'})
        eq((status, [e['veld'] for e in p['errors']]), (400, ['ingetrokken_op']),
           'Dutch ingetrokken_op')
        # a record's date: refused, the record unchanged; the ISO form goes through
        _, h, c = s.request('GET', '/api/v1/schades/IMG-001', token=zb)
        status, _, p = s.request('PATCH', '/api/v1/schades/IMG-001', token=zb,
                                 body={'fase': 'opname', 'fase_sinds': '01-08-2021'},
                                 headers={'If-Match': h['etag']})
        eq((status, [(e['veld'], e['reden']) for e in p['errors']]),
           (400, [('fase_sinds', ISO_FORM)]), 'Dutch fase_sinds')
        status, _, c2 = s.request('PATCH', '/api/v1/schades/IMG-001', token=zb,
                                  body={'fase': 'opname', 'fase_sinds': '2021-08-01'},
                                  headers={'If-Match': h['etag']})
        eq((status, c2['fase_sinds'], c2['versie']), (200, '2021-08-01', c['versie'] + 1),
           'ISO fase_sinds')
        # an element's date in the combination dossier
        path = '/api/v1/combinatiedossiers/' + A1
        _, h, _ = s.request('GET', path, token=zb)
        status, _, p = s.request('PATCH', path, token=zb, headers={'If-Match': h['etag']},
                                 body={'elementen': [{'element': 'totaalopname',
                                                      'status': 'gevraagd',
                                                      'datum': '06-12-2026'}]})
        eq((status, [(e['veld'], e['reden']) for e in p['errors']]),
           (400, [('elementen', ISO_FORM)]), 'Dutch element datum')
        # a query date
        status, _, p = s.request('GET', '/api/v1/signalen?vervaltVoor=06-12-2026', token=zb)
        eq((status, [(e['veld'], e['reden']) for e in p['errors']]),
           (400, [('vervaltVoor', ISO_FORM)]), 'Dutch vervalt_voor')
        eq(s.request('GET', '/api/v1/signalen?vervaltVoor=2026-12-06', token=zb)[0], 200,
           'ISO vervalt_voor')


@case
def a_delivery_keeps_taking_dutch_dates():
    with Server(BIN, DATA, deliveries=()) as s:
        folder = os.path.join(s.tmp, 'levering')
        os.makedirs(folder)
        for name in FILES:
            with open(os.path.join(DATA, 'small', name), encoding='utf-8') as f:
                text = f.read()
            if name == 'img_schades.csv':
                text = text.replace('IMG-001,0014200000000001,9712AB,1,,,fysieke schade,'
                                    'voorbereiding,2021-07-01',
                                    'IMG-001,0014200000000001,9712AB,1,,,fysieke schade,'
                                    'voorbereiding,01-07-2021')
            with open(os.path.join(folder, name), 'w', encoding='utf-8') as f:
                f.write(text)
        s.cli('import', *[os.path.join(folder, n) for n in FILES])
        zb = s.user('k.postma', 'zaakbegeleider', '--org', 'IMG')
        s.start()
        eq(s.request('GET', '/api/v1/schades/IMG-001', token=zb)[2]['fase_sinds'],
           '2021-07-01', 'a Dutch date in a delivery')


if __name__ == '__main__':
    sys.exit(run_cases())
