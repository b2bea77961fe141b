#!/usr/bin/env python3
"""Deliveries belong to their body (issue 12, item 3; decisions 90-92).

A data steward delivers only their own body's kind (another body's file: 403,
nothing written, the attempt in the processing log); sees only their own
body's deliveries and the BAG addresses (another body's delivery: 404, as an
unknown one); and a full snapshot that would mark more than 5% of its kind's
current records absent is held: nothing applied, the list of what would
become absent as CSV, confirmed by a second steward of the same body (not the
one who delivered it) or withdrawn.

Usage: test_api_leveringen.py PATH_TO_SAMENLOOP DATA_DIR
Prints 'N passed, N failed' last.
"""
import csv
import io
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from api_harness import Server, case, eq, leveringen_map, run_cases, sql  # noqa: E402

BIN = os.path.abspath(sys.argv[1])
DATA = os.path.abspath(sys.argv[2])
SMALL = os.path.join(DATA, 'small')
CSV = {'Content-Type': 'text/csv'}


def rows(db, query, params=()):
    return sql(db, query, params)


def problem(resp, status, what):
    st, hdrs, body = resp
    eq(st, status, what + ': status')
    if not hdrs.get('content-type', '').startswith('application/problem+json'):
        raise AssertionError('%s: not problem+json: %r' % (what, hdrs.get('content-type')))
    return body


def upload(s, token, name, raw):
    return s.request('POST', '/api/v1/leveringen?bestand=' + name, token=token, raw=raw,
                     headers=CSV)


def small(name):
    return open(os.path.join(SMALL, name), 'rb').read()


def one_valid_row_snapshot(bad_rows=400):
    """The issue's "full snapshot": one valid claim row, every other row rejected."""
    lines = small('img_schades.csv').decode('utf-8').splitlines(True)
    out = [lines[0], next(x for x in lines if x.startswith('IMG-001,'))]
    for i in range(bad_rows):  # unknown ids with a phase that does not exist
        out.append('IMG-9%05d,0014200000000001,,,,,fysieke schade,kapot,2021-07-01,'
                   '2021-06-20,nee,nee,,K. Postma,\n' % i)
    return ''.join(out).encode('utf-8')


def log_records(db, what):
    return rows(db, 'SELECT gebruiker, org, categorieen FROM logboek WHERE categorieen LIKE ?',
                ('%' + what + '%',))


def claims_state(db):
    return rows(db, 'SELECT img_id, fase, afwezig, versie FROM schade ORDER BY img_id')


@case
def another_bodys_file_is_refused_and_logged():
    with Server(BIN, DATA) as s:
        ncg = s.user('d.ncg', 'datasteward', '--org', 'NCG')
        img = s.user('d.img', 'datasteward', '--org', 'IMG')
        s.start()
        before_claims, before_trajects = claims_state(s.db), rows(
            s.db, 'SELECT ncg_id, stap, afwezig FROM traject ORDER BY ncg_id')
        n_deliveries = rows(s.db, 'SELECT count(*) FROM levering')[0][0]
        # the issue: an NCG steward's img_schades.csv moved IMG-001 to another phase
        raw = small('img_schades.csv').replace(b'voorbereiding,2021-07-01', b'opname,2021-09-01')
        body = problem(upload(s, ncg, 'img_schades.csv', raw), 403, 'NCG steward, claims')
        if 'IMG' not in body['detail'] or body['errors'][0]['veld'] != 'levering':
            raise AssertionError('reason not named: %r' % body)
        eq(claims_state(s.db), before_claims, 'no claim changed')
        # an IMG steward's NCG file that leaves most trajectories out
        lines = small('ncg_trajecten.csv').splitlines(True)
        body = problem(upload(s, img, 'ncg_trajecten.csv', b''.join(lines[:2])), 403,
                       'IMG steward, trajectories')
        if 'NCG' not in body['detail']:
            raise AssertionError('reason not named: %r' % body)
        eq(rows(s.db, 'SELECT ncg_id, stap, afwezig FROM traject ORDER BY ncg_id'),
           before_trajects, 'no trajectory changed or marked absent')
        eq(rows(s.db, 'SELECT count(*) FROM levering')[0][0], n_deliveries, 'no delivery stored')
        eq(log_records(s.db, 'geweigerd'),
           [('d.ncg', 'NCG', 'levering=img_schades:geweigerd'),
            ('d.img', 'IMG', 'levering=ncg_trajecten:geweigerd')], 'both attempts logged')
        # addresses only by appointment (decision 90)
        problem(upload(s, img, 'bag_adressen.csv', small('bag_adressen.csv')), 403,
                'BAG by a steward not appointed')
        bag = s.user('d.bag', 'datasteward', '--org', 'IMG', '--levert-adressen')
        eq(upload(s, bag, 'bag_adressen.csv', small('bag_adressen.csv'))[0], 201,
           'BAG by an appointed steward')
        eq(upload(s, img, 'img_schades.csv', small('img_schades.csv'))[0], 201,
           'IMG steward, claims')


