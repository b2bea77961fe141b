#!/usr/bin/env python3
"""GET /api/v1/begrippen over HTTP: the register's vocabulary (issue 17, decisions
236-238). Public, every list in its fixed order with a name for every code, the codes
the other routes write all named, a strong ETag with a 304, cached briefly while every
other answer stays no-store, the shape as OpenAPI says, the CLI's table printing the
same names, and web/src/labels.js holding none of the words that moved to the core.

Usage: test_api_begrippen.py PATH_TO_SAMENLOOP DATA_DIR SOURCE_ROOT
Prints 'N passed, N failed'.
"""
import gzip
import http.client
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from api_harness import Server, case, eq, load_openapi, run_cases  # noqa: E402

BIN = os.path.abspath(sys.argv[1])
DATA = os.path.abspath(sys.argv[2])
ROOT = os.path.abspath(sys.argv[3])
PATH = '/api/v1/begrippen'
LISTS = ['rollen', 'potentieel', 'groepen', 'fasen', 'stappen', 'regelingen', 'samenwerking',
         'grondslagen', 'signaalstatussen', 'regels', 'gemeenten', 'elementen',
         'elementstatussen', 'termijnsoorten', 'termijnstatussen', 'escalatiestatussen',
         'escalatieaanleidingen', 'planredenen', 'termen', 'verzoektypen', 'verzoekstatussen',
         'doelen', 'samenwerking_bewoner', 'doelen_bewoner', 'grondslagen_bewoner',
         'keuzes']

_server = None


def server():
    """One server for the read-only cases (the vocabulary does not depend on the data)."""
    global _server
    if _server is None:
        _server = Server(BIN, DATA)
        _server.token_mgmt = _server.user('m.dijkstra', 'management')
        _server.start()
    return _server


def vocabulary():
    status, hdrs, body = server().request('GET', PATH)
    eq(status, 200, 'GET ' + PATH)
    return hdrs, body


def names(body, lijst):
    return {b['code']: b['naam'] for b in body[lijst]}


@case
def anyone_reads_it_without_logging_in():
    hdrs, body = vocabulary()
    eq(hdrs.get('content-type'), 'application/json', 'content type')
    eq(list(body.keys()), LISTS, 'every list, in the fixed order')
    for lijst in LISTS:
        if not body[lijst]:
            raise AssertionError('%s is empty' % lijst)
        codes = [b['code'] for b in body[lijst]]
        eq(len(codes), len(set(codes)), '%s: each code once' % lijst)
        for b in body[lijst]:
            eq(set(b) <= {'code', 'naam', 'uitleg'}, True, '%s: fields of %r' % (lijst, b))
            if not b['naam'].strip() or ('uitleg' in b and not b['uitleg'].strip()):
                raise AssertionError('%s.%s: a blank word' % (lijst, b['code']))


@case
def steps_and_phases_in_process_order_with_their_names():
    _, body = vocabulary()
    eq([b['code'] for b in body['stappen']],
       ['1.2', '2.1', '3.1', '4.1', '4.2', '5.1', '5.2', 'opgeleverd', 'geen versterking'],
       'steps in process order')
    eq(names(body, 'stappen')['3.1'], 'Beoordeling', 'one name for step 3.1 (decision 218)')
    eq([b['code'] for b in body['fasen']],
       ['voorbereiding', 'opname', 'zienswijze', 'beschikking', 'afgehandeld'], 'phases')
    pot = {b['code']: b for b in body['potentieel']}
    eq(pot['beide_lopend']['naam'], 'Beide lopend', 'potential named')
    if 'samenwerken' not in pot['beide_lopend']['uitleg']:
        raise AssertionError('potential explained: %r' % pot['beide_lopend'])
    eq(names(body, 'gemeenten')['0014'], 'Groningen', 'municipality by its code')
    eq(names(body, 'regels')['1'], 'Nieuwe samenloop', 'rule by its number')
    if not {'HRA', 'VBS', 'AOS', 'AMvB', 'typologie'} <= set(names(body, 'termen')):
        raise AssertionError('terms: %r' % names(body, 'termen'))


