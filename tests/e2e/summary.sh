#!/usr/bin/env bash
# summary.sh — `ejournal summary` on hand-made data: the workbook is read
# back with openpyxl and its numbers compared with figures computed here,
# independently, from the fixture's rows (rules.md «Figures the reports derive»).
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$TOP/tests/e2e/lib.sh"

sqlite3 "$T/ej.db" < "$TOP/lib/store/schema.sql"
sqlite3 "$T/ej.db" < "$TOP/tests/e2e/fixtures/reports_small.sql"
cat > "$T/ejournal.ini" <<'EOF'
[institution]
name = Государственное бюджетное профессиональное образовательное учреждение «Тестовый колледж»
short_name = ГБПОУ «Тестовый колледж»
city = г. Тестовск
director = А.А. Директоров
[year]
name = 2025/2026
semester1 = 01.09.2025-28.12.2025
semester2 = 12.01.2026-30.06.2026
[department "Отделение информационных технологий"]
head = Е.В. Смирнова
EOF
run() { ej --db "$T/ej.db" --config "$T/ejournal.ini" "$@"; }

check "summary --help" sh -c "\"$EJ\" summary --help | grep -q ^usage:"
expect_status 2 "summary rejects --month" run summary --month 2025-10 2>/dev/null
expect_status 2 "summary rejects a stray argument" run summary extra 2>/dev/null

check "summary --semester 1 writes the workbook" sh -c "\"$EJ\" --db $T/ej.db --config $T/ejournal.ini summary --semester 1 --out $T/s1.xlsx >/dev/null"
check "summary workbook exists, no temporary left" \
	sh -c "[ -s '$T/s1.xlsx' ] && ! ls -A '$T' | grep -q tmp"

# Independent figures from the database rows, then compare with the workbook.
cat > "$T/check.py" <<'EOF'
import sqlite3, sys, openpyxl
db, path = sys.argv[1], sys.argv[2]
con = sqlite3.connect(db)
wb = openpyxl.load_workbook(path, data_only=True)
wbf = openpyxl.load_workbook(path)          # formulas
errors = []
def eq(what, got, want, tol=1e-9):
    if want is None:
        ok = got in (None, "")
    elif isinstance(want, float):
        ok = isinstance(got, (int, float)) and abs(got - want) < tol
    else:
        ok = got == want
    if not ok:
        errors.append(f"{what}: workbook {got!r}, expected {want!r}")

groups = [r[0] for r in con.execute("SELECT name FROM grp ORDER BY name")]
eq("sheet names", wb.sheetnames, ["Свод"] + groups)
ov = wb["Свод"]
# header row 4 (1-based), groups from row 5
hdr = [c.value for c in ov[4]]
col = {h: i + 1 for i, h in enumerate(hdr)}
for gi, g in enumerate(groups):
    row = 5 + gi
    # students enrolled at the semester's end (28.12.2025), less those who left
    studs = [r for r in con.execute(
        "SELECT s.id, s.short_name FROM stay y JOIN student s ON s.id = y.student_id "
        "JOIN grp g ON g.id = y.group_id WHERE g.name = ? AND "
        "(y.left_on IS NULL OR y.left_on > '2025-12-28') ORDER BY s.name", (g,))]
    discs = [r for r in con.execute(
        "SELECT d.id, d.code FROM discipline d JOIN grp g ON g.id = d.group_id "
        "WHERE g.name = ? ORDER BY d.code", (g,))]
    n = succ = qual = exc = good = one3 = fail = 0
    allmarks = []
    ws = wb[g]
    for si, (sid, short) in enumerate(studs):
        marks = []
        for did, code in discs:
            r = con.execute("SELECT value FROM final WHERE student_id=? AND discipline_id=? "
                            "AND semester=1", (sid, did)).fetchone()
            marks.append(r[0] if r else None)
        vals = [m for m in marks if m is not None and m != "осв"]
        nums = [int(m) for m in vals if m in "12345"]
        srow = 5 + si
        eq(f"{g} student {si+1} name", ws.cell(srow, 2).value, short)
        for di, m in enumerate(marks):
            eq(f"{g} {short} mark {di}", ws.cell(srow, 3 + di).value,
               int(m) if m and m in "12345" else m)
        mean_col = 3 + len(discs)
        eq(f"{g} {short} mean", ws.cell(srow, mean_col).value,
           sum(nums) / len(nums) if nums else None)
        for k in range(4):
            eq(f"{g} {short} count of {5-k}", ws.cell(srow, mean_col + 1 + k).value,
               sum(1 for x in nums if x == 5 - k))
        if not vals:
            continue
        n += 1
        allmarks += nums
        ok = all(m in ("5", "4", "3", "зач") for m in vals)
        q = all(m in ("5", "4", "зач") for m in vals)
        succ += ok; qual += q
        if any(m in ("2", "1", "незач", "н/а") for m in vals): fail += 1
        elif all(m == "5" for m in vals): exc += 1
        elif q: good += 1
        elif sum(1 for m in vals if m == "3") == 1: one3 += 1
        # hours missed in the semester: н unexcused, б/у excused, lesson hours or 2
        for kind, want_col in (("('б','у')", mean_col + 5), ("('н')", mean_col + 6)):
            h = con.execute(
                "SELECT coalesce(sum(coalesce(l.hours, 2)), 0) FROM mark m LEFT JOIN lesson l "
                "ON l.discipline_id = m.discipline_id AND l.date = m.date AND l.pair = m.pair "
                f"WHERE m.student_id = ? AND m.value IN {kind} "
                "AND m.date BETWEEN '2025-09-01' AND '2025-12-28'", (sid,)).fetchone()[0]
            eq(f"{g} {short} missed {kind}", ws.cell(srow, want_col).value, h)
    eq(f"{g} N", ov.cell(row, col["Студентов (N)"]).value, n)
    eq(f"{g} отличники", ov.cell(row, col["Отличники"]).value, exc)
    eq(f"{g} хорошисты", ov.cell(row, col["Хорошисты"]).value, good)
    eq(f"{g} с одной 3", ov.cell(row, col["С одной «3»"]).value, one3)
    eq(f"{g} неуспевающие", ov.cell(row, col["Неуспевающие"]).value, fail)
    eq(f"{g} success", ov.cell(row, col["Успеваемость"]).value, succ / n)
    eq(f"{g} quality", ov.cell(row, col["Качество знаний"]).value, qual / n)
    eq(f"{g} mean", ov.cell(row, col["Средний балл"]).value, sum(allmarks) / len(allmarks))
    eq(f"{g} success format", ov.cell(row, col["Успеваемость"]).number_format, "0.0%")

