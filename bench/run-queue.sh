#!/bin/sh
# The reviewers' queue at a million applications (issue 8, "Numbers"):
# two databases made by `beian dev generate` (10,000 and 1,000,000
# applications, SQLite), a Beian server on each and the bare
# libmicrohttpd reference (bench/bare.c), all in one run on this machine.
#
#   1. throughput: wrk on GET /staff/queue and GET /api/v1/staff/queue (a
#      logged-in reviewer, 50 rows, the Guangdong filter), each sample a
#      ratio to the bare reference measured in the same round;
#   2. latency: one connection at a time (wrk -c1), median and 99th
#      percentile at 1,000,000 and at 10,000, the ratio of each round;
#   3. search at 1,000,000: q= a domain, an application number, a subject
#      number, the start of a subject name (each wrk run cycles through
#      200 different ones), 99th percentile.
# Rounds interleave the targets; each figure is min / median / max.
#
#   bench/run-queue.sh [SECONDS] [CONNECTIONS] [ROUNDS]
# Environment: BUILD (build directory, default build), BENCH_DIR (where the
# databases go, default /tmp/beian-queue-bench), BENCH_KEEP=1 keeps them
# for the next run (else they are deleted at the end), BENCH_SMALL /
# BENCH_LARGE (sizes), BENCH_FILTER (the query string of the filter).
# Targets: throughput at least 0.15 of the reference; latency at 1,000,000
# at most 1.5x that at 10,000; search p99 under 20 ms.
set -eu
cd "$(dirname "$0")/.."
secs=${1:-5}
conns=${2:-32}
rounds=${3:-3}
threads=$(nproc)
build=${BUILD:-build}
small=${BENCH_SMALL:-10000}
large=${BENCH_LARGE:-1000000}
filter=${BENCH_FILTER:-queue=all&province=440000}
dir=${BENCH_DIR:-/tmp/beian-queue-bench}
bin=$build/beian
[ -x "$bin" ] || { cmake -S . -B "$build" >/dev/null && cmake --build "$build" -j"$threads" --target beian; }
for tool in wrk sqlite3 curl; do
    command -v $tool >/dev/null || { echo "bench: $tool is not installed (tools/install-deps.sh)"; exit 1; }
done
out=bench/out
mkdir -p "$out" "$dir"
work=$(mktemp -d /tmp/beian-qbench-XXXXXX)
pids=""
cleanup() {
    for p in $pids; do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
    [ "${BENCH_KEEP:-0}" = 1 ] || rm -rf "$dir"
}
trap cleanup EXIT INT TERM

echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), load $(cut -d' ' -f1-3 /proc/loadavg)"

# ---- the databases ------------------------------------------------------
for n in $small $large; do
    d=$dir/$n
    if [ ! -f "$d/beian.db" ]; then
        echo "generating $n applications into $d"
        "$bin" dev generate --applications "$n" --seed 1 --data-dir "$d" --log-level warn \
            --password Gen-Pass-2026x 2>/dev/null | grep -E "CPU per|applications in"
        echo "Bench-Pass-2026" | "$bin" user add --data-dir "$d" --log-level warn --role reviewer \
            --login bench-reviewer --email bench-reviewer@example.com --mobile 13800002222 \
            --password-stdin >/dev/null
    fi
    # A database kept from an earlier run gets this build's migrations.
    "$bin" migrate --data-dir "$d" --log-level warn >/dev/null
    echo "  $n: $(du -h "$d/beian.db" | cut -f1) database"
done

# ---- the servers --------------------------------------------------------
cc -O2 -o "$out/bare" bench/bare.c $(pkg-config --cflags --libs libmicrohttpd)
"$out/bare" 18181 "$threads" & pids="$pids $!"
port=18183
for n in $small $large; do
    "$bin" serve --data-dir "$dir/$n" --port $port --threads "$threads" --log-level info 2>/dev/null &
    pids="$pids $!"
    port=$((port + 1))
