#!/bin/sh
# Install everything Beian needs to build, run and test on Debian 12.
# Safe to run again: apt-get skips what is installed. Needs root (or sudo).
set -eu

PACKAGES="build-essential cmake pkg-config clang-14 clang-format
  libmicrohttpd-dev libjansson-dev libsqlite3-dev libsodium-dev libidn2-dev
  libpango1.0-dev libcairo2-dev libqrencode-dev libcurl4-openssl-dev
  libpng-dev libjpeg-dev libpq-dev zlib1g-dev libcmocka-dev libxml2-dev libssl-dev
  fonts-wqy-microhei poppler-utils zbar-tools zip unzip sqlite3 postgresql python3 python3-aiosmtpd
  wrk curl ca-certificates gettext chromium
  libxlsxwriter-dev"
# The deployment kit's load balancer (deploy/nginx, tests/deploy/two-nodes.sh).
PACKAGES="$PACKAGES nginx-light"
# beian backup / restore on PostgreSQL: pg_dump, pg_restore
PACKAGES="$PACKAGES postgresql-client"

missing=""
for p in $PACKAGES; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -z "$missing" ]; then
    echo "install-deps: all packages present"
    exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "install-deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing
