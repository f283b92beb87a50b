#!/bin/sh
# Two `beian serve` nodes behind nginx on one PostgreSQL database, with the
# deployment kit's configuration (deploy/), on 127.0.0.1 only:
#   1. `nginx -t` of the kit's TLS site (deploy/nginx/beian.conf) with a
#      self-signed certificate and its ports moved to free ones on 127.0.0.1,
#      and `systemd-analyze verify` of the kit's units;
#   2. the sample configuration names every setting and the nodes run on it;
#   3. a database of its own on the test cluster, migrated, a reviewer;
#   4. the administration simulator (beian regulator, test controls on),
#      nodes A and B on free ports, each with its gateway pointed at it; nginx (connecting to the nodes from
#      127.0.0.2, the only trusted proxy) serving the kit's site (its
#      upstream with these ports, HTTPS and HTTP/2 checked with curl: the
#      redirect, HSTS, the body limit) and a plain-HTTP server of the test
#      with the kit's proxy settings, which names the node that answered in
#      X-Beian-Upstream;
#   5. test_deploy_nodes runs a whole filing through nginx, kills the node
#      that took its upload and held the gateway's lease in the middle, and
#      follows the filing through the other node's gateway to approval
#      (tests/deploy/test_deploy_nodes.c).
# Everything it starts stops when it exits, also on failure.
#
#   two-nodes.sh BEIAN TEST_PROGRAM SOURCE_DIR
# Needs BEIAN_TEST_PG_URL (tools/pg-test-cluster.sh); without it, or
# without nginx, it exits 77 (skipped).
set -eu

BEIAN=$(readlink -f "$1")
PROG=$(readlink -f "$2")
SRC=$(readlink -f "$3")
NGINX=${NGINX:-/usr/sbin/nginx}

if [ -z "${BEIAN_TEST_PG_URL:-}" ]; then
    echo "skipped: BEIAN_TEST_PG_URL not set"
    exit 77
fi
if [ ! -x "$NGINX" ]; then
    echo "skipped: no nginx at $NGINX (tools/install-deps.sh installs nginx-light)"
    exit 77
fi

