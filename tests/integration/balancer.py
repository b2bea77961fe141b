"""HAProxy in front of several `samenloop serve` instances on one register, for
the tests (test_two_instances.py) and the API benchmark (bench/api_bench.py).

The configuration is generated in a temporary directory: round robin, a health
check on /readyz every 200 ms, `option redispatch` and retries on connection
failure (a request that never reached an instance goes to another one), and the
serving instance's name in the response header X-Samenloop-Instance. Requests
that did reach an instance are not retried: a POST that an instance may have
committed before it died is the client's to repeat, as with one instance.

Not a test itself; Debian's `haproxy` (scripts/install-deps.sh).
"""
import os
import shutil
import subprocess
import tempfile
import time

from api_harness import Server, free_port

CONFIG = '''global
  maxconn 1024
defaults
  mode http
  timeout connect 2s
  timeout client 60s
  timeout server 60s
  timeout check 2s
  retries 3
  retry-on conn-failure
  option redispatch
  option http-keep-alive
frontend samenloop
  bind 127.0.0.1:{port}
  default_backend instances
backend instances
  balance roundrobin
  option httpchk GET /readyz
  http-check expect status 200
  http-response set-header X-Samenloop-Instance %s
  default-server check inter 200ms fall 1 rise 2
{servers}
'''


def haproxy_config(port, backends):
    """The configuration for HAProxy on 127.0.0.1:port in front of backends, a
    list of (name, port)."""
    servers = '\n'.join('  server %s 127.0.0.1:%d' % (name, p) for name, p in backends)
    return CONFIG.format(port=port, servers=servers)


class HAProxy:
    """HAProxy in the foreground on a free port in front of backends [(name, port)];
    use as a context manager, or start() and stop()."""

    def __init__(self, backends, binary='haproxy'):
        self.binary = shutil.which(binary) or '/usr/sbin/haproxy'
        self.backends = list(backends)
        self.port = free_port()
        self.tmp = tempfile.mkdtemp(prefix='samenloop-haproxy-')
        self.config = os.path.join(self.tmp, 'haproxy.cfg')
        self.proc = None

    def start(self, wait_for=None):
        """Starts HAProxy and waits until it answers /readyz through an instance
        (or, with wait_for, until every named instance has served once)."""
        with open(self.config, 'w') as f:
            f.write(haproxy_config(self.port, self.backends))
        check = subprocess.run([self.binary, '-c', '-q', '-f', self.config],
                               capture_output=True, text=True)
        if check.returncode != 0:
            raise AssertionError('haproxy -c: ' + check.stderr)
        self.proc = subprocess.Popen([self.binary, '-db', '-f', self.config],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                     text=True)
        want = set(wait_for or [])
        deadline = time.time() + 20
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError('haproxy exited: ' + self.proc.stderr.read())
            try:
                status, hdrs, _ = self.request('GET', '/readyz')
                if status == 200:
                    want.discard(hdrs.get('x-samenloop-instance'))
                    if not want:
                        return self
            except OSError:
                pass
            time.sleep(0.05)
        raise AssertionError('haproxy did not pass requests on (still waiting for %s)'
                             % sorted(want))

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()

    # the harness's client, against HAProxy's port
    request = Server.request


if __name__ == '__main__':
    # For harnesses in other languages (tests/e2e/harness.mjs): writes the
    # configuration, `balancer.py CONFIG PORT NAME:PORT...`; they run HAProxy.
    import sys
    with open(sys.argv[1], 'w') as f:
        f.write(haproxy_config(int(sys.argv[2]),
                               [(b.split(':')[0], int(b.split(':')[1])) for b in sys.argv[3:]]))
