#!/usr/bin/env python3
"""API benchmark: one-address dossier lookups against the floor.

Loads a register of about a million claims (as import_bench.py does), makes a
zaakbegeleider (IMG) account and a bearer token with the CLI, picks real
nummeraanduiding ids of samenloop addresses (potential beide_lopend, in a
municipality with the statutory basis) and runs `wrk` on loopback against
`GET /api/v1/adressen/{id}`, cycling through those ids:

  1. as configured: the viewer sees the NCG trajectory on the statutory basis,
     so every request also appends a processing-log record (a write);
  2. with `statutory_gemeenten=9999`: no basis applies, the viewer sees only
     IMG's own part and nothing is logged (reads only).

The floor is nginx serving one such dossier's JSON as a static file, under the
same wrk load (connections, threads, duration), in the same run.
Prints requests/s and latency percentiles of each, and the ratios to the
floor against the aim (rate >= 0.8 x nginx for the own organisation, >= 0.5 x
nginx across the boundary; p99 <= 2 x nginx).

With --pg the same register is also imported into PostgreSQL (a temporary
cluster of the benchmark's own, scripts/pg-cluster.sh, or the one at --pg
ADMIN_URL) and both measurements are
repeated there through two `samenloop serve` instances behind HAProxy
(tests/integration/balancer.py), each with --threads workers, all on the same
cores; printed beside the SQLite figures with the ratios PostgreSQL / SQLite
(aim >= 0.8 for two instances on PostgreSQL against one on SQLite), and the
processing log is verified afterwards.

Usage: api_bench.py SAMENLOOP [--ncg N] [--others N] [--duration S]
                    [--connections C] [--threads T] [--wrk-threads W] [--keep DIR]
                    [--pg [ADMIN_URL]]
Only loopback addresses are used. Both servers are stopped at the end, also on
error. With --keep, a register already loaded there (same options) is reused.
"""
import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import ExitStack

FILES = ('bag_adressen.csv', 'ncg_trajecten.csv', 'img_schades.csv')
USER = 'bench.zb'
PASSWORD = 'een-lang-wachtwoord-voor-de-bench'
N_IDS = 1000
# issue 16: a lookup that only reads at 0.8 x nginx, one that logs durably at 0.5 x
RATE_AIM = {'own': 0.8, 'logged': 0.5}
# issue 15: two instances on PostgreSQL at 0.8 x one instance on SQLite
PG_AIM = 0.8

# Cycles through the ids in ids.txt (one path per line), each wrk thread from
# its own offset; done() prints one parseable line with the figures.
LUA = r'''
local paths = {}
local token = os.getenv("BENCH_TOKEN") or ""
local fixed = os.getenv("BENCH_PATH")
local counter = 0
local threads = {}

function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

function init(args)
  if fixed and fixed ~= "" then
    paths = { fixed }
  else
    for line in io.lines(os.getenv("BENCH_IDS")) do
      paths[#paths + 1] = "/api/v1/adressen/" .. line
    end
  end
  counter = (tid or 0) * 97
  wrk.headers["Authorization"] = "Bearer " .. token
end

function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "BENCH {\"requests\":%d,\"duration_us\":%d,\"bytes\":%d,\"p50\":%d,\"p90\":%d," ..
    "\"p99\":%d,\"p999\":%d,\"max\":%d,\"mean\":%.1f,\"connect\":%d,\"read\":%d," ..
    "\"write\":%d,\"status\":%d,\"timeout\":%d}\n",
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency:percentile(99.9), latency.max, latency.mean,
    e.connect, e.read, e.write, e.status, e.timeout))
end
'''

NGINX_CONF = '''daemon off;
master_process on;
worker_processes auto;
pid {work}/nginx.pid;
error_log {work}/nginx-error.log warn;
{user}
events {{ worker_connections 1024; }}
http {{
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  keepalive_timeout 65;
  default_type application/json;
  client_body_temp_path {work}/nginx-tmp/body;
  proxy_temp_path {work}/nginx-tmp/proxy;
  fastcgi_temp_path {work}/nginx-tmp/fastcgi;
  uwsgi_temp_path {work}/nginx-tmp/uwsgi;
  scgi_temp_path {work}/nginx-tmp/scgi;
  server {{
    listen 127.0.0.1:{port};
    root {root};
    location / {{ }}
  }}
}}
'''