@case
def each_body_sees_its_own_deliveries_only():
    with Server(BIN, DATA) as s:  # the CLI loaded bag (1), ncg (2), img (3)
        ncg = s.user('d.ncg', 'datasteward', '--org', 'NCG')
        img = s.user('d.img', 'datasteward', '--org', 'IMG')
        s.start()
        kinds = {}
        for who, tok in (('img', img), ('ncg', ncg)):
            st, _, body = s.request('GET', '/api/v1/leveringen', token=tok)
            eq(st, 200, 'list ' + who)
            kinds[who] = sorted(d['soort'] for d in body['items'])
            eq({d['geleverd_door'] for d in body['items']}, {'opdrachtregel'},
               'the CLI recorded as the operator')
        eq(kinds, {'img': ['bag_adressen', 'img_schades'],
                   'ncg': ['bag_adressen', 'ncg_trajecten']}, 'own body and addresses')
        ids = dict(rows(s.db, 'SELECT soort, id FROM levering'))
        for sub in ('afwijzingen', 'afwezig', 'afwijzingen?formaat=csv', 'afwezig?formaat=csv'):
            other = s.request('GET', '/api/v1/leveringen/%d/%s' % (ids['ncg_trajecten'], sub),
                              token=img)
            unknown = s.request('GET', '/api/v1/leveringen/999/%s' % sub, token=img)
            problem(other, 404, "IMG reads NCG's " + sub)
            eq(other[2], unknown[2], 'the same answer as an unknown delivery: ' + sub)
            eq(s.request('GET', '/api/v1/leveringen/%d/%s' % (ids['ncg_trajecten'], sub),
                         token=ncg)[0], 200, 'NCG reads its own ' + sub)
        for action in ('bevestiging', 'intrekking'):
            problem(s.request('POST', '/api/v1/leveringen/%d/%s' % (ids['ncg_trajecten'], action),
                              token=img), 404, 'IMG settles NCG: ' + action)


def hold_one_valid_row(s, token):
    st, hdrs, body = upload(s, token, 'img_schades.csv', one_valid_row_snapshot())
    eq(st, 202, 'the one-valid-row snapshot is held')
    eq((body['aangehouden'], body['wordt_afwezig'], body['huidig'], body['absent']),
       (True, 10, 11, 0), 'held report')
    eq(hdrs['location'], '/api/v1/leveringen/%d/afwezig' % body['levering_id'], 'Location')
    return body['levering_id']


@case
def a_snapshot_marking_too_much_absent_is_held_for_a_second_steward():
    with Server(BIN, DATA) as s:
        first = s.user('d.img', 'datasteward', '--org', 'IMG')
        second = s.user('e.img', 'datasteward', '--org', 'IMG')
        ncg = s.user('d.ncg', 'datasteward', '--org', 'NCG')
        s.start()
        before = claims_state(s.db)
        held = hold_one_valid_row(s, first)
        eq(claims_state(s.db), before, 'nothing applied, nothing marked absent')
        eq(rows(s.db, "SELECT count(*) FROM statushistorie WHERE veld = 'afwezig'"), [(0,)],
           'no absent history')
        kept = os.path.join(leveringen_map(s.db), str(held), 'img_schades.csv')
        eq(os.path.exists(kept), True, 'the held file is kept beside the register')
        st, _, body = s.request('GET', '/api/v1/leveringen', token=first)
        listed = next(d for d in body['items'] if d['id'] == held)
        eq((listed['status'], listed['wordt_afwezig'], listed['huidig'], listed['geleverd_door'],
            listed['afgewezen']), ('aangehouden', 10, 11, 'd.img', 400), 'listed as held')
        st, hdrs, text = s.request('GET', '/api/v1/leveringen/%d/afwezig?formaat=csv' % held,
                                   token=first)
        eq((st, hdrs['content-type'].split(';')[0]), (200, 'text/csv'), 'absent list as CSV')
        expect = sorted(r[0] for r in before if r[0] != 'IMG-001' and not r[2])
        eq(text.splitlines(), ['img_id'] + expect, 'what would become absent')
        eq(s.request('GET', '/api/v1/leveringen/%d/afwijzingen' % held, token=first)[2]['totaal'],
           400, 'its rejects are kept')
        # four eyes: not the one who delivered it, not another body
        body = problem(s.request('POST', '/api/v1/leveringen/%d/bevestiging' % held,
                                 token=first), 403, 'own confirmation')
        if 'vier ogen' not in body['detail']:
            raise AssertionError('reason: %r' % body)
        problem(s.request('POST', '/api/v1/leveringen/%d/bevestiging' % held, token=ncg), 404,
                'NCG confirms IMG')
        eq(claims_state(s.db), before, 'still nothing applied')
        st, _, body = s.request('POST', '/api/v1/leveringen/%d/bevestiging' % held, token=second)
        eq(st, 200, 'a second steward confirms')
        applied = body['id']
        eq((body['bevestigt'], body['afwezig'], body['status'], body['geleverd_door']),
           (held, 10, 'verwerkt', 'd.img'), 'applied by a new delivery')
        eq(sorted(r[0] for r in claims_state(s.db) if r[2]), expect, 'now marked absent')
        eq(rows(s.db, 'SELECT status, afgehandeld_door, toegepast_in FROM levering WHERE id = ?',
                (held,)), [('bevestigd', 'e.img', applied)], 'the held delivery is settled')
        eq(os.path.exists(kept), False, 'the kept file is removed')
        eq(log_records(s.db, 'levering=%d:bevestigd' % held),
           [('e.img', 'IMG', 'levering=%d:bevestigd' % held)], 'the confirmation is logged')
        st, _, text = s.request('GET', '/api/v1/leveringen/%d/afwezig?formaat=csv' % applied,
                                token=second)
        eq(text.splitlines(), ['img_id'] + expect, "the applied delivery's absent records")
        problem(s.request('POST', '/api/v1/leveringen/%d/bevestiging' % held, token=second), 409,
                'confirmed twice')


