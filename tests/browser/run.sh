#!/usr/bin/env bash
# Browser tests: starts the administration simulator (beian regulator
# --test-controls) and a fresh Beian server whose gateway points at it, both
# on 127.0.0.1 (their own data dirs, random ports, a reviewer and an admin
# account), and runs portal.test.mjs (the customer portal), filing.test.mjs
# (two filings to 已备案 through the administration) and review.test.mjs
# (the reviewer's day and the admin pages) and keyboard.test.mjs (a filing
# by keyboard alone, verify & submit at 1366 and 390 px) in headless
# Debian Chromium.
#
# usage: tests/browser/run.sh [BUILD_DIR]     (or BUILD=... ; default: ../../build)
# Screenshots (failures and the final ones) go to BUILD_DIR/browser-artifacts.
# Exit status: 0 on success, 1 on a failed test, 2 when something is missing.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
build="${1:-${BUILD:-$here/../../build}}"
build="$(cd "$build" 2>/dev/null && pwd)" || { echo "run.sh: no build directory: ${1:-${BUILD:-$here/../../build}}" >&2; exit 2; }
beian="$build/beian"
chromium_bin="${CHROMIUM:-/usr/bin/chromium}"
artifacts="$build/browser-artifacts"

die() { echo "run.sh: $*" >&2; exit 2; }
[ -x "$beian" ] || die "$beian not found: build Beian first (cmake -S . -B build && make -C build)"
command -v node >/dev/null || die "node not found: apt-get install nodejs npm"
command -v npm >/dev/null || die "npm not found: apt-get install npm"
node_major="$(node -p 'process.versions.node.split(".")[0]')"
[ "$node_major" -ge 20 ] || die "node $(node --version) is too old: playwright-core needs 20 or newer"
[ -x "$chromium_bin" ] || die "chromium not found at $chromium_bin: apt-get install chromium (or set CHROMIUM)"

t0=$(date +%s%N)
(
    cd "$here"
    if [ -f package-lock.json ]; then
        npm ci --no-audit --no-fund --loglevel=error >/dev/null
    else
        npm install --no-audit --no-fund --loglevel=error >/dev/null
    fi
) || die "npm could not install playwright-core (is the npm registry reachable?)"

tmp="$(mktemp -d "${TMPDIR:-/tmp}/beian-browser.XXXXXX")"
server_pid=""
regulator_pid=""
test_pid=""
stop() { # pid: TERM, up to 5 s, then KILL; reaped
    kill -TERM "$1" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$1" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
}
cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    # The test first (Playwright closes its browser on SIGTERM), then the server.
    if [ -n "$test_pid" ] && kill -0 "$test_pid" 2>/dev/null; then stop "$test_pid"; fi
    if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then stop "$server_pid"; fi
    if [ -n "$regulator_pid" ] && kill -0 "$regulator_pid" 2>/dev/null; then stop "$regulator_pid"; fi
    rm -rf "$tmp"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

rm -rf "$artifacts"
mkdir -p "$artifacts"

# A reviewer with a fresh random password (letters and digits, 24 long).
reviewer_pass="Rv1$(head -c 32 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 21)"
"$beian" migrate --data-dir "$tmp" >"$tmp/setup.log" 2>&1 || { cat "$tmp/setup.log" >&2; die "beian migrate failed"; }
echo "$reviewer_pass" | "$beian" user add --role reviewer --login reviewer1 --email r@x.test \
    --mobile 13900000002 --password-stdin --data-dir "$tmp" >>"$tmp/setup.log" 2>&1 \
    || { cat "$tmp/setup.log" >&2; die "beian user add failed"; }
admin_pass="Ad1$(head -c 32 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 21)"
echo "$admin_pass" | "$beian" user add --role admin --login admin1 --email a@x.test \
    --mobile 13900000003 --password-stdin --data-dir "$tmp" >>"$tmp/setup.log" 2>&1 \
    || { cat "$tmp/setup.log" >&2; die "beian user add (admin) failed"; }