tmp=$(mktemp -d /tmp/beian-deploy.XXXXXX)
db_name="beian_deploy_$$"
db_url="${BEIAN_TEST_PG_URL%/*}/$db_name"
pid_a=""
pid_b=""
pid_nginx=""
pid_reg=""
cleanup() {
    status=$?
    for p in $pid_nginx $pid_a $pid_b $pid_reg; do
        kill "$p" 2>/dev/null || true
    done
    for p in $pid_nginx $pid_a $pid_b $pid_reg; do
        wait "$p" 2>/dev/null || true
    done
    if [ "$status" -ne 0 ]; then
        for f in "$tmp"/a/log "$tmp"/b/log "$tmp"/reg/log "$tmp"/nginx/error.log; do
            [ -f "$f" ] && { echo "--- $f (last lines)"; tail -n 20 "$f"; }
        done
    fi
    psql -q "$BEIAN_TEST_PG_URL" -c "DROP DATABASE IF EXISTS $db_name" >/dev/null 2>&1 || true
    rm -rf "$tmp"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

fail() {
    echo "two-nodes: $*" >&2
    exit 1
}

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# nginx's own paths, so that it needs no root and writes nothing outside $tmp.
mkdir -p "$tmp/nginx/tmp" "$tmp/tls"
nginx_paths() {
    echo "pid $tmp/nginx/$1.pid;"
    echo "error_log $tmp/nginx/error.log info;"
    [ "$(id -u)" = 0 ] && echo "user root;"
    echo "events { worker_connections 256; }"
}
nginx_temp_paths() {
    for t in client_body proxy fastcgi uwsgi scgi; do
        echo "    ${t}_temp_path $tmp/nginx/tmp/$t;"
    done
}

echo "== nginx -t: the kit's TLS site with a self-signed certificate"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=beian.example.com \
    -keyout "$tmp/tls/privkey.pem" -out "$tmp/tls/fullchain.pem" 2>/dev/null
# The kit's site on 127.0.0.1 only (nginx -t binds its ports too), with the
# nodes' ports, which are known once they run: @PORT_A@ and @PORT_B@.
port_http=$(free_port)
port_https=$(free_port)
port_lb=$(free_port)
[ "$port_http" != "$port_https" ] && [ "$port_lb" != "$port_http" ] &&
    [ "$port_lb" != "$port_https" ] || fail "the same free port twice; run again"
sed -e "s#/etc/ssl/beian/#$tmp/tls/#" \
    -e "s#/etc/nginx/snippets/beian-proxy.conf#$SRC/deploy/nginx/beian-proxy.conf#" \
    -e "s#/var/log/nginx/#$tmp/nginx/#" \
    -e "s#root /var/www/html#root $tmp#" \
    -e "s#^\( *listen\) 80;#\1 127.0.0.1:$port_http;#" \
    -e "s#^\( *listen\) 443 #\1 127.0.0.1:$port_https #" \
    -e "/^ *listen \[::\]/d" \
    -e "s#server 127.0.0.1:8081 #server 127.0.0.1:@PORT_A@ #" \
    -e "s#server 127.0.0.1:8082 #server 127.0.0.1:@PORT_B@ #" \
    "$SRC/deploy/nginx/beian.conf" >"$tmp/site-tls.in"
for want in "127.0.0.1:$port_http;" "127.0.0.1:$port_https ssl http2;" @PORT_A@ @PORT_B@; do
    grep -qF "$want" "$tmp/site-tls.in" || fail "deploy/nginx/beian.conf: cannot place $want"
done
grep -qE "^ *listen +(80|443|\[)" "$tmp/site-tls.in" && fail "a listen of the kit's site is left"
sed -e "s/@PORT_A@/8081/" -e "s/@PORT_B@/8082/" "$tmp/site-tls.in" >"$tmp/site-tls.conf"
{
    nginx_paths tls
    echo "http {"
    echo "    include /etc/nginx/mime.types;"
    echo "    access_log $tmp/nginx/access-tls.log;"
    nginx_temp_paths
    echo "    include $tmp/site-tls.conf;"
    echo "}"
} >"$tmp/nginx-tls.conf"
"$NGINX" -e stderr -p "$tmp/nginx" -c "$tmp/nginx-tls.conf" -t

if command -v systemd-analyze >/dev/null; then
    echo "== systemd-analyze verify: the kit's units"
    mkdir "$tmp/units"
    for f in "$SRC"/deploy/systemd/*; do
        sed "s#/usr/local/bin/beian#$BEIAN#" "$f" >"$tmp/units/${f##*/}"
    done
    (cd "$tmp/units" && systemd-analyze verify --man=no beian@8081.service \
        beian-migrate.service beian-regulator.service beian.target \
        beian-healthz@8081.service beian-healthz@8081.timer)
fi

echo "== the sample configuration names every setting"
for k in $("$BEIAN" serve --help | awk '/^  [a-z_]+ /{print $1}'); do
    grep -qE "^#?$k =" "$SRC/deploy/beian.conf" || fail "deploy/beian.conf lacks $k"
done

echo "== database $db_name, migrated, a reviewer"
psql -q "$BEIAN_TEST_PG_URL" -c "CREATE DATABASE $db_name" >/dev/null
# The nodes run on the kit's sample file; the environment says what differs
# here (the unit's flags, beian.env's secrets, a test's relaxations).
BEIAN_MASTER_KEY=$(openssl rand -hex 32)
BEIAN_DATABASE=$db_url
BEIAN_PUBLIC_ORIGIN=http://127.0.0.1:$port_lb
BEIAN_SECURE_COOKIES=false
BEIAN_TRUSTED_PROXIES=127.0.0.2
BEIAN_SMTP_URL=
BEIAN_LOG_LEVEL=info
BEIAN_JOBS_TICK_S=2
# The gateway: a round a second, calls bound to 2 s, so a lease of
# gateway_lease_s(2, 1) = 7 s; the simulator and the nodes share a password.
BEIAN_REGULATOR_PASSWORD=$(openssl rand -hex 12)
BEIAN_REGULATOR_POLL_S=1
BEIAN_REGULATOR_TIMEOUT_S=2
export BEIAN_MASTER_KEY BEIAN_DATABASE BEIAN_PUBLIC_ORIGIN BEIAN_SECURE_COOKIES \
    BEIAN_TRUSTED_PROXIES BEIAN_SMTP_URL BEIAN_LOG_LEVEL BEIAN_JOBS_TICK_S \
    BEIAN_REGULATOR_PASSWORD BEIAN_REGULATOR_POLL_S BEIAN_REGULATOR_TIMEOUT_S