def free_port():
    s = socket.socket()
    s.bind(('127.0.0.1', 0))
    port = s.getsockname()[1]
    s.close()
    return port


def run(cmd, **kw):
    p = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if p.returncode != 0:
        raise RuntimeError('%s exited %d:\n%s' % (' '.join(cmd[:4]), p.returncode,
                                                  p.stderr.strip()[-2000:]))
    return p


def http_get(url, token=None, timeout=10):
    req = urllib.request.Request(url)
    if token:
        req.add_header('Authorization', 'Bearer ' + token)
    with urllib.request.urlopen(req, timeout=timeout) as r:
        return r.status, r.read()


def wait_http(url, proc, what):
    deadline = time.time() + 30
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError('%s exited with %d' % (what, proc.returncode))
        try:
            if http_get(url, timeout=2)[0] == 200:
                return
        except (OSError, urllib.error.URLError):
            time.sleep(0.05)
    raise RuntimeError('%s did not answer on %s' % (what, url))


def cpu_seconds(pids):
    """utime + stime of processes and their threads, in seconds."""
    total = 0
    for pid in pids:
        with open('/proc/%d/stat' % pid) as f:
            fields = f.read().rsplit(')', 1)[1].split()
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf('SC_CLK_TCK')


def stop(proc, sig=signal.SIGTERM):
    if proc and proc.poll() is None:
        proc.send_signal(sig)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


class Register:
    """The generated, imported register with a bench account and ids."""

    def __init__(self, bin_, work, args):
        self.bin = bin_
        self.work = work
        self.db = os.path.join(work, 'samenloop.db')
        stamp = '%d %d %d' % (args.ncg, args.others, args.seed)
        marker = os.path.join(work, 'register.ok')
        self.t_load = None
        if not (os.path.exists(marker) and open(marker).read() == stamp):
            self.load(args)
            with open(marker, 'w') as f:
                f.write(stamp)
        self.claims = self.count('SELECT count(*) FROM schade')
        self.addresses = self.count('SELECT count(*) FROM adres')
        self.token = self.account()

    def cli(self, *a, stdin=None):
        return run([self.bin, '--db', self.db] + list(a), input=stdin).stdout

    def sql(self, q):
        """Rows of q, fields separated by '|' (sqlite3's and psql -At's form)."""
        return run(['sqlite3', self.db, q]).stdout

    def count(self, q):
        return int(self.sql(q).strip() or 0)

    def load(self, args):
        data = os.path.join(self.work, 'data')
        shutil.rmtree(data, ignore_errors=True)
        for suffix in ('', '-wal', '-shm', '-inzage', '-inzage-wal', '-inzage-shm'):
            if os.path.exists(self.db + suffix):
                os.remove(self.db + suffix)
        t0 = time.perf_counter()
        run([self.bin, 'gen', '--out', data, '--seed', str(args.seed), '--ncg', str(args.ncg),
             '--others', str(args.others)])
        self.cli('import', '--json', *[os.path.join(data, f) for f in FILES])
        self.t_load = time.perf_counter() - t0

    def account(self):
        if USER not in self.cli('user', 'list'):
            self.cli('user', 'add', '--name', USER, '--role', 'zaakbegeleider', '--org', 'IMG',
                     '--password-stdin', stdin=PASSWORD + '\n')
        return self.cli('token', 'create', '--user', USER).strip()

    def ids(self, gemeenten, n):
        """Up to n samenloop addresses (beide_lopend) in the given municipalities."""
        codes = ','.join("'%s'" % g for g in gemeenten if g.isdigit())
        # SQL both stores speak: afwezig is 0/1 on SQLite, a boolean on PostgreSQL
        rows = self.sql(
            "SELECT c.nummeraanduiding_id FROM classificatie c "
            "JOIN adres a USING (nummeraanduiding_id) WHERE c.potentieel = 'beide_lopend' "
            "AND NOT a.afwezig AND a.gemeentecode IN (%s) ORDER BY c.nummeraanduiding_id "
            "LIMIT %d" % (codes, n)).split()
        return ['%016d' % int(r) for r in rows]

    def log_records(self):
        """Records in both chains: the register's and the look log's beside it."""
        looks = int(run(['sqlite3', self.db + '-inzage',
                         'SELECT count(*) FROM logboek']).stdout.strip() or 0)
        return self.count('SELECT count(*) FROM logboek') + looks


