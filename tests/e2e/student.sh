#!/usr/bin/env bash
# student.sh — `ejournal student`: one PDF per student, mode 0600, holding
# that student's data and no other student's name.
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$TOP/tests/e2e/lib.sh"

sqlite3 "$T/ej.db" < "$TOP/lib/store/schema.sql"
sqlite3 "$T/ej.db" < "$TOP/tests/e2e/fixtures/reports_small.sql"
cat > "$T/ejournal.ini" <<'EOF'
[institution]
name = Тестовый колледж
[year]
name = 2025/2026
semester1 = 01.09.2025-28.12.2025
semester2 = 12.01.2026-30.06.2026
EOF
run() { ej --db "$T/ej.db" --config "$T/ejournal.ini" "$@"; }

check "student --help" sh -c "\"$EJ\" student --help | grep -q '^usage: ejournal student'"
expect_status 2 "student needs --student or --group" run student 2>/dev/null
expect_status 2 "student takes one of them" run student --student S001 --group ИСП-21 2>/dev/null
expect_status 3 "student: unknown ID is rejected" run student --student NOPE --out "$T/x" 2>/dev/null

run student --group исп-21 --semester 1 --out "$T/out" >"$T/list.txt"
check "student --group writes one file per student (4)" test "$(ls "$T/out/ИСП-21" | wc -l)" -eq 4
check "student file names" test -s "$T/out/ИСП-21/Фёдорова_Д_О-S004.pdf"
check "student files are mode 0600" sh -c "[ -n \"\$(find '$T/out' -type f)\" ] && ! find '$T/out' -type f ! -perm 0600 | grep -q ."
check "student folders are private" sh -c "[ -d '$T/out/ИСП-21' ] && ! find '$T/out' -mindepth 1 -type d ! -perm 0700 | grep -q ."
check "--out DIR holds the group folders directly (no student/ level)" test ! -e "$T/out/student"

all_names=$(sqlite3 "$T/ej.db" "SELECT id || '|' || name || '|' || short_name FROM student")
ok_iso=0
for f in "$T"/out/ИСП-21/*.pdf; do
	txt=$(pdftotext "$f" -)
	id=$(basename "$f" .pdf); id=${id##*-S}; id=$((10#$id))
	while IFS='|' read -r sid full short; do
		surname=${full%% *}
		if [ "$sid" = "$id" ]; then
			echo "$txt" | grep -q "$full" || { echo "$f lacks its own name $full"; ok_iso=1; }
		elif echo "$txt" | grep -q "$surname"; then
			echo "$f mentions $surname"; ok_iso=1
		fi
	done <<< "$all_names"
done
check "each student file names its student and no other" test $ok_iso -eq 0

pdftotext -layout "$T/out/ИСП-21/Фёдорова_Д_О-S004.pdf" "$T/f.txt"
check "student marks with dates" grep -q "07.10: 3; 14.10: н" "$T/f.txt"
check "student mean by discipline (ОП.01 2,00)" grep -Eq "ОП.01 Основы.* 2,00 +2" "$T/f.txt"
check "student absences by month (октябрь 4 = 2 + 2)" grep -Eq "октябрь 2025 +4 +2 +2" "$T/f.txt"
check "student finals" grep -Eq "ОП.01 Основы программирования +1 +семестровая +2" "$T/f.txt"

run student --student S005 --month 2025-10 --out "$T/one" >/dev/null
check "student --student writes one file under its group" test -s "$T/one/ИСП-22/Новиков_П_А-S005.pdf"
check "student --month shows that month's marks" sh -c \
	"pdftotext '$T/one/ИСП-22/Новиков_П_А-S005.pdf' - | grep -q '08.10: 5'"
run student --student S005 --month 2025-09 --out "$T/sep" >/dev/null
check "student --month leaves out other months' marks" sh -c \
	"! pdftotext '$T/sep/ИСП-22/Новиков_П_А-S005.pdf' - | grep -q '08.10'"

# Without --out the files go under ./student/<group>/.
mkdir -p "$T/def"
(cd "$T/def" && ej --db "$T/ej.db" --config "$T/ejournal.ini" student --student S005 --semester 1 >/dev/null)
check "student without --out writes ./student/<group>/" test -s "$T/def/student/ИСП-22/Новиков_П_А-S005.pdf"