@case
def a_held_snapshot_can_be_withdrawn():
    with Server(BIN, DATA) as s:
        first = s.user('d.img', 'datasteward', '--org', 'IMG')
        second = s.user('e.img', 'datasteward', '--org', 'IMG')
        ncg = s.user('d.ncg', 'datasteward', '--org', 'NCG')
        s.start()
        before = claims_state(s.db)
        held = hold_one_valid_row(s, first)
        problem(s.request('POST', '/api/v1/leveringen/%d/intrekking' % held, token=ncg), 404,
                'NCG withdraws IMG')
        st, _, body = s.request('POST', '/api/v1/leveringen/%d/intrekking' % held, token=first)
        eq((st, body['status'], body['afgehandeld_door']), (200, 'ingetrokken', 'd.img'),
           'withdrawn by the one who delivered it')
        eq(claims_state(s.db), before, 'nothing applied')
        eq(os.path.exists(os.path.join(leveringen_map(s.db), str(held))), False,
           'the kept file is removed')
        problem(s.request('POST', '/api/v1/leveringen/%d/bevestiging' % held, token=second), 409,
                'a withdrawn delivery cannot be confirmed')


@case
def the_share_is_a_setting():
    with Server(BIN, DATA, extra_args=['--set', 'max_afwezig_procent=100']) as s:
        img = s.user('d.img', 'datasteward', '--org', 'IMG')
        s.start()
        st, _, body = upload(s, img, 'img_schades.csv', one_valid_row_snapshot(3))
        eq((st, body['absent']), (201, 10), '100% never holds')


@case
def the_beheerder_appoints_who_delivers_addresses():
    with Server(BIN, DATA, deliveries=()) as s:
        beheer = s.user('beheer', 'beheerder')
        s.start()
        new = {'naam': 'bron.bag', 'rol': 'datasteward', 'org': 'NCG', 'levert_adressen': True,
               'wachtwoord': 'een-lang-wachtwoord'}
        st, _, body = s.request('POST', '/api/v1/gebruikers', new, token=beheer)
        eq((st, body['levert_adressen'], body['org']), (201, True, 'NCG'), 'appointed')
        st, _, body = s.request('GET', '/api/v1/gebruikers/bron.bag', token=beheer)
        eq(body['levert_adressen'], True, 'shown to the beheerder')
        body = problem(s.request('POST', '/api/v1/gebruikers',
                                 dict(new, naam='plan', rol='planner', org=None), token=beheer),
                       400, 'a planner appointed')
        eq(body['errors'][0]['veld'], 'levert_adressen', 'named at the field')
        body = problem(s.request('POST', '/api/v1/gebruikers',
                                 dict(new, naam='zonder.org', org=None), token=beheer),
                       400, 'a data steward without a body')
        if 'kies een organisatie' not in body['detail']:
            raise AssertionError('reason: %r' % body)
        eq(rows(s.db, "SELECT naam, levert_adressen FROM gebruiker WHERE rol = 'datasteward'"),
           [('bron.bag', 1)], 'only the appointed steward was added')
        # the appointment of an existing steward changes, logged; the steward's token follows
        steward = s.user('bron.img', 'datasteward', '--org', 'IMG')
        problem(upload(s, steward, 'bag_adressen.csv', small('bag_adressen.csv')), 403,
                'not appointed')
        st, _, body = s.request('PUT', '/api/v1/gebruikers/bron.img/adreslevering',
                                {'levert_adressen': True}, token=beheer)
        eq((st, body['levert_adressen']), (200, True), 'appointed later')
        eq(upload(s, steward, 'bag_adressen.csv', small('bag_adressen.csv'))[0], 201,
           'delivers addresses once appointed')
        st, _, body = s.request('PUT', '/api/v1/gebruikers/bron.img/adreslevering',
                                {'levert_adressen': False}, token=beheer)
        eq((st, body['levert_adressen']), (200, False), 'appointment ended')
        problem(upload(s, steward, 'bag_adressen.csv', small('bag_adressen.csv')), 403,
                'no longer appointed')
        eq([r[2] for r in log_records(s.db, 'gebruiker=bron.img:levert')],
           ['gebruiker=bron.img:levert-adressen', 'gebruiker=bron.img:levert-geen-adressen'],
           'both changes logged')
        s.user('plan', 'planner')
        body = problem(s.request('PUT', '/api/v1/gebruikers/plan/adreslevering',
                                 {'levert_adressen': True}, token=beheer), 400, 'a planner')
        eq(body['errors'][0]['veld'], 'levert_adressen', 'named at the field')


