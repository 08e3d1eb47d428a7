#!/usr/bin/env bash
# bench_reports.sh — time the report documents on a database:
#
#   tests/bench/bench_reports.sh DB [CONFIG] [BUILD]
#
# Prints wall time and peak memory of `report monthly` (the newest month
# with lessons), `report semester --semester 1` and `summary`.  Targets
# (large college, ≈120 groups): each under 3 s wall; summary peak memory
# under 200 MB.  A missed target is marked SLOW / MEMORY in the output; the
# figures are printed, never asserted: exit 0 unless a command failed (1) or
# the usage is wrong (2).
set -u
cd "$(dirname "$0")/../.."
DB=${1:?usage: tests/bench/bench_reports.sh DB [CONFIG] [BUILD]}
CONFIG=${2:-}
BUILD=${3:-build}
EJ=$BUILD/ejournal
[ -x "$EJ" ] || { echo "no $EJ: run make first" >&2; exit 2; }
OUT=$(mktemp -d /tmp/ejbench.XXXXXX)
trap 'rm -rf "$OUT"' EXIT
export EJOURNAL_DATADIR=$(pwd)
args=(--db "$DB" -q)
[ -n "$CONFIG" ] && args+=(--config "$CONFIG")
month=$(sqlite3 "$DB" "SELECT substr(max(date), 1, 7) FROM lesson")
failed=0

bench() { # NAME LIMIT_S LIMIT_MB CMD...
	local name=$1 lim_s=$2 lim_mb=$3; shift 3
	/usr/bin/time -f "%e %M %U %S" -o "$OUT/time" "$@" >/dev/null 2>"$OUT/err" ||
		{ echo "$name: FAILED"; cat "$OUT/err"; failed=1; return; }
	read -r secs kb usr sys < "$OUT/time"
	local mb=$((kb / 1024)) verdict=ok cpu
	cpu=$(awk -v u="$usr" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
	if awk -v s="$secs" -v l="$lim_s" 'BEGIN { exit !(s > l) }'; then verdict="SLOW (> ${lim_s} s)"; fi
	if [ "$lim_mb" -gt 0 ] && [ "$mb" -gt "$lim_mb" ]; then
		[ "$verdict" = ok ] && verdict="MEMORY (> ${lim_mb} MB)" || verdict="$verdict, MEMORY (> ${lim_mb} MB)"
	fi
	printf '%-28s %6.2f s wall (cpu user+sys %5.2f s) %6d MB  %s\n' "$name" "$secs" "$cpu" "$mb" "$verdict"
}

echo "database: $DB ($(sqlite3 "$DB" 'SELECT count(*) FROM grp') groups," \
	"$(sqlite3 "$DB" 'SELECT count(*) FROM student') students," \
	"$(sqlite3 "$DB" 'SELECT count(*) FROM mark') marks)"
bench "report monthly $month" 3 0 "$EJ" "${args[@]}" report monthly --month "$month" --out "$OUT"
bench "report semester 1" 3 0 "$EJ" "${args[@]}" report semester --semester 1 --out "$OUT"
bench "summary" 3 200 "$EJ" "${args[@]}" summary --out "$OUT/summary.xlsx"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) (the machine may be shared: compare cpu, not only wall)"
exit $failed   # figures printed, never asserted
