#!/usr/bin/env python3
"""SVIP information requests (verzoeken) over HTTP: registering with the legal
basis decided by the sharing rules, answering by the other body's desk (once,
with If-Match), listing and counting per role, refusals, bad input, and the
processing-log records and outbox events every change writes (read from the
register, either store: api_harness.sql).

Usage: test_api_verzoeken.py PATH_TO_SAMENLOOP DATA_DIR
Address 1 of the fixture (Groningen 0014) is samenloop (statutory basis);
address 7 has an NCG trajectory and no IMG claim. Prints 'N passed, N failed'.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from api_harness import Server, case, eq, run_cases  # noqa: E402

BIN = os.path.abspath(sys.argv[1])
DATA = os.path.abspath(sys.argv[2])
A1, A7 = '0014200000000001', '0014200000000007'




def consent(s, recorder, confirmer, addr, doel):
    """Consent in effect: recorded from a signed form, confirmed by a colleague."""
    status, _, t = s.request('POST', '/api/v1/toestemmingen', token=recorder, body={
        'nummeraanduiding_id': addr, 'doel': doel, 'gegeven_op': '2026-01-15',
        'kanaal': 'post', 'formulier_kenmerk': 'GUO-2026-0100'})
    eq(status, 201, 'consent recorded')
    if confirmer:
        eq(s.request('POST', '/api/v1/toestemmingen/%d/bevestiging' % t['id'],
                     token=confirmer)[0], 200, 'consent confirmed')
    return t


def ask(s, tok, addr=A1, typ='statusuitwisseling', doel='svip_verzoek', vraag='Waar staat het?'):
    return s.request('POST', '/api/v1/verzoeken', token=tok, body={
        'nummeraanduiding_id': addr, 'type': typ, 'doel': doel, 'vraag': vraag})


@case
def register_answer_list_and_count():
    with Server(BIN, DATA) as s:
        img = s.user('svip.img', 'svip', '--org', 'IMG')
        ncg = s.user('svip.ncg', 'svip', '--org', 'NCG')
        s.start()
        status, hdrs, v = ask(s, img, vraag='Wie is de bewonersbegeleider?')
        eq(status, 201, 'registered')
        eq(hdrs.get('location'), '/api/v1/verzoeken/%d' % v['id'], 'Location')
        eq(hdrs.get('etag'), '"1"', 'ETag')
        eq((v['org'], v['aanvrager'], v['status'], v['grondslag'], v['antwoord']),
           ('IMG', 'svip.img', 'open', 'wettelijke_taak_samenloop', None), 'request')
        eq(s.request('GET', hdrs['location'], token=ncg)[2]['vraag'],
           'Wie is de bewonersbegeleider?', 'read back by the other desk')
        ask(s, ncg, typ='versnelling')
        ask(s, img, typ='anders')
        ask(s, img, typ='versnelling')
        status, hdrs, a = s.request('POST', '/api/v1/verzoeken/%d/antwoord' % v['id'], token=ncg,
                                    body={'antwoord': 'A. Jansma'}, headers={'If-Match': '"1"'})
        eq((status, a['status'], a['antwoord'], a['beantwoord_door'], a['versie']),
           (200, 'beantwoord', 'A. Jansma', 'svip.ncg', 2), 'answered')
        eq(hdrs.get('etag'), '"2"', 'new ETag')
        if not a['beantwoord_op'] or not a['beantwoord_op'].endswith('Z'):
            raise AssertionError('beantwoord_op: %r' % a['beantwoord_op'])
        status, _, p = s.request('POST', '/api/v1/verzoeken/%d/antwoord' % v['id'], token=ncg,
                                 body={'antwoord': 'nog eens'})
        eq((status, p['status']), (409, 409), 'second answer')
        status, hdrs, p = s.request('POST', '/api/v1/verzoeken/%d/antwoord' % v['id'], token=ncg,
                                    body={'antwoord': 'nog eens'}, headers={'If-Match': '"1"'})
        eq(status, 412, 'stale If-Match')
        if 'problem+json' not in hdrs.get('content-type', ''):
            raise AssertionError('not problem+json: %r' % hdrs)
        status, _, lst = s.request('GET', '/api/v1/verzoeken', token=img)
        eq((status, lst['totaal']), (200, 4), 'all four')
        eq([x['type'] for x in lst['items']],
           ['statusuitwisseling', 'versnelling', 'anders', 'versnelling'], 'oldest first')
        status, _, lst = s.request('GET', '/api/v1/verzoeken?status=open&type=versnelling',
                                   token=img)
        eq(lst['totaal'], 2, 'filtered')
        status, _, lst = s.request('GET', '/api/v1/verzoeken?nummeraanduidingId=' + A7,
                                   token=img)
        eq(lst['totaal'], 0, 'by address')
        # the log names the street and number, not only the BAG id
        status, _, lst = s.request('GET', '/api/v1/verzoeken', token=img)
        for it in lst['items']:
            want = s.rows('SELECT straat, huisnummer, postcode, woonplaats FROM adres'
                          ' WHERE nummeraanduiding_id = ?', int(it['nummeraanduiding_id']))[0]
            a = it['adres']
            eq((a['straat'], a['huisnummer'], a['postcode'], a['woonplaats']), tuple(want),
               'address of request %d' % it['id'])
        status, _, lst = s.request('GET', '/api/v1/verzoeken?perPagina=1&pagina=2', token=img)
        eq((lst['totaal'], len(lst['items']), lst['items'][0]['type']), (4, 1, 'versnelling'),
           'paged')
        status, _, c = s.request('GET', '/api/v1/verzoeken/tellingen', token=ncg)
        eq(status, 200, 'counts')
        eq([(t['type'], t['totaal'], t['open'], t['beantwoord']) for t in c['per_type']],
           [('statusuitwisseling', 1, 0, 1), ('medewerkers_koppelen', 0, 0, 0),
            ('versnelling', 2, 2, 0), ('anders', 1, 1, 0)], 'per type, top three first')
        eq((c['per_status'], c['totaal']), ({'open': 3, 'beantwoord': 1}, 4), 'per status')


@case
def roles_and_denials():
    with Server(BIN, DATA) as s:
        img = s.user('svip.img', 'svip', '--org', 'IMG')
        ncg = s.user('svip.ncg', 'svip', '--org', 'NCG')
        zb = s.user('k.postma', 'zaakbegeleider', '--org', 'IMG')
        bb = s.user('a.jansma', 'bewonersbegeleider', '--org', 'NCG')
        res = s.user('bewoner1', 'bewoner', '--adres', A1)
        mgmt = s.user('m.beheer', 'management')
        planner = s.user('p.lanner', 'planner')
        beheer = s.user('privacy', 'beheerder')
        s.start()
        status, _, v = ask(s, zb, doel='statusuitwisseling')
        eq((status, v['aanvrager_rol']), (201, 'zaakbegeleider'), 'case worker, own case')
        eq(ask(s, zb, addr=A7, doel='statusuitwisseling')[0], 403, 'no IMG case at address 7')
        status, hdrs, p = ask(s, bb, addr=A7, doel='statusuitwisseling')
        eq(status, 422, 'NCG case worker at address 7: no basis for IMG\'s part')
        if 'problem+json' not in hdrs.get('content-type', '') or 'toestemming' not in p['detail']:
            raise AssertionError('no plain reason how to get a basis: %r' % p)
        bb2 = s.user('b.tweede', 'bewonersbegeleider', '--org', 'NCG')
        consent(s, bb, bb2, A7, 'statusuitwisseling')
        status, _, w = ask(s, bb, addr=A7, doel='statusuitwisseling')
        eq((status, w['grondslag']), (201, 'toestemming'), 'with consent in effect')
        status, _, p = ask(s, zb, doel='svip_verzoek')
        eq((status, [e['veld'] for e in p['errors']]), (400, ['doel']), 'purpose not of the role')
        for tok, who in ((res, 'bewoner'), (mgmt, 'management'), (planner, 'planner'),
                         (beheer, 'beheerder')):
            eq(ask(s, tok)[0], 403, who + ' registers')
            eq(s.request('GET', '/api/v1/verzoeken', token=tok)[0], 403, who + ' lists')
            eq(s.request('GET', '/api/v1/verzoeken/%d' % v['id'], token=tok)[0], 403,
               who + ' reads')
            eq(s.request('POST', '/api/v1/verzoeken/%d/antwoord' % v['id'], token=tok,
                         body={'antwoord': 'x'})[0], 403, who + ' answers')
        eq(s.request('GET', '/api/v1/verzoeken/tellingen', token=res)[0], 403, 'bewoner counts')
        status, _, c = s.request('GET', '/api/v1/verzoeken/tellingen', token=mgmt)
        eq((status, c['totaal'], c['onderdrukkingsgrens']),
           (200, {'onderdrukt': True, 'onder': 10}, 10),
           'management: aggregate, small counts suppressed')
        eq(s.request('GET', '/api/v1/verzoeken')[0], 401, 'anonymous')
        # the requesting body's own desk and case workers do not answer
        for tok, who in ((img, 'IMG desk'), (zb, 'zaakbegeleider')):
            eq(s.request('POST', '/api/v1/verzoeken/%d/antwoord' % v['id'], token=tok,
                         body={'antwoord': 'x'})[0], 403, who + ' answers an IMG request')
        eq(s.request('POST', '/api/v1/verzoeken/%d/antwoord' % w['id'], token=ncg,
                     body={'antwoord': 'x'})[0], 403, 'NCG desk answers an NCG request')
        # case workers see their own body's requests only
        eq([x['id'] for x in s.request('GET', '/api/v1/verzoeken', token=bb)[2]['items']],
           [w['id']], 'NCG case worker')
        eq(s.request('GET', '/api/v1/verzoeken/%d' % v['id'], token=bb)[0], 404,
           'another body\'s request is not found')
        eq(s.request('GET', '/api/v1/verzoeken/tellingen', token=zb)[2]['totaal'], 1,
           'own body counts')
        eq(s.request('POST', '/api/v1/verzoeken/%d/antwoord' % w['id'], token=img,
                     body={'antwoord': 'Geen schademelding bekend.'})[0], 200, 'IMG desk answers')


@case
def bad_input():
    with Server(BIN, DATA) as s:
        img = s.user('svip.img', 'svip', '--org', 'IMG')
        ncg = s.user('svip.ncg', 'svip', '--org', 'NCG')
        s.start()
        good = {'nummeraanduiding_id': A1, 'type': 'anders', 'doel': 'svip_verzoek',
                'vraag': 'v'}
        status, hdrs, p = s.request('POST', '/api/v1/verzoeken', token=img,
                                    body=dict(good, prioriteit='hoog'))
        eq((status, [e['veld'] for e in p['errors']]), (400, ['prioriteit']), 'unknown field')
        if 'problem+json' not in hdrs.get('content-type', ''):
            raise AssertionError('not problem+json: %r' % hdrs)
        status, _, p = s.request('POST', '/api/v1/verzoeken', token=img, raw=b'{"type": ',
                                 headers={'Content-Type': 'application/json'})
        eq(status, 400, 'malformed JSON')
        eq(s.request('POST', '/api/v1/verzoeken', token=img, raw=b'[1]',
                     headers={'Content-Type': 'application/json'})[0], 400, 'not an object')
        eq(s.request('POST', '/api/v1/verzoeken', token=img, raw=b'{}',
                     headers={'Content-Type': 'text/plain'})[0], 415, 'not JSON')
        status, _, p = s.request('POST', '/api/v1/verzoeken', token=img, body={
            'nummeraanduiding_id': 14200000000001, 'type': 'klacht', 'doel': 7, 'vraag': ['v']})
        eq((status, sorted(e['veld'] for e in p['errors'])),
           (400, ['doel', 'nummeraanduiding_id', 'type', 'vraag']), 'wrong types')
        status, _, p = s.request('POST', '/api/v1/verzoeken', token=img, body={})
        eq(len(p['errors']), 4, 'all four required')
        eq(s.request('POST', '/api/v1/verzoeken', token=img,
                     body=dict(good, vraag='x' * 2001))[0], 400, 'vraag too long')
        eq(s.request('POST', '/api/v1/verzoeken', token=img,
                     body=dict(good, vraag='é' * 1000))[0], 201, '2000 bytes of UTF-8')
        eq(s.request('POST', '/api/v1/verzoeken', token=img,
                     body=dict(good, vraag='é' * 1001))[0], 400, '2002 bytes')
        eq(s.request('POST', '/api/v1/verzoeken', token=img,
                     body=dict(good, vraag='   '))[0], 400, 'blank vraag')
        eq(s.request('POST', '/api/v1/verzoeken', token=img,
                     body=dict(good, nummeraanduiding_id='0014200000009999'))[0], 404,
           'unknown address')
        status, _, v = s.request('POST', '/api/v1/verzoeken', token=img, body=good)
        url = '/api/v1/verzoeken/%d/antwoord' % v['id']
        eq(s.request('POST', url, token=ncg, body={'antwoord': 1})[0], 400, 'answer not text')
        eq(s.request('POST', url, token=ncg, body={'antwoord': 'x', 'x': 1})[0], 400,
           'answer unknown field')
        eq(s.request('POST', url, token=ncg, body={})[0], 400, 'answer missing')
        eq(s.request('POST', url, token=ncg, body={'antwoord': 'x'},
                     headers={'If-Match': 'abc'})[0], 400, 'If-Match without a versie')
        eq(s.request('POST', '/api/v1/verzoeken/999/antwoord', token=ncg,
                     body={'antwoord': 'x'})[0], 404, 'unknown request')
        eq(s.request('GET', '/api/v1/verzoeken/abc', token=ncg)[0], 404, 'not an id')
        for q in ('status=dicht', 'type=klacht', 'nummeraanduidingId=123', 'perPagina=0'):
            eq(s.request('GET', '/api/v1/verzoeken?' + q, token=ncg)[0], 400, q)
        eq(s.rows('SELECT count(*) FROM verzoek')[0][0], 2, 'only the valid ones stored')


@case
def log_records_and_outbox_events():
    with Server(BIN, DATA, extra_args=['--set', 'statutory_gemeenten=1979']) as s:
        img = s.user('svip.img', 'svip', '--org', 'IMG')
        ncg = s.user('svip.ncg', 'svip', '--org', 'NCG')
        ncg2 = s.user('svip.ncg2', 'svip', '--org', 'NCG')
        s.start()
        n0 = s.rows('SELECT (SELECT count(*) FROM logboek), (SELECT count(*) FROM outbox)')[0]
        # Groningen is not statutory here: without consent, refused and nothing kept
        status, hdrs, p = ask(s, img)
        eq(status, 422, 'no basis: refused')
        if 'problem+json' not in hdrs.get('content-type', ''):
            raise AssertionError('not problem+json: %r' % hdrs)
        for word in ('grondslag', 'toestemming', 'svip_verzoek'):
            if word not in p['detail']:
                raise AssertionError('the reason lacks %r: %r' % (word, p['detail']))
        eq(s.rows('SELECT count(*) FROM verzoek')[0][0], 0, 'nothing stored')
        eq(s.rows('SELECT (SELECT count(*) FROM logboek), (SELECT count(*) FROM outbox)')[0],
           n0, 'nothing logged or sent')
        # consent recorded but not confirmed: still no basis
        t = consent(s, ncg, None, A1, 'svip_verzoek')
        eq(ask(s, img)[0], 422, 'pending consent is no basis')
        eq(s.request('POST', '/api/v1/toestemmingen/%d/bevestiging' % t['id'], token=ncg2)[0],
           200, 'confirmed')
        status, _, v = ask(s, img)
        eq((status, v['grondslag']), (201, 'toestemming'), 'consent basis on registration')
        status, _, a = s.request('POST', '/api/v1/verzoeken/%d/antwoord' % v['id'], token=ncg,
                                 body={'antwoord': 'Stap 1.2'})
        eq((status, a['grondslag']), (200, 'toestemming'), 'basis decided again on answer')
        status, _, w = ask(s, img, typ='medewerkers_koppelen')
        eq(w['grondslag'], 'toestemming', 'second request')
        log = s.rows("SELECT gebruiker, org, rol, doel, grondslag, categorieen,"
                      " nummeraanduiding_id, actie FROM logboek WHERE categorieen LIKE 'verzoek%'"
                      " ORDER BY id")
        eq(log, [('svip.img', 'IMG', 'svip', 'svip_verzoek', 'toestemming', 'verzoek', int(A1),
                  'wijziging'),
                 ('svip.ncg', 'NCG', 'svip', 'svip_verzoek', 'toestemming', 'verzoek:antwoord',
                  int(A1), 'wijziging'),
                 ('svip.img', 'IMG', 'svip', 'svip_verzoek', 'toestemming', 'verzoek', int(A1),
                  'wijziging')], 'log records')
        out = s.rows("SELECT soort, onderwerp, sleutel, gegevens ->> 'status',"
                      " gegevens ->> 'vraag' FROM outbox WHERE onderwerp = 'verzoek'"
                      " ORDER BY id")
        eq(out, [('verzoek.ingediend', 'verzoek', str(v['id']), 'open', None),
                 ('verzoek.beantwoord', 'verzoek', str(v['id']), 'beantwoord', None),
                 ('verzoek.ingediend', 'verzoek', str(w['id']), 'open', None)], 'outbox events')
        # a refused answer leaves nothing behind
        n = s.rows('SELECT (SELECT count(*) FROM logboek), (SELECT count(*) FROM outbox)')[0]
        eq(s.request('POST', '/api/v1/verzoeken/%d/antwoord' % v['id'], token=ncg,
                     body={'antwoord': 'x'})[0], 409, 'double answer')
        eq(s.rows('SELECT (SELECT count(*) FROM logboek), (SELECT count(*) FROM outbox)')[0], n,
           'nothing written by the refusal')
        eq(s.cli('logboek', 'verify').returncode, 0, 'the chain verifies')


@case
def answer_refused_after_consent_withdrawn():
    """Issue 12: a request on an address whose consent was withdrawn minutes earlier was
    answered with NCG data."""
    with Server(BIN, DATA, extra_args=['--set', 'statutory_gemeenten=1979']) as s:
        img = s.user('svip.img', 'svip', '--org', 'IMG')
        ncg = s.user('svip.ncg', 'svip', '--org', 'NCG')
        ncg2 = s.user('svip.ncg2', 'svip', '--org', 'NCG')
        s.start()
        t = consent(s, ncg, ncg2, A1, 'svip_verzoek')
        status, _, v = ask(s, img, vraag='Wie is de bewonersbegeleider?')
        eq((status, v['grondslag']), (201, 'toestemming'), 'registered on consent')
        eq(s.request('POST', '/api/v1/toestemmingen/%d/intrekking' % t['id'], token=ncg)[0], 200,
           'withdrawn')
        secret = 'A. Jansma, stap 1.2, bijzondere situatie'
        n = s.rows('SELECT (SELECT count(*) FROM logboek), (SELECT count(*) FROM outbox)')[0]
        status, hdrs, p = s.request('POST', '/api/v1/verzoeken/%d/antwoord' % v['id'], token=ncg,
                                    body={'antwoord': secret}, headers={'If-Match': '"1"'})
        eq(status, 422, 'answer refused without a basis')
        if 'problem+json' not in hdrs.get('content-type', '') or 'toestemming' not in p['detail']:
            raise AssertionError('no plain reason: %r' % p)
        for text in (secret, 'A. Jansma', 'Jansma'):
            if text in str(p):
                raise AssertionError('the refusal carries NCG data: %r' % p)
        eq(s.rows('SELECT status, antwoord FROM verzoek WHERE id = ?', v['id']),
           [('open', None)], 'the request stays open, no answer stored')
        eq(s.rows('SELECT (SELECT count(*) FROM logboek), (SELECT count(*) FROM outbox)')[0], n,
           'nothing logged or sent')
        for tok in (img, ncg):
            got = s.request('GET', '/api/v1/verzoeken/%d' % v['id'], token=tok)[2]
            eq((got['status'], got['antwoord']), ('open', None), 'read back: no answer')


@case
def stored_answer_cut_after_consent_withdrawn():
    """Issue 12 / decision 104: an answer given lawfully is read again later; each read is a
    new look at the other body's data: logged with the request's Trace-Id while the basis
    holds, withheld (with the reason) once the consent is withdrawn."""
    with Server(BIN, DATA, extra_args=['--set', 'statutory_gemeenten=1979']) as s:
        img = s.user('svip.img', 'svip', '--org', 'IMG')
        ncg = s.user('svip.ncg', 'svip', '--org', 'NCG')
        ncg2 = s.user('svip.ncg2', 'svip', '--org', 'NCG')
        s.start()
        t = consent(s, ncg, ncg2, A1, 'svip_verzoek')
        v = ask(s, img, vraag='Wie is de bewonersbegeleider?')[2]
        secret = 'A. Jansma, stap 1.2'
        eq(s.request('POST', '/api/v1/verzoeken/%d/antwoord' % v['id'], token=ncg,
                     body={'antwoord': secret})[0], 200, 'answered on consent')
        looks = 'SELECT count(*) FROM logboek WHERE actie = \'inzage\' AND trace_id = ? ' \
                'AND gebruiker = \'svip.img\' AND categorieen LIKE \'traject:%\''
        for url in ('/api/v1/verzoeken/%d' % v['id'], '/api/v1/verzoeken?nummeraanduidingId=' + A1):
            status, hdrs, got = s.request('GET', url, token=img)
            eq(status, 200, url)
            if secret not in str(got):
                raise AssertionError('the answer is not shown with a basis: %r' % got)
            eq(s.rows(looks, hdrs.get('trace-id'))[0][0], 1, 'the look logged: ' + url)
        eq(s.request('POST', '/api/v1/toestemmingen/%d/intrekking' % t['id'], token=ncg)[0], 200,
           'withdrawn')
        n = s.rows('SELECT count(*) FROM logboek')[0][0]
        for url in ('/api/v1/verzoeken/%d' % v['id'], '/api/v1/verzoeken?nummeraanduidingId=' + A1):
            got = s.request('GET', url, token=img)[2]
            item = got['items'][0] if 'items' in got else got
            eq((item['status'], item['antwoord']), ('beantwoord', None), 'withheld: ' + url)
            if 'ingetrokken' not in item.get('weerhouden', ''):
                raise AssertionError('no reason: %r' % item)
            if 'Jansma' in str(got):
                raise AssertionError('NCG data after the withdrawal: %r' % got)
        eq(s.rows('SELECT count(*) FROM logboek')[0][0], n, 'nothing shown, nothing logged')
        # the answering desk still reads its own answer
        eq(s.request('GET', '/api/v1/verzoeken/%d' % v['id'], token=ncg)[2]['antwoord'], secret,
           'the answering desk reads its own answer')


if __name__ == '__main__':
    sys.exit(run_cases())
