#!/bin/sh
# install-deps.sh - installs what samenloop needs to build, test and run,
# from Debian's packages. Safe to run again: it installs only what is missing.
set -eu

PACKAGES="make gcc clang libclang-rt-14-dev meson ninja-build pkg-config python3
  libsqlite3-dev sqlite3 libpq-dev libmicrohttpd-dev libjansson-dev libcsv-dev
  libsodium-dev libcurl4-openssl-dev libcmocka-dev valgrind time"

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
