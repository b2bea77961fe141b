#!/bin/sh
# install-deps.sh [--browser] - installs what samenloop needs to build, test and
# run, from Debian's packages. Safe to run again: it installs only what is missing.
#   --browser  also Debian's Chromium, for the web UI's browser tests
# PostgreSQL 15 (server and client) is for the tests' own cluster
# (scripts/pg-cluster.sh); HAProxy for the test of two instances behind one address.
# Debian's postgresql-15 also makes and starts a "main" cluster on port 5432 where
# a service manager runs; samenloop's tests neither use nor need it.
# Node.js and npm build the web UI (web/, `npm ci`). The machines this project runs
# on come with Node.js 20; only where none is installed is Debian's taken.
set -eu

PACKAGES="make gcc clang libclang-rt-14-dev meson ninja-build pkg-config python3
  libsqlite3-dev sqlite3 libpq-dev libmicrohttpd-dev libjansson-dev libcsv-dev
  libsodium-dev zlib1g-dev libcurl4-openssl-dev libcmocka-dev valgrind time
  postgresql-15 postgresql-client-15 haproxy"
[ "${1:-}" = "--browser" ] && PACKAGES="$PACKAGES chromium fonts-dejavu-core"
command -v node >/dev/null 2>&1 || PACKAGES="$PACKAGES nodejs"
command -v npm >/dev/null 2>&1 || PACKAGES="$PACKAGES npm"

missing=""
for p in $PACKAGES; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0

SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
echo "install-deps: installing:$missing"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