conf="$SRC/deploy/beian.conf"
mkdir -p "$tmp/a" "$tmp/b" "$tmp/cli"
"$BEIAN" migrate --config "$conf" --data-dir "$tmp/cli" --log-level warn
echo "Staff-Pass-2026" | "$BEIAN" user add --config "$conf" --data-dir "$tmp/cli" \
    --log-level warn --role reviewer --login reviewer1 --email reviewer1@staff.beian.test \
    --mobile 13900000002 --password-stdin >/dev/null

echo "== the administration simulator"
mkdir -p "$tmp/reg"
"$BEIAN" regulator --data-dir="$tmp/reg" --port-file="$tmp/reg/port" --port 0 \
    --database "sqlite:$tmp/reg/regulator.db" --test-controls --log-level warn --threads 2 \
    >"$tmp/reg/log" 2>&1 &
pid_reg=$!
i=0
while [ ! -s "$tmp/reg/port" ]; do
    kill -0 "$pid_reg" 2>/dev/null || fail "the simulator exited: $(tail -n 5 "$tmp/reg/log")"
    i=$((i + 1))
    [ $i -lt 500 ] || fail "the simulator did not start"
    sleep 0.02
done
BEIAN_REGULATOR_ENDPOINT=http://127.0.0.1:$(cat "$tmp/reg/port")
export BEIAN_REGULATOR_ENDPOINT

echo "== nodes A and B"
start_node() { # name -> pid in $started
    "$BEIAN" serve --config "$conf" --listen 127.0.0.1 --port 0 --threads 2 \
        --port-file "$tmp/$1/port" --data-dir "$tmp/$1" >"$tmp/$1/log" 2>&1 &
    started=$!
}
wait_port() { # name pid
    i=0
    while [ ! -s "$tmp/$1/port" ]; do
        kill -0 "$2" 2>/dev/null || fail "node $1 exited: $(tail -n 5 "$tmp/$1/log")"
        i=$((i + 1))
        [ $i -lt 500 ] || fail "node $1 did not start"
        sleep 0.02
    done
    cat "$tmp/$1/port"
}
start_node a
pid_a=$started
start_node b
pid_b=$started
port_a=$(wait_port a "$pid_a")
port_b=$(wait_port b "$pid_b")

echo "== nginx on 127.0.0.1:$port_lb in front of :$port_a and :$port_b"
# The kit's site (upstream, redirect, TLS) with the nodes' ports, and the
# test's plain server.
sed -e "s/@PORT_A@/$port_a/" -e "s/@PORT_B@/$port_b/" "$tmp/site-tls.in" >"$tmp/site-tls.conf"
{
    nginx_paths lb
    echo "worker_processes 1;"
    echo "daemon off;"
    echo "http {"
    nginx_temp_paths
    echo "    log_format nodes '\$request_method \$uri \$status \$upstream_addr';"
    echo "    access_log $tmp/nginx/access.log nodes;"
    echo "    include /etc/nginx/mime.types;"
    echo "    proxy_bind 127.0.0.2;"
    echo "    include $tmp/site-tls.conf;"
    echo "    server {"
    echo "        listen 127.0.0.1:$port_lb;"
    echo "        add_header X-Beian-Upstream \$upstream_addr always;"
    echo "        include $SRC/deploy/nginx/beian-proxy.conf;"
    echo "    }"
    echo "}"
} >"$tmp/nginx-lb.conf"
"$NGINX" -e stderr -p "$tmp/nginx" -c "$tmp/nginx-lb.conf" &
pid_nginx=$!
i=0
until curl -s -o /dev/null "http://127.0.0.1:$port_lb/healthz"; do
    kill -0 "$pid_nginx" 2>/dev/null || fail "nginx exited"
    i=$((i + 1))
    [ $i -lt 250 ] || fail "nginx did not start"
    sleep 0.02
