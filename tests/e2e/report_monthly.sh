#!/usr/bin/env bash
# report_monthly.sh — `ejournal report monthly` on hand-made data: PDF text
# (pdftotext) and the workbook (openpyxl) against figures computed here from
# the fixture's rows.
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$TOP/tests/e2e/lib.sh"

sqlite3 "$T/ej.db" < "$TOP/lib/store/schema.sql"
sqlite3 "$T/ej.db" < "$TOP/tests/e2e/fixtures/reports_small.sql"
cat > "$T/ejournal.ini" <<'EOF'
[institution]
name = Государственное бюджетное профессиональное образовательное учреждение «Тестовый колледж»
short_name = ГБПОУ «Тестовый колледж»
director = А.А. Директоров
[year]
name = 2025/2026
semester1 = 01.09.2025-28.12.2025
semester2 = 12.01.2026-30.06.2026
[department "Отделение информационных технологий"]
head = Е.В. Смирнова
EOF
run() { ej --db "$T/ej.db" --config "$T/ejournal.ini" "$@"; }

check "report --help" sh -c "\"$EJ\" report --help | grep -q '^usage: ejournal report monthly'"
check "report monthly --help" sh -c "\"$EJ\" report monthly --help | grep -q '^usage:'"
expect_status 2 "report monthly needs --month" run report monthly 2>/dev/null
expect_status 2 "report monthly rejects a bad month" run report monthly --month 2025-13 2>/dev/null
expect_status 2 "report rejects an unknown kind" run report weekly 2>/dev/null

run report monthly --month 2025-10 --out "$T/out" >"$T/paths.txt"
check "report monthly prints the files it wrote" grep -qx "$T/out/monthly-2025-10.pdf" "$T/paths.txt"
P="$T/out/monthly-2025-10.pdf" X="$T/out/monthly-2025-10.xlsx"
check "monthly files exist" test -s "$P" -a -s "$X"
pdftotext -layout "$P" "$T/m.txt"
tx() { grep -q -- "$1" "$T/m.txt"; }
check "monthly title" tx "о ведении электронного журнала за октябрь 2025 г."
check "monthly institution" tx "ГБПОУ «Тестовый колледж»"
check "monthly sections" sh -c "grep -q '1. Показатели по преподавателям' '$T/m.txt' && grep -q '2. Показатели по группам' '$T/m.txt' && grep -q '3. Выявленные нарушения' '$T/m.txt' && grep -q '4. Своевременность' '$T/m.txt'"
# Соколова: 5 lessons in October, one without topic, one without homework, one late.
check "monthly teacher row (Соколова 5 / 80,0 / 80,0 / 80,0)" \
	grep -Eq "Соколова А. П. +5 +80,0 +80,0 +80,0" "$T/m.txt"
check "monthly finding F01 listed" tx "Не указана тема занятия 20.10.2025"
check "monthly finding T01 listed under its teacher" tx "Кузнецова М. И. (3)"
check "monthly September lesson not counted" sh -c "! grep -q '29.09.2025' '$T/m.txt'"
check "monthly chart values" grep -Eq "Петров И. С. +100,0 %" "$T/m.txt"
check "monthly signature of the department head" tx "Заведующий отделением ____.* Е.В. Смирнова"
check "monthly page numbers" tx "Лист 1 из "
check "monthly fonts embedded" sh -c "pdffonts '$P' | awk 'NR>2 && \$5 != \"yes\" {exit 1}'"

cat > "$T/check.py" <<'EOF'
import sqlite3, sys, openpyxl
con = sqlite3.connect(sys.argv[1]); wb = openpyxl.load_workbook(sys.argv[2], data_only=True)
F, T = "2025-10-01", "2025-10-31"
errors = []
def eq(what, got, want):
    ok = (got in (None, "") if want is None else
          isinstance(got, (int, float)) and abs(got - want) < 1e-9 if isinstance(want, float) else got == want)
    if not ok: errors.append(f"{what}: workbook {got!r}, expected {want!r}")
eq("sheets", wb.sheetnames, ["Преподаватели", "Группы и дисциплины", "Нарушения"])
ws = wb["Преподаватели"]
rows = {ws.cell(r, 1).value: r for r in range(4, ws.max_row + 1) if ws.cell(r, 1).value}
for tid, short in con.execute("SELECT id, short_name FROM teacher"):
    ls = con.execute("SELECT topic, homework, recorded_at, date FROM lesson WHERE teacher_id=? "
                     "AND date BETWEEN ? AND ?", (tid, F, T)).fetchall()
    if not ls:
        continue
    n = len(ls)
    topic = sum(1 for l in ls if l[0] and l[0].strip()) / n
    hw = sum(1 for l in ls if l[1] and l[1].strip()) / n
    ontime = sum(1 for l in ls if l[2] is None or l[2][:10] <= l[3]) / n
    r = rows.get(short)
    if r is None:
        errors.append(f"no row for {short}"); continue
    eq(f"{short} lessons", ws.cell(r, 2).value, n)
    eq(f"{short} topic", ws.cell(r, 3).value, topic)
    eq(f"{short} homework", ws.cell(r, 4).value, hw)
    eq(f"{short} on time", ws.cell(r, 5).value, ontime)
    eq(f"{short} % format", ws.cell(r, 5).number_format, "0.0%")
