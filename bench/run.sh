#!/bin/sh
# Beian's HTTP benchmark: wrk against, in one run and on the same machine,
#   1. a bare libmicrohttpd reply (bench/bare.c, the reference),
#   2. GET /healthz (a database ping),
#   3. GET /api/v1/me with a logged-in session (session lookup + JSON),
# printing requests/second and each one's ratio to the reference.
# Target (issue 2): the authenticated read at least 0.35 of the reference.
#   bench/run.sh [SECONDS] [CONNECTIONS]
set -eu
cd "$(dirname "$0")/.."
secs=${1:-10}
conns=${2:-64}
threads=$(nproc)
[ -x build/beian ] || { cmake -S . -B build >/dev/null && cmake --build build -j"$threads" --target beian; }
command -v wrk >/dev/null || { echo "bench: wrk is not installed (tools/install-deps.sh)"; exit 1; }
out=bench/out
mkdir -p "$out"
work=$(mktemp -d /tmp/beian-bench-XXXXXX)
cleanup() { kill $bare_pid $beian_pid 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"; }
bare_pid=""; beian_pid=""
trap cleanup EXIT INT TERM

cc -O2 -o "$out/bare" bench/bare.c $(pkg-config --cflags --libs libmicrohttpd)
"$out/bare" 18181 "$threads" & bare_pid=$!

./build/beian migrate --data-dir "$work" --log-level warn >/dev/null
echo "Bench-Pass-2026" | ./build/beian user add --data-dir "$work" --log-level warn --role customer \
    --login bench --email bench@example.com --mobile 13800001111 --password-stdin >/dev/null
./build/beian serve --data-dir "$work" --port 18182 --threads "$threads" --log-level info 2>/dev/null &
beian_pid=$!
sleep 1
jar="$work/cookies"
curl -s -c "$jar" -b "$jar" http://127.0.0.1:18182/api/v1/csrf > "$work/csrf.json"
token=$(sed 's/.*"csrf_token":"\([^"]*\)".*/\1/' "$work/csrf.json")
curl -s -c "$jar" -b "$jar" -H "X-CSRF-Token: $token" -H "Content-Type: application/json" \
    -d '{"login":"bench","password":"Bench-Pass-2026"}' http://127.0.0.1:18182/api/v1/session >/dev/null
sid=$(awk '$6 == "sid" { print $7 }' "$jar")
[ -n "$sid" ] || { echo "bench: login failed"; exit 1; }
curl -sf -b "sid=$sid" http://127.0.0.1:18182/api/v1/me >/dev/null || { echo "bench: /api/v1/me failed"; exit 1; }

rate() { # url [header]
    if [ -n "${2:-}" ]; then
        wrk -t"$threads" -c"$conns" -d"${secs}s" -H "$2" "$1"
    else
        wrk -t"$threads" -c"$conns" -d"${secs}s" "$1"
    fi | awk '/Requests\/sec/ { print $2 } /Non-2xx/ { print "ERR " $0 > "/dev/stderr" }'
}
ref=$(rate http://127.0.0.1:18181/)
health=$(rate http://127.0.0.1:18182/healthz)
me=$(rate http://127.0.0.1:18182/api/v1/me "Cookie: sid=$sid")
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
printf '%-34s %12s %8s\n' "target ($threads threads, $conns conns, ${secs}s)" "req/s" "ratio"
printf '%-34s %12.0f %8s\n' "bare libmicrohttpd (reference)" "$ref" "1.00"
printf '%-34s %12.0f %8s\n' "GET /healthz" "$health" "$(ratio "$health" "$ref")"
printf '%-34s %12.0f %8s\n' "GET /api/v1/me (authenticated)" "$me" "$(ratio "$me" "$ref")"
awk -v a="$me" -v b="$ref" 'BEGIN { if (a / b < 0.35) { print "below the 0.35 target"; exit 1 } else print "authenticated read meets the 0.35 target" }'
