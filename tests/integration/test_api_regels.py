#!/usr/bin/env python3
"""The beheerder's rule tables over HTTP (issue 17, decision 203): the matrix's
versions with who published them when and why; one version read; a preview of
a draft that says which addresses would change group and writes nothing; a bad
draft refused with every faulty cell named and nothing changed; publishing with
If-Match making a new version in force that re-classifies the register in the
same transaction as its processing-log record; a stale If-Match refused with
nothing changed; nobody but the beheerder reading or changing the rules.

Usage: test_api_regels.py PATH_TO_SAMENLOOP DATA_DIR  (either store)
Prints 'N passed, N failed'.
"""
import json
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from api_harness import Server, case, eq, run_cases  # noqa: E402

BIN = os.path.abspath(sys.argv[1])
DATA = os.path.abspath(sys.argv[2])
BASE = '/api/v1/regelsets/matrix'


def cells_with(cellen, stap, fase, groep):
    """The table with one cell changed."""
    return [dict(c, groep=groep) if (c['stap'], c['fase']) == (stap, fase) else c
            for c in cellen]


def velden(body):
    return [e['veld'] for e in (body or {}).get('errors', [])]


def snapshot(s):
    """What a refused or previewed draft must leave alone."""
    return (s.rows('SELECT nummeraanduiding_id, groep, matrixversie FROM classificatie'
                   ' ORDER BY nummeraanduiding_id'),
            s.rows('SELECT soort, versie, actief FROM regelset ORDER BY soort, versie'),
            s.rows('SELECT count(*) FROM matrixregel'),
            s.rows("SELECT count(*) FROM logboek WHERE categorieen LIKE 'regels:%'"))


def group_b_address(s):
    return s.rows("SELECT nummeraanduiding_id FROM classificatie WHERE stap = '2.1'"
                  " AND fase = 'opname' AND groep = 'B'")[0][0]


@case
def versions_and_one_version():
    with Server(BIN, DATA) as s:
        b = s.user('r.beheer', 'beheerder')
        s.start()
        status, h, v = s.request('GET', BASE, token=b)
        eq((status, h.get('etag'), v['actueleVersie']), (200, '"1"', 1), 'version 1 in force')
        eq([(x['versie'], x['actief'], x['door']) for x in v['versies']], [(1, True, None)],
           'the seeded version, by samenloop itself')
        eq(bool(v['versies'][0]['reden']) and bool(v['versies'][0]['gepubliceerdOp']), True,
           'why and when')
        status, h, m = s.request('GET', BASE + '/versies/1', token=b)
        eq((status, h.get('etag'), len(m['cellen'])), (200, '"1"', 28), '7 steps x 4 phases')
        eq([c['groep'] for c in m['cellen'] if (c['stap'], c['fase']) == ('2.1', 'opname')],
           ['B'], 'the specification\'s cell')
        eq(s.request('GET', BASE + '/versies/9', token=b)[0], 404, 'no version 9')
        eq(s.request('GET', '/api/v1/regelsets/onzin', token=b)[0], 404, 'no such rule table')


@case
def preview_writes_nothing():
    with Server(BIN, DATA) as s:
        b = s.user('r.beheer', 'beheerder')
        s.start()
        cellen = s.request('GET', BASE + '/versies/1', token=b)[2]['cellen']
        addr = group_b_address(s)
        before = snapshot(s)
        status, _, p = s.request('POST', BASE + '/voorvertoningen', token=b,
                                 body={'cellen': cells_with(cellen, '2.1', 'opname', 'F')})
        eq(status, 200, 'previewed')
        eq(p['adressenGewijzigd'], 1, 'one address would change group')
        eq([(o['van'], o['naar'], o['aantal'], o['voorbeelden']) for o in p['overgangen']],
           [('B', 'F', 1, ['%016d' % addr])], 'from B to F, with the address as example')
        eq(p['gewijzigdeCellen'], [{'stap': '2.1', 'fase': 'opname', 'van': 'B', 'naar': 'F'}],
           'the cell that differs')
        eq(snapshot(s), before, 'the preview wrote nothing')


