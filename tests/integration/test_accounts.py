#!/usr/bin/env python3
"""End-to-end tests of the account and token commands: the CLI contract.

Usage: test_accounts.py PATH_TO_SAMENLOOP DATA_DIR

`user add ... --password-stdin` reads the password from stdin; `token create`
prints the bearer token and nothing else; errors exit 1 (refused) or 2 (wrong
usage) with a message. Prints 'N passed, N failed' last.
"""
import ctypes
import ctypes.util
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from api_harness import register_db, sql  # noqa: E402

BIN = os.path.abspath(sys.argv[1])
DATA = os.path.abspath(sys.argv[2])
PASSWORD = 'een lang genoeg wachtwoord'
TOKEN_RE = re.compile(r'^sl_[A-Za-z0-9_-]{43}\n$')
ADDRESS = '0014200000000001'  # address 1 of the small fixture
results = {'passed': 0, 'failed': 0}
CASES = []


def run(db, *args, stdin=None, check=True):
    p = subprocess.run([BIN, '--db', db] + list(args), input=stdin, capture_output=True,
                       text=True)
    if check and p.returncode != 0:
        raise AssertionError('%s exited %d: %s' % (args, p.returncode, p.stderr))
    return p


def add_user(db, name, role, *extra, password=PASSWORD + '\n', check=True):
    return run(db, 'user', 'add', '--name', name, '--role', role, *extra, '--password-stdin',
               stdin=password, check=check)


def users(db):
    return json.loads(run(db, 'user', 'list', '--json').stdout)


def rows(db, query, params=()):
    return sql(db, query, params)


def password_matches(h, password):
    """libsodium's own verify (through ctypes): the stored hash is of exactly password."""
    lib = ctypes.util.find_library('sodium')
    if not lib:
        return None
    sodium = ctypes.CDLL(lib)
    if sodium.sodium_init() < 0:
        return None
    pw = password.encode()
    return sodium.crypto_pwhash_str_verify(h.encode(), pw, ctypes.c_ulonglong(len(pw))) == 0


def eq(actual, expected, what):
    if actual != expected:
        raise AssertionError('%s: expected %r, got %r' % (what, expected, actual))


def refused(p, code, words, what):
    """p exited with code and its stderr holds every word."""
    eq(p.returncode, code, what + ' (exit code)')
    for w in words:
        if w not in p.stderr:
            raise AssertionError('%s: %r not in %r' % (what, w, p.stderr))


def case(fn):
    def wrapper():
        tmp = tempfile.mkdtemp(prefix='samenloop-accounts-')
        try:
            fn(register_db(tmp), tmp)
            results['passed'] += 1
            print('ok     %s' % fn.__name__)
        except Exception as e:
            results['failed'] += 1
            print('FAILED %s: %s' % (fn.__name__, e))
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    wrapper.__name__ = fn.__name__
    CASES.append(wrapper)
    return wrapper


@case
def user_add_reads_the_password_from_stdin(db, tmp):
    eq(users(db), [], 'no default account')
    p = add_user(db, 'beheer', 'beheerder')
    if 'beheer' not in p.stdout:
        raise AssertionError('no confirmation: %r' % p.stdout)
    add_user(db, 'zb.jansen', 'zaakbegeleider', '--org', 'IMG', password=PASSWORD + '\r\n')
    add_user(db, 'gem.groningen', 'gemeente', '--gemeente', '0014', password=PASSWORD)
    got = [(u['naam'], u['rol'], u['org'], u['gemeentecode'], u['actief']) for u in users(db)]
    eq(got, [('beheer', 'beheerder', '', '', True),
             ('gem.groningen', 'gemeente', '', '0014', True),
             ('zb.jansen', 'zaakbegeleider', 'IMG', '', True)], 'accounts')
    for (h,) in rows(db, 'SELECT wachtwoord_hash FROM gebruiker'):
        if not h.startswith('$argon2id$') or PASSWORD in h:
            raise AssertionError('password not hashed: %r' % h)
        # the line ending (\n or \r\n) is not part of the password
        if password_matches(h, PASSWORD) is False:
            raise AssertionError('stored hash is not of the password without its line ending')
    text = run(db, 'user', 'list').stdout
    if 'zb.jansen' not in text or 'IMG' not in text:
        raise AssertionError('text list: %r' % text)


@case
def password_problems_are_refused(db, tmp):
    refused(add_user(db, 'a1', 'planner', password='', check=False), 1, ['wachtwoord'],
            'no password')
    refused(add_user(db, 'a1', 'planner', password='\n', check=False), 1, ['leeg'],
            'empty password')
    refused(add_user(db, 'a1', 'planner', password='kort\n', check=False), 1, ['te kort'],
            'short password')
    refused(add_user(db, 'a1', 'planner', password='x' * 1025 + '\n', check=False), 1,
            ['te lang'], 'long password')
    p = run(db, 'user', 'add', '--name', 'a1', '--role', 'planner', stdin=PASSWORD, check=False)
    refused(p, 2, ['--password-stdin'], 'without --password-stdin')
    eq(users(db), [], 'nothing added')


