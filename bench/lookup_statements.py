#!/usr/bin/env python3
"""Statements per lookup on PostgreSQL: what one `GET /api/v1/adressen/{id}`
sends to the database, counted by pg_stat_statements.

Loads a small generated register into a fresh database on the cluster at
ADMIN_URL (which must have `shared_preload_libraries = 'pg_stat_statements'`;
--enable sets it with ALTER SYSTEM, then restart the cluster), makes the API
benchmark's zaakbegeleider (IMG) account and token, starts one
`serve --threads 1`, warms it with one pass over the ids, resets the
statistics and sends N sequential lookups (cross-org, so each logs a look; with
--own, `statutory_gemeenten=9999`: reads only). Prints the statements sent per
lookup, each statement's calls per lookup and its mean execution time, and the
server's CPU time per lookup. With --callgrind the server runs under
valgrind's callgrind, counting only the measured lookups, and the instructions
per lookup (all of the server's threads) are printed too: a figure that a busy
machine does not move.

Usage: lookup_statements.py SAMENLOOP ADMIN_URL [--n 200] [--own] [--callgrind]
                            [--ncg N] [--others N]
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from api_bench import (FILES, PASSWORD, USER, free_port, http_get, run,  # noqa: E402
                       start_samenloop, stop, cpu_seconds)
import urllib.error  # noqa: E402
from pg_bench import psql  # noqa: E402
import urllib.parse  # noqa: E402


def start_callgrind(bin_, db, port, extra, log, out):
    """serve --threads 1 under callgrind; its counters are zeroed after the warm-up."""
    import subprocess
    proc = subprocess.Popen(
        ['valgrind', '--tool=callgrind', '--callgrind-out-file=' + out,
         bin_, '--db', db, 'serve', '--listen', '127.0.0.1:%d' % port, '--threads', '1',
         '--set', 'max_connections_per_ip=0'] + extra, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.time() + 300
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError('serve under callgrind exited with %d' % proc.returncode)
        try:
            if http_get('http://127.0.0.1:%d/healthz' % port, timeout=10)[0] == 200:
                return proc
        except (OSError, urllib.error.URLError):
            time.sleep(0.2)
    raise RuntimeError('serve under callgrind did not answer')


def callgrind_total(out):
    """Instructions in the callgrind output files of the run (one per thread or one)."""
    total = 0
    d = os.path.dirname(out)
    for f in os.listdir(d):
        if f.startswith(os.path.basename(out)):
            for line in open(os.path.join(d, f)):
                m = re.match(r'(?:summary|totals):\s+(\d+)', line)
                if m:
                    total += int(m.group(1))
                    break
    return total


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('samenloop')
    ap.add_argument('admin')
    ap.add_argument('--n', type=int, default=200)
    ap.add_argument('--own', action='store_true')
    ap.add_argument('--ncg', type=int, default=2000)
    ap.add_argument('--others', type=int, default=4000)
    ap.add_argument('--callgrind', action='store_true',
                    help='run the server under callgrind and count its instructions')
    ap.add_argument('--enable', action='store_true',
                    help='set shared_preload_libraries on the cluster and exit')
    args = ap.parse_args()
    if args.enable:
        psql(args.admin, "ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'")
        print('set; restart the cluster')
        return 0
    bin_ = os.path.abspath(args.samenloop)
    name = 'samenloop_lookup_statements'
    psql(args.admin, 'DROP DATABASE IF EXISTS %s WITH (FORCE)' % name)
    psql(args.admin, 'CREATE DATABASE %s' % name)
    db = urllib.parse.urlsplit(args.admin)._replace(path='/' + name).geturl()
    psql(db, 'CREATE EXTENSION IF NOT EXISTS pg_stat_statements')
    with tempfile.TemporaryDirectory(prefix='samenloop-lookups-') as work:
        data = os.path.join(work, 'data')
        run([bin_, 'gen', '--out', data, '--seed', '1', '--ncg', str(args.ncg),
             '--others', str(args.others)])
        cli = [bin_, '--db', db]
        run(cli + ['import', '--json'] + [os.path.join(data, f) for f in FILES])
        run(cli + ['user', 'add', '--name', USER, '--role', 'zaakbegeleider', '--org', 'IMG',
                   '--password-stdin'], input=PASSWORD + '\n')
        token = run(cli + ['token', 'create', '--user', USER]).stdout.strip()
        cfg = run([bin_, 'serve', '--print-config']).stdout
        statutory = next(l.split('=', 1)[1].strip() for l in cfg.splitlines()
                         if l.startswith('statutory_gemeenten'))
        codes = ','.join("'%s'" % g for g in statutory.split(',') if g.isdigit())
        ids = ['%016d' % int(r) for r in psql(db, (
            "SELECT c.nummeraanduiding_id FROM classificatie c "
            "JOIN adres a USING (nummeraanduiding_id) WHERE c.potentieel = 'beide_lopend' "
            "AND NOT a.afwezig AND a.gemeentecode IN (%s) ORDER BY 1 LIMIT %d")
            % (codes, args.n)).split()]
        if not ids:
            sys.exit('no samenloop addresses')

        class Reg:
            pass
        reg = Reg()
        reg.bin, reg.db = bin_, db
        port = free_port()
        extra = ['--set', 'statutory_gemeenten=9999'] if args.own else []
        cg_out = os.path.join(work, 'callgrind.out')
        with open(os.path.join(work, 'serve.log'), 'w') as log:
            if args.callgrind:
                p = start_callgrind(bin_, db, port, extra, log, cg_out)
            else:
                p = start_samenloop(reg, port, 1, extra, log)
            try:
                base = 'http://127.0.0.1:%d/api/v1/adressen/' % port
                for i in ids:
                    status, _ = http_get(base + i, token)
                    assert status == 200, status
                time.sleep(0.5)
                if args.callgrind:
                    run(['callgrind_control', '-z', str(p.pid)])
                psql(db, 'SELECT pg_stat_statements_reset()')
                cpu0 = cpu_seconds([p.pid])
                n = 0
                while n < args.n:
                    for i in ids:
                        if n == args.n:
                            break
                        status, _ = http_get(base + i, token)
                        assert status == 200, status
                        n += 1
                time.sleep(0.5)
                cpu = cpu_seconds([p.pid]) - cpu0
            finally:
                stop(p)
        ir = callgrind_total(cg_out) if args.callgrind else None
        rows = psql(db, "SELECT calls, total_exec_time, regexp_replace(query, '\\s+', ' ', 'g') "
                        "FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database "
                        "WHERE datname = current_database()) AND query NOT LIKE "
                        "'%pg_stat_statements%' ORDER BY calls DESC, query").splitlines()
    total = sum(int(r.split('|', 2)[0]) for r in rows)
    exec_ms = sum(float(r.split('|', 2)[1]) for r in rows)
    print('%d lookups (%s): %.2f statements per lookup, %.0f us execution per lookup, '
          '%.0f us server CPU per lookup' % (n, 'own org' if args.own else 'cross-org',
                                             total / n, exec_ms * 1000 / n, cpu * 1e6 / n))
    if ir is not None:
        print('%.0f instructions per lookup in the server (callgrind, all threads)' % (ir / n))
    for r in rows:
        calls, t, q = r.split('|', 2)
        print('  %6.2f  %7.1f us  %s' % (int(calls) / n, float(t) * 1000 / int(calls), q[:150]))
    return 0


if __name__ == '__main__':
    sys.exit(main())
