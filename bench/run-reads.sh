#!/bin/sh
# Reads at 10,000 and 1,000,000 applications (issue 13, items 3 and 5), on
# SQLite or PostgreSQL: databases made by `beian dev generate`, a Beian
# server on each and the bare libmicrohttpd reference (bench/bare.c), all
# in one run on this machine.
#
#   1. throughput (wrk -c CONNECTIONS), each sample a ratio to the bare
#      reference measured in the same round, rounds interleaved:
#        GET /api/v1/me                   the cheapest authenticated read
#        GET /api/v1/applications/:id     the customer's application (JSON),
#                                         one returned with reasons
#        GET /api/v1/overview             the customer's overview (JSON)
#        GET /portal                      the overview page
#        GET /portal/applications/:id     the application page
#        GET /staff/queue?...             the reviewers' queue page
#   2. latency with one connection (median), each size, and the ratio of
#      the large database to the small one in each round;
#   3. memory of the server (VmRSS, VmHWM) after wrk with 64 and with
#      1,000 connections on the application read.
# Each figure is min / median / max over the rounds.
#
#   bench/run-reads.sh [SECONDS] [CONNECTIONS] [ROUNDS]
# Environment: BUILD (default build), BENCH_DIR (databases, default
# /tmp/beian-reads-bench), BENCH_KEEP=1 keeps them, BENCH_SMALL /
# BENCH_LARGE (sizes; BENCH_LARGE=0 skips the large one), BENCH_PG_URL
# (a PostgreSQL server URL: the databases are made there, in databases
# beian_reads_N created by the script, instead of SQLite).
# Targets: the application read at least 0.35 of the reference, pages at
# least 0.15, /me at least 0.35; latency at 1,000,000 at most 1.5x that
# at 10,000.
set -eu
cd "$(dirname "$0")/.."
secs=${1:-5}
conns=${2:-64}
rounds=${3:-3}
threads=$(nproc)
build=${BUILD:-build}
small=${BENCH_SMALL:-10000}
large=${BENCH_LARGE:-1000000}
pg=${BENCH_PG_URL:-}
dir=${BENCH_DIR:-/tmp/beian-reads-bench}
bin=$build/beian
[ -x "$bin" ] || { cmake -S . -B "$build" >/dev/null && cmake --build "$build" -j"$threads" --target beian; }
for tool in wrk curl; do
    command -v $tool >/dev/null || { echo "bench: $tool is not installed (tools/install-deps.sh)"; exit 1; }
done
out=bench/out
mkdir -p "$out" "$dir"
work=$(mktemp -d /tmp/beian-rbench-XXXXXX)
pids=""
cleanup() {
    for p in $pids; do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
    [ "${BENCH_KEEP:-0}" = 1 ] || rm -rf "$dir"
}
trap cleanup EXIT INT TERM
sizes=$small
[ "$large" != 0 ] && sizes="$small $large"
engine=sqlite
[ -n "$pg" ] && engine=postgresql
echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), load $(cut -d' ' -f1-3 /proc/loadavg); $engine"

# ---- the databases ------------------------------------------------------
dburl() { # size
    if [ -n "$pg" ]; then echo "$pg" | sed "s|/[^/?]*\(?.*\)\{0,1\}$|/beian_reads_$1\1|"; else echo "sqlite:$dir/$engine-$1/beian.db"; fi
}
sql() { # size query -> rows, one column
    if [ -n "$pg" ]; then psql -qAt "$(dburl "$1" | sed 's/^postgresql:/postgres:/')" -c "$2"; else sqlite3 -readonly "$dir/$engine-$1/beian.db" "$2"; fi
}
for n in $sizes; do
    d=$dir/$engine-$n
    mkdir -p "$d"
    if [ ! -f "$d/ready" ]; then
        if [ -n "$pg" ]; then
            psql -qAt "$pg" -c "DROP DATABASE IF EXISTS beian_reads_$n" -c "CREATE DATABASE beian_reads_$n" >/dev/null
        fi
        echo "generating $n applications ($engine)"
        "$bin" dev generate --applications "$n" --seed 1 --data-dir "$d" --database "$(dburl "$n")" \
            --log-level warn --password Gen-Pass-2026x 2>/dev/null | grep -E "applications in"
        touch "$d/ready"
    fi
    # A database kept from an earlier run gets this build's migrations.
    "$bin" migrate --data-dir "$d" --database "$(dburl "$n")" --log-level warn >/dev/null
