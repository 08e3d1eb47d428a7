#!/usr/bin/env bash
# bench_reports.sh — time the report documents on a database:
#
#   tests/bench/bench_reports.sh DB [CONFIG] [BUILD]
#
# Prints wall time and peak memory of `report monthly` (the newest month
# with lessons), `report semester --semester 1` and `summary`.  Targets
# (large college, ≈120 groups): each under 3 s; summary peak memory under
# 200 MB.  Exit status 1 when a target is missed.
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
miss=0

bench() { # NAME LIMIT_S LIMIT_MB CMD...
	local name=$1 lim_s=$2 lim_mb=$3; shift 3
	/usr/bin/time -f "%e %M %U" -o "$OUT/time" "$@" >/dev/null 2>"$OUT/err" ||
		{ echo "$name: FAILED"; cat "$OUT/err"; miss=1; return; }
	read -r secs kb usr < "$OUT/time"
	local mb=$((kb / 1024)) verdict=ok
	if awk -v s="$secs" -v l="$lim_s" 'BEGIN { exit !(s > l) }'; then verdict="SLOW (> ${lim_s} s)"; miss=1; fi
	if [ "$lim_mb" -gt 0 ] && [ "$mb" -gt "$lim_mb" ]; then verdict="$verdict, MEMORY (> ${lim_mb} MB)"; miss=1; fi
	printf '%-28s %6.2f s (cpu %5.2f s) %6d MB  %s\n' "$name" "$secs" "$usr" "$mb" "$verdict"
}

echo "database: $DB ($(sqlite3 "$DB" 'SELECT count(*) FROM grp') groups," \
	"$(sqlite3 "$DB" 'SELECT count(*) FROM student') students," \
	"$(sqlite3 "$DB" 'SELECT count(*) FROM mark') marks)"
bench "report monthly $month" 3 0 "$EJ" "${args[@]}" report monthly --month "$month" --out "$OUT"
bench "report semester 1" 3 0 "$EJ" "${args[@]}" report semester --semester 1 --out "$OUT"
bench "summary" 3 200 "$EJ" "${args[@]}" summary --out "$OUT/summary.xlsx"
exit $miss
