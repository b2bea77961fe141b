#!/bin/sh
# import_bench.sh SAMENLOOP [options] - see import_bench.py
exec python3 "$(dirname "$0")/import_bench.py" "$@"
