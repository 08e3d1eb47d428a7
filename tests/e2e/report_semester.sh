#!/usr/bin/env bash
# report_semester.sh — `ejournal report semester`: the справка's sections,
# conclusions worded by templates/ (an edited copy changes the words without
# rebuilding), the acknowledgement table, and the workbook's figures against
# an independent computation from the fixture.
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$TOP/tests/e2e/lib.sh"

sqlite3 "$T/ej.db" < "$TOP/lib/store/schema.sql"
sqlite3 "$T/ej.db" < "$TOP/tests/e2e/fixtures/reports_small.sql"
cat > "$T/ejournal.ini" <<'EOF'
[institution]
name = Государственное бюджетное профессиональное образовательное учреждение «Тестовый колледж»
short_name = ГБПОУ «Тестовый колледж»
director = А.А. Директоров
deputy = О.Н. Проверяющая
[year]
name = 2025/2026
semester1 = 01.09.2025-28.12.2025
semester2 = 12.01.2026-30.06.2026
EOF
run() { ej --db "$T/ej.db" --config "$T/ejournal.ini" "$@"; }

expect_status 2 "report semester needs --semester" run report semester 2>/dev/null
expect_status 2 "report semester rejects --semester 3" run report semester --semester 3 2>/dev/null
run report semester --semester 1 --out "$T/out" >"$T/paths.txt"
check "report semester writes PDF and XLSX" test -s "$T/out/semester-1.pdf" -a -s "$T/out/semester-1.xlsx"
pdftotext -layout "$T/out/semester-1.pdf" "$T/s.txt"
tx() { grep -q -- "$1" "$T/s.txt"; }
check "semester title" tx "за 1 семестр 2025/2026 учебного года"
# The text joined into one line: wrapping does not split the phrases checked.
tr '\n' ' ' < "$T/s.txt" | tr -s ' ' > "$T/s1.txt"
check "semester period and checker" sh -c "grep -q 'Период проверки: с 01.09.2025 по 28.12.2025' '$T/s1.txt' && grep -q 'Проверку провёл(а): Заместитель директора по учебно-методической работе О.Н. Проверяющая' '$T/s1.txt'"
for sec in "1. Выполнение учебных программ" "2. Контрольные работы" "3. Объективность выставления отметок" \
	"4. Замены занятий" "5. Своевременность и полнота" "6. Выводы и рекомендации" "Со справкой ознакомлены"; do
	check "semester section «$sec»" tx "$sec"
done
# Figures in the text: ИСП-21 N 4, 75 % / 50 %; one substitution; 10 lessons, 80 % on time.
check "semester group figures (ИСП-21 4 75,0 50,0)" grep -Eq "ИСП-21 +4 +75,0 +50,0" "$T/s.txt"
check "semester substitutions counted" tx "Зафиксировано замен: 1."
check "semester substitution listed with its note" grep -Eq "15.10.2025 +ИСП-22 .*Петров И. С. +замена: Петров И. С. вместо" "$T/s.txt"
check "semester timeliness figures" tx "внесено в день"
check "semester conclusion chosen from figures (lag)" tx "Учебные программы выполнены не полностью"
check "semester recommendation present" tx "Провести недостающие контрольные работы"
check "semester acknowledgement lists curators" tx "куратор группы ИСП-21"
check "semester acknowledgement lists teachers" grep -Eq "Петров И. С. +преподаватель" "$T/s.txt"
check "semester signature" grep -Eq "работе _+ О.Н. Проверяющая" "$T/s1.txt"

# A college edits the wording: a copy of templates/ with a changed conclusion.
mkdir -p "$T/data/templates"
sed 's/^Учебные программы выполнены не полностью:/ВНИМАНИЕ: программы не выполнены:/' \
	"$TOP/templates/reports.txt" > "$T/data/templates/reports.txt"
EJOURNAL_DATADIR="$T/data" run report semester --semester 1 --format pdf --out "$T/edited" >/dev/null
check "semester wording comes from templates/" sh -c \
	"pdftotext '$T/edited/semester-1.pdf' - | grep -q 'ВНИМАНИЕ: программы не выполнены:'"
# A typo in an edited template is reported with its line, not printed.
sed 's/{{held}}/{{helt}}/' "$TOP/templates/reports.txt" > "$T/data/templates/reports.txt"
EJOURNAL_DATADIR="$T/data" run report semester --semester 1 --out "$T/bad" >/dev/null 2>"$T/err.txt"
check "template typo names file and line" grep -q "reports.txt:[0-9]*: unknown placeholder {{helt}}" "$T/err.txt"
check "no document left after a template error" test ! -e "$T/bad/semester-1.pdf"

cat > "$T/check.py" <<'EOF'
import sqlite3, sys, openpyxl
con = sqlite3.connect(sys.argv[1]); wb = openpyxl.load_workbook(sys.argv[2], data_only=True)
errors = []
def eq(what, got, want):
    ok = (got in (None, "") if want is None else
          isinstance(got, (int, float)) and abs(got - want) < 1e-9 if isinstance(want, float) else got == want)
    if not ok: errors.append(f"{what}: workbook {got!r}, expected {want!r}")