@case
def every_code_the_figures_write_has_a_name():
    _, body = vocabulary()
    s = server()
    status, _, stats = s.request('GET', '/api/v1/statistieken', token=s.token_mgmt)
    eq(status, 200, 'statistieken')
    eq(set(stats['potentieel']) - set(names(body, 'potentieel')), set(), 'potential codes')
    eq(set(stats['matrix']) - set(names(body, 'stappen')), set(), 'step codes')
    for stap, row in stats['matrix'].items():
        eq(set(row) - set(names(body, 'fasen')), set(), 'phase codes of ' + stap)
    eq(set(stats['groepen']) - set(names(body, 'groepen')), set(), 'group codes')
    imported = {r[0] for r in s.rows('SELECT DISTINCT regeling FROM schade')}
    eq(imported - set(names(body, 'regelingen')) - {None, ''}, set(), 'regelingen')


@case
def a_strong_etag_answers_304_and_the_browser_may_keep_it_briefly():
    hdrs, _ = vocabulary()
    tag = hdrs.get('etag', '')
    if not re.fullmatch(r'"[0-9a-f]{16}"', tag):
        raise AssertionError('a strong ETag: %r' % tag)
    eq(vocabulary()[0]['etag'], tag, 'the same tag for the same words')
    eq(hdrs.get('cache-control'), 'public, max-age=300', 'Cache-Control')
    s = server()
    status, h304, body = s.request('GET', PATH, headers={'If-None-Match': tag})
    eq((status, body), (304, ''), 'If-None-Match with the tag: 304 without a body')
    eq(h304.get('etag'), tag, '304 repeats the tag')
    status, _, _ = s.request('GET', PATH, headers={'If-None-Match': '"0000000000000000"'})
    eq(status, 200, 'another tag: the words again')
    # every other answer is still not kept
    status, other, _ = s.request('GET', '/api/v1/statistieken', token=s.token_mgmt)
    eq((status, other.get('cache-control')), (200, 'no-store'), 'statistieken not cached')


@case
def the_gzip_coding_is_the_same_vocabulary_with_its_own_tag():
    s = server()
    conn = http.client.HTTPConnection('127.0.0.1', s.port, timeout=30)
    conn.request('GET', PATH, headers={'Accept-Encoding': 'gzip'})
    r = conn.getresponse()
    data = json.loads(gzip.decompress(r.read()))
    conn.close()
    eq((r.status, r.getheader('Content-Encoding'), r.getheader('Vary')),
       (200, 'gzip', 'Accept-Encoding'), 'gzipped')
    hdrs, body = vocabulary()
    eq(data, body, 'gzip body')
    # a coding is its own representation: its own strong tag (RFC 9110 §8.8.3)
    eq(r.getheader('ETag'), hdrs['etag'][:-1] + '-gzip"', 'the gzip tag')


@case
def the_answer_has_the_shape_openapi_gives():
    spec = load_openapi(ROOT)
    op = spec['paths']['/api/v1/begrippen']['get']
    eq(op.get('security'), [], 'public in OpenAPI')
    schema = spec['components']['schemas']['Begrippen']
    _, body = vocabulary()
    eq(sorted(schema['required']), sorted(body.keys()), 'the lists OpenAPI names')
    eq(spec['components']['schemas']['Begrip']['required'], ['code', 'naam'], 'an entry')


@case
def the_cli_table_prints_the_same_names():
    _, body = vocabulary()
    table = server().cli('stats').stdout
    steps = names(body, 'stappen')
    for code in ('1.2', '2.1', '3.1', '4.1', '4.2', '5.1', '5.2'):
        if '%s %s' % (code, steps[code]) not in table:
            raise AssertionError('step %s unnamed in: %s' % (code, table))
    for b in body['fasen'][:4] + body['potentieel'] + body['groepen']:
        if b['naam'] not in table:
            raise AssertionError('%s unnamed in: %s' % (b['code'], table))
    lead = server().cli('stats', '--doorlooptijden').stdout
    if '3.1 Beoordeling' not in lead or 'Zienswijze' not in lead:
        raise AssertionError('lead times unnamed: %s' % lead)


