#!/bin/sh
# install-bench-deps.sh - installs what the API benchmark needs (wrk for load,
# nginx for the static-file floor, python3 and sqlite3 for the driver), from
# Debian's packages. Safe to run again: it installs only what is missing.
# The benchmark starts its own nginx with its own config on a loopback port;
# the system's nginx service is neither needed nor touched.
set -eu

PACKAGES="wrk nginx python3 sqlite3"

missing=""
for p in $PACKAGES; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0

SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
echo "install-bench-deps: installing:$missing"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