done

# ---- the servers --------------------------------------------------------
cc -O2 -o "$out/bare" bench/bare.c $(pkg-config --cflags --libs libmicrohttpd)
"$out/bare" 18181 "$threads" & pids="$pids $!"
port=18190
for n in $sizes; do
    "$bin" serve --data-dir "$dir/$engine-$n" --database "$(dburl "$n")" --port $port \
        --threads "$threads" --log-level info --max-conn-per-address=2000 2>/dev/null &
    echo "$!" >"$work/pid$n"
    pids="$pids $!"
    echo $port >"$work/port$n"
    port=$((port + 1))
done
# Each server answers once it is up (a cold 4 GB database takes a while).
for n in $sizes; do
    i=0
    until curl -sf -o /dev/null "http://127.0.0.1:$(cat "$work/port$n")/healthz"; do
        i=$((i + 1))
        [ $i -lt 600 ] || { echo "bench: the server at $n did not start"; exit 1; }
        sleep 0.1
    done
done
login() { # port login -> sid
    jar=$work/jar$1$2
    curl -s -c "$jar" -b "$jar" "http://127.0.0.1:$1/api/v1/csrf" >"$work/csrf"
    token=$(sed 's/.*"csrf_token":"\([^"]*\)".*/\1/' "$work/csrf")
    curl -s -c "$jar" -b "$jar" -H "X-CSRF-Token: $token" -H "Content-Type: application/json" \
        -d "{\"login\":\"$2\",\"password\":\"Gen-Pass-2026x\"}" \
        "http://127.0.0.1:$1/api/v1/session" >/dev/null
    awk '$6 == "sid" { print $7 }' "$jar"
}
for n in $sizes; do
    # A customer whose latest application was returned with reasons.
    row=$(sql "$n" "SELECT c.login || ' ' || a.id FROM applications a JOIN subjects s ON s.id = a.subject_id
                    JOIN accounts c ON c.id = s.account_id WHERE a.state = 'provider_returned'
                    AND a.id = (SELECT max(id) FROM applications WHERE subject_id = s.id)
                    AND c.status = 'active' ORDER BY a.id LIMIT 1")
    set -- $row
    p=$(cat "$work/port$n")
    echo "$2" >"$work/app$n"
    login "$p" "$1" >"$work/csid$n"
    # A generated reviewer (bench/run-queue.sh adds bench-reviewer, with a
    # password of its own, to a database this script can share).
    login "$p" "$(sql "$n" "SELECT min(login) FROM accounts WHERE role = 'reviewer' AND status = 'active' AND login NOT LIKE 'bench-%'")" >"$work/rsid$n"
    [ -s "$work/csid$n" ] && [ -s "$work/rsid$n" ] || { echo "bench: login failed at $n"; exit 1; }
    curl -sf -b "sid=$(cat "$work/csid$n")" "http://127.0.0.1:$p/api/v1/applications/$2" | grep -q '"return_reasons":\[{' ||
        { echo "bench: application $2 at $n has no return reasons"; exit 1; }
done

# ---- wrk helpers --------------------------------------------------------
measure() { # wrk args -> "req/s p50_ms p99_ms"; a non-2xx answer stops the bench
    wrk --latency "$@" >"$work/wrk.txt" 2>&1 || { cat "$work/wrk.txt"; exit 1; }
    if grep -q "Non-2xx" "$work/wrk.txt"; then cat "$work/wrk.txt"; exit 1; fi
    awk 'function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0;
                          if (v ~ /s$/) return v * 1000; return v }
         /Requests\/sec/ { r = $2 } $1 == "50%" { p50 = ms($2) } $1 == "99%" { p99 = ms($2) }
         END { printf "%.1f %.3f %.3f\n", r, p50, p99 }' "$work/wrk.txt"
}
stats() { # lines of numbers -> "min / median / max"
    sort -g | awk '{ v[NR] = $1 } END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2;
                                         printf "%.3f / %.3f / %.3f", v[1], m, v[NR] }'
}
target_url() { # name size -> "sid-file url"
    p=$(cat "$work/port$2")
    app=$(cat "$work/app$2")
    case $1 in
    me) echo "csid http://127.0.0.1:$p/api/v1/me" ;;
    app) echo "csid http://127.0.0.1:$p/api/v1/applications/$app" ;;
    overview) echo "csid http://127.0.0.1:$p/api/v1/overview" ;;
    portal) echo "csid http://127.0.0.1:$p/portal" ;;
    app_page) echo "csid http://127.0.0.1:$p/portal/applications/$app" ;;
    queue) echo "rsid http://127.0.0.1:$p/staff/queue?queue=all&province=440000" ;;
    esac
}
targets="me app overview portal app_page queue"

