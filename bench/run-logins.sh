#!/bin/sh
# Logins that shed load (issue 13): a Beian server on a generated database
# (10,000 applications, SQLite), the customers' real argon2id hashes, and
# three measurements per round, rounds interleaved:
#   1. the reads' latency (GET /api/v1/me, wrk -c8) alone, then with RATE
#      logins a second from distinct addresses alongside: the ratio of the
#      99th percentiles (target: at most 3);
#   2. a storm of STORM logins at once from distinct addresses: how many
#      were answered 200 and how many 503 with Retry-After (the bounded
#      hashing queue), the slowest login answered 200 against its bound
#      (hash_queue_max / hash_threads + 1 hashes, each timed alone), and
#      the slowest 503 (refused at once);
#   3. the server's memory: VmHWM (peak RSS) over the storm, against the
#      hashing threads' bound (64 MiB each while they run).
# Each figure is min / median / max over the rounds.
#
#   bench/run-logins.sh [SECONDS] [RATE] [STORM] [ROUNDS]    (defaults 8 20 200 3)
# Environment: BUILD (default build), BENCH_DIR (the database; default
# /tmp/beian-reads-bench, shared with bench/run-reads.sh), BENCH_KEEP=1
# keeps it, BENCH_PG_URL (a PostgreSQL server URL: the database is made
# there, in a database beian_logins_10000 the script creates, instead of
# SQLite), BENCH_HASH_THREADS (the server's hash_threads; by default its
# default, one fewer than the CPUs).
set -eu
cd "$(dirname "$0")/.."
secs=${1:-8}
rate=${2:-20}
storm=${3:-200}
rounds=${4:-3}
build=${BUILD:-build}
bin=$build/beian
dir=${BENCH_DIR:-/tmp/beian-reads-bench}
pg=${BENCH_PG_URL:-}
db=$dir/sqlite-10000
database=sqlite:$db/beian.db
engine=sqlite
if [ -n "$pg" ]; then
    engine=postgresql
    db=$dir/postgresql-logins-10000
    database=$(echo "$pg" | sed "s|/[^/?]*\(?.*\)\{0,1\}$|/beian_logins_10000\1|")
fi
[ -x "$bin" ] || { cmake -S . -B "$build" >/dev/null && cmake --build "$build" -j"$(nproc)" --target beian; }
for tool in wrk curl python3 sqlite3 ${pg:+psql}; do
    command -v $tool >/dev/null || { echo "bench: $tool is not installed (tools/install-deps.sh)"; exit 1; }
done
work=$(mktemp -d /tmp/beian-lbench-XXXXXX)
pid=""
cleanup() {
    [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
    wait 2>/dev/null || true
    rm -rf "$work"
    [ "${BENCH_KEEP:-0}" = 1 ] || rm -rf "$dir"
}
trap cleanup EXIT INT TERM
echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), load $(cut -d' ' -f1-3 /proc/loadavg); $engine"
mkdir -p "$db"
if [ ! -f "$db/ready" ]; then
    [ -z "$pg" ] || psql -qAt "$pg" -c "DROP DATABASE IF EXISTS beian_logins_10000" \
        -c "CREATE DATABASE beian_logins_10000" >/dev/null
    echo "generating 10000 applications"
    "$bin" dev generate --applications 10000 --seed 1 --data-dir "$db" --database "$database" \
        --log-level warn --password Gen-Pass-2026x >/dev/null 2>&1
    touch "$db/ready"
fi
customers="SELECT login FROM accounts WHERE role = 'customer' AND status = 'active' ORDER BY id LIMIT 2000"
if [ -n "$pg" ]; then
    psql -qAt "$(echo "$database" | sed 's/^postgresql:/postgres:/')" -c "$customers" >"$work/logins"
else
    sqlite3 -readonly "$db/beian.db" "$customers" >"$work/logins"
fi
port=18390
"$bin" serve --data-dir "$db" --database "$database" --port $port --threads "$(nproc)" \
    --log-level warn --trusted-proxies=127.0.0.1 --max-conn-per-address=2000 \
    --login-max-failures=1000 ${BENCH_HASH_THREADS:+--hash-threads="$BENCH_HASH_THREADS"} \
    2>"$work/server.log" &
pid=$!
sleep 1
url=http://127.0.0.1:$port
default() { # the default of a setting, from serve --help
    "$bin" serve --help | awk -v k="$1" '$1 == k { gsub(/[^0-9]/, "", $NF); print $NF }'
}
hash_threads=${BENCH_HASH_THREADS:-$(default hash_threads)}
[ "$hash_threads" -gt 0 ] || hash_threads=$(($(nproc) > 1 ? $(nproc) - 1 : 1)) # 0: CPUs - 1
queue_max=$(default hash_queue_max)
wait_max=$(default hash_wait_max_ms)

# A reader's session.
jar=$work/jar
curl -s -c "$jar" -b "$jar" "$url/api/v1/csrf" >"$work/csrf"
token=$(sed 's/.*"csrf_token":"\([^"]*\)".*/\1/' "$work/csrf")
curl -s -c "$jar" -b "$jar" -H "X-CSRF-Token: $token" -H "Content-Type: application/json" \
    -d "{\"login\":\"$(head -n1 "$work/logins")\",\"password\":\"Gen-Pass-2026x\"}" "$url/api/v1/session" >/dev/null