@case
def bad_draft_names_every_fault():
    with Server(BIN, DATA) as s:
        b = s.user('r.beheer', 'beheerder')
        s.start()
        cellen = s.request('GET', BASE + '/versies/1', token=b)[2]['cellen']
        bad = [dict(c) for c in cellen]
        bad[0]['stap'] = '9.9'
        bad[1]['fase'] = 'bezwaar'
        bad[2]['groep'] = 'G'
        before = snapshot(s)
        status, h, e = s.request('POST', BASE + '/versies', token=b, headers={'If-Match': '"1"'},
                                 body={'reden': '', 'cellen': bad})
        eq(status, 400, 'refused')
        eq(h.get('content-type', '').startswith('application/problem+json'), True,
           'problem+json')
        eq(velden(e), ['cellen[0].stap', 'cellen[1].fase', 'cellen[2].groep', 'reden'],
           'every fault at its field at once')
        status, _, e = s.request('POST', BASE + '/voorvertoningen', token=b,
                                 body={'cellen': cellen[:-1]})
        eq((status, velden(e)), (400, ['cellen']), 'a missing cell')
        eq('5.2 met fase beschikking' in e['errors'][0]['reden'], True, 'named by step and phase')
        eq(snapshot(s), before, 'nothing changed')


@case
def publish_reclassifies_and_stale_if_match_is_refused():
    with Server(BIN, DATA) as s:
        b = s.user('r.beheer', 'beheerder')
        b2 = s.user('t.beheer', 'beheerder')
        s.start()
        cellen = s.request('GET', BASE + '/versies/1', token=b)[2]['cellen']
        addr = group_b_address(s)
        draft = cells_with(cellen, '2.1', 'opname', 'F')
        eq(s.request('POST', BASE + '/versies', token=b, body={'reden': 'x', 'cellen': draft})[0],
           428, 'If-Match is required')
        status, h, r = s.request('POST', BASE + '/versies', token=b, headers={'If-Match': '"1"'},
                                 body={'reden': 'Groep F bij opname in 2.1 (proef)',
                                       'cellen': draft})
        eq((status, r['versie']), (201, 2), 'version 2')
        eq(r['herberekend'], s.rows('SELECT count(*) FROM classificatie')[0][0],
           'every classification now names the version that produced it')
        eq((h.get('location'), h.get('etag')), (BASE + '/versies/2', '"2"'), 'Location, ETag')
        eq(s.rows('SELECT groep, matrixversie FROM classificatie WHERE nummeraanduiding_id = ?',
                  addr), [('F', 2)], 're-classified with version 2')
        eq(s.rows("SELECT van, naar, gebruiker FROM statushistorie WHERE veld = 'groep'"
                  " AND sleutel = ? AND gebruiker IS NOT NULL", '%016d' % addr),
           [('B', 'F', 'r.beheer')],
           'the change is history, by the beheerder')
        eq(s.rows("SELECT gebruiker, actie FROM logboek WHERE categorieen = 'regels:matrix'"),
           [('r.beheer', 'wijziging')], 'one processing-log record')
        v = s.request('GET', BASE, token=b)[2]
        eq([(x['versie'], x['actief'], x['door'], x['reden']) for x in v['versies']],
           [(2, True, 'r.beheer', 'Groep F bij opname in 2.1 (proef)'),
            (1, False, None, 'Samenwerkingsmatrix, standaard uit de specificatie')],
           'the history of versions, newest first')
        status, _, old = s.request('GET', BASE + '/versies/1', token=b)
        eq((status, old['actief']), (200, False), 'the old version is still readable')
        before = snapshot(s)
        status, _, e = s.request('POST', BASE + '/versies', token=b2,
                                 headers={'If-Match': '"1"'},
                                 body={'reden': 'tegelijk', 'cellen': cellen})
        eq(status, 412, 'a second beheerder with the old version is refused')
        eq('versie 2' in e.get('detail', ''), True, 'and told which version is in force')
        eq(snapshot(s), before, 'and changed nothing')