# The administration simulator, in its own data dir, with its test controls
# (decide now); it prints the demo subjects filed elsewhere with their filing
# passwords and writes the provider's password, which beian serve gets.
mkdir -p "$tmp/reg"
"$beian" regulator --data-dir "$tmp/reg" --listen 127.0.0.1 --port 0 --port-file "$tmp/reg/port" \
    --test-controls --log-level warn >"$tmp/regulator.log" 2>&1 &
regulator_pid=$!
for _ in $(seq 100); do
    [ -s "$tmp/reg/port" ] && [ -s "$tmp/reg/regulator-password" ] && break
    kill -0 "$regulator_pid" 2>/dev/null || { cat "$tmp/regulator.log" >&2; die "beian regulator exited"; }
    sleep 0.1
done
[ -s "$tmp/reg/port" ] || { cat "$tmp/regulator.log" >&2; die "beian regulator wrote no port file in 10 s"; }
regulator="http://127.0.0.1:$(cat "$tmp/reg/port")"
# The enterprise filed elsewhere: "enterprise NAME  NUMBER  site ...  filing password: PW".
demo_line="$(grep -m1 '^ *enterprise .*filing password: ' "$tmp/regulator.log" || true)"
[ -n "$demo_line" ] || { cat "$tmp/regulator.log" >&2; die "beian regulator printed no demo enterprise"; }
demo_number="$(echo "$demo_line" | grep -o '[^ ]*ICP备[0-9]*号' | head -n1)"
demo_password="${demo_line##*filing password: }"
echo "regulator: $regulator (pid $regulator_pid, demo subject $demo_number)"

BEIAN_REGULATOR_ENDPOINT="$regulator" BEIAN_REGULATOR_PASSWORD="$(cat "$tmp/reg/regulator-password")" \
    BEIAN_REGULATOR_POLL_S=1 \
    "$beian" serve --data-dir "$tmp" --listen 127.0.0.1 --port 0 --port-file "$tmp/port" \
    --log-level warn >"$tmp/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 100); do
    [ -s "$tmp/port" ] && break
    kill -0 "$server_pid" 2>/dev/null || { cat "$tmp/server.log" >&2; die "beian serve exited"; }
    sleep 0.1
done
[ -s "$tmp/port" ] || { cat "$tmp/server.log" >&2; die "beian serve wrote no port file in 10 s"; }
port="$(cat "$tmp/port")"
base="http://127.0.0.1:$port"
echo "server: $base (pid $server_pid, data $tmp)"

# In the background and waited for, so that a signal to this script runs
# the trap at once instead of after the test.
rc=0
for t in ${BROWSER_TESTS:-portal filing review keyboard forms}; do
    echo "--- $t.test.mjs ---"
    REVIEWER_PASSWORD="$reviewer_pass" ADMIN_PASSWORD="$admin_pass" ARTIFACT_DIR="$artifacts" \
        CHROMIUM="$chromium_bin" \
        REGULATOR_URL="$regulator" DEMO_SUBJECT_NUMBER="$demo_number" DEMO_SUBJECT_PASSWORD="$demo_password" \
        node "$here/$t.test.mjs" "$base" </dev/null &
    test_pid=$!
    wait "$test_pid" || rc=$?
    test_pid=""
    [ "$rc" -eq 0 ] || break
done

if [ "$rc" -ne 0 ]; then
    [ -s "$tmp/server.log" ] && { echo "--- server log (last 40 lines) ---"; tail -n 40 "$tmp/server.log"; }
    [ -s "$tmp/regulator.log" ] && { echo "--- regulator log (last 20 lines) ---"; tail -n 20 "$tmp/regulator.log"; }
fi
echo "screenshots: $artifacts"
ms=$((($(date +%s%N) - t0) / 1000000))
printf 'run.sh: %s in %d.%01d s (npm ci, servers start, browser tests)\n' \
    "$([ "$rc" -eq 0 ] && echo passed || echo FAILED)" $((ms / 1000)) $((ms % 1000 / 100))
[ "$rc" -eq 0 ] || exit 1
