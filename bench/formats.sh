#!/bin/sh
# Whole-process times of `plandoc parse FILE --stdout` on the format fixtures (release build), and the PDF paired
# with `pdftotext -layout` on the same file: each round runs both, one after the other, so both see the same load.
# Prints the median of each and, for the PDF, the median of the per-round ratios.
#
#   cargo build --release --locked && sh bench/formats.sh [ROUNDS]
#
# Needs pdftotext (Debian: apt-get install poppler-utils).
set -eu
ROUNDS=${1:-21}
BIN=${BIN:-target/release/plandoc}
DIR=tests/formats

now() { date +%s%N; }
ms() { awk "BEGIN { printf \"%.2f\", $1 / 1000000 }"; }
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

for f in seed.docx seed_web.docx seed.html seed_tables.xlsx seed.pdf; do
    : > /tmp/plandoc-bench-$$
    i=0
    while [ $i -lt "$ROUNDS" ]; do
        t0=$(now); "$BIN" parse "$DIR/$f" --stdout > /dev/null; t1=$(now)
        echo $((t1 - t0)) >> /tmp/plandoc-bench-$$
        i=$((i + 1))
    done
    echo "$f: plandoc parse --stdout median $(ms "$(median < /tmp/plandoc-bench-$$)") ms over $ROUNDS runs"
done

: > /tmp/plandoc-bench-$$; : > /tmp/plandoc-bench-p-$$; : > /tmp/plandoc-bench-r-$$
i=0
while [ $i -lt "$ROUNDS" ]; do
    t0=$(now); "$BIN" parse "$DIR/seed.pdf" --stdout > /dev/null; t1=$(now)
    pdftotext -layout "$DIR/seed.pdf" - > /dev/null; t2=$(now)
    echo $((t1 - t0)) >> /tmp/plandoc-bench-$$
    echo $((t2 - t1)) >> /tmp/plandoc-bench-p-$$
    awk "BEGIN { print ($t1 - $t0) / ($t2 - $t1) }" >> /tmp/plandoc-bench-r-$$
    i=$((i + 1))
done
echo "seed.pdf paired: plandoc $(ms "$(median < /tmp/plandoc-bench-$$)") ms, pdftotext -layout $(ms "$(median < /tmp/plandoc-bench-p-$$)") ms, ratio (median of rounds) $(median < /tmp/plandoc-bench-r-$$)"
rm -f /tmp/plandoc-bench-$$ /tmp/plandoc-bench-p-$$ /tmp/plandoc-bench-r-$$