class PgRegister(Register):
    """The same register imported into a fresh database on the benchmark's cluster
    from the files the SQLite register was loaded from."""

    def __init__(self, bin_, work, args, cluster):
        self.bin = bin_
        self.work = work
        self.db = cluster.database('samenloop_bench_api')
        data = os.path.join(work, 'data')
        if not os.path.exists(os.path.join(data, FILES[0])):
            run([bin_, 'gen', '--out', data, '--seed', str(args.seed), '--ncg', str(args.ncg),
                 '--others', str(args.others)])
        t0 = time.perf_counter()
        self.cli('import', '--json', *[os.path.join(data, f) for f in FILES])
        self.t_load = time.perf_counter() - t0
        self.claims = self.count('SELECT count(*) FROM schade')
        self.addresses = self.count('SELECT count(*) FROM adres')
        self.token = self.account()

    def sql(self, q):
        from pg_bench import psql
        return psql(self.db, q)

    def log_records(self):
        from pg_bench import log_records
        return log_records(self.db)


class Bench:
    def __init__(self, args, work, lua, ids_file):
        self.args = args
        self.work = work
        self.lua = lua
        self.ids_file = ids_file

    def wrk(self, url, token, duration, path=None):
        env = dict(os.environ, BENCH_TOKEN=token, BENCH_IDS=self.ids_file,
                   BENCH_PATH=path or '')
        cmd = ['wrk', '--latency', '-t', str(self.args.wrk_threads),
               '-c', str(self.args.connections), '-d', '%ds' % duration,
               '--timeout', '10s', '-s', self.lua, url]
        p = subprocess.run(cmd, capture_output=True, text=True, env=env,
                           timeout=duration + 60)
        if p.returncode != 0:
            raise RuntimeError('wrk failed: %s %s' % (p.stdout, p.stderr))
        for line in p.stdout.splitlines():
            if line.startswith('BENCH '):
                r = json.loads(line[6:])
                r['rps'] = r['requests'] / (r['duration_us'] / 1e6)
                r['errors'] = r['connect'] + r['read'] + r['write'] + r['status'] + r['timeout']
                return r
        raise RuntimeError('no BENCH line in wrk output:\n' + p.stdout)

    def measure(self, url, token, pids, path=None, log_count=None, instances=None):
        """A warm-up run, then the measured one; server CPU (of pids), log records
        and group commits (summed over the instances' base URLs, default url) of
        the latter."""
        instances = instances or [url]
        self.wrk(url, token, self.args.warmup, path)
        cpu0 = cpu_seconds(pids)
        log0 = log_count() if log_count else 0
        commits0 = sum(group_commits(i) for i in instances) if log_count else 0
        r = self.wrk(url, token, self.args.duration, path)
        r['cpu_s'] = cpu_seconds(pids) - cpu0
        r['log_written'] = (log_count() - log0) if log_count else 0
        r['commits'] = (sum(group_commits(i) for i in instances) - commits0) if log_count else 0
        return r


def start_samenloop(reg, port, threads, extra, logf):
    # every wrk connection comes from 127.0.0.1, like a reverse proxy's: no per-address limit
    proc = subprocess.Popen([reg.bin, '--db', reg.db, 'serve', '--listen',
                             '127.0.0.1:%d' % port, '--threads', str(threads),
                             '--set', 'max_connections_per_ip=0'] + extra,
                            stdout=logf, stderr=subprocess.STDOUT)
    wait_http('http://127.0.0.1:%d/healthz' % port, proc, 'samenloop serve')
    return proc