@case
def labels_js_holds_none_of_the_words_that_moved():
    """The words live in the core only: a string literal in labels.js equal to a name or
    an explanation the API serves means the two can drift apart again."""
    _, body = vocabulary()
    with open(os.path.join(ROOT, 'web', 'src', 'labels.js'), encoding='utf-8') as f:
        src = f.read()
    literals = set(re.findall(r"'((?:[^'\\]|\\.)*)'", src)) | set(re.findall(r'`([^`$]*)`', src))
    words = {b['naam'] for lijst in LISTS for b in body[lijst]
             if b['naam'] != b['code']} | {b['uitleg'] for lijst in LISTS
                                           for b in body[lijst] if 'uitleg' in b}
    eq(sorted(literals & words), [], 'words still in labels.js')
    for export in ('STAP_NAMEN', 'STAPPEN', 'STAP_VOLGORDE', 'POTENTIEEL', 'GROEPEN', 'FASEN',
                   'REGELS', 'GEMEENTEN', 'ROLES', 'BEGRIPPEN'):
        if not re.search(r'export const %s\b' % export, src):
            raise AssertionError('labels.js lost its export %s' % export)


def js_sources(*parts):
    """Every .js file under web/src/<parts>, as (path relative to web/src, text)."""
    top = os.path.join(ROOT, 'web', 'src')
    for d, _, files in os.walk(os.path.join(top, *parts)):
        for name in sorted(files):
            if name.endswith('.js'):
                with open(os.path.join(d, name), encoding='utf-8') as f:
                    yield os.path.relpath(os.path.join(d, name), top), f.read()


def string_literals(src):
    return set(re.findall(r"'((?:[^'\\]|\\.)*)'", src)) | set(re.findall(r'`([^`$]*)`', src))


@case
def no_screen_keeps_its_own_copy_of_the_words():
    """A name of more than one word or an explanation the API serves, written again in a
    web module other than labels.js, can drift from the core's; one-word names ("Open",
    "Gemeente") are everyday words a heading may use. And no screen keeps a map from one
    list's codes to words of its own (decision 253: a resident's wording is a list of
    the vocabulary too, `samenwerking_bewoner`)."""
    _, body = vocabulary()
    words = {b['naam'] for lijst in LISTS for b in body[lijst]
             if b['naam'] != b['code'] and ' ' in b['naam']} | {
                 b['uitleg'] for lijst in LISTS for b in body[lijst] if 'uitleg' in b}
    found = {path: sorted(string_literals(src) & words)
             for path, src in js_sources() if path != 'labels.js'}
    eq({p: w for p, w in found.items() if w}, {}, 'vocabulary words outside labels.js')
    codes = {lijst: {b['code'] for b in body[lijst]} for lijst in LISTS}
    copies = []
    for path, src in js_sources('screens'):
        for name, inner in re.findall(r'(?:const|let)\s+(\w+)\s*=\s*\{\n(.*?)\n\};', src, re.S):
            entries = re.findall(r"^\s+(?:'([^']+)'|(\w+))\s*:\s*(.*?),?$", inner, re.M)
            keys = {a or b for a, b, _ in entries}
            words_only = all(re.fullmatch(r"'[^'/][^']*'|`[^`]*`", v.strip()) for _, _, v in entries)
            for lijst, known in codes.items():
                if len(keys) >= 2 and keys <= known and words_only and not all(k.isdigit() for k in keys):
                    copies.append('%s %s (%s)' % (path, name, lijst))
    eq(copies, [], 'screens with their own words for a list of codes')


if __name__ == '__main__':
    try:
        rc = run_cases()
    finally:
        if _server:
            _server.__exit__(None, None, None)
    sys.exit(rc)