# Hand-computed anchors (fixture comments): ИСП-21 75 % / 50 %, ИСП-22 100 % / 50 %.
eq("ИСП-21 success by hand", ov.cell(5, col["Успеваемость"]).value, 0.75)
eq("ИСП-21 quality by hand", ov.cell(5, col["Качество знаний"]).value, 0.5)
eq("ИСП-22 success by hand", ov.cell(6, col["Успеваемость"]).value, 1.0)
eq("ИСП-22 N by hand (Волков left)", ov.cell(6, col["Студентов (N)"]).value, 2)
eq("ИСП-21 Фёдорова unexcused hours by hand", wb["ИСП-21"].cell(8, 11).value, 2)
eq("ИСП-21 Фёдорова excused hours by hand", wb["ИСП-21"].cell(8, 10).value, 2)
# Totals row: college figures weighted by N.
eq("total N", ov.cell(7, col["Студентов (N)"]).value, 6)
eq("total success", ov.cell(7, col["Успеваемость"]).value, 5 / 6)
eq("total quality", ov.cell(7, col["Качество знаний"]).value, 3 / 6)
# Per-discipline rows under the group table (ИСП-21: 4 students, rows 5-8; 10-12 below).
g21 = wb["ИСП-21"]
eq("ЕН.01 mean", g21.cell(10, 3).value, (5 + 5 + 4 + 3) / 4)
eq("ОП.01 success", g21.cell(11, 4).value, 3 / 4)
eq("ОП.01 quality", g21.cell(12, 4).value, 2 / 4)
# Formulas where a user edits: means, counts, totals.
f21 = wbf["ИСП-21"]
eq("student mean is a formula", str(f21.cell(5, 5).value).startswith("=IF(COUNT("), True)
eq("count of 5 is a formula", f21.cell(5, 6).value, "=COUNTIF(C5:D5,5)")
eq("overview total is a formula", wbf["Свод"].cell(7, col["Студентов (N)"]).value, "=SUM(D5:D6)")
# Print-ready: frozen header, autofilter, landscape, fit to width, header repeated.
for s in wbf.worksheets:
    eq(f"{s.title} landscape", s.page_setup.orientation, "landscape")
    eq(f"{s.title} fit to page", s.sheet_properties.pageSetUpPr.fitToPage, True)
    eq(f"{s.title} repeat header", s.print_title_rows, "$4:$4")
    eq(f"{s.title} frozen", s.freeze_panes, "C5")
    eq(f"{s.title} autofilter", bool(s.auto_filter.ref), True)
eq("2s marked", any("2" in str(r.rules[0].formula) for r in f21.conditional_formatting), True)
eq("chart on the overview", len(wbf["Свод"]._charts), 1)
if errors:
    print("\n".join(errors)); sys.exit(1)
