#!/usr/bin/env bash
# tests/bench/bench_check.sh — time `ejournal check` over a whole year.
#
#   tests/bench/bench_check.sh DB [CONFIG]      (EJ=path/to/ejournal, default build/ejournal)
#
# With a DB that does not exist yet, it first builds one the size of a large
# college: `generate --size large` next to it, then imports export/ and
# later/ (CONFIG defaults to the generated ejournal.ini).  Prints one line:
#   check: N findings in W s (user U s, sys S s), peak memory M MB — ok|SLOW (limit 5 s)
# and marks SLOW when the check took 5 s or more (wall clock); exit 0 either way.
set -u
cd "$(dirname "$0")/../.." || exit 2
EJ=${EJ:-build/ejournal}
LIMIT=${LIMIT:-5}
[ $# -ge 1 ] || { echo "usage: tests/bench/bench_check.sh DB [CONFIG]" >&2; exit 2; }
DB=$1
CFG=${2:-}
[ -x "$EJ" ] || { echo "bench_check: no $EJ: run make first" >&2; exit 2; }

if [ ! -e "$DB" ]; then
	G=$(dirname "$DB")/gen-large
	echo "bench_check: $DB missing: generating a large college in $G" >&2
	rm -rf "$G"
	"$EJ" -q generate --size large --out "$G" || exit 2
	"$EJ" -q --db "$DB" --config "$G/ejournal.ini" import "$G/export" || exit 2
	"$EJ" -q --db "$DB" --config "$G/ejournal.ini" import "$G/later" || exit 2
	[ -n "$CFG" ] || CFG=$G/ejournal.ini
fi
if [ -z "$CFG" ] && [ -e "$(dirname "$DB")/gen-large/ejournal.ini" ]; then
	CFG=$(dirname "$DB")/gen-large/ejournal.ini
fi
CFGOPT=()
[ -n "$CFG" ] && CFGOPT=(--config "$CFG")

marks=$(sqlite3 "$DB" 'SELECT count(*) FROM mark' 2>/dev/null || echo '?')
out=$(mktemp /tmp/bench_check.XXXXXX)
tim=$(mktemp /tmp/bench_check_t.XXXXXX)
# Warm the page cache once, so the figure is the check, not the disk.
cat "$DB" >/dev/null
/usr/bin/time -f '%e %U %S %M' -o "$tim" "$EJ" --db "$DB" "${CFGOPT[@]}" check --format csv >"$out"
st=$?
read -r wall user sys kb < <(tail -n 1 "$tim")
n=$(($(wc -l <"$out") - 1))
rm -f "$out" "$tim"
if [ "$st" -gt 1 ]; then
	echo "check: failed with exit status $st" >&2
	exit 2
fi
verdict=ok
awk -v w="$wall" -v l="$LIMIT" 'BEGIN { exit !(w + 0 >= l + 0) }' && verdict=SLOW
printf 'check: %d findings over %s marks in %s s (user %s s, sys %s s), peak memory %d MB — %s (limit %s s, load %s)\n' \
	"$n" "$marks" "$wall" "$user" "$sys" $((kb / 1024)) "$verdict" "$LIMIT" "$(cut -d' ' -f1 /proc/loadavg)"
exit 0   # a figure to read, never an assertion
