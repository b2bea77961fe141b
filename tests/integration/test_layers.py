#!/usr/bin/env python3
"""The layers depend one way (docs/architecture.md), and no route goes around the
disclosure gate: core <- store <- service <- faces (cli, http).

- the core includes no header of a later layer, and does no I/O of its own;
- the store includes no service, HTTP or CLI header; the services no HTTP or CLI header;
- an HTTP handler (src/http/h_*.c) calls services only: no sl_store_* call but
  sl_store_errmsg, which only reads the message of an error a service returned;
- the server core of src/http (every file but the handlers h_*.c and their route
  table routes.c) includes no handler header: it builds without any handler
  (tests/unit/http links it alone);
- the server and the services log through sl_log (service/log.h) only: no raw
  write to stderr in src/http or src/service, so every line has the one form.

Usage: test_layers.py SOURCE_ROOT
"""
import os
import re
import sys

ROOT = sys.argv[1]
INCLUDE = re.compile(r'^\s*#\s*include\s+"([a-z_]+)/', re.M)
FORBIDDEN = {
    'core': {'store', 'service', 'http', 'cli', 'gen'},
    'store': {'service', 'http', 'cli', 'gen'},
    'service': {'http', 'cli'},
}
# what a pure core must not call (stdio to files, sockets, the clock, processes)
CORE_IO = re.compile(r'\b(fopen|fwrite|fread|open|read|write|socket|time|clock_gettime|'
                     r'getenv|system|popen|printf|fprintf)\s*\(')
STORE_CALL = re.compile(r'\bsl_store_([a-z_]+)\s*\(')
# stdio to stderr; log.c itself writes with write(2, ...)
RAW_STDERR = re.compile(r'\b(fprintf|fputs|fputc|vfprintf|fwrite)\s*\([^;]*\bstderr\b|\bperror\s*\(')


def sources(layer):
    folder = os.path.join(ROOT, 'src', layer)
    for name in sorted(os.listdir(folder)):
        if name.endswith(('.c', '.h')):
            path = os.path.join(folder, name)
            with open(path, encoding='utf-8') as f:
                yield 'src/%s/%s' % (layer, name), f.read()


def strip_comments(text):
    text = re.sub(r'/\*.*?\*/', '', text, flags=re.S)
    return re.sub(r'//[^\n]*', '', text)


def main():
    problems = []
    for layer, banned in FORBIDDEN.items():
        for path, text in sources(layer):
            for used in INCLUDE.findall(text):
                if used in banned:
                    problems.append('%s includes a %s header' % (path, used))
    for path, text in sources('core'):
        for m in CORE_IO.finditer(strip_comments(text)):
            problems.append('%s calls %s: the core does no I/O' % (path, m.group(1)))
    handlers = [(p, t) for p, t in sources('http') if os.path.basename(p).startswith('h_')]
    if not handlers:
        problems.append('no handler files found under src/http')
    for path, text in handlers:
        for m in STORE_CALL.finditer(strip_comments(text)):
            if m.group(1) != 'errmsg':
                problems.append('%s calls sl_store_%s: handlers call services only'
                                % (path, m.group(1)))
    handler_headers = ('http/handlers.h',)
    for path, text in sources('http'):
        name = os.path.basename(path)
        if name.startswith('h_') or name == 'routes.c':
            continue
        for inc in re.findall(r'^\s*#\s*include\s+"([^"]+)"', text, re.M):
            if inc in handler_headers:
                problems.append('%s includes %s: the server core needs no handler'
                                % (path, inc))
    for layer in ('http', 'service'):
        for path, text in sources(layer):
            for m in RAW_STDERR.finditer(strip_comments(text)):
                problems.append('%s writes to stderr itself (%s): log through sl_log'
                                % (path, m.group(0)[:40]))
    for p in problems:
        print('FAILED', p)
    print('layers: %d handler files, %d problems' % (len(handlers), len(problems)))
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