gs = wb["Группы и дисциплины"]
for r in range(4, gs.max_row + 1):
    g, code = gs.cell(r, 1).value, gs.cell(r, 2).value
    did = con.execute("SELECT d.id FROM discipline d JOIN grp g ON g.id=d.group_id "
                      "WHERE g.name=? AND d.code=?", (g, code)).fetchone()[0]
    held = con.execute("SELECT coalesce(sum(hours),0) FROM lesson WHERE discipline_id=? "
                       "AND date BETWEEN ? AND ?", (did, F, T)).fetchone()[0]
    plan = con.execute("SELECT coalesce(sum(hours),0) FROM plan WHERE discipline_id=? "
                       "AND planned_date BETWEEN ? AND ?", (did, F, T)).fetchone()[0]
    eq(f"{g} {code} held", gs.cell(r, 13).value, held)
    eq(f"{g} {code} plan", gs.cell(r, 12).value, plan)
    eq(f"{g} {code} lag", gs.cell(r, 14).value, plan - held)
fs = wb["Нарушения"]
msgs = [fs.cell(r, 9).value for r in range(4, fs.max_row + 1)]
eq("F01 in findings sheet", any("Не указана тема занятия 20.10.2025" in (m or "") for m in msgs), True)
wf = openpyxl.load_workbook(sys.argv[2])
eq("chart on teachers sheet", len(wf["Преподаватели"]._charts), 1)
for s in wf.worksheets:
    eq(f"{s.title} frozen", s.freeze_panes is not None, True)
    eq(f"{s.title} landscape", s.page_setup.orientation, "landscape")
    eq(f"{s.title} repeat header", s.print_title_rows, "$3:$3")
eq("under-threshold marked", len(list(wf["Преподаватели"].conditional_formatting)) > 0, True)
if errors: print("\n".join(errors)); sys.exit(1)
EOF
check "monthly workbook figures match independent computation" /usr/bin/python3 "$T/check.py" "$T/ej.db" "$X"

run report monthly --month 2025-10 --out "$T/again" >/dev/null
check "monthly PDF is deterministic" cmp -s "$P" "$T/again/monthly-2025-10.pdf"
check "monthly XLSX is deterministic" cmp -s "$X" "$T/again/monthly-2025-10.xlsx"

run report monthly --month 2025-10 --teacher "Петров И. С." --format pdf --out "$T/pt" >/dev/null
pdftotext -layout "$T/pt/monthly-2025-10.pdf" "$T/pt.txt"
check "monthly --teacher keeps that teacher only" sh -c "grep -q 'Петров И. С.' '$T/pt.txt' && ! grep -q 'Соколова А. П. ' '$T/pt.txt'"
check "monthly --format pdf writes no workbook" test ! -e "$T/pt/monthly-2025-10.xlsx"

# An output folder that cannot be made is an I/O error (exit 4), said once.
expect_status 4 "monthly into an impossible folder fails with 4" \
	run report monthly --month 2025-10 --out /dev/null/x 2>/dev/null
# A read-only folder: no file and no temporary left behind.
mkdir -p "$T/ro" && chmod 0555 "$T/ro"
if [ "$(id -u)" != 0 ]; then
	expect_status 4 "monthly into a read-only folder fails with 4" \
		run report monthly --month 2025-10 --out "$T/ro" 2>/dev/null
	check "nothing left in the read-only folder" test -z "$(ls -A "$T/ro")"
fi

# A discipline taught in subgroups: the group × discipline sheet gives the hours
# per subgroup (formats.md), under the discipline's row.  ОГСЭ.03 of ИСП-22:
# the whole-group lesson of 09.10 (2 h) and subgroup 2's own of 16.10 (2 h).
cp "$T/ej.db" "$T/sub.db"
sqlite3 "$T/sub.db" "DELETE FROM curriculum WHERE discipline_id = 4;
	INSERT INTO curriculum VALUES (40, 4, 1, 1, 36, 0, 36, 0, 1, 'credit', 3, 1);
	INSERT INTO curriculum VALUES (41, 4, 1, 2, 36, 0, 36, 0, 1, 'credit', 2, 1);
	INSERT INTO lesson (discipline_id, subgroup, date, pair, teacher_id, topic, hours, batch_id)
	  VALUES (4, 2, '2025-10-16', 3, 2, 'Семья', 2, 1);"
ej --db "$T/sub.db" --config "$T/ejournal.ini" report monthly --month 2025-10 --out "$T/sub" >/dev/null
cat > "$T/sub.py" <<'EOF'
import openpyxl, sys
wb = openpyxl.load_workbook(sys.argv[1], data_only=True)
ws = wb["Группы и дисциплины"]
rows = [[c.value for c in r] for r in ws.iter_rows(min_row=4)]
got = [(r[2], r[3], r[12]) for r in rows if r[1] == "ОГСЭ.03"]
want = [("Иностранный язык", None, None),
        ("Иностранный язык, подгр. 1", "Кузнецова М. И.", 2),
        ("Иностранный язык, подгр. 2", "Петров И. С.", 4)]
if [(a, b if i else None, c) for i, (a, b, c) in enumerate(got)] != want:
    print("got", got); sys.exit(1)
EOF
check "monthly workbook: hours per subgroup" /usr/bin/python3 "$T/sub.py" "$T/sub/monthly-2025-10.xlsx"
check "monthly PDF: subgroup lines" sh -c "pdftotext -layout '$T/sub/monthly-2025-10.pdf' - | grep -q 'подгр. 2'"