done
# Each server answers once it is up (a cold 4 GB database takes a while).
for p in 18183 18184; do
    i=0
    until curl -sf -o /dev/null "http://127.0.0.1:$p/healthz"; do
        i=$((i + 1))
        [ $i -lt 600 ] || { echo "bench: the server on port $p did not start"; exit 1; }
        sleep 0.1
    done
done
login() { # port -> sid
    jar=$work/jar$1
    curl -s -c "$jar" -b "$jar" "http://127.0.0.1:$1/api/v1/csrf" >"$work/csrf"
    token=$(sed 's/.*"csrf_token":"\([^"]*\)".*/\1/' "$work/csrf")
    curl -s -c "$jar" -b "$jar" -H "X-CSRF-Token: $token" -H "Content-Type: application/json" \
        -d '{"login":"bench-reviewer","password":"Bench-Pass-2026"}' \
        "http://127.0.0.1:$1/api/v1/session" >/dev/null
    awk '$6 == "sid" { print $7 }' "$jar"
}
sid_small=$(login 18183)
sid_large=$(login 18184)
[ -n "$sid_small" ] && [ -n "$sid_large" ] || { echo "bench: login failed"; exit 1; }
for p in 18183 18184; do
    s=$sid_small
    [ $p = 18184 ] && s=$sid_large
    curl -sf -b "sid=$s" "http://127.0.0.1:$p/api/v1/staff/queue?$filter" | grep -q '"number"' ||
        { echo "bench: the queue on port $p is empty or refused"; exit 1; }
done

# ---- wrk helpers --------------------------------------------------------
# wrk [args] URL -> "req/s p50_ms p99_ms"; a non-2xx answer stops the bench.
measure() {
    wrk --latency "$@" >"$work/wrk.txt" 2>&1 || { cat "$work/wrk.txt"; exit 1; }
    if grep -q "Non-2xx" "$work/wrk.txt"; then cat "$work/wrk.txt"; exit 1; fi
    awk 'function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0;
                          if (v ~ /s$/) return v * 1000; return v }
         /Requests\/sec/ { r = $2 } $1 == "50%" { p50 = ms($2) } $1 == "99%" { p99 = ms($2) }
         END { printf "%.1f %.3f %.3f\n", r, p50, p99 }' "$work/wrk.txt"
}
# Lines of numbers -> "min median max".
stats() {
    sort -g | awk '{ v[NR] = $1 } END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2;
                                         printf "%.3f / %.3f / %.3f", v[1], m, v[NR] }'
}
page() { echo "http://127.0.0.1:$1/staff/queue?$filter"; }
api() { echo "http://127.0.0.1:$1/api/v1/staff/queue?$filter"; }

