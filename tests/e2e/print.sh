#!/usr/bin/env bash
# End-to-end: `ejournal print` on the hand-made fixture (fixtures/journal_small.sql),
# judged with poppler (pdftotext, pdffonts, pdfinfo), qpdf and sqlite3.
. "$TOP/tests/e2e/lib.sh"

DB=$T/j.db
sqlite3 "$DB" < "$TOP/lib/store/schema.sql"
sqlite3 "$DB" < "$TOP/tests/e2e/fixtures/journal_small.sql"
cat > "$T/ej.ini" <<'EOF'
[institution]
name = Государственное бюджетное профессиональное образовательное учреждение Московской области «Физико-технический колледж»
short_name = ГБПОУ МО «Физтех-колледж»
city = г. Долгопрудный
director = А. А. Летуновский
director_title = Директор

[year]
name = 2025/2026
semester1 = 01.09.2025-28.12.2025
semester2 = 12.01.2026-30.06.2026

[print]
pdfa = no
EOF
export SOURCE_DATE_EPOCH=1767000000
P() { ej --db "$DB" --config "$T/ej.ini" -q print "$@"; }
pages() { pdfinfo "$1" 2>/dev/null | awk '/^Pages:/ { print $2 }'; }
page_text() { pdftotext -layout -f "$2" -l "$2" "$1" - 2>/dev/null; }
# split F into $T/pg/N.txt once (pdftotext per page is the slow part)
split_pages() { mkdir -p "$T/pg"; for i in $(seq 1 "$2"); do page_text "$1" "$i" >"$T/pg/$i.txt"; done; }

# ---- options --------------------------------------------------------------------
check print_help bash -c '"$0" print --help | grep -q "^usage: ejournal print"' "$EJ"
check print_help_stdout_only bash -c 'test -z "$("$0" print -h 2>&1 >/dev/null)"' "$EJ"
expect_status 2 print_bad_semester P --semester 3 --out "$T/x" 2>/dev/null
expect_status 2 print_bad_jobs P -j zero --out "$T/x" 2>/dev/null
P --group НЕТ-99 --out "$T/x" 2>"$T/err"; st=$?
check print_unknown_group_status test "$st" -eq 3
check print_unknown_group_message grep -q 'НЕТ-99' "$T/err"

# ---- the whole college ----------------------------------------------------------
P --out "$T/out" >"$T/stdout"; st=$?
check print_all_status test "$st" -eq 0
check print_all_two_lines test "$(wc -l <"$T/stdout")" -eq 2
F=$T/out/ИСП-21.pdf
check print_files_exist test -s "$F" -a -s "$T/out/ПКС-11.pdf"
check print_no_temporaries test "$(ls -A "$T/out" | grep -vc '\.pdf$')" -eq 0
check print_qpdf_check bash -c 'qpdf --check "$0" >/dev/null' "$F"
check print_fonts_embedded bash -c 'pdffonts "$0" | awk "NR > 2 { n++; if (\$(NF-4) != \"yes\") bad = 1 } END { exit !(n >= 2 && !bad) }"' "$F"
check print_no_poppler_warnings bash -c '! pdftotext "$0" - 2>&1 >/dev/null | grep -q .' "$F"
N=$(pages "$F")
ID=$(awk -F'\t' '$1 == "ИСП-21" { print $4 }' "$T/stdout")
check print_stdout_pages test "$(awk -F'\t' '$1 == "ИСП-21" { print $3 }' "$T/stdout")" = "$N"
check print_id_shape bash -c '[[ "$0" =~ ^ЖУ-ИСП-21-2526-[0-9A-F]{8}$ ]]' "$ID"

# Every page: «Лист i из N», the group and the document identifier.
split_pages "$F" "$N"
bad=0
for i in $(seq 1 "$N"); do
	f=$T/pg/$i.txt
	grep -q "Лист $i из $N" "$f" && grep -q 'ИСП-21' "$f" && grep -q -- "$ID" "$f" || bad=$i
done
check print_every_page_furniture test "$bad" -eq 0