sid=$(awk '$6 == "sid" { print $7 }' "$jar")
[ -n "$sid" ] || { echo "bench: the reader could not log in"; exit 1; }

p99() { # wrk output -> p99 in ms
    awk 'function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0;
                          if (v ~ /s$/) return v * 1000; return v }
         $1 == "99%" { print ms($2) }' "$1"
}
reads() { # -> wrk output file
    wrk -t1 -c8 -d"${secs}s" --latency -H "Cookie: sid=$sid" "$url/api/v1/me" >"$1" 2>&1
    if grep -q "Non-2xx" "$1"; then cat "$1"; exit 1; fi
}
field() { # line name -> value
    echo "$1" | tr ' ' '\n' | awk -F= -v k="$2" '$1 == k { print $2 }'
}
stats() { # lines of numbers -> "min / median / max"
    sort -g | awk '{ v[NR] = $1 } END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2;
                                         printf "%.2f / %.2f / %.2f", v[1], m, v[NR] }'
}

# One login alone, a few times: the time of one hash here.
one=$(python3 bench/logins.py "$url" "$work/logins" Gen-Pass-2026x steady 2 3)
hash_ms=$(field "$one" ok_p50)
# A login answered 200 waited for the hashes before it in the queue, at most
# hash_wait_max_ms before a worker took it, then for its own.
bound_ms=$(( (queue_max / hash_threads + 1) * hash_ms ))
[ "$bound_ms" -le $((wait_max + hash_ms)) ] || bound_ms=$((wait_max + hash_ms))
echo "one login alone: ${hash_ms} ms; hash_threads $hash_threads, hash_queue_max $queue_max," \
    "hash_wait_max_ms $wait_max: a login answered 200 waits at most about ${bound_ms} ms"
echo "rounds: $rounds; reads: wrk -t1 -c8 -d${secs}s GET /api/v1/me; logins: $rate/s for ${secs}s; storm: $storm at once"

for i in $(seq 1 "$rounds"); do
    reads "$work/alone"
    python3 bench/logins.py "$url" "$work/logins" Gen-Pass-2026x steady "$rate" "$secs" >"$work/steady" &
    lp=$!
    reads "$work/with"
    wait $lp
    a=$(p99 "$work/alone")
    w=$(p99 "$work/with")
    echo "$w $a" | awk '{ printf "%.3f\n", $1 / $2 }' >>"$work/ratio"
    echo "$a" >>"$work/p99_alone"
    echo "$w" >>"$work/p99_with"
    s=$(cat "$work/steady")
    field "$s" ok >>"$work/steady_ok"
    field "$s" busy >>"$work/steady_busy"
    field "$s" ok_max >>"$work/steady_max"
    echo 5 >"/proc/$pid/clear_refs" 2>/dev/null || true
    sleep 1
    st=$(python3 bench/logins.py "$url" "$work/logins" Gen-Pass-2026x storm "$storm")
    awk '/VmHWM/ { printf "%.0f\n", $2 / 1024 }' "/proc/$pid/status" >>"$work/hwm"
    field "$st" ok >>"$work/storm_ok"
    field "$st" busy >>"$work/storm_busy"
    field "$st" other >>"$work/storm_other"
    field "$st" ok_max >>"$work/storm_max"
    field "$st" busy_max >>"$work/storm_busy_max"
    field "$st" retry_after >>"$work/retry"
    echo "round $i: reads p99 ${a} ms alone, ${w} ms with logins; steady: $s; storm: $st"
done

echo
echo "                                                    min / median / max"
printf "%-50s %s\n" "reads p99 alone (ms)" "$(stats <"$work/p99_alone")"
printf "%-50s %s\n" "reads p99 with $rate logins/s (ms)" "$(stats <"$work/p99_with")"
printf "%-50s %s   (target <= 3)\n" "ratio of the p99s" "$(stats <"$work/ratio")"
printf "%-50s %s\n" "steady: logins answered 200" "$(stats <"$work/steady_ok")"
printf "%-50s %s\n" "steady: logins answered 503 (Retry-After)" "$(stats <"$work/steady_busy")"
printf "%-50s %s   (bound ~%s)\n" "steady: slowest login answered 200 (ms)" "$(stats <"$work/steady_max")" "$bound_ms"
printf "%-50s %s\n" "storm of $storm: answered 200" "$(stats <"$work/storm_ok")"
printf "%-50s %s   (Retry-After: %s)\n" "storm: answered 503" "$(stats <"$work/storm_busy")" "$(sort -u "$work/retry" | tr '\n' ' ')"
printf "%-50s %s\n" "storm: other (errors, refused connections)" "$(stats <"$work/storm_other")"
printf "%-50s %s   (bound ~%s)\n" "storm: slowest login answered 200 (ms)" "$(stats <"$work/storm_max")" "$bound_ms"
printf "%-50s %s\n" "storm: slowest 503 (ms)" "$(stats <"$work/storm_busy_max")"
printf "%-50s %s   (%s hashing threads x 64 MiB)\n" "server VmHWM over the storm (MB)" "$(stats <"$work/hwm")" "$hash_threads"
