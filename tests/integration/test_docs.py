#!/usr/bin/env python3
"""The docs stand on their own, and `make run` serves without building the tests (issue 17).

Usage: test_docs.py SOURCE_ROOT

A clone has no ../shared/ folder beside it: README.md and docs/ must not point there.
`make run` builds the server binary and the web UI only (decision 165), and the README's
first command is the one it names when it says what to do after it.
Prints 'N passed, N failed' last.
"""
import os
import re
import sys

ROOT = os.path.abspath(sys.argv[1])
results = {'passed': 0, 'failed': 0}


def check(ok, what):
    results['passed' if ok else 'failed'] += 1
    print('%s %s' % ('ok    ' if ok else 'FAILED', what))


def read(path):
    with open(os.path.join(ROOT, path), encoding='utf-8') as f:
        return f.read()


docs = ['README.md'] + ['docs/' + n for n in sorted(os.listdir(os.path.join(ROOT, 'docs')))
                        if n.endswith('.md')]
for path in docs:
    hits = [m.group(0) for m in re.finditer(r'\.\./shared/\S*', read(path))]
    check(not hits, '%s names no ../shared/ path %s' % (path, hits or ''))

readme = read('README.md')
first = re.search(r'```\w*\n(.*?)\n', readme, re.S).group(1).split('#')[0].strip()
check(first == './scripts/bootstrap.sh run', 'the first command is bootstrap.sh run: %r' % first)
check('After `./scripts/bootstrap.sh run`' in readme and 'after make run' not in readme.lower(),
      'the README says what to do after the first command, not "after make run"')

recipe = re.search(r'^run:.*\n((?:\t.*\n)+)', read('Makefile'), re.M).group(1)
builds = [l.strip() for l in recipe.splitlines() if l.strip().startswith('ninja')]
check(builds == ['ninja -C $(BUILD) samenloop'],
      'make run builds the binary only, not the test programs: %r' % builds)

print('%d passed, %d failed' % (results['passed'], results['failed']))
sys.exit(1 if results['failed'] else 0)
