#!/usr/bin/env bash
# tests/bench/bench_import.sh — how fast `ejournal import` loads an export.
#
#   tests/bench/bench_import.sh DIR                 (ejournal from $EJ or build/)
#   tests/bench/bench_import.sh EJOURNAL DATA DB    (as tests/bench/bench.sh calls it)
#
# DIR (or DATA/export when it exists) is a folder of CSV files; DATA/ejournal.ini
# or DIR/ejournal.ini is used as the config when present.  Prints the wall
# time, rows/s and peak RSS of one `ejournal import` into a fresh database
# (/usr/bin/time -v), then the time of the sqlite3 shell's `.import` of the
# same rows (converted to UTF-8 first, untimed) into bare tables, and the
# ratio.  Asserts nothing: targets (≈1 M rows < 5 s, < 200 MB) are judged by
# whoever reads the figures.
set -u
cd "$(dirname "$0")/../.."
if [ $# -ge 3 ]; then
	EJ=$1 DATA=$2 DB=$3
else
	EJ=${EJ:-$PWD/build/ejournal} DATA=${1:?usage: bench_import.sh DIR} DB=
fi
DIR=$DATA
[ -d "$DATA/export" ] && DIR=$DATA/export
CONF=
for c in "$DATA/ejournal.ini" "$DIR/ejournal.ini"; do [ -f "$c" ] && CONF=$c && break; done
WORK=$(mktemp -d /tmp/ejbench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
[ -n "$DB" ] || DB=$WORK/ejournal.db
rm -f "$DB" "$DB-wal" "$DB-shm"

echo "== import of $DIR ($(du -sh "$DIR" | cut -f1))"
/usr/bin/time -v "$EJ" -q --db "$DB" ${CONF:+--config "$CONF"} import "$DIR" \
	2>"$WORK/time.txt"
st=$?
[ $st -eq 0 ] || { echo "import failed (exit $st)"; exit 1; }
wall=$(sed -n 's/.*Elapsed (wall clock) time.*: //p' "$WORK/time.txt")
secs=$(awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }' <<<"$wall")
rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$WORK/time.txt")
cpu=$(awk -F': ' '/User time|System time/ { s += $2 } END { print s }' "$WORK/time.txt")
rows=$(sqlite3 "$DB" 'SELECT sum(rows) FROM import_file')
marks=$(sqlite3 "$DB" 'SELECT count(*) FROM mark')
awk -v r="$rows" -v s="$secs" -v m="$rss" -v k="$marks" -v c="$cpu" 'BEGIN {
	printf "ejournal import: %d rows (%d mark records) in %.2f s = %.0f rows/s (CPU %.2f s), peak RSS %.1f MB\n",
		r, k, s, (s > 0 ? r / s : 0), c, m / 1024 }'
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs (a busy machine inflates the wall time)"

# The same rows through the sqlite3 shell, as a floor.
i=0
: >"$WORK/load.sql"
for f in "$DIR"/*.csv; do
	i=$((i + 1))
	enc=utf-8
	case "$(head -c 2 "$f" | od -An -tx1 | tr -d ' ')" in
	fffe) enc=utf-16 ;;
	*) iconv -f utf-8 -t utf-8 "$f" >/dev/null 2>&1 || enc=cp1251 ;;
	esac
	iconv -f "$enc" -t utf-8 "$f" | sed '1s/^\xEF\xBB\xBF//' | tr -d '\r' >"$WORK/$i.csv"
	first=$(head -1 "$WORK/$i.csv")
	sc=$(tr -cd ';' <<<"$first" | wc -c); tc=$(tr -cd '\t' <<<"$first" | wc -c)
	cc=$(tr -cd ',' <<<"$first" | wc -c)
	sep=';'; [ "$tc" -gt "$sc" ] && sep='\t'; [ "$cc" -gt "$sc" ] && [ "$cc" -gt "$tc" ] && sep=','
	printf '.mode csv\n.separator "%s"\n.import %s t%d\n' "$sep" "$WORK/$i.csv" "$i" >>"$WORK/load.sql"
done
/usr/bin/time -f "%e %M %U %S" sqlite3 "$WORK/bare.db" <"$WORK/load.sql" >/dev/null 2>"$WORK/sq.txt"
read -r sqs sqm squ sqy < <(tail -1 "$WORK/sq.txt")
awk -v s="$secs" -v q="$sqs" -v m="$sqm" -v c="$squ" -v y="$sqy" 'BEGIN {
	printf "sqlite3 .import of the same CSV rows: %.2f s (CPU %.2f s), peak RSS %.1f MB\n", q, c + y, m / 1024
	if (q > 0) printf "ratio ejournal / sqlite3 .import: %.2f\n", s / q }'
