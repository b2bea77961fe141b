#!/usr/bin/env python3
"""The web UI's static files (src/http/static_files.c) on a real server.

Usage: test_web_static.py PATH_TO_SAMENLOOP DATA_DIR
Makes a tiny web_root in a temporary folder (index.html, hashed assets, a few
file types, a symbolic link out of it, a dotfile), next to a secret file that
must never be served, and checks: the SPA fallback, 404 for a missing asset,
content types, cache and security headers, HEAD and If-None-Match, 405 for
other methods, traversal attempts (plain, percent-encoded, double-encoded,
backslash, NUL), symbolic links, the API untouched, and a server without
web_root.
"""
import http.client
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from api_harness import Server, case, eq, run_cases  # noqa: E402

BIN = os.path.abspath(sys.argv[1])
DATA = os.path.abspath(sys.argv[2])

CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
       "frame-ancestors 'none'; base-uri 'none'; form-action 'self'")
SECRET = 'GEHEIM-buiten-web-root'
INDEX = '<!doctype html><title>samenloop</title><div id="app"></div>'

TMP = tempfile.mkdtemp(prefix='samenloop-web-')
ROOT = os.path.join(TMP, 'dist')
FILES = {
    'index.html': INDEX,
    'assets/index-3f9a1c.js': 'console.log("app");',
    'assets/index-77b2e0.css': 'body{margin:0}',
    'assets/index-3f9a1c.js.map': '{"version":3}',
    'assets/rijkslint-aa11.woff2': 'wOF2',
    'logo.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>',
    'favicon.ico': '\x00\x00\x01\x00',
    'beeld.png': '\x89PNG',
    'manifest.json': '{}',
    '.env': SECRET,
}


def make_root():
    for rel, text in FILES.items():
        path = os.path.join(ROOT, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, 'w', encoding='latin-1') as f:
            f.write(text)
    with open(os.path.join(TMP, 'secret.txt'), 'w') as f:
        f.write(SECRET)
    os.symlink(os.path.join(TMP, 'secret.txt'), os.path.join(ROOT, 'assets', 'link.js'))
    os.symlink('../secret.txt', os.path.join(ROOT, 'leak.txt'))
    os.symlink(TMP, os.path.join(ROOT, 'assets', 'up'))


make_root()
S = Server(BIN, DATA, deliveries=(), extra_args=['--set', 'web_root=' + ROOT]).start()


def raw_get(path, method='GET', headers=None):
    """A request with the path sent exactly as given (no client-side normalising)."""
    conn = http.client.HTTPConnection('127.0.0.1', S.port, timeout=30)
    conn.putrequest(method, path, skip_accept_encoding=True)
    for k, v in (headers or {}).items():
        conn.putheader(k, v)
    conn.endheaders()
    r = conn.getresponse()
    body = r.read()
    hdrs = {k.lower(): v for k, v in r.getheaders()}
    conn.close()
    return r.status, hdrs, body.decode('latin-1')


def security(hdrs, what):
    eq(hdrs.get('content-security-policy'), CSP, what + ': CSP')
    eq(hdrs.get('x-content-type-options'), 'nosniff', what + ': nosniff')
    eq(hdrs.get('referrer-policy'), 'no-referrer', what + ': Referrer-Policy')


@case
def root_is_index_html():
    status, hdrs, body = raw_get('/')
    eq((status, body), (200, INDEX), 'GET /')
    eq(hdrs['content-type'], 'text/html; charset=utf-8', 'content type')
    eq(hdrs['cache-control'], 'no-cache', 'index.html is revalidated')
    security(hdrs, 'GET /')


@case
def client_routes_fall_back_to_index():
    for path in ('/dossier/0014200000000001', '/werkvoorraad', '/beheer/gebruikers/j.devries',
                 '/dossier/', '/index.html', '/leak.txt', '/nergens.js'):
        status, hdrs, body = raw_get(path)
        eq((status, body), (200, INDEX), path)
        eq(hdrs['content-type'], 'text/html; charset=utf-8', path + ' content type')
        security(hdrs, path)


@case
def assets_are_immutable():
    status, hdrs, body = raw_get('/assets/index-3f9a1c.js')
    eq((status, body), (200, 'console.log("app");'), 'asset')
    eq(hdrs['cache-control'], 'public, max-age=31536000, immutable', 'asset cache')
    eq(hdrs['content-length'], str(len(body)), 'length')
    security(hdrs, 'asset')


@case
def missing_asset_is_404():
    for path in ('/assets/index-000000.js', '/assets/', '/assets', '/assets/sub/x.css'):
        status, hdrs, body = raw_get(path)
        eq(status, 404, path)
        eq(hdrs['content-type'], 'application/problem+json', path + ' problem')
        security(hdrs, path)
        if '<!doctype' in body:
            raise AssertionError('%s answered the index' % path)


@case
def content_types():
    want = {'/assets/index-3f9a1c.js': 'text/javascript; charset=utf-8',
            '/assets/index-77b2e0.css': 'text/css; charset=utf-8',
            '/assets/index-3f9a1c.js.map': 'application/json',
            '/assets/rijkslint-aa11.woff2': 'font/woff2',
            '/logo.svg': 'image/svg+xml', '/favicon.ico': 'image/x-icon',
            '/beeld.png': 'image/png', '/manifest.json': 'application/json',
            '/index.html': 'text/html; charset=utf-8'}
    for path, ctype in want.items():
        status, hdrs, _ = raw_get(path)
        eq((status, hdrs.get('content-type')), (200, ctype), path)
        want_cache = ('public, max-age=31536000, immutable' if path.startswith('/assets/')
                      else 'no-cache')
        eq(hdrs['cache-control'], want_cache, path + ' cache')


