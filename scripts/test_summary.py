#!/usr/bin/env python3
"""Prints one closing line for `make test`: 'tests: N passed, N failed'.

Reads each Meson build's meson-logs/testlog.json (one JSON object per test),
the PostgreSQL run's log (where a skip is a failure), the fuzz build's *.result files, the browser tests' TAP file and the ADR
lint's result line (a lint skipped for want of Logius's ruleset counts as
neither passed nor failed). Exits 1 when
anything failed or when no test ran at all.
"""
import glob
import json
import os
import sys


def meson_results(build, path=None, skip_ok=True):
    """path: another log of the build (a suite run on its own); skip_ok False
    counts a skipped test as failed (the PostgreSQL run must not skip)."""
    path = path or os.path.join(build, 'meson-logs', 'testlog.json')
    passed = failed = 0
    if not os.path.exists(path):
        return 0, 1  # a stage that did not even run counts as a failure
    with open(path, encoding='utf-8') as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            r = json.loads(line)
            if r.get('result') in ('OK', 'EXPECTEDFAIL') or (skip_ok and r.get('result') == 'SKIP'):
                passed += 1
            else:
                failed += 1
                print('FAILED: %s (%s)' % (r.get('name'), build))
    return passed, failed


def fuzz_results(build):
    passed = failed = 0
    results = glob.glob(os.path.join(build, '*.result'))
    if not results:
        return 0, 1
    for path in results:
        with open(path, encoding='utf-8') as f:
            text = f.read().strip()
        print(text)
        if 'FAILED' in text:
            failed += 1
        else:
            passed += 1
    return passed, failed


def tap_results(path):
    """Top-level 'ok'/'not ok' lines of node:test's TAP output (one per test)."""
    passed = failed = 0
    if not os.path.exists(path):
        return 0, 1
    with open(path, encoding='utf-8') as f:
        for line in f:
            if line.startswith('ok '):
                passed += 1
            elif line.startswith('not ok '):
                failed += 1
                print('FAILED: %s (browser)' % line.strip())
    return passed, failed


def lint_results(path):
    if not os.path.exists(path):
        return 0, 1
    with open(path, encoding='utf-8') as f:
        text = f.read().strip()
    if 'SKIPPED' in text:
        print(text)
        return 0, 0
    return (0, 1) if 'FAILED' in text else (1, 0)


def main():
    plain, asan, fuzz, e2e, lint = sys.argv[1:6]
    stages = [('plain', meson_results(plain)), ('asan+ubsan', meson_results(asan))]
    if len(sys.argv) > 6:  # the PostgreSQL run's own log (make test-pg)
        stages.append(('postgresql', meson_results(plain, sys.argv[6], skip_ok=False)))
    total_p = total_f = 0
    for label, (p, f) in tuple(stages) + (
        ('fuzz', fuzz_results(fuzz)),
        ('browser', tap_results(e2e)),
        ('adr-lint', lint_results(lint))):
        print('%-11s %d passed, %d failed' % (label + ':', p, f))
        total_p += p
        total_f += f
    print('tests: %d passed, %d failed' % (total_p, total_f))
    sys.exit(1 if total_f or not total_p else 0)


if __name__ == '__main__':
    main()
