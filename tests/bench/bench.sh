#!/usr/bin/env bash
# tests/bench/bench.sh BUILD [import|all] — the large-college benchmark.
#
# Generates the large college once (cached in bench-out/data, seed 1), imports
# it into a fresh database, then runs every stage: check, print, reports,
# archive.  Each stage prints its own figures (time, rate, peak memory);
# nothing here asserts a timing.  Results go to docs/performance.md by hand,
# with the load of the machine they were measured on.
set -u
cd "$(dirname "$0")/../.."
TOP=$PWD
BUILD=${1:-build}
WHAT=${2:-all}
EJ=$TOP/$BUILD/ejournal
OUT=${BENCH_OUT:-$TOP/bench-out}
export EJOURNAL_DATADIR=$TOP
mkdir -p "$OUT"
echo "== machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

if [ ! -f "$OUT/data/.complete" ]; then
	echo "== generating the large college (seed 1)"
	rm -rf "$OUT/data"
	/usr/bin/time -f "generate: %e s wall, %U s user, peak %M KB" \
		"$EJ" -q generate --size large --seed 1 --out "$OUT/data" || exit 1
	touch "$OUT/data/.complete"
fi
CFG=$OUT/data/ejournal.ini
DB=$OUT/ejournal.db
echo "== data: $(du -sh "$OUT/data/export" | cut -f1), $(cat "$OUT"/data/export/*.csv | wc -l) CSV lines"

tests/bench/bench_import.sh "$EJ" "$OUT/data" "$DB" || exit 1
[ "$WHAT" = import ] && exit 0
"$EJ" -q --db "$DB" --config "$CFG" import "$OUT/data/later" || exit 1

echo "== check"
EJ=$EJ tests/bench/bench_check.sh "$DB" "$CFG"
echo "== reports"
tests/bench/bench_reports.sh "$DB" "$CFG" "$BUILD"
echo "== print"
tests/bench/bench_print.sh "$DB" "$CFG" "$BUILD" -j 1
tests/bench/bench_print.sh "$DB" "$CFG" "$BUILD" -j "$(nproc)" | grep -i 'ejournal'
echo "== archive"
tests/bench/bench_archive.sh --build "$BUILD" --config "$CFG" "$DB"
exit 0
