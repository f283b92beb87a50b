#!/bin/sh
# Build the libFuzzer targets with clang-14 and run each for SECONDS
# (default 60) from its corpus in tests/fuzz/corpus/<name>/. A crash stops
# the run with the reproducer saved in build-fuzz/.
#   tools/fuzz.sh [SECONDS]
set -eu
cd "$(dirname "$0")/.."
secs=${1:-60}
CC=clang-14 cmake -S . -B build-fuzz -DBEIAN_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build-fuzz -j"$(nproc)"
for src in tests/fuzz/fuzz_*.c; do
    name=$(basename "$src" .c)
    corpus=tests/fuzz/corpus/${name#fuzz_}
    work=build-fuzz/corpus-${name#fuzz_}
    mkdir -p "$work"
    [ -d "$corpus" ] && cp -n "$corpus"/* "$work"/ 2>/dev/null || true
    echo "fuzz: $name for ${secs}s"
    if ! (cd build-fuzz && "./$name" -max_total_time="$secs" -print_final_stats=1 \
        -artifact_prefix="./$name-" "corpus-${name#fuzz_}") >"build-fuzz/$name.log" 2>&1; then
        tail -n 40 "build-fuzz/$name.log"
        echo "fuzz: $name failed; the reproducer is in build-fuzz/$name-*"
        exit 1
    fi
    grep -E 'stat::(number_of_executed_units|new_units_added)' "build-fuzz/$name.log" || true
done
