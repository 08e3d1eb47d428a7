# `ejournal import` on the committed sample export (samples/): row counts
# judged with sqlite3, the inferences formats.md asks for, a re-import that
# changes nothing, a second export whose changed / added / removed marks give
# the right mark_history rows, --lenient, and the usage errors.
. "$TOP/tests/e2e/lib.sh"

CONF=$TOP/samples/ejournal.ini
DB=$T/ej.db
q() { sqlite3 "$DB" "$1"; }

ej --db "$DB" --config "$CONF" import "$TOP/samples" 2>"$T/err"; st=$?
check "samples import exit 0" test "$st" -eq 0
check "summary says imported" grep -q "импортировано: пакет 1, выгрузка 2025-10-31 18:04:00" "$T/err"
check "summary names the encodings" grep -q "lessons.csv: занятия, UTF-16LE, 73 rows" "$T/err"
check "integrity" test "$(q 'PRAGMA integrity_check')" = ok
check "foreign keys hold" test -z "$(q 'PRAGMA foreign_key_check')"
for tc in batch:1 import_file:10 teacher:5 grp:2 student:20 stay:21 discipline:6 \
	  curriculum:7 plan:18 schedule:73 lesson:73 mark:283 final:2 mark_history:0; do
	t=${tc%%:*} n=${tc#*:}
	check "count $t = $n" test "$(q "SELECT count(*) FROM $t")" = "$n"
done
check "export time from «Дата выгрузки»" \
	test "$(q 'SELECT exported_at FROM batch')" = "2025-10-31 18:04:00"
check "discipline from «Индекс»+«Наименование»" \
	test "$(q "SELECT d.name FROM discipline d JOIN grp g ON g.id = d.group_id WHERE g.name = 'ИСП-21' AND code = 'МДК.01.01'")" = "Разработка программных модулей"
check "two teachers = two subgroups of the curriculum" \
	test "$(q "SELECT group_concat(c.subgroup || ':' || t.short_name, ' ') FROM curriculum c JOIN teacher t ON t.id = c.teacher_id JOIN discipline d ON d.id = c.discipline_id WHERE d.code = 'ОУД.04'")" = "1:Иванова М. С. 2:Петрова Е. В."
check "transfer: two stays" \
	test "$(q "SELECT group_concat(g.name || ':' || coalesce(enrolled, '-') || ':' || coalesce(left_on, '-'), ' ') FROM stay y JOIN grp g ON g.id = y.group_id JOIN student s ON s.id = y.student_id WHERE s.ext_id = 'S010' ORDER BY g.name")" = "ИСП-21:-:2025-10-01 ИСП-22:2025-10-01:-"
check "mark pair taken from the lesson (Mon pair 1, Wed pair 2)" \
	test "$(q "SELECT group_concat(DISTINCT m.date || '/' || m.pair) FROM mark m JOIN discipline d ON d.id = m.discipline_id WHERE d.group_id = 1 AND d.code = 'ОП.01' AND m.date IN ('2025-09-01', '2025-09-03')")" = "2025-09-01/1,2025-09-03/2"
check "every mark found its lesson" test "$(q 'SELECT count(*) FROM mark WHERE pair = 0')" = 0
check "subgroup marks took the student's subgroup" \
	test "$(q "SELECT count(*) FROM mark m JOIN stay y ON y.student_id = m.student_id AND y.group_id = 1 WHERE m.discipline_id = 3 AND m.subgroup <> y.subgroup")" = 0
check "several values in one cell: seq 0 and 1" test "$(q 'SELECT count(*) FROM mark WHERE seq = 1')" -gt 0
check "grid: same date twice = pairs 1 and 2" \
	test "$(q "SELECT group_concat(DISTINCT pair) FROM mark m JOIN discipline d ON d.id = m.discipline_id WHERE d.group_id = 2 AND d.code = 'ЕН.01' AND date = '2025-10-03' ORDER BY pair")" = "1,2"
check "grid covers its discipline" test "$(q "SELECT count(*) FROM coverage WHERE kind = 'grid'")" = 1
check "lesson types normalised" \
	test "$(q "SELECT group_concat(lesson_type || '=' || n, ' ') FROM (SELECT lesson_type, count(*) n FROM lesson GROUP BY 1 ORDER BY 1)")" = "control=4 practical=30 theory=39"
check "plan semester from the calendar" test "$(q 'SELECT count(*) FROM plan WHERE semester = 1')" = 18
check "finals by ID" test "$(q "SELECT group_concat(value) FROM final f JOIN student s ON s.id = f.student_id ORDER BY s.ext_id")" = "5,4"

# The same files again: nothing changes, and it says so.
before=$(db_dump "$DB")
ej --db "$DB" --config "$CONF" import "$TOP/samples" 2>"$T/err"; st=$?
check "re-import exit 0" test "$st" -eq 0
check "re-import says уже импортирован" grep -q "marks.csv: уже импортирован" "$T/err"
check "re-import leaves the database unchanged" test "$(db_dump "$DB")" = "$before"
cp "$TOP/samples/marks.csv" "$T/copy_of_marks.csv"
ej -q --db "$DB" --config "$CONF" import "$T/copy_of_marks.csv" 2>"$T/err"
check "same content under another name is a no-op" test "$(db_dump "$DB")" = "$before"

# A second export a month later: one mark changed, one removed, one added
# for a day the first export covered, one added after it (not a change).
iconv -f cp1251 -t utf-8 "$TOP/samples/marks.csv" | tr -d '\r' >"$T/m.csv"
head -1 "$T/m.csv" >"$T/marks2.csv"
sed -n 2p "$T/m.csv" | sed 's/;3;Работа/;2;Работа/' >>"$T/marks2.csv"      # Егорова 01.09 ОП.01 3 → 2
sed -n '4,$p' "$T/m.csv" >>"$T/marks2.csv"                                  # line 3 (Ильин 01.09 ОП.01 4) removed
echo "01.09.2025;ИСП-21;ОП.01;Алексеев Алексей Алексеевич;5;Работа на уроке;" >>"$T/marks2.csv"
echo "03.11.2025;ИСП-21;ОП.01;Алексеев Алексей Алексеевич;4;Работа на уроке;" >>"$T/marks2.csv"
check "test data: first row was a 3" test "$(sed -n 2p "$T/m.csv" | cut -d';' -f4,5)" = "Егорова Софья Максимовна;3"
check "test data: removed row" test "$(sed -n 3p "$T/m.csv" | cut -d';' -f1,3,4,5)" = "01.09.2025;ОП.01;Ильин Глеб Денисович;4"
ej --db "$DB" --config "$CONF" import --as-of "30.11.2025 18:00" "$T/marks2.csv" 2>"$T/err"; st=$?
check "second export exit 0" test "$st" -eq 0
check "second export reports the changes" grep -q "изменено 1, появилось 1, исчезло 1" "$T/err"
hist=$(q "SELECT h.change, s.name, h.date, coalesce(h.old_value, '-'), coalesce(h.new_value, '-'), coalesce(h.old_batch_id, 0), h.new_batch_id FROM mark_history h JOIN student s ON s.id = h.student_id ORDER BY h.change, s.name")
want="appeared|Алексеев Алексей Алексеевич|2025-09-01|-|5|1|2
changed|Егорова Софья Максимовна|2025-09-01|3|2|1|2
vanished|Ильин Глеб Денисович|2025-09-01|4|-|1|2"
if [ "$hist" = "$want" ]; then ok "mark_history rows"; else not_ok "mark_history rows"; echo "$hist"; fi
check "vanished mark deleted" test "$(q "SELECT count(*) FROM mark m JOIN student s ON s.id = m.student_id WHERE s.name LIKE 'Ильин%' AND m.discipline_id = 1 AND m.date = '2025-09-01'")" = 0
check "changed mark updated" test "$(q "SELECT value || ':' || batch_id FROM mark m JOIN student s ON s.id = m.student_id WHERE s.name LIKE 'Егорова%' AND m.discipline_id = 1 AND m.date = '2025-09-01'")" = "2:2"
check "uncovered marks left alone" test "$(q "SELECT count(*) FROM mark WHERE discipline_id = 6")" = "$(sqlite3 "$T/ej.db" "SELECT count(*) FROM mark WHERE discipline_id = 6 AND batch_id = 1")"
check "batch 2 export time from --as-of" test "$(q 'SELECT exported_at FROM batch WHERE id = 2')" = "2025-11-30 18:00:00"

# --lenient: good rows in, bad ones to FILE.rejected.csv with the reason.
printf 'Дата;Группа;Дисциплина;Обучающийся;Отметка\n05.11.2025;ИСП-21;ОП.01;Жуков Матвей Ильич;5\n05.11.2025;ИСП-21;ОП.01;Жуков Матвей Ильич;9\n05.11.2025;ИСП-21;ОП.01;Никто Никак;4\n' >"$T/lenient.csv"
ej --db "$DB" --config "$CONF" import --lenient "$T/lenient.csv" 2>"$T/err"; st=$?
check "lenient exit 0" test "$st" -eq 0
check "lenient warns per row" grep -q "warning: $T/lenient.csv:3: column «Отметка»: unknown mark" "$T/err"
check "lenient counts rejected" grep -q "2 rows rejected" "$T/err"
check "lenient imported the good row" test "$(q "SELECT count(*) FROM mark WHERE date = '2025-11-05'")" = 1
check "rejected file written" test -f "$T/lenient.csv.rejected.csv"
rej=$(tail -c +4 "$T/lenient.csv.rejected.csv" | tr -d '\r')
check "rejected file has the header and the reason column" \
	grep -q '^"Дата";"Группа";"Дисциплина";"Обучающийся";"Отметка";"Причина"$' <<<"$rej"
check "rejected file names the line and column" grep -q '"строка 3: «Отметка»: unknown mark' <<<"$rej"
check "rejected file has both bad rows" test "$(wc -l <<<"$rej")" = 3
check "rejected file private" test "$(stat -c %a "$T/lenient.csv.rejected.csv")" = 600
mkdir "$T/dir"
cp "$T/lenient.csv.rejected.csv" "$T/dir/old.rejected.csv"
printf 'Дата;Группа;Дисциплина;Обучающийся;Отметка\n07.11.2025;ИСП-21;ОП.01;Жуков Матвей Ильич;3\n' >"$T/dir/marks.csv"
ej -q --db "$DB" --config "$CONF" import "$T/dir"; st=$?
check "a folder import skips *.rejected.csv" test "$st" -eq 0 -a "$(q "SELECT count(*) FROM import_file WHERE name LIKE '%rejected%'")" = 0

# Explicit options: --kind, --delimiter, --encoding.
printf 'Дата,Пара,Группа,Дисциплина,Преподаватель\n10.11.2025,4,ИСП-21,ОП.01,Соколова Анна Петровна\n' >"$T/export.csv"
expect_status 3 "a header that fits two kinds needs --kind" ej -q --db "$DB" --config "$CONF" import "$T/export.csv" 2>/dev/null
ej -q --db "$DB" --config "$CONF" import --kind schedule --delimiter , "$T/export.csv"; st=$?
check "--kind schedule imports it" test "$st" -eq 0 -a "$(q "SELECT count(*) FROM schedule WHERE date = '2025-11-10'")" = 1
printf 'Дата;Группа;Дисциплина;Обучающийся;Отметка\n06.11.2025;ИСП-21;ОП.01;Жуков Матвей Ильич;4\n' | iconv -t cp1251 >"$T/m1251.csv"
ej -q --db "$DB" --config "$CONF" import --encoding cp1251 "$T/m1251.csv"; st=$?
check "--encoding cp1251" test "$st" -eq 0 -a "$(q "SELECT count(*) FROM mark WHERE date = '2025-11-06'")" = 1

# Usage errors.
expect_status 2 "no path" ej --db "$DB" import 2>/dev/null
expect_status 2 "bad --kind" ej --db "$DB" import --kind nope x.csv 2>/dev/null
expect_status 2 "bad --encoding" ej --db "$DB" import --encoding koi8 x.csv 2>/dev/null
expect_status 2 "bad --delimiter" ej --db "$DB" import --delimiter '|' x.csv 2>/dev/null
expect_status 2 "bad --as-of" ej --db "$DB" import --as-of yesterday "$T/m1251.csv" 2>/dev/null
expect_status 4 "missing file" ej --db "$DB" import "$T/no-such.csv" 2>/dev/null