def measure_pg(args, bin_, work, cluster, bench, ids, results, logs):
    """Both measurements on PostgreSQL through two instances behind HAProxy, into
    results['pg_logged'] and results['pg_own']; the register's figures."""
    from balancer import HAProxy
    reg = PgRegister(bin_, work, args, cluster)
    for key, extra in (('logged', []), ('own', ['--set', 'statutory_gemeenten=9999'])):
        procs = []
        lb = None
        try:
            for name in ('a', 'b'):
                port = free_port()
                logs.append(open(os.path.join(work, 'serve-pg-%s-%s.log' % (key, name)), 'w'))
                procs.append((name, port, start_samenloop(reg, port, args.threads, extra,
                                                          logs[-1])))
            lb = HAProxy([(name, port) for name, port, _ in procs]).start(wait_for=('a', 'b'))
            base = 'http://127.0.0.1:%d' % lb.port
            status, body = http_get(base + '/api/v1/adressen/' + ids[0], reg.token)
            shown = json.loads(body).get('traject') is not None
            if status != 200 or shown != (key == 'logged'):
                raise RuntimeError('PostgreSQL, %s: unexpected dossier: %s' % (key, body[:300]))
            results['pg_' + key] = bench.measure(
                base, reg.token, [p.pid for _, _, p in procs], log_count=reg.log_records,
                instances=['http://127.0.0.1:%d' % port for _, port, _ in procs])
        finally:
            if lb:
                lb.stop()
            for _, _, p in procs:
                stop(p)
    from pg_bench import verify_log
    return {'register': reg, 'verify': verify_log(bin_, reg.db), 'load': os.getloadavg()}


def print_pg_report(args, pg, results):
    reg = pg['register']
    print()
    print('  PostgreSQL: two instances (serve --threads %d each) behind HAProxy, the database'
          ' on the same %d CPUs' % (args.threads, os.cpu_count()))
    print('  register imported in %.1f s; load average after: %.2f %.2f %.2f'
          % ((reg.t_load,) + tuple(pg['load'])))
    for key, label in (('logged', 'cross-org (logs a view)'), ('own', 'own org only (no log)')):
        r, one = results['pg_' + key], results[key]
        ratio = r['rps'] / one['rps']
        print('  %-34s %10.0f %s %s %s %7d' % ('PostgreSQL x2, ' + label, r['rps'],
                                               fmt_ms(r['p50']), fmt_ms(r['p90']),
                                               fmt_ms(r['p99']), r['errors']))
        print('  %-34s rate %.3f x SQLite (aim >= %.1f: %s), p99 %.1f x SQLite; %.0f us '
              'instance CPU per request; %s log records for %s requests'
              % ('', ratio, PG_AIM, 'met' if ratio >= PG_AIM else 'NOT met',
                 r['p99'] / one['p99'] if one['p99'] else float('inf'),
                 r['cpu_s'] * 1e6 / max(r['requests'], 1), f"{r['log_written']:,}",
                 f"{r['requests']:,}"))
    ok, line = pg['verify']
    print('  processing log on PostgreSQL: %s' % ('verifies (%s)' % line if ok
                                                 else 'DOES NOT VERIFY: %s' % line))


def group_commits(base):
    """The server's group commits of looks so far (from /metrics)."""
    _, body = http_get(base + '/metrics')
    for line in body.decode().splitlines():
        if line.startswith('samenloop_logboek_commits_total '):
            return int(float(line.split()[1]))
    return 0


