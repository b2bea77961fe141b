#!/bin/sh
# bootstrap.sh - the README's entry point on a fresh Debian machine:
# installs the dependencies, then runs `make TARGET` (run, test, bench, ...).
set -eu
cd "$(dirname "$0")/.."
sh scripts/install-deps.sh
exec make "$@"