# ---- 1 and 2: throughput and latency, rounds interleaved -----------------
echo "$rounds rounds; throughput: wrk -t$threads -c$conns -d${secs}s; latency: wrk -t1 -c1 -d${secs}s"
: >"$work/tp"
: >"$work/lat"
r=1
while [ $r -le "$rounds" ]; do
    ref=$(measure -t"$threads" -c"$conns" -d"${secs}s" http://127.0.0.1:18181/ | cut -d' ' -f1)
    for t in $targets; do
        for n in $sizes; do
            set -- $(target_url "$t" "$n")
            sid=$(cat "$work/$1$n")
            rps=$(measure -t"$threads" -c"$conns" -d"${secs}s" -H "Cookie: sid=$sid" "$2" | cut -d' ' -f1)
            echo "$t $n $rps $ref" >>"$work/tp"
            echo "$t $n $(measure -t1 -c1 -d"${secs}s" -H "Cookie: sid=$sid" "$2")" >>"$work/lat"
        done
    done
    r=$((r + 1))
done
printf '\n%-44s %26s %12s\n' "throughput, ratio to bare (min / median / max)" "ratio" "req/s (med)"
for t in $targets; do
    for n in $sizes; do
        ratio=$(awk -v k="$t" -v s="$n" '$1 == k && $2 == s { print $3 / $4 }' "$work/tp" | stats)
        rps=$(awk -v k="$t" -v s="$n" '$1 == k && $2 == s { print $3 }' "$work/tp" | stats | cut -d/ -f2)
        printf '%-44s %26s %12s\n' "$t at $n" "$ratio" "$rps"
    done
done
printf '%-44s %26s\n' "bare libmicrohttpd (reference), req/s" "$(awk '{ print $4 }' "$work/tp" | sort -u | stats)"
printf '\n%-44s %26s\n' "latency p50, one connection (ms, median)" "$(echo $sizes | sed 's/ / \/ /')"
for t in $targets; do
    line=""
    for n in $sizes; do
        line="$line$([ -n "$line" ] && echo ' / ')$(awk -v k="$t" -v s="$n" '$1 == k && $2 == s { print $4 }' "$work/lat" | stats | cut -d/ -f2 | tr -d ' ')"
    done
    printf '%-44s %26s\n' "$t" "$line"
done
if [ "$large" != 0 ]; then
    printf '\n%-44s %26s\n' "latency p50 ratio $large / $small, per round" "min / median / max"
    for t in $targets; do
        ratio=$(awk -v k="$t" -v s="$small" -v l="$large" '$1 == k && $2 == s { a[++i] = $4 }
                $1 == k && $2 == l { b[++j] = $4 } END { for (x = 1; x <= i; x++) print b[x] / a[x] }' "$work/lat" | stats)
        printf '%-44s %26s\n' "$t" "$ratio"
    done
fi

# ---- 3: memory ----------------------------------------------------------
ulimit -n 4096 2>/dev/null || true
printf '\n%-44s %26s\n' "server memory after the application read" "VmRSS / VmHWM (MB)"
for n in $sizes; do
    pid=$(cat "$work/pid$n")
    set -- $(target_url app "$n")
    sid=$(cat "$work/$1$n")
    for c in 64 1000; do
        measure -t"$threads" -c"$c" -d"${secs}s" -H "Cookie: sid=$sid" "$2" >/dev/null
        mem=$(awk '/VmRSS|VmHWM/ { v[$1] = $2 } END { printf "%.0f / %.0f", v["VmRSS:"] / 1024, v["VmHWM:"] / 1024 }' "/proc/$pid/status")
        printf '%-44s %26s\n' "$c connections, $n applications" "$mem"
    done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
