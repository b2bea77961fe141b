#!/bin/sh
# pg-cluster.sh start DIR [--throwaway] | stop DIR - a PostgreSQL cluster of the tests' own.
#
#   start DIR  initdb in DIR/data (when not there yet), a free TCP port on
#              127.0.0.1, the socket in DIR, started with pg_ctl -w; writes the
#              admin connection URL (postgresql://USER@127.0.0.1:PORT/postgres)
#              to DIR/url and prints it. Starting a running cluster prints its URL.
#              Started again after a stop it takes its previous port when free.
#              With --throwaway: fsync, synchronous_commit and full_page_writes
#              off (decision 249), for a cluster whose every database a test run
#              makes and drops; a crash of the machine (not of PostgreSQL) may
#              lose or damage its data. Never for a register's data, and not for
#              the benchmark, which measures durable commits.
#   stop DIR   stops it (fast shutdown); nothing to do when it is not running.
#
# It never touches a cluster the Debian package made (the "main" cluster on
# 5432): its own directory, port and socket. initdb refuses to run as root:
# as root the cluster belongs to the `postgres` system user that Debian's
# postgresql-15 creates (decision 142), otherwise to the caller.
# Trust authentication, on 127.0.0.1 and the socket in DIR only: a throwaway
# cluster for tests, never one for data.
set -eu

usage() { echo "usage: $0 start DIR [--throwaway] | stop DIR" >&2; exit 2; }
[ $# -eq 2 ] || { [ $# -eq 3 ] && [ "$1" = start ] && [ "$3" = --throwaway ]; } || usage
cmd=$1
dir=$2
durable=on
[ "${3:-}" = --throwaway ] && durable=off

bindir=${PG_BINDIR:-}
if [ -z "$bindir" ]; then
  for v in 17 16 15; do
    [ -x /usr/lib/postgresql/$v/bin/pg_ctl ] && { bindir=/usr/lib/postgresql/$v/bin; break; }
  done
fi
[ -n "$bindir" ] || bindir=$(dirname "$(command -v pg_ctl || echo /nonexistent/pg_ctl)")
[ -x "$bindir/pg_ctl" ] || { echo "pg-cluster: pg_ctl not found (sh scripts/install-deps.sh)" >&2; exit 1; }

owner=$(id -un)
as_owner() { "$@"; }
if [ "$(id -u)" -eq 0 ]; then
  owner=postgres
  id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql \
    --shell /bin/sh postgres
  as_owner() { runuser -u postgres -- "$@"; }
fi

data=$dir/data
running() { [ -f "$data/postmaster.pid" ] && as_owner "$bindir/pg_ctl" -D "$data" status >/dev/null 2>&1; }

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

case $cmd in
start)
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  data=$dir/data
  if running; then
    cat "$dir/url"
    exit 0
  fi
  [ "$owner" = "$(id -un)" ] || chown "$owner" "$dir"
  chmod 700 "$dir"
  if [ ! -f "$data/PG_VERSION" ]; then
    as_owner "$bindir/initdb" -D "$data" -U "$owner" --auth=trust --encoding=UTF8 \
      --locale=C.UTF-8 --no-instructions >"$dir/initdb.log" 2>&1 ||
      { cat "$dir/initdb.log" >&2; exit 1; }
  fi
  # A port can be taken between choosing and binding it: try a few.
  for attempt in 1 2 3 4 5; do
    port=$(free_port)
    # started again after a stop, it keeps its URL while the port is free, so
    # that a client of the stopped cluster finds it back (test_pg_readyz.py)
    if [ "$attempt" -eq 1 ] && [ -f "$dir/url" ]; then
      port=$(sed -n 's#^postgresql://[^:]*:\([0-9]*\)/.*#\1#p' "$dir/url")
      [ -n "$port" ] || port=$(free_port)
    fi
    # Durable unless --throwaway: then a commit, a checkpoint (every DROP
    # DATABASE asks for one) and a database copied from a template wait for no
    # disk. Enough connections for parallel tests (each test database, several
    # connections each); a small cluster.
    opts="-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories='$dir'"
    opts="$opts -c fsync=$durable -c synchronous_commit=$durable -c full_page_writes=$durable"
    opts="$opts -c max_connections=200 -c shared_buffers=64MB -c max_wal_size=1GB"
    opts="$opts -c timezone=UTC -c datestyle=ISO -c log_min_messages=warning"
    if as_owner "$bindir/pg_ctl" -D "$data" -w -t 30 -l "$dir/server.log" -o "$opts" \
        start >/dev/null; then
      echo "postgresql://$owner@127.0.0.1:$port/postgres" >"$dir/url"
      cat "$dir/url"
      exit 0
    fi
    grep -q "could not bind\|Address already in use" "$dir/server.log" 2>/dev/null || break
  done
  echo "pg-cluster: start failed; $dir/server.log:" >&2
  tail -20 "$dir/server.log" >&2 || true
  exit 1
  ;;
stop)
  [ -d "$data" ] || exit 0
  running || exit 0
  as_owner "$bindir/pg_ctl" -D "$data" -w -t 60 -m fast stop >/dev/null
  ;;
*)
  usage
  ;;
esac
