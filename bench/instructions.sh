#!/usr/bin/env bash
# Whole-process instructions (valgrind's count, which does not drift with the host's load) of
# `plandoc parse DIR --jsonl` over an archive; prints the total. Usage:
#   cargo run --release --example gen_archive -- archive /tmp/archive 1000
#   bash bench/instructions.sh [BINARY] [DIR]      # defaults: target/release/plandoc /tmp/archive
set -euo pipefail
bin=${1:-target/release/plandoc}
dir=${2:-/tmp/archive}
out=$(mktemp)
trap 'rm -f "$out"' EXIT
valgrind --tool=callgrind --callgrind-out-file="$out" "$bin" parse "$dir" --jsonl > /dev/null 2>/dev/null
awk '/^(summary|totals):/ { print $2; exit }' "$out"
