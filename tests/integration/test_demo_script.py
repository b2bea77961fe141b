#!/usr/bin/env python3
"""scripts/demo.sh keeps a finished demo and starts anew only when asked (decision 133),
and dates the register on today's clock: the first delivery a year ago, one a quarter
since, the last today (decisions 232, 234).

Usage: test_demo_script.py SOURCE_ROOT

Runs the script with a stand-in for the samenloop binary that records its
arguments (so no register is built and no port is opened) and checks which
commands the script gives. Prints 'N passed, N failed' last.
"""
import datetime
import os
import subprocess
import sys
import tempfile

ROOT = os.path.abspath(sys.argv[1])
SCRIPT = os.path.join(ROOT, 'scripts', 'demo.sh')
results = {'passed': 0, 'failed': 0}

# Records each call; answers the two JSON commands the script summarises.
FAKE = r'''#!/bin/sh
echo "$*" >> "$CALLS"
case "$*" in
  "gen --out "*) mkdir -p "$3" ;;
  *"import --json"*) echo '{"files": []}' ;;
  *"signals list --json"*) echo '[]' ;;
esac
exit 0
'''

# The script picks addresses and people with sqlite3: none here, so that it runs on
# to the end (accounts, consent, sweep, serve) with the stand-in.
FAKE_SQLITE3 = '#!/bin/sh\nexit 0\n'


def check(ok, what):
    results['passed' if ok else 'failed'] += 1
    print('%s - %s' % ('ok  ' if ok else 'FAIL', what))


def demo(tmp, *args, env=None):
    calls = os.path.join(tmp, 'calls.txt')
    if os.path.exists(calls):
        os.remove(calls)
    e = {k: v for k, v in os.environ.items() if k != 'DEMO_NIEUW'}
    e.update(CALLS=calls, PATH=os.path.join(tmp, 'path') + os.pathsep + os.environ['PATH'],
             **(env or {}))
    p = subprocess.run(['sh', SCRIPT, os.path.join(tmp, 'bin.sh'), os.path.join(tmp, 'demo'),
                        *args], capture_output=True, text=True, env=e, timeout=60)
    with open(calls) as f:
        return p, [line.split() for line in f]


def option(call, name):
    return call[call.index(name) + 1] if name in call else None


def dates_on_todays_clock(calls):
    """The gen calls date the register from a year ago to today, a quarter apart."""
    today = datetime.date.today()
    gens = [c for c in calls if c[0] == 'gen']
    bases = {option(c, '--basisdatum') for c in gens}
    base = today.replace(year=today.year - 1) if (today.month, today.day) != (2, 29) \
        else today.replace(year=today.year - 1, day=28)
    # GNU date takes 29 Feb - 1 year to 1 Mar; either is a year ago
    ok = len(bases) == 1 and next(iter(bases)) in (base.isoformat(),
                                                    (base + datetime.timedelta(days=1)).isoformat())
    check(ok, 'every gen draws the register on today - 1 year: %r' % sorted(map(str, bases)))
    check(option(gens[0], '--peildatum') is None, 'the first delivery is the base date itself')
    peil = [option(c, '--peildatum') for c in gens[1:]]
    check(len(peil) == 4 and peil[-1] == today.isoformat() and peil == sorted(peil),
          'then one a quarter, the last today: %r' % peil)
    sweep = [c for c in calls if 'sweep' in c]
    check(bool(sweep) and option(sweep[0], '--today') == today.isoformat(),
          'the sweep runs on today: %r' % sweep)
    lead = [c for c in calls if 'stats' in c and '--doorlooptijden' in c]
    check(bool(lead), 'the run prints the lead times')


def finished_demo(tmp):
    d = os.path.join(tmp, 'demo')
    os.makedirs(d, exist_ok=True)
    for name, text in (('samenloop.db', 'register'), ('accounts.txt', 'beheerder geheim\n'),
                       ('.klaar', '')):
        with open(os.path.join(d, name), 'w') as f:
            f.write(text)


def main():
    with tempfile.TemporaryDirectory() as tmp:
        with open(os.path.join(tmp, 'bin.sh'), 'w') as f:
            f.write(FAKE)
        os.chmod(os.path.join(tmp, 'bin.sh'), 0o755)
        os.makedirs(os.path.join(tmp, 'path'))
        with open(os.path.join(tmp, 'path', 'sqlite3'), 'w') as f:
            f.write(FAKE_SQLITE3)
        os.chmod(os.path.join(tmp, 'path', 'sqlite3'), 0o755)
        accounts = os.path.join(tmp, 'demo', 'accounts.txt')

        finished_demo(tmp)
        p, calls = demo(tmp)
        check(p.returncode == 0, 'a finished demo is served again (exit %d)' % p.returncode)
        check([c[2] for c in calls] == ['serve'], 'only serve, no gen or import: %r' % calls)
        check(open(accounts).read() == 'beheerder geheim\n', 'the accounts are kept')
        check('beheerder geheim' in p.stdout, 'the kept accounts are printed')

        # a run broken off before the end (no .klaar) is started anew
        os.remove(os.path.join(tmp, 'demo', '.klaar'))
        p, calls = demo(tmp)
        check(calls and calls[0][0] == 'gen', 'a half-finished demo starts anew: %r' % calls[:1])

        for how, args, env in (('--nieuw', ('web/dist', '--nieuw'), None),
                               ('DEMO_NIEUW=1', (), {'DEMO_NIEUW': '1'})):
            finished_demo(tmp)
            p, calls = demo(tmp, *args, env=env)
            check(calls and calls[0][0] == 'gen', '%s starts anew with gen: %r' % (how, calls[:1]))
            check(not os.path.exists(accounts) or 'geheim' not in open(accounts).read(),
                  '%s drops the old accounts' % how)
            later = [c for c in calls if 'import' in c and '--json' in c]
            ok = bool(later) and '--max-afwezig' not in later[0]
            check(ok, '%s: the year on is imported as a real delivery, with --json%s'
                  % (how, '' if ok else ': %r' % calls))
        dates_on_todays_clock(calls)
    print('%d passed, %d failed' % (results['passed'], results['failed']))
    return 1 if results['failed'] else 0


if __name__ == '__main__':
    sys.exit(main())
