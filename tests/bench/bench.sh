#!/usr/bin/env bash
# tests/bench/bench.sh BUILD [import|all] — the large-college benchmark.
#
# Generates the large college once (cached in bench-out/data, seed 1), imports
# it into a fresh database, then runs every stage that exists: check, print,
# reports, summary, archive.  Each stage prints its own figures (time, rate,
# peak memory); nothing here asserts a timing.  Results go to docs/performance.md
# by hand, with the machine they were measured on.
set -u
cd "$(dirname "$0")/../.."
BUILD=${1:-build}
WHAT=${2:-all}
EJ=$PWD/$BUILD/ejournal
OUT=${BENCH_OUT:-$PWD/bench-out}
export EJOURNAL_DATADIR=$PWD
mkdir -p "$OUT"

if [ ! -f "$OUT/data/.complete" ]; then
	echo "== generating the large college (seed 1)"
	rm -rf "$OUT/data"
	/usr/bin/time -f "generate: %e s, peak %M KB" "$EJ" generate --size large --seed 1 --out "$OUT/data" || exit 1
	touch "$OUT/data/.complete"
fi
echo "== data: $(du -sh "$OUT/data/export" | cut -f1), $(cat "$OUT"/data/export/*.csv | wc -l) CSV lines"

tests/bench/bench_import.sh "$EJ" "$OUT/data" "$OUT/ejournal.db" || exit 1
[ "$WHAT" = import ] && exit 0

for stage in check print reports archive; do
	s=tests/bench/bench_$stage.sh
	if [ -x "$s" ]; then
		echo "== $stage"
		"$s" "$EJ" "$OUT/ejournal.db" "$OUT/data/ejournal.ini" "$OUT/$stage" || echo "$stage: FAILED"
	else
		echo "== $stage: no benchmark yet"
	fi
done
