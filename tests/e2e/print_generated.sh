#!/usr/bin/env bash
# End-to-end: generate the small college, import it, print every journal in
# two processes, and judge each file with poppler and qpdf: every page has
# its folio, the certification count is the real page count, the contents
# point at the right sheets, text is extractable Russian.
. "$TOP/tests/e2e/lib.sh"

export SOURCE_DATE_EPOCH=1767000000
ej generate --size small --out "$T/gen" >/dev/null 2>&1
check printgen_generate test -d "$T/gen/export"
ej --db "$T/g.db" --config "$T/gen/ejournal.ini" -q import "$T/gen/export" >/dev/null 2>&1
check printgen_import test "$(sqlite3 "$T/g.db" 'SELECT count(*) FROM grp' 2>/dev/null)" -gt 0

ej --db "$T/g.db" --config "$T/gen/ejournal.ini" -q print --out "$T/out" -j 2 >"$T/list"
check printgen_status test $? -eq 0
ngroups=$(sqlite3 "$T/g.db" 'SELECT count(*) FROM grp')
check printgen_one_file_per_group test "$(ls "$T/out"/*.pdf | wc -l)" -eq "$ngroups"
check printgen_no_temporaries test "$(ls -A "$T/out" | grep -vc '\.pdf$')" -eq 0

# Every file: qpdf, fonts embedded, the certification count is the file's
# page count, the listed count too.  (poppler spends ~20 ms a page in lcms
# colour set-up, so the full text is read for one journal only, below.)
bad=""
for f in "$T"/out/*.pdf; do
	n=$(pdfinfo "$f" 2>/dev/null | awk '/^Pages:/ { print $2 }')
	qpdf --check "$f" >/dev/null 2>&1 || bad="$bad qpdf:$f"
	pdftotext -f "$n" -l "$n" "$f" - 2>/dev/null | tr '\n' ' ' | grep -q "печатью $n (" || bad="$bad cert:$f"
	grep -q "	$f	$n	" "$T/list" || bad="$bad list:$f"
	pdffonts "$f" 2>/dev/null | awk 'NR > 2 && $(NF-4) != "yes" { exit 1 }' || bad="$bad fonts:$f"
done
check "printgen_files_sound${bad:+ ($bad)}" test -z "$bad"

# One group's first semester in full: «Лист i из N» on every page, no reader
# warnings, every student of the group by name.
g=$(sqlite3 "$T/g.db" 'SELECT name FROM grp ORDER BY name LIMIT 1')
ej --db "$T/g.db" --config "$T/gen/ejournal.ini" -q print --semester 1 --group "$g" --out "$T/s1" >/dev/null
f="$T/s1/$g-сем1.pdf"
n=$(pdfinfo "$f" 2>/dev/null | awk '/^Pages:/ { print $2 }')
pdftotext "$f" "$T/t.txt" 2>"$T/warn"
check printgen_no_reader_warnings test ! -s "$T/warn"
check printgen_folios test "$(grep -c "^Лист [0-9]* из $n\$" "$T/t.txt")" -eq "$n"
tr '\n' ' ' <"$T/t.txt" | tr -s ' ' >"$T/all.txt"
missing=0
while IFS= read -r s; do
	grep -qF -- "$s" "$T/all.txt" || missing=$((missing + 1))
done < <(sqlite3 "$T/g.db" "SELECT DISTINCT s.short_name FROM student s JOIN stay y ON y.student_id = s.id
	JOIN grp g ON g.id = y.group_id WHERE g.name = '$g' AND (y.enrolled IS NULL OR y.enrolled <= '2025-12-28')
	AND (y.left_on IS NULL OR y.left_on > '2025-09-01')")
check printgen_student_names test "$missing" -eq 0