# A student who left: a dash through the row from the day they left, as on
# paper (none through a row of someone who stayed); the legend says so.
python3 - "$F" >"$T/dash.txt" 2>&1 <<'PY'
import re, subprocess, sys
pdf = sys.argv[1]
def words(page):
    x = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), pdf, "-"],
                       capture_output=True, text=True).stdout
    return [(float(a), float(b), float(c), float(d), w) for a, b, c, d, w in
            re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<', x)]
def longest_run(pgm, w, y, x0):
    best = run = 0
    for x in range(int(x0), w):
        if pgm[y * w + x] < 128:
            run += 1
            best = max(best, run)
        else:
            run = 0
    return best
n = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout).group(1))
left = stayed = 0
for page in range(1, n + 1):
    ws = words(page)
    if not any(w == "Новиков" for *_, w in ws) or not any(w == "Фамилия" for *_, w in ws):
        continue
    raw = subprocess.run(["pdftoppm", "-gray", "-r", "72", "-f", str(page), "-l", str(page), pdf],
                         capture_output=True).stdout
    m = re.match(rb"P5\s+(\d+)\s+(\d+)\s+255\s", raw)
    w, h = int(m.group(1)), int(m.group(2))
    pix = raw[m.end():]
    def row_run(box):
        y = round((box[1] + box[3]) / 2)
        end = max(b[2] for b in ws if abs(b[1] - box[1]) < 1 and b[0] < box[0] + 130)
        return max(longest_run(pix, w, yy, end + 8) for yy in (y - 1, y, y + 1))
    nov = next(b for b in ws if b[4] == "Новиков")
    # the row above: a student of the page who neither arrived nor left
    above = max((b for b in ws if abs(b[0] - nov[0]) < 2 and b[1] < nov[1] - 5), key=lambda b: b[1])
    if any(abs(b[1] - above[1]) < 1 and b[4] in ("(выб.", "(приб.") for b in ws):
        continue
    left, stayed = max(left, row_run(nov)), max(stayed, row_run(above))
print("left", left, "stayed", stayed)
PY
read -r _ left _ stayed <"$T/dash.txt" || true
check "print_leaver_dash (runs: ${left:-?} px / ${stayed:-?} px)" \
	test "${left:-0}" -ge 30 -a "${stayed:-99}" -lt 15
# Russian text extracts back: names, topics, substitution, title page.
pdftotext "$F" - 2>/dev/null | tr '\n' ' ' | tr -s ' ' >"$T/all.txt"
check "print_legend_explains_the_dash" grep -qF 'прочерк — обучающийся' "$T/all.txt"
for s in 'Абрамов К. А.' 'Алёшин П. С.' 'Журавлёв И. И.' 'Яковлева Ю. Р.' 'Новиков П. А. (выб. 17.11)' \
	 'Повторить конспект и решить задачи 7–9' 'ЖУРНАЛ' 'учебных занятий' 'группы ИСП-21' 'Куратор группы: Смирнова О. И.' \
	 '09.02.07 Информационные системы и программирование' \
	 'Практическая работа № 3: циклы и массивы' 'Матрицы и действия над ними' \
	 'замена: Петров В. Г. вместо Ивановой А. Б. (болезнь)' \
	 'СВОДНАЯ ВЕДОМОСТЬ ПОСЕЩАЕМОСТИ' 'СВОДНАЯ ВЕДОМОСТЬ ИТОГОВЫХ ОЦЕНОК' 'М.П.' \
	 'А. А. Летуновский' 'Проведено часов: 102 из 106 по календарно-тематическому плану; по учебному плану: 100.'; do
	check "print_text «$s»" grep -qF -- "$s" "$T/all.txt"
done
# A long topic wraps inside its cell rather than running over the next column.
check print_long_topic_whole grep -qF 'Решение систем линейных алгебраических уравнений методом Крамера, методом Гаусса и матричным методом; исследование совместности системы по теореме Кронекера — Капелли' "$T/all.txt"
check print_long_topic_wrapped bash -c 'cat "$0"/*.txt | grep -q "^ *3 *16.09.2025 .*Решение систем линейных алгебраических" && ! cat "$0"/*.txt | grep -q "Решение систем.*Кронекера"' "$T/pg"