EOF
check "summary figures match independent computation" /usr/bin/python3 "$T/check.py" "$T/ej.db" "$T/s1.xlsx"

# xlsx2csv as a second reader: numbers are numbers, Cyrillic intact.
if command -v xlsx2csv >/dev/null; then
	check "xlsx2csv reads the group sheet" sh -c \
		"xlsx2csv -n 'ИСП-21' '$T/s1.xlsx' | grep -q '^1,Иванов И. И.,5,5,5'"
fi

# Deterministic: the same database gives the same bytes.
run summary --semester 1 --out "$T/s1b.xlsx" >/dev/null
check "summary is deterministic" cmp -s "$T/s1.xlsx" "$T/s1b.xlsx"

# Filters: one group only.
run summary --semester 1 --group исп-22 --out "$T/g22.xlsx" >/dev/null
check "summary --group keeps one group" /usr/bin/python3 -c "
import openpyxl,sys; wb=openpyxl.load_workbook('$T/g22.xlsx'); sys.exit(wb.sheetnames!=['Свод','ИСП-22'])"

# Year summary (no --semester) and the default file name.
(cd "$T" && ej --db ej.db --config ejournal.ini summary >/dev/null)
check "summary without --semester writes summary.xlsx" test -s "$T/summary.xlsx"

# One final per cell (figures.h ej_fig_final_rank): with an exam mark beside
# the semester mark (one failing, one passing), and a year mark beside the
# semester's, the overview's
# classes count exactly the finals the sheets show.
cp "$T/ej.db" "$T/fin.db"
sqlite3 "$T/fin.db" "INSERT INTO final VALUES (101, 1, 1, 1, 'exam', '2', NULL, 1);
	INSERT INTO final VALUES (102, 1, 2, 0, 'year', '3', NULL, 1);
	INSERT INTO final VALUES (103, 2, 2, 1, 'credit', 'зач', NULL, 1);
	INSERT INTO final VALUES (104, 1, 4, 1, 'exam', '4', NULL, 1);"
ej --db "$T/fin.db" --config "$T/ejournal.ini" summary --out "$T/fin.xlsx" >/dev/null
ej --db "$T/fin.db" --config "$T/ejournal.ini" summary --semester 1 --out "$T/fin1.xlsx" >/dev/null
cat > "$T/shown.py" <<'EOF'
import openpyxl, sys
wb = openpyxl.load_workbook(sys.argv[1], data_only=True)
ov = list(wb.worksheets[0].iter_rows(values_only=True))
over = {r[1]: r for r in ov[4:] if r and isinstance(r[0], (int, float))}
errors = []
for ws in wb.worksheets[1:]:
    rows = list(ws.iter_rows(values_only=True))
    hdr = rows[3]
    mi = [i for i, h in enumerate(hdr) if h and str(h).startswith("Средний")][0]
    N = ex = good = one3 = fail = 0
    for r in rows[4:]:
        if not r or not isinstance(r[0], (int, float)):
            continue
        cells = [str(int(c)) if isinstance(c, (int, float)) else str(c)
                 for c in r[2:mi] if c not in (None, "")]
        g = [c for c in cells if c in ("5", "4", "3", "2", "1", "зач", "незач", "н/а")]
        if not g:
            continue
        N += 1
        if any(c in ("2", "1", "незач", "н/а") for c in g): fail += 1
        elif all(c in ("5", "зач") for c in g): ex += 1
        elif sum(c == "3" for c in g) == 1: one3 += 1
        elif "3" not in g: good += 1
    o = over.get(ws.title)
    if not o or (N, ex, good, one3, fail) != tuple(o[3:8]):
        errors.append(f"{ws.title}: cells give {(N, ex, good, one3, fail)}, overview {o and o[3:8]}")
for w in sys.argv[2:]:            # "sheet!cell=value" expectations
    ref, val = w.split("=")
    sh, cell = ref.split("!")
    got = wb[sh][cell].value
    if str(got) != val and not (isinstance(got, (int, float)) and str(int(got)) == val):
        errors.append(f"{ref}: {got!r}, expected {val}")
if errors:
    print("\n".join(errors)); sys.exit(1)
EOF
check "year summary: classes count the finals shown (year mark wins)" \
	/usr/bin/python3 "$T/shown.py" "$T/fin.xlsx" "ИСП-21!D5=2" "ИСП-21!D7=3" "ИСП-21!D8=4"
check "semester summary: classes count the finals shown (exam wins)" \
	/usr/bin/python3 "$T/shown.py" "$T/fin1.xlsx" "ИСП-21!D5=2" "ИСП-21!C7=зач" "ИСП-21!D8=4"