@case
def only_the_beheerder():
    with Server(BIN, DATA) as s:
        b = s.user('r.beheer', 'beheerder')
        zb = s.user('k.postma', 'zaakbegeleider', '--org', 'IMG')
        svip = s.user('s.desk', 'svip', '--org', 'IMG')
        s.start()
        cellen = s.request('GET', BASE + '/versies/1', token=b)[2]['cellen']
        for who, tok in (('zaakbegeleider', zb), ('svip', svip)):
            eq(s.request('GET', BASE, token=tok)[0], 403, who + ' reads no versions')
            eq(s.request('GET', BASE + '/versies/1', token=tok)[0], 403, who + ' reads no table')
            eq(s.request('POST', BASE + '/voorvertoningen', token=tok,
                         body={'cellen': cellen})[0], 403, who + ' previews nothing')
            eq(s.request('POST', BASE + '/versies', token=tok, headers={'If-Match': '"1"'},
                         body={'reden': 'x', 'cellen': cellen})[0], 403, who + ' publishes nothing')
        eq(s.request('GET', BASE)[0], 401, 'nobody without an account')
        eq(s.rows('SELECT count(*) FROM regelset WHERE soort = ?', 'matrix'), [(1,)],
           'still one version')


SIGNALEN = '/api/v1/regelsets/signaal'


@case
def signal_rules_preview_publish_and_faults():
    with Server(BIN, DATA, deliveries=('small', 'small2')) as s:
        b = s.user('r.beheer', 'beheerder')
        s.start()
        status, h, v = s.request('GET', SIGNALEN, token=b)
        eq((status, h.get('etag'), [x['versie'] for x in v['versies']]), (200, '"1"', [1]),
           'the seeded signal rules')
        regels = s.request('GET', SIGNALEN + '/versies/1', token=b)[2]['regels']
        eq(regels[0]['regel'], 1, 'rule 1 first')
        open_rule_1 = s.rows("SELECT count(*) FROM signaal WHERE regel = 1 AND status = 'open'")
        eq(open_rule_1, [(1,)], 'the fixture has an open rule-1 signal')
        # rule 1 only for addresses without claims: its open signal no longer stands
        draft = [dict(r) for r in regels]
        draft[0]['conditie'] = 'zonder_schades'
        before = snapshot(s) + (s.rows('SELECT id, status FROM signaal ORDER BY id'),)
        status, _, p = s.request('POST', SIGNALEN + '/voorvertoningen', token=b,
                                 body={'regels': draft})
        eq(status, 200, 'previewed')
        eq([(r['regel'], r['wijzigingen'], r['openSignalen'], r['teSluiten'])
            for r in p['regels'] if r['wijzigingen'] or r['teSluiten']],
           [(1, ['conditie'], 1, 1)], 'rule 1 changes, its open signal would close')
        eq(snapshot(s) + (s.rows('SELECT id, status FROM signaal ORDER BY id'),), before,
           'the preview wrote nothing')
        bad = [dict(r) for r in regels]
        bad[0]['trigger'] = 'onzin'
        bad[1]['termijnDagen'] = -3
        bad[2]['aan'] = ['iemand']
        bad[3]['tekst'] = ''
        status, _, e = s.request('POST', SIGNALEN + '/versies', token=b,
                                 headers={'If-Match': '"1"'}, body={'reden': 'x', 'regels': bad})
        eq((status, velden(e)), (400, ['regels[0].trigger', 'regels[1].termijnDagen',
                                       'regels[2].aan', 'regels[3].tekst']),
           'every fault at its field')
        eq(snapshot(s) + (s.rows('SELECT id, status FROM signaal ORDER BY id'),), before,
           'a bad draft changed nothing')
        status, h, r = s.request('POST', SIGNALEN + '/versies', token=b,
                                 headers={'If-Match': '"1"'},
                                 body={'reden': 'Regel 1 alleen zonder schades (proef)',
                                       'regels': draft})
        eq((status, r['versie'], r['herberekend']), (201, 2, 1), 'version 2; one signal closed')
        eq(s.rows("SELECT status, regelversie FROM signaal WHERE regel = 1"),
           [('afgerond', 1)], 'closed by the system, still naming the version that raised it')
        eq(s.rows("SELECT count(*) FROM logboek WHERE categorieen = 'regels:signaal'"), [(1,)],
           'one processing-log record for the publication')
        eq(s.request('POST', SIGNALEN + '/versies', token=b, headers={'If-Match': '"1"'},
                     body={'reden': 'x', 'regels': regels})[0], 412, 'stale If-Match')
        eq(s.request('GET', SIGNALEN + '/versies/2', token=b)[2]['regels'][0]['conditie'],
           'zonder_schades', 'version 2 holds the change')