@case
def duplicates_and_bad_roles_fail_clearly(db, tmp):
    add_user(db, 'planner1', 'planner')
    refused(add_user(db, 'planner1', 'planner', check=False), 1, ['bestaat al'], 'duplicate')
    refused(add_user(db, 'PLANNER1', 'management', check=False), 1, ['bestaat al'],
            'duplicate in other case')
    refused(add_user(db, 'x', 'koning', check=False), 2, ['koning', 'zaakbegeleider'],
            'unknown role')
    refused(add_user(db, 'x', 'zaakbegeleider', check=False), 1, ['IMG'],
            'case manager without org')
    refused(add_user(db, 'x', 'bewonersbegeleider', '--org', 'IMG', check=False), 1, ['NCG'],
            'resident guide at IMG')
    refused(add_user(db, 'x', 'svip', '--org', 'XYZ', check=False), 2, ['--org'], 'bad org')
    refused(add_user(db, 'x', 'gemeente', check=False), 1, ['gemeentecode'],
            'municipality without code')
    refused(add_user(db, 'x', 'bewoner', check=False), 1, ['adres'], 'resident without address')
    refused(add_user(db, 'bad name', 'planner', check=False), 1, ['naam'], 'bad name')
    refused(run(db, 'user', 'add', '--role', 'planner', '--password-stdin', stdin=PASSWORD,
                check=False), 2, ['--name'], 'no name')
    eq([u['naam'] for u in users(db)], ['planner1'], 'only the first account')


@case
def resident_accounts_name_addresses_in_the_register(db, tmp):
    run(db, 'import', os.path.join(DATA, 'small', 'bag_adressen.csv'))
    refused(add_user(db, 'bw', 'bewoner', '--adres', '12345', check=False), 2, ['--adres'],
            'malformed address')
    refused(add_user(db, 'bw', 'bewoner', '--adres', '0014200000009999', check=False), 1,
            ['0014200000009999', 'register'], 'unknown address')
    add_user(db, 'bw', 'bewoner', '--adres', ADDRESS)
    eq(users(db)[0]['adressen'], [ADDRESS], 'addresses of the resident')


@case
def token_create_prints_only_the_token(db, tmp):
    add_user(db, 'machine', 'datasteward', '--org', 'NCG')
    p = run(db, 'token', 'create', '--user', 'machine', '--omschrijving', 'levering NCG')
    if not TOKEN_RE.match(p.stdout):
        raise AssertionError('not a token: %r' % p.stdout)
    eq(p.stderr, '', 'stderr of token create')
    token = p.stdout.strip()
    p2 = run(db, 'token', 'create', '--user', 'machine')
    if not TOKEN_RE.match(p2.stdout) or p2.stdout == p.stdout:
        raise AssertionError('second token: %r' % p2.stdout)
    stored = rows(db, 'SELECT hash, omschrijving FROM token ORDER BY id')
    eq([o for _, o in stored], ['levering NCG', ''], 'descriptions')
    for h, _ in stored:
        if token in h or token[3:] in h or len(h) != 64:
            raise AssertionError('token stored in clear: %r' % h)
    listed = json.loads(run(db, 'token', 'list', '--json').stdout)
    eq([(t['gebruiker'], t['ingetrokken_op']) for t in listed],
       [('machine', None), ('machine', None)], 'token list')
    refused(run(db, 'token', 'create', '--user', 'nobody', check=False), 1, ['bestaat niet'],
            'token for an unknown user')
    eq(run(db, 'token', 'create', check=False).returncode, 2, 'token create without --user')


@case
def tokens_are_revoked_by_user_or_id(db, tmp):
    add_user(db, 'machine', 'datasteward', '--org', 'IMG')
    add_user(db, 'other', 'planner')
    for u in ('machine', 'machine', 'other'):
        run(db, 'token', 'create', '--user', u)
    ids = [t['id'] for t in json.loads(run(db, 'token', 'list', '--json').stdout)]
    p = run(db, 'token', 'revoke', '--id', str(ids[0]))
    if 'ingetrokken' not in p.stdout:
        raise AssertionError('no confirmation: %r' % p.stdout)
    p = run(db, 'token', 'revoke', '--user', 'machine')
    if not p.stdout.startswith('1 '):
        raise AssertionError('revoked count: %r' % p.stdout)
    eq(rows(db, 'SELECT count(*) FROM token WHERE ingetrokken_op IS NOT NULL')[0][0], 2,
       'revoked tokens')
    run(db, 'token', 'revoke', str(ids[2]))
    eq(rows(db, 'SELECT count(*) FROM token WHERE ingetrokken_op IS NULL')[0][0], 0,
       'tokens left')
    refused(run(db, 'token', 'revoke', '--id', '999', check=False), 1, ['999'], 'unknown id')
    refused(run(db, 'token', 'revoke', '--user', 'nobody', check=False), 1, ['bestaat niet'],
            'unknown user')
    eq(run(db, 'token', 'revoke', check=False).returncode, 2, 'revoke without target')
    eq(run(db, 'token', 'revoke', '--id', 'abc', check=False).returncode, 2, 'bad id')
    # every change on the command line is in the processing log, as the operator's
    eq(rows(db, "SELECT categorieen FROM logboek WHERE gebruiker = 'opdrachtregel'"
                " ORDER BY id"),
       [('gebruiker=machine:aangemaakt',), ('gebruiker=other:aangemaakt',)] +
       [('token=%d:aangemaakt' % i,) for i in ids] +
       [('token=%d:ingetrokken' % ids[0],), ('gebruiker=machine:tokens-ingetrokken',),
        ('token=%d:ingetrokken' % ids[2],)],
       'accounts and tokens made and revoked, logged')


@case
def help_and_usage(db, tmp):
    for cmd in ('user', 'token'):
        p = run(db, cmd, '--help')
        if 'usage: samenloop ' + cmd not in p.stdout:
            raise AssertionError('%s --help: %r' % (cmd, p.stdout))
        eq(run(db, cmd, check=False).returncode, 2, cmd + ' without subcommand')
        eq(run(db, cmd, 'frobnicate', check=False).returncode, 2, cmd + ' unknown subcommand')


if __name__ == '__main__':
    for c in CASES:
        c()
    print('%d passed, %d failed' % (results['passed'], results['failed']))
    sys.exit(1 if results['failed'] else 0)