# ---- 1 and 2: throughput and latency, rounds interleaved -----------------
echo "filter: $filter; $rounds rounds; throughput: wrk -t$threads -c$conns -d${secs}s; latency: wrk -t1 -c1 -d${secs}s"
: >"$work/tp"
: >"$work/lat"
r=1
while [ $r -le "$rounds" ]; do
    ref=$(measure -t"$threads" -c"$conns" -d"${secs}s" http://127.0.0.1:18181/ | cut -d' ' -f1)
    for t in "page $sid_large 18184 large" "api $sid_large 18184 large" \
        "page $sid_small 18183 small" "api $sid_small 18183 small"; do
        set -- $t
        url=$($1 "$3")
        rps=$(measure -t"$threads" -c"$conns" -d"${secs}s" -H "Cookie: sid=$2" "$url" | cut -d' ' -f1)
        echo "$1 $4 $rps $ref" >>"$work/tp"
        lat=$(measure -t1 -c1 -d"${secs}s" -H "Cookie: sid=$2" "$url")
        echo "$1 $4 $lat" >>"$work/lat"
    done
    r=$((r + 1))
done
printf '\n%-40s %26s %24s\n' "throughput, ratio to bare (min / median / max)" "ratio" "req/s (median)"
for t in "page large" "api large" "page small" "api small"; do
    set -- $t
    ratio=$(awk -v k="$1" -v s="$2" '$1 == k && $2 == s { print $3 / $4 }' "$work/tp" | stats)
    rps=$(awk -v k="$1" -v s="$2" '$1 == k && $2 == s { print $3 }' "$work/tp" | stats | cut -d/ -f2)
    n=$small
    [ "$2" = large ] && n=$large
    printf '%-40s %26s %24s\n' "GET /$([ "$1" = page ] && echo staff/queue || echo api/v1/staff/queue) at $n" "$ratio" "$rps"
done
printf '%-40s %26s\n' "bare libmicrohttpd (reference), req/s" \
    "$(awk '{ print $4 }' "$work/tp" | sort -u | stats)"
printf '\n%-40s %26s %26s\n' "latency, one connection (ms)" "median at $small / $large" "large / small (median)"
for k in page api; do
    for col in 4 5; do
        name="p50"
        [ $col = 5 ] && name="p99"
        s=$(awk -v k=$k -v c=$col '$1 == k && $2 == "small" { print $c }' "$work/lat" | stats | cut -d/ -f2)
        l=$(awk -v k=$k -v c=$col '$1 == k && $2 == "large" { print $c }' "$work/lat" | stats | cut -d/ -f2)
        ratio=$(awk -v k=$k -v c=$col '$1 == k && $2 == "small" { s[++i] = $c }
                $1 == k && $2 == "large" { l[++j] = $c } END { for (x = 1; x <= i; x++) print l[x] / s[x] }' \
            "$work/lat" | stats)
        printf '%-40s %26s %26s\n' "$k $name" "$s / $l" "$ratio"
    done
done

# ---- 3: search at the large size ------------------------------------------
db=$dir/$large/beian.db
pick() { sqlite3 -readonly "$db" "$1"; }
enc() { printf '%s' "$1" | od -An -v -tx1 | tr -d ' \n' | sed 's/../%&/g'; }
waiting="queue IN ('new', 'resubmitted', 'returned')"
pick "SELECT domain FROM applications WHERE $waiting AND domain <> '' ORDER BY random() LIMIT 150;
      SELECT domain FROM sites WHERE id IN (SELECT abs(random()) % (SELECT max(id) FROM sites)
      FROM applications LIMIT 50) AND domain <> '';" >"$work/t_domain"
pick "SELECT number FROM applications WHERE $waiting ORDER BY random() LIMIT 200;" >"$work/t_number"
pick "SELECT s.subject_number FROM applications a JOIN subjects s ON s.id = a.subject_id
      WHERE a.$waiting AND s.subject_number IS NOT NULL ORDER BY random() LIMIT 200;" >"$work/t_subject"
pick "SELECT CASE WHEN s.nature = 'individual' THEN s.name ELSE substr(s.name, 1, 4) END
      FROM applications a JOIN subjects s ON s.id = a.subject_id
      WHERE a.$waiting AND s.name <> '' ORDER BY random() LIMIT 200;" >"$work/t_name"
printf '\n%-40s %26s %12s\n' "search at $large, one connection" "p99 ms (min / median / max)" "p50 (median)"
for kind in domain number subject name; do
    while IFS= read -r term; do
        echo "/api/v1/staff/queue?queue=all&q=$(enc "$term")"
    done <"$work/t_$kind" >"$work/p_$kind"
    : >"$work/s_$kind"
    r=1
    while [ $r -le "$rounds" ]; do
        measure -t1 -c1 -d"${secs}s" -H "Cookie: sid=$sid_large" -s bench/queue-paths.lua \
            http://127.0.0.1:18184 -- "$work/p_$kind" >>"$work/s_$kind"
        r=$((r + 1))
    done
    printf '%-40s %26s %12s\n' "q = $kind ($(wc -l <"$work/p_$kind") different)" \
        "$(cut -d' ' -f3 "$work/s_$kind" | stats)" "$(cut -d' ' -f2 "$work/s_$kind" | stats | cut -d/ -f2)"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