@case
def the_cli_uses_the_same_service():
    with Server(BIN, DATA) as s:
        s.user('r.beheer', 'beheerder')
        s.user('k.postma', 'zaakbegeleider', '--org', 'IMG')
        m = json.loads(s.cli('regels', 'show', '--soort', 'matrix', '--versie', '1',
                             '--by', 'r.beheer').stdout)
        concept = os.path.join(tempfile.mkdtemp(), 'concept.json')
        with open(concept, 'w') as f:
            json.dump({'cellen': cells_with(m['cellen'], '2.1', 'opname', 'F')}, f)
        p = json.loads(s.cli('regels', 'preview', '--soort', 'matrix', '--file', concept,
                             '--by', 'r.beheer').stdout)
        eq(p['adressenGewijzigd'], 1, 'preview from a file')
        p = s.cli('regels', 'publish', '--soort', 'matrix', '--file', concept, '--versie', '1',
                  '--reden', 'proef', '--by', 'k.postma', check=False)
        eq(p.returncode, 1, 'only a beheerder publishes')
        p = s.cli('regels', 'publish', '--soort', 'matrix', '--file', concept, '--versie', '1',
                  '--by', 'r.beheer', check=False)
        eq((p.returncode, 'reden:' in p.stderr), (2, True), 'a reason is required, named')
        p = json.loads(s.cli('regels', 'publish', '--soort', 'matrix', '--file', concept,
                             '--versie', '1', '--reden', 'proef', '--by', 'r.beheer').stdout)
        eq(p['versie'], 2, 'published')
        p = s.cli('regels', 'publish', '--soort', 'matrix', '--file', concept, '--versie', '1',
                  '--reden', 'nog eens', '--by', 'r.beheer', check=False)
        eq((p.returncode, 'versie 2' in p.stderr), (1, True), 'stale version refused')
        v = json.loads(s.cli('regels', 'list', '--soort', 'matrix', '--by', 'r.beheer').stdout)
        eq([(x['versie'], x['door']) for x in v['versies']], [(2, 'r.beheer'), (1, None)],
           'the history')


TERMIJN = '/api/v1/regelsets/termijn'


def term_draft(definities, soort, **fields):
    """The table with fields of one kind replaced."""
    return [dict(d, **fields) if d['soort'] == soort else d for d in definities]


def term_snapshot(s):
    return (s.rows('SELECT versie, actief FROM termijnregelset ORDER BY versie'),
            s.rows('SELECT count(*) FROM termijndefinitie'),
            s.rows("SELECT count(*) FROM logboek WHERE categorieen LIKE 'regels:%'"))