def fmt_ms(us):
    return '%7.2f ms' % (us / 1000.0)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('samenloop')
    ap.add_argument('--ncg', type=int, default=100000)
    ap.add_argument('--others', type=int, default=466000)
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--duration', type=int, default=10, help='seconds per measured run')
    ap.add_argument('--warmup', type=int, default=3, help='seconds of warm-up per server')
    ap.add_argument('--connections', type=int, default=16)
    ap.add_argument('--threads', type=int, default=2, help='samenloop serve worker threads')
    ap.add_argument('--wrk-threads', type=int, default=2)
    ap.add_argument('--keep', help='work directory to keep (default: a temporary one)')
    ap.add_argument('--pg', nargs='?', const='', metavar='ADMIN_URL',
                    help='also on PostgreSQL, two instances behind HAProxy, side by side: '
                         'on a temporary cluster, or on the one at ADMIN_URL')
    args = ap.parse_args()
    for tool in ('wrk', 'nginx', 'sqlite3'):
        if not shutil.which(tool) and not os.path.exists('/usr/sbin/' + tool):
            sys.exit('api_bench: %s not found (run bench/install-bench-deps.sh)' % tool)
    nginx_bin = shutil.which('nginx') or '/usr/sbin/nginx'
    bin_ = os.path.abspath(args.samenloop)
    work = (os.path.abspath(args.keep) if args.keep
            else tempfile.mkdtemp(prefix='samenloop-apibench-'))
    os.makedirs(work, exist_ok=True)
    procs = []
    logs = []
    stack = ExitStack()
    try:
        reg = Register(bin_, work, args)
        cfg = run([bin_, 'serve', '--print-config']).stdout
        statutory = next(l.split('=', 1)[1].strip() for l in cfg.splitlines()
                         if l.startswith('statutory_gemeenten'))
        ids = reg.ids(statutory.split(','), N_IDS)
        if not ids:
            raise RuntimeError('no samenloop addresses in %s' % statutory)
        ids_file = os.path.join(work, 'ids.txt')
        with open(ids_file, 'w') as f:
            f.write('\n'.join(ids) + '\n')
        lua = os.path.join(work, 'lookup.lua')
        with open(lua, 'w') as f:
            f.write(LUA)
        bench = Bench(args, work, lua, ids_file)
        results = {}
        sizes = {}

        # 1. as configured: cross-organisation view, one log record per request
        port = free_port()
        logs.append(open(os.path.join(work, 'serve-logged.log'), 'w'))
        p = start_samenloop(reg, port, args.threads, [], logs[-1])
        procs.append(p)
        base = 'http://127.0.0.1:%d' % port
        status, body = http_get(base + '/api/v1/adressen/' + ids[0], reg.token)
        dossier = json.loads(body)
        if status != 200 or dossier.get('traject') is None:
            raise RuntimeError('expected a dossier with the trajectory shown: %s' % body[:300])
        sizes['logged'] = len(body)
        www = os.path.join(work, 'www')
        os.makedirs(www, exist_ok=True)
        with open(os.path.join(www, 'dossier.json'), 'wb') as f:
            f.write(body)
        results['logged'] = bench.measure(base, reg.token, [p.pid], log_count=reg.log_records)
        stop(p)
        procs.remove(p)

        # 2. no statutory basis: only the own organisation's part, nothing logged
        port = free_port()
        logs.append(open(os.path.join(work, 'serve-own.log'), 'w'))
        p = start_samenloop(reg, port, args.threads, ['--set', 'statutory_gemeenten=9999'],
                            logs[-1])
        procs.append(p)
        base = 'http://127.0.0.1:%d' % port
        status, body = http_get(base + '/api/v1/adressen/' + ids[0], reg.token)
        own = json.loads(body)
        if status != 200 or own.get('traject') is not None:
            raise RuntimeError('expected the trajectory withheld: %s' % body[:300])
        sizes['own'] = len(body)
        results['own'] = bench.measure(base, reg.token, [p.pid], log_count=reg.log_records)
        stop(p)
        procs.remove(p)

        # 3. the floor: nginx serving the first dossier's JSON as a static file
        for d in ('body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'):
            os.makedirs(os.path.join(work, 'nginx-tmp', d), exist_ok=True)
        # workers run as `nobody` when started as root: let them read the file
        os.chmod(work, 0o755)
        os.chmod(www, 0o755)
        os.chmod(os.path.join(www, 'dossier.json'), 0o644)
        nport = free_port()
        conf = os.path.join(work, 'nginx.conf')
        with open(conf, 'w') as f:
            f.write(NGINX_CONF.format(work=work, port=nport, root=www,
                                      user='user nobody nogroup;' if os.getuid() == 0 else ''))
        logs.append(open(os.path.join(work, 'nginx.out'), 'w'))
        n = subprocess.Popen([nginx_bin, '-p', work, '-c', conf, '-e',
                              os.path.join(work, 'nginx-error.log')],
                             stdout=logs[-1], stderr=subprocess.STDOUT)
        procs.append(n)
        nbase = 'http://127.0.0.1:%d' % nport
        wait_http(nbase + '/dossier.json', n, 'nginx')
        # the CPU of nginx is in its workers; count the master's children
        results['nginx'] = bench.measure(nbase, reg.token, [n.pid], path='/dossier.json')
        stop(n, signal.SIGQUIT)
        procs.remove(n)

        pg = None
        if args.pg is not None:
            from pg_bench import Cluster
            cluster = stack.enter_context(Cluster(args.pg or None))
            pg = measure_pg(args, bin_, work, cluster, bench, ids, results, logs)
        print_report(args, reg, results, sizes, len(ids))
        if pg:
            print_pg_report(args, pg, results)
        bad = [k for k, r in results.items() if r['errors']]
        if bad:
            print('  errors in: %s (see the table)' % ', '.join(bad))
            return 1
        return 0 if not pg or pg['verify'][0] else 1
    finally:
        for proc in procs:
            stop(proc, signal.SIGQUIT if proc.args[0] == nginx_bin else signal.SIGTERM)
        stack.close()
        for f in logs:
            f.close()
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


