#!/bin/sh
# A throwaway PostgreSQL 15 cluster for tests.
#
#   tools/pg-test-cluster.sh start        start one; prints shell assignments
#                                         BEIAN_TEST_PG_URL=... and
#                                         BEIAN_TEST_PG_DIR=... (eval them)
#   tools/pg-test-cluster.sh stop DIR     stop it and delete DIR
#   tools/pg-test-cluster.sh run CMD...   start, run CMD with
#                                         BEIAN_TEST_PG_URL set, stop; exits
#                                         with CMD's status
#
# The cluster lives in a fresh temporary directory, listens on 127.0.0.1 at
# a free port (and a Unix socket in that directory), trusts local
# connections (role "beian", database "beian_test") and skips fsync: it is
# for tests only. initdb refuses to run as root, so as root the server runs
# as the "postgres" user through runuser.
set -eu

PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
PGUSER_NAME=beian
PGDB_NAME=beian_test

if [ "$(id -u)" = 0 ]; then
    AS="runuser -u postgres --"
else
    AS=""
fi

die() {
    echo "pg-test-cluster: $*" >&2
    exit 1
}

# A TCP port on 127.0.0.1 that nothing listens on (postgres fails cleanly if
# it is taken meanwhile, and start tries again).
free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null ||
        echo $((20000 + ($$ * 7 + $1 * 131) % 20000))
}

start() {
    [ -x "$PGBIN/initdb" ] || die "no PostgreSQL at $PGBIN (set PGBIN)"
    dir=$(mktemp -d "${TMPDIR:-/tmp}/beian-pg.XXXXXX")
    chmod 755 "$dir"
    [ -n "$AS" ] && chown postgres:postgres "$dir"
    $AS "$PGBIN/initdb" -D "$dir/data" -U "$PGUSER_NAME" -A trust -E UTF8 --locale=C \
        --no-sync --no-instructions >"$dir/initdb.log" 2>&1 ||
        { cat "$dir/initdb.log" >&2; rm -rf "$dir"; die "initdb failed"; }
    tries=0
    while :; do
        port=$(free_port $tries)
        opts="-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off"
        opts="$opts -c synchronous_commit=off -c full_page_writes=off -c max_connections=50"
        if $AS "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 -o "$opts" \
            start >/dev/null 2>&1; then
            break
        fi
        tries=$((tries + 1))
        [ $tries -lt 5 ] || { cat "$dir/server.log" >&2; rm -rf "$dir"; die "server did not start"; }
    done
    "$PGBIN/createdb" -h 127.0.0.1 -p "$port" -U "$PGUSER_NAME" "$PGDB_NAME" ||
        { stop "$dir"; die "createdb failed"; }
    echo "BEIAN_TEST_PG_URL=postgresql://$PGUSER_NAME@127.0.0.1:$port/$PGDB_NAME"
    echo "BEIAN_TEST_PG_DIR=$dir"
}

stop() {
    dir=${1:?usage: pg-test-cluster.sh stop DIR}
    [ -f "$dir/data/PG_VERSION" ] || die "$dir is not a test cluster"
    $AS "$PGBIN/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
}

run() {
    [ $# -gt 0 ] || die "usage: pg-test-cluster.sh run CMD..."
    eval "$(start)"
    export BEIAN_TEST_PG_URL
    trap 'stop "$BEIAN_TEST_PG_DIR"' EXIT INT TERM
    status=0
    "$@" || status=$?
    exit $status
}

cmd=${1:-}
[ $# -gt 0 ] && shift
case "$cmd" in
start) start ;;
stop) stop "$@" ;;
run) run "$@" ;;
*) die "usage: pg-test-cluster.sh start | stop DIR | run CMD..." ;;
esac