# Certification sheet: the count in figures and words equals the real page count.
words=$(/usr/bin/python3 - "$N" <<'EOF'
import sys
n = int(sys.argv[1])
u = ["", "один", "два", "три", "четыре", "пять", "шесть", "семь", "восемь", "девять"]
t = ["десять", "одиннадцать", "двенадцать", "тринадцать", "четырнадцать", "пятнадцать",
     "шестнадцать", "семнадцать", "восемнадцать", "девятнадцать"]
d = ["", "", "двадцать", "тридцать", "сорок", "пятьдесят", "шестьдесят", "семьдесят",
     "восемьдесят", "девяносто"]
h = ["", "сто", "двести", "триста", "четыреста", "пятьсот", "шестьсот", "семьсот",
     "восемьсот", "девятьсот"]
w = [h[n // 100]]
r = n % 100
w += [t[r - 10]] if 10 <= r < 20 else [d[r // 10], u[r % 10]]
noun = "листов" if 10 <= r < 20 or n % 10 in (0, 5, 6, 7, 8, 9) else ("лист" if n % 10 == 1 else "листа")
print(" ".join(x for x in w if x), noun)
EOF
)
set -- $words
noun=${!#}
words=${words% *}
check print_cert_count bash -c 'tr "\n" " " <"$0" | tr -s " " | grep -qF "скреплено печатью $1 ($2) $3"' "$T/pg/$N.txt" "$N" "$words" "$noun"
check print_cert_last_page grep -q "ЗАВЕРИТЕЛЬНЫЙ ЛИСТ" "$T/pg/$N.txt"

# Contents: the page it gives for ОП.01 is that discipline's first grid page.
cp=$(awk '/ОП.01 Основы алгоритмизации/ { print $(NF-1) }' "$T/pg/2.txt")
check print_contents_page_points_right bash -c 'tr "\n" " " <"$0" | grep -q "ОП.01 Основы алгоритмизации и программирования.*Учёт успеваемости и посещаемости"' "$T/pg/$cp.txt"
# More dates than one page holds: the grid continues on the next page with the
# same students, the months go on, the final column comes only at the end.
p1=$(cat "$T/pg/$cp.txt"); p2=$(cat "$T/pg/$((cp + 1)).txt")
check print_grid_first_page bash -c 'grep -q Сентябрь <<<"$0" && ! grep -q "I сем." <<<"$0" && ! grep -q "(продолжение)" <<<"$0"' "$p1"
check print_grid_continues bash -c 'grep -q "Учёт успеваемости и посещаемости (продолжение)" <<<"$0" && grep -q Декабрь <<<"$0" && grep -q "I сем." <<<"$0" && grep -q "Яковлева Ю. Р." <<<"$0"' "$p2"
# every one of ОП.01's 51 dates appears once over the two grid pages
ndays=$( (grep -A1 -m1 '№ *Фамилия' <<<"$p1" | tail -1; grep -A1 -m1 '№ *Фамилия' <<<"$p2" | tail -1) | grep -o '\b[0-3][0-9]\b' | wc -l)
check print_grid_all_dates test "$ndays" -eq 51
# «5/4»-style cells and absence marks are in the grid
check print_grid_multi_marks bash -c 'grep -q "5/4" <<<"$0" && grep -qw "н" <<<"$0" && grep -qw "б" <<<"$0"' "$p1"

# Subgroups are separate sections with their own students.
check print_subgroup_sections bash -c 'grep -q "ОГСЭ.03 Иностранный язык в профессиональной деятельности — подгруппа 1" "$0" && grep -q "— подгруппа 2" "$0"' "$T/all.txt"
sp=$(grep -l 'подгруппа 1 .*Преподаватель' "$T"/pg/*.txt | head -1)
check print_subgroup_students bash -c 'grep -q "Абрамов К. А." "$0" && ! grep -q "Егорова М. С." "$0"' "$sp"

# Attendance: Абрамов's hours missed equal the database's.
exp=$(sqlite3 "$DB" "SELECT CAST(SUM(CASE WHEN m.value IN ('б','у') THEN l.hours END) AS INT) || ' ' ||
	CAST(SUM(CASE WHEN m.value = 'н' THEN l.hours END) AS INT) FROM mark m JOIN lesson l
	ON l.discipline_id = m.discipline_id AND l.subgroup = m.subgroup AND l.date = m.date
	AND l.pair = m.pair WHERE m.student_id = 1")
got=$(grep -h 'Абрамов К. А.' $(grep -l 'СВОДНАЯ ВЕДОМОСТЬ ПОСЕЩАЕМОСТИ' "$T"/pg/*.txt) | awk '{ print $(NF-1), $NF }')
check print_attendance_matches_db test "$got" = "$exp"

# ---- determinism, -j, --semester, --group, PDF/A ------------------------------------
P --out "$T/again" >/dev/null
check print_deterministic cmp -s "$F" "$T/again/ИСП-21.pdf"
P --out "$T/par" -j 2 >"$T/par.out"
check print_parallel_same_bytes cmp -s "$F" "$T/par/ИСП-21.pdf"
check print_parallel_same_stdout cmp -s "$T/stdout" <(sed "s|$T/par|$T/out|" "$T/par.out")
P --semester 1 --group исп-21 --out "$T/s1" >"$T/s1.out"
check print_semester_file test -s "$T/s1/ИСП-21-сем1.pdf" -a ! -e "$T/s1/ПКС-11-сем1.pdf"
check print_semester_title bash -c 'pdftotext -l 1 "$0" - 2>/dev/null | grep -q "1 семестр 2025/2026 учебного года"' "$T/s1/ИСП-21-сем1.pdf"
check print_semester_other_id test "$(awk -F'\t' '{ print $4 }' "$T/s1.out")" != "$ID"
P --semester 2 --group ИСП-21 --out "$T/s2" >/dev/null 2>&1
check print_semester2_no_autumn bash -c '! pdftotext "$0" - 2>/dev/null | grep -q "Матрицы и действия"' "$T/s2/ИСП-21-сем2.pdf"

P --pdfa --group ИСП-21 --out "$T/a" >/dev/null
A=$T/a/ИСП-21.pdf
check print_pdfa_qpdf bash -c 'qpdf --check "$0" >/dev/null' "$A"
check print_pdfa_metadata bash -c 'pdfinfo "$0" | grep -q "Metadata Stream: yes"' "$A"
# CIDSet lists the glyphs drawn (not just .notdef), /W only the widths used.
qpdf --qdf --object-streams=disable "$A" "$T/qdf.pdf"
check print_pdfa_cidset_and_widths /usr/bin/python3 - "$T/qdf.pdf" <<'EOF'
import re, sys
d = open(sys.argv[1], 'rb').read()
sets = re.findall(rb'/CIDSet (\d+) 0 R', d)
assert len(sets) >= 2, sets
for o in sets:
    i = d.find(b'\n' + o + b' 0 obj')
    s = d.find(b'stream\n', i) + 7
    e = d.find(b'endstream', s)
    bits = sum(bin(b).count('1') for b in d[s:e])
    assert bits > 30, (o, bits)
    # «Ж» (U+0416) is drawn in both faces: its bit is set
    assert d[s + 0x416 // 8] & (0x80 >> (0x416 % 8)), o
for w in re.findall(rb'/W \[(.*?)\n  \]', d, re.S):
    assert 0 < len(w.split()) < 1500, len(w.split())
EOF
J=/usr/share/java
CP=$J/preflight.jar:$J/pdfbox2.jar:$J/fontbox2.jar:$J/xmpbox.jar:$J/commons-logging.jar:$J/javax.activation.jar:$J/jaxb-api.jar
if command -v java >/dev/null && [ -r $J/preflight.jar ]; then
	java -cp "$CP" org.apache.pdfbox.preflight.Validator_A1b "$A" >"$T/preflight" 2>&1
	check print_pdfa_preflight grep -q 'is a valid PDF/A-1b file' "$T/preflight"
	# (Preflight says «is not a valid PDF/A-1b file, error(s) :» for the plain
	# copy; not run here to keep the test fast: one JVM start is ~1.5 s.)
else
	ok "print_pdfa_preflight # skip: no java or PDFBox Preflight"
fi

# A config whose year does not match the data: printed, with a warning.
sed 's/2025/2030/g; s/2026/2031/g' "$T/ej.ini" >"$T/other.ini"
ej --db "$DB" --config "$T/other.ini" print --group ПКС-11 --out "$T/other" >/dev/null 2>"$T/other.err"
check print_empty_period_status test $? -eq 0
check print_empty_period_warning grep -q 'warning: .*нет занятий за учебный год (проверьте \[year\]' "$T/other.err"

# An output folder that cannot be made is an I/O error (4), nothing half-written.
: >"$T/file"
expect_status 4 print_out_not_dir P --out "$T/file/sub" 2>/dev/null