# A claims file whose rejected rows hold ';', quotes and a line break (decision 229).
ODD_ROWS = ('IMG-201,0014200000000001,,,,,fysieke schade,"kapot; ""echt""",2021-07-01,'
            '2021-06-20,nee,nee,,K. Postma,',
            'IMG-202,0014200000000001,,,,,fysieke schade,"half\nkapot",2021-07-01,'
            '2021-06-20,nee,nee,,"J. ""Jan"" de Vries",')


def odd_claims():
    head = small('img_schades.csv').decode('utf-8').splitlines(True)[0]
    return (head + '\n'.join(ODD_ROWS) + '\n').encode('utf-8')


def rejects_csv(s, token, did):
    st, hdrs, text = s.request('GET', '/api/v1/leveringen/%d/afwijzingen?formaat=csv' % did,
                               token=token)
    eq((st, hdrs['content-type'].split(';')[0]), (200, 'text/csv'), 'rejects as CSV')
    return text


@case
def the_rejects_carry_the_original_row():
    with Server(BIN, DATA, deliveries=()) as s:
        s.cli('import', os.path.join(SMALL, 'bag_adressen.csv'))
        img = s.user('d.img', 'datasteward', '--org', 'IMG')
        s.start()
        st, _, body = upload(s, img, 'img_schades.csv', odd_claims())
        eq((st, body['rejected']), (201, 2), 'both odd rows rejected')
        eq([r['rij'] for r in body['afwijzingen']], list(ODD_ROWS), 'the upload report has them')
        did = body['levering_id']
        st, _, body = s.request('GET', '/api/v1/leveringen/%d/afwijzingen' % did, token=img)
        eq([(r['regel'], r['rij']) for r in body['items']], [(2, ODD_ROWS[0]), (3, ODD_ROWS[1])],
           'the JSON carries the row as the file has it')
        text = rejects_csv(s, img, did)
        eq(text[:1], '\ufeff', 'a byte order mark')
        got = list(csv.reader(io.StringIO(text[1:], newline=''), delimiter=';'))
        eq(got[0], ['bestand', 'regel', 'kolom', 'reden', 'rij'], 'the columns')
        eq([(r[0], r[1], r[2], r[4]) for r in got[1:]],
           [('img_schades.csv', '2', 'fase', ODD_ROWS[0]),
            ('img_schades.csv', '3', 'fase', ODD_ROWS[1])],
           "';', quotes and the line break survive quoting")


@case
def import_rejects_writes_the_bytes_of_the_download():
    with Server(BIN, DATA, deliveries=()) as s:
        s.cli('import', os.path.join(SMALL, 'bag_adressen.csv'))
        path = os.path.join(s.tmp, 'img_schades.csv')
        with open(path, 'wb') as f:
            f.write(odd_claims())
        out = os.path.join(s.tmp, 'afgewezen.csv')
        s.cli('import', '--rejects', out, path)
        img = s.user('d.img', 'datasteward', '--org', 'IMG')
        s.start()
        did = rows(s.db, "SELECT id FROM levering WHERE soort = 'img_schades'")[0][0]
        with open(out, 'rb') as f:
            written = f.read()
        eq(written, rejects_csv(s, img, did).encode('utf-8'), 'the same bytes as the download')


if __name__ == '__main__':
    sys.exit(run_cases())
