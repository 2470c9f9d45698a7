#!/usr/bin/env bash
# Remakes docs/report.png (the seed's review page) and docs/report-compare.png (2020 → 2021, filtered to 区水务局)
# with Debian's headless chromium: apt-get install chromium fonts-noto-cjk.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cargo run --quiet -- report seeds/000_3011126d5fd8c4d3.txt -o "$tmp/seed.html"
cargo run --quiet -- report tests/corpus/next_year_2021.txt --compare seeds/000_3011126d5fd8c4d3.txt -o "$tmp/pair.html"
shot() {
  chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --hide-scrollbars --user-data-dir="$tmp/profile" \
    --virtual-time-budget=3000 --window-size="$1" --screenshot="$2" "$3" 2>/dev/null
}
shot 1200,1500 docs/report.png "file://$tmp/seed.html"
# The fragment 部门=区水务局, percent-encoded.
shot 1200,1300 docs/report-compare.png "file://$tmp/pair.html#%E9%83%A8%E9%97%A8=%E5%8C%BA%E6%B0%B4%E5%8A%A1%E5%B1%80"