def print_report(args, reg, results, sizes, n_ids):
    fl = results['nginx']
    print('samenloop API benchmark (seed %d)' % args.seed)
    print('  register: %s addresses, %s claims%s' % (
        f'{reg.addresses:,}', f'{reg.claims:,}',
        ', generated and imported in %.1f s' % reg.t_load if reg.t_load else ' (reused)'))
    print('  load: wrk -t%d -c%d -d%ds (after %ds warm-up), GET /api/v1/adressen/{id} over %d '
          'samenloop addresses; serve --threads %d; %d CPUs' % (
              args.wrk_threads, args.connections, args.duration, args.warmup, n_ids,
              args.threads, os.cpu_count()))
    print()
    print('  %-34s %10s %10s %10s %10s %7s %7s' % ('', 'req/s', 'p50', 'p90', 'p99', 'errors',
                                                  'bytes'))
    rows = (('logged', 'samenloop, cross-org (logs a view)'),
            ('own', 'samenloop, own org only (no log)'),
            ('nginx', 'nginx static file (floor)'))
    for key, label in rows:
        r = results[key]
        size = sizes.get(key, sizes['logged'])
        print('  %-34s %10.0f %s %s %s %7d %7d' % (label, r['rps'], fmt_ms(r['p50']),
                                                 fmt_ms(r['p90']), fmt_ms(r['p99']),
                                                 r['errors'], size))
    print()
    for key, label in rows[:2]:
        r = results[key]
        rate = r['rps'] / fl['rps']
        p99 = r['p99'] / fl['p99'] if fl['p99'] else float('inf')
        aim = RATE_AIM[key]
        print('  %-34s rate %.3f x nginx (aim >= %.1f: %s), p99 %.1f x nginx (aim <= 2: %s)' % (
            label, rate, aim, 'met' if rate >= aim else 'NOT met', p99,
            'met' if p99 <= 2 else 'NOT met'))
    for key, label in rows[:2]:
        r = results[key]
        batch = (', %.1f per group commit' % (r['log_written'] / r['commits'])
                 if r['commits'] else '')
        print('  %-34s %.0f us server CPU per request; %s processing-log records written '
              '(%.0f/s%s)' % (label, r['cpu_s'] * 1e6 / max(r['requests'], 1),
                              f"{r['log_written']:,}", r['log_written'] / args.duration, batch))


if __name__ == '__main__':
    sys.exit(main())
