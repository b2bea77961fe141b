#!/bin/sh
# pgbouncer-check.sh ADMIN_URL [SAMENLOOP [MODE]] - does PgBouncer in transaction
# mode work with named prepared statements (docs/operations.md, "Connection limits")?
#
# Starts Debian's pgbouncer (apt-get install pgbouncer) in a temporary directory
# in front of the cluster at ADMIN_URL (scripts/pg-cluster.sh) with
# pool_mode=transaction and 2 server connections (MODE session: 8), then runs pgbench with 8
# clients through it: -M simple (no prepared statements) and -M prepared (named
# statements made once per connection with PQprepare, as sl_pg_query does).
# With SAMENLOOP, also imports the test deliveries through it and verifies the
# processing log. Prints one line per run; a throwaway database, dropped at the end.
set -u
admin=$1
bin=${2:-}
mode=${3:-transaction}
# session mode keeps a server connection per client: as many as pgbench has clients
pool=2
[ "$mode" = session ] && pool=8
bindir=/usr/lib/postgresql/15/bin
[ -x "$bindir/pgbench" ] || bindir=$(dirname "$(command -v pgbench)")
command -v pgbouncer >/dev/null || { echo "pgbouncer-check: apt-get install pgbouncer" >&2; exit 1; }
hostport=$(echo "$admin" | sed 's|^[a-z]*://[^@]*@\([^/]*\)/.*|\1|')
host=${hostport%:*}
port=${hostport##*:}
# a fresh directory of our own: mktemp replaces the six X's with random characters
dir=$(mktemp -d /tmp/samenloop-pgbouncer-XXXXXX)
db=bouncer_check_$$
bport=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
user=$(echo "$admin" | sed 's|^[a-z]*://\([^@]*\)@.*|\1|')
as_me() { "$@"; }
[ "$(id -u)" -eq 0 ] && as_me() { runuser -u postgres -- "$@"; }
cleanup() {
  [ -f "$dir/pgbouncer.pid" ] && kill "$(cat "$dir/pgbouncer.pid")" 2>/dev/null
  psql -X -q -d "$admin" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1
  rm -rf "$dir"
}
trap cleanup EXIT
psql -X -q -d "$admin" -c "CREATE DATABASE $db" || exit 1
cat >"$dir/pgbouncer.ini" <<INI
[databases]
$db = host=$host port=$port dbname=$db user=$user
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $bport
unix_socket_dir =
auth_type = trust
auth_file = $dir/users.txt
pool_mode = $mode
default_pool_size = $pool
max_client_conn = 100
query_wait_timeout = 10
logfile = $dir/pgbouncer.log
pidfile = $dir/pgbouncer.pid
INI
echo "\"$user\" \"\"" >"$dir/users.txt"
[ "$(id -u)" -eq 0 ] && chown -R postgres "$dir"
as_me pgbouncer -d "$dir/pgbouncer.ini" || exit 1
sleep 0.5
url="postgresql://$user@127.0.0.1:$bport/$db"
echo "$(pgbouncer --version | head -1), pool_mode=$mode, default_pool_size=$pool"
"$bindir/pgbench" -i -q -s 1 "postgresql://$user@$hostport/$db" >/dev/null 2>&1
for protocol in simple prepared; do
  out=$("$bindir/pgbench" -n -M $protocol -c 8 -j 2 -T 3 "$url" 2>&1)
  if echo "$out" | grep -q "aborted\|error"; then
    echo "pgbench -M $protocol: FAILS: $(echo "$out" | grep -m1 ERROR)"
  else
    echo "pgbench -M $protocol: works ($(echo "$out" | grep -m1 '^tps'))"
  fi
done
if [ -n "$bin" ]; then
  data=$(dirname "$0")/../tests/data/small
  if out=$("$bin" --db "$url" import "$data/bag_adressen.csv" "$data/ncg_trajecten.csv" \
      "$data/img_schades.csv" 2>&1) && out=$("$bin" --db "$url" logboek verify 2>&1); then
    echo "samenloop import + logboek verify: works"
  else
    echo "samenloop import + logboek verify: FAILS: $(echo "$out" | tail -1)"
  fi
fi
