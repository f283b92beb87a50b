#!/bin/sh
# Build bench/forms.c against the built library and run it: prints forms per
# second per core. The library must be built first (see README / COMMON);
# for meaningful numbers build it optimised, e.g.
#   cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release && make -C build-release beian_lib
#   BUILD=build-release bench/run-forms.sh
# usage: bench/run-forms.sh [seconds per measurement] [threads]
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-$root/build}
case $build in /*) ;; *) build=$root/$build ;; esac
lib=$build/libbeian_lib.a
if [ ! -f "$lib" ]; then
    echo "run-forms.sh: $lib not found; build the project first" >&2
    exit 1
fi
mods="libmicrohttpd jansson sqlite3 libsodium libidn2 pangocairo cairo libqrencode libcurl libpng libjpeg libpq zlib"
mkdir -p "$root/bench/out"
exe=$root/bench/out/forms
# shellcheck disable=SC2046
cc -std=c17 -O2 -D_GNU_SOURCE -I"$root/src" -I"$root/tests/unit" -I"$build/gen" \
    "$root/bench/forms.c" "$lib" $(pkg-config --cflags --libs $mods) -lpthread -lm -o "$exe"
type=$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$build/CMakeCache.txt" 2>/dev/null || true)
echo "library: $lib (${type:-unknown} build); $(nproc) cores; $(uname -m)"
"$exe" "$@"
