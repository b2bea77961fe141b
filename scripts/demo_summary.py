#!/usr/bin/env python3
"""demo_summary.py SIGNALS_JSON IMPORT_JSON... - what the demo's later deliveries changed.

Reads `samenloop signals list --json` after the last delivery and `samenloop
import --json` of each delivery after the first (oldest first, each in a folder
named by its day; the first load is the baseline and raises none), and prints
the figures in Dutch: per delivery and over the year the new and moved-on
records and the records that left, then the signals by rule and the
combination dossiers opened (rule 1 fires once for each). A record that moved
on in two deliveries counts in both (decision 234).
"""
import collections
import json
import os
import sys

RULES = {
    1: 'nieuw combinatiedossier',
    2: 'nieuwe schademelding in de werkvoorraad van NCG',
    3: 'gezamenlijke opname mogelijk',
    4: 'standaardcheck bij stap 4.1',
    5: 'AOS gegrond',
    6: 'urgent combinatiedossier',
    7: 'schade gevonden door de aannemer',
}

# (label, kind, key) per column
COLUMNS = (
    ('nieuwe schademeldingen', 'img_schades', 'nieuw'),
    ('schademeldingen verder', 'img_schades', 'gewijzigd'),
    ('trajecten verder', 'ncg_trajecten', 'gewijzigd'),
    ('nieuwe adressen', 'bag_adressen', 'nieuw'),
    ('vertrokken adressen', 'bag_adressen', 'absent'),
    ('vertrokken trajecten', 'ncg_trajecten', 'absent'),
    ('vertrokken schademeldingen', 'img_schades', 'absent'),
)


def delivery(path):
    """The delivery's day (its folder's name) and its files by kind."""
    with open(path, encoding='utf-8') as f:
        files = {r['kind']: r for r in json.load(f)['files']}
    return os.path.basename(os.path.dirname(os.path.abspath(path))), files


def main(signals_json, *import_jsons):
    with open(signals_json, encoding='utf-8') as f:
        rules = collections.Counter(s['regel'] for s in json.load(f))
    deliveries = [delivery(p) for p in import_jsons]
    days = [d for d, _ in deliveries]
    print('Wat de leveringen na de eerste veranderden (%s):' % ', '.join(days))
    print('  %-28s %s %8s' % ('', ' '.join('%10s' % d for d in days), 'samen'))
    for label, kind, key in COLUMNS:
        per = [files.get(kind, {}).get(key, 0) for _, files in deliveries]
        print('  %-28s %s %8d' % (label + ':', ' '.join('%10d' % n for n in per), sum(per)))
    print('  %-28s %10d' % ('combinatiedossiers geopend:', rules.get(1, 0)))
    print('  signalen per regel:')
    for rule in sorted(rules):
        print('    regel %d (%s): %d' % (rule, RULES.get(rule, '?'), rules[rule]))
    held = sorted({'%s (%s)' % (k, day) for day, files in deliveries
                   for k, r in files.items() if r.get('aangehouden')})
    if held:
        print('  LET OP: aangehouden tot een tweede datasteward bevestigt: ' + ', '.join(held))
    return 0


if __name__ == '__main__':
    if len(sys.argv) < 3:
        sys.stderr.write('usage: demo_summary.py SIGNALS_JSON IMPORT_JSON...\n')
        sys.exit(2)
    sys.exit(main(*sys.argv[1:]))
