#!/bin/bash
# Two builds of Beian side by side on the application read (issue 13):
# each on its own copy of one generated database, with the bare
# libmicrohttpd reference (bench/bare.c), measured in the same interleaved
# rounds, so that their ratios to the reference can be compared on a
# shared machine. It first checks that both answer the same bytes (the
# JSON read and the page, the page's CSRF token and nonce set aside).
#
#   bench/ab-reads.sh OLD_BEIAN NEW_BEIAN [SECONDS] [CONNECTIONS] [ROUNDS]
# Environment: BENCH_DIR (databases, default /tmp/beian-ab-bench, kept
# between runs; delete it after), BENCH_SIZE (applications, 10000),
# TARGETS ("me app app_page").
set -eu
cd "$(dirname "$0")/.."
old=$1 new=$2
secs=${3:-5} conns=${4:-64} rounds=${5:-3}
dir=${BENCH_DIR:-/tmp/beian-ab-bench}
size=${BENCH_SIZE:-10000}
targets=${TARGETS:-"me app app_page"}
threads=$(nproc)
mkdir -p "$dir" bench/out
if [ ! -f "$dir/a/ready" ]; then
    mkdir -p "$dir/a"
    "$new" dev generate --applications "$size" --seed 1 --data-dir "$dir/a" \
        --database "sqlite:$dir/a/beian.db" --log-level warn --password Gen-Pass-2026x >/dev/null 2>&1
    touch "$dir/a/ready"
fi
rm -rf "$dir/b" && cp -r "$dir/a" "$dir/b"
work=$(mktemp -d /tmp/beian-ab-XXXXXX)
pids=""
cleanup() {
    for p in $pids; do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT INT TERM
cc -O2 -o bench/out/bare bench/bare.c $(pkg-config --cflags --libs libmicrohttpd)
bench/out/bare 18381 "$threads" & pids="$pids $!"
"$old" serve --data-dir "$dir/a" --database "sqlite:$dir/a/beian.db" --port 18390 --threads "$threads" \
    --log-level info --max-conn-per-address=2000 2>/dev/null & pids="$pids $!"
"$new" serve --data-dir "$dir/b" --database "sqlite:$dir/b/beian.db" --port 18391 --threads "$threads" \
    --log-level info --max-conn-per-address=2000 2>/dev/null & pids="$pids $!"
sleep 1
# The customer bench/run-reads.sh picks: latest application returned with reasons.
set -- $(sqlite3 -readonly "$dir/a/beian.db" "SELECT c.login || ' ' || a.id FROM applications a
    JOIN subjects s ON s.id = a.subject_id JOIN accounts c ON c.id = s.account_id
    WHERE a.state = 'provider_returned' AND a.id = (SELECT max(id) FROM applications WHERE subject_id = s.id)
    AND c.status = 'active' ORDER BY a.id LIMIT 1")
user=$1 app=$2
login() { # port -> sid
    jar=$work/jar$1
    curl -s -c "$jar" -b "$jar" "http://127.0.0.1:$1/api/v1/csrf" >"$work/csrf"
    token=$(sed 's/.*"csrf_token":"\([^"]*\)".*/\1/' "$work/csrf")
    curl -s -c "$jar" -b "$jar" -H "X-CSRF-Token: $token" -H "Content-Type: application/json" \
        -d "{\"login\":\"$user\",\"password\":\"Gen-Pass-2026x\"}" "http://127.0.0.1:$1/api/v1/session" >/dev/null
    awk '$6 == "sid" { print $7 }' "$jar"
}
sid_old=$(login 18390)
sid_new=$(login 18391)
url() {
    case $1 in
    me) echo /api/v1/me ;;
    app) echo "/api/v1/applications/$app" ;;
    app_page) echo "/portal/applications/$app" ;;
    esac
}
same() { sed -e 's/value="[A-Za-z0-9_-]\{32\}"/CSRF/g' -e 's/nonce="[A-Za-z0-9_-]*"/NONCE/g'; }
for t in app app_page; do
    curl -sf -b "sid=$sid_old" "http://127.0.0.1:18390$(url $t)" | same >"$work/old"
    curl -sf -b "sid=$sid_new" "http://127.0.0.1:18391$(url $t)" | same >"$work/new"
    cmp -s "$work/old" "$work/new" && echo "$t: the same answer" || echo "$t: THE ANSWERS DIFFER"
done
echo "customer $user, application $app; load $(cut -d' ' -f1-3 /proc/loadavg)"
rps() { wrk -t"$threads" -c"$conns" -d"${secs}s" "$@" 2>&1 | awk '/Requests\/sec/ { print $2 }'; }
: >"$work/tp"
for r in $(seq "$rounds"); do
    ref=$(rps http://127.0.0.1:18381/)
    for t in $targets; do
        a=$(rps -H "Cookie: sid=$sid_old" "http://127.0.0.1:18390$(url $t)")
        b=$(rps -H "Cookie: sid=$sid_new" "http://127.0.0.1:18391$(url $t)")
        echo "$r $t $ref $a $b" | tee -a "$work/tp" |
            awk '{ printf "round %s %-9s bare %7.0f  old %6.0f (%.3f)  new %6.0f (%.3f)  new/old %.2f\n",
                   $1, $2, $3, $4, $4 / $3, $5, $5 / $3, $5 / $4 }'
    done
done
for t in $targets; do
    for col in 4 5; do
        awk -v t="$t" -v c=$col '$2 == t { print $c / $3 }' "$work/tp" | sort -g |
            awk -v t="$t" -v w=$([ $col = 4 ] && echo old || echo new) '{ v[NR] = $1 }
                END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2;
                      printf "%-9s %s  %.3f / %.3f / %.3f\n", t, w, v[1], m, v[NR] }'
    done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