done

echo "== the kit's site: a redirect to HTTPS, HTTP/2 with TLS, HSTS, the body limit"
https=https://127.0.0.1:$port_https
code=$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' "http://127.0.0.1:$port_http/portal")
case "$code" in "301 https://127.0.0.1/portal") ;; *) fail "port 80 answered $code" ;; esac
got=$(curl -sk --http2 -D "$tmp/h2.headers" -o "$tmp/h2.body" -w '%{http_code} %{http_version}' \
    "$https/healthz")
[ "$got" = "200 2" ] || fail "HTTPS /healthz: $got (want 200 over HTTP/2)"
grep -q '"database": *"postgres"' "$tmp/h2.body" || fail "HTTPS /healthz: $(cat "$tmp/h2.body")"
grep -qi '^strict-transport-security: max-age=31536000' "$tmp/h2.headers" || fail "no HSTS"
got=$(curl -sk --tlsv1.3 -o /dev/null -w '%{http_code}' "$https/healthz")
[ "$got" = 200 ] || fail "TLS 1.3: $got"
[ "$(curl -sk -o /dev/null -w '%{http_code}' "$https/metrics")" = 404 ] || fail "/metrics is served"
# Larger than client_max_body_size (4608k): nginx refuses it; smaller ones
# reach Beian (which refuses an anonymous upload from its headers).
head -c 4800000 /dev/zero >"$tmp/big"
got=$(curl -sk -o /dev/null -w '%{http_code}' -H 'Content-Type: multipart/form-data; boundary=x' \
    --data-binary @"$tmp/big" "$https/api/v1/applications/1/files")
[ "$got" = 413 ] || fail "a 4.8 MB body: $got, want 413 from nginx"
# Beian answers such a refusal from the headers; from a trusted proxy it
# reads the body to the end first, or nginx, still sending, would say 502.
head -c 4000000 /dev/zero >"$tmp/big"
for i in 1 2 3 4; do
    got=$(curl -sk -o /dev/null -w '%{http_code}' -H 'Content-Type: multipart/form-data; boundary=x' \
        --data-binary @"$tmp/big" "$https/api/v1/applications/1/files")
    case "$got" in 401 | 403) ;; *) fail "a 4 MB anonymous upload: $got, want Beian's 401/403" ;; esac
done
rm -f "$tmp/big"

echo "== a filing through nginx, one node killed in the middle, approved through the other"
BEIAN_DEPLOY_URL=http://127.0.0.1:$port_lb \
    BEIAN_DEPLOY_REGULATOR=$BEIAN_REGULATOR_ENDPOINT \
    BEIAN_DEPLOY_DATABASE=$db_url \
    BEIAN_DEPLOY_NODE_A=127.0.0.1:$port_a \
    BEIAN_DEPLOY_NODE_B=127.0.0.1:$port_b \
    BEIAN_DEPLOY_PID_A=$pid_a \
    BEIAN_DEPLOY_PID_B=$pid_b \
    BEIAN_DEPLOY_MAIL_DIRS="$tmp/a/mail $tmp/b/mail" \
    "$PROG"

# One node was killed (reap it), the other still runs.
alive=0
for p in $pid_a $pid_b; do
    if [ "$(ps -o stat= -p "$p" 2>/dev/null | cut -c1)" = Z ] || ! kill -0 "$p" 2>/dev/null; then
        wait "$p" 2>/dev/null || true
    else
        alive=$((alive + 1))
    fi
done
[ $alive = 1 ] || fail "$alive nodes still run, want 1"
echo "== nginx's log: method, path, status, the node(s) tried (A :$port_a, B :$port_b)"
sed 's/^/   /' "$tmp/nginx/access.log"
echo "two-nodes: passed"
