#!/usr/bin/env bash
# bench_archive.sh — time `ejournal archive` (and verify, restore) on a database.
#
#   tests/bench/bench_archive.sh [--build DIR] [--config FILE] [--db-only] DATABASE
#   tests/bench/bench_archive.sh [--build DIR] --rows N     (synthetic: N marks, --db-only)
#
# Prints the database size, the archive size and the wall time of archive
# with documents (journals, reports, summary; skipped with --db-only), of
# archive --no-documents, of verify and of restore.  Everything is written
# in a temporary folder: the given database is only read.
set -u
cd "$(dirname "$0")/../.." || exit 2
TOP=$(pwd)
build=build db="" rows="" dbonly=0 config=()
while [ $# -gt 0 ]; do
	case "$1" in
	--build) build=$2; shift 2 ;;
	--rows) rows=$2; dbonly=1; shift 2 ;;
	--db-only) dbonly=1; shift ;;
	--config) config=(--config "$2"); shift 2 ;;
	-h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) db=$1; shift ;;
	esac
done
EJ=${EJ:-$TOP/$build/ejournal}
[ -x "$EJ" ] || { echo "bench_archive: no $EJ: run make first" >&2; exit 2; }
[ -n "$db" ] || [ -n "$rows" ] || { echo "usage: bench_archive.sh [--build DIR] DATABASE | --rows N" >&2; exit 2; }

W=$(mktemp -d /tmp/ejbench-archive.XXXXXX)
trap 'rm -rf "$W"' EXIT
export TMPDIR=$W

if [ -n "$rows" ]; then
	db=$W/synthetic.db
	{
		cat "$TOP/lib/store/schema.sql"
		echo 'PRAGMA user_version = 1;'
		cat <<EOF
INSERT INTO batch VALUES (1, '2026-01-10 10:00:00', '2026-01-10 09:00:00', 'bench');
INSERT INTO grp (id, name) VALUES (1, 'ИСП-21');
WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 100)
INSERT INTO student (id, ext_id, name, short_name)
SELECT n, 'S' || n, 'Студент Номер ' || n, 'Студент Н. ' || n FROM c;
INSERT INTO discipline VALUES (1, 1, 'ОП.01', 'Основы программирования');
WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < $rows)
INSERT INTO mark (discipline_id, date, pair, student_id, seq, value, mark_kind, recorded_at, batch_id)
SELECT 1, date('2025-09-01', '+' || (n / 100 % 300) || ' days'), 1 + n / 30000 % 6, 1 + n % 100, n / 180000,
       substr('54325', 1 + n % 5, 1), 'Текущая отметка', '2025-09-01 12:00:00', 1 FROM c;
EOF
	} | sqlite3 "$db" || exit 4
fi
[ -f "$db" ] || { echo "bench_archive: $db: no such file" >&2; exit 2; }

now() { date +%s.%N; }
secs() { echo "$1 $2" | awk '{ printf "%.2f", $2 - $1 }'; }

echo "database:  $db ($(stat -c %s "$db") bytes), $(nproc) CPUs"
if [ $dbonly = 0 ]; then
	t0=$(now)
	"$EJ" -q --db "$db" "${config[@]}" archive --to "$W/full" >/dev/null || { echo "archive failed" >&2; exit 4; }
	t1=$(now)
	zip=$(ls "$W"/full/*.zip)
	echo "archive:   $(secs "$t0" "$t1") s with documents -> $(stat -c %s "$zip") bytes, $(unzip -Z1 "$zip" | grep -c '^journals/') journals"
fi
t0=$(now)
"$EJ" -q --db "$db" "${config[@]}" archive --no-documents --to "$W/out" >/dev/null || { echo "archive failed" >&2; exit 4; }
t1=$(now)
zip=$(ls "$W"/out/*.zip)
echo "archive:   $(secs "$t0" "$t1") s database only (--no-documents) -> $(stat -c %s "$zip") bytes"
t0=$(now)
"$EJ" verify "$zip" >/dev/null || { echo "verify failed" >&2; exit 4; }
t1=$(now)
echo "verify:    $(secs "$t0" "$t1") s"
t0=$(now)
"$EJ" restore "$zip" --db "$W/restored.db" >/dev/null || { echo "restore failed" >&2; exit 4; }
t1=$(now)
echo "restore:   $(secs "$t0" "$t1") s"