@case
def head_and_conditional_get():
    status, hdrs, body = raw_get('/assets/index-77b2e0.css', method='HEAD')
    eq((status, body), (200, ''), 'HEAD has no body')
    eq(hdrs.get('content-length'), '14', 'HEAD length')
    security(hdrs, 'HEAD')
    status, hdrs, _ = raw_get('/')
    etag = hdrs['etag']
    status, hdrs, body = raw_get('/', headers={'If-None-Match': etag})
    eq((status, body), (304, ''), 'If-None-Match')
    security(hdrs, '304')


@case
def other_methods_are_405():
    for method in ('POST', 'PUT', 'DELETE', 'PATCH'):
        status, hdrs, _ = raw_get('/dossier/1', method=method)
        eq(status, 405, method)
        eq(hdrs.get('allow'), 'GET, HEAD', method + ' Allow')
        security(hdrs, method)


@case
def traversal_is_refused():
    attempts = ['/../secret.txt', '/assets/../../secret.txt', '/%2e%2e/secret.txt',
                '/%2E%2E/%2E%2E/secret.txt', '/assets/..%2f..%2fsecret.txt',
                '/assets/%2e%2e%2f%2e%2e%2fsecret.txt', '/%252e%252e/secret.txt',
                '/..%5csecret.txt', '/assets\\..\\..\\secret.txt', '/%5c..%5csecret.txt',
                '/./index.html', '/.env', '/assets/.%2e/.%2e/secret.txt', '/a//b',
                '/index.html%00.png', '/%00', '/assets/up/secret.txt', '/assets/link.js',
                '/%2fetc%2fpasswd', '//etc/passwd']
    for path in attempts:
        status, hdrs, body = raw_get(path)
        if SECRET in body or 'root:' in body:
            raise AssertionError('%s leaked: %d' % (path, status))
        if status == 200:
            eq(body, INDEX, path + ' (answered, so with the index)')
        elif status not in (400, 404):
            raise AssertionError('%s: status %d' % (path, status))
        security(hdrs, path)
    # the plain ones are refused outright, not answered with the index
    for path in ('/../secret.txt', '/%2e%2e/secret.txt', '/..%5csecret.txt', '/.env',
                 '/%252e%252e/secret.txt', '/index.html%00.png', '/%00'):
        eq(raw_get(path)[0], 400, path)
    for path in ('/assets/link.js', '/assets/up/secret.txt'):
        eq(raw_get(path)[0], 404, path + ' (a symbolic link is not followed)')


@case
def api_is_untouched():
    eq(raw_get('/healthz')[0], 200, '/healthz')
    status, hdrs, _ = raw_get('/api/v1/openapi.json')
    eq((status, hdrs['content-type']), (200, 'application/json'), 'openapi')
    status, hdrs, body = raw_get('/api/v1/bestaat-niet')
    eq((status, hdrs['content-type']), (404, 'application/problem+json'), 'unknown API route')
    eq(raw_get('/api/v1/signalen')[0], 401, 'API still needs an account')


def binary_in(folder):
    """A copy of the binary in folder/bin, away from the build tree's web/dist."""
    os.makedirs(os.path.join(folder, 'bin'), exist_ok=True)
    copy = os.path.join(folder, 'bin', 'samenloop')
    shutil.copy2(BIN, copy)
    return copy


@case
def web_ui_beside_the_binary_by_default():
    # an install: bin/samenloop and share/samenloop/web (decision 165)
    inst = os.path.join(TMP, 'install')
    web = os.path.join(inst, 'share', 'samenloop', 'web')
    os.makedirs(web)
    with open(os.path.join(web, 'index.html'), 'w', encoding='utf-8') as f:
        f.write('<!doctype html><title>samenloop installed</title>')
    with Server(binary_in(inst), DATA, deliveries=()) as s:
        s.start()
        status, hdrs, body = s.request('GET', '/')
        eq(status, 200, 'the installed UI is served without web_root')
        if 'samenloop installed' not in str(body):
            raise AssertionError('not the installed index.html: %r' % body)


@case
def without_web_root():
    with Server(binary_in(os.path.join(TMP, 'bare')), DATA, deliveries=()) as s:
        s.start()
        status, hdrs, body = s.request('GET', '/')
        eq(status, 404, 'no web UI configured')
        if 'web_root' not in body.get('detail', ''):
            raise AssertionError('the answer should say web_root is not set: %r' % body)
        eq(hdrs.get('content-security-policy'), CSP, 'CSP')
        eq(s.request('GET', '/dossier/1')[0], 404, 'a client route')
        eq(s.request('GET', '/healthz')[0], 200, 'still healthy')


@case
def web_root_must_be_a_directory():
    p = subprocess.run([BIN, '--db', os.path.join(TMP, 'x.db'), 'serve', '--listen',
                        '127.0.0.1:1', '--set', 'web_root=' + os.path.join(TMP, 'secret.txt')],
                       capture_output=True, text=True, timeout=30)
    eq(p.returncode, 1, 'exit status')
    if 'web_root' not in p.stderr:
        raise AssertionError('stderr should name web_root: %r' % p.stderr)


try:
    rc = run_cases()
finally:
    S.__exit__(None, None, None)
    shutil.rmtree(TMP, ignore_errors=True)
sys.exit(rc)
