#!/usr/bin/env python3
"""demo_summary.py IMPORT_JSON SIGNALS_JSON - what the demo's second load changed.

Reads `samenloop import --json` of the later delivery and `samenloop signals list
--json` right after it (the first load is the baseline and raises none), and
prints the figures in Dutch: new and moved-on records, records that left,
signals by rule and the combination dossiers opened (rule 1 fires once for each).
"""
import collections
import json
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


def main(import_json, signals_json):
    with open(import_json, encoding='utf-8') as f:
        files = {r['kind']: r for r in json.load(f)['files']}
    with open(signals_json, encoding='utf-8') as f:
        rules = collections.Counter(s['regel'] for s in json.load(f))
    bag, ncg, img = (files.get(k, {}) for k in ('bag_adressen', 'ncg_trajecten', 'img_schades'))
    held = [k for k, r in files.items() if r.get('aangehouden')]
    print('Wat de tweede levering (een jaar later) veranderde:')
    print('  nieuwe schademeldingen:        %6d' % img.get('nieuw', 0))
    print('  schademeldingen verder:        %6d' % img.get('gewijzigd', 0))
    print('  trajecten verder:              %6d' % ncg.get('gewijzigd', 0))
    print('  nieuwe adressen:               %6d' % bag.get('nieuw', 0))
    print('  vertrokken (afwezig): %d adressen, %d trajecten, %d schademeldingen'
          % (bag.get('absent', 0), ncg.get('absent', 0), img.get('absent', 0)))
    print('  combinatiedossiers geopend:    %6d' % rules.get(1, 0))
    print('  signalen per regel:')
    for rule in sorted(rules):
        print('    regel %d (%s): %d' % (rule, RULES.get(rule, '?'), rules[rule]))
    if held:
        print('  LET OP: aangehouden tot een tweede datasteward bevestigt: ' + ', '.join(held))
    return 0


if __name__ == '__main__':
    sys.exit(main(*sys.argv[1:3]))
