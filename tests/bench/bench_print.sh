#!/usr/bin/env bash
# tests/bench/bench_print.sh — pages per second of `ejournal print` over every
# journal in a database, against a bare libharu program drawing the same
# number of grid pages with the same fonts (tests/bench/bare_grid.c).
#
#   tests/bench/bench_print.sh DB [CONFIG] [BUILD_DIR] [-j N]
#
# Prints both rates and the ratio (ejournal ÷ bare; the target is ≥ 0.5,
# i.e. within 2×).  The bare program spreads the pages over as many
# documents as there are journals (each document pays for its fonts and its
# save, as print's do); its one-document rate is shown too.  Runs
# single-process by default so the two compare.
set -eu
cd "$(dirname "$0")/../.."
TOP=$(pwd)
DB=${1:?usage: bench_print.sh DB [CONFIG] [BUILD_DIR] [-j N]}
CONF=${2:-}
BUILD=${3:-build}
JOBS=${5:-1}
[ "${4:-}" = "-j" ] || JOBS=1
EJ=$TOP/$BUILD/ejournal
[ -x "$EJ" ] || { echo "bench_print: no $EJ (make BUILD=$BUILD first)" >&2; exit 2; }
W=$(mktemp -d /tmp/ejbench-print.XXXXXX)
trap 'rm -rf "$W"' EXIT
export EJOURNAL_DATADIR=$TOP SOURCE_DATE_EPOCH=1767000000

cfg=()
[ -n "$CONF" ] && cfg=(--config "$CONF")
now() { date +%s.%N; }

# warm the page cache and the font files once
"$EJ" --db "$DB" "${cfg[@]}" -q print --out "$W/warm" -j "$JOBS" >/dev/null
best=""
for run in 1 2 3; do
	rm -rf "$W/out"
	t0=$(now)
	"$EJ" --db "$DB" "${cfg[@]}" -q print --out "$W/out" -j "$JOBS" >"$W/list"
	t1=$(now)
	s=$(echo "$t1 - $t0" | bc -l)
	if [ -z "$best" ] || [ "$(echo "$s < $best" | bc -l)" = 1 ]; then best=$s; fi
done
pages=$(awk -F'\t' '{ n += $3 } END { print n + 0 }' "$W/list")
docs=$(wc -l <"$W/list")

font() { for d in "$TOP/fonts" /usr/share/fonts/truetype/liberation2 /usr/share/fonts/truetype/liberation; do
	[ -r "$d/$1" ] && { echo "$d/$1"; return; }; done; echo "bench_print: font $1 not found" >&2; exit 2; }
cc -O2 -o "$W/bare_grid" tests/bench/bare_grid.c -lhpdf
# bare_run DOCS: best of three, the pages spread over DOCS documents
bare_run() {
	local best="" s
	for run in 1 2 3; do
		s=$("$W/bare_grid" "$pages" "$W/bare.pdf" "$(font LiberationSerif-Regular.ttf)" \
			"$(font LiberationSerif-Bold.ttf)" "$1" | awk '{ print $2 }')
		if [ -z "$best" ] || [ "$(echo "$s < $best" | bc -l)" = 1 ]; then best=$s; fi
	done
	echo "$best"
}
bare_best=$(bare_run "$docs")
bare_one=$(bare_run 1)

awk -v p="$pages" -v d="$docs" -v s="$best" -v b="$bare_best" -v b1="$bare_one" -v j="$JOBS" 'BEGIN {
	r = p / s; rb = p / b;
	printf "ejournal print: %d journals, %d pages in %.3f s: %.0f pages/s (-j %d)\n", d, p, s, r, j;
	printf "bare libharu:   %d grid pages in one document: %.0f pages/s\n", p, p / b1;
	printf "bare libharu:   %d grid pages in %d documents (as print): %.3f s: %.0f pages/s\n", p, d, b, rb;
	printf "ratio: %.2f of the bare rate (%s)\n", r / rb, ((r / rb) >= 0.5) ? "within 2x" : "SLOWER than 2x";
}'