@case
def term_table_versions_preview_and_publish():
    with Server(BIN, DATA) as s:
        b = s.user('r.beheer', 'beheerder')
        zb = s.user('k.postma', 'zaakbegeleider', '--org', 'IMG')
        s.start()
        eq(s.request('GET', TERMIJN, token=zb)[0], 403, 'only the beheerder')
        status, h, v = s.request('GET', TERMIJN, token=b)
        eq((status, h.get('etag'), [(x['versie'], x['actief'], x['door']) for x in v['versies']]),
           (200, '"1"', [(1, True, None)]), 'the shipped table is version 1')
        status, h, t = s.request('GET', TERMIJN + '/versies/1', token=b)
        eq((status, t['soort'], len(t['definities'])), (200, 'termijn', 8), 'one version read')
        defs = t['definities']
        before = term_snapshot(s)
        status, _, p = s.request('POST', TERMIJN + '/voorvertoningen', token=b,
                                 body={'definities': term_draft(defs, 'img_beslistermijn',
                                                                lengte=3650)})
        eq(status, 200, 'previewed')
        eq(p['termijnenGewijzigd'] > 0 and p['overgangen'][0]['termijnsoort'],
           'img_beslistermijn', 'terms that would change status, per kind')
        status, _, p = s.request('POST', TERMIJN + '/voorvertoningen', token=b,
                                 body={'definities': term_draft(defs, 'ncg_stap_2_1',
                                                                aanname=False)})
        eq(p['gaanGedateerdWorden'], ['ncg_stap_2_1'], 'a kind that starts being dated')
        eq(term_snapshot(s), before, 'the preview wrote nothing')
        good = {'reden': 'IMG beslist binnen tien jaar (test)',
                'definities': term_draft(defs, 'img_beslistermijn', lengte=3650)}
        eq(s.request('POST', TERMIJN + '/versies', token=b, body=good)[0], 428,
           'If-Match is required')
        eq(s.request('POST', TERMIJN + '/versies', token=b, body=good,
                     headers={'If-Match': '"5"'})[0], 412, 'a stale version is refused')
        bad = term_draft(defs, 'img_beslistermijn', lengte=0, eenheid='jaren',
                         verantwoordelijke='gemeente')
        bad = term_draft(bad, 'awb_bezwaartermijn', start_gebeurtenis='ergens',
                         waarschuwing_dagen=60)
        status, _, e = s.request('POST', TERMIJN + '/versies', token=b,
                                 headers={'If-Match': '"1"'},
                                 body={'reden': 'fout', 'definities': bad})
        eq((status, sorted(velden(e))),
           (400, ['definities[0].eenheid', 'definities[0].lengte',
                  'definities[0].verantwoordelijke', 'definities[1].start_gebeurtenis',
                  'definities[1].waarschuwing_dagen']), 'every bad cell named')
        eq(term_snapshot(s), before, 'a refused draft changed nothing')
        status, h, r = s.request('POST', TERMIJN + '/versies', token=b, body=good,
                                 headers={'If-Match': '"1"'})
        eq((status, r['versie'], h.get('location')), (201, 2, TERMIJN + '/versies/2'),
           'published')
        v = s.request('GET', TERMIJN, token=b)[2]
        eq([(x['versie'], x['actief'], x['door']) for x in v['versies']],
           [(2, True, 'r.beheer'), (1, False, None)], 'who published, the history')
        eq(s.request('GET', '/api/v1/termijndefinities', token=b)[2]['versie'], 2,
           'the term table in force is the published one')
        eq(s.rows("SELECT count(*) FROM logboek WHERE categorieen = 'regels:termijn'"), [(1,)],
           'one processing-log record')


@case
def old_term_route_goes_through_the_same_path():
    with Server(BIN, DATA) as s:
        b = s.user('r.beheer', 'beheerder')
        s.start()
        defs = s.request('GET', TERMIJN + '/versies/1', token=b)[2]['definities']
        status, h, r = s.request('POST', '/api/v1/termijndefinities', token=b,
                                 body={'omschrijving': 'langer (oude route)',
                                       'definities': term_draft(defs, 'img_beslistermijn',
                                                                lengte=200)})
        eq((status, r['versie']), (201, 2), 'published through the old route')
        eq((h.get('deprecation'), bool(h.get('sunset')),
            'successor-version' in (h.get('link') or '')), ('@1796601600', True, True),
           'announced as deprecated, with its successor')
        v = s.request('GET', TERMIJN, token=b)[2]
        eq((v['actueleVersie'], v['versies'][0]['reden']), (2, 'langer (oude route)'),
           'the same versions')
        status, _, e = s.request('POST', '/api/v1/termijndefinities', token=b,
                                 body={'omschrijving': 'fout',
                                       'definities': term_draft(defs, 'img_beslistermijn',
                                                                lengte=-1)})
        eq(status, 400, 'a bad table is refused there too')


if __name__ == '__main__':
    run_cases()