cov, obj = wb.worksheets[0], wb.worksheets[1]
for r in range(4, cov.max_row + 1):
    g, code = cov.cell(r, 1).value, cov.cell(r, 2).value
    did = con.execute("SELECT d.id FROM discipline d JOIN grp g ON g.id=d.group_id WHERE g.name=? AND d.code=?",
                      (g, code)).fetchone()[0]
    cur = con.execute("SELECT hours, control_works FROM curriculum WHERE discipline_id=? AND semester=1",
                      (did,)).fetchone()
    held = con.execute("SELECT coalesce(sum(hours),0) FROM lesson WHERE discipline_id=? "
                       "AND date BETWEEN '2025-09-01' AND '2025-12-28'", (did,)).fetchone()[0]
    eq(f"{g} {code} curriculum", cov.cell(r, 5).value, cur[0])
    eq(f"{g} {code} held", cov.cell(r, 7).value, held)
    eq(f"{g} {code} done %", cov.cell(r, 8).value, held / cur[0])
    eq(f"{g} {code} deviation", cov.cell(r, 9).value, held - cur[0])
    eq(f"{g} {code} control required", cov.cell(r, 12).value, cur[1])
for r in range(4, obj.max_row + 1):
    g, code = obj.cell(r, 1).value, obj.cell(r, 2).value
    finals = [v for (v,) in con.execute(
        "SELECT f.value FROM final f JOIN discipline d ON d.id=f.discipline_id JOIN grp g ON g.id=d.group_id "
        "JOIN stay y ON y.student_id=f.student_id AND y.group_id=g.id "
        "WHERE g.name=? AND d.code=? AND f.semester=1 AND (y.left_on IS NULL OR y.left_on > '2025-12-28')",
        (g, code))]
    n = len(finals)
    eq(f"{g} {code} N", obj.cell(r, 4).value, n)
    eq(f"{g} {code} success", obj.cell(r, 5).value, sum(v in "543" for v in finals) / n)
    eq(f"{g} {code} quality", obj.cell(r, 6).value, sum(v in "54" for v in finals) / n)
    eq(f"{g} {code} final mean", obj.cell(r, 7).value, sum(int(v) for v in finals) / n)
ack = wb.worksheets[-1]
names = [ack.cell(r, 2).value for r in range(4, ack.max_row + 1)]
eq("acknowledgement names", sorted(names), sorted(["Кузнецова М. И.", "Петров И. С.", "Соколова А. П."]))
if errors: print("\n".join(errors)); sys.exit(1)
EOF
check "semester workbook figures match independent computation" \
	/usr/bin/python3 "$T/check.py" "$T/ej.db" "$T/out/semester-1.xlsx"

# A discipline taught in subgroups (formats.md): ОГСЭ.03 of ИСП-22 split into
# two subgroups of 36 h and 1 control work each.  The fixture's lesson of
# 09.10 is the whole group's (2 h for both); subgroup 2 also has a control
# lesson of its own on 16.10: held 2 and 4 h, control works 0 and 1.
# One row per subgroup, never summed.
cp "$T/ej.db" "$T/sub.db"
sqlite3 "$T/sub.db" "DELETE FROM curriculum WHERE discipline_id = 4;
	INSERT INTO curriculum VALUES (40, 4, 1, 1, 36, 0, 36, 0, 1, 'credit', 3, 1);
	INSERT INTO curriculum VALUES (41, 4, 1, 2, 36, 0, 36, 0, 1, 'credit', 2, 1);
	INSERT INTO lesson (discipline_id, subgroup, date, pair, teacher_id, topic, lesson_type, hours, batch_id)
	  VALUES (4, 2, '2025-10-16', 3, 2, 'Семья', 'control', 2, 1);"
ej --db "$T/sub.db" --config "$T/ejournal.ini" report semester --semester 1 --out "$T/sub" >/dev/null
pdftotext -layout "$T/sub/semester-1.pdf" "$T/sub.txt"
check "semester PDF: a row per subgroup" sh -c "
	grep -A1 'ОГСЭ.03' '$T/sub.txt' | grep -q 'подгр. 1' &&
	grep -A1 'ОГСЭ.03' '$T/sub.txt' | grep -q 'подгр. 2'"
cat > "$T/sub.py" <<'EOF'
import openpyxl, sys
ws = openpyxl.load_workbook(sys.argv[1], data_only=True).worksheets[0]
rows = [[c.value for c in r] for r in ws.iter_rows(min_row=4)]
sub = [r for r in rows if r[1] == "ОГСЭ.03"]
want = [("Иностранный язык, подгр. 1", "Кузнецова М. И.", 36, 2, 0, 1, 36, 2),
        ("Иностранный язык, подгр. 2", "Петров И. С.", 36, 4, 1, 1, 36, 2)]
got = [(r[2], r[3], r[4], r[6], r[12], r[11], r[9], r[10]) for r in sub]
if got != want:
    print("got", got); sys.exit(1)
EOF
check "semester workbook: subgroup rows with their own teacher, hours, control works" \
	/usr/bin/python3 "$T/sub.py" "$T/sub/semester-1.xlsx"
